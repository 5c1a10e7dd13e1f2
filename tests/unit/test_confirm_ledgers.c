/*
 * Confirmation (issue 5) of the three ledger books: blind re-keying of a
 * claim's amount and dates, of a pass's fee and of a dose's lot; the
 * four-eyes rule in the ledger and in each table's trigger; the merged
 * queue of every ledger a supervisor holds; the rejection loop; and the
 * field tables with their sensitivity classes.
 */
#include "booktest.h"

#include "childbook.h"
#include "confirm.h"
#include "passbook.h"
#include "vaccbook.h"

static void
people(struct fx *f)
{
	bt_resident(f, "1000000001", "1990-01-01", 2, "123456789018", 1);
	bt_resident(f, "1000000011", "2024-04-30", 1, "", 1);
	bt_resident(f, "2000000001", "1950-05-05", 1, "", 1);
	bt_resident(f, "3000000001", "2024-01-15", 1, "", 1);
}

static void
claim(struct fx *f, struct session *s, char no[16])
{
	struct childbook_intake in;
	struct err e;

	memset(&in, 0, sizeof in);
	in.claimant_atena = "1000000001";
	in.claimant = CHILD_CLAIMANT_GENERAL;
	in.channel = CHILD_CHANNEL_COUNTER;
	in.applicant = CHILD_APPLICANT_SELF;
	in.id_doc = CHILD_ID_MYNUMBER_CARD;
	in.claimant_mynumber = "123456789018";
	in.claimant_mn_method = CHILD_MN_CARD;
	in.claim_date = "2024-05-15";
	in.event_date = "2024-04-30";
	in.n = 1;
	in.child[0].atena_no = "1000000011";
	in.reason_code = "01";
	in.ref_no = "児-R6-0042";
	(void)f;
	if (childbook_intake(s, &in, no, NULL, &e) != 0)
		fail_msg("intake: %s [%s] %s", err_message(e.code), e.field, e.detail);
}

static void
pass(struct session *s, char no[16])
{
	struct passbook_application a;
	struct err e;

	memset(&a, 0, sizeof a);
	a.atena_no = "2000000001";
	a.year = 2024;
	a.apply_date = "2024-04-08";
	a.channel = PASS_CHANNEL_COUNTER;
	a.applicant = PASS_APPLICANT_SELF;
	a.id_doc = 1;
	a.income = 1500000;
	a.reason_code = "01";
	a.ref_no = "敬-R6-0101";
	if (passbook_apply(s, &a, no, NULL, &e) != 0)
		fail_msg("apply: %s [%s] %s", err_message(e.code), e.field, e.detail);
}

static void
dose(struct session *s, char no[16])
{
	struct vaccbook_entry v;
	struct err e;

	memset(&v, 0, sizeof v);
	v.atena_no = "3000000001";
	v.vaccine_code = "HIB";
	v.dose_no = 1;
	v.date = "2024-03-20";
	v.lot = "HB123A";
	v.lot_expiry = "2025-12-31";
	v.institution = "2610100011";
	v.amount = 8800;
	v.reason_code = "30";
	v.ref_no = "予-R6-0007";
	if (vaccbook_record(s, &v, no, NULL, &e) != 0)
		fail_msg("dose: %s [%s] %s", err_message(e.code), e.field, e.detail);
}

static const char *
value_of(const struct confirm_view *v, const char *name)
{
	int i;

	for (i = 0; i < v->nfields; i++)
		if (strcmp(v->fields[i].name, name) == 0)
			return v->fields[i].value;
	fail_msg("no field %s", name);
	return NULL;
}

static void
test_claim_blind_rekey(void **state)
{
	struct fx *f = *state;
	struct confirm_ref ref = { LEDGER_CHILD, "", 1 };
	struct confirm_view v;
	struct confirm_value k[3] = {
		{ "claim_date", "2024-05-15" },
		{ "decision_date", "" },
		{ "monthly_total", "10,000" },
	};
	struct db_child_claim c;
	struct err e;

	people(f);
	claim(f, f->clerk, ref.entry);
	assert_int_equal(confirm_open(f->sup, &ref, &v, &e), 0);
	assert_string_equal(v.entered_by, "clerk");
	assert_string_equal(v.op, "intake");
	/* Keys blank; the rest shown for eyeballing. */
	assert_string_equal(value_of(&v, "monthly_total"), "");
	assert_string_equal(value_of(&v, "claim_date"), "");
	assert_string_equal(value_of(&v, "start_month"), "2024-05");
	assert_int_equal(confirm_try(f->sup, &v, k, 3, &e), -1);
	if (e.code != E_CONFIRM_MISMATCH)
		fail_msg("%s %s", err_message(e.code), e.detail);
	assert_string_equal(e.detail, "monthly_total");
	assert_int_equal(bt_audit_count(f, "confirm-mismatch", NULL), 1);
	assert_int_equal(db_child_get(f->lg->db, ref.entry, &c, &e), -1);
	/* Written as on the form: 和暦 and yen signs. */
	k[0].value = "令和6年5月15日";
	k[2].value = "¥15,000";
	assert_int_equal(confirm_try(f->sup, &v, k, 3, &e), 0);
	assert_int_equal(db_child_get(f->lg->db, ref.entry, &c, &e), 0);
	assert_string_equal(c.state, "confirmed");
	assert_string_equal(c.st.confirmed_by, "supervisor");
	assert_int_equal(confirm_try(f->sup2, &v, k, 3, &e), -1);
	assert_int_equal(e.code, E_CONFIRM_STALE);
}

static void
test_own_entry_refused_ledger_and_db(void **state)
{
	struct fx *f = *state;
	struct confirm_ref ref = { LEDGER_CHILD, "", 1 };
	struct confirm_view v;
	char pno[16], dno[16], entry[32];
	struct err e;

	people(f);
	claim(f, f->sup, ref.entry);
	assert_int_equal(confirm_open(f->sup, &ref, &v, &e), -1);
	assert_int_equal(e.code, E_CONFIRM_OWN);
	assert_int_equal(confirm_open(f->clerk, &ref, &v, &e), -1);
	assert_int_equal(e.code, E_DENIED);
	pass(f->sup, pno);
	dose(f->sup, dno);
	snprintf(entry, sizeof entry, "2024-%s", pno);
	/* Bypassing the ledger: each table's trigger refuses. */
	assert_int_equal(db_begin(f->lg->db, &e), 0);
	assert_int_equal(db_book_make_current(f->lg->db, DB_BOOK_CHILD,
	    ref.entry, 1, "supervisor", "2024-06-01 10:00:00", &e), -1);
	assert_non_null(strstr(e.detail, "four-eyes"));
	db_rollback(f->lg->db);
	assert_int_equal(db_begin(f->lg->db, &e), 0);
	assert_int_equal(db_book_make_current(f->lg->db, DB_BOOK_PASS, entry, 1,
	    "supervisor", "2024-06-01 10:00:00", &e), -1);
	assert_non_null(strstr(e.detail, "four-eyes"));
	db_rollback(f->lg->db);
	assert_int_equal(db_begin(f->lg->db, &e), 0);
	assert_int_equal(db_book_make_current(f->lg->db, DB_BOOK_DOSE, dno, 1,
	    "supervisor", "2024-06-01 10:00:00", &e), -1);
	assert_non_null(strstr(e.detail, "four-eyes"));
	db_rollback(f->lg->db);
	/* Another supervisor may. */
	assert_int_equal(db_begin(f->lg->db, &e), 0);
	assert_int_equal(db_book_make_current(f->lg->db, DB_BOOK_DOSE, dno, 1,
	    "supervisor2", "2024-06-01 10:00:00", &e), 0);
	assert_int_equal(db_commit(f->lg->db, &e), 0);
}

struct seen {
	char ledger[4][16];
	char entry[4][24];
	int n;
};

static int
see(void *ctx, const struct db_pending *p)
{
	struct seen *s = ctx;

	if (s->n < 4) {
		snprintf(s->ledger[s->n], 16, "%s", p->ledger);
		snprintf(s->entry[s->n], 24, "%s", p->entry);
	}
	s->n++;
	return 0;
}

static void
test_queue_of_every_ledger(void **state)
{
	struct fx *f = *state;
	struct seen s;
	char cno[16], pno[16], dno[16], entry[32];
	struct err e;

	people(f);
	claim(f, f->clerk, cno);
	pass(f->clerk, pno);
	dose(f->clerk2, dno);
	memset(&s, 0, sizeof s);
	assert_int_equal(confirm_queue(f->sup, LEDGER_N, NULL, see, &s, &e), 0);
	assert_int_equal(s.n, 3);
	assert_string_equal(s.ledger[0], "child");	/* oldest first */
	assert_string_equal(s.entry[0], cno);
	assert_string_equal(s.ledger[1], "elderly");
	snprintf(entry, sizeof entry, "2024-%s", pno);
	assert_string_equal(s.entry[1], entry);
	assert_string_equal(s.ledger[2], "vaccine");
	memset(&s, 0, sizeof s);
	assert_int_equal(confirm_queue(f->sup, LEDGER_N, "clerk2", see, &s, &e), 0);
	assert_int_equal(s.n, 1);
	memset(&s, 0, sizeof s);
	assert_int_equal(confirm_queue(f->sup, LEDGER_ELDERLY, NULL, see, &s, &e), 0);
	assert_int_equal(s.n, 1);
	assert_int_equal(confirm_queue(f->clerk, LEDGER_N, NULL, see, &s, &e), -1);
	assert_int_equal(e.code, E_DENIED);
}

static void
test_pass_fee_and_dose_lot_rekey(void **state)
{
	struct fx *f = *state;
	struct confirm_ref ref = { LEDGER_ELDERLY, "", 1 };
	struct confirm_view v;
	struct confirm_value pk[5] = {
		{ "apply_date", "R6.4.8" }, { "judged_on", "" },
		{ "fee_amount", "0" }, { "paid_amount", "0" },
		{ "refund_amount", "0" },
	};
	struct confirm_value dk[4] = {
		{ "date", "2024-03-20" }, { "lot", "HB123B" },
		{ "amount", "8,800" }, { "subsidy_amount", "0" },
	};
	struct db_pass p;
	char pno[16];
	struct err e;

	people(f);
	pass(f->clerk, pno);
	snprintf(ref.entry, sizeof ref.entry, "2024-%s", pno);
	assert_int_equal(confirm_open(f->sup, &ref, &v, &e), 0);
	/* Income is shown to a supervisor, masked once the site says so. */
	assert_string_equal(value_of(&v, "income"), "1500000");
	assert_int_equal(db_setting_put(f->lg->db, "visibility.supervisor.income",
	    "masked", "2024-06-01 09:00:00", "admin", &e), 0);
	assert_int_equal(db_setting_put(f->lg->db, "visibility.clerk.income",
	    "masked", "2024-06-01 09:00:00", "admin", &e), 0);
	assert_int_equal(confirm_open(f->sup, &ref, &v, &e), 0);
	assert_string_equal(value_of(&v, "income"), visibility_mask());
	assert_int_equal(confirm_try(f->sup, &v, pk, 5, &e), 0);
	assert_int_equal(db_pass_get(f->lg->db, 2024, pno, &p, &e), 0);
	assert_string_equal(p.state, "confirmed");
	/* A dose: the lot number is re-keyed blind. */
	ref.ledger = LEDGER_VACCINE;
	dose(f->clerk, ref.entry);
	assert_int_equal(confirm_open(f->sup2, &ref, &v, &e), 0);
	assert_int_equal(confirm_try(f->sup2, &v, dk, 4, &e), -1);
	assert_int_equal(e.code, E_CONFIRM_MISMATCH);
	assert_string_equal(e.detail, "lot");
	dk[1].value = "HB123A";
	assert_int_equal(confirm_try(f->sup2, &v, dk, 4, &e), 0);
}

static void
test_claim_rejection_loop(void **state)
{
	struct fx *f = *state;
	struct confirm_ref ref = { LEDGER_CHILD, "", 1 };
	struct childbook_intake in;
	struct confirm_view v;
	struct confirm_value k[3] = {
		{ "claim_date", "2024-05-15" }, { "decision_date", "" },
		{ "monthly_total", "15000" },
	};
	struct seen s;
	char no[16];
	struct err e;
	int rireki;

	people(f);
	claim(f, f->clerk, ref.entry);
	assert_int_equal(confirm_reject(f->sup, &ref, "", &e), -1);
	assert_int_equal(e.code, E_REQUIRED);
	assert_int_equal(confirm_reject(f->sup, &ref, "事由発生日を確認", &e), 0);
	memset(&s, 0, sizeof s);
	assert_int_equal(confirm_rejected(f->clerk, see, &s, &e), 0);
	assert_int_equal(s.n, 1);
	assert_string_equal(s.ledger[0], "child");
	memset(&s, 0, sizeof s);
	assert_int_equal(confirm_rejected(f->clerk2, see, &s, &e), 0);
	assert_int_equal(s.n, 0);
	/* The clerk resubmits the same claim as its next version. */
	memset(&in, 0, sizeof in);
	in.claim_no = ref.entry;
	in.claimant_atena = "1000000001";
	in.claimant = CHILD_CLAIMANT_GENERAL;
	in.channel = CHILD_CHANNEL_COUNTER;
	in.applicant = CHILD_APPLICANT_SELF;
	in.id_doc = CHILD_ID_MYNUMBER_CARD;
	in.claimant_mynumber = "123456789018";
	in.claimant_mn_method = CHILD_MN_CARD;
	in.claim_date = "2024-05-15";
	in.event_date = "2024-04-30";
	in.n = 1;
	in.child[0].atena_no = "1000000011";
	in.reason_code = "02";
	in.ref_no = "児-R6-0042";
	assert_int_equal(childbook_intake(f->clerk, &in, no, &rireki, &e), 0);
	assert_string_equal(no, ref.entry);
	assert_int_equal(rireki, 2);
	memset(&s, 0, sizeof s);
	assert_int_equal(confirm_rejected(f->clerk, see, &s, &e), 0);
	assert_int_equal(s.n, 0);
	ref.rireki_no = 2;
	assert_int_equal(confirm_open(f->sup2, &ref, &v, &e), 0);
	assert_int_equal(confirm_try(f->sup2, &v, k, 3, &e), 0);
}

static void
test_field_tables(void **state)
{
	struct confirm_fielddef d[CONFIRM_MAX_FIELDS];
	int n, i, income = 0, welfare = 0, health = 0, lot_key = 0;

	(void)state;
	n = confirm_fields(LEDGER_ELDERLY, d, CONFIRM_MAX_FIELDS);
	assert_true(n > 0 && n <= CONFIRM_MAX_FIELDS);
	for (i = 0; i < n; i++) {
		assert_non_null(d[i].label);
		if (strcmp(d[i].name, "income") == 0 || strcmp(d[i].name, "tier") == 0)
			income += d[i].sens == SENS_INCOME;
		if (strcmp(d[i].name, "welfare_pass") == 0 ||
		    strcmp(d[i].name, "public_assistance") == 0 ||
		    strcmp(d[i].name, "disability_no") == 0)
			welfare += d[i].sens == SENS_WELFARE;
	}
	assert_int_equal(income, 2);
	assert_int_equal(welfare, 3);
	n = confirm_fields(LEDGER_VACCINE, d, CONFIRM_MAX_FIELDS);
	for (i = 0; i < n; i++) {
		if (strcmp(d[i].name, "lot") == 0)
			lot_key = d[i].key;
		if (strcmp(d[i].name, "atena_no") != 0)
			health += d[i].sens == SENS_HEALTH;
	}
	assert_int_equal(lot_key, 1);
	assert_int_equal(health, n - 1);
	assert_true(confirm_fields(LEDGER_CHILD, d, CONFIRM_MAX_FIELDS) <=
	    CONFIRM_MAX_FIELDS);
	assert_true(confirm_fields(LEDGER_RESIDENT, d, CONFIRM_MAX_FIELDS) > 0);
	assert_int_equal(confirm_fields(LEDGER_SYSTEM, d, CONFIRM_MAX_FIELDS), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_claim_blind_rekey, bt_setup, bt_teardown),
		cmocka_unit_test_setup_teardown(test_own_entry_refused_ledger_and_db, bt_setup, bt_teardown),
		cmocka_unit_test_setup_teardown(test_queue_of_every_ledger, bt_setup, bt_teardown),
		cmocka_unit_test_setup_teardown(test_pass_fee_and_dose_lot_rekey, bt_setup, bt_teardown),
		cmocka_unit_test_setup_teardown(test_claim_rejection_loop, bt_setup, bt_teardown),
		cmocka_unit_test(test_field_tables),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
