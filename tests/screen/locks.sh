#!/bin/sh
# Record locks while editing (issue 8, item 3): two counters, clerk at T1
# and clerk2 at T2, in two tmux servers on one ledger.  clerk opens a
# person for correction; clerk2 opening the same person is refused and
# told who edits it where (the user and terminal IDs, language-neutral);
# once clerk leaves the form clerk2 gets it.  Then a stale form: clerk's
# lock is made to expire, clerk2 saves a correction, and clerk's save is
# refused with nothing written and clerk's input still on the screen.
. "$(dirname "$0")/lib.sh"

# start_at TERMINAL LANG: the program at TERMINAL in a server of its own
# (named after the terminal); A and B switch between them.
start_at() {
	RUNS=$((RUNS + 1))
	SOCKS="$SOCKS test$$-$RUNS"
	T="tmux -L test$$-$RUNS -f /dev/null"
	$T new -d -s app -x 100 -y 30 \
	    "env LANGUAGE=$2 LANG=C.UTF-8 LC_ALL= MADOGUCHI_TERMINAL=$1 '$MADOGUCHI' --db '$DB' -f '$CFG'; echo EXITED \$?; sleep 60"
	wait_for '[LOGIN]'
}

# open_person: search the picked resident by 宛名番号 and show them.
open_person() {
	keys F2
	wait_for '[SEARCH]'
	keys Tab Tab Tab Tab
	text "$P_ATENA"
	keys Tab Tab
	text 01
	text L-1
	keys F10
	wait_for "$P_NAME"
	keys Enter
	wait_for '[RESIDENT]'
}

# msg_of LANG MSGID: the program's message in LANG, cut to its first 20
# characters (what the message line surely shows).
msg_of() {
	TEXTDOMAINDIR=${BUILD_DIR:-$(dirname "$MADOGUCHI")}/locale \
	    LANGUAGE=$1 gettext madoguchi "$2" | sed 's/^\(.\{0,20\}\).*/\1/'
}

# The versions of the picked person saved by USER.
versions_by() {
	sqlite3 "$DB" "SELECT count(*) FROM residents WHERE atena_no = '$P_ATENA' AND operator = '$1'"
}

run() {
	rm -f "$DB" "$DB".*
	make_ledger
	echo demo-admin | "$MADOGUCHI" terminal add T2 --user admin \
	    --password-stdin --db "$DB" >/dev/null 2>&1 ||
	    fail "cannot register terminal T2"
	pick_resident
	printf 'idle_lock_seconds = 600\nauto_logoff_seconds = 1200\n' > "$CFG"

	start_at T1 "$1"
	A=$T
	login clerk demo-clerk
	wait_for '[MENU]'
	open_person
	keys F4
	wait_for '[RESEDIT]'

	start_at T2 "$1"
	B=$T
	login clerk2 demo-clerk2
	wait_for '[MENU]'
	open_person
	keys F4
	wait_message
	m=$(message)
	printf '%s' "$m" | grep -qw clerk || fail "holder not named: $m"
	printf '%s' "$m" | grep -qw T1 || fail "terminal not named: $m"
	wait_for '[RESIDENT]'
	absent '[RESEDIT]'

	# clerk cancels: the lock goes with the form.
	T=$A
	keys F3
	wait_for '[RESIDENT]'
	n=$(sqlite3 "$DB" "SELECT count(*) FROM edit_locks")
	[ "$n" = 0 ] || fail "lock left after cancel ($n)"
	T=$B
	keys F4
	wait_for '[RESEDIT]'
	keys F3
	wait_for '[RESIDENT]'

	# A stale form: clerk opens the person; the lock expires (as after
	# a long lock screen) and clerk2 saves a correction first.
	T=$A
	keys F4
	wait_for '[RESEDIT]'
	sqlite3 "$DB" "UPDATE edit_locks SET expires = '2000-01-01 00:00:00'" ||
	    fail "cannot expire the lock"
	T=$B
	keys F4
	wait_for '[RESEDIT]'
	keys BTab BTab BTab
	text 02
	text R-2
	keys Tab
	text "clerk2's correction"
	keys F10
	wait_for '[RESIDENT]'
	[ "$(versions_by clerk2)" = 1 ] || fail "clerk2's correction not saved"

	T=$A
	keys BTab BTab BTab
	text 02
	text R-1
	keys Tab
	text "stale-input-kept"
	wait_for "stale-input-kept"
	keys F10
	wait_for "$(msg_of "$1" "this record was changed by someone else since you opened it; your input is kept: reopen the record and key the change again")"
	wait_for '[RESEDIT]'
	wait_for "stale-input-kept"
	[ "$(versions_by clerk)" = 0 ] || fail "the stale form was saved"
	keys F3
	wait_for '[RESIDENT]'
	n=$(sqlite3 "$DB" "SELECT count(*) FROM edit_locks")
	[ "$n" = 0 ] || fail "lock left after leaving ($n)"

	# Logging off with the form open releases the lock too.
	keys F4
	wait_for '[RESEDIT]'
	n=$(sqlite3 "$DB" "SELECT count(*) FROM edit_locks WHERE holder = 'clerk' AND terminal = 'T1'")
	[ "$n" = 1 ] || fail "no lock while the form is open ($n)"
	keys F9
	wait_for '[LOGIN]'
	n=$(sqlite3 "$DB" "SELECT count(*) FROM edit_locks")
	[ "$n" = 0 ] || fail "lock left after logoff ($n)"
	# Both programs end before the next run replaces the ledger.
	$A kill-server 2>/dev/null
	$B kill-server 2>/dev/null
	T=false
	echo "ok locks $1"
}
for_each_language run
