/*
 * Notice templates: the layout and wording of one notice kind, read from a
 * data file so that a city can change wording and positions without
 * recompiling.  The renderer (render.h) draws a template once per record.
 *
 * File format (UTF-8, LF or CRLF, at most 256 KiB, lines at most 1,024
 * bytes).  Blank lines and lines starting with `#` or `;` are ignored.
 * `[section]` opens a block; `key = value` sets one of its keys (spaces
 * around both are trimmed; a value in "double quotes" keeps its spaces).
 * Lengths are millimetres from the top-left corner of an A4 portrait
 * sheet (210 x 297); font sizes and line widths are points.
 *
 *   [page]      exactly once: size = A4, orientation = portrait,
 *               pages = 1..8, title = document name (print register).
 *   [text]      page = N | all (default 1), x, y, width, height,
 *               font = mincho | gothic, size, align = left|center|right,
 *               fit = wrap | line, text = ... (repeatable: one line each;
 *               an empty `text =` is an empty line).  With a height the
 *               text shrinks until it fits the box; fit = line never wraps
 *               and shrinks to the width.
 *   [address]   the window-envelope block: page, x, y, width, height, size,
 *               honorific (default 様).  Draws 〒${postal|postal},
 *               ${address}, ${katagaki?} and ${name} + " " + honorific,
 *               each shrunk to stay inside its share of the box.
 *   [table]     page, x, y, font, size, columns = mm,mm,... (1..12),
 *               align = left,right,... per column, row_height, line,
 *               header = a|b|c, row = a|b|c (repeatable, at most 32).
 *               A row whose cells all expand to "" is left out.
 *   [box]       page, x, y, width, height, line, dash = yes|no.
 *   [line]      page, x, y, x2, y2, line, dash = yes|no.
 *
 * Text and cells may hold placeholders ${key}, ${key|filter}, ${key?}
 * (optional: "" when the record lacks it) and $$ for a dollar sign.  Keys
 * are [A-Za-z0-9_.]; office.city, office.mayor, office.section,
 * office.address, office.postal and office.phone come from struct office,
 * all others from the record (struct notice_fields).  Filters: comma
 * (30000 -> 30,000), yen (-> ¥30,000), en (-> 30,000円), wareki
 * (2024-04-01 or any form wareki_parse takes -> 令和6年4月1日), postal
 * (6048571 -> 604-8571).  The record must hold notice_no, which is also
 * the notice number in the overflow report.
 */
#ifndef MADOGUCHI_TEMPLATE_H
#define MADOGUCHI_TEMPLATE_H

#include <stddef.h>

#include "buf.h"
#include "err.h"

#define TEMPLATE_MAX_PAGES	8
#define TEMPLATE_MAX_BLOCKS	256
#define TEMPLATE_MAX_COLUMNS	12
#define TEMPLATE_MAX_ROWS	32
#define TEMPLATE_MAX_SPANS	64

enum template_kind {
	TEMPLATE_TEXT,
	TEMPLATE_ADDRESS,
	TEMPLATE_TABLE,
	TEMPLATE_BOX,
	TEMPLATE_LINE
};

enum template_font {
	TEMPLATE_MINCHO,
	TEMPLATE_GOTHIC
};

enum template_align {
	TEMPLATE_LEFT,
	TEMPLATE_CENTER,
	TEMPLATE_RIGHT
};

/* One block as parsed; the renderer reads these, nobody else writes them. */
struct template_block {
	enum template_kind kind;
	int line;			/* line of its [section] header */
	int page;			/* 1-based; 0 = every page */
	double x, y, width, height;	/* mm; width/height 0 = unbounded */
	double x2, y2;			/* [line] end point, mm */
	double size;			/* pt */
	double line_width;		/* pt */
	double row_height;		/* mm, [table] */
	int dash;
	int fit_line;			/* fit = line: one line, shrink */
	enum template_font font;
	enum template_align align;
	char *text;			/* [text] lines joined by \n;
					   [address] the honorific */
	int ncols;
	double cols[TEMPLATE_MAX_COLUMNS];
	enum template_align col_align[TEMPLATE_MAX_COLUMNS];
	char *header;			/* [table] cells joined by | */
	char *rows[TEMPLATE_MAX_ROWS];
	int nrows;
	int fixed;			/* no record placeholder: same on every page */
};

struct template {
	char *name;			/* file name, for messages */
	char *title;			/* [page] title */
	int pages;
	struct template_block *blocks;
	size_t nblocks;
};

/* The issuing office, from configuration; strings stay the caller's. */
struct office {
	const char *city;		/* 京都市 */
	const char *mayor;		/* 市長名 */
	const char *section;		/* 保健福祉局 … 課 */
	const char *address;
	const char *postal;		/* 7 digits or 123-4567 */
	const char *phone;
};

/* One record: key -> value pairs; strings stay the caller's. */
struct notice_field {
	const char *key;
	const char *value;
};

struct notice_fields {
	const struct notice_field *items;
	size_t count;
};

/* Where a placeholder's value landed in an expanded string. */
struct template_span {
	size_t start, end;		/* byte offsets in the output */
	char key[48];
};

/*
 * Read and check a template file; the caller owns the result and frees it
 * with template_free.  Errors are E_IO (cannot read) or E_CONFIG with the
 * detail "NAME:LINE: problem".
 */
struct template *template_load(const char *path, struct err *);
/* The same from memory (len bytes, NUL bytes refused); name is for errors. */
struct template *template_parse(const char *text, size_t len,
    const char *name, struct err *);
void template_free(struct template **);

/*
 * Expand the placeholders of src into out (appended).  Record keys come
 * from fields (NULL: none), office.* keys from office (NULL: none).  When
 * spans is non-NULL, up to TEMPLATE_MAX_SPANS spans are stored and their
 * number put in *nspans.  A missing key fails with E_USAGE naming the key
 * in err.field; a value a filter cannot read fails with E_AMOUNT or
 * E_DATE_FORMAT naming the key.
 */
int template_expand(const char *src, const struct notice_fields *fields,
    const struct office *office, struct buf *out,
    struct template_span *spans, size_t *nspans, struct err *);
/*
 * The record keys t uses, in order of first use, space-separated, an
 * optional one with a trailing ? ("notice_no postal address katagaki?
 * name ..."); office.* keys are left out.  The caller frees the string.
 */
char *template_keys(const struct template *t);
/* Value of key in fields, or NULL. */
const char *template_field(const struct notice_fields *, const char *key);
/* Write v with thousands separators ("-1,234,567") into out; returns out. */
char *template_format_amount(long long v, char *out, size_t size);

#endif
