#include "text_fold.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <unicase.h>
#include <unictype.h>
#include <uninorm.h>
#include <unistr.h>

#include "buf.h"
#include "text_norm.h"

static bool is_hiragana(ucs4_t uc)
{
	return uc >= 0x3041 && uc <= 0x3096;
}

/* Code points that attach to the previous character under NFKC although
 * some are starters (half-width voicing marks, Hangul vowels/finals). */
static bool joins_previous(ucs4_t uc)
{
	if (uc == 0x3099 || uc == 0x309A || uc == 0x309B || uc == 0x309C ||
	    uc == 0xFF9E || uc == 0xFF9F)
		return true;
	if (uc >= 0x1160 && uc <= 0x11FF)
		return true;
	return uc_combining_class(uc) != 0;
}

struct folder {
	struct buf out;     /* the folded bytes */
	struct buf map;     /* with want_map, one size_t per byte of out: the
	                       offset in the original it came from */
	/* The bytes folded last and their offsets, appended to out and map
	 * when the room here is used up: appended a character at a time,
	 * the fold took about a third longer. */
	uint8_t pend[128];
	size_t pend_map[128];
	size_t npend;
	bool want_map;
	bool oom;           /* a segment could not be normalised or kept */
	ucs4_t prev;        /* the last folded code point, 0 at the start */
	ucs4_t seg[32];     /* the current segment, before normalisation */
	ucs4_t *big;        /* when a segment outgrows seg */
	size_t nseg, capbig;
	size_t seg_off;     /* its offset in the original */
};

/* Moves the pending bytes (and their offsets) to out (and map). */
static void fold_drain(struct folder *f)
{
	buf_add(&f->out, f->pend, f->npend);
	if (f->want_map)
		buf_add(&f->map, f->pend_map, f->npend * sizeof *f->pend_map);
	f->npend = 0;
}

/* Appends uc to the folded text, mapped to the segment it came from. */
static void fold_add(struct folder *f, ucs4_t uc)
{
	int len;

	if (f->npend + 6 > sizeof f->pend)
		fold_drain(f);
	len = u8_uctomb(f->pend + f->npend, uc, 6);
	for (int i = 0; i < len; i++)
		f->pend_map[f->npend + (size_t)i] = f->seg_off;
	f->npend += len > 0 ? (size_t)len : 0;
}

static bool fold_failed(const struct folder *f)
{
	return f->oom || f->out.oom || f->map.oom;
}

static void fold_emit(struct folder *f, ucs4_t uc)
{
	if (uc >= 0x30A1 && uc <= 0x30F6)
		uc -= 0x60;
	else if (uc == 0x30FD || uc == 0x30FE)
		uc -= 0x60;
	if (text_is_dash(uc) && (is_hiragana(f->prev) || f->prev == 0x30FC)) {
		uc = 0x30FC;
	} else if (uc == 0x3005 && f->prev) {
		uc = f->prev;
	} else if ((uc == 0x309D || uc == 0x309E) && is_hiragana(f->prev)) {
		/* ゝ repeats the previous kana unvoiced, ゞ voiced. */
		ucs4_t base = f->prev, decomp[UC_DECOMPOSITION_MAX_LENGTH];
		int tag;
		bool voiced = uc == 0x309E;

		if (uc_decomposition(base, &tag, decomp) == 2 && tag == UC_DECOMP_CANONICAL)
			base = decomp[0];
		uc = base;
		if (voiced) {
			ucs4_t v = uc_composition(base, 0x3099);

			uc = v ? v : base;
		}
	}
	fold_add(f, uc);
	f->prev = uc;
}

static void fold_flush(struct folder *f)
{
	ucs4_t *seg = f->big ? f->big : f->seg;
	ucs4_t res[32], *r;
	size_t rn = sizeof res / sizeof res[0];
	int tag;
	ucs4_t decomp[UC_DECOMPOSITION_MAX_LENGTH];

	if (f->nseg == 0)
		return;
	if (f->nseg == 1 && seg[0] < 0x80) {
		fold_emit(f, seg[0] >= 'A' && seg[0] <= 'Z' ? seg[0] + 'a' - 'A' : seg[0]);
	} else if (f->nseg == 1 && uc_decomposition(seg[0], &tag, decomp) < 0 &&
		   !uc_is_property_changes_when_casefolded(seg[0])) {
		/* Nothing to normalise or fold: kana and kanji come here. */
		fold_emit(f, seg[0]);
	} else {
		/* Full case folding (ß → ss) and NFKC in one step. */
		r = u32_casefold(seg, f->nseg, NULL, UNINORM_NFKC, res, &rn);
		if (!r) {
			f->oom = true;
		} else {
			for (size_t i = 0; i < rn; i++)
				fold_emit(f, r[i]);
			if (r != res)
				free(r);
		}
	}
	f->nseg = 0;
	free(f->big);
	f->big = NULL;
	f->capbig = 0;
}

static void fold_push(struct folder *f, ucs4_t uc)
{
	if (f->nseg < sizeof f->seg / sizeof f->seg[0] && !f->big) {
		f->seg[f->nseg++] = uc;
		return;
	}
	if (!f->big || f->nseg == f->capbig) {
		size_t cap = f->capbig ? f->capbig * 2 : 2 * f->nseg;
		ucs4_t *p = realloc(f->big, cap * sizeof *p);

		if (!p) {
			f->oom = true;
			return;
		}
		if (!f->big)
			memcpy(p, f->seg, f->nseg * sizeof *p);
		f->big = p;
		f->capbig = cap;
	}
	f->big[f->nseg++] = uc;
}

static int fold(const char *s, size_t n, bool want_map, struct text_fold *out)
{
	struct folder f = { .want_map = want_map };

	memset(out, 0, sizeof *out);
	for (size_t i = 0; i < n && !fold_failed(&f);) {
		ucs4_t uc;
		int len = u8_mbtoucr(&uc, (const uint8_t *)s + i, n - i);

		if (len <= 0) {
			i++;
			continue;
		}
		uc = text_mark_combining(uc);
		if (f.nseg > 0 && !joins_previous(uc))
			fold_flush(&f);
		if (f.nseg == 0)
			f.seg_off = i;
		fold_push(&f, uc);
		i += (size_t)len;
	}
	fold_flush(&f);
	fold_drain(&f);
	free(f.big);
	if (want_map)
		buf_add(&f.map, &n, sizeof n);  /* map[out.n]: the end */
	buf_add(&f.out, "", 0);             /* an empty text is "", not NULL */
	if (fold_failed(&f)) {
		buf_free(&f.out);
		buf_free(&f.map);
		return -1;
	}
	out->s = f.out.p;
	out->n = f.out.n;
	/* realloc'd memory is aligned for any type. */
	out->map = want_map ? (size_t *)(void *)f.map.p : NULL;
	return 0;
}

int text_fold(const char *s, size_t n, struct text_fold *out)
{
	return fold(s, n, true, out);
}

char *text_fold_key(const char *s, size_t n, size_t *len)
{
	struct text_fold f;

	if (fold(s, n, false, &f) < 0)
		return NULL;
	if (len)
		*len = f.n;
	return f.s;
}

void text_fold_free(struct text_fold *f)
{
	if (!f)
		return;
	free(f->s);
	free(f->map);
	memset(f, 0, sizeof *f);
}
