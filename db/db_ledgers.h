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

/* Child allowance: a version with its children (one transaction: the
 * caller's). */
int db_child_insert(struct db *, const struct db_child_claim *, struct err *);
/* One version (any state); E_NOT_FOUND. */
int db_child_version(struct db *, const char *claim_no, int rireki_no,
    struct db_child_claim *out, struct err *);
/* The newest version whatever its state; E_NOT_FOUND. */
int db_child_latest(struct db *, const char *claim_no,
    struct db_child_claim *out, struct err *);
/* The current (confirmed, effective) version; E_NOT_FOUND. */
int db_child_get(struct db *, const char *claim_no,
    struct db_child_claim *out, struct err *);
/* The newest version of each claim whose claimant is atena_no. */
int db_child_by_claimant(struct db *, const char *atena_no,
    int (*fn)(void *, const struct db_child_claim *), void *ctx,
    struct err *);
/* A new 請求番号 (10 digits) into out. */
int db_child_next_no(struct db *, char out[16], struct err *);
int64_t db_child_next_seq(struct db *, struct err *);
/* Notice query: current confirmed claims whose decision is
 * `decision` (NULL = any), in claim order.  Never a pending version. */
int db_child_each_confirmed(struct db *, const char *decision,
    int (*fn)(void *, const struct db_child_claim *), void *ctx,
    struct err *);

/* Elderly pass. */
int db_pass_insert(struct db *, const struct db_pass *, struct err *);
int db_pass_version(struct db *, int year, const char *pass_no,
    int rireki_no, struct db_pass *out, struct err *);
int db_pass_latest(struct db *, int year, const char *pass_no,
    struct db_pass *out, struct err *);
int db_pass_get(struct db *, int year, const char *pass_no,
    struct db_pass *out, struct err *);
/* The newest version of each pass of atena_no, newest year first. */
int db_pass_by_person(struct db *, const char *atena_no,
    int (*fn)(void *, const struct db_pass *), void *ctx, struct err *);
/* Passes of atena_no, year and type whose newest pending or confirmed
 * version is neither returned nor refused (R-33: one active pass). */
int db_pass_active_count(struct db *, const char *atena_no, int year,
    int pass_type, const char *except_pass_no, struct err *);
/* A new 乗車証交付番号 for year (8 digits) into out. */
int db_pass_next_no(struct db *, int year, char out[16], struct err *);
int64_t db_pass_next_seq(struct db *, struct err *);
/* Notice query: current confirmed passes of year matching f
 * (may be NULL), in pass order.  Never a pending version. */
int db_pass_each_confirmed(struct db *, int year,
    const struct db_pass_filter *f,
    int (*fn)(void *, const struct db_pass *), void *ctx, struct err *);

/* Vaccination. */
int db_dose_insert(struct db *, const struct db_dose *, struct err *);
int db_dose_version(struct db *, const char *record_no, int rireki_no,
    struct db_dose *out, struct err *);
int db_dose_latest(struct db *, const char *record_no, struct db_dose *out,
    struct err *);
/* Records of atena_no by date: current versions only (confirmed = 1), or
 * the newest version of each record whatever its state (confirmed = 0). */
int db_dose_by_person(struct db *, const char *atena_no, int confirmed,
    int (*fn)(void *, const struct db_dose *), void *ctx, struct err *);
int db_dose_next_no(struct db *, char out[16], struct err *);
int64_t db_dose_next_seq(struct db *, struct err *);
/* Notice query: current confirmed doses given from..to (dates,
 * inclusive; NULL = open), by date.  Never a pending version. */
int db_dose_each_confirmed(struct db *, const char *from, const char *to,
    int (*fn)(void *, const struct db_dose *), void *ctx, struct err *);
/*
 * Current residents (resident_flag set) born from..to (inclusive), in
 * 宛名番号 order starting after `after` ("" = from the start): at most
 * limit rows.  Only the keys the due lists need.
 */
int db_person_by_birth(struct db *, const char *from, const char *to,
    const char *after, int limit,
    int (*fn)(void *, const struct db_person *), void *ctx, struct err *);

/*
 * Confirmation of any book (db_book.c).  entry is the record key as text:
 * the claim number, the record number, or "YEAR-PASSNO" for a pass.
 * make_current: the previous current version becomes superseded and this
 * pending one confirmed and current (E_CONFIRM_STALE when it is no longer
 * pending; the FOUR_EYES trigger refuses by == the entering operator).
 */
int db_book_make_current(struct db *, enum db_book, const char *entry,
    int rireki_no, const char *by, const char *at, struct err *);
/* Mark a pending version rejected with the confirmer's comment. */
int db_book_reject(struct db *, enum db_book, const char *entry,
    int rireki_no, const char *comment, struct err *);
/* Pending (rejected = 0) or rejected-and-not-resubmitted (rejected = 1)
 * versions of a book, oldest first; operator NULL = anyone. */
int db_book_queue(struct db *, enum db_book, int rejected,
    const char *operator_login,
    int (*fn)(void *, const struct db_pending *), void *ctx, struct err *);

#endif
