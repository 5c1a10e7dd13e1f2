/*
 * Fixture for the ledger-book tests (codes, childbook, passbook, vaccbook,
 * confirmation of the books): a fresh ledger per test with the demo staff
 * logged in, and confirmed residents added straight into the master.
 * With MADOGUCHI_TEST_PG set to a PostgreSQL URI the ledger lives there
 * instead, and each test starts from an empty schema (dropped through
 * libpq here: test programs may speak SQL, the layers may not).
 */
#ifndef MADOGUCHI_BOOKTEST_H
#define MADOGUCHI_BOOKTEST_H

#include "testutil.h"

#include <libpq-fe.h>

#include "audit.h"
#include "auth.h"
#include "db.h"
#include "demo.h"
#include "ledger_internal.h"
#include "resident.h"

struct fx {
	char *dir;
	struct ledger *lg;
	struct session *clerk, *clerk2, *sup, *sup2, *admin;
};

/* Empty the PostgreSQL schema at uri (fails the test on error). */
static inline void
bt_pg_reset(const char *uri)
{
	PGconn *c = PQconnectdb(uri);
	PGresult *r;

	if (PQstatus(c) != CONNECTION_OK)
		fail_msg("pg: %s", PQerrorMessage(c));
	r = PQexec(c, "SET client_min_messages = warning;"
	    "DROP SCHEMA public CASCADE; CREATE SCHEMA public;");
	if (PQresultStatus(r) != PGRES_COMMAND_OK)
		fail_msg("pg reset: %s", PQerrorMessage(c));
	PQclear(r);
	PQfinish(c);
}

static inline struct session *
bt_login(struct ledger *lg, const char *login)
{
	char pw[64];
	struct session *s;
	struct err e;

	snprintf(pw, sizeof pw, "demo-%s", login);
	if ((s = auth_login(lg, login, pw, &e)) == NULL)
		fail_msg("login %s: %s %s", login, err_message(e.code), e.detail);
	return s;
}

static inline int
bt_setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	const char *pg = getenv("MADOGUCHI_TEST_PG");
	char path[4200];
	struct err e;

	f->dir = test_tmpdir();
	if (pg != NULL && *pg != '\0') {
		bt_pg_reset(pg);
		snprintf(path, sizeof path, "%s", pg);
	} else
		snprintf(path, sizeof path, "%s/ledger.db", f->dir);
	setenv("MADOGUCHI_TERMINAL", "T1", 1);
	if ((f->lg = ledger_open(path, NULL, &e)) == NULL)
		fail_msg("open: %s %s", err_message(e.code), e.detail);
	assert_int_equal(demo_accounts(f->lg, &e), 0);
	f->clerk = bt_login(f->lg, "clerk");
	f->clerk2 = bt_login(f->lg, "clerk2");
	f->sup = bt_login(f->lg, "supervisor");
	f->sup2 = bt_login(f->lg, "supervisor2");
	f->admin = bt_login(f->lg, "admin");
	*state = f;
	return 0;
}

static inline int
bt_teardown(void **state)
{
	struct fx *f = *state;

	auth_logout(&f->clerk, NULL);
	auth_logout(&f->clerk2, NULL);
	auth_logout(&f->sup, NULL);
	auth_logout(&f->sup2, NULL);
	auth_logout(&f->admin, NULL);
	ledger_close(&f->lg);
	test_rmtree(f->dir);
	free(f->dir);
	free(f);
	return 0;
}

/*
 * Add a confirmed current resident: 宛名番号 atena, birth date dob, sex,
 * My Number mn ("" = none held), resident_flag flag.
 */
static inline void
bt_resident(struct fx *f, const char *atena, const char *dob, int sex,
    const char *mn, int flag)
{
	struct db_resident r;
	struct err e;

	memset(&r, 0, sizeof r);
	snprintf(r.atena_no, sizeof r.atena_no, "%s", atena);
	r.rireki_no = 1;
	snprintf(r.state, sizeof r.state, "confirmed");
	r.current = 1;
	snprintf(r.op, sizeof r.op, "movein");
	snprintf(r.my_number, sizeof r.my_number, "%s", mn);
	snprintf(r.mn_method, sizeof r.mn_method, "card");
	snprintf(r.name, sizeof r.name, "台帳　太郎");
	snprintf(r.name_kana, sizeof r.name_kana, "ダイチョウ　タロウ");
	resident_derive_keys(&r);
	snprintf(r.birth_date, sizeof r.birth_date, "%s", dob);
	r.sex = sex;
	snprintf(r.address, sizeof r.address, "京都市中京区寺町通御池上る上本能寺前町488番地");
	r.resident_flag = flag;
	snprintf(r.retention_class, sizeof r.retention_class, "resident");
	snprintf(r.operator_login, sizeof r.operator_login, "import");
	snprintf(r.terminal, sizeof r.terminal, "T1");
	snprintf(r.stamp, sizeof r.stamp, "2024-04-01 09:00:00");
	snprintf(r.confirmed_by, sizeof r.confirmed_by, "import");
	snprintf(r.confirmed_at, sizeof r.confirmed_at, "2024-04-01 09:00:00");
	r.update_seq = db_resident_next_seq(f->lg->db, &e);
	if (db_resident_insert(f->lg->db, &r, &e) != 0)
		fail_msg("resident %s: %s %s", atena, err_message(e.code), e.detail);
}

struct bt_count {
	const char *op;
	const char *target;
	int n;
};

static inline int
bt_count_row(void *ctx, const struct db_audit_row *r)
{
	struct bt_count *c = ctx;

	if ((c->op == NULL || strcmp(r->op, c->op) == 0) &&
	    (c->target == NULL || strcmp(r->target, c->target) == 0))
		c->n++;
	return 0;
}

/* Audit rows with op (NULL = any) and target (NULL = any). */
static inline int
bt_audit_count(struct fx *f, const char *op, const char *target)
{
	struct bt_count c = { op, target, 0 };
	struct err e;

	assert_int_equal(db_audit_each(f->lg->db, NULL, bt_count_row, &c, &e), 0);
	return c.n;
}

/* All audit rows. */
static inline int
bt_audit_total(struct fx *f)
{
	return bt_audit_count(f, NULL, NULL);
}

#endif
