/*
 * Allocation that never returns NULL: on exhaustion the registered fatal
 * hook runs (the tui restores the terminal) and the process exits 70.
 */
#ifndef MADOGUCHI_XMALLOC_H
#define MADOGUCHI_XMALLOC_H

#include <stddef.h>

void *xmalloc(size_t);
void *xcalloc(size_t, size_t);
void *xrealloc(void *, size_t);
char *xstrdup(const char *);
char *xstrndup(const char *, size_t);
/* Returns a newly allocated formatted string; the caller frees it. */
char *xasprintf(const char *, ...) __attribute__((format(printf, 1, 2)));
/* Called before exiting on a fatal error (e.g. endwin); may be NULL. */
void xmalloc_set_fatal_hook(void (*)(void));
/* Print msg to stderr after running the fatal hook, then exit(70). */
void fatal(const char *msg, ...) __attribute__((noreturn, format(printf, 1, 2)));
/* Overwrite n bytes so that secrets do not linger (not optimised away). */
void xwipe(void *, size_t);
/* Wipe then free a NUL-terminated secret; *p becomes NULL. */
void xfree_secret(char **p);

#endif
