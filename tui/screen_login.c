/*
 * The login screen: user ID, Tab, password (never
 * echoed), Enter.  Messages come from err_message and never say which of
 * the two was wrong; the banner says that operations are logged.
 */
#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "screen.h"
#include "xmalloc.h"

static const struct field_def login_defs[] = {
	{ "login", N_("User ID"), FT_TEXT, 20, 32, NULL, 1, FSENS_ORDINARY,
	    N_("Your personal user ID."), NULL, NULL, 0 },
	{ "password", N_("Password"), FT_TEXT, 20, 128, NULL, 1,
	    FSENS_ORDINARY, N_("Your password; it is not shown as you type."),
	    NULL, NULL, 1 },
};

static const struct action login_actions[] = {
	{ A_SUBMIT, KEY_F(10), "F10", N_("Login"),
	    N_("Log in with the user ID and password typed.") },
	{ A_QUIT, KEY_F(3), "F3", N_("Quit"),
	    N_("Close the counter program (no one is logged in).") },
	{ A_NONE, 0, NULL, NULL, NULL }
};

static void *
login_open(struct tui *t, const void *arg)
{
	struct err e;

	(void)t;
	(void)arg;
	return form_new(login_defs, 2, &e);
}

static void
login_close(struct tui *t, void *st)
{
	struct form *fm = st;

	(void)t;
	form_free(&fm);
}

static int
submit(struct tui *t, struct form *fm)
{
	struct session *s;
	struct err e;
	const char *login = field_text(&fm->f[0]);

	err_clear(&e);
	if (field_empty(&fm->f[0]) || field_empty(&fm->f[1])) {
		err_set(&e, E_REQUIRED, field_empty(&fm->f[0]) ? "login" :
		    "password", NULL);
		tui_error(t, &e, fm);
		form_goto(fm, field_empty(&fm->f[0]) ? 0 : 1);
		return TUI_REDRAW;
	}
	s = auth_login(t->lg, login, field_text(&fm->f[1]), &e);
	field_edit(&fm->f[1], FK_CLEAR);
	if (s == NULL) {
		tui_error(t, &e, NULL);
		form_goto(fm, 1);
		return TUI_REDRAW;
	}
	form_reset(fm);
	tui_clear_message(t);
	tui_logged_in(t, s);
	return TUI_REDRAW;
}

static int
login_handle(struct tui *t, void *st, enum action_id a, const struct tui_key *k)
{
	struct form *fm = st;
	struct err e;

	if (a == A_SUBMIT)
		return submit(t, fm);
	if (a == A_QUIT) {
		t->quit = 1;
		return TUI_REDRAW;
	}
	if (k == NULL)
		return TUI_BEEP;
	if (k->fkey == KEY_ENTER || (k->fkey == 0 && (k->ch == '\r' ||
	    k->ch == '\n'))) {
		if (fm->cur == 0) {
			form_next(fm, &e);
			return TUI_REDRAW;
		}
		return submit(t, fm);
	}
	if (tui_form_key(t, fm, k, &e) == -1)
		return TUI_BEEP;
	return TUI_REDRAW;
}

static void
login_draw(struct tui *t, void *st)
{
	struct form *fm = st;
	int y = 2;

	(void)t;
	attron(A_BOLD);
	draw_text(y, 2, _("madoguchi — the municipal counter ledger"), COLS - 4);
	attroff(A_BOLD);
	draw_text(y + 2, 2, _("Log in with your own user ID. All operations on this terminal are logged and checked."), COLS - 4);
	draw_text(y + 3, 2, _("Use personal data only for the business at hand. Press F1 for the security rules."), COLS - 4);
	draw_form(fm, y + 6, 14, 1, NULL, NULL);
}

const struct screen screen_login = {
	"LOGIN", N_("Login"), login_actions, 0,
	login_open, login_handle, login_draw, login_close, NULL, NULL, NULL
};
