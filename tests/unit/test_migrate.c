/*
 * a ledger made by an older madoguchi is migrated only after a full
 * backup — refused without one, taken with the options given or the
 * configured backup_dir and backup_key_file, and the backup restores to
 * the data as it was before the migration.
 */
#include "testutil.h"

#include <fcntl.h>
#include <sys/stat.h>

#include "backup.h"
#include "db.h"
#include "ledger.h"
#include "sealed.h"

struct fx {
	char *dir;
	char path[4200], keyfile[4200], bdir[4200], restored[4200];
};

/* An old ledger: schema latest-1 with one user in it. */
static int
setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	struct db_user u;
	struct db *db;
	struct err e;
	unsigned char key[32];
	int fd, i;

	f->dir = test_tmpdir();
	snprintf(f->path, sizeof f->path, "%s/old.db", f->dir);
	snprintf(f->keyfile, sizeof f->keyfile, "%s/backup.key", f->dir);
	snprintf(f->bdir, sizeof f->bdir, "%s/backups", f->dir);
	snprintf(f->restored, sizeof f->restored, "%s/restored.db", f->dir);
	setenv("MADOGUCHI_TERMINAL", "T1", 1);
	assert_non_null(db = db_open_nomigrate(f->path, &e));
	assert_int_equal(db_migrate_to(db, db_schema_latest() - 1, &e), 0);
	memset(&u, 0, sizeof u);
	snprintf(u.login, sizeof u.login, "olduser");
	snprintf(u.created_at, sizeof u.created_at, "2020-04-01 09:00:00");
	assert_int_equal(db_user_insert(db, &u, &e), 0);
	db_close(&db);
	for (i = 0; i < 32; i++)
		key[i] = (unsigned char)(i * 7 + 1);
	fd = open(f->keyfile, O_WRONLY | O_CREAT | O_EXCL, 0600);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, key, sizeof key), (ssize_t)sizeof key);
	close(fd);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;

	test_rmtree(f->dir);
	free(f->dir);
	free(f);
	return 0;
}

static int
version_of(const char *path)
{
	struct db *db = db_open_nomigrate(path, NULL);
	int v;

	assert_non_null(db);
	v = db_schema_version(db);
	db_close(&db);
	return v;
}

static void
test_refused_without_backup(void **state)
{
	struct fx *f = *state;
	struct err e;

	assert_null(ledger_open(f->path, NULL, &e));
	assert_int_equal(e.code, E_MIGRATION_BACKUP);
	/* Nothing was changed. */
	assert_int_equal(version_of(f->path), db_schema_latest() - 1);
}

static void
test_backup_then_migrate(void **state)
{
	struct fx *f = *state;
	struct sealed_secret sec = { NULL, f->keyfile };
	struct backup_opts o = { f->bdir, 0, &sec };
	struct restore_result rr;
	struct ledger *lg;
	struct db_user u;
	struct db *db;
	struct err e;
	struct stat st;
	char cat[4300];

	assert_non_null(lg = ledger_open_ex(f->path, NULL, &o, &e));
	assert_int_equal(ledger_schema_version(lg), db_schema_latest());
	ledger_close(&lg);
	snprintf(cat, sizeof cat, "%s/catalogue", f->bdir);
	assert_int_equal(stat(cat, &st), 0);
	/* The backup holds the ledger as it was: the old schema, the user. */
	if (restore_run(f->bdir, f->restored, &sec, &rr, &e) != 0)
		fail_msg("restore: %s (%s)", err_message(e.code), e.detail);
	assert_int_equal(version_of(f->restored), db_schema_latest() - 1);
	assert_non_null(db = db_open_nomigrate(f->restored, &e));
	assert_int_equal(db_user_get(db, "olduser", &u, &e), 0);
	db_close(&db);
	/* Opening again needs nothing more. */
	assert_non_null(lg = ledger_open(f->path, NULL, &e));
	ledger_close(&lg);
}

static void
test_configured_backup(void **state)
{
	struct fx *f = *state;
	struct config *cfg = config_new();
	struct ledger *lg;
	struct err e;
	struct stat st;
	char cat[4300];

	config_set(cfg, "backup_dir", f->bdir);
	config_set(cfg, "backup_key_file", f->keyfile);
	assert_non_null(lg = ledger_open(f->path, cfg, &e));
	assert_int_equal(ledger_schema_version(lg), db_schema_latest());
	ledger_close(&lg);
	config_free(&cfg);
	snprintf(cat, sizeof cat, "%s/catalogue", f->bdir);
	assert_int_equal(stat(cat, &st), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_refused_without_backup, setup, teardown),
		cmocka_unit_test_setup_teardown(test_backup_then_migrate, setup, teardown),
		cmocka_unit_test_setup_teardown(test_configured_backup, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
