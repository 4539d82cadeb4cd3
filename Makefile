# yinfa — build, test and run. `make run` and `make test` work on a fresh Debian 12 machine:
# both first install any missing Debian package (see `deps`).
.DEFAULT_GOAL := all
SHELL := /bin/bash

# ---- Debian packages -------------------------------------------------------------------------
BUILD_PKGS := gcc make pkg-config libhpdf-dev libxml2-dev libxml2-utils libicu-dev libzip-dev libxlsxwriter-dev \
              libharfbuzz-dev zlib1g-dev libfontconfig-dev libdeflate-dev
FONT_PKGS  := fonts-arphic-gbsn00lp fonts-arphic-gkai00mp fonts-wqy-zenhei fonts-hanazono \
              fonts-lxgw-wenkai fonts-babelstone-han fonts-noto-cjk icc-profiles-free
TEST_PKGS  := poppler-utils qpdf mupdf-tools strace clang libclang-rt-14-dev python3 python3-lunardate time \
              python3-pil python3-fonttools valgrind libreoffice-writer-nogui python3-docx \
              libpdfbox2-java libactivation-java libjaxb-api-java openjdk-17-jre-headless chromium
ALL_PKGS   := $(BUILD_PKGS) $(FONT_PKGS) $(TEST_PKGS)

.PHONY: deps
deps:
	@./tools/install-deps.sh $(ALL_PKGS)
	@./tools/install-fandol.sh

# ---- Compiler flags --------------------------------------------------------------------------
BUILD    ?= build
CC       ?= cc
PKGS     := libxml-2.0 icu-uc icu-i18n harfbuzz harfbuzz-subset libzip xlsxwriter fontconfig libdeflate
WARN     := -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes -Wformat=2 -Wvla -Werror
CFLAGS   ?= -O2 -g
CPPFLAGS += -std=c17 -D_GNU_SOURCE -Isrc \
            $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
LDLIBS   += $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lhpdf -lz -lm -lpthread
SAN      := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined

# ---- Sources: every src/<stage>/*.c; *_test.c are unit tests, cli/main.c is the program -------
LIB_SRC  := $(filter-out %_test.c src/cli/main.c,$(wildcard src/*/*.c))
TEST_SRC := $(wildcard src/*/*_test.c)
LIB_OBJ  := $(LIB_SRC:%.c=$(BUILD)/obj/%.o) $(BUILD)/obj/gen/build_id.o
TESTS    := $(patsubst src/%_test.c,$(BUILD)/tests/%_test,$(TEST_SRC))
TOOLS    := $(patsubst tools/%.c,$(BUILD)/tools/%,$(wildcard tools/*.c))

.SECONDARY:
.PHONY: all
all: $(BUILD)/yinfa $(TESTS) $(TOOLS)

$(BUILD)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(WARN) -MMD -MP -c $< -o $@

# The build identity (src/core/build.h): rewritten only when what the binary is built from changed,
# so an unchanged tree relinks nothing.
BUILD_ID_INPUTS := $(sort $(filter-out %_test.c,$(wildcard src/*/*.c src/*/*.h))) Makefile
.PHONY: FORCE
$(BUILD)/gen/build_id.c: FORCE
	@mkdir -p $(dir $@)
	@./tools/build-id.sh "$(CC)" "$(CFLAGS)" "$(PKGS)" $(BUILD_ID_INPUTS) >$@.tmp && \
	  printf '%s\n' "$(CFLAGS)" >$(BUILD)/gen/cflags && \
	  if cmp -s $@.tmp $@; then rm -f $@.tmp; else mv $@.tmp $@; fi

$(BUILD)/obj/gen/build_id.o: $(BUILD)/gen/build_id.c src/core/build.h
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(WARN) -c $< -o $@

$(BUILD)/libyinfa.a: $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(BUILD)/yinfa: $(BUILD)/obj/src/cli/main.o $(BUILD)/libyinfa.a
	$(CC) $(CFLAGS) $^ $(LDLIBS) -o $@

$(BUILD)/tests/%_test: $(BUILD)/obj/src/%_test.o $(BUILD)/libyinfa.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $^ $(LDLIBS) -o $@

$(BUILD)/tools/%: $(BUILD)/obj/tools/%.o $(BUILD)/libyinfa.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $^ $(LDLIBS) -o $@

-include $(LIB_OBJ:.o=.d) $(BUILD)/obj/src/cli/main.d $(TEST_SRC:%.c=$(BUILD)/obj/%.d) $(TOOLS:$(BUILD)/tools/%=$(BUILD)/obj/tools/%.d)

# ---- Run the sample round ----------------------------------------------------------------------
SAMPLE_INI := samples/xuchang-2022.ini
.PHONY: run
run: deps
	@$(MAKE) --no-print-directory all
	./$(BUILD)/yinfa run $(SAMPLE_INI) --output out

# ---- Tests: unit tests, end-to-end tests; then the same under ASan+UBSan ----------------------
.PHONY: test check asan
# The three builds compile in parallel (one job per CPU between them); tests/run.sh runs the tests
# in parallel too, the fuzz stage with a fixed seed and FUZZ_RUNS inputs per target (docs/testing.md).
NPROC    := $(shell nproc 2>/dev/null || echo 2)
FUZZ_RUNS ?= 20000
test: deps
	@$(MAKE) --no-print-directory -j$(NPROC) test-builds
	@FUZZ_RUNS=$(FUZZ_RUNS) ./tests/run.sh build build-asan

# The three builds of `make test` as one make's jobs (one per CPU between them), so that one
# build's serial steps (archive, links) overlap another's compiling instead of idling a CPU.
.PHONY: test-builds test-build-normal test-build-asan test-build-fuzz
test-builds: test-build-normal test-build-asan test-build-fuzz
test-build-normal:
	@$(MAKE) --no-print-directory all
test-build-asan:
	@$(MAKE) --no-print-directory BUILD=build-asan CFLAGS="-O1 -g $(SAN)" all
test-build-fuzz:
	@$(MAKE) --no-print-directory fuzz-build

# The same tests with YINFA_TEST_FULL=1: scripts that check a sample of documents with a slow outside
# tool (one document of every kind of every program) check every document (docs/testing.md). Run
# before saying an issue is resolved.
.PHONY: test-full
test-full: deps
	@$(MAKE) --no-print-directory -j$(NPROC) test-builds
	@YINFA_TEST_FULL=1 FUZZ_RUNS=$(FUZZ_RUNS) ./tests/run.sh build build-asan

check: all
	@./tests/run.sh $(BUILD)

asan:
	@$(MAKE) --no-print-directory BUILD=build-asan CFLAGS="-O1 -g $(SAN)" all
	@./tests/run.sh build-asan

# ---- Fuzzing: libFuzzer, bounded time per target -----------------------------------------------
FUZZ_SECONDS ?= 60
FUZZ_SRC := $(wildcard tests/fuzz/fuzz_*.c)
FUZZ_CFLAGS := -O1 -g -fsanitize=fuzzer-no-link,address,undefined
.PHONY: fuzz fuzz-build
FUZZ_BIN := $(patsubst tests/fuzz/%.c,build-fuzz/%,$(FUZZ_SRC))
fuzz-build:
	@$(MAKE) --no-print-directory BUILD=build-fuzz CC=clang CFLAGS="$(FUZZ_CFLAGS)" build-fuzz/libyinfa.a
	@$(MAKE) --no-print-directory fuzz-bins
.PHONY: fuzz-bins
fuzz-bins: $(FUZZ_BIN)
	@:

# A target links again when its source or the library changed (the links run in parallel).
build-fuzz/fuzz_%: tests/fuzz/fuzz_%.c build-fuzz/libyinfa.a
	clang $(CPPFLAGS) -O1 -g -fsanitize=fuzzer,address,undefined $< build-fuzz/libyinfa.a $(LDLIBS) -o $@

fuzz: deps fuzz-build
	@set -e; for f in $(FUZZ_SRC); do n=$$(basename $$f .c); \
	  mkdir -p build-fuzz/corpus-$$n; rm -rf build-fuzz/seeds-$$n; \
	  tests/fuzz/seeds.sh $$n build-fuzz/seeds-$$n; \
	  echo "fuzzing $$n for $(FUZZ_SECONDS) s"; \
	  build-fuzz/$$n -max_total_time=$(FUZZ_SECONDS) -max_len=65536 -timeout=10 \
	    build-fuzz/corpus-$$n build-fuzz/seeds-$$n 2>&1 | tail -3; done

# ---- Benchmark ------------------------------------------------------------------------------
.PHONY: bench
bench: deps
	@$(MAKE) --no-print-directory all
	./tests/bench.sh
	./tests/bench_instr.sh

# Instructions per document from callgrind (issue 24): a figure that does not move with the load.
.PHONY: bench-instr
bench-instr: deps
	@$(MAKE) --no-print-directory all
	./tests/bench_instr.sh

# ---- Lint and format ------------------------------------------------------------------------
.PHONY: lint format
lint:
	cppcheck --quiet --error-exitcode=1 --suppressions-list=.cppcheck -Isrc --std=c11 -D_GNU_SOURCE \
	  $(filter-out src/text/strokes_data.c,$(LIB_SRC)) src/cli/main.c
format:
	clang-format -i $(wildcard src/*/*.c src/*/*.h tests/*.h tests/fuzz/*.c tools/*.c)

.PHONY: clean
clean:
	rm -rf build build-asan build-fuzz out
