/*
 * Elderly pass ledger operations (see passbook.h).  The fee comes from the
 * fee table in the database (codes_fees) through elderly_decide, and the
 * whole decision — inputs, table amount, cap, reduction, result — is
 * stored with the version, so that elderly_recheck can repeat it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "book_internal.h"
#include "codes.h"
#include "ledger_internal.h"
#include "passbook.h"
#include "xmalloc.h"

static const char *const op_names[PASS_OP_N] = {
	"decide", "pay", "issue", "refund", "reduce", "return", "reissue",
	"refuse"
};

const char *
passbook_op_name(enum passbook_op op)
{
	return (op >= 0 && op < PASS_OP_N) ? op_names[op] : "?";
}

static int
given(const char *s)
{
	return s != NULL && *s != '\0';
}

static int
status_is(const struct db_pass *p, const char *a, const char *b)
{
	return strcmp(p->status, a) == 0 || (b != NULL && strcmp(p->status, b) == 0);
}

/* Insert p as the next pending version with its audit row, and commit. */
static int
save_version(struct session *s, struct db_pass *p, const char *op,
    int last_rireki, const char *reason, const char *ref_no,
    const char *justification, struct err *e)
{
	char entry[32], detail[48];
	int64_t seq;

	if ((seq = db_pass_next_seq(s->lg->db, e)) < 0)
		return -1;
	p->rireki_no = last_rireki + 1;
	snprintf(p->state, sizeof p->state, "pending");
	p->current = 0;
	snprintf(p->op, sizeof p->op, "%s", op);
	book_stamp(s, &p->st, reason, ref_no, justification, seq);
	snprintf(entry, sizeof entry, "%d-%s", p->year, p->pass_no);
	snprintf(detail, sizeof detail, "elderly %s pending", op);
	if (db_pass_insert(s->lg->db, p, e) == -1 ||
	    book_audit(s, "update", entry, p->rireki_no, detail, reason, e) == -1)
		return -1;
	return ledger_commit(s->lg, e);
}

static int
check_r30(const struct passbook_application *a, struct err *e)
{
	if (a->channel < PASS_CHANNEL_COUNTER || a->channel > PASS_CHANNEL_ELECTRONIC)
		return err_set(e, E_REQUIRED, "channel", NULL);
	if (a->applicant != PASS_APPLICANT_SELF && a->applicant != PASS_APPLICANT_AGENT)
		return err_set(e, E_REQUIRED, "applicant_type", NULL);
	if (a->id_doc <= 0)
		return err_set(e, E_REQUIRED, "id_document", NULL);
	if (a->applicant == PASS_APPLICANT_AGENT && !a->poa_seen)
		return err_set(e, E_REQUIRED, "poa_seen",
		    "an agent's application needs the power of attorney (委任状)");
	if (a->channel == PASS_CHANNEL_MAIL && !a->id_copy_attached)
		return err_set(e, E_REQUIRED, "id_copy_attached",
		    "a mailed application needs a copy of the ID document");
	return 0;
}

int
passbook_apply(struct session *s, const struct passbook_application *a,
    char pass_no[16], int *rireki_out, struct err *e)
{
	struct ledger *lg = s->lg;
	struct db_pass *p = xcalloc(1, sizeof *p);
	struct db_resident *r = xmalloc(sizeof *r);
	struct elderly_applicant ap;
	int active, rc = -1;

	memset(&ap, 0, sizeof ap);
	if (book_enter(s, LEDGER_ELDERLY, "elderly-apply", a->reason_code,
	    a->ref_no, a->justification, e) == -1 || check_r30(a, e) == -1)
		goto out;
	if (a->year < 2000 || a->year > 9999) {
		err_set(e, E_DATE_RANGE, "year", NULL);
		goto out;
	}
	if (a->income < 0) {
		err_set(e, E_AMOUNT, "income", NULL);
		goto out;
	}
	if (given(a->disability_no) &&
	    strlen(a->disability_no) >= sizeof p->disability_no) {
		err_set(e, E_TOO_LONG, "disability_no", NULL);
		goto out;
	}
	if (book_date(a->apply_date, 1, 0, "apply_date", p->apply_date, NULL,
	    e) == -1 || book_date(given(a->reference_date) ? a->reference_date :
	    a->apply_date, 1, 1, "reference_date", p->reference_date,
	    &ap.reference, e) == -1)
		goto out;
	if (given(a->wish_post_office) &&
	    codes_check(lg, CODES_POST_OFFICE, a->wish_post_office, e) == -1) {
		if (e != NULL)
			snprintf(e->field, sizeof e->field, "wish_post_office");
		goto out;
	}
	if (book_begin(s, LEDGER_ELDERLY, e) == -1)
		goto out;
	/* A removed person fails R-33 as "not a current resident". */
	if (db_resident_get(lg->db, a->atena_no ? a->atena_no : "", r, e) == -1) {
		if (e != NULL)
			snprintf(e->field, sizeof e->field, "atena_no");
		goto fail;
	}
	ap.current_resident = r->resident_flag && !r->deleted;
	if (ymd_from_iso(r->birth_date, &ap.birth) != 0) {
		err_set(e, E_DATE_INVALID, "birth_date", NULL);
		goto fail;
	}
	ap.income = a->income;
	ap.welfare_pass = a->welfare_pass != 0;
	p->pass_type = a->pass_type ? a->pass_type : PASSBOOK_TYPE_KEIRO;
	if ((active = db_pass_active_count(lg->db, a->atena_no, a->year,
	    p->pass_type, NULL, e)) < 0)
		goto fail;
	ap.active_same_year = active > 0;
	if (elderly_check_eligibility(elderly_default_rules(), &ap, e) == -1)
		goto fail;
	p->year = a->year;
	snprintf(p->status, sizeof p->status, "applied");
	snprintf(p->atena_no, sizeof p->atena_no, "%s", a->atena_no);
	p->channel = a->channel;
	p->applicant_type = a->applicant;
	p->id_doc = a->id_doc;
	p->poa_seen = a->poa_seen != 0;
	p->id_copy_attached = a->id_copy_attached != 0;
	snprintf(p->wish_post_office, sizeof p->wish_post_office, "%s",
	    given(a->wish_post_office) ? a->wish_post_office : "");
	p->consent = a->consent != 0;
	p->income = a->income;
	p->public_assistance = a->public_assistance != 0;
	p->welfare_pass = a->welfare_pass != 0;
	snprintf(p->disability_no, sizeof p->disability_no, "%s",
	    given(a->disability_no) ? a->disability_no : "");
	if (db_pass_next_no(lg->db, a->year, p->pass_no, e) == -1 ||
	    save_version(s, p, "apply", 0, a->reason_code, a->ref_no,
	    a->justification, e) == -1)
		goto fail;
	snprintf(pass_no, 16, "%s", p->pass_no);
	if (rireki_out != NULL)
		*rireki_out = 1;
	rc = 0;
	goto out;
fail:
	ledger_rollback(lg);
out:
	xwipe(r, sizeof *r);
	free(r);
	free(p);
	return rc;
}

/* Decide the fee of p anew from its tier, period and reduction. */
static int
redecide(struct ledger *lg, struct db_pass *p, const char *judged_on,
    struct err *e)
{
	struct elderly_fee_table *t;
	struct elderly_fee_decision d;
	struct ymd j;
	int rc;

	if (book_date(judged_on, 1, 0, "judged_on", p->judged_on, &j, e) == -1)
		return -1;
	memset(&d, 0, sizeof d);
	d.year = p->year;
	d.tier = p->tier;
	d.period = (enum elderly_period)p->period;
	snprintf(d.reduction, sizeof d.reduction, "%s", p->reduction);
	d.judged_on = j;
	if ((t = codes_fees(lg, e)) == NULL)
		return -1;
	rc = elderly_decide(t, elderly_default_reductions(), &d, e);
	codes_fees_free(&t);
	if (rc == -1)
		return -1;
	p->table_amount = d.table_amount;
	p->cap = d.cap;
	p->capped = d.capped;
	p->reduced_by = d.reduced_by;
	p->fee_amount = d.amount;
	return 0;
}

/* After a redetermination of a paid fee: the refund or what is owed. */
static int
settle(struct db_pass *p, const struct passbook_change *c, struct err *e)
{
	long refund, due;

	if (!status_is(p, "paid", "issued"))
		return 0;
	if (elderly_refund((long)p->paid_amount, (long)p->fee_amount, &refund,
	    &due, e) == -1)
		return -1;
	p->refund_amount = refund;
	p->extra_due = due;
	if (refund > 0) {
		if (book_date(c->date, 1, 0, "date", p->refund_date, NULL, e) == -1)
			return -1;
		snprintf(p->refund_reason, sizeof p->refund_reason, "%s",
		    given(c->refund_reason) ? c->refund_reason : c->reason_code);
	}
	return 0;
}

static int
apply_change(struct session *s, const struct passbook_change *c,
    struct db_pass *p, struct err *e)
{
	struct ledger *lg = s->lg;
	char date[DATE_MAX];

	switch (c->op) {
	case PASS_DECIDE:
		if (!status_is(p, "applied", "decided"))
			return err_set(e, E_DENIED, "op", "status %s", p->status);
		if (c->tier <= 0)
			return err_set(e, E_REQUIRED, "tier", NULL);
		p->tier = c->tier;
		p->period = c->period ? (int)c->period : ELDERLY_PERIOD_ONE;
		snprintf(p->reduction, sizeof p->reduction, "%s",
		    given(c->reduction) ? c->reduction : "");
		if (redecide(lg, p, c->judged_on, e) == -1 ||
		    book_date(c->due_date, 0, 1, "due_date", p->due_date, NULL,
		    e) == -1)
			return -1;
		snprintf(p->status, sizeof p->status, "decided");
		return 0;
	case PASS_PAY:
		if (!status_is(p, "decided", NULL))
			return err_set(e, E_DENIED, "op", "status %s", p->status);
		if (c->amount < 0)
			return err_set(e, E_AMOUNT, "amount", NULL);
		if (c->amount != p->fee_amount)
			return err_set(e, E_AMOUNT, "amount", "not the amount due");
		if (!given(c->method) || (strcmp(c->method, "cash") != 0 &&
		    strcmp(c->method, "bank") != 0 &&
		    strcmp(c->method, "post") != 0 &&
		    strcmp(c->method, "store") != 0))
			return err_set(e, E_CHOICE, "method", NULL);
		if (book_date(c->date, 1, 0, "date", p->paid_date, NULL, e) == -1)
			return -1;
		p->paid_amount = c->amount;
		snprintf(p->pay_method, sizeof p->pay_method, "%s", c->method);
		snprintf(p->status, sizeof p->status, "paid");
		return 0;
	case PASS_ISSUE:
	case PASS_REISSUE:
		if (c->op == PASS_ISSUE && !status_is(p, "paid", NULL) &&
		    !(status_is(p, "decided", NULL) && p->fee_amount == 0))
			return err_set(e, E_DENIED, "op", "status %s", p->status);
		if (c->op == PASS_REISSUE && !status_is(p, "issued", NULL))
			return err_set(e, E_DENIED, "op", "status %s", p->status);
		if (codes_check(lg, CODES_POST_OFFICE, c->post_office, e) == -1)
			return -1;
		if (book_date(c->date, 1, 0, "date", p->issue_date, NULL, e) == -1)
			return -1;
		snprintf(p->post_office, sizeof p->post_office, "%s",
		    c->post_office);
		if (c->op == PASS_REISSUE)
			p->reissue_count++;
		snprintf(p->status, sizeof p->status, "issued");
		return 0;
	case PASS_REFUND:
		if (!status_is(p, "paid", "issued"))
			return err_set(e, E_DENIED, "op", "not paid");
		if (c->tier > 0)
			p->tier = c->tier;
		if (c->period)
			p->period = c->period;
		if (redecide(lg, p, c->judged_on, e) == -1)
			return -1;
		return settle(p, c, e);
	case PASS_REDUCE:
		if (!status_is(p, "decided", "paid") && !status_is(p, "issued", NULL))
			return err_set(e, E_DENIED, "op", "status %s", p->status);
		if (!given(c->reduction))
			return err_set(e, E_REQUIRED, "reduction", NULL);
		snprintf(p->reduction, sizeof p->reduction, "%s", c->reduction);
		if (redecide(lg, p, c->judged_on, e) == -1)
			return -1;
		return settle(p, c, e);
	case PASS_RETURN:
		if (status_is(p, "returned", "refused"))
			return err_set(e, E_DENIED, "op", "status %s", p->status);
		if (!given(c->end_reason))
			return err_set(e, E_REQUIRED, "end_reason", NULL);
		if (book_date(c->date, 1, 0, "date", p->end_date, NULL, e) == -1 ||
		    book_date(c->notified, 0, 0, "notified", date, NULL, e) == -1)
			return -1;
		if (date[0] != '\0' && strcmp(p->end_date, date) > 0)
			return err_set(e, E_DATE_RANGE, "date",
			    "after the notification");
		memcpy(p->end_notified, date, sizeof date);
		snprintf(p->end_reason, sizeof p->end_reason, "%s", c->end_reason);
		snprintf(p->status, sizeof p->status, "returned");
		return 0;
	case PASS_REFUSE:
		if (!status_is(p, "applied", "decided"))
			return err_set(e, E_DENIED, "op", "status %s", p->status);
		snprintf(p->status, sizeof p->status, "refused");
		return 0;
	default:
		return err_set(e, E_CHOICE, "op", NULL);
	}
}

int
passbook_change(struct session *s, const struct passbook_change *c,
    int *rireki_out, struct err *e)
{
	struct ledger *lg = s->lg;
	struct db_pass *p = xmalloc(sizeof *p);
	int last, rc = -1;

	if (book_enter(s, LEDGER_ELDERLY, "elderly-change", c->reason_code,
	    c->ref_no, c->justification, e) == -1)
		goto out;
	if (!given(c->pass_no)) {
		err_set(e, E_REQUIRED, "pass_no", NULL);
		goto out;
	}
	if (book_begin(s, LEDGER_ELDERLY, e) == -1)
		goto out;
	if (db_pass_latest(lg->db, c->year, c->pass_no, p, e) == -1)
		goto fail;
	if (strcmp(p->state, "pending") == 0) {
		err_set(e, E_PENDING_EXISTS, "pass_no", NULL);
		goto fail;
	}
	last = p->rireki_no;
	if (db_pass_get(lg->db, c->year, c->pass_no, p, e) == -1 ||
	    apply_change(s, c, p, e) == -1)
		goto fail;
	if (save_version(s, p, passbook_op_name(c->op), last, c->reason_code,
	    c->ref_no, c->justification, e) == -1)
		goto fail;
	if (rireki_out != NULL)
		*rireki_out = p->rireki_no;
	rc = 0;
	goto out;
fail:
	ledger_rollback(lg);
out:
	xwipe(p, sizeof *p);
	free(p);
	return rc;
}

struct counted {
	int (*fn)(void *, const struct db_pass *);
	void *ctx;
	int n;
};

static int
count_pass(void *ctx, const struct db_pass *p)
{
	struct counted *k = ctx;

	k->n++;
	return k->fn(k->ctx, p);
}

int
passbook_list(struct session *s, const char *atena_no,
    int (*fn)(void *, const struct db_pass *), void *ctx, struct err *e)
{
	struct counted k = { fn, ctx, 0 };

	if (book_may_enter(s, LEDGER_ELDERLY, "elderly-list", e) == -1 ||
	    db_pass_by_person(s->lg->db, atena_no, count_pass, &k, e) == -1)
		return -1;
	return book_audit_count(s, "view", atena_no, "elderly passes", k.n, e);
}

int
passbook_get(struct session *s, int year, const char *pass_no, int rireki_no,
    struct db_pass *out, struct err *e)
{
	char entry[32];

	if (book_may_enter(s, LEDGER_ELDERLY, "elderly-view", e) == -1)
		return -1;
	if ((rireki_no > 0 ? db_pass_version(s->lg->db, year, pass_no,
	    rireki_no, out, e) : db_pass_latest(s->lg->db, year, pass_no, out,
	    e)) == -1)
		return -1;
	snprintf(entry, sizeof entry, "%d-%s", year, pass_no);
	return book_audit(s, "view", entry, out->rireki_no, "elderly pass",
	    NULL, e);
}

int
passbook_each_confirmed(struct session *s, int year,
    const struct db_pass_filter *f,
    int (*fn)(void *, const struct db_pass *), void *ctx, struct err *e)
{
	struct counted k = { fn, ctx, 0 };

	if (book_may_notice(s, LEDGER_ELDERLY, "elderly-notices", e) == -1)
		return -1;
	if (db_pass_each_confirmed(s->lg->db, year, f, count_pass, &k, e) == -1)
		return -1;
	return book_audit_count(s, "notice-query", "elderly",
	    "elderly notice query", k.n, e);
}
