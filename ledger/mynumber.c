/*
 * My Number check digit.  Over the first 11 digits, left to right, the
 * weights are 6 5 4 3 2 7 6 5 4 3 2; r = Σ mod 11; the check digit is 0
 * when r <= 1, else 11 - r.  The check misses some typos and swaps, which
 * is why key fields are re-keyed blind by a supervisor.
 */
#include <stdint.h>
#include <string.h>

#include "mynumber.h"
#include "width.h"

static int
is_separator(uint32_t cp)
{
	return cp == ' ' || cp == '-' || cp == 0x3000 /* 　 */ ||
	    cp == 0xFF0D /* － */ || cp == 0x2212 /* − */ ||
	    (cp >= 0x2010 && cp <= 0x2015) /* ‐ ‑ ‒ – — ― */ ||
	    cp == 0x30FC /* ー */ || cp == 0xFF70 /* ｰ */;
}

int
mynumber_normalize(const char *in, char out[MYNUMBER_LEN + 1], struct err *e)
{
	size_t len = strlen(in), used;
	uint32_t cp;
	int n = 0;

	out[0] = '\0';
	while (len > 0) {
		if ((used = utf8_next(in, len, &cp)) == 0)
			return err_set(e, E_MYNUMBER_CHAR, "my_number", NULL);
		in += used;
		len -= used;
		if (cp >= 0xFF10 && cp <= 0xFF19)
			cp = '0' + (cp - 0xFF10);
		if (cp >= '0' && cp <= '9') {
			if (n == MYNUMBER_LEN)
				return err_set(e, E_MYNUMBER_LENGTH, "my_number",
				    NULL);
			out[n++] = (char)cp;
		} else if (!is_separator(cp))
			return err_set(e, E_MYNUMBER_CHAR, "my_number", NULL);
	}
	out[n] = '\0';
	if (n != MYNUMBER_LEN)
		return err_set(e, E_MYNUMBER_LENGTH, "my_number", NULL);
	return 0;
}

int
mynumber_check_digit(const char *d)
{
	static const int w[11] = { 6, 5, 4, 3, 2, 7, 6, 5, 4, 3, 2 };
	int i, sum = 0, r;

	for (i = 0; i < 11; i++)
		sum += (d[i] - '0') * w[i];
	r = sum % 11;
	return r <= 1 ? 0 : 11 - r;
}

int
mynumber_validate(const char *in, char out[MYNUMBER_LEN + 1], struct err *e)
{
	int i;

	if (mynumber_normalize(in, out, e) == -1)
		return -1;
	if (out[11] - '0' != mynumber_check_digit(out))
		return err_set(e, E_MYNUMBER_CHECK, "my_number", NULL);
	for (i = 1; i < MYNUMBER_LEN; i++)
		if (out[i] != out[0])
			return 0;
	err_set(e, E_MYNUMBER_REPEATED, "my_number", NULL);
	return 1;
}

void
mynumber_mask(const char *d, char out[16])
{
	if (d == NULL || strlen(d) != MYNUMBER_LEN) {
		out[0] = '\0';
		return;
	}
	memcpy(out, "**** **** ", 10);
	memcpy(out + 10, d + 8, 4);
	out[14] = '\0';
}

void
mynumber_group(const char *d, char out[16])
{
	if (d == NULL || strlen(d) != MYNUMBER_LEN) {
		out[0] = '\0';
		return;
	}
	memcpy(out, d, 4);
	out[4] = ' ';
	memcpy(out + 5, d + 4, 4);
	out[9] = ' ';
	memcpy(out + 10, d + 8, 4);
	out[14] = '\0';
}
