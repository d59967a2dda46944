#!/bin/sh
# tfevents_e2e.sh: lrfind -q end to end on an event file of 1 million
# scalars (500,000 steps, a loss and an lr each, an Event a scalar as
# PyTorch's SummaryWriter and Hugging Face's Trainer write them) against
# lrfind -q on the same rows as CSV (numbers as Python's repr writes them):
# the best wall time of REPS runs of each, taken in turns, and the ratio of
# rows a second.  Also the same event file gzip-compressed.
set -eu
cd "$(dirname "$0")/../.."
STEPS=${STEPS:-500000}
REPS=${REPS:-7}
LRFIND=${LRFIND:-./lrfind}
T=$(mktemp -d "${TMPDIR:-/tmp}/lrfind-tfe2e.XXXXXX")
trap 'rm -rf "$T"' EXIT INT TERM
cc -O2 -o "$T/mklog" tests/bench/mklog.c -lm
"$T/mklog" "$STEPS" repr >"$T/run.csv"
./tests/tfcsv single "$T/run.tfevents" <"$T/run.csv"
gzip -c "$T/run.tfevents" >"$T/run.tfevents.gz"
for f in run.csv run.tfevents run.tfevents.gz; do
	"$LRFIND" -q "$T/$f" >"$T/$f.q"
done
# (an event file holds float32 values, so the lr may differ in its 8th digit)
ms() {	# wall time of one run of "$@", in ms
	a=$(date +%s%N)
	"$@" >/dev/null
	b=$(date +%s%N)
	echo $(((b - a) / 1000))
}
bc=; be=; bg=
i=0
while [ $i -lt "$REPS" ]; do
	c=$(ms "$LRFIND" -q "$T/run.csv")
	e=$(ms "$LRFIND" -q "$T/run.tfevents")
	g=$(ms "$LRFIND" -q "$T/run.tfevents.gz")
	[ -n "$bc" ] && [ "$bc" -le "$c" ] || bc=$c
	[ -n "$be" ] && [ "$be" -le "$e" ] || be=$e
	[ -n "$bg" ] && [ "$bg" -le "$g" ] || bg=$g
	i=$((i + 1))
done
awk -v n="$STEPS" -v c="$bc" -v e="$be" -v g="$bg" \
    -v sc="$(wc -c <"$T/run.csv")" -v se="$(wc -c <"$T/run.tfevents")" \
    -v sg="$(wc -c <"$T/run.tfevents.gz")" 'BEGIN {
	printf "lrfind -q end to end, %d steps, best of runs taken in turns:\n", n
	printf "  CSV (%.1f MB):                   %6.1f ms  %5.2f M rows/s\n", sc / 1e6, c / 1e3, n / c
	printf "  event file (%.1f MB, %d scalars)  : %6.1f ms  %5.2f M rows/s  %.2f x the CSV\n", se / 1e6, 2 * n, e / 1e3, n / e, c / e
	printf "  event file gzip (%.1f MB):       %6.1f ms  %5.2f M rows/s  %.2f x the CSV\n", sg / 1e6, g / 1e3, n / g, c / g
}'
