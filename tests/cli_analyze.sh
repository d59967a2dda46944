#!/bin/sh
# cli_analyze.sh: lrfind (analyze) end to end: golden reports, bad input, pipes
. tests/lib.sh
G=tests/golden/analyze

# golden outputs for every shipped log, in every format
for f in data/*.csv data/*.tsv tests/data/e1.csv; do
	b=$(basename "$f" | sed 's/\.[a-z]*$//')
	expect "text $f" 0 "$G/$b.txt" '' -- "$LRFIND" "$f"
	expect "json $f" 0 "$G/$b.json" '' -- "$LRFIND" --json "$f"
	expect "csv $f" 0 "$G/$b.csv" '' -- "$LRFIND" --csv "$f"
	expect "quiet $f" 0 "$G/$b.q" '' -- "$LRFIND" -q "$f"
done
expect "several runs" 0 "$G/several.txt" '' -- "$LRFIND" data/fmnist_mlp_sgd.csv data/lightning_metrics.csv tests/data/e1.csv
expect "several runs json" 0 "$G/several.json" '' -- "$LRFIND" --json data/fmnist_mlp_sgd.csv data/lightning_metrics.csv tests/data/e1.csv
expect "several runs csv" 0 "$G/several.csv" '' -- "$LRFIND" --csv tests/data/e1.csv tests/data/e2.csv
expect "compat fastai e1" 0 "$G/e1_fastai.txt" '' -- "$LRFIND" --compat fastai --iters 100 tests/data/e1.csv
expect "compat pytorch-lr-finder e1" 0 "$G/e1_torch.txt" '' -- "$LRFIND" --compat pytorch-lr-finder tests/data/e1.csv
expect "compat lightning e1" 0 "$G/e1_lightning.txt" '' -- "$LRFIND" --compat lightning tests/data/e1.csv

# worked example E1 (tests/data/e1.csv) through the binary: fastai's picks are rows 45 (valley), 58 (steep),
# 81 (minimum, divided by 10) and the slide lr 2.09e-3 (row 54)
lr_at() { awk -F, -v r="$1" -v d="$2" 'NR == r + 2 { printf "%.17g\n", $2 / d }' tests/data/e1.csv; }
for m in valley:45:1 steep:58:1 minimum:81:10 slide:54:1; do
	set -- $(echo "$m" | tr : ' ')
	"$LRFIND" -q --compat fastai --iters 100 -m "$1" tests/data/e1.csv >"$T/got"
	if [ "$(awk '{ printf "%.17g\n", $1 }' "$T/got")" = "$(lr_at "$2" "$3")" ]; then
		pass "fastai $1 on e1 is row $2"
	else
		failed "fastai $1 on e1 is row $2" "got $(cat "$T/got"), row $2 gives $(lr_at "$2" "$3")"
	fi
done

# the explosion cannot bend the curve: the exploding row of a real log
# (step 341) and every row after it (read with --all) replaced by 1e3,
# 1e30, inf or nan give the same suggestions, curve and report
"$LRFIND" --json data/fmnist_mlp_sgd.csv | grep -v '"explosion"\|"name"' >"$T/ex.json"
for v in 1e3 1e30 inf nan; do
	awk -F, -v v="$v" 'BEGIN { OFS = "," } NR > 1 && $1 >= 341 { $3 = v } { print }' \
	    data/fmnist_mlp_sgd.csv >"$T/ex.csv"
	"$LRFIND" --all --json "$T/ex.csv" | grep -v '"explosion"\|"name"' >"$T/ex2.json"
	if cmp -s "$T/ex.json" "$T/ex2.json"; then
		pass "explosion row $v: same curve and suggestions"
	else
		failed "explosion row $v: same curve and suggestions" "$(diff "$T/ex.json" "$T/ex2.json" | head -20)"
	fi
done

# no signal, no answer: verdict none, no suggestion, exit 3 saying why
awk 'BEGIN { print "step,lr,loss"; for (i = 0; i < 200; i++) printf "%d,%g,0.7\n", i, 1e-5 * 10^(i/40) }' >"$T/flat.csv"
expect "a flat loss: no suggestion" 3 /dev/null \
    "lrfind: $T/flat.csv: no minimum suggestion: the loss never fell" -- "$LRFIND" -q "$T/flat.csv"
"$LRFIND" --json "$T/flat.csv" 2>/dev/null | grep -q '"verdict": "none"' &&
    "$LRFIND" --json "$T/flat.csv" 2>/dev/null | grep -q '"code": "no_drop"' &&
    pass "a flat loss: verdict none, warning no_drop" || failed "a flat loss: verdict none"
# no method gave an lr: the confidence says so, not "methods within 0.00"
"$LRFIND" "$T/flat.csv" 2>/dev/null | grep -q '^  confidence  none: .*; no method gave an lr$' &&
    pass "a flat loss: the confidence names no spread" ||
    failed "a flat loss: the confidence names no spread" "$("$LRFIND" "$T/flat.csv" 2>&1 | grep confidence)"
# steep above minimum's lr: a warning, and no high verdict (a stored range
# test of plain SGD whose best constant lr lies 1.7 decades above minimum's)
sa=tests/bench/truth_fresh/logs/x_s_sgd_b128_e250_s1.csv
"$LRFIND" "$sa" 2>/dev/null | grep -q "^  warning: the loss falls fastest above minimum's lr: a higher lr may train better$" &&
    "$LRFIND" "$sa" 2>/dev/null | grep -q "^  confidence  medium: exploded;.*; methods within 0.98 decades; steep above minimum's lr$" &&
    "$LRFIND" --json "$sa" 2>/dev/null | grep -q "\"reasons\": \[.*, \"steep above minimum's lr\"\]" &&
    "$LRFIND" --json "$sa" 2>/dev/null | grep -q '"code": "steep_above"' &&
    pass "steep above minimum: warned, medium" ||
    failed "steep above minimum: warned, medium" "$("$LRFIND" "$sa" 2>&1 | tail -3)"
"$LRFIND" --json data/fmnist_mlp_sgd.csv | grep -q '"verdict": "high"' &&
    ! "$LRFIND" --json data/fmnist_mlp_sgd.csv | grep -q steep_above &&
    pass "steep below minimum: no warning, high" || failed "steep below minimum: no warning, high"
# --csv of one file is written as the analysis makes the curve, on
# another thread; it must be the curve that --csv of several files
# writes once the analyses are done (their rows, the run column cut)
csv_alone() { # NAME FILE: --csv FILE against its rows among two files
	cp "$2" "$T/other.csv"
	"$LRFIND" --csv "$2" "$T/other.csv" 2>/dev/null |
	    awk -F, -v f="$2" 'NR == 1 || $1 == f' | cut -d, -f2- >"$T/want.csv"
	expect "$1" "$3" "$T/want.csv" "$4" -- "$LRFIND" --csv "$2"
}
# --list lists whatever the output format: --csv of one file included
"$LRFIND" --list data/fmnist_mlp_sgd.csv >"$T/list.txt"
expect "--list with --csv: the columns, not the curve" 0 "$T/list.txt" '' -- \
    "$LRFIND" --list --csv data/fmnist_mlp_sgd.csv
csv_alone "--csv with no suggestion: the whole curve, status 3" "$T/flat.csv" 3 \
    "lrfind: $T/flat.csv: no minimum suggestion: the loss never fell"
awk 'BEGIN { print "step,lr,loss"; s = 1; for (i = 0; i < 60000; i++) { t = i / 60000; s = (s * 69069 + 1) % 4294967296; printf "%d,%.6g,%.6g\n", i, 1e-6 * 10^(6 * t), 0.4 + 1.9 / (1 + exp((t - 0.4) * 20)) + 0.8 * t * t + 0.02 * (s / 4294967296 - 0.5) } }' >"$T/long.csv"
csv_alone "--csv of 60,000 rows, written as the curve is made" "$T/long.csv" 0 ''
awk 'BEGIN { print "step,lr,loss"; for (i = 0; i < 200; i++) printf "%d,%g,%g\n", i, 1e-5 * 10^(i/40), i < 180 ? 0.7 + 1e-9 * (i % 3) : 0.7 * 3^(i - 179) }' >"$T/flatx.csv"
expect "a flat loss that explodes: no suggestion" 3 /dev/null \
    "lrfind: $T/flatx.csv: no minimum suggestion: the loss never fell" -- "$LRFIND" -q "$T/flatx.csv"
awk 'BEGIN { print "step,lr,loss"; for (i = 0; i < 200; i++) printf "%d,0.0001,%g\n", i, 2.3 - i / 200 }' >"$T/fixed.csv"
expect "an lr that never changes: no suggestion" 3 /dev/null \
    "lrfind: $T/fixed.csv: no minimum suggestion: the lr does not change" -- "$LRFIND" -q "$T/fixed.csv"
awk 'BEGIN { print "loss"; for (i = 0; i < 200; i++) printf "%g\n", 2.3 - (i < 150 ? i / 100 : 1.5 - (i - 150) / 20) }' >"$T/lossonly.csv"
expect "--iters under the rows: an error at the first row past it" 1 /dev/null \
    "lrfind: $T/lossonly.csv:52: row 51 is past --iters 50: the rebuilt lr would pass --max-lr; --iters must be the number of batches the range test planned" -- \
    "$LRFIND" -q --init-lr 1e-5 --max-lr 1 --iters 50 "$T/lossonly.csv"
expect "--iters far over the rows: the lr does not change" 3 /dev/null \
    "lrfind: $T/lossonly.csv: no minimum suggestion: the lr does not change" -- \
    "$LRFIND" -q --init-lr 1e-5 --max-lr 1 --iters 1000000000000 "$T/lossonly.csv"
"$LRFIND" --init-lr 1e-5 --max-lr 1 "$T/lossonly.csv" >"$T/rb.txt" 2>/dev/null
grep -qx "  warning: the lr was rebuilt over the rows read: if the test stopped early, give --iters the number of batches it planned" "$T/rb.txt" &&
    ! "$LRFIND" --init-lr 1e-5 --max-lr 1 --iters 200 "$T/lossonly.csv" 2>/dev/null | grep -q "rebuilt over the rows" &&
    pass "an lr rebuilt over the rows read is said, and not with --iters" || failed "lr rebuilt over the rows: warning" "$(cat "$T/rb.txt")"

# a negative loss: k x best means nothing; refused with what to do, and
# read as it is with --diverge 0
awk 'BEGIN { print "step,lr,loss"; for (i = 0; i < 100; i++) printf "%d,%g,%g\n", i, 1e-5 * 10^(i/20), 0.5 - i / 50 + (i > 80 ? (i - 80)^2 / 10 : 0) }' >"$T/neg.csv"
expect "a negative loss is refused" 1 /dev/null \
    "lrfind: $T/neg.csv:28:3: loss -0.02 is negative: the explosion test (--diverge times the best loss) needs losses >= 0; add a constant to the loss, or turn the test off with --diverge 0" -- \
    "$LRFIND" -q "$T/neg.csv"
expect "a negative loss with --diverge 0" 0 '*' '' -- "$LRFIND" -q --diverge 0 "$T/neg.csv"

# a headerless step,loss file read as lr,loss: said, and a low verdict
awk 'BEGIN { for (i = 1; i <= 100; i++) printf "%d,%g\n", i, 2.3 - i / 100 + (i > 80 ? (i - 80)^2 / 20 : 0) }' >"$T/steploss.csv"
"$LRFIND" --json "$T/steploss.csv" >"$T/sl.json" 2>/dev/null
grep -q '"code": "lr_is_step"' "$T/sl.json" && grep -q '"verdict": "low"' "$T/sl.json" &&
    ! "$LRFIND" --json data/fmnist_mlp_sgd.csv | grep -q lr_is_step &&
    pass "an lr column that counts 1, 2, 3: warned, low" || failed "lr counts by one" "$(cat "$T/sl.json")"

# messages that say what is wrong: reversed bounds before any row, stdin's
# name, gzip, and a file name whose control bytes are shown as '?'
cut -d, -f3 data/fmnist_mlp_sgd.csv >"$T/lossonly2.csv"
expect "reversed --init-lr and --max-lr" 2 /dev/null "lrfind: --max-lr must be above --init-lr: a range test's lr rises
Try 'lrfind --help' for more information." -- "$LRFIND" --init-lr 1 --max-lr 1e-5 "$T/lossonly2.csv"
expect "stdin that is a folder" 1 /dev/null "lrfind: <stdin>: is a folder: expected a log file" -- \
    sh -c "\"$LRFIND\" - </"
gzip -c data/fmnist_mlp_sgd.csv >"$T/run.csv.gz"
"$LRFIND" -q data/fmnist_mlp_sgd.csv >"$T/plain.q"
expect "a gzip file is inflated as it is read" 0 "$T/plain.q" '' -- \
    "$LRFIND" -q "$T/run.csv.gz"
esc=$(printf 'b\033[31mad.csv')
printf 'lr,loss\n0.1,x\n' >"$T/$esc"
expect "control bytes of a file name are not printed" 1 /dev/null "lrfind: $T/b?[31mad.csv:2:2: 'x' is not a number (column 'loss'): expected a decimal number" -- \
    "$LRFIND" "$T/$esc"

# a file replaced keeps its mode; through a symbolic link (also a relative
# one in another folder) the file is written and the link kept
mkdir -p "$T/lk/sub" && printf 'old\n' >"$T/lk/real.gp" && chmod 600 "$T/lk/real.gp"
ln -s real.gp "$T/lk/link.gp" && ln -s ../real.gp "$T/lk/sub/rel.gp"
"$LRFIND" -q --gnuplot "$T/lk/link.gp" data/fmnist_mlp_sgd.csv >/dev/null &&
    [ -L "$T/lk/link.gp" ] && [ "$(stat -c %a "$T/lk/real.gp")" = 600 ] &&
    grep -q GPVAL_TERM "$T/lk/real.gp" && rm "$T/lk/real.gp" && printf 'old\n' >"$T/lk/real.gp" &&
    "$LRFIND" -q --gnuplot "$T/lk/sub/rel.gp" data/fmnist_mlp_sgd.csv >/dev/null &&
    [ -L "$T/lk/sub/rel.gp" ] && grep -q GPVAL_TERM "$T/lk/real.gp" &&
    pass "an output keeps its mode, and a link its target" ||
    failed "an output keeps its mode, and a link its target" "$(ls -l "$T/lk" "$T/lk/sub")"

# a bad --plot file type is refused before the first row of a live pipe
expect "--plot x.jpg on a live pipe is refused at once" 2 /dev/null \
    "lrfind: --plot: x.jpg: unknown file type: expected .png, .svg, .pdf or .txt, or '-' for the terminal" -- \
    sh -c "timeout 10 \"$LRFIND\" --plot x.jpg - </dev/zero"

# pytorch-lr-finder's smooth_f 0 is no smoothing: the same as --smooth 0
"$LRFIND" -q --compat pytorch-lr-finder --smooth 0 data/fmnist_mlp_sgd.csv >"$T/sm0.q"
expect "--smooth-f 0 is --smooth 0" 0 "$T/sm0.q" '' -- \
    "$LRFIND" -q --compat pytorch-lr-finder --smooth-f 0 data/fmnist_mlp_sgd.csv
expect "--smooth-f 1 is --smooth 0" 0 "$T/sm0.q" '' -- \
    "$LRFIND" -q --compat pytorch-lr-finder --smooth-f 1 data/fmnist_mlp_sgd.csv
expect "--smooth-f 1.5 is refused" 2 /dev/null "lrfind: --smooth-f: '1.5': expected a number in [0, 1]
Try 'lrfind --help' for more information." -- "$LRFIND" --smooth-f 1.5 data/fmnist_mlp_sgd.csv

# skips larger than the log (up to 2^63-1, whose sum wraps) use every point
"$LRFIND" -q --skip-start 0 --skip-end 0 data/fmnist_mlp_sgd.csv >"$T/skip0.q"
for k in 400 9223372036854775807; do
	expect "--skip-start and --skip-end $k" 0 "$T/skip0.q" '*' -- \
	    "$LRFIND" -q --skip-start $k --skip-end $k data/fmnist_mlp_sgd.csv
done

# stdin, '-' and a pipe give the same answer as the file
"$LRFIND" -q data/fmnist_mlp_sgd.csv >"$T/q"
expect "stdin by '-'" 0 "$T/q" '' -- sh -c "\"$LRFIND\" -q - <data/fmnist_mlp_sgd.csv"
expect "stdin by default" 0 "$T/q" '' -- sh -c "cat data/fmnist_mlp_sgd.csv | \"$LRFIND\" -q"
expect "a log without an lr column" 0 "$G/rebuilt.txt" '' -- sh -c "cut -d, -f1,3 tests/data/e1.csv | \"$LRFIND\" --init-lr 1e-7 --max-lr 10 --iters 100 -"

# the live pipe: a writer that never stops is ended by SIGPIPE at the explosion
cat >"$T/writer.sh" <<'W'
i=0
echo "step,lr,loss"
while :; do
	awk -v i=$i 'BEGIN { lr = 1e-5 * 10^(i/50); l = (i < 150) ? 2.3 - i/100 : 0.8 + (i-150)^2; printf "%d,%.6g,%.6g\n", i, lr, l }' || exit 3
	i=$((i + 1))
done
W
( sh "$T/writer.sh"; echo "writer exit $?" >"$T/writer.status" ) | timeout 20 "$LRFIND" -q - >"$T/live.out" 2>"$T/live.err"
st=$?
# awk, killed by SIGPIPE, makes the writer exit 3: it saw the broken pipe
if [ "$st" = 0 ] && [ -s "$T/live.out" ] && [ "$(cat "$T/writer.status" 2>/dev/null)" = "writer exit 3" ]; then
	pass "live pipe stops the writer (writer: $(cat "$T/writer.status"), lrfind: $(cat "$T/live.out"))"
else
	failed "live pipe stops the writer" "lrfind status $st, out $(cat "$T/live.out"), err $(cat "$T/live.err")"
fi

# a writer that sends one byte at a time gives the same answer as the file
awk '{ n = length($0); for (i = 1; i <= n; i++) { printf "%s", substr($0, i, 1); fflush() } printf "\n"; fflush() }' \
    data/lightning_metrics.csv | "$LRFIND" -q - >"$T/bytes.q"
"$LRFIND" -q data/lightning_metrics.csv >"$T/file.q"
cmp -s "$T/bytes.q" "$T/file.q" && pass "one byte at a time through a pipe" || failed "one byte at a time" "$(cat "$T/bytes.q") vs $(cat "$T/file.q")"

# bad input: one file per class, the exact message and status
while IFS='|' read -r file st msg; do
	[ -n "$file" ] || continue
	expect "bad input $file" "$st" /dev/null "$msg" -- "$LRFIND" -q "tests/bad/$file"
done <<'BAD'
binary_garbage.csv|1|lrfind: tests/bad/binary_garbage.csv:1: no loss column in the header (columns '?PNG'): expected one named loss, train_loss, training_loss, train/loss, loss_step or train_loss_step, or --loss-col
decreasing_lr.csv|1|lrfind: tests/bad/decreasing_lr.csv:3:2: lr 0.001 is lower than the 0.002 before it: the lr must not decrease along a range test
decreasing_step.csv|1|lrfind: tests/bad/decreasing_step.csv:3:1: step 1 follows step 3: steps must not decrease
duplicate_header.csv|1|lrfind: tests/bad/duplicate_header.csv:1:4: column name 'loss' appears twice (columns 3 and 4)
embedded_nul.csv|1|lrfind: tests/bad/embedded_nul.csv:3:3: NUL byte in a field: expected text (is this a binary file?)
empty.csv|1|lrfind: tests/bad/empty.csv:1: empty file: expected a header line and rows of numbers
extra_field.csv|1|lrfind: tests/bad/extra_field.csv:2:4: more fields than the 3 of the header
header_only.csv|1|lrfind: tests/bad/header_only.csv:2: no data rows after the header: expected rows with an lr and a loss
infinite_lr.csv|1|lrfind: tests/bad/infinite_lr.csv:2:2: lr inf: expected a finite number > 0
lone_cr.csv|1|lrfind: tests/bad/lone_cr.csv:1: no loss column in the header (columns 'a'): expected one named loss, train_loss, training_loss, train/loss, loss_step or train_loss_step, or --loss-col
negative_lr.csv|1|lrfind: tests/bad/negative_lr.csv:2:2: lr -0.001: expected a finite number > 0
not_a_number.csv|1|lrfind: tests/bad/not_a_number.csv:3:3: 'two' is not a number (column 'loss'): expected a decimal number
one_row.csv|3|lrfind: tests/bad/one_row.csv: no minimum suggestion: too few points: at least 5 are needed
stray_quote.csv|1|lrfind: tests/bad/stray_quote.csv:2:3: misplaced quote: a quote inside an unquoted field, or text after a closing quote; expected a field quoted whole, with any quote in it doubled
two_rows.csv|3|lrfind: tests/bad/two_rows.csv: no minimum suggestion: too few points: at least 5 are needed
unknown_columns.csv|1|lrfind: tests/bad/unknown_columns.csv:1: no loss column in the header (columns 'step', 'learning', 'value'): expected one named loss, train_loss, training_loss, train/loss, loss_step or train_loss_step, or --loss-col
unterminated_quote.csv|1|lrfind: tests/bad/unterminated_quote.csv:2:3: unterminated quoted field: expected a closing quote before the end of the file
zero_lr.csv|1|lrfind: tests/bad/zero_lr.csv:2:2: lr 0: expected a finite number > 0
BAD

# generated bad input: a 10 MB line, a million columns, a thousand digits
{ printf 'lr,loss\n0.1,'; head -c 10000000 /dev/zero | tr '\0' 1; printf '\n'; } >"$T/long.csv"
expect "a 10 MB line" 1 /dev/null "lrfind: $T/long.csv:2: line longer than 1048576 bytes" -- "$LRFIND" "$T/long.csv"
awk 'BEGIN { for (i = 0; i < 1000000; i++) printf "c%d,", i; print "loss" }' >"$T/wide.csv"
expect "a million columns" 1 /dev/null "lrfind: $T/wide.csv:1:4097: more than 4096 columns" -- "$LRFIND" "$T/wide.csv"
awk 'BEGIN { print "lr,loss"; for (i = 1; i <= 30; i++) { printf "%g,%d.", i/1000, 31 - i; for (k = 0; k < 1000; k++) printf "%d", k % 10; print "" } }' >"$T/digits.csv"
expect "a number of a thousand digits" 0 '*' '' -- "$LRFIND" -q "$T/digits.csv"
head -c 100000 /dev/urandom >"$T/random.bin"
"$LRFIND" "$T/random.bin" >/dev/null 2>&1
st=$?
[ "$st" = 1 ] && pass "random bytes: status 1" || failed "random bytes" "status $st"

# usage and output errors
expect "unknown option" 2 /dev/null "lrfind: unknown option '--frobnicate'
Try 'lrfind --help' for more information." -- "$LRFIND" --frobnicate tests/data/e1.csv
expect "bad method" 2 /dev/null "lrfind: --method: 'best': expected minimum, blend, steep, valley or slide
Try 'lrfind --help' for more information." -- "$LRFIND" -m best tests/data/e1.csv
expect "two formats" 2 /dev/null "lrfind: -q, --json and --csv cannot be combined
Try 'lrfind --help' for more information." -- "$LRFIND" -q --json tests/data/e1.csv
expect "missing file" 1 /dev/null "lrfind: nope.csv: No such file or directory" -- "$LRFIND" nope.csv
expect "a folder with no event files or MLflow run" 1 /dev/null "lrfind: tests: a folder without TensorBoard event files (events.out.tfevents.*) or an MLflow run (meta.yaml and metrics/): expected a log" -- "$LRFIND" tests
if [ -w /dev/full ]; then
	expect "write error" 4 /dev/null "lrfind: write error: stdout: No space left on device" -- sh -c "\"$LRFIND\" tests/data/e1.csv >/dev/full"
	expect "write error csv" 4 /dev/null '*' -- sh -c "\"$LRFIND\" --csv data/fmnist_mlp_sgd.csv >/dev/full"
fi
# an output file never replaces the file the report goes to
"$LRFIND" -q --gnuplot "$T/o.txt" tests/data/e1.csv >"$T/o.txt" 2>"$T/oerr"
st=$?
if [ "$st" = 4 ] && [ "$(cat "$T/o.txt")" = "$(cat "$G/e1.q")" ] &&
    [ "$(cat "$T/oerr")" = "lrfind: $T/o.txt: is where standard output goes; refusing to write over it" ]; then
	pass "--gnuplot onto stdout's file is refused, the report kept"
else
	failed "--gnuplot onto stdout's file" "status $st: $(cat "$T/oerr")"
fi
# a name as long as the folder takes (255 bytes) can be written
long=$(awk 'BEGIN { while (n++ < 252) printf "x"; print ".gp" }')
expect "a 255-byte output name" 0 '*' '' -- "$LRFIND" -q --gnuplot "$T/$long" tests/data/e1.csv
[ -s "$T/$long" ] && [ -z "$(ls -a "$T" | grep '^\.lrfind\.')" ] && pass "written whole, no temporary left" || failed "255-byte name"
expect "csv into head ends quietly" 0 '*' '' -- sh -c "\"$LRFIND\" --csv data/fmnist_mlp_sgd.csv | head -n 2"
# a test that ended while the loss still fell (the real log cut at 120 of
# its 342 rows): verdict low, said why, the warning; in JSON too
head -n 121 data/fmnist_mlp_sgd.csv >"$T/cut120.csv"
"$LRFIND" "$T/cut120.csv" >"$T/cut.txt"
"$LRFIND" --json "$T/cut120.csv" >"$T/cut.json"
if grep -q '^  confidence  low: did not explode, still falling;' "$T/cut.txt" &&
    grep -q '^  warning: the loss was still falling when the test ended' "$T/cut.txt" &&
    grep -q '"code": "still_falling"' "$T/cut.json"; then
	pass "a test cut while the loss still fell: low, still_falling"
else
	failed "a test cut while the loss still fell" "$(tail -n 4 "$T/cut.txt")"
fi
"$LRFIND" --help >"$T/help"
grep -q '^usage: lrfind' "$T/help" && pass "--help" || failed "--help"

finish
