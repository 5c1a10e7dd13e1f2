/*
 * Child allowance ledger operations (see childbook.h).  Every operation
 * builds the complete new version — the previous one's values with the
 * change applied, amounts recomputed by child_monthly_amounts — and
 * inserts it pending; confirm.c makes it current.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "book_internal.h"
#include "childbook.h"
#include "ledger_internal.h"
#include "xmalloc.h"

_Static_assert(CHILD_MAX == DB_CHILD_MAX, "children per claim");

static int
given(const char *s)
{
	return s != NULL && *s != '\0';
}

/* Bits of the 現況届 flags, in the order of struct child_genkyo_flags. */
static int
genkyo_bits(const struct child_genkyo_flags *g)
{
	return (g->dv_separated ? 1 : 0) | (g->address_differs ? 2 : 0) |
	    (g->corporate_guardian ? 4 : 0) | (g->institution ? 8 : 0) |
	    (g->divorce_pending ? 16 : 0) | (g->no_register ? 32 : 0) |
	    (g->other ? 64 : 0);
}

static void
genkyo_from_bits(int b, struct child_genkyo_flags *g)
{
	g->dv_separated = (b & 1) != 0;
	g->address_differs = (b & 2) != 0;
	g->corporate_guardian = (b & 4) != 0;
	g->institution = (b & 8) != 0;
	g->divorce_pending = (b & 16) != 0;
	g->no_register = (b & 32) != 0;
	g->other = (b & 64) != 0;
}

/* The rules' household of a stored version: births from the master. */
static int
household(struct ledger *lg, const struct db_child_claim *c,
    struct child_household *h, struct err *e)
{
	struct db_resident *r = xmalloc(sizeof *r);
	char f[48];
	int i, rc = 0;

	memset(h, 0, sizeof *h);
	h->claimant = (enum child_claimant)c->claimant_type;
	h->n = c->nchildren;
	genkyo_from_bits(c->genkyo_flags, &h->genkyo);
	for (i = 0; i < c->nchildren && rc == 0; i++) {
		snprintf(f, sizeof f, "children[%d].atena_no", i);
		if (db_resident_get(lg->db, c->child[i].atena_no, r, e) == -1) {
			if (e != NULL && e->code == E_NOT_FOUND)
				snprintf(e->field, sizeof e->field, "%s", f);
			rc = -1;
			break;
		}
		if (ymd_from_iso(r->birth_date, &h->child[i].birth) != 0) {
			rc = err_set(e, E_DATE_INVALID, f, "birth date");
			break;
		}
		h->child[i].supported = c->child[i].supported;
		if (book_month_parse(c->child[i].paid_from, &h->child[i].paid_from) ||
		    book_month_parse(c->child[i].paid_until,
		    &h->child[i].paid_until))
			rc = err_set(e, E_DATE_INVALID, f, NULL);
	}
	xwipe(r, sizeof *r);
	free(r);
	return rc;
}

/* Compute the amounts of month into c (amount_month, total, per child). */
static int
store_amounts(struct ledger *lg, struct db_child_claim *c,
    const struct ymd *month, struct child_amounts *out, struct err *e)
{
	struct child_household h;
	struct child_amounts a;
	int i;

	if (household(lg, c, &h, e) == -1 ||
	    child_monthly_amounts(&h, month, &a, e) == -1)
		return -1;
	book_month(month, c->amount_month);
	c->monthly_total = a.total;
	for (i = 0; i < c->nchildren; i++) {
		c->child[i].amount = a.amount[i];
		c->child[i].rank = a.rank[i];
	}
	if (out != NULL)
		*out = a;
	return 0;
}

/*
 * The children as typed: each a current resident other than the claimant,
 * listed once, its typed My Number the master's.  Fills members (paid_from
 * left empty) and keeps the supported flag.
 */
static int
check_children(struct ledger *lg, const char *claimant,
    const struct childbook_child *ch, int n, struct db_child_member *m,
    struct err *e)
{
	struct db_resident *r = xmalloc(sizeof *r);
	char f[48];
	int i, j, rc = -1;

	for (i = 0; i < n; i++) {
		snprintf(f, sizeof f, "children[%d].atena_no", i);
		if (book_resident(lg, ch[i].atena_no, f, r, e) == -1)
			goto out;
		if (strcmp(ch[i].atena_no, claimant) == 0) {
			err_set(e, E_CHOICE, f, "the claimant is not a child");
			goto out;
		}
		for (j = 0; j < i; j++)
			if (strcmp(ch[j].atena_no, ch[i].atena_no) == 0) {
				err_set(e, E_EXISTS, f, "listed twice");
				goto out;
			}
		snprintf(f, sizeof f, "children[%d].my_number", i);
		if (book_mynumber_matches(ch[i].my_number, r, f, e) == -1)
			goto out;
		memset(&m[i], 0, sizeof m[i]);
		snprintf(m[i].atena_no, sizeof m[i].atena_no, "%s", ch[i].atena_no);
		m[i].supported = ch[i].supported != 0;
		m[i].mn_method = given(ch[i].my_number) ? (int)ch[i].mn_method : 0;
	}
	rc = 0;
out:
	xwipe(r, sizeof *r);
	free(r);
	return rc;
}

/* Everything an intake checks before writing; fills c (no key, no stamp). */
static int
intake_build(struct session *s, const struct childbook_intake *in,
    struct db_child_claim *c, struct child_amounts *amounts, struct err *e)
{
	struct ledger *lg = s->lg;
	struct child_claim cc;
	struct child_household h;
	struct db_resident *r;
	struct ymd claim, event, start;
	int i, rc = -1;

	memset(c, 0, sizeof *c);
	memset(&cc, 0, sizeof cc);
	if (in->n < 0 || in->n > CHILD_MAX)
		return err_set(e, E_TOO_LONG, "children", NULL);
	if (book_date(in->claim_date, 1, 0, "claim_date", c->claim_date, &claim,
	    e) == -1 || book_date(in->event_date, 0, 0, "event_date",
	    c->event_date, &event, e) == -1)
		return -1;
	cc.claimant = in->claimant;
	cc.claim_date = claim;
	cc.event_date = event;
	cc.channel = in->channel;
	cc.applicant = in->applicant;
	cc.id_doc = in->id_doc;
	cc.poa_seen = in->poa_seen;
	cc.id_copy_attached = in->id_copy_attached;
	cc.signature_verified = in->signature_verified;
	cc.claimant_mynumber = in->claimant_mynumber;
	cc.claimant_mn_method = in->claimant_mn_method;
	cc.n = in->n;
	for (i = 0; i < in->n; i++) {
		cc.child[i].mynumber = in->child[i].my_number;
		cc.child[i].mn_method = in->child[i].mn_method;
	}
	cc.confirm_alerts = in->confirm_alerts;
	if (child_check_claim(&cc, e) == -1)
		return -1;
	r = xmalloc(sizeof *r);
	if (book_resident(lg, in->claimant_atena, "claimant_atena", r, e) == -1 ||
	    book_mynumber_matches(in->claimant_mynumber, r, "claimant_my_number",
	    e) == -1)
		goto out;
	if (given(in->spouse_atena)) {
		if (db_resident_get(lg->db, in->spouse_atena, r, e) == -1) {
			if (e != NULL)
				snprintf(e->field, sizeof e->field, "spouse_atena");
			goto out;
		}
		if (strcmp(in->spouse_atena, in->claimant_atena) == 0) {
			err_set(e, E_CHOICE, "spouse_atena", NULL);
			goto out;
		}
	}
	if (check_children(lg, in->claimant_atena, in->child, in->n, c->child,
	    e) == -1)
		goto out;
	if (child_start_month(event.y ? &event : NULL, &claim, &start, e) == -1)
		goto out;
	snprintf(c->claimant_atena, sizeof c->claimant_atena, "%s",
	    in->claimant_atena);
	snprintf(c->spouse_atena, sizeof c->spouse_atena, "%s",
	    given(in->spouse_atena) ? in->spouse_atena : "");
	c->claimant_type = in->claimant;
	c->channel = in->channel;
	c->applicant_type = in->applicant;
	c->id_doc = in->id_doc;
	c->poa_seen = in->poa_seen != 0;
	c->id_copy_attached = in->id_copy_attached != 0;
	c->signature_verified = in->signature_verified != 0;
	c->claimant_mn_method = in->claimant_mn_method;
	book_month(&start, c->start_month);
	c->nchildren = in->n;
	for (i = 0; i < in->n; i++)
		memcpy(c->child[i].paid_from, c->start_month, MONTH_MAX);
	c->genkyo_flags = genkyo_bits(&in->genkyo);
	memset(&h, 0, sizeof h);
	h.claimant = in->claimant;
	h.genkyo = in->genkyo;
	c->genkyo_required = child_genkyo_required(&h);
	if (store_amounts(lg, c, &start, amounts, e) == -1)
		goto out;
	rc = 0;
out:
	xwipe(r, sizeof *r);
	free(r);
	return rc;
}

int
childbook_preview(struct session *s, const struct childbook_intake *in,
    char start[MONTH_MAX], struct child_amounts *out, struct err *e)
{
	struct db_child_claim *c;
	int rc;

	if (book_may_enter(s, LEDGER_CHILD, "child-preview", e) == -1)
		return -1;
	c = xmalloc(sizeof *c);
	rc = intake_build(s, in, c, out, e);
	if (rc == 0)
		memcpy(start, c->start_month, MONTH_MAX);
	free(c);
	return rc;
}

/* Nonzero when a confirmed version's claim is undecided or in force. */
static int
in_force(const struct db_child_claim *c)
{
	return strcmp(c->decision, "certify") == 0 ||
	    strcmp(c->decision, "revise") == 0 ||
	    strcmp(c->decision, "suspend") == 0;
}

struct other_claims {
	const char *skip;
	int pending, active;
};

static int
other_claim(void *ctx, const struct db_child_claim *c)
{
	struct other_claims *o = ctx;

	if (o->skip != NULL && strcmp(c->claim_no, o->skip) == 0)
		return 0;
	if (strcmp(c->state, "pending") == 0)
		o->pending = 1;
	else if (c->current && (c->decision[0] == '\0' || in_force(c)))
		o->active = 1;
	return 0;
}

/* Insert c as the next pending version with its audit row, and commit. */
static int
save_version(struct session *s, struct db_child_claim *c, const char *op,
    int last_rireki, const char *reason, const char *ref_no,
    const char *justification, struct err *e)
{
	struct ledger *lg = s->lg;
	char detail[48];
	int64_t seq;

	if ((seq = db_child_next_seq(lg->db, e)) < 0)
		return -1;
	c->rireki_no = last_rireki + 1;
	snprintf(c->state, sizeof c->state, "pending");
	c->current = 0;
	snprintf(c->op, sizeof c->op, "%s", op);
	book_stamp(s, &c->st, reason, ref_no, justification, seq);
	snprintf(detail, sizeof detail, "child %s pending", op);
	if (db_child_insert(lg->db, c, e) == -1 ||
	    book_audit(s, "update", c->claim_no, c->rireki_no, detail, reason,
	    e) == -1)
		return -1;
	return ledger_commit(lg, e);
}

int
childbook_intake(struct session *s, const struct childbook_intake *in,
    char claim_no[16], int *rireki_out, struct err *e)
{
	struct ledger *lg = s->lg;
	struct db_child_claim *c = xmalloc(sizeof *c), *old = NULL;
	struct other_claims o = { NULL, 0, 0 };
	int last = 0, rc = -1;
	struct err tmp;

	if (book_enter(s, LEDGER_CHILD, "child-intake", in->reason_code,
	    in->ref_no, in->justification, e) == -1 ||
	    book_begin(s, LEDGER_CHILD, e) == -1)
		goto out;
	if (given(in->claim_no)) {
		old = xmalloc(sizeof *old);
		if (db_child_latest(lg->db, in->claim_no, old, e) == -1)
			goto fail;
		if (strcmp(old->state, "rejected") != 0 ||
		    db_child_get(lg->db, in->claim_no, c, &tmp) == 0) {
			err_set(e, E_DENIED, "claim_no",
			    "only a rejected intake is resubmitted");
			goto fail;
		}
		last = old->rireki_no;
		o.skip = in->claim_no;
	}
	if (intake_build(s, in, c, NULL, e) == -1)
		goto fail;
	if (old != NULL && strcmp(old->claimant_atena, c->claimant_atena) != 0) {
		err_set(e, E_DENIED, "claimant_atena", "another claimant");
		goto fail;
	}
	if (db_child_by_claimant(lg->db, c->claimant_atena, other_claim, &o,
	    e) == -1)
		goto fail;
	if (o.pending) {
		err_set(e, E_PENDING_EXISTS, "claimant_atena", NULL);
		goto fail;
	}
	if (o.active) {
		err_set(e, E_EXISTS, "claimant_atena", "a claim is in force");
		goto fail;
	}
	if (old != NULL)
		memcpy(c->claim_no, old->claim_no, sizeof c->claim_no);
	else if (db_child_next_no(lg->db, c->claim_no, e) == -1)
		goto fail;
	if (save_version(s, c, "intake", last, in->reason_code, in->ref_no,
	    in->justification, e) == -1)
		goto fail;
	snprintf(claim_no, 16, "%s", c->claim_no);
	if (rireki_out != NULL)
		*rireki_out = c->rireki_no;
	rc = 0;
	goto out;
fail:
	ledger_rollback(lg);
out:
	free(old);
	free(c);
	return rc;
}

/* Apply decision d to the new version c (a copy of the current one). */
static int
apply_decision(struct session *s, const struct childbook_decision *d,
    struct db_child_claim *c, struct err *e)
{
	struct ymd dec, event, month, end;
	struct db_child_member m[CHILD_MAX];
	int i, j;

	if (book_date(d->decision_date, 1, 0, "decision_date", c->decision_date,
	    &dec, e) == -1)
		return -1;
	if (strcmp(c->decision_date, c->claim_date) < 0)
		return err_set(e, E_DATE_RANGE, "decision_date",
		    "before the claim");
	switch (d->kind) {
	case CHILD_DEC_CERTIFY:
	case CHILD_DEC_REFUSE:
		if (c->decision[0] != '\0')
			return err_set(e, E_DENIED, "kind", "already decided");
		if (d->kind == CHILD_DEC_REFUSE) {
			c->monthly_total = 0;
			for (i = 0; i < c->nchildren; i++)
				c->child[i].amount = c->child[i].rank = 0;
			break;
		}
		if (book_month_parse(c->start_month, &month) == -1)
			return err_set(e, E_DATE_INVALID, "start_month", NULL);
		if (store_amounts(s->lg, c, &month, NULL, e) == -1)
			return -1;
		break;
	case CHILD_DEC_REVISE:
		if (!in_force(c) || d->n < 1 || d->n > CHILD_MAX)
			return err_set(e, in_force(c) ? E_REQUIRED : E_DENIED,
			    in_force(c) ? "children" : "kind", NULL);
		if (book_date(d->event_date, 1, 0, "event_date", c->event_date,
		    &event, e) == -1 ||
		    child_start_month(&event, &dec, &month, e) == -1 ||
		    check_children(s->lg, c->claimant_atena, d->child, d->n, m,
		    e) == -1)
			return -1;
		/* Children kept keep their months; new ones start now. */
		for (i = 0; i < d->n; i++) {
			book_month(&month, m[i].paid_from);
			for (j = 0; j < c->nchildren; j++)
				if (strcmp(c->child[j].atena_no, m[i].atena_no) == 0) {
					memcpy(m[i].paid_from, c->child[j].paid_from,
					    MONTH_MAX);
					memcpy(m[i].paid_until,
					    c->child[j].paid_until, MONTH_MAX);
				}
		}
		memcpy(c->child, m, sizeof m[0] * (size_t)d->n);
		c->nchildren = d->n;
		if (store_amounts(s->lg, c, &month, NULL, e) == -1)
			return -1;
		break;
	case CHILD_DEC_TERMINATE:
		if (!in_force(c))
			return err_set(e, E_DENIED, "kind", "not in force");
		if (book_date(d->event_date, 1, 0, "event_date", c->event_date,
		    &event, e) == -1)
			return -1;
		child_end_month(&event, &end);
		book_month(&end, c->end_month);
		for (i = 0; i < c->nchildren; i++)
			if (c->child[i].paid_until[0] == '\0')
				memcpy(c->child[i].paid_until, c->end_month,
				    MONTH_MAX);
		break;
	case CHILD_DEC_SUSPEND:
		if (!in_force(c))
			return err_set(e, E_DENIED, "kind", "not in force");
		if ((d->suspend != 0) == c->suspended)
			return err_set(e, E_CHOICE, "suspend", "no change");
		c->suspended = d->suspend != 0;
		break;
	default:
		return err_set(e, E_CHOICE, "kind", NULL);
	}
	snprintf(c->decision, sizeof c->decision, "%s",
	    child_decision_name(d->kind));
	return 0;
}

int
childbook_decide(struct session *s, const struct childbook_decision *d,
    int *rireki_out, struct err *e)
{
	struct ledger *lg = s->lg;
	struct db_child_claim *c = xmalloc(sizeof *c);
	int last, rc = -1;
	const char *op;

	if (book_enter(s, LEDGER_CHILD, "child-decide", d->reason_code,
	    d->ref_no, d->justification, e) == -1)
		goto out;
	if (!given(d->claim_no)) {
		err_set(e, E_REQUIRED, "claim_no", NULL);
		goto out;
	}
	if (book_begin(s, LEDGER_CHILD, e) == -1)
		goto out;
	if (db_child_latest(lg->db, d->claim_no, c, e) == -1)
		goto fail;
	if (strcmp(c->state, "pending") == 0) {
		err_set(e, E_PENDING_EXISTS, "claim_no", NULL);
		goto fail;
	}
	last = c->rireki_no;
	if (db_child_get(lg->db, d->claim_no, c, e) == -1 ||
	    apply_decision(s, d, c, e) == -1)
		goto fail;
	op = d->kind == CHILD_DEC_SUSPEND && !d->suspend ? "resume" :
	    child_decision_name(d->kind);
	memset(&c->st, 0, sizeof c->st);
	if (save_version(s, c, op, last, d->reason_code, d->ref_no,
	    d->justification, e) == -1)
		goto fail;
	if (rireki_out != NULL)
		*rireki_out = c->rireki_no;
	rc = 0;
	goto out;
fail:
	ledger_rollback(lg);
out:
	free(c);
	return rc;
}

int
childbook_amounts(struct session *s, const struct db_child_claim *c,
    const struct ymd *month, struct child_amounts *out, struct err *e)
{
	struct child_household h;

	if (book_may_enter(s, LEDGER_CHILD, "child-amounts", e) == -1 ||
	    household(s->lg, c, &h, e) == -1)
		return -1;
	return child_monthly_amounts(&h, month, out, e);
}

struct counted {
	int (*fn)(void *, const struct db_child_claim *);
	void *ctx;
	int n;
};

static int
count_claim(void *ctx, const struct db_child_claim *c)
{
	struct counted *k = ctx;

	k->n++;
	return k->fn(k->ctx, c);
}

int
childbook_list(struct session *s, const char *atena_no,
    int (*fn)(void *, const struct db_child_claim *), void *ctx,
    struct err *e)
{
	struct counted k = { fn, ctx, 0 };

	if (book_may_enter(s, LEDGER_CHILD, "child-list", e) == -1)
		return -1;
	if (db_child_by_claimant(s->lg->db, atena_no, count_claim, &k, e) == -1)
		return -1;
	return book_audit_count(s, "view", atena_no, "child claims", k.n, e);
}

int
childbook_get(struct session *s, const char *claim_no, int rireki_no,
    struct db_child_claim *out, struct err *e)
{
	if (book_may_enter(s, LEDGER_CHILD, "child-view", e) == -1)
		return -1;
	if ((rireki_no > 0 ? db_child_version(s->lg->db, claim_no, rireki_no,
	    out, e) : db_child_latest(s->lg->db, claim_no, out, e)) == -1)
		return -1;
	return book_audit(s, "view", claim_no, out->rireki_no, "child claim",
	    NULL, e);
}

int
childbook_each_confirmed(struct session *s, const char *decision,
    int (*fn)(void *, const struct db_child_claim *), void *ctx,
    struct err *e)
{
	struct counted k = { fn, ctx, 0 };

	if (book_may_notice(s, LEDGER_CHILD, "child-notices", e) == -1)
		return -1;
	if (db_child_each_confirmed(s->lg->db, decision, count_claim, &k, e) == -1)
		return -1;
	return book_audit_count(s, "notice-query", "child",
	    "child notice query", k.n, e);
}
