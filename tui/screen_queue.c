/*
 * The pending queue (R-36, 未確認): the entries of the ledgers the
 * supervisor is granted, oldest first, with the ledger, the entry key and
 * 履歴番号, the kind of change, the entering clerk and the time.  F6 cycles
 * the ledger filter, F7 the clerk filter (through the clerks in the
 * queue), F5 reloads; Enter takes the entry's record lock (another
 * counter editing or confirming it is named) and opens it for blind
 * re-keying through confirm_open, whose refusals (own entry, already
 * handled) are shown here; the confirmation screen keeps the lock until
 * it closes.  Also the ledger and change labels the confirmation screens share.
 */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "confirm.h"
#include "i18n.h"
#include "screen.h"
#include "xmalloc.h"

#define QUEUE_MAX 2000
#define CLERKS_MAX 64

static const struct {
	const char *name;
	const char *label;
} ledger_labels[] = {
	{ "resident", N_("Resident master") },
	{ "child", N_("Child allowance") },
	{ "elderly", N_("Elderly pass") },
	{ "vaccine", N_("Vaccination") },
};

static const struct {
	const char *op;
	const char *label;
} op_labels[] = {
	{ "movein", N_("moving in (転入)") },
	{ "move", N_("move (転居)") },
	{ "correct", N_("correction (修正)") },
	{ "moveout", N_("moving out (転出)") },
	{ "death", N_("death (死亡)") },
	{ "create", N_("new entry") },
};

const char *
queue_ledger_label(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof ledger_labels / sizeof ledger_labels[0]; i++)
		if (strcmp(ledger_labels[i].name, name) == 0)
			return _(ledger_labels[i].label);
	return name;
}

const char *
queue_op_label(const char *op)
{
	size_t i;

	for (i = 0; i < sizeof op_labels / sizeof op_labels[0]; i++)
		if (strcmp(op_labels[i].op, op) == 0)
			return _(op_labels[i].label);
	return op;
}

void
queue_draw_titles(int y)
{
	draw_text(y, 1, _("Ledger"), 16);
	draw_text(y, 18, _("Entry"), 16);
	draw_text(y, 35, _("No."), 4);
	draw_text(y, 40, _("Change"), 20);
}

void
queue_draw_cells(int y, const struct db_pending *p)
{
	char no[16];

	mvhline(y, 1, ' ', COLS - 2);
	draw_text(y, 1, queue_ledger_label(p->ledger), 16);
	draw_text(y, 18, p->entry, 16);
	snprintf(no, sizeof no, "%d", p->rireki_no);
	draw_text(y, 35, no, 4);
	draw_text(y, 40, queue_op_label(p->op), 20);
}

void
queue_scroll(int *top, int sel, int rows)
{
	if (rows < 1)
		rows = 1;
	if (sel < *top)
		*top = sel;
	if (sel >= *top + rows)
		*top = sel - rows + 1;
}

static const struct action queue_actions[] = {
	{ A_REFRESH, KEY_F(5), "F5", N_("Reload"),
	    N_("Read the queue again (entries keyed meanwhile appear, handled ones go).") },
	{ A_LEDGER, KEY_F(6), "F6", N_("Ledger"),
	    N_("Show one ledger after another, then all of them again.") },
	{ A_CLERK, KEY_F(7), "F7", N_("Clerk"),
	    N_("Show one entering clerk after another, then everyone again.") },
	{ A_NONE, 0, NULL, NULL, NULL }
};

struct queue_state {
	struct db_pending *rows;
	int n, more, sel, top;
	enum ledger_id ledger;		/* LEDGER_N = all */
	char clerk[LOGIN_MAX];		/* "" = everyone */
	unsigned gen;
};

static int
collect(void *ctx, const struct db_pending *p)
{
	struct queue_state *q = ctx;

	if (q->n >= QUEUE_MAX) {
		q->more = 1;
		return 1;
	}
	q->rows[q->n++] = *p;
	return 0;
}

static void
load(struct tui *t, struct queue_state *q)
{
	struct err e;

	q->n = q->more = 0;
	q->gen = t->saved_gen;
	err_clear(&e);
	if (confirm_queue(t->s, q->ledger, q->clerk[0] ? q->clerk : NULL,
	    collect, q, &e) == -1 && !(e.code == E_NOT_FOUND && q->n == 0))
		tui_error(t, &e, NULL);
	if (q->sel >= q->n)
		q->sel = q->n > 0 ? q->n - 1 : 0;
}

static void *
queue_open(struct tui *t, const void *arg)
{
	struct queue_state *q = xcalloc(1, sizeof *q);

	(void)arg;
	q->rows = xcalloc(QUEUE_MAX, sizeof *q->rows);
	q->ledger = LEDGER_N;
	load(t, q);
	return q;
}

static void
queue_close(struct tui *t, void *st)
{
	struct queue_state *q = st;

	(void)t;
	free(q->rows);
	free(q);
}

/* The next ledger the session supervises after the filter, or all. */
static void
next_ledger(struct tui *t, struct queue_state *q)
{
	int l = q->ledger == LEDGER_N ? 0 : (int)q->ledger + 1;

	for (; l < LEDGER_SYSTEM; l++)
		if (session_has(t->s, (enum ledger_id)l, ROLE_SUPERVISOR))
			break;
	q->ledger = l < LEDGER_SYSTEM ? (enum ledger_id)l : LEDGER_N;
}

static int
cmp_login(const void *a, const void *b)
{
	return strcmp(a, b);
}

static int
add_clerk(void *ctx, const struct db_pending *p)
{
	struct queue_state *c = ctx;	/* rows = the clerk list */
	int i;

	for (i = 0; i < c->n; i++)
		if (strcmp(c->rows[i].operator_login, p->operator_login) == 0)
			return 0;
	if (c->n >= CLERKS_MAX)
		return 1;
	c->rows[c->n++] = *p;
	return 0;
}

/* The clerk after the filter among those with entries, or everyone. */
static void
next_clerk(struct tui *t, struct queue_state *q)
{
	struct queue_state c;
	char logins[CLERKS_MAX][LOGIN_MAX];
	struct err e;
	int i;

	memset(&c, 0, sizeof c);
	c.rows = xcalloc(CLERKS_MAX, sizeof *c.rows);
	err_clear(&e);
	if (confirm_queue(t->s, q->ledger, NULL, add_clerk, &c, &e) == -1 &&
	    e.code != E_NOT_FOUND)
		tui_error(t, &e, NULL);
	for (i = 0; i < c.n; i++)
		snprintf(logins[i], LOGIN_MAX, "%s", c.rows[i].operator_login);
	free(c.rows);
	qsort(logins, (size_t)c.n, LOGIN_MAX, cmp_login);
	for (i = 0; i < c.n; i++)
		if (q->clerk[0] == '\0' || strcmp(logins[i], q->clerk) > 0)
			break;
	snprintf(q->clerk, sizeof q->clerk, "%s", i < c.n ? logins[i] : "");
}

/* Enter: open the selected entry, or show why it cannot be. */
static int
open_entry(struct tui *t, struct queue_state *q)
{
	const struct db_pending *p;
	struct confirm_ref ref;
	struct confirm_arg *v;
	struct reclock lock;
	struct err e;

	if (q->n == 0)
		return TUI_BEEP;
	p = &q->rows[q->sel];
	memset(&ref, 0, sizeof ref);
	if (ledger_from_name(p->ledger, &ref.ledger) == -1)
		return TUI_BEEP;
	snprintf(ref.entry, sizeof ref.entry, "%s", p->entry);
	ref.rireki_no = p->rireki_no;
	/* Lock first: nothing of an entry someone else has open is read. */
	if (reclock_take(t, &lock, ref.ledger, ref.entry) == -1)
		return TUI_REDRAW;
	v = xmalloc(sizeof *v);
	err_clear(&e);
	if (confirm_open(t->s, &ref, &v->v, &e) == -1) {
		reclock_release(t, &lock);
		tui_error(t, &e, NULL);
		if (e.code == E_CONFIRM_STALE || e.code == E_NOT_FOUND)
			load(t, q);
	} else {
		v->lock = lock;		/* the screen releases it */
		tui_push(t, v->v.tries >= v->v.max_tries ?
		    &screen_confirm_reject : &screen_confirm, v);
	}
	xwipe(v, sizeof *v);
	free(v);
	return TUI_REDRAW;
}

static int
queue_handle(struct tui *t, void *st, enum action_id a, const struct tui_key *k)
{
	struct queue_state *q = st;
	int page = LINES - 9 > 1 ? LINES - 9 : 1;

	switch (a) {
	case A_REFRESH:
		load(t, q);
		return TUI_REDRAW;
	case A_LEDGER:
		next_ledger(t, q);
		q->sel = q->top = 0;
		load(t, q);
		return TUI_REDRAW;
	case A_CLERK:
		next_clerk(t, q);
		q->sel = q->top = 0;
		load(t, q);
		return TUI_REDRAW;
	default:
		break;
	}
	if (k == NULL)
		return TUI_BEEP;
	switch (k->fkey) {
	case KEY_UP: q->sel--; break;
	case KEY_DOWN: q->sel++; break;
	case KEY_PPAGE: q->sel -= page; break;
	case KEY_NPAGE: q->sel += page; break;
	case KEY_HOME: q->sel = 0; break;
	case KEY_END: q->sel = q->n - 1; break;
	case KEY_ENTER: return open_entry(t, q);
	case 0:
		if (k->ch == '\r' || k->ch == '\n')
			return open_entry(t, q);
		return TUI_BEEP;
	default:
		return TUI_BEEP;
	}
	if (q->sel >= q->n)
		q->sel = q->n - 1;
	if (q->sel < 0)
		q->sel = 0;
	return TUI_REDRAW;
}

static void
queue_draw(struct tui *t, void *st)
{
	struct queue_state *q = st;
	const struct db_pending *p;
	char line[256];
	int y = 2, i;

	if (q->gen != t->saved_gen)
		load(t, q);
	snprintf(line, sizeof line, _("Ledger: %s   Clerk: %s   Entries: %d%s"),
	    q->ledger == LEDGER_N ? _("all") :
	    queue_ledger_label(ledger_name(q->ledger)),
	    q->clerk[0] ? q->clerk : _("everyone"), q->n, q->more ? "+" : "");
	draw_text(y++, 2, line, COLS - 4);
	draw_text(y++, 2, _("Oldest first; * marks your own entries. Enter opens one to key it again blind."), COLS - 4);
	y++;
	attron(A_BOLD);
	queue_draw_titles(y);
	draw_text(y, QUEUE_COL_REST, _("Entered by"), 13);
	draw_text(y, 75, _("Time"), COLS - 76);
	attroff(A_BOLD);
	y++;
	if (q->n == 0) {
		draw_text(y, 2, _("No entries wait for confirmation."), COLS - 4);
		return;
	}
	queue_scroll(&q->top, q->sel, LINES - 3 - y);
	for (i = q->top; i < q->n && y < LINES - 3; i++, y++) {
		p = &q->rows[i];
		if (i == q->sel)
			attron(A_REVERSE);
		queue_draw_cells(y, p);
		snprintf(line, sizeof line, "%s%s", p->operator_login,
		    strcmp(p->operator_login, t->s->user.login) == 0 ? "*" : "");
		draw_text(y, QUEUE_COL_REST, line, 13);
		draw_text(y, 75, p->stamp, COLS - 76);
		attroff(A_REVERSE);
	}
}

const struct screen screen_queue = {
	"QUEUE", N_("Pending entries (未確認)"), queue_actions, 1,
	queue_open, queue_handle, queue_draw, queue_close, NULL, NULL, NULL
};
