/*
 * Opening a ledger, settings, role names and rights checks, and the
 * transaction wrappers that keep the audit checkpoint in step.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <unistd.h>

#include <sodium.h>

#include "audit.h"
#include "backup.h"
#include "clock.h"
#include "ledger_internal.h"
#include "path.h"
#include "purge.h"
#include "transient.h"
#include "visibility.h"
#include "xmalloc.h"

static const char *const ledger_names[LEDGER_N] = {
	"resident", "child", "elderly", "vaccine", "system"
};

static const struct {
	enum role role;
	const char *name;
} role_names[] = {
	{ ROLE_CLERK, "clerk" },
	{ ROLE_SUPERVISOR, "supervisor" },
	{ ROLE_OPERATOR, "operator" },
	{ ROLE_AUDITOR, "auditor" },
	{ ROLE_ADMIN, "admin" },
};

const char *
ledger_name(enum ledger_id id)
{
	return (id >= 0 && id < LEDGER_N) ? ledger_names[id] : "?";
}

int
ledger_from_name(const char *name, enum ledger_id *out)
{
	int i;

	for (i = 0; i < LEDGER_N; i++) {
		if (strcmp(name, ledger_names[i]) == 0) {
			*out = (enum ledger_id)i;
			return 0;
		}
	}
	return -1;
}

const char *
role_name(enum role r)
{
	size_t i;

	for (i = 0; i < sizeof role_names / sizeof role_names[0]; i++)
		if (role_names[i].role == r)
			return role_names[i].name;
	return "?";
}

int
role_from_name(const char *name, enum role *out)
{
	size_t i;

	for (i = 0; i < sizeof role_names / sizeof role_names[0]; i++) {
		if (strcmp(name, role_names[i].name) == 0) {
			*out = role_names[i].role;
			return 0;
		}
	}
	return -1;
}

static void
pick_terminal(struct ledger *lg)
{
	const char *t = config_get(lg->cfg, "terminal_id");
	char host[LOGIN_MAX];

	if (t == NULL || *t == '\0')
		t = getenv("MADOGUCHI_TERMINAL");
	if (t == NULL || *t == '\0') {
		if (gethostname(host, sizeof host) == -1)
			snprintf(host, sizeof host, "unknown");
		host[sizeof host - 1] = '\0';
		t = host;
	}
	snprintf(lg->terminal, sizeof lg->terminal, "%s", t);
}


/*
 * Bring the schema up to date.  A new database is simply created; an
 * existing one is migrated only after a full backup: with the
 * given options, or with the configured backup_dir and backup_key_file;
 * otherwise E_MIGRATION_BACKUP tells how to do it.
 */
static int
migrate(struct ledger *lg, const struct backup_opts *mig, struct err *e)
{
	struct sealed_secret sec = { NULL, NULL };
	struct backup_opts o = { NULL, 0, &sec };
	struct backup_result res;
	int v = db_schema_version(lg->db);

	if (v >= db_schema_latest())
		return 0;
	if (v == 0)
		return db_migrate(lg->db, e);
	if (mig == NULL) {
		o.dir = config_get(lg->cfg, "backup_dir");
		sec.key_file = config_get(lg->cfg, "backup_key_file");
		if (o.dir == NULL || *o.dir == '\0' || sec.key_file == NULL ||
		    *sec.key_file == '\0')
			return err_set(e, E_MIGRATION_BACKUP, "",
			    "schema %d, this program %d", v, db_schema_latest());
		mig = &o;
	}
	return backup_before_migration(lg, mig, &res, e);
}

struct ledger *
ledger_open(const char *target, const struct config *cfg, struct err *e)
{
	return ledger_open_ex(target, cfg, NULL, e);
}

struct ledger *
ledger_open_ex(const char *target, const struct config *cfg,
    const struct backup_opts *mig, struct err *e)
{
	struct ledger *lg;
	const char *sl, *cp;

	if (sodium_init() < 0) {
		err_set(e, E_NOMEM, "", "libsodium failed to initialise");
		return NULL;
	}
	lg = xcalloc(1, sizeof *lg);
	lg->chain_fd = -1;
	lg->cfg = config_dup(cfg);
	pick_terminal(lg);
	if ((lg->db = db_open_nomigrate(target, e)) == NULL) {
		ledger_close(&lg);
		return NULL;
	}
	/* The audit checkpoint: beside a database file; for a server, the
	 * configured file or one in this machine's state directory. */
	if ((cp = config_get(lg->cfg, "audit_checkpoint_file")) != NULL && *cp)
		lg->chain_path = xstrdup(cp);
	else if (db_file(lg->db) != NULL)
		lg->chain_path = xasprintf("%s.chain", db_file(lg->db));
	else if (strcmp(db_engine(lg->db), "sqlite") != 0) {
		char *dir = path_state_dir();

		if (path_mkdir_private(dir, NULL) == 0)
			lg->chain_path = xasprintf("%s/audit.chain", dir);
		free(dir);
	}
	sl = config_get(lg->cfg, "audit_syslog");
	if (sl == NULL || strcmp(sl, "auto") == 0)
		lg->syslog_on = access("/dev/log", W_OK) == 0;
	else
		lg->syslog_on = strcmp(sl, "yes") == 0 || strcmp(sl, "1") == 0;
	if (lg->syslog_on)
		openlog("madoguchi", LOG_NDELAY | LOG_PID, LOG_AUTHPRIV);
	if (migrate(lg, mig, e) == -1) {
		ledger_close(&lg);
		return NULL;
	}
	transient_startup(lg);		/* R-51, crashed notice jobs */
	return lg;
}

void
ledger_close(struct ledger **lgp)
{
	struct ledger *lg;

	if (lgp == NULL || (lg = *lgp) == NULL)
		return;
	db_close(&lg->db);
	config_free(&lg->cfg);
	if (lg->chain_fd != -1)
		close(lg->chain_fd);
	if (lg->syslog_on)
		closelog();
	free(lg->chain_path);
	free(lg);
	*lgp = NULL;
}

int
ledger_schema_version(struct ledger *lg)
{
	return db_schema_version(lg->db);
}

const char *
ledger_terminal(const struct ledger *lg)
{
	return lg->terminal;
}

const char *
ledger_file(const struct ledger *lg)
{
	return db_file(lg->db);
}

void
ledger_now(char out[TIME_MAX])
{
	clock_format(clock_now(), out, TIME_MAX);
}

long
ledger_setting_long(struct ledger *lg, const char *key, long def, long min,
    long max)
{
	char v[64];
	char *end;
	long n;

	if (db_setting_get(lg->db, key, v, sizeof v, NULL) == 0) {
		n = strtol(v, &end, 10);
		if (*v != '\0' && *end == '\0' && n >= min && n <= max)
			return n;
	}
	return config_get_long(lg->cfg, key, def, min, max);
}

/* Settings an admin may change, with the compiled-in bounds. */
static const struct {
	const char *key;
	long min, max;
} setting_bounds[] = {
	{ "lockout_threshold", 1, 10 },
	{ "password_max_age_days", 1, 365 },
	{ "password_history", 1, 24 },
	{ "search_cap", 1, 1000 },
	{ "search_allow_address_dob", 0, 1 },
	{ "idle_lock_seconds", 10, 3600 },
	{ "auto_logoff_seconds", 60, 28800 },
	{ "draft_keep_days", 1, 90 },
	{ "bulk_threshold", 1, 10000000 },
	{ "approval_window_hours", 1, 720 },
	{ "edit_lock_minutes", 1, 480 },
};

static int
setting_valid(const char *key, const char *value, struct err *e)
{
	char *end;
	long n;
	size_t i;

	for (i = 0; i < sizeof setting_bounds / sizeof setting_bounds[0]; i++) {
		if (strcmp(key, setting_bounds[i].key) != 0)
			continue;
		n = strtol(value, &end, 10);
		if (*value == '\0' || *end != '\0' || n < setting_bounds[i].min ||
		    n > setting_bounds[i].max)
			return err_set(e, E_USAGE, key, "must be %ld to %ld",
			    setting_bounds[i].min, setting_bounds[i].max);
		return 0;
	}
	if (strncmp(key, "visibility.", 11) == 0)
		return visibility_setting_check(key, value, e);
	if (strncmp(key, "confirm_keys.", 13) == 0) {
		enum ledger_id l;

		if (ledger_from_name(key + 13, &l) == -1 || l == LEDGER_SYSTEM)
			return err_set(e, E_USAGE, key, "no such ledger");
		if (*value == '\0' || strspn(value,
		    "abcdefghijklmnopqrstuvwxyz_,") != strlen(value))
			return err_set(e, E_USAGE, key,
			    "a comma-separated list of field names");
		return 0;
	}
	if (strncmp(key, "retention.", 10) == 0)
		return purge_setting_check(key, value, e);
	return err_set(e, E_USAGE, key, "no such setting");
}

int
ledger_setting_put(struct session *s, const char *key, const char *value,
    struct err *e)
{
	struct ledger *lg = s->lg;
	struct audit_event ev = { "setting", key, NULL, "ok", NULL };
	char old[64] = "", now[TIME_MAX], *detail;
	int rc;

	if (session_require(s, LEDGER_SYSTEM, ROLE_ADMIN, "setting", e) == -1 ||
	    setting_valid(key, value, e) == -1)
		return -1;
	if (ledger_begin(lg, e) == -1)
		return -1;
	db_setting_get(lg->db, key, old, sizeof old, NULL);
	ledger_now(now);
	detail = xasprintf("old=%s new=%s", old, value);
	ev.detail = detail;
	rc = db_setting_put(lg->db, key, value, now, s->user.login, e);
	if (rc == 0)
		rc = audit_append(lg, s, NULL, &ev, e);
	free(detail);
	if (rc == -1) {
		ledger_rollback(lg);
		return -1;
	}
	return ledger_commit(lg, e);
}

int
session_has(const struct session *s, enum ledger_id l, enum role r)
{
	if (s == NULL || s->must_change || l < 0 || l >= LEDGER_N)
		return 0;
	return (s->roles[l] & r) != 0;
}

int
session_has_any(const struct session *s, enum role r)
{
	int l;

	for (l = 0; l < LEDGER_N; l++)
		if (session_has(s, (enum ledger_id)l, r))
			return 1;
	return 0;
}

int
session_require(struct session *s, enum ledger_id l, enum role r,
    const char *op, struct err *e)
{
	struct audit_event ev = { op, NULL, NULL, "denied", NULL };
	char detail[96];

	if (session_has(s, l, r))
		return 0;
	snprintf(detail, sizeof detail, "R-10: needs %s on %s%s", role_name(r),
	    ledger_name(l), s->must_change ? " (password change pending)" : "");
	ev.detail = detail;
	audit_append(s->lg, s, NULL, &ev, NULL);
	return err_set(e, s->must_change ? E_AUTH_EXPIRED : E_DENIED, "",
	    "%s", op);
}

int
ledger_begin(struct ledger *lg, struct err *e)
{
	lg->pending_seq = 0;
	return db_begin(lg->db, e);
}

static void
write_checkpoint(struct ledger *lg)
{
	char line[160], at[TIME_MAX];
	int n;

	if (lg->pending_seq == 0)
		return;
	if (lg->chain_path != NULL) {
		if (lg->chain_fd == -1)
			lg->chain_fd = open(lg->chain_path,
			    O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
		ledger_now(at);
		n = snprintf(line, sizeof line, "%lld %s %s\n",
		    (long long)lg->pending_seq, lg->pending_hash, at);
		if (lg->chain_fd != -1 && write(lg->chain_fd, line, (size_t)n) != n)
			syslog(LOG_ERR, "cannot append audit checkpoint");
	}
	if (lg->syslog_on)
		syslog(LOG_INFO, "audit head %lld %s",
		    (long long)lg->pending_seq, lg->pending_hash);
	lg->pending_seq = 0;
}

int
ledger_commit(struct ledger *lg, struct err *e)
{
	if (db_commit(lg->db, e) == -1) {
		lg->pending_seq = 0;
		return -1;
	}
	write_checkpoint(lg);
	return 0;
}

void
ledger_rollback(struct ledger *lg)
{
	db_rollback(lg->db);
	lg->pending_seq = 0;
}
