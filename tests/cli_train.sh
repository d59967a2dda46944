#!/bin/sh
# cli_train.sh: end-to-end tests of `lrfind train` (run from the repository root)
# Most runs use the built-in synthetic task (no files, a fraction of a
# second); a short real range test runs on Fashion-MNIST when the Debian
# package dataset-fashion-mnist is installed.
. tests/lib.sh

FMNIST=${FMNIST:-/usr/share/datasets/fashion-mnist}

# between X LO HI: X is a number and LO <= X <= HI
between() {
	awk -v x="$1" -v lo="$2" -v hi="$3" \
	    'BEGIN { exit !(x != "" && x + 0 == x && x >= lo && x <= hi) }'
}

# verdict NAME STATUS DETAIL...: pass when STATUS is 0
verdict() {
	name=$1
	if [ "$2" -eq 0 ]; then
		pass "$name"
	else
		shift 2
		failed "$name" "$@"
	fi
}

# first_line_is TEXT: the first line of $T/err is TEXT
first_line_is() {
	[ "$(head -n 1 "$T/err")" = "$1" ]
}

# --- the range test and its log ---

"$LRFIND" train -q >"$T/q1" 2>"$T/err"
st=$?
s1=$(cat "$T/q1")
[ $st -eq 0 ] && [ "$(wc -l <"$T/q1")" -eq 1 ] && between "$s1" 1e-5 1
verdict "range test -q: one number" $? "status $st, stdout '$s1'" "$(cat "$T/err")"

s2=$("$LRFIND" train -q --log "$T/a.csv")
[ "$s1" = "$s2" ]
verdict "--log does not change the answer" $? "'$s1' then '$s2'"

s3=$("$LRFIND" -q "$T/a.csv")
[ "$s1" = "$s3" ]
verdict "lrfind reads the log back to the same suggestion" $? \
    "train said '$s1', lrfind LOG said '$s3'"

# the same report, but for the lines naming the run and how it was read
"$LRFIND" train | sed -n '/^  sweep/,$p' >"$T/t1"
"$LRFIND" "$T/a.csv" | sed -n '/^  sweep/,$p' >"$T/t2"
[ -s "$T/t1" ] && cmp -s "$T/t1" "$T/t2"
verdict "the log gives the same report" $? "$(diff "$T/t1" "$T/t2" | head -n 5)"

head -n 1 "$T/a.csv" | grep -qx 'step,lr,loss' &&
    awk -F, 'NR > 1 && ($1 != NR - 2 || !($2 > 0)) { bad = 1 }
	END { exit bad || NR < 50 }' "$T/a.csv"
verdict "log header and rows" $? "$(head -n 3 "$T/a.csv")"

# step i has lr 1e-7 * (10 / 1e-7)^(i/100)
awk -F, 'NR > 1 { want = 1e-7 * 10 ^ (8 * $1 / 100);
	if ($2 < want * (1 - 1e-12) || $2 > want * (1 + 1e-12)) bad = 1 }
	END { exit bad }' "$T/a.csv"
verdict "log lr follows the sweep" $? "$(sed -n 2,4p "$T/a.csv")"

last=$(tail -n 1 "$T/a.csv" | cut -d, -f1)
grep -q "^  explosion   step $last," "$T/t1"
verdict "the log ends at the explosion the report finds" $? "last step $last" \
    "$(grep explosion "$T/t1")"

"$LRFIND" train --threads 2 --log "$T/b.csv" -q >/dev/null
"$LRFIND" train --threads 2 --log "$T/c.csv" -q >/dev/null
cmp -s "$T/b.csv" "$T/c.csv"
verdict "same seed and threads: bit-identical logs" $?
"$LRFIND" train --seed 2 --log "$T/d.csv" -q >/dev/null
! cmp -s "$T/a.csv" "$T/d.csv"
verdict "another seed: another log" $?

"$LRFIND" train --json >"$T/json"
grep -q '"lrfind": 1' "$T/json" && grep -q '"runs"' "$T/json"
verdict "--json" $? "$(head -n 3 "$T/json")"

"$LRFIND" train -v -q 2>"$T/err" >/dev/null
grep -Eq '^lrfind: range test: [0-9]+ steps of 64 samples in [0-9.]+ s: [0-9]+ samples/s, [0-9.]+ GFLOP/s, 11018 parameters, peak memory [0-9.]+ MiB$' \
    "$T/err"
verdict "-v: speed and memory on stderr" $? "$(cat "$T/err")"

# other optimizers and shapes give an answer in a plausible range
for o in "--optimizer adam" "--optimizer adamw" "--nesterov" \
    "--hidden 64,32 --batch 128"; do
	# shellcheck disable=SC2086
	s=$("$LRFIND" train -q $o --max-lr 100 2>"$T/err")
	between "$s" 1e-6 10
	verdict "range test $o" $? "'$s'" "$(cat "$T/err")"
done

# --- --fit ---

"$LRFIND" train --fit --policy constant --max-lr 0.01 --epochs 2 --csv \
    >"$T/fit" 2>"$T/err"
st=$?
[ $st -eq 0 ] &&
    head -n 1 "$T/fit" | grep -qx 'epoch,lr,train_loss,test_loss,test_acc' &&
    awk -F, 'NR > 1 { n++; if ($1 != n || $2 != 0.01 || !($5 > 0.5 && $5 <= 1)) bad = 1 }
	END { exit bad || n != 2 }' "$T/fit"
verdict "--fit constant --csv" $? "status $st" "$(cat "$T/fit" "$T/err")"
awk -F, 'NR == 2 { a = $3 } NR == 3 { exit !($3 < a) }' "$T/fit"
verdict "--fit: the training loss falls" $? "$(cat "$T/fit")"

acc=$("$LRFIND" train --fit --epochs 3 -q 2>"$T/err")
st=$?
[ $st -eq 0 ] && between "$acc" 0.75 1
verdict "--fit auto one-cycle: accuracy" $? "status $st, accuracy '$acc'" \
    "$(cat "$T/err")"
grep -Eqx "lrfind: range test: minimum suggestion $s1; one-cycle max_lr [0-9.e-]+, div_factor 10, final_div_factor 10" \
    "$T/err"
verdict "--fit auto: the bounds come from the range test" $? "$(cat "$T/err")"

# the cyclical bounds named on stderr are the report's clr (each number in
# its own buffer: the max_lr once showed the suggestion)
clr=$("$LRFIND" train --json | sed -n 's/.*"clr": {"base_lr": \([^,]*\), "max_lr": \([^}]*\)}.*/\1 to \2/p')
"$LRFIND" train --fit --policy triangular --epochs 1 -q >/dev/null 2>"$T/err"
grep -q "; cyclical lr $clr\$" "$T/err"
verdict "--fit triangular auto: the bounds named are the report's clr" $? \
    "clr: $clr" "$(cat "$T/err")"
"$LRFIND" train --fit --policy triangular --epochs 2 >"$T/fit" 2>"$T/err"
head -n 1 "$T/fit" | grep -q '^epoch  *lr  *train_loss  *test_loss  *test_acc$' &&
    [ "$(wc -l <"$T/fit")" -eq 3 ] && grep -q 'cyclical lr' "$T/err"
verdict "--fit triangular: a table" $? "$(cat "$T/fit" "$T/err")"

"$LRFIND" train --fit --policy constant --max-lr 1e4 --epochs 2 >"$T/fit" 2>"$T/err"
st=$?
[ $st -eq 3 ] && first_line_is \
    "lrfind: training diverged in epoch 1 (the loss is not finite)"
verdict "--fit that diverges: status 3" $? "status $st" "$(cat "$T/err")"

# --- a CSV data set ---

awk 'BEGIN { srand(7); print "a,b,label";
	for (i = 0; i < 600; i++) {
		x = 2 * rand() - 1; y = 2 * rand() - 1;
		printf "%.4f,%.4f,%d\n", x, y, (x * y > 0)
	} }' >"$T/xor.csv"
acc=$("$LRFIND" train --data "$T/xor.csv" --fit --policy onecycle --max-lr 0.1 \
    --batch 16 --epochs 8 -q 2>"$T/err")
between "$acc" 0.85 1
verdict "CSV data set: the MLP learns xor" $? "accuracy '$acc'" "$(cat "$T/err")"

cp "$T/xor.csv" "$T/keep.csv"
expect "--log over the input is refused" 4 /dev/null \
    "lrfind: $T/xor.csv: is an input file; refusing to write over it" -- \
    "$LRFIND" train --data "$T/xor.csv" --batch 16 -q --log "$T/xor.csv"
cmp -s "$T/xor.csv" "$T/keep.csv"
verdict "the input is untouched" $?

# --- errors ---

expect "bad CSV cell" 1 /dev/null \
    "lrfind: tests/data/csv-notnum.csv:3:2: 'abc' is not a number" -- \
    "$LRFIND" train --data tests/data/csv-notnum.csv
# the test set is read (and checked) only when the fit needs it
expect "label out of range" 1 /dev/null \
    "lrfind: tests/data/idx-badlabel/t10k-labels-idx1-ubyte: label 12 of item 2 is out of range: the training labels are 0 to 2" -- \
    "$LRFIND" train --data tests/data/idx-badlabel --fit --batch 2
expect "a range test reads no test set" 2 /dev/null \
    "lrfind: --batch 64 is larger than the 3 training samples
Try 'lrfind train --help' for more information." -- \
    "$LRFIND" train --data tests/data/idx-badlabel
expect "corrupt gzip" 1 /dev/null '*' -- "$LRFIND" train --data tests/data/idx-crc-images.gz
expect "missing data" 1 /dev/null "lrfind: $T/none: No such file or directory" -- \
    "$LRFIND" train --data "$T/none"
expect "batch larger than the data" 2 /dev/null \
    "lrfind: --batch 64 is larger than the 3 training samples
Try 'lrfind train --help' for more information." -- \
    "$LRFIND" train --data tests/data/idx-good
expect "bad --batch" 2 /dev/null \
    "lrfind: --batch: '0': expected a whole number from 1 to 2^20
Try 'lrfind train --help' for more information." -- \
    "$LRFIND" train --batch 0
expect "bad --optimizer" 2 /dev/null \
    "lrfind: --optimizer: 'rmsprop': expected sgd, adam or adamw
Try 'lrfind train --help' for more information." -- \
    "$LRFIND" train --optimizer rmsprop
expect "--policy without --fit" 2 /dev/null \
    "lrfind: --policy applies to --fit only
Try 'lrfind train --help' for more information." -- \
    "$LRFIND" train --policy onecycle
expect "--gnuplot with --fit" 2 /dev/null \
    "lrfind: --gnuplot applies to a range test, not --fit
Try 'lrfind train --help' for more information." -- \
    "$LRFIND" train --fit --gnuplot x.gp
expect "--nesterov without momentum" 2 /dev/null \
    "lrfind: --nesterov needs a --momentum > 0
Try 'lrfind train --help' for more information." -- \
    "$LRFIND" train --nesterov --momentum 0
expect "--init-lr above --max-lr" 2 /dev/null \
    "lrfind: --max-lr must be finite and greater than --init-lr
Try 'lrfind train --help' for more information." -- \
    "$LRFIND" train --init-lr 1 --max-lr 0.1
expect "bad --hidden" 2 /dev/null \
    "lrfind: --hidden: '256,,10': expected widths from 1 to 65536 separated by commas, at most 15, or none
Try 'lrfind train --help' for more information." -- \
    "$LRFIND" train --hidden 256,,10
expect "--log to a missing folder" 4 /dev/null '*' -- \
    "$LRFIND" train -q --log "$T/no/such/log.csv"

# an unknown option: the message, with the option it may be a typo of,
# then the Try line
"$LRFIND" train --bach 64 >/dev/null 2>"$T/err"
st=$?
[ $st -eq 2 ] && first_line_is "lrfind: unknown option '--bach': did you mean --batch?" &&
    sed -n 2p "$T/err" | grep -q "^Try 'lrfind train --help'"
verdict "unknown option" $? "status $st" "$(cat "$T/err")"

# parse_error NAME MESSAGE ARGS...: status 2, MESSAGE then the Try line on
# stderr, nothing on stdout
parse_error() {
	name=$1 msg=$2
	shift 2
	"$LRFIND" train "$@" >"$T/out" 2>"$T/err"
	st=$?
	[ $st -eq 2 ] && [ ! -s "$T/out" ] && first_line_is "lrfind: $msg" &&
	    sed -n 2p "$T/err" | grep -q "^Try 'lrfind train --help'"
	verdict "$name" $? "status $st" "$(cat "$T/err")"
}
parse_error "-- ends the options, as in every subcommand" "unexpected argument '-q'" -- -q
parse_error "no operands" "unexpected argument 'extra'" extra
parse_error "- is an operand" "unexpected argument '-'" -
parse_error "bundled: the unknown letter" "unknown option '-x'" -qx
parse_error "-m needs a value" "-m needs a value" -q -m
parse_error "a flag with a value" "--quiet takes no value" --quiet=1
parse_error "--batch needs a value" "--batch needs a value" --batch
parse_error "no option name" "unknown option '--'" --=3
expect "-qjm X: -m's value is the next argument" 2 /dev/null \
    "lrfind: --method: 'bogus': expected minimum, blend, steep, valley or slide
Try 'lrfind train --help' for more information." -- \
    "$LRFIND" train -qjm bogus
expect "-mX" 2 /dev/null \
    "lrfind: --method: 'bogus': expected minimum, blend, steep, valley or slide
Try 'lrfind train --help' for more information." -- \
    "$LRFIND" train -mbogus
expect "--name= gives an empty value" 2 /dev/null \
    "lrfind: --batch: '': expected a whole number from 1 to 2^20
Try 'lrfind train --help' for more information." -- \
    "$LRFIND" train --batch=
expect "an option twice: the last" 2 /dev/null \
    "lrfind: --iters: '0': expected a whole number from 2 to 2^40
Try 'lrfind train --help' for more information." -- \
    "$LRFIND" train --iters 1 --iters 0

"$LRFIND" train -q >/dev/full 2>"$T/err"
st=$?
[ $st -eq 4 ]
verdict "stdout full: status 4" $? "status $st" "$(cat "$T/err")"
"$LRFIND" train --help >"$T/help"
grep -q '^usage: lrfind train' "$T/help"
verdict "--help" $?

# OpenBLAS is loaded when training starts, not at start-up: one that cannot
# be loaded (here a file that is not a library, found first through
# LD_LIBRARY_PATH) fails a range test and --fit with status 1, and a log
# is still analysed without it
mkdir "$T/blas"
echo 'not a library' >"$T/blas/libopenblas.so.0"
for o in "" "--fit --max-lr 0.01 --epochs 1"; do
	# shellcheck disable=SC2086
	env LD_LIBRARY_PATH="$T/blas" "$LRFIND" train -q $o >"$T/out" 2>"$T/err"
	st=$?
	[ $st -eq 1 ] && [ ! -s "$T/out" ] && [ "$(wc -l <"$T/err")" -eq 1 ] &&
	    grep -q "^lrfind: train: cannot load OpenBLAS (libopenblas.so.0): .*$T/blas/libopenblas.so.0" "$T/err"
	verdict "no usable OpenBLAS: train${o:+ $o} fails with status 1" $? \
	    "status $st" "$(cat "$T/out" "$T/err")"
done
s4=$(env LD_LIBRARY_PATH="$T/blas" "$LRFIND" -q "$T/a.csv")
[ "$s1" = "$s4" ]
verdict "no usable OpenBLAS: a log is still analysed" $? "'$s1' then '$s4'"

# --- a short real range test on Fashion-MNIST ---

# (not through a wrapper such as valgrind's: 60000 images take minutes there,
# and the small IDX files of check_dataset cover the same code)
if [ "$LRFIND" != ./lrfind ]; then
	echo "# skipped: the Fashion-MNIST run (LRFIND is $LRFIND)"
elif [ -r "$FMNIST/train-images-idx3-ubyte.gz" ] ||
    [ -r "$FMNIST/train-images-idx3-ubyte" ]; then
	s=$("$LRFIND" train --data "$FMNIST" --iters 100 -q --log "$T/fm.csv" 2>"$T/err")
	st=$?
	[ $st -eq 0 ] && between "$s" 1e-4 0.1
	verdict "Fashion-MNIST range test" $? "status $st, suggestion '$s'" \
	    "$(cat "$T/err")"
	awk -F, 'NR == 2 { first = $3; min = $3 }
	    NR > 2 && $3 < min { min = $3 }
	    END { exit !(NR < 101 && min < first / 2) }' "$T/fm.csv"
	verdict "Fashion-MNIST: the loss falls, then explodes before lr 10" $? \
	    "$(tail -n 3 "$T/fm.csv")"
else
	echo "# skipped: no Fashion-MNIST in $FMNIST (Debian: dataset-fashion-mnist)"
fi

# --log onto the file standard output goes to is refused, not written over
expect "train --log onto stdout's file is refused" 4 '*' '*' -- \
    sh -c "\"$LRFIND\" train --iters 30 --no-progress --log \"$T/rep.txt\" >\"$T/rep.txt\""
grep -q "rep.txt: is where standard output goes; refusing to write over it" "$T/err" &&
    pass "train: the refusal says why" || failed "train: the refusal says why" "$(cat "$T/err")"

# a data set's line is read up to 1 MiB: /dev/zero is an error at once
expect "train --data /dev/zero: a line over 1 MiB" 1 /dev/null \
    "lrfind: /dev/zero:1: line longer than 1048576 bytes" -- \
    timeout 20 "$LRFIND" train --data /dev/zero --iters 10 --no-progress

# the fit's length is no option: the message says what makes it
"$LRFIND" train --fit --batch 8000 --no-progress -q >/dev/null 2>"$T/fit.err"
st=$?
want="lrfind: --pct-start (0.3 by default) times the fit's 5 batches (--epochs 5 x 1 batch of --batch 8000 an epoch) must be at least 2, so that phase 1 lasts one iteration"
if [ $st -eq 2 ] && [ "$(tail -n 2 "$T/fit.err" | head -n 1)" = "$want" ]; then
	pass "train --fit too short for one-cycle names what the user gave"
else
	failed "train --fit too short for one-cycle" "status $st: $(cat "$T/fit.err")"
fi

# the report's warnings name train's own flags (report.c's "{iters}"): an lr
# swept over 0.004 decades is no range test
printf '%s\n' "  warning: the loss never fell: its minimum is at the start, init_lr may be too high" \
    "  warning: the lr hardly changes (under 0.01 decades): this is no range test, and no lr is suggested; a rebuilt lr needs --iters, the number of batches the test planned" >"$T/want"
expect "train's warnings name train's flags" 3 "$T/want" '*' -- sh -c \
    "\"$LRFIND\" train --init-lr 1 --max-lr 1.01 --iters 50 >\"$T/o\"; st=\$?; grep 'warning:' \"$T/o\"; exit \$st"

finish
