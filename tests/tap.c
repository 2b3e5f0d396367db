/* invigil tests — TAP output. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"

static int count, failed;

void (*tap_before_plan)(void);

static void line(bool cond, const char *fmt, va_list ap)
{
	printf("%sok %d - ", cond ? "" : "not ", ++count);
	vprintf(fmt, ap);
	printf("\n");
	fflush(stdout);
	if (!cond)
		failed++;
}

bool ok(bool cond, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	line(cond, fmt, ap);
	va_end(ap);
	return cond;
}

bool is_int(int64_t got, int64_t want, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	line(got == want, fmt, ap);
	va_end(ap);
	if (got != want)
		diag("  got %lld, want %lld", (long long)got, (long long)want);
	return got == want;
}

bool is_str(const char *got, const char *want, const char *fmt, ...)
{
	va_list ap;
	bool same = (got == NULL && want == NULL) || (got != NULL && want != NULL && strcmp(got, want) == 0);

	va_start(ap, fmt);
	line(same, fmt, ap);
	va_end(ap);
	if (!same)
		diag("  got \"%s\", want \"%s\"", got ? got : "(null)", want ? want : "(null)");
	return same;
}

void skip(const char *why, const char *fmt, ...)
{
	va_list ap;

	printf("ok %d - ", ++count);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf(" # SKIP %s\n", why);
	fflush(stdout);
}

void diag(const char *fmt, ...)
{
	va_list ap;

	printf("# ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
}

void bail(const char *fmt, ...)
{
	va_list ap;

	printf("Bail out! ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
	exit(1);
}

int done_testing(void)
{
	void (*before)(void) = tap_before_plan;

	tap_before_plan = NULL;
	if (before != NULL)
		before();
	printf("1..%d\n", count);
	if (failed)
		diag("%d of %d failed", failed, count);
	fflush(stdout); /* before a sanitizer's exit-time report can abort us */
	return 0;
}
