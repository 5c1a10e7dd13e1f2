/*
 * UTF-8 decoding and display width.  One policy for the whole program:
 * wide and full-width characters take 2 cells, East Asian ambiguous ones
 * (①, ※, ○) take 1 as glibc's wcwidth and tmux do, combining marks,
 * format and control characters take 0.  Invalid bytes never stop a scan:
 * each one counts as a single cell (a terminal shows U+FFFD there).
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <utf8proc.h>

#include "width.h"

/*
 * Strict decoder: shortest form only, no surrogates, nothing above
 * U+10FFFF.  A NUL byte ends the string like len does (*cp is then 0).
 */
size_t
utf8_next(const char *s, size_t len, uint32_t *cp)
{
	const unsigned char *p = (const unsigned char *)s;
	uint32_t c, min;
	size_t n, i;

	if (len == 0 || p[0] == '\0') {
		*cp = 0;
		return 0;
	}
	*cp = 0xFFFD;
	if (p[0] < 0x80) {
		*cp = p[0];
		return 1;
	}
	if (p[0] >= 0xC2 && p[0] <= 0xDF) {
		n = 2;
		c = p[0] & 0x1F;
		min = 0x80;
	} else if (p[0] >= 0xE0 && p[0] <= 0xEF) {
		n = 3;
		c = p[0] & 0x0F;
		min = 0x800;
	} else if (p[0] >= 0xF0 && p[0] <= 0xF4) {
		n = 4;
		c = p[0] & 0x07;
		min = 0x10000;
	} else
		return 0;	/* continuation byte, C0/C1 or F5..FF */
	if (len < n)
		return 0;
	for (i = 1; i < n; i++) {
		if ((p[i] & 0xC0) != 0x80)
			return 0;
		c = (c << 6) | (p[i] & 0x3F);
	}
	if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		return 0;
	*cp = c;
	return n;
}

/* Surrogates and values above U+10FFFF are written as U+FFFD. */
size_t
utf8_put(uint32_t cp, char *out)
{
	unsigned char *o = (unsigned char *)out;

	if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		cp = 0xFFFD;
	if (cp < 0x80) {
		o[0] = (unsigned char)cp;
		return 1;
	}
	if (cp < 0x800) {
		o[0] = (unsigned char)(0xC0 | (cp >> 6));
		o[1] = (unsigned char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		o[0] = (unsigned char)(0xE0 | (cp >> 12));
		o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
		o[2] = (unsigned char)(0x80 | (cp & 0x3F));
		return 3;
	}
	o[0] = (unsigned char)(0xF0 | (cp >> 18));
	o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
	o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
	o[3] = (unsigned char)(0x80 | (cp & 0x3F));
	return 4;
}

int
width_cp(uint32_t cp)
{
	utf8proc_category_t cat;
	int w;

	if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0))
		return 0;
	if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		return 1;	/* shown as U+FFFD */
	cat = utf8proc_category((utf8proc_int32_t)cp);
	if (cat == UTF8PROC_CATEGORY_MN || cat == UTF8PROC_CATEGORY_ME ||
	    cat == UTF8PROC_CATEGORY_CF || cat == UTF8PROC_CATEGORY_ZL ||
	    cat == UTF8PROC_CATEGORY_ZP)
		return 0;
	w = utf8proc_charwidth((utf8proc_int32_t)cp);
	if (w < 0)
		w = 0;
	if (w > 2)
		w = 2;
	return w;
}

/* One step over s: bytes consumed (at least 1 while s is not empty). */
static size_t
step(const char *s, size_t len, int *w)
{
	uint32_t cp;
	size_t n = utf8_next(s, len, &cp);

	if (n == 0) {
		*w = 1;		/* an invalid byte: one replacement cell */
		return 1;
	}
	*w = width_cp(cp);
	return n;
}

int
width_str(const char *s)
{
	size_t len = strlen(s), i = 0;
	int total = 0, w;

	while (i < len) {
		i += step(s + i, len - i, &w);
		total += w;
	}
	return total;
}

/*
 * Zero-width characters after the last character that fits stay with it,
 * so a combining mark is never cut from its base.
 */
size_t
width_fit(const char *s, int cols)
{
	size_t len = strlen(s), i = 0, n;
	int used = 0, w;

	if (cols < 0)
		return 0;
	while (i < len) {
		n = step(s + i, len - i, &w);
		if (used + w > cols)
			break;
		used += w;
		i += n;
	}
	return i;
}
