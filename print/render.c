/*
 * The notice renderer (see render.h): the fixed blocks recorded once per
 * PDF and painted on every page, the record's blocks laid out straight
 * onto the page.  A parallel job hands runs of copied records (chunks) to
 * worker threads, each with its own pango font map and context and its
 * own cairo PDF surface; only the copied records and the chunks' results
 * cross threads, under the job's mutex.  A piped job hands each notice's
 * recorded pages to one writer thread through a ring under the same
 * mutex; the recordings hold cairo scaled fonts of the caller's font map,
 * which cairo locks itself, and nothing of pango.  Text boxes shrink
 * until their text fits; unknown glyphs (PANGO_GLYPH_UNKNOWN_FLAG) become
 * overflow entries.
 */
#include <errno.h>
#include <fcntl.h>
#include <malloc.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cairo-pdf.h>
#include <cairo.h>
#include <fontconfig/fontconfig.h>
#include <pango/pangocairo.h>

#include "buf.h"
#include "config.h"
#include "err.h"
#include "render.h"
#include "template.h"
#include "xmalloc.h"

#define PT_PER_MM	(72.0 / 25.4)
#define PAGE_W_PT	(210.0 * PT_PER_MM)
#define PAGE_H_PT	(297.0 * PT_PER_MM)
#define MIN_SIZE	5.0
#define MAX_WORKERS	8
#define RENDER_PART_NOTICES 1000	/* notices per part file */
#define PIPE_NOTICES	64	/* laid-out notices waiting for the writer */
#define SEEN_MAX	4096	/* texts remembered once used */
#define CACHE_MAX	512	/* layouts kept */
#define HEAP_KEEP	(16 << 20)	/* free heap top kept, bytes */
#define CELL_PAD	1.5	/* mm inside a table cell */

static const char *const families[] = {
	[TEMPLATE_MINCHO] = "IPAexMincho,IPAmjMincho",
	[TEMPLATE_GOTHIC] = "IPAexGothic,IPAmjMincho"
};

/* Everything one thread needs to lay text out. */
struct painter {
	PangoFontMap *fontmap;
	PangoContext *ctx;
	PangoLayout *layout;
	PangoFontDescription *desc[2];
	struct buf text;
	struct buf scratch;
	/*
	 * Layouts of record text that repeats (a fiscal year, a due date, a
	 * paragraph naming them): keyed by the box's parameters and the text,
	 * kept from its second use on.  Both tables are emptied when full.
	 */
	GHashTable *seen;		/* key -> NULL */
	GHashTable *cache;		/* key -> struct laid_text */
	struct buf key;
};

/* A finished layout of draw_text, fit and without overflow. */
struct laid_text {
	PangoLayout *layout;
	double w;
};

/* Overflow entries collected while drawing one notice (or the fixed part). */
struct ovlist {
	struct render_overflow *v;
	size_t n, cap;
	const char *notice_no;
	int page;
};

/* Which part of a block to draw: a stable table splits in two. */
enum layer {
	LAYER_ALL,
	LAYER_FIXED,		/* labels and rules of a stable table */
	LAYER_RECORD		/* its record cells */
};

/* One PDF being written: the whole job, or one part of a parallel job. */
struct out {
	char *path;
	FILE *fp;
	int write_errno;
	cairo_surface_t *pdf;
	cairo_t *cr;
	cairo_surface_t *fixed[TEMPLATE_MAX_PAGES];
};

/* One record, copied from the caller. */
struct rec {
	struct notice_field *items;
	size_t count;
	char *store;			/* the copied keys and values */
	size_t store_len;
};

/*
 * The notices of one part file.  The caller fills it, a worker renders
 * and empties it; state changes (queued, done) happen under the job's
 * mutex and the other fields belong to whoever the state says.
 */
struct chunk {
	int index;			/* part number, 0-based */
	int first_notice;		/* notices before this part */
	struct rec *recs;
	int n;
	char *path;
	struct ovlist ov;
	int done;
	int failed;
	struct err err;
};

/* One notice laid out by the caller's thread, waiting for the writer. */
struct laid {
	cairo_surface_t *page[TEMPLATE_MAX_PAGES];	/* recordings */
};

/* A rendering thread and its own pango objects. */
struct worker {
	struct render_job *job;
	struct painter pt;
	pthread_t th;
};

struct render_job {
	const struct template *t;
	struct office office;
	char *path;			/* the file, or the parts' stem */
	struct painter main;		/* the caller's thread */
	struct ovlist ov;		/* the report, in notice order */
	int notices;
	int failed;
	struct err err;

	struct out single;		/* threads == 1, and a piped job */

	/*
	 * A piped job: a ring of laid-out notices from the caller's thread
	 * (tail) to the writer thread (head), under mu; the writer owns
	 * single's surface while it runs.
	 */
	int piped;
	pthread_t writer;
	int writer_running;
	struct laid ring[PIPE_NOTICES];
	size_t head, tail;
	int abandon;			/* writer: drop, do not draw */
	int wfailed;			/* writer: the PDF is broken */
	int werrno;			/* and the write's errno, if any */

	int parallel;			/* part files by worker threads */
	int part_notices;
	int nworkers;
	struct worker w[MAX_WORKERS];
	pthread_mutex_t mu;
	pthread_cond_t cv_work, cv_space;
	int sync_init;
	int stop;
	struct chunk *cur;		/* being filled by the caller */
	struct chunk **chunks;		/* queued ones, in order */
	size_t nchunks, take, pending;
};

static void
ov_add(struct ovlist *l, const char *field, enum render_problem problem,
    uint32_t cp)
{
	struct render_overflow *o;

	if (l->n == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 8;
		l->v = xrealloc(l->v, l->cap * sizeof *l->v);
	}
	o = &l->v[l->n++];
	memset(o, 0, sizeof *o);
	snprintf(o->notice_no, sizeof o->notice_no, "%s",
	    l->notice_no ? l->notice_no : "");
	snprintf(o->field, sizeof o->field, "%s", field);
	o->problem = problem;
	o->cp = cp;
	o->page = l->page;
}

static void
laid_text_free(void *p)
{
	struct laid_text *lt = p;

	g_object_unref(lt->layout);
	g_free(lt);
}

static void
painter_init(struct painter *pt)
{
	cairo_font_options_t *fo;
	int i;

	pt->fontmap = pango_cairo_font_map_new();
	pt->ctx = pango_font_map_create_context(pt->fontmap);
	pango_cairo_context_set_resolution(pt->ctx, 72.0);
	/* Unhinted metrics: the layout must not depend on a device. */
	fo = cairo_font_options_create();
	cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
	cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
	pango_cairo_context_set_font_options(pt->ctx, fo);
	cairo_font_options_destroy(fo);
	pt->layout = pango_layout_new(pt->ctx);
	for (i = 0; i < 2; i++)
		pt->desc[i] = pango_font_description_from_string(families[i]);
	buf_init(&pt->text);
	buf_init(&pt->scratch);
	buf_init(&pt->key);
	pt->seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
	    NULL);
	pt->cache = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
	    laid_text_free);
}

static void
painter_free(struct painter *pt)
{
	int i;

	if (pt->ctx == NULL)
		return;
	for (i = 0; i < 2; i++)
		pango_font_description_free(pt->desc[i]);
	g_hash_table_destroy(pt->cache);
	g_hash_table_destroy(pt->seen);
	g_object_unref(pt->layout);
	g_object_unref(pt->ctx);
	g_object_unref(pt->fontmap);
	buf_free(&pt->text);
	buf_free(&pt->scratch);
	buf_free(&pt->key);
	memset(pt, 0, sizeof *pt);
}

/* The record key whose value covers byte off of the laid-out text. */
static const char *
field_at(const struct template_span *spans, size_t nspans, size_t off)
{
	size_t i;

	for (i = 0; i < nspans; i++)
		if (off >= spans[i].start && off < spans[i].end)
			return spans[i].key;
	return "template";
}

/* Report every glyph pango could not find in any installed font. */
static void
scan_unknown(PangoLayout *layout, const struct template_span *spans,
    size_t nspans, struct ovlist *ov)
{
	PangoLayoutIter *it;
	PangoLayoutRun *run;
	int i;

	if (pango_layout_get_unknown_glyphs_count(layout) == 0)
		return;
	it = pango_layout_get_iter(layout);
	do {
		run = pango_layout_iter_get_run_readonly(it);
		if (run == NULL)
			continue;
		for (i = 0; i < run->glyphs->num_glyphs; i++) {
			PangoGlyph g = run->glyphs->glyphs[i].glyph;
			size_t off;

			if (!(g & PANGO_GLYPH_UNKNOWN_FLAG))
				continue;
			off = (size_t)run->item->offset +
			    (size_t)run->glyphs->log_clusters[i];
			ov_add(ov, field_at(spans, nspans, off),
			    RENDER_NO_GLYPH, g & ~PANGO_GLYPH_UNKNOWN_FLAG);
		}
	} while (pango_layout_iter_next_run(it));
	pango_layout_iter_free(it);
}

/* Lay text out at size; returns the logical size in points. */
static void
set_layout(struct painter *pt, const struct template_block *b,
    const char *text, size_t len, double size, double *w, double *h)
{
	PangoFontDescription *d = pt->desc[b->font];
	PangoRectangle r;

	pango_font_description_set_size(d, (int)(size * PANGO_SCALE + 0.5));
	pango_layout_set_font_description(pt->layout, d);
	if (b->fit_line || b->width <= 0)
		pango_layout_set_width(pt->layout, -1);
	else
		pango_layout_set_width(pt->layout,
		    (int)(b->width * PT_PER_MM * PANGO_SCALE));
	pango_layout_set_wrap(pt->layout, PANGO_WRAP_WORD_CHAR);
	pango_layout_set_alignment(pt->layout, b->align == TEMPLATE_CENTER ?
	    PANGO_ALIGN_CENTER : b->align == TEMPLATE_RIGHT ?
	    PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT);
	pango_layout_set_text(pt->layout, text, (int)len);
	pango_layout_get_extents(pt->layout, NULL, &r);
	*w = (double)r.width / PANGO_SCALE;
	*h = (double)r.height / PANGO_SCALE;
}

/*
 * How much to shrink text of w x h for a bw x bh box: a line's width and
 * height scale with the size; wrapped text's height roughly with its
 * square.  At most 0.97, so that every step makes progress.
 */
static double
shrink_factor(const struct template_block *b, double w, double h, double bw,
    double bh)
{
	double k = 0.92, kh;

	if (b->fit_line && bw > 0 && w > bw)
		k = bw / w * 0.995;
	if (bh > 0 && h > bh) {
		kh = b->fit_line ? bh / h * 0.995 : sqrt(bh / h);
		if (kh < k)
			k = kh;
	}
	return k > 0.97 ? 0.97 : k;
}

/* Draw layout (of width w) in block b's box, clipped to it when asked. */
static void
show_at(cairo_t *cr, const struct template_block *b, PangoLayout *layout,
    double w, int clipped)
{
	double bw = b->width * PT_PER_MM, bh = b->height * PT_PER_MM;
	double x = b->x * PT_PER_MM, y = b->y * PT_PER_MM;

	if (b->fit_line && bw > 0 && w < bw) {
		if (b->align == TEMPLATE_RIGHT)
			x += bw - w;
		else if (b->align == TEMPLATE_CENTER)
			x += (bw - w) / 2;
	}
	cairo_save(cr);
	if (clipped) {
		cairo_rectangle(cr, b->x * PT_PER_MM, y, bw > 0 ? bw : PAGE_W_PT,
		    bh > 0 ? bh : PAGE_H_PT);
		cairo_clip(cr);
	}
	cairo_move_to(cr, x, y);
	pango_cairo_show_layout(cr, layout);
	cairo_restore(cr);
}

/*
 * The layout of text in a box like b, when it has been kept; else NULL,
 * with pt->key set for keep_layout.  What decides the layout is in the
 * key (font, size, box, fit, alignment, text); where it goes is not.
 */
static const struct laid_text *
cached_layout(struct painter *pt, const struct template_block *b,
    const char *text, size_t len)
{
	char head[160];

	snprintf(head, sizeof head, "%d %a %a %a %d %d|", (int)b->font,
	    b->size, b->width, b->height, b->fit_line, (int)b->align);
	buf_reset(&pt->key);
	buf_adds(&pt->key, head);
	buf_add(&pt->key, text, len);
	buf_addc(&pt->key, '\0');
	return g_hash_table_lookup(pt->cache, pt->key.data);
}

/*
 * pt->layout, just drawn for pt->key (of width w), fits and has every
 * glyph: remember the text, and from its second use on keep the layout
 * (pt gets a new one).
 */
static void
keep_layout(struct painter *pt, double w)
{
	struct laid_text *lt;

	if (!g_hash_table_contains(pt->seen, pt->key.data)) {
		if (g_hash_table_size(pt->seen) >= SEEN_MAX)
			g_hash_table_remove_all(pt->seen);
		g_hash_table_add(pt->seen, g_strdup(pt->key.data));
		return;
	}
	if (g_hash_table_size(pt->cache) >= CACHE_MAX)
		g_hash_table_remove_all(pt->cache);
	lt = g_new(struct laid_text, 1);
	lt->layout = pt->layout;
	lt->w = w;
	g_hash_table_insert(pt->cache, g_strdup(pt->key.data), lt);
	pt->layout = pango_layout_new(pt->ctx);
}

/*
 * Draw text in block b's box: wrapped to the width (or one line with
 * fit = line), shrunk until it fits the box, clipped and reported when it
 * does not fit even at MIN_SIZE.
 */
static void
draw_text(struct painter *pt, cairo_t *cr, const struct template_block *b,
    const char *text, size_t len, const struct template_span *spans,
    size_t nspans, struct ovlist *ov)
{
	const struct laid_text *lt;
	double size = b->size, w, h;
	double bw = b->width * PT_PER_MM, bh = b->height * PT_PER_MM;
	int fits, clipped = 0;

	if (len == 0)
		return;
	if ((lt = cached_layout(pt, b, text, len)) != NULL) {
		show_at(cr, b, lt->layout, lt->w, 0);
		return;
	}
	for (;;) {
		set_layout(pt, b, text, len, size, &w, &h);
		fits = (bh <= 0 || h <= bh + 0.01) &&
		    (!b->fit_line || bw <= 0 || w <= bw + 0.01);
		if (fits)
			break;
		if (size <= MIN_SIZE) {
			ov_add(ov, nspans ? spans[0].key : "template",
			    RENDER_TOO_LONG, 0);
			clipped = 1;
			break;
		}
		size *= shrink_factor(b, w, h, bw, bh);
		if (size < MIN_SIZE)
			size = MIN_SIZE;
	}
	scan_unknown(pt->layout, spans, nspans, ov);
	show_at(cr, b, pt->layout, w, clipped);
	if (!clipped && pango_layout_get_unknown_glyphs_count(pt->layout) == 0)
		keep_layout(pt, w);
}

/* Expand src and draw it in b's box.  Returns -1 with e set on a bad record. */
static int
expand_draw(struct painter *pt, cairo_t *cr, const struct template_block *b,
    const char *src, const struct notice_fields *f, const struct office *o,
    struct ovlist *ov, struct err *e)
{
	struct template_span spans[TEMPLATE_MAX_SPANS];
	size_t nspans = 0;

	buf_reset(&pt->text);
	if (template_expand(src, f, o, &pt->text, spans, &nspans, e) < 0)
		return -1;
	draw_text(pt, cr, b, pt->text.data, pt->text.len, spans, nspans, ov);
	return 0;
}

static void
stroke_setup(cairo_t *cr, const struct template_block *b)
{
	static const double dash[] = { 4.0, 3.0 };

	cairo_set_source_rgb(cr, 0, 0, 0);
	cairo_set_line_width(cr, b->line_width);
	cairo_set_dash(cr, dash, b->dash ? 2 : 0, 0);
}

/*
 * Keep an address on one line when a size down to 80% of the block's
 * allows it (a wrapped address is harder for the carrier to read).
 */
static void
prefer_one_line(struct painter *pt, struct template_block *b,
    const char *text, size_t len)
{
	double size, w, h, bw = b->width * PT_PER_MM;

	b->fit_line = 1;
	set_layout(pt, b, text, len, b->size, &w, &h);
	if (w <= bw)
		return;
	size = b->size * bw / w * 0.995;
	if (size >= b->size * 0.8)
		b->size = size;		/* draw_text checks it again */
	else
		b->fit_line = 0;
}

/*
 * The window-envelope block: 〒 + postal code (15% of the height), address
 * (38%: one line down to 80% of the size, else wrapped), 方書 (17%, one
 * line) and name + honorific (30%, one line, 1.4 x size), each shrinking
 * inside its band.
 */
static int
draw_address(struct painter *pt, cairo_t *cr, const struct template_block *b,
    const struct notice_fields *f, struct ovlist *ov, struct err *e)
{
	static const struct {
		const char *src;
		double top, height, scale;
		int fit_line;
	} band[] = {
		{ "〒${postal|postal}", 0.00, 0.15, 1.0, 1 },
		{ "${address}", 0.15, 0.38, 1.0, 0 },
		{ "${katagaki?}", 0.53, 0.17, 1.0, 1 },
		{ "${name}", 0.70, 0.30, 1.4, 1 },
	};
	struct template_block sub;
	struct template_span spans[TEMPLATE_MAX_SPANS];
	size_t i, nspans;

	for (i = 0; i < sizeof band / sizeof band[0]; i++) {
		sub = *b;
		sub.y = b->y + b->height * band[i].top;
		sub.height = b->height * band[i].height;
		sub.size = b->size * band[i].scale;
		sub.fit_line = band[i].fit_line;
		sub.align = TEMPLATE_LEFT;
		buf_reset(&pt->text);
		if (template_expand(band[i].src, f, NULL, &pt->text, spans,
		    &nspans, e) < 0)
			return -1;
		if (i == 3) {
			buf_adds(&pt->text, " ");
			buf_adds(&pt->text, b->text);
		}
		if (i == 1)
			prefer_one_line(pt, &sub, pt->text.data, pt->text.len);
		draw_text(pt, cr, &sub, pt->text.data, pt->text.len, spans,
		    nspans, ov);
	}
	return 0;
}

/* Nonzero when src holds a placeholder for a record key (not office.*). */
static int
has_record_key(const char *src)
{
	const char *p = src;

	while ((p = strstr(p, "${")) != NULL) {
		if (strncmp(p + 2, "office.", 7) != 0)
			return 1;
		p += 2;
	}
	return 0;
}

/* Copy cell number col of row (cells split at | outside ${...}) into out. */
static void
cell_source(const char *row, int col, struct buf *out)
{
	int n = 0, depth = 0;

	buf_reset(out);
	buf_adds(out, "");
	for (; *row != '\0'; row++) {
		if (row[0] == '$' && row[1] == '{')
			depth = 1;
		else if (*row == '}')
			depth = 0;
		else if (*row == '|' && depth == 0) {
			if (n++ == col)
				return;
			continue;
		}
		if (n == col)
			buf_addc(out, *row);
	}
}

/* One table row; returns 1 drawn, 0 left out (all cells empty), -1 error. */
static int
draw_row(struct painter *pt, cairo_t *cr, const struct template_block *b,
    const char *row, double y, int header, enum layer layer,
    const struct notice_fields *f, const struct office *o, struct ovlist *ov,
    struct err *e)
{
	struct template_span spans[TEMPLATE_MAX_COLUMNS][TEMPLATE_MAX_SPANS];
	size_t nspans[TEMPLATE_MAX_COLUMNS], start[TEMPLATE_MAX_COLUMNS + 1];
	struct template_block cell;
	struct buf cells;
	double x = b->x;
	int c, empty = 1;

	buf_init(&cells);
	buf_adds(&cells, "");
	for (c = 0; c < b->ncols; c++) {
		start[c] = cells.len;
		cell_source(row, c, &pt->scratch);
		if (layer != LAYER_ALL && (layer == LAYER_RECORD) !=
		    has_record_key(pt->scratch.data)) {
			nspans[c] = 0;
			buf_addc(&cells, '\0');
			continue;
		}
		if (template_expand(pt->scratch.data, f, o, &cells, spans[c],
		    &nspans[c], e) < 0) {
			buf_free(&cells);
			return -1;
		}
		if (cells.len > start[c])
			empty = 0;
		buf_addc(&cells, '\0');
	}
	start[b->ncols] = cells.len;
	if (empty && layer == LAYER_ALL) {
		buf_free(&cells);
		return 0;
	}
	for (c = 0; c < b->ncols; c++) {
		size_t s, len = start[c + 1] - start[c] - 1;

		for (s = 0; s < nspans[c]; s++) {
			spans[c][s].start -= start[c];
			spans[c][s].end -= start[c];
		}
		cell = *b;
		cell.kind = TEMPLATE_TEXT;
		cell.x = x + CELL_PAD;
		cell.width = b->cols[c] - 2 * CELL_PAD;
		cell.height = b->row_height - 1.0;
		cell.y = y + 0.5 + (cell.height - b->size / PT_PER_MM * 1.3) / 2;
		if (cell.y < y + 0.5)
			cell.y = y + 0.5;
		cell.height = b->row_height - (cell.y - y) - 0.2;
		cell.fit_line = 1;
		cell.align = header ? TEMPLATE_CENTER : b->col_align[c];
		cell.font = header ? TEMPLATE_GOTHIC : b->font;
		draw_text(pt, cr, &cell, cells.data + start[c], len, spans[c],
		    nspans[c], ov);
		x += b->cols[c];
	}
	buf_free(&cells);
	if (layer == LAYER_RECORD)
		return 1;
	stroke_setup(cr, b);
	x = b->x;
	for (c = 0; c < b->ncols; c++) {
		cairo_rectangle(cr, x * PT_PER_MM, y * PT_PER_MM,
		    b->cols[c] * PT_PER_MM, b->row_height * PT_PER_MM);
		x += b->cols[c];
	}
	cairo_stroke(cr);
	return 1;
}

static int
draw_table(struct painter *pt, cairo_t *cr, const struct template_block *b,
    enum layer layer, const struct notice_fields *f, const struct office *o,
    struct ovlist *ov, struct err *e)
{
	double y = b->y;
	int r, drawn;

	if (b->header != NULL) {
		if (draw_row(pt, cr, b, b->header, y, 1, layer, f, o, ov, e) < 0)
			return -1;
		y += b->row_height;
	}
	for (r = 0; r < b->nrows; r++) {
		if ((drawn = draw_row(pt, cr, b, b->rows[r], y, 0, layer, f, o,
		    ov, e)) < 0)
			return -1;
		y += drawn * b->row_height;
	}
	return 0;
}

/* Draw block b (record f, NULL for fixed blocks) onto cr. */
static int
draw_block(struct painter *pt, cairo_t *cr, const struct template_block *b,
    enum layer layer, const struct notice_fields *f, const struct office *o,
    struct ovlist *ov, struct err *e)
{
	switch (b->kind) {
	case TEMPLATE_TEXT:
		cairo_set_source_rgb(cr, 0, 0, 0);
		return expand_draw(pt, cr, b, b->text, f, o, ov, e);
	case TEMPLATE_ADDRESS:
		cairo_set_source_rgb(cr, 0, 0, 0);
		return draw_address(pt, cr, b, f, ov, e);
	case TEMPLATE_TABLE:
		cairo_set_source_rgb(cr, 0, 0, 0);
		return draw_table(pt, cr, b, layer, f, o, ov, e);
	case TEMPLATE_BOX:
		stroke_setup(cr, b);
		cairo_rectangle(cr, b->x * PT_PER_MM, b->y * PT_PER_MM,
		    b->width * PT_PER_MM, b->height * PT_PER_MM);
		cairo_stroke(cr);
		return 0;
	case TEMPLATE_LINE:
		stroke_setup(cr, b);
		cairo_move_to(cr, b->x * PT_PER_MM, b->y * PT_PER_MM);
		cairo_line_to(cr, b->x2 * PT_PER_MM, b->y2 * PT_PER_MM);
		cairo_stroke(cr);
		return 0;
	}
	return 0;
}

/*
 * A table whose every row has a label cell (no placeholder, not blank) is
 * never shortened, so its labels and rules can go to the fixed layer.
 */
static int
table_stable(const struct template_block *b, struct buf *tmp)
{
	int r, c, label;

	for (r = -1; r < b->nrows; r++) {
		const char *row = r < 0 ? b->header : b->rows[r];

		if (row == NULL)
			continue;
		for (c = 0, label = 0; c < b->ncols && !label; c++) {
			cell_source(row, c, tmp);
			label = strstr(tmp->data, "${") == NULL &&
			    strspn(tmp->data, " ") < tmp->len;
		}
		if (!label)
			return 0;
	}
	return 1;
}

/*
 * Draw the fixed (want_fixed) or the record part of page (1-based) of t
 * onto cr.  f is NULL for the fixed part.
 */
static int
draw_page(struct painter *pt, cairo_t *cr, const struct template *t,
    int page, int want_fixed, const struct notice_fields *f,
    const struct office *o, struct ovlist *ov, struct err *e)
{
	size_t i;
	int rc = 0;

	for (i = 0; i < t->nblocks && rc == 0; i++) {
		const struct template_block *b = &t->blocks[i];
		enum layer layer = LAYER_ALL;

		if (b->page != 0 && b->page != page)
			continue;
		if (!b->fixed && b->kind == TEMPLATE_TABLE &&
		    table_stable(b, &pt->scratch))
			layer = want_fixed ? LAYER_FIXED : LAYER_RECORD;
		else if (b->fixed != want_fixed)
			continue;
		rc = draw_block(pt, cr, b, layer, f, o, ov, e);
	}
	return rc;
}

/* Record draw_page into a new recording surface (*out, caller's). */
static int
record_page(struct painter *pt, const struct template *t, int page,
    int want_fixed, const struct notice_fields *f, const struct office *o,
    struct ovlist *ov, cairo_surface_t **out, struct err *e)
{
	cairo_rectangle_t ext = { 0, 0, PAGE_W_PT, PAGE_H_PT };
	cairo_surface_t *s;
	cairo_t *cr;
	int rc;

	s = cairo_recording_surface_create(CAIRO_CONTENT_COLOR_ALPHA, &ext);
	cr = cairo_create(s);
	rc = draw_page(pt, cr, t, page, want_fixed, f, o, ov, e);
	cairo_destroy(cr);
	if (rc < 0) {
		cairo_surface_destroy(s);
		return -1;
	}
	*out = s;
	return 0;
}

static cairo_status_t
write_pdf(void *closure, const unsigned char *data, unsigned int len)
{
	struct out *o = closure;

	if (fwrite(data, 1, len, o->fp) != len) {
		o->write_errno = errno ? errno : EIO;
		return CAIRO_STATUS_WRITE_ERROR;
	}
	return CAIRO_STATUS_SUCCESS;
}

/*
 * Create path (0600, truncated) as a PDF and record the template's fixed
 * layer with pt; overflow of the fixed text goes to ov when non-NULL.
 */
static int
out_open(struct out *o, const char *path, const struct template *t,
    const struct office *office, struct painter *pt, struct ovlist *ov,
    struct err *e)
{
	struct ovlist scratch = { 0 };
	int fd, p;

	memset(o, 0, sizeof *o);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC,
	    0600);
	if (fd < 0)
		return err_set(e, E_IO, "render", "cannot create %.100s: %s",
		    path, strerror(errno));
	o->path = xstrdup(path);
	if (fchmod(fd, 0600) < 0 || (o->fp = fdopen(fd, "wb")) == NULL) {
		err_set(e, E_IO, "render", "cannot make %.100s private: %s",
		    path, strerror(errno));
		close(fd);
		return -1;
	}
	for (p = 0; p < t->pages; p++) {
		if (record_page(pt, t, p + 1, 1, NULL, office,
		    ov ? ov : &scratch, &o->fixed[p], e) < 0) {
			free(scratch.v);
			return -1;
		}
	}
	free(scratch.v);
	o->pdf = cairo_pdf_surface_create_for_stream(write_pdf, o, PAGE_W_PT,
	    PAGE_H_PT);
	cairo_pdf_surface_set_metadata(o->pdf, CAIRO_PDF_METADATA_TITLE,
	    t->title);
	cairo_pdf_surface_set_metadata(o->pdf, CAIRO_PDF_METADATA_CREATOR,
	    "madoguchi");
	o->cr = cairo_create(o->pdf);
	return 0;
}

/* Finish the PDF and close the file; fails with E_IO. */
static int
out_close(struct out *o, struct err *e)
{
	cairo_status_t cs;
	int rc = 0, p;

	if (o->cr != NULL)
		cairo_destroy(o->cr);
	if (o->pdf != NULL) {
		cairo_surface_finish(o->pdf);
		cs = cairo_surface_status(o->pdf);
		if (cs != CAIRO_STATUS_SUCCESS || o->write_errno)
			rc = err_set(e, E_IO, "render", "cannot write %.80s: %s",
			    o->path, o->write_errno ? strerror(o->write_errno) :
			    cairo_status_to_string(cs));
		cairo_surface_destroy(o->pdf);
	}
	for (p = 0; p < TEMPLATE_MAX_PAGES; p++)
		if (o->fixed[p] != NULL)
			cairo_surface_destroy(o->fixed[p]);
	if (o->fp != NULL) {
		if (rc == 0 && (fflush(o->fp) != 0 || fsync(fileno(o->fp)) != 0))
			rc = err_set(e, E_IO, "render", "cannot write %.80s: %s",
			    o->path, strerror(errno));
		fclose(o->fp);
	}
	free(o->path);
	memset(o, 0, sizeof *o);
	return rc;
}

/* Close o (if open) and remove its file. */
static void
out_discard(struct out *o)
{
	char *path = o->path ? xstrdup(o->path) : NULL;

	out_close(o, NULL);
	if (path != NULL)
		unlink(path);
	free(path);
}

/*
 * Draw one notice onto o: the fixed layer, then the record's blocks laid
 * out directly on the page.  Overflow pages count from first_page.
 */
static int
out_notice(struct out *o, struct painter *pt, const struct template *t,
    const struct office *office, const struct rec *r, int first_page,
    struct ovlist *ov, struct err *e)
{
	struct notice_fields f = { r->items, r->count };
	int p;

	ov->notice_no = template_field(&f, "notice_no");
	for (p = 0; p < t->pages; p++) {
		ov->page = first_page + p + 1;
		cairo_set_source_surface(o->cr, o->fixed[p], 0, 0);
		cairo_paint(o->cr);
		if (draw_page(pt, o->cr, t, p + 1, 0, &f, office, ov, e) < 0)
			return -1;
		cairo_show_page(o->cr);
	}
	return 0;
}

static void
rec_copy(struct rec *r, const struct notice_fields *f)
{
	size_t i, need = 0, off = 0, kl, vl;

	for (i = 0; i < f->count; i++)
		if (f->items[i].key != NULL && f->items[i].value != NULL)
			need += strlen(f->items[i].key) +
			    strlen(f->items[i].value) + 2;
	r->store = xmalloc(need + 1);
	r->store_len = need + 1;
	r->items = xcalloc(f->count + 1, sizeof *r->items);
	r->count = 0;
	for (i = 0; i < f->count; i++) {
		if (f->items[i].key == NULL || f->items[i].value == NULL)
			continue;
		kl = strlen(f->items[i].key) + 1;
		vl = strlen(f->items[i].value) + 1;
		r->items[r->count].key = memcpy(r->store + off,
		    f->items[i].key, kl);
		r->items[r->count].value = memcpy(r->store + off + kl,
		    f->items[i].value, vl);
		r->count++;
		off += kl + vl;
	}
}

static void
rec_clear(struct rec *r)
{
	if (r->store != NULL) {
		xwipe(r->store, r->store_len);
		free(r->store);
	}
	free(r->items);
	memset(r, 0, sizeof *r);
}

static void
chunk_free_recs(struct chunk *c)
{
	int i;

	for (i = 0; c->recs != NULL && i < c->n; i++)
		rec_clear(&c->recs[i]);
	free(c->recs);
	c->recs = NULL;
}

static void
chunk_free(struct chunk *c)
{
	chunk_free_recs(c);
	free(c->path);
	free(c->ov.v);
	free(c);
}

/* Render chunk c into its part file (a worker's thread). */
static void
render_chunk(struct render_job *j, struct painter *pt, struct chunk *c)
{
	struct out o;
	int i;

	if (out_open(&o, c->path, j->t, &j->office, pt, NULL, &c->err) < 0) {
		out_discard(&o);
		c->failed = 1;
		chunk_free_recs(c);
		return;
	}
	for (i = 0; i < c->n && !c->failed; i++)
		if (out_notice(&o, pt, j->t, &j->office, &c->recs[i],
		    (c->first_notice + i) * j->t->pages, &c->ov, &c->err) < 0)
			c->failed = 1;
	chunk_free_recs(c);
	if (c->failed)
		out_discard(&o);
	else if (out_close(&o, &c->err) < 0) {
		c->failed = 1;
		unlink(c->path);
	}
}

static void *
worker_main(void *arg)
{
	struct worker *w = arg;
	struct render_job *j = w->job;
	struct chunk *c;

	for (;;) {
		pthread_mutex_lock(&j->mu);
		while (!j->stop && j->take == j->nchunks)
			pthread_cond_wait(&j->cv_work, &j->mu);
		if (j->take == j->nchunks) {
			pthread_mutex_unlock(&j->mu);
			return NULL;
		}
		c = j->chunks[j->take++];
		pthread_mutex_unlock(&j->mu);
		render_chunk(j, &w->pt, c);
		pthread_mutex_lock(&j->mu);
		c->done = 1;
		j->pending--;
		pthread_cond_broadcast(&j->cv_space);
		pthread_mutex_unlock(&j->mu);
	}
}

/* Hand the chunk being filled to the workers; wait while many are queued. */
static void
queue_chunk(struct render_job *j)
{
	struct chunk *c = j->cur;

	if (c == NULL)
		return;
	j->cur = NULL;
	pthread_mutex_lock(&j->mu);
	while (j->pending >= 2 * (size_t)j->nworkers)
		pthread_cond_wait(&j->cv_space, &j->mu);
	j->chunks = xrealloc(j->chunks, (j->nchunks + 1) * sizeof *j->chunks);
	j->chunks[j->nchunks++] = c;
	j->pending++;
	pthread_cond_signal(&j->cv_work);
	pthread_mutex_unlock(&j->mu);
}

static void
laid_free(struct laid *l)
{
	int p;

	for (p = 0; p < TEMPLATE_MAX_PAGES; p++)
		if (l->page[p] != NULL)
			cairo_surface_destroy(l->page[p]);
	memset(l, 0, sizeof *l);
}

/*
 * The writer of a piped job: paints each notice's pages (the fixed
 * layer, then the recording of the record's text) onto the one PDF, so
 * that cairo's PDF surface does its serial work (content streams, font
 * subsets, compression) here while the caller's thread lays out the next
 * notices.  After a failure, or when the job is abandoned, it only frees
 * what it takes, so that the caller never waits for space in vain.
 */
static void *
writer_main(void *arg)
{
	struct render_job *j = arg;
	struct out *o = &j->single;
	struct laid l;
	int p, drop, broken = 0;

	for (;;) {
		pthread_mutex_lock(&j->mu);
		while (!j->stop && j->head == j->tail)
			pthread_cond_wait(&j->cv_work, &j->mu);
		if (j->head == j->tail) {
			pthread_mutex_unlock(&j->mu);
			return NULL;
		}
		l = j->ring[j->head % PIPE_NOTICES];
		drop = j->abandon;
		pthread_mutex_unlock(&j->mu);
		for (p = 0; p < j->t->pages && !drop && !broken; p++) {
			cairo_set_source_surface(o->cr, o->fixed[p], 0, 0);
			cairo_paint(o->cr);
			cairo_set_source_surface(o->cr, l.page[p], 0, 0);
			cairo_paint(o->cr);
			cairo_show_page(o->cr);
			broken = cairo_status(o->cr) != CAIRO_STATUS_SUCCESS ||
			    o->write_errno != 0;
		}
		laid_free(&l);
		pthread_mutex_lock(&j->mu);
		j->head++;
		if (broken && !j->wfailed) {
			j->wfailed = 1;
			j->werrno = o->write_errno;
		}
		pthread_cond_signal(&j->cv_space);
		pthread_mutex_unlock(&j->mu);
	}
}

/* Let the writer empty the ring (drawing, or dropping when abandon) and
 * join it. */
static void
stop_writer(struct render_job *j, int abandon)
{
	if (!j->writer_running)
		return;
	pthread_mutex_lock(&j->mu);
	j->stop = 1;
	if (abandon)
		j->abandon = 1;
	pthread_cond_broadcast(&j->cv_work);
	pthread_mutex_unlock(&j->mu);
	pthread_join(j->writer, NULL);
	j->writer_running = 0;
}

/* Lay one notice out into recordings and hand it to the writer. */
static int
piped_add(struct render_job *j, const struct notice_fields *f,
    struct err *e)
{
	struct laid l;
	int p, failed, werrno;

	memset(&l, 0, sizeof l);
	j->ov.notice_no = template_field(f, "notice_no");
	for (p = 0; p < j->t->pages; p++) {
		j->ov.page = j->notices * j->t->pages + p + 1;
		if (record_page(&j->main, j->t, p + 1, 0, f, &j->office,
		    &j->ov, &l.page[p], &j->err) < 0) {
			laid_free(&l);
			j->failed = 1;
			if (e != NULL)
				*e = j->err;
			return -1;
		}
	}
	pthread_mutex_lock(&j->mu);
	while (!j->wfailed && j->tail - j->head >= PIPE_NOTICES)
		pthread_cond_wait(&j->cv_space, &j->mu);
	failed = j->wfailed;
	werrno = j->werrno;
	if (!failed) {
		j->ring[j->tail++ % PIPE_NOTICES] = l;
		pthread_cond_signal(&j->cv_work);
	}
	pthread_mutex_unlock(&j->mu);
	if (failed) {
		laid_free(&l);
		j->failed = 1;
		err_set(&j->err, E_IO, "render", "cannot write %.80s: %s",
		    j->path, werrno ? strerror(werrno) : "cairo error");
		if (e != NULL)
			*e = j->err;
		return -1;
	}
	j->notices++;
	return 0;
}

static int
fonts_present(struct err *e)
{
	static const char *const need[] = { "IPAexMincho", "IPAexGothic" };
	FcPattern *pat, *m;
	FcResult res;
	FcChar8 *fam;
	size_t i;
	int ok;

	for (i = 0; i < sizeof need / sizeof need[0]; i++) {
		pat = FcNameParse((const FcChar8 *)need[i]);
		FcConfigSubstitute(NULL, pat, FcMatchPattern);
		FcDefaultSubstitute(pat);
		m = FcFontMatch(NULL, pat, &res);
		ok = m != NULL && FcPatternGetString(m, FC_FAMILY, 0, &fam) ==
		    FcResultMatch && strcmp((const char *)fam, need[i]) == 0;
		if (m != NULL)
			FcPatternDestroy(m);
		FcPatternDestroy(pat);
		if (!ok)
			return err_set(e, E_CONFIG, "font", "font %s is not "
			    "installed (Debian package fonts-ipaexfont)", need[i]);
	}
	return 0;
}

static int
online_cores(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	return n < 1 ? 1 : n > MAX_WORKERS ? MAX_WORKERS : (int)n;
}

/* The name of part n (0-based): STEM-0001.pdf for STEM.pdf. */
static char *
part_path(const char *path, int n)
{
	size_t len = strlen(path);

	if (len > 4 && strcmp(path + len - 4, ".pdf") == 0)
		len -= 4;
	return xasprintf("%.*s-%04d.pdf", (int)len, path, n + 1);
}

/*
 * Every PDF content stream costs zlib some 270 KB of state, allocated and
 * freed per page.  With glibc's default trim threshold (128 KB) the freed
 * top of the heap goes back to the kernel each time and is faulted in
 * again for the next page (brk, TLB shootdowns): a third of a one-thread
 * job's time on this machine.  Keep up to HEAP_KEEP of free heap instead,
 * for the whole process (mallopt has no narrower scope); set once.
 */
static pthread_once_t heap_once = PTHREAD_ONCE_INIT;

static void
keep_heap(void)
{
#ifdef M_TRIM_THRESHOLD
	mallopt(M_TRIM_THRESHOLD, HEAP_KEEP);
#endif
}

struct render_job *
render_job_new(const char *pdf_path, const struct template *t,
    const struct office *o, int threads, struct err *e)
{
	struct render_job *j;
	struct out probe;
	char *probe_path;
	int i, rc;

	if (t == NULL || pdf_path == NULL || threads < 0 ||
	    threads > MAX_WORKERS)
		return err_set(e, E_USAGE, "render", "render_job_new needs a "
		    "path, a template and 0..8 threads"), NULL;
	if (fonts_present(e) < 0)
		return NULL;
	pthread_once(&heap_once, keep_heap);
	if (threads == 0)
		threads = online_cores();
	j = xcalloc(1, sizeof *j);
	j->t = t;
	if (o != NULL)
		j->office = *o;
	j->path = xstrdup(pdf_path);
	painter_init(&j->main);
	if (threads == 1) {
		if (out_open(&j->single, pdf_path, t, &j->office, &j->main,
		    &j->ov, e) < 0) {
			render_job_free(&j);
			return NULL;
		}
		return j;
	}
	/* Check the place and the fixed layer now, with the first part. */
	probe_path = part_path(pdf_path, 0);
	rc = out_open(&probe, probe_path, t, &j->office, &j->main, &j->ov, e);
	out_discard(&probe);
	free(probe_path);
	if (rc < 0) {
		render_job_free(&j);
		return NULL;
	}
	j->parallel = 1;
	j->part_notices = RENDER_PART_NOTICES;
	pthread_mutex_init(&j->mu, NULL);
	pthread_cond_init(&j->cv_work, NULL);
	pthread_cond_init(&j->cv_space, NULL);
	j->sync_init = 1;
	for (i = 0; i < threads; i++) {
		j->w[i].job = j;
		painter_init(&j->w[i].pt);
		if (pthread_create(&j->w[i].th, NULL, worker_main, &j->w[i])) {
			painter_free(&j->w[i].pt);
			break;
		}
		j->nworkers++;
	}
	if (j->nworkers == 0) {
		err_set(e, E_IO, "render", "cannot start a thread");
		render_job_free(&j);
		return NULL;
	}
	return j;
}

struct render_job *
render_job_new_piped(const char *pdf_path, const struct template *t,
    const struct office *o, struct err *e)
{
	struct render_job *j;

	if ((j = render_job_new(pdf_path, t, o, 1, e)) == NULL)
		return NULL;
	pthread_mutex_init(&j->mu, NULL);
	pthread_cond_init(&j->cv_work, NULL);
	pthread_cond_init(&j->cv_space, NULL);
	j->sync_init = 1;
	j->piped = 1;
	if (pthread_create(&j->writer, NULL, writer_main, j) != 0) {
		err_set(e, E_IO, "render", "cannot start a thread");
		render_job_free(&j);
		return NULL;
	}
	j->writer_running = 1;
	return j;
}

/* Check that the record fills every record placeholder of the template. */
static int
check_record(struct render_job *j, const struct notice_fields *f,
    struct err *e)
{
	static const char *const address[] = { "${postal|postal}",
	    "${address}", "${name}" };
	struct buf *b = &j->main.scratch;
	size_t i;
	int r, c;

	if (template_field(f, "notice_no") == NULL)
		return err_set(e, E_USAGE, "notice_no", "the record has no "
		    "field notice_no");
	for (i = 0; i < j->t->nblocks; i++) {
		const struct template_block *tb = &j->t->blocks[i];

		if (tb->fixed)
			continue;
		buf_reset(b);
		if (tb->kind == TEMPLATE_TEXT && template_expand(tb->text, f,
		    &j->office, b, NULL, NULL, e) < 0)
			return -1;
		for (c = 0; tb->kind == TEMPLATE_ADDRESS && c < 3; c++)
			if (template_expand(address[c], f, NULL, b, NULL, NULL,
			    e) < 0)
				return -1;
		if (tb->header != NULL && template_expand(tb->header, f,
		    &j->office, b, NULL, NULL, e) < 0)
			return -1;
		for (r = 0; r < tb->nrows; r++)
			if (template_expand(tb->rows[r], f, &j->office, b, NULL,
			    NULL, e) < 0)
				return -1;
	}
	buf_reset(b);
	return 0;
}

int
render_job_set_part_size(struct render_job *j, int notices, struct err *e)
{
	if (notices < 1 || notices > 100000 || j->notices > 0)
		return err_set(e, E_USAGE, "render", "the part size is 1 to "
		    "100000 notices, set before the first notice");
	j->part_notices = notices;
	return 0;
}

int
render_job_add(struct render_job *j, const struct notice_fields *f,
    struct err *e)
{
	struct rec r;
	struct chunk *c;

	if (j->failed) {
		if (e != NULL)
			*e = j->err;
		return -1;
	}
	if (f == NULL)
		return err_set(e, E_USAGE, "render", "no record");
	if (check_record(j, f, e) < 0)
		return -1;
	if (j->piped)
		return piped_add(j, f, e);
	if (!j->parallel) {
		memset(&r, 0, sizeof r);
		r.items = (struct notice_field *)f->items;
		r.count = f->count;
		if (out_notice(&j->single, &j->main, j->t, &j->office, &r,
		    j->notices * j->t->pages, &j->ov, &j->err) < 0) {
			j->failed = 1;
			if (e != NULL)
				*e = j->err;
			return -1;
		}
		j->notices++;
		return 0;
	}
	if ((c = j->cur) == NULL) {
		c = j->cur = xcalloc(1, sizeof *c);
		c->index = (int)j->nchunks;
		c->first_notice = j->notices;
		c->path = part_path(j->path, c->index);
		c->recs = xcalloc((size_t)j->part_notices, sizeof *c->recs);
	}
	rec_copy(&c->recs[c->n++], f);
	j->notices++;
	if (c->n == j->part_notices)
		queue_chunk(j);
	return 0;
}

/* Stop and join the workers after they have emptied the queue. */
static void
stop_workers(struct render_job *j)
{
	int i;

	if (j->nworkers == 0)
		return;
	pthread_mutex_lock(&j->mu);
	j->stop = 1;
	pthread_cond_broadcast(&j->cv_work);
	pthread_mutex_unlock(&j->mu);
	for (i = 0; i < j->nworkers; i++) {
		pthread_join(j->w[i].th, NULL);
		painter_free(&j->w[i].pt);
	}
	j->nworkers = 0;
}

/* Free the job; remove every file it wrote when remove_files is set. */
static void
job_destroy(struct render_job *j, int remove_files)
{
	size_t i;

	if (j->cur != NULL)
		chunk_free(j->cur);
	stop_workers(j);
	stop_writer(j, 1);
	for (i = 0; i < j->nchunks; i++) {
		if (remove_files)
			unlink(j->chunks[i]->path);
		chunk_free(j->chunks[i]);
	}
	free(j->chunks);
	if (remove_files)
		out_discard(&j->single);
	else
		out_close(&j->single, NULL);
	painter_free(&j->main);
	if (j->sync_init) {
		pthread_mutex_destroy(&j->mu);
		pthread_cond_destroy(&j->cv_work);
		pthread_cond_destroy(&j->cv_space);
	}
	free(j->ov.v);
	free(j->path);
	free(j);
}

/* Gather the parts' reports in notice order; the first failure wins. */
static void
collect_parts(struct render_job *j, struct render_stats *st)
{
	struct chunk *c;
	size_t i, k;

	for (i = 0; i < j->nchunks; i++) {
		c = j->chunks[i];
		if (c->failed && !j->failed) {
			j->failed = 1;
			j->err = c->err;
		}
		for (k = 0; k < c->ov.n; k++) {
			j->ov.notice_no = c->ov.v[k].notice_no;
			j->ov.page = c->ov.v[k].page;
			ov_add(&j->ov, c->ov.v[k].field, c->ov.v[k].problem,
			    c->ov.v[k].cp);
		}
		if (st != NULL) {
			st->files = xrealloc(st->files,
			    (st->nfiles + 1) * sizeof *st->files);
			st->files[st->nfiles++] = xstrdup(c->path);
		}
	}
}

int
render_job_finish(struct render_job **jp, struct render_stats *st,
    struct err *e)
{
	struct render_job *j = *jp;
	struct render_stats tmp;
	int rc = 0;

	*jp = NULL;
	memset(&tmp, 0, sizeof tmp);
	if (j->parallel) {
		queue_chunk(j);
		stop_workers(j);
		collect_parts(j, &tmp);
	} else {
		/* A piped job's writer draws what is queued first. */
		stop_writer(j, j->failed);
		if (!j->failed && j->wfailed)
			err_set(&j->err, E_IO, "render", "cannot write %.80s: "
			    "%s", j->path, j->werrno ? strerror(j->werrno) :
			    "cairo error");
		if (!j->failed && (out_close(&j->single, &j->err) < 0 ||
		    j->wfailed))
			j->failed = 1;
		if (!j->failed) {
			tmp.files = xcalloc(1, sizeof *tmp.files);
			tmp.files[tmp.nfiles++] = xstrdup(j->path);
		}
	}
	if (j->failed) {
		if (e != NULL)
			*e = j->err;
		render_stats_free(&tmp);
		rc = -1;
	} else {
		tmp.notices = j->notices;
		tmp.pages = j->notices * j->t->pages;
		tmp.overflow = j->ov.v;
		tmp.noverflow = j->ov.n;
		j->ov.v = NULL;
	}
	if (st != NULL)
		*st = tmp;
	else
		render_stats_free(&tmp);
	job_destroy(j, rc < 0);
	return rc;
}

void
render_job_free(struct render_job **jp)
{
	if (jp == NULL || *jp == NULL)
		return;
	job_destroy(*jp, 1);
	*jp = NULL;
}

void
render_stats_free(struct render_stats *st)
{
	size_t i;

	if (st == NULL)
		return;
	for (i = 0; i < st->nfiles; i++)
		free(st->files[i]);
	free(st->files);
	free(st->overflow);
	memset(st, 0, sizeof *st);
}

char *
render_overflow_format(const struct render_overflow *o, char *out,
    size_t size)
{
	if (o->problem == RENDER_NO_GLYPH)
		snprintf(out, size, "%s %s U+%04X", o->notice_no[0] ?
		    o->notice_no : "-", o->field, (unsigned)o->cp);
	else
		snprintf(out, size, "%s %s too long", o->notice_no[0] ?
		    o->notice_no : "-", o->field);
	return out;
}

int
render_office_from_config(struct office *o, const struct config *c,
    struct err *e)
{
	static const char *const keys[] = { "office.city", "office.mayor",
	    "office.section", "office.address", "office.postal",
	    "office.phone" };
	const char **dst[] = { &o->city, &o->mayor, &o->section, &o->address,
	    &o->postal, &o->phone };
	size_t i;

	for (i = 0; i < sizeof keys / sizeof keys[0]; i++) {
		*dst[i] = config_get(c, keys[i]);
		if (*dst[i] == NULL || **dst[i] == '\0')
			return err_set(e, E_CONFIG, keys[i], "the configuration "
			    "needs %s for notices", keys[i]);
	}
	return 0;
}
