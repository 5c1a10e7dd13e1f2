# R-65: a ledger readable by others is refused with the permissions
# message; so is one in a directory open to others.
. "$(dirname "$0")/lib.sh"

init_ledger
chmod 644 "$DB"
secrets admin-pass-1
mg user --user admin --password-stdin list
expect_status 1
expect_err "may be read by other users"
expect_err "0600"

chmod 600 "$DB"
chmod 777 "$(dirname "$DB")"
secrets admin-pass-1
mg user --user admin --password-stdin list
expect_status 1
expect_err "may be read by other users"

chmod 700 "$(dirname "$DB")"
secrets admin-pass-1
mg user --user admin --password-stdin list
expect_status 0

# A new ledger is created private.
secrets admin-pass-1
run "$MADOGUCHI" --db "$WORK/fresh/new.db" init --admin admin --password-stdin
expect_status 0
case $(stat -c %a "$WORK/fresh/new.db") in 600) ;; *) fail "new ledger mode" ;; esac
case $(stat -c %a "$WORK/fresh") in 700) ;; *) fail "new directory mode" ;; esac
