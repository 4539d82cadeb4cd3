#!/bin/bash
# A 盖章 line naming another county than its sheet (sheet 建安区, A2 "…（盖章）：魏都区") is an
# error at the cell naming both (issue 21: it moved 7 applicants to 魏都区 without a word).
source "$(dirname "$0")/../e2e_lib.sh"
T="$E2E_TMP"
python3 - samples/xuchang-2022.xlsx "$T/seal.xlsx" <<'PY'
import sys, zipfile
src, dst = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(src) as z, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as o:
    for i in z.infolist():
        b = z.read(i.filename)
        if i.filename == "xl/sharedStrings.xml":
            old = "县级工业和信息化主管部门（盖章）：建安区".encode()
            assert b.count(old) == 1
            b = b.replace(old, "县级工业和信息化主管部门（盖章）：魏都区".encode())
        o.writestr(i, b)
PY
y() { (cd "$T" && "$YINFA" "$@" >out 2>err); rc=$?; }
has() { grep -qF -- "$1" "$T/err" || { echo "--- stderr:"; cat "$T/err"; return 1; }; }
y import xuchang-nit seal.xlsx --output seal.xml
check "the 盖章 line of sheet 建安区 says 魏都区: exit 1" test "$rc" -eq 1
check "… an error at the cell naming both" has "seal.xlsx:建安区!A2: error: this line says 魏都区 but the sheet is named 建安区"
check "… one error" test "$(grep -c 'error:' "$T/err")" -eq 1
check "… nothing written" test ! -e "$T/seal.xml"
LANG=zh_CN.UTF-8 y import xuchang-nit seal.xlsx --output seal.xml
check "… in Chinese" has "此行写的是 魏都区，但工作表名为 建安区"
cp samples/xuchang-2022.xlsx "$T/ok.xlsx"
y import xuchang-nit ok.xlsx --output ok.xml
check "the sample, its lines agreeing with its sheets: exit 0" test "$rc" -eq 0
finish
