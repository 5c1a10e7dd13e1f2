/*
 * Importing the resident master from the 住基 system's files:
 * CSV with a header row, or the fixed-length CP932 layout below.  Every
 * record is checked against before anything is committed;
 * by default one bad record refuses the whole file, and with skip_bad the
 * good records commit in one transaction while the bad ones go to an
 * error file.  Nothing is ever half-applied, nothing is silently altered:
 * the only conversions are the documented ones below.
 *
 * CSV (RFC 4180): quoted fields, "" inside quotes, CRLF or LF, a quoted
 * field may hold commas and newlines.  The header names the columns in
 * any order, by the Japanese name or the database column name:
 *
 *   宛名番号 atena_no         required  digits, 1-15
 *   個人番号 my_number        column required, value optional; R-28
 *   氏名 name                 required  NFKC, parts joined by U+3000
 *   氏名カナ (フリガナ ふりがな カナ氏名) name_kana
 *                             required  kana_normalize: full-width katakana
 *   性別 sex                  required  男 女 1 2 9 (9 = not stated)
 *   生年月日 birth_date       required  西暦 or 和暦 (wareki_parse), not future
 *   郵便番号 postal_code      optional  7 digits, "123-4567" allowed
 *   住所 address              required  NFKC
 *   方書 katagaki             optional  stored as decoded (trimmed only)
 *   世帯番号 household_no     optional  digits, 1-15
 *   住民票コード juminhyo_code, 通称名 alias_name, 電話番号 phone,
 *   異動事由 movement_reason, 異動年月日 movement_date: optional columns.
 *   元行番号, エラー: the columns added to an error file; ignored, so a
 *   corrected error file can be imported as it is.
 * Any other column is an error naming it, unless ignore_unknown is set.
 *
 * Fixed length (format IMPORT_FIXED): CP932 records of 328 bytes, each
 * followed by CR LF (330 bytes a record, no header).  Fields are cut by
 * BYTES before decoding, so a double-byte character split by a field
 * boundary is an error; padding is half-width spaces (full-width U+3000
 * padding inside text fields is trimmed too):
 *
 *   field      offset  bytes  content
 *   宛名番号        0     10  digits, right-padded with spaces
 *   個人番号       10     12  12 digits or spaces (not held)
 *   氏名           22     40  kanji name (full-width)
 *   氏名カナ       62     60  kana, half-width allowed (folded)
 *   性別          122      1  1 male, 2 female, 9 not stated
 *   生年月日      123      8  YYYYMMDD, or era code + YYMMDD (7) and a space
 *   郵便番号      131      7  7 digits or spaces
 *   住所          138    120  address
 *   方書          258     60  方書
 *   世帯番号      318     10  digits or spaces
 *
 * Decoding is strict (codec_to_utf8): CP932 (never SHIFT_JIS, so ① ㈱ 髙
 * 﨑 and 〜 decode; glibc gives 〜 0x8160 as U+FF5E), SHIFT_JISX0213, or
 * UTF-8 (validated, a BOM is dropped).  An undecodable byte is reported
 * with its line and always refuses the whole file (a wrong --encoding or
 * a damaged transfer), also with skip_bad.
 *
 * Stored values: 宛名番号 already in the master gets a new confirmed
 * version (履歴番号 = latest + 1) made current: the 住基 feed is the
 * authoritative source, so no second person confirms it.  Fields the file
 * does not carry (不開示, 疑義, 旧氏 ...) are kept from the current version;
 * a record equal to the current version adds nothing (counted unchanged).
 * New persons get 履歴番号 1.  Every version is stamped with the importing
 * user, terminal and time, reason_code "import", ref_no = the file's base
 * name, and increasing 更新順番号.  A 個人番号 is refused when it appears
 * twice in the file or is held by another current person.
 */
#ifndef MADOGUCHI_IMPORT_H
#define MADOGUCHI_IMPORT_H

#include <stddef.h>
#include <stdint.h>

#include "db_types.h"
#include "err.h"
#include "ledger.h"

enum import_format {
	IMPORT_CSV,
	IMPORT_FIXED
};

/* One problem with a record: never the value itself. */
struct import_problem {
	int64_t line;		/* physical line where the record starts, 1..;
				 * 0 for the file as a whole */
	const char *field;	/* column name (Japanese) or "" */
	enum err_code code;
	const char *detail;	/* context, never personal data; may be "" */
};

struct import_opts {
	const char *encoding;	/* "cp932", "utf-8", "shift_jisx0213" ... */
	enum import_format format;
	int ignore_unknown;	/* unknown CSV columns are ignored */
	int accept_alerts;	/* a repeated-digit My Number is accepted */
	/*
	 * skip_bad: commit the good records; the bad ones are written to
	 * errors_path (created 0600, personal data: handle it like the
	 * source file).  CSV: the original header and records, in the input
	 * encoding and byte for byte, with two columns added: 元行番号 (the
	 * line) and エラー (column and reason).  Fixed: the original records
	 * byte for byte (reasons only in the report).  Removed again when no
	 * record was bad or the file was refused.
	 */
	int skip_bad;
	const char *errors_path;
	/* Called for every problem (may be NULL). */
	void (*report)(void *ctx, const struct import_problem *);
	/* Called now and then with records done and the estimated total. */
	void (*progress)(void *ctx, int64_t done, int64_t total);
	/* The reason text written to the error file (NULL: err_message). */
	const char *(*message)(enum err_code);
	void *ctx;
};

struct import_result {
	int64_t total;		/* records read */
	int64_t accepted;	/* created + updated + unchanged */
	int64_t rejected;
	int64_t created, updated, unchanged;
	int committed;		/* nonzero when the transaction committed */
	char checksum[HASH_HEX];	/* BLAKE2b-256 of the file, hex */
};

/*
 * Import the residents in the file at path (operator role on the resident
 * ledger; a refusal is audited).  All database work and one audit row
 * (op "import": base name, checksum and counts, no personal data) are one
 * transaction.  Returns 0 when the file committed; -1 with E_PATTERN
 * (records refused, see res) or another code.  res may be NULL.
 */
int import_run(struct session *, const char *path, const struct import_opts *,
    struct import_result *res, struct err *);

/* The fixed-length layout, for documentation and --help. */
struct import_fixed_field {
	const char *name;	/* Japanese column name */
	int offset;		/* byte offset in the record */
	int length;		/* bytes */
};
/* The table (static storage) and its length in *n. */
const struct import_fixed_field *import_fixed_layout(size_t *n);
/* Bytes of one fixed-length record, without the CR LF. */
int import_fixed_width(void);

#endif
