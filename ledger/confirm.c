/*
 * Blind double entry and the pending queue.  The master (residents) is
 * wired in through a small per-ledger table of operations so that the
 * three ledgers plug in the same way.  Every state change runs in one
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

enum ftype { F_TEXT, F_KANA, F_DATE, F_MYNUMBER, F_INT };

static const struct rfield {
	const char *name;
	size_t off, size;
	enum ftype type;
} resident_fields[] = {
#define RF(n, t) { #n, offsetof(struct db_resident, n), \
	sizeof(((struct db_resident *)0)->n), t }
	RF(name, F_TEXT),
	RF(name_kana, F_KANA),
	RF(birth_date, F_DATE),
	{ "sex", offsetof(struct db_resident, sex), sizeof(int), F_INT },
	RF(my_number, F_MYNUMBER),
	RF(postal_code, F_TEXT),
	RF(address, F_TEXT),
	RF(katagaki, F_TEXT),
	RF(household_no, F_TEXT),
	RF(movement_date, F_DATE),
	RF(notified_date, F_DATE),
	RF(alias_name, F_TEXT),
	RF(former_surname, F_TEXT),
	RF(phone, F_TEXT),
#undef RF
};
#define NRFIELDS (sizeof resident_fields / sizeof resident_fields[0])

static const char resident_default_keys[] = "my_number,birth_date,name_kana";

/* The field's value in r as text. */
static void
rfield_value(const struct db_resident *r, const struct rfield *f, char *out,
    size_t size)
{
	const char *base = (const char *)r + f->off;

	if (f->type == F_INT)
		snprintf(out, size, "%d", *(const int *)(const void *)base);
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

static void
key_list(struct ledger *lg, enum ledger_id l, char *out, size_t size)
{
	char key[48];

	snprintf(key, sizeof key, "confirm_keys.%s", ledger_name(l));
	if (db_setting_get(lg->db, key, out, size, NULL) == -1)
		snprintf(out, size, "%s", resident_default_keys);
}

static int
may_confirm(struct session *s, enum ledger_id l, const char *op, struct err *e)
{
	return session_require(s, l, ROLE_SUPERVISOR, op, e);
}

int
confirm_queue(struct session *s, enum ledger_id l, const char *clerk,
    int (*fn)(void *, const struct db_pending *), void *ctx, struct err *e)
{
	if (l == LEDGER_N)
		l = LEDGER_RESIDENT;
	if (l != LEDGER_RESIDENT)
		return err_set(e, E_NOT_FOUND, "ledger", "no pending entries kept");
	if (may_confirm(s, l, "confirm-queue", e) == -1)
		return -1;
	return db_resident_queue(s->lg->db, 0, clerk, fn, ctx, e);
}

int
confirm_rejected(struct session *s,
    int (*fn)(void *, const struct db_pending *), void *ctx, struct err *e)
{
	return db_resident_queue(s->lg->db, 1, s->user.login, fn, ctx, e);
}

/* Load the version and check that the session may confirm it now. */
static int
load_pending(struct session *s, const struct confirm_ref *ref,
    struct db_resident *r, struct err *e)
{
	if (ref->ledger != LEDGER_RESIDENT)
		return err_set(e, E_NOT_FOUND, "ledger", NULL);
	if (db_resident_version(s->lg->db, ref->entry, ref->rireki_no, r, e) == -1)
		return -1;
	if (strcmp(r->state, "pending") != 0)
		return err_set(e, E_CONFIRM_STALE, "", "%s", r->state);
	if (strcmp(r->operator_login, s->user.login) == 0)
		return err_set(e, E_CONFIRM_OWN, "", NULL);
	return 0;
}

static void
confirm_audit(struct session *s, const struct confirm_ref *ref, const char *op,
    const char *detail, const char *outcome)
{
	struct audit_event ev = { op, NULL, detail, outcome, NULL };
	char target[40];

	snprintf(target, sizeof target, "%s#%d", ref->entry, ref->rireki_no);
	ev.target = target;
	audit_append(s->lg, s, NULL, &ev, NULL);
}

/* Fill view from r; key fields blank unless reveal is set. */
static void
fill_view(struct session *s, const struct db_resident *r, const char *keys,
    int reveal, struct confirm_view *v)
{
	struct confirm_field *f;
	size_t i;

	snprintf(v->op, sizeof v->op, "%s", r->op);
	snprintf(v->entered_by, sizeof v->entered_by, "%s", r->operator_login);
	snprintf(v->entered_at, sizeof v->entered_at, "%s", r->stamp);
	v->nfields = 0;
	for (i = 0; i < NRFIELDS && v->nfields < CONFIRM_MAX_FIELDS; i++) {
		f = &v->fields[v->nfields++];
		memset(f, 0, sizeof *f);
		snprintf(f->name, sizeof f->name, "%s", resident_fields[i].name);
		f->key = in_list(keys, f->name);
		if (f->key && !reveal)
			continue;
		rfield_value(r, &resident_fields[i], f->value, sizeof f->value);
		if (resident_fields[i].type == F_MYNUMBER && !f->key &&
		    visibility_of(s, LEDGER_RESIDENT, SENS_MYNUMBER) != VIS_SHOWN)
			mynumber_mask(r->my_number, f->value);
	}
}

int
confirm_open(struct session *s, const struct confirm_ref *ref,
    struct confirm_view *v, struct err *e)
{
	struct db_resident *r;
	char keys[256];
	int rc = -1;

	if (may_confirm(s, ref->ledger, "confirm-open", e) == -1)
		return -1;
	memset(v, 0, sizeof *v);
	v->ref = *ref;
	r = xmalloc(sizeof *r);
	if (load_pending(s, ref, r, e) == -1) {
		if (e != NULL && e->code == E_CONFIRM_OWN)
			confirm_audit(s, ref, "confirm-open", "R-36: own entry",
			    "denied");
		goto out;
	}
	key_list(s->lg, ref->ledger, keys, sizeof keys);
	v->max_tries = (int)ledger_setting_long(s->lg, "confirm_max_tries", 3,
	    1, 10);
	v->tries = db_confirm_tries(s->lg->db, ledger_name(ref->ledger),
	    ref->entry, ref->rireki_no, e);
	if (v->tries < 0)
		goto out;
	fill_view(s, r, keys, v->tries >= v->max_tries, v);
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

int
confirm_try(struct session *s, struct confirm_view *v,
    const struct confirm_value *vals, int n, struct err *e)
{
	struct ledger *lg = s->lg;
	struct db_resident *r = xmalloc(sizeof *r);
	char stored[256], keys[256], detail[96], now[TIME_MAX];
	char *a, *b;
	const char *typed;
	int i, bad = 0, rc = -1, tries;

	if (may_confirm(s, v->ref.ledger, "confirm", e) == -1)
		goto out;
	if (ledger_begin(lg, e) == -1)
		goto out;
	if (load_pending(s, &v->ref, r, e) == -1) {
		ledger_rollback(lg);
		confirm_audit(s, &v->ref, "confirm", e && e->code == E_CONFIRM_OWN ?
		    "R-36: own entry" : "not pending", "denied");
		goto out;
	}
	key_list(lg, v->ref.ledger, keys, sizeof keys);
	tries = db_confirm_tries(lg->db, ledger_name(v->ref.ledger), v->ref.entry,
	    v->ref.rireki_no, e);
	if (tries < 0)
		goto fail;
	if (tries >= v->max_tries) {
		err_set(e, E_CONFIRM_TRIES, "", NULL);
		goto fail;
	}
	detail[0] = '\0';
	for (i = 0; i < (int)NRFIELDS; i++) {
		if (!in_list(keys, resident_fields[i].name))
			continue;
		typed = rekeyed(vals, n, resident_fields[i].name);
		rfield_value(r, &resident_fields[i], stored, sizeof stored);
		a = canonical(resident_fields[i].type, typed ? typed : "");
		b = canonical(resident_fields[i].type, stored);
		if (typed == NULL || strcmp(a, b) != 0) {
			bad++;
			snprintf(detail + strlen(detail), sizeof detail - strlen(detail),
			    "%s%s", detail[0] ? "," : "mismatch:", resident_fields[i].name);
		}
		v->fields[i].mismatch = typed == NULL || strcmp(a, b) != 0;
		xfree_secret(&a);
		xfree_secret(&b);
	}
	xwipe(stored, sizeof stored);
	if (bad > 0) {
		struct audit_event ev = { "confirm-mismatch", NULL, detail, "failed",
		    NULL };
		char target[40];

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
			fill_view(s, r, keys, 1, v);
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
		char target[40];

		snprintf(target, sizeof target, "%s#%d", v->ref.entry,
		    v->ref.rireki_no);
		ev.target = target;
		if (db_resident_make_current(lg->db, v->ref.entry, v->ref.rireki_no,
		    s->user.login, now, e) == -1 ||
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
	struct db_resident *r;
	struct audit_event ev = { "reject", NULL, NULL, "ok", NULL };
	char target[40];
	int rc = -1;

	if (comment == NULL || *comment == '\0')
		return err_set(e, E_REQUIRED, "comment", NULL);
	if (may_confirm(s, ref->ledger, "reject", e) == -1)
		return -1;
	r = xmalloc(sizeof *r);
	if (ledger_begin(lg, e) == -1)
		goto out;
	if (load_pending(s, ref, r, e) == -1 ||
	    db_resident_reject(lg->db, ref->entry, ref->rireki_no, comment, e) == -1)
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
