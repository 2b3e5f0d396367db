/* invigil tests — a tiny TAP producer (automake's tap-driver reads it). */
#ifndef INVIGIL_TAP_H
#define INVIGIL_TAP_H

#include <stdbool.h>
#include <stdint.h>

/* Records one test; returns cond. */
bool ok(bool cond, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
bool is_int(int64_t got, int64_t want, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
bool is_str(const char *got, const char *want, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void skip(const char *why, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void diag(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Stops the run: "Bail out!" then exit 1. */
void bail(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
/* Prints the plan (1..N) and returns the exit status (0: every test ran).
 * Runs tap_before_plan first, once, when it is set. */
int done_testing(void);
/* A last test or two that done_testing() runs before the plan; NULL (the
 * default) for none. The API client sets it to its contract check. */
extern void (*tap_before_plan)(void);

#endif
