/*
 * `madoguchi audit verify|list`: the auditor's view of the operation log.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "auth.h"
#include "cli.h"
#include "i18n.h"
#include "wareki.h"

static void
audit_usage(FILE *f)
{
	fprintf(f, _("usage: madoguchi audit verify --user NAME [--password-stdin]\n"
	    "       madoguchi audit list --user NAME [--by LOGIN] [--op OP]\n"
	    "                            [--target KEY] [--from DATE] [--to DATE] [--limit N]\n"
	    "DATE may be 西暦 (2024-04-01) or 和暦 (R6.4.1).\n"));
}

static int
print_row(void *ctx, const struct db_audit_row *r)
{
	(void)ctx;
	printf("%6lld %s %-12s %-10s %-14s %-8s %-16s %s%s%s\n",
	    (long long)r->seq, r->at, r->user_login, r->terminal, r->op,
	    r->outcome, r->target[0] ? r->target : "-", r->detail,
	    r->reason[0] ? " reason=" : "", r->reason);
	return 0;
}

/* Turn a user-typed date into "YYYY-MM-DD" in out; -1 on error. */
static int
iso_date(const char *in, char out[11], const char *opt)
{
	struct ymd d;
	struct err e;

	err_clear(&e);
	if (wareki_parse(in, &d, &e) == -1) {
		snprintf(e.field, sizeof e.field, "%s", opt);
		cli_error(&e);
		return -1;
	}
	ymd_to_iso(&d, out);
	return 0;
}

int
cli_audit(struct cli_opts *o, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "user", required_argument, NULL, 'u' },
		{ "password-stdin", no_argument, NULL, 'p' },
		{ "by", required_argument, NULL, 'b' },
		{ "op", required_argument, NULL, 'o' },
		{ "target", required_argument, NULL, 't' },
		{ "from", required_argument, NULL, 'F' },
		{ "to", required_argument, NULL, 'T' },
		{ "limit", required_argument, NULL, 'l' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct db_audit_filter f;
	struct audit_report rep;
	struct ledger *lg;
	struct session *s;
	struct err e;
	const char *user = NULL, *verb;
	char from[11], to[11];
	int c, pw_stdin = 0, rc;

	memset(&f, 0, sizeof f);
	optind = 0;
	while ((c = getopt_long(argc, argv, "u:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'u': user = optarg; break;
		case 'p': pw_stdin = 1; break;
		case 'b': f.user_login = optarg; break;
		case 'o': f.op = optarg; break;
		case 't': f.target = optarg; break;
		case 'F':
			if (iso_date(optarg, from, "--from") == -1)
				return EXIT_REFUSED;
			f.from = from;
			break;
		case 'T':
			if (iso_date(optarg, to, "--to") == -1)
				return EXIT_REFUSED;
			f.to = to;
			break;
		case 'l': f.limit = atoll(optarg); break;
		case 'h': audit_usage(stdout); return EXIT_OK;
		default: audit_usage(stderr); return EXIT_USAGE;
		}
	}
	if (optind >= argc || (strcmp(argv[optind], "verify") != 0 &&
	    strcmp(argv[optind], "list") != 0)) {
		audit_usage(stderr);
		return EXIT_USAGE;
	}
	verb = argv[optind];
	if ((lg = cli_open(o)) == NULL)
		return EXIT_REFUSED;
	if ((s = cli_login(lg, user, pw_stdin)) == NULL) {
		ledger_close(&lg);
		return EXIT_REFUSED;
	}
	err_clear(&e);
	if (strcmp(verb, "verify") == 0) {
		rc = audit_verify(s, &rep, &e);
		if (rc == 0)
			printf(_("audit log intact: %lld rows, checkpoint at row %lld\n"),
			    (long long)rep.rows, (long long)rep.checkpoint_seq);
		else if (rep.bad_seq != 0)
			printf(_("audit log BROKEN at row %lld: %s\n"),
			    (long long)rep.bad_seq, rep.problem);
		else
			cli_error(&e);
	} else {
		rc = audit_list(s, &f, print_row, NULL, &e);
		if (rc == -1)
			cli_error(&e);
	}
	auth_logout(&s, NULL);
	ledger_close(&lg);
	return rc == 0 ? EXIT_OK : EXIT_REFUSED;
}
