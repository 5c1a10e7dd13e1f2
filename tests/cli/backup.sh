# backup and restore through the real binary (R-55 – R-57): a full backup
# taken while another process keeps writing, a differential, a restore
# into a new file that passes PRAGMA integrity_check and `audit verify`;
# a wrong passphrase and a corrupted file refused with nothing written;
# admin only; the catalogue lists both backups; no plain text in them.
. "$(dirname "$0")/lib.sh"

run "$MADOGUCHI" --db "$DB" demo --residents 200
expect_status 0
B=$WORK/backups
NEW=$WORK/restored/ledger.db
mkdir -m 700 "$WORK/restored"

# a writer: auditor logins and verifications append audit rows meanwhile
(
	i=0
	while [ $i -lt 40 ]; do
		printf 'demo-auditor\n' | "$MADOGUCHI" --db "$DB" audit verify \
		    --user auditor --password-stdin >/dev/null 2>&1
		i=$((i + 1))
	done
) &
WRITER=$!

secrets demo-admin "backup passphrase 1"
mg backup --full --dir "$B" --user admin --password-stdin --passphrase-stdin
expect_status 0
expect_out "backup full: .*/full-[0-9-]+\.mdgbak"
expect_out "checksum \(BLAKE2b-256\): [0-9a-f]{64}"
[ "$(stat -c %a "$B")" = 700 ] || fail "backup directory mode"
sleep 1
secrets demo-admin "backup passphrase 1"
mg backup --diff --dir "$B" --user admin --password-stdin --passphrase-stdin
expect_status 0
expect_out "backup diff: "
wait $WRITER

# operators may not back up (refused and audited)
secrets demo-operator "backup passphrase 1"
mg backup --dir "$B" --user operator --password-stdin --passphrase-stdin
expect_status 1
expect_err "not permitted"

secrets demo-admin
mg backup list --user admin --password-stdin
expect_status 0
expect_out "full .* admin "
expect_out "diff .* admin "
for f in "$B"/*.mdgbak; do
	[ "$(stat -c %a "$f")" = 600 ] || fail "$f mode"
	! grep -aq "SQLite format" "$f" || fail "plain database in $f"
done
[ "$(grep -c '^mdgbackup 1 ' "$B/catalogue")" -eq 2 ] || fail "catalogue lines"

# a wrong passphrase: refused, nothing written
secrets "not the passphrase"
mg restore --dir "$B" --to "$NEW" --passphrase-stdin
expect_status 1
expect_err "cannot be decrypted"
[ ! -e "$NEW" ] || fail "a file was written after a failed restore"

secrets "backup passphrase 1"
mg restore --dir "$B" --to "$NEW" --passphrase-stdin
expect_status 0
expect_out "integrity ok; audit chain intact"
[ "$(stat -c %a "$NEW")" = 600 ] || fail "restored file mode"
if have_sqlite3; then
	[ "$(sqlite3 "$NEW" 'PRAGMA integrity_check')" = ok ] ||
	    fail "integrity_check of the restored file"
	[ "$(sqlite3 "$NEW" 'SELECT count(*) FROM residents')" = 200 ] ||
	    fail "restored residents"
fi
secrets demo-auditor
run "$MADOGUCHI" --db "$NEW" audit verify --user auditor --password-stdin
expect_status 0
expect_out "audit log intact"

# the restore never replaces a file
secrets "backup passphrase 1"
mg restore --dir "$B" --to "$NEW" --passphrase-stdin
expect_status 1
expect_err "already exists"

# a corrupted full backup fails the catalogue check
F=$(ls "$B"/full-*.mdgbak)
printf 'X' | dd of="$F" bs=1 seek=100 conv=notrunc 2>/dev/null
secrets "backup passphrase 1"
mg restore --dir "$B" --to "$WORK/restored/other.db" --passphrase-stdin
expect_status 1
expect_err "does not match its catalogue"
[ ! -e "$WORK/restored/other.db" ] || fail "written after a bad checksum"
