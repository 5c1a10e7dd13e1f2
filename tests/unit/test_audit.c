/*
 * Unit tests for ledger/audit.c: the hash chain and its
 * checkpoint file, verification of an untouched log, and tampering "with
 * the sqlite3 tool" — the append-only triggers dropped, then a row
 * updated, deleted, inserted, the newest rows cut off, or the whole chain
 * rewritten — each reported with the first bad row.  Also who may list
 * and verify the log, and that the refusals are audited.  Under
 * MADOGUCHI_TEST_PG the same tampering is done on the PostgreSQL server.
 */
#include "testutil.h"

#include <sys/stat.h>

#include <sqlite3.h>

#include "audit.h"
#include "auth.h"
#include "db.h"
#include "ledger.h"
#include "ledger_internal.h"
#include "users.h"
#include "xmalloc.h"

#define ADMIN_PW "admin-pass-1"

static const char zero_hash[] =
    "0000000000000000000000000000000000000000000000000000000000000000";

struct fx {
	char *dir;
	char *path;
	char *chain;
	struct config *cfg;
	struct ledger *lg;
	int64_t rows;		/* rows written by setup */
};

static void
reopen(struct fx *f)
{
	struct err e;

	ledger_close(&f->lg);
	err_clear(&e);
	if ((f->lg = ledger_open(f->path, f->cfg, &e)) == NULL)
		fail_msg("ledger_open: %s", e.detail);
}

/* Append n rows of op "view" with targets 1..n, one commit each. */
static void
append_views(struct ledger *lg, int n)
{
	struct audit_event ev = { "view", NULL, "screen=resident", "ok", "01" };
	char target[16];
	struct err e;
	int i;

	for (i = 1; i <= n; i++) {
		snprintf(target, sizeof target, "%d", 1000 + i);
		ev.target = target;
		err_clear(&e);
		if (audit_append(lg, NULL, "clerk", &ev, &e) == -1)
			fail_msg("append: %s", e.detail);
	}
}

/* A file ledger with the init row and 9 view rows: seq 1..10. */
static int
setup(void **state)
{
	struct fx *f = xcalloc(1, sizeof *f);
	struct err e;
	int64_t seq;
	char hash[HASH_HEX], target[4200];

	setenv("MADOGUCHI_TERMINAL", "T1", 1);
	f->dir = test_tmpdir();
	f->path = xstrdup(test_db_target(f->dir, target, sizeof target));
	f->cfg = config_new();
	config_set(f->cfg, "audit_syslog", "no");
	/* A server has no file to put the checkpoint beside: name one. */
	if (test_pg_uri() != NULL) {
		f->chain = xasprintf("%s/audit.chain", f->dir);
		config_set(f->cfg, "audit_checkpoint_file", f->chain);
	} else
		f->chain = xasprintf("%s.chain", f->path);
	err_clear(&e);
	if ((f->lg = ledger_open(f->path, f->cfg, &e)) == NULL ||
	    users_bootstrap(f->lg, "admin", ADMIN_PW, &e) == -1)
		fail_msg("setup: %s", e.detail);
	append_views(f->lg, 9);
	db_audit_head(f->lg->db, &seq, hash, NULL);
	f->rows = seq;
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;

	ledger_close(&f->lg);
	config_free(&f->cfg);
	test_rmtree(f->dir);
	free(f->dir);
	free(f->path);
	free(f->chain);
	free(f);
	return 0;
}

/* Run sql on the database as an outside tool would: SQLITE_OK,
 * SQLITE_CONSTRAINT or SQLITE_ERROR on either engine. */
static int
tamper(const char *path, const char *sql)
{
	return test_raw_sql(path, sql, NULL, 0);
}

/* What an attacker with the database's owner rights runs first. */
#define drop_triggers (test_pg_uri() != NULL ? \
    "DROP TRIGGER audit_log_append_only ON audit_log" : \
    "DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;")

/* verify without a session; returns the err code and fills rep. */
static enum err_code
verify(struct fx *f, struct audit_report *rep)
{
	struct err e;
	int rc;

	err_clear(&e);
	rc = audit_verify_ledger(f->lg, rep, &e);
	if ((rc == 0) != (e.code == E_OK))
		fail_msg("rc %d with code %d", rc, e.code);
	return e.code;
}

struct chain_ctx {
	int64_t n;
	char prev[HASH_HEX];
	int bad;
};

static int
check_chain(void *ctx, const struct db_audit_row *r)
{
	struct chain_ctx *c = ctx;
	char h[HASH_HEX];

	c->n++;
	if (r->seq != c->n || strcmp(r->prev_hash, c->prev) != 0)
		c->bad = 1;
	audit_row_hash(r, h);
	if (strcmp(h, r->hash) != 0 || strlen(r->hash) != 64)
		c->bad = 1;
	memcpy(c->prev, r->hash, HASH_HEX);
	return 0;
}

/* ---- tests ---- */

static void
test_chain_and_checkpoint(void **state)
{
	struct fx *f = *state;
	struct chain_ctx c;
	struct stat st;
	FILE *fp;
	char line[256], head[HASH_HEX];
	long long seq = 0, s;
	int64_t hseq;

	assert_int_equal(f->rows, 10);
	memset(&c, 0, sizeof c);
	memcpy(c.prev, zero_hash, sizeof zero_hash);
	assert_int_equal(db_audit_each(f->lg->db, NULL, check_chain, &c, NULL), 0);
	assert_int_equal(c.n, 10);
	assert_int_equal(c.bad, 0);

	/* One checkpoint line per commit, newest last, file 0600. */
	assert_int_equal(stat(f->chain, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	fp = fopen(f->chain, "r");
	assert_non_null(fp);
	while (fgets(line, sizeof line, fp) != NULL) {
		char h[HASH_HEX];

		assert_int_equal(sscanf(line, "%lld %64s", &s, h), 2);
		assert_int_equal(s, seq + 1);	/* every commit, in order */
		seq = s;
	}
	fclose(fp);
	assert_int_equal(seq, 10);
	db_audit_head(f->lg->db, &hseq, head, NULL);
	assert_non_null(strstr(line, head));
}

static void
test_hash_covers_every_field(void **state)
{
	struct db_audit_row r, t;
	char h0[HASH_HEX], h1[HASH_HEX];
	size_t i;
	char *fields[] = { t.at, t.user_login, t.terminal, t.category, t.op,
	    t.target, t.detail, t.outcome, t.reason, t.prev_hash };

	(void)state;
	memset(&r, 0, sizeof r);
	r.seq = 7;
	snprintf(r.at, sizeof r.at, "2024-04-01 09:00:00");
	snprintf(r.user_login, sizeof r.user_login, "clerk");
	snprintf(r.terminal, sizeof r.terminal, "T1");
	snprintf(r.op, sizeof r.op, "search");
	snprintf(r.detail, sizeof r.detail, "conditions=name+dob hits=1");
	snprintf(r.outcome, sizeof r.outcome, "ok");
	memcpy(r.prev_hash, zero_hash, sizeof zero_hash);
	audit_row_hash(&r, h0);
	assert_int_equal(strlen(h0), 64);
	t = r;
	audit_row_hash(&t, h1);
	assert_string_equal(h0, h1);	/* deterministic */
	t.seq = 8;
	audit_row_hash(&t, h1);
	assert_string_not_equal(h0, h1);
	for (i = 0; i < sizeof fields / sizeof fields[0]; i++) {
		t = r;
		fields[i][0] = fields[i][0] == 'x' ? 'y' : 'x';
		audit_row_hash(&t, h1);
		if (strcmp(h0, h1) == 0)
			fail_msg("field %zu is not covered by the hash", i);
	}
	/* Field boundaries count: moving a character between fields. */
	t = r;
	snprintf(t.user_login, sizeof t.user_login, "clerkT");
	snprintf(t.terminal, sizeof t.terminal, "1");
	audit_row_hash(&t, h1);
	assert_string_not_equal(h0, h1);
}

static void
test_untouched_log_verifies(void **state)
{
	struct fx *f = *state;
	struct audit_report rep;

	assert_int_equal(verify(f, &rep), E_OK);
	assert_int_equal(rep.rows, 10);
	assert_int_equal(rep.bad_seq, 0);
	assert_int_equal(rep.checkpoint_seq, 10);
	reopen(f);
	assert_int_equal(verify(f, &rep), E_OK);
	append_views(f->lg, 2);
	assert_int_equal(verify(f, &rep), E_OK);
	assert_int_equal(rep.rows, 12);
	assert_int_equal(rep.checkpoint_seq, 12);
}

static void
test_append_only_triggers(void **state)
{
	struct fx *f = *state;
	struct audit_report rep;

	ledger_close(&f->lg);
	assert_int_equal(tamper(f->path, "UPDATE audit_log SET detail = 'x' "
	    "WHERE seq = 3"), SQLITE_CONSTRAINT);
	assert_int_equal(tamper(f->path, "DELETE FROM audit_log WHERE seq = 10"),
	    SQLITE_CONSTRAINT);
	assert_int_equal(tamper(f->path, "DELETE FROM audit_log"),
	    SQLITE_CONSTRAINT);
	reopen(f);
	assert_int_equal(verify(f, &rep), E_OK);
	assert_int_equal(rep.rows, 10);
}

static void
test_tamper_update(void **state)
{
	struct fx *f = *state;
	struct audit_report rep;
	struct err e;

	ledger_close(&f->lg);
	assert_int_equal(tamper(f->path, drop_triggers), SQLITE_OK);
	assert_int_equal(tamper(f->path, "UPDATE audit_log SET detail = "
	    "'screen=nothing' WHERE seq = 6"), SQLITE_OK);
	reopen(f);
	err_clear(&e);
	assert_int_equal(audit_verify_ledger(f->lg, &rep, &e), -1);
	assert_int_equal(e.code, E_AUDIT_BROKEN);
	assert_int_equal(rep.bad_seq, 6);
	assert_non_null(strstr(rep.problem, "modified"));
	assert_non_null(strstr(e.detail, "row 6"));
	assert_int_equal(rep.rows, 6);	/* stopped at the first bad row */
}

static void
test_tamper_update_other_columns(void **state)
{
	struct fx *f = *state;
	static const char *const sql[] = {
		"UPDATE audit_log SET user_login = 'admin' WHERE seq = 4",
		"UPDATE audit_log SET outcome = 'ok', at = '2020-01-01 00:00:00' WHERE seq = 4",
		"UPDATE audit_log SET target = '9999' WHERE seq = 4",
	};
	struct audit_report rep;
	size_t i;

	for (i = 0; i < sizeof sql / sizeof sql[0]; i++) {
		ledger_close(&f->lg);
		/* Each case on a fresh copy of the untouched file. */
		if (i == 0)
			assert_int_equal(tamper(f->path, drop_triggers), SQLITE_OK);
		assert_int_equal(tamper(f->path, sql[i]), SQLITE_OK);
		reopen(f);
		assert_int_equal(verify(f, &rep), E_AUDIT_BROKEN);
		assert_int_equal(rep.bad_seq, 4);
	}
}

static void
test_tamper_delete_middle(void **state)
{
	struct fx *f = *state;
	struct audit_report rep;

	ledger_close(&f->lg);
	assert_int_equal(tamper(f->path, drop_triggers), SQLITE_OK);
	assert_int_equal(tamper(f->path, "DELETE FROM audit_log WHERE seq = 5"),
	    SQLITE_OK);
	reopen(f);
	assert_int_equal(verify(f, &rep), E_AUDIT_BROKEN);
	assert_int_equal(rep.bad_seq, 5);
	assert_non_null(strstr(rep.problem, "deleted"));
}

static void
test_tamper_delete_first(void **state)
{
	struct fx *f = *state;
	struct audit_report rep;

	ledger_close(&f->lg);
	assert_int_equal(tamper(f->path, drop_triggers), SQLITE_OK);
	assert_int_equal(tamper(f->path, "DELETE FROM audit_log WHERE seq = 1"),
	    SQLITE_OK);
	reopen(f);
	assert_int_equal(verify(f, &rep), E_AUDIT_BROKEN);
	assert_int_equal(rep.bad_seq, 1);
}

static void
test_tamper_insert_forged_at_end(void **state)
{
	struct fx *f = *state;
	struct audit_report rep;

	ledger_close(&f->lg);
	/* A plausible row with the previous row's hash copied in. */
	assert_int_equal(tamper(f->path, "INSERT INTO audit_log SELECT seq + 1, "
	    "at, 'admin', terminal, category, 'login', 'admin', '', 'ok', '', "
	    "hash, hash FROM audit_log WHERE seq = 10"), SQLITE_OK);
	reopen(f);
	assert_int_equal(verify(f, &rep), E_AUDIT_BROKEN);
	assert_int_equal(rep.bad_seq, 11);
}

static void
test_tamper_insert_forged_in_middle(void **state)
{
	struct fx *f = *state;
	struct audit_report rep;

	ledger_close(&f->lg);
	assert_int_equal(tamper(f->path, drop_triggers), SQLITE_OK);
	/* Make room after row 3 and slip a row in, linked to row 3. */
	assert_int_equal(tamper(f->path,
	    "UPDATE audit_log SET seq = seq + 1000 WHERE seq > 3;"
	    "UPDATE audit_log SET seq = seq - 999 WHERE seq > 1000;"
	    "INSERT INTO audit_log SELECT 4, at, 'clerk', terminal, category, "
	    "'view', '1999', '', 'ok', '', hash, hash FROM audit_log "
	    "WHERE seq = 3;"), SQLITE_OK);
	reopen(f);
	assert_int_equal(verify(f, &rep), E_AUDIT_BROKEN);
	assert_int_equal(rep.bad_seq, 4);
}

static void
test_tamper_truncate_newest(void **state)
{
	struct fx *f = *state;
	struct audit_report rep;
	struct err e;

	ledger_close(&f->lg);
	assert_int_equal(tamper(f->path, drop_triggers), SQLITE_OK);
	assert_int_equal(tamper(f->path, "DELETE FROM audit_log WHERE seq >= 8"),
	    SQLITE_OK);
	reopen(f);
	err_clear(&e);
	assert_int_equal(audit_verify_ledger(f->lg, &rep, &e), -1);
	assert_int_equal(e.code, E_AUDIT_TRUNCATED);
	assert_int_equal(rep.bad_seq, 8);
	assert_int_equal(rep.checkpoint_seq, 10);
	assert_int_equal(rep.rows, 7);

	/* New rows written over the gap do not hide it. */
	append_views(f->lg, 3);
	assert_int_equal(verify(f, &rep), E_AUDIT_BROKEN);
	assert_int_equal(rep.bad_seq, 10);
	assert_non_null(strstr(rep.problem, "checkpoint"));
}

/* Rewrite every row from seq `from` on with a consistent chain, as an
 * attacker who knows the hash function would. */
struct rewrite_ctx {
	const char *target;
	int64_t from;
	char prev[HASH_HEX];
};

static int
rewrite_row(void *ctx, const struct db_audit_row *r)
{
	struct rewrite_ctx *c = ctx;
	struct db_audit_row t = *r;
	char *sql;

	if (r->seq < c->from) {
		memcpy(c->prev, r->hash, HASH_HEX);
		return 0;
	}
	if (r->seq == c->from)
		snprintf(t.detail, sizeof t.detail, "screen=forged");
	memcpy(t.prev_hash, c->prev, HASH_HEX);
	audit_row_hash(&t, t.hash);
	sql = sqlite3_mprintf("UPDATE audit_log SET detail = %Q, prev_hash = %Q, "
	    "hash = %Q WHERE seq = %lld", t.detail, t.prev_hash, t.hash,
	    (long long)t.seq);
	if (tamper(c->target, sql) != SQLITE_OK)
		fail_msg("rewrite of row %lld refused", (long long)t.seq);
	sqlite3_free(sql);
	memcpy(c->prev, t.hash, HASH_HEX);
	return 0;
}

static void
test_tamper_rewritten_chain_caught_by_checkpoint(void **state)
{
	struct fx *f = *state;
	struct rewrite_ctx c;
	struct audit_report rep;

	assert_int_equal(tamper(f->path, drop_triggers), SQLITE_OK);
	memset(&c, 0, sizeof c);
	c.from = 5;
	c.target = f->path;
	assert_int_equal(db_audit_each(f->lg->db, NULL, rewrite_row, &c, NULL), 0);
	reopen(f);
	/* Every link is consistent; only the checkpoint file knows. */
	assert_int_equal(verify(f, &rep), E_AUDIT_BROKEN);
	assert_int_equal(rep.bad_seq, 10);
	assert_non_null(strstr(rep.problem, "checkpoint"));
}

static void
test_tamper_with_sqlite3_tool(void **state)
{
	struct fx *f = *state;
	struct audit_report rep;
	char *cmd;

	TEST_SQLITE_ONLY();
	if (system("command -v sqlite3 >/dev/null 2>&1") != 0)
		skip();
	ledger_close(&f->lg);
	cmd = xasprintf("sqlite3 '%s' 'DROP TRIGGER audit_log_no_update; "
	    "UPDATE audit_log SET outcome = \"denied\" WHERE seq = 7;'", f->path);
	if (system(cmd) != 0)
		fail_msg("failed: %s", cmd);
	free(cmd);
	reopen(f);
	assert_int_equal(verify(f, &rep), E_AUDIT_BROKEN);
	assert_int_equal(rep.bad_seq, 7);
}

static void
test_append_joins_transaction(void **state)
{
	struct fx *f = *state;
	struct audit_event ev = { "view", "1001", NULL, "ok", NULL };
	struct audit_report rep;
	struct stat before, after;
	int64_t seq;
	char hash[HASH_HEX];

	stat(f->chain, &before);
	assert_int_equal(ledger_begin(f->lg, NULL), 0);
	assert_int_equal(audit_append(f->lg, NULL, "clerk", &ev, NULL), 0);
	assert_int_equal(audit_append(f->lg, NULL, "clerk", &ev, NULL), 0);
	ledger_rollback(f->lg);
	db_audit_head(f->lg->db, &seq, hash, NULL);
	assert_int_equal(seq, 10);
	stat(f->chain, &after);
	assert_int_equal(after.st_size, before.st_size);	/* no checkpoint */
	assert_int_equal(verify(f, &rep), E_OK);

	assert_int_equal(ledger_begin(f->lg, NULL), 0);
	assert_int_equal(audit_append(f->lg, NULL, "clerk", &ev, NULL), 0);
	assert_int_equal(audit_append(f->lg, NULL, "clerk", &ev, NULL), 0);
	assert_int_equal(ledger_commit(f->lg, NULL), 0);
	assert_int_equal(verify(f, &rep), E_OK);
	assert_int_equal(rep.checkpoint_seq, 12);	/* one line for the commit */
}

static void
test_memory_ledger(void **state)
{
	struct ledger *lg;
	struct audit_report rep;
	struct err e;

	(void)state;
	setenv("MADOGUCHI_TERMINAL", "T1", 1);
	lg = ledger_open(":memory:", NULL, &e);
	assert_non_null(lg);
	assert_null(ledger_file(lg));
	append_views(lg, 3);
	err_clear(&e);
	assert_int_equal(audit_verify_ledger(lg, &rep, &e), 0);
	assert_int_equal(rep.rows, 3);
	assert_int_equal(rep.checkpoint_seq, 0);
	ledger_close(&lg);
}

struct listed {
	int n;
	int other_users;
};

static int
list_cb(void *ctx, const struct db_audit_row *r)
{
	struct listed *l = ctx;

	l->n++;
	if (strcmp(r->user_login, "clerk") != 0)
		l->other_users++;
	return 0;
}

struct outcome_ctx {
	const char *outcome;
	int n;
};

static int
outcome_cb(void *ctx, const struct db_audit_row *r)
{
	struct outcome_ctx *c = ctx;

	if (c->outcome == NULL || strcmp(r->outcome, c->outcome) == 0)
		c->n++;
	return 0;
}

/* Rows of op by user with outcome (NULL = any). */
static int
count_rows(struct ledger *lg, const char *op, const char *outcome,
    const char *user)
{
	struct db_audit_filter flt = { user, op, NULL, NULL, NULL, 0 };
	struct outcome_ctx c = { outcome, 0 };

	db_audit_each(lg->db, &flt, outcome_cb, &c, NULL);
	return c.n;
}

static void
test_list_and_verify_rights(void **state)
{
	struct fx *f = *state;
	struct db_audit_filter flt;
	struct audit_report rep;
	struct session *admin, *s;
	struct listed l;
	struct err e;

	admin = auth_login(f->lg, "admin", ADMIN_PW, NULL);
	assert_non_null(admin);
	assert_int_equal(users_add(admin, "clerk", NULL, "clerk-pass-1", NULL), 0);
	assert_int_equal(users_grant(admin, "clerk", ROLE_CLERK, LEDGER_RESIDENT, NULL), 0);
	assert_int_equal(users_add(admin, "auditor", NULL, "auditor-pass", NULL), 0);
	assert_int_equal(users_grant(admin, "auditor", ROLE_AUDITOR, LEDGER_SYSTEM, NULL), 0);

	/* A clerk may neither list nor verify; both refusals are logged. */
	s = auth_login(f->lg, "clerk", "clerk-pass-1", NULL);
	assert_non_null(s);
	memset(&l, 0, sizeof l);
	err_clear(&e);
	assert_int_equal(audit_list(s, NULL, list_cb, &l, &e), -1);
	assert_int_equal(e.code, E_DENIED);
	assert_int_equal(l.n, 0);
	assert_int_equal(count_rows(f->lg, "audit-list", "denied", "clerk"), 1);
	err_clear(&e);
	memset(&rep, 0xa5, sizeof rep);	/* a refusal reports nothing */
	assert_int_equal(audit_verify(s, &rep, &e), -1);
	assert_int_equal(e.code, E_DENIED);
	assert_int_equal(rep.bad_seq, 0);
	assert_int_equal(rep.rows, 0);
	assert_string_equal(rep.problem, "");
	assert_int_equal(count_rows(f->lg, "audit-verify", "denied", "clerk"), 1);
	auth_logout(&s, NULL);

	/* The auditor lists with filters, and the listing is logged. */
	s = auth_login(f->lg, "auditor", "auditor-pass", NULL);
	assert_non_null(s);
	memset(&flt, 0, sizeof flt);
	flt.user_login = "clerk";
	flt.op = "view";
	memset(&l, 0, sizeof l);
	err_clear(&e);
	assert_int_equal(audit_list(s, &flt, list_cb, &l, &e), 0);
	assert_int_equal(l.n, 9);
	assert_int_equal(l.other_users, 0);
	flt.op = NULL;
	flt.target = "1003";
	memset(&l, 0, sizeof l);
	assert_int_equal(audit_list(s, &flt, list_cb, &l, &e), 0);
	assert_int_equal(l.n, 1);
	assert_int_equal(count_rows(f->lg, "audit-list", NULL, "auditor"), 2);
	err_clear(&e);
	assert_int_equal(audit_verify(s, &rep, &e), 0);
	assert_int_equal(count_rows(f->lg, "audit-verify", NULL, "auditor"), 1);
	auth_logout(&s, NULL);

	/* The admin may verify (not list). */
	err_clear(&e);
	assert_int_equal(audit_verify(admin, &rep, &e), 0);
	assert_int_equal(audit_list(admin, NULL, list_cb, &l, &e), -1);
	assert_int_equal(e.code, E_DENIED);
	auth_logout(&admin, NULL);
	assert_int_equal(verify(f, &rep), E_OK);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_chain_and_checkpoint, setup, teardown),
		cmocka_unit_test(test_hash_covers_every_field),
		cmocka_unit_test_setup_teardown(test_untouched_log_verifies, setup, teardown),
		cmocka_unit_test_setup_teardown(test_append_only_triggers, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tamper_update, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tamper_update_other_columns, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tamper_delete_middle, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tamper_delete_first, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tamper_insert_forged_at_end, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tamper_insert_forged_in_middle, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tamper_truncate_newest, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tamper_rewritten_chain_caught_by_checkpoint, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tamper_with_sqlite3_tool, setup, teardown),
		cmocka_unit_test_setup_teardown(test_append_joins_transaction, setup, teardown),
		cmocka_unit_test(test_memory_ledger),
		cmocka_unit_test_setup_teardown(test_list_and_verify_rights, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
