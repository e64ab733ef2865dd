#!/usr/bin/env bash
# Issue 13's measure: the keys and characters an operator types for each of
# the nine call types of the issue, end to end at 80x24 on the demo
# snapshot, on this build and on an earlier one (KEYS_BEFORE=REF, built
# from git; without it only this build is counted).  Each call is really
# played in tmux and its record read back from the log: a plan that does
# not end in the expected disposition, match, escalation and note fails
# the bench, so a count is never of keys that would not do the work.
#
# Keys are the named keys sent (F2, Tab, Enter, a digit or y for a choice);
# characters are the text typed into fields and the note, counted as
# characters (an IME's romaji keystrokes are more).
#
# Usage (from tests/bench/run.sh, or alone):
#   [KEYS_BEFORE=REF] bash tests/bench/keys.sh
# KEYS_BEFORE defaults to 0106f66, main before issue 13; empty: none.
# bench: a failing step fails the bench
set -u
cd "$(dirname "$0")/../.."
. tests/lib.sh
. tests/term/lib.sh
NOW=$ROOT
screen=""
[ -x "$NOW/madoguchi" ] || { echo "keys bench: no $NOW/madoguchi (make all first)" >&2; exit 1; }

D=$T_TMP/demo
"$NOW/madoguchi" demo --dir "$D" >/dev/null || { echo "keys bench: madoguchi demo failed" >&2; exit 1; }

# The earlier build, from git, with its own faq/ and data/.
BEFORE=""
KEYS_BEFORE=${KEYS_BEFORE-0106f66}
if [ -n "$KEYS_BEFORE" ]; then
	mkdir -p "$T_TMP/before"
	if git archive "$KEYS_BEFORE" | tar -x -C "$T_TMP/before" &&
		make -C "$T_TMP/before" -j2 all >"$T_TMP/before.log" 2>&1; then
		BEFORE=$T_TMP/before
	else
		echo "keys bench: cannot build $KEYS_BEFORE:" >&2
		tail -5 "$T_TMP/before.log" >&2
		exit 1
	fi
fi

# A long escalation note (287 characters), as in the issue's call.
LONG="昨日届いた通知について、ご本人から強い苦情。カード会社から不正利用の連絡があり、再発行の手数料と引き落としの返金を市に求めたいとのこと。通知が届くまで二か月以上かかった理由、なぜもっと早く知らせなかったのか、サイトの運営会社の責任はどうなるのかを何度も質問された。市としての回答は後日上長から電話すると伝えた。連絡先は登録の携帯電話、平日の午後なら出られるとのこと。録音の確認を希望。対応した担当者の名前を控えたいと言われたので伝えた。再度の連絡がない場合は報道機関に相談するとも話していた。丁寧に対応したが納得されていない様子。上長の判断を仰ぎたい。至急の折り返しが必要。"

# The nine calls: the form's part is the same for both builds (a plan of
# "k KEY" and "t TEXT" lines); the wrap-up differs (wrap_before,
# wrap_after).  Each call: NAME, the expected match, disposition number
# (1-8 in data/dispositions.tsv), escalation (0/1), note.
CALLS=(verified kanji_phone homonyms partial window halfwidth hangup wrong escalation)
form() {
	case $1 in
	verified)    printf '%s\n' "k F2" "t しぶしたろう" "k Tab" "k Tab" "t S50.3.1" "k Enter" ;;
	kanji_phone) printf '%s\n' "k F2" "k Tab" "t 山﨑花子" "k Tab" "k Tab" "t 080-1234-5678" "k Enter" ;;
	homonyms)    printf '%s\n' "k F2" "t たなかひろし" "k Tab" "k Tab" "t S45.1.1" "k Enter" ;;
	partial)     printf '%s\n' "k F2" "t しぶしたろう" "k Enter" ;;
	window)      printf '%s\n' "k F2" "t やまだいちろう" "k Tab" "k Tab" "t S60.4.1" \
	                 "k Tab" "k Tab" "k Tab" "k Tab" "t R3.5.1" "k Enter" ;;
	halfwidth)   printf '%s\n' "k F2" "t ｻｲﾄｳ ｼｮｳｺ" "k Tab" "k Tab" "k Tab" "t ０９０５５５５６６６６" "k Enter" ;;
	hangup|wrong|escalation) printf '%s\n' "k F2" ;;
	esac
}
expect() {   # NAME -> "match disposition escalate note"
	case $1 in
	verified)    echo "verified 1 0" ;;
	kanji_phone) echo "verified 2 0" ;;
	homonyms)    echo "ambiguous 4 0" ;;
	partial)     echo "partial 1 0" ;;
	window)      echo "none 2 0" ;;
	halfwidth)   echo "verified 5 0" ;;
	hangup)      echo "- 8 0" ;;
	wrong)       echo "- 8 0 間違い電話" ;;
	escalation)  echo "- 6 1 $LONG" ;;
	esac
}

# The wrap-up before issue 13: ↓ from no disposition takes the first, ↑
# the last; Tab to the escalation row, Space; Tab to the note; Enter saves.
wrap_before() {   # DISP ESC NOTE
	echo "k F3"
	if [ "$1" -eq 8 ]; then echo "k Up"; else for _ in $(seq "$1"); do echo "k Down"; done; fi
	[ "$2" = 1 ] && printf '%s\n' "k Tab" "k Space"
	if [ -n "$3" ]; then
		[ "$2" = 1 ] || echo "k Tab"
		printf '%s\n' "k Tab" "t $3"
	fi
	echo "k Enter"
}
# After: the disposition's number, Space wherever the header says, the note
# typed at once; Enter from the note shows what is saved and y saves it.
wrap_after() {
	printf '%s\n' "k F3" "k $1"
	[ "$2" = 1 ] && echo "k Space"
	[ -n "$3" ] && printf '%s\n' "t $3"
	echo "k Enter"
	[ -n "$3" ] && echo "k y"
	return 0
}

# play DIR STEP-FILE: plays the steps on the build in DIR; after Enter in
# the form, waits for the verdict; after the wrap-up's last key, for the
# save.  Prints "keys chars".
play() {
	local keys=0 chars=0 kind arg
	while IFS= read -r line; do
		kind=${line%% *}
		arg=${line#* }
		if [ "$kind" = k ]; then
			tm_keys "$arg"
			keys=$((keys + 1))
		else
			tm_text "$arg"
			chars=$((chars + $(printf '%s' "$arg" | wc -m)))
		fi
		# Each step lands before the next (a key sent during a redraw is
		# kept, but the count is of a call that went through step by step).
		tm_settle
	done <"$2"
	echo "$keys $chars"
}

# last_record LOG: "match disposition escalate note" of the last saved call.
last_record() {
	"$1/madoguchi" log export --log "$2" --format jsonl 2>/dev/null | tail -1 | python3 -c '
import json, sys
r = json.loads(sys.stdin.read())
print(r.get("match") or "-", r.get("disposition"), 1 if r.get("escalate") else 0, r.get("note") or "")'
}

disp_code() { grep -v '^#' data/dispositions.tsv | sed -n "${1}p" | cut -f1; }

# count DIR WRAP NAME: plays call NAME on the build in DIR; prints
# "keys chars" or fails the bench when the record is not the expected one.
count() {
	local dir=$1 wrap=$2 name=$3 m d e note kc got want wrapkeys
	read -r m d e note <<<"$(expect "$name")"
	{ form "$name"; "$wrap" "$d" "$e" "$note"; } >"$T_TMP/steps"
	wrapkeys=$("$wrap" "$d" "$e" "$note" | grep -c '^k ')
	MADOGUCHI=$dir/madoguchi
	ROOT=$dir
	tm_start -s 80x24 -e "MADOGUCHI_SNAPSHOT=$D/snapshot.db" -e "MADOGUCHI_KEY=$D/snapshot.key" \
		-e "MADOGUCHI_LOG=$T_TMP/$name.db" -e "MADOGUCHI_SPOOL_DIR=$T_TMP/spool-$name" \
		-- --ambiwidth single --lang en
	tm_wait_for '^14 ' >/dev/null || { echo "keys bench: $dir did not start" >&2; return 1; }
	kc=$(play "$dir" "$T_TMP/steps")
	tm_keys F10
	tm_wait_file "$T_TMP/status"
	got=$(last_record "$dir" "$T_TMP/$name.db")
	want="$m $(disp_code "$d") $e $note"
	if [ "$got" != "$want" ]; then
		echo "keys bench: $name on $dir saved \"${got:0:60}\", not \"${want:0:60}\"" >&2
		return 1
	fi
	echo "$kc $wrapkeys"
}

row() { printf '%-46s %14s   %-16s %s\n' "$1" "$2" "$3" "$4"; }
# KEYS CHARS WRAP -> "KEYS+CHARS (WRAP)"
fmt() { case $1 in FAILED|-) echo "$1" ;; *) read -r k c w <<<"$1"; echo "$k+$c ($w)" ;; esac; }
fail=0
for name in "${CALLS[@]}"; do
	b="-"
	if [ -n "$BEFORE" ]; then
		b=$(count "$BEFORE" wrap_before "$name") || { fail=1; b="FAILED"; }
	fi
	a=$(count "$NOW" wrap_after "$name") || { fail=1; a="FAILED"; }
	row "keys+chars (wrap-up keys): $name" "$(fmt "$a")" "disposition: 1" \
		"${KEYS_BEFORE:-before}: $(fmt "$b")"
done
exit "$fail"
