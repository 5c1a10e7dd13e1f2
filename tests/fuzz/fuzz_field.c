/*
 * Fuzz target: the form field validators (forms/field.c) of every field
 * type, with a pattern and the My Number validator where the screens use
 * them.  The first byte chooses the type and whether the text is set at
 * once or typed code point by code point with editing keys; validation
 * gives 0/1/-1 and a value that is never longer than the buffer allows.
 */
#include "field.h"
#include "fuzz.h"
#include "mynumber.h"

static int
validate_mn(const char *in, char *out, size_t size, struct err *e)
{
	char d[MYNUMBER_LEN + 1];

	if (mynumber_validate(in, d, e) == -1)
		return -1;
	snprintf(out, size, "%s", d);
	return 0;
}

static const struct field_choice choices[] = {
	{ "1", "男" }, { "2", "女" }, { "01", "転入" }, { NULL, NULL }
};

static const struct field_def defs[] = {
	{ "t", "t", FT_TEXT, 20, 0, NULL, 1, FSENS_ORDINARY, "", NULL, NULL, 0 },
	{ "k", "k", FT_KANA, 20, 0, NULL, 0, FSENS_ORDINARY, "", NULL, NULL, 0 },
	{ "d", "d", FT_DIGITS, 10, 10, "[0-9]{1,10}", 0, FSENS_ORDINARY, "",
	  NULL, NULL, 0 },
	{ "m", "m", FT_MYNUMBER, 14, 0, NULL, 0, FSENS_MYNUMBER, "", NULL,
	  validate_mn, 0 },
	{ "b", "b", FT_DATE, 12, 0, NULL, 1, FSENS_ORDINARY, "", NULL, NULL, 0 },
	{ "p", "p", FT_POSTAL, 8, 0, NULL, 0, FSENS_ORDINARY, "", NULL, NULL, 0 },
	{ "c", "c", FT_CODE, 4, 0, NULL, 1, FSENS_ORDINARY, "", choices, NULL, 0 },
	{ "y", "y", FT_YEN, 12, 0, NULL, 0, FSENS_INCOME, "", NULL, NULL, 0 },
	{ "s", "s", FT_CHOICE, 4, 0, NULL, 0, FSENS_ORDINARY, "", choices, NULL,
	  0 },
	{ "n", "n", FT_TEXT, 30, 40, "\\p{Han}+", 0, FSENS_ORDINARY, "", NULL,
	  NULL, 0 },
};

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct field_def *def;
	struct field f;
	struct err e;
	size_t start, i;
	int col, rc;
	char *s;

	if (size < 1)
		return 0;
	def = &defs[data[0] % (sizeof defs / sizeof defs[0])];
	FUZZ_ASSERT(field_init(&f, def, &e) == 0, "init %s", def->name);
	s = fuzz_cstr(data + 1, size - 1);
	if (data[0] & 0x80) {
		field_set(&f, s);
	} else {
		for (i = 1; i < size; i++) {
			if (data[i] < 8)	/* an editing key */
				field_edit(&f, (enum field_key)data[i]);
			else
				field_insert(&f, data[i] < 0x80 ? data[i] :
				    0x3000u + data[i]);
			(void)field_cursor_col(&f);
		}
	}
	(void)field_window(&f, def->width, &start, &col);
	FUZZ_ASSERT(start <= strlen(field_text(&f)), "window start");
	rc = field_validate(&f, &e);
	FUZZ_ASSERT(rc >= -1 && rc <= 1, "validate gave %d", rc);
	(void)field_value(&f);
	if (rc >= 0 && def->type == FT_MYNUMBER && !field_empty(&f))
		FUZZ_ASSERT(strlen(field_value(&f)) == MYNUMBER_LEN, "'%s'",
		    field_value(&f));
	field_clear(&f);
	free(s);
	return 0;
}
