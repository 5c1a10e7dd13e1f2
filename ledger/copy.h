/*
 * Migration of a site between engines: `madoguchi copy --from sqlite:PATH
 * --to postgresql://...` moves a whole ledger, audit chain included.
 */
#ifndef MADOGUCHI_COPY_H
#define MADOGUCHI_COPY_H

#include <stdint.h>

#include "ledger.h"

/*
 * Copy the ledger of admin session s (an admin on the system ledger) to
 * the empty ledger at target (created by migrations there): rows table by
 * table in one transaction on the target, the audit chain as it is, then
 * the source's checkpoint file to the target's.  Audited on both sides
 * ("copy-out" before, "copy-in" after).  *rows: rows copied (may be NULL).
 */
int copy_ledger(struct session *s, const char *target, int64_t *rows,
    struct err *);

#endif
