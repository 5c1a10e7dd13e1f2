/*
 * Accounts: users, password history, per-ledger grants, the access-rights
 * register, registered terminals and settings.
 */
#include <stdio.h>
#include <string.h>

#include "db_internal.h"

#define USER_COLS "id, login, display_name, coalesce(pw_hash, ''), " \
	"pw_changed_at, must_change, failed_count, locked, disabled_at, " \
	"disabled_reason, end_date, created_at, last_login_at"

static void
user_row(struct db *db, void *st, struct db_user *u)
{
	memset(u, 0, sizeof *u);
	u->id = db->drv->col_int(st, 0);
	DB_COPY(db, st, 1, u->login);
	DB_COPY(db, st, 2, u->display_name);
	DB_COPY(db, st, 3, u->pw_hash);
	DB_COPY(db, st, 4, u->pw_changed_at);
	u->must_change = (int)db->drv->col_int(st, 5);
	u->failed_count = (int)db->drv->col_int(st, 6);
	u->locked = (int)db->drv->col_int(st, 7);
	DB_COPY(db, st, 8, u->disabled_at);
	DB_COPY(db, st, 9, u->disabled_reason);
	DB_COPY(db, st, 10, u->end_date);
	DB_COPY(db, st, 11, u->created_at);
	DB_COPY(db, st, 12, u->last_login_at);
}

int
db_user_get(struct db *db, const char *login, struct db_user *u, struct err *e)
{
	static const char sql[] = "SELECT " USER_COLS " FROM users WHERE login = $1";
	void *st = db_stmt(db, sql, e);
	int rc;

	if (st == NULL || db_bind_text(db, st, 1, login, e) == -1)
		return -1;
	rc = db->drv->step(st, e);
	if (rc == DB_ROW)
		user_row(db, st, u);
	db->drv->reset(st);
	if (rc == DB_DONE)
		return err_set(e, E_NOT_FOUND, "user", NULL);
	return rc == DB_ROW ? 0 : -1;
}

static const char *
nullable(const char *s)
{
	return (s == NULL || *s == '\0') ? NULL : s;
}

int
db_user_insert(struct db *db, struct db_user *u, struct err *e)
{
	static const char sql[] = "INSERT INTO users (login, display_name, "
	    "pw_hash, pw_changed_at, must_change, end_date, created_at) "
	    "VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id";
	void *st = db_stmt(db, sql, e);
	int rc;

	if (st == NULL ||
	    db_bind_text(db, st, 1, u->login, e) == -1 ||
	    db_bind_text(db, st, 2, u->display_name, e) == -1 ||
	    db_bind_text(db, st, 3, nullable(u->pw_hash), e) == -1 ||
	    db_bind_text(db, st, 4, u->pw_changed_at, e) == -1 ||
	    db_bind_int(db, st, 5, u->must_change, e) == -1 ||
	    db_bind_text(db, st, 6, u->end_date, e) == -1 ||
	    db_bind_text(db, st, 7, u->created_at, e) == -1)
		return -1;
	rc = db->drv->step(st, e);
	if (rc == DB_ROW)
		u->id = db->drv->col_int(st, 0);
	db->drv->reset(st);
	if (rc != DB_ROW) {
		if (e != NULL && strcasestr(e->detail, "unique") != NULL)
			return err_set(e, E_EXISTS, "user", NULL);
		return -1;
	}
	return 0;
}

int
db_user_update(struct db *db, const struct db_user *u, struct err *e)
{
	static const char sql[] = "UPDATE users SET display_name = $1, "
	    "pw_hash = $2, pw_changed_at = $3, must_change = $4, "
	    "failed_count = $5, locked = $6, disabled_at = $7, "
	    "disabled_reason = $8, end_date = $9, last_login_at = $10 "
	    "WHERE id = $11";
	void *st = db_stmt(db, sql, e);

	if (st == NULL ||
	    db_bind_text(db, st, 1, u->display_name, e) == -1 ||
	    db_bind_text(db, st, 2, nullable(u->pw_hash), e) == -1 ||
	    db_bind_text(db, st, 3, u->pw_changed_at, e) == -1 ||
	    db_bind_int(db, st, 4, u->must_change, e) == -1 ||
	    db_bind_int(db, st, 5, u->failed_count, e) == -1 ||
	    db_bind_int(db, st, 6, u->locked, e) == -1 ||
	    db_bind_text(db, st, 7, u->disabled_at, e) == -1 ||
	    db_bind_text(db, st, 8, u->disabled_reason, e) == -1 ||
	    db_bind_text(db, st, 9, u->end_date, e) == -1 ||
	    db_bind_text(db, st, 10, u->last_login_at, e) == -1 ||
	    db_bind_int(db, st, 11, u->id, e) == -1)
		return -1;
	return db_run(db, st, e);
}

int
db_user_each(struct db *db, int (*fn)(void *, const struct db_user *),
    void *ctx, struct err *e)
{
	static const char sql[] = "SELECT " USER_COLS " FROM users ORDER BY login";
	void *st = db_stmt(db, sql, e);
	struct db_user u;
	int rc;

	if (st == NULL)
		return -1;
	while ((rc = db->drv->step(st, e)) == DB_ROW) {
		user_row(db, st, &u);
		if (fn(ctx, &u) != 0)
			break;
	}
	db->drv->reset(st);
	return rc == DB_ERROR ? -1 : 0;
}

int64_t
db_user_count(struct db *db, struct err *e)
{
	static const char sql[] = "SELECT count(*) FROM users";
	void *st = db_stmt(db, sql, e);
	int64_t n = -1;

	if (st != NULL && db->drv->step(st, e) == DB_ROW)
		n = db->drv->col_int(st, 0);
	if (st != NULL)
		db->drv->reset(st);
	return n;
}

int
db_pwhist_add(struct db *db, int64_t user_id, const char *hash, const char *at,
    struct err *e)
{
	static const char sql[] = "INSERT INTO password_history "
	    "(user_id, pw_hash, changed_at) VALUES ($1, $2, $3)";
	void *st = db_stmt(db, sql, e);

	if (st == NULL || db_bind_int(db, st, 1, user_id, e) == -1 ||
	    db_bind_text(db, st, 2, hash, e) == -1 ||
	    db_bind_text(db, st, 3, at, e) == -1)
		return -1;
	return db_run(db, st, e);
}

int
db_pwhist_each(struct db *db, int64_t user_id, int n,
    int (*fn)(void *, const char *), void *ctx, struct err *e)
{
	static const char sql[] = "SELECT pw_hash FROM password_history "
	    "WHERE user_id = $1 ORDER BY id DESC LIMIT $2";
	void *st = db_stmt(db, sql, e);
	int rc;

	if (st == NULL || db_bind_int(db, st, 1, user_id, e) == -1 ||
	    db_bind_int(db, st, 2, n, e) == -1)
		return -1;
	while ((rc = db->drv->step(st, e)) == DB_ROW)
		if (fn(ctx, db->drv->col_text(st, 0)) != 0)
			break;
	db->drv->reset(st);
	return rc == DB_ERROR ? -1 : 0;
}

int
db_grant_add(struct db *db, int64_t user_id, const struct db_grant *g,
    struct err *e)
{
	static const char sql[] = "INSERT INTO grants (user_id, ledger, role, "
	    "granted_at, granted_by) VALUES ($1, $2, $3, $4, $5) "
	    "ON CONFLICT DO NOTHING";
	void *st = db_stmt(db, sql, e);

	if (st == NULL || db_bind_int(db, st, 1, user_id, e) == -1 ||
	    db_bind_text(db, st, 2, g->ledger, e) == -1 ||
	    db_bind_text(db, st, 3, g->role, e) == -1 ||
	    db_bind_text(db, st, 4, g->granted_at, e) == -1 ||
	    db_bind_text(db, st, 5, g->granted_by, e) == -1)
		return -1;
	return db_run(db, st, e);
}

int
db_grant_remove(struct db *db, int64_t user_id, const char *ledger,
    const char *role, struct err *e)
{
	static const char sql[] = "DELETE FROM grants WHERE user_id = $1 "
	    "AND ledger = $2 AND role = $3";
	void *st = db_stmt(db, sql, e);

	if (st == NULL || db_bind_int(db, st, 1, user_id, e) == -1 ||
	    db_bind_text(db, st, 2, ledger, e) == -1 ||
	    db_bind_text(db, st, 3, role, e) == -1 ||
	    db_run(db, st, e) == -1)
		return -1;
	if (db->drv->changes(db->h) == 0)
		return err_set(e, E_NOT_FOUND, "grant", NULL);
	return 0;
}

int
db_grant_remove_all(struct db *db, int64_t user_id, struct err *e)
{
	static const char sql[] = "DELETE FROM grants WHERE user_id = $1";
	void *st = db_stmt(db, sql, e);

	if (st == NULL || db_bind_int(db, st, 1, user_id, e) == -1)
		return -1;
	return db_run(db, st, e);
}

int
db_grant_each(struct db *db, int64_t user_id,
    int (*fn)(void *, const struct db_grant *), void *ctx, struct err *e)
{
	static const char sql[] = "SELECT ledger, role, granted_at, granted_by "
	    "FROM grants WHERE user_id = $1 ORDER BY ledger, role";
	void *st = db_stmt(db, sql, e);
	struct db_grant g;
	int rc;

	if (st == NULL || db_bind_int(db, st, 1, user_id, e) == -1)
		return -1;
	while ((rc = db->drv->step(st, e)) == DB_ROW) {
		DB_COPY(db, st, 0, g.ledger);
		DB_COPY(db, st, 1, g.role);
		DB_COPY(db, st, 2, g.granted_at);
		DB_COPY(db, st, 3, g.granted_by);
		if (fn(ctx, &g) != 0)
			break;
	}
	db->drv->reset(st);
	return rc == DB_ERROR ? -1 : 0;
}

int
db_access_add(struct db *db, const struct db_access_event *a, struct err *e)
{
	static const char sql[] = "INSERT INTO access_register (at, user_login, "
	    "action, ledger, role, by_login, reason) "
	    "VALUES ($1, $2, $3, $4, $5, $6, $7)";
	void *st = db_stmt(db, sql, e);

	if (st == NULL || db_bind_text(db, st, 1, a->at, e) == -1 ||
	    db_bind_text(db, st, 2, a->user_login, e) == -1 ||
	    db_bind_text(db, st, 3, a->action, e) == -1 ||
	    db_bind_text(db, st, 4, a->ledger, e) == -1 ||
	    db_bind_text(db, st, 5, a->role, e) == -1 ||
	    db_bind_text(db, st, 6, a->by_login, e) == -1 ||
	    db_bind_text(db, st, 7, a->reason, e) == -1)
		return -1;
	return db_run(db, st, e);
}

static void
terminal_row(struct db *db, void *st, struct db_terminal *t)
{
	DB_COPY(db, st, 0, t->id);
	DB_COPY(db, st, 1, t->description);
	t->active = (int)db->drv->col_int(st, 2);
	DB_COPY(db, st, 3, t->registered_at);
	DB_COPY(db, st, 4, t->registered_by);
}

int
db_terminal_get(struct db *db, const char *id, struct db_terminal *t,
    struct err *e)
{
	static const char sql[] = "SELECT id, description, active, "
	    "registered_at, registered_by FROM terminals WHERE id = $1";
	void *st = db_stmt(db, sql, e);
	int rc;

	if (st == NULL || db_bind_text(db, st, 1, id, e) == -1)
		return -1;
	rc = db->drv->step(st, e);
	if (rc == DB_ROW)
		terminal_row(db, st, t);
	db->drv->reset(st);
	if (rc == DB_DONE)
		return err_set(e, E_NOT_FOUND, "terminal", NULL);
	return rc == DB_ROW ? 0 : -1;
}

int
db_terminal_put(struct db *db, const struct db_terminal *t, struct err *e)
{
	static const char sql[] = "INSERT INTO terminals (id, description, "
	    "active, registered_at, registered_by) VALUES ($1, $2, $3, $4, $5) "
	    "ON CONFLICT (id) DO UPDATE SET description = excluded.description, "
	    "active = excluded.active";
	void *st = db_stmt(db, sql, e);

	if (st == NULL || db_bind_text(db, st, 1, t->id, e) == -1 ||
	    db_bind_text(db, st, 2, t->description, e) == -1 ||
	    db_bind_int(db, st, 3, t->active, e) == -1 ||
	    db_bind_text(db, st, 4, t->registered_at, e) == -1 ||
	    db_bind_text(db, st, 5, t->registered_by, e) == -1)
		return -1;
	return db_run(db, st, e);
}

int
db_terminal_each(struct db *db, int (*fn)(void *, const struct db_terminal *),
    void *ctx, struct err *e)
{
	static const char sql[] = "SELECT id, description, active, "
	    "registered_at, registered_by FROM terminals ORDER BY id";
	void *st = db_stmt(db, sql, e);
	struct db_terminal t;
	int rc;

	if (st == NULL)
		return -1;
	while ((rc = db->drv->step(st, e)) == DB_ROW) {
		terminal_row(db, st, &t);
		if (fn(ctx, &t) != 0)
			break;
	}
	db->drv->reset(st);
	return rc == DB_ERROR ? -1 : 0;
}

int
db_setting_get(struct db *db, const char *key, char *out, size_t size,
    struct err *e)
{
	static const char sql[] = "SELECT value FROM settings WHERE key = $1";
	void *st = db_stmt(db, sql, e);
	int rc;

	if (st == NULL || db_bind_text(db, st, 1, key, e) == -1)
		return -1;
	rc = db->drv->step(st, e);
	if (rc == DB_ROW)
		db_col_copy(db, st, 0, out, size);
	db->drv->reset(st);
	if (rc == DB_DONE)
		return err_set(e, E_NOT_FOUND, key, NULL);
	return rc == DB_ROW ? 0 : -1;
}

int
db_setting_put(struct db *db, const char *key, const char *value,
    const char *at, const char *by, struct err *e)
{
	static const char sql[] = "INSERT INTO settings (key, value, "
	    "updated_at, updated_by) VALUES ($1, $2, $3, $4) ON CONFLICT (key) "
	    "DO UPDATE SET value = excluded.value, "
	    "updated_at = excluded.updated_at, updated_by = excluded.updated_by";
	void *st = db_stmt(db, sql, e);

	if (st == NULL || db_bind_text(db, st, 1, key, e) == -1 ||
	    db_bind_text(db, st, 2, value, e) == -1 ||
	    db_bind_text(db, st, 3, at, e) == -1 ||
	    db_bind_text(db, st, 4, by, e) == -1)
		return -1;
	return db_run(db, st, e);
}
