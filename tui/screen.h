/*
 * Private to tui/: the application state shared by the screens, the
 * screen vtable {open, handle, draw, close} and the action table that
 * drives key bindings, the function-key bar and the F1 help.  Handlers
 * return TUI_* flags; the loop in tui.c draws once per pass.
 */
#ifndef MADOGUCHI_SCREEN_H
#define MADOGUCHI_SCREEN_H

#include <stdint.h>

#include "auth.h"
#include "confirm.h"
#include "err.h"
#include "forms.h"
#include "ledger.h"

/* Action ids: global ones first, then per-screen ones. */
enum action_id {
	A_NONE,
	A_HELP, A_SEARCH, A_BACK, A_LOGOUT, A_LOCK,	/* global */
	A_SAVE, A_REVEAL, A_HISTORY, A_CHANGE, A_MOVE, A_MOVEOUT, A_DEATH,
	A_PAGE, A_SUBMIT,
	A_CONFIRM, A_REJECT, A_REFRESH, A_LEDGER, A_CLERK,	/* confirmation */
	A_LEDGERS, A_NEW, A_FEE, A_DECIDE,	/* the business ledgers */
	A_JOBS, A_PREVIEW, A_REQUEST, A_CHECK, A_RUN,	/* batch notices */
	A_QUIT				/* close the program (login screen) */
};

/* One binding: the key, its name on the key bar, a short label for the
 * bar and one sentence for the help screen (both N_()). */
struct action {
	enum action_id id;
	int key;		/* a curses KEY_* code */
	const char *keyname;	/* "F1" */
	const char *label;	/* N_(): "Help" */
	const char *help;	/* N_(): what it does */
};

/* One key press: a curses function key (fkey != 0) or a character. */
struct tui_key {
	int fkey;
	uint32_t ch;
};

/* Flags returned by handlers. */
enum {
	TUI_REDRAW = 1 << 0,	/* the screen changed */
	TUI_POP = 1 << 1,	/* close this screen */
	TUI_LOGOUT = 1 << 2,	/* end the session */
	TUI_QUIT = 1 << 3,	/* leave the program */
	TUI_BEEP = 1 << 4
};

struct tui;
struct lock_info;

struct screen {
	const char *id;			/* screen ID shown in the top line, e.g.
					 * "MENU" (language-neutral) */
	const char *title;		/* N_(): the transaction name */
	const struct action *actions;	/* ends with A_NONE */
	int globals;			/* nonzero: the global actions apply */
	/* State for a new instance; arg is screen-specific.  NULL: the
	 * screen refuses to open (e.g. the record is locked elsewhere) and
	 * has said why on the message line; the caller stays on top. */
	void *(*open)(struct tui *, const void *arg);
	/* An action (key == NULL) or a key no action claimed. */
	int (*handle)(struct tui *, void *st, enum action_id, const struct tui_key *);
	void (*draw)(struct tui *, void *st);
	void (*close)(struct tui *, void *st);
	/* Optional: the record state for the top line (translated), or NULL. */
	const char *(*state)(struct tui *, void *st);
	/* Optional: unsaved input as draft text (caller frees), or NULL. */
	char *(*draft)(struct tui *, void *st);
	/* Optional: forget anything revealed (the screen locks or is left). */
	void (*mask)(struct tui *, void *st);
};

#define TUI_STACK 8

struct tui {
	struct ledger *lg;
	const struct config *cfg;	/* the program's settings (notices) */
	struct session *s;		/* NULL while nobody is logged in */
	struct {
		const struct screen *scr;
		void *st;
	} stack[TUI_STACK];
	int depth;
	char msg[320];			/* the message line (translated) */
	int msg_error;
	long idle_lock, auto_logoff;	/* seconds */
	double last_key;		/* clock_mono() of the last key */
	int locked;
	struct form *unlock;		/* the lock screen's form */
	int quit;
	unsigned saved_gen;		/* bumped by every saved change */
	char replace_atena[16];		/* pending tui_replace_resident */
	int replace;
};

/* tui.c */
/* Open scr with arg on top of the stack (the caller stays below). */
void tui_push(struct tui *, const struct screen *, const void *arg);
/* Show a message (printf-style, already translated) on the message line. */
void tui_message(struct tui *, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Show e as an error naming the field (its label from fm when given). */
void tui_error(struct tui *, const struct err *, const struct form *fm);
/* Clear the message line. */
void tui_clear_message(struct tui *);
/* A session started: password change first, then the menu. */
void tui_logged_in(struct tui *, struct session *);
/* The password change after login is done: continue to the menu. */
void tui_password_changed(struct tui *);
/* Lock the screen now. */
void tui_lock(struct tui *);
/* Map a key to a field editing call on fm; returns FORM_* bits, or -1
 * when the key is not an editing key. */
int tui_form_key(struct tui *, struct form *, const struct tui_key *,
    struct err *);

/* draw.c: drawing helpers (curses only here and in the screens). */
/* Write s at (y, x) in at most cells cells; returns the cells used. */
int draw_text(int y, int x, const char *s, int cells);
/* The top line, the message line and the function-key bar. */
void draw_frame(struct tui *, const struct screen *, void *st);
/*
 * Draw fm's fields from row y: label column of lw cells, then the value.
 * mask(i) decides per field: 0 show, 1 mask, 2 hide.  Places the cursor
 * in the current field when focus is set.
 */
void draw_form(struct form *fm, int y, int lw, int focus,
    int (*mask)(void *, size_t), void *ctx);
/*
 * Append one column of a table row to line (size bytes, NUL-terminated):
 * s cut or padded with spaces to exactly cells display cells (全角 text
 * counts two), then one space between columns; cells < 0 appends s whole
 * (the last column).  Returns line.
 */
char *draw_col(char *line, size_t size, const char *s, int cells);
/* A translated label padded to cells columns, right-aligned colon. */
int draw_label(int y, int x, const char *label, int cells);

/* reclock.c: a record lock held by a screen while it is open. */
struct reclock {
	enum ledger_id ledger;
	char key[24];
	int held;
	double renewed;		/* clock_mono() of the last take */
};
/*
 * Take the lock on key of ledger l for the session (lock_acquire).  -1
 * when it cannot be had: the message line then says who holds it (or
 * what else went wrong) and the screen must not open its form.
 */
int reclock_take(struct tui *, struct reclock *, enum ledger_id l,
    const char *key);
/* The user is keying: renew the lock if it was taken a while ago. */
void reclock_renew(struct tui *, struct reclock *);
/* Give the lock back (when held); call from the screen's close. */
void reclock_release(struct tui *, struct reclock *);
/* Say who holds a record lock (E_RECORD_LOCKED): user, terminal, since. */
void tui_record_locked(struct tui *, const struct lock_info *li);

/* The screens. */
extern const struct screen screen_login;
extern const struct screen screen_passwd;
extern const struct screen screen_menu;
extern const struct screen screen_help;
extern const struct screen screen_search;
extern const struct screen screen_resident;
extern const struct screen screen_resedit;
extern const struct screen screen_audit;
extern const struct screen screen_queue;
extern const struct screen screen_confirm;
extern const struct screen screen_confirm_reject;
extern const struct screen screen_rejected;
extern const struct screen screen_ledgers;	/* screen_book.c */
extern const struct screen screen_child;	/* screen_child.c */
extern const struct screen screen_childedit;
extern const struct screen screen_childdec;
extern const struct screen screen_pass;		/* screen_pass.c */
extern const struct screen screen_passedit;
extern const struct screen screen_passfee;
extern const struct screen screen_passop;
extern const struct screen screen_vacc;		/* screen_vacc.c */
extern const struct screen screen_vaccedit;
extern const struct screen screen_notices;	/* screen_notices.c */
/* Nonzero when the session prints some notice kind (the menu entry). */
int screen_notices_allowed(const struct session *);
/* The global actions (F1, F2, F3, F9, F12). */
extern const struct action tui_global_actions[];
/* F1 alone, for screens without the global actions (login). */
extern const struct action tui_help_action[];

/* Code tables shared by the screens (tui.c). */
extern const struct field_choice tui_reason_codes[];
extern const struct field_choice tui_sex_choices[];
/*
 * The value of a "_name=" context line of draft text (key "_name="), found
 * only at a line start, never inside a typed value; NULL when absent.
 */
const char *tui_draft_meta(const char *draft, const char *key);
/* The My Number validator for fields (mynumber_validate). */
int tui_mynumber_check(const char *in, char *out, size_t size, struct err *);
/* Replace the top screen by scr after this pass (arg is copied). */
void tui_replace_resident(struct tui *, const char *atena_no);
/*
 * Give the top screen another vtable that shares its state type (e.g. the
 * confirmation screen becoming the rejection screen): the key bar, help
 * and screen ID follow; the state is kept.
 */
void tui_swap(struct tui *, const struct screen *);

/* screen_queue.c: labels shared by the confirmation screens. */
/* The translated name of a ledger given by its stored name. */
const char *queue_ledger_label(const char *name);
/* The translated kind of change of a stored op name (the name itself
 * when unknown). */
const char *queue_op_label(const char *op);
/*
 * The lists of entries (the queue, the rejected ones) share their first
 * columns: ledger, entry, 履歴番号 and change.  Their titles, or an entry's
 * cells, at row y; the screen draws its own from column QUEUE_COL_REST.
 */
#define QUEUE_COL_REST 61
void queue_draw_titles(int y);
void queue_draw_cells(int y, const struct db_pending *);
/* Scroll *top so that the selected row sel shows among rows lines. */
void queue_scroll(int *top, int sel, int rows);

/* Arguments of screen_confirm and screen_confirm_reject: the opened
 * entry and its record lock, which the screen releases when it closes. */
struct confirm_arg {
	struct confirm_view v;
	struct reclock lock;
};

/* Arguments of screen_resident. */
struct resident_arg {
	const char *atena_no;	/* the person to view, or NULL */
	int edit_op;		/* -1 view; else an enum resident_op to key */
	const char *draft;	/* draft text to restore, or NULL */
};

#endif
