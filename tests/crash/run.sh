#!/bin/sh
# Crash consistency (R-60): kill madoguchi with SIGKILL at seeded random
# moments during a resident import (`madoguchi import residents`), a
# confirmation batch (tests/crash/confirm_driver.c; there is no command
# for confirming) and a notice job (`madoguchi notices run`).  After
# every kill:
#   - PRAGMA integrity_check is ok (sqlite3 tool)
#   - `madoguchi audit verify` passes (the chain and its checkpoint file)
#   - import: the residents table holds none or all of the file's records
#   - confirm: every entry the driver reported committed (fsync'ed to a
#     file before it went on) is confirmed in the database
#   - a rerun of the job completes, and the checks hold again.
#   - notices: a PDF at the job's final name is whole, a 'done' job has
#     its file and pages, a new request of the same notices runs to the end
#     (more at the notice part below).
#
#   tests/crash/run.sh BUILD_DIR     CRASH_RUNS (import and confirm, default
#                                    60), CRASH_SEED (default 9),
#                                    CRASH_RECORDS, CRASH_NOTICE_RUNS (30),
#                                    CRASH_NOTICE_RECORDS (400)
# Prints the runs and their outcomes; last line "crash: N passed, M failed".
set -u
build=$(cd "${1:?usage: tests/crash/run.sh BUILD_DIR}" && pwd) || exit 2
mg=$build/madoguchi
drv=$build/tests/confirm_driver
runs=${CRASH_RUNS:-60}
seed=${CRASH_SEED:-9}
records=${CRASH_RECORDS:-2000}
for x in "$mg" "$drv"; do
	[ -x "$x" ] || { echo "crash: $x is missing; build it first" >&2; exit 2; }
done
command -v sqlite3 >/dev/null 2>&1 || { echo "crash: the sqlite3 tool is needed" >&2; exit 2; }

work=$(mktemp -d "${TMPDIR:-/tmp}/madoguchi-crash-XXXXXX") || exit 2
chmod 700 "$work"
trap 'rm -rf "$work"' EXIT
trap 'exit 130' INT TERM
export HOME="$work/home" XDG_STATE_HOME="$work/state" XDG_CONFIG_HOME="$work/config"
export XDG_DATA_HOME="$work/data" TMPDIR="$work/tmp" MADOGUCHI_TERMINAL=T1
export LANG=C.UTF-8 LC_ALL=C.UTF-8 LANGUAGE=
mkdir -p "$HOME" "$XDG_STATE_HOME" "$XDG_CONFIG_HOME" "$XDG_DATA_HOME" "$TMPDIR"
passed=0
failed=0
problem=

# rand N: a reproducible number in [0, 1) for run N of the current job.
rand() {
	awk -v s="$seed" -v n="$1" -v j="$job" 'BEGIN {
		srand(s + length(j)); for (i = 0; i < n; i++) r = rand(); print r }'
}

now_ms() {
	echo $(($(date +%s%N) / 1000000))
}

# check DB LOGIN PW: integrity and audit chain; sets $problem.
check_common() {
	ic=$(sqlite3 "$1" "PRAGMA integrity_check" 2>&1)
	[ "$ic" = ok ] || { problem="integrity_check: $ic"; return 1; }
	printf '%s\n' "$3" | "$mg" --db "$1" audit verify --user "$2" \
	    --password-stdin >"$work/verify.out" 2>&1 ||
	    { problem="audit verify: $(cat "$work/verify.out")"; return 1; }
	return 0
}

outcome() {	# outcome RUN DELAY STAGE-REACHED OK|FAIL
	if [ "$4" = ok ]; then
		passed=$((passed + 1))
	else
		failed=$((failed + 1))
		echo "FAIL $job run $1 (kill after ${2}ms, $3): $problem"
	fi
}

# ---- import ----------------------------------------------------------
job=import
tpl=$work/tpl-import
mkdir -m 700 "$tpl"
# the demo staff with cheap password hashes (the driver's setup, no entries)
"$drv" "$tpl/ledger.db" setup 0 /dev/null ||
    { echo "crash: demo ledger failed" >&2; exit 1; }
csv=$work/jumin.csv
awk -v n="$records" 'BEGIN {
	print "宛名番号,個人番号,氏名,氏名カナ,性別,生年月日,郵便番号,住所,方書,世帯番号"
	split("6 5 4 3 2 7 6 5 4 3 2", w, " ")
	for (i = 1; i <= n; i++) {
		d = sprintf("5%010d", i); s = 0
		for (k = 1; k <= 11; k++) s += substr(d, k, 1) * w[k]
		r = s % 11; c = r <= 1 ? 0 : 11 - r
		printf "8%09d,%s%d,試験　太郎%d,シケン　タロウ,1,S45.3.%d,600-8001,京都市中京区寺町%d,,%d\n",
		    i, d, c, i, 1 + i % 28, i, i
	}
}' >"$csv"
import() {	# import DIR: exit status of a whole import
	printf 'demo-operator\n' | "$mg" --db "$1/ledger.db" import residents "$csv" \
	    --encoding utf-8 --user operator --password-stdin >"$1/import.out" 2>&1
}
# The killed import may still be exiting (slowly under ASan) and holding
# its lock: a load into an empty master takes the file for itself, so the
# reader waits for it, as a counter would, then rolls the journal back.
count() {
	sqlite3 -cmd ".timeout 10000" "$1/ledger.db" \
	    "SELECT count(DISTINCT atena_no) FROM residents"
}
# the length of a whole import, for the kill window
cp -a "$tpl" "$work/measure"
t0=$(now_ms)
import "$work/measure" || { echo "crash: a plain import fails: $(cat "$work/measure/import.out")" >&2; exit 1; }
span=$(($(now_ms) - t0 + 50))
rm -rf "$work/measure"
echo "crash: import of $records records takes ~${span}ms; $runs kills in [0, ${span}ms], seed $seed"
none=0 all=0
for i in $(seq 1 "$runs"); do
	d=$work/run
	rm -rf "$d"
	cp -a "$tpl" "$d"
	delay=$(awk -v r="$(rand "$i")" -v s="$span" 'BEGIN { printf "%d", r * s }')
	import "$d" &
	pid=$!
	sleep "$(awk -v m="$delay" 'BEGIN { printf "%.3f", m / 1000 }')"
	pkill -KILL -P "$pid" 2>/dev/null	# madoguchi is the child of import()
	kill -KILL "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	problem=
	ok=ok
	n=$(count "$d")
	if [ "$n" -eq 0 ]; then none=$((none + 1))
	elif [ "$n" -eq "$records" ]; then all=$((all + 1))
	else problem="half-applied import: $n of $records"; ok=FAIL
	fi
	[ $ok = ok ] && { check_common "$d/ledger.db" auditor demo-auditor || ok=FAIL; }
	if [ $ok = ok ]; then
		import "$d" || { problem="rerun: $(cat "$d/import.out")"; ok=FAIL; }
	fi
	if [ $ok = ok ]; then
		[ "$(count "$d")" -eq "$records" ] || { problem="rerun left $(count "$d")"; ok=FAIL; }
		[ $ok = ok ] && { check_common "$d/ledger.db" auditor demo-auditor || ok=FAIL; }
	fi
	outcome "$i" "$delay" import $ok
done
echo "crash: import: $runs kills: $none before the commit (nothing), $all after (all $records), $((runs - none - all)) half-applied"

# ---- confirmation batch ----------------------------------------------
job=confirm
tpl=$work/tpl-confirm
mkdir -m 700 "$tpl"
"$drv" "$tpl/ledger.db" setup 60 "$tpl/pending" ||
    { echo "crash: driver setup failed" >&2; exit 1; }
cp -a "$tpl" "$work/measure"
t0=$(now_ms)
"$drv" "$work/measure/ledger.db" confirm "$work/measure/pending" "$work/measure/done" ||
    { echo "crash: a plain confirmation batch fails" >&2; exit 1; }
span=$(($(now_ms) - t0 + 20))
rm -rf "$work/measure"
echo "crash: confirming 60 entries takes ~${span}ms; $runs kills in [0, ${span}ms]"
lost=0 reported=0
for i in $(seq 1 "$runs"); do
	d=$work/run
	rm -rf "$d"
	cp -a "$tpl" "$d"
	: >"$d/done"
	delay=$(awk -v r="$(rand "$i")" -v s="$span" 'BEGIN { printf "%d", r * s }')
	"$drv" "$d/ledger.db" confirm "$d/pending" "$d/done" 2>/dev/null &
	pid=$!
	sleep "$(awk -v m="$delay" 'BEGIN { printf "%.3f", m / 1000 }')"
	kill -KILL "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	problem=
	ok=ok
	n=$(wc -l <"$d/done")
	reported=$((reported + n))
	if [ "$n" -gt 0 ]; then
		# the newest version of each reported entry (SQLite: the bare
		# column comes from the max row)
		list=$(sed "s/.*/'&'/" "$d/done" | paste -sd, -)
		bad=$(sqlite3 "$d/ledger.db" "SELECT count(*), group_concat(atena_no)
		    FROM (SELECT atena_no, state, max(rireki_no) FROM residents
		    WHERE atena_no IN ($list) GROUP BY atena_no) WHERE state <> 'confirmed'")
		have=$(sqlite3 "$d/ledger.db" "SELECT count(DISTINCT atena_no) FROM residents WHERE atena_no IN ($list)")
		if [ "${bad%%|*}" -ne 0 ] || [ "$have" -ne "$n" ]; then
			problem="reported committed, not confirmed now: ${bad#*|} ($have of $n found)"
			ok=FAIL
			lost=$((lost + ${bad%%|*}))
		fi
	fi
	[ $ok = ok ] && { check_common "$d/ledger.db" auditor demo-auditor || ok=FAIL; }
	if [ $ok = ok ]; then
		"$drv" "$d/ledger.db" confirm "$d/pending" "$d/done" >"$d/rerun.out" 2>&1 ||
		    { problem="rerun: $(cat "$d/rerun.out")"; ok=FAIL; }
	fi
	if [ $ok = ok ]; then
		p=$(sqlite3 "$d/ledger.db" "SELECT count(*) FROM residents WHERE state <> 'confirmed'")
		[ "$p" -eq 0 ] || { problem="$p entries still pending after the rerun"; ok=FAIL; }
		[ $ok = ok ] && { check_common "$d/ledger.db" auditor demo-auditor || ok=FAIL; }
	fi
	outcome "$i" "$delay" confirm $ok
done
echo "crash: confirm: $runs kills, $reported confirmations reported committed before a kill, $lost lost"

# ---- notice job --------------------------------------------------------
# `madoguchi notices run JOB` on CRASH_NOTICE_RECORDS confirmed elderly
# passes (seeded with sqlite3 as tests/cli/notices.sh does), the PDF to the
# spool directory (written as .notices-JOB.pdf.tmp, then renamed).  After a
# kill: the checks above; a PDF at the job's final name is whole (pdfinfo:
# every page; without pdfinfo the %%EOF trailer); a job in state 'done'
# has its file and the registered pages; then a new request of the same
# notices runs to a whole PDF.  Jobs left 'running', temporary files left
# behind and whole PDFs of jobs not registered are counted and printed;
# then `madoguchi daily` must recover: a job left running becomes failed
# with no file, a done one has its whole PDF (put in place if the kill
# fell between the register commit and the rename).
job=notices
nruns=${CRASH_NOTICE_RUNS:-30}
nrec=${CRASH_NOTICE_RECORDS:-400}
src=$(cd "$(dirname "$0")/../.." && pwd)
mkdir -p "$XDG_CONFIG_HOME/madoguchi"
cat >"$XDG_CONFIG_HOME/madoguchi/config" <<CONF
office.city = 京都市
office.mayor = 門川　一郎
office.section = 保健福祉局　長寿福祉課
office.address = 京都市中京区寺町通御池上る上本能寺前町488番地
office.postal = 6048571
office.phone = 075-222-3111
template_dir = $src/print/templates
CONF
tpl=$work/tpl-notices
mkdir -m 700 "$tpl"
"$drv" "$tpl/ledger.db" setup 0 /dev/null ||
    { echo "crash: demo ledger failed" >&2; exit 1; }
awk -v n="$nrec" 'BEGIN {
	print "宛名番号,個人番号,氏名,氏名カナ,性別,生年月日,郵便番号,住所,方書,世帯番号"
	split("6 5 4 3 2 7 6 5 4 3 2", w, " ")
	for (i = 1; i <= n; i++) {
		d = sprintf("6%010d", i); s = 0
		for (k = 1; k <= 11; k++) s += substr(d, k, 1) * w[k]
		r = s % 11; c = r <= 1 ? 0 : 11 - r
		printf "7%09d,%s%d,通知　花子%d,ツウチ　ハナコ,2,S15.4.%d,600-8001,京都市下京区烏丸通%d,,%d\n",
		    i, d, c, i, 1 + i % 28, i, i
	}
}' >"$work/elderly.csv"
printf 'demo-operator\n' | "$mg" --db "$tpl/ledger.db" import residents "$work/elderly.csv" \
    --encoding utf-8 --user operator --password-stdin >"$work/setup.out" 2>&1 &&
printf 'demo-admin\n' | "$mg" --db "$tpl/ledger.db" setting set bulk_threshold 100000 \
    --user admin --password-stdin >>"$work/setup.out" 2>&1 &&
sqlite3 "$tpl/ledger.db" "INSERT INTO elderly_passes (year, pass_no, rireki_no, state,
  current, op, status, atena_no, pass_type, apply_date, channel, applicant_type,
  id_doc, reference_date, tier, period, judged_on, table_amount,
  fee_amount, due_date, operator, terminal, stamp, update_seq,
  confirmed_by, confirmed_at, reason_code, ref_no)
  SELECT 2024, printf('%08d', row_number() OVER (ORDER BY atena_no)),
  1, 'confirmed', 1, 'decide', 'decided', atena_no, 1, '2024-04-08', 1, 1, 1,
  '2024-04-08', 4, 10, '2024-04-10', 30000, 30000, '2024-05-31', 'clerk',
  'T1', '2024-04-10 10:00:00', 1, 'supervisor', '2024-04-11 10:00:00',
  '20', 'R6-1'
  FROM (SELECT atena_no FROM residents WHERE current = 1)" >>"$work/setup.out" 2>&1 ||
    { echo "crash: notice setup failed: $(cat "$work/setup.out")" >&2; exit 1; }
printf 'demo-operator\n' >"$work/operator.pw"
# request DIR: a new job of all the passes; prints its number
request() {
	"$mg" --db "$1/ledger.db" notices request elderly nonyu --year 2024 \
	    --user operator --password-stdin <"$work/operator.pw" >"$1/request.out" 2>&1 ||
	    return 1
	sed -n 's/^job: //p' "$1/request.out"
}
# notices DIR JOB: run it; the spool directory is DIR/state/madoguchi/spool
notices() {
	XDG_STATE_HOME=$1/state exec "$mg" --db "$1/ledger.db" notices run "$2" \
	    --user operator --password-stdin <"$work/operator.pw" >"$1/run.out" 2>&1
}
# whole FILE: a complete PDF of $nrec pages
whole() {
	if command -v pdfinfo >/dev/null 2>&1; then
		[ "$(pdfinfo "$1" 2>/dev/null | sed -n 's/^Pages: *//p')" = "$nrec" ]
	else
		tail -c 1024 "$1" | grep -aq '%%EOF'
	fi
}
# job_ok DIR JOB [killed]: the job's state against its file; sets $problem, $jstate
job_ok() {
	row=$(sqlite3 -separator '|' "$1/ledger.db" \
	    "SELECT state, file, pages FROM print_jobs WHERE job_id = $2")
	jstate=${row%%|*}
	final=$1/state/madoguchi/spool/notices-$2.pdf
	case $jstate in
	done)
		f=${row#*|}; f=${f%|*}
		[ "$f" = "$final" ] || { problem="job $2 done with file '$f'"; return 1; }
		# Killed between its register commit and its rename, a done
		# job's file still has the temporary name (whole: it was
		# synced before registering); recovery puts it in place.
		tmpf=$1/state/madoguchi/spool/.notices-$2.pdf.tmp
		[ ! -f "$f" ] && [ "${3:-}" = killed ] && [ -f "$tmpf" ] && f=$tmpf
		[ -f "$f" ] || { problem="job $2 done without its file"; return 1; }
		[ "${row##*|}" = "$nrec" ] || { problem="job $2 done with ${row##*|} pages"; return 1; }
		whole "$f" || { problem="job $2 done, its PDF not whole"; return 1; } ;;
	ready|running)
		if [ -e "$final" ]; then
			whole "$final" || { problem="half-written PDF at the final name (job $2 $jstate)"; return 1; }
		fi ;;
	*)	problem="job $2 in state '$jstate'"; return 1 ;;
	esac
	return 0
}
cp -a "$tpl" "$work/measure"
jn=$(request "$work/measure") && [ -n "$jn" ] ||
    { echo "crash: a notice request fails: $(cat "$work/measure/request.out")" >&2; exit 1; }
t0=$(now_ms)
(notices "$work/measure" "$jn") ||
    { echo "crash: a plain notice job fails: $(cat "$work/measure/run.out")" >&2; exit 1; }
span=$(($(now_ms) - t0 + 20))
job_ok "$work/measure" "$jn" && [ "$jstate" = "done" ] ||
    { echo "crash: a plain notice job: $problem" >&2; exit 1; }
# self-check: a truncated PDF and a missing one are caught
head -c "$(($(wc -c <"$final") / 2))" "$final" >"$final.half" && mv "$final.half" "$final"
job_ok "$work/measure" "$jn" &&
    { echo "crash: self-check: a truncated PDF passed as whole" >&2; exit 1; }
rm -f "$final"
job_ok "$work/measure" "$jn" &&
    { echo "crash: self-check: a 'done' job without its file passed" >&2; exit 1; }
rm -rf "$work/measure"
echo "crash: a notice job of $nrec records takes ~${span}ms; $nruns kills in [0, ${span}ms]"
st_ready=0 st_running=0 st_done=0 tmpleft=0 orphan=0
for i in $(seq 1 "$nruns"); do
	d=$work/run
	rm -rf "$d"
	cp -a "$tpl" "$d"
	problem=
	ok=ok
	jn=$(request "$d") && [ -n "$jn" ] || { problem="request: $(cat "$d/request.out")"; ok=FAIL; }
	delay=$(awk -v r="$(rand "$i")" -v s="$span" 'BEGIN { printf "%d", r * s }')
	if [ $ok = ok ]; then
		(notices "$d" "$jn") &	# the subshell execs madoguchi: $! is its pid
		pid=$!
		sleep "$(awk -v m="$delay" 'BEGIN { printf "%.3f", m / 1000 }')"
		kill -KILL "$pid" 2>/dev/null
		wait "$pid" 2>/dev/null
		job_ok "$d" "$jn" killed || ok=FAIL
	fi
	if [ $ok = ok ]; then
		case $jstate in
		ready) st_ready=$((st_ready + 1)) ;;
		running) st_running=$((st_running + 1))
			[ -e "$d/state/madoguchi/spool/notices-$jn.pdf" ] && orphan=$((orphan + 1)) ;;
		done) st_done=$((st_done + 1)) ;;
		esac
		[ -e "$d/state/madoguchi/spool/.notices-$jn.pdf.tmp" ] && tmpleft=$((tmpleft + 1))
		# The next start recovers: a job cut short is failed and its
		# partial file gone; a done job has its whole file.
		XDG_STATE_HOME=$d/state "$mg" --db "$d/ledger.db" daily >"$d/daily.out" 2>&1 ||
		    { problem="daily: $(cat "$d/daily.out")"; ok=FAIL; }
		after=$(sqlite3 "$d/ledger.db" "SELECT state FROM print_jobs WHERE job_id = $jn")
		case $jstate/$after in
		ready/ready|running/failed|done/done) ;;
		*) problem="job $jn $jstate became '$after' after recovery"; ok=FAIL ;;
		esac
		[ -e "$d/state/madoguchi/spool/.notices-$jn.pdf.tmp" ] &&
		    { problem="partial file of job $jn left after recovery"; ok=FAIL; }
		[ "$after" = failed ] && [ -e "$d/state/madoguchi/spool/notices-$jn.pdf" ] &&
		    { problem="PDF of failed job $jn left after recovery"; ok=FAIL; }
		[ "$after" = done ] && ! whole "$d/state/madoguchi/spool/notices-$jn.pdf" &&
		    { problem="done job $jn has no whole PDF after recovery"; ok=FAIL; }
		check_common "$d/ledger.db" auditor demo-auditor || ok=FAIL
	fi
	if [ $ok = ok ]; then
		j2=$(request "$d") && [ -n "$j2" ] || { problem="rerun request: $(cat "$d/request.out")"; ok=FAIL; }
	fi
	if [ $ok = ok ]; then
		(notices "$d" "$j2") || { problem="rerun: $(cat "$d/run.out")"; ok=FAIL; }
	fi
	if [ $ok = ok ]; then
		job_ok "$d" "$j2" || ok=FAIL
		[ $ok = ok ] && [ "$jstate" != "done" ] && { problem="rerun job $j2 is $jstate"; ok=FAIL; }
		[ $ok = ok ] && { check_common "$d/ledger.db" auditor demo-auditor || ok=FAIL; }
	fi
	outcome "$i" "$delay" notices $ok
done
echo "crash: notices: $nruns kills: the job left ready $st_ready, running $st_running," \
    "done $st_done; whole PDF of an unregistered job $orphan; temporary file left $tmpleft"
echo "crash: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
