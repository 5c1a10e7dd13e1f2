/*
 * The resident/address master.  Every version of a person is a row keyed
 * by (宛名番号, 履歴番号); exactly one confirmed version per person carries
 * current = 1.  The My Number lives in this table's my_number column and
 * nowhere else.  Searches use the partial indexes on current rows.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "db_internal.h"
#include "xmalloc.h"

#define RES_COLS "atena_no, rireki_no, state, current, op, " \
	"coalesce(my_number, ''), mn_method, juminhyo_code, name, name_kana, " \
	"name_key, name_norm, alias_name, former_surname, former_surname_kana, " \
	"birth_date, sex, postal_code, address_code, address, katagaki, " \
	"household_no, phone, resident_flag, removal_date, removal_reason, " \
	"movement_reason, movement_date, notified_date, retention_class, " \
	"deleted, restricted, doubt, reason_code, ref_no, justification, " \
	"operator, terminal, stamp, update_seq, confirmed_by, confirmed_at, " \
	"review_comment"

#define RES_COLUMNS "INSERT INTO residents (atena_no, rireki_no, state, " \
	"current, op, my_number, mn_method, juminhyo_code, name, name_kana, " \
	"name_key, name_norm, alias_name, former_surname, former_surname_kana, " \
	"birth_date, sex, postal_code, address_code, address, katagaki, " \
	"household_no, phone, resident_flag, removal_date, removal_reason, " \
	"movement_reason, movement_date, notified_date, retention_class, " \
	"deleted, restricted, doubt, reason_code, ref_no, justification, " \
	"operator, terminal, stamp, update_seq, confirmed_by, confirmed_at, " \
	"review_comment)"
#define RES_NCOLS 43		/* the columns of RES_COLUMNS */
#define RES_INSERT RES_COLUMNS " " \
	"VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, " \
	"$15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $26, $27, $28, " \
	"$29, $30, $31, $32, $33, $34, $35, $36, $37, $38, $39, $40, $41, $42, " \
	"$43)"

static void
res_row(struct db *db, void *st, struct db_resident *r)
{
	memset(r, 0, sizeof *r);
	DB_COPY(db, st, 0, r->atena_no);
	r->rireki_no = (int)db->drv->col_int(st, 1);
	DB_COPY(db, st, 2, r->state);
	r->current = (int)db->drv->col_int(st, 3);
	DB_COPY(db, st, 4, r->op);
	DB_COPY(db, st, 5, r->my_number);
	DB_COPY(db, st, 6, r->mn_method);
	DB_COPY(db, st, 7, r->juminhyo_code);
	DB_COPY(db, st, 8, r->name);
	DB_COPY(db, st, 9, r->name_kana);
	DB_COPY(db, st, 10, r->name_key);
	DB_COPY(db, st, 11, r->name_norm);
	DB_COPY(db, st, 12, r->alias_name);
	DB_COPY(db, st, 13, r->former_surname);
	DB_COPY(db, st, 14, r->former_surname_kana);
	DB_COPY(db, st, 15, r->birth_date);
	r->sex = (int)db->drv->col_int(st, 16);
	DB_COPY(db, st, 17, r->postal_code);
	DB_COPY(db, st, 18, r->address_code);
	DB_COPY(db, st, 19, r->address);
	DB_COPY(db, st, 20, r->katagaki);
	DB_COPY(db, st, 21, r->household_no);
	DB_COPY(db, st, 22, r->phone);
	r->resident_flag = (int)db->drv->col_int(st, 23);
	DB_COPY(db, st, 24, r->removal_date);
	DB_COPY(db, st, 25, r->removal_reason);
	DB_COPY(db, st, 26, r->movement_reason);
	DB_COPY(db, st, 27, r->movement_date);
	DB_COPY(db, st, 28, r->notified_date);
	DB_COPY(db, st, 29, r->retention_class);
	r->deleted = (int)db->drv->col_int(st, 30);
	r->restricted = (int)db->drv->col_int(st, 31);
	r->doubt = (int)db->drv->col_int(st, 32);
	DB_COPY(db, st, 33, r->reason_code);
	DB_COPY(db, st, 34, r->ref_no);
	DB_COPY(db, st, 35, r->justification);
	DB_COPY(db, st, 36, r->operator_login);
	DB_COPY(db, st, 37, r->terminal);
	DB_COPY(db, st, 38, r->stamp);
	r->update_seq = db->drv->col_int(st, 39);
	DB_COPY(db, st, 40, r->confirmed_by);
	DB_COPY(db, st, 41, r->confirmed_at);
	DB_COPY(db, st, 42, r->review_comment);
}

/* Bind r to the parameters base + 1 .. base + RES_NCOLS of st; with ref,
 * r's text is not copied (r must stay until the statement is reset). */
static int
res_bind_at(struct db *db, void *st, int base, const struct db_resident *r,
    int ref, struct err *e)
{
	const char *text[] = {
		r->atena_no, NULL, r->state, NULL, r->op,
		r->my_number[0] ? r->my_number : NULL, r->mn_method,
		r->juminhyo_code, r->name, r->name_kana, r->name_key,
		r->name_norm, r->alias_name, r->former_surname,
		r->former_surname_kana, r->birth_date, NULL, r->postal_code,
		r->address_code, r->address, r->katagaki, r->household_no,
		r->phone, NULL, r->removal_date, r->removal_reason,
		r->movement_reason, r->movement_date, r->notified_date,
		r->retention_class, NULL, NULL, NULL, r->reason_code, r->ref_no,
		r->justification, r->operator_login, r->terminal, r->stamp, NULL,
		r->confirmed_by, r->confirmed_at, r->review_comment,
	};
	const int64_t ints[] = {
		[1] = r->rireki_no, [3] = r->current, [16] = r->sex,
		[23] = r->resident_flag, [30] = r->deleted, [31] = r->restricted,
		[32] = r->doubt, [39] = r->update_seq,
	};
	int i;

	_Static_assert(sizeof text / sizeof text[0] == RES_NCOLS, "columns");
	for (i = 0; i < RES_NCOLS; i++) {
		if (i == 1 || i == 3 || i == 16 || i == 23 || i == 30 ||
		    i == 31 || i == 32 || i == 39) {
			if (db_bind_int(db, st, base + i + 1, ints[i], e) == -1)
				return -1;
		} else if ((ref ? db_bind_text_ref : db_bind_text)(db, st,
		    base + i + 1, text[i], e) == -1)
			return -1;
	}
	return 0;
}

static int
res_bind(struct db *db, void *st, const struct db_resident *r, struct err *e)
{
	return res_bind_at(db, st, 0, r, 0, e);
}

int
db_resident_insert(struct db *db, const struct db_resident *r, struct err *e)
{
	static const char sql[] = RES_INSERT;
	void *st = db_stmt(db, sql, e);

	if (st == NULL || res_bind(db, st, r, e) == -1)
		return -1;
	if (db_run(db, st, e) == -1) {
		if (e != NULL && strcasestr(e->detail, "unique") != NULL)
			return err_set(e, E_EXISTS, "atena_no", NULL);
		return -1;
	}
	return 0;
}

int
db_resident_get(struct db *db, const char *atena_no, struct db_resident *r,
    struct err *e)
{
	static const char sql[] = "SELECT " RES_COLS " FROM residents "
	    "WHERE atena_no = $1 AND current = 1";
	void *st = db_stmt(db, sql, e);
	int rc;

	if (st == NULL || db_bind_text(db, st, 1, atena_no, e) == -1)
		return -1;
	rc = db->drv->step(st, e);
	if (rc == DB_ROW)
		res_row(db, st, r);
	db->drv->reset(st);
	if (rc == DB_DONE)
		return err_set(e, E_NOT_FOUND, "atena_no", NULL);
	return rc == DB_ROW ? 0 : -1;
}

int
db_resident_history(struct db *db, const char *atena_no,
    int (*fn)(void *, const struct db_resident *), void *ctx, struct err *e)
{
	static const char sql[] = "SELECT " RES_COLS " FROM residents "
	    "WHERE atena_no = $1 ORDER BY rireki_no";
	void *st = db_stmt(db, sql, e);
	struct db_resident *r;
	int rc;

	if (st == NULL || db_bind_text(db, st, 1, atena_no, e) == -1)
		return -1;
	r = xmalloc(sizeof *r);
	while ((rc = db->drv->step(st, e)) == DB_ROW) {
		res_row(db, st, r);
		if (fn(ctx, r) != 0)
			break;
	}
	db->drv->reset(st);
	free(r);
	return rc == DB_ERROR ? -1 : 0;
}

int64_t
db_resident_next_seq(struct db *db, struct err *e)
{
	static const char sql[] = "SELECT coalesce(max(update_seq), 0) + 1 "
	    "FROM residents";
	void *st = db_stmt(db, sql, e);
	int64_t n = -1;

	if (st != NULL && db->drv->step(st, e) == DB_ROW)
		n = db->drv->col_int(st, 0);
	if (st != NULL)
		db->drv->reset(st);
	return n;
}

int64_t
db_resident_count(struct db *db, struct err *e)
{
	static const char sql[] = "SELECT count(*) FROM residents WHERE current = 1";
	void *st = db_stmt(db, sql, e);
	int64_t n = -1;

	if (st != NULL && db->drv->step(st, e) == DB_ROW)
		n = db->drv->col_int(st, 0);
	if (st != NULL)
		db->drv->reset(st);
	return n;
}

/*
 * One statement per shape of search, steered to the right partial index
 * by the conditions that are bound; optional ones read
 * "(CAST($n AS TEXT) IS NULL OR ...)" (the cast tells PostgreSQL the
 * parameter's type).  Name conditions are prefix ranges [p, p || U+FFFF).
 */
#define OPT_ADDRESS(n) "AND (CAST($" #n " AS TEXT) IS NULL " \
	"OR address LIKE $" #n ") "
static const char search_dob_key[] = "SELECT " RES_COLS " FROM residents "
    "WHERE current = 1 AND birth_date = $1 "
    "AND name_key >= $2 AND name_key < $3 " OPT_ADDRESS(4)
    "AND ($5 = 1 OR restricted = 0) ORDER BY name_key, atena_no LIMIT $6";
static const char search_dob_norm[] = "SELECT " RES_COLS " FROM residents "
    "WHERE current = 1 AND birth_date = $1 "
    "AND name_norm >= $2 AND name_norm < $3 " OPT_ADDRESS(4)
    "AND ($5 = 1 OR restricted = 0) ORDER BY name_norm, atena_no LIMIT $6";
static const char search_key[] = "SELECT " RES_COLS " FROM residents "
    "WHERE current = 1 AND name_key >= $1 AND name_key < $2 " OPT_ADDRESS(3)
    "AND ($4 = 1 OR restricted = 0) ORDER BY name_key, atena_no LIMIT $5";
static const char search_norm[] = "SELECT " RES_COLS " FROM residents "
    "WHERE current = 1 AND name_norm >= $1 AND name_norm < $2 " OPT_ADDRESS(3)
    "AND ($4 = 1 OR restricted = 0) ORDER BY name_norm, atena_no LIMIT $5";
static const char search_id[] = "SELECT " RES_COLS " FROM residents "
    "WHERE current = 1 AND (CAST($1 AS TEXT) IS NULL OR atena_no = $1) "
    "AND (CAST($2 AS TEXT) IS NULL OR my_number = $2) "
    "AND (CAST($3 AS TEXT) IS NULL OR juminhyo_code = $3) "
    "AND ($4 = 1 OR restricted = 0) ORDER BY atena_no LIMIT $5";
static const char search_dob_addr[] = "SELECT " RES_COLS " FROM residents "
    "WHERE current = 1 AND birth_date = $1 AND address LIKE $2 "
    "AND ($3 = 1 OR restricted = 0) ORDER BY atena_no LIMIT $4";
#undef OPT_ADDRESS

static const char *
given(const char *s)
{
	return (s != NULL && *s != '\0') ? s : NULL;
}

/* Escape LIKE metacharacters and wrap in %...%; caller frees. */
static char *
like_pattern(const char *s)
{
	size_t n = strlen(s);
	char *p = xmalloc(2 * n + 3), *q = p;

	*q++ = '%';
	for (; *s != '\0'; s++) {
		if (*s == '%' || *s == '_')
			continue;	/* wildcards typed by a user are ignored */
		*q++ = *s;
	}
	*q++ = '%';
	*q = '\0';
	return p;
}

int
db_resident_search(struct db *db, const struct db_resident_query *q, int limit,
    int (*fn)(void *, const struct db_resident *), void *ctx, int *count,
    struct err *e)
{
	const char *name = given(q->name_key) ? q->name_key : given(q->name_norm);
	int by_key = given(q->name_key) != NULL;
	char *hi = NULL, *like = NULL;
	struct db_resident *r;
	void *st;
	int rc, n = 0, p = 1;

	*count = 0;
	if (given(q->address))
		like = like_pattern(q->address);
	if (name != NULL) {
		hi = xasprintf("%s\xef\xbf\xbf", name);
		if (given(q->birth_date)) {
			st = db_stmt(db, by_key ? search_dob_key : search_dob_norm, e);
			if (st == NULL || db_bind_text(db, st, p++, q->birth_date, e) == -1)
				goto fail;
		} else if ((st = db_stmt(db, by_key ? search_key : search_norm, e)) == NULL)
			goto fail;
		if (db_bind_text(db, st, p++, name, e) == -1 ||
		    db_bind_text(db, st, p++, hi, e) == -1 ||
		    db_bind_text(db, st, p++, like, e) == -1)
			goto fail;
	} else if (given(q->birth_date) && like != NULL && !given(q->atena_no) &&
	    !given(q->my_number) && !given(q->juminhyo_code)) {
		if ((st = db_stmt(db, search_dob_addr, e)) == NULL ||
		    db_bind_text(db, st, p++, q->birth_date, e) == -1 ||
		    db_bind_text(db, st, p++, like, e) == -1)
			goto fail;
	} else {
		if ((st = db_stmt(db, search_id, e)) == NULL ||
		    db_bind_text(db, st, p++, given(q->atena_no), e) == -1 ||
		    db_bind_text(db, st, p++, given(q->my_number), e) == -1 ||
		    db_bind_text(db, st, p++, given(q->juminhyo_code), e) == -1)
			goto fail;
	}
	if (db_bind_int(db, st, p++, q->include_restricted ? 1 : 0, e) == -1 ||
	    db_bind_int(db, st, p++, limit + 1, e) == -1)
		goto fail;
	r = xmalloc(sizeof *r);
	while ((rc = db->drv->step(st, e)) == DB_ROW) {
		n++;
		if (n > limit)
			continue;
		res_row(db, st, r);
		if (fn != NULL && fn(ctx, r) != 0)
			break;
	}
	db->drv->reset(st);
	free(r);
	free(hi);
	free(like);
	*count = n;
	return rc == DB_ERROR ? -1 : 0;
fail:
	free(hi);
	free(like);
	return -1;
}

/* Rows per statement of db_bulk_residents_add_many: one statement of
 * many rows costs far less per row than as many one-row statements. */
#define BULK_ROWS 16

struct db_bulk {
	struct db *db;
	void *st;
	void *multi;		/* BULK_ROWS rows at a time, prepared on use */
	int own_tx;		/* the loader started the transaction */
	int nidx;		/* deferred indexes to rebuild */
	char *idx_sql[16];
};

void
db_bulk_mode(struct db *db, int on)
{
	if (db->drv->bulk_mode != NULL && !db->in_tx)
		db->drv->bulk_mode(db->h, on);
}

struct db_bulk *
db_bulk_residents_begin(struct db *db, struct err *e)
{
	static const char sql[] = RES_INSERT;
	struct db_bulk *b = xcalloc(1, sizeof *b);

	b->db = db;
	if (!db->in_tx) {
		if (db_begin(db, e) == -1) {
			free(b);
			return NULL;
		}
		b->own_tx = 1;
	}
	if ((b->st = db_stmt(db, sql, e)) == NULL) {
		if (b->own_tx)
			db_rollback(db);
		free(b);
		return NULL;
	}
	return b;
}

int
db_bulk_residents_defer_indexes(struct db_bulk *b, struct err *e)
{
	struct db *db = b->db;
	char *drop;
	void *st;
	int rc, i;

	if (db_resident_next_seq(db, e) != 1)
		return 0;	/* not empty: keep the indexes */
	if ((st = db_stmt(db, db->drv->sql_index_defs, e)) == NULL ||
	    db_bind_text(db, st, 1, "residents", e) == -1)
		return -1;
	while ((rc = db->drv->step(st, e)) == DB_ROW &&
	    b->nidx < (int)(sizeof b->idx_sql / sizeof b->idx_sql[0])) {
		b->idx_sql[b->nidx++] = xasprintf("%s|%s",
		    db->drv->col_text(st, 0), db->drv->col_text(st, 1));
	}
	db->drv->reset(st);
	if (rc == DB_ERROR)
		return -1;
	for (i = 0; i < b->nidx; i++) {
		drop = xasprintf("DROP INDEX %.*s",
		    (int)strcspn(b->idx_sql[i], "|"), b->idx_sql[i]);
		rc = db->drv->exec(db->h, drop, e);
		free(drop);
		if (rc == -1)
			return -1;
	}
	return 0;
}

int
db_bulk_residents_add(struct db_bulk *b, const struct db_resident *r,
    struct err *e)
{
	b->db->drv->reset(b->st);
	if (res_bind(b->db, b->st, r, e) == -1)
		return -1;
	return db_run(b->db, b->st, e);
}

/* The statement inserting BULK_ROWS rows. */
static void *
bulk_multi(struct db_bulk *b, struct err *e)
{
	struct buf sql;
	int r, c;

	if (b->multi != NULL)
		return b->multi;
	buf_init(&sql);
	buf_adds(&sql, RES_COLUMNS " VALUES ");
	for (r = 0; r < BULK_ROWS; r++) {
		buf_adds(&sql, r == 0 ? "(" : ", (");
		for (c = 1; c <= RES_NCOLS; c++)
			buf_printf(&sql, c == 1 ? "$%d" : ", $%d",
			    r * RES_NCOLS + c);
		buf_adds(&sql, ")");
	}
	b->multi = b->db->drv->prepare(b->db->h, sql.data, e);
	buf_free(&sql);
	return b->multi;
}

int
db_bulk_residents_add_many(struct db_bulk *b, const struct db_resident *r,
    size_t n, struct err *e)
{
	struct db *db = b->db;
	void *st;
	int i;

	for (; n >= BULK_ROWS; n -= BULK_ROWS, r += BULK_ROWS) {
		if ((st = bulk_multi(b, e)) == NULL)
			return -1;
		for (i = 0; i < BULK_ROWS; i++)
			if (res_bind_at(db, st, i * RES_NCOLS, &r[i], 1, e) == -1)
				return -1;
		if (db_run(db, st, e) == -1)
			return -1;
	}
	for (; n > 0; n--, r++)
		if (db_bulk_residents_add(b, r, e) == -1)
			return -1;
	return 0;
}

static void
bulk_free(struct db_bulk *b)
{
	int i;

	if (b->multi != NULL)
		b->db->drv->finalize(b->multi);

	for (i = 0; i < b->nidx; i++)
		free(b->idx_sql[i]);
	free(b);
}

int
db_bulk_residents_finish(struct db_bulk **bp, struct err *e)
{
	struct db_bulk *b = *bp;
	int i, rc = 0;

	for (i = 0; i < b->nidx && rc == 0; i++)
		rc = b->db->drv->exec(b->db->h, strchr(b->idx_sql[i], '|') + 1, e);
	bulk_free(b);
	*bp = NULL;
	return rc;
}

int
db_bulk_residents_end(struct db_bulk **bp, int ok, struct err *e)
{
	struct db_bulk *b = *bp;
	struct db *db;
	int own, rc = 0;

	if (b == NULL)
		return -1;
	db = b->db;
	own = b->own_tx && db->in_tx;
	if (!ok) {
		bulk_free(b);
		*bp = NULL;
		if (own)
			db_rollback(db);
		return 0;
	}
	rc = db_bulk_residents_finish(bp, e);
	if (own) {
		if (rc == 0)
			rc = db_commit(db, e);
		else
			db_rollback(db);
	}
	return rc;
}

int
db_resident_latest(struct db *db, const char *atena_no, struct db_resident *r,
    struct err *e)
{
	static const char sql[] = "SELECT " RES_COLS " FROM residents "
	    "WHERE atena_no = $1 ORDER BY rireki_no DESC LIMIT 1";
	void *st = db_stmt(db, sql, e);
	int rc;

	if (st == NULL || db_bind_text(db, st, 1, atena_no, e) == -1)
		return -1;
	rc = db->drv->step(st, e);
	if (rc == DB_ROW)
		res_row(db, st, r);
	db->drv->reset(st);
	if (rc == DB_DONE)
		return err_set(e, E_NOT_FOUND, "atena_no", NULL);
	return rc == DB_ROW ? 0 : -1;
}

int
db_resident_max_atena(struct db *db, char out[16], struct err *e)
{
	static const char sql[] = "SELECT coalesce(max(atena_no), '') "
	    "FROM residents";
	void *st = db_stmt(db, sql, e);
	int rc;

	out[0] = '\0';
	if (st == NULL)
		return -1;
	rc = db->drv->step(st, e);
	if (rc == DB_ROW)
		db_col_copy(db, st, 0, out, 16);
	db->drv->reset(st);
	return rc == DB_ERROR ? -1 : 0;
}

int
db_resident_by_mynumber(struct db *db, const char *my_number,
    struct db_resident *r, struct err *e)
{
	static const char sql[] = "SELECT " RES_COLS " FROM residents "
	    "WHERE my_number = $1 AND current = 1 LIMIT 1";
	void *st = db_stmt(db, sql, e);
	int rc;

	if (st == NULL || db_bind_text(db, st, 1, my_number, e) == -1)
		return -1;
	rc = db->drv->step(st, e);
	if (rc == DB_ROW)
		res_row(db, st, r);
	db->drv->reset(st);
	if (rc == DB_DONE)
		return err_set(e, E_NOT_FOUND, "my_number", NULL);
	return rc == DB_ROW ? 0 : -1;
}

int
db_resident_make_current(struct db *db, const char *atena_no, int rireki_no,
    const char *by, const char *at, struct err *e)
{
	static const char old[] = "UPDATE residents SET current = 0, "
	    "state = 'superseded' WHERE atena_no = $1 AND current = 1";
	static const char cur[] = "UPDATE residents SET current = 1, "
	    "state = 'confirmed', confirmed_by = $1, confirmed_at = $2 "
	    "WHERE atena_no = $3 AND rireki_no = $4 AND current = 0 "
	    "AND state IN ('pending', 'confirmed')";
	void *st;

	if ((st = db_stmt(db, old, e)) == NULL ||
	    db_bind_text(db, st, 1, atena_no, e) == -1 || db_run(db, st, e) == -1)
		return -1;
	if ((st = db_stmt(db, cur, e)) == NULL ||
	    db_bind_text(db, st, 1, by, e) == -1 ||
	    db_bind_text(db, st, 2, at, e) == -1 ||
	    db_bind_text(db, st, 3, atena_no, e) == -1 ||
	    db_bind_int(db, st, 4, rireki_no, e) == -1 || db_run(db, st, e) == -1)
		return -1;
	if (db->drv->changes(db->h) != 1)
		return err_set(e, E_CONFIRM_STALE, "rireki_no", NULL);
	return 0;
}

int
db_resident_set_state(struct db *db, const char *atena_no, int rireki_no,
    const char *state, struct err *e)
{
	static const char sql[] = "UPDATE residents SET state = $1 "
	    "WHERE atena_no = $2 AND rireki_no = $3";
	void *st = db_stmt(db, sql, e);

	if (st == NULL || db_bind_text(db, st, 1, state, e) == -1 ||
	    db_bind_text(db, st, 2, atena_no, e) == -1 ||
	    db_bind_int(db, st, 3, rireki_no, e) == -1 || db_run(db, st, e) == -1)
		return -1;
	if (db->drv->changes(db->h) != 1)
		return err_set(e, E_NOT_FOUND, "rireki_no", NULL);
	return 0;
}

int
db_resident_version(struct db *db, const char *atena_no, int rireki_no,
    struct db_resident *r, struct err *e)
{
	static const char sql[] = "SELECT " RES_COLS " FROM residents "
	    "WHERE atena_no = $1 AND rireki_no = $2";
	void *st = db_stmt(db, sql, e);
	int rc;

	if (st == NULL || db_bind_text(db, st, 1, atena_no, e) == -1 ||
	    db_bind_int(db, st, 2, rireki_no, e) == -1)
		return -1;
	rc = db->drv->step(st, e);
	if (rc == DB_ROW)
		res_row(db, st, r);
	db->drv->reset(st);
	if (rc == DB_DONE)
		return err_set(e, E_NOT_FOUND, "rireki_no", NULL);
	return rc == DB_ROW ? 0 : -1;
}

int
db_resident_reject(struct db *db, const char *atena_no, int rireki_no,
    const char *comment, struct err *e)
{
	static const char sql[] = "UPDATE residents SET state = 'rejected', "
	    "review_comment = $1 WHERE atena_no = $2 AND rireki_no = $3 "
	    "AND state = 'pending'";
	void *st = db_stmt(db, sql, e);

	if (st == NULL || db_bind_text(db, st, 1, comment, e) == -1 ||
	    db_bind_text(db, st, 2, atena_no, e) == -1 ||
	    db_bind_int(db, st, 3, rireki_no, e) == -1 || db_run(db, st, e) == -1)
		return -1;
	if (db->drv->changes(db->h) != 1)
		return err_set(e, E_CONFIRM_STALE, "rireki_no", NULL);
	return 0;
}

int
db_resident_queue(struct db *db, int rejected, const char *operator_login,
    int (*fn)(void *, const struct db_pending *), void *ctx, struct err *e)
{
	static const char sql[] = "SELECT atena_no, rireki_no, op, operator, "
	    "stamp, state, review_comment FROM residents r "
	    "WHERE state = $1 AND (CAST($2 AS TEXT) IS NULL OR operator = $2) "
	    "AND rireki_no = (SELECT max(rireki_no) FROM residents x "
	    "WHERE x.atena_no = r.atena_no) ORDER BY stamp, atena_no";
	void *st = db_stmt(db, sql, e);
	struct db_pending p;
	int rc;

	if (st == NULL ||
	    db_bind_text(db, st, 1, rejected ? "rejected" : "pending", e) == -1 ||
	    db_bind_text(db, st, 2, operator_login, e) == -1)
		return -1;
	while ((rc = db->drv->step(st, e)) == DB_ROW) {
		memset(&p, 0, sizeof p);
		snprintf(p.ledger, sizeof p.ledger, "resident");
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
	db->drv->reset(st);
	return rc == DB_ERROR ? -1 : 0;
}

int
db_confirm_tries(struct db *db, const char *ledger, const char *entry,
    int rireki_no, struct err *e)
{
	static const char sql[] = "SELECT tries FROM confirm_tries WHERE "
	    "ledger = $1 AND entry = $2 AND rireki_no = $3";
	void *st = db_stmt(db, sql, e);
	int rc, n = 0;

	if (st == NULL || db_bind_text(db, st, 1, ledger, e) == -1 ||
	    db_bind_text(db, st, 2, entry, e) == -1 ||
	    db_bind_int(db, st, 3, rireki_no, e) == -1)
		return -1;
	rc = db->drv->step(st, e);
	if (rc == DB_ROW)
		n = (int)db->drv->col_int(st, 0);
	db->drv->reset(st);
	return rc == DB_ERROR ? -1 : n;
}

int
db_confirm_tries_add(struct db *db, const char *ledger, const char *entry,
    int rireki_no, struct err *e)
{
	static const char sql[] = "INSERT INTO confirm_tries (ledger, entry, "
	    "rireki_no, tries) VALUES ($1, $2, $3, 1) ON CONFLICT "
	    "(ledger, entry, rireki_no) DO UPDATE SET "
	    "tries = confirm_tries.tries + 1";	/* qualified for PostgreSQL */
	void *st = db_stmt(db, sql, e);

	if (st == NULL || db_bind_text(db, st, 1, ledger, e) == -1 ||
	    db_bind_text(db, st, 2, entry, e) == -1 ||
	    db_bind_int(db, st, 3, rireki_no, e) == -1 || db_run(db, st, e) == -1)
		return -1;
	return db_confirm_tries(db, ledger, entry, rireki_no, e);
}
