/*
 * One PDF per notice job (issue 6): elderly-pass 納入通知書 written through
 * the job's PDF writer (print/noticepdf.c, the sink ledger/notices.c
 * renders into) as one file, either by one thread (render.h threads = 1)
 * or by two piped threads (render_job_new_piped: the caller's thread lays
 * out, a writer thread draws into the one PDF; no part files, no join).
 * Then the figure the office suite is measured against: real jobs of
 * 1,000 notices on two threads, run several times (the machine is shared:
 * the median, the best and the load average are printed with it), against
 * its 14 s; the target is 40 times faster, 0.35 s.  The same jobs on one
 * thread, interleaved with them, follow: when the other core is busy with
 * something else, one thread is as fast (piping costs some CPU).
 * MADOGUCHI_BENCH_NOTICES sets the count of the long runs (default
 * 100,000).  Rows: "%-40s %10s %10s %6s" as bench_print.c's.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "clock.h"
#include "config.h"
#include "noticepdf.h"
#include "notices.h"
#include "xmalloc.h"

#define OFFICE_SUITE_1000 14.0
#define JOBS_1000	7	/* 1,000-notice jobs timed */

void bench_notices_rows(void);

static double
cpu_now(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_utime.tv_sec + ru.ru_stime.tv_sec +
	    (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

static void
row(const char *figure, const char *v1, const char *v2, long n)
{
	char ns[24];

	snprintf(ns, sizeof ns, "%ld", n);
	printf("%-40s %10s %10s %6s\n", figure, v1, v2, ns);
}

/* Seconds (wall; *cpu gets CPU) for n notices into one PDF; -1 on error. */
static double
one_pdf(struct config *cfg, const char *pdf, long n, int threads, double *cpu)
{
	static const char *const family[] = { "山田", "佐藤", "鈴木", "髙橋",
	    "田中", "伊藤", "渡邊", "中村" };
	static const char *const given[] = { "太郎", "花子", "一郎", "恵子",
	    "茂", "和子", "博", "幸子" };
	struct notices_field f[10];
	struct notices_sink sink;
	struct noticepdf *np;
	char no[32], name[64], amount[16], address[160], katagaki[64];
	double t0 = clock_mono(), c0 = cpu_now();
	struct err e = { 0 };
	int pages = 0;
	long i;

	if ((np = noticepdf_new(cfg, "elderly_nonyu", threads, &e)) == NULL) {
		fprintf(stderr, "bench_notices: %s\n", e.detail);
		return -1;
	}
	noticepdf_sink(np, NULL, &sink);
	if (sink.open(sink.ctx, pdf, &e) == -1)
		goto fail;
	for (i = 0; i < n; i++) {
		snprintf(no, sizeof no, "1-%06ld", i + 1);
		snprintf(name, sizeof name, "%s　%s", family[i % 8],
		    given[(i / 8) % 8]);
		snprintf(amount, sizeof amount, "%ld", 3000 + (i % 5) * 1500);
		/* Every record its own address: only what a real job
		 * repeats (dates, year, tier) repeats here. */
		snprintf(address, sizeof address, "京都市中京区寺町通御池上る"
		    "上本能寺前町%ld番地", i % 997 + 1);
		snprintf(katagaki, sizeof katagaki, "○○ハイツ %ld号室",
		    i % 389 + 101);
		f[0] = (struct notices_field){ "notice_no", no };
		f[1] = (struct notices_field){ "issue_date", "2024-10-15" };
		f[2] = (struct notices_field){ "postal", "6048571" };
		f[3] = (struct notices_field){ "address", address };
		f[4] = (struct notices_field){ "katagaki", katagaki };
		f[5] = (struct notices_field){ "name", name };
		f[6] = (struct notices_field){ "fiscal_year", "令和6年度" };
		f[7] = (struct notices_field){ "fee_tier", "第3段階" };
		f[8] = (struct notices_field){ "amount", amount };
		f[9] = (struct notices_field){ "due_date", "2024-10-31" };
		if (sink.add(sink.ctx, f, 10, &e) == -1) {
			sink.abort(sink.ctx);
			goto fail;
		}
	}
	if (sink.finish(sink.ctx, &pages, &e) == -1 || pages != n)
		goto fail;
	noticepdf_free(&np);
	*cpu = cpu_now() - c0;
	return clock_mono() - t0;
fail:
	fprintf(stderr, "bench_notices: %s (%d pages)\n", e.detail, pages);
	noticepdf_free(&np);
	return -1;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

void
bench_notices_rows(void)
{
	const char *env = getenv("MADOGUCHI_BENCH_NOTICES");
	long n = env ? strtol(env, NULL, 10) : 100000;
	char dir[] = "/tmp/madoguchi-bench-notices-XXXXXX", *pdf, v1[32], v2[32];
	struct config *cfg = config_new();
	double w1, w2, c1 = 0, c2 = 0, per, job[JOBS_1000], job1[JOBS_1000];
	double cpu, load[3];
	int k, ok = 1;

	if (n < 10 || n > 10000000)
		n = 100000;
	config_set(cfg, "office.city", "京都市");
	config_set(cfg, "office.mayor", "門川　一郎");
	config_set(cfg, "office.section", "保健福祉局　長寿福祉課");
	config_set(cfg, "office.address",
	    "京都市中京区寺町通御池上る上本能寺前町488番地");
	config_set(cfg, "office.postal", "6048571");
	config_set(cfg, "office.phone", "075-222-3111");
	if (access("print/templates/elderly_nonyu.tmpl", R_OK) == 0)
		config_set(cfg, "template_dir", "print/templates");
	if (mkdtemp(dir) == NULL) {
		config_free(&cfg);
		return;
	}
	pdf = xasprintf("%s/job.pdf", dir);
	w1 = one_pdf(cfg, pdf, n, 1, &c1);
	unlink(pdf);
	w2 = one_pdf(cfg, pdf, n, 2, &c2);
	unlink(pdf);
	/* Interleaved, so that both see the same load. */
	for (k = 0; k < JOBS_1000 && ok; k++) {
		job[k] = one_pdf(cfg, pdf, 1000, 2, &cpu);
		unlink(pdf);
		job1[k] = one_pdf(cfg, pdf, 1000, 1, &cpu);
		unlink(pdf);
		ok = job[k] > 0 && job1[k] > 0;
	}
	rmdir(dir);
	free(pdf);
	config_free(&cfg);
	if (w1 > 0) {
		snprintf(v1, sizeof v1, "%.0f/s", n / w1);
		snprintf(v2, sizeof v2, "%.2fms cpu", c1 * 1000 / n);
	}
	row("notices job, one PDF, 1 thread", w1 > 0 ? v1 : "failed",
	    w1 > 0 ? v2 : "-", n);
	if (w2 > 0) {
		snprintf(v1, sizeof v1, "%.0f/s", n / w2);
		snprintf(v2, sizeof v2, "%.2fms cpu", c2 * 1000 / n);
	}
	row("notices job, one PDF, 2 threads piped", w2 > 0 ? v1 : "failed",
	    w2 > 0 ? v2 : "-", n);
	if (w1 > 0 && w2 > 0) {
		per = (w1 < w2 ? w1 : w2) / n * 1000;
		snprintf(v1, sizeof v1, "%.3f s", per);
		snprintf(v2, sizeof v2, "%.0fx %s", OFFICE_SUITE_1000 / per,
		    OFFICE_SUITE_1000 / per >= 40 ? "ok" : "MISS");
		row("notices job: 1,000 pages (suite 14 s)", v1, v2, n);
	}
	if (!ok) {
		row("one job PDF, 1,000 pages", "failed", "-", 1000);
		return;
	}
	qsort(job, JOBS_1000, sizeof job[0], cmp_double);
	qsort(job1, JOBS_1000, sizeof job1[0], cmp_double);
	per = job[JOBS_1000 / 2];
	if (getloadavg(load, 3) != 3)
		load[0] = load[1] = load[2] = -1;
	printf("one job PDF, 1,000 pages: %.3f s (%.0f× the office "
	    "suite) %s\n", per, OFFICE_SUITE_1000 / per,
	    OFFICE_SUITE_1000 / per >= 40 ? "ok" : "MISS (target 40×)");
	printf("  median of %d jobs on 2 threads; best %.3f s, worst %.3f s; "
	    "load average %.2f %.2f %.2f\n", JOBS_1000, job[0],
	    job[JOBS_1000 - 1], load[0], load[1], load[2]);
	printf("  the same jobs on 1 thread: median %.3f s (%.0f×), best "
	    "%.3f s\n", job1[JOBS_1000 / 2], OFFICE_SUITE_1000 /
	    job1[JOBS_1000 / 2], job1[0]);
}
