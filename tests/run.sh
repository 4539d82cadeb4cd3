#!/bin/bash
# Runs every unit test binary and end-to-end script against each build folder given
# (e.g. `build build-asan`) and ends with the line "N passed, N failed".
# Each test prints "check: N passed, N failed"; a test that crashes or prints no such line
# counts as one failure.
cd "$(dirname "$0")/.." || exit 3
passed=0
failed=0
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=0:${ASAN_OPTIONS:-}"
export LSAN_OPTIONS="suppressions=$PWD/tests/lsan.supp:print_suppressions=0"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
log_dir=$(mktemp -d /tmp/yinfa-tests.XXXXXX)

run_one() { # name, command...
  local name=$1; shift
  local log="$log_dir/$(echo "$name" | tr '/ ' '__').log"
  timeout 600 "$@" >"$log" 2>&1
  local rc=$?
  local line
  line=$(grep -E '^check: [0-9]+ passed, [0-9]+ failed' "$log" | tail -1)
  local p=0 f=0
  if [ -n "$line" ]; then
    p=$(echo "$line" | sed -E 's/check: ([0-9]+) passed.*/\1/')
    f=$(echo "$line" | sed -E 's/.* ([0-9]+) failed.*/\1/')
  fi
  if [ -z "$line" ] || { [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; }; then
    f=$((f + 1))
    echo "FAIL $name (exit $rc, no result line or crash)"
    tail -30 "$log"
  elif [ "$f" -ne 0 ]; then
    echo "FAIL $name: $p passed, $f failed"
    grep -v '^ok ' "$log" | tail -60
  else
    echo "ok   $name: $p passed"
  fi
  passed=$((passed + p))
  failed=$((failed + f))
}

for build in "$@"; do
  for t in "$build"/tests/*/*_test; do
    [ -x "$t" ] || continue
    run_one "$t" "$t"
  done
  for s in tests/e2e/*.sh; do
    [ -f "$s" ] || continue
    YINFA_BUILD="$build" run_one "$build:$s" bash "$s"
  done
done
# A short libFuzzer run per target (make fuzz runs them longer), each counted as one test.
if [ -n "${FUZZ_SMOKE_SECONDS:-}" ]; then
  for f in build-fuzz/fuzz_*; do
    [ -x "$f" ] || continue
    n=$(basename "$f")
    corpus="$log_dir/corpus-$n"
    seeds="$log_dir/seeds-$n"
    mkdir -p "$corpus"
    # Seeds come from the live sources (templates/, the INI files), never from stale copies;
    # a target without seeds fails.
    run_one "$f (${FUZZ_SMOKE_SECONDS}s)" bash -c "tests/fuzz/seeds.sh '$n' '$seeds' && \
      '$f' -max_total_time=$FUZZ_SMOKE_SECONDS -max_len=65536 \
      -timeout=10 '$corpus' '$seeds' && echo 'check: 1 passed, 0 failed'"
  done
fi
rm -rf "$log_dir"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
