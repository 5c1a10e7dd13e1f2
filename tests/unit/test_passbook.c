/*
 * The elderly pass ledger's stored operations (ledger/passbook.c): R-33
 * at application, the fee from the stored fee table with its inputs
 * payment, issuance at a known post office, refund after a tier
 * change, return, and the notice query without pending rows.
 */
#include "booktest.h"

#include "passbook.h"

#define OLD "2000000001"	/* born 1950-05-05: 70 from 2020-05 */
#define YOUNG "2000000002"	/* born 1955-01-10: 73 from 2028-01 */

static void
people(struct fx *f)
{
	bt_resident(f, OLD, "1950-05-05", 1, "", 1);
	bt_resident(f, YOUNG, "1955-01-10", 2, "", 1);
	bt_resident(f, "2000000003", "1940-02-02", 2, "", 0);	/* removed */
}

static void
application(struct passbook_application *a, const char *atena)
{
	memset(a, 0, sizeof *a);
	a->atena_no = atena;
	a->year = 2024;
	a->apply_date = "2024-04-08";
	a->channel = PASS_CHANNEL_COUNTER;
	a->applicant = PASS_APPLICANT_SELF;
	a->id_doc = 1;
	a->wish_post_office = "26002";
	a->consent = 1;
	a->income = 1500000;
	a->reason_code = "01";
	a->ref_no = "敬-R6-0101";
}

static void
confirm_as(struct fx *f, const char *pass_no, int rireki)
{
	char entry[32];
	struct err e;

	snprintf(entry, sizeof entry, "2024-%s", pass_no);
	assert_int_equal(db_begin(f->lg->db, &e), 0);
	if (db_book_make_current(f->lg->db, DB_BOOK_PASS, entry, rireki,
	    "supervisor", "2024-06-01 10:00:00", &e) != 0)
		fail_msg("confirm: %s %s", err_message(e.code), e.detail);
	assert_int_equal(db_commit(f->lg->db, &e), 0);
}

/* Apply for OLD and confirm; pass number into no. */
static void
applied(struct fx *f, char no[16])
{
	struct passbook_application a;
	struct err e;
	int rireki;

	application(&a, OLD);
	if (passbook_apply(f->clerk, &a, no, &rireki, &e) != 0)
		fail_msg("apply: %s [%s] %s", err_message(e.code), e.field, e.detail);
	assert_int_equal(rireki, 1);
	confirm_as(f, no, 1);
}

static void
change(struct passbook_change *c, const char *no, enum passbook_op op)
{
	memset(c, 0, sizeof *c);
	c->year = 2024;
	c->pass_no = no;
	c->op = op;
	c->reason_code = "20";
	c->ref_no = "敬-R6-0101";
}

static void
must_change(struct fx *f, struct passbook_change *c, int rireki)
{
	struct err e;
	int got;

	if (passbook_change(f->clerk, c, &got, &e) != 0)
		fail_msg("%s: %s [%s] %s", passbook_op_name(c->op),
		    err_message(e.code), e.field, e.detail);
	assert_int_equal(got, rireki);
	confirm_as(f, c->pass_no, rireki);
}

static void
test_apply_pending_one_audit_row(void **state)
{
	struct fx *f = *state;
	struct passbook_application a;
	struct db_pass p;
	char no[16], target[40];
	struct err e;
	int before;

	people(f);
	before = bt_audit_total(f);
	application(&a, OLD);
	assert_int_equal(passbook_apply(f->clerk, &a, no, NULL, &e), 0);
	assert_string_equal(no, "00000001");
	assert_int_equal(bt_audit_total(f), before + 1);
	snprintf(target, sizeof target, "2024-%s#1", no);
	assert_int_equal(bt_audit_count(f, "update", target), 1);
	assert_int_equal(db_pass_latest(f->lg->db, 2024, no, &p, &e), 0);
	assert_string_equal(p.state, "pending");
	assert_string_equal(p.status, "applied");
	assert_string_equal(p.reference_date, "2024-04-08");
	assert_int_equal(p.income, 1500000);
	assert_int_equal(db_pass_get(f->lg->db, 2024, no, &p, &e), -1);
}

static void
test_r33_refusals(void **state)
{
	struct fx *f = *state;
	struct passbook_application a;
	char no[16];
	struct err e;

	people(f);
	/* 69 on the reference date (starting age 73 for this band). */
	application(&a, YOUNG);
	assert_int_equal(passbook_apply(f->clerk, &a, no, NULL, &e), -1);
	assert_int_equal(e.code, E_NOT_ELIGIBLE);
	assert_string_equal(e.field, "birth_date");
	/* 福祉乗車証: never both. */
	application(&a, OLD);
	a.welfare_pass = 1;
	a.disability_no = "第012345号";
	assert_int_equal(passbook_apply(f->clerk, &a, no, NULL, &e), -1);
	assert_int_equal(e.code, E_NOT_ELIGIBLE);
	assert_string_equal(e.field, "welfare_pass");
	application(&a, OLD);
	a.income = 7000000;
	assert_int_equal(passbook_apply(f->clerk, &a, no, NULL, &e), -1);
	assert_string_equal(e.field, "income");
	application(&a, "2000000003");
	assert_int_equal(passbook_apply(f->clerk, &a, no, NULL, &e), -1);
	assert_int_equal(e.code, E_NOT_ELIGIBLE);
	assert_string_equal(e.field, "resident");
	application(&a, OLD);
	a.channel = PASS_CHANNEL_MAIL;
	assert_int_equal(passbook_apply(f->clerk, &a, no, NULL, &e), -1);
	assert_string_equal(e.field, "id_copy_attached");
	application(&a, OLD);
	a.wish_post_office = "99999";
	assert_int_equal(passbook_apply(f->clerk, &a, no, NULL, &e), -1);
	assert_int_equal(e.code, E_CODE_UNKNOWN);
	assert_string_equal(e.field, "wish_post_office");
}

static void
test_second_active_pass_refused(void **state)
{
	struct fx *f = *state;
	struct passbook_application a;
	char no[16], no2[16];
	struct err e;

	people(f);
	application(&a, OLD);
	assert_int_equal(passbook_apply(f->clerk, &a, no, NULL, &e), 0);
	/* Pending counts as active: no second entry behind its back. */
	assert_int_equal(passbook_apply(f->clerk2, &a, no2, NULL, &e), -1);
	assert_int_equal(e.code, E_EXISTS);
	confirm_as(f, no, 1);
	assert_int_equal(passbook_apply(f->clerk2, &a, no2, NULL, &e), -1);
	assert_int_equal(e.code, E_EXISTS);
	/* Another year is another pass. */
	a.year = 2025;
	a.reference_date = "2025-04-01";
	assert_int_equal(passbook_apply(f->clerk2, &a, no2, NULL, &e), 0);
}

static void
test_fee_pay_issue_refund(void **state)
{
	struct fx *f = *state;
	struct passbook_change c;
	struct db_pass p;
	char no[16];
	struct err e;

	people(f);
	applied(f, no);
	change(&c, no, PASS_DECIDE);
	c.tier = 4;
	c.period = ELDERLY_PERIOD_ONE;
	c.judged_on = "2024-04-10";
	c.due_date = "2024-05-31";
	must_change(f, &c, 2);
	assert_int_equal(db_pass_get(f->lg->db, 2024, no, &p, &e), 0);
	assert_int_equal(p.fee_amount, 30000);		/* the table's 1.0 year */
	assert_int_equal(p.table_amount, 30000);
	assert_int_equal(p.cap, 60000);
	assert_string_equal(p.judged_on, "2024-04-10");
	/* Issuing before payment is refused. */
	change(&c, no, PASS_ISSUE);
	c.post_office = "26001";
	c.date = "2024-05-01";
	c.reason_code = "22";
	assert_int_equal(passbook_change(f->clerk, &c, NULL, &e), -1);
	assert_int_equal(e.code, E_DENIED);
	change(&c, no, PASS_PAY);
	c.reason_code = "21";
	c.amount = 25000;
	c.date = "2024-04-20";
	c.method = "bank";
	assert_int_equal(passbook_change(f->clerk, &c, NULL, &e), -1);
	assert_int_equal(e.code, E_AMOUNT);
	c.amount = 30000;
	must_change(f, &c, 3);
	/* An unknown post office is refused; the known one issues. */
	change(&c, no, PASS_ISSUE);
	c.reason_code = "22";
	c.post_office = "99999";
	c.date = "2024-05-01";
	assert_int_equal(passbook_change(f->clerk, &c, NULL, &e), -1);
	assert_int_equal(e.code, E_CODE_UNKNOWN);
	assert_string_equal(e.field, "post_office");
	c.post_office = "26001";
	must_change(f, &c, 4);
	/* Tier 4 → 2 after payment: refund 30,000 − 9,000. */
	change(&c, no, PASS_REFUND);
	c.reason_code = "23";
	c.tier = 2;
	c.judged_on = "2024-07-01";
	c.date = "2024-07-10";
	c.refund_reason = "TIER";
	must_change(f, &c, 5);
	assert_int_equal(db_pass_get(f->lg->db, 2024, no, &p, &e), 0);
	assert_int_equal(p.fee_amount, 9000);
	assert_int_equal(p.refund_amount, 21000);
	assert_int_equal(p.extra_due, 0);
	assert_string_equal(p.refund_date, "2024-07-10");
	assert_string_equal(p.status, "issued");
	/* Return: the pass is no longer active, a new one may be applied. */
	change(&c, no, PASS_RETURN);
	c.reason_code = "04";
	c.end_reason = "DEATH";
	c.date = "2024-09-01";
	c.notified = "2024-09-05";
	must_change(f, &c, 6);
	assert_int_equal(db_pass_active_count(f->lg->db, OLD, 2024,
	    PASSBOOK_TYPE_KEIRO, NULL, &e), 0);
}

static void
test_reduction_and_reissue(void **state)
{
	struct fx *f = *state;
	struct passbook_change c;
	struct db_pass p;
	char no[16];
	struct err e;

	people(f);
	applied(f, no);
	change(&c, no, PASS_DECIDE);
	c.tier = 5;
	c.period = ELDERLY_PERIOD_ONE_HALF;	/* 67,500 capped at 60,000 */
	c.judged_on = "2024-04-10";
	must_change(f, &c, 2);
	assert_int_equal(db_pass_get(f->lg->db, 2024, no, &p, &e), 0);
	assert_int_equal(p.table_amount, 67500);
	assert_int_equal(p.fee_amount, 60000);
	change(&c, no, PASS_REDUCE);
	c.reason_code = "24";
	c.reduction = "03";			/* half */
	c.judged_on = "2024-04-15";
	must_change(f, &c, 3);
	assert_int_equal(db_pass_get(f->lg->db, 2024, no, &p, &e), 0);
	assert_int_equal(p.fee_amount, 30000);
	assert_int_equal(p.reduced_by, 30000);
	change(&c, no, PASS_REDUCE);
	c.reason_code = "24";
	c.reduction = "77";
	c.judged_on = "2024-04-16";
	assert_int_equal(passbook_change(f->clerk, &c, NULL, &e), -1);
	assert_int_equal(e.code, E_CODE_UNKNOWN);
	change(&c, no, PASS_PAY);
	c.reason_code = "21";
	c.amount = 30000;
	c.date = "2024-04-20";
	c.method = "cash";
	must_change(f, &c, 4);
	change(&c, no, PASS_ISSUE);
	c.reason_code = "22";
	c.post_office = "26005";
	c.date = "2024-05-01";
	must_change(f, &c, 5);
	change(&c, no, PASS_REISSUE);
	c.reason_code = "25";
	c.post_office = "26003";
	c.date = "2024-08-01";
	must_change(f, &c, 6);
	assert_int_equal(db_pass_get(f->lg->db, 2024, no, &p, &e), 0);
	assert_int_equal(p.reissue_count, 1);
	assert_string_equal(p.post_office, "26003");
}

static int
count_pass(void *ctx, const struct db_pass *p)
{
	(void)p;
	(*(int *)ctx)++;
	return 0;
}

static void
test_pending_absent_from_notice_query(void **state)
{
	struct fx *f = *state;
	struct passbook_application a;
	struct passbook_change c;
	struct db_pass_filter flt = { "decided", NULL };
	char no[16];
	struct err e;
	int n;

	people(f);
	application(&a, OLD);
	assert_int_equal(passbook_apply(f->clerk, &a, no, NULL, &e), 0);
	n = 0;
	assert_int_equal(db_pass_each_confirmed(f->lg->db, 2024, NULL, count_pass,
	    &n, &e), 0);
	assert_int_equal(n, 0);
	confirm_as(f, no, 1);
	change(&c, no, PASS_DECIDE);
	c.tier = 3;
	c.judged_on = "2024-04-10";
	assert_int_equal(passbook_change(f->clerk, &c, NULL, &e), 0);
	/* The pending decision is not in the 納入通知書 query ... */
	n = 0;
	assert_int_equal(passbook_each_confirmed(f->sup, 2024, &flt, count_pass,
	    &n, &e), 0);
	assert_int_equal(n, 0);
	confirm_as(f, no, 2);
	/* ... until it is confirmed. */
	assert_int_equal(passbook_each_confirmed(f->sup, 2024, &flt, count_pass,
	    &n, &e), 0);
	assert_int_equal(n, 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_apply_pending_one_audit_row, bt_setup, bt_teardown),
		cmocka_unit_test_setup_teardown(test_r33_refusals, bt_setup, bt_teardown),
		cmocka_unit_test_setup_teardown(test_second_active_pass_refused, bt_setup, bt_teardown),
		cmocka_unit_test_setup_teardown(test_fee_pay_issue_refund, bt_setup, bt_teardown),
		cmocka_unit_test_setup_teardown(test_reduction_and_reissue, bt_setup, bt_teardown),
		cmocka_unit_test_setup_teardown(test_pending_absent_from_notice_query, bt_setup, bt_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
