# Sourced by .ci/run: the server's PostgreSQL tests start a throw-away cluster with initdb/pg_ctl
# from Debian's packages, so the packages must be there (CI machines start without them).
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  echo "ci: installing PostgreSQL (Debian packages)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null && apt-get install -y -qq postgresql >/dev/null
fi
# The Debian package starts its own cluster; the tests need none of it.
service postgresql stop >/dev/null 2>&1 || true
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1
