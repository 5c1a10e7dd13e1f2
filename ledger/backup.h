/*
 * Backups and restores.
 *
 * A full backup is a consistent copy of the whole SQLite database taken
 * with the online backup API while counters keep working, encrypted while
 * it streams out (a sealed file, sealed.h).  A differential backup holds
 * every database page that differs from the newest full backup (so it is
 * cumulative: it covers every row inserted, changed or deleted since that
 * full, in every table, including the in-place state changes of older
 * versions and the secure-deleted free pages).  Its plain text, inside the
 * sealed file, is
 *
 *   "MDGDIFF1", page size (u32), page count (u32), base page count (u32),
 *   the base full's file hash (64 hex characters), then for each changed
 *   page its number (u32, from 1) and its bytes, and a final 0 (u32);
 *   integers big-endian.
 *
 * Every backup is entered in the backup_catalog table and appended to the
 * catalogue file DIR/catalogue (no personal data, one line a backup):
 *
 *   mdgbackup 1 KIND FILE BASEFILE|- CREATED SIZE BLAKE2B AUDITSEQ
 *   AUDITHASH PAGES CREATOR
 *
 * so that a restore works from the directory alone when the live database
 * is lost.  A restore never touches the live database: it checks every
 * file's hash against the catalogue, rebuilds the image in memory (the
 * newest full, then each following differential based on it), runs the
 * integrity check and the audit chain verification and compares the audit
 * head with the catalogue's, and only then writes the new file (which must
 * not exist) and its checkpoint file NEWFILE.chain.
 *
 * PostgreSQL ledgers are not backed up here (E_UNSUPPORTED): pg_dump is
 * the tool.
 */
#ifndef MADOGUCHI_BACKUP_H
#define MADOGUCHI_BACKUP_H

#include <stdint.h>

#include "db_types.h"
#include "ledger.h"
#include "sealed.h"

struct backup_opts {
	const char *dir;		/* backup directory (created 0700) */
	int diff;			/* differential against the newest full */
	const struct sealed_secret *secret;
};

struct backup_result {
	char kind[8];
	char file[128];			/* base name in dir */
	char hash[HASH_HEX];
	int64_t size;
	int64_t id;			/* catalogue entry */
	int64_t pages;			/* full: pages; diff: changed pages */
	int64_t total_pages;
	int64_t audit_seq;
};

/* Take a backup (admin role on the system ledger); audited. */
int backup_run(struct session *, const struct backup_opts *,
    struct backup_result *, struct err *);
/* The same for a caller without a session (before a migration): actor
 * names who asked for it. */
int backup_run_ledger(struct ledger *, const char *actor,
    const struct backup_opts *, struct backup_result *, struct err *);

struct restore_result {
	int files;			/* full + differentials applied */
	int64_t pages;
	int64_t audit_rows;		/* rows verified */
	int64_t audit_seq;		/* head of the restored chain */
	char created[TIME_MAX];		/* time of the newest backup used */
};

/*
 * Rebuild the database from the backups in dir into the new file to
 * (see above).  Needs no ledger: the key is the credential.
 */
/*
 * take a full backup of a ledger whose schema is older than this
 * program (opened with ledger_open_ex and migrate_backup), then apply the
 * migrations and enter the backup in the catalogue, audited.
 */
int backup_before_migration(struct ledger *, const struct backup_opts *,
    struct backup_result *, struct err *);

int restore_run(const char *dir, const char *to, const struct sealed_secret *,
    struct restore_result *, struct err *);

/* Catalogue entries of the open ledger, oldest first (admin). */
int backup_list(struct session *, int (*fn)(void *, const struct db_backup *),
    void *ctx, struct err *);

/*
 * Remove the backup files created before `before` ("YYYY-MM-DD"), and the
 * differentials built on a removed full, overwriting them first; mark
 * them disposed.  Runs inside the caller's transaction; *n gets
 * the count.  Used by the retention purge.
 */
int backup_dispose_expired(struct ledger *, const char *before,
    const char *by, int dry_run, int64_t *n, struct err *);

#endif
