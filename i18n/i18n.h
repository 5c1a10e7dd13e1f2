/*
 * Translation: gettext with the English source strings in the code and
 * po/ja.po for Japanese.  Only tui/ and cli/ call _() on text they show.
 */
#ifndef MADOGUCHI_I18N_H
#define MADOGUCHI_I18N_H

#include <libintl.h>

#define _(s) gettext(s)
#ifndef N_
#define N_(s) (s)
#endif

/*
 * setlocale(LC_ALL, "") and bind the "madoguchi" domain, preferring a
 * locale/ directory beside the executable (an uninstalled build) over
 * LOCALEDIR.  Returns nonzero when the locale's codeset is UTF-8.
 */
int i18n_init(void);
/* Nonzero when messages are shown in Japanese. */
int i18n_is_japanese(void);

#endif
