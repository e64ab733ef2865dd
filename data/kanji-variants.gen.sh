#!/bin/sh
# Prints the C header kanji-variants.h from data/kanji-variants.tsv: the
# pairs as {variant, standard} code points sorted by variant, for a binary
# search in src/ident.c.  Run by the Makefile; writes to standard output.
set -eu
export LC_ALL=C
tsv=$(dirname "$0")/kanji-variants.tsv
echo "/* Generated from data/kanji-variants.tsv by data/kanji-variants.gen.sh. */"
echo "/* Modified from Unihan data (c) Unicode, Inc., under the Unicode License in data/LICENSE.Unicode. */"
echo "static const struct { unsigned int from, to; } kanji_variants[] = {"
sed -e 's/#.*//' "$tsv" | awk -F'\t' '
	function dec(s,   b, cp, i, n) {
		b = ord[substr(s, 1, 1)]
		if (b < 128) { cp = b; n = 1 }
		else if (b < 224) { cp = b - 192; n = 2 }
		else if (b < 240) { cp = b - 224; n = 3 }
		else { cp = b - 240; n = 4 }
		if (length(s) != n) { printf "kanji-variants.tsv:%d: \"%s\" is not one character\n", NR, s > "/dev/stderr"; exit 1 }
		for (i = 2; i <= n; i++) cp = cp * 64 + ord[substr(s, i, 1)] - 128
		return cp
	}
	BEGIN { for (i = 1; i < 256; i++) ord[sprintf("%c", i)] = i }
	NF >= 2 && $1 != "" { printf "%d %d\n", dec($1), dec($2) }' |
	sort -n -k1,1 | awk '
	$1 == prev { printf "kanji-variants.tsv: U+%04X is listed twice\n", $1 > "/dev/stderr"; exit 1 }
	{ printf "\t{ 0x%05X, 0x%05X },\n", $1, $2; prev = $1 }'
echo "};"
