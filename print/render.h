/*
 * The notice renderer: draws a template (template.h) once per record into
 * A4 PDF with cairo and pango (one file, or ordered part files).  Fonts
 * come through fontconfig: IPAexMincho / IPAexGothic, falling back per
 * character to IPAmjMincho for name characters IPAex lacks (𠮷).  A
 * character no installed font can draw, or text that does not fit its box
 * even at the smallest size, is listed in the overflow report of the job
 * instead of vanishing.
 *
 * Speed: what is the same on every page (blocks without record
 * placeholders: fixed wording, the office block, rules, the labels of a
 * table whose rows never drop out) is drawn once per PDF into a cairo
 * recording surface and painted on every page, so the PDF holds it once
 * as a form XObject; only the record's text is laid out per notice, drawn
 * straight onto the page, and record text that repeats (a fiscal year, a
 * due date, a paragraph naming them) keeps its layout from its second
 * use on, unless it lacks a glyph or is clipped (reported every time).  Writing one PDF is serial (font subsets,
 * content streams, compression: about half of the work), so a job that
 * must give one PDF uses a second core by piping: the caller's thread lays
 * out and records each notice, a writer thread paints the recordings onto
 * the PDF (render_job_new_piped).  A job may instead use every core by
 * writing part files: with threads != 1 each worker
 * thread, with its own pango font map and context and its own cairo
 * surface, renders runs of 1,000 notices into STEM-0001.pdf,
 * STEM-0002.pdf, ... (for pdf_path STEM.pdf); read in that order they
 * hold the notices in the order they were added.
 *
 * The first job sets glibc's malloc trim threshold to 16 MiB for the
 * process (render.c: keep_heap), so that the heap zlib uses for every page
 * is not given back to the kernel and faulted in again per page.
 *
 * A job is used by one thread at a time.  Output files are created 0600
 * and removed again when the job fails or is freed unfinished.  Personal
 * data goes nowhere but the PDF.
 */
#ifndef MADOGUCHI_RENDER_H
#define MADOGUCHI_RENDER_H

#include <stddef.h>
#include <stdint.h>

#include "config.h"
#include "err.h"
#include "template.h"

struct render_job;

enum render_problem {
	RENDER_NO_GLYPH,	/* no installed font has cp */
	RENDER_TOO_LONG		/* clipped: did not fit its box at 5 pt */
};

/* One overflow report entry; holds no personal data but the code point. */
struct render_overflow {
	char notice_no[32];	/* "" for the template's fixed text */
	char field[48];		/* record key, office.* or "template" */
	enum render_problem problem;
	uint32_t cp;		/* RENDER_NO_GLYPH: the code point */
	int page;		/* page counted over all files (1-based);
				   0 for the fixed text */
};

struct render_stats {
	int notices;
	int pages;			/* over all files */
	char **files;			/* the PDFs written, in order */
	size_t nfiles;
	struct render_overflow *overflow;	/* pages count over all files */
	size_t noverflow;
};				/* owned; render_stats_free */

/*
 * Start a job.  threads == 1 writes the single file pdf_path in the
 * caller's thread; otherwise (0: one thread per online core, up to 8)
 * worker threads write part files as described above.  Files are created
 * 0600.  t and the strings of o must outlive the job.  The caller owns the
 * job: render_job_finish or render_job_free.  Fails with E_IO (file),
 * E_CONFIG (fonts missing) or E_USAGE (an office.* key of a fixed block).
 */
struct render_job *render_job_new(const char *pdf_path,
    const struct template *t, const struct office *o, int threads,
    struct err *);
/*
 * Start a job that writes the one file pdf_path (0600) on two threads:
 * render_job_add lays each notice out with pango in the caller's thread
 * and records it (a cairo recording surface per page); a writer thread
 * paints the recordings onto the PDF, where cairo does the serial part
 * (content streams, font subsets, compression).  So the job's output is
 * one PDF as with threads == 1, with no part files to join.  Otherwise
 * as render_job_new with threads == 1.
 */
struct render_job *render_job_new_piped(const char *pdf_path,
    const struct template *t, const struct office *o, struct err *);
/* Notices per part file of a parallel job (1..100000, default 1,000); call
 * before the first render_job_add.  Returns -1 (E_USAGE) otherwise. */
int render_job_set_part_size(struct render_job *, int notices, struct err *);
/*
 * Queue one notice.  The fields are copied, so the caller may reuse them at
 * once.  A record the template cannot be filled from (missing key: E_USAGE
 * naming it; bad amount or date) is refused and the job goes on; an I/O
 * failure fails the job.
 */
int render_job_add(struct render_job *, const struct notice_fields *,
    struct err *);
/*
 * Render what is queued, close the PDF(s) and free the job (*job = NULL).
 * stats (may be NULL) receives counts, the files and the overflow report;
 * the caller frees them with render_stats_free.  On failure every file
 * of the job is removed.
 */
int render_job_finish(struct render_job **, struct render_stats *,
    struct err *);
/* Abandon a job: stop its threads, remove its files, *job = NULL. */
void render_job_free(struct render_job **);
void render_stats_free(struct render_stats *);
/*
 * Fill o from the configuration keys office.city, office.mayor,
 * office.section, office.address, office.postal and office.phone; the
 * strings stay the config's.  A missing key is E_CONFIG naming it.
 */
int render_office_from_config(struct office *o, const struct config *c,
    struct err *);
/* Overflow entry as "NOTICE FIELD U+XXXX" (or "... too long") into out. */
char *render_overflow_format(const struct render_overflow *, char *out,
    size_t size);

#endif
