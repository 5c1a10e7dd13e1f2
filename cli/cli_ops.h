/*
 * The operations subcommands of issue 7: media, export, decrypt, approve,
 * backup, restore, migrate and purge (cli_export.c, cli_backup.c,
 * cli_purge.c), and the one way they read an encryption secret.
 */
#ifndef MADOGUCHI_CLI_OPS_H
#define MADOGUCHI_CLI_OPS_H

#include "cli.h"
#include "sealed.h"

int cli_media(struct cli_opts *, int argc, char **argv);
int cli_export(struct cli_opts *, int argc, char **argv);
int cli_decrypt(struct cli_opts *, int argc, char **argv);
int cli_approve(struct cli_opts *, int argc, char **argv);
int cli_backup(struct cli_opts *, int argc, char **argv);
int cli_restore(struct cli_opts *, int argc, char **argv);
int cli_migrate(struct cli_opts *, int argc, char **argv);
int cli_purge(struct cli_opts *, int argc, char **argv);

/*
 * Fill sec from key_file, or from a passphrase read from the terminal
 * (asked twice when confirm is set) or, with from_stdin, the next line of
 * standard input.  *pass gets the passphrase (free with xfree_secret).
 * Prints the problem and returns -1 on failure.
 */
int cli_ops_secret(const char *key_file, int from_stdin, int confirm,
    struct sealed_secret *sec, char **pass);

#endif
