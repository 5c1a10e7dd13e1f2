/*
 * Unit tests for ledger/elderly.c: Kyoto's starting-age bands at both
 * edges of every band, the age rules, R-33 eligibility (resident, age,
 * income ceiling, welfare pass, second pass), the fee table with its cap
 * (R-67, against a fixture table and the sample one), reductions, the
 * re-check of a stored decision and refunds after a tier change.
 */
#include "testutil.h"

#include "elderly.h"
#include "err.h"

#define YMD(y, m, d)	((struct ymd){ (y), (m), (d) })
#define N(a)		(sizeof (a) / sizeof (a)[0])

static void
test_kyoto_bands_edges(void **state)
{
	static const struct {
		struct ymd birth;
		int age;
	} t[] = {
		{ { 1930, 1, 1 }, 70 },
		{ { 1952, 10, 1 }, 70 },	/* 昭和27年10月1日 */
		{ { 1952, 10, 2 }, 71 },
		{ { 1953, 10, 1 }, 71 },
		{ { 1953, 10, 2 }, 72 },
		{ { 1954, 10, 1 }, 72 },
		{ { 1954, 10, 2 }, 73 },
		{ { 1955, 10, 1 }, 73 },
		{ { 1955, 10, 2 }, 74 },
		{ { 1956, 10, 1 }, 74 },
		{ { 1956, 10, 2 }, 75 },	/* 昭和31年10月2日 */
		{ { 1990, 6, 30 }, 75 },
	};
	const struct elderly_rules *r = elderly_default_rules();
	struct err e;
	size_t i;
	int age;

	(void)state;
	assert_int_equal(elderly_rules_check(r, &e), 0);
	for (i = 0; i < N(t); i++) {
		age = -1;
		assert_int_equal(elderly_start_age(r, &t[i].birth, &age, &e), 0);
		if (age != t[i].age)
			fail_msg("%04d-%02d-%02d: %d, expected %d", t[i].birth.y,
			    t[i].birth.m, t[i].birth.d, age, t[i].age);
	}
	assert_int_equal(elderly_start_age(r, &YMD(1953, 2, 29), &age, &e), -1);
	assert_int_equal(e.code, E_DATE_INVALID);
}

static void
test_bad_tables(void **state)
{
	static const struct elderly_band gap[] = {
		{ { 0, 0, 0 }, { 1952, 10, 1 }, 70 },
		{ { 1952, 10, 3 }, { 0, 0, 0 }, 71 },
	};
	static const struct elderly_band overlap[] = {
		{ { 0, 0, 0 }, { 1952, 10, 1 }, 70 },
		{ { 1952, 10, 1 }, { 0, 0, 0 }, 71 },
	};
	static const struct elderly_band closed[] = {
		{ { 1900, 1, 1 }, { 1952, 10, 1 }, 70 },
		{ { 1952, 10, 2 }, { 0, 0, 0 }, 71 },
	};
	static const struct elderly_band ok[] = {
		{ { 0, 0, 0 }, { 1952, 10, 1 }, 70 },
		{ { 1952, 10, 2 }, { 0, 0, 0 }, 71 },
	};
	struct elderly_rules r = { gap, 2, ELDERLY_AGE_EVE, 7000000 };
	struct err e;

	(void)state;
	assert_int_equal(elderly_rules_check(&r, &e), -1);
	assert_int_equal(e.code, E_CONFIG);
	r.bands = overlap;
	assert_int_equal(elderly_rules_check(&r, &e), -1);
	r.bands = closed;
	assert_int_equal(elderly_rules_check(&r, &e), -1);
	r.bands = ok;
	assert_int_equal(elderly_rules_check(&r, &e), 0);
	r.income_ceiling = 0;
	assert_int_equal(elderly_rules_check(&r, &e), -1);
	assert_string_equal(e.field, "income_ceiling");
}

static void
test_start_dates(void **state)
{
	static const struct {
		enum elderly_age_rule rule;
		struct ymd birth, start;
	} t[] = {
		{ ELDERLY_AGE_BIRTH_MONTH, { 1952, 10, 1 }, { 2022, 10, 1 } },
		{ ELDERLY_AGE_BIRTH_MONTH, { 1952, 10, 2 }, { 2023, 10, 1 } },
		{ ELDERLY_AGE_BIRTH_MONTH, { 1956, 10, 2 }, { 2031, 10, 1 } },
		{ ELDERLY_AGE_BIRTH_MONTH, { 1950, 5, 20 }, { 2020, 5, 1 } },
		{ ELDERLY_AGE_EVE, { 1950, 5, 20 }, { 2020, 5, 19 } },
		{ ELDERLY_AGE_EVE, { 1952, 3, 1 }, { 2022, 2, 28 } },
		{ ELDERLY_AGE_BIRTHDAY, { 1950, 5, 20 }, { 2020, 5, 20 } },
		{ ELDERLY_AGE_BIRTHDAY, { 1952, 2, 29 }, { 2022, 3, 1 } },
	};
	struct elderly_rules r = *elderly_default_rules();
	struct ymd start;
	struct err e;
	size_t i;

	(void)state;
	for (i = 0; i < N(t); i++) {
		r.age_rule = t[i].rule;
		assert_int_equal(elderly_start_date(&r, &t[i].birth, &start, &e), 0);
		if (ymd_cmp(&start, &t[i].start) != 0)
			fail_msg("case %zu: %04d-%02d-%02d", i, start.y, start.m,
			    start.d);
	}
}

static struct elderly_applicant
applicant(struct ymd birth, struct ymd ref)
{
	struct elderly_applicant a;

	memset(&a, 0, sizeof a);
	a.birth = birth;
	a.reference = ref;
	a.current_resident = 1;
	a.income = 1500000;
	return a;
}

static void
test_eligibility_r33(void **state)
{
	static const struct {
		struct ymd birth, ref;
		int change;
		enum err_code code;
		const char *field;
	} t[] = {
		{ { 1952, 10, 1 }, { 2022, 10, 1 }, 0, E_OK, "" },
		{ { 1952, 10, 1 }, { 2022, 9, 30 }, 0, E_NOT_ELIGIBLE, "birth_date" },
		{ { 1953, 3, 15 }, { 2024, 3, 1 }, 0, E_OK, "" },	/* band 71 */
		{ { 1953, 3, 15 }, { 2024, 2, 29 }, 0, E_NOT_ELIGIBLE, "birth_date" },
		{ { 1950, 6, 1 }, { 2019, 6, 1 }, 0, E_NOT_ELIGIBLE, "birth_date" },	/* 69 */
		{ { 1945, 1, 1 }, { 2024, 4, 1 }, 1, E_NOT_ELIGIBLE, "resident" },
		{ { 1945, 1, 1 }, { 2024, 4, 1 }, 2, E_NOT_ELIGIBLE, "income" },	/* 7,000,000 */
		{ { 1945, 1, 1 }, { 2024, 4, 1 }, 3, E_OK, "" },		/* 6,999,999 */
		{ { 1945, 1, 1 }, { 2024, 4, 1 }, 4, E_NOT_ELIGIBLE, "welfare_pass" },
		{ { 1945, 1, 1 }, { 2024, 4, 1 }, 5, E_EXISTS, "pass" },
		{ { 1945, 1, 1 }, { 2024, 4, 1 }, 6, E_AMOUNT, "income" },
		{ { 1945, 1, 1 }, { 2024, 2, 30 }, 0, E_DATE_INVALID, "reference_date" },
	};
	const struct elderly_rules *r = elderly_default_rules();
	struct elderly_applicant a;
	struct err e;
	size_t i;
	int rc;

	(void)state;
	for (i = 0; i < N(t); i++) {
		a = applicant(t[i].birth, t[i].ref);
		switch (t[i].change) {
		case 1: a.current_resident = 0; break;
		case 2: a.income = 7000000; break;
		case 3: a.income = 6999999; break;
		case 4: a.welfare_pass = 1; break;
		case 5: a.active_same_year = 1; break;
		case 6: a.income = -1; break;
		}
		err_clear(&e);
		rc = elderly_check_eligibility(r, &a, &e);
		if (rc != (t[i].code == E_OK ? 0 : -1) || e.code != t[i].code ||
		    strcmp(e.field, t[i].field) != 0)
			fail_msg("case %zu: rc %d code %d field [%s]", i, rc,
			    e.code, e.field);
	}
}

/* A fixture table, independent of the sample one (R-67's test). */
static const struct elderly_fee_row fixture_rows[] = {
	{ 2024, 1, 0, 0, 0, 0 },
	{ 2024, 2, 1500, 3000, 4500, 4000 },
	{ 2024, 3, 5000, 9999, 14999, 20000 },
	{ 2025, 2, 2000, 4000, 6000, 5000 },
};
static const struct elderly_fee_table fixture = { fixture_rows, 4 };

static void
test_fee_table(void **state)
{
	static const struct {
		const struct elderly_fee_table *t;
		int year, tier;
		enum elderly_period p;
		long amount;
	} t[] = {
		{ &fixture, 2024, 2, ELDERLY_PERIOD_ONE, 3000 },
		{ &fixture, 2024, 2, ELDERLY_PERIOD_HALF, 1500 },
		{ &fixture, 2024, 2, ELDERLY_PERIOD_ONE_HALF, 4000 },	/* cap */
		{ &fixture, 2025, 2, ELDERLY_PERIOD_ONE_HALF, 5000 },	/* cap */
		{ &fixture, 2025, 2, ELDERLY_PERIOD_ONE, 4000 },
		{ &fixture, 2024, 1, ELDERLY_PERIOD_ONE, 0 },
		{ NULL, 2024, 3, ELDERLY_PERIOD_ONE, 15000 },
		{ NULL, 2024, 5, ELDERLY_PERIOD_ONE, 45000 },
		{ NULL, 2024, 5, ELDERLY_PERIOD_ONE_HALF, 60000 },	/* cap */
		{ NULL, 2025, 4, ELDERLY_PERIOD_HALF, 15000 },
	};
	struct err e;
	size_t i;
	long amount;

	(void)state;
	for (i = 0; i < N(t); i++) {
		amount = -1;
		assert_int_equal(elderly_fee(t[i].t ? t[i].t : elderly_default_fees(),
		    t[i].year, t[i].tier, t[i].p, &amount, &e), 0);
		if (amount != t[i].amount)
			fail_msg("case %zu: %ld, expected %ld", i, amount,
			    t[i].amount);
	}
	assert_int_equal(elderly_fee(&fixture, 2024, 6, ELDERLY_PERIOD_ONE,
	    &amount, &e), -1);
	assert_int_equal(e.code, E_CODE_UNKNOWN);
	assert_string_equal(e.field, "tier");
	/* the sample table covers the fiscal year of today's date and the
	 * next one (a pass applied for in 2026 got "no fee" before) */
	assert_int_equal(elderly_fee(elderly_default_fees(), 2026, 3,
	    ELDERLY_PERIOD_ONE, &amount, &e), 0);
	assert_int_equal(amount, 15000);
	assert_int_equal(elderly_fee(elderly_default_fees(), 2027, 5,
	    ELDERLY_PERIOD_ONE_HALF, &amount, &e), 0);
	assert_int_equal(amount, 60000);
	assert_int_equal(elderly_fee(&fixture, 2030, 2, ELDERLY_PERIOD_ONE,
	    &amount, &e), -1);
	assert_int_equal(e.code, E_CODE_UNKNOWN);
	assert_int_equal(elderly_fee(&fixture, 2024, 2, (enum elderly_period)20,
	    &amount, &e), -1);
	assert_int_equal(e.code, E_CHOICE);
	assert_string_equal(e.field, "period");
}

static void
test_decide_and_recheck(void **state)
{
	struct elderly_fee_decision d, stored;
	struct err e;

	(void)state;
	memset(&d, 0, sizeof d);
	d.year = 2024;
	d.tier = 4;
	d.period = ELDERLY_PERIOD_ONE;
	snprintf(d.reduction, sizeof d.reduction, "03");	/* 50% */
	d.judged_on = YMD(2024, 9, 20);
	assert_int_equal(elderly_decide(elderly_default_fees(),
	    elderly_default_reductions(), &d, &e), 0);
	assert_int_equal(d.table_amount, 30000);
	assert_int_equal(d.capped, 30000);
	assert_int_equal(d.reduced_by, 15000);
	assert_int_equal(d.amount, 15000);
	assert_int_equal(d.judged_on.d, 20);	/* inputs kept */
	assert_int_equal(elderly_recheck(elderly_default_fees(),
	    elderly_default_reductions(), &d, &e), 0);
	stored = d;
	stored.amount = 14000;
	assert_int_equal(elderly_recheck(elderly_default_fees(),
	    elderly_default_reductions(), &stored, &e), -1);
	assert_int_equal(e.code, E_AMOUNT);
	/* Against another table the stored result no longer follows. */
	stored = d;
	stored.tier = 3;
	assert_int_equal(elderly_recheck(&fixture, elderly_default_reductions(),
	    &stored, &e), -1);
	assert_int_equal(e.code, E_AMOUNT);

	/* Cap then reduction, rounded in the city's favour: 30% of 9,999. */
	memset(&d, 0, sizeof d);
	d.year = 2024;
	d.tier = 3;
	d.period = ELDERLY_PERIOD_ONE;
	snprintf(d.reduction, sizeof d.reduction, "09");
	d.judged_on = YMD(2024, 9, 20);
	assert_int_equal(elderly_decide(&fixture, elderly_default_reductions(),
	    &d, &e), 0);
	assert_int_equal(d.reduced_by, 2999);
	assert_int_equal(d.amount, 7000);
	d.period = ELDERLY_PERIOD_ONE_HALF;
	snprintf(d.reduction, sizeof d.reduction, "01");	/* exempt */
	assert_int_equal(elderly_decide(&fixture, elderly_default_reductions(),
	    &d, &e), 0);
	assert_int_equal(d.table_amount, 14999);
	assert_int_equal(d.capped, 14999);
	assert_int_equal(d.amount, 0);
	snprintf(d.reduction, sizeof d.reduction, "77");
	assert_int_equal(elderly_decide(&fixture, elderly_default_reductions(),
	    &d, &e), -1);
	assert_int_equal(e.code, E_CODE_UNKNOWN);
	assert_string_equal(e.field, "reduction");
	d.reduction[0] = '\0';
	d.judged_on = YMD(2024, 4, 31);
	assert_int_equal(elderly_decide(&fixture, NULL, &d, &e), -1);
	assert_string_equal(e.field, "judged_on");
}

static void
test_refund_after_tier_change(void **state)
{
	struct elderly_fee_decision first, again;
	struct err e;
	long refund, due;

	(void)state;
	/* Paid as tier 4 for a year; the tax data puts the person in tier 3. */
	memset(&first, 0, sizeof first);
	first.year = 2024;
	first.tier = 4;
	first.period = ELDERLY_PERIOD_ONE;
	first.judged_on = YMD(2024, 9, 1);
	assert_int_equal(elderly_decide(elderly_default_fees(), NULL, &first, &e), 0);
	again = first;
	again.tier = 3;
	again.judged_on = YMD(2024, 11, 15);
	assert_int_equal(elderly_decide(elderly_default_fees(), NULL, &again, &e), 0);
	assert_int_equal(elderly_refund(first.amount, again.amount, &refund, &due,
	    &e), 0);
	assert_int_equal(refund, 15000);
	assert_int_equal(due, 0);
	/* The other way round: nothing refunded, 15,000 still due. */
	assert_int_equal(elderly_refund(again.amount, first.amount, &refund, &due,
	    &e), 0);
	assert_int_equal(refund, 0);
	assert_int_equal(due, 15000);
	assert_int_equal(elderly_refund(9000, 9000, &refund, NULL, &e), 0);
	assert_int_equal(refund, 0);
	assert_int_equal(elderly_refund(-1, 0, &refund, NULL, &e), -1);
	assert_int_equal(e.code, E_AMOUNT);
	assert_string_equal(e.field, "paid");
}

/* R-33 at both edges of every band: refused the day before the start. */
static void
test_eligibility_every_band_edge(void **state)
{
	const struct elderly_rules *r = elderly_default_rules();
	struct elderly_applicant a;
	struct ymd births[2], start, before;
	struct err e;
	int i, j, age;

	(void)state;
	for (i = 0; i < r->nbands; i++) {
		births[0] = r->bands[i].born_from.y ? r->bands[i].born_from :
		    YMD(1940, 1, 1);
		births[1] = r->bands[i].born_to.y ? r->bands[i].born_to :
		    YMD(1960, 12, 31);
		for (j = 0; j < 2; j++) {
			assert_int_equal(elderly_start_age(r, &births[j], &age, &e), 0);
			assert_int_equal(age, r->bands[i].start_age);
			assert_int_equal(elderly_start_date(r, &births[j], &start, &e), 0);
			/* The 1st of the month of the start-age birthday. */
			assert_int_equal(start.y, births[j].y + age);
			assert_int_equal(start.m, births[j].m);
			assert_int_equal(start.d, 1);
			ymd_from_days(ymd_to_days(&start) - 1, &before);
			a = applicant(births[j], start);
			assert_int_equal(elderly_check_eligibility(r, &a, &e), 0);
			a.reference = before;
			assert_int_equal(elderly_check_eligibility(r, &a, &e), -1);
			assert_int_equal(e.code, E_NOT_ELIGIBLE);
		}
	}
}

/* The sample tables are well formed and every row respects its cap. */
static void
test_sample_tables(void **state)
{
	const struct elderly_fee_table *t = elderly_default_fees();
	const struct elderly_reduction_table *rt = elderly_default_reductions();
	static const enum elderly_period periods[] = {
		ELDERLY_PERIOD_HALF, ELDERLY_PERIOD_ONE, ELDERLY_PERIOD_ONE_HALF
	};
	struct err e;
	long amount, prev;
	int year, tier, i, j, none = 0;

	(void)state;
	for (year = 2024; year <= 2025; year++) {
		for (tier = 1; tier <= 5; tier++) {
			prev = 0;
			for (i = 0; i < 3; i++) {
				assert_int_equal(elderly_fee(t, year, tier, periods[i],
				    &amount, &e), 0);
				assert_true(amount >= prev);
				assert_true(amount <= 60000);
				prev = amount;
			}
		}
	}
	for (i = 0; i < rt->n; i++) {
		assert_true(rt->kinds[i].percent >= 0 && rt->kinds[i].percent <= 100);
		none += rt->kinds[i].code[0] == '\0';
		for (j = i + 1; j < rt->n; j++)
			assert_string_not_equal(rt->kinds[i].code, rt->kinds[j].code);
	}
	assert_int_equal(none, 1);
}

/* Another city's configuration: one age for all, the legal eve rule and
 * a lower ceiling; the rules follow the data, not Kyoto's constants. */
static void
test_other_city_rules(void **state)
{
	static const struct elderly_band one[] = {
		{ { 0, 0, 0 }, { 0, 0, 0 }, 65 },
	};
	struct elderly_rules r = { one, 1, ELDERLY_AGE_EVE, 5000000 };
	struct elderly_applicant a;
	struct err e;

	(void)state;
	assert_int_equal(elderly_rules_check(&r, &e), 0);
	a = applicant(YMD(1959, 6, 10), YMD(2024, 6, 9));	/* the eve of 65 */
	assert_int_equal(elderly_check_eligibility(&r, &a, &e), 0);
	a.reference = YMD(2024, 6, 8);
	assert_int_equal(elderly_check_eligibility(&r, &a, &e), -1);
	assert_int_equal(e.code, E_NOT_ELIGIBLE);
	a.reference = YMD(2024, 6, 9);
	a.income = 5000000;
	assert_int_equal(elderly_check_eligibility(&r, &a, &e), -1);
	assert_string_equal(e.field, "income");
	/* Under Kyoto's rules the same person waits for 75 (born after
	 * 昭和31年10月2日), from 1 June 2034. */
	a.income = 0;
	a.reference = YMD(2034, 5, 31);
	assert_int_equal(elderly_check_eligibility(elderly_default_rules(), &a,
	    &e), -1);
	a.reference = YMD(2034, 6, 1);
	assert_int_equal(elderly_check_eligibility(elderly_default_rules(), &a,
	    &e), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_kyoto_bands_edges),
		cmocka_unit_test(test_bad_tables),
		cmocka_unit_test(test_start_dates),
		cmocka_unit_test(test_eligibility_r33),
		cmocka_unit_test(test_fee_table),
		cmocka_unit_test(test_decide_and_recheck),
		cmocka_unit_test(test_refund_after_tier_change),
		cmocka_unit_test(test_eligibility_every_band_edge),
		cmocka_unit_test(test_sample_tables),
		cmocka_unit_test(test_other_city_rules),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
