/*
 * Subcommand dispatch and the helpers every subcommand shares: opening the
 * ledger, logging in from the command line, reading secrets, and turning
 * a struct err into a translated message and an exit status.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "auth.h"
#include "cli.h"
#include "cli_import.h"
#include "cli_ops.h"
#include "i18n.h"
#include "path.h"
#include "xmalloc.h"

static const struct {
	const char *name;
	int (*fn)(struct cli_opts *, int, char **);
	const char *help;
} commands[] = {
	{ "init", cli_init, N_("create a ledger with its first administrator") },
	{ "demo", cli_demo, N_("create a demo ledger with synthetic residents") },
	{ "user", cli_user, N_("manage accounts: add list disable unlock passwd grant revoke") },
	{ "import", cli_import, N_("import residents from the resident register (CSV or fixed-length)") },
	{ "media", cli_media, N_("register media for exports: register list retire (admin)") },
	{ "export", cli_export, N_("encrypted export of the resident master to a registered medium") },
	{ "decrypt", cli_decrypt, N_("decrypt an export file (operator)") },
	{ "notices", cli_notices, N_("batch notices: preview request check run show register") },
	{ "approve", cli_approve, N_("bulk-output approvals: request grant refuse list") },
	{ "purge", cli_purge, N_("retention purge of expired records, logs and backups (admin)") },
	{ "daily", cli_daily, N_("daily job: remove transient files, recover notice jobs cut short") },
	{ "backup", cli_backup, N_("encrypted full or differential backup; list the catalogue (admin)") },
	{ "migrate", cli_migrate, N_("back up, then bring an older ledger's schema up to date") },
	{ "restore", cli_restore, N_("rebuild the ledger from backups into a new file") },
	{ "terminal", cli_terminal, N_("register terminals: add list disable") },
	{ "audit", cli_audit, N_("verify or list the audit log") },
	{ "copy", cli_copy, N_("move a ledger to another engine: --from sqlite:PATH --to postgresql://... (admin)") },
	{ "setting", cli_setting, N_("show or change an administrator setting") },
	{ "check-number", cli_check_number, N_("check My Numbers' check digits") },
};

void
cli_usage(FILE *f)
{
	size_t i;

	fprintf(f, _("usage: madoguchi [--db PATH] [-f CONFIG] [SUBCOMMAND ...]\n"
	    "Without a subcommand the counter screen starts.\n\n"
	    "Subcommands:\n"));
	for (i = 0; i < sizeof commands / sizeof commands[0]; i++)
		fprintf(f, "  %-13s %s\n", commands[i].name, _(commands[i].help));
	fprintf(f, _("\nOptions:\n"
	    "  --db PATH      ledger database (default $XDG_DATA_HOME/madoguchi/ledger.db)\n"
	    "  -f CONFIG      configuration file (default $XDG_CONFIG_HOME/madoguchi/config)\n"
	    "  --help         show this help; SUBCOMMAND --help for its own\n"
	    "  --version      show the version\n"));
}

/*
 * Take --db PATH (or --db=PATH) out of a subcommand's arguments, so that
 * `madoguchi demo --db PATH` works like `madoguchi --db PATH demo`.
 */
static int
take_db(struct cli_opts *o, int *argc, char **argv)
{
	int i, j, skip;

	for (i = 1; i < *argc; i++) {
		if (strcmp(argv[i], "--") == 0)
			break;
		skip = 0;
		if (strcmp(argv[i], "--db") == 0) {
			if (i + 1 >= *argc) {
				fprintf(stderr, _("madoguchi: --db needs a path\n"));
				return -1;
			}
			o->db = argv[i + 1];
			skip = 2;
		} else if (strncmp(argv[i], "--db=", 5) == 0) {
			o->db = argv[i] + 5;
			skip = 1;
		}
		if (skip) {
			for (j = i; j + skip <= *argc; j++)
				argv[j] = argv[j + skip];
			*argc -= skip;
			i--;
		}
	}
	return 0;
}

int
cli_run(struct cli_opts *o, int argc, char **argv)
{
	size_t i;

	if (take_db(o, &argc, argv) == -1)
		return EXIT_USAGE;
	for (i = 0; i < sizeof commands / sizeof commands[0]; i++)
		if (strcmp(argv[0], commands[i].name) == 0)
			return commands[i].fn(o, argc, argv);
	fprintf(stderr, _("madoguchi: unknown subcommand '%s'\n"), argv[0]);
	cli_usage(stderr);
	return EXIT_USAGE;
}

int
cli_status(const struct err *e)
{
	return e->code == E_USAGE ? EXIT_USAGE : EXIT_REFUSED;
}

void
cli_error(const struct err *e)
{
	fprintf(stderr, "madoguchi: %s", _(err_message(e->code)));
	if (e->field[0] != '\0')
		fprintf(stderr, " [%s]", e->field);
	if (e->detail[0] != '\0')
		fprintf(stderr, " (%s)", e->detail);
	fputc('\n', stderr);
}

struct ledger *
cli_open(struct cli_opts *o)
{
	struct ledger *lg;
	struct err e;
	char *def = NULL;

	err_clear(&e);
	if (o->db == NULL)
		o->db = def = path_default_db();
	lg = ledger_open(o->db, o->cfg, &e);
	if (lg == NULL)
		cli_error(&e);
	if (def != NULL) {
		o->db = NULL;
		free(def);
	}
	return lg;
}

char *
cli_read_secret(const char *prompt, int from_stdin)
{
	struct termios old, quiet;
	char buf[512];
	FILE *in = stdin;
	int tty = 0;
	size_t n;

	if (!from_stdin) {
		if ((in = fopen("/dev/tty", "r+")) == NULL) {
			fprintf(stderr, _("madoguchi: no terminal to read the "
			    "password from; use --password-stdin\n"));
			return NULL;
		}
		fprintf(in, "%s", prompt);
		fflush(in);
		if (tcgetattr(fileno(in), &old) == 0) {
			quiet = old;
			quiet.c_lflag &= ~(tcflag_t)ECHO;
			tty = tcsetattr(fileno(in), TCSAFLUSH, &quiet) == 0;
		}
	}
	if (fgets(buf, sizeof buf, in) == NULL)
		buf[0] = '\0';
	if (tty) {
		tcsetattr(fileno(in), TCSAFLUSH, &old);
		fputc('\n', in);
	}
	if (in != stdin)
		fclose(in);
	n = strcspn(buf, "\r\n");
	buf[n] = '\0';
	{
		char *s = xstrdup(buf);

		xwipe(buf, sizeof buf);
		return s;
	}
}

struct session *
cli_login(struct ledger *lg, const char *user, int pw_stdin)
{
	struct session *s;
	struct err e;
	char *pw, *prompt;

	if (user == NULL || *user == '\0') {
		fprintf(stderr, _("madoguchi: this subcommand needs --user NAME\n"));
		return NULL;
	}
	prompt = xasprintf(_("Password for %s: "), user);
	pw = cli_read_secret(prompt, pw_stdin);
	free(prompt);
	if (pw == NULL)
		return NULL;
	err_clear(&e);
	s = auth_login(lg, user, pw, &e);
	xfree_secret(&pw);
	if (s == NULL) {
		cli_error(&e);
		return NULL;
	}
	snprintf(s->category, sizeof s->category, "cli");
	if (s->must_change) {
		fprintf(stderr, "madoguchi: %s\n", _(err_message(E_AUTH_EXPIRED)));
		fprintf(stderr, _("Change it with: madoguchi user passwd --self --user %s\n"),
		    user);
	}
	return s;
}
