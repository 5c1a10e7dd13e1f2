/*
 * Unit tests for i18n/kana.c: NFKC text normalisation, readings in
 * full-width katakana, the 清音化 search key and UTF-8 validation.
 */
#include "testutil.h"

#include "err.h"
#include "kana.h"

#include <utf8proc.h>

struct pair {
	const char	*in;
	const char	*out;	/* NULL: the call must fail */
};

static void
check_key(const struct pair *t, size_t n)
{
	size_t i;
	char *k;

	for (i = 0; i < n; i++) {
		k = kana_search_key(t[i].in);
		if (t[i].out == NULL) {
			if (k != NULL)
				fail_msg("case %zu: got [%s], expected failure",
				    i, k);
			continue;
		}
		if (k == NULL || strcmp(k, t[i].out) != 0)
			fail_msg("case %zu: [%s] -> [%s], expected [%s]", i,
			    t[i].in, k ? k : "(null)", t[i].out);
		free(k);
	}
}

static void
test_kana_normalize_table(void **state)
{
	static const struct pair t[] = {
		{ "やまだ　たろう", "ヤマダ　タロウ" },
		{ "やまだ たろう", "ヤマダ　タロウ" },
		{ "ヤマダ　タロウ", "ヤマダ　タロウ" },
		{ "ﾔﾏﾀﾞ ﾀﾛｳ", "ヤマダ　タロウ" },	/* ﾀﾞ composes */
		{ "ｶﾞｯｺｳ", "ガッコウ" },
		{ "ﾊﾟﾝ", "パン" },
		{ "ｻﾄｳ ｲﾁﾛｰ", "サトウ　イチロー" },
		{ "  やまだ   たろう  ", "ヤマダ　タロウ" },	/* trimmed, one space */
		{ "やまだ\tたろう", "ヤマダ　タロウ" },
		{ "ゔぁいおりん", "ヴァイオリン" },
		{ "ヴィクトリア・ベッカム", "ヴィクトリア・ベッカム" },
		{ "ｳﾞｨｸﾄﾘｱ･ﾍﾞｯｶﾑ", "ヴィクトリア・ベッカム" },
		{ "ハ゛ト", "バト" },		/* spacing ゛ composes too */
		{ "いすゞ", "イスヾ" },		/* iteration mark kept */
		{ "", "" },
		{ "　", "" },
	};
	struct err e;
	size_t i;
	char *r;

	(void)state;
	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		err_clear(&e);
		r = kana_normalize(t[i].in, &e);
		if (r == NULL || strcmp(r, t[i].out) != 0)
			fail_msg("case %zu: [%s] -> [%s], expected [%s]", i,
			    t[i].in, r ? r : "(null)", t[i].out);
		assert_int_equal(e.code, E_OK);
		free(r);
	}
}

static void
test_kana_normalize_rejects(void **state)
{
	static const char *bad[] = {
		"山田", "やまだ太郎", "yamada", "ヤマダ1", "ヤマダ-タロウ",
		"ヤマダ（タロウ）", "①",
	};
	struct err e;
	size_t i;
	char *r;

	(void)state;
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		err_clear(&e);
		r = kana_normalize(bad[i], &e);
		if (r != NULL)
			fail_msg("case %zu accepted as [%s]", i, r);
		assert_int_equal(e.code, E_KANA);
		/* The detail never repeats the user's text. */
		assert_null(strstr(e.detail, bad[i]));
	}
}

static void
test_kana_normalize_invalid_utf8(void **state)
{
	struct err e;

	(void)state;
	err_clear(&e);
	assert_null(kana_normalize("\xe3\x82", &e));
	assert_int_equal(e.code, E_ENCODING);
	err_clear(&e);
	assert_null(kana_normalize("ヤマ\xff", &e));
	assert_int_equal(e.code, E_ENCODING);
	assert_null(kana_normalize("\xed\xa0\x80", NULL));	/* NULL err ok */
}

static void
test_kana_search_key_examples(void **state)
{
	static const struct pair t[] = {
		{ "ヤマダ　タロウ", "ヤマタタロウ" },
		{ "やまだ たろう", "ヤマタタロウ" },
		{ "ﾔﾏﾀﾞ ﾀﾛｳ", "ヤマタタロウ" },
		{ "ｻﾄｳ ｲﾁﾛｰ", "サトウイチロオ" },
		{ "サトウ イチロー", "サトウイチロオ" },
		{ "", "" },
	};

	(void)state;
	check_key(t, sizeof t / sizeof t[0]);
}

static void
test_kana_search_key_voicing(void **state)
{
	static const struct pair t[] = {
		{ "ガギグゲゴ", "カキクケコ" },
		{ "ザジズゼゾ", "サシスセソ" },
		{ "ダヂヅデド", "タチツテト" },
		{ "バビブベボ", "ハヒフヘホ" },
		{ "パピプペポ", "ハヒフヘホ" },
		{ "ヴ", "ウ" },
		{ "ヷヸヹヺ", "ワイエオ" },
		{ "がっこう", "カツコウ" },
		{ "ハ゛ン", "ハン" },
		{ "カ\xe3\x82\x9a", "カ" },	/* カ + combining ゚ (no precomposed) */
	};

	(void)state;
	check_key(t, sizeof t / sizeof t[0]);
}

static void
test_kana_search_key_small(void **state)
{
	static const struct pair t[] = {
		{ "ァィゥェォ", "アイウエオ" },
		{ "ッャュョヮ", "ツヤユヨワ" },
		{ "ヵヶ", "カケ" },
		{ "ぁぃぅぇぉっゃゅょゎゕゖ", "アイウエオツヤユヨワカケ" },
		{ "キャッシュ", "キヤツシユ" },
		{ "ㇰㇷ", "クフ" },		/* Ainu small katakana */
	};

	(void)state;
	check_key(t, sizeof t / sizeof t[0]);
}

static void
test_kana_search_key_long_vowel(void **state)
{
	static const struct pair t[] = {
		{ "オー", "オオ" },
		{ "ユーコ", "ユウコ" },
		{ "カー", "カア" },
		{ "キー", "キイ" },
		{ "ケー", "ケエ" },
		{ "キョーコ", "キヨオコ" },	/* the small ョ gives the vowel */
		{ "ガー", "カア" },
		{ "ビー", "ヒイ" },
		{ "ヴー", "ウウ" },
		{ "オーー", "オオオ" },
		{ "ｲﾁﾛｰ", "イチロオ" },		/* half-width ｰ */
		{ "ンー", "ン" },		/* no vowel: dropped */
		{ "ー", "" },
		{ "ヲー", "オオ" },
	};

	(void)state;
	check_key(t, sizeof t / sizeof t[0]);
}

static void
test_kana_search_key_misc(void **state)
{
	static const struct pair t[] = {
		{ "ヲヰヱ", "オイエ" },
		{ "を", "オ" },
		{ "ジョン・スミス", "シヨンスミス" },
		{ "ｼﾞｮﾝ･ｽﾐｽ", "シヨンスミス" },
		{ "イスヾ", "イスス" },		/* ヾ repeats the kana */
		{ "いすゞ", "イスス" },
		{ "ササヽ", "サササ" },
		{ " ヤマダ　 タロウ ", "ヤマタタロウ" },
		{ "\xff", NULL },
		{ "ヤ\xe3\x83", NULL },
	};

	(void)state;
	check_key(t, sizeof t / sizeof t[0]);
}

static void
test_kana_search_key_same_for_variants(void **state)
{
	/* Every spelling a clerk might type for one name meets on one key. */
	static const char *v[] = {
		"ヤマダ　ジュンコ", "やまだ じゅんこ", "ﾔﾏﾀﾞ ｼﾞｭﾝｺ",
		"ヤマタ シユンコ", "ﾔﾏﾀ ｼｭﾝｺ",
	};
	char *first, *k;
	size_t i;

	(void)state;
	first = kana_search_key(v[0]);
	assert_non_null(first);
	assert_string_equal(first, "ヤマタシユンコ");
	for (i = 1; i < sizeof v / sizeof v[0]; i++) {
		k = kana_search_key(v[i]);
		assert_non_null(k);
		assert_string_equal(k, first);
		free(k);
	}
	free(first);
}

static void
test_text_normalize(void **state)
{
	static const struct pair t[] = {
		{ "  山田　太郎  ", "山田 太郎" },
		{ "ＡＢＣ１２３", "ABC123" },
		{ "ｶﾞｰﾃﾞﾝ", "ガーデン" },
		{ "東京都\t\t千代田区\n", "東京都 千代田区" },
		{ "a\xc2\xa0" "b", "a b" },		/* NBSP */
		{ "㈱山田商店", "(株)山田商店" },
		{ "①", "1" },
		{ "髙橋", "髙橋" },			/* no compatibility fold */
		{ "", "" },
		{ " \t　", "" },
	};
	struct err e;
	size_t i;
	char *r;

	(void)state;
	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		r = text_normalize(t[i].in, &e);
		if (r == NULL || strcmp(r, t[i].out) != 0)
			fail_msg("case %zu: [%s] -> [%s], expected [%s]", i,
			    t[i].in, r ? r : "(null)", t[i].out);
		free(r);
	}
	err_clear(&e);
	assert_null(text_normalize("ab\xc0\xaf", &e));
	assert_int_equal(e.code, E_ENCODING);
}

static void
test_name_search_key(void **state)
{
	static const struct pair t[] = {
		{ "山田　太郎", "山田太郎" },
		{ " 山田 太郎 ", "山田太郎" },
		{ "ＳＭＩＴＨ　Ｊｏｈｎ", "SMITHJohn" },
		{ "𠮷野　家", "𠮷野家" },
		{ "ｽﾐｽ", "スミス" },
		{ "\xe5\xb1", NULL },
	};
	size_t i;
	char *k;

	(void)state;
	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		k = name_search_key(t[i].in);
		if (t[i].out == NULL) {
			assert_null(k);
			continue;
		}
		if (k == NULL || strcmp(k, t[i].out) != 0)
			fail_msg("case %zu: got [%s], expected [%s]", i,
			    k ? k : "(null)", t[i].out);
		free(k);
	}
}

static void
test_kana_only(void **state)
{
	static const struct {
		const char	*s;
		int		 ok;
	} t[] = {
		{ "ヤマダ", 1 }, { "やまだ", 1 }, { "ﾔﾏﾀﾞ", 1 },
		{ "ヤマダ　タロウ", 1 }, { "ジョン・スミス", 1 }, { "ユーコ", 1 },
		{ "", 1 }, { "山田", 0 }, { "yamada", 0 }, { "ヤマダ1", 0 },
		{ "ヤマダ１", 0 }, { "\xff", 0 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof t / sizeof t[0]; i++)
		if (!kana_only(t[i].s) != !t[i].ok)
			fail_msg("case %zu: kana_only gave %d", i,
			    kana_only(t[i].s));
}

static void
test_utf8_valid(void **state)
{
	static const struct {
		const char	*s;
		size_t		 len;
		int		 ok;
	} t[] = {
		{ "", 0, 1 },
		{ "abc", 3, 1 },
		{ "山田", 6, 1 },
		{ "𠮷", 4, 1 },
		{ "a\0b", 3, 1 },		/* U+0000 is valid */
		{ "山田", 5, 0 },		/* cut inside a character */
		{ "\xc0\x80", 2, 0 },		/* overlong NUL */
		{ "\xe0\x9f\xbf", 3, 0 },	/* overlong */
		{ "\xed\xa0\x80", 3, 0 },	/* surrogate */
		{ "\xf4\x90\x80\x80", 4, 0 },	/* beyond U+10FFFF */
		{ "\x80", 1, 0 },
		{ "\xfe", 1, 0 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof t / sizeof t[0]; i++)
		if (!utf8_valid(t[i].s, t[i].len) != !t[i].ok)
			fail_msg("case %zu: utf8_valid gave %d", i,
			    utf8_valid(t[i].s, t[i].len));
}

static size_t
enc(uint32_t cp, char *out)
{
	return (size_t)utf8proc_encode_char((utf8proc_int32_t)cp,
	    (utf8proc_uint8_t *)out);
}

/*
 * text_normalize skips utf8proc for text of characters NFKC leaves alone
 * (ASCII, kana, CJK ideographs): every one of those, between ASCII letters
 * and after each other, must come out as utf8proc's NFKC gives it.
 */
static void
test_nfkc_fast_path_agrees(void **state)
{
	static const uint32_t range[][2] = { { 0x20, 0x7E }, { 0x3000, 0x30FF },
	    { 0x3400, 0x4DBF }, { 0x4E00, 0x9FFF } };
	char in[32], *got;
	utf8proc_uint8_t *want;
	size_t r, n;
	uint32_t cp;
	struct err e;

	(void)state;
	for (r = 0; r < sizeof range / sizeof range[0]; r++) {
		for (cp = range[r][0]; cp <= range[r][1]; cp++) {
			if (cp == ' ' || cp == 0x3000)
				continue;	/* folded and trimmed */
			n = 0;
			in[n++] = 'a';
			n += enc(cp, in + n);
			n += enc(0x30AB, in + n);	/* カ: composes with ゙ */
			n += enc(cp, in + n);
			in[n++] = 'b';
			in[n] = '\0';
			want = utf8proc_NFKC((const utf8proc_uint8_t *)in);
			err_clear(&e);
			got = text_normalize(in, &e);
			assert_non_null(want);
			if (cp != 0x309B && cp != 0x309C &&
			    strchr((const char *)want, ' ') == NULL &&
			    (got == NULL || strcmp(got, (const char *)want) != 0))
				fail_msg("U+%04X: \"%s\", NFKC gives \"%s\"",
				    (unsigned)cp, got ? got : "(null)",
				    (const char *)want);
			free(got);
			free(want);
		}
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_kana_normalize_table),
		cmocka_unit_test(test_kana_normalize_rejects),
		cmocka_unit_test(test_kana_normalize_invalid_utf8),
		cmocka_unit_test(test_kana_search_key_examples),
		cmocka_unit_test(test_kana_search_key_voicing),
		cmocka_unit_test(test_kana_search_key_small),
		cmocka_unit_test(test_kana_search_key_long_vowel),
		cmocka_unit_test(test_kana_search_key_misc),
		cmocka_unit_test(test_kana_search_key_same_for_variants),
		cmocka_unit_test(test_text_normalize),
		cmocka_unit_test(test_name_search_key),
		cmocka_unit_test(test_kana_only),
		cmocka_unit_test(test_utf8_valid),
		cmocka_unit_test(test_nfkc_fast_path_agrees),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
