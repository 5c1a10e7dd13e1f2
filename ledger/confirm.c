/*
 * Blind double entry and the pending queue, for the master and the three
 * ledger books alike: a per-ledger table gives each record struct's
 * fields (name, label, sensitivity class, key by default, place, type)
 * and how its versions are loaded and moved between states.  Every state change runs in one
 * write transaction, which serialises two supervisors racing for the same
 * entry: the second finds it no longer pending (E_CONFIRM_STALE).
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "confirm.h"
#include "kana.h"
#include "ledger_internal.h"
#include "mynumber.h"
#include "visibility.h"
#include "wareki.h"
#include "xmalloc.h"

#define NELEM(a) (sizeof (a) / sizeof (a)[0])

enum ftype { F_TEXT, F_KANA, F_DATE, F_MYNUMBER, F_INT, F_I64 };

/* A field of a record struct: its definition, place and type. */
struct rfield {
	struct confirm_fielddef def;
	size_t off, size;
	enum ftype type;
};

#define FLD(s, n, label, t, sens, key) { { #n, label, sens, key }, \
	offsetof(struct s, n), sizeof(((struct s *)0)->n), t }

static const struct rfield resident_fields[] = {
	FLD(db_resident, name, N_("氏名"), F_TEXT, SENS_ORDINARY, 0),
	FLD(db_resident, name_kana, N_("フリガナ"), F_KANA, SENS_ORDINARY, 1),
	FLD(db_resident, birth_date, N_("生年月日"), F_DATE, SENS_ORDINARY, 1),
	FLD(db_resident, sex, N_("性別"), F_INT, SENS_ORDINARY, 0),
	FLD(db_resident, my_number, N_("個人番号"), F_MYNUMBER, SENS_MYNUMBER, 1),
	FLD(db_resident, postal_code, N_("郵便番号"), F_TEXT, SENS_ORDINARY, 0),
	FLD(db_resident, address, N_("住所"), F_TEXT, SENS_ORDINARY, 0),
	FLD(db_resident, katagaki, N_("方書"), F_TEXT, SENS_ORDINARY, 0),
	FLD(db_resident, household_no, N_("世帯番号"), F_TEXT, SENS_ORDINARY, 0),
	FLD(db_resident, movement_date, N_("異動年月日"), F_DATE, SENS_ORDINARY, 0),
	FLD(db_resident, notified_date, N_("届出年月日"), F_DATE, SENS_ORDINARY, 0),
	FLD(db_resident, alias_name, N_("通称名"), F_TEXT, SENS_ORDINARY, 0),
	FLD(db_resident, former_surname, N_("旧氏"), F_TEXT, SENS_ORDINARY, 0),
	FLD(db_resident, phone, N_("電話番号"), F_TEXT, SENS_ORDINARY, 0),
};

static const struct rfield child_fields[] = {
	FLD(db_child_claim, claimant_atena, N_("請求者宛名番号"), F_TEXT, SENS_ORDINARY, 0),
	FLD(db_child_claim, spouse_atena, N_("配偶者宛名番号"), F_TEXT, SENS_ORDINARY, 0),
	FLD(db_child_claim, claimant_type, N_("受給者区分"), F_INT, SENS_ORDINARY, 0),
	FLD(db_child_claim, channel, N_("受付方法"), F_INT, SENS_ORDINARY, 0),
	FLD(db_child_claim, claim_date, N_("認定請求日"), F_DATE, SENS_ORDINARY, 1),
	FLD(db_child_claim, event_date, N_("事由発生日"), F_DATE, SENS_ORDINARY, 0),
	FLD(db_child_claim, start_month, N_("支給開始月"), F_TEXT, SENS_ORDINARY, 0),
	FLD(db_child_claim, end_month, N_("支給終了月"), F_TEXT, SENS_ORDINARY, 0),
	FLD(db_child_claim, decision, N_("決定区分"), F_TEXT, SENS_ORDINARY, 0),
	FLD(db_child_claim, decision_date, N_("決定日"), F_DATE, SENS_ORDINARY, 1),
	FLD(db_child_claim, nchildren, N_("児童数"), F_INT, SENS_ORDINARY, 0),
	FLD(db_child_claim, monthly_total, N_("月額"), F_I64, SENS_ORDINARY, 1),
	FLD(db_child_claim, suspended, N_("支払差止め"), F_INT, SENS_ORDINARY, 0),
	FLD(db_child_claim, genkyo_required, N_("現況届要"), F_INT, SENS_WELFARE, 0),
};

static const struct rfield pass_fields[] = {
	FLD(db_pass, atena_no, N_("宛名番号"), F_TEXT, SENS_ORDINARY, 0),
	FLD(db_pass, status, N_("状態区分"), F_TEXT, SENS_ORDINARY, 0),
	FLD(db_pass, apply_date, N_("申請年月日"), F_DATE, SENS_ORDINARY, 1),
	FLD(db_pass, reference_date, N_("判定基準日"), F_DATE, SENS_ORDINARY, 0),
	FLD(db_pass, income, N_("介護合計所得"), F_I64, SENS_INCOME, 0),
	FLD(db_pass, public_assistance, N_("生活保護"), F_INT, SENS_WELFARE, 0),
	FLD(db_pass, welfare_pass, N_("福祉乗車証"), F_INT, SENS_WELFARE, 0),
	FLD(db_pass, disability_no, N_("身体障害者番号"), F_TEXT, SENS_WELFARE, 0),
	FLD(db_pass, tier, N_("負担区分"), F_INT, SENS_INCOME, 0),
	FLD(db_pass, period, N_("算出期間"), F_INT, SENS_ORDINARY, 0),
	FLD(db_pass, reduction, N_("減免種類"), F_TEXT, SENS_INCOME, 0),
	FLD(db_pass, judged_on, N_("判定年月日"), F_DATE, SENS_ORDINARY, 1),
	FLD(db_pass, fee_amount, N_("負担金額"), F_I64, SENS_ORDINARY, 1),
	FLD(db_pass, paid_amount, N_("納付金額"), F_I64, SENS_ORDINARY, 1),
	FLD(db_pass, paid_date, N_("収入年月日"), F_DATE, SENS_ORDINARY, 0),
	FLD(db_pass, post_office, N_("交付郵便局"), F_TEXT, SENS_ORDINARY, 0),
	FLD(db_pass, issue_date, N_("交付年月日"), F_DATE, SENS_ORDINARY, 0),
	FLD(db_pass, refund_amount, N_("還付額"), F_I64, SENS_ORDINARY, 1),
	FLD(db_pass, end_date, N_("消滅異動年月日"), F_DATE, SENS_ORDINARY, 0),
};

static const struct rfield dose_fields[] = {
	FLD(db_dose, atena_no, N_("基本コード"), F_TEXT, SENS_ORDINARY, 0),
	FLD(db_dose, vaccine_code, N_("接種種類"), F_TEXT, SENS_HEALTH, 0),
	FLD(db_dose, dose_no, N_("接種回数"), F_INT, SENS_HEALTH, 0),
	FLD(db_dose, date, N_("接種年月日"), F_DATE, SENS_HEALTH, 1),
	FLD(db_dose, maker, N_("メーカー"), F_TEXT, SENS_HEALTH, 0),
	FLD(db_dose, lot, N_("ロットNO"), F_TEXT, SENS_HEALTH, 1),
	FLD(db_dose, lot_expiry, N_("有効期限"), F_DATE, SENS_HEALTH, 0),
	FLD(db_dose, institution, N_("医療機関コード"), F_TEXT, SENS_HEALTH, 0),
	FLD(db_dose, doctor, N_("接種医"), F_TEXT, SENS_HEALTH, 0),
	FLD(db_dose, site, N_("接種部位"), F_TEXT, SENS_HEALTH, 0),
	FLD(db_dose, volume, N_("接種量"), F_TEXT, SENS_HEALTH, 0),
	FLD(db_dose, amount, N_("請求額"), F_I64, SENS_HEALTH, 1),
	FLD(db_dose, subsidy_amount, N_("助成金額"), F_I64, SENS_HEALTH, 1),
	FLD(db_dose, voluntary, N_("任意接種"), F_INT, SENS_HEALTH, 0),
	FLD(db_dose, other_municipality, N_("他市町村接種"), F_INT, SENS_HEALTH, 0),
};
#undef FLD

/* Any version of any ledger. */
union rec {
	struct db_resident r;
	struct db_child_claim c;
	struct db_pass p;
	struct db_dose d;
};

/* How a ledger's versions are found, read and moved between states. */
static const struct book {
	enum ledger_id id;
	const struct rfield *fields;
	size_t nfields;
	size_t state, op, operator_login, stamp;	/* offsets in the record */
	enum db_book dbb;			/* not for the master */
} books[] = {
#define STAMPED(s) offsetof(struct s, state), offsetof(struct s, op), \
	offsetof(struct s, st.operator_login), offsetof(struct s, st.stamp)
	{ LEDGER_RESIDENT, resident_fields, NELEM(resident_fields),
	    offsetof(struct db_resident, state), offsetof(struct db_resident, op),
	    offsetof(struct db_resident, operator_login),
	    offsetof(struct db_resident, stamp), DB_BOOK_N },
	{ LEDGER_CHILD, child_fields, NELEM(child_fields),
	    STAMPED(db_child_claim), DB_BOOK_CHILD },
	{ LEDGER_ELDERLY, pass_fields, NELEM(pass_fields), STAMPED(db_pass),
	    DB_BOOK_PASS },
	{ LEDGER_VACCINE, dose_fields, NELEM(dose_fields), STAMPED(db_dose),
	    DB_BOOK_DOSE },
#undef STAMPED
};

static const struct book *
book_of(enum ledger_id l)
{
	size_t i;

	for (i = 0; i < NELEM(books); i++)
		if (books[i].id == l)
			return &books[i];
	return NULL;
}

static const char *
rstr(const union rec *r, size_t off)
{
	return (const char *)r + off;
}

int
confirm_fields(enum ledger_id l, struct confirm_fielddef *out, int max)
{
	const struct book *b = book_of(l);
	int i;

	if (b == NULL)
		return -1;
	for (i = 0; i < (int)b->nfields && i < max; i++)
		out[i] = b->fields[i].def;
	return (int)b->nfields;
}

/* Load version (entry, rireki_no) of ledger l into r. */
static int
load_version(struct db *db, const struct book *b, const char *entry,
    int rireki_no, union rec *r, struct err *e)
{
	const char *dash;

	switch (b->id) {
	case LEDGER_RESIDENT:
		return db_resident_version(db, entry, rireki_no, &r->r, e);
	case LEDGER_CHILD:
		return db_child_version(db, entry, rireki_no, &r->c, e);
	case LEDGER_ELDERLY:
		if ((dash = strchr(entry, '-')) == NULL)
			return err_set(e, E_NOT_FOUND, "entry", NULL);
		return db_pass_version(db, atoi(entry), dash + 1, rireki_no,
		    &r->p, e);
	case LEDGER_VACCINE:
		return db_dose_version(db, entry, rireki_no, &r->d, e);
	default:
		return err_set(e, E_NOT_FOUND, "ledger", NULL);
	}
}

/* The field's value in r as text. */
static void
rfield_value(const union rec *r, const struct rfield *f, char *out,
    size_t size)
{
	const char *base = (const char *)r + f->off;

	if (f->type == F_INT)
		snprintf(out, size, "%d", *(const int *)(const void *)base);
	else if (f->type == F_I64)
		snprintf(out, size, "%lld",
		    (long long)*(const int64_t *)(const void *)base);
	else
		snprintf(out, size, "%s", base);
}

/* Canonical form of a typed value for comparison; caller frees. */
static char *
canonical(enum ftype t, const char *v)
{
	char mn[MYNUMBER_LEN + 1], iso[DATE_MAX];
	struct ymd d;
	char *s;

	switch (t) {
	case F_MYNUMBER:
		if (mynumber_normalize(v, mn, NULL) == -1)
			return xstrdup(v);
		return xstrdup(mn);
	case F_DATE:
		if (*v == '\0' || wareki_parse(v, &d, NULL) == -1)
			return xstrdup(v);
		ymd_to_iso(&d, iso);
		return xstrdup(iso);
	case F_KANA:
		if ((s = kana_normalize(v, NULL)) != NULL)
			return s;
		break;
	case F_INT:
	case F_I64:
		/* Amounts as written: "15,000", "¥15000", "１５０００円". */
		if ((s = text_normalize(v, NULL)) != NULL) {
			char *w = s, *q;

			for (q = s; *q != '\0'; q++)
				if ((*q >= '0' && *q <= '9') || (*q == '-' && w == s))
					*w++ = *q;
			*w = '\0';
			return s;
		}
		break;
	default:
		break;
	}
	if ((s = text_normalize(v, NULL)) != NULL)
		return s;
	return xstrdup(v);
}

/* Nonzero when name is in the comma-separated list. */
static int
in_list(const char *list, const char *name)
{
	size_t n = strlen(name);
	const char *p;

	for (p = list; (p = strstr(p, name)) != NULL; p += n)
		if ((p == list || p[-1] == ',') && (p[n] == ',' || p[n] == '\0'))
			return 1;
	return 0;
}

/* The key fields of ledger l: the admin's setting, else the defaults. */
static void
key_list(struct ledger *lg, const struct book *b, char *out, size_t size)
{
	char key[48];
	size_t i, n = 0;

	snprintf(key, sizeof key, "confirm_keys.%s", ledger_name(b->id));
	if (db_setting_get(lg->db, key, out, size, NULL) == 0)
		return;
	out[0] = '\0';
	for (i = 0; i < b->nfields; i++)
		if (b->fields[i].def.key && n < size)
			n += (size_t)snprintf(out + n, size - n, "%s%s",
			    n ? "," : "", b->fields[i].def.name);
}

static int
may_confirm(struct session *s, enum ledger_id l, const char *op, struct err *e)
{
	return session_require(s, l, ROLE_SUPERVISOR, op, e);
}

struct qacc {
	struct db_pending *v;
	size_t n, cap;
};

static int
qadd(void *ctx, const struct db_pending *p)
{
	struct qacc *q = ctx;

	if (q->n == q->cap) {
		q->cap = q->cap ? 2 * q->cap : 32;
		q->v = xrealloc(q->v, q->cap * sizeof *q->v);
	}
	q->v[q->n++] = *p;
	return 0;
}

/* Order of the ledger named n in the table (ties within one second). */
static int
ledger_rank(const char *n)
{
	size_t i;

	for (i = 0; i < NELEM(books); i++)
		if (strcmp(ledger_name(books[i].id), n) == 0)
			return (int)i;
	return (int)NELEM(books);
}

static int
by_stamp(const void *a, const void *b)
{
	const struct db_pending *x = a, *y = b;
	int c = strcmp(x->stamp, y->stamp);

	if (c == 0)
		c = ledger_rank(x->ledger) - ledger_rank(y->ledger);
	return c != 0 ? c : strcmp(x->entry, y->entry);
}

/* One ledger's queue into q. */
static int
queue_of(struct ledger *lg, const struct book *b, int rejected,
    const char *clerk, struct qacc *q, struct err *e)
{
	if (b->id == LEDGER_RESIDENT)
		return db_resident_queue(lg->db, rejected, clerk, qadd, q, e);
	return db_book_queue(lg->db, b->dbb, rejected, clerk, qadd, q, e);
}

/* The queues of the ledgers selected by want, merged oldest first. */
static int
merged(struct session *s, const int want[LEDGER_N], int rejected,
    const char *clerk, int (*fn)(void *, const struct db_pending *),
    void *ctx, struct err *e)
{
	struct qacc q = { NULL, 0, 0 };
	size_t i;
	int rc = 0;

	for (i = 0; i < NELEM(books) && rc == 0; i++)
		if (want[books[i].id])
			rc = queue_of(s->lg, &books[i], rejected, clerk, &q, e);
	if (rc == 0) {
		if (q.n > 1)
			qsort(q.v, q.n, sizeof *q.v, by_stamp);
		for (i = 0; i < q.n; i++)
			if (fn(ctx, &q.v[i]) != 0)
				break;
	}
	free(q.v);
	return rc;
}

int
confirm_queue(struct session *s, enum ledger_id l, const char *clerk,
    int (*fn)(void *, const struct db_pending *), void *ctx, struct err *e)
{
	int want[LEDGER_N] = { 0 }, any = 0;
	size_t i;

	if (l != LEDGER_N) {
		if (book_of(l) == NULL)
			return err_set(e, E_NOT_FOUND, "ledger",
			    "no pending entries kept");
		if (may_confirm(s, l, "confirm-queue", e) == -1)
			return -1;
		want[l] = 1;
	} else {
		for (i = 0; i < NELEM(books); i++)
			if (session_has(s, books[i].id, ROLE_SUPERVISOR))
				any = want[books[i].id] = 1;
		if (!any)
			return may_confirm(s, LEDGER_RESIDENT, "confirm-queue", e);
	}
	return merged(s, want, 0, clerk, fn, ctx, e);
}

int
confirm_rejected(struct session *s,
    int (*fn)(void *, const struct db_pending *), void *ctx, struct err *e)
{
	int want[LEDGER_N] = { 0 };
	size_t i;

	for (i = 0; i < NELEM(books); i++)
		want[books[i].id] = 1;
	return merged(s, want, 1, s->user.login, fn, ctx, e);
}

/* Load the version and check that the session may confirm it now. */
static int
load_pending(struct session *s, const struct confirm_ref *ref,
    const struct book **bp, union rec *r, struct err *e)
{
	const struct book *b = book_of(ref->ledger);

	*bp = b;
	if (b == NULL)
		return err_set(e, E_NOT_FOUND, "ledger", NULL);
	if (load_version(s->lg->db, b, ref->entry, ref->rireki_no, r, e) == -1)
		return -1;
	if (strcmp(rstr(r, b->state), "pending") != 0)
		return err_set(e, E_CONFIRM_STALE, "", "%s", rstr(r, b->state));
	if (strcmp(rstr(r, b->operator_login), s->user.login) == 0)
		return err_set(e, E_CONFIRM_OWN, "", NULL);
	return 0;
}

static void
confirm_audit(struct session *s, const struct confirm_ref *ref, const char *op,
    const char *detail, const char *outcome)
{
	struct audit_event ev = { op, NULL, detail, outcome, NULL };
	char target[48];

	snprintf(target, sizeof target, "%s#%d", ref->entry, ref->rireki_no);
	ev.target = target;
	audit_append(s->lg, s, NULL, &ev, NULL);
}

/* Fill view from r; key fields blank unless reveal is set; non-key
 * fields masked or hidden as the session's role sees their class. */
static void
fill_view(struct session *s, const struct book *b, const union rec *r,
    const char *keys, int reveal, struct confirm_view *v)
{
	const struct rfield *rf;
	struct confirm_field *f;
	enum vis vis;
	size_t i;

	snprintf(v->op, sizeof v->op, "%s", rstr(r, b->op));
	snprintf(v->entered_by, sizeof v->entered_by, "%s",
	    rstr(r, b->operator_login));
	snprintf(v->entered_at, sizeof v->entered_at, "%s", rstr(r, b->stamp));
	v->nfields = 0;
	for (i = 0; i < b->nfields && v->nfields < CONFIRM_MAX_FIELDS; i++) {
		rf = &b->fields[i];
		f = &v->fields[v->nfields++];
		memset(f, 0, sizeof *f);
		snprintf(f->name, sizeof f->name, "%s", rf->def.name);
		f->key = in_list(keys, f->name);
		if (f->key && !reveal)
			continue;
		rfield_value(r, rf, f->value, sizeof f->value);
		if (f->key)
			continue;
		vis = visibility_of(s, b->id, rf->def.sens);
		if (rf->type == F_MYNUMBER) {
			if (vis != VIS_SHOWN)
				mynumber_mask(r->r.my_number, f->value);
		} else if (vis == VIS_MASKED)
			snprintf(f->value, sizeof f->value, "%s",
			    visibility_mask());
		else if (vis == VIS_HIDDEN)
			f->value[0] = '\0';
	}
}

int
confirm_open(struct session *s, const struct confirm_ref *ref,
    struct confirm_view *v, struct err *e)
{
	const struct book *b;
	union rec *r;
	char keys[256];
	int rc = -1;

	if (book_of(ref->ledger) == NULL)
		return err_set(e, E_NOT_FOUND, "ledger", NULL);
	if (may_confirm(s, ref->ledger, "confirm-open", e) == -1)
		return -1;
	memset(v, 0, sizeof *v);
	v->ref = *ref;
	r = xmalloc(sizeof *r);
	if (load_pending(s, ref, &b, r, e) == -1) {
		if (e != NULL && e->code == E_CONFIRM_OWN)
			confirm_audit(s, ref, "confirm-open", "R-36: own entry",
			    "denied");
		goto out;
	}
	key_list(s->lg, b, keys, sizeof keys);
	v->max_tries = (int)ledger_setting_long(s->lg, "confirm_max_tries", 3,
	    1, 10);
	v->tries = db_confirm_tries(s->lg->db, ledger_name(ref->ledger),
	    ref->entry, ref->rireki_no, e);
	if (v->tries < 0)
		goto out;
	fill_view(s, b, r, keys, v->tries >= v->max_tries, v);
	confirm_audit(s, ref, "confirm-open", NULL, "ok");
	rc = 0;
out:
	xwipe(r, sizeof *r);
	free(r);
	return rc;
}

/* The re-keyed value for name, or NULL. */
static const char *
rekeyed(const struct confirm_value *vals, int n, const char *name)
{
	int i;

	for (i = 0; i < n; i++)
		if (strcmp(vals[i].name, name) == 0)
			return vals[i].value ? vals[i].value : "";
	return NULL;
}

/* Make the version current (the database's four-eyes trigger applies). */
static int
make_current(struct ledger *lg, const struct book *b,
    const struct confirm_ref *ref, const char *by, const char *at,
    struct err *e)
{
	if (b->id == LEDGER_RESIDENT)
		return db_resident_make_current(lg->db, ref->entry,
		    ref->rireki_no, by, at, e);
	return db_book_make_current(lg->db, b->dbb, ref->entry, ref->rireki_no,
	    by, at, e);
}

int
confirm_try(struct session *s, struct confirm_view *v,
    const struct confirm_value *vals, int n, struct err *e)
{
	struct ledger *lg = s->lg;
	const struct book *b = NULL;
	union rec *r = xmalloc(sizeof *r);
	char stored[256], keys[256], detail[96], now[TIME_MAX];
	char *a, *c;
	const char *typed;
	int i, bad = 0, rc = -1, tries;

	if (book_of(v->ref.ledger) == NULL) {
		err_set(e, E_NOT_FOUND, "ledger", NULL);
		goto out;
	}
	if (may_confirm(s, v->ref.ledger, "confirm", e) == -1)
		goto out;
	if (ledger_begin(lg, e) == -1)
		goto out;
	if (load_pending(s, &v->ref, &b, r, e) == -1) {
		ledger_rollback(lg);
		confirm_audit(s, &v->ref, "confirm", e && e->code == E_CONFIRM_OWN ?
		    "R-36: own entry" : "not pending", "denied");
		goto out;
	}
	key_list(lg, b, keys, sizeof keys);
	tries = db_confirm_tries(lg->db, ledger_name(v->ref.ledger), v->ref.entry,
	    v->ref.rireki_no, e);
	if (tries < 0)
		goto fail;
	if (tries >= v->max_tries) {
		err_set(e, E_CONFIRM_TRIES, "", NULL);
		goto fail;
	}
	detail[0] = '\0';
	for (i = 0; i < (int)b->nfields; i++) {
		const struct rfield *rf = &b->fields[i];

		if (!in_list(keys, rf->def.name))
			continue;
		typed = rekeyed(vals, n, rf->def.name);
		rfield_value(r, rf, stored, sizeof stored);
		a = canonical(rf->type, typed ? typed : "");
		c = canonical(rf->type, stored);
		if (typed == NULL || strcmp(a, c) != 0) {
			bad++;
			snprintf(detail + strlen(detail), sizeof detail - strlen(detail),
			    "%s%s", detail[0] ? "," : "mismatch:", rf->def.name);
		}
		if (i < CONFIRM_MAX_FIELDS)
			v->fields[i].mismatch = typed == NULL || strcmp(a, c) != 0;
		xfree_secret(&a);
		xfree_secret(&c);
	}
	xwipe(stored, sizeof stored);
	if (bad > 0) {
		struct audit_event ev = { "confirm-mismatch", NULL, detail, "failed",
		    NULL };
		char target[48];

		snprintf(target, sizeof target, "%s#%d", v->ref.entry,
		    v->ref.rireki_no);
		ev.target = target;
		if ((tries = db_confirm_tries_add(lg->db, ledger_name(v->ref.ledger),
		    v->ref.entry, v->ref.rireki_no, e)) < 0 ||
		    audit_append(lg, s, NULL, &ev, e) == -1 ||
		    ledger_commit(lg, e) == -1)
			goto fail;
		v->tries = tries;
		if (tries >= v->max_tries) {
			fill_view(s, b, r, keys, 1, v);
			for (i = 0; i < v->nfields; i++)
				v->fields[i].mismatch = 0;
			err_set(e, E_CONFIRM_TRIES, "", NULL);
		} else
			err_set(e, E_CONFIRM_MISMATCH, "", "%s", detail + 9);
		goto out;
	}
	ledger_now(now);
	{
		struct audit_event ev = { "confirm", NULL, "R-36/R-37 blind re-key",
		    "ok", NULL };
		char target[48];

		snprintf(target, sizeof target, "%s#%d", v->ref.entry,
		    v->ref.rireki_no);
		ev.target = target;
		if (make_current(lg, b, &v->ref, s->user.login, now, e) == -1 ||
		    audit_append(lg, s, NULL, &ev, e) == -1 ||
		    ledger_commit(lg, e) == -1)
			goto fail;
	}
	rc = 0;
	goto out;
fail:
	ledger_rollback(lg);
out:
	xwipe(r, sizeof *r);
	free(r);
	return rc;
}

int
confirm_reject(struct session *s, const struct confirm_ref *ref,
    const char *comment, struct err *e)
{
	struct ledger *lg = s->lg;
	const struct book *b;
	union rec *r;
	struct audit_event ev = { "reject", NULL, NULL, "ok", NULL };
	char target[48];
	int rc = -1;

	if (comment == NULL || *comment == '\0')
		return err_set(e, E_REQUIRED, "comment", NULL);
	if (book_of(ref->ledger) == NULL)
		return err_set(e, E_NOT_FOUND, "ledger", NULL);
	if (may_confirm(s, ref->ledger, "reject", e) == -1)
		return -1;
	r = xmalloc(sizeof *r);
	if (ledger_begin(lg, e) == -1)
		goto out;
	if (load_pending(s, ref, &b, r, e) == -1)
		goto fail;
	if ((b->id == LEDGER_RESIDENT ? db_resident_reject(lg->db, ref->entry,
	    ref->rireki_no, comment, e) : db_book_reject(lg->db, b->dbb,
	    ref->entry, ref->rireki_no, comment, e)) == -1)
		goto fail;
	snprintf(target, sizeof target, "%s#%d", ref->entry, ref->rireki_no);
	ev.target = target;
	if (audit_append(lg, s, NULL, &ev, e) == -1 || ledger_commit(lg, e) == -1)
		goto fail;
	rc = 0;
	goto out;
fail:
	ledger_rollback(lg);
out:
	xwipe(r, sizeof *r);
	free(r);
	return rc;
}
