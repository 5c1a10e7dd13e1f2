#!/bin/sh
# Person search (R-25 – R-27): F2 from the menu; a name alone is refused
# with no list; the name with the date of birth finds the person.
. "$(dirname "$0")/lib.sh"

run() {
	rm -f "$DB" "$DB".*
	make_ledger
	pick_resident
	family=${P_NAME%%　*}
	start "$1"
	login clerk demo-clerk
	wait_for '[MENU]'
	keys F2
	wait_for '[SEARCH]'
	text "$family"
	keys Tab Tab Tab Tab Tab Tab
	text 01
	text S-1
	keys F10
	wait_message
	absent "$P_ATENA"
	n=$(sqlite3 "$DB" "SELECT count(*) FROM audit_log WHERE op = 'search' AND outcome = 'denied'")
	[ "$n" -ge 1 ] || fail "refused search not audited"
	# Back to the date of birth (from the reference number, 6 up).
	keys BTab BTab BTab BTab BTab BTab
	text "$P_DOB"
	keys F10
	wait_for "$P_ATENA"
	keys Enter
	wait_for '[RESIDENT]'
	wait_for "$P_ADDR"
	# The clerk sees a masked My Number only.
	absent "$P_MN"
	echo "ok search $1"
}
for_each_language run
