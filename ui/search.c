#include "ui.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "i18n.h"
#include "input.h"

/* Runs the query and shows the result best first; the selection goes to
 * the best match while typing.  With an empty query every entry is shown
 * in order and the entry selected before stays selected. */
int search_run(struct ui *u)
{
	struct faq_hit *hits;
	size_t n, keep = u->nhits ? u->hits[u->sel].index : 0;

	n = faq_search(u->faq, u->query.s, &hits);
	if (n == (size_t)-1) {
		strcpy(u->msg, "out of memory");
		return UI_BOTTOM;
	}
	faq_hits_free(u->hits, u->nhits);
	u->hits = hits;
	u->nhits = n;
	u->sel = 0;
	u->top = 0;
	u->ans.top = 0;
	if (u->query.n == 0)
		for (size_t i = 0; i < n; i++)
			if (hits[i].index == keep)
				u->sel = i;
	return UI_ALL | UI_LAYOUT | UI_REBUILD;
}

/* Keys while typing a query: text goes into it (Japanese from an IME
 * arrives as several characters at once), the list follows every key. */
int search_key(struct ui *u, int key)
{
	enum keymap_action act = keymap_action(key);

	if (key == INPUT_ESC) {
		field_clear(&u->query);
		u->mode = MODE_NORMAL;
		return search_run(u);
	}
	if (key == INPUT_ENTER) {
		u->mode = MODE_NORMAL;
		u->focus = FOCUS_LIST;
		return UI_ALL | UI_LAYOUT;
	}
	if (act == ACT_ERASE) {
		if (!field_backspace(&u->query)) {
			u->mode = MODE_NORMAL;
			return UI_BOTTOM;
		}
		return search_run(u);
	}
	if (act == ACT_KILL) {
		field_clear(&u->query);
		return search_run(u);
	}
	if (act == ACT_UP || act == ACT_DOWN) {
		if (!INPUT_IS_FN(key))
			goto text;      /* j and k are letters here */
		return list_key(u, act);
	}
	if (INPUT_IS_FN(key) && (act == ACT_PGUP || act == ACT_PGDN || act == ACT_HOME || act == ACT_END))
		return answer_key(u, act);
text:
	if (INPUT_IS_FN(key))
		return UI_HANDLED;
	if (!field_add(&u->query, key))
		return UI_HANDLED;
	return search_run(u);
}

static int do_jump(struct ui *u)
{
	int num = atoi(u->jump);

	u->mode = MODE_NORMAL;
	u->jump[0] = '\0';
	for (size_t pass = 0; pass < 2; pass++) {
		for (size_t i = 0; i < u->nhits; i++) {
			if (u->faq->e[u->hits[i].index].num == num) {
				u->focus = FOCUS_ANSWER;
				return list_select(u, i) | UI_ALL | UI_LAYOUT;
			}
		}
		if (pass == 0 && u->query.n) {
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

	if (key >= '0' && key <= '9') {
		if (n + 1 < sizeof u->jump) {
			u->jump[n] = (char)key;
			u->jump[n + 1] = '\0';
		}
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
