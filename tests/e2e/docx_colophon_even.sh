#!/bin/bash
# The DOCX's 版记 on an even page at the foot (GB/T 9704 clause 8, 7.4; docs/docx.md): every
# program's 通知 with a 版记 (fujian-fusion, hunan-cloud, shandong-demo announcement.docx) opened by
# LibreOffice (one process, blank pages kept in its PDF, as a printer gets them) has an even number
# of pages, the 版记 (抄送 and 印发 lines) only on the last one, in the lower quarter of the page;
# yinfa's own PDF of the same document ends on an even page with its 版记 too.
source "$(dirname "$0")/../e2e_lib.sh"
T=$E2E_TMP
if ! command -v soffice >/dev/null; then
  fail "LibreOffice (libreoffice-writer-nogui) is installed (make deps)"; finish; exit; fi
mkdir -p "$T/in" "$T/lo"
for name in fujian-2024 hunan-2019 shandong-demo-2023; do
  sed -e "s|^input *=.*|input = $ROOT/samples/$name.xml|" -e "s|^output *=.*|output = $T/$name|" \
    -e 's|^\[output\]|[output]\nformats = pdf, docx|' "samples/$name.ini" >"$T/$name.ini"
  "$YINFA" run "$T/$name.ini" --only announcement --quiet
  check "$name: the 通知 is written as PDF and DOCX" test -s "$T/$name/announcement.docx" -a -s "$T/$name/announcement.pdf"
  cp "$T/$name/announcement.docx" "$T/in/$name.docx"
done
timeout 120 soffice -env:UserInstallation="file://$T/profile" --headless \
  --convert-to 'pdf:writer_pdf_Export:{"IsSkipEmptyPages":{"type":"boolean","value":"false"}}' \
  --outdir "$T/lo" "$T"/in/*.docx >"$T/soffice.log" 2>&1
check "LibreOffice converts the three DOCX files" test "$(ls "$T"/lo/*.pdf 2>/dev/null | wc -l)" -eq 3
# PDF: "pages=N colophon_pages=P1,P2 foot=Y/H" (the pages with 抄送 or 印发 and the lowest 印发's top)
where() {
  /usr/bin/python3 - "$1" <<'EOF'
import re, subprocess, sys
out = subprocess.run(["pdftotext", "-bbox", sys.argv[1], "-"], capture_output=True, text=True).stdout
pages, hits, y, h = 0, [], 0.0, 1.0
for line in out.splitlines():
    m = re.search(r'<page width="[\d.]+" height="([\d.]+)"', line)
    if m:
        pages += 1
        h = float(m.group(1))
    m = re.search(r'yMin="([\d.]+)".*>([^<]*)</word>', line)
    if m and ("抄送" in m.group(2) or "印发" in m.group(2)):
        hits.append(str(pages))
        if "印发" in m.group(2):
            y = float(m.group(1))
print(f"pages={pages} colophon_pages={','.join(sorted(set(hits)))} foot={y / h:.2f}")
EOF
}
for name in fujian-2024 hunan-2019 shandong-demo-2023; do
  w=$(where "$T/lo/$name.pdf")
  n=$(grep -oE 'pages=[0-9]+' <<<"$w" | head -1 | cut -d= -f2)
  check "$name: LibreOffice's pages are even, the 版记 only on the last, at the foot ($w)" \
    bash -c "[ \$(( ${n:-1} % 2 )) -eq 0 ] && grep -q 'colophon_pages=$n foot=0\.[89]' <<<'$w'"
  w=$(where "$T/$name/announcement.pdf")
  n=$(grep -oE 'pages=[0-9]+' <<<"$w" | head -1 | cut -d= -f2)
  check "$name: yinfa's PDF ends on an even page with its 版记 at the foot ($w)" \
    bash -c "[ \$(( ${n:-1} % 2 )) -eq 0 ] && grep -q 'colophon_pages=$n foot=0\.[89]' <<<'$w'"
done
finish
