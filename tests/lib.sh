# lib.sh: helpers for the end-to-end scripts (sourced)
# ok/not ok lines, then "N passed, N failed" from finish.
LC_ALL=C
export LC_ALL
LRFIND=${LRFIND:-./lrfind}
npass=0
nfail=0
T=$(mktemp -d "${TMPDIR:-/tmp}/lrfind-test.XXXXXX") || exit 1
trap 'rm -rf "$T"' EXIT INT TERM

pass() { npass=$((npass + 1)); echo "ok $npass - $1"; }
failed() {
	nfail=$((nfail + 1))
	echo "not ok - $1"
	shift
	for m in "$@"; do printf '  %s\n' "$m"; done
}

# expect NAME STATUS WANT_STDOUT_FILE WANT_STDERR -- CMD...
# WANT_STDOUT_FILE or WANT_STDERR may be '*' to skip the comparison.
expect() {
	name=$1 want_st=$2 want_out=$3 want_err=$4
	shift 5
	"$@" >"$T/out" 2>"$T/err"
	st=$?
	if [ "$st" != "$want_st" ]; then
		failed "$name" "exit status $st, expected $want_st" "stderr: $(head -c 500 "$T/err")"
		return
	fi
	if [ "$want_out" != '*' ] && ! cmp -s "$T/out" "$want_out"; then
		failed "$name" "stdout differs from $want_out:" "$(diff "$want_out" "$T/out" | head -n 20)"
		return
	fi
	if [ "$want_err" != '*' ] && [ "$(cat "$T/err")" != "$want_err" ]; then
		failed "$name" "stderr: $(cat "$T/err")" "expected: $want_err"
		return
	fi
	pass "$name"
}

finish() {
	echo "$npass passed, $nfail failed"
	[ "$nfail" -eq 0 ]
}
