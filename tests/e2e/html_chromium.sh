#!/bin/bash
# The 公示 as a web page (issue 25 §4) opened in a real browser: headless Chromium (Debian
# chromium, installed by `make deps`; this test fails, never skips, without it) screenshots it
# once — a PNG of the window's size that is not blank and shows the red 版头 — and dumps the DOM
# it built, in which every admitted enterprise of the round is in a table cell and nothing names
# another resource (no http(s):// URL, no src=/href=, no url( in a style). The browser runs with
# no network (every host resolves to nothing), so the page must stand alone.
source "$(dirname "$0")/../e2e_lib.sh"
T=$E2E_TMP
XML=$ROOT/samples/xuchang-2022.xml
sed -e "s|^input *=.*|input = $XML|" -e "s|^output *=.*|output = $T/out|" \
  -e 's|^\[output\]|[output]\nformats = pdf, html|' samples/xuchang-2022.ini >"$T/h.ini"
"$YINFA" run "$T/h.ini" --quiet
check "a run with formats = pdf, html succeeds" test $? -eq 0
PAGE=$T/out/notice.html
check "the 公示 is written as notice.html" test -s "$PAGE"

CHROMIUM=$(command -v chromium || command -v chromium-browser)
check "chromium is installed (make deps installs it)" test -n "$CHROMIUM"
browser() { # ARGS...: headless, no sandbox (root in a container), no profile, no network
  timeout 60 "$CHROMIUM" --headless --no-sandbox --disable-gpu --no-first-run --disable-extensions \
    --disable-background-networking --disable-sync --user-data-dir="$T/profile" \
    --host-resolver-rules='MAP * ~NOTFOUND' --hide-scrollbars "$@" 2>>"$T/chromium.err"
}
W=1000 H=1400
browser --window-size=$W,$H --screenshot="$T/shot.png" "file://$PAGE" >/dev/null
check "chromium takes a screenshot" test -s "$T/shot.png"
out=$(/usr/bin/python3 - "$T/shot.png" $W $H <<'EOF'
import sys
from PIL import Image
im = Image.open(sys.argv[1]).convert("RGB")
w, h = im.size
px = list(im.getdata())
ink = sum(1 for r, g, b in px if r + g + b < 600) / len(px)
red = sum(1 for r, g, b in px if r > 180 and g < 80 and b < 80)
print(f"{w}x{h} ink={ink:.3f} red={red}")
ok = (w, h) == (int(sys.argv[2]), int(sys.argv[3])) and 0.01 < ink < 0.6 and red > 500
sys.exit(0 if ok else 1)
EOF
)
check "the screenshot is ${W}x$H, not blank, with the red 版头 ($out)" test $? -eq 0

browser --dump-dom "file://$PAGE" >"$T/dom.html"
check "chromium dumps the page's DOM" grep -q '<table' "$T/dom.html"
out=$(/usr/bin/python3 - "$T/dom.html" "$XML" <<'EOF'
import html.parser, re, sys, xml.etree.ElementTree as ET
class Cells(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.cells, self.open, self.refs = [], [], []
    def handle_starttag(self, tag, attrs):
        if tag == "td":
            self.open.append([])
        for k, v in attrs:
            if k in ("src", "href", "srcset", "data", "action") or (v and ("url(" in v or "://" in v)):
                self.refs.append(f"<{tag} {k}={v}>")
    def handle_endtag(self, tag):
        if tag == "td" and self.open:
            self.cells.append("".join("".join(self.open.pop()).split()))
    def handle_data(self, data):
        for c in self.open:
            c.append(data)
dom = open(sys.argv[1], encoding="utf-8").read()
p = Cells()
p.feed(dom)
admitted = ["".join(a.find("enterprise/name").text.split()) for a in ET.parse(sys.argv[2]).getroot().iter("applicant")
            if (a.findtext("review/decision") or "").strip() == "admitted"]
cells = set(p.cells)
missing = [n for n in admitted if n not in cells]
urls = re.findall(r"https?://[^\s\"'<>)]+|url\(", dom)
print(f"admitted={len(admitted)} cells={len(p.cells)} missing={len(missing)}{' e.g. ' + missing[0] if missing else ''} "
      f"refs={len(p.refs) + len(urls)}{' e.g. ' + (p.refs + urls)[0] if p.refs or urls else ''}")
EOF
)
echo "$out"
n=$(grep -oE 'admitted=[0-9]+' <<<"$out" | cut -d= -f2)
check "the round has admitted enterprises ($n)" test "${n:-0}" -gt 10
check "every admitted enterprise is in a table cell of the DOM Chromium built" grep -q 'missing=0 ' <<<"$out"
check "the page names no URL and no other resource" grep -q 'refs=0$' <<<"$out"
finish
