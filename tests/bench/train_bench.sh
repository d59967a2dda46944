#!/bin/sh
# train_bench.sh: speed of `lrfind train`'s range test against PyTorch's
#
# The range test of issue 5 item 5: Fashion-MNIST, MLP 784-256-10, SGD with
# momentum 0.9 and weight decay 1e-4, lr swept from 1e-5 to 1e-1 over 500
# batches (nothing explodes), at batch sizes 64, 128 and 512.  Reports samples
# per second and GFLOP/s of the training loop (without loading; lrfind -v
# times it), and the peak memory of the whole process (/usr/bin/time's
# maximum resident set).  When /usr/bin/python3 imports torch, the same test
# runs in PyTorch (tests/bench/train_bench_torch.py, OMP_WAIT_POLICY=PASSIVE)
# in the same invocation, and the ratios are printed against the goal:
# 1.25x PyTorch at batch 64 and 128, 1.0x at 512.
#
# Each configuration runs REPEAT times (3) and the best run counts: on a
# shared machine the best is the one least disturbed.  The load average is
# printed before and after; run it when the machine is otherwise idle.
#
# usage: sh tests/bench/train_bench.sh [DATA_DIR]   (from the repository root)
# environment: LRFIND (./lrfind), REPEAT (3), BATCHES ("64 128 512"),
#              THREADS (the number of processors), PYTHON (/usr/bin/python3)

LC_ALL=C
export LC_ALL
LRFIND=${LRFIND:-./lrfind}
DATA=${1:-/usr/share/datasets/fashion-mnist}
REPEAT=${REPEAT:-3}
BATCHES=${BATCHES:-64 128 512}
THREADS=${THREADS:-$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo 2)}
PYTHON=${PYTHON:-/usr/bin/python3}
here=$(dirname "$0")

[ -x "$LRFIND" ] || { echo "train_bench: no $LRFIND (run make first)" >&2; exit 1; }
[ -d "$DATA" ] || { echo "train_bench: no data in $DATA (Debian: dataset-fashion-mnist)" >&2; exit 1; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/train_bench.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
trap 'exit 1' HUP INT TERM

timer=
[ -x /usr/bin/time ] && timer="/usr/bin/time -f %M -o $tmp/rss"

torch=no
if "$PYTHON" -c 'import torch' 2>/dev/null; then
	torch=yes
fi

echo "# lrfind train range test: $DATA, 784-256-10, SGD momentum 0.9, weight decay 1e-4,"
echo "# lr 1e-5 to 1e-1 over 500 batches; best of $REPEAT runs; lrfind --threads $THREADS"
echo "# $(uname -m), $(getconf _NPROCESSORS_ONLN) processors; load average before: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null)"
[ "$torch" = yes ] && echo "# PyTorch $("$PYTHON" -c 'import torch; print(torch.__version__)') with OMP_WAIT_POLICY=PASSIVE"

# best "samples gflops rss_kib" of lrfind at batch $1
run_lrfind() {
	best="0 0 0"
	r=0
	while [ "$r" -lt "$REPEAT" ]; do
		# shellcheck disable=SC2086
		$timer "$LRFIND" train --data "$DATA" --hidden 256 --optimizer sgd \
		    --momentum 0.9 --weight-decay 1e-4 --init-lr 1e-5 --max-lr 1e-1 \
		    --iters 500 --diverge 0 --batch "$1" --threads "$THREADS" \
		    --no-progress -v -q >/dev/null 2>"$tmp/err" || {
			echo "train_bench: lrfind failed:" >&2
			cat "$tmp/err" >&2
			exit 1
		}
		line=$(grep 'range test: .* samples/s' "$tmp/err")
		sps=$(printf '%s\n' "$line" | sed -E 's/.* ([0-9]+) samples\/s.*/\1/')
		gf=$(printf '%s\n' "$line" | sed -E 's/.* ([0-9.]+) GFLOP\/s.*/\1/')
		if [ -n "$timer" ]; then
			rss=$(tail -n 1 "$tmp/rss")
		else
			rss=$(printf '%s\n' "$line" | sed -E 's/.*peak memory ([0-9.]+) MiB.*/\1/' |
			    awk '{ printf "%d", $1 * 1024 }')
		fi
		best=$(echo "$best" | awk -v s="$sps" -v g="$gf" -v m="$rss" \
		    '{ if (s > $1) print s, g, m; else print }')
		r=$((r + 1))
	done
	echo "$best"
}

# best "samples gflops rss_kib" of PyTorch at batch $1
run_torch() {
	# shellcheck disable=SC2086
	OMP_WAIT_POLICY=PASSIVE $timer "$PYTHON" "$here/train_bench_torch.py" \
	    --data "$DATA" --batch "$1" --iters 500 --repeat "$REPEAT" \
	    >"$tmp/torch" 2>"$tmp/err" || {
		echo "train_bench: the PyTorch script failed:" >&2
		cat "$tmp/err" >&2
		exit 1
	}
	rss=$([ -n "$timer" ] && tail -n 1 "$tmp/rss" || echo 0)
	sed -E 's/.*samples_per_s=([0-9.]+) gflops=([0-9.]+) maxrss_kb=([0-9]+).*/\1 \2 \3/' "$tmp/torch" |
	    awk -v rss="$rss" '$1 > b { b = $1; g = $2; m = $3 }
		END { print b, g, (rss > 0 ? rss : m) }'
}

printf '%-6s %12s %9s %9s' batch lrfind_sps GFLOP/s peak_MiB
[ "$torch" = yes ] && printf ' %12s %9s %9s %7s %5s %s' torch_sps GFLOP/s peak_MiB ratio goal ""
printf '\n'
status=0
for b in $BATCHES; do
	l=$(run_lrfind "$b") || exit 1
	printf '%-6s' "$b"
	echo "$l" | awk '{ printf " %12.0f %9.1f %9.1f", $1, $2, $3 / 1024 }'
	if [ "$torch" = yes ]; then
		t=$(run_torch "$b") || exit 1
		goal=1.25
		[ "$b" -ge 512 ] && goal=1.0
		echo "$l $t" | awk -v goal="$goal" '{ r = $1 / $4;
			printf " %12.0f %9.1f %9.1f %6.2fx %5s %s", $4, $5, $6 / 1024, r, goal "x",
			    (r >= goal ? "met" : "NOT met") }'
	fi
	printf '\n'
done
echo "# load average after: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null)"
exit $status
