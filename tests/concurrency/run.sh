#!/bin/sh
# The concurrency test: tests/concurrency/run.sh BUILD_DIR [PG_URI]
#
# Runs BUILD_DIR/tests/concurrency with 8 counter processes against a fresh
# SQLite ledger, or, given a PostgreSQL URI (a throwaway server: its public
# schema is emptied first), against that server.  MADOGUCHI_CONC_OPS sets
# the operations per counter (default: 500 on SQLite, 1000 on PostgreSQL).  Prints the counts and
# "concurrency-ENGINE: ok"; exits 1 on any failure.
set -u
build=${1:?usage: run.sh BUILD_DIR [PG_URI]}
uri=${2:-}
ops=${MADOGUCHI_CONC_OPS:-}
work=$(mktemp -d "${TMPDIR:-/tmp}/madoguchi-conc.XXXXXX") || exit 2
trap 'rm -rf "$work"' EXIT
trap 'exit 130' INT TERM HUP
chmod 700 "$work"
if [ -n "$uri" ]; then
	engine=postgresql
	target=$uri
	psql -q -v ON_ERROR_STOP=1 "$uri" \
	    -c 'DROP SCHEMA public CASCADE; CREATE SCHEMA public' \
	    >/dev/null 2>&1 || { echo "concurrency: cannot reset $uri" >&2; exit 1; }
else
	engine=sqlite
	target=$work/ledger.db
fi
# SQLite commits with a full fsync each (lock, save, unlock): 8 x 1000
# takes about 75 s here, so `make check` runs 8 x 500 on it and 8 x 1000
# on PostgreSQL; MADOGUCHI_CONC_OPS=1000 runs the full count on both.
[ -n "$ops" ] || { [ $engine = sqlite ] && ops=500 || ops=1000; }
# The audit checkpoint of a server ledger lives in the state directory.
if XDG_STATE_HOME=$work/state "$build/tests/concurrency" "$target" "$work" 8 "$ops"; then
	echo "concurrency-$engine: ok"
else
	echo "concurrency-$engine: FAILED"
	exit 1
fi
