#include "ident.h"
#include "hex.h"
#include "i18n.h"
#include "jdate.h"
#include "kana.h"
#include "text_fold.h"
#include "text_norm.h"
#include "text_utf8.h"

#include "kanji-variants.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sodium.h>
#include <unicase.h>
#include <unictype.h>
#include <uninorm.h>
#include <unistr.h>

static const char *const kind_names[IDENT_NKINDS] = {
	"kana", "name", "date", "phone", "email", "postal",
};

const char *ident_kind_name(enum ident_kind kind)
{
	return (unsigned)kind < IDENT_NKINDS ? kind_names[kind] : "?";
}

int ident_kind_parse(const char *s)
{
	for (int k = 0; k < IDENT_NKINDS; k++)
		if (strcmp(s, kind_names[k]) == 0)
			return k;
	return -1;
}

static int reject(struct ident_result *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static int reject(struct ident_result *r, const char *fmt, ...)
{
	va_list ap;

	r->canon[0] = '\0';
	va_start(ap, fmt);
	vsnprintf(r->msg, sizeof r->msg, fmt, ap);
	va_end(ap);
	return -1;
}

/* A character as an operator can read it in a message: itself, or its
 * code point when it is invisible, combining or U+FFFD (which only says
 * something was lost). */
static const char *show(ucs4_t uc, char buf[16])
{
	int n;

	if (uc_is_general_category(uc, UC_CATEGORY_M) || uc_is_general_category(uc, UC_CATEGORY_Z) ||
	    uc_is_general_category(uc, UC_CATEGORY_C) || uc == 0xFFFD) {
		snprintf(buf, 16, "U+%04X", (unsigned)uc);
		return buf;
	}
	memcpy(buf, "「", 3);
	n = u8_uctomb((uint8_t *)buf + 3, uc, 6);
	memcpy(buf + 3 + (n > 0 ? n : 0), "」", 4);
	return buf;
}

/* The output being built: canon plus room to tell "too long". */
struct out {
	struct ident_result *r;
	size_t len;
	bool full;
};

static void put(struct out *o, ucs4_t uc)
{
	int n = u8_uctomb((uint8_t *)o->r->canon + o->len, uc, (int)(IDENT_MAX - 1 - o->len));

	if (n < 0) {
		o->full = true;
		return;
	}
	o->len += (size_t)n;
	o->r->canon[o->len] = '\0';
}

static void put_byte(struct out *o, char ch)
{
	if (o->len + 1 >= IDENT_MAX) {
		o->full = true;
		return;
	}
	o->r->canon[o->len++] = ch;
	o->r->canon[o->len] = '\0';
}

/* The last code point written (0 if none), and where it starts. */
static ucs4_t last(const struct out *o, size_t *at)
{
	const uint8_t *start = (const uint8_t *)o->r->canon;
	ucs4_t uc = 0;
	const uint8_t *p = o->len ? u8_prev(&uc, start + o->len, start) : NULL;

	if (at)
		*at = p ? (size_t)(p - start) : o->len;
	return p ? uc : 0;
}

/* A voiced or semi-voiced mark after a kana combines with it when Unicode
 * has the combined letter, so "か" + U+3099 and "が" agree. */
static bool combine_last(struct out *o, ucs4_t mark)
{
	size_t at;
	ucs4_t prev = last(o, &at), c = prev ? uc_composition(prev, mark) : 0;

	if (!c)
		return false;
	o->len = at;
	o->r->canon[at] = '\0';
	put(o, c);
	return true;
}

/* Input any caller can produce, checked before normalisation. */
static int check_input(const char *in, size_t n, struct ident_result *r, bool *ascii)
{
	size_t at = 0;
	unsigned int uc = 0;

	if (n > IDENT_MAX_INPUT)
		return reject(r, _("too long (%zu bytes; at most %d)"), n, IDENT_MAX_INPUT);
	switch (text_check_typed(in, n, &at, &uc, ascii)) {
	case TEXT_TYPED_BAD_UTF8:
		return reject(r, _("not valid UTF-8 (byte %zu): retype it"), at + 1);
	case TEXT_TYPED_CONTROL:
		return reject(r, _("contains the control character U+%04X (byte %zu): retype it"),
			      uc, at + 1);
	case TEXT_TYPED_OK:
		break;
	}
	return 0;
}

/* NFKC into buf when it fits (the result may be malloc'd otherwise: free
 * it when it is neither buf nor in).  ASCII is already NFKC. */
static const uint8_t *nfkc(const char *in, size_t n, bool ascii, uint8_t *buf, size_t size, size_t *len)
{
	if (ascii) {
		*len = n;
		return (const uint8_t *)in;
	}
	*len = size;
	return (const uint8_t *)text_nfkc(in, n, (char *)buf, len);
}

static void nfkc_free(const uint8_t *s, const char *in, const uint8_t *buf)
{
	if (s != buf && s != (const uint8_t *)in)
		free((void *)s);
}

static bool is_space(ucs4_t uc)
{
	return uc == ' ' || uc == 0x3000;
}

static bool is_mark(ucs4_t uc)
{
	return uc == 0x3099 || uc == 0x309A;
}

/* Before NFKC the spacing marks ゛ ゜ become the combining ones, as in
 * text_fold: NFKC would make ゛ a space and U+3099, and a mark typed after
 * a space ("さいとう ﾞ") could then not be told from か゛.  For names the
 * variation selectors go too: left in, they would keep a kana and its mark
 * apart.  Returns in itself when there is nothing to change (the usual
 * case, and a copy was a fifth of the time of a reading), else the copy in
 * out, which needs n bytes (゛→U+3099 keeps 3 bytes).  in is valid UTF-8. */
static const char *premap(const char *in, size_t *n, char *out, bool selectors)
{
	const uint8_t *s = (const uint8_t *)in;
	size_t i = 0, k = 0;

	while (i + 2 < *n && !(s[i] == 0xE3 && s[i + 1] == 0x82 && (s[i + 2] == 0x9B || s[i + 2] == 0x9C)) &&
	       !(selectors && ((s[i] == 0xEF && s[i + 1] == 0xB8) || s[i] == 0xF3)))
		i++;
	if (i + 2 >= *n)
		return in;
	memcpy(out, in, i);
	k = i;
	while (i < *n) {
		ucs4_t uc;
		int len = u8_mbtouc(&uc, s + i, *n - i);

		if (text_mark_combining(uc) != uc) {
			k += (size_t)u8_uctomb((uint8_t *)out + k, text_mark_combining(uc), 3);
		} else if (!selectors || !((uc >= 0xFE00 && uc <= 0xFE0F) || (uc >= 0xE0100 && uc <= 0xE01EF))) {
			memcpy(out + k, in + i, (size_t)len);
			k += (size_t)len;
		}
		i += (size_t)len;
	}
	*n = k;
	return out;
}

/* The spacing form of a voicing mark, for messages. */
static const char *mark_text(ucs4_t mark)
{
	return mark == 0x3099 ? "「゛」" : "「゜」";
}

/* A voicing mark left after NFKC, which has already joined every pair
 * Unicode composes.  It stays only with the kana put right before it,
 * which starts at base in the normalised text (NULL when a space or ・
 * came between, or nothing): joined when that kana was first made full
 * size (ぅ゛ → ゔ), or kept after わゐゑを, whose voiced forms exist only
 * in katakana (ヷ → わ゙).  Anything else is a mark that belongs to no
 * kana (あ゛, が゛, ー゛, 山゛): rejected, never kept as garbage.  joins is
 * false when what was put before is not what was typed (々 repeated, ヶ
 * made ケ): ケ゛ is ゲ, ヶ゛ is a mistake. */
static int voice(struct out *o, ucs4_t mark, const uint8_t *base, const uint8_t *at,
		 bool joins, const char *retype, struct ident_result *r)
{
	ucs4_t prev = base && joins ? last(o, NULL) : 0;

	if (prev && combine_last(o, mark))
		return 0;
	if (mark == 0x3099 && prev >= 0x308F && prev <= 0x3092) {
		put(o, mark);
		return 0;
	}
	if (!base)
		return reject(r, _("%s must come right after its kana: %s"), mark_text(mark), retype);
	return reject(r, _("%s does not go with 「%.*s」: %s"), mark_text(mark), (int)(at - base),
		      (const char *)base, retype);
}

/* Katakana → hiragana, small → full size.  Returns 0 for a character that
 * is not kana; *mark gets U+3099 for ヷヸヹヺ, which have no hiragana. */
static ucs4_t to_hiragana(ucs4_t uc, ucs4_t *mark)
{
	/* ㇰ..ㇿ: the small katakana of Ainu and dialects, full size. */
	static const uint16_t ext[16] = {
		0x304F, 0x3057, 0x3059, 0x3068, 0x306C, 0x306F, 0x3072, 0x3075,
		0x3078, 0x307B, 0x3080, 0x3089, 0x308A, 0x308B, 0x308C, 0x308D,
	};

	*mark = 0;
	if (uc >= 0x30A1 && uc <= 0x30F6)
		uc -= 0x60;
	else if (uc >= 0x30F7 && uc <= 0x30FA) {
		*mark = 0x3099;
		return 0x308F + (uc - 0x30F7);
	} else if (uc == 0x30FD || uc == 0x30FE)
		uc -= 0x60;
	else if (uc >= 0x31F0 && uc <= 0x31FF)
		return ext[uc - 0x31F0];
	switch (uc) {
	case 0x3041: case 0x3043: case 0x3045: case 0x3047: case 0x3049:
	case 0x3063: case 0x3083: case 0x3085: case 0x3087: case 0x308E:
		return uc + 1;
	case 0x3095:
		return 0x304B;
	case 0x3096:
		return 0x3051;
	}
	if ((uc >= 0x3041 && uc <= 0x3096) || uc == 0x309D || uc == 0x309E || uc == 0x30FC)
		return uc;
	return 0;
}

/* A small vowel or ゃゅょ after ゔ (ヴァ, ヴィ, ヴェ, ヴォ, ヴュ) is one
 * sound with it, the b-row kana callers say for it (バイオリン): put in
 * place of the ゔ, so the small kana is not made a vowel of its own.
 * True when uc was used so. */
static bool v_row(struct out *o, ucs4_t uc)
{
	static const struct { uint16_t small, b, tail; } t[] = {
		{ 0x3041, 0x3070, 0 }, { 0x3043, 0x3073, 0 }, { 0x3047, 0x3079, 0 }, { 0x3049, 0x307C, 0 },
		{ 0x3083, 0x3073, 0x3084 }, { 0x3085, 0x3073, 0x3086 }, { 0x3087, 0x3073, 0x3088 },
	};
	size_t at;

	if (uc >= 0x30A1 && uc <= 0x30F6)
		uc -= 0x60;
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
		if (t[i].small != uc || last(o, &at) != 0x3094)
			continue;
		o->len = at;
		o->r->canon[at] = '\0';
		put(o, t[i].b);
		if (t[i].tail)
			put(o, t[i].tail);
		return true;
	}
	return false;
}

static int canon_kana(const char *in, size_t n, bool ascii, struct ident_result *r)
{
	char plain[IDENT_MAX_INPUT];
	uint8_t buf[4 * IDENT_MAX_INPUT];
	size_t len, pn = n;
	const char *p = ascii ? in : premap(in, &pn, plain, false);
	const uint8_t *s = nfkc(p, pn, ascii, buf, sizeof buf, &len), *base = NULL;
	struct out o = { r, 0, false };
	ucs4_t lead = 0;    /* a dash before any kana */
	char cb[16];
	int rc = 0;

	if (!s)
		return reject(r, _("out of memory"));
	for (size_t i = 0; i < len && !o.full;) {
		const uint8_t *at = s + i;
		ucs4_t uc, h, mark;

		i += (size_t)u8_mbtouc(&uc, at, len - i);
		if (is_space(uc) || uc == 0x30FB) {
			base = NULL;
			continue;
		}
		if (is_mark(uc)) {
			rc = voice(&o, uc, base, at, true, _("retype the reading"), r);
			if (rc)
				break;
			continue;
		}
		base = at;
		if (text_is_dash(uc)) {
			/* Refused after the loop, so a mark on it is named first. */
			if (o.len == 0)
				lead = uc;
			put(&o, 0x30FC);
			continue;
		}
		h = to_hiragana(uc, &mark);
		if (!h) {
			rc = reject(r, _("%s is not kana: type the reading in kana"), show(uc, cb));
			break;
		}
		if (v_row(&o, uc))
			continue;
		put(&o, h);
		if (mark)
			put(&o, mark);
	}
	nfkc_free(s, p, buf);
	if (rc)
		return rc;
	if (lead)
		return reject(r, _("%s is not kana at the start of a reading: a long vowel mark (ー) "
				   "goes after the kana it lengthens"), show(lead, cb));
	if (o.full)
		return reject(r, _("too long for a reading (more than %d bytes)"), IDENT_MAX - 1);
	if (o.len == 0)
		return reject(r, _("no reading given: type it in kana"));
	o.len = kana_fold_reading(r->canon, o.len);
	return 0;
}

static ucs4_t fold_kanji(ucs4_t uc)
{
	size_t lo = 0, hi = sizeof kanji_variants / sizeof kanji_variants[0];

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (kanji_variants[mid].from == uc)
			return kanji_variants[mid].to;
		if (kanji_variants[mid].from < uc)
			lo = mid + 1;
		else
			hi = mid;
	}
	return uc;
}

static bool is_name_char(ucs4_t uc)
{
	return uc_is_property_ideographic(uc) || uc == 0x3005 /* 々 */ || uc == 0x303B /* 〻 */ ||
	       (uc >= 0x3041 && uc <= 0x3096) || uc == 0x309D || uc == 0x309E ||
	       (uc >= 0x30A1 && uc <= 0x30FA) || uc == 0x30FD || uc == 0x30FE ||
	       (uc >= 'A' && uc <= 'Z');
}

/* What a name character stands for, given the character put before it
 * (0 at the start): 々 and 〻 repeat it (佐々木 is 佐佐木), ゝ ゞ ヽ ヾ
 * repeat a kana (いすゞ is いすず), and the small ヶ ヵ ゖ ゕ of place
 * names are the ケ written for them as often (関ヶ原, 関ケ原).  A repeat
 * mark with nothing it can repeat (nothing, or a lone voicing mark)
 * stands as written (〻 as 々).  *joins
 * says whether a voicing mark after it may join it: only when it is what
 * was typed. */
static ucs4_t name_char(ucs4_t uc, ucs4_t prev, bool *joins)
{
	ucs4_t rep;

	*joins = false;
	switch (uc) {
	case 0x3005: case 0x303B:
		return prev && prev != 0x3099 ? prev : 0x3005;
	case 0x3095: case 0x3096: case 0x30F5: case 0x30F6:
		return 0x30B1;
	}
	if ((rep = kana_repeat(prev, uc)) != 0)
		return rep;
	*joins = true;
	return fold_kanji(uc);
}

static int canon_name(const char *in, size_t n, bool ascii, struct ident_result *r)
{
	char plain[IDENT_MAX_INPUT];
	uint8_t buf[4 * IDENT_MAX_INPUT];
	size_t len, pn = n;
	const char *p = ascii ? in : premap(in, &pn, plain, true);
	const uint8_t *s = nfkc(p, pn, ascii, buf, sizeof buf, &len), *base = NULL;
	struct out o = { r, 0, false };
	ucs4_t prev = 0;    /* the last character put */
	bool joins = true;
	char cb[16];
	int rc = 0;

	if (!s)
		return reject(r, _("out of memory"));
	for (size_t i = 0; i < len && !o.full;) {
		const uint8_t *at = s + i;
		ucs4_t uc;

		i += (size_t)u8_mbtouc(&uc, at, len - i);
		if (is_space(uc) || uc == 0x30FB) {
			base = NULL;
			continue;
		}
		if (uc >= 'a' && uc <= 'z')
			uc -= 'a' - 'A';
		if (is_mark(uc)) {
			rc = voice(&o, uc, base, at, joins, _("retype the name"), r);
			if (rc)
				break;
			prev = last(&o, NULL);
			continue;
		}
		base = at;
		joins = true;
		if (text_is_dash(uc)) {
			if (!to_hiragana(prev, &(ucs4_t){ 0 })) {
				rc = reject(r, _("%s cannot be in a name here: a long vowel mark (ー) goes after "
						 "the kana it lengthens"), show(uc, cb));
				break;
			}
			put(&o, prev = 0x30FC);
			continue;
		}
		if (!is_name_char(uc)) {
			rc = reject(r, _("%s cannot be in a name: type the name in kanji or kana"), show(uc, cb));
			break;
		}
		prev = name_char(uc, prev, &joins);
		put(&o, prev);
	}
	nfkc_free(s, p, buf);
	if (rc)
		return rc;
	if (o.full)
		return reject(r, _("too long for a name (more than %d bytes)"), IDENT_MAX - 1);
	if (o.len == 0)
		return reject(r, _("no name given"));
	return 0;
}

static int canon_date(const char *in, size_t n, struct ident_result *r)
{
	struct jdate d;

	if (jdate_parse(in, n, &d, r->msg, sizeof r->msg))
		return -1;
	jdate_iso(&d, r->canon);
	return 0;
}

/* Separators people write inside a phone number or postal code. */
static bool is_separator(ucs4_t uc)
{
	return is_space(uc) || text_is_dash(uc) || uc == '(' || uc == ')' || uc == '.';
}

/* 81 99 472 1111 and 81 (0)99 472 1111 are both 099 472 1111: no
 * domestic number starts with 8, so a leading 81 is the country code. */
static size_t domestic(char *digits, size_t k)
{
	if (strncmp(digits, "81", 2) != 0)
		return k;
	memmove(digits, digits + 2, k - 1);
	k -= 2;
	if (digits[0] == '0')
		return k;
	memmove(digits + 1, digits, k + 1);
	digits[0] = '0';
	return k + 1;
}

static int canon_phone(const char *in, size_t n, bool ascii, struct ident_result *r)
{
	uint8_t buf[4 * IDENT_MAX_INPUT];
	char digits[32];
	size_t len, k = 0, typed;
	const uint8_t *s = nfkc(in, n, ascii, buf, sizeof buf, &len);
	bool plus = false, any = false;
	char cb[16];
	int rc = 0;

	if (!s)
		return reject(r, _("out of memory"));
	for (size_t i = 0; i < len;) {
		ucs4_t uc;

		i += (size_t)u8_mbtouc(&uc, s + i, len - i);
		if (uc >= '0' && uc <= '9') {
			if (k == sizeof digits - 1) {
				rc = reject(r, _("too many digits for a phone number"));
				break;
			}
			digits[k++] = (char)uc;
		} else if (uc == '+' && !any) {
			plus = true;
		} else if (!is_separator(uc)) {
			rc = reject(r, _("%s cannot be in a phone number: type digits, with - ( ) if you like"),
				    show(uc, cb));
			break;
		}
		any = any || !is_space(uc);
	}
	nfkc_free(s, in, buf);
	if (rc)
		return rc;
	digits[k] = '\0';
	if (k == 0)
		return reject(r, _("no phone number given"));
	if (plus && strncmp(digits, "81", 2) != 0)
		return reject(r, _("only Japanese numbers (+81) can be looked up"));
	typed = k;
	k = domestic(digits, k);
	if (digits[0] != '0')
		return reject(r, _("a phone number starts with 0 (or +81): %s"), digits);
	/* After the +81 swap the count is not what the caller said: say both. */
	if ((k != 10 && k != 11) && k != typed)
		return reject(r, _("the %zu digits typed read as %s, with 81 as the country code (+81 → 0): "
				   "a phone number has 10 or 11 digits, this has %zu"), typed, digits, k);
	if (k != 10 && k != 11)
		return reject(r, _("a phone number has 10 or 11 digits, this has %zu"), k);
	memcpy(r->canon, digits, k + 1);
	return 0;
}

/* What an address may hold unquoted (quoted local parts are not taken).
 * ASCII: RFC 5322 atext and the dot before the @ (dots anywhere there:
 * old mobile addresses such as taro..@docomo.ne.jp are real), letters,
 * digits, - and . after it.  Beyond ASCII (RFC 6531, IDN): letters, marks
 * and digits only, so no private-use, unassigned or U+FFFD code point,
 * nor 、 or 。 typed for , and . */
static bool email_char(ucs4_t uc, bool domain)
{
	if (uc >= 0x80)
		return uc != 0xFFFD && (uc_is_general_category(uc, UC_CATEGORY_L) ||
					uc_is_general_category(uc, UC_CATEGORY_M) ||
					uc_is_general_category(uc, UC_CATEGORY_N));
	if ((uc >= 'a' && uc <= 'z') || (uc >= 'A' && uc <= 'Z') || (uc >= '0' && uc <= '9') ||
	    uc == '-' || uc == '.')
		return true;
	return !domain && uc && strchr("!#$%&'*+/=?^_`{|}~", (int)uc);
}

static int check_email_chars(const char *s, size_t n, const char *dom, struct ident_result *r)
{
	char cb[16];

	for (size_t i = 0; i < n;) {
		ucs4_t uc;
		bool domain = s + i >= dom;

		i += (size_t)u8_mbtouc(&uc, (const uint8_t *)s + i, n - i);
		if (uc == '@' || email_char(uc, domain))
			continue;
		if (domain)
			return reject(r, _("%s cannot be in the part after @: use letters, digits, - and ."),
				      show(uc, cb));
		return reject(r, _("%s cannot be in an e-mail address"), show(uc, cb));
	}
	return 0;
}

static int check_email(const char *s, size_t n, struct ident_result *r)
{
	const char *at = memchr(s, '@', n), *dom;
	size_t dn;

	if (!at)
		return reject(r, _("an e-mail address needs an @"));
	if (memchr(at + 1, '@', n - (size_t)(at - s) - 1))
		return reject(r, _("an e-mail address has only one @"));
	if (at == s)
		return reject(r, _("nothing before the @ of the e-mail address"));
	dom = at + 1;
	dn = n - (size_t)(dom - s);
	if (memchr(s, ' ', n))
		return reject(r, _("an e-mail address has no spaces"));
	if (check_email_chars(s, n, dom, r))
		return -1;
	if (dn == 0 || !memchr(dom, '.', dn))
		return reject(r, _("the part after @ needs a dot, as in example.jp"));
	for (size_t i = 1; i < dn; i++)
		if (dom[i] == '.' && dom[i - 1] == '.')
			return reject(r, _("the part after @ has an empty part between dots"));
	if (dom[0] == '.' || dom[dn - 1] == '.')
		return reject(r, _("the part after @ has an empty part between dots"));
	for (size_t i = 0; i < dn; i++)
		if (dom[i] == '-' && (i == 0 || dom[i - 1] == '.' || i + 1 == dn || dom[i + 1] == '.'))
			return reject(r, _("a part of the domain after @ cannot start or end with -"));
	return 0;
}

static int canon_email(const char *in, size_t n, bool ascii, struct ident_result *r)
{
	uint8_t buf[4 * IDENT_MAX_INPUT], lbuf[IDENT_MAX];
	size_t len, ln = sizeof lbuf;
	const uint8_t *s = nfkc(in, n, ascii, buf, sizeof buf, &len), *t, *lower;
	int rc;

	if (!s)
		return reject(r, _("out of memory"));
	t = s;
	while (len > 0 && *t == ' ')
		t++, len--;
	while (len > 0 && t[len - 1] == ' ')
		len--;
	/* Case mapping can leave a string that is no longer NFKC, so the
	 * lower-case form is normalised again; ASCII needs neither. */
	if (ascii && len < sizeof lbuf) {
		for (size_t i = 0; i < len; i++)
			lbuf[i] = t[i] >= 'A' && t[i] <= 'Z' ? (uint8_t)(t[i] + 'a' - 'A') : t[i];
		ln = len;
		lower = lbuf;
	} else {
		lower = u8_tolower(t, len, NULL, UNINORM_NFKC, lbuf, &ln);
	}
	nfkc_free(s, in, buf);
	if (!lower)
		return reject(r, _("out of memory"));
	if (ln == 0)
		rc = reject(r, _("no e-mail address given"));
	else if (ln >= IDENT_MAX)
		rc = reject(r, _("too long for an e-mail address (more than %d bytes)"), IDENT_MAX - 1);
	else
		rc = check_email((const char *)lower, ln, r);
	if (!rc) {
		memcpy(r->canon, lower, ln);
		r->canon[ln] = '\0';
	}
	if (lower != lbuf)
		free((void *)lower);
	return rc;
}

static int canon_postal(const char *in, size_t n, bool ascii, struct ident_result *r)
{
	uint8_t buf[4 * IDENT_MAX_INPUT];
	size_t len, k = 0;
	const uint8_t *s = nfkc(in, n, ascii, buf, sizeof buf, &len);
	struct out o = { r, 0, false };
	char cb[16];
	int rc = 0;

	if (!s)
		return reject(r, _("out of memory"));
	for (size_t i = 0; i < len;) {
		ucs4_t uc;

		i += (size_t)u8_mbtouc(&uc, s + i, len - i);
		if (uc >= '0' && uc <= '9') {
			k++;
			put_byte(&o, (char)uc);
		} else if (uc != 0x3012 /* 〒 */ && !is_space(uc) && !text_is_dash(uc)) {
			rc = reject(r, _("%s cannot be in a postal code: type its 7 digits"), show(uc, cb));
			break;
		}
	}
	nfkc_free(s, in, buf);
	if (rc)
		return rc;
	if (k != 7)
		return reject(r, _("a postal code has 7 digits, this has %zu"), k);
	return 0;
}

int ident_canon(enum ident_kind kind, const char *in, size_t n, struct ident_result *r)
{
	bool ascii = false;

	r->canon[0] = '\0';
	r->msg[0] = '\0';
	if (!in)
		n = 0, in = "";
	if (kind != IDENT_DATE && check_input(in, n, r, &ascii))
		return -1;
	switch (kind) {
	case IDENT_KANA:
		return canon_kana(in, n, ascii, r);
	case IDENT_NAME:
		return canon_name(in, n, ascii, r);
	case IDENT_DATE:
		return canon_date(in, n, r);
	case IDENT_PHONE:
		return canon_phone(in, n, ascii, r);
	case IDENT_EMAIL:
		return canon_email(in, n, ascii, r);
	case IDENT_POSTAL:
		return canon_postal(in, n, ascii, r);
	case IDENT_NKINDS:
		break;
	}
	return reject(r, _("unknown kind of identifier"));
}

/* Bumped when a rule changes in a way no probe below shows. */
#define IDENT_RULES_VERSION 2

void ident_rules_id(char out[IDENT_RULES_LEN + 1])
{
	static const struct { enum ident_kind kind; const char *s; } probes[] = {
		{ IDENT_KANA, "ｻｲﾄｳ ｼｮｳｺ" }, { IDENT_KANA, "ヴァイオリン" }, { IDENT_KANA, "ラ〜メン" },
		{ IDENT_KANA, "ぁぃぅぇぉっゃゅょゎゕゖ" }, { IDENT_KANA, "か゛き゜" }, { IDENT_KANA, "あ゛" },
		{ IDENT_KANA, "ヷヸ" }, { IDENT_KANA, "タナカ・タロウ" }, { IDENT_KANA, "ｶﾞｷﾞ ﾊﾟ" },
		{ IDENT_KANA, "さいとう ﾞ" }, { IDENT_KANA, "ｺﾞﾄｳ－ﾀﾛｰ" },
		{ IDENT_KANA, "さゝき いすゞ イスヾ ゝさ" }, { IDENT_KANA, "ちぢわ つづき ゐゑを ヹ" },
		{ IDENT_KANA, "サイトー ショーコ おおの けえこ らーめん んー" }, { IDENT_KANA, "ヴァヴィヴヴェヴォヴュ" },
		{ IDENT_KANA, "ーさと" }, { IDENT_KANA, "〜さと" },
		{ IDENT_NAME, "髙橋 﨑子" }, { IDENT_NAME, "渡邊邉" }, { IDENT_NAME, "濵田濱" },
		{ IDENT_NAME, "齋藤齊" }, { IDENT_NAME, "澤井淵國櫻廣" }, { IDENT_NAME, "巖栁逹" },
		{ IDENT_NAME, "山゛" }, { IDENT_NAME, "葛\xef\xb8\x80城" }, { IDENT_NAME, "John Smith" },
		{ IDENT_NAME, "祐\xef\xa9\x8f" }, { IDENT_NAME, "辻\xef\xb8\x8f" },
		{ IDENT_NAME, "葛\xf3\xa0\x84\x80城\xf3\xa0\x87\xaf" }, { IDENT_KANA, "か\xef\xb8\x80゛" },
		{ IDENT_NAME, "佐々木 佐〻木 々" }, { IDENT_NAME, "関ヶ原関ヵ原ゖゕ" }, { IDENT_NAME, "いすゞイスヾ" },
		{ IDENT_NAME, "ヶ゛" }, { IDENT_NAME, "ーあ" },
		{ IDENT_DATE, "S50.3.1" }, { IDENT_DATE, "昭和５０年３月１日" }, { IDENT_DATE, "H31.5.1" },
		{ IDENT_DATE, "令和元年6月28日" }, { IDENT_DATE, "明治6年1月1日" }, { IDENT_DATE, "1912-07-30" },
		{ IDENT_DATE, "大正元年7月30日" }, { IDENT_DATE, "1975‒3‒1" }, { IDENT_DATE, "19750301" },
		{ IDENT_DATE, "昭50.3.1" }, { IDENT_DATE, "昭和五十年三月一日" }, { IDENT_DATE, "平成三十一年四月三十日" },
		{ IDENT_DATE, "千九百七十五年三月一日" }, { IDENT_DATE, "一九七五年三月一日" },
		{ IDENT_DATE, "昭和50年3月1日(土)" }, { IDENT_DATE, "1975/3/1土曜日" }, { IDENT_DATE, "1975/3/1(日)" },
		{ IDENT_DATE, "西暦1975年3月1日" }, { IDENT_DATE, "S.50.3.1" }, { IDENT_DATE, "1975年3/1" },
		{ IDENT_PHONE, "+81 99-472-1111" }, { IDENT_PHONE, "(099) 472-1111" },
		{ IDENT_PHONE, "８１９９４７２１１１１" },
		{ IDENT_EMAIL, " Taro.Saito@Example.JP " }, { IDENT_EMAIL, "taro..@docomo.ne.jp" },
		{ IDENT_EMAIL, "太郎@例え.jp" }, { IDENT_EMAIL, "ＴＡＲＯ＠ＥＸＡＭＰＬＥ．ＪＰ" },
		{ IDENT_POSTAL, "〒899-7192" }, { IDENT_POSTAL, "８９９－７１９２" }, { IDENT_POSTAL, "899〜7192" },
	};
	crypto_generichash_state st;
	unsigned char h[crypto_generichash_BYTES_MIN], v = IDENT_RULES_VERSION, dash[0x10000 / 8];
	struct ident_result r;

	crypto_generichash_init(&st, NULL, 0, sizeof h);
	crypto_generichash_update(&st, &v, 1);
	for (size_t i = 0; i < sizeof kanji_variants / sizeof kanji_variants[0]; i++) {
		unsigned char pair[8];

		for (int b = 0; b < 4; b++) {
			pair[b] = (unsigned char)(kanji_variants[i].from >> (8 * b));
			pair[4 + b] = (unsigned char)(kanji_variants[i].to >> (8 * b));
		}
		crypto_generichash_update(&st, pair, sizeof pair);
	}
	/* Which characters count as a dash between kana and digits: more
	 * than any probe list would name. */
	memset(dash, 0, sizeof dash);
	for (unsigned int c = 0; c < 0x10000; c++)
		if (text_is_dash(c))
			dash[c / 8] |= (unsigned char)(1u << (c % 8));
	crypto_generichash_update(&st, dash, sizeof dash);
	/* The outcome and the canonical form, never the message: messages
	 * are translated, the rules are not. */
	for (size_t i = 0; i < sizeof probes / sizeof probes[0]; i++) {
		unsigned char ok = ident_canon(probes[i].kind, probes[i].s, strlen(probes[i].s), &r) == 0;

		crypto_generichash_update(&st, &ok, 1);
		crypto_generichash_update(&st, (const unsigned char *)r.canon, strlen(r.canon) + 1);
	}
	crypto_generichash_final(&st, h, sizeof h);
	hex_encode(h, IDENT_RULES_LEN / 2, out);
}
