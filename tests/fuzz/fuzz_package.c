/* libFuzzer target: the course-package reader (`invigil import` checks a
 * package with it before anything touches the database): JSON of any shape,
 * every element validated and every problem collected. */
#include "config.h"

#include <stddef.h>
#include <stdint.h>

#include "invigil/arena.h"
#include "invigil/cli.h"
#include "invigil/content.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct arena a;
	struct course_content p;
	struct content_errors errs;

	arena_reset(&a);
	(void)package_parse((const char *)data, size, &a, &p, &errs);
	return 0;
}
