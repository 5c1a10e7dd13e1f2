/*
 * Automatic removal of transient files (R-51) and the crash recovery of
 * notice jobs (notices_recover), run at start-up (main.c turns it on for
 * the program's first ledger; tests open ledgers without it) and by the
 * daily job (`madoguchi daily`).
 *
 * Transient files live in private directories of this machine:
 *   - the spool directory of notices (notices_spool_path): the notice
 *     PDFs "notices-JOB.pdf", their temporary files ".notices-JOB.pdf.tmp"
 *     and sample pages "sample-LOGIN.pdf"; only files so named are
 *     touched, since spool_dir may be set to a directory shared with
 *     other files;
 *   - $XDG_STATE_HOME/madoguchi/staging, for export staging files and
 *     delivery-address extracts, and $XDG_STATE_HOME/madoguchi/work, for
 *     import work files and cached query results: every regular file.
 * A file is due on the first business day after the day it was last
 * written (its mtime, local time): a business day is not a Saturday, a
 * Sunday, a day of the year-end closing (29 December – 3 January) or a
 * day of the holiday table.  The holiday table is a text file, the
 * "holidays_file" setting of the configuration, else
 * $XDG_CONFIG_HOME/madoguchi/holidays when it exists: one date per line
 * in any accepted form (2025-01-13, 2025/1/13, R7.1.13), anything after
 * a comma or a blank ignored, and lines that do not begin with a digit
 * (a heading, "#" comments) skipped, so that the Cabinet Office's
 * syukujitsu.csv converted to UTF-8 can be used as it is.  Each deletion
 * is an audit row "transient-remove" naming the directory kind and the
 * file name (never its contents).
 */
#ifndef MADOGUCHI_TRANSIENT_H
#define MADOGUCHI_TRANSIENT_H

#include "ledger.h"
#include "notices.h"
#include "wareki.h"

struct transient_report {
	struct notices_recovery jobs;	/* notices_recover */
	long removed;			/* transient files deleted */
	long kept;			/* transient files not yet due */
	long failed;			/* due but could not be deleted */
};

/* The holiday table into *days (sorted days since the epoch, caller
 * frees) and *n; none configured: 0 with *days NULL. */
int transient_holidays(struct ledger *, long **days, size_t *n,
    struct err *);
/* Nonzero when d is a business day under the holiday table. */
int transient_business_day(const struct ymd *d, const long *holidays,
    size_t n);
/* The first business day after d. */
void transient_next_business_day(const struct ymd *d, const long *holidays,
    size_t n, struct ymd *out);

/*
 * Recover notice jobs and delete the transient files that are due.
 * s may be NULL: actor then names the caller in the audit log
 * ("(startup)", "(daily)").  Files that cannot be deleted are counted,
 * not fatal; -1 only when the ledger cannot be read or written.
 */
int transient_clean(struct ledger *, const struct session *,
    const char *actor, struct transient_report *, struct err *);

/* Run transient_clean as "(startup)" at the next ledger_open (main.c). */
void transient_at_startup(int on);
/* Called by ledger_open: the clean-up when it is turned on (once per
 * process); errors are left for the daily job to meet again. */
void transient_startup(struct ledger *);
/* What the start-up clean-up of this process did (zeros if none ran). */
const struct transient_report *transient_startup_report(void);

#endif
