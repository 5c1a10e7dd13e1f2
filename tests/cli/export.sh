# media register and export through the real binary (R-43, R-45 – R-47):
# an admin registers a medium; an operator exports onto it, not anywhere
# else (refused and audited); the file holds no personal text; decrypt
# with a wrong passphrase fails, with the right one gives the CSV that
# imports into a new ledger unchanged; the bulk rule with an approval by
# a different supervisor; the register and the medium's return.
. "$(dirname "$0")/lib.sh"

run "$MADOGUCHI" --db "$DB" demo --residents 20
expect_status 0
USB=$WORK/usb
mkdir -m 700 "$USB"

secrets demo-admin
mg media register "$USB" USB-07 --description "貸与USB" --user admin --password-stdin
expect_status 0
[ "$(stat -c %a "$USB/.madoguchi-media")" = 600 ] || fail "ID file mode"
secrets demo-operator
mg media register "$WORK" USB-08 --user operator --password-stdin
expect_status 1

secrets demo-operator "export pass 1"
mg export residents --media "$WORK" --file x.enc --purpose test \
    --user operator --password-stdin --passphrase-stdin
expect_status 1
expect_err "not a registered, active medium"
[ ! -e "$WORK/x.enc" ] || fail "written outside a medium"

secrets demo-operator "export pass 1"
mg export residents --media "$USB" --file residents.enc --purpose "転出先提供" \
    --user operator --password-stdin --passphrase-stdin
expect_status 0
expect_out "export job 1: 20 records to medium USB-07"
[ "$(stat -c %a "$USB/residents.enc")" = 600 ] || fail "export mode"
if have_sqlite3; then
	name=$(sqlite3 "$DB" "SELECT name FROM residents WHERE atena_no = '0000000001'")
	mn=$(sqlite3 "$DB" "SELECT my_number FROM residents WHERE atena_no = '0000000001'")
	! grep -aqF "$name" "$USB/residents.enc" || fail "name in the export"
	! grep -aqF "$mn" "$USB/residents.enc" || fail "number in the export"
fi

secrets demo-operator "wrong pass 1"
mg decrypt "$USB/residents.enc" --out "$WORK/plain.csv" --user operator \
    --password-stdin --passphrase-stdin
expect_status 1
expect_err "cannot be decrypted"
[ ! -e "$WORK/plain.csv" ] || fail "plain text after a failed decrypt"
secrets demo-operator "export pass 1"
mg decrypt "$USB/residents.enc" --out "$WORK/plain.csv" --user operator \
    --password-stdin --passphrase-stdin
expect_status 0
head -1 "$WORK/plain.csv" | grep -q "^宛名番号,個人番号,氏名,氏名カナ,性別,生年月日" ||
    fail "CSV header"

# the round trip into a new ledger
DB2=$WORK/ledger2/ledger.db
run "$MADOGUCHI" --db "$DB2" demo --residents 0
secrets demo-operator
run "$MADOGUCHI" --db "$DB2" import residents "$WORK/plain.csv" --encoding utf-8 \
    --user operator --password-stdin
expect_status 0
expect_out "20 records, 20 accepted \(20 new"
if have_sqlite3; then
	q="SELECT atena_no, my_number, name, name_kana, sex, birth_date, postal_code,
	    address, katagaki, household_no, phone FROM residents WHERE current = 1
	    ORDER BY atena_no"
	[ "$(sqlite3 "$DB" "$q")" = "$(sqlite3 "$DB2" "$q")" ] ||
	    fail "the imported rows differ"
fi

# bulk: above the threshold an approval by another supervisor
secrets demo-admin
mg setting set bulk_threshold 10 --user admin --password-stdin
expect_status 0
secrets demo-operator "export pass 1"
mg export residents --media "$USB" --file bulk.enc --purpose bulk \
    --user operator --password-stdin --passphrase-stdin
expect_status 1
expect_err "needs a valid approval"
secrets demo-operator
mg approve request --kind export --count 20 --purpose "一括提供" \
    --user operator --password-stdin
expect_status 0
expect_out "approval request 1 filed"
secrets demo-supervisor
mg approve grant 1 --user supervisor --password-stdin
expect_status 0
secrets demo-operator "export pass 1"
mg export residents --media "$USB" --file bulk.enc --purpose bulk --approval 1 \
    --user operator --password-stdin --passphrase-stdin
expect_status 0
secrets demo-operator "export pass 1"
mg export residents --media "$USB" --file bulk2.enc --purpose bulk --approval 1 \
    --user operator --password-stdin --passphrase-stdin
expect_status 1

# the register, and the medium's return
secrets demo-admin
mg export close 1 returned --user admin --password-stdin
expect_status 0
secrets demo-admin
mg export list --user admin --password-stdin
expect_status 0
expect_out "USB-07 +residents.enc 20 records .*purpose=転出先提供 returned "
expect_out "approval=1 approver=supervisor"
secrets demo-auditor
mg audit list --user auditor --password-stdin --op export
expect_status 0
expect_out "denied .*R-45"
expect_out "denied .*R-43"
