/*
 * Person search, reachable from anywhere with F2: name
 * (kanji or kana), date of birth, address, My Number, 宛名番号, sex (shown,
 * never counts) and the required reason code and reference number.  The
 * ledger decides whether the conditions suffice and audits every search;
 * more hits than the cap give "narrow the search" and no list.  Enter on
 * a result opens the resident screen.
 */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "resident.h"
#include "screen.h"
#include "visibility.h"
#include "wareki.h"
#include "xmalloc.h"

#define SEARCH_MAX 1000

static const struct field_def search_defs[] = {
	{ "name", N_("Name"), FT_TEXT, 24, 48, NULL, 0, FSENS_ORDINARY,
	    N_("Kanji or kana; the beginning of the name is enough."), NULL, NULL, 0 },
	{ "birth_date", N_("Date of birth"), FT_DATE, 16, 0, NULL, 0,
	    FSENS_ORDINARY, N_("和暦 or 西暦: S45.3.1, 昭和45年3月1日, 19700301."),
	    NULL, NULL, 0 },
	{ "address", N_("Address"), FT_TEXT, 36, 80, NULL, 0, FSENS_ORDINARY,
	    N_("Any part of the address."), NULL, NULL, 0 },
	{ "my_number", N_("My Number"), FT_MYNUMBER, 14, 0, NULL, 0,
	    FSENS_MYNUMBER, N_("All 12 digits; the check digit is verified."),
	    NULL, tui_mynumber_check, 0 },
	{ "atena_no", N_("Atena number"), FT_DIGITS, 15, 15, NULL, 0,
	    FSENS_ORDINARY, N_("The complete 宛名番号."), NULL, NULL, 0 },
	{ "sex", N_("Sex"), FT_CHOICE, 2, 0, NULL, 0, FSENS_ORDINARY,
	    N_("Space to cycle; sex alone never makes a search."), tui_sex_choices,
	    NULL, 0 },
	{ "reason", N_("Reason code"), FT_CODE, 3, 2, NULL, 1, FSENS_ORDINARY,
	    N_("Required: 01 counter, 02 notification, 03 enquiry, 04 ex officio."),
	    tui_reason_codes, NULL, 0 },
	{ "ref_no", N_("Reference number"), FT_TEXT, 16, 32, NULL, 0,
	    FSENS_ORDINARY, N_("The reception or application number this search serves."),
	    NULL, NULL, 0 },
};
#define NDEFS (sizeof search_defs / sizeof search_defs[0])

static const struct action search_actions[] = {
	{ A_SUBMIT, KEY_F(10), "F10", N_("Search"),
	    N_("Search with the conditions typed (Enter on the last field does the same).") },
	{ A_NONE, 0, NULL, NULL, NULL }
};

struct search_state {
	struct form *fm;
	struct db_resident *hits;
	int n, sel, top;
	int in_list;
};

static void *
search_open(struct tui *t, const void *arg)
{
	struct search_state *ss = xcalloc(1, sizeof *ss);
	struct err e;

	(void)t;
	(void)arg;
	ss->fm = form_new(search_defs, NDEFS, &e);
	ss->hits = xcalloc(SEARCH_MAX, sizeof *ss->hits);
	return ss;
}

static void
drop_hits(struct search_state *ss)
{
	xwipe(ss->hits, sizeof *ss->hits * SEARCH_MAX);
	ss->n = ss->sel = ss->top = 0;
	ss->in_list = 0;
}

static void
search_close(struct tui *t, void *st)
{
	struct search_state *ss = st;

	(void)t;
	drop_hits(ss);
	free(ss->hits);
	form_free(&ss->fm);
	free(ss);
}

static int
collect(void *ctx, const struct db_resident *r)
{
	struct search_state *ss = ctx;

	if (ss->n >= SEARCH_MAX)
		return 1;
	ss->hits[ss->n++] = *r;
	return 0;
}

static int
run_search(struct tui *t, struct search_state *ss)
{
	struct resident_query q;
	struct err e;
	int count = 0;
	const struct form *fm = ss->fm;

	drop_hits(ss);
	err_clear(&e);
	if (form_validate_all(ss->fm, &e) == -1) {
		tui_error(t, &e, fm);
		return TUI_REDRAW;
	}
	memset(&q, 0, sizeof q);
	q.name = form_value(fm, "name");
	q.birth_date = form_value(fm, "birth_date");
	q.address = form_value(fm, "address");
	q.my_number = form_value(fm, "my_number");
	q.atena_no = form_value(fm, "atena_no");
	q.sex = atoi(form_value(fm, "sex"));
	q.reason = form_value(fm, "reason");
	q.ref_no = form_value(fm, "ref_no");
	if (resident_search(t->s, &q, collect, ss, &count, &e) == -1) {
		drop_hits(ss);
		tui_error(t, &e, fm);
		return TUI_REDRAW;
	}
	if (ss->n == 0) {
		tui_message(t, "%s", _("No person matches these conditions."));
		return TUI_REDRAW;
	}
	tui_message(t, _("%d persons found; choose one with the arrows and Enter."), ss->n);
	ss->in_list = 1;
	return TUI_REDRAW;
}

static int
list_key(struct tui *t, struct search_state *ss, const struct tui_key *k)
{
	struct resident_arg ra = { NULL, -1, NULL };

	if (k->fkey == KEY_UP && ss->sel > 0)
		ss->sel--;
	else if (k->fkey == KEY_DOWN && ss->sel + 1 < ss->n)
		ss->sel++;
	else if (k->fkey == 0 && (k->ch == '\t' || k->ch == 0x1B))
		ss->in_list = 0;
	else if (k->fkey == KEY_ENTER || (k->fkey == 0 && (k->ch == '\r' ||
	    k->ch == '\n'))) {
		ra.atena_no = ss->hits[ss->sel].atena_no;
		tui_push(t, &screen_resident, &ra);
	} else
		return TUI_BEEP;
	return TUI_REDRAW;
}

static int
search_handle(struct tui *t, void *st, enum action_id a, const struct tui_key *k)
{
	struct search_state *ss = st;
	static const struct tui_key tab = { 0, '\t' };
	struct err e;
	int r;

	if (a == A_SUBMIT)
		return run_search(t, ss);
	if (k == NULL)
		return TUI_BEEP;
	if (ss->in_list)
		return list_key(t, ss, k);
	if (k->fkey == KEY_ENTER || (k->fkey == 0 && (k->ch == '\r' ||
	    k->ch == '\n'))) {
		if (ss->fm->cur + 1 == ss->fm->n)
			return run_search(t, ss);
		k = &tab;
	}
	r = tui_form_key(t, ss->fm, k, &e);
	if (r == -1 || (r & FORM_REFUSED))
		return TUI_BEEP;
	if (r & (FORM_INVALID | FORM_ALERT))
		tui_error(t, &e, ss->fm);
	if (r & FORM_CHANGED)
		drop_hits(ss);
	return TUI_REDRAW;
}

static void
search_draw(struct tui *t, void *st)
{
	struct search_state *ss = st;
	enum vis v = visibility_of(t->s, LEDGER_RESIDENT, SENS_ORDINARY);
	struct db_resident *r;
	struct ymd d;
	char line[512], dob[48];
	int y, i, rows;

	draw_form(ss->fm, 2, 18, !ss->in_list, NULL, NULL);
	if (ss->n == 0)
		return;
	y = 3 + (int)ss->fm->n;
	attron(A_BOLD);
	/* The same cells as the rows below: 1, 14, 31, 48, 61. */
	line[0] = '\0';
	draw_col(line, sizeof line, _("Atena no."), 12);
	draw_col(line, sizeof line, _("Name"), 16);
	draw_col(line, sizeof line, _("Reading"), 16);
	draw_col(line, sizeof line, _("Born"), 12);
	draw_col(line, sizeof line, _("Address"), -1);
	draw_text(y++, 1, line, COLS - 2);
	attroff(A_BOLD);
	rows = LINES - 4 - y;
	if (rows < 1)
		rows = 1;
	if (ss->sel < ss->top)
		ss->top = ss->sel;
	if (ss->sel >= ss->top + rows)
		ss->top = ss->sel - rows + 1;
	for (i = ss->top; i < ss->n && y < LINES - 3; i++, y++) {
		r = &ss->hits[i];
		dob[0] = '\0';
		if (ymd_from_iso(r->birth_date, &d) == 0)
			wareki_format(&d, WAREKI_SHORT, dob, sizeof dob);
		if (ss->in_list && i == ss->sel)
			attron(A_REVERSE);
		draw_text(y, 1, r->atena_no, 12);
		if (v == VIS_SHOWN) {
			draw_text(y, 14, r->name, 16);
			draw_text(y, 31, r->name_kana, 16);
			draw_text(y, 48, dob, 12);
			draw_text(y, 61, r->address, COLS - 62);
		} else if (v == VIS_MASKED) {
			draw_text(y, 14, visibility_mask(), 16);
		}
		attroff(A_REVERSE);
	}
}

const struct screen screen_search = {
	"SEARCH", N_("Person search"), search_actions, 1,
	search_open, search_handle, search_draw, search_close, NULL, NULL, NULL
};
