/*
 * Removal of transient files at start-up and by the daily job
 * (transient.h).  A directory that does not exist is simply skipped: it
 * is never created here.  Each file is deleted inside a transaction that
 * holds its audit row, so that the row is kept only when the file went.
 */
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "audit.h"
#include "clock.h"
#include "ledger_internal.h"
#include "path.h"
#include "transient.h"
#include "xmalloc.h"

static int startup_on;
static int startup_done;
static struct transient_report startup_rep;

/* ---- business days -------------------------------------------------------- */

static int
cmp_long(const void *a, const void *b)
{
	long x = *(const long *)a, y = *(const long *)b;

	return x < y ? -1 : x > y;
}

/* The holiday table's path, or NULL when none is configured or present. */
static char *
holidays_path(struct ledger *lg)
{
	const char *cfg = config_get(lg->cfg, "holidays_file");
	char *def, *dir, *p;

	if (cfg != NULL && *cfg != '\0')
		return xstrdup(cfg);
	def = path_default_config();
	dir = path_dirname(def);
	p = xasprintf("%s/holidays", dir);
	free(def);
	free(dir);
	if (access(p, F_OK) != 0) {
		free(p);
		return NULL;
	}
	return p;
}

int
transient_holidays(struct ledger *lg, long **days, size_t *n, struct err *e)
{
	char *path = holidays_path(lg), *line = NULL;
	size_t cap = 0, lcap = 0, len, lineno = 0;
	struct ymd d;
	struct err e2;
	FILE *f;
	int rc = 0;

	*days = NULL;
	*n = 0;
	if (path == NULL)
		return 0;
	if ((f = fopen(path, "r")) == NULL) {
		rc = err_set(e, E_IO, "holidays_file", "%.200s: %s", path,
		    strerror(errno));
		free(path);
		return rc;
	}
	while (getline(&line, &lcap, f) != -1) {
		lineno++;
		if (line[0] < '0' || line[0] > '9')
			continue;
		len = strcspn(line, ", \t\r\n");
		line[len] = '\0';
		if (wareki_parse(line, &d, &e2) == -1) {
			rc = err_set(e, E_DATE_FORMAT, "holidays_file",
			    "%.200s line %zu: %.40s", path, lineno, line);
			break;
		}
		if (*n == cap) {
			cap = cap ? 2 * cap : 32;
			*days = xrealloc(*days, cap * sizeof **days);
		}
		(*days)[(*n)++] = ymd_to_days(&d);
	}
	if (rc == 0 && ferror(f))
		rc = err_set(e, E_IO, "holidays_file", "%.200s", path);
	fclose(f);
	free(line);
	free(path);
	if (rc == -1) {
		free(*days);
		*days = NULL;
		*n = 0;
		return -1;
	}
	if (*n > 1)
		qsort(*days, *n, sizeof **days, cmp_long);
	return 0;
}

int
transient_business_day(const struct ymd *d, const long *holidays, size_t n)
{
	long days = ymd_to_days(d);
	long dow = ((days % 7) + 7 + 4) % 7;	/* 1970-01-01 was a Thursday */

	if (dow == 0 || dow == 6)
		return 0;
	/* 行政機関の休日: the year-end closing, 29 December to 3 January. */
	if ((d->m == 12 && d->d >= 29) || (d->m == 1 && d->d <= 3))
		return 0;
	return n == 0 || bsearch(&days, holidays, n, sizeof *holidays,
	    cmp_long) == NULL;
}

void
transient_next_business_day(const struct ymd *d, const long *holidays,
    size_t n, struct ymd *out)
{
	long days = ymd_to_days(d);

	do
		ymd_from_days(++days, out);
	while (!transient_business_day(out, holidays, n));
}

/* ---- the clean-up --------------------------------------------------------- */

/* One directory of transient files. */
struct tdir {
	const char *kind;		/* "spool", "staging", "work" */
	char *path;
	int named_only;			/* only the notices' own names */
};

/* Whether name is one of the files notices_run and the sample page
 * write into the spool directory. */
static int
spool_name(const char *name)
{
	size_t len = strlen(name);

	if (strncmp(name, "notices-", 8) == 0 || strncmp(name, "sample-", 7) == 0)
		return len > 4 && strcmp(name + len - 4, ".pdf") == 0;
	if (strncmp(name, ".notices-", 9) == 0)
		return len > 8 && strcmp(name + len - 8, ".pdf.tmp") == 0;
	return 0;
}

/* Delete dir/name with its audit row (one transaction). */
static int
remove_one(struct ledger *lg, const struct session *s, const char *actor,
    const struct tdir *t, const char *path, const char *name,
    const char *written, const char *due, struct err *e)
{
	struct audit_event ev = { "transient-remove", NULL, NULL, "ok", NULL };
	char target[96], detail[160];

	snprintf(target, sizeof target, "%s:%.80s", t->kind, name);
	snprintf(detail, sizeof detail, "R-51: written %s, due %s", written,
	    due);
	ev.target = target;
	ev.detail = detail;
	if (ledger_begin(lg, e) == -1)
		return -1;
	if (audit_append(lg, s, s != NULL ? NULL : actor, &ev, e) == -1) {
		ledger_rollback(lg);
		return -1;
	}
	if (unlink(path) == -1) {
		err_set(e, E_IO, "transient", "%.80s: %s", name,
		    strerror(errno));
		ledger_rollback(lg);
		return 1;
	}
	return ledger_commit(lg, e);
}

static int
clean_dir(struct ledger *lg, const struct session *s, const char *actor,
    const struct tdir *t, const long *hol, size_t nhol,
    struct transient_report *rep, struct err *e)
{
	struct dirent *de;
	struct stat st;
	struct tm tm;
	struct ymd today, made, due;
	char written[11], duestr[11], *path;
	DIR *d;
	int rc = 0, r;

	if ((d = opendir(t->path)) == NULL)
		return 0;		/* none yet */
	ymd_today(&today);
	while (rc == 0 && (de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		if (t->named_only && !spool_name(de->d_name))
			continue;
		path = xasprintf("%s/%s", t->path, de->d_name);
		if (lstat(path, &st) == -1 || !S_ISREG(st.st_mode) ||
		    localtime_r(&st.st_mtime, &tm) == NULL) {
			free(path);
			continue;
		}
		made.y = tm.tm_year + 1900;
		made.m = tm.tm_mon + 1;
		made.d = tm.tm_mday;
		transient_next_business_day(&made, hol, nhol, &due);
		if (ymd_cmp(&today, &due) < 0) {
			rep->kept++;
			free(path);
			continue;
		}
		ymd_to_iso(&made, written);
		ymd_to_iso(&due, duestr);
		r = remove_one(lg, s, actor, t, path, de->d_name, written,
		    duestr, e);
		if (r == 0)
			rep->removed++;
		else if (r == 1)
			rep->failed++;
		else
			rc = -1;
		free(path);
	}
	closedir(d);
	return rc;
}

int
transient_clean(struct ledger *lg, const struct session *s,
    const char *actor, struct transient_report *rep, struct err *e)
{
	struct tdir dirs[3];
	long *hol = NULL;
	size_t nhol = 0, i;
	char *state;
	int rc = -1;

	memset(rep, 0, sizeof *rep);
	if (actor == NULL)
		actor = "(daily)";
	if (notices_recover(lg, s, actor, &rep->jobs, e) == -1)
		return -1;
	if (transient_holidays(lg, &hol, &nhol, e) == -1)
		return -1;
	state = path_state_dir();
	dirs[0] = (struct tdir){ "spool", notices_spool_path(lg), 1 };
	dirs[1] = (struct tdir){ "staging", xasprintf("%s/staging", state),
	    0 };
	dirs[2] = (struct tdir){ "work", xasprintf("%s/work", state), 0 };
	free(state);
	for (i = 0; i < 3; i++)
		if (clean_dir(lg, s, actor, &dirs[i], hol, nhol, rep, e) == -1)
			goto out;
	rc = 0;
out:
	for (i = 0; i < 3; i++)
		free(dirs[i].path);
	free(hol);
	return rc;
}

void
transient_at_startup(int on)
{
	startup_on = on;
}

void
transient_startup(struct ledger *lg)
{
	struct err e;

	if (!startup_on || startup_done)
		return;
	startup_done = 1;
	transient_clean(lg, NULL, "(startup)", &startup_rep, &e);
}

const struct transient_report *
transient_startup_report(void)
{
	return &startup_rep;
}
