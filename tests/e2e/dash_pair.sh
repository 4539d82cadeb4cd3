#!/bin/bash
# Runs that must look like one mark (issue 13 §4), shared case tests/cases/dash-pair-gap: the
# 破折号 "——" in 他的家乡——中国 is drawn as one unbroken line two ems wide, whatever the font's
# side bearings (the default Song draws each U+2014 1.7 pt short of its em), and still extracts
# as "——". Measured on a 600 dpi render: every pixel column between the dash's ends has ink.
source "$(dirname "$0")/../e2e_lib.sh"

case=tests/cases/dash-pair-gap
check "case $case is present" test -f "$case/round.xml"
"$YINFA" run samples/xuchang-2022.ini --input "$case/round.xml" --output "$E2E_TMP/out" --force \
  --quiet 2>"$E2E_TMP/err"
rc=$?
check "case runs (exit 0)" test "$rc" -eq 0
pdf="$E2E_TMP/out/applicants/DA-1/application.pdf"
raw=$(pdftotext -raw -f 2 -l 2 -enc UTF-8 "$pdf" - 2>/dev/null)
check "the text extracts with the dash whole: 他的家乡——中国，等等……以及“引号”" \
  grep -qF '他的家乡——中国，等等……以及“引号”' <<<"$raw"

# The word box of the line gives the dash's em boxes: 4 characters in, 12 pt each (小四, no
# tracking in cells).
box=$(pdftotext -bbox -f 2 -l 2 "$pdf" - 2>/dev/null | grep -E '>[^<]*他的家乡' | head -1)
read -r xmin ymin ymax < <(sed -E 's/.*xMin="([0-9.]+)" yMin="([0-9.]+)" xMax="[0-9.]+" yMax="([0-9.]+)".*/\1 \2 \3/' <<<"$box")
check "the line is found on page 2" test -n "$xmin"
prefix=$(sed -E 's/.*>([^<]*)他的家乡.*/\1/' <<<"$box")
n=$(( $(printf '%s' "$prefix" | wc -m) + 4 ))
dpi=600
python3 - "$pdf" "$xmin" "$ymin" "$ymax" "$n" "$dpi" "$E2E_TMP/crop" <<'PY' >"$E2E_TMP/ink"
import subprocess, sys
pdf, xmin, ymin, ymax, n, dpi, out = sys.argv[1], float(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6]), sys.argv[7]
x0 = xmin + 12 * n          # pen of the first dash
s = dpi / 72.0
X, Y, W, H = int(x0 * s) - 10, int(ymin * s), int(24 * s) + 20, int((ymax - ymin) * s)
subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", "-f", "2", "-l", "2", "-x", str(X), "-y", str(Y),
                "-W", str(W), "-H", str(H), "-singlefile", pdf, out], check=True)
data = open(out + ".pgm", "rb").read()
# P5 header: magic, width, height, maxval, then bytes
parts, pos = [], 0
while len(parts) < 4:
    while data[pos:pos + 1].isspace(): pos += 1
    start = pos
    while not data[pos:pos + 1].isspace(): pos += 1
    parts.append(data[start:pos])
pos += 1
w, h = int(parts[1]), int(parts[2])
px = data[pos:pos + w * h]
inked = [any(px[r * w + c] < 128 for r in range(h)) for c in range(w)]
cols = [c for c in range(w) if inked[c]]
# the longest run of inked columns, in points from the first dash's pen
best, run_start = (0, 0, 0), None
for c in range(w + 1):
    if c < w and inked[c]:
        if run_start is None: run_start = c
    elif run_start is not None:
        if c - run_start > best[0]: best = (c - run_start, run_start, c)
        run_start = None
to_pt = lambda c: (X + c) / s - x0
print("%.2f %.2f %.2f" % (best[0] / s, to_pt(best[1]), to_pt(best[2])))
PY
read -r len from to <"$E2E_TMP/ink"
echo "  longest ink run: $len pt, from $from to $to pt past the first dash's pen"
check "the dash pair is one unbroken run of ink at least 20 pt long (${len:-none})" \
  awk -v l="${len:-0}" 'BEGIN { exit !(l >= 20) }'
check "the run stays inside the two em boxes (${from:-?} .. ${to:-?} within -0.5 .. 24.5)" \
  awk -v a="${from:-99}" -v b="${to:-0}" 'BEGIN { exit !(a >= -0.5 && b <= 24.5) }'
finish
