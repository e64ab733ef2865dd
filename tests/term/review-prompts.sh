#!/usr/bin/env bash
# The review's prompts that open with a value (the typed range of D, the
# operator of o, the text of /, the export's default path) show it
# selected, as the caller form shows a filled field: the first character
# typed replaces it, Left/Right/Home/End keep it and move into it,
# Backspace empties it.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib.sh"

export MADOGUCHI_LOG=$T_TMP/log.db MADOGUCHI_SPOOL_DIR=$T_TMP/spool TZ=UTC
LOG=$MADOGUCHI_LOG
add() { "$MADOGUCHI" log add "$@" >/dev/null || echo "Bail out! log add $*"; }
add --disposition status --note '個人情報の漏洩について'
add --disposition status --note 'カードの件'
add --disposition complaint --note 'row 3'
add --disposition status --note 'row 4'
# One call a day, 2025-03-14 to 17.
sqlite3 "$LOG" "UPDATE inquiry SET started_at = printf('2025-03-%02dT10:00:00.000Z', 13 + seq),
  ended_at = printf('2025-03-%02dT10:00:30.000Z', 13 + seq);
  UPDATE inquiry SET operator = 'bob' WHERE seq IN (1, 2);
  UPDATE inquiry SET operator = 'alice' WHERE seq IN (3, 4)"
rows() { printf '%s\n' "$screen" | grep -cE '^[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2} '; }
# The prompt's line with its attributes: the selected text in reverse video.
prompt() { tm_screen -e | grep -E "$1" | head -1; }
REV=$'\e\\[[0-9;]*7m'

tm_start -g -s 80x24 -e MADOGUCHI_LOG="$LOG" -e TZ=UTC -- --ambiwidth single review
t_screen "the review starts" '^madoguchi review'

# D: the range in force, selected.
tm_keys D
t_screen "D asks for the dates" 'Dates \(FROM or FROM~TO\): *$'
tm_text 2025-03-14
tm_keys Enter
t_screen "the typed date" '^Date:2025-03-14 '
tm_keys D
t_screen "D again opens with the range in force" 'Dates \(FROM or FROM~TO\): 2025-03-14 *$'
t_match "... selected (reverse video)" "${REV}2025-03-14" "$(prompt 'Dates \(FROM')"
tm_text 2025-03-15
tm_keys Enter
t_screen "the first character typed replaces it" '^Date:2025-03-15 '
t_eq "one call that day" 1 "$(rows)"
tm_keys D Home
t_screen "Home keeps it" 'Dates \(FROM or FROM~TO\): 2025-03-15 *$'
t_nomatch "... no longer selected" "${REV}2025-03-15" "$(prompt 'Dates \(FROM')"
tm_text "2025-03-14~"
tm_keys Enter
t_screen "typing after Home goes before it" '^Date:2025-03-14~2025-03-15 '
t_eq "two calls in the range" 2 "$(rows)"
tm_keys D Left
t_screen "Left keeps it" 'Dates \(FROM or FROM~TO\): 2025-03-14~2025-03-15 *$'
tm_keys Right BSpace
tm_text 6
tm_keys Enter
t_screen "Left and Right move in it: the last digit replaced" '^Date:2025-03-14~2025-03-16 '
t_eq "three calls in the range" 3 "$(rows)"
tm_keys D BSpace
t_screen "Backspace empties it" 'Dates \(FROM or FROM~TO\): *$'
tm_text 2025-03-16
tm_keys Enter
t_screen "... and what is typed then is the range" '^Date:2025-03-16 '
tm_keys D End BSpace
tm_text 7
tm_keys Enter
t_screen "End, then Backspace deletes one character" '^Date:2025-03-17 '
tm_keys d
t_screen "d: back to today" '^Date:today '
tm_keys d d d
t_screen "all dates" '^Date:all '

# o: the operator in force, selected.
tm_keys o
tm_text bob
tm_keys Enter
t_screen "the operator filter" 'Operator:bob '
tm_keys o
t_screen "o again opens with bob" 'Operator \(empty: any\): bob *$'
t_match "... selected" "${REV}bob" "$(prompt 'Operator \(empty')"
tm_text al
tm_keys Enter
t_screen "typing replaces it: al names alice" 'Operator:alice '
t_eq "alice's two calls" 2 "$(rows)"
tm_keys o BSpace Enter
t_screen "Backspace empties it: any operator" 'Operator:\* '

# /: the text in force, selected.
tm_keys /
tm_text 漏洩
tm_keys Enter
t_screen "the note filter" 'Note:漏洩'
tm_keys /
t_screen "/ again opens with the text" 'Text in notes \(empty: any\): 漏洩 *$'
t_match "... selected" "${REV}漏洩" "$(prompt 'Text in notes')"
tm_text カード
tm_keys Enter
t_screen "typing replaces it" 'Note:カード'
t_eq "the カード call" 1 "$(rows)"
tm_keys / BSpace Enter
t_screen "Backspace empties it: any text" 'Note:\*'

# x: the default path, selected.
tm_keys x c
t_screen "the export opens with a default path" 'Export to: \./madoguchi-export-[0-9]{8}-[0-9]{4}\.csv *$'
t_match "... selected" "${REV}\\./madoguchi-export-" "$(prompt 'Export to:')"
tm_text "$T_TMP/out.csv"
tm_keys Enter
t_screen "a path typed replaces the default" "Exported 4 calls to .*out\\.csv"
t_eq "the file is where it was typed" 600 "$(stat -c %a "$T_TMP/out.csv" 2>/dev/null)"
tm_keys x c BSpace
t_screen "Backspace empties the path" 'Export to: *$'
tm_keys Escape
tm_keys x c End
tm_keys BSpace BSpace BSpace
tm_text tsv
t_screen "End keeps the default path to edit" 'Export to: \./madoguchi-export-[0-9]{8}-[0-9]{4}\.tsv *$'
tm_keys Escape

# A paste goes into the prompt open (replacing a value selected); with
# none open it is refused with a word, not dropped.
tm set-buffer -- "漏洩q"
tm paste-buffer -p
t_screen "a paste with no prompt open says where it goes" 'a paste goes into a filter: open one first'
t_screen "... and is no keys (its q did not quit)" '^madoguchi review'
tm_keys /
tm set-buffer -- "漏洩"
tm paste-buffer -p -d
t_screen "a paste into the note filter's prompt is its text" 'Text in notes \(empty: any\): 漏洩 *$'
tm_keys Enter
t_screen "... and filters by it" 'Note:漏洩'
t_eq "... one call" 1 "$(rows)"
tm_keys /
tm set-buffer -- "カード"
tm paste-buffer -p -d
t_screen "a paste replaces the value the prompt opened with" 'Text in notes \(empty: any\): カード *$'
tm_keys Enter
t_screen "... and filters by it" 'Note:カード'
tm_keys / BSpace Enter
tm_keys q
t_exit "q quits" 0
t_done
