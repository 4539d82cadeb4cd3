#!/bin/bash
# smoke.sh TARGET RUNS WORKDIR: the deterministic fuzz stage of `make test` for one libFuzzer
# target (build-fuzz/fuzz_NAME). First every input of tests/fuzz/regress-NAME/ (crashes found
# before, kept so that they stay fixed) runs once; then RUNS inputs are generated with -seed=1
# from the target's seeds (tests/fuzz/seeds.sh) into an empty corpus, so the same tree explores
# the same inputs every time. Open-ended fuzzing is `make fuzz`. Prints "check: N passed, N failed".
set -u
target=$1 runs=$2 work=$3
name=$(basename "$target")
dir="$(cd "$(dirname "$0")" && pwd)"
mkdir -p "$work/corpus" || exit 3
"$dir/seeds.sh" "$name" "$work/seeds" || { echo "check: 0 passed, 1 failed"; exit 1; }
passed=0 failed=0
regress=("$dir/regress-$name"/*)
if [ -e "${regress[0]}" ]; then
  if "$target" -timeout=10 "${regress[@]}"; then
    passed=$((passed + 1)); echo "ok   ${#regress[@]} regression inputs of $name"
  else
    failed=$((failed + 1)); echo "FAIL a regression input of $name (tests/fuzz/regress-$name/)"
  fi
fi
if "$target" -seed=1 -runs="$runs" -max_len=65536 -timeout=10 "$work/corpus" "$work/seeds"; then
  passed=$((passed + 1)); echo "ok   $name: $runs runs from seed 1"
else
  failed=$((failed + 1)); echo "FAIL $name: $runs runs from seed 1 (the crash input is named above)"
fi
echo "check: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
