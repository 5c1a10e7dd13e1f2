/*
 * Elderly transit pass (敬老乗車証) rules: starting age by birth-date band,
 * eligibility, the fee from the 納付額ファイル with its cap, 減免,
 * re-checkable decisions and refunds.  The Kyoto bands and ceiling
 * are the city's published values; the fee and reduction tables are
 * SAMPLE DATA for tests and the demo, to be replaced by the city's own.
 */
#include <stdio.h>
#include <string.h>

#include "elderly.h"

/* Kyoto City, from 令和4年10月 (京都市敬老乗車証条例 as amended). */
static const struct elderly_band kyoto_bands[] = {
	{ { 0, 0, 0 }, { 1952, 10, 1 }, 70 },		/* 〜昭和27年10月1日 */
	{ { 1952, 10, 2 }, { 1953, 10, 1 }, 71 },
	{ { 1953, 10, 2 }, { 1954, 10, 1 }, 72 },
	{ { 1954, 10, 2 }, { 1955, 10, 1 }, 73 },
	{ { 1955, 10, 2 }, { 1956, 10, 1 }, 74 },
	{ { 1956, 10, 2 }, { 0, 0, 0 }, 75 },		/* 昭和31年10月2日〜 */
};

static const struct elderly_rules kyoto_rules = {
	kyoto_bands, (int)(sizeof kyoto_bands / sizeof kyoto_bands[0]),
	ELDERLY_AGE_BIRTH_MONTH, 7000000
};

/*
 * SAMPLE fee table, not an official one.  The annual amounts follow the
 * pattern Kyoto published for 令和5年10月 onwards (tier 1 生活保護等 ¥0,
 * 2 市民税非課税, 3 課税・合計所得200万円未満, 4 200〜400万円, 5 400〜700万
 * 円); 0.5 and 1.5 years are half and one and a half times the year; the
 * ¥60,000 cap is invented so that the cap matters for tier 5 over 1.5
 * years.  Check every figure against the city's 納付額ファイル.
 */
static const struct elderly_fee_row sample_fees[] = {
	{ 2024, 1, 0, 0, 0, 60000 },
	{ 2024, 2, 4500, 9000, 13500, 60000 },
	{ 2024, 3, 7500, 15000, 22500, 60000 },
	{ 2024, 4, 15000, 30000, 45000, 60000 },
	{ 2024, 5, 22500, 45000, 67500, 60000 },
	{ 2025, 1, 0, 0, 0, 60000 },
	{ 2025, 2, 4500, 9000, 13500, 60000 },
	{ 2025, 3, 7500, 15000, 22500, 60000 },
	{ 2025, 4, 15000, 30000, 45000, 60000 },
	{ 2025, 5, 22500, 45000, 67500, 60000 },
	{ 2026, 1, 0, 0, 0, 60000 },
	{ 2026, 2, 4500, 9000, 13500, 60000 },
	{ 2026, 3, 7500, 15000, 22500, 60000 },
	{ 2026, 4, 15000, 30000, 45000, 60000 },
	{ 2026, 5, 22500, 45000, 67500, 60000 },
	{ 2027, 1, 0, 0, 0, 60000 },
	{ 2027, 2, 4500, 9000, 13500, 60000 },
	{ 2027, 3, 7500, 15000, 22500, 60000 },
	{ 2027, 4, 15000, 30000, 45000, 60000 },
	{ 2027, 5, 22500, 45000, 67500, 60000 },
};

static const struct elderly_fee_table sample_fee_table = {
	sample_fees, (int)(sizeof sample_fees / sizeof sample_fees[0])
};

/* SAMPLE reduction kinds (減免種類), not an ordinance's list. */
static const struct elderly_reduction sample_reductions[] = {
	{ "", "なし", 0 },
	{ "01", "生活保護受給", 100 },
	{ "02", "老齢福祉年金受給・世帯非課税", 100 },
	{ "03", "災害被災 (半額)", 50 },
	{ "09", "その他市長が認める者 (3割)", 30 },
};

static const struct elderly_reduction_table sample_reduction_table = {
	sample_reductions,
	(int)(sizeof sample_reductions / sizeof sample_reductions[0])
};

const struct elderly_rules *
elderly_default_rules(void)
{
	return &kyoto_rules;
}

const struct elderly_fee_table *
elderly_default_fees(void)
{
	return &sample_fee_table;
}

const struct elderly_reduction_table *
elderly_default_reductions(void)
{
	return &sample_reduction_table;
}

int
elderly_rules_check(const struct elderly_rules *r, struct err *e)
{
	struct ymd next;
	int i;

	if (r->nbands < 1 || r->bands == NULL)
		return err_set(e, E_CONFIG, "bands", "no birth-date band");
	if (r->age_rule < 0 || r->age_rule >= ELDERLY_AGE_N)
		return err_set(e, E_CONFIG, "age_rule", NULL);
	if (r->income_ceiling <= 0)
		return err_set(e, E_CONFIG, "income_ceiling", "must be positive");
	if (r->bands[0].born_from.y != 0)
		return err_set(e, E_CONFIG, "bands", "the first band must be open");
	if (r->bands[r->nbands - 1].born_to.y != 0)
		return err_set(e, E_CONFIG, "bands", "the last band must be open");
	for (i = 0; i < r->nbands; i++) {
		const struct elderly_band *b = &r->bands[i];

		if (b->start_age < 0 || b->start_age > 150)
			return err_set(e, E_CONFIG, "bands", "band %d: bad age", i + 1);
		if ((i > 0 && !ymd_valid(&b->born_from)) ||
		    (i < r->nbands - 1 && !ymd_valid(&b->born_to)))
			return err_set(e, E_CONFIG, "bands", "band %d: bad date", i + 1);
		if (i > 0 && i < r->nbands - 1 &&
		    ymd_cmp(&b->born_from, &b->born_to) > 0)
			return err_set(e, E_CONFIG, "bands",
			    "band %d ends before it starts", i + 1);
		if (i == 0)
			continue;
		ymd_from_days(ymd_to_days(&r->bands[i - 1].born_to) + 1, &next);
		if (ymd_cmp(&next, &b->born_from) != 0)
			return err_set(e, E_CONFIG, "bands",
			    "band %d does not follow band %d without gap or overlap",
			    i + 1, i);
	}
	return 0;
}

int
elderly_start_age(const struct elderly_rules *r, const struct ymd *birth,
    int *age, struct err *e)
{
	int i;

	if (!ymd_valid(birth))
		return err_set(e, E_DATE_INVALID, "birth_date", NULL);
	for (i = 0; i < r->nbands; i++) {
		const struct elderly_band *b = &r->bands[i];

		if (b->born_from.y != 0 && ymd_cmp(birth, &b->born_from) < 0)
			continue;
		if (b->born_to.y != 0 && ymd_cmp(birth, &b->born_to) > 0)
			continue;
		*age = b->start_age;
		return 0;
	}
	return err_set(e, E_CONFIG, "bands", "no band covers the date of birth");
}

int
elderly_start_date(const struct elderly_rules *r, const struct ymd *birth,
    struct ymd *out, struct err *e)
{
	struct ymd eve;
	int age;

	if (elderly_start_age(r, birth, &age, e) == -1)
		return -1;
	switch (r->age_rule) {
	case ELDERLY_AGE_BIRTH_MONTH:
		ymd_add_months(birth, age * 12, out);
		out->d = 1;
		break;
	case ELDERLY_AGE_EVE:
		ymd_from_days(ymd_to_days(birth) - 1, &eve);
		ymd_add_months(&eve, age * 12, out);
		break;
	case ELDERLY_AGE_BIRTHDAY:
		/* As ymd_age: a 29 February birthday falls on 1 March. */
		ymd_add_months(birth, age * 12, out);
		if (out->d != birth->d)
			ymd_from_days(ymd_to_days(out) + 1, out);
		break;
	default:
		return err_set(e, E_CONFIG, "age_rule", NULL);
	}
	return 0;
}

int
elderly_check_eligibility(const struct elderly_rules *r,
    const struct elderly_applicant *a, struct err *e)
{
	struct ymd start;

	if (!ymd_valid(&a->reference))
		return err_set(e, E_DATE_INVALID, "reference_date", NULL);
	if (a->income < 0)
		return err_set(e, E_AMOUNT, "income", NULL);
	if (!a->current_resident)
		return err_set(e, E_NOT_ELIGIBLE, "resident",
		    "only current residents of the city receive the pass");
	if (elderly_start_date(r, &a->birth, &start, e) == -1)
		return -1;
	if (ymd_cmp(&a->reference, &start) < 0)
		return err_set(e, E_NOT_ELIGIBLE, "birth_date",
		    "under the starting age on the reference date");
	if (a->income >= r->income_ceiling)
		return err_set(e, E_NOT_ELIGIBLE, "income",
		    "total income at or above the ceiling of %ld yen",
		    r->income_ceiling);
	if (a->welfare_pass)
		return err_set(e, E_NOT_ELIGIBLE, "welfare_pass",
		    "holds a welfare pass (福祉乗車証); the two are never issued together");
	if (a->active_same_year)
		return err_set(e, E_EXISTS, "pass",
		    "an active pass of this type and year exists");
	return 0;
}

static const struct elderly_fee_row *
fee_row(const struct elderly_fee_table *t, int year, int tier)
{
	int i;

	for (i = 0; i < t->n; i++)
		if (t->rows[i].year == year && t->rows[i].tier == tier)
			return &t->rows[i];
	return NULL;
}

/* The row's amount for period, before the cap; -1 for another period. */
static long
period_amount(const struct elderly_fee_row *row, enum elderly_period p)
{
	switch (p) {
	case ELDERLY_PERIOD_HALF:
		return row->half;
	case ELDERLY_PERIOD_ONE:
		return row->one;
	case ELDERLY_PERIOD_ONE_HALF:
		return row->one_half;
	}
	return -1;
}

int
elderly_fee(const struct elderly_fee_table *t, int year, int tier,
    enum elderly_period period, long *amount, struct err *e)
{
	const struct elderly_fee_row *row;
	long a;

	if (period != ELDERLY_PERIOD_HALF && period != ELDERLY_PERIOD_ONE &&
	    period != ELDERLY_PERIOD_ONE_HALF)
		return err_set(e, E_CHOICE, "period", "0.5, 1.0 or 1.5 years");
	if ((row = fee_row(t, year, tier)) == NULL)
		return err_set(e, E_CODE_UNKNOWN, "tier",
		    "no fee for tier %d in year %d", tier, year);
	a = period_amount(row, period);
	if (a < 0 || row->cap < 0)
		return err_set(e, E_CONFIG, "fee_table",
		    "negative amount for tier %d in year %d", tier, year);
	*amount = a < row->cap ? a : row->cap;
	return 0;
}

static const struct elderly_reduction *
reduction_find(const struct elderly_reduction_table *t, const char *code)
{
	int i;

	for (i = 0; i < t->n; i++)
		if (strcmp(t->kinds[i].code, code) == 0)
			return &t->kinds[i];
	return NULL;
}

/* Compute the result of d's inputs into res (inputs copied). */
static int
decide(const struct elderly_fee_table *t, const struct elderly_reduction_table *rt,
    const struct elderly_fee_decision *d, struct elderly_fee_decision *res,
    struct err *e)
{
	const struct elderly_fee_row *row;
	const struct elderly_reduction *red = NULL;

	*res = *d;
	if (!ymd_valid(&d->judged_on))
		return err_set(e, E_DATE_INVALID, "judged_on", NULL);
	if (elderly_fee(t, d->year, d->tier, d->period, &res->capped, e) == -1)
		return -1;
	row = fee_row(t, d->year, d->tier);
	res->table_amount = period_amount(row, d->period);
	res->cap = row->cap;
	if (d->reduction[0] != '\0') {
		if (rt == NULL || (red = reduction_find(rt, d->reduction)) == NULL)
			return err_set(e, E_CODE_UNKNOWN, "reduction", NULL);
		if (red->percent < 0 || red->percent > 100)
			return err_set(e, E_CONFIG, "reductions",
			    "percent outside 0..100");
	}
	res->reduced_by = red ? res->capped * red->percent / 100 : 0;
	res->amount = res->capped - res->reduced_by;
	return 0;
}

int
elderly_decide(const struct elderly_fee_table *t,
    const struct elderly_reduction_table *rt, struct elderly_fee_decision *d,
    struct err *e)
{
	struct elderly_fee_decision res;

	if (decide(t, rt, d, &res, e) == -1)
		return -1;
	*d = res;
	return 0;
}

int
elderly_recheck(const struct elderly_fee_table *t,
    const struct elderly_reduction_table *rt,
    const struct elderly_fee_decision *d, struct err *e)
{
	struct elderly_fee_decision res;

	if (decide(t, rt, d, &res, e) == -1)
		return -1;
	if (res.table_amount != d->table_amount || res.cap != d->cap ||
	    res.capped != d->capped || res.reduced_by != d->reduced_by ||
	    res.amount != d->amount)
		return err_set(e, E_AMOUNT, "amount",
		    "the stored amount does not follow from its inputs");
	return 0;
}

int
elderly_refund(long paid, long redetermined, long *refund, long *due,
    struct err *e)
{
	if (paid < 0)
		return err_set(e, E_AMOUNT, "paid", NULL);
	if (redetermined < 0)
		return err_set(e, E_AMOUNT, "redetermined", NULL);
	*refund = paid > redetermined ? paid - redetermined : 0;
	if (due != NULL)
		*due = redetermined > paid ? redetermined - paid : 0;
	return 0;
}
