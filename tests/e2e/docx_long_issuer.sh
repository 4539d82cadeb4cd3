#!/bin/bash
# The DOCX signature with a long sealed issuer (issue 25, GB/T 9704 7.3.5.1; docs/docx.md): Hunan's
# 公示 and 通知 with 湖南省工业和信息化厅人工智能与信息化处 (19 characters; 14 fit centred over the
# date) have the name in two paragraphs, broken where yinfa's PDF breaks it (after 厅), each
# centred over the date (document.xml read back: w:rightChars plus half the line, against the
# date's, which stays 4 characters in); LibreOffice sets them so (its PDF: the two lines over the
# date, on one centre, the date's within 2 pt once LibreOffice's own space around digits is
# counted), as yinfa's PDF does. The writer used to clamp the right
# indent to 0: the name at the right edge, not over the date.
source "$(dirname "$0")/../e2e_lib.sh"
T=$E2E_TMP
if ! command -v soffice >/dev/null; then
  fail "LibreOffice (libreoffice-writer-nogui) is installed (make deps)"; finish; exit; fi
NAME=湖南省工业和信息化厅人工智能与信息化处
sed -e "s|^input .*|input = $ROOT/samples/hunan-2019.xml|" -e "s|^output .*|output = $T/hn|" \
  -e "s|^name .*|name = $NAME|" -e 's|^\[output\]|[output]\nformats = pdf, docx|' "$ROOT/samples/hunan-2019.ini" >"$T/hn.ini"
"$YINFA" run "$T/hn.ini" --only announcement,notice --quiet 2>"$T/err"
check "the run with the 19-character issuer succeeds" test $? -eq 0
mkdir -p "$T/in" "$T/lo"
for k in notice announcement; do cp "$T/hn/$k.docx" "$T/in/$k.docx"; done
# the office's font names mapped to the free fonts yinfa uses, as docx_programs.sh does
cat >"$T/fonts.conf" <<'FC'
<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
  <alias binding="same"><family>仿宋_GB2312</family><prefer><family>FandolFang</family></prefer></alias>
  <alias binding="same"><family>方正小标宋简体</family><prefer><family>Noto Serif CJK SC</family></prefer></alias>
  <alias binding="same"><family>黑体</family><prefer><family>Noto Sans CJK SC</family></prefer></alias>
  <alias binding="same"><family>楷体_GB2312</family><prefer><family>LXGW WenKai</family></prefer></alias>
</fontconfig>
FC
FONTCONFIG_FILE="$T/fonts.conf" timeout 120 soffice -env:UserInstallation="file://$T/profile" --headless --convert-to pdf \
  --outdir "$T/lo" "$T"/in/*.docx >"$T/soffice.log" 2>&1
check "LibreOffice converts both DOCX files" test "$(ls "$T"/lo/*.pdf 2>/dev/null | wc -l)" -eq 2
/usr/bin/python3 - "$T" "$NAME" notice:2019年9月29日 announcement:2019年10月18日 <<'EOF' >"$T/out"
import re, subprocess, sys, zipfile
T, name = sys.argv[1], sys.argv[2]

def width(s):  # hundredths of a character, as the writer counts: ASCII half, else whole
    return sum(50 if ord(c) < 0x80 else 100 for c in s)

def pdf_lines(pdf):  # (text, x-centre) of each line, in reading order, pages in turn
    html = subprocess.run(["pdftotext", "-bbox-layout", pdf, "-"], capture_output=True, text=True).stdout
    out = []
    for page in re.findall(r"<page .*?</page>", html, re.S):
        lines = []
        for attrs, body in re.findall(r"<line (.*?)>(.*?)</line>", page, re.S):
            box = dict((k, float(v)) for k, v in re.findall(r'(\w+)="([\d.]+)"', attrs))
            lines.append((box["yMin"], "".join(re.findall(r">([^<]*)</word>", body)), (box["xMin"] + box["xMax"]) / 2))
        out += [(t, c) for _, t, c in sorted(lines)]
    return out

def date_page(pdf, date):  # the texts of the lines of the page that carries the date
    html = subprocess.run(["pdftotext", "-bbox-layout", pdf, "-"], capture_output=True, text=True).stdout
    for page in re.findall(r"<page .*?</page>", html, re.S):
        lines = sorted((float(re.search(r'yMin="([\d.]+)"', a).group(1)), "".join(re.findall(r">([^<]*)</word>", b)))
                       for a, b in re.findall(r"<line (.*?)>(.*?)</line>", page, re.S))
        texts = [t for _, t in lines]
        if date in texts:
            return texts
    return []

def over_date(lines, date):  # the two lines over the date, and the date's centre
    for i, (t, c) in enumerate(lines):
        if t == date and i >= 2:
            return [lines[i - 2], lines[i - 1]], c
    return None, None

for arg in sys.argv[3:]:
    kind, date = arg.split(":")
    ours, _ = over_date(pdf_lines(f"{T}/hn/{kind}.pdf"), date)
    expect = [t for t, _ in ours] if ours else []
    print(f"{kind} yinfa's PDF sets {'|'.join(expect)} over the date {'ok' if ''.join(expect) == name else 'FAIL'}")
    xml = zipfile.ZipFile(f"{T}/hn/{kind}.docx").read("word/document.xml").decode()
    paras = []
    for p in re.findall(r"<w:p>(?:(?!</w:p>).)*?GwSignature(?:(?!</w:p>).)*?</w:p>", xml):
        r = re.search(r'w:rightChars="(\d+)"', p)
        paras.append(("".join(re.findall(r"<w:t[^>]*>([^<]*)</w:t>", p)), int(r.group(1)) if r else -1))
    texts = [t for t, _ in paras]
    print(f"{kind} DOCX signature paragraphs {'|'.join(texts)} {'ok' if texts == expect + [date] else 'FAIL'}")
    if len(paras) == 3:
        centre = paras[2][1] + width(date) / 2
        off = [abs(r + width(t) / 2 - centre) for t, r in paras[:2]]
        print(f"{kind} DOCX lines centred over the date (rightChars + half: off by {off}; date at {paras[2][1]}) "
              f"{'ok' if max(off) <= 1 and paras[2][1] == 400 else 'FAIL'}")
    # 7.3.5.5 (a fresh user's trial: LibreOffice put the 附件说明 and the 署名 alone on page 2):
    # the date's page carries two lines of text above the 附件说明
    pg = date_page(f"{T}/lo/{kind}.pdf", date)
    k = next((i for i, t in enumerate(pg) if t.startswith("附件：")), -1)
    print(f"{kind} LibreOffice: {k} line(s) of text above the 附件说明 on the date's page "
          f"{'ok' if k >= 2 else 'FAIL'}")
    lo, c = over_date(pdf_lines(f"{T}/lo/{kind}.pdf"), date)
    got = [t for t, _ in lo] if lo else []
    print(f"{kind} LibreOffice sets {'|'.join(got)} over the date {'ok' if got == expect else 'FAIL'}")
    if lo:
        off = [round(abs(x - c), 1) for _, x in lo]
        # LibreOffice 7.4 puts 0.2 em between a digit and a Chinese character, w:autoSpaceDN="0"
        # or not (Word and WPS follow it, as yinfa's PDF): the date is that much wider than the
        # writer counts and its centre half of it to the left (2019年9月29日: 5 gaps, 8 pt). Within
        # 2 pt of that, not the right edge the old writer gave (2 to 3 characters off); the two
        # lines on one centre
        gaps = sum(1 for a, b in zip(date, date[1:]) if a.isdigit() != b.isdigit())
        want = gaps * 0.2 * 16 / 2
        print(f"{kind} LibreOffice centres them on the date (off by {off} pt, its digit gaps {want} pt) "
              f"{'ok' if max(abs(o - want) for o in off) <= 2 and abs(lo[0][1] - lo[1][1]) <= 1 else 'FAIL'}")
EOF
while read -r line; do
  check "${line% *}" test "${line##* }" = ok
done <"$T/out"
check "twelve checks were made" test "$(wc -l <"$T/out")" -eq 12
finish
