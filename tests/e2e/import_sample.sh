#!/bin/bash
# `yinfa import` on the sample workbook (samples/xuchang-2022.xlsx: a sheet per county with merged
# title, two-row header and 合计 row, a finance sheet in 元, a review sheet) gives back exactly the
# sample round, which then runs into documents; the committed workbook is what its generator makes.
source "$(dirname "$0")/../e2e_lib.sh"
T="$E2E_TMP"
XLSX=samples/xuchang-2022.xlsx
check "the sample workbook exists" test -s "$XLSX"

python3 samples/gen-xuchang-2022-xlsx.py samples/xuchang-2022.xml "$T/regen.xlsx"
check "samples/xuchang-2022.xlsx is what samples/gen-xuchang-2022-xlsx.py writes" cmp -s "$XLSX" "$T/regen.xlsx"

"$YINFA" import xuchang-nit "$XLSX" --output "$T/r.xml" >"$T/out" 2>"$T/err"; rc=$?
check "import exits 0" test "$rc" -eq 0
[ "$rc" -eq 0 ] || cat "$T/err"
check "import reports 48 applicants" grep -q "48 applicant" "$T/out"
check "no warnings on the sample" test ! -s "$T/err"
check "the imported round is the sample round" python3 tests/import/same_round.py samples/xuchang-2022.xml "$T/r.xml"
check "the imported round is valid" "$YINFA" validate "$T/r.xml" --quiet
check "each applicant names its first cell" grep -q "<!-- $XLSX:魏都区!A5 -->" "$T/r.xml"
check "no temporary file is left" bash -c "! ls -A '$T' | grep -q tmp"

# from the round to documents, as README's two steps
"$YINFA" run samples/xuchang-2022.ini --input "$T/r.xml" --output "$T/out-docs" --quiet 2>"$T/run-err"; rc=$?
check "the imported round runs (exit 0)" test "$rc" -eq 0
[ "$rc" -eq 0 ] || cat "$T/run-err"
check "notice written" test -s "$T/out-docs/notice.pdf"
n=$(ls "$T/out-docs/applicants" 2>/dev/null | wc -l)
check "48 applicant folders (got $n)" test "$n" -eq 48
check "verify passes" "$YINFA" verify "$T/out-docs"
check "a form shows the imported name" bash -c "pdftotext -enc UTF-8 '$T/out-docs/applicants/XC-2022-001/application.pdf' - | tr -d ' \n' | grep -q 许昌绿源信息技术有限公司"

# the same workbook again, with an explicit year and round
"$YINFA" import xuchang-nit "$XLSX" --output "$T/r2.xml" --year 2022 --round 2 >/dev/null 2>&1
check "--round is written" grep -q 'round="2"' "$T/r2.xml"

# round trip: import, export (libxlsxwriter), import again gives the same file (but for the
# comments naming the source cells); a round straight from XML exports and imports back too
nocomment() { grep -v '^ *<!--' "$1"; }
"$YINFA" export xuchang-nit "$T/r.xml" --output "$T/e.xlsx" >"$T/out" 2>"$T/err"; rc=$?
check "export exits 0" test "$rc" -eq 0
[ "$rc" -eq 0 ] || cat "$T/err"
check "export reports 48 applicants" grep -q "48 applicant" "$T/out"
"$YINFA" import xuchang-nit "$T/e.xlsx" --output "$T/r3.xml" >/dev/null 2>"$T/err"; rc=$?
check "the exported workbook imports (exit 0)" test "$rc" -eq 0
[ "$rc" -eq 0 ] || cat "$T/err"
check "import → export → import: identical round" cmp -s <(nocomment "$T/r.xml") <(nocomment "$T/r3.xml")
"$YINFA" export xuchang-nit "$T/r2.xml" --output "$T/e2.xlsx" >/dev/null 2>&1
"$YINFA" import xuchang-nit "$T/e2.xlsx" --output "$T/r4.xml" >/dev/null 2>&1
check "the round number travels in the title (第2批)" grep -q 'round="2"' "$T/r4.xml"
"$YINFA" export xuchang-nit samples/xuchang-2022.xml --output "$T/e0.xlsx" >/dev/null 2>&1
"$YINFA" import xuchang-nit "$T/e0.xlsx" --output "$T/r0.xml" >/dev/null 2>&1
check "sample XML → export → import: the sample round" python3 tests/import/same_round.py samples/xuchang-2022.xml "$T/r0.xml"
sed '/<list name="honor"/,/<\/list>/d' templates/xuchang-nit/import.xml >"$T/no-honor.xml"
"$YINFA" export xuchang-nit samples/xuchang-2022.xml --output "$T/e5.xlsx" --mapping "$T/no-honor.xml" 2>"$T/err"; rc=$?
check "a mapping without a column the round uses: exit 1, nothing written" bash -c "[ $rc -eq 1 ] && [ ! -e '$T/e5.xlsx' ] && grep -q 'no column for enterprise/honor,' '$T/err'"
"$YINFA" export hunan-cloud samples/xuchang-2022.xml --output "$T/e6.xlsx" 2>/dev/null
check "export of another program's round: exit 1" test $? -eq 1
finish
