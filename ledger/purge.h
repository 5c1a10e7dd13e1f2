/*
 * The retention purge.  Periods per retention class
 * are admin settings in years, each with a floor:
 *
 *   class      setting              default  minimum  runs from
 *   audit      retention.audit            7        7  the row's time
 *   resident   retention.resident       150      150  the removal date (除票)
 *                                                     of a removed person
 *   vaccine    retention.vaccine          5        5  the record's last change
 *   child      retention.child            5        1  the claim's last change
 *   elderly    retention.elderly          5        1  the pass's last change
 *   backup     retention.backup_days    400        1  the backup's time (days)
 *
 * The boundary rule: a record dated D with a period of N years is kept
 * through D + N years (the same calendar day; 29 February counts as 28
 * February) and goes from the next day: on day T it is purged when
 * D < T − N years.  A row exactly N years old stays; one a day older goes.
 *
 * A record with a pending version, flagged 疑義, or under a legal hold is
 * kept and reported.  The run (admin, with a supervisor's approval of
 * kind "purge") deletes in one transaction (SQLite's secure_delete is on),
 * writes the deletion history (廃棄履歴: keys, class, end date, run ID,
 * operator, approver — no personal data), removes the expired prefix of
 * the audit log through the purge window and leaves an anchor (audit.h),
 * then disposes of expired backups and compacts the database (VACUUM).
 */
#ifndef MADOGUCHI_PURGE_H
#define MADOGUCHI_PURGE_H

#include <stdint.h>

#include "db_types.h"
#include "ledger.h"

#define PURGE_LEDGERS 4		/* resident, child, elderly, vaccine */

struct purge_counts {
	char ledger[16];
	char cutoff[DATE_MAX];		/* records dated before this go */
	int64_t expired;		/* past their end date */
	int64_t deleted;		/* 0 in a dry run */
	int64_t kept_pending, kept_doubt, kept_hold;
};

struct purge_report {
	char run_id[32];
	struct purge_counts ledgers[PURGE_LEDGERS];
	char audit_cutoff[DATE_MAX];
	int64_t audit_rows;		/* rows past retention (deleted unless dry) */
	int64_t anchor_seq;
	char backup_cutoff[DATE_MAX];
	int64_t backups;		/* backups disposed (or due) */
};

struct purge_opts {
	int dry_run;
	int64_t approval_id;		/* required unless dry_run */
	/* Called for every expired record (keys only): status is "purge",
	 * "pending", "doubt" or "hold".  May be NULL. */
	void (*item)(void *ctx, const struct db_expired *, const char *status);
	void *ctx;
};

/* Run the purge (admin role on the system ledger); audited. */
int purge_run(struct session *, const struct purge_opts *,
    struct purge_report *, struct err *);
/* Check a "retention.*" setting against its floor (E_RETENTION). */
int purge_setting_check(const char *key, const char *value, struct err *);
/* The date N years (days when days is set) before today into out. */
void purge_cutoff(long n, int days, char out[DATE_MAX]);

#endif
