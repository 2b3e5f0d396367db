/* invigil — one log line per event: time, pid, level, request id, message. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "invigil/log.h"

static enum log_level max_level = LOG_LVL_INFO;
static char request_id[65] = "-";

static const char *const level_name[] = {"error", "warn", "info", "debug"};

void log_set_level(enum log_level level) { max_level = level; }

int log_level_parse(const char *s)
{
	for (int i = 0; i <= LOG_LVL_DEBUG; i++)
		if (strcmp(s, level_name[i]) == 0)
			return i;
	return -1;
}

void log_set_request_id(const char *id)
{
	size_t n = 0;

	if (id == NULL || *id == '\0') {
		strcpy(request_id, "-");
		return;
	}
	/* keep only printable, space-free characters: it goes into log lines */
	for (; id[n] != '\0' && n + 1 < sizeof(request_id); n++)
		request_id[n] = (id[n] > ' ' && id[n] < 127) ? id[n] : '_';
	request_id[n] = '\0';
}

const char *log_request_id(void) { return request_id; }

void log_msg(enum log_level level, const char *fmt, ...)
{
	/* the whole record in one buffer and one write(): the pool's workers
	 * share stderr, and a line written in pieces interleaves with theirs
	 * (writes to a pipe or O_APPEND file up to PIPE_BUF stay whole) */
	/* the process's id, asked once (glibc asks the kernel on every
	 * getpid(); nothing here forks) */
	static int pid;
	char line[2048], stamp[32];
	struct timeval tv;
	struct tm tm;
	va_list ap;
	int n, m;

	if (level > max_level)
		return;
	if (pid == 0)
		pid = (int)getpid();
	gettimeofday(&tv, NULL);
	gmtime_r(&tv.tv_sec, &tm);
	strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%S", &tm);
	n = snprintf(line, sizeof(line), "%s.%03dZ invigil[%d] %s req=%s ", stamp, (int)(tv.tv_usec / 1000), pid,
	             level_name[level], request_id);
	if (n < 0)
		return;
	va_start(ap, fmt);
	m = vsnprintf(line + n, sizeof(line) - (size_t)n - 1, fmt, ap);
	va_end(ap);
	if (m < 0)
		m = 0;
	n += m;
	if ((size_t)n > sizeof(line) - 2) { /* cut, and say so */
		n = (int)sizeof(line) - 5;
		memcpy(line + n, "...", 3);
		n += 3;
	}
	line[n++] = '\n';
	fflush(stderr);
	if (write(STDERR_FILENO, line, (size_t)n) < 0)
		return; /* nowhere else to say it */
}
