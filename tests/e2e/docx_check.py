#!/usr/bin/python3
"""Checks yinfa's DOCX files (docs/docx.md) against GB/T 9704-2012 and against its own PDFs.

Arguments: DOCX:YINFA_PDF:LIBREOFFICE_PDF triples. For each:
- python3-docx reads the section (A4, margins 37/35/28/26 mm, the footer distance), the document
  grid (a line grid of 22 lines; 28 characters a line from the runs' -0.25 pt spacing), the styles (仿宋_GB2312 三号 body, 方正小标宋简体
  二号 title, 黑体 and 楷体_GB2312 headings, the red 发文机关标志), the footers ("— PAGE —", odd pages
  right, even pages left, evenAndOddHeaders) and the tables (the first row repeated on each page);
- the text LibreOffice's PDF of the DOCX holds equals the text of yinfa's PDF, spaces and line breaks
  aside (pdftotext -raw: drawing order), page numbers and the header rows a table repeats at the top
  of a continued page aside (pagination is the office's once it edits); each header row's text must
  still be in both as often as the document has tables with it;
- LibreOffice sets 28 characters a line as yinfa does (pdftotext -bbox-layout): every full line of
  三号 body text (from the left edge of the 版心, or 2 characters in, to its right edge) holds 27 or
  28 characters (more when half-width digits are in it), none spread over 14 or so.
Prints "ok ..." or "FAIL ..." per file and ends with "N ok, M failed"."""
import re
import subprocess
import sys

import docx
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

TOL = Mm(0.1)


def norm(text):
    return ''.join(text.split())


def pdf_text(path):
    out = subprocess.run(['pdftotext', '-raw', path, '-'], capture_output=True, text=True, check=True).stdout
    return re.sub(r'—\d+—', '', norm(out))


def rfonts_east_asia(style):
    rpr = style.element.rPr
    f = rpr.find(qn('w:rFonts')) if rpr is not None else None
    return f.get(qn('w:eastAsia')) if f is not None else None


def check_settings(d, problems):
    s = d.sections[0]
    for name, got, want in [('page width', s.page_width, Mm(210)), ('page height', s.page_height, Mm(297)),
                            ('top margin', s.top_margin, Mm(37)), ('bottom margin', s.bottom_margin, Mm(35)),
                            ('left margin', s.left_margin, Mm(28)), ('right margin', s.right_margin, Mm(26))]:
        if got is None or abs(got - want) > TOL:
            problems.append(f'{name} {got and got.mm:.2f} mm, want {want.mm:.0f} mm')
    grid = s._sectPr.find(qn('w:docGrid'))
    if grid is None or grid.get(qn('w:type')) != 'lines':
        problems.append('no w:docGrid of type lines (LibreOffice spreads 28 characters of a linesAndChars grid)')
        return
    pitch_tw = int(grid.get(qn('w:linePitch')))
    height_tw = (s.page_height - s.top_margin - s.bottom_margin) / 635  # EMU per twip
    width_pt = (s.page_width - s.left_margin - s.right_margin) / 12700
    normal = d.styles['Normal']
    body_pt = normal.font.size.pt if normal.font.size else 0
    spacing = d.styles.element.find(qn('w:docDefaults')).find('.//' + qn('w:spacing'))
    char_pt = body_pt + (int(spacing.get(qn('w:val'))) / 20 if spacing is not None else 0)
    lines, chars = int(height_tw // pitch_tw), int(width_pt // char_pt) if char_pt > 0 else 0
    if (lines, chars) != (22, 28):
        problems.append(f'grid of {lines} lines of {chars} characters, want 22 x 28')
    styles = {'Normal': ('仿宋_GB2312', 16), 'Title': ('方正小标宋简体', 22), 'Heading 1': ('黑体', 16),
              'Heading 2': ('楷体_GB2312', 16)}
    for name, (font, size) in styles.items():
        st = d.styles[name]
        if rfonts_east_asia(st) != font or st.font.size != Pt(size):
            problems.append(f'style {name}: {rfonts_east_asia(st)} {st.font.size and st.font.size.pt} pt, '
                            f'want {font} {size} pt')
    body = d.styles['公文正文'].paragraph_format.element.pPr.find(qn('w:ind'))
    if body is None or body.get(qn('w:firstLineChars')) != '200':
        problems.append('公文正文 has no first-line indent of 2 characters')
    settings = d.settings.element
    if settings.find(qn('w:evenAndOddHeaders')) is None:
        problems.append('no evenAndOddHeaders: page numbers cannot alternate sides')
    for footer, side in [(s.footer, 'right'), (s.even_page_footer, 'left')]:
        p = footer.paragraphs[0] if footer.paragraphs else None
        xml = p._p.xml if p is not None else ''
        jc = p._p.pPr.find(qn('w:jc')) if p is not None and p._p.pPr is not None else None
        if ' PAGE ' not in xml or '— ' not in xml or jc is None or jc.get(qn('w:val')) != side:
            problems.append(f'the {side} footer is not "— PAGE —" aligned {side}')
    if 'GwMasthead' in [st.style_id for st in d.styles]:
        color = d.styles['发文机关标志'].font.color.rgb
        if str(color) != 'E60000':
            problems.append(f'发文机关标志 in {color}, not red')


def check_tables(d, problems):
    headers = []
    for t in d.tables:
        trpr = t.rows[0]._tr.trPr
        if trpr is None or trpr.find(qn('w:tblHeader')) is None:
            problems.append('a table whose first row is not repeated on the pages it continues on')
        headers.append(norm(''.join(c.text for c in t.rows[0].cells)))
    if not d.tables:
        problems.append('no table (every notice lists its applicants in one)')
    return headers


def compare_text(yinfa, lo, headers, problems):
    a, b = pdf_text(yinfa), pdf_text(lo)
    for h in sorted(set(headers), key=len, reverse=True):
        want = headers.count(h)
        for name, t in [('yinfa', a), ('LibreOffice', b)]:
            if t.count(h) < want:
                problems.append(f'{name} PDF has the header row {h} {t.count(h)} times, want {want}+')
        a, b = a.replace(h, ''), b.replace(h, '')
    if a != b:
        i = next((i for i in range(min(len(a), len(b))) if a[i] != b[i]), min(len(a), len(b)))
        problems.append(f'text differs at character {i} of {len(a)}: yinfa "{a[max(0, i - 15):i + 25]}" / '
                        f'LibreOffice "{b[max(0, i - 15):i + 25]}"')
    return len(a)


LEFT_PT, MEASURE_PT, BODY_PT = 28 / 25.4 * 72, 156 / 25.4 * 72, 16


def visual_lines(lo):
    """(x0, y0, x1, y1, text) of each line as drawn: the words of a page on one baseline, whatever
    lines and blocks pdftotext made of them (it cuts a spread line into pieces)."""
    out = subprocess.run(['pdftotext', '-bbox-layout', lo, '-'], capture_output=True, text=True,
                         check=True).stdout
    for page in out.split('<page ')[1:]:
        rows = {}
        for m in re.finditer(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>',
                             page):
            x0, y0, x1, y1 = (float(v) for v in m.groups()[:4])
            rows.setdefault((round(y1), round(y1 - y0, 1)), []).append((x0, y0, x1, y1, m.group(5)))
        for words in rows.values():
            words.sort()
            yield (words[0][0], words[0][1], max(w[2] for w in words), words[0][3], ''.join(w[4] for w in words))


def check_lines(lo, problems):
    """The full lines of body text in LibreOffice's PDF: 27-28 characters each, counting the 2 of a
    first-line indent; returns how many were checked."""
    full = 0
    for x0, y0, x1, y1, text in visual_lines(lo):
        # 三号 body: FandolFang's line box is 1.3 em; the 版心's left edge or 2 characters in; its right edge
        if not (1.25 * BODY_PT <= y1 - y0 <= 1.35 * BODY_PT) or x1 < LEFT_PT + MEASURE_PT - BODY_PT:
            continue
        indent = round((x0 - LEFT_PT) / BODY_PT)
        if indent not in (0, 2):
            continue
        full += 1
        cells = indent + len(text)
        if x1 > LEFT_PT + MEASURE_PT + BODY_PT / 2 and text[-1] in '，。、；：！？）”』」》':
            cells -= 1  # hung past the 版心: LibreOffice 7.4 ignores w:overflowPunct="0" (docs/docx.md)
        ascii_ = sum(c.isascii() for c in text)
        if cells < 27 or (not ascii_ and cells > 28):
            problems.append(f'LibreOffice sets {cells} characters on a line (28 in yinfa): {text}')
    if full < 3:
        problems.append(f'only {full} full lines of body text in the LibreOffice PDF')
    return full


def main(args):
    ok = failed = 0
    for arg in args:
        path, yinfa, lo = arg.split(':')
        problems = []
        d = docx.Document(path)
        check_settings(d, problems)
        headers = check_tables(d, problems)
        n = compare_text(yinfa, lo, headers, problems)
        full = check_lines(lo, problems)
        if problems:
            failed += 1
            print(f'FAIL {path}')
            for p in problems:
                print(f'  {p}')
        else:
            ok += 1
            print(f'ok   {path}: GB/T 9704 settings, {len(d.tables)} tables, {n} characters as in the PDF, '
                  f'{full} full lines of 27-28 characters')
    print(f'{ok} ok, {failed} failed')
    return 1 if failed or not ok else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
