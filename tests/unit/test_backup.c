/*
 * Unit tests for ledger/sealed.c and ledger/backup.c:
 * the sealed format round trip and its failures (wrong passphrase, a
 * changed byte, a cut-off file, a key file readable by others); a full
 * and a differential backup taken while a child process keeps writing,
 * restored into a new file that passes the integrity check and the audit
 * chain and equals the live ledger as of the differential; a corrupted
 * backup refused before anything is written; rights.
 */
#include "testutil.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <sqlite3.h>

#include "audit.h"
#include "auth.h"
#include "backup.h"
#include "db.h"
#include "demo.h"
#include "ledger_internal.h"
#include "sealed.h"

#define PASS "correct horse battery"

struct fx {
	char *dir;
	char path[512], bdir[512];
	struct ledger *lg;
	struct session *admin;
};

static int
setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	struct err e;

	setenv("MADOGUCHI_TERMINAL", "T1", 1);
	f->dir = test_tmpdir();
	snprintf(f->path, sizeof f->path, "%s/ledger.db", f->dir);
	snprintf(f->bdir, sizeof f->bdir, "%s/backups", f->dir);
	err_clear(&e);
	f->lg = ledger_open(f->path, NULL, &e);
	assert_non_null(f->lg);
	assert_int_equal(demo_accounts(f->lg, &e), 0);
	assert_int_equal(demo_residents(f->lg, 7, 300, "admin", NULL, NULL, &e), 0);
	f->admin = auth_login(f->lg, "admin", "demo-admin", &e);
	assert_non_null(f->admin);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;

	auth_logout(&f->admin, NULL);
	ledger_close(&f->lg);
	test_rmtree(f->dir);
	free(f->dir);
	free(f);
	return 0;
}

static void
write_sealed(const char *path, const struct sealed_secret *sec,
    const unsigned char *data, size_t n)
{
	struct sealed_writer *w;
	struct err e;
	char hash[HASH_HEX], again[HASH_HEX];
	uint64_t size, size2;

	err_clear(&e);
	assert_non_null(w = sealed_create(path, sec, &e));
	/* uneven pieces cross the chunk boundaries */
	assert_int_equal(sealed_write(w, data, 1000, &e), 0);
	assert_int_equal(sealed_write(w, data + 1000, n - 1000, &e), 0);
	assert_int_equal(sealed_finish(&w, hash, &size, &e), 0);
	assert_null(w);
	assert_int_equal(sealed_file_hash(path, again, &size2, &e), 0);
	assert_string_equal(hash, again);
	assert_true(size == size2);
}

/* Read the whole file back; -1 with e filled on failure. */
static int
read_sealed(const char *path, const struct sealed_secret *sec,
    unsigned char *out, size_t cap, size_t *n, struct err *e)
{
	struct sealed_reader *r = sealed_open(path, sec, e);
	const unsigned char *p;
	size_t k;
	int rc;

	*n = 0;
	if (r == NULL)
		return -1;
	while ((rc = sealed_read(r, &p, &k, e)) == 1) {
		assert_true(*n + k <= cap);
		memcpy(out + *n, p, k);
		*n += k;
	}
	sealed_close(&r);
	return rc;
}

static void
flip_byte(const char *path, off_t at)
{
	int fd = open(path, O_RDWR);
	unsigned char c;

	assert_true(fd >= 0);
	assert_int_equal(pread(fd, &c, 1, at), 1);
	c ^= 0x01;
	assert_int_equal(pwrite(fd, &c, 1, at), 1);
	close(fd);
}

static void
test_sealed(void **state)
{
	struct fx *f = *state;
	size_t n = 200000, got;
	unsigned char *data = malloc(n), *back = malloc(n + 1);
	struct sealed_secret good = { PASS, NULL }, bad = { "wrong passphrase", NULL };
	struct sealed_secret kf = { NULL, NULL };
	char path[600], key[600];
	struct stat st;
	struct err e;
	int fd;

	for (size_t i = 0; i < n; i++)
		data[i] = (unsigned char)(i * 7 + i / 251);
	snprintf(path, sizeof path, "%s/a.sealed", f->dir);
	write_sealed(path, &good, data, n);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_int_equal(read_sealed(path, &good, back, n + 1, &got, &e), 0);
	assert_true(got == n && memcmp(back, data, n) == 0);
	/* no plain text in the file */
	err_clear(&e);
	assert_int_equal(read_sealed(path, &bad, back, n + 1, &got, &e), -1);
	assert_int_equal(e.code, E_DECRYPT);
	/* the file exists: never overwritten */
	assert_null(sealed_create(path, &good, &e));
	assert_int_equal(e.code, E_EXISTS);
	/* one changed byte in the second chunk */
	flip_byte(path, 64 + 4 + 65536 + 17 + 4 + 100);
	err_clear(&e);
	assert_int_equal(read_sealed(path, &good, back, n + 1, &got, &e), -1);
	assert_int_equal(e.code, E_DECRYPT);
	/* cut off after the first chunk */
	unlink(path);
	write_sealed(path, &good, data, n);
	assert_int_equal(truncate(path, 64 + 4 + 65536 + 17), 0);
	err_clear(&e);
	assert_int_equal(read_sealed(path, &good, back, n + 1, &got, &e), -1);
	assert_int_equal(e.code, E_DECRYPT);
	/* a key file: 32 bytes, 0600 */
	snprintf(key, sizeof key, "%s/key", f->dir);
	fd = open(key, O_WRONLY | O_CREAT | O_EXCL, 0644);
	assert_int_equal(write(fd, data, 32), 32);
	close(fd);
	chmod(key, 0644);
	kf.key_file = key;
	unlink(path);
	assert_null(sealed_create(path, &kf, &e));
	assert_int_equal(e.code, E_DB_PERMS);
	chmod(key, 0600);
	write_sealed(path, &kf, data, n);
	assert_int_equal(read_sealed(path, &kf, back, n + 1, &got, &e), 0);
	assert_true(got == n && memcmp(back, data, n) == 0);
	/* a passphrase cannot open a key-file file */
	err_clear(&e);
	assert_int_equal(read_sealed(path, &good, back, n + 1, &got, &e), -1);
	assert_int_equal(e.code, E_DECRYPT);
	free(data);
	free(back);
}

/* The child: keep writing audit rows and residents' versions until killed. */
static void
writer(const char *path)
{
	struct audit_event ev = { "view", "1", "writer", "ok", NULL };
	struct ledger *lg;
	struct err e;

	err_clear(&e);
	if ((lg = ledger_open(path, NULL, &e)) == NULL)
		_exit(3);
	for (;;) {
		audit_append(lg, NULL, "writer", &ev, &e);
		usleep(1000);
	}
}

static void
restore_ok(struct fx *f, const char *to, int64_t *seq)
{
	struct sealed_secret sec = { PASS, NULL };
	struct restore_result rr;
	struct audit_report rep;
	struct ledger *lg;
	struct err e;

	err_clear(&e);
	if (restore_run(f->bdir, to, &sec, &rr, &e) == -1)
		fail_msg("restore: %s %s", err_message(e.code), e.detail);
	lg = ledger_open(to, NULL, &e);
	assert_non_null(lg);
	assert_int_equal(db_integrity_check(lg->db, &e), 0);
	if (audit_verify_ledger(lg, &rep, &e) == -1)
		fail_msg("verify: %s", e.detail);
	*seq = rr.audit_seq;
	assert_true(rep.rows >= rr.audit_rows);
	ledger_close(&lg);
}

/* A digest of the table's rows, ordered, with the sqlite3 library. */
static void
table_digest(const char *path, const char *sql, char out[64])
{
	sqlite3 *h;
	sqlite3_stmt *st;
	unsigned long long x = 1469598103934665603ULL;
	const unsigned char *t;
	int i;

	assert_int_equal(sqlite3_open_v2(path, &h, SQLITE_OPEN_READONLY, NULL),
	    SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(h, sql, -1, &st, NULL), SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW)
		for (i = 0; i < sqlite3_column_count(st); i++)
			for (t = sqlite3_column_text(st, i); t && *t; t++)
				x = (x ^ *t) * 1099511628211ULL;
	sqlite3_finalize(st);
	sqlite3_close(h);
	snprintf(out, 64, "%llx", x);
}

static void
test_backup_while_writing(void **state)
{
	struct fx *f = *state;
	struct sealed_secret sec = { PASS, NULL };
	struct backup_opts bo = { f->bdir, 0, &sec };
	struct backup_result full, diff;
	char to[600], to2[600], live[64], restored[64];
	int64_t seq, live_seq;
	char hash[HASH_HEX];
	struct err e;
	pid_t pid;
	int status;

	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0)
		writer(f->path);
	usleep(200000);
	err_clear(&e);
	if (backup_run(f->admin, &bo, &full, &e) == -1)
		fail_msg("full: %s %s", err_message(e.code), e.detail);
	usleep(200000);
	bo.diff = 1;
	if (backup_run(f->admin, &bo, &diff, &e) == -1)
		fail_msg("diff: %s %s", err_message(e.code), e.detail);
	kill(pid, SIGKILL);
	waitpid(pid, &status, 0);
	assert_string_equal(full.kind, "full");
	assert_string_equal(diff.kind, "diff");
	/* the writer was busy: the differential holds later audit rows */
	assert_true(diff.audit_seq > full.audit_seq + 5);
	assert_true(diff.pages > 0 && diff.pages < diff.total_pages);

	snprintf(to, sizeof to, "%s/restored.db", f->dir);
	restore_ok(f, to, &seq);
	assert_true(seq == diff.audit_seq);
	/* the restored audit rows equal the live ones up to that row */
	snprintf(live, sizeof live, "x");
	{
		char q[200];

		snprintf(q, sizeof q, "SELECT seq, hash FROM audit_log WHERE "
		    "seq <= %lld ORDER BY seq", (long long)seq);
		table_digest(f->path, q, live);
		table_digest(to, q, restored);
		assert_string_equal(live, restored);
	}
	table_digest(f->path, "SELECT * FROM residents ORDER BY atena_no, "
	    "rireki_no", live);
	table_digest(to, "SELECT * FROM residents ORDER BY atena_no, rireki_no",
	    restored);
	assert_string_equal(live, restored);
	/* the restore never replaces a file */
	{
		struct sealed_secret s2 = { PASS, NULL };
		struct restore_result rr;

		assert_int_equal(restore_run(f->bdir, to, &s2, &rr, &e), -1);
		assert_int_equal(e.code, E_EXISTS);
	}
	/* a corrupted differential: refused, nothing written */
	{
		char path[700];
		struct restore_result rr;

		snprintf(path, sizeof path, "%s/%s", f->bdir, diff.file);
		flip_byte(path, 200);
		snprintf(to2, sizeof to2, "%s/restored2.db", f->dir);
		err_clear(&e);
		assert_int_equal(restore_run(f->bdir, to2, &sec, &rr, &e), -1);
		assert_int_equal(e.code, E_CHECKSUM);
		assert_int_equal(access(to2, F_OK), -1);
	}
	assert_int_equal(db_audit_head(f->lg->db, &live_seq, hash, &e), 0);
	assert_true(live_seq > seq);
}

static void
test_rights_and_engine(void **state)
{
	struct fx *f = *state;
	struct sealed_secret sec = { PASS, NULL };
	struct backup_opts bo = { f->bdir, 0, &sec };
	struct backup_result r;
	struct session *op;
	struct err e;

	err_clear(&e);
	op = auth_login(f->lg, "operator", "demo-operator", &e);
	assert_non_null(op);
	assert_int_equal(backup_run(op, &bo, &r, &e), -1);
	assert_int_equal(e.code, E_DENIED);
	auth_logout(&op, NULL);
	/* a differential needs a full first */
	bo.diff = 1;
	assert_int_equal(backup_run(f->admin, &bo, &r, &e), -1);
	assert_int_equal(e.code, E_NOT_FOUND);
	/* a weak passphrase is refused */
	sec.passphrase = "short";
	bo.diff = 0;
	assert_int_equal(backup_run(f->admin, &bo, &r, &e), -1);
	assert_int_equal(e.code, E_PW_WEAK);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_sealed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_backup_while_writing, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_rights_and_engine, setup,
		    teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
