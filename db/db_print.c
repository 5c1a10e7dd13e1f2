/*
 * The print register (db_print.h): notice jobs, the record key of each
 * page and the custody events.  State changes are one conditional UPDATE
 * each, so that two users or processes racing for the same job find out
 * (E_CONFIRM_STALE) instead of both going on.  Only the page insert runs
 * often enough to earn a cached statement; the rest are prepared per call,
 * as db_book.c does, to leave the shared statement cache alone.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "db_internal.h"
#include "db_print.h"

#define JOB_COLS "job_id, ledger, kind, title, conditions, state, " \
	"requested_by, requested_at, expected, skipped_restricted, " \
	"skipped_other, recipients_hash, template_hash, approval_id, " \
	"approver, checker, checked_at, run_by, run_at, finished_at, " \
	"printer, file, pages, records, reprint_of"

/* Bind fmt's values from parameter 1 on: t = text, i = int64_t. */
static int
bind(struct db *db, void *st, struct err *e, const char *fmt, ...)
{
	va_list ap;
	const char *p;
	int n = 1, rc = 0;

	va_start(ap, fmt);
	for (p = fmt; *p != '\0' && rc == 0; p++, n++) {
		if (*p == 't')
			rc = db_bind_text(db, st, n, va_arg(ap, const char *), e);
		else
			rc = db_bind_int(db, st, n, va_arg(ap, int64_t), e);
	}
	va_end(ap);
	return rc;
}

/* Prepare sql uncached; NULL with e filled. */
static void *
prep(struct db *db, const char *sql, struct err *e)
{
	return db->drv->prepare(db->h, sql, e);
}

/* Run a prepared statement that returns no rows and finalize it; the
 * number of rows changed, or -1. */
static int64_t
run_once(struct db *db, void *st, struct err *e)
{
	int rc = db->drv->step(st, e);
	int64_t n = db->drv->changes(db->h);

	db->drv->finalize(st);
	return rc == DB_ERROR ? -1 : n;
}

static void
read_job(struct db *db, void *st, struct db_print_job *j)
{
	memset(j, 0, sizeof *j);
	j->job_id = db->drv->col_int(st, 0);
	DB_COPY(db, st, 1, j->ledger);
	DB_COPY(db, st, 2, j->kind);
	DB_COPY(db, st, 3, j->title);
	DB_COPY(db, st, 4, j->conditions);
	DB_COPY(db, st, 5, j->state);
	DB_COPY(db, st, 6, j->requested_by);
	DB_COPY(db, st, 7, j->requested_at);
	j->expected = db->drv->col_int(st, 8);
	j->skipped_restricted = db->drv->col_int(st, 9);
	j->skipped_other = db->drv->col_int(st, 10);
	DB_COPY(db, st, 11, j->recipients_hash);
	DB_COPY(db, st, 12, j->template_hash);
	j->approval_id = db->drv->col_int(st, 13);
	DB_COPY(db, st, 14, j->approver);
	DB_COPY(db, st, 15, j->checker);
	DB_COPY(db, st, 16, j->checked_at);
	DB_COPY(db, st, 17, j->run_by);
	DB_COPY(db, st, 18, j->run_at);
	DB_COPY(db, st, 19, j->finished_at);
	DB_COPY(db, st, 20, j->printer);
	DB_COPY(db, st, 21, j->file);
	j->pages = db->drv->col_int(st, 22);
	j->records = db->drv->col_int(st, 23);
	j->reprint_of = db->drv->col_int(st, 24);
}

int
db_print_job_add(struct db *db, struct db_print_job *j, struct err *e)
{
	static const char sql[] = "INSERT INTO print_jobs (ledger, kind, "
	    "title, conditions, state, requested_by, requested_at, expected, "
	    "skipped_restricted, skipped_other, recipients_hash, template_hash, "
	    "approval_id, reprint_of) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, "
	    "$9, $10, $11, $12, $13, $14) RETURNING job_id";
	void *st = prep(db, sql, e);
	int rc;

	if (st == NULL)
		return -1;
	if (bind(db, st, e, "tttttttiiittii", j->ledger, j->kind, j->title,
	    j->conditions, j->state, j->requested_by, j->requested_at,
	    j->expected, j->skipped_restricted, j->skipped_other,
	    j->recipients_hash, j->template_hash, j->approval_id,
	    j->reprint_of) == -1) {
		db->drv->finalize(st);
		return -1;
	}
	if ((rc = db->drv->step(st, e)) == DB_ROW)
		j->job_id = db->drv->col_int(st, 0);
	db->drv->finalize(st);
	return rc == DB_ROW ? 0 : -1;
}

/* Rows of sql (bound to job_id when it is >= 0) through read_job. */
static int
each_job(struct db *db, const char *sql, int64_t job_id,
    int (*fn)(void *, const struct db_print_job *), void *ctx, int *seen,
    struct err *e)
{
	struct db_print_job j;
	void *st = prep(db, sql, e);
	int rc;

	if (st == NULL)
		return -1;
	if (job_id >= 0 && bind(db, st, e, "i", job_id) == -1) {
		db->drv->finalize(st);
		return -1;
	}
	while ((rc = db->drv->step(st, e)) == DB_ROW) {
		read_job(db, st, &j);
		if (seen != NULL)
			(*seen)++;
		if (fn(ctx, &j) != 0)
			break;
	}
	db->drv->finalize(st);
	return rc == DB_ERROR ? -1 : 0;
}

static int
copy_job(void *ctx, const struct db_print_job *j)
{
	*(struct db_print_job *)ctx = *j;
	return 1;
}

int
db_print_job_get(struct db *db, int64_t job_id, struct db_print_job *out,
    struct err *e)
{
	static const char sql[] = "SELECT " JOB_COLS " FROM print_jobs "
	    "WHERE job_id = $1";
	int seen = 0;

	if (each_job(db, sql, job_id, copy_job, out, &seen, e) == -1)
		return -1;
	return seen ? 0 : err_set(e, E_NOT_FOUND, "job", "no notice job %lld",
	    (long long)job_id);
}

int
db_print_job_each(struct db *db, int (*fn)(void *,
    const struct db_print_job *), void *ctx, struct err *e)
{
	static const char sql[] = "SELECT " JOB_COLS " FROM print_jobs "
	    "ORDER BY job_id";

	return each_job(db, sql, -1, fn, ctx, NULL, e);
}

/* One changed row, else E_CONFIRM_STALE naming the job. */
static int
one_row(int64_t n, int64_t job_id, const char *want, struct err *e)
{
	if (n < 0)
		return -1;
	if (n != 1)
		return err_set(e, E_CONFIRM_STALE, "job", "job %lld is not %s",
		    (long long)job_id, want);
	return 0;
}

int
db_print_job_state(struct db *db, int64_t job_id, const char *from,
    const char *to, struct err *e)
{
	static const char sql[] = "UPDATE print_jobs SET state = $1 "
	    "WHERE job_id = $2 AND state = $3";
	void *st = prep(db, sql, e);

	if (st == NULL)
		return -1;
	if (bind(db, st, e, "tit", to, job_id, from) == -1) {
		db->drv->finalize(st);
		return -1;
	}
	return one_row(run_once(db, st, e), job_id, from, e);
}

int
db_print_job_link_approval(struct db *db, int64_t job_id, int64_t approval_id,
    struct err *e)
{
	static const char sql[] = "UPDATE print_jobs SET approval_id = $1 "
	    "WHERE job_id = $2 AND approval_id = 0";
	void *st = prep(db, sql, e);

	if (st == NULL)
		return -1;
	if (bind(db, st, e, "ii", approval_id, job_id) == -1) {
		db->drv->finalize(st);
		return -1;
	}
	return one_row(run_once(db, st, e), job_id, "without an approval", e);
}

int
db_print_job_checked(struct db *db, int64_t job_id, const char *checker,
    const char *at, struct err *e)
{
	static const char sql[] = "UPDATE print_jobs SET state = 'ready', "
	    "checker = $1, checked_at = $2 WHERE job_id = $3 AND "
	    "state = 'awaiting_check' AND requested_by <> $1";
	void *st = prep(db, sql, e);

	if (st == NULL)
		return -1;
	if (bind(db, st, e, "tti", checker, at, job_id) == -1) {
		db->drv->finalize(st);
		return -1;
	}
	return one_row(run_once(db, st, e), job_id, "awaiting a check", e);
}

int
db_print_job_started(struct db *db, int64_t job_id, const char *run_by,
    const char *at, const char *approver, const char *file, struct err *e)
{
	static const char sql[] = "UPDATE print_jobs SET state = 'running', "
	    "run_by = $1, run_at = $2, approver = $3, file = $4 "
	    "WHERE job_id = $5 AND state = 'ready'";
	void *st = prep(db, sql, e);

	if (st == NULL)
		return -1;
	if (bind(db, st, e, "tttti", run_by, at, approver, file, job_id) == -1) {
		db->drv->finalize(st);
		return -1;
	}
	return one_row(run_once(db, st, e), job_id, "ready", e);
}

int
db_print_job_each_state(struct db *db, const char *state,
    int (*fn)(void *, const struct db_print_job *), void *ctx, struct err *e)
{
	static const char sql[] = "SELECT " JOB_COLS " FROM print_jobs "
	    "WHERE state = $1 ORDER BY job_id";
	struct db_print_job j;
	void *st = prep(db, sql, e);
	int rc;

	if (st == NULL)
		return -1;
	if (bind(db, st, e, "t", state) == -1) {
		db->drv->finalize(st);
		return -1;
	}
	while ((rc = db->drv->step(st, e)) == DB_ROW) {
		read_job(db, st, &j);
		if (fn(ctx, &j) != 0)
			break;
	}
	db->drv->finalize(st);
	return rc == DB_ERROR ? -1 : 0;
}

int
db_print_job_set_printer(struct db *db, int64_t job_id, const char *printer,
    struct err *e)
{
	static const char sql[] = "UPDATE print_jobs SET printer = $1 "
	    "WHERE job_id = $2 AND state = 'done'";
	void *st = prep(db, sql, e);

	if (st == NULL)
		return -1;
	if (bind(db, st, e, "ti", printer, job_id) == -1) {
		db->drv->finalize(st);
		return -1;
	}
	return one_row(run_once(db, st, e), job_id, "done", e);
}

int
db_print_job_done(struct db *db, const struct db_print_job *j, struct err *e)
{
	static const char sql[] = "UPDATE print_jobs SET state = 'done', "
	    "finished_at = $1, printer = $2, file = $3, pages = $4, "
	    "records = $5 WHERE job_id = $6 AND state = 'running'";
	void *st = prep(db, sql, e);

	if (st == NULL)
		return -1;
	if (bind(db, st, e, "tttiii", j->finished_at, j->printer, j->file,
	    j->pages, j->records, j->job_id) == -1) {
		db->drv->finalize(st);
		return -1;
	}
	return one_row(run_once(db, st, e), j->job_id, "running", e);
}

int
db_print_page_add(struct db *db, int64_t job_id, int64_t page,
    const char *record_key, struct err *e)
{
	static const char sql[] = "INSERT INTO print_pages (job_id, page, "
	    "record_key) VALUES ($1, $2, $3)";
	void *st = db_stmt(db, sql, e);

	if (st == NULL || bind(db, st, e, "iit", job_id, page, record_key) == -1)
		return -1;
	return db_run(db, st, e);
}

int
db_print_page_each(struct db *db, int64_t job_id,
    int (*fn)(void *, int64_t page, const char *record_key), void *ctx,
    struct err *e)
{
	static const char sql[] = "SELECT page, record_key FROM print_pages "
	    "WHERE job_id = $1 ORDER BY page";
	void *st = prep(db, sql, e);
	int rc;

	if (st == NULL)
		return -1;
	if (bind(db, st, e, "i", job_id) == -1) {
		db->drv->finalize(st);
		return -1;
	}
	while ((rc = db->drv->step(st, e)) == DB_ROW)
		if (fn(ctx, db->drv->col_int(st, 0), db->drv->col_text(st, 1)))
			break;
	db->drv->finalize(st);
	return rc == DB_ERROR ? -1 : 0;
}

int
db_print_custody_add(struct db *db, const struct db_print_custody *c,
    struct err *e)
{
	static const char sql[] = "INSERT INTO print_custody (job_id, event, "
	    "event_date, method, by_login, at) VALUES ($1, $2, $3, $4, $5, $6)";
	void *st = prep(db, sql, e);

	if (st == NULL)
		return -1;
	if (bind(db, st, e, "ittttt", c->job_id, c->event, c->date, c->method,
	    c->by_login, c->at) == -1) {
		db->drv->finalize(st);
		return -1;
	}
	return run_once(db, st, e) == 1 ? 0 : -1;
}

int
db_print_custody_each(struct db *db, int64_t job_id,
    int (*fn)(void *, const struct db_print_custody *), void *ctx,
    struct err *e)
{
	static const char sql[] = "SELECT job_id, event, event_date, method, "
	    "by_login, at FROM print_custody WHERE job_id = $1 ORDER BY id";
	struct db_print_custody c;
	void *st = prep(db, sql, e);
	int rc;

	if (st == NULL)
		return -1;
	if (bind(db, st, e, "i", job_id) == -1) {
		db->drv->finalize(st);
		return -1;
	}
	while ((rc = db->drv->step(st, e)) == DB_ROW) {
		memset(&c, 0, sizeof c);
		c.job_id = db->drv->col_int(st, 0);
		DB_COPY(db, st, 1, c.event);
		DB_COPY(db, st, 2, c.date);
		DB_COPY(db, st, 3, c.method);
		DB_COPY(db, st, 4, c.by_login);
		DB_COPY(db, st, 5, c.at);
		if (fn(ctx, &c) != 0)
			break;
	}
	db->drv->finalize(st);
	return rc == DB_ERROR ? -1 : 0;
}
