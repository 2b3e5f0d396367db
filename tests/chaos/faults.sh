#!/usr/bin/env bash
# faults.sh DIR SECONDS LOG — breaks the private stack in DIR for SECONDS while
# the chaos client runs: kill -9 of a random worker every 2-4 s, one worker
# SIGSTOPped for 4 s then resumed, MariaDB killed -9 and restarted, nginx
# reloaded.  In runs longer than a minute the last three start at 10, 20 and
# 30 s and repeat every 45, 60 and 30 s.  Each fault is one line of LOG: time (µs), kind, detail.  It
# leaves the stack whole when it ends (the stopped worker resumed, MariaDB up),
# also when it is stopped with SIGTERM.
set -uo pipefail
DIR=$1 SECONDS_TOTAL=$2 LOG=$3
stack=$(dirname "$0")/../api/stack.sh
: > "$LOG"

now_us() { echo $(( $(date +%s%N) / 1000 )); }
log() { printf '%s\t%s\t%s\n' "$(now_us)" "$1" "${2:-}" >> "$LOG"; }
ms() { echo $(( $(date +%s%N) / 1000000 )); }

stopped="" db_down=no
restore() {
    if [ -n "$stopped" ]; then kill -CONT "$stopped" 2>/dev/null; log worker-cont "$stopped"; stopped=""; fi
    if [ $db_down = yes ]; then
        if "$stack" db-start "$DIR" >/dev/null 2>&1; then log db-start ok; else log db-start FAILED; fi
        db_down=no
    fi
}
trap 'restore; exit 0' TERM INT

random_worker() { # a worker that is not the stopped one
    "$stack" workers "$DIR" 2>/dev/null | grep -vx "${stopped:-none}" | shuf -n1
}

t0=$(ms)
end=$(( t0 + SECONDS_TOTAL * 1000 ))
long=$(( SECONDS_TOTAL > 60 ))
next_kill=$(( t0 + 2000 ))
if [ "$long" = 1 ]; then   # a long run may end early (save budget): start soon, then repeat
    next_stop=$(( t0 + 10000 )) next_db=$(( t0 + 20000 )) next_reload=$(( t0 + 30000 ))
else                       # once each, spread over the run
    next_stop=$(( t0 + SECONDS_TOTAL * 200 ))      # at 20 % of the run
    next_db=$(( t0 + SECONDS_TOTAL * 450 ))        # at 45 %
    next_reload=$(( t0 + SECONDS_TOTAL * 650 ))    # at 65 %
fi
cont_at=0 db_up_at=0
while :; do
    t=$(ms)
    [ "$t" -lt "$end" ] || break
    if [ "$t" -ge "$next_kill" ]; then
        w=$(random_worker)
        if [ -n "$w" ] && kill -9 "$w" 2>/dev/null; then log worker-kill "$w"; fi
        next_kill=$(( t + 2000 + RANDOM % 2000 ))
    fi
    if [ -z "$stopped" ] && [ "$t" -ge "$next_stop" ]; then
        w=$(random_worker)
        if [ -n "$w" ] && kill -STOP "$w" 2>/dev/null; then stopped=$w; log worker-stop "$w"; cont_at=$(( t + 4000 )); fi
        next_stop=$(( long ? t + 45000 : end + 1 ))
    fi
    if [ -n "$stopped" ] && [ "$t" -ge "$cont_at" ]; then
        kill -CONT "$stopped" 2>/dev/null; log worker-cont "$stopped"; stopped=""
    fi
    if [ $db_down = no ] && [ "$t" -ge "$next_db" ]; then
        # down before the kill: a TERM that lands while db-kill runs must
        # still restart MariaDB on the way out (restore)
        db_down=yes db_up_at=$(( t + 1500 ))
        if "$stack" db-kill "$DIR" >/dev/null 2>&1; then log db-kill; else db_down=no; fi
        next_db=$(( long ? t + 60000 : end + 1 ))
    fi
    if [ $db_down = yes ] && [ "$t" -ge "$db_up_at" ]; then
        if "$stack" db-start "$DIR" >/dev/null 2>&1; then log db-start ok; else log db-start FAILED; fi
        db_down=no
    fi
    if [ "$t" -ge "$next_reload" ]; then
        if "$stack" nginx-reload "$DIR" >/dev/null 2>&1; then log nginx-reload; else log nginx-reload FAILED; fi
        next_reload=$(( long ? t + 30000 : end + 1 ))
    fi
    sleep 0.2
done
restore
