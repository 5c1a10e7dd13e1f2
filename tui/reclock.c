/*
 * Record locks as the screens hold them (lock.h, 住記 standard): a form
 * that edits or confirms an existing entry takes the lock when it opens,
 * shows who holds it when it cannot, renews it now and then while the
 * user keys, and releases it when the screen closes — on save, cancel,
 * logoff, auto-logoff and a forced logoff alike, since each of them
 * closes the screen while the session is still open.
 */
#include <stdio.h>
#include <string.h>

#include "clock.h"
#include "i18n.h"
#include "lock.h"
#include "screen.h"

/* Seconds between renewals while keying: well inside the shortest
 * edit_lock_minutes (1). */
#define RECLOCK_RENEW_SECONDS 20

int
reclock_take(struct tui *t, struct reclock *rl, enum ledger_id l,
    const char *key)
{
	struct lock_info li;
	struct err e;

	memset(rl, 0, sizeof *rl);
	rl->ledger = l;
	snprintf(rl->key, sizeof rl->key, "%s", key);
	err_clear(&e);
	if (lock_acquire(t->s, l, key, &li, &e) == -1) {
		if (e.code == E_RECORD_LOCKED)
			tui_record_locked(t, &li);
		else
			tui_error(t, &e, NULL);
		return -1;
	}
	rl->held = 1;
	rl->renewed = clock_mono();
	return 0;
}

void
reclock_renew(struct tui *t, struct reclock *rl)
{
	struct lock_info li;
	struct err e;

	if (!rl->held || t->s == NULL ||
	    clock_mono() - rl->renewed < RECLOCK_RENEW_SECONDS)
		return;
	rl->renewed = clock_mono();
	err_clear(&e);
	if (lock_acquire(t->s, rl->ledger, rl->key, &li, &e) == 0 ||
	    e.code != E_RECORD_LOCKED)
		return;
	/* It expired (the screen was locked, say) and someone else took
	 * it: say so once; the row version still guards the save. */
	rl->held = 0;
	tui_record_locked(t, &li);
}

void
reclock_release(struct tui *t, struct reclock *rl)
{
	struct err e;

	if (rl->held && t->s != NULL)
		lock_release(t->s, rl->ledger, rl->key, &e);
	rl->held = 0;
}

void
tui_record_locked(struct tui *t, const struct lock_info *li)
{
	char today[TIME_MAX], since[TIME_MAX];

	/* "10:42" today, the date and the time otherwise. */
	clock_format_date(clock_now(), today, sizeof today);
	if (strncmp(li->since, today, strlen(today)) == 0 &&
	    strlen(li->since) >= 16)
		snprintf(since, sizeof since, "%.5s", li->since + 11);
	else
		snprintf(since, sizeof since, "%.16s", li->since);
	tui_message(t, _("Being edited by %s at terminal %s since %s; try again when they have finished."),
	    li->holder, li->terminal, since);
	t->msg_error = 1;
}
