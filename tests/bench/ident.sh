#!/usr/bin/env bash
# `make bench` part for issue 3: one full caller record through src/ident.
# Run by tests/bench/run.sh with BUILD set; prints rows in its format.
set -u
B=${BUILD:-build}/bench
row() { printf '%-46s %14s   %-16s %s\n' "$1" "$2" "$3" "$4"; }
[ -x "$B/bench_ident" ] || exit 0
out=$("$B/bench_ident" 101)
get() { printf '%s\n' "$out" | awk -v k="$1" '$1 == k { print $2 }'; }
row "canonicalise one caller record (CPU ns, median)" "$(get ident_record_ns)" "< 5000 ns" \
	"kana $(get ident_kana_ns), name $(get ident_name_ns), date $(get ident_date_ns) ns"
row "  phone, email, postal alone (CPU ns, median)" \
	"$(get ident_phone_ns)/$(get ident_email_ns)/$(get ident_postal_ns)" "" ""
