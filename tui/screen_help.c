/*
 * F1 help, generated from the action tables of the screen it was opened
 * from and of the global actions, with the editing keys; a second page
 * holds the security rules.
 */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "screen.h"
#include "width.h"
#include "xmalloc.h"

struct help_state {
	const struct screen *from;
	int page;		/* 0 keys, 1 security */
};

static const struct action help_actions[] = {
	{ A_BACK, KEY_F(3), "F3", N_("Back"), N_("Close the help.") },
	{ A_PAGE, KEY_F(6), "F6", N_("Security"),
	    N_("Switch between the keys and the security rules.") },
	{ A_NONE, 0, NULL, NULL, NULL }
};

static const char *const editing_keys[][2] = {
	{ "Tab / Enter / ↓", N_("Go to the next field; the field left is checked.") },
	{ "Shift-Tab / ↑", N_("Go to the previous field.") },
	{ "← → Home End", N_("Move the cursor within the field.") },
	{ "Backspace Del", N_("Delete the character before or under the cursor.") },
	{ "Ctrl-U", N_("Erase the whole field.") },
	{ "Ctrl-L", N_("Redraw the screen.") },
};

static const char *const security_lines[] = {
	N_("All operations are logged: logins, searches, views, changes, reveals and prints, with your user ID, this terminal and the time."),
	N_("Search only for the business at hand, with a reason code and the reception number of the application."),
	N_("My Numbers are masked. Reveal one only when the task needs it; every reveal is logged."),
	N_("Fields your role may not see are masked or hidden."),
	N_("The screen locks after a short idle time and at once with F12; lock it whenever you leave the counter."),
	N_("Only your own password unlocks your session. Another user can only log it off."),
	N_("After a longer idle time the session ends; unsaved input is kept as a draft for you alone."),
	N_("Do not print, copy or photograph screens. Printing and exports go through the registered batch functions only."),
	N_("Never take personal data out on removable media or send it by e-mail; exports are encrypted and approved."),
	N_("Personal data must not be used outside the business it was collected for."),
};

static void *
help_open(struct tui *t, const void *arg)
{
	struct help_state *h = xcalloc(1, sizeof *h);

	(void)t;
	h->from = arg;
	return h;
}

static void
help_close(struct tui *t, void *st)
{
	(void)t;
	free(st);
}

static int
help_handle(struct tui *t, void *st, enum action_id a, const struct tui_key *k)
{
	struct help_state *h = st;

	(void)t;
	if (a == A_BACK || (k != NULL && k->fkey == 0 && (k->ch == 0x1B ||
	    k->ch == 'q')))
		return TUI_POP;
	if (a == A_PAGE || (k != NULL && (k->fkey == KEY_NPAGE ||
	    k->fkey == KEY_PPAGE || (k->fkey == 0 && k->ch == '\t')))) {
		h->page = !h->page;
		return TUI_REDRAW;
	}
	return TUI_BEEP;
}

/* Bytes of s to put on one line of width cells, breaking at a space when
 * the text has one (Japanese text breaks anywhere). */
static size_t
fit_words(const char *s, int width)
{
	size_t n = width_fit(s, width), k;

	if (s[n] == '\0' || s[n] == ' ')
		return n;
	for (k = n; k > 0; k--)
		if (s[k - 1] == ' ')
			return k;
	return n > 0 ? n : strlen(s);
}

/* Write s wrapped at width from row y; returns the next row. */
static int
wrap(int y, int x, const char *s, int width)
{
	size_t n;

	while (*s != '\0' && y < LINES - 2) {
		n = fit_words(s, width);
		mvaddnstr(y, x, s, (int)n);
		s += n;
		while (*s == ' ')
			s++;
		y++;
	}
	return y;
}

static int
keys(int y, const struct action *a)
{
	char line[64];

	for (; a != NULL && a->id != A_NONE && y < LINES - 2; a++) {
		snprintf(line, sizeof line, "%s", a->keyname);
		attron(A_BOLD);
		draw_text(y, 2, line, 18);
		attroff(A_BOLD);
		y = wrap(y, 20, _(a->help), COLS - 22);
	}
	return y;
}

static void
help_draw(struct tui *t, void *st)
{
	struct help_state *h = st;
	size_t i;
	int y = 2;

	(void)t;
	if (h->page == 1) {
		attron(A_BOLD);
		draw_text(y++, 2, _("Security"), COLS - 4);
		attroff(A_BOLD);
		y++;
		for (i = 0; i < sizeof security_lines / sizeof security_lines[0]; i++)
			y = wrap(y, 2, _(security_lines[i]), COLS - 4);
		return;
	}
	attron(A_BOLD);
	draw_text(y++, 2, _(h->from->title), COLS - 4);
	attroff(A_BOLD);
	y = keys(y, h->from->actions);
	y = keys(y, h->from->globals ? tui_global_actions : tui_help_action);
	for (i = 0; i < sizeof editing_keys / sizeof editing_keys[0] &&
	    y < LINES - 2; i++) {
		draw_text(y, 2, editing_keys[i][0], 18);
		y = wrap(y, 20, _(editing_keys[i][1]), COLS - 22);
	}
}

const struct screen screen_help = {
	"HELP", N_("Help"), help_actions, 0,
	help_open, help_handle, help_draw, help_close, NULL, NULL, NULL
};
