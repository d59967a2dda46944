#!/bin/sh
# cli_schedule.sh: tests of `lrfind schedule` (run from the repository root)
#
# Every expected output is either a here-document below, a golden file
# tests/golden/schedule_*, or PyTorch's own output in tests/vectors/
# (compared value for value: the doubles must be equal).

. tests/lib.sh
VEC=tests/vectors
GOLD=tests/golden
tmp=$T

# bad NAME [FILE...]: a failed test, with the first lines of each FILE
bad() {
	name_=$1
	shift
	set -- "$name_" $(for f in "$@"; do [ -s "$f" ] && echo "$f"; done)
	msgs=""
	for f in $(shift; echo "$@"); do
		msgs="$msgs$(head -20 "$f")
"
	done
	failed "$name_" "$msgs"
}

# run ARGS...: lrfind schedule ARGS, into $tmp/out, $tmp/err and $rc
run() {
	"$LRFIND" schedule "$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
}

# good NAME EXPECTED-FILE ARGS...: status 0, this stdout, nothing on stderr
good() {
	name=$1
	want=$2
	shift 2
	run "$@"
	if [ "$rc" -ne 0 ]; then
		bad "$name: status $rc, want 0" "$tmp/err"
	elif ! diff -u "$want" "$tmp/out" >"$tmp/diff"; then
		bad "$name: output differs" "$tmp/diff"
	elif [ -s "$tmp/err" ]; then
		bad "$name: unexpected message" "$tmp/err"
	else
		pass "$name"
	fi
}

# usage NAME STATUS MESSAGE ARGS...: this status, this first stderr line
# (after "lrfind: "), nothing on stdout
usage() {
	name=$1
	want_rc=$2
	want_msg="lrfind: $3"
	shift 3
	run "$@"
	got_msg=$(sed -n 1p "$tmp/err")
	if [ "$rc" -ne "$want_rc" ]; then
		bad "$name: status $rc, want $want_rc" "$tmp/err"
	elif [ "$got_msg" != "$want_msg" ]; then
		printf 'got:  %s\nwant: %s\n' "$got_msg" "$want_msg" >"$tmp/diff"
		bad "$name: message" "$tmp/diff"
	elif [ -s "$tmp/out" ]; then
		bad "$name: output on a usage error" "$tmp/out"
	else
		pass "$name"
	fi
}

# vector NAME FILE TOL ARGS...: the output equals PyTorch's vector FILE,
# value for value, to a relative error TOL (0: the same doubles); the vector
# files have a comment line, then CRLF lines
vector() {
	name=$1
	file=$2
	tol=$3
	shift 3
	run "$@"
	if [ "$rc" -ne 0 ]; then
		bad "$name: status $rc" "$tmp/err"
		return
	fi
	if awk -F, -v tol="$tol" '
	function differ(x, y) {
		x += 0
		y += 0
		if (x == y)
			return 0
		return tol == 0 || y == 0 || (x - y) / y > tol || (y - x) / y > tol
	}
	NR == FNR {
		sub(/\r$/, "")
		if (FNR == 2)
			head = $0
		else if (FNR > 2) {
			n++
			it[n] = $1; lr[n] = $2; mom[n] = $3
		}
		next
	}
	FNR == 1 {
		if ($0 != head) {
			print "header: " $0
			bad++
		}
		next
	}
	{
		k = FNR - 1
		if (k > n || $1 != it[k] || differ($2, lr[k]) ||
		    differ($3, mom[k])) {
			print "line " FNR ": " $0 " want " it[k] "," lr[k] "," mom[k]
			if (++bad > 5)
				exit 1
		}
		rows++
	}
	END {
		if (rows != n) {
			print rows " rows, want " n
			bad++
		}
		exit bad > 0
	}' "$VEC/$file" "$tmp/out" >"$tmp/diff"; then
		pass "$name"
	else
		bad "$name: differs from $VEC/$file" "$tmp/diff"
	fi
}

# --- help ---------------------------------------------------------------
run --help
if [ "$rc" -eq 0 ] && grep -q '^usage: lrfind schedule POLICY \[options\]$' "$tmp/out" &&
    grep -q -- '--pct-start 41/95' "$tmp/out"; then
	pass "--help"
else
	bad "--help" "$tmp/out" "$tmp/err"
fi
run -h
if [ "$rc" -eq 0 ] && grep -q '^usage: lrfind schedule' "$tmp/out"; then
	pass "-h"
else
	bad "-h" "$tmp/err"
fi

# --- PyTorch's vectors, through the command line ------------------------
# bit for bit where only + - * / are involved, to 1e-12 where cos or pow are
vector "clr asymmetric" clr_asymmetric.csv 0 triangular --base-lr 0.01 \
    --max-lr 0.1 --step-size-up 10 --step-size-down 30 --no-cycle-momentum \
    --iters 120
vector "clr exp_range" clr_exp_range.csv 1e-12 exp_range --base-lr 0.001 \
    --max-lr 0.006 --step-size-up 20 --gamma 0.99 --no-cycle-momentum \
    --iters 200
vector "clr triangular" clr_triangular.csv 0 triangular --base-lr=0.001 \
    --max-lr=0.006 --step-size-up=20 --base-momentum=0.85 \
    --max-momentum=0.95 --iters=100
vector "clr triangular2" clr_triangular2.csv 0 triangular2 --base-lr 0.001 \
    --max-lr 0.006 --step-size-up 20 --no-cycle-momentum --iters 200
vector "onecycle linear" onecycle_linear_two_phase.csv 0 onecycle \
    --max-lr 1.0 --iters 300 --pct-start 0.25 --anneal linear \
    --div-factor 5 --final-div-factor 100
vector "onecycle torch defaults" onecycle_torch_default.csv 1e-12 onecycle \
    --max-lr 0.1 --iters 1000
vector "onecycle seed cifar" onecycle_seed_cifar.csv 0 onecycle \
    --three-phase --anneal linear --max-lr 0.8 --div-factor 10 \
    --final-div-factor 10 --pct-start 41/95 --iters 95

# --- the seed's CIFAR-10 example, exact text -----------------------------
good "cifar per epoch" "$GOLD/schedule_cifar_epochs.csv" onecycle \
    --three-phase --anneal linear --max-lr 0.8 --div-factor 10 \
    --final-div-factor 10 --pct-start 41/95 --epochs 95 --steps-per-epoch 1
# per batch, 98 batches an epoch: the phase boundaries (PyTorch's values)
cat >"$tmp/want" <<'EOF'
0,0.08,0.95
1,0.08017923823749067,0.9499751058003485
4016,0.7998207617625094,0.8500248941996514
4017,0.8,0.85
4018,0.7998207617625094,0.8500248941996514
8033,0.08017923823749062,0.9499751058003485
8034,0.07999999999999996,0.95
8035,0.0799435294117647,0.95
9308,0.00805647058823529,0.95
9309,0.007999999999999993,0.95
EOF
run onecycle --three-phase --anneal linear --max-lr 0.8 --div-factor 10 \
    --final-div-factor 10 --pct-start 41/95 --epochs 95 --steps-per-epoch 98
awk -F, 'NR > 1 && ($1 == 0 || $1 == 1 || $1 == 4016 || $1 == 4017 ||
    $1 == 4018 || $1 == 8033 || $1 == 8034 || $1 == 8035 || $1 == 9308 ||
    $1 == 9309)' "$tmp/out" >"$tmp/got"
if [ "$rc" -eq 0 ] && [ "$(wc -l <"$tmp/out")" -eq 9311 ] &&
    diff -u "$tmp/want" "$tmp/got" >"$tmp/diff"; then
	pass "cifar per batch"
else
	bad "cifar per batch" "$tmp/diff" "$tmp/err"
fi

# --- worked example E5 and small exact cases -----------------------------------
# (the digits are PyTorch 1.13's own, printed by repr: 1.0 written 1)
cat >"$tmp/want" <<'EOF'
iteration,lr,momentum
0,1,0.5
1,2,0.4
2,3,0.3
3,4,0.19999999999999996
4,5,0.09999999999999998
5,4,0.19999999999999996
6,3,0.3
7,2,0.4
8,1,0.5
9,2,0.4
10,3,0.3
EOF
good "e5 triangular" "$tmp/want" triangular --base-lr 1 --max-lr 5 \
    --step-size-up 4 --iters 11 --base-momentum 0.1 --max-momentum 0.5

cat >"$tmp/want" <<'EOF'
iteration,lr,momentum
0,1,0.9
1,2,0.9
2,3,0.9
3,4,0.9
4,5,0.9
5,4,0.9
6,3,0.9
7,2,0.9
8,1,0.9
9,1.5,0.9
10,2,0.9
11,2.5,0.9
12,3,0.9
13,2.5,0.9
14,2,0.9
15,1.5,0.9
16,1,0.9
17,1.25,0.9
18,1.5,0.9
19,1.75,0.9
20,2,0.9
21,1.75,0.9
EOF
good "e5 triangular2" "$tmp/want" triangular2 --base-lr 1 --max-lr 5 \
    --step-size-up 4 --iters 22 --no-cycle-momentum

cat >"$tmp/want" <<'EOF'
iteration,lr,momentum
0,1,0.25
1,2.000000000000001,0.25
2,2.9999999999999996,0.25
3,4,0.25
4,4.999999999999999,0.25
5,4.333333333333334,0.25
6,3.666666666666666,0.25
7,3.0000000000000004,0.25
8,2.333333333333333,0.25
9,1.6666666666666674,0.25
10,1,0.25
EOF
good "e5 asymmetric" "$tmp/want" triangular --base-lr 1 --max-lr 5 \
    --step-size-up 4 --step-size-down 6 --iters 11 --momentum 0.25

cat >"$tmp/want" <<'EOF'
iteration,lr,momentum
0,1,0.9
1,13,0.9
2,25,0.9
3,21.5,0.9
4,18,0.9
5,14.5,0.9
6,11,0.9
7,7.5,0.9
8,4,0.9
9,0.5,0.9
EOF
good "e5 onecycle linear" "$tmp/want" onecycle --max-lr 25 \
    --final-div-factor 2 --iters 10 --anneal linear --no-cycle-momentum

cat >"$tmp/want" <<'EOF'
iteration,lr,momentum
0,1,0.95
1,9,0.9166666666666666
2,17,0.8833333333333333
3,25,0.85
4,17,0.8833333333333333
5,9,0.9166666666666666
6,1,0.95
7,0.75,0.95
8,0.5,0.95
9,0.25,0.95
EOF
good "e5 onecycle three-phase" "$tmp/want" onecycle --max-lr 25 \
    --final-div-factor 4 --pct-start 0.4 --three-phase --anneal linear \
    --iters 10

# range: fastai's i/n and pytorch-lr-finder's i/(n-1), exp and linear
# (values from Python: start * (end/start) ** r, start + r * (end - start))
cat >"$tmp/want" <<'EOF'
iteration,lr,momentum
0,0.001,0.9
1,0.0039810717055349725,0.9
2,0.015848931924611138,0.9
3,0.06309573444801932,0.9
4,0.25118864315095807,0.9
EOF
good "range exp excluded" "$tmp/want" range --init-lr 1e-3 --max-lr 1 \
    --iters 5
good "range exp excluded explicit" "$tmp/want" range --init-lr 1e-3 \
    --max-lr 1 --iters 5 --ends excluded
cat >"$tmp/want" <<'EOF'
iteration,lr,momentum
0,0.001,0.9
1,0.005623413251903491,0.9
2,0.03162277660168379,0.9
3,0.1778279410038923,0.9
4,1,0.9
EOF
good "range exp included" "$tmp/want" range --init-lr 1e-3 --max-lr 1 \
    --iters 5 --ends included
cat >"$tmp/want" <<'EOF'
iteration,lr,momentum
0,0.001,0
1,0.2008,0
2,0.4006,0
3,0.6003999999999999,0
4,0.8002,0
EOF
good "range linear excluded" "$tmp/want" range --init-lr 1e-3 --max-lr 1 \
    --iters 5 --linear --momentum 0
cat >"$tmp/want" <<'EOF'
iteration,lr,momentum
0,0.001,0.9
1,0.25075,0.9
2,0.5005,0.9
3,0.75025,0.9
4,1,0.9
EOF
good "range linear included" "$tmp/want" range --init-lr 1e-3 --max-lr 1 \
    --iters 5 --linear --ends=included
cat >"$tmp/want" <<'EOF'
iteration,lr,momentum
0,1e-07,0.9
1,4.641588833612777e-05,0.9
2,0.021544346900318822,0.9
EOF
good "range defaults" "$tmp/want" range --iters 3

cat >"$tmp/want" <<'EOF'
iteration,lr,momentum
0,0.05,0.9
1,0.05,0.9
2,0.05,0.9
EOF
good "constant" "$tmp/want" constant --max-lr 0.05 --epochs 3 \
    --steps-per-epoch 1
good "constant base-lr" "$tmp/want" constant --base-lr 0.05 --iters 3
good "options before the policy" "$tmp/want" --iters 3 --max-lr 0.05 \
    constant
# the parser's paths: --name=value, "--" ending the options, the last of an
# option given twice, -h among other options
good "-- then the policy" "$tmp/want" --iters 3 --max-lr 0.05 -- constant
good "--name=value" "$tmp/want" constant --iters=3 --max-lr=0.05
good "an option twice: the last" "$tmp/want" constant --iters 5 --max-lr 1 \
    --iters 3 --max-lr 0.05
run constant -h --iters 3
if [ "$rc" -eq 0 ] && [ ! -s "$tmp/err" ] &&
    [ "$(sed -n 1p "$tmp/out")" = "usage: lrfind schedule POLICY [options]" ]; then
	pass "-h among options"
else
	bad "-h among options: status $rc" "$tmp/err" "$tmp/out"
fi

# --- usage errors: status 2, the option and its valid range --------------
usage "no policy" 2 "no policy: expected range, triangular, triangular2, exp_range, onecycle or constant" --iters 3
usage "unknown policy" 2 "unknown policy 'cosine': expected range, triangular, triangular2, exp_range, onecycle or constant" cosine --iters 3
usage "unknown option" 2 "unknown option '--bogus'" triangular --iters 3 --bogus
usage "unknown short option" 2 "unknown option '-x'" triangular --iters 3 -x
usage "missing value" 2 "--iters needs a value" triangular --iters
usage "flag with a value" 2 "--three-phase takes no value" onecycle \
    --iters 10 --three-phase=yes
usage "two policies" 2 "unexpected argument 'onecycle'" triangular \
    onecycle --iters 3
usage "empty value" 2 "--max-lr: '': expected a number > 0" constant \
    --iters 3 --max-lr=
usage "empty count" 2 "--iters: '': expected a whole number from 1 to 2^53" \
    constant --iters= --max-lr 1
usage "after --, an operand" 2 "unknown policy '--max-lr': expected range, triangular, triangular2, exp_range, onecycle or constant" \
    --iters 3 -- --max-lr
usage "after --, operands only" 2 "unexpected argument '--iters'" \
    -- constant --iters 3
usage "a second --" 2 "unexpected argument '--'" constant --iters 3 -- --
usage "-h bundled: the unknown letter, as in every subcommand" 2 "unknown option '-x'" constant --iters 3 -hx
usage "--help with a value" 2 "--help takes no value" --help=1
usage "no option name" 2 "unknown option '--'" constant --=3
usage "three dashes" 2 "unknown option '---x'" constant ---x
usage "--from needs a value" 2 "--from needs a value" triangular --iters 3 \
    --from
usage "no length" 2 "no length: give --iters N, or --epochs E with --steps-per-epoch S" triangular
usage "iters 0" 2 "--iters: '0': expected a whole number from 1 to 2^53" \
    triangular --iters 0
usage "iters fraction" 2 "--iters: '2.5': expected a whole number from 1 to 2^53" \
    triangular --iters 2.5
usage "iters huge" 2 "--iters: '99999999999999999999': expected a whole number from 1 to 2^53" \
    triangular --iters 99999999999999999999
usage "epochs alone" 2 "--epochs needs --steps-per-epoch" triangular \
    --epochs 3
usage "steps per epoch alone" 2 "--steps-per-epoch needs --epochs" \
    triangular --steps-per-epoch 3
usage "iters and epochs" 2 "--iters and --epochs/--steps-per-epoch cannot be combined" \
    triangular --iters 3 --epochs 3 --steps-per-epoch 1
usage "epochs overflow" 2 "--epochs times --steps-per-epoch must be at most 2^53" \
    triangular --epochs 4294967296 --steps-per-epoch 4294967296
usage "pct-start 1.5" 2 "--pct-start: '1.5': expected a number in (0, 1), or a fraction A/B" \
    onecycle --iters 100 --pct-start 1.5
usage "pct-start 0" 2 "--pct-start: '0': expected a number in (0, 1), or a fraction A/B" \
    onecycle --iters 100 --pct-start=0
usage "pct-start 1" 2 "--pct-start: '95/95': expected a number in (0, 1), or a fraction A/B" \
    onecycle --iters 100 --pct-start 95/95
usage "pct-start text" 2 "--pct-start: 'abc': expected a number in (0, 1), or a fraction A/B" \
    onecycle --iters 100 --pct-start abc
usage "pct-start 1/0" 2 "--pct-start: '1/0': expected a number in (0, 1), or a fraction A/B" \
    onecycle --iters 100 --pct-start 1/0
usage "phase 1 too short" 2 "--pct-start (0.3 by default) times --iters 5 must be at least 2, so that phase 1 lasts one iteration" \
    onecycle --iters 5
usage "phase 2 too short" 2 "--pct-start 0.95 times --iters 10 must be at most --iters 10 minus 1, so that phase 2 lasts one iteration" \
    onecycle --iters 10 --pct-start 0.95
usage "phase 3 too short" 2 "--pct-start 0.6 must be at most 0.5 with --three-phase, so that phase 3 lasts one iteration" \
    onecycle --iters 100 --pct-start 0.6 --three-phase
usage "base above max" 2 "--base-lr 0.01 must not exceed --max-lr (0.006 by default)" \
    triangular --iters 10 --base-lr 0.01
usage "max-lr 0" 2 "--max-lr: '0': expected a number > 0" \
    onecycle --iters 10 --max-lr 0
usage "max-lr negative" 2 "--max-lr: '-1': expected a number > 0" \
    exp_range --iters 10 --max-lr -1
usage "base-lr inf" 2 "--base-lr: 'inf': expected a number > 0" \
    triangular --iters 10 --base-lr inf
usage "constant lr 0" 2 "--max-lr: '0': expected a number > 0" \
    constant --iters 10 --max-lr 0
usage "constant two lrs" 2 "constant takes one lr: --max-lr or --base-lr, not both" \
    constant --iters 10 --max-lr 1 --base-lr 1
usage "range init above max" 2 "--max-lr 0.1 must be finite and greater than --init-lr 1" \
    range --iters 10 --init-lr 1 --max-lr 0.1
usage "range init-lr 0" 2 "--init-lr: '0': expected a number > 0" \
    range --iters 10 --init-lr 0
usage "range one iteration" 2 "--iters: '1': expected a whole number from 2 to 2^53" \
    range --iters 1
usage "range ends" 2 "--ends: 'both': expected excluded or included" \
    range --iters 10 --ends both
usage "step size 0" 2 "--step-size-up: '0': expected a whole number from 1 to 2^53" \
    triangular --iters 10 --step-size-up 0
usage "gamma above 1" 2 "--gamma: '1.5': expected a number in (0, 1]" \
    exp_range --iters 10 --gamma 1.5
usage "gamma not for triangular" 2 "--gamma does not apply to triangular" \
    triangular --iters 10 --gamma 0.9
usage "pct-start not for triangular2" 2 "--pct-start does not apply to triangular2" \
    triangular2 --iters 10 --pct-start 0.3
usage "step size not for onecycle" 2 "--step-size-up does not apply to onecycle" \
    onecycle --iters 10 --step-size-up 3
usage "init-lr not for onecycle" 2 "--init-lr does not apply to onecycle" \
    onecycle --iters 10 --init-lr 3
usage "from not for range" 2 "--from does not apply to range" \
    range --iters 10 --from run.csv
usage "three and two phases" 2 "--three-phase and --no-three-phase cannot be combined" \
    onecycle --iters 10 --three-phase --no-three-phase
usage "anneal" 2 "--anneal: 'cosine': expected cos or linear" \
    onecycle --iters 10 --anneal cosine
usage "div-factor below 1" 2 "--div-factor: '0.5': expected a number >= 1" \
    onecycle --iters 100 --div-factor 0.5
usage "final-div-factor 0" 2 "--final-div-factor: '0': expected a number >= 1" \
    onecycle --iters 100 --final-div-factor 0
usage "momentum above 1" 2 "--max-momentum: '1.2': expected a number in [0, 1]" \
    triangular --iters 10 --max-momentum 1.2
usage "momentum order" 2 "--base-momentum 0.99 must not exceed --max-momentum (0.95 by default)" \
    onecycle --iters 100 --base-momentum 0.99
usage "constant momentum" 2 "--momentum: '-0.5': expected a number in [0, 1]" \
    range --iters 10 --momentum -0.5
usage "momentum and base-momentum" 2 "--momentum (constant) cannot be combined with --base-momentum or --max-momentum" \
    onecycle --iters 100 --momentum 0.9 --base-momentum 0.8
usage "no-cycle and max-momentum" 2 "--no-cycle-momentum cannot be combined with --base-momentum or --max-momentum" \
    onecycle --iters 100 --no-cycle-momentum --max-momentum 0.9

# --- output errors: status 4 ---------------------------------------------
if [ -w /dev/full ]; then
	"$LRFIND" schedule triangular --iters 3 >/dev/full 2>"$tmp/err"
	rc=$?
	if [ "$rc" -eq 4 ] && [ "$(cat "$tmp/err")" = "lrfind: writing the schedule: No space left on device" ]; then
		pass "/dev/full"
	else
		bad "/dev/full: status $rc, want 4" "$tmp/err"
	fi
	"$LRFIND" schedule onecycle --iters 1000000 >/dev/full 2>"$tmp/err"
	rc=$?
	if [ "$rc" -eq 4 ] && [ "$(wc -l <"$tmp/err")" -eq 1 ]; then
		pass "/dev/full, long output"
	else
		bad "/dev/full, long output: status $rc, want 4" "$tmp/err"
	fi
	"$LRFIND" schedule --help >/dev/full 2>"$tmp/err"
	rc=$?
	if [ "$rc" -eq 4 ]; then
		pass "--help >/dev/full"
	else
		bad "--help >/dev/full: status $rc, want 4" "$tmp/err"
	fi
fi

# --- bounds from a range-test log ------------------------------------------
# worked example E1's curve: lr 1e-7 * 10^(8i/100), loss with a known minimum
awk 'BEGIN {
	print "step,lr,loss"
	for (i = 0; i < 100; i++) {
		l = -7 + 8 * i / 100
		x = 0.3 + 2 / (1 + exp((l + 3) / 0.35)) + exp(4 * (l + 0.5))
		printf "%d,%.17g,%.17g\n", i, 10 ^ l, x
	}
}' >"$tmp/run.csv"

# from_bounds NAME: the bounds named on stderr, "name value" per line
from_bounds() {
	sed -n "s|^lrfind: from $tmp/run.csv: ||p" "$tmp/err" |
	    sed 's/ (the analysis.*//' | tr ',' '\n' | sed 's/^ //'
}

run triangular --from "$tmp/run.csv" --step-size-up 2 --iters 5
from_bounds >"$tmp/b"
base=$(sed -n 's/^base_lr //p' "$tmp/b")
max=$(sed -n 's/^max_lr //p' "$tmp/b")
if [ "$rc" -eq 0 ] && [ -n "$base" ] && [ -n "$max" ] &&
    [ "$(wc -l <"$tmp/b")" -eq 2 ] &&
    awk -F, -v b="$base" -v m="$max" '
	NR == 2 && $2 + 0 != b + 0 { bad = 1 }
	NR == 4 && $2 + 0 != m + 0 { bad = 1 }
	NR == 6 && $2 + 0 != b + 0 { bad = 1 }
	END { exit bad || NR != 6 }' "$tmp/out" &&
    awk -v b="$base" -v m="$max" 'BEGIN { exit !(b > 0 && m > b) }'; then
	pass "--from: triangular takes base_lr and max_lr"
else
	bad "--from: triangular takes base_lr and max_lr" "$tmp/err" "$tmp/out"
fi

run triangular --from "$tmp/run.csv" --step-size-up 2 --iters 5 --max-lr 0.5
from_bounds >"$tmp/b"
if [ "$rc" -eq 0 ] && [ "$(cat "$tmp/b")" = "base_lr $base" ] &&
    [ "$(sed -n 4p "$tmp/out")" = "2,0.5,0.8" ]; then
	pass "--from: an explicit --max-lr overrides the log"
else
	bad "--from: an explicit --max-lr overrides the log" "$tmp/err" "$tmp/out"
fi

# onecycle: the report's settings, three phases; 10 iterations with
# pct_start 0.3 put the peak at 2, the initial lr again at 4, the end at 9
run onecycle --from "$tmp/run.csv" --iters 10
from_bounds >"$tmp/b"
ocmax=$(sed -n 's/^max_lr //p' "$tmp/b")
ocdiv=$(sed -n 's/^div_factor //p' "$tmp/b")
ocfdiv=$(sed -n 's/^final_div_factor //p' "$tmp/b")
if [ "$rc" -eq 0 ] && [ -n "$ocmax" ] && [ -n "$ocdiv" ] && [ -n "$ocfdiv" ] &&
    [ "$(sed -n 4p "$tmp/b")" = "three_phase true" ] &&
    awk -F, -v m="$ocmax" -v d="$ocdiv" -v f="$ocfdiv" '
	function near(x, y) { return x / y > 1 - 1e-12 && x / y < 1 + 1e-12 }
	NR == 2 && !near($2, m / d) { bad = 1 }
	NR == 4 && $2 + 0 != m + 0 { bad = 1 }
	NR == 6 && !near($2, m / d) { bad = 1 }
	NR == 11 && !near($2, m / d / f) { bad = 1 }
	END { exit bad || NR != 11 }' "$tmp/out"; then
	pass "--from: onecycle takes max_lr, div_factor, final_div_factor"
else
	bad "--from: onecycle takes max_lr, div_factor, final_div_factor" \
	    "$tmp/err" "$tmp/out"
fi
run onecycle --from "$tmp/run.csv" --iters 10 --no-three-phase --div-factor 4
from_bounds >"$tmp/b"
if [ "$rc" -eq 0 ] &&
    [ "$(cat "$tmp/b")" = "$(printf 'max_lr %s\nfinal_div_factor %s' "$ocmax" "$ocfdiv")" ] &&
    awk -F, -v m="$ocmax" -v f="$ocfdiv" '
	function near(x, y) { return x / y > 1 - 1e-12 && x / y < 1 + 1e-12 }
	NR == 2 && !near($2, m / 4) { bad = 1 }
	NR == 6 && near($2, m / 4) { bad = 1 }
	NR == 11 && !near($2, m / 4 / f) { bad = 1 }
	END { exit bad || NR != 11 }' "$tmp/out"; then
	pass "--from: --no-three-phase and --div-factor override"
else
	bad "--from: --no-three-phase and --div-factor override" "$tmp/err" \
	    "$tmp/out"
fi

run constant --from - --iters 2 <"$tmp/run.csv"
lr=$(sed -n 's/^lrfind: from -: lr \([^ ]*\).*/\1/p' "$tmp/err")
# the suggested lr is the default one, what lrfind -q prints
if [ "$rc" -eq 0 ] && [ -n "$lr" ] &&
    [ "$lr" = "$("$LRFIND" -q "$tmp/run.csv")" ] &&
    [ "$(sed -n 2p "$tmp/out")" = "0,$lr,0.9" ]; then
	pass "--from -: constant takes the suggested lr"
else
	bad "--from -: constant takes the suggested lr" "$tmp/err" "$tmp/out"
fi

run triangular --from "$tmp/run.csv" --iters 3 --base-lr 0.1 --max-lr 1
cat >"$tmp/want" <<'EOF'
iteration,lr,momentum
0,0.1,0.9
1,0.10045000000000015,0.89995
2,0.1008999999999999,0.8999
EOF
if [ "$rc" -eq 0 ] && diff -u "$tmp/want" "$tmp/out" >"$tmp/diff" &&
    [ "$(cat "$tmp/err")" = "lrfind: from $tmp/run.csv: nothing taken, every bound is given" ]; then
	pass "--from: every bound given"
else
	bad "--from: every bound given" "$tmp/err" "$tmp/diff"
fi

usage "--from: no such file" 1 "$tmp/nosuch.csv: No such file or directory" \
    onecycle --from "$tmp/nosuch.csv" --iters 10
printf 'step,lr,loss\n0,0.1,nan\n' >"$tmp/nan.csv"
usage "--from: no answer" 3 "$tmp/nan.csv: no bounds: the analysis found no answer (0 points)" \
    onecycle --from "$tmp/nan.csv" --iters 10
printf 'step,lr,loss\n0,abc,1\n' >"$tmp/bad.csv"
run onecycle --from "$tmp/bad.csv" --iters 10
if [ "$rc" -eq 1 ] && grep -q "^lrfind: $tmp/bad.csv:2:" "$tmp/err" &&
    [ ! -s "$tmp/out" ]; then
	pass "--from: malformed log"
else
	bad "--from: malformed log: status $rc, want 1" "$tmp/err"
fi
finish
