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
finish
