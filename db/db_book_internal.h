/*
 * Private to the ledger books' db files (db_book.c, db_codes.c,
 * db_child.c, db_elderly.c, db_vaccine.c): table-driven columns, so that
 * one description of a table's columns gives its INSERT, its SELECT list
 * and the copy into a record struct.  Statements are prepared per call and
 * finalized after it (not in the shared statement cache of db.c, which
 * is sized for the master and the accounts).
 */
#ifndef MADOGUCHI_DB_BOOK_INTERNAL_H
#define MADOGUCHI_DB_BOOK_INTERNAL_H

#include <stdarg.h>
#include <stddef.h>

#include "db_internal.h"

enum bk_type { BK_TEXT, BK_INT, BK_I64 };

/* One column: its name, where it lives in the record, and its type. */
struct bk_col {
	const char *name;
	size_t off, size;
	enum bk_type type;
};

#define BK_T(s, f) { #f, offsetof(struct s, f), sizeof(((struct s *)0)->f), BK_TEXT }
#define BK_N(s, f) { #f, offsetof(struct s, f), sizeof(int), BK_INT }
#define BK_L(s, f) { #f, offsetof(struct s, f), sizeof(int64_t), BK_I64 }
/* The R-24 stamp columns of struct s (member st). */
#define BK_STAMP(s) \
	{ "reason_code", offsetof(struct s, st.reason_code), 16, BK_TEXT }, \
	{ "ref_no", offsetof(struct s, st.ref_no), 33, BK_TEXT }, \
	{ "justification", offsetof(struct s, st.justification), 241, BK_TEXT }, \
	{ "doubt", offsetof(struct s, st.doubt), sizeof(int), BK_INT }, \
	{ "operator", offsetof(struct s, st.operator_login), LOGIN_MAX, BK_TEXT }, \
	{ "terminal", offsetof(struct s, st.terminal), LOGIN_MAX, BK_TEXT }, \
	{ "stamp", offsetof(struct s, st.stamp), TIME_MAX, BK_TEXT }, \
	{ "update_seq", offsetof(struct s, st.update_seq), sizeof(int64_t), BK_I64 }, \
	{ "confirmed_by", offsetof(struct s, st.confirmed_by), LOGIN_MAX, BK_TEXT }, \
	{ "confirmed_at", offsetof(struct s, st.confirmed_at), TIME_MAX, BK_TEXT }, \
	{ "review_comment", offsetof(struct s, st.review_comment), 241, BK_TEXT }

struct bk_table {
	const char *name;
	const struct bk_col *cols;
	int ncols;
};

/* Prepare sql (caller finalizes with bk_done); NULL with E_DB. */
void *bk_prep(struct db *, const char *sql, struct err *);
void bk_done(struct db *, void *st);
/*
 * Bind parameters first.. from fmt: 't' const char * (NULL binds NULL),
 * 'n' int, 'l' int64_t.
 */
int bk_bind(struct db *, void *st, int first, struct err *, const char *fmt,
    ...);
int bk_vbind(struct db *, void *st, int first, struct err *, const char *fmt,
    va_list);
/* Run a statement that returns no rows; returns the rows changed or -1. */
int64_t bk_exec(struct db *, const char *sql, struct err *, const char *fmt,
    ...);
/* One integer from a one-row query (def when no row); -1 with e on error. */
int bk_int(struct db *, const char *sql, int64_t def, int64_t *out,
    struct err *, const char *fmt, ...);
/* INSERT rec into t. */
int bk_insert(struct db *, const struct bk_table *t, const void *rec,
    struct err *);
/*
 * SELECT t's columns with the rest of the statement `tail` ("WHERE ...
 * ORDER BY ...", parameters from $1) into rec.  bk_one: E_NOT_FOUND
 * (field nf) when there is no row.  bk_each: fn per row, rec as buffer.
 */
int bk_one(struct db *, const struct bk_table *t, const char *tail,
    void *rec, size_t size, const char *nf, struct err *, const char *fmt,
    ...);
int bk_each(struct db *, const struct bk_table *t, const char *tail,
    void *rec, size_t size, int (*fn)(void *, void *), void *ctx,
    struct err *, const char *fmt, ...);
/* Copy the current row's columns of t (from column first) into rec. */
void bk_read(struct db *, void *st, const struct bk_table *t, int first,
    void *rec);

#endif
