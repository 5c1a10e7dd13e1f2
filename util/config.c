/*
 * Parser for the `key = value` configuration file.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "config.h"
#include "xmalloc.h"

struct config_entry {
	char *key;
	char *value;
};

struct config {
	struct config_entry *v;
	size_t n;
};

struct config *
config_new(void)
{
	return xcalloc(1, sizeof(struct config));
}

struct config *
config_dup(const struct config *c)
{
	struct config *n = config_new();
	size_t i;

	for (i = 0; c != NULL && i < c->n; i++)
		config_set(n, c->v[i].key, c->v[i].value);
	return n;
}

void
config_free(struct config **cp)
{
	struct config *c;
	size_t i;

	if (cp == NULL || (c = *cp) == NULL)
		return;
	for (i = 0; i < c->n; i++) {
		free(c->v[i].key);
		free(c->v[i].value);
	}
	free(c->v);
	free(c);
	*cp = NULL;
}

void
config_set(struct config *c, const char *key, const char *value)
{
	size_t i;

	for (i = 0; i < c->n; i++) {
		if (strcmp(c->v[i].key, key) == 0) {
			free(c->v[i].value);
			c->v[i].value = xstrdup(value);
			return;
		}
	}
	c->v = xrealloc(c->v, (c->n + 1) * sizeof *c->v);
	c->v[c->n].key = xstrdup(key);
	c->v[c->n].value = xstrdup(value);
	c->n++;
}

const char *
config_get(const struct config *c, const char *key)
{
	size_t i;

	if (c == NULL)
		return NULL;
	for (i = 0; i < c->n; i++)
		if (strcmp(c->v[i].key, key) == 0)
			return c->v[i].value;
	return NULL;
}

long
config_get_long(const struct config *c, const char *key, long def, long min,
    long max)
{
	const char *s = config_get(c, key);
	char *end;
	long v;

	if (s == NULL || *s == '\0')
		return def;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno != 0 || *end != '\0' || v < min || v > max)
		return def;
	return v;
}

static char *
trim(char *s)
{
	char *e;

	while (isspace((unsigned char)*s))
		s++;
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = '\0';
	return s;
}

struct config *
config_parse(const char *text, const char *name, struct err *e)
{
	struct config *c = config_new();
	char *copy = xstrdup(text), *line, *next, *eq, *key, *val;
	int lineno = 0;

	for (line = copy; line != NULL; line = next) {
		next = strchr(line, '\n');
		if (next != NULL)
			*next++ = '\0';
		lineno++;
		line = trim(line);
		if (*line == '\0' || *line == '#')
			continue;
		if ((eq = strchr(line, '=')) == NULL) {
			err_set(e, E_CONFIG, "", "%s:%d: expected key = value",
			    name, lineno);
			goto fail;
		}
		*eq = '\0';
		key = trim(line);
		val = trim(eq + 1);
		if (*key == '\0') {
			err_set(e, E_CONFIG, "", "%s:%d: empty key", name, lineno);
			goto fail;
		}
		config_set(c, key, val);
	}
	free(copy);
	return c;
fail:
	free(copy);
	config_free(&c);
	return NULL;
}

struct config *
config_load(const char *path, int optional, struct err *e)
{
	FILE *f = fopen(path, "r");
	struct buf b;
	char chunk[4096];
	size_t n;
	struct config *c;

	if (f == NULL) {
		if (optional && errno == ENOENT)
			return config_new();
		err_set(e, E_CONFIG, "", "cannot read %s", path);
		return NULL;
	}
	buf_init(&b);
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_add(&b, chunk, n);
	fclose(f);
	c = config_parse(b.data ? b.data : "", path, e);
	buf_free(&b);
	return c;
}
