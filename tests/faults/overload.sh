#!/usr/bin/env bash
# tests/faults/overload.sh — offers answer saves at 1x, 2x and 5x the pool's
# measured capacity to a private stack and shows that invigil sheds the excess
# (JSON 503 or 429, each with Retry-After) instead of queueing it into
# timeouts, and that every acknowledged save is in the database.
#
#   overload.sh [--workers N] [--backlog N] [--seconds S] [--record] [--tap]
#
# --workers  the pool (default 4)       --backlog  spawn-fcgi -b (default 16 per worker, as stack.sh)
# --seconds  each level's length (default 10; --tap: 2)
# --record   write the figures into docs/reliability.md (scripts/record-figures.sh overload)
# --tap      the short variant for make check: TAP, levels 1x and 5x only
#
# Capacity: saves served per second with a closed loop of 2x the pool's
# connections for S/2 s (at 1x each worker idles while its answer travels back
# through nginx).  Levels: open loop, request i due at i/rate whatever came
# back (tests/faults/flood.c).  Rate limits are off (stack.sh --no-limits),
# so what sheds is the pool's bounded queue, not the per-token limit.
# Exit status: 0 when every check passed, 1 when one failed, 2 when it could not run.
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
SRCDIR=${INVIGIL_SRCDIR:-$(cd "$here/../.." && pwd)}
BUILDDIR=${INVIGIL_BUILDDIR:-$SRCDIR}
WORKERS=4 BACKLOG="" SECONDS_PER="" RECORD=no TAP=no
while [ $# -gt 0 ]; do
    case $1 in
        --workers) WORKERS=${2:?}; shift ;;
        --backlog) BACKLOG=${2:?}; shift ;;
        --seconds) SECONDS_PER=${2:?}; shift ;;
        --record) RECORD=yes ;;
        --tap) TAP=yes ;;
        *) echo "overload: unknown option $1" >&2; exit 2 ;;
    esac
    shift
done
if [ $TAP = yes ]; then LEVELS="1 5"; SECONDS_PER=${SECONDS_PER:-2}; else LEVELS="1 2 5"; SECONDS_PER=${SECONDS_PER:-10}; fi
FLOOD=$BUILDDIR/tests/faults/flood
out=2; [ $TAP = no ] || out=1   # check lines: TAP on stdout, else beside the log
say() { printf 'overload: %s\n' "$*" >&2; }
n=0 failed=0
check() { # check DESCRIPTION COMMAND...: one TAP line, or a line of the report
    n=$((n + 1))
    if "${@:2}"; then echo "ok $n - $1" >&$out; else echo "not ok $n - $1" >&$out; failed=$((failed + 1)); fi
}
bail() { if [ $TAP = yes ]; then echo "Bail out! $*"; exit 1; else say "$*"; exit 2; fi; }

[ -x "$FLOOD" ] || bail "$FLOOD is not built (make tests/faults/flood)"
DIR=$(mktemp -d /tmp/inv-ovl-XXXXXX)
cleanup() { "$SRCDIR/tests/api/stack.sh" down "$DIR" >/dev/null 2>&1 || true; rm -rf "$DIR"; }
trap cleanup EXIT INT TERM
opts=(--no-limits --workers "$WORKERS" --pwhash min)
[ -z "$BACKLOG" ] || opts+=(--backlog "$BACKLOG")
INVIGIL_SRCDIR=$SRCDIR INVIGIL_BUILDDIR=$BUILDDIR "$SRCDIR/tests/api/stack.sh" up "$DIR" "${opts[@]}" >"$DIR.up.log" 2>&1 \
    || { cat "$DIR.up.log" >&2; rm -f "$DIR.up.log"; bail "the stack did not start"; }
rm -f "$DIR.up.log"
BACKLOG=${BACKLOG:-$((16 * WORKERS))}
. "$here/lib.sh"
URL=$(sed -n 's/^INVIGIL_TEST_URL=//p' "$DIR/env")
make_targets demo-practice-quiz "$DIR/targets.tsv" || bail "could not set up the attempts"
say "$(wc -l < "$DIR/targets.tsv") answers of $(wc -l < "$DIR/tokens.txt") learners' attempts; pool $WORKERS workers, backlog $BACKLOG"

get() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<<" $2"; }
cap_s=$(awk -v s="$SECONDS_PER" 'BEGIN { print (s / 2 < 2 ? 2 : s / 2) }')
line=$("$FLOOD" --url "$URL" --targets "$DIR/targets.tsv" --closed $((2 * WORKERS)) --seconds "$cap_s" \
    --acks "$DIR/acks.cap" --label capacity) || bail "flood failed"
say "$line"
CAP=$(get served_rps "$line")
awk -v c="$CAP" 'BEGIN { exit !(c > 0) }' || bail "no save was served while measuring capacity"
[ $TAP = no ] || echo "1..$((4 * $(wc -w <<<"$LEVELS") + 2))"

rows=""
for k in $LEVELS; do
    rate=$(awk -v c="$CAP" -v k="$k" 'BEGIN { printf "%.0f", c * k }')
    : > "$DIR/log/nginx-error.log"
    line=$("$FLOOD" --url "$URL" --targets "$DIR/targets.tsv" --rate "$rate" --seconds "$SECONDS_PER" \
        --acks "$DIR/acks.$k" --label "${k}x") || bail "flood failed"
    say "$line"
    sent=$(get sent "$line") ok=$(get ok "$line") s503=$(get s503 "$line") s429=$(get s429 "$line")
    ra=$(( $(get s503_ra "$line") + $(get s429_ra "$line") )) other=$(get other "$line")
    tr=$(get transport "$line") to=$(get timeouts "$line") unsent=$(get unsent "$line")
    check "${k}x: every request answered (sent $sent, no transport error or timeout)" [ $((tr + to)) -eq 0 ]
    check "${k}x: no status but 2xx, 503 or 429 (other: $other $(get other_statuses "$line"))" [ "$other" -eq 0 ]
    check "${k}x: every 503/429 carries Retry-After ($ra of $((s503 + s429)))" [ "$ra" -eq $((s503 + s429)) ]
    check "${k}x: some saves are served ($ok)" [ "$ok" -gt 0 ]
    [ $TAP = no ] || echo "# ${k}x: offered $rate/s, served $ok, shed $((s503 + s429)), p99 served $(get p99_ok_ms "$line") ms"
    rows+="| ${k}× | $rate | $sent | $ok | $s503 / $s429 | $other | $((tr + to)) | $unsent"
    rows+=" | $(get p50_ok_ms "$line") / $(get p99_ok_ms "$line") | $(get p50_shed_ms "$line") / $(get p99_shed_ms "$line") |"$'\n'
    shed_log=$(grep -c 'Resource temporarily unavailable' "$DIR/log/nginx-error.log" || true)
    say "${k}x: nginx logged $shed_log refused connects to the pool's socket"
done

cat "$DIR"/acks.* > "$DIR/acks.all"
ACKED=$(wc -l < "$DIR/acks.all")
MISSING=$(acks_missing "$DIR/acks.all")
check "every acknowledged save is in the database ($ACKED acknowledged, $MISSING missing)" [ "$MISSING" = 0 ]
EMPTY=$(awk -F'\t' '{ print $2 }' "$DIR/acks.all" | sort -u | tr '\n' ',' | sed 's/,$//')
# the current answer is its latest event's (docs/architecture.md#saves)
EMPTY=$(SQL -e "SELECT COUNT(*) FROM $ALL_ANSWERS a
                LEFT JOIN (SELECT answer_id, MAX(id) AS last FROM answer_events GROUP BY answer_id) le
                       ON le.answer_id = a.id
                LEFT JOIN answer_events ev ON ev.id = le.last
                WHERE a.id IN ($EMPTY) AND IF(ev.sel IS NULL, a.selected_options, ev.sel) = ''")
check "every acknowledged answer holds a selected option ($EMPTY empty)" [ "$EMPTY" = 0 ]

report() {
    cat <<MD
Latest run (\`./dev overload\`, $(nproc) cores shared with other work, $(date -u +%Y-%m-%d)): $WORKERS workers,
spawn-fcgi backlog $BACKLOG, rate limits off; capacity $CAP saves/s (closed loop, $((2 * WORKERS)) connections);
each level offers saves open-loop for $SECONDS_PER s.

| level | offered /s | sent | served 2xx | shed 503 / 429 (all with Retry-After) | other status | transport errors + timeouts | not sent (client limit) | served p50 / p99 ms | shed p50 / p99 ms |
|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|
$rows
Loses nothing: $ACKED saves acknowledged over the run (capacity included), $MISSING without their
\`answer_events\` row (a save is that one row), $EMPTY acknowledged answers empty.
Checks: $((n - failed)) of $n passed.
MD
}
if [ $TAP = no ]; then
    report
    if [ $RECORD = yes ] && [ "$failed" -eq 0 ]; then report | "$SRCDIR/scripts/record-figures.sh" overload && say "figures recorded in docs/reliability.md"; fi
fi
[ "$failed" -eq 0 ]
