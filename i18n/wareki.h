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
 * Parse any accepted input form into out: 2024-04-01, 2024/4/1, 20240401,
 * R6.4.1, r6/4/1, S45/3/1, H31.4.30, R060401, 令和6年4月1日, 令6.4.1,
 * 令和元年5月1日, full-width digits and letters.  Refuses impossible days
 * (E_DATE_INVALID), dates outside the named era (E_DATE_ERA_RANGE), dates
 * before 1873-01-01 (E_DATE_RANGE) and anything else (E_DATE_FORMAT).
 */
int wareki_parse(const char *in, struct ymd *out, struct err *);
/* Format d in style into out (at least 48 bytes); returns out. */
char *wareki_format(const struct ymd *d, enum wareki_style style, char *out,
    size_t size);
/* Era of d: index 0..4 (明治..令和) and the era year; -1 before 1873. */
int wareki_era(const struct ymd *d, int *era, int *era_year);
/* Era name in kanji ("令和") or its letter ("R"). */
const char *wareki_era_name(int era);
const char *wareki_era_letter(int era);

/* Nonzero when y-m-d is a real Gregorian calendar day. */
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
/* Completed years of age on day `on` (a birthday completes the year). */
int ymd_age(const struct ymd *birth, const struct ymd *on);
/* The date n months later (day clamped to the month's end). */
void ymd_add_months(const struct ymd *, int n, struct ymd *out);
/* Today's local date from clock_now(). */
void ymd_today(struct ymd *out);

#endif
