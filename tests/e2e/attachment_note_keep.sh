#!/bin/bash
# Issue 20 (keep-together; GB/T 9704 7.3.4, 7.3.5.5): the 附件说明 heads the signature block. A
# fresh user's trial lengthened the Xuchang 公示's 公示期 sentence through a [wording] file, 0–420
# characters: at 406–420 the two-line 附件说明 split over pages 2 and 3 ('拟入库名单' alone over the
# 署名 at the top of page 3, page_lint near-empty, gbt9704_check 5.para.indent). Over that sweep
# (every 8 characters; every 24 under the sanitizers, whose pass is for the code paths, which
# 408 and 432 reach), the 附件说明 stays whole on the 署名's page, with at least two lines of the
# text above it there, page_lint finds nothing, and the text is kept.
source "$(dirname "$0")/../e2e_lib.sh"
T=$E2E_TMP
step=8
case "${YINFA_BUILD:-build}" in *asan*) step=24 ;; esac
lengths=$(seq 0 "$step" 432)
want=$(wc -w <<<"$lengths")
n=0 bad=0
for N in $lengths; do
  pad=$(python3 -c "print('补' * $N)")
  printf '公示期 = 公示期为{公示开始}至{公示结束}（{公示天数}个工作日）。%s公示期间，任何单位和个人对公示名单有异议的，可以书面形式向{发文机关}反映。\n' "$pad" >"$T/w$N.txt"
  sed -e "s|^input .*|input = $ROOT/samples/xuchang-2022.xml|" -e "s|^output .*|output = $T/o$N|" \
    "$ROOT/samples/xuchang-2022.ini" >"$T/t$N.ini"
  printf '\n[wording]\nfile = w%s.txt\n' "$N" >>"$T/t$N.ini"
  "$YINFA" run "$T/t$N.ini" --only notice --quiet 2>"$T/err$N" || { echo "  N=$N: exit $?"; bad=$((bad + 1)); continue; }
  n=$((n + 1))
  pdftotext -layout "$T/o$N/notice.pdf" "$T/n$N.txt"
  out=$(python3 - "$T/n$N.txt" "$N" <<'PY'
import sys
pages = open(sys.argv[1], encoding="utf-8").read().split("\f")
probs = []
for i, pg in enumerate(pages):
    lines = [l.strip() for l in pg.splitlines() if l.strip()]
    k = next((j for j, l in enumerate(lines) if l.startswith("附件：")), None)
    if k is None:
        continue
    rest = "".join(lines[k:])
    if "拟入库名单" not in rest or "许昌市工业和信息化局" not in rest:
        probs.append("p%d: the 附件说明 and 署名 are not on one page" % (i + 1))
    if k < 2:
        probs.append("p%d: %d line(s) of text above the 附件说明" % (i + 1, k))
text = "".join("".join(l.strip() for l in pg.splitlines()) for pg in pages)
if text.count("补") != int(sys.argv[2]):
    probs.append("%d 补 in the text, %s given" % (text.count("补"), sys.argv[2]))
print("; ".join(probs))
PY
)
  [ -z "$out" ] || { echo "  N=$N: $out"; bad=$((bad + 1)); }
done
check "$want lengths of the 公示期 sentence run ($n)" test "$n" -eq "$want"
check "the 附件说明 whole, with the 署名 and two lines of text, at every length ($bad bad)" test "$bad" -eq 0
lint=$(python3 "$ROOT/tests/tools/page_lint.py" "$T"/o*/notice.pdf | tail -1)
check "page_lint: $lint" grep -q ", 0 findings" <<<"$lint"
finish
