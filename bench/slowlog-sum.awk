#!/usr/bin/awk -f
# bench/slowlog-sum.awk — where MariaDB's time goes, statement by statement.
#
#   INVIGIL_DB_SLOWLOG=1 ./dev bench --keep --learners 1000 --concurrency 128
#   awk -f bench/slowlog-sum.awk /tmp/invigil-bench.XXXXXX/log/mariadb-slow.log
#
# Sums the slow log's Query_time (every statement is logged at
# long_query_time=0) by the statement's shape: quoted strings and numbers
# become ? and N, and the first 110 characters name it.  Prints the 40
# costliest shapes: total seconds, count, mean µs.  Query_time is wall time
# inside the server, waits included, so under load it measures where
# statements queue as much as what they cost; a single connection gives
# their cost.
/^# Query_time:/ { t = $3; want = 1; next }
/^#/ { next }
/^SET timestamp=/ { next }
/^use / { next }
want {
	s = $0
	gsub(/'[^']*'/, "?", s)
	gsub(/[0-9]+(\.[0-9]+)?/, "N", s)
	s = substr(s, 1, 110)
	sum[s] += t
	cnt[s]++
	total += t
	want = 0
}
END {
	for (s in sum)
		printf "%9.3f s %8d %8.1f us  %s\n", sum[s], cnt[s], 1e6 * sum[s] / cnt[s], s | "sort -rn | head -40"
	close("sort -rn | head -40")
	printf "total %.3f s\n", total
}
