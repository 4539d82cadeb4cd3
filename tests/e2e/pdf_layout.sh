#!/bin/bash
# A multi-page notice through the real layout engine and the PDF backend (pdfdemo --layout):
# exact text back, the GB/T 9704 grid measured on the PDF (22 lines of 28 characters inside the
# 156 x 225 mm type area), page numbers odd right / even left, fonts, qpdf, reproducibility.
source "$(dirname "$0")/../e2e_lib.sh"
DEMO="$ROOT/${YINFA_BUILD:-build}/tools/pdfdemo"
T=$E2E_TMP

check "notice renders through layout" "$DEMO" --layout --expect "$T/expect.txt" "$T/n.pdf"
pdftotext "$T/n.pdf" - | tr -d ' \n\f' >"$T/flat.txt"
missing=0
while IFS= read -r line; do
  flat=$(printf '%s' "$line" | tr -d ' ')
  grep -qF -- "$flat" "$T/flat.txt" || { echo "  not extracted: $line"; missing=1; }
done <"$T/expect.txt"
check "every drawn string extracted exactly" test "$missing" -eq 0
check "rare characters extracted" grep -qF "王䶮、李堃、张喆、赵珺，地址长葛市〇号路，𠮷野家" "$T/flat.txt"

grid_ok() { # page 2 is a full body page
  pdftotext -bbox-layout -f 2 -l 2 "$T/n.pdf" "$T/p2.html" || return 1
  python3 - "$T/p2.html" <<'PY'
import re, sys
s = open(sys.argv[1], encoding="utf-8").read()
mm = 72 / 25.4
body = []
for x0, y0, x1, y1, inner in re.findall(r'<line xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</line>', s, re.S):
    text = "".join(re.findall(r">([^<]*)</word>", inner))
    x0, y0, x1, y1 = (float(v) / mm for v in (x0, y0, x1, y1))
    if text.startswith("—"):
        continue  # page number, outside the type area
    body.append((len(text), x0, y0, x1, y1))
ok = len(body) == 22
ok &= all(27.5 <= b[1] and b[3] <= 184.5 and 37 <= b[2] and b[4] <= 262 for b in body)
full = [b for b in body if abs(b[1] - 28) < 0.5 and abs(b[3] - 184) < 0.5]
ok &= len(full) >= 10 and all(b[0] == 28 for b in full)
print(f"  {len(body)} lines, {len(full)} full lines of {sorted(set(b[0] for b in full))} characters")
sys.exit(0 if ok else 1)
PY
}
check "full body page: 22 lines of 28 characters in the type area" grid_ok

page_numbers_ok() {
  pdftotext -bbox-layout -f 1 -l 2 "$T/n.pdf" "$T/p12.html" || return 1
  python3 - "$T/p12.html" <<'PY'
import re, sys
s = open(sys.argv[1], encoding="utf-8").read()
mm = 72 / 25.4
pages = re.findall(r"<page.*?</page>", s, re.S)
res = []
for i, p in enumerate(pages, 1):
    for x0, x1, inner in re.findall(r'<line xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">(.*?)</line>', p, re.S):
        t = "".join(re.findall(r">([^<]*)</word>", inner))
        if t.startswith("—") and t.endswith("—"):
            res.append((i, float(x0) / mm, float(x1) / mm))
odd = [r for r in res if r[0] == 1]
even = [r for r in res if r[0] == 2]
ok = len(odd) == 1 and len(even) == 1 and odd[0][2] > 150 and even[0][1] < 60
print("  page numbers (page, x0 mm, x1 mm):", [tuple(round(v, 1) for v in r) for r in res])
sys.exit(0 if ok else 1)
PY
}
check "page numbers: odd right, even left" page_numbers_ok

pdffonts "$T/n.pdf" >"$T/fonts.txt"
check "every font embedded, subset, with ToUnicode" bash -c \
  "tail -n +3 '$T/fonts.txt' | awk '!(\$(NF-4)==\"yes\" && \$(NF-3)==\"yes\" && \$(NF-2)==\"yes\") {bad=1} END {exit bad}'"
check "qpdf --check clean" bash -c "qpdf --check '$T/n.pdf' >/dev/null"
"$DEMO" --layout "$T/n2.pdf" && check "two renders byte-identical" cmp "$T/n.pdf" "$T/n2.pdf"
check "table continues with its header on the next page" bash -c \
  "[ \$(pdftotext '$T/n.pdf' - | tr -d '\\f' | grep -c '^序号') -ge 2 ]"

finish
