#!/usr/bin/env bash
# A throwaway PostgreSQL server for tests and benchmarks, in a fresh temporary folder.
#   pg-throwaway.sh start   prints dir=… port=… socket=… user=… password=… (one per line)
#   pg-throwaway.sh stop DIR   stops the server and removes the folder
# initdb refuses to run as root, so as root the server runs as the `postgres` user (created
# by Debian's postgresql package) through runuser. Local socket connections are trusted;
# TCP connections (127.0.0.1) need the password, so tests can check authentication errors.
set -euo pipefail

find_bin() {
    local tool=$1 dir
    if command -v "$tool" >/dev/null 2>&1; then command -v "$tool"; return; fi
    for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
        if [ -x "$dir/$tool" ]; then echo "$dir/$tool"; return; fi
    done
    echo "pg-throwaway: $tool not found (install Debian's postgresql package)" >&2
    exit 3
}

as_owner() {
    if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "${1:-}" in
start)
    initdb=$(find_bin initdb)
    pg_ctl=$(find_bin pg_ctl)
    dir=$(mktemp -d "${TMPDIR:-/tmp}/synth-pg.XXXXXX")
    chmod 0700 "$dir"
    password="pw-$RANDOM$RANDOM$RANDOM"
    printf '%s\n' "$password" > "$dir/pwfile"
    if [ "$(id -u)" -eq 0 ]; then chown -R postgres: "$dir"; fi
    user=$(as_owner id -un)
    as_owner "$initdb" -D "$dir/data" -U "$user" --pwfile="$dir/pwfile" --auth-local=trust --auth-host=scram-sha-256 \
        -E UTF8 --locale=C >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; rm -rf "$dir"; exit 1; }
    for attempt in 1 2 3 4 5 6 7 8; do
        port=$(( 20000 + (RANDOM * 32768 + RANDOM) % 40000 ))
        if as_owner "$pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 \
            -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null 2>&1; then
            echo "dir=$dir"; echo "port=$port"; echo "socket=$dir"; echo "user=$user"; echo "password=$password"
            exit 0
        fi
    done
    cat "$dir/server.log" >&2 || true
    rm -rf "$dir"
    exit 1
    ;;
stop)
    dir=${2:?usage: pg-throwaway.sh stop DIR}
    case "$dir" in */synth-pg.*) ;; *) echo "pg-throwaway: refusing to remove $dir" >&2; exit 2 ;; esac
    pg_ctl=$(find_bin pg_ctl)
    as_owner "$pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
    rm -rf "$dir"
    ;;
*)
    echo "usage: pg-throwaway.sh start | stop DIR" >&2
    exit 2
    ;;
esac
