/*
 * Record locks while editing (lock.h) over db_lock.h: the expiry comes
 * from the edit_lock_minutes setting and the ledger's clock, and each
 * lock is taken in a transaction of its own so that other counters see it
 * at once.
 */
#include <stdio.h>
#include <string.h>

#include "clock.h"
#include "ledger_internal.h"
#include "lock.h"

static int
may_lock(struct session *s, enum ledger_id l, struct err *e)
{
	if (session_has(s, l, ROLE_CLERK) || session_has(s, l, ROLE_SUPERVISOR))
		return 0;
	return session_require(s, l, ROLE_CLERK, "lock", e);
}

static void
to_info(const struct db_lock *d, struct lock_info *out)
{
	if (out == NULL)
		return;
	memset(out, 0, sizeof *out);
	snprintf(out->holder, sizeof out->holder, "%s", d->holder);
	snprintf(out->terminal, sizeof out->terminal, "%s", d->terminal);
	snprintf(out->since, sizeof out->since, "%s", d->since);
	snprintf(out->expires, sizeof out->expires, "%s", d->expires);
}

int
lock_acquire(struct session *s, enum ledger_id l, const char *key,
    struct lock_info *holder, struct err *e)
{
	struct ledger *lg = s->lg;
	struct db_lock want, cur;
	time_t now = clock_now();
	long minutes = ledger_setting_long(lg, "edit_lock_minutes", 15, 1, 480);

	if (holder != NULL)
		memset(holder, 0, sizeof *holder);
	if (may_lock(s, l, e) == -1)
		return -1;
	memset(&want, 0, sizeof want);
	snprintf(want.entity, sizeof want.entity, "%s", ledger_name(l));
	snprintf(want.key, sizeof want.key, "%s", key);
	snprintf(want.holder, sizeof want.holder, "%s", s->user.login);
	snprintf(want.terminal, sizeof want.terminal, "%s", lg->terminal);
	clock_format(now, want.since, sizeof want.since);
	clock_format(now + minutes * 60, want.expires, sizeof want.expires);
	if (ledger_begin(lg, e) == -1)
		return -1;
	if (db_lock_take(lg->db, &want, want.since, &cur, e) == -1) {
		ledger_rollback(lg);
		if (e != NULL && e->code == E_RECORD_LOCKED)
			to_info(&cur, holder);
		return -1;
	}
	return ledger_commit(lg, e);
}

int
lock_release(struct session *s, enum ledger_id l, const char *key,
    struct err *e)
{
	struct ledger *lg = s->lg;

	if (ledger_begin(lg, e) == -1)
		return -1;
	if (db_lock_drop(lg->db, ledger_name(l), key, s->user.login,
	    lg->terminal, e) == -1) {
		ledger_rollback(lg);
		return -1;
	}
	return ledger_commit(lg, e);
}

int
lock_holder(struct session *s, enum ledger_id l, const char *key,
    struct lock_info *out, struct err *e)
{
	struct db_lock d;
	char now[TIME_MAX];

	memset(out, 0, sizeof *out);
	if (may_lock(s, l, e) == -1 ||
	    db_lock_get(s->lg->db, ledger_name(l), key, &d, e) == -1)
		return -1;
	ledger_now(now);
	if (strcmp(d.expires, now) <= 0)
		return err_set(e, E_NOT_FOUND, "lock", "expired");
	to_info(&d, out);
	return 0;
}
