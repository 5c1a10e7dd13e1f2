/*
 * Calendar dates and the Japanese era calendar (和暦).
 * Eras: 明治 (Gregorian dates from 明治6 = 1873-01-01), 大正 1912-07-30,
 * 昭和 1926-12-25, 平成 1989-01-08, 令和 2019-05-01.
 */
#ifndef MADOGUCHI_WAREKI_H
#define MADOGUCHI_WAREKI_H

#include <stddef.h>

#include "err.h"

struct ymd {
	int y, m, d;
};

enum wareki_style {
	WAREKI_LONG,	/* 令和6年4月1日, 令和元年5月1日 */
	WAREKI_SHORT,	/* R6.4.1 */
	WAREKI_ISO,	/* 2024-04-01 */
	WAREKI_BOTH	/* 令和6年4月1日 (2024-04-01) */
};

/*
 * Parse any accepted input form into out: 2024-04-01, 2024/4/1, 2024.4.1,
 * 2024年4月1日, 20240401, R6.4.1, r6/4/1, S45/3/1, H31.4.30, R060401,
 * 令和6年4月1日, 令6.4.1, 令和元年5月1日 (元 = year 1), full-width digits
 * and letters, ㋿/㍻ (NFKC), spaces between parts.  Also the 7-digit
 * era-code form EYYMMDD used by municipal systems, E being 1 明治, 2 大正,
 * 3 昭和, 4 平成, 5 令和: 5060401 = 令和6年4月1日.  One separator kind per
 * date (- / . or 年 月 [日]).  Refuses impossible days (E_DATE_INVALID),
 * dates outside the named era (E_DATE_ERA_RANGE: H31.5.1, R1.4.30),
 * dates before 1873-01-01 (E_DATE_RANGE) and anything else, year 0
 * included (E_DATE_FORMAT).  out is untouched on failure.
 */
int wareki_parse(const char *in, struct ymd *out, struct err *);
/* Format d in style into out (at least 48 bytes); returns out.  Dates
 * before 1873, era years past 99 (令和100 = 2118 on) and invalid dates
 * are written as ISO in every style, so that the result parses back. */
char *wareki_format(const struct ymd *d, enum wareki_style style, char *out,
    size_t size);
/* Era of d: index 0..4 (明治..令和) and the era year; returns 0, or -1
 * before 1873 or when d is not a valid date. */
int wareki_era(const struct ymd *d, int *era, int *era_year);
/* Era name in kanji ("令和") or its letter ("R"); "" for a bad index. */
const char *wareki_era_name(int era);
const char *wareki_era_letter(int era);

/* Nonzero when y-m-d is a real Gregorian calendar day in years 1..9999. */
int ymd_valid(const struct ymd *);
/* Parse exactly "YYYY-MM-DD"; 0 on success. */
int ymd_from_iso(const char *s, struct ymd *out);
/* Write "YYYY-MM-DD" (11 bytes incl. NUL). */
void ymd_to_iso(const struct ymd *, char out[11]);
/* <0, 0, >0 as a is before, equal to, after b. */
int ymd_cmp(const struct ymd *a, const struct ymd *b);
/* Days since 1970-01-01 (negative before). */
long ymd_to_days(const struct ymd *);
void ymd_from_days(long days, struct ymd *out);
int ymd_days_in_month(int y, int m);
/*
 * Completed years of age on day `on`: the birthday completes the year, and
 * for a 29 February birth in a common year, 1 March does.  Negative when
 * `on` is before the birth.
 */
int ymd_age(const struct ymd *birth, const struct ymd *on);
/* The date n months later (day clamped to the month's end). */
void ymd_add_months(const struct ymd *, int n, struct ymd *out);
/* Today's local date from clock_now(). */
void ymd_today(struct ymd *out);

#endif
