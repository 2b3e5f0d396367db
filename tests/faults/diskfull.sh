#!/usr/bin/env bash
# tests/faults/diskfull.sh — MariaDB's datadir on a small tmpfs that fills:
# never an acknowledgement for a write that failed, failures answer a JSON 503
# with Retry-After (or a 4xx), never a 500 or a hang, and service returns when
# space does, with nothing restarted.
#
#   diskfull.sh [--seconds S] [--record] [--tap]
#
# --seconds  how long each kind of write is driven while the disk is full (default 5; --tap: 2)
# --record   write the figures into docs/reliability.md (scripts/record-figures.sh diskfull)
# --tap      the short variant for make check (TAP)
#
# Steps: a tmpfs of 400 MiB holds the datadir (InnoDB's redo log is 64 MiB
# preallocated, the system tablespace about 76 MiB); after set-up a ballast
# file takes every byte left.  Then, with the disk full: answer saves, 60 kB
# essays (each needs new pages), attempt starts and ends.  Then the ballast
# goes, and the same writes run again.  Every 2xx is checked against the
# database afterwards.  Mounting needs root (or CAP_SYS_ADMIN): without it the
# run says so and is skipped (TAP: "1..0 # SKIP").
# Exit status: 0 passed or skipped, 1 a check failed, 2 it could not run.
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
SRCDIR=${INVIGIL_SRCDIR:-$(cd "$here/../.." && pwd)}
BUILDDIR=${INVIGIL_BUILDDIR:-$SRCDIR}
SECONDS_PER="" RECORD=no TAP=no
while [ $# -gt 0 ]; do
    case $1 in
        --seconds) SECONDS_PER=${2:?}; shift ;;
        --record) RECORD=yes ;;
        --tap) TAP=yes ;;
        *) echo "diskfull: unknown option $1" >&2; exit 2 ;;
    esac
    shift
done
[ $TAP = yes ] && SECONDS_PER=${SECONDS_PER:-2} || SECONDS_PER=${SECONDS_PER:-5}
FLOOD=$BUILDDIR/tests/faults/flood
TMPFS_MB=400
out=2; [ $TAP = no ] || out=1   # check lines: TAP on stdout, else beside the log
say() { printf 'diskfull: %s\n' "$*" >&2; }
n=0 failed=0
check() { # check DESCRIPTION COMMAND...
    n=$((n + 1))
    if "${@:2}"; then echo "ok $n - $1" >&$out; else echo "not ok $n - $1" >&$out; failed=$((failed + 1)); fi
}
bail() { if [ $TAP = yes ]; then echo "Bail out! $*"; exit 1; else say "$*"; exit 2; fi; }

[ -x "$FLOOD" ] || bail "$FLOOD is not built (make tests/faults/flood)"
DIR=$(mktemp -d /tmp/inv-dfl-XXXXXX)
FS=$DIR/dbfs
cleanup() {
    "$SRCDIR/tests/api/stack.sh" down "$DIR" >/dev/null 2>&1 || true
    ! mountpoint -q "$FS" || umount "$FS" || umount -l "$FS"
    rm -rf "$DIR"
}
trap cleanup EXIT INT TERM
mkdir -p "$FS"
if ! mount -t tmpfs -o size=${TMPFS_MB}m,mode=755 tmpfs "$FS" 2>"$DIR/mount.err"; then
    say "SKIP: cannot mount a tmpfs here ($(cat "$DIR/mount.err")); the disk-full run needs root"
    [ $TAP = no ] || echo "1..0 # SKIP cannot mount a tmpfs (needs root or CAP_SYS_ADMIN)"
    exit 0
fi
INVIGIL_SRCDIR=$SRCDIR INVIGIL_BUILDDIR=$BUILDDIR "$SRCDIR/tests/api/stack.sh" up "$DIR" --no-limits --workers 2 \
    --pwhash min --datadir "$FS" >"$DIR/up.log" 2>&1 || { cat "$DIR/up.log" >&2; bail "the stack did not start"; }
. "$here/lib.sh"
URL=$(sed -n 's/^INVIGIL_TEST_URL=//p' "$DIR/env")
make_targets demo-practice-quiz "$DIR/all.tsv" || bail "could not set up the attempts"
make_targets demo-practice-quiz "$DIR/essays.all" "'E'" || bail "could not set up the essays"
# saves and essays go to the first 30 learners' attempts; ends to the others'
awk -F'\t' '!seen[$2]++ { n++ } n <= 30' "$DIR/all.tsv" > "$DIR/saves.tsv"
awk -F'\t' '!seen[$2]++ { n++ } n <= 30' "$DIR/essays.all" > "$DIR/essays.tsv"
awk -F'\t' '!seen[$2]++ { n++; if (n > 30) print $1 "\t" $2 }' "$DIR/all.tsv" > "$DIR/ends.tsv"
WORKERS_BEFORE=$("$SRCDIR/tests/api/stack.sh" workers "$DIR" | sort | tr '\n' ' ')
DBPID_BEFORE=$(cat "$DIR/db/mariadbd.pid")
[ $TAP = no ] || echo "1..15"

# curl_status METHOD PATH TOKEN: prints "STATUS RETRY_AFTER(0/1)", STATUS 0 on
# a transport error or a timeout (30 s, the longest a client should wait)
curl_status() {
    curl -s -m 30 -o "$DIR/body" -D "$DIR/h" -w '%{http_code}' -X "$1" -H "Authorization: JWT $3" "$URL$2" \
        > "$DIR/code" 2>/dev/null || true
    printf '%s %s\n' "$(cat "$DIR/code")" "$(grep -ci '^retry-after:' "$DIR/h" 2>/dev/null)"
}

# starts PHASE: each of 20 learners starts an attempt of the aptitude test
# (one new attempt row each, its 20 answers' ids reserved: schema/014; a
# running one is resumed); "USER STATUS RA ID"
# lines in $DIR/starts.PHASE, ID the attempt a 2xx names in its "url"
starts() {
    local u t st
    head -n 20 "$DIR/tokens.txt" | while read -r u t; do
        st=$(curl_status POST /api/v2.2/exams/demo-aptitude-test/attempts/ "$t")
        printf '%s %s %s\n' "$u" "$st" "$(sed -n 's|^{"url":"[^"]*/attempts/\([0-9]*\)/".*|\1|p' "$DIR/body")"
    done > "$DIR/starts.$1"
}
# ends PHASE FIRST: ends 10 practice attempts (of learners no save goes to)
# from line FIRST of ends.tsv; "ATTEMPT STATUS RA" lines in $DIR/ends.PHASE
ends() {
    local t a
    tail -n +"$2" "$DIR/ends.tsv" | head -n 10 |
        while IFS=$'\t' read -r t a; do
            printf '%s %s\n' "$a" "$(curl_status PUT "/api/v2.2/attempts/$a/end/" "$t")"
        done > "$DIR/ends.$1"
}
# tally FILE...: "2xx 503 503-without-Retry-After 4xx 500+other timeouts"
tally() {
    awk '{ s = $2; ra = $3 }
         s ~ /^2/ { ok++ } s == 503 { sv++; if (!ra) nora++ } s == 429 { sv++; if (!ra) nora++ }
         s ~ /^4/ && s != 429 { c4++ } s ~ /^5/ && s != 503 { bad++ } s == 0 { to++ }
         END { printf "%d %d %d %d %d %d\n", ok, sv, nora, c4, bad, to }' "$@"
}
# flood_line KIND PHASE: runs flood, prints its line; KIND save or essay
# (60 kB while the disk is full; 1 kB after, or they would soon fill it again)
flood_line() {
    local extra=()
    [ "$1" = save ] || extra=(--essay $([ "$2" = full ] && echo 60000 || echo 1000))
    "$FLOOD" --url "$URL" --targets "$DIR/$1s.tsv" --closed 2 --seconds "$SECONDS_PER" --timeout 30 \
        --acks "$DIR/acks.$1.$2" --label "$1-$2" "${extra[@]}"
}
get() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<<" $2"; }
row() { # row PHASE KIND FLOOD-LINE: a table row from flood's counts
    local l=$3
    printf '| %s | %s | %s | %s | %s | %s | %s | %s |\n' "$1" "$2" "$(get sent "$l")" "$(get ok "$l")" \
        "$(get s503 "$l") ($(get s503_ra "$l") with Retry-After)" "$(( $(get other "$l") ))$( [ -z "$(get other_statuses "$l")" ] || echo " ($(get other_statuses "$l"))")" \
        "$(( $(get transport "$l") + $(get timeouts "$l") ))" "$(get max_ok_ms "$l") / $(get p99_shed_ms "$l")"
}
row_curl() { # row_curl PHASE KIND FILE
    local ok sv nora c4 bad to
    read -r ok sv nora c4 bad to < <(tally "$3")
    printf '| %s | %s | %s | %s | %s (%s with Retry-After) | %s | %s | — |\n' "$1" "$2" "$(wc -l < "$3")" "$ok" "$sv" \
        "$((sv - nora))" "$((c4 + bad))$( [ "$c4" -eq 0 ] || echo " ($c4 4xx)")" "$to"
}
flood_ok() { # flood_ok LINE: no status but 2xx and 503-with-Retry-After, nothing unanswered
    [ "$(get other "$1")" -eq 0 ] && [ "$(( $(get transport "$1") + $(get timeouts "$1") ))" -eq 0 ] &&
        [ "$(get s503 "$1")" -eq "$(get s503_ra "$1")" ] && [ "$(get s429 "$1")" -eq 0 ]
}

# --- the disk fills ---------------------------------------------------------------
dd if=/dev/zero of="$FS/ballast" bs=64k 2>/dev/null
FREE_KB=$(df -k --output=avail "$FS" | tail -1 | tr -d ' ')
say "datadir full: $(du -sm "$FS/ballast" | cut -f1) MiB of ballast, $FREE_KB KiB free"
check "the datadir's tmpfs is full ($FREE_KB KiB free)" [ "$FREE_KB" -lt 64 ]
rows=""
L=$(flood_line essay full); say "$L"; rows+=$(row full "60 kB essays" "$L")$'\n'
check "full: essays get 2xx or a 503 with Retry-After, never a 500 or a hang" flood_ok "$L"
check "full: essays are refused once no page is left ($(get s503 "$L") refused)" [ "$(get s503 "$L")" -gt 0 ]
L=$(flood_line save full); say "$L"; rows+=$(row full "answer saves" "$L")$'\n'
check "full: saves get 2xx or a 503 with Retry-After, never a 500 or a hang" flood_ok "$L"
starts full; rows+=$(row_curl full "attempt starts" "$DIR/starts.full")$'\n'
read -r ok sv nora c4 bad to < <(tally "$DIR/starts.full")
check "full: starts answer 2xx, a 503 with Retry-After or a 4xx; no 500, no hang ($ok/$sv/$c4/$bad/$to)" \
    [ $((bad + to + nora)) -eq 0 ]
ends full 1; rows+=$(row_curl full "attempt ends" "$DIR/ends.full")$'\n'
read -r ok sv nora c4 bad to < <(tally "$DIR/ends.full")
check "full: ends answer 2xx, a 503 with Retry-After or a 4xx; no 500, no hang ($ok/$sv/$c4/$bad/$to)" \
    [ $((bad + to + nora)) -eq 0 ]
grep -c 'failed: 1114: \|errno: 28\|Errcode: 28' "$DIR/log/invigil.log" > "$DIR/full.logged" || true
say "the workers logged $(cat "$DIR/full.logged") writes refused for want of space"

# --- space returns ---------------------------------------------------------------------
rm -f "$FS/ballast"
say "ballast removed: $(df -k --output=avail "$FS" | tail -1 | tr -d ' ') KiB free"
L=$(flood_line save after); say "$L"; rows+=$(row "space back" "answer saves" "$L")$'\n'
check "space back: every save is served again ($(get ok "$L") of $(get sent "$L"))" \
    [ "$(get ok "$L")" -gt 0 -a "$(get ok "$L")" -eq "$(get sent "$L")" ]
L=$(flood_line essay after); say "$L"; rows+=$(row "space back" "1 kB essays" "$L")$'\n'
check "space back: every essay is served again ($(get ok "$L") of $(get sent "$L"))" \
    [ "$(get ok "$L")" -gt 0 -a "$(get ok "$L")" -eq "$(get sent "$L")" ]
starts after; rows+=$(row_curl "space back" "attempt starts" "$DIR/starts.after")$'\n'
read -r ok sv nora c4 bad to < <(tally "$DIR/starts.after")
check "space back: starts answer 2xx or 4xx (attempts used up), no 503 or 500 ($ok/$sv/$c4/$bad/$to)" \
    [ $((sv + bad + to)) -eq 0 -a "$ok" -gt 0 ]
ends after 11; rows+=$(row_curl "space back" "attempt ends" "$DIR/ends.after")$'\n'
read -r ok sv nora c4 bad to < <(tally "$DIR/ends.after")
check "space back: ends answer 2xx ($ok of $(wc -l < "$DIR/ends.after"))" [ "$ok" -eq "$(wc -l < "$DIR/ends.after")" ]
check "nothing was restarted: the same MariaDB" [ "$(cat "$DIR/db/mariadbd.pid")" = "$DBPID_BEFORE" ]
check "nothing was restarted: the same workers" \
    [ "$("$SRCDIR/tests/api/stack.sh" workers "$DIR" | sort | tr '\n' ' ')" = "$WORKERS_BEFORE" ]

# --- every acknowledgement against the database --------------------------------------
cat "$DIR"/acks.* > "$DIR/acks.all"
ACKED=$(wc -l < "$DIR/acks.all")
FULL_ACKED=$(cat "$DIR"/acks.*.full | wc -l)
MISSING=$(acks_missing "$DIR/acks.all")
check "every acknowledged save and essay is in the database ($ACKED, $FULL_ACKED of them while full; $MISSING missing)" \
    [ "$MISSING" = 0 ]
# starts: the attempt each 2xx named is in the database, with its answers (its
# records, or the exam's questions they will be made from: schema/014)
SQL -e "SELECT u.username, t.id, (SELECT COUNT(*) FROM $ALL_ANSWERS a WHERE a.attempt_id = t.id) FROM attempts t
        JOIN users u ON u.id = t.user_id JOIN exams e ON e.id = t.exam_id AND e.slug = 'demo-aptitude-test'" > "$DIR/starts.db"
START_BAD=$(cat "$DIR/starts.full" "$DIR/starts.after" | awk 'FILENAME ~ /starts.db$/ { have[$1 " " $2] = $3; next }
    $2 ~ /^2/ && !(have[$1 " " $4] > 0) { n++ } END { print n + 0 }' "$DIR/starts.db" -)
check "every acknowledged start is an attempt in the database, with its answers ($START_BAD not)" [ "$START_BAD" = 0 ]
END_BAD=0
for a in $(cat "$DIR/ends.full" "$DIR/ends.after" | awk '$2 ~ /^2/ { print $1 }'); do
    [ "$(SQL -e "SELECT state FROM attempts WHERE id = $a")" = completed ] || END_BAD=$((END_BAD + 1))
done
check "every acknowledged end left its attempt completed ($END_BAD not)" [ "$END_BAD" = 0 ]

report() {
    cat <<MD
Latest run (\`./dev diskfull\`, $(nproc) cores shared with other work, $(date -u +%Y-%m-%d)): MariaDB's datadir
on a ${TMPFS_MB} MiB tmpfs, filled to $FREE_KB KiB free by a ballast file; 2 workers; each flood is
2 connections for $SECONDS_PER s; starts are 20 learners, ends 10 attempts, one request each.

| disk | writes | sent | 2xx | 503 | other status | no answer (error or 30 s timeout) | slowest 2xx / p99 503 ms |
|---|---|---:|---:|---:|---:|---:|---:|
$rows
Never a false acknowledgement: $ACKED saves and essays acknowledged ($FULL_ACKED while the disk was
full), $MISSING of them missing from \`answer_events\`; $START_BAD acknowledged starts without their
attempt and its answers; $END_BAD acknowledged ends not completed. The workers logged $(cat "$DIR/full.logged") writes
refused for want of space (InnoDB error 1114, "The table … is full"). Service returned when the
ballast was removed, with the same MariaDB and the same workers (nothing restarted).
Checks: $((n - failed)) of $n passed.
MD
}
if [ $TAP = no ]; then
    report
    if [ $RECORD = yes ] && [ "$failed" -eq 0 ]; then report | "$SRCDIR/scripts/record-figures.sh" diskfull && say "figures recorded in docs/reliability.md"; fi
fi
[ "$failed" -eq 0 ]
