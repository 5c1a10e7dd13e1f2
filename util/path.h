/*
 * File-system paths and permissions: XDG locations, private directories
 * (0700) and files (0600), and the permission check of R-65.
 */
#ifndef MADOGUCHI_PATH_H
#define MADOGUCHI_PATH_H

#include "err.h"

/* $XDG_DATA_HOME/madoguchi/ledger.db (or ~/.local/share/...); caller frees. */
char *path_default_db(void);
/* $XDG_CONFIG_HOME/madoguchi/config (or ~/.config/...); caller frees. */
char *path_default_config(void);
/* $XDG_STATE_HOME/madoguchi (or ~/.local/state/madoguchi); caller frees. */
char *path_state_dir(void);
/* Create dir and its parents; the last component gets mode 0700. */
int path_mkdir_private(const char *dir, struct err *);
/* Create the parent directory of file (0700) if missing. */
int path_prepare_parent(const char *file, struct err *);
/*
 * Refuse a file readable or writable by group/other, or a parent directory
 * writable or searchable by others.  A missing file is fine.
 */
int path_check_private(const char *file, struct err *);
/* Directory part of path (caller frees); "." when there is none. */
char *path_dirname(const char *path);
/* Directory holding the running executable (caller frees), or NULL. */
char *path_exe_dir(void);

#endif
