/*
 * `madoguchi codes import TABLE FILE [--encoding utf-8|cp932]` and
 * `madoguchi codes list TABLE`: the administrator's way to load a city's
 * own code tables and fee table (納付額ファイル) from CSV, and anyone's
 * way to see what is loaded.  The rules, the transaction and the audit
 * row are codes_import's; this file reads and decodes the file and lays
 * out the rows.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth.h"
#include "buf.h"
#include "cli.h"
#include "codec.h"
#include "codes.h"
#include "i18n.h"
#include "width.h"
#include "xmalloc.h"

#define FILE_MAX (16L * 1024 * 1024)	/* far above any code table */

/* What each table holds, for the usage text. */
static const char *const table_help[CODES_N] = {
	[CODES_VACCINE] = N_("vaccines (接種種類); attr is the class A or B"),
	[CODES_INSTITUTION] = N_("medical institutions (医療機関)"),
	[CODES_POST_OFFICE] = N_("post offices (郵便局)"),
	[CODES_REASON] = N_("reasons (処理事由); attr is a ledger name or empty"),
	[CODES_BUS] = N_("bus companies (バス会社)"),
	[CODES_FEE] = N_("the elderly pass's fee table (納付額ファイル)"),
};

static void
usage(FILE *f)
{
	int i;

	fprintf(f, _("usage: madoguchi codes import TABLE FILE [--encoding utf-8|cp932]\n"
	    "           --user ADMIN [--password-stdin]\n"
	    "       madoguchi codes list TABLE --user NAME [--password-stdin]\n"
	    "import replaces or adds the rows of a CSV file with a header row\n"
	    "(administrator role on the system ledger); one bad line refuses the\n"
	    "whole file.  list shows a table to any user with a role.\n"
	    "Code tables' columns: code name [postal_code address phone attr];\n"
	    "the fee table's: year tier half one one_half cap (amounts in yen).\n"
	    "Tables:\n"));
	for (i = 0; i < CODES_N; i++)
		fprintf(f, "  %-12s %s\n", codes_table_name((enum codes_table)i),
		    _(table_help[i]));
}

/* The whole of path, NUL-terminated, in *out; -1 after printing why. */
static int
read_file(const char *path, char **out, size_t *len)
{
	FILE *fp;
	struct buf b;
	char chunk[8192];
	size_t n;

	if ((fp = fopen(path, "rb")) == NULL) {
		fprintf(stderr, _("madoguchi: cannot read %s: %s\n"), path,
		    strerror(errno));
		return -1;
	}
	buf_init(&b);
	while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0) {
		buf_add(&b, chunk, n);
		if (b.len > (size_t)FILE_MAX)
			break;
	}
	if (ferror(fp) || b.len > (size_t)FILE_MAX) {
		if (ferror(fp))
			fprintf(stderr, _("madoguchi: cannot read %s: %s\n"),
			    path, strerror(errno));
		else
			fprintf(stderr, _("madoguchi: %s is larger than %ld bytes\n"),
			    path, FILE_MAX);
		fclose(fp);
		buf_free(&b);
		return -1;
	}
	fclose(fp);
	*len = b.len;
	*out = buf_release(&b);
	return 0;
}

/*
 * Decode text (len bytes in encoding enc) to UTF-8 line by line, so that
 * a byte that is not valid — or a NUL, which would cut the text short —
 * is reported with its line.  A line feed is never part of a CP932 or
 * UTF-8 multibyte character, so splitting there is safe.
 */
static char *
decode(const char *enc, const char *text, size_t len, struct err *e)
{
	struct buf out;
	const char *p = text, *end = text + len, *nl;
	char *u;
	size_t ul;
	int line = 1;

	buf_init(&out);
	while (p < end) {
		nl = memchr(p, '\n', (size_t)(end - p));
		if (nl == NULL)
			nl = end;
		if (memchr(p, '\0', (size_t)(nl - p)) != NULL) {
			err_set(e, E_ENCODING, "csv", "line %d: a NUL byte", line);
			goto fail;
		}
		if ((u = codec_to_utf8(enc, p, (size_t)(nl - p), &ul, e)) == NULL) {
			if (e != NULL && e->code == E_ENCODING) {
				snprintf(e->field, sizeof e->field, "csv");
				snprintf(e->detail, sizeof e->detail, "line %d", line);
			}
			goto fail;
		}
		buf_add(&out, u, ul);
		free(u);
		if (nl < end)
			buf_addc(&out, '\n');
		p = nl + 1;
		line++;
	}
	return buf_release(&out);
fail:
	buf_free(&out);
	return NULL;
}

/* The table named on the command line; -1 after printing the choices. */
static int
table_arg(const char *name, enum codes_table *t)
{
	int i;

	if (codes_table_from_name(name, t) == 0)
		return 0;
	fprintf(stderr, _("madoguchi: unknown code table '%s'; one of:"), name);
	for (i = 0; i < CODES_N; i++)
		fprintf(stderr, " %s", codes_table_name((enum codes_table)i));
	fputc('\n', stderr);
	return -1;
}

static int
do_import(struct session *s, enum codes_table t, const char *file,
    const char *enc, struct err *e)
{
	char *raw, *text;
	size_t len;
	int rows, rc;

	if (read_file(file, &raw, &len) == -1)
		return err_set(e, E_IO, "", NULL);
	text = decode(enc, raw, len, e);
	free(raw);
	if (text == NULL) {
		cli_error(e);
		return -1;
	}
	rc = codes_import(s, t, text, &rows, e);
	free(text);
	if (rc == -1) {
		cli_error(e);
		fprintf(stderr, _("madoguchi: nothing was imported\n"));
		return -1;
	}
	printf(ngettext("imported: %d row into %s\n",
	    "imported: %d rows into %s\n", (unsigned long)rows), rows,
	    codes_table_name(t));
	return 0;
}

/* ---- list ---------------------------------------------------------------- */

/* "12,345" */
static const char *
yen(int64_t v, char *buf, size_t size)
{
	char digits[24];
	size_t n, i, k = 0;

	n = (size_t)snprintf(digits, sizeof digits, "%" PRId64, v < 0 ? -v : v);
	if (v < 0 && k + 1 < size)
		buf[k++] = '-';
	for (i = 0; i < n && k + 1 < size; i++) {
		if (i > 0 && (n - i) % 3 == 0 && k + 2 < size)
			buf[k++] = ',';
		buf[k++] = digits[i];
	}
	buf[k] = '\0';
	return buf;
}

/* s padded with blanks to w columns; right-aligned when right is set. */
static void
cell(const char *s, int w, int right, int last)
{
	int pad = w - width_str(s);

	if (pad < 0)
		pad = 0;
	if (right)
		printf("%*s%s", pad, "", s);
	else if (last)
		fputs(s, stdout);
	else
		printf("%s%*s", s, pad, "");
	fputs(last ? "\n" : "  ", stdout);
}

struct fee_rows {
	struct db_fee_row *r;
	size_t n, cap;
};

static int
keep_fee(void *ctx, const struct db_fee_row *r)
{
	struct fee_rows *a = ctx;

	if (a->n == a->cap) {
		a->cap = a->cap ? 2 * a->cap : 64;
		a->r = xrealloc(a->r, a->cap * sizeof *a->r);
	}
	a->r[a->n++] = *r;
	return 0;
}

/* 年度 区分 半年 1年 1年半 上限, amounts with thousands separators. */
static int
list_fee(struct session *s, struct err *e)
{
	static const char *const head[6] = {
		N_("Year"), N_("Tier"), N_("Half year"), N_("1 year"),
		N_("1.5 years"), N_("Cap"),
	};
	struct fee_rows a = { NULL, 0, 0 };
	char v[6][32];
	int w[6], i;
	size_t k;

	if (codes_list(s, CODES_FEE, NULL, keep_fee, &a, e) == -1) {
		free(a.r);
		return -1;
	}
	for (i = 0; i < 6; i++) {
		w[i] = width_str(_(head[i]));
		if (w[i] < (i < 2 ? 4 : 11))
			w[i] = i < 2 ? 4 : 11;
	}
	for (i = 0; i < 6; i++)
		cell(_(head[i]), w[i], 1, i == 5);
	for (k = 0; k < a.n; k++) {
		snprintf(v[0], sizeof v[0], "%d", a.r[k].year);
		snprintf(v[1], sizeof v[1], "%d", a.r[k].tier);
		yen(a.r[k].half, v[2], sizeof v[2]);
		yen(a.r[k].one, v[3], sizeof v[3]);
		yen(a.r[k].one_half, v[4], sizeof v[4]);
		yen(a.r[k].cap, v[5], sizeof v[5]);
		for (i = 0; i < 6; i++)
			cell(v[i], w[i], 1, i == 5);
	}
	free(a.r);
	return 0;
}

#define NCOL 6

struct code_rows {
	struct db_code *r;
	size_t n, cap;
};

static int
keep_code(void *ctx, const struct db_code *c)
{
	struct code_rows *a = ctx;

	if (a->n == a->cap) {
		a->cap = a->cap ? 2 * a->cap : 64;
		a->r = xrealloc(a->r, a->cap * sizeof *a->r);
	}
	a->r[a->n++] = *c;
	return 0;
}

/* Column i of c for display ("604-8571" for a postal code). */
static const char *
code_col(const struct db_code *c, int i, char *buf, size_t size)
{
	switch (i) {
	case 0: return c->code;
	case 1: return c->name;
	case 2:
		if (strlen(c->postal_code) == 7)
			snprintf(buf, size, "%.3s-%.4s", c->postal_code,
			    c->postal_code + 3);
		else
			snprintf(buf, size, "%s", c->postal_code);
		return buf;
	case 3: return c->address;
	case 4: return c->phone;
	default: return c->attr;
	}
}

/*
 * Code and name always; the other columns only when some row has them,
 * so that the vaccines do not show four empty address columns.
 */
static int
list_codes(struct session *s, enum codes_table t, struct err *e)
{
	static const char *const head[NCOL] = {
		N_("Code"), N_("Designation"), N_("Postal code"), N_("Address"),
		N_("Phone"), N_("Class"),
	};
	struct code_rows a = { NULL, 0, 0 };
	char buf[16];
	int w[NCOL], show[NCOL], i, last;
	size_t k;

	if (codes_list(s, t, keep_code, NULL, &a, e) == -1) {
		free(a.r);
		return -1;
	}
	for (i = 0; i < NCOL; i++) {
		w[i] = width_str(_(head[i]));
		show[i] = i < 2 || (t == CODES_VACCINE && i == 5);
		for (k = 0; k < a.n; k++) {
			const char *v = code_col(&a.r[k], i, buf, sizeof buf);
			int vw = width_str(v);

			if (*v != '\0')
				show[i] = 1;
			if (vw > w[i])
				w[i] = vw;
		}
	}
	for (last = NCOL - 1; last > 0 && !show[last]; last--)
		;
	for (i = 0; i < NCOL; i++)
		if (show[i])
			cell(_(head[i]), w[i], 0, i == last);
	for (k = 0; k < a.n; k++)
		for (i = 0; i < NCOL; i++)
			if (show[i])
				cell(code_col(&a.r[k], i, buf, sizeof buf),
				    w[i], 0, i == last);
	free(a.r);
	return 0;
}

int
cli_codes(struct cli_opts *o, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "encoding", required_argument, NULL, 'e' },
		{ "user", required_argument, NULL, 'u' },
		{ "password-stdin", no_argument, NULL, 'p' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *user = NULL, *enc = NULL, *verb;
	enum codes_table t;
	struct ledger *lg;
	struct session *s;
	struct err e;
	int c, pw_stdin = 0, rc;

	optind = 0;	/* options may follow the operands */
	while ((c = getopt_long(argc, argv, "u:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'e': enc = optarg; break;
		case 'u': user = optarg; break;
		case 'p': pw_stdin = 1; break;
		case 'h': usage(stdout); return EXIT_OK;
		default: usage(stderr); return EXIT_USAGE;
		}
	}
	if (argc - optind < 2) {
		usage(stderr);
		return EXIT_USAGE;
	}
	verb = argv[optind];
	if (!((strcmp(verb, "import") == 0 && argc - optind == 3) ||
	    (strcmp(verb, "list") == 0 && argc - optind == 2 && enc == NULL))) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if (table_arg(argv[optind + 1], &t) == -1)
		return EXIT_USAGE;
	if (enc == NULL)
		enc = "utf-8";
	if (codec_name(enc) == NULL || (strcmp(codec_name(enc), "UTF-8") != 0 &&
	    strcmp(codec_name(enc), "CP932") != 0)) {
		fprintf(stderr, _("madoguchi: --encoding is utf-8 or cp932\n"));
		return EXIT_USAGE;
	}
	if ((lg = cli_open(o)) == NULL)
		return EXIT_REFUSED;
	if ((s = cli_login(lg, user, pw_stdin)) == NULL) {
		ledger_close(&lg);
		return EXIT_REFUSED;
	}
	err_clear(&e);
	if (strcmp(verb, "import") == 0)
		rc = do_import(s, t, argv[optind + 2], codec_name(enc), &e);
	else if ((rc = t == CODES_FEE ? list_fee(s, &e) :
	    list_codes(s, t, &e)) == -1)
		cli_error(&e);
	auth_logout(&s, NULL);
	ledger_close(&lg);
	return rc == 0 ? EXIT_OK : cli_status(&e);
}
