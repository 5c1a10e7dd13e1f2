# audit verify (R-20): an untouched log verifies; a row changed or
# deleted with the sqlite3 tool makes verify exit 1 and name the row.
. "$(dirname "$0")/lib.sh"

init_ledger
add_user auditor auditor-pass auditor
secrets admin-pass-1
mg user --user admin --password-stdin list

secrets auditor-pass
mg audit --user auditor --password-stdin verify
expect_status 0
expect_out "intact"
[ -f "$DB.chain" ] || fail "no checkpoint file"

if ! have_sqlite3; then
	echo "sqlite3 missing: tampering skipped"
	exit 0
fi

# The triggers refuse a plain UPDATE.
if sqlite3 "$DB" "UPDATE audit_log SET detail = 'x' WHERE seq = 2" 2>/dev/null; then
	fail "UPDATE on audit_log was allowed"
fi

cp "$DB" "$WORK/pristine.db"
cp "$DB.chain" "$WORK/pristine.chain"

# (a) a row changed
sqlite3 "$DB" "DROP TRIGGER audit_log_no_update; UPDATE audit_log SET outcome = 'denied' WHERE seq = 3" ||
	fail "sqlite3 update failed"
secrets auditor-pass
mg audit --user auditor --password-stdin verify
expect_status 1
expect_out "row 3"
expect_out "modified"

# (b) a row deleted
cp "$WORK/pristine.db" "$DB"
cp "$WORK/pristine.chain" "$DB.chain"
rm -f "$DB-wal" "$DB-shm"
sqlite3 "$DB" "DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE seq = 4" ||
	fail "sqlite3 delete failed"
secrets auditor-pass
mg audit --user auditor --password-stdin verify
expect_status 1
expect_out "row 4"
expect_out "deleted"

# (c) the newest rows cut off: the checkpoint file notices.
cp "$WORK/pristine.db" "$DB"
cp "$WORK/pristine.chain" "$DB.chain"
rm -f "$DB-wal" "$DB-shm"
n=$(sqlite3 "$DB" "SELECT max(seq) FROM audit_log")
sqlite3 "$DB" "DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE seq >= $((n - 1))" ||
	fail "sqlite3 truncate failed"
secrets auditor-pass
mg audit --user auditor --password-stdin verify
expect_status 1
expect_any "row $((n - 1))|removed"
