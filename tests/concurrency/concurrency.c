/*
 * Many counters on one ledger: NPROC counter processes, each with its own
 * connection and session, run NOPS mixed operations against the resident
 * master at once.  Clerks create persons (転入), correct them (修正) and
 * search; supervisors confirm others' pending entries blind and search.
 * A correction or confirmation takes the record's edit lock first, and a
 * correction carries the 履歴番号 its form was opened at.  Both also
 * record vaccinations (接種記録), each of which draws a new 記録番号 and
 * 更新順番号 from the vaccination ledger: the ledger books' submits.
 *
 *   concurrency TARGET WORKDIR NPROC NOPS
 *
 * Every operation must either commit or be refused with a clear reason
 * (busy, stale, pending, locked, changed, too many hits).  Afterwards the
 * parent checks, on the database itself, that the audit chain verifies;
 * that every committed change is there as the counter wrote it (no lost
 * update) and every confirmed one is confirmed by its supervisor; that
 * each person has one current version and 履歴番号 without gaps; that every
 * committed dose record is there for its person under a number of its own
 * and no two share an update_seq; and that the counts add up: versions =
 * seeds + creates + corrections, confirmed versions = seeds + confirms,
 * dose records = doses, audit rows per operation = successes, logins =
 * NPROC.  Prints the counts; exits 1 on any failure.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "audit.h"
#include "auth.h"
#include "confirm.h"
#include "db.h"
#include "demo.h"
#include "ledger_internal.h"
#include "lock.h"
#include "resident.h"
#include "vaccbook.h"

#define SEEDS 40
#define MAX_PROC 16

enum op { OP_CREATE, OP_CORRECT, OP_CONFIRM, OP_SEARCH, OP_DOSE, OP_N };
static const char *const op_names[OP_N] = {
	"create", "correct", "confirm", "search", "dose"
};

/* What one counter did: per operation, commits and clear refusals. */
struct tally {
	long ok[OP_N], refused[OP_N], unexpected;
	long search_audited;	/* searches that wrote an audit row */
};

static const char *const logins[] = {
	"clerk", "supervisor", "clerk2", "supervisor2"
};

static const char *workdir;

static void
die(const char *what, const struct err *e)
{
	fprintf(stderr, "concurrency: %s: %s [%s] %s\n", what,
	    e ? err_message(e->code) : "", e ? e->field : "", e ? e->detail : "");
	exit(2);
}

/* A valid My Number from an 11-digit base (総務省令第85号 第5条). */
static void
my_number(long long base, char out[13])
{
	static const int w[11] = { 6, 5, 4, 3, 2, 7, 6, 5, 4, 3, 2 };
	char digits[24];
	int i, sum = 0, r;

	snprintf(digits, sizeof digits, "%011lld", base % 100000000000LL);
	memcpy(out, digits, 11);
	for (i = 0; i < 11; i++)
		sum += (out[i] - '0') * w[i];
	r = sum % 11;
	out[11] = (char)('0' + (r <= 1 ? 0 : 11 - r));
	out[12] = '\0';
}

/* A clear refusal: the operation did not happen and the counter is told
 * why in words the clerk understands. */
static int
clear_refusal(enum err_code c)
{
	switch (c) {
	case E_DB_BUSY: case E_CONFIRM_STALE: case E_PENDING_EXISTS:
	case E_SEARCH_TOO_MANY: case E_CONFIRM_OWN: case E_RECORD_LOCKED:
	case E_RECORD_CHANGED:
		return 1;
	default:
		return 0;
	}
}

static void
outcome(struct tally *t, enum op op, int rc, const struct err *e, FILE *log)
{
	if (rc == 0)
		t->ok[op]++;
	else if (clear_refusal(e->code))
		t->refused[op]++;
	else {
		t->unexpected++;
		fprintf(stderr, "concurrency: %s failed unclearly: %s [%s] %s\n",
		    op_names[op], err_message(e->code), e->field, e->detail);
	}
	(void)log;
}

static void
do_create(struct session *s, int proc, long n, struct tally *t, FILE *log)
{
	struct resident_change c;
	char atena[16];
	struct err e;
	int rireki, rc;

	memset(&c, 0, sizeof c);
	c.op = RES_MOVEIN;
	snprintf(c.rec.name, sizeof c.rec.name, "並行　花子");
	snprintf(c.rec.name_kana, sizeof c.rec.name_kana, "ヘイコウ　ハナコ");
	snprintf(c.rec.birth_date, sizeof c.rec.birth_date, "19%02u-%02u-%02u",
	    (unsigned)((unsigned long)n % 50 + 40),
	    (unsigned)((unsigned long)n % 12 + 1),
	    (unsigned)((unsigned long)n % 28 + 1));
	my_number(10000000000LL + proc * 100000000LL + n, c.rec.my_number);
	snprintf(c.rec.mn_method, sizeof c.rec.mn_method, "card");
	snprintf(c.rec.address, sizeof c.rec.address, "京都市中京区 P%d-%ld", proc, n);
	snprintf(c.rec.postal_code, sizeof c.rec.postal_code, "604-8571");
	snprintf(c.rec.movement_date, sizeof c.rec.movement_date, "2024-04-01");
	c.rec.sex = 2;
	c.reason_code = "01";
	c.ref_no = "C-0001";
	err_clear(&e);
	rc = resident_submit(s, &c, atena, &rireki, &e);
	outcome(t, OP_CREATE, rc, &e, log);
	if (rc == 0)
		fprintf(log, "submit %s %d %s\n", atena, rireki, c.rec.address);
}

/*
 * A first dose given today to a seeded person or one created during the
 * run: a new record, numbered by the ledger as the table's max + 1.
 * Outside the routine window it is an alert the counter confirms (任意接
 * 種); a dose of the same vaccine still pending is refused.
 */
static void
do_dose(struct session *s, struct tally *t, FILE *log)
{
	static const char *const codes[] = {
		"HIB", "PCV", "HBV", "BCG", "MR1", "MR2", "VAR", "JE1", "JE2"
	};
	struct vaccbook_entry v;
	struct db_resident r;
	char atena[16], record_no[16], today[16];
	time_t now = time(NULL);
	struct err e;
	int rireki, rc;

	snprintf(atena, sizeof atena, "%010d", 1 + rand() % (SEEDS + 1000));
	if (db_resident_get(s->lg->db, atena, &r, &e) == -1)
		snprintf(atena, sizeof atena, "%010d", 1 + rand() % SEEDS);
	strftime(today, sizeof today, "%Y-%m-%d", localtime(&now));
	memset(&v, 0, sizeof v);
	v.atena_no = atena;
	v.vaccine_code = codes[rand() % (int)(sizeof codes / sizeof codes[0])];
	v.dose_no = 1;
	v.date = today;
	v.maker = "KMバイオロジクス";
	v.lot = "HB123A";
	v.lot_expiry = "2099-12-31";
	v.institution = "2610400031";
	v.reason_code = "30";
	v.ref_no = "予-C-0003";
	v.confirm_alerts = 1;
	err_clear(&e);
	rc = vaccbook_record(s, &v, record_no, &rireki, &e);
	outcome(t, OP_DOSE, rc, &e, log);
	if (rc == 0)
		fprintf(log, "dose %s %d %s\n", record_no, rireki, atena);
}

static void
do_correct(struct session *s, int proc, long n, struct tally *t, FILE *log)
{
	struct resident_change c;
	struct db_resident latest;
	char atena[16];
	struct err e;
	int rireki, rc;

	memset(&c, 0, sizeof c);
	/* A seeded person or one created during the run. */
	snprintf(atena, sizeof atena, "%010d", 1 + rand() % (SEEDS + 200));
	err_clear(&e);
	if (db_resident_get(s->lg->db, atena, &c.rec, &e) == -1) {
		snprintf(atena, sizeof atena, "%010d", 1 + rand() % SEEDS);
		if (db_resident_get(s->lg->db, atena, &c.rec, &e) == -1)
			die("read a seeded person", &e);
	}
	/* Open the record for correction: lock it, note its version. */
	err_clear(&e);
	if (lock_acquire(s, LEDGER_RESIDENT, atena, NULL, &e) == -1) {
		outcome(t, OP_CORRECT, -1, &e, log);
		return;
	}
	if (db_resident_latest(s->lg->db, atena, &latest, &e) == -1)
		die("latest", &e);
	c.expect_rireki = latest.rireki_no;
	c.op = RES_CORRECT;
	snprintf(c.rec.address, sizeof c.rec.address, "京都市左京区 P%d-%ld", proc, n);
	c.reason_code = "03";
	c.ref_no = "C-0002";
	c.justification = "住所の誤記を訂正";
	err_clear(&e);
	rc = resident_submit(s, &c, atena, &rireki, &e);
	outcome(t, OP_CORRECT, rc, &e, log);
	lock_release(s, LEDGER_RESIDENT, atena, NULL);
	if (rc == 0)
		fprintf(log, "submit %s %d %s\n", atena, rireki, c.rec.address);
}

struct pick {
	const char *me;
	int n;
	struct confirm_ref refs[32];
};

static int
pick_pending(void *ctx, const struct db_pending *p)
{
	struct pick *k = ctx;

	if (strcmp(p->operator_login, k->me) == 0 || k->n == 32)
		return 0;
	k->refs[k->n].ledger = LEDGER_RESIDENT;
	snprintf(k->refs[k->n].entry, sizeof k->refs[0].entry, "%s", p->entry);
	k->refs[k->n].rireki_no = p->rireki_no;
	k->n++;
	return 0;
}

static void do_search(struct session *, struct tally *);

static void
do_confirm(struct session *s, struct tally *t, FILE *log)
{
	struct confirm_value v[3];
	struct confirm_view view;
	struct db_resident r;
	struct pick k;
	struct err e;
	int rc;

	memset(&k, 0, sizeof k);
	k.me = s->user.login;
	err_clear(&e);
	if (confirm_queue(s, LEDGER_RESIDENT, NULL, pick_pending, &k, &e) == -1)
		die("queue", &e);
	if (k.n == 0) {
		do_search(s, t);
		return;
	}
	k.refs[0] = k.refs[rand() % k.n];
	err_clear(&e);
	if (lock_acquire(s, LEDGER_RESIDENT, k.refs[0].entry, NULL, &e) == -1) {
		outcome(t, OP_CONFIRM, -1, &e, log);
		return;
	}
	/* The supervisor reads the paper form: the values as entered. */
	if (db_resident_version(s->lg->db, k.refs[0].entry, k.refs[0].rireki_no,
	    &r, &e) == -1)
		die("read the entry", &e);
	v[0].name = "my_number";
	v[0].value = r.my_number;
	v[1].name = "birth_date";
	v[1].value = r.birth_date;
	v[2].name = "name_kana";
	v[2].value = r.name_kana;
	err_clear(&e);
	rc = confirm_open(s, &k.refs[0], &view, &e);
	if (rc == 0) {
		err_clear(&e);
		rc = confirm_try(s, &view, v, 3, &e);
	}
	outcome(t, OP_CONFIRM, rc, &e, log);
	lock_release(s, LEDGER_RESIDENT, k.refs[0].entry, NULL);
	if (rc == 0)
		fprintf(log, "confirm %s %d %s\n", k.refs[0].entry,
		    k.refs[0].rireki_no, s->user.login);
}

static void
do_search(struct session *s, struct tally *t)
{
	struct resident_query q;
	struct db_resident r;
	char atena[16];
	struct err e;
	int count, rc;

	snprintf(atena, sizeof atena, "%010d", 1 + rand() % SEEDS);
	if (db_resident_get(s->lg->db, atena, &r, &e) == -1)
		die("read a seeded person", &e);
	memset(&q, 0, sizeof q);
	q.name = r.name_kana;
	q.birth_date = r.birth_date;
	q.reason = "01";
	err_clear(&e);
	rc = resident_search(s, &q, NULL, NULL, &count, &e);
	if (rc == 0 && count < 1) {
		rc = -1;
		err_set(&e, E_NOT_FOUND, "", "a seeded person was not found");
	}
	outcome(t, OP_SEARCH, rc, &e, NULL);
	if (rc == 0 || e.code == E_SEARCH_TOO_MANY)
		t->search_audited++;
}

/* One counter: log in, run nops operations, write the tally. */
static int
counter(const char *target, int proc, long nops)
{
	const char *login = logins[proc % 4];
	struct ledger *lg;
	struct session *s;
	struct tally t;
	struct config *cfg = config_new();
	char pw[48], path[4200];
	struct err e;
	FILE *log;
	long n;
	int clerk = proc % 2 == 0;

	srand((unsigned)proc * 7919u + 1);
	memset(&t, 0, sizeof t);
	config_set(cfg, "audit_syslog", "no");
	if ((lg = ledger_open(target, cfg, &e)) == NULL)
		die("open", &e);
	snprintf(pw, sizeof pw, "demo-%s", login);
	if ((s = auth_login(lg, login, pw, &e)) == NULL)
		die(login, &e);
	snprintf(path, sizeof path, "%s/log.%d", workdir, proc);
	if ((log = fopen(path, "w")) == NULL)
		die(path, NULL);
	for (n = 0; n < nops; n++) {
		int dice = rand() % 10;

		if (clerk && dice < 4)
			do_create(s, proc, n, &t, log);
		else if (clerk && dice < 6)
			do_correct(s, proc, n, &t, log);
		else if (!clerk && dice < 6)
			do_confirm(s, &t, log);
		else if (dice < 8)
			do_dose(s, &t, log);
		else
			do_search(s, &t);
	}
	fprintf(log, "tally");
	for (n = 0; n < OP_N; n++)
		fprintf(log, " %ld %ld", t.ok[n], t.refused[n]);
	fprintf(log, " %ld %ld\n", t.unexpected, t.search_audited);
	fclose(log);
	auth_logout(&s, "logout");
	ledger_close(&lg);
	config_free(&cfg);
	return t.unexpected == 0 ? 0 : 1;
}

/* ---- the parent's checks ---- */

struct audit_count {
	long by_op[OP_N + 2];	/* create, update, confirm, search, login, logout */
};

static int
count_audit(void *ctx, const struct db_audit_row *r)
{
	static const char *const ops[] = {
		"create", "update", "confirm", "search", "login", "logout"
	};
	struct audit_count *c = ctx;
	size_t i;

	for (i = 0; i < sizeof ops / sizeof ops[0]; i++)
		if (strcmp(r->op, ops[i]) == 0 &&
		    (strcmp(r->outcome, "ok") == 0 || i == 3))
			c->by_op[i]++;
	return 0;
}

struct dose_check;

struct person_check {
	int versions, current, confirmed, last, gaps;
	struct dose_check *seqs;	/* every version's update_seq */
};

static void seq_add(struct dose_check *, int64_t);

static int
check_version(void *ctx, const struct db_resident *r)
{
	struct person_check *p = ctx;

	p->versions++;
	p->current += r->current;
	if (r->confirmed_by[0] != '\0')
		p->confirmed++;
	if (r->rireki_no != p->last + 1)
		p->gaps++;
	p->last = r->rireki_no;
	seq_add(p->seqs, r->update_seq);
	return 0;
}

/* Every dose record's newest version: how many, and their update_seq. */
struct dose_check {
	long n, cap;
	int64_t *seq;
};

static int
cmp_seq(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

static void
seq_add(struct dose_check *k, int64_t seq)
{
	if (k->n == k->cap) {
		k->cap = k->cap ? k->cap * 2 : 256;
		if ((k->seq = realloc(k->seq, (size_t)k->cap * sizeof *k->seq)) ==
		    NULL)
			die("realloc", NULL);
	}
	k->seq[k->n++] = seq;
}

static int
check_dose(void *ctx, const struct db_dose *d)
{
	seq_add(ctx, d->st.update_seq);
	return 0;
}

/* How many of the n numbers at seq repeat one before them (sorts seq). */
static long
repeats(int64_t *seq, long n)
{
	long i, dup = 0;

	if (n > 0)
		qsort(seq, (size_t)n, sizeof *seq, cmp_seq);
	for (i = 1; i < n; i++)
		dup += seq[i] == seq[i - 1];
	return dup;
}

static int failures;

static void
expect(long got, long want, const char *what)
{
	printf("  %-44s %8ld %s\n", what, got, got == want ? "ok" : "MISMATCH");
	if (got != want) {
		printf("  %-44s %8ld expected\n", "", want);
		failures++;
	}
}

/* Replay the counters' logs against the database: every committed
 * change and confirmation must be there as written. */
static void
replay(struct ledger *lg, int nproc, struct tally *sum)
{
	char path[4200], line[512], atena[32], what[256], kind[16];
	struct db_resident r;
	struct db_dose d;
	long lost = 0, wrong = 0;
	int p, rireki, i;
	FILE *f;

	memset(sum, 0, sizeof *sum);
	for (p = 0; p < nproc; p++) {
		snprintf(path, sizeof path, "%s/log.%d", workdir, p);
		if ((f = fopen(path, "r")) == NULL) {
			printf("  counter %d left no log\n", p);
			failures++;
			continue;
		}
		while (fgets(line, sizeof line, f) != NULL) {
			struct tally t;

			if (strncmp(line, "tally", 5) == 0) {
				memset(&t, 0, sizeof t);
				sscanf(line + 5, "%ld %ld %ld %ld %ld %ld %ld %ld %ld "
				    "%ld %ld %ld", &t.ok[0], &t.refused[0], &t.ok[1],
				    &t.refused[1], &t.ok[2], &t.refused[2], &t.ok[3],
				    &t.refused[3], &t.ok[4], &t.refused[4],
				    &t.unexpected, &t.search_audited);
				for (i = 0; i < OP_N; i++) {
					sum->ok[i] += t.ok[i];
					sum->refused[i] += t.refused[i];
				}
				sum->unexpected += t.unexpected;
				sum->search_audited += t.search_audited;
				continue;
			}
			if (sscanf(line, "%15s %31s %d %255[^\n]", kind, atena,
			    &rireki, what) != 4)
				continue;
			if (strcmp(kind, "dose") == 0) {
				/* atena holds the 記録番号, what the person. */
				if (db_dose_version(lg->db, atena, rireki, &d,
				    NULL) == -1)
					lost++;
				else if (strcmp(d.atena_no, what) != 0)
					wrong++;
				continue;
			}
			if (db_resident_version(lg->db, atena, rireki, &r, NULL) == -1) {
				lost++;
				continue;
			}
			if (strcmp(kind, "submit") == 0 ?
			    strcmp(r.address, what) != 0 :
			    strcmp(r.confirmed_by, what) != 0 ||
			    (strcmp(r.state, "confirmed") != 0 &&
			    strcmp(r.state, "superseded") != 0))
				wrong++;
		}
		fclose(f);
	}
	expect(lost, 0, "committed changes missing (lost updates)");
	expect(wrong, 0, "committed changes not as written");
}

static int
check(const char *target, int nproc, long nops, int64_t seq0, double secs)
{
	struct ledger *lg;
	struct audit_report rep;
	struct audit_count ac;
	struct person_check pc;
	struct dose_check dc = { 0, 0, NULL }, rs = { 0, 0, NULL };
	struct tally sum;
	struct err e;
	char atena[24];
	long versions = 0, confirmed = 0, multi = 0, gaps = 0, i;
	int64_t seq;
	char hash[HASH_HEX];

	if ((lg = ledger_open(target, NULL, &e)) == NULL)
		die("reopen", &e);
	printf("concurrency on %s: %d counters x %ld operations in %.1f s\n",
	    db_engine(lg->db), nproc, nops, secs);
	replay(lg, nproc, &sum);
	for (i = 0; i < OP_N; i++)
		printf("  %-8s %6ld committed %6ld refused with a reason\n",
		    op_names[i], sum.ok[i], sum.refused[i]);
	expect(sum.unexpected, 0, "operations failed without a clear reason");
	err_clear(&e);
	if (audit_verify_ledger(lg, &rep, &e) == -1) {
		printf("  audit chain: %s at row %lld: %s\n", err_message(e.code),
		    (long long)rep.bad_seq, rep.problem);
		failures++;
	} else
		printf("  audit chain verifies: %lld rows\n", (long long)rep.rows);
	memset(&ac, 0, sizeof ac);
	db_audit_each(lg->db, NULL, count_audit, &ac, NULL);
	db_audit_head(lg->db, &seq, hash, NULL);
	(void)seq0;
	expect(ac.by_op[0], sum.ok[OP_CREATE], "audit rows 'create' = creates");
	expect(ac.by_op[1], sum.ok[OP_CORRECT] + sum.ok[OP_DOSE],
	    "audit rows 'update' = corrections + doses");
	expect(ac.by_op[2], sum.ok[OP_CONFIRM], "audit rows 'confirm' = confirms");
	expect(ac.by_op[3], sum.search_audited, "audit rows 'search' = searches");
	expect(ac.by_op[4] - 1, nproc, "audit rows 'login' = counters (+ setup)");
	for (i = 1; ; i++) {
		snprintf(atena, sizeof atena, "%010ld", i);
		memset(&pc, 0, sizeof pc);
		pc.seqs = &rs;
		if (db_resident_history(lg->db, atena, check_version, &pc, NULL) == -1 ||
		    pc.versions == 0)
			break;
		if (db_dose_by_person(lg->db, atena, 0, check_dose, &dc,
		    &e) == -1)
			die("doses", &e);
		versions += pc.versions;
		confirmed += pc.confirmed;
		multi += pc.current > 1;
		gaps += pc.gaps;
	}
	expect(versions, SEEDS + sum.ok[OP_CREATE] + sum.ok[OP_CORRECT],
	    "versions = seeds + creates + corrections");
	expect(confirmed, SEEDS + sum.ok[OP_CONFIRM],
	    "confirmed versions = seeds + confirms");
	expect(multi, 0, "persons with more than one current version");
	expect(gaps, 0, "gaps in 履歴番号");
	/* Two doses under one 記録番号 would have hidden one another. */
	expect(dc.n, sum.ok[OP_DOSE], "dose records = doses");
	expect(repeats(dc.seq, dc.n), 0, "dose records sharing an update_seq");
	/* 更新順番号 orders every change of the master: one per version. */
	expect(repeats(rs.seq, rs.n), 0, "resident versions sharing an update_seq");
	free(dc.seq);
	free(rs.seq);
	ledger_close(&lg);
	return failures == 0 ? 0 : 1;
}

int
main(int argc, char **argv)
{
	struct ledger *lg;
	struct err e;
	struct timespec t0, t1;
	pid_t pids[MAX_PROC];
	int nproc, p, status, bad = 0;
	long nops;
	int64_t seq0;
	char hash[HASH_HEX];

	if (argc != 5 || (nproc = atoi(argv[3])) < 1 || nproc > MAX_PROC ||
	    (nops = atol(argv[4])) < 1) {
		fprintf(stderr, "usage: concurrency TARGET WORKDIR NPROC NOPS\n");
		return 2;
	}
	workdir = argv[2];
	setenv("MADOGUCHI_TERMINAL", "CONC", 1);
	if ((lg = ledger_open(argv[1], NULL, &e)) == NULL)
		die("open", &e);
	if (demo_accounts(lg, &e) == -1 ||
	    demo_residents(lg, 7, SEEDS, "admin", NULL, NULL, &e) == -1)
		die("setup", &e);
	db_audit_head(lg->db, &seq0, hash, NULL);
	ledger_close(&lg);	/* no connection crosses a fork */

	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (p = 0; p < nproc; p++) {
		if ((pids[p] = fork()) == -1)
			die("fork", NULL);
		if (pids[p] == 0)
			_exit(counter(argv[1], p, nops));
	}
	for (p = 0; p < nproc; p++) {
		while (waitpid(pids[p], &status, 0) == -1 && errno == EINTR)
			;
		if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
			fprintf(stderr, "concurrency: counter %d ended with "
			    "status %d\n", p, status);
			bad = 1;
		}
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	if (check(argv[1], nproc, nops, seq0, (double)(t1.tv_sec - t0.tv_sec) +
	    (double)(t1.tv_nsec - t0.tv_nsec) / 1e9) != 0)
		bad = 1;
	return bad;
}
