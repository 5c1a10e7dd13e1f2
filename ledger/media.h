/*
 * The media register: lent media (貸与制) on which exports may be
 * written.  A medium is a directory (its mount point) holding the ID file
 * `.madoguchi-media` (0600) with one line
 *
 *   madoguchi-media 1 ID SECRET
 *
 * where SECRET is 64 random hex digits; the register keeps the medium's
 * ID and the BLAKE2b-256 of the secret, so a copied-by-hand ID file with
 * a guessed secret does not match.  Registering and retiring need the
 * admin role on the system ledger; all of it is audited.
 */
#ifndef MADOGUCHI_MEDIA_H
#define MADOGUCHI_MEDIA_H

#include "db_types.h"
#include "ledger.h"

#define MEDIA_ID_FILE ".madoguchi-media"

/* Register the medium mounted at dir under id (letters, digits, - _ .):
 * writes the ID file there (which must not exist yet). */
int media_register(struct session *, const char *dir, const char *id,
    const char *description, const char *kind, struct err *);
/* Retire a medium: how is "returned", "disposed" or "lost". */
int media_retire(struct session *, const char *id, const char *how,
    struct err *);
int media_list(struct session *, int (*fn)(void *, const struct db_media *),
    void *ctx, struct err *);
/* The active register entry matching the ID file in dir; E_MEDIA when
 * there is none (no file, unknown or retired ID, wrong secret). */
int media_check(struct ledger *, const char *dir, struct db_media *,
    struct err *);

#endif
