/*
 * Vaccination (予防接種) rules as pure functions over a data table of
 * vaccine types: A類/B類, dose sequences, age windows and minimum
 * intervals; the checks on one dose record; the due and overdue list of a
 * person.  No database, no session, no output.
 *
 * Date conventions (予防接種法施行令 and the 定期接種実施要領, with the age
 * reckoning of 年齢計算ニ関スル法律):
 *   - Months of age: an age of N months is reached on the day before the
 *     same day N months after birth (the eve), and "M月に至るまで" / "M歳
 *     未満" includes the day M is reached: MR 1期 runs from the day before
 *     the 1st birthday through the day before the 2nd.
 *   - Days: "出生6週0日後から24週0日後まで" is birth + 42 .. birth + 168,
 *     both included (rotavirus).
 *   - Fiscal-year age: the age reached by 31 March of the fiscal year (a
 *     child born on 1 April is a school year ahead): MR 2期 is the fiscal
 *     year in which that age is 6 (小学校就学前の1年間).
 *   - "N日以上の間隔をおく": at least N whole days in between, so the next
 *     dose is due N + 1 days later (27 days: four weeks later on the same
 *     weekday).  "N月以上": from the same day N months later, or the 1st
 *     of the next month when that month has no such day.
 */
#ifndef MADOGUCHI_VACCINE_H
#define MADOGUCHI_VACCINE_H

#include "err.h"
#include "wareki.h"

#define VACCINE_MAX_DOSES 4
#define VACCINE_OPEN (-1)		/* no upper age limit */

enum vaccine_class {
	VACCINE_CLASS_A = 1,	/* A類疾病 (集団予防) */
	VACCINE_CLASS_B		/* B類疾病 (個人予防: elderly influenza, PPSV23) */
};

enum vaccine_unit {
	VACCINE_DAYS,		/* days after birth / after the dose */
	VACCINE_MONTHS,		/* months of age / after the dose */
	VACCINE_FY_AGE		/* windows only: years of age by 31 March */
};

struct vaccine_window {
	enum vaccine_unit unit;
	int min, max;		/* max VACCINE_OPEN: no end */
};

/* What one dose (2nd, 3rd, ...) needs. */
struct vaccine_dose_rule {
	int interval;			/* minimum interval; 0: none */
	enum vaccine_unit interval_unit;	/* VACCINE_DAYS or VACCINE_MONTHS */
	int from_dose;			/* interval counted from this dose; 0: the previous */
	int min_age_months;		/* minimum age for this dose; 0: none */
};

struct vaccine_type {
	const char *code;		/* 接種種類 code */
	const char *name;
	enum vaccine_class cls;
	int doses;			/* 1..VACCINE_MAX_DOSES */
	struct vaccine_window window;	/* the routine (定期) window */
	int annual;			/* one dose per fiscal year (influenza) */
	int female_only;		/* routine for women only (HPV) */
	struct vaccine_dose_rule dose[VACCINE_MAX_DOSES];	/* [0] = dose 1 */
};

struct vaccine_table {
	const struct vaccine_type *types;
	int n;
};

/* The routine schedule as of 2024-10 (static storage; see vaccine.c). */
const struct vaccine_table *vaccine_default_table(void);
/* Check a configured table (E_CONFIG naming the code).  */
int vaccine_table_check(const struct vaccine_table *, struct err *);
/* The type with code, or NULL. */
const struct vaccine_type *vaccine_find(const struct vaccine_table *,
    const char *code);
/* "A" / "B" (A類 / B類). */
const char *vaccine_class_name(enum vaccine_class);
/*
 * The routine window of type for a person born on birth: first and last
 * day, both included (until.y == 0 when open).  E_DATE_INVALID for a bad
 * birth date.
 */
int vaccine_window(const struct vaccine_type *, const struct ymd *birth,
    struct ymd *from, struct ymd *until, struct err *);

struct vaccine_person {
	struct ymd birth;
	int sex;			/* 1 male, 2 female, 9 not stated */
};

/* One dose as recorded (the rules' part of a 予防接種ファイル row). */
struct vaccine_dose {
	char code[16];			/* 接種種類 */
	int dose_no;			/* 接種回数, 1.. */
	struct ymd date;		/* 接種年月日 */
	char lot[24];			/* ロットNO */
	struct ymd lot_expiry;		/* 有効期限; y == 0: not known */
	int other_municipality;		/* 他市町村接種 */
};

/*
 * Check dose d against the person, the doses already recorded (hist, n;
 * any order and any vaccine, not including d itself) and today.  Errors
 * (-1, field named): unknown code (E_CODE_UNKNOWN, "vaccine_code"); bad
 * date, before birth or after today (E_DATE_INVALID / E_DATE_RANGE,
 * "date"); dose number outside the series (E_CHOICE, "dose_no"), already
 * recorded (E_EXISTS), or its predecessor missing or not earlier
 * (E_REQUIRED / E_DATE_RANGE, "dose_no"); a second dose of an annual
 * vaccine in one fiscal year (E_EXISTS, "date"); the minimum interval not
 * kept (E_INTERVAL, "date"); no lot number (E_REQUIRED, "lot_no";
 * other municipalities' records may lack it); the lot expired before the
 * date (E_LOT_EXPIRED, "lot_expiry").  Returns 1 with E_VACCINE_WINDOW on
 * "date" when all else is right but the dose falls outside the routine
 * window or below its minimum age (or HPV for a non-female person): an
 * alert; the clerk confirms and the dose is recorded as 任意接種.
 */
int vaccine_check_dose(const struct vaccine_table *,
    const struct vaccine_person *, const struct vaccine_dose *hist, int n,
    const struct vaccine_dose *d, const struct ymd *today, struct err *);

enum vaccine_due_status {
	VACCINE_DUE,		/* window open, dose not given */
	VACCINE_DUE_CLOSING,	/* due, and the window closes within closing_days */
	VACCINE_OVERDUE,	/* the window closed (or closes before the interval
				 * allows the dose) within overdue_days */
	VACCINE_DUE_N
};

struct vaccine_due {
	const struct vaccine_type *type;
	int dose_no;
	enum vaccine_due_status status;
	struct ymd from;	/* earliest day for the dose */
	struct ymd until;	/* last day of the window (y == 0: open) */
};

struct vaccine_due_opts {
	int closing_days;	/* default 30 */
	int overdue_days;	/* default 365: older misses are not listed */
};

/*
 * The doses due and overdue on ref for the person, in table order, one
 * entry (the next dose) per vaccine; doses not yet due are left out.
 * opts may be NULL for the defaults.  Writes at most max entries into out
 * and the number found into *count (which may exceed max).
 */
int vaccine_due_list(const struct vaccine_table *,
    const struct vaccine_person *, const struct vaccine_dose *hist, int n,
    const struct ymd *ref, const struct vaccine_due_opts *opts,
    struct vaccine_due *out, int max, int *count, struct err *);
/* "due", "closing", "overdue". */
const char *vaccine_due_status_name(enum vaccine_due_status);

#endif
