#!/bin/bash
# The sample notice measured against GB/T 9704-2012 by tests/tools/gbt9704_check.py (a copy of
# ../shared/tools/gbt9704_check.py, 36 checks from the PDF: page, grid, justification, indents,
# page numbers, 版头, title, 附件说明, signature and date, fonts, line breaking). Every check
# that applies must pass; with mupdf-tools missing the rule, advance and glyph checks would be
# skipped, so mutool is required here.
source "$(dirname "$0")/../e2e_lib.sh"

checker="$ROOT/tests/tools/gbt9704_check.py"
check "the checker is in the tree" test -f "$checker"
check "mutool is installed (mupdf-tools, make deps)" bash -c "command -v mutool >/dev/null"

"$YINFA" run samples/xuchang-2022.ini --output "$E2E_TMP/out" --quiet 2>"$E2E_TMP/err"
rc=$?
check "sample round runs (exit 0)" test "$rc" -eq 0
[ "$rc" -eq 0 ] || head -5 "$E2E_TMP/err"

python3 "$checker" "$E2E_TMP/out/notice.pdf" >"$E2E_TMP/report" 2>&1
rc=$?
grep -E '^(FAIL|SKIP)' "$E2E_TMP/report"
summary=$(tail -1 "$E2E_TMP/report")
echo "  $summary"
check "checker exits 0 (no check failed)" test "$rc" -eq 0
check "checker: 0 failed" grep -qE '^[0-9]+ passed, 0 failed' <<<"$summary"
passed=$(sed -nE 's/^([0-9]+) passed.*/\1/p' <<<"$summary")
# 3 checks do not apply to the sample: no 版记 (6d, x7) and no 主送机关 line (x6)
check "checker: at least 33 of 36 checks pass ($passed)" test "${passed:-0}" -ge 33
for id in 7c.banner.rule x2.punct.fullwidth x3.glyph.notdef x9.para.last_unstretched \
  x4.signature.position 4a.justify.edge; do
  check "checker: $id measured and passed" grep -qE "^PASS +$id " "$E2E_TMP/report"
done
finish
