/*
 * Person search and view.  The search key for a kana name is its 清音化
 * form (voicing, small kana and long vowels folded), so "ヤマダ", "やまだ"
 * and "ﾔﾏﾀﾞ" find the same people; a kanji name matches the stored name
 * without spaces.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "buf.h"
#include "kana.h"
#include "ledger_internal.h"
#include "mynumber.h"
#include "resident.h"
#include "visibility.h"
#include "wareki.h"
#include "xmalloc.h"

void
resident_derive_keys(struct db_resident *r)
{
	char *k = kana_search_key(r->name_kana);
	char *n = name_search_key(r->name);

	snprintf(r->name_key, sizeof r->name_key, "%s", k ? k : "");
	snprintf(r->name_norm, sizeof r->name_norm, "%s", n ? n : "");
	free(k);
	free(n);
}

/* Clerk or supervisor on a business ledger: a grant on the system ledger
 * is no ledger right. */
static int
business_role(const struct session *s, enum role r)
{
	return session_has(s, LEDGER_RESIDENT, r) ||
	    session_has(s, LEDGER_CHILD, r) ||
	    session_has(s, LEDGER_ELDERLY, r) ||
	    session_has(s, LEDGER_VACCINE, r);
}

int
resident_may_search(const struct session *s)
{
	return business_role(s, ROLE_CLERK) || business_role(s, ROLE_SUPERVISOR);
}

static const char *
given(const char *s)
{
	return (s != NULL && *s != '\0') ? s : NULL;
}

/* Nonzero when s has something other than spaces and wildcards. */
static int
meaningful(const char *s)
{
	char *n;
	const char *p;
	int ok = 0;

	if (s == NULL || (n = text_normalize(s, NULL)) == NULL)
		return 0;
	for (p = n; *p != '\0'; p++)
		if (strchr(" *?%_", *p) == NULL)
			ok = 1;
	free(n);
	return ok;
}

static int
all_digits(const char *s, size_t min, size_t max)
{
	size_t n = strlen(s), i;

	if (n < min || n > max)
		return 0;
	for (i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

struct hits {
	struct db_resident *v;
	int n;
};

static int
collect(void *ctx, const struct db_resident *r)
{
	struct hits *h = ctx;

	h->v[h->n++] = *r;
	return 0;
}

static int
search_audit(struct session *s, const struct resident_query *q,
    const char *conds, int hits, const char *outcome, const char *rule)
{
	struct audit_event ev = { "search", NULL, NULL, outcome, NULL };
	char detail[160];

	snprintf(detail, sizeof detail, "conditions=%s hits=%d%s%s",
	    conds[0] ? conds : "none", hits, rule ? " " : "", rule ? rule : "");
	ev.detail = detail;
	ev.target = given(q->ref_no);
	ev.reason = given(q->reason);
	return audit_append(s->lg, s, NULL, &ev, NULL);
}

int
resident_search(struct session *s, const struct resident_query *q,
    int (*fn)(void *, const struct db_resident *), void *ctx, int *count,
    struct err *e)
{
	struct db_resident_query dq;
	struct hits h = { NULL, 0 };
	struct ymd dob;
	char conds[96] = "", iso[DATE_MAX], mn[MYNUMBER_LEN + 1];
	char *key = NULL, *norm = NULL, *addr = NULL;
	int cap, have_name, have_dob, have_addr, have_id, n, rc = -1, i;
	int allow_addr_dob = (int)ledger_setting_long(s->lg,
	    "search_allow_address_dob", 0, 0, 1);

	*count = 0;
	if (!resident_may_search(s))
		return session_require(s, LEDGER_RESIDENT, ROLE_CLERK, "search", e);
	memset(&dq, 0, sizeof dq);
	have_name = meaningful(q->name);
	have_dob = given(q->birth_date) != NULL;
	have_addr = meaningful(q->address);
	have_id = given(q->my_number) || given(q->atena_no) ||
	    given(q->juminhyo_code);
#define COND(flag, name) if (flag) snprintf(conds + strlen(conds), \
	sizeof conds - strlen(conds), "%s%s", conds[0] ? "+" : "", name)
	COND(have_name, "name");
	COND(have_dob, "dob");
	COND(have_addr, "address");
	COND(given(q->my_number), "my_number");
	COND(given(q->atena_no), "atena_no");
	COND(given(q->juminhyo_code), "juminhyo_code");
	COND(q->sex != 0, "sex");
#undef COND

	if (given(q->reason) == NULL) {
		search_audit(s, q, conds, 0, "denied", "R-27: no reason");
		return err_set(e, E_SEARCH_REASON, "reason", NULL);
	}
	if (!have_id && !(have_name && (have_dob || have_addr)) &&
	    !(allow_addr_dob && have_dob && have_addr)) {
		search_audit(s, q, conds, 0, "denied", "R-25: conditions");
		return err_set(e, E_SEARCH_CONDITIONS, "", NULL);
	}
	if (given(q->my_number)) {
		if (mynumber_validate(q->my_number, mn, e) == -1) {
			search_audit(s, q, conds, 0, "denied", "R-28: my_number");
			return -1;
		}
		dq.my_number = mn;
	}
	if (given(q->atena_no)) {
		if (!all_digits(q->atena_no, 1, 15)) {
			search_audit(s, q, conds, 0, "denied", "R-25: atena_no");
			return err_set(e, E_BAD_CHAR, "atena_no", NULL);
		}
		dq.atena_no = q->atena_no;
	}
	if (given(q->juminhyo_code)) {
		if (!all_digits(q->juminhyo_code, 11, 11)) {
			search_audit(s, q, conds, 0, "denied", "R-25: juminhyo_code");
			return err_set(e, E_BAD_CHAR, "juminhyo_code", NULL);
		}
		dq.juminhyo_code = q->juminhyo_code;
	}
	if (have_dob) {
		if (wareki_parse(q->birth_date, &dob, e) == -1) {
			if (e != NULL)
				snprintf(e->field, sizeof e->field, "birth_date");
			search_audit(s, q, conds, 0, "denied", "R-31: date");
			return -1;
		}
		ymd_to_iso(&dob, iso);
		dq.birth_date = iso;
	}
	if (have_name && !have_id) {
		if (kana_only(q->name))
			dq.name_key = key = kana_search_key(q->name);
		else
			dq.name_norm = norm = name_search_key(q->name);
		if (key == NULL && norm == NULL) {
			search_audit(s, q, conds, 0, "denied", "R-31: name");
			return err_set(e, E_ENCODING, "name", NULL);
		}
	}
	if (have_addr)
		dq.address = addr = text_normalize(q->address, NULL);
	dq.include_restricted = session_has_any(s, ROLE_SUPERVISOR);

	cap = (int)ledger_setting_long(s->lg, "search_cap", 50, 1, 1000);
	h.v = xmalloc(sizeof *h.v * (size_t)cap);
	if (db_resident_search(s->lg->db, &dq, cap, collect, &h, &n, e) == -1) {
		search_audit(s, q, conds, 0, "error", NULL);
		goto out;
	}
	*count = n;
	if (n > cap) {
		search_audit(s, q, conds, n, "failed", "R-26: too many");
		err_set(e, E_SEARCH_TOO_MANY, "", "more than %d", cap);
		goto out;
	}
	if (search_audit(s, q, conds, n, "ok", NULL) == -1) {
		err_set(e, E_DB, "", "could not write the audit log");
		goto out;
	}
	for (i = 0; i < h.n; i++)
		if (fn != NULL && fn(ctx, &h.v[i]) != 0)
			break;
	rc = 0;
out:
	if (h.v != NULL) {
		xwipe(h.v, sizeof *h.v * (size_t)cap);
		free(h.v);
	}
	free(key);
	free(norm);
	free(addr);
	return rc;
}

int
resident_view(struct session *s, const char *atena_no, struct db_resident *out,
    struct err *e)
{
	struct audit_event ev = { "view", atena_no, NULL, "ok", NULL };

	if (!resident_may_search(s))
		return session_require(s, LEDGER_RESIDENT, ROLE_CLERK, "view", e);
	if (db_resident_get(s->lg->db, atena_no, out, e) == -1)
		return -1;
	if (out->restricted && !session_has_any(s, ROLE_SUPERVISOR)) {
		ev.outcome = "denied";
		ev.detail = "R-14: restricted";
		audit_append(s->lg, s, NULL, &ev, NULL);
		memset(out, 0, sizeof *out);
		return err_set(e, E_DENIED, "", "restricted record");
	}
	return audit_append(s->lg, s, NULL, &ev, e);
}

static const char *const op_names[RES_OP_N] = {
	"movein", "move", "correct", "moveout", "death"
};

const char *
resident_op_name(enum resident_op op)
{
	return (op >= 0 && op < RES_OP_N) ? op_names[op] : "?";
}

/* Normalise the string in dst in place (NFKC, white space folded);
 * names keep U+3000 between their parts as the register writes them. */
static int
norm_field(char *dst, size_t size, const char *field, int japanese_space,
    struct err *e)
{
	struct buf b;
	char *n = text_normalize(dst, e);
	const char *p;

	if (n == NULL) {
		if (e != NULL)
			snprintf(e->field, sizeof e->field, "%s", field);
		return -1;
	}
	buf_init(&b);
	for (p = n; *p != '\0'; p++) {
		if (*p == ' ' && japanese_space)
			buf_adds(&b, "\xe3\x80\x80");
		else
			buf_addc(&b, *p);
	}
	free(n);
	if (b.len >= size) {
		buf_free(&b);
		return err_set(e, E_TOO_LONG, field, NULL);
	}
	memcpy(dst, b.data ? b.data : "", b.len + 1);
	buf_free(&b);
	return 0;
}

/* Validate a date field in place (any accepted form → ISO). */
static int
date_field(char *d, const char *field, int required, const struct ymd *today,
    struct err *e)
{
	struct ymd y;

	if (d[0] == '\0')
		return required ? err_set(e, E_REQUIRED, field, NULL) : 0;
	if (wareki_parse(d, &y, e) == -1) {
		if (e != NULL)
			snprintf(e->field, sizeof e->field, "%s", field);
		return -1;
	}
	if (ymd_cmp(&y, today) > 0)
		return err_set(e, E_DATE_RANGE, field, "in the future");
	ymd_to_iso(&y, d);
	return 0;
}

/*
 * Check and normalise the fields of a proposed version (R-28, R-29,
 * Returns 0, -1 on error, or 1 when only an alert remains.
 */
static int
check_fields(struct session *s, struct db_resident *r, const char *old_mn,
    int confirm_alerts, struct err *e)
{
	struct ymd today;
	char mn[MYNUMBER_LEN + 1], *k, digits[8];
	int rc, alert = 0, i, n;

	ymd_today(&today);
	if (norm_field(r->name, sizeof r->name, "name", 1, e) == -1)
		return -1;
	if (r->name[0] == '\0')
		return err_set(e, E_REQUIRED, "name", NULL);
	if (r->name_kana[0] == '\0')
		return err_set(e, E_REQUIRED, "name_kana", NULL);
	if ((k = kana_normalize(r->name_kana, e)) == NULL) {
		if (e != NULL)
			snprintf(e->field, sizeof e->field, "name_kana");
		return -1;
	}
	if (strlen(k) >= sizeof r->name_kana) {
		free(k);
		return err_set(e, E_TOO_LONG, "name_kana", NULL);
	}
	snprintf(r->name_kana, sizeof r->name_kana, "%s", k);
	free(k);
	if (norm_field(r->alias_name, sizeof r->alias_name, "alias_name", 1, e) == -1 ||
	    norm_field(r->former_surname, sizeof r->former_surname,
	    "former_surname", 1, e) == -1 ||
	    norm_field(r->address, sizeof r->address, "address", 0, e) == -1 ||
	    norm_field(r->katagaki, sizeof r->katagaki, "katagaki", 0, e) == -1)
		return -1;
	if (date_field(r->birth_date, "birth_date", 1, &today, e) == -1 ||
	    date_field(r->movement_date, "movement_date", 0, &today, e) == -1 ||
	    date_field(r->notified_date, "notified_date", 0, &today, e) == -1 ||
	    date_field(r->removal_date, "removal_date", 0, &today, e) == -1)
		return -1;
	if (r->movement_date[0] && r->notified_date[0] &&
	    strcmp(r->movement_date, r->notified_date) > 0)
		return err_set(e, E_DATE_RANGE, "movement_date",
		    "R-32: after the notification date");
	if (r->movement_date[0] && strcmp(r->movement_date, r->birth_date) < 0)
		return err_set(e, E_DATE_RANGE, "movement_date", "before birth");
	if (r->sex != 1 && r->sex != 2 && r->sex != 9)
		return err_set(e, E_CHOICE, "sex", NULL);
	/* Postal code: 7 digits, a hyphen allowed as written on letters. */
	for (i = n = 0; r->postal_code[i] != '\0'; i++) {
		if (r->postal_code[i] >= '0' && r->postal_code[i] <= '9' && n < 7)
			digits[n++] = r->postal_code[i];
		else if (r->postal_code[i] != '-' || i != 3)
			return err_set(e, E_POSTAL, "postal_code", NULL);
	}
	if (i > 0 && n != 7)
		return err_set(e, E_POSTAL, "postal_code", NULL);
	digits[n] = '\0';
	snprintf(r->postal_code, sizeof r->postal_code, "%s", digits);
	if (r->my_number[0] != '\0') {
		rc = mynumber_validate(r->my_number, mn, e);
		if (rc == -1)
			return -1;
		if (rc == 1 && !confirm_alerts)
			alert = 1;
		memcpy(r->my_number, mn, sizeof mn);
		if (strcmp(r->my_number, old_mn) != 0 && r->mn_method[0] == '\0')
			return err_set(e, E_REQUIRED, "mn_method",
			    "R-29: how the number was verified");
	}
	if (r->mn_method[0] != '\0' && strcmp(r->mn_method, "card") != 0 &&
	    strcmp(r->mn_method, "notice") != 0 &&
	    strcmp(r->mn_method, "register") != 0)
		return err_set(e, E_CHOICE, "mn_method", NULL);
	(void)s;
	if (alert)
		return err_set(e, E_MYNUMBER_REPEATED, "my_number", NULL), 1;
	return 0;
}

/* The first field other than the address fields that differs. */
static const char *
non_address_change(const struct db_resident *a, const struct db_resident *b)
{
#define SAME(f) (strcmp(a->f, b->f) == 0)
	if (!SAME(name)) return "name";
	if (!SAME(name_kana)) return "name_kana";
	if (!SAME(birth_date)) return "birth_date";
	if (a->sex != b->sex) return "sex";
	if (!SAME(my_number)) return "my_number";
	if (!SAME(alias_name)) return "alias_name";
	if (!SAME(former_surname)) return "former_surname";
	if (!SAME(juminhyo_code)) return "juminhyo_code";
	if (!SAME(phone)) return "phone";
#undef SAME
	return NULL;
}

/* The next 宛名番号: one more than the greatest in use (10 digits). */
static int
next_atena(struct db *db, char out[16], struct err *e)
{
	char max[16];
	unsigned long long n;

	if (db_resident_max_atena(db, max, e) == -1)
		return -1;
	n = max[0] ? strtoull(max, NULL, 10) + 1 : 1000000001ULL;
	snprintf(out, 16, "%010llu", n);
	return 0;
}

/* The R-34 fields every change needs. */
static int
check_change(const struct resident_change *c, struct err *e)
{
	if (c->op < 0 || c->op >= RES_OP_N)
		return err_set(e, E_USAGE, "op", NULL);
	if (c->reason_code == NULL || *c->reason_code == '\0')
		return err_set(e, E_REQUIRED, "reason_code", "R-34");
	if (c->ref_no == NULL || *c->ref_no == '\0')
		return err_set(e, E_REQUIRED, "ref_no", "R-34: reference of the form");
	if (c->op == RES_CORRECT && (c->justification == NULL ||
	    *c->justification == '\0'))
		return err_set(e, E_REQUIRED, "justification", "R-34: correction");
	return 0;
}

/*
 * the movement must fit the person's state.  cur is the current
 * version (have_cur) and r the proposal, completed here for removals.
 */
static int
check_movement(const struct resident_change *c, int have_cur, int have_prior,
    const struct db_resident *cur, struct db_resident *r, struct err *e)
{
	char mdate[DATE_MAX], ndate[DATE_MAX];

	if (c->op == RES_MOVEIN) {
		if (have_cur && cur->resident_flag)
			return err_set(e, E_EXISTS, "atena_no", "R-32: moving in "
			    "a person who is already a resident");
		/* A given number must be a known person: a former resident
		 * moving back, or a rejected entry being resubmitted. */
		if (!have_cur && !have_prior && r->atena_no[0] != '\0')
			return err_set(e, E_NOT_FOUND, "atena_no", NULL);
		return 0;
	}
	if (!have_cur)
		return err_set(e, E_NOT_FOUND, "atena_no", NULL);
	if (c->op != RES_CORRECT && !cur->resident_flag)
		return err_set(e, E_DENIED, "atena_no",
		    "R-32: the person is not a current resident");
	if (c->op == RES_MOVEOUT || c->op == RES_DEATH) {
		/* A removal changes the state only: keep every other field. */
		memcpy(mdate, r->movement_date, sizeof mdate);
		memcpy(ndate, r->notified_date, sizeof ndate);
		*r = *cur;
		memcpy(r->movement_date, mdate, sizeof mdate);
		memcpy(r->notified_date, ndate, sizeof ndate);
	}
	if (c->op != RES_CORRECT && r->movement_date[0] == '\0')
		return err_set(e, E_REQUIRED, "movement_date", NULL);
	return 0;
}

/* Complete r as the new pending version after last_rireki. */
static void
stamp_version(struct session *s, const struct resident_change *c,
    struct db_resident *r, int last_rireki)
{
	r->rireki_no = last_rireki + 1;
	snprintf(r->state, sizeof r->state, "pending");
	r->current = 0;
	snprintf(r->op, sizeof r->op, "%s", resident_op_name(c->op));
	snprintf(r->movement_reason, sizeof r->movement_reason, "%s",
	    resident_op_name(c->op));
	if (c->op == RES_MOVEIN) {
		r->resident_flag = 1;
		r->removal_date[0] = r->removal_reason[0] = '\0';
	} else if (c->op == RES_MOVEOUT || c->op == RES_DEATH) {
		r->resident_flag = 0;
		memcpy(r->removal_date, r->movement_date, sizeof r->removal_date);
		snprintf(r->removal_reason, sizeof r->removal_reason, "%s",
		    resident_op_name(c->op));
		snprintf(r->retention_class, sizeof r->retention_class, "removed");
	}
	if (r->retention_class[0] == '\0')
		snprintf(r->retention_class, sizeof r->retention_class, "resident");
	snprintf(r->reason_code, sizeof r->reason_code, "%s", c->reason_code);
	snprintf(r->ref_no, sizeof r->ref_no, "%s", c->ref_no);
	snprintf(r->justification, sizeof r->justification, "%s",
	    c->justification ? c->justification : "");
	r->confirmed_by[0] = r->confirmed_at[0] = '\0';
	resident_derive_keys(r);
	snprintf(r->operator_login, sizeof r->operator_login, "%s", s->user.login);
	snprintf(r->terminal, sizeof r->terminal, "%s", s->lg->terminal);
	ledger_now(r->stamp);
}

int
resident_submit(struct session *s, const struct resident_change *c,
    char atena_out[16], int *rireki_out, struct err *e)
{
	struct ledger *lg = s->lg;
	struct db_resident *r = xmalloc(sizeof *r), *cur = xmalloc(sizeof *cur);
	struct db_resident *other = xmalloc(sizeof *other);
	struct audit_event ev = { "update", NULL, NULL, "ok", NULL };
	char target[40], detail[64], key[40];
	int have_cur, have_prior, last_rireki = 0, rc = -1;
	const char *changed;
	struct err tmp;

	if (!session_has(s, LEDGER_RESIDENT, ROLE_CLERK) &&
	    session_require(s, LEDGER_RESIDENT, ROLE_SUPERVISOR, "resident-submit",
	    e) == -1)
		goto out;
	if (check_change(c, e) == -1)
		goto out;
	*r = c->rec;
	if (ledger_begin(lg, e) == -1)
		goto out;
	/* One writer per person, and one allotting new 宛名番号, on engines
	 * that run writers in parallel (PostgreSQL). */
	snprintf(key, sizeof key, "resident:%s", r->atena_no[0] ? r->atena_no :
	    "new");
	if (db_lock_serialise(lg->db, key, e) == -1)
		goto fail;
	have_cur = r->atena_no[0] != '\0' &&
	    db_resident_get(lg->db, r->atena_no, cur, &tmp) == 0;
	if (!have_cur)
		memset(cur, 0, sizeof *cur);
	have_prior = r->atena_no[0] != '\0' &&
	    db_resident_latest(lg->db, r->atena_no, other, &tmp) == 0;
	if (c->expect_rireki > 0 && (have_prior ? other->rireki_no : 0) !=
	    c->expect_rireki) {
		err_set(e, E_RECORD_CHANGED, "rireki_no", "opened at %d, now %d",
		    c->expect_rireki, have_prior ? other->rireki_no : 0);
		goto fail;
	}
	if (have_prior) {
		if (strcmp(other->state, "pending") == 0) {
			err_set(e, E_PENDING_EXISTS, "atena_no", NULL);
			goto fail;
		}
		last_rireki = other->rireki_no;
	}
	if (check_movement(c, have_cur, have_prior, cur, r, e) == -1)
		goto fail;
	if (check_fields(s, r, cur->my_number, c->confirm_alerts, e) != 0)
		goto fail;
	if (r->my_number[0] != '\0' &&
	    db_resident_by_mynumber(lg->db, r->my_number, other, &tmp) == 0 &&
	    strcmp(other->atena_no, r->atena_no) != 0) {
		err_set(e, E_EXISTS, "my_number", "held by another resident");
		goto fail;
	}
	if (c->op == RES_MOVE && (changed = non_address_change(cur, r)) != NULL) {
		err_set(e, E_DENIED, changed,
		    "R-32: a move within the city changes the address only");
		goto fail;
	}
	if (r->atena_no[0] == '\0') {
		ev.op = "create";
		if (next_atena(lg->db, r->atena_no, e) == -1)
			goto fail;
	}
	stamp_version(s, c, r, last_rireki);
	/* 更新順番号 is max + 1 over the whole master: one allotter at a
	 * time (held to the commit, as the audit append is anyway). */
	if (db_lock_serialise(lg->db, "resident:seq", e) == -1 ||
	    (r->update_seq = db_resident_next_seq(lg->db, e)) < 0 ||
	    db_resident_insert(lg->db, r, e) == -1)
		goto fail;
	snprintf(target, sizeof target, "%s#%d", r->atena_no, r->rireki_no);
	snprintf(detail, sizeof detail, "resident %s pending",
	    resident_op_name(c->op));
	ev.target = target;
	ev.detail = detail;
	ev.reason = c->reason_code;
	if (audit_append(lg, s, NULL, &ev, e) == -1 || ledger_commit(lg, e) == -1)
		goto fail;
	snprintf(atena_out, 16, "%s", r->atena_no);
	if (rireki_out != NULL)
		*rireki_out = r->rireki_no;
	rc = 0;
	goto out;
fail:
	ledger_rollback(lg);
out:
	xwipe(r, sizeof *r);
	xwipe(cur, sizeof *cur);
	xwipe(other, sizeof *other);
	free(r);
	free(cur);
	free(other);
	return rc;
}

int
resident_history(struct session *s, const char *atena_no,
    int (*fn)(void *, const struct db_resident *), void *ctx, struct err *e)
{
	struct audit_event ev = { "history", atena_no, NULL, "ok", NULL };

	if (!resident_may_search(s))
		return session_require(s, LEDGER_RESIDENT, ROLE_CLERK, "history", e);
	if (audit_append(s->lg, s, NULL, &ev, e) == -1)
		return -1;
	return db_resident_history(s->lg->db, atena_no, fn, ctx, e);
}

int
resident_pending(struct session *s, const char *atena_no,
    struct db_resident *out, struct err *e)
{
	if (!resident_may_search(s))
		return session_require(s, LEDGER_RESIDENT, ROLE_CLERK, "view", e);
	if (db_resident_latest(s->lg->db, atena_no, out, e) == -1)
		return -1;
	if (strcmp(out->state, "pending") != 0) {
		memset(out, 0, sizeof *out);
		return err_set(e, E_NOT_FOUND, "pending", NULL);
	}
	return 0;
}

int
resident_reveal_mynumber(struct session *s, const char *atena_no,
    char out[13], struct err *e)
{
	struct audit_event ev = { "reveal", atena_no, "my_number", "ok", NULL };
	struct db_resident *r;
	int rc = -1;

	out[0] = '\0';
	if (visibility_of(s, LEDGER_RESIDENT, SENS_MYNUMBER) != VIS_SHOWN) {
		ev.outcome = "denied";
		ev.detail = "R-13: my_number not visible to role";
		audit_append(s->lg, s, NULL, &ev, NULL);
		return err_set(e, E_DENIED, "my_number", NULL);
	}
	r = xmalloc(sizeof *r);
	if (db_resident_get(s->lg->db, atena_no, r, e) == 0 &&
	    audit_append(s->lg, s, NULL, &ev, e) == 0) {
		snprintf(out, 13, "%s", r->my_number);
		rc = 0;
	}
	xwipe(r, sizeof *r);
	free(r);
	return rc;
}
