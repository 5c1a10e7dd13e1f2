/*
 * The resident import (ledger/import.c): the issue's CP932 case refused
 * whole and then taken with --skip-bad, CSV quoting and header rules,
 * 和暦 dates, codes, encoding errors named by line, the fixed layout,
 * duplicates, new versions of known persons, roles, and the audit row.
 * CP932 files are built here from UTF-8 text with {XXXX} for raw bytes.
 */
#include "testutil.h"

#include <sys/stat.h>

#include "audit.h"
#include "auth.h"
#include "buf.h"
#include "codec.h"
#include "db.h"
#include "demo.h"
#include "import.h"
#include "ledger_internal.h"

struct fixture {
	char *dir;
	char path[512];
	struct ledger *lg;
	struct session *s;
	/* collected problems */
	int n;
	int64_t line[64];
	char field[64][48];
	enum err_code code[64];
	char detail[64][160];
};

#define HEADER "宛名番号,個人番号,氏名,氏名カナ,性別,生年月日,郵便番号,住所,方書,世帯番号\r\n"

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	struct err e;

	setenv("MADOGUCHI_TERMINAL", "T1", 1);
	f->dir = test_tmpdir();
	assert_non_null(f->dir);
	snprintf(f->path, sizeof f->path, "%s/ledger.db", f->dir);
	err_clear(&e);
	f->lg = ledger_open(f->path, NULL, &e);
	assert_non_null(f->lg);
	assert_int_equal(demo_accounts(f->lg, &e), 0);
	f->s = auth_login(f->lg, "operator", "demo-operator", &e);
	assert_non_null(f->s);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;

	auth_logout(&f->s, NULL);
	ledger_close(&f->lg);
	test_rmtree(f->dir);
	free(f->dir);
	free(f);
	return 0;
}

/* UTF-8 text to CP932 with {XXXX} / {XX} written as raw bytes. */
static char *
cp932(const char *u, size_t *len)
{
	char *out = malloc(strlen(u) * 2 + 1), *t, seg[4096];
	const char *p = u, *q;
	size_t n = 0, k, tn;
	unsigned v;

	while (*p != '\0') {
		if (*p == '{') {
			q = strchr(p, '}');
			k = (size_t)(q - p - 1);
			sscanf(p + 1, "%x", &v);
			if (k == 4)
				out[n++] = (char)(v >> 8);
			out[n++] = (char)(v & 0xff);
			p = q + 1;
			continue;
		}
		q = strchr(p, '{');
		k = q ? (size_t)(q - p) : strlen(p);
		memcpy(seg, p, k);
		seg[k] = '\0';
		t = codec_from_utf8("CP932", seg, k, &tn, NULL);
		assert_non_null(t);
		memcpy(out + n, t, tn);
		n += tn;
		free(t);
		p += k;
	}
	*len = n;
	return out;
}

static char *
write_file(struct fixture *f, const char *name, const char *data, size_t len)
{
	char *path = malloc(strlen(f->dir) + strlen(name) + 2);
	FILE *fp;

	sprintf(path, "%s/%s", f->dir, name);
	fp = fopen(path, "wb");
	assert_non_null(fp);
	assert_int_equal(fwrite(data, 1, len, fp), len);
	fclose(fp);
	return path;
}

static char *
write_cp932(struct fixture *f, const char *name, const char *utf8)
{
	size_t n;
	char *d = cp932(utf8, &n), *p = write_file(f, name, d, n);

	free(d);
	return p;
}

static void
collect(void *ctx, const struct import_problem *p)
{
	struct fixture *f = ctx;

	if (f->n >= 64)
		return;
	f->line[f->n] = p->line;
	snprintf(f->field[f->n], sizeof f->field[0], "%s", p->field);
	f->code[f->n] = p->code;
	snprintf(f->detail[f->n], sizeof f->detail[0], "%s", p->detail);
	f->n++;
}

static int
run(struct fixture *f, const char *path, struct import_opts *o,
    struct import_result *res, struct err *e)
{
	f->n = 0;
	o->report = collect;
	o->ctx = f;
	err_clear(e);
	return import_run(f->s, path, o, res, e);
}

/* Index of the problem on line with code, or -1. */
static int
find(const struct fixture *f, int64_t line, const char *field, enum err_code c)
{
	int i;

	for (i = 0; i < f->n; i++)
		if (f->line[i] == line && f->code[i] == c &&
		    (field == NULL || strcmp(f->field[i], field) == 0))
			return i;
	return -1;
}

static int64_t
count(struct fixture *f)
{
	return db_resident_count(f->lg->db, NULL);
}

static struct db_resident
get(struct fixture *f, const char *atena)
{
	struct db_resident r;

	memset(&r, 0, sizeof r);
	assert_int_equal(db_resident_get(f->lg->db, atena, &r, NULL), 0);
	return r;
}

/* The issue's file: 〜 − ① ㈱ 髙 half-width kana, line 4 a bad check digit. */
static const char issue_file[] =
    HEADER
    "1000000001,123456789018,{FBFC}橋{8140}一郎,ｲﾁﾛｳ ﾀｶﾊｼ,男,S45.3.1,600-8001,"
    "京都市下京区{8740}丁目{817C}3,メゾン{8160}{878A}101,2000000001\r\n"
    "1000000002,621498320257,山田{8140}花子,ﾔﾏﾀﾞ ﾊﾅｺ,女,1980-01-02,6008002,"
    "京都市中京区,,2000000002\r\n"
    "1000000003,123456789013,鈴木{8140}次郎,ｽｽﾞｷ ｼﾞﾛｳ,1,H2.5.6,6008003,"
    "京都市北区,,2000000003\r\n"
    "1000000004,614106526000,佐藤{8140}三郎,ｻﾄｳ ｻﾌﾞﾛｳ,2,令和2年4月1日,,"
    "京都市左京区,,2000000004\r\n";

static void
test_issue_refused_whole(void **state)
{
	struct fixture *f = *state;
	struct import_opts o = { .encoding = "cp932" };
	struct import_result res;
	struct err e;
	char *p = write_cp932(f, "jumin.csv", issue_file);

	assert_int_equal(run(f, p, &o, &res, &e), -1);
	assert_int_equal(e.code, E_PATTERN);
	assert_int_equal(res.total, 4);
	assert_int_equal(res.rejected, 1);
	assert_false(res.committed);
	assert_int_equal(f->n, 1);
	assert_true(find(f, 4, "個人番号", E_MYNUMBER_CHECK) >= 0);
	assert_int_equal(count(f), 0);
	free(p);
}

static void
test_issue_skip_bad(void **state)
{
	struct fixture *f = *state;
	struct import_opts o = { .encoding = "cp932", .skip_bad = 1 };
	struct import_result res;
	struct db_resident r;
	struct stat st;
	struct err e;
	char *p = write_cp932(f, "jumin.csv", issue_file);
	char errpath[600], buf[4096];
	size_t bad_n, n;
	char *bad;
	FILE *fp;

	snprintf(errpath, sizeof errpath, "%s/errors.csv", f->dir);
	o.errors_path = errpath;
	assert_int_equal(run(f, p, &o, &res, &e), 0);
	assert_true(res.committed);
	assert_int_equal(res.accepted, 3);
	assert_int_equal(res.rejected, 1);
	assert_int_equal(res.created, 3);
	assert_int_equal(count(f), 3);
	r = get(f, "1000000001");
	/* 髙 (0xFBFC) kept, parts joined by U+3000 */
	assert_string_equal(r.name, "髙橋　一郎");
	/* half-width kana folded to full width */
	assert_string_equal(r.name_kana, "イチロウ　タカハシ");
	/* glibc's CP932: 〜 0x8160 is U+FF5E; ㈱ 0x878A; 方書 kept as decoded */
	assert_string_equal(r.katagaki, "メゾン\xef\xbd\x9e㈱101");
	/* address NFKC'd: ① → 1, − (U+FF0D) → - */
	assert_string_equal(r.address, "京都市下京区1丁目-3");
	assert_string_equal(r.birth_date, "1970-03-01");
	assert_string_equal(r.postal_code, "6008001");
	assert_int_equal(r.sex, 1);
	assert_int_equal(r.rireki_no, 1);
	assert_string_equal(r.state, "confirmed");
	assert_string_equal(r.reason_code, "import");
	assert_string_equal(r.ref_no, "jumin.csv");
	assert_string_equal(r.operator_login, "operator");
	assert_string_equal(r.terminal, "T1");
	assert_string_equal(r.mn_method, "register");
	assert_true(r.name_key[0] != '\0');
	r = get(f, "1000000004");
	assert_string_equal(r.birth_date, "2020-04-01");
	assert_int_equal(r.sex, 2);
	assert_int_equal(db_resident_get(f->lg->db, "1000000003", &r, NULL), -1);
	/* the bad record in the error file: 0600, original CP932 bytes */
	assert_int_equal(stat(errpath, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	fp = fopen(errpath, "rb");
	n = fread(buf, 1, sizeof buf - 1, fp);
	fclose(fp);
	buf[n] = '\0';
	bad = cp932("1000000003,123456789013,鈴木{8140}次郎,ｽｽﾞｷ ｼﾞﾛｳ,1,H2.5.6,"
	    "6008003,京都市北区,,2000000003,4,\"", &bad_n);
	assert_non_null(memmem(buf, n, bad, bad_n));
	free(bad);
	bad = cp932("宛名番号,個人番号,氏名,氏名カナ,性別,生年月日,郵便番号,住所,方書,"
	    "世帯番号,元行番号,エラー\r\n", &bad_n);
	assert_memory_equal(buf, bad, bad_n);
	free(bad);
	/* only the bad record */
	assert_null(memmem(buf, n, "1000000002", 10));
	/* the error file re-imports after correction: its columns are known */
	free(p);
}

static void
test_header_any_order_and_aliases(void **state)
{
	struct fixture *f = *state;
	struct import_opts o = { .encoding = "utf-8" };
	struct import_result res;
	struct err e;
	struct db_resident r;
	char *p;
	const char csv[] =
	    "\xef\xbb\xbf住所,フリガナ,性別,世帯番号,方書,氏名,郵便番号,生年月日,宛名番号,個人番号\n"
	    "東京都千代田区1,やまだ たろう,男,,,山田 太郎,100-0001,2001-02-03,42,\n";

	p = write_file(f, "a.csv", csv, sizeof csv - 1);
	assert_int_equal(run(f, p, &o, &res, &e), 0);
	r = get(f, "42");
	assert_string_equal(r.name, "山田　太郎");
	assert_string_equal(r.name_kana, "ヤマダ　タロウ");
	assert_string_equal(r.my_number, "");
	assert_string_equal(r.postal_code, "1000001");
	free(p);
}

static void
test_quoted_fields(void **state)
{
	struct fixture *f = *state;
	struct import_opts o = { .encoding = "utf-8", .ignore_unknown = 1 };
	struct import_result res;
	struct err e;
	struct db_resident r;
	char *p;
	const char csv[] =
	    "宛名番号,個人番号,氏名,氏名カナ,性別,生年月日,郵便番号,住所,方書,世帯番号,備考\r\n"
	    "\"7\",\"\",\"田中,花子\",タナカ,\"2\",1990-1-1,,\"大阪市北区1-2, 3F\","
	    "\"コーポ\"\"青葉\"\"\",,\"memo\r\nspanning\r\nlines\"\r\n"
	    "8,,田中 一,タナカ,X,1990-1-1,,大阪市,,,\r\n";

	p = write_file(f, "q.csv", csv, sizeof csv - 1);
	assert_int_equal(run(f, p, &o, &res, &e), -1);
	/* the record after the three-line one starts on line 5 */
	assert_int_equal(f->n, 1);
	assert_true(find(f, 5, "性別", E_CHOICE) >= 0);
	o.skip_bad = 1;
	{
		char ep[600];

		snprintf(ep, sizeof ep, "%s/e.csv", f->dir);
		o.errors_path = ep;
		assert_int_equal(run(f, p, &o, &res, &e), 0);
	}
	r = get(f, "7");
	assert_string_equal(r.name, "田中,花子");
	assert_string_equal(r.address, "大阪市北区1-2, 3F");
	assert_string_equal(r.katagaki, "コーポ\"青葉\"");
	free(p);
}

static void
test_wareki_dates(void **state)
{
	struct fixture *f = *state;
	struct import_opts o = { .encoding = "utf-8" };
	struct import_result res;
	struct err e;
	char *p;
	const char csv[] =
	    "宛名番号,個人番号,氏名,氏名カナ,性別,生年月日,郵便番号,住所,方書,世帯番号\n"
	    "1,,甲,コウ,1,R6.4.1,,市,,\n"
	    "2,,乙,オツ,2,昭和45年3月1日,,市,,\n"
	    "3,,丙,ヘイ,9,5060401,,市,,\n"
	    "4,,丁,テイ,1,H元.1.8,,市,,\n";

	p = write_file(f, "d.csv", csv, sizeof csv - 1);
	assert_int_equal(run(f, p, &o, &res, &e), 0);
	assert_string_equal(get(f, "1").birth_date, "2024-04-01");
	assert_string_equal(get(f, "2").birth_date, "1970-03-01");
	assert_string_equal(get(f, "3").birth_date, "2024-04-01");
	assert_int_equal(get(f, "3").sex, 9);
	free(p);
}

static void
test_bad_dates_and_codes(void **state)
{
	struct fixture *f = *state;
	struct import_opts o = { .encoding = "utf-8" };
	struct import_result res;
	struct err e;
	char *p;
	const char csv[] =
	    "宛名番号,個人番号,氏名,氏名カナ,性別,生年月日,郵便番号,住所,方書,世帯番号\n"
	    "1,,甲,コウ,1,2023-02-30,,市,,\n"
	    "2,,乙,オツ,2,H31.5.1,,市,,\n"
	    "3,,丙,ヘイ,1,2999-01-01,,市,,\n"
	    "4,,丁,テイ,1,2000-01-01,123456,市,,\n"
	    "5,,戊,漢字,1,2000-01-01,,市,,\n"
	    "A6,,己,キ,1,2000-01-01,,市,,\n"
	    "7,,庚,コウ,1,2000-01-01,,,,\n";

	p = write_file(f, "d.csv", csv, sizeof csv - 1);
	assert_int_equal(run(f, p, &o, &res, &e), -1);
	assert_int_equal(res.rejected, 7);
	assert_true(find(f, 2, "生年月日", E_DATE_INVALID) >= 0);
	assert_true(find(f, 3, "生年月日", E_DATE_ERA_RANGE) >= 0);
	assert_true(find(f, 4, "生年月日", E_DATE_RANGE) >= 0);
	assert_true(find(f, 5, "郵便番号", E_POSTAL) >= 0);
	assert_true(find(f, 6, "氏名カナ", E_KANA) >= 0);
	assert_true(find(f, 7, "宛名番号", E_BAD_CHAR) >= 0);
	assert_true(find(f, 8, "住所", E_REQUIRED) >= 0);
	assert_int_equal(count(f), 0);
	free(p);
}

static void
test_undecodable_byte_named_by_line(void **state)
{
	struct fixture *f = *state;
	struct import_opts o = { .encoding = "cp932", .skip_bad = 1 };
	struct import_result res;
	struct err e;
	char ep[600], *p;

	snprintf(ep, sizeof ep, "%s/e.csv", f->dir);
	o.errors_path = ep;
	p = write_cp932(f, "b.csv", HEADER
	    "1,,甲,コウ,1,2000-01-01,,市,,\r\n"
	    "2,,乙{FF},オツ,1,2000-01-01,,市,,\r\n"
	    "3,,丙,ヘイ,1,2000-01-01,,市,,\r\n");
	/* even with --skip-bad: a file that does not decode is refused */
	assert_int_equal(run(f, p, &o, &res, &e), -1);
	assert_int_equal(e.code, E_ENCODING);
	assert_true(find(f, 3, "", E_ENCODING) >= 0);
	assert_int_equal(count(f), 0);
	assert_int_equal(access(ep, F_OK), -1);
	free(p);
	/* the same bytes named by SHIFT_JIS-only decoding would differ: 髙 is
	 * CP932-only, and shift_jisx0213 is a different table */
	p = write_cp932(f, "c.csv", HEADER "1,,{FBFC},コウ,1,2000-01-01,,市,,\r\n");
	o.skip_bad = 0;
	o.errors_path = NULL;
	o.encoding = "utf-8";
	assert_int_equal(run(f, p, &o, &res, &e), -1);
	assert_int_equal(e.code, E_ENCODING);
	assert_true(find(f, 1, "", E_ENCODING) >= 0);	/* the header */
	free(p);
}

/* One fixed-length record: fields padded with spaces to their widths. */
static void
fixed_add(char *out, size_t *n, const char *const v[10])
{
	static const int w[10] = { 10, 12, 40, 60, 1, 8, 7, 120, 60, 10 };
	size_t len;
	char *t;
	int i;

	for (i = 0; i < 10; i++) {
		t = cp932(v[i], &len);
		assert_true((int)len <= w[i]);
		memcpy(out + *n, t, len);
		memset(out + *n + len, ' ', (size_t)w[i] - len);
		*n += (size_t)w[i];
		free(t);
	}
	memcpy(out + *n, "\r\n", 2);
	*n += 2;
}

static void
test_fixed_layout(void **state)
{
	struct fixture *f = *state;
	struct import_opts o = { .encoding = "cp932", .format = IMPORT_FIXED };
	const char *a[10] = { "1000000001", "123456789018", "髙橋{8140}一郎{8140}{8140}",
	    "ﾀｶﾊｼ ｲﾁﾛｳ", "1", "3450301 ", "6008001", "京都市{8740}", "", "2000000001" };
	const char *b[10] = { "1000000002", "", "山田{8140}花子", "ﾔﾏﾀﾞ ﾊﾅｺ", "2",
	    "19800102", "", "京都市", "", "" };
	struct import_result res;
	struct db_resident r;
	size_t n = 0, len;
	struct err e;
	char data[1024], *p;

	assert_int_equal(import_fixed_width(), 328);
	{
		const struct import_fixed_field *l = import_fixed_layout(&len);

		assert_int_equal(len, 10);
		assert_string_equal(l[2].name, "氏名");
		assert_int_equal(l[2].offset, 22);
		assert_int_equal(l[9].offset + l[9].length, 328);
	}
	fixed_add(data, &n, a);
	fixed_add(data, &n, b);
	assert_int_equal(n, 660);
	p = write_file(f, "fixed.dat", data, n);
	assert_int_equal(run(f, p, &o, &res, &e), 0);
	assert_int_equal(res.created, 2);
	r = get(f, "1000000001");
	assert_string_equal(r.name, "髙橋　一郎");
	assert_string_equal(r.name_kana, "タカハシ　イチロウ");
	assert_string_equal(r.birth_date, "1970-03-01");
	assert_string_equal(r.address, "京都市1");
	assert_string_equal(get(f, "1000000002").name_kana, "ヤマダ　ハナコ");
	free(p);
}

static void
test_fixed_truncated_char(void **state)
{
	struct fixture *f = *state;
	struct import_opts o = { .encoding = "cp932", .format = IMPORT_FIXED };
	const char *a[10] = { "1", "", "山田{8140}花子", "ﾔﾏﾀﾞ", "2",
	    "19800102", "", "京都市", "", "" };
	struct import_result res;
	size_t n = 0;
	struct err e;
	char data[1024], *p;

	fixed_add(data, &n, a);
	fixed_add(data, &n, a);
	/* record 2: the 40th byte of 氏名 is the lead byte of 髙 whose
	 * second byte is the first byte of 氏名カナ */
	memcpy(data + 330 + 22 + 39, "\xfb\xfc", 2);
	data[0] = '3';
	p = write_file(f, "fixed.dat", data, n);
	assert_int_equal(run(f, p, &o, &res, &e), -1);
	assert_true(find(f, 2, "氏名", E_ENCODING) >= 0);
	assert_int_equal(res.rejected, 1);
	free(p);
	/* a record without CR LF refuses the file */
	data[328] = ' ';
	p = write_file(f, "fixed2.dat", data, n);
	assert_int_equal(run(f, p, &o, &res, &e), -1);
	assert_true(find(f, 1, "", E_PATTERN) >= 0);
	assert_int_equal(count(f), 0);
	free(p);
}

static void
test_duplicates_in_file(void **state)
{
	struct fixture *f = *state;
	struct import_opts o = { .encoding = "utf-8" };
	struct import_result res;
	struct err e;
	char *p;
	const char csv[] =
	    "宛名番号,個人番号,氏名,氏名カナ,性別,生年月日,郵便番号,住所,方書,世帯番号\n"
	    "1,123456789018,甲,コウ,1,2000-01-01,,市,,\n"
	    "2,123456789018,乙,オツ,1,2000-01-01,,市,,\n"
	    "1,621498320257,丙,ヘイ,1,2000-01-01,,市,,\n"
	    "01,614106526000,丁,テイ,1,2000-01-01,,市,,\n";

	p = write_file(f, "dup.csv", csv, sizeof csv - 1);
	assert_int_equal(run(f, p, &o, &res, &e), -1);
	assert_int_equal(res.rejected, 2);
	assert_true(find(f, 3, "個人番号", E_EXISTS) >= 0);
	assert_string_equal(f->detail[find(f, 3, "個人番号", E_EXISTS)],
	    "also on line 2");
	assert_true(find(f, 4, "宛名番号", E_EXISTS) >= 0);
	/* "01" is another 宛名番号 than "1" */
	assert_int_equal(find(f, 5, NULL, E_EXISTS), -1);
	free(p);
}

static void
test_existing_person_new_version(void **state)
{
	struct fixture *f = *state;
	struct import_opts o = { .encoding = "utf-8" };
	struct import_result res;
	struct db_resident r;
	struct err e;
	char *p;
	const char v1[] =
	    "宛名番号,個人番号,氏名,氏名カナ,性別,生年月日,郵便番号,住所,方書,世帯番号\n"
	    "1,123456789018,甲,コウ,1,2000-01-01,,京都市,,\n"
	    "2,621498320257,乙,オツ,1,2000-01-01,,京都市,,\n";
	const char v2[] =
	    "宛名番号,個人番号,氏名,氏名カナ,性別,生年月日,郵便番号,住所,方書,世帯番号\n"
	    "1,123456789018,甲,コウ,1,2000-01-01,,大阪市,,\n"
	    "2,621498320257,乙,オツ,1,2000-01-01,,京都市,,\n"
	    "3,614106526000,丙,ヘイ,1,2000-01-01,,京都市,,\n";

	p = write_file(f, "v1.csv", v1, sizeof v1 - 1);
	assert_int_equal(run(f, p, &o, &res, &e), 0);
	free(p);
	p = write_file(f, "v2.csv", v2, sizeof v2 - 1);
	assert_int_equal(run(f, p, &o, &res, &e), 0);
	assert_int_equal(res.updated, 1);
	assert_int_equal(res.unchanged, 1);
	assert_int_equal(res.created, 1);
	r = get(f, "1");
	assert_int_equal(r.rireki_no, 2);
	assert_string_equal(r.address, "大阪市");
	assert_string_equal(r.ref_no, "v2.csv");
	assert_int_equal(db_resident_latest(f->lg->db, "2", &r, NULL), 0);
	assert_int_equal(r.rireki_no, 1);
	assert_int_equal(count(f), 3);
	/* update_seq grows across imports */
	assert_true(get(f, "3").update_seq > get(f, "2").update_seq);
	free(p);
}

static void
test_mynumber_held_by_another(void **state)
{
	struct fixture *f = *state;
	struct import_opts o = { .encoding = "utf-8" };
	struct import_result res;
	struct err e;
	char *p;
	const char v1[] =
	    "宛名番号,個人番号,氏名,氏名カナ,性別,生年月日,郵便番号,住所,方書,世帯番号\n"
	    "1,123456789018,甲,コウ,1,2000-01-01,,京都市,,\n";
	const char v2[] =
	    "宛名番号,個人番号,氏名,氏名カナ,性別,生年月日,郵便番号,住所,方書,世帯番号\n"
	    "9,123456789018,乙,オツ,1,2000-01-01,,京都市,,\n";

	p = write_file(f, "v1.csv", v1, sizeof v1 - 1);
	assert_int_equal(run(f, p, &o, &res, &e), 0);
	free(p);
	p = write_file(f, "v2.csv", v2, sizeof v2 - 1);
	assert_int_equal(run(f, p, &o, &res, &e), -1);
	assert_true(find(f, 2, "個人番号", E_EXISTS) >= 0);
	free(p);
}

static void
test_repeated_digits_alert(void **state)
{
	struct fixture *f = *state;
	struct import_opts o = { .encoding = "utf-8" };
	struct import_result res;
	struct err e;
	char *p;
	const char csv[] =
	    "宛名番号,個人番号,氏名,氏名カナ,性別,生年月日,郵便番号,住所,方書,世帯番号\n"
	    "1,000000000000,甲,コウ,1,2000-01-01,,京都市,,\n";

	p = write_file(f, "a.csv", csv, sizeof csv - 1);
	assert_int_equal(run(f, p, &o, &res, &e), -1);
	assert_true(find(f, 2, "個人番号", E_MYNUMBER_REPEATED) >= 0);
	o.accept_alerts = 1;
	assert_int_equal(run(f, p, &o, &res, &e), 0);
	assert_string_equal(get(f, "1").my_number, "000000000000");
	free(p);
}

static void
test_header_problems(void **state)
{
	struct fixture *f = *state;
	struct import_opts o = { .encoding = "utf-8" };
	struct import_result res;
	struct err e;
	char *p;
	const char unknown[] =
	    "宛名番号,個人番号,氏名,氏名カナ,性別,生年月日,郵便番号,住所,方書,世帯番号,血液型\n"
	    "1,,甲,コウ,1,2000-01-01,,京都市,,,A\n";
	const char missing[] =
	    "宛名番号,個人番号,氏名,性別,生年月日,郵便番号,住所,方書,世帯番号\n"
	    "1,,甲,1,2000-01-01,,京都市,,\n";

	p = write_file(f, "u.csv", unknown, sizeof unknown - 1);
	assert_int_equal(run(f, p, &o, &res, &e), -1);
	assert_true(find(f, 1, "血液型", E_CODE_UNKNOWN) >= 0);
	o.ignore_unknown = 1;
	assert_int_equal(run(f, p, &o, &res, &e), 0);
	free(p);
	p = write_file(f, "m.csv", missing, sizeof missing - 1);
	assert_int_equal(run(f, p, &o, &res, &e), -1);
	assert_true(find(f, 1, "氏名カナ", E_REQUIRED) >= 0);
	free(p);
}

struct audit_scan {
	int imports, failed;
	char detail[256];
	int pii;
};

static int
scan_audit(void *ctx, const struct db_audit_row *r)
{
	struct audit_scan *a = ctx;
	static const char *const pii[] = { "123456789018", "621498320257",
	    "山田", "京都", "ﾔﾏﾀﾞ", "ヤマダ", "1980" };
	size_t i;

	for (i = 0; i < sizeof pii / sizeof pii[0]; i++)
		if (strstr(r->detail, pii[i]) || strstr(r->target, pii[i]))
			a->pii++;
	if (strcmp(r->op, "import") == 0) {
		a->imports++;
		if (strcmp(r->outcome, "failed") == 0)
			a->failed++;
		snprintf(a->detail, sizeof a->detail, "%s", r->detail);
	}
	return 0;
}

static void
test_audit_row_and_checkpoint(void **state)
{
	struct fixture *f = *state;
	struct import_opts o = { .encoding = "cp932" };
	struct import_result res;
	struct audit_report rep;
	struct audit_scan a = { 0, 0, "", 0 };
	struct err e;
	char *p = write_cp932(f, "jumin.csv", issue_file), ep[600];

	assert_int_equal(run(f, p, &o, &res, &e), -1);
	snprintf(ep, sizeof ep, "%s/e.csv", f->dir);
	o.skip_bad = 1;
	o.errors_path = ep;
	assert_int_equal(run(f, p, &o, &res, &e), 0);
	assert_int_equal(db_audit_each(f->lg->db, NULL, scan_audit, &a, NULL), 0);
	assert_int_equal(a.imports, 2);
	assert_int_equal(a.failed, 1);
	assert_int_equal(a.pii, 0);
	assert_non_null(strstr(a.detail, "file=jumin.csv"));
	assert_non_null(strstr(a.detail, res.checksum));
	assert_non_null(strstr(a.detail, "total=4 accepted=3 rejected=1"));
	assert_int_equal(strlen(res.checksum), 64);
	/* the checkpoint file reaches the import's audit row */
	err_clear(&e);
	assert_int_equal(audit_verify_ledger(f->lg, &rep, &e), 0);
	assert_true(rep.checkpoint_seq >= rep.rows);
	free(p);
}

static void
test_role_required(void **state)
{
	struct fixture *f = *state;
	struct import_opts o = { .encoding = "cp932" };
	struct import_result res;
	struct session *clerk;
	struct err e;
	char *p = write_cp932(f, "jumin.csv", issue_file);

	err_clear(&e);
	clerk = auth_login(f->lg, "clerk", "demo-clerk", &e);
	assert_non_null(clerk);
	err_clear(&e);
	assert_int_equal(import_run(clerk, p, &o, &res, &e), -1);
	assert_int_equal(e.code, E_DENIED);
	assert_int_equal(count(f), 0);
	auth_logout(&clerk, NULL);
	free(p);
}

static void
test_nothing_left_on_failure(void **state)
{
	struct fixture *f = *state;
	struct import_opts o = { .encoding = "cp932", .skip_bad = 1 };
	struct import_result res;
	struct err e;
	char ep[600], *p;
	int64_t seq_before;
	char h[HASH_HEX];

	snprintf(ep, sizeof ep, "%s/e.csv", f->dir);
	o.errors_path = ep;
	/* good rows first, then an unterminated quote: nothing stays */
	p = write_cp932(f, "t.csv", HEADER
	    "1,,甲,コウ,1,2000-01-01,,市,,\r\n"
	    "2,,乙,オツ,1,2000-01-01,,\"市,,\r\n");
	db_audit_head(f->lg->db, &seq_before, h, NULL);
	assert_int_equal(run(f, p, &o, &res, &e), -1);
	assert_false(res.committed);
	assert_true(find(f, 3, "", E_PATTERN) >= 0);
	assert_int_equal(count(f), 0);
	assert_int_equal(db_resident_next_seq(f->lg->db, NULL), 1);
	assert_int_equal(access(ep, F_OK), -1);
	assert_false(db_in_transaction(f->lg->db));
	free(p);
	/* a missing file: nothing at all */
	assert_int_equal(run(f, "/nonexistent/x.csv", &o, &res, &e), -1);
	assert_int_equal(e.code, E_NOT_FOUND);
}

static void
test_field_count_and_lengths(void **state)
{
	struct fixture *f = *state;
	struct import_opts o = { .encoding = "utf-8" };
	struct import_result res;
	struct err e;
	char csv[4096], *p;
	int n;

	n = snprintf(csv, sizeof csv, "%s",
	    "宛名番号,個人番号,氏名,氏名カナ,性別,生年月日,郵便番号,住所,方書,世帯番号\n"
	    "1,,甲,コウ,1,2000-01-01,,市\n"
	    "2,,");
	for (int i = 0; i < 40; i++)
		n += snprintf(csv + n, sizeof csv - (size_t)n, "長");
	n += snprintf(csv + n, sizeof csv - (size_t)n,
	    ",コウ,1,2000-01-01,,市,,\n3,,甲,コウ,1,2000-01-01,,市,,1234567890123456\n");
	p = write_file(f, "l.csv", csv, (size_t)n);
	assert_int_equal(run(f, p, &o, &res, &e), -1);
	assert_true(find(f, 2, "", E_PATTERN) >= 0);
	assert_true(find(f, 3, "氏名", E_TOO_LONG) >= 0);
	assert_true(find(f, 4, "世帯番号", E_BAD_CHAR) >= 0);
	free(p);
}

/* n demo residents from the first, as a UTF-8 CSV. */
static char *
demo_csv(struct fixture *f, const char *name, int64_t first, int64_t n)
{
	struct db_resident r;
	struct buf b;
	int64_t i;
	char *p;

	buf_init(&b);
	buf_adds(&b, HEADER);
	for (i = first; i < first + n; i++) {
		demo_resident(11, i, &r);
		buf_printf(&b, "%s,%s,%s,%s,%d,%s,%s,\"%s\",\"%s\",%s\r\n",
		    r.atena_no, r.my_number, r.name, r.name_kana, r.sex,
		    r.birth_date, r.postal_code, r.address, r.katagaki,
		    r.household_no);
	}
	p = write_file(f, name, b.data, b.len);
	buf_free(&b);
	return p;
}

/*
 * Into an empty master the rows are checked in one thread and written in
 * another, several to a statement, with a rollback journal: every row of
 * a file longer than a hand-over batch (with a remainder) arrives as
 * written, and the file is in WAL mode again afterwards.
 */
static void
test_empty_master_load(void **state)
{
	static const int64_t probe[] = { 0, 15, 16, 17, 511, 512, 513, 1299 };
	struct fixture *f = *state;
	struct import_opts o = { .encoding = "utf-8" };
	struct import_result res;
	struct db_resident want, got;
	struct err e;
	char *p = demo_csv(f, "load.csv", 0, 1300), mode[16];
	size_t i;

	assert_int_equal(run(f, p, &o, &res, &e), 0);
	assert_true(res.committed);
	assert_int_equal(res.created, 1300);
	assert_int_equal(count(f), 1300);
	for (i = 0; i < sizeof probe / sizeof probe[0]; i++) {
		demo_resident(11, probe[i], &want);
		got = get(f, want.atena_no);
		assert_string_equal(got.name, want.name);
		assert_string_equal(got.name_kana, want.name_kana);
		assert_string_equal(got.my_number, want.my_number);
		assert_string_equal(got.birth_date, want.birth_date);
		assert_string_equal(got.address, want.address);
		assert_string_equal(got.katagaki, want.katagaki);
		assert_string_equal(got.household_no, want.household_no);
		assert_int_equal(got.sex, want.sex);
		assert_int_equal(got.rireki_no, 1);
		assert_string_equal(got.state, "confirmed");
	}
	assert_int_equal(test_raw_sql(f->path, "PRAGMA journal_mode", mode,
	    sizeof mode), SQLITE_OK);
	assert_string_equal(mode, "wal");
	free(p);
}

/* A write that fails in the writing thread refuses the whole file; the
 * checking thread stops and nothing stays. */
static void
test_empty_master_write_fails(void **state)
{
	struct fixture *f = *state;
	struct import_opts o = { .encoding = "utf-8" };
	struct import_result res;
	struct db_resident r;
	struct err e;
	char *p = demo_csv(f, "load.csv", 0, 1300), sql[256], mode[16];
	int i, seen = 0;

	demo_resident(11, 700, &r);
	snprintf(sql, sizeof sql, "CREATE TRIGGER boom BEFORE INSERT ON "
	    "residents WHEN NEW.atena_no = '%s' BEGIN SELECT RAISE(ABORT, "
	    "'boom'); END", r.atena_no);
	assert_int_equal(test_raw_sql(f->path, sql, NULL, 0), SQLITE_OK);
	assert_int_equal(run(f, p, &o, &res, &e), -1);
	assert_int_equal(e.code, E_DB);
	assert_false(res.committed);
	for (i = 0; i < f->n; i++)
		seen += f->code[i] == E_DB && f->line[i] > 0 && f->line[i] <= 702;
	assert_int_equal(seen, 1);
	assert_int_equal(count(f), 0);
	assert_false(db_in_transaction(f->lg->db));
	assert_int_equal(test_raw_sql(f->path, "PRAGMA journal_mode", mode,
	    sizeof mode), SQLITE_OK);
	assert_string_equal(mode, "wal");
	free(p);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_issue_refused_whole, setup, teardown),
		cmocka_unit_test_setup_teardown(test_issue_skip_bad, setup, teardown),
		cmocka_unit_test_setup_teardown(test_header_any_order_and_aliases, setup, teardown),
		cmocka_unit_test_setup_teardown(test_quoted_fields, setup, teardown),
		cmocka_unit_test_setup_teardown(test_wareki_dates, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_dates_and_codes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_undecodable_byte_named_by_line, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fixed_layout, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fixed_truncated_char, setup, teardown),
		cmocka_unit_test_setup_teardown(test_duplicates_in_file, setup, teardown),
		cmocka_unit_test_setup_teardown(test_existing_person_new_version, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mynumber_held_by_another, setup, teardown),
		cmocka_unit_test_setup_teardown(test_repeated_digits_alert, setup, teardown),
		cmocka_unit_test_setup_teardown(test_header_problems, setup, teardown),
		cmocka_unit_test_setup_teardown(test_audit_row_and_checkpoint, setup, teardown),
		cmocka_unit_test_setup_teardown(test_role_required, setup, teardown),
		cmocka_unit_test_setup_teardown(test_nothing_left_on_failure, setup, teardown),
		cmocka_unit_test_setup_teardown(test_field_count_and_lengths, setup, teardown),
		cmocka_unit_test_setup_teardown(test_empty_master_load, setup, teardown),
		cmocka_unit_test_setup_teardown(test_empty_master_write_fails, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
