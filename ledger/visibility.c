/*
 * The role × sensitivity-class matrix of field visibility.
 */
#include <stdio.h>
#include <string.h>

#include "ledger_internal.h"
#include "visibility.h"

static const char *const class_names[SENS_N] = {
	"ordinary", "mynumber", "income", "welfare", "health"
};

/* Defaults per role, in class order (see visibility.h). */
static const struct {
	enum role role;
	enum vis v[SENS_N];
} defaults[] = {
	{ ROLE_CLERK, { VIS_SHOWN, VIS_MASKED, VIS_MASKED, VIS_MASKED, VIS_SHOWN } },
	{ ROLE_SUPERVISOR, { VIS_SHOWN, VIS_SHOWN, VIS_SHOWN, VIS_SHOWN, VIS_SHOWN } },
	{ ROLE_OPERATOR, { VIS_SHOWN, VIS_MASKED, VIS_MASKED, VIS_MASKED, VIS_MASKED } },
	{ ROLE_AUDITOR, { VIS_HIDDEN, VIS_HIDDEN, VIS_HIDDEN, VIS_HIDDEN, VIS_HIDDEN } },
	{ ROLE_ADMIN, { VIS_HIDDEN, VIS_HIDDEN, VIS_HIDDEN, VIS_HIDDEN, VIS_HIDDEN } },
};

const char *
sens_class_name(enum sens_class c)
{
	return (c >= 0 && c < SENS_N) ? class_names[c] : "?";
}

int
sens_class_from_name(const char *name, enum sens_class *out)
{
	int i;

	for (i = 0; i < SENS_N; i++) {
		if (strcmp(name, class_names[i]) == 0) {
			*out = (enum sens_class)i;
			return 0;
		}
	}
	return -1;
}

const char *
visibility_mask(void)
{
	return "********";
}

/* The site's setting for role and class, else the default. */
static enum vis
role_vis(struct ledger *lg, int i, enum sens_class c)
{
	char key[64], v[16];

	snprintf(key, sizeof key, "visibility.%s.%s",
	    role_name(defaults[i].role), class_names[c]);
	if (db_setting_get(lg->db, key, v, sizeof v, NULL) == 0) {
		if (strcmp(v, "shown") == 0)
			return VIS_SHOWN;
		if (strcmp(v, "masked") == 0)
			return VIS_MASKED;
		if (strcmp(v, "hidden") == 0)
			return VIS_HIDDEN;
	}
	return defaults[i].v[c];
}

enum vis
visibility_of(struct session *s, enum ledger_id l, enum sens_class c)
{
	enum vis best = VIS_HIDDEN, v;
	size_t i;

	if (c < 0 || c >= SENS_N)
		return VIS_HIDDEN;
	for (i = 0; i < sizeof defaults / sizeof defaults[0]; i++) {
		if (!session_has(s, l, defaults[i].role))
			continue;
		v = role_vis(s->lg, (int)i, c);
		if (v > best)
			best = v;
	}
	return best;
}

int
visibility_setting_check(const char *key, const char *value, struct err *e)
{
	char role[16];
	const char *dot;
	enum sens_class c;
	enum role r;
	size_t n;

	if (strncmp(key, "visibility.", 11) != 0 ||
	    (dot = strrchr(key, '.')) == key + 10)
		return err_set(e, E_USAGE, key, "no such setting");
	n = (size_t)(dot - key) - 11;
	if (n >= sizeof role)
		return err_set(e, E_USAGE, key, "no such setting");
	memcpy(role, key + 11, n);
	role[n] = '\0';
	if (role_from_name(role, &r) == -1 ||
	    sens_class_from_name(dot + 1, &c) == -1)
		return err_set(e, E_USAGE, key, "no such setting");
	if (strcmp(value, "shown") != 0 && strcmp(value, "masked") != 0 &&
	    strcmp(value, "hidden") != 0)
		return err_set(e, E_USAGE, key, "must be shown, masked or hidden");
	return 0;
}
