/*
 * Batch notices and the print register (ledger/notices.c through
 * print/noticepdf.c): every notice kind rendered through the batch path
 * from confirmed records made with the ledger APIs, page 1 turned into a
 * PNG (pdftoppm) that is not blank and the PDF's text (pdftotext) holding
 * the name, address, amount and notice number, pending records absent;
 * restricted persons skipped and reported; fields the user may not
 * see left out; a 150-record job refused without its approval, run
 * once with it and refused the second time; a mass mailing awaiting
 * a second user's check; cancel leaving no file; the register row
 * with its pages and keys, and disposal.  Crashes: a run killed
 * (SIGKILL in a child process) with its PDF written but not registered is
 * marked failed by the recovery and its partial file removed; one killed
 * after its register row committed gets its file put in place; the
 * register row always comes before the final name; a live run and an
 * unexpired lease of another machine are left alone, an expired one not.
 */
#include "booktest.h"

#include <sys/stat.h>
#include <sys/wait.h>

#include <signal.h>

#include <cairo.h>

#include "approval.h"
#include "childbook.h"
#include "clock.h"
#include "noticepdf.h"
#include "notices.h"
#include "passbook.h"
#include "path.h"
#include "vaccbook.h"
#include "xmalloc.h"

struct nx {
	struct fx *f;
	struct session *op;
	struct config *cfg;
};

static struct nx N;

static int
setup(void **state)
{
	struct fx *f;
	char *dir;

	bt_setup(state);
	f = *state;
	dir = xasprintf("%s/state", f->dir);
	setenv("XDG_STATE_HOME", dir, 1);
	free(dir);
	N.f = f;
	N.op = bt_login(f->lg, "operator");
	N.cfg = config_new();
	config_set(N.cfg, "office.city", "京都市");
	config_set(N.cfg, "office.mayor", "門川　一郎");
	config_set(N.cfg, "office.section", "保健福祉局　長寿福祉課");
	config_set(N.cfg, "office.address", "京都市中京区寺町通御池上る上本能寺前町488番地");
	config_set(N.cfg, "office.postal", "6048571");
	config_set(N.cfg, "office.phone", "075-222-3111");
	if (access("print/templates/elderly_nonyu.tmpl", R_OK) != 0) {
		char *exe = path_exe_dir();

		dir = xasprintf("%s/../../print/templates", exe ? exe : ".");
		config_set(N.cfg, "template_dir", dir);
		free(dir);
		free(exe);
	}
	return 0;
}

static int
teardown(void **state)
{
	auth_logout(&N.op, NULL);
	config_free(&N.cfg);
	return bt_teardown(state);
}

/* A confirmed current resident with a name, postal code, address, 方書. */
static void
person(const char *atena, const char *dob, const char *name,
    const char *mn, const char *address)
{
	struct fx *f = N.f;
	struct db_resident r;
	struct err e;

	bt_resident(f, atena, dob, 1, mn, 1);
	assert_int_equal(db_resident_get(f->lg->db, atena, &r, &e), 0);
	snprintf(r.name, sizeof r.name, "%s", name);
	snprintf(r.postal_code, sizeof r.postal_code, "6040000");
	snprintf(r.address, sizeof r.address, "%s", address);
	snprintf(r.katagaki, sizeof r.katagaki, "御池ハイツ101");
	resident_derive_keys(&r);
	/* Replace version 1 in place through a new current version. */
	r.rireki_no = 2;
	r.update_seq = db_resident_next_seq(f->lg->db, &e);
	snprintf(r.state, sizeof r.state, "pending");
	r.current = 0;
	snprintf(r.operator_login, sizeof r.operator_login, "clerk");
	assert_int_equal(db_resident_insert(f->lg->db, &r, &e), 0);
	assert_int_equal(db_begin(f->lg->db, &e), 0);
	if (db_resident_make_current(f->lg->db, atena, 2, "supervisor",
	    "2024-04-01 10:00:00", &e) != 0)
		fail_msg("resident: %s %s", err_message(e.code), e.detail);
	assert_int_equal(db_commit(f->lg->db, &e), 0);
}

static void
confirm(enum db_book b, const char *entry, int rireki)
{
	struct err e;

	assert_int_equal(db_begin(N.f->lg->db, &e), 0);
	if (db_book_make_current(N.f->lg->db, b, entry, rireki, "supervisor2",
	    "2024-06-01 10:00:00", &e) != 0)
		fail_msg("confirm %s: %s %s", entry, err_message(e.code),
		    e.detail);
	assert_int_equal(db_commit(N.f->lg->db, &e), 0);
}

/* ---- the output --------------------------------------------------------- */

static char *
run_cmd(const char *cmd)
{
	FILE *p = popen(cmd, "r");
	struct buf b;
	char chunk[4096];
	size_t n;

	if (p == NULL)
		fail_msg("popen %s", cmd);
	buf_init(&b);
	buf_adds(&b, "");
	while ((n = fread(chunk, 1, sizeof chunk, p)) > 0)
		buf_add(&b, chunk, n);
	if (pclose(p) != 0)
		fail_msg("%s failed", cmd);
	return buf_release(&b);
}

/* The text of the PDF, spaces of every width removed. */
static char *
pdf_text(const char *pdf)
{
	char *cmd = xasprintf("pdftotext -layout '%s' -", pdf), *t, *o, *w;

	t = run_cmd(cmd);
	free(cmd);
	for (o = w = t; *o != '\0';) {
		if (*o == ' ' || *o == '\n')
			o++;
		else if (strncmp(o, "　", 3) == 0)
			o += 3;
		else
			*w++ = *o++;
	}
	*w = '\0';
	return t;
}

/* Page 1 at 50 dpi is not blank: dark pixels counted in the PNG. */
static void
assert_page1_not_blank(const char *pdf)
{
	char *prefix = xasprintf("%s-p1", pdf), *png = xasprintf("%s.png",
	    prefix), *cmd = xasprintf("pdftoppm -png -r 50 -f 1 -l 1 "
	    "-singlefile '%s' '%s'", pdf, prefix), *out;
	cairo_surface_t *s;
	unsigned char *d;
	int x, y, w, h, stride, dark = 0;

	out = run_cmd(cmd);
	free(out);
	s = cairo_image_surface_create_from_png(png);
	assert_int_equal(cairo_surface_status(s), CAIRO_STATUS_SUCCESS);
	w = cairo_image_surface_get_width(s);
	h = cairo_image_surface_get_height(s);
	assert_true(w > 300 && h > 500);	/* A4 at 50 dpi: 413 x 585 */
	d = cairo_image_surface_get_data(s);
	stride = cairo_image_surface_get_stride(s);
	for (y = 0; y < h; y++)
		for (x = 0; x < w; x++)
			if ((d[y * stride + x * 4 + 1] & 0xff) < 128)
				dark++;
	cairo_surface_destroy(s);
	if (dark < 500)
		fail_msg("page 1 of %s is blank (%d dark pixels)", pdf, dark);
	unlink(png);
	free(prefix);
	free(png);
	free(cmd);
}

static void
assert_has(const char *text, const char *want)
{
	if (strstr(text, want) == NULL)
		fail_msg("the PDF lacks \"%s\"", want);
}

static void
assert_lacks(const char *text, const char *no)
{
	if (strstr(text, no) != NULL)
		fail_msg("the PDF holds \"%s\"", no);
}

/* Request and run ledger/kind under c as s; returns the job's PDF text. */
struct ran {
	int64_t job;
	struct notices_result res;
	struct notices_preview pv;
	char *text;
};

static void
run_job(struct session *s, const char *ledger, const char *kind,
    const struct notices_cond *c, struct ran *r)
{
	const struct notices_kind *k = notices_kind_find(ledger, kind);
	struct notices_request rq = { ledger, kind, c, "test", 0 };
	struct notices_template t;
	struct notices_sink sink;
	struct noticepdf *np;
	struct err e;

	memset(r, 0, sizeof *r);
	assert_non_null(k);
	if ((np = noticepdf_new(N.cfg, k->template_file, 1, &e)) == NULL)
		fail_msg("template: %s %s", err_message(e.code), e.detail);
	noticepdf_describe(np, &t);
	noticepdf_sink(np, NULL, &sink);
	if (notices_request(s, &rq, &t, &r->pv, &e) != 0)
		fail_msg("request %s/%s: %s [%s] %s", ledger, kind,
		    err_message(e.code), e.field, e.detail);
	r->job = r->pv.job_id;
	if (notices_run(s, r->job, &t, &sink, NULL, &r->res, &e) != 0)
		fail_msg("run %s/%s: %s [%s] %s", ledger, kind,
		    err_message(e.code), e.field, e.detail);
	assert_int_equal(noticepdf_stats(np)->noverflow, 0);
	noticepdf_free(&np);
	assert_page1_not_blank(r->res.file);
	r->text = pdf_text(r->res.file);
}

static void
ran_free(struct ran *r)
{
	notices_preview_free(&r->pv);
	free(r->text);
}

/* ---- elderly pass --------------------------------------------------------- */

static void
pass_for(struct session *clerk, const char *atena, int tier, int confirm_fee,
    char no[16])
{
	struct passbook_application a;
	struct passbook_change c;
	char entry[32];
	struct err e;

	memset(&a, 0, sizeof a);
	a.atena_no = atena;
	a.year = 2024;
	a.apply_date = "2024-04-08";
	a.channel = PASS_CHANNEL_COUNTER;
	a.applicant = PASS_APPLICANT_SELF;
	a.id_doc = 1;
	a.income = 1500000;
	a.reason_code = "01";
	a.ref_no = "敬-R6-0101";
	if (passbook_apply(clerk, &a, no, NULL, &e) != 0)
		fail_msg("apply: %s [%s] %s", err_message(e.code), e.field,
		    e.detail);
	snprintf(entry, sizeof entry, "2024-%s", no);
	confirm(DB_BOOK_PASS, entry, 1);
	if (tier == 0)
		return;
	memset(&c, 0, sizeof c);
	c.year = 2024;
	c.pass_no = no;
	c.op = PASS_DECIDE;
	c.tier = tier;
	c.period = ELDERLY_PERIOD_ONE;
	c.judged_on = "2024-04-10";
	c.due_date = "2024-05-31";
	c.reason_code = "20";
	c.ref_no = "敬-R6-0101";
	if (passbook_change(clerk, &c, NULL, &e) != 0)
		fail_msg("decide: %s [%s] %s", err_message(e.code), e.field,
		    e.detail);
	if (confirm_fee)
		confirm(DB_BOOK_PASS, entry, 2);
}

struct pages {
	int n;
	char key[8][40];
};

static int
page_row(void *ctx, int64_t page, const char *key)
{
	struct pages *p = ctx;

	if (p->n < 8)
		snprintf(p->key[p->n], sizeof p->key[0], "%s", key);
	assert_int_equal(page, p->n + 1);
	p->n++;
	return 0;
}

static int
disposed(void *ctx, const struct db_print_custody *c)
{
	if (strcmp(c->event, "dispose") == 0)
		snprintf(ctx, LOGIN_MAX, "%s", c->by_login);
	return 0;
}

static void
test_nonyu_register_restricted_pending(void **state)
{
	struct fx *f = *state;
	struct notices_cond c = { .year = 2024, .age_from = -1, .age_to = -1 };
	struct db_print_job j;
	struct db_resident r;
	struct pages pg = { 0 };
	struct ran run;
	char a[16], b[16], p[16], x[16], entry[32], notice[32], by[LOGIN_MAX] = "";
	struct err e;

	person("2000000001", "1950-05-05", "山田　太郎", "", "京都市左京区一乗寺1番地");
	person("2000000002", "1951-06-06", "佐藤　花子", "", "京都市北区紫野2番地");
	person("2000000003", "1949-07-07", "保留　次郎", "", "京都市南区東九条3番地");
	person("2000000004", "1948-08-08", "秘匿　四郎", "", "京都市東山区4番地");
	pass_for(f->clerk, "2000000001", 4, 1, a);	/* ¥30,000 */
	pass_for(f->clerk, "2000000002", 2, 1, b);
	pass_for(f->clerk, "2000000003", 4, 0, p);	/* fee pending */
	pass_for(f->clerk, "2000000004", 4, 1, x);
	/* person 4 restricted. */
	assert_int_equal(db_resident_get(f->lg->db, "2000000004", &r, &e), 0);
	r.rireki_no = 3;
	r.restricted = 1;
	snprintf(r.state, sizeof r.state, "pending");
	r.current = 0;
	r.update_seq = db_resident_next_seq(f->lg->db, &e);
	assert_int_equal(db_resident_insert(f->lg->db, &r, &e), 0);
	assert_int_equal(db_begin(f->lg->db, &e), 0);
	assert_int_equal(db_resident_make_current(f->lg->db, "2000000004", 3,
	    "supervisor2", "2024-04-02 10:00:00", &e), 0);
	assert_int_equal(db_commit(f->lg->db, &e), 0);

	run_job(N.op, "elderly", "nonyu", &c, &run);
	assert_int_equal(run.pv.count, 2);
	assert_int_equal(run.pv.restricted.n, 1);
	snprintf(entry, sizeof entry, "2024-%s", x);
	assert_string_equal(run.pv.restricted.v[0], entry);
	assert_false(run.pv.needs_approval);
	assert_has(run.text, "山田太郎");
	assert_has(run.text, "京都市左京区一乗寺1番地");
	assert_has(run.text, "御池ハイツ101");
	assert_has(run.text, "604-0000");
	assert_has(run.text, "¥30,000");
	assert_has(run.text, "佐藤花子");
	assert_has(run.text, "令和6年度");
	assert_has(run.text, "令和6年5月31日");
	snprintf(notice, sizeof notice, "%lld-000001", (long long)run.job);
	assert_has(run.text, notice);
	snprintf(notice, sizeof notice, "%lld-000002", (long long)run.job);
	assert_has(run.text, notice);
	assert_lacks(run.text, "保留次郎");		/* pending */
	assert_lacks(run.text, "秘匿四郎");		/* restricted */
	/* the operator does not see the income class: no tier. */
	assert_string_equal(run.pv.omitted, "fee_tier");
	assert_lacks(run.text, "第4段階");
	/* The register row. */
	assert_int_equal(notices_job(f->sup, run.job, &j, &e), 0);
	assert_string_equal(j.state, "done");
	assert_int_equal(j.records, 2);
	assert_int_equal(j.pages, 2);
	assert_string_equal(j.title, "敬老乗車証負担金納入通知書");
	assert_string_equal(j.run_by, "operator");
	assert_string_equal(j.file, run.res.file);
	assert_int_equal(notices_register_pages(f->sup, run.job, page_row, &pg,
	    &e), 0);
	assert_int_equal(pg.n, 2);
	snprintf(entry, sizeof entry, "2024-%s", a);
	assert_string_equal(pg.key[0], entry);
	snprintf(entry, sizeof entry, "2024-%s", b);
	assert_string_equal(pg.key[1], entry);
	/* The file is private. */
	{
		struct stat st;

		assert_int_equal(stat(run.res.file, &st), 0);
		assert_int_equal(st.st_mode & 0777, 0600);
	}
	/* Custody: operators may not, supervisors may; nothing after
	 * disposal. */
	assert_int_equal(notices_custody(N.op, run.job, "dispose", NULL,
	    "shredded", &e), -1);
	assert_int_equal(e.code, E_DENIED);
	assert_int_equal(notices_custody(f->sup, run.job, "handover",
	    "2024-06-03", "郵便局へ差出し", &e), 0);
	assert_int_equal(notices_custody(f->sup, run.job, "dispose",
	    "R6.6.10", "控えを溶解処理", &e), 0);
	assert_int_equal(notices_register_custody(f->sup, run.job, disposed,
	    by, &e), 0);
	assert_string_equal(by, "supervisor");
	assert_int_equal(notices_custody(f->sup, run.job, "store", NULL, "倉庫",
	    &e), -1);
	assert_true(bt_audit_count(f, "print", NULL) == 1);
	/* Two recorded, the operator's attempt denied. */
	assert_true(bt_audit_count(f, "print-custody", NULL) == 3);
	ran_free(&run);
}

static void
test_elderly_other_kinds(void **state)
{
	struct fx *f = *state;
	struct notices_cond c = { .year = 2024, .age_from = -1, .age_to = -1 };
	struct passbook_change ch;
	struct ran run;
	char a[16], b[16], entry[32];
	struct err e;

	person("2000000001", "1950-05-05", "山田　太郎", "", "京都市左京区一乗寺1番地");
	person("2000000002", "1951-06-06", "佐藤　花子", "", "京都市北区紫野2番地");
	person("2000000005", "1952-01-01", "案内　五郎", "", "京都市西京区5番地");
	pass_for(f->clerk, "2000000001", 4, 1, a);
	memset(&ch, 0, sizeof ch);
	ch.year = 2024;
	ch.pass_no = a;
	ch.op = PASS_PAY;
	ch.amount = 30000;
	ch.date = "2024-04-20";
	ch.method = "bank";
	ch.reason_code = "21";
	ch.ref_no = "敬-R6-0101";
	assert_int_equal(passbook_change(f->clerk, &ch, NULL, &e), 0);
	snprintf(entry, sizeof entry, "2024-%s", a);
	confirm(DB_BOOK_PASS, entry, 3);
	run_job(N.op, "elderly", "hikikae", &c, &run);
	assert_int_equal(run.pv.count, 1);
	assert_has(run.text, "山田太郎");
	assert_has(run.text, a);
	assert_has(run.text, "令和7年3月31日");
	ran_free(&run);

	pass_for(f->clerk, "2000000002", 0, 0, b);
	memset(&ch, 0, sizeof ch);
	ch.year = 2024;
	ch.pass_no = b;
	ch.op = PASS_REFUSE;
	ch.date = "2024-04-12";
	ch.reason_code = "08";
	ch.ref_no = "敬-R6-0102";
	if (passbook_change(f->clerk, &ch, NULL, &e) != 0)
		fail_msg("refuse: %s [%s] %s", err_message(e.code), e.field,
		    e.detail);
	snprintf(entry, sizeof entry, "2024-%s", b);
	confirm(DB_BOOK_PASS, entry, 2);
	run_job(N.op, "elderly", "kyakka", &c, &run);
	assert_int_equal(run.pv.count, 1);
	assert_has(run.text, "佐藤花子");
	assert_has(run.text, "令和6年4月8日");
	assert_has(run.text, "却下");
	ran_free(&run);

	/* お知らせ: aged 70-75 on 2024-04-01 without an active pass:
	 * person 5, and person 2 whose application was refused. */
	c.age_from = 70;
	c.age_to = 75;
	c.due = "2024-06-30";
	run_job(N.op, "elderly", "oshirase", &c, &run);
	assert_int_equal(run.pv.count, 2);
	assert_has(run.text, "案内五郎");
	assert_has(run.text, "令和6年6月30日");
	assert_lacks(run.text, "山田太郎");
	ran_free(&run);
}

/* ---- child allowance ------------------------------------------------------- */

static void
claim_for(const char *claimant, const char *mn, const char *child,
    char no[16])
{
	struct childbook_intake in;
	struct err e;

	memset(&in, 0, sizeof in);
	in.claimant_atena = claimant;
	in.claimant = CHILD_CLAIMANT_GENERAL;
	in.channel = CHILD_CHANNEL_COUNTER;
	in.applicant = CHILD_APPLICANT_SELF;
	in.id_doc = CHILD_ID_MYNUMBER_CARD;
	in.claimant_mynumber = mn;
	in.claimant_mn_method = CHILD_MN_CARD;
	in.claim_date = "2024-05-15";
	in.event_date = "2024-04-30";
	in.n = 1;
	in.child[0].atena_no = child;
	in.reason_code = "01";
	in.ref_no = "児-R6-0042";
	if (childbook_intake(N.f->clerk, &in, no, NULL, &e) != 0)
		fail_msg("intake: %s [%s] %s", err_message(e.code), e.field,
		    e.detail);
	confirm(DB_BOOK_CHILD, no, 1);
}

static void
decide(const char *no, enum child_decision kind, const char *date,
    const char *event, const char *child2, int rireki)
{
	struct childbook_decision d;
	struct err e;

	memset(&d, 0, sizeof d);
	d.claim_no = no;
	d.kind = kind;
	d.decision_date = date;
	d.event_date = event;
	d.reason_code = kind == CHILD_DEC_CERTIFY ? "11" : kind ==
	    CHILD_DEC_REVISE ? "12" : kind == CHILD_DEC_REFUSE ? "08" : "04";
	d.ref_no = "児-R6-0042";
	if (child2 != NULL) {
		d.n = 2;
		d.child[0].atena_no = "1000000011";
		d.child[1].atena_no = child2;
	}
	if (childbook_decide(N.f->clerk, &d, NULL, &e) != 0)
		fail_msg("decide: %s [%s] %s", err_message(e.code), e.field,
		    e.detail);
	if (rireki > 0)
		confirm(DB_BOOK_CHILD, no, rireki);
}

static void
test_child_kinds(void **state)
{
	struct notices_cond c = { .from = "2024-05-01", .to = "2024-12-31",
	    .age_from = -1, .age_to = -1 };
	struct ran run;
	char no[16], no2[16], no3[16];

	(void)state;
	person("1000000001", "1990-01-01", "児童　母子", "123456789018", "京都市中京区1番地");
	person("1000000011", "2024-04-30", "児童　一子", "", "京都市中京区1番地");
	person("1000000014", "2023-01-10", "児童　二子", "", "京都市中京区1番地");
	person("1000000002", "1985-02-02", "却下　父", "983205673214", "京都市伏見区2番地");
	person("1000000021", "2020-03-03", "却下　子", "", "京都市伏見区2番地");
	person("1000000003", "1988-03-03", "保留　親", "621498320257", "京都市山科区3番地");
	person("1000000031", "2021-03-03", "保留　子", "", "京都市山科区3番地");
	claim_for("1000000001", "123456789018", "1000000011", no);
	decide(no, CHILD_DEC_CERTIFY, "2024-05-20", NULL, NULL, 2);
	/* A certification still pending: never printed. */
	claim_for("1000000003", "621498320257", "1000000031", no3);
	decide(no3, CHILD_DEC_CERTIFY, "2024-05-21", NULL, NULL, 0);
	run_job(N.op, "child", "nintei", &c, &run);
	assert_int_equal(run.pv.count, 1);
	assert_has(run.text, "児童母子");
	assert_has(run.text, "15,000円");
	assert_has(run.text, "令和6年5月15日");
	assert_lacks(run.text, "保留親");
	ran_free(&run);

	decide(no, CHILD_DEC_REVISE, "2024-07-03", "2024-07-01", "1000000014", 3);
	run_job(N.op, "child", "kaitei", &c, &run);
	assert_has(run.text, "15,000円");
	assert_has(run.text, "30,000円");
	assert_has(run.text, "京都市中京区1番地");
	ran_free(&run);

	decide(no, CHILD_DEC_TERMINATE, "2024-09-12", "2024-09-10", NULL, 4);
	run_job(N.op, "child", "shometsu", &c, &run);
	assert_has(run.text, "児童母子");
	assert_has(run.text, "令和6年9月10日");
	ran_free(&run);

	claim_for("1000000002", "983205673214", "1000000021", no2);
	decide(no2, CHILD_DEC_REFUSE, "2024-05-31", NULL, NULL, 2);
	run_job(N.op, "child", "kyakka", &c, &run);
	assert_int_equal(run.pv.count, 1);
	assert_has(run.text, "却下父");
	assert_has(run.text, "京都市伏見区2番地");
	ran_free(&run);
}

/* ---- vaccination ------------------------------------------------------------ */

static void
test_vaccine_kinds(void **state)
{
	struct fx *f = *state;
	struct notices_cond c = { .from = "2024-03-01", .to = "2024-03-31",
	    .age_from = -1, .age_to = -1 };
	struct vaccbook_entry v;
	struct ran run;
	char no[16];
	struct err e;

	person("3000000001", "2024-01-15", "接種　一郎", "", "京都市下京区1番地");
	person("3000000002", "2024-01-20", "勧奨　二郎", "", "京都市下京区2番地");
	memset(&v, 0, sizeof v);
	v.atena_no = "3000000001";
	v.vaccine_code = "HIB";
	v.dose_no = 1;
	v.date = "2024-03-20";
	v.lot = "HB123A";
	v.lot_expiry = "2025-12-31";
	v.institution = "2610100011";
	v.doctor = "医師　太郎";
	v.amount = 8800;
	v.reason_code = "30";
	v.ref_no = "予-R6-0007";
	if (vaccbook_record(f->clerk, &v, no, NULL, &e) != 0)
		fail_msg("dose: %s [%s] %s", err_message(e.code), e.field,
		    e.detail);
	confirm(DB_BOOK_DOSE, no, 1);
	/* The operator does not see health data by default. */
	run_job(N.op, "vaccine", "sesshuzumi", &c, &run);
	assert_has(run.text, "接種一郎");
	assert_lacks(run.text, "HB123A");
	assert_non_null(strstr(run.pv.omitted, "lot_no"));
	ran_free(&run);
	/* A site that lets operators print health data. */
	assert_int_equal(ledger_setting_put(f->admin, "visibility.operator.health",
	    "shown", &e), 0);
	run_job(N.op, "vaccine", "sesshuzumi", &c, &run);
	assert_string_equal(run.pv.omitted, "");
	assert_has(run.text, "接種一郎");
	assert_has(run.text, "HB123A");
	assert_has(run.text, "令和6年3月20日");
	assert_has(run.text, "第1回");
	ran_free(&run);

	/* 接種勧奨: HIB due on 2024-05-01 for ages 0-12 months: person 2
	 * (dose 1) and person 1 (dose 2, after the interval). */
	memset(&c, 0, sizeof c);
	c.vaccine = "HIB";
	c.age_from = 0;
	c.age_to = 12;
	c.ref = "2024-05-01";
	run_job(N.op, "vaccine", "kansho", &c, &run);
	assert_int_equal(run.pv.count, 2);
	assert_int_equal(run.res.pages, 4);	/* letter + 予診票 each */
	assert_has(run.text, "勧奨二郎");
	assert_has(run.text, "第2回");
	ran_free(&run);
}

/* ---- bulk: approval, check, cancel, reprint ---------------------------------- */

static void
many_passes(int n)
{
	char atena[16], no[16];
	int i;

	for (i = 0; i < n; i++) {
		snprintf(atena, sizeof atena, "25%08d", i);
		bt_resident(N.f, atena, "1950-05-05", 1, "", 1);
		pass_for(N.f->clerk, atena, 2 + i % 3, 1, no);
	}
}

struct stopper {
	volatile sig_atomic_t flag;
	long at;
};

static void
stop_at(void *ctx, long done, long total)
{
	struct stopper *s = ctx;

	(void)total;
	if (done == s->at)
		s->flag = 1;
}

static void
test_bulk_approval_check_cancel_reprint(void **state)
{
	struct fx *f = *state;
	struct notices_cond c = { .year = 2024, .age_from = -1, .age_to = -1 };
	struct notices_request rq = { "elderly", "nonyu", &c, "R6 納入通知", 0 };
	struct notices_run_opts o = { 0 };
	struct notices_preview pv, pv2;
	struct notices_template t;
	struct notices_result res;
	struct notices_sink sink;
	struct db_print_job j;
	struct stopper stop = { 0, 20 };
	struct noticepdf *np;
	struct stat st;
	char *spool;
	int64_t job;
	struct err e;

	many_passes(150);
	assert_non_null(np = noticepdf_new(N.cfg, "elderly_nonyu", 1, &e));
	noticepdf_describe(np, &t);
	noticepdf_sink(np, NULL, &sink);
	assert_int_equal(notices_request(N.op, &rq, &t, &pv, &e), 0);
	job = pv.job_id;
	assert_int_equal(pv.count, 150);
	assert_int_equal(pv.threshold, 100);
	assert_true(pv.needs_approval && pv.needs_check);
	assert_true(pv.approval_id > 0);
	/* awaiting check. */
	assert_int_equal(notices_run(N.op, job, &t, &sink, NULL, &res, &e), -1);
	assert_int_equal(e.code, E_DENIED);
	assert_int_equal(notices_job(N.op, job, &j, &e), 0);
	assert_string_equal(j.state, "awaiting_check");
	assert_int_equal(notices_check(N.op, job, &t, &pv2, &e), -1);
	assert_int_equal(e.code, E_CONFIRM_OWN);
	assert_int_equal(notices_check(f->sup, job, &t, &pv2, &e), 0);
	assert_int_equal(pv2.count, 150);
	notices_preview_free(&pv2);
	assert_int_equal(notices_job(N.op, job, &j, &e), 0);
	assert_string_equal(j.state, "ready");
	assert_string_equal(j.checker, "supervisor");
	/* checked but not approved: refused, nothing written. */
	assert_int_equal(notices_run(N.op, job, &t, &sink, NULL, &res, &e), -1);
	assert_int_equal(e.code, E_APPROVAL);
	assert_int_equal(approval_decide(f->sup2, pv.approval_id, 1, &e), 0);
	/* Runs once ... */
	assert_int_equal(notices_run(N.op, job, &t, &sink, NULL, &res, &e), 0);
	assert_int_equal(res.records, 150);
	assert_int_equal(res.pages, 150);
	assert_string_equal(res.approver, "supervisor2");
	assert_int_equal(notices_job(f->sup, job, &j, &e), 0);
	assert_int_equal(j.records, 150);
	assert_string_equal(j.approver, "supervisor2");
	assert_string_equal(j.checker, "supervisor");
	/* ... and never again. */
	assert_int_equal(notices_run(N.op, job, &t, &sink, NULL, &res, &e), -1);
	assert_int_equal(e.code, E_CONFIRM_STALE);
	notices_preview_free(&pv);

	/* A reprint: the same rules, marked as a reprint, the original
	 * notice numbers; cancelled half-way it leaves no file. */
	rq.reprint_of = job;
	assert_int_equal(notices_request(N.op, &rq, &t, &pv, &e), 0);
	assert_int_equal(pv.count, 150);
	assert_true(pv.approval_id > 0);
	assert_int_equal(notices_check(f->sup2, pv.job_id, &t, &pv2, &e), 0);
	notices_preview_free(&pv2);
	assert_int_equal(notices_run(N.op, pv.job_id, &t, &sink, NULL, &res,
	    &e), -1);
	assert_int_equal(e.code, E_APPROVAL);
	assert_int_equal(approval_decide(f->sup, pv.approval_id, 1, &e), 0);
	o.progress = stop_at;
	o.progress_ctx = &stop;
	o.cancel = &stop.flag;
	assert_int_equal(notices_run(N.op, pv.job_id, &t, &sink, &o, &res, &e),
	    1);
	assert_true(res.cancelled);
	assert_int_equal(notices_job(N.op, pv.job_id, &j, &e), 0);
	assert_string_equal(j.state, "cancelled");
	assert_int_equal(j.reprint_of, job);
	spool = xasprintf("%s/state/madoguchi/spool/notices-%lld.pdf", f->dir,
	    (long long)pv.job_id);
	assert_int_equal(stat(spool, &st), -1);
	free(spool);
	spool = xasprintf("%s/state/madoguchi/spool/.notices-%lld.pdf.tmp",
	    f->dir, (long long)pv.job_id);
	assert_int_equal(stat(spool, &st), -1);
	free(spool);
	/* The approval was used by the cancelled run. */
	assert_int_equal(notices_run(N.op, pv.job_id, &t, &sink, NULL, &res,
	    &e), -1);
	assert_int_equal(e.code, E_CONFIRM_STALE);
	assert_true(bt_audit_count(f, "notices-cancel", NULL) == 1);
	notices_preview_free(&pv);
	noticepdf_free(&np);
}

static void
test_rights_and_changes(void **state)
{
	struct fx *f = *state;
	struct notices_cond c = { .year = 2024, .age_from = -1, .age_to = -1 };
	struct notices_request rq = { "elderly", "nonyu", &c, NULL, 0 };
	struct notices_preview pv;
	struct notices_template t;
	struct notices_result res;
	struct notices_sink sink;
	struct noticepdf *np;
	char a[16];
	struct err e;

	person("2000000001", "1950-05-05", "山田　太郎", "", "京都市左京区一乗寺1番地");
	person("2000000002", "1951-06-06", "佐藤　花子", "", "京都市北区紫野2番地");
	pass_for(f->clerk, "2000000001", 4, 1, a);
	assert_non_null(np = noticepdf_new(N.cfg, "elderly_nonyu", 1, &e));
	noticepdf_describe(np, &t);
	noticepdf_sink(np, NULL, &sink);
	/* A clerk does not print. */
	assert_int_equal(notices_request(f->clerk, &rq, &t, &pv, &e), -1);
	assert_int_equal(e.code, E_DENIED);
	assert_int_equal(notices_request(N.op, &rq, &t, &pv, &e), 0);
	assert_false(pv.needs_check);
	/* Another confirmed pass since the request: the job is stale. */
	pass_for(f->clerk, "2000000002", 4, 1, a);
	assert_int_equal(notices_run(N.op, pv.job_id, &t, &sink, NULL, &res,
	    &e), -1);
	assert_int_equal(e.code, E_RECORD_CHANGED);
	/* A changed template is refused the same way. */
	notices_preview_free(&pv);
	assert_int_equal(notices_request(N.op, &rq, &t, &pv, &e), 0);
	t.hash[0] ^= 1;
	assert_int_equal(notices_run(N.op, pv.job_id, &t, &sink, NULL, &res,
	    &e), -1);
	assert_int_equal(e.code, E_RECORD_CHANGED);
	assert_string_equal(e.field, "template");
	/* Only the requester runs a job. */
	noticepdf_describe(np, &t);
	assert_int_equal(notices_run(f->sup, pv.job_id, &t, &sink, NULL, &res,
	    &e), -1);
	assert_int_equal(e.code, E_DENIED);
	notices_preview_free(&pv);
	noticepdf_free(&np);
}


/* restrict person atena (a new confirmed version). */
static void
restrict_person(const char *atena)
{
	struct fx *f = N.f;
	struct db_resident r;
	struct err e;

	assert_int_equal(db_resident_get(f->lg->db, atena, &r, &e), 0);
	r.rireki_no++;
	r.restricted = 1;
	snprintf(r.state, sizeof r.state, "pending");
	r.current = 0;
	r.update_seq = db_resident_next_seq(f->lg->db, &e);
	assert_int_equal(db_resident_insert(f->lg->db, &r, &e), 0);
	assert_int_equal(db_begin(f->lg->db, &e), 0);
	assert_int_equal(db_resident_make_current(f->lg->db, atena,
	    r.rireki_no, "supervisor2", "2024-04-02 10:00:00", &e), 0);
	assert_int_equal(db_commit(f->lg->db, &e), 0);
}

static void
test_restricted_needs_its_own_approval(void **state)
{
	struct fx *f = *state;
	struct notices_cond c = { .year = 2024, .age_from = -1, .age_to = -1 };
	struct notices_preview pv;
	struct db_approval ap;
	struct ran run;
	char a[16], x[16], key[32], cond[64];
	int64_t appr;
	struct err e;

	person("2000000001", "1950-05-05", "山田　太郎", "", "京都市左京区一乗寺1番地");
	person("2000000004", "1948-08-08", "秘匿　四郎", "", "京都市東山区4番地");
	pass_for(f->clerk, "2000000001", 4, 1, a);
	pass_for(f->clerk, "2000000004", 4, 1, x);
	restrict_person("2000000004");
	snprintf(key, sizeof key, "2024-%s", x);
	/* Without an approval of its own: skipped and reported. */
	assert_int_equal(notices_preview(N.op, "elderly", "nonyu", &c, NULL,
	    NULL, &pv, &e), 0);
	assert_int_equal(pv.count, 1);
	assert_int_equal(pv.restricted.n, 1);
	assert_string_equal(pv.restricted.v[0], key);
	assert_int_equal(pv.approved.n, 0);
	notices_preview_free(&pv);
	/* Filed but not granted: still skipped; the operator cannot grant
	 * it, a supervisor can. */
	snprintf(cond, sizeof cond, "notices elderly %s", key);
	assert_int_equal(approval_request(N.op, "restricted", 1, "保護ケース",
	    cond, &appr, &e), 0);
	assert_int_equal(notices_preview(N.op, "elderly", "nonyu", &c, NULL,
	    NULL, &pv, &e), 0);
	assert_int_equal(pv.restricted.n, 1);
	notices_preview_free(&pv);
	assert_int_equal(approval_decide(N.op, appr, 1, &e), -1);
	assert_int_equal(approval_decide(f->sup, appr, 1, &e), 0);
	/* Granted: it prints, and the run uses the approval up. */
	run_job(N.op, "elderly", "nonyu", &c, &run);
	assert_int_equal(run.pv.count, 2);
	assert_int_equal(run.pv.restricted.n, 0);
	assert_int_equal(run.pv.approved.n, 1);
	assert_string_equal(run.pv.approved.v[0], key);
	assert_has(run.text, "秘匿四郎");
	assert_has(run.text, "山田太郎");
	assert_int_equal(db_approval_get(f->lg->db, appr, &ap, &e), 0);
	assert_string_equal(ap.state, "used");
	ran_free(&run);
	/* Used: the next selection skips the record again. */
	assert_int_equal(notices_preview(N.op, "elderly", "nonyu", &c, NULL,
	    NULL, &pv, &e), 0);
	assert_int_equal(pv.count, 1);
	assert_int_equal(pv.restricted.n, 1);
	assert_int_equal(pv.approved.n, 0);
	notices_preview_free(&pv);
}

/* ---- crashes -------------------------------------------------------------- */

static void
die_at(void *ctx, const char *what)
{
	if (strcmp(what, (const char *)ctx) == 0)
		kill(getpid(), SIGKILL);
}

/* Run job as the operator in a child process on a ledger of its own,
 * killed with SIGKILL at stage `at` of notices_run. */
static void
run_killed(struct fx *f, int64_t job, const char *at)
{
	pid_t pid;
	int status;

	fflush(NULL);
	if ((pid = fork()) == 0) {
		const char *pg = getenv("MADOGUCHI_TEST_PG");
		char *path = pg != NULL && *pg != '\0' ? xstrdup(pg) :
		    xasprintf("%s/ledger.db", f->dir);
		struct notices_run_opts o = { 0 };
		struct notices_template t;
		struct notices_result res;
		struct notices_sink sink;
		struct noticepdf *np;
		struct ledger *lg;
		struct session *s;
		struct err e;

		lg = ledger_open(path, NULL, &e);
		free(path);	/* before the kill: valgrind counts it lost */
		if (lg == NULL ||
		    (s = auth_login(lg, "operator", "demo-operator", &e)) == NULL ||
		    (np = noticepdf_new(N.cfg, "elderly_nonyu", 1, &e)) == NULL)
			_exit(2);
		noticepdf_describe(np, &t);
		noticepdf_sink(np, NULL, &sink);
		o.stage = die_at;
		o.progress_ctx = (void *)(uintptr_t)at;
		notices_run(s, job, &t, &sink, &o, &res, &e);
		_exit(3);		/* never got to `at` */
	}
	assert_true(pid > 0);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	if (!WIFSIGNALED(status) || WTERMSIG(status) != SIGKILL)
		fail_msg("the run was not killed at %s (status %d)", at, status);
}

static int64_t
request_nonyu(struct notices_template *t)
{
	struct notices_cond c = { .year = 2024, .age_from = -1, .age_to = -1 };
	struct notices_request rq = { "elderly", "nonyu", &c, "test", 0 };
	struct notices_preview pv;
	struct err e;
	int64_t job;

	if (notices_request(N.op, &rq, t, &pv, &e) != 0)
		fail_msg("request: %s %s", err_message(e.code), e.detail);
	job = pv.job_id;
	notices_preview_free(&pv);
	return job;
}

static char *
spool_file(struct fx *f, const char *fmt, int64_t job)
{
	char *name = xasprintf(fmt, (long long)job), *p;

	p = xasprintf("%s/state/madoguchi/spool/%s", f->dir, name);
	free(name);
	return p;
}

static void
test_killed_runs_recovered(void **state)
{
	struct fx *f = *state;
	struct notices_recovery rep;
	struct notices_template t;
	struct noticepdf *np;
	struct db_print_job j;
	struct db_lock l;
	struct stat st;
	char *final, *tmp, key[24];
	int64_t job;
	struct err e;

	many_passes(3);
	assert_non_null(np = noticepdf_new(N.cfg, "elderly_nonyu", 1, &e));
	noticepdf_describe(np, &t);

	/* Killed with the whole PDF written, before it was registered. */
	job = request_nonyu(&t);
	run_killed(f, job, "written");
	final = spool_file(f, "notices-%lld.pdf", job);
	tmp = spool_file(f, ".notices-%lld.pdf.tmp", job);
	assert_int_equal(notices_job(N.op, job, &j, &e), 0);
	assert_string_equal(j.state, "running");
	assert_string_equal(j.file, final);
	assert_int_equal(stat(tmp, &st), 0);
	assert_int_equal(stat(final, &st), -1);
	snprintf(key, sizeof key, "%lld", (long long)job);
	assert_int_equal(db_lock_get(f->lg->db, "notice_job", key, &l, &e), 0);
	assert_int_equal(notices_recover(f->lg, NULL, "(startup)", &rep, &e), 0);
	assert_int_equal(rep.interrupted, 1);
	assert_int_equal(rep.files, 1);
	assert_int_equal(notices_job(N.op, job, &j, &e), 0);
	assert_string_equal(j.state, "failed");
	assert_int_equal(stat(tmp, &st), -1);
	assert_int_equal(stat(final, &st), -1);
	assert_int_equal(db_lock_get(f->lg->db, "notice_job", key, &l, &e), -1);
	assert_int_equal(e.code, E_NOT_FOUND);
	assert_int_equal(bt_audit_count(f, "notices-interrupt", NULL), 1);
	assert_int_equal(notices_recover(f->lg, NULL, "(startup)", &rep, &e), 0);
	assert_int_equal(rep.interrupted + rep.completed + rep.files, 0);
	free(final);
	free(tmp);

	/* Killed after the register row committed, before the rename: the
	 * registered file is put in place. */
	job = request_nonyu(&t);
	run_killed(f, job, "registered");
	final = spool_file(f, "notices-%lld.pdf", job);
	tmp = spool_file(f, ".notices-%lld.pdf.tmp", job);
	assert_int_equal(notices_job(N.op, job, &j, &e), 0);
	assert_string_equal(j.state, "done");
	assert_int_equal(j.records, 3);
	assert_int_equal(j.pages, 3);
	assert_int_equal(stat(final, &st), -1);
	assert_int_equal(stat(tmp, &st), 0);
	assert_int_equal(notices_recover(f->lg, NULL, "(startup)", &rep, &e), 0);
	assert_int_equal(rep.completed, 1);
	assert_int_equal(rep.interrupted, 0);
	assert_int_equal(stat(final, &st), 0);
	assert_int_equal(stat(tmp, &st), -1);
	assert_page1_not_blank(final);
	assert_int_equal(bt_audit_count(f, "notices-recover", NULL), 1);
	free(final);
	free(tmp);
	noticepdf_free(&np);
}

/* What a run looks like from outside at each of its last steps. */
struct watch {
	struct fx *f;
	int64_t job;
	char *final, *tmp;
	int seen;
};

static void
watch_stage(void *ctx, const char *what)
{
	struct watch *w = ctx;
	struct notices_recovery rep;
	struct db_print_job j;
	struct stat st;
	struct err e;

	assert_int_equal(db_print_job_get(w->f->lg->db, w->job, &j, &e), 0);
	if (strcmp(what, "written") == 0) {
		assert_string_equal(j.state, "running");
		assert_int_equal(stat(w->tmp, &st), 0);
		assert_int_equal(stat(w->final, &st), -1);
		/* The run is alive: the recovery leaves it alone. */
		assert_int_equal(notices_recover(w->f->lg, NULL, "(startup)",
		    &rep, &e), 0);
		assert_int_equal(rep.interrupted, 0);
		assert_int_equal(stat(w->tmp, &st), 0);
	} else if (strcmp(what, "registered") == 0) {
		/* Registered before the file has its final name. */
		assert_string_equal(j.state, "done");
		assert_int_equal(stat(w->final, &st), -1);
	} else {
		assert_string_equal(what, "in place");
		assert_int_equal(stat(w->final, &st), 0);
		assert_int_equal(stat(w->tmp, &st), -1);
	}
	w->seen++;
}

static time_t later;

static time_t
later_clock(void)
{
	return later;
}

static void
test_register_before_rename_and_leases(void **state)
{
	struct fx *f = *state;
	struct notices_run_opts o = { 0 };
	struct notices_recovery rep;
	struct notices_template t;
	struct notices_result res;
	struct notices_sink sink;
	struct noticepdf *np;
	struct db_print_job j;
	struct db_lock want;
	struct watch w = { f, 0, NULL, NULL, 0 };
	char now[TIME_MAX];
	int64_t job;
	struct err e;

	many_passes(2);
	assert_non_null(np = noticepdf_new(N.cfg, "elderly_nonyu", 1, &e));
	noticepdf_describe(np, &t);
	noticepdf_sink(np, NULL, &sink);
	w.job = request_nonyu(&t);
	w.final = spool_file(f, "notices-%lld.pdf", w.job);
	w.tmp = spool_file(f, ".notices-%lld.pdf.tmp", w.job);
	o.stage = watch_stage;
	o.progress_ctx = &w;
	assert_int_equal(notices_run(N.op, w.job, &t, &sink, &o, &res, &e), 0);
	assert_int_equal(w.seen, 3);
	assert_string_equal(res.file, w.final);
	free(w.final);
	free(w.tmp);

	/* A run on another machine holding an unexpired lease is left
	 * alone; once the lease has expired it was cut short. */
	job = request_nonyu(&t);
	ledger_now(now);
	assert_int_equal(db_begin(f->lg->db, &e), 0);
	assert_int_equal(db_print_job_started(f->lg->db, job, "operator", now,
	    "", "/nonexistent/notices.pdf", &e), 0);
	memset(&want, 0, sizeof want);
	snprintf(want.entity, sizeof want.entity, "notice_job");
	snprintf(want.key, sizeof want.key, "%lld", (long long)job);
	snprintf(want.holder, sizeof want.holder, "operator");
	snprintf(want.terminal, sizeof want.terminal, "1@0123456789abcdef");
	clock_format(clock_now(), want.since, sizeof want.since);
	clock_format(clock_now() + 300, want.expires, sizeof want.expires);
	assert_int_equal(db_lock_take(f->lg->db, &want, want.since, NULL, &e),
	    0);
	assert_int_equal(db_commit(f->lg->db, &e), 0);
	assert_int_equal(notices_recover(f->lg, NULL, "(startup)", &rep, &e), 0);
	assert_int_equal(rep.interrupted, 0);
	later = clock_now() + 301;
	clock_set_source(later_clock);
	assert_int_equal(notices_recover(f->lg, NULL, "(startup)", &rep, &e), 0);
	clock_set_source(NULL);
	assert_int_equal(rep.interrupted, 1);
	assert_int_equal(notices_job(N.op, job, &j, &e), 0);
	assert_string_equal(j.state, "failed");
	noticepdf_free(&np);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_nonyu_register_restricted_pending,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_elderly_other_kinds, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_child_kinds, setup, teardown),
		cmocka_unit_test_setup_teardown(test_vaccine_kinds, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bulk_approval_check_cancel_reprint,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_rights_and_changes, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(
		    test_restricted_needs_its_own_approval, setup, teardown),
		cmocka_unit_test_setup_teardown(test_killed_runs_recovered, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(
		    test_register_before_rename_and_leases, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
