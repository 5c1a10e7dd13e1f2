/*
 * A growable NUL-terminated byte buffer for building strings.
 */
#ifndef MADOGUCHI_BUF_H
#define MADOGUCHI_BUF_H

#include <stddef.h>

struct buf {
	char *data;	/* always NUL-terminated once anything was added */
	size_t len;
	size_t cap;
};

void buf_init(struct buf *);
void buf_add(struct buf *, const void *, size_t);
void buf_adds(struct buf *, const char *);
void buf_addc(struct buf *, char);
void buf_printf(struct buf *, const char *, ...) __attribute__((format(printf, 2, 3)));
void buf_reset(struct buf *);
/* Hand the string to the caller (who frees it) and reset the buffer. */
char *buf_release(struct buf *);
/* Free the storage, wiping it first (buffers may hold personal data). */
void buf_free(struct buf *);

#endif
