/*
 * `madoguchi purge [--dry-run] [--approval ID] [--list]`:
 * counts per ledger and, with --list, the keys (never names) of what
 * goes and what is kept and why.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth.h"
#include "cli_ops.h"
#include "i18n.h"
#include "purge.h"

static void
purge_usage(FILE *f)
{
	fprintf(f, _("usage: madoguchi purge [--dry-run] [--list] [--approval ID]\n"
	    "                       --user NAME [--password-stdin]\n"
	    "Deletes the records, audit rows and backups past their retention\n"
	    "(admin).  The real run needs a supervisor's approval: madoguchi approve\n"
	    "request --kind purge --count N --purpose TEXT, then approve grant ID.\n"));
}

static void
print_item(void *ctx, const struct db_expired *x, const char *status)
{
	(void)ctx;
	printf("  %-8s %-20s versions=%d since=%s %s\n", x->ledger, x->key,
	    x->versions, x->basis, status);
}

int
cli_purge(struct cli_opts *o, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "dry-run", no_argument, NULL, 'n' },
		{ "list", no_argument, NULL, 'l' },
		{ "approval", required_argument, NULL, 'a' },
		{ "user", required_argument, NULL, 'u' },
		{ "password-stdin", no_argument, NULL, 'p' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct purge_opts po;
	struct purge_report rep;
	struct ledger *lg;
	struct session *s;
	struct err e;
	const char *user = NULL;
	int c, pw_stdin = 0, list = 0, rc, i;

	memset(&po, 0, sizeof po);
	optind = 0;
	while ((c = getopt_long(argc, argv, "u:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'n': po.dry_run = 1; break;
		case 'l': list = 1; break;
		case 'a': po.approval_id = atoll(optarg); break;
		case 'u': user = optarg; break;
		case 'p': pw_stdin = 1; break;
		case 'h': purge_usage(stdout); return EXIT_OK;
		default: purge_usage(stderr); return EXIT_USAGE;
		}
	}
	if (optind != argc) {
		purge_usage(stderr);
		return EXIT_USAGE;
	}
	if (list)
		po.item = print_item;
	if ((lg = cli_open(o)) == NULL)
		return EXIT_REFUSED;
	if ((s = cli_login(lg, user, pw_stdin)) == NULL) {
		ledger_close(&lg);
		return EXIT_REFUSED;
	}
	err_clear(&e);
	rc = purge_run(s, &po, &rep, &e);
	if (rc == 0 || rep.run_id[0] != '\0') {
		printf(_("%s run %s\n"), po.dry_run ? _("purge dry run") : _("purge"),
		    rep.run_id);
		for (i = 0; i < PURGE_LEDGERS; i++)
			printf(_("  %-8s before %s: %lld expired, %lld deleted, kept: "
			    "%lld pending, %lld 疑義, %lld on hold\n"),
			    rep.ledgers[i].ledger, rep.ledgers[i].cutoff,
			    (long long)rep.ledgers[i].expired,
			    (long long)rep.ledgers[i].deleted,
			    (long long)rep.ledgers[i].kept_pending,
			    (long long)rep.ledgers[i].kept_doubt,
			    (long long)rep.ledgers[i].kept_hold);
		printf(_("  audit    before %s: %lld rows%s%lld\n"), rep.audit_cutoff,
		    (long long)rep.audit_rows, rep.anchor_seq ?
		    _(", chain anchored at row ") : _(", anchor "),
		    (long long)rep.anchor_seq);
		printf(_("  backups  before %s: %lld\n"), rep.backup_cutoff,
		    (long long)rep.backups);
	}
	if (rc == -1)
		cli_error(&e);
	auth_logout(&s, NULL);
	ledger_close(&lg);
	return rc == 0 ? EXIT_OK : cli_status(&e);
}
