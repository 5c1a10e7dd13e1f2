/*
 * The code tables: one table `codes` keyed by (kind, code) for the
 * vaccines, medical institutions, post offices, reasons and bus companies,
 * and `fee_tiers`, the elderly pass's 納付額ファイル.
 */
#include <string.h>

#include "db_book_internal.h"

static const struct bk_col code_cols[] = {
	BK_T(db_code, kind), BK_T(db_code, code), BK_T(db_code, name),
	BK_T(db_code, postal_code), BK_T(db_code, address),
	BK_T(db_code, phone), BK_T(db_code, attr),
};
static const struct bk_table codes = { "codes", code_cols, 7 };

static const struct bk_col fee_cols[] = {
	BK_N(db_fee_row, year), BK_N(db_fee_row, tier),
	BK_L(db_fee_row, half), BK_L(db_fee_row, one),
	BK_L(db_fee_row, one_half), BK_L(db_fee_row, cap),
};
static const struct bk_table fees = { "fee_tiers", fee_cols, 6 };

int
db_code_get(struct db *db, const char *kind, const char *code,
    struct db_code *out, struct err *e)
{
	return bk_one(db, &codes, "WHERE kind = $1 AND code = $2", out,
	    sizeof *out, "code", e, "tt", kind, code);
}

int
db_code_put(struct db *db, const struct db_code *c, struct err *e)
{
	if (bk_exec(db, "DELETE FROM codes WHERE kind = $1 AND code = $2", e,
	    "tt", c->kind, c->code) == -1)
		return -1;
	return bk_insert(db, &codes, c, e);
}

struct each_code {
	int (*fn)(void *, const struct db_code *);
	void *ctx;
};

static int
each_code(void *ctx, void *rec)
{
	struct each_code *x = ctx;

	return x->fn(x->ctx, rec);
}

int
db_code_each(struct db *db, const char *kind,
    int (*fn)(void *, const struct db_code *), void *ctx, struct err *e)
{
	struct each_code x = { fn, ctx };
	struct db_code c;

	return bk_each(db, &codes, "WHERE kind = $1 ORDER BY code", &c,
	    sizeof c, each_code, &x, e, "t", kind);
}

int
db_fee_put(struct db *db, const struct db_fee_row *r, struct err *e)
{
	if (bk_exec(db, "DELETE FROM fee_tiers WHERE year = $1 AND tier = $2",
	    e, "nn", r->year, r->tier) == -1)
		return -1;
	return bk_insert(db, &fees, r, e);
}

struct each_fee {
	int (*fn)(void *, const struct db_fee_row *);
	void *ctx;
};

static int
each_fee(void *ctx, void *rec)
{
	struct each_fee *x = ctx;

	return x->fn(x->ctx, rec);
}

int
db_fee_each(struct db *db, int (*fn)(void *, const struct db_fee_row *),
    void *ctx, struct err *e)
{
	struct each_fee x = { fn, ctx };
	struct db_fee_row r;

	return bk_each(db, &fees, "ORDER BY year, tier", &r, sizeof r,
	    each_fee, &x, e, "");
}
