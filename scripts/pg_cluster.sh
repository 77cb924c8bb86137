#!/usr/bin/env bash
# A throwaway PostgreSQL 15 cluster for the tests (issue 13): nothing depends on a server already
# running, and Debian's default cluster (if the package made one) is neither used nor touched.
#   scripts/pg_cluster.sh start DIR     initdb + start; prints the URI and writes it to DIR/uri
#   scripts/pg_cluster.sh restart DIR   pg_ctl restart -m fast (the tests' fault injection)
#   scripts/pg_cluster.sh stop DIR      pg_ctl stop -m fast, then removes the cluster and DIR
# The cluster lives in a fresh folder under ${TMPDIR:-/tmp} (DIR/cluster names it): the server's
# user must reach it, and a Unix socket path must stay under 108 bytes. It listens on a Unix
# socket in that folder only (listen_addresses = ''), no TCP port. initdb refuses to run as root:
# as root the cluster runs as the system user sciorex-pg (created here when missing), otherwise
# as the calling user. Authentication is trust on the socket: the socket folder is the cluster's
# own, the data is throwaway, and the tests (root in CI) connect as the superuser `sciorex`;
# only the role `sciorex_pw` (which the tests create) must give its password (scram-sha-256).
# fsync is off: a crash loses the cluster, which is thrown away anyway (PG_DURABLE=1 keeps fsync
# and full-page writes on, for the benchmark, bench/pg.sh). The database `sciorex`
# is created empty. Binaries: PG_BINDIR (default Debian's /usr/lib/postgresql/15/bin).
set -euo pipefail
PG_BINDIR=${PG_BINDIR:-/usr/lib/postgresql/15/bin}
RUN_USER=sciorex-pg
say() { echo "pg_cluster: $*" >&2; }
die() { say "$*"; exit 1; }
[[ $# == 2 ]] || die "usage: scripts/pg_cluster.sh start|restart|stop DIR"
cmd=$1
dir=$2

as_owner() {  # runs a PostgreSQL binary as the cluster's user
  if ((EUID == 0)); then runuser -u "$RUN_USER" -- "$@"; else "$@"; fi
}

case $cmd in
  start)
    [[ -x $PG_BINDIR/initdb && -x $PG_BINDIR/pg_ctl ]] ||
      die "PostgreSQL 15 is not installed ($PG_BINDIR/initdb missing): apt-get install postgresql-15 (scripts/setup.sh --all does)"
    if [[ -f $dir/cluster ]]; then  # a cluster a crashed run left: stop it first
      "$0" stop "$dir" || true
    fi
    mkdir -p "$dir"
    if ((EUID == 0)) && ! id -u "$RUN_USER" >/dev/null 2>&1; then
      useradd --system --user-group --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin "$RUN_USER" \
        2>/dev/null || id -u "$RUN_USER" >/dev/null 2>&1 || die "cannot create the system user $RUN_USER"
    fi
    cluster=$(mktemp -d "${TMPDIR:-/tmp}/sciorex-pg.XXXXXX")
    chmod 755 "$cluster"
    echo "$cluster" >"$dir/cluster"
    ((EUID == 0)) && chown "$RUN_USER:" "$cluster"
    as_owner "$PG_BINDIR/initdb" -D "$cluster/data" -U sciorex --auth=trust --encoding=UTF8 --locale=C.UTF-8 \
      --no-sync >"$cluster/initdb.log" 2>&1 || { cat "$cluster/initdb.log" >&2; die "initdb failed"; }
    # One role must give a password (the tests check that libpq takes it from the URI and ~/.pgpass).
    { echo "local all sciorex_pw scram-sha-256"; cat "$cluster/data/pg_hba.conf"; } >"$cluster/pg_hba.new"
    cat "$cluster/pg_hba.new" >"$cluster/data/pg_hba.conf" && rm "$cluster/pg_hba.new"
    cat >>"$cluster/data/postgresql.conf" <<CONF
listen_addresses = ''
unix_socket_directories = '$cluster'
port = 5432
synchronous_commit = off
max_connections = 200
shared_buffers = 64MB
CONF
    [[ ${PG_DURABLE:-0} == 1 ]] || printf 'fsync = off\nfull_page_writes = off\n' >>"$cluster/data/postgresql.conf"
    as_owner "$PG_BINDIR/pg_ctl" -D "$cluster/data" -l "$cluster/server.log" -w -t 60 start >/dev/null ||
      { cat "$cluster/server.log" >&2; die "the server did not start"; }
    "$PG_BINDIR/psql" -X -q -h "$cluster" -U sciorex -d postgres -c "CREATE DATABASE sciorex" >/dev/null
    uri="postgresql://sciorex@/sciorex?host=$cluster"
    echo "$uri" >"$dir/uri"
    echo "$uri"
    ;;
  restart)
    cluster=$(cat "$dir/cluster" 2>/dev/null) || die "no cluster in $dir"
    as_owner "$PG_BINDIR/pg_ctl" -D "$cluster/data" -l "$cluster/server.log" -w -t 60 -m fast restart >/dev/null
    ;;
  stop)
    cluster=$(cat "$dir/cluster" 2>/dev/null) || { say "no cluster in $dir"; rm -rf "$dir"; exit 0; }
    if [[ -f $cluster/data/postmaster.pid ]]; then
      as_owner "$PG_BINDIR/pg_ctl" -D "$cluster/data" -w -t 60 -m fast stop >/dev/null || say "pg_ctl stop failed"
    fi
    rm -rf "$cluster" "$dir"
    ;;
  *) die "usage: scripts/pg_cluster.sh start|restart|stop DIR" ;;
esac
