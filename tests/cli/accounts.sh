# Accounts from the command line: init, user add/grant/list/disable/
# unlock/passwd, lockout after five failures, and who may read the log.
. "$(dirname "$0")/lib.sh"

init_ledger
expect_out "administrator admin"
expect_out "T1"
[ -f "$DB" ] || fail "no ledger at $DB"
case $(stat -c %a "$DB") in 600) ;; *) fail "ledger mode $(stat -c %a "$DB")" ;; esac

# A second init is refused.
secrets admin-pass-1
mg init --admin other --password-stdin
expect_status 1

add_user clerk clerk-pass-1 clerk resident child
add_user auditor auditor-pass auditor

# Duplicate and malformed IDs are refused.
secrets admin-pass-1 clerk-pass-2
mg user --user admin --password-stdin add clerk
expect_status 1
expect_err "already exists"
secrets admin-pass-1 valid-pass-1
mg user --user admin --password-stdin add "Bad ID"
[ "$STATUS" -ne 0 ] || fail "a malformed ID was accepted"
secrets admin-pass-1 short
mg user --user admin --password-stdin add shorty
expect_status 1
expect_err "at least 8"

secrets admin-pass-1
mg user --user admin --password-stdin list
expect_status 0
expect_out "^clerk +active"
expect_out "clerk@child"
expect_out "clerk@resident"
expect_out "auditor@system"
expect_none '$argon2'
expect_none clerk-pass-1

# A wrong password: refused, and nothing tells which part was wrong.
secrets wrong-pass
mg user --user admin --password-stdin list
expect_status 1
expect_err "user ID or password is incorrect"
secrets admin-pass-1
mg user --user nobody --password-stdin list
expect_status 1
expect_err "user ID or password is incorrect"

# A clerk may not administer accounts nor read the log.
secrets clerk-pass-1 x-pass-12345
mg user --user clerk --password-stdin add intruder
expect_status 1
expect_err "not permitted"
secrets clerk-pass-1
mg audit --user clerk --password-stdin list
expect_status 1
expect_err "not permitted"

# The auditor may.
secrets auditor-pass
mg audit --user auditor --password-stdin --op user-add list
expect_status 0
expect_out "user-add +denied"
expect_out "user-add +ok +clerk"
secrets auditor-pass
mg audit --user auditor --password-stdin --by clerk --op audit-list list
expect_status 0
expect_out "audit-list +denied"

# Five failures lock; then even the right password is refused.
for _ in 1 2 3 4 5; do
	secrets wrong-pass
	mg audit --user clerk --password-stdin list
	expect_status 1
done
secrets clerk-pass-1
mg user --self --user clerk --password-stdin passwd
expect_status 1
expect_err "locked"
secrets admin-pass-1
mg user --user admin --password-stdin list
expect_out "^clerk +locked"
secrets admin-pass-1
mg user --user admin --password-stdin unlock clerk
expect_status 0
# Own password change: login, current, then the new one.
secrets clerk-pass-1 clerk-pass-1 clerk-pass-1
mg user --self --user clerk --password-stdin passwd
expect_status 1
expect_err "used recently"
secrets clerk-pass-1 clerk-pass-1 clerk-pass-2
mg user --self --user clerk --password-stdin passwd
expect_status 0

# An admin reset must be changed at the next login.
secrets admin-pass-1 reset-pass-1
mg user --user admin --password-stdin passwd clerk
expect_status 0
secrets reset-pass-1 reset-pass-1 clerk-pass-3
mg user --self --user clerk --password-stdin passwd
expect_status 0
expect_err "expired"

# Disable: immediate, the ID stays listed, login fails like a typo.
secrets admin-pass-1
mg user --user admin --password-stdin disable clerk
expect_status 1
expect_err "required \\[reason\\]"
secrets admin-pass-1
mg user --reason "退職" --user admin --password-stdin disable clerk
expect_status 0
secrets admin-pass-1
mg user --user admin --password-stdin list
expect_out "^clerk +disabled"
secrets clerk-pass-3 clerk-pass-3 clerk-pass-4
mg user --self --user clerk --password-stdin passwd
expect_status 1
expect_err "user ID or password is incorrect"

if have_sqlite3; then
	[ "$(sqlite3 "$DB" "SELECT count(*) FROM users WHERE login = 'clerk' AND pw_hash IS NULL")" = 1 ] ||
		fail "disabled account kept its hash"
	[ "$(sqlite3 "$DB" "SELECT count(*) FROM access_register WHERE user_login = 'clerk' AND action = 'disable' AND reason = '退職'")" = 1 ] ||
		fail "no register row for the disable"
fi

secrets auditor-pass
mg audit --user auditor --password-stdin verify
expect_status 0
expect_out "intact"
