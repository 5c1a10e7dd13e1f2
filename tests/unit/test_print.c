/*
 * Unit tests for print/: the template parser (good files, every kind of
 * error with its line number), placeholder expansion and its filters
 * (thousands separators, 和暦, postal codes), and the renderer: every
 * shipped notice kind rendered for a known record, checked with pdftoppm
 * (not blank) and pdftotext (name, address, amount, notice number on every
 * page), font fallback to IPAmj for 𠮷, the overflow report, file mode
 * 0600, record errors and in-order output from the worker threads; the
 * piped job (one PDF from two threads) against the one-thread PDF, its
 * page order, and the notice job's sink (noticepdf.h) on two threads.
 */
#include "testutil.h"

#include <fcntl.h>
#include <sys/stat.h>

#include <cairo.h>

#include "buf.h"
#include "config.h"
#include "err.h"
#include "noticepdf.h"
#include "path.h"
#include "render.h"
#include "template.h"
#include "xmalloc.h"

#define NOTICE_NO	"R6-0001234"
#define ADDRESS		"京都市中京区寺町通御池上る上本能寺前町488番地"

static const struct office office = {
	"京都市", "門川　一郎", "子ども若者はぐくみ局　子育て支援課",
	"京都市中京区寺町通御池上る上本能寺前町488番地", "6048571",
	"075-222-3111"
};

/* The known record: every key any shipped template uses. */
static struct notice_field record[] = {
	{ "notice_no", NOTICE_NO }, { "issue_date", "2024-10-15" },
	{ "postal", "6048571" }, { "address", ADDRESS },
	{ "katagaki", "○○ハイツ 201号室" }, { "name", "山田　太郎" },
	{ "claim_date", "R6.10.1" }, { "start_month", "令和6年11月分" },
	{ "children", "3" }, { "amount", "30000" },
	{ "prev_amount", "20000" }, { "reason", "第3子の養育開始" },
	{ "end_date", "2024-09-30" }, { "birth_date", "S25.4.1" },
	{ "fiscal_year", "令和6年度" }, { "fee_tier", "第3段階" },
	{ "due_date", "2024-10-31" }, { "pass_no", "K-000123" },
	{ "valid_until", "2025-09-30" }, { "child_name", "山田　花子" },
	{ "vaccine", "麻しん風しん混合（MR）" }, { "dose", "第1期" },
	{ "target_period", "令和6年10月1日から令和7年3月31日まで" },
	{ "vaccine_date", "2024-09-01" }, { "lot_no", "AB123" },
	{ "institution", "京都市立病院" }, { "doctor", "鈴木　一郎" },
};
#define NRECORD (sizeof record / sizeof record[0])

static const char *const kinds[] = {
	"child_nintei", "child_kaitei", "child_shometsu", "child_kyakka",
	"elderly_oshirase", "elderly_nonyu", "elderly_hikikae",
	"elderly_kyakka", "vacc_kansho", "vacc_sesshuzumi"
};

static char *
template_dir(void)
{
	struct stat st;
	char *exe, *dir;

	if (stat("print/templates", &st) == 0)
		return xstrdup("print/templates");
	exe = path_exe_dir();
	dir = xasprintf("%s/../../print/templates", exe ? exe : ".");
	free(exe);
	return dir;
}

static struct template *
load_kind(const char *kind)
{
	struct err e = { 0 };
	char *dir = template_dir(), *path = xasprintf("%s/%s.tmpl", dir, kind);
	struct template *t = template_load(path, &e);

	if (t == NULL)
		fail_msg("%s: %s", path, e.detail);
	free(path);
	free(dir);
	return t;
}

/* A record that is `record` with one value replaced (key may be new). */
static struct notice_fields
record_with(struct notice_field *buf, const char *key, const char *value)
{
	size_t i, n = 0;
	int done = 0;

	for (i = 0; i < NRECORD; i++) {
		buf[n] = record[i];
		if (key != NULL && strcmp(record[i].key, key) == 0) {
			if (value == NULL)
				continue;
			buf[n].value = value;
			done = 1;
		}
		n++;
	}
	if (key != NULL && value != NULL && !done)
		buf[n++] = (struct notice_field){ key, value };
	return (struct notice_fields){ buf, n };
}

/* Run a shell command; 0 when it exits 0. */
static int
run(const char *fmt, const char *a, const char *b)
{
	char cmd[2048];

	snprintf(cmd, sizeof cmd, fmt, a, b ? b : "");
	return system(cmd);
}

/* Read a whole file (caller frees). */
static char *
slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	struct buf b;
	char chunk[4096];
	size_t n;

	buf_init(&b);
	buf_adds(&b, "");
	if (f == NULL)
		return buf_release(&b);
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_add(&b, chunk, n);
	fclose(f);
	return buf_release(&b);
}

/* Text with every ASCII blank and U+3000 removed, so layout gaps vanish. */
static char *
squeeze(const char *s)
{
	char *out = xmalloc(strlen(s) + 1), *o = out;

	while (*s != '\0') {
		if (*s == ' ' || *s == '\t' || *s == '\f' || *s == '\r')
			s++;
		else if (strncmp(s, "\xe3\x80\x80", 3) == 0)
			s += 3;
		else
			*o++ = *s++;
	}
	*o = '\0';
	return out;
}

/* pdftotext -layout of page (0: all) of pdf, blanks squeezed out. */
static char *
pdf_text(const char *dir, const char *pdf, int page)
{
	char *txt = xasprintf("%s/out.txt", dir), *raw, *sq, range[32] = "";

	if (page > 0)
		snprintf(range, sizeof range, "-f %d -l %d", page, page);
	{
		char cmd[2048];

		snprintf(cmd, sizeof cmd, "pdftotext -layout %s '%s' '%s'",
		    range, pdf, txt);
		assert_int_equal(system(cmd), 0);
	}
	raw = slurp(txt);
	sq = squeeze(raw);
	unlink(txt);
	free(txt);
	free(raw);
	return sq;
}

/* Count dark pixels of page 1 rendered at 50 dpi. */
static long
dark_pixels(const char *dir, const char *pdf)
{
	char *prefix = xasprintf("%s/page", dir);
	char *png = xasprintf("%s/page-1.png", dir);
	cairo_surface_t *s;
	unsigned char *data;
	long dark = 0;
	int x, y, w, h, stride;

	assert_int_equal(run("pdftoppm -png -r 50 -f 1 -l 1 '%s' '%s'", pdf,
	    prefix), 0);
	s = cairo_image_surface_create_from_png(png);
	assert_int_equal(cairo_surface_status(s), CAIRO_STATUS_SUCCESS);
	cairo_surface_flush(s);
	data = cairo_image_surface_get_data(s);
	w = cairo_image_surface_get_width(s);
	h = cairo_image_surface_get_height(s);
	stride = cairo_image_surface_get_stride(s);
	assert_true(w > 380 && w < 420 && h > 560 && h < 600);	/* A4 */
	for (y = 0; y < h; y++)
		for (x = 0; x < w; x++) {
			uint32_t px = *(uint32_t *)(data + y * stride + x * 4);
			int lum = (int)(((px >> 16) & 0xff) + ((px >> 8) & 0xff) +
			    (px & 0xff)) / 3;

			if (lum < 128)
				dark++;
		}
	cairo_surface_destroy(s);
	unlink(png);
	free(png);
	free(prefix);
	return dark;
}

/* Render n copies of fields with template t into dir/name.pdf; threads
 * -1 is a piped job. */
static char *
render_to(const char *dir, const char *name, const struct template *t,
    const struct notice_fields *f, int n, int threads,
    struct render_stats *st)
{
	struct err e = { 0 };
	char *pdf = xasprintf("%s/%s.pdf", dir, name);
	struct render_job *j = threads < 0 ?
	    render_job_new_piped(pdf, t, &office, &e) :
	    render_job_new(pdf, t, &office, threads, &e);
	int i;

	if (j == NULL)
		fail_msg("render_job_new: %s", e.detail);
	for (i = 0; i < n; i++)
		if (render_job_add(j, f, &e) < 0)
			fail_msg("render_job_add: %s %s", e.field, e.detail);
	if (render_job_finish(&j, st, &e) < 0)
		fail_msg("render_job_finish: %s", e.detail);
	assert_null(j);
	assert_true(st->nfiles >= 1);
	free(pdf);
	return xstrdup(st->files[0]);
}

/* ---- template parser ---- */

static const char good[] =
    "# a comment\n"
    "[page]\n"
    "size = A4\r\n"
    "pages = 2\n"
    "title = テスト通知書\n"
    "\n"
    "[text]\n"
    "page = all\n"
    "x = 120\n"
    "y = 10\n"
    "width = 80\n"
    "text = 通知番号　${notice_no}\n"
    "[text]\n"
    "x = 10\n"
    "y = 50\n"
    "font = gothic\n"
    "size = 16\n"
    "align = center\n"
    "text = \"  固定の文言 ${office.city}  \"\n"
    "text =\n"
    "text = 二行目\n"
    "[table]\n"
    "page = 2\n"
    "x = 10\n"
    "y = 100\n"
    "columns = 40, 60\n"
    "align = left, right\n"
    "header = 項目|金額\n"
    "row = 負担金|${amount|yen}\n"
    "row = 備考|${note?}\n"
    "[box]\n"
    "x = 10\n"
    "y = 200\n"
    "width = 190\n"
    "height = 90\n"
    "dash = yes\n"
    "[line]\n"
    "x = 10\n"
    "y = 198\n"
    "x2 = 200\n"
    "y2 = 198\n"
    "[address]\n"
    "x = 25\n"
    "y = 15\n"
    "width = 85\n"
    "height = 40\n";

static void
test_template_parse_good(void **state)
{
	struct err e = { 0 };
	struct template *t;

	(void)state;
	t = template_parse(good, strlen(good), "good.tmpl", &e);
	if (t == NULL)
		fail_msg("%s", e.detail);
	assert_int_equal(t->pages, 2);
	assert_string_equal(t->title, "テスト通知書");
	assert_int_equal(t->nblocks, 6);
	assert_int_equal(t->blocks[0].page, 0);
	assert_false(t->blocks[0].fixed);
	assert_int_equal(t->blocks[1].kind, TEMPLATE_TEXT);
	assert_true(t->blocks[1].fixed);	/* office.* only */
	assert_int_equal(t->blocks[1].font, TEMPLATE_GOTHIC);
	assert_int_equal(t->blocks[1].align, TEMPLATE_CENTER);
	assert_string_equal(t->blocks[1].text,
	    "  固定の文言 ${office.city}  \n\n二行目");
	assert_int_equal(t->blocks[2].kind, TEMPLATE_TABLE);
	assert_int_equal(t->blocks[2].ncols, 2);
	assert_int_equal(t->blocks[2].col_align[1], TEMPLATE_RIGHT);
	assert_int_equal(t->blocks[2].nrows, 2);
	assert_false(t->blocks[2].fixed);
	assert_true(t->blocks[3].dash);
	assert_true(t->blocks[4].fixed);
	assert_int_equal(t->blocks[5].kind, TEMPLATE_ADDRESS);
	assert_string_equal(t->blocks[5].text, "様");
	assert_false(t->blocks[5].fixed);
	assert_int_equal(t->blocks[5].line, 42);
	template_free(&t);
	assert_null(t);
}

static const char head[] = "[page]\ntitle = T\n"
    "[text]\npage = all\nx = 1\ny = 1\ntext = ${notice_no}\n";	/* 7 lines */

static void
test_template_parse_errors(void **state)
{
	static const struct {
		const char *tail;	/* appended to head */
		int line;
		const char *what;
	} cases[] = {
		{ "[colour]\n", 8, "unknown section" },
		{ "[text]\nx = 1\ny = 2\ncolour = red\n", 11, "unknown key colour" },
		{ "[text]\nx = abc\n", 9, "x is not a number" },
		{ "[text]\nx = 250\n", 9, "x out of range" },
		{ "[text]\nx = 1\ny\n", 10, "expected key = value" },
		{ "[text]\nx = 1\nx = 2\n", 10, "x given twice" },
		{ "[text]\nx = 1\ny = 1\n", 8, "needs text" },
		{ "[box]\nx = 1\ny = 1\nwidth = 10\n", 8, "needs height" },
		{ "[text]\nx = 1\ny = 1\ntext = ${name\n", 11, "not closed" },
		{ "[text]\nx = 1\ny = 1\ntext = ${amount|euro}\n", 11,
		    "unknown filter" },
		{ "[text]\nx = 1\ny = 1\ntext = ${office.fax}\n", 11,
		    "unknown office key" },
		{ "[text]\nx = 1\ny = 1\ntext = ${}\n", 11, "without a key" },
		{ "[table]\nx = 1\ny = 1\ncolumns = 10, 20\nrow = a|b|c\n", 12,
		    "different number of cells" },
		{ "[table]\nx = 1\ny = 1\nrow = a\n", 11, "must follow columns" },
		{ "[text]\npage = 3\n", 9, "page out of range" },
		{ "[text]\nfit = squeeze\n", 9, "fit must be" },
		{ "[text]\nx = 1\ny = 280\nwidth = 10\nheight = 30\ntext = a\n",
		    8, "does not fit" },
		{ "[page]\n", 8, "[page] given twice" },
		{ "[text\n", 8, "without ]" },
		{ "[text]\nx = 1\nx2 = 5\n", 10, "unknown key x2" },
		{ "[text]\nx = 1\ny = 1\ntext = bad \xff byte\n", 11,
		    "invalid UTF-8" },
		{ "[text]\nx = 1\ny = 1\ntext = bell \x07\n", 11,
		    "control character" },
		{ "[text]\n = 3\n", 9, "key missing" },
	};
	struct err e;
	struct template *t;
	char *text, want[32];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		text = xasprintf("%s%s", head, cases[i].tail);
		err_clear(&e);
		t = template_parse(text, strlen(text), "/x/kind.tmpl", &e);
		if (t != NULL)
			fail_msg("case %zu parsed", i);
		assert_int_equal(e.code, E_CONFIG);
		snprintf(want, sizeof want, "kind.tmpl:%d: ", cases[i].line);
		if (strncmp(e.detail, want, strlen(want)) != 0 ||
		    strstr(e.detail, cases[i].what) == NULL)
			fail_msg("case %zu: got \"%s\", want \"%s%s\"", i,
			    e.detail, want, cases[i].what);
		free(text);
	}
}

static void
test_template_parse_file_errors(void **state)
{
	static const char nonum[] = "[page]\ntitle = T\npages = 2\n"
	    "[text]\nx = 1\ny = 1\ntext = ${notice_no}\n";
	static const char notitle[] = "[page]\n[text]\nx = 1\ny = 1\n"
	    "text = ${notice_no}\n";
	static const char before[] = "[text]\nx = 1\n";
	struct err e;
	char *longline;
	struct template *t;

	(void)state;
	/* Page 2 never shows the notice number. */
	t = template_parse(nonum, strlen(nonum), "n.tmpl", &e);
	assert_null(t);
	assert_non_null(strstr(e.detail, "page 2 does not show"));
	t = template_parse(notitle, strlen(notitle), "n.tmpl", &e);
	assert_null(t);
	assert_non_null(strstr(e.detail, "needs a title"));
	t = template_parse(before, strlen(before), "n.tmpl", &e);
	assert_null(t);
	assert_string_equal(e.detail,
	    "n.tmpl:1: [page] must come before [text]");
	t = template_parse("x = 1\n", 6, "n.tmpl", &e);
	assert_null(t);
	assert_string_equal(e.detail, "n.tmpl:1: key outside a section");
	t = template_parse("[page]\nfoo = 1\n", 15, "n.tmpl", &e);
	assert_null(t);
	assert_string_equal(e.detail, "n.tmpl:2: unknown key foo in [page]");
	t = template_parse("", 0, "n.tmpl", &e);
	assert_null(t);
	assert_non_null(strstr(e.detail, "no [page]"));
	/* A NUL byte inside the data. */
	t = template_parse("[page]\0x", 8, "n.tmpl", &e);
	assert_null(t);
	assert_non_null(strstr(e.detail, "n.tmpl:1: invalid UTF-8 or NUL"));
	longline = xmalloc(2000);
	memset(longline, '#', 1999);
	longline[1999] = '\0';
	t = template_parse(longline, 1999, "n.tmpl", &e);
	assert_null(t);
	assert_non_null(strstr(e.detail, "n.tmpl:1: line longer"));
	free(longline);
	err_clear(&e);
	t = template_load("/nonexistent/x.tmpl", &e);
	assert_null(t);
	assert_int_equal(e.code, E_IO);
}

/* Mutated templates never crash the parser (ASan/UBSan watch this). */
static void
test_template_parse_mutations(void **state)
{
	struct err e;
	struct template *t;
	char *dir = template_dir(), *path = xasprintf("%s/elderly_nonyu.tmpl",
	    dir), *src = slurp(path), *copy;
	size_t len = strlen(src), i, k;
	unsigned long seed = 12345;
	int ok = 0;

	(void)state;
	assert_true(len > 1000);
	copy = xmalloc(len + 1);
	for (i = 0; i < 3000; i++) {
		memcpy(copy, src, len + 1);
		for (k = 0; k < 1 + i % 4; k++) {
			seed = seed * 6364136223846793005UL + 1442695040888963407UL;
			copy[(seed >> 33) % len] = "=[]{}$|?\n#,x9 \xe3"[(seed >> 20) % 16];
		}
		t = template_parse(copy, len, "m.tmpl", &e);
		ok += t != NULL;
		template_free(&t);
	}
	/* Some mutations (in comments, say) keep the file valid. */
	assert_true(ok > 0 && ok < 3000);
	free(copy);
	free(src);
	free(path);
	free(dir);
}

/* Each shipped template names, in its header, exactly the keys it uses. */
static void
test_template_keys_documented(void **state)
{
	char *dir = template_dir(), *path, *src, *keys, *doc, *want, *w, *tok;
	char *save = NULL;
	struct template *t;
	size_t k;

	(void)state;
	for (k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
		path = xasprintf("%s/%s.tmpl", dir, kinds[k]);
		src = slurp(path);
		t = load_kind(kinds[k]);
		keys = template_keys(t);
		doc = strstr(src, "# Record keys: ");
		assert_non_null(doc);
		doc += strlen("# Record keys: ");
		want = xstrndup(doc, strcspn(doc, "\n"));
		/* Same set, whatever the order. */
		for (w = want, tok = strtok_r(w, " ", &save); tok != NULL;
		    tok = strtok_r(NULL, " ", &save)) {
			char *pad = xasprintf(" %s ", tok), *hay = xasprintf(" %s ",
			    keys);

			if (strstr(hay, pad) == NULL)
				fail_msg("%s documents %s but does not use it "
				    "(uses: %s)", kinds[k], tok, keys);
			free(pad);
			free(hay);
		}
		free(want);
		want = xstrndup(doc, strcspn(doc, "\n"));
		for (w = keys, tok = strtok_r(w, " ", &save); tok != NULL;
		    tok = strtok_r(NULL, " ", &save)) {
			char *pad = xasprintf(" %s ", tok), *hay = xasprintf(" %s ",
			    want);

			if (strstr(hay, pad) == NULL)
				fail_msg("%s uses %s but does not document it",
				    kinds[k], tok);
			free(pad);
			free(hay);
		}
		free(want);
		free(keys);
		template_free(&t);
		free(src);
		free(path);
	}
	free(dir);
}

/* ---- expansion ---- */

static void
test_amount_separators(void **state)
{
	static const struct {
		long long v;
		const char *want;
	} cases[] = {
		{ 0, "0" }, { 7, "7" }, { 999, "999" }, { 1000, "1,000" },
		{ 15000, "15,000" }, { 30000, "30,000" }, { 100000, "100,000" },
		{ 1234567, "1,234,567" }, { -1000, "-1,000" },
		{ 999999999999999LL, "999,999,999,999,999" },
	};
	char out[48];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++)
		assert_string_equal(template_format_amount(cases[i].v, out,
		    sizeof out), cases[i].want);
}

static char *
expand(const char *src, const char *key, const char *value, struct err *e)
{
	struct notice_field f[] = { { key, value } };
	struct notice_fields nf = { f, 1 };
	struct buf b;

	buf_init(&b);
	err_clear(e);
	if (template_expand(src, &nf, &office, &b, NULL, NULL, e) < 0) {
		buf_free(&b);
		return NULL;
	}
	return buf_release(&b);
}

static void
test_expand_filters(void **state)
{
	static const struct {
		const char *src, *value, *want;
	} cases[] = {
		{ "${v|yen}", "15000", "¥15,000" },
		{ "${v|en}", "30000", "30,000円" },
		{ "${v|comma}", "1234567", "1,234,567" },
		{ "${v|yen}", "1,500", "¥1,500" },
		{ "月額 ${v|en}（${v}）", "10000", "月額 10,000円（10000）" },
		{ "〒${v|postal}", "6048571", "〒604-8571" },
		{ "〒${v|postal}", "604-8571", "〒604-8571" },
		{ "$$${v}", "5", "$5" },
		{ "${office.city}長", "x", "京都市長" },
		{ "[${missing?}]", "x", "[]" },
		{ "[${v|yen}]", "", "[]" },
	};
	struct err e;
	char *s;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		s = expand(cases[i].src, "v", cases[i].value, &e);
		if (s == NULL)
			fail_msg("case %zu: %s", i, e.detail);
		assert_string_equal(s, cases[i].want);
		free(s);
	}
	/* Bad values name the key. */
	assert_null(expand("${amount|yen}", "amount", "3万", &e));
	assert_int_equal(e.code, E_AMOUNT);
	assert_string_equal(e.field, "amount");
	assert_null(expand("${zip|postal}", "zip", "60485", &e));
	assert_int_equal(e.code, E_POSTAL);
	assert_string_equal(e.field, "zip");
}

static void
test_expand_missing_key(void **state)
{
	struct err e;
	struct template_span spans[TEMPLATE_MAX_SPANS];
	struct notice_field f[] = { { "name", "山田　太郎" }, { "amount", "30000" } };
	struct notice_fields nf = { f, 2 };
	struct buf b;
	size_t n;

	(void)state;
	assert_null(expand("氏名 ${name} 様", "nmae", "x", &e));
	assert_int_equal(e.code, E_USAGE);
	assert_string_equal(e.field, "name");
	assert_non_null(strstr(e.detail, "name"));
	/* No office: office keys are missing too. */
	buf_init(&b);
	assert_int_equal(template_expand("${office.phone}", &nf, NULL, &b, NULL,
	    NULL, &e), -1);
	assert_string_equal(e.field, "office.phone");
	/* Spans say where each value went. */
	buf_reset(&b);
	assert_int_equal(template_expand("氏名 ${name}：${amount|yen}", &nf,
	    NULL, &b, spans, &n, &e), 0);
	assert_int_equal(n, 2);
	assert_string_equal(spans[0].key, "name");
	assert_int_equal(spans[0].start, strlen("氏名 "));
	assert_int_equal(spans[0].end, strlen("氏名 山田　太郎"));
	assert_string_equal(spans[1].key, "amount");
	assert_string_equal(b.data + spans[1].start, "¥30,000");
	buf_free(&b);
}

static void
test_expand_wareki(void **state)
{
	static const struct {
		const char *value, *want;
	} cases[] = {
		{ "2024-04-01", "令和6年4月1日" },
		{ "2019-05-01", "令和元年5月1日" },
		{ "H31.4.30", "平成31年4月30日" },
		{ "S25.4.1", "昭和25年4月1日" },
		{ "令和6年10月15日", "令和6年10月15日" },
	};
	struct err e;
	char *s;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		s = expand("${d|wareki}", "d", cases[i].value, &e);
		if (s == NULL)
			fail_msg("case %zu: %s", i, e.detail);
		assert_string_equal(s, cases[i].want);
		free(s);
	}
	assert_null(expand("納期限 ${due|wareki}", "due", "2024-02-30", &e));
	assert_string_equal(e.field, "due");
	assert_int_equal(e.code, E_DATE_INVALID);
	assert_null(expand("${due|wareki}", "due", "来月", &e));
	assert_string_equal(e.field, "due");
}

/* ---- rendering ---- */

static void
test_render_every_kind(void **state)
{
	char *dir = test_tmpdir(), *pdf, *txt, *needle;
	struct notice_fields f = { record, NRECORD };
	struct render_stats st;
	struct template *t;
	size_t k;
	int p;

	(void)state;
	assert_non_null(dir);
	for (k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
		t = load_kind(kinds[k]);
		pdf = render_to(dir, kinds[k], t, &f, 1, 1, &st);
		assert_int_equal(st.notices, 1);
		assert_int_equal(st.pages, t->pages);
		if (st.noverflow != 0)
			fail_msg("%s: %zu overflow entries, first %s", kinds[k],
			    st.noverflow, st.overflow[0].field);
		if (dark_pixels(dir, pdf) < 2000)
			fail_msg("%s: page 1 is (nearly) blank", kinds[k]);
		txt = pdf_text(dir, pdf, 1);
		needle = squeeze(record[5].value);	/* 山田　太郎 */
		if (strstr(txt, needle) == NULL)
			fail_msg("%s: no name in the text", kinds[k]);
		free(needle);
		if (strstr(txt, ADDRESS) == NULL)
			fail_msg("%s: no address in the text", kinds[k]);
		if (strstr(txt, "〒604-8571") == NULL || strstr(txt,
		    "○○ハイツ201号室") == NULL)
			fail_msg("%s: no postal code or 方書", kinds[k]);
		if (strstr(txt, t->title) == NULL && strstr(txt,
		    "予防接種のお知らせ") == NULL)
			fail_msg("%s: no title", kinds[k]);
		if (strstr(txt, "令和6年10月15日") == NULL)
			fail_msg("%s: no issue date in 和暦", kinds[k]);
		free(txt);
		/* Amounts with separators where the template shows one. */
		txt = pdf_text(dir, pdf, 0);
		if ((strcmp(kinds[k], "child_nintei") == 0 ||
		    strcmp(kinds[k], "child_kaitei") == 0) &&
		    strstr(txt, "30,000円") == NULL)
			fail_msg("%s: no 30,000円", kinds[k]);
		if (strcmp(kinds[k], "elderly_nonyu") == 0 &&
		    strstr(txt, "¥30,000") == NULL)
			fail_msg("%s: no ¥30,000", kinds[k]);
		free(txt);
		/* The notice number on every page. */
		for (p = 1; p <= t->pages; p++) {
			txt = pdf_text(dir, pdf, p);
			if (strstr(txt, "通知番号" NOTICE_NO) == NULL)
				fail_msg("%s: page %d lacks the notice number",
				    kinds[k], p);
			free(txt);
		}
		render_stats_free(&st);
		free(pdf);
		template_free(&t);
	}
	test_rmtree(dir);
	free(dir);
}

static void
test_render_payment_slip(void **state)
{
	char *dir = test_tmpdir(), *pdf, *txt, *slip;
	struct notice_fields f = { record, NRECORD };
	struct template *t = load_kind("elderly_nonyu");
	struct render_stats st;

	(void)state;
	pdf = render_to(dir, "slip", t, &f, 1, 1, &st);
	txt = pdf_text(dir, pdf, 1);
	/* The detachable part below the cut line holds notice number,
	 * payer, amount and deadline again. */
	slip = strstr(txt, "きりとり線");
	assert_non_null(slip);
	assert_non_null(strstr(slip, "通知番号" NOTICE_NO));
	assert_non_null(strstr(slip, "山田太郎様"));
	assert_non_null(strstr(slip, "¥30,000"));
	assert_non_null(strstr(slip, "令和6年10月31日"));
	free(txt);
	render_stats_free(&st);
	free(pdf);
	template_free(&t);
	test_rmtree(dir);
	free(dir);
}

static void
test_render_ipamj_and_overflow(void **state)
{
	char *dir = test_tmpdir(), *pdf, *txt, *fonts, *cmd;
	struct notice_field buf[NRECORD + 1];
	struct notice_fields f;
	struct template *t = load_kind("child_nintei");
	struct render_stats st;
	char line[128];

	(void)state;
	/* 𠮷 (U+20BB7) is not in IPAex: IPAmj draws it, nothing overflows. */
	f = record_with(buf, "name", "𠮷田　花子");
	pdf = render_to(dir, "kichi", t, &f, 1, 1, &st);
	assert_int_equal(st.noverflow, 0);
	txt = pdf_text(dir, pdf, 1);
	assert_non_null(strstr(txt, "𠮷田花子様"));
	free(txt);
	cmd = xasprintf("pdffonts '%s' > '%s/fonts.txt'", pdf, dir);
	assert_int_equal(system(cmd), 0);
	free(cmd);
	cmd = xasprintf("%s/fonts.txt", dir);
	fonts = slurp(cmd);
	assert_non_null(strstr(fonts, "IPAmjMincho"));
	assert_non_null(strstr(fonts, "IPAexMincho"));
	free(fonts);
	free(cmd);
	render_stats_free(&st);
	free(pdf);

	/* U+10FFFD (private use, plane 16): no font has it. */
	f = record_with(buf, "katagaki", "ハイツ\xf4\x8f\xbf\xbd 201");
	pdf = render_to(dir, "pua", t, &f, 1, 1, &st);
	assert_int_equal(st.noverflow, 1);
	assert_string_equal(st.overflow[0].notice_no, NOTICE_NO);
	assert_string_equal(st.overflow[0].field, "katagaki");
	assert_int_equal(st.overflow[0].problem, RENDER_NO_GLYPH);
	assert_int_equal(st.overflow[0].cp, 0x10FFFD);
	assert_int_equal(st.overflow[0].page, 1);
	assert_string_equal(render_overflow_format(&st.overflow[0], line,
	    sizeof line), NOTICE_NO " katagaki U+10FFFD");
	render_stats_free(&st);
	free(pdf);
	template_free(&t);
	test_rmtree(dir);
	free(dir);
}

static void
test_render_long_text_fits(void **state)
{
	char *dir = test_tmpdir(), *pdf, *txt;
	struct notice_field buf[NRECORD + 1];
	struct notice_fields f;
	struct template *t = load_kind("child_kyakka");
	struct render_stats st;
	const char *addr = "京都府京都市中京区寺町通御池上る上本能寺前町488番地"
	    "　京都市役所本庁舎北館西側通用口前の長い長い住所表示の続き";

	(void)state;
	/* A long address wraps and shrinks inside its band: no overflow. */
	f = record_with(buf, "address", addr);
	pdf = render_to(dir, "long", t, &f, 1, 1, &st);
	assert_int_equal(st.noverflow, 0);
	txt = pdf_text(dir, pdf, 1);
	assert_non_null(strstr(txt, "長い長い"));
	free(txt);
	render_stats_free(&st);
	free(pdf);
	/* A name too long for the window even at 5 pt is clipped and
	 * reported, never drawn outside the box. */
	f = record_with(buf, "name", "寿限無寿限無五劫の擦り切れ海砂利水魚の"
	    "水行末雲来末風来末食う寝る処に住む処やぶら小路の藪柑子パイポパイポ"
	    "パイポのシューリンガンシューリンガンのグーリンダイ");
	pdf = render_to(dir, "name", t, &f, 1, 1, &st);
	assert_true(st.noverflow >= 1);
	assert_string_equal(st.overflow[0].field, "name");
	assert_int_equal(st.overflow[0].problem, RENDER_TOO_LONG);
	render_stats_free(&st);
	free(pdf);
	template_free(&t);
	test_rmtree(dir);
	free(dir);
}

static void
test_render_file_mode(void **state)
{
	char *dir = test_tmpdir(), *path, *pdf;
	struct notice_fields f = { record, NRECORD };
	struct template *t = load_kind("vacc_sesshuzumi");
	struct render_job *j;
	struct render_stats st;
	struct stat sb;
	struct err e;
	mode_t old = umask(0);
	int fd;

	(void)state;
	/* A pre-existing world-readable file is made private. */
	path = xasprintf("%s/mode.pdf", dir);
	fd = open(path, O_WRONLY | O_CREAT, 0666);
	assert_true(fd >= 0);
	close(fd);
	pdf = render_to(dir, "mode", t, &f, 1, 1, &st);
	assert_string_equal(pdf, path);
	assert_int_equal(stat(pdf, &sb), 0);
	assert_int_equal(sb.st_mode & 07777, 0600);
	render_stats_free(&st);
	free(pdf);
	/* So are the part files of a parallel job. */
	pdf = render_to(dir, "modep", t, &f, 3, 2, &st);
	umask(old);
	assert_int_equal(stat(pdf, &sb), 0);
	assert_int_equal(sb.st_mode & 07777, 0600);
	render_stats_free(&st);
	/* An abandoned job leaves no file behind, single or in parts. */
	unlink(pdf);
	unlink(path);
	j = render_job_new(path, t, &office, 1, &e);
	assert_non_null(j);
	assert_int_equal(render_job_add(j, &f, &e), 0);
	render_job_free(&j);
	assert_null(j);
	assert_int_equal(stat(path, &sb), -1);
	j = render_job_new(path, t, &office, 2, &e);
	assert_non_null(j);
	assert_int_equal(render_job_set_part_size(j, 1, &e), 0);
	for (fd = 0; fd < 5; fd++)
		assert_int_equal(render_job_add(j, &f, &e), 0);
	assert_int_equal(render_job_set_part_size(j, 10, &e), -1);
	render_job_free(&j);
	assert_int_equal(run("test -z \"$(ls -A '%s')\"", dir, NULL), 0);
	/* An unwritable place is E_IO. */
	free(path);
	path = xasprintf("%s/no/such/dir.pdf", dir);
	assert_null(render_job_new(path, t, &office, 1, &e));
	assert_int_equal(e.code, E_IO);
	free(path);
	free(pdf);
	template_free(&t);
	test_rmtree(dir);
	free(dir);
}

static void
test_render_record_errors(void **state)
{
	char *dir = test_tmpdir(), *pdf = xasprintf("%s/err.pdf", dir);
	struct notice_field buf[NRECORD + 1];
	struct notice_fields f;
	struct template *t = load_kind("elderly_nonyu");
	struct render_job *j;
	struct render_stats st;
	struct office none = { 0 };
	struct err e;

	(void)state;
	j = render_job_new(pdf, t, &office, 2, &e);
	assert_non_null(j);
	f = record_with(buf, "due_date", NULL);
	assert_int_equal(render_job_add(j, &f, &e), -1);
	assert_int_equal(e.code, E_USAGE);
	assert_string_equal(e.field, "due_date");
	f = record_with(buf, "amount", "三万円");
	assert_int_equal(render_job_add(j, &f, &e), -1);
	assert_int_equal(e.code, E_AMOUNT);
	assert_string_equal(e.field, "amount");
	f = record_with(buf, "notice_no", NULL);
	assert_int_equal(render_job_add(j, &f, &e), -1);
	assert_string_equal(e.field, "notice_no");
	/* The job goes on with the good records. */
	f = record_with(buf, NULL, NULL);
	assert_int_equal(render_job_add(j, &f, &e), 0);
	assert_int_equal(render_job_finish(&j, &st, &e), 0);
	assert_int_equal(st.notices, 1);
	assert_int_equal(st.pages, 1);
	render_stats_free(&st);
	/* A fixed block needs its office key when the job starts. */
	assert_null(render_job_new(pdf, t, &none, 1, &e));
	assert_int_equal(e.code, E_USAGE);
	assert_int_equal(strncmp(e.field, "office.", 7), 0);
	free(pdf);
	template_free(&t);
	test_rmtree(dir);
	free(dir);
}

static void
test_render_office_from_config(void **state)
{
	static const char text[] =
	    "office.city = 京都市\n"
	    "office.mayor = 門川　一郎\n"
	    "office.section = 保健福祉局　長寿福祉課\n"
	    "office.address = 京都市中京区寺町通御池上る上本能寺前町488番地\n"
	    "office.postal = 604-8571\n";
	struct config *c;
	struct office o;
	struct err e;

	(void)state;
	c = config_parse(text, "test", &e);
	assert_non_null(c);
	assert_int_equal(render_office_from_config(&o, c, &e), -1);
	assert_int_equal(e.code, E_CONFIG);
	assert_string_equal(e.field, "office.phone");
	config_set(c, "office.phone", "075-222-3111");
	assert_int_equal(render_office_from_config(&o, c, &e), 0);
	assert_string_equal(o.city, "京都市");
	assert_string_equal(o.phone, "075-222-3111");
	config_free(&c);
}

/* Parallel parts hold the notices in the order they were added. */
static void
test_render_parts_keep_order(void **state)
{
	char *dir = test_tmpdir(), *pdf, *txt, no[32], want[48];
	struct template *t = load_kind("vacc_kansho");
	struct notice_field buf[NRECORD + 1];
	struct notice_fields f;
	struct render_stats st;
	struct render_job *j;
	struct err e;
	size_t k;
	int i, page;

	(void)state;
	pdf = xasprintf("%s/order.pdf", dir);
	j = render_job_new(pdf, t, &office, 3, &e);
	assert_non_null(j);
	assert_int_equal(render_job_set_part_size(j, 40, &e), 0);
	for (i = 0; i < 150; i++) {
		snprintf(no, sizeof no, "R6-%07d", i + 1);
		f = record_with(buf, "notice_no", no);
		assert_int_equal(render_job_add(j, &f, &e), 0);
	}
	assert_int_equal(render_job_finish(&j, &st, &e), 0);
	assert_int_equal(st.notices, 150);
	assert_int_equal(st.pages, 300);
	assert_int_equal(st.nfiles, 4);
	for (k = 0; k < st.nfiles; k++) {
		snprintf(want, sizeof want, "/order-%04zu.pdf", k + 1);
		assert_non_null(strstr(st.files[k], want));
		/* First and last page of the part. */
		for (page = 1; page <= (k < 3 ? 80 : 60); page += (k < 3 ?
		    79 : 59)) {
			txt = pdf_text(dir, st.files[k], page);
			snprintf(want, sizeof want, "通知番号R6-%07d",
			    (int)k * 40 + (page + 1) / 2);
			if (strstr(txt, want) == NULL)
				fail_msg("part %zu page %d lacks %s", k + 1,
				    page, want);
			free(txt);
		}
	}
	assert_int_equal(run("test \"$(pdfinfo '%s' | sed -n "
	    "'s/^Pages: *//p')\" = 60", st.files[3], NULL), 0);
	render_stats_free(&st);
	free(pdf);
	template_free(&t);
	test_rmtree(dir);
	free(dir);
}

/* Overflow pages count over all parts, in notice order. */
static void
test_render_parts_overflow(void **state)
{
	char *dir = test_tmpdir(), *pdf = xasprintf("%s/ov.pdf", dir), no[32];
	struct template *t = load_kind("child_kyakka");
	struct notice_field buf[NRECORD + 1];
	struct notice_fields f;
	struct render_stats st;
	struct render_job *j;
	struct err e;
	int i;

	(void)state;
	j = render_job_new(pdf, t, &office, 2, &e);
	assert_non_null(j);
	assert_int_equal(render_job_set_part_size(j, 3, &e), 0);
	for (i = 0; i < 10; i++) {
		snprintf(no, sizeof no, "R6-%07d", i + 1);
		f = record_with(buf, "notice_no", no);
		if (i == 4 || i == 8)
			buf[5].value = "\xf4\x8f\xbf\xbd山田";	/* name */
		assert_string_equal(buf[5].key, "name");
		assert_int_equal(render_job_add(j, &f, &e), 0);
	}
	assert_int_equal(render_job_finish(&j, &st, &e), 0);
	assert_int_equal(st.nfiles, 4);
	/* The name shows twice per notice: address block and table. */
	assert_int_equal(st.noverflow, 4);
	for (i = 0; i < 4; i++) {
		assert_string_equal(st.overflow[i].notice_no, i < 2 ?
		    "R6-0000005" : "R6-0000009");
		assert_int_equal(st.overflow[i].page, i < 2 ? 5 : 9);
		assert_string_equal(st.overflow[i].field, "name");
		assert_int_equal(st.overflow[i].cp, 0x10FFFD);
	}
	render_stats_free(&st);
	free(pdf);
	template_free(&t);
	test_rmtree(dir);
	free(dir);
}

/*
 * Text that repeats from notice to notice (kept layouts) draws the same
 * page every time, and a problem in it is reported for every notice, not
 * only the first: overflow entries on each page, in both job kinds.
 */
static void
test_render_repeated_text(void **state)
{
	static const char *const longname = "寿限無寿限無五劫の擦り切れ海砂利"
	    "水魚の水行末雲来末風来末食う寝る処に住む処やぶら小路の藪柑子パイ"
	    "ポパイポパイポのシューリンガンシューリンガンのグーリンダイ";
	char *dir = test_tmpdir(), *pdf = xasprintf("%s/rep.pdf", dir);
	char *page[9];
	struct template *t = load_kind("child_kyakka");
	struct notice_field buf[NRECORD + 1];
	struct notice_fields f;
	struct render_stats st;
	struct render_job *j;
	struct err e;
	size_t k;
	int i, mode, bad, longs;

	(void)state;
	for (mode = 0; mode < 2; mode++) {
		j = mode ? render_job_new_piped(pdf, t, &office, &e) :
		    render_job_new(pdf, t, &office, 1, &e);
		assert_non_null(j);
		for (i = 0; i < 9; i++) {
			/* Three times each: the record, a name with no
			 * glyph, a name too long. */
			f = record_with(buf, "name", i % 3 == 1 ?
			    "\xf4\x8f\xbf\xbd山田" : i % 3 == 2 ? longname :
			    record[5].value);
			assert_int_equal(render_job_add(j, &f, &e), 0);
		}
		assert_int_equal(render_job_finish(&j, &st, &e), 0);
		for (k = 0, bad = longs = 0; k < st.noverflow; k++) {
			if (st.overflow[k].problem == RENDER_NO_GLYPH)
				bad |= 1 << st.overflow[k].page;
			else
				longs |= 1 << st.overflow[k].page;
		}
		assert_int_equal(bad, 1 << 2 | 1 << 5 | 1 << 8);
		assert_int_equal(longs, 1 << 3 | 1 << 6 | 1 << 9);
		for (i = 0; i < 9; i++)
			page[i] = pdf_text(dir, pdf, i + 1);
		for (i = 3; i < 9; i++)
			assert_string_equal(page[i], page[i % 3]);
		assert_non_null(strstr(page[6], ADDRESS));
		assert_non_null(strstr(page[6], "通知番号" NOTICE_NO));
		for (i = 0; i < 9; i++)
			free(page[i]);
		render_stats_free(&st);
		unlink(pdf);
	}
	free(pdf);
	template_free(&t);
	test_rmtree(dir);
	free(dir);
}

/*
 * Check that the PDF has pages pages and that page p holds the notice
 * number of notice (p - 1) / per + 1 (R6-%07d, after 通知番号) and no
 * other notice's.
 */
static void
check_page_order(const char *dir, const char *pdf, int pages, int per)
{
	char *txt = xasprintf("%s/order.txt", dir), *raw, *page, *next, *sq;
	char want[48], count[16];
	const char *p;
	int n = 0, hits;

	snprintf(count, sizeof count, "%d", pages);
	assert_int_equal(run("test \"$(pdfinfo '%s' | sed -n "
	    "'s/^Pages: *//p')\" = %s", pdf, count), 0);
	{
		char cmd[2048];

		snprintf(cmd, sizeof cmd, "pdftotext -layout '%s' '%s'", pdf,
		    txt);
		assert_int_equal(system(cmd), 0);
	}
	raw = slurp(txt);
	for (page = raw; (next = strchr(page, '\f')) != NULL;
	    page = next + 1) {
		*next = '\0';
		sq = squeeze(page);
		snprintf(want, sizeof want, "R6-%07d", n / per + 1);
		/* Its number after 通知番号, and no other notice's. */
		for (hits = 0, p = sq; (p = strstr(p, "R6-")) != NULL; p++)
			if (strncmp(p, want, strlen(want)) != 0)
				hits++;
		if (strstr(sq, "通知番号") == NULL || hits != 0 ||
		    strstr(strstr(sq, "通知番号"), want) == NULL)
			fail_msg("page %d: want %s alone", n + 1, want);
		free(sq);
		n++;
	}
	assert_int_equal(n, pages);
	unlink(txt);
	free(raw);
	free(txt);
}

/* A piped job writes the same text and pixels as a one-thread job. */
static void
test_render_piped_every_kind(void **state)
{
	char *dir = test_tmpdir(), *one, *piped, *t1, *t2, name[64];
	struct notice_fields f = { record, NRECORD };
	struct render_stats s1, s2;
	struct template *t;
	size_t k;
	long d1, d2;

	(void)state;
	for (k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
		t = load_kind(kinds[k]);
		one = render_to(dir, kinds[k], t, &f, 2, 1, &s1);
		snprintf(name, sizeof name, "%s-piped", kinds[k]);
		piped = render_to(dir, name, t, &f, 2, -1, &s2);
		assert_int_equal(s2.nfiles, 1);
		assert_int_equal(s2.notices, 2);
		assert_int_equal(s2.pages, 2 * t->pages);
		assert_int_equal(s2.noverflow, s1.noverflow);
		t1 = pdf_text(dir, one, 0);
		t2 = pdf_text(dir, piped, 0);
		if (strcmp(t1, t2) != 0)
			fail_msg("%s: the piped PDF's text differs", kinds[k]);
		d1 = dark_pixels(dir, one);
		d2 = dark_pixels(dir, piped);
		if (d2 < 2000 || labs(d1 - d2) > d1 / 100)
			fail_msg("%s: page 1 has %ld dark pixels piped, %ld "
			    "in one thread", kinds[k], d2, d1);
		free(t1);
		free(t2);
		render_stats_free(&s1);
		render_stats_free(&s2);
		free(one);
		free(piped);
		template_free(&t);
	}
	test_rmtree(dir);
	free(dir);
}

/*
 * A piped job keeps the order of the records page by page, refuses a bad
 * record and goes on, reports overflow on the right page, and leaves
 * nothing behind when abandoned.
 */
static void
test_render_piped_order(void **state)
{
	char *dir = test_tmpdir(), *pdf = xasprintf("%s/piped.pdf", dir);
	struct template *t = load_kind("vacc_kansho");
	struct notice_field buf[NRECORD + 1];
	struct notice_fields f;
	struct render_stats st;
	struct render_job *j;
	struct stat sb;
	struct err e;
	char no[32];
	int i;

	(void)state;
	j = render_job_new_piped(pdf, t, &office, &e);
	assert_non_null(j);
	for (i = 0; i < 150; i++) {
		snprintf(no, sizeof no, "R6-%07d", i + 1);
		f = record_with(buf, "notice_no", no);
		if (i == 70)
			buf[5].value = "\xf4\x8f\xbf\xbd山田";	/* name */
		assert_string_equal(buf[5].key, "name");
		assert_int_equal(render_job_add(j, &f, &e), 0);
		if (i == 20) {
			f = record_with(buf, "vaccine", NULL);
			assert_int_equal(render_job_add(j, &f, &e), -1);
			assert_string_equal(e.field, "vaccine");
		}
	}
	assert_int_equal(render_job_finish(&j, &st, &e), 0);
	assert_null(j);
	assert_int_equal(st.notices, 150);
	assert_int_equal(st.pages, 300);
	assert_int_equal(st.nfiles, 1);
	assert_string_equal(st.files[0], pdf);
	assert_true(st.noverflow >= 1);
	assert_string_equal(st.overflow[0].notice_no, "R6-0000071");
	assert_int_equal(st.overflow[0].page, 141);
	assert_int_equal(stat(pdf, &sb), 0);
	assert_int_equal(sb.st_mode & 07777, 0600);
	check_page_order(dir, pdf, 300, 2);
	render_stats_free(&st);
	unlink(pdf);
	/* Abandoned with notices still queued: no file, no thread left. */
	j = render_job_new_piped(pdf, t, &office, &e);
	assert_non_null(j);
	f = record_with(buf, NULL, NULL);
	for (i = 0; i < 200; i++)
		assert_int_equal(render_job_add(j, &f, &e), 0);
	render_job_free(&j);
	assert_null(j);
	assert_int_equal(run("test -z \"$(ls -A '%s')\"", dir, NULL), 0);
	free(pdf);
	template_free(&t);
	test_rmtree(dir);
	free(dir);
}

/*
 * The notice job's sink on two threads writes the one PDF at the job's
 * path (0600) with every record's page in order and no part files; an
 * aborted job leaves nothing.
 */
static void
test_noticepdf_two_threads(void **state)
{
	char *dir = test_tmpdir(), *tdir = template_dir();
	char *pdf = xasprintf("%s/job.pdf", dir), no[32], amount[16];
	struct config *cfg = config_new();
	struct notices_field fl[10];
	struct notices_sink sink;
	struct noticepdf *np;
	struct stat sb;
	struct err e = { 0 };
	int i, pages = 0;

	(void)state;
	config_set(cfg, "office.city", office.city);
	config_set(cfg, "office.mayor", office.mayor);
	config_set(cfg, "office.section", office.section);
	config_set(cfg, "office.address", office.address);
	config_set(cfg, "office.postal", office.postal);
	config_set(cfg, "office.phone", office.phone);
	config_set(cfg, "template_dir", tdir);
	np = noticepdf_new(cfg, "elderly_nonyu", 2, &e);
	if (np == NULL)
		fail_msg("noticepdf_new: %s", e.detail);
	noticepdf_sink(np, NULL, &sink);
	assert_int_equal(sink.open(sink.ctx, pdf, &e), 0);
	for (i = 0; i < 120; i++) {
		snprintf(no, sizeof no, "R6-%07d", i + 1);
		snprintf(amount, sizeof amount, "%d", 3000 + i);
		fl[0] = (struct notices_field){ "notice_no", no };
		fl[1] = (struct notices_field){ "issue_date", "2024-10-15" };
		fl[2] = (struct notices_field){ "postal", "6048571" };
		fl[3] = (struct notices_field){ "address", ADDRESS };
		fl[4] = (struct notices_field){ "katagaki", "○○ハイツ 201号室" };
		fl[5] = (struct notices_field){ "name", "山田　太郎" };
		fl[6] = (struct notices_field){ "fiscal_year", "令和6年度" };
		fl[7] = (struct notices_field){ "fee_tier", "第3段階" };
		fl[8] = (struct notices_field){ "amount", amount };
		fl[9] = (struct notices_field){ "due_date", "2024-10-31" };
		assert_int_equal(sink.add(sink.ctx, fl, 10, &e), 0);
	}
	assert_int_equal(sink.finish(sink.ctx, &pages, &e), 0);
	assert_int_equal(pages, 120);
	assert_int_equal(noticepdf_stats(np)->nfiles, 1);
	assert_int_equal(stat(pdf, &sb), 0);
	assert_int_equal(sb.st_mode & 07777, 0600);
	assert_int_equal(run("test \"$(ls -A '%s')\" = job.pdf", dir, NULL),
	    0);
	check_page_order(dir, pdf, 120, 1);
	assert_int_equal(run("pdftotext -f 120 -l 120 '%s' - | "
	    "grep -q '3,119'", pdf, NULL), 0);
	unlink(pdf);
	/* Aborted half-way: no file. */
	assert_int_equal(sink.open(sink.ctx, pdf, &e), 0);
	for (i = 0; i < 10; i++)
		assert_int_equal(sink.add(sink.ctx, fl, 10, &e), 0);
	sink.abort(sink.ctx);
	assert_int_equal(run("test -z \"$(ls -A '%s')\"", dir, NULL), 0);
	noticepdf_free(&np);
	config_free(&cfg);
	free(pdf);
	free(tdir);
	test_rmtree(dir);
	free(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_template_parse_good),
		cmocka_unit_test(test_template_parse_errors),
		cmocka_unit_test(test_template_parse_file_errors),
		cmocka_unit_test(test_template_parse_mutations),
		cmocka_unit_test(test_template_keys_documented),
		cmocka_unit_test(test_amount_separators),
		cmocka_unit_test(test_expand_filters),
		cmocka_unit_test(test_expand_missing_key),
		cmocka_unit_test(test_expand_wareki),
		cmocka_unit_test(test_render_every_kind),
		cmocka_unit_test(test_render_payment_slip),
		cmocka_unit_test(test_render_ipamj_and_overflow),
		cmocka_unit_test(test_render_long_text_fits),
		cmocka_unit_test(test_render_file_mode),
		cmocka_unit_test(test_render_record_errors),
		cmocka_unit_test(test_render_office_from_config),
		cmocka_unit_test(test_render_parts_keep_order),
		cmocka_unit_test(test_render_parts_overflow),
		cmocka_unit_test(test_render_repeated_text),
		cmocka_unit_test(test_render_piped_every_kind),
		cmocka_unit_test(test_render_piped_order),
		cmocka_unit_test(test_noticepdf_two_threads),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
