#!/bin/bash
# Pages a clerk can issue as they come out (issue 20): tests/tools/page_lint.py (near-empty pages,
# text over text or off the page, a heading at a page foot; with --numbered the page numbers and
# the 版记 page of notices and 通知) finds nothing on any document of any program's sample round.
# (The shandong 公示's 附件说明 and signature were one grid line short of fitting under its text
# and stood on page 2 alone; now the blank line under the title gives way, GB/T 9704 7.3.5.5.)
source "$(dirname "$0")/../e2e_lib.sh"
T=$E2E_TMP
lint="$ROOT/tests/tools/page_lint.py"
check "page_lint is in the tree" test -f "$lint"
for p in xuchang-2022 hunan-2019 fujian-2024 shandong-demo-2023 henan-2024; do
  "$YINFA" run "$ROOT/samples/$p.ini" --output "$T/$p" --quiet 2>"$T/err.$p"
  check "$p: the sample round runs" test $? -eq 0
done
python3 "$lint" "$T" >"$T/all" 2>&1
grep ' p[0-9]*: ' "$T/all" | head -5
n=$(find "$T" -name '*.pdf' | wc -l)
check "every document was read ($n PDFs)" grep -qE "^$n documents, [0-9]+ pages" "$T/all"
check "page_lint: no finding on any sample document ($(tail -1 "$T/all"))" \
  bash -c '! grep -q " p[0-9]*: " "$1"' _ "$T/all"
python3 "$lint" --numbered "$T"/*/notice.pdf "$T"/*/announcement.pdf >"$T/num" 2>&1
check "page_lint --numbered: page numbers and the 版记 page of every 公示 and 通知 ($(tail -1 "$T/num"))" \
  bash -c '! grep -q " p[0-9]*: " "$1"' _ "$T/num"
check "the 通知 of three programs were checked" \
  test "$(ls "$T"/*/announcement.pdf | wc -l)" -eq 3
# henan's 评价指标表 is one page for every enterprise (60 of 96 ran to two)
pages=$(for f in "$T"/henan-2024/enterprises/*/evaluation.pdf; do pdfinfo "$f" | awk '/^Pages:/ {print $2}'; done | sort | uniq -c | tr -s ' ')
check "henan 评价指标表: every one on one page ($pages)" test "$pages" = " 96 1"
# henan: inside each 领域 of the 公示 the 规模 come in a fixed order (大型, 中型, 小型, 微型; the
# sample's input order put 中型 first in 6 of 16), and the 评价指标表 numbers its six categories
python3 - "$T/henan-2024/notice.pdf" >"$T/sizes" <<'PY'
import re, subprocess, sys
t = subprocess.run(["pdftotext", "-layout", sys.argv[1], "-"], capture_output=True, text=True).stdout
rank = {"大型": 0, "中型": 1, "小型": 2, "微型": 3}
bad, groups, rows, cur, last = [], 0, 0, None, -1
for line in t.splitlines():
    m = re.match(r"^\s*(\S+)（\d+家）\s*$", line)
    if m:
        cur, last, groups = m.group(1), -1, groups + 1
        continue
    m = re.search(r"\s(大型|中型|小型|微型)\s", line)
    if m and cur:
        rows += 1
        if rank[m.group(1)] < last:
            bad.append(cur)
        last = rank[m.group(1)]
print("%d groups, %d rows; out of order: %s" % (groups, rows, " ".join(sorted(set(bad))) or "none"))
sys.exit(1 if bad or groups < 10 or rows < 40 else 0)
PY
check "henan 公示: 规模 in a fixed order inside every 领域 ($(cat "$T/sizes"))" test $? -eq 0
check "henan 评价指标表: categories numbered （一）…（六）" bash -c \
  'pdftotext -layout "$1" - | grep -oE "（[一二三四五六]）(发展质量|创新驱动|智能制造|绿色制造|头雁效应|管理水平)" | tr -d "\n" | grep -qx "（一）发展质量（二）创新驱动（三）智能制造（四）绿色制造（五）头雁效应（六）管理水平"' \
  _ "$T/henan-2024/enterprises/HN-047/evaluation.pdf"
finish
