#!/bin/sh
# render.sh TEMPLATE KEY=VALUE... — prints TEMPLATE with every @KEY@ replaced.
# Used by make, ./dev and the test stack, so one template serves them all.
# A placeholder left unreplaced is an error: a half-rendered config must not ship.
set -eu
tpl=$1; shift
awk -v nvars="$#" '
BEGIN {
    for (i = 1; i <= nvars; i++) {
        kv = ARGV[i]; ARGV[i] = ""
        eq = index(kv, "=")
        key[i] = "@" substr(kv, 1, eq - 1) "@"; val[i] = substr(kv, eq + 1)
    }
}
{
    line = $0; out = ""
    while ((p = index(line, "@")) > 0) {
        rest = substr(line, p + 1); q = index(rest, "@")
        if (q == 0) break
        name = "@" substr(rest, 1, q - 1) "@"; hit = 0
        for (i = 1; i <= nvars; i++) if (key[i] == name) { hit = i; break }
        if (hit) { out = out substr(line, 1, p - 1) val[hit]; line = substr(rest, q + 1) }
        else { out = out substr(line, 1, p); line = rest }
    }
    print out line
}' "$@" "$tpl" > "${RENDER_OUT:-/dev/stdout}"
if [ -n "${RENDER_OUT:-}" ] && grep -qE '@[A-Za-z_]+@' "$RENDER_OUT"; then
    echo "render.sh: unreplaced placeholders in $RENDER_OUT:" >&2
    grep -noE '@[A-Za-z_]+@' "$RENDER_OUT" >&2
    exit 1
fi
