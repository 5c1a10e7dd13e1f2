/*
 * What a ledger entry screen computes and shows live equals what the
 * rules API computes on the same inputs: the screens' computations
 * (screen_child_compute, screen_pass_eligibility, screen_pass_fee,
 * screen_vacc_compute) are driven headlessly through the real entry forms
 * — text typed into the fields as a clerk would, 和暦 included — and
 * compared with child_start_month / child_monthly_amounts, elderly_*,
 * elderly_fee / elderly_decide and vaccine_check_dose / vaccine_due_list
 * called directly.
 */
#include "testutil.h"

#include "child.h"
#include "elderly.h"
#include "forms.h"
#include "screen_book.h"
#include "vaccine.h"
#include "wareki.h"

static struct ymd
D(int y, int m, int d)
{
	struct ymd r = { y, m, d };

	return r;
}

/* A form over defs with name=text pairs typed in (NULL ends). */
static struct form *
filled(const struct field_def *defs, size_t n, const char *const *kv)
{
	struct err e;
	struct form *fm = form_new(defs, n, &e);

	assert_non_null(fm);
	for (; kv[0] != NULL; kv += 2)
		assert_int_equal(form_set(fm, kv[0], kv[1]), 0);
	return fm;
}

/* ---- child allowance ----------------------------------------------------- */

static void
same_amounts(const struct child_amounts *a, const struct child_amounts *b)
{
	int i;

	assert_int_equal(a->n, b->n);
	assert_int_equal(a->total, b->total);
	assert_int_equal(a->counted, b->counted);
	for (i = 0; i < a->n; i++) {
		assert_int_equal(a->amount[i], b->amount[i]);
		assert_int_equal(a->rank[i], b->rank[i]);
		assert_int_equal(a->status[i], b->status[i]);
	}
}

/* The rules on a household: start month and the two months' amounts. */
static void
rules_child(const struct child_household *h0, const struct ymd *event,
    const struct ymd *claim, const struct ymd *today, struct ymd *start,
    struct child_amounts *at_start, struct child_amounts *at_now)
{
	struct child_household h = *h0;
	struct ymd now = { today->y, today->m, 1 };
	struct err e;
	int i;

	assert_int_equal(child_start_month(event, claim, start, &e), 0);
	for (i = 0; i < h.n; i++)
		h.child[i].paid_from = *start;
	assert_int_equal(child_monthly_amounts(&h, start, at_start, &e), 0);
	assert_int_equal(child_monthly_amounts(&h, &now, at_now, &e), 0);
}

static void
test_child_fifteen_day_rule(void **state)
{
	size_t n;
	const struct field_def *defs = screen_child_fields(&n);
	/* Born 2024-04-30: claimed 05-15 → May, claimed 05-16 → June. */
	static const char *const claims[][2] = {
		{ "R6.5.15", "2024-05" }, { "令和6年5月16日", "2024-06" },
	};
	struct ymd births[CHILD_SLOTS] = { { 0, 0, 0 } };
	struct ymd today = D(2024, 7, 3), start, event = D(2024, 4, 30), claim;
	struct child_amounts a1, a2;
	struct child_household h;
	struct child_calc c;
	struct err e;
	char m[16];
	size_t i;

	(void)state;
	births[0] = D(2024, 4, 30);
	memset(&h, 0, sizeof h);
	h.claimant = CHILD_CLAIMANT_GENERAL;
	h.n = 1;
	h.child[0].birth = births[0];
	for (i = 0; i < 2; i++) {
		const char *kv[] = { "claim_date", claims[i][0],
		    "event_date", "20240430", "claimant_type", "1",
		    "child1_atena", "0000000001", NULL };
		struct form *fm = filled(defs, n, kv);

		assert_int_equal(screen_child_compute(fm, births, &today, &c), 0);
		assert_true(c.ok);
		snprintf(m, sizeof m, "%04d-%02d", c.start.y, c.start.m);
		assert_string_equal(m, claims[i][1]);
		assert_int_equal(wareki_parse(claims[i][0], &claim, &e), 0);
		rules_child(&h, &event, &claim, &today, &start, &a1, &a2);
		assert_int_equal(ymd_cmp(&start, &c.start), 0);
		same_amounts(&c.at_start, &a1);
		same_amounts(&c.at_now, &a2);
		assert_int_equal(c.at_start.amount[0], CHILD_AMOUNT_UNDER3);
		assert_int_equal(c.slot[0], 0);
		assert_int_equal(c.slot[1], -1);
		form_free(&fm);
	}
}

static void
test_child_third_child_and_gaps(void **state)
{
	size_t n;
	const struct field_def *defs = screen_child_fields(&n);
	/* Slots 1, 3 and 4 filled (2 left empty): a 20-year-old supported
	 * student, a 10-year-old and a 2-year-old.  The youngest is the
	 * third counted child: ¥30,000; the student counts but is not paid. */
	const char *kv[] = { "claim_date", "2026-11-10", "claimant_type", "1",
	    "child1_atena", "0000000001", "child1_supported", "1",
	    "child3_atena", "0000000003", "child4_atena", "0000000004", NULL };
	struct ymd births[CHILD_SLOTS] = { { 0, 0, 0 } };
	struct ymd today = D(2026, 11, 22), start, claim = D(2026, 11, 10);
	struct child_amounts a1, a2;
	struct child_household h;
	struct child_calc c;
	struct form *fm = filled(defs, n, kv);

	(void)state;
	births[0] = D(2006, 6, 1);
	births[2] = D(2016, 2, 29);
	births[3] = D(2024, 9, 9);
	memset(&h, 0, sizeof h);
	h.claimant = CHILD_CLAIMANT_GENERAL;
	h.n = 3;
	h.child[0].birth = births[0];
	h.child[0].supported = 1;
	h.child[1].birth = births[2];
	h.child[2].birth = births[3];
	assert_int_equal(screen_child_compute(fm, births, &today, &c), 0);
	rules_child(&h, NULL, &claim, &today, &start, &a1, &a2);
	assert_int_equal(ymd_cmp(&start, &c.start), 0);
	same_amounts(&c.at_start, &a1);
	same_amounts(&c.at_now, &a2);
	assert_int_equal(c.slot[0], 0);
	assert_int_equal(c.slot[1], -1);
	assert_int_equal(c.slot[2], 1);
	assert_int_equal(c.slot[3], 2);
	assert_int_equal(c.at_start.amount[2], CHILD_AMOUNT_THIRD);
	assert_int_equal(c.at_start.rank[2], 3);
	assert_int_equal(c.at_start.amount[0], 0);
	assert_int_equal(c.at_start.total,
	    CHILD_AMOUNT_STANDARD + CHILD_AMOUNT_THIRD);
	/* Today's month is before the start month: nothing paid yet. */
	assert_int_equal(c.at_now.total, 0);
	/* Without the supported flag the student no longer counts. */
	assert_int_equal(form_set(fm, "child1_supported", "0"), 0);
	h.child[0].supported = 0;
	assert_int_equal(screen_child_compute(fm, births, &today, &c), 0);
	rules_child(&h, NULL, &claim, &today, &start, &a1, &a2);
	same_amounts(&c.at_start, &a1);
	assert_int_equal(c.at_start.amount[2], CHILD_AMOUNT_UNDER3);
	form_free(&fm);
}

static void
test_child_refusals(void **state)
{
	size_t n;
	const struct field_def *defs = screen_child_fields(&n);
	const char *ps[] = { "claim_date", "2026-11-10", "claimant_type", "2",
	    "child1_atena", "0000000001", NULL };
	const char *early[] = { "claim_date", "2026-11-01", "event_date",
	    "2026-11-02", "claimant_type", "1", "child1_atena", "1", NULL };
	const char *none[] = { "claimant_type", "1", NULL };
	struct ymd births[CHILD_SLOTS] = { { 0, 0, 0 } };
	struct ymd today = D(2026, 11, 22);
	struct child_calc c;
	struct form *fm;

	(void)state;
	births[0] = D(2025, 1, 1);
	fm = filled(defs, n, ps);
	assert_int_equal(screen_child_compute(fm, births, &today, &c), -1);
	assert_false(c.ok);
	assert_int_equal(c.e.code, E_PUBLIC_SERVANT);
	form_free(&fm);
	fm = filled(defs, n, early);
	assert_int_equal(screen_child_compute(fm, births, &today, &c), -1);
	assert_int_equal(c.e.code, E_DATE_RANGE);
	assert_string_equal(c.e.field, "claim_date");
	form_free(&fm);
	fm = filled(defs, n, none);
	assert_int_equal(screen_child_compute(fm, births, &today, &c), -1);
	assert_int_equal(c.e.code, E_REQUIRED);
	form_free(&fm);
}

/* ---- elderly pass ---------------------------------------------------------- */

static void
test_pass_eligibility(void **state)
{
	size_t n;
	const struct field_def *defs = screen_pass_fields(&n);
	const struct elderly_rules *r = elderly_default_rules();
	/* Both edges of the 昭和27年10月1日 / 10月2日 band and the last one,
	 * applied on 2026-11-20 (和暦 typed), with and without income over
	 * the ceiling and a welfare pass. */
	static const struct {
		struct ymd birth;
		const char *income, *welfare;
		int start_age, eligible;
	} cases[] = {
		{ { 1952, 10, 1 }, "0", "0", 70, 1 },
		{ { 1952, 10, 2 }, "0", "0", 71, 1 },
		{ { 1956, 10, 2 }, "0", "0", 75, 0 },
		{ { 1957, 5, 1 }, "0", "0", 75, 0 },
		{ { 1940, 1, 1 }, "7000000", "0", 70, 0 },
		{ { 1940, 1, 1 }, "6999999", "0", 70, 1 },
		{ { 1940, 1, 1 }, "0", "1", 70, 0 },
	};
	struct elderly_applicant ap;
	struct pass_calc c;
	struct ymd start;
	struct err e;
	size_t i;
	int age;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const char *kv[] = { "apply_date", "R8.11.20",
		    "income", cases[i].income, "welfare_pass", cases[i].welfare,
		    NULL };
		struct form *fm = filled(defs, n, kv);

		assert_int_equal(screen_pass_eligibility(fm, &cases[i].birth, &c), 0);
		assert_int_equal(elderly_start_age(r, &cases[i].birth, &age, &e), 0);
		assert_int_equal(elderly_start_date(r, &cases[i].birth, &start, &e), 0);
		assert_int_equal(c.start_age, age);
		assert_int_equal(c.start_age, cases[i].start_age);
		assert_int_equal(ymd_cmp(&c.start_date, &start), 0);
		memset(&ap, 0, sizeof ap);
		ap.birth = cases[i].birth;
		ap.reference = D(2026, 11, 20);
		ap.current_resident = 1;
		ap.income = atol(cases[i].income);
		ap.welfare_pass = cases[i].welfare[0] == '1';
		assert_int_equal(elderly_check_eligibility(r, &ap, &e) == 0,
		    c.eligible);
		assert_int_equal(c.eligible, cases[i].eligible);
		if (!c.eligible)
			assert_string_equal(c.e.field, e.field);
		assert_int_equal(c.age, ymd_age(&cases[i].birth, &ap.reference));
		form_free(&fm);
	}
}

static void
test_pass_reference_date(void **state)
{
	size_t n;
	const struct field_def *defs = screen_pass_fields(&n);
	/* 判定基準日 given: it, not the application date, is judged on. */
	const char *kv[] = { "apply_date", "2026-11-20",
	    "reference_date", "H31.4.30", NULL };
	const char *none[] = { "income", "0", NULL };
	struct ymd birth = { 1940, 6, 1 };
	struct pass_calc c;
	struct form *fm = filled(defs, n, kv);

	(void)state;
	assert_int_equal(screen_pass_eligibility(fm, &birth, &c), 0);
	assert_int_equal(ymd_cmp(&c.reference, &(struct ymd){ 2019, 4, 30 }), 0);
	assert_int_equal(c.age, 78);
	form_free(&fm);
	fm = filled(defs, n, none);
	assert_int_equal(screen_pass_eligibility(fm, &birth, &c), -1);
	assert_int_equal(c.eligible, -1);
	assert_true(c.age_ok);
	form_free(&fm);
}

static void
test_pass_fee(void **state)
{
	size_t n;
	const struct field_def *defs = screen_pass_fee_fields(&n);
	const struct elderly_fee_table *fees = elderly_default_fees();
	static const struct {
		const char *tier, *period, *reduction;
		enum elderly_period p;
	} cases[] = {
		{ "3", "1", "", ELDERLY_PERIOD_HALF },
		{ "3", "2", "", ELDERLY_PERIOD_ONE },
		{ "5", "3", "", ELDERLY_PERIOD_ONE_HALF },
		{ "4", "2", "03", ELDERLY_PERIOD_ONE },
		{ "2", "3", "09", ELDERLY_PERIOD_ONE_HALF },
	};
	struct elderly_fee_decision d, want;
	struct err e;
	long amount;
	size_t i;
	int year = fees->rows[0].year;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const char *kv[] = { "tier", cases[i].tier, "period",
		    cases[i].period, "reduction", cases[i].reduction,
		    "judged_on", "R6.6.1", NULL };
		struct form *fm = filled(defs, n, kv);

		assert_int_equal(screen_pass_fee(fm, fees, year, &d, &e), 0);
		memset(&want, 0, sizeof want);
		want.year = year;
		want.tier = atoi(cases[i].tier);
		want.period = cases[i].p;
		snprintf(want.reduction, sizeof want.reduction, "%s",
		    cases[i].reduction);
		want.judged_on = D(2024, 6, 1);
		assert_int_equal(elderly_decide(fees,
		    elderly_default_reductions(), &want, &e), 0);
		assert_int_equal(d.period, want.period);
		assert_int_equal(ymd_cmp(&d.judged_on, &want.judged_on), 0);
		assert_int_equal(d.table_amount, want.table_amount);
		assert_int_equal(d.cap, want.cap);
		assert_int_equal(d.reduced_by, want.reduced_by);
		assert_int_equal(d.amount, want.amount);
		/* Without a reduction it is the table's fee for the period. */
		assert_int_equal(elderly_fee(fees, year, want.tier, want.period,
		    &amount, &e), 0);
		if (cases[i].reduction[0] == '\0')
			assert_int_equal(d.amount, amount);
		else
			assert_true(d.amount < amount);
		form_free(&fm);
	}
}

static void
test_pass_fee_refusals(void **state)
{
	size_t n;
	const struct field_def *defs = screen_pass_fee_fields(&n);
	const struct elderly_fee_table *fees = elderly_default_fees();
	const char *notier[] = { "tier", "99", "period", "2", "judged_on",
	    "2024-06-01", NULL };
	const char *nodate[] = { "tier", "2", "period", "2", NULL };
	struct elderly_fee_decision d;
	struct err e;
	struct form *fm;

	(void)state;
	fm = filled(defs, n, notier);
	assert_int_equal(screen_pass_fee(fm, fees, fees->rows[0].year, &d, &e), -1);
	assert_int_equal(e.code, E_CODE_UNKNOWN);
	assert_string_equal(e.field, "tier");
	form_free(&fm);
	fm = filled(defs, n, nodate);
	assert_int_equal(screen_pass_fee(fm, fees, fees->rows[0].year, &d, &e), -1);
	assert_string_equal(e.field, "judged_on");
	form_free(&fm);
}

/* ---- vaccination -------------------------------------------------------- */

static void
test_vacc_dose_check(void **state)
{
	size_t n;
	const struct field_def *defs = screen_vacc_fields(&n);
	const struct vaccine_table *vt = vaccine_default_table();
	struct vaccine_person p = { { 2025, 8, 10 }, 1 };
	struct vaccine_dose hist[1];
	struct ymd today = D(2026, 11, 22);
	/* code, dose, date typed, expected result (0, 1 alert, -1) and code */
	static const struct {
		const char *code, *dose, *date, *expiry;
		int rc;
		enum err_code err;
	} cases[] = {
		{ "VAR", "2", "R8.11.20", "", -1, E_INTERVAL },	/* 10 days after 1 */
		{ "VAR", "2", "20261111", "", 0, E_OK },	/* 3 months after */
		{ "HIB", "2", "2026-11-01", "", -1, E_REQUIRED },	/* no dose 1 */
		{ "BCG", "1", "2026-11-01", "", 1, E_VACCINE_WINDOW },
		{ "MR1", "1", "2026-11-01", "2026-10-31", -1, E_LOT_EXPIRED },
		{ "MR1", "1", "2025-08-01", "", -1, E_DATE_RANGE },	/* before birth */
		{ "XX", "1", "2026-11-01", "", -1, E_CODE_UNKNOWN },
	};
	struct vacc_calc c;
	struct err e;
	size_t i;

	(void)state;
	memset(hist, 0, sizeof hist);
	snprintf(hist[0].code, sizeof hist[0].code, "VAR");
	hist[0].dose_no = 1;
	hist[0].date = D(2026, 8, 10);
	snprintf(hist[0].lot, sizeof hist[0].lot, "L1");
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const char *kv[] = { "vaccine_code", cases[i].code,
		    "dose_no", cases[i].dose, "date", cases[i].date,
		    "lot", "LOT", "lot_expiry", cases[i].expiry, NULL };
		struct form *fm = filled(defs, n, kv);
		struct vaccine_dose d;
		int rc;

		/* The VAR history is dose 1 on 2026-08-10; the first case
		 * dates dose 2 ten days after it instead. */
		if (i == 0)
			hist[0].date = D(2026, 11, 10);
		else
			hist[0].date = D(2026, 8, 10);
		screen_vacc_compute(fm, &p, hist, 1, &today, &c);
		memset(&d, 0, sizeof d);
		snprintf(d.code, sizeof d.code, "%s", cases[i].code);
		d.dose_no = atoi(cases[i].dose);
		assert_int_equal(wareki_parse(cases[i].date, &d.date, &e), 0);
		snprintf(d.lot, sizeof d.lot, "LOT");
		if (cases[i].expiry[0] != '\0')
			assert_int_equal(wareki_parse(cases[i].expiry,
			    &d.lot_expiry, &e), 0);
		err_clear(&e);
		rc = vaccine_check_dose(vt, &p, hist, 1, &d, &today, &e);
		assert_int_equal(rc, cases[i].rc);
		if (cases[i].err == E_CODE_UNKNOWN) {
			assert_false(c.checked);
			assert_int_equal(c.e.code, E_CODE_UNKNOWN);
		} else {
			assert_true(c.checked);
			assert_int_equal(c.rc, rc);
			assert_int_equal(c.e.code, e.code);
			assert_string_equal(c.e.field, e.field);
		}
		if (rc != 0)
			assert_int_equal(e.code, cases[i].err);
		form_free(&fm);
	}
}

static void
test_vacc_due_status(void **state)
{
	size_t n;
	const struct field_def *defs = screen_vacc_fields(&n);
	const struct vaccine_table *vt = vaccine_default_table();
	struct vaccine_person p = { { 2025, 8, 10 }, 2 };
	struct ymd today = D(2026, 11, 22), from, until;
	struct vaccine_due due[32];
	const char *codes[] = { "MR1", "VAR", "HIB", "BCG", "JE1" };
	struct vacc_calc c;
	struct err e;
	size_t i;
	int j, count, found;

	(void)state;
	assert_int_equal(vaccine_due_list(vt, &p, NULL, 0, &today, NULL, due,
	    32, &count, &e), 0);
	for (i = 0; i < sizeof codes / sizeof codes[0]; i++) {
		const char *kv[] = { "vaccine_code", codes[i], NULL };
		struct form *fm = filled(defs, n, kv);

		screen_vacc_compute(fm, &p, NULL, 0, &today, &c);
		assert_false(c.checked);
		found = 0;
		for (j = 0; j < count && j < 32; j++)
			if (strcmp(due[j].type->code, codes[i]) == 0) {
				found = 1;
				assert_int_equal(c.due.status, due[j].status);
				assert_int_equal(c.due.dose_no, due[j].dose_no);
				assert_int_equal(ymd_cmp(&c.due.from, &due[j].from), 0);
			}
		assert_int_equal(c.due_found, found);
		assert_int_equal(vaccine_window(vaccine_find(vt, codes[i]),
		    &p.birth, &from, &until, &e), 0);
		assert_true(c.window_ok);
		assert_int_equal(ymd_cmp(&c.from, &from), 0);
		assert_int_equal(ymd_cmp(&c.until, &until), 0);
		form_free(&fm);
	}
	/* MR1 is due for a child of 15 months; BCG's window has closed. */
	{
		const char *kv[] = { "vaccine_code", "MR1", NULL };
		struct form *fm = filled(defs, n, kv);

		screen_vacc_compute(fm, &p, NULL, 0, &today, &c);
		assert_true(c.due_found);
		assert_int_equal(c.due.dose_no, 1);
		form_free(&fm);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_child_fifteen_day_rule),
		cmocka_unit_test(test_child_third_child_and_gaps),
		cmocka_unit_test(test_child_refusals),
		cmocka_unit_test(test_pass_eligibility),
		cmocka_unit_test(test_pass_reference_date),
		cmocka_unit_test(test_pass_fee),
		cmocka_unit_test(test_pass_fee_refusals),
		cmocka_unit_test(test_vacc_dose_check),
		cmocka_unit_test(test_vacc_due_status),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
