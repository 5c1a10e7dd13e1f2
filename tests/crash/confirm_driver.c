/*
 * The confirmation batch of the crash-consistency test (tests/crash/run.sh):
 * there is no command for confirming, so this program links the library.
 *   confirm_driver DB setup N PENDING   demo staff; N people keyed pending
 *                                       by the clerk, one line each in
 *                                       PENDING: 宛名番号 My-Number birth-date
 *   confirm_driver DB confirm PENDING COMMITTED
 *                                       the supervisor confirms each still
 *                                       pending entry; after each commit its
 *                                       宛名番号 is appended to COMMITTED and
 *                                       fsync'ed before the next one
 * Exit 0 when every entry is confirmed (already confirmed ones count).
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "auth.h"
#include "confirm.h"
#include "db.h"
#include "demo.h"
#include "ledger_internal.h"
#include "mynumber.h"
#include "resident.h"

static void
die(const char *what, const struct err *e)
{
	fprintf(stderr, "confirm_driver: %s: %s [%s] %s\n", what,
	    err_message(e->code), e->field, e->detail);
	exit(1);
}

/* The i-th valid My Number: 11 digits from i, then the check digit. */
static void
nth_number(int i, char out[13])
{
	snprintf(out, 13, "4%010d0", i);
	out[11] = (char)('0' + mynumber_check_digit(out));
}

static int
setup(struct ledger *lg, int n, const char *pending)
{
	struct resident_change c;
	struct session *clerk;
	char atena[16], mn[13];
	struct err e;
	FILE *fp;
	int i, rk;

	if (demo_accounts(lg, &e) == -1)
		die("demo accounts", &e);
	if ((clerk = auth_login(lg, "clerk", "demo-clerk", &e)) == NULL)
		die("clerk", &e);
	if ((fp = fopen(pending, "w")) == NULL)
		return 1;
	for (i = 1; i <= n; i++) {
		nth_number(i, mn);
		memset(&c, 0, sizeof c);
		c.op = RES_MOVEIN;
		snprintf(c.rec.name, sizeof c.rec.name, "確認　試験%d", i);
		snprintf(c.rec.name_kana, sizeof c.rec.name_kana,
		    "カクニン　シケン");
		snprintf(c.rec.birth_date, sizeof c.rec.birth_date,
		    "1960-01-%02u", (unsigned)i % 28 + 1);
		snprintf(c.rec.my_number, sizeof c.rec.my_number, "%s", mn);
		snprintf(c.rec.mn_method, sizeof c.rec.mn_method, "card");
		snprintf(c.rec.address, sizeof c.rec.address, "京都市中京区");
		snprintf(c.rec.postal_code, sizeof c.rec.postal_code, "604-8571");
		snprintf(c.rec.movement_date, sizeof c.rec.movement_date,
		    "2024-04-01");
		c.rec.sex = 1;
		c.reason_code = "01";
		c.ref_no = "CRASH-1";
		if (resident_submit(clerk, &c, atena, &rk, &e) == -1)
			die("submit", &e);
		fprintf(fp, "%s %s %s\n", atena, mn, c.rec.birth_date);
	}
	auth_logout(&clerk, NULL);
	return fclose(fp) == 0 ? 0 : 1;
}

static int
confirm_all(struct ledger *lg, const char *pending, const char *committed)
{
	struct confirm_ref ref;
	struct confirm_view v;
	struct confirm_value val[3];
	struct db_resident r;
	struct session *sup;
	char atena[16], mn[13], dob[16], line[64];
	struct err e;
	FILE *fp;
	int fd, n;

	if ((sup = auth_login(lg, "supervisor", "demo-supervisor", &e)) == NULL)
		die("supervisor", &e);
	if ((fp = fopen(pending, "r")) == NULL ||
	    (fd = open(committed, O_WRONLY | O_CREAT | O_APPEND, 0600)) == -1)
		return 1;
	while (fscanf(fp, "%15s %12s %15s", atena, mn, dob) == 3) {
		if (db_resident_latest(lg->db, atena, &r, &e) == -1)
			die("latest", &e);
		if (strcmp(r.state, "confirmed") == 0)
			continue;	/* a rerun: done before the kill */
		memset(&ref, 0, sizeof ref);
		ref.ledger = LEDGER_RESIDENT;
		snprintf(ref.entry, sizeof ref.entry, "%s", atena);
		ref.rireki_no = r.rireki_no;
		if (confirm_open(sup, &ref, &v, &e) == -1)
			die("open", &e);
		val[0].name = "my_number";
		val[0].value = mn;
		val[1].name = "birth_date";
		val[1].value = dob;
		val[2].name = "name_kana";
		val[2].value = "カクニン　シケン";
		if (confirm_try(sup, &v, val, 3, &e) == -1)
			die("confirm", &e);
		/* Committed: say so durably before the next one. */
		n = snprintf(line, sizeof line, "%s\n", atena);
		if (write(fd, line, (size_t)n) != n || fsync(fd) == -1)
			return 1;
	}
	fclose(fp);
	close(fd);
	auth_logout(&sup, NULL);
	return 0;
}

int
main(int argc, char **argv)
{
	struct ledger *lg;
	struct err e;
	int rc;

	if (argc < 5 || (strcmp(argv[2], "setup") != 0 &&
	    strcmp(argv[2], "confirm") != 0)) {
		fprintf(stderr, "usage: confirm_driver DB setup N PENDING | "
		    "DB confirm PENDING COMMITTED\n");
		return 2;
	}
	auth_hash_minimum();	/* a throwaway test ledger */
	setenv("MADOGUCHI_TERMINAL", "T1", 0);	/* demo registers T1 */
	if ((lg = ledger_open(argv[1], NULL, &e)) == NULL)
		die("open ledger", &e);
	rc = strcmp(argv[2], "setup") == 0 ?
	    setup(lg, atoi(argv[3]), argv[4]) :
	    confirm_all(lg, argv[3], argv[4]);
	ledger_close(&lg);
	return rc;
}
