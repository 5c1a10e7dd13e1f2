/*
 * The resident/address master seen from the business side: searching under
 * the rules of and viewing a person, both audited.
 */
#ifndef MADOGUCHI_RESIDENT_H
#define MADOGUCHI_RESIDENT_H

#include "db_types.h"
#include "ledger.h"

/* Raw conditions as typed; NULL or "" = not given. */
struct resident_query {
	const char *name;		/* kanji or kana; prefix match */
	const char *birth_date;		/* 和暦 or 西暦, any accepted form */
	const char *address;		/* part of the address */
	const char *my_number;		/* a complete, valid 12-digit number */
	const char *atena_no;		/* a complete 宛名番号 */
	const char *juminhyo_code;	/* a complete 住民票コード */
	int sex;			/* shown for completeness; never counts */
	const char *reason;		/* reason code: required */
	const char *ref_no;		/* reception / application number */
};

/*
 * Search current residents.  Accepted only as an exact identifier, or a
 * name with a date of birth or an address (E_SEARCH_CONDITIONS otherwise;
 * E_SEARCH_REASON without a reason).  More hits than `search_cap` (50)
 * gives E_SEARCH_TOO_MANY and no rows.  Restricted (不開示) persons are
 * returned only to supervisors.  Every search, accepted or refused, is
 * audited with the names of its conditions and the hit count.  fn gets the
 * hits in name order; *count is the number of hits (or cap + 1).
 */
int resident_search(struct session *, const struct resident_query *,
    int (*fn)(void *, const struct db_resident *), void *ctx, int *count,
    struct err *);
/* Load the current version of atena_no into out; audited as a view. */
int resident_view(struct session *, const char *atena_no,
    struct db_resident *out, struct err *);
/* Fill name_key and name_norm from name and name_kana. */
void resident_derive_keys(struct db_resident *);
/* Nonzero when the session may see the master at all. */
int resident_may_search(const struct session *);

/* Kinds of change to the master (異動), checked against R-32. */
enum resident_op {
	RES_MOVEIN,	/* 転入 / 出生: a new person (宛名番号 assigned) */
	RES_MOVE,	/* 転居: address fields only */
	RES_CORRECT,	/* 修正: any field, with a justification (職権) */
	RES_MOVEOUT,	/* 転出: removal, current residents only */
	RES_DEATH,	/* 死亡: removal, current residents only */
	RES_OP_N
};

/* The English name ("movein", "move", ...) stored in the op column. */
const char *resident_op_name(enum resident_op);

/*
 * A proposed change.  rec holds the new values as typed (the caller need
 * not normalise: names are NFKC'd, kana folded, dates and My Number
 * validated here); for RES_MOVEIN rec.atena_no may be empty.
 */
struct resident_change {
	enum resident_op op;
	struct db_resident rec;
	const char *reason_code;	/* 処理事由: required */
	const char *ref_no;		/* 受付番号: required */
	const char *justification;	/* required for RES_CORRECT */
	int confirm_alerts;		/* the user confirmed alerts */
	int expect_rireki;		/* newest 履歴番号 when the form was
					 * opened; another since gives
					 * E_RECORD_CHANGED (0: not checked) */
};

/*
 * Validate and save a change as a pending version (仮登録) in one
 * transaction with its audit row.  Errors name the field (e->field);
 * an alert (e.g. a repeated-digit My Number) fails with that code unless
 * confirm_alerts is set.  A form opened at an older version than the
 * newest (expect_rireki) is refused with E_RECORD_CHANGED and nothing is
 * written, so the caller keeps the input.  On success atena_out (16
 * bytes) gets the person's 宛名番号 and *rireki_out the new 履歴番号.
 */
int resident_submit(struct session *, const struct resident_change *,
    char atena_out[16], int *rireki_out, struct err *);
/* Every version of a person, oldest first (audited as a history view). */
int resident_history(struct session *, const char *atena_no,
    int (*fn)(void *, const struct db_resident *), void *ctx, struct err *);
/* The newest pending version of a person, if any (E_NOT_FOUND if none). */
int resident_pending(struct session *, const char *atena_no,
    struct db_resident *out, struct err *);
/*
 * The full My Number of a person for display, when the session's role may
 * see it; every reveal is audited.  out: 13 bytes.
 */
int resident_reveal_mynumber(struct session *, const char *atena_no,
    char out[13], struct err *);

#endif
