/*
 * Blind re-keying of one pending entry and its rejection.
 * [CONFIRM] shows the entry's non-key fields for eyeballing and an empty
 * field of the right type for each key field; F10 hands the keyed values
 * to confirm_try.  A mismatch marks and clears the fields that differ
 * (the entry's values stay hidden); once the tries are used up the screen
 * becomes [REJECT], which shows the entry's and the supervisor's values
 * side by side and offers only a rejection with a required comment, or
 * leaving.  F11 rejects at any time (a wrong non-key field), still blind.
 * The entry's record lock, taken by the queue before it was opened, is
 * renewed while the supervisor keys and released when the screen closes.
 */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "confirm.h"
#include "i18n.h"
#include "mynumber.h"
#include "screen.h"
#include "wareki.h"
#include "xmalloc.h"

/* How a ledger field is labelled and keyed (by its stored name). */
struct keymeta {
	const char *name;
	const char *label;	/* N_() */
	enum field_type type;
	int width;
};

static const struct keymeta metas[] = {
	{ "name", N_("Name"), FT_TEXT, 30 },
	{ "name_kana", N_("Reading"), FT_KANA, 30 },
	{ "birth_date", N_("Date of birth"), FT_DATE, 16 },
	{ "sex", N_("Sex"), FT_DIGITS, 2 },
	{ "my_number", N_("My Number"), FT_MYNUMBER, 14 },
	{ "postal_code", N_("Postal code"), FT_POSTAL, 9 },
	{ "address", N_("Address"), FT_TEXT, 60 },
	{ "katagaki", N_("Katagaki"), FT_TEXT, 30 },
	{ "household_no", N_("Household no."), FT_DIGITS, 15 },
	{ "movement_date", N_("Movement date"), FT_DATE, 16 },
	{ "notified_date", N_("Notified on"), FT_DATE, 16 },
	{ "alias_name", N_("Alias name"), FT_TEXT, 30 },
	{ "former_surname", N_("Former surname"), FT_TEXT, 30 },
	{ "phone", N_("Phone"), FT_TEXT, 16 },
	{ "claim_date", N_("Claim date"), FT_DATE, 16 },
	{ "event_date", N_("Event date"), FT_DATE, 16 },
	{ "decision_date", N_("Decision date"), FT_DATE, 16 },
	{ "monthly_total", N_("Monthly amount"), FT_YEN, 12 },
	{ "apply_date", N_("Application date"), FT_DATE, 16 },
	{ "judged_on", N_("Judged on"), FT_DATE, 16 },
	{ "fee_amount", N_("Fee"), FT_YEN, 12 },
	{ "paid_amount", N_("Amount paid"), FT_YEN, 12 },
	{ "refund_amount", N_("Refund"), FT_YEN, 12 },
	{ "date", N_("Vaccination date"), FT_DATE, 16 },
	{ "lot", N_("Lot number"), FT_TEXT, 20 },
	{ "amount", N_("Amount claimed"), FT_YEN, 12 },
	{ "subsidy_amount", N_("Subsidy"), FT_YEN, 12 },
};

static const char *const type_help[FT_N] = {
	[FT_TEXT] = N_("Key it again exactly as on the paper form."),
	[FT_KANA] = N_("The reading as on the paper form, in kana."),
	[FT_DIGITS] = N_("The digits as on the paper form."),
	[FT_MYNUMBER] = N_("The 12 digits as on the paper form; leave empty when the form has none."),
	[FT_DATE] = N_("和暦 or 西暦 as on the paper form: S45.3.1, 昭和45年3月1日, 19700301."),
	[FT_POSTAL] = N_("7 digits as on the paper form."),
	[FT_YEN] = N_("The amount in yen as on the paper form."),
};

static const struct field_def comment_def[] = {
	{ "comment", N_("Comment"), FT_TEXT, 60, 80, NULL, 1,
	    FSENS_ORDINARY, N_("What is wrong, so that the clerk can correct it (required)."),
	    NULL, NULL, 0 },
};

static const struct action confirm_actions[] = {
	{ A_CONFIRM, KEY_F(10), "F10", N_("Confirm"),
	    N_("Compare the keyed values with the entry; when all match the entry becomes 本登録.") },
	{ A_REJECT, KEY_F(11), "F11", N_("Reject"),
	    N_("Send the entry back to its clerk with a comment instead.") },
	{ A_NONE, 0, NULL, NULL, NULL }
};

static const struct action reject_actions[] = {
	{ A_REJECT, KEY_F(10), "F10", N_("Reject"),
	    N_("Send the entry back to its clerk with your comment (required).") },
	{ A_NONE, 0, NULL, NULL, NULL }
};

struct confirm_state {
	struct confirm_view v;
	struct field_def defs[CONFIRM_MAX_FIELDS];
	int vidx[CONFIRM_MAX_FIELDS];	/* view field of form field i */
	int marked[CONFIRM_MAX_FIELDS];	/* differed at the last try */
	char typed[CONFIRM_MAX_FIELDS][256];	/* the last keyed values */
	int have_typed;
	int nkeys;
	struct form *fm;		/* the key fields */
	struct form *cm;		/* the rejection comment */
	int rejecting;			/* [REJECT] */
	struct reclock lock;		/* on the entry, from the queue */
};

/* The meta of a field name; unknown names get a type from their form. */
static struct keymeta
meta_of(const char *name)
{
	struct keymeta m = { name, name, FT_TEXT, 30 };
	size_t i, n = strlen(name);

	for (i = 0; i < sizeof metas / sizeof metas[0]; i++)
		if (strcmp(metas[i].name, name) == 0)
			return metas[i];
	if (n >= 4 && (strcmp(name + n - 4, "date") == 0 ||
	    strcmp(name + n - 3, "_on") == 0)) {
		m.type = FT_DATE;
		m.width = 16;
	} else if (strstr(name, "amount") != NULL || strstr(name, "total") != NULL) {
		m.type = FT_YEN;
		m.width = 12;
	} else if (n >= 5 && strcmp(name + n - 5, "_kana") == 0)
		m.type = FT_KANA;
	return m;
}

/* A stored value as shown: dates in 和暦 with 西暦, My Number grouped,
 * sex by its label. */
static const char *
shown(const char *name, const char *value, char *buf, size_t size)
{
	struct keymeta m = meta_of(name);
	struct ymd d;
	const char *l;
	char g[16];

	if (m.type == FT_DATE && ymd_from_iso(value, &d) == 0)
		return wareki_format(&d, WAREKI_BOTH, buf, size);
	if (m.type == FT_MYNUMBER && strlen(value) == MYNUMBER_LEN) {
		mynumber_group(value, g);
		snprintf(buf, size, "%s", g);
		xwipe(g, sizeof g);
		return buf;
	}
	if (m.type == FT_POSTAL && strlen(value) == 7) {
		snprintf(buf, size, "%.3s-%s", value, value + 3);
		return buf;
	}
	if (strcmp(name, "sex") == 0 && (l = field_choice_label(
	    &(struct field_def){ .choices = tui_sex_choices }, value)) != NULL)
		return _(l);
	return value;
}

static void *
confirm_open_screen(struct tui *t, const void *arg)
{
	struct confirm_state *cs = xcalloc(1, sizeof *cs);
	struct keymeta m;
	struct field_def *d;
	struct err e;
	int i;

	cs->v = ((const struct confirm_arg *)arg)->v;
	cs->lock = ((const struct confirm_arg *)arg)->lock;
	for (i = 0; i < cs->v.nfields && cs->nkeys < CONFIRM_MAX_FIELDS; i++) {
		if (!cs->v.fields[i].key)
			continue;
		m = meta_of(cs->v.fields[i].name);
		d = &cs->defs[cs->nkeys];
		d->name = cs->v.fields[i].name;
		d->label = m.label;
		d->type = m.type;
		d->width = m.width;
		d->sens = m.type == FT_MYNUMBER ? FSENS_MYNUMBER : FSENS_ORDINARY;
		d->help = type_help[m.type];
		d->validate = m.type == FT_MYNUMBER ? tui_mynumber_check : NULL;
		cs->vidx[cs->nkeys++] = i;
	}
	err_clear(&e);
	cs->fm = form_new(cs->defs, (size_t)cs->nkeys, &e);
	cs->cm = form_new(comment_def, 1, &e);
	if (cs->fm == NULL || cs->cm == NULL)
		tui_error(t, &e, NULL);
	cs->rejecting = cs->v.tries >= cs->v.max_tries;
	if (cs->rejecting)
		tui_message(t, "%s", _(err_message(E_CONFIRM_TRIES)));
	return cs;
}

static void
confirm_close(struct tui *t, void *st)
{
	struct confirm_state *cs = st;

	reclock_release(t, &cs->lock);
	form_free(&cs->fm);
	form_free(&cs->cm);
	xwipe(cs, sizeof *cs);
	free(cs);
}

/* A mismatch: mark and clear the fields that differ, name them. */
static void
mismatch(struct tui *t, struct confirm_state *cs)
{
	char names[200] = "";
	int i, first = -1;

	for (i = 0; i < cs->nkeys; i++) {
		cs->marked[i] = cs->v.fields[cs->vidx[i]].mismatch;
		if (!cs->marked[i])
			continue;
		field_edit(&cs->fm->f[i], FK_CLEAR);
		snprintf(names + strlen(names), sizeof names - strlen(names),
		    "%s%s", names[0] ? _(", ") : "", _(cs->defs[i].label));
		if (first < 0)
			first = i;
	}
	if (first >= 0)
		form_goto(cs->fm, (size_t)first);
	tui_message(t, _("Differs from the entry: %s. Key the marked fields again from the paper form; %d of %d tries used."),
	    names, cs->v.tries, cs->v.max_tries);
	t->msg_error = 1;
}

/* The tries are used up: show both values, allow only a rejection. */
static void
tries_used_up(struct tui *t, struct confirm_state *cs)
{
	struct confirm_view *v;
	struct err e;

	if (cs->v.tries < cs->v.max_tries) {
		/* Another supervisor used the last try: read the entry's
		 * values, now shown to everyone. */
		v = xmalloc(sizeof *v);
		if (confirm_open(t->s, &cs->v.ref, v, &e) == 0)
			cs->v = *v;
		xwipe(v, sizeof *v);
		free(v);
	}
	cs->rejecting = 1;
	tui_swap(t, &screen_confirm_reject);
	tui_message(t, "%s", _(err_message(E_CONFIRM_TRIES)));
	t->msg_error = 1;
}

static int
try_confirm(struct tui *t, struct confirm_state *cs)
{
	struct confirm_value vals[CONFIRM_MAX_FIELDS];
	struct err e;
	int i, rc;

	err_clear(&e);
	if ((rc = form_validate_all(cs->fm, &e)) == -1) {
		tui_error(t, &e, cs->fm);
		return TUI_REDRAW;
	}
	/* An alert (a repeated-digit number) is for the clerk; the
	 * comparison decides here. */
	if (rc == 1)
		form_confirm_alerts(cs->fm);
	for (i = 0; i < cs->nkeys; i++) {
		vals[i].name = cs->defs[i].name;
		vals[i].value = field_value(&cs->fm->f[i]);
		snprintf(cs->typed[i], sizeof cs->typed[i], "%s", vals[i].value);
	}
	cs->have_typed = 1;
	if (confirm_try(t->s, &cs->v, vals, cs->nkeys, &e) == 0) {
		t->saved_gen++;
		tui_message(t, _("本登録: %s %s, version %d, is confirmed."),
		    queue_ledger_label(ledger_name(cs->v.ref.ledger)),
		    cs->v.ref.entry, cs->v.ref.rireki_no);
		return TUI_POP;
	}
	switch (e.code) {
	case E_CONFIRM_MISMATCH:
		mismatch(t, cs);
		return TUI_REDRAW;
	case E_CONFIRM_TRIES:
		tries_used_up(t, cs);
		return TUI_REDRAW;
	case E_CONFIRM_STALE:
		t->saved_gen++;
		tui_message(t, "%s", _("Someone else has already confirmed or rejected this entry; it has left the queue."));
		t->msg_error = 1;
		return TUI_POP;
	default:
		tui_error(t, &e, cs->fm);
		return TUI_REDRAW;
	}
}

static int
reject(struct tui *t, struct confirm_state *cs)
{
	struct err e;

	err_clear(&e);
	if (form_validate_all(cs->cm, &e) == -1) {
		tui_error(t, &e, cs->cm);
		return TUI_REDRAW;
	}
	if (confirm_reject(t->s, &cs->v.ref, form_value(cs->cm, "comment"),
	    &e) == 0) {
		t->saved_gen++;
		tui_message(t, _("Rejected: %s %s, version %d, goes back to %s with your comment."),
		    queue_ledger_label(ledger_name(cs->v.ref.ledger)),
		    cs->v.ref.entry, cs->v.ref.rireki_no, cs->v.entered_by);
		return TUI_POP;
	}
	if (e.code == E_CONFIRM_STALE) {
		t->saved_gen++;
		tui_message(t, "%s", _("Someone else has already confirmed or rejected this entry; it has left the queue."));
		t->msg_error = 1;
		return TUI_POP;
	}
	tui_error(t, &e, cs->cm);
	return TUI_REDRAW;
}

static int
confirm_handle(struct tui *t, void *st, enum action_id a, const struct tui_key *k)
{
	struct confirm_state *cs = st;
	struct form *fm = cs->rejecting ? cs->cm : cs->fm;
	struct err e;
	int r;

	reclock_renew(t, &cs->lock);
	if (fm == NULL)
		return a == A_NONE ? TUI_BEEP : TUI_POP;
	if (a == A_CONFIRM && !cs->rejecting)
		return try_confirm(t, cs);
	if (a == A_REJECT && cs->rejecting)
		return reject(t, cs);
	if (a == A_REJECT) {
		cs->rejecting = 1;
		tui_swap(t, &screen_confirm_reject);
		tui_message(t, "%s", _("Write what is wrong for the clerk and press F10; F3 leaves without rejecting."));
		return TUI_REDRAW;
	}
	if (k == NULL)
		return TUI_BEEP;
	if (k->fkey == KEY_ENTER || (k->fkey == 0 && (k->ch == '\r' ||
	    k->ch == '\n')))
		r = form_next(fm, &e);
	else
		r = tui_form_key(t, fm, k, &e);
	if (r == -1 || (r & FORM_REFUSED))
		return TUI_BEEP;
	if (r & (FORM_INVALID | FORM_ALERT))
		tui_error(t, &e, fm);
	return TUI_REDRAW;
}

/* The entry line: ledger, key, version, change, clerk, time. */
static int
draw_head(struct confirm_state *cs, int y)
{
	char line[320];

	snprintf(line, sizeof line, _("%s  entry %s  version %d  %s"),
	    queue_ledger_label(ledger_name(cs->v.ref.ledger)), cs->v.ref.entry,
	    cs->v.ref.rireki_no, queue_op_label(cs->v.op));
	draw_text(y++, 2, line, COLS - 4);
	if (cs->rejecting)
		snprintf(line, sizeof line, _("Entered by %s at %s."),
		    cs->v.entered_by, cs->v.entered_at);
	else
		snprintf(line, sizeof line, _("Entered by %s at %s.  Try %d of %d."),
		    cs->v.entered_by, cs->v.entered_at, cs->v.tries + 1,
		    cs->v.max_tries);
	draw_text(y++, 2, line, COLS - 4);
	return y;
}

/* The non-key fields, in two columns when one does not fit above room. */
static int
draw_nonkey(struct confirm_state *cs, int y, int room)
{
	const struct confirm_field *f;
	char buf[320];
	int i, n = 0, cols, col = 0, w, x, y0;

	attron(A_BOLD);
	draw_text(y++, 1, _("Check these against the paper form:"), COLS - 2);
	attroff(A_BOLD);
	for (i = 0; i < cs->v.nfields; i++)
		n += !cs->v.fields[i].key;
	cols = n > room && room > 0 ? 2 : 1;
	w = COLS / cols;
	y0 = y;
	for (i = 0; i < cs->v.nfields; i++) {
		f = &cs->v.fields[i];
		if (f->key)
			continue;
		if (y >= LINES - 3)
			break;
		x = col * w;
		draw_label(y, x + 1, _(meta_of(f->name).label), 18);
		draw_text(y, x + 20, shown(f->name, f->value, buf, sizeof buf),
		    w - 21);
		if (cols == 2 && y - y0 + 1 >= (n + 1) / 2 && col == 0) {
			col = 1;
			y = y0;
		} else
			y++;
	}
	if (cols == 2)
		y = y0 + (n + 1) / 2;
	return y;
}

static void
draw_marks(struct confirm_state *cs, int y)
{
	int i, cy, cx;

	getyx(stdscr, cy, cx);
	attron(A_BOLD | A_REVERSE);
	for (i = 0; i < cs->nkeys; i++)
		if (cs->marked[i] && field_empty(&cs->fm->f[i]))
			draw_text(y + i, 20 + cs->defs[i].width + 1,
			    _("<- differs"), COLS - 22 - cs->defs[i].width);
	attroff(A_BOLD | A_REVERSE);
	move(cy, cx);
}

/* The side-by-side rows once the entry's values are shown. */
static int
draw_both(struct confirm_state *cs, int y)
{
	const struct confirm_field *f;
	char a[320], b[320];
	const char *pa, *pb;
	int i;

	attron(A_BOLD);
	draw_text(y, 1, _("Key field"), 18);
	draw_text(y, 20, _("Entered by the clerk"), 34);
	draw_text(y, 56, _("Keyed by you"), COLS - 57);
	attroff(A_BOLD);
	y++;
	for (i = 0; i < cs->nkeys && y < LINES - 4; i++, y++) {
		f = &cs->v.fields[cs->vidx[i]];
		pa = shown(f->name, f->value, a, sizeof a);
		pb = cs->have_typed ? shown(f->name, cs->typed[i], b, sizeof b) :
		    "—";
		if (strcmp(pa, pb) != 0)
			attron(A_BOLD);
		draw_label(y, 1, _(cs->defs[i].label), 18);
		draw_text(y, 20, pa, 34);
		draw_text(y, 56, pb, COLS - 57);
		attroff(A_BOLD);
	}
	xwipe(a, sizeof a);
	xwipe(b, sizeof b);
	return y;
}

static void
confirm_draw(struct tui *t, void *st)
{
	struct confirm_state *cs = st;
	int y = 2, room;

	(void)t;
	if (cs->fm == NULL || cs->cm == NULL)
		return;
	y = draw_head(cs, y);
	if (cs->rejecting) {
		int shown_both = cs->v.tries >= cs->v.max_tries;

		draw_text(y++, 2, shown_both ?
		    _("Tries used up: the entry and your keying side by side. Reject with a comment, or leave (F3).") :
		    _("Reject this entry: the clerk gets it back with your comment."),
		    COLS - 4);
		room = LINES - 3 - y - 2 - (shown_both ? cs->nkeys + 2 : 0) - 2;
		y = draw_nonkey(cs, y, room) + 1;
		if (shown_both)
			y = draw_both(cs, y) + 1;
		draw_form(cs->cm, y, 18, 1, NULL, NULL);
		return;
	}
	room = LINES - 3 - y - 2 - cs->nkeys - 2;
	y = draw_nonkey(cs, y, room) + 1;
	attron(A_BOLD);
	draw_text(y++, 1, _("Key these again from the paper form (the entry's values are not shown):"), COLS - 2);
	attroff(A_BOLD);
	draw_form(cs->fm, y, 18, 1, NULL, NULL);
	draw_marks(cs, y);
}

static const char *
confirm_state_label(struct tui *t, void *st)
{
	(void)t;
	(void)st;
	return _("Pending (仮登録, 未確認)");
}

const struct screen screen_confirm = {
	"CONFIRM", N_("Confirm an entry"), confirm_actions, 1,
	confirm_open_screen, confirm_handle, confirm_draw, confirm_close,
	confirm_state_label, NULL, NULL
};

const struct screen screen_confirm_reject = {
	"REJECT", N_("Reject an entry"), reject_actions, 1,
	confirm_open_screen, confirm_handle, confirm_draw, confirm_close,
	confirm_state_label, NULL, NULL
};
