/* invigil — pieces of the admin command. */
#ifndef INVIGIL_CLI_H
#define INVIGIL_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct arena;
struct attendance_in;
struct course_content;
struct exam_content;
struct item_report;

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

/* Simulates a cohort of size learners (made as COURSE-cohort-NN) taking
 * every published exam of the course whose slug is course_slug (src/cli/
 * cohort.c): 0, 1 no such course, -1 a database failure. */
int cohort_run(const char *course_slug, int size, uint64_t seed);

/* Reads an attendance CSV (text, len bytes, NUL-terminated; parsed in
 * place) into at most max rows: the number of stays, or -1 with the first
 * problem and its line in msg (src/cli/attendance.c). */
long attendance_parse(char *text, size_t len, struct attendance_in *rows, size_t max, char *msg, size_t cap);
/* Imports the stays in the CSV file at path into video-conference lesson
 * lesson_id, all or none (src/cli/attendance.c): 0, 1 a bad file or row
 * (said on stderr), -1 a database failure. */
int attendance_import(int64_t lesson_id, const char *path);

/* Prints an exam's item analysis to f: a table for people, or CSV (one row
 * for the exam, one per option, one per question without options). */
void report_print(FILE *f, const struct exam_content *ec, const struct item_report *r, bool csv);

#endif
