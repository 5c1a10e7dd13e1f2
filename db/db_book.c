/*
 * What the ledger books and code tables share in storage: table-driven
 * columns (db_book_internal.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "db_book_internal.h"
#include "xmalloc.h"

void *
bk_prep(struct db *db, const char *sql, struct err *e)
{
	return db->drv->prepare(db->h, sql, e);
}

void
bk_done(struct db *db, void *st)
{
	if (st != NULL)
		db->drv->finalize(st);
}

int
bk_vbind(struct db *db, void *st, int first, struct err *e, const char *fmt,
    va_list ap)
{
	const char *p;
	int n = first, rc = 0;

	for (p = fmt; *p != '\0' && rc == 0; p++, n++) {
		if (*p == 't')
			rc = db_bind_text(db, st, n, va_arg(ap, const char *), e);
		else if (*p == 'n')
			rc = db_bind_int(db, st, n, va_arg(ap, int), e);
		else
			rc = db_bind_int(db, st, n, va_arg(ap, int64_t), e);
	}
	return rc;
}

int
bk_bind(struct db *db, void *st, int first, struct err *e, const char *fmt,
    ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = bk_vbind(db, st, first, e, fmt, ap);
	va_end(ap);
	return rc;
}

int64_t
bk_exec(struct db *db, const char *sql, struct err *e, const char *fmt, ...)
{
	void *st = bk_prep(db, sql, e);
	va_list ap;
	int rc;

	if (st == NULL)
		return -1;
	va_start(ap, fmt);
	rc = bk_vbind(db, st, 1, e, fmt, ap);
	va_end(ap);
	if (rc == 0 && db->drv->step(st, e) == DB_ERROR)
		rc = -1;
	bk_done(db, st);
	return rc == -1 ? -1 : db->drv->changes(db->h);
}

int
bk_int(struct db *db, const char *sql, int64_t def, int64_t *out,
    struct err *e, const char *fmt, ...)
{
	void *st = bk_prep(db, sql, e);
	va_list ap;
	int rc;

	if (st == NULL)
		return -1;
	va_start(ap, fmt);
	rc = bk_vbind(db, st, 1, e, fmt, ap);
	va_end(ap);
	*out = def;
	if (rc == 0) {
		switch (db->drv->step(st, e)) {
		case DB_ROW:
			if (!db->drv->col_null(st, 0))
				*out = db->drv->col_int(st, 0);
			break;
		case DB_DONE:
			break;
		default:
			rc = -1;
		}
	}
	bk_done(db, st);
	return rc;
}

static void
col_names(struct buf *b, const struct bk_table *t)
{
	int i;

	for (i = 0; i < t->ncols; i++)
		buf_printf(b, "%s%s", i ? ", " : "", t->cols[i].name);
}

int
bk_insert(struct db *db, const struct bk_table *t, const void *rec,
    struct err *e)
{
	const char *base = rec;
	struct buf b;
	void *st;
	int i, rc = 0;

	buf_init(&b);
	buf_printf(&b, "INSERT INTO %s (", t->name);
	col_names(&b, t);
	buf_adds(&b, ") VALUES (");
	for (i = 0; i < t->ncols; i++)
		buf_printf(&b, "%s$%d", i ? ", " : "", i + 1);
	buf_adds(&b, ")");
	st = bk_prep(db, b.data, e);
	buf_free(&b);
	if (st == NULL)
		return -1;
	for (i = 0; i < t->ncols && rc == 0; i++) {
		const struct bk_col *c = &t->cols[i];

		if (c->type == BK_TEXT)
			rc = db_bind_text(db, st, i + 1, base + c->off, e);
		else if (c->type == BK_INT)
			rc = db_bind_int(db, st, i + 1,
			    *(const int *)(const void *)(base + c->off), e);
		else
			rc = db_bind_int(db, st, i + 1,
			    *(const int64_t *)(const void *)(base + c->off), e);
	}
	if (rc == 0 && db->drv->step(st, e) == DB_ERROR) {
		rc = -1;
		if (e != NULL && strcasestr(e->detail, "unique") != NULL)
			err_set(e, E_EXISTS, "", "%s: the version exists", t->name);
	}
	bk_done(db, st);
	return rc;
}

void
bk_read(struct db *db, void *st, const struct bk_table *t, int first,
    void *rec)
{
	char *base = rec;
	int i;

	for (i = 0; i < t->ncols; i++) {
		const struct bk_col *c = &t->cols[i];

		if (c->type == BK_TEXT)
			db_col_copy(db, st, first + i, base + c->off, c->size);
		else if (c->type == BK_INT)
			*(int *)(void *)(base + c->off) =
			    (int)db->drv->col_int(st, first + i);
		else
			*(int64_t *)(void *)(base + c->off) =
			    db->drv->col_int(st, first + i);
	}
}

static void *
select_prep(struct db *db, const struct bk_table *t, const char *tail,
    struct err *e, const char *fmt, va_list ap)
{
	struct buf b;
	void *st;

	buf_init(&b);
	buf_adds(&b, "SELECT ");
	col_names(&b, t);
	buf_printf(&b, " FROM %s %s", t->name, tail);
	st = bk_prep(db, b.data, e);
	buf_free(&b);
	if (st != NULL && bk_vbind(db, st, 1, e, fmt, ap) == -1) {
		bk_done(db, st);
		return NULL;
	}
	return st;
}

int
bk_one(struct db *db, const struct bk_table *t, const char *tail, void *rec,
    size_t size, const char *nf, struct err *e, const char *fmt, ...)
{
	va_list ap;
	void *st;
	int rc;

	va_start(ap, fmt);
	st = select_prep(db, t, tail, e, fmt, ap);
	va_end(ap);
	if (st == NULL)
		return -1;
	rc = db->drv->step(st, e);
	if (rc == DB_ROW) {
		memset(rec, 0, size);
		bk_read(db, st, t, 0, rec);
	}
	bk_done(db, st);
	if (rc == DB_DONE)
		return err_set(e, E_NOT_FOUND, nf, NULL);
	return rc == DB_ROW ? 0 : -1;
}

int
bk_each(struct db *db, const struct bk_table *t, const char *tail, void *rec,
    size_t size, int (*fn)(void *, void *), void *ctx, struct err *e,
    const char *fmt, ...)
{
	va_list ap;
	void *st;
	int rc;

	va_start(ap, fmt);
	st = select_prep(db, t, tail, e, fmt, ap);
	va_end(ap);
	if (st == NULL)
		return -1;
	while ((rc = db->drv->step(st, e)) == DB_ROW) {
		memset(rec, 0, size);
		bk_read(db, st, t, 0, rec);
		if (fn(ctx, rec) != 0) {
			rc = DB_DONE;
			break;
		}
	}
	bk_done(db, st);
	return rc == DB_ERROR ? -1 : 0;
}
