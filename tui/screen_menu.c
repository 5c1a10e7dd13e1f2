/*
 * The main menu: only the functions the user's grants allow,
 * chosen with a digit or the arrows and Enter.  An auditor sees the audit
 * log viewer, an admin no business screen.  A draft kept at auto-logoff
 * is offered first and restored into the form screen it was kept from
 * .  Supervisors get the pending queue; entries a
 * supervisor sent back are offered while there are any.
 */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "confirm.h"
#include "draft.h"
#include "i18n.h"
#include "resident.h"
#include "screen.h"
#include "screen_book.h"
#include "xmalloc.h"

enum item { M_DRAFT, M_SEARCH, M_REGISTER, M_REJECTED, M_QUEUE, M_AUDIT,
	M_NOTICES, M_PASSWD, M_LOGOUT };

static const char *const item_labels[] = {
	[M_DRAFT] = N_("Restore the input kept from your last session"),
	[M_SEARCH] = N_("Person search"),
	[M_REGISTER] = N_("Register a resident (moving in or birth)"),
	[M_REJECTED] = N_("Entries sent back to you by a supervisor"),
	[M_QUEUE] = N_("Confirm pending entries (未確認)"),
	[M_AUDIT] = N_("Operation log"),
	[M_NOTICES] = N_("Batch notices (print jobs)"),
	[M_PASSWD] = N_("Change password"),
	[M_LOGOUT] = N_("Log out"),
};

struct menu_state {
	enum item items[10];
	int n, cur;
};

static const struct action menu_actions[] = {
	{ A_NONE, 0, NULL, NULL, NULL }
};

static int
any_row(void *ctx, const struct db_pending *p)
{
	(void)p;
	*(int *)ctx = 1;
	return 1;
}

/* Nonzero when a supervisor sent one of the user's entries back. */
static int
has_rejected(struct session *s)
{
	struct err e;
	int any = 0;

	if (confirm_rejected(s, any_row, &any, &e) == -1)
		return 0;
	return any;
}

static void
build(struct tui *t, struct menu_state *m)
{
	struct session *s = t->s;

	m->n = 0;
	if (draft_exists(s))
		m->items[m->n++] = M_DRAFT;
	if (resident_may_search(s))
		m->items[m->n++] = M_SEARCH;
	if (session_has(s, LEDGER_RESIDENT, ROLE_CLERK) ||
	    session_has(s, LEDGER_RESIDENT, ROLE_SUPERVISOR))
		m->items[m->n++] = M_REGISTER;
	if (has_rejected(s))
		m->items[m->n++] = M_REJECTED;
	if (session_has_any(s, ROLE_SUPERVISOR))
		m->items[m->n++] = M_QUEUE;
	if (session_has(s, LEDGER_SYSTEM, ROLE_AUDITOR))
		m->items[m->n++] = M_AUDIT;
	if (screen_notices_allowed(s))
		m->items[m->n++] = M_NOTICES;
	m->items[m->n++] = M_PASSWD;
	m->items[m->n++] = M_LOGOUT;
	if (m->cur >= m->n)
		m->cur = 0;
}

static void *
menu_open(struct tui *t, const void *arg)
{
	struct menu_state *m = xcalloc(1, sizeof *m);

	(void)arg;
	build(t, m);
	if (m->items[0] == M_DRAFT)
		tui_message(t, "%s", _("Input you had not saved was kept when your last session ended; choose 1 to continue it."));
	return m;
}

static void
menu_close(struct tui *t, void *st)
{
	(void)t;
	free(st);
}

/* The form screens whose drafts are kept, by screen ID. */
static const struct {
	const char *id;
	const struct screen *scr;
	int book;		/* a ledger form (struct book_arg) */
} draft_screens[] = {
	{ "RESEDIT", &screen_resedit, 0 },
	{ "resident", &screen_resedit, 0 },	/* kept before drafts named
						 * their screen */
	{ "CHILDEDIT", &screen_childedit, 1 },
	{ "CHILDDEC", &screen_childdec, 1 },
	{ "PASSEDIT", &screen_passedit, 1 },
	{ "PASSFEE", &screen_passfee, 1 },
	{ "PASSOP", &screen_passop, 1 },
	{ "VACCEDIT", &screen_vaccedit, 1 },
};

/* Open the draft's own form screen with the draft's content. */
static void
open_draft(struct tui *t, const char *screen, const char *content)
{
	struct resident_arg ra = { NULL, -1, content };
	struct book_arg ba;
	char atena[16], key[32];
	size_t i;

	for (i = 0; i < sizeof draft_screens / sizeof draft_screens[0]; i++)
		if (strcmp(draft_screens[i].id, screen) == 0)
			break;
	if (i == sizeof draft_screens / sizeof draft_screens[0]) {
		tui_message(t, "%s", _("The kept input belongs to a form this version of the program does not have; it stays kept."));
		t->msg_error = 1;
		return;
	}
	if (!draft_screens[i].book) {
		tui_push(t, draft_screens[i].scr, &ra);
		return;
	}
	screen_book_draft_arg(content, &ba, atena, key);
	tui_push(t, draft_screens[i].scr, &ba);
}

static int
restore_draft(struct tui *t, struct menu_state *m)
{
	char *screen = NULL, *content = NULL;
	struct err e;

	if (draft_take(t->s, &screen, &content, &e) == -1) {
		tui_error(t, &e, NULL);
		build(t, m);
		return TUI_REDRAW;
	}
	open_draft(t, screen, content);
	/* The form did not open (its record is being edited elsewhere, or
	 * the screen is unknown): keep the draft for later. */
	if (t->stack[t->depth - 1].st == m &&
	    draft_save(t->s, screen, content, &e) == -1)
		tui_error(t, &e, NULL);
	free(screen);
	xfree_secret(&content);
	build(t, m);
	return TUI_REDRAW;
}

static int
choose(struct tui *t, struct menu_state *m)
{
	struct resident_arg ra = { NULL, 0, NULL };

	switch (m->items[m->cur]) {
	case M_DRAFT:
		return restore_draft(t, m);
	case M_SEARCH:
		tui_push(t, &screen_search, NULL);
		break;
	case M_REGISTER:
		ra.edit_op = RES_MOVEIN;
		tui_push(t, &screen_resedit, &ra);
		break;
	case M_REJECTED:
		tui_push(t, &screen_rejected, NULL);
		break;
	case M_QUEUE:
		tui_push(t, &screen_queue, NULL);
		break;
	case M_AUDIT:
		tui_push(t, &screen_audit, NULL);
		break;
	case M_NOTICES:
		tui_push(t, &screen_notices, NULL);
		break;
	case M_PASSWD:
		tui_push(t, &screen_passwd, NULL);
		break;
	case M_LOGOUT:
		return TUI_LOGOUT;
	}
	return TUI_REDRAW;
}

static int
menu_handle(struct tui *t, void *st, enum action_id a, const struct tui_key *k)
{
	struct menu_state *m = st;

	(void)a;
	if (k == NULL)
		return TUI_BEEP;
	build(t, m);
	if (k->fkey == KEY_UP || (k->fkey == 0 && k->ch == 'k')) {
		m->cur = (m->cur + m->n - 1) % m->n;
		return TUI_REDRAW;
	}
	if (k->fkey == KEY_DOWN || (k->fkey == 0 && (k->ch == 'j' || k->ch == '\t'))) {
		m->cur = (m->cur + 1) % m->n;
		return TUI_REDRAW;
	}
	if (k->fkey == KEY_ENTER || (k->fkey == 0 && (k->ch == '\r' || k->ch == '\n')))
		return choose(t, m);
	if (k->fkey == 0 && k->ch >= '1' && k->ch < '1' + (uint32_t)m->n) {
		m->cur = (int)(k->ch - '1');
		return choose(t, m);
	}
	return TUI_BEEP;
}

static void
menu_draw(struct tui *t, void *st)
{
	struct menu_state *m = st;
	char line[200];
	int i;

	build(t, m);	/* an entry may have been sent back or resubmitted */
	draw_text(2, 2, _("Choose a function with its number, or with the arrows and Enter."), COLS - 4);
	for (i = 0; i < m->n && 4 + i < LINES - 3; i++) {
		snprintf(line, sizeof line, "%d  %s", i + 1, _(item_labels[m->items[i]]));
		if (i == m->cur)
			attron(A_REVERSE);
		draw_text(4 + i, 4, line, COLS - 8);
		attroff(A_REVERSE);
	}
}

const struct screen screen_menu = {
	"MENU", N_("Main menu"), menu_actions, 1,
	menu_open, menu_handle, menu_draw, menu_close, NULL, NULL, NULL
};
