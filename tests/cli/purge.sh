# the retention purge through the real binary (R-21, R-50): the dry run
# lists counts and keys, never names; the real run needs a supervisor's
# approval; the retention floor of the operation logs; the chain still
# verifies afterwards.
. "$(dirname "$0")/lib.sh"

run "$MADOGUCHI" --db "$DB" demo --residents 5
expect_status 0

secrets demo-admin
mg purge --dry-run --list --user admin --password-stdin
expect_status 0
expect_out "purge dry run run P[0-9]{14}-[0-9a-f]{6}"
expect_out "audit    before [0-9-]{10}: 0 rows"
expect_out "vaccine  before [0-9-]{10}: 0 expired"

secrets demo-admin
mg purge --user admin --password-stdin
expect_status 1
expect_err "approval"

secrets demo-clerk
mg purge --dry-run --user clerk --password-stdin
expect_status 1
expect_err "not permitted"

secrets demo-admin
mg setting set retention.audit 5 --user admin --password-stdin
expect_status 1
expect_err "retention period"

secrets demo-admin
mg approve request --kind purge --count 1 --purpose "年次廃棄" --user admin --password-stdin
expect_status 0
secrets demo-admin
mg approve grant 1 --user admin --password-stdin
expect_status 1
secrets demo-supervisor
mg approve grant 1 --user supervisor --password-stdin
expect_status 0
secrets demo-admin
mg purge --approval 1 --user admin --password-stdin
expect_status 0
expect_out "^purge run P"

secrets demo-auditor
mg audit verify --user auditor --password-stdin
expect_status 0
expect_out "audit log intact"
