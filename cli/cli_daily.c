/*
 * `madoguchi daily`: the daily job of R-51, for cron or a systemd timer.
 * It does what every start of the program does (transient.h): notice
 * jobs cut short are marked failed and their partial files removed, and
 * transient files past their business day are deleted, each with its
 * audit row.  It needs no login: it only removes what is due anyway, and
 * writes its audit rows as "(daily)".
 */
#include <getopt.h>
#include <stdio.h>

#include "cli.h"
#include "i18n.h"
#include "transient.h"

static void
daily_usage(FILE *f)
{
	fprintf(f, _("usage: madoguchi daily\n"
	    "Marks notice jobs cut short as failed and removes their partial\n"
	    "files, and deletes spool, staging and work files one business day\n"
	    "old (weekends, 29 December - 3 January and the holiday table\n"
	    "skipped), each deletion in the audit log.\n"));
}

int
cli_daily(struct cli_opts *o, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const struct transient_report *st;
	struct transient_report rep;
	struct ledger *lg;
	struct err e;
	int c, rc;

	optind = 0;
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case 'h': daily_usage(stdout); return EXIT_OK;
		default: daily_usage(stderr); return EXIT_USAGE;
		}
	}
	if (optind != argc) {
		daily_usage(stderr);
		return EXIT_USAGE;
	}
	if ((lg = cli_open(o)) == NULL)
		return EXIT_REFUSED;
	err_clear(&e);
	rc = transient_clean(lg, NULL, "(daily)", &rep, &e);
	ledger_close(&lg);
	if (rc == -1) {
		cli_error(&e);
		return cli_status(&e);
	}
	/* Opening the ledger may have done the work already. */
	st = transient_startup_report();
	printf(_("notice jobs marked failed (cut short): %ld\n"),
	    rep.jobs.interrupted + st->jobs.interrupted);
	printf(_("registered notice files put in place: %ld\n"),
	    rep.jobs.completed + st->jobs.completed);
	printf(_("partial notice files removed: %ld\n"),
	    rep.jobs.files + st->jobs.files);
	printf(_("transient files removed: %ld\n"), rep.removed + st->removed);
	printf(_("transient files not yet due: %ld\n"), rep.kept);
	if (rep.failed > 0) {
		fprintf(stderr, _("madoguchi: %ld transient files could not be "
		    "removed\n"), rep.failed);
		return EXIT_REFUSED;
	}
	return EXIT_OK;
}
