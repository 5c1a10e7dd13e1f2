/*
 * The driver vtable behind db.h (private to db/).  A driver speaks one
 * engine; db.c and the db_*.c domain files use only these entry points.
 * Placeholders in SQL are written $1, $2, ... in order of first use, which
 * both SQLite and PostgreSQL accept.
 */
#ifndef MADOGUCHI_DB_DRIVER_H
#define MADOGUCHI_DB_DRIVER_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "err.h"

enum db_step { DB_ERROR = -1, DB_DONE = 0, DB_ROW = 1 };

struct db_driver {
	const char *name;
	/* Open target; returns the engine handle or NULL with e filled. */
	void *(*open)(const char *target, struct err *e);
	void (*close)(void *h);
	/* Run a script of parameterless statements. */
	int (*exec)(void *h, const char *sql, struct err *e);
	void *(*prepare)(void *h, const char *sql, struct err *e);
	void (*finalize)(void *st);
	/* Reset for re-execution and clear bindings. */
	void (*reset)(void *st);
	int (*bind_int)(void *st, int n, int64_t v);
	int (*bind_text)(void *st, int n, const char *s);	/* NULL binds NULL */
	/* The same without a copy: s must stay as it is until the statement
	 * is reset (NULL: bind_text is used). */
	int (*bind_text_ref)(void *st, int n, const char *s);
	int (*step)(void *st, struct err *e);
	int64_t (*col_int)(void *st, int i);
	const char *(*col_text)(void *st, int i);	/* "" for NULL */
	int (*col_null)(void *st, int i);
	/* Columns of the current row and their names (after a DB_ROW). */
	int (*col_count)(void *st);
	const char *(*col_name)(void *st, int i);
	/* Rows changed by the last statement. */
	int64_t (*changes)(void *h);
	/* Statements that start a write transaction, commit and roll back. */
	const char *sql_begin, *sql_commit, *sql_rollback;
	/* Append the schema text for a dialect token such as "STRICT" or
	 * "APPEND_ONLY audit_log" (see db_schema.c); -1 when unknown. */
	int (*dialect)(const char *token, struct buf *out);
	/* A query giving 1 when the meta table exists, else 0. */
	const char *sql_has_meta;
	/* Run inside a write transaction before reading the audit head or
	 * migrating, to serialise those sections (NULL: writers are already
	 * serialised by sql_begin). */
	const char *sql_serialise;
	/* The same for one key ($1, text) only: writers of other keys go
	 * on in parallel (NULL: writers are already serialised). */
	const char *sql_serialise_key;
	/* Secondary indexes of table $1 as (name, CREATE statement) rows. */
	const char *sql_index_defs;
	int (*integrity)(void *h, struct err *e);
	/* The tables in the order they were created (parents first), and a
	 * script run after rows were copied in with their own keys (NULL:
	 * nothing to do), for db_copy.c. */
	const char *sql_tables;
	const char *sql_after_copy;
	/* Before (on) and after (off) a large load into an empty database,
	 * outside any transaction; best effort (NULL: nothing to do). */
	void (*bulk_mode)(void *h, int on);
	/* A bulk load for db_copy.c, inside the caller's transaction (NULL:
	 * db_copy inserts row by row with a prepared statement, which is as
	 * fast as it gets on SQLite but one round trip a row on a server).
	 * bulk_begin starts loading table's named columns; bulk_row adds
	 * one row of ncol values (NULL for NULL); bulk_end finishes (ok) or
	 * abandons (!ok, after which the transaction must roll back), frees
	 * the load and adds the rows loaded to *rows. */
	void *(*bulk_begin)(void *h, const char *table, const char *const *cols,
	    int ncol, struct err *e);
	int (*bulk_row)(void *bulk, const char *const *vals, struct err *e);
	int (*bulk_end)(void *bulk, int ok, int64_t *rows, struct err *e);
};

extern const struct db_driver db_driver_sqlite;
extern const struct db_driver db_driver_pg;

#endif
