/*
 * Private to tui/: what the three ledger screens (screen_child.c,
 * screen_pass.c, screen_vacc.c) share.  A person's ledger menu; entry
 * forms laid out like the paper form (each field placed by row and
 * column), masked by the session's visibility, with codes checked
 * against the ledger's code tables as the cursor leaves them, F10
 * twice for alerts, and a ledger's refusal put back at the field that
 * caused it.  And the computations each entry screen shows live, written
 * without curses so that a unit test can compare them with the rules.
 */
#ifndef MADOGUCHI_SCREEN_BOOK_H
#define MADOGUCHI_SCREEN_BOOK_H

#include "child.h"
#include "elderly.h"
#include "forms.h"
#include "ledger.h"
#include "vaccine.h"
#include "wareki.h"

struct tui;
struct tui_key;

/* Where a field is drawn: row, label column and label cells. */
struct book_place {
	int y, x, lw;
};

#define BOOK_REASON (-1)	/* book_code.table: a 処理事由 of the ledger */

/* A field whose value must be in a code table of the ledger. */
struct book_code {
	const char *field;
	int table;		/* enum codes_table, or BOOK_REASON */
};

#define BOOK_FIELDS_MAX 48

struct book_form {
	struct form *fm;
	enum ledger_id ledger;
	const struct book_place *places;	/* one per field */
	const struct book_code *codes;		/* ends with field NULL */
	char codename[BOOK_FIELDS_MAX][97];	/* a checked code's name */
	int confirming;		/* an alert is shown: F10 again confirms */
	int left;		/* the field the last key left, or -1 */
};

/* Arguments of the ledger screens. */
struct book_arg {
	const char *atena_no;	/* the person */
	int year;		/* a pass: 年度 */
	const char *key;	/* a pass: 乗車証交付番号 */
	const char *draft;	/* draft text to restore into the form, or NULL */
};

/* Shared choice tables (values are the ledgers' enum numbers). */
extern const struct field_choice screen_book_yesno[];
extern const struct field_choice screen_book_channels[];
extern const struct field_choice screen_book_applicants[];
extern const struct field_choice screen_book_id_docs[];
extern const struct field_choice screen_book_mn_methods[];

/* Build the form over defs (n <= BOOK_FIELDS_MAX); -1 on a bad table. */
int screen_book_form_open(struct book_form *, enum ledger_id,
    const struct field_def *defs, size_t n, const struct book_place *,
    const struct book_code *codes);
void screen_book_form_close(struct book_form *);
/*
 * A key on the form: Enter and Tab move on, leaving a field validates it
 * and checks its code; TUI_* flags.  bf->left names the field left.
 */
int screen_book_form_key(struct tui *, struct book_form *, const struct tui_key *);
/*
 * F10, before the ledger is asked: every field and code checked.  0 when
 * the entry may be submitted (alerts confirmed by a second F10), -1 when
 * an error or an alert is shown at its field.
 */
int screen_book_form_ready(struct tui *, struct book_form *);
/*
 * Show a ledger's refusal e at its field: map gives form names for the
 * ledger's field names (pairs, ending with NULL; may be NULL).  An alert
 * arms the second F10.
 */
void screen_book_form_refused(struct tui *, struct book_form *, const struct err *,
    const char *const *map);
/* After screen_book_form_refused: the message put in words of the
 * screen's own (still an error). */
void screen_book_refusal_text(struct tui *, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/*
 * The ledger saved the entry pending: the form is left clean, the lists
 * reload, and the message (fmt: what was saved, its version) says so.
 * Returns TUI_POP.
 */
int screen_book_saved(struct tui *, struct book_form *, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/*
 * Drafts of a ledger form: the unsaved input with the person and
 * the entry it belongs to, as draft text (caller frees; NULL when nothing
 * was typed).
 */
char *screen_book_draft(const struct book_form *, const char *atena,
    int year, const char *key);
/*
 * The person and entry of draft text into ba (atena and key are the
 * caller's buffers of 16 and 32 bytes); ba->draft becomes draft.
 */
void screen_book_draft_arg(const char *draft, struct book_arg *ba,
    char atena[16], char key[32]);
/* Fill the form from ba->draft, if any, and say so; nonzero when done. */
int screen_book_restore(struct tui *, struct book_form *,
    const struct book_arg *ba);
/* Draw the fields at their places, masked as the session sees them. */
void screen_book_form_draw(struct tui *, struct book_form *);

/* Form values: a yes/no choice, a number, a date typed in any form
 * (0, or -1 when empty or not a date). */
int screen_book_flag(const struct form *, const char *name);
int screen_book_int(const struct form *, const char *name);
int screen_book_date(const struct form *, const char *name, struct ymd *out);
/* 和暦 (西暦) of an ISO date, or iso itself. */
const char *screen_book_date_text(const char *iso, char *buf, size_t size);
/* The person line: 宛名番号, name and date of birth; the name masked or
 * left out as the session sees the master.  Returns the next row. */
int screen_book_draw_person(struct tui *, int y, const char *atena,
    const char *name, const char *birth_iso);
/*
 * The person's name and date of birth (ISO) for the header, read as an
 * audited view: b (may be NULL) gets the birth date, zero when it is not
 * one, sex (may be NULL) the sex.  -1 when it cannot be read, shown as an
 * error when report is set.
 */
int screen_book_person(struct tui *, const char *atena, char name[97],
    char birth[DATE_MAX], struct ymd *b, int *sex, int report);
/* "未確認" for a pending version, "" otherwise. */
const char *screen_book_state_mark(const char *state);
/* "¥12,345" into buf. */
const char *screen_book_yen(long yen, char *buf, size_t size);
/* The label of value in choices (translated), or value itself. */
const char *screen_book_choice(const struct field_choice *choices, const char *value);

/* ---- live computations (no curses) ---------------------------------- */

#define CHILD_SLOTS 4		/* children on the entry form */

struct child_calc {
	int ok;				/* start and amounts are valid */
	struct err e;			/* else why not (field named) */
	struct ymd start;		/* 支給開始月 */
	struct ymd now;			/* the current month */
	struct ymd pay;			/* the payment month of the start month */
	int slot[CHILD_SLOTS];		/* household index of each slot, -1 */
	struct child_amounts at_start, at_now;
};

/*
 * What the child allowance form shows: the household of the filled child
 * slots (births[i] from the master; y == 0 leaves slot i out), claimant
 * type and supported flags from the form; the start month by the 15-day
 * rule from the claim and event dates; the amounts, ranks and total for
 * the start month and for today's month.
 */
int screen_child_compute(const struct form *,
    const struct ymd births[CHILD_SLOTS], const struct ymd *today,
    struct child_calc *out);
/* The entry form's field table (static), for tests that drive it. */
const struct field_def *screen_child_fields(size_t *n);

struct pass_calc {
	int age_ok;			/* start_age and start_date are valid */
	int start_age;
	struct ymd start_date;		/* the first day of use */
	int age;			/* age on the reference date */
	struct ymd reference;		/* 判定基準日 */
	int eligible;			/* 1 yes, 0 no (why in e), -1 unknown */
	struct err e;
};

/*
 * The application form's eligibility: starting age by the birth-date band,
 * the age on the reference (or application) date, R-33 with the income and
 * welfare-pass fields (current resident assumed; the ledger rechecks).
 */
int screen_pass_eligibility(const struct form *, const struct ymd *birth,
    struct pass_calc *out);
/*
 * The fee decision form's fee: year, tier, period, reduction and 判定年月日
 * from the form through elderly_decide on fees.  0 with d filled, or -1
 * with e naming the field.
 */
int screen_pass_fee(const struct form *, const struct elderly_fee_table *fees,
    int year, struct elderly_fee_decision *d, struct err *e);
/* The application and fee decision forms' field tables (static). */
const struct field_def *screen_pass_fields(size_t *n);
const struct field_def *screen_pass_fee_fields(size_t *n);

struct vacc_calc {
	int checked;			/* the dose was checked */
	int rc;				/* vaccine_check_dose: 0, 1 alert, -1 */
	struct err e;
	int due_found;			/* the vaccine's next dose is listed */
	struct vaccine_due due;		/* its status on today */
	struct ymd from, until;		/* the routine window of the vaccine */
	int window_ok;
};

/*
 * The vaccination form's dose check against the person and the confirmed
 * history, and the vaccine's due/overdue status and routine window.
 */
int screen_vacc_compute(const struct form *, const struct vaccine_person *,
    const struct vaccine_dose *hist, int n, const struct ymd *today,
    struct vacc_calc *out);
/* The dose form's field table (static). */
const struct field_def *screen_vacc_fields(size_t *n);

#endif
