/*
 * Unit tests for ledger/users.c: account
 * administration by an admin — add, login-ID rules, disable (credentials
 * erased, grants removed, register row), grant and revoke per ledger,
 * listing without hashes, terminals — refusals of non-admins with their
 * "denied" audit rows, and a scan of the database file for plaintext
 * passwords and stray copies of My Numbers.
 */
#include "testutil.h"

#include <sqlite3.h>

#include "audit.h"
#include "auth.h"
#include "db.h"
#include "ledger.h"
#include "ledger_internal.h"
#include "resident.h"
#include "users.h"
#include "xmalloc.h"

#define ADMIN_PW "admin-pass-1"
#define CLERK_PW "clerk-pass-1"

struct fx {
	char *dir;
	char *path;
	struct config *cfg;
	struct ledger *lg;
	struct session *admin;
};

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

static int
setup(void **state)
{
	struct fx *f = xcalloc(1, sizeof *f);
	struct err e;

	setenv("MADOGUCHI_TERMINAL", "T1", 1);
	f->dir = test_tmpdir();
	f->path = xasprintf("%s/ledger.db", f->dir);
	f->cfg = config_new();
	config_set(f->cfg, "audit_syslog", "no");
	err_clear(&e);
	if ((f->lg = ledger_open(f->path, f->cfg, &e)) == NULL ||
	    users_bootstrap(f->lg, "admin", ADMIN_PW, &e) == -1)
		fail_msg("setup: %s", e.detail);
	f->admin = login_ok(f->lg, "admin", ADMIN_PW);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;

	auth_logout(&f->admin, NULL);
	ledger_close(&f->lg);
	config_free(&f->cfg);
	test_rmtree(f->dir);
	free(f->dir);
	free(f->path);
	free(f);
	return 0;
}

/* Add clerk with the clerk role on the resident master. */
static void
add_clerk(struct fx *f)
{
	struct err e;

	err_clear(&e);
	if (users_add(f->admin, "clerk", "窓口 太郎", CLERK_PW, &e) == -1 ||
	    users_grant(f->admin, "clerk", ROLE_CLERK, LEDGER_RESIDENT, &e) == -1)
		fail_msg("add clerk: %s", e.detail);
}

/* Integer answer of sql on the file through a connection of our own. */
static long
raw_long(const char *path, const char *sql)
{
	sqlite3 *h;
	sqlite3_stmt *st;
	long v = -1;

	if (sqlite3_open(path, &h) != SQLITE_OK)
		return -1;
	if (sqlite3_prepare_v2(h, sql, -1, &st, NULL) == SQLITE_OK) {
		if (sqlite3_step(st) == SQLITE_ROW)
			v = (long)sqlite3_column_int64(st, 0);
		sqlite3_finalize(st);
	} else
		fail_msg("sql: %s", sqlite3_errmsg(h));
	sqlite3_close(h);
	return v;
}

struct find {
	const char *op, *outcome, *user, *target;
	int n;
};

static int
find_row(void *ctx, const struct db_audit_row *r)
{
	struct find *q = ctx;

	if ((q->op && strcmp(r->op, q->op) != 0) ||
	    (q->outcome && strcmp(r->outcome, q->outcome) != 0) ||
	    (q->user && strcmp(r->user_login, q->user) != 0) ||
	    (q->target && strcmp(r->target, q->target) != 0))
		return 0;
	q->n++;
	return 0;
}

static int
audit_count(struct ledger *lg, const char *op, const char *outcome,
    const char *user, const char *target)
{
	struct find q = { op, outcome, user, target, 0 };

	db_audit_each(lg->db, NULL, find_row, &q, NULL);
	return q.n;
}

/* ---- tests ---- */

static void
test_bootstrap(void **state)
{
	struct fx *f = *state;
	struct db_terminal t;
	struct err e;

	/* init made the admin, its grant, the terminal and a register row. */
	assert_true(session_has(f->admin, LEDGER_SYSTEM, ROLE_ADMIN));
	assert_false(session_has(f->admin, LEDGER_RESIDENT, ROLE_CLERK));
	assert_int_equal(db_terminal_get(f->lg->db, "T1", &t, NULL), 0);
	assert_int_equal(t.active, 1);
	assert_string_equal(t.registered_by, "admin");
	assert_int_equal(audit_count(f->lg, "init", "ok", "admin", "admin"), 1);
	assert_int_equal(raw_long(f->path, "SELECT count(*) FROM access_register "
	    "WHERE user_login = 'admin' AND action = 'add' AND ledger = 'system' "
	    "AND role = 'admin'"), 1);
	/* Only once. */
	err_clear(&e);
	assert_int_equal(users_bootstrap(f->lg, "admin2", ADMIN_PW, &e), -1);
	assert_int_equal(e.code, E_EXISTS);
	assert_int_equal(db_user_count(f->lg->db, NULL), 1);
}

static void
test_add_user(void **state)
{
	struct fx *f = *state;
	struct db_user u;

	add_clerk(f);
	assert_int_equal(db_user_get(f->lg->db, "clerk", &u, NULL), 0);
	assert_string_equal(u.display_name, "窓口 太郎");
	assert_int_equal(strncmp(u.pw_hash, "$argon2id$", 10), 0);
	assert_true(u.created_at[0] != '\0');
	assert_string_equal(u.pw_changed_at, u.created_at);
	assert_int_equal(u.must_change, 0);
	assert_int_equal(audit_count(f->lg, "user-add", "ok", "admin", "clerk"), 1);
	assert_int_equal(audit_count(f->lg, "user-grant", "ok", "admin", "clerk"), 1);
	assert_int_equal(raw_long(f->path, "SELECT count(*) FROM access_register "
	    "WHERE user_login = 'clerk' AND action = 'add' AND by_login = 'admin'"), 1);
	assert_int_equal(raw_long(f->path, "SELECT count(*) FROM access_register "
	    "WHERE user_login = 'clerk' AND action = 'grant' AND ledger = 'resident' "
	    "AND role = 'clerk' AND by_login = 'admin'"), 1);
	assert_int_equal(raw_long(f->path, "SELECT count(*) FROM password_history "
	    "h JOIN users u ON u.id = h.user_id WHERE u.login = 'clerk'"), 1);
}

static void
test_add_duplicate_refused(void **state)
{
	struct fx *f = *state;
	struct err e;
	long reg;

	add_clerk(f);
	reg = raw_long(f->path, "SELECT count(*) FROM access_register");
	err_clear(&e);
	assert_int_equal(users_add(f->admin, "clerk", "別人", "other-pass-1", &e), -1);
	assert_int_equal(e.code, E_EXISTS);
	/* Nothing half-written, and the first account is intact. */
	assert_int_equal(raw_long(f->path, "SELECT count(*) FROM access_register"), reg);
	assert_int_equal(raw_long(f->path, "SELECT count(*) FROM users WHERE "
	    "login = 'clerk' AND display_name = '窓口 太郎'"), 1);
	assert_int_equal(audit_count(f->lg, "user-add", "ok", NULL, "clerk"), 1);
}

static void
test_login_ids_validated(void **state)
{
	struct fx *f = *state;
	static const struct {
		const char *login;
		int ok;
	} t[] = {
		{ "", 0 },
		{ "Clerk", 0 },		/* upper case */
		{ "-clerk", 0 },	/* must start with a letter or digit */
		{ ".clerk", 0 },
		{ "山田", 0 },
		{ "ｙａｍａｄａ", 0 },	/* full-width letters */
		{ "a b", 0 },
		{ "a;drop", 0 },
		{ "abcdefghijklmnopqrstuvwxyz0123456", 0 },	/* 33 */
		{ "abcdefghijklmnopqrstuvwxyz012345", 1 },	/* 32 */
		{ "k.tanaka_2-x", 1 },
		{ "7clerk", 1 },
	};
	struct err e;
	size_t i;
	int rc;

	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		err_clear(&e);
		rc = users_add(f->admin, t[i].login, NULL, "valid-pass-1", &e);
		if ((rc == 0) != t[i].ok)
			fail_msg("case %zu [%s]: rc %d", i, t[i].login, rc);
		if (!t[i].ok) {
			assert_int_equal(e.code, E_USAGE);
			assert_string_equal(e.field, "user");
		}
	}
	assert_int_equal(db_user_count(f->lg->db, NULL), 4);
	/* A weak password is refused too. */
	err_clear(&e);
	assert_int_equal(users_add(f->admin, "weak", NULL, "weak", &e), -1);
	assert_int_equal(e.code, E_PW_WEAK);
	err_clear(&e);
	assert_int_equal(users_add(f->admin, "samesame", NULL, "samesame", &e), -1);
	assert_int_equal(e.code, E_PW_WEAK);
}

static void
test_disable(void **state)
{
	struct fx *f = *state;
	struct session *s;
	struct db_user u;
	struct err e;

	add_clerk(f);
	s = login_ok(f->lg, "clerk", CLERK_PW);	/* a session in progress */
	auth_logout(&s, NULL);
	err_clear(&e);
	assert_int_equal(users_disable(f->admin, "clerk", NULL, &e), -1);
	assert_int_equal(e.code, E_REQUIRED);
	assert_int_equal(users_disable(f->admin, "admin", "test", &e), -1);
	assert_int_equal(e.code, E_DENIED);
	err_clear(&e);
	assert_int_equal(users_disable(f->admin, "clerk", "異動: 福祉課へ", &e), 0);

	assert_int_equal(db_user_get(f->lg->db, "clerk", &u, NULL), 0);
	assert_string_equal(u.pw_hash, "");
	assert_true(u.disabled_at[0] != '\0');
	assert_string_equal(u.disabled_reason, "異動: 福祉課へ");
	assert_int_equal(raw_long(f->path, "SELECT count(*) FROM users WHERE "
	    "login = 'clerk' AND pw_hash IS NULL"), 1);
	assert_int_equal(raw_long(f->path, "SELECT count(*) FROM grants g JOIN "
	    "users u ON u.id = g.user_id WHERE u.login = 'clerk'"), 0);
	assert_int_equal(raw_long(f->path, "SELECT count(*) FROM access_register "
	    "WHERE user_login = 'clerk' AND action = 'disable' AND by_login = "
	    "'admin' AND reason = '異動: 福祉課へ'"), 1);
	assert_int_equal(audit_count(f->lg, "user-disable", "ok", "admin", "clerk"), 1);
	/* The row stays, so the old log rows still resolve to it. */
	assert_int_equal(audit_count(f->lg, "login", "ok", "clerk", "clerk"), 1);
	assert_int_equal(db_user_count(f->lg->db, NULL), 2);

	err_clear(&e);
	assert_null(auth_login(f->lg, "clerk", CLERK_PW, &e));
	assert_int_equal(e.code, E_AUTH_DISABLED);
	/* Disabled twice, re-granted or reset: refused. */
	err_clear(&e);
	assert_int_equal(users_disable(f->admin, "clerk", "again", &e), -1);
	assert_int_equal(e.code, E_EXISTS);
	err_clear(&e);
	assert_int_equal(users_grant(f->admin, "clerk", ROLE_CLERK,
	    LEDGER_CHILD, &e), -1);
	assert_int_equal(e.code, E_DENIED);
	err_clear(&e);
	assert_int_equal(users_reset_password(f->admin, "clerk", "new-pass-12", &e), -1);
	assert_int_equal(e.code, E_DENIED);
	err_clear(&e);
	assert_int_equal(users_disable(f->admin, "nobody", "x", &e), -1);
	assert_int_equal(e.code, E_NOT_FOUND);
}

static void
test_clerk_cannot_administer(void **state)
{
	struct fx *f = *state;
	struct session *s;
	struct err e;

	add_clerk(f);
	s = login_ok(f->lg, "clerk", CLERK_PW);
	err_clear(&e);
	assert_int_equal(users_add(s, "intruder", NULL, "intruder-pass", &e), -1);
	assert_int_equal(e.code, E_DENIED);
	assert_int_equal(audit_count(f->lg, "user-add", "denied", "clerk", NULL), 1);
	err_clear(&e);
	assert_int_equal(db_user_get(f->lg->db, "intruder", &(struct db_user){ 0 },
	    &e), -1);
	assert_int_equal(e.code, E_NOT_FOUND);
	err_clear(&e);
	assert_int_equal(users_grant(s, "clerk", ROLE_ADMIN, LEDGER_SYSTEM, &e), -1);
	assert_int_equal(e.code, E_DENIED);
	assert_int_equal(audit_count(f->lg, "user-grant", "denied", "clerk", NULL), 1);
	assert_int_equal(users_unlock(s, "admin", &e), -1);
	assert_int_equal(users_disable(s, "admin", "x", &e), -1);
	assert_int_equal(e.code, E_DENIED);
	assert_int_equal(users_terminal_add(s, "T2", NULL, &e), -1);
	assert_int_equal(e.code, E_DENIED);
	assert_int_equal(ledger_setting_put(s, "search_cap", "5", &e), -1);
	assert_int_equal(e.code, E_DENIED);
	assert_int_equal(users_list(s, NULL, NULL, &e), -1);
	assert_int_equal(e.code, E_DENIED);
	/* Every refusal is one denied row naming the rule. */
	assert_int_equal(audit_count(f->lg, NULL, "denied", "clerk", NULL), 7);
	auth_logout(&s, NULL);
	assert_int_equal(db_user_count(f->lg->db, NULL), 2);
}

static void
test_grant_revoke(void **state)
{
	struct fx *f = *state;
	struct session *s;
	struct err e;

	add_clerk(f);
	err_clear(&e);
	assert_int_equal(users_grant(f->admin, "clerk", ROLE_SUPERVISOR,
	    LEDGER_CHILD, &e), 0);
	assert_int_equal(users_grant(f->admin, "clerk", ROLE_SUPERVISOR,
	    LEDGER_CHILD, &e), 0);	/* granting twice is harmless */
	s = login_ok(f->lg, "clerk", CLERK_PW);
	assert_true(session_has(s, LEDGER_CHILD, ROLE_SUPERVISOR));
	assert_true(session_has(s, LEDGER_RESIDENT, ROLE_CLERK));
	assert_false(session_has(s, LEDGER_CHILD, ROLE_CLERK));
	auth_logout(&s, NULL);

	assert_int_equal(users_revoke(f->admin, "clerk", ROLE_SUPERVISOR,
	    LEDGER_CHILD, &e), 0);
	err_clear(&e);
	assert_int_equal(users_revoke(f->admin, "clerk", ROLE_SUPERVISOR,
	    LEDGER_CHILD, &e), -1);
	assert_int_equal(e.code, E_NOT_FOUND);
	assert_int_equal(raw_long(f->path, "SELECT count(*) FROM access_register "
	    "WHERE user_login = 'clerk' AND action = 'revoke' AND ledger = 'child' "
	    "AND role = 'supervisor'"), 1);
	assert_int_equal(audit_count(f->lg, "user-revoke", "ok", "admin", "clerk"), 1);
	s = login_ok(f->lg, "clerk", CLERK_PW);
	assert_false(session_has(s, LEDGER_CHILD, ROLE_SUPERVISOR));
	auth_logout(&s, NULL);

	/* admin and auditor exist only on the system ledger. */
	err_clear(&e);
	assert_int_equal(users_grant(f->admin, "clerk", ROLE_ADMIN,
	    LEDGER_RESIDENT, &e), -1);
	assert_int_equal(e.code, E_USAGE);
	err_clear(&e);
	assert_int_equal(users_grant(f->admin, "clerk", ROLE_AUDITOR,
	    LEDGER_CHILD, &e), -1);
	assert_int_equal(e.code, E_USAGE);
	err_clear(&e);
	assert_int_equal(users_grant(f->admin, "clerk", ROLE_AUDITOR,
	    LEDGER_SYSTEM, &e), 0);
	err_clear(&e);
	assert_int_equal(users_grant(f->admin, "nobody", ROLE_CLERK,
	    LEDGER_CHILD, &e), -1);
	assert_int_equal(e.code, E_NOT_FOUND);
}

struct listed {
	int n;
	int hash_seen;
	char roles[160];
	char status[16];
};

static int
list_cb(void *ctx, const struct users_entry *en)
{
	struct listed *l = ctx;

	l->n++;
	if (en->user->pw_hash[0] != '\0')
		l->hash_seen = 1;
	if (strcmp(en->user->login, "clerk") == 0) {
		snprintf(l->roles, sizeof l->roles, "%s", en->roles);
		snprintf(l->status, sizeof l->status, "%s", en->status);
	}
	return 0;
}

static void
test_list(void **state)
{
	struct fx *f = *state;
	struct listed l;
	struct session *s;
	struct err e;
	int i;

	add_clerk(f);
	users_grant(f->admin, "clerk", ROLE_CLERK, LEDGER_CHILD, NULL);
	memset(&l, 0, sizeof l);
	err_clear(&e);
	assert_int_equal(users_list(f->admin, list_cb, &l, &e), 0);
	assert_int_equal(l.n, 2);
	assert_int_equal(l.hash_seen, 0);
	assert_string_equal(l.roles, "clerk@child clerk@resident");
	assert_string_equal(l.status, "active");
	assert_int_equal(audit_count(f->lg, "user-list", "ok", "admin", NULL), 1);

	/* A locked account shows as locked, also to an auditor. */
	for (i = 0; i < 5; i++)
		auth_login(f->lg, "clerk", "wrong-pass", NULL);
	users_add(f->admin, "auditor", NULL, "auditor-pass", NULL);
	users_grant(f->admin, "auditor", ROLE_AUDITOR, LEDGER_SYSTEM, NULL);
	s = login_ok(f->lg, "auditor", "auditor-pass");
	memset(&l, 0, sizeof l);
	assert_int_equal(users_list(s, list_cb, &l, &e), 0);
	assert_int_equal(l.n, 3);
	assert_string_equal(l.status, "locked");
	assert_int_equal(l.hash_seen, 0);
	auth_logout(&s, NULL);
}

static int
term_cb(void *ctx, const struct db_terminal *t)
{
	char *s = ctx;

	strcat(s, t->id);
	strcat(s, t->active ? "+;" : "-;");
	return 0;
}

static void
test_terminals(void **state)
{
	struct fx *f = *state;
	struct err e;
	char s[128] = "";

	err_clear(&e);
	assert_int_equal(users_terminal_add(f->admin, "T2", "市民課 窓口2", &e), 0);
	assert_int_equal(users_terminal_add(f->admin, "", NULL, &e), -1);
	assert_int_equal(e.code, E_USAGE);
	assert_int_equal(users_terminal_add(f->admin,
	    "T-abcdefghijklmnopqrstuvwxyz0123456789", NULL, &e), -1);
	assert_int_equal(users_terminal_disable(f->admin, "T2", &e), 0);
	err_clear(&e);
	assert_int_equal(users_terminal_disable(f->admin, "T7", &e), -1);
	assert_int_equal(e.code, E_NOT_FOUND);
	assert_int_equal(users_terminal_list(f->admin, term_cb, s, &e), 0);
	assert_string_equal(s, "T1+;T2-;");
	assert_int_equal(audit_count(f->lg, "terminal-add", "ok", "admin", "T2"), 1);
	assert_int_equal(audit_count(f->lg, "terminal-disable", "ok", "admin", "T2"), 1);
}

static void
test_setting_put(void **state)
{
	struct fx *f = *state;
	struct find q = { "setting", "ok", "admin", "search_cap", 0 };
	struct err e;

	err_clear(&e);
	assert_int_equal(ledger_setting_put(f->admin, "search_cap", "20", &e), 0);
	assert_int_equal(ledger_setting_long(f->lg, "search_cap", 50, 1, 1000), 20);
	assert_int_equal(ledger_setting_put(f->admin, "search_cap", "30", &e), 0);
	assert_int_equal(ledger_setting_long(f->lg, "search_cap", 50, 1, 1000), 30);
	db_audit_each(f->lg->db, NULL, find_row, &q, NULL);
	assert_int_equal(q.n, 2);
	/* The change names the old and the new value. */
	assert_int_equal(raw_long(f->path, "SELECT count(*) FROM audit_log WHERE "
	    "op = 'setting' AND detail = 'old=20 new=30'"), 1);
	err_clear(&e);
	assert_int_equal(ledger_setting_put(f->admin, "search_cap", "0", &e), -1);
	assert_int_equal(e.code, E_USAGE);
	assert_int_equal(ledger_setting_put(f->admin, "lockout_threshold", "x", &e), -1);
	assert_int_equal(ledger_setting_put(f->admin, "no_such_key", "1", &e), -1);
	assert_int_equal(ledger_setting_long(f->lg, "search_cap", 50, 1, 1000), 30);
}

/* ---- the file scan (R-02, R-61) ---- */

static size_t
count_in(const unsigned char *hay, size_t n, const char *needle)
{
	size_t k = strlen(needle), i, c = 0;

	for (i = 0; i + k <= n; i++)
		if (memcmp(hay + i, needle, k) == 0)
			c++;
	return c;
}

static unsigned char *
slurp(const char *path, size_t *n)
{
	FILE *fp = fopen(path, "rb");
	unsigned char *b;
	long sz;

	if (fp == NULL)
		return NULL;
	fseek(fp, 0, SEEK_END);
	sz = ftell(fp);
	fseek(fp, 0, SEEK_SET);
	b = xmalloc((size_t)sz + 1);
	*n = fread(b, 1, (size_t)sz, fp);
	fclose(fp);
	return b;
}

static void
test_file_has_no_plaintext_secrets(void **state)
{
	struct fx *f = *state;
	static const char *const numbers[] = {
		"621498320257", "614106526000", "983205673214",
	};
	static const char *const passwords[] = {
		ADMIN_PW, CLERK_PW, "Sup3rvisor-秘密", "changed-pass-7",
	};
	struct resident_query rq;
	struct db_resident r;
	struct session *s;
	struct err e;
	unsigned char *bytes;
	char *sql, *wal;
	size_t n, i;
	int count;

	add_clerk(f);
	assert_int_equal(users_add(f->admin, "supervisor", NULL, passwords[2], NULL), 0);
	assert_int_equal(users_grant(f->admin, "supervisor", ROLE_SUPERVISOR,
	    LEDGER_RESIDENT, NULL), 0);
	for (i = 0; i < 3; i++) {
		memset(&r, 0, sizeof r);
		snprintf(r.atena_no, sizeof r.atena_no, "%zu", 500 + i);
		r.rireki_no = 1;
		snprintf(r.state, sizeof r.state, "confirmed");
		r.current = 1;
		snprintf(r.op, sizeof r.op, "create");
		snprintf(r.my_number, sizeof r.my_number, "%s", numbers[i]);
		snprintf(r.mn_method, sizeof r.mn_method, "card");
		snprintf(r.name, sizeof r.name, "試験 %zu郎", i);
		snprintf(r.name_kana, sizeof r.name_kana, "シケン　タロウ");
		snprintf(r.birth_date, sizeof r.birth_date, "1970-03-01");
		r.sex = 1;
		snprintf(r.operator_login, sizeof r.operator_login, "clerk");
		snprintf(r.terminal, sizeof r.terminal, "T1");
		snprintf(r.stamp, sizeof r.stamp, "2024-04-01 10:00:00");
		r.update_seq = (int64_t)i + 1;
		resident_derive_keys(&r);
		assert_int_equal(db_resident_insert(f->lg->db, &r, NULL), 0);
	}
	/* A second version of 500 keeps the same number: two rows hold it. */
	r.rireki_no = 2;
	snprintf(r.atena_no, sizeof r.atena_no, "500");
	snprintf(r.my_number, sizeof r.my_number, "%s", numbers[0]);
	r.current = 0;
	snprintf(r.state, sizeof r.state, "pending");
	assert_int_equal(db_resident_insert(f->lg->db, &r, NULL), 0);

	/* Work that could leak: searches by number (also a full-width,
	 * spaced one), a refused one, a password change. */
	s = login_ok(f->lg, "clerk", CLERK_PW);
	memset(&rq, 0, sizeof rq);
	rq.reason = "01";
	for (i = 0; i < 3; i++) {
		rq.my_number = numbers[i];
		err_clear(&e);
		assert_int_equal(resident_search(s, &rq, NULL, NULL, &count, &e), 0);
	}
	rq.my_number = "６２１４ ９８３２ ０２５７";
	assert_int_equal(resident_search(s, &rq, NULL, NULL, &count, &e), 0);
	assert_int_equal(count, 1);
	rq.my_number = "62149832025";	/* partial: refused */
	assert_int_equal(resident_search(s, &rq, NULL, NULL, &count, &e), -1);
	assert_int_equal(auth_change_password(s, CLERK_PW, passwords[3], &e), 0);
	auth_logout(&s, NULL);
	auth_login(f->lg, "clerk", passwords[0], NULL);	/* a failed login */

	auth_logout(&f->admin, NULL);
	ledger_close(&f->lg);	/* the last connection checkpoints the WAL */
	wal = xasprintf("%s-wal", f->path);
	if (access(wal, F_OK) == 0) {
		/* Fold any WAL left over into the main file. */
		sqlite3 *h;

		assert_int_equal(sqlite3_open(f->path, &h), SQLITE_OK);
		sqlite3_exec(h, "PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL, NULL);
		sqlite3_close(h);
	}
	free(wal);

	bytes = slurp(f->path, &n);
	assert_non_null(bytes);
	assert_true(n > 4096);
	for (i = 0; i < sizeof passwords / sizeof passwords[0]; i++)
		if (count_in(bytes, n, passwords[i]) != 0)
			fail_msg("password %zu appears in the database file", i);
	for (i = 0; i < 3; i++) {
		long rows;
		size_t seen = count_in(bytes, n, numbers[i]);

		sql = xasprintf("SELECT count(*) FROM residents WHERE my_number = "
		    "'%s'", numbers[i]);
		rows = raw_long(f->path, sql);
		free(sql);
		/* Each row holding it stores it once in the table and once in
		 * the residents_my_number index: nowhere else. */
		if (seen != (size_t)rows * 2)
			fail_msg("My Number %zu appears %zu times for %ld rows",
			    i, seen, rows);
	}
	/* And no other column of any table holds one. */
	assert_int_equal(raw_long(f->path, "SELECT count(*) FROM audit_log WHERE "
	    "detail LIKE '%6214%' OR target LIKE '%6214%' OR reason LIKE '%6214%'"), 0);
	free(bytes);
	/* Reopen for teardown. */
	f->lg = ledger_open(f->path, f->cfg, NULL);
	assert_non_null(f->lg);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_bootstrap, setup, teardown),
		cmocka_unit_test_setup_teardown(test_add_user, setup, teardown),
		cmocka_unit_test_setup_teardown(test_add_duplicate_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_login_ids_validated, setup, teardown),
		cmocka_unit_test_setup_teardown(test_disable, setup, teardown),
		cmocka_unit_test_setup_teardown(test_clerk_cannot_administer, setup, teardown),
		cmocka_unit_test_setup_teardown(test_grant_revoke, setup, teardown),
		cmocka_unit_test_setup_teardown(test_list, setup, teardown),
		cmocka_unit_test_setup_teardown(test_terminals, setup, teardown),
		cmocka_unit_test_setup_teardown(test_setting_put, setup, teardown),
		cmocka_unit_test_setup_teardown(test_file_has_no_plaintext_secrets, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
