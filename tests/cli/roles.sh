# The role matrix through the command line (R-10, R-19, R-42, R-45): every
# demo role tries every subcommand that acts on a right; each is allowed
# exactly where the table says, and each refusal exits 1 with "not
# permitted" and leaves exactly one "denied" audit row in the user's name.
# The ledger API side of the matrix is tests/unit/test_roles.c.  Hardcopy
# (R-42) has no subcommand and no function: nobody can take one.
. "$(dirname "$0")/lib.sh"

have_sqlite3 || fail "the sqlite3 tool is needed to count audit rows"
# notices need the office's settings before any right is checked
mkdir -p "$XDG_CONFIG_HOME/madoguchi"
cat >"$XDG_CONFIG_HOME/madoguchi/config" <<EOF
office.city = 京都市
office.mayor = 門川　一郎
office.section = 保健福祉局　長寿福祉課
office.address = 京都市中京区寺町通御池上る上本能寺前町488番地
office.postal = 6048571
office.phone = 075-222-3111
template_dir = $MADOGUCHI_SRC/print/templates
EOF
run "$MADOGUCHI" --db "$DB" demo --residents 5
expect_status 0
USB=$WORK/usb
mkdir -m 700 "$USB"
secrets demo-admin
mg media register "$USB" USB-01 --user admin --password-stdin
expect_status 0
F=$WORK/jumin.csv
printf '%s\n' '宛名番号,個人番号,氏名,氏名カナ,性別,生年月日,郵便番号,住所,方書,世帯番号' \
    '9000000001,621498320257,権限　花子,ケンゲン　ハナコ,2,S45.3.1,600-8001,京都市中京区,,1' >"$F"

ROLES="clerk supervisor operator auditor admin"

# The matrix: ACTION ALLOWED-ROLES (demo accounts; the supervisor also
# holds clerk, as at a real counter).
MATRIX="
import operator
export operator
notices-preview operator,supervisor
audit-list auditor
audit-verify auditor,admin
user-list admin,auditor
user-add admin
media-register admin
"

denied_rows() {
	sqlite3 "$DB" "SELECT count(*) FROM audit_log WHERE outcome = 'denied'$1"
}

n=0
# try ACTION LOGIN: run the subcommand as LOGIN (password demo-LOGIN).
try() {
	n=$((n + 1))
	case $1 in
	import)
		secrets "demo-$2"
		mg import residents "$F" --encoding utf-8 --user "$2" --password-stdin ;;
	export)
		secrets "demo-$2" "export pass $n"
		mg export residents --media "$USB" --file "r$n.enc" --purpose roles \
		    --user "$2" --password-stdin --passphrase-stdin ;;
	notices-preview)
		secrets "demo-$2"
		mg notices preview elderly nonyu --year 2024 --user "$2" --password-stdin ;;
	audit-list)
		secrets "demo-$2"
		mg audit list --limit 1 --user "$2" --password-stdin ;;
	audit-verify)
		secrets "demo-$2"
		mg audit verify --user "$2" --password-stdin ;;
	user-list)
		secrets "demo-$2"
		mg user list --user "$2" --password-stdin ;;
	user-add)
		secrets "demo-$2" "new-pass-$n-x"
		mg user add "new$n" --user "$2" --password-stdin ;;
	media-register)
		mkdir -m 700 "$WORK/m$n"
		secrets "demo-$2"
		mg media register "$WORK/m$n" "M-$n" --user "$2" --password-stdin ;;
	*)
		fail "no such action $1" ;;
	esac
}

cells=0
allowed=0
printf '%s\n' "$MATRIX" | while read -r action who; do
	[ -n "$action" ] || continue
	for role in $ROLES; do
		before=$(denied_rows "")
		mine=$(denied_rows " AND user_login = '$role'")
		try "$action" "$role"
		after=$(denied_rows "")
		mine2=$(denied_rows " AND user_login = '$role'")
		case ",$who," in
		*",$role,"*)
			[ "$STATUS" -eq 0 ] ||
			    fail "$action by $role: exit $STATUS, the matrix allows it"
			[ "$after" -eq "$before" ] ||
			    fail "$action by $role: allowed but $((after - before)) denied rows"
			allowed=$((allowed + 1)) ;;
		*)
			[ "$STATUS" -eq 1 ] ||
			    fail "$action by $role: exit $STATUS, the matrix denies it"
			expect_err "not permitted"
			[ ! -s "$OUT" ] || fail "$action by $role: refused, yet printed"
			[ $((after - before)) -eq 1 ] && [ $((mine2 - mine)) -eq 1 ] ||
			    fail "$action by $role: $((after - before)) denied rows" \
			        "($((mine2 - mine)) in its name), expected exactly 1 (R-19)" ;;
		esac
		cells=$((cells + 1))
	done
	echo "$cells $allowed" >"$WORK/cells"
done || exit 1
read -r cells allowed <"$WORK/cells"
[ "$cells" -eq 40 ] || fail "only $cells cells tried"

# No personal text reached the medium by way of a refused export.
for f in "$USB"/*.enc; do
	[ -e "$f" ] || continue
	! grep -aqF "権限" "$f" || fail "plain name in $f"
done

# R-42: no hardcopy for anybody — no subcommand, no function in the program
# (which exports its symbols for the PostgreSQL module: a hardcopy
# function would show here and must then join the matrix).
for role in $ROLES; do
	secrets "demo-$role"
	mg hardcopy --user "$role" --password-stdin
	[ "$STATUS" -ne 0 ] || fail "hardcopy ran for $role"
done
if command -v nm >/dev/null 2>&1; then
	nm -D --defined-only "$MADOGUCHI" | grep -q ' T cli_' ||
	    fail "nm cannot see the program's functions"
	! nm -D --defined-only "$MADOGUCHI" | grep -qi 'hardcopy\|screendump\|screen_dump' ||
	    fail "a hardcopy function exists: add it to the role matrix"
fi
echo "roles (CLI): $cells cells, $allowed allowed, $((cells - allowed)) denied; hardcopy refused for ${ROLES}"
