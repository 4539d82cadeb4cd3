#!/usr/bin/env python3
"""Checks the print sets of a run (issue 25 §3, print_set.sh): for each group of the round, its
print set holds every form of the group's applicants in the round file's order, each form
starting on an odd page, the pages in between blank, and the text of each page is the text of
the form's own page (pdftotext). Usage: print_set_check.py ROUND.xml OUTDIR GROUP_ATTR PATTERN KIND...
PATTERN is the set's path with {group}. Prints one line per problem and a last line
"sets=N forms=N pages=N blanks=N multi=N" (multi: forms of more than one page)."""
import subprocess
import sys
import xml.etree.ElementTree as ET


def pages_text(path):
    out = subprocess.run(["pdftotext", "-layout", path, "-"], capture_output=True, check=True).stdout.decode()
    pages = out.split("\f")
    if pages and pages[-1].strip() == "":
        pages = pages[:-1]
    return ["".join(p.split()) for p in pages]


def npages(path):
    out = subprocess.run(["qpdf", "--show-npages", path], capture_output=True, check=True).stdout.decode()
    return int(out.strip())


def main():
    xml, outdir, attr, pattern, kinds = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5:]
    root = ET.parse(xml).getroot()
    groups = {}
    for a in root.iter("applicant"):
        groups.setdefault(a.get(attr), []).append(a.get("id"))
    problems = 0
    stats = dict(sets=0, forms=0, pages=0, blanks=0, multi=0)
    for group, ids in groups.items():
        path = f"{outdir}/{pattern.replace('{group}', group)}"
        try:
            got = pages_text(path)
        except (subprocess.CalledProcessError, FileNotFoundError) as e:
            print(f"{path}: cannot read: {e}")
            problems += 1
            continue
        stats["sets"] += 1
        want = []
        for i in ids:
            for k in kinds:
                form = f"{outdir}/applicants/{i}/{k}.pdf"
                text = pages_text(form)
                if npages(form) != len(text):
                    print(f"{form}: qpdf and pdftotext disagree on its pages")
                    problems += 1
                if len(want) % 2 == 1:
                    want.append("")  # the blank page before a form on an even page
                    stats["blanks"] += 1
                if len(text) > 1:
                    stats["multi"] += 1
                want.extend(text)
                stats["forms"] += 1
        n = npages(path)
        if n != len(want) or len(got) != len(want):
            print(f"{path}: {n} pages (pdftotext {len(got)}), want {len(want)}")
            problems += 1
        for p, (g, w) in enumerate(zip(got, want), 1):
            if g != w:
                print(f"{path}: page {p} differs from the form's: {g[:40]!r} want {w[:40]!r}")
                problems += 1
                break
        stats["pages"] += n
    print(" ".join(f"{k}={v}" for k, v in stats.items()))
    sys.exit(1 if problems else 0)


main()
