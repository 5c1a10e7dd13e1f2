/*
 * Record locks while editing (住記 standard) and per-key serialisation of
 * writers; included by db.h.  An edit lock is a row (entity, key) naming
 * who holds it, at which terminal, since when and until when: other
 * counters see it and are refused until it is released or has expired.
 * Times are "YYYY-MM-DD HH:MM:SS" strings compared as text.
 */
#ifndef MADOGUCHI_DB_LOCK_H
#define MADOGUCHI_DB_LOCK_H

#include "db_types.h"
#include "err.h"

struct db;

struct db_lock {
	char entity[16];		/* "resident", "child", ... */
	char key[24];			/* the record key */
	char holder[LOGIN_MAX];
	char terminal[LOGIN_MAX];
	char since[TIME_MAX];
	char expires[TIME_MAX];
};

/*
 * Inside a write transaction: serialise the rest of it against the other
 * transactions that name the same key (PostgreSQL: a transaction-scoped
 * advisory lock; SQLite: writers are serialised already, nothing to do).
 */
int db_lock_serialise(struct db *, const char *key, struct err *);
/*
 * Take or renew want's lock (entity, key, holder, terminal, since,
 * expires).  Renewing one's own unexpired lock keeps its since.  When
 * another holder's lock has not expired at now: -1 with E_RECORD_LOCKED
 * and that lock copied into *cur (may be NULL).
 */
int db_lock_take(struct db *, const struct db_lock *want, const char *now,
    struct db_lock *cur, struct err *);
/* Drop holder's lock at terminal on (entity, key); E_NOT_FOUND if none. */
int db_lock_drop(struct db *, const char *entity, const char *key,
    const char *holder, const char *terminal, struct err *);
/* The lock on (entity, key) whatever its expiry (E_NOT_FOUND if none). */
int db_lock_get(struct db *, const char *entity, const char *key,
    struct db_lock *, struct err *);

#endif
