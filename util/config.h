/*
 * The configuration file: `key = value` lines, `#` comments, blank lines.
 * Unknown keys are kept (a later version may know them); values are
 * strings, read with typed getters that fall back to a default.
 */
#ifndef MADOGUCHI_CONFIG_H
#define MADOGUCHI_CONFIG_H

#include "err.h"

struct config;

/* Parse path; a missing file yields an empty config when optional is set. */
struct config *config_load(const char *path, int optional, struct err *);
/* Parse text held in memory (name is used in error messages). */
struct config *config_parse(const char *text, const char *name, struct err *);
struct config *config_new(void);
/* A copy of c (NULL gives an empty config); caller frees. */
struct config *config_dup(const struct config *c);
void config_free(struct config **);
/* Value of key, or NULL; the config owns the string. */
const char *config_get(const struct config *, const char *key);
/* Set (or replace) key. */
void config_set(struct config *, const char *key, const char *value);
/* Integer value of key within [min, max], else def. */
long config_get_long(const struct config *, const char *key, long def,
    long min, long max);

#endif
