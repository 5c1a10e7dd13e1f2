/*
 * Strict character-set conversion with glibc iconv for legacy files:
 * CP932 (not "SHIFT_JIS": it lacks ① ㈱ 髙), SHIFT_JISX0213, EUC-JP-MS.
 * Nothing is ever substituted: an invalid or unmappable character is an
 * error naming its byte offset (never the text itself).
 */
#ifndef MADOGUCHI_CODEC_H
#define MADOGUCHI_CODEC_H

#include <stddef.h>

#include "err.h"

/* Convert len bytes of `from` to a new NUL-terminated UTF-8 string (caller
 * frees); *outlen gets its length when non-NULL.  NULL with E_ENCODING
 * (invalid or truncated input; detail gives the byte offset), or E_USAGE
 * for an encoding iconv does not know. */
char *codec_to_utf8(const char *from, const char *in, size_t len,
    size_t *outlen, struct err *);
/*
 * Convert UTF-8 to `to` (caller frees); NULL with E_UNMAPPABLE naming the
 * character's code point (U+XXXX, not personal text) when it has no exact
 * mapping: characters glibc would write but that read back as another one
 * (CP932: 〜 U+301C, − ‖ ¢ £ ¬ ¥; SHIFT_JISX0213: \ ~) are refused too.
 * E_ENCODING for invalid UTF-8; E_USAGE for an unknown encoding.
 */
char *codec_from_utf8(const char *to, const char *in, size_t len,
    size_t *outlen, struct err *);
/* Canonical iconv name for a user-given one ("cp932", "sjis", "utf-8",
 * "shift_jisx0213", "euc-jp-ms"); NULL when unsupported.  "sjis" and
 * "shift_jis" map to CP932 on purpose. */
const char *codec_name(const char *user);

#endif
