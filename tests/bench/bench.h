/*
 * What the `make bench` files share: the fixture, the printed latency
 * table (bench.c) and the searched sample of residents.
 */
#ifndef MADOGUCHI_BENCH_H
#define MADOGUCHI_BENCH_H

#include <stdint.h>

#include <sqlite3.h>

#include "config.h"
#include "db.h"
#include "err.h"
#include "ledger.h"

#define BENCH_SEED 20240401u
#define BENCH_ROWS 1000000
#define BENCH_TERMINAL "bench-counter"
#define SEARCHES 2000
#define WARMUP 200

struct bench {
	struct ledger *lg;	/* the fixture, opened through the ledger */
	sqlite3 *raw;		/* the same file, read-only, for raw lookups */
	const struct config *cfg;	/* what the fixture is opened with */
	char *path;
	char *dir;		/* the bench cache directory */
	int64_t rows;
	double build_seconds;	/* < 0: unknown (cached by an older run) */
	int cached;
};

/* One printed row: a latency distribution or a plain ratio. */
struct row {
	char figure[64];
	double median_ms, p99_ms;
	int n;			/* 0: a ratio row (values are factors) */
};

/* Add a row to the table printed at the end (samples sorted in place). */
struct row *bench_add_latency(const char *figure, double *s, int n);
void bench_add_ratio(const char *figure, const struct row *a,
    const struct row *b);

/* One searched resident: reading, its search key and date of birth. */
struct probe {
	char atena[16];
	char kana[193];
	char key[193];
	char dob[DATE_MAX];
	int found;
};

/* The SEARCHES + WARMUP residents searched, the same on every engine
 * (caller frees). */
struct probe *bench_probes(int64_t rows);
/* One audited search through the ledger API; E_NOT_FOUND when the
 * resident is not among the hits. */
int bench_api_search(struct session *, struct probe *, struct err *);
/* "1,234,567" into out. */
const char *bench_grouped(int64_t v, char out[32]);

/* A row printed at once: figure, two values, n (0: none). */
void bench_print_row(const char *figure, const char *a, const char *b, int n);

/* The confirmation workflow on a fresh ledger at target (bench_confirm.c):
 * n pending entries confirmed one by one; per-entry seconds into s.
 * Returns the total seconds, or < 0 after saying why on stderr. */
double bench_confirm_ledger(const char *target, const struct config *cfg,
    int n, double *s);
int bench_confirm_count(void);
/* Print the confirm rows of engine ("" for SQLite) from the ledger's
 * total tc and samples s (sorted here) and the raw baseline's total tr. */
void bench_confirm_print(const char *engine, const char *raw_name, int n,
    double tc, double *s, double tr);

/* The PostgreSQL rows (bench_pg.c). */
int bench_pg(struct bench *);

#endif
