/* invigil — time, duration and fixed-point text. */
#include "config.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "invigil/fmt.h"

int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int64_t floor_div(int64_t a, int64_t b)
{
	return a / b - (a % b != 0 && (a < 0) != (b < 0));
}

char *fmt_iso8601_ms(int64_t ms, char *buf, size_t len)
{
	time_t secs = (time_t)floor_div(ms, 1000);
	struct tm tm;
	char base[24];

	gmtime_r(&secs, &tm);
	strftime(base, sizeof(base), "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(buf, len, "%s.%03dZ", base, (int)(ms - (int64_t)secs * 1000));
	return buf;
}

char *fmt_iso8601(int64_t ms, char *buf, size_t len)
{
	time_t secs = (time_t)floor_div(ms, 1000);
	struct tm tm;

	gmtime_r(&secs, &tm);
	strftime(buf, len, "%Y-%m-%dT%H:%M:%SZ", &tm);
	return buf;
}

char *fmt_iso8601_offset(int64_t ms, char *buf, size_t len)
{
	time_t secs = (time_t)floor_div(ms, 1000);
	struct tm tm;

	gmtime_r(&secs, &tm);
	strftime(buf, len, "%Y-%m-%dT%H:%M:%S+00:00", &tm);
	return buf;
}

static int digits(const char *s, int n, int *out)
{
	int v = 0;

	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 0;
}

int parse_iso8601(const char *s, int64_t *ms)
{
	struct tm tm = {0};
	int y, mo, d, h = 0, mi = 0, sec = 0, frac = 0, off = 0;
	const char *p;

	if (strlen(s) < 10 || digits(s, 4, &y) || s[4] != '-' || digits(s + 5, 2, &mo) || s[7] != '-' ||
	    digits(s + 8, 2, &d))
		return -1;
	p = s + 10;
	if (*p == 'T' || *p == ' ') {
		if (strlen(p) < 9 || digits(p + 1, 2, &h) || p[3] != ':' || digits(p + 4, 2, &mi) || p[6] != ':' ||
		    digits(p + 7, 2, &sec))
			return -1;
		p += 9;
		if (*p == '.') {
			int n = 0, scale = 1000;

			for (p++; *p >= '0' && *p <= '9'; p++, n++)
				if (n < 3) {
					scale /= 10;
					frac += (*p - '0') * scale;
				}
			if (n == 0)
				return -1;
		}
		if (*p == 'Z') {
			p++;
		} else if (*p == '+' || *p == '-') {
			int oh, om;

			if (strlen(p) != 6 || digits(p + 1, 2, &oh) || p[3] != ':' || digits(p + 4, 2, &om) || oh > 23 ||
			    om > 59)
				return -1;
			off = (oh * 60 + om) * 60 * (*p == '-' ? -1 : 1);
			p += 6;
		}
	}
	if (*p != '\0' || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 60)
		return -1;
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = sec;
	*ms = ((int64_t)timegm(&tm) - off) * 1000 + frac;
	return 0;
}

char *fmt_hms(int64_t seconds, char *buf, size_t len)
{
	if (seconds < 0)
		seconds = 0;
	snprintf(buf, len, "%lld:%02d:%02d", (long long)(seconds / 3600), (int)(seconds / 60 % 60),
	         (int)(seconds % 60));
	return buf;
}

char *fmt_timedelta(int64_t seconds, char *buf, size_t len)
{
	int64_t days;
	char hms[32];

	if (seconds < 0)
		seconds = 0;
	days = seconds / 86400;
	fmt_hms(seconds % 86400, hms, sizeof(hms));
	if (days == 0)
		snprintf(buf, len, "%s", hms);
	else
		snprintf(buf, len, "%lld day%s, %s", (long long)days, days == 1 ? "" : "s", hms);
	return buf;
}

int parse_hms(const char *s, int64_t *seconds)
{
	long part[3];
	int n = 0;
	const char *p = s;

	while (n < 3) {
		char *end;

		if (*p < '0' || *p > '9')
			return -1;
		part[n++] = strtol(p, &end, 10);
		p = end;
		if (*p == '\0')
			break;
		if (*p++ != ':')
			return -1;
	}
	if (*p != '\0' || n < 2)
		return -1;
	if (n == 2) {
		if (part[1] > 59)
			return -1;
		*seconds = part[0] * 60 + part[1];
		return 0;
	}
	if (part[1] > 59 || part[2] > 59 || part[0] > 100000)
		return -1;
	*seconds = (int64_t)part[0] * 3600 + part[1] * 60 + part[2];
	return 0;
}

char *fmt_e4(int64_t v, int places, char *buf, size_t len)
{
	int64_t scale = 1, mag, whole, frac;
	bool neg = v < 0;

	for (int i = places; i < 4; i++)
		scale *= 10;
	mag = neg ? -v : v;
	mag = (mag + scale / 2) / scale; /* half away from zero */
	if (places == 0) {
		snprintf(buf, len, "%s%lld", neg && mag ? "-" : "", (long long)mag);
		return buf;
	}
	{
		int64_t div = 1;

		for (int i = 0; i < places; i++)
			div *= 10;
		whole = mag / div;
		frac = mag % div;
		snprintf(buf, len, "%s%lld.%0*lld", neg && mag ? "-" : "", (long long)whole, places,
		         (long long)frac);
	}
	return buf;
}

int parse_e4(const char *s, int64_t *out)
{
	bool neg = false;
	int64_t whole = 0, frac = 0;
	int places = 0;

	if (*s == '-' || *s == '+')
		neg = *s++ == '-';
	if (*s < '0' || *s > '9')
		return -1;
	for (; *s >= '0' && *s <= '9'; s++) {
		whole = whole * 10 + (*s - '0');
		if (whole > 100000000000LL)
			return -1;
	}
	if (*s == '.') {
		s++;
		if (*s < '0' || *s > '9')
			return -1;
		for (; *s >= '0' && *s <= '9'; s++, places++) {
			if (places == 4)
				return -1;
			frac = frac * 10 + (*s - '0');
		}
	}
	if (*s != '\0')
		return -1;
	for (; places < 4; places++)
		frac *= 10;
	*out = (whole * 10000 + frac) * (neg ? -1 : 1);
	return 0;
}

size_t utf8_prefix_len(const char *s, size_t len, size_t max)
{
	size_t n = len > max ? max : len;

	while (n > 0 && n < len && ((unsigned char)s[n] & 0xC0) == 0x80)
		n--;
	return n;
}
