/*
 * Drafts of unsaved forms kept over an auto-logoff.  The content
 * is personal data, so it stays in the ledger database (never a file) and
 * is never written to the audit log.
 */
#include <stdio.h>
#include <stdlib.h>

#include "audit.h"
#include "clock.h"
#include "draft.h"
#include "ledger_internal.h"
#include "xmalloc.h"

int
draft_save(struct session *s, const char *screen, const char *content,
    struct err *e)
{
	struct audit_event ev = { "draft-save", screen, NULL, "ok", NULL };
	char now[TIME_MAX];

	ledger_now(now);
	if (ledger_begin(s->lg, e) == -1)
		return -1;
	if (db_draft_put(s->lg->db, s->user.login, screen, content, now, e) == -1 ||
	    audit_append(s->lg, s, NULL, &ev, e) == -1) {
		ledger_rollback(s->lg);
		return -1;
	}
	return ledger_commit(s->lg, e);
}

/* Drop drafts older than draft_keep_days. */
static int
purge_old(struct session *s, struct err *e)
{
	long days = ledger_setting_long(s->lg, "draft_keep_days", 7, 1, 90);
	char before[TIME_MAX];

	clock_format(clock_now() - (time_t)days * 86400, before, sizeof before);
	return db_draft_purge(s->lg->db, before, e);
}

int
draft_take(struct session *s, char **screen, char **content, struct err *e)
{
	struct audit_event ev = { "draft-take", NULL, NULL, "ok", NULL };

	*screen = *content = NULL;
	if (ledger_begin(s->lg, e) == -1)
		return -1;
	if (purge_old(s, e) == -1 ||
	    db_draft_take(s->lg->db, s->user.login, screen, content, e) == -1)
		goto fail;
	ev.target = *screen;
	if (audit_append(s->lg, s, NULL, &ev, e) == -1)
		goto fail;
	if (ledger_commit(s->lg, e) == 0)
		return 0;
fail:
	ledger_rollback(s->lg);
	xfree_secret(screen);
	xfree_secret(content);
	return -1;
}

int
draft_exists(struct session *s)
{
	return db_draft_count(s->lg->db, s->user.login, NULL) > 0;
}
