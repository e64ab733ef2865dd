/*
 * ident — one canonical string for whatever the caller says.
 *
 * The snapshot importer and the lookup (screen and command line) reduce
 * every identifier with these functions and nothing else, so both sides of
 * a match agree.  Dates are in src/jdate (ident_canon(IDENT_DATE) calls it).
 *
 * Canonical forms (see README, "Caller identifiers"):
 *   kana   hiragana reading, no spaces, small kana made full size: さいとうしようこ
 *          (NFKC; katakana → hiragana; a dash after kana → ー, a dash before
 *          any kana rejected; ・ dropped; a voicing mark ゛゜ ﾞﾟ that does not
 *          go with the kana right before it, or stands after a space, is
 *          rejected: あ゛, が゛, ー゛), then one spelling of each sound
 *          (src/kana): ゝゞ expanded, ぢづゐゑを → じずいえお, ヴ → ぶ and
 *          ヴァ → ば, a long vowel (ー, or お after o, え after e …) written
 *          as the kana that lengthens it: サイトー ショーコ → さいとうしようこ
 *   name   kanji name, NFKC, no spaces or ・, variation selectors stripped,
 *          variant kanji folded (髙→高) by data/kanji-variants.tsv, 々 〻
 *          and ゝゞヽヾ repeating what stands before them (佐々木 →
 *          佐佐木), ヶヵゖゕ → ケ, Latin letters upper-cased: for matching
 *          only, never for display; voicing marks as for kana (山゛ is
 *          rejected); ー only after a kana
 *   date   YYYY-MM-DD (src/jdate: Western and era forms)
 *   phone  digits, domestic form: 0994721111 (+81 / 81 → 0; 10 or 11 digits)
 *   email  NFKC, trimmed, lower-case: taro@example.jp
 *   postal 7 digits: 8997192 (〒 and separators dropped)
 *
 * Every function accepts any bytes of any length: invalid UTF-8, NUL bytes,
 * control and format characters (U+200B, U+202E …) and input over
 * IDENT_MAX_INPUT bytes (dates: JDATE_MAX_INPUT) are rejected with a
 * message, never a crash or an over-read.  The canonical form of a
 * canonical form is itself.
 *
 * Ownership: the caller owns the input and the output buffer.
 */
#ifndef MADOGUCHI_IDENT_H
#define MADOGUCHI_IDENT_H

#include <stddef.h>

enum ident_kind {
	IDENT_KANA, IDENT_NAME, IDENT_DATE, IDENT_PHONE, IDENT_EMAIL, IDENT_POSTAL,
	IDENT_NKINDS
};

/* The name factors (one of them is needed to verify a caller) and the
 * supporting factors (one of them too), as 1 << kind bits. */
#define IDENT_NAME_KINDS ((1u << IDENT_KANA) | (1u << IDENT_NAME))
#define IDENT_SUPPORT_KINDS ((1u << IDENT_DATE) | (1u << IDENT_PHONE) | (1u << IDENT_EMAIL))

/* Longest canonical form, with its NUL. */
#define IDENT_MAX 256
/* Longest input read, in bytes: room for spaces, separators and
 * full-width forms around the longest canonical form. */
#define IDENT_MAX_INPUT (4 * IDENT_MAX)

struct ident_result {
	char canon[IDENT_MAX];   /* the canonical form, NUL-terminated */
	char msg[256];           /* why it was rejected, or a warning ("" when none) */
};

/* Canonicalises in[0..n).  Returns 0 (canon set; msg may hold a warning, as
 * for a date written in an era after it ended) or -1 (msg says what is
 * wrong, in words an operator can read out). */
int ident_canon(enum ident_kind kind, const char *in, size_t n, struct ident_result *r);

/* A name for the rules above, as this build applies them: 16 hex digits
 * of a hash of the variant-kanji table and of the canonical forms of a
 * fixed set of probes touching every rule (so a change of rules, of the
 * table or of the Unicode data under NFKC changes it).  The snapshot keeps
 * the one it was imported under; a lookup under other rules could miss a
 * person silently, so the snapshot then asks to be imported again. */
#define IDENT_RULES_LEN 16
void ident_rules_id(char out[IDENT_RULES_LEN + 1]);

/* "kana", "name", … and back; ident_kind_parse returns -1 for unknown. */
const char *ident_kind_name(enum ident_kind kind);
int ident_kind_parse(const char *s);

#endif
