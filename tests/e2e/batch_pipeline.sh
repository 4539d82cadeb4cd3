#!/bin/bash
# The batch through the real CLI: identical output for --jobs 1 and 2 and for a re-run,
# `yinfa verify` catches a flipped byte, a run killed with SIGKILL resumes to the same result
# as a clean run, a full disk (ulimit -f) exits 3 with one error and no partial PDF, and the
# shards of --shard K/N add up to the whole round.
source "$(dirname "$0")/../e2e_lib.sh"
GEN="$ROOT/${YINFA_BUILD:-build}/tools/gen_round"
export SOURCE_DATE_EPOCH=1651795200

make_ini() { # folder: writes folder/round.ini reading folder/round.xml
  sed -e 's|^\(input *= *\).*|\1round.xml|' -e 's|^\(output *= *\).*|\1out|' \
    "$ROOT/samples/xuchang-2022.ini" >"$1/round.ini"
}
# Every PDF under $1 is complete (ends with %%EOF) and no temporary file is left.
all_complete() {
  local f
  while IFS= read -r -d '' f; do
    tail -c 1024 "$f" | grep -q '%%EOF' || { echo "incomplete: $f"; return 1; }
  done < <(find "$1" -name '*.pdf' -print0)
  [ -z "$(find "$1" -name '*.tmp-*')" ] || { echo "temporary files left:"; find "$1" -name '*.tmp-*'; return 1; }
}
same_tree() { diff -r -x '.manifest*.journal' "$1" "$2" >/dev/null; }

R="$E2E_TMP/r"
mkdir -p "$R"
"$GEN" --applicants 40 --seed 3 --output "$R/round.xml"
make_ini "$R"
"$YINFA" run "$R/round.ini" --output "$R/probe" --quiet >/dev/null 2>&1
if [ -z "$(find "$R/probe" -name '*.pdf' 2>/dev/null | head -1)" ]; then
  fail "yinfa run writes PDFs"
  finish
  exit $?
fi

# ---- same output whatever --jobs, and on a re-run ----
"$YINFA" run "$R/round.ini" --output "$R/j1" --jobs 1 --quiet
check "run --jobs 1 succeeds" test $? -eq 0
"$YINFA" run "$R/round.ini" --output "$R/j2" --jobs 2 --quiet
check "run --jobs 2 succeeds" test $? -eq 0
check "--jobs 1 and --jobs 2 give byte-identical output" same_tree "$R/j1" "$R/j2"
check "manifest.csv is written" test -s "$R/j1/manifest.csv"
# every PDF and admitted.xlsx, written in every run (issue 25 §4)
check "manifest lists admitted.xlsx" grep -q '^admitted\.xlsx,notice,' "$R/j1/manifest.csv"
check "manifest lists every PDF and admitted.xlsx" \
  test "$(grep -cv '^#\|^path,' "$R/j1/manifest.csv")" -eq "$(($(find "$R/j1" -name '*.pdf' | wc -l) + 1))"
"$YINFA" run "$R/round.ini" --output "$R/j2" --jobs 2 --force --quiet
check "a forced re-run is byte-identical" same_tree "$R/j1" "$R/j2"

# ---- verify ----
check "verify passes on a fresh output" "$YINFA" verify "$R/j1"
cp -r "$R/j1" "$R/flip"
victim=$(find "$R/flip" -name '*.pdf' | sort | head -1)
python3 -c "
import sys; p = sys.argv[1]; b = bytearray(open(p, 'rb').read()); b[len(b) // 2] ^= 1; open(p, 'wb').write(b)" "$victim"
"$YINFA" verify "$R/flip" >"$E2E_TMP/verify.out" 2>&1
rc=$?
check "verify fails on a flipped byte" test "$rc" -ne 0
check "verify names the altered file" grep -q "${victim#"$R/flip/"}" "$E2E_TMP/verify.out"
rm "$(find "$R/flip" -name '*.pdf' | sort | tail -1)"
"$YINFA" verify "$R/flip" >/dev/null 2>&1
check "verify fails on a missing file" test $? -ne 0

# ---- interruption: kill -9 mid-run, re-run, compare with a clean run ----
K="$E2E_TMP/k"
mkdir -p "$K"
"$GEN" --applicants 200 --seed 4 --output "$K/round.xml"
make_ini "$K"
"$YINFA" run "$K/round.ini" --output "$K/clean" --quiet
setsid "$YINFA" run "$K/round.ini" --output "$K/killed" --quiet >/dev/null 2>&1 &
pid=$!
for _ in $(seq 1000); do
  [ "$(find "$K/killed" -name '*.pdf' 2>/dev/null | wc -l)" -ge 10 ] && break
  sleep 0.02
done
kill -9 -- "-$pid" 2>/dev/null
wait "$pid" 2>/dev/null
sleep 0.2
check "a killed run leaves no partial PDF under a final name" bash -c "
  find '$K/killed' -name '*.pdf' -print0 | while IFS= read -r -d '' f; do tail -c 1024 \"\$f\" | grep -q '%%EOF' || exit 1; done"
"$YINFA" run "$K/round.ini" --output "$K/killed" --quiet
check "the re-run after a kill succeeds" test $? -eq 0
check "and gives the same files as a clean run" same_tree "$K/clean" "$K/killed"
check "and leaves no temporary file" all_complete "$K/killed"

# ---- full disk: RLIMIT_FSIZE ----
(ulimit -f 8; "$YINFA" run "$R/round.ini" --output "$R/full" --quiet) >"$E2E_TMP/full.out" 2>&1
rc=$?
check "a full disk exits 3" test "$rc" -eq 3
check "and is reported once" test "$(grep -c -E 'error:|错误：' "$E2E_TMP/full.out")" -eq 1
check "and the summary says it is a system error, not the round's" grep -q '^yinfa: system error (File too large, named above): the run stopped' "$E2E_TMP/full.out"
check "and leaves no partial PDF or temporary file" all_complete "$R/full"
"$YINFA" run "$R/round.ini" --output "$R/full" --quiet
check "with room again the run completes" same_tree "$R/j1" "$R/full"

# ---- unwritable folder ----
touch "$E2E_TMP/plain"
"$YINFA" run "$R/round.ini" --output "$E2E_TMP/plain/out" --quiet >"$E2E_TMP/unw.out" 2>&1
rc=$?
check "an unwritable output folder exits 3" test "$rc" -eq 3
check "and is reported once" test "$(grep -c -E 'error:|错误：' "$E2E_TMP/unw.out")" -eq 1

# ---- shards ----
for k in 1 2 3; do "$YINFA" run "$R/round.ini" --output "$R/sh" --shard "$k/3" --quiet; done
check "verify accepts the union of 3 shard manifests" "$YINFA" verify "$R/sh"
check "the shards together are the whole round" bash -c "
  diff <(cd '$R/sh' && find . -name '*.pdf' | sort) <(cd '$R/j1' && find . -name '*.pdf' | sort) >/dev/null"
rm "$R/sh/manifest-2-of-3.csv"
"$YINFA" verify "$R/sh" >/dev/null 2>&1
check "verify notices an unfinished shard" test $? -ne 0
finish
