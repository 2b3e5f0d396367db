#!/usr/bin/env bash
# tests/chaos/run.sh — the chaos run (docs/reliability.md, "Chaos"): a private
# stack with rate limits off, learners on every face saving, changing, ending
# and retaking (chaos-client) while faults.sh kills workers, stops one, kills
# MariaDB and reloads nginx; then check.awk holds the client log against the
# database.
#
#   tests/chaos/run.sh [--seconds S] [--learners N] [--saves N] [--workers W]
#                      [--record] [--tap] [--keep]
#
# --seconds   how long the load and the faults run (default 30)
# --learners  learners, one thread each, a third per face (default 30)
# --saves     stop starting new saves after this many (default: no limit)
# --workers   invigil-fcgi pool size (default 8)
# --record    write the figures into docs/reliability.md (scripts/record-figures.sh chaos)
# --tap       print TAP (one assertion per property) for make check
# --keep      keep the stack's directory (logs, client log, state dump)
# Exit status: 0 when the checker found no violation, 1 when it did, 2 when
# the run could not be made.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
SRCDIR=${INVIGIL_SRCDIR:-$(cd "$here/../.." && pwd)}
BUILDDIR=${INVIGIL_BUILDDIR:-$SRCDIR}
unset NGINX # nginx reads it as inherited sockets

SECS=30 LEARNERS=30 SAVES=1000000000 WORKERS=8 RECORD=no TAP=no KEEP=no
while [ $# -gt 0 ]; do
    case $1 in
        --seconds) SECS=${2:?}; shift ;;
        --learners) LEARNERS=${2:?}; shift ;;
        --saves) SAVES=${2:?}; shift ;;
        --workers) WORKERS=${2:?}; shift ;;
        --record) RECORD=yes ;;
        --tap) TAP=yes ;;
        --keep) KEEP=yes ;;
        -h|--help) sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "chaos: unknown option $1" >&2; exit 2 ;;
    esac
    shift
done
for v in SECS LEARNERS SAVES WORKERS; do
    case ${!v} in ''|*[!0-9]*|0) echo "chaos: --${v,,} takes a positive integer" >&2; exit 2 ;; esac
done

say() { printf 'chaos: %s\n' "$*" >&2; }
fail() { # the run could not be made: TAP says so too
    say "$*"
    [ $TAP = no ] || echo "Bail out! $*"
    exit 2
}
CLIENT=$BUILDDIR/tests/chaos/chaos-client
[ -x "$CLIENT" ] && [ -x "$BUILDDIR/invigil" ] || fail "build first: make && make tests/chaos/chaos-client"

DIR=$(mktemp -d /tmp/inv-chaos-XXXXXX)
FAULTS_PID=""
cleanup() {
    local rc=$?
    trap - EXIT INT TERM
    [ -z "$FAULTS_PID" ] || kill "$FAULTS_PID" 2>/dev/null || true
    [ -z "$FAULTS_PID" ] || wait "$FAULTS_PID" 2>/dev/null || true
    "$SRCDIR/tests/api/stack.sh" down "$DIR" >/dev/null 2>&1 || true
    if [ $KEEP = yes ]; then say "kept $DIR"; else rm -rf "$DIR"; fi
    exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

say "starting a private stack in $DIR ($WORKERS workers, rate limits off)"
INVIGIL_SRCDIR=$SRCDIR INVIGIL_BUILDDIR=$BUILDDIR timeout 180 "$SRCDIR/tests/api/stack.sh" up "$DIR" \
    --pwhash min --no-limits --workers "$WORKERS" >"$DIR/stack.log" 2>&1 \
    || { tail -n 30 "$DIR/stack.log" >&2; fail "the stack did not start"; }
# shellcheck disable=SC1091
. "$DIR/env"
export INVIGIL_CONFIG
SQL() { timeout 120 mariadb --no-defaults --socket="$DIR/db/sock" -uroot -N -B invigil "$@"; }

"$INVIGIL_BIN" import "$here/chaos-course.json" >"$DIR/import.log" 2>&1 || { cat "$DIR/import.log" >&2; fail "import failed"; }
SQL -e "
  INSERT INTO users (username, email, display_name, role)
    SELECT CONCAT('chaos', LPAD(seq, 5, '0')), CONCAT('chaos', LPAD(seq, 5, '0'), '@chaos.invalid'),
           CONCAT('Chaos learner ', seq), 'learner'
    FROM seq_1_to_$LEARNERS;
  INSERT INTO enrollments (course_id, user_id, role, status, joined_at)
    SELECT c.id, u.id, 'learner', 'joined', UTC_TIMESTAMP(3)
    FROM courses c JOIN users u ON u.username LIKE 'chaos%' WHERE c.slug = 'chaos-course';" || fail "loading learners failed"
"$INVIGIL_BIN" token --all learner --ttl 7200 | awk '$1 ~ /^chaos[0-9]+$/' | sort > "$DIR/tokens.txt"
read -r COURSE CV_QUIZ AS_ID < <(SQL -e "SELECT c.id, (SELECT id FROM exams WHERE slug = 'chaos-cv'),
    (SELECT public_id FROM exams WHERE slug = 'chaos-as') FROM courses c WHERE c.slug = 'chaos-course'")

say "load and faults for $SECS s: $LEARNERS learners on three faces"
"$here/faults.sh" "$DIR" "$SECS" "$DIR/faults.log" &
FAULTS_PID=$!
"$CLIENT" --url "$INVIGIL_TEST_URL" --tokens "$DIR/tokens.txt" --log "$DIR/client.log" --tp-slug chaos-tp \
    --course "$COURSE" --cv-quiz "$CV_QUIZ" --as-id "$AS_ID" --learners "$LEARNERS" --seconds "$SECS" \
    --saves "$SAVES" || fail "the client failed"
# the save budget may end the load early: the faults end with it (faults.sh
# resumes a stopped worker and restarts MariaDB on its way out)
kill "$FAULTS_PID" 2>/dev/null || true
wait "$FAULTS_PID" || true
FAULTS_PID=""
# the stack is whole again (faults.sh restores it): let a killed MariaDB finish recovering
for _ in $(seq 1 100); do SQL -e "SELECT 1" >/dev/null 2>&1 && break; sleep 0.2; done
# still down (a restart that failed): start it once more before the check
if ! SQL -e "SELECT 1" >/dev/null 2>&1; then
    "$SRCDIR/tests/api/stack.sh" db-start "$DIR" >/dev/null 2>&1 || true
    for _ in $(seq 1 100); do SQL -e "SELECT 1" >/dev/null 2>&1 && break; sleep 0.2; done
fi

say "checking the client log against the database"
sed "s|@ALL_ANSWERS@|$(cat "$here/../all_answers.sql")|" "$here/state.sql" | SQL > "$DIR/state.tsv" ||
    fail "cannot read the database"
rc=0
awk -F'\t' -v learners="$LEARNERS" -v secs="$SECS" -v workers="$WORKERS" -v tap="$TAP" \
    -v figures="$DIR/figures.md" -v bad="$DIR/violations.txt" -v date="$(date -u +%Y-%m-%d)" \
    -v cmd="./dev chaos --seconds $SECS --learners $LEARNERS$([ "$SAVES" = 1000000000 ] || echo " --saves $SAVES") --workers $WORKERS" \
    -f "$here/check.awk" "$DIR/faults.log" "$DIR/client.log" "$DIR/state.tsv" || rc=$?
touch "$DIR/violations.txt"
[ "$rc" -le 1 ] || fail "the checker failed"
if [ -s "$DIR/violations.txt" ]; then
    say "violations (first 40):"; head -n 40 "$DIR/violations.txt" >&2
fi
# a 500 is a bug whatever the checker says: show what the workers logged
if grep -q 'status=500\|" 500 ' "$DIR/log/nginx-access.log" 2>/dev/null; then
    say "500s in the access log; the workers' errors:"; grep -i 'error' "$DIR/log/invigil.log" | tail -n 20 >&2 || true
fi
if [ $RECORD = yes ]; then
    "$SRCDIR/scripts/record-figures.sh" chaos < "$DIR/figures.md"
    say "figures recorded in docs/reliability.md"
fi
[ $TAP = yes ] || cat "$DIR/figures.md"
exit $rc
