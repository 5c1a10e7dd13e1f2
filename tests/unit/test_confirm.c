/*
 * Confirmation by a second person (ledger/confirm.c, R-36 – R-38): the
 * four-eyes rule in the ledger and in the database, blind re-keying with
 * its tries, the rejection loop and the race between two supervisors.
 */
#include "testutil.h"

#include <sodium.h>

#include "auth.h"
#include "confirm.h"
#include "db.h"
#include "demo.h"
#include "ledger_internal.h"
#include "resident.h"

struct fx {
	char *dir;
	struct ledger *lg;
	struct session *clerk, *sup, *sup2;
};

static int
setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	char path[4200];
	struct err e;

	f->dir = test_tmpdir();
	test_db_target(f->dir, path, sizeof path);
	setenv("MADOGUCHI_TERMINAL", "T1", 1);
	assert_non_null(f->lg = ledger_open(path, NULL, &e));
	assert_int_equal(demo_accounts(f->lg, &e), 0);
	assert_non_null(f->clerk = auth_login(f->lg, "clerk", "demo-clerk", &e));
	assert_non_null(f->sup = auth_login(f->lg, "supervisor", "demo-supervisor", &e));
	assert_non_null(f->sup2 = auth_login(f->lg, "supervisor2", "demo-supervisor2", &e));
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;

	auth_logout(&f->clerk, NULL);
	auth_logout(&f->sup, NULL);
	auth_logout(&f->sup2, NULL);
	ledger_close(&f->lg);
	test_rmtree(f->dir);
	free(f->dir);
	free(f);
	return 0;
}

/* Submit a new person as s; returns the 宛名番号 in atena. */
static void
submit_new(struct session *s, const char *mn, const char *dob, char atena[16])
{
	struct resident_change c;
	struct err e;
	int rireki;

	memset(&c, 0, sizeof c);
	c.op = RES_MOVEIN;
	snprintf(c.rec.name, sizeof c.rec.name, "確認　花子");
	snprintf(c.rec.name_kana, sizeof c.rec.name_kana, "かくにん　はなこ");
	snprintf(c.rec.birth_date, sizeof c.rec.birth_date, "%s", dob);
	snprintf(c.rec.my_number, sizeof c.rec.my_number, "%s", mn);
	snprintf(c.rec.mn_method, sizeof c.rec.mn_method, "card");
	snprintf(c.rec.address, sizeof c.rec.address, "京都市中京区寺町通御池上る上本能寺前町488番地");
	snprintf(c.rec.postal_code, sizeof c.rec.postal_code, "604-8571");
	snprintf(c.rec.movement_date, sizeof c.rec.movement_date, "2024-04-01");
	c.rec.sex = 2;
	c.reason_code = "01";
	c.ref_no = "R6-0001";
	if (resident_submit(s, &c, atena, &rireki, &e) != 0)
		fail_msg("submit: %s [%s] %s", err_message(e.code), e.field, e.detail);
	assert_int_equal(rireki, 1);
}

static void
rekey(struct confirm_value v[3], const char *mn, const char *dob,
    const char *kana)
{
	v[0].name = "my_number";
	v[0].value = mn;
	v[1].name = "birth_date";
	v[1].value = dob;
	v[2].name = "name_kana";
	v[2].value = kana;
}

static void
test_own_entry_refused_in_ledger(void **state)
{
	struct fx *f = *state;
	struct confirm_ref ref = { LEDGER_RESIDENT, "", 1 };
	struct confirm_view v;
	struct confirm_value vals[3];
	struct err e;

	submit_new(f->sup, "123456789018", "1950-01-01", ref.entry);
	assert_int_equal(confirm_open(f->sup, &ref, &v, &e), -1);
	assert_int_equal(e.code, E_CONFIRM_OWN);
	memset(&v, 0, sizeof v);
	v.ref = ref;
	v.max_tries = 3;
	rekey(vals, "123456789018", "1950-01-01", "カクニン　ハナコ");
	assert_int_equal(confirm_try(f->sup, &v, vals, 3, &e), -1);
	assert_int_equal(e.code, E_CONFIRM_OWN);
	/* A clerk holds no supervisor role at all. */
	assert_int_equal(confirm_open(f->clerk, &ref, &v, &e), -1);
	assert_int_equal(e.code, E_DENIED);
}

static void
test_own_entry_refused_in_db(void **state)
{
	struct fx *f = *state;
	char atena[16];
	struct err e;

	submit_new(f->sup, "621498320257", "1960-02-02", atena);
	/* Even bypassing the ledger, the database refuses it. */
	assert_int_equal(db_begin(f->lg->db, &e), 0);
	assert_int_equal(db_resident_make_current(f->lg->db, atena, 1,
	    "supervisor", "2024-04-01 10:00:00", &e), -1);
	assert_non_null(strstr(e.detail, "four-eyes"));
	db_rollback(f->lg->db);
}

static void
test_dob_mismatch_then_confirm(void **state)
{
	struct fx *f = *state;
	struct confirm_ref ref = { LEDGER_RESIDENT, "", 1 };
	struct confirm_view v;
	struct confirm_value vals[3];
	struct db_resident r;
	struct err e;
	int i, count;
	struct resident_query q;

	submit_new(f->clerk, "614106526000", "1950-01-01", ref.entry);
	assert_int_equal(confirm_open(f->sup, &ref, &v, &e), 0);
	/* Key fields come blank; the others are shown for eyeballing. */
	for (i = 0; i < v.nfields; i++) {
		if (v.fields[i].key)
			assert_string_equal(v.fields[i].value, "");
		if (strcmp(v.fields[i].name, "name") == 0)
			assert_string_equal(v.fields[i].value, "確認　花子");
	}
	rekey(vals, "614106526000", "1950-01-10", "カクニン　ハナコ");
	assert_int_equal(confirm_try(f->sup, &v, vals, 3, &e), -1);
	assert_int_equal(e.code, E_CONFIRM_MISMATCH);
	assert_non_null(strstr(e.detail, "birth_date"));
	assert_null(strstr(e.detail, "my_number"));
	/* Still pending: search of current residents does not find it. */
	memset(&q, 0, sizeof q);
	q.my_number = "614106526000";
	q.reason = "01";
	assert_int_equal(resident_search(f->clerk, &q, NULL, NULL, &count, &e), 0);
	assert_int_equal(count, 0);
	/* The right value (typed in 和暦, hiragana) confirms. */
	rekey(vals, "6141 0652 6000", "S25.1.1", "かくにん　はなこ");
	assert_int_equal(confirm_try(f->sup, &v, vals, 3, &e), 0);
	assert_int_equal(db_resident_get(f->lg->db, ref.entry, &r, &e), 0);
	assert_string_equal(r.state, "confirmed");
	assert_string_equal(r.confirmed_by, "supervisor");
	assert_int_equal(resident_search(f->clerk, &q, NULL, NULL, &count, &e), 0);
	assert_int_equal(count, 1);
	/* A second supervisor is too late. */
	assert_int_equal(confirm_try(f->sup2, &v, vals, 3, &e), -1);
	assert_int_equal(e.code, E_CONFIRM_STALE);
}

static void
test_three_tries(void **state)
{
	struct fx *f = *state;
	struct confirm_ref ref = { LEDGER_RESIDENT, "", 1 };
	struct confirm_view v;
	struct confirm_value vals[3];
	struct err e;
	int i, shown = 0;

	submit_new(f->clerk, "983205673214", "1970-07-07", ref.entry);
	assert_int_equal(confirm_open(f->sup, &ref, &v, &e), 0);
	rekey(vals, "983205673214", "1970-07-08", "カクニン　ハナコ");
	assert_int_equal(confirm_try(f->sup, &v, vals, 3, &e), -1);
	assert_int_equal(e.code, E_CONFIRM_MISMATCH);
	assert_int_equal(confirm_try(f->sup, &v, vals, 3, &e), -1);
	assert_int_equal(e.code, E_CONFIRM_MISMATCH);
	assert_int_equal(confirm_try(f->sup, &v, vals, 3, &e), -1);
	assert_int_equal(e.code, E_CONFIRM_TRIES);
	/* Now the clerk's values are shown side by side. */
	for (i = 0; i < v.nfields; i++)
		if (strcmp(v.fields[i].name, "birth_date") == 0 &&
		    strcmp(v.fields[i].value, "1970-07-07") == 0)
			shown = 1;
	assert_true(shown);
	/* Even the right value no longer confirms: reject or correct. */
	rekey(vals, "983205673214", "1970-07-07", "カクニン　ハナコ");
	assert_int_equal(confirm_try(f->sup, &v, vals, 3, &e), -1);
	assert_int_equal(e.code, E_CONFIRM_TRIES);
	/* Another supervisor opening it sees the tries used up too. */
	assert_int_equal(confirm_open(f->sup2, &ref, &v, &e), 0);
	assert_int_equal(v.tries, 3);
}

struct found {
	int n;
	char comment[241];
	char entry[24];
};

static int
count_pending(void *ctx, const struct db_pending *p)
{
	struct found *fd = ctx;

	fd->n++;
	snprintf(fd->comment, sizeof fd->comment, "%s", p->review_comment);
	snprintf(fd->entry, sizeof fd->entry, "%s", p->entry);
	return 0;
}

static int
count_versions(void *ctx, const struct db_resident *r)
{
	(void)r;
	(*(int *)ctx)++;
	return 0;
}

static void
test_reject_loop(void **state)
{
	struct fx *f = *state;
	struct confirm_ref ref = { LEDGER_RESIDENT, "", 1 };
	struct confirm_view v;
	struct confirm_value vals[3];
	struct resident_change c;
	struct found fd;
	struct err e;
	char atena[16];
	int rireki, versions = 0;

	submit_new(f->clerk, "123456789018", "1980-03-03", ref.entry);
	memset(&fd, 0, sizeof fd);
	assert_int_equal(confirm_queue(f->sup, LEDGER_N, "clerk", count_pending, &fd, &e), 0);
	assert_int_equal(fd.n, 1);
	assert_int_equal(confirm_reject(f->sup, &ref, "", &e), -1);
	assert_int_equal(e.code, E_REQUIRED);
	assert_int_equal(confirm_reject(f->sup, &ref, "生年月日を申請書で確認", &e), 0);
	/* Back in the clerk's own queue, with the comment. */
	memset(&fd, 0, sizeof fd);
	assert_int_equal(confirm_rejected(f->clerk, count_pending, &fd, &e), 0);
	assert_int_equal(fd.n, 1);
	assert_string_equal(fd.comment, "生年月日を申請書で確認");
	/* The clerk corrects and resubmits: a second version. */
	memset(&c, 0, sizeof c);
	c.op = RES_MOVEIN;
	snprintf(c.rec.atena_no, sizeof c.rec.atena_no, "%.15s", ref.entry);
	snprintf(c.rec.name, sizeof c.rec.name, "確認　花子");
	snprintf(c.rec.name_kana, sizeof c.rec.name_kana, "カクニン　ハナコ");
	snprintf(c.rec.birth_date, sizeof c.rec.birth_date, "1980-03-30");
	snprintf(c.rec.my_number, sizeof c.rec.my_number, "123456789018");
	snprintf(c.rec.mn_method, sizeof c.rec.mn_method, "card");
	snprintf(c.rec.movement_date, sizeof c.rec.movement_date, "2024-04-01");
	c.rec.sex = 2;
	c.reason_code = "01";
	c.ref_no = "R6-0001";
	assert_int_equal(resident_submit(f->clerk, &c, atena, &rireki, &e), 0);
	assert_int_equal(rireki, 2);
	memset(&fd, 0, sizeof fd);
	assert_int_equal(confirm_rejected(f->clerk, count_pending, &fd, &e), 0);
	assert_int_equal(fd.n, 0);
	ref.rireki_no = 2;
	assert_int_equal(confirm_open(f->sup2, &ref, &v, &e), 0);
	rekey(vals, "123456789018", "1980-03-30", "カクニン　ハナコ");
	assert_int_equal(confirm_try(f->sup2, &v, vals, 3, &e), 0);
	assert_int_equal(resident_history(f->sup, ref.entry, count_versions,
	    &versions, &e), 0);
	assert_int_equal(versions, 2);
}

static void
test_one_pending_change_at_a_time(void **state)
{
	struct fx *f = *state;
	struct resident_change c;
	struct err e;
	char atena[16], out[16];

	submit_new(f->clerk, "621498320257", "1990-09-09", atena);
	memset(&c, 0, sizeof c);
	c.op = RES_MOVEIN;
	snprintf(c.rec.atena_no, sizeof c.rec.atena_no, "%s", atena);
	snprintf(c.rec.name, sizeof c.rec.name, "確認　花子");
	snprintf(c.rec.name_kana, sizeof c.rec.name_kana, "カクニン　ハナコ");
	snprintf(c.rec.birth_date, sizeof c.rec.birth_date, "1990-09-09");
	snprintf(c.rec.movement_date, sizeof c.rec.movement_date, "2024-04-01");
	c.rec.sex = 2;
	c.reason_code = "01";
	c.ref_no = "R6-0002";
	assert_int_equal(resident_submit(f->clerk,
	    &c, out, NULL, &e), -1);
	assert_int_equal(e.code, E_PENDING_EXISTS);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_own_entry_refused_in_ledger, setup, teardown),
		cmocka_unit_test_setup_teardown(test_own_entry_refused_in_db, setup, teardown),
		cmocka_unit_test_setup_teardown(test_dob_mismatch_then_confirm, setup, teardown),
		cmocka_unit_test_setup_teardown(test_three_tries, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reject_loop, setup, teardown),
		cmocka_unit_test_setup_teardown(test_one_pending_change_at_a_time, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
