/*
 * Storage of the three business ledgers (child allowance, elderly pass,
 * vaccination) and of the code tables they are checked against.
 * Included by db.h; plain record structs first, then the functions.
 *
 * Every ledger row is one version keyed by its record key and 履歴番号,
 * with the state pending / confirmed / rejected / superseded, a current
 * flag on the one effective confirmed version, and the R-24 stamp, as the
 * resident master does.  Persons are referenced by 宛名番号 only: no
 * ledger table holds a My Number.  Months are "YYYY-MM", dates
 * "YYYY-MM-DD", amounts whole yen.
 */
#ifndef MADOGUCHI_DB_LEDGERS_H
#define MADOGUCHI_DB_LEDGERS_H

#include <stddef.h>
#include <stdint.h>

#include "db_types.h"
#include "err.h"

struct db;

#define DB_CHILD_MAX 16		/* children per claim (ledger/child.h) */
#define MONTH_MAX 8		/* "YYYY-MM" */

/* The stamp every ledger version carries. */
struct db_stamp {
	char reason_code[16];		/* 処理事由 */
	char ref_no[33];		/* 受付番号 / 申請書番号 */
	char justification[241];	/* 職権修正の理由 */
	int doubt;			/* 疑義 */
	char operator_login[LOGIN_MAX];
	char terminal[LOGIN_MAX];
	char stamp[TIME_MAX];
	int64_t update_seq;		/* 更新順番号, per ledger */
	char confirmed_by[LOGIN_MAX];
	char confirmed_at[TIME_MAX];
	char review_comment[241];	/* the confirmer's rejection comment */
};

/* ---- code tables ------------------------------------------------------ */

/*
 * One row of a code table.  kind: "vaccine" (attr = class A/B),
 * "institution" (医療機関), "post_office" (郵便局マスタ), "reason" (処理事由;
 * attr = the ledger it belongs to, "" = every ledger), "bus" (バス会社).
 */
struct db_code {
	char kind[16];
	char code[16];
	char name[97];
	char postal_code[9];
	char address[241];
	char phone[24];
	char attr[16];
};

/* One row of the 納付額ファイル. */
struct db_fee_row {
	int year;			/* 年度 */
	int tier;			/* 負担区分 */
	int64_t half, one, one_half;	/* 0.5 / 1.0 / 1.5-year amounts */
	int64_t cap;			/* 限度額負担金額 */
};

/* Code tables. */
/* The row kind/code into out; E_NOT_FOUND when there is none. */
int db_code_get(struct db *, const char *kind, const char *code,
    struct db_code *out, struct err *);
/* Insert or replace the row (kind, code). */
int db_code_put(struct db *, const struct db_code *, struct err *);
/* Rows of kind in code order. */
int db_code_each(struct db *, const char *kind,
    int (*fn)(void *, const struct db_code *), void *ctx, struct err *);
int db_fee_put(struct db *, const struct db_fee_row *, struct err *);
/* The fee table ordered by year and tier. */
int db_fee_each(struct db *, int (*fn)(void *, const struct db_fee_row *),
    void *ctx, struct err *);

#endif
