/*
 * The clerk's entries that a supervisor rejected, with the
 * supervisor's comment (confirm_rejected).  Enter opens a master entry in
 * the resident change screen, filled with the rejected version's values
 * (the My Number excepted: it is keyed again from the form), for the
 * clerk to correct and resubmit as an ordinary resident_submit of the same
 * 宛名番号 — 転入 with that number for a person never confirmed.  Once
 * resubmitted, the entry leaves this list.
 */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "confirm.h"
#include "i18n.h"
#include "resident.h"
#include "screen.h"
#include "width.h"
#include "xmalloc.h"

#define REJECTED_MAX 500

static const struct action rejected_actions[] = {
	{ A_REFRESH, KEY_F(5), "F5", N_("Reload"),
	    N_("Read the list again.") },
	{ A_NONE, 0, NULL, NULL, NULL }
};

struct rejected_state {
	struct db_pending *rows;
	int n, sel, top;
	unsigned gen;
};

/* Looking for one version in a person's history. */
struct find {
	int rireki_no;
	int found, have_current;
	struct db_resident r;
};

static int
collect(void *ctx, const struct db_pending *p)
{
	struct rejected_state *rs = ctx;

	if (rs->n >= REJECTED_MAX)
		return 1;
	rs->rows[rs->n++] = *p;
	return 0;
}

static void
load(struct tui *t, struct rejected_state *rs)
{
	struct err e;

	rs->n = 0;
	rs->gen = t->saved_gen;
	err_clear(&e);
	if (confirm_rejected(t->s, collect, rs, &e) == -1)
		tui_error(t, &e, NULL);
	if (rs->sel >= rs->n)
		rs->sel = rs->n > 0 ? rs->n - 1 : 0;
}

static void *
rejected_open(struct tui *t, const void *arg)
{
	struct rejected_state *rs = xcalloc(1, sizeof *rs);

	(void)arg;
	rs->rows = xcalloc(REJECTED_MAX, sizeof *rs->rows);
	load(t, rs);
	return rs;
}

static void
rejected_close(struct tui *t, void *st)
{
	struct rejected_state *rs = st;

	(void)t;
	xwipe(rs->rows, sizeof *rs->rows * REJECTED_MAX);
	free(rs->rows);
	free(rs);
}

static int
find_version(void *ctx, const struct db_resident *r)
{
	struct find *f = ctx;

	if (r->current)
		f->have_current = 1;
	if (r->rireki_no == f->rireki_no) {
		f->r = *r;
		f->found = 1;
	}
	return 0;
}

/* The change to key again: the rejected op, 転入 for a new person. */
static enum resident_op
op_of(const struct find *f)
{
	int op;

	if (!f->have_current)
		return RES_MOVEIN;
	for (op = 0; op < RES_OP_N; op++)
		if (strcmp(resident_op_name((enum resident_op)op), f->r.op) == 0)
			return (enum resident_op)op;
	return RES_CORRECT;
}

/* The rejected values as the change screen's draft text (caller frees). */
static char *
as_draft(const struct find *f, enum resident_op op)
{
	const struct db_resident *r = &f->r;
	struct buf b;

	buf_init(&b);
	/* Opened at the rejected version: a change saved by anyone since
	 * makes the resubmission fail rather than overwrite it. */
	buf_printf(&b, "_op=%d\n_atena=%s\n_rireki=%d\n", (int)op,
	    r->atena_no, f->rireki_no);
	buf_printf(&b, "name=%s\nname_kana=%s\nbirth_date=%s\nsex=%d\n",
	    r->name, r->name_kana, r->birth_date, r->sex);
	buf_printf(&b, "postal_code=%s\naddress=%s\nkatagaki=%s\n",
	    r->postal_code, r->address, r->katagaki);
	buf_printf(&b, "household_no=%s\nphone=%s\nmn_method=%s\n",
	    r->household_no, r->phone, r->mn_method);
	buf_printf(&b, "movement_date=%s\nnotified_date=%s\n", r->movement_date,
	    r->notified_date);
	buf_printf(&b, "reason=%s\nref_no=%s\njustification=%s\n", r->reason_code,
	    r->ref_no, r->justification);
	return buf_release(&b);
}

/* Enter: key the rejected entry again in the resident change screen. */
static int
resubmit(struct tui *t, struct rejected_state *rs)
{
	const struct db_pending *p;
	struct resident_arg ra = { NULL, -1, NULL };
	struct find *f;
	struct err e;
	enum resident_op op;
	char *draft;

	if (rs->n == 0)
		return TUI_BEEP;
	p = &rs->rows[rs->sel];
	if (strcmp(p->ledger, ledger_name(LEDGER_RESIDENT)) != 0) {
		tui_message(t, "%s", _("Entries of this ledger are corrected on the ledger's own screen, which this terminal does not offer yet."));
		t->msg_error = 1;
		return TUI_REDRAW;
	}
	f = xcalloc(1, sizeof *f);
	f->rireki_no = p->rireki_no;
	err_clear(&e);
	if (resident_history(t->s, p->entry, find_version, f, &e) == -1 ||
	    !f->found) {
		if (f->found == 0 && e.code == E_OK)
			err_set(&e, E_NOT_FOUND, "", NULL);
		tui_error(t, &e, NULL);
		xwipe(f, sizeof *f);
		free(f);
		return TUI_REDRAW;
	}
	op = op_of(f);
	draft = as_draft(f, op);
	ra.atena_no = p->entry;
	ra.edit_op = (int)op;
	ra.draft = draft;
	tui_push(t, &screen_resedit, &ra);
	tui_message(t, "%s", _("The rejected entry is filled in: correct it as the comment says, key the My Number again from the form if there is one, and save with F10."));
	xfree_secret(&draft);
	xwipe(f, sizeof *f);
	free(f);
	return TUI_REDRAW;
}

static int
rejected_handle(struct tui *t, void *st, enum action_id a, const struct tui_key *k)
{
	struct rejected_state *rs = st;

	if (a == A_REFRESH) {
		load(t, rs);
		return TUI_REDRAW;
	}
	if (k == NULL)
		return TUI_BEEP;
	if (k->fkey == KEY_UP && rs->sel > 0)
		rs->sel--;
	else if (k->fkey == KEY_DOWN && rs->sel + 1 < rs->n)
		rs->sel++;
	else if (k->fkey == KEY_ENTER || (k->fkey == 0 && (k->ch == '\r' ||
	    k->ch == '\n')))
		return resubmit(t, rs);
	else
		return TUI_BEEP;
	return TUI_REDRAW;
}

/* s wrapped over at most lines rows of width cells from (y, x). */
static int
wrap(int y, int x, const char *s, int width, int lines)
{
	size_t n;

	while (*s != '\0' && lines-- > 0 && y < LINES - 3) {
		n = width_fit(s, width);
		if (n == 0)
			break;
		mvaddnstr(y++, x, s, (int)n);
		s += n;
	}
	return y;
}

static void
rejected_draw(struct tui *t, void *st)
{
	struct rejected_state *rs = st;
	const struct db_pending *p;
	int y = 2, i, rows;

	if (rs->gen != t->saved_gen)
		load(t, rs);
	draw_text(y++, 2, _("Your entries that a supervisor sent back. Enter opens one to correct and save it again."), COLS - 4);
	y++;
	attron(A_BOLD);
	queue_draw_titles(y);
	draw_text(y, QUEUE_COL_REST, _("Comment"), COLS - QUEUE_COL_REST - 1);
	attroff(A_BOLD);
	y++;
	if (rs->n == 0) {
		draw_text(y, 2, _("No entries were sent back to you."), COLS - 4);
		return;
	}
	rows = LINES - 8 - y > 1 ? LINES - 8 - y : 1;
	queue_scroll(&rs->top, rs->sel, rows);
	for (i = rs->top; i < rs->n && i < rs->top + rows; i++, y++) {
		p = &rs->rows[i];
		if (i == rs->sel)
			attron(A_REVERSE);
		queue_draw_cells(y, p);
		draw_text(y, QUEUE_COL_REST, p->review_comment,
		    COLS - QUEUE_COL_REST - 1);
		attroff(A_REVERSE);
	}
	p = &rs->rows[rs->sel];
	y++;
	attron(A_BOLD);
	draw_text(y++, 1, _("Supervisor's comment:"), COLS - 2);
	attroff(A_BOLD);
	wrap(y, 3, p->review_comment, COLS - 5, 3);
}

const struct screen screen_rejected = {
	"REJECTED", N_("Entries sent back to you"), rejected_actions, 1,
	rejected_open, rejected_handle, rejected_draw, rejected_close, NULL,
	NULL, NULL
};
