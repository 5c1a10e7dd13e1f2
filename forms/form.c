/*
 * Forms built from field definition tables: navigation with validation
 * on exit, auto-advance, validate-all and draft serialisation.
 */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "forms.h"
#include "xmalloc.h"

struct form *
form_new(const struct field_def *defs, size_t n, struct err *e)
{
	struct form *fm = xcalloc(1, sizeof *fm);
	size_t i;

	fm->defs = defs;
	fm->n = n;
	fm->f = xcalloc(n > 0 ? n : 1, sizeof *fm->f);
	for (i = 0; i < n; i++) {
		if (field_init(&fm->f[i], &defs[i], e) == -1) {
			fm->n = i;
			form_free(&fm);
			return NULL;
		}
	}
	return fm;
}

void
form_free(struct form **fp)
{
	struct form *fm;
	size_t i;

	if (fp == NULL || (fm = *fp) == NULL)
		return;
	for (i = 0; i < fm->n; i++)
		field_clear(&fm->f[i]);
	free(fm->f);
	free(fm);
	*fp = NULL;
}

struct field *
form_current(struct form *fm)
{
	return fm->n > 0 ? &fm->f[fm->cur] : NULL;
}

/* Validate the field being left; 0 to go, -1 to stay. */
static int
leave(struct form *fm, int *bits, struct err *e)
{
	struct field *f = form_current(fm);
	struct err tmp;
	int rc;

	if (f == NULL)
		return -1;
	err_clear(&tmp);
	rc = field_validate(f, &tmp);
	if (rc == -1 && tmp.code == E_REQUIRED)
		return 0;	/* required is checked at save */
	if (rc == -1) {
		if (e != NULL)
			*e = tmp;
		*bits |= FORM_INVALID;
		return -1;
	}
	if (rc == 1) {
		if (e != NULL)
			*e = tmp;
		*bits |= FORM_ALERT;
	}
	return 0;
}

static int
move(struct form *fm, int dir, struct err *e)
{
	int bits = 0;

	if (fm->n == 0)
		return FORM_REFUSED;
	if (leave(fm, &bits, e) == -1)
		return bits;
	fm->cur = (fm->cur + fm->n + (size_t)(dir > 0 ? 1 : fm->n - 1)) % fm->n;
	fm->cur %= fm->n;
	field_edit(&fm->f[fm->cur], FK_END);
	return bits | FORM_MOVED;
}

int
form_next(struct form *fm, struct err *e)
{
	return move(fm, 1, e);
}

int
form_prev(struct form *fm, struct err *e)
{
	return move(fm, -1, e);
}

void
form_goto(struct form *fm, size_t i)
{
	if (i < fm->n) {
		fm->cur = i;
		field_edit(&fm->f[i], FK_END);
	}
}

int
form_char(struct form *fm, uint32_t cp, struct err *e)
{
	struct field *f = form_current(fm);
	int r, bits = 0;

	if (f == NULL)
		return FORM_REFUSED;
	r = field_insert(f, cp);
	if (r & FIELD_REFUSED)
		return FORM_REFUSED;
	if (r & FIELD_CHANGED) {
		bits |= FORM_CHANGED;
		fm->dirty = 1;
	}
	if (r & FIELD_FULL) {
		bits |= move(fm, 1, e);
		if (bits & FORM_MOVED)
			bits |= FORM_ADVANCED;
	}
	return bits;
}

int
form_edit(struct form *fm, enum field_key k, struct err *e)
{
	struct field *f = form_current(fm);
	int r;

	(void)e;
	if (f == NULL)
		return FORM_REFUSED;
	r = field_edit(f, k);
	if (r & FIELD_CHANGED)
		fm->dirty = 1;
	return ((r & FIELD_CHANGED) ? FORM_CHANGED : 0) |
	    ((r & FIELD_REFUSED) ? FORM_REFUSED : 0);
}

int
form_validate_all(struct form *fm, struct err *e)
{
	struct err first_alert;
	size_t i, alert_at = 0;
	int rc, alert = 0;

	err_clear(&first_alert);
	for (i = 0; i < fm->n; i++) {
		rc = field_validate(&fm->f[i], e);
		if (rc == -1) {
			fm->cur = i;
			field_edit(&fm->f[i], FK_END);
			return -1;
		}
		if (rc == 1 && !alert) {
			alert = 1;
			alert_at = i;
			if (e != NULL)
				first_alert = *e;
		}
	}
	if (alert) {
		fm->cur = alert_at;
		if (e != NULL)
			*e = first_alert;
		return 1;
	}
	err_clear(e);
	return 0;
}

void
form_confirm_alerts(struct form *fm)
{
	size_t i;

	for (i = 0; i < fm->n; i++)
		if (fm->f[i].alert != E_OK)
			fm->f[i].alert_ok = 1;
}

int
form_find(const struct form *fm, const char *name)
{
	size_t i;

	for (i = 0; i < fm->n; i++)
		if (strcmp(fm->defs[i].name, name) == 0)
			return (int)i;
	return -1;
}

struct field *
form_field(struct form *fm, const char *name)
{
	int i = form_find(fm, name);

	return i < 0 ? NULL : &fm->f[i];
}

const char *
form_value(const struct form *fm, const char *name)
{
	int i = form_find(fm, name);

	return i < 0 ? "" : field_value(&fm->f[i]);
}

int
form_set(struct form *fm, const char *name, const char *text)
{
	struct field *f = form_field(fm, name);

	if (f == NULL)
		return -1;
	return field_set(f, text);
}

char *
form_serialize(const struct form *fm)
{
	struct buf b;
	size_t i;

	buf_init(&b);
	buf_adds(&b, "");
	for (i = 0; i < fm->n; i++) {
		if (fm->defs[i].secret || field_empty(&fm->f[i]))
			continue;
		buf_printf(&b, "%s=%s\n", fm->defs[i].name, field_text(&fm->f[i]));
	}
	return buf_release(&b);
}

int
form_restore(struct form *fm, const char *text)
{
	const char *p = text, *eol, *eq;
	char name[64], *val;
	int n = 0, i;

	while (p != NULL && *p != '\0') {
		eol = strchr(p, '\n');
		if (eol == NULL)
			eol = p + strlen(p);
		eq = memchr(p, '=', (size_t)(eol - p));
		if (eq != NULL && (size_t)(eq - p) < sizeof name) {
			memcpy(name, p, (size_t)(eq - p));
			name[eq - p] = '\0';
			val = xstrndup(eq + 1, (size_t)(eol - eq - 1));
			i = form_find(fm, name);
			if (i >= 0 && !fm->defs[i].secret &&
			    field_set(&fm->f[i], val) == 0)
				n++;
			xfree_secret(&val);
		}
		p = *eol != '\0' ? eol + 1 : NULL;
	}
	if (n > 0)
		fm->dirty = 1;
	return n;
}

void
form_reset(struct form *fm)
{
	size_t i;

	for (i = 0; i < fm->n; i++) {
		field_edit(&fm->f[i], FK_CLEAR);
		fm->f[i].alert_ok = 0;
	}
	fm->cur = 0;
	fm->dirty = 0;
}

void
form_clean(struct form *fm)
{
	fm->dirty = 0;
}
