#!/usr/bin/env bash
# The command line's own contract: version, help, settings, unknown words.
. "$(dirname "$0")/../lib.sh"

t_run --version
t_status "--version exits 0" 0
t_match "--version names the program" '^madoguchi [0-9]+\.[0-9]+' "$out"

t_run --help
t_status "--help exits 0" 0
t_match "--help lists faq" 'madoguchi \[OPTIONS\] faq' "$out"
for o in faq data snapshot key log config spool-dir lang ambiwidth color supervisor-group desk-hours; do
	t_match "--help lists --$o" "(^| )--$o( |$)" "$out"
done

t_run frobnicate
t_status "an unknown command exits 2" 2
t_eq "an unknown command is named on one line" \
	"madoguchi: unknown command 'frobnicate'; see 'madoguchi --help'" "$err"

t_run --frobnicate
t_status "an unknown option exits 2" 2
t_match "an unknown option is named" "unknown option '--frobnicate'" "$err"

t_run faq list --faq
t_status "an option without its value exits 2" 2
t_eq "the missing value is named" "madoguchi: option --faq needs a value" "$err"

# Settings: command line over environment over config file over default.
cat >"$T_TMP/m.conf" <<'CONF'
# a comment
color = never
ambiwidth = double
log = /tmp/from-file.db
CONF
chmod 644 "$T_TMP/m.conf"
out=$(MADOGUCHI_CONFIG="$T_TMP/m.conf" MADOGUCHI_LOG=/tmp/from-env.db "$MADOGUCHI" config --ambiwidth single 2>&1)
t_match "config: the file's value shows with its source" '^color = never	# config file$' "$out"
t_match "config: the environment outranks the file" '^log = /tmp/from-env.db	# environment$' "$out"
t_match "config: the command line outranks the file" '^ambiwidth = single	# command line$' "$out"
t_match "config: defaults are marked" '^desk_hours = 08:30-17:15	# default$' "$out"

printf 'colour = never\n' >"$T_TMP/bad.conf"
t_run --config "$T_TMP/bad.conf" config
t_status "an unknown config key exits 2" 2
t_eq "an unknown config key names file and line" \
	"madoguchi: $T_TMP/bad.conf:1: unknown key 'colour' (see 'man madoguchi')" "$err"

printf '# x\nlang\n' >"$T_TMP/bad2.conf"
t_run --config "$T_TMP/bad2.conf" config
t_eq "a line without '=' names file and line" \
	"madoguchi: $T_TMP/bad2.conf:2: expected 'key = value'" "$err"

printf 'ambiwidth = triple\n' >"$T_TMP/bad3.conf"
t_run --config "$T_TMP/bad3.conf" config
t_status "a bad value exits 2" 2
t_eq "a bad value names file and line" \
	"madoguchi: $T_TMP/bad3.conf:1: ambiwidth 'triple': use auto, single or double" "$err"
t_run --lang fr config
t_eq "a bad option value names the option, in the default language" \
	"madoguchi: --lang 'fr': ja か en を指定してください" "$err"

printf 'lang = en\n' >"$T_TMP/ww.conf"
chmod 666 "$T_TMP/ww.conf"
t_run --config "$T_TMP/ww.conf" config
t_status "a config file writable by others is refused" 2
t_match "the refusal says how to fix it" "writable by others; run 'chmod o-w" "$err"

t_run --config "$T_TMP/missing.conf" config
t_status "a missing config file named explicitly is an error" 2
t_match "the missing file is named" "missing.conf: cannot read the config file" "$err"

# `log add --faq 7,13` lists the entries shown; the global --faq (the FAQ
# directory) still works before the subcommand.
t_run --faq "$ROOT/faq" --log "$T_TMP/own.db" log add --disposition status --faq 7,13
t_status "log add takes its own --faq after the subcommand" 0
t_run --log "$T_TMP/own.db" log export
t_match "the entries shown are logged, not taken as the FAQ directory" '"faq":"7,13"' "$out"
t_run faq list --faq "$T_TMP/nowhere"
t_status "after other subcommands --faq is still the FAQ directory" 2

t_done
