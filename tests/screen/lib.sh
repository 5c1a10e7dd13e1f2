# Shared helpers for the screen tests: a demo ledger in a private temp
# directory and the real binary in a private tmux server, driven with
# send-keys and checked with capture-pane, polling instead of sleeping.
# Screens are recognised by their language-neutral IDs ([LOGIN], [MENU],
# ...) so that every test runs unchanged in English and in Japanese.

: "${MADOGUCHI:=build/madoguchi}"
case $MADOGUCHI in /*) ;; *) MADOGUCHI=$PWD/$MADOGUCHI ;; esac
export MADOGUCHI_TERMINAL=T1
RUNS=0
SOCKS=
TMPD=$(mktemp -d "${TMPDIR:-/tmp}/madoguchi-screen-XXXXXX")
chmod 700 "$TMPD"
DB=$TMPD/ledger.db
CFG=$TMPD/config
: > "$CFG"
T=false

cleanup() {
	for s in $SOCKS; do
		tmux -L "$s" kill-server 2>/dev/null
	done
	rm -rf "$TMPD"
}
trap cleanup EXIT INT TERM

fail() {
	echo "FAIL: $*" >&2
	echo "--- screen ---" >&2
	$T capture-pane -p -t app >&2
	exit 1
}

# make_ledger: the demo accounts and synthetic residents.
make_ledger() {
	"$MADOGUCHI" demo --db "$DB" >/dev/null 2>&1 || fail "madoguchi demo failed"
}

# start LANG_CODE: run the program in a 100x30 pane (en or ja).
start() {
	# A fresh server per run: killing one and starting another on the
	# same socket races.
	[ "$T" = false ] || $T kill-server 2>/dev/null
	RUNS=$((RUNS + 1))
	SOCKS="$SOCKS test$$-$RUNS"
	T="tmux -L test$$-$RUNS -f /dev/null"
	$T new -d -s app -x 100 -y 30 \
	    "env LANGUAGE=$1 LANG=C.UTF-8 LC_ALL= MADOGUCHI_TERMINAL=T1 '$MADOGUCHI' --db '$DB' -f '$CFG'; echo EXITED \$?; sleep 60"
	wait_for '[LOGIN]'
}

screen() {
	$T capture-pane -p -t app
}

# wait_for TEXT [SECONDS]: poll until TEXT (fixed string) is on screen.
wait_for() {
	end=$(( $(date +%s) + ${2:-10} ))
	while [ "$(date +%s)" -le "$end" ]; do
		screen | grep -qF -- "$1" && return 0
		sleep 0.1
	done
	fail "timed out waiting for '$1'"
}

# wait_gone TEXT [SECONDS]: poll until TEXT has left the screen.
wait_gone() {
	end=$(( $(date +%s) + ${2:-10} ))
	while [ "$(date +%s)" -le "$end" ]; do
		screen | grep -qF -- "$1" || return 0
		sleep 0.1
	done
	fail "timed out waiting for '$1' to go"
}

# The message line (row 29 of 30) and the top line.
message() {
	screen | sed -n 29p
}
top_line() {
	screen | sed -n 1p
}

# wait_message: poll until the message line is not blank.
wait_message() {
	end=$(( $(date +%s) + ${1:-10} ))
	while [ "$(date +%s)" -le "$end" ]; do
		[ -n "$(message | tr -d ' ')" ] && return 0
		sleep 0.1
	done
	fail "no message shown"
}

# wait_message_not TEXT: poll until the message line differs from TEXT.
wait_message_not() {
	end=$(( $(date +%s) + ${2:-10} ))
	while [ "$(date +%s)" -le "$end" ]; do
		m=$(message)
		[ -n "$(printf %s "$m" | tr -d ' ')" ] && [ "$m" != "$1" ] && return 0
		sleep 0.1
	done
	fail "the message stayed '$1'"
}

keys() {
	$T send-keys -t app "$@"
}

# text STRING: type STRING literally.
text() {
	$T send-keys -t app -l -- "$1"
}

cursor() {
	$T display -p -t app '#{cursor_x} #{cursor_y}'
}

# login USER PASSWORD: type into a fresh login screen.
login() {
	text "$1"
	keys Tab
	text "$2"
	keys Enter
}

# retry USER PASSWORD: after a failed login the cursor is on the password
# and the user ID is kept: go back, replace both.
retry() {
	keys BTab C-u
	login "$@"
}

# Assert that the screen does not contain TEXT.
absent() {
	screen | grep -qF -- "$1" && fail "'$1' is on the screen"
	return 0
}

# A resident of the demo ledger: sets P_ATENA P_NAME P_KANA P_DOB P_ADDR
# P_MN (the first one, by 宛名番号).
pick_resident() {
	row=$(sqlite3 -separator '|' "$DB" "SELECT atena_no, name, name_kana, birth_date, address, my_number FROM residents WHERE current = 1 ORDER BY atena_no LIMIT 1") ||
	    fail "cannot read the demo ledger"
	IFS='|' read -r P_ATENA P_NAME P_KANA P_DOB P_ADDR P_MN <<EOT
$row
EOT
	[ -n "$P_NAME" ] || fail "no demo resident"
}

# Run the body of a test once in English and once in Japanese.
for_each_language() {
	for lang in en ja; do
		"$1" "$lang"
	done
}
