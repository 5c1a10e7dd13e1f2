/*
 * The PDF side of a notice job (ledger/notices.h): loads the kind's
 * template and the issuing office, describes the template to the ledger
 * (title, pages per notice, BLAKE2b of the file's bytes) and gives the
 * ledger a sink that renders each notice through render.h into one PDF
 * and, when asked, hands the finished file to CUPS with `lp -d QUEUE`.
 *
 * Templates are looked up in the "template_dir" configuration key, then
 * $MADOGUCHI_TEMPLATE_DIR, then print/templates beside the program's
 * build tree, then ./print/templates.
 */
#ifndef MADOGUCHI_NOTICEPDF_H
#define MADOGUCHI_NOTICEPDF_H

#include "config.h"
#include "err.h"
#include "notices.h"
#include "render.h"

struct noticepdf;

/*
 * Load template `name` (e.g. "elderly_nonyu") and the office.* keys of
 * cfg.  threads 1 writes the one PDF in the caller's thread; any other
 * value (0..8) writes it on two, laying out in the caller's thread and
 * writing in another (render_job_new_piped).  Either way the job's output
 * is that one file.  Caller frees with noticepdf_free.
 */
struct noticepdf *noticepdf_new(const struct config *cfg, const char *name,
    int threads, struct err *);
void noticepdf_free(struct noticepdf **);
/* The template as the ledger records it. */
void noticepdf_describe(const struct noticepdf *, struct notices_template *);
/* A sink writing through np (valid while np lives); lp_queue (may be
 * NULL) is the CUPS queue deliver sends the PDF to. */
void noticepdf_sink(struct noticepdf *np, const char *lp_queue,
    struct notices_sink *out);
/* The overflow report of the last finished PDF (owned by np). */
const struct render_stats *noticepdf_stats(const struct noticepdf *);

#endif
