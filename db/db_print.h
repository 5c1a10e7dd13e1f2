/*
 * Storage of the print register (帳票管理簿, R-41) and of the notice jobs
 * it records (included by db.h): one row per job with its selection, its
 * R-40 check and R-43 approval, its run (user, time, printer or file,
 * pages, records, reprint mark), the record key of every page, and the
 * later hand-over, storage and disposal events.  Keys only: no name or
 * address is ever stored here.  The rules live in ledger/notices.c.
 */
#ifndef MADOGUCHI_DB_PRINT_H
#define MADOGUCHI_DB_PRINT_H

#include <stdint.h>

#include "db_types.h"
#include "err.h"

struct db;

/* One notice job / print-register row. */
struct db_print_job {
	int64_t job_id;
	char ledger[16];		/* child, elderly, vaccine */
	char kind[24];			/* nonyu, nintei, ... */
	char title[97];			/* document kind, the template's title */
	char conditions[241];		/* canonical selection (notices.c) */
	char state[20];			/* awaiting_check, ready, running,
					 * done, cancelled, failed (a run
					 * cut short is failed: notices.h) */
	char requested_by[LOGIN_MAX];
	char requested_at[TIME_MAX];
	int64_t expected;		/* records selected at the request */
	int64_t skipped_restricted;	/* */
	int64_t skipped_other;		/* not a current resident */
	char recipients_hash[HASH_HEX];	/* over the record keys, in order */
	char template_hash[HASH_HEX];
	int64_t approval_id;		/* 0: none needed */
	char approver[LOGIN_MAX];
	char checker[LOGIN_MAX];	/* R-40; "" = not checked */
	char checked_at[TIME_MAX];
	char run_by[LOGIN_MAX];
	char run_at[TIME_MAX];
	char finished_at[TIME_MAX];
	char printer[64];		/* CUPS queue, "" = file only */
	char file[241];			/* the PDF written (running: to be
					 * written) */
	int64_t pages;
	int64_t records;
	int64_t reprint_of;		/* 0: an original run */
};

/* A hand-over, storage or disposal recorded against a job. */
struct db_print_custody {
	int64_t job_id;
	char event[12];			/* handover, store, dispose */
	char date[DATE_MAX];		/* the day it happened */
	char method[97];		/* to whom / where / how */
	char by_login[LOGIN_MAX];
	char at[TIME_MAX];		/* when it was recorded */
};

/* Insert j (j->job_id is set). */
int db_print_job_add(struct db *, struct db_print_job *, struct err *);
/* The job into out; E_NOT_FOUND. */
int db_print_job_get(struct db *, int64_t job_id, struct db_print_job *out,
    struct err *);
/* Every job, oldest first. */
int db_print_job_each(struct db *, int (*fn)(void *,
    const struct db_print_job *), void *ctx, struct err *);
/* Move job from state `from` to `to`; E_CONFIRM_STALE when it is no
 * longer in `from` (another user or process got there first). */
int db_print_job_state(struct db *, int64_t job_id, const char *from,
    const char *to, struct err *);
/* Attach the R-43 request filed for job. */
int db_print_job_link_approval(struct db *, int64_t job_id,
    int64_t approval_id, struct err *);
/* awaiting_check -> ready with the checker; E_CONFIRM_STALE. */
int db_print_job_checked(struct db *, int64_t job_id, const char *checker,
    const char *at, struct err *);
/* ready -> running by run_by at `at` with the approver ("" = none) and
 * the file it is to write (so that a run cut short can be found). */
int db_print_job_started(struct db *, int64_t job_id, const char *run_by,
    const char *at, const char *approver, const char *file, struct err *);
/* The jobs in state, oldest first. */
int db_print_job_each_state(struct db *, const char *state,
    int (*fn)(void *, const struct db_print_job *), void *ctx, struct err *);
/* A done job's printer ("" when delivery to it failed); E_CONFIRM_STALE. */
int db_print_job_set_printer(struct db *, int64_t job_id,
    const char *printer, struct err *);
/* running -> done with j's finished_at, printer, file, pages, records. */
int db_print_job_done(struct db *, const struct db_print_job *j,
    struct err *);
/* The record key printed on page (1-based) of job. */
int db_print_page_add(struct db *, int64_t job_id, int64_t page,
    const char *record_key, struct err *);
/* The pages of job in order. */
int db_print_page_each(struct db *, int64_t job_id,
    int (*fn)(void *, int64_t page, const char *record_key), void *ctx,
    struct err *);
int db_print_custody_add(struct db *, const struct db_print_custody *,
    struct err *);
/* The events of job, oldest first. */
int db_print_custody_each(struct db *, int64_t job_id,
    int (*fn)(void *, const struct db_print_custody *), void *ctx,
    struct err *);

#endif
