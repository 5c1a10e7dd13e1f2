/*
 * The hash-chained operation log and its verification.
 *
 * hash(row) = BLAKE2b-256(prev_hash || 0x1f || seq || 0x1f || at || ... ||
 * reason), hex-encoded; the first row's prev_hash is 64 zeros.  Sequence
 * numbers are contiguous from 1, so a deleted row shows as a gap, a
 * modified row as a hash mismatch, an inserted row as a broken link, and
 * removed newest rows as a checkpoint the database no longer reaches.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "audit.h"
#include "buf.h"
#include "ledger_internal.h"
#include "xmalloc.h"

static const char zero_hash[HASH_HEX] =
    "0000000000000000000000000000000000000000000000000000000000000000";

void
audit_row_hash(const struct db_audit_row *r, char out[HASH_HEX])
{
	crypto_generichash_state st;
	unsigned char h[32];
	char seq[24];
	const char *parts[] = {
		r->prev_hash, seq, r->at, r->user_login, r->terminal,
		r->category, r->op, r->target, r->detail, r->outcome, r->reason,
	};
	size_t i;

	snprintf(seq, sizeof seq, "%lld", (long long)r->seq);
	crypto_generichash_init(&st, NULL, 0, sizeof h);
	for (i = 0; i < sizeof parts / sizeof parts[0]; i++) {
		crypto_generichash_update(&st, (const unsigned char *)parts[i],
		    strlen(parts[i]));
		crypto_generichash_update(&st, (const unsigned char *)"\x1f", 1);
	}
	crypto_generichash_final(&st, h, sizeof h);
	sodium_bin2hex(out, HASH_HEX, h, sizeof h);
}

int
audit_append(struct ledger *lg, const struct session *s, const char *login,
    const struct audit_event *ev, struct err *e)
{
	struct db_audit_row r;
	int own = !db_in_transaction(lg->db);
	int64_t seq;

	if (own && ledger_begin(lg, e) == -1)
		return -1;
	memset(&r, 0, sizeof r);
	if (db_audit_head(lg->db, &seq, r.prev_hash, e) == -1)
		goto fail;
	if (seq == 0)
		memcpy(r.prev_hash, zero_hash, HASH_HEX);
	r.seq = seq + 1;
	ledger_now(r.at);
	snprintf(r.user_login, sizeof r.user_login, "%s",
	    s != NULL ? s->user.login : (login != NULL ? login : ""));
	snprintf(r.terminal, sizeof r.terminal, "%s", lg->terminal);
	snprintf(r.category, sizeof r.category, "%s", s ? s->category : "");
	snprintf(r.op, sizeof r.op, "%s", ev->op);
	snprintf(r.target, sizeof r.target, "%s", ev->target ? ev->target : "");
	snprintf(r.detail, sizeof r.detail, "%s", ev->detail ? ev->detail : "");
	snprintf(r.outcome, sizeof r.outcome, "%s", ev->outcome ? ev->outcome : "ok");
	snprintf(r.reason, sizeof r.reason, "%s", ev->reason ? ev->reason : "");
	audit_row_hash(&r, r.hash);
	if (db_audit_insert(lg->db, &r, e) == -1)
		goto fail;
	lg->pending_seq = r.seq;
	memcpy(lg->pending_hash, r.hash, HASH_HEX);
	return own ? ledger_commit(lg, e) : 0;
fail:
	if (own)
		ledger_rollback(lg);
	return -1;
}

struct verify_ctx {
	struct audit_report *rep;
	int64_t expect;
	char prev[HASH_HEX];
	int64_t cp_seq;		/* newest checkpoint line */
	char cp_hash[HASH_HEX];
	int cp_seen;		/* the row of cp_seq was reached */
};

static int
bad(struct verify_ctx *c, int64_t seq, const char *what)
{
	c->rep->bad_seq = seq;
	snprintf(c->rep->problem, sizeof c->rep->problem, "%s", what);
	return 1;
}

static int
verify_row(void *ctx, const struct db_audit_row *r)
{
	struct verify_ctx *c = ctx;
	char h[HASH_HEX];

	c->rep->rows++;
	if (r->seq != c->expect)
		return bad(c, c->expect, r->seq > c->expect ?
		    "row missing: deleted from the log" :
		    "row out of sequence: inserted out of band");
	if (strcmp(r->prev_hash, c->prev) != 0)
		return bad(c, r->seq, "link to the previous row broken: "
		    "a row was inserted, deleted or changed before it");
	audit_row_hash(r, h);
	if (strcmp(h, r->hash) != 0)
		return bad(c, r->seq, "content does not match its hash: "
		    "the row was modified");
	if (r->seq == c->cp_seq) {
		c->cp_seen = 1;
		if (strcmp(r->hash, c->cp_hash) != 0)
			return bad(c, r->seq, "row differs from the checkpoint "
			    "file: the log was rewritten");
	}
	memcpy(c->prev, r->hash, HASH_HEX);
	c->expect++;
	return 0;
}

/*
 * A retention purge (ledger/purge.c) removes rows 1..N and leaves an anchor:
 * (N, hash of row N) in the purge_anchor table and an "anchor N HASH TIME"
 * line in the checkpoint file.  Verification then starts at row N + 1
 * linked to the anchor's hash; an anchor that the checkpoint file does not
 * confirm (when there is one) is itself a break.  Returns 1 when the
 * anchor seq/hash is in the file, 0 when not, -1 when there is no file.
 */
static int
anchor_confirmed(const char *path, int64_t seq, const char *hash)
{
	FILE *f;
	char line[256], h[HASH_HEX];
	long long s;
	int found = 0;

	if (path == NULL || (f = fopen(path, "r")) == NULL)
		return -1;
	while (!found && fgets(line, sizeof line, f) != NULL)
		found = sscanf(line, "anchor %lld %64s", &s, h) == 2 &&
		    s == seq && strcmp(h, hash) == 0;
	fclose(f);
	return found;
}

int
audit_write_anchor(struct ledger *lg, int64_t seq, const char *hash,
    struct err *e)
{
	char line[160], at[TIME_MAX];
	int fd, n;

	if (lg->chain_path == NULL)
		return 0;
	ledger_now(at);
	n = snprintf(line, sizeof line, "anchor %lld %s %s\n", (long long)seq,
	    hash, at);
	fd = open(lg->chain_path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC,
	    0600);
	if (fd == -1 || write(fd, line, (size_t)n) != n) {
		if (fd != -1)
			close(fd);
		return err_set(e, E_IO, "", "cannot append the purge anchor to "
		    "the checkpoint file");
	}
	return close(fd) == 0 ? 0 : err_set(e, E_IO, "", "checkpoint file");
}

/* Read the newest line of the checkpoint file; 0 when none or no file. */
static void
read_checkpoint(const char *path, int64_t *seq, char hash[HASH_HEX])
{
	FILE *f;
	char line[256], h[HASH_HEX];
	long long s;

	*seq = 0;
	hash[0] = '\0';
	if (path == NULL || (f = fopen(path, "r")) == NULL)
		return;
	while (fgets(line, sizeof line, f) != NULL) {
		if (sscanf(line, "%lld %64s", &s, h) == 2 && s > *seq) {
			*seq = s;
			memcpy(hash, h, HASH_HEX);
		}
	}
	fclose(f);
}

int
audit_verify_ledger(struct ledger *lg, struct audit_report *rep, struct err *e)
{
	struct verify_ctx c;
	int64_t aseq;
	char ahash[HASH_HEX];

	memset(rep, 0, sizeof *rep);
	memset(&c, 0, sizeof c);
	c.rep = rep;
	c.expect = 1;
	memcpy(c.prev, zero_hash, HASH_HEX);
	read_checkpoint(lg->chain_path, &c.cp_seq, c.cp_hash);
	rep->checkpoint_seq = c.cp_seq;
	/* A database from before migration 8 has no anchor table: then
	 * the chain must start at row 1, which is the stricter check. */
	if (db_purge_anchor_latest(lg->db, &aseq, ahash, NULL) == 0 &&
	    aseq > 0) {
		if (anchor_confirmed(lg->chain_path, aseq, ahash) == 0) {
			rep->bad_seq = aseq + 1;
			snprintf(rep->problem, sizeof rep->problem, "the purge "
			    "anchor at row %lld is not in the checkpoint file",
			    (long long)aseq);
			return err_set(e, E_AUDIT_BROKEN, "", "%s", rep->problem);
		}
		c.expect = aseq + 1;
		memcpy(c.prev, ahash, HASH_HEX);
		rep->anchor_seq = aseq;
	}
	if (db_audit_each(lg->db, NULL, verify_row, &c, e) == -1)
		return -1;
	if (rep->bad_seq != 0)
		return err_set(e, E_AUDIT_BROKEN, "", "row %lld: %s",
		    (long long)rep->bad_seq, rep->problem);
	if (c.cp_seq > 0 && !c.cp_seen) {
		rep->bad_seq = c.expect;
		snprintf(rep->problem, sizeof rep->problem,
		    "rows %lld to %lld are checkpointed but missing: "
		    "the newest rows were removed", (long long)c.expect,
		    (long long)c.cp_seq);
		return err_set(e, E_AUDIT_TRUNCATED, "", "%s", rep->problem);
	}
	return 0;
}

int
audit_verify(struct session *s, struct audit_report *rep, struct err *e)
{
	struct audit_event ev = { "audit-verify", NULL, NULL, "ok", NULL };
	char detail[64];
	int rc;

	memset(rep, 0, sizeof *rep);	/* a refusal reports nothing */
	if (!session_has(s, LEDGER_SYSTEM, ROLE_AUDITOR) &&
	    session_require(s, LEDGER_SYSTEM, ROLE_ADMIN, "audit-verify", e) == -1)
		return -1;
	rc = audit_verify_ledger(s->lg, rep, e);
	snprintf(detail, sizeof detail, "rows=%lld bad=%lld",
	    (long long)rep->rows, (long long)rep->bad_seq);
	ev.detail = detail;
	ev.outcome = rc == 0 ? "ok" : "failed";
	audit_append(s->lg, s, NULL, &ev, NULL);
	return rc;
}

int
audit_list(struct session *s, const struct db_audit_filter *f,
    int (*fn)(void *, const struct db_audit_row *), void *ctx, struct err *e)
{
	struct audit_event ev = { "audit-list", NULL, NULL, "ok", NULL };
	struct buf b;
	int rc;

	if (session_require(s, LEDGER_SYSTEM, ROLE_AUDITOR, "audit-list", e) == -1)
		return -1;
	rc = db_audit_each(s->lg->db, f, fn, ctx, e);
	buf_init(&b);
	buf_adds(&b, "filter:");
	if (f != NULL) {
		if (f->user_login) buf_adds(&b, " user");
		if (f->op) buf_adds(&b, " op");
		if (f->target) buf_adds(&b, " target");
		if (f->from || f->to) buf_adds(&b, " date");
	}
	ev.detail = b.data;
	ev.outcome = rc == 0 ? "ok" : "error";
	audit_append(s->lg, s, NULL, &ev, NULL);
	buf_free(&b);
	return rc;
}
