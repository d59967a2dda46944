#!/bin/sh
# cli_libs.sh: json-c, protobuf-c, zlib and libdeflate are loaded when a
# reader needs them (src/lazylib.h), not linked: lrfind does not name them
# among its NEEDED libraries, a CSV log is read with all four unloadable,
# and one that cannot be loaded is an input error naming the file read,
# the library and the dynamic loader's reason.
. tests/lib.sh
CSV=$T/run.csv
tr -d '\r' <data/fmnist_mlp_sgd.csv >$CSV

# the binary itself, whatever LRFIND wraps it in (make valgrind)
needed=$(readelf -d ./lrfind | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' | tr '\n' ' ')
case $needed in
*libcsv*) ;;
*) failed "readelf -d lrfind lists libcsv" "NEEDED: $needed" ;;
esac
case $needed in
*json-c* | *protobuf-c* | *libz.* | *libdeflate*)
	failed "lrfind does not link json-c, protobuf-c, zlib or libdeflate" \
	    "NEEDED: $needed" ;;
*) pass "lrfind does not link json-c, protobuf-c, zlib or libdeflate" ;;
esac

# The sonames lrfind loads, as the build found them.
soname() { sed -n "s/^#define LAZYLIB_SONAME_$1 \"\(.*\)\"/\1/p" src/sonames.h; }
SO_JSONC=$(soname JSONC)
SO_PBC=$(soname PROTOBUF_C)
SO_ZLIB=$(soname ZLIB)
SO_DEFLATE=$(soname LIBDEFLATE)
if [ -z "$SO_JSONC" ] || [ -z "$SO_PBC" ] || [ -z "$SO_ZLIB" ] ||
    [ -z "$SO_DEFLATE" ]; then
	failed "src/sonames.h names the four libraries" "$(cat src/sonames.h)"
	finish
	exit
fi

# An empty file under a library's soname in a folder searched first
# (LD_LIBRARY_PATH comes before the system's folders): the dynamic loader
# finds it and refuses it, as it would a missing or broken library.
BAD=$T/badlibs
mkdir -p "$BAD"
for so in "$SO_JSONC" "$SO_PBC" "$SO_ZLIB" "$SO_DEFLATE"; do
	: >"$BAD/$so"
done
nolibs() { LD_LIBRARY_PATH=$BAD "$@"; }
why() { echo "$BAD/$1: file too short"; }

"$LRFIND" -q $CSV >"$T/csv.q"
expect "a CSV log is read with none of the four loadable" 0 "$T/csv.q" '' -- \
    nolibs "$LRFIND" -q $CSV

gzip -c $CSV >"$T/run.csv.gz"
expect "a gzip log without zlib: the file, the library, the reason" 1 /dev/null \
    "lrfind: $T/run.csv.gz: cannot load zlib ($SO_ZLIB): $(why "$SO_ZLIB")" -- \
    nolibs "$LRFIND" -q "$T/run.csv.gz"

awk -F, 'NR > 1 { l = $3; if (l == "inf") l = "Infinity";
	printf "{\"step\": %s, \"lr\": %s, \"loss\": %s}\n", $1, $2, l }' \
    $CSV >"$T/run.jsonl"
expect "a JSON Lines log without json-c" 1 /dev/null \
    "lrfind: $T/run.jsonl: cannot load json-c ($SO_JSONC): $(why "$SO_JSONC")" -- \
    nolibs "$LRFIND" -q "$T/run.jsonl"

mkdir -p "$T/tb/run"
tests/tfcsv double "$T/tb/run/events.out.tfevents.1.host" <$CSV
expect "an event file without protobuf-c" 1 /dev/null \
    "lrfind: $T/tb/run/events.out.tfevents.1.host: cannot load protobuf-c ($SO_PBC): $(why "$SO_PBC")" -- \
    nolibs "$LRFIND" -q "$T/tb/run/events.out.tfevents.1.host"
expect "a folder of event files without protobuf-c: the file in it" 1 /dev/null \
    "lrfind: $T/tb: run/events.out.tfevents.1.host: cannot load protobuf-c ($SO_PBC): $(why "$SO_PBC")" -- \
    nolibs "$LRFIND" -q "$T/tb"

# IDX data sets: zlib for any (its stream reads plain files too), and
# libdeflate for a gzip file inflated whole
expect "an IDX data set without zlib" 1 /dev/null \
    "lrfind: tests/data/idx-notest/train-images-idx3-ubyte: cannot load zlib ($SO_ZLIB): $(why "$SO_ZLIB")" -- \
    nolibs "$LRFIND" train --data tests/data/idx-notest --batch 2 --iters 5 \
    --no-progress -q
mkdir -p "$BAD/zlib-only"
for so in "$SO_JSONC" "$SO_PBC" "$SO_DEFLATE"; do
	: >"$BAD/zlib-only/$so"
done
expect "a gzip IDX file without libdeflate" 1 /dev/null \
    "lrfind: tests/data/idx-good/train-labels-idx1-ubyte.gz: cannot load libdeflate ($SO_DEFLATE): $BAD/zlib-only/$SO_DEFLATE: file too short" -- \
    env LD_LIBRARY_PATH="$BAD/zlib-only" "$LRFIND" train --data tests/data/idx-good \
    --batch 2 --iters 5 --no-progress -q

# and with the libraries where they are, the same files read
expect "the gzip log, zlib found" 0 "$T/csv.q" '' -- "$LRFIND" -q "$T/run.csv.gz"
expect "the JSON Lines log, json-c found" 0 "$T/csv.q" '' -- "$LRFIND" -q "$T/run.jsonl"
expect "the event file, protobuf-c found" 0 "$T/csv.q" '' -- \
    "$LRFIND" -q "$T/tb/run/events.out.tfevents.1.host"

finish
