# fuzz.mk: the longer passes, included by the Makefile (tests/fuzz/README.md)
#   make fuzz [FUZZ_SECONDS=60] [FUZZ_TARGETS='logread dataset drive ...']
#               replay tests/fuzz/crashes/, then fuzz each target (clang,
#               libFuzzer, ASan + UBSan) for FUZZ_SECONDS
#   make fuzz-replay
#               run every seed and crash input once through each target,
#               built with $(CC) and $(CFLAGS): no libFuzzer needed
#   make sanitize
#               a copy of the tree in build-asan/, and make check there
#               with ASan + UBSan (and fuzz-replay); any report fails it
#   make tsan   the reader's two threads under ThreadSanitizer (make
#               sanitize runs it too)
#   make valgrind
#               the unit tests, the replays and the end-to-end scripts
#               under valgrind memcheck; any error or leak fails it

FUZZ_SECONDS ?= 60
FUZZ_CC      ?= clang
FUZZ_TARGETS ?= logread dataset drive jsonlog wandb tfevents logsource
FUZZ_BIN      = tests/fuzz/bin
FUZZ_CFLAGS   = -g -O1 -fno-omit-frame-pointer -fno-sanitize-recover=undefined \
		-fsanitize=fuzzer,address,undefined
FUZZ_OPTS     = -timeout=5 -rss_limit_mb=2048 -malloc_limit_mb=2048
FUZZ_DEPS     = tests/fuzz/jsonck.c tests/fuzz/jsonck.h tests/fuzz/fuzzfd.c \
		tests/fuzz/fuzzfd.h $(MODULES) $(HDRS)

# these two gzip their inputs with zlib's deflate (lrfind only inflates,
# through src/lazylib.c, and does not link zlib)
$(FUZZ_BIN)/fuzz_dataset $(FUZZ_BIN)/fuzz_logsource $(FUZZ_BIN)/replay_dataset \
    $(FUZZ_BIN)/replay_logsource: LDLIBS += -lz

$(FUZZ_BIN)/fuzz_%: tests/fuzz/fuzz_%.c $(FUZZ_DEPS)
	@mkdir -p $(FUZZ_BIN)
	$(FUZZ_CC) $(WARN) $(CPPFLAGS) $(FUZZ_CFLAGS) -DJSONCK_NO_MAIN -Isrc \
	    -Itests/fuzz -o $@ tests/fuzz/fuzz_$*.c tests/fuzz/jsonck.c tests/fuzz/fuzzfd.c \
	    $(MODULES) $(LDLIBS)

$(FUZZ_BIN)/replay_%: tests/fuzz/fuzz_%.c tests/fuzz/replay.c tests/fuzz/jsonck.c \
    tests/fuzz/jsonck.h tests/fuzz/fuzzfd.c tests/fuzz/fuzzfd.h liblrfind.a $(HDRS)
	@mkdir -p $(FUZZ_BIN)
	$(CC) $(WARN) $(CPPFLAGS) $(CFLAGS) -DJSONCK_NO_MAIN -Isrc -Itests/fuzz \
	    -o $@ tests/fuzz/fuzz_$*.c tests/fuzz/replay.c tests/fuzz/jsonck.c tests/fuzz/fuzzfd.c \
	    liblrfind.a $(LDFLAGS) $(LDLIBS)

fuzz: $(FUZZ_TARGETS:%=$(FUZZ_BIN)/fuzz_%)
	@set -e; for t in $(FUZZ_TARGETS); do \
	    case $$t in drive) ml=16384;; *) ml=65536;; esac; \
	    mkdir -p $(FUZZ_BIN)/corpus/$$t $(FUZZ_BIN)/artifacts; \
	    if [ -n "$$(ls tests/fuzz/crashes/$$t 2>/dev/null)" ]; then \
	        echo "fuzz: $$t: replaying tests/fuzz/crashes/$$t"; \
	        ./$(FUZZ_BIN)/fuzz_$$t $(FUZZ_OPTS) tests/fuzz/crashes/$$t/* \
	            >$(FUZZ_BIN)/$$t.replay.log 2>&1 || { \
	            grep -E 'ERROR|SUMMARY|fuzz_|Running' $(FUZZ_BIN)/$$t.replay.log; \
	            echo "fuzz: $$t: a crash regression fails (log: $(FUZZ_BIN)/$$t.replay.log)"; \
	            exit 1; }; \
	    fi; \
	    dict=; [ ! -f tests/fuzz/$$t.dict ] || dict=-dict=tests/fuzz/$$t.dict; \
	    echo "fuzz: $$t: $(FUZZ_SECONDS) s, -max_len=$$ml"; \
	    ./$(FUZZ_BIN)/fuzz_$$t $(FUZZ_OPTS) -max_len=$$ml $$dict \
	        -max_total_time=$(FUZZ_SECONDS) -print_final_stats=1 \
	        -artifact_prefix=$(FUZZ_BIN)/artifacts/$$t- \
	        $(FUZZ_BIN)/corpus/$$t tests/fuzz/corpus/$$t \
	        >$(FUZZ_BIN)/$$t.log 2>&1 || { \
	        grep -E -A12 'ERROR|fuzz_[a-z]*:' $(FUZZ_BIN)/$$t.log | head -n 40; \
	        echo "fuzz: $$t: FAILED; the input is in $(FUZZ_BIN)/artifacts/;"; \
	        echo "  copy it to tests/fuzz/crashes/$$t/ and add a test (log: $(FUZZ_BIN)/$$t.log)"; \
	        exit 1; }; \
	    grep -E '^Done|stat::number_of_executed_units' $(FUZZ_BIN)/$$t.log; \
	    echo "$$(date -u +%Y-%m-%dT%H:%M:%SZ) $$t $(FUZZ_SECONDS) s clean" \
	        >>$(FUZZ_BIN)/sessions.log; \
	done
	@awk '{ s[$$2] += $$3 } END { for (t in s) printf "fuzz: %s has run clean %d s in all here\n", t, s[t] }' \
	    $(FUZZ_BIN)/sessions.log

fuzz-replay: $(FUZZ_TARGETS:%=$(FUZZ_BIN)/replay_%)
	@set -e; for t in $(FUZZ_TARGETS); do \
	    printf '%s: ' "$$t"; \
	    ./$(FUZZ_BIN)/replay_$$t tests/fuzz/corpus/$$t/* \
	        $$(ls -d tests/fuzz/crashes/$$t/* 2>/dev/null); \
	done

# ---- sanitizers: a separate copy of everything ----
ASAN_DIR    = build-asan
SAN_CC     ?= clang
SAN_FLAGS   = -fsanitize=address,undefined
SAN_CFLAGS  = -O1 -g $(SAN_FLAGS) -fno-omit-frame-pointer -fno-sanitize-recover=undefined
SAN_ENV     = ASAN_OPTIONS=detect_leaks=1:exitcode=86:log_path=$(CURDIR)/$(ASAN_DIR)/san.log \
	      UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1:exitcode=86:log_path=$(CURDIR)/$(ASAN_DIR)/san.log \
	      CK_TIMEOUT_MULTIPLIER=4

sanitize:
	rm -rf $(ASAN_DIR)
	mkdir -p $(ASAN_DIR)
	tar -cf - --exclude=./.git --exclude='./build-*' --exclude=./$(FUZZ_BIN) . | \
	    (cd $(ASAN_DIR) && tar -xf -)
	$(MAKE) -C $(ASAN_DIR) clean
	@st=0; \
	for goal in check fuzz-replay; do \
	    (cd $(ASAN_DIR) && $(SAN_ENV) $(MAKE) $$goal CC='$(SAN_CC)' \
	        CFLAGS='$(SAN_CFLAGS)' LDFLAGS='$(SAN_FLAGS)') || st=1; \
	done; \
	if ls $(ASAN_DIR)/san.log.* >/dev/null 2>&1; then \
	    cat $(ASAN_DIR)/san.log.*; \
	    echo "sanitize: the sanitizer reports above ($(ASAN_DIR)/san.log.*)"; \
	    st=1; \
	fi; \
	if [ $$st != 0 ]; then echo "sanitize: FAILED"; exit 1; fi; \
	echo "sanitize: make check and the fuzz replays are clean under ASan + UBSan"
	$(MAKE) tsan

# ---- ThreadSanitizer: the reader's two threads ----
# The tests that run the second scanner and the read-ahead (check_logread
# reads logs of up to 900 KB at several chunk sizes), check_worker,
# check_report (--csv's rows formatted on two threads), and lrfind itself
# on a 3 MB log (-q and --csv), built with -fsanitize=thread.
TSAN_DIR   = build-tsan
TSAN_FLAGS = -fsanitize=thread

tsan:
	rm -rf $(TSAN_DIR)
	mkdir -p $(TSAN_DIR)
	tar -cf - --exclude=./.git --exclude='./build-*' --exclude=./$(FUZZ_BIN) . | \
	    (cd $(TSAN_DIR) && tar -xf -)
	$(MAKE) -C $(TSAN_DIR) clean
	$(MAKE) -C $(TSAN_DIR) CC='$(SAN_CC)' CFLAGS='-O1 -g $(TSAN_FLAGS)' \
	    LDFLAGS='$(TSAN_FLAGS)' lrfind tests/check_logread tests/check_worker \
	    tests/check_report
	cc -O2 -o $(TSAN_DIR)/mklog tests/bench/mklog.c -lm
	$(TSAN_DIR)/mklog 100000 >$(TSAN_DIR)/log.csv
	cd $(TSAN_DIR) && for t in tests/check_logread tests/check_worker \
	    tests/check_report './lrfind -q log.csv' './lrfind --csv log.csv'; do \
	    echo "tsan: $$t"; \
	    TSAN_OPTIONS=halt_on_error=1:exitcode=66 CK_FORK=no $$t >/dev/null || \
	    { echo "tsan: FAILED: $$t"; exit 1; }; \
	done
	@echo "tsan: the reader's threads are clean under ThreadSanitizer"

# ---- valgrind ----
VG = valgrind -q --error-exitcode=1 --leak-check=full \
     --errors-for-leak-kinds=definite,indirect --show-leak-kinds=definite,indirect

# tests/tfcsv: cli_formats.sh and cli_libs.sh write event files with it
valgrind: lrfind $(TESTS) tests/tfcsv $(FUZZ_TARGETS:%=$(FUZZ_BIN)/replay_%)
	@set -e; for t in $(TESTS); do \
	    echo "valgrind: $$t"; \
	    CK_FORK=no CK_TIMEOUT_MULTIPLIER=20 NUMPARSE_QUICK=1 $(VG) ./$$t; \
	done
	@set -e; for t in $(FUZZ_TARGETS); do \
	    printf 'valgrind: replay %s: ' "$$t"; \
	    $(VG) ./$(FUZZ_BIN)/replay_$$t tests/fuzz/corpus/$$t/* \
	        $$(ls -d tests/fuzz/crashes/$$t/* 2>/dev/null); \
	done
	rm -rf $(FUZZ_BIN)/vg
	mkdir -p $(FUZZ_BIN)/vg
	@st=0; \
	LRFIND=tests/fuzz/vg-lrfind VG_LOG_DIR=$(CURDIR)/$(FUZZ_BIN)/vg \
	    VG_BIN="$$(command -v valgrind)" sh tests/cli.sh || st=1; \
	for f in $$(find $(FUZZ_BIN)/vg -type f -size +0); do \
	    cat $$f; st=1; \
	done; \
	if [ $$st != 0 ]; then \
	    echo "valgrind: FAILED (memcheck reports, if any, above; $(FUZZ_BIN)/vg/)"; \
	    exit 1; \
	fi
	@echo "valgrind: the unit tests, the replays and the end-to-end tests are clean"

.PHONY: tsan fuzz fuzz-replay sanitize valgrind
