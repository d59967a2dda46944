#!/bin/sh
# same_output.sh OLD NEW: run two lrfind binaries on the same trainings
# and compare what they print and the logs they write, byte for byte: the
# check that a change to the data-set reader or the training loop kept the
# suggestion and the log of every seed.  (The training's floats depend on
# OpenBLAS's kernels for the CPU, so the comparison is between two builds
# on one machine, not against a stored golden.)  Fashion-MNIST runs where
# Debian's dataset-fashion-mnist is installed, the digits CSV where
# python3-sklearn is.  Exit 0 when everything matches, 1 otherwise.
set -u
OLD=${1:?usage: same_output.sh OLD NEW}
NEW=${2:?usage: same_output.sh OLD NEW}
FMNIST=${FMNIST:-/usr/share/datasets/fashion-mnist}
DIGITS=/usr/lib/python3/dist-packages/sklearn/datasets/data/digits.csv.gz
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT INT TERM
same=0 differ=0

# run NAME ARGS...: both binaries, stdout and --log compared (run0: no --log)
run() {
	log=--log
	run_ "$@"
}
run0() {
	log=
	run_ "$@"
}
run_() {
	name=$1
	shift
	for b in old new; do
		if [ $b = old ]; then bin=$OLD; else bin=$NEW; fi
		"$bin" train "$@" --threads 1 --no-progress ${log:+--log "$T/$b.log"} \
		    >"$T/$b.out" 2>"$T/$b.err"
		echo $? >>"$T/$b.out"
	done
	# a fit with a given --max-lr runs no range test and writes no log
	[ -e "$T/old.log" ] || [ -e "$T/new.log" ] || : >"$T/old.log" >"$T/new.log"
	if cmp -s "$T/old.out" "$T/new.out" && cmp -s "$T/old.log" "$T/new.log"; then
		same=$((same + 1))
		printf 'same     %s: %s\n' "$name" "$(head -n 1 "$T/new.out")"
	else
		differ=$((differ + 1))
		printf 'DIFFERS  %s\n' "$name"
		diff "$T/old.out" "$T/new.out" | head -n 5
		cmp "$T/old.log" "$T/new.log"
	fi
	rm -f "$T/old.log" "$T/new.log"
}

for seed in 1 2 3; do
	run "synthetic seed $seed" --seed $seed -q
done
run "synthetic adam linear" --seed 4 --optimizer adam --linear --init-lr 1e-6 --max-lr 1 -q
run "synthetic fit" --seed 5 --fit --epochs 2 -q
run0 "synthetic fit --csv" --seed 6 --fit --epochs 2 --policy triangular --max-lr 0.1 --csv
if [ -d "$FMNIST" ]; then
	for seed in 1 2 3; do
		run "fashion-mnist seed $seed" --data "$FMNIST" --seed $seed -q
	done
	run "fashion-mnist sgd nesterov b128" --data "$FMNIST" --seed 7 --nesterov --batch 128 --iters 150 --hidden 256,128 -q
	run "fashion-mnist adamw" --data "$FMNIST" --seed 8 --optimizer adamw --init-lr 1e-6 --max-lr 1 -j
	run "fashion-mnist fit" --data "$FMNIST" --seed 9 --fit --epochs 1 --batch 256 --csv
	# no t10k files: the training set is split
	mkdir "$T/notest"
	ln -s "$FMNIST"/train-* "$T/notest/"
	run "fashion-mnist held out" --data "$T/notest" --seed 10 --holdout 0.3 -q
	run "fashion-mnist held out fit" --data "$T/notest" --seed 11 --fit --epochs 1 --batch 512 -q
fi
if [ -r "$DIGITS" ]; then
	gzip -dc "$DIGITS" >"$T/digits.csv"
	run "digits CSV" --data "$T/digits.csv" --seed 12 --batch 32 -q
	run "digits CSV fit" --data "$T/digits.csv" --seed 13 --fit --epochs 3 --csv
fi
echo "same_output: $same the same, $differ different"
[ $differ = 0 ]
