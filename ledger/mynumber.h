/*
 * My Number (個人番号, R-28): normalisation, the check digit of 総務省令
 * 第85号 第5条, and masking for display.  Stored as 12 ASCII digits.
 */
#ifndef MADOGUCHI_MYNUMBER_H
#define MADOGUCHI_MYNUMBER_H

#include "err.h"

#define MYNUMBER_LEN 12

/*
 * Copy the digits of in to out (13 bytes), accepting full-width digits and
 * the card's spacing: ASCII and full-width spaces, hyphens and dashes.
 * E_MYNUMBER_CHAR for any other character, E_MYNUMBER_LENGTH unless 12.
 */
int mynumber_normalize(const char *in, char out[MYNUMBER_LEN + 1], struct err *);
/* The check digit (0-9) of the first 11 ASCII digits of d. */
int mynumber_check_digit(const char *d);
/*
 * Normalise and check.  Returns 0 when valid, 1 when valid but every digit
 * is the same (an alert, e->code E_MYNUMBER_REPEATED, to be confirmed),
 * -1 when invalid (E_MYNUMBER_LENGTH, _CHAR or _CHECK).
 */
int mynumber_validate(const char *in, char out[MYNUMBER_LEN + 1], struct err *);
/* "**** **** 9018" for a stored number; "" stays "".  out: 16 bytes. */
void mynumber_mask(const char *digits, char out[16]);
/* "1234 5678 9018" (the card's grouping).  out: 16 bytes. */
void mynumber_group(const char *digits, char out[16]);

#endif
