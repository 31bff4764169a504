#!/usr/bin/env bash
# Start Debian's PostgreSQL on 127.0.0.1:5432 with a role and a database named `movable`,
# installing it first if need be, and print the URL to use (e.g. as MOVABLE_TEST_DATABASE_URL).
# Safe to run again: every step checks before it acts. Needs root (CI and dev machines are).
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
URL=postgresql+psycopg://movable:movable@127.0.0.1:5432/movable

log() { echo "start-postgres: $*" >&2; }

if ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
    log "installing postgresql (apt-get)"
    apt-get update -qq >&2
    apt-get install -y -qq --no-install-recommends postgresql >&2
fi

version=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
if ! pg_lsclusters --no-header | awk '{print $1, $2}' | grep -qx "$version main"; then
    log "creating cluster $version/main"
    pg_createcluster "$version" main >&2
fi
# Loopback only (a test database has no business on other interfaces), on the usual port;
# a conf.d file overrides postgresql.conf and leaves it as Debian wrote it.
printf "listen_addresses = '127.0.0.1'\nport = 5432\n" >"/etc/postgresql/$version/main/conf.d/movable.conf"

if ! pg_ctlcluster "$version" main status >/dev/null 2>&1; then
    log "starting cluster $version/main"
    pg_ctlcluster "$version" main start >&2
fi
for _ in $(seq 1 30); do
    pg_isready -q -h 127.0.0.1 -p 5432 && break
    sleep 1
done
pg_isready -q -h 127.0.0.1 -p 5432 || { log "PostgreSQL did not come up"; exit 1; }

psql_admin() { runuser -u postgres -- psql -X -q -v ON_ERROR_STOP=1 -p 5432 "$@"; }
if [ -z "$(psql_admin -tAc "SELECT 1 FROM pg_roles WHERE rolname = 'movable'")" ]; then
    log "creating role movable"
    psql_admin -c "CREATE ROLE movable LOGIN PASSWORD 'movable'"
fi
if [ -z "$(psql_admin -tAc "SELECT 1 FROM pg_database WHERE datname = 'movable'")" ]; then
    log "creating database movable"
    psql_admin -c "CREATE DATABASE movable OWNER movable"
fi
echo "$URL"
