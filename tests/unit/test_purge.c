/*
 * Unit tests for ledger/purge.c and the audit anchor in ledger/audit.c
 * on a clock fixed at 2031-06-10 12:00: audit rows
 * exactly 7 years old stay and one day older go; removed persons at the
 * 150-year boundary; vaccination records at the 5-year boundary; pending,
 * 疑義 and legal-hold records kept and reported; the deletion history
 * holds keys only and no deleted name is left in the database files; the
 * chain verifies after the purge from its anchor and fails when the
 * anchor is tampered with (in the table or the checkpoint file); the
 * approval and the retention floor.
 */
#include "testutil.h"

#include <sqlite3.h>
#include <time.h>

#include "approval.h"
#include "audit.h"
#include "auth.h"
#include "clock.h"
#include "db.h"
#include "demo.h"
#include "ledger_internal.h"
#include "purge.h"

static time_t fake_now;

static time_t
fake_clock(void)
{
	return fake_now;
}

static time_t
at(int y, int m, int d, int hh, int mm, int ss)
{
	struct tm tm;

	memset(&tm, 0, sizeof tm);
	tm.tm_year = y - 1900;
	tm.tm_mon = m - 1;
	tm.tm_mday = d;
	tm.tm_hour = hh;
	tm.tm_min = mm;
	tm.tm_sec = ss;
	tm.tm_isdst = -1;
	return mktime(&tm);
}

struct fx {
	char *dir;
	char path[512];
	struct ledger *lg;
	struct session *admin, *sup;
};

static void
sql(const char *path, const char *q)
{
	sqlite3 *h;
	char *msg = NULL;

	assert_int_equal(sqlite3_open(path, &h), SQLITE_OK);
	if (sqlite3_exec(h, q, NULL, NULL, &msg) != SQLITE_OK)
		fail_msg("%s: %s", q, msg);
	sqlite3_close(h);
}

static long long
scalar(const char *path, const char *q)
{
	sqlite3 *h;
	sqlite3_stmt *st;
	long long v = -1;

	assert_int_equal(sqlite3_open(path, &h), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(h, q, -1, &st, NULL), SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(h);
	return v;
}

static void
old_row(struct ledger *lg, time_t when, const char *target)
{
	struct audit_event ev = { "view", target, "old", "ok", NULL };
	struct err e;

	fake_now = when;
	assert_int_equal(audit_append(lg, NULL, "sys", &ev, &e), 0);
}

/* A removed person (resident_flag 0) with its removal date. */
static void
removed(struct ledger *lg, const char *atena, const char *name,
    const char *removal, int doubt)
{
	struct db_resident r;
	struct err e;

	demo_resident(5, atoi(atena), &r);
	snprintf(r.atena_no, sizeof r.atena_no, "%s", atena);
	snprintf(r.name, sizeof r.name, "%s", name);
	snprintf(r.state, sizeof r.state, "confirmed");
	r.current = 1;
	r.resident_flag = 0;
	r.doubt = doubt;
	snprintf(r.removal_date, sizeof r.removal_date, "%s", removal);
	snprintf(r.operator_login, sizeof r.operator_login, "sys");
	snprintf(r.confirmed_by, sizeof r.confirmed_by, "sup");
	assert_int_equal(db_resident_insert(lg->db, &r, &e), 0);
}

static void
dose(const char *path, const char *rec, const char *stamp, const char *state)
{
	char q[600];

	snprintf(q, sizeof q, "INSERT INTO vaccine_doses (record_no, rireki_no, "
	    "state, current, op, atena_no, vaccine_code, dose_no, date, operator, "
	    "terminal, stamp, update_seq) VALUES ('%s', 1, '%s', %d, 'create', "
	    "'0000000001', 'MR1', 1, substr('%s', 1, 10), 'clerk', 'T1', '%s', 1)",
	    rec, state, strcmp(state, "confirmed") == 0, stamp, stamp);
	sql(path, q);
}

static int
setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	struct err e;

	setenv("MADOGUCHI_TERMINAL", "T1", 1);
	clock_set_source(fake_clock);
	f->dir = test_tmpdir();
	snprintf(f->path, sizeof f->path, "%s/ledger.db", f->dir);
	err_clear(&e);
	fake_now = at(2023, 6, 1, 9, 0, 0);
	assert_non_null(f->lg = ledger_open(f->path, NULL, &e));
	/* rows 1..4: 8 years, 7 years and a day (the last second of the
	 * day), exactly 7 years (the first second), 6 years old */
	old_row(f->lg, at(2023, 6, 10, 12, 0, 0), "r1");
	old_row(f->lg, at(2024, 6, 9, 23, 59, 59), "r2");
	old_row(f->lg, at(2024, 6, 10, 0, 0, 0), "r3");
	old_row(f->lg, at(2025, 6, 10, 12, 0, 0), "r4");
	fake_now = at(2031, 6, 10, 12, 0, 0);
	assert_int_equal(demo_accounts(f->lg, &e), 0);
	/* removed persons at the 150-year boundary (cut-off 1881-06-10) */
	removed(f->lg, "0000000101", "消去太郎", "1881-06-09", 0);
	removed(f->lg, "0000000102", "残存次郎", "1881-06-10", 0);
	removed(f->lg, "0000000103", "疑義三郎", "1800-01-01", 1);
	removed(f->lg, "0000000104", "保留四郎", "1800-01-01", 0);
	sql(f->path, "INSERT INTO legal_holds VALUES ('resident', '0000000104', "
	    "'訴訟', 'admin', '2031-01-01 00:00:00')");
	/* vaccination records at the 5-year boundary (cut-off 2026-06-10) */
	dose(f->path, "V1", "2026-06-09 17:00:00", "confirmed");
	dose(f->path, "V2", "2026-06-10 08:00:00", "confirmed");
	dose(f->path, "V3", "2020-01-01 08:00:00", "pending");
	assert_non_null(f->admin = auth_login(f->lg, "admin", "demo-admin", &e));
	assert_non_null(f->sup = auth_login(f->lg, "supervisor",
	    "demo-supervisor", &e));
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;

	auth_logout(&f->admin, NULL);
	auth_logout(&f->sup, NULL);
	ledger_close(&f->lg);
	test_rmtree(f->dir);
	free(f->dir);
	free(f);
	clock_set_source(NULL);
	return 0;
}

static int
file_has(const char *path, const char *needle)
{
	FILE *fp = fopen(path, "rb");
	static char buf[8 << 20];
	size_t n;

	if (fp == NULL)
		return 0;
	n = fread(buf, 1, sizeof buf, fp);
	fclose(fp);
	return memmem(buf, n, needle, strlen(needle)) != NULL;
}

static void
test_dry_run_and_approval(void **state)
{
	struct fx *f = *state;
	struct purge_opts o = { 1, 0, NULL, NULL };
	struct purge_report rep;
	struct err e;

	err_clear(&e);
	assert_int_equal(purge_run(f->admin, &o, &rep, &e), 0);
	assert_string_equal(rep.audit_cutoff, "2024-06-10");
	assert_int_equal(rep.audit_rows, 2);
	assert_string_equal(rep.ledgers[0].cutoff, "1881-06-10");
	assert_int_equal(rep.ledgers[0].expired, 3);	/* 101, 103, 104 */
	assert_int_equal(rep.ledgers[0].kept_doubt, 1);
	assert_int_equal(rep.ledgers[0].kept_hold, 1);
	assert_int_equal(rep.ledgers[3].expired, 2);	/* V1, V3 */
	assert_int_equal(rep.ledgers[3].kept_pending, 1);
	assert_int_equal(scalar(f->path, "SELECT count(*) FROM residents"), 4);
	/* the real run needs an approval; a supervisor may not purge */
	o.dry_run = 0;
	assert_int_equal(purge_run(f->admin, &o, &rep, &e), -1);
	assert_int_equal(e.code, E_APPROVAL);
	assert_int_equal(purge_run(f->sup, &o, &rep, &e), -1);
	assert_int_equal(e.code, E_DENIED);
	assert_int_equal(scalar(f->path, "SELECT min(seq) FROM audit_log"), 1);
	/* the floor of the operation logs' retention */
	assert_int_equal(ledger_setting_put(f->admin, "retention.audit", "5",
	    &e), -1);
	assert_int_equal(e.code, E_RETENTION);
	assert_int_equal(ledger_setting_put(f->admin, "retention.audit", "8",
	    &e), 0);
	o.dry_run = 1;
	assert_int_equal(purge_run(f->admin, &o, &rep, &e), 0);
	assert_string_equal(rep.audit_cutoff, "2023-06-10");
	assert_int_equal(rep.audit_rows, 0);
}

static void
test_purge(void **state)
{
	struct fx *f = *state;
	struct purge_opts o = { 0, 0, NULL, NULL };
	struct purge_report rep;
	struct audit_report ar;
	char chain[600];
	int64_t id;
	struct err e;

	err_clear(&e);
	assert_int_equal(approval_request(f->admin, "purge", 2, "年次廃棄", "",
	    &id, &e), 0);
	assert_int_equal(approval_decide(f->sup, id, 1, &e), 0);
	o.approval_id = id;
	if (purge_run(f->admin, &o, &rep, &e) == -1)
		fail_msg("purge: %s %s", err_message(e.code), e.detail);
	/* the audit rows: 1 and 2 gone, 3 (exactly 7 years) stays */
	assert_int_equal(rep.audit_rows, 2);
	assert_int_equal(rep.anchor_seq, 2);
	assert_int_equal(scalar(f->path, "SELECT min(seq) FROM audit_log"), 3);
	/* residents: the day-older one gone, the boundary one kept, 疑義 and
	 * the legal hold kept */
	assert_int_equal(scalar(f->path, "SELECT count(*) FROM residents WHERE "
	    "atena_no = '0000000101'"), 0);
	assert_int_equal(scalar(f->path, "SELECT count(*) FROM residents WHERE "
	    "atena_no IN ('0000000102', '0000000103', '0000000104')"), 3);
	/* vaccination: V1 gone, V2 (exactly 5 years) and pending V3 kept */
	assert_int_equal(scalar(f->path, "SELECT count(*) FROM vaccine_doses"), 2);
	assert_int_equal(scalar(f->path, "SELECT count(*) FROM vaccine_doses "
	    "WHERE record_no = 'V1'"), 0);
	assert_int_equal(rep.ledgers[0].deleted + rep.ledgers[3].deleted, 2);
	/* the deletion history: keys, class, end date, approver */
	assert_int_equal(scalar(f->path, "SELECT count(*) FROM deletion_log WHERE "
	    "record_key = '0000000101' AND end_date = '2031-06-09' AND "
	    "approver = 'supervisor' AND operator = 'admin'"), 1);
	assert_int_equal(scalar(f->path, "SELECT count(*) FROM deletion_log WHERE "
	    "record_key = 'V1' AND retention_class = 'vaccine' AND "
	    "end_date = '2031-06-09'"), 1);
	/* no deleted name anywhere in the files */
	assert_false(file_has(f->path, "消去太郎"));
	snprintf(chain, sizeof chain, "%s-wal", f->path);
	assert_false(file_has(chain, "消去太郎"));
	assert_true(file_has(f->path, "残存次郎"));
	/* the approval is spent */
	assert_int_equal(purge_run(f->admin, &o, &rep, &e), -1);
	assert_int_equal(e.code, E_APPROVAL);

	/* the chain verifies from the anchor */
	if (audit_verify_ledger(f->lg, &ar, &e) == -1)
		fail_msg("verify: %s", e.detail);
	assert_int_equal(ar.anchor_seq, 2);
	snprintf(chain, sizeof chain, "%s.chain", f->path);
	assert_true(file_has(chain, "anchor 2 "));
	/* the audit log still refuses a plain delete */
	{
		sqlite3 *h;

		assert_int_equal(sqlite3_open(f->path, &h), SQLITE_OK);
		assert_int_not_equal(sqlite3_exec(h, "DELETE FROM audit_log WHERE "
		    "seq = 3", NULL, NULL, NULL), SQLITE_OK);
		assert_int_not_equal(sqlite3_exec(h, "UPDATE purge_anchor SET "
		    "hash = 'x'", NULL, NULL, NULL), SQLITE_OK);
		sqlite3_close(h);
	}
}

static void
test_anchor_tampered(void **state)
{
	struct fx *f = *state;
	struct purge_opts o = { 0, 0, NULL, NULL };
	struct purge_report rep;
	struct audit_report ar;
	char q[300];
	int64_t id;
	struct err e;

	err_clear(&e);
	assert_int_equal(approval_request(f->admin, "purge", 2, "p", "", &id, &e), 0);
	assert_int_equal(approval_decide(f->sup, id, 1, &e), 0);
	o.approval_id = id;
	assert_int_equal(purge_run(f->admin, &o, &rep, &e), 0);
	assert_int_equal(audit_verify_ledger(f->lg, &ar, &e), 0);

	/* an anchor moved by hand (triggers dropped, as with the sqlite3
	 * tool): row 3 no longer links to it */
	sql(f->path, "DROP TRIGGER purge_anchor_no_update");
	sql(f->path, "UPDATE purge_anchor SET hash = "
	    "'1111111111111111111111111111111111111111111111111111111111111111'");
	assert_int_equal(audit_verify_ledger(f->lg, &ar, &e), -1);
	assert_int_equal(e.code, E_AUDIT_BROKEN);

	/* rows deleted and a matching anchor forged in the table: the
	 * checkpoint file does not confirm it */
	snprintf(q, sizeof q, "UPDATE purge_anchor SET seq = 3, hash = (SELECT "
	    "hash FROM audit_log WHERE seq = 3)");
	sql(f->path, q);
	sql(f->path, "DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log "
	    "WHERE seq = 3");
	assert_int_equal(audit_verify_ledger(f->lg, &ar, &e), -1);
	assert_int_equal(e.code, E_AUDIT_BROKEN);
	assert_non_null(strstr(e.detail, "not in the checkpoint file"));

}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_dry_run_and_approval, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_purge, setup, teardown),
		cmocka_unit_test_setup_teardown(test_anchor_tampered, setup,
		    teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
