/*
 * Login, logout and password rules.  Passwords are stored
 * only as Argon2id strings (libsodium); the last `password_history` (3)
 * cannot be reused; `lockout_threshold` (5) consecutive failures lock the
 * account until an admin unlocks it; a password older than
 * `password_max_age_days` (90) must be changed before any business
 * function; a disabled or ended account cannot log in.  Messages never tell
 * whether the ID or the password was wrong.
 */
#ifndef MADOGUCHI_AUTH_H
#define MADOGUCHI_AUTH_H

#include "ledger.h"

#define PASSWORD_MIN 8

/*
 * Log in at the ledger's terminal.  Returns a new session (caller frees
 * with auth_logout) or NULL with E_AUTH_FAILED, E_AUTH_LOCKED (only when
 * the password was right), E_AUTH_TERMINAL or E_DB.  A session whose
 * password has expired or was reset has must_change set.  Audited.
 */
struct session *auth_login(struct ledger *, const char *login,
    const char *password, struct err *);
/* Log out (audited as op, e.g. "logout" or "auto-logoff") and free. */
void auth_logout(struct session **, const char *op);
/* Change the session user's own password; clears must_change. */
int auth_change_password(struct session *, const char *old_pw,
    const char *new_pw, struct err *);
/* Check the session's own password again (screensaver unlock); audited. */
int auth_reverify(struct session *, const char *password, struct err *);
/* Reject passwords shorter than PASSWORD_MIN or equal to the login. */
int auth_password_ok(const char *login, const char *pw, struct err *);
/*
 * Make new hashes at libsodium's minimum Argon2id cost.  For test programs
 * only (their databases are throwaway); the program never calls it.
 * Verification always uses the cost stored in each hash.
 */
void auth_hash_minimum(void);
/* Argon2id hash of pw into out (crypto_pwhash_STRBYTES). */
int auth_hash_password(const char *pw, char *out, size_t size, struct err *);

#endif
