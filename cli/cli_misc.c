/*
 * Small subcommands: check-number (My Number check digits, for scripts),
 * init (a new ledger and its first administrator) and setting.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth.h"
#include "cli.h"
#include "i18n.h"
#include "mynumber.h"
#include "users.h"
#include "xmalloc.h"

int
cli_check_number(struct cli_opts *o, int argc, char **argv)
{
	char digits[MYNUMBER_LEN + 1], masked[16];
	struct err e;
	int i, rc, status = EXIT_OK;

	(void)o;
	if (argc < 2 || strcmp(argv[1], "--help") == 0) {
		fprintf(argc < 2 ? stderr : stdout,
		    _("usage: madoguchi check-number NUMBER...\n"
		    "Prints valid or invalid for each argument (shown masked) and\n"
		    "exits 0 only when all are valid.\n"));
		return argc < 2 ? EXIT_USAGE : EXIT_OK;
	}
	for (i = 1; i < argc; i++) {
		err_clear(&e);
		rc = mynumber_validate(argv[i], digits, &e);
		mynumber_mask(digits, masked);
		if (masked[0] == '\0')
			snprintf(masked, sizeof masked, "-");
		if (rc == 0)
			printf(_("#%d %s: valid\n"), i, masked);
		else if (rc == 1)
			printf(_("#%d %s: valid (alert: %s)\n"), i, masked,
			    _(err_message(e.code)));
		else {
			printf(_("#%d %s: invalid: %s\n"), i, masked,
			    _(err_message(e.code)));
			status = EXIT_REFUSED;
		}
	}
	return status;
}

int
cli_init(struct cli_opts *o, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "admin", required_argument, NULL, 'a' },
		{ "password-stdin", no_argument, NULL, 'p' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *admin = NULL;
	struct ledger *lg;
	struct err e;
	char *pw = NULL, *pw2 = NULL;
	int c, pw_stdin = 0, rc = -1;

	optind = 0;
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case 'a': admin = optarg; break;
		case 'p': pw_stdin = 1; break;
		case 'h':
			printf(_("usage: madoguchi init --admin LOGIN [--password-stdin]\n"
			    "Creates the ledger (if missing), its first administrator and\n"
			    "registers this terminal.\n"));
			return EXIT_OK;
		default: return EXIT_USAGE;
		}
	}
	if (admin == NULL) {
		fprintf(stderr, _("madoguchi: init needs --admin LOGIN\n"));
		return EXIT_USAGE;
	}
	if ((lg = cli_open(o)) == NULL)
		return EXIT_REFUSED;
	err_clear(&e);
	pw = cli_read_secret(_("Password for the new administrator: "), pw_stdin);
	if (pw != NULL && !pw_stdin) {
		pw2 = cli_read_secret(_("Repeat the password: "), 0);
		if (pw2 == NULL || strcmp(pw, pw2) != 0) {
			err_set(&e, E_PW_MISMATCH, "password", NULL);
			xfree_secret(&pw);
		}
	}
	if (pw != NULL)
		rc = users_bootstrap(lg, admin, pw, &e);
	if (rc == -1)
		cli_error(&e);
	else
		printf(_("ledger ready; administrator %s, terminal %s registered\n"),
		    admin, ledger_terminal(lg));
	xfree_secret(&pw);
	xfree_secret(&pw2);
	ledger_close(&lg);
	return rc == 0 ? EXIT_OK : cli_status(&e);
}

int
cli_setting(struct cli_opts *o, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "user", required_argument, NULL, 'u' },
		{ "password-stdin", no_argument, NULL, 'p' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *user = NULL;
	struct ledger *lg;
	struct session *s;
	struct err e;
	int c, pw_stdin = 0, rc = -1;

	optind = 0;
	while ((c = getopt_long(argc, argv, "u:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'u': user = optarg; break;
		case 'p': pw_stdin = 1; break;
		case 'h':
			printf(_("usage: madoguchi setting set KEY VALUE --user ADMIN\n"));
			return EXIT_OK;
		default: return EXIT_USAGE;
		}
	}
	if (argc - optind != 3 || strcmp(argv[optind], "set") != 0) {
		fprintf(stderr, _("usage: madoguchi setting set KEY VALUE --user ADMIN\n"));
		return EXIT_USAGE;
	}
	if ((lg = cli_open(o)) == NULL)
		return EXIT_REFUSED;
	err_clear(&e);
	if ((s = cli_login(lg, user, pw_stdin)) != NULL) {
		rc = ledger_setting_put(s, argv[optind + 1], argv[optind + 2], &e);
		if (rc == -1)
			cli_error(&e);
	}
	auth_logout(&s, NULL);
	ledger_close(&lg);
	return rc == 0 ? EXIT_OK : EXIT_REFUSED;
}
