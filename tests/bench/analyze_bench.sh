#!/bin/sh
# analyze_bench.sh: lrfind on a 10-million-row log (about 270 MB), end to end
# Figures: wall time, MB/s, peak memory (RSS) and bytes per row; libcsv's
# tokenizer alone on the same file for comparison; --csv (the whole curve
# written out) against -q; the same rows with every number as Python's repr
# writes it (17 digits, about 480 MB); and a 1,000-row log against wc -l
# and /bin/true on the same file.  Every command runs in turn, round after
# round (REPEATS rounds, 5 by default), so that a change in the machine's
# speed falls on all of them; each figure is the best of its rounds, with
# the worst beside it, and the ratios are of the best.
set -eu
cd "$(dirname "$0")/../.."
ROWS=${ROWS:-10000000}
REPEATS=${REPEATS:-5}
LRFIND=${LRFIND:-./lrfind}
T=$(mktemp -d "${TMPDIR:-/tmp}/lrfind-bench.XXXXXX")
trap 'rm -rf "$T"' EXIT INT TERM
cc -O2 -o "$T/mklog" tests/bench/mklog.c -lm
cc -O2 -o "$T/csvonly" tests/bench/csvonly.c -lcsv
"$T/mklog" "$ROWS" >"$T/big.csv"
"$T/mklog" "$ROWS" repr >"$T/repr.csv"
"$T/mklog" 1000 >"$T/small.csv"
bytes=$(wc -c <"$T/big.csv")
rbytes=$(wc -c <"$T/repr.csv")

# run NAME CMD...: one timed run, appended to $T/NAME as "seconds kB"
run() {
	name=$1
	shift
	/usr/bin/time -f "%e %M" -o "$T/time" "$@" >/dev/null
	cat "$T/time" >>"$T/$name"
}
# stat NAME: "best worst kB-of-best" of the runs of NAME
stat() {
	sort -n "$T/$1" | awk 'NR == 1 { b = $1; m = $2 } { w = $1 } END { print b, w, m }'
}
rm -f "$T/q" "$T/tok" "$T/csv" "$T/repr" "$T/full"
i=0
while [ $i -lt "$REPEATS" ]; do
	run q "$LRFIND" -q "$T/big.csv"
	run tok "$T/csvonly" "$T/big.csv"
	run csv "$LRFIND" --csv "$T/big.csv"
	run full "$LRFIND" "$T/big.csv"
	run repr "$LRFIND" -q "$T/repr.csv"
	i=$((i + 1))
done
echo "log: $ROWS rows, $bytes bytes (%.6g numbers); $rbytes bytes (repr numbers); best and worst of $REPEATS rounds"
awk -v b="$bytes" -v rb="$rbytes" -v n="$ROWS" -v q="$(stat q)" \
    -v tok="$(stat tok)" -v csv="$(stat csv)" -v repr="$(stat repr)" \
    -v full="$(stat full)" 'BEGIN {
	split(q, Q, " "); split(tok, K, " "); split(csv, C, " "); split(repr, R, " "); split(full, F, " ")
	printf "lrfind -q (one suggestion):       %.2f s (worst %.2f), %.0f MB/s, peak %.0f MB = %.1f bytes/row\n", Q[1], Q[2], b / Q[1] / 1e6, Q[3] / 1024, Q[3] * 1024 / n
	printf "libcsv tokenizer alone:           %.2f s (worst %.2f), %.0f MB/s: lrfind reads %.2f times as fast\n", K[1], K[2], b / K[1] / 1e6, K[1] / Q[1]
	printf "lrfind --csv (the whole curve):   %.2f s (worst %.2f): %.2f times the time of -q\n", C[1], C[2], C[1] / Q[1]
	printf "lrfind (the full report):         %.2f s (worst %.2f): --csv takes %.2f times as long\n", F[1], F[2], C[1] / F[1]
	printf "lrfind -q, repr numbers:          %.2f s (worst %.2f), %.0f MB/s, peak %.0f MB = %.1f bytes/row\n", R[1], R[2], rb / R[1] / 1e6, R[3] / 1024, R[3] * 1024 / n
}'

# a 1,000-row log end to end, process start included: 200 runs of each
# command in blocks of 20, in turn; the mean of a run
now() { date +%s%N; }
rm -f "$T/s_lrfind" "$T/s_wc" "$T/s_true"
i=0
while [ $i -lt 10 ]; do
	for c in lrfind wc true; do
		s=$(now)
		j=0
		case $c in
		lrfind)	while [ $j -lt 20 ]; do "$LRFIND" -q "$T/small.csv" >/dev/null; j=$((j + 1)); done ;;
		wc)	while [ $j -lt 20 ]; do wc -l "$T/small.csv" >/dev/null; j=$((j + 1)); done ;;
		true)	while [ $j -lt 20 ]; do /bin/true "$T/small.csv"; j=$((j + 1)); done ;;
		esac
		echo "$(( $(now) - s ))" >>"$T/s_$c"
	done
	i=$((i + 1))
done
awk -v l="$(awk '{ s += $1 } END { print s }' "$T/s_lrfind")" \
    -v w="$(awk '{ s += $1 } END { print s }' "$T/s_wc")" \
    -v t="$(awk '{ s += $1 } END { print s }' "$T/s_true")" 'BEGIN {
	printf "1,000-row log: lrfind -q %.2f ms, wc -l %.2f ms, /bin/true %.2f ms a run (from sh): lrfind %.2f times wc -l\n", l / 200e6, w / 200e6, t / 200e6, l / w
}'
