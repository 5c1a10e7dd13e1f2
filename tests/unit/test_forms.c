/*
 * Unit tests for forms/: wide-character editing and cursor columns,
 * keystroke refusal per field type, auto-advance of fixed-length fields,
 * validation on exit (dates to 和暦, kana folding, patterns, required) and
 * alerts that need a confirmation, and the draft serialisation.
 */
#include "testutil.h"

#include "forms.h"

/* A stand-in for the ledger's My Number check: the tests' own copy of the
 * 総務省令 check digit, so that forms stay independent of ledger/. */
static int
mn_check(const char *in, char *out, size_t size, struct err *e)
{
	static const int w[11] = { 6, 5, 4, 3, 2, 7, 6, 5, 4, 3, 2 };
	int i, sum = 0, r, same = 1;

	if (strlen(in) != 12)
		return err_set(e, E_MYNUMBER_LENGTH, "", NULL);
	for (i = 0; i < 11; i++) {
		sum += (in[i] - '0') * w[i];
		if (in[i] != in[0])
			same = 0;
	}
	r = sum % 11;
	if (in[11] - '0' != (r <= 1 ? 0 : 11 - r))
		return err_set(e, E_MYNUMBER_CHECK, "", NULL);
	snprintf(out, size, "%s", in);
	if (same && in[11] == in[0])
		return err_set(e, E_MYNUMBER_REPEATED, "", NULL), 1;
	return 0;
}

static const struct field_choice sexes[] = {
	{ "1", "male" }, { "2", "female" }, { "9", "not stated" }, { NULL, NULL }
};
static const struct field_choice reasons[] = {
	{ "01", "counter" }, { "02", "notification" }, { "13", "x" },
	{ "131", "y" }, { NULL, NULL }
};

static const struct field_def defs[] = {
	{ "name", "Name", FT_TEXT, 10, 8, NULL, 1, FSENS_ORDINARY, "", NULL, NULL, 0 },
	{ "kana", "Reading", FT_KANA, 20, 0, NULL, 0, FSENS_ORDINARY, "", NULL, NULL, 0 },
	{ "dob", "Birth", FT_DATE, 16, 0, NULL, 0, FSENS_ORDINARY, "", NULL, NULL, 0 },
	{ "mn", "My Number", FT_MYNUMBER, 14, 0, NULL, 0, FSENS_MYNUMBER, "", NULL, mn_check, 0 },
	{ "postal", "Postal", FT_POSTAL, 8, 0, NULL, 0, FSENS_ORDINARY, "", NULL, NULL, 0 },
	{ "phone", "Phone", FT_TEXT, 14, 0, "0[0-9]{1,4}-[0-9]{1,4}-[0-9]{3,4}", 0, FSENS_ORDINARY, "", NULL, NULL, 0 },
	{ "sex", "Sex", FT_CHOICE, 8, 0, NULL, 0, FSENS_ORDINARY, "", sexes, NULL, 0 },
	{ "reason", "Reason", FT_CODE, 4, 0, NULL, 1, FSENS_ORDINARY, "", reasons, NULL, 0 },
	{ "fee", "Fee", FT_YEN, 10, 0, NULL, 0, FSENS_INCOME, "", NULL, NULL, 0 },
	{ "no", "Number", FT_DIGITS, 15, 0, NULL, 0, FSENS_ORDINARY, "", NULL, NULL, 0 },
};
#define NDEFS (sizeof defs / sizeof defs[0])

static struct form *
mk(void)
{
	struct err e;
	struct form *fm = form_new(defs, NDEFS, &e);

	assert_non_null(fm);
	return fm;
}

static struct field *
at(struct form *fm, const char *name)
{
	int i = form_find(fm, name);

	assert_true(i >= 0);
	form_goto(fm, (size_t)i);
	return &fm->f[i];
}

static void
test_wide_cursor(void **state)
{
	struct form *fm = mk();
	struct field *f = at(fm, "name");

	(void)state;
	field_insert_str(f, "山田a");
	assert_int_equal(field_cursor_col(f), 5);
	field_edit(f, FK_LEFT);
	assert_int_equal(field_cursor_col(f), 4);
	field_edit(f, FK_LEFT);
	assert_int_equal(field_cursor_col(f), 2);
	field_edit(f, FK_HOME);
	assert_int_equal(field_cursor_col(f), 0);
	field_edit(f, FK_END);
	assert_int_equal(field_cursor_col(f), 5);
	form_free(&fm);
}

static void
test_wide_insert_middle(void **state)
{
	struct form *fm = mk();
	struct field *f = at(fm, "name");

	(void)state;
	field_insert_str(f, "山郎");
	field_edit(f, FK_LEFT);
	field_insert_str(f, "田太");
	assert_string_equal(field_text(f), "山田太郎");
	assert_int_equal(field_cursor_col(f), 6);
	field_edit(f, FK_BACKSPACE);
	assert_string_equal(field_text(f), "山田郎");
	assert_int_equal(field_cursor_col(f), 4);
	field_edit(f, FK_DELETE);
	assert_string_equal(field_text(f), "山田");
	field_insert_str(f, "𠮷");
	assert_int_equal(field_cursor_col(f), 6);
	form_free(&fm);
}

static void
test_window_scrolls(void **state)
{
	struct form *fm = mk();
	struct field *f = at(fm, "kana");	/* 20 cells */
	size_t start, len;
	int col;

	(void)state;
	field_insert_str(f, "ヤマダタロウヤマダタロウ");	/* 24 cells */
	len = field_window(f, 0, &start, &col);
	assert_true(start > 0);
	assert_true(col <= 19);
	assert_true(len > 0);
	field_edit(f, FK_HOME);
	len = field_window(f, 0, &start, &col);
	assert_int_equal(start, 0);
	assert_int_equal(col, 0);
	assert_int_equal(len, 10 * 3);	/* ten 全角 in 20 cells */
	form_free(&fm);
}

static void
test_maxlen_refused(void **state)
{
	struct form *fm = mk();
	struct field *f = at(fm, "name");	/* 8 code points */

	(void)state;
	field_insert_str(f, "一二三四五六七八");
	assert_int_equal(field_insert(f, 0x4E5D) & FIELD_REFUSED, FIELD_REFUSED);
	assert_string_equal(field_text(f), "一二三四五六七八");
	form_free(&fm);
}

static void
test_digits_refuse_letters(void **state)
{
	struct form *fm = mk();
	struct field *f = at(fm, "no");

	(void)state;
	assert_true(field_insert(f, 'a') & FIELD_REFUSED);
	assert_true(field_insert(f, 0x5C71) & FIELD_REFUSED);
	assert_true(field_insert(f, '\t') & FIELD_REFUSED);
	assert_true(field_insert(f, '7') & FIELD_CHANGED);
	assert_true(field_insert(f, 0xFF18) & FIELD_CHANGED);	/* ８ */
	assert_string_equal(field_text(f), "78");
	form_free(&fm);
}

static void
test_kana_accepts_and_folds(void **state)
{
	struct form *fm = mk();
	struct field *f = at(fm, "kana");
	struct err e;

	(void)state;
	assert_true(field_insert(f, 'A') & FIELD_REFUSED);
	assert_true(field_insert(f, 0x5C71) & FIELD_REFUSED);	/* 山 */
	assert_int_equal(field_insert_str(f, "ﾔﾏﾀﾞ　たろう") & FIELD_REFUSED, 0);
	assert_int_equal(field_validate(f, &e), 0);
	assert_string_equal(field_value(f), "ヤマダ　タロウ");
	assert_string_equal(field_text(f), "ヤマダ　タロウ");
	form_free(&fm);
}

static void
test_mynumber_fullwidth_and_advance(void **state)
{
	struct form *fm = mk();
	struct err e;
	int r = 0, i;
	const char *n = "１２３４５６７８９０１８";
	uint32_t cp;

	(void)state;
	at(fm, "mn");
	for (i = 0; i < 12; i++) {
		cp = 0xFF10 + (uint32_t)(n[i * 3 + 2] - (char)0x90);
		r = form_char(fm, cp, &e);
	}
	assert_true(r & FORM_ADVANCED);
	assert_int_equal(fm->cur, (size_t)form_find(fm, "postal"));
	assert_string_equal(form_value(fm, "mn"), "123456789018");
	form_free(&fm);
}

static void
test_mynumber_bad_check_stays(void **state)
{
	struct form *fm = mk();
	struct err e;
	int r = 0;
	const char *p;

	(void)state;
	at(fm, "mn");
	for (p = "123456789010"; *p; p++)
		r = form_char(fm, (uint32_t)*p, &e);
	assert_true(r & FORM_INVALID);
	assert_false(r & FORM_MOVED);
	assert_int_equal(e.code, E_MYNUMBER_CHECK);
	assert_string_equal(e.field, "mn");
	assert_int_equal(fm->cur, (size_t)form_find(fm, "mn"));
	/* A thirteenth digit is refused. */
	assert_true(form_char(fm, '1', &e) & FORM_REFUSED);
	form_free(&fm);
}

static void
test_postal_advance_and_normalise(void **state)
{
	struct form *fm = mk();
	struct err e;
	int r = 0;
	const char *p;

	(void)state;
	at(fm, "postal");
	for (p = "604-8571"; *p; p++)
		r = form_char(fm, (uint32_t)*p, &e);
	assert_true(r & FORM_ADVANCED);
	assert_string_equal(form_value(fm, "postal"), "6048571");
	assert_string_equal(field_text(&fm->f[form_find(fm, "postal")]), "604-8571");
	form_free(&fm);
}

static void
test_date_digits_advance_to_wareki(void **state)
{
	struct form *fm = mk();
	struct err e;
	int r = 0;
	const char *p;
	int i = form_find(fm, "dob");

	(void)state;
	at(fm, "dob");
	for (p = "20240401"; *p; p++)
		r = form_char(fm, (uint32_t)*p, &e);
	assert_true(r & FORM_ADVANCED);
	assert_string_equal(field_text(&fm->f[i]), "令和6年4月1日");
	assert_string_equal(form_value(fm, "dob"), "2024-04-01");
	/* Letter + 6 digits also fills. */
	at(fm, "dob");
	field_edit(&fm->f[i], FK_CLEAR);
	for (p = "S450301"; *p; p++)
		r = form_char(fm, (uint32_t)*p, &e);
	assert_true(r & FORM_ADVANCED);
	assert_string_equal(form_value(fm, "dob"), "1970-03-01");
	assert_string_equal(field_text(&fm->f[i]), "昭和45年3月1日");
	form_free(&fm);
}

static void
test_date_invalid_blocks_exit(void **state)
{
	struct form *fm = mk();
	struct err e;
	struct field *f = at(fm, "dob");
	int r;

	(void)state;
	field_insert_str(f, "H31.5.1");
	r = form_next(fm, &e);
	assert_true(r & FORM_INVALID);
	assert_int_equal(e.code, E_DATE_ERA_RANGE);
	assert_string_equal(e.field, "dob");
	assert_int_equal(fm->cur, (size_t)form_find(fm, "dob"));
	assert_true(field_insert(f, 'x') & FIELD_REFUSED);
	assert_false(field_insert(f, 0x4EE4) & FIELD_REFUSED);	/* 令 */
	form_free(&fm);
}

static void
test_required_only_at_save(void **state)
{
	struct form *fm = mk();
	struct err e;
	int r;

	(void)state;
	form_goto(fm, 0);
	r = form_next(fm, &e);		/* empty required name: may leave */
	assert_true(r & FORM_MOVED);
	assert_int_equal(form_validate_all(fm, &e), -1);
	assert_int_equal(e.code, E_REQUIRED);
	assert_string_equal(e.field, "name");
	assert_int_equal(fm->cur, 0);
	form_free(&fm);
}

static void
test_pattern(void **state)
{
	struct form *fm = mk();
	struct err e;
	struct field *f = at(fm, "phone");

	(void)state;
	field_insert_str(f, "075-222-3111x");
	assert_int_equal(field_validate(f, &e), -1);
	assert_int_equal(e.code, E_PATTERN);
	field_edit(f, FK_BACKSPACE);
	assert_int_equal(field_validate(f, &e), 0);
	form_free(&fm);
}

static void
test_bad_pattern_fails_form(void **state)
{
	static const struct field_def bad[] = {
		{ "x", "X", FT_TEXT, 5, 0, "([a-", 0, FSENS_ORDINARY, "", NULL, NULL, 0 },
	};
	struct err e;

	(void)state;
	assert_null(form_new(bad, 1, &e));
	assert_int_equal(e.code, E_PATTERN);
	assert_string_equal(e.field, "x");
}

static void
test_alert_needs_confirmation(void **state)
{
	struct form *fm = mk();
	struct err e;

	(void)state;
	form_set(fm, "name", "山田");
	form_set(fm, "reason", "01");
	form_set(fm, "mn", "000000000000");
	assert_int_equal(form_validate_all(fm, &e), 1);
	assert_int_equal(e.code, E_MYNUMBER_REPEATED);
	assert_int_equal(fm->cur, (size_t)form_find(fm, "mn"));
	form_confirm_alerts(fm);
	assert_int_equal(form_validate_all(fm, &e), 0);
	/* Changing the value asks again. */
	form_set(fm, "mn", "000000000000");
	assert_int_equal(form_validate_all(fm, &e), 1);
	form_free(&fm);
}

static void
test_choice_and_code(void **state)
{
	struct form *fm = mk();
	struct field *f = at(fm, "sex");
	struct err e;
	const char *p;
	int r = 0;

	(void)state;
	assert_true(field_insert(f, '2') & FIELD_CHANGED);
	assert_string_equal(field_text(f), "2");
	field_insert(f, ' ');
	assert_string_equal(field_text(f), "9");
	field_insert(f, ' ');
	assert_string_equal(field_text(f), "1");
	assert_true(field_insert(f, 'x') & FIELD_REFUSED);
	/* "01" is complete: advance; "13" is a prefix of "131": wait. */
	at(fm, "reason");
	for (p = "01"; *p; p++)
		r = form_char(fm, (uint32_t)*p, &e);
	assert_true(r & FORM_ADVANCED);
	f = at(fm, "reason");
	field_edit(f, FK_CLEAR);
	r = form_char(fm, '1', &e);
	r = form_char(fm, '3', &e);
	assert_false(r & FORM_ADVANCED);
	field_edit(f, FK_CLEAR);
	field_insert_str(f, "99");
	assert_int_equal(field_validate(f, &e), -1);
	assert_int_equal(e.code, E_CODE_UNKNOWN);
	form_free(&fm);
}

static void
test_yen(void **state)
{
	struct form *fm = mk();
	struct field *f = at(fm, "fee");
	struct err e;

	(void)state;
	assert_true(field_insert(f, '-') & FIELD_REFUSED);
	field_insert_str(f, "1,200");
	assert_int_equal(field_validate(f, &e), 0);
	assert_string_equal(field_value(f), "1200");
	field_edit(f, FK_CLEAR);
	field_insert_str(f, ",,");
	assert_int_equal(field_validate(f, &e), 0);
	assert_string_equal(field_value(f), "0");
	form_free(&fm);
}

static void
test_serialize_restore(void **state)
{
	struct form *fm = mk(), *fm2 = mk();
	char *s;

	(void)state;
	form_set(fm, "name", "山田 太郎");
	form_set(fm, "kana", "ヤマダ");
	form_set(fm, "dob", "R6.4.1");
	s = form_serialize(fm);
	assert_non_null(strstr(s, "name=山田 太郎\n"));
	assert_int_equal(form_restore(fm2, s), 3);
	assert_string_equal(field_text(&fm2->f[form_find(fm2, "dob")]), "R6.4.1");
	assert_int_equal(form_restore(fm2, "nosuch=1\nbroken\nkana=\x01\n"), 0);
	assert_true(fm2->dirty);
	free(s);
	form_free(&fm);
	form_free(&fm2);
}

static void
test_controls_refused_everywhere(void **state)
{
	struct form *fm = mk();
	size_t i;

	(void)state;
	for (i = 0; i < fm->n; i++) {
		assert_true(field_insert(&fm->f[i], 0x1B) & FIELD_REFUSED);
		assert_true(field_insert(&fm->f[i], 0x7F) & FIELD_REFUSED);
	}
	assert_int_equal(form_set(fm, "name", "a\nb"), -1);
	form_free(&fm);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_wide_cursor),
		cmocka_unit_test(test_wide_insert_middle),
		cmocka_unit_test(test_window_scrolls),
		cmocka_unit_test(test_maxlen_refused),
		cmocka_unit_test(test_digits_refuse_letters),
		cmocka_unit_test(test_kana_accepts_and_folds),
		cmocka_unit_test(test_mynumber_fullwidth_and_advance),
		cmocka_unit_test(test_mynumber_bad_check_stays),
		cmocka_unit_test(test_postal_advance_and_normalise),
		cmocka_unit_test(test_date_digits_advance_to_wareki),
		cmocka_unit_test(test_date_invalid_blocks_exit),
		cmocka_unit_test(test_required_only_at_save),
		cmocka_unit_test(test_pattern),
		cmocka_unit_test(test_bad_pattern_fails_form),
		cmocka_unit_test(test_alert_needs_confirmation),
		cmocka_unit_test(test_choice_and_code),
		cmocka_unit_test(test_yen),
		cmocka_unit_test(test_serialize_restore),
		cmocka_unit_test(test_controls_refused_everywhere),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
