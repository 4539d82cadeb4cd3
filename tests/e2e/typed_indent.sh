#!/bin/bash
# Typed indents are content (issue 13 §3), shared case tests/cases/leading-ideographic-space-dropped:
# paragraphs of a form cell that start with "　　" (two U+3000) start two ems (24 pt at 小四) right
# of the cell's text edge, and the U+3000 are drawn (in the PDF's text, U+3000 glyphs), not
# dropped as collapsible white space. (That a body paragraph's typed indent replaces the template's
# indent instead of doubling it is tested in src/layout/paragraph_test.c.)
source "$(dirname "$0")/../e2e_lib.sh"

case=tests/cases/leading-ideographic-space-dropped
check "case $case is present" test -f "$case/round.xml"
"$YINFA" run samples/xuchang-2022.ini --input "$case/round.xml" --output "$E2E_TMP/out" --force \
  --quiet 2>"$E2E_TMP/err"
rc=$?
check "case runs (exit 0)" test "$rc" -eq 0
[ "$rc" -eq 0 ] || head -5 "$E2E_TMP/err"
pdf="$E2E_TMP/out/applicants/IS-1/application.pdf"
bbox=$(pdftotext -bbox -f 2 -l 3 "$pdf" - 2>/dev/null)
# the un-indented left edge of the cell's text: the first line of the cell 项目信息简述 holds
# other text at 233.28; indented text starts 24 pt further right
for start in 项目以 项目建成 该企业; do
  x=$(grep -oE "xMin=\"[0-9.]+\"[^>]*>$start" <<<"$bbox" | head -1 | sed -E 's/xMin="([0-9.]+)".*/\1/')
  check "paragraph '$start…' starts two ems in (x = ${x:-none}, want 257.28 ± 0.5)" \
    awk -v x="${x:-0}" 'BEGIN { exit !(x > 256.78 && x < 257.78) }'
done
trace=$(mutool draw -F trace -o - "$pdf" 2-3 2>/dev/null)
n=$(grep -c 'unicode="　"' <<<"$trace")
check "the typed U+3000 are drawn (6 glyphs on pages 2-3: $n)" test "$n" -eq 6

finish
