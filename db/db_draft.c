/*
 * Drafts of forms left unsaved when a session was logged off.
 */
#include <stdio.h>

#include "db_internal.h"
#include "xmalloc.h"

int
db_draft_put(struct db *db, const char *user, const char *screen,
    const char *content, const char *at, struct err *e)
{
	static const char sql[] = "INSERT INTO drafts (user_login, screen, "
	    "content, saved_at) VALUES ($1, $2, $3, $4) ON CONFLICT "
	    "(user_login, screen) DO UPDATE SET content = excluded.content, "
	    "saved_at = excluded.saved_at";
	void *st = db_stmt(db, sql, e);

	if (st == NULL || db_bind_text(db, st, 1, user, e) == -1 ||
	    db_bind_text(db, st, 2, screen, e) == -1 ||
	    db_bind_text(db, st, 3, content, e) == -1 ||
	    db_bind_text(db, st, 4, at, e) == -1)
		return -1;
	return db_run(db, st, e);
}

int
db_draft_take(struct db *db, const char *user, char **screen, char **content,
    struct err *e)
{
	static const char sel[] = "SELECT screen, content FROM drafts "
	    "WHERE user_login = $1 ORDER BY saved_at DESC LIMIT 1";
	static const char del[] = "DELETE FROM drafts WHERE user_login = $1 "
	    "AND screen = $2";
	void *st = db_stmt(db, sel, e);
	int rc;

	*screen = *content = NULL;
	if (st == NULL || db_bind_text(db, st, 1, user, e) == -1)
		return -1;
	rc = db->drv->step(st, e);
	if (rc == DB_ROW) {
		*screen = xstrdup(db->drv->col_text(st, 0));
		*content = xstrdup(db->drv->col_text(st, 1));
	}
	db->drv->reset(st);
	if (rc == DB_ERROR)
		return -1;
	if (rc == DB_DONE)
		return err_set(e, E_NOT_FOUND, "draft", NULL);
	if ((st = db_stmt(db, del, e)) == NULL ||
	    db_bind_text(db, st, 1, user, e) == -1 ||
	    db_bind_text(db, st, 2, *screen, e) == -1 ||
	    db_run(db, st, e) == -1) {
		xfree_secret(screen);
		xfree_secret(content);
		return -1;
	}
	return 0;
}

int
db_draft_purge(struct db *db, const char *before, struct err *e)
{
	static const char sql[] = "DELETE FROM drafts WHERE saved_at < $1";
	void *st = db_stmt(db, sql, e);

	if (st == NULL || db_bind_text(db, st, 1, before, e) == -1)
		return -1;
	return db_run(db, st, e);
}

int
db_draft_count(struct db *db, const char *user, struct err *e)
{
	static const char sql[] = "SELECT count(*) FROM drafts WHERE user_login = $1";
	void *st = db_stmt(db, sql, e);
	int n = -1;

	if (st == NULL || db_bind_text(db, st, 1, user, e) == -1)
		return -1;
	if (db->drv->step(st, e) == DB_ROW)
		n = (int)db->drv->col_int(st, 0);
	db->drv->reset(st);
	return n;
}
