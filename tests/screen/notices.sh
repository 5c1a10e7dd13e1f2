#!/bin/sh
# Batch notices at the counter ([NOTICES], R-40 – R-44): the operator
# chooses the elderly-pass 納入通知書 of 2024, previews it (two notices, the
# restricted person skipped and named by key, the sample page written),
# files the job (below the bulk threshold: ready at once) and runs it with
# the progress bar; the result names the PDF, which exists with mode 0600,
# and the register row holds the job with its two pages.  A second job of
# 60 notices is cancelled with F3 as soon as it starts: no file, state
# cancelled.  Above a lowered bulk threshold a job cannot be run until a
# supervisor checks it from the list.  A clerk has no menu entry.  Passes are seeded with sqlite3
# as confirmed rows, as tests/cli/notices.sh does.
. "$(dirname "$0")/lib.sh"

command -v sqlite3 >/dev/null 2>&1 || { echo "skip: no sqlite3"; exit 0; }

# The spool directory of notices_run is $XDG_STATE_HOME/madoguchi/spool.
export XDG_STATE_HOME
cat >"$CFG" <<EOF
office.city = 京都市
office.mayor = 門川　一郎
office.section = 保健福祉局　長寿福祉課
office.address = 京都市中京区寺町通御池上る上本能寺前町488番地
office.postal = 6048571
office.phone = 075-222-3111
EOF

sql() {
	sqlite3 "$DB" "$1" || fail "sqlite3: $1"
}

# seed N OFFSET NO_BASE STATE CURRENT: decided passes of 2024 for the
# oldest unrestricted residents from OFFSET on.
seed() {
	sql "INSERT INTO elderly_passes (year, pass_no, rireki_no, state, current,
	  op, status, atena_no, pass_type, apply_date, channel, applicant_type,
	  id_doc, reference_date, tier, period, judged_on, table_amount,
	  fee_amount, due_date, operator, terminal, stamp, update_seq,
	  confirmed_by, confirmed_at, reason_code, ref_no)
	  SELECT 2024, printf('%08d', $3 + row_number() OVER (ORDER BY atena_no)),
	  1, '$4', $5, 'decide', 'decided', atena_no, 1, '2024-04-08', 1, 1, 1,
	  '2024-04-08', 4, 10, '2024-04-10', 30000, 30000, '2024-05-31', 'clerk',
	  'T1', '2024-04-10 10:00:00', 1, 'supervisor', '2024-04-11 10:00:00',
	  '20', 'R6-1'
	  FROM (SELECT atena_no FROM residents WHERE current = 1
	        AND birth_date <= '1950-01-01' AND restricted = 0
	        ORDER BY atena_no LIMIT $1 OFFSET $2)"
}

# wait_row REGEX: poll until a line of the screen matches REGEX (ERE).
wait_row() {
	end=$(( $(date +%s) + 10 ))
	while [ "$(date +%s)" -le "$end" ]; do
		screen | grep -qE -- "$1" && return 0
		sleep 0.1
	done
	fail "timed out waiting for a row matching '$1'"
}

run() {
	# A ledger and a state directory per language: the last run's
	# program may still hold the other ones open.
	DB=$TMPD/ledger-$1.db
	XDG_STATE_HOME=$TMPD/state-$1
	SPOOL=$XDG_STATE_HOME/madoguchi/spool
	"$MADOGUCHI" demo --db "$DB" --residents 1500 >/dev/null 2>&1 ||
	    fail "madoguchi demo failed"
	seed 3 0 0 confirmed 1
	seed 1 3 100 pending 0
	third=$(sqlite3 "$DB" "SELECT atena_no FROM elderly_passes WHERE pass_no = '00000003'")
	sql "UPDATE residents SET restricted = 1 WHERE atena_no = '$third' AND current = 1"

	# A clerk prints nothing: the entry before "change password" is
	# another screen's.
	start "$1"
	login clerk demo-clerk
	wait_for '[MENU]'
	n=$(screen | grep -c '^ *[0-9]  ')
	keys $((n - 2))
	wait_gone '[MENU]'
	absent '[NOTICES]'
	keys F9
	wait_for '[LOGIN]'

	login operator demo-operator
	wait_for '[MENU]'
	m=$(screen | grep -c '^ *[0-9]  ')
	[ "$m" -gt 0 ] || fail "no menu"
	# The operator's menu: change password, log out, and the notices
	# entry before them (search needs a clerk or supervisor grant).
	keys $((m - 2))
	wait_for '[NOTICES]'
	[ "$(top_line | grep -c NOTICES)" = 1 ] || fail "top line"

	# Kind: the elderly kinds in order; 納入通知書 is the second.
	keys e e
	wait_for 'elderly/nonyu'
	keys Tab
	text 2024
	keys F5
	wait_for "/sample-operator.pdf"
	wait_for "2024-00000003"	# the restricted person, skipped (R-14)
	wait_for "fee_tier"		# left out for the operator (R-12)
	wait_row "[^0-9]2[^0-9].*year=2024"	# the count and the conditions
	[ -f "$SPOOL/sample-operator.pdf" ] || fail "no sample page"
	[ "$(stat -c %a "$SPOOL/sample-operator.pdf")" = 600 ] ||
	    fail "sample page not 0600"
	[ "$(sqlite3 "$DB" "SELECT count(*) FROM print_jobs")" = 0 ] ||
	    fail "a preview filed a job"

	keys F6
	job=""
	end=$(( $(date +%s) + 10 ))
	while [ -z "$job" ] && [ "$(date +%s)" -le "$end" ]; do
		job=$(sqlite3 "$DB" "SELECT job_id FROM print_jobs WHERE requested_by = 'operator' AND state = 'ready'")
		sleep 0.1
	done
	[ -n "$job" ] || fail "no ready job filed"
	wait_for "elderly/nonyu"

	keys F8
	pdf="$SPOOL/notices-$job.pdf"
	wait_for "/notices-$job.pdf" 30
	wait_for "2/2 100%"
	[ "$(sqlite3 "$DB" "SELECT state || ' ' || pages || ' ' || records || ' ' || run_by FROM print_jobs WHERE job_id = $job")" = "done 2 2 operator" ] ||
	    fail "register row of job $job"
	[ "$(sqlite3 "$DB" "SELECT group_concat(record_key, ' ') FROM (SELECT record_key FROM print_pages WHERE job_id = $job ORDER BY page)")" = "2024-00000001 2024-00000002" ] ||
	    fail "register pages of job $job"
	[ -f "$pdf" ] || fail "no PDF"
	[ "$(stat -c %a "$pdf")" = 600 ] || fail "PDF not 0600"
	if command -v pdfinfo >/dev/null 2>&1; then
		[ "$(pdfinfo "$pdf" 2>/dev/null | sed -n 's/^Pages: *//p')" = 2 ] ||
		    fail "PDF pages"
	fi

	# A job of 62 notices cancelled as soon as it starts.
	seed 60 10 200 confirmed 1
	keys F6
	big=""
	end=$(( $(date +%s) + 10 ))
	while [ -z "$big" ] && [ "$(date +%s)" -le "$end" ]; do
		big=$(sqlite3 "$DB" "SELECT job_id FROM print_jobs WHERE requested_by = 'operator' AND state = 'ready' AND expected = 62")
		sleep 0.1
	done
	[ -n "$big" ] || fail "no second job"
	wait_row "^ *$big +.*elderly/nonyu +operator\\* +62 "
	keys F8 F3
	end=$(( $(date +%s) + 30 ))
	while [ "$(date +%s)" -le "$end" ]; do
		st=$(sqlite3 "$DB" "SELECT state FROM print_jobs WHERE job_id = $big")
		[ "$st" = running ] || [ "$st" = ready ] || break
		sleep 0.1
	done
	[ "$st" = cancelled ] || fail "job $big is $st, not cancelled"
	[ -e "$SPOOL/notices-$big.pdf" ] && fail "a cancelled run left its PDF"
	ls -a "$SPOOL" | grep -q tmp && fail "temporary file left"
	# Still on the screen: F3 went to the run, not to the screen stack.
	wait_for '[NOTICES]'
	wait_for "/62"

	# Above a bulk threshold of 10 the job waits for a second user's
	# check (R-40): the supervisor finds it in the list and checks it.
	sql "INSERT INTO settings VALUES ('bulk_threshold', '10', '2024-01-01 00:00:00', 'admin')"
	keys F6
	chk=""
	end=$(( $(date +%s) + 10 ))
	while [ -z "$chk" ] && [ "$(date +%s)" -le "$end" ]; do
		chk=$(sqlite3 "$DB" "SELECT job_id FROM print_jobs WHERE state = 'awaiting_check'")
		sleep 0.1
	done
	[ -n "$chk" ] || fail "no job awaiting check"
	keys F8
	wait_message
	[ "$(sqlite3 "$DB" "SELECT state FROM print_jobs WHERE job_id = $chk")" = awaiting_check ] ||
	    fail "a job awaiting check ran"
	keys F9
	wait_for '[LOGIN]'
	login supervisor demo-supervisor
	wait_for '[MENU]'
	m=$(screen | grep -c '^ *[0-9]  ')
	keys $((m - 2))
	wait_for '[NOTICES]'
	keys F4
	wait_row "^ *$chk +.*elderly/nonyu +operator +62 "
	keys F7
	end=$(( $(date +%s) + 10 ))
	while [ "$(date +%s)" -le "$end" ]; do
		st=$(sqlite3 "$DB" "SELECT state || ' ' || checker FROM print_jobs WHERE job_id = $chk")
		[ "$st" = "ready supervisor" ] && break
		sleep 0.1
	done
	[ "$st" = "ready supervisor" ] || fail "job $chk is '$st' after the check"
	echo "ok notices $1"
}
for_each_language run
