#!/usr/bin/env python3
"""Exit 0 when two review-round files hold the same round: same applicants (by id) with the same
elements, attributes and texts; plain decimals compared by value (490.0 = 490, 0.00 = 0) in
attributes and texts alike, surrounding white space ignored, finance entries as a set by year.
Prints the first differences otherwise. Usage: same_round.py A.xml B.xml"""
import re
import sys
import xml.etree.ElementTree as ET
from decimal import Decimal

DECIMAL = re.compile(r"-?[0-9]+\.[0-9]+|-?[1-9][0-9]{0,14}|0")


def norm(v):
    """A plain decimal by its value (a code or number with a leading zero stays as it is)."""
    v = (v or "").strip()
    if DECIMAL.fullmatch(v):
        d = Decimal(v).normalize()
        return format(d, "f") if d == d.to_integral() else str(d)
    return v


def canon(el):
    attrs = tuple(sorted((k, norm(v)) for k, v in el.attrib.items()))
    kids = [canon(c) for c in el]
    # finance entries are a set keyed by year
    kids.sort(key=lambda k: (k[0] == "finance", dict(k[1]).get("year", "")) if k[0] == "finance" else (False, ""))
    return (el.tag, attrs, norm(el.text), tuple(kids))


def load(path):
    root = ET.parse(path).getroot()
    head = {k: root.get(k) for k in ("program", "year")}
    head["round"] = root.get("round", "1")
    return head, {a.get("id"): canon(a) for a in root.findall("applicant")}


(ha, a), (hb, b) = load(sys.argv[1]), load(sys.argv[2])
bad = []
if ha != hb:
    bad.append("round: %s vs %s" % (ha, hb))
for k in sorted(set(a) | set(b)):
    if k not in a or k not in b:
        bad.append("applicant %s only in %s" % (k, sys.argv[1] if k in a else sys.argv[2]))
    elif a[k] != b[k]:
        def walk(x, y, path):
            if x[:3] != y[:3]:
                bad.append("applicant %s %s: %r vs %r" % (k, path, x[:3], y[:3]))
                return
            if len(x[3]) != len(y[3]):
                bad.append("applicant %s %s: %d vs %d children" % (k, path, len(x[3]), len(y[3])))
                return
            for cx, cy in zip(x[3], y[3]):
                walk(cx, cy, path + "/" + cx[0])
        walk(a[k], b[k], a[k][0])
for line in bad[:20]:
    print(line)
sys.exit(1 if bad else 0)
