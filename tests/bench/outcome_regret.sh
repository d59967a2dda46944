#!/bin/sh
# outcome_regret.sh CONFIG LR [DIR]: the regret of training CONFIG at LR
# against its stored ground truth (tests/bench/truth/grid.csv), as
# outcome_score.sh counts it: per seed, the best grid accuracy minus the
# accuracy at LR (linear in log10 lr between grid points, the edge value
# outside), in percentage points, averaged over the seeds.  Prints
# "REGRET_1_EPOCH REGRET_5_EPOCHS"; exits 1 if CONFIG has no full grid.
set -eu
[ $# -ge 2 ] || { echo "usage: outcome_regret.sh CONFIG LR [DIR]" >&2; exit 2; }
DIR=${3:-tests/bench/truth}
awk -F, -v c="$1" -v lr="$2" '
$1 == c { a[1, $2, $3] = 100 * $5; a[5, $2, $3] = 100 * $6; n[$2]++ }
END {
	x = (log(lr) / log(10) + 5) * 4
	for (e = 1; e <= 5; e += 4) {
		t = 0; ns = 0
		for (s in n) {
			if (n[s] < 23) continue
			best = -1
			for (k = 0; k <= 22; k++) if (a[e, s, k] > best) best = a[e, s, k]
			if (x <= 0) v = a[e, s, 0]
			else if (x >= 22) v = a[e, s, 22]
			else { k = int(x); v = a[e, s, k] + (a[e, s, k + 1] - a[e, s, k]) * (x - k) }
			t += best - v; ns++
		}
		if (ns == 0) exit 1
		r[e] = t / ns
	}
	printf "%.3f %.3f\n", r[1], r[5]
}' "$DIR/grid.csv"
