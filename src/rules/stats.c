/* invigil — rank, percentile, speed and accuracy from kept statistics. */
#include "config.h"

#include "invigil/rules.h"

void stats_rank(const struct score_bucket *b, size_t n, int64_t score_e4, int64_t *rank, int64_t *max_rank,
                int64_t *percentile_e4)
{
	int64_t above = 0, below = 0, total = 0;

	for (size_t i = 0; i < n; i++) {
		total += b[i].attempts;
		if (b[i].score_e4 > score_e4)
			above += b[i].attempts;
		else if (b[i].score_e4 < score_e4)
			below += b[i].attempts;
	}
	stats_rank_counts(above, below, total, rank, max_rank, percentile_e4);
}

void stats_rank_counts(int64_t above, int64_t below, int64_t total, int64_t *rank, int64_t *max_rank,
                       int64_t *percentile_e4)
{
	*rank = above + 1;
	*max_rank = total;
	/* the share of the others who scored lower; alone, the best is 100 */
	*percentile_e4 = total > 1 ? below * 1000000 / (total - 1) : 1000000;
}

int64_t stats_speed(int64_t answered, int64_t time_ms)
{
	return time_ms > 0 ? answered * 3600000 / time_ms : 0;
}

int64_t stats_accuracy(int64_t correct, int64_t answered)
{
	return answered > 0 ? correct * 100 / answered : 0;
}
