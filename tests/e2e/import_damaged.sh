#!/bin/bash
# A damaged spreadsheet is an error, never a shorter round (issue 21 §2, §4): a cell pointing past
# the shared-string table or to a style that is not there, a missing part, a DTD, a part that
# inflates beyond what the ZIP declares (stopped at once, and not retried with every program's
# mapping); a CSV cut mid-row or with an unclosed quote, named at its line and cell; file-type
# messages that say what the file is; hidden rows, columns and sheets named. Inputs are made by
# the case folders' generators (tests/cases/FAILS-xlsx-dangling-shared-strings-silently-empty/make-xlsx.py ...).
source "$(dirname "$0")/../e2e_lib.sh"
T="$E2E_TMP"
C="$ROOT/tests/cases"
cd "$T" || exit 3
export YINFA_CHECKOUT="$ROOT"
for w in sstshort badsst2 badsst negsst nosst badstyle hiddenrow hiddencol hiddensheet relsout laughs xxe rph rich; do
  YINFA="$ROOT" python3 "$C/FAILS-xlsx-dangling-shared-strings-silently-empty/make-xlsx.py" "$w" || fail "make-xlsx.py $w"
done
YINFA="$ROOT" python3 "$C/weak-xlsx-lying-size-inflated/make-xlsx.py" >/dev/null || fail "bomblie.xlsx could not be made"
python3 "$C/FAILS-csv-truncated-file-imports/make-csv.py" "$ROOT" || fail "half.csv could not be made"
python3 "$C/WEAK-csv-unterminated-quote-message/make-csv.py" "$ROOT" || fail "openquote.csv could not be made"
sh "$C/WEAK-import-file-type-messages/make-files.sh" "$ROOT" || fail "make-files.sh"
imp() { rm -f r.xml; "$YINFA" import xuchang-nit "$@" --output r.xml >out 2>err; rc=$?; }
has() { grep -qF -- "$1" err || { echo "--- stderr:"; cat err; return 1; }; }
refused() { [ "$rc" -eq 1 ] && [ ! -e r.xml ] || { echo "rc=$rc"; cat err; return 1; }; }

# shared strings: every dangling reference is an error at its cell, naming the part
imp badsst2.xlsx
check "badsst2: refused, nothing written" refused
check "badsst2: N5 past the table, with the count" has "badsst2.xlsx:魏都区!N5: error: refers to shared string 999999, xl/sharedStrings.xml has 784: the workbook is damaged; open it in Excel or WPS and save it again"
check "badsst2: a negative index at AA5" has "badsst2.xlsx:魏都区!AA5: error: refers to shared string -5, xl/sharedStrings.xml has 784"
check "badsst2: those two errors only" test "$(grep -c ': error: ' err)" -eq 2
imp sstshort.xlsx
check "sstshort (table cut to 700 of 784): refused" refused
check "sstshort: the first cell past the table" has "sstshort.xlsx:评审结果!E6: error: refers to shared string 700, xl/sharedStrings.xml has 700"
check "sstshort: at most ten cells a sheet, then a count" has "more cells of this sheet refer to what the workbook does not have"
imp badsst.xlsx
check "badsst: C5" has "badsst.xlsx:魏都区!C5: error: refers to shared string 999999"
check "badsst: no cascade of missing values" bash -c "! grep -q 'no 企业名称' err"
imp negsst.xlsx
check "negsst: C5 -1" has "negsst.xlsx:魏都区!C5: error: refers to shared string -1"
imp nosst.xlsx
check "nosst: the part the workbook names is missing" has "nosst.xlsx: error: xl/sharedStrings.xml: missing"
imp badstyle.xlsx
check "badstyle: a style that is not there, at its cell" has "badstyle.xlsx:魏都区!AH5: error: refers to cell style 4000000000, xl/styles.xml has"
imp relsout.xlsx
check "a sheet's relationship pointing outside: refused" refused
LANG=zh_CN.UTF-8 imp badsst.xlsx
check "in Chinese" has "badsst.xlsx:魏都区!C5: 错误: 引用了共享字符串 999999，而 xl/sharedStrings.xml 只有 784 个：工作簿已损坏"

# the table is read as a stream: phonetic runs left out, rich runs joined, memory for what is there
imp rph.xlsx
check "phonetic runs (<rPh>) are not part of the text" bash -c "[ $rc -eq 0 ] && grep -q '<name>许昌绿源信息技术有限公司</name>' r.xml && ! grep -q XUCHANG r.xml"
imp rich.xlsx
check "rich text runs are joined" bash -c "[ $rc -eq 0 ] && grep -q '<name>许昌绿源信息技术有限公司</name>' r.xml"
YINFA="$ROOT" python3 "$C/FAILS-xlsx-dangling-shared-strings-silently-empty/make-xlsx.py" sstmany 3000000
rm -f r.xml
/usr/bin/time -f "%M" -o mem "$YINFA" import xuchang-nit sstmany.xlsx --output r.xml >out 2>err; rc=$?
kb=$(tail -1 mem)
check "WEAK-xlsx-many-shared-strings-memory: 3 million unused shared strings: imported (exit 0)" test "$rc" -eq 0
check "  … in under 300 MB (peak ${kb} KB; 1.27 GB before)" test "${kb:-999999999}" -lt 300000

# DTDs, lying sizes: refused at once, once
imp laughs.xlsx
check "a DTD in workbook.xml: named as a DTD" has "laughs.xlsx: error: xl/workbook.xml: holds a DTD, which an office file never does"
imp xxe.xlsx
check "a DTD in sharedStrings.xml too" has "xl/sharedStrings.xml: holds a DTD"
start=$(date +%s%N)
imp bomblie.xlsx
ms=$(( ($(date +%s%N) - start) / 1000000 ))
check "a part inflating past its declared size: refused" has "bomblie.xlsx: error: xl/sharedStrings.xml: inflates to more than the 120000 bytes the ZIP directory declares"
check "  … within 3 s (took $ms ms; 42 s before)" test "$ms" -lt 3000
check "  … and not retried with other programs" bash -c "! grep -q 'note: these spreadsheets' err"
if command -v strace >/dev/null; then
  n=$(strace -f -e trace=openat "$YINFA" import xuchang-nit bomblie.xlsx --output r.xml 2>&1 >/dev/null | grep -c 'bomblie.xlsx"')
  check "  … the file is opened once or twice, not once per program (opened $n times)" test "$n" -le 2
fi

# CSV: cut mid-row, an unclosed quote
imp half.csv
check "half.csv: refused" refused
check "half.csv: the line, how far the row goes, cut off" has "half.csv:88: error: the last row ends after column T, the rows above go to AR: the file looks cut off"
imp openquote.csv
check "openquote.csv: refused" refused
check "openquote.csv: the quote, where it opened" has "openquote.csv:3: error: the quote opened at A3 is not closed where the field ends"
check "openquote.csv: one message, not the shifted columns" test "$(grep -c ': error: ' err)" -eq 1
LANG=zh_CN.UTF-8 imp openquote.csv
check "openquote.csv in Chinese: 引号未闭合，自 A3 起" has "openquote.csv:3: 错误: 引号未闭合，自 A3 起"
python3 -c "
u = open('base.csv', 'rb').read().decode('gb18030').split('\n')
open('cut.csv', 'wb').write(('\n'.join(u[:10]) + '\n许昌某公司,\"项目一期已上线\n运行').encode('gb18030'))"
imp cut.csv
check "a file ending inside a quote: never closed, where it opened" has "cut.csv:11: error: the quote opened at B8 is never closed: the field runs on to the end of the file (line 12)"
imp base.csv
check "the whole CSV imports (48)" grep -q "48 applicant" out

# what a file is
imp ole.xlsx
check "an OLE file: an old .xls or a password, not only 'an old .xls'" has "ole.xlsx: error: an old Excel 97-2003 file (.xls), or a workbook protected by a password"
python3 -c "import os; open('enc.xlsx','wb').write(b'\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1'+bytes(70000)+'EncryptionInfo'.encode('utf-16-le')+bytes(100))"
imp enc.xlsx
check "an encrypted workbook: the password named" has "enc.xlsx: error: a workbook protected by a password (it is encrypted): remove the password"
imp realxlsx.csv
check "an .xlsx named .csv: a workbook" has "realxlsx.csv: error: a workbook (.xlsx), not CSV text: give it its name ending .xlsx"
cp ole.xlsx ole.csv
imp ole.csv
check "an OLE file named .csv: not an encoding message" has "ole.csv: error: an old Excel 97-2003 file"

# hidden rows, columns, sheets: named
imp hiddenrow.xlsx
check "WEAK-xlsx-hidden-row-imported-silently: a hidden row is imported (exit 0)" test "$rc" -eq 0
check "a hidden row: warned at its cell" has "hiddenrow.xlsx:魏都区!A5: warning: row 5 is hidden; it is imported like the others"
imp hiddencol.xlsx
check "a hidden column: warned with its letter" has "hiddencol.xlsx:魏都区!N3: warning: column N is hidden"
imp hiddensheet.xlsx
check "a hidden sheet: warned by name" has "hiddensheet.xlsx: warning: sheet 魏都区 is hidden; it is not imported"
# a cell that comes twice in its row, or a cell of another row inside a row: the second would
# replace the first one's value without a word (damage of the same kind as a row that comes again)
python3 - "$ROOT/samples/xuchang-2022.xlsx" <<'PY'
import re, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
parts = {i.filename: z.read(i.filename) for i in z.infolist()}
s1 = parts["xl/worksheets/sheet1.xml"].decode()
row5 = re.search(r'<row r="5"[^>]*>.*?</row>', s1).group(0)
c5 = re.search(r'<c r="C5".*?</c>', row5).group(0)
shadow = '<c r="C5" t="inlineStr"><is><t>影子公司</t></is></c>'
variants = {"dupcell": s1.replace(row5, row5.replace(c5, c5 + shadow)),
            "strayrow": s1.replace(row5, row5.replace(c5, c5 + shadow.replace('r="C5"', 'r="D4"')))}
for name, sheet in variants.items():
    with zipfile.ZipFile(name + ".xlsx", "w", zipfile.ZIP_DEFLATED) as o:
        for k, v in parts.items():
            o.writestr(k, sheet.encode() if k == "xl/worksheets/sheet1.xml" else v)
PY
imp dupcell.xlsx
check "a cell twice in its row: refused, nothing written" refused
check "… at the cell, as damage" has "dupcell.xlsx:魏都区!C5: error: this cell comes again, or out of its row (5), in the sheet's part: the workbook is damaged"
check "… the shadow value is not imported" bash -c "! grep -q 影子公司 err"
imp strayrow.xlsx
check "a cell of row 4 inside row 5: refused as damage" has "strayrow.xlsx:魏都区!D4: error: this cell comes again, or out of its row (5)"
LANG=zh_CN.UTF-8 imp dupcell.xlsx
check "… in Chinese" has "此单元格在工作表内容中重复出现或不在其所在行（第 5 行）：工作簿已损坏"
finish
