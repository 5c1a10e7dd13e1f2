/*
 * Moving a ledger between engines (madoguchi copy); included by db.h.
 */
#ifndef MADOGUCHI_DB_COPY_H
#define MADOGUCHI_DB_COPY_H

#include <stdint.h>

#include "err.h"

struct db;

/*
 * Inside the caller's write transaction on dst (both already migrated to
 * the same schema version): copy every row of every table of src except
 * meta, table by table in creation order, keys and audit chain as they
 * are.  dst must hold no users, residents or audit rows (E_EXISTS); rows
 * its migrations seeded (roles, codes, ...) are replaced by src's.
 * *rows gets the number of rows copied (may be NULL).
 */
int db_copy(struct db *src, struct db *dst, int64_t *rows, struct err *);

#endif
