/*
 * Fuzz target: the resident import (import_run), CSV and fixed-length, on
 * a throwaway in-memory ledger.  The first input byte chooses the format,
 * the encoding and the options; the rest is the file, written into a
 * private directory.  A refused file commits nothing and creates no
 * record; every reported problem names a line within the file; the
 * totals of an imported file add up.
 */
#include "fuzz.h"
#include "import.h"

static struct fuzz_ledger F;
static size_t nlines;

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_ledger(&F);
	return 0;
}

static void
report(void *ctx, const struct import_problem *p)
{
	(void)ctx;
	FUZZ_ASSERT(p->line >= 0 && (size_t)p->line <= nlines + 1,
	    "problem on line %lld of %zu", (long long)p->line, nlines);
	FUZZ_ASSERT(p->field != NULL && p->detail != NULL, "NULL in a problem");
	FUZZ_ASSERT(err_message(p->code) != NULL, "code %d", (int)p->code);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const enc[] = { "utf-8", "cp932", "shift_jisx0213",
	    "euc-jp-ms" };
	struct import_opts o;
	struct import_result r;
	struct err e;
	const char *path;
	char errors[400];
	size_t i;
	int rc;

	if (size < 1)
		return 0;
	memset(&o, 0, sizeof o);
	o.format = data[0] & 1 ? IMPORT_FIXED : IMPORT_CSV;
	o.encoding = enc[(data[0] >> 1) & 3];
	o.ignore_unknown = data[0] >> 3 & 1;
	o.accept_alerts = data[0] >> 4 & 1;
	o.skip_bad = data[0] >> 5 & 1;
	snprintf(errors, sizeof errors, "%s/errors.csv", fuzz_dir());
	o.errors_path = errors;
	o.report = report;
	nlines = 1;
	for (i = 1; i < size; i++)
		nlines += data[i] == '\n' || data[i] == '\r';
	path = fuzz_file("input", data + 1, size - 1);
	rc = import_run(F.operator, path, &o, &r, &e);
	FUZZ_ASSERT(r.accepted + r.rejected <= r.total,
	    "%lld accepted + %lld rejected > %lld read", (long long)r.accepted,
	    (long long)r.rejected, (long long)r.total);
	if (rc == 0) {
		FUZZ_ASSERT(r.committed, "imported, not committed");
		FUZZ_ASSERT(r.created + r.updated + r.unchanged == r.accepted,
		    "accepted %lld", (long long)r.accepted);
	} else {
		/* accepted still counts the good records of a refused file */
		FUZZ_ASSERT(!r.committed, "refused, yet committed");
		FUZZ_ASSERT(r.created + r.updated + r.unchanged == 0,
		    "refused, yet %lld created", (long long)r.created);
	}
	unlink(errors);
	return 0;
}
