#!/bin/sh
# load_bench.sh: the time from the data files to the suggestion.  lrfind
# train -q on Fashion-MNIST (a range test of 100 batches, which reads the
# two training files) against zcat of the same two files, in one run:
# wall time (hyperfine, else a loop of RUNS) and peak memory (GNU time's
# %M).  OLD=path/to/another/lrfind adds that build to the same run.
# FMNIST=dir for another copy of the data set; RUNS=N (10).
set -eu
LRFIND=${LRFIND:-./lrfind}
OLD=${OLD:-}
D=${FMNIST:-/usr/share/datasets/fashion-mnist}
RUNS=${RUNS:-10}
[ -d "$D" ] || { echo "load_bench: no $D: apt-get install dataset-fashion-mnist" >&2; exit 1; }
files=
for f in train-images-idx3-ubyte train-labels-idx1-ubyte; do
	if [ -e "$D/$f" ]; then files="$files $D/$f"; else files="$files $D/$f.gz"; fi
done
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT INT TERM

# the commands, one a line: label<TAB>command
{
	printf 'zcat (the 2 training files)\tzcat%s\n' "$files"
	printf 'lrfind train -q\t%s train --data %s -q\n' "$LRFIND" "$D"
	[ -z "$OLD" ] || printf 'lrfind train -q (OLD)\t%s train --data %s -q\n' "$OLD" "$D"
} >"$T/cmds"

# mean and sd of the wall time and mean CPU time (user + system), seconds,
# one line a command: on a shared machine the CPU time is the steadier
if command -v hyperfine >/dev/null 2>&1; then
	set --
	while IFS='	' read -r label cmd; do set -- "$@" "$cmd"; done <"$T/cmds"
	hyperfine -N -w 2 -r "$RUNS" --export-csv "$T/h.csv" "$@" >/dev/null 2>&1 ||
	    hyperfine -w 2 -r "$RUNS" --export-csv "$T/h.csv" "$@" >/dev/null
	sed 1d "$T/h.csv" | awk -F, '{ print $2, $3, $5 + $6 }' >"$T/times"
	how="hyperfine, $RUNS runs"
else
	while IFS='	' read -r label cmd; do
		i=0
		while [ $i -lt "$RUNS" ]; do
			s=$(date +%s.%N)
			$cmd >/dev/null
			e=$(date +%s.%N)
			echo "$s $e"
			i=$((i + 1))
		done | awk '{ t = $2 - $1; s += t; q += t * t; n++ }
		    END { m = s / n; v = q / n - m * m; print m, (v > 0 ? sqrt(v) : 0), "-" }'
	done <"$T/cmds" >"$T/times"
	how="a shell loop, $RUNS runs (no hyperfine)"
fi

# peak resident memory, KiB
while IFS='	' read -r label cmd; do
	if [ -x /usr/bin/time ]; then
		/usr/bin/time -f %M -o "$T/rss" $cmd >/dev/null
		cat "$T/rss"
	else
		echo 0
	fi
done <"$T/cmds" >"$T/rss_all"

echo "load_bench: $D ($how; peak memory from GNU time)"
cut -f1 "$T/cmds" | paste -d'|' - "$T/times" "$T/rss_all" |
    awk -F'|' '{ split($2, t, " ")
	if (NR == 1) z = t[1]
	printf "  %-28s wall %6.3f s +- %.3f (%5.2fx zcat)  cpu %5s s  peak %6.1f MiB\n",
	    $1, t[1], t[2], t[1] / z, t[3] == "-" ? "-" : sprintf("%.3f", t[3]), $3 / 1024 }'
