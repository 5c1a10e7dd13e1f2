/*
 * Confirmation by a second person.  Every create,
 * correction and deletion is saved pending (仮登録) and takes effect
 * (本登録) only when a supervisor other than the entering user re-keys its
 * key fields blind and they match.  A mismatch is audited and the field
 * must be keyed again; after `confirm_max_tries` (3) failed tries both
 * values are shown side by side and the supervisor must reject the entry
 * with a comment (it returns to the clerk) or correct it (a new pending
 * version of the supervisor's, which yet another person confirms).
 *
 * Key fields are configurable per ledger with the admin setting
 * "confirm_keys.LEDGER" (comma-separated field names).  The defaults
 * the master's my_number, birth_date, name_kana; a child
 * allowance claim's claim_date, decision_date and monthly_total; an
 * elderly pass's apply_date, judged_on, fee_amount, paid_amount and
 * refund_amount; a dose's date, lot and amounts.  Entries of the ledgers
 * are named by their record key: 宛名番号, 請求番号, "年度-乗車証交付番号",
 * the dose record number.
 */
#ifndef MADOGUCHI_CONFIRM_H
#define MADOGUCHI_CONFIRM_H

#include "db_types.h"
#include "ledger.h"
#include "visibility.h"

#define CONFIRM_MAX_FIELDS 24

struct confirm_ref {
	enum ledger_id ledger;
	char entry[24];		/* the record key (see above) */
	int rireki_no;
};

struct confirm_field {
	char name[24];		/* e.g. "birth_date" */
	int key;		/* re-keyed blind */
	int mismatch;		/* set by confirm_try */
	char value[256];	/* non-key: the entry's value (for eyeballing);
				 * key: empty until the tries are used up, then
				 * the clerk's value for the side-by-side view */
};

/* What the supervisor sees of an entry. */
struct confirm_view {
	struct confirm_ref ref;
	char op[16];
	char entered_by[LOGIN_MAX];
	char entered_at[TIME_MAX];
	int tries;			/* failed tries so far */
	int max_tries;
	int nfields;
	struct confirm_field fields[CONFIRM_MAX_FIELDS];
};

/* A re-keyed value. */
struct confirm_value {
	const char *name;
	const char *value;
};

/* A field of a ledger's records as the screens and the confirmation show
 * it: name, label (N_(): translate to show), class, key by default. */
struct confirm_fielddef {
	const char *name;
	const char *label;
	enum sens_class sens;
	int key;
};

/*
 * The field table of ledger l (not LEDGER_SYSTEM) into out (at most max
 * entries; static strings); returns the number of fields, -1 for l.
 */
int confirm_fields(enum ledger_id l, struct confirm_fielddef *out, int max);

/*
 * The pending entries of the ledgers the session supervises, oldest
 * first; ledger LEDGER_N = all of them, clerk NULL = anyone.
 */
int confirm_queue(struct session *, enum ledger_id, const char *clerk,
    int (*fn)(void *, const struct db_pending *), void *ctx, struct err *);
/* The session user's own entries that were rejected, with comments,
 * in every ledger. */
int confirm_rejected(struct session *,
    int (*fn)(void *, const struct db_pending *), void *ctx, struct err *);
/*
 * Open an entry for blind confirmation (supervisor, not the entering
 * user: E_CONFIRM_OWN).  Key fields come without values.  Audited.
 */
int confirm_open(struct session *, const struct confirm_ref *,
    struct confirm_view *, struct err *);
/*
 * Compare the re-keyed key fields with the entry.  All match: the entry
 * becomes the confirmed current version (one transaction, audited) and 0
 * is returned.  Otherwise -1: E_CONFIRM_MISMATCH with view->fields[i]
 * .mismatch set (each mismatch audited by field name, never value), or
 * E_CONFIRM_TRIES once the tries are used up (view then holds the clerk's
 * values), E_CONFIRM_OWN, E_CONFIRM_STALE when someone else got there
 * first.
 */
int confirm_try(struct session *, struct confirm_view *,
    const struct confirm_value *, int n, struct err *);
/* Reject with a (required) comment: back to the entering clerk. */
int confirm_reject(struct session *, const struct confirm_ref *,
    const char *comment, struct err *);

#endif
