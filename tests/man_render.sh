#!/bin/sh
# man_render.sh: render man/lrfind.1 as man(1) shows it and look for the
# marks of mdoc that lints clean and renders wrong: quotes inside quotes
# (several Ql on one line: `a, `b''), and words that a flag macro swallowed
# (Fl --iters , or the rows: "--iters, -or -the -rows").  Prints each and
# exits 1 if there is any.
set -eu
page=${1:-man/lrfind.1}
bs=$(printf '\b')
out=$(mandoc -Tascii "$page" | sed "s/.$bs//g")	# no overstrikes
bad=$(printf '%s\n' "$out" | grep -nE "'''|\`\`|(^|[ (])-[a-z][a-z]+( |,|\)|\.|$)" || true)
if [ -n "$bad" ]; then
	echo "man_render: $page renders badly:"
	printf '%s\n' "$bad"
	exit 1
fi
echo "man_render: $page renders clean ($(printf '%s\n' "$out" | wc -l) lines)"
