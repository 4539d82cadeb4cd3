#!/usr/bin/env python3
"""Writes a program's sample workbook from its sample round, laid out the way an office sends its
推荐汇总表, with the columns of the program's own mapping (templates/PROGRAM/import.xml), so that
`yinfa import PROGRAM samples/<name>.xlsx` gives the round back (tests/e2e/import_programs.sh):
- a merged title row with the program's title and the year (and 第N批 after the first round);
- a sheet per value of the mapping's from-sheet field (市州, 推荐单位, ...) with the line
  "<sheet-label>：<value>" under the title, or one sheet with that field as a column (--one-sheet);
- a two-row header: the years of a repeating group (2017年, 2018年) merged over its columns, every
  other header merged down over both rows; a 序号 column the mapping does not know;
- codes as text, amounts and counts as numbers, percentages as percent cells, dates as Excel
  dates, mobiles as numbers, enumerations in the office's words (是/否, 入库), flags as √, list
  items one per line or separated by 、 with their parts in brackets (奖项（国家级，2014-11）);
- a 合计 row with the number of applicants and the sums of the amount columns.
Standard library only (tools/xlsxwrite.py); the output is deterministic.
Usage: python3 samples/gen-program-xlsx.py PROGRAM ROUND.xml OUT.xlsx [--one-sheet]"""
import os
import sys
import xml.etree.ElementTree as ET

here = os.path.dirname(os.path.abspath(__file__))
root_dir = os.path.join(here, "..")
sys.path.insert(0, os.path.join(root_dir, "tools"))
from xlsxwrite import Workbook, Date, Pct, col_name  # noqa: E402

NUMERIC = {"amount", "number", "integer", "percent"}


def kind_of(f):
    """The kind as src/import/mapping.c defaults it."""
    path = f.get("path", "")
    k = f.get("kind")
    if k:
        return k
    if f.find("value") is not None:
        return "enum"
    if f.get("unit"):
        return "amount"
    if path == "@id":
        return "id"
    if path.split("/")[-1] == "credit-code":
        return "credit-code"
    return "text"


def walk(el, path):
    """(element, attribute name or None) a mapping path leads to, or (None, None)."""
    steps = path.split("/")
    attr = None
    if steps[-1].startswith("@"):
        attr = steps.pop()[1:]
    elif steps[-1] == ".":
        steps.pop()
    for s in steps:
        if el is None:
            return None, None
        el = el.find(s)
    return el, attr


def value_at(el, path, kind="text"):
    e, attr = walk(el, path)
    if e is None:
        return None
    if kind == "flag":
        return True
    v = e.get(attr) if attr else (e.text or "")
    v = v.strip() if v is not None else None
    return v or None


def repeated(app, path):
    steps = path.split("/")
    parent = app
    for s in steps[:-1]:
        parent = parent.find(s) if parent is not None else None
    return parent.findall(steps[-1]) if parent is not None else []


def word(f, v):
    """An enum value in the office's words: the value when Chinese, else its first synonym."""
    if ord(v[0]) >= 0x80:
        return v
    for val in f.findall("value"):
        if val.get("is") == v:
            means = val.findall("means")
            return means[0].text if means else v
    return v


def accepts(part, text):
    """Whether the importer would read 'text' into a bracketed part (export.c's rule)."""
    k = kind_of(part)
    if k == "year":
        return len(text) == 4 and text.isdigit()
    if k == "year-month":
        return len(text) == 7 and text[4] == "-"
    if k == "enum":
        return any(text == v.get("is") or text in [m.text for m in v.findall("means")] for v in part.findall("value"))
    suffix = part.get("suffix")
    return not suffix or (text.endswith(suffix) and len(text) > len(suffix))


def list_text(lst, app, col):
    parts = lst.findall("part")
    defaults = {d.get("path"): d.text for d in col.findall("default")} if col is not None else {}
    out = []
    for item in repeated(app, lst.get("path")):
        vals = [value_at(item, p.get("path"), kind_of(p)) for p in parts]
        vals = [None if i and v == defaults.get(parts[i].get("path")) else v for i, v in enumerate(vals)]
        s = vals[0] or ""
        last = max([i for i, v in enumerate(vals) if i and v] or [0])
        if last:
            bits = []
            for i in range(1, last + 1):
                needed = vals[i] is not None or any(vals[j] and accepts(parts[i], vals[j]) for j in range(i + 1, last + 1))
                if needed:
                    bits.append(vals[i] or "")
            s += "（%s）" % "，".join(bits)
        out.append(s)
    return ("、" if lst.get("split") == "words" else "\n").join(out)


def cell(f, v):
    k = kind_of(f)
    if v is None:
        return ""
    if k == "flag":
        return "√"
    if k == "date":
        y, m, d = map(int, v.split("-"))
        return Date(y, m, d)
    if k == "percent":
        return Pct(round(float(v) / 100, 8))
    if k in ("amount", "number"):
        return int(v) if v.lstrip("-").isdigit() else float(v)
    if k == "integer":
        return int(v)
    if k == "phone" and v.isdigit() and len(v) == 11:
        return int(v)  # a mobile typed as a number, as offices do
    if k == "enum":
        return word(f, v)
    return v


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    one_sheet = "--one-sheet" in sys.argv
    program, src, dst = args
    mapping = ET.parse(os.path.join(root_dir, "templates", program, "import.xml")).getroot()
    title = ET.parse(os.path.join(root_dir, "templates", program, "program.xml")).getroot().get("title")
    rnd = ET.parse(src).getroot()
    year, number = int(rnd.get("year")), int(rnd.get("round", "1"))
    apps = rnd.findall("applicant")
    labels = [e.text for e in mapping if e.tag in ("sheet-label", "county-label")]
    sheet_field = next((f for f in mapping.findall("field") if f.get("from-sheet") == "yes"), None)

    # the columns: (header, upper header or None, function applicant → cell value, kind)
    cols = [("序号", None, None, "integer")]
    for el in mapping:
        if el.tag == "field":
            if el is sheet_field and not one_sheet:
                continue
            cols.append((el.find("header").text + unit_suffix(el), None,
                         lambda a, f=el: cell(f, value_at(a, f.get("path"), kind_of(f))), kind_of(el)))
        elif el.tag == "group":
            fields = [f for f in el.findall("field") if f.get("path") != el.get("key")]
            fixed = [f for f in fields if f.get("key")]
            for f in fixed:
                def get(a, f=f, g=el):
                    for r in repeated(a, g.get("path")):
                        if value_at(r, g.get("key")) == f.get("key"):
                            return cell(f, value_at(r, f.get("path"), kind_of(f)))
                    return ""
                cols.append((f.find("header").text + unit_suffix(f), None, get, kind_of(f)))
            keys = sorted({value_at(r, el.get("key")) for a in apps for r in repeated(a, el.get("path"))} - {None},
                          key=lambda k: (0, int(k)) if k.isdigit() else (1, k))
            for key in keys if len(fixed) < len(fields) else []:
                for f in fields:
                    if f.get("key"):
                        continue

                    def get(a, f=f, g=el, key=key):
                        for r in repeated(a, g.get("path")):
                            if value_at(r, g.get("key")) == key:
                                return cell(f, value_at(r, f.get("path"), kind_of(f)))
                        return ""
                    cols.append((f.find("header").text + unit_suffix(f), "%s年" % key, get, kind_of(f)))
        elif el.tag == "list":
            col = el.find("column")
            header = (col if col is not None else el).find("header").text
            cols.append((header, None, lambda a, l=el, c=col: list_text(l, a, c), "list"))
    ncols = len(cols)
    last = col_name(ncols - 1)

    groups = []
    for a in apps:
        v = a.get(sheet_field.get("path")[1:]) if sheet_field is not None and not one_sheet else None
        if v not in groups:
            groups.append(v)
    wb = Workbook()
    for g in groups:
        ws = wb.sheet(g if g else "推荐汇总")
        ws.row(["%s%d年%s推荐汇总表" % (title, year, "第%d批" % number if number > 1 else "")])
        ws.merge("A1:%s1" % last)
        top = 2
        if g and labels:
            ws.row(["%s：%s" % (labels[0], g)])
            ws.merge("A2:%s2" % last)
            top = 3
        # an upper header (2017年) only in the first cell it is merged over, as Excel keeps it
        ws.row([c[0] if not c[1] else c[1] if i == 0 or cols[i - 1][1] != c[1] else "" for i, c in enumerate(cols)])
        ws.row([c[0] if c[1] else "" for c in cols])
        c = 0
        while c < ncols:
            if cols[c][1] is None:
                ws.merge("%s%d:%s%d" % (col_name(c), top, col_name(c), top + 1))
                c += 1
            else:
                e = c
                while e + 1 < ncols and cols[e + 1][1] == cols[c][1]:
                    e += 1
                if e > c:
                    ws.merge("%s%d:%s%d" % (col_name(c), top, col_name(e), top))
                c = e + 1
        n = 0
        sums = [0.0] * ncols
        for a in apps:
            if g and a.get(sheet_field.get("path")[1:]) != g:
                continue
            n += 1
            row = [n] + [c[2](a) for c in cols[1:]]
            for i, v in enumerate(row):
                if i and cols[i][3] == "amount" and isinstance(v, (int, float)):
                    sums[i] += v
            ws.row(row)
        total = ["合计"] + ["共%d家" % n] + [""] * (ncols - 2)
        for i in range(2, ncols):
            if cols[i][3] == "amount":
                total[i] = round(sums[i], 2)
        ws.row(total)
        ws.row(["注：金额单位为万元；荣誉、专家等一项一行。"])
    wb.save(dst)


def unit_suffix(f):
    return "（%s）" % f.get("unit") if kind_of(f) == "amount" else ""


if __name__ == "__main__":
    main()
