/*
 * Unit tests for ledger/vaccine.c: the default routine table, age windows
 * (months reached on the eve, rotavirus days, fiscal-year age for MR 2期
 * and HPV), minimum intervals in days and months (a dose before its
 * interval is refused), dose order, dates, lot expiry, other-municipality
 * records, the 任意接種 alert outside the window, annual influenza, and
 * the due / closing / overdue list.
 */
#include "testutil.h"

#include "err.h"
#include "vaccine.h"

#define YMD(y, m, d)	((struct ymd){ (y), (m), (d) })
#define N(a)		(sizeof (a) / sizeof (a)[0])

static struct vaccine_dose
dose(const char *code, int no, struct ymd date)
{
	struct vaccine_dose d;

	memset(&d, 0, sizeof d);
	snprintf(d.code, sizeof d.code, "%s", code);
	d.dose_no = no;
	d.date = date;
	snprintf(d.lot, sizeof d.lot, "LOT%d", no);
	return d;
}

static void
same_day(const struct ymd *got, struct ymd want, const char *what)
{
	if (ymd_cmp(got, &want) != 0)
		fail_msg("%s: %04d-%02d-%02d, expected %04d-%02d-%02d", what,
		    got->y, got->m, got->d, want.y, want.m, want.d);
}

static void
test_default_table(void **state)
{
	const struct vaccine_table *t = vaccine_default_table();
	struct vaccine_type bad[2];
	struct vaccine_table bt = { bad, 2 };
	struct err e;

	(void)state;
	assert_int_equal(vaccine_table_check(t, &e), 0);
	assert_true(t->n >= 14);
	assert_int_equal(vaccine_find(t, "HIB")->doses, 4);
	assert_int_equal(vaccine_find(t, "HBV")->doses, 3);
	assert_int_equal(vaccine_find(t, "FLU-B")->cls, VACCINE_CLASS_B);
	assert_string_equal(vaccine_class_name(vaccine_find(t, "PPSV23-B")->cls), "B");
	assert_string_equal(vaccine_class_name(vaccine_find(t, "BCG")->cls), "A");
	assert_null(vaccine_find(t, "XYZ"));
	bad[0] = *vaccine_find(t, "HIB");
	bad[1] = *vaccine_find(t, "HIB");
	assert_int_equal(vaccine_table_check(&bt, &e), -1);	/* duplicate */
	assert_int_equal(e.code, E_CONFIG);
	bad[1] = *vaccine_find(t, "BCG");
	bad[1].doses = VACCINE_MAX_DOSES + 1;
	assert_int_equal(vaccine_table_check(&bt, &e), -1);
	bad[1].doses = 1;
	bad[1].window.max = -5;
	assert_int_equal(vaccine_table_check(&bt, &e), -1);
	bad[1] = *vaccine_find(t, "BCG");
	assert_int_equal(vaccine_table_check(&bt, &e), 0);
}

static void
test_windows(void **state)
{
	static const struct {
		const char *code;
		struct ymd birth, from, until;
	} t[] = {
		{ "MR1", { 2023, 5, 10 }, { 2024, 5, 9 }, { 2025, 5, 9 } },
		{ "HIB", { 2024, 3, 31 }, { 2024, 5, 30 }, { 2029, 3, 30 } },
		{ "HBV", { 2024, 1, 15 }, { 2024, 1, 15 }, { 2025, 1, 14 } },
		{ "BCG", { 2024, 3, 1 }, { 2024, 3, 1 }, { 2025, 2, 28 } },
		{ "ROTA1", { 2024, 1, 1 }, { 2024, 2, 12 }, { 2024, 6, 17 } },
		{ "ROTA5", { 2024, 1, 1 }, { 2024, 2, 12 }, { 2024, 8, 12 } },
		{ "MR2", { 2018, 4, 1 }, { 2023, 4, 1 }, { 2024, 3, 31 } },
		{ "MR2", { 2018, 4, 2 }, { 2024, 4, 1 }, { 2025, 3, 31 } },
		{ "HPV9", { 2012, 4, 1 }, { 2023, 4, 1 }, { 2028, 3, 31 } },
		{ "HPV9", { 2012, 4, 2 }, { 2024, 4, 1 }, { 2029, 3, 31 } },
		{ "JE2", { 2015, 8, 20 }, { 2024, 8, 19 }, { 2028, 8, 19 } },
		{ "PPSV23-B", { 1959, 6, 10 }, { 2024, 6, 9 }, { 2025, 6, 9 } },
		{ "FLU-B", { 1959, 6, 10 }, { 2024, 6, 9 }, { 0, 0, 0 } },
	};
	const struct vaccine_table *vt = vaccine_default_table();
	struct ymd from, until;
	struct err e;
	size_t i;
	char what[48];

	(void)state;
	for (i = 0; i < N(t); i++) {
		assert_int_equal(vaccine_window(vaccine_find(vt, t[i].code),
		    &t[i].birth, &from, &until, &e), 0);
		snprintf(what, sizeof what, "%s case %zu from", t[i].code, i);
		same_day(&from, t[i].from, what);
		snprintf(what, sizeof what, "%s case %zu until", t[i].code, i);
		same_day(&until, t[i].until, what);
	}
}

/* Doses given before their minimum interval are refused (issue 4). */
static void
test_minimum_intervals(void **state)
{
	static const struct {
		const char *code;
		struct ymd birth;
		struct ymd prior[3];
		int nprior;
		struct ymd date;
		int rc;
	} t[] = {
		/* Hib: 27 days → 28 days later */
		{ "HIB", { 2024, 3, 1 }, { { 2024, 6, 3 } }, 1, { 2024, 6, 30 }, -1 },
		{ "HIB", { 2024, 3, 1 }, { { 2024, 6, 3 } }, 1, { 2024, 7, 1 }, 0 },
		/* Hib booster: 7 months after dose 3; 29 Feb 2025 does not exist */
		{ "HIB", { 2024, 3, 1 }, { { 2024, 6, 3 }, { 2024, 7, 1 }, { 2024, 7, 29 } },
		    3, { 2025, 2, 28 }, -1 },
		{ "HIB", { 2024, 3, 1 }, { { 2024, 6, 3 }, { 2024, 7, 1 }, { 2024, 7, 29 } },
		    3, { 2025, 3, 1 }, 0 },
		/* 五種混合: 20 days */
		{ "DPT-IPV-HIB", { 2024, 3, 1 }, { { 2024, 6, 3 } }, 1, { 2024, 6, 23 }, -1 },
		{ "DPT-IPV-HIB", { 2024, 3, 1 }, { { 2024, 6, 3 } }, 1, { 2024, 6, 24 }, 0 },
		/* B型肝炎 dose 3: 139 days from dose 1, not from dose 2 */
		{ "HBV", { 2024, 3, 1 }, { { 2024, 5, 1 }, { 2024, 6, 1 } }, 2,
		    { 2024, 9, 17 }, -1 },
		{ "HBV", { 2024, 3, 1 }, { { 2024, 5, 1 }, { 2024, 6, 1 } }, 2,
		    { 2024, 9, 18 }, 0 },
		/* 水痘: 3 months; 31 April does not exist */
		{ "VAR", { 2023, 1, 10 }, { { 2024, 1, 31 } }, 1, { 2024, 4, 30 }, -1 },
		{ "VAR", { 2023, 1, 10 }, { { 2024, 1, 31 } }, 1, { 2024, 5, 1 }, 0 },
		{ "VAR", { 2023, 1, 10 }, { { 2024, 2, 10 } }, 1, { 2024, 5, 9 }, -1 },
		{ "VAR", { 2023, 1, 10 }, { { 2024, 2, 10 } }, 1, { 2024, 5, 10 }, 0 },
		/* 日本脳炎 1期: 6 days */
		{ "JE1", { 2021, 1, 10 }, { { 2024, 1, 10 } }, 1, { 2024, 1, 16 }, -1 },
		{ "JE1", { 2021, 1, 10 }, { { 2024, 1, 10 } }, 1, { 2024, 1, 17 }, 0 },
		/* 小児用肺炎球菌 booster: 60 days, and routine from 12 months */
		{ "PCV", { 2024, 3, 1 }, { { 2024, 5, 1 }, { 2024, 5, 29 }, { 2024, 6, 26 } },
		    3, { 2024, 8, 25 }, -1 },
		{ "PCV", { 2024, 3, 1 }, { { 2024, 5, 1 }, { 2024, 5, 29 }, { 2024, 6, 26 } },
		    3, { 2024, 8, 26 }, 1 },
		{ "PCV", { 2024, 3, 1 }, { { 2024, 5, 1 }, { 2024, 5, 29 }, { 2024, 6, 26 } },
		    3, { 2025, 2, 28 }, 0 },
		/* HPV: 1 month, then 3 months after dose 2 */
		{ "HPV9", { 2012, 6, 1 }, { { 2024, 5, 31 } }, 1, { 2024, 6, 30 }, -1 },
		{ "HPV9", { 2012, 6, 1 }, { { 2024, 5, 31 } }, 1, { 2024, 7, 1 }, 0 },
		{ "HPV9", { 2012, 6, 1 }, { { 2024, 5, 31 }, { 2024, 7, 1 } }, 2,
		    { 2024, 9, 30 }, -1 },
		{ "HPV9", { 2012, 6, 1 }, { { 2024, 5, 31 }, { 2024, 7, 1 } }, 2,
		    { 2024, 10, 1 }, 0 },
	};
	const struct vaccine_table *vt = vaccine_default_table();
	struct vaccine_dose hist[3], d;
	struct vaccine_person p;
	struct ymd today = { 2025, 12, 31 };
	struct err e;
	size_t i;
	int j, rc;

	(void)state;
	for (i = 0; i < N(t); i++) {
		p.birth = t[i].birth;
		p.sex = 2;
		for (j = 0; j < t[i].nprior; j++)
			hist[j] = dose(t[i].code, j + 1, t[i].prior[j]);
		d = dose(t[i].code, t[i].nprior + 1, t[i].date);
		err_clear(&e);
		rc = vaccine_check_dose(vt, &p, hist, t[i].nprior, &d, &today, &e);
		if (rc != t[i].rc)
			fail_msg("case %zu (%s dose %d): rc %d code %d [%s] %s", i,
			    t[i].code, d.dose_no, rc, e.code, e.field, e.detail);
		if (rc == -1 && (e.code != E_INTERVAL ||
		    strcmp(e.field, "date") != 0))
			fail_msg("case %zu: code %d field %s", i, e.code, e.field);
	}
}

static void
test_order_dates_lot(void **state)
{
	static const struct {
		int change;
		int rc;
		enum err_code code;
		const char *field;
	} t[] = {
		{ 0, 0, E_OK, "" },
		{ 1, -1, E_REQUIRED, "dose_no" },	/* dose 2 without dose 1 */
		{ 2, -1, E_DATE_RANGE, "dose_no" },	/* dose 1 dated later */
		{ 3, -1, E_EXISTS, "dose_no" },		/* dose 1 again */
		{ 4, -1, E_CHOICE, "dose_no" },		/* dose 5 of 4 */
		{ 5, -1, E_CHOICE, "dose_no" },		/* dose 0 */
		{ 6, -1, E_DATE_RANGE, "date" },	/* before birth */
		{ 7, -1, E_DATE_RANGE, "date" },	/* in the future */
		{ 8, -1, E_DATE_INVALID, "date" },
		{ 9, -1, E_CODE_UNKNOWN, "vaccine_code" },
		{ 10, -1, E_LOT_EXPIRED, "lot_expiry" },	/* expired the day before */
		{ 11, 0, E_OK, "" },			/* expires that day */
		{ 12, -1, E_REQUIRED, "lot_no" },
		{ 13, 0, E_OK, "" },			/* 他市町村接種 without lot */
		{ 14, -1, E_DATE_INVALID, "lot_expiry" },
		{ 15, -1, E_LOT_EXPIRED, "lot_expiry" },	/* other municipality too */
	};
	const struct vaccine_table *vt = vaccine_default_table();
	struct vaccine_person p = { { 2024, 3, 1 }, 1 };
	struct vaccine_dose hist[1], d;
	struct ymd today = { 2024, 8, 1 };
	struct err e;
	size_t i;
	int n, rc;

	(void)state;
	for (i = 0; i < N(t); i++) {
		hist[0] = dose("HIB", 1, YMD(2024, 6, 3));
		n = 1;
		d = dose("HIB", 2, YMD(2024, 7, 1));
		d.lot_expiry = YMD(2025, 1, 31);
		switch (t[i].change) {
		case 1: n = 0; break;
		case 2: hist[0].date = YMD(2024, 7, 2); d.date = YMD(2024, 7, 1); break;
		case 3: d.dose_no = 1; break;
		case 4: d.dose_no = 5; break;
		case 5: d.dose_no = 0; break;
		case 6: n = 0; d.dose_no = 1; d.date = YMD(2024, 2, 29); break;
		case 7: d.date = YMD(2024, 8, 2); break;
		case 8: d.date = YMD(2024, 6, 31); break;
		case 9: snprintf(d.code, sizeof d.code, "XYZ"); break;
		case 10: d.lot_expiry = YMD(2024, 6, 30); break;
		case 11: d.lot_expiry = YMD(2024, 7, 1); break;
		case 12: d.lot[0] = '\0'; break;
		case 13: d.lot[0] = '\0'; d.other_municipality = 1; break;
		case 14: d.lot_expiry = YMD(2025, 2, 30); break;
		case 15: d.other_municipality = 1; d.lot_expiry = YMD(2024, 6, 1); break;
		}
		err_clear(&e);
		rc = vaccine_check_dose(vt, &p, hist, n, &d, &today, &e);
		if (rc != t[i].rc || e.code != t[i].code ||
		    strcmp(e.field, t[i].field) != 0)
			fail_msg("change %d: rc %d code %d field [%s]",
			    t[i].change, rc, e.code, e.field);
	}
}

/* Outside the routine window: an alert (1), recorded as 任意接種. */
static void
test_window_alerts(void **state)
{
	static const struct {
		const char *code;
		struct ymd birth;
		int sex;
		struct ymd date;
		int rc;
	} t[] = {
		{ "MR1", { 2023, 5, 10 }, 1, { 2024, 5, 8 }, 1 },
		{ "MR1", { 2023, 5, 10 }, 1, { 2024, 5, 9 }, 0 },	/* eve of 1st birthday */
		{ "MR1", { 2023, 5, 10 }, 1, { 2025, 5, 9 }, 0 },
		{ "MR1", { 2023, 5, 10 }, 1, { 2025, 5, 10 }, 1 },
		{ "ROTA1", { 2024, 1, 1 }, 2, { 2024, 2, 11 }, 1 },
		{ "ROTA1", { 2024, 1, 1 }, 2, { 2024, 2, 12 }, 0 },	/* 6週0日後 */
		{ "ROTA1", { 2024, 1, 1 }, 2, { 2024, 6, 17 }, 0 },	/* 24週0日後 */
		{ "ROTA1", { 2024, 1, 1 }, 2, { 2024, 6, 18 }, 1 },
		{ "HPV9", { 2012, 4, 1 }, 2, { 2023, 4, 1 }, 0 },
		{ "HPV9", { 2012, 4, 1 }, 2, { 2023, 3, 31 }, 1 },	/* 小学5年 */
		{ "HPV9", { 2012, 4, 1 }, 1, { 2023, 4, 1 }, 1 },	/* not routine for boys */
		{ "PPSV23-B", { 1959, 6, 10 }, 1, { 2024, 6, 8 }, 1 },
		{ "PPSV23-B", { 1959, 6, 10 }, 1, { 2024, 6, 9 }, 0 },
		{ "PPSV23-B", { 1959, 6, 10 }, 1, { 2025, 6, 10 }, 1 },
		{ "FLU-B", { 1959, 6, 10 }, 1, { 2040, 11, 1 }, 0 },	/* no upper limit */
	};
	const struct vaccine_table *vt = vaccine_default_table();
	struct vaccine_person p;
	struct vaccine_dose d;
	struct ymd today = { 2041, 1, 1 };
	struct err e;
	size_t i;
	int rc;

	(void)state;
	for (i = 0; i < N(t); i++) {
		p.birth = t[i].birth;
		p.sex = t[i].sex;
		d = dose(t[i].code, 1, t[i].date);
		err_clear(&e);
		rc = vaccine_check_dose(vt, &p, NULL, 0, &d, &today, &e);
		if (rc != t[i].rc)
			fail_msg("case %zu (%s): rc %d code %d %s", i, t[i].code,
			    rc, e.code, e.detail);
		if (rc == 1 && (e.code != E_VACCINE_WINDOW ||
		    strstr(e.detail, "任意接種") == NULL))
			fail_msg("case %zu: alert code %d", i, e.code);
	}
}

static void
test_annual_influenza(void **state)
{
	const struct vaccine_table *vt = vaccine_default_table();
	struct vaccine_person p = { { 1950, 1, 1 }, 2 };
	struct vaccine_dose hist[1], d;
	struct ymd today = { 2025, 12, 31 };
	struct err e;

	(void)state;
	hist[0] = dose("FLU-B", 1, YMD(2023, 11, 1));
	d = dose("FLU-B", 1, YMD(2024, 11, 1));
	assert_int_equal(vaccine_check_dose(vt, &p, hist, 1, &d, &today, &e), 0);
	hist[0] = dose("FLU-B", 1, YMD(2024, 10, 15));
	assert_int_equal(vaccine_check_dose(vt, &p, hist, 1, &d, &today, &e), -1);
	assert_int_equal(e.code, E_EXISTS);
	assert_string_equal(e.field, "date");
	hist[0] = dose("FLU-B", 1, YMD(2025, 3, 31));	/* FY2024 */
	d = dose("FLU-B", 1, YMD(2025, 4, 1));		/* FY2025 */
	assert_int_equal(vaccine_check_dose(vt, &p, hist, 1, &d, &today, &e), 0);
	d.dose_no = 2;
	assert_int_equal(vaccine_check_dose(vt, &p, hist, 1, &d, &today, &e), -1);
	assert_int_equal(e.code, E_CHOICE);
}

static const struct vaccine_due *
find_due(const struct vaccine_due *out, int n, const char *code)
{
	int i;

	for (i = 0; i < n; i++)
		if (strcmp(out[i].type->code, code) == 0)
			return &out[i];
	return NULL;
}

static void
due_is(const struct vaccine_due *out, int n, const char *code, int dose_no,
    int status)
{
	const struct vaccine_due *d = find_due(out, n, code);

	if (status < 0) {
		if (d != NULL)
			fail_msg("%s listed (dose %d, %s)", code, d->dose_no,
			    vaccine_due_status_name(d->status));
		return;
	}
	if (d == NULL)
		fail_msg("%s not listed", code);
	if (d->dose_no != dose_no || (int)d->status != status)
		fail_msg("%s: dose %d %s, expected dose %d %s", code, d->dose_no,
		    vaccine_due_status_name(d->status), dose_no,
		    vaccine_due_status_name((enum vaccine_due_status)status));
}

#define NOT_LISTED (-1)

static void
test_due_infant(void **state)
{
	const struct vaccine_table *vt = vaccine_default_table();
	struct vaccine_person p = { { 2024, 4, 10 }, 1 };
	struct vaccine_dose hist[2];
	struct vaccine_due out[32];
	struct err e;
	int n;

	(void)state;
	hist[0] = dose("HIB", 1, YMD(2024, 6, 10));
	assert_int_equal(vaccine_due_list(vt, &p, hist, 1, &YMD(2024, 7, 1), NULL,
	    out, 32, &n, &e), 0);
	assert_int_equal(n, 7);
	due_is(out, n, "HIB", 2, NOT_LISTED);	/* 28 days: from 2024-07-08 */
	due_is(out, n, "PCV", 1, VACCINE_DUE);
	due_is(out, n, "HBV", 1, VACCINE_DUE);
	due_is(out, n, "ROTA1", 1, VACCINE_DUE);
	due_is(out, n, "BCG", 1, VACCINE_DUE);
	due_is(out, n, "DPT-IPV-HIB", 1, VACCINE_DUE);
	due_is(out, n, "MR1", 1, NOT_LISTED);
	due_is(out, n, "HPV9", 1, NOT_LISTED);

	assert_int_equal(vaccine_due_list(vt, &p, hist, 1, &YMD(2024, 7, 8), NULL,
	    out, 32, &n, &e), 0);
	due_is(out, n, "HIB", 2, VACCINE_DUE);
	same_day(&find_due(out, n, "HIB")->from, YMD(2024, 7, 8), "HIB from");
	same_day(&find_due(out, n, "HIB")->until, YMD(2029, 4, 9), "HIB until");

	/* ROTA1 closes 2024-09-25: closing within 30 days, then overdue. */
	assert_int_equal(vaccine_due_list(vt, &p, hist, 1, &YMD(2024, 9, 1), NULL,
	    out, 32, &n, &e), 0);
	due_is(out, n, "ROTA1", 1, VACCINE_DUE_CLOSING);
	due_is(out, n, "ROTA5", 1, VACCINE_DUE);
	assert_int_equal(vaccine_due_list(vt, &p, hist, 1, &YMD(2024, 10, 1), NULL,
	    out, 32, &n, &e), 0);
	due_is(out, n, "ROTA1", 1, VACCINE_OVERDUE);

	/* Started late: dose 2 cannot be given before the window closes. */
	hist[1] = dose("ROTA1", 1, YMD(2024, 9, 20));
	assert_int_equal(vaccine_due_list(vt, &p, hist, 2, &YMD(2024, 9, 22), NULL,
	    out, 32, &n, &e), 0);
	due_is(out, n, "ROTA1", 2, VACCINE_OVERDUE);

	/* BCG closed 2025-04-09: listed as overdue for a year, then dropped. */
	assert_int_equal(vaccine_due_list(vt, &p, hist, 1, &YMD(2026, 4, 9), NULL,
	    out, 32, &n, &e), 0);
	due_is(out, n, "BCG", 1, VACCINE_OVERDUE);
	assert_int_equal(vaccine_due_list(vt, &p, hist, 1, &YMD(2026, 4, 10), NULL,
	    out, 32, &n, &e), 0);
	due_is(out, n, "BCG", 1, NOT_LISTED);
	assert_int_equal(vaccine_due_list(vt, &p, hist, 1, &YMD(2026, 4, 10),
	    &(struct vaccine_due_opts){ 30, 1000 }, out, 32, &n, &e), 0);
	due_is(out, n, "BCG", 1, VACCINE_OVERDUE);
}

static void
test_due_preschool_and_elderly(void **state)
{
	const struct vaccine_table *vt = vaccine_default_table();
	struct vaccine_person kid = { { 2018, 4, 2 }, 2 };
	struct vaccine_person old = { { 1959, 6, 10 }, 2 };
	struct vaccine_dose hist[1];
	struct vaccine_due out[32];
	struct err e;
	int n;

	(void)state;
	hist[0] = dose("MR1", 1, YMD(2019, 4, 10));
	assert_int_equal(vaccine_due_list(vt, &kid, hist, 1, &YMD(2024, 3, 31),
	    NULL, out, 32, &n, &e), 0);
	due_is(out, n, "MR2", 1, NOT_LISTED);	/* 年中: not yet */
	assert_int_equal(vaccine_due_list(vt, &kid, hist, 1, &YMD(2024, 5, 1),
	    NULL, out, 32, &n, &e), 0);
	due_is(out, n, "MR2", 1, VACCINE_DUE);
	due_is(out, n, "MR1", 1, NOT_LISTED);	/* given */
	assert_int_equal(vaccine_due_list(vt, &kid, hist, 1, &YMD(2025, 3, 10),
	    NULL, out, 32, &n, &e), 0);
	due_is(out, n, "MR2", 1, VACCINE_DUE_CLOSING);
	assert_int_equal(vaccine_due_list(vt, &kid, hist, 1, &YMD(2025, 4, 1),
	    NULL, out, 32, &n, &e), 0);
	due_is(out, n, "MR2", 1, VACCINE_OVERDUE);

	assert_int_equal(vaccine_due_list(vt, &old, NULL, 0, &YMD(2024, 11, 1),
	    NULL, out, 32, &n, &e), 0);
	assert_int_equal(n, 2);
	due_is(out, n, "FLU-B", 1, VACCINE_DUE);
	due_is(out, n, "PPSV23-B", 1, VACCINE_DUE);
	hist[0] = dose("FLU-B", 1, YMD(2024, 10, 20));
	assert_int_equal(vaccine_due_list(vt, &old, hist, 1, &YMD(2025, 3, 31),
	    NULL, out, 32, &n, &e), 0);
	assert_int_equal(n, 1);		/* influenza given this fiscal year */
	due_is(out, n, "PPSV23-B", 1, VACCINE_DUE);
	/* From April the influenza dose is due again (FY2025). */
	assert_int_equal(vaccine_due_list(vt, &old, hist, 1, &YMD(2025, 5, 20),
	    NULL, out, 32, &n, &e), 0);
	assert_int_equal(n, 2);
	due_is(out, n, "FLU-B", 1, VACCINE_DUE);
	due_is(out, n, "PPSV23-B", 1, VACCINE_DUE_CLOSING);	/* until 2025-06-09 */
	/* A short buffer: the count is complete, the entries cut. */
	memset(out, 0, sizeof out);
	assert_int_equal(vaccine_due_list(vt, &old, NULL, 0, &YMD(2024, 11, 1),
	    NULL, out, 1, &n, &e), 0);
	assert_int_equal(n, 2);
	assert_string_equal(out[0].type->code, "FLU-B");
	assert_null(out[1].type);
	assert_int_equal(vaccine_due_list(vt, &old, NULL, 0, &YMD(2024, 11, 31),
	    NULL, out, 1, &n, &e), -1);
	assert_int_equal(e.code, E_DATE_INVALID);
}

/* 27 days between doses: the next dose falls four weeks later, on the
 * same weekday, whatever the month lengths (every start day of 2024). */
static void
test_interval_four_weeks(void **state)
{
	const struct vaccine_table *vt = vaccine_default_table();
	struct vaccine_person p = { { 2023, 12, 1 }, 2 };
	struct vaccine_dose hist[1], d;
	struct ymd first = { 2024, 2, 1 }, day, next;
	struct ymd today = { 2026, 1, 1 };
	struct err e;
	int i;

	(void)state;
	for (i = 0; i < 366; i++) {
		ymd_from_days(ymd_to_days(&first) + i, &day);
		hist[0] = dose("PCV", 1, day);
		ymd_from_days(ymd_to_days(&day) + 28, &next);
		d = dose("PCV", 2, next);
		assert_int_equal((ymd_to_days(&d.date) - ymd_to_days(&day)) % 7, 0);
		assert_true(vaccine_check_dose(vt, &p, hist, 1, &d, &today, &e) >= 0);
		ymd_from_days(ymd_to_days(&d.date) - 1, &d.date);
		assert_int_equal(vaccine_check_dose(vt, &p, hist, 1, &d, &today, &e), -1);
	}
}

/* The due list and the dose check agree: a dose on an entry's first day
 * is accepted (possibly as an alert), and for a dose after dose 1 the day
 * before is refused by the interval. */
static void
test_due_and_check_agree(void **state)
{
	const struct vaccine_table *vt = vaccine_default_table();
	struct vaccine_person p = { { 2024, 1, 31 }, 2 };
	struct vaccine_dose hist[16], d, early;
	struct vaccine_due out[32];
	struct ymd ref = { 2024, 3, 1 }, today = { 2030, 1, 1 };
	struct err e;
	int n = 0, i, count, rc;

	(void)state;
	/* Give every due dose on its first day, month by month, for 3 years. */
	while (ymd_cmp(&ref, &YMD(2027, 3, 1)) < 0) {
		assert_int_equal(vaccine_due_list(vt, &p, hist, n, &ref, NULL, out,
		    32, &count, &e), 0);
		for (i = 0; i < count && n < 16; i++) {
			if (out[i].status == VACCINE_OVERDUE)
				continue;
			d = dose(out[i].type->code, out[i].dose_no, out[i].from);
			rc = vaccine_check_dose(vt, &p, hist, n, &d, &today, &e);
			if (rc == -1)
				fail_msg("%s dose %d on its first day: %s",
				    d.code, d.dose_no, e.detail);
			/* The day before is refused (interval, birth) or
			 * alerted (window, minimum age), never plain 0. */
			early = d;
			ymd_from_days(ymd_to_days(&d.date) - 1, &early.date);
			if (vaccine_check_dose(vt, &p, hist, n, &early, &today,
			    &e) == 0)
				fail_msg("%s dose %d accepted a day early",
				    d.code, d.dose_no);
			hist[n++] = d;
		}
		ymd_add_months(&ref, 1, &ref);
	}
	assert_true(n >= 12);
}

static void
test_due_status_names(void **state)
{
	(void)state;
	assert_string_equal(vaccine_due_status_name(VACCINE_DUE), "due");
	assert_string_equal(vaccine_due_status_name(VACCINE_DUE_CLOSING), "closing");
	assert_string_equal(vaccine_due_status_name(VACCINE_OVERDUE), "overdue");
	assert_string_equal(vaccine_due_status_name(VACCINE_DUE_N), "?");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_default_table),
		cmocka_unit_test(test_windows),
		cmocka_unit_test(test_minimum_intervals),
		cmocka_unit_test(test_order_dates_lot),
		cmocka_unit_test(test_window_alerts),
		cmocka_unit_test(test_annual_influenza),
		cmocka_unit_test(test_due_infant),
		cmocka_unit_test(test_due_preschool_and_elderly),
		cmocka_unit_test(test_interval_four_weeks),
		cmocka_unit_test(test_due_and_check_agree),
		cmocka_unit_test(test_due_status_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
