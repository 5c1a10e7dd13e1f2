#!/bin/sh
# Auto-logoff (R-17): after auto_logoff_seconds the session ends, the
# half-typed registration is kept as a draft, another user is not offered
# it, and the same user gets it back at the next login.
. "$(dirname "$0")/lib.sh"

run() {
	rm -f "$DB" "$DB".*
	make_ledger
	printf 'idle_lock_seconds = 5\nauto_logoff_seconds = 12\n' > "$CFG"
	start "$1"
	login clerk demo-clerk
	wait_for '[MENU]'
	keys 2
	wait_for '[RESEDIT]'
	text "榎本　花子"
	keys Tab
	text "えのもと はなこ"
	wait_for '[LOCK]' 15
	wait_for '[LOGIN]' 20
	absent "榎本"
	n=$(sqlite3 "$DB" "SELECT count(*) FROM audit_log WHERE op = 'auto-logoff' AND user_login = 'clerk'")
	[ "$n" = 1 ] || fail "no auto-logoff row ($n)"

	# clerk2's menu has four items: no draft offered.
	login clerk2 demo-clerk2
	wait_for '[MENU]'
	wait_for '4  '
	absent '5  '
	keys F9
	wait_for '[LOGIN]'

	login clerk demo-clerk
	wait_for '[MENU]'
	wait_for '5  '
	keys 1
	wait_for '[RESEDIT]'
	wait_for "榎本　花子"
	wait_for "えのもと"
	echo "ok draft $1"
}
for_each_language run
