/*
 * The resident master screen: one person's current version (resident_view)
 * with fields shown, masked or hidden per visibility_of; the My Number
 * masked until the reveal key, which the ledger audits, and masked again
 * when the screen is left or locked; the pending version marked
 * 未確認; the history of versions; and the keys that start a change.
 */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "mynumber.h"
#include "resident.h"
#include "screen.h"
#include "screen_book.h"
#include "visibility.h"
#include "wareki.h"
#include "xmalloc.h"

#define HIST_MAX 200

static const struct action resident_actions[] = {
	{ A_CHANGE, KEY_F(4), "F4", N_("Correct"),
	    N_("Correct this person's record (修正); a justification is required.") },
	{ A_REVEAL, KEY_F(5), "F5", N_("Reveal"),
	    N_("Show the full My Number while this screen is open; the reveal is logged.") },
	{ A_HISTORY, KEY_F(6), "F6", N_("History"),
	    N_("Show or hide every version of this record.") },
	{ A_MOVE, KEY_F(7), "F7", N_("Move"),
	    N_("Record a move within the city (転居): address fields only.") },
	{ A_MOVEOUT, KEY_F(8), "F8", N_("Out"),
	    N_("Record a move out of the city (転出).") },
	{ A_LEDGERS, KEY_F(10), "F10", N_("Ledgers"),
	    N_("Open this person's entries in the ledgers you hold a right on (児童手当, 敬老乗車証, 予防接種).") },
	{ A_DEATH, KEY_F(11), "F11", N_("Death"),
	    N_("Record a death (死亡).") },
	{ A_NONE, 0, NULL, NULL, NULL }
};

struct resident_state {
	char atena[16];
	int loaded;
	struct db_resident cur;
	struct db_resident pend;
	int has_pending;
	int only_pending;	/* no confirmed version yet */
	struct db_resident *hist;
	int nhist, show_hist;
	char revealed[MYNUMBER_LEN + 1];
	unsigned gen;
};

/* The movement or operation name of a version, for people (異動事由). */
static const char *
op_label(const char *op)
{
	static const struct {
		const char *op, *label;
	} names[] = {
		{ "movein", N_("moving in (転入)") },
		{ "move", N_("move within the city (転居)") },
		{ "correct", N_("correction (修正)") },
		{ "moveout", N_("moving out (転出)") },
		{ "death", N_("death (死亡)") },
		{ "create", N_("registration (登録)") },
		{ "import", N_("import (取込)") },
	};
	size_t i;

	for (i = 0; i < sizeof names / sizeof names[0]; i++)
		if (strcmp(op, names[i].op) == 0)
			return _(names[i].label);
	return op;
}

static void
forget(struct resident_state *rs)
{
	xwipe(rs->revealed, sizeof rs->revealed);
}

static int
collect(void *ctx, const struct db_resident *r)
{
	struct resident_state *rs = ctx;

	if (rs->nhist >= HIST_MAX)
		return 1;
	rs->hist[rs->nhist++] = *r;
	return 0;
}

static void
load(struct tui *t, struct resident_state *rs)
{
	struct err e;

	forget(rs);
	rs->gen = t->saved_gen;
	err_clear(&e);
	rs->loaded = resident_view(t->s, rs->atena, &rs->cur, &e) == 0;
	rs->only_pending = 0;
	if (!rs->loaded && e.code != E_NOT_FOUND) {
		tui_error(t, &e, NULL);
		return;
	}
	rs->has_pending = resident_pending(t->s, rs->atena, &rs->pend, &e) == 0;
	if (!rs->has_pending && e.code != E_NOT_FOUND)
		tui_error(t, &e, NULL);
	if (!rs->loaded && rs->has_pending) {
		/* A person registered but not yet confirmed: the pending
		 * version is all there is. */
		rs->cur = rs->pend;
		rs->loaded = rs->only_pending = 1;
	} else if (!rs->loaded) {
		tui_error(t, &e, NULL);
		return;
	}
	if (rs->show_hist) {
		rs->nhist = 0;
		if (resident_history(t->s, rs->atena, collect, rs, &e) == -1)
			tui_error(t, &e, NULL);
	}
}

static void *
resident_open(struct tui *t, const void *arg)
{
	const struct resident_arg *ra = arg;
	struct resident_state *rs = xcalloc(1, sizeof *rs);

	rs->hist = xcalloc(HIST_MAX, sizeof *rs->hist);
	snprintf(rs->atena, sizeof rs->atena, "%s", ra && ra->atena_no ?
	    ra->atena_no : "");
	load(t, rs);
	return rs;
}

static void
resident_close(struct tui *t, void *st)
{
	struct resident_state *rs = st;

	(void)t;
	xwipe(rs->hist, sizeof *rs->hist * HIST_MAX);
	free(rs->hist);
	xwipe(rs, sizeof *rs);
	free(rs);
}

static void
resident_mask(struct tui *t, void *st)
{
	(void)t;
	forget(st);
}

static int
change(struct tui *t, struct resident_state *rs, enum resident_op op)
{
	struct resident_arg ra = { rs->atena, (int)op, NULL };

	if (!rs->loaded || rs->only_pending)
		return TUI_BEEP;
	if (!session_has(t->s, LEDGER_RESIDENT, ROLE_CLERK) &&
	    !session_has(t->s, LEDGER_RESIDENT, ROLE_SUPERVISOR)) {
		struct err e;

		session_require(t->s, LEDGER_RESIDENT, ROLE_CLERK,
		    resident_op_name(op), &e);
		tui_error(t, &e, NULL);
		return TUI_REDRAW;
	}
	forget(rs);
	tui_push(t, &screen_resedit, &ra);
	return TUI_REDRAW;
}

static int
resident_handle(struct tui *t, void *st, enum action_id a, const struct tui_key *k)
{
	struct resident_state *rs = st;
	struct err e;

	(void)k;
	switch (a) {
	case A_REVEAL:
		if (!rs->loaded || rs->only_pending || rs->cur.my_number[0] == '\0')
			return TUI_BEEP;
		if (resident_reveal_mynumber(t->s, rs->atena, rs->revealed, &e) == -1) {
			forget(rs);
			tui_error(t, &e, NULL);
		}
		return TUI_REDRAW;
	case A_HISTORY:
		rs->show_hist = !rs->show_hist;
		if (rs->show_hist) {
			rs->nhist = 0;
			if (resident_history(t->s, rs->atena, collect, rs, &e) == -1)
				tui_error(t, &e, NULL);
		}
		return TUI_REDRAW;
	case A_CHANGE:
		return change(t, rs, RES_CORRECT);
	case A_MOVE:
		return change(t, rs, RES_MOVE);
	case A_MOVEOUT:
		return change(t, rs, RES_MOVEOUT);
	case A_DEATH:
		return change(t, rs, RES_DEATH);
	case A_LEDGERS: {
		struct book_arg ba = { rs->atena, 0, NULL, NULL };

		if (!rs->loaded || rs->only_pending)
			return TUI_BEEP;
		forget(rs);
		tui_push(t, &screen_ledgers, &ba);
		return TUI_REDRAW;
	}
	default:
		return TUI_BEEP;
	}
}

static const char *
resident_state_label(struct tui *t, void *st)
{
	struct resident_state *rs = st;

	(void)t;
	if (!rs->loaded)
		return NULL;
	if (rs->has_pending)
		return _("Pending change (仮登録, 未確認)");
	return _("Confirmed (本登録)");
}

static void
row(int *y, const char *label, const char *value, enum vis v)
{
	if (v == VIS_HIDDEN || *y >= LINES - 3)
		return;
	draw_label(*y, 1, label, 18);
	draw_text(*y, 20, v == VIS_SHOWN ? value : visibility_mask(), COLS - 21);
	(*y)++;
}

static const char *
date_text(const char *iso, char *buf, size_t size)
{
	struct ymd d;

	if (ymd_from_iso(iso, &d) == 0)
		return wareki_format(&d, WAREKI_BOTH, buf, size);
	return iso;
}

/* The history table's columns: display cells (-1: the rest). */
static const int hist_w[] = { 4, 10, 9, 19, 10, 8, -1 };

static void
draw_history(struct resident_state *rs, int y)
{
	const char *head[] = { _("No."), _("State"), _("Change"), _("Time"),
	    _("Operator"), _("Terminal"), "" };
	char line[256], no[16];
	size_t j;
	int i;

	attron(A_BOLD);
	line[0] = '\0';
	for (j = 0; j < sizeof hist_w / sizeof hist_w[0]; j++)
		draw_col(line, sizeof line, head[j], hist_w[j]);
	draw_text(y++, 1, line, COLS - 2);
	attroff(A_BOLD);
	for (i = 0; i < rs->nhist && y < LINES - 3; i++, y++) {
		const struct db_resident *h = &rs->hist[i];
		const char *v[] = { no, h->state, op_label(h->op), h->stamp,
		    h->operator_login, h->terminal,
		    screen_book_state_mark(h->state) };

		snprintf(no, sizeof no, "%d", h->rireki_no);
		line[0] = '\0';
		for (j = 0; j < sizeof hist_w / sizeof hist_w[0]; j++)
			draw_col(line, sizeof line, v[j], hist_w[j]);
		draw_text(y, 1, line, COLS - 2);
	}
}

static void
resident_draw(struct tui *t, void *st)
{
	struct resident_state *rs = st;
	struct db_resident *r = &rs->cur;
	enum vis v, vm;
	char buf[96], mn[16];
	const char *sex;
	int y = 2;

	if (rs->gen != t->saved_gen)
		load(t, rs);
	if (!rs->loaded)
		return;
	v = visibility_of(t->s, LEDGER_RESIDENT, SENS_ORDINARY);
	vm = visibility_of(t->s, LEDGER_RESIDENT, SENS_MYNUMBER);
	row(&y, _("Atena number"), r->atena_no, VIS_SHOWN);
	row(&y, _("Name"), r->name, v);
	row(&y, _("Reading"), r->name_kana, v);
	row(&y, _("Date of birth"), date_text(r->birth_date, buf, sizeof buf), v);
	sex = field_choice_label(&(struct field_def){ .choices = tui_sex_choices },
	    r->sex == 1 ? "1" : r->sex == 2 ? "2" : "9");
	row(&y, _("Sex"), sex != NULL ? _(sex) : "", v);
	snprintf(buf, sizeof buf, "%.3s-%.4s", r->postal_code,
	    strlen(r->postal_code) > 3 ? r->postal_code + 3 : "");
	row(&y, _("Postal code"), r->postal_code[0] ? buf : "", v);
	row(&y, _("Address"), r->address, v);
	row(&y, _("Katagaki"), r->katagaki, v);
	row(&y, _("Household no."), r->household_no, v);
	/* masked even when shown, until the audited reveal. */
	if (rs->revealed[0] != '\0' && vm == VIS_SHOWN)
		mynumber_group(rs->revealed, mn);
	else
		mynumber_mask(r->my_number, mn);
	row(&y, _("My Number"), mn, vm == VIS_HIDDEN ? VIS_HIDDEN : VIS_SHOWN);
	xwipe(mn, sizeof mn);
	row(&y, _("Movement"), op_label(r->movement_reason[0] ?
	    r->movement_reason : r->op), VIS_SHOWN);
	row(&y, _("Movement date"), date_text(r->movement_date, buf, sizeof buf), v);
	if (rs->has_pending && y < LINES - 3) {
		snprintf(buf, sizeof buf, _("未確認: a %s change by %s at %s waits for confirmation."),
		    op_label(rs->pend.op), rs->pend.operator_login, rs->pend.stamp);
		attron(A_BOLD);
		draw_text(y++, 2, buf, COLS - 4);
		attroff(A_BOLD);
	}
	if (rs->show_hist)
		draw_history(rs, y + 1);
}

const struct screen screen_resident = {
	"RESIDENT", N_("Resident master"), resident_actions, 1,
	resident_open, resident_handle, resident_draw, resident_close,
	resident_state_label, NULL, resident_mask
};
