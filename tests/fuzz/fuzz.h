/*
 * Helpers shared by the libFuzzer targets (tests/fuzz/fuzz_*.c): a
 * NUL-terminated copy of the input, a private temporary directory, and a
 * throwaway in-memory ledger with an administrator and an operator for
 * the parsers that are reached only through a session (import, codes).
 * Passwords hash at Argon2id's minimum cost, as in the unit tests.
 */
#ifndef MADOGUCHI_FUZZ_H
#define MADOGUCHI_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "auth.h"
#include "err.h"
#include "ledger.h"
#include "users.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

/* Stop the run with a message: the fuzzer reports it as a crash. */
#define FUZZ_ASSERT(cond, ...) do { \
	if (!(cond)) { \
		fprintf(stderr, "fuzz assertion failed: %s: ", #cond); \
		fprintf(stderr, __VA_ARGS__); \
		fputc('\n', stderr); \
		abort(); \
	} \
} while (0)

/* A NUL-terminated copy of data (caller frees). */
static inline char *
fuzz_cstr(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);

	if (s == NULL)
		abort();
	memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

/* A private directory, made once per process and removed at exit. */
static char fuzz_dir_path[256];

static void
fuzz_dir_remove(void)
{
	char cmd[300];

	if (fuzz_dir_path[0] != '\0' &&
	    strstr(fuzz_dir_path, "madoguchi-fuzz-") != NULL) {
		snprintf(cmd, sizeof cmd, "rm -rf '%s'", fuzz_dir_path);
		if (system(cmd) != 0)
			fprintf(stderr, "could not remove %s\n", fuzz_dir_path);
	}
}

static inline const char *
fuzz_dir(void)
{
	const char *t = getenv("TMPDIR");

	if (fuzz_dir_path[0] == '\0') {
		snprintf(fuzz_dir_path, sizeof fuzz_dir_path,
		    "%s/madoguchi-fuzz-XXXXXX", t ? t : "/tmp");
		if (mkdtemp(fuzz_dir_path) == NULL)
			abort();
		atexit(fuzz_dir_remove);
	}
	return fuzz_dir_path;
}

/* Write data to DIR/name (0600); the path is static. */
static inline const char *
fuzz_file(const char *name, const uint8_t *data, size_t size)
{
	static char path[400];
	FILE *fp;

	snprintf(path, sizeof path, "%s/%s", fuzz_dir(), name);
	if ((fp = fopen(path, "wb")) == NULL ||
	    fwrite(data, 1, size, fp) != size || fclose(fp) != 0)
		abort();
	return path;
}

struct fuzz_ledger {
	struct ledger *lg;
	struct session *admin, *operator;
};

/* An in-memory ledger with "admin" and "operator" (resident) logged in. */
static inline void
fuzz_ledger(struct fuzz_ledger *f)
{
	char state[300];
	struct err e;

	auth_hash_minimum();
	snprintf(state, sizeof state, "%s/state", fuzz_dir());
	setenv("XDG_STATE_HOME", state, 1);
	setenv("MADOGUCHI_TERMINAL", "FUZZ", 1);
	if ((f->lg = ledger_open(":memory:", NULL, &e)) == NULL ||
	    users_bootstrap(f->lg, "admin", "fuzz-admin-1", &e) == -1 ||
	    (f->admin = auth_login(f->lg, "admin", "fuzz-admin-1", &e)) == NULL ||
	    users_add(f->admin, "operator", "運用", "fuzz-oper-1", &e) == -1 ||
	    users_grant(f->admin, "operator", ROLE_OPERATOR, LEDGER_RESIDENT,
	    &e) == -1 ||
	    (f->operator = auth_login(f->lg, "operator", "fuzz-oper-1",
	    &e)) == NULL) {
		fprintf(stderr, "fuzz ledger: %s %s\n", err_message(e.code),
		    e.detail);
		abort();
	}
}

#endif
