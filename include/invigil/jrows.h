/* invigil — a JSON array of fixed-shape arrays ("rows" of typed cells), read
 * strictly by a scanner of that shape (no JSON objects are built): the form
 * of stored rows that operators read with JSON_TABLE (attempt_grades,
 * schema/007). */
#ifndef INVIGIL_JROWS_H
#define INVIGIL_JROWS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define JROWS_MAX_CELLS 8

/* One cell: an integer (i), null (is_null), or a string (s, valid during
 * the callback only). */
struct jcell {
	bool is_null;
	int64_t i;
	const char *s;
};

/* Reads text, which must be a JSON array of arrays of exactly strlen(kinds)
 * cells each (at most JROWS_MAX_CELLS), kinds[k] saying what cell k is:
 * 'i' an integer, 'n' an integer or null, 's' a string.  Every row is
 * checked before fn(ctx, cells) is called for any; whitespace and string
 * escapes are JSON's, an integer has no fraction or exponent and fits
 * int64_t.  0; -1 when fn returned non-zero (it stops there); -2 when text
 * is not of that shape, or no memory for its copy (fn never called).  Owns
 * nothing. */
int jrows_read(const char *text, const char *kinds, int (*fn)(void *ctx, const struct jcell *cells), void *ctx);

#endif
