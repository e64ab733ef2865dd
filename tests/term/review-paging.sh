#!/usr/bin/env bash
# The review table pages through a log longer than the screen: PgDn/PgUp,
# Down past the last row and Up past the first load the next rows by
# keyset queries, Home goes back to the newest.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib.sh"

export MADOGUCHI_LOG=$T_TMP/log.db MADOGUCHI_SPOOL_DIR=$T_TMP/spool TZ=UTC
LOG=$MADOGUCHI_LOG
for i in $(seq 40); do "$MADOGUCHI" log add --disposition status --note "row $i" >/dev/null; done
# Two calls share each start time, so the order needs seq as well.
sqlite3 "$LOG" "UPDATE inquiry SET started_at = printf('2025-03-14T10:%02d:00.000Z', (seq + 1) / 2),
  ended_at = printf('2025-03-14T10:%02d:30.000Z', (seq + 1) / 2);
  UPDATE inquiry SET escalate = 1 WHERE seq IN (40, 38);
  UPDATE inquiry SET state = 'interrupted' WHERE seq IN (40, 39)"
first() { printf '%s\n' "$screen" | grep -E '^[0-9]{2}-[0-9]{2} ' | head -1 | grep -oE 'row [0-9]+'; }
last() { printf '%s\n' "$screen" | grep -E '^[0-9]{2}-[0-9]{2} ' | tail -1 | grep -oE 'row [0-9]+'; }

# 14 rows: status, filters, header, 10 table rows, bottom line.
tm_start -g -s 80x14 -e MADOGUCHI_LOG="$LOG" -e TZ=UTC -- --ambiwidth single review
t_screen "the review starts" '^madoguchi review'
tm_keys d d d
t_screen "all dates" '^Date:all '
t_eq "the newest first" "row 40" "$(first)"
t_match "an escalated call cut off shows both marks" '^03-14 10:20 .* 0:30 +!~ row 40$' "$screen"
t_match "an interrupted one ~" '^03-14 10:20 .* 0:30 +~  row 39$' "$screen"
t_match "an escalated one !" '^03-14 10:19 .* 0:30 +!  row 38$' "$screen"
t_eq "ten rows fit" "row 31" "$(last)"
tm_keys NPage
t_screen "PgDn: the next ten" 'row 30$'
t_eq "PgDn starts at the eleventh newest" "row 30" "$(first)"
t_eq "and ends at the twentieth" "row 21" "$(last)"
tm_keys NPage NPage NPage
t_screen "the oldest rows" 'row 1$'
t_eq "the last page ends at the oldest call" "row 1" "$(last)"
tm_keys Home
t_screen "Home: back to the newest" 'row 40$'
tm_keys End
t_screen "End: the oldest call, from the newest page" 'row 1$'
t_match "... with the cursor on it (reverse video)" $'\e\\[[0-9;]*7m' "$(tm_screen -e | grep -E 'row 1([^0-9]|$)')"
tm_keys Home
t_screen "Home: back to the newest" 'row 40$'
# The other keys the help names for the same moves.
tm_keys Space
t_screen "Space: the next ten, as PgDn" 'row 30$'
t_eq "... from the eleventh newest" "row 30" "$(first)"
tm_keys G
t_screen "G: the oldest call, as End" 'row 1$'
tm_keys g
t_screen "g: back to the newest, as Home" 'row 40$'
for i in $(seq 9); do tm_keys j; done
tm_keys Enter
t_screen "j moves the cursor down, as Down (the tenth row: row 31)" '^Started +2025-03-14 10:16:00'
tm_keys Left
t_screen "Left leaves the detail, as Esc" '^time +operator'
for i in $(seq 9); do tm_keys k; done
tm_keys Enter
t_screen "k moves it up, as Up (the first row: row 40)" '^Started +2025-03-14 10:20:00'
tm_keys BSpace
t_screen "Backspace leaves the detail, as Esc" '^time +operator'
for i in $(seq 9); do tm_keys Down; done
tm_keys Down
t_screen "Down past the last row scrolls by one" 'row 30$'
t_eq "the first row moved by one" "row 39" "$(first)"
tm_keys Enter
t_screen "the cursor is on the row that came in (row 30 started 10:15)" '^Started +2025-03-14 10:15:00'
tm_keys Escape
for i in $(seq 9); do tm_keys Up; done
tm_keys Up
t_screen "Up past the first row loads the newer one" 'row 40$'
t_eq "back at the top" "row 40" "$(first)"
t_no_overflow "no line wider than the terminal"
MADOGUCHI_LOG=$LOG "$MADOGUCHI" log add --disposition other --state interrupted --note 'cut off' >/dev/null
t_screen "an interrupted call arrives, marked ~" ' ~  cut off$'
tm_keys Home Enter
t_screen "its detail says it was interrupted" '^INTERRUPTED: this call was saved before its wrap-up'
# The charts are longer than 14 rows: End shows their end, Home the top.
tm_keys q
t_screen "(q leaves the detail)" '^madoguchi review +\[calls\]'
tm_keys t
t_screen "t: the charts" '^madoguchi review +\[charts\]'
t_nomatch "(the end is below)" '^Escalations waiting' "$screen"
tm_keys End
t_screen "End scrolls the charts to their last line" '^Escalations waiting: 2 '
tm_keys Home
t_screen "Home back to the top" '^Calls: 4[01] '
tm_keys '?'
t_screen "? opens the help" '^madoguchi review +\[help\]'
tm_keys '?'
t_screen "? again goes back to the view it came from" '^madoguchi review +\[charts\]'
tm_keys j
t_screen_not "j scrolls the charts down a line" '^Calls: 4[01] '
tm_keys k
t_screen "k scrolls them back" '^Calls: 4[01] '
tm_keys q
t_exit "q ends the review" 0

# F10 and Ctrl-C quit at once, in a prompt too (q would be typed there).
tm_start -g -s 80x14 -e MADOGUCHI_LOG="$LOG" -e TZ=UTC -- --ambiwidth single review
t_screen "the review starts again" '^madoguchi review'
tm_keys F10
t_exit "F10 ends the review" 0
tm_start -g -s 80x14 -e MADOGUCHI_LOG="$LOG" -e TZ=UTC -- --ambiwidth single review
t_screen "and again" '^madoguchi review'
tm_keys o
t_screen "o opens the operator prompt" 'Operator \(empty: any\):'
tm_keys q
t_screen "q is typed into the prompt" 'Operator \(empty: any\): q'
tm_keys C-c
t_exit "Ctrl-C ends the review from the prompt" 0
t_done
