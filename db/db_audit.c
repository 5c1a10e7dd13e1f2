/*
 * Storage of the audit log.  The chain itself (hashing, verification,
 * checkpoints) is ledger/audit.c's business; here rows go in and come out.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "db_internal.h"

int
db_audit_head(struct db *db, int64_t *seq, char hash[HASH_HEX], struct err *e)
{
	static const char sql[] = "SELECT seq, hash FROM audit_log "
	    "ORDER BY seq DESC LIMIT 1";
	void *st = db_stmt(db, sql, e);
	int rc;

	*seq = 0;
	hash[0] = '\0';
	if (st == NULL)
		return -1;
	/* One appender at a time: the chain must stay a single line. */
	if (db->drv->sql_serialise != NULL &&
	    db->drv->exec(db->h, db->drv->sql_serialise, e) == -1)
		return -1;
	rc = db->drv->step(st, e);
	if (rc == DB_ROW) {
		*seq = db->drv->col_int(st, 0);
		db_col_copy(db, st, 1, hash, HASH_HEX);
	}
	db->drv->reset(st);
	return rc == DB_ERROR ? -1 : 0;
}

int
db_audit_insert(struct db *db, const struct db_audit_row *r, struct err *e)
{
	static const char sql[] = "INSERT INTO audit_log (seq, at, user_login, "
	    "terminal, category, op, target, detail, outcome, reason, "
	    "prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, "
	    "$11, $12)";
	void *st = db_stmt(db, sql, e);

	if (st == NULL || db_bind_int(db, st, 1, r->seq, e) == -1 ||
	    db_bind_text(db, st, 2, r->at, e) == -1 ||
	    db_bind_text(db, st, 3, r->user_login, e) == -1 ||
	    db_bind_text(db, st, 4, r->terminal, e) == -1 ||
	    db_bind_text(db, st, 5, r->category, e) == -1 ||
	    db_bind_text(db, st, 6, r->op, e) == -1 ||
	    db_bind_text(db, st, 7, r->target, e) == -1 ||
	    db_bind_text(db, st, 8, r->detail, e) == -1 ||
	    db_bind_text(db, st, 9, r->outcome, e) == -1 ||
	    db_bind_text(db, st, 10, r->reason, e) == -1 ||
	    db_bind_text(db, st, 11, r->prev_hash, e) == -1 ||
	    db_bind_text(db, st, 12, r->hash, e) == -1)
		return -1;
	return db_run(db, st, e);
}

int
db_audit_each(struct db *db, const struct db_audit_filter *f,
    int (*fn)(void *, const struct db_audit_row *), void *ctx, struct err *e)
{
	static const char sql[] = "SELECT seq, at, user_login, terminal, "
	    "category, op, target, detail, outcome, reason, prev_hash, hash "
	    "FROM audit_log "
	    "WHERE (CAST($1 AS TEXT) IS NULL OR user_login = $1) "
	    "AND (CAST($2 AS TEXT) IS NULL OR op = $2) "
	    "AND (CAST($3 AS TEXT) IS NULL OR target = $3) "
	    "AND (CAST($4 AS TEXT) IS NULL OR at >= $4) "
	    "AND (CAST($5 AS TEXT) IS NULL OR at < $5) "
	    "ORDER BY seq LIMIT $6";
	void *st = db_stmt(db, sql, e);
	struct db_audit_row r;
	char to[TIME_MAX + 4];
	int rc;

	if (st == NULL)
		return -1;
	/* "to" is an inclusive day: compare with the day after's midnight
	 * by appending a character that sorts after any time of day. */
	if (f != NULL && f->to != NULL)
		snprintf(to, sizeof to, "%s~", f->to);
	if (db_bind_text(db, st, 1, f ? f->user_login : NULL, e) == -1 ||
	    db_bind_text(db, st, 2, f ? f->op : NULL, e) == -1 ||
	    db_bind_text(db, st, 3, f ? f->target : NULL, e) == -1 ||
	    db_bind_text(db, st, 4, f ? f->from : NULL, e) == -1 ||
	    db_bind_text(db, st, 5, f && f->to ? to : NULL, e) == -1 ||
	    db_bind_int(db, st, 6, f && f->limit > 0 ? f->limit : INT64_MAX, e) == -1)
		return -1;
	while ((rc = db->drv->step(st, e)) == DB_ROW) {
		memset(&r, 0, sizeof r);
		r.seq = db->drv->col_int(st, 0);
		DB_COPY(db, st, 1, r.at);
		DB_COPY(db, st, 2, r.user_login);
		DB_COPY(db, st, 3, r.terminal);
		DB_COPY(db, st, 4, r.category);
		DB_COPY(db, st, 5, r.op);
		DB_COPY(db, st, 6, r.target);
		DB_COPY(db, st, 7, r.detail);
		DB_COPY(db, st, 8, r.outcome);
		DB_COPY(db, st, 9, r.reason);
		DB_COPY(db, st, 10, r.prev_hash);
		DB_COPY(db, st, 11, r.hash);
		if (fn(ctx, &r) != 0)
			break;
	}
	db->drv->reset(st);
	return rc == DB_ERROR ? -1 : 0;
}
