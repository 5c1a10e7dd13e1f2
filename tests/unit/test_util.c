/*
 * Unit tests for util/: the error table and err_set, the growable buffer,
 * the configuration parser and its typed getter, paths and the private
 * permission check, the replaceable clock and the xmalloc helpers.
 */
#include "testutil.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <time.h>

#include "buf.h"
#include "clock.h"
#include "config.h"
#include "err.h"
#include "path.h"
#include "xmalloc.h"

/* ---- err ---- */

static void
test_err_every_code_has_message(void **state)
{
	const char *fallback = err_message(E_DB);
	int c;

	(void)state;
	/* err_message falls back to the E_DB text for a hole in the table:
	 * no code but E_DB itself may produce that text. */
	for (c = 0; c < E_LAST; c++) {
		const char *m = err_message((enum err_code)c);

		assert_non_null(m);
		if (*m == '\0')
			fail_msg("code %d has an empty message", c);
		if (c != E_DB && strcmp(m, fallback) == 0)
			fail_msg("code %d has no message of its own", c);
	}
	/* Out-of-range codes do not crash. */
	assert_string_equal(err_message(E_LAST), fallback);
	assert_string_equal(err_message((enum err_code)-1), fallback);
}

static void
test_err_messages_distinct(void **state)
{
	int a, b;

	(void)state;
	/* Only E_AUTH_DISABLED deliberately shares a text (with FAILED). */
	for (a = 0; a < E_LAST; a++)
		for (b = a + 1; b < E_LAST; b++) {
			if (a == E_AUTH_FAILED && b == E_AUTH_DISABLED)
				continue;
			if (strcmp(err_message((enum err_code)a),
			    err_message((enum err_code)b)) == 0)
				fail_msg("codes %d and %d share a message", a, b);
		}
	assert_string_equal(err_message(E_AUTH_FAILED),
	    err_message(E_AUTH_DISABLED));
}

static void
test_err_set_fills(void **state)
{
	struct err e;
	char longdetail[400];

	(void)state;
	err_clear(&e);
	assert_int_equal(e.code, E_OK);
	assert_int_equal(err_set(&e, E_POSTAL, "postal_code", "got %d digits", 6), -1);
	assert_int_equal(e.code, E_POSTAL);
	assert_string_equal(e.field, "postal_code");
	assert_string_equal(e.detail, "got 6 digits");

	/* NULL field and format give empty strings, not stale ones. */
	assert_int_equal(err_set(&e, E_IO, NULL, NULL), -1);
	assert_int_equal(e.code, E_IO);
	assert_string_equal(e.field, "");
	assert_string_equal(e.detail, "");

	/* A NULL err is allowed and still returns -1. */
	assert_int_equal(err_set(NULL, E_IO, "x", "y"), -1);
	err_clear(NULL);

	/* Over-long details are truncated, NUL-terminated. */
	memset(longdetail, 'x', sizeof longdetail - 1);
	longdetail[sizeof longdetail - 1] = '\0';
	err_set(&e, E_DB, "", "%s", longdetail);
	assert_int_equal(strlen(e.detail), sizeof e.detail - 1);

	err_clear(&e);
	assert_int_equal(e.code, E_OK);
	assert_string_equal(e.field, "");
}

static void
test_err_is_alert(void **state)
{
	int c;

	(void)state;
	/* Alerts are confirmable warnings; every other code is an error. */
	for (c = 0; c < E_LAST; c++)
		if ((err_is_alert((enum err_code)c) != 0) !=
		    (c == E_MYNUMBER_REPEATED || c == E_VACCINE_WINDOW))
			fail_msg("code %d: err_is_alert %d", c,
			    err_is_alert((enum err_code)c));
	assert_false(err_is_alert(E_OK));
	assert_false(err_is_alert(E_MYNUMBER_CHECK));
}

/* ---- buf ---- */

static void
test_buf_build(void **state)
{
	struct buf b;
	char *s;
	int i;

	(void)state;
	buf_init(&b);
	assert_null(b.data);
	buf_adds(&b, "窓口");
	buf_addc(&b, '-');
	buf_add(&b, "abcdef", 3);
	buf_printf(&b, "%d:%s", 42, "山田");
	assert_string_equal(b.data, "窓口-abc42:山田");
	assert_int_equal(b.len, strlen("窓口-abc42:山田"));

	/* Growth far past the first allocation keeps the content. */
	for (i = 0; i < 1000; i++)
		buf_printf(&b, "%04d", i);
	assert_int_equal(b.len, strlen("窓口-abc42:山田") + 4000);
	assert_memory_equal(b.data + b.len - 8, "09980999", 8);
	assert_true(b.cap > b.len);

	buf_reset(&b);
	assert_int_equal(b.len, 0);
	assert_string_equal(b.data, "");
	buf_adds(&b, "again");
	s = buf_release(&b);
	assert_string_equal(s, "again");
	assert_null(b.data);
	assert_int_equal(b.len, 0);
	free(s);
	buf_free(&b);
}

static void
test_buf_release_empty(void **state)
{
	struct buf b;
	char *s;

	(void)state;
	buf_init(&b);
	buf_printf(&b, "%s", "");	/* adds nothing */
	s = buf_release(&b);
	assert_non_null(s);
	assert_string_equal(s, "");
	free(s);
	buf_free(&b);
	assert_null(b.data);
}

/* ---- config ---- */

static void
test_config_parse(void **state)
{
	static const char text[] =
	    "# madoguchi configuration\n"
	    "\n"
	    "terminal_id = 窓口1\n"
	    "   search_cap=30   \n"
	    "\t# indented comment\n"
	    "empty =\n"
	    "url = a=b=c\n"
	    "search_cap = 40\n"		/* a later line wins */
	    "future_key = kept\n";
	struct err e;
	struct config *c;

	(void)state;
	err_clear(&e);
	c = config_parse(text, "test", &e);
	assert_non_null(c);
	assert_int_equal(e.code, E_OK);
	assert_string_equal(config_get(c, "terminal_id"), "窓口1");
	assert_string_equal(config_get(c, "search_cap"), "40");
	assert_string_equal(config_get(c, "empty"), "");
	assert_string_equal(config_get(c, "url"), "a=b=c");
	assert_string_equal(config_get(c, "future_key"), "kept");
	assert_null(config_get(c, "missing"));
	assert_null(config_get(c, "# madoguchi configuration"));
	assert_null(config_get(NULL, "x"));
	config_set(c, "terminal_id", "T2");
	assert_string_equal(config_get(c, "terminal_id"), "T2");
	config_free(&c);
	assert_null(c);
	config_free(&c);	/* harmless twice */
}

static void
test_config_bad_lines(void **state)
{
	static const struct {
		const char *text;
		const char *detail;
	} t[] = {
		{ "a = 1\nno equals sign\n", "cfg:2: expected key = value" },
		{ "# c\n\n\n  = value\n", "cfg:4: empty key" },
		{ "just words", "cfg:1: expected key = value" },
		{ "a=1\nb=2\n\n# x\n全角＝値\n", "cfg:5: expected key = value" },
	};
	struct err e;
	struct config *c;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		err_clear(&e);
		c = config_parse(t[i].text, "cfg", &e);
		if (c != NULL)
			fail_msg("case %zu parsed", i);
		assert_int_equal(e.code, E_CONFIG);
		assert_string_equal(e.detail, t[i].detail);
	}
}

static void
test_config_get_long(void **state)
{
	struct config *c = config_new();

	(void)state;
	config_set(c, "n", "30");
	config_set(c, "neg", "-5");
	config_set(c, "junk", "30x");
	config_set(c, "empty", "");
	config_set(c, "huge", "99999999999999999999999");
	assert_int_equal(config_get_long(c, "n", 7, 1, 100), 30);
	assert_int_equal(config_get_long(c, "n", 7, 1, 30), 30);	/* max inclusive */
	assert_int_equal(config_get_long(c, "n", 7, 30, 40), 30);	/* min inclusive */
	assert_int_equal(config_get_long(c, "n", 7, 1, 29), 7);	/* above max */
	assert_int_equal(config_get_long(c, "n", 7, 31, 99), 7);	/* below min */
	assert_int_equal(config_get_long(c, "neg", 7, -10, 10), -5);
	assert_int_equal(config_get_long(c, "neg", 7, 0, 10), 7);
	assert_int_equal(config_get_long(c, "junk", 7, 0, 100), 7);
	assert_int_equal(config_get_long(c, "empty", 7, 0, 100), 7);
	assert_int_equal(config_get_long(c, "huge", 7, 0, 100), 7);
	assert_int_equal(config_get_long(c, "absent", 7, 0, 100), 7);
	assert_int_equal(config_get_long(NULL, "n", 9, 0, 100), 9);
	config_free(&c);
}

static void
test_config_load(void **state)
{
	char *dir = test_tmpdir(), *path, *missing;
	struct config *c;
	struct err e;
	FILE *f;

	(void)state;
	assert_non_null(dir);
	path = xasprintf("%s/config", dir);
	missing = xasprintf("%s/nope", dir);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs("# test\nlockout_threshold = 3\n", f);
	fclose(f);

	err_clear(&e);
	c = config_load(path, 0, &e);
	assert_non_null(c);
	assert_int_equal(config_get_long(c, "lockout_threshold", 5, 1, 10), 3);
	config_free(&c);

	/* A missing optional file is an empty config ... */
	c = config_load(missing, 1, &e);
	assert_non_null(c);
	assert_null(config_get(c, "lockout_threshold"));
	config_free(&c);
	/* ... and a missing named one an error. */
	err_clear(&e);
	assert_null(config_load(missing, 0, &e));
	assert_int_equal(e.code, E_CONFIG);

	/* Errors in a file name the file and the line. */
	f = fopen(path, "w");
	fputs("a = 1\n\nbroken\n", f);
	fclose(f);
	err_clear(&e);
	assert_null(config_load(path, 0, &e));
	assert_int_equal(e.code, E_CONFIG);
	assert_non_null(strstr(e.detail, path));
	assert_non_null(strstr(e.detail, ":3:"));

	free(path);
	free(missing);
	test_rmtree(dir);
	free(dir);
}

/* ---- path ---- */

static void
test_path_dirname(void **state)
{
	static const struct {
		const char *in, *out;
	} t[] = {
		{ "/a/b/c.db", "/a/b" },
		{ "c.db", "." },
		{ "/c.db", "/" },
		{ "rel/dir/ledger.db", "rel/dir" },
		{ "/データ/台帳.db", "/データ" },
	};
	size_t i;
	char *d;

	(void)state;
	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		d = path_dirname(t[i].in);
		assert_string_equal(d, t[i].out);
		free(d);
	}
}

static void
test_path_xdg_defaults(void **state)
{
	char *oldhome = getenv("HOME") ? xstrdup(getenv("HOME")) : NULL;
	char *p;

	(void)state;
	setenv("XDG_DATA_HOME", "/srv/data", 1);
	setenv("XDG_CONFIG_HOME", "/srv/conf", 1);
	setenv("XDG_STATE_HOME", "/srv/state", 1);
	p = path_default_db();
	assert_string_equal(p, "/srv/data/madoguchi/ledger.db");
	free(p);
	p = path_default_config();
	assert_string_equal(p, "/srv/conf/madoguchi/config");
	free(p);
	p = path_state_dir();
	assert_string_equal(p, "/srv/state/madoguchi");
	free(p);

	/* Relative XDG values are ignored (XDG spec); HOME is used. */
	setenv("HOME", "/home/窓口", 1);
	setenv("XDG_DATA_HOME", "relative", 1);
	unsetenv("XDG_CONFIG_HOME");
	p = path_default_db();
	assert_string_equal(p, "/home/窓口/.local/share/madoguchi/ledger.db");
	free(p);
	p = path_default_config();
	assert_string_equal(p, "/home/窓口/.config/madoguchi/config");
	free(p);
	unsetenv("XDG_DATA_HOME");
	unsetenv("XDG_STATE_HOME");
	if (oldhome != NULL)
		setenv("HOME", oldhome, 1);
	free(oldhome);
}

static void
test_path_mkdir_private(void **state)
{
	char *dir = test_tmpdir(), *deep, *file;
	struct stat st;
	struct err e;

	(void)state;
	deep = xasprintf("%s/a/b/madoguchi", dir);
	err_clear(&e);
	assert_int_equal(path_mkdir_private(deep, &e), 0);
	assert_int_equal(stat(deep, &st), 0);
	assert_true(S_ISDIR(st.st_mode));
	assert_int_equal(st.st_mode & 0777, 0700);
	/* Existing is fine. */
	assert_int_equal(path_mkdir_private(deep, &e), 0);

	file = xasprintf("%s/x/y/ledger.db", dir);
	assert_int_equal(path_prepare_parent(file, &e), 0);
	free(deep);
	deep = path_dirname(file);
	assert_int_equal(stat(deep, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0700);
	free(deep);
	free(file);
	test_rmtree(dir);
	free(dir);
}

static int
make_file(const char *path, mode_t mode)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);

	if (fd == -1)
		return -1;
	close(fd);
	return chmod(path, mode);
}

static void
test_path_check_private(void **state)
{
	static const struct {
		mode_t file, dir;
		int ok;
	} t[] = {
		{ 0600, 0700, 1 },
		{ 0400, 0700, 1 },
		{ 0644, 0700, 0 },	/* readable by all */
		{ 0640, 0700, 0 },	/* readable by the group */
		{ 0602, 0700, 0 },	/* writable by others */
		{ 0600, 0777, 0 },	/* directory open to all */
		{ 0600, 0705, 0 },	/* directory searchable by others */
		{ 0600, 0750, 1 },	/* group may search: allowed */
		{ 0600, 01777, 1 },	/* sticky /tmp-like directory */
	};
	char *dir = test_tmpdir(), *sub, *file;
	struct err e;
	size_t i;
	int rc;

	(void)state;
	sub = xasprintf("%s/sub", dir);
	file = xasprintf("%s/sub/ledger.db", dir);
	assert_int_equal(mkdir(sub, 0700), 0);
	/* A file that does not exist yet is fine in a private directory. */
	err_clear(&e);
	assert_int_equal(path_check_private(file, &e), 0);
	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		assert_int_equal(chmod(sub, 0700), 0);
		assert_int_equal(make_file(file, t[i].file), 0);
		assert_int_equal(chmod(sub, t[i].dir), 0);
		err_clear(&e);
		rc = path_check_private(file, &e);
		if ((rc == 0) != t[i].ok)
			fail_msg("case %zu (file %o dir %o): rc %d", i,
			    (unsigned)t[i].file, (unsigned)t[i].dir, rc);
		if (!t[i].ok) {
			assert_int_equal(e.code, E_DB_PERMS);
			assert_non_null(strstr(e.detail, "has mode"));
		}
	}
	chmod(sub, 0700);
	free(sub);
	free(file);
	test_rmtree(dir);
	free(dir);
}

static void
test_path_exe_dir(void **state)
{
	char *d = path_exe_dir();

	(void)state;
	assert_non_null(d);
	assert_true(d[0] == '/');
	assert_non_null(strstr(d, "tests"));	/* build/tests/test_util */
	free(d);
}

/* ---- clock ---- */

static time_t
fixed_clock(void)
{
	return 1000000000;	/* 2001-09-09 01:46:40 UTC */
}

static void
test_clock_source(void **state)
{
	char out[32];
	time_t before, now;

	(void)state;
	setenv("TZ", "UTC", 1);
	tzset();
	clock_set_source(fixed_clock);
	assert_int_equal(clock_now(), 1000000000);
	clock_format(clock_now(), out, sizeof out);
	assert_string_equal(out, "2001-09-09 01:46:40");
	clock_format_date(clock_now(), out, sizeof out);
	assert_string_equal(out, "2001-09-09");

	setenv("TZ", "Asia/Tokyo", 1);	/* JST, +9 */
	tzset();
	clock_format(clock_now(), out, sizeof out);
	assert_string_equal(out, "2001-09-09 10:46:40");

	clock_set_source(NULL);
	before = time(NULL);
	now = clock_now();
	assert_true(now >= before && now <= before + 2);
	unsetenv("TZ");
	tzset();
}

static void
test_clock_mono(void **state)
{
	double a, b;

	(void)state;
	a = clock_mono();
	usleep(20000);
	b = clock_mono();
	assert_true(b - a >= 0.015);
	assert_true(b - a < 5.0);
}

/* ---- xmalloc ---- */

static void
test_xmalloc_helpers(void **state)
{
	char *s, *secret;

	(void)state;
	s = xasprintf("%s=%d", "件数", 12);
	assert_string_equal(s, "件数=12");
	free(s);
	s = xstrndup("abcdef", 3);
	assert_string_equal(s, "abc");
	free(s);
	s = xstrndup("ab", 10);
	assert_string_equal(s, "ab");
	free(s);
	secret = xstrdup("demo-clerk");
	xfree_secret(&secret);
	assert_null(secret);
	xfree_secret(&secret);	/* harmless on NULL */
	xfree_secret(NULL);
	s = xcalloc(4, 4);
	assert_memory_equal(s, "\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0", 16);
	s = xrealloc(s, 64);
	s[63] = 'x';
	xwipe(s, 64);
	assert_int_equal(s[63], 0);
	free(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_err_every_code_has_message),
		cmocka_unit_test(test_err_messages_distinct),
		cmocka_unit_test(test_err_set_fills),
		cmocka_unit_test(test_err_is_alert),
		cmocka_unit_test(test_buf_build),
		cmocka_unit_test(test_buf_release_empty),
		cmocka_unit_test(test_config_parse),
		cmocka_unit_test(test_config_bad_lines),
		cmocka_unit_test(test_config_get_long),
		cmocka_unit_test(test_config_load),
		cmocka_unit_test(test_path_dirname),
		cmocka_unit_test(test_path_xdg_defaults),
		cmocka_unit_test(test_path_mkdir_private),
		cmocka_unit_test(test_path_check_private),
		cmocka_unit_test(test_path_exe_dir),
		cmocka_unit_test(test_clock_source),
		cmocka_unit_test(test_clock_mono),
		cmocka_unit_test(test_xmalloc_helpers),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
