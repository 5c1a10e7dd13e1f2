/*
 * Unit tests for ledger/resident.c: the search rules of as a
 * logged-in clerk (an exact identifier, or a name with a date of birth or
 * an address; sex and wildcards never count; a reason always), kana
 * folding (やまだ, ヤマダ, ﾔﾏﾀﾞ), 和暦 dates, the result cap of R-26, 不開示
 * persons, viewing, and the audit row each search writes — with the
 * names of the conditions and never their values.
 */
#include "testutil.h"

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
	struct session *clerk;
};

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
	{ "1007", "山田 三郎", "ヤマダ　サブロウ", "1970-03-01", "京都市右京区嵯峨1", NULL, 0 },
};
#define NPEOPLE ((int)(sizeof people / sizeof people[0]))

static void
insert_people(struct ledger *lg)
{
	struct db_resident r;
	int i;

	for (i = 0; i < NPEOPLE; i++) {
		memset(&r, 0, sizeof r);
		snprintf(r.atena_no, sizeof r.atena_no, "%s", people[i].atena);
		r.rireki_no = 1;
		snprintf(r.state, sizeof r.state, "confirmed");
		r.current = 1;
		snprintf(r.op, sizeof r.op, "create");
		snprintf(r.my_number, sizeof r.my_number, "%s",
		    people[i].mn ? people[i].mn : "");
		snprintf(r.name, sizeof r.name, "%s", people[i].name);
		snprintf(r.name_kana, sizeof r.name_kana, "%s", people[i].kana);
		snprintf(r.birth_date, sizeof r.birth_date, "%s", people[i].dob);
		r.sex = 1;
		snprintf(r.address, sizeof r.address, "%s", people[i].addr);
		r.restricted = people[i].restricted;
		snprintf(r.operator_login, sizeof r.operator_login, "admin");
		snprintf(r.terminal, sizeof r.terminal, "T1");
		snprintf(r.stamp, sizeof r.stamp, "2024-04-01 10:00:00");
		r.update_seq = i + 1;
		resident_derive_keys(&r);
		if (db_resident_insert(lg->db, &r, NULL) == -1)
			fail_msg("insert %s", people[i].atena);
	}
}

static struct session *
login_ok(struct ledger *lg, const char *login, const char *pw)
{
	struct session *s;
	struct err e;

	err_clear(&e);
	if ((s = auth_login(lg, login, pw, &e)) == NULL)
		fail_msg("login %s: %s", login, err_message(e.code));
	return s;
}

static void
open_ledger(struct fx *f)
{
	struct err e;

	err_clear(&e);
	if ((f->lg = ledger_open(f->path, f->cfg, &e)) == NULL)
		fail_msg("ledger_open: %s", e.detail);
}

/* Admin, a clerk, a supervisor and an auditor; the people above. */
static int
setup(void **state)
{
	struct fx *f = xcalloc(1, sizeof *f);
	struct session *a;
	struct err e;
	char target[4200];

	setenv("MADOGUCHI_TERMINAL", "T1", 1);
	f->dir = test_tmpdir();
	f->path = xstrdup(test_db_target(f->dir, target, sizeof target));
	f->cfg = config_new();
	config_set(f->cfg, "audit_syslog", "no");
	open_ledger(f);
	err_clear(&e);
	if (users_bootstrap(f->lg, "admin", ADMIN_PW, &e) == -1)
		fail_msg("bootstrap: %s", e.detail);
	a = login_ok(f->lg, "admin", ADMIN_PW);
	if (users_add(a, "clerk", NULL, CLERK_PW, &e) == -1 ||
	    users_grant(a, "clerk", ROLE_CLERK, LEDGER_RESIDENT, &e) == -1 ||
	    users_add(a, "supervisor", NULL, "super-pass-1", &e) == -1 ||
	    users_grant(a, "supervisor", ROLE_SUPERVISOR, LEDGER_RESIDENT, &e) == -1 ||
	    users_add(a, "auditor", NULL, "auditor-pass", &e) == -1 ||
	    users_grant(a, "auditor", ROLE_AUDITOR, LEDGER_SYSTEM, &e) == -1)
		fail_msg("accounts: %s", e.detail);
	auth_logout(&a, NULL);
	insert_people(f->lg);
	f->clerk = login_ok(f->lg, "clerk", CLERK_PW);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;

	auth_logout(&f->clerk, NULL);
	ledger_close(&f->lg);
	config_free(&f->cfg);
	test_rmtree(f->dir);
	free(f->dir);
	free(f->path);
	free(f);
	return 0;
}

struct hits {
	int n;
	char list[256];
};

static int
collect(void *ctx, const struct db_resident *r)
{
	struct hits *h = ctx;

	h->n++;
	snprintf(h->list + strlen(h->list), sizeof h->list - strlen(h->list),
	    "%s%s", h->list[0] ? "," : "", r->atena_no);
	return 0;
}

struct audit_scan {
	int searches;
	struct db_audit_row last;
};

static int
scan_search(void *ctx, const struct db_audit_row *r)
{
	struct audit_scan *a = ctx;

	if (strcmp(r->op, "search") == 0) {
		a->searches++;
		a->last = *r;
	}
	return 0;
}

static int
search_rows(struct ledger *lg, struct db_audit_row *last)
{
	struct audit_scan a;

	memset(&a, 0, sizeof a);
	db_audit_each(lg->db, NULL, scan_search, &a, NULL);
	if (last != NULL)
		*last = a.last;
	return a.searches;
}

struct query {
	const char *name, *dob, *addr, *mn, *atena;
	int sex;
	const char *reason;
	int rc;			/* expected return */
	enum err_code code;	/* expected e.code */
	const char *hits;	/* expected hits when accepted */
	const char *conditions;	/* expected "conditions=..." */
};

/* Run one search; check result, hits and its one audit row. */
static void
run(struct fx *f, struct session *s, const struct query *t, size_t i)
{
	struct resident_query q;
	struct db_audit_row row;
	struct hits h;
	struct err e;
	char want[64];
	int before, count, rc;

	memset(&q, 0, sizeof q);
	q.name = t->name;
	q.birth_date = t->dob;
	q.address = t->addr;
	q.my_number = t->mn;
	q.atena_no = t->atena;
	q.sex = t->sex;
	q.reason = t->reason;
	q.ref_no = "R6-000123";
	memset(&h, 0, sizeof h);
	before = search_rows(f->lg, NULL);
	err_clear(&e);
	rc = resident_search(s, &q, collect, &h, &count, &e);
	if (rc != t->rc || e.code != t->code)
		fail_msg("case %zu: rc %d code %d (%s), expected rc %d code %d",
		    i, rc, e.code, err_message(e.code), t->rc, t->code);
	if (rc == 0 && strcmp(h.list, t->hits) != 0)
		fail_msg("case %zu: hits [%s], expected [%s]", i, h.list, t->hits);
	if (rc == 0 && count != h.n)
		fail_msg("case %zu: count %d for %d hits", i, count, h.n);
	if (rc != 0 && h.n != 0)
		fail_msg("case %zu: refused but delivered %d rows", i, h.n);
	/* Exactly one audit row per search, naming its conditions. */
	if (search_rows(f->lg, &row) != before + 1)
		fail_msg("case %zu: %d search rows written", i,
		    search_rows(f->lg, NULL) - before);
	snprintf(want, sizeof want, "conditions=%s ", t->conditions);
	if (strncmp(row.detail, want, strlen(want)) != 0)
		fail_msg("case %zu: detail [%s], expected [%s...]", i,
		    row.detail, want);
	if (strcmp(row.outcome, rc == 0 ? "ok" :
	    t->code == E_SEARCH_TOO_MANY ? "failed" : "denied") != 0)
		fail_msg("case %zu: outcome %s", i, row.outcome);
	if (strcmp(row.user_login, s->user.login) != 0 ||
	    strcmp(row.terminal, "T1") != 0)
		fail_msg("case %zu: row by %s at %s", i, row.user_login,
		    row.terminal);
	if (t->reason != NULL && strcmp(row.reason, t->reason) != 0)
		fail_msg("case %zu: reason [%s]", i, row.reason);
	if (strcmp(row.target, "R6-000123") != 0)
		fail_msg("case %zu: reference [%s]", i, row.target);
}

static void
run_table(struct fx *f, const struct query *t, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		run(f, f->clerk, &t[i], i);
}

/* ---- minimum conditions ---- */

static void
test_refused_forms(void **state)
{
	static const struct query t[] = {
		/* R-25's own test list. */
		{ NULL, NULL, NULL, NULL, NULL, 2, "01", -1, E_SEARCH_CONDITIONS, "", "sex" },
		{ "山田", NULL, NULL, NULL, NULL, 0, "01", -1, E_SEARCH_CONDITIONS, "", "name" },
		{ "山田", NULL, NULL, NULL, NULL, 1, "01", -1, E_SEARCH_CONDITIONS, "", "name+sex" },
		{ "*", NULL, "中京区", NULL, NULL, 0, "01", -1, E_SEARCH_CONDITIONS, "", "address" },
		{ "山田", NULL, "**", NULL, NULL, 0, "01", -1, E_SEARCH_CONDITIONS, "", "name" },
		{ "％", "S45.3.1", NULL, NULL, NULL, 0, "01", -1, E_SEARCH_CONDITIONS, "", "dob" },
		{ "　", NULL, "寺町", NULL, NULL, 0, "01", -1, E_SEARCH_CONDITIONS, "", "address" },
		/* Date and address without a name: refused by default. */
		{ NULL, "1970-03-01", "中京区", NULL, NULL, 0, "01", -1, E_SEARCH_CONDITIONS, "", "dob+address" },
		{ NULL, NULL, NULL, NULL, NULL, 0, "01", -1, E_SEARCH_CONDITIONS, "", "none" },
		/* Partial or bad identifiers. */
		{ NULL, NULL, NULL, "12345678901", NULL, 0, "01", -1, E_MYNUMBER_LENGTH, "", "my_number" },
		{ NULL, NULL, NULL, "123456789019", NULL, 0, "01", -1, E_MYNUMBER_CHECK, "", "my_number" },
		{ "山田", "1970-03-01", NULL, "1234", NULL, 0, "01", -1, E_MYNUMBER_LENGTH, "", "name+dob+my_number" },
		{ NULL, NULL, NULL, NULL, "10%", 0, "01", -1, E_BAD_CHAR, "", "atena_no" },
		/* A bad date is refused, not ignored. */
		{ "山田", "S45.2.30", NULL, NULL, NULL, 0, "01", -1, E_DATE_INVALID, "", "name+dob" },
		{ "山田", "H31.5.1", NULL, NULL, NULL, 0, "01", -1, E_DATE_ERA_RANGE, "", "name+dob" },
	};

	run_table(*state, t, sizeof t / sizeof t[0]);
}

static void
test_accepted_forms(void **state)
{
	static const struct query t[] = {
		{ "山田", "1970-03-01", NULL, NULL, NULL, 0, "01", 0, E_OK, "1007,1001,1002", "name+dob" },
		{ "山田", "S45.3.1", NULL, NULL, NULL, 0, "01", 0, E_OK, "1007,1001,1002", "name+dob" },
		{ "山田", "昭和45年3月1日", NULL, NULL, NULL, 2, "01", 0, E_OK, "1007,1001,1002", "name+dob+sex" },
		{ "山田 太郎", "1970/3/1", NULL, NULL, NULL, 0, "01", 0, E_OK, "1001", "name+dob" },
		{ "山田太郎", "3450301", NULL, NULL, NULL, 0, "01", 0, E_OK, "1001", "name+dob" },
		{ "山田", "H1.1.8", NULL, NULL, NULL, 0, "01", 0, E_OK, "", "name+dob" },
		{ "山田", NULL, "中京区", NULL, NULL, 0, "01", 0, E_OK, "1003,1001", "name+address" },
		{ "山田", NULL, "寺町通", NULL, NULL, 0, "01", 0, E_OK, "1001", "name+address" },
		{ "山田", "1970-03-01", "左京区", NULL, NULL, 0, "01", 0, E_OK, "1002", "name+dob+address" },
		{ NULL, NULL, NULL, "123456789018", NULL, 0, "01", 0, E_OK, "1001", "my_number" },
		{ NULL, NULL, NULL, "６２１４ ９８３２ ０２５７", NULL, 0, "01", 0, E_OK, "1002", "my_number" },
		{ NULL, NULL, NULL, "614106523000", NULL, 0, "01", 0, E_OK, "", "my_number" },
		{ NULL, NULL, NULL, NULL, "1004", 0, "01", 0, E_OK, "1004", "atena_no" },
		{ "佐藤", "1970-03-01", NULL, NULL, NULL, 1, "01", 0, E_OK, "1006", "name+dob+sex" },
	};

	run_table(*state, t, sizeof t / sizeof t[0]);
}

static void
test_reason_required(void **state)
{
	static const struct query t[] = {
		{ "山田", "1970-03-01", NULL, NULL, NULL, 0, NULL, -1, E_SEARCH_REASON, "", "name+dob" },
		{ "山田", "1970-03-01", NULL, NULL, NULL, 0, "", -1, E_SEARCH_REASON, "", "name+dob" },
		{ NULL, NULL, NULL, "123456789018", NULL, 0, NULL, -1, E_SEARCH_REASON, "", "my_number" },
	};

	run_table(*state, t, sizeof t / sizeof t[0]);
}

/* ---- kana ---- */

static void
test_kana_variants(void **state)
{
	static const struct query t[] = {
		{ "やまだ", "1970-03-01", NULL, NULL, NULL, 0, "01", 0, E_OK, "1007,1001,1002", "name+dob" },
		{ "ヤマダ", "1970-03-01", NULL, NULL, NULL, 0, "01", 0, E_OK, "1007,1001,1002", "name+dob" },
		{ "ﾔﾏﾀﾞ", "1970-03-01", NULL, NULL, NULL, 0, "01", 0, E_OK, "1007,1001,1002", "name+dob" },
		{ "ﾔﾏﾀﾞ ﾀﾛｳ", "1970-03-01", NULL, NULL, NULL, 0, "01", 0, E_OK, "1001", "name+dob" },
		{ "やまだ　はなこ", "S45.3.1", NULL, NULL, NULL, 0, "01", 0, E_OK, "1002", "name+dob" },
		{ "ヤマタ", "1970-03-01", NULL, NULL, NULL, 0, "01", 0, E_OK, "1007,1001,1002", "name+dob" },
		{ "やま", "1970-03-01", NULL, NULL, NULL, 0, "01", 0, E_OK, "1007,1001,1002,1004", "name+dob" },
		{ "さとう", NULL, "紫野", NULL, NULL, 0, "01", 0, E_OK, "1006", "name+address" },
		{ "やまだ", "1985-12-24", NULL, NULL, NULL, 0, "01", 0, E_OK, "1003", "name+dob" },
	};

	run_table(*state, t, sizeof t / sizeof t[0]);
}

/* ---- the cap ---- */

static void
test_too_many(void **state)
{
	struct fx *f = *state;
	struct resident_query q;
	struct db_audit_row row;
	struct hits h;
	struct err e;
	int count;

	auth_logout(&f->clerk, NULL);
	ledger_close(&f->lg);
	config_set(f->cfg, "search_cap", "3");
	open_ledger(f);
	f->clerk = login_ok(f->lg, "clerk", CLERK_PW);
	memset(&q, 0, sizeof q);
	q.name = "山";
	q.birth_date = "1970-03-01";	/* 4 matches */
	q.reason = "01";
	memset(&h, 0, sizeof h);
	err_clear(&e);
	assert_int_equal(resident_search(f->clerk, &q, collect, &h, &count, &e), -1);
	assert_int_equal(e.code, E_SEARCH_TOO_MANY);
	assert_int_equal(h.n, 0);	/* no rows delivered */
	assert_int_equal(count, 4);	/* cap + 1 */
	search_rows(f->lg, &row);
	assert_string_equal(row.outcome, "failed");
	assert_non_null(strstr(row.detail, "hits=4"));
	assert_non_null(strstr(row.detail, "R-26"));
	/* Exactly the cap is still a list. */
	q.name = "山田";
	memset(&h, 0, sizeof h);
	err_clear(&e);
	assert_int_equal(resident_search(f->clerk, &q, collect, &h, &count, &e), 0);
	assert_int_equal(h.n, 3);
	assert_int_equal(count, 3);
	search_rows(f->lg, &row);
	assert_non_null(strstr(row.detail, "hits=3"));
}

static void
test_cap_setting_from_database(void **state)
{
	struct fx *f = *state;
	struct session *a = login_ok(f->lg, "admin", ADMIN_PW);
	struct resident_query q;
	struct err e;
	int count;

	err_clear(&e);
	assert_int_equal(ledger_setting_put(a, "search_cap", "2", &e), 0);
	auth_logout(&a, NULL);
	memset(&q, 0, sizeof q);
	q.name = "山田";
	q.birth_date = "1970-03-01";
	q.reason = "01";
	assert_int_equal(resident_search(f->clerk, &q, NULL, NULL, &count, &e), -1);
	assert_int_equal(e.code, E_SEARCH_TOO_MANY);
	assert_int_equal(count, 3);
}

/* ---- privacy of the audit row ---- */

struct leak_ctx {
	const char *const *values;
	int leaks;
	char where[128];
};

static int
leak_row(void *ctx, const struct db_audit_row *r)
{
	struct leak_ctx *c = ctx;
	const char *fields[] = { r->user_login, r->terminal, r->category,
	    r->op, r->target, r->detail, r->outcome, r->reason };
	size_t i, j;

	for (i = 0; c->values[i] != NULL; i++)
		for (j = 0; j < sizeof fields / sizeof fields[0]; j++)
			if (strstr(fields[j], c->values[i]) != NULL) {
				c->leaks++;
				snprintf(c->where, sizeof c->where,
				    "row %lld field %zu has [%s]",
				    (long long)r->seq, j, c->values[i]);
			}
	return 0;
}

static void
test_audit_never_holds_values(void **state)
{
	struct fx *f = *state;
	static const struct query t[] = {
		{ "山田 太郎", "S45.3.1", NULL, NULL, NULL, 0, "01", 0, E_OK, "1001", "name+dob" },
		{ "やまだ", "1970-03-01", "寺町", NULL, NULL, 0, "01", 0, E_OK, "1001", "name+dob+address" },
		{ "ﾔﾏﾀﾞ", NULL, "左京区北白川", NULL, NULL, 0, "01", 0, E_OK, "1002", "name+address" },
		{ NULL, NULL, NULL, "621498320257", NULL, 0, "01", 0, E_OK, "1002", "my_number" },
		{ NULL, NULL, NULL, "6214 9832 025", NULL, 0, "01", -1, E_MYNUMBER_LENGTH, "", "my_number" },
		{ "山田", NULL, NULL, NULL, NULL, 2, "01", -1, E_SEARCH_CONDITIONS, "", "name+sex" },
		{ "髙橋", "1990-07-07", NULL, NULL, NULL, 0, NULL, -1, E_SEARCH_REASON, "", "name+dob" },
	};
	static const char *const typed[] = {
		"山田", "太郎", "やまだ", "ﾔﾏﾀﾞ", "ヤマ", "S45", "1970", "03-01",
		"寺町", "左京", "北白川", "6214", "9832", "0257", "髙橋", "1990",
		NULL,
	};
	struct leak_ctx c = { typed, 0, "" };

	run_table(f, t, sizeof t / sizeof t[0]);
	db_audit_each(f->lg->db, NULL, leak_row, &c, NULL);
	if (c.leaks != 0)
		fail_msg("%d typed values in the audit log; %s", c.leaks, c.where);
}

/* ---- roles and 不開示 ---- */

static void
test_auditor_cannot_search(void **state)
{
	struct fx *f = *state;
	struct session *s = login_ok(f->lg, "auditor", "auditor-pass");
	struct resident_query q;
	struct db_audit_row row;
	struct db_resident r;
	struct hits h;
	struct err e;
	int count, before = search_rows(f->lg, NULL);

	memset(&q, 0, sizeof q);
	q.my_number = "123456789018";
	q.reason = "01";
	memset(&h, 0, sizeof h);
	err_clear(&e);
	assert_int_equal(resident_search(s, &q, collect, &h, &count, &e), -1);
	assert_int_equal(e.code, E_DENIED);
	assert_int_equal(h.n, 0);
	assert_int_equal(search_rows(f->lg, &row), before + 1);
	assert_string_equal(row.outcome, "denied");
	assert_string_equal(row.user_login, "auditor");
	err_clear(&e);
	assert_int_equal(resident_view(s, "1001", &r, &e), -1);
	assert_int_equal(e.code, E_DENIED);
	auth_logout(&s, NULL);
}

static void
test_restricted_persons(void **state)
{
	struct fx *f = *state;
	static const struct query clerk_q = {
		"髙橋", "1990-07-07", NULL, NULL, NULL, 0, "01", 0, E_OK, "", "name+dob",
	};
	static const struct query super_q = {
		"髙橋", "1990-07-07", NULL, NULL, NULL, 0, "01", 0, E_OK, "1005", "name+dob",
	};
	struct session *s;
	struct db_resident r;
	struct err e;

	run(f, f->clerk, &clerk_q, 0);
	err_clear(&e);
	assert_int_equal(resident_view(f->clerk, "1005", &r, &e), -1);
	assert_int_equal(e.code, E_DENIED);
	assert_string_equal(r.name, "");	/* nothing left in out */
	s = login_ok(f->lg, "supervisor", "super-pass-1");
	run(f, s, &super_q, 1);
	err_clear(&e);
	assert_int_equal(resident_view(s, "1005", &r, &e), 0);
	assert_string_equal(r.name, "髙橋 美咲");
	auth_logout(&s, NULL);
}

struct view_ctx {
	int views;
	char target[96];
};

static int
view_row(void *ctx, const struct db_audit_row *r)
{
	struct view_ctx *c = ctx;

	if (strcmp(r->op, "view") == 0) {
		c->views++;
		snprintf(c->target, sizeof c->target, "%s", r->target);
	}
	return 0;
}

static void
test_view(void **state)
{
	struct fx *f = *state;
	struct view_ctx c = { 0, "" };
	struct db_resident r;
	struct err e;

	err_clear(&e);
	assert_int_equal(resident_view(f->clerk, "1002", &r, &e), 0);
	assert_string_equal(r.name, "山田 花子");
	assert_string_equal(r.my_number, "621498320257");
	db_audit_each(f->lg->db, NULL, view_row, &c, NULL);
	assert_int_equal(c.views, 1);
	assert_string_equal(c.target, "1002");	/* the key, not the name */
	err_clear(&e);
	assert_int_equal(resident_view(f->clerk, "9999", &r, &e), -1);
	assert_int_equal(e.code, E_NOT_FOUND);
}

/*
 * With search_allow_address_dob on (R-25's decision point), a date of
 * birth with an address is accepted and must find only the people who
 * match both.  It currently returns every current resident, because
 * db_resident_search ignores both conditions when no name is given.
 */
static void
test_address_dob_when_enabled(void **state)
{
	struct fx *f = *state;
	static const struct query t = {
		NULL, "1985-12-24", "烏丸", NULL, NULL, 0, "01", 0, E_OK, "1003",
		"dob+address",
	};
	struct session *a = login_ok(f->lg, "admin", ADMIN_PW);
	struct err e;

	err_clear(&e);
	assert_int_equal(ledger_setting_put(a, "search_allow_address_dob", "1", &e), 0);
	auth_logout(&a, NULL);
	run(f, f->clerk, &t, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_refused_forms, setup, teardown),
		cmocka_unit_test_setup_teardown(test_accepted_forms, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reason_required, setup, teardown),
		cmocka_unit_test_setup_teardown(test_kana_variants, setup, teardown),
		cmocka_unit_test_setup_teardown(test_too_many, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cap_setting_from_database, setup, teardown),
		cmocka_unit_test_setup_teardown(test_audit_never_holds_values, setup, teardown),
		cmocka_unit_test_setup_teardown(test_auditor_cannot_search, setup, teardown),
		cmocka_unit_test_setup_teardown(test_restricted_persons, setup, teardown),
		cmocka_unit_test_setup_teardown(test_view, setup, teardown),
		cmocka_unit_test_setup_teardown(test_address_dob_when_enabled, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
