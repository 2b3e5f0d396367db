/* invigil API tests — the bad-input corpus (tests/api/fixtures/badinput/)
 * and the four faces' error envelopes. */
#ifndef INVIGIL_TEST_CORPUS_H
#define INVIGIL_TEST_CORPUS_H

#include <stdbool.h>
#include <stddef.h>

#include "client.h"

#define CORPUS_MAX_FIELDS 8

/* One row of a tab-separated fixture file; data/len is the last field
 * with its escapes decoded (it may hold NUL bytes). */
struct corpus_row {
	char *f[CORPUS_MAX_FIELDS];
	char *data;
	size_t len;
};

enum corpus_face { CF_TESTPRESS, CF_CANVAS, CF_ASSESS, CF_COURSE };

/* Decodes \n \r \t \\ \0 \xHH; returns a malloc'd buffer (NUL-terminated
 * besides) with its length in *len. */
char *corpus_unescape(const char *s, size_t *len);
/* Reads fixtures/badinput/name: rows of nfields tab-separated fields,
 * '#' lines skipped; returns the number of rows, *out malloc'd (never
 * freed: the test's lifetime).  Bails when the file is missing or a row is
 * short. */
int corpus_load(const char *name, int nfields, struct corpus_row **out);
/* Frees n rows that corpus_load returned. */
void corpus_free(struct corpus_row *rows, int n);
/* The face serving an /api path. */
enum corpus_face corpus_face_of(const char *path);
/* Whether j is an error body in face's envelope; fields gets the names
 * the body gives as fields, each followed by a comma ("" when none): the
 * keys of a Testpress body, the details' fields of an assessments body,
 * the messages of a Canvas body (Canvas names the field in the text). */
bool corpus_envelope(enum corpus_face face, struct json_object *j, char *fields, size_t size);

#endif
