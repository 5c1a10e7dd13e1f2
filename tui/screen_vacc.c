/*
 * Vaccination (予防接種) screens.  [VACC] lists the person's dose records
 * (pending versions marked 未確認) and the doses due, closing or overdue
 * today by the confirmed history; F4 opens [VACCEDIT], one dose in the
 * order of the 予防接種ファイル: vaccine, dose number, date, maker, lot and
 * expiry, institution, doctor, site, volume, amounts and subsidy.  While
 * the clerk types, the dose check against the person and the confirmed
 * history (order, minimum interval, lot expiry, routine window) and the
 * vaccine's due status are shown (screen_vacc_compute); codes are checked
 * against the vaccine and institution tables; a dose outside the routine
 * window needs a second F10 and is recorded as 任意接種 (vaccbook_record).
 * Fields are health data: shown or masked as the role sees them.
 */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "codes.h"
#include "i18n.h"
#include "resident.h"
#include "screen.h"
#include "screen_book.h"
#include "vaccbook.h"
#include "visibility.h"
#include "xmalloc.h"

#define LIST_MAX 60
#define DUE_MAX 24

#define F_TXT(n, l, w, max, h) { n, l, FT_TEXT, w, max, NULL, 0, FSENS_HEALTH, \
	h, NULL, NULL, 0 }
#define F_DATE(n, l, req, h) { n, l, FT_DATE, 16, 0, NULL, req, FSENS_HEALTH, \
	h, NULL, NULL, 0 }
#define F_YEN(n, l, h) { n, l, FT_YEN, 10, 0, NULL, 0, FSENS_HEALTH, h, NULL, \
	NULL, 0 }
#define F_YESNO(n, l, h) { n, l, FT_CHOICE, 2, 0, NULL, 0, FSENS_HEALTH, h, \
	screen_book_yesno, NULL, 0 }

/* A dose record in the order of the 予防接種ファイル. */
static const struct field_def dose_defs[] = {
	{ "vaccine_code", N_("Vaccine (接種種類)"), FT_TEXT, 12, 15,
	    "[A-Z0-9-]+", 1, FSENS_HEALTH,
	    N_("The vaccine code in capitals, e.g. HIB, MR1, VAR; checked against the vaccine table."),
	    NULL, NULL, 0 },
	{ "dose_no", N_("Dose (接種回数)"), FT_DIGITS, 2, 1, "[1-9]", 1,
	    FSENS_HEALTH, N_("Which dose of the series: 1, 2, 3 or 4."), NULL,
	    NULL, 0 },
	F_DATE("date", N_("Given on (接種年月日)"), 1,
	    N_("The vaccination date: R8.11.20, 20261120; not before birth nor in the future.")),
	F_TXT("maker", N_("Maker (メーカー)"), 20, 48, N_("The manufacturer.")),
	F_TXT("lot", N_("Lot (ロットNO)"), 16, 23,
	    N_("The lot number on the vial (required unless given in another municipality).")),
	F_DATE("lot_expiry", N_("Expiry (有効期限)"), 0,
	    N_("The lot's expiry date; a lot expired on the vaccination date is refused.")),
	{ "institution", N_("Institution (医療機関)"), FT_DIGITS, 11, 10, NULL, 0,
	    FSENS_HEALTH, N_("The 医療機関コード (10 digits); checked against the institution table."),
	    NULL, NULL, 0 },
	F_TXT("doctor", N_("Doctor (接種医)"), 20, 48, N_("The doctor who gave the dose.")),
	F_TXT("site", N_("Site (接種部位)"), 12, 23, N_("e.g. 左上腕.")),
	F_TXT("volume", N_("Volume (接種量)"), 8, 15, N_("e.g. 0.5mL.")),
	F_YEN("amount", N_("Claimed (請求額)"), N_("The amount the institution claims, in yen.")),
	F_TXT("subsidy_kind", N_("Subsidy kind (助成区分)"), 4, 7,
	    N_("The subsidy kind code, if any.")),
	F_DATE("subsidy_date", N_("Subsidy date"), 0, N_("The date of the subsidy, if any.")),
	F_YEN("subsidy_amount", N_("Subsidy (助成金額)"), N_("The subsidy in yen.")),
	F_YESNO("other_municipality", N_("Other municipality"),
	    N_("1 when the dose was given in another municipality (他市町村接種).")),
	F_YESNO("certificate", N_("Certificate issued"),
	    N_("1 when a 接種済証 was issued.")),
	F_TXT("notes", N_("Notes (備考)"), 50, 120, N_("Anything else from the form.")),
	{ "reason_code", N_("Reason code (処理事由)"), FT_DIGITS, 3, 2, NULL, 1,
	    FSENS_ORDINARY, N_("30 vaccination record, 31 other municipality, 32 subsidy."),
	    NULL, NULL, 0 },
	{ "ref_no", N_("Reference (受付番号)"), FT_TEXT, 16, 32, NULL, 1,
	    FSENS_ORDINARY, N_("The number of the 予診票 or the report."), NULL, NULL, 0 },
	{ "justification", N_("Justification"), FT_TEXT, 50, 120, NULL, 0,
	    FSENS_ORDINARY, N_("Why, for a correction on the office's authority (reason 03)."),
	    NULL, NULL, 0 },
};

#define NDEFS (sizeof dose_defs / sizeof dose_defs[0])
#define L(y) { y, 1, 24 }
#define R(y) { y, 50, 24 }

static const struct book_place dose_places[] = {
	L(3), R(3), L(4), L(5), R(5), L(6), L(7), R(7), L(8), R(8), L(9), R(9),
	L(10), R(10), L(11), R(11), L(12), L(14), R(14), L(15),
};
_Static_assert(sizeof dose_places / sizeof dose_places[0] == NDEFS, "places");

static const struct book_code dose_codes[] = {
	{ "vaccine_code", CODES_VACCINE },
	{ "institution", CODES_INSTITUTION },
	{ "reason_code", BOOK_REASON },
	{ NULL, 0 }
};

static const char *const dose_map[] = {
	"lot_no", "lot",
	"atena_no", "date",
	"birth_date", "date",
	NULL
};

const struct field_def *
screen_vacc_fields(size_t *n)
{
	*n = NDEFS;
	return dose_defs;
}

int
screen_vacc_compute(const struct form *fm, const struct vaccine_person *p,
    const struct vaccine_dose *hist, int n, const struct ymd *today,
    struct vacc_calc *out)
{
	const struct vaccine_table *vt = vaccine_default_table();
	const struct vaccine_type *type;
	struct vaccine_due due[DUE_MAX];
	struct vaccine_dose d;
	struct err e;
	int i, count = 0;

	memset(out, 0, sizeof *out);
	err_clear(&out->e);
	memset(&d, 0, sizeof d);
	snprintf(d.code, sizeof d.code, "%s", form_value(fm, "vaccine_code"));
	if ((type = vaccine_find(vt, d.code)) == NULL)
		return err_set(&out->e, d.code[0] ? E_CODE_UNKNOWN : E_REQUIRED,
		    "vaccine_code", NULL);
	out->window_ok = vaccine_window(type, &p->birth, &out->from,
	    &out->until, &e) == 0;
	if (vaccine_due_list(vt, p, hist, n, today, NULL, due, DUE_MAX, &count,
	    &e) == 0)
		for (i = 0; i < count && i < DUE_MAX; i++)
			if (due[i].type == type) {
				out->due_found = 1;
				out->due = due[i];
			}
	d.dose_no = screen_book_int(fm, "dose_no");
	if (d.dose_no <= 0)
		return err_set(&out->e, E_REQUIRED, "dose_no", NULL);
	if (screen_book_date(fm, "date", &d.date) == -1)
		return err_set(&out->e, E_REQUIRED, "date", NULL);
	snprintf(d.lot, sizeof d.lot, "%s", form_value(fm, "lot"));
	screen_book_date(fm, "lot_expiry", &d.lot_expiry);
	d.other_municipality = screen_book_flag(fm, "other_municipality");
	out->checked = 1;
	out->rc = vaccine_check_dose(vt, p, hist, n, &d, today, &out->e);
	return out->rc == -1 ? -1 : 0;
}

/* A clearer message than the code's for the refusals of a dose check. */
static const char *
dose_message(const struct err *e)
{
	if (e->code == E_REQUIRED && strcmp(e->field, "dose_no") == 0)
		return _("the previous dose of the series is not recorded (confirmed) yet");
	if (e->code == E_DATE_RANGE && strcmp(e->field, "dose_no") == 0)
		return _("the previous dose of the series is not earlier than this one");
	if (e->code == E_EXISTS && strcmp(e->field, "dose_no") == 0)
		return _("this dose is already recorded");
	if (e->code == E_DATE_RANGE && strcmp(e->field, "date") == 0)
		return _("the date is before birth or in the future");
	return _(err_message(e->code));
}

/* The person as the rules and the header need it (audited view). */
static int
person(struct tui *t, const char *atena, char name[97], char birth[DATE_MAX],
    struct vaccine_person *vp)
{
	memset(vp, 0, sizeof *vp);
	if (screen_book_person(t, atena, name, birth, &vp->birth, &vp->sex,
	    1) == -1)
		return -1;
	return vp->birth.y == 0 ? -1 : 0;
}

/* The person's dose records and, of them, the confirmed history. */
struct doses {
	struct db_dose *rows;
	int n;
	struct vaccine_dose hist[LIST_MAX];
	int nhist;
};

static int
collect(void *ctx, const struct db_dose *r)
{
	struct doses *ds = ctx;
	struct vaccine_dose *h;

	if (ds->n >= LIST_MAX)
		return 1;
	ds->rows[ds->n++] = *r;
	if (strcmp(r->state, "confirmed") != 0 || !r->current)
		return 0;
	h = &ds->hist[ds->nhist++];
	memset(h, 0, sizeof *h);
	snprintf(h->code, sizeof h->code, "%s", r->vaccine_code);
	h->dose_no = r->dose_no;
	ymd_from_iso(r->date, &h->date);
	snprintf(h->lot, sizeof h->lot, "%s", r->lot);
	if (ymd_from_iso(r->lot_expiry, &h->lot_expiry) != 0)
		memset(&h->lot_expiry, 0, sizeof h->lot_expiry);
	h->other_municipality = r->other_municipality;
	return 0;
}

static void
load_doses(struct tui *t, const char *atena, struct doses *ds)
{
	struct err e;

	ds->n = ds->nhist = 0;
	if (vaccbook_list(t->s, atena, collect, ds, &e) == -1)
		tui_error(t, &e, NULL);
}

/* ---- [VACC]: the doses of the person ------------------------------------ */

static const struct action vacc_actions[] = {
	{ A_NEW, KEY_F(4), "F4", N_("New dose"),
	    N_("Key a dose from the 予診票 or a report; it is saved pending.") },
	{ A_NONE, 0, NULL, NULL, NULL }
};

struct vacc_state {
	char atena[16];
	char name[97], birth[DATE_MAX];
	struct vaccine_person vp;
	int known;
	struct doses ds;
	struct vaccine_due due[DUE_MAX];
	int ndue;
	unsigned gen;
};

static void
vacc_load(struct tui *t, struct vacc_state *vs)
{
	struct ymd today;
	struct err e;

	vs->gen = t->saved_gen;
	load_doses(t, vs->atena, &vs->ds);
	vs->ndue = 0;
	ymd_today(&today);
	if (vs->known && vaccine_due_list(vaccine_default_table(), &vs->vp,
	    vs->ds.hist, vs->ds.nhist, &today, NULL, vs->due, DUE_MAX,
	    &vs->ndue, &e) == -1)
		vs->ndue = 0;
	if (vs->ndue > DUE_MAX)
		vs->ndue = DUE_MAX;
}

static void *
vacc_open(struct tui *t, const void *arg)
{
	const struct book_arg *ba = arg;
	struct vacc_state *vs = xcalloc(1, sizeof *vs);

	vs->ds.rows = xcalloc(LIST_MAX, sizeof *vs->ds.rows);
	snprintf(vs->atena, sizeof vs->atena, "%s", ba->atena_no);
	vs->known = person(t, vs->atena, vs->name, vs->birth, &vs->vp) == 0;
	vacc_load(t, vs);
	return vs;
}

static void
vacc_close(struct tui *t, void *st)
{
	struct vacc_state *vs = st;

	(void)t;
	xwipe(vs->ds.rows, LIST_MAX * sizeof *vs->ds.rows);
	free(vs->ds.rows);
	xwipe(vs, sizeof *vs);
	free(vs);
}

static int
vacc_handle(struct tui *t, void *st, enum action_id a, const struct tui_key *k)
{
	struct vacc_state *vs = st;
	struct book_arg ba = { vs->atena, 0, NULL, NULL };

	(void)k;
	if (a != A_NEW)
		return TUI_BEEP;
	tui_push(t, &screen_vaccedit, &ba);
	return TUI_REDRAW;
}

static const char *
due_label(enum vaccine_due_status s)
{
	switch (s) {
	case VACCINE_DUE_CLOSING: return _("due, window closing");
	case VACCINE_OVERDUE: return _("overdue");
	default: return _("due");
	}
}

static const struct {
	int x, w;
	const char *title;
} cols[] = {
	{ 1, 11, N_("Record no.") }, { 13, 4, N_("Ver.") },
	{ 18, 12, N_("Vaccine") }, { 31, 5, N_("Dose") },
	{ 37, 11, N_("Given on") }, { 49, 16, N_("Lot") },
	{ 66, 11, N_("Institution") }, { 78, 9, N_("State") },
	{ 88, 10, N_("Voluntary") },
};

static void
vacc_draw(struct tui *t, void *st)
{
	struct vacc_state *vs = st;
	enum vis v = visibility_of(t->s, LEDGER_VACCINE, SENS_HEALTH);
	char c[9][48], line[256], a[24], b[24];
	struct ymd d;
	size_t j;
	int i, y;

	if (vs->gen != t->saved_gen)
		vacc_load(t, vs);
	y = screen_book_draw_person(t, 2, vs->atena, vs->name, vs->birth) + 1;
	if (v == VIS_HIDDEN)
		return;
	attron(A_BOLD);
	for (j = 0; j < sizeof cols / sizeof cols[0]; j++)
		draw_text(y, cols[j].x, _(cols[j].title), cols[j].w);
	attroff(A_BOLD);
	y++;
	if (vs->ds.n == 0)
		draw_text(y++, 2, _("No dose is recorded for this person."), COLS - 4);
	for (i = 0; i < vs->ds.n && y < LINES - 10; i++, y++) {
		const struct db_dose *r = &vs->ds.rows[i];
		snprintf(c[0], sizeof c[0], "%s", r->record_no);
		snprintf(c[1], sizeof c[1], "%d", r->rireki_no);
		snprintf(c[2], sizeof c[2], "%s", r->vaccine_code);
		snprintf(c[3], sizeof c[3], "%d", r->dose_no);
		if (ymd_from_iso(r->date, &d) == 0)
			wareki_format(&d, WAREKI_SHORT, c[4], sizeof c[4]);
		else
			snprintf(c[4], sizeof c[4], "%s", r->date);
		snprintf(c[5], sizeof c[5], "%s", r->lot);
		snprintf(c[6], sizeof c[6], "%s", r->institution);
		snprintf(c[7], sizeof c[7], "%s", screen_book_state_mark(r->state));
		snprintf(c[8], sizeof c[8], "%s", r->voluntary ?
		    /* TRANSLATORS: a dose given outside the routine
		     * window, in a narrow list column; the legal term. */
		    _("任意接種") : "");
		for (j = 0; j < sizeof cols / sizeof cols[0]; j++)
			draw_text(y, cols[j].x, (v == VIS_SHOWN || j == 0 ||
			    j == 1 || j == 7) ? c[j] : visibility_mask(),
			    cols[j].w);
	}
	y++;
	attron(A_BOLD);
	draw_text(y++, 1, _("Due and overdue today (confirmed doses only)"), COLS - 2);
	attroff(A_BOLD);
	if (v != VIS_SHOWN) {
		draw_text(y, 2, visibility_mask(), COLS - 4);
		return;
	}
	if (vs->ndue == 0)
		draw_text(y, 2, _("Nothing due."), COLS - 4);
	for (i = 0; i < vs->ndue && y < LINES - 3; i++, y++) {
		wareki_format(&vs->due[i].from, WAREKI_SHORT, a, sizeof a);
		if (vs->due[i].until.y != 0)
			wareki_format(&vs->due[i].until, WAREKI_SHORT, b, sizeof b);
		else
			snprintf(b, sizeof b, "-");
		snprintf(line, sizeof line, _("%-12s dose %d  from %s until %s  %s"),
		    vs->due[i].type->code, vs->due[i].dose_no, a, b,
		    due_label(vs->due[i].status));
		draw_text(y, 2, line, COLS - 4);
	}
}

const struct screen screen_vacc = {
	"VACC", N_("Vaccination (予防接種)"), vacc_actions, 1,
	vacc_open, vacc_handle, vacc_draw, vacc_close, NULL, NULL, NULL
};

/* ---- [VACCEDIT]: a dose --------------------------------------------------- */

static const struct action vaccedit_actions[] = {
	{ A_SAVE, KEY_F(10), "F10", N_("Save"),
	    N_("Check every field and save the dose as pending (仮登録); press F10 again to confirm a dose outside the routine window.") },
	{ A_NONE, 0, NULL, NULL, NULL }
};

struct vaccedit_state {
	char atena[16];
	char name[97], birth[DATE_MAX];
	struct vaccine_person vp;
	int known;
	struct doses ds;
	struct book_form bf;
	struct vacc_calc calc;
};

static void
recompute(struct vaccedit_state *es)
{
	struct ymd today;

	ymd_today(&today);
	if (es->known)
		screen_vacc_compute(es->bf.fm, &es->vp, es->ds.hist,
		    es->ds.nhist, &today, &es->calc);
}

static void *
vaccedit_open(struct tui *t, const void *arg)
{
	const struct book_arg *ba = arg;
	struct vaccedit_state *es = xcalloc(1, sizeof *es);

	es->ds.rows = xcalloc(LIST_MAX, sizeof *es->ds.rows);
	snprintf(es->atena, sizeof es->atena, "%s", ba->atena_no);
	es->known = person(t, es->atena, es->name, es->birth, &es->vp) == 0;
	load_doses(t, es->atena, &es->ds);
	if (screen_book_form_open(&es->bf, LEDGER_VACCINE, dose_defs, NDEFS,
	    dose_places, dose_codes) == -1)
		fatal("vaccination form");
	screen_book_restore(t, &es->bf, ba);
	recompute(es);
	return es;
}

static char *
vaccedit_draft(struct tui *t, void *st)
{
	struct vaccedit_state *es = st;

	(void)t;
	return screen_book_draft(&es->bf, es->atena, 0, NULL);
}

static void
vaccedit_close(struct tui *t, void *st)
{
	struct vaccedit_state *es = st;

	(void)t;
	screen_book_form_close(&es->bf);
	xwipe(es->ds.rows, LIST_MAX * sizeof *es->ds.rows);
	free(es->ds.rows);
	xwipe(es, sizeof *es);
	free(es);
}

static int
dose_save(struct tui *t, struct vaccedit_state *es)
{
	struct vaccbook_entry v;
	struct form *fm = es->bf.fm;
	char record_no[16] = "";
	struct err e;
	int rireki = 0, rc, f;

	if (screen_book_form_ready(t, &es->bf) == -1)
		return TUI_REDRAW;
	memset(&v, 0, sizeof v);
	v.atena_no = es->atena;
	v.vaccine_code = form_value(fm, "vaccine_code");
	v.dose_no = screen_book_int(fm, "dose_no");
	v.date = form_value(fm, "date");
	v.maker = form_value(fm, "maker");
	v.lot = form_value(fm, "lot");
	v.lot_expiry = form_value(fm, "lot_expiry");
	v.institution = form_value(fm, "institution");
	v.doctor = form_value(fm, "doctor");
	v.site = form_value(fm, "site");
	v.volume = form_value(fm, "volume");
	v.amount = atol(form_value(fm, "amount"));
	v.subsidy_kind = form_value(fm, "subsidy_kind");
	v.subsidy_date = form_value(fm, "subsidy_date");
	v.subsidy_amount = atol(form_value(fm, "subsidy_amount"));
	v.other_municipality = screen_book_flag(fm, "other_municipality");
	v.certificate = screen_book_flag(fm, "certificate");
	v.notes = form_value(fm, "notes");
	v.reason_code = form_value(fm, "reason_code");
	v.ref_no = form_value(fm, "ref_no");
	v.justification = form_value(fm, "justification");
	v.confirm_alerts = es->bf.confirming;
	err_clear(&e);
	rc = vaccbook_record(t->s, &v, record_no, &rireki, &e);
	if (rc == -1) {
		screen_book_form_refused(t, &es->bf, &e, dose_map);
		if (strcmp(e.field, "dose_no") == 0 || (strcmp(e.field, "date") == 0 &&
		    e.code == E_DATE_RANGE)) {
			f = form_find(fm, e.field);
			screen_book_refusal_text(t, _("%s: %s"),
			    _(fm->defs[f].label), dose_message(&e));
		}
		return TUI_REDRAW;
	}
	return screen_book_saved(t, &es->bf, _("Saved as pending (仮登録): dose record %s, version %d. A supervisor confirms it."),
	    record_no, rireki);
}

static int
vaccedit_handle(struct tui *t, void *st, enum action_id a,
    const struct tui_key *k)
{
	struct vaccedit_state *es = st;
	int r;

	if (a == A_SAVE)
		return dose_save(t, es);
	if (k == NULL)
		return TUI_BEEP;
	r = screen_book_form_key(t, &es->bf, k);
	recompute(es);
	return r;
}

static void
vaccedit_draw(struct tui *t, void *st)
{
	struct vaccedit_state *es = st;
	const struct vacc_calc *c = &es->calc;
	enum vis v = visibility_of(t->s, LEDGER_VACCINE, SENS_HEALTH);
	char line[256], a[48], b[48];
	int y = 17, f;

	screen_book_draw_person(t, 1, es->atena, es->name, es->birth);
	if (es->known && v == VIS_SHOWN) {
		if (c->window_ok) {
			wareki_format(&c->from, WAREKI_SHORT, a, sizeof a);
			if (c->until.y != 0)
				wareki_format(&c->until, WAREKI_SHORT, b, sizeof b);
			else
				snprintf(b, sizeof b, "-");
			snprintf(line, sizeof line, _("Routine window (定期接種) %s – %s"), a, b);
			draw_text(y++, 2, line, COLS - 4);
		}
		if (c->due_found) {
			wareki_format(&c->due.from, WAREKI_SHORT, a, sizeof a);
			snprintf(line, sizeof line, _("Next dose %d: %s from %s"),
			    c->due.dose_no, due_label(c->due.status), a);
			draw_text(y++, 2, line, COLS - 4);
		} else if (c->window_ok) {
			draw_text(y++, 2, _("No dose of this vaccine is due or overdue today."),
			    COLS - 4);
		}
		attron(A_BOLD);
		if (!c->checked) {
			draw_text(y, 2, _("Dose check: fill in the vaccine, the dose and the date."),
			    COLS - 4);
		} else if (c->rc == 0) {
			draw_text(y, 2, _("Dose check: OK (定期接種)"), COLS - 4);
		} else if (c->rc == 1) {
			draw_text(y, 2, _("Dose check: outside the routine window; F10 twice records it as 任意接種"),
			    COLS - 4);
		} else {
			f = form_find(es->bf.fm, strcmp(c->e.field, "lot_no") == 0 ?
			    "lot" : c->e.field);
			snprintf(line, sizeof line, _("Dose check: refused — %s: %s"),
			    f >= 0 ? _(es->bf.fm->defs[f].label) : c->e.field,
			    dose_message(&c->e));
			draw_text(y, 2, line, COLS - 4);
		}
		attroff(A_BOLD);
	}
	screen_book_form_draw(t, &es->bf);
}

static const char *
vaccedit_state_label(struct tui *t, void *st)
{
	(void)t;
	(void)st;
	return _("New dose record (接種記録)");
}

const struct screen screen_vaccedit = {
	"VACCEDIT", N_("Vaccination record"), vaccedit_actions, 1,
	vaccedit_open, vaccedit_handle, vaccedit_draw, vaccedit_close,
	vaccedit_state_label, vaccedit_draft, NULL
};
