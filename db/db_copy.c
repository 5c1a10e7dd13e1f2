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

/* Copy the rows of one table; adds them to *rows. */
static int
copy_table(struct db *src, struct db *dst, const char *t, int64_t *rows,
    struct err *e)
{
	struct buf b;
	char *sql = xasprintf("SELECT * FROM %s", t);
	void *in, *out = NULL;
	int rc, i, n = 0;

	in = src->drv->prepare(src->h, sql, e);
	free(sql);
	if (in == NULL)
		return -1;
	sql = xasprintf("DELETE FROM %s", t);
	rc = dst->drv->exec(dst->h, sql, e);
	free(sql);
	while (rc == 0 && (rc = src->drv->step(in, e)) == DB_ROW) {
		if (out == NULL) {
			n = src->drv->col_count(in);
			buf_init(&b);
			buf_printf(&b, "INSERT INTO %s (", t);
			for (i = 0; i < n; i++)
				buf_printf(&b, "%s%s", i ? ", " : "",
				    src->drv->col_name(in, i));
			buf_adds(&b, ") VALUES (");
			for (i = 0; i < n; i++)
				buf_printf(&b, "%s$%d", i ? ", " : "", i + 1);
			buf_adds(&b, ")");
			sql = buf_release(&b);
			out = dst->drv->prepare(dst->h, sql, e);
			free(sql);
			if (out == NULL) {
				rc = DB_ERROR;
				break;
			}
		}
		dst->drv->reset(out);
		for (i = 0; i < n; i++)
			dst->drv->bind_text(out, i + 1, src->drv->col_null(in, i) ?
			    NULL : src->drv->col_text(in, i));
		if (dst->drv->step(out, e) == DB_ERROR) {
			rc = DB_ERROR;
			break;
		}
		(*rows)++;
		rc = 0;
	}
	src->drv->finalize(in);
	dst->drv->finalize(out);
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
