/*
 * Unit tests for ledger/child.c: the October 2024 child allowance rules
 * with dated cases — the 15-day start rule (issue 4's 2024-04-30 birth),
 * even-month payments, the 3rd-birthday month, the 18 and 22 fiscal-year
 * limits (1 April vs 2 April births), the third-child amount and its
 * counting, public-servant refusal, R-29/R-30 completeness, decisions and
 * the 現況届 flag.
 */
#include "testutil.h"

#include "child.h"
#include "err.h"

#define YMD(y, m, d)	((struct ymd){ (y), (m), (d) })
#define N(a)		(sizeof (a) / sizeof (a)[0])

static struct child_entry
kid(int y, int m, int d)
{
	struct child_entry c;

	memset(&c, 0, sizeof c);
	c.birth = YMD(y, m, d);
	return c;
}

static void
month_is(const struct ymd *got, int y, int m, const char *what)
{
	if (got->y != y || got->m != m)
		fail_msg("%s: got %04d-%02d, expected %04d-%02d", what, got->y,
		    got->m, y, m);
}

static void
test_start_month_15_days(void **state)
{
	static const struct {
		struct ymd event, claim;
		int y, m;
	} t[] = {
		{ { 2024, 4, 30 }, { 2024, 5, 15 }, 2024, 5 },	/* issue 4: day 15 */
		{ { 2024, 4, 30 }, { 2024, 5, 16 }, 2024, 6 },	/* issue 4: day 16 */
		{ { 2024, 4, 30 }, { 2024, 4, 30 }, 2024, 5 },	/* same day */
		{ { 0, 0, 0 }, { 2024, 5, 16 }, 2024, 6 },	/* no event */
		{ { 2024, 12, 20 }, { 2025, 1, 4 }, 2025, 1 },	/* across the year */
		{ { 2024, 12, 20 }, { 2025, 1, 5 }, 2025, 2 },
		{ { 2024, 2, 14 }, { 2024, 2, 29 }, 2024, 3 },	/* leap day, 15 */
		{ { 2023, 2, 14 }, { 2023, 3, 1 }, 2023, 3 },	/* common year, 15 */
		{ { 2023, 2, 14 }, { 2023, 3, 2 }, 2023, 4 },
		{ { 2024, 3, 1 }, { 2024, 6, 10 }, 2024, 7 },	/* late claim */
	};
	struct ymd start;
	struct err e;
	size_t i;
	char what[32];

	(void)state;
	for (i = 0; i < N(t); i++) {
		err_clear(&e);
		assert_int_equal(child_start_month(&t[i].event, &t[i].claim,
		    &start, &e), 0);
		snprintf(what, sizeof what, "case %zu", i);
		month_is(&start, t[i].y, t[i].m, what);
	}
	assert_int_equal(child_start_month(NULL, &YMD(2024, 5, 16), &start, &e), 0);
	month_is(&start, 2024, 6, "NULL event");
}

static void
test_start_month_errors(void **state)
{
	struct ymd start;
	struct err e;

	(void)state;
	assert_int_equal(child_start_month(&YMD(2024, 5, 2), &YMD(2024, 5, 1),
	    &start, &e), -1);
	assert_int_equal(e.code, E_DATE_RANGE);
	assert_string_equal(e.field, "claim_date");
	assert_int_equal(child_start_month(NULL, &YMD(2023, 2, 30), &start, &e), -1);
	assert_int_equal(e.code, E_DATE_INVALID);
	assert_int_equal(child_start_month(&YMD(2023, 13, 1), &YMD(2023, 2, 3),
	    &start, &e), -1);
	assert_string_equal(e.field, "event_date");
}

static void
test_end_month(void **state)
{
	struct ymd end;

	(void)state;
	child_end_month(&YMD(2024, 9, 30), &end);
	month_is(&end, 2024, 9, "moved out 09-30");
	child_end_month(&YMD(2024, 10, 1), &end);
	month_is(&end, 2024, 10, "moved out 10-01");
}

static void
test_payment_month(void **state)
{
	static const struct {
		struct ymd month;
		int y, m;
	} t[] = {
		{ { 2024, 4, 1 }, 2024, 6 }, { { 2024, 5, 1 }, 2024, 6 },
		{ { 2024, 10, 1 }, 2024, 12 }, { { 2024, 11, 1 }, 2024, 12 },
		{ { 2024, 12, 1 }, 2025, 2 }, { { 2025, 1, 1 }, 2025, 2 },
		{ { 2025, 2, 1 }, 2025, 4 }, { { 2025, 3, 1 }, 2025, 4 },
		{ { 2024, 7, 31 }, 2024, 8 },	/* the day is ignored */
	};
	struct ymd pay;
	size_t i;
	char what[32];

	(void)state;
	for (i = 0; i < N(t); i++) {
		child_payment_month(&t[i].month, &pay);
		snprintf(what, sizeof what, "case %zu", i);
		month_is(&pay, t[i].y, t[i].m, what);
	}
}

static void
test_payment_schedule(void **state)
{
	static const int pay[6][2] = {
		{ 2024, 6 }, { 2024, 8 }, { 2024, 10 }, { 2024, 12 }, { 2025, 2 },
		{ 2025, 4 }
	};
	static const int cov[6][4] = {
		{ 2024, 4, 2024, 5 }, { 2024, 6, 2024, 7 }, { 2024, 8, 2024, 9 },
		{ 2024, 10, 2024, 11 }, { 2024, 12, 2025, 1 }, { 2025, 2, 2025, 3 }
	};
	struct child_payment s[6];
	int i;

	(void)state;
	child_payment_schedule(2024, s);
	for (i = 0; i < 6; i++) {
		month_is(&s[i].pay, pay[i][0], pay[i][1], "pay");
		month_is(&s[i].covers[0], cov[i][0], cov[i][1], "first month");
		month_is(&s[i].covers[1], cov[i][2], cov[i][3], "second month");
	}
}

static void
test_age_limits(void **state)
{
	static const struct {
		struct ymd birth;
		int age, y;
	} t[] = {
		{ { 2006, 4, 1 }, 18, 2024 },	/* reaches 18 on 2024-03-31 */
		{ { 2006, 4, 2 }, 18, 2025 },	/* reaches 18 on 2024-04-01 */
		{ { 2006, 3, 31 }, 18, 2024 },
		{ { 2008, 2, 29 }, 18, 2026 },
		{ { 2006, 1, 1 }, 18, 2024 },	/* reaches 18 on 2023-12-31 */
		{ { 2002, 4, 1 }, 22, 2024 },
		{ { 2002, 4, 2 }, 22, 2025 },
	};
	struct ymd l;
	size_t i;

	(void)state;
	for (i = 0; i < N(t); i++) {
		child_age_limit(&t[i].birth, t[i].age, &l);
		if (l.y != t[i].y || l.m != 3 || l.d != 31)
			fail_msg("case %zu: %04d-%02d-%02d, expected %d-03-31",
			    i, l.y, l.m, l.d, t[i].y);
	}
}

/* One child alone: amount for each month. */
static void
test_single_child_months(void **state)
{
	static const struct {
		struct ymd birth, month;
		int amount;
		enum child_status st;
	} t[] = {
		{ { 2024, 4, 30 }, { 2024, 5, 1 }, 15000, CHILD_ST_PAID },
		{ { 2024, 4, 30 }, { 2024, 3, 1 }, 0, CHILD_ST_UNBORN },
		{ { 2021, 6, 15 }, { 2024, 6, 1 }, 15000, CHILD_ST_PAID },	/* 3rd birthday month */
		{ { 2021, 6, 15 }, { 2024, 7, 1 }, 10000, CHILD_ST_PAID },
		{ { 2021, 6, 1 }, { 2024, 6, 1 }, 15000, CHILD_ST_PAID },	/* 月の初日 */
		{ { 2021, 6, 1 }, { 2024, 7, 1 }, 10000, CHILD_ST_PAID },
		{ { 2006, 4, 2 }, { 2025, 3, 1 }, 10000, CHILD_ST_PAID },	/* 18 limit's March */
		{ { 2006, 4, 2 }, { 2025, 4, 1 }, 0, CHILD_ST_OVER18 },
		{ { 2006, 4, 1 }, { 2024, 3, 1 }, 10000, CHILD_ST_PAID },
		{ { 2006, 4, 1 }, { 2024, 4, 1 }, 0, CHILD_ST_OVER18 },
	};
	struct child_household h;
	struct child_amounts a;
	struct err e;
	size_t i;

	(void)state;
	for (i = 0; i < N(t); i++) {
		memset(&h, 0, sizeof h);
		h.claimant = CHILD_CLAIMANT_GENERAL;
		h.n = 1;
		h.child[0] = kid(t[i].birth.y, t[i].birth.m, t[i].birth.d);
		assert_int_equal(child_monthly_amounts(&h, &t[i].month, &a, &e), 0);
		if (a.amount[0] != t[i].amount || a.status[0] != t[i].st ||
		    a.total != t[i].amount)
			fail_msg("case %zu: amount %d status %d total %ld", i,
			    a.amount[0], a.status[0], a.total);
	}
}

static void
check_amounts(const struct child_household *h, struct ymd month,
    const int *amount, const int *rank, long total)
{
	struct child_amounts a;
	struct err e;
	int i;

	err_clear(&e);
	if (child_monthly_amounts(h, &month, &a, &e) != 0)
		fail_msg("refused: %d %s", e.code, e.detail);
	for (i = 0; i < h->n; i++)
		if (a.amount[i] != amount[i] || a.rank[i] != rank[i])
			fail_msg("%04d-%02d child %d: amount %d rank %d, expected "
			    "%d rank %d", month.y, month.m, i, a.amount[i],
			    a.rank[i], amount[i], rank[i]);
	assert_int_equal(a.total, total);
}

static void
test_third_child(void **state)
{
	struct child_household h;

	(void)state;
	memset(&h, 0, sizeof h);
	h.claimant = CHILD_CLAIMANT_GENERAL;
	h.n = 4;
	/* Listed youngest first: the rank follows age, not the order. */
	h.child[0] = kid(2023, 6, 1);
	h.child[1] = kid(2020, 1, 15);
	h.child[2] = kid(2014, 8, 10);
	h.child[3] = kid(2010, 5, 1);
	check_amounts(&h, YMD(2024, 11, 1), (int[]){ 30000, 30000, 10000, 10000 },
	    (int[]){ 4, 3, 2, 1 }, 80000);
}

static void
test_third_child_counting_22(void **state)
{
	struct child_household h;

	(void)state;
	memset(&h, 0, sizeof h);
	h.claimant = CHILD_CLAIMANT_GENERAL;
	h.n = 3;
	h.child[0] = kid(2004, 7, 1);	/* 18 limit 2023-03, 22 limit 2027-03 */
	h.child[1] = kid(2012, 9, 9);
	h.child[2] = kid(2022, 12, 5);	/* under 3 until 2025-12 */
	h.child[0].supported = 1;
	check_amounts(&h, YMD(2024, 11, 1), (int[]){ 0, 10000, 30000 },
	    (int[]){ 1, 2, 3 }, 40000);
	/* Not supported: the eldest does not count; the youngest is second. */
	h.child[0].supported = 0;
	check_amounts(&h, YMD(2024, 11, 1), (int[]){ 0, 10000, 15000 },
	    (int[]){ 0, 1, 2 }, 25000);
}

static void
test_22_limit_edge(void **state)
{
	struct child_household h;

	(void)state;
	memset(&h, 0, sizeof h);
	h.claimant = CHILD_CLAIMANT_GENERAL;
	h.n = 3;
	h.child[0] = kid(2002, 4, 2);	/* 22 limit 2025-03-31 */
	h.child[0].supported = 1;
	h.child[1] = kid(2010, 1, 20);
	h.child[2] = kid(2016, 5, 5);
	check_amounts(&h, YMD(2025, 3, 1), (int[]){ 0, 10000, 30000 },
	    (int[]){ 1, 2, 3 }, 40000);
	check_amounts(&h, YMD(2025, 4, 1), (int[]){ 0, 10000, 10000 },
	    (int[]){ 0, 1, 2 }, 20000);
	/* Born a day earlier, the limit is a year earlier. */
	h.child[0] = kid(2002, 4, 1);
	h.child[0].supported = 1;
	check_amounts(&h, YMD(2024, 3, 1), (int[]){ 0, 10000, 30000 },
	    (int[]){ 1, 2, 3 }, 40000);
	check_amounts(&h, YMD(2024, 4, 1), (int[]){ 0, 10000, 10000 },
	    (int[]){ 0, 1, 2 }, 20000);
}

static void
test_twins_and_18_limit(void **state)
{
	struct child_household h;

	(void)state;
	memset(&h, 0, sizeof h);
	h.claimant = CHILD_CLAIMANT_GENERAL;
	h.n = 3;
	h.child[0] = kid(2006, 4, 2);	/* 18 limit 2025-03-31 */
	h.child[1] = kid(2015, 7, 7);	/* twins, in the household's order */
	h.child[2] = kid(2015, 7, 7);
	check_amounts(&h, YMD(2025, 3, 1), (int[]){ 10000, 10000, 30000 },
	    (int[]){ 1, 2, 3 }, 50000);
	/* April: the eldest neither paid nor counted (not supported). */
	check_amounts(&h, YMD(2025, 4, 1), (int[]){ 0, 10000, 10000 },
	    (int[]){ 0, 1, 2 }, 20000);
}

static void
test_paid_from_until(void **state)
{
	struct child_household h;
	struct child_amounts a;
	struct err e;

	(void)state;
	memset(&h, 0, sizeof h);
	h.claimant = CHILD_CLAIMANT_GENERAL;
	h.n = 3;
	h.child[0] = kid(2012, 5, 1);
	h.child[0].paid_until = YMD(2024, 9, 1);	/* left the household in Sept */
	h.child[1] = kid(2016, 5, 1);
	h.child[2] = kid(2024, 4, 30);
	h.child[2].paid_from = YMD(2024, 6, 1);	/* claimed 2024-05-16 */
	check_amounts(&h, YMD(2024, 5, 1), (int[]){ 10000, 10000, 0 },
	    (int[]){ 1, 2, 3 }, 20000);
	check_amounts(&h, YMD(2024, 6, 1), (int[]){ 10000, 10000, 30000 },
	    (int[]){ 1, 2, 3 }, 50000);
	check_amounts(&h, YMD(2024, 9, 1), (int[]){ 10000, 10000, 30000 },
	    (int[]){ 1, 2, 3 }, 50000);
	check_amounts(&h, YMD(2024, 10, 1), (int[]){ 0, 10000, 15000 },
	    (int[]){ 0, 1, 2 }, 25000);
	assert_int_equal(child_monthly_amounts(&h, &YMD(2024, 5, 1), &a, &e), 0);
	assert_int_equal(a.status[2], CHILD_ST_NOT_STARTED);
	assert_int_equal(child_monthly_amounts(&h, &YMD(2024, 10, 1), &a, &e), 0);
	assert_int_equal(a.status[0], CHILD_ST_ENDED);
	assert_int_equal(a.counted, 2);
}

static void
test_payment_amount(void **state)
{
	struct child_household h;
	struct err e;
	long amount;

	(void)state;
	memset(&h, 0, sizeof h);
	h.claimant = CHILD_CLAIMANT_GENERAL;
	h.n = 1;
	h.child[0] = kid(2021, 10, 10);	/* 3rd birthday in October 2024 */
	assert_int_equal(child_payment_amount(&h, &YMD(2024, 12, 1), &amount, &e), 0);
	assert_int_equal(amount, 25000);	/* Oct 15,000 + Nov 10,000 */
	assert_int_equal(child_payment_amount(&h, &YMD(2024, 10, 1), &amount, &e), 0);
	assert_int_equal(amount, 30000);
	assert_int_equal(child_payment_amount(&h, &YMD(2024, 11, 1), &amount, &e), -1);
	assert_int_equal(e.code, E_CHOICE);
	assert_string_equal(e.field, "pay_month");
}

static void
test_household_errors(void **state)
{
	struct child_household h;
	struct child_amounts a;
	struct err e;

	(void)state;
	memset(&h, 0, sizeof h);
	h.claimant = CHILD_CLAIMANT_PUBLIC_SERVANT;
	h.n = 1;
	h.child[0] = kid(2020, 1, 1);
	assert_int_equal(child_monthly_amounts(&h, &YMD(2024, 11, 1), &a, &e), -1);
	assert_int_equal(e.code, E_PUBLIC_SERVANT);
	assert_string_equal(e.field, "claimant_type");
	assert_non_null(strstr(e.detail, "employer"));
	h.claimant = CHILD_CLAIMANT_GENERAL;
	assert_int_equal(child_monthly_amounts(&h, &YMD(2024, 13, 1), &a, &e), -1);
	assert_int_equal(e.code, E_DATE_INVALID);
	assert_string_equal(e.field, "month");
	h.child[0] = kid(2023, 2, 30);
	assert_int_equal(child_monthly_amounts(&h, &YMD(2024, 11, 1), &a, &e), -1);
	assert_string_equal(e.field, "children[0].birth");
	h.child[0] = kid(2020, 1, 1);
	h.n = CHILD_MAX + 1;
	assert_int_equal(child_monthly_amounts(&h, &YMD(2024, 11, 1), &a, &e), -1);
	assert_int_equal(e.code, E_TOO_LONG);
}

static struct child_claim
valid_claim(void)
{
	struct child_claim c;

	memset(&c, 0, sizeof c);
	c.claimant = CHILD_CLAIMANT_GENERAL;
	c.claim_date = YMD(2024, 5, 15);
	c.event_date = YMD(2024, 4, 30);
	c.channel = CHILD_CHANNEL_COUNTER;
	c.applicant = CHILD_APPLICANT_SELF;
	c.id_doc = CHILD_ID_MYNUMBER_CARD;
	c.claimant_mynumber = "1234 5678 9018";
	c.claimant_mn_method = CHILD_MN_CARD;
	c.n = 1;
	c.child[0].mynumber = "621498320257";
	c.child[0].mn_method = CHILD_MN_REGISTER;
	return c;
}

static void
test_claim_r29_r30(void **state)
{
	static const struct {
		int change;
		enum err_code code;
		const char *field;
	} t[] = {
		{ 0, E_OK, "" },
		{ 1, E_REQUIRED, "poa_seen" },		/* agent without 委任状 */
		{ 2, E_OK, "" },			/* agent with 委任状 */
		{ 3, E_REQUIRED, "id_copy_attached" },	/* mail without ID copy */
		{ 4, E_OK, "" },
		{ 5, E_REQUIRED, "signature_verified" },
		{ 6, E_REQUIRED, "channel" },
		{ 7, E_REQUIRED, "id_document" },
		{ 8, E_REQUIRED, "claimant_mn_method" },	/* */
		{ 9, E_MYNUMBER_CHECK, "claimant_my_number" },
		{ 10, E_MYNUMBER_CHECK, "children[0].my_number" },
		{ 11, E_REQUIRED, "children[0].mn_method" },
		{ 12, E_MYNUMBER_REPEATED, "claimant_my_number" },
		{ 13, E_OK, "" },			/* repeated, confirmed */
		{ 14, E_DATE_RANGE, "claim_date" },
		{ 15, E_REQUIRED, "claimant_my_number" },
		{ 16, E_PUBLIC_SERVANT, "claimant_type" },
		{ 17, E_OK, "" },			/* child without a number */
		{ 18, E_REQUIRED, "applicant_type" },
		{ 19, E_REQUIRED, "children" },
	};
	struct child_claim c;
	struct err e;
	size_t i;
	int rc;

	(void)state;
	for (i = 0; i < N(t); i++) {
		c = valid_claim();
		switch (t[i].change) {
		case 1: c.applicant = CHILD_APPLICANT_AGENT; break;
		case 2: c.applicant = CHILD_APPLICANT_AGENT; c.poa_seen = 1; break;
		case 3: c.channel = CHILD_CHANNEL_MAIL; break;
		case 4: c.channel = CHILD_CHANNEL_MAIL; c.id_copy_attached = 1; break;
		case 5: c.channel = CHILD_CHANNEL_ELECTRONIC; break;
		case 6: c.channel = CHILD_CHANNEL_NONE; break;
		case 7: c.id_doc = CHILD_ID_NONE; break;
		case 8: c.claimant_mn_method = CHILD_MN_NONE; break;
		case 9: c.claimant_mynumber = "123456789013"; break;
		case 10: c.child[0].mynumber = "621498320258"; break;
		case 11: c.child[0].mn_method = CHILD_MN_NONE; break;
		case 12: c.claimant_mynumber = "000000000000"; break;
		case 13: c.claimant_mynumber = "000000000000"; c.confirm_alerts = 1; break;
		case 14: c.event_date = YMD(2024, 5, 16); break;
		case 15: c.claimant_mynumber = ""; break;
		case 16: c.claimant = CHILD_CLAIMANT_PUBLIC_SERVANT; break;
		case 17: c.child[0].mynumber = NULL; c.child[0].mn_method = 0; break;
		case 18: c.applicant = CHILD_APPLICANT_NONE; break;
		case 19: c.n = 0; break;
		}
		err_clear(&e);
		rc = child_check_claim(&c, &e);
		if (rc != (t[i].code == E_OK ? 0 : -1) || e.code != t[i].code ||
		    strcmp(e.field, t[i].field) != 0)
			fail_msg("change %d: rc %d code %d field [%s]",
			    t[i].change, rc, e.code, e.field);
	}
}

static void
test_decisions(void **state)
{
	enum child_decision d;
	int i;

	(void)state;
	for (i = 0; i < CHILD_DEC_N; i++) {
		assert_int_equal(child_decision_from_name(
		    child_decision_name((enum child_decision)i), &d), 0);
		assert_int_equal(d, i);
	}
	assert_string_equal(child_decision_label(CHILD_DEC_CERTIFY), "認定");
	assert_string_equal(child_decision_label(CHILD_DEC_REVISE), "額改定");
	assert_string_equal(child_decision_label(CHILD_DEC_TERMINATE), "消滅");
	assert_string_equal(child_decision_label(CHILD_DEC_REFUSE), "却下");
	assert_string_equal(child_decision_label(CHILD_DEC_SUSPEND), "差止め");
	assert_int_equal(child_decision_from_name("approve", &d), -1);
	assert_string_equal(child_decision_name(CHILD_DEC_N), "?");
}

static void
test_genkyo_flag(void **state)
{
	struct child_household h;
	int i;

	(void)state;
	for (i = 0; i <= 8; i++) {
		memset(&h, 0, sizeof h);
		h.claimant = CHILD_CLAIMANT_GENERAL;
		switch (i) {
		case 1: h.genkyo.dv_separated = 1; break;
		case 2: h.genkyo.address_differs = 1; break;
		case 3: h.genkyo.corporate_guardian = 1; break;
		case 4: h.genkyo.institution = 1; break;
		case 5: h.genkyo.divorce_pending = 1; break;
		case 6: h.genkyo.no_register = 1; break;
		case 7: h.genkyo.other = 1; break;
		case 8: h.claimant = CHILD_CLAIMANT_INSTITUTION; break;
		}
		if (!!child_genkyo_required(&h) != (i != 0))
			fail_msg("case %d", i);
	}
}

/* The six payments of a fiscal year add up to its twelve monthly totals. */
static void
test_schedule_sums_fiscal_year(void **state)
{
	struct child_household h;
	struct child_payment s[6];
	struct child_amounts a;
	struct err e;
	struct ymd m = { 2024, 4, 1 };
	long paid = 0, owed = 0, amount;
	int i;

	(void)state;
	memset(&h, 0, sizeof h);
	h.claimant = CHILD_CLAIMANT_GENERAL;
	h.n = 4;
	h.child[0] = kid(2006, 8, 1);	/* 18 limit 2025-03 */
	h.child[1] = kid(2009, 4, 1);
	h.child[2] = kid(2021, 12, 24);	/* turns 3 in December 2024 */
	h.child[3] = kid(2024, 9, 3);
	h.child[3].paid_from = YMD(2024, 10, 1);
	child_payment_schedule(2024, s);
	for (i = 0; i < 6; i++) {
		assert_int_equal(child_payment_amount(&h, &s[i].pay, &amount, &e), 0);
		paid += amount;
	}
	for (i = 0; i < 12; i++) {
		assert_int_equal(child_monthly_amounts(&h, &m, &a, &e), 0);
		owed += a.total;
		ymd_add_months(&m, 1, &m);
	}
	assert_int_equal(paid, owed);
	/* By hand: the two eldest 10,000 each all year (the eldest's 18
	 * limit is March 2025), the third 30,000 all year although under 3
	 * until December, the fourth 30,000 from October. */
	assert_int_equal(owed, 12 * 10000 + 12 * 10000 + 12 * 30000 + 6 * 30000);
}

/* Issue 4's example end to end: born 2024-04-30, claimed 2024-05-15. */
static void
test_first_payment_after_claim(void **state)
{
	struct child_household h;
	struct ymd start, pay;
	struct err e;
	long amount;

	(void)state;
	memset(&h, 0, sizeof h);
	h.claimant = CHILD_CLAIMANT_GENERAL;
	h.n = 1;
	h.child[0] = kid(2024, 4, 30);
	assert_int_equal(child_start_month(&h.child[0].birth, &YMD(2024, 5, 15),
	    &start, &e), 0);
	h.child[0].paid_from = start;
	child_payment_month(&start, &pay);
	month_is(&pay, 2024, 6, "first payment");
	assert_int_equal(child_payment_amount(&h, &pay, &amount, &e), 0);
	assert_int_equal(amount, 15000);	/* May only: April is not paid */
	/* A day later the claim loses May. */
	assert_int_equal(child_start_month(&h.child[0].birth, &YMD(2024, 5, 16),
	    &start, &e), 0);
	h.child[0].paid_from = start;
	assert_int_equal(child_payment_amount(&h, &pay, &amount, &e), 0);
	assert_int_equal(amount, 0);
	assert_int_equal(child_payment_amount(&h, &YMD(2024, 8, 1), &amount, &e), 0);
	assert_int_equal(amount, 30000);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_start_month_15_days),
		cmocka_unit_test(test_start_month_errors),
		cmocka_unit_test(test_end_month),
		cmocka_unit_test(test_payment_month),
		cmocka_unit_test(test_payment_schedule),
		cmocka_unit_test(test_age_limits),
		cmocka_unit_test(test_single_child_months),
		cmocka_unit_test(test_third_child),
		cmocka_unit_test(test_third_child_counting_22),
		cmocka_unit_test(test_22_limit_edge),
		cmocka_unit_test(test_twins_and_18_limit),
		cmocka_unit_test(test_paid_from_until),
		cmocka_unit_test(test_payment_amount),
		cmocka_unit_test(test_household_errors),
		cmocka_unit_test(test_claim_r29_r30),
		cmocka_unit_test(test_decisions),
		cmocka_unit_test(test_genkyo_flag),
		cmocka_unit_test(test_schedule_sums_fiscal_year),
		cmocka_unit_test(test_first_payment_after_claim),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
