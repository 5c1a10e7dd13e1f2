/*
 * Display width of text in terminal cells, with one policy for the whole
 * program: East Asian wide and full-width characters take 2 cells,
 * ambiguous-width characters (①, ※, ○) take 1 as glibc and tmux do,
 * combining marks take 0.  Built on utf8proc.
 */
#ifndef MADOGUCHI_WIDTH_H
#define MADOGUCHI_WIDTH_H

#include <stddef.h>
#include <stdint.h>

/* Decode one code point from s (at most len bytes); returns bytes used,
 * or 0 at the end (len 0 or a NUL byte; *cp is 0) or on invalid input:
 * overlong, surrogate, above U+10FFFF, truncated (*cp is U+FFFD). */
size_t utf8_next(const char *s, size_t len, uint32_t *cp);
/* Encode cp into out (4 bytes room, no NUL added); returns bytes written.
 * Surrogates and values above U+10FFFF are written as U+FFFD. */
size_t utf8_put(uint32_t cp, char *out);
/* Cells taken by one code point (0, 1 or 2); control characters 0. */
int width_cp(uint32_t cp);
/* Cells taken by the UTF-8 string s; each invalid byte takes 1. */
int width_str(const char *s);
/* Bytes of the longest prefix of s that fits in cols cells. */
size_t width_fit(const char *s, int cols);

#endif
