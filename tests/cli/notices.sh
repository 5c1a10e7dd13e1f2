#!/bin/sh
# `madoguchi notices`: kinds and --help; a small elderly-pass 納入通知書 job
# previewed with a sample page, requested and run by the operator into
# the spool directory (a pending pass and a restricted person left out);
# the PDF's text holds the name, the address, the amount with separators
# and the notice number; the register row, its pages and a disposal; a
# 120-record job that waits for a second user's check, is refused without
# its approval, runs once with it and is refused again; ^C-less cancel is
# covered by the unit test.  Passes are seeded with sqlite3 as confirmed
# rows (the ledger APIs are exercised by tests/unit/test_notices.c).
. "$(dirname "$0")/lib.sh"

have_sqlite3 || { echo "skip: no sqlite3"; exit 0; }
command -v pdftotext >/dev/null 2>&1 || { echo "skip: no pdftotext"; exit 0; }

mkdir -p "$XDG_CONFIG_HOME/madoguchi"
cat >"$XDG_CONFIG_HOME/madoguchi/config" <<EOF
office.city = 京都市
office.mayor = 門川　一郎
office.section = 保健福祉局　長寿福祉課
office.address = 京都市中京区寺町通御池上る上本能寺前町488番地
office.postal = 6048571
office.phone = 075-222-3111
template_dir = $MADOGUCHI_SRC/print/templates
EOF

mg notices --help
expect_status 0
expect_out 'notices run JOB'
mg notices kinds
expect_status 0
expect_out 'elderly +nonyu'
expect_out 'vaccine +sesshuzumi'

mg demo --residents 1500
expect_status 0

sql() { sqlite3 "$DB" "$1" || fail "sqlite3: $1"; }

# N decided passes of 2024 for the oldest residents from OFFSET on.
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

seed 3 0 0 confirmed 1
seed 1 3 100 pending 0
first=$(sqlite3 "$DB" "SELECT atena_no FROM elderly_passes WHERE pass_no = '00000001'")
name=$(sqlite3 "$DB" "SELECT replace(name, '　', '') FROM residents WHERE atena_no = '$first' AND current = 1")
addr=$(sqlite3 "$DB" "SELECT address FROM residents WHERE atena_no = '$first' AND current = 1")
pend=$(sqlite3 "$DB" "SELECT replace(r.name, '　', '') FROM residents r JOIN elderly_passes p USING (atena_no) WHERE p.pass_no = '00000101' AND r.current = 1")
third=$(sqlite3 "$DB" "SELECT atena_no FROM elderly_passes WHERE pass_no = '00000003'")
sql "UPDATE residents SET restricted = 1 WHERE atena_no = '$third' AND current = 1"
[ -n "$name" ] && [ -n "$addr" ] || fail "no seeded person"

# Preview with a sample page.
secrets demo-operator
mg notices preview elderly nonyu --year 2024 --sample "$WORK/sample.pdf" --user operator --password-stdin
expect_status 0
expect_out '^notices: 2$'
expect_out 'skipped, restricted \(R-14\): 1'
expect_out "2024-00000003"
expect_out 'left out for your role \(R-12\): fee_tier'
[ -f "$WORK/sample.pdf" ] || fail "no sample page"
pdftotext -layout "$WORK/sample.pdf" - | tr -d ' 　' | grep -q SAMPLE || fail "sample page"

# A clerk may not.
secrets demo-clerk
mg notices preview elderly nonyu --year 2024 --user clerk --password-stdin
expect_status 1

secrets demo-operator
mg notices request elderly nonyu --year 2024 --user operator --password-stdin
expect_status 0
expect_out 'state: ready'
job=$(sed -n 's/^job: //p' "$OUT")
[ -n "$job" ] || fail "no job number"

secrets demo-operator
mg notices run "$job" --lp office-printer --user operator --password-stdin
# lp is not installed here: the PDF is kept and registered, lp is named.
if command -v lp >/dev/null 2>&1; then :; else
	expect_status 1
	expect_err 'lp is not installed'
fi
pdf="$XDG_STATE_HOME/madoguchi/spool/notices-$job.pdf"
[ -f "$pdf" ] || fail "no PDF in the spool directory"
[ "$(stat -c %a "$pdf")" = 600 ] || fail "PDF not 0600"
ls -a "$XDG_STATE_HOME/madoguchi/spool" | grep -q tmp && fail "temporary file left"
text=$(pdftotext -layout "$pdf" - | tr -d ' 　')
echo "$text" | grep -qF "$name" || fail "PDF lacks the name"
echo "$text" | grep -qF "$(echo "$addr" | tr -d ' 　')" || fail "PDF lacks the address"
echo "$text" | grep -qF '¥30,000' || fail "PDF lacks the amount"
echo "$text" | grep -qF "$job-000001" || fail "PDF lacks the notice number"
echo "$text" | grep -qF "$job-000002" || fail "PDF lacks notice 2"
[ -n "$pend" ] && echo "$text" | grep -qF "$pend" && fail "pending record printed"
pdftoppm -png -r 50 -f 1 -l 1 -singlefile "$pdf" "$WORK/page1" || fail "pdftoppm"
[ "$(stat -c %s "$WORK/page1.png")" -gt 5000 ] || fail "page 1 looks blank"

# Run again: refused.
secrets demo-operator
mg notices run "$job" --user operator --password-stdin
expect_status 1
expect_err 'is done'

# The register: one row, 2 pages, the keys per page; disposal.
secrets demo-supervisor
mg notices register list --user supervisor --password-stdin
expect_status 0
expect_out "^$job	done	elderly/nonyu	敬老乗車証負担金納入通知書	operator	-	-	.*	2	2	-$"
secrets demo-supervisor
mg notices register pages "$job" --user supervisor --password-stdin
expect_status 0
expect_out '^1	2024-00000001$'
expect_out '^2	2024-00000002$'
secrets demo-operator
mg notices register dispose "$job" --method shredded --user operator --password-stdin
expect_status 1
secrets demo-supervisor
mg notices register dispose "$job" --method 溶解処理 --date R6.6.10 --user supervisor --password-stdin
expect_status 0
secrets demo-supervisor
mg notices show "$job" --user supervisor --password-stdin
expect_status 0
expect_out 'dispose	2024-06-10	溶解処理	supervisor'
expect_out '^pages: 2$'

# The operators' job list: state, kind, user, approver, pages, records,
# time, reprint, custody; translated headings; not for a clerk.
secrets demo-operator
mg notices jobs --user operator --password-stdin
expect_status 0
expect_out '^job	state	kind	user	approver	pages	records	time	reprint of	handed over	stored	disposed$'
expect_out "^$job	done	elderly/nonyu	operator	-	2	2	[0-9-]+ [0-9:]+	-	-	-	2024-06-10$"
secrets demo-operator
run env LANGUAGE=ja "$MADOGUCHI" --db "$DB" notices jobs --user operator --password-stdin
expect_status 0
expect_out '^ジョブ	状態	種類	実行者	承認者	ページ数	件数	日時	再印刷元	引渡し	保管	廃棄$'
secrets demo-clerk
mg notices jobs --user clerk --password-stdin
expect_status 1

# A mass mailing: 120 more passes.
seed 120 10 200 confirmed 1
secrets demo-operator
mg notices request elderly nonyu --year 2024 --purpose "R6 納入通知" --user operator --password-stdin
expect_status 0
expect_out 'state: awaiting check'
big=$(sed -n 's/^job: //p' "$OUT")
appr=$(sed -n 's/^approval request: \([0-9]*\).*/\1/p' "$OUT")
[ -n "$big" ] && [ -n "$appr" ] || fail "no job or approval"
secrets demo-operator
mg notices run "$big" --user operator --password-stdin
expect_status 1
expect_err 'awaiting a second user'
secrets demo-operator
mg notices check "$big" --user operator --password-stdin
expect_status 1
secrets demo-supervisor
mg notices check "$big" --user supervisor --password-stdin
expect_status 0
expect_out 'is ready'
secrets demo-operator
mg notices run "$big" --out "$WORK/big.pdf" --user operator --password-stdin
expect_status 1
expect_err 'approval'
[ -f "$WORK/big.pdf" ] && fail "refused run left a file"
secrets demo-supervisor2
mg approve grant "$appr" --user supervisor2 --password-stdin
expect_status 0
secrets demo-operator
mg notices run "$big" --out "$WORK/big.pdf" --threads 2 --user operator --password-stdin
expect_status 0
expect_out "job $big: 122 notices, 122 pages"
[ "$(pdfinfo "$WORK/big.pdf" 2>/dev/null | sed -n 's/^Pages: *//p')" = 122 ] || fail "big.pdf pages"
[ "$(stat -c %a "$WORK/big.pdf")" = 600 ] || fail "big.pdf not 0600"
secrets demo-operator
mg notices run "$big" --out "$WORK/big2.pdf" --user operator --password-stdin
expect_status 1
secrets demo-supervisor
mg notices show "$big" --user supervisor --password-stdin
expect_out '^approval: [0-9]+ supervisor2$'
expect_out '^checked: supervisor '
expect_out '^records: 122$'

# A run cut short (a job left running with no live process, its partial
# file in the spool) and the daily job (R-51): the job is failed, its
# partial file removed, a spool PDF two weeks old is deleted and logged,
# a file of another program in the spool is left alone.
spool="$XDG_STATE_HOME/madoguchi/spool"
secrets demo-operator
mg notices request elderly nonyu --year 2024 --user operator --password-stdin
expect_status 0
cut=$(sed -n 's/^job: //p' "$OUT")
sql "UPDATE print_jobs SET state = 'running', run_by = 'operator',
  run_at = '2024-06-01 10:00:00', file = '$spool/notices-$cut.pdf'
  WHERE job_id = $cut"
printf 'partial' >"$spool/.notices-$cut.pdf.tmp"
touch -d '14 days ago' "$pdf"
printf 'x' >"$spool/keep-me.txt"
touch -d '14 days ago' "$spool/keep-me.txt"
mg daily --help
expect_status 0
expect_out 'usage: madoguchi daily'
mg daily
expect_status 0
expect_out '^notice jobs marked failed \(cut short\): 1$'
expect_out '^partial notice files removed: 1$'
expect_out '^transient files removed: 1$'
[ "$(sqlite3 "$DB" "SELECT state FROM print_jobs WHERE job_id = $cut")" = failed ] ||
    fail "the job cut short is not failed"
[ -e "$spool/.notices-$cut.pdf.tmp" ] && fail "partial file left"
[ -e "$pdf" ] && fail "a spool PDF two weeks old is left"
[ -f "$spool/keep-me.txt" ] || fail "daily removed a file that is not its own"
[ "$(sqlite3 "$DB" "SELECT count(*) FROM audit_log WHERE op = 'notices-interrupt'
  AND target = 'job:$cut'")" = 1 ] || fail "no notices-interrupt audit row"
[ "$(sqlite3 "$DB" "SELECT count(*) FROM audit_log WHERE op = 'transient-remove'
  AND target = 'spool:notices-$job.pdf'")" = 1 ] || fail "no transient-remove audit row"
mg daily
expect_status 0
expect_out '^transient files removed: 0$'
exit 0
