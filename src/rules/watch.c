/* invigil — how much of a video a learner has watched: the played ranges a
 * player reports (the Testpress SDK's time_ranges) folded into a coverage
 * of 1000 equal parts, kept as 250 hex digits (docs/testpress-admin.md,
 * "Learner progress").  A part counts once however often it is played, so
 * rewinding never adds watched time, and the row stays one fixed size. */
#include "config.h"

#include <string.h>

#include "invigil/rules.h"

static int hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

int watch_decode(const char *hex, unsigned char bits[WATCH_PARTS / 8])
{
	memset(bits, 0, WATCH_PARTS / 8);
	if (hex == NULL || *hex == '\0')
		return 0;
	if (strlen(hex) != WATCH_HEX_LEN)
		return -1;
	for (size_t i = 0; i < WATCH_PARTS / 8; i++) {
		int hi = hex_value(hex[2 * i]), lo = hex_value(hex[2 * i + 1]);

		if (hi < 0 || lo < 0) {
			memset(bits, 0, WATCH_PARTS / 8);
			return -1;
		}
		bits[i] = (unsigned char)(hi << 4 | lo);
	}
	return 0;
}

void watch_encode(const unsigned char bits[WATCH_PARTS / 8], char hex[WATCH_HEX_LEN + 1])
{
	static const char digits[] = "0123456789abcdef";

	for (size_t i = 0; i < WATCH_PARTS / 8; i++) {
		hex[2 * i] = digits[bits[i] >> 4];
		hex[2 * i + 1] = digits[bits[i] & 15];
	}
	hex[WATCH_HEX_LEN] = '\0';
}

void watch_mark(unsigned char bits[WATCH_PARTS / 8], int64_t duration_ms, int64_t from_ms, int64_t to_ms)
{
	int64_t first, last;

	if (duration_ms <= 0 || to_ms <= from_ms)
		return;
	if (from_ms < 0)
		from_ms = 0;
	if (to_ms > duration_ms)
		to_ms = duration_ms;
	if (to_ms <= from_ms)
		return;
	/* the parts the range overlaps at all: a part is [k d/1000, (k+1) d/1000) */
	first = from_ms * WATCH_PARTS / duration_ms;
	last = (to_ms * WATCH_PARTS + duration_ms - 1) / duration_ms - 1;
	if (last >= WATCH_PARTS)
		last = WATCH_PARTS - 1;
	for (int64_t k = first; k <= last; k++)
		bits[k / 8] |= (unsigned char)(1u << (k % 8));
}

int64_t watch_permille(const unsigned char bits[WATCH_PARTS / 8])
{
	int64_t n = 0;

	for (size_t i = 0; i < WATCH_PARTS / 8; i++)
		for (unsigned b = bits[i]; b != 0; b &= b - 1)
			n++;
	return n;
}

int64_t watch_time_ms(int64_t duration_ms, int64_t permille)
{
	return duration_ms * permille / WATCH_PARTS;
}

bool watch_complete(int64_t permille)
{
	return permille >= WATCH_COMPLETE_PERMILLE;
}
