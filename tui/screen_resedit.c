/*
 * Keying a change to the resident master: 転入 (a new person), 転居 (the
 * address fields), 修正 (any field, with a justification), 転出 and 死亡.
 * The form checks each field on exit and all of them on F10; alerts need
 * a second F10; the ledger checks the movement logic and saves the
 * change as pending (仮登録).  Unsaved input becomes a draft on auto-logoff.
 * A change to an existing person takes the record lock (lock.h) while the
 * form is open, renewed as the clerk types and released when the screen
 * closes (save, cancel, logoff); the form remembers the version it was
 * opened at, so that a save after someone else's is refused and the
 * input stays on the screen.
 */
#include <curses.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "resident.h"
#include "screen.h"
#include "wareki.h"
#include "xmalloc.h"

static const struct field_choice mn_methods[] = {
	{ "card", N_("My Number card") },
	{ "notice", N_("notification card and photo ID") },
	{ "register", N_("resident register lookup") },
	{ NULL, NULL }
};

#define F_NAME { "name", N_("Name"), FT_TEXT, 30, 48, NULL, 1, FSENS_ORDINARY, \
	N_("Family and given name in kanji, with a space between."), NULL, NULL, 0 }
#define F_KANA { "name_kana", N_("Reading"), FT_KANA, 30, 64, NULL, 1, \
	FSENS_ORDINARY, N_("The reading in kana; half-width kana is converted."), \
	NULL, NULL, 0 }
#define F_DOB { "birth_date", N_("Date of birth"), FT_DATE, 16, 0, NULL, 1, \
	FSENS_ORDINARY, N_("和暦 or 西暦: S45.3.1, 昭和45年3月1日, 19700301."), \
	NULL, NULL, 0 }
#define F_SEX { "sex", N_("Sex"), FT_CHOICE, 2, 0, NULL, 1, FSENS_ORDINARY, \
	N_("1 male, 2 female, 9 not stated; Space cycles."), tui_sex_choices, \
	NULL, 0 }
#define F_POSTAL { "postal_code", N_("Postal code"), FT_POSTAL, 9, 0, NULL, \
	0, FSENS_ORDINARY, N_("7 digits; the hyphen is optional."), NULL, NULL, 0 }
#define F_ADDRESS { "address", N_("Address"), FT_TEXT, 60, 120, NULL, 1, \
	FSENS_ORDINARY, N_("The full address."), NULL, NULL, 0 }
#define F_KATAGAKI { "katagaki", N_("Katagaki"), FT_TEXT, 30, 80, NULL, 0, \
	FSENS_ORDINARY, N_("方書: building and room, if any."), NULL, NULL, 0 }
#define F_HOUSEHOLD { "household_no", N_("Household no."), FT_DIGITS, 15, \
	15, NULL, 0, FSENS_ORDINARY, N_("世帯番号, digits."), NULL, NULL, 0 }
#define F_PHONE { "phone", N_("Phone"), FT_TEXT, 16, 20, \
	"0[0-9]{1,4}-?[0-9]{1,4}-?[0-9]{3,4}", 0, FSENS_ORDINARY, \
	N_("A Japanese phone number such as 075-222-3111."), NULL, NULL, 0 }
#define F_MN { "my_number", N_("My Number"), FT_MYNUMBER, 14, 0, NULL, 0, \
	FSENS_MYNUMBER, N_("12 digits from the card; leave empty to keep the number on record."), \
	NULL, tui_mynumber_check, 0 }
#define F_MNMETHOD { "mn_method", N_("Checked with"), FT_CHOICE, 9, 0, NULL, \
	0, FSENS_ORDINARY, N_("How the My Number was verified: c card, n notification card, r register."), \
	mn_methods, NULL, 0 }
#define F_MOVED { "movement_date", N_("Movement date"), FT_DATE, 16, 0, NULL, \
	1, FSENS_ORDINARY, N_("The day of the move, birth or death."), NULL, NULL, 0 }
#define F_NOTIFIED { "notified_date", N_("Notified on"), FT_DATE, 16, 0, \
	NULL, 1, FSENS_ORDINARY, N_("The day the notification was received."), \
	NULL, NULL, 0 }
#define F_REASON { "reason", N_("Reason code"), FT_CODE, 3, 2, NULL, 1, \
	FSENS_ORDINARY, N_("01 counter, 02 notification, 03 enquiry, 04 ex officio."), \
	tui_reason_codes, NULL, 0 }
#define F_REF { "ref_no", N_("Reference number"), FT_TEXT, 16, 32, NULL, 1, \
	FSENS_ORDINARY, N_("The reception number of the notification."), NULL, NULL, 0 }
#define F_JUST(req) { "justification", N_("Justification"), FT_TEXT, 44, 120, \
	NULL, req, FSENS_ORDINARY, N_("Why the record is changed ex officio."), \
	NULL, NULL, 0 }

static const struct field_def full_defs[] = {
	F_NAME, F_KANA, F_DOB, F_SEX, F_POSTAL, F_ADDRESS, F_KATAGAKI,
	F_HOUSEHOLD, F_PHONE, F_MN, F_MNMETHOD, F_MOVED, F_NOTIFIED, F_REASON,
	F_REF,
};
static const struct field_def correct_defs[] = {
	F_NAME, F_KANA, F_DOB, F_SEX, F_POSTAL, F_ADDRESS, F_KATAGAKI,
	F_HOUSEHOLD, F_PHONE, F_MN, F_MNMETHOD, F_REASON, F_REF, F_JUST(1),
};
static const struct field_def move_defs[] = {
	F_POSTAL, F_ADDRESS, F_KATAGAKI, F_MOVED, F_NOTIFIED, F_REASON, F_REF,
};
static const struct field_def remove_defs[] = {
	F_MOVED, F_NOTIFIED, F_REASON, F_REF, F_JUST(0),
};

#define N(a) (sizeof (a) / sizeof (a)[0])

static const char *const op_titles[RES_OP_N] = {
	[RES_MOVEIN] = N_("Moving in or birth (転入)"),
	[RES_MOVE] = N_("Move within the city (転居)"),
	[RES_CORRECT] = N_("Correction (修正)"),
	[RES_MOVEOUT] = N_("Moving out (転出)"),
	[RES_DEATH] = N_("Death (死亡)"),
};

/* Where each form field goes in the record. */
static const struct {
	const char *name;
	size_t off, size;
} slots[] = {
#define S(f) { #f, offsetof(struct db_resident, f), sizeof ((struct db_resident *)0)->f }
	S(name), S(name_kana), S(birth_date), S(postal_code), S(address),
	S(katagaki), S(household_no), S(phone), S(my_number), S(mn_method),
	S(movement_date), S(notified_date),
#undef S
};

static const struct action resedit_actions[] = {
	{ A_SAVE, KEY_F(10), "F10", N_("Save"),
	    N_("Check every field and save the change as pending (仮登録); press F10 again to confirm an alert.") },
	{ A_NONE, 0, NULL, NULL, NULL }
};

struct resedit_state {
	enum resident_op op;
	char atena[16];
	struct db_resident base;	/* the current version (not MOVEIN) */
	struct form *fm;
	int confirming;			/* an alert was shown: F10 confirms */
	int opened_at;			/* newest 履歴番号 when first opened */
	struct reclock lock;		/* on atena, while the form is open */
};

static void
prefill(struct resedit_state *es)
{
	struct form *fm = es->fm;
	struct db_resident *r = &es->base;
	struct ymd d;
	char buf[64];
	size_t i;
	int k;

	for (i = 0; i < N(slots); i++) {
		if (strcmp(slots[i].name, "my_number") == 0 ||
		    strcmp(slots[i].name, "mn_method") == 0 ||
		    (k = form_find(fm, slots[i].name)) < 0)
			continue;
		const char *v = (const char *)r + slots[i].off;
		if (fm->defs[k].type == FT_DATE && ymd_from_iso(v, &d) == 0)
			v = wareki_format(&d, WAREKI_LONG, buf, sizeof buf);
		field_set(&fm->f[k], v);
	}
	snprintf(buf, sizeof buf, "%d", r->sex);
	form_set(fm, "sex", buf);
	form_clean(fm);
}

static void
restore(struct resedit_state *es, const char *draft)
{
	const char *p;

	if ((p = tui_draft_meta(draft, "_op=")) != NULL)
		es->op = (enum resident_op)atoi(p);
	if ((p = tui_draft_meta(draft, "_atena=")) != NULL)
		snprintf(es->atena, sizeof es->atena, "%.*s",
		    (int)strcspn(p, "\n"), p);
	/* The version the form was first opened at, before the session
	 * that kept the draft ended: a change saved since then is not
	 * overwritten by the draft. */
	if ((p = tui_draft_meta(draft, "_rireki=")) != NULL)
		es->opened_at = atoi(p);
}

static int
newest(void *ctx, const struct db_resident *r)
{
	int *n = ctx;

	if (r->rireki_no > *n)
		*n = r->rireki_no;
	return 0;
}

/*
 * Take the record lock on the person and note the newest version, any
 * state, as the one the form is opened at (a draft brings its own).
 * -1 when the form must not open (the message says why).
 */
static int
take(struct tui *t, struct resedit_state *es)
{
	struct err e;
	int n = 0;

	if (reclock_take(t, &es->lock, LEDGER_RESIDENT, es->atena) == -1)
		return -1;
	if (es->opened_at > 0)
		return 0;
	err_clear(&e);
	if (resident_history(t->s, es->atena, newest, &n, &e) == -1) {
		tui_error(t, &e, NULL);
		return -1;
	}
	es->opened_at = n;
	return 0;
}

static const struct field_def *
defs_for(enum resident_op op, size_t *n)
{
	switch (op) {
	case RES_MOVE: *n = N(move_defs); return move_defs;
	case RES_CORRECT: *n = N(correct_defs); return correct_defs;
	case RES_MOVEOUT:
	case RES_DEATH: *n = N(remove_defs); return remove_defs;
	default: *n = N(full_defs); return full_defs;
	}
}

static void *
resedit_open(struct tui *t, const void *arg)
{
	const struct resident_arg *ra = arg;
	struct resedit_state *es = xcalloc(1, sizeof *es);
	const struct field_def *defs;
	struct err e;
	size_t n;

	es->op = ra->edit_op >= 0 && ra->edit_op < RES_OP_N ?
	    (enum resident_op)ra->edit_op : RES_MOVEIN;
	if (ra->atena_no != NULL)
		snprintf(es->atena, sizeof es->atena, "%s", ra->atena_no);
	if (ra->draft != NULL)
		restore(es, ra->draft);
	if ((int)es->op < 0 || es->op >= RES_OP_N)
		es->op = RES_MOVEIN;
	if (es->atena[0] != '\0' && take(t, es) == -1) {
		reclock_release(t, &es->lock);
		xwipe(es, sizeof *es);
		free(es);
		return NULL;
	}
	defs = defs_for(es->op, &n);
	es->fm = form_new(defs, n, &e);
	if (es->op != RES_MOVEIN && es->atena[0] != '\0') {
		if (resident_view(t->s, es->atena, &es->base, &e) == 0)
			prefill(es);
		else
			tui_error(t, &e, NULL);
	}
	if (ra->draft != NULL && form_restore(es->fm, ra->draft) > 0)
		tui_message(t, "%s", _("The input kept from your last session was restored; check it and save with F10."));
	return es;
}

static void
resedit_close(struct tui *t, void *st)
{
	struct resedit_state *es = st;

	reclock_release(t, &es->lock);
	form_free(&es->fm);
	xwipe(es, sizeof *es);
	free(es);
}

/* The record to submit: the current version with the typed fields. */
static void
build(struct resedit_state *es, struct db_resident *r)
{
	const char *v;
	size_t i;

	*r = es->base;
	snprintf(r->atena_no, sizeof r->atena_no, "%s", es->atena);
	for (i = 0; i < N(slots); i++) {
		if (form_find(es->fm, slots[i].name) < 0)
			continue;
		v = form_value(es->fm, slots[i].name);
		/* An empty My Number on a correction keeps the stored one. */
		if (strcmp(slots[i].name, "my_number") == 0 && *v == '\0')
			continue;
		if (strcmp(slots[i].name, "mn_method") == 0 && *v == '\0')
			continue;
		snprintf((char *)r + slots[i].off, slots[i].size, "%s", v);
	}
	if (form_find(es->fm, "sex") >= 0)
		r->sex = atoi(form_value(es->fm, "sex"));
}

static int
save(struct tui *t, struct resedit_state *es)
{
	struct resident_change c;
	struct err e;
	char atena[16] = "", msg[200];
	int rireki = 0, rc;
	struct field *mn = form_field(es->fm, "my_number");

	err_clear(&e);
	rc = form_validate_all(es->fm, &e);
	if (rc == 1 && es->confirming) {
		form_confirm_alerts(es->fm);
		rc = form_validate_all(es->fm, &e);
	}
	if (rc == 1) {
		es->confirming = 1;
		tui_error(t, &e, es->fm);
		snprintf(msg, sizeof msg, _("%s Press F10 again to confirm."), t->msg);
		snprintf(t->msg, sizeof t->msg, "%s", msg);
		return TUI_REDRAW;
	}
	if (rc == -1) {
		tui_error(t, &e, es->fm);
		return TUI_REDRAW;
	}
	/* a My Number needs the way it was verified. */
	if (mn != NULL && !field_empty(mn) &&
	    form_value(es->fm, "mn_method")[0] == '\0') {
		err_set(&e, E_REQUIRED, "mn_method", NULL);
		form_goto(es->fm, (size_t)form_find(es->fm, "mn_method"));
		tui_error(t, &e, es->fm);
		return TUI_REDRAW;
	}
	memset(&c, 0, sizeof c);
	c.op = es->op;
	build(es, &c.rec);
	c.reason_code = form_value(es->fm, "reason");
	c.ref_no = form_value(es->fm, "ref_no");
	c.justification = form_value(es->fm, "justification");
	c.confirm_alerts = es->confirming;
	c.expect_rireki = es->opened_at;
	rc = resident_submit(t->s, &c, atena, &rireki, &e);
	xwipe(&c, sizeof c);
	if (rc == -1) {
		if (e.code == E_RECORD_CHANGED) {
			/* Nothing written; the input stays for the clerk to
			 * key again on the reopened record. */
			es->confirming = 0;
			tui_message(t, "%s", _(err_message(E_RECORD_CHANGED)));
			t->msg_error = 1;
		} else if (err_is_alert(e.code)) {
			es->confirming = 1;
			tui_error(t, &e, es->fm);
			snprintf(msg, sizeof msg, _("%s Press F10 again to confirm."), t->msg);
			snprintf(t->msg, sizeof t->msg, "%s", msg);
		} else {
			if (form_find(es->fm, e.field) >= 0)
				form_goto(es->fm, (size_t)form_find(es->fm, e.field));
			tui_error(t, &e, es->fm);
		}
		return TUI_REDRAW;
	}
	form_clean(es->fm);
	t->saved_gen++;
	tui_message(t, _("Saved as pending (仮登録): atena number %s, version %d. A supervisor confirms it."),
	    atena, rireki);
	if (es->op == RES_MOVEIN) {
		tui_replace_resident(t, atena);
		return TUI_REDRAW;
	}
	return TUI_POP;
}

static int
resedit_handle(struct tui *t, void *st, enum action_id a, const struct tui_key *k)
{
	struct resedit_state *es = st;
	struct err e;
	int r;

	reclock_renew(t, &es->lock);
	if (a == A_SAVE)
		return save(t, es);
	if (k == NULL)
		return TUI_BEEP;
	es->confirming = 0;
	if (k->fkey == KEY_ENTER || (k->fkey == 0 && (k->ch == '\r' ||
	    k->ch == '\n')))
		r = form_next(es->fm, &e);
	else
		r = tui_form_key(t, es->fm, k, &e);
	if (r == -1 || (r & FORM_REFUSED))
		return TUI_BEEP;
	if (r & (FORM_INVALID | FORM_ALERT))
		tui_error(t, &e, es->fm);
	return TUI_REDRAW;
}

static void
resedit_draw(struct tui *t, void *st)
{
	struct resedit_state *es = st;
	char line[128];

	(void)t;
	if (es->atena[0] != '\0') {
		snprintf(line, sizeof line, _("Atena number %s"), es->atena);
		draw_text(1, 2, line, COLS - 4);
	}
	draw_form(es->fm, 2, 18, 1, NULL, NULL);
}

static const char *
resedit_state_label(struct tui *t, void *st)
{
	struct resedit_state *es = st;

	(void)t;
	return _(op_titles[es->op]);
}

static char *
resedit_draft(struct tui *t, void *st)
{
	struct resedit_state *es = st;
	char *body, *all;

	(void)t;
	if (!es->fm->dirty)
		return NULL;
	body = form_serialize(es->fm);
	all = xasprintf("_op=%d\n_atena=%s\n_rireki=%d\n%s", (int)es->op,
	    es->atena, es->opened_at, body);
	xfree_secret(&body);
	return all;
}

const struct screen screen_resedit = {
	"RESEDIT", N_("Resident change"), resedit_actions, 1,
	resedit_open, resedit_handle, resedit_draw, resedit_close,
	resedit_state_label, resedit_draft, NULL
};
