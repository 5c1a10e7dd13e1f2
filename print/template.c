/*
 * The notice template reader and the placeholder expander (format in
 * template.h).  Templates are outside input: every line is bounds-checked
 * and every problem is reported as E_CONFIG "file:line: problem"; nothing
 * here draws.  Expansion resolves ${key|filter} against a record and the
 * office, and remembers where each value landed so that the renderer can
 * name the field of a character no font can draw.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "buf.h"
#include "err.h"
#include "template.h"
#include "wareki.h"
#include "width.h"
#include "xmalloc.h"

#define MAX_FILE	(256 * 1024)
#define MAX_LINE	1024
#define MAX_TEXT	8192
#define PAGE_W		210.0
#define PAGE_H		297.0

enum filter {
	F_NONE,
	F_COMMA,
	F_YEN,
	F_EN,
	F_WAREKI,
	F_POSTAL
};

static const char *const filter_names[] = {
	[F_NONE] = "", [F_COMMA] = "comma", [F_YEN] = "yen", [F_EN] = "en",
	[F_WAREKI] = "wareki", [F_POSTAL] = "postal"
};

/* One parsed ${...}. */
struct placeholder {
	char key[48];
	int optional;
	enum filter filter;
	size_t len;		/* bytes of the whole ${...} */
};

/* Parser state for one file. */
struct parser {
	const char *name;
	int line;
	struct template *t;
	struct template_block *cur;	/* NULL in [page] or before any */
	int in_page;
	unsigned seen;			/* keys set in the current section */
	int record;			/* it has a record placeholder */
	struct err *err;
};

/* Report "name:line: msg" as E_CONFIG and return -1. */
static int
perr(struct parser *p, const char *fmt, const char *arg)
{
	char msg[120];

	snprintf(msg, sizeof msg, fmt, arg ? arg : "");
	return err_set(p->err, E_CONFIG, "template", "%.60s:%d: %s", p->name,
	    p->line, msg);
}

/* Characters allowed in a placeholder key. */
static int
is_key_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '_' || c == '.';
}

/*
 * Parse the placeholder starting at s ("${").  Returns 0 and fills ph, or
 * -1 with a static reason in *why.
 */
static int
parse_placeholder(const char *s, struct placeholder *ph, const char **why)
{
	const char *p = s + 2, *k = p;
	size_t n;
	int f;

	memset(ph, 0, sizeof *ph);
	while (is_key_char(*p))
		p++;
	n = (size_t)(p - k);
	if (n == 0 || n >= sizeof ph->key) {
		*why = n == 0 ? "placeholder without a key" :
		    "placeholder key longer than 47 characters";
		return -1;
	}
	memcpy(ph->key, k, n);
	if (*p == '?') {
		ph->optional = 1;
		p++;
	}
	if (*p == '|') {
		const char *fs = ++p;

		while (*p >= 'a' && *p <= 'z')
			p++;
		ph->filter = F_NONE;
		for (f = F_COMMA; f <= F_POSTAL; f++)
			if (strlen(filter_names[f]) == (size_t)(p - fs) &&
			    strncmp(filter_names[f], fs, (size_t)(p - fs)) == 0)
				ph->filter = (enum filter)f;
		if (ph->filter == F_NONE) {
			*why = "unknown filter (comma, yen, en, wareki, postal)";
			return -1;
		}
	}
	if (*p != '}') {
		*why = "placeholder not closed with }";
		return -1;
	}
	ph->len = (size_t)(p + 1 - s);
	return 0;
}

/* Nonzero for the six office.* keys struct office provides. */
static int
is_office_key(const char *key)
{
	static const char *const keys[] = { "office.city", "office.mayor",
	    "office.section", "office.address", "office.postal",
	    "office.phone" };
	size_t i;

	for (i = 0; i < sizeof keys / sizeof keys[0]; i++)
		if (strcmp(key, keys[i]) == 0)
			return 1;
	return 0;
}

/* Check the placeholders of s; *record is set when one names a record key. */
static int
check_placeholders(struct parser *p, const char *s, int *record)
{
	struct placeholder ph;
	const char *why;

	for (; *s != '\0'; s++) {
		if (s[0] != '$')
			continue;
		if (s[1] == '$') {
			s++;
			continue;
		}
		if (s[1] != '{')
			continue;
		if (parse_placeholder(s, &ph, &why) < 0)
			return perr(p, "%s", why);
		if (strncmp(ph.key, "office.", 7) == 0) {
			if (!is_office_key(ph.key))
				return perr(p, "unknown office key %s", ph.key);
		} else
			*record = 1;
		s += ph.len - 1;
	}
	return 0;
}

/* Split a table row into cells at | outside ${...}; returns the count. */
static int
count_cells(const char *s)
{
	int n = 1, depth = 0;

	for (; *s != '\0'; s++) {
		if (s[0] == '$' && s[1] == '{')
			depth = 1;
		else if (*s == '}')
			depth = 0;
		else if (*s == '|' && depth == 0)
			n++;
	}
	return n;
}

/* A number within [min, max] for key, or an error naming the key. */
static int
parse_num(struct parser *p, const char *key, const char *v, double min,
    double max, double *out)
{
	char *end;
	double d;

	errno = 0;
	d = strtod(v, &end);
	if (end == v || *end != '\0' || errno != 0 || !isfinite(d))
		return perr(p, "%s is not a number", key);
	if (d < min || d > max) {
		char msg[80];

		snprintf(msg, sizeof msg, "%s out of range (%g to %g)", key,
		    min, max);
		return perr(p, "%s", msg);
	}
	*out = d;
	return 0;
}

/* left | center | right; -1 for anything else. */
static int
parse_align(const char *v, enum template_align *out)
{
	if (strcmp(v, "left") == 0)
		*out = TEMPLATE_LEFT;
	else if (strcmp(v, "center") == 0)
		*out = TEMPLATE_CENTER;
	else if (strcmp(v, "right") == 0)
		*out = TEMPLATE_RIGHT;
	else
		return -1;
	return 0;
}

/* yes | no; -1 for anything else. */
static int
parse_yesno(const char *v, int *out)
{
	if (strcmp(v, "yes") == 0)
		*out = 1;
	else if (strcmp(v, "no") == 0)
		*out = 0;
	else
		return -1;
	return 0;
}

/* Append "\n" and v to *dst (or start it with v), bounded by MAX_TEXT. */
static int
append_line(struct parser *p, char **dst, const char *v)
{
	size_t old, n = strlen(v);

	if (*dst == NULL) {
		*dst = xstrdup(v);
		return 0;
	}
	old = strlen(*dst);
	if (old + n + 2 > MAX_TEXT)
		return perr(p, "text longer than 8192 bytes", NULL);
	*dst = xrealloc(*dst, old + n + 2);
	(*dst)[old] = '\n';
	memcpy(*dst + old + 1, v, n + 1);
	return 0;
}

/* Keys of the sections, one bit each for duplicate detection. */
static const char *const all_keys[] = {
	"page", "x", "y", "width", "height", "x2", "y2", "font", "size",
	"align", "fit", "text", "honorific", "columns", "row_height", "line",
	"dash", "header", "row"
};

/* Index of key in all_keys (its bit in parser.seen), or -1. */
static int
key_bit(const char *key)
{
	size_t i;

	for (i = 0; i < sizeof all_keys / sizeof all_keys[0]; i++)
		if (strcmp(key, all_keys[i]) == 0)
			return (int)i;
	return -1;
}

/* Which keys each kind takes (by name, checked before key_bit). */
static int
key_allowed(enum template_kind kind, const char *key)
{
	static const char *const text[] = { "page", "x", "y", "width",
	    "height", "font", "size", "align", "fit", "text", NULL };
	static const char *const address[] = { "page", "x", "y", "width",
	    "height", "size", "honorific", "font", NULL };
	static const char *const table[] = { "page", "x", "y", "font", "size",
	    "columns", "align", "row_height", "line", "header", "row", NULL };
	static const char *const box[] = { "page", "x", "y", "width", "height",
	    "line", "dash", NULL };
	static const char *const line[] = { "page", "x", "y", "x2", "y2",
	    "line", "dash", NULL };
	const char *const *k = kind == TEMPLATE_TEXT ? text :
	    kind == TEMPLATE_ADDRESS ? address : kind == TEMPLATE_TABLE ? table :
	    kind == TEMPLATE_BOX ? box : line;

	for (; *k != NULL; k++)
		if (strcmp(*k, key) == 0)
			return 1;
	return 0;
}

/* columns = 40, 60, ...: 1..12 widths in mm. */
static int
set_columns(struct parser *p, struct template_block *b, const char *v)
{
	char tmp[MAX_LINE + 1], *tok, *save = NULL;
	int n = 0;

	snprintf(tmp, sizeof tmp, "%s", v);
	for (tok = strtok_r(tmp, ",", &save); tok != NULL;
	    tok = strtok_r(NULL, ",", &save)) {
		while (*tok == ' ')
			tok++;
		if (n == TEMPLATE_MAX_COLUMNS)
			return perr(p, "more than 12 columns", NULL);
		if (parse_num(p, "columns", tok, 1, PAGE_W, &b->cols[n]) < 0)
			return -1;
		b->col_align[n] = TEMPLATE_LEFT;
		n++;
	}
	if (n == 0)
		return perr(p, "columns is empty", NULL);
	b->ncols = n;
	return 0;
}

/* A [table]'s align = left, right, ...: one entry per column at most. */
static int
set_col_align(struct parser *p, struct template_block *b, const char *v)
{
	char tmp[MAX_LINE + 1], *tok, *save = NULL;
	int n = 0;

	if (b->ncols == 0)
		return perr(p, "align must follow columns in a [table]", NULL);
	snprintf(tmp, sizeof tmp, "%s", v);
	for (tok = strtok_r(tmp, ",", &save); tok != NULL;
	    tok = strtok_r(NULL, ",", &save)) {
		while (*tok == ' ')
			tok++;
		if (n == b->ncols)
			return perr(p, "align has more entries than columns", NULL);
		if (parse_align(tok, &b->col_align[n]) < 0)
			return perr(p, "align must be left, center or right", NULL);
		n++;
	}
	return 0;
}

/* One key = value of the [page] section. */
static int
set_page_key(struct parser *p, const char *key, const char *v)
{
	double d;

	if (strcmp(key, "size") == 0) {
		if (strcmp(v, "A4") != 0)
			return perr(p, "only size = A4 is supported", NULL);
	} else if (strcmp(key, "orientation") == 0) {
		if (strcmp(v, "portrait") != 0)
			return perr(p, "only orientation = portrait is supported",
			    NULL);
	} else if (strcmp(key, "pages") == 0) {
		if (parse_num(p, "pages", v, 1, TEMPLATE_MAX_PAGES, &d) < 0)
			return -1;
		if (d != floor(d))
			return perr(p, "pages must be a whole number", NULL);
		p->t->pages = (int)d;
	} else if (strcmp(key, "title") == 0) {
		if (*v == '\0')
			return perr(p, "title is empty", NULL);
		free(p->t->title);
		p->t->title = xstrdup(v);
	} else
		return perr(p, "unknown key %s in [page]", key);
	return 0;
}

/* One key = value of a block section; text and row may repeat. */
static int
set_block_key(struct parser *p, const char *key, const char *v)
{
	struct template_block *b = p->cur;
	double d;
	int bit = key_bit(key);

	if (bit < 0 || !key_allowed(b->kind, key))
		return perr(p, "unknown key %s in this section", key);
	if ((p->seen & (1u << bit)) && strcmp(key, "text") != 0 &&
	    strcmp(key, "row") != 0)
		return perr(p, "%s given twice", key);
	p->seen |= 1u << bit;
	if (strcmp(key, "page") == 0) {
		if (strcmp(v, "all") == 0) {
			b->page = 0;
			return 0;
		}
		if (parse_num(p, key, v, 1, p->t->pages, &d) < 0)
			return -1;
		if (d != floor(d))
			return perr(p, "page must be a whole number or all", NULL);
		b->page = (int)d;
	} else if (strcmp(key, "x") == 0 || strcmp(key, "x2") == 0)
		return parse_num(p, key, v, 0, PAGE_W, key[1] ? &b->x2 : &b->x);
	else if (strcmp(key, "y") == 0 || strcmp(key, "y2") == 0)
		return parse_num(p, key, v, 0, PAGE_H, key[1] ? &b->y2 : &b->y);
	else if (strcmp(key, "width") == 0)
		return parse_num(p, key, v, 1, PAGE_W, &b->width);
	else if (strcmp(key, "height") == 0)
		return parse_num(p, key, v, 1, PAGE_H, &b->height);
	else if (strcmp(key, "size") == 0)
		return parse_num(p, key, v, 4, 72, &b->size);
	else if (strcmp(key, "line") == 0)
		return parse_num(p, key, v, 0.1, 5, &b->line_width);
	else if (strcmp(key, "row_height") == 0)
		return parse_num(p, key, v, 2, 100, &b->row_height);
	else if (strcmp(key, "font") == 0) {
		if (strcmp(v, "mincho") == 0)
			b->font = TEMPLATE_MINCHO;
		else if (strcmp(v, "gothic") == 0)
			b->font = TEMPLATE_GOTHIC;
		else
			return perr(p, "font must be mincho or gothic", NULL);
	} else if (strcmp(key, "align") == 0) {
		if (b->kind == TEMPLATE_TABLE)
			return set_col_align(p, b, v);
		if (parse_align(v, &b->align) < 0)
			return perr(p, "align must be left, center or right", NULL);
	} else if (strcmp(key, "fit") == 0) {
		if (strcmp(v, "line") == 0)
			b->fit_line = 1;
		else if (strcmp(v, "wrap") == 0)
			b->fit_line = 0;
		else
			return perr(p, "fit must be wrap or line", NULL);
	} else if (strcmp(key, "dash") == 0) {
		if (parse_yesno(v, &b->dash) < 0)
			return perr(p, "dash must be yes or no", NULL);
	} else if (strcmp(key, "text") == 0) {
		if (check_placeholders(p, v, &p->record) < 0)
			return -1;
		return append_line(p, &b->text, v);
	} else if (strcmp(key, "honorific") == 0) {
		free(b->text);
		b->text = xstrdup(v);
	} else if (strcmp(key, "columns") == 0)
		return set_columns(p, b, v);
	else if (strcmp(key, "header") == 0 || strcmp(key, "row") == 0) {
		if (b->ncols == 0)
			return perr(p, "%s must follow columns", key);
		if (check_placeholders(p, v, &p->record) < 0)
			return -1;
		if (count_cells(v) != b->ncols)
			return perr(p, "%s has a different number of cells than "
			    "columns", key);
		if (key[0] == 'h')
			b->header = xstrdup(v);
		else {
			if (b->nrows == TEMPLATE_MAX_ROWS)
				return perr(p, "more than 32 rows", NULL);
			b->rows[b->nrows++] = xstrdup(v);
		}
	}
	return 0;
}

/* Check the finished block and work out whether it is fixed. */
static int
finish_block(struct parser *p)
{
	struct template_block *b = p->cur;
	int i, save = p->line;
	unsigned need = (1u << key_bit("x")) | (1u << key_bit("y"));

	if (b == NULL)
		return 0;
	p->line = b->line;
	if (b->kind == TEMPLATE_ADDRESS || b->kind == TEMPLATE_BOX)
		need |= (1u << key_bit("width")) | (1u << key_bit("height"));
	if (b->kind == TEMPLATE_LINE)
		need |= (1u << key_bit("x2")) | (1u << key_bit("y2"));
	if (b->kind == TEMPLATE_TABLE)
		need |= 1u << key_bit("columns");
	if (b->kind == TEMPLATE_TEXT)
		need |= 1u << key_bit("text");
	for (i = 0; i < (int)(sizeof all_keys / sizeof all_keys[0]); i++)
		if ((need & (1u << i)) && !(p->seen & (1u << i)))
			return perr(p, "this section needs %s", all_keys[i]);
	if (b->kind == TEMPLATE_TABLE && b->header == NULL && b->nrows == 0)
		return perr(p, "a [table] needs a header or a row", NULL);
	if (b->x + b->width > PAGE_W + 0.01 || b->y + b->height > PAGE_H + 0.01)
		return perr(p, "the block does not fit on an A4 page", NULL);
	if (b->kind == TEMPLATE_TABLE) {
		double w = 0, h = b->row_height * (b->nrows + (b->header != NULL));

		for (i = 0; i < b->ncols; i++)
			w += b->cols[i];
		if (b->x + w > PAGE_W + 0.01 || b->y + h > PAGE_H + 0.01)
			return perr(p, "the table does not fit on an A4 page",
			    NULL);
	}
	if (b->kind == TEMPLATE_ADDRESS && b->text == NULL)
		b->text = xstrdup("様");
	b->fixed = b->kind != TEMPLATE_ADDRESS && !p->record;
	p->cur = NULL;
	p->line = save;
	return 0;
}

/* Close the current block and start [name]. */
static int
open_section(struct parser *p, const char *name)
{
	static const struct {
		const char *name;
		enum template_kind kind;
	} kinds[] = {
		{ "text", TEMPLATE_TEXT }, { "address", TEMPLATE_ADDRESS },
		{ "table", TEMPLATE_TABLE }, { "box", TEMPLATE_BOX },
		{ "line", TEMPLATE_LINE }
	};
	struct template_block *b;
	size_t i;

	if (finish_block(p) < 0)
		return -1;
	p->in_page = 0;
	p->seen = 0;
	p->record = 0;
	if (strcmp(name, "page") == 0) {
		if (p->t->pages != 0)
			return perr(p, "[page] given twice", NULL);
		p->in_page = 1;
		p->t->pages = 1;
		return 0;
	}
	for (i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
		if (strcmp(name, kinds[i].name) == 0)
			break;
	if (i == sizeof kinds / sizeof kinds[0])
		return perr(p, "unknown section [%s]", name);
	if (p->t->pages == 0)
		return perr(p, "[page] must come before [%s]", name);
	if (p->t->nblocks == TEMPLATE_MAX_BLOCKS)
		return perr(p, "more than 256 blocks", NULL);
	p->t->blocks = xrealloc(p->t->blocks,
	    (p->t->nblocks + 1) * sizeof *p->t->blocks);
	b = &p->t->blocks[p->t->nblocks++];
	memset(b, 0, sizeof *b);
	b->kind = kinds[i].kind;
	b->line = p->line;
	b->page = 1;
	b->size = b->kind == TEMPLATE_ADDRESS ? 11 : 10.5;
	b->line_width = 0.5;
	b->row_height = 7;
	p->cur = b;
	return 0;
}

/* Strip spaces and tabs at both ends, in place. */
static char *
trim(char *s)
{
	char *e;

	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t'))
		*--e = '\0';
	return s;
}

/* Refuse invalid UTF-8 and control characters other than tab. */
static int
check_utf8(struct parser *p, const char *s, size_t len)
{
	size_t off = 0, n;
	uint32_t cp;

	while (off < len) {
		n = utf8_next(s + off, len - off, &cp);
		if (n == 0)
			return perr(p, "invalid UTF-8 or NUL byte", NULL);
		if ((cp < 0x20 && cp != '\t') || cp == 0x7f)
			return perr(p, "control character in the line", NULL);
		off += n;
	}
	return 0;
}

/* One line: comment, [section] or key = value. */
static int
parse_line(struct parser *p, char *line)
{
	char *s = trim(line), *eq, *key, *v;
	size_t n;

	if (*s == '\0' || *s == '#' || *s == ';')
		return 0;
	if (*s == '[') {
		n = strlen(s);
		if (s[n - 1] != ']')
			return perr(p, "section header without ]", NULL);
		s[n - 1] = '\0';
		return open_section(p, trim(s + 1));
	}
	if ((eq = strchr(s, '=')) == NULL)
		return perr(p, "expected key = value", NULL);
	*eq = '\0';
	key = trim(s);
	v = trim(eq + 1);
	if (*key == '\0')
		return perr(p, "key missing before =", NULL);
	n = strlen(v);
	if (n >= 2 && v[0] == '"' && v[n - 1] == '"') {
		v[n - 1] = '\0';
		v++;
	}
	if (p->in_page)
		return set_page_key(p, key, v);
	if (p->cur == NULL)
		return perr(p, "key outside a section", NULL);
	return set_block_key(p, key, v);
}

/* Every page must show the notice number (a block with ${notice_no}). */
static int
check_notice_no(struct parser *p)
{
	const struct template_block *b;
	size_t i;
	int page, found, r;

	for (page = 1; page <= p->t->pages; page++) {
		found = 0;
		for (i = 0; i < p->t->nblocks && !found; i++) {
			b = &p->t->blocks[i];
			if (b->page != 0 && b->page != page)
				continue;
			if (b->text && b->kind == TEMPLATE_TEXT &&
			    strstr(b->text, "${notice_no"))
				found = 1;
			for (r = 0; r < b->nrows && !found; r++)
				if (strstr(b->rows[r], "${notice_no"))
					found = 1;
		}
		if (!found) {
			char msg[64];

			p->line = 0;
			snprintf(msg, sizeof msg, "page %d does not show "
			    "${notice_no}", page);
			return perr(p, "%s", msg);
		}
	}
	return 0;
}

struct template *
template_parse(const char *text, size_t len, const char *name, struct err *e)
{
	struct parser p;
	char line[MAX_LINE + 2];
	const char *s = text, *end = text + len, *nl;
	const char *base = strrchr(name, '/');

	memset(&p, 0, sizeof p);
	p.name = base ? base + 1 : name;
	p.err = e;
	p.t = xcalloc(1, sizeof *p.t);
	p.t->name = xstrdup(p.name);
	if (len > MAX_FILE) {
		perr(&p, "file larger than 256 KiB", NULL);
		goto fail;
	}
	while (s < end) {
		size_t n;

		p.line++;
		nl = memchr(s, '\n', (size_t)(end - s));
		n = (size_t)((nl ? nl : end) - s);
		if (n > 0 && s[n - 1] == '\r')
			n--;
		if (n > MAX_LINE) {
			perr(&p, "line longer than 1024 bytes", NULL);
			goto fail;
		}
		if (check_utf8(&p, s, n) < 0)
			goto fail;
		memcpy(line, s, n);
		line[n] = '\0';
		if (parse_line(&p, line) < 0)
			goto fail;
		s = nl ? nl + 1 : end;
	}
	if (finish_block(&p) < 0)
		goto fail;
	if (p.t->pages == 0) {
		perr(&p, "no [page] section", NULL);
		goto fail;
	}
	if (p.t->title == NULL) {
		perr(&p, "[page] needs a title", NULL);
		goto fail;
	}
	if (p.t->nblocks == 0) {
		perr(&p, "the template draws nothing", NULL);
		goto fail;
	}
	if (check_notice_no(&p) < 0)
		goto fail;
	return p.t;
fail:
	template_free(&p.t);
	return NULL;
}

struct template *
template_load(const char *path, struct err *e)
{
	struct template *t;
	struct stat st;
	FILE *f;
	char *data;
	size_t n;

	if ((f = fopen(path, "rb")) == NULL)
		return err_set(e, E_IO, "template", "cannot open %.100s: %s",
		    path, strerror(errno)), NULL;
	if (fstat(fileno(f), &st) < 0 || !S_ISREG(st.st_mode) ||
	    st.st_size > MAX_FILE) {
		fclose(f);
		return err_set(e, E_CONFIG, "template",
		    "%.100s: not a regular file of at most 256 KiB", path), NULL;
	}
	data = xmalloc((size_t)st.st_size + 1);
	n = fread(data, 1, (size_t)st.st_size, f);
	if (ferror(f)) {
		fclose(f);
		free(data);
		return err_set(e, E_IO, "template", "cannot read %.100s", path),
		    NULL;
	}
	fclose(f);
	t = template_parse(data, n, path, e);
	free(data);
	return t;
}

void
template_free(struct template **tp)
{
	struct template *t;
	size_t i;
	int r;

	if (tp == NULL || (t = *tp) == NULL)
		return;
	for (i = 0; i < t->nblocks; i++) {
		free(t->blocks[i].text);
		free(t->blocks[i].header);
		for (r = 0; r < t->blocks[i].nrows; r++)
			free(t->blocks[i].rows[r]);
	}
	free(t->blocks);
	free(t->title);
	free(t->name);
	free(t);
	*tp = NULL;
}

/* Add the record keys of src to out (space-separated, no repeats). */
static void
collect_keys(const char *src, struct buf *out)
{
	struct placeholder ph;
	const char *why, *hit;
	char word[52];
	size_t n;

	for (; *src != '\0'; src++) {
		if (src[0] != '$' || (src[1] != '$' && src[1] != '{'))
			continue;
		if (src[1] == '$' || parse_placeholder(src, &ph, &why) < 0) {
			src++;
			continue;
		}
		src += ph.len - 1;
		if (strncmp(ph.key, "office.", 7) == 0)
			continue;
		n = (size_t)snprintf(word, sizeof word, "%s%s", ph.key,
		    ph.optional ? "?" : "");
		for (hit = out->data; hit != NULL && (hit = strstr(hit, word));
		    hit += n)
			if ((hit == out->data || hit[-1] == ' ') &&
			    (hit[n] == ' ' || hit[n] == '\0'))
				break;
		if (hit != NULL)
			continue;
		if (out->len > 0)
			buf_addc(out, ' ');
		buf_adds(out, word);
	}
}

char *
template_keys(const struct template *t)
{
	struct buf b;
	size_t i;
	int r;

	buf_init(&b);
	buf_adds(&b, "");
	for (i = 0; i < t->nblocks; i++) {
		const struct template_block *tb = &t->blocks[i];

		if (tb->kind == TEMPLATE_ADDRESS)
			collect_keys("${postal}${address}${katagaki?}${name}", &b);
		else if (tb->kind == TEMPLATE_TEXT)
			collect_keys(tb->text, &b);
		if (tb->header != NULL)
			collect_keys(tb->header, &b);
		for (r = 0; r < tb->nrows; r++)
			collect_keys(tb->rows[r], &b);
	}
	return buf_release(&b);
}

const char *
template_field(const struct notice_fields *f, const char *key)
{
	size_t i;

	if (f == NULL)
		return NULL;
	for (i = 0; i < f->count; i++)
		if (f->items[i].key != NULL && strcmp(f->items[i].key, key) == 0)
			return f->items[i].value;
	return NULL;
}

char *
template_format_amount(long long v, char *out, size_t size)
{
	char digits[32], tmp[48];
	unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v :
	    (unsigned long long)v;
	int n, i, o = 0;

	n = snprintf(digits, sizeof digits, "%llu", u);
	if (v < 0)
		tmp[o++] = '-';
	for (i = 0; i < n; i++) {
		if (i > 0 && (n - i) % 3 == 0)
			tmp[o++] = ',';
		tmp[o++] = digits[i];
	}
	tmp[o] = '\0';
	snprintf(out, size, "%s", tmp);
	return out;
}

/* Read a whole number of yen: optional -, digits, commas between digits. */
static int
parse_amount(const char *s, long long *out)
{
	long long v = 0;
	int neg = 0, digits = 0;

	if (*s == '-') {
		neg = 1;
		s++;
	}
	for (; *s != '\0'; s++) {
		if (*s == ',' && digits > 0 && s[1] >= '0' && s[1] <= '9')
			continue;
		if (*s < '0' || *s > '9' || digits == 15)
			return -1;
		v = v * 10 + (*s - '0');
		digits++;
	}
	if (digits == 0)
		return -1;
	*out = neg ? -v : v;
	return 0;
}

/* Append v to out through ph's filter; errors name ph's key. */
static int
apply_filter(const struct placeholder *ph, const char *v, struct buf *out,
    struct err *e)
{
	char tmp[64], num[48];
	long long amount;
	struct ymd d;
	size_t i, n;

	switch (ph->filter) {
	case F_NONE:
		buf_adds(out, v);
		return 0;
	case F_COMMA:
	case F_YEN:
	case F_EN:
		if (parse_amount(v, &amount) < 0)
			return err_set(e, E_AMOUNT, ph->key,
			    "the %s filter needs a whole number",
			    filter_names[ph->filter]);
		template_format_amount(amount, num, sizeof num);
		if (ph->filter == F_YEN)
			buf_printf(out, "%s¥%s", amount < 0 ? "-" : "",
			    num + (amount < 0));
		else
			buf_printf(out, "%s%s", num,
			    ph->filter == F_EN ? "円" : "");
		return 0;
	case F_WAREKI:
		if (wareki_parse(v, &d, e) < 0) {
			if (e != NULL)
				snprintf(e->field, sizeof e->field, "%s",
				    ph->key);
			return -1;
		}
		buf_adds(out, wareki_format(&d, WAREKI_LONG, tmp, sizeof tmp));
		return 0;
	case F_POSTAL:
		for (i = n = 0; v[i] != '\0' && n < 8; i++) {
			if (v[i] >= '0' && v[i] <= '9')
				tmp[n++] = v[i];
			else if (v[i] != '-' || i != 3)
				break;
		}
		if (v[i] != '\0' || n != 7)
			return err_set(e, E_POSTAL, ph->key,
			    "the postal filter needs 7 digits");
		buf_printf(out, "%.3s-%.4s", tmp, tmp + 3);
		return 0;
	}
	return 0;
}

/* Value of an office.* key from o, or NULL. */
static const char *
office_value(const struct office *o, const char *key)
{
	if (o == NULL)
		return NULL;
	key += 7;
	if (strcmp(key, "city") == 0)
		return o->city;
	if (strcmp(key, "mayor") == 0)
		return o->mayor;
	if (strcmp(key, "section") == 0)
		return o->section;
	if (strcmp(key, "address") == 0)
		return o->address;
	if (strcmp(key, "postal") == 0)
		return o->postal;
	if (strcmp(key, "phone") == 0)
		return o->phone;
	return NULL;
}

int
template_expand(const char *src, const struct notice_fields *fields,
    const struct office *office, struct buf *out, struct template_span *spans,
    size_t *nspans, struct err *e)
{
	struct placeholder ph;
	const char *why, *v;
	size_t ns = 0, start;

	if (out->data == NULL)
		buf_adds(out, "");
	for (; *src != '\0'; src++) {
		if (src[0] != '$' || (src[1] != '$' && src[1] != '{')) {
			buf_addc(out, *src);
			continue;
		}
		if (src[1] == '$') {
			buf_addc(out, '$');
			src++;
			continue;
		}
		if (parse_placeholder(src, &ph, &why) < 0)
			return err_set(e, E_USAGE, "template", "%s", why);
		if (strncmp(ph.key, "office.", 7) == 0)
			v = office_value(office, ph.key);
		else
			v = template_field(fields, ph.key);
		if (v == NULL && !ph.optional)
			return err_set(e, E_USAGE, ph.key,
			    "the record has no field %s", ph.key);
		start = out->len;
		if (v != NULL && (*v != '\0' || ph.filter == F_NONE) &&
		    apply_filter(&ph, v, out, e) < 0)
			return -1;
		if (spans != NULL && ns < TEMPLATE_MAX_SPANS &&
		    out->len > start) {
			spans[ns].start = start;
			spans[ns].end = out->len;
			snprintf(spans[ns].key, sizeof spans[ns].key, "%s",
			    ph.key);
			ns++;
		}
		src += ph.len - 1;
	}
	if (nspans != NULL)
		*nspans = ns;
	return 0;
}
