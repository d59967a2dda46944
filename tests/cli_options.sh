#!/bin/sh
# cli_options.sh: one option parser, one number grammar and one message
# grammar for every subcommand (issue 15)
. tests/lib.sh

E1=tests/data/e1.csv
try() { printf "Try 'lrfind %s--help' for more information." "$1"; }

# --- a flag given a value: the same message everywhere ---
expect "--quiet=yes: takes no value" 2 /dev/null "lrfind: --quiet takes no value
$(try)" -- "$LRFIND" --quiet=yes $E1
expect "--csv=1: takes no value" 2 /dev/null "lrfind: --csv takes no value
$(try)" -- "$LRFIND" --csv=1 $E1
expect "train --quiet=yes: takes no value" 2 /dev/null "lrfind: --quiet takes no value
$(try 'train ')" -- "$LRFIND" train --quiet=yes
expect "drive --quiet=yes: takes no value" 2 /dev/null "lrfind: --quiet takes no value
$(try 'drive ')" -- "$LRFIND" drive --quiet=yes
expect "--method=steep is --method steep" 0 '*' '*' -- "$LRFIND" -q --method=steep $E1

# --- a typo: did you mean ---
expect "analyze: --methd" 2 /dev/null "lrfind: unknown option '--methd': did you mean --method?
$(try)" -- "$LRFIND" --methd steep $E1
expect "a prefix is no abbreviation: it is suggested" 2 /dev/null "lrfind: unknown option '--meth': did you mean --method?
$(try)" -- "$LRFIND" --meth steep $E1
expect "train: --bach" 2 /dev/null "lrfind: unknown option '--bach': did you mean --batch?
$(try 'train ')" -- "$LRFIND" train --bach 64
expect "drive: --itres" 2 /dev/null "lrfind: unknown option '--itres': did you mean --iters?
$(try 'drive ')" -- "$LRFIND" drive --itres 5
expect "schedule: --max_lr" 2 /dev/null "lrfind: unknown option '--max_lr': did you mean --max-lr?
$(try 'schedule ')" -- "$LRFIND" schedule constant --iters 3 --max_lr 1
expect "far from any option: no suggestion" 2 /dev/null "lrfind: unknown option '--frobnicate'
$(try)" -- "$LRFIND" --frobnicate $E1
expect "a mistyped subcommand" 2 /dev/null "lrfind: 'trian' is neither a file nor a subcommand: did you mean train?
$(try)" -- "$LRFIND" trian
expect "schedule: a mistyped policy" 2 /dev/null "lrfind: unknown policy 'onecylce': did you mean onecycle?
$(try 'schedule ')" -- "$LRFIND" schedule onecylce --iters 10
# a file named like a subcommand is read as a log
cp $E1 "$T/trian"
expect "a file named like a typo is a log" 0 '*' '*' -- "$LRFIND" -q "$T/trian"

# --- lrfind help [SUBCOMMAND] ---
"$LRFIND" --help >"$T/help.want"
expect "lrfind help: lrfind --help" 0 "$T/help.want" '' -- "$LRFIND" help
for sub in analyze schedule train drive; do
	if [ $sub = analyze ]; then
		cp "$T/help.want" "$T/sub.want"
	else
		"$LRFIND" $sub --help >"$T/sub.want"
	fi
	expect "lrfind help $sub" 0 "$T/sub.want" '' -- "$LRFIND" help $sub
done
expect "lrfind help a typo" 2 /dev/null "lrfind: help: unknown subcommand 'trian': did you mean train?
$(try)" -- "$LRFIND" help trian
expect "lrfind help with two words" 2 /dev/null "lrfind: help: unexpected argument 'x'
$(try)" -- "$LRFIND" help train x

# --- one number grammar: decimal, as the logs, in every subcommand ---
for v in 0x1p-3 1e-3x ' 1e-3' inf nan; do
	expect "analyze --init-lr '$v' refused" 2 /dev/null "lrfind: --init-lr: '$v': expected a number > 0
$(try)" -- "$LRFIND" --init-lr "$v" --max-lr 10 $E1
	expect "train --init-lr '$v' refused" 2 /dev/null "lrfind: --init-lr: '$v': expected a number > 0
$(try 'train ')" -- "$LRFIND" train --init-lr "$v"
	expect "drive --init-lr '$v' refused" 2 /dev/null "lrfind: --init-lr: '$v': expected a number > 0
$(try 'drive ')" -- "$LRFIND" drive --init-lr "$v"
	expect "schedule --init-lr '$v' refused" 2 /dev/null "lrfind: --init-lr: '$v': expected a number > 0
$(try 'schedule ')" -- "$LRFIND" schedule range --iters 10 --init-lr "$v"
done
expect "schedule takes 1e-3 and +.5e1" 0 '*' '' -- \
    "$LRFIND" schedule range --iters 10 --init-lr 1e-3 --max-lr +.5e1
# a count is decimal digits alone: 1e1 is refused everywhere
expect "analyze --iters 1e1 refused" 2 /dev/null "lrfind: --iters: '1e1': expected a whole number from 2 to 2^40
$(try)" -- "$LRFIND" --iters 1e1 $E1
expect "train --iters 1e1 refused" 2 /dev/null "lrfind: --iters: '1e1': expected a whole number from 2 to 2^40
$(try 'train ')" -- "$LRFIND" train --iters 1e1
expect "drive --iters 1e1 refused" 2 /dev/null "lrfind: --iters: '1e1': expected a whole number from 2 to 2^40
$(try 'drive ')" -- "$LRFIND" drive --iters 1e1

# --- one message grammar: the same mistake reads the same ---
expect "analyze: two formats" 2 /dev/null "lrfind: -q, --json and --csv cannot be combined
$(try)" -- "$LRFIND" -q --csv $E1
expect "train: two formats" 2 /dev/null "lrfind: -q, --json and --csv cannot be combined
$(try 'train ')" -- "$LRFIND" train -q --csv
for sub in "" train drive; do
	f=; [ -n "$sub" ] || f=$E1
	expect "${sub:-analyze}: a bad method" 2 /dev/null "lrfind: --method: 'best': expected minimum, blend, steep, valley or slide
$(try "${sub:+$sub }")" -- "$LRFIND" $sub --method best $f
	expect "${sub:-analyze}: a bad --diverge" 2 /dev/null "lrfind: --diverge: '1': expected a number > 1, or 0 to never stop
$(try "${sub:+$sub }")" -- "$LRFIND" $sub --diverge 1 $f
	expect "${sub:-analyze}: a bad --smooth" 2 /dev/null "lrfind: --smooth: '1': expected a number in [0, 1)
$(try "${sub:+$sub }")" -- "$LRFIND" $sub --smooth 1 $f
done
expect "analyze: a bad --ends" 2 /dev/null "lrfind: --ends: 'both': expected excluded or included
$(try)" -- "$LRFIND" --ends both $E1
expect "drive: a bad --ends" 2 /dev/null "lrfind: --ends: 'both': expected excluded or included
$(try 'drive ')" -- "$LRFIND" drive --ends both
expect "schedule: a bad --ends" 2 /dev/null "lrfind: --ends: 'both': expected excluded or included
$(try 'schedule ')" -- "$LRFIND" schedule range --iters 10 --ends both
expect "analyze: init above max names the options" 2 /dev/null "lrfind: --max-lr must be above --init-lr: a range test's lr rises
$(try)" -- "$LRFIND" --init-lr 1 --max-lr 0.1 $E1
expect "drive: init above max names the options" 2 /dev/null "lrfind: --max-lr must be finite and greater than --init-lr
$(try 'drive ')" -- "$LRFIND" drive --init-lr 1 --max-lr 0.1
expect "analyze: a value with control bytes is shown safely" 2 /dev/null "lrfind: --method: 'a?[31m': expected minimum, blend, steep, valley or slide
$(try)" -- "$LRFIND" --method "$(printf 'a\033[31m')" $E1
# a relation names the options with their values, as given, taken or by
# default, in schedule as in train --fit
expect "schedule: a relation with a default" 2 /dev/null "lrfind: --base-lr 0.01 must not exceed --max-lr (0.006 by default)
$(try 'schedule ')" -- "$LRFIND" schedule triangular --iters 10 --base-lr 0.01
expect "schedule: a relation with the length" 2 /dev/null "lrfind: --pct-start (0.3 by default) times the 5 iterations (--epochs 1 x --steps-per-epoch 5) must be at least 2, so that phase 1 lasts one iteration
$(try 'schedule ')" -- "$LRFIND" schedule onecycle --epochs 1 --steps-per-epoch 5
"$LRFIND" schedule triangular --iters 10 --base-lr 5 --from data/fmnist_mlp_sgd.csv >/dev/null 2>"$T/err"
st=$?
[ $st -eq 2 ] && sed -n 2p "$T/err" | grep -q "^lrfind: --base-lr 5 must not exceed --max-lr [0-9.]* (from data/fmnist_mlp_sgd.csv)$" &&
    pass "schedule: a relation with a value taken from --from" ||
    failed "schedule: a relation with a value taken from --from" "status $st" "$(cat "$T/err")"

# --- engines speak their own fields; each front end names its options ---
printf 'a,b\n1,2\n' >"$T/nocols.csv"
expect "analyze: the reader's field is --loss-col" 1 /dev/null \
    "lrfind: $T/nocols.csv:1: no loss column in the header (columns 'a', 'b'): expected one named loss, train_loss, training_loss, train/loss, loss_step or train_loss_step, or --loss-col" -- \
    "$LRFIND" "$T/nocols.csv"
expect "schedule --from has no --loss-col: it says where it is" 1 /dev/null \
    "lrfind: $T/nocols.csv:1: no loss column in the header (columns 'a', 'b'): expected one named loss, train_loss, training_loss, train/loss, loss_step or train_loss_step, or lrfind analyze --loss-col" -- \
    "$LRFIND" schedule triangular --iters 10 --from "$T/nocols.csv"

# --- one grammar for a share: --pct-start 41/95 in train as in schedule ---
expect "train: --pct-start as a fraction A/B, as schedule takes it" 0 '*' '*' -- \
    "$LRFIND" train --fit --epochs 1 --pct-start 41/95 -q
expect "train: a share of 1/0 is refused in schedule's words" 2 /dev/null "lrfind: --pct-start: '1/0': expected a number in (0, 1), or a fraction A/B
$(try 'train ')" -- "$LRFIND" train --fit --pct-start 1/0
expect "schedule: the same words" 2 /dev/null "lrfind: --pct-start: '1/0': expected a number in (0, 1), or a fraction A/B
$(try 'schedule ')" -- "$LRFIND" schedule onecycle --iters 100 --pct-start 1/0
expect "train: --policy is a choice, with the kit's words" 2 /dev/null "lrfind: --policy: 'range': expected onecycle, triangular, triangular2, exp_range or constant
$(try 'train ')" -- "$LRFIND" train --fit --policy range

finish
