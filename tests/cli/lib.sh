# Helpers for the command-line tests; each test script sources this file:
#   . "$(dirname "$0")/lib.sh"
# scripts/run-shell-tests exports MADOGUCHI and gives each script fresh
# HOME/XDG/TMPDIR directories.  Every test uses terminal T1 and a ledger
# at $DB; passwords go in with --password-stdin, one line per secret.

set -u
: "${MADOGUCHI:?run me through scripts/run-shell-tests}"
MADOGUCHI_TERMINAL=T1
export MADOGUCHI_TERMINAL
WORK=${TMPDIR:-/tmp}
DB=$WORK/ledger/ledger.db
OUT=$WORK/out.txt
ERR=$WORK/err.txt
STATUS=0

# fail MESSAGE: report and stop the script.
fail() {
	echo "FAIL: $*" >&2
	if [ -s "$OUT" ]; then echo "--- stdout:" >&2; cat "$OUT" >&2; fi
	if [ -s "$ERR" ]; then echo "--- stderr:" >&2; cat "$ERR" >&2; fi
	exit 1
}

# run CMD...: run with stdin from $INPUT (a string, may be empty),
# keeping stdout in $OUT, stderr in $ERR and the exit status in $STATUS.
INPUT=
run() {
	printf '%s' "$INPUT" | "$@" >"$OUT" 2>"$ERR"
	STATUS=$?
	INPUT=
	return 0
}

# mg ARGS...: madoguchi on the test ledger.
mg() {
	run "$MADOGUCHI" --db "$DB" "$@"
}

# secrets LINE...: the lines of standard input for the next command.
secrets() {
	INPUT=$(printf '%s\n' "$@")
	INPUT="$INPUT
"
}

# expect_status N: the last command exited N.
expect_status() {
	[ "$STATUS" -eq "$1" ] || fail "exit status $STATUS, expected $1"
}

# expect_out PATTERN / expect_err PATTERN: an extended regex in stdout /
# stderr; expect_any PATTERN: in either.
expect_out() {
	grep -Eq -- "$1" "$OUT" || fail "stdout lacks /$1/"
}
expect_err() {
	grep -Eq -- "$1" "$ERR" || fail "stderr lacks /$1/"
}
expect_any() {
	cat "$OUT" "$ERR" | grep -Eq -- "$1" || fail "output lacks /$1/"
}
# expect_none STRING: a fixed string in neither stdout nor stderr.
expect_none() {
	if cat "$OUT" "$ERR" | grep -Fq -- "$1"; then
		fail "output contains '$1'"
	fi
}

# init_ledger: a new ledger with administrator admin (admin-pass-1).
init_ledger() {
	secrets admin-pass-1
	mg init --admin admin --password-stdin
	expect_status 0
}

# add_user LOGIN PASSWORD ROLE [LEDGER...]: created and granted by admin.
add_user() {
	_login=$1 _pw=$2 _role=$3
	shift 3
	secrets admin-pass-1 "$_pw"
	mg user --user admin --password-stdin add "$_login"
	expect_status 0
	secrets admin-pass-1
	mg user --user admin --password-stdin grant "$_login" "$_role" "$@"
	expect_status 0
}

# have_sqlite3: nonzero when the sqlite3 tool is missing.
have_sqlite3() {
	command -v sqlite3 >/dev/null 2>&1
}
