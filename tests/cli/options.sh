#!/usr/bin/env bash
# The subcommands' own options, read by cli_opt_value: "--opt VALUE" and
# "--opt=VALUE" mean the same, "--optx" is not "--opt", and an option
# without its value is named in one line (exit 2), each subcommand in its
# own words.
. "$(dirname "$0")/../lib.sh"
D=$T_TMP/demo
unset MADOGUCHI_LOG
export MADOGUCHI_SPOOL_DIR=$T_TMP/spool TZ=UTC
"$MADOGUCHI" demo --dir "$D" >/dev/null
S=(--snapshot "$D/snapshot.db" --key "$D/snapshot.key")
L=(--log "$T_TMP/log.db")
"$MADOGUCHI" "${L[@]}" log add --disposition status >/dev/null

# needs_value NAME EXPECTED_STDERR ARGS... — the run fails with status 2.
needs_value() {
	local name=$1 want=$2
	shift 2
	t_run "$@"
	t_status "$name exits 2" 2
	t_eq "$name: the message" "$want" "$err"
}

needs_value "log stats --since at the end" "madoguchi: log stats: option --since needs a value" \
	"${L[@]}" log stats --since
needs_value "log stats --operator at the end" "madoguchi: log stats: option --operator needs a value" \
	"${L[@]}" log stats --since 2026-11-27 --operator
needs_value "log stats --sincex" "madoguchi: log stats: unknown option '--sincex'; see 'madoguchi --help'" \
	"${L[@]}" log stats --sincex 2026-11-27
t_run "${L[@]}" log stats --since 2000-01-01 --until 2000-01-02 --operator "$(id -un)"
spaced=$out
t_run "${L[@]}" log stats --since=2000-01-01 --until=2000-01-02 --operator="$(id -un)"
t_eq "log stats: --opt=VALUE reads as --opt VALUE" "$spaced" "$out"
t_run "${L[@]}" log stats
t_match "log stats: the log has a call" "^calls	1$" "$out"
t_run "${L[@]}" log stats --until=2000-01-02
t_match "log stats: --until=DATE is applied (no call by then)" "^calls	0$" "$out"
t_run "${L[@]}" log stats --operator=nobody-here
t_match "log stats: --operator=USER is applied" "^calls	0$" "$out"

needs_value "import --out at the end" "madoguchi: import: --out needs a value" import a.csv --out
needs_value "import --encoding at the end" "madoguchi: import: --encoding needs a value" \
	import a.csv --encoding
needs_value "import --encoding=latin1" "madoguchi: import: --encoding 'latin1': use utf-8 or cp932" \
	import a.csv --encoding=latin1 --out x.db
needs_value "import --outx" "madoguchi: import: unknown option '--outx'; see 'madoguchi --help'" \
	import a.csv --outx x.db
t_run import "$D/affected.csv" --out="$T_TMP/i.db" --key="$T_TMP/i.key" --encoding=utf-8
t_status "import with --out=, --key= and --encoding= exits 0" 0
t_match "... and writes the snapshot named by --out=" "^snapshot: $T_TMP/i.db$" "$out"

needs_value "demo --dir at the end" "madoguchi: demo: --dir needs a value" demo --dir
needs_value "demo --persons at the end" "madoguchi: demo: --persons needs a value" \
	demo --no-import --persons
needs_value "demo --persons=abc" "madoguchi: demo: --persons 'abc': give a number from 100 to 10000000" \
	demo --persons=abc
t_run demo --dir="$T_TMP/d2" --persons=4000 --no-import
t_eq "demo --dir= --persons= are read" "list: $T_TMP/d2/affected.csv (5596 rows)" "$out"

needs_value "lookup --kana at the end" "madoguchi: lookup: --kana needs a value" \
	lookup "${S[@]}" --kana
needs_value "lookup --card-date at the end" "madoguchi: lookup: --card-date needs a value" \
	lookup "${S[@]}" --kana しぶしたろう --card-date
t_run lookup "${S[@]}" --kana しぶしたろう --birth S50.3.1 --card-date 2021-05-01
spaced=$out
t_run lookup "${S[@]}" --kana=しぶしたろう --birth=S50.3.1 --card-date=2021-05-01
t_eq "lookup: --opt=VALUE reads as --opt VALUE" "$spaced" "$out"
t_match "... and the values were used" "^match: verified$" "$out"
t_done
