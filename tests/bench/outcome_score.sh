#!/bin/sh
# outcome_score.sh: score suggestion rules by the training they lead to.
#
# Reads the ground truth that tests/bench/outcome (built-in MLP) and
# tests/bench/outcome_torch.py (PyTorch models) wrote into DIR
# (tests/bench/truth): each configuration's range-test logs, one per seed,
# and its grid of constant-lr trainings, lr = 10^(-5 + k/4), k = 0 .. 22,
# with the test accuracy after 1 and after 5 epochs.
#
# For each rule and each log it asks lrfind for the lr, then
#   regret = best grid accuracy of that seed - accuracy at the lr
# (accuracy linear in log10 lr between grid points, the edge value outside),
# in percentage points, and averages over the seeds of a configuration.
# Runs where the default finds no signal (verdict none, no lr: the loss
# never fell, or the lr never changed) are left out of every rule's score,
# since any lr read from them is luck, and listed apart with each rule's
# regret there.  Elsewhere, a rule that gives no lr counts as the fixed
# default (SGD 1e-2; Adam, AdamW and RMSprop 1e-3), what a user falls back
# to; the tables say on how many runs each rule gave none.
#
# Prints, for 1 and 5 epochs, each rule's mean regret, worst regret and
# how many configurations land within 1 point of the best, over all
# configurations, the tuning half and the held-back half (configurations
# sorted by name: the 1st, 3rd, 5th ... tune, the 2nd, 4th ... are held
# back), then the
# default's mean regret per confidence verdict.
#
# usage: sh tests/bench/outcome_score.sh [LRFIND [DIR ...]]
#   several DIRs are scored as one benchmark (configuration names differ:
#   tests/bench/truth_fresh's begin with x_), split into halves as one
#   RULES=file  rules to score, one "name<TAB>lrfind options" a line, or
#               "name<TAB>fixed SGD_LR ADAM_LR": a fixed lr, the first for
#               SGD, the second for the adaptive optimizers (Adam, AdamW,
#               RMSprop) (default: the rules below; fixed: 1e-2 and 1e-3)
#   PER_CONFIG=file  also write every configuration's regret per rule
#   ONLY_SEEDS=list  score these seeds alone (comma-separated, "5,6"); a
#               configuration without any of them is left out
set -eu
LRFIND=${1:-./lrfind}
[ $# -gt 0 ] && shift
[ $# -gt 0 ] || set -- tests/bench/truth
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
if [ $# -eq 1 ]; then
	DIR=$1
else
	# one folder of them all: the logs linked, the tables joined
	DIR=$tmp/all
	mkdir -p "$DIR/logs"
	for d in "$@"; do
		for f in "$d"/logs/*.csv; do
			ln -s "$(cd "$(dirname "$f")" && pwd)/$(basename "$f")" "$DIR/logs/"
		done
		cat "$d/grid.csv" >>"$DIR/grid.csv"
		for f in "$d/configs.csv" "$d/torch_configs.csv"; do
			[ ! -f "$f" ] || cat "$f" >>"$DIR/configs.csv"
		done
	done
fi

if [ -n "${RULES:-}" ]; then
	cp "$RULES" "$tmp/rules"
else
	tab=$(printf '\t')
	cat >"$tmp/rules" <<EOF
default${tab}
blend${tab}-m blend
seed-causal${tab}--smoother causal -m minimum
fastai-minimum${tab}--compat fastai -m minimum
minimum${tab}-m minimum
steep${tab}-m steep
valley${tab}-m valley
slide${tab}-m slide
fastai${tab}--compat fastai -m valley
torch-lr-finder${tab}--compat pytorch-lr-finder -m steep
lightning${tab}--compat lightning -m steep
fixed${tab}fixed 0.01 0.001
EOF
fi

# the optimizer of each configuration (for the fixed rule)
cat "$DIR"/configs.csv "$DIR"/torch_configs.csv 2>/dev/null |
    awk -F, 'NR > 1 && $1 != "config" { print $1, $3 }' >"$tmp/opt"

# Degraded copies of each log, for the verdict table: a range test is only
# as good as its log, and the stored ones are all whole tests.  cutP: the
# first P% of the rows (a test stopped early, by hand or a time limit);
# sparse8: every 8th row (a trainer that logs every 8th batch); noisy:
# each loss times exp(0.5 g), g normal (a noisier loss).  Deterministic.
variants() {	# LOG OUTDIR
	n=$(($(wc -l <"$1") - 1))
	for p in 70 50 30; do
		head -n $((1 + n * p / 100)) "$1" >"$2/cut$p.csv"
	done
	awk 'NR == 1 || (NR - 2) % 8 == 0' "$1" >"$2/sparse8.csv"
	awk -F, -v OFS=, 'BEGIN { srand(1) }
	    NR == 1 { for (i = 1; i <= NF; i++) if ($i == "loss") c = i; print; next }
	    { u = rand(); v = rand(); if (u < 1e-12) u = 1e-12
	      g = sqrt(-2 * log(u)) * cos(6.283185307179586 * v)
	      if ($c + 0 == $c && $c != "") $c = sprintf("%.9g", $c * exp(0.5 * g))
	      print }' "$1" >"$2/noisy.csv"
}

# suggestions: rule config seed lr (or "none"); verdicts: config seed verdict
for log in "$DIR"/logs/*_s*.csv; do
	b=$(basename "$log" .csv)
	cfg=${b%_s*}
	seed=${b##*_s}
	case ,${ONLY_SEEDS:-$seed}, in *,"$seed",*) ;; *) continue ;; esac
	grep -q "^$cfg,$seed," "$DIR/grid.csv" || continue
	while IFS="$(printf '\t')" read -r name opts; do
		case $opts in
		fixed*)
			set -- $opts
			o=$(awk -v c="$cfg" '$1 == c { print $2 }' "$tmp/opt")
			if [ "$o" = sgd ]; then lr=$2; else lr=$3; fi ;;
		*)
			# shellcheck disable=SC2086
			lr=$("$LRFIND" -q $opts "$log" 2>/dev/null) || lr=none
			[ -n "$lr" ] || lr=none ;;
		esac
		echo "$name $cfg $seed $lr"
	done <"$tmp/rules" >>"$tmp/sug"
	v=$("$LRFIND" --json "$log" 2>/dev/null |
	    sed -n 's/.*"verdict": "\([a-z]*\)".*/\1/p' | head -1)
	echo "$cfg $seed ${v:-none}" >>"$tmp/verdict"
	# the default's lr and verdict on the log and its degraded copies
	mkdir -p "$tmp/var"
	cp "$log" "$tmp/var/whole.csv"
	variants "$log" "$tmp/var"
	for f in "$tmp"/var/*.csv; do
		"$LRFIND" --json "$f" 2>/dev/null | awk -v c="$cfg" -v s="$seed" \
		    -v w="$(basename "$f" .csv)" '
		    /"suggestion":/ { lr = $2; sub(",", "", lr) }
		    /"verdict":/ { v = $0; sub(/.*"verdict": "/, "", v); sub(/".*/, "", v) }
		    END { print w, c, s, (lr == "" || lr == "null" ? "none" : lr), (v == "" ? "none" : v) }'
	done >>"$tmp/varsug"
done

# The grid (acc[epochs, config, seed, k], cnt[config, seed]) and the
# accuracy at an lr, linear in log10 lr between grid points: the head of
# both scoring programs below.
GRID_AWK='
FILENAME ~ /grid.csv$/ {
	split($0, f, ",")
	acc[1, f[1], f[2], f[3]] = 100 * f[5]
	acc[5, f[1], f[2], f[3]] = 100 * f[6]
	cnt[f[1], f[2]]++
	next
}
function at(e, c, s, lr,    x, k, a, b) {
	x = (log(lr) / log(10) + 5) * 4
	if (x <= 0) return acc[e, c, s, 0]
	if (x >= 22) return acc[e, c, s, 22]
	k = int(x)
	a = acc[e, c, s, k]; b = acc[e, c, s, k + 1]
	return a + (b - a) * (x - k)
}
'

awk -v per="${PER_CONFIG:-}" "$GRID_AWK"'
FILENAME ~ /verdict$/ { verdict[$1, $2] = $3; next }
FILENAME ~ /opt$/ { opt[$1] = $2; next }
FILENAME ~ /rules$/ {
	split($0, f, "\t")
	rules[++nrules] = f[1]
	next
}
{ sug[$1, $2, $3] = $4; cfgs[$2] = 1; seeds[$2, $3] = 1 }
function regret(e, r, c,    s, n, t, best, lo, k, lr) {
	n = 0; t = 0
	for (s = 1; s <= 9; s++) {
		if (!((c SUBSEP s) in seeds) || cnt[c, s] < 23) continue
		if (sug["default", c, s] == "none") continue	# no signal
		best = -1; lo = 101
		for (k = 0; k <= 22; k++) {
			if (acc[e, c, s, k] > best) best = acc[e, c, s, k]
			if (acc[e, c, s, k] < lo) lo = acc[e, c, s, k]
		}
		lr = sug[r, c, s]
		if (lr == "none" || lr + 0 <= 0)
			lr = opt[c] == "sgd" ? 0.01 : 0.001
		t += best - at(e, c, s, lr)
		n++
	}
	return n ? t / n : -1
}
END {
	nc = 0
	for (c in cfgs) names[++nc] = c
	nscored = 0
	for (i = 1; i <= nc; i++)
		if (regret(1, "default", names[i]) >= 0) nscored++
	for (k in sug) {
		split(k, q, SUBSEP)
		if (sug[k] == "none" && sug["default", q[2], q[3]] != "none")
			nabs[q[1]]++
	}
	# sort the names (insertion sort: a few dozen)
	for (i = 2; i <= nc; i++) {
		v = names[i]
		for (j = i - 1; j > 0 && names[j] > v; j--) names[j + 1] = names[j]
		names[j + 1] = v
	}
	for (e = 1; e <= 5; e += 4) {
		printf "\n%d epoch%s, %d configurations (tuning half: 1st, 3rd, ... by name; held back: 2nd, 4th, ...)\n", e, (e > 1 ? "s" : ""), nscored
		printf "%-16s %26s %26s %26s %s\n", "rule", "all: mean / worst / <=1pp", "tuning half", "held back", "no answer"
		for (ri = 1; ri <= nrules; ri++) {
			r = rules[ri]
			line = sprintf("%-16s", r)
			for (part = 0; part < 3; part++) {
				n = 0; t = 0; w = 0; ok = 0
				for (i = 1; i <= nc; i++) {
					if (part == 1 && i % 2 == 0) continue
					if (part == 2 && i % 2 == 1) continue
					g = regret(e, r, names[i])
					if (g < 0) continue
					n++; t += g; if (g > w) w = g; if (g <= 1) ok++
					if (per != "" && part == 0)
						printf "%d,%s,%s,%.3f\n", e, r, names[i], g > per
				}
				line = line sprintf(" %10.2f / %5.2f / %2d of %2d", n ? t / n : 0, w, ok, n)
			}
			print line sprintf("  %d", nabs[r] + 0)
		}
		# the default per verdict
		split("high medium low none", vs, " ")
		printf "default by verdict (runs):"
		for (vi = 1; vi <= 3; vi++) {
			n = 0; t = 0
			for (i = 1; i <= nc; i++)
				for (s = 1; s <= 9; s++) {
					c = names[i]
					if (!((c SUBSEP s) in seeds) || cnt[c, s] < 23 || verdict[c, s] != vs[vi]) continue
					best = -1; lo = 101
					for (k = 0; k <= 22; k++) {
						if (acc[e, c, s, k] > best) best = acc[e, c, s, k]
						if (acc[e, c, s, k] < lo) lo = acc[e, c, s, k]
					}
					lr = sug["default", c, s]
					if (lr == "none") lr = opt[c] == "sgd" ? 0.01 : 0.001
					t += best - at(e, c, s, lr); n++
				}
			printf "  %s %.2f (%d)", vs[vi], n ? t / n : 0, n
		}
		n = 0
		for (i = 1; i <= nc; i++)
			for (s = 1; s <= 9; s++)
				if (((names[i] SUBSEP s) in seeds) && cnt[names[i], s] >= 23 &&
				    verdict[names[i], s] == "none") n++
		printf "  none: no lr (%d)\n", n
	}
	printf "\nruns without signal (the default gives no lr), left out above; the regret of each rule there, after 1 and 5 epochs:\n"
	for (i = 1; i <= nc; i++)
		for (s = 1; s <= 9; s++) {
			c = names[i]
			if (!((c SUBSEP s) in seeds) || cnt[c, s] < 23 || sug["default", c, s] != "none") continue
			for (e = 1; e <= 5; e += 4) {
				best = -1
				for (k = 0; k <= 22; k++) if (acc[e, c, s, k] > best) best = acc[e, c, s, k]
				rl[e] = ""
				for (ri = 1; ri <= nrules; ri++) {
					lr = sug[rules[ri], c, s]
					rl[e] = rl[e] sprintf(" %s %s", rules[ri], lr == "none" ? "-" : sprintf("%.2f", best - at(e, c, s, lr)))
				}
			}
			printf "  %s seed %d:%s\n    5 epochs:%s\n", c, s, rl[1], rl[5]
		}
}' "$DIR/grid.csv" "$tmp/verdict" "$tmp/opt" "$tmp/rules" "$tmp/sug"

# The default's regret per verdict on the logs and their degraded copies:
# does the verdict tell a trustworthy lr from a doubtful one?  Where the
# default gives no lr, the fixed default is scored (what a user falls back
# to).
awk "$GRID_AWK"'
FILENAME ~ /opt$/ { opt[$1] = $2; next }
{
	w = $1; c = $2; s = $3; lr = $4; v = $5
	if (cnt[c, s] < 23) next
	if (lr == "none") lr = opt[c] == "sgd" ? 0.01 : 0.001
	for (e = 1; e <= 5; e += 4) {
		best = -1
		for (k = 0; k <= 22; k++) if (acc[e, c, s, k] > best) best = acc[e, c, s, k]
		r = best - at(e, c, s, lr)
		t[e, v] += r; tw[e, w, v] += r
	}
	n[v]++; nw[w, v]++; ws[w] = 1
}
END {
	split("high medium low none", vs, " ")
	printf "\nthe default by verdict on the logs and their degraded copies (cut30/50/70: the first 30/50/70%% of\n"
	printf "the rows; sparse8: every 8th row; noisy: loss x exp(0.5 g)): runs, mean regret after 1 and 5 epochs\n"
	printf "%-10s", "log"
	for (i = 1; i <= 4; i++) printf " %22s", vs[i]
	printf "\n"
	nws = split("whole cut70 cut50 cut30 sparse8 noisy", wl, " ")
	for (j = 1; j <= nws + 1; j++) {
		w = j <= nws ? wl[j] : "all"
		printf "%-10s", w
		for (i = 1; i <= 4; i++) {
			v = vs[i]
			m = w == "all" ? n[v] : nw[w, v]
			if (m == 0) { printf " %22s", "-"; continue }
			a1 = w == "all" ? t[1, v] : tw[1, w, v]
			a5 = w == "all" ? t[5, v] : tw[5, w, v]
			printf " %4d: %7.2f %7.2f", m, a1 / m, a5 / m
		}
		printf "\n"
	}
}' "$DIR/grid.csv" "$tmp/opt" "$tmp/varsug"
