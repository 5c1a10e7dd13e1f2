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
#include "kana.h"
#include "ledger_internal.h"
#include "mynumber.h"
#include "resident.h"
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

int
resident_may_search(const struct session *s)
{
	return session_has_any(s, ROLE_CLERK) || session_has_any(s, ROLE_SUPERVISOR);
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
