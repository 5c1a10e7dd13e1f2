/*
 * Fuzz target: the sealed-file reader (sealed_open, sealed_read) with a
 * key file.  Garbage must fail cleanly: an error code, no crash, no read
 * past a buffer, and never a chunk of plain text from a file that does
 * not authenticate to the end.  Seeds are real sealed files made with the
 * key below (scripts/fuzz --seed-sealed writes them).
 */
#include <fcntl.h>
#include <sys/stat.h>

#include "fuzz.h"
#include "sealed.h"

static char keyfile[400];

/* The fixed test key: bytes 0x00..0x1f. */
static void
write_key(void)
{
	unsigned char k[32];
	int fd, i;

	for (i = 0; i < 32; i++)
		k[i] = (unsigned char)i;
	snprintf(keyfile, sizeof keyfile, "%s/key", fuzz_dir());
	fd = open(keyfile, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (fd == -1 || write(fd, k, sizeof k) != (ssize_t)sizeof k ||
	    close(fd) != 0)
		abort();
}

/* FUZZ_SEAL_SEEDS=DIR: write sealed seed files into DIR and exit. */
static void
write_seeds(const char *dir)
{
	static const char *const text[] = {
		"",
		"宛名番号,個人番号,氏名\n0000000001,123456789018,漏洩　太郎\n",
	};
	struct sealed_secret sec = { NULL, keyfile };
	struct sealed_writer *w;
	char path[512], hash[HASH_HEX];
	uint64_t n;
	struct err e;
	size_t i;

	for (i = 0; i < sizeof text / sizeof text[0]; i++) {
		snprintf(path, sizeof path, "%s/sealed-%zu", dir, i);
		if ((w = sealed_create(path, &sec, &e)) == NULL ||
		    sealed_write(w, text[i], strlen(text[i]), &e) == -1 ||
		    sealed_finish(&w, hash, &n, &e) == -1) {
			fprintf(stderr, "seed %s: %s\n", path, err_message(e.code));
			exit(1);
		}
	}
	exit(0);
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *seeds = getenv("FUZZ_SEAL_SEEDS");

	(void)argc;
	(void)argv;
	write_key();
	if (seeds != NULL)
		write_seeds(seeds);
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sealed_secret sec = { NULL, keyfile };
	struct sealed_reader *r;
	const unsigned char *p;
	size_t len, total = 0;
	struct err e;
	int rc, chunks = 0;

	r = sealed_open(fuzz_file("in.sealed", data, size), &sec, &e);
	if (r == NULL) {
		FUZZ_ASSERT(e.code != E_OK, "open failed without a code");
		return 0;
	}
	while ((rc = sealed_read(r, &p, &len, &e)) == 1) {
		FUZZ_ASSERT(len <= size, "chunk of %zu from %zu bytes", len, size);
		total += len;
		if (++chunks > 100000)
			break;
	}
	if (rc == -1)
		FUZZ_ASSERT(e.code == E_DECRYPT, "code %d", (int)e.code);
	FUZZ_ASSERT(total <= size, "%zu plain bytes from %zu", total, size);
	sealed_close(&r);
	FUZZ_ASSERT(r == NULL, "sealed_close leaves the pointer");
	return 0;
}
