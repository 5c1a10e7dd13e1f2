/*
 * Fuzz target: the code-table CSV (codes_import) into every table of a
 * throwaway in-memory ledger, as its administrator.  The first byte
 * chooses the table; a refused file stores no row (the row count of the
 * table is unchanged).
 */
#include "codes.h"
#include "fuzz.h"

static struct fuzz_ledger F;

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_ledger(&F);
	return 0;
}

static int
count(void *ctx, const struct db_code *c)
{
	(void)c;
	++*(int *)ctx;
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	enum codes_table t;
	struct err e;
	char *s;
	int rows = -1, before = 0, after = 0, rc;

	if (size < 1)
		return 0;
	t = (enum codes_table)(data[0] % CODES_N);
	s = fuzz_cstr(data + 1, size - 1);
	if (t != CODES_FEE)
		codes_each(F.lg, t, count, &before, &e);
	rc = codes_import(F.admin, t, s, &rows, &e);
	if (t != CODES_FEE) {
		codes_each(F.lg, t, count, &after, &e);
		if (rc == -1)
			FUZZ_ASSERT(after == before, "refused, yet %d rows became %d",
			    before, after);
	}
	free(s);
	return 0;
}
