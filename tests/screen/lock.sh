#!/bin/sh
# Screensaver (R-15, R-16): after idle_lock_seconds the screen shows only
# the application, the terminal and the user: nothing of the person that
# was open.  A wrong password keeps it locked, the right one unlocks; a
# second user can only log the session off (audited as forced logoff).
. "$(dirname "$0")/lib.sh"

run() {
	rm -f "$DB" "$DB".*
	make_ledger
	pick_resident
	printf 'idle_lock_seconds = 5\nauto_logoff_seconds = 600\n' > "$CFG"
	start "$1"
	login clerk demo-clerk
	wait_for '[MENU]'
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
	wait_for "$P_ADDR"
	wait_for '[LOCK]' 15
	cap=$(screen)
	kana_key=${P_KANA%%　*}
	for s in "$P_NAME" "${P_NAME%%　*}" "$kana_key" "$P_ADDR" "$P_ATENA" \
	    "$(printf %s "$P_MN" | cut -c9-12)" "$P_DOB"; do
		printf '%s' "$cap" | grep -qF -- "$s" && fail "'$s' visible while locked"
	done
	printf '%s' "$cap" | grep -qF T1 || fail "terminal ID not on the mask"
	printf '%s' "$cap" | grep -qF clerk || fail "user ID not on the mask"

	text wrong-password
	keys Enter
	wait_message
	sleep 0.3
	wait_for '[LOCK]'
	absent "$P_NAME"
	text demo-clerk
	keys Enter
	wait_for '[RESIDENT]'
	wait_for "$P_NAME"

	# Another user may only log the locked session off.
	keys F12
	wait_for '[LOCK]'
	keys BTab C-u
	text clerk2
	keys Tab
	text demo-clerk2
	keys Enter
	wait_for '[LOGIN]'
	absent "$P_NAME"
	n=$(sqlite3 "$DB" "SELECT count(*) FROM audit_log WHERE op = 'forced-logoff' AND user_login = 'clerk'")
	[ "$n" = 1 ] || fail "no forced-logoff row ($n)"
	echo "ok lock $1"
}
for_each_language run
