/*
 * Record locks while editing (住記 standard).  Opening an entry for
 * correction or confirmation takes a lock that other counters see ("being
 * edited by clerk2 at terminal T3 since 10:42"); it lasts the admin
 * setting edit_lock_minutes (15) and is renewed by taking it again.  The
 * lock keeps two counters from keying the same record at once; the row
 * version (resident_change.expect_rireki) still refuses a stale form if a
 * lock expired or was never taken.
 */
#ifndef MADOGUCHI_LOCK_H
#define MADOGUCHI_LOCK_H

#include "db_types.h"
#include "ledger.h"

struct lock_info {
	char holder[LOGIN_MAX];
	char terminal[LOGIN_MAX];
	char since[TIME_MAX];
	char expires[TIME_MAX];
};

/*
 * Take (or renew) the lock on entry key of ledger l for this user at this
 * terminal; the user needs clerk or supervisor on l.  Held by someone else
 * and not expired: -1 with E_RECORD_LOCKED, the holder in *holder (may be
 * NULL) and "clerk2 at terminal T3 since ..." in e->detail.
 */
int lock_acquire(struct session *, enum ledger_id, const char *key,
    struct lock_info *holder, struct err *);
/* Release this user's lock at this terminal (E_NOT_FOUND when none). */
int lock_release(struct session *, enum ledger_id, const char *key,
    struct err *);
/* Who holds key now; E_NOT_FOUND when it is free or the lock expired. */
int lock_holder(struct session *, enum ledger_id, const char *key,
    struct lock_info *, struct err *);

#endif
