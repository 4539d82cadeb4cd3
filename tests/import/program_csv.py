#!/usr/bin/env python3
"""Writes a program's sample round as the other kind of file an office sends: a CSV saved by Excel
on Chinese Windows (GB18030), in the columns of the program's mapping, with a title line giving
the year, no 编号 column (the mapping's id-format numbers the applicants), one row per year of
each repeating group keyed by a column (年度: the applicant's other rows carry only its credit
code and name), and values typed as text the way offices do: dates 2019年8月18日, amounts with
thousands separators, percentages 29.4%, flags 有. tests/e2e/import_programs.sh imports it.
Usage: program_csv.py PROGRAM ROUND.xml OUT.csv"""
import csv
import importlib.util
import io
import os
import sys
import xml.etree.ElementTree as ET

here = os.path.dirname(os.path.abspath(__file__))
root_dir = os.path.join(here, "..", "..")
spec = importlib.util.spec_from_file_location("gen", os.path.join(root_dir, "samples", "gen-program-xlsx.py"))
gen = importlib.util.module_from_spec(spec)
spec.loader.exec_module(gen)


def text(f, v):
    """A value as typed into a text cell."""
    k = gen.kind_of(f)
    if v is None:
        return ""
    if k == "flag":
        return "有"
    if k == "date":
        y, m, d = map(int, v.split("-"))
        return "%d年%d月%d日" % (y, m, d)
    if k == "percent":
        return v + "%"
    if k == "amount":
        whole, _, frac = v.partition(".")
        neg = whole.startswith("-")
        whole = whole.lstrip("-")
        groups = []
        while len(whole) > 3:
            groups.insert(0, whole[-3:])
            whole = whole[:-3]
        groups.insert(0, whole)
        return ("-" if neg else "") + ",".join(groups) + ("." + frac if frac else "")
    if k == "enum":
        return gen.word(f, v)
    return v


def main():
    program, src, dst = sys.argv[1:4]
    mapping = ET.parse(os.path.join(root_dir, "templates", program, "import.xml")).getroot()
    title = ET.parse(os.path.join(root_dir, "templates", program, "program.xml")).getroot().get("title")
    rnd = ET.parse(src).getroot()
    apps = rnd.findall("applicant")
    match = [f for f in mapping.findall("field") if f.get("match")]
    simple = [f for f in mapping.findall("field") if f.get("path") != "@id" and not f.get("match")]
    keyed = [g for g in mapping.findall("group") if any(f.get("path") == g.get("key") for f in g.findall("field"))]
    fixed = [g for g in mapping.findall("group") if g not in keyed]
    lists = mapping.findall("list")
    head = [f.find("header").text for f in match + simple]
    for g in fixed:
        head += [f.find("header").text + gen.unit_suffix(f) for f in g.findall("field")]
    head += [(l.find("column") if l.find("column") is not None else l).find("header").text for l in lists]
    for g in keyed:
        head += [f.find("header").text + gen.unit_suffix(f) for f in g.findall("field")]
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\r\n")
    w.writerow(["%s%s年推荐汇总表" % (title, rnd.get("year"))])
    w.writerow(head)
    for a in apps:
        ids = [text(f, gen.value_at(a, f.get("path"), gen.kind_of(f))) for f in match]
        first = ids + [text(f, gen.value_at(a, f.get("path"), gen.kind_of(f))) for f in simple]
        for g in fixed:
            for f in g.findall("field"):
                recs = [r for r in gen.repeated(a, g.get("path")) if gen.value_at(r, g.get("key")) == f.get("key")]
                first.append(text(f, gen.value_at(recs[0], f.get("path"), gen.kind_of(f))) if recs else "")
        for l in lists:
            first.append(gen.list_text(l, a, l.find("column")))
        rows = []
        for g in keyed:
            for r in gen.repeated(a, g.get("path")):
                rows.append([""] * (len(head) - len(first)))
                at = len(head) - len(first) - sum(len(x.findall("field")) for x in keyed[keyed.index(g):])
                for i, f in enumerate(g.findall("field")):
                    rows[-1][at + i] = text(f, gen.value_at(r, f.get("path"), gen.kind_of(f)))
        if not rows:
            rows = [[""] * (len(head) - len(first))]
        w.writerow(first + rows[0])
        for r in rows[1:]:
            w.writerow(ids + [""] * (len(first) - len(ids)) + r)
    w.writerow(["合计", "共%d家" % len(apps)])
    with open(dst, "wb") as f:
        f.write(out.getvalue().encode("gb18030"))


if __name__ == "__main__":
    main()
