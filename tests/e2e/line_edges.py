#!/usr/bin/env python3
"""Reads PDFs with `pdftotext -bbox-layout` and reports every printed line that starts with a
mark no line may start with, or ends with a mark no line may end with (docs/spec/layout.md,
line breaking rule 1). A squeezed line-end mark overlaps the glyph box before it, which poppler
reports as a line of its own: such a fragment on the same baseline is joined back first.
Exit status 1 when any line breaks a rule."""
import html
import re
import subprocess
import sys

BAD_START = set('、，。．：；！？）］｝》〉」』】〕〗”’·％‰')
BAD_END = set('（［｛《〈「『【〔〖“‘')


def lines_of(path):
    out = subprocess.run(['pdftotext', '-bbox-layout', '-enc', 'UTF-8', path, '-'],
                         capture_output=True).stdout.decode('utf-8', 'replace')
    for page_no, page in enumerate(re.findall(r'<page.*?</page>', out, re.S), 1):
        merged = []  # [yMin, xMin, xMax, text]
        for attrs, body in re.findall(r'<line([^>]*)>(.*?)</line>', page, re.S):
            box = dict(re.findall(r'(\w+)="([\d.]+)"', attrs))
            y, x0, x1 = float(box['yMin']), float(box['xMin']), float(box['xMax'])
            text = ''.join(html.unescape(w) for w in re.findall(r'<word[^>]*>(.*?)</word>', body, re.S))
            prev = merged[-1] if merged else None
            if prev and abs(prev[0] - y) < 0.5 and prev[1] <= x0 <= prev[2] + 0.5:
                prev[2], prev[3] = max(prev[2], x1), prev[3] + text
            else:
                merged.append([y, x0, x1, text])
        for _, _, _, text in merged:
            yield page_no, text


problems = 0
for path in sys.argv[1:]:
    for page_no, text in lines_of(path):
        if text and (text[0] in BAD_START or text[-1] in BAD_END):
            problems += 1
            print(f'{path} page {page_no}: {text}')
sys.exit(1 if problems else 0)
