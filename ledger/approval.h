/*
 * Prior approval of bulk output, for any kind of job: "export",
 * "notices", "purge".  The requesting user files a request with the
 * purpose, the conditions and the expected count; a different user with
 * the supervisor role on some ledger grants or refuses it.  A grant is
 * valid for one run, for at most the approved count, until the window of
 * `approval_window_hours` (24) has passed.  Every step is audited; the
 * database itself refuses a decision by the requester.
 */
#ifndef MADOGUCHI_APPROVAL_H
#define MADOGUCHI_APPROVAL_H

#include <stdint.h>

#include "db_types.h"
#include "ledger.h"

/* The record count above which output needs an approval: the admin
 * setting `bulk_threshold` (default 100). */
long approval_threshold(struct ledger *);
/* File a request; *id gets its number. */
int approval_request(struct session *, const char *kind, int64_t count,
    const char *purpose, const char *conditions, int64_t *id, struct err *);
/* Grant (grant nonzero) or refuse a request: a supervisor other than the
 * requester (E_CONFIRM_OWN). */
int approval_decide(struct session *, int64_t id, int grant, struct err *);
/*
 * Use approval id for a run of count records of kind by the session's
 * user, inside the caller's transaction: E_APPROVAL when it is not
 * granted, already used, expired, for another kind or user, or for fewer
 * records.  approver gets the granting user.
 */
int approval_consume(struct session *, int64_t id, const char *kind,
    int64_t count, char approver[LOGIN_MAX], struct err *);
/* Every request, oldest first (supervisors, auditors and admins see all;
 * others their own). */
int approval_list(struct session *, int (*fn)(void *,
    const struct db_approval *), void *ctx, struct err *);

#endif
