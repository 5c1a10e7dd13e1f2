#!/bin/sh
# Confirmation by a second person (R-36, R-37), the whole loop: the clerk
# registers two residents (pending); the supervisor cannot confirm an
# entry of their own; the supervisor re-keys the first blind, mis-keys the
# date of birth (marked, cleared), re-keys it and the entry becomes 本登録;
# the second, whose date of birth the clerk mistyped, still differs after
# the three tries, is shown side by side and rejected with a comment; the
# clerk sees the comment, corrects and resubmits; supervisor2 confirms.
# Last, two supervisors race for a third entry: the second is told that
# someone else handled it.
. "$(dirname "$0")/lib.sh"

ADDR="京都市中京区寺町通御池上る上本能寺前町488番地"

q() {
	sqlite3 "$DB" "$1"
}

# register NAME KANA DOB(8 digits) MYNUMBER: from the menu, back to it.
register() {
	keys 2
	wait_for '[RESEDIT]'
	text "$1"
	keys Tab
	text "$2"
	keys Tab
	text "$3"
	text 1
	keys Tab
	text 6048571
	text "$ADDR"
	keys Tab Tab Tab Tab
	text "$4"
	text c
	keys Tab
	text 20240401
	text 20240402
	text 02
	text U-1
	keys F10
	wait_for '[RESIDENT]'
	wait_for '未確認'
	keys F3
	wait_for '[MENU]'
}

# rekey KANA DOB(8 digits) MYNUMBER: the three key fields, then F10.
rekey() {
	text "$1"
	keys Tab
	text "$2"
	text "$3"
	keys F10
}

# wait_q SQL VALUE: poll until the query gives VALUE.
wait_q() {
	end=$(( $(date +%s) + 10 ))
	while [ "$(date +%s)" -le "$end" ]; do
		[ "$(q "$1")" = "$2" ] && return 0
		sleep 0.1
	done
	fail "'$1' is not $2 but $(q "$1")"
}

# not_listed TEXT: TEXT is not in the body (the message line may name it).
not_listed() {
	screen | sed -n 2,27p | grep -qF -- "$1" && fail "'$1' is still listed"
	return 0
}

logout_as() {
	keys F9
	wait_for '[LOGIN]'
	login "$1" "demo-$1"
	wait_for '[MENU]'
}

run() {
	# The previous run's program must not write to the files removed.
	[ "$T" = false ] || $T kill-server 2>/dev/null
	rm -f "$DB" "$DB".*
	make_ledger
	start "$1"

	# The clerk registers A (correctly) and B (date of birth mistyped:
	# the paper form says 1950-01-01).
	login clerk demo-clerk
	wait_for '[MENU]'
	register "確認　一郎" "かくにん いちろう" 19800102 123456789018
	register "確認　二郎" "かくにん じろう" 19500110 621498320257
	register "確認　四郎" "かくにん しろう" 19900404 614106526000
	A=$(q "SELECT atena_no FROM residents WHERE my_number = '123456789018'")
	B=$(q "SELECT atena_no FROM residents WHERE my_number = '621498320257'")
	D=$(q "SELECT atena_no FROM residents WHERE my_number = '614106526000'")
	[ -n "$A" ] && [ -n "$B" ] && [ -n "$D" ] || fail "the registrations were not saved"

	# The supervisor's own entry cannot be confirmed by them.
	logout_as supervisor
	register "確認　三郎" "かくにん さぶろう" 19700303 983205673214
	C=$(q "SELECT atena_no FROM residents WHERE my_number = '983205673214'")
	keys 3
	wait_for '[QUEUE]'
	wait_for "$A"
	wait_for "$B"
	wait_for "$C"
	keys Down Down Down
	keys Enter
	wait_message
	top_line | grep -qF '[QUEUE]' || fail "own entry opened"
	n=$(q "SELECT count(*) FROM audit_log WHERE op = 'confirm-open' AND outcome = 'denied' AND user_login = 'supervisor' AND target = '$C#1'")
	[ "$n" = 1 ] || fail "no denied row for the own entry ($n)"

	# A: blind; a wrong date of birth is marked and cleared.
	keys Home Enter
	wait_for '[CONFIRM]'
	wait_for "$A"
	absent 1980-01-02
	absent 昭和55年1月2日
	absent 123456789018
	absent "1234 5678 9018"
	absent カクニン
	wait_for "$ADDR"
	rekey "かくにん いちろう" 19800103 123456789018
	wait_message
	top_line | grep -qF '[CONFIRM]' || fail "a mismatch left the screen"
	absent 1980-01-02
	absent 昭和55年1月3日
	wait_for 'カクニン　イチロウ'	# the matching field is kept
	# The cursor (row from 0) is on the line after the reading (from 1).
	[ "$(cursor | cut -d' ' -f2)" = "$(screen | grep -n 'カクニン　イチロウ' | cut -d: -f1)" ] ||
	    fail "the cursor is not on the cleared date of birth"
	n=$(q "SELECT count(*) FROM audit_log WHERE op = 'confirm-mismatch' AND target = '$A#1' AND detail LIKE '%birth_date%' AND detail NOT LIKE '%name_kana%'")
	[ "$n" = 1 ] || fail "no mismatch row naming the date of birth ($n)"
	text 19800102
	keys F10
	wait_for '[QUEUE]'
	message | grep -qF '本登録' || fail "no 本登録 message"
	r=$(q "SELECT state || '|' || current || '|' || confirmed_by FROM residents WHERE atena_no = '$A' AND rireki_no = 1")
	[ "$r" = "confirmed|1|supervisor" ] || fail "A not confirmed ($r)"
	not_listed "$A"

	# B: the supervisor keys the paper's date three times; the values are
	# then shown side by side and the entry is rejected with a comment.
	wait_for "$B"
	keys Home Enter
	wait_for '[CONFIRM]'
	wait_for "$B"
	rekey "かくにん じろう" 19500101 621498320257
	for try in 2 3; do
		wait_q "SELECT count(*) FROM audit_log WHERE op = 'confirm-mismatch' AND target = '$B#1'" $((try - 1))
		text 19500101	# the cleared date, again as on the paper
		keys F10
	done
	wait_for '[REJECT]'
	wait_for '1950-01-10'
	wait_for '1950-01-01'
	keys F10		# a rejection needs a comment
	wait_message
	top_line | grep -qF '[REJECT]' || fail "rejected without a comment"
	text "生年月日は届書で1950年1月1日"
	keys F10
	wait_for '[QUEUE]'
	r=$(q "SELECT state || '|' || review_comment FROM residents WHERE atena_no = '$B' AND rireki_no = 1")
	[ "$r" = "rejected|生年月日は届書で1950年1月1日" ] || fail "B not rejected ($r)"
	n=$(q "SELECT count(*) FROM audit_log WHERE op = 'confirm-mismatch' AND target = '$B#1'")
	[ "$n" = 3 ] || fail "not three mismatch rows for B ($n)"

	# The clerk sees the comment, corrects the date and resubmits.
	logout_as clerk
	keys 3
	wait_for '[REJECTED]'
	wait_for "$B"
	wait_for '生年月日は届書で1950年1月1日'
	keys Enter
	wait_for '[RESEDIT]'
	wait_for '確認　二郎'
	absent 621498320257
	keys Tab Tab C-u
	text 19500101
	keys Tab Tab Tab Tab Tab Tab
	text 621498320257
	keys F10
	wait_for '[RESIDENT]'
	wait_for '未確認'
	r=$(q "SELECT state || '|' || op || '|' || birth_date || '|' || my_number || '|' || operator FROM residents WHERE atena_no = '$B' AND rireki_no = 2")
	[ "$r" = "pending|movein|1950-01-01|621498320257|clerk" ] || fail "no resubmission ($r)"
	keys F3
	wait_for '[REJECTED]'
	not_listed "$B"

	# supervisor2 confirms it (the clerk filter leaves only the clerk's).
	logout_as supervisor2
	keys 3
	wait_for '[QUEUE]'
	keys F7
	wait_gone "$C"
	wait_for "$B"
	keys End Enter		# D is older than the resubmission
	wait_for '[CONFIRM]'
	rekey "かくにん じろう" 19500101 621498320257
	wait_for '[QUEUE]'
	message | grep -qF '本登録' || fail "no 本登録 message for B"
	r=$(q "SELECT state || '|' || current || '|' || confirmed_by FROM residents WHERE atena_no = '$B' AND rireki_no = 2")
	[ "$r" = "confirmed|1|supervisor2" ] || fail "B not confirmed ($r)"

	# Two supervisors on D: supervisor2 opens it; supervisor, at
	# another counter, is told who has it open (the record lock).  Once
	# that lock has expired supervisor confirms it, and supervisor2's
	# try is told so.
	wait_for "$D"
	keys Enter
	wait_for '[CONFIRM]'
	wait_for "$D"
	T_A=$T
	T=false
	start "$1"
	T_B=$T
	login supervisor demo-supervisor
	wait_for '[MENU]'
	keys 3
	wait_for '[QUEUE]'
	wait_for "$D"
	keys Enter
	wait_message
	message | grep -qw supervisor2 || fail "the lock holder is not named"
	absent '[CONFIRM]'
	q "UPDATE edit_locks SET expires = '2000-01-01 00:00:00'" >/dev/null
	keys Enter
	wait_for '[CONFIRM]'
	wait_for "$D"
	rekey "かくにん しろう" 19900404 614106526000
	wait_for '[QUEUE]'
	T=$T_A
	rekey "かくにん しろう" 19900404 614106526000
	wait_for '[QUEUE]'
	wait_message
	r=$(q "SELECT state || '|' || confirmed_by FROM residents WHERE atena_no = '$D' AND rireki_no = 1")
	[ "$r" = "confirmed|supervisor" ] || fail "D not confirmed once ($r)"
	n=$(q "SELECT count(*) FROM audit_log WHERE op = 'confirm' AND outcome = 'denied' AND user_login = 'supervisor2' AND target = '$D#1'")
	[ "$n" = 1 ] || fail "no denied row for the second confirmation ($n)"
	$T_B kill-server 2>/dev/null
	echo "ok confirm $1"
}
for_each_language run
