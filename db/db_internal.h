/*
 * Shared by the db/ source files only: the open database and a cache of
 * prepared statements keyed by their SQL text's address (every statement
 * is a static string, so the address identifies it).
 */
#ifndef MADOGUCHI_DB_INTERNAL_H
#define MADOGUCHI_DB_INTERNAL_H

#include "db.h"
#include "db_driver.h"

#define DB_STMT_CACHE 96

struct db {
	const struct db_driver *drv;
	void *h;
	char *file;			/* NULL for :memory: */
	int in_tx;
	struct {
		const char *sql;
		void *st;
	} cache[DB_STMT_CACHE];
};

/* A ready statement for sql (cached, reset, bindings cleared). */
void *db_stmt(struct db *, const char *sql, struct err *);
/* Bind helpers: return -1 with E_DB on failure. */
int db_bind_text(struct db *, void *st, int n, const char *s, struct err *);
/* s is not copied: it must outlive the statement's next reset. */
int db_bind_text_ref(struct db *, void *st, int n, const char *s,
    struct err *);
int db_bind_int(struct db *, void *st, int n, int64_t v, struct err *);
/* Step a statement that returns no rows; reset it afterwards. */
int db_run(struct db *, void *st, struct err *);
/* Copy column i of st into a fixed buffer. */
void db_col_copy(struct db *, void *st, int i, char *out, size_t size);
/* Apply migrations; in db_schema.c. */
int db_schema_migrate(struct db *, struct err *);
int db_schema_migrate_to(struct db *, int version, struct err *);

#define DB_COPY(db, st, i, field) db_col_copy((db), (st), (i), (field), sizeof(field))

#endif
