/* Unit tests: log records from several processes sharing stderr stay whole
 * lines (one write() each), and an over-long message is cut, not split. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "invigil/log.h"
#include "../tap.h"

#define WRITERS 4
#define LINES 200

int main(void)
{
	int fd[2];
	char msg[1500];
	FILE *in;
	char line[4096];
	int whole = 0, broken = 0, saved;

	if (pipe(fd) != 0)
		bail("pipe");
	fflush(stdout);
	saved = dup(STDERR_FILENO);
	for (int w = 0; w < WRITERS; w++) {
		if (fork() == 0) {
			close(fd[0]);
			dup2(fd[1], STDERR_FILENO);
			memset(msg, 'a' + w, sizeof(msg) - 1);
			msg[sizeof(msg) - 1] = '\0';
			for (int i = 0; i < LINES; i++)
				log_msg(LOG_LVL_INFO, "%s", msg);
			_exit(0);
		}
	}
	close(fd[1]);
	in = fdopen(fd[0], "r");
	while (fgets(line, sizeof(line), in) != NULL) {
		char *body = strstr(line, "req=- ");
		size_t n = body ? strspn(body + 6, "abcd") : 0;

		/* a whole record: one writer's 1499 letters, then the newline */
		if (body != NULL && n == sizeof(msg) - 1 && body[6 + n] == '\n' && strchr("abcd", body[6]) &&
		    strspn(body + 6, (char[]){body[6], 0}) == n)
			whole++;
		else
			broken++;
	}
	fclose(in);
	while (wait(NULL) > 0)
		;
	dup2(saved, STDERR_FILENO);
	is_int(whole, WRITERS * LINES, "every record arrived whole");
	is_int(broken, 0, "no record was split or mixed");

	/* too long for one record: cut with "..." and still one line */
	if (pipe(fd) != 0)
		bail("pipe");
	{
		char *big = malloc(5000);

		memset(big, 'z', 4999);
		big[4999] = '\0';
		dup2(fd[1], STDERR_FILENO);
		log_msg(LOG_LVL_ERROR, "%s", big);
		dup2(saved, STDERR_FILENO);
		close(fd[1]);
		in = fdopen(fd[0], "r");
		ok(fgets(line, sizeof(line), in) != NULL && strstr(line, "...\n") != NULL, "an over-long record is cut and marked");
		ok(fgets(line, sizeof(line), in) == NULL, "and stays one line");
		fclose(in);
		free(big);
	}
	return done_testing();
}
