/*
 * `madoguchi notices kinds|preview|request|check|run|show|register`:
 * batch notices (R-44) from confirmed records, with the R-40 check, the
 * R-43 approval (granted with `madoguchi approve grant ID`) and the print
 * register (R-41).  Nothing personal is printed here: counts, record
 * keys, job numbers and file names only; names and addresses go into the
 * PDF alone.  `run` shows a progress bar on standard error when it is a
 * terminal, and ^C cancels the run without leaving a file.
 */
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "auth.h"
#include "cli.h"
#include "i18n.h"
#include "noticepdf.h"
#include "notices.h"
#include "xmalloc.h"

struct args {
	const char *user, *purpose, *out, *lp, *sample, *date, *method;
	struct notices_cond cond;
	int64_t reprint;
	int pw_stdin, keys, threads;
	int nops;
	char **ops;
};

static const struct option longopts[] = {
	{ "user", required_argument, NULL, 'u' },
	{ "password-stdin", no_argument, NULL, 'p' },
	{ "year", required_argument, NULL, 'y' },
	{ "from", required_argument, NULL, 'F' },
	{ "to", required_argument, NULL, 'T' },
	{ "vaccine", required_argument, NULL, 'v' },
	{ "age", required_argument, NULL, 'a' },
	{ "ref", required_argument, NULL, 'R' },
	{ "due", required_argument, NULL, 'D' },
	{ "issue", required_argument, NULL, 'I' },
	{ "purpose", required_argument, NULL, 'P' },
	{ "reprint", required_argument, NULL, 'r' },
	{ "sample", required_argument, NULL, 's' },
	{ "out", required_argument, NULL, 'o' },
	{ "lp", required_argument, NULL, 'l' },
	{ "threads", required_argument, NULL, 't' },
	{ "keys", no_argument, NULL, 'k' },
	{ "date", required_argument, NULL, 'd' },
	{ "method", required_argument, NULL, 'm' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 }
};

static void
usage(FILE *f)
{
	fprintf(f, _("usage: madoguchi notices kinds\n"
	    "       madoguchi notices preview LEDGER KIND [CONDITIONS] [--sample FILE]\n"
	    "       madoguchi notices request LEDGER KIND [CONDITIONS] [--purpose TEXT]\n"
	    "       madoguchi notices request --reprint JOB [--purpose TEXT]\n"
	    "       madoguchi notices check JOB [--keys]\n"
	    "       madoguchi notices run JOB [--out FILE] [--lp QUEUE] [--threads N]\n"
	    "       madoguchi notices show JOB\n"
	    "       madoguchi notices jobs\n"
	    "       madoguchi notices register list\n"
	    "       madoguchi notices register pages JOB\n"
	    "       madoguchi notices register handover|store|dispose JOB --method TEXT [--date DATE]\n"
	    "       (each but kinds with --user NAME [--password-stdin])\n"
	    "Conditions: --year N (fiscal year), --from DATE --to DATE, --vaccine CODE,\n"
	    "  --age A-B (years; months for vaccines), --ref DATE, --due DATE, --issue DATE.\n"
	    "A job above bulk_threshold records needs a second user's check (notices check)\n"
	    "and a supervisor's approval (madoguchi approve grant ID) before it runs once.\n"
	    "The PDF goes to --out FILE or the spool directory; --lp QUEUE prints it with lp.\n"));
}

/* Parse; 0 ok, 1 help shown, -1 usage error. */
static int
parse(int argc, char **argv, struct args *a)
{
	int c;

	memset(a, 0, sizeof *a);
	a->cond.age_from = a->cond.age_to = -1;
	a->threads = 1;
	optind = 0;
	while ((c = getopt_long(argc, argv, "u:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'u': a->user = optarg; break;
		case 'p': a->pw_stdin = 1; break;
		case 'y': a->cond.year = atoi(optarg); break;
		case 'F': a->cond.from = optarg; break;
		case 'T': a->cond.to = optarg; break;
		case 'v': a->cond.vaccine = optarg; break;
		case 'a':
			if (sscanf(optarg, "%d-%d", &a->cond.age_from,
			    &a->cond.age_to) != 2) {
				fprintf(stderr, _("madoguchi: --age needs FROM-TO\n"));
				return -1;
			}
			break;
		case 'R': a->cond.ref = optarg; break;
		case 'D': a->cond.due = optarg; break;
		case 'I': a->cond.issue = optarg; break;
		case 'P': a->purpose = optarg; break;
		case 'r': a->reprint = atoll(optarg); break;
		case 's': a->sample = optarg; break;
		case 'o': a->out = optarg; break;
		case 'l': a->lp = optarg; break;
		case 't': a->threads = atoi(optarg); break;
		case 'k': a->keys = 1; break;
		case 'd': a->date = optarg; break;
		case 'm': a->method = optarg; break;
		case 'h': usage(stdout); return 1;
		default: usage(stderr); return -1;
		}
	}
	a->nops = argc - optind;
	a->ops = argv + optind;
	if (a->threads < 0 || a->threads > 8) {
		fprintf(stderr, _("madoguchi: --threads is 0 to 8\n"));
		return -1;
	}
	return 0;
}

static int
job_arg(const char *s, int64_t *job)
{
	char *end;

	*job = s ? strtoll(s, &end, 10) : 0;
	if (s == NULL || *end != '\0' || *job < 1) {
		fprintf(stderr, _("madoguchi: a job number is needed\n"));
		return -1;
	}
	return 0;
}

static void
print_keys(const char *label, const struct notices_keys *k, int all)
{
	size_t i;

	if (k->n == 0)
		return;
	printf("%s:", label);
	for (i = 0; i < k->n && (all || i < 20); i++)
		printf(" %s", k->v[i]);
	if (!all && k->n > 20)
		printf(" ... (%zu)", k->n);
	putchar('\n');
}

static void
print_preview(const struct notices_preview *pv, int all_keys)
{
	if (pv->job_id > 0)
		printf(_("job: %lld\n"), (long long)pv->job_id);
	printf(_("notices: %ld\n"), pv->count);
	printf(_("conditions: %s\n"), pv->conditions);
	printf(_("skipped, restricted (R-14): %zu\n"), pv->restricted.n);
	print_keys(_("  keys"), &pv->restricted, 1);
	if (pv->approved.n > 0) {
		printf(_("restricted, printed under their own approval (R-14): "
		    "%zu\n"), pv->approved.n);
		print_keys(_("  keys"), &pv->approved, 1);
	}
	printf(_("skipped, not a current resident: %zu\n"), pv->removed.n);
	print_keys(_("  keys"), &pv->removed, 1);
	if (pv->omitted[0] != '\0')
		printf(_("left out for your role (R-12): %s\n"), pv->omitted);
	print_keys(_("records"), &pv->keys, all_keys);
	if (pv->needs_approval)
		printf(_("above the bulk threshold (%ld): a supervisor's approval "
		    "and a second user's check are needed\n"), pv->threshold);
	if (pv->approval_id > 0)
		printf(_("approval request: %lld (madoguchi approve grant %lld)\n"),
		    (long long)pv->approval_id, (long long)pv->approval_id);
}

/* Load the template of a kind; NULL after printing the problem. */
static struct noticepdf *
load(struct cli_opts *o, const char *ledger, const char *kind, int threads)
{
	const struct notices_kind *k = notices_kind_find(ledger, kind);
	struct noticepdf *np;
	struct err e;

	err_clear(&e);
	if (k == NULL) {
		fprintf(stderr, _("madoguchi: unknown notice kind %s %s (see "
		    "madoguchi notices kinds)\n"), ledger ? ledger : "",
		    kind ? kind : "");
		return NULL;
	}
	if ((np = noticepdf_new(o->cfg, k->template_file, threads, &e)) == NULL)
		cli_error(&e);
	return np;
}

static volatile sig_atomic_t interrupted;

static void
on_sigint(int sig)
{
	(void)sig;
	interrupted = 1;
}

static void
progress(void *ctx, long done, long total)
{
	int width = 40, fill;

	(void)ctx;
	if (done != total && done % 50 != 0)
		return;
	fill = total > 0 ? (int)(width * done / total) : width;
	fprintf(stderr, "\r[%.*s%*s] %ld/%ld", fill,
	    "########################################", width - fill, "",
	    done, total);
	if (done == total)
		fputc('\n', stderr);
	fflush(stderr);
}

static void
print_overflow(const struct noticepdf *np)
{
	const struct render_stats *st = noticepdf_stats(np);
	char line[160];
	size_t i;

	for (i = 0; i < st->noverflow; i++)
		fprintf(stderr, _("madoguchi: overflow: %s\n"),
		    render_overflow_format(&st->overflow[i], line, sizeof line));
}

static int
do_run(struct cli_opts *o, struct session *s, const struct args *a,
    struct err *e)
{
	struct notices_run_opts ro = { 0 };
	struct notices_template t;
	struct notices_result res;
	struct notices_sink sink;
	struct db_print_job j;
	struct sigaction sa, old;
	struct noticepdf *np;
	int64_t job;
	int rc;

	if (job_arg(a->nops > 1 ? a->ops[1] : NULL, &job) == -1)
		return err_set(e, E_USAGE, "job", NULL);
	if (notices_job(s, job, &j, e) == -1)
		return -1;
	if ((np = load(o, j.ledger, j.kind, a->threads)) == NULL)
		return err_set(e, E_CONFIG, "template", NULL);
	noticepdf_describe(np, &t);
	noticepdf_sink(np, a->lp, &sink);
	ro.out = a->out;
	ro.printer = a->lp;
	ro.cancel = &interrupted;
	if (isatty(2))
		ro.progress = progress;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_sigint;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, &old);
	rc = notices_run(s, job, &t, &sink, &ro, &res, e);
	sigaction(SIGINT, &old, NULL);
	print_overflow(np);
	noticepdf_free(&np);
	if (rc == 1) {
		if (isatty(2))
			fputc('\n', stderr);
		fprintf(stderr, _("madoguchi: job %lld cancelled; no file was "
		    "kept\n"), (long long)job);
		return err_set(e, E_DENIED, "job", "cancelled");
	}
	if (rc == -1 && res.file[0] == '\0')
		return -1;
	printf(_("job %lld: %ld notices, %d pages: %s\n"), (long long)job,
	    res.records, res.pages, res.file);
	if (a->lp != NULL && rc == 0)
		printf(_("sent to printer %s\n"), a->lp);
	return rc;
}

static int
print_job(void *ctx, const struct db_print_job *j)
{
	(void)ctx;
	printf("%lld\t%s\t%s/%s\t%s\t%s\t%s\t%s\t%s\t%s\t%lld\t%lld\t%s\n",
	    (long long)j->job_id, j->state, j->ledger, j->kind, j->title,
	    j->requested_by, j->approver[0] ? j->approver : "-",
	    j->checker[0] ? j->checker : "-",
	    j->finished_at[0] ? j->finished_at : "-",
	    j->printer[0] ? j->printer : j->file[0] ? j->file : "-",
	    (long long)j->pages, (long long)j->records,
	    j->reprint_of ? "reprint" : "-");
	return 0;
}

static int
print_custody(void *ctx, const struct db_print_custody *c)
{
	(void)ctx;
	printf("  %s\t%s\t%s\t%s\t%s\n", c->event, c->date, c->method,
	    c->by_login, c->at);
	return 0;
}

static int
print_page(void *ctx, int64_t page, const char *key)
{
	(void)ctx;
	printf("%lld\t%s\n", (long long)page, key);
	return 0;
}

static int
show_job(struct session *s, int64_t job, struct err *e)
{
	struct db_print_job j;

	if (notices_job(s, job, &j, e) == -1)
		return -1;
	printf(_("job: %lld\nstate: %s\nkind: %s/%s (%s)\nconditions: %s\n"
	    "requested: %s %s\nrecords selected: %lld (restricted skipped %lld, "
	    "removed skipped %lld)\napproval: %lld %s\nchecked: %s %s\n"
	    "run: %s %s finished %s\noutput: %s%s%s\npages: %lld\nrecords: %lld\n"),
	    (long long)j.job_id, j.state, j.ledger, j.kind, j.title,
	    j.conditions, j.requested_by, j.requested_at, (long long)j.expected,
	    (long long)j.skipped_restricted, (long long)j.skipped_other,
	    (long long)j.approval_id, j.approver, j.checker, j.checked_at,
	    j.run_by, j.run_at, j.finished_at, j.file, j.printer[0] ?
	    " printer " : "", j.printer, (long long)j.pages,
	    (long long)j.records);
	if (j.reprint_of)
		printf(_("reprint of job %lld\n"), (long long)j.reprint_of);
	if (strcmp(j.requested_by, s->user.login) != 0 || j.state[0] == 'd')
		notices_register_custody(s, job, print_custody, NULL, NULL);
	return 0;
}

static const char *
or_dash(const char *s)
{
	return s[0] != '\0' ? s : "-";
}

static int
print_job_row(void *ctx, const struct notices_job_row *r)
{
	const struct db_print_job *j = &r->job;
	char reprint[24] = "-";

	(void)ctx;
	if (j->reprint_of)
		snprintf(reprint, sizeof reprint, "%lld",
		    (long long)j->reprint_of);
	printf("%lld\t%s\t%s/%s\t%s\t%s\t%lld\t%lld\t%s\t%s\t%s\t%s\t%s\n",
	    (long long)j->job_id, j->state, j->ledger, j->kind,
	    or_dash(j->run_by[0] ? j->run_by : j->requested_by),
	    or_dash(j->approver), (long long)j->pages, (long long)j->records,
	    j->finished_at[0] ? j->finished_at : j->run_at[0] ? j->run_at :
	    j->requested_at, reprint, or_dash(r->handover), or_dash(r->store),
	    or_dash(r->dispose));
	return 0;
}

static int
do_jobs(struct session *s, struct err *e)
{
	printf("%s\n", _("job\tstate\tkind\tuser\tapprover\tpages\trecords\t"
	    "time\treprint of\thanded over\tstored\tdisposed"));
	return notices_jobs_list(s, print_job_row, NULL, e);
}

static int
do_register(struct session *s, const struct args *a, struct err *e)
{
	const char *op = a->nops > 1 ? a->ops[1] : "";
	int64_t job;

	if (strcmp(op, "list") == 0) {
		printf(_("job\tstate\tkind\ttitle\tuser\tapprover\tchecker\ttime\t"
		    "printer/file\tpages\trecords\treprint\n"));
		return notices_register_list(s, print_job, NULL, e);
	}
	if (job_arg(a->nops > 2 ? a->ops[2] : NULL, &job) == -1)
		return err_set(e, E_USAGE, "job", NULL);
	if (strcmp(op, "pages") == 0)
		return notices_register_pages(s, job, print_page, NULL, e);
	if (strcmp(op, "handover") == 0 || strcmp(op, "store") == 0 ||
	    strcmp(op, "dispose") == 0) {
		if (notices_custody(s, job, op, a->date, a->method, e) == -1)
			return -1;
		printf(_("job %lld: %s recorded\n"), (long long)job, op);
		return 0;
	}
	usage(stderr);
	return err_set(e, E_USAGE, "register", "list, pages, handover, "
	    "store or dispose");
}

static int
do_select(struct cli_opts *o, struct session *s, const char *op,
    const struct args *a, struct err *e)
{
	struct notices_request rq = { NULL, NULL, &a->cond, a->purpose,
	    a->reprint };
	struct notices_preview pv;
	struct notices_template t;
	struct notices_sink sink;
	struct db_print_job j;
	struct noticepdf *np = NULL;
	int64_t job = 0;
	int rc;

	if (strcmp(op, "check") == 0) {
		if (job_arg(a->nops > 1 ? a->ops[1] : NULL, &job) == -1)
			return err_set(e, E_USAGE, "job", NULL);
		if (notices_job(s, job, &j, e) == -1)
			return -1;
		np = load(o, j.ledger, j.kind, 1);
	} else if (a->reprint > 0) {
		if (notices_job(s, a->reprint, &j, e) == -1)
			return -1;
		np = load(o, j.ledger, j.kind, 1);
	} else {
		if (a->nops < 3) {
			usage(stderr);
			return err_set(e, E_USAGE, "kind", NULL);
		}
		rq.ledger = a->ops[1];
		rq.kind = a->ops[2];
		np = load(o, rq.ledger, rq.kind, 1);
	}
	if (np == NULL)
		return err_set(e, E_CONFIG, "template", NULL);
	noticepdf_describe(np, &t);
	noticepdf_sink(np, NULL, &sink);
	if (strcmp(op, "preview") == 0)
		rc = notices_preview(s, rq.ledger, rq.kind, &a->cond, a->sample,
		    &sink, &pv, e);
	else if (strcmp(op, "request") == 0)
		rc = notices_request(s, &rq, &t, &pv, e);
	else
		rc = notices_check(s, job, &t, &pv, e);
	if (rc == 0) {
		printf(_("document: %s (%d page%s per notice)\n"), t.title,
		    t.pages, t.pages == 1 ? "" : "s");
		printf(_("template: %s\n"), t.hash);
		print_preview(&pv, a->keys);
		if (strcmp(op, "preview") == 0 && a->sample != NULL &&
		    pv.count > 0)
			printf(_("sample page: %s\n"), a->sample);
		if (strcmp(op, "request") == 0)
			printf(pv.needs_check ? _("state: awaiting check\n") :
			    _("state: ready (madoguchi notices run %lld)\n"),
			    (long long)pv.job_id);
		if (strcmp(op, "check") == 0)
			printf(_("checked: job %lld is ready\n"), (long long)job);
		notices_preview_free(&pv);
	}
	noticepdf_free(&np);
	return rc;
}

static void
print_kinds(void)
{
	const struct notices_kind *k;

	for (k = notices_kinds(); k->ledger != NULL; k++)
		printf("%-8s %-11s %-18s %s\n", k->ledger, k->kind, k->needs,
		    k->help);
}

int
cli_notices(struct cli_opts *o, int argc, char **argv)
{
	struct session *s;
	struct ledger *lg;
	struct args a;
	const char *op;
	struct err e;
	int rc;

	if ((rc = parse(argc, argv, &a)) != 0)
		return rc == 1 ? EXIT_OK : EXIT_USAGE;
	if (a.nops < 1) {
		usage(stderr);
		return EXIT_USAGE;
	}
	op = a.ops[0];
	if (strcmp(op, "kinds") == 0) {
		print_kinds();
		return EXIT_OK;
	}
	if (strcmp(op, "preview") != 0 && strcmp(op, "request") != 0 &&
	    strcmp(op, "check") != 0 && strcmp(op, "run") != 0 &&
	    strcmp(op, "show") != 0 && strcmp(op, "register") != 0 &&
	    strcmp(op, "jobs") != 0) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if ((lg = cli_open(o)) == NULL)
		return EXIT_REFUSED;
	if ((s = cli_login(lg, a.user, a.pw_stdin)) == NULL) {
		ledger_close(&lg);
		return EXIT_REFUSED;
	}
	err_clear(&e);
	if (strcmp(op, "run") == 0)
		rc = do_run(o, s, &a, &e);
	else if (strcmp(op, "register") == 0)
		rc = do_register(s, &a, &e);
	else if (strcmp(op, "jobs") == 0)
		rc = do_jobs(s, &e);
	else if (strcmp(op, "show") == 0) {
		int64_t job;

		rc = job_arg(a.nops > 1 ? a.ops[1] : NULL, &job) == -1 ?
		    err_set(&e, E_USAGE, "job", NULL) : show_job(s, job, &e);
	} else
		rc = do_select(o, s, op, &a, &e);
	if (rc == -1 && !(e.code == E_DENIED && strcmp(e.detail,
	    "cancelled") == 0))
		cli_error(&e);
	auth_logout(&s, NULL);
	ledger_close(&lg);
	return rc == 0 ? EXIT_OK : cli_status(&e);
}
