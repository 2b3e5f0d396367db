#!/bin/sh
# The short chaos run of make check (docs/reliability.md, "Chaos"): a private
# stack under load on every face while workers are killed and stopped, MariaDB
# is killed -9 and restarted and nginx reloaded; TAP, one assertion per
# property the checker proves.  ./dev chaos runs longer ones.
exec "${INVIGIL_SRCDIR:-$(dirname "$0")/../..}/tests/chaos/run.sh" \
    --seconds "${INVIGIL_CHAOS_SECONDS:-25}" --learners 12 --workers 4 --tap
