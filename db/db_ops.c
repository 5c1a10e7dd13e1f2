/*
 * Storage for backups, media, exports, approvals and the retention purge
 * (db_ops.h).  The snapshot and image functions speak SQLite directly:
 * the online backup API copies the live database into a memory database
 * in one step (a consistent WAL snapshot while other processes write),
 * which is then serialised to one buffer, so no plain-text copy is ever
 * written to disk; the rest is portable SQL over the driver vtable.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "db_internal.h"
#include "xmalloc.h"

/* ---- snapshots and images ------------------------------------------------ */

static int
sq_err(sqlite3 *h, const char *what, struct err *e)
{
	return err_set(e, E_DB, "", "sqlite %s: %s", what,
	    h ? sqlite3_errmsg(h) : "out of memory");
}

/* A private memory database (memdb VFS, so that it serialises in place). */
static sqlite3 *
mem_open(struct err *e)
{
	sqlite3 *m = NULL;

	if (sqlite3_open_v2(":memory:", &m, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK ||
	    sqlite3_deserialize(m, "main", NULL, 0, 0,
	    SQLITE_DESERIALIZE_FREEONCLOSE | SQLITE_DESERIALIZE_RESIZEABLE) !=
	    SQLITE_OK) {
		sq_err(m, "memory database", e);
		sqlite3_close(m);
		return NULL;
	}
	return m;
}

/* Copy src into dst with the backup API in one step, waiting on locks. */
static int
copy_db(sqlite3 *dst, sqlite3 *src, struct err *e)
{
	sqlite3_backup *b = sqlite3_backup_init(dst, "main", src, "main");
	int rc, tries = 0;

	if (b == NULL)
		return sq_err(dst, "backup", e);
	while ((rc = sqlite3_backup_step(b, -1)) == SQLITE_BUSY ||
	    rc == SQLITE_LOCKED) {
		if (++tries > 200)
			break;
		sqlite3_sleep(50);
	}
	sqlite3_backup_finish(b);
	if (rc != SQLITE_DONE)
		return err_set(e, rc == SQLITE_BUSY || rc == SQLITE_LOCKED ?
		    E_DB_BUSY : E_DB, "", "sqlite backup: %s", sqlite3_errstr(rc));
	return 0;
}

int
db_snapshot(struct db *db, struct db_image *img, struct err *e)
{
	sqlite3 *m;
	sqlite3_int64 n = 0;
	unsigned char *p;

	memset(img, 0, sizeof *img);
	if (db->drv != &db_driver_sqlite)
		return err_set(e, E_UNSUPPORTED, "", "backups of a %s ledger are "
		    "the server's business (pg_dump)", db->drv->name);
	if ((m = mem_open(e)) == NULL)
		return -1;
	if (copy_db(m, db->h, e) == -1) {
		sqlite3_close(m);
		return -1;
	}
	p = sqlite3_serialize(m, "main", &n, 0);
	sqlite3_close(m);
	if (p == NULL || n < 100)
		return err_set(e, E_DB, "", "cannot serialise the snapshot");
	/* A WAL database's header says so (bytes 18-19 = 2); the image is a
	 * plain rollback-journal file, as a memory database must be. */
	p[18] = p[19] = 1;
	img->data = p;
	img->len = (size_t)n;
	return 0;
}

void
db_image_alloc(struct db_image *img, size_t len)
{
	img->data = sqlite3_malloc64(len ? len : 1);
	if (img->data == NULL)
		fatal("out of memory for a %zu-byte image", len);
	memset(img->data, 0, len ? len : 1);
	img->len = len;
}

void
db_image_resize(struct db_image *img, size_t len)
{
	unsigned char *p = sqlite3_realloc64(img->data, len ? len : 1);

	if (p == NULL)
		fatal("out of memory for a %zu-byte image", len);
	if (len > img->len)
		memset(p + img->len, 0, len - img->len);
	img->data = p;
	img->len = len;
}

void
db_image_free(struct db_image *img)
{
	if (img->data != NULL) {
		/* The image holds personal data. */
		sqlite3_free(memset(img->data, 0, img->len));
	}
	img->data = NULL;
	img->len = 0;
}

struct db *
db_open_image(struct db_image *img, struct err *e)
{
	struct db *db;
	sqlite3 *h = NULL;

	if (img->len >= 20)
		img->data[18] = img->data[19] = 1;
	if (sqlite3_open_v2(":memory:", &h, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
		sq_err(h, "memory database", e);
		sqlite3_close(h);
		return NULL;
	}
	if (sqlite3_deserialize(h, "main", img->data, (sqlite3_int64)img->len,
	    (sqlite3_int64)img->len, SQLITE_DESERIALIZE_FREEONCLOSE |
	    SQLITE_DESERIALIZE_RESIZEABLE) != SQLITE_OK) {
		/* FREEONCLOSE: the buffer is SQLite's now, even on failure. */
		img->data = NULL;
		sq_err(h, "deserialise", e);
		sqlite3_close(h);
		return NULL;
	}
	img->data = NULL;
	img->len = 0;
	sqlite3_exec(h, "PRAGMA foreign_keys=ON; PRAGMA secure_delete=ON;"
	    "PRAGMA trusted_schema=OFF", NULL, NULL, NULL);
	db = xcalloc(1, sizeof *db);
	db->drv = &db_driver_sqlite;
	db->h = h;
	return db;
}

int
db_image_view(struct db *db, const unsigned char **data, size_t *len,
    struct err *e)
{
	sqlite3_int64 n = 0;
	unsigned char *p;

	if (db->drv != &db_driver_sqlite || db->file != NULL ||
	    (p = sqlite3_serialize(db->h, "main", &n,
	    SQLITE_SERIALIZE_NOCOPY)) == NULL)
		return err_set(e, E_DB, "", "not an image in memory");
	*data = p;
	*len = (size_t)n;
	return 0;
}

int
db_save_new(struct db *db, const char *path, struct err *e)
{
	sqlite3 *out = NULL;
	int fd, rc;

	if (db->drv != &db_driver_sqlite)
		return err_set(e, E_UNSUPPORTED, "", "%s", db->drv->name);
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
	    0600);
	if (fd == -1)
		return err_set(e, E_EXISTS, "to", "%s: the file exists or "
		    "cannot be created", path);
	close(fd);
	if (sqlite3_open_v2(path, &out, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
		rc = sq_err(out, "open", e);
		goto fail;
	}
	if ((rc = copy_db(out, db->h, e)) == -1)
		goto fail;
	if (sqlite3_close(out) != SQLITE_OK) {
		out = NULL;
		rc = err_set(e, E_IO, "to", "closing the new database");
		goto fail;
	}
	return 0;
fail:
	sqlite3_close(out);
	unlink(path);
	return rc;
}

/* ---- the backup catalogue ------------------------------------------------ */

int
db_backup_add(struct db *db, struct db_backup *b, struct err *e)
{
	static const char sql[] = "INSERT INTO backup_catalog (kind, file, "
	    "location, base_id, created_at, created_by, size, hash, "
	    "period_from, period_to, audit_seq, audit_hash, pages) VALUES "
	    "($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) "
	    "RETURNING id";
	void *st = db_stmt(db, sql, e);
	int rc;

	if (st == NULL || db_bind_text(db, st, 1, b->kind, e) == -1 ||
	    db_bind_text(db, st, 2, b->file, e) == -1 ||
	    db_bind_text(db, st, 3, b->location, e) == -1 ||
	    db_bind_int(db, st, 4, b->base_id, e) == -1 ||
	    db_bind_text(db, st, 5, b->created_at, e) == -1 ||
	    db_bind_text(db, st, 6, b->created_by, e) == -1 ||
	    db_bind_int(db, st, 7, b->size, e) == -1 ||
	    db_bind_text(db, st, 8, b->hash, e) == -1 ||
	    db_bind_text(db, st, 9, b->period_from, e) == -1 ||
	    db_bind_text(db, st, 10, b->period_to, e) == -1 ||
	    db_bind_int(db, st, 11, b->audit_seq, e) == -1 ||
	    db_bind_text(db, st, 12, b->audit_hash, e) == -1 ||
	    db_bind_int(db, st, 13, b->pages, e) == -1)
		return -1;
	if ((rc = db->drv->step(st, e)) == DB_ROW)
		b->id = db->drv->col_int(st, 0);
	db->drv->reset(st);
	return rc == DB_ROW ? 0 : -1;
}

int
db_backup_each(struct db *db, int (*fn)(void *, const struct db_backup *),
    void *ctx, struct err *e)
{
	static const char sql[] = "SELECT id, kind, file, location, base_id, "
	    "created_at, created_by, size, hash, period_from, period_to, "
	    "audit_seq, audit_hash, pages, disposed_at, disposed_by "
	    "FROM backup_catalog ORDER BY id";
	void *st = db_stmt(db, sql, e);
	struct db_backup b;
	int rc;

	if (st == NULL)
		return -1;
	while ((rc = db->drv->step(st, e)) == DB_ROW) {
		memset(&b, 0, sizeof b);
		b.id = db->drv->col_int(st, 0);
		DB_COPY(db, st, 1, b.kind);
		DB_COPY(db, st, 2, b.file);
		DB_COPY(db, st, 3, b.location);
		b.base_id = db->drv->col_int(st, 4);
		DB_COPY(db, st, 5, b.created_at);
		DB_COPY(db, st, 6, b.created_by);
		b.size = db->drv->col_int(st, 7);
		DB_COPY(db, st, 8, b.hash);
		DB_COPY(db, st, 9, b.period_from);
		DB_COPY(db, st, 10, b.period_to);
		b.audit_seq = db->drv->col_int(st, 11);
		DB_COPY(db, st, 12, b.audit_hash);
		b.pages = db->drv->col_int(st, 13);
		DB_COPY(db, st, 14, b.disposed_at);
		DB_COPY(db, st, 15, b.disposed_by);
		if (fn(ctx, &b) != 0)
			break;
	}
	db->drv->reset(st);
	return rc == DB_ERROR ? -1 : 0;
}

int
db_backup_dispose(struct db *db, int64_t id, const char *at, const char *by,
    struct err *e)
{
	static const char sql[] = "UPDATE backup_catalog SET disposed_at = $1, "
	    "disposed_by = $2 WHERE id = $3 AND disposed_at = ''";
	void *st = db_stmt(db, sql, e);

	if (st == NULL || db_bind_text(db, st, 1, at, e) == -1 ||
	    db_bind_text(db, st, 2, by, e) == -1 ||
	    db_bind_int(db, st, 3, id, e) == -1 || db_run(db, st, e) == -1)
		return -1;
	return db->drv->changes(db->h) == 1 ? 0 :
	    err_set(e, E_NOT_FOUND, "backup", "%lld", (long long)id);
}

/* ---- media ----------------------------------------------------------------- */

int
db_media_add(struct db *db, const struct db_media *m, struct err *e)
{
	static const char sql[] = "INSERT INTO media (id, description, kind, "
	    "secret_hash, registered_by, registered_at, active) VALUES "
	    "($1, $2, $3, $4, $5, $6, 1)";
	void *st = db_stmt(db, sql, e);

	if (st == NULL || db_bind_text(db, st, 1, m->id, e) == -1 ||
	    db_bind_text(db, st, 2, m->description, e) == -1 ||
	    db_bind_text(db, st, 3, m->kind, e) == -1 ||
	    db_bind_text(db, st, 4, m->secret_hash, e) == -1 ||
	    db_bind_text(db, st, 5, m->registered_by, e) == -1 ||
	    db_bind_text(db, st, 6, m->registered_at, e) == -1)
		return -1;
	return db_run(db, st, e);
}

static void
media_row(struct db *db, void *st, struct db_media *m)
{
	memset(m, 0, sizeof *m);
	DB_COPY(db, st, 0, m->id);
	DB_COPY(db, st, 1, m->description);
	DB_COPY(db, st, 2, m->kind);
	DB_COPY(db, st, 3, m->secret_hash);
	DB_COPY(db, st, 4, m->registered_by);
	DB_COPY(db, st, 5, m->registered_at);
	m->active = (int)db->drv->col_int(st, 6);
	DB_COPY(db, st, 7, m->retired_at);
	DB_COPY(db, st, 8, m->retired_by);
	DB_COPY(db, st, 9, m->retired_how);
}

#define MEDIA_COLS "id, description, kind, secret_hash, registered_by, " \
	"registered_at, active, retired_at, retired_by, retired_how"

int
db_media_get(struct db *db, const char *id, struct db_media *m, struct err *e)
{
	static const char sql[] = "SELECT " MEDIA_COLS " FROM media WHERE id = $1";
	void *st = db_stmt(db, sql, e);
	int rc;

	if (st == NULL || db_bind_text(db, st, 1, id, e) == -1)
		return -1;
	if ((rc = db->drv->step(st, e)) == DB_ROW)
		media_row(db, st, m);
	db->drv->reset(st);
	if (rc == DB_DONE)
		return err_set(e, E_NOT_FOUND, "media", NULL);
	return rc == DB_ROW ? 0 : -1;
}

int
db_media_each(struct db *db, int (*fn)(void *, const struct db_media *),
    void *ctx, struct err *e)
{
	static const char sql[] = "SELECT " MEDIA_COLS " FROM media ORDER BY "
	    "registered_at, id";
	void *st = db_stmt(db, sql, e);
	struct db_media m;
	int rc;

	if (st == NULL)
		return -1;
	while ((rc = db->drv->step(st, e)) == DB_ROW) {
		media_row(db, st, &m);
		if (fn(ctx, &m) != 0)
			break;
	}
	db->drv->reset(st);
	return rc == DB_ERROR ? -1 : 0;
}

int
db_media_retire(struct db *db, const char *id, const char *how,
    const char *at, const char *by, struct err *e)
{
	static const char sql[] = "UPDATE media SET active = 0, retired_at = $1, "
	    "retired_by = $2, retired_how = $3 WHERE id = $4 AND active = 1";
	void *st = db_stmt(db, sql, e);

	if (st == NULL || db_bind_text(db, st, 1, at, e) == -1 ||
	    db_bind_text(db, st, 2, by, e) == -1 ||
	    db_bind_text(db, st, 3, how, e) == -1 ||
	    db_bind_text(db, st, 4, id, e) == -1 || db_run(db, st, e) == -1)
		return -1;
	return db->drv->changes(db->h) == 1 ? 0 :
	    err_set(e, E_NOT_FOUND, "media", "no active medium %s", id);
}

/* ---- the export register ----------------------------------------------- */

int
db_export_add(struct db *db, struct db_export *x, struct err *e)
{
	static const char sql[] = "INSERT INTO export_register (media_id, "
	    "file_name, checksum, record_count, skipped_restricted, field_list, "
	    "encoding, user_login, approval_id, approver, purpose, "
	    "takeout_approver, at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, "
	    "$10, $11, $12, $13) RETURNING job_id";
	void *st = db_stmt(db, sql, e);
	int rc;

	if (st == NULL || db_bind_text(db, st, 1, x->media_id, e) == -1 ||
	    db_bind_text(db, st, 2, x->file_name, e) == -1 ||
	    db_bind_text(db, st, 3, x->checksum, e) == -1 ||
	    db_bind_int(db, st, 4, x->record_count, e) == -1 ||
	    db_bind_int(db, st, 5, x->skipped_restricted, e) == -1 ||
	    db_bind_text(db, st, 6, x->field_list, e) == -1 ||
	    db_bind_text(db, st, 7, x->encoding, e) == -1 ||
	    db_bind_text(db, st, 8, x->user_login, e) == -1 ||
	    db_bind_int(db, st, 9, x->approval_id, e) == -1 ||
	    db_bind_text(db, st, 10, x->approver, e) == -1 ||
	    db_bind_text(db, st, 11, x->purpose, e) == -1 ||
	    db_bind_text(db, st, 12, x->takeout_approver, e) == -1 ||
	    db_bind_text(db, st, 13, x->at, e) == -1)
		return -1;
	if ((rc = db->drv->step(st, e)) == DB_ROW)
		x->job_id = db->drv->col_int(st, 0);
	db->drv->reset(st);
	return rc == DB_ROW ? 0 : -1;
}

int
db_export_each(struct db *db, int (*fn)(void *, const struct db_export *),
    void *ctx, struct err *e)
{
	static const char sql[] = "SELECT job_id, media_id, file_name, checksum, "
	    "record_count, skipped_restricted, field_list, encoding, user_login, "
	    "approval_id, approver, purpose, takeout_approver, at, returned_at, "
	    "disposed_at, closed_by FROM export_register ORDER BY job_id";
	void *st = db_stmt(db, sql, e);
	struct db_export x;
	int rc;

	if (st == NULL)
		return -1;
	while ((rc = db->drv->step(st, e)) == DB_ROW) {
		memset(&x, 0, sizeof x);
		x.job_id = db->drv->col_int(st, 0);
		DB_COPY(db, st, 1, x.media_id);
		DB_COPY(db, st, 2, x.file_name);
		DB_COPY(db, st, 3, x.checksum);
		x.record_count = db->drv->col_int(st, 4);
		x.skipped_restricted = db->drv->col_int(st, 5);
		DB_COPY(db, st, 6, x.field_list);
		DB_COPY(db, st, 7, x.encoding);
		DB_COPY(db, st, 8, x.user_login);
		x.approval_id = db->drv->col_int(st, 9);
		DB_COPY(db, st, 10, x.approver);
		DB_COPY(db, st, 11, x.purpose);
		DB_COPY(db, st, 12, x.takeout_approver);
		DB_COPY(db, st, 13, x.at);
		DB_COPY(db, st, 14, x.returned_at);
		DB_COPY(db, st, 15, x.disposed_at);
		DB_COPY(db, st, 16, x.closed_by);
		if (fn(ctx, &x) != 0)
			break;
	}
	db->drv->reset(st);
	return rc == DB_ERROR ? -1 : 0;
}

int
db_export_close(struct db *db, int64_t job_id, const char *how,
    const char *at, const char *by, struct err *e)
{
	static const char ret[] = "UPDATE export_register SET returned_at = $1, "
	    "closed_by = $2 WHERE job_id = $3 AND returned_at = '' "
	    "AND disposed_at = ''";
	static const char dis[] = "UPDATE export_register SET disposed_at = $1, "
	    "closed_by = $2 WHERE job_id = $3 AND returned_at = '' "
	    "AND disposed_at = ''";
	void *st = db_stmt(db, strcmp(how, "returned") == 0 ? ret : dis, e);

	if (st == NULL || db_bind_text(db, st, 1, at, e) == -1 ||
	    db_bind_text(db, st, 2, by, e) == -1 ||
	    db_bind_int(db, st, 3, job_id, e) == -1 || db_run(db, st, e) == -1)
		return -1;
	return db->drv->changes(db->h) == 1 ? 0 :
	    err_set(e, E_NOT_FOUND, "job", "no open export job %lld",
	    (long long)job_id);
}

int
db_resident_each_current(struct db *db,
    int (*fn)(void *, const struct db_resident *), void *ctx, struct err *e)
{
	static const char sql[] = "SELECT atena_no, rireki_no, state, "
	    "coalesce(my_number, ''), name, name_kana, sex, birth_date, "
	    "postal_code, address, katagaki, household_no, juminhyo_code, "
	    "alias_name, phone, movement_reason, movement_date, restricted "
	    "FROM residents WHERE current = 1 AND state = 'confirmed' "
	    "ORDER BY atena_no";
	void *st = db_stmt(db, sql, e);
	struct db_resident r;
	int rc;

	if (st == NULL)
		return -1;
	while ((rc = db->drv->step(st, e)) == DB_ROW) {
		memset(&r, 0, sizeof r);
		DB_COPY(db, st, 0, r.atena_no);
		r.rireki_no = (int)db->drv->col_int(st, 1);
		DB_COPY(db, st, 2, r.state);
		r.current = 1;
		DB_COPY(db, st, 3, r.my_number);
		DB_COPY(db, st, 4, r.name);
		DB_COPY(db, st, 5, r.name_kana);
		r.sex = (int)db->drv->col_int(st, 6);
		DB_COPY(db, st, 7, r.birth_date);
		DB_COPY(db, st, 8, r.postal_code);
		DB_COPY(db, st, 9, r.address);
		DB_COPY(db, st, 10, r.katagaki);
		DB_COPY(db, st, 11, r.household_no);
		DB_COPY(db, st, 12, r.juminhyo_code);
		DB_COPY(db, st, 13, r.alias_name);
		DB_COPY(db, st, 14, r.phone);
		DB_COPY(db, st, 15, r.movement_reason);
		DB_COPY(db, st, 16, r.movement_date);
		r.restricted = (int)db->drv->col_int(st, 17);
		rc = fn(ctx, &r);
		memset(&r, 0, sizeof r);
		if (rc != 0) {
			rc = DB_DONE;
			break;
		}
	}
	db->drv->reset(st);
	return rc == DB_ERROR ? -1 : 0;
}

/* ---- approvals ----------------------------------------------------------- */

#define APPROVAL_COLS "id, kind, purpose, conditions, max_count, " \
	"requested_by, requested_at, state, decided_by, decided_at, " \
	"expires_at, used_at, used_count"

static void
approval_row(struct db *db, void *st, struct db_approval *a)
{
	memset(a, 0, sizeof *a);
	a->id = db->drv->col_int(st, 0);
	DB_COPY(db, st, 1, a->kind);
	DB_COPY(db, st, 2, a->purpose);
	DB_COPY(db, st, 3, a->conditions);
	a->max_count = db->drv->col_int(st, 4);
	DB_COPY(db, st, 5, a->requested_by);
	DB_COPY(db, st, 6, a->requested_at);
	DB_COPY(db, st, 7, a->state);
	DB_COPY(db, st, 8, a->decided_by);
	DB_COPY(db, st, 9, a->decided_at);
	DB_COPY(db, st, 10, a->expires_at);
	DB_COPY(db, st, 11, a->used_at);
	a->used_count = db->drv->col_int(st, 12);
}

int
db_approval_add(struct db *db, struct db_approval *a, struct err *e)
{
	static const char sql[] = "INSERT INTO approvals (kind, purpose, "
	    "conditions, max_count, requested_by, requested_at, state) VALUES "
	    "($1, $2, $3, $4, $5, $6, 'requested') RETURNING id";
	void *st = db_stmt(db, sql, e);
	int rc;

	if (st == NULL || db_bind_text(db, st, 1, a->kind, e) == -1 ||
	    db_bind_text(db, st, 2, a->purpose, e) == -1 ||
	    db_bind_text(db, st, 3, a->conditions, e) == -1 ||
	    db_bind_int(db, st, 4, a->max_count, e) == -1 ||
	    db_bind_text(db, st, 5, a->requested_by, e) == -1 ||
	    db_bind_text(db, st, 6, a->requested_at, e) == -1)
		return -1;
	if ((rc = db->drv->step(st, e)) == DB_ROW)
		a->id = db->drv->col_int(st, 0);
	db->drv->reset(st);
	return rc == DB_ROW ? 0 : -1;
}

int
db_approval_get(struct db *db, int64_t id, struct db_approval *a,
    struct err *e)
{
	static const char sql[] = "SELECT " APPROVAL_COLS " FROM approvals "
	    "WHERE id = $1";
	void *st = db_stmt(db, sql, e);
	int rc;

	if (st == NULL || db_bind_int(db, st, 1, id, e) == -1)
		return -1;
	if ((rc = db->drv->step(st, e)) == DB_ROW)
		approval_row(db, st, a);
	db->drv->reset(st);
	if (rc == DB_DONE)
		return err_set(e, E_NOT_FOUND, "approval", "%lld", (long long)id);
	return rc == DB_ROW ? 0 : -1;
}

int
db_approval_decide(struct db *db, int64_t id, const char *state,
    const char *by, const char *at, const char *expires, struct err *e)
{
	static const char sql[] = "UPDATE approvals SET state = $1, "
	    "decided_by = $2, decided_at = $3, expires_at = $4 "
	    "WHERE id = $5 AND state = 'requested'";
	void *st = db_stmt(db, sql, e);

	if (st == NULL || db_bind_text(db, st, 1, state, e) == -1 ||
	    db_bind_text(db, st, 2, by, e) == -1 ||
	    db_bind_text(db, st, 3, at, e) == -1 ||
	    db_bind_text(db, st, 4, expires, e) == -1 ||
	    db_bind_int(db, st, 5, id, e) == -1 || db_run(db, st, e) == -1)
		return -1;
	return db->drv->changes(db->h) == 1 ? 0 :
	    err_set(e, E_NOT_FOUND, "approval", "not awaiting a decision");
}

int
db_approval_use(struct db *db, int64_t id, int64_t count, const char *at,
    struct err *e)
{
	static const char sql[] = "UPDATE approvals SET state = 'used', "
	    "used_at = $1, used_count = $2 WHERE id = $3 AND state = 'granted'";
	void *st = db_stmt(db, sql, e);

	if (st == NULL || db_bind_text(db, st, 1, at, e) == -1 ||
	    db_bind_int(db, st, 2, count, e) == -1 ||
	    db_bind_int(db, st, 3, id, e) == -1 || db_run(db, st, e) == -1)
		return -1;
	return db->drv->changes(db->h) == 1 ? 0 :
	    err_set(e, E_APPROVAL, "approval", "already used");
}

int
db_approval_each(struct db *db, int (*fn)(void *, const struct db_approval *),
    void *ctx, struct err *e)
{
	static const char sql[] = "SELECT " APPROVAL_COLS " FROM approvals "
	    "ORDER BY id";
	void *st = db_stmt(db, sql, e);
	struct db_approval a;
	int rc;

	if (st == NULL)
		return -1;
	while ((rc = db->drv->step(st, e)) == DB_ROW) {
		approval_row(db, st, &a);
		if (fn(ctx, &a) != 0)
			break;
	}
	db->drv->reset(st);
	return rc == DB_ERROR ? -1 : 0;
}

/* ---- retention ---------------------------------------------------------- */

/*
 * Per ledger: the records whose basis date is before $1, with what keeps
 * them (a pending version, 疑義, a legal hold).  A book's basis is its
 * newest version's stamp date; a person's is the removal date (除票) of
 * the current version of someone no longer resident.
 */
#define HOLD(l, k) "CASE WHEN EXISTS (SELECT 1 FROM legal_holds h WHERE " \
	"h.ledger = '" l "' AND h.record_key = " k ") THEN 1 ELSE 0 END"
#define BOOK_CANDIDATES(table, l, key) "SELECT " key ", count(*), " \
	"max(substr(stamp, 1, 10)), " \
	"max(CASE WHEN state = 'pending' THEN 1 ELSE 0 END), max(doubt), " \
	HOLD(l, key) " FROM " table " GROUP BY " key \
	" HAVING max(substr(stamp, 1, 10)) < $1 ORDER BY " key

static const struct {
	const char *ledger, *candidates, *del1, *del2;
} purge_sql[] = {
	{ "resident",
	  "SELECT r.atena_no, (SELECT count(*) FROM residents x WHERE "
	  "x.atena_no = r.atena_no), r.removal_date, CASE WHEN EXISTS (SELECT "
	  "1 FROM residents p WHERE p.atena_no = r.atena_no AND p.state = "
	  "'pending') THEN 1 ELSE 0 END, r.doubt, " HOLD("resident", "r.atena_no")
	  " FROM residents r WHERE r.current = 1 AND r.resident_flag = 0 AND "
	  "r.removal_date <> '' AND r.removal_date < $1 ORDER BY r.atena_no",
	  "DELETE FROM residents WHERE atena_no = $1", NULL },
	{ "child", BOOK_CANDIDATES("child_claims", "child", "claim_no"),
	  "DELETE FROM child_claim_children WHERE claim_no = $1",
	  "DELETE FROM child_claims WHERE claim_no = $1" },
	{ "elderly", BOOK_CANDIDATES("elderly_passes", "elderly",
	  "CAST(year AS TEXT) || '-' || pass_no"),
	  "DELETE FROM elderly_passes WHERE CAST(year AS TEXT) || '-' || "
	  "pass_no = $1", NULL },
	{ "vaccine", BOOK_CANDIDATES("vaccine_doses", "vaccine", "record_no"),
	  "DELETE FROM vaccine_doses WHERE record_no = $1", NULL },
};

static int
purge_index(const char *ledger, struct err *e)
{
	size_t i;

	for (i = 0; i < sizeof purge_sql / sizeof purge_sql[0]; i++)
		if (strcmp(purge_sql[i].ledger, ledger) == 0)
			return (int)i;
	return err_set(e, E_USAGE, "ledger", "%s", ledger);
}

int
db_purge_candidates(struct db *db, const char *ledger, const char *cutoff,
    int (*fn)(void *, const struct db_expired *), void *ctx, struct err *e)
{
	int i = purge_index(ledger, e), rc;
	struct db_expired x;
	void *st;

	if (i < 0 || (st = db_stmt(db, purge_sql[i].candidates, e)) == NULL ||
	    db_bind_text(db, st, 1, cutoff, e) == -1)
		return -1;
	while ((rc = db->drv->step(st, e)) == DB_ROW) {
		memset(&x, 0, sizeof x);
		snprintf(x.ledger, sizeof x.ledger, "%s", ledger);
		DB_COPY(db, st, 0, x.key);
		x.versions = (int)db->drv->col_int(st, 1);
		DB_COPY(db, st, 2, x.basis);
		x.pending = db->drv->col_int(st, 3) != 0;
		x.doubt = db->drv->col_int(st, 4) != 0;
		x.hold = db->drv->col_int(st, 5) != 0;
		if (fn(ctx, &x) != 0)
			break;
	}
	db->drv->reset(st);
	return rc == DB_ERROR ? -1 : 0;
}

int
db_purge_record(struct db *db, const char *ledger, const char *key,
    struct err *e)
{
	int i = purge_index(ledger, e);
	const char *sql[2];
	void *st;
	int k;

	if (i < 0)
		return -1;
	sql[0] = purge_sql[i].del1;
	sql[1] = purge_sql[i].del2;
	for (k = 0; k < 2 && sql[k] != NULL; k++)
		if ((st = db_stmt(db, sql[k], e)) == NULL ||
		    db_bind_text(db, st, 1, key, e) == -1 ||
		    db_run(db, st, e) == -1)
			return -1;
	return 0;
}

int
db_deletion_log_add(struct db *db, const char *run_id,
    const struct db_expired *x, const char *end_date,
    const char *operator_login, const char *approver, const char *at,
    struct err *e)
{
	static const char sql[] = "INSERT INTO deletion_log (run_id, ledger, "
	    "record_key, versions, retention_class, end_date, operator, "
	    "approver, at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)";
	void *st = db_stmt(db, sql, e);

	if (st == NULL || db_bind_text(db, st, 1, run_id, e) == -1 ||
	    db_bind_text(db, st, 2, x->ledger, e) == -1 ||
	    db_bind_text(db, st, 3, x->key, e) == -1 ||
	    db_bind_int(db, st, 4, x->versions, e) == -1 ||
	    db_bind_text(db, st, 5, x->ledger, e) == -1 ||
	    db_bind_text(db, st, 6, end_date, e) == -1 ||
	    db_bind_text(db, st, 7, operator_login, e) == -1 ||
	    db_bind_text(db, st, 8, approver, e) == -1 ||
	    db_bind_text(db, st, 9, at, e) == -1)
		return -1;
	return db_run(db, st, e);
}

int
db_deletion_log_count(struct db *db, const char *run_id, int64_t *n,
    struct err *e)
{
	static const char sql[] = "SELECT count(*) FROM deletion_log "
	    "WHERE run_id = $1";
	void *st = db_stmt(db, sql, e);
	int rc;

	*n = 0;
	if (st == NULL || db_bind_text(db, st, 1, run_id, e) == -1)
		return -1;
	if ((rc = db->drv->step(st, e)) == DB_ROW)
		*n = db->drv->col_int(st, 0);
	db->drv->reset(st);
	return rc == DB_ROW ? 0 : -1;
}

int
db_legal_hold_put(struct db *db, const char *ledger, const char *key,
    const char *reason, const char *by, const char *at, struct err *e)
{
	static const char sql[] = "INSERT INTO legal_holds (ledger, record_key, "
	    "reason, set_by, set_at) VALUES ($1, $2, $3, $4, $5)";
	void *st = db_stmt(db, sql, e);

	if (st == NULL || db_bind_text(db, st, 1, ledger, e) == -1 ||
	    db_bind_text(db, st, 2, key, e) == -1 ||
	    db_bind_text(db, st, 3, reason, e) == -1 ||
	    db_bind_text(db, st, 4, by, e) == -1 ||
	    db_bind_text(db, st, 5, at, e) == -1)
		return -1;
	return db_run(db, st, e);
}

int
db_legal_hold_remove(struct db *db, const char *ledger, const char *key,
    struct err *e)
{
	static const char sql[] = "DELETE FROM legal_holds WHERE ledger = $1 "
	    "AND record_key = $2";
	void *st = db_stmt(db, sql, e);

	if (st == NULL || db_bind_text(db, st, 1, ledger, e) == -1 ||
	    db_bind_text(db, st, 2, key, e) == -1 || db_run(db, st, e) == -1)
		return -1;
	return db->drv->changes(db->h) == 1 ? 0 :
	    err_set(e, E_NOT_FOUND, "hold", NULL);
}

/* ---- the audit log's purge ------------------------------------------------ */

int
db_audit_purge_upto(struct db *db, const char *before, int64_t *upto,
    struct err *e)
{
	/* The prefix ends before the first row that is not old enough; the
	 * newest row always stays (the chain continues from it). */
	static const char sql[] = "SELECT coalesce((SELECT min(seq) FROM "
	    "audit_log WHERE at >= $1), (SELECT max(seq) FROM audit_log), 1) - 1";
	void *st = db_stmt(db, sql, e);
	int rc;

	*upto = 0;
	if (st == NULL || db_bind_text(db, st, 1, before, e) == -1)
		return -1;
	if ((rc = db->drv->step(st, e)) == DB_ROW)
		*upto = db->drv->col_int(st, 0);
	db->drv->reset(st);
	return rc == DB_ROW ? 0 : -1;
}

int
db_audit_get(struct db *db, int64_t seq, struct db_audit_row *r,
    struct err *e)
{
	static const char sql[] = "SELECT seq, at, user_login, terminal, "
	    "category, op, target, detail, outcome, reason, prev_hash, hash "
	    "FROM audit_log WHERE seq = $1";
	void *st = db_stmt(db, sql, e);
	int rc;

	if (st == NULL || db_bind_int(db, st, 1, seq, e) == -1)
		return -1;
	if ((rc = db->drv->step(st, e)) == DB_ROW) {
		memset(r, 0, sizeof *r);
		r->seq = db->drv->col_int(st, 0);
		DB_COPY(db, st, 1, r->at);
		DB_COPY(db, st, 2, r->user_login);
		DB_COPY(db, st, 3, r->terminal);
		DB_COPY(db, st, 4, r->category);
		DB_COPY(db, st, 5, r->op);
		DB_COPY(db, st, 6, r->target);
		DB_COPY(db, st, 7, r->detail);
		DB_COPY(db, st, 8, r->outcome);
		DB_COPY(db, st, 9, r->reason);
		DB_COPY(db, st, 10, r->prev_hash);
		DB_COPY(db, st, 11, r->hash);
	}
	db->drv->reset(st);
	if (rc == DB_DONE)
		return err_set(e, E_NOT_FOUND, "seq", "%lld", (long long)seq);
	return rc == DB_ROW ? 0 : -1;
}

int
db_audit_purge(struct db *db, int64_t upto, const char *before,
    int64_t *deleted, struct err *e)
{
	static const char open_w[] = "INSERT INTO purge_window (upto_seq, "
	    "before_at) VALUES ($1, $2)";
	static const char del[] = "DELETE FROM audit_log WHERE seq <= $1";
	static const char close_w[] = "DELETE FROM purge_window";
	void *st;

	*deleted = 0;
	if (!db->in_tx)
		return err_set(e, E_DB, "", "the purge needs a transaction");
	if ((st = db_stmt(db, open_w, e)) == NULL ||
	    db_bind_int(db, st, 1, upto, e) == -1 ||
	    db_bind_text(db, st, 2, before, e) == -1 || db_run(db, st, e) == -1)
		return -1;
	if ((st = db_stmt(db, del, e)) == NULL ||
	    db_bind_int(db, st, 1, upto, e) == -1 || db_run(db, st, e) == -1)
		return -1;
	*deleted = db->drv->changes(db->h);
	if ((st = db_stmt(db, close_w, e)) == NULL || db_run(db, st, e) == -1)
		return -1;
	return 0;
}

int
db_purge_anchor_add(struct db *db, int64_t seq, const char *hash,
    const char *run_id, const char *at, const char *by, struct err *e)
{
	static const char sql[] = "INSERT INTO purge_anchor (seq, hash, run_id, "
	    "at, by_login) VALUES ($1, $2, $3, $4, $5)";
	void *st = db_stmt(db, sql, e);

	if (st == NULL || db_bind_int(db, st, 1, seq, e) == -1 ||
	    db_bind_text(db, st, 2, hash, e) == -1 ||
	    db_bind_text(db, st, 3, run_id, e) == -1 ||
	    db_bind_text(db, st, 4, at, e) == -1 ||
	    db_bind_text(db, st, 5, by, e) == -1)
		return -1;
	return db_run(db, st, e);
}

int
db_purge_anchor_latest(struct db *db, int64_t *seq, char hash[HASH_HEX],
    struct err *e)
{
	static const char sql[] = "SELECT seq, hash FROM purge_anchor "
	    "ORDER BY seq DESC LIMIT 1";
	void *st = db_stmt(db, sql, e);
	int rc;

	*seq = 0;
	hash[0] = '\0';
	if (st == NULL)
		return -1;
	if ((rc = db->drv->step(st, e)) == DB_ROW) {
		*seq = db->drv->col_int(st, 0);
		db_col_copy(db, st, 1, hash, HASH_HEX);
	}
	db->drv->reset(st);
	return rc == DB_ERROR ? -1 : 0;
}

int
db_vacuum(struct db *db, struct err *e)
{
	if (db->in_tx)
		return err_set(e, E_DB, "", "VACUUM inside a transaction");
	if (db->drv->exec(db->h, "VACUUM", e) == -1)
		return -1;
	/* The write-ahead log still holds the deleted rows' old pages:
	 * copy back and empty it. */
	if (db->drv == &db_driver_sqlite)
		return db->drv->exec(db->h, "PRAGMA wal_checkpoint(TRUNCATE)", e);
	return 0;
}
