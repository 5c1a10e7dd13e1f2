/*
 * A form: an ordered set of fields built from a static table of
 * definitions, with a current field, navigation that validates the field
 * being left, auto-advance when a fixed-length field fills, validate-all
 * on save (errors block, alerts need a confirmation: R-31) and a plain
 * text serialisation for drafts.  No drawing: the tui and the
 * keystroke benchmark drive it the same way.
 */
#ifndef MADOGUCHI_FORMS_H
#define MADOGUCHI_FORMS_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "field.h"

struct form {
	const struct field_def *defs;
	size_t n;
	struct field *f;	/* n fields */
	size_t cur;		/* current field */
	int dirty;		/* something was typed since form_clean */
};

/* Result bits of form_char, form_edit and the moves. */
enum {
	FORM_CHANGED = 1 << 0,	/* a value changed */
	FORM_REFUSED = 1 << 1,	/* the key was refused (beep) */
	FORM_MOVED = 1 << 2,	/* the current field changed */
	FORM_INVALID = 1 << 3,	/* the field left is invalid: e says why */
	FORM_ALERT = 1 << 4,	/* the field left holds an alert (e) */
	FORM_ADVANCED = 1 << 5	/* moved on because the field filled */
};

/*
 * A form over defs[0..n).  NULL with E_PATTERN when a pattern does not
 * compile.  Caller frees with form_free (which wipes every buffer).
 */
struct form *form_new(const struct field_def *defs, size_t n, struct err *);
void form_free(struct form **);
/* Type a character into the current field; auto-advances when it fills. */
int form_char(struct form *, uint32_t cp, struct err *);
/* An editing key on the current field. */
int form_edit(struct form *, enum field_key, struct err *);
/*
 * Move to the next / previous field.  Leaving validates the field (an
 * empty required field is left alone until save); an error keeps the
 * cursor there (FORM_INVALID), an alert moves on with FORM_ALERT.
 * Wraps around at the ends.
 */
int form_next(struct form *, struct err *);
int form_prev(struct form *, struct err *);
/* Make field i current without validating (e.g. a mouse-free jump). */
void form_goto(struct form *, size_t i);
/*
 * Validate every field for saving.  0 when all are valid and alerts are
 * confirmed; 1 on an unconfirmed alert; -1 on an error.  On 1 or -1 the
 * offending field becomes current and e names it.
 */
int form_validate_all(struct form *, struct err *);
/* Confirm the pending alerts (the user answered yes). */
void form_confirm_alerts(struct form *);
/* Index of the field called name, or -1. */
int form_find(const struct form *, const char *name);
/* The field called name, or NULL. */
struct field *form_field(struct form *, const char *name);
/* field_value of the field called name ("" when there is none). */
const char *form_value(const struct form *, const char *name);
/* Set the text of the field called name; -1 when unknown or not text. */
int form_set(struct form *, const char *name, const char *text);
/* The current field. */
struct field *form_current(struct form *);
/*
 * "name=text" lines of every non-empty, non-secret field (caller frees
 * and should wipe: it may hold personal data).
 */
char *form_serialize(const struct form *);
/* Load text written by form_serialize; unknown names and bad lines are
 * skipped.  Returns the number of fields set. */
int form_restore(struct form *, const char *text);
/* Clear every field and go back to the first one. */
void form_reset(struct form *);
/* Mark the current content as saved (dirty = 0). */
void form_clean(struct form *);

#endif
