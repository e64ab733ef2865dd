#include "keymap.h"

#include <stdio.h>
#include "i18n.h"
#include "input.h"
#include "text_norm.h"

static const struct keymap_entry table[] = {
	{ ACT_UP, { INPUT_FN(KEY_UP), 'k' }, N_("previous entry; in the answer, scroll up"), 0 },
	{ ACT_DOWN, { INPUT_FN(KEY_DOWN), 'j' }, N_("next entry; in the answer, scroll down"), 0 },
	{ ACT_PGUP, { INPUT_FN(KEY_PPAGE), 'b' }, N_("scroll the answer up a page"), 0 },
	{ ACT_PGDN, { INPUT_FN(KEY_NPAGE), ' ' }, N_("scroll the answer down a page"), 0 },
	{ ACT_HOME, { INPUT_FN(KEY_HOME), 'g' }, N_("first entry / top of the answer"), 0 },
	{ ACT_END, { INPUT_FN(KEY_END), 'G' }, N_("last entry / end of the answer"), 0 },
	{ ACT_FOCUS, { '\t', INPUT_FN(KEY_BTAB) }, N_("switch between the list and the answer"), 0 },
	{ ACT_OPEN, { INPUT_ENTER, INPUT_FN(KEY_RIGHT) }, N_("open the selected answer"), 0 },
	{ ACT_SEARCH, { '/' }, N_("search: type words, Enter keeps the result"), 0 },
	{ ACT_CLEAR, { INPUT_ESC, INPUT_FN(KEY_LEFT) }, N_("clear the search / back to the list"), 0 },
	{ ACT_ERASE, { INPUT_BS }, N_("in a search or number: delete the last character"), 0 },
	{ ACT_KILL, { INPUT_CTRL('U') }, N_("in a search: clear the query"), 0 },
	{ ACT_JUMP, { '0', '9' }, N_("type a number and Enter to jump to that entry"), 0 },
	{ ACT_HELP, { '?' }, N_("this help"), 0 },
	{ ACT_REDRAW, { INPUT_CTRL('L') }, N_("redraw the screen"), 0 },
	{ ACT_SUSPEND, { INPUT_CTRL('Z') }, N_("suspend (fg to come back)"), 0 },
	{ ACT_INTERRUPT, { INPUT_CTRL('C') }, N_("quit, after asking"), 0 },
	{ ACT_QUIT, { 'q', INPUT_FN(KEY_F(10)) }, N_("quit"), 0 },
	{ ACT_NEXT_MATCH, { 'n' }, N_("the answer's next / previous match of the search"), 0 },
	{ ACT_PREV_MATCH, { 'N' }, NULL, 0 },
	/* The keys of less and vi, where hands expect them. */
	{ ACT_PGUP, { INPUT_CTRL('B') }, N_("as PgUp, PgDn, Left and Right (as in less and vi)"), 0 },
	{ ACT_PGDN, { INPUT_CTRL('F') }, NULL, 0 },
	{ ACT_CLEAR, { 'h' }, NULL, 0 },
	{ ACT_OPEN, { 'l' }, NULL, 0 },
	{ ACT_FAQ_VIEW, { INPUT_FN(KEY_F(1)) }, N_("Alt-1: from the caller form, back to the FAQ; in the FAQ, this help"), 0 },
	{ ACT_FORM, { INPUT_FN(KEY_F(2)) }, N_("Alt-2: the caller form (the fields are kept)"), 0 },
	{ ACT_WRAPUP, { INPUT_FN(KEY_F(3)) }, N_("Alt-3: wrap up the call: disposition, escalate, note, save"), 0 },
	{ ACT_NEW_CALL, { INPUT_FN(KEY_F(4)) }, N_("Alt-4: a new call (asks before leaving an unsaved one)"), 0 },
	{ ACT_SUGGEST, { INPUT_FN(KEY_F(5)), INPUT_FN(KEY_F(6)), INPUT_FN(KEY_F(7)), INPUT_FN(KEY_F(8)) },
	  N_("open the FAQ answers the verdict suggests"), 0 },
	{ ACT_FORM_MOVE, { '\t', INPUT_FN(KEY_BTAB), INPUT_FN(KEY_UP), INPUT_FN(KEY_DOWN) },
	  N_("in the caller form: next / previous field (a field holding text is selected: "
	     "typing replaces it, Left or Right keeps it)"), 0 },
	{ ACT_FORM_LOOKUP, { INPUT_ENTER }, N_("in the caller form: look the caller up"), 0 },
	{ ACT_FORM_EDIT, { INPUT_CTRL('A'), INPUT_CTRL('E'), INPUT_CTRL('K'), INPUT_CTRL('W') },
	  N_("in a field: start, end, delete to the end, delete a word (Ctrl-U: all before)"), 0 },
	{ ACT_WRAP_KEYS, { ' ' }, N_("in the wrap-up: a number or Up/Down disposition, Space escalate, "
				     "Tab next, Enter save, F2 back to the form"), 0 },
	{ ACT_WRAP_NEWLINE, { INPUT_NEWLINE }, N_("in the wrap-up's note: a new line (Enter saves)"), 0 },
};

static const struct keymap operator_map = { table, sizeof table / sizeof table[0] };

const struct keymap_entry *keymap_table(size_t *n)
{
	*n = operator_map.n;
	return operator_map.e;
}

int keymap_digit(int key)
{
	return text_digit((unsigned int)key);   /* function keys lie above U+10FFFF */
}

const struct keymap_entry *keymap_find(const struct keymap *m, int key)
{
	for (size_t i = 0; i < m->n; i++)
		for (size_t k = 0; k < 4 && m->e[i].keys[k]; k++)
			if (m->e[i].keys[k] == key)
				return &m->e[i];
	return NULL;
}

int keymap_yes(int key)
{
	if (key == 'y' || key == 'Y' || key == 0xff59 || key == 0xff39)
		return 1;
	if (key == 'n' || key == 'N' || key == 0xff4e || key == 0xff2e)
		return 0;
	return -1;
}

/* The digits come first: the jump's entry names only 0 and 9, for the help. */
enum keymap_action keymap_action(int key)
{
	const struct keymap_entry *e;

	if (keymap_digit(key) >= 0)
		return ACT_JUMP;
	e = keymap_find(&operator_map, key);
	return e ? (enum keymap_action)e->act : ACT_NONE;
}

const char *keymap_names(const struct keymap *m, size_t i, char *buf, size_t size)
{
	char one[32];
	size_t n = 0;

	if (size)
		buf[0] = '\0';
	for (size_t j = i; j < m->n && (j == i || !m->e[j].help); j++)
		for (size_t k = 0; k < 4 && m->e[j].keys[k] && n < size; k++)
			n += (size_t)snprintf(buf + n, size - n, "%s%s", n ? " " : "",
					      keymap_key_name(m->e[j].keys[k], one, sizeof one));
	return buf;
}

static const char *fn_name(int k)
{
	switch (k) {
	case KEY_UP: return "Up";
	case KEY_DOWN: return "Down";
	case KEY_LEFT: return "Left";
	case KEY_RIGHT: return "Right";
	case KEY_PPAGE: return "PgUp";
	case KEY_NPAGE: return "PgDn";
	case KEY_HOME: return "Home";
	case KEY_END: return "End";
	case KEY_BTAB: return "Shift-Tab";
	case KEY_ENTER: return "Enter";
	case KEY_BACKSPACE: return "BS";
	case INPUT_NEWLINE & ~0x200000: return "Alt-Enter";
	default: return NULL;
	}
}

const char *keymap_key_name(int key, char *buf, size_t size)
{
	const char *name = NULL;

	if (INPUT_IS_FN(key)) {
		int k = key & ~0x200000;

		name = fn_name(k);
		if (!name && k >= KEY_F(1) && k <= KEY_F(12)) {
			snprintf(buf, size, "F%d", k - KEY_F(0));
			return buf;
		}
	} else if (key == '\t') {
		name = "Tab";
	} else if (key == ' ') {
		name = "Space";
	} else if (key == INPUT_ESC) {
		name = "Esc";
	} else if (key < 0x20) {
		snprintf(buf, size, "Ctrl-%c", key + '@');
		return buf;
	} else if (key < 0x7f) {
		snprintf(buf, size, "%c", key);
		return buf;
	}
	snprintf(buf, size, "%s", name ? name : "?");
	return buf;
}
