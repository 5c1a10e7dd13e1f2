/*
 * Full and differential backups, and restores into a new file (backup.h
 * has the formats).  The snapshot is an image in memory (db_snapshot):
 * a full backup streams it into a sealed file; a differential decrypts
 * the newest full chunk by chunk and seals only the pages that differ.
 * A restore rebuilds the image in memory and writes nothing until the
 * hashes, the integrity check and the audit chain have all passed.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "audit.h"
#include "backup.h"
#include "clock.h"
#include "ledger_internal.h"
#include "path.h"
#include "xmalloc.h"

#define DIFF_MAGIC "MDGDIFF1"
#define CATALOGUE "catalogue"
#define MAX_ENTRIES 4096

static void
put32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)(v >> 24);
	p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8);
	p[3] = (unsigned char)v;
}

static uint32_t
get32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
}

/* Page size of a SQLite image (header bytes 16-17; 1 means 65536). */
static size_t
page_size(const unsigned char *img, size_t len)
{
	unsigned v;

	if (len < 100 || memcmp(img, "SQLite format 3", 16) != 0)
		return 0;
	v = (unsigned)img[16] << 8 | img[17];
	return v == 1 ? 65536 : v;
}

/* ---- the catalogue file ------------------------------------------------- */

struct entry {
	char kind[8];
	char file[128];
	char base[128];			/* "-" for a full */
	char created[TIME_MAX];
	long long size;
	char hash[HASH_HEX];
	long long audit_seq;
	char audit_hash[HASH_HEX];
	long long pages;
	char creator[LOGIN_MAX];
};

static int
catalogue_append(const char *dir, const struct db_backup *b,
    const char *base, struct err *e)
{
	char *path = xasprintf("%s/%s", dir, CATALOGUE), *line, created[TIME_MAX];
	int fd, rc = 0;
	size_t n;
	char *sp;

	snprintf(created, sizeof created, "%s", b->created_at);
	if ((sp = strchr(created, ' ')) != NULL)
		*sp = 'T';
	line = xasprintf("mdgbackup 1 %s %s %s %s %lld %s %lld %s %lld %s\n",
	    b->kind, b->file, base[0] ? base : "-", created, (long long)b->size,
	    b->hash, (long long)b->audit_seq,
	    b->audit_hash[0] ? b->audit_hash : "-",	/* an empty log */
	    (long long)b->pages, b->created_by);
	n = strlen(line);
	fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
	if (fd == -1 || write(fd, line, n) != (ssize_t)n || fsync(fd) == -1)
		rc = err_set(e, E_IO, "dir", "cannot write the catalogue file");
	if (fd != -1 && close(fd) == -1)
		rc = err_set(e, E_IO, "dir", "cannot write the catalogue file");
	free(line);
	free(path);
	return rc;
}

/* Read DIR/catalogue into a new array; *n entries. */
static struct entry *
catalogue_read(const char *dir, int *n, struct err *e)
{
	char *path = xasprintf("%s/%s", dir, CATALOGUE), line[1024];
	struct entry *v = xcalloc(MAX_ENTRIES, sizeof *v), x;
	FILE *f = fopen(path, "r");
	char *t;

	free(path);
	*n = 0;
	if (f == NULL) {
		free(v);
		err_set(e, E_NOT_FOUND, "dir", "no catalogue file in %s", dir);
		return NULL;
	}
	while (fgets(line, sizeof line, f) != NULL && *n < MAX_ENTRIES) {
		memset(&x, 0, sizeof x);
		if (sscanf(line, "mdgbackup 1 %7s %127s %127s %19s %lld %64s %lld "
		    "%64s %lld %32s", x.kind, x.file, x.base, x.created, &x.size,
		    x.hash, &x.audit_seq, x.audit_hash, &x.pages, x.creator) != 10 ||
		    strchr(x.file, '/') != NULL || strchr(x.base, '/') != NULL)
			continue;
		if ((t = strchr(x.created, 'T')) != NULL)
			*t = ' ';
		if (strcmp(x.audit_hash, "-") == 0)
			x.audit_hash[0] = '\0';
		v[(*n)++] = x;
	}
	fclose(f);
	return v;
}

/* ---- writing ----------------------------------------------------------- */

/* A new file name kind-YYYYMMDD-HHMMSS[-N].mdgbak that does not exist. */
static void
new_name(const char *dir, const char *kind, char out[128])
{
	char stamp[TIME_MAX], *path;
	struct stat st;
	int i, k = 0;

	ledger_now(stamp);
	for (i = 0; stamp[i] != '\0'; i++)
		if (stamp[i] != '-' && stamp[i] != ':' && stamp[i] != ' ')
			stamp[k++] = stamp[i];
		else if (stamp[i] == ' ')
			stamp[k++] = '-';
	stamp[k] = '\0';
	for (i = 1;; i++) {
		if (i == 1)
			snprintf(out, 128, "%s-%s.mdgbak", kind, stamp);
		else
			snprintf(out, 128, "%s-%s-%d.mdgbak", kind, stamp, i);
		path = xasprintf("%s/%s", dir, out);
		k = stat(path, &st);
		free(path);
		if (k == -1)
			return;
	}
}

struct newest_full {
	struct db_backup b;
	int found;
};

static int
pick_full(void *ctx, const struct db_backup *b)
{
	struct newest_full *nf = ctx;

	if (strcmp(b->kind, "full") == 0 && b->disposed_at[0] == '\0') {
		nf->b = *b;
		nf->found = 1;
	}
	return 0;
}

/* Seal the pages of img that differ from the full backup at base_path. */
static int
write_diff(struct sealed_writer *w, const unsigned char *img, size_t len,
    const char *base_path, const struct db_backup *base,
    const struct sealed_secret *sec, int64_t *changed, struct err *e)
{
	struct sealed_reader *r;
	const unsigned char *chunk;
	unsigned char hdr[8 + 12 + 64], num[4], *page;
	size_t psz = page_size(img, len), fill = 0, n, take;
	uint32_t pgno = 0, npages;
	int rc;

	if (psz == 0)
		return err_set(e, E_DB, "", "the snapshot is not a database");
	npages = (uint32_t)(len / psz);
	*changed = 0;
	if ((r = sealed_open(base_path, sec, e)) == NULL)
		return -1;
	page = xmalloc(psz);
	memcpy(hdr, DIFF_MAGIC, 8);
	put32(hdr + 8, (uint32_t)psz);
	put32(hdr + 12, npages);
	put32(hdr + 16, (uint32_t)base->pages);
	memcpy(hdr + 20, base->hash, 64);
	if (sealed_write(w, hdr, sizeof hdr, e) == -1)
		goto fail;
	/* Walk the full's pages as they decrypt; a page that differs (or is
	 * beyond the full's end) goes into the differential. */
	while ((rc = sealed_read(r, &chunk, &n, e)) == 1) {
		while (n > 0) {
			take = psz - fill < n ? psz - fill : n;
			memcpy(page + fill, chunk, take);
			fill += take;
			chunk += take;
			n -= take;
			if (fill < psz)
				continue;
			fill = 0;
			if (++pgno > npages)
				continue;
			if (sodium_memcmp(page, img + (size_t)(pgno - 1) * psz,
			    psz) == 0)
				continue;
			put32(num, pgno);
			if (sealed_write(w, num, 4, e) == -1 ||
			    sealed_write(w, img + (size_t)(pgno - 1) * psz, psz,
			    e) == -1)
				goto fail;
			(*changed)++;
		}
	}
	if (rc == -1)
		goto fail;
	for (pgno++; pgno <= npages; pgno++) {
		put32(num, pgno);
		if (sealed_write(w, num, 4, e) == -1 ||
		    sealed_write(w, img + (size_t)(pgno - 1) * psz, psz, e) == -1)
			goto fail;
		(*changed)++;
	}
	put32(num, 0);
	if (sealed_write(w, num, 4, e) == -1)
		goto fail;
	sealed_close(&r);
	sodium_memzero(page, psz);
	free(page);
	return 0;
fail:
	sealed_close(&r);
	sodium_memzero(page, psz);
	free(page);
	return -1;
}

static int
audit_backup(struct ledger *lg, const struct session *s, const char *actor,
    const char *outcome, const char *detail, struct err *e)
{
	struct audit_event ev = { "backup", NULL, detail, outcome, NULL };

	return audit_append(lg, s, actor, &ev, e);
}

/*
 * Take a backup: the sealed file in o->dir and its line in DIR/catalogue,
 * described in *b.  Nothing is written to the database, so this also works
 * on a ledger whose schema is older than this program (before migrating).
 */
static int
take_backup(struct ledger *lg, const struct session *s, const char *actor,
    const struct backup_opts *o, struct db_backup *b,
    struct backup_result *res, struct err *e)
{
	struct db_image img = { NULL, 0 };
	struct db *snap = NULL;
	struct sealed_writer *w = NULL;
	struct newest_full nf;
	const unsigned char *data;
	char *path = NULL, *base_path = NULL;
	uint64_t size;
	size_t len;
	int rc = -1;

	memset(res, 0, sizeof *res);
	memset(b, 0, sizeof *b);
	memset(&nf, 0, sizeof nf);
	if (o->dir == NULL || *o->dir == '\0')
		return err_set(e, E_USAGE, "dir", "a backup directory is needed");
	if (strcmp(db_engine(lg->db), "sqlite") != 0 || db_file(lg->db) == NULL)
		return err_set(e, E_UNSUPPORTED, "", "backups of a %s ledger are "
		    "made by the server's tools (pg_dump)", db_engine(lg->db));
	if (path_mkdir_private(o->dir, e) == -1)
		return -1;
	if (o->diff) {
		if (db_backup_each(lg->db, pick_full, &nf, e) == -1)
			return -1;
		if (!nf.found)
			return err_set(e, E_NOT_FOUND, "diff",
			    "no full backup to build a differential on");
		base_path = xasprintf("%s/%s", nf.b.location, nf.b.file);
		if (sealed_file_hash(base_path, b->hash, NULL, e) == -1)
			goto out;
		if (strcmp(b->hash, nf.b.hash) != 0) {
			err_set(e, E_CHECKSUM, "diff", "the full backup %s differs "
			    "from its catalogue entry", nf.b.file);
			goto out;
		}
	}
	if (db_snapshot(lg->db, &img, e) == -1 ||
	    (snap = db_open_image(&img, e)) == NULL)
		goto out;
	if (db_audit_head(snap, &b->audit_seq, b->audit_hash, e) == -1 ||
	    db_image_view(snap, &data, &len, e) == -1)
		goto out;
	snprintf(b->kind, sizeof b->kind, "%s", o->diff ? "diff" : "full");
	new_name(o->dir, b->kind, b->file);
	path = xasprintf("%s/%s", o->dir, b->file);
	if ((w = sealed_create(path, o->secret, e)) == NULL)
		goto out;
	if (o->diff) {
		if (write_diff(w, data, len, base_path, &nf.b, o->secret,
		    &res->pages, e) == -1)
			goto out;
		b->base_id = nf.b.id;
		snprintf(b->period_from, sizeof b->period_from, "%s",
		    nf.b.created_at);
	} else {
		if (sealed_write(w, data, len, e) == -1)
			goto out;
		res->pages = (int64_t)(len / page_size(data, len));
	}
	res->total_pages = (int64_t)(len / page_size(data, len));
	if (sealed_finish(&w, b->hash, &size, e) == -1)
		goto out;
	snprintf(b->location, sizeof b->location, "%s", o->dir);
	ledger_now(b->created_at);
	if (!o->diff)
		snprintf(b->period_from, sizeof b->period_from, "%s", b->created_at);
	snprintf(b->period_to, sizeof b->period_to, "%s", b->created_at);
	snprintf(b->created_by, sizeof b->created_by, "%s",
	    s != NULL ? s->user.login : actor);
	b->size = (int64_t)size;
	b->pages = o->diff ? res->pages : res->total_pages;
	if (catalogue_append(o->dir, b, o->diff ? nf.b.file : "", e) == -1)
		goto out;
	snprintf(res->kind, sizeof res->kind, "%s", b->kind);
	snprintf(res->file, sizeof res->file, "%s", b->file);
	memcpy(res->hash, b->hash, HASH_HEX);
	res->size = b->size;
	res->audit_seq = b->audit_seq;
	rc = 0;
out:
	if (w != NULL)
		sealed_abort(&w);
	db_close(&snap);
	db_image_free(&img);
	free(path);
	free(base_path);
	return rc;
}

/* Enter a backup taken by take_backup() in the catalogue table, audited. */
static int
record(struct ledger *lg, const struct session *s, const char *actor,
    struct db_backup *b, const char *why, struct backup_result *res,
    struct err *e)
{
	char detail[256];

	snprintf(detail, sizeof detail, "kind=%s file=%.60s blake2b=%s size=%lld "
	    "pages=%lld audit_seq=%lld%s", b->kind, b->file, b->hash,
	    (long long)b->size, (long long)b->pages, (long long)b->audit_seq,
	    why ? why : "");
	if (ledger_begin(lg, e) == -1)
		return -1;
	if (db_backup_add(lg->db, b, e) == -1 ||
	    audit_backup(lg, s, actor, "ok", detail, e) == -1) {
		ledger_rollback(lg);
		return -1;
	}
	if (ledger_commit(lg, e) == -1)
		return -1;
	res->id = b->id;
	return 0;
}

static int
run(struct ledger *lg, const struct session *s, const char *actor,
    const struct backup_opts *o, struct backup_result *res, struct err *e)
{
	struct db_backup b;
	char detail[64];
	struct err ae;

	if (take_backup(lg, s, actor, o, &b, res, e) == 0 &&
	    record(lg, s, actor, &b, NULL, res, e) == 0)
		return 0;
	snprintf(detail, sizeof detail, "kind=%s failed", o->diff ? "diff" : "full");
	audit_backup(lg, s, actor, "failed", detail, &ae);
	return -1;
}

int
backup_before_migration(struct ledger *lg, const struct backup_opts *o,
    struct backup_result *res, struct err *e)
{
	struct backup_opts full = *o;
	struct db_backup b;
	char why[64];
	int from = db_schema_version(lg->db);

	full.diff = 0;
	if (take_backup(lg, NULL, "migration", &full, &b, res, e) == -1)
		return -1;
	if (db_migrate(lg->db, e) == -1)
		return -1;
	snprintf(why, sizeof why, " before migrating schema %d to %d (R-58)",
	    from, db_schema_latest());
	return record(lg, NULL, "migration", &b, why, res, e);
}

int
backup_run(struct session *s, const struct backup_opts *o,
    struct backup_result *res, struct err *e)
{
	if (session_require(s, LEDGER_SYSTEM, ROLE_ADMIN, "backup", e) == -1)
		return -1;
	return run(s->lg, s, NULL, o, res, e);
}

int
backup_run_ledger(struct ledger *lg, const char *actor,
    const struct backup_opts *o, struct backup_result *res, struct err *e)
{
	return run(lg, NULL, actor, o, res, e);
}

int
backup_list(struct session *s, int (*fn)(void *, const struct db_backup *),
    void *ctx, struct err *e)
{
	if (session_require(s, LEDGER_SYSTEM, ROLE_ADMIN, "backup-list", e) == -1)
		return -1;
	return db_backup_each(s->lg->db, fn, ctx, e);
}

/* ---- restoring ------------------------------------------------------------- */

/* Decrypt a full backup into img. */
static int
read_full(const char *path, const struct sealed_secret *sec,
    struct db_image *img, struct err *e)
{
	struct sealed_reader *r = sealed_open(path, sec, e);
	const unsigned char *p;
	size_t n, used = 0;
	int rc;

	if (r == NULL)
		return -1;
	db_image_alloc(img, 1 << 20);
	while ((rc = sealed_read(r, &p, &n, e)) == 1) {
		if (used + n > img->len)
			db_image_resize(img, (used + n) * 2);
		memcpy(img->data + used, p, n);
		used += n;
	}
	sealed_close(&r);
	if (rc == -1)
		return -1;
	db_image_resize(img, used);
	if (page_size(img->data, img->len) == 0)
		return err_set(e, E_DECRYPT, "file", "not a database image");
	return 0;
}

/* A reader of exact byte counts over a sealed stream. */
struct stream {
	struct sealed_reader *r;
	const unsigned char *p;
	size_t n;
};

static int
take(struct stream *s, unsigned char *out, size_t want, struct err *e)
{
	size_t k;
	int rc;

	while (want > 0) {
		if (s->n == 0) {
			if ((rc = sealed_read(s->r, &s->p, &s->n, e)) == -1)
				return -1;
			if (rc == 0)
				return err_set(e, E_DECRYPT, "file",
				    "the differential ends early");
			continue;
		}
		k = want < s->n ? want : s->n;
		memcpy(out, s->p, k);
		out += k;
		s->p += k;
		s->n -= k;
		want -= k;
	}
	return 0;
}

/* Apply a differential (built on the full whose hash is base_hash). */
static int
apply_diff(const char *path, const struct sealed_secret *sec,
    const char *base_hash, struct db_image *img, int64_t *pages,
    struct err *e)
{
	struct stream s = { NULL, NULL, 0 };
	unsigned char hdr[8 + 12 + 64], num[4];
	size_t psz = page_size(img->data, img->len);
	uint32_t pgno, npages;
	const unsigned char *rest;
	size_t restn;
	int rc = -1;

	if ((s.r = sealed_open(path, sec, e)) == NULL)
		return -1;
	if (take(&s, hdr, sizeof hdr, e) == -1)
		goto out;
	if (memcmp(hdr, DIFF_MAGIC, 8) != 0 || get32(hdr + 8) != psz ||
	    memcmp(hdr + 20, base_hash, 64) != 0) {
		err_set(e, E_CHECKSUM, "file", "the differential belongs to "
		    "another full backup");
		goto out;
	}
	npages = get32(hdr + 12);
	db_image_resize(img, (size_t)npages * psz);
	for (;;) {
		if (take(&s, num, 4, e) == -1)
			goto out;
		if ((pgno = get32(num)) == 0)
			break;
		if (pgno > npages) {
			err_set(e, E_DECRYPT, "file", "page out of range");
			goto out;
		}
		if (take(&s, img->data + (size_t)(pgno - 1) * psz, psz, e) == -1)
			goto out;
		(*pages)++;
	}
	if (s.n != 0 || sealed_read(s.r, &rest, &restn, e) != 0) {
		err_set(e, E_DECRYPT, "file", "data after the differential");
		goto out;
	}
	rc = 0;
out:
	sealed_close(&s.r);
	return rc;
}

static int
check_hash(const char *dir, const struct entry *x, struct err *e)
{
	char *path = xasprintf("%s/%s", dir, x->file), h[HASH_HEX];
	uint64_t size;
	int rc = sealed_file_hash(path, h, &size, e);

	free(path);
	if (rc == -1)
		return -1;
	if (strcmp(h, x->hash) != 0 || (long long)size != x->size)
		return err_set(e, E_CHECKSUM, "file", "%s", x->file);
	return 0;
}

/* Verify the chain of a restored image through a ledger without a
 * checkpoint file (the head is compared with the catalogue instead). */
static int
verify_chain(struct db **dbp, const struct entry *last,
    struct restore_result *res, struct err *e)
{
	struct ledger *lg = xcalloc(1, sizeof *lg);
	struct audit_report rep;
	int64_t seq;
	char hash[HASH_HEX];
	int rc;

	lg->db = *dbp;
	lg->chain_fd = -1;
	lg->cfg = config_new();
	rc = audit_verify_ledger(lg, &rep, e);
	if (rc == 0 && db_audit_head(lg->db, &seq, hash, e) == 0) {
		if (seq != last->audit_seq || strcmp(hash, last->audit_hash) != 0)
			rc = err_set(e, E_AUDIT_BROKEN, "", "the restored audit "
			    "head (row %lld) differs from the catalogue's (row "
			    "%lld)", (long long)seq, last->audit_seq);
		res->audit_seq = seq;
		res->audit_rows = rep.rows;
	} else if (rc == 0)
		rc = -1;
	lg->db = NULL;
	ledger_close(&lg);
	return rc;
}

static int
write_chain_file(const char *to, struct db *db, int64_t seq, struct err *e)
{
	char *path = xasprintf("%s.chain", to), hash[HASH_HEX], at[TIME_MAX];
	char *line;
	int64_t aseq, s;
	char ahash[HASH_HEX];
	int fd, rc = 0;

	ledger_now(at);
	if (db_purge_anchor_latest(db, &aseq, ahash, NULL) == 0 && aseq > 0)
		line = xasprintf("anchor %lld %s %s\n", (long long)aseq, ahash, at);
	else
		line = xstrdup("");
	if (db_audit_head(db, &s, hash, e) == -1 || s != seq) {
		free(line);
		free(path);
		return -1;
	}
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd == -1)
		rc = err_set(e, E_EXISTS, "to", "%s.chain exists", to);
	else {
		char *head = xasprintf("%s%lld %s %s\n", line, (long long)s,
		    hash, at);

		if (write(fd, head, strlen(head)) != (ssize_t)strlen(head))
			rc = err_set(e, E_IO, "to", "writing %s.chain", to);
		free(head);
		close(fd);
	}
	free(line);
	free(path);
	return rc;
}

int
restore_run(const char *dir, const char *to, const struct sealed_secret *sec,
    struct restore_result *res, struct err *e)
{
	struct entry *v;
	struct db_image img = { NULL, 0 };
	struct db *db = NULL;
	struct stat st;
	char *path;
	int n, i, full = -1, last, rc = -1;

	memset(res, 0, sizeof *res);
	if (stat(to, &st) == 0)
		return err_set(e, E_EXISTS, "to", "%s exists: a restore never "
		    "replaces a file", to);
	if ((v = catalogue_read(dir, &n, e)) == NULL)
		return -1;
	for (i = 0; i < n; i++)
		if (strcmp(v[i].kind, "full") == 0)
			full = i;
	if (full == -1) {
		err_set(e, E_NOT_FOUND, "dir", "no full backup in the catalogue");
		goto out;
	}
	/* Every file used is checked against the catalogue first. */
	last = full;
	if (check_hash(dir, &v[full], e) == -1)
		goto out;
	for (i = full + 1; i < n; i++) {
		if (strcmp(v[i].kind, "diff") != 0 ||
		    strcmp(v[i].base, v[full].file) != 0)
			continue;
		if (check_hash(dir, &v[i], e) == -1)
			goto out;
		last = i;
	}
	path = xasprintf("%s/%s", dir, v[full].file);
	i = read_full(path, sec, &img, e);
	free(path);
	if (i == -1)
		goto out;
	res->files = 1;
	res->pages = (int64_t)(img.len / page_size(img.data, img.len));
	for (i = full + 1; i <= last; i++) {
		if (strcmp(v[i].kind, "diff") != 0 ||
		    strcmp(v[i].base, v[full].file) != 0)
			continue;
		path = xasprintf("%s/%s", dir, v[i].file);
		rc = apply_diff(path, sec, v[full].hash, &img, &res->pages, e);
		free(path);
		if (rc == -1)
			goto out;
		rc = -1;
		res->files++;
	}
	if ((db = db_open_image(&img, e)) == NULL ||
	    db_integrity_check(db, e) == -1 ||
	    verify_chain(&db, &v[last], res, e) == -1)
		goto out;
	snprintf(res->created, sizeof res->created, "%s", v[last].created);
	if (db_save_new(db, to, e) == -1)
		goto out;
	if (write_chain_file(to, db, res->audit_seq, e) == -1) {
		unlink(to);
		goto out;
	}
	rc = 0;
out:
	db_close(&db);
	db_image_free(&img);
	free(v);
	return rc;
}

/* ---- disposal (R-53) ------------------------------------------------------- */

/* Overwrite a file with zeros, sync, and remove it. */
static int
shred(const char *path)
{
	static const unsigned char zero[65536];
	struct stat st;
	off_t left;
	size_t k;
	int fd = open(path, O_WRONLY | O_CLOEXEC | O_NOFOLLOW);

	if (fd == -1)
		return errno == ENOENT ? 0 : -1;
	if (fstat(fd, &st) == 0)
		for (left = st.st_size; left > 0; left -= (off_t)k) {
			k = left > (off_t)sizeof zero ? sizeof zero : (size_t)left;
			if (write(fd, zero, k) != (ssize_t)k)
				break;
		}
	fsync(fd);
	close(fd);
	return unlink(path);
}

struct dispose_ctx {
	struct db_backup *v;
	int n, cap;
};

static int
collect(void *ctx, const struct db_backup *b)
{
	struct dispose_ctx *c = ctx;

	if (c->n == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 16;
		c->v = xrealloc(c->v, (size_t)c->cap * sizeof *c->v);
	}
	c->v[c->n++] = *b;
	return 0;
}

int
backup_dispose_expired(struct ledger *lg, const char *before, const char *by,
    int dry_run, int64_t *count, struct err *e)
{
	struct dispose_ctx c = { NULL, 0, 0 };
	char at[TIME_MAX], *path;
	int i, j, expired, rc = 0;

	*count = 0;
	if (db_backup_each(lg->db, collect, &c, e) == -1)
		return -1;
	ledger_now(at);
	for (i = 0; i < c.n && rc == 0; i++) {
		if (c.v[i].disposed_at[0] != '\0')
			continue;
		expired = strncmp(c.v[i].created_at, before, 10) < 0;
		/* A differential goes with the full it is built on. */
		for (j = 0; !expired && j < c.n; j++)
			expired = c.v[i].base_id != 0 && c.v[j].id ==
			    c.v[i].base_id && (c.v[j].disposed_at[0] != '\0' ||
			    strncmp(c.v[j].created_at, before, 10) < 0);
		if (!expired)
			continue;
		(*count)++;
		if (dry_run)
			continue;
		path = xasprintf("%s/%s", c.v[i].location, c.v[i].file);
		if (shred(path) == -1)
			rc = err_set(e, E_IO, "backup", "cannot remove %s",
			    c.v[i].file);
		free(path);
		if (rc == 0)
			rc = db_backup_dispose(lg->db, c.v[i].id, at, by, e);
	}
	free(c.v);
	return rc;
}
