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
# It also listens on 127.0.0.1 at a free port, for TLS only (the tests check that libpq verifies
# the server): a CA and a server certificate for 127.0.0.1 are made with openssl into
# CLUSTER/tls/ (ca.crt, and other-ca.crt, a CA that signed nothing), and DIR/tls_uri holds a URI
# that asks for verify-full against ca.crt; a connection there without TLS is refused.
# fsync is off: a crash loses the cluster, which is thrown away anyway (PG_DURABLE=1 keeps fsync
# and full-page writes on, for the benchmark, bench/pg.sh; PG_SHARED_BUFFERS sets shared_buffers,
# 64MB unless given). The database `sciorex`
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

make_tls() {  # make_tls FOLDER: a CA, a server certificate it signed for 127.0.0.1, another CA
  local t=$1 ec=(-newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes)
  mkdir -p "$t"
  {
    openssl req -x509 "${ec[@]}" -days 7 -subj "/CN=sciorex test CA" -keyout "$t/ca.key" -out "$t/ca.crt"
    openssl req -x509 "${ec[@]}" -days 7 -subj "/CN=another CA" -keyout "$t/other-ca.key" -out "$t/other-ca.crt"
    openssl req "${ec[@]}" -subj "/CN=127.0.0.1" -keyout "$t/server.key" -out "$t/server.csr"
    printf 'subjectAltName=IP:127.0.0.1\n' >"$t/san.ext"
    openssl x509 -req -in "$t/server.csr" -CA "$t/ca.crt" -CAkey "$t/ca.key" -CAcreateserial -days 7 \
      -extfile "$t/san.ext" -out "$t/server.crt"
  } >"$t/openssl.log" 2>&1 || { cat "$t/openssl.log" >&2; die "openssl could not make the test certificates"; }
  chmod 600 "$t/server.key"
  ((EUID == 0)) && chown -R "$RUN_USER:" "$t"
  chmod 644 "$t/ca.crt" "$t/other-ca.crt"
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
    # One role must give a password (the tests check that libpq takes it from the URI and ~/.pgpass);
    # over TCP, TLS or nothing.
    {
      echo "local all sciorex_pw scram-sha-256"
      echo "hostssl all all 127.0.0.1/32 trust"
      echo "hostnossl all all 127.0.0.1/32 reject"
      cat "$cluster/data/pg_hba.conf"
    } >"$cluster/pg_hba.new"
    cat "$cluster/pg_hba.new" >"$cluster/data/pg_hba.conf" && rm "$cluster/pg_hba.new"
    make_tls "$cluster/tls"
    cat >>"$cluster/data/postgresql.conf" <<CONF
unix_socket_directories = '$cluster'
synchronous_commit = off
max_connections = 200
shared_buffers = ${PG_SHARED_BUFFERS:-64MB}
ssl = on
ssl_cert_file = '$cluster/tls/server.crt'
ssl_key_file = '$cluster/tls/server.key'
CONF
    [[ ${PG_DURABLE:-0} == 1 ]] || printf 'fsync = off\nfull_page_writes = off\n' >>"$cluster/data/postgresql.conf"
    # A free port: a random one, another if the server cannot bind it (another cluster took it).
    port=""
    for _ in 1 2 3 4 5 6 7 8; do
      try=$((20000 + RANDOM % 40000))
      if as_owner "$PG_BINDIR/pg_ctl" -D "$cluster/data" -l "$cluster/server.log" -w -t 60 \
        -o "-p $try -c listen_addresses=127.0.0.1" start >/dev/null; then
        port=$try
        break
      fi
    done
    [[ -n $port ]] || { cat "$cluster/server.log" >&2; die "the server did not start"; }
    echo "-p $port -c listen_addresses=127.0.0.1" >"$cluster/options"
    "$PG_BINDIR/psql" -X -q -h "$cluster" -p "$port" -U sciorex -d postgres -c "CREATE DATABASE sciorex" >/dev/null
    uri="postgresql://sciorex@/sciorex?host=$cluster&port=$port"
    echo "$uri" >"$dir/uri"
    echo "postgresql://sciorex@127.0.0.1:$port/sciorex?sslmode=verify-full&sslrootcert=$cluster/tls/ca.crt" \
      >"$dir/tls_uri"
    echo "$uri"
    ;;
  restart)
    cluster=$(cat "$dir/cluster" 2>/dev/null) || die "no cluster in $dir"
    as_owner "$PG_BINDIR/pg_ctl" -D "$cluster/data" -l "$cluster/server.log" -w -t 60 -m fast \
      -o "$(cat "$cluster/options")" restart >/dev/null
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
