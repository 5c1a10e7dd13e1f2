/*
 * Unit tests for ledger/export.c, media.c and approval.c (R-14, R-43,
 * the export → decrypt → import round trip into a fresh
 * ledger gives identical master rows field by field; the encrypted file
 * holds none of the names or numbers; a wrong passphrase fails the
 * integrity check; an unregistered or retired medium is refused and
 * audited; restricted persons are skipped and counted; the bulk rule
 * (own approval refused, one use, at most the approved count); CP932
 * exports name the row and code point of an unmappable character.
 */
#include "testutil.h"

#include <fcntl.h>
#include <sys/stat.h>

#include <sqlite3.h>

#include "approval.h"
#include "audit.h"
#include "auth.h"
#include "db.h"
#include "demo.h"
#include "export.h"
#include "import.h"
#include "ledger_internal.h"
#include "media.h"

#define PASS "export passphrase 1"
#define N 30

struct fx {
	char *dir;
	char path[512], usb[512];
	struct ledger *lg;
	struct session *op, *admin, *sup;
};

static void
sql(const char *path, const char *q)
{
	sqlite3 *h;

	assert_int_equal(sqlite3_open(path, &h), SQLITE_OK);
	assert_int_equal(sqlite3_exec(h, q, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(h);
}

static int
setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	struct err e;

	setenv("MADOGUCHI_TERMINAL", "T1", 1);
	f->dir = test_tmpdir();
	snprintf(f->path, sizeof f->path, "%s/ledger.db", f->dir);
	snprintf(f->usb, sizeof f->usb, "%s/usb", f->dir);
	mkdir(f->usb, 0700);
	err_clear(&e);
	assert_non_null(f->lg = ledger_open(f->path, NULL, &e));
	assert_int_equal(demo_accounts(f->lg, &e), 0);
	assert_int_equal(demo_residents(f->lg, 11, N, "admin", NULL, NULL, &e), 0);
	assert_non_null(f->op = auth_login(f->lg, "operator", "demo-operator", &e));
	assert_non_null(f->admin = auth_login(f->lg, "admin", "demo-admin", &e));
	assert_non_null(f->sup = auth_login(f->lg, "supervisor",
	    "demo-supervisor", &e));
	assert_int_equal(media_register(f->admin, f->usb, "USB-01", "stick",
	    "usb", &e), 0);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;

	auth_logout(&f->op, NULL);
	auth_logout(&f->admin, NULL);
	auth_logout(&f->sup, NULL);
	ledger_close(&f->lg);
	test_rmtree(f->dir);
	free(f->dir);
	free(f);
	return 0;
}

static int
run_export(struct fx *f, const char *file, const char *enc, const char *pass,
    int64_t approval, struct export_result *r, struct err *e)
{
	struct sealed_secret sec = { pass, NULL };
	struct export_opts o = { f->usb, file, enc, &sec, "転出先への提供",
	    approval, NULL };

	err_clear(e);
	return export_residents(f->op, &o, r, e);
}

static int
file_contains(const char *path, const char *needle)
{
	FILE *fp = fopen(path, "rb");
	static char buf[1 << 20];
	size_t n;

	assert_non_null(fp);
	n = fread(buf, 1, sizeof buf - 1, fp);
	fclose(fp);
	return memmem(buf, n, needle, strlen(needle)) != NULL;
}

static void
same(const struct db_resident *a, const struct db_resident *b)
{
	assert_string_equal(a->atena_no, b->atena_no);
	assert_string_equal(a->my_number, b->my_number);
	assert_string_equal(a->name, b->name);
	assert_string_equal(a->name_kana, b->name_kana);
	assert_int_equal(a->sex, b->sex);
	assert_string_equal(a->birth_date, b->birth_date);
	assert_string_equal(a->postal_code, b->postal_code);
	assert_string_equal(a->address, b->address);
	assert_string_equal(a->katagaki, b->katagaki);
	assert_string_equal(a->household_no, b->household_no);
	assert_string_equal(a->juminhyo_code, b->juminhyo_code);
	assert_string_equal(a->alias_name, b->alias_name);
	assert_string_equal(a->phone, b->phone);
	assert_string_equal(a->movement_reason, b->movement_reason);
	assert_string_equal(a->movement_date, b->movement_date);
	assert_string_equal(a->name_key, b->name_key);
	assert_string_equal(a->name_norm, b->name_norm);
}

static void
test_round_trip(void **state)
{
	struct fx *f = *state;
	struct export_result r;
	struct sealed_secret sec = { PASS, NULL }, bad = { "not the passphrase", NULL };
	struct import_opts io;
	struct import_result ir;
	struct db_resident a, b;
	struct ledger *lg2;
	struct session *op2;
	char enc[600], plain[600], path2[600], atena[16];
	struct err e;
	int i;

	/* one restricted person is skipped and counted */
	sql(f->path, "UPDATE residents SET restricted = 1 WHERE atena_no = "
	    "'0000000003'");
	if (run_export(f, "residents.enc", "utf-8", PASS, 0, &r, &e) == -1)
		fail_msg("export: %s %s", err_message(e.code), e.detail);
	assert_int_equal(r.records, N - 1);
	assert_int_equal(r.skipped_restricted, 1);
	assert_string_equal(r.media_id, "USB-01");
	snprintf(enc, sizeof enc, "%s/residents.enc", f->usb);
	/* nothing readable in the file */
	for (i = 1; i <= N; i++) {
		snprintf(atena, sizeof atena, "%010d", i);
		assert_int_equal(db_resident_get(f->lg->db, atena, &a, &e), 0);
		assert_false(file_contains(enc, a.name));
		assert_false(file_contains(enc, a.my_number));
		assert_false(file_contains(enc, a.address));
	}
	assert_false(file_contains(enc, "宛名番号"));
	/* a wrong passphrase fails the integrity check */
	snprintf(plain, sizeof plain, "%s/plain.csv", f->dir);
	assert_int_equal(export_decrypt(f->op, enc, plain, &bad, &e), -1);
	assert_int_equal(e.code, E_DECRYPT);
	assert_int_equal(access(plain, F_OK), -1);
	assert_int_equal(export_decrypt(f->op, enc, plain, &sec, &e), 0);

	/* import into a fresh ledger and compare field by field */
	snprintf(path2, sizeof path2, "%s/other.db", f->dir);
	assert_non_null(lg2 = ledger_open(path2, NULL, &e));
	assert_int_equal(demo_accounts(lg2, &e), 0);
	assert_non_null(op2 = auth_login(lg2, "operator", "demo-operator", &e));
	memset(&io, 0, sizeof io);
	io.encoding = "utf-8";
	io.format = IMPORT_CSV;
	if (import_run(op2, plain, &io, &ir, &e) == -1)
		fail_msg("import: %s %s %s", err_message(e.code), e.field, e.detail);
	assert_int_equal(ir.created, N - 1);
	for (i = 1; i <= N; i++) {
		snprintf(atena, sizeof atena, "%010d", i);
		assert_int_equal(db_resident_get(f->lg->db, atena, &a, &e), 0);
		if (i == 3) {
			assert_int_equal(db_resident_get(lg2->db, atena, &b, &e), -1);
			continue;
		}
		assert_int_equal(db_resident_get(lg2->db, atena, &b, &e), 0);
		same(&a, &b);
	}
	auth_logout(&op2, NULL);
	ledger_close(&lg2);
}

struct count_ctx {
	int rows;
	const char *op, *outcome;
};

static int
count_audit(void *ctx, const struct db_audit_row *r)
{
	struct count_ctx *c = ctx;

	if (strcmp(r->op, c->op) == 0 && strcmp(r->outcome, c->outcome) == 0)
		c->rows++;
	return 0;
}

static void
test_media_rules(void **state)
{
	struct fx *f = *state;
	struct sealed_secret sec = { PASS, NULL };
	struct export_opts o = { f->dir, "x.enc", NULL, &sec, "p", 0, NULL };
	struct export_result r;
	struct count_ctx c = { 0, "export", "denied" };
	char idf[600];
	struct err e;
	FILE *fp;

	/* not a medium: refused and audited */
	err_clear(&e);
	assert_int_equal(export_residents(f->op, &o, &r, &e), -1);
	assert_int_equal(e.code, E_MEDIA);
	/* a forged ID file with the right ID but another secret */
	snprintf(idf, sizeof idf, "%s/%s", f->dir, MEDIA_ID_FILE);
	fp = fopen(idf, "w");
	fprintf(fp, "madoguchi-media 1 USB-01 %064d\n", 0);
	fclose(fp);
	assert_int_equal(export_residents(f->op, &o, &r, &e), -1);
	assert_int_equal(e.code, E_MEDIA);
	assert_int_equal(access(idf, F_OK), 0);
	assert_int_equal(db_audit_each(f->lg->db, NULL, count_audit, &c, &e), 0);
	assert_int_equal(c.rows, 2);
	/* a clerk may not export; an admin may not register as a clerk */
	{
		struct session *clerk = auth_login(f->lg, "clerk", "demo-clerk", &e);

		o.media_dir = f->usb;
		assert_int_equal(export_residents(clerk, &o, &r, &e), -1);
		assert_int_equal(e.code, E_DENIED);
		assert_int_equal(media_register(clerk, f->dir, "X", "", "", &e), -1);
		assert_int_equal(e.code, E_DENIED);
		auth_logout(&clerk, NULL);
	}
	/* a retired medium is refused */
	assert_int_equal(media_retire(f->admin, "USB-01", "returned", &e), 0);
	assert_int_equal(run_export(f, "y.enc", NULL, PASS, 0, &r, &e), -1);
	assert_int_equal(e.code, E_MEDIA);
}

static void
test_bulk_approval(void **state)
{
	struct fx *f = *state;
	struct export_result r;
	int64_t id, small;
	struct err e;

	sql(f->path, "INSERT INTO settings VALUES ('bulk_threshold', '10', "
	    "'2024-01-01 00:00:00', 'admin')");
	assert_int_equal(run_export(f, "a.enc", NULL, PASS, 0, &r, &e), -1);
	assert_int_equal(e.code, E_APPROVAL);
	assert_int_equal(approval_request(f->op, "export", N, "提供", "all",
	    &id, &e), 0);
	assert_int_equal(approval_request(f->op, "export", 5, "提供", "all",
	    &small, &e), 0);
	/* not granted yet */
	assert_int_equal(run_export(f, "b.enc", NULL, PASS, id, &r, &e), -1);
	assert_int_equal(e.code, E_APPROVAL);
	/* the requester cannot grant; a clerk cannot either */
	assert_int_equal(approval_decide(f->op, id, 1, &e), -1);
	assert_int_equal(approval_decide(f->sup, id, 1, &e), 0);
	assert_int_equal(approval_decide(f->sup, small, 1, &e), 0);
	/* an approval for fewer records does not cover the run */
	assert_int_equal(run_export(f, "c.enc", NULL, PASS, small, &r, &e), -1);
	assert_int_equal(e.code, E_APPROVAL);
	assert_int_equal(run_export(f, "d.enc", NULL, PASS, id, &r, &e), 0);
	assert_string_equal(r.approver, "supervisor");
	/* one run only */
	assert_int_equal(run_export(f, "e.enc", NULL, PASS, id, &r, &e), -1);
	assert_int_equal(e.code, E_APPROVAL);
}

static void
test_cp932(void **state)
{
	struct fx *f = *state;
	struct export_result r;
	char path[600];
	struct err e;

	/* 髙 and ① map; 𠮷 does not */
	sql(f->path, "UPDATE residents SET name = '髙橋　①' WHERE atena_no = "
	    "'0000000001'");
	sql(f->path, "UPDATE residents SET name = '山田　花子' WHERE atena_no <> "
	    "'0000000001' AND atena_no <> '0000000004'");
	sql(f->path, "UPDATE residents SET name = '𠮷田　花子' WHERE atena_no = "
	    "'0000000004'");
	assert_int_equal(run_export(f, "sj.enc", "cp932", PASS, 0, &r, &e), -1);
	assert_int_equal(e.code, E_UNMAPPABLE);
	assert_non_null(strstr(e.detail, "row 4 (宛名番号 0000000004)"));
	assert_non_null(strstr(e.detail, "U+20BB7"));
	snprintf(path, sizeof path, "%s/sj.enc", f->usb);
	assert_int_equal(access(path, F_OK), -1);
	sql(f->path, "UPDATE residents SET name = '吉田　花子' WHERE atena_no = "
	    "'0000000004'");
	assert_int_equal(run_export(f, "sj.enc", "cp932", PASS, 0, &r, &e), 0);
	assert_int_equal(r.records, N);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_round_trip, setup, teardown),
		cmocka_unit_test_setup_teardown(test_media_rules, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bulk_approval, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cp932, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
