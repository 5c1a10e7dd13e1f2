/*
 * `madoguchi user ...` and `madoguchi terminal ...`: account and terminal
 * administration from the command line.  The acting user logs in with
 * --user; further secrets (a new password) are read the same way, from
 * the terminal or, with --password-stdin, from the next input lines.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth.h"
#include "cli.h"
#include "i18n.h"
#include "users.h"
#include "xmalloc.h"

struct user_args {
	const char *user;
	const char *name;
	const char *reason;
	int pw_stdin;
	int self;
	int help;
};

/* Parse the options common to the account subcommands; -1 on error. */
static int
parse(int argc, char **argv, struct user_args *a)
{
	static const struct option longopts[] = {
		{ "user", required_argument, NULL, 'u' },
		{ "password-stdin", no_argument, NULL, 'p' },
		{ "name", required_argument, NULL, 'n' },
		{ "reason", required_argument, NULL, 'r' },
		{ "self", no_argument, NULL, 's' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	int c;

	memset(a, 0, sizeof *a);
	optind = 0;
	while ((c = getopt_long(argc, argv, "u:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'u': a->user = optarg; break;
		case 'p': a->pw_stdin = 1; break;
		case 'n': a->name = optarg; break;
		case 'r': a->reason = optarg; break;
		case 's': a->self = 1; break;
		case 'h': a->help = 1; break;
		default: return -1;
		}
	}
	return 0;
}

static void
user_usage(FILE *f)
{
	fprintf(f, _("usage: madoguchi user add LOGIN [--name NAME] --user ADMIN\n"
	    "       madoguchi user list --user ADMIN\n"
	    "       madoguchi user disable LOGIN --reason TEXT --user ADMIN\n"
	    "       madoguchi user unlock LOGIN --user ADMIN\n"
	    "       madoguchi user passwd LOGIN --user ADMIN   (reset; changed at next login)\n"
	    "       madoguchi user passwd --self --user LOGIN  (change your own)\n"
	    "       madoguchi user grant LOGIN ROLE [LEDGER...] --user ADMIN\n"
	    "       madoguchi user revoke LOGIN ROLE [LEDGER...] --user ADMIN\n"
	    "Roles: clerk supervisor operator auditor admin.\n"
	    "Ledgers: resident child elderly vaccine system, or all (the four business ledgers).\n"
	    "Add --password-stdin to read passwords as lines of standard input.\n"));
}

/* Read a new password twice (once from stdin); NULL on mismatch. */
static char *
new_password(const char *login, int pw_stdin)
{
	char *prompt = xasprintf(_("New password for %s: "), login);
	char *p1 = cli_read_secret(prompt, pw_stdin), *p2;
	struct err e;

	free(prompt);
	if (p1 == NULL || pw_stdin)
		return p1;
	p2 = cli_read_secret(_("Repeat the new password: "), 0);
	if (p2 == NULL || strcmp(p1, p2) != 0) {
		err_set(&e, E_PW_MISMATCH, "password", NULL);
		cli_error(&e);
		xfree_secret(&p1);
	}
	xfree_secret(&p2);
	return p1;
}

static int
print_user(void *ctx, const struct users_entry *en)
{
	(void)ctx;
	printf("%-16s %-9s %-19s %-19s %s\n", en->user->login, _(en->status),
	    en->user->last_login_at[0] ? en->user->last_login_at : "-",
	    en->user->pw_changed_at, en->roles[0] ? en->roles : "-");
	return 0;
}

/* Apply grant or revoke of role over the listed ledgers. */
static int
grants(struct session *s, int add, const char *login, const char *rname,
    char **ledgers, int n, struct err *e)
{
	static const enum ledger_id business[] = { LEDGER_RESIDENT, LEDGER_CHILD,
	    LEDGER_ELDERLY, LEDGER_VACCINE };
	enum role r;
	enum ledger_id l;
	int i, j;

	if (role_from_name(rname, &r) == -1)
		return err_set(e, E_USAGE, "role", "unknown role '%s'", rname);
	if (n == 0) {
		if (r != ROLE_ADMIN && r != ROLE_AUDITOR)
			return err_set(e, E_USAGE, "ledger", "name the ledgers");
		l = LEDGER_SYSTEM;
		return (add ? users_grant : users_revoke)(s, login, r, l, e);
	}
	for (i = 0; i < n; i++) {
		if (strcmp(ledgers[i], "all") == 0) {
			for (j = 0; j < 4; j++)
				if ((add ? users_grant : users_revoke)(s, login, r,
				    business[j], e) == -1)
					return -1;
			continue;
		}
		if (ledger_from_name(ledgers[i], &l) == -1)
			return err_set(e, E_USAGE, "ledger", "unknown ledger '%s'",
			    ledgers[i]);
		if ((add ? users_grant : users_revoke)(s, login, r, l, e) == -1)
			return -1;
	}
	return 0;
}

int
cli_user(struct cli_opts *o, int argc, char **argv)
{
	struct user_args a;
	struct ledger *lg = NULL;
	struct session *s = NULL;
	struct err e;
	const char *verb, *login;
	char *pw = NULL, *old = NULL;
	int rc = -1, nargs;
	char **args;

	if (parse(argc, argv, &a) == -1 || a.help || optind >= argc) {
		user_usage(a.help ? stdout : stderr);
		return a.help ? EXIT_OK : EXIT_USAGE;
	}
	verb = argv[optind];
	args = argv + optind + 1;
	nargs = argc - optind - 1;
	login = nargs > 0 ? args[0] : NULL;
	err_clear(&e);
	if (strcmp(verb, "list") != 0 && !(strcmp(verb, "passwd") == 0 && a.self) &&
	    login == NULL) {
		user_usage(stderr);
		return EXIT_USAGE;
	}
	if ((lg = cli_open(o)) == NULL)
		return EXIT_REFUSED;
	if ((s = cli_login(lg, a.user, a.pw_stdin)) == NULL)
		goto out;

	if (strcmp(verb, "add") == 0) {
		if ((pw = new_password(login, a.pw_stdin)) != NULL)
			rc = users_add(s, login, a.name, pw, &e);
	} else if (strcmp(verb, "list") == 0) {
		rc = users_list(s, print_user, NULL, &e);
	} else if (strcmp(verb, "disable") == 0) {
		rc = users_disable(s, login, a.reason, &e);
	} else if (strcmp(verb, "unlock") == 0) {
		rc = users_unlock(s, login, &e);
	} else if (strcmp(verb, "passwd") == 0 && a.self) {
		old = cli_read_secret(_("Current password: "), a.pw_stdin);
		if (old != NULL && (pw = new_password(s->user.login, a.pw_stdin)) != NULL)
			rc = auth_change_password(s, old, pw, &e);
	} else if (strcmp(verb, "passwd") == 0) {
		if ((pw = new_password(login, a.pw_stdin)) != NULL)
			rc = users_reset_password(s, login, pw, &e);
	} else if (strcmp(verb, "grant") == 0 || strcmp(verb, "revoke") == 0) {
		if (nargs < 2) {
			user_usage(stderr);
			rc = -2;
		} else
			rc = grants(s, strcmp(verb, "grant") == 0, login, args[1],
			    args + 2, nargs - 2, &e);
	} else {
		fprintf(stderr, _("madoguchi: unknown user command '%s'\n"), verb);
		rc = -2;
	}
	if (rc == -1 && e.code != E_OK)
		cli_error(&e);
out:
	xfree_secret(&pw);
	xfree_secret(&old);
	auth_logout(&s, NULL);
	ledger_close(&lg);
	if (rc == -2)
		return EXIT_USAGE;
	return rc == 0 ? EXIT_OK : (e.code == E_USAGE ? EXIT_USAGE : EXIT_REFUSED);
}

static int
print_terminal(void *ctx, const struct db_terminal *t)
{
	(void)ctx;
	printf("%-16s %-8s %-19s %-12s %s\n", t->id,
	    t->active ? _("active") : _("disabled"), t->registered_at,
	    t->registered_by, t->description);
	return 0;
}

int
cli_terminal(struct cli_opts *o, int argc, char **argv)
{
	struct user_args a;
	struct ledger *lg;
	struct session *s = NULL;
	struct err e;
	const char *verb, *id;
	int rc = -1;

	if (parse(argc, argv, &a) == -1 || a.help || optind >= argc) {
		fprintf(a.help ? stdout : stderr,
		    _("usage: madoguchi terminal add ID [--name TEXT] --user ADMIN\n"
		    "       madoguchi terminal list --user ADMIN\n"
		    "       madoguchi terminal disable ID --user ADMIN\n"));
		return a.help ? EXIT_OK : EXIT_USAGE;
	}
	verb = argv[optind];
	id = optind + 1 < argc ? argv[optind + 1] : NULL;
	if (strcmp(verb, "list") != 0 && id == NULL) {
		fprintf(stderr, _("madoguchi: terminal %s needs an ID\n"), verb);
		return EXIT_USAGE;
	}
	if (strcmp(verb, "list") != 0 && strcmp(verb, "add") != 0 &&
	    strcmp(verb, "disable") != 0) {
		fprintf(stderr, _("madoguchi: unknown terminal command '%s'\n"), verb);
		return EXIT_USAGE;
	}
	err_clear(&e);
	if ((lg = cli_open(o)) == NULL)
		return EXIT_REFUSED;
	if ((s = cli_login(lg, a.user, a.pw_stdin)) != NULL) {
		if (strcmp(verb, "add") == 0)
			rc = users_terminal_add(s, id, a.name, &e);
		else if (strcmp(verb, "disable") == 0)
			rc = users_terminal_disable(s, id, &e);
		else
			rc = users_terminal_list(s, print_terminal, NULL, &e);
		if (rc == -1)
			cli_error(&e);
	}
	auth_logout(&s, NULL);
	ledger_close(&lg);
	return rc == 0 ? EXIT_OK : cli_status(&e);
}
