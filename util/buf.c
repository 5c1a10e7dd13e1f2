/*
 * Growable buffer.  Storage is wiped before it is freed or moved, since
 * buffers routinely carry names and numbers.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "xmalloc.h"

void
buf_init(struct buf *b)
{
	b->data = NULL;
	b->len = b->cap = 0;
}

static void
buf_grow(struct buf *b, size_t need)
{
	size_t cap;
	char *n;

	if (b->len + need + 1 <= b->cap)
		return;
	cap = b->cap ? b->cap : 64;
	while (cap < b->len + need + 1)
		cap *= 2;
	n = xmalloc(cap);
	if (b->data != NULL) {
		memcpy(n, b->data, b->len);
		xwipe(b->data, b->cap);
		free(b->data);
	}
	b->data = n;
	b->cap = cap;
}

void
buf_add(struct buf *b, const void *p, size_t n)
{
	buf_grow(b, n);
	memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
}

void
buf_adds(struct buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

void
buf_addc(struct buf *b, char c)
{
	buf_add(b, &c, 1);
}

void
buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list ap, ap2;
	int n;

	va_start(ap, fmt);
	va_copy(ap2, ap);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n > 0) {
		buf_grow(b, (size_t)n);
		vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap2);
		b->len += (size_t)n;
	}
	va_end(ap2);
}

void
buf_reset(struct buf *b)
{
	if (b->data != NULL) {
		xwipe(b->data, b->len);
		b->data[0] = '\0';
	}
	b->len = 0;
}

char *
buf_release(struct buf *b)
{
	char *s = b->data ? b->data : xstrdup("");

	buf_init(b);
	return s;
}

void
buf_free(struct buf *b)
{
	if (b->data != NULL) {
		xwipe(b->data, b->cap);
		free(b->data);
	}
	buf_init(b);
}
