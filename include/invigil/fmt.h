/* invigil — text forms shared by faces: times, durations, fixed-point marks. */
#ifndef INVIGIL_FMT_H
#define INVIGIL_FMT_H

#include <stddef.h>
#include <stdint.h>

/* Current time in epoch milliseconds. */
int64_t now_ms(void);
/* The length of the longest prefix of s (length len) that is at most max
 * bytes and does not end inside a UTF-8 sequence. */
size_t utf8_prefix_len(const char *s, size_t len, size_t max);
/* "2025-11-07T07:12:49.873Z" (ms precision, UTC) into buf (>= 25 bytes). */
char *fmt_iso8601_ms(int64_t ms, char *buf, size_t len);
/* "2025-11-07T07:12:49Z" (whole seconds). */
char *fmt_iso8601(int64_t ms, char *buf, size_t len);
/* "2025-11-07T07:12:49+00:00": whole seconds and a numeric offset, the form
 * Testpress sends exam dates in (its Android SDK parses them with
 * yyyy-MM-dd'T'HH:mm:ssZ, which takes neither milliseconds nor "Z"). */
char *fmt_iso8601_offset(int64_t ms, char *buf, size_t len);
/* Parses ISO 8601 "YYYY-MM-DDTHH:MM:SS[.fff](Z|+hh:mm)" or a bare date.
 * 0 with *ms set, or -1. */
int parse_iso8601(const char *s, int64_t *ms);
/* Python timedelta text: "H:MM:SS", "1 day, H:MM:SS", "2 days, H:MM:SS". */
char *fmt_timedelta(int64_t seconds, char *buf, size_t len);
/* "H:MM:SS" even past a day (Testpress remaining_time). */
char *fmt_hms(int64_t seconds, char *buf, size_t len);
/* Parses "H:MM:SS" or "MM:SS"; 0 with *seconds set, or -1. */
int parse_hms(const char *s, int64_t *seconds);
/* A ten-thousandths value with places decimals, rounded half away from
 * zero: 25000 with 2 places is "2.50". */
char *fmt_e4(int64_t v, int places, char *buf, size_t len);
/* Parses "-2.5", "3", "0.0001" (at most 4 decimals) into ten-thousandths.
 * 0 or -1. */
int parse_e4(const char *s, int64_t *out);

#endif
