#!/bin/sh
# Registering a resident (転入): a My Number with a wrong check digit is
# refused at the field (the cursor stays there), a good one advances; the
# saved record is pending and marked 未確認.
. "$(dirname "$0")/lib.sh"

run() {
	rm -f "$DB" "$DB".*
	make_ledger
	start "$1"
	login clerk demo-clerk
	wait_for '[MENU]'
	keys 2
	wait_for '[RESEDIT]'
	text "登録　一郎"
	keys Tab
	text "とうろく いちろう"
	keys Tab
	text 19800102		# 8 digits fill the date and advance
	text 1
	keys Tab
	text 6048571		# 7 digits fill the postal code
	text "京都市中京区寺町通御池上る上本能寺前町488番地"
	keys Tab Tab Tab Tab
	[ "$(cursor | cut -d' ' -f2)" = 11 ] || fail "not on the My Number field"
	text 123456789010
	wait_message
	[ "$(cursor | cut -d' ' -f2)" = 11 ] || fail "a bad My Number left the field"
	keys C-u
	text 123456789018
	sleep 0.3
	[ "$(cursor | cut -d' ' -f2)" = 12 ] || fail "a good My Number did not advance"
	text c
	keys Tab
	text 20240401
	text 20240402
	text 02
	text U-1
	keys F10
	wait_for '[RESIDENT]'
	wait_for '未確認'
	absent 123456789018
	n=$(sqlite3 "$DB" "SELECT count(*) FROM residents WHERE state = 'pending' AND my_number = '123456789018' AND mn_method = 'card'")
	[ "$n" = 1 ] || fail "no pending version saved ($n)"
	echo "ok register $1"
}
for_each_language run
