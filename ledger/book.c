/*
 * Helpers shared by the ledger books (book_internal.h): rights, R-24 and
 * R-34, the submit's serialised transaction, dates and months, master
 * lookups, audit rows.
 */
#include <stdio.h>
#include <string.h>

#include "audit.h"
#include "book_internal.h"
#include "codes.h"
#include "ledger_internal.h"
#include "mynumber.h"

int
book_may_enter(struct session *s, enum ledger_id l, const char *op,
    struct err *e)
{
	if (session_has(s, l, ROLE_CLERK))
		return 0;
	return session_require(s, l, ROLE_SUPERVISOR, op, e);
}

int
book_may_notice(struct session *s, enum ledger_id l, const char *op,
    struct err *e)
{
	if (session_has(s, l, ROLE_OPERATOR))
		return 0;
	return session_require(s, l, ROLE_SUPERVISOR, op, e);
}

static int
given(const char *s)
{
	return s != NULL && *s != '\0';
}

static int
check_r34(struct ledger *lg, enum ledger_id l, const char *reason,
    const char *ref_no, const char *justification, struct err *e)
{
	if (codes_check_reason(lg, l, reason, e) == -1)
		return -1;
	if (!given(ref_no))
		return err_set(e, E_REQUIRED, "ref_no",
		    "R-34: reference of the source form");
	if (strlen(ref_no) >= sizeof ((struct db_stamp *)0)->ref_no)
		return err_set(e, E_TOO_LONG, "ref_no", NULL);
	if (strcmp(reason, "03") == 0 && !given(justification))
		return err_set(e, E_REQUIRED, "justification",
		    "R-34: a correction on the office's authority");
	if (given(justification) &&
	    strlen(justification) >= sizeof ((struct db_stamp *)0)->justification)
		return err_set(e, E_TOO_LONG, "justification", NULL);
	return 0;
}

int
book_enter(struct session *s, enum ledger_id l, const char *op,
    const char *reason, const char *ref_no, const char *justification,
    struct err *e)
{
	if (book_may_enter(s, l, op, e) == -1)
		return -1;
	return check_r34(s->lg, l, reason, ref_no, justification, e);
}

int
book_begin(struct session *s, enum ledger_id l, struct err *e)
{
	char key[32];

	if (ledger_begin(s->lg, e) == -1)
		return -1;
	/*
	 * A new 番号 and every update_seq are the table's max + 1, and the
	 * pending checks read before they write: on PostgreSQL (READ
	 * COMMITTED, writers in parallel) two counters would both see the
	 * same max.  One submit per ledger at a time, as resident_submit
	 * does for new 宛名番号; the wait ends when the other commits, and
	 * every statement after it sees that commit.
	 */
	snprintf(key, sizeof key, "book:%s", ledger_name(l));
	if (db_lock_serialise(s->lg->db, key, e) == -1) {
		ledger_rollback(s->lg);
		return -1;
	}
	return 0;
}

void
book_stamp(struct session *s, struct db_stamp *st, const char *reason,
    const char *ref_no, const char *justification, int64_t seq)
{
	memset(st, 0, sizeof *st);
	snprintf(st->reason_code, sizeof st->reason_code, "%s", reason);
	snprintf(st->ref_no, sizeof st->ref_no, "%s", ref_no);
	snprintf(st->justification, sizeof st->justification, "%s",
	    justification ? justification : "");
	snprintf(st->operator_login, sizeof st->operator_login, "%s",
	    s->user.login);
	snprintf(st->terminal, sizeof st->terminal, "%s", s->lg->terminal);
	ledger_now(st->stamp);
	st->update_seq = seq;
}

int
book_date(const char *in, int required, int future, const char *field,
    char out[DATE_MAX], struct ymd *d, struct err *e)
{
	struct ymd y, today;

	out[0] = '\0';
	if (d != NULL)
		memset(d, 0, sizeof *d);
	if (!given(in))
		return required ? err_set(e, E_REQUIRED, field, NULL) : 0;
	if (wareki_parse(in, &y, e) == -1) {
		if (e != NULL)
			snprintf(e->field, sizeof e->field, "%s", field);
		return -1;
	}
	ymd_today(&today);
	if (!future && ymd_cmp(&y, &today) > 0)
		return err_set(e, E_DATE_RANGE, field, "in the future");
	ymd_to_iso(&y, out);
	if (d != NULL)
		*d = y;
	return 0;
}

void
book_month(const struct ymd *d, char out[MONTH_MAX])
{
	if (d->y <= 0)
		out[0] = '\0';
	else
		snprintf(out, MONTH_MAX, "%04u-%02u", (unsigned)d->y % 10000u,
		    (unsigned)d->m % 100u);
}

int
book_month_parse(const char *s, struct ymd *d)
{
	int y, m;
	char tail;

	memset(d, 0, sizeof *d);
	if (s == NULL || *s == '\0')
		return 0;
	if (sscanf(s, "%4d-%2d%c", &y, &m, &tail) != 2 || m < 1 || m > 12)
		return -1;
	d->y = y;
	d->m = m;
	d->d = 1;
	return 0;
}

int
book_resident(struct ledger *lg, const char *atena_no, const char *field,
    struct db_resident *out, struct err *e)
{
	if (!given(atena_no))
		return err_set(e, E_REQUIRED, field, NULL);
	if (db_resident_get(lg->db, atena_no, out, e) == -1) {
		if (e != NULL && e->code == E_NOT_FOUND)
			snprintf(e->field, sizeof e->field, "%s", field);
		return -1;
	}
	if (!out->resident_flag || out->deleted)
		return err_set(e, E_NOT_ELIGIBLE, field,
		    "not a current resident");
	return 0;
}

int
book_mynumber_matches(const char *typed, const struct db_resident *r,
    const char *field, struct err *e)
{
	char mn[MYNUMBER_LEN + 1];
	int same;

	if (!given(typed))
		return 0;
	if (mynumber_normalize(typed, mn, e) == -1) {
		if (e != NULL)
			snprintf(e->field, sizeof e->field, "%s", field);
		return -1;
	}
	same = r->my_number[0] != '\0' && strcmp(mn, r->my_number) == 0;
	memset(mn, 0, sizeof mn);
	if (!same)
		return err_set(e, E_NOT_FOUND, field, "R-61: not the number the "
		    "master holds for this 宛名番号");
	return 0;
}

int
book_audit(struct session *s, const char *op, const char *entry,
    int rireki_no, const char *detail, const char *reason, struct err *e)
{
	struct audit_event ev = { op, NULL, detail, "ok", reason };
	char target[48];

	if (rireki_no > 0)
		snprintf(target, sizeof target, "%s#%d", entry, rireki_no);
	else
		snprintf(target, sizeof target, "%s", entry);
	ev.target = target;
	return audit_append(s->lg, s, NULL, &ev, e);
}

int
book_audit_count(struct session *s, const char *op, const char *target,
    const char *what, int n, struct err *e)
{
	char detail[64];

	snprintf(detail, sizeof detail, "%s n=%d", what, n);
	return book_audit(s, op, target, 0, detail, NULL, e);
}
