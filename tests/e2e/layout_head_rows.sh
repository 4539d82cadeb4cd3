#!/bin/bash
# Issue 20 (pages4): a table inside a labelled row lost its column heads over a page break. Given
# ~30 honours, the Hunan 申报书's honours table (the label 企业荣誉 spanning its rows, then the
# head row 序号 奖项名称 级别 获得时间, marked <row header="yes"> in the template) went on to the
# next pages with 企业荣誉（续） but no column heads. Now every page that carries honours rows
# carries the head row above them, once; every honour is printed once, in order, each (two lines)
# whole on one page; page_lint finds nothing.
source "$(dirname "$0")/../e2e_lib.sh"
T=$E2E_TMP
# one applicant (HN-2019-002) of the sample, its honours replaced by 30
python3 - "$ROOT/samples/hunan-2019.xml" "$T/hn.xml" <<'PY'
import re, sys
s = open(sys.argv[1]).read()
head, rest = s.split("<applicant ", 1)
apps = re.findall(r"  <applicant .*?</applicant>\n", "  <applicant " + rest, re.S)
app = [a for a in apps if 'id="HN-2019-002"' in a][0]
levels = ["国家级", "省级", "市级"]
hon = "".join('      <honour level="%s" date="20%02d-%02d">第%d项工业互联网平台应用创新推广中心试点示范项目</honour>\n'
              % (levels[i % 3], 10 + i % 9, 1 + i % 12, i + 1) for i in range(30))
app = re.sub(r"(      <honour .*?</honour>\n)+", lambda m: hon, app, count=1, flags=re.S)
tail = s[s.rindex("</applicant>") + len("</applicant>\n"):]
open(sys.argv[2], "w").write(head + app + tail)
PY
check "the input has one applicant with 30 honours" \
  test "$(xmllint --xpath 'count(//applicant[count(enterprise/honour) = 30])' "$T/hn.xml")" = 1
sed -e "s|^input .*|input = $T/hn.xml|" -e "s|^output .*|output = $T/out|" \
  "$ROOT/samples/hunan-2019.ini" >"$T/hn.ini"
"$YINFA" run "$T/hn.ini" --only application --quiet 2>"$T/err"
rc=$?
check "run exits 0 (exit $rc: $(head -c 300 "$T/err"))" test "$rc" -eq 0
pdf="$T/out/applicants/HN-2019-002/application.pdf"
check "the 申报书 is written" test -s "$pdf"
pdftotext -bbox-layout "$pdf" "$T/app.html"
out=$(python3 - "$T/app.html" <<'PY'
import re, sys
probs, pages_with_rows, seen = [], 0, []
for no, page in enumerate(re.findall(r"<page .*?</page>", open(sys.argv[1]).read(), re.S), 1):
    lines = []
    for ln in re.findall(r"<line (.*?)>(.*?)</line>", page, re.S):
        box = dict((k, float(v)) for k, v in re.findall(r'(\w+)="([\d.]+)"', ln[0]))
        lines.append((box["yMin"], "".join(re.findall(r">([^<]*)</word>", ln[1]))))
    lines.sort()
    rows = [(y, int(m.group(1))) for y, t in lines for m in [re.match(r"第(\d+)项工业互联网", t)] if m]
    if not rows:
        continue
    pages_with_rows += 1
    seen += [n for _, n in rows]
    tails = sum(1 for _, t in lines if t.startswith("新推广中心试点示范项目"))
    if tails != len(rows):  # a two-line honour moves whole, never split over two pages
        probs.append("page %d: %d honours, %d second lines" % (no, len(rows), tails))
    heads = [y for y, t in lines if t.startswith("序号")]
    if len(heads) != 1:
        probs.append("page %d: %d head rows (序号) over honours %d-%d" % (no, len(heads), rows[0][1], rows[-1][1]))
    elif heads[0] > rows[0][0]:
        probs.append("page %d: the head row is below honour %d" % (no, rows[0][1]))
    for want in ("奖项名称", "级别", "获得时间"):
        if heads and not any(abs(y - heads[0]) < 3 and want in t for y, t in lines):
            probs.append("page %d: the head row lacks %s" % (no, want))
if pages_with_rows < 2:
    probs.append("the honours are on %d page(s): the case does not cross a page" % pages_with_rows)
if seen != list(range(1, 31)):
    probs.append("honours printed %s, want 1..30 once each in order" % seen)
print("%d pages carry honours; %s" % (pages_with_rows, "; ".join(probs) or "each with its head row above them"))
sys.exit(1 if probs else 0)
PY
)
check "honours: $out" test $? -eq 0
n=$(pdftotext "$pdf" - | grep -c "（续）")
check "企业荣誉 said again with （续） on the pages its rows go on to ($n)" test "$n" -ge 1
out=$(python3 "$ROOT/tests/tools/page_lint.py" "$pdf" 2>&1 | tail -1)
check "page_lint: $out" grep -q ' 0 findings' <<<"$out"
finish
