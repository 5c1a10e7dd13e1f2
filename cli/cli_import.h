/*
 * `madoguchi import residents FILE`: the command-line side of the
 * resident import (ledger/import.h): options, login, the problem report
 * and a progress bar on a terminal.
 */
#ifndef MADOGUCHI_CLI_IMPORT_H
#define MADOGUCHI_CLI_IMPORT_H

#include "cli.h"

/* Run `import residents ...`; returns the process exit status. */
int cli_import(struct cli_opts *, int, char **);

#endif
