/*
 * Japanese text normalisation: NFKC through utf8proc (half-width kana to
 * full width with voicing marks composed, full-width ASCII to ASCII,
 * U+3000 to a space), readings (フリガナ) in full-width katakana, and the
 * folded search key (清音化かな) that makes ヤマダ, やまだ and ﾔﾏﾀﾞ meet.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "buf.h"
#include "err.h"
#include "kana.h"
#include "width.h"
#include "xmalloc.h"

#define IDEOGRAPHIC_SPACE	0x3000
#define KATA_LONG		0x30FC	/* ー */
#define KATA_DOT		0x30FB	/* ・ */
#define KATA_ITER		0x30FD	/* ヽ */
#define KATA_ITER_VOICED	0x30FE	/* ヾ */

/*
 * Katakana U+30A0..U+30FF: the plain large kana each folds to in the
 * search key, and the vowel that a following ー stands for (0: none).
 */
static const struct {
	uint16_t	 fold;
	char		 vowel;
} kata[0x60] = {
	[0x01] = { 0x30A2, 'a' },	/* ァ → ア */
	[0x02] = { 0x30A2, 'a' },	/* ア */
	[0x03] = { 0x30A4, 'i' },	/* ィ → イ */
	[0x04] = { 0x30A4, 'i' },	/* イ */
	[0x05] = { 0x30A6, 'u' },	/* ゥ → ウ */
	[0x06] = { 0x30A6, 'u' },	/* ウ */
	[0x07] = { 0x30A8, 'e' },	/* ェ → エ */
	[0x08] = { 0x30A8, 'e' },	/* エ */
	[0x09] = { 0x30AA, 'o' },	/* ォ → オ */
	[0x0A] = { 0x30AA, 'o' },	/* オ */
	[0x0B] = { 0x30AB, 'a' },	/* カ */
	[0x0C] = { 0x30AB, 'a' },	/* ガ → カ */
	[0x0D] = { 0x30AD, 'i' },	/* キ */
	[0x0E] = { 0x30AD, 'i' },	/* ギ → キ */
	[0x0F] = { 0x30AF, 'u' },	/* ク */
	[0x10] = { 0x30AF, 'u' },	/* グ → ク */
	[0x11] = { 0x30B1, 'e' },	/* ケ */
	[0x12] = { 0x30B1, 'e' },	/* ゲ → ケ */
	[0x13] = { 0x30B3, 'o' },	/* コ */
	[0x14] = { 0x30B3, 'o' },	/* ゴ → コ */
	[0x15] = { 0x30B5, 'a' },	/* サ */
	[0x16] = { 0x30B5, 'a' },	/* ザ → サ */
	[0x17] = { 0x30B7, 'i' },	/* シ */
	[0x18] = { 0x30B7, 'i' },	/* ジ → シ */
	[0x19] = { 0x30B9, 'u' },	/* ス */
	[0x1A] = { 0x30B9, 'u' },	/* ズ → ス */
	[0x1B] = { 0x30BB, 'e' },	/* セ */
	[0x1C] = { 0x30BB, 'e' },	/* ゼ → セ */
	[0x1D] = { 0x30BD, 'o' },	/* ソ */
	[0x1E] = { 0x30BD, 'o' },	/* ゾ → ソ */
	[0x1F] = { 0x30BF, 'a' },	/* タ */
	[0x20] = { 0x30BF, 'a' },	/* ダ → タ */
	[0x21] = { 0x30C1, 'i' },	/* チ */
	[0x22] = { 0x30C1, 'i' },	/* ヂ → チ */
	[0x23] = { 0x30C4, 'u' },	/* ッ → ツ */
	[0x24] = { 0x30C4, 'u' },	/* ツ */
	[0x25] = { 0x30C4, 'u' },	/* ヅ → ツ */
	[0x26] = { 0x30C6, 'e' },	/* テ */
	[0x27] = { 0x30C6, 'e' },	/* デ → テ */
	[0x28] = { 0x30C8, 'o' },	/* ト */
	[0x29] = { 0x30C8, 'o' },	/* ド → ト */
	[0x2A] = { 0x30CA, 'a' },	/* ナ */
	[0x2B] = { 0x30CB, 'i' },	/* ニ */
	[0x2C] = { 0x30CC, 'u' },	/* ヌ */
	[0x2D] = { 0x30CD, 'e' },	/* ネ */
	[0x2E] = { 0x30CE, 'o' },	/* ノ */
	[0x2F] = { 0x30CF, 'a' },	/* ハ */
	[0x30] = { 0x30CF, 'a' },	/* バ → ハ */
	[0x31] = { 0x30CF, 'a' },	/* パ → ハ */
	[0x32] = { 0x30D2, 'i' },	/* ヒ */
	[0x33] = { 0x30D2, 'i' },	/* ビ → ヒ */
	[0x34] = { 0x30D2, 'i' },	/* ピ → ヒ */
	[0x35] = { 0x30D5, 'u' },	/* フ */
	[0x36] = { 0x30D5, 'u' },	/* ブ → フ */
	[0x37] = { 0x30D5, 'u' },	/* プ → フ */
	[0x38] = { 0x30D8, 'e' },	/* ヘ */
	[0x39] = { 0x30D8, 'e' },	/* ベ → ヘ */
	[0x3A] = { 0x30D8, 'e' },	/* ペ → ヘ */
	[0x3B] = { 0x30DB, 'o' },	/* ホ */
	[0x3C] = { 0x30DB, 'o' },	/* ボ → ホ */
	[0x3D] = { 0x30DB, 'o' },	/* ポ → ホ */
	[0x3E] = { 0x30DE, 'a' },	/* マ */
	[0x3F] = { 0x30DF, 'i' },	/* ミ */
	[0x40] = { 0x30E0, 'u' },	/* ム */
	[0x41] = { 0x30E1, 'e' },	/* メ */
	[0x42] = { 0x30E2, 'o' },	/* モ */
	[0x43] = { 0x30E4, 'a' },	/* ャ → ヤ */
	[0x44] = { 0x30E4, 'a' },	/* ヤ */
	[0x45] = { 0x30E6, 'u' },	/* ュ → ユ */
	[0x46] = { 0x30E6, 'u' },	/* ユ */
	[0x47] = { 0x30E8, 'o' },	/* ョ → ヨ */
	[0x48] = { 0x30E8, 'o' },	/* ヨ */
	[0x49] = { 0x30E9, 'a' },	/* ラ */
	[0x4A] = { 0x30EA, 'i' },	/* リ */
	[0x4B] = { 0x30EB, 'u' },	/* ル */
	[0x4C] = { 0x30EC, 'e' },	/* レ */
	[0x4D] = { 0x30ED, 'o' },	/* ロ */
	[0x4E] = { 0x30EF, 'a' },	/* ヮ → ワ */
	[0x4F] = { 0x30EF, 'a' },	/* ワ */
	[0x50] = { 0x30A4, 'i' },	/* ヰ → イ */
	[0x51] = { 0x30A8, 'e' },	/* ヱ → エ */
	[0x52] = { 0x30AA, 'o' },	/* ヲ → オ */
	[0x53] = { 0x30F3, 0 },		/* ン */
	[0x54] = { 0x30A6, 'u' },	/* ヴ → ウ */
	[0x55] = { 0x30AB, 'a' },	/* ヵ → カ */
	[0x56] = { 0x30B1, 'e' },	/* ヶ → ケ */
	[0x57] = { 0x30EF, 'a' },	/* ヷ → ワ */
	[0x58] = { 0x30A4, 'i' },	/* ヸ → イ */
	[0x59] = { 0x30A8, 'e' },	/* ヹ → エ */
	[0x5A] = { 0x30AA, 'o' },	/* ヺ → オ */
};

/* Small katakana for Ainu, U+31F0..U+31FF (ㇰ → ク ... ㇿ → ロ). */
static const uint16_t kata_ext[16] = {
	0x30AF, 0x30B7, 0x30B9, 0x30C8, 0x30CC, 0x30CF, 0x30D2, 0x30D5,
	0x30D8, 0x30DB, 0x30E0, 0x30E9, 0x30EA, 0x30EB, 0x30EC, 0x30ED
};

int
utf8_valid(const char *s, size_t len)
{
	size_t i = 0, n;
	uint32_t cp;

	while (i < len) {
		if (s[i] == '\0') {	/* U+0000 is valid UTF-8 */
			i++;
			continue;
		}
		if ((n = utf8_next(s + i, len - i, &cp)) == 0)
			return 0;
		i += n;
	}
	return 1;
}


/* White space after NFKC (which already maps U+3000 and NBSP to ' '). */
static int
is_space(uint32_t cp)
{
	return cp == ' ' || (cp >= '\t' && cp <= '\r') || cp == 0x85 ||
	    cp == IDEOGRAPHIC_SPACE || cp == 0x2028 || cp == 0x2029;
}

/* Hiragana to katakana (ぁ..ゖ, ゝ ゞ); anything else is returned as is. */
static uint32_t
to_katakana(uint32_t cp)
{
	if ((cp >= 0x3041 && cp <= 0x3096) || cp == 0x309D || cp == 0x309E)
		return cp + 0x60;
	return cp;
}

/* A kana letter (after to_katakana), including ヽ ヾ and voicing marks. */
static int
is_kana(uint32_t cp)
{
	return (cp >= 0x30A1 && cp <= 0x30FA) || cp == KATA_ITER ||
	    cp == KATA_ITER_VOICED || (cp >= 0x31F0 && cp <= 0x31FF) ||
	    cp == 0x3099 || cp == 0x309A;
}

static int
is_reading_char(uint32_t cp)
{
	return is_kana(cp) || cp == KATA_LONG || cp == KATA_DOT || is_space(cp);
}

static void
put_cp(struct buf *b, uint32_t cp)
{
	char tmp[4];

	buf_add(b, tmp, utf8_put(cp, tmp));
}

/*
 * Characters NFKC leaves as they are whatever surrounds them: none has a
 * decomposition, a nonzero combining class or a part as the second of a
 * composition (printable ASCII, hiragana and katakana letters, CJK
 * ideographs).  A text of these alone (U+3000 aside, which NFKC maps to a
 * plain space) needs no call to utf8proc; the unit tests compare every one
 * of them with utf8proc's NFKC.
 */
static int
nfkc_stable(uint32_t cp)
{
	return (cp >= 0x20 && cp <= 0x7E) || (cp >= 0x3041 && cp <= 0x3096) ||
	    cp == 0x309D || cp == 0x309E || (cp >= 0x30A1 && cp <= 0x30FE) ||
	    (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x4E00 && cp <= 0x9FFF);
}

/*
 * NFKC of s as a string owned by the caller, or NULL on invalid UTF-8.
 * The spacing marks ゛ ゜ (which NFKC turns into a space and a combining
 * mark) are made combining first, so ハ゛ composes to バ like ﾊﾞ does.
 */
static char *
nfkc(const char *s)
{
	struct buf b;
	utf8proc_uint8_t *r;
	size_t i = 0, len = strlen(s), n;
	uint32_t cp;
	char *out;
	int stable = 1;

	if (!utf8_valid(s, len))
		return NULL;
	buf_init(&b);
	while ((n = utf8_next(s + i, len - i, &cp)) > 0) {
		i += n;
		if (cp == 0x309B || cp == 0x309C)
			cp -= 2;	/* U+3099, U+309A */
		if (cp == IDEOGRAPHIC_SPACE)
			cp = ' ';
		else if (stable && !nfkc_stable(cp))
			stable = 0;
		put_cp(&b, cp);
	}
	out = buf_release(&b);
	if (stable)
		return out;
	r = utf8proc_NFKC((const utf8proc_uint8_t *)out);
	free(out);
	if (r == NULL)
		return NULL;
	out = xstrdup((const char *)r);
	free(r);
	return out;
}

/*
 * Walk the NFKC form t, folding white space runs into one `space` code
 * point and trimming the ends; with `kana` set, hiragana become katakana
 * and any other character fails.  Returns NULL on failure.
 */
static char *
fold_spaces(const char *t, uint32_t space, int kana)
{
	struct buf b;
	size_t i = 0, len = strlen(t), n;
	uint32_t cp;
	int pending = 0;

	buf_init(&b);
	while (i < len && (n = utf8_next(t + i, len - i, &cp)) > 0) {
		i += n;
		if (is_space(cp)) {
			pending = b.len > 0;
			continue;
		}
		if (kana) {
			cp = to_katakana(cp);
			if (!is_reading_char(cp)) {
				buf_free(&b);
				return NULL;
			}
		}
		if (pending)
			put_cp(&b, space);
		pending = 0;
		put_cp(&b, cp);
	}
	return buf_release(&b);
}

char *
text_normalize(const char *s, struct err *e)
{
	char *t, *r;

	if ((t = nfkc(s)) == NULL) {
		err_set(e, E_ENCODING, "", "invalid UTF-8");
		return NULL;
	}
	r = fold_spaces(t, ' ', 0);
	free(t);
	return r;
}

char *
kana_normalize(const char *s, struct err *e)
{
	char *t, *r;

	if ((t = nfkc(s)) == NULL) {
		err_set(e, E_ENCODING, "", "invalid UTF-8");
		return NULL;
	}
	r = fold_spaces(t, IDEOGRAPHIC_SPACE, 1);
	free(t);
	if (r == NULL)
		err_set(e, E_KANA, "", "a character is not kana");
	return r;
}

int
kana_only(const char *s)
{
	char *t;
	size_t i = 0, len, n;
	uint32_t cp;
	int ok = 1;

	if ((t = nfkc(s)) == NULL)
		return 0;
	len = strlen(t);
	while (ok && i < len && (n = utf8_next(t + i, len - i, &cp)) > 0) {
		i += n;
		ok = is_reading_char(to_katakana(cp));
	}
	free(t);
	return ok;
}

/*
 * The fold of one katakana code point (0 when it is dropped); *vowel gets
 * the vowel a following ー repeats.  Other characters pass unchanged.
 */
static uint32_t
fold_kana(uint32_t cp, char *vowel)
{
	uint32_t f;

	*vowel = 0;
	if (cp >= 0x31F0 && cp <= 0x31FF)
		cp = kata_ext[cp - 0x31F0];
	if (cp == 0x3099 || cp == 0x309A || cp == KATA_DOT)
		return 0;
	if (cp >= 0x30A1 && cp <= 0x30FA) {
		f = kata[cp - 0x30A0].fold;
		*vowel = kata[f - 0x30A0].vowel;
		return f;
	}
	return cp;
}

static const uint16_t vowel_kana[] = {
	['a' - 'a'] = 0x30A2, ['i' - 'a'] = 0x30A4, ['u' - 'a'] = 0x30A6,
	['e' - 'a'] = 0x30A8, ['o' - 'a'] = 0x30AA
};

/*
 * The search key of s: white space dropped; with kana set, hiragana become
 * katakana and the kana are folded (fold_kana).  ー after a kana without a
 * vowel (ン) or after no kana is dropped; ヽ and ヾ repeat the kana before
 * them (both fold to the plain kana).
 */
static char *
search_key(const char *s, int kana)
{
	struct buf b;
	char *t, vowel = 0, v;
	size_t i = 0, len, n;
	uint32_t cp, f, last = 0;

	if ((t = nfkc(s)) == NULL)
		return NULL;
	buf_init(&b);
	len = strlen(t);
	while (i < len && (n = utf8_next(t + i, len - i, &cp)) > 0) {
		i += n;
		if (is_space(cp))
			continue;
		if (!kana) {
			put_cp(&b, cp);
			continue;
		}
		cp = to_katakana(cp);
		if (cp == KATA_LONG) {
			if (vowel != 0)
				put_cp(&b, vowel_kana[vowel - 'a']);
			continue;
		}
		if (cp == KATA_ITER || cp == KATA_ITER_VOICED) {
			if (last != 0)
				put_cp(&b, last);
			continue;
		}
		if ((f = fold_kana(cp, &v)) == 0)
			continue;
		put_cp(&b, f);
		vowel = v;
		last = f >= 0x30A1 && f <= 0x30FA ? f : 0;
	}
	free(t);
	return buf_release(&b);
}

char *
kana_search_key(const char *s)
{
	return search_key(s, 1);
}

char *
name_search_key(const char *s)
{
	return search_key(s, 0);
}
