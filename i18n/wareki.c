/*
 * Calendar arithmetic on proleptic Gregorian dates and the Japanese era
 * calendar (和暦).  The parser accepts what clerks type from paper forms
 * (R6.4.1, 令和6年4月1日, S45/3/1, 20240401, 5060401 ...) after NFKC, so
 * full-width digits, letters and punctuation and ㋿/㍻ work as well.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <utf8proc.h>

#include "clock.h"
#include "err.h"
#include "kana.h"
#include "wareki.h"

#define NERA		5
#define YEAR_MIN	1873	/* Gregorian calendar adopted: 明治6年1月1日 */
#define YEAR_MAX	9999

static const struct {
	const char	*name;		/* 令和 */
	const char	*abbr;		/* 令 */
	const char	*letter;	/* R */
	struct ymd	 start;		/* first day (明治: its Gregorian date) */
} eras[NERA] = {
	{ "明治", "明", "M", { 1868, 1, 25 } },
	{ "大正", "大", "T", { 1912, 7, 30 } },
	{ "昭和", "昭", "S", { 1926, 12, 25 } },
	{ "平成", "平", "H", { 1989, 1, 8 } },
	{ "令和", "令", "R", { 2019, 5, 1 } },
};

static const struct ymd first_day = { YEAR_MIN, 1, 1 };

int
ymd_days_in_month(int y, int m)
{
	static const int dim[12] = {
		31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
	};
	int leap;

	if (m < 1 || m > 12)
		return 0;
	leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return dim[m - 1] + (m == 2 && leap);
}

/* Years 1..9999 only: the range ISO 8601 and the database can hold. */
int
ymd_valid(const struct ymd *d)
{
	return d->y >= 1 && d->y <= YEAR_MAX && d->m >= 1 && d->m <= 12 &&
	    d->d >= 1 && d->d <= ymd_days_in_month(d->y, d->m);
}

int
ymd_from_iso(const char *s, struct ymd *out)
{
	struct ymd d;
	int i;

	for (i = 0; i < 10; i++) {
		if (i == 4 || i == 7) {
			if (s[i] != '-')
				return -1;
		} else if (!isdigit((unsigned char)s[i]))
			return -1;
	}
	if (s[10] != '\0')
		return -1;
	d.y = atoi(s);
	d.m = atoi(s + 5);
	d.d = atoi(s + 8);
	if (!ymd_valid(&d))
		return -1;
	*out = d;
	return 0;
}

/* Out-of-range parts are clamped so the result is always 10 characters. */
void
ymd_to_iso(const struct ymd *d, char out[11])
{
	int y = d->y < 0 ? 0 : d->y > 9999 ? 9999 : d->y;
	int m = d->m < 0 ? 0 : d->m > 99 ? 99 : d->m;
	int dd = d->d < 0 ? 0 : d->d > 99 ? 99 : d->d;

	snprintf(out, 11, "%04d-%02d-%02d", y % 10000, m % 100, dd % 100);
}

int
ymd_cmp(const struct ymd *a, const struct ymd *b)
{
	if (a->y != b->y)
		return a->y < b->y ? -1 : 1;
	if (a->m != b->m)
		return a->m < b->m ? -1 : 1;
	if (a->d != b->d)
		return a->d < b->d ? -1 : 1;
	return 0;
}

/* H. Hinnant's days_from_civil: exact for the whole proleptic calendar. */
long
ymd_to_days(const struct ymd *d)
{
	long y = d->m <= 2 ? d->y - 1 : d->y;
	long era = (y >= 0 ? y : y - 399) / 400;
	long yoe = y - era * 400;
	long mp = d->m > 2 ? d->m - 3 : d->m + 9;
	long doy = (153 * mp + 2) / 5 + d->d - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

	return era * 146097 + doe - 719468;
}

void
ymd_from_days(long days, struct ymd *out)
{
	long z = days + 719468;
	long era = (z >= 0 ? z : z - 146096) / 146097;
	long doe = z - era * 146097;
	long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long mp = (5 * doy + 2) / 153;
	long m = mp < 10 ? mp + 3 : mp - 9;

	out->y = (int)(yoe + era * 400 + (m <= 2));
	out->m = (int)m;
	out->d = (int)(doy - (153 * mp + 2) / 5 + 1);
}

/*
 * Completed years: the year completes on the birthday itself; someone
 * born on 29 February completes it on 1 March in common years.  Negative
 * when `on` is before the birth.
 */
int
ymd_age(const struct ymd *birth, const struct ymd *on)
{
	int age = on->y - birth->y;

	if (on->m < birth->m || (on->m == birth->m && on->d < birth->d))
		age--;
	return age;
}

void
ymd_add_months(const struct ymd *d, int n, struct ymd *out)
{
	long t = (long)d->y * 12 + (d->m - 1) + n;
	long y = t >= 0 ? t / 12 : (t - 11) / 12;
	int m = (int)(t - y * 12) + 1, dim;

	out->y = (int)y;
	out->m = m;
	dim = ymd_days_in_month(out->y, m);
	out->d = d->d > dim ? dim : d->d;
}

void
ymd_today(struct ymd *out)
{
	time_t t = clock_now();
	struct tm tm;

	localtime_r(&t, &tm);
	out->y = tm.tm_year + 1900;
	out->m = tm.tm_mon + 1;
	out->d = tm.tm_mday;
}

int
wareki_era(const struct ymd *d, int *era, int *era_year)
{
	int i;

	if (!ymd_valid(d) || ymd_cmp(d, &first_day) < 0)
		return -1;
	for (i = NERA - 1; i > 0; i--)
		if (ymd_cmp(d, &eras[i].start) >= 0)
			break;
	if (era != NULL)
		*era = i;
	if (era_year != NULL)
		*era_year = d->y - eras[i].start.y + 1;
	return 0;
}

const char *
wareki_era_name(int era)
{
	return era >= 0 && era < NERA ? eras[era].name : "";
}

const char *
wareki_era_letter(int era)
{
	return era >= 0 && era < NERA ? eras[era].letter : "";
}

/* Dates before 1873 (and invalid ones) are written in ISO form; so are
 * era years past 99, which wareki_parse does not read back. */
char *
wareki_format(const struct ymd *d, enum wareki_style style, char *out,
    size_t size)
{
	char iso[11], year[16];
	int era, ey;

	ymd_to_iso(d, iso);
	if (style == WAREKI_ISO || wareki_era(d, &era, &ey) == -1 || ey > 99) {
		snprintf(out, size, "%s", iso);
		return out;
	}
	if (style == WAREKI_SHORT) {
		snprintf(out, size, "%s%d.%d.%d", eras[era].letter, ey, d->m,
		    d->d);
		return out;
	}
	if (ey == 1)
		snprintf(year, sizeof year, "元");
	else
		snprintf(year, sizeof year, "%d", ey);
	if (style == WAREKI_BOTH)
		snprintf(out, size, "%s%s年%d月%d日 (%s)", eras[era].name, year,
		    d->m, d->d, iso);
	else
		snprintf(out, size, "%s%s年%d月%d日", eras[era].name, year, d->m,
		    d->d);
	return out;
}

/* ---- parsing ---- */

/* Separators, after NFKC; the hyphen family all count as '-'. */
enum sep {
	SEP_NONE, SEP_DASH, SEP_SLASH, SEP_DOT, SEP_YEAR, SEP_MONTH, SEP_DAY
};

static const struct {
	const char	*text;
	enum sep	 sep;
} seps[] = {
	{ "-", SEP_DASH }, { "\xe2\x80\x90", SEP_DASH },	/* ‐ U+2010 */
	{ "\xe2\x80\x91", SEP_DASH }, { "\xe2\x80\x93", SEP_DASH },
	{ "\xe2\x88\x92", SEP_DASH },				/* − U+2212 */
	{ "\xe3\x83\xbc", SEP_DASH },				/* ー U+30FC */
	{ "/", SEP_SLASH }, { ".", SEP_DOT },
	{ "年", SEP_YEAR }, { "月", SEP_MONTH }, { "日", SEP_DAY },
};

static void
skip_spaces(const char **p)
{
	while (**p == ' ' || **p == '\t')
		(*p)++;
}

/* Consume a separator at *p (and spaces after it). */
static enum sep
take_sep(const char **p)
{
	size_t i, n;

	for (i = 0; i < sizeof seps / sizeof seps[0]; i++) {
		n = strlen(seps[i].text);
		if (strncmp(*p, seps[i].text, n) == 0) {
			*p += n;
			skip_spaces(p);
			return seps[i].sep;
		}
	}
	return SEP_NONE;
}

/* Consume a run of ASCII digits; returns its length (value in *v). */
static int
take_digits(const char **p, int *v)
{
	int n = 0;

	*v = 0;
	while (isdigit((unsigned char)**p)) {
		if (n < 9)
			*v = *v * 10 + (**p - '0');
		(*p)++;
		n++;
	}
	return n;
}

/* Consume an era name, abbreviation or letter; returns 0..4 or -1. */
static int
take_era(const char **p)
{
	int i;
	size_t n;

	for (i = 0; i < NERA; i++) {
		n = strlen(eras[i].name);
		if (strncmp(*p, eras[i].name, n) == 0) {
			*p += n;
			return i;
		}
	}
	for (i = 0; i < NERA; i++) {
		n = strlen(eras[i].abbr);
		if (strncmp(*p, eras[i].abbr, n) == 0) {
			*p += n;
			return i;
		}
	}
	for (i = 0; i < NERA; i++) {
		if (toupper((unsigned char)**p) == eras[i].letter[0] &&
		    !isalpha((unsigned char)(*p)[1])) {
			(*p)++;
			return i;
		}
	}
	return -1;
}

/* Split a run of 6 digits YYMMDD (value v) into parts. */
static void
split6(int v, int *y, int *m, int *d)
{
	*y = v / 10000;
	*m = v / 100 % 100;
	*d = v % 100;
}

/*
 * The grammar, with spaces allowed between parts:
 *   [era] year sep month sep day [日]   (sep: - / . consistently, or 年 月)
 *   YYYYMMDD | era YYMMDD | E YYMMDD (E: era code 1..5 = 明治..令和)
 * where era is 明治..令和, 明..令 or M T S H R and an era year may be 元.
 * Returns 0 with the era (or -1) and its year, or an err code.
 */
static enum err_code
parse_parts(const char *s, int *era, int *y, int *m, int *d)
{
	const char *p = s;
	enum sep s1, s2;
	int n, v;

	skip_spaces(&p);
	*era = take_era(&p);
	skip_spaces(&p);
	if (*era >= 0 && strncmp(p, "元", strlen("元")) == 0) {
		p += strlen("元");
		*y = 1;
		n = 1;
	} else
		n = take_digits(&p, y);
	skip_spaces(&p);
	if (*p == '\0') {		/* the compact forms */
		v = *y;
		if (*era >= 0 && n == 6)
			split6(v, y, m, d);
		else if (*era < 0 && n == 8) {
			split6(v % 1000000, y, m, d);
			*y = v / 10000;
		} else if (*era < 0 && n == 7) {
			*era = v / 1000000 - 1;
			if (*era < 0 || *era >= NERA)
				return E_DATE_FORMAT;
			split6(v % 1000000, y, m, d);
		} else
			return E_DATE_FORMAT;
		return *y == 0 ? E_DATE_FORMAT : E_OK;
	}
	if (*era >= 0 ? n < 1 || n > 2 : n != 4)
		return E_DATE_FORMAT;
	if (*y == 0)
		return E_DATE_FORMAT;
	s1 = take_sep(&p);
	if (s1 == SEP_NONE || s1 == SEP_MONTH || s1 == SEP_DAY)
		return E_DATE_FORMAT;
	n = take_digits(&p, m);
	if (n < 1 || n > 2)
		return E_DATE_FORMAT;
	skip_spaces(&p);
	s2 = take_sep(&p);
	if (s2 != (s1 == SEP_YEAR ? SEP_MONTH : s1))
		return E_DATE_FORMAT;
	n = take_digits(&p, d);
	if (n < 1 || n > 2)
		return E_DATE_FORMAT;
	skip_spaces(&p);
	if (s1 == SEP_YEAR && strncmp(p, "日", strlen("日")) == 0) {
		p += strlen("日");	/* optional */
		skip_spaces(&p);
	}
	return *p == '\0' ? E_OK : E_DATE_FORMAT;
}

/* NFKC of s (caller frees), or NULL when s is not valid UTF-8. */
static char *
nfkc(const char *s)
{
	if (!utf8_valid(s, strlen(s)))
		return NULL;
	return (char *)utf8proc_NFKC((const utf8proc_uint8_t *)s);
}

int
wareki_parse(const char *in, struct ymd *out, struct err *e)
{
	struct ymd d, end;
	enum err_code code;
	char *t;
	int era, y, m, dd;

	if (in == NULL || (t = nfkc(in)) == NULL)
		return err_set(e, E_DATE_FORMAT, "", "not valid UTF-8");
	code = parse_parts(t, &era, &y, &m, &dd);
	free(t);
	if (code != E_OK)
		return err_set(e, code, "", "unrecognised date form");
	if (era >= 0)
		y += eras[era].start.y - 1;
	d.y = y;
	d.m = m;
	d.d = dd;
	if (y > YEAR_MAX)
		return err_set(e, E_DATE_RANGE, "", "year after %d", YEAR_MAX);
	if (!ymd_valid(&d))
		return err_set(e, E_DATE_INVALID, "", "no such day");
	if (ymd_cmp(&d, &first_day) < 0)
		return err_set(e, E_DATE_RANGE, "", "before %d-01-01",
		    YEAR_MIN);
	if (era >= 0) {
		if (ymd_cmp(&d, &eras[era].start) < 0)
			return err_set(e, E_DATE_ERA_RANGE, "",
			    "before the first day of %s", eras[era].letter);
		if (era + 1 < NERA) {
			ymd_from_days(ymd_to_days(&eras[era + 1].start) - 1,
			    &end);
			if (ymd_cmp(&d, &end) > 0)
				return err_set(e, E_DATE_ERA_RANGE, "",
				    "after the last day of %s",
				    eras[era].letter);
		}
	}
	*out = d;
	return 0;
}
