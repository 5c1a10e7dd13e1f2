/*
 * The SQLite driver: WAL journal, foreign keys on, durable commits
 * (synchronous=FULL), secure_delete so that purged personal data does not
 * linger in free pages, and a busy timeout so that counters sharing one
 * file wait for each other instead of failing.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sqlite3.h>

#include "db_driver.h"
#include "xmalloc.h"

#define BUSY_MS 10000	/* how long a writer waits for another */
#define CACHE_KIB "-65536"	/* the page cache: 64 MiB */

struct sq_stmt {
	sqlite3_stmt *st;
	sqlite3 *h;
	int nparams;		/* the highest $N in the text */
	int *index;		/* [N]: $N's SQLite parameter index */
};

static int
sq_fail(sqlite3 *h, int rc, struct err *e)
{
	int busy = rc == SQLITE_BUSY || rc == SQLITE_LOCKED;

	return err_set(e, busy ? E_DB_BUSY : E_DB, "", "sqlite: %s",
	    h ? sqlite3_errmsg(h) : sqlite3_errstr(rc));
}

/* Before the first connection: SQLite's allocation statistics are never
 * read here, and keeping them takes a global mutex per allocation.  Too
 * late (and harmless) when another part of the program opened SQLite
 * first. */
static void
sq_configure(void)
{
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

static void *
sq_open(const char *target, struct err *e)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;

	sqlite3 *h = NULL;
	int rc, fd;
	const char *pragmas =
	    "PRAGMA journal_mode=WAL;"
	    "PRAGMA synchronous=FULL;"
	    "PRAGMA foreign_keys=ON;"
	    "PRAGMA secure_delete=ON;"
	    "PRAGMA trusted_schema=OFF;"
	    "PRAGMA temp_store=MEMORY;"
	    "PRAGMA cache_size=" CACHE_KIB ";";

	pthread_once(&once, sq_configure);
	if (strcmp(target, ":memory:") != 0) {
		/* Create the file ourselves so that it is 0600 from birth;
		 * SQLite gives its -wal and -shm files the same mode. */
		fd = open(target, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
		if (fd == -1) {
			err_set(e, E_IO, "", "cannot open %s: %s", target,
			    strerror(errno));
			return NULL;
		}
		close(fd);
	}
	rc = sqlite3_open_v2(target, &h, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK) {
		sq_fail(h, rc, e);
		sqlite3_close(h);
		return NULL;
	}
	sqlite3_extended_result_codes(h, 0);
	sqlite3_busy_timeout(h, BUSY_MS);
	if ((rc = sqlite3_exec(h, pragmas, NULL, NULL, NULL)) != SQLITE_OK) {
		sq_fail(h, rc, e);
		sqlite3_close(h);
		return NULL;
	}
	return h;
}

/*
 * In WAL mode every page of a load is written twice: to the WAL, then
 * again into the file at the checkpoint.  With a rollback journal the
 * pages of a table that was empty are written once (the journal keeps
 * only the few pages that existed).  Leaving WAL needs the file to
 * itself: when another connection is reading SQLite refuses at once (no
 * busy wait here) and the load goes through the WAL as usual.  While in
 * rollback mode other counters wait for the load to finish.
 *
 * The indexes rebuilt at the end are sorted in runs that SQLite spills to
 * temporary files and merges, on two threads.  Spilled into memory
 * (temp_store=MEMORY, the setting otherwise) the same sort took twice as
 * long, so while loading the runs go to files -- in the ledger's own
 * directory (0700, beside the journal that holds the same rows), never in
 * /tmp, and SQLite unlinks them as it opens them.  A small page cache
 * spills the new pages while loading rather than all at the commit.
 * Measured on 1,000,000 residents: the nine indexes in 5 s instead of 9.
 */
static char *bulk_tmpdir;	/* sqlite3_temp_directory while loading */

static void
sq_bulk_mode(void *h, int on)
{
	const char *file = sqlite3_db_filename(h, "main");
	const char *slash = file ? strrchr(file, '/') : NULL;

	if (on) {
		sqlite3_busy_timeout(h, 0);
		sqlite3_exec(h, "PRAGMA journal_mode=DELETE", NULL, NULL, NULL);
		sqlite3_busy_timeout(h, BUSY_MS);
		sqlite3_exec(h, "PRAGMA threads=2;PRAGMA cache_size=-8192",
		    NULL, NULL, NULL);
		/* Process-wide: set only when no other load has it, and only
		 * the loading connection sorts meanwhile. */
		if (slash != NULL && sqlite3_temp_directory == NULL) {
			bulk_tmpdir = sqlite3_mprintf("%.*s",
			    (int)(slash - file), file);
			sqlite3_temp_directory = bulk_tmpdir;
			if (bulk_tmpdir != NULL)
				sqlite3_exec(h, "PRAGMA temp_store=FILE", NULL,
				    NULL, NULL);
		}
	} else {
		sqlite3_exec(h, "PRAGMA journal_mode=WAL;PRAGMA threads=0;"
		    "PRAGMA temp_store=MEMORY;PRAGMA cache_size=" CACHE_KIB,
		    NULL, NULL, NULL);
		if (bulk_tmpdir != NULL && sqlite3_temp_directory == bulk_tmpdir) {
			sqlite3_temp_directory = NULL;
			sqlite3_free(bulk_tmpdir);
			bulk_tmpdir = NULL;
		}
	}
}

static void
sq_close(void *h)
{
	sqlite3_close(h);
}

static int
sq_exec(void *h, const char *sql, struct err *e)
{
	int rc = sqlite3_exec(h, sql, NULL, NULL, NULL);

	return rc == SQLITE_OK ? 0 : sq_fail(h, rc, e);
}

static void *
sq_prepare(void *h, const char *sql, struct err *e)
{
	struct sq_stmt *s = xcalloc(1, sizeof *s);
	const char *name;
	int rc, i, n, count;

	rc = sqlite3_prepare_v3(h, sql, -1, SQLITE_PREPARE_PERSISTENT, &s->st,
	    NULL);
	if (rc != SQLITE_OK) {
		sq_fail(h, rc, e);
		free(s);
		return NULL;
	}
	s->h = h;
	count = sqlite3_bind_parameter_count(s->st);
	for (i = 1; i <= count; i++)
		if ((name = sqlite3_bind_parameter_name(s->st, i)) != NULL &&
		    name[0] == '$' && (n = atoi(name + 1)) > s->nparams)
			s->nparams = n;
	s->index = xcalloc((size_t)s->nparams + 1, sizeof *s->index);
	for (i = 1; i <= count; i++)
		if ((name = sqlite3_bind_parameter_name(s->st, i)) != NULL &&
		    name[0] == '$' && (n = atoi(name + 1)) >= 1)
			s->index[n] = i;
	return s;
}

static void
sq_finalize(void *st)
{
	struct sq_stmt *s = st;

	if (s == NULL)
		return;
	sqlite3_finalize(s->st);
	free(s->index);
	free(s);
}

static void
sq_reset(void *st)
{
	struct sq_stmt *s = st;

	sqlite3_reset(s->st);
	sqlite3_clear_bindings(s->st);
}

static int
sq_index(struct sq_stmt *s, int n)
{
	return (n >= 1 && n <= s->nparams) ? s->index[n] : 0;
}

static int
sq_bind_int(void *st, int n, int64_t v)
{
	struct sq_stmt *s = st;
	int i = sq_index(s, n);

	return i && sqlite3_bind_int64(s->st, i, v) == SQLITE_OK ? 0 : -1;
}

/* Bind v (NULL binds NULL), copied by SQLite or, with SQLITE_STATIC, not. */
static int
sq_bind_str(void *st, int n, const char *v, sqlite3_destructor_type how)
{
	struct sq_stmt *s = st;
	int i = sq_index(s, n);

	if (i == 0)
		return -1;
	if (v == NULL)
		return sqlite3_bind_null(s->st, i) == SQLITE_OK ? 0 : -1;
	return sqlite3_bind_text(s->st, i, v, -1, how) == SQLITE_OK ? 0 : -1;
}

static int
sq_bind_text(void *st, int n, const char *v)
{
	return sq_bind_str(st, n, v, SQLITE_TRANSIENT);
}

static int
sq_bind_text_ref(void *st, int n, const char *v)
{
	return sq_bind_str(st, n, v, SQLITE_STATIC);
}

static int
sq_step(void *st, struct err *e)
{
	struct sq_stmt *s = st;
	int rc = sqlite3_step(s->st);

	if (rc == SQLITE_ROW)
		return DB_ROW;
	if (rc == SQLITE_DONE)
		return DB_DONE;
	sq_fail(s->h, rc, e);
	sqlite3_reset(s->st);
	return DB_ERROR;
}

static int64_t
sq_col_int(void *st, int i)
{
	return sqlite3_column_int64(((struct sq_stmt *)st)->st, i);
}

static const char *
sq_col_text(void *st, int i)
{
	const unsigned char *t = sqlite3_column_text(((struct sq_stmt *)st)->st, i);

	return t ? (const char *)t : "";
}

static int
sq_col_null(void *st, int i)
{
	return sqlite3_column_type(((struct sq_stmt *)st)->st, i) == SQLITE_NULL;
}

static int
sq_col_count(void *st)
{
	return sqlite3_column_count(((struct sq_stmt *)st)->st);
}

static const char *
sq_col_name(void *st, int i)
{
	return sqlite3_column_name(((struct sq_stmt *)st)->st, i);
}

static int64_t
sq_changes(void *h)
{
	return sqlite3_changes64(h);
}

static int
sq_dialect(const char *token, struct buf *out)
{
	const char *arg = strchr(token, ' ');

	if (strcmp(token, "STRICT") == 0)
		buf_adds(out, " STRICT");
	else if (strcmp(token, "SERIAL") == 0)
		buf_adds(out, "INTEGER PRIMARY KEY");
	else if (strcmp(token, "INT64") == 0)
		buf_adds(out, "INTEGER");
	else if (strcmp(token, "BYTES") == 0)
		;	/* BINARY, SQLite's default collation */
	else if (arg != NULL && strncmp(token, "APPEND_ONLY ", 12) == 0)
		buf_printf(out, "CREATE TRIGGER %s_no_update BEFORE UPDATE ON %s "
		    "BEGIN SELECT RAISE(ABORT, '%s is append-only'); END;"
		    "CREATE TRIGGER %s_no_delete BEFORE DELETE ON %s "
		    "BEGIN SELECT RAISE(ABORT, '%s is append-only'); END",
		    arg + 1, arg + 1, arg + 1, arg + 1, arg + 1, arg + 1);
	else if (arg != NULL && strncmp(token, "PURGEABLE ", 10) == 0)
		/* Deletion stays refused except for rows inside a purge
		 * window row, which the purge writes and removes within its
		 * own transaction (ledger/purge.c). */
		buf_printf(out, "DROP TRIGGER %s_no_delete;"
		    "CREATE TRIGGER %s_no_delete BEFORE DELETE ON %s "
		    "WHEN NOT EXISTS (SELECT 1 FROM purge_window w WHERE "
		    "OLD.seq <= w.upto_seq AND OLD.at < w.before_at) "
		    "BEGIN SELECT RAISE(ABORT, '%s is append-only'); END",
		    arg + 1, arg + 1, arg + 1, arg + 1);
	else if (arg != NULL && strncmp(token, "FOUR_EYES ", 10) == 0)
		buf_printf(out, "CREATE TRIGGER %s_four_eyes BEFORE UPDATE OF "
		    "state ON %s WHEN NEW.state = 'confirmed' AND "
		    "OLD.state = 'pending' AND (NEW.confirmed_by = '' OR "
		    "NEW.confirmed_by = NEW.operator) BEGIN SELECT RAISE(ABORT, "
		    "'four-eyes: the entering user cannot confirm'); END",
		    arg + 1, arg + 1);
	else
		return -1;
	return 0;
}

static int
sq_integrity(void *h, struct err *e)
{
	sqlite3_stmt *st;
	int rc, ok;

	if (sqlite3_prepare_v2(h, "PRAGMA quick_check", -1, &st, NULL) != SQLITE_OK)
		return sq_fail(h, SQLITE_ERROR, e);
	rc = sqlite3_step(st);
	ok = rc == SQLITE_ROW &&
	    strcmp((const char *)sqlite3_column_text(st, 0), "ok") == 0;
	if (!ok)
		err_set(e, E_DB, "", "integrity check: %s", rc == SQLITE_ROW ?
		    (const char *)sqlite3_column_text(st, 0) : sqlite3_errmsg(h));
	sqlite3_finalize(st);
	return ok ? 0 : -1;
}

const struct db_driver db_driver_sqlite = {
	.name = "sqlite",
	.open = sq_open,
	.close = sq_close,
	.exec = sq_exec,
	.prepare = sq_prepare,
	.finalize = sq_finalize,
	.reset = sq_reset,
	.bind_int = sq_bind_int,
	.bind_text = sq_bind_text,
	.bind_text_ref = sq_bind_text_ref,
	.step = sq_step,
	.col_int = sq_col_int,
	.col_text = sq_col_text,
	.col_null = sq_col_null,
	.col_count = sq_col_count,
	.col_name = sq_col_name,
	.changes = sq_changes,
	.sql_begin = "BEGIN IMMEDIATE",
	.sql_commit = "COMMIT",
	.sql_rollback = "ROLLBACK",
	.dialect = sq_dialect,
	.sql_has_meta = "SELECT count(*) FROM sqlite_master "
	    "WHERE type = 'table' AND name = 'meta'",
	.sql_serialise = NULL,
	.sql_index_defs = "SELECT name, sql FROM sqlite_master WHERE "
	    "type = 'index' AND tbl_name = $1 AND sql IS NOT NULL",
	.integrity = sq_integrity,
	.bulk_mode = sq_bulk_mode,
	.sql_tables = "SELECT name FROM sqlite_master WHERE type = 'table' "
	    "AND name NOT LIKE 'sqlite_%' ORDER BY rowid",
};
