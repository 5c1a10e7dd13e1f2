/*
 * Fuzz target: My Number normalisation and validation.  A normalised
 * number is 12 ASCII digits; a validated one also carries its check
 * digit; validation never accepts what normalisation refuses; masking and
 * grouping never run past their buffers.
 */
#include <ctype.h>

#include "fuzz.h"
#include "mynumber.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_cstr(data, size);
	char norm[MYNUMBER_LEN + 1], val[MYNUMBER_LEN + 1], buf[16];
	int n, v, i;
	struct err e;

	n = mynumber_normalize(s, norm, &e);
	v = mynumber_validate(s, val, &e);
	if (n == 0) {
		FUZZ_ASSERT(strlen(norm) == MYNUMBER_LEN, "length of '%s'", norm);
		for (i = 0; i < MYNUMBER_LEN; i++)
			FUZZ_ASSERT(isdigit((unsigned char)norm[i]), "'%s'", norm);
		mynumber_mask(norm, buf);
		FUZZ_ASSERT(strstr(buf, norm) == NULL, "mask shows all: %s", buf);
		mynumber_group(norm, buf);
	}
	if (v >= 0) {
		FUZZ_ASSERT(n == 0, "validated what normalise refused");
		FUZZ_ASSERT(strcmp(norm, val) == 0, "%s != %s", norm, val);
		FUZZ_ASSERT(mynumber_check_digit(val) == val[11] - '0',
		    "check digit of %s", val);
	}
	free(s);
	return 0;
}
