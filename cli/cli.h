/*
 * Batch and admin subcommands.  Each returns the process exit status:
 * 0 success, 1 refused or invalid input, 2 usage error.
 */
#ifndef MADOGUCHI_CLI_H
#define MADOGUCHI_CLI_H

#include "config.h"
#include "err.h"
#include "ledger.h"

enum { EXIT_OK = 0, EXIT_REFUSED = 1, EXIT_USAGE = 2 };

/* Global options shared by every subcommand. */
struct cli_opts {
	const char *db;		/* --db PATH (NULL = XDG default) */
	const char *config;	/* -f FILE (NULL = XDG default) */
	struct config *cfg;	/* loaded configuration */
};

/* Run subcommand argv[0] with its arguments. */
int cli_run(struct cli_opts *, int argc, char **argv);
/* Print the top-level usage to f. */
void cli_usage(FILE *f);

/* Shared helpers (cli.c). */
/* Print "madoguchi: <translated message>" with field and detail. */
void cli_error(const struct err *);
/* Open the ledger named by the options; NULL after printing the error. */
struct ledger *cli_open(struct cli_opts *);
/*
 * Authenticate --user NAME with a password read from the terminal (no
 * echo) or, with --password-stdin, the first line of standard input.
 * Prints the error and returns NULL on failure.
 */
struct session *cli_login(struct ledger *, const char *user, int pw_stdin);
/* Read a secret: prompt on /dev/tty without echo, or a stdin line. */
char *cli_read_secret(const char *prompt, int from_stdin);
/* Exit status for an error code. */
int cli_status(const struct err *);

int cli_user(struct cli_opts *, int argc, char **argv);
int cli_terminal(struct cli_opts *, int argc, char **argv);
int cli_audit(struct cli_opts *, int argc, char **argv);
/* Move a ledger to another engine (cli_copy.c). */
int cli_copy(struct cli_opts *, int argc, char **argv);
int cli_check_number(struct cli_opts *, int argc, char **argv);
int cli_daily(struct cli_opts *, int argc, char **argv);
int cli_init(struct cli_opts *, int argc, char **argv);
int cli_demo(struct cli_opts *, int argc, char **argv);
int cli_setting(struct cli_opts *, int argc, char **argv);
int cli_notices(struct cli_opts *, int argc, char **argv);

#endif
