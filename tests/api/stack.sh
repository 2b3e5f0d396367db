#!/usr/bin/env bash
# stack.sh — a private invigil stack: MariaDB, the worker pool, nginx (and
# optionally Apache), all under one directory, torn down by pid.
#
#   stack.sh up DIR [--port N] [--apache] [--workers N] [--backlog N] [--pwhash COST]
#               [--no-limits] [--datadir PATH] [--keep] [--dml-only]
#   stack.sh down DIR          stop exactly what up started
#   stack.sh db-stop DIR       stop MariaDB only (for outage tests)
#   stack.sh db-start DIR      start it again
#   stack.sh db-kill DIR       kill -9 MariaDB (crash tests; db-start recovers it)
#   stack.sh nginx-reload DIR  nginx -s reload (new workers, old ones drain)
#   stack.sh workers DIR       print the pids of the pool's workers, one a line
#   stack.sh kill-worker DIR   kill -9 the newest worker (fault tests)
#   stack.sh kill-workers DIR  kill -9 every worker at once
#
# --dml-only: the workers' user gets DECISIONS 19's grant alone (no EXECUTE):
# ends write by statements (src/store/db_end.c).
# up writes DIR/env (shell syntax) with INVIGIL_TEST_URL, INVIGIL_TEST_TLS_URL,
# INVIGIL_TEST_APACHE_URL, INVIGIL_CONFIG and the paths of the programs.
# Used by tests/api/with-stack (make check) and by ./dev (DIR=var).
# INVIGIL_SHARED_CHECKS: the workers' shared checks file ([auth]
# shared_checks; default DIR/shared-checks, which goes with DIR; the
# benchmark puts it on /dev/shm, a deployment's default, and removes it).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
srcdir=${INVIGIL_SRCDIR:-$(cd "$here/../.." && pwd)}
builddir=${INVIGIL_BUILDDIR:-$srcdir}
# (never export a variable named NGINX: nginx reads it as inherited sockets)
NGINX_BIN=${INV_NGINX:-/usr/sbin/nginx}
MARIADBD=${INV_MARIADBD:-/usr/sbin/mariadbd}
SPAWN_FCGI=${INV_SPAWN_FCGI:-/usr/bin/spawn-fcgi}
MULTIWATCH=${INV_MULTIWATCH:-/usr/bin/multiwatch}
APACHE2=${INV_APACHE2:-/usr/sbin/apache2}
unset NGINX
render() { "$srcdir/scripts/render.sh" "$@"; }
say() { printf 'stack: %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }

# waits up to $1 tenths of a second for a command to succeed
wait_for() {
    local n=$1; shift
    while ! "$@" >/dev/null 2>&1; do
        n=$((n - 1)); [ "$n" -gt 0 ] || return 1; sleep 0.1
    done
}

port_free() { ! ss -Htln "sport = :$1" 2>/dev/null | grep -q .; }
free_port() {
    local p lo
    # below the kernel's ephemeral range, where clients' own ports never land
    lo=$(cut -f1 /proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || echo 32768)
    [ "$lo" -gt 12000 ] || lo=32768
    for _ in $(seq 1 200); do
        p=$((10000 + RANDOM % (lo - 10000)))
        port_free "$p" && { echo "$p"; return; }
    done
    die "no free port found"
}

rand_hex() { od -An -N"$1" -tx1 /dev/urandom | tr -d ' \n'; }

# MariaDB's datadir: DIR/db/data, or what up --datadir named (kept in
# DIR/db/datadir, so db-start finds it again)
datadir() { cat "$DIR/db/datadir" 2>/dev/null || echo "$DIR/db/data"; }

db_client() { mariadb --no-defaults --socket="$DIR/db/sock" -uroot "$@"; }

db_start() {
    "$MARIADBD" --no-defaults --datadir="$(datadir)" --socket="$DIR/db/sock" \
        --skip-networking --pid-file="$DIR/db/mariadbd.pid" --log-error="$DIR/log/mariadb.log" \
        --user=root --skip-name-resolve --innodb-buffer-pool-size=${INVIGIL_DB_POOL:-128M} \
        --innodb-log-file-size=64M --innodb-flush-log-at-trx-commit=1 --innodb-autoinc-lock-mode=${INVIGIL_DB_AUTOINC:-2} \
        --character-set-server=utf8mb4 --collation-server=utf8mb4_unicode_ci \
        --skip-log-bin --max-connections=400 \
        ${INVIGIL_DB_SLOWLOG:+--slow-query-log --long-query-time=0 --slow-query-log-file="$DIR/log/mariadb-slow.log"} \
        ${INVIGIL_DB_DEADLOCKS:+--innodb-print-all-deadlocks} \
        </dev/null >>"$DIR/log/mariadb.log" 2>&1 &
    echo $! > "$DIR/db/mariadbd.launch.pid"
    wait_for 300 mariadb-admin --no-defaults --socket="$DIR/db/sock" -uroot ping \
        || die "MariaDB did not start; see $DIR/log/mariadb.log"
}

db_stop() {
    local pid
    pid=$(cat "$DIR/db/mariadbd.pid" 2>/dev/null || true)
    [ -n "$pid" ] || return 0
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 300); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
    rm -f "$DIR/db/mariadbd.pid"
}

db_kill() { # SIGKILL: no shutdown, InnoDB recovers from its log at the next start
    local pid
    pid=$(cat "$DIR/db/mariadbd.pid" 2>/dev/null || true)
    [ -n "$pid" ] || die "MariaDB is not running"
    kill -9 "$pid"
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    rm -f "$DIR/db/mariadbd.pid"
}

db_init() {
    mkdir -p "$DIR/db"
    [ -z "$DATADIR" ] || echo "$DATADIR" > "$DIR/db/datadir"
    local try
    for try in 1 2 3; do
        mariadb-install-db --no-defaults --datadir="$(datadir)" --user=root \
            --auth-root-authentication-method=normal --skip-test-db >>"$DIR/log/mariadb.log" 2>&1 && break
        # seen once under heavy parallel load: keep the server's own words, retry
        cat "$(datadir)"/*.err >>"$DIR/log/mariadb.log" 2>/dev/null || true
        # emptied, not removed: --datadir may be a mount point
        find "$(datadir)" -mindepth 1 -delete 2>/dev/null || true
        [ "$try" -lt 3 ] || die "mariadb-install-db failed; see $DIR/log/mariadb.log"
        sleep 1
    done
    db_start
    db_client -e "CREATE DATABASE invigil CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
      CREATE USER 'invigil_admin'@'localhost' IDENTIFIED BY '$ADMIN_PW';
      CREATE USER 'invigil'@'localhost' IDENTIFIED BY '$WORKER_PW';"
    db_grant
}

# two users (DECISIONS 19): DDL for migrations (with CREATE ROUTINE for the
# stored procedures), DML for the workers, and EXECUTE for those procedures
# (docs/configuration.md) unless --dml-only.  Run at every up: a kept
# datadir gets the grants of this release (GRANT only adds: --dml-only
# takes effect on a fresh datadir).
db_grant() {
    local exec=",EXECUTE"
    [ "$DML_ONLY" = no ] || exec=""
    db_client -e "GRANT SELECT,INSERT,UPDATE,DELETE,CREATE,DROP,INDEX,ALTER,REFERENCES,CREATE ROUTINE ON invigil.* TO 'invigil_admin'@'localhost';
      GRANT SELECT,INSERT,UPDATE,DELETE$exec ON invigil.* TO 'invigil'@'localhost';"
}

write_config() {
    cat > "$DIR/invigil.ini" <<INI
; generated by stack.sh for a private stack; see docs/configuration.md
[server]
base_url = http://127.0.0.1:$HTTP_PORT
log_level = info

[database]
socket = $DIR/db/sock
name = invigil
user = invigil
password = $WORKER_PW
migrate_user = invigil_admin
migrate_password = $ADMIN_PW

[auth]
jwt_secret = $JWT_SECRET
pwhash = $PWHASH
; the workers' shared user checks, with the stack (not in /dev/shm)
shared_checks = ${INVIGIL_SHARED_CHECKS:-$DIR/shared-checks}
INI
    chmod 600 "$DIR/invigil.ini"
}

pool_start() {
    "$builddir/invigil-fcgi" -c "$DIR/invigil.ini" --check-config >/dev/null \
        || die "invigil-fcgi refuses the configuration"
    rm -f "$DIR/fcgi.sock"
    # -n: spawn-fcgi execs invigil-pool, so $! is the pool's supervisor; it runs
    # multiwatch (never with -s) and starts a fresh one when the pool is short
    # INVIGIL_WORKER_WRAPPER runs each worker under a tool (./dev test-extra: valgrind)
    # shellcheck disable=SC2086
    # -b: the pool's queue; a full one makes nginx's connect fail at once, and
    # nginx answers the face's JSON 503 with Retry-After (docs/reliability.md)
    "$SPAWN_FCGI" -n -s "$DIR/fcgi.sock" -M 0666 -b "$BACKLOG" -- /bin/sh "$srcdir/scripts/invigil-pool" \
        -f "$WORKERS" -m "$MULTIWATCH" -- \
        ${INVIGIL_WORKER_WRAPPER:-} "$builddir/invigil-fcgi" -c "$DIR/invigil.ini" </dev/null >>"$DIR/log/invigil.log" 2>&1 &
    echo $! > "$DIR/pool.pid"
    wait_for 100 test -S "$DIR/fcgi.sock" || die "the worker pool did not start; see $DIR/log/invigil.log"
    # a wrapped worker starts slowly: wait until one answers
    [ -z "${INVIGIL_WORKER_WRAPPER:-}" ] || sleep 3
}

tls_cert() {
    openssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj /CN=localhost \
        -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" -addext basicConstraints=critical,CA:FALSE \
        -keyout "$DIR/tls/key.pem" -out "$DIR/tls/cert.pem" >/dev/null 2>&1 || die "openssl failed"
}

nginx_start() {
    local login='limit_req zone=invigil_login burst=60 nodelay;'
    local answers='limit_req zone=invigil_answers burst=40 nodelay;'
    if [ "$LIMITS" = off ]; then login='# limits off (benchmark)'; answers=$login; fi
    mkdir -p "$DIR/nginx/tmp" "$DIR/tls"
    [ -f "$DIR/tls/cert.pem" ] || tls_cert
    RENDER_OUT="$DIR/nginx/invigil-fastcgi.conf" render "$srcdir/nginx/invigil-fastcgi.conf.in" \
        FASTCGI_PARAMS=/etc/nginx/fastcgi_params
    RENDER_OUT="$DIR/nginx/invigil-api.conf" render "$srcdir/nginx/invigil-api.conf.in" \
        WEBROOT="$srcdir/web" API_FASTCGI="$DIR/nginx/invigil-fastcgi.conf" \
        LIMIT_LOGIN="$login" LIMIT_ANSWERS="$answers"
    RENDER_OUT="$DIR/nginx/invigil.conf" render "$srcdir/nginx/invigil.conf.in" \
        LOGIN_RATE=30r/s ANSWER_RATE=20r/s SOCKET="$DIR/fcgi.sock" \
        HTTP_LISTEN="127.0.0.1:$HTTP_PORT" SERVER_NAME=localhost \
        HTTP_BODY="include $DIR/nginx/invigil-api.conf;" HTTPS_LISTEN="127.0.0.1:$TLS_PORT" \
        TLS_CERT="$DIR/tls/cert.pem" TLS_KEY="$DIR/tls/key.pem" API_CONF="$DIR/nginx/invigil-api.conf"
    cat > "$DIR/nginx/nginx.conf" <<CONF
# private nginx instance of stack.sh
user root;
worker_processes 2;
pid $DIR/nginx/nginx.pid;
error_log $DIR/log/nginx-error.log warn;
events { worker_connections 1024; }
http {
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log $DIR/log/nginx-access.log;
    client_body_temp_path $DIR/nginx/tmp/body;
    fastcgi_temp_path $DIR/nginx/tmp/fastcgi;
    proxy_temp_path $DIR/nginx/tmp/proxy;
    uwsgi_temp_path $DIR/nginx/tmp/uwsgi;
    scgi_temp_path $DIR/nginx/tmp/scgi;
    include $DIR/nginx/invigil.conf;
}
CONF
    "$NGINX_BIN" -t -q -c "$DIR/nginx/nginx.conf" -p "$DIR/nginx" 2>>"$DIR/log/nginx-error.log" \
        || die "nginx rejects its configuration; see $DIR/log/nginx-error.log"
    "$NGINX_BIN" -c "$DIR/nginx/nginx.conf" -p "$DIR/nginx" 2>>"$DIR/log/nginx-error.log" \
        || die "nginx did not start; see $DIR/log/nginx-error.log"
    wait_for 100 test -s "$DIR/nginx/nginx.pid" || die "nginx wrote no pid"
}

apache_start() {
    local mods=/usr/lib/apache2/modules
    mkdir -p "$DIR/apache"
    # Apache's workers (www-data) may not reach into the source tree (a clone
    # under a 0700 directory): they serve a copy of the web root in DIR
    rm -rf "$DIR/www" && cp -R "$srcdir/web" "$DIR/www" && chmod -R a+rX "$DIR/www"
    RENDER_OUT="$DIR/apache/invigil.conf" render "$srcdir/apache/invigil.conf.in" \
        LISTEN_LINE="Listen 127.0.0.1:$APACHE_PORT" VHOST="127.0.0.1:$APACHE_PORT" SERVER_NAME=localhost SOCKET="$DIR/fcgi.sock" \
        WEBROOT="$DIR/www" TLS_LINES="# plain HTTP for the test stack"
    cat > "$DIR/apache/httpd.conf" <<CONF
# private Apache instance of stack.sh (workers run as www-data: Apache refuses root)
ServerRoot /etc/apache2
PidFile $DIR/apache/httpd.pid
Mutex file:$DIR/apache default
DefaultRuntimeDir $DIR/apache
ErrorLog $DIR/log/apache-error.log
LogLevel warn
User www-data
Group www-data
LoadModule mpm_event_module $mods/mod_mpm_event.so
LoadModule authz_core_module $mods/mod_authz_core.so
LoadModule mime_module $mods/mod_mime.so
LoadModule dir_module $mods/mod_dir.so
LoadModule unixd_module /dev/null
LoadModule proxy_module $mods/mod_proxy.so
LoadModule proxy_fcgi_module $mods/mod_proxy_fcgi.so
LoadModule unique_id_module $mods/mod_unique_id.so
LoadModule headers_module $mods/mod_headers.so
TypesConfig /etc/mime.types
Include $DIR/apache/invigil.conf
CONF
    # mod_unixd is built in on Debian; drop the placeholder line
    sed -i '/unixd_module/d' "$DIR/apache/httpd.conf"
    "$APACHE2" -f "$DIR/apache/httpd.conf" -k start 2>>"$DIR/log/apache-error.log" \
        || die "Apache did not start; see $DIR/log/apache-error.log"
    wait_for 100 test -s "$DIR/apache/httpd.pid" || die "Apache wrote no pid"
}

write_env() {
    cat > "$DIR/env" <<ENV
INVIGIL_TEST_URL=http://127.0.0.1:$HTTP_PORT
INVIGIL_TEST_TLS_URL=https://localhost:$TLS_PORT
INVIGIL_TEST_TLS_PORT=$TLS_PORT
INVIGIL_TEST_CA=$DIR/tls/cert.pem
INVIGIL_TEST_APACHE_URL=${APACHE_PORT:+http://127.0.0.1:$APACHE_PORT}
INVIGIL_CONFIG=$DIR/invigil.ini
INVIGIL_STACK_DIR=$DIR
INVIGIL_STACK=$here/stack.sh
INVIGIL_BIN=$builddir/invigil
ENV
}

cmd_up() {
    HTTP_PORT=""; WORKERS=${INVIGIL_WORKERS:-4}; BACKLOG=${INVIGIL_BACKLOG:-}; DATADIR=""; PWHASH=interactive; LIMITS=on; WITH_APACHE=no; KEEP=no; DML_ONLY=no
    while [ $# -gt 0 ]; do
        case $1 in
            --port) HTTP_PORT=$2; shift ;;
            --workers) WORKERS=$2; shift ;;
            --backlog) BACKLOG=$2; shift ;;
            --datadir) DATADIR=$2; shift ;;
            --pwhash) PWHASH=$2; shift ;;
            --apache) WITH_APACHE=yes ;;
            --no-limits) LIMITS=off ;;
            --keep) KEEP=yes ;;
            --dml-only) DML_ONLY=yes ;;
            *) die "unknown option $1" ;;
        esac
        shift
    done
    # the queue production uses: 16 per worker (systemd/invigil.service.in)
    [ -n "$BACKLOG" ] || BACKLOG=$((16 * WORKERS))
    mkdir -p "$DIR/log"
    chmod 755 "$DIR"   # nginx and Apache workers must reach the socket
    [ -n "$HTTP_PORT" ] || HTTP_PORT=$(free_port)
    port_free "$HTTP_PORT" || die "port $HTTP_PORT is taken (set INVIGIL_HTTP_PORT)"
    TLS_PORT=$(free_port)
    APACHE_PORT=""
    [ "$WITH_APACHE" = no ] || APACHE_PORT=$(free_port)
    if [ "$KEEP" = yes ] && [ -d "$(datadir)" ] && [ -f "$DIR/db/creds" ]; then
        # a datadir from an earlier run: keep its data and passwords
        . "$DIR/db/creds"
        db_start
        db_grant
    else
        rm -rf "$DIR/db"
        ADMIN_PW=$(rand_hex 16); WORKER_PW=$(rand_hex 16); JWT_SECRET=$(rand_hex 32)
        db_init
        printf 'ADMIN_PW=%s\nWORKER_PW=%s\nJWT_SECRET=%s\n' "$ADMIN_PW" "$WORKER_PW" "$JWT_SECRET" > "$DIR/db/creds"
        chmod 600 "$DIR/db/creds"
    fi
    write_config
    INVIGIL_CONFIG="$DIR/invigil.ini" "$builddir/invigil" migrate --schema-dir "$srcdir/schema" >&2
    INVIGIL_CONFIG="$DIR/invigil.ini" "$builddir/invigil" import "$srcdir/examples/demo-course.json" >&2
    pool_start
    nginx_start
    [ "$WITH_APACHE" = no ] || apache_start
    write_env
    wait_for 100 curl -sf -o /dev/null "http://127.0.0.1:$HTTP_PORT/" || die "nginx does not answer"
    say "up in $DIR: http://127.0.0.1:$HTTP_PORT"
}

# the pids of the pool's workers, one a line: the children of the multiwatch
# processes that invigil-pool (pool.pid) runs
pool_workers() {
    local pool mw
    pool=$(cat "$DIR/pool.pid" 2>/dev/null) || return 0
    mw=$(pgrep -d, -x -P "$pool" multiwatch) || return 0
    pgrep -P "$mw" || true
}

cmd_kill_workers() { # kill -9 every worker at once, or (newest) the newest one
    local pids pool mw
    pids=$(pool_workers)
    if [ "${1:-}" = newest ] && [ -n "$pids" ]; then
        pool=$(cat "$DIR/pool.pid")
        mw=$(pgrep -d, -x -P "$pool" multiwatch) || true
        pids=$(pgrep -n -P "$mw") || true
    fi
    [ -n "$pids" ] || die "no worker to kill"
    # shellcheck disable=SC2086
    kill -9 $pids
}

kill_pidfile() {
    local f=$1 pid
    [ -f "$f" ] || return 0
    pid=$(cat "$f" 2>/dev/null || true)
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
        kill "$pid" 2>/dev/null || true
        for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -9 "$pid" 2>/dev/null || true
    fi
    rm -f "$f"
}

cmd_down() {
    [ -f "$DIR/apache/httpd.pid" ] && "$APACHE2" -f "$DIR/apache/httpd.conf" -k stop 2>/dev/null || true
    kill_pidfile "$DIR/apache/httpd.pid"
    [ -f "$DIR/nginx/nginx.pid" ] && "$NGINX_BIN" -c "$DIR/nginx/nginx.conf" -p "$DIR/nginx" -s quit 2>/dev/null || true
    kill_pidfile "$DIR/nginx/nginx.pid"
    # invigil-pool: SIGTERM -> multiwatch -> SIGUSR1 to the workers (graceful);
    # a multiwatch or worker that outlives it (killed after 10 s) is killed by pid
    local left p
    left=$(pool_workers; pgrep -P "$(cat "$DIR/pool.pid" 2>/dev/null || echo 0)" || true)
    kill_pidfile "$DIR/pool.pid"
    for p in $left; do
        grep -qaF -- "$DIR/invigil.ini" "/proc/$p/cmdline" 2>/dev/null && kill -9 "$p" 2>/dev/null || true
    done
    db_stop
    rm -f "$DIR/db/mariadbd.launch.pid"
}

[ $# -ge 2 ] || die "usage: stack.sh up|down|db-stop|db-start|db-kill|nginx-reload|workers|kill-worker|kill-workers DIR [options]"
cmd=$1; DIR=$2; shift 2
case $cmd in
    up) mkdir -p "$DIR"; DIR=$(cd "$DIR" && pwd); cmd_up "$@" ;;
    down) DIR=$(cd "$DIR" && pwd); cmd_down ;;
    db-stop) DIR=$(cd "$DIR" && pwd); db_stop ;;
    db-start) DIR=$(cd "$DIR" && pwd); mkdir -p "$DIR/log"; db_start ;;
    db-kill) DIR=$(cd "$DIR" && pwd); db_kill ;;
    nginx-reload) DIR=$(cd "$DIR" && pwd); "$NGINX_BIN" -c "$DIR/nginx/nginx.conf" -p "$DIR/nginx" -s reload 2>>"$DIR/log/nginx-error.log" ;;
    workers) DIR=$(cd "$DIR" && pwd); pool_workers ;;
    kill-worker) DIR=$(cd "$DIR" && pwd); cmd_kill_workers newest ;;
    kill-workers) DIR=$(cd "$DIR" && pwd); cmd_kill_workers ;;
    *) die "unknown command $cmd" ;;
esac
