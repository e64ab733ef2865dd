#!/usr/bin/env bash
# Issue 13, items 6 and 9 and the review's smaller items: the note filter
# folds as the FAQ search, synonyms included (/漏洩 and /漏えい find the
# same calls); the columns are sized to the width (labels whole at 120
# columns, cut with a mark at 80); the position of the cursor among the
# calls (12/40); Shift-Tab and Esc go back; the operator filter lists the
# operators and takes the start of a name in any case; D asks for dates at
# once; the match levels carry the marks of the operator's verdicts, in the
# words of the verdicts; the charts' labels are sized to the labels; the
# columns are sized as the labels are drawn (ambiwidth double).
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib.sh"

export MADOGUCHI_LOG=$T_TMP/log.db MADOGUCHI_SPOOL_DIR=$T_TMP/spool TZ=UTC
LOG=$MADOGUCHI_LOG
add() { "$MADOGUCHI" log add "$@" >/dev/null || echo "Bail out! log add $*"; }
for i in $(seq 36); do add --disposition status --note "row $i"; done
add --disposition reissue_fee --match ambiguous --note '個人情報の漏洩について'
add --disposition notice_missing --match verified --note '漏えいの件で苦情'
add --disposition complaint --match partial --note 'データが流出したのか'
add --disposition status --match none --note 'カードの件'
sqlite3 "$LOG" "UPDATE inquiry SET started_at = printf('2025-03-14T10:%02d:00.000Z', seq),
  ended_at = printf('2025-03-14T10:%02d:30.000Z', seq);
  UPDATE inquiry SET operator = 'Bob' WHERE seq = 38"
rows() { printf '%s\n' "$screen" | grep -cE '^[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2} '; }
ENVS=(-e MADOGUCHI_LOG="$LOG" -e MADOGUCHI_SPOOL_DIR="$T_TMP/spool" -e TZ=UTC)

tm_start -g -s 80x24 "${ENVS[@]}" -- --ambiwidth single review
t_screen "the review starts" '^madoguchi review'
tm_keys D
t_screen "D asks for the dates at once" 'Dates \(FROM or FROM~TO\):'
tm_text 2025-03-14
tm_keys Enter
t_screen "the typed date" '^Date:2025-03-14 '
t_match "the position of the cursor among the calls" ' 1/40$' "$(printf '%s\n' "$screen" | sed -n 2p)"
tm_keys Down Down
t_screen "Down moves it" ' 3/40$'
tm_keys NPage
t_screen "PgDn moves it a page" ' 2[0-9]/40$'
tm_keys End
t_screen "End: the last" ' 40/40$'
tm_keys Home
t_screen "Home: the first" ' 1/40$'
t_match "at 80 columns a long label is cut with a mark" 'Reissue-fee [a-z]*…|Notice not r[a-z]*…' "$screen"
t_match "the match levels carry the verdicts' marks" '\[\?\] ambiguous|\[=\] verified' "$screen"
t_no_overflow "nothing beyond 80 columns"

# The note filter folds as the FAQ search: its spellings too.
tm_keys /
tm_text 漏洩
tm_keys Enter
t_screen "the note filter is shown as typed" 'Note:漏洩'
t_eq "/漏洩 finds the notes written 漏洩, 漏えい and 流出" 3 "$(rows)"
t_match "... the count says so" ' 1/3$' "$(printf '%s\n' "$screen" | sed -n 2p)"
tm_keys /
tm_keys C-u
tm_text 漏えい
tm_keys Enter
t_screen "the other spelling" 'Note:漏えい'
t_eq "/漏えい finds the same three" 3 "$(rows)"
tm_keys /
tm_keys C-u
tm_text ろうえい
tm_keys Enter
t_screen "the word in kana, as a caller says it" 'Note:ろうえい'
t_eq "/ろうえい finds the same three" 3 "$(rows)"
tm_keys /
tm_keys C-u
tm_text "ﾃﾞｰﾀ 流出"
tm_keys Enter
t_screen "two words, half-width kana" 'Note:ﾃﾞｰﾀ 流出'
t_eq "both must be there" 1 "$(rows)"
tm_keys / C-u Enter

# The operator: listed, the start of a name in any case.
tm_keys o
t_screen "o lists the operators" '^Operators: .*Bob'
tm_text bo
tm_keys Enter
t_screen "'bo' names Bob" 'Operator:Bob '
t_eq "Bob's call" 1 "$(rows)"
tm_keys o C-u
tm_text zz
tm_keys Enter
t_screen "a name nobody has is said, the prompt stays" "No operator 'zz' in these calls"
tm_keys C-u Enter
t_screen "empty: any" 'Operator:\* '

# Shift-Tab and Esc go back.
tm_keys BTab
t_screen "Shift-Tab from the table: the lookups, the view before" '^madoguchi review +\[lookups\]'
tm_keys BTab
t_screen "Shift-Tab again: the charts" '^madoguchi review +\[charts\]'
tm_keys Escape
t_screen "Esc from the charts: back to the table" '^madoguchi review +\[calls\]'
tm_keys q
t_exit "q quits" 0

# 120 columns: every label whole.
tm_start -g -s 120x30 "${ENVS[@]}" -- --ambiwidth single review
t_screen "the review at 120 columns" '^madoguchi review'
tm_keys D
tm_text 2025-03-14
tm_keys Enter
t_screen "the typed date (120)" '^Date:2025-03-14 '
t_match "a long disposition label whole" ' Reissue-fee claim ' "$screen"
t_match "... and another" ' Notice not received ' "$screen"
t_match "every match level whole, with its mark" \
	'\[\?\] ambiguous +Reissue-fee claim ' "$screen"
t_match "... verified" '\[=\] verified +Notice not received ' "$screen"
t_match "... partial" '\[\+\] partial +Complaint ' "$screen"
t_match "... none" '\[-\] none +Status check ' "$screen"
t_nomatch "no label cut" '…' "$screen"
t_no_overflow "nothing beyond 120 columns"
tm_keys q
t_exit "q quits (120)" 0

# Japanese at 120 columns: the labels whole too.
tm_start -g -s 120x30 -j "${ENVS[@]}" -- --ambiwidth single review
t_screen "the review in Japanese" '^madoguchi review'
tm_keys D
tm_text 2025-03-14
tm_keys Enter
t_screen "再発行手数料の請求 whole" ' 再発行手数料の請求 '
t_match "the match level with its mark" '\[\?\] 複数該当' "$screen"
# The level is the word of the operator's verdict ("本人確認済み: ..."):
# a shorter spelling reads as that word cut without a mark.
t_match "[=] 本人確認済み whole, the verdict's word" ' \[=\] 本人確認済み +通知未着 ' "$screen"
t_match "... 確認不足" ' \[\+\] 確認不足 +苦情 ' "$screen"
t_match "... 該当なし" ' \[-\] 該当なし +状況確認 ' "$screen"
t_nomatch "no label cut (Japanese)" '…' "$screen"
# The charts size their labels to the labels, up to a third of the width.
tm_resize 120 40
tm_keys t
t_screen "the charts at 120x40" '^madoguchi review +\[集計\]'
t_screen "a disposition label whole in the chart" '^  再発行手数料の請求 +1 #+$'
t_match "... and a match level" '^  \[=\] 本人確認済み +1 #+$' "$screen"
t_nomatch "no chart label cut" '…' "$screen"
tm_keys q
t_exit "q quits (Japanese)" 0

# Japanese at 80 columns: a label that does not fit is cut with a mark,
# never without one.
tm_start -g -s 80x24 -j "${ENVS[@]}" -- --ambiwidth single review
t_screen "the review in Japanese at 80" '^madoguchi review'
tm_keys D
tm_text 2025-03-14
tm_keys Enter
t_screen "the typed date (Japanese, 80)" '^日付:2025-03-14 '
t_match "[=] 本人確認済み whole or cut with a mark" ' \[=\] 本人確認(済み|[^ ]*…) ' "$screen"
t_match "the long disposition cut with a mark" ' 再発行手数料[^ ]*… ' "$screen"
t_no_overflow "nothing beyond 80 columns (Japanese)"
tm_keys t
t_screen "the charts at 80" '^madoguchi review +\[集計\]'
t_match "the chart's label whole at 80 too" '^  再発行手数料の請求 +1 #+$' "$screen"
t_no_overflow "the charts: nothing beyond 80 columns"
tm_keys q
t_exit "q quits (Japanese, 80)" 0

# The columns are sized as the labels are drawn: a terminal drawing the
# ambiguous characters wide gets ① spelled (1), and the column is as wide
# as that spelling (wider here than the widest label counted as stored).
cp -r "$ROOT/data" "$T_TMP/data"
sed -i 's/^notice_missing\t通知未着\t/notice_missing\t通知未着①②③④⑤⑥\t/' "$T_TMP/data/dispositions.tsv"
tm_start -g -s 120x30 -j "${ENVS[@]}" -e MADOGUCHI_DATA="$T_TMP/data" -- --ambiwidth double review
t_screen "the review, ambiwidth double" '^madoguchi review'
tm_keys D
tm_text 2025-03-14
tm_keys Enter
t_screen "the typed date (double)" '^日付:2025-03-14 '
t_match "a label the display spells wider, whole" ' 通知未着\(1\)\(2\)\(3\)\(4\)\(5\)\(6\) ' "$screen"
t_nomatch "no label cut (double)" '\.\.' "$screen"
t_no_overflow "nothing beyond 120 columns (double)"
tm_keys q
t_exit "q quits (double)" 0
t_done
