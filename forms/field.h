/*
 * One form field: its declarative definition (struct field_def, static
 * data) and its edit buffer (struct field).  The buffer holds UTF-8 and is
 * edited by code point with the cursor column measured in terminal cells
 * (全角 = 2), refuses at the keystroke what the field's type cannot hold,
 * signals when a fixed-length field fills, and validates and normalises
 * the value when the cursor leaves.  No drawing: usable headlessly.
 */
#ifndef MADOGUCHI_FIELD_H
#define MADOGUCHI_FIELD_H

#include <stddef.h>
#include <stdint.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "err.h"

enum field_type {
	FT_TEXT,	/* any printable text */
	FT_KANA,	/* a reading: kana (half-width too), ー, ・, spaces */
	FT_DIGITS,	/* ASCII digits (full-width folded) */
	FT_MYNUMBER,	/* 12 digits, checked by the definition's validator */
	FT_DATE,	/* 和暦 or 西暦, shown as 和暦 after validation */
	FT_POSTAL,	/* 7 digits, an optional hyphen */
	FT_CODE,	/* a code from the definition's table */
	FT_YEN,		/* a whole, non-negative amount; commas allowed */
	FT_CHOICE,	/* one of the definition's choices, cycled by keys */
	FT_N
};

/*
 * Sensitivity of a field's content.  The tui maps it to the ledger's
 * classes (visibility.h); forms do not know about roles.
 */
enum field_sens {
	FSENS_ORDINARY,
	FSENS_MYNUMBER,
	FSENS_INCOME,
	FSENS_WELFARE,
	FSENS_HEALTH
};

/* A code-table entry or a choice: the stored value and its label (N_()). */
struct field_choice {
	const char *value;
	const char *label;
};

struct field_def {
	const char *name;		/* machine name, e.g. "birth_date" */
	const char *label;		/* N_(): shown before the field */
	enum field_type type;
	int width;			/* cells on screen */
	int maxlen;			/* code points; 0 = type default */
	const char *pattern;		/* PCRE2 (UTF), whole value; or NULL */
	int required;
	enum field_sens sens;
	const char *help;		/* N_(): one line of help */
	const struct field_choice *choices;	/* FT_CODE/FT_CHOICE; ends
						 * with value NULL */
	/*
	 * Optional check of the whole value (e.g. the My Number check
	 * digit): 0 valid, 1 valid with an alert in e, -1 invalid.  It may
	 * write a normalised value to out (size bytes).
	 */
	int (*validate)(const char *in, char *out, size_t size, struct err *);
	int secret;			/* never displayed (passwords) */
};

/* Result bits of an edit. */
enum {
	FIELD_CHANGED = 1 << 0,		/* the text changed */
	FIELD_REFUSED = 1 << 1,		/* the key was refused */
	FIELD_FULL = 1 << 2,		/* a fixed-length field is now full */
	FIELD_MOVED = 1 << 3		/* only the cursor moved */
};

/* Editing keys understood by field_edit (characters go to field_insert). */
enum field_key {
	FK_LEFT, FK_RIGHT, FK_HOME, FK_END, FK_BACKSPACE, FK_DELETE,
	FK_CLEAR,	/* erase the whole value */
	FK_KILL		/* erase from the cursor to the end */
};

struct field {
	const struct field_def *def;
	pcre2_code *re;		/* compiled pattern (owned), or NULL */
	char *text;		/* what the user sees and edits (UTF-8) */
	size_t len, cap;
	size_t cur;		/* cursor: byte offset into text */
	char *value;		/* normalised value after validation, or NULL */
	int valid;		/* value is current */
	enum err_code alert;	/* pending alert found at validation */
	int alert_ok;		/* the user confirmed that alert */
};

/*
 * Initialise f for def, compiling def->pattern (8-bit, UTF mode).  Returns
 * -1 with E_PATTERN (field = def->name) when the pattern is invalid.
 * Release with field_clear.
 */
int field_init(struct field *f, const struct field_def *def, struct err *);
/* Wipe and free the buffer, value and compiled pattern. */
void field_clear(struct field *f);
/* Type the code point cp at the cursor (FIELD_* bits). */
int field_insert(struct field *f, uint32_t cp);
/* Insert each code point of the UTF-8 string s (stops at a refusal). */
int field_insert_str(struct field *f, const char *s);
/* Apply an editing key (FIELD_* bits). */
int field_edit(struct field *f, enum field_key k);
/* Replace the text (cursor at the end); characters are not filtered
 * except that invalid UTF-8 and control characters are refused (-1). */
int field_set(struct field *f, const char *text);
/* The text as typed (never NULL). */
const char *field_text(const struct field *f);
/* Cells from the start of the text to the cursor. */
int field_cursor_col(const struct field *f);
/*
 * The part of the text to show in cells cells (def->width when 0) with
 * the cursor inside:
 * *start is its byte offset, the return value its length in bytes, and
 * *col the cursor's cell column within it.
 */
size_t field_window(const struct field *f, int cells, size_t *start,
    int *col);
/* Nonzero when the field has nothing typed. */
int field_empty(const struct field *f);
/*
 * Validate and normalise (on leaving the field or on save): required,
 * type rules, pattern, the definition's validator.  Returns 0 when valid,
 * 1 when valid with an unconfirmed alert (e->code), -1 when invalid; e's
 * field names the field.  Dates are rewritten as 和暦, kana folded to
 * full-width katakana, full-width digits folded.
 */
int field_validate(struct field *f, struct err *);
/*
 * The normalised value for saving: ISO date, 12-digit My Number, 7-digit
 * postal code, folded kana, amount digits; "" for an empty field.  Valid
 * only after field_validate returned 0 or 1; otherwise the text.
 */
const char *field_value(const struct field *f);
/* The label of a choice or code value, or NULL (untranslated). */
const char *field_choice_label(const struct field_def *def, const char *value);
/* Default maximum length of a type in code points. */
int field_type_maxlen(enum field_type t);
/* The fixed number of digits that fills a field (My Number 12, postal 7),
 * or 0 when the type has no fixed length. */
int field_fixed_digits(enum field_type t);

#endif
