/*
 * Account administration (admin role on the system ledger): add, list,
 * disable (retired or transferred staff: immediate, credentials erased,
 * the row kept so old log rows stay attributable), unlock, reset a
 * password, grant and revoke roles per ledger, register terminals.  Every
 * change goes to the access-rights register and the audit log.
 */
#ifndef MADOGUCHI_USERS_H
#define MADOGUCHI_USERS_H

#include "db_types.h"
#include "ledger.h"

/* Create the first admin and register this terminal, only while the
 * database has no users at all (`madoguchi init`).  Audited. */
int users_bootstrap(struct ledger *, const char *login, const char *password,
    struct err *);
int users_add(struct session *, const char *login, const char *display_name,
    const char *password, struct err *);
/* Disable now: password erased, grants removed, reason recorded. */
int users_disable(struct session *, const char *login, const char *reason,
    struct err *);
int users_unlock(struct session *, const char *login, struct err *);
/* Set a new password that the user must change at next login. */
int users_reset_password(struct session *, const char *login,
    const char *password, struct err *);
int users_grant(struct session *, const char *login, enum role,
    enum ledger_id, struct err *);
int users_revoke(struct session *, const char *login, enum role,
    enum ledger_id, struct err *);

struct users_entry {
	const struct db_user *user;	/* pw_hash is blanked */
	char roles[160];		/* "clerk@child supervisor@vaccine" */
	const char *status;		/* active, locked, disabled, expired */
};
int users_list(struct session *, int (*fn)(void *, const struct users_entry *),
    void *ctx, struct err *);

int users_terminal_add(struct session *, const char *id, const char *desc,
    struct err *);
int users_terminal_disable(struct session *, const char *id, struct err *);
int users_terminal_list(struct session *,
    int (*fn)(void *, const struct db_terminal *), void *ctx, struct err *);

#endif
