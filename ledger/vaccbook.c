/*
 * Vaccination ledger operations (see vaccbook.h).  The person's history
 * for the rules is their confirmed current dose records, the record being
 * corrected left out.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "book_internal.h"
#include "codes.h"
#include "ledger_internal.h"
#include "vaccbook.h"
#include "xmalloc.h"

#define HIST_MAX 256

static int
given(const char *s)
{
	return s != NULL && *s != '\0';
}

struct hist {
	struct vaccine_dose d[HIST_MAX];
	int n;
	const char *skip;		/* the record being corrected */
	const char *code;		/* pending check: vaccine and dose */
	int dose_no;
	int pending;
};

int
vaccbook_dose(const struct db_dose *r, struct vaccine_dose *d)
{
	memset(d, 0, sizeof *d);
	snprintf(d->code, sizeof d->code, "%s", r->vaccine_code);
	d->dose_no = r->dose_no;
	if (ymd_from_iso(r->date, &d->date) != 0)
		return -1;
	snprintf(d->lot, sizeof d->lot, "%s", r->lot);
	if (r->lot_expiry[0] != '\0')
		ymd_from_iso(r->lot_expiry, &d->lot_expiry);
	d->other_municipality = r->other_municipality;
	return 0;
}

static int
add_hist(void *ctx, const struct db_dose *r)
{
	struct hist *h = ctx;

	if (h->skip != NULL && strcmp(r->record_no, h->skip) == 0)
		return 0;
	if (h->n < HIST_MAX && vaccbook_dose(r, &h->d[h->n]) == 0)
		h->n++;
	return 0;
}

static int
find_pending(void *ctx, const struct db_dose *r)
{
	struct hist *h = ctx;

	if (strcmp(r->state, "pending") == 0 &&
	    strcmp(r->vaccine_code, h->code) == 0 && r->dose_no == h->dose_no &&
	    (h->skip == NULL || strcmp(r->record_no, h->skip) != 0))
		h->pending = 1;
	return 0;
}

static int
text(char *dst, size_t size, const char *v, const char *field, struct err *e)
{
	if (v == NULL)
		v = "";
	if (strlen(v) >= size)
		return err_set(e, E_TOO_LONG, field, NULL);
	memcpy(dst, v, strlen(v) + 1);
	return 0;
}

/* Copy and check the typed fields into r (codes, dates, amounts). */
static int
fill(struct ledger *lg, const struct vaccbook_entry *v, struct db_dose *r,
    struct vaccine_dose *d, struct err *e)
{
	if (codes_check(lg, CODES_VACCINE, v->vaccine_code, e) == -1) {
		if (e != NULL)
			snprintf(e->field, sizeof e->field, "vaccine_code");
		return -1;
	}
	if ((given(v->institution) || !v->other_municipality) &&
	    codes_check(lg, CODES_INSTITUTION, v->institution, e) == -1)
		return -1;
	if (v->amount < 0 || v->subsidy_amount < 0)
		return err_set(e, E_AMOUNT, v->amount < 0 ? "amount" :
		    "subsidy_amount", NULL);
	if (text(r->vaccine_code, sizeof r->vaccine_code, v->vaccine_code,
	    "vaccine_code", e) || text(r->maker, sizeof r->maker, v->maker,
	    "maker", e) || text(r->lot, sizeof r->lot, v->lot, "lot_no", e) ||
	    text(r->institution, sizeof r->institution, v->institution,
	    "institution", e) || text(r->doctor, sizeof r->doctor, v->doctor,
	    "doctor", e) || text(r->site, sizeof r->site, v->site, "site", e) ||
	    text(r->volume, sizeof r->volume, v->volume, "volume", e) ||
	    text(r->subsidy_kind, sizeof r->subsidy_kind, v->subsidy_kind,
	    "subsidy_kind", e) || text(r->notes, sizeof r->notes, v->notes,
	    "notes", e))
		return -1;
	if (book_date(v->date, 1, 0, "date", r->date, &d->date, e) == -1 ||
	    book_date(v->lot_expiry, 0, 1, "lot_expiry", r->lot_expiry,
	    &d->lot_expiry, e) == -1 ||
	    book_date(v->subsidy_date, 0, 0, "subsidy_date", r->subsidy_date,
	    NULL, e) == -1)
		return -1;
	snprintf(r->atena_no, sizeof r->atena_no, "%s", v->atena_no);
	r->dose_no = v->dose_no;
	r->amount = v->amount;
	r->subsidy_amount = v->subsidy_amount;
	r->other_municipality = v->other_municipality != 0;
	r->certificate = v->certificate != 0;
	memcpy(d->code, r->vaccine_code, sizeof d->code);
	d->dose_no = v->dose_no;
	memcpy(d->lot, r->lot, sizeof d->lot);
	d->other_municipality = r->other_municipality;
	return 0;
}

int
vaccbook_record(struct session *s, const struct vaccbook_entry *v,
    char record_no[16], int *rireki_out, struct err *e)
{
	struct ledger *lg = s->lg;
	struct db_dose *r = xcalloc(1, sizeof *r), *old = NULL;
	struct db_resident *p = xmalloc(sizeof *p);
	struct hist *h = xcalloc(1, sizeof *h);
	struct vaccine_person person;
	struct vaccine_dose d;
	struct ymd today;
	char detail[48];
	int last = 0, rc = -1, chk;
	int64_t seq;

	memset(&d, 0, sizeof d);
	if (book_enter(s, LEDGER_VACCINE, "vaccine-record", v->reason_code,
	    v->ref_no, v->justification, e) == -1 || fill(lg, v, r, &d, e) == -1 ||
	    book_begin(s, LEDGER_VACCINE, e) == -1)
		goto out;
	if (book_resident(lg, v->atena_no, "atena_no", p, e) == -1)
		goto fail;
	if (ymd_from_iso(p->birth_date, &person.birth) != 0) {
		err_set(e, E_DATE_INVALID, "birth_date", NULL);
		goto fail;
	}
	person.sex = p->sex;
	if (given(v->record_no)) {
		old = xmalloc(sizeof *old);
		if (db_dose_latest(lg->db, v->record_no, old, e) == -1)
			goto fail;
		if (strcmp(old->state, "pending") == 0) {
			err_set(e, E_PENDING_EXISTS, "record_no", NULL);
			goto fail;
		}
		if (strcmp(old->atena_no, v->atena_no) != 0) {
			err_set(e, E_DENIED, "atena_no", "another person's record");
			goto fail;
		}
		last = old->rireki_no;
		h->skip = v->record_no;
	}
	h->code = r->vaccine_code;
	h->dose_no = r->dose_no;
	if (db_dose_by_person(lg->db, v->atena_no, 0, find_pending, h, e) == -1)
		goto fail;
	if (h->pending) {
		err_set(e, E_PENDING_EXISTS, "dose_no", NULL);
		goto fail;
	}
	if (db_dose_by_person(lg->db, v->atena_no, 1, add_hist, h, e) == -1)
		goto fail;
	ymd_today(&today);
	chk = vaccine_check_dose(vaccine_default_table(), &person, h->d, h->n,
	    &d, &today, e);
	if (chk == -1 || (chk == 1 && !v->confirm_alerts))
		goto fail;
	r->voluntary = chk == 1;
	if (old != NULL)
		memcpy(r->record_no, old->record_no, sizeof r->record_no);
	else if (db_dose_next_no(lg->db, r->record_no, e) == -1)
		goto fail;
	if ((seq = db_dose_next_seq(lg->db, e)) < 0)
		goto fail;
	r->rireki_no = last + 1;
	snprintf(r->state, sizeof r->state, "pending");
	snprintf(r->op, sizeof r->op, "%s", old ? "correct" : "record");
	book_stamp(s, &r->st, v->reason_code, v->ref_no, v->justification, seq);
	snprintf(detail, sizeof detail, "vaccine %s pending%s", r->op,
	    r->voluntary ? " voluntary" : "");
	if (db_dose_insert(lg->db, r, e) == -1 ||
	    book_audit(s, "update", r->record_no, r->rireki_no, detail,
	    v->reason_code, e) == -1 || ledger_commit(lg, e) == -1)
		goto fail;
	snprintf(record_no, 16, "%s", r->record_no);
	if (rireki_out != NULL)
		*rireki_out = r->rireki_no;
	if (e != NULL)
		err_clear(e);
	rc = 0;
	goto out;
fail:
	ledger_rollback(lg);
out:
	xwipe(p, sizeof *p);
	free(p);
	free(old);
	free(r);
	free(h);
	return rc;
}

struct counted {
	int (*fn)(void *, const struct db_dose *);
	void *ctx;
	int n;
};

static int
count_dose(void *ctx, const struct db_dose *d)
{
	struct counted *k = ctx;

	k->n++;
	return k->fn(k->ctx, d);
}

int
vaccbook_list(struct session *s, const char *atena_no,
    int (*fn)(void *, const struct db_dose *), void *ctx, struct err *e)
{
	struct counted k = { fn, ctx, 0 };

	if (book_may_enter(s, LEDGER_VACCINE, "vaccine-list", e) == -1 ||
	    db_dose_by_person(s->lg->db, atena_no, 0, count_dose, &k, e) == -1)
		return -1;
	return book_audit_count(s, "view", atena_no, "vaccine doses", k.n, e);
}

int
vaccbook_each_confirmed(struct session *s, const char *from, const char *to,
    int (*fn)(void *, const struct db_dose *), void *ctx, struct err *e)
{
	struct counted k = { fn, ctx, 0 };

	if (book_may_notice(s, LEDGER_VACCINE, "vaccine-notices", e) == -1)
		return -1;
	if (db_dose_each_confirmed(s->lg->db, from, to, count_dose, &k, e) == -1)
		return -1;
	return book_audit_count(s, "notice-query", "vaccine",
	    "vaccine notice query", k.n, e);
}

/* ---- due lists ---------------------------------------------------------- */

#define DUE_BATCH 500

struct due_scan {
	struct db_person *p;
	int n;
};

static int
add_person(void *ctx, const struct db_person *p)
{
	struct due_scan *sc = ctx;

	sc->p[sc->n++] = *p;
	return 0;
}

int
vaccbook_due(struct session *s, const char *vaccine_code, int from_months,
    int to_months, const char *ref, int offset, int limit,
    struct vaccbook_due *out, int *n_out, int *total, struct err *e)
{
	struct ledger *lg = s->lg;
	const struct vaccine_type *vt;
	struct vaccine_due due[32];
	struct ymd r, lo, hi;
	struct due_scan sc = { NULL, 0 };
	struct hist *h = NULL;
	struct vaccine_person vp;
	char iso_ref[DATE_MAX], from[DATE_MAX], to[DATE_MAX], after[16] = "";
	char detail[96];
	int cap, i, k, count, rc = -1;

	*n_out = *total = 0;
	if (book_may_enter(s, LEDGER_VACCINE, "vaccine-due", e) == -1)
		return -1;
	if ((vt = vaccine_find(vaccine_default_table(), vaccine_code)) == NULL ||
	    codes_check(lg, CODES_VACCINE, vaccine_code, e) == -1)
		return err_set(e, E_CODE_UNKNOWN, "vaccine_code", NULL);
	if (from_months < 0 || to_months < from_months || to_months > 1500)
		return err_set(e, E_CHOICE, "age", NULL);
	if (book_date(ref, 1, 1, "ref", iso_ref, &r, e) == -1)
		return -1;
	cap = (int)ledger_setting_long(lg, "search_cap", 50, 1, 1000);
	if (limit > cap || limit < 0)
		limit = cap;
	if (offset < 0)
		offset = 0;
	/* Born from (ref − to − 1 months, +1 day) to (ref − from months). */
	ymd_add_months(&r, -(to_months + 1), &lo);
	ymd_from_days(ymd_to_days(&lo) + 1, &lo);
	ymd_add_months(&r, -from_months, &hi);
	ymd_to_iso(&lo, from);
	ymd_to_iso(&hi, to);
	sc.p = xcalloc(DUE_BATCH, sizeof *sc.p);
	h = xmalloc(sizeof *h);
	for (;;) {
		sc.n = 0;
		if (db_person_by_birth(lg->db, from, to, after, DUE_BATCH,
		    add_person, &sc, e) == -1)
			goto out;
		for (i = 0; i < sc.n; i++) {
			memset(h, 0, sizeof *h);
			if (db_dose_by_person(lg->db, sc.p[i].atena_no, 1,
			    add_hist, h, e) == -1)
				goto out;
			if (ymd_from_iso(sc.p[i].birth_date, &vp.birth) != 0)
				continue;
			vp.sex = sc.p[i].sex;
			if (vaccine_due_list(vaccine_default_table(), &vp, h->d,
			    h->n, &r, NULL, due, 32, &count, e) == -1)
				goto out;
			for (k = 0; k < count && k < 32; k++) {
				if (due[k].type != vt)
					continue;
				if (*total >= offset && *n_out < limit) {
					snprintf(out[*n_out].atena_no,
					    sizeof out[*n_out].atena_no, "%s",
					    sc.p[i].atena_no);
					out[*n_out].due = due[k];
					(*n_out)++;
				}
				(*total)++;
			}
		}
		if (sc.n < DUE_BATCH)
			break;
		snprintf(after, sizeof after, "%s", sc.p[sc.n - 1].atena_no);
	}
	snprintf(detail, sizeof detail, "due list vaccine=%s age=%d-%d total=%d "
	    "shown=%d", vaccine_code, from_months, to_months, *total, *n_out);
	rc = book_audit(s, "due-list", vaccine_code, 0, detail, NULL, e);
out:
	free(sc.p);
	free(h);
	return rc;
}
