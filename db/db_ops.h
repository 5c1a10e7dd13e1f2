/*
 * Storage for the operations side of issue 7 (included by db.h): database
 * snapshots for backups (SQLite's online backup API), the backup
 * catalogue, the media and export registers, bulk-output approvals, and
 * the retention purge (candidates, deletion, deletion history, legal
 * holds, the audit log's purge window and anchors).  Plain structs here;
 * the rules live in ledger/backup.c, export.c, media.c, approval.c and
 * purge.c.
 */
#ifndef MADOGUCHI_DB_OPS_H
#define MADOGUCHI_DB_OPS_H

#include <stddef.h>
#include <stdint.h>

#include "db_types.h"
#include "err.h"

struct db;

/* A whole SQLite database as one contiguous image in memory. */
struct db_image {
	unsigned char *data;	/* owned; free with db_image_free */
	size_t len;
};

/*
 * A consistent copy of the open database taken with the online backup API
 * in one step (other processes keep writing: WAL readers see a snapshot).
 * Nothing touches the disk.  E_UNSUPPORTED on PostgreSQL (use pg_dump).
 */
int db_snapshot(struct db *, struct db_image *, struct err *);
/* An empty image of len bytes to fill (for restores); len may be 0. */
void db_image_alloc(struct db_image *, size_t len);
/* Grow or shrink an image, keeping its bytes (new bytes are zero). */
void db_image_resize(struct db_image *, size_t len);
void db_image_free(struct db_image *);
/*
 * Open an image in memory as a database (no migration).  Takes the image's
 * buffer: img->data becomes NULL.  Caller frees with db_close().
 */
struct db *db_open_image(struct db_image *, struct err *);
/* The bytes of a database opened with db_open_image, in place (valid
 * until it is changed or closed). */
int db_image_view(struct db *, const unsigned char **data, size_t *len,
    struct err *);
/* Copy the open database into the new file path (must not exist; 0600). */
int db_save_new(struct db *, const char *path, struct err *);

/* Insert b (b->id is set). */
int db_backup_add(struct db *, struct db_backup *, struct err *);
/* Entries oldest first. */
int db_backup_each(struct db *, int (*fn)(void *, const struct db_backup *),
    void *ctx, struct err *);
int db_backup_dispose(struct db *, int64_t id, const char *at,
    const char *by, struct err *);

int db_media_add(struct db *, const struct db_media *, struct err *);
int db_media_get(struct db *, const char *id, struct db_media *, struct err *);
int db_media_each(struct db *, int (*fn)(void *, const struct db_media *),
    void *ctx, struct err *);
/* Mark an active medium retired; E_NOT_FOUND when none is active. */
int db_media_retire(struct db *, const char *id, const char *how,
    const char *at, const char *by, struct err *);

int db_export_add(struct db *, struct db_export *, struct err *);
int db_export_each(struct db *, int (*fn)(void *, const struct db_export *),
    void *ctx, struct err *);
/* Record the medium's return or disposal for job_id ("returned" or
 * "disposed"); E_NOT_FOUND when the job is unknown or already closed. */
int db_export_close(struct db *, int64_t job_id, const char *how,
    const char *at, const char *by, struct err *);

/* Current (confirmed) master versions in 宛名番号 order. */
int db_resident_each_current(struct db *,
    int (*fn)(void *, const struct db_resident *), void *ctx, struct err *);

int db_approval_add(struct db *, struct db_approval *, struct err *);
int db_approval_get(struct db *, int64_t id, struct db_approval *,
    struct err *);
/* requested -> granted or refused; E_NOT_FOUND when not requested. */
int db_approval_decide(struct db *, int64_t id, const char *state,
    const char *by, const char *at, const char *expires, struct err *);
/* granted -> used with the count; E_NOT_FOUND when not granted. */
int db_approval_use(struct db *, int64_t id, int64_t count, const char *at,
    struct err *);
int db_approval_each(struct db *,
    int (*fn)(void *, const struct db_approval *), void *ctx, struct err *);

/* Records of ledger ("resident", "child", "elderly", "vaccine") whose
 * basis date is before cutoff ("YYYY-MM-DD"), in key order. */
int db_purge_candidates(struct db *, const char *ledger, const char *cutoff,
    int (*fn)(void *, const struct db_expired *), void *ctx, struct err *);
/* Delete every version of one record (and its child rows). */
int db_purge_record(struct db *, const char *ledger, const char *key,
    struct err *);
int db_deletion_log_add(struct db *, const char *run_id,
    const struct db_expired *, const char *end_date, const char *operator_login,
    const char *approver, const char *at, struct err *);
int db_deletion_log_count(struct db *, const char *run_id, int64_t *n,
    struct err *);
int db_legal_hold_put(struct db *, const char *ledger, const char *key,
    const char *reason, const char *by, const char *at, struct err *);
int db_legal_hold_remove(struct db *, const char *ledger, const char *key,
    struct err *);

/* The audit log's purgeable prefix: the newest seq such that it and all
 * rows before it are older than before ("YYYY-MM-DD"); 0 when none. */
int db_audit_purge_upto(struct db *, const char *before, int64_t *upto,
    struct err *);
/* One audit row by sequence number (E_NOT_FOUND). */
int db_audit_get(struct db *, int64_t seq, struct db_audit_row *,
    struct err *);
/* Delete rows 1..upto older than before through the purge window (inside
 * the caller's transaction); *deleted gets the count. */
int db_audit_purge(struct db *, int64_t upto, const char *before,
    int64_t *deleted, struct err *);
int db_purge_anchor_add(struct db *, int64_t seq, const char *hash,
    const char *run_id, const char *at, const char *by, struct err *);
/* Compact the database after a purge (SQLite VACUUM; outside any
 * transaction). */
int db_vacuum(struct db *, struct err *);
/* The newest anchor (0 and "" when none). */
int db_purge_anchor_latest(struct db *, int64_t *seq, char hash[HASH_HEX],
    struct err *);

#endif
