/*
 * Unit tests for ledger/mynumber.c: normalisation of full-width
 * digits and the card's spacing, the check digit of 総務省令第85号 第5条
 * against an independent implementation of the ordinance's P/Q form,
 * the repeated-digit alert, masking and grouping.
 */
#include "testutil.h"

#include "err.h"
#include "mynumber.h"

struct vec {
	const char *in;
	int rc;			/* mynumber_validate's return */
	enum err_code code;	/* e.code afterwards */
	const char *digits;	/* normalised form when rc >= 0 */
};

static void
check_vectors(const struct vec *t, size_t n)
{
	char out[MYNUMBER_LEN + 1];
	struct err e;
	size_t i;
	int rc;

	for (i = 0; i < n; i++) {
		err_clear(&e);
		memset(out, 'x', sizeof out);
		rc = mynumber_validate(t[i].in, out, &e);
		if (rc != t[i].rc || e.code != t[i].code)
			fail_msg("case %zu [%s]: rc %d code %d, expected rc %d "
			    "code %d", i, t[i].in, rc, e.code, t[i].rc,
			    t[i].code);
		if (rc >= 0 && strcmp(out, t[i].digits) != 0)
			fail_msg("case %zu [%s]: normalised to [%s]", i,
			    t[i].in, out);
		if (rc < 0 && e.code != E_OK)
			assert_string_equal(e.field, "my_number");
	}
}

static void
test_r28_valid(void **state)
{
	static const struct vec t[] = {
		{ "123456789018", 0, E_OK, "123456789018" },
		{ "621498320257", 0, E_OK, "621498320257" },
		{ "614106526000", 0, E_OK, "614106526000" },
		{ "983205673214", 0, E_OK, "983205673214" },
		{ "614106523000", 0, E_OK, "614106523000" },	/* a typo the check misses */
		{ "987654321093", 0, E_OK, "987654321093" },
		{ "111111111118", 0, E_OK, "111111111118" },	/* not all the same */
	};

	(void)state;
	check_vectors(t, sizeof t / sizeof t[0]);
}

static void
test_r28_repeated_alert(void **state)
{
	static const struct vec t[] = {
		{ "000000000000", 1, E_MYNUMBER_REPEATED, "000000000000" },
		{ "００００００００００００", 1, E_MYNUMBER_REPEATED, "000000000000" },
		{ "0000 0000 0000", 1, E_MYNUMBER_REPEATED, "000000000000" },
	};

	(void)state;
	check_vectors(t, sizeof t / sizeof t[0]);
	assert_true(err_is_alert(E_MYNUMBER_REPEATED));
}

static void
test_r28_invalid(void **state)
{
	static const struct vec t[] = {
		{ "123456789013", -1, E_MYNUMBER_CHECK, NULL },
		{ "123456789019", -1, E_MYNUMBER_CHECK, NULL },
		{ "213456789018", -1, E_MYNUMBER_CHECK, NULL },	/* swapped pair */
		{ "12345678901", -1, E_MYNUMBER_LENGTH, NULL },
		{ "1234567890180", -1, E_MYNUMBER_LENGTH, NULL },
		{ "", -1, E_MYNUMBER_LENGTH, NULL },
		{ "    ", -1, E_MYNUMBER_LENGTH, NULL },
		{ "12345678901a", -1, E_MYNUMBER_CHAR, NULL },
		{ "1234567890１a", -1, E_MYNUMBER_CHAR, NULL },
		{ "123456789O18", -1, E_MYNUMBER_CHAR, NULL },	/* letter O */
		{ "一二三四五六七八九〇一八", -1, E_MYNUMBER_CHAR, NULL },
		{ "1234.5678.9018", -1, E_MYNUMBER_CHAR, NULL },
		{ "1234/5678/9018", -1, E_MYNUMBER_CHAR, NULL },
		{ "+123456789018", -1, E_MYNUMBER_CHAR, NULL },
		{ "12345678901\xff", -1, E_MYNUMBER_CHAR, NULL },	/* bad UTF-8 */
		{ "１２３４５６７８９０１９", -1, E_MYNUMBER_CHECK, NULL },
	};

	(void)state;
	check_vectors(t, sizeof t / sizeof t[0]);
}

static void
test_r28_full_width_and_spacing(void **state)
{
	static const struct vec t[] = {
		{ "１２３４５６７８９０１８", 0, E_OK, "123456789018" },
		{ "1234 5678 9018", 0, E_OK, "123456789018" },
		{ "1234-5678-9018", 0, E_OK, "123456789018" },
		{ "1234　5678　9018", 0, E_OK, "123456789018" },	/* U+3000 */
		{ "１２３４　５６７８　９０１８", 0, E_OK, "123456789018" },
		{ "１２３４－５６７８－９０１８", 0, E_OK, "123456789018" },	/* U+FF0D */
		{ "1234−5678−9018", 0, E_OK, "123456789018" },	/* U+2212 */
		{ "1234‐5678‐9018", 0, E_OK, "123456789018" },	/* U+2010 */
		{ " 6214 9832 0257 ", 0, E_OK, "621498320257" },
		{ "6214９８３２0257", 0, E_OK, "621498320257" },	/* mixed widths */
	};

	(void)state;
	check_vectors(t, sizeof t / sizeof t[0]);
}

static void
test_normalize_only(void **state)
{
	char out[MYNUMBER_LEN + 1];
	struct err e;

	(void)state;
	/* Normalisation does not check the digit. */
	err_clear(&e);
	assert_int_equal(mynumber_normalize("１２３４ ５６７８ ９０１９", out, &e), 0);
	assert_string_equal(out, "123456789019");
	assert_int_equal(e.code, E_OK);
	/* A 13th digit is refused as a length error even mid-string. */
	assert_int_equal(mynumber_normalize("1234567890123", out, &e), -1);
	assert_int_equal(e.code, E_MYNUMBER_LENGTH);
	assert_int_equal(mynumber_normalize("12345678901a", out, &e), -1);
	assert_int_equal(e.code, E_MYNUMBER_CHAR);
	/* NULL err is allowed. */
	assert_int_equal(mynumber_normalize("12", out, NULL), -1);
}

/*
 * The ordinance's own formulation, written independently of mynumber.c:
 * P(n) is the n-th digit from the right of the 11, Q(n) = n + 1 for
 * n = 1..6 and n - 5 for n = 7..11, r = Σ P·Q mod 11, check = 0 when
 * r <= 1 else 11 - r.
 */
static int
ordinance_check_digit(const char d[11])
{
	int n, sum = 0, r;

	for (n = 1; n <= 11; n++) {
		int p = d[11 - n] - '0';
		int q = n <= 6 ? n + 1 : n - 5;

		sum += p * q;
	}
	r = sum % 11;
	return r <= 1 ? 0 : 11 - r;
}

static void
test_check_digit_property(void **state)
{
	char d[12];
	uint64_t x = 0x9e3779b97f4a7c15ULL;
	int i, pos, v, k;

	(void)state;
	d[11] = '\0';
	/* Every repeated-digit prefix. */
	for (v = 0; v <= 9; v++) {
		memset(d, '0' + v, 11);
		assert_int_equal(mynumber_check_digit(d), ordinance_check_digit(d));
	}
	/* Every digit at every position over a few bases. */
	for (k = 0; k < 50; k++) {
		for (i = 0; i < 11; i++) {
			x = x * 6364136223846793005ULL + 1442695040888963407ULL;
			d[i] = (char)('0' + (x >> 33) % 10);
		}
		for (pos = 0; pos < 11; pos++) {
			char save = d[pos];

			for (v = 0; v <= 9; v++) {
				d[pos] = (char)('0' + v);
				if (mynumber_check_digit(d) != ordinance_check_digit(d))
					fail_msg("prefix %s: %d vs %d", d,
					    mynumber_check_digit(d),
					    ordinance_check_digit(d));
			}
			d[pos] = save;
		}
	}
	/* A large pseudo-random sample. */
	for (k = 0; k < 200000; k++) {
		for (i = 0; i < 11; i++) {
			x = x * 6364136223846793005ULL + 1442695040888963407ULL;
			d[i] = (char)('0' + (x >> 33) % 10);
		}
		if (mynumber_check_digit(d) != ordinance_check_digit(d))
			fail_msg("prefix %s: %d vs %d", d, mynumber_check_digit(d),
			    ordinance_check_digit(d));
	}
}

static void
test_check_digit_detects_single_changes(void **state)
{
	char num[MYNUMBER_LEN + 1], out[MYNUMBER_LEN + 1];
	struct err e;
	int v, valid = 0;

	(void)state;
	/* Each wrong 12th digit is refused; exactly one is accepted. */
	memcpy(num, "62149832025", 11);
	num[12] = '\0';
	for (v = 0; v <= 9; v++) {
		num[11] = (char)('0' + v);
		err_clear(&e);
		if (mynumber_validate(num, out, &e) == 0)
			valid++;
		else
			assert_int_equal(e.code, E_MYNUMBER_CHECK);
	}
	assert_int_equal(valid, 1);
	assert_int_equal(mynumber_check_digit("62149832025"), 7);
	assert_int_equal(mynumber_check_digit("12345678901"), 8);
}

static void
test_mask_and_group(void **state)
{
	static const struct {
		const char *in, *mask, *group;
	} t[] = {
		{ "123456789018", "**** **** 9018", "1234 5678 9018" },
		{ "621498320257", "**** **** 0257", "6214 9832 0257" },
		{ "000000000000", "**** **** 0000", "0000 0000 0000" },
		{ "", "", "" },
		{ "12345678901", "", "" },	/* not a stored number */
		{ NULL, "", "" },
	};
	char out[16];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		memset(out, 'x', sizeof out);
		mynumber_mask(t[i].in, out);
		assert_string_equal(out, t[i].mask);
		memset(out, 'x', sizeof out);
		mynumber_group(t[i].in, out);
		assert_string_equal(out, t[i].group);
	}
	/* The mask never shows the first eight digits. */
	mynumber_mask("987654321093", out);
	assert_null(strstr(out, "9876"));
	assert_null(strstr(out, "5432"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_r28_valid),
		cmocka_unit_test(test_r28_repeated_alert),
		cmocka_unit_test(test_r28_invalid),
		cmocka_unit_test(test_r28_full_width_and_spacing),
		cmocka_unit_test(test_normalize_only),
		cmocka_unit_test(test_check_digit_property),
		cmocka_unit_test(test_check_digit_detects_single_changes),
		cmocka_unit_test(test_mask_and_group),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
