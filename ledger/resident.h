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

#endif
