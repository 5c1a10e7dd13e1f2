/*
 * Bulk-output approvals (approval.h): requests, decisions and the single
 * use of a grant, each with its audit row.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "approval.h"
#include "audit.h"
#include "clock.h"
#include "ledger_internal.h"

long
approval_threshold(struct ledger *lg)
{
	return ledger_setting_long(lg, "bulk_threshold", 100, 1, 10000000);
}

static int
audited(struct session *s, const char *op, int64_t id, const char *detail,
    const char *outcome, struct err *e)
{
	struct audit_event ev = { op, NULL, detail, outcome, NULL };
	char target[32];

	snprintf(target, sizeof target, "approval:%lld", (long long)id);
	ev.target = target;
	return audit_append(s->lg, s, NULL, &ev, e);
}

int
approval_request(struct session *s, const char *kind, int64_t count,
    const char *purpose, const char *conditions, int64_t *id, struct err *e)
{
	struct db_approval a;
	char detail[128];

	if (s->must_change)
		return err_set(e, E_AUTH_EXPIRED, "", "approval-request");
	if (kind == NULL || strspn(kind, "abcdefghijklmnopqrstuvwxyz") !=
	    strlen(kind) || *kind == '\0' || strlen(kind) >= sizeof a.kind)
		return err_set(e, E_USAGE, "kind", "export, notices or purge");
	if (purpose == NULL || *purpose == '\0')
		return err_set(e, E_REQUIRED, "purpose", NULL);
	if (count < 1)
		return err_set(e, E_USAGE, "count", "at least 1");
	memset(&a, 0, sizeof a);
	snprintf(a.kind, sizeof a.kind, "%s", kind);
	snprintf(a.purpose, sizeof a.purpose, "%s", purpose);
	snprintf(a.conditions, sizeof a.conditions, "%s",
	    conditions ? conditions : "");
	a.max_count = count;
	snprintf(a.requested_by, sizeof a.requested_by, "%s", s->user.login);
	ledger_now(a.requested_at);
	if (ledger_begin(s->lg, e) == -1)
		return -1;
	snprintf(detail, sizeof detail, "kind=%s count=%lld", kind,
	    (long long)count);
	if (db_approval_add(s->lg->db, &a, e) == -1 ||
	    audited(s, "approval-request", a.id, detail, "ok", e) == -1) {
		ledger_rollback(s->lg);
		return -1;
	}
	*id = a.id;
	return ledger_commit(s->lg, e);
}

int
approval_decide(struct session *s, int64_t id, int grant, struct err *e)
{
	struct db_approval a;
	char now[TIME_MAX], until[TIME_MAX], detail[96];
	long hours = ledger_setting_long(s->lg, "approval_window_hours", 24, 1,
	    720);

	if (!session_has_any(s, ROLE_SUPERVISOR))
		return session_require(s, LEDGER_SYSTEM, ROLE_SUPERVISOR,
		    "approval-decide", e);
	if (db_approval_get(s->lg->db, id, &a, e) == -1)
		return -1;
	if (strcmp(a.requested_by, s->user.login) == 0) {
		audited(s, "approval-decide", id, "R-43: own request", "denied",
		    NULL);
		return err_set(e, E_CONFIRM_OWN, "", "the requester cannot "
		    "approve their own request");
	}
	ledger_now(now);
	clock_format(clock_now() + hours * 3600, until, sizeof until);
	snprintf(detail, sizeof detail, "%s kind=%s count=%lld until=%s",
	    grant ? "granted" : "refused", a.kind, (long long)a.max_count,
	    grant ? until : "-");
	if (ledger_begin(s->lg, e) == -1)
		return -1;
	if (db_approval_decide(s->lg->db, id, grant ? "granted" : "refused",
	    s->user.login, now, grant ? until : "", e) == -1 ||
	    audited(s, "approval-decide", id, detail, "ok", e) == -1) {
		ledger_rollback(s->lg);
		return -1;
	}
	return ledger_commit(s->lg, e);
}

int
approval_consume(struct session *s, int64_t id, const char *kind,
    int64_t count, char approver[LOGIN_MAX], struct err *e)
{
	struct db_approval a;
	char now[TIME_MAX];

	if (db_approval_get(s->lg->db, id, &a, e) == -1)
		return err_set(e, E_APPROVAL, "approval", "no approval %lld",
		    (long long)id);
	ledger_now(now);
	if (strcmp(a.kind, kind) != 0)
		return err_set(e, E_APPROVAL, "approval", "approved for %s",
		    a.kind);
	if (strcmp(a.requested_by, s->user.login) != 0)
		return err_set(e, E_APPROVAL, "approval", "requested by "
		    "another user");
	if (strcmp(a.state, "granted") != 0)
		return err_set(e, E_APPROVAL, "approval", "%s", a.state);
	if (strcmp(now, a.expires_at) > 0)
		return err_set(e, E_APPROVAL, "approval", "expired at %s",
		    a.expires_at);
	if (count > a.max_count)
		return err_set(e, E_APPROVAL, "approval", "%lld records, "
		    "approved for %lld", (long long)count,
		    (long long)a.max_count);
	if (db_approval_use(s->lg->db, id, count, now, e) == -1)
		return -1;
	snprintf(approver, LOGIN_MAX, "%s", a.decided_by);
	return 0;
}

struct list_ctx {
	struct session *s;
	int all;
	int (*fn)(void *, const struct db_approval *);
	void *ctx;
};

static int
list_one(void *ctx, const struct db_approval *a)
{
	struct list_ctx *c = ctx;

	if (!c->all && strcmp(a->requested_by, c->s->user.login) != 0)
		return 0;
	return c->fn(c->ctx, a);
}

int
approval_list(struct session *s, int (*fn)(void *, const struct db_approval *),
    void *ctx, struct err *e)
{
	struct list_ctx c = { s, 0, fn, ctx };

	if (s->must_change)
		return err_set(e, E_AUTH_EXPIRED, "", "approval-list");
	c.all = session_has_any(s, ROLE_SUPERVISOR) ||
	    session_has(s, LEDGER_SYSTEM, ROLE_AUDITOR) ||
	    session_has(s, LEDGER_SYSTEM, ROLE_ADMIN);
	return db_approval_each(s->lg->db, list_one, &c, e);
}
