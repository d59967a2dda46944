# bench.mk: benchmarks, included by the Makefile.  Each bench-NAME target
# builds what it needs and runs it; none is part of `make check`.

# bench-suggest: how exactly the zero-lag curve (--smoother zerolag) and the
# causal one place the minimum and the steepest point of synthetic curves
# whose features are known; exits 1 if the zero-lag curve does not beat the
# causal one on the mean in every row (worse worst cases are listed).  It measures placement, not training: the
# default is chosen by bench-outcome.
# Options go in BENCH_SUGGEST_FLAGS, e.g. `make bench-suggest
# BENCH_SUGGEST_FLAGS=-v` (see the comment at the top of suggest_bench.c).
tests/bench/suggest_bench: tests/bench/suggest_bench.c liblrfind.a $(HDRS)
	$(CC) $(WARN) $(CPPFLAGS) $(CFLAGS) -Isrc -o $@ \
	    tests/bench/suggest_bench.c liblrfind.a $(LDFLAGS) $(LDLIBS)

bench-suggest: tests/bench/suggest_bench
	./tests/bench/suggest_bench $(BENCH_SUGGEST_FLAGS)

.PHONY: bench-suggest

# `make bench` runs every benchmark: each bench-NAME adds itself with a
# line of its own, `bench: bench-NAME` (make merges them).
bench: bench-suggest

.PHONY: bench

# bench-analyze: lrfind on a 10-million-row log (about 270 MB): wall time,
# MB/s, peak memory per row, libcsv's tokenizer alone for comparison, and a
# 1,000-row log end to end.  ROWS=N for another size.
bench-analyze: lrfind
	sh tests/bench/analyze_bench.sh

# bench-drive: the per-batch overhead of lrfind drive, one lr out and one
# loss in, against a bare pipe ping-pong between two processes.
tests/bench/drive_bench: tests/bench/drive_bench.c
	$(CC) $(WARN) $(CPPFLAGS) $(CFLAGS) -o $@ tests/bench/drive_bench.c

bench-drive: lrfind tests/bench/drive_bench
	./tests/bench/drive_bench ./lrfind 200000
	./tests/bench/drive_bench --pingpong 200000

.PHONY: bench-analyze bench-drive
bench: bench-analyze bench-drive
# bench-format: num_format against the snprintf loop it replaced, ns a number
# on values like those --csv prints (BENCH_FORMAT_ARGS: count and repeats).
tests/bench/format_bench: tests/bench/format_bench.c tests/format_ref.h liblrfind.a $(HDRS)
	$(CC) $(WARN) $(CPPFLAGS) $(CFLAGS) -Isrc -o $@ \
	    tests/bench/format_bench.c liblrfind.a $(LDFLAGS) $(LDLIBS)

bench-format: tests/bench/format_bench
	./tests/bench/format_bench $(BENCH_FORMAT_ARGS)

.PHONY: bench-format
bench: bench-format

# bench-outcome: ground truth for the suggestion rules, made by training
# (tests/bench/outcome.c, outcome_torch.py): 35 configurations, a range test
# and 23 constant-lr trainings of 5 epochs for each seed (2, SEEDS=n more
# for the built-in MLP; the stored truth has 4); resumes
# where it stopped.  outcome-score scores every rule against it (README's
# tables); it needs no training and takes seconds.  Neither is in `make bench`.
# bench-outcome-fresh and outcome-score-fresh: the same for the 24 fresh
# configurations (outcome.c -f, tests/bench/truth_fresh), written after the
# default was chosen, so that it is scored on data it was never tuned on
# (about 5 minutes on 2 cores).  outcome-score-all scores both as one
# benchmark of 59 configurations (README's verdict table).  SEEDS=n adds
# seeds up to n to the built-in MLP's configurations of either.
tests/bench/outcome: tests/bench/outcome.c liblrfind.a $(HDRS)
	$(CC) $(WARN) $(CPPFLAGS) $(CFLAGS) -Isrc -o $@ \
	    tests/bench/outcome.c liblrfind.a $(LDFLAGS) $(LDLIBS)

bench-outcome: lrfind tests/bench/outcome
	sh tests/bench/outcome.sh

outcome-score: lrfind
	sh tests/bench/outcome_score.sh

bench-outcome-fresh: lrfind tests/bench/outcome
	FRESH=1 sh tests/bench/outcome.sh

outcome-score-fresh: lrfind
	sh tests/bench/outcome_score.sh ./lrfind tests/bench/truth_fresh

outcome-score-all: lrfind
	sh tests/bench/outcome_score.sh ./lrfind tests/bench/truth \
	    tests/bench/truth_fresh

.PHONY: bench-outcome outcome-score bench-outcome-fresh outcome-score-fresh \
    outcome-score-all

# bench-tfevents: tfevents_read on an event file of 500,000 steps (a loss
# and an lr each, an Event a scalar: 1 million records) against logread_fd
# on the same rows as CSV; fails below half the CSV reader's rows/s.  Then
# lrfind -q end to end on such a file and its CSV (tfevents_e2e.sh).
# BENCH_TFEVENTS_ARGS: steps, repeats, folder for the files.
tests/bench/tfevents_bench: tests/bench/tfevents_bench.c tests/tfwrite.c \
    tests/tfwrite.h liblrfind.a $(HDRS)
	$(CC) $(WARN) $(CPPFLAGS) $(CFLAGS) -Isrc -Itests -o $@ \
	    tests/bench/tfevents_bench.c tests/tfwrite.c liblrfind.a \
	    $(LDFLAGS) $(LDLIBS)

bench-tfevents: tests/bench/tfevents_bench lrfind tests/tfcsv
	./tests/bench/tfevents_bench $(BENCH_TFEVENTS_ARGS)
	sh tests/bench/tfevents_e2e.sh

.PHONY: bench-tfevents
bench: bench-tfevents

# bench-load: lrfind train -q on Fashion-MNIST against zcat of the files it
# reads, wall time (hyperfine where installed) and peak memory (GNU time);
# OLD=path/to/lrfind adds another build to the same run.  bench-grid: a
# grid of constant-lr trainings on the data set loaded once (grid_bench.c;
# BENCH_GRID_ARGS: -r runs -e epochs -n samples -t threads).
bench-load: lrfind
	sh tests/bench/load_bench.sh

tests/bench/grid_bench: tests/bench/grid_bench.c liblrfind.a $(HDRS)
	$(CC) $(WARN) $(CPPFLAGS) $(CFLAGS) -Isrc -o $@ \
	    tests/bench/grid_bench.c liblrfind.a $(LDFLAGS) $(LDLIBS)

bench-grid: tests/bench/grid_bench
	./tests/bench/grid_bench $(BENCH_GRID_ARGS)

.PHONY: bench-load bench-grid
bench: bench-load bench-grid
