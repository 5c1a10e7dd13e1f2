/*
 * A generic table copier between two open databases (db_copy.h).  Tables
 * are listed from the source's catalogue in creation order, so parents
 * come before the rows that refer to them; values travel as text (or
 * NULL) and each engine converts them to the column's type, as it does
 * for every statement here.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "db_internal.h"
#include "xmalloc.h"

/* Nonzero rows in any of the tables that make a ledger "in use". */
static int
target_empty(struct db *dst, struct err *e)
{
	static const char *const used[] = { "users", "residents", "audit_log" };
	char sql[80];
	void *st;
	size_t i;
	int64_t n = 0;

	for (i = 0; i < sizeof used / sizeof used[0] && n == 0; i++) {
		snprintf(sql, sizeof sql, "SELECT count(*) FROM %s", used[i]);
		if ((st = dst->drv->prepare(dst->h, sql, e)) == NULL)
			return -1;
		if (dst->drv->step(st, e) == DB_ROW)
			n = dst->drv->col_int(st, 0);
		dst->drv->finalize(st);
	}
	return n == 0 ? 0 : err_set(e, E_EXISTS, "--to",
	    "the target ledger is not empty");
}

/* The prepared INSERT of the n columns of the source statement in. */
static void *
prepare_insert(struct db *src, struct db *dst, void *in, const char *t,
    int n, struct err *e)
{
	struct buf b;
	char *sql;
	void *out;
	int i;

	buf_init(&b);
	buf_printf(&b, "INSERT INTO %s (", t);
	for (i = 0; i < n; i++)
		buf_printf(&b, "%s%s", i ? ", " : "", src->drv->col_name(in, i));
	buf_adds(&b, ") VALUES (");
	for (i = 0; i < n; i++)
		buf_printf(&b, "%s$%d", i ? ", " : "", i + 1);
	buf_adds(&b, ")");
	sql = buf_release(&b);
	out = dst->drv->prepare(dst->h, sql, e);
	free(sql);
	return out;
}

/* Start the target's bulk load of the n columns of the statement in. */
static void *
begin_bulk(struct db *src, struct db *dst, void *in, const char *t, int n,
    struct err *e)
{
	const char **cols = xcalloc((size_t)n, sizeof *cols);
	void *bulk;
	int i;

	for (i = 0; i < n; i++)
		cols[i] = src->drv->col_name(in, i);
	bulk = dst->drv->bulk_begin(dst->h, t, cols, n, e);
	free(cols);
	return bulk;
}

/*
 * The target's secondary indexes on t, dropped for the load and made
 * again after it (in the same transaction): building an index once is
 * much faster than growing it a row at a time.  Each def is "name|SQL".
 */
struct index_defs {
	char **def;
	int n;
};

static int
drop_indexes(struct db *dst, const char *t, struct index_defs *d,
    struct err *e)
{
	char *drop;
	void *st;
	int rc, i;

	if ((st = dst->drv->prepare(dst->h, dst->drv->sql_index_defs, e)) == NULL)
		return -1;
	dst->drv->bind_text(st, 1, t);
	while ((rc = dst->drv->step(st, e)) == DB_ROW) {
		d->def = xrealloc(d->def, ((size_t)d->n + 1) * sizeof *d->def);
		d->def[d->n++] = xasprintf("%s|%s", dst->drv->col_text(st, 0),
		    dst->drv->col_text(st, 1));
	}
	dst->drv->finalize(st);
	for (i = 0; i < d->n && rc != DB_ERROR; i++) {
		drop = xasprintf("DROP INDEX %.*s", (int)strcspn(d->def[i], "|"),
		    d->def[i]);
		if (dst->drv->exec(dst->h, drop, e) == -1)
			rc = DB_ERROR;
		free(drop);
	}
	return rc == DB_ERROR ? -1 : 0;
}

/* Make the dropped indexes again (when rc is 0) and forget them. */
static int
restore_indexes(struct db *dst, struct index_defs *d, int rc, struct err *e)
{
	int i;

	for (i = 0; i < d->n; i++) {
		if (rc == 0)
			rc = dst->drv->exec(dst->h, strchr(d->def[i], '|') + 1, e);
		free(d->def[i]);
	}
	free(d->def);
	d->def = NULL;
	d->n = 0;
	return rc;
}

/*
 * Copy the rows of one table; adds them to *rows.  The target's bulk
 * load when it has one (COPY on PostgreSQL), else a prepared INSERT a row;
 * the target's secondary indexes are made after the rows are in.
 */
static int
copy_table(struct db *src, struct db *dst, const char *t, int64_t *rows,
    struct err *e)
{
	const struct db_driver *sd = src->drv, *dd = dst->drv;
	char *sql = xasprintf("SELECT * FROM %s", t);
	struct index_defs idx = { NULL, 0 };
	const char **vals = NULL;
	void *in, *out = NULL, *bulk = NULL;
	int64_t loaded = 0;
	int rc, i, n = 0, started = 0;

	in = sd->prepare(src->h, sql, e);
	free(sql);
	if (in == NULL)
		return -1;
	sql = xasprintf("DELETE FROM %s", t);
	rc = dd->exec(dst->h, sql, e);
	free(sql);
	while (rc == 0 && (rc = sd->step(in, e)) == DB_ROW) {
		if (!started) {
			started = 1;
			if (drop_indexes(dst, t, &idx, e) == -1) {
				rc = DB_ERROR;
				break;
			}
			n = sd->col_count(in);
			vals = xcalloc((size_t)n, sizeof *vals);
			if (dd->bulk_begin != NULL)
				bulk = begin_bulk(src, dst, in, t, n, e);
			else
				out = prepare_insert(src, dst, in, t, n, e);
			if (bulk == NULL && out == NULL) {
				rc = DB_ERROR;
				break;
			}
		}
		for (i = 0; i < n; i++)
			vals[i] = sd->col_null(in, i) ? NULL : sd->col_text(in, i);
		if (bulk != NULL) {
			if (dd->bulk_row(bulk, vals, e) == -1) {
				rc = DB_ERROR;
				break;
			}
		} else {
			dd->reset(out);
			for (i = 0; i < n; i++)
				dd->bind_text(out, i + 1, vals[i]);
			if (dd->step(out, e) == DB_ERROR) {
				rc = DB_ERROR;
				break;
			}
			loaded++;
		}
		rc = 0;
	}
	if (bulk != NULL && dd->bulk_end(bulk, rc == DB_DONE, &loaded, e) == -1)
		rc = DB_ERROR;
	sd->finalize(in);
	dd->finalize(out);
	if (restore_indexes(dst, &idx, rc == DB_ERROR ? -1 : 0, e) == -1)
		rc = DB_ERROR;
	free(vals);
	*rows += loaded;
	return rc == DB_ERROR || rc == -1 ? -1 : 0;
}

int
db_copy(struct db *src, struct db *dst, int64_t *rows, struct err *e)
{
	char **tables = NULL;
	size_t n = 0, i;
	int64_t count = 0;
	void *st;
	int rc = 0;

	if (!dst->in_tx)
		return err_set(e, E_DB, "", "db_copy needs a transaction");
	if (target_empty(dst, e) == -1)
		return -1;
	if ((st = src->drv->prepare(src->h, src->drv->sql_tables, e)) == NULL)
		return -1;
	while ((rc = src->drv->step(st, e)) == DB_ROW) {
		tables = xrealloc(tables, (n + 1) * sizeof *tables);
		tables[n++] = xstrdup(src->drv->col_text(st, 0));
	}
	src->drv->finalize(st);
	rc = rc == DB_ERROR ? -1 : 0;
	for (i = 0; i < n; i++) {
		if (rc == 0 && strcmp(tables[i], "meta") != 0)
			rc = copy_table(src, dst, tables[i], &count, e);
		free(tables[i]);
	}
	free(tables);
	if (rc == 0 && dst->drv->sql_after_copy != NULL)
		rc = dst->drv->exec(dst->h, dst->drv->sql_after_copy, e);
	if (rows != NULL)
		*rows = count;
	return rc;
}
