#!/bin/sh
# cli.sh: run every end-to-end script tests/cli_*.sh against ./lrfind
# Each script prints "N passed, N failed" last and exits non-zero on failure.
cd "$(dirname "$0")/.." || exit 1
LC_ALL=C
export LC_ALL
pass=0 fail=0 bad=""
for t in tests/cli_*.sh; do
	out=$(sh "$t" 2>&1)
	rc=$?
	printf '%s\n' "$out" | grep -v '^ok ' | sed "s|^|$(basename "$t"): |"
	line=$(printf '%s\n' "$out" | grep -E '^[0-9]+ passed, [0-9]+ failed' | tail -n 1)
	p=$(printf '%s' "$line" | sed -E 's/^([0-9]+) passed.*/\1/')
	f=$(printf '%s' "$line" | sed -E 's/.* ([0-9]+) failed.*/\1/')
	pass=$((pass + ${p:-0}))
	fail=$((fail + ${f:-0}))
	if [ "$rc" -ne 0 ]; then
		bad="$bad $t"
		[ "${f:-0}" -gt 0 ] || fail=$((fail + 1))
	fi
done
echo "end-to-end: $pass passed, $fail failed"
[ -z "$bad" ] || { echo "failing scripts:$bad"; exit 1; }
