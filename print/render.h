/*
 * The notice renderer: draws a template (template.h) once per record into
 * one A4 PDF with cairo and pango.  Fonts come through fontconfig:
 * IPAexMincho / IPAexGothic, falling back per character to IPAmjMincho for
 * name characters IPAex lacks (𠮷).  A character no installed font can
 * draw, or text that does not fit its box even at the smallest size, is
 * listed in the overflow report of the job instead of vanishing.
 *
 * Speed: what is the same on every page (blocks without record
 * placeholders: fixed wording, the office block, rules, the labels of a
 * table whose rows never drop out) is drawn once per job into a cairo
 * recording surface and painted on every page, so the PDF holds it once
 * as a form XObject.  Only the record's text is laid out per notice; with
 * threads > 1 worker threads, each with its own pango font map and
 * context, lay it out into recording surfaces while the caller's thread
 * replays finished notices, in order, into the single PDF.  Writing one
 * PDF is serial (font subsets, compression): about two thirds of the work
 * per page, so a second core gains about 1.4x, not 2x.
 *
 * A job is used by one thread at a time.  The output file is created 0600
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
	int page;		/* page of the PDF (1-based); 0 fixed text */
};

struct render_stats {
	int notices;
	int pages;
	struct render_overflow *overflow;	/* owned; render_stats_free */
	size_t noverflow;
};

/*
 * Start a job writing pdf_path (created or truncated, mode 0600).  t and
 * the strings of o must outlive the job.  threads (0..8) counts the
 * caller's thread: 1 draws straight onto the PDF in the caller's thread;
 * N > 1 adds N - 1 layout workers while the caller's thread writes the
 * PDF; 0 means one thread per online core.  The caller owns the job:
 * render_job_finish or render_job_free.  Fails with E_IO (file), E_CONFIG (fonts missing) or
 * E_USAGE (a fixed block's office.* key missing).
 */
struct render_job *render_job_new(const char *pdf_path,
    const struct template *t, const struct office *o, int threads,
    struct err *);
/*
 * Queue one notice.  The fields are copied, so the caller may reuse them at
 * once.  A record the template cannot be filled from (missing key: E_USAGE
 * naming it; bad amount or date) is refused and the job goes on; an I/O
 * failure fails the job.
 */
int render_job_add(struct render_job *, const struct notice_fields *,
    struct err *);
/*
 * Render what is queued, close the PDF and free the job (*job = NULL).
 * stats (may be NULL) receives counts and the overflow report, which the
 * caller frees with render_stats_free.  On failure the file is removed.
 */
int render_job_finish(struct render_job **, struct render_stats *,
    struct err *);
/* Abandon a job: stop its threads, remove the file, *job = NULL. */
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
