#!/usr/bin/env bash
# bench/run.sh — the invigil benchmark: one exam, N learners, every phase of an
# attempt at a fixed number of keep-alive connections, and three ceilings
# measured in the same run.  See bench/README.md.
#
#   bench/run.sh [--smoke] [--learners N] [--concurrency C] [--workers W]
#                [--prepare] [--results DIR] [--keep]
#
# --smoke      seconds, not minutes: 50 learners, concurrency 8, 4 workers, short
#              ceilings; for correctness only (results go to bench/results/smoke/)
# --learners   default 10000          --concurrency  default 256
# --workers    invigil-fcgi pool size (and the thin pool's), default 16
# --prepare    run `invigil prepare` before the create phase (a scheduled start:
#              the rush takes attempts made ahead); its time is reported apart
# --results    where the report goes (default bench/results, smoke: bench/results/smoke)
# --keep       keep the private stack's directory under /tmp (logs, scripts, captures)
#
# Environment: INVIGIL_SRCDIR / INVIGIL_BUILDDIR (default: the tree around bench/),
# BENCH_DB_POOL (InnoDB buffer pool, default 1G; smoke 128M),
# BENCH_CEILING_SECONDS (default 12; smoke 2), BENCH_PERF (phases to profile with perf: "saves end"), BENCH_BUDGET_SECONDS (default 560; smoke 300):
# the whole run's time budget.  Each phase's duration limit is what is left of it minus
# an estimate of what follows, so a slow server gets its save phase cut short (and
# reported as such) rather than a run that never ends.
#
# Exit status: 0 when every phase had no errors and the consistency check passed,
# 1 otherwise, 2 when the benchmark could not run.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
SRCDIR=${INVIGIL_SRCDIR:-$top}
BUILDDIR=${INVIGIL_BUILDDIR:-$top}
unset NGINX # nginx reads it as inherited sockets

say() { printf '\033[1mbench: %s\033[0m\n' "$*" >&2; }
die() { printf 'bench: %s\n' "$*" >&2; exit 2; }

T_BEGIN=$SECONDS
SMOKE=no LEARNERS="" CONC="" WORKERS="" RESULTS="" KEEP=no PREPARE=no
while [ $# -gt 0 ]; do
    case $1 in
        --smoke) SMOKE=yes ;;
        --learners) LEARNERS=${2:?}; shift ;;
        --concurrency) CONC=${2:?}; shift ;;
        --workers) WORKERS=${2:?}; shift ;;
        --results) RESULTS=${2:?}; shift ;;
        --keep) KEEP=yes ;;
        --prepare) PREPARE=yes ;;
        -h|--help) sed -n '2,23p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) die "unknown option $1 (try --help)" ;;
    esac
    shift
done
if [ $SMOKE = yes ]; then
    LEARNERS=${LEARNERS:-50} CONC=${CONC:-8} WORKERS=${WORKERS:-4}
    RESULTS=${RESULTS:-$here/results/smoke}
    CEIL_S=${BENCH_CEILING_SECONDS:-2}
    DB_POOL=${BENCH_DB_POOL:-128M}
    BUDGET=${BENCH_BUDGET_SECONDS:-300}
else
    LEARNERS=${LEARNERS:-10000} CONC=${CONC:-256} WORKERS=${WORKERS:-16}
    RESULTS=${RESULTS:-$here/results}
    CEIL_S=${BENCH_CEILING_SECONDS:-12}
    DB_POOL=${BENCH_DB_POOL:-1G}
    BUDGET=${BENCH_BUDGET_SECONDS:-560}
fi
for v in LEARNERS CONC WORKERS; do
    case ${!v} in ''|*[!0-9]*) die "--${v,,} takes a positive integer" ;; esac
    [ "${!v}" -gt 0 ] || die "--${v,,} takes a positive integer"
done
[ "$LEARNERS" -le 999999 ] || die "--learners is at most 999999"
QUESTIONS=100          # the scenario's exam
PER_PAGE=20            # Testpress pages
PAGES=$(( (QUESTIONS + PER_PAGE - 1) / PER_PAGE ))
SLUG=bench-exam
NCPU=$(nproc)
HZ=$(getconf CLK_TCK)

# ---- tools -----------------------------------------------------------------------
missing=()
for c in gcc make pkg-config nginx spawn-fcgi multiwatch mariadb mariadbd mariadb-install-db awk curl ss timeout; do
    command -v "$c" >/dev/null 2>&1 || [ -x "/usr/sbin/$c" ] || missing+=("$c")
done
[ ${#missing[@]} -eq 0 ] || die "missing programs: ${missing[*]} (./dev up installs the project's packages)"
HAVE_GNUPLOT=yes
if ! command -v gnuplot >/dev/null 2>&1; then
    HAVE_GNUPLOT=no
    say "gnuplot is missing: no PNG plot this time. Install it with:"
    printf '  apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends gnuplot-nox\n' >&2
fi
[ -x "$BUILDDIR/invigil" ] && [ -x "$BUILDDIR/invigil-fcgi" ] \
    || die "no invigil binaries in $BUILDDIR: build the project first (./dev up, or make)"

say "building bench/bin"
make -s -C "$here" >&2 || die "bench tools did not build"
LG=$here/bin/loadgen THIN=$here/bin/thin DBLOAD=$here/bin/dbload

# ---- the private stack, torn down by pid at exit -------------------------------------
DIR=$(mktemp -d /tmp/invigil-bench.XXXXXX)
chmod 755 "$DIR"
R=$DIR/run          # scripts, captures, per-phase results
mkdir -p "$R"
BG_PID=""           # the loadgen/dbload in flight
THIN_NGINX_CONF="" STACK_UP=no SHARED_CHECKS=""

stop_pidfile() {
    local f=$1 pid
    [ -f "$f" ] || return 0
    pid=$(head -n1 "$f" 2>/dev/null || true)
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
        kill "$pid" 2>/dev/null || true
        for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -9 "$pid" 2>/dev/null || true
    fi
    rm -f "$f"
}

cleanup() {
    local rc=$?
    trap - EXIT INT TERM
    if [ -n "$BG_PID" ] && kill -0 "$BG_PID" 2>/dev/null; then kill "$BG_PID" 2>/dev/null || true; fi
    if [ -n "$THIN_NGINX_CONF" ] && [ -f "$DIR/thin-nginx/nginx.pid" ]; then
        nginx -c "$THIN_NGINX_CONF" -p "$DIR/thin-nginx" -s quit 2>/dev/null || true
        stop_pidfile "$DIR/thin-nginx/nginx.pid"
    fi
    stop_pidfile "$DIR/thin.pid"
    if [ $STACK_UP = yes ] || [ -f "$DIR/pool.pid" ] || [ -f "$DIR/db/mariadbd.pid" ]; then
        "$SRCDIR/tests/api/stack.sh" down "$DIR" >/dev/null 2>&1 || true
    fi
    rm -f "$SHARED_CHECKS"
    if [ $KEEP = yes ]; then
        say "kept $DIR"
    else
        rm -rf "$DIR"
    fi
    exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

say "starting a private stack in $DIR ($WORKERS workers, buffer pool $DB_POOL)"
STACK_UP=yes
# the pool's queue holds every connection of the closed loop: the benchmark
# measures throughput, while ./dev overload measures shedding
BACKLOG=$(( CONC > 16 * WORKERS ? CONC : 16 * WORKERS ))
# the workers' shared checks file where a deployment keeps it by default
# (/dev/shm, [auth] shared_checks), not beside the datadir, where the
# kernel writes the mapped file's dirty pages back on the disk MariaDB
# fsyncs to (bench/README.md)
SHARED_CHECKS=/dev/shm/invigil-bench-$$-checks
INVIGIL_SHARED_CHECKS=$SHARED_CHECKS INVIGIL_DB_POOL=$DB_POOL INVIGIL_SRCDIR=$SRCDIR INVIGIL_BUILDDIR=$BUILDDIR \
    timeout 180 "$SRCDIR/tests/api/stack.sh" up "$DIR" --pwhash min --no-limits --workers "$WORKERS" --backlog "$BACKLOG" \
    >"$DIR/stack.log" 2>&1 || { tail -n 30 "$DIR/stack.log" >&2; die "the stack did not start"; }
# shellcheck disable=SC1091
. "$DIR/env"
export INVIGIL_CONFIG
URL=$INVIGIL_TEST_URL
INV=$INVIGIL_BIN
SQL() { timeout 600 mariadb --no-defaults --socket="$DIR/db/sock" -uroot -N -B "$@"; }

# ---- data: one course, one exam of 100 questions, N learners ------------------------------
say "generating the course package ($QUESTIONS questions)"
awk -v nq=$QUESTIONS -v slug=$SLUG 'BEGIN {
    split("Quantitative Aptitude/Algebra,Quantitative Aptitude/Arithmetic,Reasoning/Logical,Reasoning/Verbal,English/Grammar,English/Vocabulary", leaf, ",")
    split("easy,medium,hard", diff, ",")
    printf "{\n\"format\": \"invigil-course-package/1\",\n"
    printf "\"course\": {\"slug\": \"bench-course\", \"title\": \"Benchmark course\"},\n"
    printf "\"subjects\": [\"Quantitative Aptitude\", \"Quantitative Aptitude/Algebra\", \"Quantitative Aptitude/Arithmetic\", \"Reasoning\", \"Reasoning/Logical\", \"Reasoning/Verbal\", \"English\", \"English/Grammar\", \"English/Vocabulary\"],\n"
    printf "\"questions\": [\n"
    for (i = 1; i <= nq; i++) {
        multi = (i % 4 == 0)
        printf "{\"key\": \"q%03d\", \"type\": \"%s\", ", i, multi ? "multiple_choice" : "single_choice"
        printf "\"text\": \"<p>Question %d. A train leaves the station at %d:%02d and travels %d km at a steady %d km/h. Which of the statements below about its journey are true? Read every option carefully before you answer.</p>\", ", i, 6 + i % 12, (i * 7) % 60, 40 + i, 30 + i % 50
        printf "\"explanation\": \"<p>Distance divided by speed gives the time; the options that follow from it are marked correct.</p>\", "
        printf "\"subject\": \"%s\", \"difficulty\": \"%s\", ", leaf[1 + i % 6], diff[1 + i % 3]
        if (i % 5 == 0) printf "\"marks\": \"2\", "
        if (i % 7 == 0) printf "\"negative_marks\": \"0.5\", "
        if (multi && i % 8 == 0) printf "\"partial_marks\": true, "
        printf "\"options\": ["
        nopt = multi ? 5 : 4
        for (o = 1; o <= nopt; o++) {
            correct = multi ? (o == 1 + i % nopt || o == 1 + (i + 2) % nopt) : (o == 1 + i % nopt)
            printf "%s{\"key\": \"o%d\", \"text\": \"<p>Option %d: the journey takes %d minutes</p>\"%s}", (o > 1 ? ", " : ""), o, o, 30 + 7 * o + i, (correct ? ", \"correct\": true" : "")
        }
        printf "]}%s\n", (i < nq ? "," : "")
    }
    printf "],\n\"exams\": [{\"slug\": \"%s\", \"title\": \"Benchmark exam\", \"duration\": \"3:00:00\", ", slug
    printf "\"passing_score\": 40, \"mark_per_question\": \"1\", \"negative_marks\": \"0.25\", \"enable_ranks\": true, "
    printf "\"questions\": ["
    for (i = 1; i <= nq; i++) printf "%s{\"question\": \"q%03d\"}", (i > 1 ? ", " : ""), i
    printf "]}]\n}\n"
}' > "$R/package.json"
timeout 120 "$INV" import "$R/package.json" >"$R/import.log" 2>&1 || { cat "$R/import.log" >&2; die "import failed"; }

say "loading $LEARNERS learners and their enrollments in bulk (SQL)"
t_load0=$(date +%s.%N)
SQL invigil -e "
  INSERT INTO users (username, email, display_name, role)
    SELECT CONCAT('bench', LPAD(seq, 6, '0')), CONCAT('bench', LPAD(seq, 6, '0'), '@bench.invalid'),
           CONCAT('Bench learner ', seq), 'learner'
    FROM seq_1_to_$LEARNERS;
  INSERT INTO enrollments (course_id, user_id, role, status, joined_at)
    SELECT c.id, u.id, 'learner', 'joined', UTC_TIMESTAMP(3)
    FROM courses c JOIN users u ON u.username LIKE 'bench%'
    WHERE c.slug = 'bench-course';" || die "bulk load failed"
say "minting tokens (invigil token --all learner)"
timeout 300 "$INV" token --all learner --ttl 14400 | awk '$1 ~ /^bench[0-9]+$/' | sort > "$R/tokens.txt"
[ "$(wc -l < "$R/tokens.txt")" -eq "$LEARNERS" ] || die "expected $LEARNERS tokens, got $(wc -l < "$R/tokens.txt")"
t_load1=$(date +%s.%N)
LOAD_S=$(awk -v a="$t_load0" -v b="$t_load1" 'BEGIN { printf "%.1f", b - a }')

# the ceilings' table, in a database of its own on the same server
SQL -e "CREATE DATABASE invigil_bench;
  CREATE TABLE invigil_bench.bench_upsert (
    k BIGINT UNSIGNED NOT NULL PRIMARY KEY,
    v VARCHAR(255) NOT NULL,
    updated_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3)
  ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;" || die "cannot create the ceilings' table"

# ---- measuring -----------------------------------------------------------------------
# CPU ticks of a process (with its waited-for children), and of its whole tree
# (the pool is invigil-pool -> multiwatch -> workers)
ticks() {
    local s
    s=$(cat "/proc/$1/stat" 2>/dev/null) || { echo 0; return; }
    s=${s##*) }
    # shellcheck disable=SC2086
    set -- $s    # $1 = state (field 3): utime=$12 stime=$13 cutime=$14 cstime=$15
    echo $(( ${12} + ${13} + ${14} + ${15} ))
}
tree_ticks() {
    local root=$1 t c
    [ -n "$root" ] && [ -d "/proc/$root" ] || { echo 0; return; }
    t=$(ticks "$root")
    for c in $(ps -o pid= --ppid "$root" 2>/dev/null); do t=$(( t + $(tree_ticks "$c") )); done
    echo "$t"
}
pidof_file() { head -n1 "$1" 2>/dev/null || true; }
cpu_snap() {   # nginx workers mariadb thin-nginx thin-pool
    echo "$(tree_ticks "$(pidof_file "$DIR/nginx/nginx.pid")") $(tree_ticks "$(pidof_file "$DIR/pool.pid")")" \
         "$(tree_ticks "$(pidof_file "$DIR/db/mariadbd.pid")")" \
         "$(tree_ticks "$(pidof_file "$DIR/thin-nginx/nginx.pid")") $(tree_ticks "$(pidof_file "$DIR/thin.pid")")"
}
jget() { awk -F': ' -v k="\"$2\"" '$1 == k { v = $2; sub(/,$/, "", v); gsub(/"/, "", v); print v; exit }' "$1"; }

# writes $R/NAME.cpu.json: CPU share of the machine and CPU µs per request, per process group
cpu_json() {
    local name=$1 before=$2 after=$3 elapsed=$4 requests=$5 client_s=$6
    awk -v b="$before" -v a="$after" -v el="$elapsed" -v n="$requests" -v hz="$HZ" -v ncpu="$NCPU" -v cl="$client_s" '
    BEGIN {
        split(b, B, " "); split(a, A, " ")
        split("nginx workers mariadb thin_nginx thin_pool", name, " ")
        printf "{"
        for (i = 1; i <= 5; i++) {
            s = (A[i] - B[i]) / hz
            if (i >= 4 && s == 0) continue
            printf "%s\"%s\": {\"cpu_s\": %.2f, \"share_pct\": %.1f, \"us_per_req\": %.1f}", (i > 1 ? ", " : ""), name[i], s,
                (el > 0 ? 100 * s / el / ncpu : 0), (n > 0 ? 1e6 * s / n : 0)
            tot += s
        }
        printf ", \"client\": {\"cpu_s\": %.2f, \"share_pct\": %.1f, \"us_per_req\": %.1f}", cl, (el > 0 ? 100 * cl / el / ncpu : 0), (n > 0 ? 1e6 * cl / n : 0)
        tot += cl
        printf ", \"total\": {\"cpu_s\": %.2f, \"share_pct\": %.1f, \"us_per_req\": %.1f}}\n", tot, (el > 0 ? 100 * tot / el / ncpu : 0), (n > 0 ? 1e6 * tot / n : 0)
    }' > "$R/$name.cpu.json"
}

PHASES=()
# run_phase NAME SCRIPT LIMIT_S URL [loadgen options...]
run_phase() {
    local name=$1 script=$2 limit=$3 url=$4 rc=0 before after
    shift 4
    PHASES+=("$name")
    before=$(cpu_snap)
    # BENCH_PERF="saves end": a system-wide perf profile of those phases (a
    # developer's aid: perf report -i $R/NAME.perf --sort comm,dso,sym)
    local perf_pid=""
    if [[ " ${BENCH_PERF:-} " == *" $name "* ]] && command -v perf >/dev/null; then
        perf record -a -q ${BENCH_PERF_CALLS:+--call-graph dwarf,16384} -o "$R/$name.perf" >/dev/null 2>&1 &
        perf_pid=$!
    fi
    "$LG" --url "$url" --script "$script" --tokens "$R/tokens.txt" --concurrency "$CONC" \
        --duration-limit "$limit" --out "$R/$name" --label "$name" "$@" &
    BG_PID=$!
    wait "$BG_PID" || rc=$?
    BG_PID=""
    after=$(cpu_snap)
    [ -z "$perf_pid" ] || { kill -INT "$perf_pid"; wait "$perf_pid" || true; }
    [ $rc -ne 2 ] || die "loadgen failed in phase $name"
    [ -f "$R/$name.json" ] || die "loadgen wrote no results in phase $name"
    cpu_json "$name" "$before" "$after" "$(jget "$R/$name.json" elapsed_s)" "$(jget "$R/$name.json" completed)" \
        "$(awk -v u="$(jget "$R/$name.json" cpu_user_s)" -v s="$(jget "$R/$name.json" cpu_sys_s)" 'BEGIN { print u + s }')"
    return 0
}
# phase duration limits: what is left of the budget, minus an estimate of the phases
# after this one and of the ceilings and report (FIXED_RESERVE); never above PHASE_MAX
declare -A EST=([create]=10 [questions]=30 [saves]=0 [heartbeat]=10 [end]=60 [review]=30 [subjects]=10)
ORDER=(create questions saves heartbeat end review subjects)
if [ $SMOKE = yes ]; then FIXED_RESERVE=40 PHASE_MAX=60; else FIXED_RESERVE=$((4 * CEIL_S + 50)) PHASE_MAX=600; fi
phase_cap() {
    local name=$1 rest=$FIXED_RESERVE after=0 p c
    for p in "${ORDER[@]}"; do
        [ $after = 0 ] || rest=$((rest + EST[$p]))
        [ "$p" != "$name" ] || after=1
    done
    c=$(( BUDGET - (SECONDS - T_BEGIN) - rest ))
    [ $c -ge 10 ] || c=10
    [ $c -le $PHASE_MAX ] || c=$PHASE_MAX
    echo $c
}

# ---- the phases ----------------------------------------------------------------------
WORKER_PIDS0=$("$SRCDIR/tests/api/stack.sh" workers "$DIR" | sort -n | tr -s ' \n' ' ')

PREPARE_S=null
if [ $PREPARE = yes ]; then
    say "prepare: the attempts of the scheduled start, made ahead (untimed by the phases)"
    P0=$(date +%s.%N)
    "$INV" prepare "$SLUG" >&2 || die "invigil prepare failed"
    PREPARE_S=$(awk -v a="$P0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.2f", b - a }')
fi

say "phase create: $LEARNERS learners create their attempt at once"
awk -v n="$LEARNERS" -v slug=$SLUG 'BEGIN { for (i = 0; i < n; i++) printf "POST\t/api/v2.2/exams/%s/attempts/\t%d\t\n", slug, i }' > "$R/create.script"
run_phase create "$R/create.script" "$(phase_cap create)" "$URL" --capture "$R/create.capture" --status "$R/create.status"
# learner index (0-based) -> attempt id
awk -F'\t' '$2 == "id" { print $1 - 1 "\t" $3 }' "$R/create.capture" | sort -n > "$R/attempts.txt"
NATT=$(wc -l < "$R/attempts.txt")
[ "$NATT" -gt 0 ] || die "no attempt was created; see the errors above"
[ "$NATT" -eq "$LEARNERS" ] || say "only $NATT of $LEARNERS attempts were created"

per_learner() {   # per_learner FORMAT [PAGES]: one line per learner (and page) with an attempt
    awk -F'\t' -v fmt="$1" -v pages="${2:-1}" '{ a[NR] = $2; l[NR] = $1 }
        END { for (p = 1; p <= pages; p++) for (i = 1; i <= NR; i++) { s = fmt; gsub(/@A/, a[i], s); gsub(/@P/, p, s); printf "%s\t%d\t\n", s, l[i] } }' \
        "$R/attempts.txt"
}

say "phase questions: every learner fetches all $PAGES pages"
per_learner 'GET	/api/v2.2/attempts/@A/questions/?page=@P' $PAGES > "$R/questions.script"
run_phase questions "$R/questions.script" "$(phase_cap questions)" "$URL" --capture "$R/questions.capture" --status "$R/questions.status"

say "phase saves: an answer to every question, then a change to every tenth"
# question position = (page - 1) * 20 + index on the page; saves go question by question
# across learners (a learner never has two saves in flight); the changes come after a BARRIER
awk -F'\t' -v per=$PER_PAGE -v nq=$QUESTIONS -v exp_file="$R/saves.expected" -v cnt_file="$R/saves.counts" '
    FNR == NR {   # the questions script: line -> learner, attempt, page
        split($2, seg, "/"); att[NR] = seg[5]; tok[NR] = $3
        pg[NR] = substr($2, index($2, "page=") + 5) + 0
        next
    }
    $2 == "item" {
        L = $1; pos = (pg[L] - 1) * per + $3
        key = tok[L] SUBSEP pos
        item[key] = att[L] "\t" $4 "\t" $5 "\t" $6
        if (!(tok[L] in seen)) { seen[tok[L]] = 1; learners[++nl] = tok[L] }
    }
    function choose(learner, pos, n, bump,    h) {
        h = (learner * 7919 + pos * 104729 + bump * 31) % 1000003
        return 1 + h % n
    }
    function emit(a, aq, sel, body) {
        ln++
        printf "PUT\t/api/v2.2/attempts/%s/questions/%s/\t%s\t{\"selected_answers\":[%s]}\n", a, aq, cur, body
        printf "%d\t%s\t%s\t%s\n", ln, a, aq, sel > exp_file
    }
    function save(learner, pos, change,    f, n, o, x, y, t) {
        split(item[learner SUBSEP pos], f, "\t")
        n = split(f[4], o, ",")
        if (n < 1 || f[4] == "-") return
        cur = learner
        x = choose(learner, pos, n, change)
        if (f[3] == "C" && !change && (learner + pos) % 2 == 0 && n > 1) {
            y = 1 + x % n
            if (o[x] + 0 > o[y] + 0) { t = x; x = y; y = t }
            emit(f[1], f[2], o[x] "," o[y], o[x] "," o[y])
        } else {
            if (change && n > 1 && x == choose(learner, pos, n, 0)) x = 1 + x % n
            emit(f[1], f[2], o[x], o[x])
        }
        if (change) changed++
        else saved++
    }
    END {
        for (pos = 0; pos < nq; pos++)
            for (i = 1; i <= nl; i++)
                if ((learners[i] SUBSEP pos) in item) save(learners[i], pos, 0)
        print "BARRIER"; ln++
        for (i = 1; i <= nl; i++)
            for (pos = 3; pos < nq; pos += 10)
                if ((learners[i] SUBSEP pos) in item) save(learners[i], pos, 1)
        printf "%d %d\n", saved, changed > cnt_file
    }' "$R/questions.script" "$R/questions.capture" > "$R/saves.script"
read -r NSAVED NCHANGED < "$R/saves.counts"
[ "$NSAVED" -gt 0 ] || die "no question ids were captured from the questions phase"
run_phase saves "$R/saves.script" "$(phase_cap saves)" "$URL" --status "$R/saves.status"

say "phase heartbeat"
per_learner 'PUT	/api/v2.2/attempts/@A/heartbeat/' > "$R/heartbeat.script"
run_phase heartbeat "$R/heartbeat.script" "$(phase_cap heartbeat)" "$URL" --status "$R/heartbeat.status"

say "phase end"
per_learner 'PUT	/api/v2.2/attempts/@A/end/' > "$R/end.script"
run_phase end "$R/end.script" "$(phase_cap end)" "$URL" --status "$R/end.status"

say "phase review: every learner reads all $PAGES review pages"
per_learner 'GET	/api/v2.2/attempts/@A/review/?page=@P' $PAGES > "$R/review.script"
run_phase review "$R/review.script" "$(phase_cap review)" "$URL" --status "$R/review.status"

say "phase subjects: subject analytics"
per_learner 'GET	/api/v2.2/attempts/@A/review/subjects/' > "$R/subjects.script"
run_phase subjects "$R/subjects.script" "$(phase_cap subjects)" "$URL" --status "$R/subjects.status"

# workers: peak RSS, and whether any was replaced during the run
WORKER_PIDS1=$("$SRCDIR/tests/api/stack.sh" workers "$DIR" | sort -n | tr -s ' \n' ' ')
RSS_MAX_KB=0 RSS_NOW_MAX_KB=0
for p in $WORKER_PIDS1; do
    h=$(awk '/^VmHWM:/ { print $2 }' "/proc/$p/status" 2>/dev/null || echo 0)
    r=$(awk '/^VmRSS:/ { print $2 }' "/proc/$p/status" 2>/dev/null || echo 0)
    [ "${h:-0}" -le "$RSS_MAX_KB" ] || RSS_MAX_KB=$h
    [ "${r:-0}" -le "$RSS_NOW_MAX_KB" ] || RSS_NOW_MAX_KB=$r
done
REPLACED=$(comm -13 <(tr ' ' '\n' <<<"$WORKER_PIDS0" | grep . | sort) <(tr ' ' '\n' <<<"$WORKER_PIDS1" | grep . | sort) | wc -l)

# ---- consistency -----------------------------------------------------------------------
say "consistency check"
EXAM_ID=$(SQL invigil -e "SELECT id FROM exams WHERE slug = '$SLUG'")
# the current answer is its latest event's (docs/architecture.md#saves); one grouped
# pass over the events (a subquery per answer can make the optimizer scan them all)
# (made or still due: schema/014)
SQL invigil -e "SELECT a.attempt_id, a.id, IF(ev.sel IS NULL, a.selected_options, ev.sel) FROM $(cat "$top/tests/all_answers.sql") a
                LEFT JOIN (SELECT answer_id, MAX(id) AS last FROM answer_events GROUP BY answer_id) le
                       ON le.answer_id = a.id
                LEFT JOIN answer_events ev ON ev.id = le.last
                JOIN attempts t ON t.id = a.attempt_id
                WHERE t.exam_id = $EXAM_ID" > "$R/db_answers.tsv"
# every acknowledged save must be the stored answer, unless a later save of the same
# question got no acknowledgement (it may have committed: either value is right)
awk -F'\t' -v bad_file="$R/consistency.bad" '
    FILENAME ~ /saves.status$/ { st[$1] = $2; next }
    FILENAME ~ /saves.expected$/ {
        k = $2 SUBSEP $3
        if (st[$1] >= 200 && st[$1] < 300) { acked++; want[k] = $4; wl[k] = $1 }
        else if (st[$1] != -1) { maybe[k] = maybe[k] "|" $4; ml[k] = $1 }
        next
    }
    { db[$1 SUBSEP $2] = $3 }
    END {
        for (k in want) {
            checked++
            if (!(k in db)) {
                missing++; split(k, kk, SUBSEP)
                if (nb++ < 20) printf "attempt %s answer %s: acknowledged \"%s\", no row\n", kk[1], kk[2], want[k] > bad_file
                continue
            }
            if (db[k] == want[k]) continue
            if ((k in ml) && ml[k] > wl[k] && index(maybe[k] "|", "|" db[k] "|")) { ambiguous++; continue }
            wrong++
            split(k, kk, SUBSEP)
            if (nb++ < 20) printf "attempt %s answer %s: stored \"%s\", acknowledged \"%s\"\n", kk[1], kk[2], db[k], want[k] > bad_file
        }
        printf "%d %d %d %d %d\n", acked + 0, checked + 0, wrong + 0, missing + 0, ambiguous + 0
    }' "$R/saves.status" "$R/saves.expected" "$R/db_answers.tsv" > "$R/consistency.saves"
read -r C_ACKED C_CHECKED C_WRONG C_MISSING C_AMBIG < "$R/consistency.saves"
C_EVENTS=$(SQL invigil -e "SELECT COUNT(*) FROM answer_events e JOIN attempts t ON t.id = e.attempt_id WHERE t.exam_id = $EXAM_ID")
# the exam's statistics are folded from the ended attempts by invigil sweep (every
# minute in production; docs/architecture.md#statistics): fold now, then check them
timeout 120 "$INV" sweep > "$R/sweep.log" 2>&1 || { cat "$R/sweep.log" >&2; die "invigil sweep failed"; }
# every acknowledged end: completed, scored (score = the sum of the marks in its grades row,
# schema/007), with stats
awk -F'\t' 'FNR == NR { if ($2 >= 200 && $2 < 300) ok[$1] = 1; next } (FNR in ok) { print $2 }' \
    "$R/end.status" "$R/attempts.txt" > "$R/ended.ids"
C_ENDED=$(wc -l < "$R/ended.ids")
{
    echo "CREATE TEMPORARY TABLE acked (id BIGINT UNSIGNED PRIMARY KEY);"
    if [ "$C_ENDED" -gt 0 ]; then
        awk 'BEGIN { printf "INSERT INTO acked VALUES " } { printf "%s(%s)", (NR > 1 ? "," : ""), $1 } END { print ";" }' "$R/ended.ids"
    fi
    cat <<SQLEOF
SELECT COUNT(*),
  COALESCE(SUM(t.state = 'completed' AND t.ended_at IS NOT NULL), 0),
  COALESCE(SUM(t.score_e4 IS NOT NULL AND t.max_score_e4 IS NOT NULL AND t.percentage_e4 IS NOT NULL AND t.result IS NOT NULL), 0),
  COALESCE(SUM(t.correct_count + t.incorrect_count + t.unanswered_count + t.pending_count = $QUESTIONS), 0),
  COALESCE(SUM(t.score_e4 = (SELECT SUM(COALESCE(j.m, 0)) FROM attempt_grades g,
                              JSON_TABLE(g.answers, '\$[*]' COLUMNS (m BIGINT PATH '\$[2]')) j
                              WHERE g.attempt_id = t.id)), 0),
  COALESCE(SUM(EXISTS (SELECT 1 FROM attempt_stats s WHERE s.attempt_id = t.id AND s.dimension = 'subject')
           AND EXISTS (SELECT 1 FROM attempt_stats s WHERE s.attempt_id = t.id AND s.dimension = 'difficulty')), 0)
FROM acked k JOIN attempts t ON t.id = k.id;
SELECT COALESCE((SELECT completed FROM exam_stats WHERE exam_id = $EXAM_ID), 0),
       (SELECT COUNT(*) FROM attempts WHERE exam_id = $EXAM_ID AND state = 'completed'),
       (SELECT COALESCE(SUM(attempts), 0) FROM exam_score_buckets WHERE exam_id = $EXAM_ID);
CREATE TEMPORARY TABLE graded_q (eq BIGINT UNSIGNED PRIMARY KEY, n BIGINT, c BIGINT, i BIGINT, u BIGINT, tm BIGINT)
  SELECT j.eq, COUNT(*) n, SUM(j.r = 'correct') c, SUM(j.r = 'incorrect') i, SUM(j.r = 'unanswered') u, SUM(j.t) tm
  FROM attempts t JOIN attempt_grades g ON g.attempt_id = t.id,
       JSON_TABLE(g.answers, '\$[*]' COLUMNS (eq BIGINT UNSIGNED PATH '\$[0]', r VARCHAR(20) PATH '\$[1]',
                                              t BIGINT PATH '\$[4]')) j
  WHERE t.exam_id = $EXAM_ID AND t.state = 'completed' AND t.preview = 0 GROUP BY j.eq;
SELECT (SELECT COUNT(*) FROM graded_q),
       (SELECT COUNT(*) FROM exam_question_stats s JOIN exam_questions q ON q.id = s.exam_question_id
        WHERE q.exam_id = $EXAM_ID),
       (SELECT COUNT(*) FROM graded_q w LEFT JOIN exam_question_stats s ON s.exam_question_id = w.eq
        WHERE s.exam_question_id IS NULL OR s.attempts <> w.n OR s.correct <> w.c OR s.incorrect <> w.i
           OR s.unanswered <> w.u OR s.total_time_ms <> w.tm);
SQLEOF
} | SQL invigil > "$R/consistency.ends"
read -r E_ROWS E_COMPLETED E_SCORED E_COUNTS E_SUM E_STATS < <(sed -n 1p "$R/consistency.ends")
read -r X_STATS X_COMPLETED X_BUCKETS < <(sed -n 2p "$R/consistency.ends")
# the per-question statistics (exam_question_stats), folded by the ends' reads and the
# sweep, against the grades rows of the completed attempts: questions graded, rows
# kept, and questions whose attempts, results or time differ (none)
read -r Q_GRADED Q_ROWS Q_DIFFER < <(sed -n 3p "$R/consistency.ends")
CONSISTENT=yes
for v in "$C_WRONG" "$C_MISSING"; do [ "$v" -eq 0 ] || CONSISTENT=no; done
[ "$C_EVENTS" -ge "$C_ACKED" ] || CONSISTENT=no
for v in "$E_ROWS" "$E_COMPLETED" "$E_SCORED" "$E_COUNTS" "$E_SUM" "$E_STATS"; do [ "$v" -eq "$C_ENDED" ] || CONSISTENT=no; done
[ "$X_STATS" -eq "$X_COMPLETED" ] && [ "$X_BUCKETS" -eq "$X_COMPLETED" ] || CONSISTENT=no
[ "${Q_DIFFER:-1}" -eq 0 ] && [ "${Q_ROWS:-0}" -eq "${Q_GRADED:--1}" ] || CONSISTENT=no
[ $CONSISTENT = yes ] || { say "CONSISTENCY CHECK FAILED"; cat "$R/consistency.bad" 2>/dev/null >&2 || true; }

# ---- ceilings --------------------------------------------------------------------------
GET_SIZE=$(jget "$R/questions.json" body_bytes_mean)
PUT_SIZE=$(jget "$R/saves.json" body_bytes_mean)
say "ceilings: thin libfcgi pool ($WORKERS workers; GET answers $GET_SIZE bytes, PUT $PUT_SIZE bytes)"
# the ceiling's table starts with one row per answer, as the answers table does
SQL -e "INSERT INTO invigil_bench.bench_upsert (k, v) SELECT id, '' FROM invigil.answers" || die "cannot fill bench_upsert"
MAXK=$(SQL -e "SELECT COALESCE(MAX(k), 1000000) FROM invigil_bench.bench_upsert")
export BENCH_DB_SOCKET=$DIR/db/sock BENCH_DB_USER=root BENCH_DB_PASS="" BENCH_DB_NAME=invigil_bench
rm -f "$DIR/thin.sock"
spawn-fcgi -n -s "$DIR/thin.sock" -M 0666 -- "$(command -v multiwatch)" -f "$WORKERS" -- \
    "$THIN" --get-size "$GET_SIZE" --put-size "$PUT_SIZE" --upsert </dev/null >>"$DIR/log/thin.log" 2>&1 &
echo $! > "$DIR/thin.pid"
for _ in $(seq 1 100); do [ -S "$DIR/thin.sock" ] && break; sleep 0.1; done
[ -S "$DIR/thin.sock" ] || die "the thin pool did not start; see $DIR/log/thin.log"
# a second nginx with the project's rendered configuration, pointed at the thin pool
free_port() {
    local p lo
    # below the kernel's ephemeral range, where the load generator's own ports never land
    lo=$(cut -f1 /proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || echo 32768)
    [ "$lo" -gt 12000 ] || lo=32768
    for _ in $(seq 1 200); do
        p=$((10000 + RANDOM % (lo - 10000)))
        [ "$p" != "${1:-}" ] || continue
        ss -Htan "sport = :$p" | grep -q . || { echo "$p"; return; }
    done
    die "no free port"
}
HTTP_PORT=${URL##*:}
mkdir -p "$DIR/thin-nginx/tmp"
render_thin_nginx() {
    local f
    for f in "$DIR"/nginx/*.conf; do
        sed -e "s#$DIR/nginx/#$DIR/thin-nginx/#g" -e "s#unix:$DIR/fcgi.sock#unix:$DIR/thin.sock#g" \
            -e "s#$DIR/log/nginx-#$DIR/log/thin-nginx-#g" \
            -e "s#127.0.0.1:$HTTP_PORT;#127.0.0.1:$THIN_PORT;#g" -e "s#127.0.0.1:$INVIGIL_TEST_TLS_PORT #127.0.0.1:$THIN_TLS_PORT #g" \
            "$f" > "$DIR/thin-nginx/$(basename "$f")"
    done
    grep -q "unix:$DIR/thin.sock" "$DIR/thin-nginx/invigil.conf" || die "could not point the thin nginx at the thin pool"
}
THIN_NGINX_CONF=$DIR/thin-nginx/nginx.conf
# a port taken between the check and nginx's bind gets a second pick
THIN_UP=no
for _ in 1 2 3; do
    THIN_PORT=$(free_port) THIN_TLS_PORT=$(free_port "$THIN_PORT")
    render_thin_nginx
    nginx -c "$THIN_NGINX_CONF" -p "$DIR/thin-nginx" 2>>"$DIR/log/thin-nginx-error.log" && { THIN_UP=yes; break; }
done
[ $THIN_UP = yes ] || { tail -n 5 "$DIR/log/thin-nginx-error.log" >&2; die "the thin nginx did not start"; }
THIN_URL=http://127.0.0.1:$THIN_PORT
for _ in $(seq 1 100); do curl -sf -o /dev/null "$THIN_URL/api/v2.2/ping" && break; sleep 0.1; done

say "ceiling 1 (transport): nginx -> thin, the questions script for ${CEIL_S}s"
run_phase ceiling1 "$R/questions.script" $((CEIL_S + 30)) "$THIN_URL" --loop-seconds "$CEIL_S"
say "ceiling 2 (architecture): nginx -> thin + one durable upsert, the saves script for ${CEIL_S}s"
run_phase ceiling2 "$R/saves.script" $((CEIL_S + 30)) "$THIN_URL" --loop-seconds "$CEIL_S"

run_dbload() {   # run_dbload NAME THREADS
    local name=$1 threads=$2 before after rc=0
    before=$(cpu_snap)
    timeout $((CEIL_S + 120)) "$DBLOAD" --threads "$threads" --seconds "$CEIL_S" --keys "$MAXK" --label "$name" \
        --out "$R/$name.json" &
    BG_PID=$!
    wait "$BG_PID" || rc=$?
    BG_PID=""
    after=$(cpu_snap)
    [ -f "$R/$name.json" ] || die "dbload failed ($rc)"
    cpu_json "$name" "$before" "$after" "$(jget "$R/$name.json" elapsed_s)" "$(jget "$R/$name.json" tx)" \
        "$(awk -v u="$(jget "$R/$name.json" cpu_user_s)" -v s="$(jget "$R/$name.json" cpu_sys_s)" 'BEGIN { print u + s }')"
}
say "ceiling 3 (storage): the same upsert straight from C, $CONC connections"
run_dbload ceiling3 "$CONC"
say "ceiling 3 at the pool size: $WORKERS connections"
run_dbload ceiling3_pool "$WORKERS"

# ---- the report ------------------------------------------------------------------------
COMMIT=$(git -C "$top" rev-parse --short HEAD 2>/dev/null || echo nogit)
DIRTY=false
[ -z "$(git -C "$top" status --porcelain --untracked-files=no 2>/dev/null)" ] || DIRTY=true
DATE=$(date -u +%Y-%m-%d)
mkdir -p "$RESULTS"
STEM=$DATE-$COMMIT
[ $PREPARE = no ] || STEM=$STEM-prepared
base=$STEM n=2; while [ -e "$RESULTS/$STEM.json" ]; do STEM=$base-$n; n=$((n + 1)); done
OUT=$RESULTS/$STEM

DB_SETTINGS=$(SQL -e "SELECT @@version, @@innodb_flush_log_at_trx_commit, @@innodb_buffer_pool_size, @@innodb_log_file_size,
    @@innodb_flush_method, @@innodb_doublewrite, @@sync_binlog, @@log_bin, @@max_connections, @@innodb_lock_wait_timeout" | tr '\t' ' ')
read -r DB_VERSION DB_FLUSH DB_POOL_B DB_LOG_B DB_FLUSH_METHOD DB_DW DB_SYNC_BINLOG DB_LOG_BIN DB_MAXCONN DB_LOCKWAIT <<<"$DB_SETTINGS"
LOG_ERRORS=$(grep -c ' error req=' "$DIR/log/invigil.log" 2>/dev/null || true)
LOG_WARNS=$(grep -c ' warn req=' "$DIR/log/invigil.log" 2>/dev/null || true)
grep ' error req=\| warn req=' "$DIR/log/invigil.log" 2>/dev/null | head -n 5 > "$R/log.sample" || true
KERNEL=$(uname -r)
MEM_MB=$(awk '/^MemTotal:/ { printf "%d", $2 / 1024 }' /proc/meminfo)
NGINX_WP=$(awk '$1 == "worker_processes" { gsub(/;/, "", $2); print $2; exit }' "$DIR/nginx/nginx.conf")
TTL_ATTEMPT=$(jget "$R/create.json" elapsed_s)

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.3f", a / b; else print "null" }'; }
C1=$(jget "$R/ceiling1.json" rps) C2=$(jget "$R/ceiling2.json" rps) C3=$(jget "$R/ceiling3.json" tps)
C3P=$(jget "$R/ceiling3_pool.json" tps)

TOTAL_ERRORS=0
for p in create questions saves heartbeat end review subjects; do
    TOTAL_ERRORS=$(( TOTAL_ERRORS + $(jget "$R/$p.json" errors) ))
done
TIMED_OUT=""
for p in "${PHASES[@]}"; do [ "$(jget "$R/$p.json" timed_out)" = 0 ] || TIMED_OUT="$TIMED_OUT $p"; done

{
    printf '{\n"date": "%s",\n"commit": "%s",\n"dirty": %s,\n"smoke": %s,\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$COMMIT" $DIRTY \
        "$([ $SMOKE = yes ] && echo true || echo false)"
    printf '"host": {"cpus": %d, "mem_mb": %d, "kernel": "%s"},\n' "$NCPU" "$MEM_MB" "$KERNEL"
    printf '"scenario": {"learners": %d, "attempts": %d, "questions": %d, "pages": %d, "concurrency": %d, "workers": %d, "nginx_workers": %s, "saves": %d, "changed": %d, "data_load_s": %s},\n' \
        "$LEARNERS" "$NATT" $QUESTIONS $PAGES "$CONC" "$WORKERS" "${NGINX_WP:-null}" "$NSAVED" "$NCHANGED" "$LOAD_S"
    printf '"mariadb": {"version": "%s", "innodb_flush_log_at_trx_commit": %s, "innodb_buffer_pool_size": %s, "innodb_log_file_size": %s, "innodb_flush_method": "%s", "innodb_doublewrite": %s, "log_bin": %s, "sync_binlog": %s, "max_connections": %s, "innodb_lock_wait_timeout": %s},\n' \
        "$DB_VERSION" "$DB_FLUSH" "$DB_POOL_B" "$DB_LOG_B" "$DB_FLUSH_METHOD" "$DB_DW" "$DB_LOG_BIN" "$DB_SYNC_BINLOG" "$DB_MAXCONN" "$DB_LOCKWAIT"
    printf '"time_to_last_attempt_s": %s,\n' "$TTL_ATTEMPT"
    printf '"prepared": %s,\n"prepare_s": %s,\n' "$([ $PREPARE = yes ] && echo true || echo false)" "$PREPARE_S"
    printf '"phases": {\n'
    first=1
    for p in create questions saves heartbeat end review subjects ceiling1 ceiling2; do
        [ $first = 1 ] || printf ',\n'
        first=0
        printf '"%s": {"load": ' "$p"; cat "$R/$p.json"; printf ', "cpu": '; cat "$R/$p.cpu.json"; printf '}'
    done
    for p in ceiling3 ceiling3_pool; do
        printf ',\n"%s": {"load": ' "$p"; cat "$R/$p.json"; printf ', "cpu": '; cat "$R/$p.cpu.json"; printf '}'
    done
    printf '\n},\n'
    printf '"ceilings": {"transport_rps": %s, "architecture_rps": %s, "storage_tps": %s, "storage_pool_tps": %s, "get_body_bytes": %s, "put_body_bytes": %s},\n' \
        "$C1" "$C2" "$C3" "$C3P" "$GET_SIZE" "$PUT_SIZE"
    printf '"ratios": {"saves_to_architecture": %s, "saves_to_storage": %s, "questions_to_transport": %s, "review_to_transport": %s, "subjects_to_transport": %s, "architecture_to_transport": %s},\n' \
        "$(ratio "$(jget "$R/saves.json" rps)" "$C2")" "$(ratio "$(jget "$R/saves.json" rps)" "$C3")" \
        "$(ratio "$(jget "$R/questions.json" rps)" "$C1")" "$(ratio "$(jget "$R/review.json" rps)" "$C1")" \
        "$(ratio "$(jget "$R/subjects.json" rps)" "$C1")" "$(ratio "$C2" "$C1")"
    printf '"consistency": {"passed": %s, "acknowledged_saves": %d, "checked_answers": %d, "wrong": %d, "missing": %d, "ambiguous": %d, "answer_events": %d, "acknowledged_ends": %d, "ended_completed": %d, "ended_scored": %d, "ended_counts_add_up": %d, "ended_score_is_sum_of_marks": %d, "ended_with_stats": %d, "exam_stats_completed": %d, "completed_attempts": %d, "score_bucket_attempts": %d, "questions_graded": %d, "question_stats_rows": %d, "question_stats_differ": %d},\n' \
        "$([ $CONSISTENT = yes ] && echo true || echo false)" "$C_ACKED" "$C_CHECKED" "$C_WRONG" "$C_MISSING" "$C_AMBIG" "$C_EVENTS" \
        "$C_ENDED" "$E_COMPLETED" "$E_SCORED" "$E_COUNTS" "$E_SUM" "$E_STATS" "$X_STATS" "$X_COMPLETED" "$X_BUCKETS" \
        "${Q_GRADED:-0}" "${Q_ROWS:-0}" "${Q_DIFFER:-0}"
    printf '"workers": {"pool_size": %d, "rss_max_kb": %d, "rss_now_max_kb": %d, "replaced_during_run": %d, "log_errors": %d, "log_warnings": %d},\n' \
        "$WORKERS" "$RSS_MAX_KB" "$RSS_NOW_MAX_KB" "$REPLACED" "${LOG_ERRORS:-0}" "${LOG_WARNS:-0}"
    printf '"errors_total": %d,\n"timed_out_phases": "%s",\n"plot": "%s"\n}\n' "$TOTAL_ERRORS" "${TIMED_OUT# }" \
        "$([ $HAVE_GNUPLOT = yes ] && echo "$STEM.png" || echo "")"
} > "$OUT.json"

# the plot: throughput and p99 per second, every phase and ceiling on one time axis
if [ $HAVE_GNUPLOT = yes ]; then
    T0=$(jget "$R/create.json" start_unix)
    plots_rps="" plots_p99="" i=0
    colors=('#1b9e77' '#d95f02' '#7570b3' '#e7298a' '#66a61e' '#e6ab02' '#a6761d' '#000000' '#888888')
    for p in create questions saves heartbeat end review subjects ceiling1 ceiling2; do
        i=$((i + 1))
        [ -s "$R/$p.ts" ] || continue
        style="with linespoints lw 2 pt 7 ps 0.5 lc rgb '${colors[$((i - 1))]}' title '$p'"
        plots_rps="$plots_rps'$R/$p.ts' using (\$6-$T0):2 $style, "
        plots_p99="$plots_p99'$R/$p.ts' using (\$6-$T0):3 $style, "
    done
    gnuplot <<GP 2>"$R/gnuplot.log" || say "gnuplot failed; see $R/gnuplot.log"
set terminal pngcairo size 1400,900 font ",10"
set output '$OUT.png'
set multiplot layout 2,1 title "invigil bench $STEM: $LEARNERS learners, concurrency $CONC, $WORKERS workers"
set grid
set key outside right
set ylabel "requests/s"
set yrange [0:*]
set xlabel "seconds since the first request"
plot ${plots_rps%, }
set ylabel "p99 latency (ms)"
set yrange [*:*]
set logscale y
plot ${plots_p99%, }
unset multiplot
GP
fi

# the Markdown report
fmt_ms() { awk -v u="$1" 'BEGIN { printf "%.1f", u / 1000 }'; }
{
    echo "# invigil benchmark $STEM"
    echo
    echo "$(date -u +%Y-%m-%dT%H:%M:%SZ), commit \`$COMMIT\`$([ $DIRTY = true ] && echo ' (working tree modified)'),"\
         "$NCPU CPUs, $MEM_MB MB, Linux $KERNEL.$([ $SMOKE = yes ] && echo ' **Smoke run: correctness only, the figures mean nothing.**')"
    echo
    echo "Scenario: one course, one exam of $QUESTIONS questions (single and multiple choice, 6 subjects,"\
         "3 difficulties, negative marks), $LEARNERS learners (bulk SQL load + token minting: ${LOAD_S} s)."\
         "$CONC keep-alive connections over loopback; nginx ($NGINX_WP workers, the project's config, rate limits off)"\
         "→ $WORKERS invigil-fcgi workers → MariaDB $DB_VERSION with innodb_flush_log_at_trx_commit=$DB_FLUSH."
    echo
    echo "**Time until the last of $LEARNERS attempts was created: ${TTL_ATTEMPT} s.**"
    [ $PREPARE = no ] || echo "(The attempts were prepared ahead with \`invigil prepare\` in ${PREPARE_S} s, outside the phases.)"
    echo
    echo "| phase | requests | errors | req/s | p50 ms | p95 ms | p99 ms | max ms | CPU nginx | workers | MariaDB | loadgen | CPU µs/req |"
    echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
    for p in create questions saves heartbeat end review subjects ceiling1 ceiling2; do
        j=$R/$p.json c=$R/$p.cpu.json
        label=$p
        case $p in
            ceiling1) label="ceiling 1: transport (thin, GET)" ;;
            ceiling2) label="ceiling 2: architecture (thin + upsert)" ;;
            saves) label="saves ($NSAVED + $NCHANGED changed)" ;;
        esac
        share() { awk -v g="\"$2\"" '{ i = index($0, g ": {"); if (!i) { print "-"; exit } s = substr($0, i); match(s, /"share_pct": [0-9.]+/); printf "%s %%", substr(s, RSTART + 13, RLENGTH - 13) }' "$1"; }
        perreq() { awk '{ i = index($0, "\"total\": {"); s = substr($0, i); match(s, /"us_per_req": [0-9.]+/); print substr(s, RSTART + 14, RLENGTH - 14) }' "$1"; }
        if [ "${p#ceiling}" != "$p" ]; then ng=thin_nginx wk=thin_pool; else ng=nginx wk=workers; fi
        errs=$(jget "$j" errors)
        to=""; [ "$(jget "$j" timed_out)" = 0 ] || to=" (cut at its time limit: $(jget "$j" unsent) of $(jget "$j" requests) never sent)"
        echo "| $label$to | $(jget "$j" completed) | $errs | $(jget "$j" rps) | $(fmt_ms "$(jget "$j" p50_us)") | $(fmt_ms "$(jget "$j" p95_us)") | $(fmt_ms "$(jget "$j" p99_us)") | $(fmt_ms "$(jget "$j" max_us)") | $(share "$c" $ng) | $(share "$c" $wk) | $(share "$c" mariadb) | $(share "$c" client) | $(perreq "$c") |"
    done
    for p in ceiling3 ceiling3_pool; do
        j=$R/$p.json c=$R/$p.cpu.json
        label="ceiling 3: storage, $(jget "$j" threads) connections"
        echo "| $label | $(jget "$j" tx) | $(jget "$j" errors) | $(jget "$j" tps) | $(fmt_ms "$(jget "$j" p50_us)") | $(fmt_ms "$(jget "$j" p95_us)") | $(fmt_ms "$(jget "$j" p99_us)") | $(fmt_ms "$(jget "$j" max_us)") | - | - | $(share "$c" mariadb) | $(share "$c" client) | $(perreq "$c") |"
    done
    echo
    echo "CPU columns: share of the whole machine ($NCPU CPUs) during the phase, from /proc/<pid>/stat before and after;"\
         "\"CPU µs/req\" is all of them together per request. For the ceilings, nginx and workers mean the thin pool's."
    echo
    echo "## Against the ceilings"
    echo
    echo "| ratio | value |"
    echo "|---|---:|"
    echo "| saves / ceiling 2 (architecture) | $(ratio "$(jget "$R/saves.json" rps)" "$C2") |"
    echo "| saves / ceiling 3 (storage, $CONC connections) | $(ratio "$(jget "$R/saves.json" rps)" "$C3") |"
    echo "| questions pages / ceiling 1 (transport) | $(ratio "$(jget "$R/questions.json" rps)" "$C1") |"
    echo "| review pages / ceiling 1 | $(ratio "$(jget "$R/review.json" rps)" "$C1") |"
    echo "| subject analytics / ceiling 1 | $(ratio "$(jget "$R/subjects.json" rps)" "$C1") |"
    echo "| ceiling 2 / ceiling 1 | $(ratio "$C2" "$C1") |"
    echo
    echo "Ceiling 1 answers GETs with $GET_SIZE bytes (the questions pages' mean) and ceiling 2 answers PUTs with $PUT_SIZE bytes"\
         "(the saves' mean); both replay this run's own scripts (same paths, tokens and bodies) for ${CEIL_S} s against a second"\
         "nginx with the same rendered configuration and a pool of $WORKERS thin workers. Ceiling 3 at $WORKERS connections:"\
         "$C3P tx/s."
    echo
    echo "## Consistency after the run: $([ $CONSISTENT = yes ] && echo PASSED || echo FAILED)"
    echo
    echo "- acknowledged saves: $C_ACKED; answers checked: $C_CHECKED; wrong: $C_WRONG; missing: $C_MISSING;"\
         "ambiguous (a later unacknowledged save may have committed): $C_AMBIG"
    echo "- answer events stored: $C_EVENTS (at least one per acknowledged save)"
    echo "- acknowledged ends: $C_ENDED; completed: $E_COMPLETED; scored: $E_SCORED; counts add up to $QUESTIONS: $E_COUNTS;"\
         "score = sum of the answers' marks: $E_SUM; with subject and difficulty stats: $E_STATS"
    echo "- exam_stats.completed: $X_STATS; completed attempts: $X_COMPLETED; attempts in score buckets: $X_BUCKETS"
    echo "- per-question statistics: questions graded: $Q_GRADED; rows: $Q_ROWS; differing from the grades rows"\
         "(attempts, results, time): $Q_DIFFER"
    if [ -s "$R/consistency.bad" ]; then echo; echo '```'; cat "$R/consistency.bad"; echo '```'; fi
    echo
    echo "## Server"
    echo
    echo "- worker pool: $WORKERS; worker peak RSS (VmHWM, max over workers): $RSS_MAX_KB kB; current RSS max: $RSS_NOW_MAX_KB kB;"\
         "workers replaced during the run: $REPLACED (no worker served a log-in)"
    echo "- worker log: $LOG_ERRORS error lines, $LOG_WARNS warning lines"
    if [ -s "$R/log.sample" ]; then echo; echo '```'; cut -c1-300 "$R/log.sample"; echo '```'; fi
    echo "- MariaDB $DB_VERSION: innodb_flush_log_at_trx_commit=$DB_FLUSH, innodb_buffer_pool_size=$DB_POOL_B,"\
         "innodb_log_file_size=$DB_LOG_B, innodb_flush_method=$DB_FLUSH_METHOD, innodb_doublewrite=$DB_DW, log_bin=$DB_LOG_BIN,"\
         "max_connections=$DB_MAXCONN"
    [ -z "$TIMED_OUT" ] || { echo; echo "**Phases cut short by their duration limit:$TIMED_OUT.**"; }
    if [ $HAVE_GNUPLOT = yes ] && [ -f "$OUT.png" ]; then
        echo; echo "![throughput and p99 per second]($STEM.png)"
    fi
} > "$OUT.md"

say "report: $OUT.md ($OUT.json$([ -f "$OUT.png" ] && echo ", $OUT.png"))"
awk '/^\| phase/,/^$/' "$OUT.md" >&2
say "consistency: $([ $CONSISTENT = yes ] && echo passed || echo FAILED); errors in the phases: $TOTAL_ERRORS${TIMED_OUT:+; cut short:$TIMED_OUT}"
[ $CONSISTENT = yes ] && [ "$TOTAL_ERRORS" -eq 0 ] && [ -z "$TIMED_OUT" ]
