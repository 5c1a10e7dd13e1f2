#!/bin/sh
# Crash consistency (R-60): kill madoguchi with SIGKILL at seeded random
# moments during a resident import (`madoguchi import residents`) and a
# confirmation batch (tests/crash/confirm_driver.c; there is no command
# for confirming).  After every kill:
#   - PRAGMA integrity_check is ok (sqlite3 tool)
#   - `madoguchi audit verify` passes (the chain and its checkpoint file)
#   - import: the residents table holds none or all of the file's records
#   - confirm: every entry the driver reported committed (fsync'ed to a
#     file before it went on) is confirmed in the database
#   - a rerun of the job completes, and the checks hold again.
# A notice job (`madoguchi notices run`) is not yet covered here.
#
#   tests/crash/run.sh BUILD_DIR     CRASH_RUNS (per job, default 60),
#                                    CRASH_SEED (default 9), CRASH_RECORDS
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
count() {
	sqlite3 "$1/ledger.db" "SELECT count(DISTINCT atena_no) FROM residents"
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
echo "crash: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
