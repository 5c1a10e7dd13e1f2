/*
 * Shared includes and helpers for the cmocka unit tests.  Each test file
 * is its own program: `build/tests/test_NAME`.
 */
#ifndef MADOGUCHI_TESTUTIL_H
#define MADOGUCHI_TESTUTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "auth.h"

/*
 * Test databases are throwaway: hash their passwords at Argon2id's
 * minimum cost so that the suite stays fast under ASan and valgrind.
 */
__attribute__((constructor)) static void
test_fast_password_hashes(void)
{
	auth_hash_minimum();
}
#include <libpq-fe.h>
#include <sqlite3.h>

/* A fresh private temporary directory for one test (caller frees). */
static inline char *
test_tmpdir(void)
{
	const char *base = getenv("TMPDIR");
	char *t = malloc(4096);

	snprintf(t, 4096, "%s/madoguchi-test-XXXXXX", base ? base : "/tmp");
	if (mkdtemp(t) == NULL) {
		free(t);
		return NULL;
	}
	return t;
}

/* Remove a directory tree made by test_tmpdir. */
static inline void
test_rmtree(const char *dir)
{
	char cmd[4200];

	if (dir == NULL || strncmp(dir, "/", 1) != 0 || strstr(dir, "madoguchi-test-") == NULL)
		return;
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", dir);
}

/*
 * The engine a storage test runs on.  MADOGUCHI_TEST_PG (a libpq URI, set
 * by `make check-pg`) selects a PostgreSQL server; otherwise SQLite.
 */
static inline const char *
test_pg_uri(void)
{
	const char *u = getenv("MADOGUCHI_TEST_PG");

	return u != NULL && *u != '\0' ? u : NULL;
}

/* Skip the running test, visibly, when it looks at the SQLite file itself. */
#define TEST_SQLITE_ONLY() do { \
	if (test_pg_uri() != NULL) { \
		print_message("  (%s inspects the SQLite file itself: " \
		    "skipped on PostgreSQL)\n", __func__); \
		skip(); \
	} \
} while (0)

/*
 * Run sql on target as an outside tool would (own connection, autocommit):
 * SQLITE_OK, SQLITE_CONSTRAINT (a constraint or trigger refused it) or
 * SQLITE_ERROR, whatever the engine.  With out, the first column of the
 * first row is copied there ("" when none).
 */
static inline int
test_raw_sql(const char *target, const char *sql, char *out, size_t size)
{
	sqlite3 *h;
	sqlite3_stmt *st;
	PGconn *c;
	PGresult *r;
	const char *state;
	int rc;

	if (out != NULL)
		out[0] = '\0';
	if (strncmp(target, "postgresql://", 13) == 0) {
		if (PQstatus(c = PQconnectdb(target)) != CONNECTION_OK) {
			PQfinish(c);
			return SQLITE_ERROR;
		}
		PQclear(PQexec(c, "SET client_min_messages = warning"));
		r = PQexec(c, sql);
		rc = SQLITE_OK;
		if (PQresultStatus(r) != PGRES_COMMAND_OK &&
		    PQresultStatus(r) != PGRES_TUPLES_OK) {
			state = PQresultErrorField(r, PG_DIAG_SQLSTATE);
			rc = state != NULL && (strncmp(state, "23", 2) == 0 ||
			    strcmp(state, "P0001") == 0) ? SQLITE_CONSTRAINT :
			    SQLITE_ERROR;
		} else if (out != NULL && PQntuples(r) > 0)
			snprintf(out, size, "%s", PQgetvalue(r, 0, 0));
		PQclear(r);
		PQfinish(c);
		return rc;
	}
	if (strncmp(target, "sqlite:", 7) == 0)
		target += 7;
	if (sqlite3_open(target, &h) != SQLITE_OK) {
		sqlite3_close(h);
		return SQLITE_ERROR;
	}
	sqlite3_busy_timeout(h, 5000);
	if (out == NULL)
		rc = sqlite3_exec(h, sql, NULL, NULL, NULL);
	else if ((rc = sqlite3_prepare_v2(h, sql, -1, &st, NULL)) == SQLITE_OK) {
		if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			const unsigned char *t = sqlite3_column_text(st, 0);

			snprintf(out, size, "%s", t ? (const char *)t : "");
		}
		rc = rc == SQLITE_ROW || rc == SQLITE_DONE ? SQLITE_OK : rc;
		sqlite3_finalize(st);
	}
	sqlite3_close(h);
	return rc;
}

/*
 * The database a storage test keeps its ledger in, written into buf:
 * DIR/ledger.db (a fresh SQLite file) or, on PostgreSQL, the server's URI
 * after emptying its public schema; then XDG_STATE_HOME points into DIR,
 * so that the ledger's audit checkpoint file is the test's own.
 */
static inline const char *
test_db_target(const char *dir, char *buf, size_t size)
{
	const char *uri = test_pg_uri();
	char state[4200];

	if (uri == NULL) {
		snprintf(buf, size, "%s/ledger.db", dir);
		return buf;
	}
	if (test_raw_sql(uri, "DROP SCHEMA public CASCADE; CREATE SCHEMA public",
	    NULL, 0) != SQLITE_OK)
		fail_msg("cannot reset the schema on %s", uri);
	snprintf(state, sizeof state, "%s/state", dir);
	setenv("XDG_STATE_HOME", state, 1);
	snprintf(buf, size, "%s", uri);
	return buf;
}

#endif
