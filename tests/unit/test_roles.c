/*
 * The role matrix (R-10 –; design §1) as data, and
 * a table-driven test over every role × granted ledger × target ledger ×
 * action through the ledger API: an attempt is allowed exactly where the
 * matrix says (the right check lets it through: no E_DENIED, no "denied"
 * audit row) and everywhere else fails with E_DENIED and leaves exactly
 * one "denied" audit row naming the user.  A second table does the same
 * for field visibility per sensitivity class.
 *
 * Each test user holds ONE role on ONE ledger, so that a cell tests one
 * grant.  Allowed attempts use incomplete input on purpose where the real
 * thing needs a whole form: the test is about the gate, which every entry
 * point checks before it looks at the input.
 *
 * Hardcopy has no function in the library at all, so nobody can
 * take one; tests/cli/roles.sh checks that the program exports no
 * hardcopy symbol and has no such subcommand.
 */
#include "testutil.h"

#include "audit.h"
#include "auth.h"
#include "childbook.h"
#include "confirm.h"
#include "db.h"
#include "export.h"
#include "ledger_internal.h"
#include "notices.h"
#include "passbook.h"
#include "resident.h"
#include "users.h"
#include "vaccbook.h"
#include "visibility.h"

#define NROLES 5
#define NELEM(a) (sizeof (a) / sizeof (a)[0])
#define ATENA "000000000101"
#define MYNUM "123456789018"

enum act {
	A_VIEW,		/* open the person / the ledger's records */
	A_REVEAL,	/* show the My Number unmasked */
	A_CREATE,	/* key a new entry (pending) */
	A_CORRECT,	/* key a correction (pending) */
	A_CONFIRM,	/* the confirmation queue */
	A_PRINT,	/* batch notices */
	A_EXPORT,	/* export to a registered medium (R-45) */
	A_AUDIT,	/* read the audit log */
	A_ACCOUNTS,	/* manage user accounts */
	A_N
};

static const char *const act_names[A_N] = {
	"view", "reveal", "create", "correct", "confirm", "print", "export",
	"audit-read", "accounts"
};

static const enum role roles[NROLES] = {
	ROLE_CLERK, ROLE_SUPERVISOR, ROLE_OPERATOR, ROLE_AUDITOR, ROLE_ADMIN
};

/* Which grants a rule accepts: the role on the target ledger itself, or
 * on any of the four business ledgers. */
enum scope { SAME, ANY_BUSINESS };

#define CLK ROLE_CLERK
#define SUP ROLE_SUPERVISOR
#define OPR ROLE_OPERATOR
#define AUD ROLE_AUDITOR
#define ADM ROLE_ADMIN

/*
 * The matrix.  An (action, target) pair listed here has an entry point in
 * the library and is tried for every user; a role held on a ledger the
 * rule's scope accepts is allowed, every other grant denied.  Pairs not
 * listed have no entry point, so nobody can do them (export of a book,
 * confirm or print on the system ledger, hardcopy anywhere).
 */
static const struct rule {
	enum act act;
	enum ledger_id target;
	unsigned roles;
	enum scope scope;
	const char *why;
} matrix[] = {
	{ A_VIEW, LEDGER_RESIDENT, CLK | SUP, ANY_BUSINESS,
	  "R-11 test: a vaccination-only clerk opens the person" },
	{ A_VIEW, LEDGER_CHILD, CLK | SUP, SAME, "R-10, R-11" },
	{ A_VIEW, LEDGER_ELDERLY, CLK | SUP, SAME, "R-10, R-11" },
	{ A_VIEW, LEDGER_VACCINE, CLK | SUP, SAME, "R-10, R-11" },
	{ A_REVEAL, LEDGER_RESIDENT, SUP, SAME,
	  "R-13: only a role that sees the class unmasked (R-12 defaults)" },
	{ A_CREATE, LEDGER_RESIDENT, CLK | SUP, SAME,
	  "design §1: the clerk keys; R-36: a supervisor may key too" },
	{ A_CREATE, LEDGER_CHILD, CLK | SUP, SAME, "design §1, R-36" },
	{ A_CREATE, LEDGER_ELDERLY, CLK | SUP, SAME, "design §1, R-36" },
	{ A_CREATE, LEDGER_VACCINE, CLK | SUP, SAME, "design §1, R-36" },
	{ A_CORRECT, LEDGER_RESIDENT, CLK | SUP, SAME, "design §1, R-36" },
	{ A_CORRECT, LEDGER_CHILD, CLK | SUP, SAME, "design §1, R-36" },
	{ A_CORRECT, LEDGER_ELDERLY, CLK | SUP, SAME, "design §1, R-36" },
	{ A_CORRECT, LEDGER_VACCINE, CLK | SUP, SAME, "design §1, R-36" },
	{ A_CONFIRM, LEDGER_RESIDENT, SUP, SAME, "R-10 test, R-36" },
	{ A_CONFIRM, LEDGER_CHILD, SUP, SAME, "R-10 test, R-36" },
	{ A_CONFIRM, LEDGER_ELDERLY, SUP, SAME, "R-10 test, R-36" },
	{ A_CONFIRM, LEDGER_VACCINE, SUP, SAME, "R-10 test, R-36" },
	/* The operator runs batch notices (design §1); the supervisor, who
	 * is the R-40 checker of those jobs, may run them too (notices.c). */
	{ A_PRINT, LEDGER_CHILD, OPR | SUP, SAME, "design §1, R-40, R-44" },
	{ A_PRINT, LEDGER_ELDERLY, OPR | SUP, SAME, "design §1, R-40, R-44" },
	{ A_PRINT, LEDGER_VACCINE, OPR | SUP, SAME, "design §1, R-40, R-44" },
	{ A_EXPORT, LEDGER_RESIDENT, OPR, SAME, "design §1, R-45" },
	{ A_AUDIT, LEDGER_SYSTEM, AUD, SAME, "design §1: the auditor reads" },
	{ A_ACCOUNTS, LEDGER_SYSTEM, ADM, SAME, "R-10: only admins" },
};

/*
 * Default field visibility (R-12, R-13; visibility.h) of a role holding
 * its grant on the ledger looked at; any other ledger shows nothing.
 * Classes: ordinary, mynumber, income, welfare, health.
 */
static const enum vis vis_matrix[NROLES][SENS_N] = {
	/* clerk */ { VIS_SHOWN, VIS_MASKED, VIS_MASKED, VIS_MASKED, VIS_SHOWN },
	/* supervisor */ { VIS_SHOWN, VIS_SHOWN, VIS_SHOWN, VIS_SHOWN, VIS_SHOWN },
	/* operator */ { VIS_SHOWN, VIS_MASKED, VIS_MASKED, VIS_MASKED, VIS_MASKED },
	/* auditor: logs only */ { VIS_HIDDEN, VIS_HIDDEN, VIS_HIDDEN, VIS_HIDDEN, VIS_HIDDEN },
	/* admin: no business data */ { VIS_HIDDEN, VIS_HIDDEN, VIS_HIDDEN, VIS_HIDDEN, VIS_HIDDEN },
};

struct rfx {
	char *dir;
	struct ledger *lg;
	struct session *user[NROLES][LEDGER_N];
	int grants, cells, allowed, denied, vis_cells;
};

static struct rfx F;

static int
is_business(enum ledger_id l)
{
	return l == LEDGER_RESIDENT || l == LEDGER_CHILD ||
	    l == LEDGER_ELDERLY || l == LEDGER_VACCINE;
}

/* Auditor and admin are granted on the system ledger only (users.c). */
static int
grant_exists(enum role r, enum ledger_id l)
{
	return (r != ROLE_AUDITOR && r != ROLE_ADMIN) || l == LEDGER_SYSTEM;
}

static int
expected(const struct rule *r, enum role role, enum ledger_id grant)
{
	if (!(r->roles & role))
		return 0;
	return r->scope == SAME ? grant == r->target : is_business(grant);
}

/* The person every attempt looks at, added confirmed into the master. */
static void
plant_resident(struct ledger *lg)
{
	struct db_resident r;
	struct err e;

	memset(&r, 0, sizeof r);
	snprintf(r.atena_no, sizeof r.atena_no, ATENA);
	r.rireki_no = 1;
	snprintf(r.state, sizeof r.state, "confirmed");
	r.current = 1;
	snprintf(r.op, sizeof r.op, "movein");
	snprintf(r.my_number, sizeof r.my_number, MYNUM);
	snprintf(r.mn_method, sizeof r.mn_method, "card");
	snprintf(r.name, sizeof r.name, "権限　試験");
	snprintf(r.name_kana, sizeof r.name_kana, "ケンゲン　シケン");
	resident_derive_keys(&r);
	snprintf(r.birth_date, sizeof r.birth_date, "1950-04-01");
	r.sex = 1;
	snprintf(r.address, sizeof r.address, "京都市中京区寺町通御池上る上本能寺前町488番地");
	r.resident_flag = 1;
	snprintf(r.retention_class, sizeof r.retention_class, "resident");
	snprintf(r.operator_login, sizeof r.operator_login, "import");
	snprintf(r.terminal, sizeof r.terminal, "T1");
	snprintf(r.stamp, sizeof r.stamp, "2024-04-01 09:00:00");
	snprintf(r.confirmed_by, sizeof r.confirmed_by, "import");
	snprintf(r.confirmed_at, sizeof r.confirmed_at, "2024-04-01 09:00:00");
	r.update_seq = db_resident_next_seq(lg->db, &e);
	if (db_resident_insert(lg->db, &r, &e) != 0)
		fail_msg("resident: %s %s", err_message(e.code), e.detail);
}

static int
group_setup(void **state)
{
	struct session *admin;
	char path[4200], login[32], pw[40];
	struct err e;
	size_t r;
	int l;

	(void)state;
	F.dir = test_tmpdir();
	snprintf(path, sizeof path, "%s/ledger.db", F.dir);
	setenv("MADOGUCHI_TERMINAL", "T1", 1);
	if ((F.lg = ledger_open(path, NULL, &e)) == NULL)
		fail_msg("open: %s %s", err_message(e.code), e.detail);
	if (users_bootstrap(F.lg, "admin", "admin-pass-1", &e) == -1 ||
	    (admin = auth_login(F.lg, "admin", "admin-pass-1", &e)) == NULL)
		fail_msg("admin: %s %s", err_message(e.code), e.detail);
	for (r = 0; r < NROLES; r++) {
		for (l = 0; l < LEDGER_N; l++) {
			snprintf(login, sizeof login, "%s-%s",
			    role_name(roles[r]), ledger_name((enum ledger_id)l));
			snprintf(pw, sizeof pw, "pw-%s-x1", login);
			if (users_add(admin, login, "試験 利用者", pw, &e) == -1)
				fail_msg("user %s: %s %s", login,
				    err_message(e.code), e.detail);
			if (!grant_exists(roles[r], (enum ledger_id)l)) {
				/* Auditor and admin live on the system
				 * ledger only: the grant itself is refused. */
				if (users_grant(admin, login, roles[r],
				    (enum ledger_id)l, &e) != -1 ||
				    e.code != E_USAGE)
					fail_msg("%s was granted", login);
				continue;
			}
			if (users_grant(admin, login, roles[r], (enum ledger_id)l,
			    &e) == -1)
				fail_msg("grant %s: %s %s", login,
				    err_message(e.code), e.detail);
			F.grants++;
			if ((F.user[r][l] = auth_login(F.lg, login, pw, &e)) == NULL)
				fail_msg("login %s: %s %s", login,
				    err_message(e.code), e.detail);
			/* Exactly the one grant, nothing else. */
			for (int k = 0; k < LEDGER_N; k++)
				if (F.user[r][l]->roles[k] !=
				    (k == l ? (unsigned)roles[r] : 0u))
					fail_msg("%s holds roles %#x on %s", login,
					    F.user[r][l]->roles[k],
					    ledger_name((enum ledger_id)k));
		}
	}
	auth_logout(&admin, NULL);
	plant_resident(F.lg);
	return 0;
}

static int
group_teardown(void **state)
{
	size_t r;
	int l;

	(void)state;
	print_message("role matrix: %d rules × %d grants (role@ledger) = %d "
	    "action cells (%d allowed, %d denied); field visibility: %d "
	    "cells\n", (int)NELEM(matrix), F.grants, F.cells, F.allowed,
	    F.denied, F.vis_cells);
	for (r = 0; r < NROLES; r++)
		for (l = 0; l < LEDGER_N; l++)
			auth_logout(&F.user[r][l], NULL);
	ledger_close(&F.lg);
	test_rmtree(F.dir);
	free(F.dir);
	return 0;
}

struct denials {
	const char *login;
	int n, by_login;
};

static int
count_denied(void *ctx, const struct db_audit_row *row)
{
	struct denials *d = ctx;

	if (strcmp(row->outcome, "denied") == 0) {
		d->n++;
		if (strcmp(row->user_login, d->login) == 0)
			d->by_login++;
	}
	return 0;
}

static struct denials
denials(const char *login)
{
	struct denials d = { login, 0, 0 };
	struct err e;

	if (db_audit_each(F.lg->db, NULL, count_denied, &d, &e) == -1)
		fail_msg("audit: %s %s", err_message(e.code), e.detail);
	return d;
}

static int
ignore_claim(void *ctx, const struct db_child_claim *c)
{
	(void)ctx;
	(void)c;
	return 0;
}

static int
ignore_pass(void *ctx, const struct db_pass *p)
{
	(void)ctx;
	(void)p;
	return 0;
}

static int
ignore_dose(void *ctx, const struct db_dose *d)
{
	(void)ctx;
	(void)d;
	return 0;
}

static int
ignore_pending(void *ctx, const struct db_pending *p)
{
	(void)ctx;
	(void)p;
	return 0;
}

static int
ignore_audit(void *ctx, const struct db_audit_row *r)
{
	(void)ctx;
	(void)r;
	return 0;
}

/* One attempt of act on target by s through the ledger API. */
static int
attempt(struct session *s, enum act act, enum ledger_id t, struct err *e)
{
	static int serial;
	struct db_resident res;
	struct resident_change rc;
	struct childbook_intake ci;
	struct childbook_decision cd;
	struct passbook_application pa;
	struct passbook_change pc;
	struct vaccbook_entry ve;
	struct notices_cond cond;
	struct notices_preview pv;
	struct export_opts eo;
	struct export_result er;
	struct db_audit_filter af;
	char out[16], mn[13], login[32];
	int rk, r;

	switch (act) {
	case A_VIEW:
		switch (t) {
		case LEDGER_RESIDENT:
			return resident_view(s, ATENA, &res, e);
		case LEDGER_CHILD:
			return childbook_list(s, ATENA, ignore_claim, NULL, e);
		case LEDGER_ELDERLY:
			return passbook_list(s, ATENA, ignore_pass, NULL, e);
		case LEDGER_VACCINE:
			return vaccbook_list(s, ATENA, ignore_dose, NULL, e);
		default:
			break;
		}
		break;
	case A_REVEAL:
		r = resident_reveal_mynumber(s, ATENA, mn, e);
		if (r == 0 && strcmp(mn, MYNUM) != 0)
			fail_msg("reveal gave '%s'", mn);
		return r;
	case A_CREATE:
	case A_CORRECT:
		switch (t) {
		case LEDGER_RESIDENT:
			memset(&rc, 0, sizeof rc);
			rc.op = act == A_CREATE ? RES_MOVEIN : RES_CORRECT;
			if (act == A_CORRECT)
				snprintf(rc.rec.atena_no, sizeof rc.rec.atena_no,
				    ATENA);
			rc.reason_code = "";
			rc.ref_no = "";
			return resident_submit(s, &rc, out, &rk, e);
		case LEDGER_CHILD:
			if (act == A_CREATE) {
				memset(&ci, 0, sizeof ci);
				ci.claimant_atena = ATENA;
				return childbook_intake(s, &ci, out, &rk, e);
			}
			memset(&cd, 0, sizeof cd);
			cd.claim_no = "C-NONE";
			return childbook_decide(s, &cd, &rk, e);
		case LEDGER_ELDERLY:
			if (act == A_CREATE) {
				memset(&pa, 0, sizeof pa);
				pa.atena_no = ATENA;
				return passbook_apply(s, &pa, out, &rk, e);
			}
			memset(&pc, 0, sizeof pc);
			return passbook_change(s, &pc, &rk, e);
		case LEDGER_VACCINE:
			memset(&ve, 0, sizeof ve);
			ve.atena_no = ATENA;
			if (act == A_CORRECT)
				ve.record_no = "V-NONE";
			return vaccbook_record(s, &ve, out, &rk, e);
		default:
			break;
		}
		break;
	case A_CONFIRM:
		return confirm_queue(s, t, NULL, ignore_pending, NULL, e);
	case A_PRINT:
		memset(&cond, 0, sizeof cond);
		cond.age_from = cond.age_to = -1;
		r = notices_preview(s, ledger_name(t), t == LEDGER_CHILD ?
		    "nintei" : t == LEDGER_ELDERLY ? "nonyu" : "sesshuzumi",
		    &cond, NULL, NULL, &pv, e);
		if (r == 0)
			notices_preview_free(&pv);
		return r;
	case A_EXPORT:
		memset(&eo, 0, sizeof eo);	/* no purpose: refused after
						 * the right check */
		return export_residents(s, &eo, &er, e);
	case A_AUDIT:
		memset(&af, 0, sizeof af);
		af.limit = 1;
		return audit_list(s, &af, ignore_audit, NULL, e);
	case A_ACCOUNTS:
		snprintf(login, sizeof login, "new%d", ++serial);
		return users_add(s, login, "新規 利用者", "new-pass-123", e);
	default:
		break;
	}
	fail_msg("no entry point for %s on %s", act_names[act], ledger_name(t));
	return -1;
}

/* Every user tries every rule of act; check the outcome and the log. */
static void
run_action(enum act act)
{
	const struct rule *ru;
	struct denials before, after;
	struct session *s;
	struct err e;
	size_t i, r;
	int l, rc, want, bad = 0;

	for (i = 0; i < NELEM(matrix); i++) {
		ru = &matrix[i];
		if (ru->act != act)
			continue;
		for (r = 0; r < NROLES; r++) {
			for (l = 0; l < LEDGER_N; l++) {
				if ((s = F.user[r][l]) == NULL)
					continue;
				want = expected(ru, roles[r], (enum ledger_id)l);
				before = denials(s->user.login);
				memset(&e, 0, sizeof e);
				rc = attempt(s, act, ru->target, &e);
				after = denials(s->user.login);
				F.cells++;
				if (want) {
					F.allowed++;
					if ((rc == -1 && (e.code == E_DENIED ||
					    e.code == E_AUTH_EXPIRED)) ||
					    after.n != before.n) {
						print_error("%s on %s by %s: "
						    "refused (%s %s, %d denied rows), "
						    "but allowed by %s\n",
						    act_names[act],
						    ledger_name(ru->target),
						    s->user.login,
						    err_message(e.code), e.detail,
						    after.n - before.n, ru->why);
						bad++;
					}
					continue;
				}
				F.denied++;
				if (rc != -1 || e.code != E_DENIED) {
					print_error("%s on %s by %s: not denied "
					    "(rc %d, %s %s); matrix: %s\n",
					    act_names[act],
					    ledger_name(ru->target),
					    s->user.login, rc,
					    err_message(e.code), e.detail,
					    ru->why);
					bad++;
				}
				if (after.n - before.n != 1 ||
				    after.by_login - before.by_login != 1) {
					print_error("%s on %s by %s: %d denied "
					    "audit rows (%d in its name), "
					    "expected exactly 1 (R-19)\n",
					    act_names[act],
					    ledger_name(ru->target),
					    s->user.login, after.n - before.n,
					    after.by_login - before.by_login);
					bad++;
				}
			}
		}
	}
	if (bad)
		fail_msg("%d cells of %s disagree with the matrix", bad,
		    act_names[act]);
}

static void
test_view(void **state)
{
	(void)state;
	run_action(A_VIEW);
}

static void
test_reveal(void **state)
{
	(void)state;
	run_action(A_REVEAL);
}

static void
test_create(void **state)
{
	(void)state;
	run_action(A_CREATE);
}

static void
test_correct(void **state)
{
	(void)state;
	run_action(A_CORRECT);
}

static void
test_confirm(void **state)
{
	(void)state;
	run_action(A_CONFIRM);
}

static void
test_print(void **state)
{
	(void)state;
	run_action(A_PRINT);
}

static void
test_export(void **state)
{
	(void)state;
	run_action(A_EXPORT);
}

static void
test_audit_read(void **state)
{
	(void)state;
	run_action(A_AUDIT);
}

static void
test_accounts(void **state)
{
	(void)state;
	run_action(A_ACCOUNTS);
}

/* R-12 per role × grant ledger × ledger looked at × class. */
static void
test_field_visibility(void **state)
{
	size_t r;
	int g, t, c, bad = 0;
	enum vis want, got;

	(void)state;
	for (r = 0; r < NROLES; r++)
		for (g = 0; g < LEDGER_N; g++)
			for (t = 0; t < LEDGER_N; t++)
				for (c = 0; c < SENS_N; c++) {
					if (F.user[r][g] == NULL)
						continue;
					want = g == t ? vis_matrix[r][c] :
					    VIS_HIDDEN;
					got = visibility_of(F.user[r][g],
					    (enum ledger_id)t,
					    (enum sens_class)c);
					F.vis_cells++;
					if (got == want)
						continue;
					print_error("%s@%s sees %s on %s as %d, "
					    "matrix says %d\n",
					    role_name(roles[r]),
					    ledger_name((enum ledger_id)g),
					    sens_class_name((enum sens_class)c),
					    ledger_name((enum ledger_id)t),
					    (int)got, (int)want);
					bad++;
				}
	if (bad)
		fail_msg("%d visibility cells disagree with the matrix", bad);
}

/* Every action of the matrix has at least one rule, and no rule is
 * listed twice (a typo in the table must not hide a cell). */
static void
test_matrix_is_complete(void **state)
{
	int seen[A_N] = { 0 };
	size_t i, j;

	(void)state;
	for (i = 0; i < NELEM(matrix); i++) {
		seen[matrix[i].act] = 1;
		for (j = 0; j < i; j++)
			if (matrix[j].act == matrix[i].act &&
			    matrix[j].target == matrix[i].target)
				fail_msg("rule %zu repeats rule %zu", i, j);
	}
	for (i = 0; i < A_N; i++)
		if (!seen[i])
			fail_msg("no rule for %s", act_names[i]);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_matrix_is_complete),
		cmocka_unit_test(test_view),
		cmocka_unit_test(test_reveal),
		cmocka_unit_test(test_create),
		cmocka_unit_test(test_correct),
		cmocka_unit_test(test_confirm),
		cmocka_unit_test(test_print),
		cmocka_unit_test(test_export),
		cmocka_unit_test(test_audit_read),
		cmocka_unit_test(test_accounts),
		cmocka_unit_test(test_field_visibility),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
