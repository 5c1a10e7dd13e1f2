/*
 * The one table of error messages.  Strings are English source strings
 * marked N_(); tui/ and cli/ pass them through gettext.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "err.h"

static const char *const messages[E_LAST] = {
	[E_OK] = N_("no error"),
	[E_NOMEM] = N_("out of memory"),
	[E_IO] = N_("file input/output failed"),
	[E_DB] = N_("the ledger database reported an error"),
	[E_DB_BUSY] = N_("the ledger database is busy; try again"),
	[E_DB_NEWER] = N_("the ledger database was made by a newer madoguchi; upgrade the program"),
	[E_DB_PERMS] = N_("the ledger file or its directory may be read by other users; make it 0600 in a 0700 directory"),
	[E_USAGE] = N_("invalid usage"),
	[E_CONFIG] = N_("invalid configuration"),
	[E_NOT_FOUND] = N_("not found"),
	[E_EXISTS] = N_("already exists"),
	[E_DENIED] = N_("not permitted for your role"),
	[E_AUTH_FAILED] = N_("login failed: user ID or password is incorrect"),
	[E_AUTH_LOCKED] = N_("this account is locked; ask an administrator to unlock it"),
	[E_AUTH_EXPIRED] = N_("your password has expired; set a new one"),
	[E_AUTH_DISABLED] = N_("login failed: user ID or password is incorrect"),
	[E_AUTH_TERMINAL] = N_("this terminal is not registered; ask an administrator"),
	[E_PW_WEAK] = N_("the password must be at least 8 characters and not contain the user ID"),
	[E_PW_REUSED] = N_("the password was used recently; choose another"),
	[E_PW_MISMATCH] = N_("the two passwords differ"),
	[E_REQUIRED] = N_("this field is required"),
	[E_TOO_LONG] = N_("the value is too long"),
	[E_BAD_CHAR] = N_("the value contains a character this field cannot hold"),
	[E_MYNUMBER_LENGTH] = N_("a My Number has exactly 12 digits"),
	[E_MYNUMBER_CHAR] = N_("a My Number holds digits only"),
	[E_MYNUMBER_CHECK] = N_("the check digit does not match; re-check the number on the card"),
	[E_MYNUMBER_REPEATED] = N_("the number repeats one digit; confirm it is really on the card"),
	[E_DATE_FORMAT] = N_("not a date; type e.g. R6.4.1, 令和6年4月1日 or 2024-04-01"),
	[E_DATE_INVALID] = N_("no such day in the calendar"),
	[E_DATE_ERA_RANGE] = N_("the date is outside that era"),
	[E_DATE_RANGE] = N_("the date is out of range"),
	[E_POSTAL] = N_("a postal code has 7 digits"),
	[E_KANA] = N_("type the reading in kana"),
	[E_ENCODING] = N_("the text is not valid in the expected encoding"),
	[E_UNMAPPABLE] = N_("a character cannot be represented in the target encoding"),
	[E_CODE_UNKNOWN] = N_("no such code in the code table"),
	[E_AMOUNT] = N_("an amount is a whole number of yen, zero or more"),
	[E_CHOICE] = N_("choose one of the listed values"),
	[E_PATTERN] = N_("the value does not have the required form"),
	[E_PUBLIC_SERVANT] = N_("a public servant's child allowance is paid by the employer, not the city"),
	[E_NOT_ELIGIBLE] = N_("the applicant is not eligible"),
	[E_INTERVAL] = N_("too soon after the previous dose: the minimum interval has not passed"),
	[E_LOT_EXPIRED] = N_("the vaccine lot had expired on the vaccination date"),
	[E_VACCINE_WINDOW] = N_("outside the routine age window: record it as a voluntary vaccination (任意接種)?"),
	[E_SEARCH_CONDITIONS] = N_("give an exact identifier, or a name with a date of birth or an address"),
	[E_SEARCH_REASON] = N_("a reason code is required for every search"),
	[E_SEARCH_TOO_MANY] = N_("too many matches; narrow the search"),
	[E_CONFIRM_OWN] = N_("you entered this change yourself; another supervisor must confirm it"),
	[E_CONFIRM_MISMATCH] = N_("the re-keyed value differs from the entry; key it again from the form"),
	[E_CONFIRM_TRIES] = N_("the values still differ after the allowed tries; reject the entry with a comment or correct it"),
	[E_CONFIRM_STALE] = N_("this entry was already confirmed or rejected by someone else"),
	[E_PENDING_EXISTS] = N_("a change to this record is already awaiting confirmation"),
	[E_RECORD_LOCKED] = N_("this record is being edited at another counter"),
	[E_RECORD_CHANGED] = N_("this record was changed by someone else since you opened it; your input is kept: reopen the record and key the change again"),
	[E_AUDIT_BROKEN] = N_("the audit log has been altered"),
	[E_AUDIT_TRUNCATED] = N_("the newest audit rows have been removed"),
	[E_DECRYPT] = N_("the file cannot be decrypted: wrong key or passphrase, or the file was altered"),
	[E_MEDIA] = N_("not a registered, active medium"),
	[E_APPROVAL] = N_("this bulk output needs a valid approval from a different supervisor"),
	[E_CHECKSUM] = N_("a backup file does not match its catalogue entry"),
	[E_UNSUPPORTED] = N_("not supported for this database engine"),
	[E_MIGRATION_BACKUP] = N_("the database needs a schema migration; take a backup first (madoguchi migrate --backup-dir DIR)"),
	[E_RETENTION] = N_("the retention period may not be set below its legal minimum"),
};

int
err_set(struct err *e, enum err_code code, const char *field, const char *fmt, ...)
{
	va_list ap;

	if (e == NULL)
		return -1;
	e->code = code;
	snprintf(e->field, sizeof e->field, "%s", field ? field : "");
	e->detail[0] = '\0';
	if (fmt != NULL) {
		va_start(ap, fmt);
		vsnprintf(e->detail, sizeof e->detail, fmt, ap);
		va_end(ap);
	}
	return -1;
}

void
err_clear(struct err *e)
{
	if (e != NULL)
		memset(e, 0, sizeof *e);
}

const char *
err_message(enum err_code code)
{
	if ((int)code < 0 || code >= E_LAST || messages[code] == NULL)
		return messages[E_DB];
	return messages[code];
}

int
err_is_alert(enum err_code code)
{
	return code == E_MYNUMBER_REPEATED || code == E_VACCINE_WINDOW;
}
