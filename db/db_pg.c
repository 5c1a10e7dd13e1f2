/*
 * The PostgreSQL driver (libpq), for sites with many counters on one
 * server.  Statements are prepared once per connection with server-side
 * names; parameters travel as text and the server casts them.  Writers
 * are not serialised as a whole (READ COMMITTED): only the audit-chain
 * append and migrations take a transaction-scoped advisory lock, so that
 * the chain stays a single line while the business work runs in parallel.
 * The text columns used for range searches are declared COLLATE "C" so
 * that prefix searches compare bytes as SQLite does.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "db_driver.h"
#include "xmalloc.h"

struct pg_conn {
	PGconn *c;
	int nstmt;		/* names handed out: s1, s2, ... */
	int64_t changes;
};

struct pg_stmt {
	struct pg_conn *pc;
	char name[16];
	int nparams;		/* highest $N seen in the text */
	char **params;		/* [nparams] */
	PGresult *res;
	int row;		/* next row to return; -1 before execution */
};

/* Turn a libpq failure into an err; a lost connection says so plainly. */
static int
pg_fail(struct pg_conn *pc, PGresult *res, struct err *e)
{
	const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	const char *msg = res ? PQresultErrorMessage(res) : PQerrorMessage(pc->c);
	enum err_code code = E_DB;

	if (PQstatus(pc->c) == CONNECTION_BAD)
		return err_set(e, E_DB, "", "postgresql: the connection to the "
		    "server was lost; your input is kept, try again");
	if (state != NULL && (strcmp(state, "40001") == 0 ||
	    strcmp(state, "40P01") == 0 || strcmp(state, "55P03") == 0))
		code = E_DB_BUSY;
	/* Keep the message short; the first line says what happened. */
	return err_set(e, code, "", "postgresql: %.*s", (int)strcspn(msg, "\n"),
	    msg);
}

static void *
pg_open(const char *target, struct err *e)
{
	struct pg_conn *pc = xcalloc(1, sizeof *pc);
	PGresult *r;

	pc->c = PQconnectdb(target);
	if (PQstatus(pc->c) != CONNECTION_OK) {
		err_set(e, E_DB, "", "postgresql: cannot connect: %.*s",
		    (int)strcspn(PQerrorMessage(pc->c), "\n"),
		    PQerrorMessage(pc->c));
		PQfinish(pc->c);
		free(pc);
		return NULL;
	}
	r = PQexec(pc->c, "SET client_min_messages = warning;"
	    "SET client_encoding = 'UTF8'");
	PQclear(r);
	return pc;
}

static void
pg_close(void *h)
{
	struct pg_conn *pc = h;

	PQfinish(pc->c);
	free(pc);
}

static int
pg_exec(void *h, const char *sql, struct err *e)
{
	struct pg_conn *pc = h;
	PGresult *r = PQexec(pc->c, sql);
	ExecStatusType st = PQresultStatus(r);
	int rc = 0;

	if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK)
		rc = pg_fail(pc, r, e);
	PQclear(r);
	return rc;
}

/* The highest $N in sql, outside quoted strings. */
static int
count_params(const char *sql)
{
	int n = 0, v, quoted = 0;
	const char *p;

	for (p = sql; *p != '\0'; p++) {
		if (*p == '\'')
			quoted = !quoted;
		else if (!quoted && *p == '$' && p[1] >= '1' && p[1] <= '9') {
			v = atoi(p + 1);
			if (v > n)
				n = v;
		}
	}
	return n;
}

static void *
pg_prepare(void *h, const char *sql, struct err *e)
{
	struct pg_conn *pc = h;
	struct pg_stmt *s = xcalloc(1, sizeof *s);
	PGresult *r;

	s->pc = pc;
	s->row = -1;
	s->nparams = count_params(sql);
	s->params = xcalloc((size_t)s->nparams + 1, sizeof *s->params);
	snprintf(s->name, sizeof s->name, "s%d", ++pc->nstmt);
	r = PQprepare(pc->c, s->name, sql, 0, NULL);
	if (PQresultStatus(r) != PGRES_COMMAND_OK) {
		pg_fail(pc, r, e);
		PQclear(r);
		free(s->params);
		free(s);
		return NULL;
	}
	PQclear(r);
	return s;
}

static void
pg_reset(void *st)
{
	struct pg_stmt *s = st;
	int i;

	PQclear(s->res);
	s->res = NULL;
	s->row = -1;
	for (i = 0; i < s->nparams; i++) {
		free(s->params[i]);
		s->params[i] = NULL;
	}
}

static void
pg_finalize(void *st)
{
	struct pg_stmt *s = st;
	char *sql;
	PGresult *r;

	if (s == NULL)
		return;
	pg_reset(s);
	if (PQstatus(s->pc->c) == CONNECTION_OK) {
		sql = xasprintf("DEALLOCATE %s", s->name);
		r = PQexec(s->pc->c, sql);
		PQclear(r);
		free(sql);
	}
	free(s->params);
	free(s);
}

static int
pg_bind_text(void *st, int n, const char *v)
{
	struct pg_stmt *s = st;

	if (n < 1 || n > s->nparams)
		return -1;
	free(s->params[n - 1]);
	s->params[n - 1] = v ? xstrdup(v) : NULL;
	return 0;
}

static int
pg_bind_int(void *st, int n, int64_t v)
{
	char buf[24];

	snprintf(buf, sizeof buf, "%lld", (long long)v);
	return pg_bind_text(st, n, buf);
}

static int
pg_step(void *st, struct err *e)
{
	struct pg_stmt *s = st;
	ExecStatusType rs;
	const char *tuples;

	if (s->row == -1) {
		s->res = PQexecPrepared(s->pc->c, s->name, s->nparams,
		    (const char *const *)s->params, NULL, NULL, 0);
		rs = PQresultStatus(s->res);
		if (rs != PGRES_COMMAND_OK && rs != PGRES_TUPLES_OK) {
			pg_fail(s->pc, s->res, e);
			PQclear(s->res);
			s->res = NULL;
			return DB_ERROR;
		}
		tuples = PQcmdTuples(s->res);
		s->pc->changes = *tuples ? atoll(tuples) : 0;
		s->row = 0;
	}
	if (s->row < PQntuples(s->res)) {
		s->row++;
		return DB_ROW;
	}
	return DB_DONE;
}

static int64_t
pg_col_int(void *st, int i)
{
	struct pg_stmt *s = st;

	return atoll(PQgetvalue(s->res, s->row - 1, i));
}

static const char *
pg_col_text(void *st, int i)
{
	struct pg_stmt *s = st;

	return PQgetvalue(s->res, s->row - 1, i);
}

static int
pg_col_null(void *st, int i)
{
	struct pg_stmt *s = st;

	return PQgetisnull(s->res, s->row - 1, i);
}

static int
pg_col_count(void *st)
{
	return PQnfields(((struct pg_stmt *)st)->res);
}

static const char *
pg_col_name(void *st, int i)
{
	return PQfname(((struct pg_stmt *)st)->res, i);
}

static int64_t
pg_changes(void *h)
{
	return ((struct pg_conn *)h)->changes;
}

static int
pg_dialect(const char *token, struct buf *out)
{
	const char *arg = strchr(token, ' ');

	if (strcmp(token, "STRICT") == 0)
		;
	else if (strcmp(token, "SERIAL") == 0)
		buf_adds(out, "BIGSERIAL PRIMARY KEY");
	else if (strcmp(token, "INT64") == 0)
		buf_adds(out, "BIGINT");
	else if (strcmp(token, "BYTES") == 0)
		buf_adds(out, " COLLATE \"C\"");
	else if (arg != NULL && strncmp(token, "APPEND_ONLY ", 12) == 0)
		buf_printf(out, "CREATE OR REPLACE FUNCTION madoguchi_append_only() "
		    "RETURNS trigger LANGUAGE plpgsql AS $f$ BEGIN RAISE EXCEPTION "
		    "'%% is append-only', TG_TABLE_NAME; END $f$;"
		    "CREATE TRIGGER %s_append_only BEFORE UPDATE OR DELETE ON %s "
		    "FOR EACH ROW EXECUTE FUNCTION madoguchi_append_only()",
		    arg + 1, arg + 1);
	else if (arg != NULL && strncmp(token, "PURGEABLE ", 10) == 0)
		/* As APPEND_ONLY, but a DELETE of a row inside a purge
		 * window row passes (written and removed by the purge in
		 * its own transaction). */
		buf_printf(out, "DROP TRIGGER %s_append_only ON %s;"
		    "CREATE OR REPLACE FUNCTION madoguchi_append_only_purgeable() "
		    "RETURNS trigger LANGUAGE plpgsql AS $f$ BEGIN "
		    "IF TG_OP = 'DELETE' AND EXISTS (SELECT 1 FROM purge_window w "
		    "WHERE OLD.seq <= w.upto_seq AND OLD.at < w.before_at) "
		    "THEN RETURN OLD; END IF; RAISE EXCEPTION "
		    "'%% is append-only', TG_TABLE_NAME; END $f$;"
		    "CREATE TRIGGER %s_append_only BEFORE UPDATE OR DELETE ON %s "
		    "FOR EACH ROW EXECUTE FUNCTION madoguchi_append_only_purgeable()",
		    arg + 1, arg + 1, arg + 1, arg + 1);
	else if (arg != NULL && strncmp(token, "FOUR_EYES ", 10) == 0)
		buf_printf(out, "CREATE OR REPLACE FUNCTION madoguchi_four_eyes() "
		    "RETURNS trigger LANGUAGE plpgsql AS $f$ BEGIN "
		    "IF NEW.state = 'confirmed' AND OLD.state = 'pending' AND "
		    "(NEW.confirmed_by = '' OR NEW.confirmed_by = NEW.operator) "
		    "THEN RAISE EXCEPTION 'four-eyes: the entering user cannot "
		    "confirm'; END IF; RETURN NEW; END $f$;"
		    "CREATE TRIGGER %s_four_eyes BEFORE UPDATE OF state ON %s "
		    "FOR EACH ROW EXECUTE FUNCTION madoguchi_four_eyes()",
		    arg + 1, arg + 1);
	else
		return -1;
	return 0;
}

/*
 * Bulk loads (db_copy.c) use COPY ... FROM STDIN in text format: one
 * round trip per 64 KiB instead of one per row.  A value's backslash,
 * tab, newline and carriage return are escaped; NULL is \N.
 */
#define BULK_FLUSH 65536

struct pg_bulk {
	struct pg_conn *pc;
	int ncol;
	int failed;		/* a send failed: only abandoning is left */
	struct buf b;
};

static int
bulk_flush(struct pg_bulk *k, struct err *e)
{
	if (k->b.len > 0 && PQputCopyData(k->pc->c, k->b.data,
	    (int)k->b.len) != 1) {
		k->failed = 1;
		buf_reset(&k->b);
		return pg_fail(k->pc, NULL, e);
	}
	buf_reset(&k->b);
	return 0;
}

static void *
pg_bulk_begin(void *h, const char *table, const char *const *cols, int ncol,
    struct err *e)
{
	struct pg_conn *pc = h;
	struct pg_bulk *k;
	struct buf q;
	PGresult *r;
	int i;

	buf_init(&q);
	buf_printf(&q, "COPY %s (", table);
	for (i = 0; i < ncol; i++)
		buf_printf(&q, "%s%s", i ? ", " : "", cols[i]);
	buf_adds(&q, ") FROM STDIN");
	r = PQexec(pc->c, q.data);
	buf_free(&q);
	if (PQresultStatus(r) != PGRES_COPY_IN) {
		pg_fail(pc, r, e);
		PQclear(r);
		return NULL;
	}
	PQclear(r);
	k = xcalloc(1, sizeof *k);
	k->pc = pc;
	k->ncol = ncol;
	buf_init(&k->b);
	return k;
}

static int
pg_bulk_row(void *bulk, const char *const *vals, struct err *e)
{
	struct pg_bulk *k = bulk;
	const char *v, *run;
	int i;

	if (k->failed)
		return err_set(e, E_DB, "", "postgresql: the bulk load failed");
	for (i = 0; i < k->ncol; i++) {
		if (i > 0)
			buf_addc(&k->b, '\t');
		if ((v = vals[i]) == NULL) {
			buf_adds(&k->b, "\\N");
			continue;
		}
		/* Runs of plain bytes at once; UTF-8 continuation bytes are
		 * never one of the four escaped ASCII characters. */
		for (run = v; *v != '\0'; v++) {
			if (*v != '\\' && *v != '\t' && *v != '\n' && *v != '\r')
				continue;
			buf_add(&k->b, run, (size_t)(v - run));
			buf_adds(&k->b, *v == '\\' ? "\\\\" : *v == '\t' ? "\\t" :
			    *v == '\n' ? "\\n" : "\\r");
			run = v + 1;
		}
		buf_add(&k->b, run, (size_t)(v - run));
	}
	buf_addc(&k->b, '\n');
	return k->b.len >= BULK_FLUSH ? bulk_flush(k, e) : 0;
}

static int
pg_bulk_end(void *bulk, int ok, int64_t *rows, struct err *e)
{
	struct pg_bulk *k = bulk;
	PGresult *r;
	const char *tuples;
	int rc = 0;

	if (k == NULL)
		return 0;
	if (ok && !k->failed && bulk_flush(k, e) == -1)
		rc = -1;
	ok = ok && rc == 0 && !k->failed;
	if (PQputCopyEnd(k->pc->c, ok ? NULL : "abandoned") != 1 && ok)
		rc = pg_fail(k->pc, NULL, e);
	/* The COPY's own result, then the end of the command. */
	while ((r = PQgetResult(k->pc->c)) != NULL) {
		if (PQresultStatus(r) == PGRES_COMMAND_OK) {
			tuples = PQcmdTuples(r);
			k->pc->changes = *tuples ? atoll(tuples) : 0;
			if (rows != NULL)
				*rows += k->pc->changes;
		} else if (ok && rc == 0)
			rc = pg_fail(k->pc, r, e);
		PQclear(r);
	}
	buf_free(&k->b);
	free(k);
	return ok ? rc : -1;
}

static int
pg_integrity(void *h, struct err *e)
{
	return pg_exec(h, "SELECT 1", e);
}

const struct db_driver db_driver_pg = {
	.name = "postgresql",
	.open = pg_open,
	.close = pg_close,
	.exec = pg_exec,
	.prepare = pg_prepare,
	.finalize = pg_finalize,
	.reset = pg_reset,
	.bind_int = pg_bind_int,
	.bind_text = pg_bind_text,
	.step = pg_step,
	.col_int = pg_col_int,
	.col_text = pg_col_text,
	.col_null = pg_col_null,
	.col_count = pg_col_count,
	.col_name = pg_col_name,
	.changes = pg_changes,
	.sql_begin = "BEGIN ISOLATION LEVEL READ COMMITTED",
	.sql_commit = "COMMIT",
	.sql_rollback = "ROLLBACK",
	.dialect = pg_dialect,
	.sql_has_meta = "SELECT count(*) FROM pg_catalog.pg_tables "
	    "WHERE schemaname = current_schema() AND tablename = 'meta'",
	.sql_serialise = "SELECT pg_advisory_xact_lock(7270010)",
	.sql_serialise_key = "SELECT pg_advisory_xact_lock(7270011, hashtext($1))",
	/* Not those behind a constraint (a primary key, UNIQUE in a column
	 * definition): DROP INDEX refuses them. */
	.sql_index_defs = "SELECT i.indexname, i.indexdef FROM pg_indexes i "
	    "WHERE i.tablename = $1 AND i.schemaname = current_schema() AND "
	    "NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint c WHERE "
	    "c.conindid = format('%I.%I', i.schemaname, i.indexname)::regclass)",
	.integrity = pg_integrity,
	.sql_tables = "SELECT c.relname FROM pg_catalog.pg_class c JOIN "
	    "pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE "
	    "c.relkind = 'r' AND n.nspname = current_schema() ORDER BY c.oid",
	/* Rows came with their own ids: move each serial past the largest.
	 * Then gather the planner's statistics of the new rows at once, not
	 * when autovacuum comes round to it. */
	.sql_after_copy = "DO $f$ DECLARE r record; BEGIN FOR r IN SELECT "
	    "table_name AS t, column_name AS c FROM information_schema.columns "
	    "WHERE table_schema = current_schema() AND column_default LIKE "
	    "'nextval%' LOOP EXECUTE format('SELECT setval(pg_get_serial_"
	    "sequence(%L, %L), COALESCE((SELECT max(%I) FROM %I), 0) + 1, "
	    "false)', r.t, r.c, r.c, r.t); END LOOP; FOR r IN SELECT tablename "
	    "AS t FROM pg_catalog.pg_tables WHERE schemaname = current_schema() "
	    "LOOP EXECUTE format('ANALYZE %I', r.t); END LOOP; END $f$",
	.bulk_begin = pg_bulk_begin,
	.bulk_row = pg_bulk_row,
	.bulk_end = pg_bulk_end,
};
