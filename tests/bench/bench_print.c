/*
 * Notice rendering speed (issue 6): elderly-pass 納入通知書 per second from
 * the renderer (fixed layer recorded once; every core, writing part files
 * of 1,000 notices; two threads piped into one PDF; one thread writing one
 * PDF) side by side with a bare cairo+pango loop that lays the same page
 * out from scratch for every notice, single-threaded, with the same fonts,
 * the same template and the same records.  Rows: "%-40s %10s %10s %6s" (figure,
 * value, value2, n).  MADOGUCHI_BENCH_NOTICES sets the count (default
 * 100,000).  The PDFs go to a private temporary directory and are removed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>

#include "buf.h"
#include "clock.h"
#include "err.h"
#include "path.h"
#include "render.h"
#include "template.h"
#include "xmalloc.h"

#define PT_PER_MM	(72.0 / 25.4)
#define OFFICE_SUITE_1000 14.0	/* s for 1,000 pages (design.md §3) */

void bench_print_rows(void);

/* Wall and CPU (all threads) seconds of one run. */
struct span {
	double wall, cpu;
};

static double
cpu_now(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_utime.tv_sec + ru.ru_stime.tv_sec +
	    (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

static const struct office office = {
	"京都市", "門川　一郎", "保健福祉局　長寿福祉課",
	"京都市中京区寺町通御池上る上本能寺前町488番地", "6048571",
	"075-222-3111"
};

/* Record i: distinct notice number, name and amount per notice. */
struct rec {
	char no[32], name[64], amount[16], address[160], katagaki[64];
	struct notice_field f[12];
	struct notice_fields nf;
};

static void
make_record(struct rec *r, long i)
{
	static const char *const family[] = { "山田", "佐藤", "鈴木", "髙橋",
	    "田中", "伊藤", "渡邊", "中村" };
	static const char *const given[] = { "太郎", "花子", "一郎", "恵子",
	    "茂", "和子", "博", "幸子" };
	size_t n = 0;

	snprintf(r->no, sizeof r->no, "R6-K%07ld", i + 1);
	snprintf(r->name, sizeof r->name, "%s　%s", family[i % 8],
	    given[(i / 8) % 8]);
	snprintf(r->amount, sizeof r->amount, "%ld", 3000 + (i % 5) * 1500);
	/* Every record its own address: only what a real job repeats
	 * (dates, year, tier) repeats here. */
	snprintf(r->address, sizeof r->address, "京都市中京区寺町通御池上る"
	    "上本能寺前町%ld番地", i % 997 + 1);
	snprintf(r->katagaki, sizeof r->katagaki, "○○ハイツ %ld号室",
	    i % 389 + 101);
	r->f[n++] = (struct notice_field){ "notice_no", r->no };
	r->f[n++] = (struct notice_field){ "issue_date", "2024-10-15" };
	r->f[n++] = (struct notice_field){ "postal", "6048571" };
	r->f[n++] = (struct notice_field){ "address", r->address };
	r->f[n++] = (struct notice_field){ "katagaki", r->katagaki };
	r->f[n++] = (struct notice_field){ "name", r->name };
	r->f[n++] = (struct notice_field){ "fiscal_year", "令和6年度" };
	r->f[n++] = (struct notice_field){ "fee_tier", "第3段階" };
	r->f[n++] = (struct notice_field){ "amount", r->amount };
	r->f[n++] = (struct notice_field){ "due_date", "2024-10-31" };
	r->nf.items = r->f;
	r->nf.count = n;
}

/* --- The bare program: every block laid out anew on every page. --- */

struct bare {
	cairo_t *cr;
	PangoContext *ctx;
	struct buf text;
};

static void
bare_text(struct bare *b, const char *family, double size, double x,
    double y, double width, enum template_align align, const char *text)
{
	PangoLayout *l = pango_layout_new(b->ctx);
	PangoFontDescription *d = pango_font_description_from_string(family);

	pango_font_description_set_size(d, (int)(size * PANGO_SCALE));
	pango_layout_set_font_description(l, d);
	if (width > 0)
		pango_layout_set_width(l, (int)(width * PT_PER_MM * PANGO_SCALE));
	pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
	pango_layout_set_alignment(l, align == TEMPLATE_CENTER ?
	    PANGO_ALIGN_CENTER : align == TEMPLATE_RIGHT ? PANGO_ALIGN_RIGHT :
	    PANGO_ALIGN_LEFT);
	pango_layout_set_text(l, text, -1);
	cairo_move_to(b->cr, x * PT_PER_MM, y * PT_PER_MM);
	pango_cairo_show_layout(b->cr, l);
	pango_font_description_free(d);
	g_object_unref(l);
}

static const char *
bare_expand(struct bare *b, const char *src, const struct notice_fields *f)
{
	buf_reset(&b->text);
	if (template_expand(src, f, &office, &b->text, NULL, NULL, NULL) < 0)
		return "";
	return b->text.data;
}

static void
bare_block(struct bare *b, const struct template_block *tb,
    const struct notice_fields *f)
{
	const char *fam = tb->font == TEMPLATE_GOTHIC ? "IPAexGothic,IPAmjMincho" :
	    "IPAexMincho,IPAmjMincho";
	char cell[1100], *tmp;
	double x, y;
	int r, c;

	switch (tb->kind) {
	case TEMPLATE_TEXT:
		bare_text(b, fam, tb->size, tb->x, tb->y, tb->width, tb->align,
		    bare_expand(b, tb->text, f));
		break;
	case TEMPLATE_ADDRESS:
		bare_text(b, fam, tb->size, tb->x, tb->y, 0, TEMPLATE_LEFT,
		    bare_expand(b, "〒${postal|postal}", f));
		bare_text(b, fam, tb->size, tb->x, tb->y + tb->height * 0.15,
		    tb->width, TEMPLATE_LEFT, bare_expand(b, "${address}", f));
		bare_text(b, fam, tb->size, tb->x, tb->y + tb->height * 0.53,
		    0, TEMPLATE_LEFT, bare_expand(b, "${katagaki?}", f));
		tmp = xasprintf("%s %s", bare_expand(b, "${name}", f), tb->text);
		bare_text(b, fam, tb->size * 1.4, tb->x,
		    tb->y + tb->height * 0.70, 0, TEMPLATE_LEFT, tmp);
		free(tmp);
		break;
	case TEMPLATE_TABLE:
		y = tb->y;
		for (r = -1; r < tb->nrows; r++) {
			const char *row = r < 0 ? tb->header : tb->rows[r];
			char *save = NULL, *tok, *copy;

			if (row == NULL)
				continue;
			copy = xstrdup(bare_expand(b, row, f));
			x = tb->x;
			for (c = 0, tok = strtok_r(copy, "|", &save);
			    tok != NULL && c < tb->ncols;
			    c++, tok = strtok_r(NULL, "|", &save)) {
				snprintf(cell, sizeof cell, "%s", tok);
				bare_text(b, fam, tb->size, x + 1.5, y + 2,
				    tb->cols[c] - 3, tb->col_align[c], cell);
				cairo_rectangle(b->cr, x * PT_PER_MM,
				    y * PT_PER_MM, tb->cols[c] * PT_PER_MM,
				    tb->row_height * PT_PER_MM);
				x += tb->cols[c];
			}
			cairo_set_line_width(b->cr, tb->line_width);
			cairo_stroke(b->cr);
			free(copy);
			y += tb->row_height;
		}
		break;
	case TEMPLATE_BOX:
		cairo_set_line_width(b->cr, tb->line_width);
		cairo_rectangle(b->cr, tb->x * PT_PER_MM, tb->y * PT_PER_MM,
		    tb->width * PT_PER_MM, tb->height * PT_PER_MM);
		cairo_stroke(b->cr);
		break;
	case TEMPLATE_LINE:
		cairo_set_line_width(b->cr, tb->line_width);
		cairo_move_to(b->cr, tb->x * PT_PER_MM, tb->y * PT_PER_MM);
		cairo_line_to(b->cr, tb->x2 * PT_PER_MM, tb->y2 * PT_PER_MM);
		cairo_stroke(b->cr);
		break;
	}
}

/* Time for n notices by the bare loop; wall -1 on failure. */
static struct span
run_bare(const char *pdf, const struct template *t, long n)
{
	cairo_font_options_t *fo = cairo_font_options_create();
	cairo_surface_t *s;
	struct bare b;
	struct rec r;
	struct span sp = { -1, 0 };
	double t0 = clock_mono(), c0 = cpu_now();
	size_t k;
	long i;
	int ok;

	s = cairo_pdf_surface_create(pdf, 210 * PT_PER_MM, 297 * PT_PER_MM);
	b.cr = cairo_create(s);
	b.ctx = pango_cairo_create_context(b.cr);
	pango_cairo_context_set_resolution(b.ctx, 72.0);
	cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
	cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
	pango_cairo_context_set_font_options(b.ctx, fo);
	cairo_font_options_destroy(fo);
	buf_init(&b.text);
	for (i = 0; i < n; i++) {
		make_record(&r, i);
		for (k = 0; k < t->nblocks; k++)
			bare_block(&b, &t->blocks[k], &r.nf);
		cairo_show_page(b.cr);
	}
	g_object_unref(b.ctx);
	cairo_destroy(b.cr);
	cairo_surface_finish(s);
	ok = cairo_surface_status(s) == CAIRO_STATUS_SUCCESS;
	cairo_surface_destroy(s);
	buf_free(&b.text);
	if (ok) {
		sp.wall = clock_mono() - t0;
		sp.cpu = cpu_now() - c0;
	}
	return sp;
}

/* Time for n notices by the renderer with threads (-1: piped, one PDF);
 * wall -1 on failure. */
static struct span
run_renderer(const char *pdf, const struct template *t, long n, int threads)
{
	struct render_stats st;
	struct render_job *j;
	struct err e = { 0 };
	struct rec r;
	struct span sp = { -1, 0 };
	double t0 = clock_mono(), c0 = cpu_now();
	long i;

	j = threads < 0 ? render_job_new_piped(pdf, t, &office, &e) :
	    render_job_new(pdf, t, &office, threads, &e);
	if (j == NULL) {
		fprintf(stderr, "bench_print: %s\n", e.detail);
		return sp;
	}
	for (i = 0; i < n; i++) {
		make_record(&r, i);
		if (render_job_add(j, &r.nf, &e) < 0) {
			fprintf(stderr, "bench_print: record: %s %s\n", e.field,
			    e.detail);
			render_job_free(&j);
			return sp;
		}
	}
	if (render_job_finish(&j, &st, &e) < 0) {
		fprintf(stderr, "bench_print: %s\n", e.detail);
		return sp;
	}
	sp.wall = clock_mono() - t0;
	sp.cpu = cpu_now() - c0;
	if (st.notices != n || st.noverflow != 0)
		fprintf(stderr, "bench_print: %d notices, %zu overflow\n",
		    st.notices, st.noverflow);
	for (i = 0; i < (long)st.nfiles; i++)
		unlink(st.files[i]);
	render_stats_free(&st);
	return sp;
}

static struct template *
load_nonyu(void)
{
	const char *env = getenv("MADOGUCHI_TEMPLATE_DIR");
	struct template *t;
	struct err e = { 0 };
	char *exe, *path;

	if (env != NULL)
		path = xasprintf("%s/elderly_nonyu.tmpl", env);
	else if (access("print/templates/elderly_nonyu.tmpl", R_OK) == 0)
		path = xstrdup("print/templates/elderly_nonyu.tmpl");
	else {
		exe = path_exe_dir();
		path = xasprintf("%s/../print/templates/elderly_nonyu.tmpl",
		    exe ? exe : ".");
		free(exe);
	}
	if ((t = template_load(path, &e)) == NULL)
		fprintf(stderr, "bench_print: %s\n", e.detail);
	free(path);
	return t;
}

static void
row(const char *figure, const char *v1, const char *v2, long n)
{
	char ns[24];

	snprintf(ns, sizeof ns, "%ld", n);
	printf("%-40s %10s %10s %6s\n", figure, v1, v2, ns);
}

/* Notices per second (wall) and CPU milliseconds per notice. */
static void
rate_row(const char *figure, struct span sp, long n)
{
	char v1[24], v2[24];

	if (sp.wall <= 0) {
		row(figure, "failed", "-", n);
		return;
	}
	snprintf(v1, sizeof v1, "%.0f/s", n / sp.wall);
	snprintf(v2, sizeof v2, "%.2fms cpu", sp.cpu * 1000 / n);
	row(figure, v1, v2, n);
}

/*
 * Rows (figure, value, value2, n):
 *   renderer (all cores, part files), piped (two threads, one PDF),
 *     renderer (1 thread, one PDF), bare: notices/s by the wall clock and
 *     CPU ms per notice (all threads);
 *   renderer / bare and piped / bare: the wall-clock ratio (target 1.5)
 *     and the CPU ratio;
 *   1,000 pages, parts and bare: projected seconds and the factor over
 *     the office suite's 14 s (target 40 for the renderer; the one-PDF
 *     job's own figure is bench_notices.c's).
 * The machine may be shared: the CPU figures are the steadier ones.
 */
void
bench_print_rows(void)
{
	const char *env = getenv("MADOGUCHI_BENCH_NOTICES");
	long n = env ? strtol(env, NULL, 10) : 100000, n1;
	char dir[] = "/tmp/madoguchi-bench-print-XXXXXX", *pdf, v1[24], v2[24];
	struct span fast, piped, one, bare;
	double ratio, per1000;
	struct template *t;

	if (n < 10 || n > 10000000)
		n = 100000;
	n1 = n > 20000 ? 20000 : n;	/* the 1-thread figure is a side note */
	if ((t = load_nonyu()) == NULL || mkdtemp(dir) == NULL) {
		row("print: payment notices (no template)", "failed", "-", n);
		template_free(&t);
		return;
	}
	pdf = xasprintf("%s/notices.pdf", dir);
	fast = run_renderer(pdf, t, n, 0);
	unlink(pdf);
	piped = run_renderer(pdf, t, n, -1);
	unlink(pdf);
	one = run_renderer(pdf, t, n1, 1);
	unlink(pdf);
	bare = run_bare(pdf, t, n);
	unlink(pdf);
	rmdir(dir);
	free(pdf);
	template_free(&t);

	rate_row("print: payment notices/s, renderer", fast, n);
	rate_row("print: payment notices/s, piped 1 PDF", piped, n);
	rate_row("print: payment notices/s, 1 thread", one, n1);
	rate_row("print: payment notices/s, bare", bare, n);
	if (fast.wall <= 0 || bare.wall <= 0)
		return;
	ratio = bare.wall / fast.wall;
	snprintf(v1, sizeof v1, "%.2fx %s", ratio, ratio >= 1.5 ? "ok" : "MISS");
	snprintf(v2, sizeof v2, "%.2fx cpu", bare.cpu / fast.cpu);
	row("print: renderer / bare (target 1.5x)", v1, v2, n);
	if (piped.wall > 0) {
		ratio = bare.wall / piped.wall;
		snprintf(v1, sizeof v1, "%.2fx %s", ratio, ratio >= 1.5 ?
		    "ok" : "MISS");
		snprintf(v2, sizeof v2, "%.2fx cpu", bare.cpu / piped.cpu);
		row("print: piped 1 PDF / bare (target 1.5x)", v1, v2, n);
	}
	per1000 = fast.wall / n * 1000;
	snprintf(v1, sizeof v1, "%.3f s", per1000);
	snprintf(v2, sizeof v2, "%.0fx %s", OFFICE_SUITE_1000 / per1000,
	    OFFICE_SUITE_1000 / per1000 >= 40 ? "ok" : "MISS");
	row("print: 1,000 pages, parts (suite 14 s)", v1, v2, 1000);
	per1000 = bare.wall / n * 1000;
	snprintf(v1, sizeof v1, "%.3f s", per1000);
	snprintf(v2, sizeof v2, "%.0fx", OFFICE_SUITE_1000 / per1000);
	row("print: 1,000 pages, bare (suite 14 s)", v1, v2, 1000);
}
