/*
 * Unit tests for db/ through db.h: opening (file mode 0600, WAL, schema
 * version, refusal of newer schemas and open permissions), users, grants,
 * settings, terminals, the audit table, the resident master (versions,
 * history, every search path, the result cap, 不開示), transactions and
 * bulk loading.  The test reaches under db.h with a connection of its own
 * only to look at and tamper with the data, as an outside tool would.
 * Under MADOGUCHI_TEST_PG every test runs on that PostgreSQL server, except
 * those about the SQLite file itself (skipped, visibly).
 */
#include "testutil.h"

#include <sys/stat.h>

#include <sqlite3.h>

#include "db.h"
#include "err.h"
#include "resident.h"
#include "xmalloc.h"

/* ---- helpers ---- */

struct fx {
	char *dir;
	char *path;
	struct db *db;
};

static int
setup_file(void **state)
{
	struct fx *f = xcalloc(1, sizeof *f);
	struct err e;
	char target[4200];

	f->dir = test_tmpdir();
	if (f->dir == NULL)
		return -1;
	f->path = xstrdup(test_db_target(f->dir, target, sizeof target));
	err_clear(&e);
	if ((f->db = db_open(f->path, &e)) == NULL) {
		fprintf(stderr, "db_open: %s %s\n", err_message(e.code), e.detail);
		return -1;
	}
	*state = f;
	return 0;
}

static int
setup_memory(void **state)
{
	struct fx *f;

	if (test_pg_uri() != NULL)
		return setup_file(state);	/* the server, not SQLite */
	f = xcalloc(1, sizeof *f);
	if ((f->db = db_open(":memory:", NULL)) == NULL)
		return -1;
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;

	db_close(&f->db);
	if (f->dir != NULL)
		test_rmtree(f->dir);
	free(f->dir);
	free(f->path);
	free(f);
	return 0;
}

/* Run sql on the database with a connection of our own: SQLITE_OK,
 * SQLITE_CONSTRAINT or SQLITE_ERROR on either engine. */
static int
raw_exec(const char *path, const char *sql)
{
	return test_raw_sql(path, sql, NULL, 0);
}

/* First column of the first row of sql as text into out. */
static int
raw_text(const char *path, const char *sql, char *out, size_t size)
{
	return test_raw_sql(path, sql, out, size) == SQLITE_OK ? 0 : -1;
}

static long
raw_long(const char *path, const char *sql)
{
	char v[64];

	if (raw_text(path, sql, v, sizeof v) == -1)
		return -1;
	return atol(v);
}

static void
make_user(struct db_user *u, const char *login)
{
	memset(u, 0, sizeof *u);
	snprintf(u->login, sizeof u->login, "%s", login);
	snprintf(u->display_name, sizeof u->display_name, "職員 %s", login);
	snprintf(u->pw_hash, sizeof u->pw_hash, "$argon2id$fake$%s", login);
	snprintf(u->pw_changed_at, sizeof u->pw_changed_at, "2024-04-01 09:00:00");
	snprintf(u->created_at, sizeof u->created_at, "2024-04-01 09:00:00");
}

/* A confirmed current first version; keys derived from name and kana. */
static void
make_res(struct db_resident *r, const char *atena, const char *name,
    const char *kana, const char *dob, const char *addr, const char *mn)
{
	memset(r, 0, sizeof *r);
	snprintf(r->atena_no, sizeof r->atena_no, "%s", atena);
	r->rireki_no = 1;
	snprintf(r->state, sizeof r->state, "confirmed");
	r->current = 1;
	snprintf(r->op, sizeof r->op, "create");
	snprintf(r->my_number, sizeof r->my_number, "%s", mn ? mn : "");
	snprintf(r->name, sizeof r->name, "%s", name);
	snprintf(r->name_kana, sizeof r->name_kana, "%s", kana);
	snprintf(r->birth_date, sizeof r->birth_date, "%s", dob);
	r->sex = 1;
	snprintf(r->address, sizeof r->address, "%s", addr);
	snprintf(r->retention_class, sizeof r->retention_class, "resident");
	snprintf(r->operator_login, sizeof r->operator_login, "clerk");
	snprintf(r->terminal, sizeof r->terminal, "T1");
	snprintf(r->stamp, sizeof r->stamp, "2024-04-01 10:00:00");
	r->resident_flag = 1;
	r->update_seq = atoll(atena);
	resident_derive_keys(r);
}

static const struct {
	const char *atena, *name, *kana, *dob, *addr, *mn;
	int restricted;
} people[] = {
	{ "1001", "山田 太郎", "ヤマダ　タロウ", "1970-03-01", "京都市中京区寺町通1-1", "123456789018", 0 },
	{ "1002", "山田 花子", "ヤマダ　ハナコ", "1970-03-01", "京都市左京区北白川2-3", "621498320257", 0 },
	{ "1003", "山田 一郎", "ヤマダ　イチロウ", "1985-12-24", "京都市中京区烏丸3-4", NULL, 0 },
	{ "1004", "山本 次郎", "ヤマモト　ジロウ", "1970-03-01", "京都市下京区四条5-6", "614106526000", 0 },
	{ "1005", "髙橋 美咲", "タカハシ　ミサキ", "1990-07-07", "京都市中京区寺町通7-8", "983205673214", 1 },
	{ "1006", "佐藤 健", "サトウ　ケン", "1970-03-01", "京都市北区紫野9-9", NULL, 0 },
};
#define NPEOPLE ((int)(sizeof people / sizeof people[0]))

static void
load_people(struct db *db)
{
	struct db_resident r;
	struct err e;
	int i;

	for (i = 0; i < NPEOPLE; i++) {
		make_res(&r, people[i].atena, people[i].name, people[i].kana,
		    people[i].dob, people[i].addr, people[i].mn);
		r.restricted = people[i].restricted;
		err_clear(&e);
		if (db_resident_insert(db, &r, &e) == -1)
			fail_msg("insert %s: %s", people[i].atena, e.detail);
	}
}

struct seen {
	int n;
	char atena[16][16];
};

static int
collect(void *ctx, const struct db_resident *r)
{
	struct seen *s = ctx;

	if (s->n < 16)
		snprintf(s->atena[s->n], sizeof s->atena[0], "%s", r->atena_no);
	s->n++;
	return 0;
}

/* Search and return the hits as "a,b,c" in delivery order. */
static char *
search(struct db *db, const struct db_resident_query *q, int limit, int *count)
{
	struct seen s;
	struct err e;
	char out[256] = "";
	int i;

	memset(&s, 0, sizeof s);
	err_clear(&e);
	if (db_resident_search(db, q, limit, collect, &s, count, &e) == -1)
		fail_msg("search: %s", e.detail);
	for (i = 0; i < s.n && i < 16; i++)
		snprintf(out + strlen(out), sizeof out - strlen(out), "%s%s",
		    i ? "," : "", s.atena[i]);
	return xstrdup(out);
}

/* ---- opening ---- */

static void
test_open_new_file(void **state)
{
	struct fx *f = *state;
	struct db_user u;
	struct stat st;
	char *wal, mode[16];

	if (test_pg_uri() != NULL) {
		/* The server: no file, the same schema and rows. */
		assert_string_equal(db_engine(f->db), "postgresql");
		assert_null(db_file(f->db));
		assert_int_equal(db_schema_version(f->db), db_schema_latest());
		make_user(&u, "clerk");
		assert_int_equal(db_user_insert(f->db, &u, NULL), 0);
		assert_int_equal(raw_long(f->path, "SELECT count(*) FROM users"), 1);
		assert_int_equal(raw_long(f->path, "SELECT value FROM meta WHERE "
		    "key = 'schema_version'"), db_schema_latest());
		assert_int_equal(db_integrity_check(f->db, NULL), 0);
		return;
	}
	wal = xasprintf("%s-wal", f->path);
	assert_string_equal(db_engine(f->db), "sqlite");
	assert_string_equal(db_file(f->db), f->path);
	assert_int_equal(db_schema_version(f->db), db_schema_latest());
	assert_true(db_schema_latest() >= 1);
	assert_int_equal(stat(f->path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);

	make_user(&u, "clerk");
	assert_int_equal(db_user_insert(f->db, &u, NULL), 0);
	/* WAL mode: the write went to the -wal file, also 0600. */
	assert_int_equal(stat(wal, &st), 0);
	assert_true(st.st_size > 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_int_equal(raw_text(f->path, "PRAGMA journal_mode", mode,
	    sizeof mode), 0);
	assert_string_equal(mode, "wal");
	/* The schema version is recorded in meta. */
	assert_int_equal(raw_long(f->path, "SELECT value FROM meta WHERE "
	    "key = 'schema_version'"), db_schema_latest());
	assert_int_equal(db_integrity_check(f->db, NULL), 0);
	free(wal);
}

static void
test_open_reopen_keeps_data(void **state)
{
	struct fx *f = *state;
	struct db_user u;
	struct err e;

	make_user(&u, "supervisor");
	assert_int_equal(db_user_insert(f->db, &u, NULL), 0);
	assert_int_equal(db_setting_put(f->db, "search_cap", "30",
	    "2024-04-01 09:00:00", "admin", NULL), 0);
	db_close(&f->db);
	assert_null(f->db);
	err_clear(&e);
	f->db = db_open(f->path, &e);
	assert_non_null(f->db);
	assert_int_equal(db_schema_version(f->db), db_schema_latest());
	memset(&u, 0, sizeof u);
	assert_int_equal(db_user_get(f->db, "supervisor", &u, NULL), 0);
	assert_string_equal(u.display_name, "職員 supervisor");
	assert_int_equal(db_user_count(f->db, NULL), 1);
	if (test_pg_uri() != NULL)
		return;
	/* "sqlite:" prefix names the same file. */
	db_close(&f->db);
	{
		char *t = xasprintf("sqlite:%s", f->path);

		f->db = db_open(t, &e);
		free(t);
	}
	assert_non_null(f->db);
	assert_int_equal(db_user_count(f->db, NULL), 1);
}

static void
test_open_refuses_newer(void **state)
{
	struct fx *f = *state;
	struct err e;
	char *sql;

	db_close(&f->db);
	sql = xasprintf("UPDATE meta SET value = '%d' WHERE key = "
	    "'schema_version'", db_schema_latest() + 1);
	assert_int_equal(raw_exec(f->path, sql), SQLITE_OK);
	free(sql);
	err_clear(&e);
	assert_null(db_open(f->path, &e));
	assert_int_equal(e.code, E_DB_NEWER);
	/* The refusal did not rewrite the version. */
	assert_int_equal(raw_long(f->path, "SELECT value FROM meta WHERE "
	    "key = 'schema_version'"), db_schema_latest() + 1);
}

static void
test_open_refuses_open_permissions(void **state)
{
	struct fx *f = *state;
	struct err e;

	TEST_SQLITE_ONLY();
	db_close(&f->db);
	assert_int_equal(chmod(f->path, 0644), 0);
	err_clear(&e);
	assert_null(db_open(f->path, &e));
	assert_int_equal(e.code, E_DB_PERMS);
	assert_non_null(strstr(e.detail, "644"));

	assert_int_equal(chmod(f->path, 0600), 0);
	assert_int_equal(chmod(f->dir, 0777), 0);
	err_clear(&e);
	assert_null(db_open(f->path, &e));
	assert_int_equal(e.code, E_DB_PERMS);
	assert_int_equal(chmod(f->dir, 0700), 0);

	f->db = db_open(f->path, &e);
	assert_non_null(f->db);
}

static void
test_open_creates_parent_and_memory(void **state)
{
	struct fx *f = *state;
	struct db *db;
	struct stat st;
	struct err e;
	char *deep, *parent;

	TEST_SQLITE_ONLY();
	deep = xasprintf("%s/new/dir/ledger.db", f->dir);
	err_clear(&e);
	db = db_open(deep, &e);
	assert_non_null(db);
	parent = xasprintf("%s/new/dir", f->dir);
	assert_int_equal(stat(parent, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0700);
	db_close(&db);

	db = db_open(":memory:", &e);
	assert_non_null(db);
	assert_null(db_file(db));
	assert_int_equal(db_schema_version(db), db_schema_latest());
	db_close(&db);

	err_clear(&e);
	assert_null(db_open("", &e));
	assert_int_equal(e.code, E_USAGE);
	err_clear(&e);
	assert_null(db_open("sqlite:", &e));
	assert_int_equal(e.code, E_USAGE);
	free(parent);
	free(deep);
}

/* ---- accounts ---- */

static int
count_user(void *ctx, const struct db_user *u)
{
	char *order = ctx;

	strcat(order, u->login);
	strcat(order, ";");
	return 0;
}

static void
test_users(void **state)
{
	struct fx *f = *state;
	struct db_user u, v;
	struct err e;
	char order[256] = "";

	make_user(&u, "tanaka");
	assert_int_equal(db_user_insert(f->db, &u, NULL), 0);
	assert_true(u.id > 0);
	make_user(&v, "abe");
	assert_int_equal(db_user_insert(f->db, &v, NULL), 0);
	assert_true(v.id != u.id);

	/* Duplicate login refused with E_EXISTS (R-01). */
	make_user(&v, "tanaka");
	err_clear(&e);
	assert_int_equal(db_user_insert(f->db, &v, &e), -1);
	assert_int_equal(e.code, E_EXISTS);

	memset(&v, 0, sizeof v);
	assert_int_equal(db_user_get(f->db, "tanaka", &v, NULL), 0);
	assert_int_equal(v.id, u.id);
	assert_string_equal(v.display_name, "職員 tanaka");
	assert_string_equal(v.pw_hash, "$argon2id$fake$tanaka");
	assert_int_equal(v.failed_count, 0);
	assert_int_equal(v.locked, 0);

	v.failed_count = 3;
	v.locked = 1;
	v.must_change = 1;
	v.pw_hash[0] = '\0';	/* erased: stored as NULL */
	snprintf(v.disabled_at, sizeof v.disabled_at, "2024-05-01 12:00:00");
	snprintf(v.disabled_reason, sizeof v.disabled_reason, "退職");
	snprintf(v.end_date, sizeof v.end_date, "2024-04-30");
	snprintf(v.last_login_at, sizeof v.last_login_at, "2024-04-30 17:00:00");
	assert_int_equal(db_user_update(f->db, &v, NULL), 0);
	memset(&u, 0, sizeof u);
	assert_int_equal(db_user_get(f->db, "tanaka", &u, NULL), 0);
	assert_int_equal(u.failed_count, 3);
	assert_int_equal(u.locked, 1);
	assert_int_equal(u.must_change, 1);
	assert_string_equal(u.pw_hash, "");
	assert_string_equal(u.disabled_reason, "退職");
	assert_string_equal(u.end_date, "2024-04-30");
	assert_string_equal(u.last_login_at, "2024-04-30 17:00:00");
	if (f->path != NULL)
		assert_int_equal(raw_long(f->path, "SELECT count(*) FROM users "
		    "WHERE login = 'tanaka' AND pw_hash IS NULL"), 1);

	err_clear(&e);
	assert_int_equal(db_user_get(f->db, "nobody", &u, &e), -1);
	assert_int_equal(e.code, E_NOT_FOUND);
	assert_int_equal(db_user_count(f->db, NULL), 2);
	assert_int_equal(db_user_each(f->db, count_user, order, NULL), 0);
	assert_string_equal(order, "abe;tanaka;");
}

static int
hist(void *ctx, const char *hash)
{
	char *s = ctx;

	strcat(s, hash);
	strcat(s, ";");
	return 0;
}

static void
test_password_history(void **state)
{
	struct fx *f = *state;
	struct db_user u;
	char s[256] = "";

	make_user(&u, "clerk");
	assert_int_equal(db_user_insert(f->db, &u, NULL), 0);
	assert_int_equal(db_pwhist_add(f->db, u.id, "h1", "2024-01-01 00:00:00", NULL), 0);
	assert_int_equal(db_pwhist_add(f->db, u.id, "h2", "2024-02-01 00:00:00", NULL), 0);
	assert_int_equal(db_pwhist_add(f->db, u.id, "h3", "2024-03-01 00:00:00", NULL), 0);
	assert_int_equal(db_pwhist_add(f->db, u.id, "h4", "2024-04-01 00:00:00", NULL), 0);
	assert_int_equal(db_pwhist_each(f->db, u.id, 3, hist, s, NULL), 0);
	assert_string_equal(s, "h4;h3;h2;");
	s[0] = '\0';
	assert_int_equal(db_pwhist_each(f->db, u.id + 99, 3, hist, s, NULL), 0);
	assert_string_equal(s, "");
	/* The history refers to a real user (foreign keys are on). */
	assert_int_equal(db_pwhist_add(f->db, u.id + 99, "hx",
	    "2024-04-01 00:00:00", NULL), -1);
}

static int
grant_list(void *ctx, const struct db_grant *g)
{
	char *s = ctx;

	strcat(s, g->role);
	strcat(s, "@");
	strcat(s, g->ledger);
	strcat(s, "/");
	strcat(s, g->granted_by);
	strcat(s, ";");
	return 0;
}

static void
test_grants(void **state)
{
	struct fx *f = *state;
	struct db_user u;
	struct db_grant g;
	struct err e;
	char s[256] = "";

	make_user(&u, "clerk");
	assert_int_equal(db_user_insert(f->db, &u, NULL), 0);
	memset(&g, 0, sizeof g);
	snprintf(g.granted_at, sizeof g.granted_at, "2024-04-01 09:00:00");
	snprintf(g.granted_by, sizeof g.granted_by, "admin");
	snprintf(g.ledger, sizeof g.ledger, "resident");
	snprintf(g.role, sizeof g.role, "clerk");
	assert_int_equal(db_grant_add(f->db, u.id, &g, NULL), 0);
	assert_int_equal(db_grant_add(f->db, u.id, &g, NULL), 0);	/* idempotent */
	snprintf(g.ledger, sizeof g.ledger, "child");
	assert_int_equal(db_grant_add(f->db, u.id, &g, NULL), 0);
	snprintf(g.role, sizeof g.role, "supervisor");
	assert_int_equal(db_grant_add(f->db, u.id, &g, NULL), 0);
	assert_int_equal(db_grant_each(f->db, u.id, grant_list, s, NULL), 0);
	assert_string_equal(s, "clerk@child/admin;supervisor@child/admin;"
	    "clerk@resident/admin;");

	/* Unknown ledgers and roles are refused by the schema. */
	snprintf(g.ledger, sizeof g.ledger, "bogus");
	assert_int_equal(db_grant_add(f->db, u.id, &g, NULL), -1);
	snprintf(g.ledger, sizeof g.ledger, "child");
	snprintf(g.role, sizeof g.role, "king");
	assert_int_equal(db_grant_add(f->db, u.id, &g, NULL), -1);

	assert_int_equal(db_grant_remove(f->db, u.id, "child", "clerk", NULL), 0);
	err_clear(&e);
	assert_int_equal(db_grant_remove(f->db, u.id, "child", "clerk", &e), -1);
	assert_int_equal(e.code, E_NOT_FOUND);
	s[0] = '\0';
	db_grant_each(f->db, u.id, grant_list, s, NULL);
	assert_string_equal(s, "supervisor@child/admin;clerk@resident/admin;");
	assert_int_equal(db_grant_remove_all(f->db, u.id, NULL), 0);
	s[0] = '\0';
	db_grant_each(f->db, u.id, grant_list, s, NULL);
	assert_string_equal(s, "");
}

static void
test_access_register(void **state)
{
	struct fx *f = *state;
	struct db_access_event a;

	memset(&a, 0, sizeof a);
	snprintf(a.at, sizeof a.at, "2024-04-01 09:00:00");
	snprintf(a.user_login, sizeof a.user_login, "clerk");
	snprintf(a.action, sizeof a.action, "disable");
	snprintf(a.by_login, sizeof a.by_login, "admin");
	snprintf(a.reason, sizeof a.reason, "異動");
	assert_int_equal(db_access_add(f->db, &a, NULL), 0);
	assert_int_equal(raw_long(f->path, "SELECT count(*) FROM access_register "
	    "WHERE user_login = 'clerk' AND action = 'disable' AND "
	    "by_login = 'admin' AND reason = '異動'"), 1);
}

static int
term_list(void *ctx, const struct db_terminal *t)
{
	char *s = ctx;

	strcat(s, t->id);
	strcat(s, t->active ? "+" : "-");
	strcat(s, ";");
	return 0;
}

static void
test_terminals_and_settings(void **state)
{
	struct fx *f = *state;
	struct db_terminal t, g;
	struct err e;
	char v[8], s[128] = "";

	memset(&t, 0, sizeof t);
	snprintf(t.id, sizeof t.id, "T1");
	snprintf(t.description, sizeof t.description, "市民課 窓口1");
	t.active = 1;
	snprintf(t.registered_at, sizeof t.registered_at, "2024-04-01 09:00:00");
	snprintf(t.registered_by, sizeof t.registered_by, "admin");
	assert_int_equal(db_terminal_put(f->db, &t, NULL), 0);
	snprintf(t.id, sizeof t.id, "T0");
	assert_int_equal(db_terminal_put(f->db, &t, NULL), 0);
	/* Re-putting updates description and state, keeps registration. */
	snprintf(t.id, sizeof t.id, "T1");
	t.active = 0;
	snprintf(t.registered_by, sizeof t.registered_by, "other");
	snprintf(t.description, sizeof t.description, "廃止");
	assert_int_equal(db_terminal_put(f->db, &t, NULL), 0);
	memset(&g, 0, sizeof g);
	assert_int_equal(db_terminal_get(f->db, "T1", &g, NULL), 0);
	assert_int_equal(g.active, 0);
	assert_string_equal(g.description, "廃止");
	assert_string_equal(g.registered_by, "admin");
	err_clear(&e);
	assert_int_equal(db_terminal_get(f->db, "T9", &g, &e), -1);
	assert_int_equal(e.code, E_NOT_FOUND);
	db_terminal_each(f->db, term_list, s, NULL);
	assert_string_equal(s, "T0+;T1-;");

	err_clear(&e);
	assert_int_equal(db_setting_get(f->db, "search_cap", v, sizeof v, &e), -1);
	assert_int_equal(e.code, E_NOT_FOUND);
	assert_int_equal(db_setting_put(f->db, "search_cap", "30",
	    "2024-04-01 09:00:00", "admin", NULL), 0);
	assert_int_equal(db_setting_get(f->db, "search_cap", v, sizeof v, NULL), 0);
	assert_string_equal(v, "30");
	assert_int_equal(db_setting_put(f->db, "search_cap", "1234567890",
	    "2024-04-02 09:00:00", "admin2", NULL), 0);
	assert_int_equal(db_setting_get(f->db, "search_cap", v, sizeof v, NULL), 0);
	assert_string_equal(v, "1234567");	/* truncated to the buffer */
	assert_int_equal(raw_long(f->path, "SELECT count(*) FROM settings "
	    "WHERE updated_by = 'admin2'"), 1);
}

/* ---- audit table ---- */

static int
audit_seqs(void *ctx, const struct db_audit_row *r)
{
	char *s = ctx;

	snprintf(s + strlen(s), 256 - strlen(s), "%lld;", (long long)r->seq);
	return 0;
}

static void
test_audit_table(void **state)
{
	struct fx *f = *state;
	static const struct {
		const char *at, *user, *op, *target;
	} rows[] = {
		{ "2024-03-31 23:59:59", "clerk", "login", "clerk" },
		{ "2024-04-01 00:00:00", "clerk", "search", "" },
		{ "2024-04-01 23:59:59", "clerk2", "view", "1001" },
		{ "2024-04-02 00:00:00", "clerk", "view", "1001" },
	};
	struct db_audit_filter flt;
	struct db_audit_row r;
	char s[256], hash[HASH_HEX];
	int64_t seq;
	size_t i;

	assert_int_equal(db_audit_head(f->db, &seq, hash, NULL), 0);
	assert_int_equal(seq, 0);
	assert_string_equal(hash, "");
	for (i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		memset(&r, 0, sizeof r);
		r.seq = (int64_t)i + 1;
		snprintf(r.at, sizeof r.at, "%s", rows[i].at);
		snprintf(r.user_login, sizeof r.user_login, "%s", rows[i].user);
		snprintf(r.terminal, sizeof r.terminal, "T1");
		snprintf(r.op, sizeof r.op, "%s", rows[i].op);
		snprintf(r.target, sizeof r.target, "%s", rows[i].target);
		snprintf(r.outcome, sizeof r.outcome, "ok");
		snprintf(r.prev_hash, sizeof r.prev_hash, "p%zu", i);
		snprintf(r.hash, sizeof r.hash, "h%zu", i + 1);
		assert_int_equal(db_audit_insert(f->db, &r, NULL), 0);
	}
	/* seq is the primary key: a second row 4 is refused. */
	assert_int_equal(db_audit_insert(f->db, &r, NULL), -1);
	assert_int_equal(db_audit_head(f->db, &seq, hash, NULL), 0);
	assert_int_equal(seq, 4);
	assert_string_equal(hash, "h4");

	s[0] = '\0';
	db_audit_each(f->db, NULL, audit_seqs, s, NULL);
	assert_string_equal(s, "1;2;3;4;");
	memset(&flt, 0, sizeof flt);
	flt.user_login = "clerk";
	s[0] = '\0';
	db_audit_each(f->db, &flt, audit_seqs, s, NULL);
	assert_string_equal(s, "1;2;4;");
	flt.op = "view";
	s[0] = '\0';
	db_audit_each(f->db, &flt, audit_seqs, s, NULL);
	assert_string_equal(s, "4;");
	memset(&flt, 0, sizeof flt);
	flt.target = "1001";
	s[0] = '\0';
	db_audit_each(f->db, &flt, audit_seqs, s, NULL);
	assert_string_equal(s, "3;4;");
	/* from/to are whole days, both inclusive. */
	memset(&flt, 0, sizeof flt);
	flt.from = "2024-04-01";
	flt.to = "2024-04-01";
	s[0] = '\0';
	db_audit_each(f->db, &flt, audit_seqs, s, NULL);
	assert_string_equal(s, "2;3;");
	flt.to = NULL;
	flt.limit = 2;
	s[0] = '\0';
	db_audit_each(f->db, &flt, audit_seqs, s, NULL);
	assert_string_equal(s, "2;3;");

	/* Append-only: UPDATE and DELETE abort in the schema itself. */
	assert_int_equal(raw_exec(f->path, "UPDATE audit_log SET detail = 'x' "
	    "WHERE seq = 2"), SQLITE_CONSTRAINT);
	assert_int_equal(raw_exec(f->path, "DELETE FROM audit_log WHERE seq = 4"),
	    SQLITE_CONSTRAINT);
	assert_int_equal(raw_long(f->path, "SELECT count(*) FROM audit_log"), 4);
}

/* ---- resident master ---- */

static int
hist_res(void *ctx, const struct db_resident *r)
{
	char *s = ctx;

	snprintf(s + strlen(s), 256 - strlen(s), "%d:%s:%s:%d;", r->rireki_no,
	    r->state, r->address, r->current);
	return 0;
}

static void
test_resident_versions(void **state)
{
	struct fx *f = *state;
	struct db_resident r, g;
	struct err e;
	char s[256] = "";

	make_res(&r, "2001", "鈴木 一郎", "スズキ　イチロウ", "1950-01-01",
	    "京都市東山区1", "123456789018");
	r.current = 0;
	snprintf(r.state, sizeof r.state, "superseded");
	r.update_seq = 1;
	assert_int_equal(db_resident_insert(f->db, &r, NULL), 0);
	r.rireki_no = 2;
	r.current = 1;
	snprintf(r.state, sizeof r.state, "confirmed");
	snprintf(r.op, sizeof r.op, "move");
	snprintf(r.address, sizeof r.address, "京都市西京区2");
	snprintf(r.operator_login, sizeof r.operator_login, "clerk2");
	r.update_seq = 2;
	assert_int_equal(db_resident_insert(f->db, &r, NULL), 0);
	r.rireki_no = 3;
	r.current = 0;
	snprintf(r.state, sizeof r.state, "pending");
	snprintf(r.address, sizeof r.address, "京都市南区3");
	r.update_seq = 3;
	assert_int_equal(db_resident_insert(f->db, &r, NULL), 0);

	/* get returns the effective (current) version. */
	memset(&g, 0, sizeof g);
	assert_int_equal(db_resident_get(f->db, "2001", &g, NULL), 0);
	assert_int_equal(g.rireki_no, 2);
	assert_string_equal(g.address, "京都市西京区2");
	assert_string_equal(g.operator_login, "clerk2");
	assert_string_equal(g.my_number, "123456789018");
	assert_string_equal(g.name_key, "ススキイチロウ");	/* 清音化 */
	assert_string_equal(g.name_norm, "鈴木一郎");
	assert_int_equal(g.update_seq, 2);

	assert_int_equal(db_resident_history(f->db, "2001", hist_res, s, NULL), 0);
	assert_string_equal(s, "1:superseded:京都市東山区1:0;"
	    "2:confirmed:京都市西京区2:1;3:pending:京都市南区3:0;");
	assert_int_equal(db_resident_next_seq(f->db, NULL), 4);
	assert_int_equal(db_resident_count(f->db, NULL), 1);

	/* A second current version, or a repeated 履歴番号, is refused. */
	r.rireki_no = 4;
	r.current = 1;
	err_clear(&e);
	assert_int_equal(db_resident_insert(f->db, &r, &e), -1);
	assert_int_equal(e.code, E_EXISTS);
	r.rireki_no = 2;
	r.current = 0;
	err_clear(&e);
	assert_int_equal(db_resident_insert(f->db, &r, &e), -1);
	assert_int_equal(e.code, E_EXISTS);
	/* Schema checks: a My Number has 12 characters, sex is 1/2/9. */
	make_res(&r, "2002", "x", "エックス", "1950-01-01", "", "12345678901");
	assert_int_equal(db_resident_insert(f->db, &r, NULL), -1);
	make_res(&r, "2002", "x", "エックス", "1950-01-01", "", NULL);
	r.sex = 3;
	assert_int_equal(db_resident_insert(f->db, &r, NULL), -1);

	err_clear(&e);
	assert_int_equal(db_resident_get(f->db, "9999", &g, &e), -1);
	assert_int_equal(e.code, E_NOT_FOUND);
	/* A resident without a number stores NULL, not "". */
	make_res(&r, "2003", "x", "エックス", "1950-01-01", "", NULL);
	assert_int_equal(db_resident_insert(f->db, &r, NULL), 0);
	assert_int_equal(raw_long(f->path, "SELECT count(*) FROM residents "
	    "WHERE atena_no = '2003' AND my_number IS NULL"), 1);
}

static void
test_search_name_key_dob(void **state)
{
	struct fx *f = *state;
	struct db_resident_query q;
	int count;
	char *hits;

	load_people(f->db);
	memset(&q, 0, sizeof q);
	q.name_key = "ヤマタ";	/* 清音化 prefix of ヤマダ */
	q.birth_date = "1970-03-01";
	hits = search(f->db, &q, 50, &count);
	assert_string_equal(hits, "1001,1002");	/* ヤマタタロウ < ヤマタハナコ */
	assert_int_equal(count, 2);
	free(hits);
	q.name_key = "ヤマ";
	hits = search(f->db, &q, 50, &count);
	assert_string_equal(hits, "1001,1002,1004");
	free(hits);
	/* The whole key matches too; a longer one narrows. */
	q.name_key = "ヤマタタロウ";
	hits = search(f->db, &q, 50, &count);
	assert_string_equal(hits, "1001");
	free(hits);
	q.name_key = "ヤマタタロウX";
	hits = search(f->db, &q, 50, &count);
	assert_string_equal(hits, "");
	assert_int_equal(count, 0);
	free(hits);
	/* Without the date, the key alone (the ledger refuses that form,
	 * the storage layer still answers it). */
	q.name_key = "ヤマタ";
	q.birth_date = NULL;
	hits = search(f->db, &q, 50, &count);
	assert_string_equal(hits, "1003,1001,1002");	/* イチロウ first */
	free(hits);
	q.birth_date = "1985-12-24";
	hits = search(f->db, &q, 50, &count);
	assert_string_equal(hits, "1003");
	free(hits);
}

static void
test_search_name_norm_and_address(void **state)
{
	struct fx *f = *state;
	struct db_resident_query q;
	int count;
	char *hits;

	load_people(f->db);
	memset(&q, 0, sizeof q);
	q.name_norm = "山田";
	q.birth_date = "1970-03-01";
	hits = search(f->db, &q, 50, &count);
	assert_string_equal(hits, "1001,1002");	/* 山田太郎 < 山田花子 */
	free(hits);
	q.name_norm = "山";
	hits = search(f->db, &q, 50, &count);
	assert_string_equal(hits, "1004,1001,1002");	/* 本 U+672C < 田 U+7530 */
	free(hits);

	/* Name and part of the address. */
	memset(&q, 0, sizeof q);
	q.name_norm = "山田";
	q.address = "中京区";
	hits = search(f->db, &q, 50, &count);
	assert_string_equal(hits, "1003,1001");	/* 山田一郎 < 山田太郎 */
	free(hits);
	q.address = "寺町通";
	hits = search(f->db, &q, 50, &count);
	assert_string_equal(hits, "1001");
	free(hits);
	/* LIKE wildcards typed by the user are dropped, not obeyed. */
	q.address = "中京%寺町";
	hits = search(f->db, &q, 50, &count);
	assert_string_equal(hits, "");
	free(hits);
	q.address = "寺_通";
	hits = search(f->db, &q, 50, &count);
	assert_string_equal(hits, "");
	free(hits);
	/* Kana key with an address. */
	memset(&q, 0, sizeof q);
	q.name_key = "ヤマタ";
	q.address = "左京区";
	hits = search(f->db, &q, 50, &count);
	assert_string_equal(hits, "1002");
	free(hits);
}

static void
test_search_identifiers(void **state)
{
	struct fx *f = *state;
	struct db_resident_query q;
	int count;
	char *hits;

	load_people(f->db);
	memset(&q, 0, sizeof q);
	q.my_number = "621498320257";
	hits = search(f->db, &q, 50, &count);
	assert_string_equal(hits, "1002");
	assert_int_equal(count, 1);
	free(hits);
	q.my_number = "123456789013";
	hits = search(f->db, &q, 50, &count);
	assert_string_equal(hits, "");
	free(hits);
	memset(&q, 0, sizeof q);
	q.atena_no = "1004";
	hits = search(f->db, &q, 50, &count);
	assert_string_equal(hits, "1004");
	free(hits);
	/* Two identifiers that disagree find nobody. */
	q.my_number = "123456789018";
	hits = search(f->db, &q, 50, &count);
	assert_string_equal(hits, "");
	free(hits);
}

static void
test_search_cap_counts_limit_plus_one(void **state)
{
	struct fx *f = *state;
	struct db_resident_query q;
	int count;
	char *hits;

	load_people(f->db);
	memset(&q, 0, sizeof q);
	q.name_norm = "山";
	q.birth_date = "1970-03-01";	/* 3 matches */
	hits = search(f->db, &q, 3, &count);
	assert_int_equal(count, 3);
	assert_string_equal(hits, "1004,1001,1002");
	free(hits);
	hits = search(f->db, &q, 2, &count);
	assert_int_equal(count, 3);	/* limit + 1: "more than 2" */
	assert_string_equal(hits, "1004,1001");	/* fn saw at most 2 */
	free(hits);
	hits = search(f->db, &q, 1, &count);
	assert_int_equal(count, 2);	/* counted only up to limit + 1 */
	assert_string_equal(hits, "1004");
	free(hits);
}

static void
test_search_restricted(void **state)
{
	struct fx *f = *state;
	struct db_resident_query q;
	int count;
	char *hits;

	load_people(f->db);
	memset(&q, 0, sizeof q);
	q.name_norm = "髙橋";
	q.birth_date = "1990-07-07";
	hits = search(f->db, &q, 50, &count);
	assert_string_equal(hits, "");	/* 不開示 */
	assert_int_equal(count, 0);
	free(hits);
	q.include_restricted = 1;
	hits = search(f->db, &q, 50, &count);
	assert_string_equal(hits, "1005");
	free(hits);
	memset(&q, 0, sizeof q);
	q.my_number = "983205673214";
	hits = search(f->db, &q, 50, &count);
	assert_string_equal(hits, "");
	free(hits);
	q.include_restricted = 1;
	hits = search(f->db, &q, 50, &count);
	assert_string_equal(hits, "1005");
	free(hits);
}

static void
test_search_current_versions_only(void **state)
{
	struct fx *f = *state;
	struct db_resident_query q;
	struct db_resident r;
	int count;
	char *hits;

	make_res(&r, "3001", "中村 優", "ナカムラ　ユウ", "2000-01-01",
	    "京都市伏見区旧住所", NULL);
	r.current = 0;
	snprintf(r.state, sizeof r.state, "superseded");
	assert_int_equal(db_resident_insert(f->db, &r, NULL), 0);
	make_res(&r, "3001", "中村 優", "ナカムラ　ユウ", "2000-01-01",
	    "京都市伏見区新住所", NULL);
	r.rireki_no = 2;
	assert_int_equal(db_resident_insert(f->db, &r, NULL), 0);
	memset(&q, 0, sizeof q);
	q.name_norm = "中村";
	q.address = "旧住所";
	hits = search(f->db, &q, 50, &count);
	assert_string_equal(hits, "");
	free(hits);
	q.address = "新住所";
	hits = search(f->db, &q, 50, &count);
	assert_string_equal(hits, "3001");
	assert_int_equal(count, 1);
	free(hits);
}

/*
 * A query without a name or an identifier (date of birth and address,
 * which the ledger allows when search_allow_address_dob is set) must
 * still apply its conditions.  db_resident_search sends it to the
 * identifier statement, which ignores birth_date and address, so it
 * returns every current resident.
 */
static void
test_search_dob_address_without_name(void **state)
{
	struct fx *f = *state;
	struct db_resident_query q;
	int count, ok;
	char *hits;

	load_people(f->db);
	memset(&q, 0, sizeof q);
	q.birth_date = "1985-12-24";
	q.address = "烏丸";
	hits = search(f->db, &q, 50, &count);
	ok = strcmp(hits, "1003") == 0 && count == 1;
	if (!ok)
		fprintf(stderr, "dob+address gave [%s], %d hits\n", hits, count);
	free(hits);
	assert_true(ok);
}

/* ---- transactions and bulk loading ---- */

static void
test_transactions(void **state)
{
	struct fx *f = *state;
	struct db_user u;
	struct err e;

	assert_false(db_in_transaction(f->db));
	assert_int_equal(db_begin(f->db, NULL), 0);
	assert_true(db_in_transaction(f->db));
	err_clear(&e);
	assert_int_equal(db_begin(f->db, &e), -1);	/* no nesting */
	assert_int_equal(e.code, E_DB);
	make_user(&u, "ghost");
	assert_int_equal(db_user_insert(f->db, &u, NULL), 0);
	assert_int_equal(db_user_get(f->db, "ghost", &u, NULL), 0);
	db_rollback(f->db);
	assert_false(db_in_transaction(f->db));
	err_clear(&e);
	assert_int_equal(db_user_get(f->db, "ghost", &u, &e), -1);
	assert_int_equal(e.code, E_NOT_FOUND);
	db_rollback(f->db);	/* harmless without a transaction */
	err_clear(&e);
	assert_int_equal(db_commit(f->db, &e), -1);
	assert_int_equal(e.code, E_DB);

	assert_int_equal(db_begin(f->db, NULL), 0);
	make_user(&u, "kept");
	assert_int_equal(db_user_insert(f->db, &u, NULL), 0);
	/* Not visible to another connection before commit ... */
	assert_int_equal(raw_long(f->path, "SELECT count(*) FROM users"), 0);
	assert_int_equal(db_commit(f->db, NULL), 0);
	/* ... and visible after. */
	assert_int_equal(raw_long(f->path, "SELECT count(*) FROM users"), 1);
	/* Closing with an open transaction rolls it back. */
	assert_int_equal(db_begin(f->db, NULL), 0);
	make_user(&u, "lost");
	assert_int_equal(db_user_insert(f->db, &u, NULL), 0);
	db_close(&f->db);
	assert_int_equal(raw_long(f->path, "SELECT count(*) FROM users"), 1);
	f->db = db_open(f->path, NULL);
	assert_non_null(f->db);
}

static void
test_bulk_loading(void **state)
{
	struct fx *f = *state;
	struct db_bulk *b;
	struct db_resident r;
	char atena[16];
	int i;

	b = db_bulk_residents_begin(f->db, NULL);
	assert_non_null(b);
	assert_true(db_in_transaction(f->db));
	for (i = 0; i < 500; i++) {
		snprintf(atena, sizeof atena, "%d", 100000 + i);
		make_res(&r, atena, "木村 拓", "キムラ　タク", "1972-11-13",
		    "京都市上京区", NULL);
		assert_int_equal(db_bulk_residents_add(b, &r, NULL), 0);
	}
	assert_int_equal(db_bulk_residents_end(&b, 1, NULL), 0);
	assert_null(b);
	assert_false(db_in_transaction(f->db));
	assert_int_equal(db_resident_count(f->db, NULL), 500);
	assert_int_equal(raw_long(f->path, "SELECT count(*) FROM residents"), 500);

	/* A failed load leaves nothing behind. */
	b = db_bulk_residents_begin(f->db, NULL);
	assert_non_null(b);
	make_res(&r, "200000", "木村 拓", "キムラ　タク", "1972-11-13", "", NULL);
	assert_int_equal(db_bulk_residents_add(b, &r, NULL), 0);
	make_res(&r, "100000", "木村 拓", "キムラ　タク", "1972-11-13", "", NULL);
	assert_int_equal(db_bulk_residents_add(b, &r, NULL), -1);	/* duplicate */
	assert_int_equal(db_bulk_residents_end(&b, 0, NULL), 0);
	assert_null(b);
	assert_int_equal(db_resident_count(f->db, NULL), 500);
	/* Inside the caller's transaction the loader joins it and leaves
	 * the commit (or rollback) to the caller. */
	assert_int_equal(db_begin(f->db, NULL), 0);
	b = db_bulk_residents_begin(f->db, NULL);
	assert_non_null(b);
	make_res(&r, "200001", "木村 拓", "キムラ　タク", "1972-11-13", "", NULL);
	assert_int_equal(db_bulk_residents_add(b, &r, NULL), 0);
	assert_int_equal(db_bulk_residents_end(&b, 1, NULL), 0);
	assert_true(db_in_transaction(f->db));
	db_rollback(f->db);
	assert_int_equal(db_resident_count(f->db, NULL), 500);
}

static void
test_bulk_deferred_indexes(void **state)
{
	struct fx *f = *state;
	struct db_resident_query q;
	struct db_bulk *b;
	struct db_resident r;
	char atena[16], *hits;
	int i, count;

	assert_int_equal(db_begin(f->db, NULL), 0);
	b = db_bulk_residents_begin(f->db, NULL);
	assert_non_null(b);
	assert_int_equal(db_bulk_residents_defer_indexes(b, NULL), 0);
	for (i = 0; i < 300; i++) {
		snprintf(atena, sizeof atena, "%d", 5000 + i);
		make_res(&r, atena, i % 3 ? "木村 拓" : "森 花",
		    i % 3 ? "キムラ　タク" : "モリ　ハナ", "1972-11-13",
		    "京都市上京区", NULL);
		assert_int_equal(db_bulk_residents_add(b, &r, NULL), 0);
	}
	assert_int_equal(db_bulk_residents_finish(&b, NULL), 0);
	assert_null(b);
	assert_true(db_in_transaction(f->db));
	assert_int_equal(db_commit(f->db, NULL), 0);
	/* The rebuilt indexes answer searches, and still refuse a second
	 * current version. */
	memset(&q, 0, sizeof q);
	q.name_key = "モリ";
	q.birth_date = "1972-11-13";
	hits = search(f->db, &q, 500, &count);
	assert_int_equal(count, 100);
	free(hits);
	make_res(&r, "5000", "森 花", "モリ　ハナ", "1972-11-13", "", NULL);
	r.rireki_no = 2;
	assert_int_equal(db_resident_insert(f->db, &r, NULL), -1);
	assert_int_equal(db_integrity_check(f->db, NULL), 0);
	assert_int_equal(raw_long(f->path, test_pg_uri() != NULL ?
	    "SELECT count(*) FROM pg_indexes WHERE schemaname = 'public' AND "
	    "indexname = 'residents_current'" : "SELECT count(*) FROM "
	    "sqlite_master WHERE type = 'index' AND name = 'residents_current'"),
	    1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_open_new_file, setup_file, teardown),
		cmocka_unit_test_setup_teardown(test_open_reopen_keeps_data, setup_file, teardown),
		cmocka_unit_test_setup_teardown(test_open_refuses_newer, setup_file, teardown),
		cmocka_unit_test_setup_teardown(test_open_refuses_open_permissions, setup_file, teardown),
		cmocka_unit_test_setup_teardown(test_open_creates_parent_and_memory, setup_file, teardown),
		cmocka_unit_test_setup_teardown(test_users, setup_file, teardown),
		cmocka_unit_test_setup_teardown(test_users, setup_memory, teardown),
		cmocka_unit_test_setup_teardown(test_password_history, setup_memory, teardown),
		cmocka_unit_test_setup_teardown(test_grants, setup_memory, teardown),
		cmocka_unit_test_setup_teardown(test_access_register, setup_file, teardown),
		cmocka_unit_test_setup_teardown(test_terminals_and_settings, setup_file, teardown),
		cmocka_unit_test_setup_teardown(test_audit_table, setup_file, teardown),
		cmocka_unit_test_setup_teardown(test_resident_versions, setup_file, teardown),
		cmocka_unit_test_setup_teardown(test_search_name_key_dob, setup_memory, teardown),
		cmocka_unit_test_setup_teardown(test_search_name_norm_and_address, setup_memory, teardown),
		cmocka_unit_test_setup_teardown(test_search_identifiers, setup_memory, teardown),
		cmocka_unit_test_setup_teardown(test_search_cap_counts_limit_plus_one, setup_memory, teardown),
		cmocka_unit_test_setup_teardown(test_search_restricted, setup_memory, teardown),
		cmocka_unit_test_setup_teardown(test_search_current_versions_only, setup_memory, teardown),
		cmocka_unit_test_setup_teardown(test_search_dob_address_without_name, setup_memory, teardown),
		cmocka_unit_test_setup_teardown(test_transactions, setup_file, teardown),
		cmocka_unit_test_setup_teardown(test_bulk_loading, setup_file, teardown),
		cmocka_unit_test_setup_teardown(test_bulk_deferred_indexes, setup_file, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
