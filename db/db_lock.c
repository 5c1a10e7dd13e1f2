/*
 * Storage of record locks (db_lock.h).  Taking a lock is one statement on
 * both engines: an upsert that overwrites the row only when it has expired
 * or is the taker's own, so two counters racing for one record cannot both
 * win; the loser reads the winner's row to say who holds it.
 */
#include <stdio.h>
#include <string.h>

#include "db_internal.h"

int
db_lock_serialise(struct db *db, const char *key, struct err *e)
{
	void *st;

	if (db->drv->sql_serialise_key == NULL)
		return 0;
	if ((st = db_stmt(db, db->drv->sql_serialise_key, e)) == NULL ||
	    db_bind_text(db, st, 1, key, e) == -1)
		return -1;
	return db_run(db, st, e);
}

int
db_lock_get(struct db *db, const char *entity, const char *key,
    struct db_lock *l, struct err *e)
{
	static const char sql[] = "SELECT holder, terminal, since, expires "
	    "FROM edit_locks WHERE entity = $1 AND key = $2";
	void *st = db_stmt(db, sql, e);
	int rc;

	memset(l, 0, sizeof *l);
	if (st == NULL || db_bind_text(db, st, 1, entity, e) == -1 ||
	    db_bind_text(db, st, 2, key, e) == -1)
		return -1;
	if ((rc = db->drv->step(st, e)) == DB_ROW) {
		snprintf(l->entity, sizeof l->entity, "%s", entity);
		snprintf(l->key, sizeof l->key, "%s", key);
		DB_COPY(db, st, 0, l->holder);
		DB_COPY(db, st, 1, l->terminal);
		DB_COPY(db, st, 2, l->since);
		DB_COPY(db, st, 3, l->expires);
	}
	db->drv->reset(st);
	if (rc == DB_ERROR)
		return -1;
	return rc == DB_ROW ? 0 : err_set(e, E_NOT_FOUND, "lock", NULL);
}

int
db_lock_take(struct db *db, const struct db_lock *w, const char *now,
    struct db_lock *cur, struct err *e)
{
	static const char sql[] = "INSERT INTO edit_locks (entity, key, holder, "
	    "terminal, since, expires) VALUES ($1, $2, $3, $4, $5, $6) "
	    "ON CONFLICT (entity, key) DO UPDATE SET since = CASE WHEN "
	    "edit_locks.holder = excluded.holder AND edit_locks.terminal = "
	    "excluded.terminal AND edit_locks.expires > $7 THEN edit_locks.since "
	    "ELSE excluded.since END, holder = excluded.holder, terminal = "
	    "excluded.terminal, expires = excluded.expires "
	    "WHERE edit_locks.expires <= $7 OR (edit_locks.holder = "
	    "excluded.holder AND edit_locks.terminal = excluded.terminal)";
	struct db_lock other;
	void *st = db_stmt(db, sql, e);

	if (st == NULL || db_bind_text(db, st, 1, w->entity, e) == -1 ||
	    db_bind_text(db, st, 2, w->key, e) == -1 ||
	    db_bind_text(db, st, 3, w->holder, e) == -1 ||
	    db_bind_text(db, st, 4, w->terminal, e) == -1 ||
	    db_bind_text(db, st, 5, w->since, e) == -1 ||
	    db_bind_text(db, st, 6, w->expires, e) == -1 ||
	    db_bind_text(db, st, 7, now, e) == -1 || db_run(db, st, e) == -1)
		return -1;
	if (db->drv->changes(db->h) == 1)
		return 0;
	if (db_lock_get(db, w->entity, w->key, &other, e) == -1)
		return -1;
	if (cur != NULL)
		*cur = other;
	return err_set(e, E_RECORD_LOCKED, "", "%s at terminal %s since %s",
	    other.holder, other.terminal, other.since);
}

int
db_lock_drop(struct db *db, const char *entity, const char *key,
    const char *holder, const char *terminal, struct err *e)
{
	static const char sql[] = "DELETE FROM edit_locks WHERE entity = $1 "
	    "AND key = $2 AND holder = $3 AND terminal = $4";
	void *st = db_stmt(db, sql, e);

	if (st == NULL || db_bind_text(db, st, 1, entity, e) == -1 ||
	    db_bind_text(db, st, 2, key, e) == -1 ||
	    db_bind_text(db, st, 3, holder, e) == -1 ||
	    db_bind_text(db, st, 4, terminal, e) == -1 || db_run(db, st, e) == -1)
		return -1;
	return db->drv->changes(db->h) >= 1 ? 0 :
	    err_set(e, E_NOT_FOUND, "lock", NULL);
}
