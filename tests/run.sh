#!/bin/bash
# tests/run.sh BUILD...: runs every unit test binary and end-to-end script against each build
# folder given (e.g. `build build-asan`), then, with FUZZ_RUNS set, each libFuzzer target in
# build-fuzz/ over its seeds and regression inputs; ends with the line "N passed, N failed".
#
# - Each test prints "check: N passed, N failed"; a test that crashes, times out, exits non-zero
#   with no failure counted, or prints no such line counts as one failure.
# - Tests run TEST_JOBS at a time (default: one per CPU), each with its own log; the report is
#   printed in a fixed order once all have finished, so the same tree gives the same report.
# - In a sanitizer build (a folder named *asan*), the scripts listed in tests/e2e/NORMAL_ONLY are
#   not run again: they check yinfa's output with outside tools (PDFBox, the GB/T 9704 checker,
#   pdftotext page by page), and the yinfa runs they make are sample runs that other scripts make
#   under the sanitizers (docs/testing.md). A listed script that does not exist is a failure.
# - The fuzz stage is deterministic: -seed=1 and a fixed -runs=FUZZ_RUNS from the seeds (never a
#   time limit), after every input in tests/fuzz/regress-TARGET/ (past crashes) has run once.
# - The ten slowest tests are listed with their wall and CPU times, and the CPU time of all tests,
#   so that the next slow one is seen.
cd "$(dirname "$0")/.." || exit 3
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=0:${ASAN_OPTIONS:-}"
export LSAN_OPTIONS="suppressions=$PWD/tests/lsan.supp:print_suppressions=0"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
jobs_max=${TEST_JOBS:-$(nproc 2>/dev/null || echo 2)}
[ "$jobs_max" -ge 1 ] 2>/dev/null || jobs_max=2
log_dir=$(mktemp -d /tmp/yinfa-tests.XXXXXX)
trap 'rm -rf "$log_dir"' EXIT
# Durations of the last run on this machine, to start the slowest tests first (scheduling only:
# which tests run and what they report does not depend on it).
times_file=${XDG_CACHE_HOME:-$HOME/.cache}/yinfa/test-times
names=() cmds=() envs=()

add() { # name env command: one test
  names+=("$1"); envs+=("$2"); cmds+=("$3")
}

normal_only_list=$(grep -v '^#' tests/e2e/NORMAL_ONLY 2>/dev/null | awk 'NF { print $1 }')
normal_only() { grep -qx -- "$(basename "$1")" <<<"$normal_only_list"; }
for s in $normal_only_list; do
  [ -f "tests/e2e/$s" ] || { echo "tests/run.sh: tests/e2e/NORMAL_ONLY names $s, which does not exist" >&2; exit 2; }
done

skipped_normal_only=0
for build in "$@"; do
  [ -d "$build" ] || { echo "tests/run.sh: no build folder $build" >&2; exit 2; }
  for t in "$build"/tests/*/*_test; do
    [ -x "$t" ] && add "$t" "" "$t"
  done
  for s in tests/e2e/*.sh; do
    [ -f "$s" ] || continue
    if [[ $build == *asan* ]] && normal_only "$s"; then
      skipped_normal_only=$((skipped_normal_only + 1)); continue
    fi
    add "$build:$s" "YINFA_BUILD=$build" "bash $s"
  done
done
fuzz_targets=0
if [ -n "${FUZZ_RUNS:-}" ]; then
  for f in build-fuzz/fuzz_*; do
    [ -x "$f" ] || continue
    n=$(basename "$f")
    fuzz_targets=$((fuzz_targets + 1))
    add "$f ($FUZZ_RUNS runs)" "" "tests/fuzz/smoke.sh $f $FUZZ_RUNS $log_dir/fuzz-$n"
  done
  [ "$fuzz_targets" -gt 0 ] || { echo "tests/run.sh: FUZZ_RUNS set but no build-fuzz/fuzz_* target" >&2; exit 2; }
fi
[ "${#names[@]}" -gt 0 ] || { echo "tests/run.sh: no tests found"; echo "0 passed, 1 failed"; exit 1; }

# One test: its output in $log_dir/N.log, "exit-status milliseconds CPU-seconds" in $log_dir/N.rc.
# The CPU time (user + system of the test and every process it waited for, by /usr/bin/time from
# the package `time`) is what a test costs on a shared machine, where wall times say more about
# the neighbours than about the test.
run_one() { # index
  local i=$1 start end rc cpu
  start=$(date +%s%N)
  env ${envs[$i]} /usr/bin/time -f '%U %S' -o "$log_dir/$i.cpu" timeout 600 ${cmds[$i]} >"$log_dir/$i.log" 2>&1 </dev/null
  rc=$?
  end=$(date +%s%N)
  cpu=$(awk 'NF == 2 && $1 ~ /^[0-9.]+$/ { printf "%.1f", $1 + $2 }' "$log_dir/$i.cpu" 2>/dev/null)
  echo "$rc $(( (end - start) / 1000000 )) ${cpu:-?}" >"$log_dir/$i.rc"
}

# Slowest first, by the last run's times; tests without a time first of all (they may be slow).
order=$(for i in "${!names[@]}"; do printf '%s\t%s\n' "$i" "${names[$i]}"; done |
  awk -F'\t' -v tf="$times_file" 'BEGIN { while ((getline l < tf) > 0) { split(l, a, "\t"); ms[a[2]] = a[1] } }
    { print (($2 in ms) ? ms[$2] : 999999999) "\t" $1 }' | sort -k1,1nr -k2,2n | cut -f2)

echo "running ${#names[@]} tests, $jobs_max at a time"
for i in $order; do
  while [ "$(jobs -rp | wc -l)" -ge "$jobs_max" ]; do wait -n; done
  run_one "$i" &
done
wait

passed=0 failed=0
: >"$log_dir/times"
: >"$log_dir/cpu"
for i in "${!names[@]}"; do
  name=${names[$i]} log="$log_dir/$i.log"
  read -r rc ms cpu <"$log_dir/$i.rc" 2>/dev/null || { rc=255; ms=0; cpu=?; }
  printf '%s\t%s\n' "$ms" "$name" >>"$log_dir/times"
  printf '%s\t%s\n' "$cpu" "$name" >>"$log_dir/cpu"
  line=$(grep -E '^check: [0-9]+ passed, [0-9]+ failed' "$log" | tail -1)
  p=0 f=0
  if [ -n "$line" ]; then
    p=$(sed -E 's/check: ([0-9]+) passed.*/\1/' <<<"$line")
    f=$(sed -E 's/.* ([0-9]+) failed.*/\1/' <<<"$line")
  fi
  if [ -z "$line" ] || { [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; }; then
    f=$((f + 1))
    echo "FAIL $name (exit $rc$([ "$rc" -eq 124 ] && echo ': timed out after 600 s'), no result line or crash)"
    tail -30 "$log"
  elif [ "$f" -ne 0 ]; then
    echo "FAIL $name: $p passed, $f failed"
    grep -v '^ok ' "$log" | tail -60
  elif [ "$p" -eq 0 ]; then
    # a test that checked nothing is a broken test
    f=1
    echo "FAIL $name: it passed 0 checks"
  else
    echo "ok   $name: $p passed"
  fi
  passed=$((passed + p))
  failed=$((failed + f))
done
[ "$skipped_normal_only" -gt 0 ] &&
  echo "($skipped_normal_only runs of output-only e2e scripts left to the normal build: tests/e2e/NORMAL_ONLY)"
echo "slowest tests (seconds of wall time, and of CPU time):"
paste "$log_dir/times" <(cut -f1 "$log_dir/cpu") | sort -k1,1nr | head -10 |
  awk -F'\t' '{ printf "  %6.1f  %6s CPU  %s\n", $1 / 1000, $3, $2 }'
awk -F'\t' '{ n += $1 } END { printf "tests: %.0f CPU-seconds in all\n", n }' "$log_dir/cpu"
mkdir -p "$(dirname "$times_file")" 2>/dev/null && cp "$log_dir/times" "$times_file" 2>/dev/null &&
  cp "$log_dir/cpu" "$(dirname "$times_file")/test-cpu" 2>/dev/null # every test's CPU-seconds, to compare runs
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
