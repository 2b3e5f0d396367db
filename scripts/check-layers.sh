#!/bin/sh
# check-layers.sh — the layering rules of docs/architecture.md, as TAP:
# every #include points down a layer (or sideways into its own), every
# header belongs to a layer, system headers stay where they belong, and no
# source file is over 800 lines.  Run from the source tree, or with
# $srcdir set (automake does).
set -eu
top=${srcdir:-.}
cd "$top"

# header -> layer
layer_of_header() {
    case $1 in
        arena.h|conf.h|err.h|fmt.h|log.h) echo util ;;
        model.h|content.h) echo model ;;
        rules.h) echo rules ;;
        store.h|db.h|db_stmt.h) echo store ;;
        engine.h) echo engine ;;
        engine_impl.h) echo engine_impl ;;
        auth.h|body.h|dispatch.h|fcgi_io.h|req.h|resp.h|route.h) echo web ;;
        api.h|face_*.h) echo api ;;
        cli.h) echo cli ;;
        *) echo unknown ;;
    esac
}

# source path -> layer
layer_of_file() {
    case $1 in
        src/util/*) echo util ;;
        src/model/*) echo model ;;
        src/rules/*) echo rules ;;
        src/store/*) echo store ;;
        src/engine/*) echo engine ;;
        src/web/*) echo web ;;
        src/api/*) echo api ;;
        src/cli/*) echo cli ;;
        src/main.c) echo main ;;
        include/invigil/*) layer_of_header "$(basename "$1")" ;;
        *) echo unknown ;;
    esac
}

# layer -> the layers it may include (its own included)
allowed() {
    case $1 in
        util) echo "util" ;;
        model) echo "util model" ;;
        rules) echo "util model rules" ;;
        store) echo "util model store" ;;
        engine) echo "util model rules store engine engine_impl" ;;
        engine_impl) echo "util model rules store engine" ;;
        web) echo "util model web" ;;
        api) echo "util model engine web api" ;;
        cli) echo "util model rules store engine web cli" ;;
        main) echo "util model rules store engine web api cli" ;;
        *) echo "" ;;
    esac
}

# system header -> the layers that may include it
system_allowed() {
    case $1 in
        mysql.h|mysqld_error.h|errmsg.h) echo "store cli main" ;;
        fcgiapp.h|fcgio.h|fcgi_stdio.h) echo "web main" ;;
        jwt.h) echo "web" ;;
        json-c/*) echo "util web api cli main" ;;
        *) echo "any" ;;
    esac
}

n=0
fails=0
say() { n=$((n + 1)); if [ "$1" = ok ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fails=$((fails + 1)); fi; }

files=$(find src include -name '*.[ch]' | sort)

# 1. every header is classified
for h in include/invigil/*.h; do
    if [ "$(layer_of_header "$(basename "$h")")" = unknown ]; then
        say not "$h belongs to a layer (add it to scripts/check-layers.sh)"
    fi
done
say ok "every header in include/invigil belongs to a layer"

# 2. every include points down or sideways; faces' own headers stay in their folder
for f in $files; do
    from=$(layer_of_file "$f")
    bad=""
    for inc in $(sed -n 's/^#include "invigil\/\([a-z_]*\.h\)".*/\1/p' "$f"); do
        to=$(layer_of_header "$inc")
        case " $(allowed "$from") " in
            *" $to "*) ;;
            *) bad="$bad $inc($to)" ;;
        esac
        case $inc in
            face_*.h)
                vendor=${inc#face_}; vendor=${vendor%.h}
                [ "$vendor" = assess ] && dir=assess || dir=$vendor
                case $f in
                    src/api/"$dir"/*|include/invigil/"$inc") ;;
                    *) bad="$bad $inc(another face's)" ;;
                esac ;;
        esac
    done
    for sys in $(sed -n 's/^#include <\([^>]*\)>.*/\1/p' "$f"); do
        ok_in=$(system_allowed "$sys")
        [ "$ok_in" = any ] && continue
        case " $ok_in " in
            *" $from "*) ;;
            *) case $f in include/invigil/db.h) ;; *) bad="$bad <$sys>" ;; esac ;;
        esac
    done
    if [ -n "$bad" ]; then
        say not "$f ($from) includes only what its layer may"
        echo "#   up a layer or out of place:$bad"
    fi
done
say ok "no include points up a layer"

# 3. small files
for f in $files; do
    lines=$(wc -l < "$f")
    if [ "$lines" -gt 800 ]; then
        say not "$f has $lines lines (at most 800)"
    fi
done
say ok "no source file is over 800 lines"

echo "1..$n"
[ "$fails" -eq 0 ]
