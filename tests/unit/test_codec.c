/*
 * Unit tests for i18n/codec.c: strict CP932 / SHIFT_JISX0213 / EUC-JP-MS
 * conversion as glibc iconv does it on Debian, with no substitution, and
 * errors that name a byte offset or a code point but never the text.
 */
#include "testutil.h"

#include "codec.h"
#include "err.h"

struct dec_case {
	const char	*bytes;	/* in the legacy encoding */
	size_t		 len;
	const char	*utf8;
};

static void
check_decode(const char *enc, const struct dec_case *t, size_t n)
{
	struct err e;
	size_t i, outlen;
	char *r;

	for (i = 0; i < n; i++) {
		err_clear(&e);
		outlen = 12345;
		r = codec_to_utf8(enc, t[i].bytes, t[i].len, &outlen, &e);
		if (r == NULL)
			fail_msg("%s case %zu refused: %d %s", enc, i, e.code,
			    e.detail);
		if (strcmp(r, t[i].utf8) != 0)
			fail_msg("%s case %zu: [%s], expected [%s]", enc, i, r,
			    t[i].utf8);
		assert_int_equal(outlen, strlen(t[i].utf8));
		free(r);
	}
}

static void
test_codec_name(void **state)
{
	static const struct {
		const char	*user;
		const char	*name;
	} t[] = {
		{ "cp932", "CP932" }, { "CP932", "CP932" },
		{ "sjis", "CP932" }, { "SJIS", "CP932" },
		{ "shift_jis", "CP932" }, { "Shift_JIS", "CP932" },
		{ "windows-31j", "CP932" },
		{ "utf-8", "UTF-8" }, { "UTF8", "UTF-8" },
		{ "shift_jisx0213", "SHIFT_JISX0213" },
		{ "euc-jp-ms", "EUC-JP-MS" },
		{ "latin1", NULL }, { "", NULL }, { "cp9322", NULL },
		{ "utf-8//TRANSLIT", NULL }, { "cp932//IGNORE", NULL },
	};
	size_t i;
	const char *r;

	(void)state;
	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		r = codec_name(t[i].user);
		if (t[i].name == NULL ? r != NULL :
		    r == NULL || strcmp(r, t[i].name) != 0)
			fail_msg("case %zu [%s] -> [%s]", i, t[i].user,
			    r ? r : "(null)");
	}
	assert_null(codec_name(NULL));
}

static void
test_cp932_decode_extensions(void **state)
{
	static const struct dec_case t[] = {
		{ "\x87\x40", 2, "①" },		/* NEC row 13 */
		{ "\x87\x8a", 2, "㈱" },
		{ "\x87\x8d", 2, "㍾" },		/* 明治 square */
		{ "\xfb\xfc", 2, "髙" },		/* IBM extension */
		{ "\xfa\xb1", 2, "﨑" },
		{ "\xed\x40", 2, "纊" },		/* NEC-selected IBM */
		{ "\xb1", 1, "ｱ" },			/* half-width kana */
		{ "\xb6\xde", 2, "ｶﾞ" },		/* stays half-width */
		{ "\x8e\x52\x93\x63", 4, "山田" },
		{ "\x82\xa0\x83\x41", 4, "あア" },
		{ "abc", 3, "abc" },
		{ "", 0, "" },
	};

	(void)state;
	check_decode("CP932", t, sizeof t / sizeof t[0]);
}

static void
test_cp932_decode_differs_from_shift_jis(void **state)
{
	/* The characters where CP932 and JIS-based tables disagree. */
	static const struct dec_case t[] = {
		{ "\x81\x60", 2, "\xef\xbd\x9e" },	/* U+FF5E ～, not 〜 */
		{ "\x81\x5f", 2, "\xef\xbc\xbc" },	/* U+FF3C ＼ */
		{ "\x81\x7c", 2, "\xef\xbc\x8d" },	/* U+FF0D －, not − */
		{ "\x81\x61", 2, "\xe2\x88\xa5" },	/* U+2225 ∥, not ‖ */
		{ "\x81\x5c", 2, "\xe2\x80\x95" },	/* U+2015 ― */
		{ "\x81\x91", 2, "\xef\xbf\xa0" },	/* U+FFE0 ￠ */
		{ "\x81\x92", 2, "\xef\xbf\xa1" },	/* U+FFE1 ￡ */
		{ "\x81\xca", 2, "\xef\xbf\xa2" },	/* U+FFE2 ￢ */
		{ "\x5c", 1, "\\" },			/* backslash, not ¥ */
		{ "\x7e", 1, "~" },			/* tilde, not ‾ */
		{ "\xf0\x40", 2, "\xee\x80\x80" },	/* user area: U+E000 */
	};

	(void)state;
	check_decode("CP932", t, sizeof t / sizeof t[0]);
}

static void
test_other_codecs_decode(void **state)
{
	static const struct dec_case jisx0213[] = {
		{ "\x81\x60", 2, "\xe3\x80\x9c" },	/* U+301C 〜 here */
		{ "\x5c\x7e", 2, "¥‾" },		/* JIS X 0201 Roman */
		{ "\x82\xf5", 2, "か\xe3\x82\x9a" },	/* one byte pair, two cps */
		{ "\x87\x40", 2, "①" },
	};
	static const struct dec_case eucms[] = {
		{ "\xad\xa1", 2, "①" },
		{ "\x8f\xf4\xfb", 3, "髙" },
		{ "\x8e\xb1", 2, "ｱ" },
		{ "\xbb\xb3\xc5\xc4", 4, "山田" },
	};

	(void)state;
	check_decode("SHIFT_JISX0213", jisx0213,
	    sizeof jisx0213 / sizeof jisx0213[0]);
	check_decode("EUC-JP-MS", eucms, sizeof eucms / sizeof eucms[0]);
}

static void
test_cp932_invalid_input(void **state)
{
	static const struct {
		const char	*bytes;
		size_t		 len;
		size_t		 offset;
	} t[] = {
		{ "\x81", 1, 0 },		/* lone lead byte at the end */
		{ "abc\x81", 4, 3 },
		{ "\x81\x20", 2, 0 },		/* bad trail byte */
		{ "ab\x81\x20", 4, 2 },
		{ "\x8e\x52\x80", 3, 2 },	/* 0x80 is unassigned */
		{ "\xa0", 1, 0 },
		{ "\xfd", 1, 0 },
		{ "\x82\xa0\xff", 3, 2 },
	};
	struct err e;
	char want[64];
	size_t i, outlen = 99;
	char *r;

	(void)state;
	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		err_clear(&e);
		r = codec_to_utf8("CP932", t[i].bytes, t[i].len, &outlen, &e);
		if (r != NULL)
			fail_msg("case %zu accepted as [%s]", i, r);
		assert_int_equal(e.code, E_ENCODING);
		snprintf(want, sizeof want, "byte offset %zu", t[i].offset);
		if (strstr(e.detail, want) == NULL)
			fail_msg("case %zu: detail [%s] lacks [%s]", i,
			    e.detail, want);
	}
	assert_int_equal(outlen, 99);		/* untouched on failure */
}

static void
test_from_utf8_unmappable(void **state)
{
	static const struct {
		const char	*to;
		const char	*utf8;
		const char	*want;	/* in the detail */
	} t[] = {
		{ "CP932", "𠮷", "U+20BB7" },
		{ "CP932", "𠮷野家", "U+20BB7 at byte offset 0" },
		{ "CP932", "山田𠮷", "U+20BB7 at byte offset 6" },
		{ "CP932", "한", "U+D55C" },
		{ "CP932", "é", "U+00E9" },
		{ "SHIFT_JISX0213", "髙", "U+9AD9" },
		{ "EUC-JP-MS", "𠮷", "U+20BB7" },
	};
	struct err e;
	size_t i;
	char *r;

	(void)state;
	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		err_clear(&e);
		r = codec_from_utf8(t[i].to, t[i].utf8, strlen(t[i].utf8),
		    NULL, &e);
		if (r != NULL)
			fail_msg("case %zu converted", i);
		assert_int_equal(e.code, E_UNMAPPABLE);
		if (strstr(e.detail, t[i].want) == NULL)
			fail_msg("case %zu: detail [%s] lacks [%s]", i,
			    e.detail, t[i].want);
		assert_null(strstr(e.detail, t[i].utf8));
	}
}

static void
test_from_utf8_refuses_lossy(void **state)
{
	/*
	 * glibc's CP932 encoder accepts these but they decode to another
	 * character (〜 U+301C comes back as ～ U+FF5E): refused, not
	 * silently changed.  The same holds for \ and ~ in SHIFT_JISX0213.
	 */
	static const struct {
		const char	*to;
		const char	*utf8;
		const char	*want;
	} t[] = {
		{ "CP932", "1〜3丁目", "U+301C at byte offset 1" },
		{ "CP932", "−", "U+2212" },
		{ "CP932", "‖", "U+2016" },
		{ "CP932", "¢", "U+00A2" },
		{ "CP932", "£", "U+00A3" },
		{ "CP932", "¬", "U+00AC" },
		{ "CP932", "¥", "U+00A5" },
		{ "SHIFT_JISX0213", "C:\\tmp", "U+005C at byte offset 2" },
		{ "SHIFT_JISX0213", "~", "U+007E" },
	};
	struct err e;
	size_t i;
	char *r;

	(void)state;
	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		err_clear(&e);
		r = codec_from_utf8(t[i].to, t[i].utf8, strlen(t[i].utf8),
		    NULL, &e);
		if (r != NULL)
			fail_msg("case %zu converted", i);
		assert_int_equal(e.code, E_UNMAPPABLE);
		if (strstr(e.detail, t[i].want) == NULL)
			fail_msg("case %zu: detail [%s] lacks [%s]", i,
			    e.detail, t[i].want);
	}
}

static void
test_cp932_round_trip(void **state)
{
	static const char *t[] = {
		"山田　太郎",
		"①②③ ㈱髙﨑商店 纊",
		"ｱｲｳｴｵ ｶﾞｷﾞ",
		"東京都千代田区霞が関１－２－３",
		"～ ＼ ∥ ￠ ￡ ￢ ―",		/* the CP932 forms */
		"C:\\data\\2024~1.csv",
		"",
	};
	struct err e;
	size_t i, len, mid, back;
	char *enc, *dec;

	(void)state;
	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		len = strlen(t[i]);
		err_clear(&e);
		enc = codec_from_utf8("CP932", t[i], len, &mid, &e);
		if (enc == NULL)
			fail_msg("case %zu: %d %s", i, e.code, e.detail);
		dec = codec_to_utf8("CP932", enc, mid, &back, &e);
		assert_non_null(dec);
		assert_int_equal(back, len);
		assert_string_equal(dec, t[i]);
		free(enc);
		free(dec);
	}
}

static void
test_cp932_encode_bytes(void **state)
{
	struct err e;
	size_t n = 0;
	char *r;

	(void)state;
	r = codec_from_utf8("CP932", "①㈱髙ｱ～", strlen("①㈱髙ｱ～"), &n, &e);
	assert_non_null(r);
	assert_int_equal(n, 9);
	assert_memory_equal(r, "\x87\x40\x87\x8a\xfb\xfc\xb1\x81\x60", 9);
	assert_int_equal(r[n], '\0');
	free(r);
}

static void
test_embedded_nul_and_growth(void **state)
{
	struct err e;
	size_t n = 0, i;
	char *in, *r;

	(void)state;
	/* NUL bytes pass through; outlen counts them. */
	r = codec_to_utf8("CP932", "a\0\x82\xa0", 4, &n, &e);
	assert_non_null(r);
	assert_int_equal(n, 5);
	assert_memory_equal(r, "a\0\xe3\x81\x82", 5);
	free(r);
	r = codec_from_utf8("CP932", "a\0\xe3\x81\x82", 5, &n, &e);
	assert_non_null(r);
	assert_int_equal(n, 4);
	assert_memory_equal(r, "a\0\x82\xa0", 4);
	free(r);
	/* 1-byte half-width kana triple in UTF-8: the output must grow. */
	in = malloc(20000);
	memset(in, 0xb1, 20000);
	r = codec_to_utf8("CP932", in, 20000, &n, &e);
	assert_non_null(r);
	assert_int_equal(n, 60000);
	for (i = 0; i < n; i += 3)
		assert_memory_equal(r + i, "ｱ", 3);
	free(r);
	free(in);
}

static void
test_utf8_input_checked(void **state)
{
	struct err e;
	char *r;

	(void)state;
	err_clear(&e);
	r = codec_from_utf8("CP932", "山\xe7\x94", 5, NULL, &e);
	assert_null(r);
	assert_int_equal(e.code, E_ENCODING);
	assert_non_null(strstr(e.detail, "byte offset 3"));
	err_clear(&e);
	r = codec_to_utf8("UTF-8", "ab\xed\xa0\x80", 5, NULL, &e);	/* surrogate */
	assert_null(r);
	assert_int_equal(e.code, E_ENCODING);
	assert_non_null(strstr(e.detail, "byte offset 2"));
	r = codec_to_utf8("utf-8", "山田", 6, NULL, &e);
	assert_non_null(r);
	assert_string_equal(r, "山田");
	free(r);
}

static void
test_unknown_encoding(void **state)
{
	struct err e;

	(void)state;
	err_clear(&e);
	assert_null(codec_to_utf8("NO-SUCH-CODESET", "a", 1, NULL, &e));
	assert_int_equal(e.code, E_USAGE);
	err_clear(&e);
	assert_null(codec_from_utf8("NO-SUCH-CODESET", "a", 1, NULL, &e));
	assert_int_equal(e.code, E_USAGE);
	assert_null(codec_to_utf8(NULL, "a", 1, NULL, NULL));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_codec_name),
		cmocka_unit_test(test_cp932_decode_extensions),
		cmocka_unit_test(test_cp932_decode_differs_from_shift_jis),
		cmocka_unit_test(test_other_codecs_decode),
		cmocka_unit_test(test_cp932_invalid_input),
		cmocka_unit_test(test_from_utf8_unmappable),
		cmocka_unit_test(test_from_utf8_refuses_lossy),
		cmocka_unit_test(test_cp932_round_trip),
		cmocka_unit_test(test_cp932_encode_bytes),
		cmocka_unit_test(test_embedded_nul_and_growth),
		cmocka_unit_test(test_utf8_input_checked),
		cmocka_unit_test(test_unknown_encoding),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
