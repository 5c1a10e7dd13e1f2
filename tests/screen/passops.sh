#!/bin/sh
# The elderly pass after its fee decision, on [PASSOP] (F6 on [PASS]), in
# English and Japanese: the clerk records a payment of the wrong amount
# (refused at 納付金額, the amount due named), then the right one (saved
# pending); the supervisor confirms it blind on [CONFIRM]; the clerk
# records the issue at a post office (saved pending).  The confirmed fee
# decision the steps start from is put in the database directly, as
# ledgers.sh keys the application and fee screens themselves.
. "$(dirname "$0")/lib.sh"

q() {
	sqlite3 "$DB" "$1"
}

logout_as() {
	keys F9
	wait_for '[LOGIN]'
	login "$1" "demo-$1"
	wait_for '[MENU]'
}

# The person's [PASS] from the menu: search by 宛名番号, F10 Ledgers, 2.
open_pass() {
	keys 1
	wait_for '[SEARCH]'
	keys Tab Tab Tab Tab
	text "$OLD"
	keys Tab Tab
	text 01
	keys Tab
	text S-1
	keys F10
	wait_for "$OLD"
	keys Down Enter
	wait_for '[RESIDENT]'
	keys F10
	wait_for '[LEDGERS]'
	keys 2
	wait_for '[PASS]'
	wait_for 00000001
}

to_menu() {
	i=0
	while ! screen | grep -qF '[MENU]'; do
		i=$((i + 1))
		[ $i -le 8 ] || fail "cannot get back to the menu"
		keys F3
		sleep 0.2
	done
}

run() {
	[ "$T" = false ] || $T kill-server 2>/dev/null
	rm -f "$DB" "$DB".*
	make_ledger
	OLD=$(q "SELECT atena_no FROM residents WHERE current = 1 AND birth_date < date('now', '-76 years') ORDER BY atena_no LIMIT 1")
	[ -n "$OLD" ] || fail "no person of 76 or more in the demo ledger"
	Y=$(date +%Y)
	[ "$(date +%m)" -ge 4 ] || Y=$((Y - 1))
	TODAY=$(date +%F)
	q "INSERT INTO elderly_passes (year, pass_no, rireki_no, state, current, op, status, atena_no, pass_type, apply_date, channel, applicant_type, id_doc, wish_post_office, consent, reference_date, income, tier, period, judged_on, table_amount, cap, capped, fee_amount, reason_code, ref_no, operator, terminal, stamp, update_seq, confirmed_by, confirmed_at) VALUES ($Y, '00000001', 1, 'confirmed', 1, 'decide', 'decided', '$OLD', 1, '$TODAY', 1, 1, 1, '26002', 1, '$TODAY', 1500000, 2, 2, '$TODAY', 9000, 60000, 9000, 9000, '20', 'F-1', 'clerk', 'T1', '$TODAY 09:00:00', 1, 'supervisor', '$TODAY 09:30:00')" ||
	    fail "cannot seed the pass"
	start "$1"
	login clerk demo-clerk
	wait_for '[MENU]'
	open_pass
	keys F6
	wait_for '[PASSOP]'
	wait_for '9,000'		# the amount due, shown
	keys Tab			# the step: payment, chosen already
	text 8000
	keys Tab
	text "$(date +%Y%m%d)"		# paid today; fills and advances
	text 1				# cash
	keys Tab Tab Tab Tab Tab Tab Tab Tab Tab Tab
	text 21
	keys Tab
	text R-1
	keys F10
	wait_message
	sleep 0.3
	screen | grep -qF '[PASSOP]' || fail "a wrong amount left the form"
	[ "$(cursor | cut -d' ' -f2)" = 6 ] || fail "the refusal is not at 納付金額"
	message | grep -qF '9,000' || fail "the amount due is not named"
	n=$(q "SELECT count(*) FROM elderly_passes WHERE pass_no = '00000001'")
	[ "$n" = 1 ] || fail "a wrong payment was saved ($n)"
	keys C-u
	text 9000
	keys F10
	wait_for '[PASS]'
	wait_for '未確認'
	r=$(q "SELECT op || '|' || status || '|' || paid_amount || '|' || pay_method || '|' || paid_date FROM elderly_passes WHERE pass_no = '00000001' AND rireki_no = 2 AND state = 'pending'")
	[ "$r" = "pay|paid|9000|cash|$TODAY" ] || fail "no pending payment ($r)"

	# The supervisor re-keys it blind: 申請年月日, 判定年月日, 負担金額,
	# 納付金額, 還付額.
	to_menu
	logout_as supervisor
	keys 3
	wait_for '[QUEUE]'
	wait_for 00000001
	keys Home Enter
	wait_for '[CONFIRM]'
	d=$(date +%Y%m%d)
	text "$d"
	text "$d"
	text 9000
	keys Tab
	text 9000
	keys Tab
	text 0
	keys F10
	wait_for '[QUEUE]'
	r=$(q "SELECT state || '|' || current || '|' || confirmed_by FROM elderly_passes WHERE pass_no = '00000001' AND rireki_no = 2")
	[ "$r" = "confirmed|1|supervisor" ] || fail "the payment is not confirmed ($r)"

	# The issue at the post office the person wished for (filled in).
	logout_as clerk
	open_pass
	keys F6
	wait_for '[PASSOP]'
	wait_for 26002
	keys Tab Tab Tab Tab
	text "$(date +%Y%m%d)"		# issued today; fills and advances
	keys Tab Tab Tab Tab Tab Tab Tab Tab
	text 22
	keys Tab
	text R-2
	keys F10
	wait_for '[PASS]'
	wait_for '未確認'
	r=$(q "SELECT op || '|' || status || '|' || post_office || '|' || issue_date FROM elderly_passes WHERE pass_no = '00000001' AND rireki_no = 3 AND state = 'pending'")
	[ "$r" = "issue|issued|26002|$TODAY" ] || fail "no pending issue ($r)"
	n=$(q "SELECT count(*) FROM audit_log WHERE target = '$Y-00000001#3'")
	[ "$n" -ge 1 ] || fail "no audit row for the issue ($n)"
	echo "ok passops $1"
}
for_each_language run
