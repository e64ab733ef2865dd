#include "input.h"

#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

enum { NEED_MORE = -1, NOTHING = -2, PASTE_BEGIN = -3 };

void input_push(struct input *in, int c)
{
	/* The buffer only ever holds one unfinished sequence; if a flood of
	 * bytes without a key fills it, the oldest bytes are the garbage. */
	if (in->n == (int)(sizeof in->buf / sizeof in->buf[0])) {
		memmove(in->buf, in->buf + 1, sizeof in->buf - sizeof in->buf[0]);
		in->n--;
	}
	in->buf[in->n++] = c;
}

static void consume(struct input *in, int k)
{
	memmove(in->buf, in->buf + k, (size_t)(in->n - k) * sizeof in->buf[0]);
	in->n -= k;
}

/* ESC [ n ~ as sent by PuTTY, Tera Term, the Linux console and xterm. */
static int tilde_key(int n)
{
	static const struct { int n, key; } map[] = {
		{ 1, KEY_HOME }, { 7, KEY_HOME }, { 4, KEY_END }, { 8, KEY_END },
		{ 2, KEY_IC }, { 3, KEY_DC }, { 5, KEY_PPAGE }, { 6, KEY_NPAGE },
		{ 11, KEY_F(1) }, { 12, KEY_F(2) }, { 13, KEY_F(3) }, { 14, KEY_F(4) },
		{ 15, KEY_F(5) }, { 17, KEY_F(6) }, { 18, KEY_F(7) }, { 19, KEY_F(8) },
		{ 20, KEY_F(9) }, { 21, KEY_F(10) }, { 23, KEY_F(11) }, { 24, KEY_F(12) },
	};

	for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
		if (map[i].n == n)
			return INPUT_FN(map[i].key);
	return NOTHING;
}

static int letter_key(int c)
{
	switch (c) {
	case 'A': return INPUT_FN(KEY_UP);
	case 'B': return INPUT_FN(KEY_DOWN);
	case 'C': return INPUT_FN(KEY_RIGHT);
	case 'D': return INPUT_FN(KEY_LEFT);
	case 'H': return INPUT_FN(KEY_HOME);
	case 'F': return INPUT_FN(KEY_END);
	case 'Z': return INPUT_FN(KEY_BTAB);
	case 'M': return INPUT_ENTER;
	case 'P': return INPUT_FN(KEY_F(1));
	case 'Q': return INPUT_FN(KEY_F(2));
	case 'R': return INPUT_FN(KEY_F(3));
	case 'S': return INPUT_FN(KEY_F(4));
	default: return NOTHING;
	}
}

/* ESC O x: cursor keys and F1-F4 in application mode, and the keypad in
 * application keypad mode (Tera Term's default for the numeric pad). */
static int ss3_key(int c)
{
	static const char pad[] = "pqrstuvwxylmnjko";
	static const char val[] = "0123456789,-.*+/";
	const char *p = c > 0 && c < 128 ? strchr(pad, c) : NULL;

	if (p)
		return val[p - pad];
	return letter_key(c);
}

/* Decodes the escape sequence at the front: the key, NOTHING for a
 * complete sequence that means nothing here, NEED_MORE; *len its length. */
static int escape(const struct input *in, bool final, int *len)
{
	const int *b = in->buf;
	int i, num = 0;

	if (in->n < 2) {
		*len = 1;
		return final ? INPUT_ESC : NEED_MORE;
	}
	if (b[1] == 'O') {
		if (in->n < 3)
			goto short_seq;
		*len = 3;
		return ss3_key(b[2]);
	}
	/* Alt-1 … Alt-4, as terminals send Alt: the call keys F1-F4, for
	 * keyboards and terminals where F-keys are taken. */
	if (b[1] >= '1' && b[1] <= '4') {
		*len = 2;
		return INPUT_FN(KEY_F(b[1] - '0'));
	}
	if (b[1] == '\r' || b[1] == '\n') {
		*len = 2;
		return INPUT_NEWLINE;
	}
	if (b[1] != '[') {
		*len = 1;       /* Alt+key or Esc typed before a key: Esc first */
		return INPUT_ESC;
	}
	if (in->n >= 3 && b[2] == '[') {        /* Linux console F1-F5 */
		if (in->n < 4)
			goto short_seq;
		*len = 4;
		return b[3] >= 'A' && b[3] <= 'E' ? INPUT_FN(KEY_F(b[3] - 'A' + 1)) : NOTHING;
	}
	/* CSI: parameters 0x30-0x3f, intermediates 0x20-0x2f, final 0x40-0x7e;
	 * only the first number matters (ESC [ 5 ; 2 ~ is still Page Down). */
	for (i = 2; i < in->n && b[i] >= '0' && b[i] <= '9' && num < 1000; i++)
		num = num * 10 + (b[i] - '0');
	for (i = 2; i < in->n; i++) {
		int c = b[i];

		if (c >= 0x40 && c <= 0x7e) {
			*len = i + 1;
			if (c == '~')
				return num == 200 ? PASTE_BEGIN : tilde_key(num);
			/* CSI 1;2R is Shift-F3, CSI 12;3R a cursor report */
			if (c == 'M' || (c >= 'P' && c <= 'S' && num > 1))
				return NOTHING;
			return letter_key(c);
		}
		if (c < 0x20 || c > 0x3f)
			break;
	}
	if (i < in->n) {        /* not a CSI after all: drop the ESC [ */
		*len = 2;
		return NOTHING;
	}
short_seq:
	*len = 1;
	return final ? INPUT_ESC : NEED_MORE;
}

/* Expected length of a UTF-8 sequence from its first byte; 0 if invalid. */
static int utf8_len(int c)
{
	if (c >= 0xc2 && c <= 0xdf)
		return 2;
	if (c >= 0xe0 && c <= 0xef)
		return 3;
	if (c >= 0xf0 && c <= 0xf4)
		return 4;
	return 0;
}

/* Whether byte i (≥ 1) of a sequence starting with b0 may be c: the second
 * byte's range excludes overlongs, surrogates and values over U+10FFFF. */
static bool utf8_cont(int b0, int i, int c)
{
	int lo = 0x80, hi = 0xbf;

	if (i == 1) {
		if (b0 == 0xe0)
			lo = 0xa0;
		else if (b0 == 0xed)
			hi = 0x9f;
		else if (b0 == 0xf0)
			lo = 0x90;
		else if (b0 == 0xf4)
			hi = 0x8f;
	}
	return c >= lo && c <= hi;
}

static int utf8(const struct input *in, bool final, int *len)
{
	const int *b = in->buf;
	int need = utf8_len(b[0]), cp;

	*len = 1;
	if (!need)
		return NOTHING;
	for (int i = 1; i < need; i++) {
		if (i >= in->n)
			return final ? (*len = i, NOTHING) : NEED_MORE;
		if (!utf8_cont(b[0], i, b[i])) {
			*len = i;       /* drop the broken start, keep b[i] */
			return NOTHING;
		}
	}
	cp = b[0] & (0x7f >> need);
	for (int i = 1; i < need; i++)
		cp = (cp << 6) | (b[i] & 0x3f);
	*len = need;
	return cp;
}

static int one(const struct input *in, bool final, int *len)
{
	int c = in->buf[0];

	*len = 1;
	if (c >= KEY_MIN) {
		if (c == KEY_ENTER)
			return INPUT_ENTER;
		return INPUT_FN(c);
	}
	if (c == 0x1b)
		return escape(in, final, len);
	if (c == '\r' || c == '\n')
		return INPUT_ENTER;
	if (c == 0x7f || c == 0x08)
		return INPUT_BS;
	if (c >= 0x80)
		return utf8(in, final, len);
	return c;
}

void input_free(struct input *in)
{
	free(in->paste);
	in->paste = NULL;
	in->paste_len = in->paste_cap = 0;
	in->pasting = false;
}

const char *input_paste(const struct input *in, size_t *n, bool *cut)
{
	*n = in->paste ? in->paste_len : 0;
	*cut = in->paste_cut;
	return in->paste ? in->paste : "";
}

/* Keeps one pasted byte, or notes the paste as cut: past the limit, or
 * when memory runs out (what came so far is still delivered). */
static void paste_add(struct input *in, char c)
{
	if (in->paste_cut)
		return;
	if (in->paste_len + 1 >= in->paste_cap) {
		size_t cap = in->paste_cap ? in->paste_cap * 2 : 256;
		char *p;

		if (cap > INPUT_PASTE_MAX + 1)
			cap = INPUT_PASTE_MAX + 1;
		p = in->paste_len < INPUT_PASTE_MAX ? realloc(in->paste, cap) : NULL;
		if (!p) {
			in->paste_cut = true;
			return;
		}
		in->paste = p;
		in->paste_cap = cap;
	}
	in->paste[in->paste_len++] = c;
	in->paste[in->paste_len] = '\0';
}

/* Inside a paste: the end marker ends it, anything else is data.  KEY_
 * codes (ncurses decoded a sequence before the keypad went off) are not
 * bytes and are dropped. */
static int paste_byte(struct input *in, bool final, int *len)
{
	static const int end[] = { 0x1b, '[', '2', '0', '1', '~' };
	int i = 0;

	while (i < 6 && i < in->n && in->buf[i] == end[i])
		i++;
	if (i == 6) {
		*len = 6;
		in->pasting = false;
		return INPUT_PASTE;
	}
	*len = 1;
	if (i > 0 && i == in->n && !final)
		return NEED_MORE;
	if (in->buf[0] >= 0 && in->buf[0] < 256)
		paste_add(in, (char)in->buf[0]);
	return NOTHING;
}

bool input_take(struct input *in, bool final, int *key)
{
	while (in->n > 0) {
		int len, k = in->pasting ? paste_byte(in, final, &len) : one(in, final, &len);

		if (k == NEED_MORE)
			return false;
		consume(in, len);
		if (k == PASTE_BEGIN) {
			in->pasting = true;
			in->paste_len = 0;
			in->paste_cut = false;
			in->paste_unended = false;
			in->paste_start = in->paste_last = 0;
			if (in->paste)
				in->paste[0] = '\0';
			continue;
		}
		if (k != NOTHING) {
			*key = k;
			return true;
		}
	}
	return false;
}

bool input_paste_tick(struct input *in, long now_ms, bool byte, int *key)
{
	if (!in->pasting)
		return false;
	if (!in->paste_start)
		in->paste_start = in->paste_last = now_ms;
	if (byte)
		in->paste_last = now_ms;
	if (now_ms - in->paste_last < INPUT_PASTE_IDLE_MS &&
	    now_ms - in->paste_start < INPUT_PASTE_AGE_MS)
		return false;
	/* What might have been the start of the end marker is data too. */
	for (int i = 0; i < in->n; i++)
		if (in->buf[i] >= 0 && in->buf[i] < 256)
			paste_add(in, (char)in->buf[i]);
	in->n = 0;
	in->pasting = false;
	in->paste_cut = in->paste_unended = true;
	*key = INPUT_PASTE;
	return true;
}

static long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

/* wgetch() gives ERR both on a timeout and when the terminal is gone.
 * A hang-up shows in poll(); an ERR well before the timeout, again and
 * again, means read() is failing (EOF or EIO) and would spin. */
static bool terminal_gone(struct input *in, int timeout_ms, long waited)
{
	struct pollfd p = { .fd = STDIN_FILENO, .events = POLLIN };

	if (poll(&p, 1, 0) == 1 && (p.revents & (POLLHUP | POLLERR | POLLNVAL)))
		return true;
	if (timeout_ms > 0 && waited < timeout_ms / 2 && errno != EINTR)
		in->errors++;
	else
		in->errors = 0;
	return in->errors >= 5;
}

enum input_status input_get(struct input *in, WINDOW *w, int timeout_ms, int *key)
{
	for (;;) {
		long start;
		int c, t;

		if (input_take(in, false, key))
			return INPUT_KEY;
		if (input_paste_tick(in, now_ms(), false, key))
			return INPUT_KEY;
		t = in->n ? INPUT_SEQ_MS : timeout_ms;
		/* A paste waits no longer than it may stay silent. */
		if (in->pasting && (t < 0 || t > INPUT_PASTE_IDLE_MS))
			t = INPUT_PASTE_IDLE_MS;
		/* Inside a paste ncurses must not turn bytes into keys. */
		if (is_keypad(w) == in->pasting)
			keypad(w, !in->pasting);
		wtimeout(w, t);
		start = now_ms();
		errno = 0;
		c = wgetch(w);
		if (c != ERR) {
			in->errors = 0;
			/* A byte after a silence too long for a paste: the paste
			 * ended before it, and the byte is a key of its own. */
			if (input_paste_tick(in, now_ms(), false, key)) {
				input_push(in, c);
				return INPUT_KEY;
			}
			input_paste_tick(in, now_ms(), true, key);
			input_push(in, c);
			continue;
		}
		if (in->n) {
			if (input_take(in, true, key))
				return INPUT_KEY;
			continue;
		}
		return terminal_gone(in, t, now_ms() - start) ? INPUT_GONE : INPUT_NONE;
	}
}

/* A byte (or ncurses key code) that is, or starts, a character of text. */
static bool text_byte(int c)
{
	return c >= 0x20 && c != 0x7f && c < KEY_MIN;
}

bool input_waiting(const struct input *in, WINDOW *w)
{
	int c;

	if (in->pasting)
		return true;
	if (in->n > 0)
		return text_byte(in->buf[0]);
	wtimeout(w, 0);
	c = wgetch(w);
	if (c == ERR)
		return false;
	ungetch(c);
	return text_byte(c);
}
