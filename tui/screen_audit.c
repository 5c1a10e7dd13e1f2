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

/* The table's columns: title and display cells (-1: the rest). */
static const struct {
	const char *title;
	int w;
} cols[] = {
	{ N_("Seq"), 8 }, { N_("Time"), 19 }, { N_("User"), 10 },
	{ N_("Term."), 6 }, { N_("Operation"), 12 }, { N_("Outcome"), 8 },
	{ N_("Target"), 14 }, { N_("Detail"), -1 },
};
#define COLS_N (sizeof cols / sizeof cols[0])

static void
audit_draw(struct tui *t, void *st)
{
	struct audit_state *a = st;
	char line[512], seq[24];
	size_t j;
	int i, y = 3;

	(void)t;
	snprintf(line, sizeof line, _("Rows logged today: %d"), a->n);
	draw_text(1, 2, line, COLS - 4);
	attron(A_BOLD);
	line[0] = '\0';
	for (j = 0; j < COLS_N; j++)
		draw_col(line, sizeof line, _(cols[j].title), cols[j].w);
	draw_text(2, 1, line, COLS - 2);
	attroff(A_BOLD);
	for (i = a->top; i < a->n && y < LINES - 3; i++, y++) {
		const struct db_audit_row *r = &a->rows[i];
		const char *v[COLS_N] = { seq, r->at, r->user_login, r->terminal,
		    r->op, r->outcome, r->target, r->detail };

		snprintf(seq, sizeof seq, "%lld", (long long)r->seq);
		line[0] = '\0';
		for (j = 0; j < COLS_N; j++)
			draw_col(line, sizeof line, v[j], cols[j].w);
		draw_text(y, 1, line, COLS - 2);
	}
}

const struct screen screen_audit = {
	"AUDIT", N_("Operation log"), audit_actions, 1,
	audit_open, audit_handle, audit_draw, audit_close, NULL, NULL, NULL
};
