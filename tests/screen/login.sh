#!/bin/sh
# Login (R-01, R-02, R-66): success reaches the menu with the user in the
# top line; a wrong password and an unknown ID give the same message; the
# sixth attempt after five failures is refused as locked even with the
# right password.  English and Japanese.
. "$(dirname "$0")/lib.sh"

run() {
	rm -f "$DB" "$DB".*
	make_ledger
	start "$1"
	login clerk demo-clerk
	wait_for '[MENU]'
	top_line | grep -qF clerk || fail "user not in the top line"
	keys F9
	wait_for '[LOGIN]'

	# Wrong password and unknown user: one message, which says neither.
	login clerk2 wrong-password
	wait_message
	m1=$(message)
	absent '[MENU]'
	retry nosuchuser wrong-password
	sleep 0.5
	wait_message
	m2=$(message)
	[ "$m1" = "$m2" ] || fail "messages differ: '$m1' / '$m2'"

	# Four more failures lock clerk2 (five in a row).
	for i in 2 3 4 5; do
		retry clerk2 "wrong-password-$i"
		sleep 0.3
		wait_message
	done
	retry clerk2 demo-clerk2
	wait_message_not "$m1"
	absent '[MENU]'
	m3=$(message)
	[ "$m3" != "$m1" ] || fail "locked account not reported as locked"
	n=$(sqlite3 "$DB" "SELECT count(*) FROM audit_log WHERE op = 'lock' AND target = 'clerk2'")
	[ "$n" = 1 ] || fail "no lock row in the audit log ($n)"
	# Another account still works.
	retry clerk demo-clerk
	wait_for '[MENU]'
	echo "ok login $1"
}
for_each_language run
