/* Unit tests: times, durations and fixed-point marks (src/util/fmt.c); JSON rows (src/util/jrows.c). */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "invigil/fmt.h"
#include "invigil/jrows.h"
#include "../tap.h"

/* Sums the rows' first cells (null counts 0) and keeps the last string. */
struct jsum {
	int64_t sum;
	int rows;
	char last[16];
};

static int add_row(void *p, const struct jcell *c)
{
	struct jsum *j = p;

	j->sum += c[0].is_null ? 0 : c[0].i;
	j->rows++;
	snprintf(j->last, sizeof(j->last), "%s", c[1].s);
	return j->rows == 99 ? 1 : 0;
}

static void test_jrows(void)
{
	struct jsum j = {0};

	is_int(jrows_read("[[1,\"a\"],[null, \"bc\"] , [40,\"d\"]]", "ns", add_row, &j), 0, "jrows: three rows read");
	ok(j.sum == 41 && j.rows == 3 && strcmp(j.last, "d") == 0, "jrows: cells as typed, whitespace allowed");
	j = (struct jsum){0};
	is_int(jrows_read("[]", "ns", add_row, &j), 0, "jrows: no rows");
	is_int(jrows_read("[[1,\"a\"],[2]]", "ns", add_row, &j), -2, "jrows: a short row is malformed");
	is_int(j.rows, 0, "jrows: and no row reached the callback");
	is_int(jrows_read("[[null,\"a\"]]", "is", add_row, &j), -2, "jrows: null where an integer must be");
	is_int(jrows_read("[[1.5,\"a\"]]", "ns", add_row, &j), -2, "jrows: a fraction is not an integer");
	is_int(jrows_read("[[1,2]]", "ns", add_row, &j), -2, "jrows: a number where a string must be");
	is_int(jrows_read("[[1,\"a\"]", "ns", add_row, &j), -2, "jrows: truncated text");
	is_int(jrows_read("[[1,\"a\"]] x", "ns", add_row, &j), -2, "jrows: trailing garbage");
	is_int(jrows_read("{\"a\":1}", "ns", add_row, &j), -2, "jrows: not an array");
	is_int(jrows_read("", "ns", add_row, &j), -2, "jrows: no text");
	is_int(jrows_read("[[01,\"a\"]]", "ns", add_row, &j), -2, "jrows: a leading zero");
	is_int(jrows_read("[[1e3,\"a\"]]", "ns", add_row, &j), -2, "jrows: an exponent");
	is_int(jrows_read("[[9223372036854775808,\"a\"]]", "ns", add_row, &j), -2, "jrows: past int64_t");
	is_int(jrows_read("[[1,\"a\"],]", "ns", add_row, &j), -2, "jrows: a trailing comma");
	is_int(jrows_read("[[1,\"a\tb\"]]", "ns", add_row, &j), -2, "jrows: a raw control character in a string");
	is_int(jrows_read("[[1,\"\\ud800\"]]", "ns", add_row, &j), -2, "jrows: a lone surrogate");
	is_int(jrows_read("[[1,\"\\x\"]]", "ns", add_row, &j), -2, "jrows: an escape JSON has not");
	is_int(jrows_read("[[true,\"a\"]]", "ns", add_row, &j), -2, "jrows: a boolean is not an integer");
	is_int(j.rows, 0, "jrows: and none of those reached the callback");
	j = (struct jsum){0};
	is_int(jrows_read("\t[ [-9223372036854775808 ,\"q\\\"\\\\\\/\\n\"]\r\n,[ 7,\"\\u00e9\\ud83d\\ude00\"] ]\n", "ns",
	                  add_row, &j), 0, "jrows: escapes, the int64_t range, JSON's whitespace");
	is_str(j.last, "\xc3\xa9\xf0\x9f\x98\x80", "jrows: \\u escapes and a surrogate pair as UTF-8");
	ok(j.rows == 2 && j.sum == INT64_MIN + 7, "jrows: both rows, the integers as written");
	j = (struct jsum){0};
	is_int(jrows_read("[[1,\"q\\\"\\\\/\"]]", "ns", add_row, &j), 0, "jrows: quote, backslash, slash");
	is_str(j.last, "q\"\\/", "jrows: decoded");
	j = (struct jsum){.rows = 97};
	is_int(jrows_read("[[1,\"a\"],[2,\"b\"],[3,\"c\"]]", "ns", add_row, &j), -1,
	       "jrows: the callback's non-zero is -1");
	ok(j.rows == 99 && j.sum == 3, "jrows: and stops the reading there");
}

int main(void)
{
	char b[64];
	int64_t v;

	is_str(fmt_timedelta(0, b, sizeof(b)), "0:00:00", "zero duration");
	is_str(fmt_timedelta(3 * 3600, b, sizeof(b)), "3:00:00", "three hours");
	is_str(fmt_timedelta(2997, b, sizeof(b)), "0:49:57", "minutes and seconds");
	is_str(fmt_timedelta(86400 + 61, b, sizeof(b)), "1 day, 0:01:01", "one day");
	is_str(fmt_timedelta(2 * 86400, b, sizeof(b)), "2 days, 0:00:00", "days plural");
	is_str(fmt_hms(26 * 3600, b, sizeof(b)), "26:00:00", "remaining_time stays H:MM:SS past a day");
	is_int(parse_hms("1:30:00", &v), 0, "H:MM:SS parses");
	is_int(v, 5400, "to seconds");
	is_int(parse_hms("45:00", &v), 0, "MM:SS parses");
	is_int(v, 2700, "to seconds");
	is_int(parse_hms("1:60:00", &v), -1, "minutes over 59 refused");
	is_int(parse_hms("abc", &v), -1, "garbage refused");

	is_str(fmt_e4(30000, 2, b, sizeof(b)), "3.00", "3.00");
	is_str(fmt_e4(0, 2, b, sizeof(b)), "0.00", "0.00");
	is_str(fmt_e4(-2500, 2, b, sizeof(b)), "-0.25", "negative");
	is_str(fmt_e4(12345, 2, b, sizeof(b)), "1.23", "rounded down");
	is_str(fmt_e4(12350, 2, b, sizeof(b)), "1.24", "half away from zero");
	is_str(fmt_e4(-12350, 2, b, sizeof(b)), "-1.24", "negative half away from zero");
	is_str(fmt_e4(125000, 0, b, sizeof(b)), "13", "no places");
	is_str(fmt_e4(-4, 2, b, sizeof(b)), "0.00", "no negative zero");
	is_int(parse_e4("2.5", &v), 0, "decimal parses");
	is_int(v, 25000, "to ten-thousandths");
	is_int(parse_e4("-0.25", &v), 0, "negative parses");
	is_int(v, -2500, "value");
	is_int(parse_e4("1.23456", &v), -1, "five decimals refused");
	is_int(parse_e4("1e3", &v), -1, "exponent refused");
	is_int(parse_e4(".5", &v), -1, "missing integer part refused");

	is_str(fmt_iso8601_ms(1762499569873LL, b, sizeof(b)), "2025-11-07T07:12:49.873Z", "ISO with ms");
	is_str(fmt_iso8601(0, b, sizeof(b)), "1970-01-01T00:00:00Z", "ISO epoch");
	is_int(parse_iso8601("2025-11-07T12:37:11+05:30", &v), 0, "offset parses");
	is_int(v, 1762499231000LL, "offset applied");
	is_int(parse_iso8601("2025-11-07T07:12:49.873Z", &v), 0, "ms parses");
	is_int(v, 1762499569873LL, "ms value");
	is_int(parse_iso8601("2025-11-07", &v), 0, "bare date parses");
	is_int(parse_iso8601("2.25-11-07T12:37:11", &v), -1, "the seed's corrupted date is refused");
	is_int(parse_iso8601("2025-13-01T00:00:00Z", &v), -1, "month 13 refused");
	/* "aé€" is a, then 2 bytes, then 3 bytes: 6 bytes */
	is_int((int64_t)utf8_prefix_len("a\xc3\xa9\xe2\x82\xac", 6, 100), 6, "a text under the bound is kept whole");
	is_int((int64_t)utf8_prefix_len("a\xc3\xa9\xe2\x82\xac", 6, 5), 3, "a cut inside € moves back to its start");
	is_int((int64_t)utf8_prefix_len("a\xc3\xa9\xe2\x82\xac", 6, 2), 1, "a cut inside é too");
	is_int((int64_t)utf8_prefix_len("a\xc3\xa9\xe2\x82\xac", 6, 3), 3, "a cut on a boundary stays");
	test_jrows();
	return done_testing();
}
