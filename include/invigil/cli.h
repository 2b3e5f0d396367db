/* invigil — pieces of the admin command. */
#ifndef INVIGIL_CLI_H
#define INVIGIL_CLI_H

#include <stddef.h>

struct arena;
struct course_content;

#define PKG_MAX_ERRORS 40

/* Validation problems, each naming the exact element
 * ("questions[3] (key \"q4\").options[1].correct: must be true or false"). */
struct content_errors {
	size_t n;
	size_t more; /* beyond PKG_MAX_ERRORS */
	char msg[PKG_MAX_ERRORS][256];
};

/* Parses and validates the package text (JSON) into p, allocating from a.
 * Returns 0, or -1 with every problem found in errs. */
int package_parse(const char *text, size_t len, struct arena *a, struct course_content *p, struct content_errors *errs);

#endif
