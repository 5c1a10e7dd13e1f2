/*
 * The resident export (export.h): a counting pass for the bulk rule, then
 * one pass that writes each row as CSV into the sealed file, converting
 * to CP932 row by row when asked; the register entry, the approval's use
 * and the audit row commit together once the file is complete.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "approval.h"
#include "audit.h"
#include "buf.h"
#include "codec.h"
#include "export.h"
#include "ledger_internal.h"
#include "media.h"
#include "xmalloc.h"

static const char header[] = "宛名番号,個人番号,氏名,氏名カナ,性別,生年月日,"
    "郵便番号,住所,方書,世帯番号,住民票コード,通称名,電話番号,異動事由,異動年月日";
static const char field_list[] = "atena_no,my_number,name,name_kana,sex,"
    "birth_date,postal_code,address,katagaki,household_no,juminhyo_code,"
    "alias_name,phone,movement_reason,movement_date";

struct run {
	struct sealed_writer *w;
	const char *enc;		/* NULL for UTF-8 */
	struct buf line;
	int64_t count, restricted, row;
	struct err *e;
	int failed;
};

static int
count_row(void *ctx, const struct db_resident *r)
{
	struct run *x = ctx;

	if (r->restricted)
		x->restricted++;
	else
		x->count++;
	return 0;
}

static void
field(struct buf *b, const char *s, int last)
{
	if (strpbrk(s, ",\"\r\n") != NULL) {
		buf_addc(b, '"');
		for (; *s != '\0'; s++) {
			if (*s == '"')
				buf_addc(b, '"');
			buf_addc(b, *s);
		}
		buf_addc(b, '"');
	} else
		buf_adds(b, s);
	buf_adds(b, last ? "\r\n" : ",");
}

/* Write one line (UTF-8 in b) in the output encoding. */
static int
put_line(struct run *x, struct buf *b, const char *key)
{
	struct err ce;
	char *conv;
	size_t n;
	int rc;

	if (x->enc == NULL)
		return sealed_write(x->w, b->data, b->len, x->e);
	err_clear(&ce);
	if ((conv = codec_from_utf8(x->enc, b->data, b->len, &n, &ce)) == NULL)
		return err_set(x->e, ce.code, "encoding", "row %lld (宛名番号 %s): "
		    "%s", (long long)x->row, key, ce.detail);
	rc = sealed_write(x->w, conv, n, x->e);
	xwipe(conv, n);
	free(conv);
	return rc;
}

static int
write_row(void *ctx, const struct db_resident *r)
{
	struct run *x = ctx;
	struct buf *b = &x->line;
	char sex[4];

	if (r->restricted)
		return 0;
	x->row++;
	snprintf(sex, sizeof sex, "%d", r->sex);
	buf_reset(b);
	field(b, r->atena_no, 0);
	field(b, r->my_number, 0);
	field(b, r->name, 0);
	field(b, r->name_kana, 0);
	field(b, sex, 0);
	field(b, r->birth_date, 0);
	field(b, r->postal_code, 0);
	field(b, r->address, 0);
	field(b, r->katagaki, 0);
	field(b, r->household_no, 0);
	field(b, r->juminhyo_code, 0);
	field(b, r->alias_name, 0);
	field(b, r->phone, 0);
	field(b, r->movement_reason, 0);
	field(b, r->movement_date, 1);
	if (put_line(x, b, r->atena_no) == -1) {
		x->failed = 1;
		return 1;
	}
	return 0;
}

static void
audit_export(struct session *s, const char *outcome, const char *detail)
{
	struct audit_event ev = { "export", "residents", detail, outcome, NULL };

	audit_append(s->lg, s, NULL, &ev, NULL);
}

int
export_residents(struct session *s, const struct export_opts *o,
    struct export_result *res, struct err *e)
{
	struct ledger *lg = s->lg;
	struct audit_event ev = { "export", "residents", NULL, "ok", NULL };
	struct run x;
	struct db_media m;
	struct db_export reg;
	char *path = NULL, detail[256];
	uint64_t size;
	int rc = -1;

	memset(res, 0, sizeof *res);
	memset(&x, 0, sizeof x);
	x.e = e;
	buf_init(&x.line);
	if (session_require(s, LEDGER_RESIDENT, ROLE_OPERATOR, "export", e) == -1)
		return -1;
	if (o->purpose == NULL || *o->purpose == '\0')
		return err_set(e, E_REQUIRED, "purpose", NULL);
	if (o->file == NULL || *o->file == '\0' || strchr(o->file, '/') != NULL ||
	    o->file[0] == '.')
		return err_set(e, E_USAGE, "file", "a plain file name on the medium");
	if (o->encoding == NULL || strcmp(o->encoding, "utf-8") == 0 ||
	    strcmp(o->encoding, "UTF-8") == 0)
		x.enc = NULL;
	else if ((x.enc = codec_name(o->encoding)) == NULL ||
	    strcmp(x.enc, "CP932") != 0)
		return err_set(e, E_USAGE, "encoding", "utf-8 or cp932");
	if (media_check(lg, o->media_dir, &m, e) == -1) {
		snprintf(detail, sizeof detail, "R-45: %s", e ? e->detail : "");
		audit_export(s, "denied", detail);
		return -1;
	}
	snprintf(res->media_id, sizeof res->media_id, "%s", m.id);
	if (db_resident_each_current(lg->db, count_row, &x, e) == -1)
		return -1;
	/* a bulk export runs only against an approval, checked here
	 * and used in the transaction that registers the run. */
	if (x.count > approval_threshold(lg) && o->approval_id == 0) {
		snprintf(detail, sizeof detail, "R-43: %lld records, threshold "
		    "%ld, no approval", (long long)x.count, approval_threshold(lg));
		audit_export(s, "denied", detail);
		return err_set(e, E_APPROVAL, "approval", "%lld records",
		    (long long)x.count);
	}
	path = xasprintf("%s/%s", o->media_dir, o->file);
	if ((x.w = sealed_create(path, o->secret, e)) == NULL)
		goto out;
	if (x.enc != NULL) {
		buf_adds(&x.line, header);
		buf_adds(&x.line, "\r\n");
		if (put_line(&x, &x.line, "") == -1)
			goto out;
	} else if (sealed_write(x.w, header, sizeof header - 1, e) == -1 ||
	    sealed_write(x.w, "\r\n", 2, e) == -1)
		goto out;
	res->skipped_restricted = x.restricted;
	if (db_resident_each_current(lg->db, write_row, &x, e) == -1 || x.failed)
		goto out;
	if (sealed_finish(&x.w, res->checksum, &size, e) == -1)
		goto out;
	res->records = x.row;

	memset(&reg, 0, sizeof reg);
	snprintf(reg.media_id, sizeof reg.media_id, "%s", m.id);
	snprintf(reg.file_name, sizeof reg.file_name, "%s", o->file);
	memcpy(reg.checksum, res->checksum, HASH_HEX);
	reg.record_count = res->records;
	reg.skipped_restricted = res->skipped_restricted;
	snprintf(reg.field_list, sizeof reg.field_list, "%s", field_list);
	snprintf(reg.encoding, sizeof reg.encoding, "%s", x.enc ? "cp932" : "utf-8");
	snprintf(reg.user_login, sizeof reg.user_login, "%s", s->user.login);
	reg.approval_id = o->approval_id;
	snprintf(reg.purpose, sizeof reg.purpose, "%s", o->purpose);
	snprintf(reg.takeout_approver, sizeof reg.takeout_approver, "%s",
	    o->takeout_approver ? o->takeout_approver : "");
	ledger_now(reg.at);
	if (ledger_begin(lg, e) == -1)
		goto unlink;
	if (o->approval_id != 0 && approval_consume(s, o->approval_id, "export",
	    res->records, reg.approver, e) == -1) {
		ledger_rollback(lg);
		snprintf(detail, sizeof detail, "R-43: approval %lld: %s",
		    (long long)o->approval_id, e ? e->detail : "");
		audit_export(s, "denied", detail);
		goto unlink;
	}
	memcpy(res->approver, reg.approver, LOGIN_MAX);
	if (db_export_add(lg->db, &reg, e) == -1)
		goto rollback;
	res->job_id = reg.job_id;
	snprintf(detail, sizeof detail, "job=%lld media=%s file=%.60s count=%lld "
	    "restricted_skipped=%lld blake2b=%s approval=%lld",
	    (long long)reg.job_id, m.id, o->file, (long long)res->records,
	    (long long)res->skipped_restricted, res->checksum,
	    (long long)o->approval_id);
	ev.detail = detail;
	if (audit_append(lg, s, NULL, &ev, e) == -1)
		goto rollback;
	if (ledger_commit(lg, e) == -1)
		goto unlink;
	rc = 0;
	goto out;
rollback:
	ledger_rollback(lg);
unlink:
	unlink(path);
out:
	if (x.w != NULL) {
		sealed_abort(&x.w);
		snprintf(detail, sizeof detail, "failed after %lld rows: %s",
		    (long long)x.row, err_message(e ? e->code : E_IO));
		audit_export(s, "failed", detail);
	}
	buf_free(&x.line);
	free(path);
	return rc;
}

int
export_decrypt(struct session *s, const char *in, const char *out,
    const struct sealed_secret *sec, struct err *e)
{
	struct audit_event ev = { "decrypt", NULL, NULL, "ok", NULL };
	struct sealed_reader *r;
	const unsigned char *p;
	const char *base = strrchr(in, '/') ? strrchr(in, '/') + 1 : in;
	char detail[128];
	size_t n;
	ssize_t w;
	int fd, rc;

	if (session_require(s, LEDGER_RESIDENT, ROLE_OPERATOR, "decrypt", e) == -1)
		return -1;
	if ((r = sealed_open(in, sec, e)) == NULL)
		return -1;
	fd = open(out, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd == -1) {
		sealed_close(&r);
		return err_set(e, errno == EEXIST ? E_EXISTS : E_IO, "out", "%s",
		    strerror(errno));
	}
	while ((rc = sealed_read(r, &p, &n, e)) == 1) {
		while (n > 0 && (w = write(fd, p, n)) > 0) {
			p += w;
			n -= (size_t)w;
		}
		if (n > 0) {
			rc = err_set(e, E_IO, "out", "%s", strerror(errno));
			break;
		}
	}
	sealed_close(&r);
	if (close(fd) == -1 && rc == 0)
		rc = err_set(e, E_IO, "out", "%s", strerror(errno));
	if (rc == -1)
		unlink(out);
	snprintf(detail, sizeof detail, "file=%.60s", base);
	ev.detail = detail;
	ev.outcome = rc == 0 ? "ok" : "failed";
	audit_append(s->lg, s, NULL, &ev, NULL);
	return rc == 0 ? 0 : -1;
}

int
export_list(struct session *s, int (*fn)(void *, const struct db_export *),
    void *ctx, struct err *e)
{
	if (!session_has(s, LEDGER_SYSTEM, ROLE_AUDITOR) &&
	    session_require(s, LEDGER_SYSTEM, ROLE_ADMIN, "export-list", e) == -1)
		return -1;
	return db_export_each(s->lg->db, fn, ctx, e);
}

int
export_close(struct session *s, int64_t job, const char *how, struct err *e)
{
	struct audit_event ev = { "export-close", NULL, how, "ok", NULL };
	char now[TIME_MAX], target[32];

	if (session_require(s, LEDGER_SYSTEM, ROLE_ADMIN, "export-close", e) == -1)
		return -1;
	if (strcmp(how, "returned") != 0 && strcmp(how, "disposed") != 0)
		return err_set(e, E_USAGE, "how", "returned or disposed");
	snprintf(target, sizeof target, "job:%lld", (long long)job);
	ev.target = target;
	ledger_now(now);
	if (ledger_begin(s->lg, e) == -1)
		return -1;
	if (db_export_close(s->lg->db, job, how, now, s->user.login, e) == -1 ||
	    audit_append(s->lg, s, NULL, &ev, e) == -1) {
		ledger_rollback(s->lg);
		return -1;
	}
	return ledger_commit(s->lg, e);
}
