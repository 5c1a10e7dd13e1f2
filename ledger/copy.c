/*
 * Moving a ledger to another engine (copy.h).  The source's "copy-out"
 * row is written first so that the copied chain records the move; the
 * target's "copy-in" row continues that same chain, and the checkpoint
 * file travels with it so that `audit verify` on the target checks the
 * copied rows against the source's checkpoints.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "audit.h"
#include "copy.h"
#include "ledger_internal.h"

/* Replace the target's checkpoint file with the source's lines. */
static int
copy_checkpoint(const char *from, const char *to, struct err *e)
{
	char buf[8192];
	ssize_t n;
	int in, out, rc = 0;

	if (from == NULL || to == NULL)
		return 0;
	if ((in = open(from, O_RDONLY | O_CLOEXEC)) == -1)
		return errno == ENOENT ? 0 : err_set(e, E_IO, "", "%s", from);
	if ((out = open(to, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600)) == -1) {
		close(in);
		return err_set(e, E_IO, "", "cannot write %s", to);
	}
	while (rc == 0 && (n = read(in, buf, sizeof buf)) > 0)
		if (write(out, buf, (size_t)n) != n)
			rc = err_set(e, E_IO, "", "cannot write %s", to);
	close(in);
	if (close(out) == -1 && rc == 0)
		rc = err_set(e, E_IO, "", "cannot write %s", to);
	return rc;
}

int
copy_ledger(struct session *s, const char *target, int64_t *rows,
    struct err *e)
{
	struct audit_event ev = { "copy-out", NULL, NULL, "ok", NULL };
	struct ledger *dst;
	struct config *cfg;
	char detail[96];
	int64_t n = 0;

	if (session_require(s, LEDGER_SYSTEM, ROLE_ADMIN, "copy", e) == -1)
		return -1;
	cfg = config_new();
	config_set(cfg, "audit_syslog", "no");
	dst = ledger_open(target, cfg, e);
	config_free(&cfg);
	if (dst == NULL)
		return -1;
	snprintf(detail, sizeof detail, "to %s", db_engine(dst->db));
	ev.detail = detail;
	if (audit_append(s->lg, s, NULL, &ev, e) == -1 ||
	    ledger_begin(dst, e) == -1)
		goto fail;
	if (db_copy(s->lg->db, dst->db, &n, e) == -1) {
		ledger_rollback(dst);
		goto fail;
	}
	snprintf(detail, sizeof detail, "from %s, %lld rows",
	    db_engine(s->lg->db), (long long)n);
	ev.op = "copy-in";
	/* Checkpoints first: the copy-in row's own line then follows. */
	if (copy_checkpoint(s->lg->chain_path, dst->chain_path, e) == -1 ||
	    audit_append(dst, s, NULL, &ev, e) == -1 ||
	    ledger_commit(dst, e) == -1) {
		ledger_rollback(dst);
		goto fail;
	}
	if (rows != NULL)
		*rows = n;
	ledger_close(&dst);
	return 0;
fail:
	ledger_close(&dst);
	ev.op = "copy-out";
	ev.outcome = "failed";
	audit_append(s->lg, s, NULL, &ev, NULL);
	return -1;
}
