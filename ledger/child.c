/*
 * Child allowance (児童手当) rules: monthly amounts with the 多子加算
 * ranking, the 18/22 fiscal-year limits, start month with the 15-day
 * rule, the even-month payment schedule, decision kinds, the 現況届 flag
 * and the completeness checks of a 認定請求.  Pure: no
 * database, no session, no output (see child.h for the rules).
 */
#include <stdio.h>
#include <string.h>

#include "child.h"
#include "mynumber.h"

/* Months as one number, so that comparisons ignore the day. */
static long
month_index(const struct ymd *d)
{
	return (long)d->y * 12 + (d->m - 1);
}

static int
month_valid(const struct ymd *m)
{
	struct ymd d = { m->y, m->m, 1 };

	return ymd_valid(&d);
}

void
child_age_limit(const struct ymd *birth, int age, struct ymd *out)
{
	struct ymd eve, reached;

	/* The age is reached at the end of the day before the birthday. */
	ymd_from_days(ymd_to_days(birth) - 1, &eve);
	ymd_add_months(&eve, age * 12, &reached);
	out->y = reached.m <= 3 ? reached.y : reached.y + 1;
	out->m = 3;
	out->d = 31;
}

static enum child_status
status_of(const struct child_entry *c, long mi, int *counted)
{
	struct ymd l18, l22;

	*counted = 0;
	if (month_index(&c->birth) > mi)
		return CHILD_ST_UNBORN;
	if (c->paid_until.y != 0 && mi > month_index(&c->paid_until))
		return CHILD_ST_ENDED;
	child_age_limit(&c->birth, 18, &l18);
	child_age_limit(&c->birth, 22, &l22);
	if (mi > month_index(&l22))
		return CHILD_ST_OVER22;
	if (mi > month_index(&l18)) {
		*counted = c->supported;
		return CHILD_ST_OVER18;
	}
	*counted = 1;
	if (c->paid_from.y != 0 && mi < month_index(&c->paid_from))
		return CHILD_ST_NOT_STARTED;
	return CHILD_ST_PAID;
}

static int
check_household(const struct child_household *h, struct err *e)
{
	char field[48];
	int i;

	if (h->claimant == CHILD_CLAIMANT_PUBLIC_SERVANT)
		return err_set(e, E_PUBLIC_SERVANT, "claimant_type",
		    "public servants are paid child allowance by their employer");
	if (h->n < 0 || h->n > CHILD_MAX)
		return err_set(e, E_TOO_LONG, "children",
		    "at most %d children per household", CHILD_MAX);
	for (i = 0; i < h->n; i++) {
		const struct child_entry *c = &h->child[i];

		snprintf(field, sizeof field, "children[%d].birth", i);
		if (!ymd_valid(&c->birth))
			return err_set(e, E_DATE_INVALID, field, NULL);
		snprintf(field, sizeof field, "children[%d].paid_from", i);
		if (c->paid_from.y != 0 && !month_valid(&c->paid_from))
			return err_set(e, E_DATE_INVALID, field, NULL);
		snprintf(field, sizeof field, "children[%d].paid_until", i);
		if (c->paid_until.y != 0 && !month_valid(&c->paid_until))
			return err_set(e, E_DATE_INVALID, field, NULL);
	}
	return 0;
}

int
child_monthly_amounts(const struct child_household *h, const struct ymd *month,
    struct child_amounts *out, struct err *e)
{
	struct ymd third;
	long mi;
	int i, counted, rank = 0;
	int order[CHILD_MAX];

	if (!month_valid(month))
		return err_set(e, E_DATE_INVALID, "month", NULL);
	if (check_household(h, e) == -1)
		return -1;
	memset(out, 0, sizeof *out);
	out->month = (struct ymd){ month->y, month->m, 1 };
	out->n = h->n;
	mi = month_index(month);

	/* Oldest first; a stable insertion sort keeps twins in order. */
	for (i = 0; i < h->n; i++) {
		int j = i;

		while (j > 0 && ymd_cmp(&h->child[order[j - 1]].birth,
		    &h->child[i].birth) > 0) {
			order[j] = order[j - 1];
			j--;
		}
		order[j] = i;
	}
	for (i = 0; i < h->n; i++) {
		int k = order[i];
		enum child_status st = status_of(&h->child[k], mi, &counted);

		out->status[k] = st;
		if (counted)
			out->rank[k] = ++rank;
		if (st != CHILD_ST_PAID)
			continue;
		/* 3歳の誕生月まで: the month of the 3rd birthday still pays 15,000. */
		ymd_add_months(&h->child[k].birth, 36, &third);
		if (out->rank[k] >= 3)
			out->amount[k] = CHILD_AMOUNT_THIRD;
		else if (mi <= month_index(&third))
			out->amount[k] = CHILD_AMOUNT_UNDER3;
		else
			out->amount[k] = CHILD_AMOUNT_STANDARD;
		out->total += out->amount[k];
	}
	out->counted = rank;
	return 0;
}

int
child_start_month(const struct ymd *event, const struct ymd *claim,
    struct ymd *start, struct err *e)
{
	const struct ymd *base = claim;
	long gap;

	if (!ymd_valid(claim))
		return err_set(e, E_DATE_INVALID, "claim_date", NULL);
	if (event != NULL && event->y != 0) {
		if (!ymd_valid(event))
			return err_set(e, E_DATE_INVALID, "event_date", NULL);
		gap = ymd_to_days(claim) - ymd_to_days(event);
		if (gap < 0)
			return err_set(e, E_DATE_RANGE, "claim_date",
			    "the claim is dated before the event");
		/* 15日特例: the 15 days start the day after the event. */
		if (gap <= 15)
			base = event;
	}
	ymd_add_months(&(struct ymd){ base->y, base->m, 1 }, 1, start);
	return 0;
}

void
child_end_month(const struct ymd *event, struct ymd *end)
{
	*end = (struct ymd){ event->y, event->m, 1 };
}

void
child_payment_month(const struct ymd *month, struct ymd *pay)
{
	/* Odd months are paid the month after, even months two later. */
	ymd_add_months(&(struct ymd){ month->y, month->m, 1 },
	    month->m % 2 ? 1 : 2, pay);
}

void
child_payment_schedule(int fy, struct child_payment out[6])
{
	struct ymd m = { fy, 4, 1 };
	int i;

	for (i = 0; i < 6; i++) {
		out[i].covers[0] = m;
		ymd_add_months(&m, 1, &out[i].covers[1]);
		child_payment_month(&m, &out[i].pay);
		ymd_add_months(&m, 2, &m);
	}
}

int
child_payment_amount(const struct child_household *h,
    const struct ymd *pay_month, long *amount, struct err *e)
{
	struct child_amounts a;
	struct ymd m;
	int i;

	if (!month_valid(pay_month))
		return err_set(e, E_DATE_INVALID, "pay_month", NULL);
	if (pay_month->m % 2 != 0)
		return err_set(e, E_CHOICE, "pay_month",
		    "payments are made in even months only");
	*amount = 0;
	for (i = 2; i >= 1; i--) {
		ymd_add_months(&(struct ymd){ pay_month->y, pay_month->m, 1 },
		    -i, &m);
		if (child_monthly_amounts(h, &m, &a, e) == -1)
			return -1;
		*amount += a.total;
	}
	return 0;
}

static const struct {
	const char *name, *label;
} decisions[CHILD_DEC_N] = {
	[CHILD_DEC_CERTIFY] = { "certify", "認定" },
	[CHILD_DEC_REVISE] = { "revise", "額改定" },
	[CHILD_DEC_TERMINATE] = { "terminate", "消滅" },
	[CHILD_DEC_REFUSE] = { "refuse", "却下" },
	[CHILD_DEC_SUSPEND] = { "suspend", "差止め" },
};

const char *
child_decision_name(enum child_decision d)
{
	return (d >= 0 && d < CHILD_DEC_N) ? decisions[d].name : "?";
}

const char *
child_decision_label(enum child_decision d)
{
	return (d >= 0 && d < CHILD_DEC_N) ? decisions[d].label : "?";
}

int
child_decision_from_name(const char *name, enum child_decision *out)
{
	int i;

	for (i = 0; i < CHILD_DEC_N; i++) {
		if (strcmp(name, decisions[i].name) == 0) {
			*out = (enum child_decision)i;
			return 0;
		}
	}
	return -1;
}

int
child_genkyo_required(const struct child_household *h)
{
	const struct child_genkyo_flags *g = &h->genkyo;

	return g->dv_separated || g->address_differs || g->corporate_guardian ||
	    g->institution || g->divorce_pending || g->no_register || g->other ||
	    h->claimant == CHILD_CLAIMANT_INSTITUTION;
}

/* R-29 for one person: a valid number with its verification method. */
static int
check_mynumber(const char *mn, enum child_mn_method method, int required,
    int confirm, const char *field, const char *mfield, struct err *e)
{
	char digits[MYNUMBER_LEN + 1];
	int rc;

	if (mn == NULL || mn[0] == '\0')
		return required ? err_set(e, E_REQUIRED, field, NULL) : 0;
	rc = mynumber_validate(mn, digits, e);
	if (rc == -1 || (rc == 1 && !confirm)) {
		if (e != NULL)
			snprintf(e->field, sizeof e->field, "%s", field);
		return -1;
	}
	err_clear(e);		/* a confirmed alert is no error */
	if (method <= CHILD_MN_NONE || method >= CHILD_MN_N)
		return err_set(e, E_REQUIRED, mfield,
		    "choose how the My Number was verified");
	return 0;
}

int
child_check_claim(const struct child_claim *c, struct err *e)
{
	char f[48], mf[48];
	int i;

	if (c->claimant == CHILD_CLAIMANT_PUBLIC_SERVANT)
		return err_set(e, E_PUBLIC_SERVANT, "claimant_type",
		    "public servants are paid child allowance by their employer");
	if (c->claimant <= CHILD_CLAIMANT_NONE || c->claimant >= CHILD_CLAIMANT_N)
		return err_set(e, E_REQUIRED, "claimant_type", NULL);
	if (c->channel <= CHILD_CHANNEL_NONE || c->channel >= CHILD_CHANNEL_N)
		return err_set(e, E_REQUIRED, "channel", NULL);
	if (c->applicant <= CHILD_APPLICANT_NONE || c->applicant >= CHILD_APPLICANT_N)
		return err_set(e, E_REQUIRED, "applicant_type", NULL);
	if (c->id_doc <= CHILD_ID_NONE || c->id_doc >= CHILD_ID_N)
		return err_set(e, E_REQUIRED, "id_document", NULL);
	if (c->applicant == CHILD_APPLICANT_AGENT && !c->poa_seen)
		return err_set(e, E_REQUIRED, "poa_seen",
		    "an agent's application needs the power of attorney (委任状)");
	if (c->channel == CHILD_CHANNEL_MAIL && !c->id_copy_attached)
		return err_set(e, E_REQUIRED, "id_copy_attached",
		    "a mailed application needs a copy of the ID document");
	if (c->channel == CHILD_CHANNEL_ELECTRONIC && !c->signature_verified)
		return err_set(e, E_REQUIRED, "signature_verified",
		    "an electronic application needs a verified signature");
	if (c->claim_date.y == 0)
		return err_set(e, E_REQUIRED, "claim_date", NULL);
	if (!ymd_valid(&c->claim_date))
		return err_set(e, E_DATE_INVALID, "claim_date", NULL);
	if (c->event_date.y != 0) {
		if (!ymd_valid(&c->event_date))
			return err_set(e, E_DATE_INVALID, "event_date", NULL);
		if (ymd_cmp(&c->event_date, &c->claim_date) > 0)
			return err_set(e, E_DATE_RANGE, "claim_date",
			    "the claim is dated before the event");
	}
	if (c->n < 1)
		return err_set(e, E_REQUIRED, "children",
		    "a claim names at least one child");
	if (c->n > CHILD_MAX)
		return err_set(e, E_TOO_LONG, "children",
		    "at most %d children per household", CHILD_MAX);
	if (check_mynumber(c->claimant_mynumber, c->claimant_mn_method, 1,
	    c->confirm_alerts, "claimant_my_number", "claimant_mn_method", e) == -1)
		return -1;
	for (i = 0; i < c->n; i++) {
		snprintf(f, sizeof f, "children[%d].my_number", i);
		snprintf(mf, sizeof mf, "children[%d].mn_method", i);
		if (check_mynumber(c->child[i].mynumber, c->child[i].mn_method, 0,
		    c->confirm_alerts, f, mf, e) == -1)
			return -1;
	}
	return 0;
}
