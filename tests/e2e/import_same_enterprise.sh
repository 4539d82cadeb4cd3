#!/bin/bash
# The same enterprise recommended twice is an error naming both cells, never two applicants
# (issue 21 §3): the same credit code under another name (worded as the code's), and the same
# name written with other spacing or full-width characters (compared after NFKC without spaces,
# the text itself never altered).
source "$(dirname "$0")/../e2e_lib.sh"
T="$E2E_TMP"
python3 tests/import/program_csv.py xuchang-nit samples/xuchang-2022.xml "$T/x.csv"
y() { (cd "$T" && "$YINFA" "$@" >out 2>err); rc=$?; }
has() { grep -qF -- "$1" "$T/err" || { echo "--- stderr:"; cat "$T/err"; return 1; }; }
y import xuchang-nit x.csv --output ok.xml
check "the CSV as made imports (exit 0)" test "$rc" -eq 0

read -r acode aname bcode bname <<<"$(python3 tests/import/vary_csv.py "$T/x.csv" dupcode-other "$T/code.csv")"
y import xuchang-nit code.csv --output code.xml
check "same code, another name, another county: exit 1" test "$rc" -eq 1
# without an id column the rows find their applicant by the code: the second county's rows are
# the same enterprise's, reported as recommended twice
check "same code (no id column): the code is named as recommended twice" \
  has "统一社会信用代码 $acode is here and at code.csv:B3: one enterprise recommended twice?"
check "same code: not the same-name warning" bash -c "! grep -q 'two enterprises of one name' '$T/err'"
check "same code: nothing written" test ! -e "$T/code.xml"
# two applicants (two ids), one credit code, two names (a workbook with an id column)
cp tests/cases/import2-dupcode/fujian-fusion-dupcode.xlsx "$T/fj.xlsx"
y import fujian-fusion fj.xlsx --output fj.xml
check "two ids, one code, two names: exit 1" test "$rc" -eq 1
check "two ids: the error names both code cells" \
  has "fj.xlsx:推荐汇总!E10: error: applicant FJ-2024-007: 统一社会信用代码 91350104MAGWDMD68Y is also applicant FJ-2024-001's, at fj.xlsx:推荐汇总!E4, under another 申报单位名称"
check "two ids: and the name cell" has "here, at fj.xlsx:推荐汇总!D10)"
check "two ids: not the same-name warning" bash -c "! grep -q 'two enterprises of one name' '$T/err'"
check "two ids: nothing written" test ! -e "$T/fj.xml"
LANG=zh_CN.UTF-8 y import fujian-fusion fj.xlsx --output fj.xml
check "two ids, in Chinese" has "同一代码即同一企业"
# the same file given twice (its path again, another spelling, a link) or a copy of it: refused
# before reading, one message for the pair (not one per applicant)
cp "$T/x.csv" "$T/copy.csv"
ln "$T/x.csv" "$T/hard.csv"
for second in x.csv ./x.csv hard.csv copy.csv; do
  y import xuchang-nit x.csv "$second" --output twice.xml
  check "x.csv and $second: exit 2" test "$rc" -eq 2
  check "x.csv and $second: one error" test "$(grep -c 'error:' "$T/err")" -eq 1
  check "x.csv and $second: nothing written" test ! -e "$T/twice.xml"
done
y import xuchang-nit x.csv hard.csv --output twice.xml
check "the same file: named as such" has "hard.csv is x.csv again (the same file): give each file once"
y import xuchang-nit x.csv copy.csv --output twice.xml
check "a copy: named as such" has "copy.csv has the same content as x.csv (a copy of it): give each file once"
LANG=zh_CN.UTF-8 y import xuchang-nit x.csv copy.csv --output twice.xml
check "a copy, in Chinese" has "copy.csv 与 x.csv 内容完全相同"
# the workbook and its CSV (other bytes, the same applicants): one error for the pair, at the
# second file's first row, naming the first file's cell
cp samples/xuchang-2022.xlsx "$T/s.xlsx"
y import xuchang-nit s.xlsx x.csv --output both.xml
check "the workbook and its CSV: exit 1" test "$rc" -eq 1
check "the workbook and its CSV: one error for the pair" test "$(grep -c 'error:' "$T/err")" -eq 1
check "the workbook and its CSV: named as the same enterprise in two files" \
  has "x.csv:B3: error: applicant XC-2022-001: 统一社会信用代码 91411002MA0NP0DX77 is also in s.xlsx, at s.xlsx:"
check "the workbook and its CSV: nothing written" test ! -e "$T/both.xml"
# one name with other spacing or full-width characters is the same name to the duplicate check
# (NFKC, blanks removed): the same warning as the name written alike, the text itself kept
for kind in space fw paren; do
  python3 tests/import/vary_csv.py "$T/x.csv" dupname-$kind "$T/n-$kind.csv" >/dev/null
  y import xuchang-nit n-$kind.csv --output n-$kind.xml
  check "dupname-$kind: the same name is seen" has "is also applicant XC-2022-001's, at n-$kind.csv:A3, with another 统一社会信用代码: two enterprises of one name?"
done
check "the name is kept as written (U+3000 inside)" grep -q "许昌　绿源" "$T/n-fw.xml"
check "the name is kept as written (ASCII space inside)" grep -q "许昌 绿源" "$T/n-space.xml"
finish
