/*
 * `make bench` rows for the counter screen: (a) CPU time per keystroke
 * over a scripted 10,000-key entry session driving the forms engine
 * headlessly, as the tui does (target < 50 µs); (b) startup time of the
 * real binary to its login screen on the benchmark ledger, on a pseudo-
 * terminal (target < 30 ms).  Timings are printed, never asserted.
 */
#include <errno.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "clock.h"
#include "forms.h"
#include "mynumber.h"
#include "path.h"
#include "width.h"
#include "xmalloc.h"

void bench_tui_rows(const char *db_path);

#define KEYS 10000
#define BLOCK 100
#define STARTS 20

static int
mn_check(const char *in, char *out, size_t size, struct err *e)
{
	char d[MYNUMBER_LEN + 1];
	int rc = mynumber_validate(in, d, e);

	if (rc >= 0)
		snprintf(out, size, "%s", d);
	return rc;
}

static const struct field_choice sexes[] = {
	{ "1", "male" }, { "2", "female" }, { "9", "not stated" }, { NULL, NULL }
};
static const struct field_choice reasons[] = {
	{ "01", "counter" }, { "02", "notification" }, { "03", "enquiry" },
	{ "04", "ex officio" }, { NULL, NULL }
};

/* The registration form of the resident screen, as data. */
static const struct field_def defs[] = {
	{ "name", "Name", FT_TEXT, 30, 48, NULL, 1, FSENS_ORDINARY, "", NULL, NULL, 0 },
	{ "name_kana", "Reading", FT_KANA, 30, 64, NULL, 1, FSENS_ORDINARY, "", NULL, NULL, 0 },
	{ "birth_date", "Born", FT_DATE, 16, 0, NULL, 1, FSENS_ORDINARY, "", NULL, NULL, 0 },
	{ "sex", "Sex", FT_CHOICE, 2, 0, NULL, 1, FSENS_ORDINARY, "", sexes, NULL, 0 },
	{ "postal_code", "Postal", FT_POSTAL, 9, 0, NULL, 0, FSENS_ORDINARY, "", NULL, NULL, 0 },
	{ "address", "Address", FT_TEXT, 60, 120, NULL, 1, FSENS_ORDINARY, "", NULL, NULL, 0 },
	{ "phone", "Phone", FT_TEXT, 16, 20, "0[0-9]{1,4}-?[0-9]{1,4}-?[0-9]{3,4}", 0, FSENS_ORDINARY, "", NULL, NULL, 0 },
	{ "my_number", "My Number", FT_MYNUMBER, 14, 0, NULL, 0, FSENS_MYNUMBER, "", NULL, mn_check, 0 },
	{ "reason", "Reason", FT_CODE, 3, 2, NULL, 1, FSENS_ORDINARY, "", reasons, NULL, 0 },
	{ "ref_no", "Reference", FT_TEXT, 16, 32, NULL, 1, FSENS_ORDINARY, "", NULL, NULL, 0 },
};

/*
 * The script of one application keyed from paper: text for each field
 * ("\t" = next field, "\b" = backspace, "\x02"/"\x06" = cursor left/right,
 * "\x13" = save, i.e. validate everything, then start over).
 */
static const char script[] =
    "山田　太郎\b郎\t"
    "ﾔﾏﾀﾞ ﾀﾛｳ\t"
    "19800102"
    "1\t"
    "6048571"
    "京都市中京区寺町通御池上る上本能寺前町488番地\x02\x02\x06\x06\t"
    "075-222-3111\t"
    "１２３４５６７８９０１８"
    "01"
    "A-2024-0001\x13";

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* Print median and p99 of v[0..n) (sorted here) times scale; count is
 * what the n column shows. */
static void
row(const char *figure, double *v, int n, int count, double scale,
    const char *unit)
{
	char med[32], p99[32], cnt[16];
	int k;

	if (n <= 0)
		return;
	qsort(v, (size_t)n, sizeof *v, cmp_double);
	k = (int)((double)n * 0.99 + 0.999) - 1;
	if (k < 0)
		k = 0;
	snprintf(med, sizeof med, "%.2f %s", v[n / 2] * scale, unit);
	snprintf(p99, sizeof p99, "%.2f %s", v[k] * scale, unit);
	snprintf(cnt, sizeof cnt, "%d", count);
	printf("%-40s %10s %10s %6s\n", figure, med, p99, cnt);
}

static double
cpu_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* One key of the script into the form, as tui_form_key does. */
static void
key(struct form *fm, uint32_t cp, struct err *e)
{
	switch (cp) {
	case '\t': form_next(fm, e); break;
	case '\b': form_edit(fm, FK_BACKSPACE, e); break;
	case 0x02: form_edit(fm, FK_LEFT, e); break;
	case 0x06: form_edit(fm, FK_RIGHT, e); break;
	case 0x13:
		if (form_validate_all(fm, e) == 1) {
			form_confirm_alerts(fm);
			form_validate_all(fm, e);
		}
		form_reset(fm);
		break;
	default: form_char(fm, cp, e); break;
	}
}

static void
keystrokes(void)
{
	static double per_key[KEYS / BLOCK];
	struct form *fm;
	struct err e;
	size_t len = strlen(script), off = 0, n;
	uint32_t cp;
	double t0;
	int b, i, col = 0;

	if ((fm = form_new(defs, sizeof defs / sizeof defs[0], &e)) == NULL) {
		fprintf(stderr, "bench_tui: form: %s\n", err_message(e.code));
		return;
	}
	for (b = 0; b < KEYS / BLOCK; b++) {
		t0 = cpu_now();
		for (i = 0; i < BLOCK; i++) {
			if ((n = utf8_next(script + off, len - off, &cp)) == 0) {
				off = 0;
				n = utf8_next(script, len, &cp);
			}
			off += n;
			key(fm, cp, &e);
			/* What the screen asks after each key. */
			col += field_cursor_col(form_current(fm));
		}
		per_key[b] = (cpu_now() - t0) / BLOCK;
	}
	form_free(&fm);
	if (col < 0)
		puts("");	/* keep col alive */
	/* Medians over blocks of 100 keys: one CPU-clock read per key
	 * would cost more than the key. */
	row("tui: CPU per keystroke (target <50 us)", per_key, KEYS / BLOCK,
	    KEYS, 1e6, "us");
}

/* Fork the binary on a pty; seconds until "[LOGIN]" appears, or -1. */
static double
one_start(const char *bin, const char *db)
{
	struct winsize ws = { 30, 100, 0, 0 };
	char buf[4096], seen[8192];
	size_t have = 0;
	struct pollfd p;
	double t0, t = -1;
	pid_t pid;
	int fd, st;
	ssize_t r;

	t0 = clock_mono();
	pid = forkpty(&fd, NULL, NULL, &ws);
	if (pid == -1)
		return -1;
	if (pid == 0) {
		setenv("TERM", "xterm-256color", 1);
		setenv("LANGUAGE", "en", 1);
		setenv("LANG", "C.UTF-8", 1);
		unsetenv("LC_ALL");
		execl(bin, "madoguchi", "--db", db, (char *)NULL);
		_exit(127);
	}
	p.fd = fd;
	p.events = POLLIN;
	while (clock_mono() - t0 < 10.0) {
		if (poll(&p, 1, 1000) <= 0)
			continue;
		if ((r = read(fd, buf, sizeof buf)) <= 0)
			break;
		if (have + (size_t)r >= sizeof seen) {
			/* Keep the tail, in case the marker straddles reads. */
			memmove(seen, seen + have - 16, 16);
			have = 16;
		}
		memcpy(seen + have, buf, (size_t)r);
		have += (size_t)r;
		seen[have] = '\0';
		if (memmem(seen, have, "[LOGIN]", 7) != NULL) {
			t = clock_mono() - t0;
			break;
		}
	}
	kill(pid, SIGTERM);
	/* Drain so that the child's exit is not blocked on a full pty. */
	while (waitpid(pid, &st, WNOHANG) == 0) {
		if (poll(&p, 1, 50) > 0 && read(fd, buf, sizeof buf) <= 0)
			break;
	}
	waitpid(pid, &st, 0);
	close(fd);
	return t;
}

static void
startup(const char *db)
{
	double v[STARTS];
	char *dir = path_exe_dir(), *bin;
	int i, n = 0;
	double t;

	if (dir == NULL) {
		fprintf(stderr, "bench_tui: cannot find the executable's directory\n");
		return;
	}
	bin = xasprintf("%s/madoguchi", dir);
	free(dir);
	if (access(bin, X_OK) != 0) {
		fprintf(stderr, "bench_tui: %s: %s\n", bin, strerror(errno));
		free(bin);
		return;
	}
	one_start(bin, db);		/* warm the page cache */
	for (i = 0; i < STARTS; i++)
		if ((t = one_start(bin, db)) >= 0)
			v[n++] = t;
	if (n < STARTS)
		fprintf(stderr, "bench_tui: %d of %d starts never showed the login screen\n",
		    STARTS - n, STARTS);
	row("tui: start to login screen (<30 ms)", v, n, n, 1e3, "ms");
	free(bin);
}

void
bench_tui_rows(const char *db_path)
{
	keystrokes();
	if (db_path != NULL)
		startup(db_path);
}
