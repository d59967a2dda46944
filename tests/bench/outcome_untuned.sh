#!/bin/sh
# outcome_untuned.sh: every rule scored on the configurations no rule was
# tuned on: the held-back half of tests/bench/truth (the 2nd, 4th, ... by
# name, as outcome_score.sh splits it) and all of tests/bench/truth_fresh
# (written after the default rule was chosen).  Mean regret, worst regret
# and how many configurations land within 1 point of the best, after 1 and
# after 5 epochs (outcome_score.sh says how regret is counted).
#
# usage: sh tests/bench/outcome_untuned.sh [LRFIND]
set -eu
LRFIND=${1:-./lrfind}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
PER_CONFIG="$tmp/orig" sh tests/bench/outcome_score.sh "$LRFIND" tests/bench/truth >/dev/null
PER_CONFIG="$tmp/fresh" sh tests/bench/outcome_score.sh "$LRFIND" tests/bench/truth_fresh >/dev/null
# the held-back half: the 2nd, 4th, ... of the scored configurations by name
awk -F, '{ print $3 }' "$tmp/orig" | sort -u | awk 'NR % 2 == 0' >"$tmp/held"
awk -F, 'FILENAME ~ /held$/ { held[$1] = 1; next }
	FILENAME ~ /orig$/ && !($3 in held) { next }
	{
		k = $1 SUBSEP $2
		if (!(k in n)) { order[++nk] = k }
		n[k]++; t[k] += $4; if ($4 > w[k]) w[k] = $4; if ($4 <= 1) ok[k]++
		cfg[$3] = 1
	}
	END {
		for (c in cfg) nc++
		for (e = 1; e <= 5; e += 4) {
			printf "\n%d epoch%s: %d configurations no rule was tuned on\n", e, (e > 1 ? "s" : ""), nc
			printf "%-16s %s\n", "rule", "mean / worst / <=1pp"
			for (i = 1; i <= nk; i++) {
				split(order[i], q, SUBSEP)
				if (q[1] != e) continue
				k = order[i]
				printf "%-16s %5.2f / %5.2f / %2d of %d\n", q[2], t[k] / n[k], w[k], ok[k], n[k]
			}
		}
	}' "$tmp/held" "$tmp/orig" "$tmp/fresh"

# How far apart the default and the causal seed rule really are: the mean
# over configurations of (seed-causal's regret - the default's), with its
# standard error; a difference within two standard errors of 0 is one that
# these configurations cannot tell from seed-to-seed noise.
awk -F, 'FILENAME ~ /held$/ { held[$1] = 1; next }
	FILENAME ~ /orig$/ && !($3 in held) { next }
	$2 == "default" || $2 == "seed-causal" { r[$1, $3, $2] = $4; cfg[$1, $3] = 1 }
	END {
		printf "\nseed-causal minus default (positive: the default regrets less)\n"
		for (e = 1; e <= 5; e += 4) {
			n = 0; s = 0; ss = 0
			for (k in cfg) {
				split(k, q, SUBSEP)
				if (q[1] != e) continue
				d = r[k, "seed-causal"] - r[k, "default"]
				n++; s += d; ss += d * d
			}
			m = s / n
			se = n > 1 ? sqrt((ss - n * m * m) / (n - 1) / n) : 0
			printf "%d epoch%s: %+.2f points, standard error %.2f, over %d configurations\n", e, (e > 1 ? "s" : ""), m, se, n
		}
	}' "$tmp/held" "$tmp/orig" "$tmp/fresh"
