/*
 * Batch notices and the print register (notices.h).  A selection runs the
 * kind's confirmed-only query into compact items (keys, dates, amounts,
 * codes: no names), checks each person against the master (restricted and
 * removed persons are set aside with their record keys), and hashes the
 * keys in order: the request stores that hash, and the check and the run
 * make the selection again and insist on the same hash, so what was
 * checked and approved is what prints.  Names and addresses are read from
 * the master only while a notice is handed to the sink, and go nowhere
 * else.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "approval.h"
#include "audit.h"
#include "book_internal.h"
#include "childbook.h"
#include "clock.h"
#include "ledger_internal.h"
#include "notices.h"
#include "passbook.h"
#include "path.h"
#include "vaccbook.h"
#include "vaccine.h"
#include "visibility.h"
#include "wareki.h"
#include "xmalloc.h"

#define MAX_FIELDS	20
#define PERSON_BATCH	500
#define HIST_MAX	64

/* The conditions, normalised (dates ISO, "" when not given). */
struct cond {
	int year;
	char from[DATE_MAX], to[DATE_MAX], ref[DATE_MAX], due[DATE_MAX];
	char issue[DATE_MAX];
	char vaccine[16];
	int age_from, age_to;
};

/* One selected record: what its notice needs besides the person. */
struct item {
	char key[40];
	char atena[16];
	char date1[DATE_MAX], date2[DATE_MAX];
	char month[MONTH_MAX];
	char code1[16], code2[16];
	char text1[49], text2[49];
	int64_t amount;
	int n1, n2;
	int64_t no_job;			/* notice number: job and sequence */
	long seq;
};

struct sel;

struct kind {
	struct notices_kind pub;
	enum ledger_id ledger;
	const char *decision;		/* child: the decision; elderly: status */
	int (*select)(struct sel *);
	int (*map)(struct sel *, const struct item *, struct err *);
	/* Record keys of a sensitivity class other than ordinary. */
	const char *sensitive;		/* "key:class key:class" */
};

/* A selection in progress, and the notice being mapped. */
struct sel {
	struct session *s;
	const struct kind *k;
	struct cond c;
	struct item *items;
	size_t n, cap;
	struct notices_preview *pv;
	struct err *e;
	int failed;
	/* the notice being mapped */
	struct notices_field f[MAX_FIELDS];
	size_t nf;
	char val[MAX_FIELDS][256];
	char notice_no[32];
};

static int select_child(struct sel *);
static int select_pass(struct sel *);
static int select_oshirase(struct sel *);
static int select_doses(struct sel *);
static int select_due(struct sel *);
static int map_child(struct sel *, const struct item *, struct err *);
static int map_pass(struct sel *, const struct item *, struct err *);
static int map_dose(struct sel *, const struct item *, struct err *);

#define HEALTH "vaccine:health dose:health vaccine_date:health " \
	"lot_no:health institution:health doctor:health target_period:health"

static const struct kind kinds[] = {
	{ { "child", "nintei", "child_nintei", "from to",
	    "児童手当認定通知書: claims certified from..to" },
	  LEDGER_CHILD, "certify", select_child, map_child, "" },
	{ { "child", "kaitei", "child_kaitei", "from to",
	    "児童手当額改定通知書: amounts revised from..to" },
	  LEDGER_CHILD, "revise", select_child, map_child, "" },
	{ { "child", "shometsu", "child_shometsu", "from to",
	    "児童手当消滅通知書: claims ended from..to" },
	  LEDGER_CHILD, "terminate", select_child, map_child, "" },
	{ { "child", "kyakka", "child_kyakka", "from to",
	    "児童手当却下通知書: claims refused from..to" },
	  LEDGER_CHILD, "refuse", select_child, map_child, "" },
	{ { "elderly", "oshirase", "elderly_oshirase", "year age due",
	    "敬老乗車証お知らせ: residents of an age band without a pass" },
	  LEDGER_ELDERLY, NULL, select_oshirase, map_pass, "" },
	{ { "elderly", "nonyu", "elderly_nonyu", "year",
	    "敬老乗車証納入通知書: passes with a fee decided, not yet paid" },
	  LEDGER_ELDERLY, "decided", select_pass, map_pass,
	  "fee_tier:income" },
	{ { "elderly", "hikikae", "elderly_hikikae", "year",
	    "敬老乗車証引換券: passes paid, not yet issued" },
	  LEDGER_ELDERLY, "paid", select_pass, map_pass, "" },
	{ { "elderly", "kyakka", "elderly_kyakka", "year",
	    "敬老乗車証却下通知書: applications refused" },
	  LEDGER_ELDERLY, "refused", select_pass, map_pass, "" },
	{ { "vaccine", "kansho", "vacc_kansho", "vaccine age",
	    "予防接種のお知らせ: residents of an age band due for a vaccine" },
	  LEDGER_VACCINE, NULL, select_due, map_dose, HEALTH },
	{ { "vaccine", "sesshuzumi", "vacc_sesshuzumi", "from to",
	    "予防接種済証: doses given from..to" },
	  LEDGER_VACCINE, NULL, select_doses, map_dose, HEALTH },
};

#define NKINDS (sizeof kinds / sizeof kinds[0])

const struct notices_kind *
notices_kinds(void)
{
	static struct notices_kind pub[NKINDS + 1];
	size_t i;

	for (i = 0; i < NKINDS; i++)
		pub[i] = kinds[i].pub;
	return pub;
}

static const struct kind *
kind_find(const char *ledger, const char *kind)
{
	size_t i;

	for (i = 0; ledger != NULL && kind != NULL && i < NKINDS; i++)
		if (strcmp(kinds[i].pub.ledger, ledger) == 0 &&
		    strcmp(kinds[i].pub.kind, kind) == 0)
			return &kinds[i];
	return NULL;
}

const struct notices_kind *
notices_kind_find(const char *ledger, const char *kind)
{
	const struct kind *k = kind_find(ledger, kind);

	return k ? &k->pub : NULL;
}

/* ---- keys, preview ------------------------------------------------------ */

static void
keys_add(struct notices_keys *k, const char *key)
{
	if ((k->n & (k->n - 1)) == 0 || k->n == 0)
		k->v = xrealloc(k->v, (k->n ? 2 * k->n : 1) * sizeof *k->v);
	k->v[k->n++] = xstrdup(key);
}

static void
keys_free(struct notices_keys *k)
{
	size_t i;

	for (i = 0; i < k->n; i++)
		free(k->v[i]);
	free(k->v);
	memset(k, 0, sizeof *k);
}

void
notices_preview_free(struct notices_preview *p)
{
	if (p == NULL)
		return;
	keys_free(&p->keys);
	keys_free(&p->restricted);
	keys_free(&p->approved);
	free(p->approved_id);
	keys_free(&p->removed);
	memset(p, 0, sizeof *p);
}

/* ---- conditions --------------------------------------------------------- */

static int
given(const char *s)
{
	return s != NULL && *s != '\0';
}

static int
norm_date(const char *in, char out[DATE_MAX], const char *field,
    struct err *e)
{
	struct ymd d;

	out[0] = '\0';
	if (!given(in))
		return 0;
	if (wareki_parse(in, &d, e) == -1) {
		if (e != NULL)
			snprintf(e->field, sizeof e->field, "%s", field);
		return -1;
	}
	ymd_to_iso(&d, out);
	return 0;
}

/* Check and normalise the conditions k needs. */
static int
cond_from(const struct kind *k, const struct notices_cond *in,
    struct cond *c, struct err *e)
{
	struct ymd today;
	const char *w;

	memset(c, 0, sizeof *c);
	c->age_from = c->age_to = -1;
	if (in != NULL) {
		c->year = in->year;
		if (norm_date(in->from, c->from, "from", e) == -1 ||
		    norm_date(in->to, c->to, "to", e) == -1 ||
		    norm_date(in->ref, c->ref, "ref", e) == -1 ||
		    norm_date(in->due, c->due, "due", e) == -1 ||
		    norm_date(in->issue, c->issue, "issue", e) == -1)
			return -1;
		if (given(in->vaccine)) {
			if (strlen(in->vaccine) >= sizeof c->vaccine)
				return err_set(e, E_TOO_LONG, "vaccine", NULL);
			snprintf(c->vaccine, sizeof c->vaccine, "%s",
			    in->vaccine);
		}
		c->age_from = in->age_from;
		c->age_to = in->age_to;
	}
	if (c->issue[0] == '\0') {
		ymd_today(&today);
		ymd_to_iso(&today, c->issue);
	}
	w = k->pub.needs;
	if (strstr(w, "year") && (c->year < 1900 || c->year > 9999))
		return err_set(e, E_REQUIRED, "year", "the fiscal year");
	if (strstr(w, "from") && c->from[0] == '\0')
		return err_set(e, E_REQUIRED, "from", NULL);
	if (strstr(w, "to") && c->to[0] == '\0')
		return err_set(e, E_REQUIRED, "to", NULL);
	if (c->from[0] && c->to[0] && strcmp(c->from, c->to) > 0)
		return err_set(e, E_DATE_RANGE, "to", "before from");
	if (strstr(w, "vaccine") && c->vaccine[0] == '\0')
		return err_set(e, E_REQUIRED, "vaccine", NULL);
	if (strstr(w, "age") && (c->age_from < 0 || c->age_to < c->age_from ||
	    c->age_to > 1500))
		return err_set(e, E_REQUIRED, "age", "an age band FROM-TO");
	if (strstr(w, "due") && c->due[0] == '\0')
		return err_set(e, E_REQUIRED, "due", NULL);
	if (c->ref[0] == '\0') {
		if (c->year > 0 && k->ledger == LEDGER_ELDERLY)
			snprintf(c->ref, sizeof c->ref, "%04d-04-01",
			    (c->year % 10000 + 10000) % 10000);
		else
			memcpy(c->ref, c->issue, sizeof c->ref);
	}
	return 0;
}

/* The canonical text of c: "year=2024;from=...;...", stored with a job. */
static void
cond_text(const struct cond *c, char *out, size_t size)
{
	snprintf(out, size, "year=%d;from=%s;to=%s;vaccine=%s;age=%d-%d;"
	    "ref=%s;due=%s;issue=%s", c->year, c->from, c->to, c->vaccine,
	    c->age_from, c->age_to, c->ref, c->due, c->issue);
}

/* Read cond_text's form back. */
static int
cond_parse(const char *text, struct cond *c, struct err *e)
{
	char buf[256], *p, *save = NULL, *eq;

	memset(c, 0, sizeof *c);
	c->age_from = c->age_to = -1;
	snprintf(buf, sizeof buf, "%s", text);
	for (p = strtok_r(buf, ";", &save); p != NULL;
	    p = strtok_r(NULL, ";", &save)) {
		if ((eq = strchr(p, '=')) == NULL)
			return err_set(e, E_DB, "conditions", "bad job record");
		*eq++ = '\0';
		if (strcmp(p, "year") == 0)
			c->year = atoi(eq);
		else if (strcmp(p, "age") == 0 &&
		    sscanf(eq, "%d-%d", &c->age_from, &c->age_to) != 2)
			return err_set(e, E_DB, "conditions", "bad age band");
		else if (strcmp(p, "from") == 0)
			snprintf(c->from, sizeof c->from, "%s", eq);
		else if (strcmp(p, "to") == 0)
			snprintf(c->to, sizeof c->to, "%s", eq);
		else if (strcmp(p, "vaccine") == 0)
			snprintf(c->vaccine, sizeof c->vaccine, "%s", eq);
		else if (strcmp(p, "ref") == 0)
			snprintf(c->ref, sizeof c->ref, "%s", eq);
		else if (strcmp(p, "due") == 0)
			snprintf(c->due, sizeof c->due, "%s", eq);
		else if (strcmp(p, "issue") == 0)
			snprintf(c->issue, sizeof c->issue, "%s", eq);
	}
	return 0;
}

/* ---- selection ---------------------------------------------------------- */

static struct item *
item_new(struct sel *x, const char *key, const char *atena)
{
	struct item *it;

	if (x->n == x->cap) {
		x->cap = x->cap ? 2 * x->cap : 64;
		x->items = xrealloc(x->items, x->cap * sizeof *x->items);
	}
	it = &x->items[x->n++];
	memset(it, 0, sizeof *it);
	snprintf(it->key, sizeof it->key, "%s", key);
	snprintf(it->atena, sizeof it->atena, "%s", atena);
	return it;
}

static int
in_range(const struct cond *c, const char *date)
{
	if (c->from[0] && strcmp(date, c->from) < 0)
		return 0;
	if (c->to[0] && strcmp(date, c->to) > 0)
		return 0;
	return 1;
}

static int
child_row(void *ctx, const struct db_child_claim *r)
{
	struct sel *x = ctx;
	struct item *it;
	int i;

	if (!in_range(&x->c, r->decision_date))
		return 0;
	it = item_new(x, r->claim_no, r->claimant_atena);
	memcpy(it->date1, r->claim_date, sizeof it->date1);
	memcpy(it->date2, r->event_date[0] ? r->event_date : r->decision_date,
	    sizeof it->date2);
	memcpy(it->month, r->start_month, sizeof it->month);
	if (strcmp(r->decision, "revise") == 0 && r->amount_month[0])
		memcpy(it->month, r->amount_month, sizeof it->month);
	snprintf(it->code1, sizeof it->code1, "%s", r->st.reason_code);
	it->amount = r->monthly_total;
	for (i = 0; i < r->nchildren && i < DB_CHILD_MAX; i++)
		if (r->child[i].amount > 0)
			it->n1++;
	it->n2 = r->rireki_no;
	return 0;
}

static int
select_child(struct sel *x)
{
	return childbook_each_confirmed(x->s, x->k->decision, child_row, x,
	    x->e);
}

static int
pass_row(void *ctx, const struct db_pass *p)
{
	struct sel *x = ctx;
	struct item *it;
	char key[40];

	if (strcmp(x->k->pub.kind, "nonyu") == 0 && p->fee_amount <= 0)
		return 0;
	snprintf(key, sizeof key, "%d-%s", p->year, p->pass_no);
	it = item_new(x, key, p->atena_no);
	memcpy(it->date1, p->due_date[0] ? p->due_date : x->c.due,
	    sizeof it->date1);
	memcpy(it->date2, p->apply_date, sizeof it->date2);
	snprintf(it->text1, sizeof it->text1, "%s", p->pass_no);
	snprintf(it->code1, sizeof it->code1, "%s", p->st.reason_code);
	it->amount = p->fee_amount;
	it->n1 = p->tier;
	it->n2 = p->year;
	if (strcmp(x->k->pub.kind, "nonyu") == 0 && it->date1[0] == '\0') {
		x->failed = 1;
		err_set(x->e, E_REQUIRED, "due", "pass %s has no 納期限: give "
		    "one for the job", key);
		return 1;
	}
	return 0;
}

static int
select_pass(struct sel *x)
{
	struct db_pass_filter f = { x->k->decision, NULL };

	if (passbook_each_confirmed(x->s, x->c.year, &f, pass_row, x,
	    x->e) == -1)
		return -1;
	return x->failed ? -1 : 0;
}

struct people {
	struct db_person *p;
	int n;
};

static int
add_person(void *ctx, const struct db_person *p)
{
	struct people *pp = ctx;

	pp->p[pp->n++] = *p;
	return 0;
}

/* Born on or before ref minus `years` (months) ... as a birth range. */
static void
birth_range(const char *ref, int lo, int hi, int months, char from[DATE_MAX],
    char to[DATE_MAX])
{
	struct ymd r, a, b;

	ymd_from_iso(ref, &r);
	if (!months) {
		lo *= 12;
		hi *= 12;
	}
	/* Aged lo..hi (completed) on ref: born after ref - (hi+1) and on
	 * or before ref - lo. */
	ymd_add_months(&r, -(hi + (months ? 1 : 12)), &a);
	ymd_from_days(ymd_to_days(&a) + 1, &a);
	ymd_add_months(&r, -lo, &b);
	ymd_to_iso(&a, from);
	ymd_to_iso(&b, to);
}

struct has_pass {
	int year;
	int found;
};

static int
see_pass(void *ctx, const struct db_pass *p)
{
	struct has_pass *h = ctx;

	if (p->year == h->year && strcmp(p->status, "refused") != 0 &&
	    strcmp(p->status, "returned") != 0)
		h->found = 1;
	return 0;
}

/* Persons of an age band, in 宛名番号 order, handed to fn page by page. */
static int
each_person(struct sel *x, int months, int (*fn)(struct sel *,
    const struct db_person *))
{
	struct people pp;
	char from[DATE_MAX], to[DATE_MAX], after[16] = "";
	int i, rc = 0;

	birth_range(x->c.ref, x->c.age_from, x->c.age_to, months, from, to);
	pp.p = xcalloc(PERSON_BATCH, sizeof *pp.p);
	for (;;) {
		pp.n = 0;
		if ((rc = db_person_by_birth(x->s->lg->db, from, to, after,
		    PERSON_BATCH, add_person, &pp, x->e)) == -1)
			break;
		for (i = 0; i < pp.n && rc == 0; i++)
			rc = fn(x, &pp.p[i]);
		if (rc != 0 || pp.n < PERSON_BATCH)
			break;
		snprintf(after, sizeof after, "%s", pp.p[pp.n - 1].atena_no);
	}
	free(pp.p);
	return rc;
}

static int
oshirase_person(struct sel *x, const struct db_person *p)
{
	struct has_pass h = { x->c.year, 0 };
	struct item *it;
	char key[40];

	if (db_pass_by_person(x->s->lg->db, p->atena_no, see_pass, &h,
	    x->e) == -1)
		return -1;
	if (h.found)
		return 0;
	snprintf(key, sizeof key, "%d-%s", x->c.year, p->atena_no);
	it = item_new(x, key, p->atena_no);
	memcpy(it->date1, x->c.due, sizeof it->date1);
	it->n2 = x->c.year;
	return 0;
}

static int
audit_query(struct sel *x, const char *what)
{
	struct audit_event ev = { "notice-query", NULL, NULL, "ok", NULL };
	char detail[96];

	ev.target = ledger_name(x->k->ledger);
	snprintf(detail, sizeof detail, "%s n=%zu", what, x->n);
	ev.detail = detail;
	return audit_append(x->s->lg, x->s, NULL, &ev, x->e);
}

static int
select_oshirase(struct sel *x)
{
	if (each_person(x, 0, oshirase_person) == -1)
		return -1;
	return audit_query(x, "elderly guide");
}

static int
dose_row(void *ctx, const struct db_dose *d)
{
	struct sel *x = ctx;
	struct item *it = item_new(x, d->record_no, d->atena_no);

	memcpy(it->date1, d->date, sizeof it->date1);
	snprintf(it->code1, sizeof it->code1, "%s", d->vaccine_code);
	snprintf(it->code2, sizeof it->code2, "%s", d->institution);
	snprintf(it->text1, sizeof it->text1, "%s", d->lot);
	snprintf(it->text2, sizeof it->text2, "%s", d->doctor);
	it->n1 = d->dose_no;
	return 0;
}

static int
select_doses(struct sel *x)
{
	return vaccbook_each_confirmed(x->s, x->c.from, x->c.to, dose_row, x,
	    x->e);
}

struct hist {
	struct vaccine_dose d[HIST_MAX];
	int n;
};

static int
add_hist(void *ctx, const struct db_dose *r)
{
	struct hist *h = ctx;

	if (h->n < HIST_MAX && vaccbook_dose(r, &h->d[h->n]) == 0)
		h->n++;
	return 0;
}

static int
due_person(struct sel *x, const struct db_person *p)
{
	const struct vaccine_table *vt = vaccine_default_table();
	struct vaccine_due due[32];
	struct vaccine_person vp;
	struct hist h;
	struct item *it;
	struct ymd ref;
	char key[40];
	int k, count;

	memset(&h, 0, sizeof h);
	if (db_dose_by_person(x->s->lg->db, p->atena_no, 1, add_hist, &h,
	    x->e) == -1)
		return -1;
	memset(&vp, 0, sizeof vp);
	if (ymd_from_iso(p->birth_date, &vp.birth) != 0 ||
	    ymd_from_iso(x->c.ref, &ref) != 0)
		return 0;
	vp.sex = p->sex;
	if (vaccine_due_list(vt, &vp, h.d, h.n, &ref, NULL, due, 32, &count,
	    x->e) == -1)
		return -1;
	for (k = 0; k < count && k < 32; k++) {
		if (strcmp(due[k].type->code, x->c.vaccine) != 0)
			continue;
		snprintf(key, sizeof key, "%s/%s-%d", p->atena_no,
		    x->c.vaccine, due[k].dose_no);
		it = item_new(x, key, p->atena_no);
		snprintf(it->code1, sizeof it->code1, "%s", x->c.vaccine);
		it->n1 = due[k].dose_no;
		ymd_to_iso(&due[k].from, it->date1);
		if (due[k].until.y > 0)
			ymd_to_iso(&due[k].until, it->date2);
	}
	return 0;
}

static int
select_due(struct sel *x)
{
	if (vaccine_find(vaccine_default_table(), x->c.vaccine) == NULL)
		return err_set(x->e, E_CODE_UNKNOWN, "vaccine", "%s",
		    x->c.vaccine);
	if (each_person(x, 1, due_person) == -1)
		return -1;
	return audit_query(x, "vaccine due");
}

/* Operator or supervisor on the kind's ledger. */
static int
may_print(struct session *s, const struct kind *k, const char *op,
    struct err *e)
{
	if (s->must_change)
		return err_set(e, E_AUTH_EXPIRED, "", "%s", op);
	if (session_has(s, k->ledger, ROLE_OPERATOR))
		return 0;
	return session_require(s, k->ledger, ROLE_SUPERVISOR, op, e);
}

/* the record keys the session may not see, space-separated. */
static void
omitted_keys(struct session *s, const struct kind *k, char *out,
    size_t size)
{
	char buf[256], *p, *save = NULL, *colon;
	enum sens_class cls;
	size_t len = 0;

	out[0] = '\0';
	snprintf(buf, sizeof buf, "%s", k->sensitive);
	for (p = strtok_r(buf, " ", &save); p != NULL;
	    p = strtok_r(NULL, " ", &save)) {
		if ((colon = strchr(p, ':')) == NULL)
			continue;
		*colon = '\0';
		if (sens_class_from_name(colon + 1, &cls) == -1 ||
		    visibility_of(s, k->ledger, cls) == VIS_SHOWN)
			continue;
		len += (size_t)snprintf(out + len, len < size ? size - len : 0,
		    "%s%s", len ? " " : "", p);
	}
}

/*
 * Keep only the items whose record key printed in job `orig` (a
 * reprint), numbered as they were there.  Items no longer selected are
 * simply absent; the others keep the original job's numbers.
 */
struct orig_pages {
	char **key;
	long *seq;
	size_t n;
	int per;			/* pages per notice */
};

static int
orig_page(void *ctx, int64_t page, const char *key)
{
	struct orig_pages *o = ctx;

	if ((page - 1) % o->per != 0)
		return 0;
	o->key = xrealloc(o->key, (o->n + 1) * sizeof *o->key);
	o->seq = xrealloc(o->seq, (o->n + 1) * sizeof *o->seq);
	o->key[o->n] = xstrdup(key);
	o->seq[o->n++] = (long)((page - 1) / o->per + 1);
	return 0;
}

static int
reprint_filter(struct sel *x, const struct db_print_job *orig)
{
	struct orig_pages o = { NULL, NULL, 0, 1 };
	size_t i, j, kept = 0;

	if (orig->records > 0 && orig->pages >= orig->records)
		o.per = (int)(orig->pages / orig->records);
	if (db_print_page_each(x->s->lg->db, orig->job_id, orig_page, &o,
	    x->e) == -1)
		return -1;
	for (i = 0; i < x->n; i++) {
		for (j = 0; j < o.n; j++)
			if (strcmp(o.key[j], x->items[i].key) == 0)
				break;
		if (j == o.n)
			continue;
		x->items[i].no_job = orig->job_id;
		x->items[i].seq = o.seq[j];
		x->items[kept++] = x->items[i];
	}
	x->n = kept;
	for (j = 0; j < o.n; j++)
		free(o.key[j]);
	free(o.key);
	free(o.seq);
	return 0;
}

/* The session user's granted, unexpired, unused approvals of kind
 * "restricted". */
struct rgrants {
	const char *login;
	char now[TIME_MAX];
	struct db_approval *v;
	size_t n;
};

static int
rgrant(void *ctx, const struct db_approval *a)
{
	struct rgrants *g = ctx;

	if (strcmp(a->kind, "restricted") != 0 ||
	    strcmp(a->state, "granted") != 0 ||
	    strcmp(a->requested_by, g->login) != 0 ||
	    strcmp(g->now, a->expires_at) > 0)
		return 0;
	g->v = xrealloc(g->v, (g->n + 1) * sizeof *g->v);
	g->v[g->n++] = *a;
	return 0;
}

/* The approval of restricted record key of x's ledger, or 0. */
static int64_t
rgrant_for(struct sel *x, struct rgrants *g, const char *key)
{
	char want[96];
	size_t i;

	snprintf(want, sizeof want, "notices %s %s", x->k->pub.ledger, key);
	for (i = 0; i < g->n; i++)
		if (g->v[i].kind[0] != '\0' &&
		    strcmp(g->v[i].conditions, want) == 0) {
			g->v[i].kind[0] = '\0';	/* one record each */
			return g->v[i].id;
		}
	return 0;
}

/*
 * Run the selection of k under c into x (items) and pv (keys, skipped,
 * counts); orig (may be NULL) makes it a reprint of that job.  A
 * restricted record goes in only under its own approval.
 */
static int
select_run(struct sel *x, const struct db_print_job *orig)
{
	struct rgrants g = { x->s->user.login, "", NULL, 0 };
	struct db_resident r;
	struct err re;
	size_t i, kept = 0;
	int64_t grant = 0;

	if (x->k->select(x) == -1)
		return -1;
	if (orig != NULL && reprint_filter(x, orig) == -1)
		return -1;
	ledger_now(g.now);
	if (db_approval_each(x->s->lg->db, rgrant, &g, x->e) == -1) {
		free(g.v);
		return -1;
	}
	for (i = 0; i < x->n; i++) {
		err_clear(&re);
		if (db_resident_get(x->s->lg->db, x->items[i].atena, &r,
		    &re) == -1 && re.code != E_NOT_FOUND) {
			*x->e = re;
			free(g.v);
			return -1;
		}
		if (re.code == E_NOT_FOUND || !r.resident_flag || r.deleted)
			keys_add(&x->pv->removed, x->items[i].key);
		else if (r.restricted && (grant = rgrant_for(x, &g,
		    x->items[i].key)) == 0)
			keys_add(&x->pv->restricted, x->items[i].key);
		else {
			if (r.restricted) {
				keys_add(&x->pv->approved, x->items[i].key);
				x->pv->approved_id = xrealloc(
				    x->pv->approved_id, x->pv->approved.n *
				    sizeof *x->pv->approved_id);
				x->pv->approved_id[x->pv->approved.n - 1] =
				    grant;
			}
			if (orig == NULL)
				x->items[i].seq = (long)kept + 1;
			x->items[kept++] = x->items[i];
			keys_add(&x->pv->keys, x->items[i].key);
		}
		xwipe(&r, sizeof r);
	}
	free(g.v);
	x->n = kept;
	x->pv->count = (long)kept;
	x->pv->threshold = approval_threshold(x->s->lg);
	x->pv->needs_approval = x->pv->count > x->pv->threshold;
	x->pv->needs_check = x->pv->needs_approval;
	omitted_keys(x->s, x->k, x->pv->omitted, sizeof x->pv->omitted);
	cond_text(&x->c, x->pv->conditions, sizeof x->pv->conditions);
	return 0;
}

/* BLAKE2b-256 over the record keys in order, as hex. */
static void
keys_hash(const struct notices_keys *k, char out[HASH_HEX])
{
	crypto_generichash_state st;
	unsigned char h[32];
	size_t i;

	crypto_generichash_init(&st, NULL, 0, sizeof h);
	for (i = 0; i < k->n; i++)
		crypto_generichash_update(&st, (const unsigned char *)k->v[i],
		    strlen(k->v[i]) + 1);
	crypto_generichash_final(&st, h, sizeof h);
	sodium_bin2hex(out, HASH_HEX, h, sizeof h);
}

static void
sel_free(struct sel *x)
{
	free(x->items);
	x->items = NULL;
	x->n = x->cap = 0;
}

/* ---- mapping a notice ---------------------------------------------------- */

/* Add key = value; a key of a class the session may not see prints
 * empty. */
static void
put(struct sel *x, const char *key, const char *value)
{
	char want[64];
	const char *v = value ? value : "";
	char *slot;

	if (x->nf == MAX_FIELDS)
		return;
	snprintf(want, sizeof want, "%s", key);
	if (x->pv != NULL && x->pv->omitted[0] != '\0') {
		const char *p = strstr(x->pv->omitted, want);
		size_t n = strlen(want);

		if (p != NULL && (p == x->pv->omitted || p[-1] == ' ') &&
		    (p[n] == ' ' || p[n] == '\0'))
			v = "";
	}
	slot = x->val[x->nf];
	snprintf(slot, sizeof x->val[0], "%s", v);
	x->f[x->nf].key = key;
	x->f[x->nf].value = slot;
	x->nf++;
}

static void
putf(struct sel *x, const char *key, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void
putf(struct sel *x, const char *key, const char *fmt, ...)
{
	char tmp[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(tmp, sizeof tmp, fmt, ap);
	va_end(ap);
	put(x, key, tmp);
}

/* The common part: number, date and the person's address block. */
static int
map_person(struct sel *x, const struct item *it, struct db_resident *r,
    struct err *e)
{
	x->nf = 0;
	if (db_resident_get(x->s->lg->db, it->atena, r, e) == -1)
		return -1;
	if (it->no_job > 0)
		snprintf(x->notice_no, sizeof x->notice_no, "%lld-%06ld",
		    (long long)it->no_job, it->seq);
	else
		snprintf(x->notice_no, sizeof x->notice_no, "SAMPLE");
	put(x, "notice_no", x->notice_no);
	put(x, "issue_date", x->c.issue);
	put(x, "postal", r->postal_code);
	put(x, "address", r->address);
	put(x, "katagaki", r->katagaki);
	put(x, "name", r->name);
	put(x, "kana", r->name_kana);
	put(x, "birth_date", r->birth_date);
	return 0;
}

/* "令和6年度" for fiscal year y. */
static void
fiscal_year(int y, char *out, size_t size)
{
	struct ymd d = { y, 4, 1 };
	int era, ey;

	if (wareki_era(&d, &era, &ey) == -1)
		snprintf(out, size, "%d年度", y);
	else if (ey == 1)
		snprintf(out, size, "%s元年度", wareki_era_name(era));
	else
		snprintf(out, size, "%s%d年度", wareki_era_name(era), ey);
}

/* "令和6年6月" for "2024-06". */
static void
month_text(const char *month, char *out, size_t size)
{
	struct ymd d;
	char tmp[64], *day;

	out[0] = '\0';
	if (book_month_parse(month, &d) != 0 || d.y == 0)
		return;
	wareki_format(&d, WAREKI_LONG, tmp, sizeof tmp);
	if ((day = strstr(tmp, "月")) != NULL)
		day[strlen("月")] = '\0';
	snprintf(out, size, "%s", tmp);
}

/* The name of a code (reason, vaccine, institution), else the code. */
static void
code_name(struct sel *x, const char *kind, const char *code, char *out,
    size_t size)
{
	struct db_code c;

	if (code[0] != '\0' && db_code_get(x->s->lg->db, kind, code, &c,
	    NULL) == 0 && c.name[0] != '\0')
		snprintf(out, size, "%s", c.name);
	else
		snprintf(out, size, "%s", code);
}

struct prev {
	int rireki;
	int64_t amount;
	int found;
};

static int
map_child(struct sel *x, const struct item *it, struct err *e)
{
	struct db_resident r;
	struct db_child_claim v;
	char tmp[128];
	int k;

	if (map_person(x, it, &r, e) == -1)
		return -1;
	xwipe(&r, sizeof r);
	put(x, "claim_date", it->date1);
	month_text(it->month, tmp, sizeof tmp);
	put(x, "start_month", tmp);
	putf(x, "children", "%d", it->n1);
	putf(x, "amount", "%lld", (long long)it->amount);
	put(x, "end_date", it->date2);
	code_name(x, "reason", it->code1, tmp, sizeof tmp);
	put(x, "reason", tmp);
	if (strcmp(x->k->decision, "revise") == 0) {
		/* The amount of the confirmed version this one replaced. */
		for (k = it->n2 - 1; k >= 1; k--) {
			if (db_child_version(x->s->lg->db, it->key, k, &v,
			    e) == -1)
				return -1;
			if (strcmp(v.state, "superseded") == 0)
				break;
		}
		putf(x, "prev_amount", "%lld", k >= 1 ?
		    (long long)v.monthly_total : 0LL);
	}
	return 0;
}

static int
map_pass(struct sel *x, const struct item *it, struct err *e)
{
	struct db_resident r;
	char tmp[128];

	if (map_person(x, it, &r, e) == -1)
		return -1;
	xwipe(&r, sizeof r);
	fiscal_year(it->n2, tmp, sizeof tmp);
	put(x, "fiscal_year", tmp);
	putf(x, "fee_tier", "第%d段階", it->n1);
	putf(x, "amount", "%lld", (long long)it->amount);
	put(x, "due_date", it->date1);
	put(x, "pass_no", it->text1);
	putf(x, "valid_until", "%04d-03-31", it->n2 + 1);
	put(x, "claim_date", it->date2);
	code_name(x, "reason", it->code1, tmp, sizeof tmp);
	put(x, "reason", tmp);
	return 0;
}

static int
map_dose(struct sel *x, const struct item *it, struct err *e)
{
	const struct vaccine_type *vt;
	struct db_resident r;
	struct ymd a, b;
	char tmp[160], wa[64], wb[64];

	if (map_person(x, it, &r, e) == -1)
		return -1;
	/* The person vaccinated; the letter goes to the same address. */
	put(x, "child_name", r.name);
	xwipe(&r, sizeof r);
	code_name(x, "vaccine", it->code1, tmp, sizeof tmp);
	if (strcmp(tmp, it->code1) == 0 &&
	    (vt = vaccine_find(vaccine_default_table(), it->code1)) != NULL)
		snprintf(tmp, sizeof tmp, "%s", vt->name);
	put(x, "vaccine", tmp);
	putf(x, "dose", "第%d回", it->n1);
	put(x, "vaccine_date", it->date1);
	put(x, "lot_no", it->text1);
	code_name(x, "institution", it->code2, tmp, sizeof tmp);
	put(x, "institution", tmp);
	put(x, "doctor", it->text2);
	tmp[0] = '\0';
	if (ymd_from_iso(it->date1, &a) == 0) {
		wareki_format(&a, WAREKI_LONG, wa, sizeof wa);
		if (ymd_from_iso(it->date2, &b) == 0) {
			wareki_format(&b, WAREKI_LONG, wb, sizeof wb);
			snprintf(tmp, sizeof tmp, "%sから%sまで", wa, wb);
		} else
			snprintf(tmp, sizeof tmp, "%sから", wa);
	}
	put(x, "target_period", tmp);
	return 0;
}

/* Map item i and hand it to the sink; wipe the values afterwards. */
static int
emit(struct sel *x, struct notices_sink *sink, const struct item *it,
    struct err *e)
{
	int rc;

	if (x->k->map(x, it, e) == -1)
		return -1;
	rc = sink->add(sink->ctx, x->f, x->nf, e);
	xwipe(x->val, sizeof x->val);
	if (rc == -1 && e != NULL && e->field[0] != '\0') {
		/* Name the record, not the value that failed. */
		char field[sizeof e->field];

		snprintf(field, sizeof field, "%s", e->field);
		snprintf(e->detail, sizeof e->detail, "record %s: %s", it->key,
		    field);
	}
	return rc;
}

/* ---- audit helpers -------------------------------------------------------- */

static int
audit_job(struct session *s, const char *op, int64_t job,
    const char *outcome, const char *detail, struct err *e)
{
	struct audit_event ev = { op, NULL, detail, outcome, NULL };
	char target[32];

	snprintf(target, sizeof target, "job:%lld", (long long)job);
	ev.target = job > 0 ? target : "notices";
	return audit_append(s->lg, s, NULL, &ev, e);
}

/* Up to 6 skipped keys for an audit detail. */
static void
some_keys(const struct notices_keys *k, char *out, size_t size)
{
	size_t i, len = 0;

	out[0] = '\0';
	for (i = 0; i < k->n && i < 6; i++)
		len += (size_t)snprintf(out + len, len < size ? size - len : 0,
		    "%s%s", i ? "," : "", k->v[i]);
	if (k->n > 6 && len < size)
		snprintf(out + len, size - len, ",...");
}

static void
select_detail(const struct kind *k, const struct notices_preview *pv,
    char *out, size_t size)
{
	char rk[128];

	some_keys(&pv->restricted, rk, sizeof rk);
	snprintf(out, size, "%s/%s n=%ld restricted_skipped=%zu [%s] "
	    "removed_skipped=%zu %s", k->pub.ledger, k->pub.kind, pv->count,
	    pv->restricted.n, rk, pv->removed.n, pv->conditions);
	/* how many restricted records print under their approval
	 * (their keys are in the approvals). */
	if (pv->approved.n > 0 && strlen(out) + 32 < size)
		snprintf(out + strlen(out), size - strlen(out),
		    " restricted_approved=%zu", pv->approved.n);
}

/* ---- preview, request, check --------------------------------------------- */

static int
sel_begin(struct sel *x, struct session *s, const struct kind *k,
    struct notices_preview *pv, struct err *e)
{
	memset(x, 0, sizeof *x);
	x->s = s;
	x->k = k;
	x->pv = pv;
	x->e = e;
	memset(pv, 0, sizeof *pv);
	return 0;
}

int
notices_preview(struct session *s, const char *ledger, const char *kind,
    const struct notices_cond *c, const char *sample,
    struct notices_sink *sink, struct notices_preview *out, struct err *e)
{
	const struct kind *k = kind_find(ledger, kind);
	char detail[400];
	struct sel x;
	int rc = -1;

	memset(out, 0, sizeof *out);
	if (k == NULL)
		return err_set(e, E_USAGE, "kind", "unknown notice kind %s/%s",
		    ledger ? ledger : "", kind ? kind : "");
	if (may_print(s, k, "notices-preview", e) == -1)
		return -1;
	sel_begin(&x, s, k, out, e);
	if (cond_from(k, c, &x.c, e) == -1 || select_run(&x, NULL) == -1)
		goto out;
	if (given(sample) && sink != NULL && x.n > 0) {
		x.items[0].no_job = 0;
		if (sink->open(sink->ctx, sample, e) == -1)
			goto out;
		if (emit(&x, sink, &x.items[0], e) == -1 ||
		    sink->finish(sink->ctx, NULL, e) == -1) {
			sink->abort(sink->ctx);
			goto out;
		}
	}
	select_detail(k, out, detail, sizeof detail);
	if (given(sample) && x.n > 0)
		snprintf(detail + strlen(detail), sizeof detail - strlen(detail),
		    " sample=%s", x.items[0].key);
	rc = audit_job(s, "notices-preview", 0, "ok", detail, e);
out:
	sel_free(&x);
	if (rc == -1)
		notices_preview_free(out);
	return rc;
}

int
notices_request(struct session *s, const struct notices_request *rq,
    const struct notices_template *t, struct notices_preview *out,
    struct err *e)
{
	struct db_print_job j, orig;
	const struct kind *k;
	char detail[400], purpose[160];
	struct sel x;
	int rc = -1;

	memset(out, 0, sizeof *out);
	memset(&orig, 0, sizeof orig);
	if (rq->reprint_of > 0) {
		if (db_print_job_get(s->lg->db, rq->reprint_of, &orig, e) == -1)
			return -1;
		if (strcmp(orig.state, "done") != 0)
			return err_set(e, E_DENIED, "reprint", "job %lld was "
			    "never printed", (long long)rq->reprint_of);
		k = kind_find(orig.ledger, orig.kind);
	} else
		k = kind_find(rq->ledger, rq->kind);
	if (k == NULL)
		return err_set(e, E_USAGE, "kind", "unknown notice kind %s/%s",
		    rq->ledger ? rq->ledger : "", rq->kind ? rq->kind : "");
	if (may_print(s, k, "notices-request", e) == -1)
		return -1;
	notices_recover(s->lg, s, NULL, NULL, NULL);
	if (t == NULL || t->hash[0] == '\0' || t->pages < 1)
		return err_set(e, E_USAGE, "template", "no template described");
	sel_begin(&x, s, k, out, e);
	if (rq->reprint_of > 0) {
		if (cond_parse(orig.conditions, &x.c, e) == -1 ||
		    select_run(&x, &orig) == -1)
			goto out;
	} else if (cond_from(k, rq->cond, &x.c, e) == -1 ||
	    select_run(&x, NULL) == -1)
		goto out;
	if (out->count == 0) {
		err_set(e, E_NOT_FOUND, "records", "no notices to print (%zu "
		    "restricted, %zu removed skipped)", out->restricted.n,
		    out->removed.n);
		goto out;
	}
	memset(&j, 0, sizeof j);
	snprintf(j.ledger, sizeof j.ledger, "%s", k->pub.ledger);
	snprintf(j.kind, sizeof j.kind, "%s", k->pub.kind);
	snprintf(j.title, sizeof j.title, "%s", t->title);
	snprintf(j.conditions, sizeof j.conditions, "%s", out->conditions);
	snprintf(j.state, sizeof j.state, "%s",
	    out->needs_check ? "awaiting_check" : "ready");
	snprintf(j.requested_by, sizeof j.requested_by, "%s", s->user.login);
	ledger_now(j.requested_at);
	j.expected = out->count;
	j.skipped_restricted = (int64_t)out->restricted.n;
	j.skipped_other = (int64_t)out->removed.n;
	keys_hash(&out->keys, j.recipients_hash);
	snprintf(j.template_hash, sizeof j.template_hash, "%s", t->hash);
	j.reprint_of = rq->reprint_of;
	if (ledger_begin(s->lg, e) == -1)
		goto out;
	if (db_print_job_add(s->lg->db, &j, e) == -1)
		goto rollback;
	out->job_id = j.job_id;
	select_detail(k, out, detail, sizeof detail);
	if (j.reprint_of)
		snprintf(detail + strlen(detail), sizeof detail - strlen(detail),
		    " reprint_of=%lld", (long long)j.reprint_of);
	if (audit_job(s, "notices-request", j.job_id, "ok", detail, e) == -1)
		goto rollback;
	if (ledger_commit(s->lg, e) == -1)
		goto out;
	/* the approval request for this job's one run (its own
	 * transaction and audit row). */
	if (out->needs_approval) {
		snprintf(purpose, sizeof purpose, "%s%s",
		    given(rq->purpose) ? rq->purpose : t->title,
		    j.reprint_of ? " (reprint)" : "");
		snprintf(detail, sizeof detail, "job=%lld %s/%s %s",
		    (long long)j.job_id, k->pub.ledger, k->pub.kind,
		    out->conditions);
		if (approval_request(s, "notices", out->count, purpose, detail,
		    &out->approval_id, e) == -1)
			goto out;
		if (ledger_begin(s->lg, e) == -1)
			goto out;
		if (db_print_job_link_approval(s->lg->db, j.job_id,
		    out->approval_id, e) == -1)
			goto rollback;
		if (ledger_commit(s->lg, e) == -1)
			goto out;
	}
	rc = 0;
	goto out;
rollback:
	ledger_rollback(s->lg);
out:
	sel_free(&x);
	if (rc == -1)
		notices_preview_free(out);
	return rc;
}

/* Make the job's selection again into x/out; E_RECORD_CHANGED when the
 * recipients or the template are not those requested. */
static int
reselect(struct sel *x, struct session *s, const struct db_print_job *j,
    const struct notices_template *t, struct notices_preview *out,
    struct err *e)
{
	const struct kind *k = kind_find(j->ledger, j->kind);
	struct db_print_job orig;
	char hash[HASH_HEX];

	if (k == NULL)
		return err_set(e, E_DB, "kind", "job %lld: unknown kind %s/%s",
		    (long long)j->job_id, j->ledger, j->kind);
	sel_begin(x, s, k, out, e);
	if (cond_parse(j->conditions, &x->c, e) == -1)
		return -1;
	if (j->reprint_of > 0) {
		if (db_print_job_get(s->lg->db, j->reprint_of, &orig, e) == -1 ||
		    select_run(x, &orig) == -1)
			return -1;
	} else if (select_run(x, NULL) == -1)
		return -1;
	out->job_id = j->job_id;
	out->approval_id = j->approval_id;
	keys_hash(&out->keys, hash);
	if (strcmp(hash, j->recipients_hash) != 0)
		return err_set(e, E_RECORD_CHANGED, "records", "the records "
		    "selected changed since the request (%ld now, %lld then): "
		    "request the job again", out->count, (long long)j->expected);
	if (t == NULL || strcmp(t->hash, j->template_hash) != 0)
		return err_set(e, E_RECORD_CHANGED, "template", "the template "
		    "changed since the request: request the job again");
	return 0;
}

int
notices_check(struct session *s, int64_t job,
    const struct notices_template *t, struct notices_preview *out,
    struct err *e)
{
	struct db_print_job j;
	char now[TIME_MAX], detail[400];
	struct sel x;
	int rc = -1;

	memset(out, 0, sizeof *out);
	memset(&x, 0, sizeof x);
	if (db_print_job_get(s->lg->db, job, &j, e) == -1)
		return -1;
	if (kind_find(j.ledger, j.kind) == NULL)
		return err_set(e, E_DB, "kind", "unknown kind %s", j.kind);
	if (may_print(s, kind_find(j.ledger, j.kind), "notices-check", e) == -1)
		return -1;
	if (strcmp(j.requested_by, s->user.login) == 0) {
		audit_job(s, "notices-check", job, "denied", "R-40: own job",
		    NULL);
		return err_set(e, E_CONFIRM_OWN, "", "R-40: the requester "
		    "cannot check their own job");
	}
	if (strcmp(j.state, "awaiting_check") != 0)
		return err_set(e, E_CONFIRM_STALE, "job", "job %lld is %s",
		    (long long)job, j.state);
	if (reselect(&x, s, &j, t, out, e) == -1) {
		snprintf(detail, sizeof detail, "R-40: %s", e ? e->detail : "");
		audit_job(s, "notices-check", job, "denied", detail, NULL);
		goto out;
	}
	ledger_now(now);
	if (ledger_begin(s->lg, e) == -1)
		goto out;
	select_detail(x.k, out, detail, sizeof detail);
	if (db_print_job_checked(s->lg->db, job, s->user.login, now, e) == -1 ||
	    audit_job(s, "notices-check", job, "ok", detail, e) == -1) {
		ledger_rollback(s->lg);
		goto out;
	}
	rc = ledger_commit(s->lg, e);
out:
	sel_free(&x);
	if (rc == -1)
		notices_preview_free(out);
	return rc;
}

/* ---- run ------------------------------------------------------------------ */

/* The spool directory: the "spool_dir" setting, else
 * $XDG_STATE_HOME/madoguchi/spool.  Caller frees. */
char *
notices_spool_path(struct ledger *lg)
{
	const char *cfg = config_get(lg->cfg, "spool_dir");
	char *dir, *state;

	if (given(cfg))
		return xstrdup(cfg);
	state = path_state_dir();
	dir = xasprintf("%s/spool", state);
	free(state);
	return dir;
}

/* The spool directory, created 0700.  Caller frees. */
static char *
spool_dir(struct ledger *lg, struct err *e)
{
	char *dir = notices_spool_path(lg);

	if (path_mkdir_private(dir, e) == -1) {
		free(dir);
		return NULL;
	}
	return dir;
}

/* Where the PDF to go to final is written first: ".NAME.tmp" beside it,
 * so that a half-written file never has the final name.  Caller frees. */
static char *
tmp_name(const char *final)
{
	const char *slash = strrchr(final, '/');

	if (slash == NULL)
		return xasprintf(".%s.tmp", final);
	return xasprintf("%.*s/.%s.tmp", (int)(slash - final), final,
	    slash + 1);
}

/* ---- liveness ------------------------------------------------------------- */

/*
 * A running job holds a lease: an edit lock (db_lock.h) on
 * ("notice_job", JOB) naming the user and, as its terminal, "PID@BOOT",
 * BOOT being a hash of this machine's host name and kernel boot id.  The
 * run renews it every LEASE_SECONDS / 3.  A running job is taken to be
 * dead when it has no lease, when the lease expired (a process on any
 * machine that stopped renewing), or at once when the lease names a
 * process of this boot of this machine that no longer exists (a kill, a
 * crash, a power cut: the boot id changes).
 */
#define LEASE_ENTITY	"notice_job"
#define LEASE_SECONDS	300

static void
boot_tag(char out[17])
{
	static char tag[17];
	crypto_generichash_state st;
	unsigned char h[8];
	char host[256] = "", boot[64] = "";
	FILE *f;

	if (tag[0] == '\0') {
		if (gethostname(host, sizeof host - 1) == -1)
			host[0] = '\0';
		if ((f = fopen("/proc/sys/kernel/random/boot_id", "r")) != NULL) {
			if (fgets(boot, sizeof boot, f) == NULL)
				boot[0] = '\0';
			fclose(f);
		}
		crypto_generichash_init(&st, NULL, 0, sizeof h);
		crypto_generichash_update(&st, (const unsigned char *)host,
		    strlen(host) + 1);
		crypto_generichash_update(&st, (const unsigned char *)boot,
		    strlen(boot));
		crypto_generichash_final(&st, h, sizeof h);
		sodium_bin2hex(tag, sizeof tag, h, sizeof h);
	}
	memcpy(out, tag, sizeof tag);
}

/* Take or renew the lease of job for login (inside a transaction). */
static int
lease_take(struct ledger *lg, int64_t job, const char *login, struct err *e)
{
	struct db_lock want;
	char tag[17];
	time_t now = clock_now();

	memset(&want, 0, sizeof want);
	boot_tag(tag);
	snprintf(want.entity, sizeof want.entity, "%s", LEASE_ENTITY);
	snprintf(want.key, sizeof want.key, "%lld", (long long)job);
	snprintf(want.holder, sizeof want.holder, "%s", login);
	snprintf(want.terminal, sizeof want.terminal, "%ld@%s",
	    (long)getpid(), tag);
	clock_format(now, want.since, sizeof want.since);
	clock_format(now + LEASE_SECONDS, want.expires, sizeof want.expires);
	return db_lock_take(lg->db, &want, want.since, NULL, e);
}

/* Drop the lease of job, whoever holds it (inside a transaction). */
static int
lease_drop(struct ledger *lg, int64_t job, struct err *e)
{
	struct db_lock l;
	struct err e2;
	char key[24];

	snprintf(key, sizeof key, "%lld", (long long)job);
	if (db_lock_get(lg->db, LEASE_ENTITY, key, &l, &e2) == -1)
		return e2.code == E_NOT_FOUND ? 0 : err_set(e, e2.code,
		    e2.field, "%s", e2.detail);
	return db_lock_drop(lg->db, LEASE_ENTITY, key, l.holder, l.terminal,
	    e);
}

/* Renew the lease in a transaction of its own when it is due. */
static void
lease_renew(struct session *s, int64_t job, time_t *due)
{
	struct err e2;

	if (clock_now() < *due)
		return;
	*due = clock_now() + LEASE_SECONDS / 3;
	if (ledger_begin(s->lg, &e2) == -1)
		return;
	if (lease_take(s->lg, job, s->user.login, &e2) == -1) {
		ledger_rollback(s->lg);
		return;
	}
	ledger_commit(s->lg, &e2);
}

/* Whether the run of running job j goes on; why it does not into why. */
static int
run_alive(struct ledger *lg, const struct db_print_job *j, char *why,
    size_t size)
{
	struct db_lock l;
	struct err e2;
	char key[24], now[TIME_MAX], tag[17], *end;
	long pid;

	snprintf(key, sizeof key, "%lld", (long long)j->job_id);
	if (db_lock_get(lg->db, LEASE_ENTITY, key, &l, &e2) == -1) {
		snprintf(why, size, "no lease");
		return e2.code != E_NOT_FOUND;	/* unknown: leave it */
	}
	ledger_now(now);
	if (strcmp(l.expires, now) <= 0) {
		snprintf(why, size, "lease expired %s", l.expires);
		return 0;
	}
	boot_tag(tag);
	pid = strtol(l.terminal, &end, 10);
	if (pid > 0 && *end == '@' && strcmp(end + 1, tag) == 0 &&
	    kill((pid_t)pid, 0) == -1 && errno == ESRCH) {
		snprintf(why, size, "process %ld gone", pid);
		return 0;
	}
	return 1;
}

/* End a started run as cancelled or failed, with its audit row. */
static void
run_end(struct session *s, int64_t job, const char *state, const char *why)
{
	struct err e2;

	if (ledger_begin(s->lg, &e2) == -1)
		return;
	if (db_print_job_state(s->lg->db, job, "running", state, &e2) == -1 ||
	    lease_drop(s->lg, job, &e2) == -1 ||
	    audit_job(s, strcmp(state, "cancelled") == 0 ? "notices-cancel" :
	    "notices-fail", job, strcmp(state, "cancelled") == 0 ? "ok" :
	    "failed", why, &e2) == -1) {
		ledger_rollback(s->lg);
		return;
	}
	ledger_commit(s->lg, &e2);
}

/* Start: R-40, R-43 (the approval used now), state running with the
 * file to be written and the lease of the run. */
static int
run_start(struct session *s, const struct db_print_job *j,
    const struct notices_preview *pv, const char *file,
    char approver[LOGIN_MAX], struct err *e)
{
	char now[TIME_MAX], detail[200];
	size_t i;

	approver[0] = '\0';
	ledger_now(now);
	if (ledger_begin(s->lg, e) == -1)
		return -1;
	if (pv->count > pv->threshold || j->approval_id > 0) {
		if (j->approval_id == 0 || approval_consume(s, j->approval_id,
		    "notices", pv->count, approver, e) == -1) {
			ledger_rollback(s->lg);
			if (j->approval_id == 0)
				err_set(e, E_APPROVAL, "approval", "%ld "
				    "records, threshold %ld", pv->count,
				    pv->threshold);
			snprintf(detail, sizeof detail, "R-43: approval %lld: "
			    "%.120s", (long long)j->approval_id, e ? e->detail : "");
			audit_job(s, "notices-run", j->job_id, "denied", detail,
			    NULL);
			return -1;
		}
	}
	/* each restricted record's own approval, used now. */
	for (i = 0; i < pv->approved.n; i++) {
		char who[LOGIN_MAX];

		if (approval_consume(s, pv->approved_id[i], "restricted", 1,
		    who, e) == -1) {
			ledger_rollback(s->lg);
			snprintf(detail, sizeof detail, "R-14: record %.40s "
			    "approval %lld: %.80s", pv->approved.v[i],
			    (long long)pv->approved_id[i], e ? e->detail : "");
			audit_job(s, "notices-run", j->job_id, "denied", detail,
			    NULL);
			return -1;
		}
	}
	snprintf(detail, sizeof detail, "n=%ld approval=%lld approver=%s "
	    "restricted_approved=%zu", pv->count, (long long)j->approval_id,
	    approver, pv->approved.n);
	if (db_print_job_started(s->lg->db, j->job_id, s->user.login, now,
	    approver, file, e) == -1 ||
	    lease_take(s->lg, j->job_id, s->user.login, e) == -1 ||
	    audit_job(s, "notices-run", j->job_id, "ok", detail, e) == -1) {
		ledger_rollback(s->lg);
		return -1;
	}
	return ledger_commit(s->lg, e);
}

/* Register the finished job, before its file takes the final name:
 * pages, keys per page, state done, the lease dropped, audit "print". */
static int
run_register(struct session *s, struct db_print_job *j, struct sel *x,
    int per, const char *printer, struct err *e)
{
	char detail[400];
	size_t i;
	int p;

	ledger_now(j->finished_at);
	snprintf(j->printer, sizeof j->printer, "%s", printer ? printer : "");
	if (ledger_begin(s->lg, e) == -1)
		return -1;
	for (i = 0; i < x->n; i++)
		for (p = 0; p < per; p++)
			if (db_print_page_add(s->lg->db, j->job_id,
			    (int64_t)i * per + p + 1, x->items[i].key, e) == -1)
				goto fail;
	snprintf(detail, sizeof detail, "%s/%s title=%.60s records=%lld "
	    "pages=%lld %s%s file=%.80s%s", j->ledger, j->kind, j->title,
	    (long long)j->records, (long long)j->pages,
	    j->printer[0] ? "printer=" : "", j->printer, j->file,
	    j->reprint_of ? " reprint" : "");
	if (db_print_job_done(s->lg->db, j, e) == -1 ||
	    lease_drop(s->lg, j->job_id, e) == -1 ||
	    audit_job(s, "print", j->job_id, "ok", detail, e) == -1)
		goto fail;
	return ledger_commit(s->lg, e);
fail:
	ledger_rollback(s->lg);
	return -1;
}

/* fsync path (a directory: the one holding it). */
static int
sync_path(const char *path, int parent, struct err *e)
{
	char *dir = parent ? path_dirname(path) : NULL;
	int fd, rc;

	fd = open(dir != NULL ? dir : path, O_RDONLY | O_CLOEXEC);
	free(dir);
	if (fd == -1)
		return err_set(e, E_IO, "out", "%.200s: %s", path,
		    strerror(errno));
	rc = fsync(fd);
	close(fd);
	if (rc == -1 && !parent)
		return err_set(e, E_IO, "out", "%.200s: %s", path,
		    strerror(errno));
	return 0;
}

static void
stage(const struct notices_run_opts *o, const char *what)
{
	if (o->stage != NULL)
		o->stage(o->progress_ctx, what);
}

/* Actor of the audit rows written without a session. */
#define NO_SESSION(s, actor)	((s) != NULL ? NULL : (actor) != NULL ? \
	(actor) : "(startup)")

static int
audit_sys(struct ledger *lg, const struct session *s, const char *actor,
    const char *op, int64_t job, const char *outcome, const char *detail,
    struct err *e)
{
	struct audit_event ev = { op, NULL, detail, outcome, NULL };
	char target[32];

	snprintf(target, sizeof target, "job:%lld", (long long)job);
	ev.target = target;
	return audit_append(lg, s, NO_SESSION(s, actor), &ev, e);
}

/* A registered job whose file could not be put in place: done -> failed. */
static void
lost_file(struct ledger *lg, const struct session *s, const char *actor,
    int64_t job, const char *why)
{
	struct err e2;

	if (ledger_begin(lg, &e2) == -1)
		return;
	if (db_print_job_state(lg->db, job, "done", "failed", &e2) == -1 ||
	    audit_sys(lg, s, actor, "notices-fail", job, "failed", why,
	    &e2) == -1) {
		ledger_rollback(lg);
		return;
	}
	ledger_commit(lg, &e2);
}

/* The printer refused the job: the register keeps the file only. */
static void
printer_failed(struct session *s, int64_t job, const char *why)
{
	struct err e2;
	char detail[240];

	snprintf(detail, sizeof detail, "lp: %.200s", why);
	if (ledger_begin(s->lg, &e2) == -1)
		return;
	if (db_print_job_set_printer(s->lg->db, job, "", &e2) == -1 ||
	    audit_job(s, "notices-lp", job, "failed", detail, &e2) == -1) {
		ledger_rollback(s->lg);
		return;
	}
	ledger_commit(s->lg, &e2);
}

int
notices_run(struct session *s, int64_t job, const struct notices_template *t,
    struct notices_sink *sink, const struct notices_run_opts *o,
    struct notices_result *res, struct err *e)
{
	static const struct notices_run_opts none;
	struct notices_preview pv;
	struct db_print_job j;
	struct sel x;
	char *dir = NULL, *final = NULL, *tmp = NULL, why[200];
	const char *printer;
	int pages = 0, per, rc = -1, opened = 0, started = 0;
	time_t renew;
	size_t i;

	memset(res, 0, sizeof *res);
	memset(&x, 0, sizeof x);
	memset(&pv, 0, sizeof pv);
	if (o == NULL)
		o = &none;
	if (db_print_job_get(s->lg->db, job, &j, e) == -1)
		return -1;
	if (kind_find(j.ledger, j.kind) == NULL)
		return err_set(e, E_DB, "kind", "unknown kind %s", j.kind);
	if (may_print(s, kind_find(j.ledger, j.kind), "notices-run", e) == -1)
		return -1;
	notices_recover(s->lg, s, NULL, NULL, NULL);
	if (strcmp(j.requested_by, s->user.login) != 0)
		return err_set(e, E_DENIED, "job", "job %lld was requested by "
		    "another user: only the requester runs it",
		    (long long)job);
	if (strcmp(j.state, "awaiting_check") == 0) {
		audit_job(s, "notices-run", job, "denied", "R-40: awaiting "
		    "check", NULL);
		return err_set(e, E_DENIED, "check", "R-40: job %lld is "
		    "awaiting a second user's check", (long long)job);
	}
	if (strcmp(j.state, "ready") != 0)
		return err_set(e, E_CONFIRM_STALE, "job", "job %lld is %s: "
		    "request it again (or a reprint)", (long long)job, j.state);
	if (reselect(&x, s, &j, t, &pv, e) == -1) {
		snprintf(why, sizeof why, "%s", e ? e->detail : "");
		audit_job(s, "notices-run", job, "denied", why, NULL);
		goto out;
	}
	/* The output's place, checked before the approval is used. */
	if (given(o->out)) {
		if (access(o->out, F_OK) == 0) {
			err_set(e, E_EXISTS, "out", "%.200s", o->out);
			goto out;
		}
		final = xstrdup(o->out);
	} else {
		if ((dir = spool_dir(s->lg, e)) == NULL)
			goto out;
		final = xasprintf("%s/notices-%lld.pdf", dir, (long long)job);
	}
	tmp = tmp_name(final);
	if (strlen(final) >= sizeof j.file) {
		err_set(e, E_TOO_LONG, "out", "%.200s", final);
		goto out;
	}
	if (run_start(s, &j, &pv, final, res->approver, e) == -1)
		goto out;
	started = 1;
	renew = clock_now() + LEASE_SECONDS / 3;
	if (sink->open(sink->ctx, tmp, e) == -1)
		goto fail;
	opened = 1;
	for (i = 0; i < x.n; i++) {
		if (o->cancel != NULL && *o->cancel)
			break;
		x.items[i].no_job = x.items[i].no_job ? x.items[i].no_job : job;
		if (emit(&x, sink, &x.items[i], e) == -1)
			goto fail;
		if (o->progress != NULL)
			o->progress(o->progress_ctx, (long)i + 1, (long)x.n);
		lease_renew(s, job, &renew);
	}
	if (o->cancel != NULL && *o->cancel) {
		sink->abort(sink->ctx);
		unlink(tmp);
		snprintf(why, sizeof why, "cancelled after %zu of %zu notices; "
		    "no file kept", i, x.n);
		run_end(s, job, "cancelled", why);
		res->cancelled = 1;
		rc = 1;
		goto out;
	}
	opened = 0;
	if (sink->finish(sink->ctx, &pages, e) == -1 ||
	    sync_path(tmp, 0, e) == -1)
		goto fail;
	stage(o, "written");
	/*
	 * Registered first, then given its final name: a process that dies
	 * in between leaves a registered job whose file is still the
	 * temporary one, which notices_recover puts in place; there is
	 * never a finished notice file that the register does not know.
	 */
	per = x.n > 0 && pages > 0 ? pages / (int)x.n : t->pages;
	j.pages = pages;
	j.records = (int64_t)x.n;
	snprintf(j.file, sizeof j.file, "%s", final);
	printer = given(o->printer) ? o->printer : NULL;
	if (run_register(s, &j, &x, per, printer, e) == -1)
		goto fail;
	started = 0;
	stage(o, "registered");
	/* notices_recover of another process may have done it already. */
	if (rename(tmp, final) == -1 && !(errno == ENOENT &&
	    access(final, F_OK) == 0)) {
		err_set(e, E_IO, "out", "%.200s: %s", final, strerror(errno));
		unlink(tmp);
		snprintf(why, sizeof why, "%s: %s", err_message(E_IO),
		    e ? e->detail : "");
		lost_file(s->lg, s, NULL, job, why);
		goto out;
	}
	sync_path(final, 1, NULL);
	stage(o, "in place");
	snprintf(res->file, sizeof res->file, "%s", final);
	res->records = (long)x.n;
	res->pages = pages;
	if (printer != NULL && sink->deliver != NULL &&
	    sink->deliver(sink->ctx, final, e) == -1) {
		/* The PDF is kept and registered; the register no longer
		 * names the printer. */
		snprintf(why, sizeof why, "%s", e ? e->detail : "");
		printer_failed(s, job, why);
		err_set(e, E_IO, "lp", "%s (the PDF is kept as %.100s)", why,
		    final);
		goto out;
	}
	rc = 0;
	goto out;
fail:
	if (opened)
		sink->abort(sink->ctx);
	unlink(tmp);
	if (started) {
		snprintf(why, sizeof why, "%s: %s", err_message(e ? e->code :
		    E_IO), e ? e->detail : "");
		run_end(s, job, "failed", why);
	}
out:
	sel_free(&x);
	notices_preview_free(&pv);
	free(dir);
	free(final);
	free(tmp);
	return rc;
}

/* ---- recovery ------------------------------------------------------------- */

struct jobs {
	struct db_print_job *v;
	size_t n, cap;
};

static int
collect(void *ctx, const struct db_print_job *j)
{
	struct jobs *js = ctx;

	if (js->n == js->cap) {
		js->cap = js->cap ? 2 * js->cap : 8;
		js->v = xrealloc(js->v, js->cap * sizeof *js->v);
	}
	js->v[js->n++] = *j;
	return 0;
}

static const char *
base_name(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash != NULL ? slash + 1 : path;
}

/* A running job whose run is gone: failed, its partial file removed and
 * a PDF at its final name (an earlier version renamed before it
 * registered) too, since nothing accounts for it.  0 when this process
 * made the change. */
static int
interrupt(struct ledger *lg, const struct session *s, const char *actor,
    const struct db_print_job *j, const char *why,
    struct notices_recovery *rep)
{
	char *dir = NULL, *final, *tmp, detail[400];
	struct err e2;
	int partial, whole, rc = -1;

	if (given(j->file))
		final = xstrdup(j->file);
	else {
		dir = notices_spool_path(lg);
		final = xasprintf("%s/notices-%lld.pdf", dir,
		    (long long)j->job_id);
	}
	tmp = tmp_name(final);
	partial = access(tmp, F_OK) == 0;
	whole = access(final, F_OK) == 0;
	snprintf(detail, sizeof detail, "interrupted: %s; run by %s at %s; "
	    "partial file %.80s %s%s%.80s", why, j->run_by, j->run_at,
	    base_name(tmp), partial ? "removed" : "absent",
	    whole ? "; unregistered file removed: " : "",
	    whole ? base_name(final) : "");
	if (ledger_begin(lg, &e2) == -1)
		goto out;
	if (db_print_job_state(lg->db, j->job_id, "running", "failed",
	    &e2) == -1 || lease_drop(lg, j->job_id, &e2) == -1 ||
	    audit_sys(lg, s, actor, "notices-interrupt", j->job_id, "failed",
	    detail, &e2) == -1) {
		ledger_rollback(lg);
		goto out;
	}
	if (ledger_commit(lg, &e2) == -1)
		goto out;
	rc = 0;
	if (partial && unlink(tmp) == 0 && rep != NULL)
		rep->files++;
	if (whole && unlink(final) == 0 && rep != NULL)
		rep->files++;
out:
	free(dir);
	free(final);
	free(tmp);
	return rc;
}

/* A done job whose file is still the temporary one: put it in place. */
static int
complete(struct ledger *lg, const struct session *s, const char *actor,
    const struct db_print_job *j)
{
	char *tmp = tmp_name(j->file), detail[200];
	int rc = -1;

	if (access(j->file, F_OK) != 0 && access(tmp, F_OK) == 0 &&
	    rename(tmp, j->file) == 0) {
		sync_path(j->file, 1, NULL);
		snprintf(detail, sizeof detail, "registered at %s; file %.80s "
		    "put in place", j->finished_at, base_name(j->file));
		audit_sys(lg, s, actor, "notices-recover", j->job_id, "ok",
		    detail, NULL);
		rc = 0;
	}
	free(tmp);
	return rc;
}

int
notices_recover(struct ledger *lg, const struct session *s,
    const char *actor, struct notices_recovery *rep, struct err *e)
{
	struct jobs run = { 0 }, done = { 0 };
	char why[96], since[TIME_MAX];
	size_t i;
	int rc = -1;

	if (rep != NULL)
		memset(rep, 0, sizeof *rep);
	if (db_print_job_each_state(lg->db, "running", collect, &run,
	    e) == -1)
		goto out;
	for (i = 0; i < run.n; i++)
		if (!run_alive(lg, &run.v[i], why, sizeof why) &&
		    interrupt(lg, s, actor, &run.v[i], why, rep) == 0 &&
		    rep != NULL)
			rep->interrupted++;
	/* A run dies between its commit and its rename within moments of
	 * finishing: the jobs of the last week are enough to look at. */
	if (db_print_job_each_state(lg->db, "done", collect, &done, e) == -1)
		goto out;
	clock_format(clock_now() - 7 * 86400, since, sizeof since);
	for (i = 0; i < done.n; i++)
		if (given(done.v[i].file) &&
		    strcmp(done.v[i].finished_at, since) >= 0 &&
		    complete(lg, s, actor, &done.v[i]) == 0 && rep != NULL)
			rep->completed++;
	rc = 0;
out:
	free(run.v);
	free(done.v);
	return rc;
}

/* ---- register ------------------------------------------------------------- */

static int
may_read_register(struct session *s, const char *op, struct err *e)
{
	if (s->must_change)
		return err_set(e, E_AUTH_EXPIRED, "", "%s", op);
	if (session_has_any(s, ROLE_SUPERVISOR) ||
	    session_has(s, LEDGER_SYSTEM, ROLE_AUDITOR))
		return 0;
	return session_require(s, LEDGER_SYSTEM, ROLE_ADMIN, op, e);
}

int
notices_job(struct session *s, int64_t job, struct db_print_job *out,
    struct err *e)
{
	if (db_print_job_get(s->lg->db, job, out, e) == -1)
		return -1;
	if (strcmp(out->requested_by, s->user.login) == 0)
		return 0;
	/* A checker: print rights on the job's ledger. */
	if (kind_find(out->ledger, out->kind) != NULL &&
	    (session_has(s, kind_find(out->ledger, out->kind)->ledger,
	    ROLE_OPERATOR) || session_has(s, kind_find(out->ledger,
	    out->kind)->ledger, ROLE_SUPERVISOR)))
		return 0;
	if (may_read_register(s, "print-register", e) == -1)
		return -1;
	return 0;
}

int
notices_register_list(struct session *s,
    int (*fn)(void *, const struct db_print_job *), void *ctx,
    struct err *e)
{
	if (may_read_register(s, "print-register", e) == -1)
		return -1;
	if (audit_job(s, "print-register", 0, "ok", "list", e) == -1)
		return -1;
	return db_print_job_each(s->lg->db, fn, ctx, e);
}

static int
custody_dates(void *ctx, const struct db_print_custody *c)
{
	struct notices_job_row *r = ctx;

	if (strcmp(c->event, "handover") == 0)
		memcpy(r->handover, c->date, sizeof r->handover);
	else if (strcmp(c->event, "store") == 0)
		memcpy(r->store, c->date, sizeof r->store);
	else if (strcmp(c->event, "dispose") == 0)
		memcpy(r->dispose, c->date, sizeof r->dispose);
	return 0;
}

int
notices_jobs_list(struct session *s,
    int (*fn)(void *, const struct notices_job_row *), void *ctx,
    struct err *e)
{
	struct notices_job_row r;
	const struct kind *k;
	struct jobs all = { 0 };
	size_t i;
	int every, rc = -1;

	if (s->must_change)
		return err_set(e, E_AUTH_EXPIRED, "", "print-register");
	every = session_has_any(s, ROLE_SUPERVISOR) ||
	    session_has(s, LEDGER_SYSTEM, ROLE_AUDITOR) ||
	    session_has(s, LEDGER_SYSTEM, ROLE_ADMIN);
	if (!every && !session_has_any(s, ROLE_OPERATOR))
		return session_require(s, LEDGER_SYSTEM, ROLE_ADMIN,
		    "print-register", e);
	if (audit_job(s, "print-register", 0, "ok", "jobs", e) == -1)
		return -1;
	/* Read the jobs first: the custody of each is another query. */
	if (db_print_job_each(s->lg->db, collect, &all, e) == -1)
		goto out;
	for (i = 0; i < all.n; i++) {
		k = kind_find(all.v[i].ledger, all.v[i].kind);
		if (!every && (k == NULL || !(session_has(s, k->ledger,
		    ROLE_OPERATOR) || session_has(s, k->ledger,
		    ROLE_SUPERVISOR))))
			continue;
		memset(&r, 0, sizeof r);
		r.job = all.v[i];
		if (strcmp(r.job.state, "done") == 0 &&
		    db_print_custody_each(s->lg->db, r.job.job_id,
		    custody_dates, &r, e) == -1)
			goto out;
		if (fn(ctx, &r) != 0)
			break;
	}
	rc = 0;
out:
	free(all.v);
	return rc;
}

int
notices_register_pages(struct session *s, int64_t job,
    int (*fn)(void *, int64_t page, const char *key), void *ctx,
    struct err *e)
{
	if (may_read_register(s, "print-register", e) == -1)
		return -1;
	if (audit_job(s, "print-register", job, "ok", "pages", e) == -1)
		return -1;
	return db_print_page_each(s->lg->db, job, fn, ctx, e);
}

int
notices_register_custody(struct session *s, int64_t job,
    int (*fn)(void *, const struct db_print_custody *), void *ctx,
    struct err *e)
{
	if (may_read_register(s, "print-register", e) == -1)
		return -1;
	return db_print_custody_each(s->lg->db, job, fn, ctx, e);
}

static int
is_disposed(void *ctx, const struct db_print_custody *c)
{
	if (strcmp(c->event, "dispose") == 0)
		*(int *)ctx = 1;
	return 0;
}

int
notices_custody(struct session *s, int64_t job, const char *event,
    const char *date, const char *method, struct err *e)
{
	struct db_print_custody c;
	struct db_print_job j;
	char detail[200];
	int disposed = 0;

	if (s->must_change)
		return err_set(e, E_AUTH_EXPIRED, "", "print-custody");
	if (!session_has_any(s, ROLE_SUPERVISOR) &&
	    session_require(s, LEDGER_SYSTEM, ROLE_ADMIN, "print-custody",
	    e) == -1)
		return -1;
	if (event == NULL || (strcmp(event, "handover") != 0 &&
	    strcmp(event, "store") != 0 && strcmp(event, "dispose") != 0))
		return err_set(e, E_USAGE, "event", "handover, store or "
		    "dispose");
	if (!given(method))
		return err_set(e, E_REQUIRED, "method", NULL);
	memset(&c, 0, sizeof c);
	if (strlen(method) >= sizeof c.method)
		return err_set(e, E_TOO_LONG, "method", NULL);
	if (db_print_job_get(s->lg->db, job, &j, e) == -1)
		return -1;
	if (strcmp(j.state, "done") != 0)
		return err_set(e, E_DENIED, "job", "job %lld is %s, not printed",
		    (long long)job, j.state);
	if (db_print_custody_each(s->lg->db, job, is_disposed, &disposed,
	    e) == -1)
		return -1;
	if (disposed)
		return err_set(e, E_DENIED, "job", "job %lld was disposed of",
		    (long long)job);
	c.job_id = job;
	snprintf(c.event, sizeof c.event, "%s", event);
	if (given(date)) {
		if (book_date(date, 1, 0, "date", c.date, NULL, e) == -1)
			return -1;
	} else {
		struct ymd today;

		ymd_today(&today);
		ymd_to_iso(&today, c.date);
	}
	snprintf(c.method, sizeof c.method, "%s", method);
	snprintf(c.by_login, sizeof c.by_login, "%s", s->user.login);
	ledger_now(c.at);
	snprintf(detail, sizeof detail, "%s date=%s method=%.80s", event, c.date,
	    method);
	if (ledger_begin(s->lg, e) == -1)
		return -1;
	if (db_print_custody_add(s->lg->db, &c, e) == -1 ||
	    audit_job(s, "print-custody", job, "ok", detail, e) == -1) {
		ledger_rollback(s->lg);
		return -1;
	}
	return ledger_commit(s->lg, e);
}
