/*
 * Locale and message-catalogue set-up.  English source strings live in the
 * code; po/ja.po gives Japanese.  An uninstalled build finds its catalogues
 * in build/locale beside the executable, an installed one in LOCALEDIR.
 */
#include <sys/stat.h>

#include <langinfo.h>
#include <libintl.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "i18n.h"
#include "path.h"
#include "xmalloc.h"

#ifndef LOCALEDIR
#define LOCALEDIR "/usr/local/share/locale"
#endif

#define DOMAIN "madoguchi"

static int
is_dir(const char *p)
{
	struct stat st;

	return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

/*
 * When the environment names a locale that is not installed (LANG=ja_JP.UTF-8
 * before locale-gen), setlocale fails and everything stays "C"; we then
 * fall back to C.UTF-8 so that wide characters still work and LANGUAGE=ja
 * (which gettext ignores under "C") still selects Japanese messages.
 */
int
i18n_init(void)
{
	const char *cs;
	char *exe, *dir = NULL;

	if (setlocale(LC_ALL, "") == NULL)
		setlocale(LC_ALL, "C.UTF-8");
	if ((exe = path_exe_dir()) != NULL) {
		dir = xasprintf("%s/locale", exe);
		free(exe);
		if (!is_dir(dir)) {
			free(dir);
			dir = NULL;
		}
	}
	bindtextdomain(DOMAIN, dir != NULL ? dir : LOCALEDIR);
	free(dir);
	bind_textdomain_codeset(DOMAIN, "UTF-8");
	textdomain(DOMAIN);
	cs = nl_langinfo(CODESET);
	return strcasecmp(cs, "UTF-8") == 0 || strcasecmp(cs, "utf8") == 0;
}

/*
 * gettext("") yields the header of the catalogue in effect (and "" when
 * none was found), so its Language field says what the user really gets,
 * whichever of LANGUAGE, LC_ALL, LC_MESSAGES or LANG chose it.
 */
int
i18n_is_japanese(void)
{
	const char *h = dgettext(DOMAIN, ""), *l;

	if (h == NULL || *h == '\0')
		return 0;
	for (l = h; l != NULL; l = strchr(l, '\n')) {
		if (*l == '\n')
			l++;
		if (strncmp(l, "Language:", 9) == 0) {
			l += 9;
			l += strspn(l, " \t");
			return strncmp(l, "ja", 2) == 0 &&
			    (l[2] == '\0' || strchr("_-@.\n\r ", l[2]) != NULL);
		}
	}
	/* A catalogue without a Language field: we only ship ja. */
	return 1;
}
