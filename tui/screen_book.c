/*
 * The helpers the ledger screens share (see screen_book.h) and the
 * person's ledger menu [LEDGERS]: reached from the resident screen, it
 * lists only the ledgers the user may enter, so that no screen
 * shows a ledger the user holds no right on.
 */
#include <curses.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "codes.h"
#include "i18n.h"
#include "resident.h"
#include "screen.h"
#include "screen_book.h"
#include "visibility.h"
#include "width.h"
#include "xmalloc.h"

const struct field_choice screen_book_yesno[] = {
	{ "0", N_("no") },
	{ "1", N_("yes") },
	{ NULL, NULL }
};

const struct field_choice screen_book_channels[] = {
	{ "1", N_("counter (窓口)") },
	{ "2", N_("mail (郵送)") },
	{ "3", N_("electronic (電子申請)") },
	{ NULL, NULL }
};

const struct field_choice screen_book_applicants[] = {
	{ "1", N_("the person (本人)") },
	{ "2", N_("an agent (代理人)") },
	{ NULL, NULL }
};

const struct field_choice screen_book_id_docs[] = {
	{ "1", N_("My Number card (個人番号カード)") },
	{ "2", N_("driving licence (運転免許証)") },
	{ "3", N_("passport (旅券)") },
	{ "4", N_("residence card (在留カード)") },
	{ "5", N_("two documents (健康保険証等2点)") },
	{ "6", N_("other photo ID (写真付き公的書類)") },
	{ NULL, NULL }
};

const struct field_choice screen_book_mn_methods[] = {
	{ "1", N_("My Number card") },
	{ "2", N_("notification card and photo ID") },
	{ "3", N_("resident register lookup") },
	{ NULL, NULL }
};

int
screen_book_form_open(struct book_form *bf, enum ledger_id l,
    const struct field_def *defs, size_t n, const struct book_place *places,
    const struct book_code *codes)
{
	struct err e;

	memset(bf, 0, sizeof *bf);
	bf->ledger = l;
	bf->places = places;
	bf->codes = codes;
	bf->left = -1;
	if (n > BOOK_FIELDS_MAX)
		return -1;
	bf->fm = form_new(defs, n, &e);
	return bf->fm != NULL ? 0 : -1;
}

char *
screen_book_draft(const struct book_form *bf, const char *atena, int year,
    const char *key)
{
	char *body, *all;

	if (bf->fm == NULL || !bf->fm->dirty)
		return NULL;
	body = form_serialize(bf->fm);
	all = xasprintf("_atena=%s\n_year=%d\n_key=%s\n%s", atena, year,
	    key != NULL ? key : "", body);
	xfree_secret(&body);
	return all;
}

void
screen_book_draft_arg(const char *draft, struct book_arg *ba,
    char atena[16], char key[32])
{
	const char *p;

	memset(ba, 0, sizeof *ba);
	atena[0] = key[0] = '\0';
	if ((p = tui_draft_meta(draft, "_atena=")) != NULL)
		snprintf(atena, 16, "%.*s", (int)strcspn(p, "\n"), p);
	if ((p = tui_draft_meta(draft, "_year=")) != NULL)
		ba->year = atoi(p);
	if ((p = tui_draft_meta(draft, "_key=")) != NULL)
		snprintf(key, 32, "%.*s", (int)strcspn(p, "\n"), p);
	ba->atena_no = atena;
	ba->key = key;
	ba->draft = draft;
}

int
screen_book_restore(struct tui *t, struct book_form *bf,
    const struct book_arg *ba)
{
	if (ba->draft == NULL || form_restore(bf->fm, ba->draft) <= 0)
		return 0;
	tui_message(t, "%s", _("The input kept from your last session was restored; check it and save with F10."));
	return 1;
}

void
screen_book_form_close(struct book_form *bf)
{
	form_free(&bf->fm);
	xwipe(bf->codename, sizeof bf->codename);
}

static const struct book_code *
code_of(const struct book_form *bf, size_t i)
{
	const struct book_code *c;

	for (c = bf->codes; c != NULL && c->field != NULL; c++)
		if (strcmp(c->field, bf->fm->defs[i].name) == 0)
			return c;
	return NULL;
}

/*
 * Check field i's code against its table and keep the code's name
 * for the screen.  An empty optional field passes.  0 or -1 with e.
 */
static int
check_code(struct tui *t, struct book_form *bf, size_t i, struct err *e)
{
	const struct book_code *c = code_of(bf, i);
	const char *v = form_value(bf->fm, bf->fm->defs[i].name);
	struct db_code row;
	struct err tmp;
	int rc;

	bf->codename[i][0] = '\0';
	if (c == NULL || *v == '\0')
		return 0;
	if (c->table == BOOK_REASON)
		rc = codes_check_reason(t->lg, bf->ledger, v, e);
	else
		rc = codes_check(t->lg, (enum codes_table)c->table, v, e);
	if (rc == -1) {
		snprintf(e->field, sizeof e->field, "%s", bf->fm->defs[i].name);
		return -1;
	}
	if (codes_get(t->lg, c->table == BOOK_REASON ? CODES_REASON :
	    (enum codes_table)c->table, v, &row, &tmp) == 0)
		snprintf(bf->codename[i], sizeof bf->codename[i], "%s", row.name);
	return 0;
}

int
screen_book_form_key(struct tui *t, struct book_form *bf, const struct tui_key *k)
{
	size_t before = bf->fm->cur;
	struct err e;
	int r;

	bf->confirming = 0;
	bf->left = -1;
	err_clear(&e);
	if (k->fkey == KEY_ENTER || (k->fkey == 0 && (k->ch == '\r' ||
	    k->ch == '\n')))
		r = form_next(bf->fm, &e);
	else
		r = tui_form_key(t, bf->fm, k, &e);
	if (r == -1 || (r & FORM_REFUSED))
		return TUI_BEEP;
	if (r & (FORM_INVALID | FORM_ALERT))
		tui_error(t, &e, bf->fm);
	if (bf->fm->cur != before && !(r & FORM_INVALID)) {
		bf->left = (int)before;
		if (check_code(t, bf, before, &e) == -1) {
			form_goto(bf->fm, before);
			tui_error(t, &e, bf->fm);
		}
	}
	return TUI_REDRAW;
}

int
screen_book_form_ready(struct tui *t, struct book_form *bf)
{
	struct err e;
	char msg[sizeof t->msg];
	size_t i;
	int rc;

	err_clear(&e);
	rc = form_validate_all(bf->fm, &e);
	if (rc == 1 && bf->confirming) {
		form_confirm_alerts(bf->fm);
		rc = form_validate_all(bf->fm, &e);
	}
	if (rc == -1) {
		bf->confirming = 0;
		tui_error(t, &e, bf->fm);
		return -1;
	}
	if (rc == 1) {
		bf->confirming = 1;
		tui_error(t, &e, bf->fm);
		snprintf(msg, sizeof msg, _("%s Press F10 again to confirm."), t->msg);
		snprintf(t->msg, sizeof t->msg, "%s", msg);
		return -1;
	}
	for (i = 0; i < bf->fm->n; i++)
		if (check_code(t, bf, i, &e) == -1) {
			bf->confirming = 0;
			form_goto(bf->fm, i);
			tui_error(t, &e, bf->fm);
			return -1;
		}
	return 0;
}

void
screen_book_form_refused(struct tui *t, struct book_form *bf, const struct err *e,
    const char *const *map)
{
	struct err shown = *e;
	char msg[sizeof t->msg];
	int i;

	for (; map != NULL && map[0] != NULL; map += 2)
		if (strcmp(map[0], e->field) == 0) {
			snprintf(shown.field, sizeof shown.field, "%s", map[1]);
			break;
		}
	if ((i = form_find(bf->fm, shown.field)) >= 0)
		form_goto(bf->fm, (size_t)i);
	tui_error(t, &shown, bf->fm);
	if (err_is_alert(e->code)) {
		bf->confirming = 1;
		snprintf(msg, sizeof msg, _("%s Press F10 again to confirm."), t->msg);
		snprintf(t->msg, sizeof t->msg, "%s", msg);
	} else {
		bf->confirming = 0;
	}
	t->msg_error = 1;
}

void
screen_book_refusal_text(struct tui *t, const char *fmt, ...)
{
	char msg[sizeof t->msg];
	va_list ap;

	/* Through msg: the arguments may be made from t->msg. */
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	snprintf(t->msg, sizeof t->msg, "%s", msg);
	t->msg_error = 1;
}

int
screen_book_saved(struct tui *t, struct book_form *bf, const char *fmt, ...)
{
	va_list ap;

	form_clean(bf->fm);
	t->saved_gen++;
	va_start(ap, fmt);
	vsnprintf(t->msg, sizeof t->msg, fmt, ap);
	va_end(ap);
	t->msg_error = 0;
	return TUI_POP;
}

static enum sens_class
sens_of(enum field_sens s)
{
	switch (s) {
	case FSENS_MYNUMBER: return SENS_MYNUMBER;
	case FSENS_INCOME: return SENS_INCOME;
	case FSENS_WELFARE: return SENS_WELFARE;
	case FSENS_HEALTH: return SENS_HEALTH;
	default: return SENS_ORDINARY;
	}
}

/*
 * 0 show, 1 mask, 2 hide.  A class the role sees masked is masked; a My
 * Number, even when its class is shown, only while it is being keyed
 * nothing left on the screen once the cursor moves on).
 */
static int
mask_of(struct tui *t, struct book_form *bf, size_t i)
{
	const struct field_def *d = &bf->fm->defs[i];
	enum vis v = visibility_of(t->s, bf->ledger, sens_of(d->sens));

	if (v == VIS_HIDDEN)
		return 2;
	if (d->sens == FSENS_MYNUMBER)
		return i == bf->fm->cur ? 0 : 1;
	return v == VIS_MASKED ? 1 : 0;
}

/* The column where the next field on field i's row starts, or COLS + 1. */
static int
row_end(const struct book_form *bf, size_t i)
{
	const struct book_place *p = &bf->places[i];
	int end = COLS + 1;	/* the last cell of the line is usable */
	size_t j;

	for (j = 0; j < bf->fm->n; j++)
		if (bf->places[j].y == p->y && bf->places[j].x > p->x &&
		    bf->places[j].x < end)
			end = bf->places[j].x;
	return end;
}

void
screen_book_form_draw(struct tui *t, struct book_form *bf)
{
	struct form *fm = bf->fm;
	const struct field_def *d;
	const struct book_place *p;
	const char *label;
	char shown[160];
	size_t i, start, len;
	int col, m, cy = -1, cx = 0, x, w, y, end;

	for (i = 0; i < fm->n; i++) {
		d = &fm->defs[i];
		p = &bf->places[i];
		y = p->y;
		if (y >= LINES - 3 || (m = mask_of(t, bf, i)) == 2)
			continue;
		if (p->lw > 0)
			draw_label(y, p->x, _(d->label), p->lw);
		x = p->x + p->lw + 1;
		w = d->width;
		end = row_end(bf, i);
		if (x + w > end - 1)
			w = end - 1 - x;
		if (x + w > COLS - 1)
			w = COLS - 1 - x;
		if (w < 1)
			continue;
		attron(A_UNDERLINE);
		mvhline(y, x, ' ', w);
		if (m == 1 && !field_empty(&fm->f[i])) {
			draw_text(y, x, visibility_mask(), w);
		} else {
			len = field_window(&fm->f[i], w, &start, &col);
			snprintf(shown, sizeof shown, "%.*s", (int)len,
			    field_text(&fm->f[i]) + start);
			draw_text(y, x, shown, w);
			xwipe(shown, sizeof shown);
			if (i == fm->cur) {
				cy = y;
				cx = x + col;
			}
		}
		attroff(A_UNDERLINE);
		label = NULL;
		if (m == 0 && (d->type == FT_CHOICE || d->type == FT_CODE))
			label = field_choice_label(d, field_text(&fm->f[i]));
		if (label != NULL)
			draw_text(y, x + w + 1, _(label), end - x - w - 2);
		else if (m == 0 && bf->codename[i][0] != '\0')
			draw_text(y, x + w + 1, bf->codename[i], end - x - w - 2);
		if (i == fm->cur && cy < 0) {
			cy = y;
			cx = x;
		}
	}
	if (fm->n > 0 && fm->defs[fm->cur].help != NULL)
		draw_text(LINES - 3, 1, _(fm->defs[fm->cur].help), COLS - 2);
	if (cy >= 0) {
		move(cy, cx);
		curs_set(1);
	}
}

int
screen_book_flag(const struct form *fm, const char *name)
{
	return strcmp(form_value(fm, name), "1") == 0;
}

int
screen_book_int(const struct form *fm, const char *name)
{
	return atoi(form_value(fm, name));
}

int
screen_book_date(const struct form *fm, const char *name, struct ymd *out)
{
	const char *v = form_value(fm, name);
	struct err e;

	memset(out, 0, sizeof *out);
	if (*v == '\0' || wareki_parse(v, out, &e) == -1) {
		memset(out, 0, sizeof *out);
		return -1;
	}
	return 0;
}

const char *
screen_book_date_text(const char *iso, char *buf, size_t size)
{
	struct ymd d;

	if (ymd_from_iso(iso, &d) == 0)
		return wareki_format(&d, WAREKI_BOTH, buf, size);
	return iso;
}

int
screen_book_draw_person(struct tui *t, int y, const char *atena, const char *name,
    const char *birth_iso)
{
	enum vis v = visibility_of(t->s, LEDGER_RESIDENT, SENS_ORDINARY);
	char line[256], d[64];

	if (v == VIS_HIDDEN)
		snprintf(line, sizeof line, _("Atena number %s"), atena);
	else
		snprintf(line, sizeof line, _("Atena number %s  %s  born %s"),
		    atena, v == VIS_SHOWN ? name : visibility_mask(),
		    v == VIS_SHOWN ? screen_book_date_text(birth_iso, d, sizeof d) :
		    visibility_mask());
	attron(A_BOLD);
	draw_text(y, 2, line, COLS - 4);
	attroff(A_BOLD);
	return y + 1;
}

int
screen_book_person(struct tui *t, const char *atena, char name[97],
    char birth[DATE_MAX], struct ymd *b, int *sex, int report)
{
	struct db_resident *r = xmalloc(sizeof *r);
	struct err e;
	int rc = resident_view(t->s, atena, r, &e);

	if (rc == 0) {
		snprintf(name, 97, "%s", r->name);
		snprintf(birth, DATE_MAX, "%s", r->birth_date);
		if (b != NULL && ymd_from_iso(r->birth_date, b) != 0)
			memset(b, 0, sizeof *b);
		if (sex != NULL)
			*sex = r->sex;
	} else if (report) {
		tui_error(t, &e, NULL);
	}
	xwipe(r, sizeof *r);
	free(r);
	return rc;
}

const char *
screen_book_state_mark(const char *state)
{
	if (strcmp(state, "pending") == 0)
		/* TRANSLATORS: the mark of a pending (unconfirmed) row in a
		 * narrow list column; the Japanese term is what the counter
		 * staff know, so the English screens show it too. */
		return _("未確認");
	if (strcmp(state, "rejected") == 0)
		return _("sent back");
	return "";
}

const char *
screen_book_yen(long yen, char *buf, size_t size)
{
	char digits[32], out[48];
	int n, i, j = 0;

	n = snprintf(digits, sizeof digits, "%ld", yen < 0 ? -yen : yen);
	if (yen < 0)
		out[j++] = '-';
	for (i = 0; i < n; i++) {
		if (i > 0 && (n - i) % 3 == 0)
			out[j++] = ',';
		out[j++] = digits[i];
	}
	out[j] = '\0';
	snprintf(buf, size, "¥%s", out);
	return buf;
}

const char *
screen_book_choice(const struct field_choice *choices, const char *value)
{
	const struct field_def d = { .choices = choices };
	const char *l = field_choice_label(&d, value);

	return l != NULL ? _(l) : value;
}

/* ---- the person's ledger menu ---------------------------------------- */

static const struct {
	enum ledger_id l;
	const char *label;
	const struct screen *scr;
} ledgers[] = {
	{ LEDGER_CHILD, N_("Child allowance (児童手当)"), &screen_child },
	{ LEDGER_ELDERLY, N_("Elderly transit pass (敬老乗車証)"), &screen_pass },
	{ LEDGER_VACCINE, N_("Vaccination (予防接種)"), &screen_vacc },
};

#define NLEDGERS (sizeof ledgers / sizeof ledgers[0])

struct ledgers_state {
	char atena[16];
	size_t item[NLEDGERS];
	int n, cur;
};

static const struct action ledgers_actions[] = {
	{ A_NONE, 0, NULL, NULL, NULL }
};

/* Nonzero when the session may enter (and so list) ledger l. */
static int
may_enter(const struct session *s, enum ledger_id l)
{
	return session_has(s, l, ROLE_CLERK) || session_has(s, l, ROLE_SUPERVISOR);
}

static void *
ledgers_open(struct tui *t, const void *arg)
{
	const struct book_arg *ba = arg;
	struct ledgers_state *ls = xcalloc(1, sizeof *ls);
	size_t i;

	snprintf(ls->atena, sizeof ls->atena, "%s", ba->atena_no);
	for (i = 0; i < NLEDGERS; i++)
		if (may_enter(t->s, ledgers[i].l))
			ls->item[ls->n++] = i;
	if (ls->n == 0)
		tui_message(t, "%s", _("You hold no right on a business ledger."));
	return ls;
}

static void
ledgers_close(struct tui *t, void *st)
{
	(void)t;
	free(st);
}

static int
ledgers_handle(struct tui *t, void *st, enum action_id a, const struct tui_key *k)
{
	struct ledgers_state *ls = st;
	struct book_arg ba = { ls->atena, 0, NULL, NULL };

	(void)a;
	if (k == NULL || ls->n == 0)
		return TUI_BEEP;
	if (k->fkey == KEY_UP) {
		ls->cur = (ls->cur + ls->n - 1) % ls->n;
		return TUI_REDRAW;
	}
	if (k->fkey == KEY_DOWN || (k->fkey == 0 && k->ch == '\t')) {
		ls->cur = (ls->cur + 1) % ls->n;
		return TUI_REDRAW;
	}
	if (k->fkey == 0 && k->ch >= '1' && k->ch < '1' + (uint32_t)ls->n)
		ls->cur = (int)(k->ch - '1');
	else if (!(k->fkey == KEY_ENTER || (k->fkey == 0 && (k->ch == '\r' ||
	    k->ch == '\n'))))
		return TUI_BEEP;
	tui_push(t, ledgers[ls->item[ls->cur]].scr, &ba);
	return TUI_REDRAW;
}

static void
ledgers_draw(struct tui *t, void *st)
{
	struct ledgers_state *ls = st;
	char line[160];
	int i;

	(void)t;
	snprintf(line, sizeof line, _("Atena number %s"), ls->atena);
	draw_text(2, 2, line, COLS - 4);
	draw_text(3, 2, _("Choose a ledger with its number, or with the arrows and Enter."),
	    COLS - 4);
	for (i = 0; i < ls->n && 5 + i < LINES - 3; i++) {
		snprintf(line, sizeof line, "%d  %s", i + 1,
		    _(ledgers[ls->item[i]].label));
		if (i == ls->cur)
			attron(A_REVERSE);
		draw_text(5 + i, 4, line, COLS - 8);
		attroff(A_REVERSE);
	}
}

const struct screen screen_ledgers = {
	"LEDGERS", N_("Ledgers of the person"), ledgers_actions, 1,
	ledgers_open, ledgers_handle, ledgers_draw, ledgers_close,
	NULL, NULL, NULL
};
