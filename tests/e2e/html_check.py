#!/usr/bin/python3
"""Checks the 公示 as a web page (docs/docx.md) with a real HTML parser (html.parser).

Arguments: HTML:YINFA_PDF:DOCX triples of one document. The page is self-contained (no script, no
link, no img/iframe/object, no url( in its style, no attribute naming another resource), has no hard
line break (<br>), one <table> with <thead>/<th> and <tbody>/<td> per table of the document, every
cell of the document's tables (python3-docx) in a cell of the page, and its text equals the text of
yinfa's PDF (docx_check.py's comparison: spaces, page numbers and repeated header rows aside).
Prints "ok ..." or "FAIL ..." per file and ends with "N ok, M failed"."""
import html.parser
import os
import sys

import docx

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import docx_check  # noqa: E402

RESOURCE_TAGS = {'script', 'link', 'img', 'iframe', 'object', 'embed', 'video', 'audio', 'source', 'base'}
RESOURCE_ATTRS = {'src', 'href', 'srcset', 'data', 'action', 'poster'}


class Page(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.text, self.cells, self.problems, self.stack = [], [], [], []
        self.tables = self.theads = self.ths = self.in_style = 0

    def handle_starttag(self, tag, attrs):
        if tag in RESOURCE_TAGS:
            self.problems.append(f'<{tag}>: an outside resource or script')
        for k, v in attrs:
            if k in RESOURCE_ATTRS or (v and ('url(' in v or '://' in v)):
                self.problems.append(f'<{tag} {k}="{v}">: names another resource')
        if tag == 'br':
            self.problems.append('a hard line break (<br>)')
        self.tables += tag == 'table'
        self.theads += tag == 'thead'
        self.ths += tag == 'th'
        self.in_style += tag == 'style'
        if tag in ('td', 'th'):
            self.stack.append([])

    def handle_endtag(self, tag):
        self.in_style -= tag == 'style'
        if tag in ('td', 'th') and self.stack:
            self.cells.append(''.join(self.stack.pop()))

    def handle_data(self, data):
        if self.in_style:
            if 'url(' in data or '@import' in data:
                self.problems.append('the style sheet loads something')
            return
        if self.lasttag == 'title':
            return
        self.text.append(data)
        for s in self.stack:
            s.append(data)


def check(page_path, pdf, docx_path):
    p = Page()
    p.feed(open(page_path, encoding='utf-8').read())
    problems = list(p.problems)
    d = docx.Document(docx_path)
    if p.tables != len(d.tables) or p.theads != len(d.tables) or not p.ths:
        problems.append(f'{p.tables} tables, {p.theads} with a thead; the document has {len(d.tables)}')
    cells = set(docx_check.norm(c) for c in p.cells)
    names = [docx_check.norm(c.text) for t in d.tables for r in t.rows for c in r.cells if c.text.strip()]
    missing = [n for n in names if n not in cells]
    if missing:
        problems.append(f'{len(missing)} cells of the document not in a cell of the page, e.g. {missing[0]}')
    headers = [docx_check.norm(''.join(c.text for c in t.rows[0].cells)) for t in d.tables]
    a = docx_check.pdf_text(pdf)
    b = docx_check.norm(''.join(p.text))
    for h in sorted(set(headers), key=len, reverse=True):
        a, b = a.replace(h, ''), b.replace(h, '')
    if a != b:
        i = next((i for i in range(min(len(a), len(b))) if a[i] != b[i]), min(len(a), len(b)))
        problems.append(f'text differs at {i}: PDF "{a[max(0, i - 15):i + 25]}" / page "{b[max(0, i - 15):i + 25]}"')
    return problems, len(names), len(a)


def main(args):
    ok = failed = 0
    for arg in args:
        page, pdf, d = arg.split(':')
        problems, n, chars = check(page, pdf, d)
        if problems:
            failed += 1
            print(f'FAIL {page}')
            for q in problems:
                print(f'  {q}')
        else:
            ok += 1
            print(f'ok   {page}: self-contained, {n} table cells in cells, {chars} characters as in the PDF')
    print(f'{ok} ok, {failed} failed')
    return 1 if failed or not ok else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
