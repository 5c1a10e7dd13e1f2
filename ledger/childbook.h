/*
 * The child allowance ledger (児童手当等支給台帳) as stored operations:
 * the 認定請求 intake and the decisions on it (認定, 額改定, 消滅, 却下,
 * 支払差止め), each saved as a pending version in one transaction
 * with its audit row, the R-24 stamp and the R-34 reason and reference.
 * The rules are ledger/child.c's; this file adds the master checks (the
 * claimant and the children are current residents; a My Number typed on
 * the form must be the one the master holds — it is not stored again,
 * R-61) and the amounts stored with each version for re-checking.
 * Rights: clerk or supervisor on the child ledger.
 */
#ifndef MADOGUCHI_CHILDBOOK_H
#define MADOGUCHI_CHILDBOOK_H

#include "child.h"
#include "db_types.h"
#include "ledger.h"

/* A child as written on the form. */
struct childbook_child {
	const char *atena_no;
	const char *my_number;		/* as typed; NULL or "" = none */
	enum child_mn_method mn_method;
	int supported;			/* 監護相当・生計費の負担 past the 18 limit */
};

/* A 認定請求 as keyed from the paper form (dates in any accepted form). */
struct childbook_intake {
	const char *claim_no;		/* resubmitting a rejected intake: its
					 * claim number; NULL or "" = a new claim */
	const char *claimant_atena;
	const char *spouse_atena;	/* NULL or "" = none */
	enum child_claimant claimant;
	enum child_channel channel;
	enum child_applicant applicant;
	enum child_id_doc id_doc;
	int poa_seen, id_copy_attached, signature_verified;
	const char *claimant_mynumber;	/* required */
	enum child_mn_method claimant_mn_method;
	const char *claim_date;		/* 認定請求日 */
	const char *event_date;		/* 出生・転入の日; NULL or "" = none */
	int n;
	struct childbook_child child[CHILD_MAX];
	struct child_genkyo_flags genkyo;
	const char *reason_code, *ref_no, *justification;	/* */
	int confirm_alerts;
};

/*
 * The start month and the amounts for it, as the intake would store them
 * (for the screen to show live).  Same checks as childbook_intake, nothing
 * written, not audited.  start: "YYYY-MM".
 */
int childbook_preview(struct session *, const struct childbook_intake *,
    char start[MONTH_MAX], struct child_amounts *out, struct err *);
/*
 * Save a 認定請求 as version 1 of a new claim, pending.  Refused: a
 * public servant (E_PUBLIC_SERVANT), R-29/R-30 gaps, a claimant or child
 * who is not a current resident (E_NOT_FOUND / E_NOT_ELIGIBLE), a My
 * Number that is not the master's (E_NOT_FOUND), a claimant with a claim
 * pending (E_PENDING_EXISTS) or in force (E_EXISTS).  With in->claim_no
 * set, a rejected intake is resubmitted as the claim's next version.
 * claim_no (16 bytes) and *rireki_out (may be NULL) get the new key.
 */
int childbook_intake(struct session *, const struct childbook_intake *,
    char claim_no[16], int *rireki_out, struct err *);

/* A decision on a claim (dates in any accepted form). */
struct childbook_decision {
	const char *claim_no;
	enum child_decision kind;
	const char *decision_date;	/* 決定日 */
	const char *event_date;		/* 額改定・消滅の事由発生日 */
	int suspend;			/* CHILD_DEC_SUSPEND: 1 差止め, 0 解除 */
	int n;				/* 額改定: the children from now on */
	struct childbook_child child[CHILD_MAX];
	const char *reason_code, *ref_no, *justification;
	int confirm_alerts;
};

/*
 * Save a decision as a new pending version of the claim's current one.
 * 認定 and 却下 need an undecided claim, the others one in force
 * (E_DENIED otherwise); E_PENDING_EXISTS while a version awaits
 * confirmation.  認定 and 額改定 store the amounts of their first month;
 * 消滅 stores the end month (the month of the event).
 */
int childbook_decide(struct session *, const struct childbook_decision *,
    int *rireki_out, struct err *);
/*
 * Amounts of a stored claim version for month (the children's birth
 * dates from the master): the re-check of what the version stores.
 */
int childbook_amounts(struct session *, const struct db_child_claim *,
    const struct ymd *month, struct child_amounts *out, struct err *);
/* The newest version of each claim of claimant atena_no (audited view;
 * pending versions come with state "pending" for the 未確認 mark). */
int childbook_list(struct session *, const char *atena_no,
    int (*fn)(void *, const struct db_child_claim *), void *ctx,
    struct err *);
/* One version (rireki_no 0 = the newest) into out; audited view. */
int childbook_get(struct session *, const char *claim_no, int rireki_no,
    struct db_child_claim *out, struct err *);
/*
 * For notices: the confirmed current claims with decision
 * (NULL = any); operator or supervisor on the child ledger; audited.
 */
int childbook_each_confirmed(struct session *, const char *decision,
    int (*fn)(void *, const struct db_child_claim *), void *ctx,
    struct err *);

#endif
