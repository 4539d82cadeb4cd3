#!/usr/bin/env python3
"""Inputs for tests/e2e/import_cells.sh: a clerk's ordinary mistakes in each program's CSV (a
group value typed with a slip, an applicant's row pasted twice, a credit code left blank) and in
the Xuchang sample workbook (a county label typed 魏都, a county sheet renamed Sheet1 with its 盖章
line empty, one enterprise recommended by two counties). Writes the files into OUT and, per
case, the cell and texts the messages must hold into OUT/expect.txt (CASE<TAB>KEY<TAB>VALUE).
Usage: variants.py CHECKOUT OUT"""
import csv
import io
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
import zipfile

root, out = sys.argv[1], sys.argv[2]
os.makedirs(out, exist_ok=True)
SAMPLES = {"xuchang-nit": "xuchang-2022", "hunan-cloud": "hunan-2019", "fujian-fusion": "fujian-2024",
           "shandong-demo": "shandong-demo-2023", "henan-toutou": "henan-2024"}
expect = open(os.path.join(out, "expect.txt"), "w", encoding="utf-8")


def col_letter(i):
    s = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        s = chr(65 + r) + s
    return s


def headers_of(program, attr):
    m = ET.parse(os.path.join(root, "templates", program, "import.xml")).getroot()
    for f in m.iter("field"):
        if f.get(attr):
            return [h.text for h in f.findall("header")]
    raise SystemExit("no field with " + attr)


def credit_headers(program):
    m = ET.parse(os.path.join(root, "templates", program, "import.xml")).getroot()
    return [h.text for f in m.iter("field") if f.get("kind") == "credit-code" for h in f.findall("header")]


def slip(v):
    """One character wrong, as a clerk types it: 魏都区 → 魏都, 长沙市 → 长沙县."""
    return v[:-1] + "县" if v.endswith("市") else v[:-1]


def write(name, rows):
    b = io.StringIO()
    csv.writer(b, lineterminator="\r\n").writerows(rows)
    open(os.path.join(out, name), "wb").write(b.getvalue().encode("gb18030"))


# per program, a value the import reads but the program's schema refuses (a pattern, a range, a
# list), with what validate says of it in each language: said at its cell with its header
SCHEMA = {"xuchang-nit": ("计划投资", "-5", "should be an amount of zero or more", "应为不小于零的数"),
          "hunan-cloud": ("移动电话", "12345", "should be an 11-digit mobile number starting with 1",
                          "应为以 1 开头的 11 位手机号码"),
          "fujian-fusion": ("创新性得分", "150", "must be at most 100", "应不大于 100"),
          "shandong-demo": ("评定等级", "B", "is not one of: A、AA、AAA", "不在规定范围内，应为以下之一：A、AA、AAA"),
          "henan-toutou": ("资产总额", "-5", "should be an amount of zero or more", "应为不小于零的数")}

for program, sample in SAMPLES.items():
    base = os.path.join(out, program + ".csv")
    subprocess.run(["python3", os.path.join(root, "tests/import/program_csv.py"), program,
                    os.path.join(root, "samples", sample + ".xml"), base], check=True)
    rows = list(csv.reader(io.StringIO(open(base, "rb").read().decode("gb18030"))))
    head = rows[1]
    g = next(i for i, h in enumerate(head) if h in headers_of(program, "from-sheet"))
    cc = next(i for i, h in enumerate(head) if h in credit_headers(program))
    r = next(i for i in range(2, len(rows)) if rows[i][g])
    # a group value with a slip
    v = [list(x) for x in rows]
    good = v[r][g]
    v[r][g] = slip(good)
    write("slip-%s.csv" % program, v)
    expect.write("slip-%s\tcell\tslip-%s.csv:%s%d\n" % (program, program, col_letter(g), r + 1))
    expect.write("slip-%s\ttyped\t%s\n" % (program, v[r][g]))
    expect.write("slip-%s\tnearest\t%s\n" % (program, good))
    expect.write("slip-%s\theader\t%s\n" % (program, head[g]))
    # the first applicant's row pasted again at the end
    v = [list(x) for x in rows] + [list(rows[r])]
    write("dup-%s.csv" % program, v)
    expect.write("dup-%s\tcell\tdup-%s.csv:%s%d\n" % (program, program, col_letter(cc), len(v)))
    expect.write("dup-%s\tcode\t%s\n" % (program, rows[r][cc]))
    expect.write("dup-%s\tfirst\tdup-%s.csv:%s%d\n" % (program, program, col_letter(cc), r + 1))
    # a credit code left blank: one message at the row, the header as the office wrote it
    v = [list(x) for x in rows]
    code = v[r][cc]
    for x in v:
        if x and len(x) > cc and x[cc] == code:
            x[cc] = ""
    write("blank-%s.csv" % program, v)
    # a header written otherwise (企业统一社会信用代码): named with its cell and what is accepted
    v = [list(x) for x in rows]
    v[1][cc] = "企业" + head[cc]
    write("header-%s.csv" % program, v)
    expect.write("header-%s\tcell\theader-%s.csv:%s2\n" % (program, program, col_letter(cc)))
    expect.write("header-%s\tref\t%s2\n" % (program, col_letter(cc)))
    expect.write("header-%s\theader\t%s\n" % (program, head[cc]))
    # an e-mail the import reads as text but the program's schema refuses: still at the row
    m = next((i for i, h in enumerate(head) if "邮箱" in h), None)
    if m is not None:
        v = [list(x) for x in rows]
        v[r][m] = "not-an-email"
        write("mail-%s.csv" % program, v)
    # at the blank cell itself (its column in the applicant's row), not at the row's first cell
    expect.write("blank-%s\tcell\tblank-%s.csv:%s%d\n" % (program, program, col_letter(cc), r + 1))
    expect.write("blank-%s\theader\t%s\n" % (program, head[cc]))
    h, bad, en, zh = SCHEMA[program]
    c = head.index(h)
    rs = next(i for i in range(2, len(rows)) if len(rows[i]) > c and rows[i][c])
    v = [list(x) for x in rows]
    v[rs][c] = bad
    write("schema-%s.csv" % program, v)
    for key, val in (("cell", "schema-%s.csv:%s%d" % (program, col_letter(c), rs + 1)), ("row", "schema-%s.csv:A%d" % (program, rs + 1)),
                     ("header", h), ("typed", bad), ("en", en), ("zh", zh)):
        expect.write("schema-%s\t%s\t%s\n" % (program, key, val))

# the Xuchang workbook
src = os.path.join(root, "samples", "xuchang-2022.xlsx")
z = zipfile.ZipFile(src)
parts = {i.filename: z.read(i.filename) for i in z.infolist()}
order = [i.filename for i in z.infolist()]
sst = parts["xl/sharedStrings.xml"].decode()
wb = parts["xl/workbook.xml"].decode()


def save(name, mods):
    with zipfile.ZipFile(os.path.join(out, name), "w", zipfile.ZIP_DEFLATED) as o:
        for k in order:
            o.writestr(k, mods.get(k, parts[k]))


save("label-slip.xlsx", {"xl/sharedStrings.xml": sst.replace("（盖章）：魏都区<", "（盖章）：魏都<").encode()})
save("sheet1.xlsx", {"xl/sharedStrings.xml": sst.replace("（盖章）：魏都区<", "（盖章）：<").encode(),
                     "xl/workbook.xml": wb.replace('name="魏都区"', 'name="Sheet1"').encode()})
# the sheet renamed Sheet1 and its 盖章 label mistyped (盖张): one error at the label, not one
# "no 县(市、区)" per applicant of the sheet
save("label-typo.xlsx", {"xl/sharedStrings.xml": sst.replace("（盖章）：魏都区<", "（盖张）：魏都区<").encode(),
                         "xl/workbook.xml": wb.replace('name="魏都区"', 'name="Sheet1"').encode()})
# 建安区's first applicant becomes XC-2022-001's enterprise (its name and code everywhere)
rnd = ET.parse(os.path.join(root, "samples", "xuchang-2022.xml")).getroot()
apps = rnd.findall("applicant")
first = apps[0]
other = next(a for a in apps if a.get("county") == "建安区")
t = sst
for path in ("enterprise/name", "enterprise/credit-code"):
    t = t.replace(">%s<" % other.find(path).text, ">%s<" % first.find(path).text)
save("two-counties.xlsx", {"xl/sharedStrings.xml": t.encode()})
# the same name only, with its own credit code: two enterprises of one name? a warning
t = sst.replace(">%s<" % other.find("enterprise/name").text, ">%s<" % first.find("enterprise/name").text)
save("same-name.xlsx", {"xl/sharedStrings.xml": t.encode()})
expect.write("two-counties\tcode\t%s\n" % first.find("enterprise/credit-code").text)
expect.write("two-counties\tid\t%s\n" % other.get("id"))
