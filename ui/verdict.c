/* The verdict panel's paragraphs and the looks of the match levels. */
#include "verdict.h"

#include <stdio.h>
#include <string.h>
#include "i18n.h"
#include "text_width.h"
#include "tty.h"

static const char *const labels[CALL_NFIELDS] = {
	N_("Reading"), N_("Name"), N_("Birth date"), N_("Phone"), N_("E-mail"),
	N_("Postal code"), N_("Card date"), N_("Reg. date"),
};

const char *verdict_field_label(enum call_field f)
{
	return _(labels[f]);
}

struct verdict_look verdict_look(enum lookup_match level, bool colour)
{
	static const char *const marks[] = {
		[LOOKUP_NONE] = "[-]", [LOOKUP_PARTIAL] = "[+]", [LOOKUP_AMBIGUOUS] = "[?]",
		[LOOKUP_VERIFIED] = "[=]",
	};
	struct verdict_look l = { marks[level], A_REVERSE };

	if (level == LOOKUP_VERIFIED)
		l.a |= A_BOLD;
	/* The pair's background is the colour: no reverse over it. */
	if (colour)
		l.a = COLOR_PAIR(TTY_PAIR_LEVEL(level)) | A_BOLD;
	return l;
}

int verdict_level(const char *name)
{
	static const char *const names[] = { "none", "partial", "ambiguous", "verified" };

	for (int i = 0; name && i < 4; i++)
		if (strcmp(name, names[i]) == 0)
			return i;
	return -1;
}

/* The verdict's first sentence, its level's word before the colon in the
 * badge: "[=] VERIFIED:" then the rest. */
static void headline(struct panel *p, enum lookup_match level, bool colour, const char *sentence)
{
	struct verdict_look l = verdict_look(level, colour);
	const char *colon = strstr(sentence, ": ");
	char lead[128];

	if (!colon || colon - sentence > 60) {
		panel_say_lead(p, l.a, l.mark, A_NORMAL, sentence);
		return;
	}
	snprintf(lead, sizeof lead, "%s %.*s", l.mark, (int)(colon - sentence + 1), sentence);
	panel_say_lead(p, l.a, lead, A_NORMAL, colon + 2);
}

/* lead, then the items separated as the language separates a list: an
 * item is never cut at a row's end (メー / ル), a row that cannot take
 * the next one ends before it. */
static void say_list(struct panel *p, const char *lead, const char *const *items, size_t n)
{
	/* TRANSLATORS: between the items of a list on screen. */
	const char *sep = _(", ");
	char row[1024];
	size_t len = (size_t)snprintf(row, sizeof row, "%s", lead);
	bool first = true;

	for (size_t i = 0; i < n; i++) {
		char piece[256];
		int k = snprintf(piece, sizeof piece, "%s%s", first ? " " : sep, items[i]);

		if (k < 0 || (size_t)k >= sizeof piece)
			continue;
		if (!first && text_width(row, len) + text_width(piece, (size_t)k) > p->cols - 2) {
			/* The separator ends the row, without its spaces. */
			size_t s = strlen(sep);

			while (s > 0 && sep[s - 1] == ' ')
				s--;
			if (len + s < sizeof row)
				memcpy(row + len, sep, s);
			row[len + s < sizeof row ? len + s : len] = '\0';
			panel_say(p, A_NORMAL, row);
			len = (size_t)snprintf(row, sizeof row, "  %s", items[i]);
		} else if (len + (size_t)k < sizeof row) {
			memcpy(row + len, piece, (size_t)k + 1);
			len += (size_t)k;
		}
		first = false;
	}
	panel_say(p, A_NORMAL, row);
}

static void say_kinds(struct panel *p, const char *lead, unsigned kinds)
{
	const char *items[IDENT_NKINDS];
	size_t n = 0;

	for (int k = 0; k < IDENT_NKINDS; k++)
		if (kinds & (1u << k))
			items[n++] = _(labels[k]);
	say_list(p, lead, items, n);
}

/* Ambiguous: what picks one of them (the list shows nothing of theirs).
 * With the postal code and the last 4 digits given, only another
 * supporting item can. */
static void say_tiebreak(struct panel *p, unsigned ask, unsigned given)
{
	const unsigned postal = 1u << IDENT_POSTAL, phone = 1u << IDENT_PHONE;
	unsigned other = IDENT_SUPPORT_KINDS & ~given;

	if ((ask & postal) && (ask & phone))
		panel_say(p, A_NORMAL, _("Ask for the postal code or the last 4 digits of the phone (the "
					 "phone field takes them alone), type it in its field and look up again."));
	else if (ask & postal)
		panel_say(p, A_NORMAL, _("Ask for the postal code, type it in its field and look up again."));
	else if (ask & phone)
		panel_say(p, A_NORMAL, _("Ask for the last 4 digits of the phone (the phone field takes them "
					 "alone) and look up again."));
	else if (other)
		say_kinds(p, _("The postal code and the last 4 digits do not tell them apart. Ask for:"), other);
	else
		panel_say(p, A_NORMAL, _("What was given does not tell them apart: escalate the call."));
}

static const char *item_label(int i)
{
	static const char *const names[SNAPSHOT_NITEMS] = {
		N_("name"), N_("reading"), N_("birth date"), N_("gender"), N_("postal code"),
		N_("address"), N_("e-mail"), N_("phone"), N_("card"),
	};

	return _(names[i]);
}

static void say_verified(struct panel *p, const struct lookup_result *r, bool colour)
{
	const char *items[SNAPSHOT_NITEMS];
	char buf[1024];
	size_t n = 0;

	snprintf(buf, sizeof buf, _("VERIFIED: the caller is in the affected list. Case reference %s."),
		 *r->person.ref ? r->person.ref : "-");
	headline(p, LOOKUP_VERIFIED, colour, buf);
	if (r->person.card_records)
		snprintf(buf, sizeof buf, ngettext("Card: exposed (%ld record).", "Card: exposed (%ld records).",
						   (unsigned long)r->person.card_records),
			 r->person.card_records);
	else
		snprintf(buf, sizeof buf, "%s", _("Card: not exposed."));
	panel_say(p, A_NORMAL, buf);
	if (!r->person.userinfo) {
		panel_say(p, A_NORMAL, _("User data: not exposed."));
	} else {
		for (int i = 0; i < SNAPSHOT_NITEMS; i++)
			if (r->exposed_items & (1u << i) && (1u << i) != SNAPSHOT_ITEM_CARD)
				items[n++] = item_label(i);
		say_list(p, _("User data: exposed:"), items, n);
	}
	if (*r->person.notified_on)
		snprintf(buf, sizeof buf, _("Notice sent on %s."), r->person.notified_on);
	else
		snprintf(buf, sizeof buf, "%s", _("No notice has been sent yet."));
	panel_say(p, A_NORMAL, buf);
}

static void say_level(struct panel *p, const struct call_verdict *v, bool colour)
{
	const struct lookup_result *r = &v->res;

	switch (r->match) {
	case LOOKUP_VERIFIED:
		say_verified(p, r, colour);
		break;
	case LOOKUP_AMBIGUOUS:
		headline(p, LOOKUP_AMBIGUOUS, colour, _("AMBIGUOUS: several people in the list match. Nothing "
							"can be told until one of them is picked."));
		say_tiebreak(p, r->ask, v->given);
		break;
	case LOOKUP_PARTIAL:
		headline(p, LOOKUP_PARTIAL, colour, _("PARTIAL: not enough to confirm. Nothing can be told yet."));
		say_kinds(p, _("Ask for:"), r->ask);
		break;
	case LOOKUP_NONE:
		headline(p, LOOKUP_NONE, colour, _("NONE: not found in the affected list with these details."));
		/* A date inside a window says it below, with what to do. */
		if (r->window[WINDOW_CARD] != WINDOW_INSIDE && r->window[WINDOW_USERINFO] != WINDOW_INSIDE)
			panel_say(p, A_NORMAL, _("That alone does not mean the caller is not affected."));
		if (r->ask)
			panel_say(p, A_NORMAL, _("Only a surname? Ask for the whole reading or name and look up again."));
		break;
	}
}

void verdict_panel(struct panel *p, const struct call_verdict *v, bool colour, attr_t title)
{
	const struct lookup_result *r = &v->res;
	char buf[1024];
	size_t n;

	snprintf(buf, sizeof buf, _("Verdict (snapshot %.8s of %s):"), v->snapshot_id, v->snapshot_date);
	panel_say(p, title, buf);
	say_level(p, v, colour);
	for (int k = 0; k < WINDOW_NKINDS; k++) {
		const char *a = lookup_advice(r, (enum window_kind)k);

		if (!a)
			continue;
		panel_say(p, r->window[k] == WINDOW_INSIDE ? A_BOLD : A_NORMAL, _(a));
		if (r->window[k] == WINDOW_INSIDE && *v->win[k].note)
			panel_say(p, A_NORMAL, v->win[k].note);
	}
	if (r->nfaq == 0)
		return;
	n = (size_t)snprintf(buf, sizeof buf, "%s", _("FAQ:"));
	for (size_t i = 0; i < r->nfaq && i < 4 && n < sizeof buf; i++)
		n += (size_t)snprintf(buf + n, sizeof buf - n, " [F%zu] Q%d", i + 5, r->faq[i]);
	panel_say(p, A_NORMAL, buf);
}
