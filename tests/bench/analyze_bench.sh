#!/bin/sh
# analyze_bench.sh: lrfind on a 10-million-row log (about 270 MB), end to end
# Figures: wall time, MB/s, peak memory (RSS) and bytes per row; libcsv's
# tokenizer alone on the same file for comparison; the same rows with every
# number as Python's repr writes it (17 digits, about 480 MB); and a
# 1,000-row log.
set -eu
cd "$(dirname "$0")/../.."
ROWS=${ROWS:-10000000}
LRFIND=${LRFIND:-./lrfind}
T=$(mktemp -d "${TMPDIR:-/tmp}/lrfind-bench.XXXXXX")
trap 'rm -rf "$T"' EXIT INT TERM
cc -O2 -o "$T/mklog" tests/bench/mklog.c -lm
cc -O2 -o "$T/csvonly" tests/bench/csvonly.c -lcsv
"$T/mklog" "$ROWS" >"$T/big.csv"
"$T/mklog" "$ROWS" repr >"$T/repr.csv"
"$T/mklog" 1000 >"$T/small.csv"
bytes=$(wc -c <"$T/big.csv")
best() {	# best wall time of 3 runs of "$@", and the peak RSS
	b=""
	for i in 1 2 3; do
		/usr/bin/time -f "%e %M" -o "$T/time" "$@" >/dev/null
		set -- "$@"
		t=$(cut -d' ' -f1 "$T/time")
		m=$(cut -d' ' -f2 "$T/time")
		if [ -z "$b" ] || awk -v a="$t" -v b="$b" 'BEGIN { exit !(a < b) }'; then b=$t; mem=$m; fi
	done
	echo "$b $mem"
}
set -- $(best "$LRFIND" -q "$T/big.csv")
t=$1 kb=$2
set -- $(best "$T/csvonly" "$T/big.csv")
tc=$1
rbytes=$(wc -c <"$T/repr.csv")
set -- $(best "$LRFIND" -q "$T/repr.csv")
tr=$1 kbr=$2
echo "log: $ROWS rows, $bytes bytes (%.6g numbers); $rbytes bytes (repr numbers)"
awk -v t="$t" -v b="$bytes" -v kb="$kb" -v n="$ROWS" -v tc="$tc" \
    -v tr="$tr" -v rb="$rbytes" -v kbr="$kbr" 'BEGIN {
	printf "lrfind -q (all four suggestions): %.2f s, %.0f MB/s, peak %.0f MB = %.1f bytes/row\n", t, b / t / 1e6, kb / 1024, kb * 1024 / n
	printf "libcsv tokenizer alone:           %.2f s, %.0f MB/s\n", tc, b / tc / 1e6
	printf "lrfind -q, repr numbers:          %.2f s, %.0f MB/s, peak %.0f MB = %.1f bytes/row\n", tr, rb / tr / 1e6, kbr / 1024, kbr * 1024 / n
}'
# a 1,000-row log, end to end, mean of 200 runs
start=$(date +%s.%N)
i=0
while [ $i -lt 200 ]; do "$LRFIND" -q "$T/small.csv" >/dev/null; i=$((i + 1)); done
end=$(date +%s.%N)
awk -v s="$start" -v e="$end" 'BEGIN { printf "1,000-row log: %.2f ms per run (process start included)\n", (e - s) / 200 * 1000 }'
