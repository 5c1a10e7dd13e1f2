/*
 * Shared includes and helpers for the cmocka unit tests.  Each test file
 * is its own program: `build/tests/test_NAME`.
 */
#ifndef MADOGUCHI_TESTUTIL_H
#define MADOGUCHI_TESTUTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

/* A fresh private temporary directory for one test (caller frees). */
static inline char *
test_tmpdir(void)
{
	const char *base = getenv("TMPDIR");
	char *t = malloc(4096);

	snprintf(t, 4096, "%s/madoguchi-test-XXXXXX", base ? base : "/tmp");
	if (mkdtemp(t) == NULL) {
		free(t);
		return NULL;
	}
	return t;
}

/* Remove a directory tree made by test_tmpdir. */
static inline void
test_rmtree(const char *dir)
{
	char cmd[4200];

	if (dir == NULL || strncmp(dir, "/", 1) != 0 || strstr(dir, "madoguchi-test-") == NULL)
		return;
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", dir);
}

#endif
