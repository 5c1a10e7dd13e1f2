/*
 * `make bench` rows on PostgreSQL: the same 1,000,000 residents, copied
 * from the SQLite fixture by `madoguchi copy`'s own code (copy_ledger,
 * which loads with COPY FROM STDIN), are searched as in bench.c — the
 * ledger API beside a raw libpq prepared statement, on the same sample —
 * and the confirmation workflow of bench_confirm.c runs there beside raw
 * libpq inserts of the same rows, each its own transaction.
 *
 * The server is MADOGUCHI_BENCH_PG (a postgresql:// URI of a database the
 * bench may use: it makes, fills and drops the schemas madoguchi_bench,
 * madoguchi_bench_confirm and madoguchi_bench_raw there), or else a
 * throwaway one started with scripts/pg-test-server with fsync on, so
 * that its commits are as durable as SQLite's.  A guard process stops and
 * removes it when the bench is done with it — or dies.  Without server
 * binaries the bench prints one "skipped" line and goes on.
 *
 * The loaded cluster is not kept between runs: as root the server runs
 * as postgres, which cannot reach a cache under root's home; the copy
 * itself takes well under a minute.  The copy adds a "copy-out" row to
 * the fixture's audit log, as every search adds its own.
 */
#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <libpq-fe.h>

#include "auth.h"
#include "bench.h"
#include "buf.h"
#include "clock.h"
#include "copy.h"
#include "xmalloc.h"

#define PG_SCRIPT "scripts/pg-test-server"

static const char *const schemas[] = { "madoguchi_bench",
    "madoguchi_bench_confirm", "madoguchi_bench_raw" };

struct pg_run {
	char *top;		/* private directory: server, checkpoint files */
	char *uri;		/* the server's database */
	int throwaway;		/* started here */
	pid_t guard;		/* stops and removes it when we are done */
	int guard_fd;		/* its pipe: closing it is the signal */
	PGconn *c;		/* for the schemas and the raw baselines */
};

/* The URI with search_path set to schema, so that the ledger lives there. */
static char *
with_schema(const char *uri, const char *schema)
{
	return xasprintf("%s%coptions=-csearch_path%%3D%s", uri,
	    strchr(uri, '?') ? '&' : '?', schema);
}

/*
 * A child that waits for our end (the pipe's other side closes, however
 * we exit) and then stops the server and removes top.  It ignores the
 * terminal's signals so that an interrupted bench is cleaned up after.
 */
static int
start_guard(struct pg_run *p)
{
	int fds[2];
	char c;

	if (pipe2(fds, O_CLOEXEC) == -1)
		return -1;
	if ((p->guard = fork()) == -1) {
		close(fds[0]);
		close(fds[1]);
		return -1;
	}
	if (p->guard == 0) {
		signal(SIGINT, SIG_IGN);
		signal(SIGHUP, SIG_IGN);
		signal(SIGTERM, SIG_IGN);
		close(fds[1]);
		while (read(fds[0], &c, 1) == -1 && errno == EINTR)
			;
		execl("/bin/sh", "sh", "-c", "[ ! -d \"$1/pg\" ] || \"$2\" stop "
		    "\"$1/pg\" >/dev/null 2>&1; rm -rf \"$1\"", "sh", p->top,
		    PG_SCRIPT, (char *)NULL);
		_exit(127);
	}
	close(fds[0]);
	p->guard_fd = fds[1];
	return 0;
}

static void
stop_guard(struct pg_run *p)
{
	if (p->guard_fd != -1)
		close(p->guard_fd);
	p->guard_fd = -1;
	if (p->guard > 0)
		while (waitpid(p->guard, NULL, 0) == -1 && errno == EINTR)
			;
	p->guard = -1;
}

/* Start a throwaway server; 1 when there is none to start (said why). */
static int
start_server(struct pg_run *p)
{
	char line[512], *cmd;
	glob_t g;
	FILE *fp;
	int found, status;

	found = glob("/usr/lib/postgresql/*/bin/initdb", 0, NULL, &g) == 0;
	globfree(&g);
	if (!found) {
		printf("PostgreSQL: skipped: no server binaries (scripts/install-deps "
		    "installs them; or set MADOGUCHI_BENCH_PG=URI)\n");
		return 1;
	}
	if (access(PG_SCRIPT, X_OK) == -1) {
		printf("PostgreSQL: skipped: %s not found (run from the source "
		    "tree; or set MADOGUCHI_BENCH_PG=URI)\n", PG_SCRIPT);
		return 1;
	}
	/* As root the server runs as postgres: it must reach top. */
	if (chmod(p->top, 0755) == -1)
		return -1;
	setenv("MADOGUCHI_PG_FSYNC", "on", 1);
	cmd = xasprintf("%s start '%s/pg'", PG_SCRIPT, p->top);
	fp = popen(cmd, "r");
	free(cmd);
	if (fp == NULL)
		return -1;
	p->throwaway = 1;
	if (fgets(line, sizeof line, fp) != NULL)
		p->uri = xstrndup(line, strcspn(line, "\n"));
	status = pclose(fp);
	unsetenv("MADOGUCHI_PG_FSYNC");
	if (status != 0 || p->uri == NULL || strncmp(p->uri, "postgresql://", 13)) {
		fprintf(stderr, "bench_pg: cannot start a PostgreSQL server\n");
		return -1;
	}
	return 0;
}

static int
run_sql(PGconn *c, const char *sql)
{
	PGresult *r = PQexec(c, sql);
	int ok = PQresultStatus(r) == PGRES_COMMAND_OK ||
	    PQresultStatus(r) == PGRES_TUPLES_OK;

	if (!ok)
		fprintf(stderr, "bench_pg: %s", PQresultErrorMessage(r));
	PQclear(r);
	return ok ? 0 : -1;
}

/* Drop the bench's schemas, and make them again unless only dropping. */
static int
reset_schemas(PGconn *c, int make)
{
	char sql[128];
	size_t i;

	for (i = 0; i < sizeof schemas / sizeof schemas[0]; i++) {
		snprintf(sql, sizeof sql, "DROP SCHEMA IF EXISTS %s CASCADE",
		    schemas[i]);
		if (run_sql(c, sql) == -1)
			return -1;
		snprintf(sql, sizeof sql, "CREATE SCHEMA %s", schemas[i]);
		if (make && run_sql(c, sql) == -1)
			return -1;
	}
	return 0;
}

/* Copy the fixture as the admin would with `madoguchi copy`. */
static int
load(struct bench *b, const char *uri)
{
	struct session *s;
	struct err e;
	char n1[32], n2[32];
	int64_t rows = 0;
	double t;

	err_clear(&e);
	if ((s = auth_login(b->lg, "admin", "demo-admin", &e)) == NULL) {
		fprintf(stderr, "bench_pg: admin login: %s\n", err_message(e.code));
		return -1;
	}
	t = clock_mono();
	if (copy_ledger(s, uri, &rows, &e) == -1) {
		fprintf(stderr, "bench_pg: copy: %s [%s] (%s)\n",
		    err_message(e.code), e.field, e.detail);
		auth_logout(&s, NULL);
		return -1;
	}
	t = clock_mono() - t;
	auth_logout(&s, NULL);
	printf("PostgreSQL: fixture copied in %.1f s (%s rows, %s rows/s; "
	    "madoguchi copy)\n", t, bench_grouped(rows, n1),
	    bench_grouped((int64_t)(rows / t), n2));
	return 0;
}

/* The ledger's name-key + date-of-birth search, as bench.c's raw_sql. */
static const char raw_sql[] = "SELECT * FROM residents "
    "WHERE current = 1 AND birth_date = $1 AND name_key >= $2 AND name_key < $3 "
    "AND restricted = 0 ORDER BY name_key, atena_no LIMIT 51";

static int
raw_search(PGconn *c, const struct probe *p)
{
	const char *v[3];
	char hi[200];
	PGresult *r;
	int i, found = 0;

	snprintf(hi, sizeof hi, "%s\xef\xbf\xbf", p->key);
	v[0] = p->dob;
	v[1] = p->key;
	v[2] = hi;
	r = PQexecPrepared(c, "search", 3, v, NULL, NULL, 0);
	if (PQresultStatus(r) == PGRES_TUPLES_OK)
		for (i = 0; i < PQntuples(r); i++)
			if (strcmp(PQgetvalue(r, i, 0), p->atena) == 0)
				found = 1;
	PQclear(r);
	return found ? 0 : -1;
}

static int
search(struct bench *b, const char *uri)
{
	struct probe *probes = bench_probes(b->rows);
	double *api = xcalloc(SEARCHES, sizeof *api);
	double *raw = xcalloc(SEARCHES, sizeof *raw);
	struct ledger *lg;
	struct session *s = NULL;
	struct row *ra, *rr;
	PGconn *c;
	PGresult *r;
	struct err e;
	double t;
	int i, rc = -1;

	err_clear(&e);
	c = PQconnectdb(uri);
	if ((lg = ledger_open(uri, b->cfg, &e)) == NULL ||
	    (s = auth_login(lg, "clerk", "demo-clerk", &e)) == NULL) {
		fprintf(stderr, "bench_pg: %s (%s)\n", err_message(e.code), e.detail);
		goto out;
	}
	snprintf(s->category, sizeof s->category, "bench");
	r = PQprepare(c, "search", raw_sql, 3, NULL);
	i = PQresultStatus(r) == PGRES_COMMAND_OK;
	PQclear(r);
	if (!i) {
		fprintf(stderr, "bench_pg: %s", PQerrorMessage(c));
		goto out;
	}
	for (i = SEARCHES; i < SEARCHES + WARMUP; i++) {
		if (bench_api_search(s, &probes[i], &e) == -1 ||
		    raw_search(c, &probes[i]) == -1) {
			fprintf(stderr, "bench_pg: warm-up search failed: %s (%s)\n",
			    err_message(e.code), e.detail);
			goto out;
		}
	}
	for (i = 0; i < SEARCHES; i++) {
		t = clock_mono();
		if (bench_api_search(s, &probes[i], &e) == -1) {
			fprintf(stderr, "bench_pg: search %d failed: %s (%s)\n", i,
			    err_message(e.code), e.detail);
			goto out;
		}
		api[i] = clock_mono() - t;
		t = clock_mono();
		if (raw_search(c, &probes[i]) == -1) {
			fprintf(stderr, "bench_pg: raw search %d missed\n", i);
			goto out;
		}
		raw[i] = clock_mono() - t;
	}
	ra = bench_add_latency("search name+dob (PostgreSQL, ledger API)", api,
	    SEARCHES);
	rr = bench_add_latency("search name+dob (PostgreSQL, raw libpq)", raw,
	    SEARCHES);
	bench_add_ratio("ratio PostgreSQL ledger/raw", ra, rr);
	rc = 0;
out:
	auth_logout(&s, NULL);
	ledger_close(&lg);
	PQfinish(c);
	free(probes);
	free(api);
	free(raw);
	return rc;
}

/* The confirmed rows inserted again with raw libpq into a table of the
 * same columns and indexes (no triggers), one transaction each. */
static double
raw_inserts(PGconn *c, int n)
{
	struct buf q;
	PGresult *src, *r;
	const char **v = NULL;
	char *sql;
	double t0, total = -1;
	int i, k, ncol;

	if (run_sql(c, "CREATE TABLE madoguchi_bench_raw.residents (LIKE "
	    "madoguchi_bench_confirm.residents INCLUDING ALL)") == -1)
		return -1;
	sql = xasprintf("SELECT * FROM madoguchi_bench_confirm.residents "
	    "ORDER BY atena_no LIMIT %d", n);
	src = PQexec(c, sql);
	free(sql);
	if (PQresultStatus(src) != PGRES_TUPLES_OK || PQntuples(src) != n) {
		fprintf(stderr, "bench_pg: %s", PQresultErrorMessage(src));
		PQclear(src);
		return -1;
	}
	ncol = PQnfields(src);
	buf_init(&q);
	buf_adds(&q, "INSERT INTO madoguchi_bench_raw.residents VALUES (");
	for (i = 0; i < ncol; i++)
		buf_printf(&q, "%s$%d", i ? ", " : "", i + 1);
	buf_adds(&q, ")");
	r = PQprepare(c, "ins", q.data, ncol, NULL);
	buf_free(&q);
	i = PQresultStatus(r) == PGRES_COMMAND_OK;
	PQclear(r);
	if (!i) {
		fprintf(stderr, "bench_pg: %s", PQerrorMessage(c));
		PQclear(src);
		return -1;
	}
	v = xcalloc((size_t)ncol, sizeof *v);
	t0 = clock_mono();
	for (k = 0; k < n; k++) {
		for (i = 0; i < ncol; i++)
			v[i] = PQgetisnull(src, k, i) ? NULL : PQgetvalue(src, k, i);
		r = PQexecPrepared(c, "ins", ncol, v, NULL, NULL, 0);
		i = PQresultStatus(r) == PGRES_COMMAND_OK;
		if (!i)
			fprintf(stderr, "bench_pg: raw insert: %s",
			    PQresultErrorMessage(r));
		PQclear(r);
		if (!i)
			goto out;
	}
	total = clock_mono() - t0;
out:
	free(v);
	PQclear(src);
	return total;
}

static int
confirm(struct bench *b, struct pg_run *p)
{
	int n = bench_confirm_count();
	double *s = xcalloc((size_t)n, sizeof *s), tc, tr;
	char *uri = with_schema(p->uri, "madoguchi_bench_confirm");
	char *chain = xasprintf("%s/confirm.chain", p->top);
	struct config *cfg = config_dup(b->cfg);
	int rc = -1;

	/* Its own checkpoint file: the search ledger has one already. */
	config_set(cfg, "audit_checkpoint_file", chain);
	if ((tc = bench_confirm_ledger(uri, cfg, n, s)) >= 0 &&
	    (tr = raw_inserts(p->c, n)) >= 0) {
		bench_confirm_print(" (PostgreSQL)", "libpq", n, tc, s, tr);
		rc = 0;
	}
	config_free(&cfg);
	free(chain);
	free(uri);
	free(s);
	return rc;
}

int
bench_pg(struct bench *b)
{
	const char *env = getenv("MADOGUCHI_BENCH_PG");
	const char *tmp = getenv("TMPDIR");
	char *old_state = getenv("XDG_STATE_HOME"), *state, *uri = NULL;
	struct pg_run p;
	int rc = -1;

	memset(&p, 0, sizeof p);
	p.guard = -1;
	p.guard_fd = -1;
	old_state = old_state ? xstrdup(old_state) : NULL;
	p.top = xasprintf("%s/madoguchi-bench-pg.XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (mkdtemp(p.top) == NULL) {
		fprintf(stderr, "bench_pg: %s: %s\n", p.top, strerror(errno));
		free(p.top);
		free(old_state);
		return -1;
	}
	if (start_guard(&p) == -1) {
		fprintf(stderr, "bench_pg: cannot fork: %s\n", strerror(errno));
		rmdir(p.top);
		goto out;
	}
	if (env != NULL && *env != '\0') {
		if (strncmp(env, "postgresql://", 13) != 0 &&
		    strncmp(env, "postgres://", 11) != 0) {
			fprintf(stderr, "bench_pg: MADOGUCHI_BENCH_PG must be a "
			    "postgresql:// URI\n");
			goto out;
		}
		p.uri = xstrdup(env);
		printf("PostgreSQL: the server of MADOGUCHI_BENCH_PG\n");
	} else {
		switch (start_server(&p)) {
		case 1:
			rc = 0;
			/* FALLTHROUGH */
		case -1:
			goto out;
		}
		printf("PostgreSQL: throwaway server %s (fsync on)\n",
		    strchr(p.uri, '@') ? strchr(p.uri, '@') + 1 : p.uri);
	}
	fflush(stdout);
	if (PQstatus(p.c = PQconnectdb(p.uri)) != CONNECTION_OK) {
		fprintf(stderr, "bench_pg: cannot connect: %s", PQerrorMessage(p.c));
		goto out;
	}
	if (run_sql(p.c, "SET client_min_messages = warning") == -1 ||
	    reset_schemas(p.c, 1) == -1)
		goto out;
	/* The copied ledger's checkpoint file goes here, not into the
	 * user's state directory; the search ledger finds it there too. */
	state = xasprintf("%s/state", p.top);
	setenv("XDG_STATE_HOME", state, 1);
	free(state);
	uri = with_schema(p.uri, "madoguchi_bench");
	/* VACUUM after the load, as autovacuum would soon do in the middle
	 * of the searches (the copy ANALYZEd already). */
	if (load(b, uri) == 0 && run_sql(p.c, "VACUUM") == 0 &&
	    search(b, uri) == 0 && confirm(b, &p) == 0)
		rc = 0;
	fflush(stdout);
	if (!p.throwaway)
		reset_schemas(p.c, 0);
out:
	if (old_state != NULL)
		setenv("XDG_STATE_HOME", old_state, 1);
	else
		unsetenv("XDG_STATE_HOME");
	if (p.c != NULL)
		PQfinish(p.c);
	stop_guard(&p);
	free(old_state);
	free(uri);
	free(p.uri);
	free(p.top);
	return rc;
}
