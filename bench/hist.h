/* bench/hist.h — a log-linear latency histogram (microseconds), shared by
 * loadgen and dbload.  Values below 256 µs are exact; above, each power of two
 * is split into 128 buckets, so a reported percentile is within 0.4 % of the
 * true value.  Everything is static inline: include it from one .c file. */
#ifndef BENCH_HIST_H
#define BENCH_HIST_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define HIST_SUB 128
#define HIST_BUCKETS (2 * HIST_SUB + 40 * HIST_SUB) /* up to 2^41 µs */

struct hist {
	uint64_t total;
	uint64_t max;
	uint64_t sum;
	uint32_t b[HIST_BUCKETS];
};

static inline int hist_bucket(uint64_t v)
{
	int lg, e, b;

	if (v < 2 * HIST_SUB)
		return (int)v;
	lg = 63 - __builtin_clzll(v);
	e = lg - 7; /* v >> e is in [128, 255] */
	b = 2 * HIST_SUB + (e - 1) * HIST_SUB + (int)((v >> e) - HIST_SUB);
	return b < HIST_BUCKETS ? b : HIST_BUCKETS - 1;
}

/* the middle of bucket b */
static inline uint64_t hist_value(int b)
{
	int e;
	uint64_t m;

	if (b < 2 * HIST_SUB)
		return (uint64_t)b;
	e = (b - 2 * HIST_SUB) / HIST_SUB + 1;
	m = (uint64_t)((b - 2 * HIST_SUB) % HIST_SUB + HIST_SUB);
	return (m << e) + ((1ull << e) >> 1);
}

static inline void hist_add(struct hist *h, uint64_t v)
{
	h->b[hist_bucket(v)]++;
	h->total++;
	h->sum += v;
	if (v > h->max)
		h->max = v;
}

static inline void hist_merge(struct hist *into, const struct hist *from)
{
	for (int i = 0; i < HIST_BUCKETS; i++)
		into->b[i] += from->b[i];
	into->total += from->total;
	into->sum += from->sum;
	if (from->max > into->max)
		into->max = from->max;
}

/* q in [0, 1]; 0 when empty */
static inline uint64_t hist_pct(const struct hist *h, double q)
{
	uint64_t target, acc = 0;

	if (h->total == 0)
		return 0;
	target = (uint64_t)(q * (double)h->total + 0.999999);
	if (target < 1)
		target = 1;
	for (int i = 0; i < HIST_BUCKETS; i++) {
		acc += h->b[i];
		if (acc >= target) {
			uint64_t v = hist_value(i);

			return v > h->max ? h->max : v;
		}
	}
	return h->max;
}

#endif
