#!/bin/sh
# cli_drive.sh: lrfind drive with a shell co-process as the trainer
. tests/lib.sh

# trainer LOSSFN: answer each lr with awk's LOSSFN(lr); count the batches
trainer() {
	n=0
	while IFS= read -r lr <&4; do
		n=$((n + 1))
		awk -v lr="$lr" "BEGIN { $1 }" >&3 || break
	done
	echo "$n" >"$T/batches"
}

# run NAME EXPECT_STATUS LOSSFN -- DRIVE-OPTIONS
run() {
	name=$1 want=$2 fn=$3
	shift 4
	rm -f "$T/to" "$T/from" "$T/batches"
	mkfifo "$T/to" "$T/from"
	"$LRFIND" drive "$@" <"$T/to" >"$T/from" 2>"$T/err" &
	pid=$!
	exec 3>"$T/to" 4<"$T/from"
	trainer "$fn"
	exec 3>&- 4<&-
	wait "$pid"
	st=$?
	if [ "$st" = "$want" ]; then
		pass "$name (status $st, $(cat "$T/batches") batches)"
	else
		failed "$name" "status $st, expected $want" "$(cat "$T/err")"
	fi
}

# a loss that falls until lr = 1e-2 and then explodes
FALL='l10 = log(lr)/log(10); if (l10 < -2) printf "%.6f\n", 2.3 - 0.4 * (l10 + 6); else printf "%.6f\n", 0.7 + 10^(3 * (l10 + 2)) - 1'
run "falls then explodes" 0 "$FALL" -- --init-lr 1e-6 --max-lr 10 --iters 200 --log "$T/log.csv" --json "$T/r.json" -q
b=$(cat "$T/batches")
# the explosion comes before the 200th batch, and the log has one row a batch
[ "$b" -lt 200 ] && [ "$(wc -l <"$T/log.csv")" -eq $((b + 1)) ] && pass "stopped early at batch $b, log complete" || failed "early stop" "batches $b, log $(wc -l <"$T/log.csv")"
sug=$(cat "$T/err")
# the minimum is at lr 1e-2, so the suggestion is near 1e-3
awk -v s="$sug" 'BEGIN { exit !(s > 3e-4 && s < 3e-3) }' && pass "suggestion $sug near 1e-3" || failed "suggestion" "$sug"
# the log reads back to the same suggestion
[ "$("$LRFIND" -q "$T/log.csv")" = "$sug" ] && pass "log reads back to the same answer" || failed "log read back" "$("$LRFIND" -q "$T/log.csv")"
grep -q '"suggestion": ' "$T/r.json" && pass "json report written" || failed "json report"

# runs to the last iteration when nothing explodes
run "no explosion" 0 'print 1 / (1 + lr)' -- --init-lr 1e-4 --max-lr 1e-2 --iters 30 -q
[ "$(cat "$T/batches")" = 30 ] && pass "all 30 batches" || failed "all 30 batches" "$(cat "$T/batches")"

# a malformed answer
run "malformed answer" 1 'if (lr > 1e-3) print "oops"; else print 2' -- --init-lr 1e-4 --max-lr 1 --iters 50
grep -q "^lrfind: <stdin>:14: 'oops' is not a number: expected the loss of the batch at lr " "$T/err" && pass "malformed answer message" || failed "malformed answer message" "$(head -n 1 "$T/err")"
grep -q '^lrfind drive$' "$T/err" && pass "report on what was received" || failed "report after bad answer"

# input that ends early
rm -f "$T/to" "$T/from"
expect "a negative loss: drive says so, not an explosion" 1 '*' '*' -- \
    sh -c "printf '0.5\n0.2\n-0.1\n' | \"$LRFIND\" drive --iters 50 -q >/dev/null"
[ "$(head -n 1 "$T/err")" = "lrfind: <stdin>:3: loss -0.1 is negative: the explosion test (--diverge times the best loss) needs losses >= 0; add a constant to the loss, or turn the test off with --diverge 0" ] &&
    pass "a negative loss: the message says what to do" ||
    failed "a negative loss: the message says what to do" "$(cat "$T/err")"
expect "input ends early" 1 '*' '*' -- sh -c "printf '2\n1.9\n1.8\n' | \"$LRFIND\" drive --iters 50 -q >/dev/null"
grep -q "input ended after 3 losses, before the test was over" "$T/err" && pass "early end message" || failed "early end message" "$(cat "$T/err")"

if [ -w /dev/full ]; then
	expect "drive >/dev/full" 1 '*' '*' -- sh -c "printf '2\n' | \"$LRFIND\" drive --iters 5 -q >/dev/full"
	grep -q "^lrfind: write error: stdout: No space left on device" "$T/err" && pass "drive >/dev/full names the write error" || failed "drive >/dev/full message" "$(cat "$T/err")"
fi
expect "bad option" 2 /dev/null "lrfind: --iters: '1': expected a whole number from 2 to 2^40
Try 'lrfind drive --help' for more information." -- "$LRFIND" drive --iters 1
# --log onto the file the lrs go to is refused
expect "drive --log onto stdout's file is refused" 4 '*' '*' -- \
    sh -c "printf '2\n1.9\n' | \"$LRFIND\" drive --iters 2 --log \"$T/lrs.txt\" >\"$T/lrs.txt\""
grep -q "lrs.txt: is where standard output goes; refusing to write over it" "$T/err" &&
    pass "drive: the refusal says why" || failed "drive: the refusal says why" "$(cat "$T/err")"

# an answer line is read up to 1 MiB, no further: /dev/zero ends at once
expect "drive < /dev/zero: a line over 1 MiB is an error" 1 '*' '*' -- \
    sh -c "timeout 20 \"$LRFIND\" drive --iters 5 -q </dev/zero >/dev/null"
[ "$(head -n 1 "$T/err")" = "lrfind: <stdin>:1: line longer than 1048576 bytes: expected the loss of the batch at lr 1e-07, as one number on a line" ] &&
    pass "drive < /dev/zero: the message" || failed "drive < /dev/zero: the message" "$(head -c 300 "$T/err")"

# outputs are checked before the first lr: a trainer that has not answered
# yet does not keep a mistake waiting (on /dev/zero, reading first would
# end in an input error, status 1)
for o in "--plot -" "--gnuplot -" "--plot x.jpg"; do
	expect "drive $o is refused before the first lr" 2 /dev/null '*' -- \
	    sh -c "timeout 10 \"$LRFIND\" drive $o --iters 5 </dev/zero"
done

# the report's warnings name drive's own flags (report.c's "{iters}"), and
# analyze's for the columns drive has not: an lr of 1, 2, 3, ...
run "drive over 0.004 decades" 3 'printf "%.6f\n", 1' -- --init-lr 1 --max-lr 1.01 --iters 30
grep -q 'no lr is suggested; a rebuilt lr needs --iters, the number of batches' "$T/err" &&
    pass "drive's warnings name drive's flags" || failed "drive's warnings name drive's flags" "$(cat "$T/err")"
run "drive: an lr that counts 1, 2, 3" 0 'printf "%.6f\n", 3 - lr / 100' -- --init-lr 1 --max-lr 41 --iters 40 --linear
grep -qx '  warning: the lr column counts 1, 2, 3, ...: is it the step? name the columns with lrfind analyze --lr-col and --loss-col, or rebuild the lr with --init-lr and --max-lr' "$T/err" &&
    pass "drive's lr_is_step warning in drive's words" || failed "drive's lr_is_step warning in drive's words" "$(cat "$T/err")"

finish
