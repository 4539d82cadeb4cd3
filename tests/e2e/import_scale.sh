#!/bin/bash
# WEAK-import-superlinear-50k: `yinfa import` of 5,000 → 50,000 applicants cost 18.5x the time
# (rows brought together by a scan of the applicants so far: strcmp per row per applicant). Rows
# now find their applicant in core/strmap (a hash of the id, credit code, name; its comparisons
# per lookup are bounded by core_test's strmap_lookups_cost_the_same_at_any_size). Here: what
# the import spends inside the map, counted by callgrind (instructions, the same on any machine
# and under any load), for 50 and 200 applicants of gen_round exported by `yinfa export`: four
# times the applicants must cost about four times (a scan: about sixteen), and never nothing
# (an import that stopped using the map would count 0).
source "$(dirname "$0")/../e2e_lib.sh"
GEN="$ROOT/${YINFA_BUILD:-build}/tools/gen_round"
command -v valgrind >/dev/null || { fail "valgrind is missing (make deps installs it)"; finish; exit; }
case ${YINFA_BUILD:-build} in *asan*) fail "valgrind cannot run a sanitizer build: run this against the normal build (tests/e2e/NORMAL_ONLY)"; finish; exit ;; esac
[ -x "$GEN" ] || { fail "$GEN is missing"; finish; exit; }
# map_ir N: instructions spent in strmap_get/strmap_put by an import of N applicants
map_ir() {
  local n=$1 d="$E2E_TMP/n$1"
  mkdir -p "$d"
  "$GEN" --applicants "$n" --seed 7 --output "$d/r.xml" &&
    "$YINFA" export xuchang-nit "$d/r.xml" --output "$d/r.xlsx" >/dev/null 2>&1 || { echo 0; return; }
  valgrind --tool=callgrind --callgrind-out-file="$d/cg" --collect-atstart=no \
    --toggle-collect=strmap_get --toggle-collect=strmap_put \
    "$YINFA" import xuchang-nit "$d/r.xlsx" --output "$d/b.xml" >"$d/out" 2>"$d/err" || { echo 0; return; }
  grep -q "200 applicant(s) imported\|50 applicant(s) imported" "$d/out" "$d/err" || { echo 0; return; }
  awk '/^summary:/ { print $2; exit }' "$d/cg"
}
small=$(map_ir 50)
large=$(map_ir 200)
echo "     instructions in the applicant index: ${small:-0} for 50 applicants, ${large:-0} for 200"
check "WEAK-import-superlinear-50k: the import finds rows through the index (50: ${small:-0}, 200: ${large:-0} instructions)" \
  test "${small:-0}" -gt 0 -a "${large:-0}" -gt 0
# linear: 4x the applicants, under 6x the instructions (4.3x today; a scan of the applicants
# so far per row grows with their square)
check "WEAK-import-superlinear-50k: 4x the applicants, under 6x the index's instructions" \
  awk -v s="${small:-0}" -v l="${large:-0}" 'BEGIN { exit !(s > 0 && l < 6 * s) }'
# Memory (WEAK-import-superlinear-50k: 2.2 GB at 50,000 when filed): the peak of an import of
# 2,000 applicants, under 62 MB (54.5-56 MB today; 67.5 MB when every applicant's output tree was
# kept to the end of the round; 1.33 GB at 50,000 then, docs/performance.md)
d="$E2E_TMP/mem"
mkdir -p "$d"
"$GEN" --applicants 2000 --seed 7 --output "$d/r.xml" &&
  "$YINFA" export xuchang-nit "$d/r.xml" --output "$d/r.xlsx" >/dev/null 2>&1
/usr/bin/time -f "%M" -o "$d/mem" "$YINFA" import xuchang-nit "$d/r.xlsx" --output "$d/b.xml" >"$d/out" 2>"$d/err"
rc=$?
kb=$(tail -1 "$d/mem")
check "WEAK-import-superlinear-50k: 2,000 applicants imported (exit $rc)" \
  grep -q "2000 applicant(s) imported" "$d/out"
check "  … in under 62 MB (peak ${kb:-?} KB)" test "${kb:-999999999}" -lt 62000
finish
