/*
 * The retention purge (purge.h): cut-off dates from the settings, the
 * candidates per ledger, one transaction for the records, the deletion
 * history, the audit log's expired prefix and its anchor, then the
 * expired backups and VACUUM.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "approval.h"
#include "audit.h"
#include "backup.h"
#include "clock.h"
#include "ledger_internal.h"
#include "purge.h"

static const struct {
	const char *cls, *key;
	long def, min;
} classes[] = {
	{ "resident", "retention.resident", 150, 150 },
	{ "child", "retention.child", 5, 1 },
	{ "elderly", "retention.elderly", 5, 1 },
	{ "vaccine", "retention.vaccine", 5, 5 },
	{ "audit", "retention.audit", 7, 7 },
	{ "backup", "retention.backup_days", 400, 1 },
};
#define NCLASSES (sizeof classes / sizeof classes[0])

int
purge_setting_check(const char *key, const char *value, struct err *e)
{
	char *end;
	long n;
	size_t i;

	for (i = 0; i < NCLASSES; i++) {
		if (strcmp(key, classes[i].key) != 0)
			continue;
		n = strtol(value, &end, 10);
		if (*value == '\0' || *end != '\0' || n > 100000)
			return err_set(e, E_USAGE, key, "a whole number");
		if (n < classes[i].min)
			return err_set(e, E_RETENTION, key, "at least %ld",
			    classes[i].min);
		return 0;
	}
	return err_set(e, E_USAGE, key, "no such setting");
}

static long
period(struct ledger *lg, size_t i)
{
	return ledger_setting_long(lg, classes[i].key, classes[i].def,
	    classes[i].min, 100000);
}

void
purge_cutoff(long n, int days, char out[DATE_MAX])
{
	time_t now = clock_now();
	struct tm tm;

	localtime_r(&now, &tm);
	if (days) {
		tm.tm_mday -= (int)n;
		tm.tm_hour = 12;
		mktime(&tm);
	} else {
		tm.tm_year -= (int)n;
		/* 29 February of a year that has none: 28 February. */
		if (tm.tm_mon == 1 && tm.tm_mday == 29 &&
		    !((tm.tm_year + 1900) % 4 == 0 &&
		    ((tm.tm_year + 1900) % 100 != 0 ||
		    (tm.tm_year + 1900) % 400 == 0)))
			tm.tm_mday = 28;
	}
	strftime(out, DATE_MAX, "%Y-%m-%d", &tm);
}

struct run {
	struct session *s;
	const struct purge_opts *o;
	struct purge_counts *c;
	const char *run_id, *approver, *now;
	long years;
	struct err *e;
	int failed;
};

/* The end date of a record: basis + years (the last day it is kept). */
static void
end_date(const char *basis, long years, char out[DATE_MAX])
{
	int y = 0, m = 0, d = 0;
	char t[40];

	if (sscanf(basis, "%d-%d-%d", &y, &m, &d) != 3) {
		snprintf(out, DATE_MAX, "%s", basis);
		return;
	}
	y += (int)years;
	if (m == 2 && d == 29 && !(y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)))
		d = 28;
	snprintf(t, sizeof t, "%04d-%02d-%02d", y, m, d);
	snprintf(out, DATE_MAX, "%.10s", t);
}

static int
one(void *ctx, const struct db_expired *x)
{
	struct run *r = ctx;
	const char *status = "purge";
	char end[DATE_MAX];

	r->c->expired++;
	if (x->pending) {
		status = "pending";
		r->c->kept_pending++;
	} else if (x->doubt) {
		status = "doubt";
		r->c->kept_doubt++;
	} else if (x->hold) {
		status = "hold";
		r->c->kept_hold++;
	}
	if (r->o->item != NULL)
		r->o->item(r->o->ctx, x, status);
	if (r->o->dry_run || strcmp(status, "purge") != 0)
		return 0;
	end_date(x->basis, r->years, end);
	if (db_purge_record(r->s->lg->db, x->ledger, x->key, r->e) == -1 ||
	    db_deletion_log_add(r->s->lg->db, r->run_id, x, end,
	    r->s->user.login, r->approver, r->now, r->e) == -1) {
		r->failed = 1;
		return 1;
	}
	r->c->deleted++;
	return 0;
}

/* Count (or delete) the expired records of every ledger. */
static int
ledgers(struct session *s, const struct purge_opts *o, struct purge_report *rep,
    const char *approver, const char *now, struct err *e)
{
	struct run r;
	size_t i;

	for (i = 0; i < PURGE_LEDGERS; i++) {
		memset(&rep->ledgers[i], 0, sizeof rep->ledgers[i]);
		memset(&r, 0, sizeof r);
		r.s = s;
		r.o = o;
		r.c = &rep->ledgers[i];
		r.run_id = rep->run_id;
		r.approver = approver;
		r.now = now;
		r.years = period(s->lg, i);
		r.e = e;
		snprintf(r.c->ledger, sizeof r.c->ledger, "%s", classes[i].cls);
		purge_cutoff(r.years, 0, r.c->cutoff);
		if (db_purge_candidates(s->lg->db, classes[i].cls, r.c->cutoff,
		    one, &r, e) == -1 || r.failed)
			return -1;
	}
	return 0;
}

static void
audit_purge(struct session *s, const struct purge_report *rep, int dry,
    const char *outcome, struct err *e)
{
	struct audit_event ev = { dry ? "purge-dry-run" : "purge", rep->run_id,
	    NULL, outcome, NULL };
	char detail[256];
	int64_t del = 0, kept = 0;
	int i;

	for (i = 0; i < PURGE_LEDGERS; i++) {
		del += dry ? rep->ledgers[i].expired : rep->ledgers[i].deleted;
		kept += rep->ledgers[i].kept_pending + rep->ledgers[i].kept_doubt +
		    rep->ledgers[i].kept_hold;
	}
	snprintf(detail, sizeof detail, "records=%lld kept=%lld audit_rows=%lld "
	    "anchor=%lld backups=%lld", (long long)del, (long long)kept,
	    (long long)rep->audit_rows, (long long)rep->anchor_seq,
	    (long long)rep->backups);
	ev.detail = detail;
	audit_append(s->lg, s, NULL, &ev, e);
}

int
purge_run(struct session *s, const struct purge_opts *o,
    struct purge_report *rep, struct err *e)
{
	struct ledger *lg = s->lg;
	struct db_audit_row last;
	char now[TIME_MAX], approver[LOGIN_MAX] = "";
	unsigned char rnd[3];
	char hex[7];
	int64_t upto, records = 0, n;
	int i;

	memset(rep, 0, sizeof *rep);
	if (session_require(s, LEDGER_SYSTEM, ROLE_ADMIN, o->dry_run ?
	    "purge-dry-run" : "purge", e) == -1)
		return -1;
	if (strcmp(db_engine(lg->db), "sqlite") != 0 && !o->dry_run)
		return err_set(e, E_UNSUPPORTED, "", "the purge of a %s ledger",
		    db_engine(lg->db));
	ledger_now(now);
	randombytes_buf(rnd, sizeof rnd);
	sodium_bin2hex(hex, sizeof hex, rnd, sizeof rnd);
	snprintf(rep->run_id, sizeof rep->run_id, "P%.4s%.2s%.2s%.2s%.2s%.2s-%s",
	    now, now + 5, now + 8, now + 11, now + 14, now + 17, hex);
	purge_cutoff(period(lg, 4), 0, rep->audit_cutoff);
	purge_cutoff(period(lg, 5), 1, rep->backup_cutoff);

	if (ledger_begin(lg, e) == -1)
		return -1;
	/* A first pass counts, so that the approval covers the real run. */
	if (!o->dry_run) {
		struct purge_opts count = { 1, 0, NULL, NULL };

		if (ledgers(s, &count, rep, "", now, e) == -1)
			goto fail;
		for (i = 0; i < PURGE_LEDGERS; i++)
			records += rep->ledgers[i].expired -
			    rep->ledgers[i].kept_pending -
			    rep->ledgers[i].kept_doubt - rep->ledgers[i].kept_hold;
		if (o->approval_id == 0 || approval_consume(s, o->approval_id,
		    "purge", records, approver, e) == -1) {
			if (o->approval_id == 0)
				err_set(e, E_APPROVAL, "approval", "R-50: a "
				    "supervisor's approval of kind purge");
			ledger_rollback(lg);
			audit_purge(s, rep, 0, "denied", NULL);
			return -1;
		}
	}
	if (ledgers(s, o, rep, approver, now, e) == -1 ||
	    db_audit_purge_upto(lg->db, rep->audit_cutoff, &upto, e) == -1)
		goto fail;
	rep->audit_rows = upto;
	if (db_purge_anchor_latest(lg->db, &n, last.hash, e) == -1)
		goto fail;
	rep->audit_rows = upto > n ? upto - n : 0;
	if (!o->dry_run && rep->audit_rows > 0) {
		if (db_audit_get(lg->db, upto, &last, e) == -1 ||
		    db_audit_purge(lg->db, upto, rep->audit_cutoff, &n, e) == -1 ||
		    db_purge_anchor_add(lg->db, upto, last.hash, rep->run_id, now,
		    s->user.login, e) == -1)
			goto fail;
		rep->audit_rows = n;
		rep->anchor_seq = upto;
		/* The anchor reaches the checkpoint file before the commit: a
		 * line for an anchor that never committed is harmless, an
		 * anchor without its line is reported as a break. */
		if (audit_write_anchor(lg, upto, last.hash, e) == -1)
			goto fail;
	}
	if (backup_dispose_expired(lg, rep->backup_cutoff, s->user.login, 1,
	    &rep->backups, e) == -1)
		goto fail;
	if (o->dry_run) {
		/* Nothing changed: the dry run's audit row stands alone. */
		ledger_rollback(lg);
		audit_purge(s, rep, 1, "ok", NULL);
		return 0;
	}
	audit_purge(s, rep, 0, "ok", NULL);
	if (ledger_commit(lg, e) == -1)
		return -1;
	/* Backups are files: removed after the records' commit, each marked
	 * disposed in its own transaction. */
	if (ledger_begin(lg, e) == -1 ||
	    backup_dispose_expired(lg, rep->backup_cutoff, s->user.login, 0,
	    &rep->backups, e) == -1) {
		ledger_rollback(lg);
		return -1;
	}
	if (ledger_commit(lg, e) == -1)
		return -1;
	return db_vacuum(lg->db, e);
fail:
	ledger_rollback(lg);
	audit_purge(s, rep, o->dry_run, "failed", NULL);
	return -1;
}
