/*
 * Drafts: when a session ends by auto-logoff with a form half
 * filled, the form's content is kept in the ledger database for that user
 * only and offered back at their next login.  Drafts older than
 * `draft_keep_days` (7) are purged at login.
 */
#ifndef MADOGUCHI_DRAFT_H
#define MADOGUCHI_DRAFT_H

#include "ledger.h"

/*
 * Save the serialised form content (opaque UTF-8 text, e.g. key=value
 * lines) of screen for the session's user; replaces an earlier draft of
 * the same screen.  Audited without the content.
 */
int draft_save(struct session *, const char *screen, const char *content,
    struct err *);
/*
 * Take the user's newest draft: *screen and *content become newly
 * allocated strings (caller frees); the draft is deleted.  E_NOT_FOUND
 * when there is none.
 */
int draft_take(struct session *, char **screen, char **content, struct err *);
/* Nonzero when the user has a draft waiting. */
int draft_exists(struct session *);

#endif
