/*
 * The elderly pass ledger: 乗車証基本マスタ versions keyed (年度,
 * 乗車証交付番号, 履歴番号).  A person is a 宛名番号; the income, welfare and
 * fee inputs are stored with every version so that a decision can be
 * re-checked.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db_book_internal.h"

#define S db_pass
static const struct bk_col pass_cols[] = {
	BK_N(S, year), BK_T(S, pass_no), BK_N(S, rireki_no), BK_T(S, state),
	BK_N(S, current), BK_T(S, op), BK_T(S, status), BK_T(S, atena_no),
	BK_N(S, pass_type), BK_T(S, apply_date), BK_N(S, channel),
	BK_N(S, applicant_type), BK_N(S, id_doc), BK_N(S, poa_seen),
	BK_N(S, id_copy_attached), BK_T(S, wish_post_office), BK_N(S, consent),
	BK_T(S, reference_date), BK_L(S, income), BK_N(S, public_assistance),
	BK_N(S, welfare_pass), BK_T(S, disability_no), BK_N(S, tier),
	BK_N(S, period), BK_T(S, reduction), BK_T(S, judged_on),
	BK_L(S, table_amount), BK_L(S, cap), BK_L(S, capped),
	BK_L(S, reduced_by), BK_L(S, fee_amount), BK_T(S, due_date),
	BK_L(S, paid_amount), BK_T(S, paid_date), BK_T(S, pay_method),
	BK_T(S, post_office), BK_T(S, issue_date), BK_N(S, reissue_count),
	BK_L(S, refund_amount), BK_T(S, refund_date), BK_T(S, refund_reason),
	BK_L(S, extra_due), BK_T(S, end_reason), BK_T(S, end_date),
	BK_T(S, end_notified),
	BK_STAMP(S),
};
#undef S
static const struct bk_table passes = {
	"elderly_passes", pass_cols, (int)(sizeof pass_cols / sizeof pass_cols[0])
};

int
db_pass_insert(struct db *db, const struct db_pass *p, struct err *e)
{
	return bk_insert(db, &passes, p, e);
}

int
db_pass_version(struct db *db, int year, const char *pass_no, int rireki_no,
    struct db_pass *out, struct err *e)
{
	return bk_one(db, &passes, "WHERE year = $1 AND pass_no = $2 AND "
	    "rireki_no = $3", out, sizeof *out, "pass_no", e, "ntn", year,
	    pass_no, rireki_no);
}

int
db_pass_latest(struct db *db, int year, const char *pass_no,
    struct db_pass *out, struct err *e)
{
	return bk_one(db, &passes, "WHERE year = $1 AND pass_no = $2 "
	    "ORDER BY rireki_no DESC LIMIT 1", out, sizeof *out, "pass_no", e,
	    "nt", year, pass_no);
}

int
db_pass_get(struct db *db, int year, const char *pass_no, struct db_pass *out,
    struct err *e)
{
	return bk_one(db, &passes, "WHERE year = $1 AND pass_no = $2 AND "
	    "current = 1", out, sizeof *out, "pass_no", e, "nt", year, pass_no);
}

struct each_pass {
	int (*fn)(void *, const struct db_pass *);
	void *ctx;
};

static int
each_pass(void *ctx, void *rec)
{
	struct each_pass *x = ctx;

	return x->fn(x->ctx, rec);
}

int
db_pass_by_person(struct db *db, const char *atena_no,
    int (*fn)(void *, const struct db_pass *), void *ctx, struct err *e)
{
	struct each_pass x = { fn, ctx };
	struct db_pass *p = malloc(sizeof *p);
	int rc;

	if (p == NULL)
		return err_set(e, E_NOMEM, "", NULL);
	rc = bk_each(db, &passes, "WHERE atena_no = $1 AND rireki_no = "
	    "(SELECT max(rireki_no) FROM elderly_passes x WHERE x.year = "
	    "elderly_passes.year AND x.pass_no = elderly_passes.pass_no) "
	    "ORDER BY year DESC, pass_no", p, sizeof *p, each_pass, &x, e, "t",
	    atena_no);
	free(p);
	return rc;
}

int
db_pass_active_count(struct db *db, const char *atena_no, int year,
    int pass_type, const char *except_pass_no, struct err *e)
{
	int64_t n;

	if (bk_int(db, "SELECT count(*) FROM elderly_passes p WHERE "
	    "atena_no = $1 AND year = $2 AND pass_type = $3 AND "
	    "(CAST($4 AS TEXT) IS NULL OR pass_no <> $4) AND "
	    "state IN ('pending', 'confirmed') AND "
	    "status NOT IN ('returned', 'refused') AND rireki_no = "
	    "(SELECT max(rireki_no) FROM elderly_passes x WHERE x.year = p.year "
	    "AND x.pass_no = p.pass_no AND x.state IN ('pending', 'confirmed'))",
	    0, &n, e, "tnnt", atena_no, year, pass_type, except_pass_no) == -1)
		return -1;
	return (int)n;
}

int
db_pass_next_no(struct db *db, int year, char out[16], struct err *e)
{
	char buf[24];
	int64_t n;

	if (bk_int(db, "SELECT max(CAST(pass_no AS BIGINT)) FROM elderly_passes "
	    "WHERE year = $1", 0, &n, e, "n", year) == -1)
		return -1;
	if (n < 0 || n >= 99999999LL)
		return err_set(e, E_DB, "pass_no", "numbers used up");
	snprintf(buf, sizeof buf, "%08lld", (long long)(n + 1));
	memcpy(out, buf, 9);
	return 0;
}

int64_t
db_pass_next_seq(struct db *db, struct err *e)
{
	int64_t n;

	if (bk_int(db, "SELECT max(update_seq) FROM elderly_passes", 0, &n, e,
	    "") == -1)
		return -1;
	return n + 1;
}

int
db_pass_each_confirmed(struct db *db, int year, const struct db_pass_filter *f,
    int (*fn)(void *, const struct db_pass *), void *ctx, struct err *e)
{
	struct each_pass x = { fn, ctx };
	struct db_pass *p = malloc(sizeof *p);
	int rc;

	if (p == NULL)
		return err_set(e, E_NOMEM, "", NULL);
	rc = bk_each(db, &passes, "WHERE year = $1 AND current = 1 AND "
	    "state = 'confirmed' AND (CAST($2 AS TEXT) IS NULL OR status = $2) "
	    "AND (CAST($3 AS TEXT) IS NULL OR atena_no = $3) ORDER BY pass_no",
	    p, sizeof *p, each_pass, &x, e, "ntt", year,
	    f != NULL ? f->status : NULL, f != NULL ? f->atena_no : NULL);
	free(p);
	return rc;
}
