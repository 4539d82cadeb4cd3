#!/usr/bin/env python3
"""Checks that the justified lines of a text extract as the text itself.

    justify_extract.py TEXT PDF PAGE MAX_GAP_EM

TEXT is the paragraph as given (UTF-8), PDF the document, PAGE the 1-based page it is set on.
Reads the page back twice:
  pdftotext -raw      the lines that belong to TEXT (every line that is a piece of it); each
                      must be an exact piece of TEXT with nothing added, and the pieces joined
                      must give TEXT whole;
  mutool stext        every glyph of those lines: the gap between two neighbouring glyph boxes
                      on a line, where TEXT has no space between them, must not exceed
                      MAX_GAP_EM times the font size.
Prints one line per problem and exits 1 when there is one."""
import re
import subprocess
import sys
import xml.etree.ElementTree as ET


def main():
    text, pdf, page, max_gap = sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4])
    bad = 0
    raw = subprocess.run(["pdftotext", "-raw", "-enc", "UTF-8", "-f", str(page), "-l", str(page), pdf, "-"],
                         capture_output=True, text=True, check=True).stdout
    # The lines of the paragraph: from the line that starts it to the one that ends it.
    lines = [l for l in raw.replace("\f", "").split("\n")]
    start = next((i for i, l in enumerate(lines) if text.startswith(l.split(" ")[-1][:6]) and len(l) >= 2
                  and l.split(" ")[-1] and text.startswith(l.split(" ")[-1])), None)
    if start is None:
        print("  the first line of the text is not on page %d" % page)
        return 1
    first = lines[start].split(" ")[-1] if not text.startswith(lines[start]) else lines[start]
    got = [first]
    pos = len(first)
    i = start + 1
    while pos < len(text) and i < len(lines):
        l = lines[i]
        if not text.startswith(l, pos):
            print("  line %d reads %r, the text goes on with %r" % (len(got) + 1, l, text[pos:pos + len(l) + 4]))
            bad += 1
            break
        got.append(l)
        pos += len(l)
        i += 1
    if pos != len(text) and not bad:
        print("  the text stops after %d of %d characters" % (pos, len(text)))
        bad += 1
    # Gaps between glyph boxes (mutool stext: one <char> per glyph, quads in points).
    st = subprocess.run(["mutool", "draw", "-F", "stext", "-o", "-", pdf, str(page)],
                        capture_output=True, text=True).stdout
    root = ET.fromstring(st)
    worst = 0.0
    baselines = set()
    for line in root.iter("line"):
        chars = []
        for font in line.iter("font"):
            size = float(font.get("size"))
            for ch in font.iter("char"):
                q = [float(v) for v in ch.get("quad").split()]
                chars.append((ch.get("c"), min(q[0], q[4]), max(q[2], q[6]), size, float(ch.get("y"))))
        s = "".join(c[0] for c in chars)
        if len(s) < 2 or s.strip() == "" or s.replace(" ", "") not in text.replace(" ", ""):
            continue
        baselines.update(round(c[4], 1) for c in chars)
        for a, b in zip(chars, chars[1:]):
            if a[0] == " " or b[0] == " ":
                continue
            gap = (b[1] - a[2]) / a[3]
            worst = max(worst, gap)
            if gap > max_gap + 1e-3:
                print("  gap of %.3f em between %s and %s on the line %r" % (gap, a[0], b[0], s))
                bad += 1
    # pdftotext -raw starts a new line where a glyph begins left of the end of the one before
    # (a squeezed mark drawn with its full advance): one raw line per printed line
    if not bad and len(got) != len(baselines):
        print("  pdftotext -raw gives %d lines for %d printed lines: %r" % (len(got), len(baselines), got))
        bad += 1
    print("  %d lines, widest gap between glyphs %.3f em" % (len(got), worst))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
