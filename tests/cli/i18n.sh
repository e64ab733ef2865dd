#!/usr/bin/env bash
# Japanese is the main language: every message the sources mark for
# translation (_() and N_()) has a Japanese translation in po/ja.po, the
# catalogue compiles without error, and po/madoguchi.pot is current.
# tests/cli/i18n-errors.sh checks that the failures are said in Japanese.
. "$(dirname "$0")/../lib.sh"

pot=$T_TMP/m.pot
if ! xgettext --keyword=_ --keyword=N_ --from-code=UTF-8 -o "$pot" "$ROOT"/src/*.c "$ROOT"/ui/*.c "$ROOT"/gate/*.c 2>"$T_TMP/err"; then
	t_fail "xgettext reads the sources" "$(cat "$T_TMP/err")"
	t_done
fi
t_ok "xgettext reads the sources"
n=$(grep -c '^msgid "..*"' "$pot")
t_match "the sources mark messages for translation ($n)" '^[0-9]{2,}$' "$n"
out=$(msgcmp "$ROOT/po/ja.po" "$pot" 2>&1)
t_eq "po/ja.po translates every marked message" "" "$out"
out=$(msgfmt --check -o /dev/null "$ROOT/po/ja.po" 2>&1)
t_eq "po/ja.po compiles with msgfmt --check (formats agree)" "" "$out"
# The formats checked as the sources flag them (an entry of ja.po that
# lost its "c-format" would otherwise escape the check above): msgmerge
# marks a translation whose format differs from its msgid's fuzzy.
out=$(msgmerge -q --no-fuzzy-matching -o "$T_TMP/merged.po" "$ROOT/po/ja.po" "$pot" 2>&1 &&
	msgattrib --only-fuzzy --no-obsolete --no-wrap "$T_TMP/merged.po" 2>&1 | grep '^msgid "[^"]';
	msgfmt --check -o /dev/null "$T_TMP/merged.po" 2>&1)
t_eq "po/ja.po's formats agree with the sources' (c-format from xgettext)" "" "$out"
# The template translators start from is current: 'make pot' was run.
out=$(msgcmp --use-untranslated "$ROOT/po/madoguchi.pot" "$pot" 2>&1; msgcmp --use-untranslated "$pot" "$ROOT/po/madoguchi.pot" 2>&1)
t_eq "po/madoguchi.pot holds the marked messages, no more, no fewer (make pot)" "" "$out"
# A message missing from ja.po is caught (the check can fail).
printf '#include <libintl.h>\nconst char *m(void) { return _("an untranslated test message"); }\n' >"$T_TMP/x.c"
xgettext --keyword=_ -o "$T_TMP/x.pot" "$T_TMP/x.c" 2>/dev/null
msgcmp "$ROOT/po/ja.po" "$T_TMP/x.pot" >/dev/null 2>&1
t_eq "msgcmp does report a message ja.po lacks" 1 "$?"
t_done
