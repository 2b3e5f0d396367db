/* invigil — the admin command: migrate, users, enrollments, import, tokens. */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <mysql.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "invigil/arena.h"
#include "invigil/auth.h"
#include "invigil/cli.h"
#include "invigil/conf.h"
#include "invigil/db.h"
#include "invigil/engine.h"
#include "invigil/fmt.h"
#include "invigil/content.h"
#include "invigil/store.h"

#ifndef SCHEMADIR
#define SCHEMADIR "/usr/share/invigil/schema"
#endif

static struct conf conf;

static int usage(FILE *f)
{
	fprintf(f,
	        "usage: invigil [-c FILE] COMMAND ...\n"
	        "  migrate [--schema-dir DIR]           apply schema/ migrations not yet applied\n"
	        "  user add NAME --role R [--email E] [--name DISPLAY]\n"
	        "                                       create or update a user; password on stdin (empty: none)\n"
	        "  user passwd NAME                     set a password, read from stdin\n"
	        "  enroll USER COURSE [--role R] [--status S]\n"
	        "  import FILE [--force]                import a course package (docs/course-package.md)\n"
	        "  token NAME [--ttl SECONDS]           print a token for NAME\n"
	        "  token --all ROLE|all [--ttl SECONDS] print \"username token\" for every user of ROLE\n"
	        "  sweep                                end and grade every attempt past its deadline, and fold\n"
	        "                                       ended attempts into their exams' statistics\n"
	        "  report EXAM [--csv] [--all-versions] the item analysis of the exam whose slug is EXAM\n"
	        "  demo-cohort COURSE [--size N] [--seed S]\n"
	        "                                       simulated learners take the course's exams (demo data)\n"
	        "  attendance import LESSON FILE.csv    who attended video-conference lesson LESSON (its id)\n"
	        "  prepare EXAM                         make the attempts of a scheduled start ahead, for every\n"
	        "                                       learner who may take the exam whose slug is EXAM\n"
	        "configuration: -c FILE, else $INVIGIL_CONFIG, else " SYSCONFDIR "/invigil/invigil.ini\n");
	return f == stdout ? 0 : 2;
}

static void say(const char *line)
{
	printf("%s\n", line);
}

static int db_failed(const char *what)
{
	fprintf(stderr, "invigil: %s: %s\n", what, db_last_error_text());
	return 1;
}

/* Reads one line (the password) from stdin, without its newline. */
static int read_password(char *buf, size_t len)
{
	size_t n;

	if (fgets(buf, (int)len, stdin) == NULL) {
		buf[0] = '\0';
		return 0;
	}
	n = strlen(buf);
	while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == '\r'))
		buf[--n] = '\0';
	return 0;
}

static int cmd_migrate(int argc, char **argv)
{
	const char *dir = getenv("INVIGIL_SCHEMA_DIR");

	if (argc == 3 && strcmp(argv[1], "--schema-dir") == 0)
		dir = argv[2];
	else if (argc != 1)
		return usage(stderr);
	if (dir == NULL || *dir == '\0')
		dir = SCHEMADIR;
	db_setup(&conf, true);
	if (db_connect() != 0)
		return db_failed("cannot connect");
	return db_migrate(dir, say) == 0 ? 0 : 1;
}

static int cmd_user(int argc, char **argv)
{
	static const struct option opts[] = {
		{"role", required_argument, NULL, 'r'}, {"email", required_argument, NULL, 'e'},
		{"name", required_argument, NULL, 'n'}, {NULL, 0, NULL, 0}};
	const char *role = "learner", *email = "", *name = "";
	char pw[1100], hash[128];
	int ch, r;

	if (argc >= 3 && strcmp(argv[1], "passwd") == 0) {
		read_password(pw, sizeof(pw));
		if (pw[0] == '\0' || auth_password_hash(&conf, pw, hash, sizeof(hash)) != 0) {
			fprintf(stderr, "invigil: a non-empty password is required on stdin\n");
			return 1;
		}
		db_setup(&conf, false);
		r = db_user_set_password(argv[2], hash);
		if (r < 0)
			return db_failed("user passwd");
		if (r == 0) {
			fprintf(stderr, "invigil: no user named '%s'\n", argv[2]);
			return 1;
		}
		return 0;
	}
	if (argc < 3 || strcmp(argv[1], "add") != 0)
		return usage(stderr);
	optind = 3;
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (ch == 'r') role = optarg;
		else if (ch == 'e') email = optarg;
		else if (ch == 'n') name = optarg;
		else return usage(stderr);
	}
	if ((r = role_parse(role)) < 0) {
		fprintf(stderr, "invigil: --role must be learner, instructor or admin\n");
		return 2;
	}
	read_password(pw, sizeof(pw));
	if (pw[0] != '\0' && auth_password_hash(&conf, pw, hash, sizeof(hash)) != 0) {
		fprintf(stderr, "invigil: cannot hash the password (out of memory?)\n");
		return 1;
	}
	db_setup(&conf, false);
	if (db_user_upsert(argv[2], email, name, (enum role)r, pw[0] ? hash : NULL) < 0)
		return db_failed("user add");
	printf("user %s (%s)\n", argv[2], role);
	return 0;
}

static int cmd_enroll(int argc, char **argv)
{
	static const struct option opts[] = {
		{"role", required_argument, NULL, 'r'}, {"status", required_argument, NULL, 's'}, {NULL, 0, NULL, 0}};
	const char *role = "learner", *status = "joined";
	struct user u;
	int64_t course;
	int ch, rc;

	if (argc < 3)
		return usage(stderr);
	optind = 3;
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (ch == 'r') role = optarg;
		else if (ch == 's') status = optarg;
		else return usage(stderr);
	}
	if (strcmp(role, "learner") && strcmp(role, "instructor") && strcmp(role, "creator") && strcmp(role, "manager")) {
		fprintf(stderr, "invigil: --role must be learner, instructor, creator or manager\n");
		return 2;
	}
	if (strcmp(status, "joined") && strcmp(status, "invited") && strcmp(status, "requested") &&
	    strcmp(status, "payment_waiting")) {
		fprintf(stderr, "invigil: --status must be joined, invited, requested or payment_waiting\n");
		return 2;
	}
	db_setup(&conf, false);
	if ((rc = db_user_by_username(argv[1], &u)) <= 0) {
		if (rc < 0)
			return db_failed("enroll");
		fprintf(stderr, "invigil: no user named '%s'\n", argv[1]);
		return 1;
	}
	if ((rc = db_course_id(argv[2], &course)) <= 0) {
		if (rc < 0)
			return db_failed("enroll");
		fprintf(stderr, "invigil: no course with slug '%s'\n", argv[2]);
		return 1;
	}
	if (db_enroll(course, u.id, role, status, strcmp(status, "joined") == 0 ? now_ms() : 0) < 0)
		return db_failed("enroll");
	printf("%s enrolled in %s as %s (%s)\n", argv[1], argv[2], role, status);
	return 0;
}

static char *read_file(const char *path, size_t *len)
{
	FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
	size_t cap = 65536, n = 0;
	char *buf;

	if (f == NULL)
		return NULL;
	buf = malloc(cap + 1);
	while (buf != NULL) {
		size_t got = fread(buf + n, 1, cap - n, f);

		n += got;
		if (n < cap)
			break;
		cap *= 2;
		char *nb = realloc(buf, cap + 1);

		if (nb == NULL) {
			free(buf);
			buf = NULL;
		}
		buf = nb;
	}
	if (f != stdin)
		fclose(f);
	if (buf != NULL) {
		buf[n] = '\0';
		*len = n;
	}
	return buf;
}

static int cmd_import(int argc, char **argv)
{
	bool force = argc == 3 && strcmp(argv[2], "--force") == 0;
	struct arena a = {0};
	struct course_content p;
	struct content_errors *errs;
	struct import_report rep;
	size_t len;
	char *text;
	int rc;

	if (argc != 2 && !force)
		return usage(stderr);
	text = read_file(argv[1], &len);
	if (text == NULL) {
		fprintf(stderr, "invigil: cannot read %s\n", argv[1]);
		return 1;
	}
	errs = malloc(sizeof(*errs));
	if (errs == NULL || package_parse(text, len, &a, &p, errs) != 0) {
		fprintf(stderr, "invigil: %s is not a valid course package:\n", argv[1]);
		for (size_t i = 0; errs && i < errs->n; i++)
			fprintf(stderr, "  %s\n", errs->msg[i]);
		if (errs && errs->more)
			fprintf(stderr, "  ... and %zu more\n", errs->more);
		free(errs);
		free(text);
		arena_free(&a);
		return 1;
	}
	db_setup(&conf, false);
	rc = db_import_package(&p, force, &a, &rep);
	if (rc == 1)
		fprintf(stderr, "invigil: import refused: %s\n", rep.error);
	else if (rc < 0)
		db_failed("import");
	else
		printf("imported course %s: %d users, %d enrollments, %d subjects, %d questions (%d options), "
		       "%d exams (%d exam questions), %d sections, %d lessons\n",
		       p.slug, rep.users, rep.enrollments, rep.subjects, rep.questions, rep.options, rep.exams,
		       rep.exam_questions, rep.sections, rep.lessons);
	if (rc == 0 && rep.regrade_needed)
		printf("note: %d answered questions changed marks; their attempts need a regrade\n", rep.regrade_needed);
	free(errs);
	free(text);
	arena_free(&a);
	return rc == 0 ? 0 : 1;
}

struct mint {
	long ttl;
	time_t now;
	int failed;
};

static void print_token(const struct user *u, void *ctx)
{
	struct mint *m = ctx;
	char *t = auth_token_issue(&conf, u->id, u->username, u->email, u->role, m->ttl, m->now);

	if (t == NULL) {
		m->failed++;
		return;
	}
	printf("%s %s\n", u->username, t);
	free(t);
}

static int cmd_token(int argc, char **argv)
{
	struct mint m = {0, time(NULL), 0};
	const char *all = NULL, *name = NULL;
	struct user u;
	int rc;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--ttl") == 0 && i + 1 < argc)
			m.ttl = strtol(argv[++i], NULL, 10);
		else if (strcmp(argv[i], "--all") == 0 && i + 1 < argc)
			all = argv[++i];
		else if (name == NULL && argv[i][0] != '-')
			name = argv[i];
		else
			return usage(stderr);
	}
	if ((all == NULL) == (name == NULL) || m.ttl < 0)
		return usage(stderr);
	db_setup(&conf, false);
	if (all != NULL) {
		int role = strcmp(all, "all") == 0 ? -1 : role_parse(all);

		if (role < 0 && strcmp(all, "all") != 0) {
			fprintf(stderr, "invigil: --all takes learner, instructor, admin or all\n");
			return 2;
		}
		if (db_user_each(role, print_token, &m) != 0)
			return db_failed("token");
		return m.failed ? 1 : 0;
	}
	if ((rc = db_user_by_username(name, &u)) <= 0) {
		if (rc < 0)
			return db_failed("token");
		fprintf(stderr, "invigil: no user named '%s'\n", name);
		return 1;
	}
	{
		char *t = auth_token_issue(&conf, u.id, u.username, u.email, u.role, m.ttl, m.now);

		if (t == NULL) {
			fprintf(stderr, "invigil: no signing key is configured for %s\n", conf.jwt_alg_name);
			return 1;
		}
		printf("%s\n", t);
		free(t);
	}
	return 0;
}

static int cmd_sweep(int argc, char **argv)
{
	int n;
	int64_t folded;

	(void)argv;
	if (argc != 1)
		return usage(stderr);
	db_setup(&conf, false);
	n = engine_sweep(now_ms());
	exam_cache_release();
	if (n < 0)
		return db_failed("sweep");
	if ((folded = engine_fold_stats()) < 0)
		return db_failed("sweep");
	printf("ended %d overdue attempts, folded %lld ended attempts into their exams' statistics\n", n,
	       (long long)folded);
	return 0;
}

/* invigil report EXAM [--csv] [--all-versions] */
static int cmd_report(int argc, char **argv)
{
	struct engine_ctx cx = {.role = ROLE_ADMIN, .face = "cli"};
	const struct exam_content *ec;
	struct membership m;
	struct item_report r;
	struct arena mem = {0};
	bool csv = false, all = false;
	const char *slug = NULL;
	enum inv_err err;

	for (int i = 1; i < argc; i++)
		if (strcmp(argv[i], "--csv") == 0)
			csv = true;
		else if (strcmp(argv[i], "--all-versions") == 0)
			all = true;
		else if (slug == NULL && argv[i][0] != '-')
			slug = argv[i];
		else
			return usage(stderr);
	if (slug == NULL)
		return usage(stderr);
	db_setup(&conf, false);
	cx.now_ms = now_ms();
	if ((err = engine_exam_by_slug(&cx, slug, &ec, &m)) == INV_ENOTFOUND) {
		fprintf(stderr, "invigil: no exam with slug '%s'\n", slug);
		exam_cache_release();
		return 1;
	}
	if (err == INV_OK)
		err = engine_item_report(&cx, ec, all, &mem, &r);
	if (err != INV_OK) {
		exam_cache_release();
		arena_free(&mem);
		return db_failed("report");
	}
	report_print(stdout, ec, &r, csv);
	exam_cache_release();
	arena_free(&mem);
	return 0;
}

/* invigil demo-cohort COURSE [--size N] [--seed S] */
static int cmd_cohort(int argc, char **argv)
{
	const char *slug = NULL;
	long size = 40;
	unsigned long long seed = 20261206;
	int rc;

	for (int i = 1; i < argc; i++)
		if (strcmp(argv[i], "--size") == 0 && i + 1 < argc)
			size = strtol(argv[++i], NULL, 10);
		else if (strcmp(argv[i], "--seed") == 0 && i + 1 < argc)
			seed = strtoull(argv[++i], NULL, 10);
		else if (slug == NULL && argv[i][0] != '-')
			slug = argv[i];
		else
			return usage(stderr);
	if (slug == NULL || size < 1 || size > 99)
		return usage(stderr);
	db_setup(&conf, false);
	rc = cohort_run(slug, (int)size, seed);
	exam_cache_release();
	return rc < 0 ? db_failed("demo-cohort") : rc;
}

/* Shares what prepare learns of its attempts with the workers (their
 * records' ids: src/engine/save_known.c) through the pool's shared checks
 * file, when the workers have made it: never made here, where it would be
 * this user's and the workers' map of it would be refused. */
static void share_facts(void)
{
	char buf[4096];
	bool failed;
	const char *path = auth_share_checks_of(&conf, false, buf, sizeof(buf), &failed);

	if (failed)
		fprintf(stderr, "invigil: cannot map %s (%s): the workers learn the prepared attempts from their reads\n",
		        path, strerror(errno));
}

/* invigil prepare EXAM */
static int cmd_prepare(int argc, char **argv)
{
	struct engine_ctx cx = {.role = ROLE_ADMIN, .face = "cli"};
	const struct exam_content *ec;
	struct membership m;
	struct prepare_report r;
	enum inv_err err;

	if (argc != 2 || argv[1][0] == '-')
		return usage(stderr);
	db_setup(&conf, false);
	share_facts();
	cx.now_ms = now_ms();
	if ((err = engine_exam_by_slug(&cx, argv[1], &ec, &m)) == INV_ENOTFOUND) {
		fprintf(stderr, "invigil: no exam with slug '%s'\n", argv[1]);
		exam_cache_release();
		return 1;
	}
	if (err == INV_OK)
		err = engine_prepare(ec, cx.now_ms, &r);
	exam_cache_release();
	if (err != INV_OK)
		return db_failed("prepare");
	printf("prepared %lld attempts of %s for %lld learners (%lld had one already, %lld have no attempt left)\n",
	       (long long)r.prepared, argv[1], (long long)r.learners, (long long)r.had_one, (long long)r.none_left);
	return 0;
}

/* invigil attendance import LESSON FILE.csv */
static int cmd_attendance(int argc, char **argv)
{
	char *end;
	long long lesson;
	int rc;

	if (argc != 4 || strcmp(argv[1], "import") != 0)
		return usage(stderr);
	lesson = strtoll(argv[2], &end, 10);
	if (end == argv[2] || *end != '\0' || lesson <= 0)
		return usage(stderr);
	db_setup(&conf, false);
	rc = attendance_import(lesson, argv[3]);
	return rc < 0 ? db_failed("attendance import") : rc;
}

int main(int argc, char **argv)
{
	const char *path = NULL;
	char err[512];
	int rc, i = 1;

	if (argc > 2 && strcmp(argv[1], "-c") == 0) {
		path = argv[2];
		i = 3;
	}
	if (i >= argc)
		return usage(stderr);
	if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "help") == 0)
		return usage(stdout);
	path = conf_path(path);
	conf_defaults(&conf);
	if (conf_load(&conf, path, err, sizeof(err)) != 0 || conf_check(&conf, err, sizeof(err)) != 0) {
		fprintf(stderr, "invigil: %s\n", err);
		return 1;
	}
	if (auth_init() != 0 || mysql_library_init(0, NULL, NULL) != 0) {
		fprintf(stderr, "invigil: cannot initialise libsodium or the MariaDB client\n");
		return 1;
	}
	conf_set_current(&conf);
	argc -= i;
	argv += i;
	if (strcmp(argv[0], "migrate") == 0)
		rc = cmd_migrate(argc, argv);
	else if (strcmp(argv[0], "user") == 0)
		rc = cmd_user(argc, argv);
	else if (strcmp(argv[0], "enroll") == 0)
		rc = cmd_enroll(argc, argv);
	else if (strcmp(argv[0], "import") == 0)
		rc = cmd_import(argc, argv);
	else if (strcmp(argv[0], "token") == 0)
		rc = cmd_token(argc, argv);
	else if (strcmp(argv[0], "sweep") == 0)
		rc = cmd_sweep(argc, argv);
	else if (strcmp(argv[0], "report") == 0)
		rc = cmd_report(argc, argv);
	else if (strcmp(argv[0], "demo-cohort") == 0)
		rc = cmd_cohort(argc, argv);
	else if (strcmp(argv[0], "attendance") == 0)
		rc = cmd_attendance(argc, argv);
	else if (strcmp(argv[0], "prepare") == 0)
		rc = cmd_prepare(argc, argv);
	else
		rc = usage(stderr);
	db_close();
	mysql_library_end();
	conf_free(&conf);
	return rc;
}
