/*
 * Unit tests for i18n/wareki.c: 和暦 and 西暦 parsing in every accepted
 * form, era boundaries, formatting and the date arithmetic.
 */
#include "testutil.h"

#include <time.h>

#include "clock.h"
#include "err.h"
#include "wareki.h"

struct ok_case {
	const char	*in;
	int		 y, m, d;
};

struct bad_case {
	const char	*in;
	enum err_code	 code;
};

static void
check_ok(const struct ok_case *t, size_t n)
{
	struct ymd d;
	struct err e;
	size_t i;

	for (i = 0; i < n; i++) {
		err_clear(&e);
		memset(&d, 0, sizeof d);
		if (wareki_parse(t[i].in, &d, &e) != 0)
			fail_msg("case %zu [%s]: refused with code %d (%s)", i,
			    t[i].in, e.code, e.detail);
		if (d.y != t[i].y || d.m != t[i].m || d.d != t[i].d)
			fail_msg("case %zu [%s]: %d-%d-%d, expected %d-%d-%d",
			    i, t[i].in, d.y, d.m, d.d, t[i].y, t[i].m, t[i].d);
	}
}

static void
check_bad(const struct bad_case *t, size_t n)
{
	struct ymd d = { 1, 2, 3 };
	struct err e;
	size_t i;

	for (i = 0; i < n; i++) {
		err_clear(&e);
		if (wareki_parse(t[i].in, &d, &e) != -1)
			fail_msg("case %zu [%s] accepted", i, t[i].in);
		if (e.code != t[i].code)
			fail_msg("case %zu [%s]: code %d, expected %d", i,
			    t[i].in, e.code, t[i].code);
		/* out is untouched on failure */
		assert_int_equal(d.y, 1);
		assert_int_equal(d.m, 2);
		assert_int_equal(d.d, 3);
	}
}

static void
test_parse_western(void **state)
{
	static const struct ok_case t[] = {
		{ "2024-04-01", 2024, 4, 1 },
		{ "2024/4/1", 2024, 4, 1 },
		{ "2024.4.1", 2024, 4, 1 },
		{ "20240401", 2024, 4, 1 },
		{ "2024年4月1日", 2024, 4, 1 },
		{ "2024年4月1", 2024, 4, 1 },
		{ " 2024 / 04 / 01 ", 2024, 4, 1 },
		{ "２０２４－０４－０１", 2024, 4, 1 },	/* full width */
		{ "２０２４／４／１", 2024, 4, 1 },
		{ "20000229", 2000, 2, 29 },
		{ "1873-01-01", 1873, 1, 1 },
		{ "9999-12-31", 9999, 12, 31 },
		{ "2024−04−01", 2024, 4, 1 },	/* U+2212 minus */
	};

	(void)state;
	check_ok(t, sizeof t / sizeof t[0]);
}

static void
test_parse_era_letters(void **state)
{
	static const struct ok_case t[] = {
		{ "R6.4.1", 2024, 4, 1 },
		{ "r6/4/1", 2024, 4, 1 },
		{ "R6-4-1", 2024, 4, 1 },
		{ "S45/3/1", 1970, 3, 1 },
		{ "s45.3.1", 1970, 3, 1 },
		{ "H31.4.30", 2019, 4, 30 },
		{ "H1.1.8", 1989, 1, 8 },
		{ "T1.7.30", 1912, 7, 30 },
		{ "T15.12.24", 1926, 12, 24 },
		{ "M6.1.1", 1873, 1, 1 },
		{ "M45.7.29", 1912, 7, 29 },
		{ "R1.5.1", 2019, 5, 1 },
		{ "R元.5.1", 2019, 5, 1 },
		{ "Ｒ６．４．１", 2024, 4, 1 },	/* full-width letter */
		{ "ｒ６．４．１", 2024, 4, 1 },
		{ " R 6 . 4 . 1 ", 2024, 4, 1 },
		{ "R6年4月1日", 2024, 4, 1 },
	};

	(void)state;
	check_ok(t, sizeof t / sizeof t[0]);
}

static void
test_parse_era_kanji(void **state)
{
	static const struct ok_case t[] = {
		{ "令和6年4月1日", 2024, 4, 1 },
		{ "令和元年5月1日", 2019, 5, 1 },
		{ "令和元年５月１日", 2019, 5, 1 },
		{ "令和 6 年 4 月 1 日", 2024, 4, 1 },
		{ "令6.4.1", 2024, 4, 1 },
		{ "令和6.4.1", 2024, 4, 1 },
		{ "平成31年4月30日", 2019, 4, 30 },
		{ "平成元年1月8日", 1989, 1, 8 },
		{ "昭和64年1月7日", 1989, 1, 7 },
		{ "昭和45年3月1日", 1970, 3, 1 },
		{ "昭45.3.1", 1970, 3, 1 },
		{ "大正元年7月30日", 1912, 7, 30 },
		{ "明治6年1月1日", 1873, 1, 1 },
		{ "明45.7.29", 1912, 7, 29 },
		{ "㋿6年4月1日", 2024, 4, 1 },	/* square era name, NFKC */
		{ "㍻31.4.30", 2019, 4, 30 },
		{ "令和６年４月１日", 2024, 4, 1 },
	};

	(void)state;
	check_ok(t, sizeof t / sizeof t[0]);
}

static void
test_parse_compact(void **state)
{
	static const struct ok_case t[] = {
		{ "R060401", 2024, 4, 1 },
		{ "r060401", 2024, 4, 1 },
		{ "H310430", 2019, 4, 30 },
		{ "S450301", 1970, 3, 1 },
		{ "令060401", 2024, 4, 1 },
		{ "5060401", 2024, 4, 1 },	/* era code 5 = 令和 */
		{ "4310430", 2019, 4, 30 },	/* 4 = 平成 */
		{ "3450301", 1970, 3, 1 },	/* 3 = 昭和 */
		{ "2010730", 1912, 7, 30 },	/* 2 = 大正 */
		{ "1060101", 1873, 1, 1 },	/* 1 = 明治 */
		{ "５０６０４０１", 2024, 4, 1 },
	};

	(void)state;
	check_ok(t, sizeof t / sizeof t[0]);
}

static void
test_parse_era_boundaries(void **state)
{
	static const struct bad_case t[] = {
		{ "H31.5.1", E_DATE_ERA_RANGE },	/* 令和 began */
		{ "R1.4.30", E_DATE_ERA_RANGE },	/* 令和 not yet */
		{ "令和元年4月30日", E_DATE_ERA_RANGE },
		{ "昭和64年1月8日", E_DATE_ERA_RANGE },	/* 平成 began that day */
		{ "H1.1.7", E_DATE_ERA_RANGE },
		{ "S1.12.24", E_DATE_ERA_RANGE },
		{ "T15.12.25", E_DATE_ERA_RANGE },
		{ "T1.7.29", E_DATE_ERA_RANGE },
		{ "M45.7.30", E_DATE_ERA_RANGE },
		{ "H99.1.1", E_DATE_ERA_RANGE },
		{ "S70.1.1", E_DATE_ERA_RANGE },
		{ "4310501", E_DATE_ERA_RANGE },
		{ "H310501", E_DATE_ERA_RANGE },
	};

	(void)state;
	check_bad(t, sizeof t / sizeof t[0]);
}

static void
test_parse_invalid_days(void **state)
{
	static const struct bad_case t[] = {
		{ "2023-02-29", E_DATE_INVALID },
		{ "2023-02-30", E_DATE_INVALID },
		{ "2024-04-31", E_DATE_INVALID },
		{ "2024-13-01", E_DATE_INVALID },
		{ "2024-00-10", E_DATE_INVALID },
		{ "2024-01-00", E_DATE_INVALID },
		{ "2024-01-32", E_DATE_INVALID },
		{ "1900-02-29", E_DATE_INVALID },	/* not a leap year */
		{ "H31.2.29", E_DATE_INVALID },
		{ "令和5年2月29日", E_DATE_INVALID },
		{ "20230230", E_DATE_INVALID },
	};

	(void)state;
	check_bad(t, sizeof t / sizeof t[0]);
}

static void
test_parse_out_of_range(void **state)
{
	static const struct bad_case t[] = {
		{ "1872-12-31", E_DATE_RANGE },		/* lunar calendar then */
		{ "M5.12.31", E_DATE_RANGE },
		{ "明治元年10月23日", E_DATE_RANGE },
		{ "1000-01-01", E_DATE_RANGE },
	};

	(void)state;
	check_bad(t, sizeof t / sizeof t[0]);
}

static void
test_parse_garbage(void **state)
{
	static const struct bad_case t[] = {
		{ "", E_DATE_FORMAT },
		{ "   ", E_DATE_FORMAT },
		{ "abc", E_DATE_FORMAT },
		{ "R0.4.1", E_DATE_FORMAT },		/* year 0 */
		{ "令和0年4月1日", E_DATE_FORMAT },
		{ "0000-01-01", E_DATE_FORMAT },
		{ "R6", E_DATE_FORMAT },
		{ "R6.4", E_DATE_FORMAT },
		{ "令和6年4月", E_DATE_FORMAT },
		{ "2024-4/1", E_DATE_FORMAT },		/* mixed separators */
		{ "2024年4/1", E_DATE_FORMAT },
		{ "2024 4 1", E_DATE_FORMAT },
		{ "24-4-1", E_DATE_FORMAT },		/* 2-digit western year */
		{ "R6.4.1x", E_DATE_FORMAT },
		{ "R6.4.1.", E_DATE_FORMAT },
		{ "2024-04-01日", E_DATE_FORMAT },
		{ "X6.4.1", E_DATE_FORMAT },
		{ "RR6.4.1", E_DATE_FORMAT },
		{ "R123.4.1", E_DATE_FORMAT },
		{ "R6.123.1", E_DATE_FORMAT },
		{ "6060401", E_DATE_FORMAT },		/* era code 6 */
		{ "0060401", E_DATE_FORMAT },
		{ "060401", E_DATE_FORMAT },		/* no era */
		{ "R0604011", E_DATE_FORMAT },
		{ "202404011", E_DATE_FORMAT },
		{ "元年5月1日", E_DATE_FORMAT },	/* 元 needs an era */
		{ "令和6年4月1日日", E_DATE_FORMAT },
		{ "\xff\xfe", E_DATE_FORMAT },
		{ "99999999999999999999", E_DATE_FORMAT },
	};

	(void)state;
	check_bad(t, sizeof t / sizeof t[0]);
}

static void
test_parse_error_detail_has_no_input(void **state)
{
	struct ymd d;
	struct err e;

	(void)state;
	err_clear(&e);
	assert_int_equal(wareki_parse("令和99999年", &d, &e), -1);
	assert_null(strstr(e.detail, "99999"));
	err_clear(&e);
	assert_int_equal(wareki_parse("1872-12-31", &d, &e), -1);
	assert_null(strstr(e.detail, "12-31"));
	/* A NULL err is allowed. */
	assert_int_equal(wareki_parse("nonsense", &d, NULL), -1);
}

static void
test_format_styles(void **state)
{
	static const struct {
		struct ymd		 d;
		enum wareki_style	 style;
		const char		*out;
	} t[] = {
		{ { 2024, 4, 1 }, WAREKI_LONG, "令和6年4月1日" },
		{ { 2024, 4, 1 }, WAREKI_SHORT, "R6.4.1" },
		{ { 2024, 4, 1 }, WAREKI_ISO, "2024-04-01" },
		{ { 2024, 4, 1 }, WAREKI_BOTH, "令和6年4月1日 (2024-04-01)" },
		{ { 2019, 5, 1 }, WAREKI_LONG, "令和元年5月1日" },
		{ { 2019, 5, 1 }, WAREKI_SHORT, "R1.5.1" },
		{ { 2019, 4, 30 }, WAREKI_LONG, "平成31年4月30日" },
		{ { 1989, 1, 7 }, WAREKI_LONG, "昭和64年1月7日" },
		{ { 1989, 1, 8 }, WAREKI_LONG, "平成元年1月8日" },
		{ { 1989, 1, 8 }, WAREKI_SHORT, "H1.1.8" },
		{ { 1970, 3, 1 }, WAREKI_SHORT, "S45.3.1" },
		{ { 1926, 12, 24 }, WAREKI_LONG, "大正15年12月24日" },
		{ { 1926, 12, 25 }, WAREKI_LONG, "昭和元年12月25日" },
		{ { 1912, 7, 29 }, WAREKI_SHORT, "M45.7.29" },
		{ { 1912, 7, 30 }, WAREKI_SHORT, "T1.7.30" },
		{ { 1873, 1, 1 }, WAREKI_LONG, "明治6年1月1日" },
		{ { 1872, 12, 31 }, WAREKI_LONG, "1872-12-31" },	/* ISO */
		{ { 1850, 6, 1 }, WAREKI_BOTH, "1850-06-01" },
		{ { 2100, 12, 31 }, WAREKI_BOTH, "令和82年12月31日 (2100-12-31)" },
	};
	char out[64];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		assert_ptr_equal(wareki_format(&t[i].d, t[i].style, out,
		    sizeof out), out);
		if (strcmp(out, t[i].out) != 0)
			fail_msg("case %zu: [%s], expected [%s]", i, out,
			    t[i].out);
	}
}

static void
test_format_parse_round_trip(void **state)
{
	/* Every day from 1873 to 2060: all styles parse back to the day. */
	static const enum wareki_style styles[] = {
		WAREKI_LONG, WAREKI_SHORT, WAREKI_ISO
	};
	struct ymd d, back, first = { 1873, 1, 1 }, last = { 2060, 12, 31 };
	long day, end = ymd_to_days(&last);
	char out[64];
	size_t s;

	(void)state;
	for (day = ymd_to_days(&first); day <= end; day++) {
		ymd_from_days(day, &d);
		for (s = 0; s < sizeof styles / sizeof styles[0]; s++) {
			wareki_format(&d, styles[s], out, sizeof out);
			if (wareki_parse(out, &back, NULL) != 0 ||
			    ymd_cmp(&d, &back) != 0)
				fail_msg("day %ld style %zu: [%s]", day, s, out);
		}
	}
}

/* Found by tests/fuzz/fuzz_wareki: 2148-06-18 was written 令和130年6月18日,
 * which the parser (era years of 1 or 2 digits) refused.  Dates past
 * 令和99 are written in ISO form and parse back. */
static void
test_format_far_future_round_trip(void **state)
{
	static const struct ymd days[] = {
		{ 2117, 12, 31 }, { 2118, 1, 1 }, { 2148, 6, 18 },
		{ 9999, 12, 31 },
	};
	static const enum wareki_style styles[] = {
		WAREKI_LONG, WAREKI_SHORT, WAREKI_BOTH
	};
	struct ymd back;
	char out[64];
	size_t i, s;

	(void)state;
	for (i = 0; i < sizeof days / sizeof days[0]; i++)
		for (s = 0; s < sizeof styles / sizeof styles[0]; s++) {
			wareki_format(&days[i], styles[s], out, sizeof out);
			if (styles[s] == WAREKI_BOTH)
				continue;	/* display only */
			if (wareki_parse(out, &back, NULL) != 0 ||
			    ymd_cmp(&days[i], &back) != 0)
				fail_msg("%d-%d-%d style %zu: [%s]", days[i].y,
				    days[i].m, days[i].d, s, out);
		}
	wareki_format(&days[0], WAREKI_LONG, out, sizeof out);
	assert_string_equal(out, "令和99年12月31日");
	wareki_format(&days[1], WAREKI_LONG, out, sizeof out);
	assert_string_equal(out, "2118-01-01");
}

static void
test_era_of_date(void **state)
{
	static const struct {
		struct ymd	 d;
		int		 rc, era, year;
	} t[] = {
		{ { 1872, 12, 31 }, -1, 0, 0 },
		{ { 1873, 1, 1 }, 0, 0, 6 },
		{ { 1912, 7, 29 }, 0, 0, 45 },
		{ { 1912, 7, 30 }, 0, 1, 1 },
		{ { 1926, 12, 25 }, 0, 2, 1 },
		{ { 1989, 1, 7 }, 0, 2, 64 },
		{ { 1989, 1, 8 }, 0, 3, 1 },
		{ { 2019, 4, 30 }, 0, 3, 31 },
		{ { 2019, 5, 1 }, 0, 4, 1 },
		{ { 2024, 4, 1 }, 0, 4, 6 },
		{ { 2023, 2, 30 }, -1, 0, 0 },
	};
	size_t i;
	int era, year;

	(void)state;
	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		era = year = 0;
		assert_int_equal(wareki_era(&t[i].d, &era, &year), t[i].rc);
		if (t[i].rc == 0) {
			assert_int_equal(era, t[i].era);
			assert_int_equal(year, t[i].year);
		}
	}
	assert_string_equal(wareki_era_name(0), "明治");
	assert_string_equal(wareki_era_name(4), "令和");
	assert_string_equal(wareki_era_letter(2), "S");
	assert_string_equal(wareki_era_letter(3), "H");
	assert_string_equal(wareki_era_name(5), "");
	assert_string_equal(wareki_era_letter(-1), "");
}

static void
test_ymd_valid_and_month_lengths(void **state)
{
	static const struct {
		int y, m, days;
	} t[] = {
		{ 2024, 2, 29 }, { 2023, 2, 28 }, { 2000, 2, 29 },
		{ 1900, 2, 28 }, { 2100, 2, 28 }, { 2024, 4, 30 },
		{ 2024, 12, 31 }, { 2024, 0, 0 }, { 2024, 13, 0 },
	};
	struct ymd d;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof t / sizeof t[0]; i++)
		assert_int_equal(ymd_days_in_month(t[i].y, t[i].m), t[i].days);
	d = (struct ymd){ 2024, 2, 29 };
	assert_true(ymd_valid(&d));
	d = (struct ymd){ 2023, 2, 29 };
	assert_false(ymd_valid(&d));
	d = (struct ymd){ 0, 1, 1 };
	assert_false(ymd_valid(&d));
	d = (struct ymd){ 10000, 1, 1 };
	assert_false(ymd_valid(&d));
}

static void
test_ymd_iso(void **state)
{
	static const char *bad[] = {
		"2024-4-01", "2024/04/01", "20240401", "2024-04-01 ",
		" 2024-04-01", "2024-02-30", "2024-13-01", "abcd-ef-gh",
		"2024-04-0", "", "0000-01-01",
	};
	struct ymd d = { 0, 0, 0 };
	char out[11];
	size_t i;

	(void)state;
	assert_int_equal(ymd_from_iso("2024-04-01", &d), 0);
	assert_int_equal(d.y, 2024);
	assert_int_equal(d.m, 4);
	assert_int_equal(d.d, 1);
	ymd_to_iso(&d, out);
	assert_string_equal(out, "2024-04-01");
	d = (struct ymd){ 987, 1, 9 };
	ymd_to_iso(&d, out);
	assert_string_equal(out, "0987-01-09");
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++)
		if (ymd_from_iso(bad[i], &d) == 0)
			fail_msg("case %zu [%s] accepted", i, bad[i]);
}

static void
test_ymd_days(void **state)
{
	static const struct {
		struct ymd	 d;
		long		 days;
	} t[] = {
		{ { 1970, 1, 1 }, 0 },
		{ { 1970, 1, 2 }, 1 },
		{ { 1969, 12, 31 }, -1 },
		{ { 2000, 3, 1 }, 11017 },
		{ { 2024, 4, 1 }, 19814 },
		{ { 1873, 1, 1 }, -35428 },
		{ { 2038, 1, 19 }, 24855 },
	};
	struct ymd d, a, b;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		assert_int_equal(ymd_to_days(&t[i].d), t[i].days);
		ymd_from_days(t[i].days, &d);
		assert_int_equal(ymd_cmp(&d, &t[i].d), 0);
	}
	a = (struct ymd){ 2024, 2, 28 };
	b = (struct ymd){ 2024, 3, 1 };
	assert_int_equal(ymd_to_days(&b) - ymd_to_days(&a), 2);	/* leap */
	assert_true(ymd_cmp(&a, &b) < 0);
	assert_true(ymd_cmp(&b, &a) > 0);
	assert_int_equal(ymd_cmp(&a, &a), 0);
	a = (struct ymd){ 2024, 5, 1 };
	b = (struct ymd){ 2023, 12, 31 };
	assert_true(ymd_cmp(&a, &b) > 0);
}

static void
test_ymd_age(void **state)
{
	static const struct {
		struct ymd	 birth, on;
		int		 age;
	} t[] = {
		{ { 2000, 2, 29 }, { 2001, 2, 28 }, 0 },
		{ { 2000, 2, 29 }, { 2001, 3, 1 }, 1 },
		{ { 2000, 2, 29 }, { 2004, 2, 29 }, 4 },
		{ { 2000, 2, 29 }, { 2004, 2, 28 }, 3 },
		{ { 1990, 4, 1 }, { 2024, 3, 31 }, 33 },
		{ { 1990, 4, 1 }, { 2024, 4, 1 }, 34 },	/* birthday completes */
		{ { 1990, 4, 2 }, { 2024, 4, 1 }, 33 },
		{ { 2024, 4, 1 }, { 2024, 4, 1 }, 0 },
		{ { 2024, 4, 2 }, { 2024, 4, 1 }, -1 },	/* not yet born */
		{ { 1952, 10, 1 }, { 2022, 10, 1 }, 70 },
		{ { 1952, 10, 2 }, { 2022, 10, 1 }, 69 },
		{ { 2006, 12, 31 }, { 2024, 12, 30 }, 17 },
		{ { 2006, 12, 31 }, { 2024, 12, 31 }, 18 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof t / sizeof t[0]; i++)
		if (ymd_age(&t[i].birth, &t[i].on) != t[i].age)
			fail_msg("case %zu: age %d, expected %d", i,
			    ymd_age(&t[i].birth, &t[i].on), t[i].age);
}

static void
test_ymd_add_months(void **state)
{
	static const struct {
		struct ymd	 d;
		int		 n;
		struct ymd	 out;
	} t[] = {
		{ { 2024, 1, 31 }, 1, { 2024, 2, 29 } },	/* clamped */
		{ { 2023, 1, 31 }, 1, { 2023, 2, 28 } },
		{ { 2024, 3, 31 }, 1, { 2024, 4, 30 } },
		{ { 2024, 11, 15 }, 2, { 2025, 1, 15 } },
		{ { 2024, 1, 15 }, -1, { 2023, 12, 15 } },
		{ { 2024, 3, 31 }, -1, { 2024, 2, 29 } },
		{ { 2024, 5, 10 }, 0, { 2024, 5, 10 } },
		{ { 2024, 5, 10 }, 12, { 2025, 5, 10 } },
		{ { 2024, 5, 10 }, -24, { 2022, 5, 10 } },
		{ { 2024, 5, 10 }, -17, { 2022, 12, 10 } },
		{ { 2006, 4, 2 }, 18 * 12, { 2024, 4, 2 } },
	};
	struct ymd out;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		ymd_add_months(&t[i].d, t[i].n, &out);
		if (ymd_cmp(&out, &t[i].out) != 0)
			fail_msg("case %zu: %d-%d-%d", i, out.y, out.m, out.d);
	}
}

static time_t fixed_now;

static time_t
fixed_clock(void)
{
	return fixed_now;
}

static void
test_ymd_today_uses_clock(void **state)
{
	struct tm tm;
	struct ymd d;

	(void)state;
	memset(&tm, 0, sizeof tm);
	tm.tm_year = 2019 - 1900;
	tm.tm_mon = 4;		/* May */
	tm.tm_mday = 1;
	tm.tm_hour = 12;
	tm.tm_isdst = -1;
	fixed_now = mktime(&tm);
	clock_set_source(fixed_clock);
	ymd_today(&d);
	clock_set_source(NULL);
	assert_int_equal(d.y, 2019);
	assert_int_equal(d.m, 5);
	assert_int_equal(d.d, 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_western),
		cmocka_unit_test(test_parse_era_letters),
		cmocka_unit_test(test_parse_era_kanji),
		cmocka_unit_test(test_parse_compact),
		cmocka_unit_test(test_parse_era_boundaries),
		cmocka_unit_test(test_parse_invalid_days),
		cmocka_unit_test(test_parse_out_of_range),
		cmocka_unit_test(test_parse_garbage),
		cmocka_unit_test(test_parse_error_detail_has_no_input),
		cmocka_unit_test(test_format_styles),
		cmocka_unit_test(test_format_parse_round_trip),
		cmocka_unit_test(test_format_far_future_round_trip),
		cmocka_unit_test(test_era_of_date),
		cmocka_unit_test(test_ymd_valid_and_month_lengths),
		cmocka_unit_test(test_ymd_iso),
		cmocka_unit_test(test_ymd_days),
		cmocka_unit_test(test_ymd_age),
		cmocka_unit_test(test_ymd_add_months),
		cmocka_unit_test(test_ymd_today_uses_clock),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
