#!/bin/sh
# record-figures.sh NAME [DOC] — replaces the block between
#   <!-- figures:NAME:begin --> and <!-- figures:NAME:end -->
# in DOC (default docs/reliability.md) with standard input, so each
# reliability command (./dev chaos, fuzz, overload, ...) keeps the figures
# of its latest run in the doc. A missing block is an error: the doc says
# where each run's figures belong.
set -eu
name=$1
doc=${2:-$(dirname "$0")/../docs/reliability.md}
begin="<!-- figures:$name:begin -->"
end="<!-- figures:$name:end -->"
grep -qF -- "$begin" "$doc" && grep -qF -- "$end" "$doc" || {
    echo "record-figures: no $begin ... $end block in $doc" >&2; exit 1; }
new=$(mktemp)
trap 'rm -f "$new"' EXIT
cat > "$new.body"
awk -v b="$begin" -v e="$end" -v body="$new.body" '
    $0 == b { print; while ((getline l < body) > 0) print l; skip = 1; next }
    $0 == e { skip = 0 }
    !skip { print }
' "$doc" > "$new"
rm -f "$new.body"
cat "$new" > "$doc"
