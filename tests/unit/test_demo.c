/*
 * The synthetic population and the demo accounts (ledger/demo.c):
 * determinism, valid and unique identifiers, full-width readings, real
 * dates, consistent households, the seven accounts with their passwords
 * and grants, and a bulk load that is counted and audited.
 */
#include "testutil.h"

#include <sys/stat.h>

#include "audit.h"
#include "auth.h"
#include "db.h"
#include "demo.h"
#include "kana.h"
#include "mynumber.h"
#include "resident.h"
#include "wareki.h"

#define SAMPLE 10000

static const char ideo_space[] = "\xe3\x80\x80";	/* U+3000 */

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Number of adjacent equal strings in a sorted array. */
static int
duplicates(char **v, int n)
{
	int i, d = 0;

	qsort(v, (size_t)n, sizeof *v, cmp_str);
	for (i = 1; i < n; i++)
		if (strcmp(v[i - 1], v[i]) == 0)
			d++;
	return d;
}

static void
test_deterministic(void **state)
{
	struct db_resident a, b;
	int64_t i;
	int differ = 0;

	(void)state;
	for (i = 0; i < 200; i++) {
		demo_resident(42, i * 997, &a);
		demo_resident(42, i * 997, &b);
		assert_memory_equal(&a, &b, sizeof a);
		demo_resident(43, i * 997, &b);
		if (strcmp(a.name, b.name) != 0 || strcmp(a.my_number, b.my_number) != 0)
			differ++;
	}
	/* Another seed is another population. */
	assert_true(differ > 150);
}

static void
test_numbers_valid_and_unique(void **state)
{
	char **mn = calloc(SAMPLE, sizeof *mn), **atena = calloc(SAMPLE, sizeof *atena);
	char norm[MYNUMBER_LEN + 1];
	struct db_resident r;
	struct err e;
	int i;

	(void)state;
	for (i = 0; i < SAMPLE; i++) {
		demo_resident(1, i, &r);
		err_clear(&e);
		assert_int_equal(mynumber_validate(r.my_number, norm, &e), 0);
		assert_string_equal(norm, r.my_number);
		assert_int_equal(strlen(r.atena_no), 10);
		assert_int_equal(strspn(r.atena_no, "0123456789"), 10);
		assert_int_equal(atoll(r.atena_no), i + 1);
		mn[i] = strdup(r.my_number);
		atena[i] = strdup(r.atena_no);
	}
	assert_int_equal(duplicates(mn, SAMPLE), 0);
	assert_int_equal(duplicates(atena, SAMPLE), 0);
	for (i = 0; i < SAMPLE; i++) {
		free(mn[i]);
		free(atena[i]);
	}
	free(mn);
	free(atena);
}

/* My Numbers stay distinct far into the index range too. */
static void
test_numbers_unique_far(void **state)
{
	static const int64_t base[] = { 999990000LL, 123456789LL, 500000000LL };
	char **mn = calloc(3 * 1000, sizeof *mn), norm[MYNUMBER_LEN + 1];
	struct db_resident r;
	int i, k, n = 0;

	(void)state;
	for (k = 0; k < 3; k++) {
		for (i = 0; i < 1000; i++) {
			demo_resident(9, base[k] + i, &r);
			assert_int_equal(mynumber_validate(r.my_number, norm, NULL), 0);
			mn[n++] = strdup(r.my_number);
		}
	}
	assert_int_equal(duplicates(mn, n), 0);
	for (i = 0; i < n; i++)
		free(mn[i]);
	free(mn);
}

/* Nonzero when s is full-width katakana (ァ..ヶ, ー) with exactly one U+3000. */
static int
katakana_with_one_space(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	int spaces = 0, letters = 0;
	unsigned cp;

	while (*p != '\0') {
		if ((p[0] & 0xf0) != 0xe0 || (p[1] & 0xc0) != 0x80 ||
		    (p[2] & 0xc0) != 0x80)
			return 0;
		cp = (unsigned)(p[0] & 0x0f) << 12 | (unsigned)(p[1] & 0x3f) << 6 |
		    (unsigned)(p[2] & 0x3f);
		if (cp == 0x3000)
			spaces++;
		else if ((cp >= 0x30a1 && cp <= 0x30f6) || cp == 0x30fc)
			letters++;
		else
			return 0;
		p += 3;
	}
	return spaces == 1 && letters >= 2;
}

static void
test_names_and_kana(void **state)
{
	struct db_resident r;
	char *norm, *key;
	const char *sp;
	int i;

	(void)state;
	for (i = 0; i < SAMPLE; i++) {
		demo_resident(5, i, &r);
		assert_true(katakana_with_one_space(r.name_kana));
		/* Already in stored form: normalising changes nothing. */
		norm = kana_normalize(r.name_kana, NULL);
		assert_non_null(norm);
		assert_string_equal(norm, r.name_kana);
		free(norm);
		sp = strstr(r.name, ideo_space);
		assert_non_null(sp);
		assert_true(sp > r.name);
		assert_null(strstr(sp + 3, ideo_space));
		assert_true(r.sex == 1 || r.sex == 2);
		key = kana_search_key(r.name_kana);
		assert_string_equal(r.name_key, key);
		free(key);
		assert_null(strchr(r.name_norm, ' '));
		assert_null(strstr(r.name_norm, ideo_space));
	}
}

static void
test_dates_valid_and_spread(void **state)
{
	struct db_resident r;
	struct ymd d;
	int i, lo = 9999, hi = 0, old = 0, child = 0;

	(void)state;
	for (i = 0; i < SAMPLE; i++) {
		demo_resident(3, i, &r);
		assert_int_equal(ymd_from_iso(r.birth_date, &d), 0);
		assert_true(ymd_valid(&d));
		assert_true(d.y >= 1925 && d.y <= 2025);
		lo = d.y < lo ? d.y : lo;
		hi = d.y > hi ? d.y : hi;
		old += d.y <= 1950;	/* elderly-pass age */
		child += d.y >= 2008;	/* child-allowance age */
	}
	assert_true(lo <= 1927);
	assert_true(hi >= 2023);
	assert_true(old > SAMPLE / 20);
	assert_true(child > SAMPLE / 50);
}

static void
test_address_and_fields(void **state)
{
	struct db_resident r;
	int i, postal, katagaki = 0, phone = 0;

	(void)state;
	for (i = 0; i < SAMPLE; i++) {
		demo_resident(11, i, &r);
		assert_int_equal(strlen(r.postal_code), 7);
		assert_int_equal(strspn(r.postal_code, "0123456789"), 7);
		postal = atoi(r.postal_code) / 10000;
		assert_true(postal >= 600 && postal <= 616);
		assert_memory_equal(r.address, "京都市", strlen("京都市"));
		assert_true(strstr(r.address, "区") != NULL);
		assert_true(strstr(r.address, "番") != NULL);
		katagaki += r.katagaki[0] != '\0';
		phone += r.phone[0] != '\0';
		if (r.phone[0] != '\0')
			assert_true(strncmp(r.phone, "075-0", 5) == 0 ||
			    (r.phone[0] == '0' && r.phone[4] == '0'));
		assert_string_equal(r.state, "confirmed");
		assert_int_equal(r.current, 1);
		assert_int_equal(r.rireki_no, 1);
		assert_string_equal(r.op, "create");
		assert_string_equal(r.mn_method, "register");
		assert_int_equal(r.resident_flag, 1);
		assert_string_equal(r.retention_class, "resident");
		assert_string_equal(r.reason_code, "demo");
		assert_int_equal(r.update_seq, i + 1);
		assert_int_equal(strlen(r.household_no), 10);
	}
	/* 方書 and telephone "sometimes": neither never nor always. */
	assert_true(katagaki > SAMPLE / 10 && katagaki < SAMPLE / 2);
	assert_true(phone > SAMPLE / 3 && phone < SAMPLE * 9 / 10);
}

/* Members of a household share surname, address and 方書; the head's
 * 宛名番号 is the 世帯番号; there are households of several people. */
static void
test_households(void **state)
{
	struct db_resident r, head;
	int64_t h;
	int i, shared = 0;
	size_t sn;

	(void)state;
	for (i = 0; i < SAMPLE; i++) {
		demo_resident(21, i, &r);
		h = atoll(r.household_no) - 1;
		assert_true(h >= 0 && h <= i);
		if (h == i)
			continue;
		shared++;
		demo_resident(21, h, &head);
		assert_string_equal(head.household_no, r.household_no);
		assert_string_equal(head.address, r.address);
		assert_string_equal(head.katagaki, r.katagaki);
		assert_string_equal(head.postal_code, r.postal_code);
		sn = (size_t)(strstr(head.name, ideo_space) - head.name);
		assert_memory_equal(head.name, r.name, sn);
		if (i - h == 1)		/* the spouse */
			assert_int_equal(head.sex + r.sex, 3);
	}
	assert_true(shared > SAMPLE / 4);
}

struct fixture {
	char *dir;
	char *path;
	struct ledger *lg;
};

static int
setup_ledger(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	struct err e;

	setenv("MADOGUCHI_TERMINAL", "test-counter", 1);
	f->dir = test_tmpdir();
	assert_non_null(f->dir);
	f->path = malloc(strlen(f->dir) + 16);
	sprintf(f->path, "%s/ledger.db", f->dir);
	err_clear(&e);
	f->lg = ledger_open(f->path, NULL, &e);
	assert_non_null(f->lg);
	*state = f;
	return 0;
}

static int
teardown_ledger(void **state)
{
	struct fixture *f = *state;

	ledger_close(&f->lg);
	test_rmtree(f->dir);
	free(f->dir);
	free(f->path);
	free(f);
	return 0;
}

static const struct {
	const char *login;
	enum ledger_id ledger;
	enum role has;
	enum role lacks;
} accounts[] = {
	{ "clerk", LEDGER_CHILD, ROLE_CLERK, ROLE_SUPERVISOR },
	{ "clerk2", LEDGER_RESIDENT, ROLE_CLERK, ROLE_ADMIN },
	{ "supervisor", LEDGER_VACCINE, ROLE_SUPERVISOR, ROLE_OPERATOR },
	{ "supervisor2", LEDGER_ELDERLY, ROLE_CLERK, ROLE_AUDITOR },
	{ "operator", LEDGER_ELDERLY, ROLE_OPERATOR, ROLE_CLERK },
	{ "auditor", LEDGER_SYSTEM, ROLE_AUDITOR, ROLE_ADMIN },
	{ "admin", LEDGER_SYSTEM, ROLE_ADMIN, ROLE_AUDITOR },
};

static void
test_accounts(void **state)
{
	struct fixture *f = *state;
	struct session *s;
	struct err e;
	char pw[64];
	size_t k;

	err_clear(&e);
	assert_int_equal(demo_accounts(f->lg, &e), 0);
	for (k = 0; k < sizeof accounts / sizeof accounts[0]; k++) {
		snprintf(pw, sizeof pw, "demo-%s", accounts[k].login);
		err_clear(&e);
		s = auth_login(f->lg, accounts[k].login, pw, &e);
		assert_non_null(s);
		assert_false(s->must_change);
		assert_true(session_has(s, accounts[k].ledger, accounts[k].has));
		assert_false(session_has(s, accounts[k].ledger, accounts[k].lacks));
		if (strncmp(accounts[k].login, "supervisor", 10) == 0) {
			/* supervisors also keep the counter work */
			assert_true(session_has(s, LEDGER_CHILD, ROLE_CLERK));
			assert_true(session_has(s, LEDGER_RESIDENT, ROLE_SUPERVISOR));
		}
		auth_logout(&s, NULL);
	}
	/* Only once: a ledger with users is refused. */
	err_clear(&e);
	assert_int_equal(demo_accounts(f->lg, &e), -1);
	assert_int_equal(e.code, E_EXISTS);
}

struct progress {
	int calls;
	int64_t last, total;
};

static void
on_progress(void *ctx, int64_t done, int64_t n)
{
	struct progress *p = ctx;

	p->calls++;
	assert_true(done > p->last);
	p->last = done;
	p->total = n;
}

static int
find_one(void *ctx, const struct db_resident *r)
{
	snprintf(ctx, 16, "%s", r->atena_no);
	return 0;
}

struct audit_count {
	int rows, imports;
};

static int
count_audit(void *ctx, const struct db_audit_row *r)
{
	struct audit_count *c = ctx;

	c->rows++;
	if (strcmp(r->op, "import") == 0) {
		c->imports++;
		assert_string_equal(r->detail, "demo residents n=25000");
		assert_string_equal(r->user_login, "admin");
	}
	return 0;
}

static void
test_residents_loaded_and_audited(void **state)
{
	struct fixture *f = *state;
	struct progress p = { 0, 0, 0 };
	struct audit_report rep;
	struct audit_count ac = { 0, 0 };
	struct resident_query q;
	struct db_resident want;
	struct session *s;
	struct db *db;
	struct err e;
	struct stat st;
	char found[16] = "";
	int count;

	err_clear(&e);
	assert_int_equal(demo_accounts(f->lg, &e), 0);
	assert_int_equal(demo_residents(f->lg, 8, 25000, "admin", on_progress,
	    &p, &e), 0);
	assert_int_equal(p.calls, 3);	/* 10,000, 20,000 and the end */
	assert_int_equal(p.last, 25000);
	assert_int_equal(p.total, 25000);
	memset(&rep, 0, sizeof rep);
	assert_int_equal(audit_verify_ledger(f->lg, &rep, &e), 0);
	assert_int_equal(rep.bad_seq, 0);
	assert_true(rep.checkpoint_seq == rep.rows);

	/* A clerk finds resident 12,345 by reading and date of birth. */
	demo_resident(8, 12345, &want);
	s = auth_login(f->lg, "clerk", "demo-clerk", &e);
	assert_non_null(s);
	memset(&q, 0, sizeof q);
	q.name = want.name_kana;
	q.birth_date = want.birth_date;
	q.reason = "demo";
	assert_int_equal(resident_search(s, &q, find_one, found, &count, &e), 0);
	assert_true(count >= 1);
	if (count == 1)
		assert_string_equal(found, want.atena_no);
	auth_logout(&s, NULL);
	ledger_close(&f->lg);

	/* The file is private; count rows and the one import row. */
	assert_int_equal(stat(f->path, &st), 0);
	assert_int_equal(st.st_mode & 077, 0);
	db = db_open(f->path, &e);
	assert_non_null(db);
	assert_int_equal(db_resident_count(db, &e), 25000);
	assert_int_equal(db_audit_each(db, NULL, count_audit, &ac, &e), 0);
	assert_int_equal(ac.imports, 1);
	assert_true(ac.rows > 1);
	db_close(&db);
}

static void
test_residents_refuse_bad_input(void **state)
{
	struct fixture *f = *state;
	struct err e;

	err_clear(&e);
	assert_int_equal(demo_residents(f->lg, 1, -1, "admin", NULL, NULL, &e), -1);
	assert_int_equal(e.code, E_USAGE);
	err_clear(&e);
	assert_int_equal(demo_residents(f->lg, 1, 10, "", NULL, NULL, &e), -1);
	assert_int_equal(e.code, E_REQUIRED);
	/* A second load of the same people collides on 宛名番号 and leaves
	 * nothing behind. */
	assert_int_equal(demo_residents(f->lg, 1, 10, "admin", NULL, NULL, &e), 0);
	err_clear(&e);
	assert_int_equal(demo_residents(f->lg, 1, 20, "admin", NULL, NULL, &e), -1);
	assert_int_not_equal(e.code, E_OK);
	err_clear(&e);
	assert_int_equal(demo_residents(f->lg, 2, 0, "admin", NULL, NULL, &e), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_deterministic),
		cmocka_unit_test(test_numbers_valid_and_unique),
		cmocka_unit_test(test_numbers_unique_far),
		cmocka_unit_test(test_names_and_kana),
		cmocka_unit_test(test_dates_valid_and_spread),
		cmocka_unit_test(test_address_and_fields),
		cmocka_unit_test(test_households),
		cmocka_unit_test_setup_teardown(test_accounts, setup_ledger,
		    teardown_ledger),
		cmocka_unit_test_setup_teardown(test_residents_loaded_and_audited,
		    setup_ledger, teardown_ledger),
		cmocka_unit_test_setup_teardown(test_residents_refuse_bad_input,
		    setup_ledger, teardown_ledger),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
