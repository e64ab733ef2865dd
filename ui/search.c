#include "search.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "i18n.h"
#include "input.h"
#include "answer.h"
#include "list.h"

/* Runs the query and shows the result best first.  While it is typed
 * (MODE_SEARCH) a last kana may still get its voicing mark
 * (faq_search_typing), and the selection goes to the best match; a query
 * finished (Enter) is run as the command line runs it.  With an empty
 * query, or keep_sel, the entry selected before stays selected. */
static int run(struct ui *u, bool keep_sel)
{
	struct faq_hit *hits;
	size_t n, keep = u->nhits ? u->hits[u->sel].index : 0;
	const char *q = field_text(&u->query);

	n = u->mode == MODE_SEARCH ? faq_search_typing(u->faq, q, &hits) : faq_search(u->faq, q, &hits);
	if (n == (size_t)-1) {
		snprintf(u->msg, sizeof u->msg, "%s", _("out of memory"));
		return UI_BOTTOM;
	}
	faq_hits_free(u->hits, u->nhits);
	u->hits = hits;
	u->nhits = n;
	u->sel = 0;
	u->top = 0;
	u->ans.top = 0;
	if (keep_sel || field_chars(&u->query) == 0)
		for (size_t i = 0; i < n; i++)
			if (hits[i].index == keep)
				u->sel = i;
	return UI_ALL | UI_LAYOUT | UI_REBUILD;
}

int search_run(struct ui *u)
{
	return run(u, false);
}

/* The field's own key code for an input.h key: ncurses KEY_ codes and
 * control characters; 0 for text, which goes in as a code point. */
static int field_code(int key)
{
	if (INPUT_IS_FN(key))
		return key & ~INPUT_FN(0);
	return key < 0x20 || key == 0x7f ? key : 0;
}

/* Keys while typing a query: text goes into it (Japanese from an IME
 * arrives as several characters at once), the field edits it (Backspace,
 * Left/Right, Ctrl-U, Ctrl-W, ...), and the list follows every change.
 * Up/Down still move in the list, PgUp/PgDn scroll the answer. */
int search_key(struct ui *u, int key)
{
	enum keymap_action act = keymap_action(key);
	int r;

	if (key == INPUT_ESC) {
		field_clear(&u->query);
		u->mode = MODE_NORMAL;
		return search_run(u);
	}
	if (key == INPUT_ENTER) {
		/* Kept as finished: ｸﾚｼ no longer stands for ｸﾚｼﾞ too. */
		u->mode = MODE_NORMAL;
		u->focus = FOCUS_LIST;
		return run(u, true);
	}
	if (act == ACT_ERASE && field_chars(&u->query) == 0) {
		u->mode = MODE_NORMAL;  /* Backspace on nothing leaves the line */
		return UI_BOTTOM;
	}
	if (INPUT_IS_FN(key) && (act == ACT_UP || act == ACT_DOWN))
		return list_key(u, act);
	if (INPUT_IS_FN(key) && (act == ACT_PGUP || act == ACT_PGDN))
		return answer_key(u, act);
	if (key == INPUT_PASTE)
		r = u->paste ? field_insert(&u->query, u->paste, u->paste_len) : 0;
	else if (field_code(key))
		r = field_key(&u->query, field_code(key));
	else
		r = field_insert_cp(&u->query, (unsigned int)key);
	if (r < 0) {
		snprintf(u->msg, sizeof u->msg, "%s", _("out of memory"));
		return UI_BOTTOM;
	}
	if (r & FIELD_CHANGED)
		return search_run(u);
	return UI_BOTTOM;       /* the cursor moved, or the key was not used */
}

static int do_jump(struct ui *u)
{
	int num = atoi(u->jump);

	u->mode = MODE_NORMAL;
	u->jump[0] = '\0';
	return search_open(u, num);
}

int search_open(struct ui *u, int num)
{
	for (size_t pass = 0; pass < 2; pass++) {
		for (size_t i = 0; i < u->nhits; i++) {
			if (u->faq->e[u->hits[i].index].num == num) {
				u->focus = FOCUS_ANSWER;
				answer_opened(u, num);
				return list_select(u, i) | UI_ALL | UI_LAYOUT;
			}
		}
		if (pass == 0 && field_chars(&u->query)) {
			/* The entry may be hidden by the search: drop it. */
			field_clear(&u->query);
			search_run(u);
		}
	}
	snprintf(u->msg, sizeof u->msg, _("there is no entry %d"), num);
	return UI_ALL | UI_LAYOUT;
}

/* Digits typed in the list select an entry by number on Enter; 0 when
 * the key is not part of the number (the caller handles it then). */
int jump_key(struct ui *u, int key)
{
	size_t n = strlen(u->jump);

	if (keymap_digit(key) >= 0) {
		if (n + 1 < sizeof u->jump) {
			u->jump[n] = (char)keymap_digit(key);
			u->jump[n + 1] = '\0';
		}
		/* A number past the last entry is said at once, and the
		 * digits after it with it: a phone typed for the caller form
		 * is not taken for a jump, nor its digits for several. */
		if (strlen(u->jump) > 5 || atol(u->jump) > (long)u->faq->n)
			snprintf(u->msg, sizeof u->msg, _("no entry %s: the entries are 1 to %zu%s"),
				 u->jump, u->faq->n, u->call.started ? _("; F2 goes back to the call") : "");
		return UI_BOTTOM;
	}
	if (key == INPUT_ENTER && (strlen(u->jump) > 5 || atol(u->jump) > (long)u->faq->n)) {
		u->mode = MODE_NORMAL;
		u->jump[0] = '\0';
		return UI_BOTTOM;
	}
	if (key == INPUT_ENTER)
		return do_jump(u);
	if (keymap_action(key) == ACT_ERASE && n > 1) {
		u->jump[n - 1] = '\0';
		return UI_BOTTOM;
	}
	/* Any other key ends the number and does what it does in the list. */
	u->mode = MODE_NORMAL;
	u->jump[0] = '\0';
	return 0;
}
