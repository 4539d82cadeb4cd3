#!/usr/bin/env python3
"""Writes the spreadsheets tests/e2e/import_traps.sh imports, one per trap the issue lists
(issue 15), into OUTDIR: .xlsx made with tools/xlsxwrite.py and .csv in UTF-8 (with and without
BOM), UTF-16 and GB18030, as Excel and WPS save them. Usage: make_fixtures.py OUTDIR"""
import os
import sys

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(here, "..", "..", "tools"))
from xlsxwrite import Workbook, Date, Pct, Num, Inline, Error, Formula  # noqa: E402

out = sys.argv[1]
os.makedirs(out, exist_ok=True)
CODE1, CODE2, CODE3 = "91411002MA0NP0DX77", "9141100295037337X2", "91411082MA44Y7WP0F"
CODE4 = "91411002MA45TQ8RXC"  # T-5 of many-errors: every enterprise once
HEAD = ["编号", "县（市、区）", "企业名称", "统一社会信用代码", "培育方向", "项目名称"]


def base(wb, name="Sheet1", extra_head=(), rows=()):
    ws = wb.sheet(name)
    ws.row(["许昌市2022年“新一代信息技术重点企业、重点项目”入库汇总表"])
    ws.row(HEAD + list(extra_head))
    for r in rows:
        ws.row(r)
    return ws


def save(wb, name):
    wb.save(os.path.join(out, name))


def app(i, code, *extra, name=None):
    return ["T-%d" % i, "魏都区", name or "许昌测试%d有限公司" % i, code, "服务型制造", "项目%d" % i] + list(extra)


# 1. a credit code stored as a number (Excel shows 9.14110E+17; digits are lost)
wb = Workbook()
base(wb, rows=[app(1, CODE1), app(2, Num("9.1411002000000006E+17")), app(3, CODE3)])
save(wb, "code-as-number.xlsx")

# 2. dates: serial numbers and the text forms offices type, all accepted; one impossible date
wb = Workbook()
base(wb, extra_head=["推荐日期", "核查日期", "评审日期"], rows=[
    app(1, CODE1, Date(2022, 3, 18), "2022.3.18", "2022/3/18"),
    app(2, CODE2, "2022年3月18日", "２０２２－０３－１８", "2022-3-18"),
    app(3, CODE3, "2022.2.30", "", "")])
save(wb, "dates.xlsx")

# 3. full-width digits and spaces; 4. thousands separators; 5. a unit row; 6. name traps
wb = Workbook()
ws = wb.sheet("Sheet1")
ws.row(["许昌市2022年汇总表"])
ws.row(HEAD + ["2021年总资产", "2021年主营业务收入", "2021年税金", "主营业务占总收入比例"])
ws.row([""] * 6 + ["万元", "元", "元", "%"])
ws.row(app(1, "９１４１１００２ＭＡ０ＮＰ０ＤＸ７７", "１２３４．５", "12,345,678", "1，234", Pct(0.676),
           name="许昌绿源信息技术有限公司 "))
ws.row(app(2, CODE2, "1,234.5", "98 765元", Inline("1234.5万元"), "67.5%", name="许昌星火网络\n科技有限公司"))
ws.row([])
ws.row(["合计", "", "", "", "", "", 2469, "", "", ""])
ws.row(["注：金额单位见第3行。"])
save(wb, "cleaning.xlsx")

# several problems at once, each with its cell: an Excel error, a bad amount, a bad direction,
# a wrong check character, a missing project name
wb = Workbook()
base(wb, extra_head=["2021年总资产"], rows=[
    app(1, CODE1, Error("#N/A")),
    app(2, CODE2, "一千万"),
    ["T-3", "魏都区", "许昌测试3有限公司", CODE3, "区块链", "项目3", 1.5],
    ["T-4", "魏都区", "许昌测试4有限公司", CODE1[:-1] + "8", "服务型制造", "项目4", 1.5],
    ["T-5", "魏都区", "许昌测试5有限公司", CODE4, "服务型制造", "", 2]])
save(wb, "many-errors.xlsx")

# a formula saved without its value (a script's file never opened in Excel)
wb = Workbook()
base(wb, extra_head=["2021年总资产"], rows=[app(1, CODE1, Formula("SUM(H3:J3)"))])
save(wb, "formula.xlsx")

# two sheets disagreeing about one applicant; a hidden sheet that must be ignored
wb = Workbook()
base(wb, extra_head=["2021年总资产"], rows=[app(1, CODE1, 10)])
ws = wb.sheet("评审结果")
ws.row(["编号", "企业名称", "2021年总资产", "评审结果"])
ws.row(["T-1", "许昌测试1有限公司", 11, "入库"])
h = wb.sheet("旧版", hidden=True)
h.row(["编号", "企业名称", "统一社会信用代码"])
h.row(["T-9", "不应导入", "bad"])
save(wb, "conflict.xlsx")

wb = Workbook()
base(wb, extra_head=["2021年总资产"], rows=[app(1, CODE1, 10)])
h = wb.sheet("旧版", hidden=True)
h.row(["编号", "企业名称", "统一社会信用代码"])
h.row(["T-9", "不应导入", "bad"])
save(wb, "hidden.xlsx")

# lists: one honour in two years is two honours; the same cell on a second sheet adds nothing
wb = Workbook()
HON = "河南省服务型制造示范企业（省级，2020）\n河南省服务型制造示范企业（省级，2021）\n国家高新技术企业（第三批）"
base(wb, extra_head=["已获得的国家级、省部级奖励及称号", "专家组成员", "专家组组长"],
     rows=[app(1, CODE1, HON, "王志强（组长）、陈建设；赵丽", "赵丽")])
ws = wb.sheet("评审结果")
ws.row(["编号", "企业名称", "奖励及称号", "专家组成员", "组长"])
ws.row(["T-1", "许昌测试1有限公司", HON, "王志强（组长）\n陈建设、赵丽", "赵丽"])
save(wb, "lists.xlsx")

# a workbook in the 1904 date system (old Mac Excel): serial 0 is 1904-01-01
wb = Workbook(date1904=True)
ws = base(wb, extra_head=["推荐日期"], rows=[app(1, CODE1, Num("43077"))])
save(wb, "date1904.xlsx")

# CSV as Excel saves it: GB18030 ("CSV (逗号分隔)" on Chinese Windows), UTF-8 with BOM
# ("CSV UTF-8"), UTF-16 tab-separated ("Unicode 文本"); a sheet per county named by its title line
rows = [["许昌市2022年入库汇总表"], ["县级工业和信息化主管部门（盖章）：长葛市"],
        ["序号", "编号", "企业名称", "统一社会信用代码", "培育方向", "项目名称", "2021年总资产（万元）"],
        ["1", "T-1", "长葛市䶮鑫超硬材料有限公司", CODE3, "工业互联网", "项目,带逗号", "1,234.5"],
        ["2", "T-2", "长葛市恒达\"精密\"有限公司", CODE2, "5G", "多行\n项目", "2,000"],
        ["合计", "", "", "", "", "", "3,234.5"]]


def csv_text(sep):
    def q(v):
        return '"%s"' % v.replace('"', '""') if any(ch in v for ch in ',"\n\t') else v
    return "".join(sep.join(q(v) for v in r) + "\r\n" for r in rows)


with open(os.path.join(out, "gb18030.csv"), "wb") as f:
    f.write(csv_text(",").encode("gb18030"))
with open(os.path.join(out, "utf8-bom.csv"), "wb") as f:
    f.write(b"\xef\xbb\xbf" + csv_text(",").encode("utf-8"))
with open(os.path.join(out, "utf8.csv"), "wb") as f:
    f.write(csv_text(",").encode("utf-8"))
with open(os.path.join(out, "utf16.txt"), "wb") as f:
    f.write(b"\xff\xfe" + csv_text("\t").encode("utf-16-le"))
with open(os.path.join(out, "bad-bytes.csv"), "wb") as f:
    f.write(csv_text(",").encode("gb18030").replace(b"\r\n2,", b"\r\n2,\x80\xff", 1))
with open(os.path.join(out, "code-as-number.csv"), "wb") as f:
    f.write("编号,县（市、区）,企业名称,统一社会信用代码,培育方向,项目名称\r\n"
            "T-1,魏都区,甲公司,9.14110E+17,服务型制造,项目1\r\n".encode("utf-8"))
with open(os.path.join(out, "not-xlsx.xlsx"), "wb") as f:
    f.write(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504)  # an old .xls (OLE2) renamed
