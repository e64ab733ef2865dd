#!/usr/bin/env bash
# The help screen (?) at 80x24 and 40x12, in English and Japanese: scrolled
# from top to bottom, it shows every key name and every description of the
# key table whole (descriptions wrapped, never cut), and nothing is drawn
# beyond the terminal.  The bottom line keeps the quit and help keys at
# 40 columns.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib.sh"

# The key names, as the key table gives them (keymap_key_name).
NAMES=("Up k" "Down j" "PgUp b" "PgDn Space" "Home g" "End G" "Tab Shift-Tab"
	"Enter Right" "/" "Esc Left" "BS" "Ctrl-U" "0-9 Enter" "?" "Ctrl-L" "Ctrl-Z"
	"Ctrl-C" "q F10" "n N" "Ctrl-B Ctrl-F h l" "F1" "F2" "F3" "F4" "F5 F6 F7 F8" "Tab Shift-Tab Up Down"
	"Enter" "Ctrl-A Ctrl-E Ctrl-K Ctrl-W" "Space" "Alt-Enter")

# The descriptions in English and Japanese: the key table's messages
# (xgettext reads them from ui/keymap.c, joining the split ones) with their
# translations from po/ja.po, one "msgid<TAB>msgstr" line each.
xgettext --keyword=N_ --from-code=UTF-8 -o "$T_TMP/keymap.pot" "$ROOT/ui/keymap.c" 2>/dev/null
msgmerge -q --no-wrap -o - "$ROOT/po/ja.po" "$T_TMP/keymap.pot" 2>/dev/null |
	awk '/^msgid "/ {id = substr($0, 8, length($0) - 8)}
	     /^msgstr "/ {s = substr($0, 9, length($0) - 9); if (id != "") print id "\t" s}' >"$T_TMP/descs"
t_eq "the key table's descriptions are read" "${#NAMES[@]}" "$(wc -l <"$T_TMP/descs")"

# help_rows FILE: opens the help and writes all its rows to FILE, top to
# bottom, paging with PgDn.  The title row says which rows are shown, of
# how many ("9-16/50"), so each page's rows go to their place.
HELP_TITLE='^ (Keys|キー操作) +([0-9]+)-([0-9]+)/([0-9]+)$'
help_rows() {
	local file=$1 last=$((TM_ROWS - 1)) all=() a b total i r
	tm_keys '?'
	tm_wait_for "$HELP_TITLE" || return 1
	while :; do
		[[ $(printf '%s\n' "$screen" | sed -n 2p) =~ $HELP_TITLE ]] || return 1
		a=${BASH_REMATCH[2]} b=${BASH_REMATCH[3]} total=${BASH_REMATCH[4]}
		i=$a
		while IFS= read -r r; do
			all[i]=$r
			i=$((i + 1))
		done < <(printf '%s\n' "$screen" | sed -n "3,${last}p")
		[ "$b" -ge "$total" ] && break
		tm_keys PageDown
		tm_wait_for "^ (Keys|キー操作) +[0-9]+-[0-9]+/[0-9]+$" || return 1
		tm_wait_gone "^ (Keys|キー操作) +$a-$b/" || return 1
	done
	for i in $(seq "$total"); do printf '%s\n' "${all[i]-MISSING ROW $i}"; done >"$file"
}

# names_missing ROWS NAME...: the key names not shown whole in ROWS, each
# at column 2, followed by the description column or alone on its row.
names_missing() {
	local rows=$1 n missing=""
	shift
	for n in "$@"; do
		printf '%s\n' "$rows" | grep -qxE -- "  $(printf '%s' "$n" | sed 's/[?/]/[&]/g')( {2,}.*)?" ||
			missing="$missing [$n]"
	done
	printf '%s' "$missing"
}

# descs_missing ROWS X FILE LANG-OPTION NAME...: the descriptions of FILE
# ("msgid<TAB>msgstr" lines; key bars, with two spaces inside, left out),
# in the language's words, not shown whole in ROWS.  The text from column
# X on (names are ASCII, so characters are columns there), rows of names
# alone left out, joined; spaces do not count (a wrap drops the one it
# breaks at).
descs_missing() {
	local rows=$1 x=$2 file=$3 lang=$4 descs missing="" r n own id ja want
	shift 4
	descs=$(printf '%s\n' "$rows" | while IFS= read -r r; do
		own=""
		for n in "$@"; do [ "$r" = "  $n" ] && own=1; done
		[ -z "$own" ] && printf '%s' "${r:$x}"
	done | tr -d ' ')
	while IFS=$'\t' read -r id ja; do
		case $id in *"  "*) continue ;; esac
		want=$id
		[ "$lang" = -j ] && [ -n "$ja" ] && want=$ja
		case $descs in
		*"${want// /}"*) ;;
		*) missing="$missing [$want]" ;;
		esac
	done <"$file"
	printf '%s' "$missing"
}

# check_help SIZE LANG-OPTION LABEL
check_help() {
	local size=$1 lang=$2 label=$3 rows x
	tm_start -g -s "$size" $lang -- --ambiwidth single
	t_screen "$label: the screen starts" '(answer|回答) 1'
	if [ "$lang" = -j ]; then
		t_match "$label: the key line keeps quit and help" '^q/F10:終了  \?:ヘルプ' \
			"$(printf '%s\n' "$screen" | sed -n "${TM_ROWS}p")"
	else
		t_match "$label: the key line keeps quit and help" '^q/F10 quit  \? help' \
			"$(printf '%s\n' "$screen" | sed -n "${TM_ROWS}p")"
	fi
	help_rows "$T_TMP/rows"
	rows=$(cat "$T_TMP/rows")
	t_no_overflow "$label: the help draws nothing beyond the terminal"
	t_nomatch "$label: the help's key line is not cut" '…$' \
		"$(printf '%s\n' "$screen" | sed -n "${TM_ROWS}p")"
	t_nomatch "$label: no row of the help is cut" '…$' "$rows"
	t_eq "$label: every key name is shown whole" "" "$(names_missing "$rows" "${NAMES[@]}")"
	# The description column: after the widest names that fit, "?" among them.
	x=$(printf '%s\n' "$rows" | sed -n 's/^  [?]\( *\).*/\1/p' | head -1)
	x=$((3 + ${#x}))
	t_eq "$label: every description is shown whole" "" \
		"$(descs_missing "$rows" "$x" "$T_TMP/descs" "$lang" "${NAMES[@]}")"
	tm_keys x
	t_screen_not "$label: a key leaves the help" "$HELP_TITLE"
	tm_keys q
	t_exit "$label: q quits" 0
}

check_help 80x24 "" "80x24 English"
check_help 80x24 -j "80x24 Japanese"
check_help 40x12 "" "40x12 English"
check_help 40x12 -j "40x12 Japanese"

# A few long ones, by their ends, so a wrong reading of the table above
# cannot pass everything.
tm_start -g -s 80x24 -- --ambiwidth single
t_screen "the screen starts" '^14 '
help_rows "$T_TMP/rows"
rows=$(cat "$T_TMP/rows")
t_match "Tab Shift-Tab Up Down stands whole" '^  Tab Shift-Tab Up Down$' "$rows"
t_match "Ctrl-A Ctrl-E Ctrl-K Ctrl-W stands whole" '^  Ctrl-A Ctrl-E Ctrl-K Ctrl-W$' "$rows"
t_match "the wrap-up keys end with their last words" ' Enter save, F2 back to the form$' "$rows"
t_match "the field keys end with their last words" '(^| )\(Ctrl-U: all before\)$' "$rows"
t_match "the help scrolled to its last row" 'a new line \(Enter saves\)$' "$(printf '%s\n' "$rows" | tail -1)"
tm_keys q

# The review's help (? in `madoguchi review`) comes from its own key table,
# ui/review_keys.c: every key name and every description whole, in
# English and Japanese, on a screen tall enough to hold it all.
RNAMES=("q" "F10 Ctrl-C" "Esc Left BS" "Up k Down j" "PgUp PgDn Space Home g End G" "Enter"
	"t Tab" "Shift-Tab" "d" "D" "o" "p" "m" "e" "/" "c" "x" "Ctrl-L" "? F1")
xgettext --keyword=N_ --from-code=UTF-8 -o "$T_TMP/review.pot" "$ROOT/ui/review_keys.c" 2>/dev/null
msgmerge -q --no-wrap -o - "$ROOT/po/ja.po" "$T_TMP/review.pot" 2>/dev/null |
	awk '/^msgid "/ {id = substr($0, 8, length($0) - 8)}
	     /^msgstr "/ {s = substr($0, 9, length($0) - 9); if (id != "") print id "\t" s}' >"$T_TMP/rdescs"
# Help lines and key bars: each bar is a message of the file too.
t_eq "the review's key table: its help lines and its three bars are read" "$((${#RNAMES[@]} + 3))" \
	"$(wc -l <"$T_TMP/rdescs")"
export MADOGUCHI_LOG=$T_TMP/log.db MADOGUCHI_SPOOL_DIR=$T_TMP/spool
"$MADOGUCHI" log add --disposition status --note 'one call' >/dev/null || echo "Bail out! log add"

# check_review_help LANG-OPTION LABEL
check_review_help() {
	local lang=$1 label=$2 rows
	tm_start -g -s 80x40 $lang -e MADOGUCHI_LOG="$MADOGUCHI_LOG" \
		-e MADOGUCHI_SPOOL_DIR="$MADOGUCHI_SPOOL_DIR" -- --ambiwidth single review
	t_screen "$label: the review starts" '^madoguchi review'
	tm_keys '?'
	t_screen "$label: ? opens the review's help" '^madoguchi review +\[(help|ヘルプ)\]'
	rows=$(printf '%s\n' "$screen" | sed -n '4,39p')
	t_no_overflow "$label: the review's help draws nothing beyond the terminal"
	t_eq "$label: every key name of the review is shown whole" "" \
		"$(names_missing "$rows" "${RNAMES[@]}")"
	# The description column is 22: two spaces, 20 for the names.
	t_eq "$label: every description of the review is shown whole" "" \
		"$(descs_missing "$rows" 22 "$T_TMP/rdescs" "$lang" "${RNAMES[@]}")"
	tm_keys '?'
	t_screen "$label: ? again leaves the help" '^madoguchi review +\[(calls|通話)\]'
	tm_keys q
	t_exit "$label: q quits the review" 0
}
check_review_help "" "review English"
check_review_help -j "review Japanese"
t_done
