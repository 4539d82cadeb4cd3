#!/usr/bin/env python3
"""Writes samples/xuchang-2022.xlsx from samples/xuchang-2022.xml the way 许昌市 offices lay out
their spreadsheets, so that `yinfa import xuchang-nit samples/xuchang-2022.xlsx` gives the same
round back (tests/e2e/import_sample.sh checks it):
- one sheet per county, the 附件2 汇总表 widened with the 附件1 fields: a merged title row with
  the year, the county line 县级工业和信息化主管部门（盖章）：魏都区, a two-row header with
  2020年/2021年 merged over 总资产（万元）…, codes as text, mobiles and amounts as numbers, the
  share as a percentage, dates as Excel dates, honours one per line, and a 合计 row;
- a sheet 历年经济指标 with one row per applicant and year, amounts in 元 (older years too);
- a sheet 评审结果 with the on-site check, the experts and the decision.
Usage: python3 samples/gen-xuchang-2022-xlsx.py [round.xml] [out.xlsx]"""
import os
import sys
import xml.etree.ElementTree as ET

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(here, "..", "tools"))
from xlsxwrite import Workbook, Date, Pct, col_name  # noqa: E402

src = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "xuchang-2022.xml")
dst = sys.argv[2] if len(sys.argv) > 2 else os.path.join(here, "xuchang-2022.xlsx")
root = ET.parse(src).getroot()
year = int(root.get("year"))
apps = root.findall("applicant")
METRICS = [("total-assets", "总资产（万元）"), ("total-liabilities", "总负债（万元）"),
           ("revenue", "主营业务收入（万元）"), ("profit", "利润（万元）"), ("tax", "税金（万元）")]
YEARS = [year - 2, year - 1]


def text(el, path):
    e = el.find(path)
    return e.text if e is not None and e.text else ""


def date(s):
    if not s:
        return ""
    y, m, d = map(int, s.split("-"))
    return Date(y, m, d)


def num(s):
    return float(s) if s else ""


wb = Workbook()
counties = []
for a in apps:
    if a.get("county") not in counties:
        counties.append(a.get("county"))

first = ["序号", "编号", "企业名称", "统一社会信用代码", "所属行业", "单位地址", "企业性质", "主营业务",
         "主营业务占总收入比例（%）", "联系人", "联系人职务", "电话", "手机", "电子邮箱", "企业负责人", "职务和职称"]
after = ["已获得的国家级、省部级奖励及称号", "培育方向", "项目名称", "项目信息简述",
         "项目的目标、任务和意义简述", "项目的应用成效简述", "县、区工业和信息化主管部门推荐意见", "推荐日期",
         "计划投资（万元）"]
ncols = len(first) + 5 * len(YEARS) + len(after)
last = col_name(ncols - 1)
for county in counties:
    ws = wb.sheet(county)
    ws.row(["许昌市%d年“新一代信息技术重点企业、重点项目”入库汇总表" % year])
    ws.merge("A1:%s1" % last)
    ws.row(["县级工业和信息化主管部门（盖章）：%s" % county])
    ws.merge("A2:%s2" % last)
    top = list(first)
    for y in YEARS:
        top += ["%d年" % y] + [""] * 4
    top += after
    low = [""] * len(first) + [m[1] for _ in YEARS for m in METRICS] + [""] * len(after)
    ws.row(top)
    ws.row(low)
    for c in range(len(first)):
        ws.merge("%s3:%s4" % (col_name(c), col_name(c)))
    for i, _ in enumerate(YEARS):
        c0 = len(first) + 5 * i
        ws.merge("%s3:%s3" % (col_name(c0), col_name(c0 + 4)))
    for c in range(len(first) + 5 * len(YEARS), ncols):
        ws.merge("%s3:%s4" % (col_name(c), col_name(c)))
    n = 0
    sums = [0.0] * (5 * len(YEARS))
    for a in apps:
        if a.get("county") != county:
            continue
        n += 1
        e = a.find("enterprise")
        p = a.find("project")
        mb = e.find("main-business")
        share = mb.get("share") if mb is not None else None
        c = e.find("contact")
        ld = e.find("leader")
        row = [n, a.get("id"), text(e, "name"), text(e, "credit-code"), text(e, "industry"),
               text(e, "address"), text(e, "nature"), mb.text if mb is not None else "",
               Pct(round(float(share) / 100, 6)) if share else "",
               c.get("name", "") if c is not None else "", c.get("title", "") if c is not None else "",
               c.get("phone", "") if c is not None else "",
               int(c.get("mobile")) if c is not None and c.get("mobile") else "",
               c.get("email", "") if c is not None else "",
               ld.get("name", "") if ld is not None else "", ld.get("title", "") if ld is not None else ""]
        fin = {int(f.get("year")): f for f in e.findall("finance")}
        for i, y in enumerate(YEARS):
            for k, (attr, _) in enumerate(METRICS):
                v = fin[y].get(attr) if y in fin else None
                row.append(num(v))
                if v:
                    sums[5 * i + k] += float(v)
        honors = []
        for h in e.findall("honor"):
            meta = "，".join(x for x in (h.get("level"), h.get("year")) if x)
            honors.append(h.text + ("（%s）" % meta if meta else ""))
        co = a.find("review/county-opinion")
        row += ["\n".join(honors), p.get("direction"), text(p, "name"), text(p, "summary"), text(p, "goals"),
                text(p, "effects"), co.text if co is not None and co.text else "",
                date(co.get("date")) if co is not None else "", num(p.get("investment"))]
        ws.row(row)
    ws.row(["合计", "", "共%d家" % n] + [""] * (len(first) - 3) + [round(s, 1) for s in sums] + [""] * len(after))

fs = wb.sheet("历年经济指标")
fs.row(["编号", "企业名称", "年度", "总资产（元）", "总负债（元）", "主营业务收入（元）", "利润（元）", "税金（元）"])
for a in apps:
    for f in sorted(a.findall("enterprise/finance"), key=lambda f: f.get("year")):
        row = [a.get("id"), text(a, "enterprise/name"), f.get("year") + "年"]
        for attr, _ in METRICS:
            v = f.get(attr)
            # 万元 × 10000 as an exact decimal string (Excel would show it the same)
            row.append(int(round(float(v) * 10000)) if v else "")
        fs.row(row)

rs = wb.sheet("评审结果")
rs.row(["编号", "企业名称", "核查日期", "创新性", "技术支撑能力", "资金落实", "核查意见", "专家组组长",
        "专家组成员", "专家组评审意见", "评审日期", "评审结果"])
WORD = {"admitted": "入库", "rejected": "不入库", "pending": "待定"}
for a in apps:
    r = a.find("review")
    if r is None:
        continue
    os_ = r.find("on-site")
    eo = r.find("expert-opinion")
    lead = [x.get("name") for x in os_.findall("expert") if x.get("role") == "组长"] if os_ is not None else []
    members = [x.get("name") for x in os_.findall("expert") if x.get("role") != "组长"] if os_ is not None else []
    dec = text(r, "decision")
    rs.row([a.get("id"), text(a, "enterprise/name"),
            date(os_.get("date")) if os_ is not None else "",
            text(os_, "innovation") if os_ is not None else "", text(os_, "technical") if os_ is not None else "",
            text(os_, "funding") if os_ is not None else "", text(os_, "opinion") if os_ is not None else "",
            "、".join(lead), "、".join(members), eo.text if eo is not None and eo.text else "",
            date(eo.get("date")) if eo is not None else "", WORD[dec] if dec else ""])
wb.save(dst)
