/*
 * Login and passwords.  Every attempt runs one Argon2id verification, even
 * for an unknown ID, so that timing does not tell IDs apart; every outcome
 * is one audit row written in the same transaction as the account update.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "audit.h"
#include "auth.h"
#include "clock.h"
#include "ledger_internal.h"
#include "xmalloc.h"

/* Argon2id cost of new hashes: libsodium's "interactive" limits (~75 ms),
 * or its minimum for test programs (auth_hash_minimum). */
static unsigned long long hash_ops = crypto_pwhash_OPSLIMIT_INTERACTIVE;
static size_t hash_mem = crypto_pwhash_MEMLIMIT_INTERACTIVE;

void
auth_hash_minimum(void)
{
	hash_ops = crypto_pwhash_OPSLIMIT_MIN;
	hash_mem = crypto_pwhash_MEMLIMIT_MIN;
}

int
auth_hash_password(const char *pw, char *out, size_t size, struct err *e)
{
	if (size < crypto_pwhash_STRBYTES)
		return err_set(e, E_NOMEM, "", "hash buffer too small");
	if (crypto_pwhash_str_alg(out, pw, strlen(pw), hash_ops, hash_mem,
	    crypto_pwhash_ALG_ARGON2ID13) != 0)
		return err_set(e, E_NOMEM, "", "password hashing failed");
	return 0;
}

static int
verify(const char *hash, const char *pw)
{
	static char dummy[crypto_pwhash_STRBYTES];

	if (hash == NULL || *hash == '\0') {
		/* Spend the same time as a real check, then fail. */
		if (dummy[0] == '\0')
			auth_hash_password("madoguchi-dummy", dummy, sizeof dummy, NULL);
		volatile int sink = crypto_pwhash_str_verify(dummy, pw,
		    strlen(pw));
		(void)sink;
		return 0;
	}
	return crypto_pwhash_str_verify(hash, pw, strlen(pw)) == 0;
}

int
auth_password_ok(const char *login, const char *pw, struct err *e)
{
	if (strlen(pw) < PASSWORD_MIN || strcmp(pw, login) == 0)
		return err_set(e, E_PW_WEAK, "password", NULL);
	return 0;
}

/* Nonzero when the "YYYY-MM-DD HH:MM:SS" time t is more than days old. */
static int
older_than(const char *t, long days)
{
	struct tm tm;

	memset(&tm, 0, sizeof tm);
	if (strptime(t, "%Y-%m-%d %H:%M:%S", &tm) == NULL)
		return 1;
	tm.tm_isdst = -1;
	return difftime(clock_now(), mktime(&tm)) > (double)days * 86400.0;
}

static int
ended(const struct db_user *u)
{
	char today[DATE_MAX];

	if (u->disabled_at[0] != '\0' || u->pw_hash[0] == '\0')
		return 1;
	clock_format_date(clock_now(), today, sizeof today);
	return u->end_date[0] != '\0' && strcmp(today, u->end_date) > 0;
}

struct grant_ctx {
	struct session *s;
};

static int
load_grant(void *ctx, const struct db_grant *g)
{
	struct session *s = ctx;
	enum ledger_id l;
	enum role r;

	if (ledger_from_name(g->ledger, &l) == 0 &&
	    role_from_name(g->role, &r) == 0)
		s->roles[l] |= (unsigned)r;
	return 0;
}

/*
 * Record a failed attempt: the account update when u is given (a wrong
 * password; u->locked then means this failure locked it), the audit rows,
 * one transaction.  Always returns NULL with e set to code.
 */
static struct session *
login_fail(struct ledger *lg, const char *login, struct db_user *u,
    const char *why, enum err_code code, struct err *e)
{
	struct audit_event ev = { "login", NULL, why, "failed", NULL };
	struct audit_event lock = { "lock", NULL, "R-02: consecutive failures",
	    "ok", NULL };
	char target[LOGIN_MAX];
	struct err ignore;

	snprintf(target, sizeof target, "%s", login);
	ev.target = lock.target = target;
	if (code == E_AUTH_LOCKED || code == E_AUTH_TERMINAL)
		ev.outcome = "denied";
	if (ledger_begin(lg, &ignore) == 0) {
		if ((u == NULL || db_user_update(lg->db, u, &ignore) == 0) &&
		    audit_append(lg, NULL, target, &ev, &ignore) == 0 &&
		    (u == NULL || !u->locked ||
		    audit_append(lg, NULL, target, &lock, &ignore) == 0))
			ledger_commit(lg, &ignore);
		else
			ledger_rollback(lg);
	}
	err_set(e, code, "", NULL);
	return NULL;
}

struct session *
auth_login(struct ledger *lg, const char *login, const char *password,
    struct err *e)
{
	struct db_terminal t;
	struct db_user u;
	struct session *s;
	struct audit_event ev = { "login", NULL, NULL, "ok", NULL };
	long threshold = ledger_setting_long(lg, "lockout_threshold", 5, 1, 100);
	long max_age = ledger_setting_long(lg, "password_max_age_days", 90, 0,
	    3650);
	struct err dberr;
	int ok;

	if (db_terminal_get(lg->db, lg->terminal, &t, NULL) == -1 || !t.active) {
		verify(NULL, password);
		return login_fail(lg, login, NULL, "R-05: unregistered terminal",
		    E_AUTH_TERMINAL, e);
	}
	err_clear(&dberr);
	if (db_user_get(lg->db, login, &u, &dberr) == -1) {
		verify(NULL, password);
		if (dberr.code != E_NOT_FOUND) {
			*e = dberr;
			return NULL;
		}
		return login_fail(lg, login, NULL, "unknown user",
		    E_AUTH_FAILED, e);
	}
	ok = verify(u.pw_hash, password);
	if (ended(&u))
		return login_fail(lg, login, NULL, "account disabled or ended",
		    E_AUTH_DISABLED, e);
	if (!ok) {
		if (u.locked)
			return login_fail(lg, login, NULL, "account locked",
			    E_AUTH_FAILED, e);
		u.failed_count++;
		if (u.failed_count >= threshold)
			u.locked = 1;
		return login_fail(lg, login, &u, "wrong password",
		    E_AUTH_FAILED, e);
	}
	if (u.locked)
		return login_fail(lg, login, NULL, "account locked",
		    E_AUTH_LOCKED, e);

	s = xcalloc(1, sizeof *s);
	s->lg = lg;
	u.failed_count = 0;
	ledger_now(u.last_login_at);
	s->must_change = u.must_change ||
	    (max_age > 0 && older_than(u.pw_changed_at, max_age));
	if (s->must_change)
		ev.detail = "password change required";
	if (ledger_begin(lg, e) == -1)
		goto fail;
	if (db_user_update(lg->db, &u, e) == -1 ||
	    db_grant_each(lg->db, u.id, load_grant, s, e) == -1) {
		ledger_rollback(lg);
		goto fail;
	}
	s->user = u;
	ev.target = u.login;
	if (audit_append(lg, s, NULL, &ev, e) == -1) {
		ledger_rollback(lg);
		goto fail;
	}
	if (ledger_commit(lg, e) == -1)
		goto fail;
	return s;
fail:
	xwipe(s, sizeof *s);
	free(s);
	return NULL;
}

void
auth_logout(struct session **sp, const char *op)
{
	struct session *s;
	struct audit_event ev = { "logout", NULL, NULL, "ok", NULL };

	if (sp == NULL || (s = *sp) == NULL)
		return;
	ev.op = op ? op : "logout";
	ev.target = s->user.login;
	audit_append(s->lg, s, NULL, &ev, NULL);
	xwipe(s, sizeof *s);
	free(s);
	*sp = NULL;
}

struct reuse_ctx {
	const char *pw;
	int reused;
};

static int
check_reuse(void *ctx, const char *hash)
{
	struct reuse_ctx *c = ctx;

	if (verify(hash, c->pw))
		c->reused = 1;
	return c->reused;
}

int
auth_change_password(struct session *s, const char *old_pw, const char *new_pw,
    struct err *e)
{
	struct ledger *lg = s->lg;
	struct audit_event ev = { "passwd", NULL, NULL, "ok", NULL };
	struct db_access_event a;
	struct reuse_ctx rc = { new_pw, 0 };
	struct db_user u;
	long keep = ledger_setting_long(lg, "password_history", 3, 1, 24);

	ev.target = s->user.login;
	if (db_user_get(lg->db, s->user.login, &u, e) == -1)
		return -1;
	if (!verify(u.pw_hash, old_pw)) {
		ev.outcome = "failed";
		ev.detail = "wrong current password";
		audit_append(lg, s, NULL, &ev, NULL);
		return err_set(e, E_AUTH_FAILED, "password", NULL);
	}
	if (auth_password_ok(u.login, new_pw, e) == -1)
		return -1;
	if (verify(u.pw_hash, new_pw) ||
	    /* the history holds the current password too: keep + 1 rows */
	    db_pwhist_each(lg->db, u.id, (int)keep + 1, check_reuse, &rc, e) == -1 ||
	    rc.reused) {
		if (e != NULL && e->code == E_DB)
			return -1;
		return err_set(e, E_PW_REUSED, "password", NULL);
	}
	if (auth_hash_password(new_pw, u.pw_hash, sizeof u.pw_hash, e) == -1)
		return -1;
	ledger_now(u.pw_changed_at);
	u.must_change = 0;
	memset(&a, 0, sizeof a);
	memcpy(a.at, u.pw_changed_at, sizeof a.at);
	snprintf(a.user_login, sizeof a.user_login, "%s", u.login);
	snprintf(a.action, sizeof a.action, "passwd");
	snprintf(a.by_login, sizeof a.by_login, "%s", u.login);
	if (ledger_begin(lg, e) == -1)
		return -1;
	if (db_user_update(lg->db, &u, e) == -1 ||
	    db_pwhist_add(lg->db, u.id, u.pw_hash, u.pw_changed_at, e) == -1 ||
	    db_access_add(lg->db, &a, e) == -1 ||
	    audit_append(lg, s, NULL, &ev, e) == -1) {
		ledger_rollback(lg);
		return -1;
	}
	if (ledger_commit(lg, e) == -1)
		return -1;
	s->must_change = 0;
	s->user = u;
	return 0;
}

int
auth_reverify(struct session *s, const char *password, struct err *e)
{
	struct audit_event ev = { "unlock", NULL, NULL, "ok", NULL };
	struct db_user u;
	int ok;

	ev.target = s->user.login;
	if (db_user_get(s->lg->db, s->user.login, &u, e) == -1)
		return -1;
	ok = verify(u.pw_hash, password) && !ended(&u) && !u.locked;
	if (!ok) {
		ev.outcome = "failed";
		ev.detail = "wrong password";
	}
	audit_append(s->lg, s, NULL, &ev, NULL);
	return ok ? 0 : err_set(e, E_AUTH_FAILED, "password", NULL);
}
