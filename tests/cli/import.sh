# import residents (issue 7, R-35) through the real binary: the CP932 file
# with 〜 − ① ㈱ 髙, half-width kana and a bad check digit is refused whole
# (the line named, no value echoed); with --skip-bad the good records
# commit, the bad one lands in a 0600 error file in CP932; roles, usage,
# the fixed layout, and the audit log.
. "$(dirname "$0")/lib.sh"

run "$MADOGUCHI" --db "$DB" demo --residents 0
expect_status 0

# CP932 bytes written with printf octal escapes: 髙 FB FC, 〜 81 60,
# − 81 7C, ① 87 40, ㈱ 87 8A, U+3000 81 40, ｲﾁﾛｳ B2 C1 DB B3.
F=$WORK/jumin.csv
{
	iconv -f UTF-8 -t CP932 <<'HDR'
宛名番号,個人番号,氏名,氏名カナ,性別,生年月日,郵便番号,住所,方書,世帯番号
HDR
	printf '9000000001,123456789018,\373\374\213\264\201\100\210\352\230\131,\262\301\333\263,1,S45.3.1,600-8001,A\207\100\201\174\063,M\201\140\207\212,1\r\n'
	printf '9000000002,621498320257,X,\262\301,2,1980-01-02,6008002,B,,2\r\n'
	printf '9000000003,123456789013,Y,\262\301,1,H2.5.6,,C,,3\r\n'
} >"$F"
# the header written by iconv ends in LF: the file mixes LF and CR LF

secrets demo-operator
mg import residents "$F" --encoding cp932 --user operator --password-stdin
expect_status 1
expect_err "line 4: 個人番号: the check digit does not match"
expect_err "nothing was imported"
expect_none 123456789013
expect_none 123456789018

# cp932 is required for these bytes: utf-8 fails on line 2, named
secrets demo-operator
mg import residents "$F" --encoding utf-8 --user operator --password-stdin
expect_status 1
expect_err "line 1: |line 2: "

# a clerk may not import (and the refusal is audited)
secrets demo-clerk
mg import residents "$F" --encoding cp932 --user clerk --password-stdin
expect_status 1
expect_err "not permitted"

# usage errors
mg import residents "$F" --user operator
expect_status 2
mg import residents "$F" --encoding cp932 --skip-bad --user operator
expect_status 2

E=$WORK/errors.csv
secrets demo-operator
mg import residents "$F" --encoding cp932 --skip-bad --errors "$E" \
    --user operator --password-stdin
expect_status 0
expect_out "3 records, 2 accepted \(2 new, 0 updated, 0 unchanged\), 1 rejected"
expect_out "checksum \(BLAKE2b-256\): [0-9a-f]{64}"
[ "$(stat -c %a "$E")" = 600 ] || fail "error file mode $(stat -c %a "$E")"
# the error file holds the original CP932 record and its line
grep -q "$(printf '9000000003,123456789013,Y,\262\301,1,H2.5.6,,C,,3,4,')" "$E" ||
    fail "error file lacks the original record"
iconv -f CP932 -t UTF-8 "$E" | head -1 | grep -q "世帯番号,元行番号,エラー" ||
    fail "error file header"
iconv -f CP932 -t UTF-8 "$E" | grep -q "9000000002" && fail "good row in error file"

# the stored values, read back with sqlite3 when it is there
if have_sqlite3; then
	row=$(sqlite3 "$DB" "SELECT name, name_kana, address, katagaki, birth_date,
	    postal_code, rireki_no, ref_no, operator, terminal FROM residents
	    WHERE atena_no = '9000000001'")
	[ "$row" = "髙橋　一郎|イチロウ|A1-3|M～㈱|1970-03-01|6008001|1|jumin.csv|operator|T1" ] ||
	    fail "stored row: $row"
fi

# the same file again: nothing new for the two, the third still bad
secrets demo-operator
mg import residents "$F" --encoding cp932 --skip-bad --errors "$E" \
    --user operator --password-stdin
expect_status 0
expect_out "2 accepted \(0 new, 0 updated, 2 unchanged\)"

# the fixed layout: 328 bytes + CR LF; a changed address makes version 2
R=$WORK/fixed.dat
pad() { printf "%-$2s" "$1"; }
{
	pad 9000000001 10; pad 123456789018 12
	printf '\373\374\213\264\201\100\210\352\230\131'; pad "" 30
	printf '\262\301\333\263'; pad "" 56
	printf 1; pad 3450301 8; pad 6008001 7
	pad D 120; pad "" 60; pad 1 10; printf '\r\n'
} >"$R"
[ "$(wc -c <"$R")" -eq 330 ] || fail "fixture is $(wc -c <"$R") bytes"
secrets demo-operator
mg import residents "$R" --format fixed --user operator --password-stdin
expect_status 0
expect_out "1 records, 1 accepted \(0 new, 1 updated"
if have_sqlite3; then
	v=$(sqlite3 "$DB" "SELECT rireki_no || ':' || address FROM residents
	    WHERE atena_no = '9000000001' AND current = 1")
	[ "$v" = "2:D" ] || fail "new version: $v"
fi

# the audit log: imports with counts, nothing personal, chain intact
secrets demo-auditor
mg audit --user auditor --password-stdin list
expect_status 0
expect_out "import"
expect_out "total=3 accepted=2 rejected=1"
expect_none 123456789018
expect_none 髙橋
secrets demo-auditor
mg audit --user auditor --password-stdin verify
expect_status 0
exit 0
