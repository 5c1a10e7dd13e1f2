/*
 * Export of the resident master to a registered medium (R-45 – R-47,
 * Only an operator of the resident ledger exports,
 * only the current confirmed versions, never a restricted (不開示) person
 * (skipped and counted), only into the directory of an active registered
 * medium (media.h; anywhere else is refused and audited), and only
 * encrypted: the CSV is sealed while it is written (sealed.h), so no plain
 * text reaches the disk.  Above `bulk_threshold` records the run consumes
 * an approval of kind "export" (approval.h).  Each run is entered in the
 * export register with the medium, file, checksum, count, field list,
 * user, approver, purpose and take-out approver.
 *
 * The CSV has the importer's header names (import.h), so that a decrypted
 * export imports as it is:
 *   宛名番号,個人番号,氏名,氏名カナ,性別,生年月日,郵便番号,住所,方書,世帯番号,
 *   住民票コード,通称名,電話番号,異動事由,異動年月日
 * 性別 as 1/2/9, dates as YYYY-MM-DD, CR LF line ends, fields quoted
 * when they hold a comma, a quote or a line break.  In CP932 a character
 * without an exact mapping (〜 U+301C, 𠮷 ...) fails the run naming the
 * row number, the 宛名番号 and the code point; the partial file is
 * removed.
 */
#ifndef MADOGUCHI_EXPORT_H
#define MADOGUCHI_EXPORT_H

#include <stdint.h>

#include "db_types.h"
#include "ledger.h"
#include "sealed.h"

struct export_opts {
	const char *media_dir;		/* the medium's mount point */
	const char *file;		/* a base name on the medium */
	const char *encoding;		/* "utf-8" (default) or "cp932" */
	const struct sealed_secret *secret;
	const char *purpose;		/* required */
	int64_t approval_id;		/* 0: none (needed above the threshold) */
	const char *takeout_approver;	/* who approved taking it out, or NULL */
};

struct export_result {
	int64_t job_id;
	int64_t records;
	int64_t skipped_restricted;
	char media_id[LOGIN_MAX];
	char checksum[HASH_HEX];	/* BLAKE2b-256 of the encrypted file */
	char approver[LOGIN_MAX];
};

int export_residents(struct session *, const struct export_opts *,
    struct export_result *, struct err *);
/*
 * Decrypt a sealed export into out (created 0600, must not exist):
 * the receiving side's tool (operator role on the resident ledger).
 */
int export_decrypt(struct session *, const char *in, const char *out,
    const struct sealed_secret *, struct err *);
/* The export register (admin or auditor), oldest first. */
int export_list(struct session *, int (*fn)(void *, const struct db_export *),
    void *ctx, struct err *);
/* Record the return or disposal of the medium of job (admin). */
int export_close(struct session *, int64_t job, const char *how,
    struct err *);

#endif
