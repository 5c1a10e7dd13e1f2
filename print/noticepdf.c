/*
 * The notice job's PDF writer (noticepdf.h): a render job per run behind
 * the ledger's sink interface, the template's description, and the
 * external program a job may need: lp to print the PDF, run with
 * posix_spawnp (no shell); a missing program is named in the error.
 * A multi-threaded run is a piped render job (render_job_new_piped), which
 * writes the one PDF itself: part files joined with pdfunite cost about a
 * third of the rendering time again (tests/bench/bench_notices.c).
 */
#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <sodium.h>

#include "noticepdf.h"
#include "path.h"
#include "xmalloc.h"

extern char **environ;

struct noticepdf {
	struct template *t;
	struct office office;
	char hash[HASH_HEX];
	int threads;
	struct render_job *job;
	char *path;			/* the PDF being written */
	const char *lp_queue;
	struct render_stats stats;
	struct notice_field f[32];
};

static int
readable_dir(const char *dir, const char *name)
{
	char *p = xasprintf("%s/%s.tmpl", dir, name);
	int ok = access(p, R_OK) == 0;

	free(p);
	return ok;
}

/* The template file of name; caller frees. */
static char *
template_path(const struct config *cfg, const char *name)
{
	const char *dirs[2] = { config_get(cfg, "template_dir"),
	    getenv("MADOGUCHI_TEMPLATE_DIR") };
	char *exe, *dir;
	int i;

	for (i = 0; i < 2; i++)
		if (dirs[i] != NULL && *dirs[i] != '\0')
			return xasprintf("%s/%s.tmpl", dirs[i], name);
	if ((exe = path_exe_dir()) != NULL) {
		dir = xasprintf("%s/../print/templates", exe);
		free(exe);
		if (readable_dir(dir, name)) {
			exe = xasprintf("%s/%s.tmpl", dir, name);
			free(dir);
			return exe;
		}
		free(dir);
	}
	/* An installed program: the templates `make install` put in place. */
	if (readable_dir(TEMPLATEDIR, name))
		return xasprintf("%s/%s.tmpl", TEMPLATEDIR, name);
	return xasprintf("print/templates/%s.tmpl", name);
}

/* BLAKE2b-256 of the file's bytes as hex. */
static int
file_hash(const char *path, char out[HASH_HEX], struct err *e)
{
	crypto_generichash_state st;
	unsigned char buf[8192], h[32];
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd == -1)
		return err_set(e, E_IO, "template", "%.200s: %s", path,
		    strerror(errno));
	crypto_generichash_init(&st, NULL, 0, sizeof h);
	while ((n = read(fd, buf, sizeof buf)) > 0)
		crypto_generichash_update(&st, buf, (size_t)n);
	close(fd);
	if (n < 0)
		return err_set(e, E_IO, "template", "%.200s", path);
	crypto_generichash_final(&st, h, sizeof h);
	sodium_bin2hex(out, HASH_HEX, h, sizeof h);
	return 0;
}

struct noticepdf *
noticepdf_new(const struct config *cfg, const char *name, int threads,
    struct err *e)
{
	struct noticepdf *np;
	char *path;

	if (name == NULL || strchr(name, '/') != NULL)
		return err_set(e, E_USAGE, "template", "a template name"), NULL;
	np = xcalloc(1, sizeof *np);
	np->threads = threads;
	path = template_path(cfg, name);
	if (render_office_from_config(&np->office, cfg, e) == -1 ||
	    (np->t = template_load(path, e)) == NULL ||
	    file_hash(path, np->hash, e) == -1) {
		free(path);
		noticepdf_free(&np);
		return NULL;
	}
	free(path);
	return np;
}

void
noticepdf_free(struct noticepdf **npp)
{
	struct noticepdf *np = *npp;

	if (np == NULL)
		return;
	render_job_free(&np->job);
	render_stats_free(&np->stats);
	template_free(&np->t);
	free(np->path);
	free(np);
	*npp = NULL;
}

void
noticepdf_describe(const struct noticepdf *np, struct notices_template *out)
{
	memset(out, 0, sizeof *out);
	snprintf(out->title, sizeof out->title, "%s", np->t->title);
	snprintf(out->hash, sizeof out->hash, "%s", np->hash);
	out->pages = np->t->pages;
}

const struct render_stats *
noticepdf_stats(const struct noticepdf *np)
{
	return &np->stats;
}

/*
 * Run argv (no shell) and wait; what names the program in errors.
 * stdout goes to /dev/null so that lp's "request id" line stays out of
 * the caller's output.
 */
static int
spawn_wait(char *const argv[], const char *what, struct err *e)
{
	posix_spawn_file_actions_t fa;
	pid_t pid;
	int rc, status;

	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
	rc = posix_spawnp(&pid, argv[0], &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	if (rc == ENOENT)
		return err_set(e, E_CONFIG, argv[0], "%s is not installed (%s)",
		    argv[0], what);
	if (rc != 0)
		return err_set(e, E_IO, argv[0], "cannot run %s: %s", argv[0],
		    strerror(rc));
	while (waitpid(pid, &status, 0) == -1)
		if (errno != EINTR)
			return err_set(e, E_IO, argv[0], "%s", strerror(errno));
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		return err_set(e, E_IO, argv[0], "%s failed (status %d)",
		    argv[0], WIFEXITED(status) ? WEXITSTATUS(status) : -1);
	return 0;
}

static int
sink_open(void *ctx, const char *path, struct err *e)
{
	struct noticepdf *np = ctx;

	render_job_free(&np->job);
	render_stats_free(&np->stats);
	free(np->path);
	np->path = xstrdup(path);
	np->job = np->threads == 1 ? render_job_new(path, np->t, &np->office,
	    1, e) : render_job_new_piped(path, np->t, &np->office, e);
	if (np->job == NULL)
		return -1;
	return 0;
}

static int
sink_add(void *ctx, const struct notices_field *f, size_t n, struct err *e)
{
	struct noticepdf *np = ctx;
	struct notice_fields nf;
	size_t i;

	if (n > sizeof np->f / sizeof np->f[0])
		return err_set(e, E_USAGE, "render", "too many fields");
	for (i = 0; i < n; i++) {
		np->f[i].key = f[i].key;
		np->f[i].value = f[i].value;
	}
	nf.items = np->f;
	nf.count = n;
	return render_job_add(np->job, &nf, e);
}

static int
sink_finish(void *ctx, int *pages, struct err *e)
{
	struct noticepdf *np = ctx;

	if (render_job_finish(&np->job, &np->stats, e) == -1)
		return -1;
	if (pages != NULL)
		*pages = np->stats.pages;
	return 0;
}

static void
sink_abort(void *ctx)
{
	struct noticepdf *np = ctx;

	render_job_free(&np->job);
	if (np->path != NULL)
		unlink(np->path);
}

static int
sink_deliver(void *ctx, const char *path, struct err *e)
{
	struct noticepdf *np = ctx;
	char *argv[] = { "lp", "-d", (char *)np->lp_queue, "--", (char *)path,
	    NULL };

	if (np->lp_queue == NULL || *np->lp_queue == '\0')
		return 0;
	return spawn_wait(argv, "CUPS client: apt-get install cups-client", e);
}

void
noticepdf_sink(struct noticepdf *np, const char *lp_queue,
    struct notices_sink *out)
{
	np->lp_queue = lp_queue;
	out->ctx = np;
	out->open = sink_open;
	out->add = sink_add;
	out->finish = sink_finish;
	out->abort = sink_abort;
	out->deliver = sink_deliver;
}
