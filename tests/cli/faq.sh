#!/usr/bin/env bash
# `madoguchi faq list|show|search` and how the FAQ directory is chosen.
. "$(dirname "$0")/../lib.sh"
TAB=$'\t'

t_run faq list
t_status "faq list exits 0" 0
t_eq "faq list prints 14 lines" 14 "$(printf '%s\n' "$out" | wc -l)"
t_eq "faq list: entry 1 is N<TAB>question" "1${TAB}何が起きたのですか。" "$(printf '%s\n' "$out" | head -1)"
t_eq "faq list: in order" "$(seq 1 14 | tr '\n' ' ')" "$(printf '%s\n' "$out" | cut -f1 | tr '\n' ' ')"
t_nomatch "faq list: every line is N<TAB>text" $'^([^0-9]|[0-9]+[^0-9\t])' "$out"

t_run faq show 3
t_status "faq show exits 0" 0
t_eq "faq show: the question first" "漏えいの期間はいつからいつまでですか。／漏えいの対象者はどのような人ですか。" \
	"$(printf '%s\n' "$out" | sed -n 1p)"
t_eq "faq show: then a blank line" "" "$(printf '%s\n' "$out" | sed -n 2p)"
t_match "faq show: then the answer" '^① クレジットカード情報が漏えいしたおそれがあるのは' \
	"$(printf '%s\n' "$out" | sed -n 3p)"
t_match "faq show: the whole answer" '^② 利用者情報が' "$out"

t_run faq show 15
t_status "faq show of a missing entry exits 2" 2
t_match "faq show names the missing entry" "no entry 15" "$err"
t_run faq show x
t_status "faq show of a non-number exits 2" 2

t_run faq search カード
t_status "faq search カード exits 0" 0
t_match "faq search: a question with カード comes first" $'^(5|7|11|13)\t.*カード' \
	"$(printf '%s\n' "$out" | head -1)"
t_run faq search ｶｰﾄﾞ
t_match "faq search: half-width katakana finds the same first entry" $'^(5|7|11|13)\t' \
	"$(printf '%s\n' "$out" | head -1)"
t_run faq search カード 再発行
t_status "faq search with two words exits 0" 0
t_eq "faq search: words are ANDed, entry 7 first" "7" "$(printf '%s\n' "$out" | head -1 | cut -f1)"
t_run faq search 漏洩
t_match "faq search: a synonym finds 漏えい" $'^14\t私の利用者情報は漏えい' "$out"
# The words callers use, from a day at the desk.
t_run faq search 返金
t_match "faq search: 返金 (a refund of the reissue fee) finds Q7" $'^7\t' "$out"
t_run faq search 個人情報
t_match "faq search: 個人情報 finds Q2 (which data leaked)" $'^2\t' "$out"

t_run faq search zzzz
t_status "faq search with no match exits 1" 1
t_eq "faq search with no match prints nothing" "" "$out"

t_run --faq /nonexistent/faq faq list
t_status "--faq to a missing directory exits 2" 2
t_match "the message names the directory" '^madoguchi: /nonexistent/faq: cannot open the FAQ directory' "$err"

mkdir -p "$T_TMP/f1"
printf 'question: 一つだけの質問\nkeywords: ただ一つ\n\n一つだけの回答。\n' >"$T_TMP/f1/01.txt"
echo 1 >"$T_TMP/f1/COUNT"
t_run faq list --faq "$T_TMP/f1"
t_status "--faq after the subcommand works" 0
t_eq "--faq after the subcommand chooses the directory" "1${TAB}一つだけの質問" "$out"
out=$(MADOGUCHI_FAQ="$T_TMP/f1" "$MADOGUCHI" faq list 2>&1)
t_eq "MADOGUCHI_FAQ chooses the directory" "1${TAB}一つだけの質問" "$out"
out=$(MADOGUCHI_FAQ=/nonexistent "$MADOGUCHI" --faq "$T_TMP/f1" faq search ただ一つ 2>&1)
t_eq "--faq outranks MADOGUCHI_FAQ; keywords are searched" "1${TAB}一つだけの質問" "$out"

mkdir -p "$T_TMP/bad"
cp "$T_TMP/f1/01.txt" "$T_TMP/bad/01.txt"
echo 2 >"$T_TMP/bad/COUNT"
printf 'question: 二\n\n回答\033[2J\n' >"$T_TMP/bad/02.txt"
t_run --faq "$T_TMP/bad" faq list
t_status "an invalid entry file exits 2" 2
t_eq "nothing is listed from a half-good FAQ" "" "$out"
t_match "the message names file:line and the character" \
	"^madoguchi: $T_TMP/bad/02.txt:3: control character U\+001B \(ESC\)" "$err"
t_eq "the message is one line" 1 "$(printf '%s\n' "$err" | wc -l)"

printf 'question: 二\nanswer: 回答\n\n回答\n' >"$T_TMP/bad/02.txt"
t_run --faq "$T_TMP/bad" faq show 1
t_match "an unknown header names file:line" "^madoguchi: $T_TMP/bad/02.txt:2: unknown header 'answer'" "$err"

printf 'question: 三\n\n回答\n' >"$T_TMP/bad/03.txt"
rm "$T_TMP/bad/02.txt"
t_run --faq "$T_TMP/bad" faq list
t_status "a gap in the numbers exits 2" 2
t_match "the gap is named, with its file" "^madoguchi: $T_TMP/bad/02.txt: entry 2 is missing" "$err"

# A lost last file: faq/COUNT says how many entries there are.
mkdir "$T_TMP/last"
cp "$ROOT"/faq/*.txt "$ROOT/faq/COUNT" "$T_TMP/last/"
t_run --faq "$T_TMP/last" faq list
t_status "a copy of faq/ with its COUNT loads" 0
rm "$T_TMP/last/14.txt"
t_run --faq "$T_TMP/last" faq list
t_status "the last file missing exits 2" 2
t_eq "nothing is listed without the last file" "" "$out"
t_match "the missing last file is named" \
	"^madoguchi: $T_TMP/last/14.txt: missing: $T_TMP/last/COUNT says there are 14 entries" "$err"
t_eq "the message is one line" 1 "$(printf '%s\n' "$err" | wc -l)"
cp "$ROOT/faq/14.txt" "$T_TMP/last/14.txt"
cp "$ROOT/faq/14.txt" "$T_TMP/last/15.txt"
t_run --faq "$T_TMP/last" faq list
t_status "an entry beyond the count exits 2" 2
t_match "it says how to count it" "^madoguchi: $T_TMP/last/15.txt: entry 15 is beyond the 14 entries .* write 15 in $T_TMP/last/COUNT" "$err"
rm "$T_TMP/last/15.txt" "$T_TMP/last/COUNT"
t_run --faq "$T_TMP/last" faq list
t_status "no COUNT exits 2" 2
t_match "the missing COUNT is named" "^madoguchi: $T_TMP/last/COUNT: missing; .*\(14 files are here\)" "$err"
cp "$ROOT/faq/COUNT" "$T_TMP/last/COUNT"

# A FIFO named like an entry: refused at once, not waited on.
rm "$T_TMP/last/14.txt"
mkfifo "$T_TMP/last/14.txt"
out=$(timeout 10 "$MADOGUCHI" --faq "$T_TMP/last" faq list 2>"$T_TMP/stderr"); rc=$?
err=$(cat "$T_TMP/stderr")
t_status "a FIFO as an entry exits 2 (124: it hung)" 2
t_match "the FIFO is not a regular file" "^madoguchi: $T_TMP/last/14.txt: the FAQ entry is not a regular file" "$err"

# The query and "--".
for q in "" " " "　" "  　 "; do
	t_run faq search "$q"
	t_status "faq search '$q' is a usage error" 2
	t_eq "faq search '$q': one line says the query is empty" \
		"madoguchi: faq search: the query is empty; give the words to look for" "$err"
done
t_run faq search " " ""
t_status "faq search with only blank words is a usage error" 2
t_run faq show -- 3
t_status "faq show -- 3 exits 0" 0
t_eq "faq show -- 3 shows entry 3" "漏えいの期間はいつからいつまでですか。／漏えいの対象者はどのような人ですか。" \
	"$(printf '%s\n' "$out" | head -1)"
t_run faq search -- カード 再発行
t_eq "faq search -- QUERY searches the words after --" "7" "$(printf '%s\n' "$out" | head -1 | cut -f1)"
t_run faq search -- --faq
t_status "after --, --faq is a word to search for" 1
t_run faq list --
t_status "faq list -- exits 0" 0

t_done
