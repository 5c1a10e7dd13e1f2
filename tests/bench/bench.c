/*
 * `make bench`: performance figures on a synthetic 1,000,000-resident
 * ledger.  The fixture (the demo accounts plus residents 0..999,999 of
 * seed BENCH_SEED) is built once and cached at
 * ${MADOGUCHI_BENCH_DIR:-$HOME/.cache/madoguchi-bench}/bench-1m.db; it is
 * rebuilt when missing or when its resident count is wrong.
 *
 * Each benchmark is a function in the `benches` table that adds rows
 * (figure, median, p99, n) to the printed table; later work adds entries
 * there.  Timings never fail the run: the program only prints them.  It
 * exits non-zero only when the fixture cannot be built or a benchmark
 * cannot run at all (e.g. a search that does not find a known person).
 *
 * A test program, not a layer: it may open the same file with SQLite
 * directly, to compare the ledger API with a raw prepared lookup.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sqlite3.h>

#include "auth.h"
#include "bench.h"
#include "clock.h"
#include "config.h"
#include "db.h"
#include "demo.h"
#include "kana.h"
#include "path.h"
#include "resident.h"
#include "xmalloc.h"

#define MAX_ROWS 64
static struct row table[MAX_ROWS];
static int nrows;

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* Add a latency row from n samples in seconds (sorted in place). */
struct row *
bench_add_latency(const char *figure, double *s, int n)
{
	struct row *r = &table[nrows++];
	int k;

	qsort(s, (size_t)n, sizeof *s, cmp_double);
	snprintf(r->figure, sizeof r->figure, "%s", figure);
	r->n = n;
	r->median_ms = n % 2 ? s[n / 2] * 1e3 : (s[n / 2 - 1] + s[n / 2]) / 2 * 1e3;
	k = (int)ceil(0.99 * n) - 1;
	r->p99_ms = s[k < 0 ? 0 : k] * 1e3;
	return r;
}

void
bench_add_ratio(const char *figure, const struct row *a, const struct row *b)
{
	struct row *r = &table[nrows++];

	snprintf(r->figure, sizeof r->figure, "%s", figure);
	r->n = 0;
	r->median_ms = a->median_ms / b->median_ms;
	r->p99_ms = a->p99_ms / b->p99_ms;
}

/* 1234567 as "1,234,567" into out. */
const char *
bench_grouped(int64_t v, char out[32])
{
	char d[24];
	int len, i, o = 0;

	len = snprintf(d, sizeof d, "%lld", (long long)v);
	for (i = 0; i < len; i++) {
		if (i > 0 && (len - i) % 3 == 0 && d[i - 1] != '-')
			out[o++] = ',';
		out[o++] = d[i];
	}
	out[o] = '\0';
	return out;
}

/* xorshift64*: the sample of residents searched, fixed per run. */
static uint64_t
next_rand(uint64_t *x)
{
	*x ^= *x >> 12;
	*x ^= *x << 25;
	*x ^= *x >> 27;
	return *x * 0x2545f4914f6cdd1dULL;
}

/* --- Benchmark: two-condition search (reading + date of birth). --- */

static int
note_hit(void *ctx, const struct db_resident *r)
{
	struct probe *p = ctx;

	if (strcmp(r->atena_no, p->atena) == 0)
		p->found = 1;
	return 0;
}

int
bench_api_search(struct session *s, struct probe *p, struct err *e)
{
	struct resident_query q;
	int count;

	memset(&q, 0, sizeof q);
	q.name = p->kana;
	q.birth_date = p->dob;
	q.reason = "bench";
	p->found = 0;
	if (resident_search(s, &q, note_hit, p, &count, e) == -1)
		return -1;
	if (!p->found)
		return err_set(e, E_NOT_FOUND, "", "ledger API missed a resident");
	return 0;
}

/* The WHERE clause of the ledger's name-key + date-of-birth search. */
static const char raw_sql[] = "SELECT * FROM residents "
    "WHERE current = 1 AND birth_date = ?1 AND name_key >= ?2 AND name_key < ?3 "
    "AND restricted = 0 ORDER BY name_key, atena_no LIMIT 51";

static int
raw_search(sqlite3_stmt *st, const struct probe *p)
{
	char hi[200];
	int found = 0;

	snprintf(hi, sizeof hi, "%s\xef\xbf\xbf", p->key);
	sqlite3_reset(st);
	sqlite3_bind_text(st, 1, p->dob, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, p->key, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, hi, -1, SQLITE_TRANSIENT);
	while (sqlite3_step(st) == SQLITE_ROW)
		if (strcmp((const char *)sqlite3_column_text(st, 0), p->atena) == 0)
			found = 1;
	return found ? 0 : -1;
}

struct probe *
bench_probes(int64_t rows)
{
	struct probe *probes = xcalloc(SEARCHES + WARMUP, sizeof *probes);
	struct db_resident r;
	uint64_t x = 0x9e3779b97f4a7c15ULL;
	char *k;
	int i;

	for (i = 0; i < SEARCHES + WARMUP; i++) {
		demo_resident(BENCH_SEED, (int64_t)(next_rand(&x) % (uint64_t)rows), &r);
		memcpy(probes[i].atena, r.atena_no, sizeof probes[i].atena);
		memcpy(probes[i].kana, r.name_kana, sizeof probes[i].kana);
		memcpy(probes[i].dob, r.birth_date, sizeof probes[i].dob);
		k = kana_search_key(r.name_kana);
		snprintf(probes[i].key, sizeof probes[i].key, "%s", k ? k : "");
		free(k);
	}
	return probes;
}

static int
bench_search(struct bench *b)
{
	struct probe *probes = bench_probes(b->rows);
	double *api = xcalloc(SEARCHES, sizeof *api);
	double *raw = xcalloc(SEARCHES, sizeof *raw);
	struct session *s;
	sqlite3_stmt *st = NULL;
	struct row *ra, *rr;
	struct err e;
	double t;
	int i, rc = -1;

	err_clear(&e);
	if ((s = auth_login(b->lg, "clerk", "demo-clerk", &e)) == NULL) {
		fprintf(stderr, "bench: clerk login failed: %s (%s)\n",
		    err_message(e.code), e.detail);
		goto out;
	}
	snprintf(s->category, sizeof s->category, "bench");
	if (sqlite3_prepare_v2(b->raw, raw_sql, -1, &st, NULL) != SQLITE_OK) {
		fprintf(stderr, "bench: %s\n", sqlite3_errmsg(b->raw));
		goto out;
	}
	/* Warm both paths on residents outside the measured sample. */
	for (i = SEARCHES; i < SEARCHES + WARMUP; i++) {
		if (bench_api_search(s, &probes[i], &e) == -1 || raw_search(st, &probes[i]) == -1) {
			fprintf(stderr, "bench: warm-up search failed: %s (%s)\n",
			    err_message(e.code), e.detail);
			goto out;
		}
	}
	/* Interleave the two so that both see the same cache state. */
	for (i = 0; i < SEARCHES; i++) {
		t = clock_mono();
		if (bench_api_search(s, &probes[i], &e) == -1) {
			fprintf(stderr, "bench: search %d failed: %s (%s)\n", i,
			    err_message(e.code), e.detail);
			goto out;
		}
		api[i] = clock_mono() - t;
		t = clock_mono();
		if (raw_search(st, &probes[i]) == -1) {
			fprintf(stderr, "bench: raw search %d missed\n", i);
			goto out;
		}
		raw[i] = clock_mono() - t;
	}
	ra = bench_add_latency("search name+dob, ledger API (audited)", api,
	    SEARCHES);
	rr = bench_add_latency("search name+dob, raw SQLite prepared", raw,
	    SEARCHES);
	bench_add_ratio("ratio ledger/raw", ra, rr);
	rc = 0;
out:
	sqlite3_finalize(st);
	auth_logout(&s, NULL);
	free(probes);
	free(api);
	free(raw);
	return rc;
}

int bench_confirm(struct bench *);
void bench_print_rows(void);

void bench_notices_rows(void);

/* Notices per second, renderer beside bare cairo+pango (bench_print.c),
 * and one notice job's PDF by one thread or two (bench_notices.c); the
 * rows are printed as they come, before the latency table. */
static int
bench_print(struct bench *b)
{
	(void)b;
	bench_print_rows();
	bench_notices_rows();
	return 0;
}
void bench_tui_rows(const char *db_path);
void bench_import_rows(const char *workdir);

/* The benchmarks, in the order their rows are printed.  Add new ones here. */
static const struct {
	const char *name;
	int (*run)(struct bench *);
} benches[] = {
	{ "search", bench_search },
	{ "confirm", bench_confirm },
	{ "postgresql", bench_pg },
	{ "print", bench_print },
};

/* --- The cached fixture. --- */

/* Residents and demo clerks in the file at path; -1 when unreadable. */
static int64_t
fixture_rows(const char *path)
{
	static const char sql[] = "SELECT (SELECT count(*) FROM residents "
	    "WHERE current = 1), (SELECT count(*) FROM users WHERE login = 'clerk'), "
	    "(SELECT value FROM meta WHERE key = 'schema_version')";
	sqlite3 *h = NULL;
	sqlite3_stmt *st = NULL;
	int64_t n = -1;

	if (access(path, F_OK) == -1)
		return -1;
	if (sqlite3_open_v2(path, &h, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
	    sqlite3_prepare_v2(h, sql, -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int64(st, 1) == 1 &&
	    sqlite3_column_int(st, 2) == db_schema_latest())	/* else rebuild */
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(h);
	return n;
}

static void
remove_fixture(const char *path)
{
	static const char *const suffix[] = { "", "-wal", "-shm", "-journal",
	    ".chain", ".build" };
	char *f;
	size_t i;

	for (i = 0; i < sizeof suffix / sizeof suffix[0]; i++) {
		f = xasprintf("%s%s", path, suffix[i]);
		if (unlink(f) == -1 && errno != ENOENT)
			fprintf(stderr, "bench: cannot remove %s\n", f);
		free(f);
	}
}

static void
show_progress(void *ctx, int64_t done, int64_t n)
{
	char a[32], b[32];

	(void)ctx;
	fprintf(stderr, "\rbuilding the fixture: %s / %s residents",
	    bench_grouped(done, a), bench_grouped(n, b));
	if (done == n)
		fputc('\n', stderr);
}

static int
build_fixture(struct bench *b, const struct config *cfg)
{
	struct err e;
	double t0 = clock_mono();
	char *f;
	FILE *fp;

	remove_fixture(b->path);
	err_clear(&e);
	if ((b->lg = ledger_open(b->path, cfg, &e)) == NULL ||
	    demo_accounts(b->lg, &e) == -1 ||
	    demo_residents(b->lg, BENCH_SEED, BENCH_ROWS, "admin",
	    isatty(2) ? show_progress : NULL, NULL, &e) == -1) {
		fprintf(stderr, "bench: cannot build %s: %s [%s] (%s)\n", b->path,
		    err_message(e.code), e.field, e.detail);
		ledger_close(&b->lg);
		remove_fixture(b->path);
		return -1;
	}
	b->build_seconds = clock_mono() - t0;
	ledger_close(&b->lg);
	f = xasprintf("%s.build", b->path);
	if ((fp = fopen(f, "w")) != NULL) {
		fprintf(fp, "%.3f\n", b->build_seconds);
		fclose(fp);
	}
	free(f);
	return 0;
}

static double
cached_build_seconds(const char *path)
{
	char *f = xasprintf("%s.build", path);
	FILE *fp = fopen(f, "r");
	double s = -1;

	if (fp != NULL) {
		if (fscanf(fp, "%lf", &s) != 1)
			s = -1;
		fclose(fp);
	}
	free(f);
	return s;
}

static char *
bench_dir(void)
{
	const char *d = getenv("MADOGUCHI_BENCH_DIR"), *home = getenv("HOME");

	if (d != NULL && *d != '\0')
		return xstrdup(d);
	return xasprintf("%s/.cache/madoguchi-bench", home ? home : ".");
}

/* The path with $HOME shown as ~, for the heading. */
static const char *
shown_path(const char *path, char *buf, size_t size)
{
	const char *home = getenv("HOME");
	size_t n = home ? strlen(home) : 0;

	if (n > 1 && strncmp(path, home, n) == 0 && path[n] == '/') {
		snprintf(buf, size, "~%s", path + n);
		return buf;
	}
	return path;
}

static void
print_table(const struct bench *b)
{
	char n1[32], where[512];
	double load[1];
	int i;

	printf("madoguchi bench — %s residents (%s: %s)\n", bench_grouped(b->rows, n1),
	    b->cached ? "cached" : "built", shown_path(b->path, where, sizeof where));
	if (b->build_seconds >= 0)
		printf("fixture: %s residents + 7 demo accounts, built in %.1f s%s\n",
		    n1, b->build_seconds, b->cached ? " (when it was made)" : "");
	if (getloadavg(load, 1) == 1)
		printf("machine: %ld CPUs, load average %.2f at the end (figures "
		    "are noisy when it exceeds the CPUs)\n",
		    sysconf(_SC_NPROCESSORS_ONLN), load[0]);
	printf("%-42s %10s %10s %6s\n", "figure", "median", "p99", "n");
	for (i = 0; i < nrows; i++) {
		if (table[i].n > 0)
			printf("%-42s %7.3f ms %7.3f ms %6d\n", table[i].figure,
			    table[i].median_ms, table[i].p99_ms, table[i].n);
		else
			printf("%-42s %9.1fx %9.1fx %6s\n", table[i].figure,
			    table[i].median_ms, table[i].p99_ms, "");
	}
	printf("The ledger API figure includes rule checks, the audit row (hash "
	    "chain) and a durable commit\n(WAL, synchronous=FULL) per search, "
	    "plus the checkpoint-file append; syslog is off.  The PostgreSQL\n"
	    "rows search the same sample of the same residents, copied to the "
	    "server named above (TCP).\n");
}

int
main(void)
{
	struct bench b;
	struct config *cfg;
	struct err e;
	char *dir;
	size_t i;
	int rc = 0;

	umask(077);
	/* The fixture's terminal is registered under this name; every run
	 * must use the same one to log in. */
	setenv("MADOGUCHI_TERMINAL", BENCH_TERMINAL, 1);
	memset(&b, 0, sizeof b);
	err_clear(&e);
	dir = bench_dir();
	if (path_mkdir_private(dir, &e) == -1) {
		fprintf(stderr, "bench: cannot create %s: %s (%s)\n", dir,
		    err_message(e.code), e.detail);
		free(dir);
		return 1;
	}
	b.path = xasprintf("%s/bench-1m.db", dir);
	b.dir = dir;
	/* Demo passwords never expire here, and the bench does not write
	 * thousands of audit heads to the system log. */
	cfg = config_new();
	config_set(cfg, "password_max_age_days", "0");
	config_set(cfg, "audit_syslog", "no");
	b.cfg = cfg;

	b.cached = fixture_rows(b.path) == BENCH_ROWS;
	if (b.cached)
		b.build_seconds = cached_build_seconds(b.path);
	else if (build_fixture(&b, cfg) == -1) {
		rc = 1;
		goto out;
	}
	b.rows = BENCH_ROWS;
	if ((b.lg = ledger_open(b.path, cfg, &e)) == NULL) {
		fprintf(stderr, "bench: cannot open %s: %s (%s)\n", b.path,
		    err_message(e.code), e.detail);
		rc = 1;
		goto out;
	}
	if (sqlite3_open_v2(b.path, &b.raw, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
		fprintf(stderr, "bench: %s\n", sqlite3_errmsg(b.raw));
		rc = 1;
		goto out;
	}
	for (i = 0; i < sizeof benches / sizeof benches[0]; i++) {
		if (benches[i].run(&b) == -1) {
			fprintf(stderr, "bench: %s failed\n", benches[i].name);
			rc = 1;
		}
	}
	print_table(&b);
	/* Rows printed by the benches of other files, in the same format.
	 * The ledger is closed first: the start-up figure opens it itself. */
	ledger_close(&b.lg);
	bench_tui_rows(b.path);
	bench_import_rows(b.dir);
out:
	sqlite3_close(b.raw);
	ledger_close(&b.lg);
	config_free(&cfg);
	free(b.path);
	free(b.dir);
	return rc;
}
