/*
 * Elderly transit pass (敬老乗車証) screens.  [PASS] lists the person's
 * passes (the newest version of each, pending ones marked 未確認); F4
 * opens [PASSEDIT], the 交付申請書 in the order of the paper form, which
 * shows as the clerk types the starting age of the person's birth-date
 * band, the first day of use, the age on the reference date and the R-33
 * eligibility (screen_pass_eligibility); F5 on a selected pass opens
 * [PASSFEE], the 負担金決定, which shows the table amount, cap, reduction
 * and fee for the tier and period from the stored fee table
 * (screen_pass_fee, R-67); F6 opens [PASSOP], where the counter records
 * the steps after the decision: payment (納付), issue at a post office
 * (交付), refund (還付), return (返還), reissue and refusal, each with
 * the fields of its paper form.  Saves are pending versions (passbook_apply,
 * passbook_change).  Income and welfare fields are masked as the role
 * sees them.
 */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "codes.h"
#include "i18n.h"
#include "passbook.h"
#include "resident.h"
#include "screen.h"
#include "screen_book.h"
#include "visibility.h"
#include "xmalloc.h"

#define LIST_MAX 50

static const struct field_choice periods[] = {
	{ "1", N_("half a year (0.5年)") },
	{ "2", N_("one year (1.0年)") },
	{ "3", N_("a year and a half (1.5年)") },
	{ NULL, NULL }
};

#define F_DATE(n, l, req, h) { n, l, FT_DATE, 16, 0, NULL, req, \
	FSENS_ORDINARY, h, NULL, NULL, 0 }
#define F_CHOICE(n, l, req, c, s, h) { n, l, FT_CHOICE, 2, 0, NULL, req, \
	s, h, c, NULL, 0 }
#define F_R34 \
	{ "reason_code", N_("Reason code (処理事由)"), FT_DIGITS, 3, 2, NULL, 1, \
	    FSENS_ORDINARY, N_("01 new application, 20 fee decision; checked against the reason table."), \
	    NULL, NULL, 0 }, \
	{ "ref_no", N_("Reference (受付番号)"), FT_TEXT, 16, 32, NULL, 1, \
	    FSENS_ORDINARY, N_("The reception number written on the application."), \
	    NULL, NULL, 0 }, \
	{ "justification", N_("Justification"), FT_TEXT, 60, 120, NULL, 0, \
	    FSENS_ORDINARY, N_("Why, for a correction on the office's authority (reason 03)."), \
	    NULL, NULL, 0 }

/* The 敬老乗車証交付申請書 in the order of the paper form. */
static const struct field_def apply_defs[] = {
	{ "year", N_("Fiscal year (年度)"), FT_DIGITS, 5, 4, "20[0-9]{2}", 1,
	    FSENS_ORDINARY, N_("The fiscal year of the pass, e.g. 2026."), NULL,
	    NULL, 0 },
	F_DATE("apply_date", N_("Applied on (申請年月日)"), 1,
	    N_("The date the application was received: R8.11.20, 20261120.")),
	F_DATE("reference_date", N_("Reference (判定基準日)"), 0,
	    N_("The day eligibility is judged on; empty: the application date.")),
	F_CHOICE("channel", N_("Received by (受付方法)"), 1, screen_book_channels,
	    FSENS_ORDINARY, N_("1 counter, 2 mail (ID copy required), 3 electronic.")),
	F_CHOICE("applicant_type", N_("Applicant (申請者)"), 1,
	    screen_book_applicants, FSENS_ORDINARY,
	    N_("1 the person, 2 an agent (委任状 required).")),
	F_CHOICE("id_document", N_("ID checked (本人確認)"), 1,
	    screen_book_id_docs, FSENS_ORDINARY,
	    N_("1 My Number card, 2 licence, 3 passport, 4 residence card, 5 two documents, 6 other photo ID.")),
	F_CHOICE("poa_seen", N_("委任状 seen"), 0, screen_book_yesno,
	    FSENS_ORDINARY, N_("1 when an agent showed the power of attorney (委任状).")),
	F_CHOICE("id_copy_attached", N_("ID copy attached"), 0,
	    screen_book_yesno, FSENS_ORDINARY,
	    N_("1 when a mailed application has a copy of the ID attached.")),
	{ "wish_post_office", N_("Post office (希望郵便局)"), FT_DIGITS, 6, 5,
	    NULL, 0, FSENS_ORDINARY,
	    N_("The post office where the pass is collected (郵便局コード); checked against the code table."),
	    NULL, NULL, 0 },
	F_CHOICE("consent", N_("Consent (同意)"), 0, screen_book_yesno,
	    FSENS_ORDINARY, N_("1 when the applicant signed the consent to look up tax data.")),
	{ "income", N_("Total income (合計所得金額)"), FT_YEN, 13, 0, NULL, 0,
	    FSENS_INCOME, N_("Yen; ¥7,000,000 or more is not eligible."), NULL,
	    NULL, 0 },
	F_CHOICE("public_assistance", N_("Public assistance (生活保護)"), 0,
	    screen_book_yesno, FSENS_WELFARE, N_("1 when the person receives public assistance.")),
	F_CHOICE("welfare_pass", N_("Welfare pass (福祉乗車証)"), 0,
	    screen_book_yesno, FSENS_WELFARE,
	    N_("1 when the person holds a welfare pass: the two are never held together.")),
	{ "disability_no", N_("Disability (身体障害者番号)"), FT_TEXT, 16,
	    15, NULL, 0, FSENS_WELFARE, N_("The 身体障害者手帳 number, if any."),
	    NULL, NULL, 0 },
	F_R34,
};

#define L(y) { y, 1, 30 }
#define R(y) { y, 52, 26 }

static const struct book_place apply_places[] = {
	L(3), L(4), R(4), L(6), R(6), L(7), R(7), L(8), L(10), R(10), L(12),
	L(13), R(13), L(14), L(16), R(16), L(17),
};

static const struct book_code apply_codes[] = {
	{ "wish_post_office", CODES_POST_OFFICE },
	{ "reason_code", BOOK_REASON },
	{ NULL, 0 }
};

/* The 負担金決定 (fee decision). */
static const struct field_def fee_defs[] = {
	{ "tier", N_("Contribution class (負担区分)"), FT_DIGITS, 3, 2, NULL, 1,
	    FSENS_INCOME, N_("The 負担区分 from the tax data; the fee comes from the fee table."),
	    NULL, NULL, 0 },
	F_CHOICE("period", N_("Period (算出期間)"), 1, periods, FSENS_ORDINARY,
	    N_("1 half a year, 2 one year, 3 a year and a half.")),
	{ "reduction", N_("Reduction (減免種類)"), FT_DIGITS, 3, 2, NULL, 0,
	    FSENS_INCOME, N_("減免 kind: 01 public assistance, 02 pension, 03 disaster (half), 09 other (30%); empty: none."),
	    NULL, NULL, 0 },
	F_DATE("judged_on", N_("Judged on (判定年月日)"), 1,
	    N_("The day the class was determined; stored with the fee (R-67).")),
	F_DATE("due_date", N_("Due by (納付期限)"), 0,
	    N_("The last day to pay and collect the pass (optional).")),
	F_R34,
};

static const struct book_place fee_places[] = {
	L(4), L(5), L(6), L(7), L(8), L(10), R(10), L(11),
};

static const struct book_code fee_codes[] = {
	{ "reason_code", BOOK_REASON },
	{ NULL, 0 }
};

#define NAPPLY (sizeof apply_defs / sizeof apply_defs[0])
#define NFEE (sizeof fee_defs / sizeof fee_defs[0])
_Static_assert(sizeof apply_places / sizeof apply_places[0] == NAPPLY, "places");
_Static_assert(sizeof fee_places / sizeof fee_places[0] == NFEE, "places");

const struct field_def *
screen_pass_fields(size_t *n)
{
	*n = NAPPLY;
	return apply_defs;
}

const struct field_def *
screen_pass_fee_fields(size_t *n)
{
	*n = NFEE;
	return fee_defs;
}

int
screen_pass_eligibility(const struct form *fm, const struct ymd *birth,
    struct pass_calc *out)
{
	const struct elderly_rules *rules = elderly_default_rules();
	struct elderly_applicant ap;

	memset(out, 0, sizeof *out);
	err_clear(&out->e);
	out->eligible = -1;
	if (elderly_start_age(rules, birth, &out->start_age, &out->e) == -1 ||
	    elderly_start_date(rules, birth, &out->start_date, &out->e) == -1)
		return -1;
	out->age_ok = 1;
	if (screen_book_date(fm, "reference_date", &out->reference) == -1 &&
	    screen_book_date(fm, "apply_date", &out->reference) == -1)
		return err_set(&out->e, E_REQUIRED, "apply_date", NULL);
	out->age = ymd_age(birth, &out->reference);
	memset(&ap, 0, sizeof ap);
	ap.birth = *birth;
	ap.reference = out->reference;
	ap.current_resident = 1;
	ap.income = atol(form_value(fm, "income"));
	ap.welfare_pass = screen_book_flag(fm, "welfare_pass");
	out->eligible = elderly_check_eligibility(rules, &ap, &out->e) == 0;
	return 0;
}

int
screen_pass_fee(const struct form *fm, const struct elderly_fee_table *fees,
    int year, struct elderly_fee_decision *d, struct err *e)
{
	static const enum elderly_period p[] = { ELDERLY_PERIOD_HALF,
	    ELDERLY_PERIOD_ONE, ELDERLY_PERIOD_ONE_HALF };
	int k = screen_book_int(fm, "period");

	memset(d, 0, sizeof *d);
	d->year = year;
	d->tier = screen_book_int(fm, "tier");
	if (d->tier <= 0)
		return err_set(e, E_REQUIRED, "tier", NULL);
	if (k < 1 || k > 3)
		return err_set(e, E_REQUIRED, "period", NULL);
	d->period = p[k - 1];
	snprintf(d->reduction, sizeof d->reduction, "%s",
	    form_value(fm, "reduction"));
	if (screen_book_date(fm, "judged_on", &d->judged_on) == -1)
		return err_set(e, E_REQUIRED, "judged_on", NULL);
	return elderly_decide(fees, elderly_default_reductions(), d, e);
}

static const char *const apply_map[] = {
	"atena_no", "apply_date",
	"birth_date", "apply_date",
	"resident", "apply_date",
	"pass", "year",
	NULL
};

/* Why R-33 refused, for the screen. */
static const char *
why_not(const struct err *e)
{
	if (e->code == E_EXISTS)
		return _("the person already holds an active pass of this year");
	if (strcmp(e->field, "birth_date") == 0)
		return _("under the starting age on the reference date");
	if (strcmp(e->field, "income") == 0)
		return _("income at or above the ceiling");
	if (strcmp(e->field, "welfare_pass") == 0)
		return _("holds a welfare pass (福祉乗車証)");
	if (strcmp(e->field, "resident") == 0)
		return _("not a current resident");
	return _(err_message(e->code));
}

/* ---- [PASS]: the passes of the person --------------------------------- */

static const struct action pass_actions[] = {
	{ A_NEW, KEY_F(4), "F4", N_("Apply"),
	    N_("Key a new pass application (交付申請); it is saved pending.") },
	{ A_FEE, KEY_F(5), "F5", N_("Fee"),
	    N_("Decide the fee (負担金決定) of the selected pass from the fee table.") },
	{ A_CHANGE, KEY_F(6), "F6", N_("Step"),
	    N_("Record the next step of the selected pass: payment (納付), issue (交付), refund (還付), return (返還), reissue or refusal; saved pending.") },
	{ A_NONE, 0, NULL, NULL, NULL }
};

struct pass_state {
	char atena[16];
	char name[97], birth[DATE_MAX];
	struct ymd b;
	struct db_pass *rows;
	int n, cur;
	unsigned gen;
};

static int
collect(void *ctx, const struct db_pass *p)
{
	struct pass_state *ps = ctx;

	if (ps->n >= LIST_MAX)
		return 1;
	ps->rows[ps->n++] = *p;
	return 0;
}

static void
pass_load(struct tui *t, struct pass_state *ps)
{
	struct err e;

	ps->gen = t->saved_gen;
	ps->n = 0;
	if (passbook_list(t->s, ps->atena, collect, ps, &e) == -1)
		tui_error(t, &e, NULL);
	if (ps->cur >= ps->n)
		ps->cur = ps->n > 0 ? ps->n - 1 : 0;
}

static void *
pass_open(struct tui *t, const void *arg)
{
	const struct book_arg *ba = arg;
	struct pass_state *ps = xcalloc(1, sizeof *ps);

	ps->rows = xcalloc(LIST_MAX, sizeof *ps->rows);
	snprintf(ps->atena, sizeof ps->atena, "%s", ba->atena_no);
	screen_book_person(t, ps->atena, ps->name, ps->birth, &ps->b, NULL, 1);
	pass_load(t, ps);
	return ps;
}

static void
pass_close(struct tui *t, void *st)
{
	struct pass_state *ps = st;

	(void)t;
	xwipe(ps->rows, LIST_MAX * sizeof *ps->rows);
	free(ps->rows);
	xwipe(ps, sizeof *ps);
	free(ps);
}

static int
pass_handle(struct tui *t, void *st, enum action_id a, const struct tui_key *k)
{
	struct pass_state *ps = st;
	struct book_arg ba = { ps->atena, 0, NULL, NULL };
	const struct db_pass *p;

	if (a == A_NEW) {
		tui_push(t, &screen_passedit, &ba);
		return TUI_REDRAW;
	}
	if (a == A_FEE || a == A_CHANGE) {
		if (ps->n == 0)
			return TUI_BEEP;
		p = &ps->rows[ps->cur];
		if (strcmp(p->state, "pending") == 0) {
			tui_message(t, "%s", _(err_message(E_PENDING_EXISTS)));
			t->msg_error = 1;
			return TUI_REDRAW;
		}
		ba.year = p->year;
		ba.key = p->pass_no;
		tui_push(t, a == A_FEE ? &screen_passfee : &screen_passop, &ba);
		return TUI_REDRAW;
	}
	if (k != NULL && k->fkey == KEY_UP && ps->cur > 0) {
		ps->cur--;
		return TUI_REDRAW;
	}
	if (k != NULL && k->fkey == KEY_DOWN && ps->cur + 1 < ps->n) {
		ps->cur++;
		return TUI_REDRAW;
	}
	return TUI_BEEP;
}

static const struct {
	int x, w;
	const char *title;
} cols[] = {
	{ 1, 5, N_("Year") }, { 7, 9, N_("Pass no.") }, { 17, 4, N_("Ver.") },
	{ 22, 8, N_("Change") }, { 31, 9, N_("Status") }, { 41, 9, N_("State") },
	{ 51, 11, N_("Applied on") }, { 63, 10, N_("Fee") },
	{ 74, 10, N_("Paid") }, { 85, 12, N_("Issued at") },
};

static void
pass_draw(struct tui *t, void *st)
{
	struct pass_state *ps = st;
	char v[10][48];
	struct ymd d;
	size_t j;
	int i, y;

	if (ps->gen != t->saved_gen)
		pass_load(t, ps);
	y = screen_book_draw_person(t, 2, ps->atena, ps->name, ps->birth);
	y++;
	attron(A_BOLD);
	for (j = 0; j < sizeof cols / sizeof cols[0]; j++)
		draw_text(y, cols[j].x, _(cols[j].title), cols[j].w);
	attroff(A_BOLD);
	y++;
	if (ps->n == 0)
		draw_text(y, 2, _("No pass is recorded for this person."), COLS - 4);
	for (i = 0; i < ps->n && y < LINES - 3; i++, y++) {
		const struct db_pass *p = &ps->rows[i];
		snprintf(v[0], sizeof v[0], "%d", p->year);
		snprintf(v[1], sizeof v[1], "%s", p->pass_no);
		snprintf(v[2], sizeof v[2], "%d", p->rireki_no);
		snprintf(v[3], sizeof v[3], "%s", p->op);
		snprintf(v[4], sizeof v[4], "%s", p->status);
		snprintf(v[5], sizeof v[5], "%s", screen_book_state_mark(p->state));
		if (ymd_from_iso(p->apply_date, &d) == 0)
			wareki_format(&d, WAREKI_SHORT, v[6], sizeof v[6]);
		else
			snprintf(v[6], sizeof v[6], "%s", p->apply_date);
		if (strcmp(p->status, "applied") == 0 || strcmp(p->status,
		    "refused") == 0)
			snprintf(v[7], sizeof v[7], "-");
		else
			screen_book_yen((long)p->fee_amount, v[7], sizeof v[7]);
		if (p->paid_date[0] != '\0')
			screen_book_yen((long)p->paid_amount, v[8], sizeof v[8]);
		else
			snprintf(v[8], sizeof v[8], "-");
		snprintf(v[9], sizeof v[9], "%s", p->post_office[0] ?
		    p->post_office : "-");
		if (i == ps->cur)
			attron(A_REVERSE);
		for (j = 0; j < sizeof cols / sizeof cols[0]; j++)
			draw_text(y, cols[j].x, v[j], cols[j].w);
		attroff(A_REVERSE);
	}
}

const struct screen screen_pass = {
	"PASS", N_("Elderly transit pass (敬老乗車証)"), pass_actions, 1,
	pass_open, pass_handle, pass_draw, pass_close, NULL, NULL, NULL
};

/* ---- [PASSEDIT]: an application ---------------------------------------- */

static const struct action save_actions[] = {
	{ A_SAVE, KEY_F(10), "F10", N_("Save"),
	    N_("Check every field and save as pending (仮登録); press F10 again to confirm an alert.") },
	{ A_NONE, 0, NULL, NULL, NULL }
};

struct passedit_state {
	char atena[16];
	char name[97], birth[DATE_MAX];
	struct ymd b;
	int known;
	struct book_form bf;
	struct pass_calc calc;
	/* the fee decision */
	int year;
	char pass_no[16];
	struct elderly_fee_table *fees;
	struct elderly_fee_decision d;
	int fee_ok;
	struct err fee_e;
};

static void *
passedit_open(struct tui *t, const void *arg)
{
	const struct book_arg *ba = arg;
	struct passedit_state *es = xcalloc(1, sizeof *es);
	struct ymd today;
	char y[8];

	snprintf(es->atena, sizeof es->atena, "%s", ba->atena_no);
	es->known = screen_book_person(t, es->atena, es->name, es->birth,
	    &es->b, NULL, 1) == 0;
	if (screen_book_form_open(&es->bf, LEDGER_ELDERLY, apply_defs, NAPPLY,
	    apply_places, apply_codes) == -1)
		fatal("pass application form");
	ymd_today(&today);
	snprintf(y, sizeof y, "%d", today.m >= 4 ? today.y : today.y - 1);
	form_set(es->bf.fm, "year", y);
	form_clean(es->bf.fm);
	screen_book_restore(t, &es->bf, ba);
	if (es->known)
		screen_pass_eligibility(es->bf.fm, &es->b, &es->calc);
	return es;
}

static void
passedit_close(struct tui *t, void *st)
{
	struct passedit_state *es = st;

	(void)t;
	screen_book_form_close(&es->bf);
	codes_fees_free(&es->fees);
	xwipe(es, sizeof *es);
	free(es);
}

static int
apply_save(struct tui *t, struct passedit_state *es)
{
	struct passbook_application a;
	struct form *fm = es->bf.fm;
	char pass_no[16] = "";
	struct err e;
	int rireki = 0, rc;

	if (screen_book_form_ready(t, &es->bf) == -1)
		return TUI_REDRAW;
	memset(&a, 0, sizeof a);
	a.atena_no = es->atena;
	a.year = screen_book_int(fm, "year");
	a.pass_type = PASSBOOK_TYPE_KEIRO;
	a.apply_date = form_value(fm, "apply_date");
	a.reference_date = form_value(fm, "reference_date");
	a.channel = screen_book_int(fm, "channel");
	a.applicant = screen_book_int(fm, "applicant_type");
	a.id_doc = screen_book_int(fm, "id_document");
	a.poa_seen = screen_book_flag(fm, "poa_seen");
	a.id_copy_attached = screen_book_flag(fm, "id_copy_attached");
	a.wish_post_office = form_value(fm, "wish_post_office");
	a.consent = screen_book_flag(fm, "consent");
	a.income = atol(form_value(fm, "income"));
	a.public_assistance = screen_book_flag(fm, "public_assistance");
	a.welfare_pass = screen_book_flag(fm, "welfare_pass");
	a.disability_no = form_value(fm, "disability_no");
	a.reason_code = form_value(fm, "reason_code");
	a.ref_no = form_value(fm, "ref_no");
	a.justification = form_value(fm, "justification");
	err_clear(&e);
	rc = passbook_apply(t->s, &a, pass_no, &rireki, &e);
	xwipe(&a, sizeof a);
	if (rc == -1) {
		screen_book_form_refused(t, &es->bf, &e, apply_map);
		if (e.code == E_NOT_ELIGIBLE || e.code == E_EXISTS)
			screen_book_refusal_text(t, _("Refused (R-33): %s."),
			    why_not(&e));
		return TUI_REDRAW;
	}
	return screen_book_saved(t, &es->bf, _("Saved as pending (仮登録): pass %d-%s, version %d. A supervisor confirms it."),
	    screen_book_int(fm, "year"), pass_no, rireki);
}

static int
passedit_handle(struct tui *t, void *st, enum action_id a,
    const struct tui_key *k)
{
	struct passedit_state *es = st;
	int r;

	if (a == A_SAVE)
		return apply_save(t, es);
	if (k == NULL)
		return TUI_BEEP;
	r = screen_book_form_key(t, &es->bf, k);
	if (es->known)
		screen_pass_eligibility(es->bf.fm, &es->b, &es->calc);
	return r;
}

static void
passedit_draw(struct tui *t, void *st)
{
	struct passedit_state *es = st;
	const struct pass_calc *c = &es->calc;
	char line[256], d[64];
	int y = 19;

	screen_book_draw_person(t, 1, es->atena, es->name, es->birth);
	if (es->known && c->age_ok) {
		snprintf(line, sizeof line,
		    _("Starting age (開始年齢) %d: the pass may be used from %s"),
		    c->start_age, wareki_format(&c->start_date, WAREKI_BOTH, d,
		    sizeof d));
		draw_text(y++, 2, line, COLS - 4);
	}
	if (es->known && c->eligible >= 0) {
		snprintf(line, sizeof line, _("Age on the reference date %s: %d"),
		    wareki_format(&c->reference, WAREKI_SHORT, d, sizeof d), c->age);
		draw_text(y++, 2, line, COLS - 4);
		attron(A_BOLD);
		if (c->eligible)
			snprintf(line, sizeof line, "%s", _("Eligible (R-33): yes"));
		else
			snprintf(line, sizeof line, _("Not eligible (R-33): %s"),
			    why_not(&c->e));
		draw_text(y++, 2, line, COLS - 4);
		attroff(A_BOLD);
	} else if (es->known) {
		draw_text(y++, 2, _("Eligibility: fill in the application date."),
		    COLS - 4);
	}
	screen_book_form_draw(t, &es->bf);
}

static const char *
passedit_state_label(struct tui *t, void *st)
{
	(void)t;
	(void)st;
	return _("New application (交付申請)");
}

/* Unsaved input of the application or the fee decision. */
static char *
passedit_draft(struct tui *t, void *st)
{
	struct passedit_state *es = st;

	(void)t;
	return screen_book_draft(&es->bf, es->atena, es->year, es->pass_no);
}

const struct screen screen_passedit = {
	"PASSEDIT", N_("Elderly pass application"), save_actions, 1,
	passedit_open, passedit_handle, passedit_draw, passedit_close,
	passedit_state_label, passedit_draft, NULL
};

/* ---- [PASSFEE]: the fee decision ---------------------------------------- */

static void
fee_recompute(struct passedit_state *es)
{
	err_clear(&es->fee_e);
	es->fee_ok = es->fees != NULL && screen_pass_fee(es->bf.fm, es->fees,
	    es->year, &es->d, &es->fee_e) == 0;
}

static void *
passfee_open(struct tui *t, const void *arg)
{
	const struct book_arg *ba = arg;
	struct passedit_state *es = xcalloc(1, sizeof *es);
	struct err e;

	snprintf(es->atena, sizeof es->atena, "%s", ba->atena_no);
	es->year = ba->year;
	snprintf(es->pass_no, sizeof es->pass_no, "%s", ba->key ? ba->key : "");
	es->known = screen_book_person(t, es->atena, es->name, es->birth,
	    &es->b, NULL, 1) == 0;
	if (screen_book_form_open(&es->bf, LEDGER_ELDERLY, fee_defs, NFEE,
	    fee_places, fee_codes) == -1)
		fatal("pass fee form");
	form_set(es->bf.fm, "period", "2");
	form_clean(es->bf.fm);
	screen_book_restore(t, &es->bf, ba);
	if ((es->fees = codes_fees(t->lg, &e)) == NULL)
		tui_error(t, &e, NULL);
	fee_recompute(es);
	return es;
}

static int
fee_save(struct tui *t, struct passedit_state *es)
{
	static const enum elderly_period p[] = { ELDERLY_PERIOD_HALF,
	    ELDERLY_PERIOD_ONE, ELDERLY_PERIOD_ONE_HALF };
	struct passbook_change c;
	struct form *fm = es->bf.fm;
	struct err e;
	int rireki = 0, k;

	if (screen_book_form_ready(t, &es->bf) == -1)
		return TUI_REDRAW;
	k = screen_book_int(fm, "period");
	memset(&c, 0, sizeof c);
	c.year = es->year;
	c.pass_no = es->pass_no;
	c.op = PASS_DECIDE;
	c.tier = screen_book_int(fm, "tier");
	c.period = k >= 1 && k <= 3 ? p[k - 1] : ELDERLY_PERIOD_ONE;
	c.reduction = form_value(fm, "reduction");
	c.judged_on = form_value(fm, "judged_on");
	c.due_date = form_value(fm, "due_date");
	c.reason_code = form_value(fm, "reason_code");
	c.ref_no = form_value(fm, "ref_no");
	c.justification = form_value(fm, "justification");
	err_clear(&e);
	if (passbook_change(t->s, &c, &rireki, &e) == -1) {
		screen_book_form_refused(t, &es->bf, &e, NULL);
		return TUI_REDRAW;
	}
	return screen_book_saved(t, &es->bf, _("Saved as pending (仮登録): pass %d-%s, version %d. A supervisor confirms it."),
	    es->year, es->pass_no, rireki);
}

static int
passfee_handle(struct tui *t, void *st, enum action_id a,
    const struct tui_key *k)
{
	struct passedit_state *es = st;
	int r;

	if (a == A_SAVE)
		return fee_save(t, es);
	if (k == NULL)
		return TUI_BEEP;
	r = screen_book_form_key(t, &es->bf, k);
	fee_recompute(es);
	return r;
}

static void
passfee_draw(struct tui *t, void *st)
{
	struct passedit_state *es = st;
	const struct elderly_fee_decision *d = &es->d;
	const struct elderly_reduction_table *rt = elderly_default_reductions();
	char line[256], a[32], b[32], c[32];
	int y = 13, i;

	screen_book_draw_person(t, 1, es->atena, es->name, es->birth);
	snprintf(line, sizeof line, _("Pass %d-%s"), es->year, es->pass_no);
	draw_text(2, 2, line, COLS - 4);
	if (visibility_of(t->s, LEDGER_ELDERLY, SENS_INCOME) == VIS_SHOWN)
		for (i = 0; i < rt->n; i++)
			if (strcmp(rt->kinds[i].code, form_value(es->bf.fm,
			    "reduction")) == 0 && rt->kinds[i].code[0] != '\0')
				draw_text(6, 40, rt->kinds[i].name, COLS - 41);
	if (!es->fee_ok) {
		if (es->fee_e.code == E_CODE_UNKNOWN || es->fee_e.code == E_CHOICE) {
			int f = form_find(es->bf.fm, es->fee_e.field);
			/* TRANSLATORS: the fee; a field's label; what is wrong. */
			snprintf(line, sizeof line, _("Fee: %s: %s"),
			    f >= 0 ? _(es->bf.fm->defs[f].label) : es->fee_e.field,
			    _(err_message(es->fee_e.code)));
			draw_text(y, 2, line, COLS - 4);
		} else {
			draw_text(y, 2, _("Fee: fill in the class, the period and the judgement date."),
			    COLS - 4);
		}
	} else {
		snprintf(line, sizeof line, _("Fee table %d: amount for the period %s, limit (限度額) %s"),
		    d->year, screen_book_yen(d->table_amount, a, sizeof a),
		    screen_book_yen(d->cap, b, sizeof b));
		draw_text(y++, 2, line, COLS - 4);
		snprintf(line, sizeof line, _("Capped %s, reduction (減免額) %s"),
		    screen_book_yen(d->capped, a, sizeof a),
		    screen_book_yen(d->reduced_by, b, sizeof b));
		draw_text(y++, 2, line, COLS - 4);
		attron(A_BOLD);
		snprintf(line, sizeof line, _("Contribution (負担金額): %s"),
		    screen_book_yen(d->amount, c, sizeof c));
		draw_text(y, 2, line, COLS - 4);
		attroff(A_BOLD);
	}
	screen_book_form_draw(t, &es->bf);
}

static const char *
passfee_state_label(struct tui *t, void *st)
{
	(void)t;
	(void)st;
	return _("Fee decision (負担金決定)");
}

const struct screen screen_passfee = {
	"PASSFEE", N_("Elderly pass fee decision"), save_actions, 1,
	passfee_open, passfee_handle, passfee_draw, passedit_close,
	passfee_state_label, passedit_draft, NULL
};

/* ---- [PASSOP]: the steps after the fee decision ------------------------ */

static const struct field_choice ops[] = {
	{ "1", N_("payment (納付)") },
	{ "2", N_("issue (交付)") },
	{ "3", N_("refund (還付)") },
	{ "4", N_("return (返還・消滅)") },
	{ "5", N_("reissue (再交付)") },
	{ "6", N_("refusal (却下)") },
	{ NULL, NULL }
};

/* The ledger's operation of each choice above, and the form field its
 * one date ("date" in the ledger's errors) is keyed in. */
static const struct {
	enum passbook_op op;
	const char *date;
} op_of[] = {
	{ PASS_PAY, "paid_on" }, { PASS_ISSUE, "issue_date" },
	{ PASS_REFUND, "refund_date" }, { PASS_RETURN, "end_date" },
	{ PASS_REISSUE, "issue_date" }, { PASS_REFUSE, "op" },
};

static const struct field_choice methods[] = {
	{ "1", N_("cash (現金)") },
	{ "2", N_("bank transfer (口座振込)") },
	{ "3", N_("post office (郵便局)") },
	{ "4", N_("convenience store (コンビニ)") },
	{ NULL, NULL }
};

/* As stored in 収入方法, in the order of the choices. */
static const char *const method_names[] = { "cash", "bank", "post", "store" };

/* The counter's record of a step, grouped as on the paper forms:
 * 納付 (収入), 交付, 還付, 返還 (交付事由消滅), then the R-34 fields. */
static const struct field_def op_defs[] = {
	F_CHOICE("op", N_("Step (処理)"), 1, ops, FSENS_ORDINARY,
	    N_("1 payment, 2 issue, 3 refund, 4 return, 5 reissue, 6 refusal; fill in that step's fields.")),
	{ "amount", N_("Amount paid (納付金額)"), FT_YEN, 13, 0, NULL, 0,
	    FSENS_ORDINARY, N_("Yen; exactly the contribution decided (負担金額)."),
	    NULL, NULL, 0 },
	F_DATE("paid_on", N_("Paid on (納付日)"), 0,
	    N_("The day the contribution was received.")),
	F_CHOICE("method", N_("Paid by (納付方法)"), 0, methods,
	    FSENS_ORDINARY, N_("1 cash, 2 bank transfer, 3 post office, 4 convenience store.")),
	F_DATE("issue_date", N_("Issued on (交付日)"), 0,
	    N_("The day the pass was handed over (issue or reissue).")),
	{ "post_office", N_("Issued at (交付場所)"), FT_DIGITS, 6, 5, "[0-9]{5}",
	    0, FSENS_ORDINARY,
	    N_("The post office where the pass was handed over (郵便局コード); checked against the code table."),
	    NULL, NULL, 0 },
	{ "tier", N_("New class (負担区分)"), FT_DIGITS, 3, 2, NULL, 0,
	    FSENS_INCOME, N_("Refund: the class after the redetermination; empty: unchanged."),
	    NULL, NULL, 0 },
	F_DATE("judged_on", N_("Judged on (判定年月日)"), 0,
	    N_("Refund: the day the class was determined anew (R-67).")),
	F_DATE("refund_date", N_("Refunded on (還付日)"), 0,
	    N_("Refund: the day the difference is paid back.")),
	{ "refund_reason", N_("Refund reason (還付理由)"), FT_TEXT, 16, 15,
	    NULL, 0, FSENS_ORDINARY,
	    N_("Refund: why (a code or a short word); empty: the reason code."),
	    NULL, NULL, 0 },
	F_DATE("end_date", N_("Ended on (消滅日)"), 0,
	    N_("Return: the day the reason for the pass ended (交付事由消滅).")),
	{ "end_reason", N_("End reason (消滅事由)"), FT_TEXT, 16, 15, NULL, 0,
	    FSENS_ORDINARY, N_("Return: why the pass ends, e.g. moved out, died, returned."),
	    NULL, NULL, 0 },
	F_DATE("notified", N_("Notified on (届出日)"), 0,
	    N_("Return: the day the end was notified (optional).")),
	{ "reason_code", N_("Reason code (処理事由)"), FT_DIGITS, 3, 2, NULL, 1,
	    FSENS_ORDINARY, N_("21 payment, 22 issue, 23 refund, 25 reissue, 04 return, 08 refusal."),
	    NULL, NULL, 0 },
	{ "ref_no", N_("Reference (受付番号)"), FT_TEXT, 16, 32, NULL, 1,
	    FSENS_ORDINARY, N_("The receipt or reception number of the step."),
	    NULL, NULL, 0 },
	{ "justification", N_("Justification"), FT_TEXT, 60, 120, NULL, 0,
	    FSENS_ORDINARY, N_("Why, for a correction on the office's authority (reason 03)."),
	    NULL, NULL, 0 },
};

static const struct book_place op_places[] = {
	L(4), L(6), R(6), L(7), L(9), R(9), L(11), R(11), L(12), R(12),
	L(14), R(14), L(15), L(17), R(17), L(18),
};

static const struct book_code op_codes[] = {
	{ "post_office", CODES_POST_OFFICE },
	{ "reason_code", BOOK_REASON },
	{ NULL, 0 }
};

#define NOP (sizeof op_defs / sizeof op_defs[0])
_Static_assert(sizeof op_places / sizeof op_places[0] == NOP, "places");
_Static_assert(sizeof op_of / sizeof op_of[0] == sizeof ops / sizeof ops[0] - 1,
    "ops");

/* 状態区分 in words. */
static const char *
status_label(const char *status)
{
	static const struct field_choice st[] = {
		{ "applied", N_("applied (申請)") },
		{ "decided", N_("fee decided (負担金決定)") },
		{ "paid", N_("paid (納付済)") },
		{ "issued", N_("issued (交付済)") },
		{ "returned", N_("returned (返還)") },
		{ "refused", N_("refused (却下)") },
		{ NULL, NULL }
	};

	return screen_book_choice(st, status);
}

struct passop_state {
	char atena[16];
	char name[97], birth[DATE_MAX];
	int year;
	char pass_no[16];
	struct book_form bf;
	struct db_pass *p;	/* the current version, or NULL */
};

static void *
passop_open(struct tui *t, const void *arg)
{
	const struct book_arg *ba = arg;
	struct passop_state *os = xcalloc(1, sizeof *os);
	struct err e;

	snprintf(os->atena, sizeof os->atena, "%s", ba->atena_no);
	os->year = ba->year;
	snprintf(os->pass_no, sizeof os->pass_no, "%s", ba->key ? ba->key : "");
	screen_book_person(t, os->atena, os->name, os->birth, NULL, NULL, 1);
	if (screen_book_form_open(&os->bf, LEDGER_ELDERLY, op_defs, NOP,
	    op_places, op_codes) == -1)
		fatal("pass step form");
	os->p = xcalloc(1, sizeof *os->p);
	err_clear(&e);
	if (passbook_get(t->s, os->year, os->pass_no, 0, os->p, &e) == -1) {
		tui_error(t, &e, NULL);
		xwipe(os->p, sizeof *os->p);
		free(os->p);
		os->p = NULL;
	} else {
		/* The usual next step, and the office the person wished for. */
		if (strcmp(os->p->status, "decided") == 0)
			form_set(os->bf.fm, "op", os->p->fee_amount == 0 ? "2" :
			    "1");
		else if (strcmp(os->p->status, "paid") == 0)
			form_set(os->bf.fm, "op", "2");
		form_set(os->bf.fm, "post_office", os->p->wish_post_office);
	}
	form_clean(os->bf.fm);
	screen_book_restore(t, &os->bf, ba);
	return os;
}

static void
passop_close(struct tui *t, void *st)
{
	struct passop_state *os = st;

	(void)t;
	screen_book_form_close(&os->bf);
	if (os->p != NULL) {
		xwipe(os->p, sizeof *os->p);
		free(os->p);
	}
	xwipe(os, sizeof *os);
	free(os);
}

static int
op_save(struct tui *t, struct passop_state *os)
{
	const char *map[] = { "date", NULL, NULL };
	struct passbook_change c;
	struct form *fm = os->bf.fm;
	char due[32];
	struct err e;
	int rireki = 0, k, m;

	if (screen_book_form_ready(t, &os->bf) == -1)
		return TUI_REDRAW;
	k = screen_book_int(fm, "op");
	if (k < 1 || k > (int)(sizeof op_of / sizeof op_of[0])) {
		err_set(&e, E_REQUIRED, "op", NULL);
		screen_book_form_refused(t, &os->bf, &e, NULL);
		return TUI_REDRAW;
	}
	m = screen_book_int(fm, "method");
	memset(&c, 0, sizeof c);
	c.year = os->year;
	c.pass_no = os->pass_no;
	c.op = op_of[k - 1].op;
	map[1] = op_of[k - 1].date;
	c.amount = form_value(fm, "amount")[0] != '\0' ?
	    atol(form_value(fm, "amount")) : -1;
	c.method = m >= 1 && m <= 4 ? method_names[m - 1] : "";
	c.post_office = form_value(fm, "post_office");
	c.tier = screen_book_int(fm, "tier");
	c.judged_on = form_value(fm, "judged_on");
	c.refund_reason = form_value(fm, "refund_reason");
	c.end_reason = form_value(fm, "end_reason");
	c.notified = form_value(fm, "notified");
	c.date = form_value(fm, op_of[k - 1].date);
	c.reason_code = form_value(fm, "reason_code");
	c.ref_no = form_value(fm, "ref_no");
	c.justification = form_value(fm, "justification");
	err_clear(&e);
	if (passbook_change(t->s, &c, &rireki, &e) == -1) {
		screen_book_form_refused(t, &os->bf, &e, map);
		if (e.code == E_DENIED && strcmp(e.field, "op") == 0 &&
		    os->p != NULL)
			screen_book_refusal_text(t, _("Refused: a pass that is %s cannot take the step %s."),
			    status_label(os->p->status),
			    screen_book_choice(ops, form_value(fm, "op")));
		else if (e.code == E_AMOUNT && os->p != NULL)
			screen_book_refusal_text(t, _("Refused: the amount paid must be the contribution decided, %s."),
			    screen_book_yen((long)os->p->fee_amount, due,
			    sizeof due));
		return TUI_REDRAW;
	}
	return screen_book_saved(t, &os->bf, _("Saved as pending (仮登録): pass %d-%s, version %d. A supervisor confirms it."),
	    os->year, os->pass_no, rireki);
}

static int
passop_handle(struct tui *t, void *st, enum action_id a,
    const struct tui_key *k)
{
	struct passop_state *os = st;

	if (a == A_SAVE)
		return op_save(t, os);
	if (k == NULL)
		return TUI_BEEP;
	return screen_book_form_key(t, &os->bf, k);
}

static void
passop_draw(struct tui *t, void *st)
{
	struct passop_state *os = st;
	char line[256], a[32], b[32];

	screen_book_draw_person(t, 1, os->atena, os->name, os->birth);
	if (os->p == NULL)
		snprintf(line, sizeof line, _("Pass %d-%s"), os->year,
		    os->pass_no);
	else
		/* TRANSLATORS: year-number, status, the fee, the paid amount. */
		snprintf(line, sizeof line, _("Pass %d-%s: %s; contribution (負担金額) %s, paid %s"),
		    os->year, os->pass_no, status_label(os->p->status),
		    screen_book_yen((long)os->p->fee_amount, a, sizeof a),
		    os->p->paid_date[0] != '\0' ? screen_book_yen(
		    (long)os->p->paid_amount, b, sizeof b) : "-");
	draw_text(2, 2, line, COLS - 4);
	screen_book_form_draw(t, &os->bf);
}

static const char *
passop_state_label(struct tui *t, void *st)
{
	(void)t;
	(void)st;
	return _("Payment, issue and later steps (納付・交付)");
}

static char *
passop_draft(struct tui *t, void *st)
{
	struct passop_state *os = st;

	(void)t;
	return screen_book_draft(&os->bf, os->atena, os->year, os->pass_no);
}

const struct screen screen_passop = {
	"PASSOP", N_("Elderly pass counter steps"), save_actions, 1,
	passop_open, passop_handle, passop_draw, passop_close,
	passop_state_label, passop_draft, NULL
};
