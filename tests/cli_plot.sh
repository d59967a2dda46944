#!/bin/sh
# cli_plot.sh: --gnuplot and --plot end to end: golden scripts, renders with
# the real gnuplot, hostile file and column names, missing or failing gnuplot
. tests/lib.sh
G=tests/golden
E1=tests/data/e1.csv
ROOT=$(pwd)
case $LRFIND in
/*) LRF=$LRFIND ;;
*) LRF=$ROOT/$LRFIND ;;
esac

# is FILE KIND: the file starts as a png, svg or pdf file does
is() {
	case $2 in
	png) [ "$(head -c 4 "$1" | od -An -tx1 | tr -d ' \n')" = 89504e47 ] ;;
	svg) head -c 1000 "$1" | grep -q '<svg' ;;
	pdf) [ "$(head -c 4 "$1")" = %PDF ] ;;
	esac
}

# check NAME CMD...: pass when the command succeeds
check() {
	_what=$1
	shift
	if "$@"; then
		pass "$_what"
	else
		failed "$_what" "$(head -c 600 "$T/err" 2>/dev/null)"
	fi
}

# reads_no_file SCRIPT: no plot, load or call of a quoted file name, and the
# data in a datablock
reads_no_file() {
	! grep -Eq "(^|[ ,])(load|call|plot|replot|splot)[ ]+['\"]" "$1" &&
	    grep -q '^\$RAW1 << EOD$' "$1"
}

# clean NAME STATUS: pass when STATUS is 0 and nothing went to $T/err
clean() {
	if [ "$2" = 0 ] && [ ! -s "$T/err" ]; then
		pass "$1"
	else
		failed "$1" "status $2" "$(head -c 600 "$T/err")"
	fi
}

# ---- the script, without gnuplot ----

expect "script e1" 0 '*' '' -- "$LRFIND" -q --gnuplot "$T/e1.gp" "$E1"
check "script e1 is the golden one" cmp -s "$T/e1.gp" "$G/plot_e1.gp"
expect "script two runs, slope panel" 0 '*' '' -- \
    "$LRFIND" -q --slope-panel --gnuplot "$T/two.gp" "$E1" tests/data/e2.csv
check "script two runs is the golden one" cmp -s "$T/two.gp" "$G/plot_e1_e2_slope.gp"
check "script: numbers inline, no file read" reads_no_file "$T/e1.gp"
check "script: first line picks the dumb terminal" \
    [ "$(head -n 1 "$T/e1.gp")" = "if (GPVAL_TERM eq 'unknown') set terminal dumb size 79,24" ]

# gnuplot is not needed for the script
rm -f "$T/nogp.gp"
(
	unset LRFIND_GNUPLOT
	PATH=/nonexistent
	"$LRF" -q --gnuplot "$T/nogp.gp" "$E1" >"$T/out" 2>"$T/err"
)
check "--gnuplot works with no gnuplot on PATH" sh -c \
    "[ -s '$T/nogp.gp' ] && [ ! -s '$T/err' ] && cmp -s '$T/nogp.gp' '$T/e1.gp'"

# ---- rendering errors that need no gnuplot ----

( unset LRFIND_GNUPLOT; PATH=/nonexistent "$LRF" -q --plot "$T/nogp.png" "$ROOT/$E1" >"$T/out" 2>"$T/err"; echo $? >"$T/st" )
check "--plot with no gnuplot: status 4" [ "$(cat "$T/st")" = 4 ]
check "--plot with no gnuplot: says what to install" grep -q 'gnuplot not found on PATH; install gnuplot (Debian: apt install gnuplot-nox)' "$T/err"
check "--plot with no gnuplot: no file, no temporary" sh -c "! ls '$T' | grep -q nogp.png"

LRFIND_GNUPLOT=/nonexistent/gp "$LRFIND" -q --plot "$T/x.png" "$E1" >"$T/out" 2>"$T/err"
check "LRFIND_GNUPLOT names a missing file: status 4" [ $? = 4 ]
check "LRFIND_GNUPLOT names a missing file: message" grep -q '/nonexistent/gp not found; install gnuplot' "$T/err"

expect "unknown extension" 2 '*' "lrfind: --plot: $T/x.jpg: unknown file type: expected .png, .svg, .pdf or .txt, or '-' for the terminal" -- \
    "$LRFIND" -q --plot "$T/x.jpg" "$E1"
expect "--gnuplot - is refused" 2 '*' "lrfind: --gnuplot: '-' is not allowed: the report goes to stdout; name a file" -- \
    "$LRFIND" -q --gnuplot - "$E1"
expect "control character in --plot" 2 '*' "lrfind: --plot: the file name holds a control character; choose another name" -- \
    "$LRFIND" -q --plot "$T/a
b.png" "$E1"

# never over an input, also through a hard link
cp "$E1" "$T/in.txt"
ln "$T/in.txt" "$T/link.txt"
expect "--plot onto the input" 4 '*' "lrfind: $T/in.txt: is an input file; refusing to write over it" -- \
    "$LRFIND" -q --plot "$T/in.txt" "$T/in.txt"
expect "--plot onto a link to the input" 4 '*' "lrfind: $T/link.txt: is an input file; refusing to write over it" -- \
    "$LRFIND" -q --plot "$T/link.txt" "$T/in.txt"
expect "--gnuplot onto the input" 4 '*' "lrfind: $T/in.txt: is an input file; refusing to write over it" -- \
    "$LRFIND" -q --gnuplot "$T/in.txt" "$T/in.txt"
check "the input is untouched" cmp -s "$T/in.txt" "$E1"

# a failing gnuplot leaves an existing output as it was, and no temporary
cat >"$T/gp-warn" <<'EOF'
#!/bin/sh
cat >/dev/null
echo 'warning: something odd' >&2
EOF
cat >"$T/gp-fail" <<'EOF'
#!/bin/sh
# write garbage where it was told to, then fail
out=$(sed -n "s/^set output '\(.*\)'\$/\1/p")
[ -n "$out" ] && echo partial >"$out"
echo 'error: it broke' >&2
exit 1
EOF
chmod +x "$T/gp-warn" "$T/gp-fail"
for gp in gp-warn gp-fail; do
	echo old >"$T/keep.png"
	LRFIND_GNUPLOT=$T/$gp "$LRFIND" -q --plot "$T/keep.png" "$E1" >"$T/out" 2>"$T/err"
	check "$gp: status 4" [ $? = 4 ]
	check "$gp: the old file is untouched" [ "$(cat "$T/keep.png")" = old ]
	check "$gp: no temporary left" sh -c "! ls '$T' | grep -q 'keep.png.tmp'"
	check "$gp: gnuplot's message is shown" grep -q '^  gnuplot: \(warning: something odd\|error: it broke\)$' "$T/err"
done

if ! command -v gnuplot >/dev/null 2>&1; then
	echo "# gnuplot is not installed: skipping the rendering tests"
	finish
	exit
fi

# ---- rendering with the real gnuplot ----

# every shipped log to PNG and SVG, and gnuplot printed nothing
for f in data/*.csv data/*.tsv "$E1"; do
	[ -f "$f" ] || continue
	for ext in png svg; do
		rm -f "$T/r.$ext"
		expect "render $f to $ext" 0 '*' '' -- "$LRFIND" -q --plot "$T/r.$ext" "$f"
		check "render $f to $ext: a $ext file" is "$T/r.$ext" $ext
	done
	expect "script of $f" 0 '*' '' -- "$LRFIND" -q --slope-panel --gnuplot "$T/r.gp" "$f"
	gnuplot -e "set terminal pngcairo; set output '$T/g.png'" "$T/r.gp" >"$T/out" 2>>"$T/err"
	st=$?
	cat "$T/out" >>"$T/err"
	clean "gnuplot on the script of $f: no message" $st
done
expect "all logs in one plot, slope panel, pdf" 0 '*' '' -- \
    "$LRFIND" -q --slope-panel --plot "$T/all.pdf" data/*.csv data/*.tsv "$E1"
check "all logs: a pdf file" is "$T/all.pdf" pdf

# the script alone draws text in gnuplot's default terminal, or a PNG
# (the dumb terminal starts each page with a form feed)
gnuplot "$T/e1.gp" 2>"$T/err" | tr -d '\f' >"$T/out"
check "gnuplot FILE draws 24 lines of 79" sh -c \
    "[ ! -s '$T/err' ] && [ \$(wc -l <'$T/out') = 24 ] && [ -z \"\$(awk 'length != 79' '$T/out')\" ]"
gnuplot -e "set terminal pngcairo; set output '$T/e.png'" "$T/e1.gp" >"$T/out" 2>"$T/err"
clean "gnuplot -e 'set terminal pngcairo' FILE" $?
check "it draws a PNG" is "$T/e.png" png

# text plots: a file, and the terminal's size on stdout
expect "render to .txt" 0 '*' '' -- "$LRFIND" -q --plot "$T/e.txt" "$E1"
check ".txt is 24 lines of 79" sh -c "[ \$(wc -l <'$T/e.txt') = 24 ] && [ -z \"\$(awk 'length != 79' '$T/e.txt')\" ]"
# the dumb terminal draws a numbered point type as a capital letter (pt 7 is
# G) that no key explains: the text plot's marks are X, x and o, and its key
# names each; no other capital is drawn
check ".txt: no unexplained letter marks" sh -c "! grep -q '[A-WYZ]' '$T/e.txt'"
for k in 'X  chosen suggestion' 'x  other suggestion' 'o  lowest loss'; do
	check ".txt: the key says '$k'" grep -q "$k" "$T/e.txt"
done
expect "two runs, slope panel, to .txt" 0 '*' '' -- \
    "$LRFIND" -q --slope-panel --plot "$T/two.txt" "$E1" tests/data/e2.csv
check "two runs .txt: no unexplained letter marks" sh -c "! grep -q '[A-WYZ]' '$T/two.txt'"
for k in 'X  chosen suggestion' 'o  lowest smoothed loss' '|  explosion' \
    'x  steep suggestion (slope panel)'; do
	check "two runs .txt: the key says '$k'" grep -qF "$k" "$T/two.txt"
done
check "two runs .txt: 46 lines" [ "$(wc -l <"$T/two.txt")" = 46 ]
COLUMNS=100 LINES=30 "$LRFIND" -q --plot - "$E1" >"$T/out" 2>"$T/err" </dev/null
clean "--plot -" $?
check "--plot -: the number, then 29 lines of 100" sh -c \
    "[ \"\$(sed -n 1p '$T/out')\" = \"\$('$LRF' -q '$ROOT/$E1')\" ] && [ \$(wc -l <'$T/out') = 30 ] && [ -z \"\$(sed 1d '$T/out' | awk 'length != 100')\" ]"
LRFIND_GNUPLOT=$(command -v gnuplot) PATH=/nonexistent "$LRF" -q --plot "$T/env.png" "$ROOT/$E1" >"$T/out" 2>"$T/err"
clean "LRFIND_GNUPLOT names the binary" $?
check "LRFIND_GNUPLOT: a PNG" is "$T/env.png" png

# ---- hostile names: every class of gnuplot injection (quotes, backslashes, newlines, backticks, system, pipes) ----
# Each payload would touch a file M* in the current folder if gnuplot ran it.
H=$T/hostile
mkdir "$H"
nl='
'
set -- \
    'a`touch M1`.csv' \
    "x' . system('touch M2') . '.csv" \
    "n${nl}!touch M3${nl}.csv" \
    "n${nl}system('touch M4')${nl}.csv" \
    '|touch M5' \
    '<touch M6' \
    "e${nl}EOD${nl}!touch M7${nl}system('touch M8')${nl}.csv" \
    'back\' \
    '@GPVAL_TERM `echo X1`'
for hn in "$@"; do
	cp "$E1" "$H/$hn"
done
# hostile column names: backquotes, quote break-out, newline, EOD
{
	printf '%s\n' "step,\"lr\`touch M9\`\",\"loss' . system('touch M10') . '\""
	sed 1d "$E1"
} >"$H/h1.csv"
{
	printf '%s\n' "step,\"lr${nl}EOD${nl}!touch M11\",\"l${nl}!touch M12\\\""
	sed 1d "$E1"
} >"$H/h2.csv"
cd "$H" || exit 1
i=0
for hn in "$@" h1.csv h2.csv; do
	i=$((i + 1))
	rm -f s.gp
	"$LRF" -q --lr-col 2 --loss-col 3 --gnuplot s.gp "$hn" >/dev/null 2>"$T/err"
	clean "hostile name $i: script written" $?
	check "hostile name $i: only the datablocks' EOD lines" [ "$(grep -c '^EOD' s.gp)" = 2 ]
	gnuplot s.gp >"$T/dumb" 2>"$T/err"
	clean "hostile name $i: gnuplot draws it" $?
	"$LRF" -q --lr-col 2 --loss-col 3 --plot x.png "$hn" >/dev/null 2>"$T/err"
	clean "hostile name $i: --plot x.png" $?
	if [ "$hn" = '@GPVAL_TERM `echo X1`' ]; then
		check "macros and backquotes stay literal in the title" \
		    grep -q '@GPVAL_TERM `echo X1`' "$T/dumb"
	fi
done
# all of them at once, with the slope panel, through gnuplot and lrfind;
# hostile output names
"$LRF" -q --lr-col 2 --loss-col 3 --slope-panel --plot all.png "$@" h1.csv h2.csv >/dev/null 2>"$T/err"
clean "hostile names overlaid" $?
"$LRF" -q --lr-col 2 --loss-col 3 --slope-panel --gnuplot all.gp "$@" h1.csv h2.csv >/dev/null 2>"$T/err"
clean "hostile names overlaid: script" $?
gnuplot -e "set terminal pngcairo; set output 'g.png'" all.gp >/dev/null 2>"$T/err"
clean "hostile names overlaid: gnuplot draws a PNG" $?
for out in '|touch M13 .png' '<touch M14 .svg' "q'touch M15.png" '~x.txt'; do
	"$LRF" -q --plot "$out" "$ROOT/$E1" >/dev/null 2>"$T/err"
	clean "hostile output name $out" $?
	check "hostile output name $out: written as named" [ -s "$out" ]
done
check "no payload ran" sh -c '! ls | grep -q "^M[0-9]"'
if ls | grep -q '^M[0-9]'; then
	failed "markers found" "$(ls | grep '^M[0-9]' | tr '\n' ' ')"
fi
cd "$ROOT" || exit 1

# ---- every byte of a render is written by lrfind, so every write is checked ----
printf 'keep\n' >"$T/keep.png"
LRFIND_GNUPLOT=true "$LRFIND" -q --plot "$T/keep.png" "$E1" >/dev/null 2>"$T/err"
st=$?
[ "$st" = 4 ] && [ "$(cat "$T/keep.png")" = keep ] &&
    grep -q "gnuplot wrote nothing; output not kept" "$T/err" &&
    pass "a gnuplot that writes nothing: exit 4, the old image kept" ||
    failed "a gnuplot that writes nothing" "status $st" "$(cat "$T/err")"
ln -s /dev/full "$T/full.png"
"$LRFIND" -q --plot "$T/full.png" "$E1" >/dev/null 2>"$T/err" </dev/null
st=$?
[ "$st" = 4 ] && ! grep -q PNG "$T/err" && [ "$(wc -c <"$T/err")" -lt 300 ] &&
    pass "--plot onto a full device: exit 4, a message, no image bytes on stderr" ||
    failed "--plot onto a full device" "status $st" "$(head -c 200 "$T/err" | od -c | head -3)"
if command -v mkfifo >/dev/null 2>&1 && mkfifo "$T/fifo.png"; then
	cat "$T/fifo.png" >"$T/fromfifo.png" &
	cp=$!
	"$LRFIND" -q --plot "$T/fifo.png" "$E1" >/dev/null 2>"$T/err"
	st=$?
	wait $cp
	[ "$st" = 0 ] && [ "$(head -c 4 "$T/fromfifo.png" | od -An -c | tr -d ' ')" = "211PNG" ] &&
	    pass "--plot onto a FIFO: the image goes through it" ||
	    failed "--plot onto a FIFO" "status $st" "$(cat "$T/err")"
fi

# a long log is thinned in the script: each stretch's lowest and highest
awk 'BEGIN { print "lr,loss"; for (i = 0; i < 100000; i++) printf "%.6g,%.6g\n", 1e-6 * 10^(i/20000), 2 - i/100000 + (i == 50001 ? 40 : 0) }' >"$T/long.csv"
"$LRFIND" -q --gnuplot "$T/long.gp" "$T/long.csv" >/dev/null
raw=$(awk '/^\$RAW1 << EOD/ { on = 1; next } /^EOD/ { on = 0 } on' "$T/long.gp" | wc -l)
if [ "$raw" -le 4000 ] && [ "$raw" -ge 3000 ] && grep -q "title 'loss (thinned)'" "$T/long.gp" &&
    awk '/^\$RAW1 << EOD/ { on = 1; next } /^EOD/ { on = 0 } on && $2 > 41' "$T/long.gp" | grep -q .; then
	pass "a 100000-row log: $raw raw points, the spike kept, said in the key"
else
	failed "a long log is thinned" "$raw raw points"
fi

finish
