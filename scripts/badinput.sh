#!/bin/sh
# badinput.sh — the bad-input runs of issue 12 (docs/reliability.md, "Bad
# input"): the corpus over every route (t_api_badinput), texts stored
# byte-exact (t_api_essays) and worker RSS under a flood of bad requests
# (t_api_badflood, $INVIGIL_BADFLOOD_N requests, default 100,000), each on
# its own private stack; then writes their figures into docs/reliability.md
# through scripts/record-figures.sh.  Run from a built tree (./dev badinput).
set -eu
cd "$(dirname "$0")/.."
rc=0
make -s check TESTS="tests/api/badinput.api tests/api/essays.api tests/api/badflood.api" >&2 || rc=1
fig() { sed -n 's/^# figures: //p' "tests/api/$1.log" | sort -u; }
cnt() { printf '%s of %s assertions passed' "$(grep -c '^ok' "tests/api/$1.log")" \
    "$(sed -n 's/^1\.\.//p' "tests/api/$1.log" | head -1)"; }
{
    echo "Latest run (\`./dev badinput\`, $(nproc) cores, $(date -u +%Y-%m-%d)):"
    echo
    echo "**Corpus over every route** (\`t_api_badinput\`, $(cnt badinput)):"
    echo
    fig badinput | grep -v '^category' | sed 's/^/- /'
    echo
    echo "| category | requests |"
    echo "|---|---:|"
    fig badinput | sed -n 's/^category \(.*\) \([0-9][0-9]*\)$/| \1 | \2 |/p'
    echo
    echo "**Texts byte-exact** (\`t_api_essays\`): $(cnt essays)."
    echo
    echo "**Worker RSS under bad requests** (\`t_api_badflood\`, $(cnt badflood)):"
    echo
    fig badflood | sed 's/^/- /'
} | scripts/record-figures.sh badinput
echo "figures written to docs/reliability.md (badinput block)" >&2
exit $rc
