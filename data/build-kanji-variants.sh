#!/bin/sh
# Rebuilds data/kanji-variants.tsv (variant kanji → one standard form, for
# matching names) and data/kanji-variants-pairs.tsv (every pair considered,
# folded or not, and why) from the Unihan database in Debian's
# unicode-data package and the hand-kept data/kanji-variants-extra.tsv.
#
# The build does not run this: the tables are committed, so that a name
# canonicalises the same on every machine whatever unicode-data says.  Run
# it by hand after editing the supplement, and review the diff.
#
# A "standard" kanji is a Jōyō one (kJoyoKanji) or a name-list one that
# points nowhere (kJinmeiyoKanji "2010").  Sources, in order (a later pair
# for the same variant wins):
#   kJoyoKanji "U+X"           X is the 2010 Jōyō form of this common one:
#                              the rare official form folds to the common one
#   kJinmeiyoKanji "2010:U+X"  the old form of a name kanji points to X
#                              (藏 → 蔵), with two exceptions:
#                              - X is itself a name kanji and not a Jōyō one:
#                                the two are the list's 18 pairs of one
#                                character (巌―巖, 槙―槇, 遥―遙 …); the one
#                                holding the pointer is listed first and is
#                                the one in common use, so X folds to it
#                                (巖 → 巌);
#                              - X is a CJK compatibility ideograph (渚 →
#                                U+FA46): NFKC already folds X back, and a
#                                pair would make the compatibility form the
#                                canonical one, so there is none
#   kSemanticVariant           only for 髙 and 﨑, the pairs named below
#   kZVariant                  one character, two glyphs (硏 研, 獎 奨):
#                              for every pair with a Japanese-source side
#                              (kIRG_JSource), the one that is not standard
#                              folds to the one that is; a pair of two
#                              standard kanji, or of none, is kept apart
#   data/kanji-variants-extra.tsv
# Chains are resolved (a→b, b→c gives a→c) so one lookup is enough.
#
# kanji-variants-pairs.tsv lists every pair these sources name (kZVariant:
# with a Japanese-source side), whether it is folded (fold), left to NFKC
# (nfkc) or kept apart (keep), the fields behind it (for a supplement
# pair, also the Unihan fields that link its two sides, if any) and why;
# tests/unit/test_ident.c holds ident_canon to it.
#
# usage: sh data/build-kanji-variants.sh > data/kanji-variants.tsv
#        sh data/build-kanji-variants.sh --pairs > data/kanji-variants-pairs.tsv
#        sh data/build-kanji-variants.sh --write     (both, in place)
set -eu
U=${UNIHAN_DIR:-/usr/share/unicode}
here=$(dirname "$0")
export LC_ALL=C
mode=table

case ${1-} in
'') ;;
--pairs) mode=pairs ;;
--write)
	t=$(mktemp "$here/.kanji-variants.XXXXXX")
	p=$(mktemp "$here/.kanji-variants-pairs.XXXXXX")
	trap 'rm -f "$t" "$p"' EXIT
	sh "$0" > "$t"
	sh "$0" --pairs > "$p"
	chmod 644 "$t" "$p"
	mv "$t" "$here/kanji-variants.tsv"
	mv "$p" "$here/kanji-variants-pairs.tsv"
	exit 0 ;;
*)
	echo "usage: sh $0 [--pairs | --write]" >&2
	exit 2 ;;
esac

for f in "$U/Unihan_OtherMappings.txt.bz2" "$U/Unihan_Variants.txt.bz2" "$U/Unihan_IRGSources.txt.bz2"; do
	if [ ! -r "$f" ]; then
		echo "build-kanji-variants.sh: cannot read $f (install unicode-data)" >&2
		exit 1
	fi
done
version=$(bzcat "$U/Unihan_OtherMappings.txt.bz2" | sed -n 's/^# Unicode version: //p')

{
	bzcat "$U/Unihan_OtherMappings.txt.bz2" |
		awk -F'\t' '$2 == "kJoyoKanji" { print "JOYO\t" $1 "\t" $3 } $2 == "kJinmeiyoKanji" { print "JIN\t" $1 "\t" $3 }'
	bzcat "$U/Unihan_IRGSources.txt.bz2" | awk -F'\t' '$2 == "kIRG_JSource" { print "J\t" $1 }'
	bzcat "$U/Unihan_Variants.txt.bz2" | awk -F'\t' '
		$2 ~ /^k(Z|Semantic|SpecializedSemantic|Traditional|Simplified)Variant$/ {
			n = split($3, v, " ")
			for (i = 1; i <= n; i++) {
				sub(/<.*/, "", v[i])
				if (v[i] != $1)
					print "V\t" $2 "\t" $1 "\t" v[i]
			}
		}'
	awk -F'\t' '
		/^#/ || NF < 2 || $1 == "" { next }
		{ why = $0; if (!sub(/^[^#]*#[ \t]*/, "", why)) why = ""; print "C\t" $1 "\t" $2 "\t" why }' \
		"$here/kanji-variants-extra.tsv"
} | awk -F'\t' -v mode="$mode" -v version="$version" '
	function hex(s,   i, c, v) {
		v = 0
		for (i = 3; i <= length(s); i++) {
			c = index("0123456789ABCDEF", toupper(substr(s, i, 1))) - 1
			v = v * 16 + c
		}
		return v
	}
	function enc(cp) {
		cp += 0
		if (cp < 128) return sprintf("%c", cp)
		if (cp < 2048) return sprintf("%c%c", 192 + int(cp / 64), 128 + cp % 64)
		if (cp < 65536) return sprintf("%c%c%c", 224 + int(cp / 4096), 128 + int(cp / 64) % 64, 128 + cp % 64)
		return sprintf("%c%c%c%c", 240 + int(cp / 262144), 128 + int(cp / 4096) % 64,
			       128 + int(cp / 64) % 64, 128 + cp % 64)
	}
	function dec(s,   b, cp, i, n) {
		b = ord[substr(s, 1, 1)]
		if (b < 128) { cp = b; n = 1 }
		else if (b < 224) { cp = b - 192; n = 2 }
		else if (b < 240) { cp = b - 224; n = 3 }
		else { cp = b - 240; n = 4 }
		if (length(s) != n) { print "not one character: " s > "/dev/stderr"; bad = 1 }
		for (i = 2; i <= n; i++) cp = cp * 64 + ord[substr(s, i, 1)] - 128
		return cp
	}
	function compat(c) {
		return (c >= 63744 && c <= 64255) || (c >= 194560 && c <= 195103)
	}
	function std(c) {
		return (c in joyo) || ((c in jin) && jin[c] !~ /:/)
	}
	function key(a, b) {
		return a + 0 < b + 0 ? a " " b : b " " a
	}
	# The pair a, b: a folds to b (or is left to NFKC, or kept apart).
	function pair(a, b, field, decision, why,   k) {
		k = key(a, b)
		if (k in pdec) {
			if (index("," pfield[k] ",", "," field ",") == 0)
				pfield[k] = pfield[k] "," field
			return 0
		}
		pfrom[k] = a; pto[k] = b; pdec[k] = decision; pfield[k] = field; pwhy[k] = why
		return 1
	}
	# The table: a → b, a later pair for a replacing an earlier one.
	function fold(a, b, label) {
		map[a] = b; src[a] = label
	}
	BEGIN { for (i = 1; i < 256; i++) ord[sprintf("%c", i)] = i }
	$1 == "JOYO" { joyo[hex($2)] = $3; next }
	$1 == "JIN" { jin[hex($2)] = $3; next }
	$1 == "J" { jsrc[hex($2)] = 1; next }
	$1 == "V" {
		a = hex($3); b = hex($4)
		link[key(a, b)] = link[key(a, b)] "," $2
		if ($2 == "kZVariant") { nz++; za[nz] = a; zb[nz] = b }
		if ($2 == "kSemanticVariant") sem[a " " b] = 1
		next
	}
	$1 == "C" { nc++; ca[nc] = dec($2); cb[nc] = dec($3); cwhy[nc] = $4; next }
	END {
		if (bad) exit 1
		for (c in joyo) {
			if (joyo[c] !~ /^U\+/)
				continue
			x = hex(joyo[c])
			pair(x, c, "kJoyoKanji", "fold", "the Jōyō table prints both: its official form folds to the one in common use")
			fold(x, c, "kJoyoKanji")
		}
		for (c in jin) {
			if (jin[c] !~ /:U\+/)
				continue
			x = jin[c]; sub(/^.*:/, "", x); x = hex(x)
			if (compat(x)) {
				pair(x, c, "kJinmeiyoKanji", "nfkc", "a compatibility ideograph: NFKC folds it to its unified form first")
			} else if ((x in jin) && !(x in joyo)) {
				pair(x, c, "kJinmeiyoKanji", "fold", "one character twice in the name list: to the form in common use")
				fold(x, c, "kJinmeiyoKanji-pair")
			} else {
				pair(c, x, "kJinmeiyoKanji", "fold", "the old form in the name list (人名用漢字) of its standard form")
				fold(c, x, "kJinmeiyoKanji")
			}
		}
		# Only these semantic variants: the field lists many loose
		# relatives (﨑 also points to 埼), so each pair is named.
		split("U+9AD9 U+9AD8 U+FA11 U+5D0E", want, " ")
		for (i = 1; i <= 4; i += 2) {
			a = hex(want[i]); b = hex(want[i + 1])
			if (!((a " " b) in sem)) {
				print "kSemanticVariant " want[i] " → " want[i + 1] " is missing" > "/dev/stderr"
				exit 1
			}
			pair(a, b, "kSemanticVariant", "fold", "a semantic variant seen in names, named here")
			fold(a, b, "kSemanticVariant")
		}
		for (i = 1; i <= nz; i++) {
			a = za[i]; b = zb[i]
			if (!(a in jsrc) && !(b in jsrc))
				continue
			if (key(a, b) in pdec) {
				pair(a, b, "kZVariant")
				continue
			}
			if (std(a) && std(b)) {
				pair(a, b, "kZVariant", "keep", "both are standard kanji (Jōyō or the name list): two characters in Japan")
			} else if (!std(a) && !std(b)) {
				pair(a, b, "kZVariant", "keep", "neither is a standard kanji (Jōyō, or a name-list form pointing nowhere): none to fold to")
			} else {
				if (std(a)) { t = a; a = b; b = t }
				if (compat(a))
					pair(a, b, "kZVariant", "nfkc", "a compatibility ideograph: NFKC folds it to its unified form first")
				else if (a in jin)
					pair(a, b, "kZVariant", "keep", "an old form in the name list, which points to another form")
				else if (pair(a, b, "kZVariant", "fold", "one character, another glyph: to the standard form") && !(a in map))
					fold(a, b, "kZVariant")
			}
		}
		for (i = 1; i <= nc; i++) {
			a = ca[i]; b = cb[i]; k = key(a, b)
			if (cwhy[i] ~ /常用漢字表/ && !(b in joyo)) {
				printf "kanji-variants-extra.tsv: %s names the Jōyō table, but %s is no Jōyō kanji\n", enc(a), enc(b) > "/dev/stderr"
				exit 1
			}
			# Also the Unihan fields that link the two, if any.
			f = (k in pdec) ? pfield[k] "," : ""
			pfrom[k] = a; pto[k] = b; pdec[k] = "fold"; pfield[k] = f "extra"; pwhy[k] = cwhy[i]
			n = split(link[k], l, ",")
			for (j = 1; j <= n; j++)
				if (l[j] != "" && index("," pfield[k] ",", "," l[j] ",") == 0)
					pfield[k] = pfield[k] "," l[j]
			fold(a, b, "extra")
		}
		# Two forms kept apart as a pair may each fold to one standard
		# form (奬 and 獎 to 奨): then they meet all the same.
		for (k in pdec) {
			if (pdec[k] != "keep")
				continue
			a = pfrom[k]; b = pto[k]
			for (n = 0; (a in map) && n < 10; n++) a = map[a]
			for (n = 0; (b in map) && n < 10; n++) b = map[b]
			if (a == b) {
				pdec[k] = "fold"
				pwhy[k] = "both fold to " enc(a) ", by the pairs of each"
			}
		}
		if (mode == "pairs") {
			print "0\t0\t# kanji-variants-pairs.tsv — every pair the sources of kanji-variants.tsv"
			print "0\t0\t# name, folded or not, and why.  Generated by data/build-kanji-variants.sh"
			print "0\t0\t# --pairs from Unihan " version " (Debian unicode-data) and"
			print "0\t0\t# data/kanji-variants-extra.tsv; edit those, not this.  Modified from the"
			print "0\t0\t# Unihan data © Unicode, Inc., under the Unicode License in"
			print "0\t0\t# data/LICENSE.Unicode; see data/README."
			print "0\t0\t# from<TAB>to<TAB>fold|nfkc|keep<TAB>fields<TAB>why"
			for (k in pdec)
				printf "%d\t%d\t%s\t%s\t%s\t%s\t%s\n", pfrom[k], pto[k], enc(pfrom[k]), enc(pto[k]), pdec[k], pfield[k], pwhy[k]
			exit 0
		}
		print "0\t0\t# kanji-variants.tsv — variant kanji → one standard form, for matching"
		print "0\t0\t# names only (src/ident, kind \"name\"); never for display."
		print "0\t0\t# Generated by data/build-kanji-variants.sh from Unihan " version " (Debian"
		print "0\t0\t# unicode-data) and data/kanji-variants-extra.tsv; edit those, not this."
		print "0\t0\t# Modified from the Unihan data © Unicode, Inc., under the Unicode"
		print "0\t0\t# License in data/LICENSE.Unicode; see data/README."
		print "0\t0\t# variant<TAB>standard<TAB># code points and source"
		for (f in map) {
			t = map[f]
			for (k = 0; (t in map) && k < 10; k++) t = map[t]
			if (k == 10) { print "loop at " f > "/dev/stderr"; exit 1 }
			if (t != f) printf "%d\t0\t%s\t%s\t# U+%04X → U+%04X %s\n", f, enc(f), enc(t), f, t, src[f]
		}
	}' | sort -s -t '	' -k1,1n -k2,2n | sed 's/^[^	]*	[^	]*	//'
