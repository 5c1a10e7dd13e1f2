/*
 * Sealed files: the one encrypted file format of exports and backups
 * .  Data is encrypted while it streams out, in chunks of
 * 64 KiB, with libsodium's crypto_secretstream_xchacha20poly1305; nothing
 * is ever staged in plain text on disk.  The key is derived from a
 * passphrase with Argon2id (crypto_pwhash, the salt and limits stored in
 * the file) or read from a key file of exactly 32 bytes (mode 0600).
 *
 * Layout (all integers big-endian):
 *
 *   offset  bytes  content
 *        0      8  magic "MDGSEAL\0"
 *        8      1  version (1)
 *        9      1  key source: 1 passphrase (Argon2id13), 2 key file
 *       10      2  reserved, zero
 *       12      4  Argon2id opslimit (0 for a key file)
 *       16      8  Argon2id memlimit in bytes (0 for a key file)
 *       24     16  salt (zero for a key file)
 *       40     24  secretstream header
 *       64      …  chunks: 4-byte ciphertext length n (17 ≤ n ≤ 65553),
 *                  then n bytes; every chunk is authenticated with the
 *                  40-byte preamble (offsets 0..39) as additional data,
 *                  and the last one carries the FINAL tag.
 *
 * A wrong key, a changed byte, a swapped or missing chunk, a truncated
 * file or bytes after the final chunk all fail with E_DECRYPT.
 */
#ifndef MADOGUCHI_SEALED_H
#define MADOGUCHI_SEALED_H

#include <stddef.h>
#include <stdint.h>

#include "db_types.h"
#include "err.h"

/* Exactly one of the two is set. */
struct sealed_secret {
	const char *passphrase;	/* at least 8 characters */
	const char *key_file;	/* 32 raw bytes, not readable by others */
};

struct sealed_writer;
struct sealed_reader;

/*
 * Create path (must not exist; 0600) and write the preamble.  Caller
 * finishes with sealed_finish or sealed_abort (which removes the file).
 */
struct sealed_writer *sealed_create(const char *path,
    const struct sealed_secret *, struct err *);
int sealed_write(struct sealed_writer *, const void *, size_t, struct err *);
/*
 * Write the final chunk, sync and close; hash gets the hex BLAKE2b-256 of
 * the whole encrypted file and size its length (either may be NULL).  On
 * failure the file is removed.  *w becomes NULL in every case.
 */
int sealed_finish(struct sealed_writer **, char hash[HASH_HEX],
    uint64_t *size, struct err *);
/* Close and remove an unfinished file; *w becomes NULL. */
void sealed_abort(struct sealed_writer **);

/* Open a sealed file; E_DECRYPT for a bad preamble. */
struct sealed_reader *sealed_open(const char *path,
    const struct sealed_secret *, struct err *);
/*
 * The next chunk of plain text in *data / *len (owned by the reader, valid
 * until the next call): 1 with data, 0 after the final chunk, -1 with
 * E_DECRYPT or E_IO.
 */
int sealed_read(struct sealed_reader *, const unsigned char **data,
    size_t *len, struct err *);
/* Close and wipe; *r becomes NULL. */
void sealed_close(struct sealed_reader **);

/* Hex BLAKE2b-256 of the file at path into hash; E_IO when unreadable. */
int sealed_file_hash(const char *path, char hash[HASH_HEX], uint64_t *size,
    struct err *);

#endif
