/*
 * Unit tests for ledger/auth.c: login at a registered
 * terminal, failures that never say which part was wrong, the lockout
 * after consecutive failures and the admin unlock, password expiry with a
 * moved clock, the change-password rules (length, reuse of the current
 * and recent passwords), disabled and ended accounts, and the audit rows
 * each event writes.  Argon2id costs ~75 ms a hash: logins are counted.
 */
#include "testutil.h"

#include <time.h>

#include "audit.h"
#include "auth.h"
#include "clock.h"
#include "db.h"
#include "ledger.h"
#include "ledger_internal.h"
#include "users.h"
#include "xmalloc.h"

#define ADMIN_PW "admin-pass-1"
#define CLERK_PW "clerk-pass-1"

struct fx {
	char *dir;
	char *path;
	struct config *cfg;
	struct ledger *lg;
};

static time_t clock_offset;

static time_t
moved_clock(void)
{
	return time(NULL) + clock_offset;
}

static struct ledger *
open_at(struct fx *f, const char *terminal)
{
	struct err e;
	struct ledger *lg;

	setenv("MADOGUCHI_TERMINAL", terminal, 1);
	err_clear(&e);
	lg = ledger_open(f->path, f->cfg, &e);
	if (lg == NULL)
		fail_msg("ledger_open: %s (%s)", err_message(e.code), e.detail);
	return lg;
}

static struct session *
login_ok(struct ledger *lg, const char *login, const char *pw)
{
	struct session *s;
	struct err e;

	err_clear(&e);
	s = auth_login(lg, login, pw, &e);
	if (s == NULL)
		fail_msg("login %s: %s (%s)", login, err_message(e.code), e.detail);
	return s;
}

static enum err_code
login_fails(struct ledger *lg, const char *login, const char *pw)
{
	struct session *s;
	struct err e;

	err_clear(&e);
	s = auth_login(lg, login, pw, &e);
	if (s != NULL) {
		auth_logout(&s, NULL);
		fail_msg("login %s succeeded", login);
	}
	return e.code;
}

/* A ledger at terminal T1 with admin (system admin) and clerk (resident). */
static int
setup(void **state)
{
	struct fx *f = xcalloc(1, sizeof *f);
	struct session *s;
	struct err e;

	clock_offset = 0;
	clock_set_source(NULL);
	f->dir = test_tmpdir();
	f->path = xasprintf("%s/ledger.db", f->dir);
	f->cfg = config_new();
	config_set(f->cfg, "audit_syslog", "no");
	f->lg = open_at(f, "T1");
	err_clear(&e);
	if (users_bootstrap(f->lg, "admin", ADMIN_PW, &e) == -1)
		fail_msg("bootstrap: %s", e.detail);
	s = login_ok(f->lg, "admin", ADMIN_PW);
	if (users_add(s, "clerk", "窓口 花子", CLERK_PW, &e) == -1 ||
	    users_grant(s, "clerk", ROLE_CLERK, LEDGER_RESIDENT, &e) == -1)
		fail_msg("add clerk: %s", e.detail);
	auth_logout(&s, NULL);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;

	clock_set_source(NULL);
	ledger_close(&f->lg);
	config_free(&f->cfg);
	test_rmtree(f->dir);
	free(f->dir);
	free(f->path);
	free(f);
	unsetenv("MADOGUCHI_TERMINAL");
	return 0;
}

struct find {
	const char *op, *outcome, *target, *detail;	/* NULL = any */
	int n;
	struct db_audit_row last;
};

static int
find_row(void *ctx, const struct db_audit_row *r)
{
	struct find *q = ctx;

	if ((q->op && strcmp(r->op, q->op) != 0) ||
	    (q->outcome && strcmp(r->outcome, q->outcome) != 0) ||
	    (q->target && strcmp(r->target, q->target) != 0) ||
	    (q->detail && strstr(r->detail, q->detail) == NULL))
		return 0;
	q->n++;
	q->last = *r;
	return 0;
}

/* Number of audit rows matching; the last one in *last when non-NULL. */
static int
audit_count(struct ledger *lg, const char *op, const char *outcome,
    const char *target, const char *detail, struct db_audit_row *last)
{
	struct find q = { op, outcome, target, detail, 0, { 0 } };

	if (db_audit_each(lg->db, NULL, find_row, &q, NULL) == -1)
		fail_msg("audit_each failed");
	if (last != NULL)
		*last = q.last;
	return q.n;
}

static struct db_user
user(struct ledger *lg, const char *login)
{
	struct db_user u;

	if (db_user_get(lg->db, login, &u, NULL) == -1)
		fail_msg("no user %s", login);
	return u;
}

/* ---- tests ---- */

static void
test_login_success(void **state)
{
	struct fx *f = *state;
	struct db_audit_row r;
	struct session *s;
	struct db_user u;

	s = login_ok(f->lg, "clerk", CLERK_PW);
	assert_ptr_equal(s->lg, f->lg);
	assert_string_equal(s->user.login, "clerk");
	assert_string_equal(s->user.display_name, "窓口 花子");
	assert_int_equal(s->must_change, 0);
	assert_true(session_has(s, LEDGER_RESIDENT, ROLE_CLERK));
	assert_false(session_has(s, LEDGER_CHILD, ROLE_CLERK));
	assert_false(session_has(s, LEDGER_RESIDENT, ROLE_SUPERVISOR));
	assert_false(session_has(s, LEDGER_SYSTEM, ROLE_ADMIN));
	assert_true(session_has_any(s, ROLE_CLERK));
	assert_string_equal(ledger_terminal(f->lg), "T1");
	assert_int_equal(audit_count(f->lg, "login", "ok", "clerk", NULL, &r), 1);
	assert_string_equal(r.user_login, "clerk");
	assert_string_equal(r.terminal, "T1");
	u = user(f->lg, "clerk");
	assert_true(u.last_login_at[0] != '\0');
	/* Only the Argon2id string is stored. */
	assert_int_equal(strncmp(u.pw_hash, "$argon2id$", 10), 0);
	assert_null(strstr(u.pw_hash, CLERK_PW));
	auth_logout(&s, NULL);
	assert_null(s);
	assert_int_equal(audit_count(f->lg, "logout", "ok", "clerk", NULL, &r), 1);
	assert_string_equal(r.user_login, "clerk");
	s = login_ok(f->lg, "clerk", CLERK_PW);
	auth_logout(&s, "auto-logoff");
	assert_int_equal(audit_count(f->lg, "auto-logoff", "ok", "clerk", NULL, NULL), 1);
	auth_logout(&s, NULL);	/* harmless on NULL */
}

static void
test_login_wrong_password(void **state)
{
	struct fx *f = *state;
	struct db_audit_row r;

	assert_int_equal(login_fails(f->lg, "clerk", "clerk-pass-2"), E_AUTH_FAILED);
	assert_int_equal(audit_count(f->lg, "login", "failed", "clerk", NULL, &r), 1);
	assert_string_equal(r.user_login, "clerk");
	assert_string_equal(r.terminal, "T1");
	assert_non_null(strstr(r.detail, "wrong password"));
	/* The typed password is never logged. */
	assert_null(strstr(r.detail, "clerk-pass-2"));
	assert_int_equal(user(f->lg, "clerk").failed_count, 1);
	assert_int_equal(login_fails(f->lg, "clerk", ""), E_AUTH_FAILED);
	assert_int_equal(user(f->lg, "clerk").failed_count, 2);
}

static void
test_login_unknown_user(void **state)
{
	struct fx *f = *state;

	assert_int_equal(login_fails(f->lg, "nobody", CLERK_PW), E_AUTH_FAILED);
	assert_int_equal(audit_count(f->lg, "login", "failed", "nobody",
	    NULL, NULL), 1);
	/* Same code as a wrong password: the message cannot tell them apart. */
	assert_int_equal(login_fails(f->lg, "CLERK", CLERK_PW), E_AUTH_FAILED);
}

static void
test_lockout_and_unlock(void **state)
{
	struct fx *f = *state;
	struct session *s;
	struct err e;
	int i;

	for (i = 1; i <= 4; i++) {
		assert_int_equal(login_fails(f->lg, "clerk", "wrong-pass"), E_AUTH_FAILED);
		assert_int_equal(user(f->lg, "clerk").locked, 0);
	}
	assert_int_equal(login_fails(f->lg, "clerk", "wrong-pass"), E_AUTH_FAILED);
	assert_int_equal(user(f->lg, "clerk").locked, 1);
	assert_int_equal(user(f->lg, "clerk").failed_count, 5);
	assert_int_equal(audit_count(f->lg, "lock", "ok", "clerk", "R-02", NULL), 1);
	/* Locked: the right password says so ... */
	assert_int_equal(login_fails(f->lg, "clerk", CLERK_PW), E_AUTH_LOCKED);
	assert_int_equal(audit_count(f->lg, "login", "denied", "clerk",
	    "locked", NULL), 1);
	/* ... a wrong one still says only "failed". */
	assert_int_equal(login_fails(f->lg, "clerk", "wrong-pass"), E_AUTH_FAILED);
	assert_int_equal(audit_count(f->lg, "lock", NULL, "clerk", NULL, NULL), 1);

	s = login_ok(f->lg, "admin", ADMIN_PW);
	err_clear(&e);
	assert_int_equal(users_unlock(s, "clerk", &e), 0);
	auth_logout(&s, NULL);
	assert_int_equal(user(f->lg, "clerk").locked, 0);
	assert_int_equal(user(f->lg, "clerk").failed_count, 0);
	assert_int_equal(audit_count(f->lg, "user-unlock", "ok", "clerk", NULL, NULL), 1);
	s = login_ok(f->lg, "clerk", CLERK_PW);
	auth_logout(&s, NULL);
}

static void
test_lockout_counts_consecutive_only(void **state)
{
	struct fx *f = *state;
	struct session *s;
	int i;

	for (i = 0; i < 4; i++)
		login_fails(f->lg, "clerk", "wrong-pass");
	s = login_ok(f->lg, "clerk", CLERK_PW);	/* resets the count */
	auth_logout(&s, NULL);
	assert_int_equal(user(f->lg, "clerk").failed_count, 0);
	for (i = 0; i < 4; i++)
		login_fails(f->lg, "clerk", "wrong-pass");
	assert_int_equal(user(f->lg, "clerk").locked, 0);
	s = login_ok(f->lg, "clerk", CLERK_PW);
	auth_logout(&s, NULL);
}

static void
test_lockout_threshold_setting(void **state)
{
	struct fx *f = *state;

	ledger_close(&f->lg);
	config_set(f->cfg, "lockout_threshold", "2");
	f->lg = open_at(f, "T1");
	login_fails(f->lg, "clerk", "wrong-pass");
	assert_int_equal(user(f->lg, "clerk").locked, 0);
	login_fails(f->lg, "clerk", "wrong-pass");
	assert_int_equal(user(f->lg, "clerk").locked, 1);
	assert_int_equal(login_fails(f->lg, "clerk", CLERK_PW), E_AUTH_LOCKED);
}

static void
test_password_expiry(void **state)
{
	struct fx *f = *state;
	struct session *s;
	struct err e;
	int l;

	clock_set_source(moved_clock);
	clock_offset = 89 * 86400;
	s = login_ok(f->lg, "clerk", CLERK_PW);
	assert_int_equal(s->must_change, 0);
	auth_logout(&s, NULL);

	clock_offset = 91 * 86400;
	s = login_ok(f->lg, "clerk", CLERK_PW);
	assert_int_equal(s->must_change, 1);
	assert_int_equal(audit_count(f->lg, "login", "ok", "clerk",
	    "password change required", NULL), 1);
	/* Nothing but the password change is available. */
	for (l = 0; l < LEDGER_N; l++)
		assert_false(session_has(s, (enum ledger_id)l, ROLE_CLERK));
	assert_false(session_has_any(s, ROLE_CLERK));
	err_clear(&e);
	assert_int_equal(session_require(s, LEDGER_RESIDENT, ROLE_CLERK,
	    "search", &e), -1);
	assert_int_equal(e.code, E_AUTH_EXPIRED);
	assert_int_equal(audit_count(f->lg, "search", "denied", NULL,
	    "password change pending", NULL), 1);
	err_clear(&e);
	assert_int_equal(auth_change_password(s, CLERK_PW, "clerk-pass-2", &e), 0);
	assert_int_equal(s->must_change, 0);
	assert_true(session_has(s, LEDGER_RESIDENT, ROLE_CLERK));
	assert_int_equal(audit_count(f->lg, "passwd", "ok", "clerk", NULL, NULL), 1);
	auth_logout(&s, NULL);
	/* The new password counts from the moved "now". */
	s = login_ok(f->lg, "clerk", "clerk-pass-2");
	assert_int_equal(s->must_change, 0);
	auth_logout(&s, NULL);
}

static void
test_password_max_age_setting(void **state)
{
	struct fx *f = *state;
	struct session *s;

	ledger_close(&f->lg);
	config_set(f->cfg, "password_max_age_days", "10");
	f->lg = open_at(f, "T1");
	clock_set_source(moved_clock);
	clock_offset = 11 * 86400;
	s = login_ok(f->lg, "clerk", CLERK_PW);
	assert_int_equal(s->must_change, 1);
	auth_logout(&s, NULL);
}

static void
test_change_password_rules(void **state)
{
	struct fx *f = *state;
	struct session *s;
	struct err e;

	s = login_ok(f->lg, "clerk", CLERK_PW);
	err_clear(&e);
	assert_int_equal(auth_change_password(s, "not-my-pass", "clerk-pass-2", &e), -1);
	assert_int_equal(e.code, E_AUTH_FAILED);
	assert_int_equal(audit_count(f->lg, "passwd", "failed", "clerk", NULL, NULL), 1);
	err_clear(&e);
	assert_int_equal(auth_change_password(s, CLERK_PW, CLERK_PW, &e), -1);
	assert_int_equal(e.code, E_PW_REUSED);
	err_clear(&e);
	assert_int_equal(auth_change_password(s, CLERK_PW, "short", &e), -1);
	assert_int_equal(e.code, E_PW_WEAK);
	err_clear(&e);
	assert_int_equal(auth_change_password(s, CLERK_PW, "clerk", &e), -1);
	assert_int_equal(e.code, E_PW_WEAK);
	/* None of the refusals changed anything. */
	assert_int_equal(audit_count(f->lg, "passwd", "ok", NULL, NULL, NULL), 0);
	auth_logout(&s, NULL);
	s = login_ok(f->lg, "clerk", CLERK_PW);
	auth_logout(&s, NULL);
}

/*
 * R-04 with n = 3: after A → B → C → D the current password D and the
 * three before it (C, B, A) are all refused; a fresh one is accepted.
 */
static void
test_change_password_history(void **state)
{
	struct fx *f = *state;
	static const char *const pw[] = {
		CLERK_PW, "clerk-pass-B", "clerk-pass-C", "clerk-pass-D",
	};
	struct session *s;
	struct err e;
	int i;

	s = login_ok(f->lg, "clerk", pw[0]);
	for (i = 1; i < 4; i++) {
		err_clear(&e);
		if (auth_change_password(s, pw[i - 1], pw[i], &e) == -1)
			fail_msg("change %d: %s", i, err_message(e.code));
	}
	for (i = 3; i >= 0; i--) {
		err_clear(&e);
		if (auth_change_password(s, pw[3], pw[i], &e) != -1 ||
		    e.code != E_PW_REUSED) {
			auth_logout(&s, NULL);
			fail_msg("reuse of password %d (%s) not refused: code %d",
			    i, i == 3 ? "current" : "recent", e.code);
		}
	}
	err_clear(&e);
	assert_int_equal(auth_change_password(s, pw[3], "clerk-pass-E", &e), 0);
	auth_logout(&s, NULL);
}

static void
test_unregistered_terminal(void **state)
{
	struct fx *f = *state;
	struct session *s;
	struct err e;

	ledger_close(&f->lg);
	f->lg = open_at(f, "T9");
	assert_string_equal(ledger_terminal(f->lg), "T9");
	assert_int_equal(login_fails(f->lg, "clerk", CLERK_PW), E_AUTH_TERMINAL);
	assert_int_equal(audit_count(f->lg, "login", "denied", "clerk", "R-05",
	    NULL), 1);
	ledger_close(&f->lg);

	/* The admin registers T9 at T1; then T9 works.  Disabling T1
	 * shuts T1 out. */
	f->lg = open_at(f, "T1");
	s = login_ok(f->lg, "admin", ADMIN_PW);
	err_clear(&e);
	assert_int_equal(users_terminal_add(s, "T9", "市民課 窓口9", &e), 0);
	assert_int_equal(users_terminal_disable(s, "T1", &e), 0);
	auth_logout(&s, NULL);
	assert_int_equal(login_fails(f->lg, "clerk", CLERK_PW), E_AUTH_TERMINAL);
	ledger_close(&f->lg);
	f->lg = open_at(f, "T9");
	s = login_ok(f->lg, "clerk", CLERK_PW);
	auth_logout(&s, NULL);

	/* terminal_id in the configuration overrides the environment. */
	ledger_close(&f->lg);
	config_set(f->cfg, "terminal_id", "T1");
	f->lg = open_at(f, "T9");
	assert_string_equal(ledger_terminal(f->lg), "T1");
}

static void
test_disabled_account(void **state)
{
	struct fx *f = *state;
	struct session *s;
	struct err e;

	s = login_ok(f->lg, "admin", ADMIN_PW);
	err_clear(&e);
	assert_int_equal(users_disable(s, "clerk", "退職", &e), 0);
	auth_logout(&s, NULL);
	assert_int_equal(login_fails(f->lg, "clerk", CLERK_PW), E_AUTH_DISABLED);
	assert_int_equal(audit_count(f->lg, "login", "failed", "clerk",
	    "disabled", NULL), 1);
	/* The person at the counter sees the same words as for a typo. */
	assert_string_equal(err_message(E_AUTH_DISABLED),
	    err_message(E_AUTH_FAILED));
	assert_int_equal(login_fails(f->lg, "clerk", "wrong-pass"), E_AUTH_DISABLED);
}

static void
test_ended_account(void **state)
{
	struct fx *f = *state;
	struct db_user u = user(f->lg, "clerk");
	struct session *s;
	char today[DATE_MAX];

	clock_format_date(clock_now() - 86400, u.end_date, sizeof u.end_date);
	assert_int_equal(db_user_update(f->lg->db, &u, NULL), 0);
	assert_int_equal(login_fails(f->lg, "clerk", CLERK_PW), E_AUTH_DISABLED);
	/* The end date itself is still a working day. */
	clock_format_date(clock_now(), today, sizeof today);
	memcpy(u.end_date, today, sizeof today);
	assert_int_equal(db_user_update(f->lg->db, &u, NULL), 0);
	s = login_ok(f->lg, "clerk", CLERK_PW);
	auth_logout(&s, NULL);
}

static void
test_reset_forces_change(void **state)
{
	struct fx *f = *state;
	struct session *s;
	struct err e;

	s = login_ok(f->lg, "admin", ADMIN_PW);
	err_clear(&e);
	assert_int_equal(users_reset_password(s, "clerk", "temp-pass-1", &e), 0);
	auth_logout(&s, NULL);
	assert_int_equal(login_fails(f->lg, "clerk", CLERK_PW), E_AUTH_FAILED);
	s = login_ok(f->lg, "clerk", "temp-pass-1");
	assert_int_equal(s->must_change, 1);
	assert_false(session_has(s, LEDGER_RESIDENT, ROLE_CLERK));
	auth_logout(&s, NULL);
}

static void
test_reverify(void **state)
{
	struct fx *f = *state;
	struct session *s;
	struct err e;

	s = login_ok(f->lg, "clerk", CLERK_PW);
	err_clear(&e);
	assert_int_equal(auth_reverify(s, CLERK_PW, &e), 0);
	assert_int_equal(auth_reverify(s, "wrong-pass", &e), -1);
	assert_int_equal(e.code, E_AUTH_FAILED);
	assert_int_equal(audit_count(f->lg, "unlock", "ok", "clerk", NULL, NULL), 1);
	assert_int_equal(audit_count(f->lg, "unlock", "failed", "clerk", NULL, NULL), 1);
	auth_logout(&s, NULL);
}

static void
test_password_ok_table(void **state)
{
	static const struct {
		const char *login, *pw;
		int ok;
	} t[] = {
		{ "clerk", "12345678", 1 },
		{ "clerk", "1234567", 0 },
		{ "clerk", "", 0 },
		{ "clerk", "clerk", 0 },
		{ "longlogin", "longlogin", 0 },
		{ "clerk", "窓口のパスワード", 1 },	/* 24 bytes */
		{ "clerk", "窓口", 0 },		/* 6 bytes */
	};
	struct err e;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		err_clear(&e);
		if ((auth_password_ok(t[i].login, t[i].pw, &e) == 0) != t[i].ok)
			fail_msg("case %zu", i);
		if (!t[i].ok)
			assert_int_equal(e.code, E_PW_WEAK);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_login_success, setup, teardown),
		cmocka_unit_test_setup_teardown(test_login_wrong_password, setup, teardown),
		cmocka_unit_test_setup_teardown(test_login_unknown_user, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lockout_and_unlock, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lockout_counts_consecutive_only, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lockout_threshold_setting, setup, teardown),
		cmocka_unit_test_setup_teardown(test_password_expiry, setup, teardown),
		cmocka_unit_test_setup_teardown(test_password_max_age_setting, setup, teardown),
		cmocka_unit_test_setup_teardown(test_change_password_rules, setup, teardown),
		cmocka_unit_test_setup_teardown(test_change_password_history, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unregistered_terminal, setup, teardown),
		cmocka_unit_test_setup_teardown(test_disabled_account, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ended_account, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reset_forces_change, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reverify, setup, teardown),
		cmocka_unit_test(test_password_ok_table),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
