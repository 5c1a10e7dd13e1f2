/*
 * XDG base directories and private file-system objects.  Everything the
 * program creates holds personal data or its audit, so every directory is
 * 0700 and every file 0600 (the process umask is also set to 077 in main).
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "path.h"
#include "xmalloc.h"

static char *
xdg_dir(const char *var, const char *fallback)
{
	const char *v = getenv(var);
	const char *home;

	if (v != NULL && v[0] == '/')
		return xstrdup(v);
	home = getenv("HOME");
	if (home == NULL || *home == '\0')
		home = "/";
	return xasprintf("%s/%s", home, fallback);
}

char *
path_default_db(void)
{
	char *d = xdg_dir("XDG_DATA_HOME", ".local/share");
	char *p = xasprintf("%s/madoguchi/ledger.db", d);

	free(d);
	return p;
}

char *
path_default_config(void)
{
	char *d = xdg_dir("XDG_CONFIG_HOME", ".config");
	char *p = xasprintf("%s/madoguchi/config", d);

	free(d);
	return p;
}

char *
path_state_dir(void)
{
	char *d = xdg_dir("XDG_STATE_HOME", ".local/state");
	char *p = xasprintf("%s/madoguchi", d);

	free(d);
	return p;
}

int
path_mkdir_private(const char *dir, struct err *e)
{
	char *p = xstrdup(dir), *s;
	int rc = 0;

	for (s = p + 1; *s != '\0'; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(p, 0755) == -1 && errno != EEXIST) {
			rc = err_set(e, E_IO, "", "cannot create %s", p);
			goto out;
		}
		*s = '/';
	}
	if (mkdir(p, 0700) == -1 && errno != EEXIST)
		rc = err_set(e, E_IO, "", "cannot create %s", p);
out:
	free(p);
	return rc;
}

char *
path_dirname(const char *path)
{
	const char *slash = strrchr(path, '/');

	if (slash == NULL)
		return xstrdup(".");
	if (slash == path)
		return xstrdup("/");
	return xstrndup(path, (size_t)(slash - path));
}

int
path_prepare_parent(const char *file, struct err *e)
{
	char *d = path_dirname(file);
	struct stat st;
	int rc = 0;

	if (stat(d, &st) == -1)
		rc = path_mkdir_private(d, e);
	free(d);
	return rc;
}

int
path_check_private(const char *file, struct err *e)
{
	struct stat st;
	char *d;
	int rc = 0;

	if (stat(file, &st) == 0 && (st.st_mode & 077) != 0)
		return err_set(e, E_DB_PERMS, "", "%s has mode %03o",
		    file, (unsigned)(st.st_mode & 0777));
	d = path_dirname(file);
	if (stat(d, &st) == 0 && (st.st_mode & 007) != 0 &&
	    !(st.st_mode & S_ISVTX))
		rc = err_set(e, E_DB_PERMS, "", "%s has mode %03o",
		    d, (unsigned)(st.st_mode & 0777));
	free(d);
	return rc;
}

char *
path_exe_dir(void)
{
	char buf[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);

	if (n <= 0)
		return NULL;
	buf[n] = '\0';
	return path_dirname(buf);
}
