/*
 * Batch notices and the print register: a job selects the
 * confirmed current records of one notice kind by its conditions,
 * skips and reports restricted persons and persons who are no
 * longer residents, maps each record to the template's keys (name,
 * address, 方書, dates, amounts, a notice number "JOB-SEQUENCE"), and
 * leaves out the fields the user may not see.  A job above
 * `bulk_threshold` records needs a supervisor's approval for its one run
 * (R-43, approval.h kind "notices") and a second user's check of the
 * recipients and the template: until then it stays awaiting check.
 * The run writes one PDF under a temporary name, registers it and only
 * then renames it: there is never a finished file the register does not
 * know; a cancelled or failed run leaves no file, and one cut short
 * (killed, crashed) is found by notices_recover, marked failed and its
 * partial file removed.  The register row
 * holds the record key of every page; hand-over, storage and disposal are
 * recorded against it later.  Reprints are new jobs marked as reprints of
 * the original, under the same rules.  A restricted record prints only
 * under an approval of its own: kind "restricted", count 1,
 * conditions "notices LEDGER KEY" (e.g. "notices elderly
 * 2024-00000001"), filed by the user who runs the job and granted by a
 * supervisor other than that user; the selection includes the record
 * while the approval is granted and unused, and the run uses it up.
 *
 * The ledger never draws: the PDF is written through a sink (print/'s
 * noticepdf.h, or a test's), and the template is described to the ledger
 * by its title, page count and content hash.  Rights: operator or
 * supervisor on the notice's ledger to select, request, check and run;
 * supervisor, admin or auditor to list the register; supervisor or admin
 * to record custody.  Every step is audited with keys and counts only.
 */
#ifndef MADOGUCHI_NOTICES_H
#define MADOGUCHI_NOTICES_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>

#include "db.h"
#include "ledger.h"

/* One record key -> value of a notice (the template's record keys). */
struct notices_field {
	const char *key;
	const char *value;
};

/* The template of a job as print/ describes it. */
struct notices_template {
	char title[97];			/* document kind for the register */
	char hash[HASH_HEX];		/* of the template file's bytes */
	int pages;			/* pages per notice */
};

/*
 * Where the notices go.  open creates path (0600); add takes one notice
 * (the fields are the caller's only during the call); finish closes the
 * file and gives the page count; abort removes whatever open created;
 * deliver (may be NULL) hands the finished file on (e.g. to lp).
 */
struct notices_sink {
	void *ctx;
	int (*open)(void *ctx, const char *path, struct err *);
	int (*add)(void *ctx, const struct notices_field *, size_t n,
	    struct err *);
	int (*finish)(void *ctx, int *pages, struct err *);
	void (*abort)(void *ctx);
	int (*deliver)(void *ctx, const char *path, struct err *);
};

/* Selection conditions; which ones a kind needs is in notices_kinds. */
struct notices_cond {
	int year;			/* 年度; 0 = not given */
	const char *from, *to;		/* date range (決定日, 接種日) */
	const char *vaccine;		/* vaccine code */
	int age_from, age_to;		/* elderly: years, vaccine: months;
					 * -1 = not given */
	const char *ref;		/* reference date of ages and due lists */
	const char *due;		/* 納期限 / 申請期限 (default for records
					 * that hold none) */
	const char *issue;		/* 発行日; NULL = today */
};

/* A notice kind: ledger "elderly", kind "nonyu", template basename. */
struct notices_kind {
	const char *ledger;
	const char *kind;
	const char *template_file;	/* print/templates/NAME.tmpl */
	const char *needs;		/* conditions required, e.g. "year" */
	const char *help;		/* English; the cli and tui translate */
};

/* The kinds, ending with an entry whose ledger is NULL. */
const struct notices_kind *notices_kinds(void);
/* The kind ledger/kind, or NULL. */
const struct notices_kind *notices_kind_find(const char *ledger,
    const char *kind);

/* A list of record keys (owned by the struct holding it). */
struct notices_keys {
	char **v;
	size_t n;
};

/* What a selection found. */
struct notices_preview {
	int64_t job_id;			/* request/check: the job; else 0 */
	int64_t approval_id;		/* request: the R-43 request filed */
	char conditions[241];		/* canonical form */
	long count;			/* notices that will print */
	struct notices_keys keys;	/* their record keys, in order */
	struct notices_keys restricted;	/* skipped */
	struct notices_keys approved;	/* restricted, printed under
					 * the approval of each record */
	int64_t *approved_id;		/* their approvals, in order */
	struct notices_keys removed;	/* not a current resident: skipped */
	char omitted[160];		/* keys printed empty, or "" */
	long threshold;			/* bulk_threshold */
	int needs_approval;		/* count > threshold */
	int needs_check;		/* a mass mailing */
};
void notices_preview_free(struct notices_preview *);

/*
 * Select the notices of ledger/kind under c without filing anything.
 * When sample is a path and sink is given, the first notice is written
 * there (0600, notice number "SAMPLE") as the sample page.  Audited with
 * the counts.  out is the caller's: notices_preview_free.
 */
int notices_preview(struct session *, const char *ledger, const char *kind,
    const struct notices_cond *c, const char *sample,
    struct notices_sink *sink, struct notices_preview *out, struct err *);

struct notices_request {
	const char *ledger, *kind;
	const struct notices_cond *cond;
	const char *purpose;		/* for the R-43 request */
	int64_t reprint_of;		/* 0, or the job to print again: its
					 * ledger, kind and conditions, the
					 * records of its pages still selected,
					 * their original notice numbers */
};

/*
 * File a job: the selection as notices_preview, the recipients' and the
 * template's hashes, and above the threshold an R-43 request (kind
 * "notices", the count) and the R-40 "awaiting check" state.  out gets
 * the job and approval numbers and what was selected.
 */
int notices_request(struct session *, const struct notices_request *,
    const struct notices_template *, struct notices_preview *out,
    struct err *);
/*
 * a user other than the requester (E_CONFIRM_OWN), with the rights
 * to run it, confirms the job's recipients and template: the selection is
 * made again and must be the one requested (E_RECORD_CHANGED).  out gets
 * the selection for the checker to look at.
 */
int notices_check(struct session *, int64_t job,
    const struct notices_template *, struct notices_preview *out,
    struct err *);

struct notices_run_opts {
	const char *out;		/* the PDF's path; NULL = the spool dir */
	const char *printer;		/* CUPS queue the sink delivers to, or
					 * NULL */
	/* Progress after each notice (may be NULL). */
	void (*progress)(void *ctx, long done, long total);
	void *progress_ctx;
	volatile sig_atomic_t *cancel;	/* nonzero: stop, keep nothing */
	/* After each step of the end of the run (may be NULL, gets
	 * progress_ctx): "written" (the whole PDF under its temporary
	 * name), "registered" (the register row committed), "in place"
	 * (the PDF under its final name). */
	void (*stage)(void *ctx, const char *what);
};

struct notices_result {
	char file[241];
	long records;
	int pages;
	int cancelled;
	char approver[LOGIN_MAX];
};

/*
 * Run job (its requester only): refused while awaiting check (E_DENIED,
 * R-40), without a valid approval above the threshold (E_APPROVAL, R-43:
 * the approval is used by this run even when it is cancelled), when run
 * before (E_CONFIRM_STALE), or when the records or the template changed
 * since the request (E_RECORD_CHANGED).  The PDF goes to o->out or to
 * the spool directory ("spool_dir" setting, else
 * $XDG_STATE_HOME/madoguchi/spool) as notices-JOB.pdf.  Returns 0 when
 * printed (the register row written), 1 when cancelled (recorded so),
 * -1 on failure (the job is marked failed when it had started).
 */
int notices_run(struct session *, int64_t job,
    const struct notices_template *, struct notices_sink *,
    const struct notices_run_opts *, struct notices_result *, struct err *);

/*
 * Crash recovery, run at start-up, by the daily job and before a notice
 * job is requested or run.  A job left running whose run is gone (no
 * lease, an expired lease, or a lease naming a process of this machine's
 * boot that no longer exists; see notices.c) becomes failed with an
 * audit row "notices-interrupt", and its partial file is removed.  A job
 * registered as done in the last week whose file is still under its
 * temporary name (the process died between the commit and the rename)
 * gets it put in place ("notices-recover").  s may be NULL: actor then
 * names the caller in the audit log ("(startup)", "(daily)").
 */
struct notices_recovery {
	long interrupted;		/* jobs marked failed */
	long completed;			/* files put in place */
	long files;			/* partial or unregistered files removed */
};
int notices_recover(struct ledger *, const struct session *,
    const char *actor, struct notices_recovery *, struct err *);
/* The spool directory of notices_run (not created).  Caller frees. */
char *notices_spool_path(struct ledger *);

/* The job (any state) for its requester, a user with print rights on
 * its ledger (a checker) or a register reader. */
int notices_job(struct session *, int64_t job, struct db_print_job *out,
    struct err *);
/* The register, oldest first (supervisor, admin or auditor; audited). */
int notices_register_list(struct session *,
    int (*fn)(void *, const struct db_print_job *), void *ctx,
    struct err *);
/* A job of the operators' list: the register row and its custody. */
struct notices_job_row {
	struct db_print_job job;
	char handover[DATE_MAX];	/* last hand-over date, "" = none */
	char store[DATE_MAX];		/* last storage date */
	char dispose[DATE_MAX];		/* disposal date */
};
/*
 * The notice jobs, oldest first, with their hand-over, storage and
 * disposal dates: for an operator, the jobs of the ledgers on
 * which they hold the operator or supervisor role; for a supervisor,
 * admin or auditor, every job.  Audited ("print-register", "jobs").
 */
int notices_jobs_list(struct session *,
    int (*fn)(void *, const struct notices_job_row *), void *ctx,
    struct err *);
/* The record key of each page of job (as notices_register_list). */
int notices_register_pages(struct session *, int64_t job,
    int (*fn)(void *, int64_t page, const char *key), void *ctx,
    struct err *);
/* The custody events of job (as notices_register_list). */
int notices_register_custody(struct session *, int64_t job,
    int (*fn)(void *, const struct db_print_custody *), void *ctx,
    struct err *);
/*
 * Record "handover", "store" or "dispose" of a printed job on date (any
 * accepted form; NULL = today) with method (to whom, where, how;
 * required).  Supervisor or admin; after disposal nothing more.
 */
int notices_custody(struct session *, int64_t job, const char *event,
    const char *date, const char *method, struct err *);

#endif
