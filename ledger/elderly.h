/*
 * Elderly transit pass (敬老乗車証, Kyoto model) rules as pure functions
 * over data a city configures: the starting age by birth-date band, the
 * income ceiling, the fee table (納付額ファイル), reduction kinds (減免).
 * Eligibility follows R-33, fee decisions and refunds R-67.  No database,
 * no session, no output.
 */
#ifndef MADOGUCHI_ELDERLY_H
#define MADOGUCHI_ELDERLY_H

#include "err.h"
#include "wareki.h"

/* One birth-date band: born from..to (inclusive; y == 0: open). */
struct elderly_band {
	struct ymd born_from;
	struct ymd born_to;
	int start_age;
};

/* When a person counts as having reached an age. */
enum elderly_age_rule {
	ELDERLY_AGE_BIRTH_MONTH,	/* from the 1st of the birthday's month (Kyoto) */
	ELDERLY_AGE_EVE,		/* the day before the birthday (年齢計算ニ関スル法律) */
	ELDERLY_AGE_BIRTHDAY,		/* on the birthday */
	ELDERLY_AGE_N
};

struct elderly_rules {
	const struct elderly_band *bands;	/* oldest first, contiguous */
	int nbands;
	enum elderly_age_rule age_rule;
	long income_ceiling;	/* 合計所得金額 at or above it: refused */
};

/*
 * Kyoto's rules (static storage): 70 for births to 昭和27年10月1日, +1
 * per later year band, 75 from 昭和31年10月2日; from the 1st of the
 * birth month; ceiling ¥7,000,000 (700万円未満 eligible).
 */
const struct elderly_rules *elderly_default_rules(void);
/* Check a configured table: bands contiguous, open only at both ends,
 * ages 0..150, ceiling > 0 (E_CONFIG naming the band). */
int elderly_rules_check(const struct elderly_rules *, struct err *);
/* The starting age for birth (E_DATE_INVALID; E_CONFIG when no band). */
int elderly_start_age(const struct elderly_rules *, const struct ymd *birth,
    int *age, struct err *);
/* The first day the pass may be used: the start age reached by the rule. */
int elderly_start_date(const struct elderly_rules *, const struct ymd *birth,
    struct ymd *out, struct err *);

/* What R-33 needs to know of an applicant. */
struct elderly_applicant {
	struct ymd birth;
	struct ymd reference;	/* 判定基準日 */
	int current_resident;	/* 現存者 (not removed, lives in the city) */
	long income;		/* 合計所得金額, yen */
	int welfare_pass;	/* holds a 福祉乗車証 */
	int active_same_year;	/* already holds an active pass of this type and year */
};

/*
 * 0 when eligible on the reference date; else -1 with
 * E_NOT_ELIGIBLE ("resident", "welfare_pass", "income", "birth_date":
 * under the starting age), E_EXISTS ("pass": a second active pass) or a
 * date/amount error.  The welfare pass is refused outright: a person
 * never holds both.
 */
int elderly_check_eligibility(const struct elderly_rules *,
    const struct elderly_applicant *, struct err *);

/* Period a fee covers, in tenths of a year. */
enum elderly_period {
	ELDERLY_PERIOD_HALF = 5,
	ELDERLY_PERIOD_ONE = 10,
	ELDERLY_PERIOD_ONE_HALF = 15
};

/* One row of the 納付額ファイル. */
struct elderly_fee_row {
	int year;		/* 年度 */
	int tier;		/* 負担区分 */
	long half, one, one_half;	/* 0.5 / 1.0 / 1.5-year amounts */
	long cap;		/* 限度額負担金額 */
};

struct elderly_fee_table {
	const struct elderly_fee_row *rows;
	int n;
};

/* A sample table (static storage; see elderly.c: not official figures). */
const struct elderly_fee_table *elderly_default_fees(void);
/*
 * The 負担金 for year, tier and period, capped at the row's cap.
 * E_CODE_UNKNOWN ("tier") when the table has no such row, E_CHOICE
 * ("period") for another period.
 */
int elderly_fee(const struct elderly_fee_table *, int year, int tier,
    enum elderly_period period, long *amount, struct err *);

/* A reduction/exemption kind (減免種類): percent of the fee waived. */
struct elderly_reduction {
	const char *code;
	const char *name;
	int percent;		/* 0..100 */
};

struct elderly_reduction_table {
	const struct elderly_reduction *kinds;
	int n;
};

/* Sample reduction kinds (static storage; code "" = none). */
const struct elderly_reduction_table *elderly_default_reductions(void);

/* A fee decision with every input, so that it can be re-checked. */
struct elderly_fee_decision {
	/* inputs */
	int year;
	int tier;
	enum elderly_period period;
	char reduction[8];	/* 減免種類 code; "" = none */
	struct ymd judged_on;	/* 判定年月日 */
	/* result */
	long table_amount;	/* the period's amount in the table */
	long cap;		/* the row's 限度額 */
	long capped;		/* min(table_amount, cap) */
	long reduced_by;	/* 減免額 (rounded down: the fee is rounded up) */
	long amount;		/* 負担金額 = capped - reduced_by */
};

/*
 * Fill the result part of d from its inputs.  The reduction waives
 * percent of the capped amount, rounded down to the yen.  Errors as
 * elderly_fee; E_CODE_UNKNOWN ("reduction"); E_DATE_INVALID ("judged_on").
 */
int elderly_decide(const struct elderly_fee_table *,
    const struct elderly_reduction_table *, struct elderly_fee_decision *d,
    struct err *);
/* Recompute a stored decision: 0 when its result still follows from its
 * inputs, else -1 (E_AMOUNT, "amount"). */
int elderly_recheck(const struct elderly_fee_table *,
    const struct elderly_reduction_table *,
    const struct elderly_fee_decision *d, struct err *);
/*
 * 還付 after a redetermination: refund = paid - redetermined when
 * positive, else 0; *due (may be NULL) gets what is still owed when the
 * new amount is higher (a new 納入通知, never a negative refund).
 * E_AMOUNT for a negative amount.
 */
int elderly_refund(long paid, long redetermined, long *refund, long *due,
    struct err *);

#endif
