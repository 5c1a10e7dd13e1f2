/*
 * Text normalisation for Japanese input: NFKC (half-width kana to full
 * width, full-width ASCII to ASCII), readings in full-width katakana, and
 * the folded search key (清音化かな).  All functions take and return UTF-8;
 * returned strings are newly allocated and owned by the caller.
 */
#ifndef MADOGUCHI_KANA_H
#define MADOGUCHI_KANA_H

#include "err.h"

/* NFKC of s with runs of white space (incl. U+3000) folded to one ASCII
 * space and trimmed; NULL with E_ENCODING on invalid UTF-8. */
char *text_normalize(const char *s, struct err *);
/*
 * A reading (フリガナ) as stored: NFKC, hiragana to katakana, spaces as one
 * full-width space between parts.  Characters other than kana, ー, ・ and
 * spaces give NULL with E_KANA.
 */
char *kana_normalize(const char *s, struct err *);
/*
 * The search key of a reading: katakana without voicing marks (ガ→カ,
 * パ→ハ, ヴ→ウ), small kana made large (ッ→ツ, ャ→ヤ), ー replaced by the
 * vowel before it, ヲ→オ ヰ→イ ヱ→エ, spaces and ・ removed.  Hiragana and
 * half-width input are folded first.  NULL on invalid UTF-8.
 */
char *kana_search_key(const char *s);
/* The search key of a kanji name: NFKC with every space removed. */
char *name_search_key(const char *s);
/* Nonzero when s (after NFKC) holds only kana, ー, ・ and spaces. */
int kana_only(const char *s);
/* Nonzero when s is valid UTF-8 (no overlongs, no surrogates). */
int utf8_valid(const char *s, size_t len);

#endif
