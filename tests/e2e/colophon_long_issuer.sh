#!/bin/bash
# Issue 20: a long issuer name ran the 版记's 印发机关 into its 印发日期 (and off the page) with
# exit 0. The 印发机关 now wraps within the 版记; the check over every document's ops (text
# over text, text off the page) is what would have failed such a document instead of writing
# it. The Fujian sample round with a long issuer (19 characters: its 署名 in two lines, see
# layout_signature_two_lines.sh) and with a long 印发机关 (a 38-character printer; an issuer that
# long fails its signature): the 通知 and 公示 written, no overprint or off-page text
# (page_lint), the name whole in the text.
source "$(dirname "$0")/../e2e_lib.sh"
T=$E2E_TMP
lint="$ROOT/tests/tools/page_lint.py"
i=0
for name in 中共福建省委网络安全和信息化委员会办公室 福建省工业和信息化厅（福建省中小企业服务局、福建省国防科技工业办公室）; do
  i=$((i + 1))
  if [ $i -eq 1 ]; then set_name="s|^name = .*|name = $name|"; else set_name="s|^name = .*|&\nprinter = ${name}办公室|"; fi
  sed -e "s|^input .*|input = $ROOT/samples/fujian-2024.xml|" -e "s|^output .*|output = $T/out$i|" \
    -e "$set_name" "$ROOT/samples/fujian-2024.ini" >"$T/job$i.ini"
  check "job $i has the long issuer or printer" grep -q "^name = $name\|^printer = $name" "$T/job$i.ini"
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

# The 印发机关: the issuer + 办公室, but not after an issuer that is an office already (it printed
# …办公室办公室); the INI's [issuer] printer when given.
txt=$(pdftotext "$T/out1/announcement.pdf" - | tr -d ' \n')
check "an issuer ending in 办公室 gets no second 办公室" test -z "$(grep -o '办公室办公室' <<<"$txt")"
sed -e 's|^name = .*|name = 福建省人民政府办公厅|' "$T/job1.ini" >"$T/job3.ini"
sed -e 's|^name = .*|&\nprinter = 福建省工业和信息化厅秘书处|' -e "s|^output .*|output = $T/out4|" "$ROOT/samples/fujian-2024.ini" >"$T/job4.ini"
sed -i "s|^input .*|input = $ROOT/samples/fujian-2024.xml|" "$T/job4.ini"
sed -i "s|^output .*|output = $T/out3|" "$T/job3.ini"
check "job 4 names its printer" grep -q '^printer = 福建省工业和信息化厅秘书处' "$T/job4.ini"
for j in 3 4; do
  "$YINFA" run "$T/job$j.ini" --only announcement --quiet 2>"$T/err$j"
  rc=$?
  check "job $j: run exits 0 (exit $rc $(head -c 300 "$T/err$j"))" test "$rc" -eq 0
done
# the 版记's own line, as the page shows it
txt=$(pdftotext -layout "$T/out3/announcement.pdf" - | grep '印发$' | tr -d ' ')
check "an issuer ending in 办公厅 prints itself ($txt)" test "$txt" = '福建省人民政府办公厅2024年10月18日印发'
txt=$(pdftotext "$T/out3/announcement.pdf" - | tr -d ' \n')
check "... not 办公厅办公室" test -z "$(grep -o '办公厅办公室' <<<"$txt")"
txt=$(pdftotext -layout "$T/out4/announcement.pdf" - | grep '印发$' | tr -d ' ')
check "[issuer] printer is the 印发机关 ($txt)" test "$txt" = '福建省工业和信息化厅秘书处2024年10月18日印发'

finish
