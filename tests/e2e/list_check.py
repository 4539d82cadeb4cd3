#!/usr/bin/python3
"""Checks admitted.xlsx (the list of a 公示 as a workbook, docs/docx.md) against the 公示 itself.

Arguments: XLSX:DOCX pairs, the DOCX being the same document's (python3-docx reads its tables).
The workbook's first row is the first table's header (the program's columns); then, in the order of
the document, every heading of the attachment (一、…) and every body row of every table, each cell's
text as the document has it (a number as a number shown with the document's decimals), merged cells
once; nothing else. The workbook is read with zipfile and ElementTree (no spreadsheet library).
Prints "ok ..." or "FAIL ..." per file and ends with "N ok, M failed"."""
import re
import sys
import zipfile
import xml.etree.ElementTree as ET

import docx
from docx.oxml.ns import qn

NS = {'s': 'http://schemas.openxmlformats.org/spreadsheetml/2006/main'}


def col_index(ref):
    letters = re.match(r'[A-Z]+', ref).group(0)
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n - 1


def xlsx_rows(path):
    z = zipfile.ZipFile(path)
    shared = [''.join(t.text or '' for t in si.iter(f'{{{NS["s"]}}}t'))
              for si in ET.fromstring(z.read('xl/sharedStrings.xml')).findall('s:si', NS)]
    sheet = ET.fromstring(z.read('xl/worksheets/sheet1.xml'))
    rows = []
    for r in sheet.find('s:sheetData', NS).findall('s:row', NS):
        cells = {}
        for c in r.findall('s:c', NS):
            v = c.find('s:v', NS)
            if v is None:
                continue
            cells[col_index(c.get('r'))] = ('s', shared[int(v.text)]) if c.get('t') == 's' else ('n', v.text)
        rows.append([cells[k] for k in sorted(cells)])
    return rows


def docx_rows(path):
    """The heading paragraphs after the first attachment label and the tables' rows, in body order."""
    d = docx.Document(path)
    header, rows, in_attachment, tables = None, [], False, iter(d.tables)
    for el in d.element.body.iterchildren():
        if el.tag == qn('w:p'):
            ps = el.find(qn('w:pPr'))
            style = ps.find(qn('w:pStyle')).get(qn('w:val')) if ps is not None and ps.find(qn('w:pStyle')) is not None else ''
            text = ''.join(t.text or '' for t in el.iter(qn('w:t')))
            if style == 'GwAttachmentLabel':
                in_attachment = True
            elif in_attachment and style.startswith('Heading') and text:
                rows.append([text])
        elif el.tag == qn('w:tbl'):
            t = next(tables)
            seen = set()
            for r in t.rows:
                cells = []
                for c in r.cells:
                    if id(c._tc) in seen or c._tc in seen:
                        continue
                    seen.add(c._tc)
                    cells.append(c.text)
                trpr = r._tr.trPr
                if trpr is not None and trpr.find(qn('w:tblHeader')) is not None:
                    header = header or cells
                else:
                    rows.append([c for c in cells if c])
    return header, rows


def same(cell, text):
    kind, value = cell
    if kind == 's':
        return value == text
    try:
        return float(value) == float(text)
    except ValueError:
        return False


def check(xlsx, docx_path):
    problems = []
    got = xlsx_rows(xlsx)
    header, want = docx_rows(docx_path)
    if not got or not header or [v for _, v in got[0]] != header:
        problems.append(f'first row {[v for _, v in got[0]] if got else None}, want the header {header}')
    body = got[1:]
    if len(body) != len(want):
        problems.append(f'{len(body)} rows after the header, the document has {len(want)}')
    for i, (g, w) in enumerate(zip(body, want)):
        if len(g) != len(w) or not all(same(c, t) for c, t in zip(g, w)):
            problems.append(f'row {i + 2}: {[v for _, v in g]}, the document has {w}')
            break
    numbers = sum(1 for r in body for k, _ in r if k == 'n')
    return problems, len(want), numbers


def main(args):
    ok = failed = 0
    for arg in args:
        xlsx, d = arg.split(':')
        problems, n, numbers = check(xlsx, d)
        if problems:
            failed += 1
            print(f'FAIL {xlsx}')
            for p in problems:
                print(f'  {p}')
        else:
            ok += 1
            print(f'ok   {xlsx}: the header and {n} rows as the document shows them ({numbers} numbers)')
    print(f'{ok} ok, {failed} failed')
    return 1 if failed or not ok else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
