/*
 * The vaccination ledger (予防接種ファイル) as stored operations: a dose
 * record, or a correction of one, saved as a pending version after the
 * code checks (vaccine, institution: R-31) and vaccine_check_dose against
 * the person's confirmed history — a dose before its minimum interval
 * (E_INTERVAL) or from an expired lot (E_LOT_EXPIRED) is refused; one
 * outside the routine window (E_VACCINE_WINDOW, an alert) is recorded as
 * 任意接種 once the clerk confirms it.  Due and overdue lists per vaccine
 * over the current residents of an age band come as a count and a
 * bounded page.  Rights: clerk or supervisor on the vaccine ledger.
 */
#ifndef MADOGUCHI_VACCBOOK_H
#define MADOGUCHI_VACCBOOK_H

#include "db_types.h"
#include "ledger.h"
#include "vaccine.h"

struct vaccbook_entry {
	const char *record_no;		/* a correction: the record; NULL = new */
	const char *atena_no;
	const char *vaccine_code;
	int dose_no;
	const char *date;		/* 接種年月日, any accepted form */
	const char *maker, *lot, *lot_expiry;
	const char *institution;	/* 医療機関コード */
	const char *doctor, *site, *volume;
	long amount;			/* 請求額 */
	const char *subsidy_kind, *subsidy_date;
	long subsidy_amount;
	int other_municipality, certificate;
	const char *notes;
	const char *reason_code, *ref_no, *justification;
	int confirm_alerts;		/* the clerk confirmed 任意接種 */
};

/*
 * Save a dose (or a correction of entry->record_no) as a pending version
 * in one transaction with its audit row.  record_no (16 bytes) and
 * *rireki_out (may be NULL) get the key.
 */
int vaccbook_record(struct session *, const struct vaccbook_entry *,
    char record_no[16], int *rireki_out, struct err *);
/* The newest version of each dose record of a person (audited view). */
int vaccbook_list(struct session *, const char *atena_no,
    int (*fn)(void *, const struct db_dose *), void *ctx, struct err *);

struct vaccbook_due {
	char atena_no[16];
	struct vaccine_due due;
};

/*
 * The current residents aged from_months..to_months (inclusive, on ref)
 * for whom vaccine_code is due, closing or overdue on ref: *total of
 * them, and the entries [offset, offset + limit) into out, limit capped
 * at the "search_cap" setting (50).  Audited with the counts only.
 */
int vaccbook_due(struct session *, const char *vaccine_code, int from_months,
    int to_months, const char *ref, int offset, int limit,
    struct vaccbook_due *out, int *n_out, int *total, struct err *);
/* For notices: confirmed current doses given from..to; operator
 * or supervisor on the vaccine ledger; audited. */
int vaccbook_each_confirmed(struct session *, const char *from,
    const char *to, int (*fn)(void *, const struct db_dose *), void *ctx,
    struct err *);
/* A stored dose as the rules see it (vaccine_check_dose's history);
 * -1 when its date is not a date. */
int vaccbook_dose(const struct db_dose *, struct vaccine_dose *);

#endif
