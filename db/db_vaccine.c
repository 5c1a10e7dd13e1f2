/*
 * The vaccination ledger: one row per version of a dose record, and the
 * small read of current residents by birth date that the due lists need
 * (keys, birth date and sex only).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db_book_internal.h"

#define S db_dose
static const struct bk_col dose_cols[] = {
	BK_T(S, record_no), BK_N(S, rireki_no), BK_T(S, state), BK_N(S, current),
	BK_T(S, op), BK_T(S, atena_no), BK_T(S, vaccine_code), BK_N(S, dose_no),
	BK_T(S, date), BK_T(S, maker), BK_T(S, lot), BK_T(S, lot_expiry),
	BK_T(S, institution), BK_T(S, doctor), BK_T(S, site), BK_T(S, volume),
	BK_L(S, amount), BK_T(S, subsidy_kind), BK_T(S, subsidy_date),
	BK_L(S, subsidy_amount), BK_N(S, other_municipality),
	BK_N(S, certificate), BK_N(S, voluntary), BK_T(S, notes),
	BK_STAMP(S),
};
#undef S
static const struct bk_table doses = {
	"vaccine_doses", dose_cols, (int)(sizeof dose_cols / sizeof dose_cols[0])
};

#define S db_person
static const struct bk_col person_cols[] = {
	BK_T(S, atena_no), BK_T(S, birth_date), BK_N(S, sex),
};
#undef S
static const struct bk_table persons = { "residents", person_cols, 3 };

int
db_dose_insert(struct db *db, const struct db_dose *d, struct err *e)
{
	return bk_insert(db, &doses, d, e);
}

int
db_dose_version(struct db *db, const char *record_no, int rireki_no,
    struct db_dose *out, struct err *e)
{
	return bk_one(db, &doses, "WHERE record_no = $1 AND rireki_no = $2",
	    out, sizeof *out, "record_no", e, "tn", record_no, rireki_no);
}

int
db_dose_latest(struct db *db, const char *record_no, struct db_dose *out,
    struct err *e)
{
	return bk_one(db, &doses, "WHERE record_no = $1 ORDER BY rireki_no "
	    "DESC LIMIT 1", out, sizeof *out, "record_no", e, "t", record_no);
}

struct each_dose {
	int (*fn)(void *, const struct db_dose *);
	void *ctx;
};

static int
each_dose(void *ctx, void *rec)
{
	struct each_dose *x = ctx;

	return x->fn(x->ctx, rec);
}

static int
doses_each(struct db *db, const char *tail,
    int (*fn)(void *, const struct db_dose *), void *ctx, struct err *e,
    const char *fmt, const char *a, const char *b)
{
	struct each_dose x = { fn, ctx };
	struct db_dose *d = malloc(sizeof *d);
	int rc;

	if (d == NULL)
		return err_set(e, E_NOMEM, "", NULL);
	rc = bk_each(db, &doses, tail, d, sizeof *d, each_dose, &x, e, fmt, a, b);
	free(d);
	return rc;
}

int
db_dose_by_person(struct db *db, const char *atena_no, int confirmed,
    int (*fn)(void *, const struct db_dose *), void *ctx, struct err *e)
{
	if (confirmed)
		return doses_each(db, "WHERE atena_no = $1 AND current = 1 "
		    "ORDER BY date, record_no", fn, ctx, e, "t", atena_no, NULL);
	return doses_each(db, "WHERE atena_no = $1 AND rireki_no = "
	    "(SELECT max(rireki_no) FROM vaccine_doses x WHERE x.record_no = "
	    "vaccine_doses.record_no) ORDER BY date, record_no", fn, ctx, e, "t",
	    atena_no, NULL);
}

int
db_dose_each_confirmed(struct db *db, const char *from, const char *to,
    int (*fn)(void *, const struct db_dose *), void *ctx, struct err *e)
{
	return doses_each(db, "WHERE current = 1 AND state = 'confirmed' AND "
	    "(CAST($1 AS TEXT) IS NULL OR date >= $1) AND "
	    "(CAST($2 AS TEXT) IS NULL OR date <= $2) ORDER BY date, record_no",
	    fn, ctx, e, "tt", from, to);
}

int
db_dose_next_no(struct db *db, char out[16], struct err *e)
{
	char buf[24];
	int64_t n;

	if (bk_int(db, "SELECT max(CAST(record_no AS BIGINT)) FROM vaccine_doses",
	    0, &n, e, "") == -1)
		return -1;
	if (n < 0 || n >= 9999999999LL)
		return err_set(e, E_DB, "record_no", "numbers used up");
	snprintf(buf, sizeof buf, "%010lld", (long long)(n + 1));
	memcpy(out, buf, 11);
	return 0;
}

int64_t
db_dose_next_seq(struct db *db, struct err *e)
{
	int64_t n;

	if (bk_int(db, "SELECT max(update_seq) FROM vaccine_doses", 0, &n, e,
	    "") == -1)
		return -1;
	return n + 1;
}

struct each_person {
	int (*fn)(void *, const struct db_person *);
	void *ctx;
};

static int
each_person(void *ctx, void *rec)
{
	struct each_person *x = ctx;

	return x->fn(x->ctx, rec);
}

int
db_person_by_birth(struct db *db, const char *from, const char *to,
    const char *after, int limit,
    int (*fn)(void *, const struct db_person *), void *ctx, struct err *e)
{
	struct each_person x = { fn, ctx };
	struct db_person p;

	return bk_each(db, &persons, "WHERE current = 1 AND resident_flag = 1 "
	    "AND deleted = 0 AND birth_date >= $1 AND birth_date <= $2 AND "
	    "atena_no > $3 ORDER BY atena_no LIMIT $4", &p, sizeof p,
	    each_person, &x, e, "tttn", from, to, after ? after : "", limit);
}
