/*
 * Moving a ledger to another engine (ledger/copy.c, db/db_copy.c): a
 * SQLite source copied to the test's target — a second SQLite file (rows
 * inserted one by one) or, under MADOGUCHI_TEST_PG, a PostgreSQL server
 * (the driver's bulk load, COPY FROM STDIN).  Values that the COPY text
 * format must escape arrive unchanged, NULL stays NULL, the audit chain
 * verifies on the target, and a load that fails half-way leaves nothing.
 */
#include "testutil.h"

#include "audit.h"
#include "auth.h"
#include "copy.h"
#include "db.h"
#include "demo.h"
#include "ledger_internal.h"

struct fx {
	char *dir;
	char src[4200];		/* the source ledger file */
	char target[4200];
	char atena[16];		/* the resident given awkward values */
	struct ledger *lg;
	struct session *admin;
};

static struct ledger *
open_ledger(const char *target)
{
	struct config *cfg = config_new();
	struct ledger *lg;
	struct err e;

	config_set(cfg, "audit_syslog", "no");
	err_clear(&e);
	if ((lg = ledger_open(target, cfg, &e)) == NULL)
		fail_msg("open %s: %s", target, e.detail);
	config_free(&cfg);
	return lg;
}

static int
setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	struct err e;

	setenv("MADOGUCHI_TERMINAL", "T1", 1);
	f->dir = test_tmpdir();
	snprintf(f->src, sizeof f->src, "%s/source.db", f->dir);
	f->lg = open_ledger(f->src);
	err_clear(&e);
	if (demo_accounts(f->lg, &e) == -1 ||
	    demo_residents(f->lg, 11, 5, "admin", NULL, NULL, &e) == -1)
		fail_msg("setup: %s", e.detail);
	assert_int_equal(test_raw_sql(f->src, "SELECT min(atena_no) FROM "
	    "residents", f->atena, sizeof f->atena), SQLITE_OK);
	assert_non_null(f->admin = auth_login(f->lg, "admin", "demo-admin", &e));
	test_db_target(f->dir, f->target, sizeof f->target);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;

	auth_logout(&f->admin, NULL);
	ledger_close(&f->lg);
	test_rmtree(f->dir);
	free(f->dir);
	free(f);
	return 0;
}

/* Set column col of the awkward resident on the source to the SQL value. */
static void
set_source(struct fx *f, const char *col, const char *value)
{
	char sql[512];

	snprintf(sql, sizeof sql, "UPDATE residents SET %s = %s WHERE "
	    "atena_no = '%s'", col, value, f->atena);
	if (test_raw_sql(f->src, sql, NULL, 0) != SQLITE_OK)
		fail_msg("source: %s", sql);
}

/* The column's value for the awkward resident on target (first row). */
static void
get(const struct fx *f, const char *target, const char *expr, char *out,
    size_t size)
{
	char sql[512];

	snprintf(sql, sizeof sql, "SELECT %s FROM residents WHERE atena_no = "
	    "'%s' ORDER BY rireki_no LIMIT 1", expr, f->atena);
	assert_int_equal(test_raw_sql(target, sql, out, size), SQLITE_OK);
}

static void
test_copy_escapes_and_verifies(void **state)
{
	static const char *const cols[] = { "address", "katagaki", "phone",
	    "alias_name", "justification" };
	struct fx *f = *state;
	struct audit_report rep;
	struct ledger *dst;
	char a[512], b[512], n[32];
	int64_t rows = 0;
	struct err e;
	size_t i;

	/* Tab, newline, carriage return, backslashes (also before N and
	 * the end-of-data "\."), multibyte text, a NULL. */
	set_source(f, "address", "'京都市中京区' || char(9) || '寺町通' || "
	    "char(10) || '御池上る' || char(13) || char(10) || '上本能寺前町488'");
	set_source(f, "katagaki", "'\\N'");
	set_source(f, "phone", "'C:\\tmp\\' || char(9)");
	set_source(f, "alias_name", "'\\.'");
	set_source(f, "justification", "'ｶﾀｶﾅ・漢字・𠮷野家 \\\\ end\\'");
	set_source(f, "my_number", "NULL");

	err_clear(&e);
	assert_int_equal(copy_ledger(f->admin, f->target, &rows, &e), 0);
	assert_true(rows > 5);
	for (i = 0; i < sizeof cols / sizeof cols[0]; i++) {
		get(f, f->src, cols[i], a, sizeof a);
		get(f, f->target, cols[i], b, sizeof b);
		assert_string_equal(a, b);
	}
	get(f, f->target, "address", b, sizeof b);
	assert_string_equal(b, "京都市中京区\t寺町通\n御池上る\r\n上本能寺前町488");
	get(f, f->target, "katagaki", b, sizeof b);
	assert_string_equal(b, "\\N");
	snprintf(a, sizeof a, "SELECT count(*) FROM residents WHERE atena_no = "
	    "'%s' AND my_number IS NULL", f->atena);
	assert_int_equal(test_raw_sql(f->target, a, n, sizeof n), SQLITE_OK);
	assert_string_equal(n, "1");
	/* Every table arrived whole. */
	test_raw_sql(f->src, "SELECT count(*) FROM residents", a, sizeof a);
	test_raw_sql(f->target, "SELECT count(*) FROM residents", b, sizeof b);
	assert_string_equal(a, b);
	test_raw_sql(f->src, "SELECT count(*) FROM users", a, sizeof a);
	test_raw_sql(f->target, "SELECT count(*) FROM users", b, sizeof b);
	assert_string_equal(a, b);

	/* The chain verifies there, copy-in row included, and the target's
	 * indexes were made again after the load. */
	dst = open_ledger(f->target);
	memset(&rep, 0, sizeof rep);
	err_clear(&e);
	assert_int_equal(audit_verify_ledger(dst, &rep, &e), 0);
	test_raw_sql(f->src, "SELECT count(*) FROM audit_log", a, sizeof a);
	/* The source's rows and the copy-in row. */
	assert_int_equal(rep.rows, atoll(a) + 1);
	ledger_close(&dst);
	test_raw_sql(f->target, test_pg_uri() ? "SELECT count(*) FROM pg_indexes "
	    "WHERE indexname = 'residents_norm'" : "SELECT count(*) FROM "
	    "sqlite_master WHERE name = 'residents_norm'", n, sizeof n);
	assert_string_equal(n, "1");

	/* A second copy is refused: the target is no longer empty. */
	err_clear(&e);
	assert_int_equal(copy_ledger(f->admin, f->target, NULL, &e), -1);
	assert_int_equal(e.code, E_EXISTS);
}

/* A value the server refuses in the middle of the bulk load (bytes that
 * are not UTF-8): the copy fails as a whole and can be done again. */
static void
test_copy_failure_leaves_nothing(void **state)
{
	struct fx *f = *state;
	char n[32];
	int64_t rows = 0;
	struct err e;

	if (test_pg_uri() == NULL) {
		print_message("  (SQLite takes any bytes as TEXT: PostgreSQL only)\n");
		skip();
	}
	set_source(f, "address", "CAST(x'ff41' AS TEXT)");
	err_clear(&e);
	assert_int_equal(copy_ledger(f->admin, f->target, &rows, &e), -1);
	assert_int_equal(e.code, E_DB);
	assert_int_equal(test_raw_sql(f->target, "SELECT (SELECT count(*) FROM "
	    "users) + (SELECT count(*) FROM residents) + (SELECT count(*) FROM "
	    "audit_log)", n, sizeof n), SQLITE_OK);
	assert_string_equal(n, "0");
	set_source(f, "address", "'京都市'");
	err_clear(&e);
	assert_int_equal(copy_ledger(f->admin, f->target, &rows, &e), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_copy_escapes_and_verifies,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_copy_failure_leaves_nothing,
		    setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
