#!/usr/bin/env bash
# The FAQ search without MeCab (its library or dictionary missing) still
# answers what it can, and says in one line that a word in kana then finds
# only kana, so nobody takes the FAQ's silence for an answer.  MeCab is
# hidden in a private mount namespace (root, as in CI); the host is not
# touched.
. "$(dirname "$0")/../lib.sh"

t_run faq search ふせいりよう
t_status "with MeCab a reading finds the kanji" 0
t_eq "... and nothing is said" "" "$err"

lib=$(ldconfig -p 2>/dev/null | awk '/libmecab\.so\.2 /{print $NF; exit}')
if [ "$(id -u)" != 0 ] || ! command -v unshare >/dev/null || [ -z "$lib" ]; then
	echo "ok - without MeCab # SKIP needs root, unshare and libmecab.so.2 to hide"
	t_done
fi
out=$(unshare --mount sh -c 'mount --bind /dev/null "$1" && shift && "$@"' _ "$lib" \
	"$MADOGUCHI" faq search ふせいりよう 2>"$T_TMP/err")
rc=$?
err=$(cat "$T_TMP/err")
t_match "without MeCab: one warning line naming what is missing" \
	'^madoguchi: warning: words in kana find only kana, not kanji: libmecab\.so\.2 cannot be loaded' "$err"
t_eq "... one line" 1 "$(printf '%s\n' "$err" | wc -l)"
t_eq "... and the search still answers (nothing found is status 1)" 1 "$rc"
out=$(unshare --mount sh -c 'mount --bind /dev/null "$1" && shift && "$@"' _ "$lib" \
	"$MADOGUCHI" faq search 不正利用 2>/dev/null)
t_match "... a word in kanji is found as before" '^7	' "$out"
t_done
