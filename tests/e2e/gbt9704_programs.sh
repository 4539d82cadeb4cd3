#!/bin/bash
# Every program's 公示 and 通知, made from its sample round, measured against GB/T 9704-2012 by
# tests/tools/gbt9704_check.py (37 checks from the PDF; the version whose 6d reads 7.5 as written and
# whose 6e wants the 版记 on the last page, an even one). Nothing is pinned: every check passes
# on every document, 4b (28 characters on every full line of Han text) included since lines push
# in before pushing out (docs/spec/layout.md rule 3).
source "$(dirname "$0")/../e2e_lib.sh"
T="$E2E_TMP"
checker="$ROOT/tests/tools/gbt9704_check.py"
check "the checker is in the tree" test -f "$checker"
for ini in xuchang-2022 hunan-2019 fujian-2024 shandong-demo-2023 henan-2024; do
  "$YINFA" run "$ROOT/samples/$ini.ini" --output "$T/$ini" --quiet 2>"$T/err"; rc=$?
  check "$ini: the sample round runs" test "$rc" -eq 0
  for kind in notice announcement; do
    f="$T/$ini/$kind.pdf"
    [ -f "$f" ] || continue
    python3 "$checker" "$f" >"$T/out" 2>&1
    fails=$(grep '^FAIL' "$T/out" | awk '{print $2}' | tr '\n' ' ')
    check "$ini $kind: passes GB/T 9704 ($(tail -1 "$T/out"))" test -z "$fails"
    check "$ini $kind: the checker ran its checks" grep -qE '^[0-9]+ passed' "$T/out"
  done
done
finish
