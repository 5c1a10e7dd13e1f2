/*
 * Unit tests for i18n/width.c: strict UTF-8 decoding and encoding, and the
 * one display-width policy (wide 2, ambiguous 1, combining 0, controls 0).
 */
#include "testutil.h"

#include "width.h"

static const struct {
	const char	*s;
	int		 width;
} widths[] = {
	{ "", 0 },
	{ "abc", 3 },
	{ "山田", 4 },
	{ "山田 太郎", 9 },
	{ "山田　太郎", 10 },		/* U+3000 is wide */
	{ "①", 1 },			/* ambiguous */
	{ "※", 1 },
	{ "○", 1 },
	{ "𠮷", 2 },			/* outside the BMP, wide */
	{ "ｶ", 1 },			/* half-width katakana */
	{ "ｶﾞ", 2 },			/* ﾞ is a spacing half-width mark */
	{ "カ\xe3\x82\x99", 2 },		/* カ + combining U+3099 */
	{ "ＡＢＣ", 6 },		/* full-width Latin */
	{ "é", 1 },
	{ "e\xcc\x81", 1 },		/* e + combining acute */
	{ "a\tb", 2 },			/* a tab is a control: 0 */
	{ "\x1b[0m", 3 },		/* ESC counts 0, "[0m" 3 */
	{ "髙﨑", 4 },
	{ "ﾔﾏﾀﾞ ﾀﾛｳ", 8 },		/* ﾞ is its own cell */
};

static void
test_width_str_table(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof widths / sizeof widths[0]; i++) {
		if (width_str(widths[i].s) != widths[i].width)
			fail_msg("case %zu: width %d, expected %d", i,
			    width_str(widths[i].s), widths[i].width);
	}
}

static void
test_width_cp_classes(void **state)
{
	(void)state;
	assert_int_equal(width_cp('A'), 1);
	assert_int_equal(width_cp(0x5C71), 2);		/* 山 */
	assert_int_equal(width_cp(0x20BB7), 2);		/* 𠮷 */
	assert_int_equal(width_cp(0x2460), 1);		/* ① ambiguous */
	assert_int_equal(width_cp(0x203B), 1);		/* ※ ambiguous */
	assert_int_equal(width_cp(0xFF76), 1);		/* ｶ */
	assert_int_equal(width_cp(0x3099), 0);		/* combining voiced */
	assert_int_equal(width_cp(0x0301), 0);		/* combining acute */
	assert_int_equal(width_cp(0x200B), 0);		/* zero-width space */
	assert_int_equal(width_cp(0), 0);
	assert_int_equal(width_cp(0x07), 0);
	assert_int_equal(width_cp(0x7F), 0);
	assert_int_equal(width_cp(0x9B), 0);		/* C1 control */
	assert_int_equal(width_cp(0x3000), 2);		/* ideographic space */
	assert_int_equal(width_cp(0xFF21), 2);		/* Ａ */
}

static void
test_width_fit(void **state)
{
	static const struct {
		const char	*s;
		int		 cols;
		size_t		 bytes;
	} t[] = {
		{ "山田太郎", 5, 6 },		/* 2 chars, the third would need 6 */
		{ "山田太郎", 6, 9 },
		{ "山田太郎", 8, 12 },
		{ "山田太郎", 100, 12 },
		{ "山田太郎", 1, 0 },
		{ "山田太郎", 0, 0 },
		{ "abc", 2, 2 },
		{ "a山", 2, 1 },
		{ "ｶﾞｯｺｳ", 3, 9 },		/* half-width: 3 bytes each */
		{ "𠮷野", 2, 4 },
		{ "𠮷野", 3, 4 },
		{ "", 5, 0 },
		{ "abc", -1, 0 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		if (width_fit(t[i].s, t[i].cols) != t[i].bytes)
			fail_msg("case %zu: fit %zu, expected %zu", i,
			    width_fit(t[i].s, t[i].cols), t[i].bytes);
	}
}

static void
test_width_fit_keeps_combining(void **state)
{
	/* カ + U+3099 must not be split: both belong to the 2 cells. */
	const char *s = "カ\xe3\x82\x99キ";

	(void)state;
	assert_int_equal(width_fit(s, 2), 6);
	assert_int_equal(width_fit(s, 3), 6);
	assert_int_equal(width_fit(s, 4), 9);
}

static void
test_utf8_next_valid(void **state)
{
	static const struct {
		const char	*s;
		uint32_t	 cp;
		size_t		 n;
	} t[] = {
		{ "A", 0x41, 1 },
		{ "\xc3\xa9", 0xE9, 2 },		/* é */
		{ "山", 0x5C71, 3 },
		{ "ｶ", 0xFF76, 3 },
		{ "𠮷", 0x20BB7, 4 },
		{ "\xef\xbf\xbf", 0xFFFF, 3 },
		{ "\xf4\x8f\xbf\xbf", 0x10FFFF, 4 },
	};
	size_t i, n;
	uint32_t cp;

	(void)state;
	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		n = utf8_next(t[i].s, strlen(t[i].s), &cp);
		assert_int_equal(n, t[i].n);
		assert_int_equal(cp, t[i].cp);
	}
}

static void
test_utf8_next_invalid(void **state)
{
	static const char *bad[] = {
		"\x80",			/* lone continuation */
		"\xc0\xaf",		/* overlong '/' */
		"\xc1\xbf",		/* overlong */
		"\xe0\x80\xaf",		/* overlong 3-byte */
		"\xf0\x80\x80\xaf",	/* overlong 4-byte */
		"\xed\xa0\x80",		/* surrogate U+D800 */
		"\xed\xbf\xbf",		/* surrogate U+DFFF */
		"\xf4\x90\x80\x80",	/* U+110000 */
		"\xf5\x80\x80\x80",
		"\xff",
		"\xe5\xb1",		/* truncated 山 */
		"\xe5\x41\x41",		/* bad continuation */
		"\xf0\x9f\x98",		/* truncated 4-byte */
	};
	size_t i;
	uint32_t cp;

	(void)state;
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		cp = 0;
		if (utf8_next(bad[i], strlen(bad[i]), &cp) != 0)
			fail_msg("case %zu accepted", i);
		assert_int_equal(cp, 0xFFFD);
	}
}

static void
test_utf8_next_respects_len(void **state)
{
	uint32_t cp;

	(void)state;
	/* 山 is 3 bytes; with only 2 allowed it is incomplete. */
	assert_int_equal(utf8_next("山", 2, &cp), 0);
	assert_int_equal(cp, 0xFFFD);
	assert_int_equal(utf8_next("山", 0, &cp), 0);
	assert_int_equal(cp, 0);
	assert_int_equal(utf8_next("", 5, &cp), 0);	/* NUL ends */
	assert_int_equal(cp, 0);
}

static void
test_utf8_put_round_trip(void **state)
{
	static const uint32_t cps[] = {
		0x00, 0x41, 0x7F, 0x80, 0x7FF, 0x800, 0x3042, 0x5C71, 0xFFFD,
		0xFFFF, 0x10000, 0x20BB7, 0x10FFFF
	};
	char out[5];
	size_t i, n;
	uint32_t cp;

	(void)state;
	for (i = 0; i < sizeof cps / sizeof cps[0]; i++) {
		memset(out, 0, sizeof out);
		n = utf8_put(cps[i], out);
		assert_true(n >= 1 && n <= 4);
		if (cps[i] == 0)
			continue;
		assert_int_equal(utf8_next(out, n, &cp), n);
		assert_int_equal(cp, cps[i]);
	}
	n = utf8_put(0x20BB7, out);
	assert_int_equal(n, 4);
	assert_memory_equal(out, "𠮷", 4);
}

static void
test_utf8_put_invalid_is_replacement(void **state)
{
	char out[4];

	(void)state;
	assert_int_equal(utf8_put(0xD800, out), 3);
	assert_memory_equal(out, "\xef\xbf\xbd", 3);
	assert_int_equal(utf8_put(0x110000, out), 3);
	assert_memory_equal(out, "\xef\xbf\xbd", 3);
}

static void
test_width_invalid_input_terminates(void **state)
{
	/* Every invalid byte is one cell; scans must always advance. */
	static const struct {
		const char	*s;
		int		 width;
	} t[] = {
		{ "\xff\xfe", 2 },
		{ "a\x80" "b", 3 },
		{ "山\xe5\xb1", 4 },		/* a truncated tail: 2 bytes */
		{ "\xed\xa0\x80", 3 },		/* surrogate: 3 bad bytes */
		{ "\xc0\xaf山", 4 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		if (width_str(t[i].s) != t[i].width)
			fail_msg("case %zu: width %d, expected %d", i,
			    width_str(t[i].s), t[i].width);
	}
	assert_int_equal(width_fit("\xff\xff\xff", 2), 2);
	assert_int_equal(width_fit("山\xff", 3), 4);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_width_str_table),
		cmocka_unit_test(test_width_cp_classes),
		cmocka_unit_test(test_width_fit),
		cmocka_unit_test(test_width_fit_keeps_combining),
		cmocka_unit_test(test_utf8_next_valid),
		cmocka_unit_test(test_utf8_next_invalid),
		cmocka_unit_test(test_utf8_next_respects_len),
		cmocka_unit_test(test_utf8_put_round_trip),
		cmocka_unit_test(test_utf8_put_invalid_is_replacement),
		cmocka_unit_test(test_width_invalid_input_terminates),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
