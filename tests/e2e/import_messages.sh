#!/bin/bash
# Import messages a clerk can act on (issue 21/22 follow-ups, fresh-user trial imp5), in both
# languages: a UTF-8 CSV with a few bad bytes is named as UTF-8 at the bad bytes' line and column
# (not as GB18030 at line 1); a GB18030 CSV with a bad byte names its line; a cut-short .xlsx
# (zip signature, no central directory) is "damaged or incomplete, copy it again", not "not an
# .xlsx"; a damaged sheet is named as the office knows it (建安区) besides its part.
source "$(dirname "$0")/../e2e_lib.sh"
T="$E2E_TMP"
C="$ROOT/tests/cases"
cd "$T" || exit 3
export YINFA_CHECKOUT="$ROOT"
python3 "$ROOT/tests/import/program_csv.py" xuchang-nit "$ROOT/samples/xuchang-2022.xml" base.csv || fail "base.csv could not be made"
imp() { rm -f r.xml; "$YINFA" import xuchang-nit "$@" --output r.xml >out 2>err; rc=$?; }
has() { grep -qF -- "$1" err || { echo "--- stderr:"; cat err; return 1; }; }
refused() { [ "$rc" -eq 1 ] && [ ! -e r.xml ] || { echo "rc=$rc"; cat err; return 1; }; }

# 1. encodings: base.csv (GB18030, as Excel writes it) as UTF-8, then bad bytes on line 17
python3 - <<'PY'
t = open('base.csv', 'rb').read().decode('gb18030')
open('utf8.csv', 'wb').write(t.encode('utf-8'))
lines = t.encode('utf-8').split(b'\n')
l = lines[16]
cut = l.index(b',') + 1                      # after the first field
lines[16] = l[:cut] + b'\xff\xff\x80' + l[cut:]
open('badenc.csv', 'wb').write(b'\n'.join(lines))
col = len(l[:cut].decode('utf-8')) + 1
open('badenc.col', 'w').write(str(col))
g = t.encode('gb18030').split(b'\n')
g[16] = g[16][:4] + b'\xff' + g[16][4:]
open('badgb.csv', 'wb').write(b'\n'.join(g))
PY
col=$(cat badenc.col)
imp utf8.csv
check "the UTF-8 copy of base.csv imports (48)" grep -q "48 applicant" out
imp badenc.csv
check "UTF-8 with bad bytes: refused, nothing written" refused
check "… named as UTF-8 at line 17, column $col" has "badenc.csv:17:$col: error: bytes ff ff 80 are not valid UTF-8"
check "… and what to do" has "save the file again as CSV UTF-8"
check "… not called GB18030" bash -c "! grep -q GB18030 err"
check "… one message" test "$(grep -c ': error: ' err)" -eq 1
LANG=zh_CN.UTF-8 imp badenc.csv
check "… in Chinese: UTF-8, line 17" has "badenc.csv:17:$col: 错误: 字节 ff ff 80 不是有效的 UTF-8 编码"
check "… 另存为 UTF-8" has "另存为“CSV UTF-8”"
# far into a row: the row's beginning (its applicant) as well as the text before the bad bytes
python3 - <<'PY'
lines = open('utf8.csv', 'rb').read().split(b'\n')
l = lines[16]
k = l.index('软件'.encode()) if '软件'.encode() in l else len(l) // 2
lines[16] = l[:k] + b'\xc3' + l[k:]
open('farbad.csv', 'wb').write(b'\n'.join(lines))
PY
imp farbad.csv
check "a bad byte far into the row: the row's beginning named" has "(in the row beginning \"许昌慧联发制品有限公司,9141…\", after \"…"
LANG=zh_CN.UTF-8 imp farbad.csv
check "… in Chinese" has "（该行开头为“许昌慧联发制品有限公司,9141…”，位于“…"
# a short UTF-8 file (too few characters to tell by counting) with a bad byte on its line 3: the
# encoding that reads further names it (GB18030 stopped at line 1 byte 2, "鍚")
printf '名,码\n许,1\n长\377,2\n' > short.csv
imp short.csv
check "a short UTF-8 file with a bad byte: as UTF-8 at its line 3, column 2" has "short.csv:3:2: error: byte ff is not valid UTF-8"
imp badgb.csv
check "GB18030 with a bad byte: named at its line 17" has "badgb.csv:17:"
check "… as GB18030" has "not valid GB18030"
LANG=zh_CN.UTF-8 imp badgb.csv
check "… in Chinese" has "badgb.csv:17:"

# 2. a cut-short download: the zip signature, no central directory
head -c 20000 "$ROOT/samples/xuchang-2022.xlsx" > cut.xlsx
imp cut.xlsx
check "a truncated .xlsx: refused" refused
check "… damaged or incomplete, copy it again" has "cut.xlsx: error: the workbook is damaged or incomplete (a copy or a download cut short?): copy or download it again"
check "… not 'not an .xlsx'" bash -c "! grep -q 'not an .xlsx' err"
LANG=zh_CN.UTF-8 imp cut.xlsx
check "… in Chinese" has "cut.xlsx: 错误: 工作簿已损坏或不完整"
check "… 重新复制或下载" has "重新复制或下载"
check "… not 不是 .xlsx 工作簿" bash -c "! grep -q '不是 .xlsx 工作簿' err"

# 3. a damaged sheet: its name as the office knows it, and its part
python3 - "$ROOT/samples/xuchang-2022.xlsx" <<'PY'
import sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
with zipfile.ZipFile('badsheet.xlsx', 'w', zipfile.ZIP_DEFLATED) as o:
    for i in z.infolist():
        d = z.read(i.filename)
        if i.filename == 'xl/worksheets/sheet2.xml':
            d = d.replace(b'<sheetData>', b'\n<sheetData><row r="1"><c r="A1"><v>1</v></row>', 1)
        o.writestr(i.filename, d)
PY
imp badsheet.xlsx
check "a damaged sheet: refused" refused
check "… named 建安区, with its part" has "badsheet.xlsx: error: sheet 建安区 (xl/worksheets/sheet2.xml): not well-formed XML (line 3)"
LANG=zh_CN.UTF-8 imp badsheet.xlsx
check "… in Chinese" has "badsheet.xlsx: 错误: 工作表“建安区”（xl/worksheets/sheet2.xml）：XML 格式错误（第 3 行）"
# 4. the office's own count: base.csv's 合计 row says 共48家; four applicants' rows lost
python3 - <<'PY2'
import csv, io
rows = list(csv.reader(io.StringIO(open('base.csv', 'rb').read().decode('gb18030'), newline='')))
names = []
for r in rows[2:]:
    if r and r[0] and r[0] != '合计' and r[0] not in names: names.append(r[0])
def write(name, kept, total):
    o = io.StringIO(newline='')
    csv.writer(o, lineterminator='\n').writerows([r if r[:1] != ['合计'] else ['合计', total] for r in kept])
    open(name, 'wb').write(o.getvalue().encode('gb18030'))
lost = set(names[-4:])
write('lost4.csv', [r for r in rows if not r or r[0] not in lost], '共48家')
write('said44.csv', [r for r in rows if not r or r[0] not in lost], '合计：共 44 家')
write('projects.csv', rows, '共50个项目')
write('units.csv', rows, '48个单位')
write('part.csv', rows, '其中重点企业3家')
PY2
imp lost4.csv
check "a 合计 row of 共48家 over 44 applicants: refused, nothing written" refused
check "… at the 合计 cell, both numbers" has "lost4.csv:B93: error: the sheet's 合计 row says 48 applicants (\"共48家\"), but 44 were read above it: rows are missing"
LANG=zh_CN.UTF-8 imp lost4.csv
check "… in Chinese" has "lost4.csv:B93: 错误: 本表合计行写明 48 家（“共48家”），但其上只读到 44 家"
imp said44.csv
check "a 合计 that agrees (共 44 家, full-width colon): imported" grep -q "44 applicant" out
imp units.csv
check "48个单位 agrees with 48 applicants (the rows of one applicant counted once): imported" grep -q "48 applicant" out
imp part.csv
check "其中重点企业3家 counts a part, not the sheet: imported" grep -q "48 applicant" out
imp projects.csv
check "共50个项目 counts projects, not applicants: imported" grep -q "48 applicant" out
python3 -c "
b = open('units.csv','rb').read().decode('gb18030').replace('48个单位', '49个单位')
open('units49.csv','wb').write(b.encode('gb18030'))"
imp units49.csv
check "49个单位 over 48: refused" has "units49.csv:B102: error: the sheet's 合计 row says 49 applicants"
# … and in a workbook: the sample's 魏都区 states 共8家 in its 合计 row; its row 6 deleted
python3 - "$ROOT/samples/xuchang-2022.xlsx" <<'PY2'
import re, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
with zipfile.ZipFile('lostrow.xlsx', 'w', zipfile.ZIP_DEFLATED) as o:
    for i in z.infolist():
        d = z.read(i.filename)
        if i.filename == 'xl/worksheets/sheet1.xml':
            d = re.sub(rb'<row r="6"[^>]*>.*?</row>', b'', d, count=1, flags=re.S)
        o.writestr(i.filename, d)
PY2
imp "$ROOT/samples/xuchang-2022.xlsx"
check "the sample workbook (合计 rows that agree): imported" test "$rc" -eq 0
imp lostrow.xlsx
check "a workbook sheet missing a row under 共8家: refused" refused
check "… at the sheet's 合计 cell" has "lostrow.xlsx:魏都区!C13: error: the sheet's 合计 row says 8 applicants (\"共8家\"), but 7 were read above it"
# an output in a folder that does not exist (the second trial: the message named the temporary
# file .r.xml.tmp-PID-0): it names the output the user gave, and nothing is written
LANG=C "$YINFA" import xuchang-nit "$ROOT/samples/xuchang-2022.xlsx" --output "$T/nowhere/r.xml" >/dev/null 2>"$T/err_out"
check "an output in a missing folder: named as given ($(head -c 200 "$T/err_out"))" \
  grep -q "^$T/nowhere/r.xml: error: cannot write: No such file or directory" "$T/err_out"
check "... no temporary name in the message" bash -c "! grep -q 'tmp-' '$T/err_out'"
# bad bytes on a later line of a quoted cell (a third trial: the "row beginning" quoted was the
# cell's continuation line, which names nobody): the row's beginning is the record's first line
printf '序号,项目编号,企业名称,项目名称,项目简介\n1,XC-2022-001,许昌测试信息技术有限公司,测试项目,"第一行\n第二行\xff\xfe\x80尾"\n' >"$T/quoted.csv"
LANG=C "$YINFA" import xuchang-nit "$T/quoted.csv" --output "$T/quoted.xml" >/dev/null 2>"$T/err_q"
check "bad bytes inside a quoted cell's second line: at 3:4, the row named by its first line ($(head -c 300 "$T/err_q"))" \
  grep -q "quoted.csv:3:4: error: bytes ff fe 80 are not valid UTF-8 (in the row beginning \"1,XC-2022-001,许昌…\", after \"…第二行\")" "$T/err_q"
# export to a name that is not .xlsx (a third trial: r.csv got a workbook, which import then
# refused as "an .xlsx named .csv"): refused at once, nothing written
LANG=C "$YINFA" export xuchang-nit "$ROOT/samples/xuchang-2022.xml" --output "$T/r.csv" >/dev/null 2>"$T/err_x"; rc=$?
check "export --output r.csv: exit 2 ($rc), nothing written" bash -c "[ $rc -eq 2 ] && [ ! -e '$T/r.csv' ]"
check "... says to name it .xlsx" grep -q "r.csv: error: export writes an .xlsx workbook: name the output FILE.xlsx" "$T/err_x"
finish
