/*
 * Child allowance (児童手当) screens.  [CHILD] lists the claims of the
 * person as claimant (pending versions marked 未確認); F4 opens [CHILDEDIT],
 * the 認定請求書 keyed in the order of the paper form: dates, claimant,
 * spouse, up to CHILD_SLOTS children by 宛名番号 with the My Numbers on the
 * form and how each was verified, how the claim came in and
 * the R-34 reason and reference.  While the clerk types, the start month
 * (15-day rule), each child's rank and monthly amount and the household
 * total are shown for the start month and the current month, computed by
 * screen_child_compute; F10 saves the claim pending (childbook_intake).
 * F5 on a claim opens [CHILDDEC], a decision on it (認定, 却下, 消滅,
 * 差止め or its 解除) with what it will store shown as it is keyed; F10
 * saves it pending (childbook_decide).  額改定 is not keyed here.
 */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "childbook.h"
#include "i18n.h"
#include "resident.h"
#include "screen.h"
#include "screen_book.h"
#include "visibility.h"
#include "xmalloc.h"

#define LIST_MAX 50

static const struct field_choice claimant_types[] = {
	{ "1", N_("general (一般)") },
	{ "2", N_("public servant (公務員)") },
	{ "3", N_("institution (施設等受給者)") },
	{ NULL, NULL }
};

#define F_DATE(n, l, req, h) { n, l, FT_DATE, 16, 0, NULL, req, \
	FSENS_ORDINARY, h, NULL, NULL, 0 }
#define F_CHOICE(n, l, w, req, c, h) { n, l, FT_CHOICE, w, 0, NULL, req, \
	FSENS_ORDINARY, h, c, NULL, 0 }
#define F_ATENA(n, l, req, h) { n, l, FT_DIGITS, 11, 10, NULL, req, \
	FSENS_ORDINARY, h, NULL, NULL, 0 }
#define F_MN(n, l, h) { n, l, FT_MYNUMBER, 14, 0, NULL, 0, FSENS_MYNUMBER, \
	h, NULL, tui_mynumber_check, 0 }
/* The label is passed in whole so that xgettext sees each one. */
#define CHILD_ROW(i, label) \
	F_ATENA("child" #i "_atena", label, 0, \
	    N_("The child's atena number (宛名番号); leave empty when there is no more child.")), \
	F_MN("child" #i "_my_number", N_("Child's My Number"), \
	    N_("The child's My Number as written on the form (optional); 12 digits.")), \
	F_CHOICE("child" #i "_mn_method", N_("Checked with"), 2, 0, \
	    screen_book_mn_methods, N_("How the child's My Number was verified: 1 card, 2 notification card + ID, 3 register.")), \
	F_CHOICE("child" #i "_supported", N_("Supported past 18"), 2, 0, \
	    screen_book_yesno, N_("1 when the claimant bears the living costs of a child past the 18 limit (counts for rank to 22)."))

/* The 認定請求書 in the order of the paper form. */
static const struct field_def claim_defs[] = {
	F_DATE("claim_date", N_("Claim date (認定請求日)"), 1,
	    N_("The date the claim was received: R8.11.20, 令和8年11月20日, 20261120.")),
	F_DATE("event_date", N_("Event date (事由発生日)"), 0,
	    N_("Birth or moving-in date; a claim within 15 days of it is paid from the next month.")),
	F_CHOICE("claimant_type", N_("Claimant (受給者区分)"), 2, 1,
	    claimant_types, N_("1 general, 2 public servant (paid by the employer), 3 institution.")),
	F_CHOICE("genkyo_address_differs", N_("Lives apart (別居監護)"), 2, 0,
	    screen_book_yesno, N_("1 when the claimant and a child live at different addresses (the 現況届 is still needed).")),
	F_MN("claimant_my_number", N_("Claimant's My Number"),
	    N_("The claimant's My Number from the form; 12 digits, checked when the cursor leaves.")),
	F_CHOICE("claimant_mn_method", N_("Checked with"), 2, 1,
	    screen_book_mn_methods, N_("How the My Number was verified: 1 card, 2 notification card + photo ID, 3 register lookup.")),
	F_ATENA("spouse_atena", N_("Spouse (配偶者)"), 0,
	    N_("The spouse's atena number, if any.")),
	CHILD_ROW(1, N_("Child 1")), CHILD_ROW(2, N_("Child 2")),
	CHILD_ROW(3, N_("Child 3")), CHILD_ROW(4, N_("Child 4")),
	F_CHOICE("channel", N_("Received by (受付方法)"), 2, 1, screen_book_channels,
	    N_("1 counter, 2 mail (ID copy required), 3 electronic (signature required).")),
	F_CHOICE("applicant_type", N_("Applicant (申請者)"), 2, 1,
	    screen_book_applicants, N_("1 the claimant, 2 an agent (委任状 required).")),
	F_CHOICE("id_document", N_("ID checked (本人確認)"), 2, 1, screen_book_id_docs,
	    N_("1 My Number card, 2 licence, 3 passport, 4 residence card, 5 two documents, 6 other photo ID.")),
	F_CHOICE("poa_seen", N_("委任状 seen"), 2, 0, screen_book_yesno,
	    N_("1 when an agent showed the power of attorney (委任状).")),
	F_CHOICE("id_copy_attached", N_("ID copy attached"), 2, 0, screen_book_yesno,
	    N_("1 when a mailed claim has a copy of the ID document attached.")),
	F_CHOICE("signature_verified", N_("Signature verified"), 2, 0,
	    screen_book_yesno, N_("1 when an electronic claim's signature was verified.")),
	{ "reason_code", N_("Reason code (処理事由)"), FT_DIGITS, 3, 2, NULL, 1,
	    FSENS_ORDINARY, N_("01 new application; checked against the reason table."),
	    NULL, NULL, 0 },
	{ "ref_no", N_("Reference (受付番号)"), FT_TEXT, 16, 32, NULL, 1,
	    FSENS_ORDINARY, N_("The reception number written on the claim form."),
	    NULL, NULL, 0 },
	{ "justification", N_("Justification"), FT_TEXT, 60, 120, NULL, 0,
	    FSENS_ORDINARY, N_("Why, for a correction on the office's authority (reason 03)."),
	    NULL, NULL, 0 },
};

#define NDEFS (sizeof claim_defs / sizeof claim_defs[0])
#define CHILD_FIRST 7		/* index of child1_atena */
#define CHILD_ROW_Y 9		/* screen row of child 1 */

#define L(y) { y, 1, 24 }
#define R(y) { y, 50, 24 }
#define CHILD_PLACES(i) { CHILD_ROW_Y + (i), 1, 8 }, \
	{ CHILD_ROW_Y + (i), 21, 0 }, { CHILD_ROW_Y + (i), 36, 0 }, \
	{ CHILD_ROW_Y + (i), 62, 0 }

static const struct book_place claim_places[NDEFS] = {
	L(2), R(2), L(3), R(3), L(4), R(4), L(5),
	CHILD_PLACES(0), CHILD_PLACES(1), CHILD_PLACES(2), CHILD_PLACES(3),
	L(14), R(14), L(15), R(15), L(16), R(16), L(17), R(17), L(18),
};

static const struct book_code claim_codes[] = {
	{ "reason_code", BOOK_REASON },
	{ NULL, 0 }
};

/* Ledger field names → form field names. */
static const char *const field_map[] = {
	"children[0].atena_no", "child1_atena",
	"children[1].atena_no", "child2_atena",
	"children[2].atena_no", "child3_atena",
	"children[3].atena_no", "child4_atena",
	"children[0].my_number", "child1_my_number",
	"children[1].my_number", "child2_my_number",
	"children[2].my_number", "child3_my_number",
	"children[3].my_number", "child4_my_number",
	"children[0].mn_method", "child1_mn_method",
	"children[1].mn_method", "child2_mn_method",
	"children[2].mn_method", "child3_mn_method",
	"children[3].mn_method", "child4_mn_method",
	"children", "child1_atena",
	"claimant_atena", "claim_date",
	NULL
};

_Static_assert(NDEFS <= BOOK_FIELDS_MAX, "fields");

const struct field_def *
screen_child_fields(size_t *n)
{
	*n = NDEFS;
	return claim_defs;
}

static const char *
slot_field(char *buf, size_t size, int i, const char *what)
{
	snprintf(buf, size, "child%d_%s", i + 1, what);
	return buf;
}

int
screen_child_compute(const struct form *fm,
    const struct ymd births[CHILD_SLOTS], const struct ymd *today,
    struct child_calc *out)
{
	struct child_household h;
	struct ymd claim, event;
	char f[32];
	int i;

	memset(out, 0, sizeof *out);
	memset(&h, 0, sizeof h);
	err_clear(&out->e);
	out->now.y = today->y;
	out->now.m = today->m;
	out->now.d = 1;
	h.claimant = (enum child_claimant)screen_book_int(fm, "claimant_type");
	h.genkyo.address_differs = screen_book_flag(fm, "genkyo_address_differs");
	for (i = 0; i < CHILD_SLOTS; i++) {
		out->slot[i] = -1;
		if (births[i].y == 0)
			continue;
		out->slot[i] = h.n;
		h.child[h.n].birth = births[i];
		h.child[h.n].supported = screen_book_flag(fm,
		    slot_field(f, sizeof f, i, "supported"));
		h.n++;
	}
	if (screen_book_date(fm, "claim_date", &claim) == -1)
		return err_set(&out->e, E_REQUIRED, "claim_date", NULL);
	screen_book_date(fm, "event_date", &event);
	if (child_start_month(event.y != 0 ? &event : NULL, &claim, &out->start,
	    &out->e) == -1)
		return -1;
	if (h.n == 0)
		return err_set(&out->e, E_REQUIRED, "child1_atena", NULL);
	/* As the intake stores it: every child paid from the start month. */
	for (i = 0; i < h.n; i++)
		h.child[i].paid_from = out->start;
	if (child_monthly_amounts(&h, &out->start, &out->at_start, &out->e) == -1 ||
	    child_monthly_amounts(&h, &out->now, &out->at_now, &out->e) == -1)
		return -1;
	child_payment_month(&out->start, &out->pay);
	out->ok = 1;
	return 0;
}

/* ---- [CHILD]: the claims of the person ------------------------------- */

static const struct action child_actions[] = {
	{ A_NEW, KEY_F(4), "F4", N_("New claim"),
	    N_("Key a new claim (認定請求) from the paper form; it is saved pending.") },
	{ A_DECIDE, KEY_F(5), "F5", N_("Decide"),
	    N_("Decide the selected claim (認定, 却下, 消滅, 差止め or its 解除); it is saved pending.") },
	{ A_NONE, 0, NULL, NULL, NULL }
};

struct child_state {
	char atena[16];
	char name[97], birth[DATE_MAX];
	int known;
	struct db_child_claim *rows;
	int n, cur;
	unsigned gen;
};

static int
collect(void *ctx, const struct db_child_claim *c)
{
	struct child_state *cs = ctx;

	if (cs->n >= LIST_MAX)
		return 1;
	cs->rows[cs->n++] = *c;
	return 0;
}

static void
child_load(struct tui *t, struct child_state *cs)
{
	struct err e;

	cs->gen = t->saved_gen;
	cs->n = 0;
	if (childbook_list(t->s, cs->atena, collect, cs, &e) == -1)
		tui_error(t, &e, NULL);
	if (cs->cur >= cs->n)
		cs->cur = cs->n > 0 ? cs->n - 1 : 0;
}

static void *
child_open(struct tui *t, const void *arg)
{
	const struct book_arg *ba = arg;
	struct child_state *cs = xcalloc(1, sizeof *cs);

	cs->rows = xcalloc(LIST_MAX, sizeof *cs->rows);
	snprintf(cs->atena, sizeof cs->atena, "%s", ba->atena_no);
	cs->known = screen_book_person(t, cs->atena, cs->name, cs->birth,
	    NULL, NULL, 0) == 0;
	child_load(t, cs);
	return cs;
}

static void
child_close(struct tui *t, void *st)
{
	struct child_state *cs = st;

	(void)t;
	xwipe(cs->rows, LIST_MAX * sizeof *cs->rows);
	free(cs->rows);
	xwipe(cs, sizeof *cs);
	free(cs);
}

static int
child_handle(struct tui *t, void *st, enum action_id a, const struct tui_key *k)
{
	struct child_state *cs = st;
	struct book_arg ba = { cs->atena, 0, NULL, NULL };
	const struct db_child_claim *c;

	if (a == A_NEW) {
		tui_push(t, &screen_childedit, &ba);
		return TUI_REDRAW;
	}
	if (a == A_DECIDE) {
		if (cs->n == 0)
			return TUI_BEEP;
		c = &cs->rows[cs->cur];
		/* Said before the clerk keys anything; the ledger checks
		 * again on F10 (another counter may have saved since). */
		if (strcmp(c->state, "pending") == 0) {
			tui_message(t, "%s", _(err_message(E_PENDING_EXISTS)));
			t->msg_error = 1;
			return TUI_REDRAW;
		}
		ba.key = c->claim_no;
		tui_push(t, &screen_childdec, &ba);
		return TUI_REDRAW;
	}
	if (k != NULL && k->fkey == KEY_UP && cs->cur > 0) {
		cs->cur--;
		return TUI_REDRAW;
	}
	if (k != NULL && k->fkey == KEY_DOWN && cs->cur + 1 < cs->n) {
		cs->cur++;
		return TUI_REDRAW;
	}
	return TUI_BEEP;
}

/* A stored decision as the counter says it (認定, 却下, ...); "-" none. */
static const char *
decision_text(const char *name)
{
	enum child_decision d;

	if (*name == '\0')
		return "-";
	if (child_decision_from_name(name, &d) == 0)
		return child_decision_label(d);
	return name;
}

/* The list's columns: x and cells. */
static const struct {
	int x, w;
	const char *title;
} cols[] = {
	{ 1, 11, N_("Claim no.") }, { 13, 4, N_("Ver.") },
	{ 18, 10, N_("Change") }, { 29, 9, N_("Decision") },
	{ 39, 9, N_("State") }, { 49, 16, N_("Claimed on") },
	{ 66, 8, N_("Start") }, { 75, 10, N_("Monthly") },
	{ 86, 8, N_("Children") },
};

static void
child_draw(struct tui *t, void *st)
{
	struct child_state *cs = st;
	char v[9][48];
	struct ymd d;
	size_t j;
	int i, y;

	if (cs->gen != t->saved_gen)
		child_load(t, cs);
	y = screen_book_draw_person(t, 2, cs->atena, cs->name, cs->birth);
	y++;
	attron(A_BOLD);
	for (j = 0; j < sizeof cols / sizeof cols[0]; j++)
		draw_text(y, cols[j].x, _(cols[j].title), cols[j].w);
	attroff(A_BOLD);
	y++;
	if (cs->n == 0)
		draw_text(y, 2, _("No claim is recorded for this person as claimant."),
		    COLS - 4);
	for (i = 0; i < cs->n && y < LINES - 3; i++, y++) {
		const struct db_child_claim *c = &cs->rows[i];
		snprintf(v[0], sizeof v[0], "%s", c->claim_no);
		snprintf(v[1], sizeof v[1], "%d", c->rireki_no);
		snprintf(v[2], sizeof v[2], "%s", c->op);
		snprintf(v[3], sizeof v[3], "%s", decision_text(c->decision));
		snprintf(v[4], sizeof v[4], "%s", screen_book_state_mark(c->state));
		if (ymd_from_iso(c->claim_date, &d) == 0)
			wareki_format(&d, WAREKI_SHORT, v[5], sizeof v[5]);
		else
			snprintf(v[5], sizeof v[5], "%s", c->claim_date);
		snprintf(v[6], sizeof v[6], "%s", c->start_month);
		screen_book_yen((long)c->monthly_total, v[7], sizeof v[7]);
		snprintf(v[8], sizeof v[8], "%d", c->nchildren);
		if (i == cs->cur)
			attron(A_REVERSE);
		for (j = 0; j < sizeof cols / sizeof cols[0]; j++)
			draw_text(y, cols[j].x, v[j], cols[j].w);
		attroff(A_REVERSE);
	}
}

const struct screen screen_child = {
	"CHILD", N_("Child allowance (児童手当)"), child_actions, 1,
	child_open, child_handle, child_draw, child_close, NULL, NULL, NULL
};

/* ---- [CHILDEDIT]: a 認定請求 -------------------------------------------- */

static const struct action childedit_actions[] = {
	{ A_SAVE, KEY_F(10), "F10", N_("Save"),
	    N_("Check every field and save the claim as pending (仮登録); press F10 again to confirm an alert.") },
	{ A_NONE, 0, NULL, NULL, NULL }
};

struct childedit_state {
	char atena[16];
	char name[97], birth[DATE_MAX];
	struct book_form bf;
	struct {
		char atena[16];		/* looked up */
		char name[97];
		struct ymd birth;
	} kid[CHILD_SLOTS];
	struct child_calc calc;
};

static void
recompute(struct childedit_state *es)
{
	struct ymd births[CHILD_SLOTS], today;
	int i;

	for (i = 0; i < CHILD_SLOTS; i++)
		births[i] = es->kid[i].birth;
	ymd_today(&today);
	screen_child_compute(es->bf.fm, births, &today, &es->calc);
}

/* A child's atena number was left: look the child up in the master. */
static void
lookup_child(struct tui *t, struct childedit_state *es, int i)
{
	char f[32], birth[DATE_MAX];
	const char *v = form_value(es->bf.fm, slot_field(f, sizeof f, i, "atena"));
	struct err e;

	if (strcmp(v, es->kid[i].atena) == 0)
		return;
	memset(&es->kid[i], 0, sizeof es->kid[i]);
	if (*v == '\0')
		return;
	if (strcmp(v, es->atena) == 0) {
		err_set(&e, E_CHOICE, f, NULL);
	} else if (screen_book_person(t, v, es->kid[i].name, birth,
	    &es->kid[i].birth, NULL, 0) == 0) {
		snprintf(es->kid[i].atena, sizeof es->kid[i].atena, "%s", v);
		return;
	} else {
		err_set(&e, E_NOT_FOUND, f, NULL);
	}
	memset(&es->kid[i], 0, sizeof es->kid[i]);
	form_goto(es->bf.fm, (size_t)form_find(es->bf.fm, f));
	tui_error(t, &e, es->bf.fm);
}

static void *
childedit_open(struct tui *t, const void *arg)
{
	const struct book_arg *ba = arg;
	struct childedit_state *es = xcalloc(1, sizeof *es);

	snprintf(es->atena, sizeof es->atena, "%s", ba->atena_no);
	screen_book_person(t, es->atena, es->name, es->birth, NULL, NULL, 0);
	if (screen_book_form_open(&es->bf, LEDGER_CHILD, claim_defs, NDEFS,
	    claim_places, claim_codes) == -1)
		fatal("child allowance form");
	if (screen_book_restore(t, &es->bf, ba))
		for (int i = 0; i < CHILD_SLOTS; i++)
			lookup_child(t, es, i);
	recompute(es);
	return es;
}

static char *
childedit_draft(struct tui *t, void *st)
{
	struct childedit_state *es = st;

	(void)t;
	return screen_book_draft(&es->bf, es->atena, 0, NULL);
}

static void
childedit_close(struct tui *t, void *st)
{
	struct childedit_state *es = st;

	(void)t;
	screen_book_form_close(&es->bf);
	xwipe(es, sizeof *es);
	free(es);
}

static int
save(struct tui *t, struct childedit_state *es)
{
	struct childbook_intake in;
	struct form *fm = es->bf.fm;
	char claim_no[16] = "", f[32];
	struct err e;
	int i, rireki = 0, rc;

	if (screen_book_form_ready(t, &es->bf) == -1)
		return TUI_REDRAW;
	memset(&in, 0, sizeof in);
	in.claimant_atena = es->atena;
	in.spouse_atena = form_value(fm, "spouse_atena");
	in.claimant = (enum child_claimant)screen_book_int(fm, "claimant_type");
	in.channel = (enum child_channel)screen_book_int(fm, "channel");
	in.applicant = (enum child_applicant)screen_book_int(fm, "applicant_type");
	in.id_doc = (enum child_id_doc)screen_book_int(fm, "id_document");
	in.poa_seen = screen_book_flag(fm, "poa_seen");
	in.id_copy_attached = screen_book_flag(fm, "id_copy_attached");
	in.signature_verified = screen_book_flag(fm, "signature_verified");
	in.claimant_mynumber = form_value(fm, "claimant_my_number");
	in.claimant_mn_method = (enum child_mn_method)screen_book_int(fm,
	    "claimant_mn_method");
	in.claim_date = form_value(fm, "claim_date");
	in.event_date = form_value(fm, "event_date");
	for (i = 0; i < CHILD_SLOTS; i++) {
		const char *a = form_value(fm, slot_field(f, sizeof f, i, "atena"));
		if (*a == '\0')
			continue;
		in.child[in.n].atena_no = a;
		in.child[in.n].my_number = form_value(fm,
		    slot_field(f, sizeof f, i, "my_number"));
		in.child[in.n].mn_method = (enum child_mn_method)screen_book_int(fm,
		    slot_field(f, sizeof f, i, "mn_method"));
		in.child[in.n].supported = screen_book_flag(fm,
		    slot_field(f, sizeof f, i, "supported"));
		in.n++;
	}
	in.genkyo.address_differs = screen_book_flag(fm, "genkyo_address_differs");
	in.reason_code = form_value(fm, "reason_code");
	in.ref_no = form_value(fm, "ref_no");
	in.justification = form_value(fm, "justification");
	in.confirm_alerts = es->bf.confirming;
	err_clear(&e);
	rc = childbook_intake(t->s, &in, claim_no, &rireki, &e);
	xwipe(&in, sizeof in);
	if (rc == -1) {
		/* The ledger numbers the filled children; the form has slots. */
		int k = -1, n = -1;
		if (sscanf(e.field, "children[%d]", &k) == 1)
			for (i = 0; i < CHILD_SLOTS; i++)
				if (*form_value(fm, slot_field(f, sizeof f, i,
				    "atena")) != '\0' && ++n == k) {
					const char *dot = strchr(e.field, '.');
					char fld[48];
					snprintf(fld, sizeof fld, "children[%d]%s", i,
					    dot != NULL ? dot : "");
					snprintf(e.field, sizeof e.field, "%s", fld);
					break;
				}
		screen_book_form_refused(t, &es->bf, &e, field_map);
		return TUI_REDRAW;
	}
	return screen_book_saved(t, &es->bf, _("Saved as pending (仮登録): claim %s, version %d. A supervisor confirms it."),
	    claim_no, rireki);
}

static int
childedit_handle(struct tui *t, void *st, enum action_id a,
    const struct tui_key *k)
{
	struct childedit_state *es = st;
	int r, i;
	char f[32];

	if (a == A_SAVE)
		return save(t, es);
	if (k == NULL)
		return TUI_BEEP;
	r = screen_book_form_key(t, &es->bf, k);
	if (es->bf.left >= 0)
		for (i = 0; i < CHILD_SLOTS; i++) {
			if (strcmp(es->bf.fm->defs[es->bf.left].name,
			    slot_field(f, sizeof f, i, "atena")) != 0)
				continue;
			lookup_child(t, es, i);
			/* An empty slot ends the children: on to 受付方法. */
			if (*form_value(es->bf.fm, f) == '\0' &&
			    es->bf.fm->cur == (size_t)es->bf.left + 1)
				form_goto(es->bf.fm,
				    (size_t)form_find(es->bf.fm, "channel"));
		}
	recompute(es);
	return r;
}

static const char *
status_text(enum child_status s)
{
	switch (s) {
	case CHILD_ST_UNBORN: return _("not born");
	case CHILD_ST_NOT_STARTED: return _("not started");
	case CHILD_ST_ENDED: return _("ended");
	case CHILD_ST_OVER18: return _("past 18");
	case CHILD_ST_OVER22: return _("past 22");
	default: return "";
	}
}

static void
amount_cell(const struct child_amounts *a, int k, char *out, size_t size)
{
	char yen[32];

	if (a->amount[k] > 0)
		snprintf(out, size, "%d  %9s", a->rank[k],
		    screen_book_yen(a->amount[k], yen, sizeof yen));
	else
		snprintf(out, size, "%d  %9s", a->rank[k], status_text(a->status[k]));
}

/* The computed amounts under the form, in columns. */
static void
draw_calc(struct tui *t, struct childedit_state *es, int y)
{
	const struct child_calc *c = &es->calc;
	enum vis v = visibility_of(t->s, LEDGER_RESIDENT, SENS_ORDINARY);
	char line[256], cell[48], yen[32], m1[16], m2[16], pay[16];
	int i, k;

	if (!c->ok) {
		draw_text(y, 2, _("Amounts: fill in the claim date and at least one child."),
		    COLS - 4);
		return;
	}
	snprintf(m1, sizeof m1, "%04d-%02d", c->start.y, c->start.m);
	snprintf(m2, sizeof m2, "%04d-%02d", c->now.y, c->now.m);
	snprintf(pay, sizeof pay, "%04d-%02d", c->pay.y, c->pay.m);
	attron(A_BOLD);
	snprintf(line, sizeof line, _("Start month (支給開始月) %s, first paid in %s"),
	    m1, pay);
	draw_text(y++, 2, line, COLS - 4);
	attroff(A_BOLD);
	draw_text(y, 4, _("Child"), 26);
	draw_text(y, 31, _("Born"), 16);
	snprintf(line, sizeof line, _("%s: rank, monthly"), m1);
	draw_text(y, 49, line, 24);
	snprintf(line, sizeof line, _("%s: rank, monthly"), m2);
	draw_text(y++, 74, line, COLS - 75);
	for (i = 0; i < CHILD_SLOTS && y < LINES - 4; i++) {
		if ((k = c->slot[i]) < 0)
			continue;
		snprintf(line, sizeof line, "%d", i + 1);
		draw_text(y, 2, line, 2);
		draw_text(y, 4, v == VIS_SHOWN ? es->kid[i].name : visibility_mask(), 26);
		if (v == VIS_SHOWN)
			draw_text(y, 31, wareki_format(&es->kid[i].birth,
			    WAREKI_SHORT, cell, sizeof cell), 16);
		amount_cell(&c->at_start, k, cell, sizeof cell);
		draw_text(y, 49, cell, 24);
		amount_cell(&c->at_now, k, cell, sizeof cell);
		draw_text(y++, 74, cell, COLS - 75);
	}
	attron(A_BOLD);
	draw_text(y, 4, _("Household total (月額)"), 44);
	snprintf(cell, sizeof cell, "   %9s", screen_book_yen(c->at_start.total,
	    yen, sizeof yen));
	draw_text(y, 49, cell, 24);
	snprintf(cell, sizeof cell, "   %9s", screen_book_yen(c->at_now.total,
	    yen, sizeof yen));
	draw_text(y, 74, cell, COLS - 75);
	attroff(A_BOLD);
}

static void
childedit_draw(struct tui *t, void *st)
{
	struct childedit_state *es = st;
	enum vis v = visibility_of(t->s, LEDGER_RESIDENT, SENS_ORDINARY);
	int i;

	screen_book_draw_person(t, 1, es->atena, es->name, es->birth);
	attron(A_BOLD);
	draw_text(CHILD_ROW_Y - 1, 10, _("Atena no."), 11);
	draw_text(CHILD_ROW_Y - 1, 22, _("My Number"), 14);
	draw_text(CHILD_ROW_Y - 1, 37, _("Checked with"), 24);
	draw_text(CHILD_ROW_Y - 1, 63, _("Supported past 18"), 20);
	attroff(A_BOLD);
	for (i = 0; i < CHILD_SLOTS && v == VIS_SHOWN; i++)
		if (es->kid[i].atena[0] != '\0')
			draw_text(CHILD_ROW_Y + i, 70, es->kid[i].name, COLS - 71);
	draw_calc(t, es, 19);
	screen_book_form_draw(t, &es->bf);
}

static const char *
childedit_state_label(struct tui *t, void *st)
{
	(void)t;
	(void)st;
	return _("New claim (認定請求)");
}

const struct screen screen_childedit = {
	"CHILDEDIT", N_("Child allowance claim"), childedit_actions, 1,
	childedit_open, childedit_handle, childedit_draw, childedit_close,
	childedit_state_label, childedit_draft, NULL
};

/* ---- [CHILDDEC]: a decision on a claim ---------------------------------- */

/*
 * The decisions the counter keys, in the order a claim meets them; 差止め
 * and its 解除 are one ledger kind told apart by suspend.  額改定 (the
 * children from now on) is not keyed here yet.
 */
static const struct {
	enum child_decision kind;
	int suspend;
} dec_kinds[] = {
	{ CHILD_DEC_CERTIFY, 0 }, { CHILD_DEC_REFUSE, 0 },
	{ CHILD_DEC_TERMINATE, 0 }, { CHILD_DEC_SUSPEND, 1 },
	{ CHILD_DEC_SUSPEND, 0 },
};

#define NKINDS (int)(sizeof dec_kinds / sizeof dec_kinds[0])

static const struct field_choice dec_choices[] = {
	{ "1", N_("certify (認定)") },
	{ "2", N_("refuse (却下)") },
	{ "3", N_("terminate (消滅)") },
	{ "4", N_("suspend payment (差止め)") },
	{ "5", N_("lift the suspension (差止め解除)") },
	{ NULL, NULL }
};

static const struct field_def dec_defs[] = {
	F_CHOICE("kind", N_("Decision (決定区分)"), 2, 1, dec_choices,
	    N_("1 認定, 2 却下 (an undecided claim); 3 消滅, 4 差止め, 5 差止め解除 (a claim in force).")),
	F_DATE("decision_date", N_("Decided on (決定日)"), 1,
	    N_("The date of the decision; not before the claim date.")),
	F_DATE("event_date", N_("Event date (事由発生日)"), 0,
	    N_("For 消滅: the date of the event (moving out, the child leaving); the last month paid is its month.")),
	{ "reason_code", N_("Reason code (処理事由)"), FT_DIGITS, 3, 2, NULL, 1,
	    FSENS_ORDINARY, N_("11 認定, 08 却下, 04 消滅, 13 差止め・解除; checked against the reason table."),
	    NULL, NULL, 0 },
	{ "ref_no", N_("Reference (受付番号)"), FT_TEXT, 16, 32, NULL, 1,
	    FSENS_ORDINARY, N_("The number of the decision document (決裁番号)."),
	    NULL, NULL, 0 },
	{ "justification", N_("Justification"), FT_TEXT, 60, 120, NULL, 0,
	    FSENS_ORDINARY, N_("Why, for a correction on the office's authority (reason 03)."),
	    NULL, NULL, 0 },
};

#define NDEC (sizeof dec_defs / sizeof dec_defs[0])

static const struct book_place dec_places[NDEC] = {
	L(4), L(5), R(5), L(7), R(7), L(8),
};

/* Ledger field names → form field names: a refusal of the claim's state
 * or of a pending version is the decision's. */
static const char *const dec_map[] = {
	"claim_no", "kind",
	"start_month", "kind",
	"suspend", "kind",
	"children", "kind",
	NULL
};

struct childdec_state {
	char atena[16];
	char name[97], birth[DATE_MAX];
	char claim_no[16];
	struct db_child_claim c;	/* the claim's newest version */
	int have;			/* c was read */
	struct child_amounts amt;	/* of c's start month (認定) */
	int amt_ok;
	struct book_form bf;
};

static void *
childdec_open(struct tui *t, const void *arg)
{
	const struct book_arg *ba = arg;
	struct childdec_state *ds = xcalloc(1, sizeof *ds);
	struct ymd month;
	struct err e;

	snprintf(ds->atena, sizeof ds->atena, "%s", ba->atena_no);
	snprintf(ds->claim_no, sizeof ds->claim_no, "%s",
	    ba->key != NULL ? ba->key : "");
	screen_book_person(t, ds->atena, ds->name, ds->birth, NULL, NULL, 0);
	if (screen_book_form_open(&ds->bf, LEDGER_CHILD, dec_defs, NDEC,
	    dec_places, claim_codes) == -1)
		fatal("child allowance decision form");
	screen_book_restore(t, &ds->bf, ba);
	/* Read once: what 認定 would store is the start month's amounts. */
	err_clear(&e);
	if (childbook_get(t->s, ds->claim_no, 0, &ds->c, &e) == -1) {
		tui_error(t, &e, NULL);
		return ds;
	}
	ds->have = 1;
	memset(&month, 0, sizeof month);
	if (sscanf(ds->c.start_month, "%d-%d", &month.y, &month.m) == 2) {
		month.d = 1;
		ds->amt_ok = childbook_amounts(t->s, &ds->c, &month, &ds->amt,
		    &e) == 0;
	}
	return ds;
}

static void
childdec_close(struct tui *t, void *st)
{
	struct childdec_state *ds = st;

	(void)t;
	screen_book_form_close(&ds->bf);
	xwipe(ds, sizeof *ds);
	free(ds);
}

static char *
childdec_draft(struct tui *t, void *st)
{
	struct childdec_state *ds = st;

	(void)t;
	return screen_book_draft(&ds->bf, ds->atena, 0, ds->claim_no);
}

/* The kind chosen on the form (index into dec_kinds), or -1. */
static int
dec_kind(const struct form *fm)
{
	int k = screen_book_int(fm, "kind");

	return k >= 1 && k <= NKINDS ? k - 1 : -1;
}

static int
dec_save(struct tui *t, struct childdec_state *ds)
{
	struct childbook_decision d;
	struct form *fm = ds->bf.fm;
	struct err e;
	int k, rireki = 0;

	if (screen_book_form_ready(t, &ds->bf) == -1)
		return TUI_REDRAW;
	if ((k = dec_kind(fm)) < 0) {
		err_set(&e, E_CHOICE, "kind", NULL);
		screen_book_form_refused(t, &ds->bf, &e, NULL);
		return TUI_REDRAW;
	}
	memset(&d, 0, sizeof d);
	d.claim_no = ds->claim_no;
	d.kind = dec_kinds[k].kind;
	d.suspend = dec_kinds[k].suspend;
	d.decision_date = form_value(fm, "decision_date");
	d.event_date = form_value(fm, "event_date");
	d.reason_code = form_value(fm, "reason_code");
	d.ref_no = form_value(fm, "ref_no");
	d.justification = form_value(fm, "justification");
	d.confirm_alerts = ds->bf.confirming;
	err_clear(&e);
	if (childbook_decide(t->s, &d, &rireki, &e) == -1) {
		screen_book_form_refused(t, &ds->bf, &e, dec_map);
		if (e.code == E_DENIED && strcmp(e.field, "kind") == 0)
			screen_book_refusal_text(t, "%s", _("Not for this claim's state: 認定 and 却下 need an undecided claim, 消滅 and 差止め one in force."));
		return TUI_REDRAW;
	}
	return screen_book_saved(t, &ds->bf, _("Saved as pending (仮登録): %s on claim %s, version %d. A supervisor confirms it."),
	    child_decision_label(d.kind), ds->claim_no, rireki);
}

static int
childdec_handle(struct tui *t, void *st, enum action_id a,
    const struct tui_key *k)
{
	struct childdec_state *ds = st;

	if (a == A_SAVE)
		return dec_save(t, ds);
	if (k == NULL)
		return TUI_BEEP;
	return screen_book_form_key(t, &ds->bf, k);
}

/* What the chosen decision will store, under the form. */
static void
dec_preview(struct childdec_state *ds, int y)
{
	const struct db_child_claim *c = &ds->c;
	char line[256], yen[32], m[16];
	struct ymd ev, end;
	int k = dec_kind(ds->bf.fm);

	snprintf(line, sizeof line, _("Claim %s, version %d: decision %s, start month %s, monthly %s"),
	    c->claim_no, c->rireki_no, decision_text(c->decision),
	    c->start_month[0] ? c->start_month : "-",
	    screen_book_yen((long)c->monthly_total, yen, sizeof yen));
	draw_text(2, 2, line, COLS - 4);
	attron(A_BOLD);
	if (k < 0) {
		snprintf(line, sizeof line, "%s",
		    _("Choose the decision: 1 認定, 2 却下, 3 消滅, 4 差止め, 5 差止め解除."));
	} else if (dec_kinds[k].kind == CHILD_DEC_CERTIFY) {
		if (ds->amt_ok)
			snprintf(line, sizeof line, _("Stores 認定: paid from %s, monthly %s (household)."),
			    c->start_month, screen_book_yen(ds->amt.total, yen,
			    sizeof yen));
		else
			snprintf(line, sizeof line, "%s",
			    _("Stores 認定: the amounts cannot be computed for this claim."));
	} else if (dec_kinds[k].kind == CHILD_DEC_REFUSE) {
		snprintf(line, sizeof line, "%s",
		    _("Stores 却下: nothing is paid (monthly ¥0)."));
	} else if (dec_kinds[k].kind == CHILD_DEC_TERMINATE) {
		if (screen_book_date(ds->bf.fm, "event_date", &ev) == 0) {
			child_end_month(&ev, &end);
			snprintf(m, sizeof m, "%04d-%02d", end.y, end.m);
			snprintf(line, sizeof line, _("Stores 消滅: the last month paid (支給終了月) is %s."),
			    m);
		} else {
			snprintf(line, sizeof line, "%s",
			    _("Stores 消滅: fill in the event date (事由発生日)."));
		}
	} else if (dec_kinds[k].suspend) {
		snprintf(line, sizeof line, "%s",
		    _("Stores 差止め: payments stop until the suspension is lifted."));
	} else {
		snprintf(line, sizeof line, "%s",
		    _("Stores 差止め解除: payments resume."));
	}
	draw_text(y, 2, line, COLS - 4);
	attroff(A_BOLD);
}

static void
childdec_draw(struct tui *t, void *st)
{
	struct childdec_state *ds = st;

	screen_book_draw_person(t, 1, ds->atena, ds->name, ds->birth);
	if (ds->have)
		dec_preview(ds, 10);
	screen_book_form_draw(t, &ds->bf);
}

static const char *
childdec_state_label(struct tui *t, void *st)
{
	(void)t;
	(void)st;
	return _("Decision (決定)");
}

const struct screen screen_childdec = {
	"CHILDDEC", N_("Child allowance decision"), childedit_actions, 1,
	childdec_open, childdec_handle, childdec_draw, childdec_close,
	childdec_state_label, childdec_draft, NULL
};
