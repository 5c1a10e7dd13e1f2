/*
 * Import speed (issue 7): 1,000,000 residents from a CP932 CSV through
 * import_run (strict decoding, every record validated, one transaction
 * into a fresh ledger) side by side, in the same run, with the baseline
 * `iconv -f CP932 -t UTF-8 FILE | sqlite3 DB` doing `.import --csv` into a
 * table of the CSV's ten columns and then creating as many indexes as the
 * residents table has (its primary key and seven indexes, mapped onto the
 * CSV's columns).  Rows: "%-40s %10s %10s %6s" (figure, value, value2, n).
 * The CSV is generated from demo_resident() once and cached in workdir;
 * MADOGUCHI_BENCH_IMPORT_ROWS sets the count (default 1,000,000).
 */
#include <errno.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "auth.h"
#include "buf.h"
#include "clock.h"
#include "demo.h"
#include "import.h"
#include "xmalloc.h"

#define IMPORT_SEED 7u
#define BLOCK 4096

void bench_import_rows(const char *workdir);

static const char header[] = "宛名番号,個人番号,氏名,氏名カナ,性別,生年月日,"
    "郵便番号,住所,方書,世帯番号\r\n";

static void
csv_line(struct buf *b, const struct db_resident *r)
{
	buf_printf(b, "%s,%s,%s,%s,%d,%s,%s,\"%s\",\"%s\",%s\r\n", r->atena_no,
	    r->my_number, r->name, r->name_kana, r->sex, r->birth_date,
	    r->postal_code, r->address, r->katagaki, r->household_no);
}

/* Convert b to CP932 into f; rows that do not map are left out. */
static long
flush_cp932(iconv_t cd, struct buf *b, FILE *f)
{
	char *in, *out, *op, *line, *nl;
	size_t il, ol;
	long rows = 0;

	out = xmalloc(b->len * 2 + 16);
	for (line = b->data; line != NULL && *line != '\0'; line = nl + 1) {
		nl = strchr(line, '\n');
		in = line;
		il = (size_t)(nl - line) + 1;
		op = out;
		ol = b->len * 2 + 16;
		iconv(cd, NULL, NULL, NULL, NULL);
		if (iconv(cd, &in, &il, &op, &ol) == (size_t)-1)
			continue;	/* e.g. 𠮷: no CP932 form */
		fwrite(out, 1, (size_t)(op - out), f);
		rows++;
	}
	free(out);
	buf_reset(b);
	return rows;
}

/* The cached CP932 CSV of n rows in workdir; NULL when it cannot be made. */
static char *
make_csv(const char *workdir, long n)
{
	char *path = xasprintf("%s/import-%ld.cp932.csv", workdir, n);
	char *tmp = xasprintf("%s.tmp", path);
	struct db_resident r;
	struct stat st;
	struct buf b;
	iconv_t cd;
	long rows = 0, i = 0;
	FILE *f;

	if (stat(path, &st) == 0 && st.st_size > 0) {
		free(tmp);
		return path;
	}
	if ((cd = iconv_open("CP932", "UTF-8")) == (iconv_t)-1 ||
	    (f = fopen(tmp, "wb")) == NULL) {
		free(tmp);
		free(path);
		return NULL;
	}
	chmod(tmp, 0600);
	buf_init(&b);
	buf_adds(&b, header);
	flush_cp932(cd, &b, f);
	while (rows < n) {
		long want = n - rows < BLOCK ? n - rows : BLOCK, k;

		for (k = 0; k < want; k++) {
			demo_resident(IMPORT_SEED, i++, &r);
			csv_line(&b, &r);
		}
		rows += flush_cp932(cd, &b, f);
	}
	buf_free(&b);
	iconv_close(cd);
	if (fclose(f) != 0 || rename(tmp, path) != 0) {
		unlink(tmp);
		free(tmp);
		free(path);
		return NULL;
	}
	free(tmp);
	return path;
}

static void
remove_db(const char *db)
{
	static const char *const sfx[] = { "", "-wal", "-shm", "-journal", ".chain" };
	char p[4200];
	size_t i;

	for (i = 0; i < sizeof sfx / sizeof sfx[0]; i++) {
		snprintf(p, sizeof p, "%s%s", db, sfx[i]);
		unlink(p);
	}
}

/* Seconds for import_run into a fresh ledger; < 0 on failure. */
static double
time_madoguchi(const char *workdir, const char *csv, struct import_result *res)
{
	char *db = xasprintf("%s/bench-import.db", workdir);
	struct import_opts o = { .encoding = "cp932" };
	struct ledger *lg;
	struct session *s = NULL;
	struct err e;
	double t = -1, t0;

	remove_db(db);
	err_clear(&e);
	setenv("MADOGUCHI_TERMINAL", "bench-counter", 0);
	if ((lg = ledger_open(db, NULL, &e)) == NULL ||
	    demo_accounts(lg, &e) == -1 ||
	    (s = auth_login(lg, "operator", "demo-operator", &e)) == NULL) {
		fprintf(stderr, "bench_import: %s\n", err_message(e.code));
		goto out;
	}
	t0 = clock_mono();
	if (import_run(s, csv, &o, res, &e) == 0)
		t = clock_mono() - t0;
	else
		fprintf(stderr, "bench_import: import failed: %s [%s] (%s)\n",
		    err_message(e.code), e.field, e.detail);
out:
	auth_logout(&s, NULL);
	ledger_close(&lg);
	remove_db(db);
	free(db);
	return t;
}

/* Seconds for iconv | sqlite3 .import plus the indexes; < 0 on failure. */
static double
time_baseline(const char *workdir, const char *csv)
{
	char *db = xasprintf("%s/bench-import-baseline.db", workdir);
	char *cmd;
	double t0, t = -1;

	remove_db(db);
	cmd = xasprintf("iconv -f CP932 -t UTF-8 '%s' | sqlite3 '%s' "
	    "'PRAGMA journal_mode=WAL' "
	    "'CREATE TABLE r (atena_no TEXT, my_number TEXT, name TEXT, "
	    "name_kana TEXT, sex TEXT, birth_date TEXT, postal_code TEXT, "
	    "address TEXT, katagaki TEXT, household_no TEXT)' "
	    "'.import --csv --skip 1 /dev/stdin r' "
	    "'CREATE UNIQUE INDEX r_pk ON r(atena_no, sex); "
	    "CREATE UNIQUE INDEX r_current ON r(atena_no); "
	    "CREATE INDEX r_dob_key ON r(birth_date, name_kana); "
	    "CREATE INDEX r_dob_norm ON r(birth_date, name); "
	    "CREATE INDEX r_key ON r(name_kana); "
	    "CREATE INDEX r_norm ON r(name); "
	    "CREATE INDEX r_my_number ON r(my_number); "
	    "CREATE INDEX r_seq ON r(household_no)' >/dev/null", csv, db);
	t0 = clock_mono();
	if (system(cmd) == 0)
		t = clock_mono() - t0;
	else
		fprintf(stderr, "bench_import: the baseline failed (iconv, sqlite3?)\n");
	free(cmd);
	remove_db(db);
	free(db);
	return t;
}

void
bench_import_rows(const char *workdir)
{
	const char *env = getenv("MADOGUCHI_BENCH_IMPORT_ROWS");
	long n = env ? strtol(env, NULL, 10) : 1000000;
	struct import_result res;
	char a[32], b[32], c[32], *csv;
	double tm, tb, t0;

	if (n <= 0)
		n = 1000000;
	t0 = clock_mono();
	if ((csv = make_csv(workdir, n)) == NULL) {
		fprintf(stderr, "bench_import: cannot write the CSV in %s\n", workdir);
		return;
	}
	if (clock_mono() - t0 > 0.5) {
		snprintf(a, sizeof a, "%.1f s", clock_mono() - t0);
		printf("%-40s %10s %10s %6s\n", "import: CP932 CSV generated", a, "",
		    "");
	}
	memset(&res, 0, sizeof res);
	tm = time_madoguchi(workdir, csv, &res);
	tb = time_baseline(workdir, csv);
	snprintf(c, sizeof c, "%ld", n);
	if (tm >= 0) {
		snprintf(a, sizeof a, "%.2f s", tm);
		snprintf(b, sizeof b, "%.0f/s", (double)res.accepted / tm);
		printf("%-40s %10s %10s %6s\n", "import: madoguchi (validated)", a, b, c);
	}
	if (tb >= 0) {
		snprintf(a, sizeof a, "%.2f s", tb);
		snprintf(b, sizeof b, "%.0f/s", (double)n / tb);
		printf("%-40s %10s %10s %6s\n", "import: iconv | sqlite3 .import", a, b, c);
	}
	if (tm >= 0 && tb > 0) {
		snprintf(a, sizeof a, "%.2fx", tm / tb);
		printf("%-40s %10s %10s %6s\n", "import: ratio (target <= 1.5x)", a,
		    tm / tb <= 1.5 ? "ok" : "over", "");
	}
	free(csv);
}
