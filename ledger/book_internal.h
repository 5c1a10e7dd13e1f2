/*
 * Private to ledger/: what the three ledger books (childbook.c,
 * passbook.c, vaccbook.c) share — the right to enter, the R-34 fields, the
 * R-24 stamp, date and month fields, the master lookups and the one audit
 * row of each operation.
 */
#ifndef MADOGUCHI_BOOK_INTERNAL_H
#define MADOGUCHI_BOOK_INTERNAL_H

#include "db.h"
#include "ledger.h"
#include "wareki.h"

/* Clerk or supervisor on l; otherwise a denial audited as op. */
int book_may_enter(struct session *, enum ledger_id l, const char *op,
    struct err *);
/* Operator or supervisor on l (the notice queries); otherwise a denial
 * audited as op. */
int book_may_notice(struct session *, enum ledger_id l, const char *op,
    struct err *);
/*
 * The preamble of every submit on l: book_may_enter, then R-34: a reason
 * code of l's, a reference, and a justification for a correction on the
 * office's authority (reason 03 職権修正).
 */
int book_enter(struct session *, enum ledger_id l, const char *op,
    const char *reason, const char *ref_no, const char *justification,
    struct err *);
/*
 * Begin the write transaction of a submit on l, serialised against the
 * other submits on l (the numbers are allotted as max + 1).  On -1
 * nothing is left open.
 */
int book_begin(struct session *, enum ledger_id l, struct err *);
/* Fill the R-24 stamp of a new pending version entered by the session. */
void book_stamp(struct session *, struct db_stamp *, const char *reason,
    const char *ref_no, const char *justification, int64_t seq);
/*
 * A date field typed in any accepted form (和暦 too) into out ("" when
 * empty and not required) and *d (may be NULL).  Dates after today are
 * refused (E_DATE_RANGE) unless future is set.
 */
int book_date(const char *in, int required, int future, const char *field,
    char out[DATE_MAX], struct ymd *d, struct err *);
/* "YYYY-MM" of d; and back (0 on success, day 1). */
void book_month(const struct ymd *, char out[MONTH_MAX]);
int book_month_parse(const char *, struct ymd *);
/*
 * The current version of atena_no, which must be a current resident
 * (E_NOT_FOUND, or E_NOT_ELIGIBLE when removed), field named.  out is
 * personal data: the caller wipes it.
 */
int book_resident(struct ledger *, const char *atena_no, const char *field,
    struct db_resident *out, struct err *);
/* A typed My Number must be the one the master holds for the person
 * checked, never stored again).  NULL or "" passes. */
int book_mynumber_matches(const char *typed, const struct db_resident *,
    const char *field, struct err *);
/* The one audit row of an operation on entry#rireki (no personal data). */
int book_audit(struct session *, const char *op, const char *entry,
    int rireki_no, const char *detail, const char *reason, struct err *);
/* The audit row of a list or query: what and the rows, "what n=N". */
int book_audit_count(struct session *, const char *op, const char *target,
    const char *what, int n, struct err *);

#endif
