/*
 * Vaccination (予防接種) rules: the routine schedule as data, the logic
 * checks on a dose record and the due/overdue list (see vaccine.h for the
 * date conventions).  The default table follows 予防接種法施行令 and the
 * 定期接種実施要領 as of 2024-10 in the parts it models: the routine age
 * window, the dose count and each dose's minimum interval and age.  Not
 * modelled: the 標準的な接種期間, the shortened series for a late start
 * (Hib, 小児用肺炎球菌), the end of the initial series at 12 or 24
 * months, the 60-64 year olds with disabilities (B類), and the city's
 * influenza season; a city edits the table or handles those by hand.
 */
#include <stdio.h>
#include <string.h>

#include "vaccine.h"

#define D(n)	{ (n), VACCINE_DAYS, 0, 0 }
#define M(n)	{ (n), VACCINE_MONTHS, 0, 0 }
#define WM(a, b)	{ VACCINE_MONTHS, (a), (b) }

static const struct vaccine_type defaults[] = {
	/* 生後2月〜60月; 初回3回 27日以上, 追加 初回終了後7月以上 */
	{ "HIB", "Hib (ヒブ)", VACCINE_CLASS_A, 4, WM(2, 60), 0, 0,
	    { D(0), D(27), D(27), M(7) } },
	/* 生後2月〜60月; 初回3回 27日以上, 追加 60日以上かつ生後12月以降 */
	{ "PCV", "小児用肺炎球菌", VACCINE_CLASS_A, 4, WM(2, 60), 0, 0,
	    { D(0), D(27), D(27), { 60, VACCINE_DAYS, 0, 12 } } },
	/* 1歳に至るまで; 27日以上で2回, 3回目は1回目から139日以上 */
	{ "HBV", "B型肝炎", VACCINE_CLASS_A, 3, WM(0, 12), 0, 0,
	    { D(0), D(27), { 139, VACCINE_DAYS, 1, 0 } } },
	/* 出生6週0日後〜24週0日後; 27日以上 */
	{ "ROTA1", "ロタウイルス (1価)", VACCINE_CLASS_A, 2,
	    { VACCINE_DAYS, 42, 168 }, 0, 0, { D(0), D(27) } },
	/* 出生6週0日後〜32週0日後; 27日以上 */
	{ "ROTA5", "ロタウイルス (5価)", VACCINE_CLASS_A, 3,
	    { VACCINE_DAYS, 42, 224 }, 0, 0, { D(0), D(27), D(27) } },
	/* 生後2月〜90月; 1期初回3回 20日以上, 追加 初回終了後6月以上 */
	{ "DPT-IPV-HIB", "五種混合 (DPT-IPV-Hib)", VACCINE_CLASS_A, 4,
	    WM(2, 90), 0, 0, { D(0), D(20), D(20), M(6) } },
	{ "DPT-IPV", "四種混合 (DPT-IPV)", VACCINE_CLASS_A, 4, WM(2, 90), 0, 0,
	    { D(0), D(20), D(20), M(6) } },
	/* 1歳に至るまで */
	{ "BCG", "BCG", VACCINE_CLASS_A, 1, WM(0, 12), 0, 0, { D(0) } },
	/* 1期 生後12月〜24月 */
	{ "MR1", "麻しん風しん (MR) 1期", VACCINE_CLASS_A, 1, WM(12, 24), 0, 0,
	    { D(0) } },
	/* 2期 小学校就学前の1年間 (年度末に6歳) */
	{ "MR2", "麻しん風しん (MR) 2期", VACCINE_CLASS_A, 1,
	    { VACCINE_FY_AGE, 6, 6 }, 0, 0, { D(0) } },
	/* 生後12月〜36月; 3月以上 */
	{ "VAR", "水痘", VACCINE_CLASS_A, 2, WM(12, 36), 0, 0, { D(0), M(3) } },
	/* 1期 生後6月〜90月; 初回2回 6日以上, 追加 初回終了後6月以上 */
	{ "JE1", "日本脳炎 1期", VACCINE_CLASS_A, 3, WM(6, 90), 0, 0,
	    { D(0), D(6), M(6) } },
	/* 2期 9歳以上13歳未満 */
	{ "JE2", "日本脳炎 2期", VACCINE_CLASS_A, 1, WM(108, 156), 0, 0,
	    { D(0) } },
	/* 小学校6年〜高校1年相当の女子; 9価: 1月以上, 2回目から3月以上 */
	{ "HPV9", "HPV (9価)", VACCINE_CLASS_A, 3, { VACCINE_FY_AGE, 12, 16 },
	    0, 1, { D(0), M(1), M(3) } },
	/* B類: 65歳以上, 毎年度1回 */
	{ "FLU-B", "高齢者インフルエンザ", VACCINE_CLASS_B, 1,
	    WM(780, VACCINE_OPEN), 1, 0, { D(0) } },
	/* B類: 65歳の者 (from 2024-04), 1回 */
	{ "PPSV23-B", "高齢者肺炎球菌", VACCINE_CLASS_B, 1, WM(780, 792), 0, 0,
	    { D(0) } },
};

static const struct vaccine_table default_table = {
	defaults, (int)(sizeof defaults / sizeof defaults[0])
};

const struct vaccine_table *
vaccine_default_table(void)
{
	return &default_table;
}

const struct vaccine_type *
vaccine_find(const struct vaccine_table *t, const char *code)
{
	int i;

	if (code == NULL)
		return NULL;
	for (i = 0; i < t->n; i++)
		if (strcmp(t->types[i].code, code) == 0)
			return &t->types[i];
	return NULL;
}

const char *
vaccine_class_name(enum vaccine_class c)
{
	return c == VACCINE_CLASS_A ? "A" : c == VACCINE_CLASS_B ? "B" : "?";
}

int
vaccine_table_check(const struct vaccine_table *t, struct err *e)
{
	int i, j;

	for (i = 0; i < t->n; i++) {
		const struct vaccine_type *v = &t->types[i];

		if (v->code == NULL || v->code[0] == '\0' ||
		    strlen(v->code) >= sizeof ((struct vaccine_dose *)0)->code)
			return err_set(e, E_CONFIG, "vaccine_code",
			    "entry %d: bad code", i + 1);
		if (vaccine_find(t, v->code) != v)
			return err_set(e, E_CONFIG, "vaccine_code",
			    "%s listed twice", v->code);
		if (v->cls != VACCINE_CLASS_A && v->cls != VACCINE_CLASS_B)
			return err_set(e, E_CONFIG, "class", "%s: class", v->code);
		if (v->doses < 1 || v->doses > VACCINE_MAX_DOSES ||
		    (v->annual && v->doses != 1))
			return err_set(e, E_CONFIG, "doses", "%s: doses", v->code);
		if (v->window.min < 0 || (v->window.max != VACCINE_OPEN &&
		    v->window.max < v->window.min) ||
		    (v->window.unit == VACCINE_FY_AGE && v->window.max == VACCINE_OPEN))
			return err_set(e, E_CONFIG, "window", "%s: window", v->code);
		for (j = 0; j < v->doses; j++) {
			const struct vaccine_dose_rule *r = &v->dose[j];

			if (r->interval < 0 || r->min_age_months < 0 ||
			    r->from_dose < 0 || r->from_dose > j ||
			    r->interval_unit == VACCINE_FY_AGE)
				return err_set(e, E_CONFIG, "dose",
				    "%s: dose %d", v->code, j + 1);
		}
	}
	return 0;
}

static long
days_of(const struct ymd *d)
{
	return ymd_to_days(d);
}

static void
add_days(const struct ymd *d, long n, struct ymd *out)
{
	ymd_from_days(ymd_to_days(d) + n, out);
}

/* The day an age of n months is reached: the eve's date n months on. */
static void
age_reached(const struct ymd *birth, int months, struct ymd *out)
{
	struct ymd eve;

	add_days(birth, -1, &eve);
	ymd_add_months(&eve, months, out);
	if (ymd_cmp(out, birth) < 0)
		*out = *birth;
}

static int
fiscal_year(const struct ymd *d)
{
	return d->m >= 4 ? d->y : d->y - 1;
}

/* The age reached by 31 March of fiscal year fy. */
static int
fy_age(const struct ymd *birth, int fy)
{
	struct ymd apr1 = { fy + 1, 4, 1 };

	return ymd_age(birth, &apr1);
}

int
vaccine_window(const struct vaccine_type *v, const struct ymd *birth,
    struct ymd *from, struct ymd *until, struct err *e)
{
	const struct vaccine_window *w = &v->window;
	int fy;

	if (!ymd_valid(birth))
		return err_set(e, E_DATE_INVALID, "birth_date", NULL);
	memset(until, 0, sizeof *until);
	switch (w->unit) {
	case VACCINE_DAYS:
		add_days(birth, w->min, from);
		if (w->max != VACCINE_OPEN)
			add_days(birth, w->max, until);
		break;
	case VACCINE_MONTHS:
		age_reached(birth, w->min, from);
		if (w->max != VACCINE_OPEN)
			age_reached(birth, w->max, until);
		break;
	case VACCINE_FY_AGE:
		fy = birth->y + w->min - 1;
		while (fy_age(birth, fy) < w->min)
			fy++;
		while (fy_age(birth, fy - 1) >= w->min)
			fy--;
		*from = (struct ymd){ fy, 4, 1 };
		*until = (struct ymd){ fy + (w->max - w->min) + 1, 3, 31 };
		if (ymd_cmp(from, birth) < 0)
			*from = *birth;
		break;
	default:
		return err_set(e, E_CONFIG, "window", "%s: unit", v->code);
	}
	return 0;
}

/* The earliest day after dose date prev that keeps the interval. */
static void
interval_end(const struct ymd *prev, const struct vaccine_dose_rule *r,
    struct ymd *out)
{
	if (r->interval_unit == VACCINE_MONTHS) {
		ymd_add_months(prev, r->interval, out);
		if (out->d != prev->d)	/* no such day: the 1st of the next month */
			add_days(out, 1, out);
	} else {
		add_days(prev, r->interval + 1, out);
	}
}

/* The recorded dose_no of code, or NULL. */
static const struct vaccine_dose *
find_dose(const struct vaccine_dose *hist, int n, const char *code, int dose_no)
{
	int i;

	for (i = 0; i < n; i++)
		if (hist[i].dose_no == dose_no && strcmp(hist[i].code, code) == 0)
			return &hist[i];
	return NULL;
}

/* A dose of annual vaccine code in fiscal year fy, or NULL. */
static const struct vaccine_dose *
find_in_fy(const struct vaccine_dose *hist, int n, const char *code, int fy)
{
	int i;

	for (i = 0; i < n; i++)
		if (strcmp(hist[i].code, code) == 0 &&
		    fiscal_year(&hist[i].date) == fy)
			return &hist[i];
	return NULL;
}

/*
 * The earliest day for dose k (1-based) of v given the history: the
 * dose's minimum age and interval (the window is applied by the caller).
 * Returns -1 when the dose the interval counts from is not recorded.
 */
static int
dose_earliest(const struct vaccine_type *v, const struct ymd *birth,
    const struct vaccine_dose *hist, int n, int k, struct ymd *out,
    int *from_dose)
{
	const struct vaccine_dose_rule *r = &v->dose[k - 1];
	const struct vaccine_dose *prev;
	struct ymd t;

	*out = *birth;
	*from_dose = 0;
	if (r->min_age_months > 0)
		age_reached(birth, r->min_age_months, out);
	if (k == 1 || r->interval == 0)
		return 0;
	*from_dose = r->from_dose ? r->from_dose : k - 1;
	if ((prev = find_dose(hist, n, v->code, *from_dose)) == NULL)
		return -1;
	interval_end(&prev->date, r, &t);
	if (ymd_cmp(&t, out) > 0)
		*out = t;
	return 0;
}

static int
check_order(const struct vaccine_type *v, const struct vaccine_dose *hist,
    int n, const struct vaccine_dose *d, struct err *e)
{
	const struct vaccine_dose *prev;

	if (d->dose_no < 1 || d->dose_no > v->doses)
		return err_set(e, E_CHOICE, "dose_no", "%s has %d dose(s)",
		    v->code, v->doses);
	if (v->annual) {
		if (find_in_fy(hist, n, v->code, fiscal_year(&d->date)) != NULL)
			return err_set(e, E_EXISTS, "date",
			    "%s is given once per fiscal year", v->code);
		return 0;
	}
	if (find_dose(hist, n, v->code, d->dose_no) != NULL)
		return err_set(e, E_EXISTS, "dose_no", "dose %d of %s is recorded",
		    d->dose_no, v->code);
	if (d->dose_no == 1)
		return 0;
	if ((prev = find_dose(hist, n, v->code, d->dose_no - 1)) == NULL)
		return err_set(e, E_REQUIRED, "dose_no",
		    "dose %d of %s must be recorded first", d->dose_no - 1,
		    v->code);
	if (ymd_cmp(&prev->date, &d->date) >= 0)
		return err_set(e, E_DATE_RANGE, "dose_no",
		    "dose %d of %s is not dated before this dose",
		    d->dose_no - 1, v->code);
	return 0;
}

int
vaccine_check_dose(const struct vaccine_table *t,
    const struct vaccine_person *p, const struct vaccine_dose *hist, int n,
    const struct vaccine_dose *d, const struct ymd *today, struct err *e)
{
	const struct vaccine_type *v;
	const struct vaccine_dose_rule *r;
	const struct vaccine_dose *prev;
	struct ymd earliest, wf, wu;
	int from_dose;

	if ((v = vaccine_find(t, d->code)) == NULL)
		return err_set(e, E_CODE_UNKNOWN, "vaccine_code", NULL);
	if (!ymd_valid(&p->birth))
		return err_set(e, E_DATE_INVALID, "birth_date", NULL);
	if (!ymd_valid(&d->date))
		return err_set(e, E_DATE_INVALID, "date", NULL);
	if (ymd_cmp(&d->date, &p->birth) < 0)
		return err_set(e, E_DATE_RANGE, "date", "before the date of birth");
	if (ymd_cmp(&d->date, today) > 0)
		return err_set(e, E_DATE_RANGE, "date", "in the future");
	if (check_order(v, hist, n, d, e) == -1)
		return -1;
	r = &v->dose[d->dose_no - 1];
	if (!v->annual && d->dose_no > 1 && r->interval > 0) {
		from_dose = r->from_dose ? r->from_dose : d->dose_no - 1;
		if ((prev = find_dose(hist, n, v->code, from_dose)) == NULL)
			return err_set(e, E_REQUIRED, "dose_no",
			    "dose %d of %s must be recorded first", from_dose,
			    v->code);
		interval_end(&prev->date, r, &earliest);
		if (ymd_cmp(&d->date, &earliest) < 0)
			return err_set(e, E_INTERVAL, "date",
			    "dose %d of %s needs at least %d %s after dose %d",
			    d->dose_no, v->code, r->interval,
			    r->interval_unit == VACCINE_MONTHS ? "months" : "days",
			    from_dose);
	}
	if (d->lot[0] == '\0' && !d->other_municipality)
		return err_set(e, E_REQUIRED, "lot_no", NULL);
	if (d->lot_expiry.y != 0) {
		if (!ymd_valid(&d->lot_expiry))
			return err_set(e, E_DATE_INVALID, "lot_expiry", NULL);
		if (ymd_cmp(&d->lot_expiry, &d->date) < 0)
			return err_set(e, E_LOT_EXPIRED, "lot_expiry",
			    "the lot had expired on the vaccination date");
	}
	if (vaccine_window(v, &p->birth, &wf, &wu, e) == -1)
		return -1;
	/* Alerts last: everything else is right, only the routine is not. */
	if (v->female_only && p->sex != 2) {
		err_set(e, E_VACCINE_WINDOW, "date", "%s is routine for women only: "
		    "record as voluntary (任意接種)", v->code);
		return 1;
	}
	if (ymd_cmp(&d->date, &wf) < 0 || (wu.y != 0 && ymd_cmp(&d->date, &wu) > 0)) {
		err_set(e, E_VACCINE_WINDOW, "date", "outside the routine age window "
		    "of %s: record as voluntary (任意接種)", v->code);
		return 1;
	}
	if (r->min_age_months > 0) {
		age_reached(&p->birth, r->min_age_months, &earliest);
		if (ymd_cmp(&d->date, &earliest) < 0) {
			err_set(e, E_VACCINE_WINDOW, "date", "dose %d of %s is routine "
			    "from %d months of age: record as voluntary (任意接種)",
			    d->dose_no, v->code, r->min_age_months);
			return 1;
		}
	}
	return 0;
}

static const char *const due_names[VACCINE_DUE_N] = {
	"due", "closing", "overdue"
};

const char *
vaccine_due_status_name(enum vaccine_due_status s)
{
	return (s >= 0 && s < VACCINE_DUE_N) ? due_names[s] : "?";
}

/* The next dose of v to give (1-based), or 0 when the series is done. */
static int
next_dose(const struct vaccine_type *v, const struct vaccine_dose *hist, int n,
    const struct ymd *ref)
{
	int k;

	if (v->annual)
		return find_in_fy(hist, n, v->code, fiscal_year(ref)) ? 0 : 1;
	for (k = 1; k <= v->doses; k++)
		if (find_dose(hist, n, v->code, k) == NULL)
			return k;
	return 0;
}

int
vaccine_due_list(const struct vaccine_table *t, const struct vaccine_person *p,
    const struct vaccine_dose *hist, int n, const struct ymd *ref,
    const struct vaccine_due_opts *opts, struct vaccine_due *out, int max,
    int *count, struct err *e)
{
	struct vaccine_due_opts o = { 30, 365 };
	struct vaccine_due due;
	struct ymd wf, wu, earliest;
	int i, k, from_dose;

	if (opts != NULL)
		o = *opts;
	if (!ymd_valid(ref))
		return err_set(e, E_DATE_INVALID, "reference_date", NULL);
	if (!ymd_valid(&p->birth))
		return err_set(e, E_DATE_INVALID, "birth_date", NULL);
	*count = 0;
	for (i = 0; i < t->n; i++) {
		const struct vaccine_type *v = &t->types[i];

		if (v->female_only && p->sex != 2)
			continue;
		if ((k = next_dose(v, hist, n, ref)) == 0)
			continue;
		if (vaccine_window(v, &p->birth, &wf, &wu, e) == -1)
			return -1;
		if (dose_earliest(v, &p->birth, hist, n, k, &earliest,
		    &from_dose) == -1)
			continue;	/* an earlier dose is missing: not schedulable */
		if (ymd_cmp(&earliest, &wf) < 0)
			earliest = wf;
		memset(&due, 0, sizeof due);
		due.type = v;
		due.dose_no = k;
		due.from = earliest;
		due.until = wu;
		if (wu.y != 0 && (ymd_cmp(ref, &wu) > 0 ||
		    ymd_cmp(&earliest, &wu) > 0)) {
			/* Closed, or closes before the interval allows the dose. */
			if (days_of(ref) - days_of(&wu) > o.overdue_days)
				continue;
			due.status = VACCINE_OVERDUE;
		} else if (ymd_cmp(ref, &earliest) < 0) {
			continue;	/* not yet */
		} else if (wu.y != 0 && days_of(&wu) - days_of(ref) <= o.closing_days) {
			due.status = VACCINE_DUE_CLOSING;
		} else {
			due.status = VACCINE_DUE;
		}
		if (*count < max)
			out[*count] = due;
		(*count)++;
	}
	return 0;
}
