# The documented order — verb first, options after it, as in
# `madoguchi user add LOGIN --user ADMIN` and `madoguchi audit verify
# --user NAME` (cli usage texts and man page) — must work.
. "$(dirname "$0")/lib.sh"

init_ledger

secrets admin-pass-1 clerk-pass-1
mg user add clerk --name "窓口 太郎" --user admin --password-stdin
expect_status 0

secrets admin-pass-1
mg user grant clerk clerk resident --user admin --password-stdin
expect_status 0

secrets admin-pass-1
mg user list --user admin --password-stdin
expect_status 0
expect_out "clerk@resident"

secrets admin-pass-1
mg audit verify --user admin --password-stdin
expect_status 0
expect_out "intact"

secrets admin-pass-1
mg setting set search_cap 30 --user admin --password-stdin
expect_status 0
