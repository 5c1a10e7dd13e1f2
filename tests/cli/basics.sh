# Command-line conventions: --help and --version exit 0, usage errors 2.
. "$(dirname "$0")/lib.sh"

run "$MADOGUCHI" --help
expect_status 0
expect_out "usage: madoguchi"
expect_out "check-number"
expect_out "audit"

run "$MADOGUCHI" --version
expect_status 0
expect_out "^madoguchi [0-9]+\.[0-9]+"

for sub in user audit check-number init terminal setting; do
	run "$MADOGUCHI" "$sub" --help
	[ "$STATUS" -eq 0 ] || fail "$sub --help exited $STATUS"
	grep -q "usage: madoguchi $sub" "$OUT" || fail "$sub --help: no usage"
done

run "$MADOGUCHI" frobnicate
expect_status 2
expect_err "unknown subcommand 'frobnicate'"

run "$MADOGUCHI" --no-such-option
expect_status 2

run "$MADOGUCHI" check-number
expect_status 2

run "$MADOGUCHI" audit
expect_status 2

run "$MADOGUCHI" user
expect_status 2

run "$MADOGUCHI" init
expect_status 2
expect_err "--admin"

# A named config file that does not exist is a usage error.
run "$MADOGUCHI" -f "$WORK/none.conf" check-number 123456789018
expect_status 2
