#!/bin/bash
# Issue 20: a long issuer name ran the 版记's 印发机关 into its 印发日期 (and off the page) with
# exit 0. The 印发机关 now wraps within the 版记; the check over every document's ops (text
# over text, text off the page) is what would have failed such a document instead of writing
# it. The Fujian sample round with two long issuers: the 通知 and 公示 written, no overprint or
# off-page text (page_lint), the name whole in the text.
source "$(dirname "$0")/../e2e_lib.sh"
T=$E2E_TMP
lint="$ROOT/tests/tools/page_lint.py"
i=0
for name in 中共福建省委网络安全和信息化委员会办公室 福建省工业和信息化厅（福建省中小企业服务局、福建省国防科技工业办公室）; do
  i=$((i + 1))
  sed -e "s|^input .*|input = $ROOT/samples/fujian-2024.xml|" -e "s|^output .*|output = $T/out$i|" \
    -e "s|^name = .*|name = $name|" "$ROOT/samples/fujian-2024.ini" >"$T/job$i.ini"
  check "job $i has the long issuer" grep -q "^name = $name" "$T/job$i.ini"
  "$YINFA" run "$T/job$i.ini" --only announcement,notice --quiet 2>"$T/err$i"
  rc=$?
  check "job $i: run exits 0 (exit $rc)" test "$rc" -eq 0
  for doc in announcement notice; do
    pdf="$T/out$i/$doc.pdf"
    check "job $i: $doc.pdf written" test -s "$pdf"
    out=$(python3 "$lint" "$pdf" 2>&1)
    check "job $i: $doc page_lint: no finding ($(echo "$out" | tail -1))" grep -q ' 0 findings' <<<"$out"
    [ "$doc" = announcement ] || continue # Fujian's 通知 has no 版记
    # the 版记 ends the text: the name, wrapped or not, reads whole before the date
    txt=$(pdftotext "$pdf" - | tr -d ' \n')
    check "job $i: $doc: 印发机关 and 印发日期 in the text" grep -q "${name}办公室.*2024年10月18日印发\|${name}.*2024年10月18日印发" <<<"$txt"
  done
done
finish
