/* Unit tests: the stamps one deployment's processes share (src/util/stamps.c):
 * a stamp holds for its age, only for its own key, goes when dropped, and
 * what one process stamps another sees; facts read whole or not at all. */
#include "config.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "invigil/stamps.h"
#include "../tap.h"

#define SLOTS 65536u      /* src/util/stamps.c's STAMP_SLOTS */
#define FACT_SLOTS 16384u /* and its FACT_SLOTS a table, after the stamps */
#define FACT_WORDS 12     /* of FACT_WORDS each, the attempts' table first */

/* Was key stamped less than max_age_s before now_s? (as auth.c asks) */
static bool stamps_fresh(uint64_t key, int64_t now_s, int64_t max_age_s)
{
	int64_t age = stamps_age(key, now_s);

	return age >= 0 && age < max_age_s;
}

/* The facts after the stamps: whole or not at all, one key a slot, shared. */
static void facts(const char *path)
{
	const uint64_t a = 4242, b = a + FACT_SLOTS; /* the same slot */
	const uint64_t va[STAMP_FACTS] = {7, 40, 1201, 1}, vb[STAMP_FACTS] = {8, 41, 1301, 0};
	uint64_t v[STAMP_FACTS] = {0};
	off_t at = (off_t)(SLOTS * 8 + (a % FACT_SLOTS) * FACT_WORDS * 8 + 8); /* a's first fact word */
	uint64_t torn = 9;
	pid_t pid;
	int status, fd;

	is_int(stamps_facts_get(STAMP_ATTEMPTS, a, v), 0, "no facts of a key never put");
	stamps_facts_put(STAMP_ATTEMPTS, a, va);
	ok(stamps_facts_get(STAMP_ATTEMPTS, a, v) == 1 && v[0] == 7 && v[1] == 40 && v[2] == 1201 && v[3] == 1, "put, the facts read back whole");
	is_int(stamps_facts_get(STAMP_ATTEMPTS, b, v), 0, "another key of the same slot has none");
	stamps_facts_put(STAMP_ATTEMPTS, b, vb);
	ok(stamps_facts_get(STAMP_ATTEMPTS, b, v) == 1 && v[0] == 8 && v[2] == 1301, "it takes the slot");
	is_int(stamps_facts_get(STAMP_ATTEMPTS, a, v), 0, "and the first key's are gone");
	stamps_facts_put(STAMP_ATTEMPTS, a, va);
	/* a put half done by another process: one fact word changed, the check not */
	if ((fd = open(path, O_RDWR)) < 0 || pwrite(fd, &torn, sizeof(torn), at) != (ssize_t)sizeof(torn))
		bail("cannot write the stamps file");
	close(fd);
	is_int(stamps_facts_get(STAMP_ATTEMPTS, a, v), 0, "a slot whose words are not of one put reads as none");
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		stamps_facts_put(STAMP_ATTEMPTS, a, va);
		_exit(0);
	}
	waitpid(pid, &status, 0);
	ok(stamps_facts_get(STAMP_ATTEMPTS, a, v) == 1 && v[1] == 40, "facts put by another process are seen");
	/* the tables are apart: the same key in another table is another slot */
	{
		uint64_t w[STAMP_FACTS];

		for (int i = 0; i < STAMP_FACTS; i++)
			w[i] = UINT64_C(0xfeed000000000000) + (uint64_t)i;
		is_int(stamps_facts_get(STAMP_TOKENS, a, v), 0, "a key's facts are in its own table only");
		stamps_facts_put(STAMP_TOKENS, a, w);
		ok(stamps_facts_get(STAMP_TOKENS, a, v) == 1 && memcmp(v, w, sizeof(w)) == 0,
		   "all %d words of a put read back", STAMP_FACTS);
		ok(stamps_facts_get(STAMP_ATTEMPTS, a, v) == 1 && v[0] == 7 && v[2] == 1201,
		   "and the other table's facts of the key stay");
		is_int(stamps_facts_get((enum stamp_table)STAMP_TABLES, a, v), 0, "no table past the last");
	}
}

int main(void)
{
	char path[] = "/tmp/t_stamps.XXXXXX";
	int fd = mkstemp(path);
	const uint64_t k = UINT64_C(0x1234567890abcdef), other = k + ((uint64_t)SLOTS << 24); /* same slot */
	const int64_t now = 1765000000;
	pid_t pid;
	int status;

	if (fd < 0)
		bail("mkstemp");
	close(fd);
	ok(!stamps_fresh(k, now, 30), "before the file is mapped, nothing is fresh");
	stamps_put(k, now); /* and a put is a no-op */
	is_int(stamps_open("/nonexistent-dir/stamps"), -1, "a file that cannot be made: -1, the stamps stay off");
	ok(!stamps_fresh(k, now, 30), "still off");
	chmod(path, 0644);
	is_int(stamps_open(path), -1, "a file others may read is refused: they could also have made it");
	chmod(path, 0600);
	is_int(stamps_open(path), 0, "an empty file is sized and mapped");
	ok(!stamps_fresh(k, now, 30), "a key never stamped is not fresh");
	stamps_put(k, now);
	ok(stamps_fresh(k, now, 30), "stamped now: fresh");
	ok(stamps_fresh(k, now + 29, 30), "29 s later: fresh for 30");
	is_int(stamps_age(k, now + 29), 29, "and 29 s old");
	is_int(stamps_age(k + 1, now), -1, "a key never stamped has no age");
	ok(!stamps_fresh(k, now + 30, 30), "30 s later: not");
	ok(!stamps_fresh(k, now - 1, 30), "a stamp from the future (another clock) is not fresh");
	ok(!stamps_fresh(other, now, 30), "another key of the same slot does not pass for it");
	stamps_drop(other);
	ok(stamps_fresh(k, now, 30), "dropping another key leaves the slot's own stamp");
	stamps_put(other, now);
	ok(!stamps_fresh(k, now, 30) && stamps_fresh(other, now, 30), "a newer key takes the slot over");
	stamps_drop(other);
	ok(!stamps_fresh(other, now, 30), "dropped: not fresh");
	ok(stamps_fresh(k, now + (1 << 24), 1) == false, "2^24 s on, an empty slot is still empty");

	/* another process maps the same file: what it stamps is seen here */
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		stamps_put(k + 1, now);
		_exit(0);
	}
	waitpid(pid, &status, 0);
	ok(stamps_fresh(k + 1, now + 5, 30), "a stamp made by another process is seen");
	pid = fork();
	if (pid == 0) {
		stamps_drop(k + 1);
		_exit(0);
	}
	waitpid(pid, &status, 0);
	ok(!stamps_fresh(k + 1, now + 5, 30), "and its drop too");
	facts(path);
	unlink(path);
	return done_testing();
}
