/*
 * The operation log: every operation appends a row with
 * user, terminal, time, operation, target keys and outcome — never the
 * personal data itself.  Rows are chained with BLAKE2b-256: each row's hash
 * covers its content and the previous row's hash.  After each commit the
 * head (sequence and hash) is appended to a checkpoint file beside the
 * database (and to syslog when enabled) so that cutting off the newest rows
 * is detected as well.
 */
#ifndef MADOGUCHI_AUDIT_H
#define MADOGUCHI_AUDIT_H

#include <stdint.h>

#include "db_types.h"
#include "ledger.h"

/* What an audit row records besides the acting user. */
struct audit_event {
	const char *op;		/* login, logout, search, view, create, ... */
	const char *target;	/* keys only, or NULL */
	const char *detail;	/* condition names, counts, rule ids, or NULL */
	const char *outcome;	/* "ok", "denied", "failed", "error" */
	const char *reason;	/* reason code, or NULL */
};

/*
 * Append one row for the session's user (sess may be NULL: then `login`
 * names the actor, e.g. a failed login's typed ID).  Joins the open
 * transaction, or runs in one of its own.
 */
int audit_append(struct ledger *, const struct session *, const char *login,
    const struct audit_event *, struct err *);

struct audit_report {
	int64_t rows;		/* rows checked */
	int64_t bad_seq;	/* first bad row, 0 when none */
	char problem[160];	/* what is wrong with it (English) */
	int64_t checkpoint_seq;	/* newest checkpointed row, 0 when none */
	int64_t anchor_seq;	/* rows up to this one were purged */
};

/*
 * Recompute the whole chain and compare it with the checkpoint file.
 * Returns 0 when intact; -1 with E_AUDIT_BROKEN or E_AUDIT_TRUNCATED and
 * the first bad row in rep.  Needs the auditor or admin role (audited).
 */
int audit_verify(struct session *, struct audit_report *rep, struct err *);
/* The same check without a session (startup, restore, tests). */
int audit_verify_ledger(struct ledger *, struct audit_report *rep,
    struct err *);
/* List rows matching f; auditor role on the system ledger (audited). */
int audit_list(struct session *, const struct db_audit_filter *f,
    int (*fn)(void *, const struct db_audit_row *), void *ctx, struct err *);
/*
 * Append the purge anchor "anchor SEQ HASH TIME" to the checkpoint file
 * (after the purge committed); the chain is then verified from SEQ + 1.
 */
int audit_write_anchor(struct ledger *, int64_t seq, const char *hash,
    struct err *);
/* Hex BLAKE2b-256 of row r chained to r->prev_hash, into out. */
void audit_row_hash(const struct db_audit_row *r, char out[HASH_HEX]);

#endif
