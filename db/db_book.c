/*
 * What the three ledger books share in storage: table-driven columns
 * (db_book_internal.h), and the confirmation steps of R-36 — make a
 * pending version current, reject it, list the queues — written once over
 * a small description of each book's table and key.
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

/* ---- confirmation ----------------------------------------------------- */

static const struct book {
	const char *table;
	const char *key;	/* WHERE text for the key; %1$d, %2$d = params */
	const char *xkey;	/* the key of x equal to r's */
	const char *entry;	/* the key as one text column */
	const char *order;
	int split;		/* entry "YEAR-NO": two parameters */
} books[DB_BOOK_N] = {
	{ "child_claims", "claim_no = $%d", "x.claim_no = r.claim_no",
	    "claim_no", "claim_no", 0 },
	{ "elderly_passes", "year = $%d AND pass_no = $%d",
	    "x.year = r.year AND x.pass_no = r.pass_no",
	    "CAST(year AS TEXT) || '-' || pass_no", "year, pass_no", 1 },
	{ "vaccine_doses", "record_no = $%d", "x.record_no = r.record_no",
	    "record_no", "record_no", 0 },
};

/* The key condition with parameters from n into b; *nkeys = how many. */
static void
key_where(struct buf *b, const struct book *bk, int n, int *nkeys)
{
	if (bk->split)
		buf_printf(b, bk->key, n, n + 1);
	else
		buf_printf(b, bk->key, n);
	*nkeys = bk->split ? 2 : 1;
}

/* Bind the entry's key from parameter n. */
static int
bind_key(struct db *db, void *st, const struct book *bk, int n,
    const char *entry, struct err *e)
{
	const char *dash;
	char year[8];

	if (!bk->split)
		return db_bind_text(db, st, n, entry, e);
	if ((dash = strchr(entry, '-')) == NULL || dash - entry > 4)
		return err_set(e, E_NOT_FOUND, "entry", "not YEAR-NUMBER");
	snprintf(year, sizeof year, "%.*s", (int)(dash - entry), entry);
	if (db_bind_int(db, st, n, atoi(year), e) == -1)
		return -1;
	return db_bind_text(db, st, n + 1, dash + 1, e);
}

/* Run "head KEY tail" with the key bound at n and ints after it. */
static int64_t
run_keyed(struct db *db, const struct book *bk, const char *head,
    const char *tail, int n, const char *entry, const char *t1,
    const char *t2, int rireki_no, struct err *e)
{
	struct buf b;
	void *st;
	int nk, rc = 0;

	buf_init(&b);
	buf_adds(&b, head);
	key_where(&b, bk, n, &nk);
	buf_printf(&b, tail, n + nk);
	st = bk_prep(db, b.data, e);
	buf_free(&b);
	if (st == NULL)
		return -1;
	if (t1 != NULL)
		rc = db_bind_text(db, st, 1, t1, e);
	if (rc == 0 && t2 != NULL)
		rc = db_bind_text(db, st, 2, t2, e);
	if (rc == 0)
		rc = bind_key(db, st, bk, n, entry, e);
	if (rc == 0 && rireki_no > 0)
		rc = db_bind_int(db, st, n + nk, rireki_no, e);
	if (rc == 0 && db->drv->step(st, e) == DB_ERROR)
		rc = -1;
	bk_done(db, st);
	return rc == -1 ? -1 : db->drv->changes(db->h);
}

int
db_book_make_current(struct db *db, enum db_book book, const char *entry,
    int rireki_no, const char *by, const char *at, struct err *e)
{
	const struct book *bk = &books[book];
	char head[160];
	int64_t n;

	snprintf(head, sizeof head, "UPDATE %s SET current = 0, "
	    "state = 'superseded' WHERE ", bk->table);
	if (run_keyed(db, bk, head, " AND current = 1", 1, entry, NULL,
	    NULL, 0, e) == -1)
		return -1;
	snprintf(head, sizeof head, "UPDATE %s SET current = 1, "
	    "state = 'confirmed', confirmed_by = $1, confirmed_at = $2 WHERE ",
	    bk->table);
	n = run_keyed(db, bk, head, " AND rireki_no = $%d AND current = 0 "
	    "AND state = 'pending'", 3, entry, by, at, rireki_no, e);
	if (n == -1)
		return -1;
	if (n != 1)
		return err_set(e, E_CONFIRM_STALE, "rireki_no", NULL);
	return 0;
}

int
db_book_reject(struct db *db, enum db_book book, const char *entry,
    int rireki_no, const char *comment, struct err *e)
{
	const struct book *bk = &books[book];
	char head[160];
	int64_t n;

	snprintf(head, sizeof head, "UPDATE %s SET state = 'rejected', "
	    "review_comment = $1 WHERE ", bk->table);
	n = run_keyed(db, bk, head, " AND rireki_no = $%d AND state = 'pending'",
	    2, entry, comment, NULL, rireki_no, e);
	if (n == -1)
		return -1;
	if (n != 1)
		return err_set(e, E_CONFIRM_STALE, "rireki_no", NULL);
	return 0;
}

int
db_book_queue(struct db *db, enum db_book book, int rejected,
    const char *operator_login,
    int (*fn)(void *, const struct db_pending *), void *ctx, struct err *e)
{
	static const char *const names[DB_BOOK_N] = {
		"child", "elderly", "vaccine"
	};
	const struct book *bk = &books[book];
	struct db_pending p;
	struct buf b;
	void *st;
	int rc;

	buf_init(&b);
	buf_printf(&b, "SELECT %s, rireki_no, op, operator, stamp, state, "
	    "review_comment FROM %s r WHERE state = $1 AND "
	    "(CAST($2 AS TEXT) IS NULL OR operator = $2) AND rireki_no = "
	    "(SELECT max(rireki_no) FROM %s x WHERE %s) ORDER BY stamp, %s",
	    bk->entry, bk->table, bk->table, bk->xkey, bk->order);
	st = bk_prep(db, b.data, e);
	buf_free(&b);
	if (st == NULL)
		return -1;
	if (bk_bind(db, st, 1, e, "tt", rejected ? "rejected" : "pending",
	    operator_login) == -1) {
		bk_done(db, st);
		return -1;
	}
	while ((rc = db->drv->step(st, e)) == DB_ROW) {
		memset(&p, 0, sizeof p);
		snprintf(p.ledger, sizeof p.ledger, "%s", names[book]);
		DB_COPY(db, st, 0, p.entry);
		p.rireki_no = (int)db->drv->col_int(st, 1);
		DB_COPY(db, st, 2, p.op);
		DB_COPY(db, st, 3, p.operator_login);
		DB_COPY(db, st, 4, p.stamp);
		DB_COPY(db, st, 5, p.state);
		DB_COPY(db, st, 6, p.review_comment);
		if (fn(ctx, &p) != 0)
			break;
	}
	bk_done(db, st);
	return rc == DB_ERROR ? -1 : 0;
}
