/*
 * Changing one's own password: required after login when the
 * password expired or was reset, before any business screen; also offered
 * from the menu.  Nothing typed is echoed.
 */
#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "screen.h"
#include "xmalloc.h"

static const struct field_def passwd_defs[] = {
	{ "old", N_("Current password"), FT_TEXT, 20, 128, NULL, 1,
	    FSENS_ORDINARY, N_("The password you logged in with."), NULL, NULL, 1 },
	{ "new", N_("New password"), FT_TEXT, 20, 128, NULL, 1, FSENS_ORDINARY,
	    N_("At least 8 characters, not your user ID, not one of your last passwords."),
	    NULL, NULL, 1 },
	{ "repeat", N_("New password again"), FT_TEXT, 20, 128, NULL, 1,
	    FSENS_ORDINARY, N_("Type the new password once more."), NULL, NULL, 1 },
};

static const struct action passwd_actions[] = {
	{ A_SAVE, KEY_F(10), "F10", N_("Change"),
	    N_("Set the new password.") },
	{ A_BACK, KEY_F(3), "F3", N_("Back"),
	    N_("Return to the menu without changing the password (not while a change is required).") },
	{ A_LOGOUT, KEY_F(9), "F9", N_("Logout"),
	    N_("End the session.") },
	{ A_NONE, 0, NULL, NULL, NULL }
};

struct passwd_state {
	struct form *fm;
	int forced;	/* the change is required before anything else */
};

static void *
passwd_open(struct tui *t, const void *arg)
{
	struct passwd_state *ps = xcalloc(1, sizeof *ps);
	struct err e;

	(void)arg;
	ps->fm = form_new(passwd_defs, 3, &e);
	ps->forced = t->s != NULL && t->s->must_change;
	if (ps->forced)
		tui_message(t, "%s", _(err_message(E_AUTH_EXPIRED)));
	return ps;
}

static void
passwd_close(struct tui *t, void *st)
{
	struct passwd_state *ps = st;

	(void)t;
	form_free(&ps->fm);
	free(ps);
}

static int
submit(struct tui *t, struct passwd_state *ps)
{
	struct form *fm = ps->fm;
	struct err e;

	err_clear(&e);
	if (form_validate_all(fm, &e) != 0) {
		tui_error(t, &e, fm);
		return TUI_REDRAW;
	}
	if (strcmp(field_text(&fm->f[1]), field_text(&fm->f[2])) != 0) {
		err_set(&e, E_PW_MISMATCH, "repeat", NULL);
	} else if (auth_change_password(t->s, field_text(&fm->f[0]),
	    field_text(&fm->f[1]), &e) == 0) {
		form_reset(fm);
		if (ps->forced) {
			tui_password_changed(t);	/* closes this screen */
			return TUI_REDRAW;
		}
		tui_message(t, "%s", _("Your password was changed."));
		return TUI_POP;
	}
	form_reset(fm);
	tui_error(t, &e, fm);
	return TUI_REDRAW;
}

static int
passwd_handle(struct tui *t, void *st, enum action_id a, const struct tui_key *k)
{
	struct passwd_state *ps = st;
	struct err e;

	switch (a) {
	case A_SAVE:
		return submit(t, ps);
	case A_BACK:
		return ps->forced ? TUI_BEEP : TUI_POP;
	case A_LOGOUT:
		return TUI_LOGOUT;
	default:
		break;
	}
	if (k == NULL)
		return TUI_BEEP;
	if (k->fkey == KEY_ENTER || (k->fkey == 0 && (k->ch == '\r' ||
	    k->ch == '\n'))) {
		if (ps->fm->cur + 1 < ps->fm->n) {
			form_next(ps->fm, &e);
			return TUI_REDRAW;
		}
		return submit(t, ps);
	}
	if (tui_form_key(t, ps->fm, k, &e) == -1)
		return TUI_BEEP;
	return TUI_REDRAW;
}

static void
passwd_draw(struct tui *t, void *st)
{
	struct passwd_state *ps = st;

	(void)t;
	if (ps->forced)
		draw_text(2, 2, _("You must set a new password before you can continue."), COLS - 4);
	draw_form(ps->fm, 4, 22, 1, NULL, NULL);
}

/* Forced changes run without the global actions (no search, no menu). */
const struct screen screen_passwd = {
	"PASSWD", N_("Change password"), passwd_actions, 0,
	passwd_open, passwd_handle, passwd_draw, passwd_close, NULL, NULL, NULL
};
