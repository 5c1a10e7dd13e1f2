/*
 * The full-screen counter application (ncursesw).
 */
#ifndef MADOGUCHI_TUI_H
#define MADOGUCHI_TUI_H

#include "config.h"

/*
 * Run the counter screens on the ledger at db_target with settings cfg
 * until the user quits.  Returns the process exit status.
 */
int tui_run(const char *db_target, const struct config *cfg);

#endif
