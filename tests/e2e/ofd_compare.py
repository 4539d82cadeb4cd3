#!/usr/bin/python3
"""Compares OFD files with the PDFs written beside them (tests/e2e/ofd_programs.sh).
Usage: ofd_compare.py FILE.ofd...   (FILE.pdf must exist beside each)
Per file, one line "ok NAME ..." or "FAIL NAME: why":
  - the same number of pages;
  - the text of each page equals pdftotext's (whitespace aside, as a multiset of characters: the two
    read tables in different orders), rare characters beyond the BMP included;
  - positions: the first glyph of every pdftotext word lies on an OFD glyph of the same character
    within 0.1 mm horizontally and 0.5 mm vertically (pdftotext boxes a word by the font's
    ascent and descent, so its baseline is estimated from them).
Ends with "N ok, N failed"."""
import collections, re, subprocess, sys, zipfile
import xml.etree.ElementTree as ET

NS = '{http://www.ofdspec.org/2016}'


def nums(s):
    return [float(x) for x in (s or '').split()]


def deltas(s):
    out, t, i = [], (s or '').split(), 0
    while i < len(t):
        if t[i] == 'g':
            out += [float(t[i + 2])] * int(t[i + 1]); i += 3
        else:
            out.append(float(t[i])); i += 1
    return out


def ofd_pages(path):
    z = zipfile.ZipFile(path)
    doc = ET.fromstring(z.read('Doc_0/Document.xml'))
    pages = []
    for p in doc.iter(NS + 'Page'):
        root = ET.fromstring(z.read('Doc_0/' + p.get('BaseLoc')))
        glyphs = []  # (char, x, y) page mm, baseline
        for to in root.iter(NS + 'TextObject'):
            bx, by = nums(to.get('Boundary'))[:2]
            x = y = 0.0
            for tc in to.findall(NS + 'TextCode'):
                x = float(tc.get('X', x)); y = float(tc.get('Y', y))
                dx = deltas(tc.get('DeltaX'))
                cx = x
                for i, ch in enumerate(tc.text or ''):
                    glyphs.append((ch, bx + cx, by + y))
                    if i < len(dx): cx += dx[i]
        pages.append(glyphs)
    return pages


def pdf_pages(path):
    raw = subprocess.run(['pdftotext', '-bbox', path, '-'], capture_output=True).stdout
    # pdftotext -bbox writes a character beyond the BMP as two UTF-8-encoded surrogates (CESU-8):
    # join each pair back into the character
    out = raw.decode('utf-8', 'surrogatepass').encode('utf-16-le', 'surrogatepass').decode('utf-16-le')
    pages = []
    for m in re.finditer(r'<page [^>]*>(.*?)</page>', out, re.S):
        words = []
        for w in re.finditer(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', m.group(1)):
            t = w.group(5).replace('&amp;', '&').replace('&lt;', '<').replace('&gt;', '>').replace('&quot;', '"').replace('&apos;', "'")
            words.append((t, float(w.group(1)) * 25.4 / 72, float(w.group(2)) * 25.4 / 72, float(w.group(4)) * 25.4 / 72))
        pages.append(words)
    return pages


def tags(path):
    """GB/T 33476 custom tags: every ObjectRef names an object of the page it names; returns the
    tagged element names (with the text they point at) or a reason."""
    z = zipfile.ZipFile(path)
    if 'Doc_0/Tags/CustomTag.xml' not in z.namelist(): return {}, None
    doc = ET.fromstring(z.read('Doc_0/Document.xml'))
    if (doc.findtext(NS + 'CustomTags') or '') != 'Tags/CustomTags.xml': return {}, 'Document.xml does not name the CustomTags'
    objs = {}
    for p in doc.iter(NS + 'Page'):
        root = ET.fromstring(z.read('Doc_0/' + p.get('BaseLoc')))
        for o in root.iter():
            if o.get('ID'): objs[(p.get('ID'), o.get('ID'))] = ''.join(t.text or '' for t in o.iter(NS + 'TextCode'))
    found = collections.defaultdict(str)
    for el in ET.fromstring(z.read('Doc_0/Tags/CustomTag.xml')).iter():
        for r in el.findall(NS + 'ObjectRef'):
            key = (r.get('PageRef'), (r.text or '').strip())
            if key not in objs: return {}, f'tag {el.tag} refers to object {key[1]} not on page {key[0]}'
            found[el.tag.split('}')[-1]] += objs[key]
    return found, None


def compare(ofd):
    pdf = ofd[:-4] + '.pdf'
    found, why = tags(ofd)
    if why: return why
    if found: print(f'tags {ofd}: ' + ' '.join(f'{k}={v[:12]}' for k, v in found.items()))
    op, pp = ofd_pages(ofd), pdf_pages(pdf)
    if len(op) != len(pp): return f'{len(op)} OFD pages, {len(pp)} PDF pages'
    words = placed = 0
    for n, (g, w) in enumerate(zip(op, pp), 1):
        a = collections.Counter(ch for ch, _, _ in g if not ch.isspace())
        b = collections.Counter(ch for t, *_ in w for ch in t if not ch.isspace())
        if a != b:
            return f'page {n} text differs: OFD has {dict(a - b)} more, PDF {dict(b - a)} more'
        by_char = collections.defaultdict(list)
        for ch, x, y in g: by_char[ch].append((x, y))
        for t, x0, y0, y1 in w:
            words += 1
            # baseline: the PDF fonts' descent is about 0.12 em of the box height 1.0 to 1.3 em
            hit = [(x, y) for x, y in by_char.get(t[0], []) if abs(x - x0) <= 0.1 and y0 < y <= y1 + 0.5]
            if not hit: return f'page {n}: word "{t}" at x={x0:.2f} y={y0:.2f}..{y1:.2f} mm has no OFD glyph within 0.1 mm'
            placed += 1
    return None if words else 'no words at all'


ok = bad = 0
for f in sys.argv[1:]:
    why = compare(f)
    if why: bad += 1; print(f'FAIL {f}: {why}')
    else: ok += 1; print(f'ok {f}')
print(f'{ok} ok, {bad} failed')
sys.exit(1 if bad else 0)
