/*
 * Code tables (ledger/codes.c, R-31): the seeded rows agree with the
 * rules' own tables, codes are checked on entry, and the admin's CSV
 * import is strict, all-or-nothing and audited.
 */
#include "booktest.h"

#include "codes.h"
#include "vaccine.h"

static int
count_vaccine(void *ctx, const struct db_code *c)
{
	const struct vaccine_type *v = vaccine_find(vaccine_default_table(),
	    c->code);

	assert_non_null(v);
	assert_string_equal(c->attr, vaccine_class_name(v->cls));
	(*(int *)ctx)++;
	return 0;
}

static void
test_seeded_vaccines_match_rules(void **state)
{
	struct fx *f = *state;
	const struct vaccine_table *vt = vaccine_default_table();
	struct err e;
	int i, n = 0;

	for (i = 0; i < vt->n; i++)
		assert_int_equal(codes_check(f->lg, CODES_VACCINE,
		    vt->types[i].code, &e), 0);
	assert_int_equal(codes_each(f->lg, CODES_VACCINE, count_vaccine, &n,
	    &e), 0);
	assert_int_equal(n, vt->n);
}

static void
test_seeded_fees_match_rules(void **state)
{
	struct fx *f = *state;
	const struct elderly_fee_table *d = elderly_default_fees();
	struct elderly_fee_table *t;
	struct err e;
	int i;

	assert_non_null(t = codes_fees(f->lg, &e));
	assert_int_equal(t->n, d->n);
	for (i = 0; i < d->n; i++)
		assert_memory_equal(&t->rows[i], &d->rows[i], sizeof d->rows[i]);
	codes_fees_free(&t);
	assert_null(t);
}

static void
test_check_codes(void **state)
{
	struct fx *f = *state;
	struct db_code c;
	struct err e;

	assert_int_equal(codes_get(f->lg, CODES_POST_OFFICE, "26001", &c, &e), 0);
	assert_string_equal(c.name, "京都中央郵便局");
	assert_string_equal(c.postal_code, "6008799");
	assert_int_equal(codes_get(f->lg, CODES_INSTITUTION, "2610100011", &c,
	    &e), 0);
	assert_string_equal(c.name, "京都市立病院");
	assert_int_equal(codes_check(f->lg, CODES_POST_OFFICE, "99999", &e), -1);
	assert_int_equal(e.code, E_CODE_UNKNOWN);
	assert_string_equal(e.field, "post_office");
	assert_int_equal(codes_check(f->lg, CODES_VACCINE, "", &e), -1);
	assert_int_equal(e.code, E_REQUIRED);
	assert_int_equal(codes_check(f->lg, CODES_BUS, "01", &e), 0);
	/* A reason of the child ledger is no reason for the elderly pass. */
	assert_int_equal(codes_check_reason(f->lg, LEDGER_CHILD, "11", &e), 0);
	assert_int_equal(codes_check_reason(f->lg, LEDGER_ELDERLY, "11", &e), -1);
	assert_int_equal(e.code, E_CODE_UNKNOWN);
	assert_string_equal(e.field, "reason_code");
	assert_int_equal(codes_check_reason(f->lg, LEDGER_ELDERLY, "01", &e), 0);
	assert_int_equal(codes_check_reason(f->lg, LEDGER_VACCINE, "", &e), -1);
	assert_int_equal(e.code, E_REQUIRED);
}

static void
test_import_post_offices(void **state)
{
	struct fx *f = *state;
	const char *csv =
	    "\xef\xbb\xbf" "郵便局コード_x\r\n";
	const char *good =
	    "コード,名称,郵便番号,住所,電話番号\r\n"
	    "26101,下京郵便局,600-8799,\"京都市下京区, 東塩小路町\",075-000-0000\r\n"
	    "26001,京都中央郵便局 (新),6008799,京都市下京区東塩小路町843番地の12,\r\n";
	struct db_code c;
	struct err e;
	int rows, before = bt_audit_count(f, "codes-import", NULL);

	/* An unknown column refuses the file. */
	assert_int_equal(codes_import(f->admin, CODES_POST_OFFICE, csv, &rows,
	    &e), -1);
	assert_int_equal(e.code, E_PATTERN);
	assert_int_equal(codes_import(f->admin, CODES_POST_OFFICE, good, &rows,
	    &e), 0);
	assert_int_equal(rows, 2);
	assert_int_equal(codes_get(f->lg, CODES_POST_OFFICE, "26101", &c, &e), 0);
	assert_string_equal(c.address, "京都市下京区, 東塩小路町");
	assert_string_equal(c.postal_code, "6008799");
	assert_int_equal(codes_get(f->lg, CODES_POST_OFFICE, "26001", &c, &e), 0);
	assert_string_equal(c.name, "京都中央郵便局 (新)");
	/* One audit row per attempt; the refused one says so. */
	assert_int_equal(bt_audit_count(f, "codes-import", NULL), before + 2);
	assert_int_equal(bt_audit_count(f, "codes-import", "post_office"), 1);
}

static void
test_import_all_or_nothing(void **state)
{
	struct fx *f = *state;
	const char *bad =
	    "code,name,postal_code\n"
	    "2610900001,洛中診療所,6048571\n"
	    "2610900002,洛外診療所,604857\n";
	struct err e;
	int rows;

	assert_int_equal(codes_import(f->admin, CODES_INSTITUTION, bad, &rows,
	    &e), -1);
	assert_int_equal(e.code, E_POSTAL);
	assert_string_equal(e.field, "postal_code");
	assert_non_null(strstr(e.detail, "line 3"));
	/* The good first row was not kept either. */
	assert_int_equal(codes_check(f->lg, CODES_INSTITUTION, "2610900001",
	    &e), -1);
	assert_int_equal(e.code, E_CODE_UNKNOWN);
}

static void
test_import_strict_csv(void **state)
{
	struct fx *f = *state;
	static const struct {
		const char *csv;
		enum err_code code;
	} t[] = {
		{ "code,name\n01,\"open quote\n", E_PATTERN },
		{ "code,name\n01,a\"b\n", E_PATTERN },
		{ "code,name\n01,\"a\"b\n", E_PATTERN },
		{ "code,name\n01,a,extra\n", E_PATTERN },
		{ "code,name\n", E_REQUIRED },
		{ "name\n京都バス\n", E_REQUIRED },
		{ "code,name\n0 1,京都バス\n", E_BAD_CHAR },
		{ "code,name,code\n01,a,01\n", E_PATTERN },
		{ "code,name\n01,\xff\n", E_ENCODING },
	};
	struct err e;
	size_t i;

	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		if (codes_import(f->admin, CODES_BUS, t[i].csv, NULL, &e) != -1)
			fail_msg("case %zu accepted", i);
		if (e.code != t[i].code)
			fail_msg("case %zu: %s [%s] %s", i, err_message(e.code),
			    e.field, e.detail);
	}
}

static void
test_import_vaccine_class_and_reason_ledger(void **state)
{
	struct fx *f = *state;
	struct err e;

	assert_int_equal(codes_import(f->admin, CODES_VACCINE,
	    "code,name,attr\nCOVID,新型コロナ,C\n", NULL, &e), -1);
	assert_int_equal(e.code, E_CHOICE);
	assert_int_equal(codes_import(f->admin, CODES_REASON,
	    "code,name,attr\n90,テスト,nosuch\n", NULL, &e), -1);
	assert_int_equal(e.code, E_CHOICE);
	assert_int_equal(codes_import(f->admin, CODES_REASON,
	    "code,name,区分\n90,転居に伴う変更,elderly\n", NULL, &e), 0);
	assert_int_equal(codes_check_reason(f->lg, LEDGER_ELDERLY, "90", &e), 0);
}

static void
test_import_fees(void **state)
{
	struct fx *f = *state;
	struct elderly_fee_table *t;
	struct err e;
	long fee;
	int rows;

	assert_int_equal(codes_import(f->admin, CODES_FEE,
	    "年度,負担区分,0.5年負担金額,1.0年負担金額,1.5年負担金額,限度額負担金額\n"
	    "2026,3,8000,16000,24000,20000\n", &rows, &e), 0);
	assert_int_equal(rows, 1);
	assert_non_null(t = codes_fees(f->lg, &e));
	assert_int_equal(elderly_fee(t, 2026, 3, ELDERLY_PERIOD_ONE, &fee, &e), 0);
	assert_int_equal(fee, 16000);
	/* The cap applies to the imported row too. */
	assert_int_equal(elderly_fee(t, 2026, 3, ELDERLY_PERIOD_ONE_HALF, &fee,
	    &e), 0);
	assert_int_equal(fee, 20000);
	codes_fees_free(&t);
	assert_int_equal(codes_import(f->admin, CODES_FEE,
	    "year,tier,half,one,one_half,cap\n2026,4,-1,0,0,0\n", NULL, &e), -1);
	assert_int_equal(e.code, E_AMOUNT);
	assert_string_equal(e.field, "half");
}

static void
test_import_needs_admin(void **state)
{
	struct fx *f = *state;
	struct err e;
	int denied = bt_audit_count(f, "codes-import", NULL);

	assert_int_equal(codes_import(f->clerk, CODES_BUS,
	    "code,name\n09,架空バス\n", NULL, &e), -1);
	assert_int_equal(e.code, E_DENIED);
	assert_int_equal(bt_audit_count(f, "codes-import", NULL), denied + 1);
	assert_int_equal(codes_check(f->lg, CODES_BUS, "09", &e), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_seeded_vaccines_match_rules, bt_setup, bt_teardown),
		cmocka_unit_test_setup_teardown(test_seeded_fees_match_rules, bt_setup, bt_teardown),
		cmocka_unit_test_setup_teardown(test_check_codes, bt_setup, bt_teardown),
		cmocka_unit_test_setup_teardown(test_import_post_offices, bt_setup, bt_teardown),
		cmocka_unit_test_setup_teardown(test_import_all_or_nothing, bt_setup, bt_teardown),
		cmocka_unit_test_setup_teardown(test_import_strict_csv, bt_setup, bt_teardown),
		cmocka_unit_test_setup_teardown(test_import_vaccine_class_and_reason_ledger, bt_setup, bt_teardown),
		cmocka_unit_test_setup_teardown(test_import_fees, bt_setup, bt_teardown),
		cmocka_unit_test_setup_teardown(test_import_needs_admin, bt_setup, bt_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
