/*
 * Synthetic data for the demo ledger, tests and benchmarks: realistic
 * Japanese names with readings, addresses with postal codes, dates of
 * birth and valid My Numbers, generated deterministically from a seed.
 * Nothing here is real personal data.
 */
#ifndef MADOGUCHI_DEMO_H
#define MADOGUCHI_DEMO_H

#include <stdint.h>

#include "db_types.h"
#include "ledger.h"

/* Resident number i (0-based) of the synthetic population for seed. */
void demo_resident(uint32_t seed, int64_t i, struct db_resident *out);
/*
 * Add residents [0, n) of the synthetic population in one transaction,
 * as confirmed first versions stamped with actor and this terminal.
 * progress (may be NULL) is called now and then with (done, n).
 */
int demo_residents(struct ledger *, uint32_t seed, int64_t n,
    const char *actor, void (*progress)(void *, int64_t, int64_t), void *ctx,
    struct err *);
/*
 * On a ledger without users: create clerk, clerk2, supervisor,
 * supervisor2, operator, auditor and admin, each with the password
 * "demo-" + name and the grants its role implies, and register this
 * terminal.  Audited.
 */
int demo_accounts(struct ledger *, struct err *);

#endif
