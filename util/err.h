/*
 * Error reporting shared by every layer: functions return 0 / -1 (or NULL)
 * and fill an optional struct err.  A code maps to one English message in
 * err.c, marked with N_() so that tui/ and cli/ can translate it; only those
 * layers turn an err into text for a person.  The detail never carries
 * personal data (no names, no numbers typed by the clerk).
 */
#ifndef MADOGUCHI_ERR_H
#define MADOGUCHI_ERR_H

#ifndef N_
#define N_(s) (s)
#endif

enum err_code {
	E_OK = 0,
	E_NOMEM,
	E_IO,
	E_DB,
	E_DB_BUSY,
	E_DB_NEWER,		/* database schema newer than this program */
	E_DB_PERMS,		/* database file or directory too open */
	E_USAGE,
	E_CONFIG,
	E_NOT_FOUND,
	E_EXISTS,
	E_DENIED,
	/* authentication */
	E_AUTH_FAILED,		/* never says whether the ID or the password */
	E_AUTH_LOCKED,
	E_AUTH_EXPIRED,
	E_AUTH_DISABLED,
	E_AUTH_TERMINAL,
	E_PW_WEAK,
	E_PW_REUSED,
	E_PW_MISMATCH,
	/* field validation */
	E_REQUIRED,
	E_TOO_LONG,
	E_BAD_CHAR,
	E_MYNUMBER_LENGTH,
	E_MYNUMBER_CHAR,
	E_MYNUMBER_CHECK,
	E_MYNUMBER_REPEATED,	/* an alert: valid, but confirm it */
	E_DATE_FORMAT,
	E_DATE_INVALID,
	E_DATE_ERA_RANGE,
	E_DATE_RANGE,
	E_POSTAL,
	E_KANA,
	E_ENCODING,
	E_UNMAPPABLE,
	E_CODE_UNKNOWN,
	E_AMOUNT,
	E_CHOICE,
	E_PATTERN,
	/* business rules */
	E_PUBLIC_SERVANT,	/* child allowance paid by the employer */
	E_NOT_ELIGIBLE,		/* residency, age, income, welfare pass */
	E_INTERVAL,		/* a dose before its minimum interval */
	E_LOT_EXPIRED,		/* vaccine lot past its expiry */
	E_VACCINE_WINDOW,	/* an alert: outside the routine age window */
	/* searches */
	E_SEARCH_CONDITIONS,
	E_SEARCH_REASON,
	E_SEARCH_TOO_MANY,
	/* confirmation (four-eyes, blind re-keying) */
	E_CONFIRM_OWN,		/* the entering user cannot confirm */
	E_CONFIRM_MISMATCH,	/* a re-keyed field differs */
	E_CONFIRM_TRIES,	/* tries used up: reject or correct */
	E_CONFIRM_STALE,	/* already confirmed or rejected by someone */
	E_PENDING_EXISTS,	/* a change already awaits confirmation */
	/* several counters on one record */
	E_RECORD_LOCKED,	/* detail: "HOLDER at terminal T since TIME" */
	E_RECORD_CHANGED,	/* saved by someone else since the form opened */
	/* audit */
	E_AUDIT_BROKEN,
	E_AUDIT_TRUNCATED,
	/* export, backup, retention (issue 7) */
	E_DECRYPT,		/* wrong key, or the file was altered */
	E_MEDIA,		/* not a registered, active medium */
	E_APPROVAL,		/* bulk output without a valid approval */
	E_CHECKSUM,		/* a backup file differs from its catalogue */
	E_UNSUPPORTED,		/* not available for this database engine */
	E_MIGRATION_BACKUP,	/* a migration is pending: back up first */
	E_RETENTION,		/* a retention period below its minimum */
	E_LAST
};

struct err {
	enum err_code code;
	char field[48];		/* field or option name, may be empty */
	char detail[160];	/* extra context, never personal data */
};

/* Fill e (when non-NULL) and return -1, so callers can `return err_set(...)`. */
int err_set(struct err *e, enum err_code code, const char *field,
    const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* Reset e to E_OK. */
void err_clear(struct err *e);
/* The untranslated English message for code (static storage). */
const char *err_message(enum err_code code);
/* Nonzero when code is an alert that the user may confirm, not an error. */
int err_is_alert(enum err_code code);

#endif
