#!/bin/bash
# A document that cannot be set correctly fails; it is never written wrong (issue 22 §5, the
# brief's non-negotiables): an office's copy of the xuchang-nit program whose 汇总表 has a column
# narrower than one character (weights 1 4 5 → 0.4 4 5) would print that column's text over the
# cell's edge. Each 汇总表 fails with a message located at the template's line, saying what to do,
# in English and in Chinese; the other documents are written; exit 1; the sample's own run is clean.
source "$(dirname "$0")/../e2e_lib.sh"
T=$E2E_TMP
mkdir -p "$T/programs"
cp -r "$ROOT/templates/xuchang-nit" "$ROOT/templates/common" "$T/programs/"
sed -i 's|<table columns="1 4 5" header-rows="2"|<table columns="0.4 4 5" header-rows="2"|' "$T/programs/xuchang-nit/summary.xml"
check "the copy's 汇总表 has the narrow column" grep -q 'columns="0.4 4 5"' "$T/programs/xuchang-nit/summary.xml"
line=$(grep -n 'columns="0.4 4 5"' "$T/programs/xuchang-nit/summary.xml" | cut -d: -f1)

"$YINFA" run "$ROOT/samples/xuchang-2022.ini" --programs "$T/programs" --output "$T/out" 2>"$T/err"
rc=$?
check "run exits 1 (exit $rc)" test "$rc" -eq 1
check "the summary's failure is located at the template (summary.xml) and says what to do" \
  grep -qE 'summary\.xml:[0-9]+.*(would be printed over the cell.s edge: widen the column in the template|wider than the table cell)' "$T/err"
n_sum=$(find "$T/out" -name summary.pdf 2>/dev/null | wc -l)
n_app=$(find "$T/out" -name application.pdf 2>/dev/null | wc -l)
check "no 汇总表 was written ($n_sum)" test "$n_sum" -eq 0
check "the 48 application forms were written ($n_app)" test "$n_app" -eq 48
# 105 documents and admitted.xlsx (every run, issue 25 §4), which has no table to overflow
check "the summary counts the failed documents" grep -qE '106 documents: 98 written, 0 unchanged, 8 failed' "$T/err"
check "no temporary file left" test -z "$(find "$T/out" -name '.*tmp*' 2>/dev/null)"

LANG=zh_CN.UTF-8 "$YINFA" run "$ROOT/samples/xuchang-2022.ini" --programs "$T/programs" --output "$T/out-zh" --quiet 2>"$T/err-zh"
check "in Chinese: 请在模板中加宽该列" grep -q '会压住单元格边线：请在模板中加宽该列' "$T/err-zh"

"$YINFA" run "$ROOT/samples/xuchang-2022.ini" --output "$T/clean" --quiet 2>"$T/err-clean"
check "the installed program's run is clean" test $? -eq 0 -a ! -s "$T/err-clean"
finish
