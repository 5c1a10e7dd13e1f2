/*
 * `madoguchi demo`: create a demo ledger on a new database — the seven
 * demo accounts (password "demo-" + name) and a synthetic population of
 * Kyoto-city residents — and print what was made.  The demo credentials
 * are meant to be printed; no resident data is.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "auth.h"
#include "cli.h"
#include "demo.h"
#include "i18n.h"
#include "users.h"
#include "width.h"

#define DEMO_RESIDENTS 240
#define DEMO_SEED 1
#define DEMO_MAX_RESIDENTS 10000000LL

static void
demo_usage(FILE *f)
{
	fprintf(f, _("usage: madoguchi demo [--db PATH] [--residents N] [--seed S]\n"
	    "Creates a demo ledger on a database without users: the accounts\n"
	    "clerk, clerk2, supervisor, supervisor2, operator, auditor and admin\n"
	    "(password \"demo-\" followed by the name) and N synthetic residents\n"
	    "(default %d) generated from seed S (default %d).\n"), DEMO_RESIDENTS,
	    DEMO_SEED);
}

/* A whole number in [0, max] from s; -1 when it is not one. */
static long long
parse_count(const char *s, long long max)
{
	char *end;
	long long v;

	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno != 0 || *end != '\0' || v > max)
		return -1;
	return v;
}

/* A bar on standard error, redrawn in place. */
static void
show_progress(void *ctx, int64_t done, int64_t n)
{
	int width = 30, filled = n > 0 ? (int)(done * width / n) : width;

	(void)ctx;
	fprintf(stderr, "\r%s [%.*s%*s] %3d%%", _("residents"), filled,
	    "##############################", width - filled, "",
	    n > 0 ? (int)(done * 100 / n) : 100);
	if (done >= n)
		fputc('\n', stderr);
	fflush(stderr);
}

static int
print_account(void *ctx, const struct users_entry *en)
{
	int pad = 14 - width_str(en->user->display_name);

	(void)ctx;
	printf("  %-12s %s%*s %s\n", en->user->login, en->user->display_name,
	    pad > 0 ? pad : 0, "", en->roles);
	return 0;
}

/* List the accounts as stored, read through an admin session. */
static int
list_accounts(struct ledger *lg, struct err *e)
{
	struct session *s = auth_login(lg, "admin", "demo-admin", e);
	int rc;

	if (s == NULL)
		return -1;
	snprintf(s->category, sizeof s->category, "cli");
	printf(_("Accounts (the password is \"demo-\" followed by the name):\n"));
	rc = users_list(s, print_account, NULL, e);
	auth_logout(&s, NULL);
	return rc;
}

int
cli_demo(struct cli_opts *o, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "residents", required_argument, NULL, 'n' },
		{ "seed", required_argument, NULL, 's' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	long long n = DEMO_RESIDENTS, seed = DEMO_SEED;
	struct ledger *lg;
	struct err e;
	int c;

	optind = 0;
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case 'n':
			if ((n = parse_count(optarg, DEMO_MAX_RESIDENTS)) < 0) {
				fprintf(stderr, _("madoguchi: --residents needs a "
				    "number from 0 to %lld\n"), DEMO_MAX_RESIDENTS);
				return EXIT_USAGE;
			}
			break;
		case 's':
			if ((seed = parse_count(optarg, 4294967295LL)) < 0) {
				fprintf(stderr, _("madoguchi: --seed needs a number "
				    "from 0 to 4294967295\n"));
				return EXIT_USAGE;
			}
			break;
		case 'h':
			demo_usage(stdout);
			return EXIT_OK;
		default:
			demo_usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (optind < argc) {
		demo_usage(stderr);
		return EXIT_USAGE;
	}
	if ((lg = cli_open(o)) == NULL)
		return EXIT_REFUSED;
	err_clear(&e);
	if (demo_accounts(lg, &e) == -1) {
		if (e.code == E_EXISTS)
			fprintf(stderr, _("madoguchi: %s already has users; a demo "
			    "ledger is made only on a new database\n"),
			    ledger_file(lg) ? ledger_file(lg) : ":memory:");
		else
			cli_error(&e);
		ledger_close(&lg);
		return EXIT_REFUSED;
	}
	if (demo_residents(lg, (uint32_t)seed, n, "admin",
	    isatty(STDERR_FILENO) ? show_progress : NULL, NULL, &e) == -1) {
		cli_error(&e);
		ledger_close(&lg);
		return EXIT_REFUSED;
	}
	printf(_("Demo ledger ready: %s\n"), ledger_file(lg) ? ledger_file(lg) :
	    ":memory:");
	printf(_("Terminal %s registered; %lld synthetic residents (seed %lld).\n"),
	    ledger_terminal(lg), n, seed);
	if (list_accounts(lg, &e) == -1) {
		cli_error(&e);
		ledger_close(&lg);
		return EXIT_REFUSED;
	}
	printf(_("Accounts log in only at this terminal ID: start the program\n"
	    "with MADOGUCHI_TERMINAL=%s (or terminal_id = %s in the config).\n"),
	    ledger_terminal(lg), ledger_terminal(lg));
	ledger_close(&lg);
	return EXIT_OK;
}
