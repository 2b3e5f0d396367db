#!/bin/sh
# vendor-web.sh — copies the web app's libraries from the npm packages pinned in
# tests/browser/package.json (installed there by `npm ci`) into web/vendor/,
# each under a versioned directory with its licence.  `make vendor` runs it;
# the copies are committed, so deploying web/ needs no build step and the app
# loads nothing from a CDN.
set -eu
srcdir=${1:-.}
mods="$srcdir/tests/browser/node_modules"
[ -d "$mods/dompurify" ] || { echo "vendor-web: run 'npm ci --prefix tests/browser' first" >&2; exit 1; }
ver=$(node -p "require(process.argv[1]).version" "$mods/dompurify/package.json")
out="$srcdir/web/vendor/dompurify-$ver"
mkdir -p "$out"
# .js, not .mjs: nginx's and Apache's MIME tables map .js to JavaScript, which
# module scripts require
# the source map is not shipped: drop its comment
sed "/^\/\/# sourceMappingURL=/d" "$mods/dompurify/dist/purify.es.mjs" > "$out/purify.es.js"
cp "$mods/dompurify/LICENSE" "$out/LICENSE"
echo "vendor-web: web/vendor/dompurify-$ver"
