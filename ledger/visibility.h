/*
 * Field visibility by role.  Every field has a sensitivity
 * class; a matrix decides per role whether fields of a class are shown,
 * masked or hidden.  A user holding several roles on a ledger gets the
 * most open of them.  The defaults below can be changed per site by the
 * admin settings "visibility.ROLE.CLASS" = shown | masked | hidden.  The
 * My Number is shown masked even when its class is "shown", until an
 * explicit, audited reveal (resident_reveal_mynumber).
 *
 * Default matrix:        ordinary  mynumber  income  welfare  health
 *   clerk                shown     masked    masked  masked   shown
 *   supervisor           shown     shown     shown   shown    shown
 *   operator             shown     masked    masked  masked   masked
 *   auditor              hidden    hidden    hidden  hidden   hidden
 *   admin                hidden    hidden    hidden  hidden   hidden
 */
#ifndef MADOGUCHI_VISIBILITY_H
#define MADOGUCHI_VISIBILITY_H

#include "ledger.h"

enum sens_class {
	SENS_ORDINARY,
	SENS_MYNUMBER,
	SENS_INCOME,
	SENS_WELFARE,
	SENS_HEALTH,
	SENS_N
};

enum vis { VIS_HIDDEN, VIS_MASKED, VIS_SHOWN };

/* What the session may see of class on ledger. */
enum vis visibility_of(struct session *, enum ledger_id, enum sens_class);
/* "ordinary", "mynumber", ... and back; -1 when unknown. */
const char *sens_class_name(enum sens_class);
int sens_class_from_name(const char *, enum sens_class *);
/* Check a "visibility.ROLE.CLASS" setting and its value (E_USAGE). */
int visibility_setting_check(const char *key, const char *value, struct err *);
/* The mask shown in place of a value ("********"). */
const char *visibility_mask(void);

#endif
