/*
 * Drawing helpers shared by the screens: clipped UTF-8 text measured with
 * the program's one width policy, the frame (top line with transaction,
 * record state, user and terminal; message line; function-key bar built
 * from the action tables) and forms with per-field masking.
 */
#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "i18n.h"
#include "screen.h"
#include "width.h"

int
draw_text(int y, int x, const char *s, int cells)
{
	size_t n;

	if (cells <= 0 || y < 0 || y >= LINES || x >= COLS)
		return 0;
	if (x + cells > COLS)
		cells = COLS - x;
	n = width_fit(s, cells);
	mvaddnstr(y, x, s, (int)n);
	return width_str(s) < cells ? width_str(s) : cells;
}

char *
draw_col(char *line, size_t size, const char *s, int cells)
{
	size_t len = strlen(line), n;
	int w;

	if (len + 1 >= size)
		return line;
	n = cells < 0 ? strlen(s) : width_fit(s, cells);
	if (n > size - len - 1) {
		/* No room for all of it: cut at a character boundary. */
		n = size - len - 1;
		while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
			n--;
	}
	memcpy(line + len, s, n);
	line[len + n] = '\0';
	if (cells < 0)
		return line;
	/* Pad by display cells, not bytes: 全角 text takes two. */
	w = width_str(line + len);
	len += n;
	for (; w <= cells && len + 1 < size; w++)
		line[len++] = ' ';
	line[len] = '\0';
	return line;
}

int
draw_label(int y, int x, const char *label, int cells)
{
	int w = width_str(label);

	if (w < cells - 1)
		x += cells - 1 - w;
	return draw_text(y, x, label, cells);
}

/* Key bar entries from one table; returns the next column. */
static int
keybar(int x, const struct action *a)
{
	int y = LINES - 1;

	for (; a != NULL && a->id != A_NONE && x < COLS; a++) {
		if (x + width_str(a->keyname) + width_str(_(a->label)) + 1 > COLS)
			break;
		attron(A_REVERSE);
		x += draw_text(y, x, a->keyname, COLS - x);
		attroff(A_REVERSE);
		x += draw_text(y, x, _(a->label), COLS - x);
		x += 1;
	}
	return x;
}

void
draw_frame(struct tui *t, const struct screen *scr, void *st)
{
	char right[160];
	const char *state = scr->state != NULL ? scr->state(t, st) : NULL;
	int x, rw;

	attron(A_REVERSE);
	mvhline(0, 0, ' ', COLS);
	x = draw_text(0, 1, _("madoguchi"), COLS - 1) + 2;
	snprintf(right, sizeof right, "[%s]", scr->id);
	x += draw_text(0, x, right, COLS - x) + 1;
	attron(A_BOLD);
	x += draw_text(0, x, _(scr->title), COLS - x) + 2;
	attroff(A_BOLD);
	if (state != NULL)
		x += draw_text(0, x, state, COLS - x) + 2;
	if (t->s != NULL)
		snprintf(right, sizeof right, _("User %s  Terminal %s"),
		    t->s->user.login, ledger_terminal(t->lg));
	else
		snprintf(right, sizeof right, _("Terminal %s"),
		    ledger_terminal(t->lg));
	rw = width_str(right);
	if (COLS - rw - 1 > x)
		draw_text(0, COLS - rw - 1, right, rw);
	attroff(A_REVERSE);

	if (t->msg[0] != '\0') {
		if (t->msg_error)
			attron(A_BOLD);
		draw_text(LINES - 2, 0, t->msg, COLS);
		attroff(A_BOLD);
	}
	x = keybar(0, scr->actions);
	/* Without the global actions only F1 (the first one) applies. */
	keybar(x, scr->globals ? tui_global_actions : tui_help_action);
}

void
draw_form(struct form *fm, int y, int lw, int focus,
    int (*mask)(void *, size_t), void *ctx)
{
	size_t i, start, len;
	int col, m, cy = -1, cx = 0, x = lw + 2, w;
	const struct field_def *d;
	const char *label;
	char shown[128];

	for (i = 0; i < fm->n && y + (int)i < LINES - 2; i++) {
		d = &fm->defs[i];
		m = mask != NULL ? mask(ctx, i) : 0;
		if (m == 2)
			continue;
		draw_label(y + (int)i, 1, _(d->label), lw);
		w = d->width;
		if (x + w > COLS - 1)
			w = COLS - 1 - x;
		if (w < 1)
			continue;
		attron(A_UNDERLINE);
		mvhline(y + (int)i, x, ' ', w);
		if (m == 1 && !field_empty(&fm->f[i])) {
			draw_text(y + (int)i, x, "********", w);
		} else if (d->secret) {
			/* A password is never echoed, not even as stars. */
		} else {
			len = field_window(&fm->f[i], w, &start, &col);
			snprintf(shown, sizeof shown, "%.*s", (int)len,
			    field_text(&fm->f[i]) + start);
			draw_text(y + (int)i, x, shown, w);
			if (focus && i == fm->cur) {
				cy = y + (int)i;
				cx = x + col;
			}
		}
		attroff(A_UNDERLINE);
		if ((d->type == FT_CHOICE || d->type == FT_CODE) &&
		    (label = field_choice_label(d, field_text(&fm->f[i]))) != NULL)
			draw_text(y + (int)i, x + w + 1, _(label), COLS - x - w - 2);
		if (focus && i == fm->cur && d->secret) {
			cy = y + (int)i;
			cx = x;
		}
	}
	if (focus && cy >= 0) {
		move(cy, cx);
		curs_set(1);
	}
	/* Help for the current field, above the message line. */
	if (focus && fm->n > 0 && fm->defs[fm->cur].help != NULL &&
	    fm->defs[fm->cur].help[0] != '\0') {
		draw_text(LINES - 3, 1, _(fm->defs[fm->cur].help), COLS - 2);
		if (cy >= 0)
			move(cy, cx);
	}
}
