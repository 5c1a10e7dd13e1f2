/*
 * The media register (media.h): ID files with a random secret on the
 * medium, the secret's hash in the register.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "audit.h"
#include "ledger_internal.h"
#include "media.h"
#include "xmalloc.h"

static void
secret_hash(const char *secret, char out[HASH_HEX])
{
	unsigned char h[32];

	crypto_generichash(h, sizeof h, (const unsigned char *)secret,
	    strlen(secret), NULL, 0);
	sodium_bin2hex(out, HASH_HEX, h, sizeof h);
}

static int
valid_id(const char *id)
{
	size_t n = strlen(id);

	return n > 0 && n < LOGIN_MAX && strspn(id, "abcdefghijklmnopqrstuvwxyz"
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.") == n;
}

int
media_register(struct session *s, const char *dir, const char *id,
    const char *description, const char *kind, struct err *e)
{
	struct audit_event ev = { "media-register", id, NULL, "ok", NULL };
	struct db_media m;
	unsigned char raw[32];
	char secret[65], *path, *line;
	int fd, rc;

	if (session_require(s, LEDGER_SYSTEM, ROLE_ADMIN, "media-register",
	    e) == -1)
		return -1;
	if (!valid_id(id))
		return err_set(e, E_USAGE, "id", "letters, digits, - _ . only");
	memset(&m, 0, sizeof m);
	snprintf(m.id, sizeof m.id, "%s", id);
	snprintf(m.description, sizeof m.description, "%s",
	    description ? description : "");
	snprintf(m.kind, sizeof m.kind, "%s", kind ? kind : "usb");
	randombytes_buf(raw, sizeof raw);
	sodium_bin2hex(secret, sizeof secret, raw, sizeof raw);
	secret_hash(secret, m.secret_hash);
	snprintf(m.registered_by, sizeof m.registered_by, "%s", s->user.login);
	ledger_now(m.registered_at);
	m.active = 1;
	if (ledger_begin(s->lg, e) == -1)
		return -1;
	if (db_media_add(s->lg->db, &m, e) == -1 ||
	    audit_append(s->lg, s, NULL, &ev, e) == -1) {
		ledger_rollback(s->lg);
		return e && e->code == E_DB ? err_set(e, E_EXISTS, "id", "%s",
		    id) : -1;
	}
	path = xasprintf("%s/%s", dir, MEDIA_ID_FILE);
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
	    0600);
	line = xasprintf("madoguchi-media 1 %s %s\n", id, secret);
	rc = fd == -1 || write(fd, line, strlen(line)) != (ssize_t)strlen(line) ||
	    fsync(fd) == -1;
	if (fd != -1 && close(fd) == -1)
		rc = 1;
	if (rc) {
		err_set(e, E_IO, "dir", "cannot write %s: %s", MEDIA_ID_FILE,
		    strerror(errno));
		if (fd != -1)
			unlink(path);
		ledger_rollback(s->lg);
	}
	sodium_memzero(secret, sizeof secret);
	sodium_memzero(line, strlen(line));
	free(line);
	free(path);
	if (rc)
		return -1;
	return ledger_commit(s->lg, e);
}

int
media_retire(struct session *s, const char *id, const char *how,
    struct err *e)
{
	struct audit_event ev = { "media-retire", id, how, "ok", NULL };
	char now[TIME_MAX];

	if (session_require(s, LEDGER_SYSTEM, ROLE_ADMIN, "media-retire", e) == -1)
		return -1;
	if (strcmp(how, "returned") != 0 && strcmp(how, "disposed") != 0 &&
	    strcmp(how, "lost") != 0)
		return err_set(e, E_USAGE, "how", "returned, disposed or lost");
	ledger_now(now);
	if (ledger_begin(s->lg, e) == -1)
		return -1;
	if (db_media_retire(s->lg->db, id, how, now, s->user.login, e) == -1 ||
	    audit_append(s->lg, s, NULL, &ev, e) == -1) {
		ledger_rollback(s->lg);
		return -1;
	}
	return ledger_commit(s->lg, e);
}

int
media_list(struct session *s, int (*fn)(void *, const struct db_media *),
    void *ctx, struct err *e)
{
	if (!session_has(s, LEDGER_SYSTEM, ROLE_AUDITOR) &&
	    !session_has_any(s, ROLE_OPERATOR) &&
	    session_require(s, LEDGER_SYSTEM, ROLE_ADMIN, "media-list", e) == -1)
		return -1;
	return db_media_each(s->lg->db, fn, ctx, e);
}

int
media_check(struct ledger *lg, const char *dir, struct db_media *m,
    struct err *e)
{
	char *path = xasprintf("%s/%s", dir, MEDIA_ID_FILE), line[256];
	char id[LOGIN_MAX], secret[80], h[HASH_HEX];
	struct stat st;
	FILE *f;
	int ok;

	f = fopen(path, "r");
	free(path);
	if (f == NULL)
		return err_set(e, E_MEDIA, "media", "no ID file on %s", dir);
	ok = fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode) &&
	    fgets(line, sizeof line, f) != NULL &&
	    sscanf(line, "madoguchi-media 1 %32s %79s", id, secret) == 2;
	fclose(f);
	sodium_memzero(line, sizeof line);
	if (!ok)
		return err_set(e, E_MEDIA, "media", "unreadable ID file");
	secret_hash(secret, h);
	sodium_memzero(secret, sizeof secret);
	if (db_media_get(lg->db, id, m, NULL) == -1)
		return err_set(e, E_MEDIA, "media", "%s is not registered", id);
	if (!m->active)
		return err_set(e, E_MEDIA, "media", "%s was retired (%s)", id,
		    m->retired_how);
	if (sodium_memcmp(h, m->secret_hash, HASH_HEX - 1) != 0)
		return err_set(e, E_MEDIA, "media", "the ID file of %s does not "
		    "match the register", id);
	return 0;
}
