/*
 * Code tables: vaccines, medical institutions, post offices (郵便局
 * マスタ), reasons (処理事由), bus companies, and the elderly pass's fee
 * table (納付額ファイル).  Entry checks every code against its table;
 * the tables are seeded by a migration and replaced or extended by an
 * admin from CSV.
 *
 * CSV (RFC 4180, UTF-8): a header row naming the columns, in any order,
 * by database name or the Japanese name in brackets:
 *   code tables:  code (コード), name (名称), postal_code (郵便番号),
 *                 address (住所), phone (電話番号), attr (区分: a vaccine's
 *                 class A/B, a reason's ledger or empty)
 *   fee:          year (年度), tier (負担区分), half (0.5年負担金額),
 *                 one (1.0年負担金額), one_half (1.5年負担金額),
 *                 cap (限度額負担金額)
 * code and name (or every fee column) are required; a postal code is 7
 * digits ("604-8571" accepted); amounts are non-negative yen.  Rows are
 * stored as given (trimmed of surrounding blanks only); an existing code
 * is replaced.
 */
#ifndef MADOGUCHI_CODES_H
#define MADOGUCHI_CODES_H

#include "db_types.h"
#include "elderly.h"
#include "ledger.h"

enum codes_table {
	CODES_VACCINE,		/* 接種種類 */
	CODES_INSTITUTION,	/* 医療機関 */
	CODES_POST_OFFICE,	/* 郵便局 */
	CODES_REASON,		/* 処理事由 */
	CODES_BUS,		/* バス会社 */
	CODES_FEE,		/* 納付額ファイル */
	CODES_N
};

/* "vaccine", "institution", "post_office", "reason", "bus", "fee". */
const char *codes_table_name(enum codes_table);
/* The table named name; -1 when unknown. */
int codes_table_from_name(const char *name, enum codes_table *out);
/*
 * 0 when code is in table (not CODES_FEE); else -1 with E_REQUIRED
 * (empty code) or E_CODE_UNKNOWN, e->field = the table's name.
 */
int codes_check(struct ledger *, enum codes_table, const char *code,
    struct err *);
/* A reason code (処理事由) valid for ledger l: its own or a common one. */
int codes_check_reason(struct ledger *, enum ledger_id l, const char *code,
    struct err *);
/* The row of code into out (E_CODE_UNKNOWN). */
int codes_get(struct ledger *, enum codes_table, const char *code,
    struct db_code *out, struct err *);
/* Rows of a code table (not CODES_FEE) in code order. */
int codes_each(struct ledger *, enum codes_table,
    int (*fn)(void *, const struct db_code *), void *ctx, struct err *);
/*
 * The fee table as the rules take it (elderly_decide).  Caller frees with
 * codes_fees_free.  NULL with E_DB.
 */
struct elderly_fee_table *codes_fees(struct ledger *, struct err *);
void codes_fees_free(struct elderly_fee_table **);
/*
 * Import csv_text (UTF-8, header row) into table: admin role on the system
 * ledger (refusal audited); every row checked before anything is written;
 * all rows and one audit row (table and count) in one transaction.
 * *rows (may be NULL) gets the number of rows stored.  A bad row fails
 * the whole import with the code, e->field the column and e->detail its
 * line.
 */
int codes_import(struct session *, enum codes_table, const char *csv_text,
    int *rows, struct err *);
/*
 * The rows of table for a listing: fn gets a code
 * table's rows in code order, fee_fn the fee table's by year and tier.
 * Any role on any ledger may read them (every clerk looks codes up at
 * entry, and they hold no personal data); a session without one fails
 * with E_DENIED, audited.
 */
int codes_list(struct session *, enum codes_table,
    int (*fn)(void *, const struct db_code *),
    int (*fee_fn)(void *, const struct db_fee_row *), void *ctx,
    struct err *);

#endif
