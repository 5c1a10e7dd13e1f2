/*
 * The resident import: read the file once (mapped), check every
 * record, and write the accepted ones through the bulk loader in one
 * transaction that also holds the audit row.  CSV input is decoded in
 * chunks that end on a record boundary (a newline outside quotes: in
 * CP932, SHIFT_JISX0213 and UTF-8 the bytes 0x0A and 0x22 never occur
 * inside a multi-byte character, so the boundary can be found on the raw
 * bytes) and parsed in place, so that a record costs no allocation of its
 * own apart from the normalisers'.  The layout and the rules are in
 * import.h.
 *
 * A load into an empty master looks nothing up in the database while
 * checking, so there the work is split over two threads: a checking
 * thread parses and validates and hands the accepted records over in
 * batches (struct handover), and the calling thread, which alone uses the
 * database connection, writes them.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "audit.h"
#include "buf.h"
#include "codec.h"
#include "import.h"
#include "kana.h"
#include "ledger_internal.h"
#include "mynumber.h"
#include "resident.h"
#include "wareki.h"
#include "xmalloc.h"

#define CHUNK (8u << 20)	/* raw bytes decoded at a time (CSV) */
#define MAX_COLS 64
#define PROGRESS_EVERY 8192

/* The columns the importer knows. */
enum col {
	C_ATENA, C_MYNUMBER, C_NAME, C_KANA, C_SEX, C_BIRTH, C_POSTAL,
	C_ADDRESS, C_KATAGAKI, C_HOUSEHOLD, C_JUMINHYO, C_ALIAS, C_PHONE,
	C_MOVE_REASON, C_MOVE_DATE, C_N,
	C_SKIP = -1		/* ignored: error-file columns, --ignore-unknown */
};

static const struct {
	const char *ja;		/* the name reported in problems */
	const char *names[4];	/* other accepted header names */
	int required;		/* the column must be in the header */
} cols[C_N] = {
	[C_ATENA] = { "宛名番号", { "atena_no", "宛名コード" }, 1 },
	[C_MYNUMBER] = { "個人番号", { "my_number", "マイナンバー" }, 1 },
	[C_NAME] = { "氏名", { "name", "漢字氏名" }, 1 },
	[C_KANA] = { "氏名カナ", { "name_kana", "フリガナ", "ふりがな", "カナ氏名" }, 1 },
	[C_SEX] = { "性別", { "sex" }, 1 },
	[C_BIRTH] = { "生年月日", { "birth_date" }, 1 },
	[C_POSTAL] = { "郵便番号", { "postal_code" }, 1 },
	[C_ADDRESS] = { "住所", { "address" }, 1 },
	[C_KATAGAKI] = { "方書", { "katagaki" }, 1 },
	[C_HOUSEHOLD] = { "世帯番号", { "household_no" }, 1 },
	[C_JUMINHYO] = { "住民票コード", { "juminhyo_code" }, 0 },
	[C_ALIAS] = { "通称名", { "alias_name", "通称" }, 0 },
	[C_PHONE] = { "電話番号", { "phone" }, 0 },
	[C_MOVE_REASON] = { "異動事由", { "movement_reason" }, 0 },
	[C_MOVE_DATE] = { "異動年月日", { "movement_date" }, 0 },
};

/* Columns an error file adds (ignored on import). */
static const char errcol_line[] = "元行番号";
static const char errcol_reason[] = "エラー";

/* The fixed-length layout (documented in import.h and the man page). */
static const struct {
	enum col col;
	int offset, length;
} fixed_layout[] = {
	{ C_ATENA, 0, 10 },
	{ C_MYNUMBER, 10, 12 },
	{ C_NAME, 22, 40 },
	{ C_KANA, 62, 60 },
	{ C_SEX, 122, 1 },
	{ C_BIRTH, 123, 8 },
	{ C_POSTAL, 131, 7 },
	{ C_ADDRESS, 138, 120 },
	{ C_KATAGAKI, 258, 60 },
	{ C_HOUSEHOLD, 318, 10 },
};
#define FIXED_N ((int)(sizeof fixed_layout / sizeof fixed_layout[0]))
#define FIXED_WIDTH 328
#define FIXED_RECORD (FIXED_WIDTH + 2)

static struct import_fixed_field fixed_doc[FIXED_N];

const struct import_fixed_field *
import_fixed_layout(size_t *n)
{
	int i;

	for (i = 0; i < FIXED_N; i++) {
		fixed_doc[i].name = cols[fixed_layout[i].col].ja;
		fixed_doc[i].offset = fixed_layout[i].offset;
		fixed_doc[i].length = fixed_layout[i].length;
	}
	*n = FIXED_N;
	return fixed_doc;
}

int
import_fixed_width(void)
{
	return FIXED_WIDTH;
}

/* A set of numeric identifiers with the line that first held each: open
 * addressing, key and line side by side (one cache miss a lookup). */
struct idslot {
	uint64_t key;			/* 0: free */
	int64_t line;
};

struct idset {
	struct idslot *slot;
	size_t cap, n;
};

static size_t
id_slot(const struct idset *s, uint64_t k)
{
	size_t i = (size_t)((k * 0x9E3779B97F4A7C15ULL) >> 20) & (s->cap - 1);

	while (s->slot[i].key != 0 && s->slot[i].key != k)
		i = (i + 1) & (s->cap - 1);
	return i;
}

/* Room for n keys without growing (at most half full). */
static void
idset_reserve(struct idset *s, size_t n)
{
	struct idslot *old = s->slot;
	size_t cap = 4096, j, oldcap = s->cap;

	while (cap < 2 * n + 2)
		cap *= 2;
	if (cap <= s->cap)
		return;
	s->slot = xcalloc(cap, sizeof *s->slot);
	s->cap = cap;
	for (j = 0; j < oldcap; j++)
		if (old[j].key != 0)
			s->slot[id_slot(s, old[j].key)] = old[j];
	free(old);
}

/* Add k (nonzero) first seen on line; returns the earlier line, or 0. */
static int64_t
idset_put(struct idset *s, uint64_t k, int64_t line)
{
	size_t i;

	if (s->n * 2 >= s->cap)
		idset_reserve(s, s->n * 2 + 1);
	i = id_slot(s, k);
	if (s->slot[i].key == k)
		return s->slot[i].line;
	s->slot[i].key = k;
	s->slot[i].line = line;
	s->n++;
	return 0;
}

static void
idset_free(struct idset *s)
{
	free(s->slot);
	memset(s, 0, sizeof *s);
}

/* A digit string (1..15 digits) as a set key that keeps leading zeros. */
static uint64_t
id_key(const char *d)
{
	uint64_t v = 0;
	size_t n = 0;

	for (; *d != '\0'; d++, n++)
		v = v * 10 + (uint64_t)(*d - '0');
	return v | ((uint64_t)n << 52);
}

/*
 * Accepted records on their way from the checking thread to the writing
 * one: a ring of HO_DEPTH batches of HO_BATCH records.  Batch k is
 * filled while k == produced and written while k == consumed (both taken
 * modulo HO_DEPTH); the filler waits when all batches are full.
 */
#define HO_BATCH 512
#define HO_DEPTH 4

struct handover {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	struct db_resident *rec[HO_DEPTH];
	int64_t first_line[HO_DEPTH];
	int n[HO_DEPTH];
	int64_t produced, consumed;
	int fill;			/* records in the batch being filled */
	int done;			/* the checking thread has finished */
	int failed;			/* the writer stopped on an error */
	struct err err;			/* ... this one */
	int64_t err_line;		/* in the batch that started here */
};

struct imp {
	struct session *s;
	struct ledger *lg;
	const struct import_opts *o;
	struct import_result *res;
	const char *enc;		/* iconv name */
	int sjis;			/* a Shift_JIS family encoding */
	const char *raw;		/* the mapped file */
	size_t rawlen;
	size_t body;			/* offset after a BOM */
	int fatal;			/* the file as a whole is refused */
	struct err ferr;		/* ... and why */
	/* CSV header */
	int ncols;
	int colmap[MAX_COLS];
	int crlf;			/* the header line ended in CR LF */
	size_t head_end;		/* raw offset after the header line */
	/* forward cursor over raw lines, for error-file copies */
	size_t cur_pos;
	int64_t cur_line;
	/* the record being checked */
	const char *v[C_N];		/* values, NULL when no such column */
	int64_t line, last_line;
	int bad;
	struct buf why;			/* reasons, for the error file */
	/* writing */
	struct db_bulk *bulk;
	struct handover *ho;		/* two threads; NULL: one */
	int db_empty;
	int bulk_mode;			/* db_bulk_mode is on */
	int64_t seq;
	char stamp[TIME_MAX];
	char ref[33];
	int errfd;
	struct idset atena, mn;
	struct db_resident rec, cur, other;
	int64_t est_total;
};

static const char *
message(const struct imp *im, enum err_code c)
{
	const char *m = im->o->message ? im->o->message(c) : NULL;

	return m ? m : err_message(c);
}

/* Report one problem of the current record (line 0: the whole file). */
static void
problem(struct imp *im, int64_t line, const char *field, enum err_code code,
    const char *detail)
{
	struct import_problem p = { line, field ? field : "", code,
	    detail ? detail : "" };

	if (line > 0 && line == im->line) {
		im->bad = 1;
		if (im->why.len > 0)
			buf_adds(&im->why, "; ");
		if (p.field[0] != '\0')
			buf_printf(&im->why, "%s: ", p.field);
		buf_adds(&im->why, message(im, code));
	}
	if (im->o->report != NULL)
		im->o->report(im->o->ctx, &p);
}

/* A problem with the whole file: report it and refuse the file. */
static void
fatal_problem(struct imp *im, int64_t line, const char *field,
    enum err_code code, const char *detail)
{
	if (!im->fatal) {
		im->fatal = 1;
		err_set(&im->ferr, code, field ? field : "", "%s%s%lld",
		    detail ? detail : "", detail && *detail ? ", line " : "line ",
		    (long long)line);
	}
	problem(im, line, field, code, detail);
}

static void
progress(struct imp *im, int64_t done)
{
	if (im->o->progress != NULL)
		im->o->progress(im->o->ctx, done,
		    done > im->est_total ? done : im->est_total);
}

/* ---- the error file ---------------------------------------------------- */

static int
write_all(int fd, const char *p, size_t n)
{
	ssize_t w;

	while (n > 0) {
		if ((w = write(fd, p, n)) == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* Append UTF-8 text to b in the input encoding (ASCII `fallback` when the
 * text has no exact form there). */
static void
add_encoded(struct imp *im, struct buf *b, const char *text,
    const char *fallback)
{
	size_t n;
	char *t = codec_from_utf8(im->enc, text, strlen(text), &n, NULL);

	if (t == NULL)
		buf_adds(b, fallback);
	else
		buf_add(b, t, n);
	free(t);
}

/* Raw bytes of physical lines first..last (without the last terminator). */
static void
raw_lines(struct imp *im, int64_t first, int64_t last, const char **p,
    size_t *n)
{
	const char *end = im->raw + im->rawlen, *q, *nl;

	while (im->cur_line < first) {
		nl = memchr(im->raw + im->cur_pos, '\n', im->rawlen - im->cur_pos);
		im->cur_pos = nl ? (size_t)(nl - im->raw) + 1 : im->rawlen;
		im->cur_line++;
	}
	q = im->raw + im->cur_pos;
	*p = q;
	for (; first <= last && q < end; first++) {
		nl = memchr(q, '\n', (size_t)(end - q));
		q = nl ? nl + 1 : end;
	}
	*n = (size_t)(q - *p);
	while (*n > 0 && ((*p)[*n - 1] == '\n' || (*p)[*n - 1] == '\r'))
		(*n)--;
}

static int
errfile_open(struct imp *im, struct err *e)
{
	struct stat st;

	im->errfd = open(im->o->errors_path,
	    O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (im->errfd == -1)
		return err_set(e, E_IO, "errors", "cannot create the error file");
	if (fstat(im->errfd, &st) == -1 || !S_ISREG(st.st_mode) ||
	    fchmod(im->errfd, 0600) == -1) {
		close(im->errfd);
		im->errfd = -1;
		return err_set(e, E_IO, "errors", "not a private regular file");
	}
	return 0;
}

/* The CSV header with the two error columns added. */
static void
errfile_header(struct imp *im)
{
	struct buf b;
	size_t n = im->head_end;

	if (im->errfd == -1)
		return;
	while (n > 0 && (im->raw[n - 1] == '\n' || im->raw[n - 1] == '\r'))
		n--;
	buf_init(&b);
	buf_add(&b, im->raw, n);
	buf_adds(&b, ",");
	add_encoded(im, &b, errcol_line, "line");
	buf_adds(&b, ",");
	add_encoded(im, &b, errcol_reason, "error");
	buf_adds(&b, im->crlf ? "\r\n" : "\n");
	if (write_all(im->errfd, b.data, b.len) == -1)
		fatal_problem(im, 0, "errors", E_IO, "writing the error file");
	buf_free(&b);
}

/* Copy the rejected record to the error file, byte for byte. */
static void
errfile_record(struct imp *im, const char *p, size_t n)
{
	struct buf b;
	const char *q;

	if (im->errfd == -1)
		return;
	buf_init(&b);
	buf_add(&b, p, n);
	if (im->o->format == IMPORT_CSV) {
		struct buf w;

		/* ,line,"reason" with the reason's quotes doubled */
		buf_printf(&b, ",%lld,\"", (long long)im->line);
		buf_init(&w);
		for (q = im->why.data ? im->why.data : ""; *q != '\0'; q++) {
			if (*q == '"')
				buf_addc(&w, '"');
			buf_addc(&w, *q);
		}
		add_encoded(im, &b, w.data ? w.data : "", "rejected");
		buf_free(&w);
		buf_adds(&b, "\"");
		buf_adds(&b, im->crlf ? "\r\n" : "\n");
	} else
		buf_adds(&b, "\r\n");
	if (write_all(im->errfd, b.data, b.len) == -1)
		fatal_problem(im, 0, "errors", E_IO, "writing the error file");
	buf_free(&b);
}

/* ---- field checks -------------------------------------------------------- */

/* Trim ASCII white space and U+3000 at both ends, in place. */
static char *
trim(char *s)
{
	char *e;

	for (;;) {
		if (*s == ' ' || *s == '\t')
			s++;
		else if (s[0] == '\xe3' && s[1] == '\x80' && s[2] == '\x80')
			s += 3;
		else
			break;
	}
	e = s + strlen(s);
	for (;;) {
		if (e > s && (e[-1] == ' ' || e[-1] == '\t'))
			e--;
		else if (e - s >= 3 && e[-3] == '\xe3' && e[-2] == '\x80' &&
		    e[-1] == '\x80')
			e -= 3;
		else
			break;
	}
	*e = '\0';
	return s;
}

static int
has_control(const char *s)
{
	for (; *s != '\0'; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return 1;
	return 0;
}

static int
all_ascii_digits(const char *s)
{
	if (*s == '\0')
		return 0;
	for (; *s != '\0'; s++)
		if (*s < '0' || *s > '9')
			return 0;
	return 1;
}

/* The value of column c, or NULL when the file has no such column. */
static const char *
val(const struct imp *im, enum col c)
{
	return im->v[c];
}

static void
field_err(struct imp *im, enum col c, enum err_code code, const char *detail)
{
	problem(im, im->line, cols[c].ja, code, detail);
}

/* Copy s into dst (size bytes); E_TOO_LONG when it does not fit. */
static int
put(struct imp *im, enum col c, char *dst, size_t size, const char *s)
{
	size_t n = strlen(s);

	if (n >= size) {
		field_err(im, c, E_TOO_LONG, NULL);
		return -1;
	}
	memcpy(dst, s, n + 1);
	return 0;
}

/* NFKC text; names get U+3000 between their parts. */
static int
put_text(struct imp *im, enum col c, char *dst, size_t size, int name)
{
	const char *in = val(im, c);
	char *n, *p;
	struct buf b;
	int rc;

	if (has_control(in)) {
		field_err(im, c, E_BAD_CHAR, "control character");
		return -1;
	}
	if ((n = text_normalize(in, NULL)) == NULL) {
		field_err(im, c, E_ENCODING, NULL);
		return -1;
	}
	if (!name || strchr(n, ' ') == NULL) {
		rc = put(im, c, dst, size, n);
		free(n);
		return rc;
	}
	buf_init(&b);
	for (p = n; *p != '\0'; p++) {
		if (*p == ' ')
			buf_adds(&b, "\xe3\x80\x80");
		else
			buf_addc(&b, *p);
	}
	free(n);
	rc = put(im, c, dst, size, b.data);
	buf_free(&b);
	return rc;
}

/* Digits (full width allowed), between min and max of them. */
static int
put_digits(struct imp *im, enum col c, char *dst, size_t size, size_t min,
    size_t max)
{
	const char *in = val(im, c);
	char *n = NULL;
	const char *d = in;
	int rc = 0;

	if (!all_ascii_digits(d) && (n = text_normalize(in, NULL)) != NULL)
		d = n;
	if (!all_ascii_digits(d) || strlen(d) < min || strlen(d) > max) {
		field_err(im, c, E_BAD_CHAR, min == max ? "digits of the "
		    "required length" : "digits only");
		rc = -1;
	} else
		rc = put(im, c, dst, size, d);
	free(n);
	return rc;
}

static int
put_date(struct imp *im, enum col c, char *dst, const struct ymd *today)
{
	struct ymd y;
	struct err e;

	err_clear(&e);
	if (wareki_parse(val(im, c), &y, &e) == -1) {
		field_err(im, c, e.code, NULL);
		return -1;
	}
	if (ymd_cmp(&y, today) > 0) {
		field_err(im, c, E_DATE_RANGE, "in the future");
		return -1;
	}
	ymd_to_iso(&y, dst);
	return 0;
}

static int
put_sex(struct imp *im, int *out)
{
	static const struct {
		const char *s;
		int v;
	} sexes[] = {
		{ "男", 1 }, { "女", 2 }, { "1", 1 }, { "2", 2 }, { "9", 9 },
		{ "１", 1 }, { "２", 2 }, { "９", 9 }, { "不詳", 9 },
	};
	size_t i;

	for (i = 0; i < sizeof sexes / sizeof sexes[0]; i++) {
		if (strcmp(val(im, C_SEX), sexes[i].s) == 0) {
			*out = sexes[i].v;
			return 0;
		}
	}
	field_err(im, C_SEX, E_CHOICE, "男 女 1 2 9");
	return -1;
}

static int
put_postal(struct imp *im, char out[8])
{
	const char *in = val(im, C_POSTAL);
	char *n = NULL, digits[8];
	const char *p = in;
	int i, k = 0, rc = 0;

	if (*p == '\0') {
		out[0] = '\0';
		return 0;
	}
	for (i = 0; p[i] != '\0'; i++)
		if ((unsigned char)p[i] >= 0x80)
			break;
	if (p[i] != '\0' && (n = text_normalize(in, NULL)) != NULL)
		p = n;
	for (i = 0; p[i] != '\0' && rc == 0; i++) {
		if (p[i] >= '0' && p[i] <= '9' && k < 7)
			digits[k++] = p[i];
		else if (p[i] != '-' || i != 3)
			rc = -1;
	}
	if (rc == -1 || k != 7) {
		field_err(im, C_POSTAL, E_POSTAL, NULL);
		rc = -1;
	} else {
		digits[7] = '\0';
		memcpy(out, digits, 8);
	}
	free(n);
	return rc;
}

static int
put_kana(struct imp *im, char *dst, size_t size)
{
	struct err e;
	char *k;
	int rc;

	err_clear(&e);
	if ((k = kana_normalize(val(im, C_KANA), &e)) == NULL) {
		field_err(im, C_KANA, e.code == E_OK ? E_KANA : e.code, NULL);
		return -1;
	}
	rc = put(im, C_KANA, dst, size, k);
	free(k);
	return rc;
}

static int
put_mynumber(struct imp *im, char out[13])
{
	struct err e;
	int rc;

	if (val(im, C_MYNUMBER)[0] == '\0') {
		out[0] = '\0';
		return 0;
	}
	err_clear(&e);
	rc = mynumber_validate(val(im, C_MYNUMBER), out, &e);
	if (rc == -1 || (rc == 1 && !im->o->accept_alerts)) {
		field_err(im, C_MYNUMBER, e.code, rc == 1 ? "an alert: "
		    "--accept-alerts accepts it" : NULL);
		out[0] = '\0';
		return -1;
	}
	return 0;
}

/* Phone numbers: digits, - ( ) + and spaces, after NFKC. */
static int
put_phone(struct imp *im, char *dst, size_t size)
{
	char tmp[64];
	size_t i;

	if (put_text(im, C_PHONE, tmp, sizeof tmp, 0) == -1)
		return -1;
	for (i = 0; tmp[i] != '\0'; i++) {
		if (strchr("0123456789-()+ ", tmp[i]) == NULL) {
			field_err(im, C_PHONE, E_BAD_CHAR, NULL);
			return -1;
		}
	}
	return put(im, C_PHONE, dst, size, tmp);
}

/* Nonzero when the fields an import sets are equal in a and b. */
/* ---- the hand-over between the two threads ------------------------------- */

static struct handover *
handover_new(void)
{
	struct handover *h = xcalloc(1, sizeof *h);
	int i;

	pthread_mutex_init(&h->mu, NULL);
	pthread_cond_init(&h->cv, NULL);
	for (i = 0; i < HO_DEPTH; i++)
		h->rec[i] = xcalloc(HO_BATCH, sizeof *h->rec[i]);
	return h;
}

static void
handover_free(struct handover *h)
{
	int i;

	if (h == NULL)
		return;
	for (i = 0; i < HO_DEPTH; i++) {
		xwipe(h->rec[i], HO_BATCH * sizeof *h->rec[i]);
		free(h->rec[i]);
	}
	pthread_cond_destroy(&h->cv);
	pthread_mutex_destroy(&h->mu);
	free(h);
}

/* Pass the batch being filled on (checking thread). */
static void
handover_publish(struct handover *h)
{
	pthread_mutex_lock(&h->mu);
	h->n[h->produced % HO_DEPTH] = h->fill;
	h->produced++;
	pthread_cond_broadcast(&h->cv);
	pthread_mutex_unlock(&h->mu);
	h->fill = 0;
}

/* Add an accepted record (checking thread); -1 when the writer failed. */
static int
handover_put(struct imp *im, const struct db_resident *r)
{
	struct handover *h = im->ho;
	int k = (int)(h->produced % HO_DEPTH), failed;

	if (h->fill == 0) {
		/* Wait for the batch to be free. */
		pthread_mutex_lock(&h->mu);
		while (h->produced - h->consumed == HO_DEPTH && !h->failed)
			pthread_cond_wait(&h->cv, &h->mu);
		failed = h->failed;
		pthread_mutex_unlock(&h->mu);
		if (failed)
			return -1;
		h->first_line[k] = im->line;
	}
	h->rec[k][h->fill++] = *r;
	if (h->fill == HO_BATCH)
		handover_publish(h);
	return 0;
}

/* The checking thread has no more (checking thread). */
static void
handover_close(struct handover *h)
{
	if (h->fill > 0)
		handover_publish(h);
	pthread_mutex_lock(&h->mu);
	h->done = 1;
	pthread_cond_broadcast(&h->cv);
	pthread_mutex_unlock(&h->mu);
}

/* Write every batch handed over until the checking thread is done or a
 * write fails (the writing thread, which holds the connection). */
static void
handover_write(struct imp *im)
{
	struct handover *h = im->ho;
	struct err e;
	int k;

	for (;;) {
		pthread_mutex_lock(&h->mu);
		while (h->consumed == h->produced && !h->done)
			pthread_cond_wait(&h->cv, &h->mu);
		if (h->consumed == h->produced) {
			pthread_mutex_unlock(&h->mu);
			return;
		}
		pthread_mutex_unlock(&h->mu);
		k = (int)(h->consumed % HO_DEPTH);
		err_clear(&e);
		if (db_bulk_residents_add_many(im->bulk, h->rec[k],
		    (size_t)h->n[k], &e) == -1) {
			pthread_mutex_lock(&h->mu);
			h->failed = 1;
			h->err = e;
			h->err_line = h->first_line[k];
			pthread_cond_broadcast(&h->cv);
			pthread_mutex_unlock(&h->mu);
			return;
		}
		xwipe(h->rec[k], (size_t)h->n[k] * sizeof *h->rec[k]);
		pthread_mutex_lock(&h->mu);
		h->consumed++;
		pthread_cond_broadcast(&h->cv);
		pthread_mutex_unlock(&h->mu);
	}
}

static int
same_values(const struct db_resident *a, const struct db_resident *b)
{
#define SAME(f) (strcmp(a->f, b->f) == 0)
	return SAME(name) && SAME(name_kana) && a->sex == b->sex &&
	    SAME(birth_date) && SAME(my_number) && SAME(postal_code) &&
	    SAME(address) && SAME(katagaki) && SAME(household_no) &&
	    SAME(juminhyo_code) && SAME(alias_name) && SAME(phone) &&
	    SAME(movement_reason) && SAME(movement_date);
#undef SAME
}

/* ---- one record ---------------------------------------------------------- */

/* Check the record in im->v and write it when it and the file are good. */
static void
record(struct imp *im, const struct ymd *today)
{
	struct db_resident *r = &im->rec, *cur = &im->cur;
	struct err e;
	int64_t first;
	int have_cur = 0, latest = 0, pending = 0, c;

	memset(r, 0, sizeof *r);
	im->res->total++;
	for (c = 0; c < C_N; c++) {
		if (im->v[c] == NULL)
			continue;
		if (im->v[c][0] == '\0' && (c == C_ATENA || c == C_NAME ||
		    c == C_KANA || c == C_SEX || c == C_BIRTH || c == C_ADDRESS))
			field_err(im, (enum col)c, E_REQUIRED, NULL);
	}
	if (im->bad)
		goto done;
	if (put_digits(im, C_ATENA, r->atena_no, sizeof r->atena_no, 1, 15) == 0 &&
	    (first = idset_put(&im->atena, id_key(r->atena_no), im->line)) != 0) {
		char d[40];

		snprintf(d, sizeof d, "also on line %lld", (long long)first);
		field_err(im, C_ATENA, E_EXISTS, d);
	}
	/* The person's current values are the base: columns the file does
	 * not carry (and flags such as 不開示) are kept. */
	if (!im->bad && !im->db_empty) {
		err_clear(&e);
		if (db_resident_latest(im->lg->db, r->atena_no, cur, &e) == 0) {
			latest = cur->rireki_no;
			pending = strcmp(cur->state, "pending") == 0;
			if (db_resident_get(im->lg->db, r->atena_no, cur, &e) == 0)
				have_cur = 1;
			else if (e.code != E_NOT_FOUND)
				goto dberr;
		} else if (e.code != E_NOT_FOUND)
			goto dberr;
		if (have_cur) {
			char atena[16];

			memcpy(atena, r->atena_no, sizeof atena);
			*r = *cur;
			memcpy(r->atena_no, atena, sizeof atena);
		}
	}
	if (val(im, C_MYNUMBER) && put_mynumber(im, r->my_number) == 0 &&
	    r->my_number[0] != '\0' &&
	    (first = idset_put(&im->mn, id_key(r->my_number), im->line)) != 0) {
		char d[40];

		snprintf(d, sizeof d, "also on line %lld", (long long)first);
		field_err(im, C_MYNUMBER, E_EXISTS, d);
	}
	if (val(im, C_NAME))
		put_text(im, C_NAME, r->name, sizeof r->name, 1);
	if (val(im, C_KANA))
		put_kana(im, r->name_kana, sizeof r->name_kana);
	if (val(im, C_SEX))
		put_sex(im, &r->sex);
	if (val(im, C_BIRTH))
		put_date(im, C_BIRTH, r->birth_date, today);
	if (val(im, C_POSTAL))
		put_postal(im, r->postal_code);
	if (val(im, C_ADDRESS))
		put_text(im, C_ADDRESS, r->address, sizeof r->address, 0);
	if (val(im, C_KATAGAKI)) {
		if (has_control(val(im, C_KATAGAKI)))
			field_err(im, C_KATAGAKI, E_BAD_CHAR, "control character");
		else
			put(im, C_KATAGAKI, r->katagaki, sizeof r->katagaki,
			    val(im, C_KATAGAKI));
	}
	if (val(im, C_HOUSEHOLD)) {
		if (val(im, C_HOUSEHOLD)[0] == '\0')
			r->household_no[0] = '\0';
		else
			put_digits(im, C_HOUSEHOLD, r->household_no,
			    sizeof r->household_no, 1, 15);
	}
	if (val(im, C_JUMINHYO)) {
		if (val(im, C_JUMINHYO)[0] == '\0')
			r->juminhyo_code[0] = '\0';
		else
			put_digits(im, C_JUMINHYO, r->juminhyo_code,
			    sizeof r->juminhyo_code, 11, 11);
	}
	if (val(im, C_ALIAS))
		put_text(im, C_ALIAS, r->alias_name, sizeof r->alias_name, 1);
	if (val(im, C_PHONE))
		put_phone(im, r->phone, sizeof r->phone);
	if (val(im, C_MOVE_REASON))
		put_text(im, C_MOVE_REASON, r->movement_reason,
		    sizeof r->movement_reason, 0);
	if (val(im, C_MOVE_DATE)) {
		if (val(im, C_MOVE_DATE)[0] == '\0')
			r->movement_date[0] = '\0';
		else
			put_date(im, C_MOVE_DATE, r->movement_date, today);
	}
	if (!im->bad && r->movement_date[0] != '\0' &&
	    strcmp(r->movement_date, r->birth_date) < 0)
		field_err(im, C_MOVE_DATE, E_DATE_RANGE, "before birth");
	/* A 個人番号 held by another current person. */
	if (!im->bad && !im->db_empty && r->my_number[0] != '\0') {
		err_clear(&e);
		if (db_resident_by_mynumber(im->lg->db, r->my_number, &im->other,
		    &e) == 0) {
			if (strcmp(im->other.atena_no, r->atena_no) != 0)
				field_err(im, C_MYNUMBER, E_EXISTS,
				    "held by another current resident");
		} else if (e.code != E_NOT_FOUND)
			goto dberr;
	}
	if (im->bad)
		goto done;
	resident_derive_keys(r);
	if (have_cur && same_values(r, cur)) {
		im->res->unchanged++;
		im->res->accepted++;
		goto done;
	}
	if (pending) {
		field_err(im, C_ATENA, E_PENDING_EXISTS, "R-36");
		goto done;
	}
	/* Stamp the new version. */
	r->rireki_no = latest + 1;
	snprintf(r->state, sizeof r->state, "confirmed");
	r->current = have_cur || latest > 0 ? 0 : 1;
	snprintf(r->op, sizeof r->op, "import");
	if (r->my_number[0] != '\0' &&
	    (!have_cur || strcmp(r->my_number, cur->my_number) != 0))
		snprintf(r->mn_method, sizeof r->mn_method, "register");
	if (!have_cur) {
		r->resident_flag = 1;
		snprintf(r->retention_class, sizeof r->retention_class, "resident");
	}
	snprintf(r->reason_code, sizeof r->reason_code, "import");
	memcpy(r->ref_no, im->ref, sizeof r->ref_no);
	r->justification[0] = '\0';
	snprintf(r->operator_login, sizeof r->operator_login, "%s",
	    im->s->user.login);
	snprintf(r->terminal, sizeof r->terminal, "%s", im->lg->terminal);
	memcpy(r->stamp, im->stamp, sizeof r->stamp);
	r->update_seq = im->seq++;
	memcpy(r->confirmed_by, r->operator_login, sizeof r->confirmed_by);
	memcpy(r->confirmed_at, im->stamp, sizeof r->confirmed_at);
	if (have_cur)
		im->res->updated++;
	else
		im->res->created++;
	im->res->accepted++;
	/* Nothing more is written once the file is lost anyway. */
	if (im->fatal || (!im->o->skip_bad && im->res->rejected > 0))
		goto done;
	if (im->ho != NULL) {
		if (handover_put(im, r) == -1)
			im->fatal = 1;	/* the writer's error is reported */
		goto done;
	}
	err_clear(&e);
	if (db_bulk_residents_add(im->bulk, r, &e) == -1 ||
	    (r->current == 0 && db_resident_make_current(im->lg->db,
	    r->atena_no, r->rireki_no, r->confirmed_by, im->stamp, &e) == -1))
		goto dberr;
	goto done;
dberr:
	if (!im->fatal) {
		im->fatal = 1;
		im->ferr = e;
	}
	problem(im, im->line, "", e.code, "database");
done:
	if (im->bad) {
		im->res->rejected++;
		if (im->o->skip_bad && !im->fatal) {
			const char *p;
			size_t n;

			if (im->o->format == IMPORT_CSV) {
				raw_lines(im, im->line, im->last_line, &p, &n);
				errfile_record(im, p, n);
			}
		}
	}
	xwipe(r, sizeof *r);
}

/* ---- CSV ----------------------------------------------------------------- */

/*
 * Parse one record at *pp (UTF-8, NUL-terminated at end) in place: fields
 * are NUL-terminated and unquoted where they lie.  *nl counts newlines
 * consumed.  Returns the number of fields, 0 at the end, -1 for an
 * unterminated quote, -2 for text after a closing quote (the record is
 * still consumed).
 */
static int
csv_record(char **pp, char *end, char **f, int max, int64_t *nl)
{
	char *p = *pp, *w;
	int n = 0, rc = 0;

	if (p >= end)
		return 0;
	for (;;) {
		if (n < max)
			f[n] = p;
		n++;
		if (*p == '"') {
			w = p++;	/* the value moves over the quote */
			for (;;) {
				if (p >= end) {
					*pp = end;
					return -1;
				}
				if (*p == '"') {
					if (p + 1 < end && p[1] == '"') {
						*w++ = '"';
						p += 2;
						continue;
					}
					p++;
					break;
				}
				if (*p == '\n')
					(*nl)++;
				*w++ = *p++;
			}
			*w = '\0';
			if (p < end && *p != ',' && *p != '\n' &&
			    !(*p == '\r' && p + 1 < end && p[1] == '\n')) {
				rc = -2;
				while (p < end && *p != ',' && *p != '\n')
					p++;
			}
		} else {
			w = p;
			while (p < end && *p != ',' && *p != '\n')
				p++;
			if ((p == end || *p == '\n') && p > w && p[-1] == '\r')
				p[-1] = '\0';
		}
		if (p < end && *p == ',') {
			*p++ = '\0';
			continue;
		}
		if (p < end && *p == '\r')
			*p++ = '\0';
		if (p < end && *p == '\n') {
			*p++ = '\0';
			(*nl)++;
		} else if (p < end)
			*p = '\0';
		break;
	}
	*pp = p;
	return rc < 0 ? rc : n;
}

static int
header_col(const char *name, int ignore_unknown, int *out)
{
	int c, k;

	if (strcmp(name, errcol_line) == 0 || strcmp(name, errcol_reason) == 0) {
		*out = C_SKIP;
		return 0;
	}
	for (c = 0; c < C_N; c++) {
		if (strcmp(name, cols[c].ja) == 0)
			break;
		for (k = 0; k < 4 && cols[c].names[k] != NULL; k++)
			if (strcmp(name, cols[c].names[k]) == 0)
				goto found;
	}
found:
	if (c < C_N) {
		*out = c;
		return 0;
	}
	*out = C_SKIP;
	return ignore_unknown ? 0 : -1;
}

/* Read the header record of the first chunk. */
static void
csv_header(struct imp *im, char **pp, char *end, int64_t *line)
{
	char *f[MAX_COLS], *name, field[48];
	int n, i, c, seen[C_N] = { 0 };
	int64_t nl = 0;

	n = csv_record(pp, end, f, MAX_COLS, &nl);
	*line += nl;
	if (n <= 0 || n > MAX_COLS) {
		fatal_problem(im, 1, "", E_PATTERN, n > MAX_COLS ?
		    "too many columns" : "no header row");
		return;
	}
	im->ncols = n;
	for (i = 0; i < n; i++) {
		name = trim(f[i]);
		snprintf(field, sizeof field, "%s", name);
		if (header_col(name, im->o->ignore_unknown, &c) == -1) {
			fatal_problem(im, 1, field, E_CODE_UNKNOWN,
			    "unknown column");
			continue;
		}
		im->colmap[i] = c;
		if (c == C_SKIP)
			continue;
		if (seen[c]++)
			fatal_problem(im, 1, cols[c].ja, E_EXISTS,
			    "column given twice");
	}
	for (c = 0; c < C_N; c++)
		if (cols[c].required && !seen[c])
			fatal_problem(im, 1, cols[c].ja, E_REQUIRED,
			    "column missing");
	{
		const char *nlp = memchr(im->raw + im->body, '\n',
		    im->rawlen - im->body);

		im->head_end = nlp ? (size_t)(nlp - im->raw) + 1 : im->rawlen;
		im->crlf = nlp && nlp > im->raw && nlp[-1] == '\r';
	}
}

/* Parse the records of one decoded chunk. */
static void
csv_chunk(struct imp *im, char *p, char *end, int64_t *line,
    const struct ymd *today)
{
	char *f[MAX_COLS];
	int n, i;
	int64_t nl;

	while (p < end && !im->fatal) {
		nl = 0;
		im->line = *line;
		im->bad = 0;
		buf_reset(&im->why);
		if (*p == '\n' || (*p == '\r' && p + 1 < end && p[1] == '\n')) {
			p += *p == '\r' ? 2 : 1;	/* blank line */
			(*line)++;
			continue;
		}
		n = csv_record(&p, end, f, MAX_COLS, &nl);
		*line += nl;
		im->last_line = nl > 0 ? *line - 1 : *line;
		if (n == -1) {
			fatal_problem(im, im->line, "", E_PATTERN,
			    "quoted field not closed");
			return;
		}
		memset(im->v, 0, sizeof im->v);
		if (n == -2)
			problem(im, im->line, "", E_PATTERN,
			    "text after a closing quote");
		else if (n != im->ncols) {
			char d[48];

			snprintf(d, sizeof d, "%d fields, the header has %d", n,
			    im->ncols);
			problem(im, im->line, "", E_PATTERN, d);
		} else {
			for (i = 0; i < n; i++)
				if (im->colmap[i] != C_SKIP)
					im->v[im->colmap[i]] = trim(f[i]);
		}
		if (im->bad) {
			im->res->total++;
			im->res->rejected++;
			if (im->o->skip_bad) {
				const char *rp;
				size_t rn;

				raw_lines(im, im->line, im->last_line, &rp, &rn);
				errfile_record(im, rp, rn);
			}
		} else
			record(im, today);
		if (im->res->total % PROGRESS_EVERY == 0)
			progress(im, im->res->total);
	}
}

/* Report the undecodable lines of raw[from, to). */
static void
bad_lines(struct imp *im, size_t from, size_t to, int64_t line)
{
	const char *p = im->raw + from, *end = im->raw + to, *nl;
	struct err e;
	char *t;
	size_t n;

	for (; p < end; p = nl ? nl + 1 : end, line++) {
		nl = memchr(p, '\n', (size_t)(end - p));
		n = (size_t)((nl ? nl : end) - p);
		err_clear(&e);
		if (memchr(p, '\0', n) != NULL)
			err_set(&e, E_ENCODING, "", "a NUL byte");
		else if ((t = codec_to_utf8(im->enc, p, n, NULL, &e)) != NULL) {
			free(t);
			continue;
		}
		fatal_problem(im, line, "", e.code, e.detail);
	}
}

/* The end of the chunk starting at pos: a newline outside quotes. */
static size_t
chunk_end(const struct imp *im, size_t pos)
{
	const char *p = im->raw + pos, *lim, *q;
	const char *end = im->raw + im->rawlen;
	int odd = 0;

	if (im->rawlen - pos <= CHUNK)
		return im->rawlen;
	lim = p + CHUNK;
	while ((q = memchr(p, '"', (size_t)(lim - p))) != NULL) {
		odd = !odd;
		p = q + 1;
	}
	for (p = lim; p < end; p++) {
		if (*p == '"')
			odd = !odd;
		else if (*p == '\n' && !odd)
			return (size_t)(p - im->raw) + 1;
	}
	return im->rawlen;
}

static int64_t
count_lines(const char *p, size_t n)
{
	const char *end = p + n, *q;
	int64_t k = 0;

	while (p < end && (q = memchr(p, '\n', (size_t)(end - p))) != NULL) {
		k++;
		p = q + 1;
	}
	return k;
}

static void
run_csv(struct imp *im, const struct ymd *today)
{
	size_t pos = im->body, end, olen;
	int64_t line = 1, chunk_line = 1, lines;
	int first = 1;
	struct err e;
	char *t, *p;

	im->est_total = count_lines(im->raw, im->rawlen);
	if (im->est_total > 0)
		im->est_total--;
	idset_reserve(&im->atena, (size_t)im->est_total);
	idset_reserve(&im->mn, (size_t)im->est_total);
	while (pos < im->rawlen) {
		end = chunk_end(im, pos);
		lines = count_lines(im->raw + pos, end - pos);
		err_clear(&e);
		t = NULL;
		if (memchr(im->raw + pos, '\0', end - pos) == NULL)
			t = codec_to_utf8(im->enc, im->raw + pos, end - pos,
			    &olen, &e);
		if (t == NULL) {
			bad_lines(im, pos, end, chunk_line);
			if (!im->fatal)
				fatal_problem(im, chunk_line, "", E_ENCODING, NULL);
		} else if (!im->fatal || first) {
			p = t;
			if (first) {
				csv_header(im, &p, t + olen, &line);
				errfile_header(im);
				first = 0;
			}
			csv_chunk(im, p, t + olen, &line, today);
		}
		if (t != NULL)
			xwipe(t, olen);
		free(t);
		pos = end;
		line = chunk_line += lines;
	}
	if (first && !im->fatal)
		fatal_problem(im, 1, "", E_PATTERN, "no header row");
}

/* ---- fixed length ---------------------------------------------------------- */

/* Nonzero when a multi-byte character crosses either end of the field
 * at rec[off, off + len). */
static int
split_char(const struct imp *im, const unsigned char *rec, int off, int len)
{
	const unsigned char *f = rec + off;
	int i = 0;

	if (!im->sjis)
		return (f[0] & 0xC0) == 0x80 ||
		    (off + len < FIXED_WIDTH && (f[len] & 0xC0) == 0x80);
	while (i < len) {
		if ((f[i] >= 0x81 && f[i] <= 0x9F) || (f[i] >= 0xE0 && f[i] <= 0xFC))
			i += 2;
		else
			i++;
	}
	return i > len;
}

static void
fixed_record(struct imp *im, const char *rec, const struct ymd *today)
{
	char buf[FIXED_WIDTH + FIXED_N], *t = NULL, *p, *q;
	struct err e;
	size_t olen;
	int i, k, dec_bad = 0;

	im->bad = 0;
	buf_reset(&im->why);
	memset(im->v, 0, sizeof im->v);
	for (i = 0; i < FIXED_WIDTH; i++) {
		if (rec[i] == '\0' || rec[i] == '\n' || rec[i] == '\r') {
			problem(im, im->line, "", E_BAD_CHAR,
			    "control character in the record");
			goto bad;
		}
	}
	/* Join the fields with newlines (never inside a character) and
	 * decode the record once. */
	for (i = 0, k = 0; i < FIXED_N; i++) {
		const unsigned char *f = (const unsigned char *)rec +
		    fixed_layout[i].offset;

		if (split_char(im, (const unsigned char *)rec,
		    fixed_layout[i].offset, fixed_layout[i].length)) {
			field_err(im, fixed_layout[i].col, E_ENCODING,
			    "a double-byte character is cut by the field end");
			dec_bad = 1;
		}
		memcpy(buf + k, f, (size_t)fixed_layout[i].length);
		k += fixed_layout[i].length;
		buf[k++] = '\n';
	}
	if (dec_bad)
		goto bad;
	err_clear(&e);
	if ((t = codec_to_utf8(im->enc, buf, (size_t)k, &olen, &e)) == NULL) {
		/* Find the field at fault. */
		for (i = 0; i < FIXED_N; i++) {
			err_clear(&e);
			t = codec_to_utf8(im->enc, rec + fixed_layout[i].offset,
			    (size_t)fixed_layout[i].length, NULL, &e);
			if (t == NULL)
				field_err(im, fixed_layout[i].col, e.code,
				    "cannot be decoded");
			free(t);
		}
		t = NULL;
		goto bad;
	}
	for (i = 0, p = t; i < FIXED_N; i++, p = q + 1) {
		q = strchr(p, '\n');
		*q = '\0';
		im->v[fixed_layout[i].col] = trim(p);
	}
	record(im, today);
	if (im->bad && im->o->skip_bad && !im->fatal)
		errfile_record(im, rec, FIXED_WIDTH);
	xwipe(t, olen);
	free(t);
	return;
bad:
	im->res->total++;
	im->res->rejected++;
	if (im->o->skip_bad)
		errfile_record(im, rec, FIXED_WIDTH);
}

static void
run_fixed(struct imp *im, const struct ymd *today)
{
	size_t pos;

	im->est_total = (int64_t)(im->rawlen / FIXED_RECORD);
	idset_reserve(&im->atena, (size_t)im->est_total);
	idset_reserve(&im->mn, (size_t)im->est_total);
	if (im->rawlen % FIXED_RECORD != 0) {
		char d[64];

		snprintf(d, sizeof d, "the file is not whole records of %d bytes",
		    FIXED_RECORD);
		fatal_problem(im, 0, "", E_PATTERN, d);
		return;
	}
	for (pos = 0; pos < im->rawlen && !im->fatal; pos += FIXED_RECORD) {
		im->line = (int64_t)(pos / FIXED_RECORD) + 1;
		im->last_line = im->line;
		if (memcmp(im->raw + pos + FIXED_WIDTH, "\r\n", 2) != 0) {
			fatal_problem(im, im->line, "", E_PATTERN,
			    "no CR LF after the record");
			return;
		}
		fixed_record(im, im->raw + pos, today);
		if (im->res->total % PROGRESS_EVERY == 0)
			progress(im, im->res->total);
	}
}

/* ---- the run ----------------------------------------------------------------- */

struct checker {
	struct imp *im;
	const struct ymd *today;
};

static void
run_file(struct imp *im, const struct ymd *today)
{
	if (im->o->format == IMPORT_FIXED)
		run_fixed(im, today);
	else
		run_csv(im, today);
}

static void *
checking_thread(void *arg)
{
	struct checker *c = arg;

	run_file(c->im, c->today);
	handover_close(c->im->ho);
	return NULL;
}

/* Check and write the whole file: in two threads into an empty master,
 * else in this one. */
static void
run_checked(struct imp *im, const struct ymd *today)
{
	struct checker c = { im, today };
	struct handover *h;
	pthread_t t;

	if (!im->db_empty) {
		run_file(im, today);
		return;
	}
	h = im->ho = handover_new();
	if (pthread_create(&t, NULL, checking_thread, &c) != 0) {
		im->ho = NULL;
		handover_free(h);
		run_file(im, today);
		return;
	}
	handover_write(im);
	pthread_join(t, NULL);
	if (h->failed) {
		im->fatal = 1;
		im->ferr = h->err;
		problem(im, h->err_line, "", h->err.code, "database");
	}
	im->ho = NULL;
	handover_free(h);
}

static void
file_checksum(const char *p, size_t n, char out[HASH_HEX])
{
	crypto_generichash_state st;
	unsigned char h[32];
	size_t step;

	crypto_generichash_init(&st, NULL, 0, sizeof h);
	for (; n > 0; p += step, n -= step) {
		step = n > (1u << 20) ? (1u << 20) : n;
		crypto_generichash_update(&st, (const unsigned char *)p, step);
	}
	crypto_generichash_final(&st, h, sizeof h);
	sodium_bin2hex(out, HASH_HEX, h, sizeof h);
}

/* Audit the outcome (no personal data: names, numbers, counts). */
static int
audit_import(struct imp *im, const char *base, const char *outcome,
    struct err *e)
{
	struct audit_event ev = { "import", "residents", NULL, outcome, "import" };
	char detail[256];
	const struct import_result *r = im->res;

	snprintf(detail, sizeof detail, "file=%.60s blake2b=%s format=%s "
	    "total=%lld accepted=%lld rejected=%lld created=%lld updated=%lld "
	    "unchanged=%lld", base, r->checksum,
	    im->o->format == IMPORT_FIXED ? "fixed" : "csv",
	    (long long)r->total, (long long)r->accepted, (long long)r->rejected,
	    (long long)r->created, (long long)r->updated,
	    (long long)r->unchanged);
	ev.detail = detail;
	return audit_append(im->lg, im->s, NULL, &ev, e);
}

static int
map_file(struct imp *im, const char *path, struct err *e)
{
	struct stat st;
	int fd;
	void *m;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return err_set(e, errno == ENOENT ? E_NOT_FOUND : E_IO, "file",
		    "%s", strerror(errno));
	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode)) {
		close(fd);
		return err_set(e, E_IO, "file", "not a regular file");
	}
	if (st.st_size == 0) {
		close(fd);
		return err_set(e, E_PATTERN, "file", "the file is empty");
	}
	m = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (m == MAP_FAILED)
		return err_set(e, E_IO, "file", "%s", strerror(errno));
	madvise(m, (size_t)st.st_size, MADV_SEQUENTIAL);
	im->raw = m;
	im->rawlen = (size_t)st.st_size;
	return 0;
}

int
import_run(struct session *s, const char *path, const struct import_opts *o,
    struct import_result *res, struct err *e)
{
	struct import_result local;
	struct imp *im;
	struct ymd today;
	const char *base = path;
	char maxa[16];
	int rc = -1, refused;

	if (res == NULL)
		res = &local;
	memset(res, 0, sizeof *res);
	if (session_require(s, LEDGER_RESIDENT, ROLE_OPERATOR, "import", e) == -1)
		return -1;
	if (o->skip_bad && (o->errors_path == NULL || *o->errors_path == '\0'))
		return err_set(e, E_USAGE, "errors", "--skip-bad needs an error file");
	im = xcalloc(1, sizeof *im);
	im->s = s;
	im->lg = s->lg;
	im->o = o;
	im->res = res;
	im->errfd = -1;
	im->cur_line = 1;
	buf_init(&im->why);
	if ((im->enc = codec_name(o->encoding ? o->encoding :
	    (o->format == IMPORT_FIXED ? "cp932" : NULL))) == NULL) {
		err_set(e, E_USAGE, "encoding", "cp932, utf-8 or shift_jisx0213");
		goto out;
	}
	im->sjis = strcmp(im->enc, "CP932") == 0 ||
	    strcmp(im->enc, "SHIFT_JISX0213") == 0;
	if (o->format == IMPORT_FIXED && !im->sjis && strcmp(im->enc, "UTF-8") != 0) {
		err_set(e, E_USAGE, "encoding", "the fixed layout is CP932");
		goto out;
	}
	if (map_file(im, path, e) == -1)
		goto out;
	if (strcmp(im->enc, "UTF-8") == 0 && im->rawlen >= 3 &&
	    memcmp(im->raw, "\xef\xbb\xbf", 3) == 0)
		im->body = 3;
	file_checksum(im->raw, im->rawlen, res->checksum);
	base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	snprintf(im->ref, sizeof im->ref, "%s", base);
	ledger_now(im->stamp);
	ymd_today(&today);
	if (o->skip_bad && errfile_open(im, e) == -1)
		goto out;

	/* Into an empty master (a city's first load) the pages can be
	 * written once instead of twice; checked again in the transaction. */
	if (db_resident_max_atena(im->lg->db, maxa, e) == -1)
		goto out;
	if (maxa[0] == '\0') {
		db_bulk_mode(im->lg->db, 1);
		im->bulk_mode = 1;
	}
	if (ledger_begin(im->lg, e) == -1)
		goto out;
	if ((im->bulk = db_bulk_residents_begin(im->lg->db, e)) == NULL)
		goto rollback;
	/* The file's versions take 更新順番号 from here on: counters saving
	 * meanwhile wait (resident_submit takes the same lock). */
	if (db_lock_serialise(im->lg->db, "resident:seq", e) == -1 ||
	    db_resident_max_atena(im->lg->db, maxa, e) == -1 ||
	    (im->seq = db_resident_next_seq(im->lg->db, e)) < 0)
		goto rollback;
	/* Into an empty master nothing is looked up while loading, so the
	 * secondary indexes can be rebuilt once at the end. */
	im->db_empty = maxa[0] == '\0';
	if (im->db_empty && db_bulk_residents_defer_indexes(im->bulk, e) == -1)
		goto rollback;
	run_checked(im, &today);
	progress(im, res->total);

	refused = im->fatal || (!o->skip_bad && res->rejected > 0);
	if (refused)
		goto rollback;
	if (db_bulk_residents_finish(&im->bulk, e) == -1 ||
	    audit_import(im, base, "ok", e) == -1 || ledger_commit(im->lg, e) == -1)
		goto rollback;
	res->committed = 1;
	rc = 0;
	goto out;
rollback:
	ledger_rollback(im->lg);
	if (im->bulk != NULL)
		db_bulk_residents_end(&im->bulk, 0, NULL);
	if (im->fatal && e != NULL)
		*e = im->ferr;
	else if (e != NULL && e->code == E_OK)
		err_set(e, E_PATTERN, "", "%lld of %lld records refused; "
		    "nothing was imported", (long long)res->rejected,
		    (long long)res->total);
	/* The refusal is audited too, in a transaction of its own. */
	if (res->total > 0 || im->fatal)
		audit_import(im, base, "failed", NULL);
	res->created = res->updated = res->unchanged = 0;
out:
	if (im->bulk_mode)
		db_bulk_mode(im->lg->db, 0);
	if (im->errfd != -1) {
		if (close(im->errfd) == -1 && rc == 0)
			rc = err_set(e, E_IO, "errors", "closing the error file");
		if (!res->committed || res->rejected == 0)
			unlink(o->errors_path);
	}
	if (im->raw != NULL)
		munmap((void *)im->raw, im->rawlen);
	idset_free(&im->atena);
	idset_free(&im->mn);
	buf_free(&im->why);
	xwipe(im, sizeof *im);
	free(im);
	return rc;
}
