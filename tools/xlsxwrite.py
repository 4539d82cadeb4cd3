"""A small .xlsx writer (Office Open XML, ECMA-376) with the standard library only, for the
sample spreadsheets in samples/ and the import test fixtures in tests/. It writes what offices'
files hold: shared strings, numbers, dates as serial numbers with a date format, percentages,
merged cells, hidden sheets, and can reproduce traps such as a credit code stored as a number.
Output is deterministic (fixed timestamps), so regenerated files do not change.

    wb = Workbook()
    ws = wb.sheet("魏都区")
    ws.row(["序号", "企业名称"])              # strings → shared strings
    ws.row([1, Date(2022, 3, 18), Pct(0.676), Num("9.1411002E+17"), Inline("x")])
    ws.merge("A1:J1")
    wb.save("out.xlsx")
"""
import datetime
import zipfile
from xml.sax.saxutils import escape


class Date:
    """A date stored as Excel does: a serial day number shown with a date format."""
    def __init__(self, y, m, d):
        self.serial = (datetime.date(y, m, d) - datetime.date(1899, 12, 30)).days


class Pct:
    """A fraction shown with the 0.0% format (0.676 shows 67.6%)."""
    def __init__(self, v):
        self.v = v


class Num:
    """A number cell with exactly this text in <v> (e.g. 9.1411002E+17, 11746.200000000001)."""
    def __init__(self, text):
        self.text = text


class Inline:
    """A string stored inline (<is><t>) instead of in the shared strings, as some tools write."""
    def __init__(self, s):
        self.s = s


class Formula:
    """A formula saved without its value, as scripts (not Excel) write them."""
    def __init__(self, f):
        self.f = f


class Error:
    """A formula error such as #N/A."""
    def __init__(self, code):
        self.code = code


def col_name(c):
    s = ""
    c += 1
    while c:
        c, r = divmod(c - 1, 26)
        s = chr(65 + r) + s
    return s


class Sheet:
    def __init__(self, name, hidden=False):
        self.name, self.hidden = name, hidden
        self.rows, self.merges = [], []

    def row(self, cells):
        self.rows.append(list(cells))
        return len(self.rows)

    def merge(self, ref):
        self.merges.append(ref)


class Workbook:
    def __init__(self, date1904=False):
        self.sheets, self.date1904 = [], date1904

    def sheet(self, name, hidden=False):
        s = Sheet(name, hidden)
        self.sheets.append(s)
        return s

    def save(self, path):
        strings, index = [], {}

        def sst(s):
            if s not in index:
                index[s] = len(strings)
                strings.append(s)
            return index[s]

        def text(s):
            return escape(s).replace("\r", "_x000D_")

        parts = {}
        for n, sh in enumerate(self.sheets, 1):
            out = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                   '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
                   'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
                   '<sheetData>']
            for r, cells in enumerate(sh.rows, 1):
                out.append('<row r="%d">' % r)
                for c, v in enumerate(cells):
                    ref = "%s%d" % (col_name(c), r)
                    if v is None or v == "":
                        continue
                    if isinstance(v, str):
                        out.append('<c r="%s" t="s"><v>%d</v></c>' % (ref, sst(v)))
                    elif isinstance(v, Inline):
                        out.append('<c r="%s" t="inlineStr"><is><t xml:space="preserve">%s</t></is></c>'
                                   % (ref, text(v.s)))
                    elif isinstance(v, Date):
                        out.append('<c r="%s" s="1"><v>%d</v></c>' % (ref, v.serial))
                    elif isinstance(v, Pct):
                        out.append('<c r="%s" s="2"><v>%s</v></c>' % (ref, repr(v.v)))
                    elif isinstance(v, Num):
                        out.append('<c r="%s"><v>%s</v></c>' % (ref, v.text))
                    elif isinstance(v, Error):
                        out.append('<c r="%s" t="e"><f>VLOOKUP(A1,B:B,2,0)</f><v>%s</v></c>' % (ref, v.code))
                    elif isinstance(v, Formula):
                        out.append('<c r="%s"><f>%s</f></c>' % (ref, escape(v.f)))
                    elif isinstance(v, bool):
                        out.append('<c r="%s" t="b"><v>%d</v></c>' % (ref, v))
                    else:
                        out.append('<c r="%s"><v>%s</v></c>' % (ref, repr(v)))
                out.append('</row>')
            out.append('</sheetData>')
            if sh.merges:
                out.append('<mergeCells count="%d">' % len(sh.merges))
                out.extend('<mergeCell ref="%s"/>' % m for m in sh.merges)
                out.append('</mergeCells>')
            out.append('</worksheet>')
            parts["xl/worksheets/sheet%d.xml" % n] = "".join(out)

        sst_xml = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                   '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
                   'count="%d" uniqueCount="%d">' % (len(strings), len(strings))]
        for s in strings:
            sst_xml.append('<si><t xml:space="preserve">%s</t></si>' % text(s))
        sst_xml.append('</sst>')
        parts["xl/sharedStrings.xml"] = "".join(sst_xml)
        parts["xl/styles.xml"] = (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            '<numFmts count="1"><numFmt numFmtId="164" formatCode="0.0%"/></numFmts>'
            '<fonts count="1"><font><sz val="11"/><name val="宋体"/></font></fonts>'
            '<fills count="1"><fill><patternFill patternType="none"/></fill></fills>'
            '<borders count="1"><border/></borders>'
            '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
            '<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
            '<xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
            '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
            '</cellXfs></styleSheet>')
        sheets_xml = "".join(
            '<sheet name="%s" sheetId="%d"%s r:id="rId%d"/>'
            % (escape(s.name, {'"': "&quot;"}), n, ' state="hidden"' if s.hidden else "", n)
            for n, s in enumerate(self.sheets, 1))
        parts["xl/workbook.xml"] = (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
            '<workbookPr%s/><sheets>%s</sheets></workbook>'
            % (' date1904="1"' if self.date1904 else "", sheets_xml))
        k = len(self.sheets)
        rels = "".join(
            '<Relationship Id="rId%d" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            'relationships/worksheet" Target="worksheets/sheet%d.xml"/>' % (n, n)
            for n in range(1, k + 1))
        rels += ('<Relationship Id="rId%d" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                 'relationships/sharedStrings" Target="sharedStrings.xml"/>' % (k + 1))
        rels += ('<Relationship Id="rId%d" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                 'relationships/styles" Target="styles.xml"/>' % (k + 2))
        parts["xl/_rels/workbook.xml.rels"] = (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            + rels + '</Relationships>')
        parts["_rels/.rels"] = (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')
        overrides = "".join(
            '<Override PartName="/xl/worksheets/sheet%d.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' % n
            for n in range(1, k + 1))
        parts["[Content_Types].xml"] = (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
            '<Override PartName="/xl/styles.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
            + overrides + '</Types>')
        order = ["[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels",
                 "xl/styles.xml", "xl/sharedStrings.xml"] + sorted(p for p in parts if p.startswith("xl/worksheets/"))
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
            for name in order:
                info = zipfile.ZipInfo(name, date_time=(2022, 1, 1, 0, 0, 0))
                info.compress_type = zipfile.ZIP_DEFLATED
                z.writestr(info, parts[name].encode("utf-8"))
