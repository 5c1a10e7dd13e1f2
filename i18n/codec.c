/*
 * Strict character-set conversion through glibc iconv.  No //TRANSLIT, no
 * //IGNORE, no '?': an invalid byte sequence (E_ENCODING) or a character
 * the target cannot hold exactly (E_UNMAPPABLE) stops the conversion, and
 * the error names the byte offset or code point, never the text.
 */
#include <errno.h>
#include <iconv.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "codec.h"
#include "err.h"
#include "kana.h"
#include "width.h"
#include "xmalloc.h"

static const struct {
	const char	*user;
	const char	*iconv;
} names[] = {
	{ "cp932", "CP932" },
	{ "windows-31j", "CP932" },
	{ "ms932", "CP932" },
	{ "sjis", "CP932" },		/* on purpose: see codec.h */
	{ "shift_jis", "CP932" },
	{ "shift-jis", "CP932" },
	{ "shift_jisx0213", "SHIFT_JISX0213" },
	{ "euc-jp-ms", "EUC-JP-MS" },
	{ "eucjp-ms", "EUC-JP-MS" },
	{ "utf-8", "UTF-8" },
	{ "utf8", "UTF-8" },
};

const char *
codec_name(const char *user)
{
	size_t i;

	if (user == NULL)
		return NULL;
	for (i = 0; i < sizeof names / sizeof names[0]; i++)
		if (strcasecmp(user, names[i].user) == 0)
			return names[i].iconv;
	return NULL;
}

/* Make room in the output for at least one more step. */
static void
grow(char **out, char **op, size_t *ol, size_t *cap)
{
	size_t used = (size_t)(*op - *out);

	*cap *= 2;
	*out = xrealloc(*out, *cap);
	*op = *out + used;
	*ol = *cap - 1 - used;
}

/*
 * Run one iconv conversion of in[0..len) into a new NUL-terminated string.
 * On failure returns NULL with *bad at the input offset where iconv
 * stopped (SIZE_MAX: iconv_open failed) and *why its errno.
 */
static char *
convert(const char *to, const char *from, const char *in, size_t len,
    size_t *outlen, size_t *bad, int *why)
{
	iconv_t cd;
	char *out, *ip, *op;
	size_t cap, il, ol;

	*bad = SIZE_MAX;
	*why = 0;
	if ((cd = iconv_open(to, from)) == (iconv_t)-1)
		return NULL;
	cap = len * 2 + 16;
	out = xmalloc(cap);
	ip = (char *)in;
	il = len;
	op = out;
	ol = cap - 1;
	while (il > 0) {
		if (iconv(cd, &ip, &il, &op, &ol) != (size_t)-1)
			continue;
		if (errno == E2BIG) {
			grow(&out, &op, &ol, &cap);
			continue;
		}
		goto fail;
	}
	/* Flush any shift state (SHIFT_JISX0213 holds back combinations). */
	while (iconv(cd, NULL, NULL, &op, &ol) == (size_t)-1) {
		if (errno != E2BIG)
			goto fail;
		grow(&out, &op, &ol, &cap);
	}
	iconv_close(cd);
	*op = '\0';
	*outlen = (size_t)(op - out);
	return out;
fail:
	*why = errno;
	*bad = len - il;
	iconv_close(cd);
	free(out);
	return NULL;
}

char *
codec_to_utf8(const char *from, const char *in, size_t len, size_t *outlen,
    struct err *e)
{
	size_t bad, olen;
	int why;
	char *r;

	if (from == NULL) {
		err_set(e, E_USAGE, "", "no encoding given");
		return NULL;
	}
	if (strcasecmp(from, "UTF-8") == 0) {
		/* glibc's UTF-8 decoder is strict too, but name the offset ourselves. */
		size_t i = 0, n;
		uint32_t cp;

		while (i < len) {
			if (in[i] == '\0') {
				i++;
				continue;
			}
			if ((n = utf8_next(in + i, len - i, &cp)) == 0) {
				err_set(e, E_ENCODING, "",
				    "invalid UTF-8 at byte offset %zu", i);
				return NULL;
			}
			i += n;
		}
		r = xmalloc(len + 1);
		memcpy(r, in, len);
		r[len] = '\0';
		if (outlen != NULL)
			*outlen = len;
		return r;
	}
	if ((r = convert("UTF-8", from, in, len, &olen, &bad, &why)) != NULL) {
		if (outlen != NULL)
			*outlen = olen;
		return r;
	}
	if (bad == SIZE_MAX)
		err_set(e, E_USAGE, "", "unsupported encoding %s", from);
	else if (why == EINVAL)
		err_set(e, E_ENCODING, "",
		    "incomplete %s character at byte offset %zu", from, bad);
	else
		err_set(e, E_ENCODING, "",
		    "invalid %s byte sequence at byte offset %zu", from, bad);
	return NULL;
}

/*
 * The first code point of in (from offset `at`) that does not survive a
 * round trip through `to`: some targets (glibc CP932) accept characters
 * such as U+301C 〜 but give back another one (U+FF5E ～).
 */
static int
lossy_at(const char *to, const char *in, size_t len, size_t *at,
    uint32_t *which)
{
	size_t i = 0, n, b1, b2, bad;
	uint32_t cp;
	char *enc, *dec;
	int why, lossy;

	while (i < len) {
		if ((n = utf8_next(in + i, len - i, &cp)) == 0) {
			i++;	/* NUL bytes, validated before */
			continue;
		}
		enc = convert(to, "UTF-8", in + i, n, &b1, &bad, &why);
		dec = enc ? convert("UTF-8", to, enc, b1, &b2, &bad, &why) : NULL;
		lossy = dec == NULL || b2 != n || memcmp(dec, in + i, n) != 0;
		free(enc);
		free(dec);
		if (lossy) {
			*at = i;
			*which = cp;
			return 1;
		}
		i += n;
	}
	return 0;
}

/* Also refuses characters that would come back as a different one. */
char *
codec_from_utf8(const char *to, const char *in, size_t len, size_t *outlen,
    struct err *e)
{
	size_t bad, n, olen, back_len, at;
	uint32_t cp;
	char *r, *back;
	int why, same;

	if (to == NULL) {
		err_set(e, E_USAGE, "", "no encoding given");
		return NULL;
	}
	if (!utf8_valid(in, len)) {
		for (bad = 0; bad < len; bad += n) {
			if (in[bad] == '\0') {
				n = 1;
				continue;
			}
			if ((n = utf8_next(in + bad, len - bad, &cp)) == 0)
				break;
		}
		err_set(e, E_ENCODING, "", "invalid UTF-8 at byte offset %zu",
		    bad);
		return NULL;
	}
	r = convert(to, "UTF-8", in, len, &olen, &bad, &why);
	if (r == NULL) {
		if (bad == SIZE_MAX) {
			err_set(e, E_USAGE, "", "unsupported encoding %s", to);
			return NULL;
		}
		n = utf8_next(in + bad, len - bad, &cp);
		err_set(e, E_UNMAPPABLE, "",
		    "U+%04X at byte offset %zu has no mapping in %s",
		    n ? (unsigned)cp : 0xFFFDu, bad, to);
		return NULL;
	}
	/* Exactness: the text must come back unchanged. */
	back = convert("UTF-8", to, r, olen, &back_len, &bad, &why);
	same = back != NULL && back_len == len && memcmp(back, in, len) == 0;
	free(back);
	if (same) {
		if (outlen != NULL)
			*outlen = olen;
		return r;
	}
	free(r);
	if (lossy_at(to, in, len, &at, &cp))
		err_set(e, E_UNMAPPABLE, "",
		    "U+%04X at byte offset %zu has no exact mapping in %s",
		    (unsigned)cp, at, to);
	else
		err_set(e, E_UNMAPPABLE, "", "no exact mapping in %s", to);
	return NULL;
}
