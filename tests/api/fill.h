/* invigil API tests — real objects for the bad-input corpus to aim at. */
#ifndef INVIGIL_TEST_FILL_H
#define INVIGIL_TEST_FILL_H

#include <stddef.h>

/* Imports fixtures/badinput/course.json, logs in, and creates through the
 * four faces the objects routes.txt names ({tp_attempt}, {cv_sub}, ...).
 * Bails when any step fails: without them the corpus proves nothing. */
void fill_setup(void);
/* Copies template to out with every {name} replaced by its value; bails
 * on an unknown name or when out is too small. */
void fill(const char *template, char *out, size_t size);
/* The Authorization value for who ("L" learner, "I" instructor, "-" none);
 * a static string. */
const char *fill_auth(const char *who);
/* The value of name, or NULL (a static string). */
const char *fill_var(const char *name);
/* Sets name to value (copied). */
void fill_set(const char *name, const char *value);
/* Releases the tokens. */
void fill_teardown(void);

#endif
