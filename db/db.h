/*
 * The storage interface.  Everything above db/ sees these functions and
 * the plain structs of db_types.h, never SQL nor an engine's header.  The
 * domain functions are written once over a driver vtable (db_driver.h);
 * "sqlite" is the built-in driver.  The caller (ledger/) owns transaction
 * scope: db_begin .. db_commit / db_rollback around each business operation.
 *
 * Iterators call fn for each row; fn returns 0 to go on, nonzero to stop.
 * Row structs passed to fn are owned by the iterator and valid only during
 * the call.
 */
#ifndef MADOGUCHI_DB_H
#define MADOGUCHI_DB_H

#include <stddef.h>
#include <stdint.h>

#include "db_types.h"
#include "err.h"

struct db;

/*
 * Open the ledger at target: a file path, "sqlite:PATH", or ":memory:".
 * Creates the file (0600) when missing, refuses a file or directory
 * readable by others (E_DB_PERMS), applies pending migrations and refuses
 * a database newer than this program (E_DB_NEWER).  Caller frees with
 * db_close().
 */
struct db *db_open(const char *target, struct err *);
/* The same without applying migrations: see db_schema_version() and
 * db_schema_latest(), then db_migrate(). */
struct db *db_open_nomigrate(const char *target, struct err *);
/* Apply the pending migrations (up to version: db_migrate_to, for tests of
 * upgrades), each in its own transaction. */
int db_migrate(struct db *, struct err *);
int db_migrate_to(struct db *, int version, struct err *);
void db_close(struct db **);
/* The database file path, or NULL for an in-memory database. */
const char *db_file(const struct db *);
/* Name of the driver in use ("sqlite"). */
const char *db_engine(const struct db *);
/* Schema version of the open database, and the newest this program knows. */
int db_schema_version(struct db *);
int db_schema_latest(void);

/* Start a write transaction (serialised against other writers). */
int db_begin(struct db *, struct err *);
int db_commit(struct db *, struct err *);
/* Roll back the open transaction; harmless when none is open. */
void db_rollback(struct db *);
/* Nonzero inside db_begin .. db_commit/db_rollback. */
int db_in_transaction(const struct db *);
/* Run the engine's integrity check; E_DB with the first problem. */
int db_integrity_check(struct db *, struct err *);

/* Users, grants, the access-rights register, terminals, settings. */
int db_user_get(struct db *, const char *login, struct db_user *, struct err *);
int db_user_insert(struct db *, struct db_user *, struct err *);
/* Write every mutable column of u (matched by u->id). */
int db_user_update(struct db *, const struct db_user *, struct err *);
int db_user_each(struct db *, int (*fn)(void *, const struct db_user *),
    void *ctx, struct err *);
int64_t db_user_count(struct db *, struct err *);
int db_pwhist_add(struct db *, int64_t user_id, const char *hash,
    const char *at, struct err *);
/* The n most recent password hashes of user_id, newest first. */
int db_pwhist_each(struct db *, int64_t user_id, int n,
    int (*fn)(void *, const char *hash), void *ctx, struct err *);
int db_grant_add(struct db *, int64_t user_id, const struct db_grant *,
    struct err *);
/* Remove a grant; E_NOT_FOUND when the user did not hold it. */
int db_grant_remove(struct db *, int64_t user_id, const char *ledger,
    const char *role, struct err *);
int db_grant_remove_all(struct db *, int64_t user_id, struct err *);
int db_grant_each(struct db *, int64_t user_id,
    int (*fn)(void *, const struct db_grant *), void *ctx, struct err *);
int db_access_add(struct db *, const struct db_access_event *, struct err *);
int db_terminal_get(struct db *, const char *id, struct db_terminal *,
    struct err *);
int db_terminal_put(struct db *, const struct db_terminal *, struct err *);
int db_terminal_each(struct db *, int (*fn)(void *, const struct db_terminal *),
    void *ctx, struct err *);
/* Copy the setting into out; E_NOT_FOUND when it was never set. */
int db_setting_get(struct db *, const char *key, char *out, size_t size,
    struct err *);
int db_setting_put(struct db *, const char *key, const char *value,
    const char *at, const char *by, struct err *);

/* The audit log: append-only, hash-chained by ledger/audit.c. */
/* Sequence number and hash of the newest row (0 and "" when empty). */
int db_audit_head(struct db *, int64_t *seq, char hash[HASH_HEX], struct err *);
int db_audit_insert(struct db *, const struct db_audit_row *, struct err *);
/* Rows in sequence order, filtered (filter may be NULL). */
int db_audit_each(struct db *, const struct db_audit_filter *,
    int (*fn)(void *, const struct db_audit_row *), void *ctx, struct err *);

/* The resident/address master: one row per version. */
int db_resident_insert(struct db *, const struct db_resident *, struct err *);
/* The current (effective) version of atena_no. */
int db_resident_get(struct db *, const char *atena_no, struct db_resident *,
    struct err *);
/* Every version of atena_no, oldest first. */
int db_resident_history(struct db *, const char *atena_no,
    int (*fn)(void *, const struct db_resident *), void *ctx, struct err *);
/* Next 更新順番号 (update sequence) across the master. */
int64_t db_resident_next_seq(struct db *, struct err *);
/*
 * Current versions matching q; calls fn for at most limit rows and stores
 * the number of matches, counted up to limit + 1, in *count.
 */
int db_resident_search(struct db *, const struct db_resident_query *q,
    int limit, int (*fn)(void *, const struct db_resident *), void *ctx,
    int *count, struct err *);
int64_t db_resident_count(struct db *, struct err *);
/* The newest version of atena_no, whatever its state. */
int db_resident_latest(struct db *, const char *atena_no,
    struct db_resident *, struct err *);
/*
 * Make version (atena_no, rireki_no) the current one: the previous current
 * version becomes "superseded", this one "confirmed" with current = 1 and
 * the confirming user and time.  E_NOT_FOUND when there is no such version.
 */
int db_resident_make_current(struct db *, const char *atena_no, int rireki_no,
    const char *by, const char *at, struct err *);
/* Set the state of one version ("rejected", ...) without touching current. */
int db_resident_set_state(struct db *, const char *atena_no, int rireki_no,
    const char *state, struct err *);
/* One version of a person by key (any state). */
int db_resident_version(struct db *, const char *atena_no, int rireki_no,
    struct db_resident *, struct err *);
/* Mark a pending version rejected with the confirmer's comment. */
int db_resident_reject(struct db *, const char *atena_no, int rireki_no,
    const char *comment, struct err *);
/*
 * Pending master versions, oldest first; operator NULL = anyone.  With
 * rejected set: the rejected versions still waiting for their clerk (no
 * newer version since).
 */
int db_resident_queue(struct db *, int rejected, const char *operator_login,
    int (*fn)(void *, const struct db_pending *), void *ctx, struct err *);
/* Failed blind re-keying tries of an entry version; add one and return
 * the new count with db_confirm_tries_add. */
int db_confirm_tries(struct db *, const char *ledger, const char *entry,
    int rireki_no, struct err *);
int db_confirm_tries_add(struct db *, const char *ledger, const char *entry,
    int rireki_no, struct err *);
/* The greatest 宛名番号 in use into out (16 bytes; "" when none). */
int db_resident_max_atena(struct db *, char out[16], struct err *);
/* The current version of the person holding my_number (E_NOT_FOUND). */
int db_resident_by_mynumber(struct db *, const char *my_number,
    struct db_resident *, struct err *);

/* Drafts of unsaved forms, per user and screen. */
int db_draft_put(struct db *, const char *user, const char *screen,
    const char *content, const char *at, struct err *);
/* Newest draft of user: newly allocated *screen and *content. */
int db_draft_take(struct db *, const char *user, char **screen,
    char **content, struct err *);
/* Delete drafts saved before `before` ("YYYY-MM-DD HH:MM:SS"). */
int db_draft_purge(struct db *, const char *before, struct err *);
int db_draft_count(struct db *, const char *user, struct err *);

/*
 * Bulk loading (import, demo, benchmark data).  begin joins the open
 * transaction or starts one of its own.  For a large load into an empty
 * master, defer_indexes drops the secondary indexes; finish rebuilds them
 * and frees the loader, leaving the transaction open for the caller's
 * audit row and commit.  end finishes and commits (ok nonzero) or rolls
 * back a transaction the loader started, and frees it.
 */
struct db_bulk;
/* Around a large load into an empty database, outside a transaction:
 * on SQLite a rollback journal instead of the WAL while loading, so that
 * the pages are written once (other counters wait meanwhile).  Best
 * effort; off restores the normal mode. */
void db_bulk_mode(struct db *, int on);
struct db_bulk *db_bulk_residents_begin(struct db *, struct err *);
int db_bulk_residents_defer_indexes(struct db_bulk *, struct err *);
int db_bulk_residents_add(struct db_bulk *, const struct db_resident *,
    struct err *);
/* The n rows at r, in statements of several rows each. */
int db_bulk_residents_add_many(struct db_bulk *, const struct db_resident *r,
    size_t n, struct err *);
int db_bulk_residents_finish(struct db_bulk **, struct err *);
int db_bulk_residents_end(struct db_bulk **, int ok, struct err *);

#include "db_ledgers.h"
#include "db_lock.h"
#include "db_copy.h"
#include "db_ops.h"
#include "db_print.h"

#endif
