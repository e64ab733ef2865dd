#!/usr/bin/env bash
# The window advice follows the verdict (issue 13, item 1): "not in the
# list" only for NONE; AMBIGUOUS and PARTIAL, whose caller may well be
# listed, get what to say without it; the text output says it in the
# desk's language, the JSON keeps the English message for scripts.  Also
# `log add --help` (the command's usage, not "unknown option").
. "$(dirname "$0")/../lib.sh"
D=$T_TMP/demo
"$MADOGUCHI" demo --dir "$D" >/dev/null
S=(--snapshot "$D/snapshot.db" --key "$D/snapshot.key")
unset MADOGUCHI_LOG MADOGUCHI_SPOOL_DIR
export HOME=$T_TMP/home XDG_STATE_HOME=$T_TMP/state

NOT_LISTED='Not in the list|not in the list|does not mean not affected'

# Two people share the reading and the birth date: ambiguous.
t_run lookup "${S[@]}" --kana たなかひろし --birth S45.1.1 --card-date R3.5.1 --json
t_match "ambiguous with a card date inside the window" '"match":"ambiguous".*"card":"inside"' "$out"
t_nomatch "ambiguous: the advice never says not in the list" "$NOT_LISTED" "$out"
t_match "ambiguous: the advice says what to tell (the card statement, Q7)" \
	'"advice":\["The card date is inside the card window\. The caller is not identified yet.*card statement.*\(Q7\)' "$out"
t_run lookup "${S[@]}" --kana たなかひろし --birth S45.1.1 --card-date R3.5.1 --reg-date 2019-07-01
t_nomatch "ambiguous, text: no not-in-the-list advice" "$NOT_LISTED" "$out"
t_match "ambiguous, text: the user-data window's advice" \
	'^advice: The registration date is inside a user-data window\. The caller is not identified yet.*\(Q14\)' "$out"

# Verified (the postal code picks one of them), whose card data the list
# does not hold: the card window's advice says so, not "check your card"
# alone after "Card: not exposed"; the same for user data.
t_run lookup "${S[@]}" --kana たなかひろし --birth S45.1.1 --postal 892-0816 --card-date R3.5.1 --json
t_match "verified, card data not in the list" '"match":"verified".*"card_exposed":false' "$out"
t_match "verified without card data: the advice says the list holds none of theirs" \
	'"advice":\["The card date is inside the card window, but the list holds no card data of this caller\.' "$out"
t_run lookup "${S[@]}" --kana しぶしたろう --birth S50.3.1 --card-date R3.5.1 --json
t_match "verified with card data: the card advice as before" \
	'"advice":\["The card date is inside the card window: ask the caller to check' "$out"

# A reading alone: partial.
t_run lookup "${S[@]}" --kana しぶしたろう --card-date 2021-05-01 --json
t_match "partial with a card date inside the window" '"match":"partial".*"card":"inside"' "$out"
t_nomatch "partial: the advice never says not in the list" "$NOT_LISTED" "$out"
t_match "partial: the advice says what to tell" '"advice":\["The card date is inside the card window\. The caller is not identified yet' "$out"

# None keeps its words; verified its own.
t_run lookup "${S[@]}" --kana だれでもない --birth 1975-03-01 --card-date 2021-05-01 --json
t_match "none: not in the list does not mean not affected" '"advice":\["Not in the list does not mean not affected' "$out"
t_run lookup "${S[@]}" --kana しぶしたろう --birth S50.3.1 --card-date 2021-05-01 --json
t_nomatch "verified: no not-in-the-list words" "$NOT_LISTED" "$out"

# The text output is for people: the advice in the desk's language.
t_run --lang ja lookup "${S[@]}" --kana たなかひろし --birth S45.1.1 --card-date R3.5.1
t_match "Japanese: the advice is Japanese" '^advice: カード寄附日はカード情報の漏えい期間内です。' "$out"
t_nomatch "Japanese: no English sentence in the advice" '^advice: [A-Z]' "$out"
t_nomatch "Japanese: the ambiguous advice never says not in the list" '一覧にないこと' "$out"
t_match "Japanese: what to ask, in Japanese" '^ask: 郵便番号' "$out"
t_run --lang ja lookup "${S[@]}" --kana たなかひろし --birth S45.1.1 --card-date R3.5.1 --json
t_match "Japanese JSON: the advice stays the English message (scripts)" '"advice":\["The card date is inside' "$out"

# A field read with a remark is said on standard error, as the screen
# says it beside the field: a date after today, an era that had ended.
t_run lookup "${S[@]}" --kana しぶしたろう --birth 令50.3.1
t_match "a birth date after today is said" '^madoguchi: warning: --birth: after today: check the era and the year$' "$err"
t_match "... and looked up as written (no one born then)" '^match: none' "$out"
t_run lookup "${S[@]}" --kana しぶしたろう --birth S50.3.1 --card-date H31.5.1
t_match "a date in an era that had ended is said with how it was read" '^madoguchi: warning: --card-date: .*2019-05-01' "$err"
t_match "... and the lookup answers" '^match: verified' "$out"

# log add --help: the command's usage, exit 0.
t_run log add --help
t_status "log add --help exits 0" 0
t_match "log add --help prints the usage of log" '^usage:' "$out"
t_match "... with log add's options" 'log add --disposition CODE' "$out"
t_nomatch "... and no unknown option" 'unknown option' "$err"
t_run lookup --help
t_status "lookup --help exits 0" 0
t_match "lookup --help prints lookup's usage" 'lookup \[--stdin\]' "$out"
t_run faq search -- --help
t_status "after --, --help is a word to search" 1
t_done
