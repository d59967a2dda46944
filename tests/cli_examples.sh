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
	mkdir "$T/bin" && ln -s "$(pwd)/lrfind" "$T/bin/lrfind"
	if (cd "$T" && PATH="$T/bin:$PATH" timeout 300 /usr/bin/python3 "$OLDPWD/tests/examples/torch_drive.py") >"$T/py.out" 2>"$T/py.err"; then
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

# README's schedule reader: a trainer reads the lr of its step from the table
./lrfind schedule onecycle --from data/fmnist_mlp_sgd.csv --iters 100 >"$T/sched.csv" 2>/dev/null
lr=$(awk -F, -v step=30 'NR > 1 && $1 == step { print $2 }' "$T/sched.csv")
[ -n "$lr" ] && pass "a trainer reads step 30's lr from lrfind schedule: $lr" || failed "schedule reader"

echo "$npass passed, $nfail failed, $nskip skipped"
[ "$nfail" -eq 0 ]
