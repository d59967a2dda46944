#!/bin/sh
# cli_examples.sh: the examples README.md shows are the ones that run
. tests/lib.sh
nskip=0

# README's PyTorch example is tests/examples/torch_drive.py, word for word
awk '/^```python torch_drive/ { on = 1; next } /^```/ { on = 0 } on' README.md >"$T/readme.py"
if cmp -s "$T/readme.py" tests/examples/torch_drive.py; then
	pass "README's PyTorch example is tests/examples/torch_drive.py"
else
	failed "README's PyTorch example differs from tests/examples/torch_drive.py" "$(diff "$T/readme.py" tests/examples/torch_drive.py | head)"
fi

# run it where PyTorch is installed (Debian's python3-torch)
if /usr/bin/python3 -c 'import torch' 2>/dev/null; then
	# as README says: LRFIND names the built binary before make install
	if (cd "$T" && LRFIND="$OLDPWD/lrfind" timeout 300 /usr/bin/python3 "$OLDPWD/tests/examples/torch_drive.py") >"$T/py.out" 2>"$T/py.err"; then
		sug=$(sed -n 's/^suggested lr: //p' "$T/py.out")
		if [ -n "$sug" ] && [ "$("$LRFIND" -q "$T/range.csv")" = "$sug" ]; then
			pass "PyTorch drives lrfind: suggestion $sug, and its log reads back to it"
		else
			failed "PyTorch example" "$(cat "$T/py.out" "$T/py.err")"
		fi
	else
		failed "PyTorch example ran" "$(tail -n 5 "$T/py.err")"
	fi
else
	echo "skip - the PyTorch example: python3-torch is not installed (apt-get install python3-torch)"
	nskip=$((nskip + 1))
fi

# README's live-pipe idiom: a Python writer catches BrokenPipeError when
# lrfind stops reading at the explosion and ends cleanly, no traceback
cat >"$T/writer.py" <<'PY'
import os, sys
def range_test_batches():                    # an endless test that explodes
    i = 0
    while True:
        yield 1e-5 * 10 ** (i / 50), (2.3 - i / 100 if i < 150 else 0.8 + (i - 150) ** 2)
        i += 1
for step, (lr, loss) in enumerate(range_test_batches()):   # your loop
    try:
        print(f"{step},{lr},{loss}", flush=True)
    except BrokenPipeError:              # lrfind saw the explosion: stop
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        break
PY
if command -v python3 >/dev/null 2>&1; then
	( (echo "step,lr,loss"; timeout 20 python3 "$T/writer.py"; echo "writer $?" >"$T/wst") 2>"$T/werr" |
	    "$LRFIND" -q - >"$T/live.q" )
	if [ "$(cat "$T/wst")" = "writer 0" ] && [ ! -s "$T/werr" ] && [ -s "$T/live.q" ]; then
		pass "README's BrokenPipeError idiom: the writer ends cleanly (suggestion $(cat "$T/live.q"))"
	else
		failed "README's BrokenPipeError idiom" "$(cat "$T/wst" "$T/werr")"
	fi
else
	echo "skip - the live-pipe idiom: no python3"
	nskip=$((nskip + 1))
fi

# README's report of data/fmnist_mlp_sgd.csv is what lrfind prints
awk '/^\$ .\/lrfind data\/fmnist_mlp_sgd.csv$/ { on = 1; next } /^```/ { on = 0 } on' README.md >"$T/readme.txt"
"$LRFIND" data/fmnist_mlp_sgd.csv >"$T/report.txt"
if [ -s "$T/readme.txt" ] && cmp -s "$T/readme.txt" "$T/report.txt"; then
	pass "README's report is what lrfind prints"
else
	failed "README's report differs from lrfind's" "$(diff "$T/readme.txt" "$T/report.txt" | head)"
fi

# README's schedule reader: a trainer reads the lr of its step from the table
./lrfind schedule onecycle --from data/fmnist_mlp_sgd.csv --iters 100 >"$T/sched.csv" 2>/dev/null
lr=$(awk -F, -v step=30 'NR > 1 && $1 == step { print $2 }' "$T/sched.csv")
[ -n "$lr" ] && pass "a trainer reads step 30's lr from lrfind schedule: $lr" || failed "schedule reader"

echo "$npass passed, $nfail failed, $nskip skipped"
[ "$nfail" -eq 0 ]
