/*
 * `madoguchi backup [--full|--diff] --dir DIR`, `madoguchi backup list`
 * and `madoguchi restore --dir DIR --to NEWFILE`, and the
 * secret reader shared by the operations subcommands.  Backups need the
 * admin role; a restore needs only the key and writes a new file.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth.h"
#include "backup.h"
#include "cli_ops.h"
#include "i18n.h"
#include "path.h"
#include "xmalloc.h"

int
cli_ops_secret(const char *key_file, int from_stdin, int confirm,
    struct sealed_secret *sec, char **pass)
{
	char *again;

	memset(sec, 0, sizeof *sec);
	*pass = NULL;
	if (key_file != NULL) {
		sec->key_file = key_file;
		return 0;
	}
	if ((*pass = cli_read_secret(_("Encryption passphrase: "),
	    from_stdin)) == NULL)
		return -1;
	if (confirm && !from_stdin) {
		if ((again = cli_read_secret(_("Passphrase again: "), 0)) == NULL ||
		    strcmp(again, *pass) != 0) {
			fprintf(stderr, _("madoguchi: the passphrases differ\n"));
			xfree_secret(&again);
			xfree_secret(pass);
			return -1;
		}
		xfree_secret(&again);
	}
	if (strlen(*pass) < 8) {
		fprintf(stderr, _("madoguchi: a passphrase has at least 8 characters\n"));
		xfree_secret(pass);
		return -1;
	}
	sec->passphrase = *pass;
	return 0;
}

static void
backup_usage(FILE *f)
{
	fprintf(f, _("usage: madoguchi backup [--full|--diff] --dir DIR [--key-file FILE]\n"
	    "                        [--passphrase-stdin] --user NAME [--password-stdin]\n"
	    "       madoguchi backup list --user NAME [--password-stdin]\n"
	    "A full backup is a consistent, encrypted copy of the whole ledger; a\n"
	    "differential (--diff) holds the pages changed since the newest full one.\n"
	    "Needs the admin role.  With --password-stdin and --passphrase-stdin the\n"
	    "password is the first line of standard input, the passphrase the second.\n"));
}

static int
print_entry(void *ctx, const struct db_backup *b)
{
	(void)ctx;
	printf("%4lld %-4s %s %s %s/%s %lld bytes %lld pages audit=%lld %s%s\n",
	    (long long)b->id, b->kind, b->created_at, b->created_by,
	    b->location, b->file, (long long)b->size, (long long)b->pages,
	    (long long)b->audit_seq, b->hash,
	    b->disposed_at[0] ? _(" (disposed)") : "");
	return 0;
}

int
cli_backup(struct cli_opts *o, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "full", no_argument, NULL, 'F' },
		{ "diff", no_argument, NULL, 'D' },
		{ "dir", required_argument, NULL, 'd' },
		{ "key-file", required_argument, NULL, 'k' },
		{ "passphrase-stdin", no_argument, NULL, 'P' },
		{ "user", required_argument, NULL, 'u' },
		{ "password-stdin", no_argument, NULL, 'p' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct backup_opts bo;
	struct backup_result res;
	struct sealed_secret sec;
	struct ledger *lg;
	struct session *s;
	struct err e;
	const char *user = NULL, *key_file = NULL;
	char *pass = NULL;
	int c, pw_stdin = 0, pass_stdin = 0, list = 0, rc;

	memset(&bo, 0, sizeof bo);
	optind = 0;
	while ((c = getopt_long(argc, argv, "u:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'F': bo.diff = 0; break;
		case 'D': bo.diff = 1; break;
		case 'd': bo.dir = optarg; break;
		case 'k': key_file = optarg; break;
		case 'P': pass_stdin = 1; break;
		case 'u': user = optarg; break;
		case 'p': pw_stdin = 1; break;
		case 'h': backup_usage(stdout); return EXIT_OK;
		default: backup_usage(stderr); return EXIT_USAGE;
		}
	}
	if (optind < argc && strcmp(argv[optind], "list") == 0)
		list = 1;
	else if (optind != argc || bo.dir == NULL) {
		backup_usage(stderr);
		return EXIT_USAGE;
	}
	if ((lg = cli_open(o)) == NULL)
		return EXIT_REFUSED;
	if ((s = cli_login(lg, user, pw_stdin)) == NULL) {
		ledger_close(&lg);
		return EXIT_REFUSED;
	}
	err_clear(&e);
	if (list)
		rc = backup_list(s, print_entry, NULL, &e);
	else if ((rc = cli_ops_secret(key_file, pass_stdin, 1, &sec, &pass)) == 0) {
		bo.secret = &sec;
		rc = backup_run(s, &bo, &res, &e);
		xfree_secret(&pass);
		if (rc == 0) {
			printf(_("backup %s: %s/%s, %lld bytes, %lld of %lld pages, "
			    "audit row %lld\n"), res.kind, bo.dir, res.file,
			    (long long)res.size, (long long)res.pages,
			    (long long)res.total_pages, (long long)res.audit_seq);
			printf(_("checksum (BLAKE2b-256): %s\n"), res.hash);
		}
	} else {
		auth_logout(&s, NULL);
		ledger_close(&lg);
		return EXIT_REFUSED;
	}
	if (rc == -1)
		cli_error(&e);
	auth_logout(&s, NULL);
	ledger_close(&lg);
	return rc == 0 ? EXIT_OK : cli_status(&e);
}

static void
restore_usage(FILE *f)
{
	fprintf(f, _("usage: madoguchi restore --dir DIR --to NEWFILE [--key-file FILE]\n"
	    "                         [--passphrase-stdin]\n"
	    "Rebuilds the ledger from the newest full backup in DIR and the\n"
	    "differentials after it into NEWFILE, which must not exist.  Every file\n"
	    "is checked against the catalogue, and the result against the integrity\n"
	    "check and the audit chain, before anything is written.\n"));
}

int
cli_restore(struct cli_opts *o, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "dir", required_argument, NULL, 'd' },
		{ "to", required_argument, NULL, 't' },
		{ "key-file", required_argument, NULL, 'k' },
		{ "passphrase-stdin", no_argument, NULL, 'P' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct restore_result res;
	struct sealed_secret sec;
	struct err e;
	const char *dir = NULL, *to = NULL, *key_file = NULL;
	char *pass = NULL;
	int c, pass_stdin = 0, rc;

	(void)o;
	optind = 0;
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case 'd': dir = optarg; break;
		case 't': to = optarg; break;
		case 'k': key_file = optarg; break;
		case 'P': pass_stdin = 1; break;
		case 'h': restore_usage(stdout); return EXIT_OK;
		default: restore_usage(stderr); return EXIT_USAGE;
		}
	}
	if (optind != argc || dir == NULL || to == NULL) {
		restore_usage(stderr);
		return EXIT_USAGE;
	}
	if (cli_ops_secret(key_file, pass_stdin, 0, &sec, &pass) == -1)
		return EXIT_REFUSED;
	err_clear(&e);
	rc = restore_run(dir, to, &sec, &res, &e);
	xfree_secret(&pass);
	if (rc == 0)
		printf(_("restored %s from %d files (%lld pages, as of %s); "
		    "integrity ok; audit chain intact: %lld rows to row %lld\n"),
		    to, res.files, (long long)res.pages, res.created,
		    (long long)res.audit_rows, (long long)res.audit_seq);
	else
		cli_error(&e);
	return rc == 0 ? EXIT_OK : cli_status(&e);
}

static void
migrate_usage(FILE *f)
{
	fprintf(f, _("usage: madoguchi migrate --backup-dir DIR [--key-file FILE]\n"
	    "                         [--passphrase-stdin]\n"
	    "Takes an encrypted full backup of a ledger made by an older madoguchi\n"
	    "into DIR, then brings its schema up to date (R-58).\n"));
}

int
cli_migrate(struct cli_opts *o, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "backup-dir", required_argument, NULL, 'd' },
		{ "key-file", required_argument, NULL, 'k' },
		{ "passphrase-stdin", no_argument, NULL, 'P' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct sealed_secret sec;
	struct backup_opts bo;
	struct ledger *lg;
	struct err e;
	const char *key_file = NULL;
	char *pass = NULL, *def = NULL;
	int c, pass_stdin = 0;

	memset(&bo, 0, sizeof bo);
	optind = 0;
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case 'd': bo.dir = optarg; break;
		case 'k': key_file = optarg; break;
		case 'P': pass_stdin = 1; break;
		case 'h': migrate_usage(stdout); return EXIT_OK;
		default: migrate_usage(stderr); return EXIT_USAGE;
		}
	}
	if (optind != argc || bo.dir == NULL) {
		migrate_usage(stderr);
		return EXIT_USAGE;
	}
	if (cli_ops_secret(key_file, pass_stdin, 1, &sec, &pass) == -1)
		return EXIT_REFUSED;
	bo.secret = &sec;
	err_clear(&e);
	if (o->db == NULL)
		o->db = def = path_default_db();
	lg = ledger_open_ex(o->db, o->cfg, &bo, &e);
	xfree_secret(&pass);
	if (lg == NULL) {
		cli_error(&e);
		free(def);
		return cli_status(&e);
	}
	printf(_("ledger %s is up to date (schema %d)\n"), o->db,
	    ledger_schema_version(lg));
	ledger_close(&lg);
	free(def);
	o->db = NULL;
	return EXIT_OK;
}
