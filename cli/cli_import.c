/*
 * `madoguchi import residents FILE --encoding ENC [--format csv|fixed]
 * [--skip-bad --errors FILE] [--ignore-unknown] [--accept-alerts]
 * --user NAME [--password-stdin]`.  Problems are printed one a line as
 * "line N: COLUMN: reason" — never a value from the file.  A progress bar
 * goes to standard error when it is a terminal.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "auth.h"
#include "cli_import.h"
#include "i18n.h"
#include "import.h"
#include "width.h"

#define REPORT_MAX 1000		/* problems printed before summarising */

struct report {
	int64_t shown, more;
	int tty, bar;		/* stderr is a terminal; a bar is drawn */
};

static void
usage(FILE *f)
{
	const struct import_fixed_field *l;
	size_t n, i;

	fprintf(f, _("usage: madoguchi import residents FILE --encoding cp932|utf-8|shift_jisx0213\n"
	    "           [--format csv|fixed] [--skip-bad --errors ERRFILE]\n"
	    "           [--ignore-unknown] [--accept-alerts] --user NAME [--password-stdin]\n"
	    "Imports the resident master (operator role on the resident ledger).\n"
	    "By default one bad record refuses the whole file.  With --skip-bad the\n"
	    "good records are committed and the bad ones written to ERRFILE (mode\n"
	    "0600): it holds personal data, handle it like the source file.\n"
	    "Fixed layout: CP932, %d bytes + CR LF a record:\n"), import_fixed_width());
	l = import_fixed_layout(&n);
	fprintf(f, _("  field       offset bytes\n"));
	for (i = 0; i < n; i++)
		fprintf(f, "  %s%*s %5d %5d\n", l[i].name,
		    10 - width_str(l[i].name), "", l[i].offset, l[i].length);
}

static const char *
translated(enum err_code c)
{
	return _(err_message(c));
}

static void
clear_bar(struct report *r)
{
	if (r->bar) {
		fputs("\r\033[K", stderr);
		r->bar = 0;
	}
}

static void
on_problem(void *ctx, const struct import_problem *p)
{
	struct report *r = ctx;

	if (r->shown >= REPORT_MAX) {
		r->more++;
		return;
	}
	r->shown++;
	clear_bar(r);
	if (p->line > 0)
		fprintf(stderr, _("line %lld: "), (long long)p->line);
	if (p->field[0] != '\0')
		fprintf(stderr, "%s: ", p->field);
	fputs(_(err_message(p->code)), stderr);
	if (p->detail[0] != '\0')
		fprintf(stderr, " (%s)", p->detail);
	fputc('\n', stderr);
}

static void
on_progress(void *ctx, int64_t done, int64_t total)
{
	struct report *r = ctx;
	int width = 40, fill;

	if (!r->tty || total <= 0)
		return;
	fill = (int)(done * width / total);
	fprintf(stderr, "\r[%-*.*s] %3d%% %lld", width, fill,
	    "########################################",
	    (int)(done * 100 / total), (long long)done);
	fflush(stderr);
	r->bar = 1;
}

int
cli_import(struct cli_opts *o, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "encoding", required_argument, NULL, 'e' },
		{ "format", required_argument, NULL, 'F' },
		{ "skip-bad", no_argument, NULL, 's' },
		{ "errors", required_argument, NULL, 'E' },
		{ "ignore-unknown", no_argument, NULL, 'i' },
		{ "accept-alerts", no_argument, NULL, 'a' },
		{ "user", required_argument, NULL, 'u' },
		{ "password-stdin", no_argument, NULL, 'p' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct import_opts io;
	struct import_result res;
	struct report rep = { 0, 0, 0, 0 };
	struct ledger *lg;
	struct session *s;
	struct err e;
	const char *user = NULL, *file;
	int c, pw_stdin = 0, rc;

	memset(&io, 0, sizeof io);
	io.format = IMPORT_CSV;
	optind = 0;	/* full re-initialisation: main's scan stopped at the
			 * subcommand, and options may follow the operands */
	while ((c = getopt_long(argc, argv, "u:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'e': io.encoding = optarg; break;
		case 'F':
			if (strcmp(optarg, "csv") == 0)
				io.format = IMPORT_CSV;
			else if (strcmp(optarg, "fixed") == 0)
				io.format = IMPORT_FIXED;
			else {
				fprintf(stderr, _("madoguchi: --format is csv or fixed\n"));
				return EXIT_USAGE;
			}
			break;
		case 's': io.skip_bad = 1; break;
		case 'E': io.errors_path = optarg; break;
		case 'i': io.ignore_unknown = 1; break;
		case 'a': io.accept_alerts = 1; break;
		case 'u': user = optarg; break;
		case 'p': pw_stdin = 1; break;
		case 'h': usage(stdout); return EXIT_OK;
		default: usage(stderr); return EXIT_USAGE;
		}
	}
	if (argc - optind != 2 || strcmp(argv[optind], "residents") != 0) {
		usage(stderr);
		return EXIT_USAGE;
	}
	file = argv[optind + 1];
	if (io.encoding == NULL && io.format == IMPORT_CSV) {
		fprintf(stderr, _("madoguchi: import needs --encoding cp932, utf-8 or shift_jisx0213\n"));
		return EXIT_USAGE;
	}
	if (io.skip_bad != (io.errors_path != NULL)) {
		fprintf(stderr, _("madoguchi: --skip-bad and --errors FILE go together\n"));
		return EXIT_USAGE;
	}
	if ((lg = cli_open(o)) == NULL)
		return EXIT_REFUSED;
	if ((s = cli_login(lg, user, pw_stdin)) == NULL) {
		ledger_close(&lg);
		return EXIT_REFUSED;
	}
	rep.tty = isatty(STDERR_FILENO);
	io.report = on_problem;
	io.progress = on_progress;
	io.message = translated;
	io.ctx = &rep;
	err_clear(&e);
	rc = import_run(s, file, &io, &res, &e);
	clear_bar(&rep);
	if (rep.more > 0)
		fprintf(stderr, _("... and %lld more problems\n"), (long long)rep.more);
	if (rc == 0) {
		printf(_("imported: %lld records, %lld accepted (%lld new, %lld updated, "
		    "%lld unchanged), %lld rejected\n"), (long long)res.total,
		    (long long)res.accepted, (long long)res.created,
		    (long long)res.updated, (long long)res.unchanged,
		    (long long)res.rejected);
		if (res.rejected > 0)
			printf(_("rejected records are in %s (personal data: "
			    "handle it like the source file)\n"), io.errors_path);
		printf(_("checksum (BLAKE2b-256): %s\n"), res.checksum);
	} else {
		cli_error(&e);
		if (res.total > 0)
			fprintf(stderr, _("madoguchi: nothing was imported (%lld records, "
			    "%lld rejected)\n"), (long long)res.total,
			    (long long)res.rejected);
	}
	auth_logout(&s, NULL);
	ledger_close(&lg);
	return rc == 0 ? EXIT_OK : cli_status(&e);
}
