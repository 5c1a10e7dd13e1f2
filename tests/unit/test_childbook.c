/*
 * The child allowance ledger's stored operations (ledger/childbook.c):
 * intake with its start month and amounts, the refusals, the
 * master checks, decisions as versions, one audit row and one pending
 * version per operation, and the notice query without pending rows.
 */
#include "booktest.h"

#include "childbook.h"

#define CLAIMANT "1000000001"
#define CLAIMANT_MN "123456789018"

static void
people(struct fx *f)
{
	bt_resident(f, CLAIMANT, "1990-01-01", 2, CLAIMANT_MN, 1);
	bt_resident(f, "1000000002", "1989-03-03", 1, "621498320257", 1);
	bt_resident(f, "1000000011", "2024-04-30", 1, "614106526000", 1);
	bt_resident(f, "1000000012", "2010-05-01", 2, "", 1);
	bt_resident(f, "1000000013", "2015-06-01", 1, "", 1);
	bt_resident(f, "1000000014", "2023-01-10", 2, "", 1);
	bt_resident(f, "1000000015", "2020-02-02", 2, "", 0);	/* moved out */
}

/* A counter intake by the person, for the newborn. */
static void
intake(struct childbook_intake *in, const char *claim_date)
{
	memset(in, 0, sizeof *in);
	in->claimant_atena = CLAIMANT;
	in->spouse_atena = "1000000002";
	in->claimant = CHILD_CLAIMANT_GENERAL;
	in->channel = CHILD_CHANNEL_COUNTER;
	in->applicant = CHILD_APPLICANT_SELF;
	in->id_doc = CHILD_ID_MYNUMBER_CARD;
	in->claimant_mynumber = CLAIMANT_MN;
	in->claimant_mn_method = CHILD_MN_CARD;
	in->claim_date = claim_date;
	in->event_date = "2024-04-30";
	in->n = 1;
	in->child[0].atena_no = "1000000011";
	in->child[0].my_number = "6141 0652 6000";
	in->child[0].mn_method = CHILD_MN_CARD;
	in->reason_code = "01";
	in->ref_no = "児-R6-0042";
}

static void
confirm_as(struct fx *f, const char *claim_no, int rireki)
{
	struct err e;

	assert_int_equal(db_begin(f->lg->db, &e), 0);
	if (db_book_make_current(f->lg->db, DB_BOOK_CHILD, claim_no, rireki,
	    "supervisor", "2024-06-01 10:00:00", &e) != 0)
		fail_msg("confirm: %s %s", err_message(e.code), e.detail);
	assert_int_equal(db_commit(f->lg->db, &e), 0);
}

static void
submit(struct fx *f, const struct childbook_intake *in, char no[16])
{
	struct err e;
	int rireki;

	if (childbook_intake(f->clerk, in, no, &rireki, &e) != 0)
		fail_msg("intake: %s [%s] %s", err_message(e.code), e.field,
		    e.detail);
	assert_int_equal(rireki, 1);
}

static void
test_fifteen_day_rule_may(void **state)
{
	struct fx *f = *state;
	struct childbook_intake in;
	struct db_child_claim c;
	char no[16], target[40];
	struct err e;
	int before;

	people(f);
	before = bt_audit_total(f);
	intake(&in, "2024-05-15");
	submit(f, &in, no);
	assert_int_equal(db_child_latest(f->lg->db, no, &c, &e), 0);
	assert_string_equal(c.start_month, "2024-05");
	assert_string_equal(c.amount_month, "2024-05");
	assert_int_equal(c.monthly_total, 15000);
	assert_int_equal(c.child[0].amount, 15000);
	assert_string_equal(c.state, "pending");
	assert_int_equal(c.current, 0);
	assert_string_equal(c.op, "intake");
	assert_string_equal(c.st.operator_login, "clerk");
	assert_string_equal(c.st.terminal, "T1");
	assert_string_equal(c.st.ref_no, "児-R6-0042");
	assert_int_equal(c.st.update_seq, 1);
	/* Exactly one audit row, keyed by claim and version only. */
	assert_int_equal(bt_audit_total(f), before + 1);
	snprintf(target, sizeof target, "%s#1", no);
	assert_int_equal(bt_audit_count(f, "update", target), 1);
	/* Pending: not current, so no current version to get. */
	assert_int_equal(db_child_get(f->lg->db, no, &c, &e), -1);
	assert_int_equal(e.code, E_NOT_FOUND);
}

static void
test_fifteen_day_rule_june(void **state)
{
	struct fx *f = *state;
	struct childbook_intake in;
	struct child_amounts a;
	struct db_child_claim c;
	char no[16], start[MONTH_MAX];
	struct err e;

	people(f);
	intake(&in, "R6.5.16");		/* 和暦 on the form */
	assert_int_equal(childbook_preview(f->clerk, &in, start, &a, &e), 0);
	assert_string_equal(start, "2024-06");
	submit(f, &in, no);
	assert_int_equal(db_child_latest(f->lg->db, no, &c, &e), 0);
	assert_string_equal(c.claim_date, "2024-05-16");
	assert_string_equal(c.start_month, "2024-06");
	/* What the screen showed is what was stored. */
	assert_int_equal(a.total, c.monthly_total);
	assert_int_equal(a.amount[0], c.child[0].amount);
}

static void
test_public_servant_refused(void **state)
{
	struct fx *f = *state;
	struct childbook_intake in;
	struct db_child_claim c;
	char no[16] = "";
	struct err e;
	int before;

	people(f);
	before = bt_audit_count(f, "update", NULL);
	intake(&in, "2024-05-15");
	in.claimant = CHILD_CLAIMANT_PUBLIC_SERVANT;
	assert_int_equal(childbook_intake(f->clerk, &in, no, NULL, &e), -1);
	assert_int_equal(e.code, E_PUBLIC_SERVANT);
	assert_string_equal(e.field, "claimant_type");
	assert_int_equal(bt_audit_count(f, "update", NULL), before);
	assert_int_equal(db_child_latest(f->lg->db, "0000000001", &c, &e), -1);
	assert_int_equal(e.code, E_NOT_FOUND);
}

static void
test_mail_without_id_copy_refused(void **state)
{
	struct fx *f = *state;
	struct childbook_intake in;
	char no[16];
	struct err e;

	people(f);
	intake(&in, "2024-05-15");
	in.channel = CHILD_CHANNEL_MAIL;
	in.id_doc = CHILD_ID_DRIVING_LICENCE;
	assert_int_equal(childbook_intake(f->clerk, &in, no, NULL, &e), -1);
	assert_int_equal(e.code, E_REQUIRED);
	assert_string_equal(e.field, "id_copy_attached");
	in.id_copy_attached = 1;
	submit(f, &in, no);
}

static void
test_third_child_amount_stored(void **state)
{
	struct fx *f = *state;
	struct childbook_intake in;
	struct child_amounts a;
	struct db_child_claim c;
	struct ymd dec = { 2024, 12, 1 };
	char no[16];
	struct err e;

	people(f);
	intake(&in, "2024-11-05");
	in.event_date = NULL;
	in.n = 3;
	in.child[0].atena_no = "1000000012";	/* 14: ¥10,000 */
	in.child[0].my_number = NULL;
	in.child[1].atena_no = "1000000013";	/* 9: ¥10,000 */
	in.child[2].atena_no = "1000000014";	/* 1, third: ¥30,000 */
	submit(f, &in, no);
	assert_int_equal(db_child_latest(f->lg->db, no, &c, &e), 0);
	assert_string_equal(c.start_month, "2024-12");
	assert_int_equal(c.nchildren, 3);
	assert_int_equal(c.child[0].amount, 10000);
	assert_int_equal(c.child[1].amount, 10000);
	assert_int_equal(c.child[2].amount, 30000);
	assert_int_equal(c.child[2].rank, 3);
	assert_int_equal(c.monthly_total, 50000);
	/* The stored amounts re-check against the rules. */
	assert_int_equal(childbook_amounts(f->sup, &c, &dec, &a, &e), 0);
	assert_int_equal(a.total, c.monthly_total);
}

static void
test_master_checks(void **state)
{
	struct fx *f = *state;
	struct childbook_intake in;
	char no[16];
	struct err e;

	people(f);
	intake(&in, "2024-05-15");
	/* A valid number, but the master holds another for this child. */
	in.child[0].my_number = "983205673214";
	assert_int_equal(childbook_intake(f->clerk, &in, no, NULL, &e), -1);
	assert_int_equal(e.code, E_NOT_FOUND);
	assert_string_equal(e.field, "children[0].my_number");
	assert_null(strstr(e.detail, "983205673214"));
	intake(&in, "2024-05-15");
	in.claimant_mynumber = "614106526000";	/* the child's */
	assert_int_equal(childbook_intake(f->clerk, &in, no, NULL, &e), -1);
	assert_string_equal(e.field, "claimant_my_number");
	intake(&in, "2024-05-15");
	in.child[0].atena_no = "1000000015";
	in.child[0].my_number = NULL;
	assert_int_equal(childbook_intake(f->clerk, &in, no, NULL, &e), -1);
	assert_int_equal(e.code, E_NOT_ELIGIBLE);
	assert_string_equal(e.field, "children[0].atena_no");
	intake(&in, "2024-05-15");
	in.child[0].atena_no = "1999999999";
	assert_int_equal(childbook_intake(f->clerk, &in, no, NULL, &e), -1);
	assert_int_equal(e.code, E_NOT_FOUND);
	intake(&in, "2024-05-15");
	in.claimant_mynumber = "123456789013";	/* bad check digit */
	assert_int_equal(childbook_intake(f->clerk, &in, no, NULL, &e), -1);
	assert_int_equal(e.code, E_MYNUMBER_CHECK);
}

static void
test_r34_and_rights(void **state)
{
	struct fx *f = *state;
	struct childbook_intake in;
	struct session *op;
	char no[16];
	struct err e;
	int denied;

	people(f);
	intake(&in, "2024-05-15");
	in.ref_no = "";
	assert_int_equal(childbook_intake(f->clerk, &in, no, NULL, &e), -1);
	assert_int_equal(e.code, E_REQUIRED);
	assert_string_equal(e.field, "ref_no");
	intake(&in, "2024-05-15");
	in.reason_code = "20";		/* an elderly-pass reason */
	assert_int_equal(childbook_intake(f->clerk, &in, no, NULL, &e), -1);
	assert_int_equal(e.code, E_CODE_UNKNOWN);
	intake(&in, "2024-05-15");
	in.reason_code = "03";		/* 職権修正 needs a justification */
	assert_int_equal(childbook_intake(f->clerk, &in, no, NULL, &e), -1);
	assert_string_equal(e.field, "justification");
	/* The operator holds no clerk right: refused and audited. */
	op = bt_login(f->lg, "operator");
	denied = bt_audit_count(f, "child-intake", NULL);
	intake(&in, "2024-05-15");
	assert_int_equal(childbook_intake(op, &in, no, NULL, &e), -1);
	assert_int_equal(e.code, E_DENIED);
	assert_int_equal(bt_audit_count(f, "child-intake", NULL), denied + 1);
	auth_logout(&op, NULL);
}

static void
test_one_claim_at_a_time(void **state)
{
	struct fx *f = *state;
	struct childbook_intake in;
	char no[16], no2[16];
	struct err e;

	people(f);
	intake(&in, "2024-05-15");
	submit(f, &in, no);
	assert_int_equal(childbook_intake(f->clerk2, &in, no2, NULL, &e), -1);
	assert_int_equal(e.code, E_PENDING_EXISTS);
	confirm_as(f, no, 1);
	assert_int_equal(childbook_intake(f->clerk2, &in, no2, NULL, &e), -1);
	assert_int_equal(e.code, E_EXISTS);
}

static void
test_decisions_as_versions(void **state)
{
	struct fx *f = *state;
	struct childbook_intake in;
	struct childbook_decision d;
	struct db_child_claim c;
	char no[16];
	struct err e;
	int rireki, before;

	people(f);
	intake(&in, "2024-05-15");
	submit(f, &in, no);
	memset(&d, 0, sizeof d);
	d.claim_no = no;
	d.kind = CHILD_DEC_CERTIFY;
	d.decision_date = "2024-05-20";
	d.reason_code = "11";
	d.ref_no = "児-R6-0042";
	/* Not before the intake is confirmed. */
	assert_int_equal(childbook_decide(f->clerk, &d, &rireki, &e), -1);
	assert_int_equal(e.code, E_PENDING_EXISTS);
	confirm_as(f, no, 1);
	/* Terminating an undecided claim makes no sense. */
	d.kind = CHILD_DEC_TERMINATE;
	d.event_date = "2024-09-10";
	assert_int_equal(childbook_decide(f->clerk, &d, &rireki, &e), -1);
	assert_int_equal(e.code, E_DENIED);
	d.kind = CHILD_DEC_CERTIFY;
	before = bt_audit_total(f);
	assert_int_equal(childbook_decide(f->clerk, &d, &rireki, &e), 0);
	assert_int_equal(rireki, 2);
	assert_int_equal(bt_audit_total(f), before + 1);
	assert_int_equal(db_child_version(f->lg->db, no, 2, &c, &e), 0);
	assert_string_equal(c.decision, "certify");
	assert_string_equal(c.decision_date, "2024-05-20");
	assert_string_equal(c.state, "pending");
	assert_int_equal(c.monthly_total, 15000);
	/* The confirmed version 1 is still the current one. */
	assert_int_equal(db_child_get(f->lg->db, no, &c, &e), 0);
	assert_int_equal(c.rireki_no, 1);
	confirm_as(f, no, 2);
	/* 額改定: a second child (born 2023-01-10) from the month after. */
	d.kind = CHILD_DEC_REVISE;
	d.decision_date = "2024-07-03";
	d.event_date = "2024-07-01";
	d.reason_code = "12";
	d.n = 2;
	d.child[0].atena_no = "1000000011";
	d.child[1].atena_no = "1000000014";
	assert_int_equal(childbook_decide(f->clerk, &d, &rireki, &e), 0);
	assert_int_equal(db_child_version(f->lg->db, no, 3, &c, &e), 0);
	assert_string_equal(c.amount_month, "2024-08");
	assert_string_equal(c.child[0].paid_from, "2024-05");
	assert_string_equal(c.child[1].paid_from, "2024-08");
	assert_int_equal(c.monthly_total, 30000);
	confirm_as(f, no, 3);
	/* 消滅: paid up to the month of the event. */
	d.kind = CHILD_DEC_TERMINATE;
	d.decision_date = "2024-09-12";
	d.event_date = "2024-09-10";
	d.reason_code = "04";
	d.n = 0;
	assert_int_equal(childbook_decide(f->clerk, &d, &rireki, &e), 0);
	assert_int_equal(db_child_version(f->lg->db, no, 4, &c, &e), 0);
	assert_string_equal(c.end_month, "2024-09");
	assert_string_equal(c.child[1].paid_until, "2024-09");
	assert_string_equal(c.op, "terminate");
}

static void
test_suspend_and_refuse(void **state)
{
	struct fx *f = *state;
	struct childbook_intake in;
	struct childbook_decision d;
	struct db_child_claim c;
	char no[16];
	struct err e;

	people(f);
	intake(&in, "2024-05-15");
	submit(f, &in, no);
	confirm_as(f, no, 1);
	memset(&d, 0, sizeof d);
	d.claim_no = no;
	d.kind = CHILD_DEC_REFUSE;
	d.decision_date = "2024-05-10";	/* before the claim */
	d.reason_code = "08";
	d.ref_no = "児-R6-0042";
	assert_int_equal(childbook_decide(f->clerk, &d, NULL, &e), -1);
	assert_int_equal(e.code, E_DATE_RANGE);
	d.decision_date = "2024-05-31";
	assert_int_equal(childbook_decide(f->clerk, &d, NULL, &e), 0);
	assert_int_equal(db_child_latest(f->lg->db, no, &c, &e), 0);
	assert_string_equal(c.decision, "refuse");
	assert_int_equal(c.monthly_total, 0);
	confirm_as(f, no, 2);
	/* A refused claim cannot be suspended. */
	d.kind = CHILD_DEC_SUSPEND;
	d.suspend = 1;
	d.reason_code = "13";
	assert_int_equal(childbook_decide(f->clerk, &d, NULL, &e), -1);
	assert_int_equal(e.code, E_DENIED);
}

static int
collect_no(void *ctx, const struct db_child_claim *c)
{
	char (*nos)[16] = ctx;
	int i;

	for (i = 0; nos[i][0] != '\0'; i++)
		;
	snprintf(nos[i], 16, "%s", c->claim_no);
	return 0;
}

static void
test_pending_absent_from_notice_query(void **state)
{
	struct fx *f = *state;
	struct childbook_intake in;
	char no[16], nos[4][16];
	struct err e;

	people(f);
	intake(&in, "2024-05-15");
	submit(f, &in, no);
	memset(nos, 0, sizeof nos);
	assert_int_equal(childbook_each_confirmed(f->sup, NULL, collect_no, nos,
	    &e), 0);
	assert_string_equal(nos[0], "");
	memset(nos, 0, sizeof nos);
	assert_int_equal(db_child_each_confirmed(f->lg->db, NULL, collect_no,
	    nos, &e), 0);
	assert_string_equal(nos[0], "");
	confirm_as(f, no, 1);
	assert_int_equal(db_child_each_confirmed(f->lg->db, NULL, collect_no,
	    nos, &e), 0);
	assert_string_equal(nos[0], no);
	/* A clerk does not run notice queries. */
	assert_int_equal(childbook_each_confirmed(f->clerk, NULL, collect_no,
	    nos, &e), -1);
	assert_int_equal(e.code, E_DENIED);
}

static void
test_list_and_no_personal_data_in_audit(void **state)
{
	struct fx *f = *state;
	struct childbook_intake in;
	char no[16], nos[4][16];
	struct err e;

	people(f);
	intake(&in, "2024-05-15");
	submit(f, &in, no);
	memset(nos, 0, sizeof nos);
	assert_int_equal(childbook_list(f->clerk, CLAIMANT, collect_no, nos, &e), 0);
	assert_string_equal(nos[0], no);
	/* No audit row mentions a My Number or a child's 宛名番号. */
	assert_int_equal(bt_audit_count(f, NULL, "1000000011"), 0);
	assert_int_equal(bt_audit_count(f, NULL, CLAIMANT_MN), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_fifteen_day_rule_may, bt_setup, bt_teardown),
		cmocka_unit_test_setup_teardown(test_fifteen_day_rule_june, bt_setup, bt_teardown),
		cmocka_unit_test_setup_teardown(test_public_servant_refused, bt_setup, bt_teardown),
		cmocka_unit_test_setup_teardown(test_mail_without_id_copy_refused, bt_setup, bt_teardown),
		cmocka_unit_test_setup_teardown(test_third_child_amount_stored, bt_setup, bt_teardown),
		cmocka_unit_test_setup_teardown(test_master_checks, bt_setup, bt_teardown),
		cmocka_unit_test_setup_teardown(test_r34_and_rights, bt_setup, bt_teardown),
		cmocka_unit_test_setup_teardown(test_one_claim_at_a_time, bt_setup, bt_teardown),
		cmocka_unit_test_setup_teardown(test_decisions_as_versions, bt_setup, bt_teardown),
		cmocka_unit_test_setup_teardown(test_suspend_and_refuse, bt_setup, bt_teardown),
		cmocka_unit_test_setup_teardown(test_pending_absent_from_notice_query, bt_setup, bt_teardown),
		cmocka_unit_test_setup_teardown(test_list_and_no_personal_data_in_audit, bt_setup, bt_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
