/*
 * `madoguchi copy --from SOURCE --to TARGET --user ADMIN`: move a ledger
 * to another engine (e.g. a SQLite file to a PostgreSQL server), audit
 * chain included.  The admin authenticates against the source.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth.h"
#include "cli.h"
#include "copy.h"
#include "i18n.h"

static void
copy_usage(FILE *f)
{
	fprintf(f, _("usage: madoguchi copy --from SOURCE --to TARGET --user ADMIN "
	    "[--password-stdin]\n"
	    "  SOURCE, TARGET: sqlite:PATH, a file, or postgresql://...\n"
	    "  The target must be empty; its schema is created there.\n"));
}

int
cli_copy(struct cli_opts *o, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "from", required_argument, NULL, 'f' },
		{ "to", required_argument, NULL, 't' },
		{ "user", required_argument, NULL, 'u' },
		{ "password-stdin", no_argument, NULL, 'p' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct cli_opts src = *o;
	struct ledger *lg;
	struct session *s;
	const char *from = NULL, *to = NULL, *user = NULL;
	struct err e;
	int64_t rows;
	int c, pw_stdin = 0, rc;

	optind = 0;
	while ((c = getopt_long(argc, argv, "u:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'f': from = optarg; break;
		case 't': to = optarg; break;
		case 'u': user = optarg; break;
		case 'p': pw_stdin = 1; break;
		case 'h': copy_usage(stdout); return EXIT_OK;
		default: copy_usage(stderr); return EXIT_USAGE;
		}
	}
	if (from == NULL || to == NULL || optind != argc) {
		copy_usage(stderr);
		return EXIT_USAGE;
	}
	src.db = from;
	if ((lg = cli_open(&src)) == NULL)
		return EXIT_REFUSED;
	if ((s = cli_login(lg, user, pw_stdin)) == NULL) {
		ledger_close(&lg);
		return EXIT_REFUSED;
	}
	err_clear(&e);
	rc = copy_ledger(s, to, &rows, &e);
	if (rc == 0)
		printf(_("Copied %lld rows to %s; run `madoguchi --db TARGET "
		    "audit verify` there.\n"), (long long)rows, to);
	else
		cli_error(&e);
	auth_logout(&s, "logout");
	ledger_close(&lg);
	return rc == 0 ? EXIT_OK : cli_status(&e);
}
