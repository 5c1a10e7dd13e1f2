/*
 * Opening and closing the ledger, transactions, and the statement cache
 * that the domain files (db_user.c, db_audit.c, db_resident.c) build on.
 */
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db_internal.h"
#include "path.h"
#include "xmalloc.h"

/*
 * The PostgreSQL driver: linked in (tests, benchmarks) or, in the counter
 * program, loaded from madoguchi-pg.so beside the executable (a build
 * tree) or in MODULEDIR, so that libpq is loaded only when it is used.
 */
extern const struct db_driver db_driver_pg __attribute__((weak));

static const struct db_driver *
load_pg(struct err *e)
{
	static const struct db_driver *drv;
	char *dir, *path;
	void *h = NULL;

	if (&db_driver_pg != NULL)
		return &db_driver_pg;
	if (drv != NULL)
		return drv;
	if ((dir = path_exe_dir()) != NULL) {
		path = xasprintf("%s/madoguchi-pg.so", dir);
		h = dlopen(path, RTLD_NOW | RTLD_LOCAL);
		free(path);
		free(dir);
	}
	if (h == NULL)
		h = dlopen(MODULEDIR "/madoguchi-pg.so", RTLD_NOW | RTLD_LOCAL);
	if (h == NULL || (drv = dlsym(h, "db_driver_pg")) == NULL) {
		err_set(e, E_DB, "", "the PostgreSQL driver is not installed "
		    "(madoguchi-pg.so): %s", dlerror());
		return NULL;
	}
	return drv;
}

/* The driver for a target: a libpq URI or "pg:CONNINFO" for PostgreSQL,
 * otherwise a SQLite file ("sqlite:" prefix optional). */
static const struct db_driver *
pick_driver(const char **target, struct err *e)
{
	if (strncmp(*target, "postgresql://", 13) == 0 ||
	    strncmp(*target, "postgres://", 11) == 0)
		return load_pg(e);
	if (strncmp(*target, "pg:", 3) == 0) {
		*target += 3;
		return load_pg(e);
	}
	if (strncmp(*target, "sqlite:", 7) == 0)
		*target += 7;
	return &db_driver_sqlite;
}

static struct db *open_db(const char *target, int migrate, struct err *e);

struct db *
db_open(const char *target, struct err *e)
{
	return open_db(target, 1, e);
}

struct db *
db_open_nomigrate(const char *target, struct err *e)
{
	return open_db(target, 0, e);
}

int
db_migrate(struct db *db, struct err *e)
{
	return db_schema_migrate(db, e);
}

int
db_migrate_to(struct db *db, int version, struct err *e)
{
	return db_schema_migrate_to(db, version, e);
}

static struct db *
open_db(const char *target, int migrate, struct err *e)
{
	struct db *db;
	const struct db_driver *drv = pick_driver(&target, e);
	int file;

	if (drv == NULL)
		return NULL;
	file = drv == &db_driver_sqlite && strcmp(target, ":memory:") != 0;

	if (*target == '\0') {
		err_set(e, E_USAGE, "--db", "empty database path");
		return NULL;
	}
	if (file) {
		if (path_prepare_parent(target, e) == -1 ||
		    path_check_private(target, e) == -1)
			return NULL;
	}
	db = xcalloc(1, sizeof *db);
	db->drv = drv;
	db->file = file ? xstrdup(target) : NULL;
	if ((db->h = drv->open(target, e)) == NULL) {
		free(db->file);
		free(db);
		return NULL;
	}
	if (db_schema_version(db) > db_schema_latest()) {
		err_set(e, E_DB_NEWER, "", "schema %d, program knows %d",
		    db_schema_version(db), db_schema_latest());
		db_close(&db);
		return NULL;
	}
	if (migrate && db_schema_migrate(db, e) == -1) {
		db_close(&db);
		return NULL;
	}
	return db;
}

void
db_close(struct db **dbp)
{
	struct db *db;
	int i;

	if (dbp == NULL || (db = *dbp) == NULL)
		return;
	if (db->in_tx)
		db_rollback(db);
	for (i = 0; i < DB_STMT_CACHE; i++)
		db->drv->finalize(db->cache[i].st);
	db->drv->close(db->h);
	free(db->file);
	free(db);
	*dbp = NULL;
}

const char *
db_file(const struct db *db)
{
	return db->file;
}

const char *
db_engine(const struct db *db)
{
	return db->drv->name;
}

int
db_begin(struct db *db, struct err *e)
{
	if (db->in_tx)
		return err_set(e, E_DB, "", "transaction already open");
	if (db->drv->exec(db->h, db->drv->sql_begin, e) == -1)
		return -1;
	db->in_tx = 1;
	return 0;
}

int
db_commit(struct db *db, struct err *e)
{
	if (!db->in_tx)
		return err_set(e, E_DB, "", "no transaction open");
	if (db->drv->exec(db->h, db->drv->sql_commit, e) == -1) {
		db_rollback(db);
		return -1;
	}
	db->in_tx = 0;
	return 0;
}

void
db_rollback(struct db *db)
{
	if (!db->in_tx)
		return;
	db->drv->exec(db->h, db->drv->sql_rollback, NULL);
	db->in_tx = 0;
}

int
db_in_transaction(const struct db *db)
{
	return db->in_tx;
}

int
db_integrity_check(struct db *db, struct err *e)
{
	return db->drv->integrity(db->h, e);
}

void *
db_stmt(struct db *db, const char *sql, struct err *e)
{
	int i;

	for (i = 0; i < DB_STMT_CACHE && db->cache[i].sql != NULL; i++) {
		if (db->cache[i].sql == sql) {
			db->drv->reset(db->cache[i].st);
			return db->cache[i].st;
		}
	}
	if (i == DB_STMT_CACHE)
		fatal("statement cache full");
	if ((db->cache[i].st = db->drv->prepare(db->h, sql, e)) == NULL)
		return NULL;
	db->cache[i].sql = sql;
	return db->cache[i].st;
}

int
db_bind_text(struct db *db, void *st, int n, const char *s, struct err *e)
{
	if (db->drv->bind_text(st, n, s) == -1)
		return err_set(e, E_DB, "", "cannot bind parameter %d", n);
	return 0;
}

int
db_bind_text_ref(struct db *db, void *st, int n, const char *s, struct err *e)
{
	if (db->drv->bind_text_ref == NULL)
		return db_bind_text(db, st, n, s, e);
	if (db->drv->bind_text_ref(st, n, s) == -1)
		return err_set(e, E_DB, "", "cannot bind parameter %d", n);
	return 0;
}

int
db_bind_int(struct db *db, void *st, int n, int64_t v, struct err *e)
{
	if (db->drv->bind_int(st, n, v) == -1)
		return err_set(e, E_DB, "", "cannot bind parameter %d", n);
	return 0;
}

int
db_run(struct db *db, void *st, struct err *e)
{
	int rc = db->drv->step(st, e);

	db->drv->reset(st);
	return rc == DB_ERROR ? -1 : 0;
}

void
db_col_copy(struct db *db, void *st, int i, char *out, size_t size)
{
	snprintf(out, size, "%s", db->drv->col_text(st, i));
}
