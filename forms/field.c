/*
 * The field edit buffer: wide-character editing on UTF-8 text, keystroke
 * refusal by field type, auto-advance when a fixed-length field fills, and
 * validation with normalisation on exit.  Every buffer that may have held
 * personal data is wiped before it is freed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "field.h"
#include "kana.h"
#include "wareki.h"
#include "width.h"
#include "xmalloc.h"

static const int type_maxlen[FT_N] = {
	[FT_TEXT] = 64, [FT_KANA] = 64, [FT_DIGITS] = 15, [FT_MYNUMBER] = 12,
	[FT_DATE] = 16, [FT_POSTAL] = 8, [FT_CODE] = 8, [FT_YEN] = 13,
	[FT_CHOICE] = 16,
};

int
field_type_maxlen(enum field_type t)
{
	return (t >= 0 && t < FT_N) ? type_maxlen[t] : 64;
}

int
field_fixed_digits(enum field_type t)
{
	return t == FT_MYNUMBER ? 12 : t == FT_POSTAL ? 7 : 0;
}

static int
maxlen(const struct field *f)
{
	return f->def->maxlen > 0 ? f->def->maxlen : field_type_maxlen(f->def->type);
}

int
field_init(struct field *f, const struct field_def *def, struct err *e)
{
	int ecode;
	PCRE2_SIZE eoff;

	memset(f, 0, sizeof *f);
	f->def = def;
	f->cap = 32;
	f->text = xcalloc(1, f->cap);
	if (def->pattern != NULL) {
		f->re = pcre2_compile((PCRE2_SPTR)def->pattern, PCRE2_ZERO_TERMINATED,
		    PCRE2_UTF | PCRE2_ANCHORED | PCRE2_ENDANCHORED, &ecode, &eoff,
		    NULL);
		if (f->re == NULL) {
			free(f->text);
			f->text = NULL;
			return err_set(e, E_PATTERN, def->name,
			    "pattern error %d at offset %zu", ecode, (size_t)eoff);
		}
	}
	return 0;
}

static void
drop_value(struct field *f)
{
	if (f->value != NULL)
		xfree_secret(&f->value);
	f->valid = 0;
	f->alert = E_OK;
}

void
field_clear(struct field *f)
{
	if (f->text != NULL) {
		xwipe(f->text, f->cap);
		free(f->text);
	}
	drop_value(f);
	pcre2_code_free(f->re);
	memset(f, 0, sizeof *f);
}

/* The text changed: the old validation and any confirmation no longer hold. */
static void
changed(struct field *f)
{
	drop_value(f);
	f->alert_ok = 0;
}

static void
reserve(struct field *f, size_t more)
{
	size_t ncap;
	char *n;

	if (f->len + more + 1 <= f->cap)
		return;
	for (ncap = f->cap * 2; ncap < f->len + more + 1; ncap *= 2)
		;
	/* Copy by hand so the old buffer can be wiped (no realloc). */
	n = xcalloc(1, ncap);
	memcpy(n, f->text, f->len + 1);
	xwipe(f->text, f->cap);
	free(f->text);
	f->text = n;
	f->cap = ncap;
}

static size_t
count_cps(const char *s, size_t len)
{
	size_t n = 0, i;

	for (i = 0; i < len; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80)
			n++;
	return n;
}

static int
count_digits(const char *s)
{
	int n = 0;

	for (; *s != '\0'; s++)
		if (*s >= '0' && *s <= '9')
			n++;
	return n;
}

/* Full-width ASCII (U+FF01..U+FF5E) to ASCII, and dashes to '-'. */
static uint32_t
fold_ascii(uint32_t cp)
{
	if (cp >= 0xFF01 && cp <= 0xFF5E)
		return cp - 0xFF01 + 0x21;
	if (cp == 0x2212 || (cp >= 0x2010 && cp <= 0x2015))
		return '-';
	if (cp == 0x3000)
		return ' ';
	return cp;
}

static int
is_digit(uint32_t cp)
{
	return cp >= '0' && cp <= '9';
}

static int
is_kana(uint32_t cp)
{
	return (cp >= 0x3041 && cp <= 0x3096) || (cp >= 0x3099 && cp <= 0x309E) ||
	    (cp >= 0x30A1 && cp <= 0x30FE) || (cp >= 0xFF65 && cp <= 0xFF9F) ||
	    cp == ' ' || cp == 0x3000;
}

static int
is_date_char(uint32_t cp)
{
	static const uint32_t kanji[] = {
		0x660E, 0x6CBB, 0x5927, 0x6B63, 0x662D, 0x548C, 0x5E73, 0x6210,
		0x4EE4, 0x5143, 0x5E74, 0x6708, 0x65E5,	/* 明治大正昭和平成令元年月日 */
		0x32FF, 0x337B, 0x337C, 0x337D, 0x337E	/* ㋿ ㍻ ㍼ ㍽ ㍾ */
	};
	size_t i;

	if (is_digit(cp) || (cp < 0x80 && strchr("MTSHRmtshr./- ", (int)cp) != NULL))
		return 1;
	for (i = 0; i < sizeof kanji / sizeof kanji[0]; i++)
		if (cp == kanji[i])
			return 1;
	return 0;
}

/* The character to store for cp in a field of type t, or 0 to refuse. */
static uint32_t
accept(enum field_type t, uint32_t cp)
{
	if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0) || cp == 0xFFFD)
		return 0;
	switch (t) {
	case FT_TEXT:
		return cp;
	case FT_KANA:
		return is_kana(cp) ? cp : 0;
	case FT_DIGITS:
	case FT_MYNUMBER:
		cp = fold_ascii(cp);
		return is_digit(cp) ? cp : 0;
	case FT_POSTAL:
		cp = fold_ascii(cp);
		return (is_digit(cp) || cp == '-') ? cp : 0;
	case FT_YEN:
		cp = fold_ascii(cp);
		return (is_digit(cp) || cp == ',') ? cp : 0;
	case FT_DATE:
		cp = fold_ascii(cp);
		return is_date_char(cp) ? cp : 0;
	case FT_CODE:
		cp = fold_ascii(cp);
		return (cp < 0x80 && (is_digit(cp) || (cp | 0x20) >= 'a') &&
		    (cp | 0x20) <= 'z') ? cp : 0;
	default:
		return 0;
	}
}

static void
insert_bytes(struct field *f, const char *b, size_t n)
{
	reserve(f, n);
	memmove(f->text + f->cur + n, f->text + f->cur, f->len - f->cur + 1);
	memcpy(f->text + f->cur, b, n);
	f->len += n;
	f->cur += n;
}

static void
set_text(struct field *f, const char *s)
{
	size_t n = strlen(s);

	f->len = 0;
	f->cur = 0;
	f->text[0] = '\0';
	insert_bytes(f, s, n);
	xwipe(f->text + f->len, f->cap - f->len);
}

/* Choice fields: a letter picks the next value starting with it, space cycles. */
static int
choice_key(struct field *f, uint32_t cp)
{
	const struct field_choice *c = f->def->choices;
	int n = 0, cur = -1, i, k;

	if (c == NULL)
		return FIELD_REFUSED;
	for (; c[n].value != NULL; n++)
		if (strcmp(c[n].value, f->text) == 0)
			cur = n;
	if (n == 0)
		return FIELD_REFUSED;
	for (k = 1; k <= n; k++) {
		i = (cur + k + n) % n;
		if (cp == ' ' || (cp < 0x80 && ((uint32_t)c[i].value[0] | 0x20) ==
		    (cp | 0x20))) {
			if (i == cur)
				return 0;
			set_text(f, c[i].value);
			changed(f);
			return FIELD_CHANGED;
		}
	}
	return FIELD_REFUSED;
}

/* Nonzero when the typed text completes a fixed-length field. */
static int
full(const struct field *f)
{
	const char *t = f->text;
	int fixed = field_fixed_digits(f->def->type), i;
	const struct field_choice *c;

	if (fixed > 0)
		return count_digits(t) == fixed;
	if (f->def->type == FT_DATE) {
		/* 8 digits (20240401) or an era letter and 6 (R060401). */
		if (f->len == 8 && count_digits(t) == 8)
			return 1;
		return f->len == 7 && strchr("MTSHRmtshr", t[0]) != NULL &&
		    count_digits(t + 1) == 6;
	}
	if (f->def->type == FT_CODE && (c = f->def->choices) != NULL) {
		/* A code that no longer code extends. */
		int exact = 0, longer = 0;
		for (i = 0; c[i].value != NULL; i++) {
			if (strcmp(c[i].value, t) == 0)
				exact = 1;
			else if (strncmp(c[i].value, t, f->len) == 0)
				longer = 1;
		}
		return exact && !longer;
	}
	return 0;
}

int
field_insert(struct field *f, uint32_t cp)
{
	char b[4];
	size_t n;
	int fixed = field_fixed_digits(f->def->type);

	if (f->def->type == FT_CHOICE)
		return choice_key(f, cp);
	if ((cp = accept(f->def->type, cp)) == 0)
		return FIELD_REFUSED;
	if ((int)count_cps(f->text, f->len) >= maxlen(f))
		return FIELD_REFUSED;
	if (fixed > 0 && is_digit(cp) && count_digits(f->text) >= fixed)
		return FIELD_REFUSED;
	n = utf8_put(cp, b);
	insert_bytes(f, b, n);
	changed(f);
	return FIELD_CHANGED | (full(f) ? FIELD_FULL : 0);
}

int
field_insert_str(struct field *f, const char *s)
{
	size_t len = strlen(s), n;
	uint32_t cp;
	int r = 0, one;

	while ((n = utf8_next(s, len, &cp)) > 0) {
		one = field_insert(f, cp);
		r |= one;
		if (one & FIELD_REFUSED)
			break;
		s += n;
		len -= n;
	}
	return r;
}

static size_t
prev_cp(const struct field *f, size_t at)
{
	while (at > 0) {
		at--;
		if (((unsigned char)f->text[at] & 0xC0) != 0x80)
			break;
	}
	return at;
}

static size_t
next_cp(const struct field *f, size_t at)
{
	if (at >= f->len)
		return f->len;
	at++;
	while (at < f->len && ((unsigned char)f->text[at] & 0xC0) == 0x80)
		at++;
	return at;
}

static void
delete_range(struct field *f, size_t from, size_t to)
{
	memmove(f->text + from, f->text + to, f->len - to + 1);
	f->len -= to - from;
	xwipe(f->text + f->len + 1, to - from);
	if (f->cur > to)
		f->cur -= to - from;
	else if (f->cur > from)
		f->cur = from;
	changed(f);
}

int
field_edit(struct field *f, enum field_key k)
{
	size_t old = f->cur;

	switch (k) {
	case FK_LEFT:
		f->cur = prev_cp(f, f->cur);
		break;
	case FK_RIGHT:
		f->cur = next_cp(f, f->cur);
		break;
	case FK_HOME:
		f->cur = 0;
		break;
	case FK_END:
		f->cur = f->len;
		break;
	case FK_BACKSPACE:
		if (f->cur == 0)
			return FIELD_REFUSED;
		delete_range(f, prev_cp(f, f->cur), f->cur);
		return FIELD_CHANGED;
	case FK_DELETE:
		if (f->cur >= f->len)
			return FIELD_REFUSED;
		delete_range(f, f->cur, next_cp(f, f->cur));
		return FIELD_CHANGED;
	case FK_CLEAR:
		if (f->len == 0)
			return 0;
		delete_range(f, 0, f->len);
		return FIELD_CHANGED;
	case FK_KILL:
		if (f->cur >= f->len)
			return 0;
		delete_range(f, f->cur, f->len);
		return FIELD_CHANGED;
	}
	return f->cur != old ? FIELD_MOVED : 0;
}

int
field_set(struct field *f, const char *text)
{
	size_t len = strlen(text), i, n;
	uint32_t cp;

	if (!utf8_valid(text, len))
		return -1;
	for (i = 0; i < len; i += n) {
		n = utf8_next(text + i, len - i, &cp);
		if (n == 0 || cp < 0x20 || (cp >= 0x7F && cp < 0xA0))
			return -1;
	}
	set_text(f, text);
	changed(f);
	return 0;
}

const char *
field_text(const struct field *f)
{
	return f->text != NULL ? f->text : "";
}

/* Cells taken by the first n bytes of s. */
static int
width_n(const char *s, size_t n)
{
	uint32_t cp;
	size_t k;
	int w = 0;

	while (n > 0 && (k = utf8_next(s, n, &cp)) > 0) {
		w += width_cp(cp);
		s += k;
		n -= k;
	}
	return w;
}

int
field_cursor_col(const struct field *f)
{
	return width_n(f->text, f->cur);
}

size_t
field_window(const struct field *f, int cells, size_t *start, int *col)
{
	int w = cells > 0 ? cells : f->def->width > 1 ? f->def->width : 1;
	size_t s = 0;

	/* Keep one cell free for the cursor at the end of a full field. */
	while (s < f->cur && width_n(f->text + s, f->cur - s) > w - 1)
		s = next_cp(f, s);
	*start = s;
	*col = width_n(f->text + s, f->cur - s);
	return width_fit(f->text + s, w);
}

int
field_empty(const struct field *f)
{
	const char *p;

	for (p = field_text(f); *p != '\0'; p++)
		if (*p != ' ')
			return 0;
	/* Only spaces (U+3000 is folded on input for most types). */
	return strstr(field_text(f), "\xe3\x80\x80") == NULL;
}

const char *
field_choice_label(const struct field_def *def, const char *value)
{
	const struct field_choice *c;

	if (def->choices == NULL || value == NULL)
		return NULL;
	for (c = def->choices; c->value != NULL; c++)
		if (strcmp(c->value, value) == 0)
			return c->label;
	return NULL;
}

static int
fail(struct field *f, enum err_code code, struct err *e)
{
	drop_value(f);
	return err_set(e, code, f->def->name, NULL);
}

static int
pattern_ok(const struct field *f, const char *v)
{
	pcre2_match_data *md;
	int rc;

	if (f->re == NULL)
		return 1;
	md = pcre2_match_data_create_from_pattern(f->re, NULL);
	rc = pcre2_match(f->re, (PCRE2_SPTR)v, strlen(v), 0, 0, md, NULL);
	pcre2_match_data_free(md);
	return rc >= 0;
}

/* Type rules: set f->value (and rewrite the text where it is normalised). */
static int
check_type(struct field *f, struct err *e)
{
	char buf[64], *n;
	const char *t = f->text;
	struct ymd d;
	size_t i, k = 0;

	switch (f->def->type) {
	case FT_TEXT:
		f->value = xstrdup(t);
		return 0;
	case FT_KANA:
		if ((n = kana_normalize(t, NULL)) == NULL)
			return fail(f, E_KANA, e);
		set_text(f, n);
		f->value = n;
		return 0;
	case FT_DIGITS:
	case FT_MYNUMBER:
		for (i = 0; t[i] != '\0'; i++)
			if (!is_digit((unsigned char)t[i]))
				return fail(f, f->def->type == FT_MYNUMBER ?
				    E_MYNUMBER_CHAR : E_BAD_CHAR, e);
		if (f->def->type == FT_MYNUMBER && i != 12 &&
		    f->def->validate == NULL)
			return fail(f, E_MYNUMBER_LENGTH, e);
		f->value = xstrdup(t);
		return 0;
	case FT_DATE:
		if (wareki_parse(t, &d, e) == -1) {
			drop_value(f);
			if (e != NULL)
				snprintf(e->field, sizeof e->field, "%s", f->def->name);
			return -1;
		}
		set_text(f, wareki_format(&d, WAREKI_LONG, buf, sizeof buf));
		ymd_to_iso(&d, buf);
		f->value = xstrdup(buf);
		return 0;
	case FT_POSTAL:
		for (i = 0; t[i] != '\0'; i++) {
			if (is_digit((unsigned char)t[i]) && k < 7)
				buf[k++] = t[i];
			else if (t[i] != '-' || i != 3)
				return fail(f, E_POSTAL, e);
		}
		if (k != 7 || count_digits(t) != 7)
			return fail(f, E_POSTAL, e);
		buf[7] = '\0';
		f->value = xstrdup(buf);
		snprintf(buf + 8, sizeof buf - 8, "%.3s-%s", f->value, f->value + 3);
		set_text(f, buf + 8);
		return 0;
	case FT_YEN:
		for (i = 0; t[i] != '\0'; i++) {
			if (is_digit((unsigned char)t[i])) {
				if (k == 0 && t[i] == '0' && t[i + 1] != '\0' &&
				    t[i + 1] != ',')
					continue;	/* leading zero */
				if (k >= 12)
					return fail(f, E_AMOUNT, e);
				buf[k++] = t[i];
			} else if (t[i] != ',')
				return fail(f, E_AMOUNT, e);
		}
		if (k == 0)
			buf[k++] = '0';
		buf[k] = '\0';
		f->value = xstrdup(buf);
		return 0;
	case FT_CODE:
	case FT_CHOICE:
		if (field_choice_label(f->def, t) == NULL)
			return fail(f, f->def->type == FT_CODE ? E_CODE_UNKNOWN :
			    E_CHOICE, e);
		f->value = xstrdup(t);
		return 0;
	default:
		return fail(f, E_USAGE, e);
	}
}

int
field_validate(struct field *f, struct err *e)
{
	char out[128];
	int rc;
	int was_ok = f->alert_ok;

	drop_value(f);
	if (field_empty(f)) {
		if (f->def->required)
			return fail(f, E_REQUIRED, e);
		f->value = xstrdup("");
		f->valid = 1;
		return 0;
	}
	if (check_type(f, e) == -1)
		return -1;
	if (!pattern_ok(f, f->value))
		return fail(f, E_PATTERN, e);
	if (f->def->validate != NULL) {
		out[0] = '\0';
		rc = f->def->validate(f->value, out, sizeof out, e);
		if (rc < 0) {
			drop_value(f);
			if (e != NULL)
				snprintf(e->field, sizeof e->field, "%s", f->def->name);
			return -1;
		}
		if (out[0] != '\0') {
			xfree_secret(&f->value);
			f->value = xstrdup(out);
		}
		xwipe(out, sizeof out);
		if (rc == 1) {
			f->alert = e != NULL ? e->code : E_MYNUMBER_REPEATED;
			f->alert_ok = was_ok;
			f->valid = 1;
			if (e != NULL)
				snprintf(e->field, sizeof e->field, "%s", f->def->name);
			if (!was_ok) {
				err_set(e, f->alert, f->def->name, NULL);
				return 1;
			}
			return 0;
		}
	}
	f->valid = 1;
	return 0;
}

const char *
field_value(const struct field *f)
{
	if (f->valid && f->value != NULL)
		return f->value;
	return field_text(f);
}
