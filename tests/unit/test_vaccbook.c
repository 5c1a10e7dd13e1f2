/*
 * The vaccination ledger's stored operations (ledger/vaccbook.c): codes
 * checked, the dose rules against the confirmed history (interval, lot
 * expiry, the window alert), corrections as versions, the due list as a
 * count and a bounded page, and no pending dose in the notice query.
 */
#include "booktest.h"

#include "vaccbook.h"

#define BABY "3000000001"	/* born 2024-01-15 */

static void
entry(struct vaccbook_entry *v, const char *code, int dose, const char *date)
{
	memset(v, 0, sizeof *v);
	v->atena_no = BABY;
	v->vaccine_code = code;
	v->dose_no = dose;
	v->date = date;
	v->maker = "KMバイオロジクス";
	v->lot = "HB123A";
	v->lot_expiry = "2025-12-31";
	v->institution = "2610400031";
	v->doctor = "医師 一";
	v->site = "左上腕";
	v->volume = "0.5mL";
	v->amount = 8800;
	v->reason_code = "30";
	v->ref_no = "予-R6-0007";
}

static void
confirm_as(struct fx *f, const char *no, int rireki)
{
	struct err e;

	assert_int_equal(db_begin(f->lg->db, &e), 0);
	if (db_book_make_current(f->lg->db, DB_BOOK_DOSE, no, rireki,
	    "supervisor", "2024-06-01 10:00:00", &e) != 0)
		fail_msg("confirm: %s %s", err_message(e.code), e.detail);
	assert_int_equal(db_commit(f->lg->db, &e), 0);
}

static void
record(struct fx *f, const struct vaccbook_entry *v, char no[16])
{
	struct err e;

	if (vaccbook_record(f->clerk, v, no, NULL, &e) != 0)
		fail_msg("record: %s [%s] %s", err_message(e.code), e.field,
		    e.detail);
}

static void
test_record_pending_one_audit_row(void **state)
{
	struct fx *f = *state;
	struct vaccbook_entry v;
	struct db_dose d;
	char no[16], target[40];
	struct err e;
	int before, rireki;

	bt_resident(f, BABY, "2024-01-15", 1, "", 1);
	before = bt_audit_total(f);
	entry(&v, "HIB", 1, "R6.3.20");
	assert_int_equal(vaccbook_record(f->clerk, &v, no, &rireki, &e), 0);
	assert_int_equal(rireki, 1);
	assert_int_equal(bt_audit_total(f), before + 1);
	snprintf(target, sizeof target, "%s#1", no);
	assert_int_equal(bt_audit_count(f, "update", target), 1);
	assert_int_equal(db_dose_latest(f->lg->db, no, &d, &e), 0);
	assert_string_equal(d.state, "pending");
	assert_string_equal(d.date, "2024-03-20");
	assert_string_equal(d.lot, "HB123A");
	assert_int_equal(d.voluntary, 0);
	assert_string_equal(d.st.reason_code, "30");
}

static void
test_interval_refused_against_confirmed_history(void **state)
{
	struct fx *f = *state;
	struct vaccbook_entry v;
	char no[16], no2[16];
	struct err e;

	bt_resident(f, BABY, "2024-01-15", 1, "", 1);
	entry(&v, "HIB", 1, "2024-03-20");
	record(f, &v, no);
	/* Dose 2 while dose 1 is only pending: dose 1 is not history yet. */
	entry(&v, "HIB", 2, "2024-04-17");
	assert_int_equal(vaccbook_record(f->clerk, &v, no2, NULL, &e), -1);
	assert_int_equal(e.code, E_REQUIRED);
	assert_string_equal(e.field, "dose_no");
	confirm_as(f, no, 1);
	/* 20 days after dose 1: the minimum is 27 days between. */
	entry(&v, "HIB", 2, "2024-04-09");
	assert_int_equal(vaccbook_record(f->clerk, &v, no2, NULL, &e), -1);
	assert_int_equal(e.code, E_INTERVAL);
	assert_string_equal(e.field, "date");
	entry(&v, "HIB", 2, "2024-04-17");
	record(f, &v, no2);
	/* The same dose again while it is pending. */
	assert_int_equal(vaccbook_record(f->clerk2, &v, no2, NULL, &e), -1);
	assert_int_equal(e.code, E_PENDING_EXISTS);
}

static void
test_expired_lot_and_unknown_codes(void **state)
{
	struct fx *f = *state;
	struct vaccbook_entry v;
	char no[16];
	struct err e;

	bt_resident(f, BABY, "2024-01-15", 1, "", 1);
	entry(&v, "HIB", 1, "2024-03-20");
	v.lot_expiry = "2024-03-19";
	assert_int_equal(vaccbook_record(f->clerk, &v, no, NULL, &e), -1);
	assert_int_equal(e.code, E_LOT_EXPIRED);
	assert_string_equal(e.field, "lot_expiry");
	entry(&v, "HIBX", 1, "2024-03-20");
	assert_int_equal(vaccbook_record(f->clerk, &v, no, NULL, &e), -1);
	assert_int_equal(e.code, E_CODE_UNKNOWN);
	assert_string_equal(e.field, "vaccine_code");
	entry(&v, "HIB", 1, "2024-03-20");
	v.institution = "9999999999";
	assert_int_equal(vaccbook_record(f->clerk, &v, no, NULL, &e), -1);
	assert_int_equal(e.code, E_CODE_UNKNOWN);
	assert_string_equal(e.field, "institution");
	entry(&v, "HIB", 1, "2024-03-20");
	v.amount = -100;
	assert_int_equal(vaccbook_record(f->clerk, &v, no, NULL, &e), -1);
	assert_int_equal(e.code, E_AMOUNT);
	entry(&v, "HIB", 1, "2024-02-30");
	assert_int_equal(vaccbook_record(f->clerk, &v, no, NULL, &e), -1);
	assert_int_equal(e.code, E_DATE_INVALID);
}

static void
test_window_alert_needs_confirmation(void **state)
{
	struct fx *f = *state;
	struct vaccbook_entry v;
	struct db_dose d;
	char no[16];
	struct err e;
	int before;

	/* MR 1期 at 30 months: outside 12-24 months. */
	bt_resident(f, BABY, "2021-09-01", 2, "", 1);
	before = bt_audit_count(f, "update", NULL);
	entry(&v, "MR1", 1, "2024-03-05");
	assert_int_equal(vaccbook_record(f->clerk, &v, no, NULL, &e), -1);
	assert_int_equal(e.code, E_VACCINE_WINDOW);
	assert_true(err_is_alert(e.code));
	assert_int_equal(bt_audit_count(f, "update", NULL), before);
	v.confirm_alerts = 1;
	record(f, &v, no);
	assert_int_equal(db_dose_latest(f->lg->db, no, &d, &e), 0);
	assert_int_equal(d.voluntary, 1);
}

static void
test_correction_is_a_version(void **state)
{
	struct fx *f = *state;
	struct vaccbook_entry v;
	struct db_dose d;
	char no[16], no2[16];
	struct err e;
	int rireki;

	bt_resident(f, BABY, "2024-01-15", 1, "", 1);
	entry(&v, "HIB", 1, "2024-03-20");
	record(f, &v, no);
	confirm_as(f, no, 1);
	entry(&v, "HIB", 1, "2024-03-21");
	v.record_no = no;
	v.reason_code = "03";
	assert_int_equal(vaccbook_record(f->clerk, &v, no2, &rireki, &e), -1);
	assert_string_equal(e.field, "justification");
	v.justification = "予診票の接種日を読み違えた";
	assert_int_equal(vaccbook_record(f->clerk, &v, no2, &rireki, &e), 0);
	assert_string_equal(no2, no);
	assert_int_equal(rireki, 2);
	assert_int_equal(db_dose_latest(f->lg->db, no, &d, &e), 0);
	assert_string_equal(d.op, "correct");
	assert_string_equal(d.date, "2024-03-21");
}

static int
count_dose(void *ctx, const struct db_dose *d)
{
	(void)d;
	(*(int *)ctx)++;
	return 0;
}

static void
test_pending_absent_from_notice_query(void **state)
{
	struct fx *f = *state;
	struct vaccbook_entry v;
	char no[16];
	struct err e;
	int n = 0;

	bt_resident(f, BABY, "2024-01-15", 1, "", 1);
	entry(&v, "HIB", 1, "2024-03-20");
	record(f, &v, no);
	assert_int_equal(vaccbook_each_confirmed(f->sup, "2024-01-01",
	    "2024-12-31", count_dose, &n, &e), 0);
	assert_int_equal(n, 0);
	confirm_as(f, no, 1);
	assert_int_equal(db_dose_each_confirmed(f->lg->db, "2024-01-01", NULL,
	    count_dose, &n, &e), 0);
	assert_int_equal(n, 1);
}

static void
test_due_list_count_and_page(void **state)
{
	struct fx *f = *state;
	struct vaccbook_due out[50];
	char atena[16];
	struct err e;
	int i, n, total;

	for (i = 0; i < 7; i++) {
		snprintf(atena, sizeof atena, "30000001%02d", i % 100);
		bt_resident(f, atena, "2024-01-10", 1 + i % 2, "", 1);
	}
	bt_resident(f, "3000000200", "2018-01-10", 1, "", 1);	/* too old */
	assert_int_equal(vaccbook_due(f->clerk, "HIB", 2, 60, "2024-04-01", 0,
	    3, out, &n, &total, &e), 0);
	assert_int_equal(total, 7);
	assert_int_equal(n, 3);
	assert_string_equal(out[0].atena_no, "3000000100");
	assert_int_equal(out[0].due.dose_no, 1);
	assert_int_equal(vaccbook_due(f->clerk, "HIB", 2, 60, "2024-04-01", 6,
	    3, out, &n, &total, &e), 0);
	assert_int_equal(n, 1);
	assert_string_equal(out[0].atena_no, "3000000106");
	/* The page is capped at search_cap, whatever is asked. */
	assert_int_equal(vaccbook_due(f->clerk, "HIB", 0, 1500, "2024-04-01", 0,
	    5000, out, &n, &total, &e), 0);
	assert_true(n <= 50);
	assert_int_equal(bt_audit_count(f, "due-list", "HIB"), 3);
	assert_int_equal(vaccbook_due(f->clerk, "NOPE", 2, 60, "2024-04-01", 0,
	    3, out, &n, &total, &e), -1);
	assert_int_equal(e.code, E_CODE_UNKNOWN);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_record_pending_one_audit_row, bt_setup, bt_teardown),
		cmocka_unit_test_setup_teardown(test_interval_refused_against_confirmed_history, bt_setup, bt_teardown),
		cmocka_unit_test_setup_teardown(test_expired_lot_and_unknown_codes, bt_setup, bt_teardown),
		cmocka_unit_test_setup_teardown(test_window_alert_needs_confirmation, bt_setup, bt_teardown),
		cmocka_unit_test_setup_teardown(test_correction_is_a_version, bt_setup, bt_teardown),
		cmocka_unit_test_setup_teardown(test_pending_absent_from_notice_query, bt_setup, bt_teardown),
		cmocka_unit_test_setup_teardown(test_due_list_count_and_page, bt_setup, bt_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
