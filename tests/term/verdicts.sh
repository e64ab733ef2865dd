#!/usr/bin/env bash
# Issue 13, items 1 to 3, at 80x24: the window advice follows the verdict
# (never "not in the list" to an ambiguous or partial caller); every
# verdict, with its advice and FAQ keys, stays whole while the wrap-up is
# open, in English and Japanese; each level has a look of its own (a mark
# and reverse video or its colour), without colour and with NO_COLOR too,
# unlike the search's highlight.  And the verdict's smaller words: "1
# record", a list with its separators, メール never cut at a row's end.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib.sh"

tm_demo
"$MADOGUCHI" log add --log "$LOG" --spool-dir "$T_TMP/spool" --disposition other >/dev/null

# lookup READING BIRTH CARD-DATE REG-DATE: types them into the form and
# looks up (the card and registration dates may be empty).
lookup() {
	tm_keys F2
	tm_text "$1"
	tm_keys Tab Tab
	[ -n "$2" ] && tm_text "$2"
	tm_keys Tab Tab Tab Tab
	[ -n "$3" ] && tm_text "$3"
	tm_keys Tab
	[ -n "$4" ] && tm_text "$4"
	tm_keys Enter
}

# wrapup LABEL LEVEL-REGEX ADVICE-END-REGEX FAQ-REGEX: the verdict shown,
# then the wrap-up with all of it in view; F4 y leaves the call.
wrapup() {
	t_screen "$1: the verdict" "$2"
	tm_keys F3
	t_screen "$1: the wrap-up opens" '^ (Wrap-up|終話処理): '
	t_match "$1: the verdict stays in view in the wrap-up" "$2" "$screen"
	t_match "$1: ... its advice to its end" "$3" "$screen"
	t_match "$1: ... and its FAQ keys" "$4" "$screen"
	t_nomatch "$1: ... nothing of it below the screen" 'more below|続きあり' "$screen"
	t_no_overflow "$1: nothing beyond 80x24"
	tm_keys F4
	tm_wait_for '\(y/n\)' >/dev/null
	tm_keys y
	tm_wait_gone '\(y/n\)' >/dev/null
}

# ---- English ----------------------------------------------------------------
tm_start -g "${E[@]}" -- --ambiwidth single
t_screen "the screen starts" '^14 '
lookup たなかひろし S45.1.1 R3.5.1 ""
t_screen "ambiguous with a card date inside the card window" 'AMBIGUOUS: several people'
t_nomatch "ambiguous: the advice never says not in the list" 'Not in the list|not affected' "$screen"
t_match "ambiguous: it says what to tell without the list" 'The card date is inside the card window\. The caller is not' "$screen"
wrapup "ambiguous (en)" '\[\?\] AMBIGUOUS: several people' 'not know \(Q7\)\.$' '^ FAQ: \[F5\] Q7'

lookup しぶしたろう "" 2021-05-01 2019-07-01
t_screen "partial with both dates inside their windows" 'PARTIAL: not enough'
t_nomatch "partial: no not-in-the-list advice" 'Not in the list|not affected' "$screen"
t_match "partial: the user data window's advice for a caller not identified" 'registration date is inside a user-data window\. The caller is' "$screen"
wrapup "partial (en)" '\[\+\] PARTIAL: not enough' '\(Q14\)\.$' '^ FAQ: \[F5\] Q3'

lookup しぶしたろう S50.3.1 R3.5.1 2019-07-01
wrapup "verified (en)" '\[=\] VERIFIED: the caller is in' 'The registration date is inside a user-data window\.$' '^ FAQ: \[F5\] Q7 \[F6\] Q13 \[F7\] Q14'

lookup だれでもない 1975-03-01 R3.5.1 2019-07-01
wrapup "none (en)" '\[-\] NONE: not found' 'read \(Q14\)\.$' '^ FAQ: \[F5\] Q13'

# Each level its look: reverse video or its colour on the badge, the mark
# and the level's word inside it; the search's highlight is bold and
# underlined, never reversed.
lookup しぶしたろう S50.3.1 "" ""
t_screen "verified again" 'VERIFIED'
badge=$(tm_screen -e | grep -F '[=] VERIFIED:')
t_match "verified: its badge in a colour of its own (red)" $'\e\\[[0-9;]*41m[^\e]*\\[=\\] VERIFIED:' "$badge"
t_match "one record is a record, not records" 'Card: exposed \(2 records\)' "$screen"
t_match "the exposed items are separated" 'User data: exposed: name, reading, birth date' "$screen"
tm_keys F4 y
tm_wait_gone '\(y/n\)' >/dev/null
lookup たなかひろし S45.1.1 "" ""
t_screen "ambiguous again" 'AMBIGUOUS'
t_match "ambiguous: another colour (yellow)" $'\e\\[[0-9;]*43m[^\e]*\\[\\?\\] AMBIGUOUS:' "$(tm_screen -e | grep -F '[?] AMBIGUOUS:')"
tm_keys F4 y
tm_keys F10
t_exit "F10 quits" 0

# Without colour the badges stay apart: each its mark, in reverse video.
tm_start -g -e NO_COLOR=1 "${E[@]}" -- --ambiwidth single
t_screen "NO_COLOR: the screen starts" '^14 '
lookup しぶしたろう "" "" ""
t_screen "NO_COLOR: partial" 'PARTIAL'
t_match "NO_COLOR: the partial badge is reversed, with its mark" $'\e\\[[0-9;]*7m\\[\\+\\] PARTIAL:' "$(tm_screen -e | grep -F '[+] PARTIAL:')"
t_nomatch "NO_COLOR: no colour" $'\e\\[[0-9;]*(3[0-7]|4[0-7])m' "$(tm_screen -e)"
tm_keys F4 y
lookup だれでもない 1975-03-01 "" ""
t_screen "NO_COLOR: none" 'NONE'
t_match "NO_COLOR: the none badge is reversed, with its own mark" $'\e\\[[0-9;]*7m\\[-\\] NONE:' "$(tm_screen -e | grep -F '[-] NONE:')"
tm_keys F4 y
tm_keys F10
t_exit "F10 quits (NO_COLOR)" 0

# ---- Japanese ---------------------------------------------------------------
tm_start -g -j "${E[@]}" -- --ambiwidth single
t_screen "the screen starts (Japanese)" '^14 '
lookup たなかひろし S45.1.1 R3.5.1 2019-07-01
t_screen "ambiguous (Japanese)" '複数該当'
t_nomatch "ambiguous: no 一覧にないこと (Japanese)" '一覧にないこと|影響がないこと' "$screen"
wrapup "ambiguous (ja)" '\[\?\] 複数該当: ' '\(Q14\)。$' '^ FAQ: \[F5\] Q7 \[F6\] Q13 \[F7\] Q14'
lookup しぶしたろう "" R3.5.1 2019-07-01
wrapup "partial (ja)" '\[\+\] 確認不足: ' '\(Q14\)。$' '^ FAQ: '
lookup しぶしたろう S50.3.1 R3.5.1 2019-07-01
t_screen "verified (Japanese)" '本人確認済み'
t_match "the items separated, メール whole" '(^|、|: )メール(、|$)' "$screen"
t_nomatch "no row ends in メー" 'メー$' "$screen"
wrapup "verified (ja)" '\[=\] 本人確認済み: ' '登録・寄附日は利用者情報の漏えい期間内です。$' '^ FAQ: \[F5\] Q7 \[F6\] Q13 \[F7\] Q14'
lookup だれでもない 1975-03-01 R3.5.1 2019-07-01
wrapup "none (ja)" '\[-\] 該当なし: ' '\(Q14\)。$' '^ FAQ: '
tm_keys F10
t_exit "F10 quits (Japanese)" 0

# lookup says the same as the screen.
out=$("$MADOGUCHI" --lang ja lookup --snapshot "$D/snapshot.db" --key "$D/snapshot.key" \
	--kana たなかひろし --birth S45.1.1 --card-date R3.5.1 2>&1)
t_nomatch "lookup (Japanese): the ambiguous advice never says not in the list" '一覧にないこと' "$out"
t_match "lookup (Japanese): its advice" '^advice: カード寄附日はカード情報の漏えい期間内です。まだご本人' "$out"
t_done
