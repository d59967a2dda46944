# lrfind: learning-rate range test from the command line
CC      ?= cc
PREFIX  ?= /usr/local
BINDIR  ?= $(PREFIX)/bin
MANPREFIX ?= $(PREFIX)/share/man

CFLAGS  ?= -O2 -g
WARN     = -std=c17 -Wall -Wextra -Wpedantic
CPPFLAGS += -D_POSIX_C_SOURCE=200809L
# OpenBLAS is not linked: src/blas.c loads it through src/lazylib.c when
# training starts (loading it starts its threads, 3.4 ms of every run
# otherwise).
# -ldl: dlopen is in libc from glibc 2.34, where -ldl is an empty stub.
# -pthread: the log reader scans long runs of plain lines on two threads
# (src/worker.c).
# json-c (JSON logs), protobuf-c (TensorBoard event files), zlib (gzip)
# and libdeflate (gzip IDX data sets inflated whole) are not linked either:
# src/lazylib.c loads each with dlopen when a reader first needs it, so a
# CSV log, the common case, does not pay about 0.12 ms a run for loading
# them.  Their sonames come from the libraries -l would link (src/sonames.h,
# below).
# libcsv is linked as a shared library, so that Debian's security updates
# reach it; make STATIC_LIBS=static links it from its static archive
# instead.  (The four above cannot be linked statically: lazylib.c defines
# their functions' names itself.)
STATIC_LIBS =
STATIC_LINK = -Wl,-Bstatic -lcsv -Wl,-Bdynamic
LINK_STATIC = $(if $(STATIC_LIBS),$(STATIC_LINK))
LDLIBS   = $(LINK_STATIC) -lcsv -ldl -lm -pthread

# pkg-config only for Check, whose flags vary (-pthread, subunit)
CHECK_CFLAGS != pkg-config --cflags check
CHECK_LIBS   != pkg-config --libs check

# Every src/*.c but the front end is an engine module and goes into the
# library the tests link; front-end files are main.c and cli_*.c.
# src/tfevent.pb-c.[ch] are generated from src/tfevent.proto (by the rule
# below), so they are named here, not found: a clean clone has none yet.
PROTO_C = src/tfevent.pb-c.c
PROTO_H = src/tfevent.pb-c.h
FRONT   = $(wildcard src/main.c src/cli_*.c)
MODULES = $(filter-out $(FRONT) $(PROTO_C),$(wildcard src/*.c)) $(PROTO_C)
OBJS    = $(MODULES:.c=.o)
FOBJS   = $(FRONT:.c=.o)
SONAMES_H = src/sonames.h
HDRS    = $(filter-out $(PROTO_H) $(SONAMES_H),$(wildcard src/*.h)) $(PROTO_H) \
	  $(SONAMES_H)
TESTSRC = $(wildcard tests/check_*.c)
TESTS   = $(TESTSRC:.c=)

all: lrfind

lrfind: $(FOBJS) liblrfind.a
	$(CC) $(WARN) $(CFLAGS) $(LDFLAGS) -o $@ $(FOBJS) liblrfind.a $(LDLIBS)

liblrfind.a: $(OBJS)
	rm -f $@
	$(AR) rcs $@ $(OBJS)

# -MMD -MP: each object's header dependencies, written beside it as a .d
# file and included below, so that touching one header rebuilds only what
# includes it.  The generated header comes first (order-only): a clean
# build has no .d file to say that tfevents.c needs it.
DEPFLAGS = -MMD -MP
src/%.o: src/%.c | $(PROTO_H)
	$(CC) $(WARN) $(CPPFLAGS) $(CFLAGS) $(DEPFLAGS) -c -o $@ $<

# One protoc-c run writes both files (a pattern rule with two targets).
src/%.pb-c.c src/%.pb-c.h: src/%.proto
	protoc-c --proto_path=src --c_out=src $<

# src/sonames.h: the soname of each library lazylib.c loads, read from the
# shared library that -lNAME links (a program linked with it alone, and its
# NEEDED entry), so that lrfind opens the version it was built against.
# The build fails here if one cannot be found (its -dev package missing).
SONAME_LIBS = JSONC:json-c PROTOBUF_C:protobuf-c ZLIB:z LIBDEFLATE:deflate \
	OPENBLAS:openblas

$(SONAMES_H): Makefile
	@set -e; t=$@.tmp; \
	echo 'int main(void) { return 0; }' >$$t.c; \
	{ echo '/* made by the Makefile: the sonames lazylib.c loads */'; \
	for l in $(SONAME_LIBS); do \
	    $(CC) $(LDFLAGS) -o $$t.out $$t.c -Wl,--no-as-needed -l$${l#*:} || \
	        { echo "$@: cannot link -l$${l#*:}: is its -dev package installed?" >&2; \
	          rm -f $$t.c $$t.out; exit 1; }; \
	    so=$$(readelf -d $$t.out | sed -n "s/.*(NEEDED).*\[\(lib$${l#*:}\.so\.[0-9.]*\)\]/\1/p"); \
	    [ -n "$$so" ] || { echo "$@: no soname for -l$${l#*:} in readelf -d" >&2; \
	        rm -f $$t.c $$t.out; exit 1; }; \
	    echo "#define LAZYLIB_SONAME_$${l%%:*} \"$$so\""; \
	done; } >$$t; \
	rm -f $$t.c $$t.out; mv $$t $@

src/lazylib.o: $(SONAMES_H)

# check_dataset writes gzip files of its own with zlib (lrfind itself only
# reads them, through lazylib.c)
tests/check_dataset: LDLIBS += -lz

tests/check_%: tests/check_%.c liblrfind.a | $(PROTO_H)
	$(CC) $(WARN) $(CPPFLAGS) $(CFLAGS) $(DEPFLAGS) $(CHECK_CFLAGS) -Isrc -o $@ $< \
	    liblrfind.a $(LDFLAGS) $(CHECK_LIBS) $(LDLIBS)

# check_tfevents links the test writer of event files too (two sources
# would write one .d file: it depends on every header instead)
tests/check_tfevents: tests/check_tfevents.c tests/tfwrite.c liblrfind.a $(HDRS) \
    $(wildcard tests/*.h)
	$(CC) $(WARN) $(CPPFLAGS) $(CFLAGS) $(CHECK_CFLAGS) -Isrc -Itests -o $@ \
	    tests/check_tfevents.c tests/tfwrite.c liblrfind.a $(LDFLAGS) \
	    $(CHECK_LIBS) $(LDLIBS)

# tfcsv: a CSV range test as an event file, for tests/cli_formats.sh
tests/tfcsv: tests/tfcsv.c tests/tfwrite.c tests/tfwrite.h liblrfind.a
	$(CC) $(WARN) $(CPPFLAGS) $(CFLAGS) -Isrc -Itests -o $@ \
	    tests/tfcsv.c tests/tfwrite.c liblrfind.a $(LDFLAGS) $(LDLIBS)

check: lrfind $(TESTS) tests/tfcsv
	@for t in $(TESTS); do ./$$t || exit 1; done
	sh tests/cli.sh
	mandoc -Tlint -W warning man/lrfind.1
	sh tests/man_render.sh

install: lrfind
	mkdir -p $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANPREFIX)/man1
	cp lrfind $(DESTDIR)$(BINDIR)/lrfind
	chmod 755 $(DESTDIR)$(BINDIR)/lrfind
	cp man/lrfind.1 $(DESTDIR)$(MANPREFIX)/man1/lrfind.1
	chmod 644 $(DESTDIR)$(MANPREFIX)/man1/lrfind.1

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/lrfind $(DESTDIR)$(MANPREFIX)/man1/lrfind.1

clean:
	rm -f lrfind liblrfind.a src/*.o src/*.d $(TESTS) tests/*.d tests/tfcsv \
	    $(PROTO_C) $(PROTO_H) $(SONAMES_H)

# check-long: the number formatter against snprintf on 2 million random
# values per loop, where make check tries 100,000 (about a minute)
check-long: tests/check_numparse
	NUMPARSE_FULL=1 ./tests/check_numparse

.PHONY: all check check-long install uninstall clean

-include $(OBJS:.o=.d) $(FOBJS:.o=.d) $(addsuffix .d,$(filter-out tests/check_tfevents,$(TESTS)))

# Longer runs: fuzzing, sanitizer and valgrind passes, benchmarks
-include tests/fuzz/fuzz.mk
-include tests/bench/bench.mk

# realdata: a short real range test on Fashion-MNIST (Debian's
# dataset-fashion-mnist), end to end: read the IDX files, train, analyse,
# write the log and read it back to the same suggestion, which must train
# within 1 point of the best lr of the configuration's stored ground truth.
FMNIST = /usr/share/datasets/fashion-mnist
realdata: lrfind
	@rm -rf realdata.tmp && mkdir realdata.tmp
	./lrfind train --data $(FMNIST) --hidden 256 --batch 128 --init-lr 1e-5 \
	    --max-lr 10 --iters 300 --threads 2 --log realdata.tmp/range.csv \
	    --no-progress >realdata.tmp/report.txt
	cat realdata.tmp/report.txt
	./lrfind -q realdata.tmp/range.csv >realdata.tmp/q1
	./lrfind train --data $(FMNIST) --hidden 256 --batch 128 --init-lr 1e-5 \
	    --max-lr 10 --iters 300 --threads 2 -q --no-progress >realdata.tmp/q2
	cmp realdata.tmp/q1 realdata.tmp/q2
	grep -q 'explosion   step' realdata.tmp/report.txt
	awk '{ exit !($$1 > 1e-4 && $$1 < 1) }' realdata.tmp/q1
	@echo "realdata: the range test on Fashion-MNIST suggests $$(cat realdata.tmp/q1)"
	@# within 1 point of the best constant lr of this configuration's
	@# stored ground truth (tests/bench/outcome.c, f_sgdm_b128_e300)
	sh tests/bench/outcome_regret.sh f_sgdm_b128_e300 "$$(cat realdata.tmp/q1)" >realdata.tmp/regret
	@echo "realdata: regret after 1 and 5 epochs: $$(cat realdata.tmp/regret) points"
	awk '{ exit !($$1 <= 1 && $$2 <= 1) }' realdata.tmp/regret
	@rm -rf realdata.tmp

# install-check: make install into a scratch DESTDIR, as a packager would
install-check: lrfind
	@rm -rf install.tmp
	$(MAKE) install DESTDIR=$$(pwd)/install.tmp PREFIX=/usr
	test -x install.tmp/usr/bin/lrfind
	test -f install.tmp/usr/share/man/man1/lrfind.1
	install.tmp/usr/bin/lrfind -q data/fmnist_mlp_sgd.csv
	@rm -rf install.tmp

.PHONY: realdata install-check

# format: the C sources to the project's style (.clang-format, Debian 12's
# clang-format 14); format-check fails when a file differs from it.  The
# generated protobuf-c files are left as protoc-c writes them.
FORMAT_SRC = $(filter-out $(PROTO_C) $(PROTO_H),$(wildcard src/*.c src/*.h)) \
	     $(wildcard tests/*.c tests/*.h tests/fuzz/*.c tests/fuzz/*.h \
	     tests/bench/*.c)
CLANG_FORMAT ?= clang-format

format:
	$(CLANG_FORMAT) -i $(FORMAT_SRC)

format-check:
	@bad=; for f in $(FORMAT_SRC); do \
	    $(CLANG_FORMAT) "$$f" | cmp -s - "$$f" || bad="$$bad $$f"; \
	done; \
	if [ -n "$$bad" ]; then \
	    echo "format-check: not in the project's style (make format):$$bad"; \
	    exit 1; \
	fi; \
	echo "format-check: every C file is in the project's style"

.PHONY: format format-check
