/*
 * Record locks while editing (ledger/lock.c, db/db_lock.c) and the row
 * version that refuses a stale form (resident_change.expect_rireki), on
 * two counters (terminals T1 and T3) sharing one ledger.  Runs on SQLite
 * and, under MADOGUCHI_TEST_PG, on PostgreSQL.
 */
#include "testutil.h"

#include "auth.h"
#include "clock.h"
#include "db.h"
#include "demo.h"
#include "ledger_internal.h"
#include "lock.h"
#include "resident.h"

static time_t fake_now;

static time_t
fake_clock(void)
{
	return fake_now;
}

struct fx {
	char *dir;
	struct ledger *lg1, *lg3;	/* two counters */
	struct session *clerk, *clerk2, *sup;
};

static struct ledger *
counter(const char *target, const char *terminal)
{
	struct config *cfg = config_new();
	struct ledger *lg;
	struct err e;

	config_set(cfg, "terminal_id", terminal);
	config_set(cfg, "audit_syslog", "no");
	if ((lg = ledger_open(target, cfg, &e)) == NULL)
		fail_msg("open: %s", e.detail);
	config_free(&cfg);
	return lg;
}

static int
setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	struct db_terminal t;
	char target[4200];
	struct err e;

	fake_now = 1711933320;	/* 2024-04-01 10:02 JST-ish; any fixed time */
	clock_set_source(fake_clock);
	f->dir = test_tmpdir();
	test_db_target(f->dir, target, sizeof target);
	f->lg1 = counter(target, "T1");
	if (demo_accounts(f->lg1, &e) == -1 ||
	    demo_residents(f->lg1, 7, 3, "admin", NULL, NULL, &e) == -1)
		fail_msg("setup: %s", e.detail);
	memset(&t, 0, sizeof t);
	snprintf(t.id, sizeof t.id, "T3");
	t.active = 1;
	snprintf(t.registered_at, sizeof t.registered_at, "2024-04-01 09:00:00");
	snprintf(t.registered_by, sizeof t.registered_by, "admin");
	if (db_terminal_put(f->lg1->db, &t, &e) == -1)
		fail_msg("terminal: %s", e.detail);
	f->lg3 = counter(target, "T3");
	assert_non_null(f->clerk = auth_login(f->lg1, "clerk", "demo-clerk", &e));
	assert_non_null(f->sup = auth_login(f->lg1, "supervisor",
	    "demo-supervisor", &e));
	assert_non_null(f->clerk2 = auth_login(f->lg3, "clerk2", "demo-clerk2", &e));
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;

	auth_logout(&f->clerk, NULL);
	auth_logout(&f->clerk2, NULL);
	auth_logout(&f->sup, NULL);
	ledger_close(&f->lg1);
	ledger_close(&f->lg3);
	clock_set_source(NULL);
	test_rmtree(f->dir);
	free(f->dir);
	free(f);
	return 0;
}

static void
test_second_counter_sees_holder(void **state)
{
	struct fx *f = *state;
	struct lock_info who;
	char since[TIME_MAX];
	struct err e;

	assert_int_equal(lock_acquire(f->clerk, LEDGER_RESIDENT, "0000000001",
	    NULL, &e), 0);
	clock_format(fake_now, since, sizeof since);
	fake_now += 120;
	err_clear(&e);
	assert_int_equal(lock_acquire(f->clerk2, LEDGER_RESIDENT, "0000000001",
	    &who, &e), -1);
	assert_int_equal(e.code, E_RECORD_LOCKED);
	assert_string_equal(who.holder, "clerk");
	assert_string_equal(who.terminal, "T1");
	assert_string_equal(who.since, since);
	assert_non_null(strstr(e.detail, "clerk at terminal T1 since"));
	/* Another record and another ledger's record of that key are free. */
	assert_int_equal(lock_acquire(f->clerk2, LEDGER_RESIDENT, "0000000002",
	    NULL, &e), 0);
	assert_int_equal(lock_acquire(f->clerk2, LEDGER_CHILD, "0000000001",
	    NULL, &e), 0);
	/* The holder renews without losing "since"; the other side sees it. */
	assert_int_equal(lock_acquire(f->clerk, LEDGER_RESIDENT, "0000000001",
	    NULL, &e), 0);
	assert_int_equal(lock_holder(f->clerk2, LEDGER_RESIDENT, "0000000001",
	    &who, &e), 0);
	assert_string_equal(who.since, since);
	/* The same user at another terminal is another counter. */
	err_clear(&e);
	assert_int_equal(lock_acquire(f->sup, LEDGER_RESIDENT, "0000000002",
	    &who, &e), -1);
	assert_int_equal(e.code, E_RECORD_LOCKED);
	assert_string_equal(who.holder, "clerk2");
	assert_string_equal(who.terminal, "T3");
}

static void
test_release_and_expiry(void **state)
{
	struct fx *f = *state;
	struct lock_info who;
	struct session *admin;
	struct err e;

	assert_int_equal(lock_acquire(f->clerk, LEDGER_RESIDENT, "0000000003",
	    NULL, &e), 0);
	/* Only the holder releases. */
	err_clear(&e);
	assert_int_equal(lock_release(f->clerk2, LEDGER_RESIDENT, "0000000003",
	    &e), -1);
	assert_int_equal(e.code, E_NOT_FOUND);
	assert_int_equal(lock_release(f->clerk, LEDGER_RESIDENT, "0000000003",
	    &e), 0);
	assert_int_equal(lock_holder(f->clerk2, LEDGER_RESIDENT, "0000000003",
	    &who, &e), -1);
	assert_int_equal(lock_acquire(f->clerk2, LEDGER_RESIDENT, "0000000003",
	    NULL, &e), 0);
	/* Default expiry 15 minutes: at 14:59 still held, at 15:00 free. */
	fake_now += 15 * 60 - 1;
	assert_int_equal(lock_acquire(f->clerk, LEDGER_RESIDENT, "0000000003",
	    NULL, &e), -1);
	fake_now += 1;
	assert_int_equal(lock_acquire(f->clerk, LEDGER_RESIDENT, "0000000003",
	    NULL, &e), 0);
	/* An admin shortens it to 2 minutes. */
	assert_non_null(admin = auth_login(f->lg1, "admin", "demo-admin", &e));
	assert_int_equal(ledger_setting_put(admin, "edit_lock_minutes", "2", &e), 0);
	assert_int_equal(ledger_setting_put(admin, "edit_lock_minutes", "0", &e),
	    -1);
	auth_logout(&admin, NULL);
	assert_int_equal(lock_acquire(f->clerk, LEDGER_RESIDENT, "0000000001",
	    NULL, &e), 0);
	fake_now += 121;
	assert_int_equal(lock_acquire(f->clerk2, LEDGER_RESIDENT, "0000000001",
	    NULL, &e), 0);
	/* An auditor may not lock. */
	{
		struct session *aud = auth_login(f->lg1, "auditor",
		    "demo-auditor", &e);

		assert_non_null(aud);
		err_clear(&e);
		assert_int_equal(lock_acquire(aud, LEDGER_RESIDENT, "0000000002",
		    NULL, &e), -1);
		assert_int_equal(e.code, E_DENIED);
		auth_logout(&aud, NULL);
	}
}

/* A correction of person atena opened at version `at`. */
static int
correct(struct session *s, const char *atena, int at, const char *addr,
    struct err *e)
{
	struct resident_change c;
	char out[16];
	int rireki;

	memset(&c, 0, sizeof c);
	if (db_resident_get(s->lg->db, atena, &c.rec, e) == -1)
		return -1;
	c.op = RES_CORRECT;
	snprintf(c.rec.address, sizeof c.rec.address, "%s", addr);
	c.reason_code = "03";
	c.ref_no = "R6-0100";
	c.justification = "住所の誤記";
	c.expect_rireki = at;
	return resident_submit(s, &c, out, &rireki, e);
}

static void
test_stale_form_refused(void **state)
{
	struct fx *f = *state;
	struct db_resident r;
	struct err e;

	/* Both counters open person 2 at 履歴番号 1; T3 saves first. */
	assert_int_equal(correct(f->clerk2, "0000000002", 1, "京都市北区1", &e), 0);
	err_clear(&e);
	assert_int_equal(correct(f->clerk, "0000000002", 1, "京都市南区2", &e), -1);
	assert_int_equal(e.code, E_RECORD_CHANGED);
	assert_string_equal(e.field, "rireki_no");
	/* Nothing of the stale form was written. */
	assert_int_equal(db_resident_latest(f->lg1->db, "0000000002", &r, &e), 0);
	assert_int_equal(r.rireki_no, 2);
	assert_string_equal(r.address, "京都市北区1");
	/* Reopened at the newest version, the change meets the pending rule. */
	err_clear(&e);
	assert_int_equal(correct(f->clerk, "0000000002", 2, "京都市南区2", &e), -1);
	assert_int_equal(e.code, E_PENDING_EXISTS);
	/* Without a version the check is not made (batch imports). */
	assert_int_equal(correct(f->clerk, "0000000003", 0, "京都市東区3", &e), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_second_counter_sees_holder, setup, teardown),
		cmocka_unit_test_setup_teardown(test_release_and_expiry, setup, teardown),
		cmocka_unit_test_setup_teardown(test_stale_form_refused, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
