/*
 * The operation log viewer for auditors: today's rows from
 * audit_list, newest at the bottom, scrolled with the arrows and pages.
 * The rows carry keys and counts only, never personal data.
 */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "clock.h"
#include "i18n.h"
#include "screen.h"
#include "xmalloc.h"

#define AUDIT_ROWS 2000

struct audit_state {
	struct db_audit_row *rows;
	int n, top;
	int failed;
};

static const struct action audit_actions[] = {
	{ A_NONE, 0, NULL, NULL, NULL }
};

static int
collect(void *ctx, const struct db_audit_row *r)
{
	struct audit_state *a = ctx;

	if (a->n == AUDIT_ROWS) {
		memmove(a->rows, a->rows + 1, sizeof *a->rows * (AUDIT_ROWS - 1));
		a->n--;
	}
	a->rows[a->n++] = *r;
	return 0;
}

static void *
audit_open(struct tui *t, const void *arg)
{
	struct audit_state *a = xcalloc(1, sizeof *a);
	struct db_audit_filter f;
	char today[DATE_MAX];
	struct err e;

	(void)arg;
	a->rows = xcalloc(AUDIT_ROWS, sizeof *a->rows);
	memset(&f, 0, sizeof f);
	clock_format_date(clock_now(), today, sizeof today);
	f.from = today;
	if (audit_list(t->s, &f, collect, a, &e) == -1) {
		tui_error(t, &e, NULL);
		a->failed = 1;
	}
	a->top = a->n > LINES - 6 ? a->n - (LINES - 6) : 0;
	return a;
}

static void
audit_close(struct tui *t, void *st)
{
	struct audit_state *a = st;

	(void)t;
	free(a->rows);
	free(a);
}

static int
audit_handle(struct tui *t, void *st, enum action_id id, const struct tui_key *k)
{
	struct audit_state *a = st;
	int page = LINES - 6 > 1 ? LINES - 6 : 1, max;

	(void)t;
	(void)id;
	if (k == NULL)
		return TUI_BEEP;
	max = a->n > page ? a->n - page : 0;
	switch (k->fkey) {
	case KEY_UP: a->top--; break;
	case KEY_DOWN: a->top++; break;
	case KEY_PPAGE: a->top -= page; break;
	case KEY_NPAGE: a->top += page; break;
	case KEY_HOME: a->top = 0; break;
	case KEY_END: a->top = max; break;
	default: return TUI_BEEP;
	}
	if (a->top > max)
		a->top = max;
	if (a->top < 0)
		a->top = 0;
	return TUI_REDRAW;
}

static void
audit_draw(struct tui *t, void *st)
{
	struct audit_state *a = st;
	char line[512];
	int i, y = 3;

	(void)t;
	snprintf(line, sizeof line, _("Rows logged today: %d"), a->n);
	draw_text(1, 2, line, COLS - 4);
	attron(A_BOLD);
	snprintf(line, sizeof line, "%-8s %-19s %-10s %-6s %-12s %-8s %-14s %s",
	    _("Seq"), _("Time"), _("User"), _("Term."), _("Operation"),
	    _("Outcome"), _("Target"), _("Detail"));
	draw_text(2, 1, line, COLS - 2);
	attroff(A_BOLD);
	for (i = a->top; i < a->n && y < LINES - 3; i++, y++) {
		snprintf(line, sizeof line, "%-8lld %-19s %-10s %-6s %-12s %-8s %-14s %s",
		    (long long)a->rows[i].seq, a->rows[i].at, a->rows[i].user_login,
		    a->rows[i].terminal, a->rows[i].op, a->rows[i].outcome,
		    a->rows[i].target, a->rows[i].detail);
		draw_text(y, 1, line, COLS - 2);
	}
}

const struct screen screen_audit = {
	"AUDIT", N_("Operation log"), audit_actions, 1,
	audit_open, audit_handle, audit_draw, audit_close, NULL, NULL, NULL
};
