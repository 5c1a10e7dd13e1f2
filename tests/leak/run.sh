#!/bin/sh
# Leak scan (issue 9.3): plant a recognisable person -- a My Number that is
# not in the demo population, a unique name and a unique address -- through
# `madoguchi import residents` into a demo ledger, drive the counter screens
# (clerk and supervisor: search by name and date of birth, open, reveal,
# lock by F12 and by idle time, unlock, logout) and the batch commands
# (audit list/verify, user list, media, export, notices, backup, the
# registers), keeping every stdout and stderr and the masked screen
# captures; then scan for the planted values:
#   - the captured stdout/stderr of every command and of the counter program
#   - the masked (locked) and logged-out screen captures
#   - everything under the private HOME, XDG_* and TMPDIR directories: the
#     spool directory, the audit checkpoint (*.chain), the backup directory
#     with its catalogue, the export medium (the sealed files too: they must
#     hold no plain text), the ledger directory
#   - files created or changed in /tmp (and the caller's TMPDIR) during the
#     run, compared with a listing taken before
# Patterns: the My Number as 12 digits and grouped 4-4-4 (space, hyphen),
# the name in kanji and kana with and without the space, the family name,
# the address; each in UTF-8, and in CP932 too.  Allowed: only the
# database files (ledger.db*), the notice PDF the job was asked for, and the
# input CSV this script wrote (outside the scanned tree).  Every file under
# the scanned private tree must be 0600, every directory 0700 (the program
# runs under umask 022, so its own umask and chmods are what is tested).
# A built-in self-check plants each pattern into canary files and a 0644
# file and requires the scanner to report every one of them.
#
#   tests/leak/run.sh BUILD_DIR      LEAK_KEEP=1 keeps the work directory
# Last line "leak-scan: N files scanned, 0 leaks"; exit 1 on any finding
# (file and pattern name only, never the value), 2 on a setup problem.
set -u
build=$(cd "${1:?usage: tests/leak/run.sh BUILD_DIR}" && pwd) || exit 2
src=$(cd "$(dirname "$0")/../.." && pwd) || exit 2
mg=$build/madoguchi
[ -x "$mg" ] || { echo "leak-scan: $mg is missing; build it first" >&2; exit 2; }
for t in sqlite3 tmux iconv; do
	command -v $t >/dev/null 2>&1 ||
	    { echo "leak-scan: the $t tool is needed" >&2; exit 2; }
done

umask 077
outer_tmp=${TMPDIR:-/tmp}
work=$(mktemp -d "$outer_tmp/madoguchi-leak-XXXXXX") || exit 2
chmod 700 "$work"
stamp=$work/.stamp
: >"$stamp"
# /tmp (and the caller's TMPDIR) before the run, for the comparison
list_tmp() {
	for r in /tmp "$outer_tmp"; do
		[ -d "$r" ] || continue
		find "$r" -xdev -path "$work" -prune -o -type f -print 2>/dev/null
	done | sort -u
}
list_tmp >"$work/tmp-before"
sleep 1	# -newer has a one-second grain on some file systems

P=$work/private	# inputs and patterns: never scanned
O=$work/out	# every captured stdout/stderr and screen: scanned
mkdir -m 700 "$P" "$O" "$work/home" "$work/config" "$work/data" "$work/state" \
    "$work/tmp" "$work/tmux" "$work/ledger" "$work/media"
export HOME="$work/home" XDG_CONFIG_HOME="$work/config" XDG_DATA_HOME="$work/data"
export XDG_STATE_HOME="$work/state" TMPDIR="$work/tmp" TMUX_TMPDIR="$work/tmux"
export MADOGUCHI_TERMINAL=T1 LANG=C.UTF-8 LC_ALL=C.UTF-8 LANGUAGE=
CONF=$XDG_CONFIG_HOME/madoguchi/config
mkdir -m 700 "$XDG_CONFIG_HOME/madoguchi"

# The screen helpers (tmux, polling); their temp dir lands in our TMPDIR.
# shellcheck disable=SC2034 # lib.sh reads it
MADOGUCHI=$mg
# shellcheck source=tests/screen/lib.sh
. "$src/tests/screen/lib.sh"
DB=$work/ledger/ledger.db	# (lib.sh has its own)
outer_canary=
cleanup_all() {
	cleanup
	[ -n "$outer_canary" ] && rm -f "$outer_canary"
	if [ -n "${LEAK_KEEP:-}" ]; then echo "leak-scan: kept $work" >&2
	else rm -rf "$work"
	fi
}
trap cleanup_all EXIT
trap 'exit 130' INT TERM
umask 022	# from here on the program's own umask/chmod must protect

# ---- the planted person ------------------------------------------------
NAME='漏洩検査　太郎'
KANA='ロウエイケンサ　タロウ'
ADDR='京都市北区紫野秘匿試験町七七七番地'
DOB=1944-07-07
ATENA=8800000777

fail() {
	echo "leak-scan: FAIL: $(redact "$*")" >&2
	exit 1
}
# redact TEXT: the planted values replaced by their pattern names.
redact() {
	printf '%s' "$1" | awk -v a="$NAME" -v b="$KANA" -v c="$ADDR" \
	    -v d="${MN:-x}" -v e="${NAME%%　*}" '
	function r(s, t, l,   i) {
		while ((i = index(s, t)) > 0)
			s = substr(s, 1, i - 1) "<" l ">" substr(s, i + length(t))
		return s
	}
	{ print r(r(r(r(r($0, a, "name"), b, "kana"), c, "address"), d, "mynumber"), e, "family") }'
}

"$mg" --db "$DB" demo --residents 40 >"$O/demo.out" 2>"$O/demo.err" ||
    fail "madoguchi demo"
# A valid My Number not in the population: the check digit found by trial.
MN=
for pre in 73914628051 73914628052 73914628053; do
	sqlite3 "$DB" "SELECT 1 FROM residents WHERE my_number LIKE '$pre%'" | grep -q 1 && continue
	for c in 0 1 2 3 4 5 6 7 8 9; do
		if "$mg" check-number "$pre$c" >>"$O/check-number.out" 2>>"$O/check-number.err"; then
			MN=$pre$c
			break 2
		fi
	done
done
[ -n "$MN" ] || fail "no valid unused My Number found"
MN444="$(echo "$MN" | cut -c1-4) $(echo "$MN" | cut -c5-8) $(echo "$MN" | cut -c9-12)"

# patterns: one file per pattern (grep -F -f), UTF-8 and CP932 forms
mkdir -m 700 "$P/pat"
pat() {	# pat LABEL STRING
	printf '%s\n' "$2" >"$P/pat/$1"
	printf '%s\n' "$2" | iconv -f UTF-8 -t CP932 2>/dev/null >>"$P/pat/$1"
	echo "$1" >>"$P/labels"
}
pat mynumber "$MN"
pat mynumber-4-4-4 "$MN444"
pat mynumber-4-4-4-hyphen "$(echo "$MN444" | tr ' ' -)"
pat name "$NAME"
pat name-nospace "$(echo "$NAME" | tr -d '　')"
pat name-family "${NAME%%　*}"
pat kana "$KANA"
pat kana-nospace "$(echo "$KANA" | tr -d '　')"
pat address "$ADDR"

# ---- the run: every command's stdout and stderr kept in $O -------------
n=0
# c NAME SECRETS CMD...: run CMD with SECRETS (lines, \n-separated) on
# stdin; stdout to $O/NAME.out, stderr to $O/NAME.err; status in $rc.
c() {
	_name=$1 _in=$2
	shift 2
	n=$((n + 1))
	printf '%b' "$_in" | "$@" >"$O/$n-$_name.out" 2>"$O/$n-$_name.err"
	rc=$?
}
ok() {	# ok NAME SECRETS CMD...: c, and the command must succeed
	c "$@"
	[ "$rc" -eq 0 ] || fail "$1 exited $rc: $(redact "$(cat "$O/$n-$1.err")")"
}

cat >"$CONF" <<EOF
office.city = 京都市
office.mayor = 門川　一郎
office.section = 保健福祉局　長寿福祉課
office.address = 京都市中京区寺町通御池上る上本能寺前町488番地
office.postal = 6048571
office.phone = 075-222-3111
template_dir = $src/print/templates
idle_lock_seconds = 5
auto_logoff_seconds = 600
EOF
chmod 600 "$CONF"

CSV=$P/jumin.csv
{
	echo "宛名番号,個人番号,氏名,氏名カナ,性別,生年月日,郵便番号,住所,方書,世帯番号"
	echo "$ATENA,$MN,$NAME,$KANA,1,S19.7.7,603-8214,$ADDR,,8800000777"
} >"$CSV"
BAD=$P/jumin-bad.csv	# the same person, a bad date: refused whole
sed 's/S19\.7\.7/S19.13.40/' "$CSV" >"$BAD"

c import-clerk 'demo-clerk\n' "$mg" --db "$DB" import residents "$CSV" \
    --encoding utf-8 --user clerk --password-stdin
[ "$rc" -ne 0 ] || fail "a clerk could import"
c import-bad 'demo-operator\n' "$mg" --db "$DB" import residents "$BAD" \
    --encoding utf-8 --user operator --password-stdin
[ "$rc" -ne 0 ] || fail "a bad date was imported"
ok import 'demo-operator\n' "$mg" --db "$DB" import residents "$CSV" \
    --encoding utf-8 --user operator --password-stdin
ok import-again 'demo-operator\n' "$mg" --db "$DB" import residents "$CSV" \
    --encoding utf-8 --user operator --password-stdin
row=$(sqlite3 -separator '|' "$DB" "SELECT my_number, name, name_kana, address, birth_date
    FROM residents WHERE atena_no = '$ATENA' AND current = 1")
[ "$row" = "$MN|$NAME|$KANA|$ADDR|$DOB" ] ||
    fail "the planted person is not stored as planted: $(redact "$row")"
ok check-number '' "$mg" check-number "$MN"

# ---- the counter screens -------------------------------------------------
# lib.sh's start with the program's stderr kept in a file.
start() {
	[ "$T" = false ] || $T kill-server 2>/dev/null
	RUNS=$((RUNS + 1))
	SOCKS="$SOCKS leak$$-$RUNS"
	T="tmux -L leak$$-$RUNS -f /dev/null"
	$T new -d -s app -x 100 -y 30 \
	    "env LANGUAGE=$1 LANG=C.UTF-8 LC_ALL= MADOGUCHI_TERMINAL=T1 '$mg' --db '$DB' -f '$CONF' 2>>'$O/tui.err'; echo EXITED \$?; sleep 60"
	wait_for '[LOGIN]'
}
# search_open: from the menu, the person by family name and date of birth.
search_open() {
	keys F2
	wait_for '[SEARCH]'
	text "${NAME%%　*}"
	keys Tab
	text S19.7.7
	keys Tab Tab Tab Tab Tab
	text 01
	text LEAK-1
	keys F10
	wait_for "$ATENA"
	keys Enter
	wait_for '[RESIDENT]'
	wait_for "$ADDR"
}
shots=0
shot() {	# shot NAME: a screen capture to be scanned
	shots=$((shots + 1))
	screen >"$O/screen-$1.txt"
}
start en
login clerk demo-clerk
wait_for '[MENU]'
search_open
keys F5		# a clerk's reveal: refused (and audited)
wait_message 10
keys F12
wait_for '[LOCK]'
shot clerk-f12-lock
text demo-clerk
keys Enter
wait_for '[RESIDENT]'
keys F9
wait_for '[LOGIN]'
shot clerk-logged-out

login supervisor demo-supervisor
wait_for '[MENU]'
search_open
keys F5		# the supervisor's reveal: the full number on screen
wait_for "$MN444"
wait_for '[LOCK]' 15	# idle lock after 5 s
shot supervisor-idle-lock
text demo-supervisor
keys Enter
wait_for '[RESIDENT]'
keys F12
wait_for '[LOCK]'
shot supervisor-f12-lock
text demo-supervisor
keys Enter
wait_for '[RESIDENT]'
keys F9
wait_for '[LOGIN]'
shot supervisor-logged-out
# end the program (SIGTERM) so that its stderr is complete
pp=$($T display -p -t app '#{pane_pid}')
tp=$(ps -o pid= --ppid "$pp" | tr -d ' ')
[ -n "$tp" ] && kill -TERM "$tp"
wait_for 'EXITED'
$T kill-server 2>/dev/null
T=false

# ---- the batch commands --------------------------------------------------
ok audit-list 'demo-auditor\n' "$mg" --db "$DB" audit list --user auditor --password-stdin
grep -q reveal "$O/$n-audit-list.out" || fail "no reveal in the audit list"
ok audit-list-target 'demo-auditor\n' "$mg" --db "$DB" audit list --target "$ATENA" \
    --user auditor --password-stdin
ok audit-verify 'demo-auditor\n' "$mg" --db "$DB" audit verify --user auditor --password-stdin
ok user-list 'demo-admin\n' "$mg" --db "$DB" user list --user admin --password-stdin

ok media-register 'demo-admin\n' "$mg" --db "$DB" media register "$work/media" LEAK-USB \
    --description "検査用USB" --user admin --password-stdin
ok media-list 'demo-admin\n' "$mg" --db "$DB" media list --user admin --password-stdin
ok export 'demo-operator\nexport pass 1\n' "$mg" --db "$DB" export residents \
    --media "$work/media" --file residents.enc --purpose "漏れ検査" \
    --user operator --password-stdin --passphrase-stdin
ok export-list 'demo-admin\n' "$mg" --db "$DB" export list --user admin --password-stdin

# an elderly pass for the planted person and the demo's older residents
sqlite3 "$DB" "INSERT INTO elderly_passes (year, pass_no, rireki_no, state, current,
  op, status, atena_no, pass_type, apply_date, channel, applicant_type,
  id_doc, reference_date, tier, period, judged_on, table_amount,
  fee_amount, due_date, operator, terminal, stamp, update_seq,
  confirmed_by, confirmed_at, reason_code, ref_no)
  SELECT 2024, printf('%08d', row_number() OVER (ORDER BY atena_no)),
  1, 'confirmed', 1, 'decide', 'decided', atena_no, 1, '2024-04-08', 1, 1, 1,
  '2024-04-08', 4, 10, '2024-04-10', 30000, 30000, '2024-05-31', 'clerk',
  'T1', '2024-04-10 10:00:00', 1, 'supervisor', '2024-04-11 10:00:00',
  '20', 'R6-1'
  FROM (SELECT atena_no FROM residents WHERE current = 1
        AND birth_date <= '1950-01-01' AND restricted = 0
        ORDER BY atena_no = '$ATENA' DESC, atena_no LIMIT 5)" || fail "seeding the passes"
sqlite3 "$DB" "SELECT count(*) FROM elderly_passes WHERE atena_no = '$ATENA'" | grep -qx 1 ||
    fail "no pass for the planted person"
ok notices-preview 'demo-operator\n' "$mg" --db "$DB" notices preview elderly nonyu \
    --year 2024 --user operator --password-stdin
ok notices-request 'demo-operator\n' "$mg" --db "$DB" notices request elderly nonyu \
    --year 2024 --user operator --password-stdin
job=$(sed -n 's/^job: //p' "$O/$n-notices-request.out")
[ -n "$job" ] || fail "no notice job number"
ok notices-run 'demo-operator\n' "$mg" --db "$DB" notices run "$job" \
    --user operator --password-stdin
PDF=$XDG_STATE_HOME/madoguchi/spool/notices-$job.pdf
[ -f "$PDF" ] || fail "no notice PDF in the spool directory"
if command -v pdftotext >/dev/null 2>&1; then
	# the PDF is intended to hold the person: proof the job included them
	pdftotext "$PDF" - 2>/dev/null | tr -d ' 　\n' |
	    grep -qF "$(echo "$NAME" | tr -d '　')" ||
	    fail "the notice PDF lacks the planted person"
fi
ok notices-show 'demo-operator\n' "$mg" --db "$DB" notices show "$job" \
    --user operator --password-stdin
ok notices-register 'demo-supervisor\n' "$mg" --db "$DB" notices register list \
    --user supervisor --password-stdin
ok notices-pages 'demo-supervisor\n' "$mg" --db "$DB" notices register pages "$job" \
    --user supervisor --password-stdin

ok backup 'demo-admin\nbackup pass 1\n' "$mg" --db "$DB" backup --full \
    --dir "$work/backups" --user admin --password-stdin --passphrase-stdin
ok backup-list 'demo-admin\n' "$mg" --db "$DB" backup list --user admin --password-stdin
ok audit-verify-end 'demo-auditor\n' "$mg" --db "$DB" audit verify --user auditor --password-stdin

# positive controls: the places that hold the person by design do
grep -aqF "$NAME" "$DB" "$DB"-wal 2>/dev/null || fail "the scanner does not find the name in the ledger"
ls "$work"/media/*.enc "$work"/backups/*.mdgbak >/dev/null 2>&1 ||
    fail "no export or backup file"
[ -f "$work/backups/catalogue" ] || fail "no backup catalogue"
ls "$DB".chain >/dev/null 2>&1 || fail "no audit checkpoint file"

# ---- the scan ------------------------------------------------------------
# targets: the captures, the private tree but the database files, the
# intended PDF and private/; new or changed files in /tmp and TMPDIR.
targets() {
	find "$work" \( -path "$P" -o -path "$work/tmux" \) -prune -o -type f \
	    ! -name 'ledger.db' ! -name 'ledger.db-wal' ! -name 'ledger.db-shm' \
	    ! -name 'ledger.db-journal' ! -path "$PDF" ! -path "$work/tmp-*" \
	    ! -path "$stamp" -print
	list_tmp >"$work/tmp-after"
	{
		comm -13 "$work/tmp-before" "$work/tmp-after"
		for r in /tmp "$outer_tmp"; do
			find "$r" -xdev -path "$work" -prune -o -type f -newer "$stamp" \
			    -size -200M -print 2>/dev/null
		done
	} | sort -u
}
# scan: every target for every pattern; modes under $work.  Sets $files,
# $leaks; prints each finding as FILE: PATTERN.
scan() {
	targets >"$work/tmp-targets"
	files=$(wc -l <"$work/tmp-targets")
	leaks=0
	while read -r label; do
		tr '\n' '\0' <"$work/tmp-targets" |
		    LC_ALL=C xargs -0 -r grep -aslF -f "$P/pat/$label" -- >"$work/tmp-hits"
		while IFS= read -r f; do
			echo "leak-scan: LEAK ${f#"$work"/}: $label"
			leaks=$((leaks + 1))
		done <"$work/tmp-hits"
	done <"$P/labels"
	# modes: the program's files 0600, directories 0700 (not $O: the
	# captures are this script's)
	find "$work" \( -path "$P" -o -path "$O" -o -path "$work/tmux" \) -prune \
	    -o \( -type f ! -perm 600 ! -path "$work/tmp-*" ! -path "$stamp" \) -print \
	    -o \( -type d ! -perm 700 \) -print >"$work/tmp-hits"
	while IFS= read -r f; do
		echo "leak-scan: MODE ${f#"$work"/}: $(stat -c %a "$f")"
		leaks=$((leaks + 1))
	done <"$work/tmp-hits"
}

# the self-check first: each pattern in a canary, and a 0644 file
mkdir -m 700 "$TMPDIR/canary"
while read -r label; do
	sed -n 1p "$P/pat/$label" | sed 's/^/x/' >"$TMPDIR/canary/$label"
	chmod 600 "$TMPDIR/canary/$label"
done <"$P/labels"
iconv -f UTF-8 -t CP932 <"$TMPDIR/canary/name" >"$TMPDIR/canary/name-cp932"
chmod 600 "$TMPDIR/canary/name-cp932"
: >"$TMPDIR/canary/open"
chmod 644 "$TMPDIR/canary/open"
# and one outside the private tree: the /tmp comparison must find it
outer_canary=$(mktemp "$outer_tmp/madoguchi-leak-canary-XXXXXX") || exit 2
sed -n 1p "$P/pat/kana" >"$outer_canary"
scan >"$work/tmp-self"
grep -qx "leak-scan: LEAK $outer_canary: kana" "$work/tmp-self" ||
    fail "self-check: a new file in $outer_tmp was not reported"
rm -f "$outer_canary"
outer_canary=
while read -r label; do
	grep -qx "leak-scan: LEAK tmp/canary/$label: $label" "$work/tmp-self" ||
	    fail "self-check: the planted $label was not reported"
done <"$P/labels"
grep -qx "leak-scan: LEAK tmp/canary/name-cp932: name" "$work/tmp-self" ||
    fail "self-check: the name in CP932 was not reported"
grep -qx "leak-scan: MODE tmp/canary/open: 644" "$work/tmp-self" ||
    fail "self-check: a 0644 file was not reported"
rm -rf "$TMPDIR/canary"

scan
echo "leak-scan: $n commands, $shots screen captures; $files files scanned, $leaks leaks"
[ "$leaks" -eq 0 ]
