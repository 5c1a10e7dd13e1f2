/*
 * Batch notices at the counter: the notice kind and its
 * conditions as on `madoguchi notices`, a preview with the counts, the
 * skipped restricted records, the fields left out for the role and a
 * sample page; a request, a second user's check and the run with a
 * progress bar drawn in place and cancelled with F3, Esc or ^C (no file is
 * kept).  The list holds the user's own jobs and, for supervisors, the
 * jobs other users asked to have checked.  The selection, the rules and
 * the register are the ledger's (notices.h), the PDF is print/'s
 * (noticepdf.h): this screen only wires them up, as cli_notices.c does.
 */
#include <curses.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "config.h"
#include "i18n.h"
#include "noticepdf.h"
#include "notices.h"
#include "path.h"
#include "screen.h"
#include "width.h"
#include "xmalloc.h"

#define KINDS_MAX 24
#define JOBS_MAX 200
#define KNOWN_MAX 64
#define SUMMARY_LINES 5
#define FORM_Y 2
#define LABEL_W 20

enum { F_KIND, F_YEAR, F_FROM, F_TO, F_VACCINE, F_AGE, F_REF, F_DUE,
	F_ISSUE, F_PURPOSE, F_SAMPLE, F_PRINTER, F_JOB, NF };

/* The kind's choices are filled per session (the kinds it may print). */
static const struct field_def base_defs[NF] = {
	{ "kind", N_("Notice kind"), FT_CHOICE, 20, 0, NULL, 1, FSENS_ORDINARY,
	    N_("Space cycles, a letter picks the next ledger: child, elderly, vaccine."),
	    NULL, NULL, 0 },
	{ "year", N_("Fiscal year"), FT_DIGITS, 6, 4, NULL, 0, FSENS_ORDINARY,
	    N_("年度 in 西暦, e.g. 2024 (elderly-pass notices)."), NULL, NULL, 0 },
	{ "from", N_("From date"), FT_DATE, 16, 0, NULL, 0, FSENS_ORDINARY,
	    N_("First decision or dose date; 和暦 or 西暦 (R6.4.1, 2024-04-01)."),
	    NULL, NULL, 0 },
	{ "to", N_("To date"), FT_DATE, 16, 0, NULL, 0, FSENS_ORDINARY,
	    N_("Last decision or dose date; 和暦 or 西暦."), NULL, NULL, 0 },
	{ "vaccine", N_("Vaccine code"), FT_TEXT, 8, 8, "[0-9A-Za-z]+", 0,
	    FSENS_ORDINARY, N_("The vaccine's code (予防接種のお知らせ)."), NULL,
	    NULL, 0 },
	{ "age", N_("Age band"), FT_TEXT, 8, 7, "[0-9]{1,3}-[0-9]{1,3}", 0,
	    FSENS_ORDINARY, N_("FROM-TO: years for elderly passes, months for vaccines (e.g. 70-120)."),
	    NULL, NULL, 0 },
	{ "ref", N_("Reference date"), FT_DATE, 16, 0, NULL, 0, FSENS_ORDINARY,
	    N_("The date ages and due lists are counted at; empty: today."),
	    NULL, NULL, 0 },
	{ "due", N_("Due date"), FT_DATE, 16, 0, NULL, 0, FSENS_ORDINARY,
	    N_("納期限 or 申請期限 for records that hold none."), NULL, NULL, 0 },
	{ "issue", N_("Issue date"), FT_DATE, 16, 0, NULL, 0, FSENS_ORDINARY,
	    N_("発行日 printed on the notices; empty: today."), NULL, NULL, 0 },
	{ "purpose", N_("Purpose"), FT_TEXT, 40, 80, NULL, 0, FSENS_ORDINARY,
	    N_("Why the notices are printed; shown to the approving supervisor of a bulk job."),
	    NULL, NULL, 0 },
	{ "sample", N_("Sample page file"), FT_TEXT, 50, 200, NULL, 0,
	    FSENS_ORDINARY, N_("Where the preview writes the first notice (0600); empty: no sample page."),
	    NULL, NULL, 0 },
	{ "printer", N_("Printer queue"), FT_TEXT, 20, 60, "[A-Za-z0-9_.@-]+", 0,
	    FSENS_ORDINARY, N_("A CUPS queue the run sends the PDF to with lp; empty: the file only."),
	    NULL, NULL, 0 },
	{ "job", N_("Job number"), FT_DIGITS, 10, 10, NULL, 0, FSENS_ORDINARY,
	    N_("A job to check or run that is not in the list (F7, F8)."), NULL,
	    NULL, 0 },
};

static const struct action notices_actions[] = {
	{ A_JOBS, KEY_F(4), "F4", N_("Jobs"),
	    N_("Move between the conditions and the list of jobs (the list is read again).") },
	{ A_PREVIEW, KEY_F(5), "F5", N_("Preview"),
	    N_("Count the notices the conditions select, with the skipped records, and write the sample page.") },
	{ A_REQUEST, KEY_F(6), "F6", N_("Request"),
	    N_("File a job with these conditions; above the bulk threshold it waits for a check and an approval.") },
	{ A_CHECK, KEY_F(7), "F7", N_("Check"),
	    N_("Check the recipients and the template of a job another user requested (R-40).") },
	{ A_RUN, KEY_F(8), "F8", N_("Run"),
	    N_("Print your selected job into one PDF with a progress bar; F3, Esc or Ctrl-C cancels and keeps no file.") },
	{ A_NONE, 0, NULL, NULL, NULL }
};

/* How a job's state is shown. */
static const struct {
	const char *state;
	const char *label;
} state_labels[] = {
	{ "awaiting_check", N_("awaiting check") },
	{ "ready", N_("ready") },
	{ "running", N_("running") },
	{ "done", N_("done") },
	{ "cancelled", N_("cancelled") },
	{ "failed", N_("failed") },
};

struct notices_state {
	struct field_def defs[NF];
	struct field_choice kinds[KINDS_MAX + 1];
	char kind_values[KINDS_MAX][48];
	struct form *fm;
	struct db_print_job *jobs;	/* the list, newest first */
	int njobs, sel, top, in_list;
	int64_t known[KNOWN_MAX];	/* jobs touched on this screen */
	int nknown;
	char summary[SUMMARY_LINES][320];	/* what the last step found */
	int64_t prog_job;		/* the last run on this screen */
	long done, total;		/* its progress */
	int running;
};

static void notices_draw(struct tui *, void *);

/* A run's progress: the screen to draw on and the cancel flag. */
struct progress_ctx {
	struct tui *t;
	struct notices_state *ns;
	double drawn;
	volatile sig_atomic_t cancel;
};

int
screen_notices_allowed(const struct session *s)
{
	const struct notices_kind *k;
	enum ledger_id l;

	for (k = notices_kinds(); k->ledger != NULL; k++)
		if (ledger_from_name(k->ledger, &l) == 0 &&
		    (session_has(s, l, ROLE_OPERATOR) ||
		    session_has(s, l, ROLE_SUPERVISOR)))
			return 1;
	return 0;
}

static const char *
state_label(const char *state)
{
	size_t i;

	for (i = 0; i < sizeof state_labels / sizeof state_labels[0]; i++)
		if (strcmp(state_labels[i].state, state) == 0)
			return _(state_labels[i].label);
	return state;
}

/* The translated message of e, with the ledger's detail (English, never
 * personal data) as the cli shows it. */
static void
show_error(struct tui *t, const struct err *e, const struct form *fm)
{
	size_t n;

	tui_error(t, e, fm);
	n = strlen(t->msg);
	if (e->detail[0] != '\0' && n + 4 < sizeof t->msg)
		snprintf(t->msg + n, sizeof t->msg - n, " (%s)", e->detail);
}

/* The default sample page: the spool directory of notices_run. */
static char *
default_sample(struct tui *t)
{
	const char *spool = config_get(t->cfg, "spool_dir");
	char *state, *p;

	if (spool != NULL && *spool != '\0')
		return xasprintf("%s/sample-%s.pdf", spool, t->s->user.login);
	state = path_state_dir();
	p = xasprintf("%s/spool/sample-%s.pdf", state, t->s->user.login);
	free(state);
	return p;
}

/* The kinds of the ledgers the session may print, as choices. */
static void
build_kinds(struct tui *t, struct notices_state *ns)
{
	const struct notices_kind *k;
	enum ledger_id l;
	int n = 0;

	for (k = notices_kinds(); k->ledger != NULL && n < KINDS_MAX; k++) {
		if (ledger_from_name(k->ledger, &l) == -1 ||
		    !(session_has(t->s, l, ROLE_OPERATOR) ||
		    session_has(t->s, l, ROLE_SUPERVISOR)))
			continue;
		snprintf(ns->kind_values[n], sizeof ns->kind_values[n],
		    "%s/%s", k->ledger, k->kind);
		ns->kinds[n].value = ns->kind_values[n];
		ns->kinds[n].label = k->help;
		n++;
	}
	ns->kinds[n].value = NULL;
	ns->kinds[n].label = NULL;
}

/* Split "ledger/kind" into the kind entry. */
static const struct notices_kind *
kind_of(const char *value)
{
	char ledger[24];
	const char *slash = strchr(value, '/');

	if (slash == NULL || (size_t)(slash - value) >= sizeof ledger)
		return NULL;
	snprintf(ledger, sizeof ledger, "%.*s", (int)(slash - value), value);
	return notices_kind_find(ledger, slash + 1);
}

static void
remember(struct notices_state *ns, int64_t job)
{
	int i;

	for (i = 0; i < ns->nknown; i++)
		if (ns->known[i] == job)
			return;
	if (ns->nknown == KNOWN_MAX) {
		memmove(ns->known, ns->known + 1,
		    (KNOWN_MAX - 1) * sizeof ns->known[0]);
		ns->nknown--;
	}
	ns->known[ns->nknown++] = job;
}

static int
listed(const struct notices_state *ns, int64_t job)
{
	int i;

	for (i = 0; i < ns->njobs; i++)
		if (ns->jobs[i].job_id == job)
			return i;
	return -1;
}

struct collect_ctx {
	struct tui *t;
	struct notices_state *ns;
};

/* From the register: the user's jobs and others' awaiting a check on
 * the ledgers the user may print. */
static int
collect(void *ctx, const struct db_print_job *j)
{
	struct collect_ctx *c = ctx;
	const struct notices_kind *k = notices_kind_find(j->ledger, j->kind);
	enum ledger_id l;
	int mine = strcmp(j->requested_by, c->t->s->user.login) == 0;

	if (c->ns->njobs >= JOBS_MAX)
		return 1;
	if (!mine && (strcmp(j->state, "awaiting_check") != 0 || k == NULL ||
	    ledger_from_name(k->ledger, &l) == -1 ||
	    !(session_has(c->t->s, l, ROLE_OPERATOR) ||
	    session_has(c->t->s, l, ROLE_SUPERVISOR))))
		return 0;
	c->ns->jobs[c->ns->njobs++] = *j;
	return 0;
}

static int
newest_first(const void *a, const void *b)
{
	const struct db_print_job *x = a, *y = b;

	return x->job_id < y->job_id ? 1 : x->job_id > y->job_id ? -1 : 0;
}

/*
 * Read the list again: the register when the session may read it
 * (supervisors; the read is audited), and every job touched here.
 */
static void
load_jobs(struct tui *t, struct notices_state *ns)
{
	struct collect_ctx c = { t, ns };
	int64_t keep = ns->njobs > 0 ? ns->jobs[ns->sel].job_id : 0;
	struct err e;
	int i;

	ns->njobs = 0;
	err_clear(&e);
	if (session_has_any(t->s, ROLE_SUPERVISOR) &&
	    notices_register_list(t->s, collect, &c, &e) == -1)
		show_error(t, &e, NULL);
	for (i = 0; i < ns->nknown && ns->njobs < JOBS_MAX; i++) {
		if (listed(ns, ns->known[i]) >= 0)
			continue;
		err_clear(&e);
		if (notices_job(t->s, ns->known[i], &ns->jobs[ns->njobs],
		    &e) == 0)
			ns->njobs++;
	}
	qsort(ns->jobs, (size_t)ns->njobs, sizeof *ns->jobs, newest_first);
	ns->sel = keep > 0 && listed(ns, keep) >= 0 ? listed(ns, keep) : 0;
}

static void *
notices_open(struct tui *t, const void *arg)
{
	struct notices_state *ns = xcalloc(1, sizeof *ns);
	struct err e;
	char *sample;

	(void)arg;
	memcpy(ns->defs, base_defs, sizeof ns->defs);
	build_kinds(t, ns);
	ns->defs[F_KIND].choices = ns->kinds;
	err_clear(&e);
	ns->jobs = xcalloc(JOBS_MAX, sizeof *ns->jobs);
	/* Only a broken pattern above fails: the screen then stays empty. */
	if ((ns->fm = form_new(ns->defs, NF, &e)) == NULL) {
		show_error(t, &e, NULL);
		return ns;
	}
	if (ns->kinds[0].value != NULL)
		form_set(ns->fm, "kind", ns->kinds[0].value);
	sample = default_sample(t);
	form_set(ns->fm, "sample", sample);
	free(sample);
	load_jobs(t, ns);
	return ns;
}

static void
notices_close(struct tui *t, void *st)
{
	struct notices_state *ns = st;

	(void)t;
	form_free(&ns->fm);
	free(ns->jobs);
	free(ns);
}

/* Empty form values are "not given". */
static const char *
opt(const struct form *fm, const char *name)
{
	const char *v = form_value(fm, name);

	return *v != '\0' ? v : NULL;
}

/* The conditions typed (the strings stay the form's). */
static int
read_cond(struct tui *t, struct notices_state *ns, struct notices_cond *c)
{
	const char *age;
	struct err e;
	int rc;

	err_clear(&e);
	if ((rc = form_validate_all(ns->fm, &e)) != 0) {
		if (rc == 1)
			form_confirm_alerts(ns->fm);
		show_error(t, &e, ns->fm);
		return -1;
	}
	memset(c, 0, sizeof *c);
	c->year = atoi(form_value(ns->fm, "year"));
	c->from = opt(ns->fm, "from");
	c->to = opt(ns->fm, "to");
	c->vaccine = opt(ns->fm, "vaccine");
	c->age_from = c->age_to = -1;
	if ((age = opt(ns->fm, "age")) != NULL &&
	    sscanf(age, "%d-%d", &c->age_from, &c->age_to) != 2) {
		err_set(&e, E_USAGE, "age", NULL);
		show_error(t, &e, ns->fm);
		return -1;
	}
	c->ref = opt(ns->fm, "ref");
	c->due = opt(ns->fm, "due");
	c->issue = opt(ns->fm, "issue");
	return 0;
}

/* Load the template of a kind; NULL after saying why. */
static struct noticepdf *
load_template(struct tui *t, const char *ledger, const char *kind)
{
	const struct notices_kind *k = notices_kind_find(ledger, kind);
	struct noticepdf *np;
	struct err e;

	err_clear(&e);
	if (k == NULL) {
		err_set(&e, E_USAGE, "kind", "%s/%s", ledger, kind);
		show_error(t, &e, NULL);
		return NULL;
	}
	if ((np = noticepdf_new(t->cfg, k->template_file, 1, &e)) == NULL)
		show_error(t, &e, NULL);
	return np;
}

/* Up to size bytes of the keys, then the count of the others. */
static void
some_keys(const struct notices_keys *k, char *out, size_t size)
{
	size_t i, n = 0;

	out[0] = '\0';
	for (i = 0; i < k->n; i++) {
		if (n + strlen(k->v[i]) + 16 >= size) {
			snprintf(out + n, size - n, " … (%zu)", k->n);
			return;
		}
		n += (size_t)snprintf(out + n, size - n, " %s", k->v[i]);
	}
}

/*
 * label and path as one summary line of at most the screen's width: the
 * beginning of a long path gives way so that the file name stays.
 */
static void
fit_path(const char *label, const char *path, char *out, size_t size)
{
	const char *p = path;

	snprintf(out, size, "%s %s", label, path);
	while (width_str(out) > COLS - 4 && *p != '\0') {
		do
			p++;
		while ((*p & 0xC0) == 0x80);
		snprintf(out, size, "%s …%s", label, p);
	}
}

/* What a preview, request or check found, as the summary lines. */
static void
summarise(struct notices_state *ns, const struct notices_template *tp,
    const struct notices_preview *pv, const char *last)
{
	char keys[200];

	memset(ns->summary, 0, sizeof ns->summary);
	snprintf(ns->summary[0], sizeof ns->summary[0],
	    _("%s (%d page(s) per notice): %ld notices   conditions: %s"),
	    tp->title, tp->pages, pv->count, pv->conditions);
	some_keys(&pv->restricted, keys, sizeof keys);
	snprintf(ns->summary[1], sizeof ns->summary[1],
	    _("Skipped, restricted (R-14): %zu%s   not a current resident: %zu"),
	    pv->restricted.n, keys, pv->removed.n);
	snprintf(ns->summary[2], sizeof ns->summary[2],
	    _("Left out for your role (R-12): %s"),
	    pv->omitted[0] ? pv->omitted : _("nothing"));
	if (pv->needs_approval)
		snprintf(ns->summary[3], sizeof ns->summary[3],
		    _("Above the bulk threshold (%ld): a second user's check and a supervisor's approval are needed."),
		    pv->threshold);
	snprintf(ns->summary[4], sizeof ns->summary[4], "%s", last);
}

/* F5: count the notices and write the sample page. */
static int
do_preview(struct tui *t, struct notices_state *ns)
{
	const struct notices_kind *k;
	struct notices_template tp;
	struct notices_preview pv;
	struct notices_sink sink;
	struct notices_cond c;
	struct noticepdf *np;
	const char *sample;
	char last[320];
	struct err e;

	if (read_cond(t, ns, &c) == -1)
		return TUI_REDRAW;
	if ((k = kind_of(form_value(ns->fm, "kind"))) == NULL)
		return TUI_BEEP;
	if ((np = load_template(t, k->ledger, k->kind)) == NULL)
		return TUI_REDRAW;
	noticepdf_describe(np, &tp);
	noticepdf_sink(np, NULL, &sink);
	sample = opt(ns->fm, "sample");
	err_clear(&e);
	if (sample != NULL && path_prepare_parent(sample, &e) == -1) {
		show_error(t, &e, ns->fm);
		noticepdf_free(&np);
		return TUI_REDRAW;
	}
	if (notices_preview(t->s, k->ledger, k->kind, &c, sample, &sink, &pv,
	    &e) == -1) {
		show_error(t, &e, ns->fm);
		noticepdf_free(&np);
		return TUI_REDRAW;
	}
	if (sample != NULL && pv.count > 0)
		fit_path(_("Sample page:"), sample, last, sizeof last);
	else
		snprintf(last, sizeof last, "%s", pv.count > 0 ?
		    _("No sample page was asked for.") :
		    _("Nothing to print: no sample page."));
	summarise(ns, &tp, &pv, last);
	tui_message(t, _("Preview: %ld notices. F6 files the job."), pv.count);
	notices_preview_free(&pv);
	noticepdf_free(&np);
	return TUI_REDRAW;
}

/* F6: file the job. */
static int
do_request(struct tui *t, struct notices_state *ns)
{
	struct notices_request rq;
	const struct notices_kind *k;
	struct notices_template tp;
	struct notices_preview pv;
	struct notices_cond c;
	struct noticepdf *np;
	char last[320];
	struct err e;

	if (read_cond(t, ns, &c) == -1)
		return TUI_REDRAW;
	if ((k = kind_of(form_value(ns->fm, "kind"))) == NULL)
		return TUI_BEEP;
	if ((np = load_template(t, k->ledger, k->kind)) == NULL)
		return TUI_REDRAW;
	noticepdf_describe(np, &tp);
	memset(&rq, 0, sizeof rq);
	rq.ledger = k->ledger;
	rq.kind = k->kind;
	rq.cond = &c;
	rq.purpose = opt(ns->fm, "purpose");
	err_clear(&e);
	if (notices_request(t->s, &rq, &tp, &pv, &e) == -1) {
		show_error(t, &e, ns->fm);
		noticepdf_free(&np);
		return TUI_REDRAW;
	}
	if (pv.needs_check)
		snprintf(last, sizeof last,
		    _("Job %lld is awaiting a second user's check; approval request %lld (madoguchi approve grant %lld)."),
		    (long long)pv.job_id, (long long)pv.approval_id,
		    (long long)pv.approval_id);
	else
		snprintf(last, sizeof last, _("Job %lld is ready: F8 runs it."),
		    (long long)pv.job_id);
	summarise(ns, &tp, &pv, last);
	tui_message(t, "%s", last);
	remember(ns, pv.job_id);
	load_jobs(t, ns);
	if (listed(ns, pv.job_id) >= 0)
		ns->sel = listed(ns, pv.job_id);
	notices_preview_free(&pv);
	noticepdf_free(&np);
	return TUI_REDRAW;
}

/*
 * The job F7 and F8 act on: the number typed in the form (added to the
 * list), else the selected row.  0 after saying why there is none.
 */
static int64_t
target_job(struct tui *t, struct notices_state *ns)
{
	struct field *f = form_field(ns->fm, "job");
	struct db_print_job j;
	int64_t job;
	struct err e;

	err_clear(&e);
	if (!ns->in_list && !field_empty(f)) {
		if (field_validate(f, &e) == -1) {
			show_error(t, &e, ns->fm);
			return 0;
		}
		job = atoll(field_value(f));
		if (job < 1 || notices_job(t->s, job, &j, &e) == -1) {
			if (job < 1)
				err_set(&e, E_NOT_FOUND, "job", NULL);
			show_error(t, &e, ns->fm);
			return 0;
		}
		remember(ns, job);
		field_edit(f, FK_CLEAR);
		load_jobs(t, ns);
		if (listed(ns, job) >= 0)
			ns->sel = listed(ns, job);
		return job;
	}
	if (ns->njobs == 0) {
		tui_message(t, "%s", _("Choose a job in the list (F4) or type its number first."));
		return 0;
	}
	return ns->jobs[ns->sel].job_id;
}

/* F7: the second user's check of a job. */
static int
do_check(struct tui *t, struct notices_state *ns)
{
	struct notices_template tp;
	struct notices_preview pv;
	struct db_print_job j;
	struct noticepdf *np;
	char last[320];
	int64_t job;
	struct err e;

	if ((job = target_job(t, ns)) == 0)
		return TUI_REDRAW;
	err_clear(&e);
	if (notices_job(t->s, job, &j, &e) == -1) {
		show_error(t, &e, NULL);
		return TUI_REDRAW;
	}
	if ((np = load_template(t, j.ledger, j.kind)) == NULL)
		return TUI_REDRAW;
	noticepdf_describe(np, &tp);
	if (notices_check(t->s, job, &tp, &pv, &e) == -1) {
		show_error(t, &e, NULL);
		noticepdf_free(&np);
		load_jobs(t, ns);
		return TUI_REDRAW;
	}
	snprintf(last, sizeof last, _("Checked: job %lld is ready; its requester runs it."),
	    (long long)job);
	summarise(ns, &tp, &pv, last);
	tui_message(t, "%s", last);
	remember(ns, job);
	load_jobs(t, ns);
	notices_preview_free(&pv);
	noticepdf_free(&np);
	return TUI_REDRAW;
}

/* The summary rows start below the form; the progress bar follows. */
static int
summary_y(void)
{
	return FORM_Y + NF + 1;
}

static int
progress_y(void)
{
	return summary_y() + SUMMARY_LINES;
}

/* The progress bar of the last run, drawn in place. */
static void
draw_progress(const struct notices_state *ns)
{
	char bar[41], line[200];
	int width = 40, fill, pct, y = progress_y();
	long done = ns->done, total = ns->total;

	fill = total > 0 ? (int)(width * done / total) : width;
	pct = total > 0 ? (int)(100 * done / total) : 100;
	memset(bar, '#', (size_t)fill);
	memset(bar + fill, '.', (size_t)(width - fill));
	bar[width] = '\0';
	snprintf(line, sizeof line, "%s %lld [%s] %ld/%ld %d%%", _("Job"),
	    (long long)ns->prog_job, bar, done, total, pct);
	move(y, 0);
	clrtoeol();
	draw_text(y, 2, line, COLS - 4);
}

/*
 * After each notice: draw the bar in place (at most every 0.1 s and at
 * the end) and look for a cancel key without waiting.
 */
static void
on_progress(void *ctx, long done, long total)
{
	struct progress_ctx *p = ctx;
	wint_t ch;
	int rc;

	p->ns->done = done;
	p->ns->total = total;
	while ((rc = get_wch(&ch)) != ERR)
		if ((rc == KEY_CODE_YES && ch == KEY_F(3)) ||
		    (rc == OK && (ch == 0x1B || ch == 0x03)))
			p->cancel = 1;
	if (done == total || done == 1 || clock_mono() - p->drawn >= 0.1) {
		draw_progress(p->ns);
		refresh();
		p->drawn = clock_mono();
	}
}

/* The overflow report of the run, as one summary line. */
static void
overflow_line(const struct noticepdf *np, char *out, size_t size)
{
	const struct render_stats *st = noticepdf_stats(np);
	char one[160];

	if (st->noverflow == 0) {
		snprintf(out, size, "%s", _("Overflow characters: 0"));
		return;
	}
	snprintf(out, size, _("Overflow characters: %zu (first: %s)"),
	    st->noverflow, render_overflow_format(&st->overflow[0], one,
	    sizeof one));
}

/* F8: run the selected job of the user's. */
static int
do_run(struct tui *t, struct notices_state *ns)
{
	struct field *printer = form_field(ns->fm, "printer");
	struct notices_run_opts ro;
	struct notices_template tp;
	struct notices_result res;
	struct notices_sink sink;
	struct progress_ctx p;
	struct db_print_job j;
	struct noticepdf *np;
	int64_t job;
	struct err e;
	int rc, delay;

	err_clear(&e);
	if (!field_empty(printer) && field_validate(printer, &e) == -1) {
		show_error(t, &e, ns->fm);
		return TUI_REDRAW;
	}
	if ((job = target_job(t, ns)) == 0)
		return TUI_REDRAW;
	if (notices_job(t->s, job, &j, &e) == -1) {
		show_error(t, &e, NULL);
		return TUI_REDRAW;
	}
	if ((np = load_template(t, j.ledger, j.kind)) == NULL)
		return TUI_REDRAW;
	noticepdf_describe(np, &tp);
	noticepdf_sink(np, opt(ns->fm, "printer"), &sink);
	memset(&p, 0, sizeof p);
	p.t = t;
	p.ns = ns;
	memset(&ro, 0, sizeof ro);
	ro.printer = opt(ns->fm, "printer");
	ro.progress = on_progress;
	ro.progress_ctx = &p;
	ro.cancel = &p.cancel;
	memset(ns->summary, 0, sizeof ns->summary);
	ns->prog_job = job;
	ns->done = 0;
	ns->total = j.expected;
	ns->running = 1;
	/* The loop draws after the key; the run needs the screen now. */
	erase();
	draw_frame(t, &screen_notices, ns);
	notices_draw(t, ns);
	refresh();
	delay = wgetdelay(stdscr);
	timeout(0);
	rc = notices_run(t->s, job, &tp, &sink, &ro, &res, &e);
	timeout(delay);
	ns->running = 0;
	/* The user watched the run: the idle timers start now. */
	t->last_key = clock_mono();
	remember(ns, job);
	if (rc == 1) {
		snprintf(ns->summary[0], sizeof ns->summary[0],
		    _("Job %lld was cancelled after %ld of %ld notices; no file was kept."),
		    (long long)job, ns->done, ns->total);
		tui_message(t, "%s", ns->summary[0]);
	} else if (rc == -1 && res.file[0] == '\0') {
		show_error(t, &e, NULL);
		ns->total = 0;
	} else {
		snprintf(ns->summary[0], sizeof ns->summary[0],
		    _("Job %lld printed: %ld notices, %d pages."),
		    (long long)job, res.records, res.pages);
		fit_path(_("File:"), res.file, ns->summary[1],
		    sizeof ns->summary[1]);
		overflow_line(np, ns->summary[2], sizeof ns->summary[2]);
		if (res.approver[0] != '\0')
			snprintf(ns->summary[3], sizeof ns->summary[3],
			    _("Approved by %s"), res.approver);
		if (rc == -1)
			show_error(t, &e, NULL);	/* e.g. lp failed */
		else if (ro.printer != NULL)
			tui_message(t, _("Job %lld printed and sent to printer %s."),
			    (long long)job, ro.printer);
		else
			tui_message(t, _("Job %lld printed."), (long long)job);
	}
	noticepdf_free(&np);
	load_jobs(t, ns);
	return TUI_REDRAW;
}

static int
list_key(struct notices_state *ns, const struct tui_key *k)
{
	int page = 5;

	switch (k->fkey) {
	case KEY_UP: ns->sel--; break;
	case KEY_DOWN: ns->sel++; break;
	case KEY_PPAGE: ns->sel -= page; break;
	case KEY_NPAGE: ns->sel += page; break;
	case KEY_HOME: ns->sel = 0; break;
	case KEY_END: ns->sel = ns->njobs - 1; break;
	case 0:
		if (k->ch == '\t') {
			ns->in_list = 0;
			return TUI_REDRAW;
		}
		return TUI_BEEP;
	default:
		return TUI_BEEP;
	}
	if (ns->sel >= ns->njobs)
		ns->sel = ns->njobs - 1;
	if (ns->sel < 0)
		ns->sel = 0;
	return TUI_REDRAW;
}

static int
notices_handle(struct tui *t, void *st, enum action_id a,
    const struct tui_key *k)
{
	struct notices_state *ns = st;
	static const struct tui_key tab = { 0, '\t' };
	struct err e;
	int r;

	if (ns->fm == NULL)
		return TUI_BEEP;
	switch (a) {
	case A_JOBS:
		ns->in_list = !ns->in_list;
		if (ns->in_list)
			load_jobs(t, ns);
		return TUI_REDRAW;
	case A_PREVIEW:
		return do_preview(t, ns);
	case A_REQUEST:
		return do_request(t, ns);
	case A_CHECK:
		return do_check(t, ns);
	case A_RUN:
		return do_run(t, ns);
	default:
		break;
	}
	if (k == NULL)
		return TUI_BEEP;
	if (ns->in_list)
		return list_key(ns, k);
	if (k->fkey == KEY_ENTER || (k->fkey == 0 && (k->ch == '\r' ||
	    k->ch == '\n')))
		k = &tab;
	r = tui_form_key(t, ns->fm, k, &e);
	if (r == -1 || (r & FORM_REFUSED))
		return TUI_BEEP;
	if (r & (FORM_INVALID | FORM_ALERT))
		show_error(t, &e, ns->fm);
	return TUI_REDRAW;
}

static void
draw_jobs(struct tui *t, struct notices_state *ns, int y)
{
	const struct db_print_job *j;
	char no[24], n[48];
	int i, rows;

	attron(A_BOLD);
	draw_text(y, 1, _("Job"), 7);
	draw_text(y, 9, _("State"), 14);
	draw_text(y, 24, _("Kind"), 20);
	draw_text(y, 45, _("Requested by"), 14);
	draw_text(y, 60, _("Notices/pages"), 14);
	draw_text(y, 75, _("Requested at"), COLS - 76);
	attroff(A_BOLD);
	y++;
	if (ns->njobs == 0) {
		draw_text(y, 2, _("No jobs yet: F6 files one with the conditions above."),
		    COLS - 4);
		return;
	}
	rows = LINES - 3 - y;
	if (rows < 1)
		rows = 1;
	if (ns->sel < ns->top)
		ns->top = ns->sel;
	if (ns->sel >= ns->top + rows)
		ns->top = ns->sel - rows + 1;
	for (i = ns->top; i < ns->njobs && y < LINES - 3; i++, y++) {
		j = &ns->jobs[i];
		if (ns->in_list && i == ns->sel)
			attron(A_REVERSE);
		else if (i == ns->sel)
			attron(A_BOLD);
		mvhline(y, 1, ' ', COLS - 2);
		snprintf(no, sizeof no, "%lld", (long long)j->job_id);
		draw_text(y, 1, no, 7);
		draw_text(y, 9, state_label(j->state), 14);
		snprintf(n, sizeof n, "%s/%s", j->ledger, j->kind);
		draw_text(y, 24, n, 20);
		snprintf(n, sizeof n, "%s%s", j->requested_by,
		    strcmp(j->requested_by, t->s->user.login) == 0 ? "*" : "");
		draw_text(y, 45, n, 14);
		if (strcmp(j->state, "done") == 0)
			snprintf(n, sizeof n, "%lld/%lld", (long long)j->records,
			    (long long)j->pages);
		else
			snprintf(n, sizeof n, "%lld", (long long)j->expected);
		draw_text(y, 60, n, 14);
		draw_text(y, 75, j->requested_at, COLS - 76);
		attroff(A_REVERSE | A_BOLD);
	}
}

static void
notices_draw(struct tui *t, void *st)
{
	struct notices_state *ns = st;
	const struct notices_kind *k;
	int y = summary_y(), i;
	char line[160];

	if (ns->fm == NULL)
		return;
	if (ns->kinds[0].value == NULL) {
		draw_text(FORM_Y, 2, _("Your role prints no notice kind."), COLS - 4);
		return;
	}
	draw_form(ns->fm, FORM_Y, LABEL_W, !ns->in_list, NULL, NULL);
	k = kind_of(field_text(form_field(ns->fm, "kind")));
	if (k != NULL && !ns->in_list) {
		snprintf(line, sizeof line, _("Conditions of this kind: %s"),
		    k->needs);
		draw_text(FORM_Y + F_KIND + 1, LABEL_W + 30, line,
		    COLS - LABEL_W - 31);
	}
	for (i = 0; i < SUMMARY_LINES; i++)
		draw_text(y + i, 2, ns->summary[i], COLS - 4);
	if (ns->running)
		draw_text(y, 2, _("Printing… F3, Esc or Ctrl-C cancels (no file is kept)."),
		    COLS - 4);
	if (ns->total > 0 || ns->running)
		draw_progress(ns);
	draw_jobs(t, ns, progress_y() + 1);
	if (!ns->in_list)
		draw_form(ns->fm, FORM_Y, LABEL_W, 1, NULL, NULL);	/* cursor */
}

const struct screen screen_notices = {
	"NOTICES", N_("Batch notices"), notices_actions, 1,
	notices_open, notices_handle, notices_draw, notices_close, NULL, NULL,
	NULL
};
