/*
 * The child allowance ledger: one row per version of a claim in
 * child_claims, its children in child_claim_children under the same
 * (請求番号, 履歴番号).  Children are 宛名番号s; the My Numbers on the form
 * are checked against the master and never stored here.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db_book_internal.h"

#define S db_child_claim
static const struct bk_col claim_cols[] = {
	BK_T(S, claim_no), BK_N(S, rireki_no), BK_T(S, state), BK_N(S, current),
	BK_T(S, op), BK_T(S, claimant_atena), BK_T(S, spouse_atena),
	BK_N(S, claimant_type), BK_N(S, channel), BK_N(S, applicant_type),
	BK_N(S, id_doc), BK_N(S, poa_seen), BK_N(S, id_copy_attached),
	BK_N(S, signature_verified), BK_N(S, claimant_mn_method),
	BK_T(S, claim_date), BK_T(S, event_date), BK_T(S, start_month),
	BK_T(S, end_month), BK_T(S, decision), BK_T(S, decision_date),
	BK_N(S, genkyo_flags), BK_N(S, genkyo_required), BK_N(S, suspended),
	BK_T(S, amount_month), BK_L(S, monthly_total),
	BK_STAMP(S),
};
#undef S
static const struct bk_table claims = {
	"child_claims", claim_cols, (int)(sizeof claim_cols / sizeof claim_cols[0])
};

/* A row of child_claim_children. */
struct child_row {
	char claim_no[16];
	int rireki_no;
	int seq;
	struct db_child_member m;
};

#define S child_row
static const struct bk_col child_cols[] = {
	BK_T(S, claim_no), BK_N(S, rireki_no), BK_N(S, seq),
	{ "atena_no", offsetof(struct S, m.atena_no), 16, BK_TEXT },
	{ "supported", offsetof(struct S, m.supported), sizeof(int), BK_INT },
	{ "mn_method", offsetof(struct S, m.mn_method), sizeof(int), BK_INT },
	{ "paid_from", offsetof(struct S, m.paid_from), MONTH_MAX, BK_TEXT },
	{ "paid_until", offsetof(struct S, m.paid_until), MONTH_MAX, BK_TEXT },
	{ "amount", offsetof(struct S, m.amount), sizeof(int), BK_INT },
	{ "rank", offsetof(struct S, m.rank), sizeof(int), BK_INT },
};
#undef S
static const struct bk_table children = {
	"child_claim_children", child_cols,
	(int)(sizeof child_cols / sizeof child_cols[0])
};

int
db_child_insert(struct db *db, const struct db_child_claim *c, struct err *e)
{
	struct child_row r;
	int i;

	if (c->nchildren < 0 || c->nchildren > DB_CHILD_MAX)
		return err_set(e, E_TOO_LONG, "children", NULL);
	if (bk_insert(db, &claims, c, e) == -1)
		return -1;
	for (i = 0; i < c->nchildren; i++) {
		memset(&r, 0, sizeof r);
		memcpy(r.claim_no, c->claim_no, sizeof r.claim_no);
		r.rireki_no = c->rireki_no;
		r.seq = i + 1;
		r.m = c->child[i];
		if (bk_insert(db, &children, &r, e) == -1)
			return -1;
	}
	return 0;
}

static int
add_child(void *ctx, void *rec)
{
	struct db_child_claim *c = ctx;
	const struct child_row *r = rec;

	if (c->nchildren < DB_CHILD_MAX)
		c->child[c->nchildren++] = r->m;
	return 0;
}

/* Load the children of c's version into c. */
static int
load_children(struct db *db, struct db_child_claim *c, struct err *e)
{
	struct child_row r;

	c->nchildren = 0;
	return bk_each(db, &children, "WHERE claim_no = $1 AND rireki_no = $2 "
	    "ORDER BY seq", &r, sizeof r, add_child, c, e, "tn", c->claim_no,
	    c->rireki_no);
}

int
db_child_version(struct db *db, const char *claim_no, int rireki_no,
    struct db_child_claim *out, struct err *e)
{
	if (bk_one(db, &claims, "WHERE claim_no = $1 AND rireki_no = $2", out,
	    sizeof *out, "claim_no", e, "tn", claim_no, rireki_no) == -1)
		return -1;
	return load_children(db, out, e);
}

int
db_child_latest(struct db *db, const char *claim_no,
    struct db_child_claim *out, struct err *e)
{
	if (bk_one(db, &claims, "WHERE claim_no = $1 ORDER BY rireki_no DESC "
	    "LIMIT 1", out, sizeof *out, "claim_no", e, "t", claim_no) == -1)
		return -1;
	return load_children(db, out, e);
}

int
db_child_get(struct db *db, const char *claim_no, struct db_child_claim *out,
    struct err *e)
{
	if (bk_one(db, &claims, "WHERE claim_no = $1 AND current = 1", out,
	    sizeof *out, "claim_no", e, "t", claim_no) == -1)
		return -1;
	return load_children(db, out, e);
}

struct each_claim {
	struct db *db;
	int (*fn)(void *, const struct db_child_claim *);
	void *ctx;
	struct err *e;
	int failed;
};

static int
each_claim(void *ctx, void *rec)
{
	struct each_claim *x = ctx;
	struct db_child_claim *c = rec;

	if (load_children(x->db, c, x->e) == -1) {
		x->failed = 1;
		return 1;
	}
	return x->fn(x->ctx, c);
}

/* Run a claims query with children loaded for fn. */
static int
claims_each(struct db *db, const char *tail,
    int (*fn)(void *, const struct db_child_claim *), void *ctx,
    struct err *e, const char *arg)
{
	struct each_claim x = { db, fn, ctx, e, 0 };
	struct db_child_claim *c = malloc(sizeof *c);
	int rc;

	if (c == NULL)
		return err_set(e, E_NOMEM, "", NULL);
	rc = bk_each(db, &claims, tail, c, sizeof *c, each_claim, &x, e, "t",
	    arg);
	free(c);
	return (rc == -1 || x.failed) ? -1 : 0;
}

int
db_child_by_claimant(struct db *db, const char *atena_no,
    int (*fn)(void *, const struct db_child_claim *), void *ctx,
    struct err *e)
{
	return claims_each(db, "WHERE claimant_atena = $1 AND rireki_no = "
	    "(SELECT max(rireki_no) FROM child_claims x "
	    "WHERE x.claim_no = child_claims.claim_no) ORDER BY claim_no",
	    fn, ctx, e, atena_no);
}

int
db_child_each_confirmed(struct db *db, const char *decision,
    int (*fn)(void *, const struct db_child_claim *), void *ctx,
    struct err *e)
{
	return claims_each(db, "WHERE current = 1 AND state = 'confirmed' "
	    "AND (CAST($1 AS TEXT) IS NULL OR decision = $1) ORDER BY claim_no",
	    fn, ctx, e, decision);
}

int
db_child_next_no(struct db *db, char out[16], struct err *e)
{
	char buf[24];
	int64_t n;

	if (bk_int(db, "SELECT max(CAST(claim_no AS BIGINT)) FROM child_claims",
	    0, &n, e, "") == -1)
		return -1;
	if (n < 0 || n >= 9999999999LL)
		return err_set(e, E_DB, "claim_no", "numbers used up");
	snprintf(buf, sizeof buf, "%010lld", (long long)(n + 1));
	memcpy(out, buf, 11);
	return 0;
}

int64_t
db_child_next_seq(struct db *db, struct err *e)
{
	int64_t n;

	if (bk_int(db, "SELECT max(update_seq) FROM child_claims", 0, &n, e,
	    "") == -1)
		return -1;
	return n + 1;
}
