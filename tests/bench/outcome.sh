#!/bin/sh
# outcome.sh: make the ground truth of tests/bench/truth (see outcome.c and
# outcome_torch.py): the built-in MLP's configurations on two processes (one
# core each), then the PyTorch ones where /usr/bin/python3 has torch.  What
# is already in the folder is skipped, so a stopped run resumes.  Needs
# Debian's dataset-fashion-mnist and python3-sklearn (for its digits CSV);
# the PyTorch part needs python3-torch.  FRESH=1: the fresh configurations
# (outcome.c -f, made after the default was chosen) into
# tests/bench/truth_fresh instead, built-in MLP only.  SEEDS=n: seeds 1 .. n
# of the built-in MLP's configurations (2 by default; a rerun adds the
# missing ones).
set -eu
FRESH=${FRESH:-}
if [ -n "$FRESH" ]; then
	DIR=${OUTCOME_DIR:-tests/bench/truth_fresh}
	F=-f
else
	DIR=${OUTCOME_DIR:-tests/bench/truth}
	F=
fi
mkdir -p "$DIR"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
digits=/usr/lib/python3/dist-packages/sklearn/datasets/data/digits.csv.gz
[ -r "$digits" ] || { echo "outcome: $digits missing: apt-get install python3-sklearn" >&2; exit 1; }
gzip -dc "$digits" >"$tmp/digits.csv"
export DIGITS="$tmp/digits.csv"
./tests/bench/outcome $F -n "${SEEDS:-2}" -d "$DIR" -s 0/2 -t 1 &
p0=$!
./tests/bench/outcome $F -n "${SEEDS:-2}" -d "$DIR" -s 1/2 -t 1 &
p1=$!
wait $p0
wait $p1
if [ -z "$FRESH" ] && /usr/bin/python3 -c 'import torch' 2>/dev/null; then
	/usr/bin/python3 tests/bench/outcome_torch.py --dir "$DIR" --lrfind ./lrfind --shard 0/2 &
	p0=$!
	/usr/bin/python3 tests/bench/outcome_torch.py --dir "$DIR" --lrfind ./lrfind --shard 1/2 &
	p1=$!
	wait $p0
	wait $p1
elif [ -z "$FRESH" ]; then
	echo "outcome: no python3-torch: the PyTorch configurations are not run" >&2
fi
echo "outcome: $(wc -l <"$DIR/grid.csv") grid rows in $DIR"
