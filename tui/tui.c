/*
 * The counter application's loop: terminal set-up and restoration on every
 * exit path, the screen stack, global actions (help, search, back, logout,
 * lock), the idle screensaver, re-authentication and forced logoff
 * and auto-logoff with the draft kept.  Signal handlers
 * only set a flag; get_wch ticks with a timeout so that the timers run.
 */
#include <curses.h>
#include <locale.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "clock.h"
#include "draft.h"
#include "i18n.h"
#include "mynumber.h"
#include "resident.h"
#include "screen.h"
#include "tui.h"
#include "xmalloc.h"

static volatile sig_atomic_t got_signal;
static int curses_on;

const struct action tui_global_actions[] = {
	{ A_HELP, KEY_F(1), "F1", N_("Help"),
	    N_("Show the keys of this screen and the security rules.") },
	{ A_SEARCH, KEY_F(2), "F2", N_("Search"),
	    N_("Open the person search from any screen.") },
	{ A_BACK, KEY_F(3), "F3", N_("Back"),
	    N_("Close this screen and return to the previous one.") },
	{ A_LOGOUT, KEY_F(9), "F9", N_("Logout"),
	    N_("End the session; unsaved input is discarded.") },
	{ A_LOCK, KEY_F(12), "F12", N_("Lock"),
	    N_("Lock the screen at once; only your password unlocks it.") },
	{ A_NONE, 0, NULL, NULL, NULL }
};

const struct action tui_help_action[] = {
	{ A_HELP, KEY_F(1), "F1", N_("Help"),
	    N_("Show the keys of this screen and the security rules.") },
	{ A_NONE, 0, NULL, NULL, NULL }
};

static const struct field_def unlock_defs[] = {
	{ "login", N_("User ID"), FT_TEXT, 20, 32, NULL, 1, FSENS_ORDINARY,
	    N_("Your user ID, or another user's ID to log this session off."),
	    NULL, NULL, 0 },
	{ "password", N_("Password"), FT_TEXT, 20, 128, NULL, 1,
	    FSENS_ORDINARY, N_("The password of that user."), NULL, NULL, 1 },
};

/* Leave curses; safe to call more than once and from the fatal hook. */
static void
restore_terminal(void)
{
	if (curses_on && !isendwin()) {
		/* Leave nothing personal on a terminal without an
		 * alternate screen. */
		clear();
		refresh();
		endwin();
	}
	curses_on = 0;
}

static void
on_signal(int sig)
{
	got_signal = sig;
}

static void
install_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
}

void
tui_message(struct tui *t, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(t->msg, sizeof t->msg, fmt, ap);
	va_end(ap);
	t->msg_error = 0;
}

void
tui_clear_message(struct tui *t)
{
	t->msg[0] = '\0';
	t->msg_error = 0;
}

void
tui_error(struct tui *t, const struct err *e, const struct form *fm)
{
	const char *label = NULL;
	int i;

	if (e->field[0] != '\0' && fm != NULL &&
	    (i = form_find(fm, e->field)) >= 0)
		label = _(fm->defs[i].label);
	if (label != NULL)
		/* TRANSLATORS: a field's label, then what is wrong with it. */
		snprintf(t->msg, sizeof t->msg, _("%s: %s"), label,
		    _(err_message(e->code)));
	else if (e->field[0] != '\0')
		snprintf(t->msg, sizeof t->msg, _("%s: %s"), e->field,
		    _(err_message(e->code)));
	else
		snprintf(t->msg, sizeof t->msg, "%s", _(err_message(e->code)));
	t->msg_error = 1;
}

void
tui_push(struct tui *t, const struct screen *scr, const void *arg)
{
	if (t->depth >= TUI_STACK)
		return;
	/* Leaving a screen masks what was revealed on it. */
	if (t->depth > 0 && t->stack[t->depth - 1].scr->mask != NULL)
		t->stack[t->depth - 1].scr->mask(t, t->stack[t->depth - 1].st);
	t->stack[t->depth].scr = scr;
	t->stack[t->depth].st = NULL;
	t->depth++;
	t->stack[t->depth - 1].st = scr->open(t, arg);
	/* The screen refused to open (its message says why): stay on the
	 * caller. */
	if (t->stack[t->depth - 1].st == NULL)
		t->depth--;
}

static void
pop(struct tui *t)
{
	if (t->depth == 0)
		return;
	t->depth--;
	if (t->stack[t->depth].scr->mask != NULL)
		t->stack[t->depth].scr->mask(t, t->stack[t->depth].st);
	t->stack[t->depth].scr->close(t, t->stack[t->depth].st);
	t->stack[t->depth].st = NULL;
}

void
tui_replace_resident(struct tui *t, const char *atena_no)
{
	snprintf(t->replace_atena, sizeof t->replace_atena, "%s", atena_no);
	t->replace = 1;
}

void
tui_swap(struct tui *t, const struct screen *scr)
{
	if (t->depth > 0)
		t->stack[t->depth - 1].scr = scr;
}

void
tui_logged_in(struct tui *t, struct session *s)
{
	t->s = s;
	t->last_key = clock_mono();
	if (s->must_change)
		tui_push(t, &screen_passwd, NULL);
	else
		tui_push(t, &screen_menu, NULL);
}

void
tui_password_changed(struct tui *t)
{
	pop(t);
	tui_push(t, &screen_menu, NULL);
	tui_message(t, "%s", _("Your password was changed."));
}

const char *
tui_draft_meta(const char *draft, const char *key)
{
	size_t n = strlen(key);
	const char *p = draft;

	while (p != NULL && *p != '\0') {
		if (strncmp(p, key, n) == 0)
			return p + n;
		p = strchr(p, '\n');
		if (p != NULL)
			p++;
	}
	return NULL;
}

/* End the session: close every screen above the login screen. */
static void
end_session(struct tui *t, const char *op)
{
	while (t->depth > 1)
		pop(t);
	auth_logout(&t->s, op);
	t->locked = 0;
	form_reset(t->unlock);
	clearok(curscr, TRUE);
}

/* Keep the unsaved input of every open screen as the user's drafts. */
static int
save_drafts(struct tui *t)
{
	struct err e;
	char *d;
	int i, n = 0;

	for (i = t->depth - 1; i >= 1; i--) {
		if (t->stack[i].scr->draft == NULL)
			continue;
		d = t->stack[i].scr->draft(t, t->stack[i].st);
		if (d == NULL)
			continue;
		/* Under the form's screen ID, which the menu restores. */
		if (draft_save(t->s, t->stack[i].scr->id, d, &e) == 0)
			n++;
		xfree_secret(&d);
		break;		/* one form at a time is keyed */
	}
	return n;
}

static void
auto_logoff(struct tui *t)
{
	int kept = save_drafts(t);

	end_session(t, "auto-logoff");
	if (kept)
		tui_message(t, "%s", _("The session ended after a long idle time; your unsaved input was kept as a draft."));
	else
		tui_message(t, "%s", _("The session ended after a long idle time."));
}

void
tui_lock(struct tui *t)
{
	int i;

	if (t->s == NULL || t->locked)
		return;
	for (i = 0; i < t->depth; i++)
		if (t->stack[i].scr->mask != NULL)
			t->stack[i].scr->mask(t, t->stack[i].st);
	t->locked = 1;
	form_reset(t->unlock);
	form_set(t->unlock, "login", t->s->user.login);
	form_goto(t->unlock, 1);
	tui_clear_message(t);
	/* Overwrite every cell now, not only the ones that change. */
	clear();
	clearok(curscr, TRUE);
}

/* The neutral mask: application, terminal and locked user only. */
static void
draw_lock(struct tui *t)
{
	int y = LINES / 2 - 4, lw = 12;
	char line[160];

	erase();
	if (y < 1)
		y = 1;
	attron(A_BOLD);
	draw_text(y, 2, _("madoguchi — this terminal is locked"), COLS - 4);
	draw_text(0, 1, "[LOCK]", COLS - 2);
	attroff(A_BOLD);
	snprintf(line, sizeof line, _("Terminal: %s"), ledger_terminal(t->lg));
	draw_text(y + 2, 2, line, COLS - 4);
	snprintf(line, sizeof line, _("Locked by: %s"), t->s->user.login);
	draw_text(y + 3, 2, line, COLS - 4);
	draw_text(y + 5, 2, _("Type your password to unlock. Another user may log this session off; its unsaved input is then discarded."), COLS - 4);
	draw_form(t->unlock, y + 7, lw, 1, NULL, NULL);
	if (t->msg[0] != '\0') {
		if (t->msg_error)
			attron(A_BOLD);
		draw_text(LINES - 2, 0, t->msg, COLS);
		attroff(A_BOLD);
		draw_form(t->unlock, y + 7, lw, 1, NULL, NULL);	/* cursor */
	}
}

/* Enter on the lock screen: unlock, or a forced logoff by another user. */
static void
lock_submit(struct tui *t)
{
	struct err e;
	struct session *other;
	const char *login = field_text(form_field(t->unlock, "login"));
	const char *pw = field_text(form_field(t->unlock, "password"));

	err_clear(&e);
	if (strcmp(login, t->s->user.login) == 0) {
		if (auth_reverify(t->s, pw, &e) == 0) {
			t->locked = 0;
			form_reset(t->unlock);
			tui_clear_message(t);
			clearok(curscr, TRUE);
			return;
		}
	} else if ((other = auth_login(t->lg, login, pw, &e)) != NULL) {
		/* the other user may only log the session off. */
		end_session(t, "forced-logoff");
		auth_logout(&other, "logout");
		tui_message(t, "%s", _("The locked session was logged off; its unsaved input was discarded."));
		return;
	}
	field_edit(form_field(t->unlock, "password"), FK_CLEAR);
	form_goto(t->unlock, 1);
	tui_error(t, &e, NULL);
}

static int
lock_key(struct tui *t, const struct tui_key *k)
{
	struct err e;

	if (k->fkey == 0 && (k->ch == '\r' || k->ch == '\n')) {
		if (t->unlock->cur == 0)
			form_next(t->unlock, &e);
		else
			lock_submit(t);
		return TUI_REDRAW;
	}
	if (tui_form_key(t, t->unlock, k, &e) == -1)
		return TUI_BEEP;
	return TUI_REDRAW;
}

int
tui_form_key(struct tui *t, struct form *fm, const struct tui_key *k,
    struct err *e)
{
	int r;

	(void)t;
	err_clear(e);
	switch (k->fkey) {
	case 0:
		if (k->ch == '\t')
			return form_next(fm, e);
		if (k->ch == 0x7F || k->ch == 8)
			return form_edit(fm, FK_BACKSPACE, e);
		if (k->ch == 0x15)		/* ^U */
			return form_edit(fm, FK_CLEAR, e);
		if (k->ch == 0x0B)		/* ^K */
			return form_edit(fm, FK_KILL, e);
		if (k->ch == 0x01)
			return form_edit(fm, FK_HOME, e);
		if (k->ch == 0x05)
			return form_edit(fm, FK_END, e);
		if (k->ch < 0x20)
			return -1;
		r = form_char(fm, k->ch, e);
		return r;
	case KEY_DOWN:
	case KEY_ENTER:
		return form_next(fm, e);
	case KEY_UP:
	case KEY_BTAB:
		return form_prev(fm, e);
	case KEY_LEFT:
		return form_edit(fm, FK_LEFT, e);
	case KEY_RIGHT:
		return form_edit(fm, FK_RIGHT, e);
	case KEY_HOME:
		return form_edit(fm, FK_HOME, e);
	case KEY_END:
		return form_edit(fm, FK_END, e);
	case KEY_BACKSPACE:
		return form_edit(fm, FK_BACKSPACE, e);
	case KEY_DC:
		return form_edit(fm, FK_DELETE, e);
	default:
		return -1;
	}
}

static const struct action *
find_action(const struct action *a, const struct tui_key *k)
{
	if (a == NULL || k->fkey == 0)
		return NULL;
	for (; a->id != A_NONE; a++)
		if (a->key == k->fkey)
			return a;
	return NULL;
}

static int
global_action(struct tui *t, enum action_id id)
{
	const struct screen *top = t->stack[t->depth - 1].scr;
	int i;

	switch (id) {
	case A_HELP:
		if (top != &screen_help)
			tui_push(t, &screen_help, top);
		return TUI_REDRAW;
	case A_SEARCH:
		if (t->s == NULL || !resident_may_search(t->s) ||
		    t->s->must_change)
			return TUI_BEEP;
		for (i = 1; i < t->depth; i++)
			if (t->stack[i].scr == &screen_search) {
				while (t->depth > i + 1)
					pop(t);
				return TUI_REDRAW;
			}
		tui_push(t, &screen_search, NULL);
		return TUI_REDRAW;
	case A_BACK:
		return t->depth > 2 || top == &screen_help ? TUI_POP : TUI_BEEP;
	case A_LOGOUT:
		return t->s != NULL ? TUI_LOGOUT : TUI_BEEP;
	case A_LOCK:
		tui_lock(t);
		return TUI_REDRAW;
	default:
		return TUI_BEEP;
	}
}

static void
draw_all(struct tui *t)
{
	const struct screen *top;
	void *st;

	if (t->locked) {
		draw_lock(t);
	} else {
		top = t->stack[t->depth - 1].scr;
		st = t->stack[t->depth - 1].st;
		erase();
		curs_set(0);
		draw_frame(t, top, st);
		top->draw(t, st);
	}
	refresh();
}

/* One key: the lock screen, the top screen's actions, then the globals. */
static int
dispatch(struct tui *t, const struct tui_key *k)
{
	const struct screen *top = t->stack[t->depth - 1].scr;
	void *st = t->stack[t->depth - 1].st;
	const struct action *a;

	if (t->locked)
		return lock_key(t, k);
	if ((a = find_action(top->actions, k)) != NULL)
		return top->handle(t, st, a->id, NULL);
	if ((a = find_action(top->globals ? tui_global_actions :
	    tui_help_action, k)) != NULL)
		return global_action(t, a->id);
	if (k->fkey == 0 && k->ch == 0x1B && t->depth > 2)
		return TUI_POP;
	return top->handle(t, st, A_NONE, k);
}

static void
tick(struct tui *t)
{
	double idle = clock_mono() - t->last_key;

	if (t->s == NULL)
		return;
	if (idle >= (double)t->auto_logoff)
		auto_logoff(t);
	else if (!t->locked && idle >= (double)t->idle_lock)
		tui_lock(t);
}

static int
run(struct tui *t)
{
	struct tui_key k;
	wint_t ch;
	int rc, flags, draw = 1, locked_before;

	for (;;) {
		if (got_signal) {
			/* Keep typed input, as on auto-logoff, then leave. */
			if (t->s != NULL) {
				save_drafts(t);
				end_session(t, "logout");
			}
			return 0;
		}
		if (t->quit && t->s == NULL)
			return 0;
		locked_before = t->locked;
		if (draw)
			draw_all(t);
		draw = 0;
		rc = get_wch(&ch);
		if (rc == ERR) {
			int had = t->s != NULL;
			tick(t);
			if (t->locked != locked_before || (had && t->s == NULL))
				draw = 1;
			continue;
		}
		t->last_key = clock_mono();
		draw = 1;
		memset(&k, 0, sizeof k);
		if (rc == KEY_CODE_YES)
			k.fkey = (int)ch;
		else
			k.ch = (uint32_t)ch;
		if (k.fkey == KEY_RESIZE) {
			clearok(curscr, TRUE);
			continue;
		}
		if (!t->locked && k.fkey == 0 && k.ch == 0x0C) {	/* ^L */
			clearok(curscr, TRUE);
			continue;
		}
		if (!t->locked && k.fkey == 0)
			tui_clear_message(t);
		flags = dispatch(t, &k);
		if (flags & TUI_BEEP)
			beep();
		if (flags & TUI_POP) {
			pop(t);
			if (t->depth == 1 && t->s != NULL)
				tui_push(t, &screen_menu, NULL);
		}
		if (t->replace) {
			struct resident_arg ra = { t->replace_atena, -1, NULL };

			t->replace = 0;
			pop(t);
			tui_push(t, &screen_resident, &ra);
		}
		if (flags & TUI_LOGOUT) {
			end_session(t, "logout");
			tui_message(t, "%s", _("You have logged out."));
		}
		if (flags & TUI_QUIT)
			return 0;
	}
}

int
tui_run(const char *db_target, const struct config *cfg)
{
	struct tui t;
	struct err e;
	int rc;

	memset(&t, 0, sizeof t);
	t.cfg = cfg;
	err_clear(&e);
	if ((t.lg = ledger_open(db_target, cfg, &e)) == NULL) {
		fprintf(stderr, "madoguchi: %s\n", _(err_message(e.code)));
		return 1;
	}
	/* The upper bounds are the administrator's (ledger.c); shorter
	 * times than the administrator may set are accepted: they only make
	 * the terminal stricter (and let the screen tests run quickly). */
	t.idle_lock = ledger_setting_long(t.lg, "idle_lock_seconds", 120, 5, 3600);
	t.auto_logoff = ledger_setting_long(t.lg, "auto_logoff_seconds", 900, 10,
	    28800);
	if (t.auto_logoff <= t.idle_lock)
		t.auto_logoff = t.idle_lock + 1;
	t.unlock = form_new(unlock_defs, 2, &e);

	install_signals();
	atexit(restore_terminal);
	xmalloc_set_fatal_hook(restore_terminal);
	if (initscr() == NULL) {
		fprintf(stderr, "madoguchi: %s\n", _("cannot start the terminal screen"));
		form_free(&t.unlock);
		ledger_close(&t.lg);
		return 1;
	}
	curses_on = 1;
	raw();			/* ^C and ^Z are keys, not signals */
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	set_escdelay(50);
	timeout(250);		/* get_wch ticks for the idle timers */
	t.last_key = clock_mono();
	tui_push(&t, &screen_login, NULL);

	rc = run(&t);

	while (t.depth > 0)
		pop(&t);
	if (t.s != NULL)
		auth_logout(&t.s, "logout");
	restore_terminal();
	form_free(&t.unlock);
	ledger_close(&t.lg);
	return rc;
}

/* Reason codes (処理事由) for searches and changes. */
const struct field_choice tui_reason_codes[] = {
	{ "01", N_("counter application (窓口申請)") },
	{ "02", N_("notification (届出)") },
	{ "03", N_("reply to an enquiry (照会回答)") },
	{ "04", N_("ex officio investigation (職権調査)") },
	{ NULL, NULL }
};

const struct field_choice tui_sex_choices[] = {
	{ "1", N_("male") },
	{ "2", N_("female") },
	{ "9", N_("not stated") },
	{ NULL, NULL }
};

int
tui_mynumber_check(const char *in, char *out, size_t size, struct err *e)
{
	char d[MYNUMBER_LEN + 1];
	int rc = mynumber_validate(in, d, e);

	if (rc >= 0)
		snprintf(out, size, "%s", d);
	xwipe(d, sizeof d);
	return rc;
}
