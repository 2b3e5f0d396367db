# tests/faults/lib.sh — shared by the fault runs (overload.sh, diskfull.sh):
# sourced, not run.  Expects DIR (a stack made by tests/api/stack.sh up),
# SRCDIR and BUILDDIR.

# the stack's database as root, tab-separated, no headers
SQL() { mariadb --no-defaults --socket="$DIR/db/sock" -uroot -N -B invigil "$@"; }
# every attempt's answers, made or still due (schema/014): a table for SQL
ALL_ANSWERS=$(cat "$(dirname "${BASH_SOURCE[0]}")/../all_answers.sql")

# make_targets EXAM OUT [TYPES]: every demo learner opens an attempt of EXAM
# through the Testpress face, then OUT gets one line per answer of those
# attempts whose question type is in TYPES (SQL list, default single choice and
# true/false): TOKEN ATTEMPT ANSWER OPTION (what tests/faults/flood saves);
# OPTION is the question's first option, 0 for questions without options
make_targets() {
    local exam=$1 out=$2 types=${3:-"'R', 'T'"} u t code url
    url=$(sed -n 's/^INVIGIL_TEST_URL=//p' "$DIR/env")
    INVIGIL_CONFIG="$DIR/invigil.ini" "$BUILDDIR/invigil" token --all learner --ttl 14400 > "$DIR/tokens.txt"
    [ -s "$DIR/tokens.txt" ] || return 1
    while read -r u t; do
        # an attempt already running is resumed (200), so a second call adds none
        code=$(curl -s -o /dev/null -w '%{http_code}' -X POST -H "Authorization: JWT $t" \
            "$url/api/v2.2/exams/$exam/attempts/")
        case $code in 2??) ;; *) echo "faults: $u could not open an attempt of $exam: $code" >&2; return 1 ;; esac
    done < "$DIR/tokens.txt"
    SQL -e "SELECT u.username, t.id, a.id,
                   COALESCE((SELECT MIN(o.id) FROM question_options o WHERE o.question_id = q.id), 0)
            FROM attempts t JOIN exams e ON e.id = t.exam_id AND e.slug = '$exam'
            JOIN users u ON u.id = t.user_id JOIN $ALL_ANSWERS a ON a.attempt_id = t.id
            JOIN exam_questions eq ON eq.id = a.exam_question_id
            JOIN questions q ON q.id = eq.question_id
            WHERE q.type IN ($types) AND t.state <> 'completed'" > "$DIR/targets.raw" || return 1
    awk -F'\t' 'NR == FNR { tok[$1] = $2; next } { print tok[$1] "\t" $2 "\t" $3 "\t" $4 }' \
        FS=' ' "$DIR/tokens.txt" FS='\t' "$DIR/targets.raw" > "$out"
    [ -s "$out" ]
}

# acks_missing ACKS: prints how many acknowledged saves (ACKS: REQUEST_ID
# ANSWER_ID per 2xx, from flood --acks) have no answer_events row with that
# request id and answer (written in the transaction that saved the answer)
acks_missing() {
    SQL -e "SELECT request_id, answer_id FROM answer_events" > "$DIR/events.tsv" || { echo -1; return; }
    awk -F'\t' 'NR == FNR { have[$1 "\t" $2] = 1; next } !(($1 "\t" $2) in have) { n++ } END { print n + 0 }' \
        "$DIR/events.tsv" "$1"
}
