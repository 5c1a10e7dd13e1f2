# check-number (R-28): valid and invalid numbers, full width and the
# card's spacing, the exit status, and the number never echoed in full.
. "$(dirname "$0")/lib.sh"

run "$MADOGUCHI" check-number 123456789018 621498320257
expect_status 0
expect_out "#1 \*\*\*\* \*\*\*\* 9018: valid"
expect_out "#2 \*\*\*\* \*\*\*\* 0257: valid"
expect_none 123456789018
expect_none 621498320257
expect_none 12345678

run "$MADOGUCHI" check-number 123456789019
expect_status 1
expect_out "invalid"
expect_out "check digit"
expect_none 123456789019

run "$MADOGUCHI" check-number 123456789018 123456789013
expect_status 1
expect_out "#1 .*: valid"
expect_out "#2 .*: invalid"

run "$MADOGUCHI" check-number 12345678901
expect_status 1
expect_out "12 digits"

run "$MADOGUCHI" check-number 12345678901a
expect_status 1
expect_out "digits only"

run "$MADOGUCHI" check-number "１２３４５６７８９０１８"
expect_status 0
expect_out "9018: valid"
expect_none "１２３４５６７８"

run "$MADOGUCHI" check-number "1234 5678 9018" "1234-5678-9018" "6214　9832　0257"
expect_status 0
[ "$(grep -c ': valid$' "$OUT")" -eq 3 ] || fail "three valid lines expected"
expect_none "1234 5678"

# Repeated digits: valid with an alert, exit 0.
run "$MADOGUCHI" check-number 000000000000
expect_status 0
expect_out "alert"

# In Japanese once the catalogue is built.
if [ -f "$BUILD_DIR/locale/ja/LC_MESSAGES/madoguchi.mo" ]; then
	run env LANGUAGE=ja "$MADOGUCHI" check-number 123456789019
	expect_status 1
	expect_out "チェックデジット"
	expect_out "誤り"
	expect_none 123456789019
fi
