/*
 * The business layer's entry point: an open ledger (database, settings,
 * terminal identity, audit checkpoint file) and the session of a logged-in
 * user with the roles granted per ledger.  Nothing here prints, prompts or
 * draws: every function returns 0/-1 (or NULL) and fills a struct err.
 */
#ifndef MADOGUCHI_LEDGER_H
#define MADOGUCHI_LEDGER_H

#include <stdint.h>

#include "config.h"
#include "db_types.h"
#include "err.h"

enum ledger_id {
	LEDGER_RESIDENT,	/* 宛名・住民 master */
	LEDGER_CHILD,		/* 児童手当 */
	LEDGER_ELDERLY,		/* 敬老乗車証 */
	LEDGER_VACCINE,		/* 予防接種 */
	LEDGER_SYSTEM,		/* accounts, settings, audit */
	LEDGER_N
};

enum role {
	ROLE_CLERK = 1 << 0,
	ROLE_SUPERVISOR = 1 << 1,
	ROLE_OPERATOR = 1 << 2,
	ROLE_AUDITOR = 1 << 3,
	ROLE_ADMIN = 1 << 4
};

struct ledger;

struct session {
	struct ledger *lg;
	struct db_user user;
	unsigned roles[LEDGER_N];	/* enum role bits per ledger */
	char category[24];		/* business category */
	int must_change;		/* password expired or reset: only
					 * a password change is allowed */
};

/*
 * Open the ledger database at target (see db_open) with settings from cfg
 * (may be NULL; the ledger keeps its own copy).  The terminal ID comes from
 * cfg "terminal_id", else $MADOGUCHI_TERMINAL, else the host name.
 * Caller frees with ledger_close().
 */
struct ledger *ledger_open(const char *target, const struct config *cfg,
    struct err *);
/*
 * The same, migrating a ledger whose schema is older than this program
 * after a full backup with mig.  ledger_open does so only when the
 * configuration names backup_dir and backup_key_file, and otherwise fails
 * with E_MIGRATION_BACKUP.
 */
struct backup_opts;
struct ledger *ledger_open_ex(const char *target, const struct config *cfg,
    const struct backup_opts *mig, struct err *);
void ledger_close(struct ledger **);
const char *ledger_terminal(const struct ledger *);
/* Schema version of the open ledger's database. */
int ledger_schema_version(struct ledger *);
/* The path of the database file, or NULL in memory. */
const char *ledger_file(const struct ledger *);
/*
 * A numeric setting: the admin-controlled value in the database, else the
 * configuration file, else def; values outside [min, max] give def.
 */
long ledger_setting_long(struct ledger *, const char *key, long def,
    long min, long max);
/* Store a setting (admin only; audited with old and new value). */
int ledger_setting_put(struct session *, const char *key, const char *value,
    struct err *);

/* Names of ledgers and roles as used on the command line and in grants. */
const char *ledger_name(enum ledger_id);
int ledger_from_name(const char *name, enum ledger_id *out);
const char *role_name(enum role);
int role_from_name(const char *name, enum role *out);

/* Nonzero when the session holds role on ledger (and may work at all). */
int session_has(const struct session *, enum ledger_id, enum role);
/* Nonzero when the session holds role on any ledger. */
int session_has_any(const struct session *, enum role);
/*
 * Check a right: 0 when held; otherwise audit a "denied" row naming op and
 * rule, and fail with E_DENIED.
 */
int session_require(struct session *, enum ledger_id, enum role,
    const char *op, struct err *);

#endif
