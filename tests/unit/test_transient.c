/*
 * transient files are removed one business day after they were
 * written, at start-up and by the daily job, each removal in the audit
 * log.  Files written on a Friday survive Saturday, Sunday and a Monday
 * of the holiday table (given as the Cabinet Office's CSV would be) and
 * go on Tuesday; a file of another program in the spool directory stays;
 * the year-end closing is skipped.  The clock is moved with
 * clock_set_source, the files' times with utimes.
 */
#include "booktest.h"

#include <sys/stat.h>
#include <sys/time.h>

#include <time.h>

#include "clock.h"
#include "path.h"
#include "transient.h"
#include "xmalloc.h"

static time_t fake_now;

static time_t
fake_clock(void)
{
	return fake_now;
}

/* Local time y-m-d h:00. */
static time_t
at(int y, int m, int d, int h)
{
	struct tm tm;

	memset(&tm, 0, sizeof tm);
	tm.tm_year = y - 1900;
	tm.tm_mon = m - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_isdst = -1;
	return mktime(&tm);
}

static char *
file_at(struct fx *f, const char *rel, time_t when)
{
	char *p = xasprintf("%s/%s", f->dir, rel);
	struct timeval tv[2] = { { when, 0 }, { when, 0 } };
	struct err e;
	FILE *fp;

	assert_int_equal(path_prepare_parent(p, &e), 0);
	assert_non_null(fp = fopen(p, "w"));
	fputs("x\n", fp);
	fclose(fp);
	assert_int_equal(utimes(p, tv), 0);
	return p;
}

static int
setup(void **state)
{
	struct fx *f;
	char *d;

	bt_setup(state);
	f = *state;
	d = xasprintf("%s/state", f->dir);
	setenv("XDG_STATE_HOME", d, 1);
	free(d);
	d = xasprintf("%s/config", f->dir);
	setenv("XDG_CONFIG_HOME", d, 1);
	free(d);
	return 0;
}

static int
teardown(void **state)
{
	clock_set_source(NULL);
	return bt_teardown(state);
}

static void
clean_at(struct fx *f, time_t when, long removed, long kept)
{
	struct transient_report rep;
	struct err e;

	fake_now = when;
	clock_set_source(fake_clock);
	if (transient_clean(f->lg, NULL, "(daily)", &rep, &e) != 0)
		fail_msg("clean: %s %s", err_message(e.code), e.detail);
	clock_set_source(NULL);
	assert_int_equal(rep.removed, removed);
	assert_int_equal(rep.kept, kept);
	assert_int_equal(rep.failed, 0);
}

static void
test_business_days(void **state)
{
	struct fx *f = *state;
	struct ymd d = { 2026, 11, 20 }, n;
	long *hol;
	size_t nh;
	char iso[11], *p;
	struct err e;

	transient_next_business_day(&d, NULL, 0, &n);
	ymd_to_iso(&n, iso);
	assert_string_equal(iso, "2026-11-23");
	p = xasprintf("%s/config/madoguchi/holidays", f->dir);
	assert_int_equal(path_prepare_parent(p, &e), 0);
	{
		FILE *fp = fopen(p, "w");

		assert_non_null(fp);
		fputs("国民の祝日・休日月日,国民の祝日・休日名称\n"
		    "2026/11/3,文化の日\n# the city's own\n2026/11/23,勤労感謝の日\n",
		    fp);
		fclose(fp);
	}
	assert_int_equal(transient_holidays(f->lg, &hol, &nh, &e), 0);
	assert_int_equal(nh, 2);
	transient_next_business_day(&d, hol, nh, &n);
	ymd_to_iso(&n, iso);
	assert_string_equal(iso, "2026-11-24");
	/* The year-end closing: 29 December to 3 January. */
	d = (struct ymd){ 2026, 12, 28 };
	transient_next_business_day(&d, hol, nh, &n);
	ymd_to_iso(&n, iso);
	assert_string_equal(iso, "2027-01-04");
	free(hol);
	/* A line that begins with a digit but is no date is refused. */
	{
		FILE *fp = fopen(p, "a");

		assert_non_null(fp);
		fputs("2026/13/1,bad\n", fp);
		fclose(fp);
	}
	assert_int_equal(transient_holidays(f->lg, &hol, &nh, &e), -1);
	assert_string_equal(e.field, "holidays_file");
	free(p);
}

static void
test_removed_after_one_business_day(void **state)
{
	struct fx *f = *state;
	time_t fri = at(2026, 11, 20, 10);
	char *staging, *work, *pdf, *tmp, *other, *sample, *tue;
	struct stat st;
	FILE *fp;
	char *h = xasprintf("%s/config/madoguchi/holidays", f->dir);
	struct err e;

	assert_int_equal(path_prepare_parent(h, &e), 0);
	assert_non_null(fp = fopen(h, "w"));
	fputs("2026-11-23 勤労感謝の日\n", fp);
	fclose(fp);
	free(h);
	staging = file_at(f, "state/madoguchi/staging/extract.csv", fri);
	work = file_at(f, "state/madoguchi/work/import-1.work", fri);
	pdf = file_at(f, "state/madoguchi/spool/notices-7.pdf", fri);
	tmp = file_at(f, "state/madoguchi/spool/.notices-8.pdf.tmp", fri);
	sample = file_at(f, "state/madoguchi/spool/sample-operator.pdf", fri);
	other = file_at(f, "state/madoguchi/spool/someone-elses.txt", fri);
	tue = file_at(f, "state/madoguchi/staging/tuesday.csv",
	    at(2026, 11, 24, 16));

	/* Saturday, Sunday, and Monday the 23rd, a holiday: kept. */
	clean_at(f, at(2026, 11, 21, 9), 0, 6);
	clean_at(f, at(2026, 11, 22, 9), 0, 6);
	clean_at(f, at(2026, 11, 23, 9), 0, 6);
	assert_int_equal(bt_audit_count(f, "transient-remove", NULL), 0);
	/* Tuesday: one business day after Friday; gone, each logged. */
	clean_at(f, at(2026, 11, 24, 8), 5, 1);
	assert_int_equal(stat(staging, &st), -1);
	assert_int_equal(stat(work, &st), -1);
	assert_int_equal(stat(pdf, &st), -1);
	assert_int_equal(stat(tmp, &st), -1);
	assert_int_equal(stat(sample, &st), -1);
	assert_int_equal(stat(other, &st), 0);	/* not a file of ours */
	assert_int_equal(bt_audit_count(f, "transient-remove", NULL), 5);
	assert_int_equal(bt_audit_count(f, "transient-remove",
	    "staging:extract.csv"), 1);
	/* Written Tuesday afternoon, one business day later it is gone. */
	assert_int_equal(stat(tue, &st), 0);
	clean_at(f, at(2026, 11, 25, 8), 1, 0);
	assert_int_equal(stat(tue, &st), -1);
	free(staging);
	free(work);
	free(pdf);
	free(tmp);
	free(sample);
	free(other);
	free(tue);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_business_days, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(
		    test_removed_after_one_business_day, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
