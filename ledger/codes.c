/*
 * Code tables: entry checks, the fee table for the elderly pass's
 * rules, and the admin's CSV import with a small strict RFC 4180 reader
 * (ledger/import.c keeps its reader private to the resident import, and
 * its needs — byte-exact error files, CP932 — are not these).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "buf.h"
#include "codes.h"
#include "kana.h"
#include "ledger_internal.h"
#include "xmalloc.h"

static const char *const table_names[CODES_N] = {
	"vaccine", "institution", "post_office", "reason", "bus", "fee"
};

const char *
codes_table_name(enum codes_table t)
{
	return (t >= 0 && t < CODES_N) ? table_names[t] : "?";
}

int
codes_table_from_name(const char *name, enum codes_table *out)
{
	int i;

	for (i = 0; i < CODES_N; i++) {
		if (strcmp(name, table_names[i]) == 0) {
			*out = (enum codes_table)i;
			return 0;
		}
	}
	return -1;
}

int
codes_get(struct ledger *lg, enum codes_table t, const char *code,
    struct db_code *out, struct err *e)
{
	if (t < 0 || t >= CODES_FEE)
		return err_set(e, E_USAGE, "table", NULL);
	if (code == NULL || *code == '\0')
		return err_set(e, E_REQUIRED, table_names[t], NULL);
	if (db_code_get(lg->db, table_names[t], code, out, e) == -1) {
		if (e != NULL && e->code == E_NOT_FOUND)
			err_set(e, E_CODE_UNKNOWN, table_names[t], NULL);
		return -1;
	}
	return 0;
}

int
codes_check(struct ledger *lg, enum codes_table t, const char *code,
    struct err *e)
{
	struct db_code c;

	return codes_get(lg, t, code, &c, e);
}

int
codes_check_reason(struct ledger *lg, enum ledger_id l, const char *code,
    struct err *e)
{
	struct db_code c;

	if (code == NULL || *code == '\0')
		return err_set(e, E_REQUIRED, "reason_code", "R-34");
	if (codes_get(lg, CODES_REASON, code, &c, e) == -1) {
		if (e != NULL)
			snprintf(e->field, sizeof e->field, "reason_code");
		return -1;
	}
	if (c.attr[0] != '\0' && strcmp(c.attr, ledger_name(l)) != 0)
		return err_set(e, E_CODE_UNKNOWN, "reason_code",
		    "a reason of another ledger");
	return 0;
}

int
codes_each(struct ledger *lg, enum codes_table t,
    int (*fn)(void *, const struct db_code *), void *ctx, struct err *e)
{
	if (t < 0 || t >= CODES_FEE)
		return err_set(e, E_USAGE, "table", NULL);
	return db_code_each(lg->db, table_names[t], fn, ctx, e);
}

struct fee_acc {
	struct elderly_fee_row *rows;
	int n, cap;
};

static int
add_fee(void *ctx, const struct db_fee_row *r)
{
	struct fee_acc *a = ctx;

	if (a->n == a->cap) {
		a->cap = a->cap ? 2 * a->cap : 16;
		a->rows = xrealloc(a->rows, (size_t)a->cap * sizeof *a->rows);
	}
	a->rows[a->n].year = r->year;
	a->rows[a->n].tier = r->tier;
	a->rows[a->n].half = (long)r->half;
	a->rows[a->n].one = (long)r->one;
	a->rows[a->n].one_half = (long)r->one_half;
	a->rows[a->n].cap = (long)r->cap;
	a->n++;
	return 0;
}

struct elderly_fee_table *
codes_fees(struct ledger *lg, struct err *e)
{
	struct fee_acc a = { NULL, 0, 0 };
	struct elderly_fee_table *t;

	if (db_fee_each(lg->db, add_fee, &a, e) == -1) {
		free(a.rows);
		return NULL;
	}
	t = xcalloc(1, sizeof *t);
	t->rows = a.rows;
	t->n = a.n;
	return t;
}

void
codes_fees_free(struct elderly_fee_table **tp)
{
	if (tp == NULL || *tp == NULL)
		return;
	free((void *)(*tp)->rows);
	free(*tp);
	*tp = NULL;
}

/* ---- CSV ---------------------------------------------------------------- */

#define CSV_MAX_COLS 16

struct csv {
	const char *p, *end;
	int line;		/* line where the current record starts */
	int nl;			/* physical line of p */
};

/*
 * Read one record into f[] (each a new string); returns the number of
 * fields, 0 at the end, or -1 (E_PATTERN: an unterminated quote, text
 * after a closing quote, a quote inside an unquoted field, too many
 * columns).
 */
static int
csv_next(struct csv *c, char **f, struct err *e)
{
	struct buf b;
	int n = 0;

	if (c->p >= c->end)
		return 0;
	c->line = c->nl;
	for (;;) {
		buf_init(&b);
		if (c->p < c->end && *c->p == '"') {
			for (c->p++;; c->p++) {
				if (c->p >= c->end)
					goto bad_quote;
				if (*c->p == '"') {
					if (c->p + 1 < c->end && c->p[1] == '"') {
						buf_addc(&b, '"');
						c->p++;
						continue;
					}
					c->p++;
					break;
				}
				if (*c->p == '\n')
					c->nl++;
				buf_addc(&b, *c->p);
			}
			if (c->p < c->end && *c->p != ',' && *c->p != '\n' &&
			    !(*c->p == '\r' && c->p + 1 < c->end && c->p[1] == '\n'))
				goto bad_after;
		} else {
			while (c->p < c->end && *c->p != ',' && *c->p != '\n' &&
			    !(*c->p == '\r' && c->p + 1 < c->end && c->p[1] == '\n')) {
				if (*c->p == '"')
					goto bad_after;
				buf_addc(&b, *c->p++);
			}
		}
		if (n == CSV_MAX_COLS) {
			buf_free(&b);
			goto too_many;
		}
		f[n++] = buf_release(&b);
		if (c->p < c->end && *c->p == ',') {
			c->p++;
			continue;
		}
		if (c->p < c->end && *c->p == '\r')
			c->p++;
		if (c->p < c->end && *c->p == '\n') {
			c->p++;
			c->nl++;
		}
		return n;
	}
bad_quote:
	buf_free(&b);
	err_set(e, E_PATTERN, "csv", "line %d: unterminated quote", c->line);
	goto fail;
bad_after:
	buf_free(&b);
	err_set(e, E_PATTERN, "csv", "line %d: stray quote", c->nl);
	goto fail;
too_many:
	err_set(e, E_PATTERN, "csv", "line %d: more than %d columns", c->line,
	    CSV_MAX_COLS);
fail:
	while (n > 0)
		free(f[--n]);
	return -1;
}

static void
fields_free(char **f, int n)
{
	while (n > 0)
		free(f[--n]);
}

/* Columns: database name, Japanese name, required. */
struct colspec {
	const char *name, *ja;
	int required;
};

static const struct colspec code_spec[] = {
	{ "code", "コード", 1 }, { "name", "名称", 1 },
	{ "postal_code", "郵便番号", 0 }, { "address", "住所", 0 },
	{ "phone", "電話番号", 0 }, { "attr", "区分", 0 },
};
static const struct colspec fee_spec[] = {
	{ "year", "年度", 1 }, { "tier", "負担区分", 1 },
	{ "half", "0.5年負担金額", 1 }, { "one", "1.0年負担金額", 1 },
	{ "one_half", "1.5年負担金額", 1 }, { "cap", "限度額負担金額", 1 },
};
#define NSPEC 6

/* Map header fields to spec indexes in map[column]; E_PATTERN naming an
 * unknown, repeated or missing column. */
static int
header_map(const struct colspec *spec, char **f, int n, int map[],
    struct err *e)
{
	int seen[NSPEC] = { 0 }, i, j;

	for (i = 0; i < n; i++) {
		for (j = 0; j < NSPEC; j++)
			if (strcmp(f[i], spec[j].name) == 0 ||
			    strcmp(f[i], spec[j].ja) == 0)
				break;
		if (j == NSPEC)
			return err_set(e, E_PATTERN, "csv", "unknown column %d",
			    i + 1);
		if (seen[j]++)
			return err_set(e, E_PATTERN, spec[j].name,
			    "column given twice");
		map[i] = j;
	}
	for (j = 0; j < NSPEC; j++)
		if (spec[j].required && !seen[j])
			return err_set(e, E_REQUIRED, spec[j].name,
			    "column missing");
	return 0;
}

/* Trim ASCII blanks and U+3000 at both ends, in place. */
static void
trim(char *s)
{
	size_t n = strlen(s), k = 0;

	for (;;) {
		if (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
			n--;
		else if (n >= 3 && memcmp(s + n - 3, "\xe3\x80\x80", 3) == 0)
			n -= 3;
		else
			break;
	}
	s[n] = '\0';
	for (;;) {
		if (s[k] == ' ' || s[k] == '\t')
			k++;
		else if (strncmp(s + k, "\xe3\x80\x80", 3) == 0)
			k += 3;
		else
			break;
	}
	memmove(s, s + k, n - k + 1);
}

static int
put_text(char *dst, size_t size, const char *v, const char *field,
    struct err *e)
{
	if (strlen(v) >= size)
		return err_set(e, E_TOO_LONG, field, NULL);
	memcpy(dst, v, strlen(v) + 1);
	return 0;
}

static int
code_ok(const char *s)
{
	if (*s == '\0')
		return 0;
	for (; *s != '\0'; s++)
		if (!((*s >= '0' && *s <= '9') || (*s >= 'A' && *s <= 'Z') ||
		    (*s >= 'a' && *s <= 'z') || *s == '-' || *s == '_'))
			return 0;
	return 1;
}

static int
amount(const char *v, int64_t *out, const char *field, struct err *e)
{
	char *end;
	long long n;

	if (*v == '\0' || *v == '-' || *v == '+')
		return err_set(e, E_AMOUNT, field, NULL);
	n = strtoll(v, &end, 10);
	if (*end != '\0' || n < 0 || n > 100000000LL)
		return err_set(e, E_AMOUNT, field, NULL);
	*out = n;
	return 0;
}

/* One record of a code table into c (R-31 checks). */
static int
code_record(enum codes_table t, char **f, int n, const int map[],
    struct db_code *c, struct err *e)
{
	char digits[8];
	int i, k, nd;

	memset(c, 0, sizeof *c);
	snprintf(c->kind, sizeof c->kind, "%s", table_names[t]);
	for (i = 0; i < n; i++) {
		const char *name = code_spec[map[i]].name;
		char *v = f[i];

		trim(v);
		switch (map[i]) {
		case 0:
			if (!code_ok(v))
				return err_set(e, *v ? E_BAD_CHAR : E_REQUIRED,
				    name, NULL);
			if (put_text(c->code, sizeof c->code, v, name, e) == -1)
				return -1;
			break;
		case 1:
			if (*v == '\0')
				return err_set(e, E_REQUIRED, name, NULL);
			if (put_text(c->name, sizeof c->name, v, name, e) == -1)
				return -1;
			break;
		case 2:
			for (k = nd = 0; v[k] != '\0'; k++) {
				if (v[k] >= '0' && v[k] <= '9' && nd < 7)
					digits[nd++] = v[k];
				else if (v[k] != '-' || k != 3)
					return err_set(e, E_POSTAL, name, NULL);
			}
			if (k > 0 && nd != 7)
				return err_set(e, E_POSTAL, name, NULL);
			digits[nd] = '\0';
			snprintf(c->postal_code, sizeof c->postal_code, "%s",
			    digits);
			break;
		case 3:
			if (put_text(c->address, sizeof c->address, v, name, e) == -1)
				return -1;
			break;
		case 4:
			if (strspn(v, "0123456789-") != strlen(v))
				return err_set(e, E_BAD_CHAR, name, NULL);
			if (put_text(c->phone, sizeof c->phone, v, name, e) == -1)
				return -1;
			break;
		default:
			if (put_text(c->attr, sizeof c->attr, v, name, e) == -1)
				return -1;
			break;
		}
	}
	if (c->code[0] == '\0')
		return err_set(e, E_REQUIRED, "code", NULL);
	if (t == CODES_VACCINE && strcmp(c->attr, "A") != 0 &&
	    strcmp(c->attr, "B") != 0)
		return err_set(e, E_CHOICE, "attr", "A or B");
	if (t == CODES_REASON && c->attr[0] != '\0') {
		enum ledger_id l;

		if (ledger_from_name(c->attr, &l) == -1 || l == LEDGER_SYSTEM)
			return err_set(e, E_CHOICE, "attr", "a ledger name");
	}
	return 0;
}

static int
fee_record(char **f, int n, const int map[], struct db_fee_row *r,
    struct err *e)
{
	int64_t v[NSPEC] = { 0 };
	int i;

	for (i = 0; i < n; i++) {
		trim(f[i]);
		if (amount(f[i], &v[map[i]], fee_spec[map[i]].name, e) == -1)
			return -1;
	}
	if (v[0] < 1989 || v[0] > 9999)
		return err_set(e, E_DATE_RANGE, "year", NULL);
	if (v[1] < 0 || v[1] > 99)
		return err_set(e, E_CHOICE, "tier", NULL);
	r->year = (int)v[0];
	r->tier = (int)v[1];
	r->half = v[2];
	r->one = v[3];
	r->one_half = v[4];
	r->cap = v[5];
	return 0;
}

/*
 * Say which line a refused record is on: the admin has to find it in a
 * file of hundreds of rows, and a check's own detail ("A or B") does not.
 */
static void
name_line(struct err *e, int line)
{
	char d[sizeof e->detail];

	if (strncmp(e->detail, "line ", 5) == 0)
		return;
	if (e->detail[0] == '\0') {
		snprintf(e->detail, sizeof e->detail, "line %d", line);
		return;
	}
	memcpy(d, e->detail, sizeof d);
	snprintf(e->detail, sizeof e->detail, "line %d: %.140s", line, d);
}

/* Parse and store every record (inside the caller's transaction). */
static int
import_rows(struct ledger *lg, enum codes_table t, const char *text,
    int *rows, struct err *e)
{
	struct csv c;
	char *f[CSV_MAX_COLS];
	int map[CSV_MAX_COLS], n, ncols, rc = -1;
	struct db_code code;
	struct db_fee_row fee;

	c.p = text;
	c.end = text + strlen(text);
	c.nl = 1;
	if (c.end - c.p >= 3 && memcmp(c.p, "\xef\xbb\xbf", 3) == 0)
		c.p += 3;
	if (!utf8_valid(c.p, (size_t)(c.end - c.p)))
		return err_set(e, E_ENCODING, "csv", "not UTF-8");
	if ((ncols = csv_next(&c, f, e)) <= 0) {
		if (ncols == 0)
			err_set(e, E_REQUIRED, "csv", "no header row");
		return -1;
	}
	for (n = 0; n < ncols; n++)
		trim(f[n]);
	n = header_map(t == CODES_FEE ? fee_spec : code_spec, f, ncols, map, e);
	fields_free(f, ncols);
	if (n == -1)
		return -1;
	*rows = 0;
	while ((n = csv_next(&c, f, e)) > 0) {
		if (n == 1 && f[0][0] == '\0' && c.p >= c.end) {
			fields_free(f, n);
			break;		/* a blank last line */
		}
		if (n != ncols) {
			fields_free(f, n);
			return err_set(e, E_PATTERN, "csv", "line %d: %d columns, "
			    "the header has %d", c.line, n, ncols);
		}
		if (t == CODES_FEE)
			rc = fee_record(f, n, map, &fee, e) == -1 ? -1 :
			    db_fee_put(lg->db, &fee, e);
		else
			rc = code_record(t, f, n, map, &code, e) == -1 ? -1 :
			    db_code_put(lg->db, &code, e);
		fields_free(f, n);
		if (rc == -1) {
			if (e != NULL)
				name_line(e, c.line);
			return -1;
		}
		(*rows)++;
	}
	if (n == -1)
		return -1;
	if (*rows == 0)
		return err_set(e, E_REQUIRED, "csv", "no rows");
	return 0;
}

int
codes_import(struct session *s, enum codes_table t, const char *csv_text,
    int *rows, struct err *e)
{
	struct audit_event ev = { "codes-import", NULL, NULL, "ok", NULL };
	char detail[64];
	int n = 0;

	if (rows != NULL)
		*rows = 0;
	if (session_require(s, LEDGER_SYSTEM, ROLE_ADMIN, "codes-import", e) == -1)
		return -1;
	if (t < 0 || t >= CODES_N || csv_text == NULL)
		return err_set(e, E_USAGE, "table", NULL);
	if (ledger_begin(s->lg, e) == -1)
		return -1;
	if (import_rows(s->lg, t, csv_text, &n, e) == -1) {
		ledger_rollback(s->lg);
		ev.outcome = "failed";
		snprintf(detail, sizeof detail, "table=%s refused", table_names[t]);
		ev.detail = detail;
		audit_append(s->lg, s, NULL, &ev, NULL);
		return -1;
	}
	snprintf(detail, sizeof detail, "table=%s rows=%d", table_names[t], n);
	ev.detail = detail;
	ev.target = table_names[t];
	if (audit_append(s->lg, s, NULL, &ev, e) == -1 ||
	    ledger_commit(s->lg, e) == -1) {
		ledger_rollback(s->lg);
		return -1;
	}
	if (rows != NULL)
		*rows = n;
	return 0;
}

int
codes_list(struct session *s, enum codes_table t,
    int (*fn)(void *, const struct db_code *),
    int (*fee_fn)(void *, const struct db_fee_row *), void *ctx,
    struct err *e)
{
	static const enum role roles[] = { ROLE_CLERK, ROLE_SUPERVISOR,
	    ROLE_OPERATOR, ROLE_AUDITOR, ROLE_ADMIN };
	struct audit_event ev = { "codes-list", NULL,
	    "R-10: needs a role on some ledger", "denied", NULL };
	size_t i;

	for (i = 0; i < sizeof roles / sizeof roles[0]; i++)
		if (session_has_any(s, roles[i]))
			break;
	if (i == sizeof roles / sizeof roles[0]) {
		ev.target = codes_table_name(t);
		audit_append(s->lg, s, NULL, &ev, NULL);
		return err_set(e, s->must_change ? E_AUTH_EXPIRED : E_DENIED,
		    "", "codes-list");
	}
	if (t < 0 || t >= CODES_N)
		return err_set(e, E_USAGE, "table", NULL);
	if (t == CODES_FEE)
		return fee_fn == NULL ? err_set(e, E_USAGE, "table", NULL) :
		    db_fee_each(s->lg->db, fee_fn, ctx, e);
	if (fn == NULL)
		return err_set(e, E_USAGE, "table", NULL);
	return db_code_each(s->lg->db, table_names[t], fn, ctx, e);
}
