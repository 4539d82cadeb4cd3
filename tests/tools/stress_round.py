#!/usr/bin/env python3
"""stress_round.py: a program's sample round made hard for page composition (issue 20).

    stress_round.py IN.xml OUT.xml [APPLICANTS]

From the sample round IN.xml, writes a round of at least APPLICANTS applicants (default 150):
the sample's applicants and copies of them, each copy with its own id, a new unified social
credit code or organisation code (GB 32100, GB 11714, correct check characters: tools/gbcode.py)
and its own names. Every
enterprise and project name is 40 to 60 characters long (tests/tools/long_names.py's way: words
before the name's last part); every fifth carries a character outside GB 2312 that only the
fallback fonts have (堃, 喆, CJK Extension A 䶮, Extension B 𠮷 𪚥); every tenth applicant's
longest free-text field (whatever the program calls it: the longest text that is not a name,
code, date or number) is lengthened to 1,000 characters from its own sentences. Nothing else is
changed, so the round stays valid for its program. Deterministic.
"""
import copy
import os
import random
import re
import sys
import xml.etree.ElementTree as ET

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "tools"))
sys.path.insert(0, HERE)
from gbcode import credit_code_of, random_org  # noqa: E402
from long_names import FILL, SUFFIXES  # noqa: E402

RARE = ["堃", "喆", "䶮", "𠮷", "𪚥"]
DESCRIPTION = 1000


def long_name(name, n, shift, rare):
    """'name' lengthened to n characters by filler words from offset 'shift' (copies differ), with
    a rare character in the filler when asked."""
    name = name.strip()
    tail = next((s for s in SUFFIXES if name.endswith(s)), "")
    head = name[: len(name) - len(tail)]
    need = max(n - len(name), 2)
    fill = ((FILL * 3)[shift % len(FILL):] * 3)[:need]
    if rare:
        fill = rare + fill[1:]
    return head + fill + tail


def free_text(app):
    """The applicant's longest free text: not a name, and not a code, date, number or address."""
    best = None
    for e in app.iter():
        t = (e.text or "").strip()
        if e.tag == "name" or len(t) < 30 or re.fullmatch(r"[\w.@:/-]+", t):
            continue
        if best is None or len(t) > len(best.text.strip()):
            best = e
    return best


def lengthen_text(t, n):
    sentences = re.findall(r"[^。；]*[。；]", t) or [t]
    out = t
    k = 0
    while len(out) < n:
        out += sentences[k % len(sentences)]
        k += 1
    out = out[: n - 1]
    return out + "。"


def renumber(old, k):
    """A copy's id: the sample id's trailing number replaced by k (SD-001 -> SD-101)."""
    m = re.match(r"^(.*?)(\d+)$", old)
    return f"{m.group(1)}{k:0{len(m.group(2))}d}" if m else f"{old}-{k}"


def main(argv):
    if len(argv) < 2:
        print(__doc__.strip().split("\n\n")[1], file=sys.stderr)
        return 2
    want = int(argv[2]) if len(argv) > 2 else 150
    rng = random.Random(20)
    tree = ET.parse(argv[0])
    root = tree.getroot()
    apps = [a for a in root if a.tag == "applicant"]
    if not apps:
        print("no applicant in " + argv[0], file=sys.stderr)
        return 1
    ids = {a.get("id") for a in apps}
    codes = {e.text for e in root.iter("credit-code")}
    orgs = {e.text.strip() for e in root.iter("org-code") if e.text}
    last = apps[-1]
    pos = list(root).index(last)
    k, copies = len(apps), 0
    while len(apps) + copies < want:
        src = apps[copies % len(apps)]
        dup = copy.deepcopy(src)
        k += 1
        new_id = renumber(src.get("id"), k)
        while new_id in ids:
            k += 1
            new_id = renumber(src.get("id"), k)
        ids.add(new_id)
        dup.set("id", new_id)
        for e in list(dup.iter("credit-code")):
            old = code = e.text.strip()
            while code in codes:
                code = credit_code_of(code[2:8], random_org(rng, 0.5))
            codes.add(code)
            e.text = code
            # the organisation code inside it, where the round also records it on its own
            for o in dup.iter():
                if o is not e and (o.text or "").strip() in (old[8:17], old[8:16] + "-" + old[16]):
                    o.text = code[8:17] if "-" not in o.text else code[8:16] + "-" + code[16]
        for e in dup.iter("org-code"):  # a round that records the organisation code alone
            if e.text.strip() in orgs:
                org = random_org(rng, 0.5)
                while org in orgs:
                    org = random_org(rng, 0.5)
                orgs.add(org)
                e.text = org
        dup.set("_copy", str(copies + 1))
        copies += 1
        pos += 1
        root.insert(pos, dup)
    for i, a in enumerate(e for e in root if e.tag == "applicant"):
        shift = int(a.attrib.pop("_copy", "0"))
        for path, j in (("enterprise/name", i), ("project/name", i * 7 + 3)):
            e = a.find(path)
            if e is not None and e.text:
                n = 60 if i == 0 else 40 if i == 1 else 40 + j % 21
                e.text = long_name(e.text, n, shift * 5 + j, RARE[i // 5 % len(RARE)] if i % 5 == 4 else "")
        if i % 10 == 9:
            e = free_text(a)
            if e is not None:
                e.text = lengthen_text(e.text.strip(), DESCRIPTION)
    tree.write(argv[1], encoding="UTF-8", xml_declaration=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
