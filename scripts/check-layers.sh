#!/bin/sh
# check-layers.sh: the layering rules of docs/architecture.md, as TAP.
#
# One test per .c and .h file under src/ and include/. A file passes when it
# belongs to a layer, every "invigil/..." header it includes belongs to a layer
# it may include, a face's own header (face_<vendor>.h) is included only from
# src/api/<vendor>/, library headers stay in the layers listed below, and it is
# at most 800 lines long. Run it from the top of the source tree, or with
# $srcdir set (automake sets it).
set -eu
cd "${srcdir:-.}"
MAX_LINES=800

# header in include/invigil/ -> layer. A new header must be added here.
header_layer() {
    case $1 in
        arena.h|conf.h|err.h|fmt.h|jrows.h|log.h|stamps.h)                echo util ;;
        model.h|content.h)                                       echo model ;;
        rules.h)                                                 echo rules ;;
        store.h|db.h|db_stmt.h|stmt_parts.h)                     echo store ;;
        engine.h)                                                echo engine ;;
        engine_impl.h)                                           echo engine-own ;;
        auth.h|body.h|dispatch.h|fcgi_io.h|req.h|resp.h|route.h) echo web ;;
        api.h|face_*.h)                                          echo api ;;
        cli.h)                                                   echo cli ;;
        *)                                                       echo none ;;
    esac
}

# file -> layer
file_layer() {
    case $1 in
        src/util/*)          echo util ;;
        src/model/*)         echo model ;;
        src/rules/*)         echo rules ;;
        src/store/*)         echo store ;;
        src/engine/*)        echo engine ;;
        src/web/*)           echo web ;;
        src/api/*)           echo api ;;
        src/cli/*)           echo cli ;;
        src/main.c)          echo main ;;
        include/invigil/*.h) header_layer "${1##*/}" ;;
        *)                   echo none ;;
    esac
}

# layer -> the layers it may include. engine-own is engine_impl.h: the engine's
# files share it, nothing else sees it.
may_include() {
    case $1 in
        util)              echo util ;;
        model)             echo util model ;;
        rules)             echo util model rules ;;
        store)             echo util model store ;;
        engine|engine-own) echo util model rules store engine engine-own ;;
        web)               echo util model web ;;
        api)               echo util model engine web api ;;
        cli)               echo util model rules store engine web cli ;;
        main)              echo util model rules store engine web api cli ;;
    esac
}

# library header -> the layers that may include it ("any": every layer)
library_users() {
    case $1 in
        mysql.h|mysqld_error.h|errmsg.h) echo store cli main ;;
        fcgiapp.h|fcgio.h|fcgi_stdio.h)  echo web main ;;
        jwt.h)                           echo web ;;
        json-c/*)                        echo util web api cli main ;;
        *)                               echo any ;;
    esac
}

# one line per problem in file $1, as "file:line: what"
problems() {
    f=$1
    from=$(file_layer "$f")
    if [ "$from" = none ]; then
        echo "$f: belongs to no layer (add it to scripts/check-layers.sh)"
        return
    fi
    lines=$(($(wc -l < "$f")))
    [ "$lines" -le "$MAX_LINES" ] || echo "$f: $lines lines (at most $MAX_LINES)"
    grep -n '^[[:space:]]*#[[:space:]]*include' "$f" |
    sed -e 's/^\([0-9]*\):[^<"]*\([<"]\)\([^>"]*\).*/\1 \2 \3/' -e t -e 's/:.*/ ? ?/' |
    while read -r n kind inc; do
        case $kind$inc in
            '"config.h') ;;
            '"invigil/'*)
                h=${inc#invigil/}
                to=$(header_layer "$h")
                case " $(may_include "$from") " in
                    *" $to "*) ;;
                    *) echo "$f:$n: includes $inc ($to); $from may include $(may_include "$from")" ;;
                esac
                case $h in face_*.h)
                    vendor=${h#face_}; vendor=${vendor%.h}
                    case $f in
                        src/api/"$vendor"/*|include/invigil/face_"$vendor".h) ;;
                        *) echo "$f:$n: includes $inc, which only src/api/$vendor/ may" ;;
                    esac ;;
                esac ;;
            '"'*) echo "$f:$n: includes \"$inc\"; project headers are \"invigil/<name>.h\"" ;;
            '<'*)
                users=$(library_users "$inc")
                case " $users " in
                    " any "|*" $from "*) ;;
                    *) echo "$f:$n: includes <$inc>, which only $users may" ;;
                esac ;;
            *) echo "$f:$n: an #include this script cannot read" ;;
        esac
    done
}

if [ ! -d src ] || [ ! -d include/invigil ]; then
    echo "Bail out! no src/ and include/invigil/ here; run from the source tree or set srcdir"
    exit 1
fi
files=$(find src include -name '*.[ch]' | LC_ALL=C sort)
echo "1..$(($(printf '%s\n' "$files" | wc -l)))"
n=0 failed=0
for f in $files; do
    n=$((n + 1))
    out=$(problems "$f")
    if [ -z "$out" ]; then
        echo "ok $n - $f"
    else
        echo "not ok $n - $f"
        printf '%s\n' "$out" | sed 's/^/# /'
        failed=$((failed + 1))
    fi
done
[ "$failed" -eq 0 ]
