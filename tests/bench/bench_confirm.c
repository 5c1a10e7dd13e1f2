/*
 * `make bench` rows for the confirmation workflow: a batch
 * of 10,000 pending residents on a fresh ledger (not the 1M fixture),
 * entered as the clerk through the bulk loader, then confirmed one by one
 * by the supervisor with confirm_open + confirm_try — each try its own
 * durable transaction (WAL, synchronous=FULL) with its audit row, and the
 * open audited too.  Beside it, in the same run and the same directory,
 * the same rows are inserted with raw SQLite into a table of the same
 * schema and indexes, each insert its own durable transaction.  Rows are
 * printed at once (figure, value, rate, n); timings never fail the run.
 * MADOGUCHI_BENCH_CONFIRM_ROWS overrides the batch size.  bench_pg.c runs
 * the same ledger part on PostgreSQL (bench_confirm_ledger).
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "auth.h"
#include "bench.h"
#include "clock.h"
#include "config.h"
#include "confirm.h"
#include "db.h"
#include "demo.h"
#include "ledger_internal.h"
#include "path.h"
#include "xmalloc.h"

int bench_confirm(struct bench *);

#define CONFIRM_SEED 20240402u
#define CONFIRM_ROWS 10000

/* The key values of one pending entry, kept to re-key it. */
struct entry {
	char atena[16];
	char my_number[13];
	char birth_date[DATE_MAX];
	char name_kana[193];
};

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static void
remove_db(const char *path)
{
	static const char *const suffix[] = { "", "-wal", "-shm", "-journal",
	    ".chain" };
	char *f;
	size_t i;

	for (i = 0; i < sizeof suffix / sizeof suffix[0]; i++) {
		f = xasprintf("%s%s", path, suffix[i]);
		unlink(f);
		free(f);
	}
}

/* n pending residents entered by the clerk, in one bulk transaction. */
static int
make_pending(struct ledger *lg, struct entry *ents, int n, struct err *e)
{
	struct db_resident *r = xmalloc(sizeof *r);
	struct db_bulk *b;
	char now[TIME_MAX];
	int i;

	ledger_now(now);
	if ((b = db_bulk_residents_begin(lg->db, e)) == NULL) {
		free(r);
		return -1;
	}
	for (i = 0; i < n; i++) {
		demo_resident(CONFIRM_SEED, i, r);
		snprintf(r->state, sizeof r->state, "pending");
		r->current = 0;
		snprintf(r->op, sizeof r->op, "movein");
		snprintf(r->movement_reason, sizeof r->movement_reason, "movein");
		snprintf(r->reason_code, sizeof r->reason_code, "01");
		snprintf(r->ref_no, sizeof r->ref_no, "B-%d", i);
		snprintf(r->operator_login, sizeof r->operator_login, "clerk");
		snprintf(r->terminal, sizeof r->terminal, "%s", ledger_terminal(lg));
		snprintf(r->stamp, sizeof r->stamp, "%s", now);
		snprintf(ents[i].atena, sizeof ents[i].atena, "%s", r->atena_no);
		snprintf(ents[i].my_number, sizeof ents[i].my_number, "%s",
		    r->my_number);
		snprintf(ents[i].birth_date, sizeof ents[i].birth_date, "%s",
		    r->birth_date);
		snprintf(ents[i].name_kana, sizeof ents[i].name_kana, "%s",
		    r->name_kana);
		if (db_bulk_residents_add(b, r, e) == -1) {
			db_bulk_residents_end(&b, 0, NULL);
			free(r);
			return -1;
		}
	}
	free(r);
	return db_bulk_residents_end(&b, 1, e);
}

/* Confirm every entry as the supervisor; per-entry times into s. */
static double
confirm_all(struct ledger *lg, const struct entry *ents, int n, double *s)
{
	struct session *sup;
	struct confirm_ref ref;
	struct confirm_view *v = xmalloc(sizeof *v);
	struct confirm_value vals[3];
	struct err e;
	double t0, t, total = -1;
	int i;

	err_clear(&e);
	if ((sup = auth_login(lg, "supervisor", "demo-supervisor", &e)) == NULL) {
		fprintf(stderr, "bench_confirm: login: %s\n", err_message(e.code));
		free(v);
		return -1;
	}
	t0 = clock_mono();
	for (i = 0; i < n; i++) {
		t = clock_mono();
		memset(&ref, 0, sizeof ref);
		ref.ledger = LEDGER_RESIDENT;
		snprintf(ref.entry, sizeof ref.entry, "%s", ents[i].atena);
		ref.rireki_no = 1;
		vals[0] = (struct confirm_value){ "my_number", ents[i].my_number };
		vals[1] = (struct confirm_value){ "birth_date", ents[i].birth_date };
		vals[2] = (struct confirm_value){ "name_kana", ents[i].name_kana };
		if (confirm_open(sup, &ref, v, &e) == -1 ||
		    confirm_try(sup, v, vals, 3, &e) == -1) {
			fprintf(stderr, "bench_confirm: entry %d: %s [%s] (%s)\n",
			    i, err_message(e.code), e.field, e.detail);
			goto out;
		}
		s[i] = clock_mono() - t;
	}
	total = clock_mono() - t0;
out:
	auth_logout(&sup, NULL);
	free(v);
	return total;
}

/* Copy the schema of residents (table and indexes, no triggers) from the
 * ledger file into raw, and read its rows into memory. */
static int
raw_prepare(const char *ledger_path, sqlite3 *raw, sqlite3_stmt **ins,
    sqlite3_value ****rowsp, int *ncolp, int n)
{
	sqlite3 *src = NULL;
	sqlite3_stmt *st = NULL;
	sqlite3_value ***rows;
	char *sql = NULL, *cols = NULL;
	int i, k = 0, ncol, rc = -1;

	if (sqlite3_open_v2(ledger_path, &src, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
		goto out;
	if (sqlite3_prepare_v2(src, "SELECT sql FROM sqlite_master WHERE "
	    "tbl_name = 'residents' AND type IN ('table', 'index') AND sql IS "
	    "NOT NULL ORDER BY type = 'index'", -1, &st, NULL) != SQLITE_OK)
		goto out;
	while (sqlite3_step(st) == SQLITE_ROW)
		if (sqlite3_exec(raw, (const char *)sqlite3_column_text(st, 0),
		    NULL, NULL, NULL) != SQLITE_OK)
			goto out;
	sqlite3_finalize(st);
	if (sqlite3_prepare_v2(src, "SELECT * FROM residents ORDER BY atena_no",
	    -1, &st, NULL) != SQLITE_OK)
		goto out;
	ncol = sqlite3_column_count(st);
	rows = xcalloc((size_t)n, sizeof *rows);
	while (k < n && sqlite3_step(st) == SQLITE_ROW) {
		rows[k] = xcalloc((size_t)ncol, sizeof **rows);
		for (i = 0; i < ncol; i++)
			rows[k][i] = sqlite3_value_dup(sqlite3_column_value(st, i));
		k++;
	}
	*rowsp = rows;
	*ncolp = ncol;
	/* "?,?,...,?" */
	cols = xmalloc((size_t)ncol * 2 + 1);
	for (i = 0; i < ncol; i++) {
		cols[2 * i] = '?';
		if (i + 1 < ncol)
			cols[2 * i + 1] = ',';
	}
	cols[2 * ncol - 1] = '\0';
	sql = xasprintf("INSERT INTO residents VALUES (%s)", cols);
	if (k == n && sqlite3_prepare_v2(raw, sql, -1, ins, NULL) == SQLITE_OK)
		rc = 0;
out:
	if (rc == -1)
		fprintf(stderr, "bench_confirm: raw: %s\n", src ? sqlite3_errmsg(src) :
		    "cannot open the ledger");
	sqlite3_finalize(st);
	sqlite3_close(src);
	free(sql);
	free(cols);
	return rc;
}

/* The same rows inserted with raw SQLite, one durable transaction each. */
static double
raw_inserts(const char *ledger_path, const char *raw_path, int n)
{
	sqlite3 *raw = NULL;
	sqlite3_stmt *ins = NULL;
	sqlite3_value ***rows = NULL;
	double t0, total = -1;
	int i, c, ncol = 0;

	remove_db(raw_path);
	if (sqlite3_open(raw_path, &raw) != SQLITE_OK ||
	    sqlite3_exec(raw, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;",
	    NULL, NULL, NULL) != SQLITE_OK ||
	    raw_prepare(ledger_path, raw, &ins, &rows, &ncol, n) == -1)
		goto out;
	t0 = clock_mono();
	for (i = 0; i < n; i++) {
		sqlite3_reset(ins);
		for (c = 0; c < ncol; c++)
			sqlite3_bind_value(ins, c + 1, rows[i][c]);
		if (sqlite3_step(ins) != SQLITE_DONE) {
			fprintf(stderr, "bench_confirm: raw insert: %s\n",
			    sqlite3_errmsg(raw));
			goto out;
		}
	}
	total = clock_mono() - t0;
out:
	if (rows != NULL) {
		for (i = 0; i < n && rows[i] != NULL; i++) {
			for (c = 0; c < ncol; c++)
				sqlite3_value_free(rows[i][c]);
			free(rows[i]);
		}
		free(rows);
	}
	sqlite3_finalize(ins);
	sqlite3_close(raw);
	remove_db(raw_path);
	return total;
}

void
bench_print_row(const char *figure, const char *a, const char *b, int n)
{
	char c[16] = "";

	if (n > 0)
		snprintf(c, sizeof c, "%d", n);
	printf("%-40s %10s %10s %6s\n", figure, a, b, c);
}

int
bench_confirm_count(void)
{
	const char *env = getenv("MADOGUCHI_BENCH_CONFIRM_ROWS");
	int n = env ? atoi(env) : CONFIRM_ROWS;

	return n > 0 ? n : CONFIRM_ROWS;
}

double
bench_confirm_ledger(const char *target, const struct config *cfg, int n,
    double *s)
{
	struct entry *ents = xcalloc((size_t)n, sizeof *ents);
	struct ledger *lg;
	struct err e;
	double tc = -1;

	err_clear(&e);
	if ((lg = ledger_open(target, cfg, &e)) == NULL ||
	    demo_accounts(lg, &e) == -1 || make_pending(lg, ents, n, &e) == -1)
		fprintf(stderr, "bench_confirm: %s [%s] (%s)\n", err_message(e.code),
		    e.field, e.detail);
	else
		tc = confirm_all(lg, ents, n, s);
	ledger_close(&lg);
	xwipe(ents, sizeof *ents * (size_t)n);
	free(ents);
	return tc;
}

void
bench_confirm_print(const char *engine, const char *raw_name, int n,
    double tc, double *s, double tr)
{
	char f[64], a[32], b[32];
	int k, sq = *engine == '\0';

	/* Labels fit the 40 columns: the SQLite ones as they always were. */
	snprintf(f, sizeof f, "confirm%s: open+try, durable%s", engine,
	    sq ? " (ledger)" : "");
	snprintf(a, sizeof a, "%.2f s", tc);
	snprintf(b, sizeof b, "%.0f/s", n / tc);
	bench_print_row(f, a, b, n);
	qsort(s, (size_t)n, sizeof *s, cmp_double);
	k = (int)ceil(0.99 * n) - 1;
	snprintf(f, sizeof f, "confirm%s: one entry, %s", engine,
	    sq ? "median / p99" : "med/p99");
	snprintf(a, sizeof a, "%.3f ms", s[n / 2] * 1e3);
	snprintf(b, sizeof b, "%.3f ms", s[k < 0 ? 0 : k] * 1e3);
	bench_print_row(f, a, b, n);
	snprintf(f, sizeof f, "confirm%s: raw %s%s, durable", engine, raw_name,
	    sq ? " insert" : "");
	snprintf(a, sizeof a, "%.2f s", tr);
	snprintf(b, sizeof b, "%.0f/s", n / tr);
	bench_print_row(f, a, b, n);
	snprintf(f, sizeof f, "confirm%s: ratio ledger/raw%s", engine,
	    sq ? " (time)" : "");
	snprintf(a, sizeof a, "%.2fx", tc / tr);
	bench_print_row(f, a, "", 0);
}

int
bench_confirm(struct bench *b)
{
	int n = bench_confirm_count();
	char *dir = NULL, *ledger_path = NULL, *raw_path = NULL;
	double *s = NULL, tc, tr;
	int rc = -1;

	/* On the disk of the benchmark fixture: a tmpfs would make the
	 * durable commits free. */
	dir = xasprintf("%s/confirm-XXXXXX", b->dir);
	if (mkdtemp(dir) == NULL) {
		fprintf(stderr, "bench_confirm: %s: %s\n", dir, strerror(errno));
		goto out;
	}
	ledger_path = xasprintf("%s/ledger.db", dir);
	raw_path = xasprintf("%s/raw.db", dir);
	s = xcalloc((size_t)n, sizeof *s);
	if ((tc = bench_confirm_ledger(ledger_path, b->cfg, n, s)) < 0)
		goto out;
	if ((tr = raw_inserts(ledger_path, raw_path, n)) < 0)
		goto out;
	bench_confirm_print("", "SQLite", n, tc, s, tr);
	rc = 0;
out:
	if (ledger_path != NULL)
		remove_db(ledger_path);
	if (raw_path != NULL)
		remove_db(raw_path);
	if (dir != NULL)
		rmdir(dir);
	free(s);
	free(dir);
	free(ledger_path);
	free(raw_path);
	return rc;
}
