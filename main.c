/*
 * madoguchi (窓口): the municipal counter application.  Option parsing,
 * locale setup and wiring only: subcommands live in cli/, the screens in
 * tui/.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>

#include "cli.h"
#include "i18n.h"
#include "path.h"
#include "transient.h"
#include "tui.h"

static void
harden(void)
{
	struct rlimit none = { 0, 0 };

	umask(077);			/* every file we create is private */
	setrlimit(RLIMIT_CORE, &none);	/* no core file with personal data */
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "config", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	struct cli_opts o;
	struct err e;
	char *cfgpath = NULL, *dbpath = NULL;
	int c, rc;

	harden();
	i18n_init();
	memset(&o, 0, sizeof o);
	while ((c = getopt_long(argc, argv, "+f:hV", longopts, NULL)) != -1) {
		switch (c) {
		case 'd': o.db = optarg; break;
		case 'f': o.config = optarg; break;
		case 'h': cli_usage(stdout); return EXIT_OK;
		case 'V': printf("madoguchi %s\n", MADOGUCHI_VERSION); return EXIT_OK;
		default: cli_usage(stderr); return EXIT_USAGE;
		}
	}
	err_clear(&e);
	if (o.config == NULL)
		o.config = cfgpath = path_default_config();
	/* The default config file is optional; one named with -f is not. */
	if ((o.cfg = config_load(o.config, cfgpath != NULL, &e)) == NULL) {
		cli_error(&e);
		free(cfgpath);
		return EXIT_USAGE;
	}
	/* R-51 and crashed notice jobs: the program's first ledger is
	 * cleaned up when opened, unless it is being made or moved. */
	transient_at_startup(optind >= argc ||
	    (strcmp(argv[optind], "init") != 0 &&
	    strcmp(argv[optind], "restore") != 0 &&
	    strcmp(argv[optind], "copy") != 0 &&
	    strcmp(argv[optind], "migrate") != 0));
	if (optind < argc) {
		rc = cli_run(&o, argc - optind, argv + optind);
	} else {
		if (o.db == NULL)
			o.db = dbpath = path_default_db();
		rc = tui_run(o.db, o.cfg);
	}
	config_free(&o.cfg);
	free(cfgpath);
	free(dbpath);
	return rc;
}
