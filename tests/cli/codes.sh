# Code tables from the command line: an administrator loads a city's own
# fee table (納付額ファイル) and code tables from CSV, in UTF-8 or CP932;
# anyone with a role lists them; a clerk may not load; a bad line refuses
# the whole file naming its line; every attempt is audited.
. "$(dirname "$0")/lib.sh"

init_ledger
add_user clerk clerk-pass-1 clerk elderly
add_user auditor auditor-pass auditor

# Fiscal 2030, with the Japanese column names, in another order, CR LF.
FEE=$WORK/fee2030.csv
printf '年度,負担区分,限度額負担金額,0.5年負担金額,1.0年負担金額,1.5年負担金額\r\n' >"$FEE"
printf '2030,1,60000,0,0,0\r\n' >>"$FEE"
printf '2030,2,60000,4800,9600,14400\r\n' >>"$FEE"
printf '2030,3,1250000,12500,25000,37500\r\n' >>"$FEE"

# The fee table has no 2030 row yet.
secrets admin-pass-1
mg codes list fee --user admin --password-stdin
expect_status 0
expect_out "^ *Year +Tier +Half year +1 year +1.5 years +Cap$"
grep -q "^ *2030 " "$OUT" && fail "a 2030 row before the import"

# A clerk may not load it, and nothing is loaded.
secrets clerk-pass-1
mg codes import fee "$FEE" --user clerk --password-stdin
expect_status 1
expect_err "not permitted"
secrets clerk-pass-1
mg codes list fee --user clerk --password-stdin
expect_status 0
grep -q "^ *2030 " "$OUT" && fail "the clerk's import was stored"

# An account without any role may not even list it.
secrets admin-pass-1 norole-pass-1
mg user --user admin --password-stdin add norole
expect_status 0
secrets norole-pass-1
mg codes list fee --user norole --password-stdin
expect_status 1
expect_err "not permitted"
[ -s "$OUT" ] && fail "a refused list printed something"

# The administrator may.
secrets admin-pass-1
mg codes import fee "$FEE" --user admin --password-stdin
expect_status 0
expect_out "imported: 3 rows into fee"

# Anyone with a role lists it, amounts with thousands separators.
secrets clerk-pass-1
mg codes list fee --user clerk --password-stdin
expect_status 0
expect_out "^ *2030 +1 +0 +0 +0 +60,000$"
expect_out "^ *2030 +2 +4,800 +9,600 +14,400 +60,000$"
expect_out "^ *2030 +3 +12,500 +25,000 +37,500 +1,250,000$"
expect_out "^ *2024 +"
secrets clerk-pass-1
run env LANGUAGE=ja "$MADOGUCHI" --db "$DB" codes list fee --user clerk --password-stdin
expect_status 0
expect_out "^ *年度 +区分 +半年 +1年 +1年半 +上限$"
expect_out "^ *2030 +2 +4,800 +9,600 +14,400 +60,000$"

# A bad amount on line 3: refused naming the line, and the good line 2
# before it is not kept either.
BAD=$WORK/fee2031.csv
printf 'year,tier,half,one,one_half,cap\n' >"$BAD"
printf '2031,1,0,0,0,60000\n' >>"$BAD"
printf '2031,2,4800,9600,,60000\n' >>"$BAD"
secrets admin-pass-1
mg codes import fee "$BAD" --user admin --password-stdin
expect_status 1
expect_err "one_half"
expect_err "line 3"
expect_err "nothing was imported"
secrets admin-pass-1
mg codes list fee --user admin --password-stdin
grep -q "^ *2031 " "$OUT" && fail "a row of the refused file was stored"

# A check with its own detail still names the line (a vaccine's class).
printf 'code,name,attr\nX1,試験ワクチン,A\nX2,試験ワクチン2,C\n' >"$WORK/vacc.csv"
secrets admin-pass-1
mg codes import vaccine "$WORK/vacc.csv" --user admin --password-stdin
expect_status 1
expect_err "\[attr\] \(line 3"
secrets admin-pass-1
mg codes list vaccine --user admin --password-stdin
grep -q "^X1 " "$OUT" && fail "a vaccine of the refused file was stored"
expect_out "^Code +Designation +Class$"
expect_out "^BCG +BCG +A$"

# CP932 with kanji: bus companies 京都市バス and 京都バス2 (kanji in the
# header too), converted strictly.
B932=$WORK/bus932.csv
printf '\203\122\201\133\203\150,\226\274\217\314\r\n' >"$B932"	# コード,名称
printf '91,\213\236\223\163\216\163\203\157\203\130\r\n' >>"$B932"	# 京都市バス
printf '92,\213\236\223\163\203\157\203\130\202\121\r\n' >>"$B932"	# 京都バス２
secrets admin-pass-1
mg codes import bus "$B932" --encoding cp932 --user admin --password-stdin
expect_status 0
expect_out "imported: 2 rows into bus"
secrets auditor-pass
mg codes list bus --user auditor --password-stdin
expect_status 0
expect_out "^91 +京都市バス$"
expect_out "^92 +京都バス２$"
expect_out "^01 +京都バス$"

# The same file read as UTF-8, and a byte CP932 does not define: refused
# naming the line, nothing loaded.
secrets admin-pass-1
mg codes import bus "$B932" --user admin --password-stdin
expect_status 1
expect_err "not valid in the expected encoding"
expect_err "line 1"
printf 'code,name\n93,\213\236\223\163\n94,\240\n' >"$WORK/bad932.csv"
secrets admin-pass-1
mg codes import bus "$WORK/bad932.csv" --encoding cp932 --user admin --password-stdin
expect_status 1
expect_err "not valid in the expected encoding"
expect_err "line 3"
secrets admin-pass-1
mg codes list bus --user admin --password-stdin
grep -q "^93 " "$OUT" && fail "a bus company of the refused file was stored"

# Post offices: a postal code shown as 604-8571, columns by need.
printf 'code,name,postal_code,address,phone\n26999,試験郵便局,6048571,京都市中京区寺町通御池上る,075-222-3111\n' >"$WORK/post.csv"
secrets admin-pass-1
mg codes import post_office "$WORK/post.csv" --user admin --password-stdin
expect_status 0
expect_out "imported: 1 row into post_office"
secrets admin-pass-1
mg codes list post_office --user admin --password-stdin
expect_out "^Code +Designation +Postal code +Address +Phone$"
expect_out "^26999 +試験郵便局 +604-8571 +京都市中京区寺町通御池上る +075-222-3111$"

# Usage errors: exit 2, with the choices; a missing file: exit 1.
mg codes import buses "$FEE" --user admin
expect_status 2
expect_err "unknown code table 'buses'"
expect_err "post_office"
mg codes import fee
expect_status 2
mg codes list fee extra --user admin
expect_status 2
mg codes import fee "$FEE" --encoding euc-jp --user admin
expect_status 2
expect_err "utf-8 or cp932"
secrets admin-pass-1
mg codes import fee "$WORK/missing.csv" --user admin --password-stdin
expect_status 1
expect_err "cannot read"
mg codes --help
expect_status 0
expect_out "納付額ファイル"

# Every import attempt is in the log: the clerk's denial, the refusals,
# the loads.
secrets auditor-pass
mg audit --user auditor --password-stdin --op codes-import list
expect_status 0
expect_out "codes-import +denied"
expect_out "codes-import +failed"
expect_out "codes-import +ok +fee"
expect_out "codes-import +ok +bus"
exit 0
