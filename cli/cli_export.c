/*
 * `madoguchi media register|list|retire`, `madoguchi export residents`,
 * `madoguchi export list|close`, `madoguchi decrypt` and `madoguchi
 * approve request|grant|refuse|list`.  Nothing
 * personal is printed: counts, keys, file names and checksums only.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "approval.h"
#include "auth.h"
#include "cli_ops.h"
#include "export.h"
#include "i18n.h"
#include "media.h"
#include "xmalloc.h"

/* Options shared by these subcommands. */
struct args {
	const char *user, *key_file, *media, *file, *encoding, *purpose;
	const char *out, *desc, *kind, *takeout, *conditions;
	int64_t approval, count;
	int pw_stdin, pass_stdin;
	int nops;
	char **ops;
};

static const struct option longopts[] = {
	{ "user", required_argument, NULL, 'u' },
	{ "password-stdin", no_argument, NULL, 'p' },
	{ "passphrase-stdin", no_argument, NULL, 'P' },
	{ "key-file", required_argument, NULL, 'k' },
	{ "media", required_argument, NULL, 'm' },
	{ "file", required_argument, NULL, 'f' },
	{ "encoding", required_argument, NULL, 'e' },
	{ "purpose", required_argument, NULL, 'r' },
	{ "approval", required_argument, NULL, 'a' },
	{ "takeout-approver", required_argument, NULL, 't' },
	{ "out", required_argument, NULL, 'o' },
	{ "description", required_argument, NULL, 'd' },
	{ "kind", required_argument, NULL, 'K' },
	{ "count", required_argument, NULL, 'c' },
	{ "conditions", required_argument, NULL, 'C' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 }
};

/* Parse; 0 ok, 1 help shown, -1 usage error. */
static int
parse(int argc, char **argv, struct args *a, void (*usage)(FILE *))
{
	int c;

	memset(a, 0, sizeof *a);
	optind = 0;
	while ((c = getopt_long(argc, argv, "u:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'u': a->user = optarg; break;
		case 'p': a->pw_stdin = 1; break;
		case 'P': a->pass_stdin = 1; break;
		case 'k': a->key_file = optarg; break;
		case 'm': a->media = optarg; break;
		case 'f': a->file = optarg; break;
		case 'e': a->encoding = optarg; break;
		case 'r': a->purpose = optarg; break;
		case 'a': a->approval = atoll(optarg); break;
		case 't': a->takeout = optarg; break;
		case 'o': a->out = optarg; break;
		case 'd': a->desc = optarg; break;
		case 'K': a->kind = optarg; break;
		case 'c': a->count = atoll(optarg); break;
		case 'C': a->conditions = optarg; break;
		case 'h': usage(stdout); return 1;
		default: usage(stderr); return -1;
		}
	}
	a->nops = argc - optind;
	a->ops = argv + optind;
	return 0;
}

/* Open the ledger and log in; NULL after printing the problem. */
static struct session *
login(struct cli_opts *o, const struct args *a, struct ledger **lg)
{
	struct session *s;

	if ((*lg = cli_open(o)) == NULL)
		return NULL;
	if ((s = cli_login(*lg, a->user, a->pw_stdin)) == NULL)
		ledger_close(lg);
	return s;
}

static int
finish(struct session **s, struct ledger **lg, int rc, const struct err *e)
{
	if (rc == -1)
		cli_error(e);
	auth_logout(s, NULL);
	ledger_close(lg);
	return rc == 0 ? EXIT_OK : cli_status(e);
}

/* ---- media ---------------------------------------------------------------- */

static void
media_usage(FILE *f)
{
	fprintf(f, _("usage: madoguchi media register DIR ID [--description TEXT] [--kind KIND]\n"
	    "       madoguchi media list\n"
	    "       madoguchi media retire ID returned|disposed|lost\n"
	    "       (each with --user NAME [--password-stdin]; admin)\n"
	    "Registering writes the ID file .madoguchi-media on the medium mounted at DIR.\n"));
}

static int
print_media(void *ctx, const struct db_media *m)
{
	(void)ctx;
	printf("%-16s %-8s %s %s %s%s%s %s\n", m->id, m->kind,
	    m->registered_at, m->registered_by, m->active ? _("active") :
	    m->retired_how, m->active ? "" : " ", m->active ? "" : m->retired_at,
	    m->description);
	return 0;
}

int
cli_media(struct cli_opts *o, int argc, char **argv)
{
	struct args a;
	struct ledger *lg;
	struct session *s;
	struct err e;
	int rc;

	if ((rc = parse(argc, argv, &a, media_usage)) != 0)
		return rc == 1 ? EXIT_OK : EXIT_USAGE;
	if (a.nops < 1 || (strcmp(a.ops[0], "register") == 0 && a.nops != 3) ||
	    (strcmp(a.ops[0], "retire") == 0 && a.nops != 3) ||
	    (strcmp(a.ops[0], "list") == 0 && a.nops != 1) ||
	    (strcmp(a.ops[0], "register") != 0 && strcmp(a.ops[0], "retire") != 0 &&
	    strcmp(a.ops[0], "list") != 0)) {
		media_usage(stderr);
		return EXIT_USAGE;
	}
	if ((s = login(o, &a, &lg)) == NULL)
		return EXIT_REFUSED;
	err_clear(&e);
	if (strcmp(a.ops[0], "register") == 0) {
		rc = media_register(s, a.ops[1], a.ops[2], a.desc, a.kind, &e);
		if (rc == 0)
			printf(_("medium %s registered; its ID file is on %s\n"),
			    a.ops[2], a.ops[1]);
	} else if (strcmp(a.ops[0], "retire") == 0) {
		rc = media_retire(s, a.ops[1], a.ops[2], &e);
		if (rc == 0)
			printf(_("medium %s retired (%s)\n"), a.ops[1], a.ops[2]);
	} else
		rc = media_list(s, print_media, NULL, &e);
	return finish(&s, &lg, rc, &e);
}

/* ---- export and decrypt ---------------------------------------------------- */

static void
export_usage(FILE *f)
{
	fprintf(f, _("usage: madoguchi export residents --media DIR --file NAME --purpose TEXT\n"
	    "           [--encoding utf-8|cp932] [--approval ID] [--takeout-approver LOGIN]\n"
	    "           [--key-file FILE | --passphrase-stdin] --user NAME [--password-stdin]\n"
	    "       madoguchi export list --user NAME\n"
	    "       madoguchi export close JOB returned|disposed --user NAME\n"
	    "Writes the confirmed resident master, encrypted, onto a registered medium\n"
	    "(operator role).  Above the bulk threshold an approval is needed:\n"
	    "madoguchi approve request --kind export --count N --purpose TEXT.\n"));
}

static int
print_export(void *ctx, const struct db_export *x)
{
	(void)ctx;
	printf("%4lld %s %-12s %-12s %s %lld records (%lld restricted skipped) "
	    "%s approval=%lld approver=%s takeout=%s purpose=%s%s%s%s%s\n",
	    (long long)x->job_id, x->at, x->user_login, x->media_id, x->file_name,
	    (long long)x->record_count, (long long)x->skipped_restricted,
	    x->encoding, (long long)x->approval_id,
	    x->approver[0] ? x->approver : "-",
	    x->takeout_approver[0] ? x->takeout_approver : "-", x->purpose,
	    x->returned_at[0] ? _(" returned ") : "", x->returned_at,
	    x->disposed_at[0] ? _(" disposed ") : "", x->disposed_at);
	printf("     fields=%s blake2b=%s\n", x->field_list, x->checksum);
	return 0;
}

int
cli_export(struct cli_opts *o, int argc, char **argv)
{
	struct args a;
	struct export_opts eo;
	struct export_result res;
	struct sealed_secret sec;
	struct ledger *lg;
	struct session *s;
	struct err e;
	char *pass = NULL;
	int rc;

	if ((rc = parse(argc, argv, &a, export_usage)) != 0)
		return rc == 1 ? EXIT_OK : EXIT_USAGE;
	if (a.nops == 1 && strcmp(a.ops[0], "residents") == 0) {
		if (a.media == NULL || a.file == NULL || a.purpose == NULL) {
			export_usage(stderr);
			return EXIT_USAGE;
		}
	} else if (!(a.nops == 1 && strcmp(a.ops[0], "list") == 0) &&
	    !(a.nops == 3 && strcmp(a.ops[0], "close") == 0)) {
		export_usage(stderr);
		return EXIT_USAGE;
	}
	if ((s = login(o, &a, &lg)) == NULL)
		return EXIT_REFUSED;
	err_clear(&e);
	if (strcmp(a.ops[0], "list") == 0)
		return finish(&s, &lg, export_list(s, print_export, NULL, &e), &e);
	if (strcmp(a.ops[0], "close") == 0) {
		rc = export_close(s, atoll(a.ops[1]), a.ops[2], &e);
		if (rc == 0)
			printf(_("export job %s: medium %s\n"), a.ops[1], a.ops[2]);
		return finish(&s, &lg, rc, &e);
	}
	if (cli_ops_secret(a.key_file, a.pass_stdin, 1, &sec, &pass) == -1) {
		auth_logout(&s, NULL);
		ledger_close(&lg);
		return EXIT_REFUSED;
	}
	memset(&eo, 0, sizeof eo);
	eo.media_dir = a.media;
	eo.file = a.file;
	eo.encoding = a.encoding;
	eo.secret = &sec;
	eo.purpose = a.purpose;
	eo.approval_id = a.approval;
	eo.takeout_approver = a.takeout;
	rc = export_residents(s, &eo, &res, &e);
	xfree_secret(&pass);
	if (rc == 0) {
		printf(_("export job %lld: %lld records to medium %s as %s (%lld "
		    "restricted persons skipped)\n"), (long long)res.job_id,
		    (long long)res.records, res.media_id, a.file,
		    (long long)res.skipped_restricted);
		printf(_("checksum (BLAKE2b-256): %s\n"), res.checksum);
	} else if (e.code == E_APPROVAL)
		fprintf(stderr, _("madoguchi: above the bulk threshold: file a request with "
		    "`madoguchi approve request --kind export --count N --purpose TEXT`\n"));
	return finish(&s, &lg, rc, &e);
}

static void
decrypt_usage(FILE *f)
{
	fprintf(f, _("usage: madoguchi decrypt FILE --out OUT [--key-file FILE | --passphrase-stdin]\n"
	    "                         --user NAME [--password-stdin]\n"
	    "Decrypts an export (operator role); OUT is created 0600 and holds\n"
	    "personal data.\n"));
}

int
cli_decrypt(struct cli_opts *o, int argc, char **argv)
{
	struct args a;
	struct sealed_secret sec;
	struct ledger *lg;
	struct session *s;
	struct err e;
	char *pass = NULL;
	int rc;

	if ((rc = parse(argc, argv, &a, decrypt_usage)) != 0)
		return rc == 1 ? EXIT_OK : EXIT_USAGE;
	if (a.nops != 1 || a.out == NULL) {
		decrypt_usage(stderr);
		return EXIT_USAGE;
	}
	if ((s = login(o, &a, &lg)) == NULL)
		return EXIT_REFUSED;
	if (cli_ops_secret(a.key_file, a.pass_stdin, 0, &sec, &pass) == -1) {
		auth_logout(&s, NULL);
		ledger_close(&lg);
		return EXIT_REFUSED;
	}
	err_clear(&e);
	rc = export_decrypt(s, a.ops[0], a.out, &sec, &e);
	xfree_secret(&pass);
	if (rc == 0)
		printf(_("decrypted into %s\n"), a.out);
	return finish(&s, &lg, rc, &e);
}

/* ---- approvals ------------------------------------------------------------- */

static void
approve_usage(FILE *f)
{
	fprintf(f, _("usage: madoguchi approve request --kind KIND --count N --purpose TEXT\n"
	    "                        [--conditions TEXT]\n"
	    "       madoguchi approve grant ID | refuse ID | list\n"
	    "       (each with --user NAME [--password-stdin])\n"
	    "KIND is export, notices or purge.  A supervisor other than the requester\n"
	    "grants; a grant is good for one run of at most N records within the\n"
	    "approval window (approval_window_hours, 24).\n"));
}

static int
print_approval(void *ctx, const struct db_approval *x)
{
	(void)ctx;
	printf("%4lld %-8s %-9s max=%lld by %s at %s decided=%s %s until=%s "
	    "used=%lld %s purpose=%s\n", (long long)x->id, x->kind, x->state,
	    (long long)x->max_count, x->requested_by, x->requested_at,
	    x->decided_by[0] ? x->decided_by : "-", x->decided_at,
	    x->expires_at[0] ? x->expires_at : "-", (long long)x->used_count,
	    x->used_at, x->purpose);
	return 0;
}

int
cli_approve(struct cli_opts *o, int argc, char **argv)
{
	struct args a;
	struct ledger *lg;
	struct session *s;
	struct err e;
	int64_t id;
	int rc;

	if ((rc = parse(argc, argv, &a, approve_usage)) != 0)
		return rc == 1 ? EXIT_OK : EXIT_USAGE;
	if (a.nops < 1 || (strcmp(a.ops[0], "request") == 0 &&
	    (a.nops != 1 || a.kind == NULL || a.count < 1 || a.purpose == NULL)) ||
	    ((strcmp(a.ops[0], "grant") == 0 || strcmp(a.ops[0], "refuse") == 0) &&
	    a.nops != 2) || (strcmp(a.ops[0], "list") == 0 && a.nops != 1) ||
	    (strcmp(a.ops[0], "request") != 0 && strcmp(a.ops[0], "grant") != 0 &&
	    strcmp(a.ops[0], "refuse") != 0 && strcmp(a.ops[0], "list") != 0)) {
		approve_usage(stderr);
		return EXIT_USAGE;
	}
	if ((s = login(o, &a, &lg)) == NULL)
		return EXIT_REFUSED;
	err_clear(&e);
	if (strcmp(a.ops[0], "request") == 0) {
		rc = approval_request(s, a.kind, a.count, a.purpose, a.conditions,
		    &id, &e);
		if (rc == 0)
			printf(_("approval request %lld filed: %s of up to %lld records\n"),
			    (long long)id, a.kind, (long long)a.count);
	} else if (strcmp(a.ops[0], "list") == 0)
		rc = approval_list(s, print_approval, NULL, &e);
	else {
		rc = approval_decide(s, atoll(a.ops[1]),
		    strcmp(a.ops[0], "grant") == 0, &e);
		if (rc == 0)
			printf(_("approval %s %s\n"), a.ops[1],
			    strcmp(a.ops[0], "grant") == 0 ? _("granted") : _("refused"));
	}
	return finish(&s, &lg, rc, &e);
}
