#include "field.h"

#include "text.h"

bool field_add(struct field *f, int cp)
{
	unsigned char b[4];
	size_t k;

	if (cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0) || cp > 0x10ffff ||
	    (cp >= 0xd800 && cp <= 0xdfff))
		return false;
	if (cp < 0x80) {
		b[0] = (unsigned char)cp;
		k = 1;
	} else if (cp < 0x800) {
		b[0] = (unsigned char)(0xc0 | (cp >> 6));
		b[1] = (unsigned char)(0x80 | (cp & 0x3f));
		k = 2;
	} else if (cp < 0x10000) {
		b[0] = (unsigned char)(0xe0 | (cp >> 12));
		b[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3f));
		b[2] = (unsigned char)(0x80 | (cp & 0x3f));
		k = 3;
	} else {
		b[0] = (unsigned char)(0xf0 | (cp >> 18));
		b[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3f));
		b[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3f));
		b[3] = (unsigned char)(0x80 | (cp & 0x3f));
		k = 4;
	}
	if (f->n + k >= sizeof f->s)
		return false;
	for (size_t i = 0; i < k; i++)
		f->s[f->n++] = (char)b[i];
	f->s[f->n] = '\0';
	return true;
}

bool field_backspace(struct field *f)
{
	size_t off = 0, last = 0;

	if (f->n == 0)
		return false;
	while (off < f->n) {
		last = off;
		off += text_grapheme_len(f->s + off, f->n - off);
	}
	f->n = last;
	f->s[f->n] = '\0';
	return true;
}

void field_clear(struct field *f)
{
	f->n = 0;
	f->s[0] = '\0';
}
