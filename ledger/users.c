/*
 * Account administration.  Each operation is one transaction holding the
 * account change, its access-rights register row and its audit row.
 */
#include <stdio.h>
#include <string.h>

#include "audit.h"
#include "auth.h"
#include "ledger_internal.h"
#include "users.h"

/* Login IDs: 1-32 of [a-z0-9._-], starting with a letter or digit. */
static int
login_ok(const char *login, struct err *e)
{
	size_t i, n = strlen(login);

	if (n == 0 || n >= LOGIN_MAX)
		return err_set(e, E_USAGE, "user", "user ID must have 1-32 characters");
	for (i = 0; i < n; i++) {
		char c = login[i];

		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		    (i > 0 && (c == '.' || c == '_' || c == '-'))))
			return err_set(e, E_USAGE, "user",
			    "user ID may hold a-z, 0-9, '.', '_' and '-'");
	}
	return 0;
}

static void
access_event(struct db_access_event *a, const char *user, const char *action,
    const char *ledger, const char *role, const char *by, const char *reason)
{
	memset(a, 0, sizeof *a);
	ledger_now(a->at);
	snprintf(a->user_login, sizeof a->user_login, "%s", user);
	snprintf(a->action, sizeof a->action, "%s", action);
	snprintf(a->ledger, sizeof a->ledger, "%s", ledger ? ledger : "");
	snprintf(a->role, sizeof a->role, "%s", role ? role : "");
	snprintf(a->by_login, sizeof a->by_login, "%s", by);
	snprintf(a->reason, sizeof a->reason, "%s", reason ? reason : "");
}

/* Finish an admin operation: register row + audit row, commit. */
static int
finish(struct session *s, const struct db_access_event *a, const char *op,
    const char *detail, struct err *e)
{
	struct audit_event ev = { op, a->user_login, detail, "ok", NULL };

	if (db_access_add(s->lg->db, a, e) == -1 ||
	    audit_append(s->lg, s, NULL, &ev, e) == -1) {
		ledger_rollback(s->lg);
		return -1;
	}
	return ledger_commit(s->lg, e);
}

static int
admin_begin(struct session *s, const char *op, struct err *e)
{
	if (session_require(s, LEDGER_SYSTEM, ROLE_ADMIN, op, e) == -1)
		return -1;
	return ledger_begin(s->lg, e);
}

static int
new_user(struct ledger *lg, const char *login, const char *display,
    const char *password, struct db_user *u, struct err *e)
{
	if (login_ok(login, e) == -1 || auth_password_ok(login, password, e) == -1)
		return -1;
	memset(u, 0, sizeof *u);
	snprintf(u->login, sizeof u->login, "%s", login);
	snprintf(u->display_name, sizeof u->display_name, "%s",
	    display ? display : "");
	if (auth_hash_password(password, u->pw_hash, sizeof u->pw_hash, e) == -1)
		return -1;
	ledger_now(u->created_at);
	memcpy(u->pw_changed_at, u->created_at, sizeof u->pw_changed_at);
	if (db_user_insert(lg->db, u, e) == -1)
		return -1;
	return db_pwhist_add(lg->db, u->id, u->pw_hash, u->pw_changed_at, e);
}

int
users_bootstrap(struct ledger *lg, const char *login, const char *password,
    struct err *e)
{
	struct db_user u;
	struct db_grant g;
	struct db_terminal t;
	struct db_access_event a;
	struct audit_event ev = { "init", NULL, "first admin and terminal", "ok",
	    NULL };

	if (ledger_begin(lg, e) == -1)
		return -1;
	if (db_user_count(lg->db, e) != 0) {
		ledger_rollback(lg);
		return err_set(e, E_EXISTS, "", "the ledger already has users");
	}
	if (new_user(lg, login, "administrator", password, &u, e) == -1)
		goto fail;
	memset(&g, 0, sizeof g);
	snprintf(g.ledger, sizeof g.ledger, "system");
	snprintf(g.role, sizeof g.role, "admin");
	memcpy(g.granted_at, u.created_at, sizeof g.granted_at);
	snprintf(g.granted_by, sizeof g.granted_by, "%s", login);
	memset(&t, 0, sizeof t);
	snprintf(t.id, sizeof t.id, "%s", lg->terminal);
	snprintf(t.description, sizeof t.description, "registered at init");
	t.active = 1;
	memcpy(t.registered_at, u.created_at, sizeof t.registered_at);
	snprintf(t.registered_by, sizeof t.registered_by, "%s", login);
	access_event(&a, login, "add", "system", "admin", login, "init");
	ev.target = login;
	if (db_grant_add(lg->db, u.id, &g, e) == -1 ||
	    db_terminal_put(lg->db, &t, e) == -1 ||
	    db_access_add(lg->db, &a, e) == -1 ||
	    audit_append(lg, NULL, login, &ev, e) == -1)
		goto fail;
	return ledger_commit(lg, e);
fail:
	ledger_rollback(lg);
	return -1;
}

int
users_add(struct session *s, const char *login, const char *display,
    const char *password, struct err *e)
{
	struct db_user u;
	struct db_access_event a;

	if (admin_begin(s, "user-add", e) == -1)
		return -1;
	if (new_user(s->lg, login, display, password, &u, e) == -1) {
		ledger_rollback(s->lg);
		return -1;
	}
	access_event(&a, login, "add", NULL, NULL, s->user.login, NULL);
	return finish(s, &a, "user-add", NULL, e);
}

/* Load the target account inside an admin transaction. */
static int
target(struct session *s, const char *login, struct db_user *u, struct err *e)
{
	if (db_user_get(s->lg->db, login, u, e) == -1) {
		ledger_rollback(s->lg);
		return -1;
	}
	return 0;
}

int
users_disable(struct session *s, const char *login, const char *reason,
    struct err *e)
{
	struct db_user u;
	struct db_access_event a;

	if (reason == NULL || *reason == '\0')
		return err_set(e, E_REQUIRED, "reason", NULL);
	if (strcmp(login, s->user.login) == 0)
		return err_set(e, E_DENIED, "user", "an admin cannot disable "
		    "their own account");
	if (admin_begin(s, "user-disable", e) == -1 || target(s, login, &u, e) == -1)
		return -1;
	if (u.disabled_at[0] != '\0') {
		ledger_rollback(s->lg);
		return err_set(e, E_EXISTS, "user", "already disabled");
	}
	ledger_now(u.disabled_at);
	snprintf(u.disabled_reason, sizeof u.disabled_reason, "%s", reason);
	u.pw_hash[0] = '\0';	/* credentials erased */
	access_event(&a, login, "disable", NULL, NULL, s->user.login, reason);
	if (db_user_update(s->lg->db, &u, e) == -1 ||
	    db_grant_remove_all(s->lg->db, u.id, e) == -1) {
		ledger_rollback(s->lg);
		return -1;
	}
	return finish(s, &a, "user-disable", NULL, e);
}

int
users_unlock(struct session *s, const char *login, struct err *e)
{
	struct db_user u;
	struct db_access_event a;

	if (admin_begin(s, "user-unlock", e) == -1 || target(s, login, &u, e) == -1)
		return -1;
	u.locked = 0;
	u.failed_count = 0;
	access_event(&a, login, "unlock", NULL, NULL, s->user.login, NULL);
	if (db_user_update(s->lg->db, &u, e) == -1) {
		ledger_rollback(s->lg);
		return -1;
	}
	return finish(s, &a, "user-unlock", NULL, e);
}

int
users_reset_password(struct session *s, const char *login, const char *password,
    struct err *e)
{
	struct db_user u;
	struct db_access_event a;

	if (auth_password_ok(login, password, e) == -1)
		return -1;
	if (admin_begin(s, "user-passwd", e) == -1 || target(s, login, &u, e) == -1)
		return -1;
	if (u.disabled_at[0] != '\0') {
		ledger_rollback(s->lg);
		return err_set(e, E_DENIED, "user", "the account is disabled");
	}
	if (auth_hash_password(password, u.pw_hash, sizeof u.pw_hash, e) == -1) {
		ledger_rollback(s->lg);
		return -1;
	}
	ledger_now(u.pw_changed_at);
	u.must_change = 1;
	access_event(&a, login, "reset", NULL, NULL, s->user.login, NULL);
	if (db_user_update(s->lg->db, &u, e) == -1 ||
	    db_pwhist_add(s->lg->db, u.id, u.pw_hash, u.pw_changed_at, e) == -1) {
		ledger_rollback(s->lg);
		return -1;
	}
	return finish(s, &a, "user-passwd", NULL, e);
}

static int
change_grant(struct session *s, const char *login, enum role r,
    enum ledger_id l, int add, struct err *e)
{
	const char *op = add ? "user-grant" : "user-revoke";
	struct db_user u;
	struct db_grant g;
	struct db_access_event a;
	char detail[48];

	if (admin_begin(s, op, e) == -1 || target(s, login, &u, e) == -1)
		return -1;
	if (add && u.disabled_at[0] != '\0') {
		ledger_rollback(s->lg);
		return err_set(e, E_DENIED, "user", "the account is disabled");
	}
	if (add && (r == ROLE_ADMIN || r == ROLE_AUDITOR) && l != LEDGER_SYSTEM) {
		ledger_rollback(s->lg);
		return err_set(e, E_USAGE, "ledger", "%s is granted on the "
		    "system ledger", role_name(r));
	}
	memset(&g, 0, sizeof g);
	snprintf(g.ledger, sizeof g.ledger, "%s", ledger_name(l));
	snprintf(g.role, sizeof g.role, "%s", role_name(r));
	ledger_now(g.granted_at);
	snprintf(g.granted_by, sizeof g.granted_by, "%s", s->user.login);
	if ((add ? db_grant_add(s->lg->db, u.id, &g, e) :
	    db_grant_remove(s->lg->db, u.id, g.ledger, g.role, e)) == -1) {
		ledger_rollback(s->lg);
		return -1;
	}
	access_event(&a, login, add ? "grant" : "revoke", g.ledger, g.role,
	    s->user.login, NULL);
	snprintf(detail, sizeof detail, "%s@%s", g.role, g.ledger);
	return finish(s, &a, op, detail, e);
}

int
users_grant(struct session *s, const char *login, enum role r,
    enum ledger_id l, struct err *e)
{
	return change_grant(s, login, r, l, 1, e);
}

int
users_revoke(struct session *s, const char *login, enum role r,
    enum ledger_id l, struct err *e)
{
	return change_grant(s, login, r, l, 0, e);
}

struct list_ctx {
	struct session *s;
	int (*fn)(void *, const struct users_entry *);
	void *ctx;
	struct users_entry *entry;
};

static int
add_role(void *ctx, const struct db_grant *g)
{
	struct users_entry *en = ctx;
	size_t n = strlen(en->roles);

	snprintf(en->roles + n, sizeof en->roles - n, "%s%s@%s", n ? " " : "",
	    g->role, g->ledger);
	return 0;
}

static int
list_one(void *ctx, const struct db_user *u)
{
	struct list_ctx *c = ctx;
	struct db_user copy = *u;
	struct users_entry en;

	copy.pw_hash[0] = '\0';
	memset(&en, 0, sizeof en);
	en.user = &copy;
	en.status = u->disabled_at[0] ? "disabled" : u->locked ? "locked" :
	    "active";
	db_grant_each(c->s->lg->db, u->id, add_role, &en, NULL);
	return c->fn(c->ctx, &en);
}

int
users_list(struct session *s, int (*fn)(void *, const struct users_entry *),
    void *ctx, struct err *e)
{
	struct list_ctx c = { s, fn, ctx, NULL };
	struct audit_event ev = { "user-list", NULL, NULL, "ok", NULL };

	if (!session_has(s, LEDGER_SYSTEM, ROLE_AUDITOR) &&
	    session_require(s, LEDGER_SYSTEM, ROLE_ADMIN, "user-list", e) == -1)
		return -1;
	if (db_user_each(s->lg->db, list_one, &c, e) == -1)
		return -1;
	return audit_append(s->lg, s, NULL, &ev, e);
}

int
users_terminal_add(struct session *s, const char *id, const char *desc,
    struct err *e)
{
	struct db_terminal t;
	struct audit_event ev = { "terminal-add", id, NULL, "ok", NULL };

	if (id == NULL || *id == '\0' || strlen(id) >= LOGIN_MAX)
		return err_set(e, E_USAGE, "terminal", "terminal ID must have "
		    "1-32 characters");
	if (admin_begin(s, "terminal-add", e) == -1)
		return -1;
	memset(&t, 0, sizeof t);
	snprintf(t.id, sizeof t.id, "%s", id);
	snprintf(t.description, sizeof t.description, "%s", desc ? desc : "");
	t.active = 1;
	ledger_now(t.registered_at);
	snprintf(t.registered_by, sizeof t.registered_by, "%s", s->user.login);
	if (db_terminal_put(s->lg->db, &t, e) == -1 ||
	    audit_append(s->lg, s, NULL, &ev, e) == -1) {
		ledger_rollback(s->lg);
		return -1;
	}
	return ledger_commit(s->lg, e);
}

int
users_terminal_disable(struct session *s, const char *id, struct err *e)
{
	struct db_terminal t;
	struct audit_event ev = { "terminal-disable", id, NULL, "ok", NULL };

	if (admin_begin(s, "terminal-disable", e) == -1)
		return -1;
	if (db_terminal_get(s->lg->db, id, &t, e) == -1) {
		ledger_rollback(s->lg);
		return -1;
	}
	t.active = 0;
	if (db_terminal_put(s->lg->db, &t, e) == -1 ||
	    audit_append(s->lg, s, NULL, &ev, e) == -1) {
		ledger_rollback(s->lg);
		return -1;
	}
	return ledger_commit(s->lg, e);
}

int
users_terminal_list(struct session *s,
    int (*fn)(void *, const struct db_terminal *), void *ctx, struct err *e)
{
	if (session_require(s, LEDGER_SYSTEM, ROLE_ADMIN, "terminal-list", e) == -1)
		return -1;
	return db_terminal_each(s->lg->db, fn, ctx, e);
}
