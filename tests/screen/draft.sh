#!/bin/sh
# Auto-logoff (R-17): after auto_logoff_seconds the session ends, the
# half-typed registration is kept as a draft, another user is not offered
# it, and the same user gets it back at the next login, in the form it was
# typed in (the resident change form, then a vaccination record).
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

	# A ledger form's draft comes back into that form, for that person
	# (each form screen keeps its own drafts, R-17).
	keys F3
	wait_for '[MENU]'
	kid=$(sqlite3 "$DB" "SELECT atena_no FROM residents WHERE current = 1 AND birth_date BETWEEN date('now', '-30 months') AND date('now', '-13 months') ORDER BY atena_no LIMIT 1")
	[ -n "$kid" ] || fail "no child of 13 to 30 months in the demo ledger"
	keys 1
	wait_for '[SEARCH]'
	keys Tab Tab Tab Tab
	text "$kid"
	keys Tab Tab
	text 01
	keys Tab
	text S-1
	keys F10
	wait_for "$kid"
	keys Down Enter
	wait_for '[RESIDENT]'
	keys F10
	wait_for '[LEDGERS]'
	keys 3
	wait_for '[VACC]'
	keys F4
	wait_for '[VACCEDIT]'
	text VAR
	keys Tab
	text 1
	wait_for '[LOCK]' 15
	wait_for '[LOGIN]' 20
	login clerk demo-clerk
	wait_for '[MENU]'
	keys 1
	wait_for '[VACCEDIT]'
	wait_for "$kid"
	# The vaccine field's row (the help line also names VAR).
	end=$(( $(date +%s) + 5 ))
	until screen | sed -n 4p | grep -qF VAR; do
		[ "$(date +%s)" -le "$end" ] || fail "the vaccine code was not restored"
		sleep 0.1
	done
	# The next run replaces the ledger: this program ends first.
	$T kill-server 2>/dev/null
	T=false
	echo "ok draft $1"
}
for_each_language run
