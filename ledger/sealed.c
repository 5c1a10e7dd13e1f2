/*
 * The sealed file format of sealed.h: a 40-byte preamble naming how the
 * key is made, the secretstream header, then length-prefixed encrypted
 * chunks.  The writer hashes what it writes (BLAKE2b-256) so that the
 * catalogue and the export register get the checksum without reading the
 * file again.  Keys and plain-text buffers are wiped before they are freed.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "sealed.h"
#include "xmalloc.h"

#define MAGIC "MDGSEAL"		/* with its NUL: 8 bytes */
#define VERSION 1
#define SRC_PASSPHRASE 1
#define SRC_KEYFILE 2
#define PREAMBLE 40
#define HEADER crypto_secretstream_xchacha20poly1305_HEADERBYTES
#define ABYTES crypto_secretstream_xchacha20poly1305_ABYTES
#define CHUNK 65536
#define KEYBYTES crypto_secretstream_xchacha20poly1305_KEYBYTES
#define SALTBYTES 16
/* Argon2id for new files: 3 passes over 64 MiB (about 0.2 s). */
#define OPS 3u
#define MEM (64ull << 20)

struct sealed_writer {
	int fd;
	char *path;
	crypto_secretstream_xchacha20poly1305_state st;
	crypto_generichash_state hash;
	unsigned char pre[PREAMBLE];
	unsigned char *plain, *cipher;
	size_t fill;
	uint64_t size;
};

struct sealed_reader {
	int fd;
	crypto_secretstream_xchacha20poly1305_state st;
	unsigned char pre[PREAMBLE];
	unsigned char *plain, *cipher;
	int done;
};

static void
put32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)(v >> 24);
	p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8);
	p[3] = (unsigned char)v;
}

static uint32_t
get32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
}

static int
write_all(int fd, const void *buf, size_t n)
{
	const char *p = buf;
	ssize_t w;

	while (n > 0) {
		if ((w = write(fd, p, n)) == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* Read exactly n bytes: 1, 0 at a clean end of file, -1 short or error. */
static int
read_all(int fd, void *buf, size_t n)
{
	char *p = buf;
	size_t got = 0;
	ssize_t r;

	while (got < n) {
		if ((r = read(fd, p + got, n - got)) == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (r == 0)
			return got == 0 ? 0 : -1;
		got += (size_t)r;
	}
	return 1;
}

/* 32 raw bytes from a private key file. */
static int
read_key_file(const char *path, unsigned char key[KEYBYTES], struct err *e)
{
	struct stat st;
	int fd, rc;
	unsigned char extra;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return err_set(e, E_IO, "key-file", "%s", strerror(errno));
	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode)) {
		close(fd);
		return err_set(e, E_IO, "key-file", "not a regular file");
	}
	if ((st.st_mode & 077) != 0) {
		close(fd);
		return err_set(e, E_DB_PERMS, "key-file",
		    "the key file must be mode 0600");
	}
	rc = read_all(fd, key, KEYBYTES);
	if (rc == 1 && read_all(fd, &extra, 1) != 0)
		rc = -1;
	close(fd);
	if (rc != 1) {
		sodium_memzero(key, KEYBYTES);
		return err_set(e, E_USAGE, "key-file",
		    "a key file holds exactly 32 bytes");
	}
	return 0;
}

/* The key for the preamble pre (salt and limits already in it). */
static int
derive(const unsigned char pre[PREAMBLE], const struct sealed_secret *sec,
    unsigned char key[KEYBYTES], struct err *e)
{
	uint64_t mem = (uint64_t)get32(pre + 16) << 32 | get32(pre + 20);
	uint32_t ops = get32(pre + 12);

	if ((sec->passphrase == NULL) == (sec->key_file == NULL))
		return err_set(e, E_USAGE, "key", "give a passphrase or a key file");
	if (pre[9] == SRC_KEYFILE) {
		if (sec->key_file == NULL)
			return err_set(e, E_DECRYPT, "key",
			    "the file was sealed with a key file");
		return read_key_file(sec->key_file, key, e);
	}
	if (pre[9] != SRC_PASSPHRASE)
		return err_set(e, E_DECRYPT, "", "unknown key source");
	if (sec->passphrase == NULL)
		return err_set(e, E_DECRYPT, "key",
		    "the file was sealed with a passphrase");
	/* Files are sealed with 3 passes over 64 MiB; a preamble asking for
	 * far more is refused before any work, so that a damaged or hostile
	 * file cannot make the reader spend minutes or gigabytes. */
	if (ops < crypto_pwhash_OPSLIMIT_MIN ||
	    ops > crypto_pwhash_OPSLIMIT_SENSITIVE ||
	    mem < crypto_pwhash_MEMLIMIT_MIN ||
	    mem > crypto_pwhash_MEMLIMIT_SENSITIVE)
		return err_set(e, E_DECRYPT, "", "implausible key limits");
	if (crypto_pwhash(key, KEYBYTES, sec->passphrase,
	    strlen(sec->passphrase), pre + 24, ops, (size_t)mem,
	    crypto_pwhash_ALG_ARGON2ID13) != 0)
		return err_set(e, E_NOMEM, "", "deriving the key");
	return 0;
}

static void
writer_free(struct sealed_writer *w, int remove_file)
{
	if (w->fd != -1)
		close(w->fd);
	if (remove_file)
		unlink(w->path);
	if (w->plain != NULL) {
		sodium_memzero(w->plain, CHUNK);
		free(w->plain);
	}
	free(w->cipher);
	free(w->path);
	sodium_memzero(w, sizeof *w);
	free(w);
}

struct sealed_writer *
sealed_create(const char *path, const struct sealed_secret *sec,
    struct err *e)
{
	struct sealed_writer *w;
	unsigned char key[KEYBYTES], hdr[HEADER];

	if (sec->passphrase != NULL && strlen(sec->passphrase) < 8) {
		err_set(e, E_PW_WEAK, "passphrase", "at least 8 characters");
		return NULL;
	}
	w = xcalloc(1, sizeof *w);
	w->fd = -1;
	w->path = xstrdup(path);
	memcpy(w->pre, MAGIC, 8);
	w->pre[8] = VERSION;
	if (sec->passphrase != NULL) {
		w->pre[9] = SRC_PASSPHRASE;
		put32(w->pre + 12, OPS);
		put32(w->pre + 16, (uint32_t)(MEM >> 32));
		put32(w->pre + 20, (uint32_t)MEM);
		randombytes_buf(w->pre + 24, SALTBYTES);
	} else
		w->pre[9] = SRC_KEYFILE;
	if (derive(w->pre, sec, key, e) == -1) {
		free(w->path);
		free(w);
		return NULL;
	}
	crypto_secretstream_xchacha20poly1305_init_push(&w->st, hdr, key);
	sodium_memzero(key, sizeof key);
	w->fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW |
	    O_CLOEXEC, 0600);
	if (w->fd == -1) {
		err_set(e, errno == EEXIST ? E_EXISTS : E_IO, "file", "%s",
		    strerror(errno));
		writer_free(w, 0);
		return NULL;
	}
	w->plain = xmalloc(CHUNK);
	w->cipher = xmalloc(4 + CHUNK + ABYTES);
	crypto_generichash_init(&w->hash, NULL, 0, 32);
	crypto_generichash_update(&w->hash, w->pre, PREAMBLE);
	crypto_generichash_update(&w->hash, hdr, HEADER);
	w->size = PREAMBLE + HEADER;
	if (write_all(w->fd, w->pre, PREAMBLE) == -1 ||
	    write_all(w->fd, hdr, HEADER) == -1) {
		err_set(e, E_IO, "file", "%s", strerror(errno));
		writer_free(w, 1);
		return NULL;
	}
	return w;
}

static int
push(struct sealed_writer *w, unsigned char tag, struct err *e)
{
	unsigned long long clen;
	size_t n;

	crypto_secretstream_xchacha20poly1305_push(&w->st, w->cipher + 4,
	    &clen, w->plain, w->fill, w->pre, PREAMBLE, tag);
	put32(w->cipher, (uint32_t)clen);
	n = 4 + (size_t)clen;
	crypto_generichash_update(&w->hash, w->cipher, n);
	w->size += n;
	sodium_memzero(w->plain, w->fill);
	w->fill = 0;
	if (write_all(w->fd, w->cipher, n) == -1)
		return err_set(e, E_IO, "file", "%s", strerror(errno));
	return 0;
}

int
sealed_write(struct sealed_writer *w, const void *data, size_t len,
    struct err *e)
{
	const unsigned char *p = data;
	size_t n;

	while (len > 0) {
		n = CHUNK - w->fill;
		if (n > len)
			n = len;
		memcpy(w->plain + w->fill, p, n);
		w->fill += n;
		p += n;
		len -= n;
		if (w->fill == CHUNK &&
		    push(w, crypto_secretstream_xchacha20poly1305_TAG_MESSAGE,
		    e) == -1)
			return -1;
	}
	return 0;
}

int
sealed_finish(struct sealed_writer **wp, char hash[HASH_HEX], uint64_t *size,
    struct err *e)
{
	struct sealed_writer *w = *wp;
	unsigned char h[32];

	*wp = NULL;
	if (push(w, crypto_secretstream_xchacha20poly1305_TAG_FINAL, e) == -1)
		goto fail;
	if (fsync(w->fd) == -1 || close(w->fd) == -1) {
		w->fd = -1;
		err_set(e, E_IO, "file", "%s", strerror(errno));
		goto fail;
	}
	w->fd = -1;
	crypto_generichash_final(&w->hash, h, sizeof h);
	if (hash != NULL)
		sodium_bin2hex(hash, HASH_HEX, h, sizeof h);
	if (size != NULL)
		*size = w->size;
	writer_free(w, 0);
	return 0;
fail:
	writer_free(w, 1);
	return -1;
}

void
sealed_abort(struct sealed_writer **wp)
{
	if (wp == NULL || *wp == NULL)
		return;
	writer_free(*wp, 1);
	*wp = NULL;
}

struct sealed_reader *
sealed_open(const char *path, const struct sealed_secret *sec, struct err *e)
{
	struct sealed_reader *r = xcalloc(1, sizeof *r);
	unsigned char key[KEYBYTES], hdr[HEADER];
	int rc;

	if ((r->fd = open(path, O_RDONLY | O_CLOEXEC)) == -1) {
		err_set(e, errno == ENOENT ? E_NOT_FOUND : E_IO, "file", "%s",
		    strerror(errno));
		free(r);
		return NULL;
	}
	if (read_all(r->fd, r->pre, PREAMBLE) != 1 ||
	    read_all(r->fd, hdr, HEADER) != 1 ||
	    memcmp(r->pre, MAGIC, 8) != 0 || r->pre[8] != VERSION) {
		err_set(e, E_DECRYPT, "file", "not a sealed madoguchi file");
		goto fail;
	}
	if (derive(r->pre, sec, key, e) == -1)
		goto fail;
	rc = crypto_secretstream_xchacha20poly1305_init_pull(&r->st, hdr, key);
	sodium_memzero(key, sizeof key);
	if (rc != 0) {
		err_set(e, E_DECRYPT, "file", "bad stream header");
		goto fail;
	}
	r->plain = xmalloc(CHUNK);
	r->cipher = xmalloc(CHUNK + ABYTES);
	return r;
fail:
	close(r->fd);
	free(r);
	return NULL;
}

int
sealed_read(struct sealed_reader *r, const unsigned char **data, size_t *len,
    struct err *e)
{
	unsigned char lenbuf[4], tag;
	unsigned long long plen;
	uint32_t n;
	int rc;

	if (r->done) {
		/* Nothing may follow the final chunk. */
		if (read_all(r->fd, lenbuf, 1) != 0)
			return err_set(e, E_DECRYPT, "file",
			    "data after the final chunk");
		return 0;
	}
	rc = read_all(r->fd, lenbuf, 4);
	if (rc != 1)
		return err_set(e, E_DECRYPT, "file", "the file is truncated");
	n = get32(lenbuf);
	if (n < ABYTES || n > CHUNK + ABYTES ||
	    read_all(r->fd, r->cipher, n) != 1)
		return err_set(e, E_DECRYPT, "file", "damaged chunk");
	if (crypto_secretstream_xchacha20poly1305_pull(&r->st, r->plain, &plen,
	    &tag, r->cipher, n, r->pre, PREAMBLE) != 0)
		return err_set(e, E_DECRYPT, "file",
		    "integrity check failed: wrong key or altered data");
	if (tag == crypto_secretstream_xchacha20poly1305_TAG_FINAL)
		r->done = 1;
	*data = r->plain;
	*len = (size_t)plen;
	if (plen == 0 && r->done)
		return sealed_read(r, data, len, e);
	return 1;
}

void
sealed_close(struct sealed_reader **rp)
{
	struct sealed_reader *r;

	if (rp == NULL || (r = *rp) == NULL)
		return;
	close(r->fd);
	if (r->plain != NULL) {
		sodium_memzero(r->plain, CHUNK);
		free(r->plain);
	}
	free(r->cipher);
	sodium_memzero(r, sizeof *r);
	free(r);
	*rp = NULL;
}

int
sealed_file_hash(const char *path, char hash[HASH_HEX], uint64_t *size,
    struct err *e)
{
	crypto_generichash_state st;
	unsigned char buf[65536], h[32];
	uint64_t total = 0;
	ssize_t n;
	int fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return err_set(e, errno == ENOENT ? E_NOT_FOUND : E_IO, "file",
		    "%s", strerror(errno));
	crypto_generichash_init(&st, NULL, 0, sizeof h);
	while ((n = read(fd, buf, sizeof buf)) > 0) {
		crypto_generichash_update(&st, buf, (size_t)n);
		total += (uint64_t)n;
	}
	close(fd);
	if (n < 0)
		return err_set(e, E_IO, "file", "%s", strerror(errno));
	crypto_generichash_final(&st, h, sizeof h);
	sodium_bin2hex(hash, HASH_HEX, h, sizeof h);
	if (size != NULL)
		*size = total;
	return 0;
}
