#!/bin/bash
# The template blocks in a real run, read back from the PDFs: a 封面 (cover.xml: title block,
# fill-in lines with and without a value, footer, no page number) and a grouped notice
# (grouped.xml: heading rows per 培育方向 with one running number, the 版头 and signature
# included from templates/common/, a 版记 whose 抄送/印发 the layout writes).
source "$(dirname "$0")/../e2e_lib.sh"
DATA="$ROOT/tests/e2e/data"
home="$E2E_TMP/home"
mkdir -p "$home/templates"
cp -r templates/xuchang-nit templates/common "$home/templates/"
ln -s "$ROOT/fonts" "$home/fonts"
ln -s "$ROOT/data" "$home/data"
cp "$DATA/blocks/cover.xml" "$DATA/blocks/grouped.xml" "$home/templates/xuchang-nit/"
sed -i 's|</program>|  <document kind="cover" scope="applicant" output="applicants/{id}/cover.pdf" template="cover.xml"/>\n  <document kind="grouped" scope="round" output="grouped.pdf" template="grouped.xml" page-numbers="yes" grid="yes"/>\n</program>|' \
  "$home/templates/xuchang-nit/program.xml"
sed -e "s|^input *=.*|input = $ROOT/samples/xuchang-2022.xml|" -e "s|^output *=.*|output = $E2E_TMP/out|" \
  samples/xuchang-2022.ini >"$E2E_TMP/job.ini"
YINFA_HOME="$home" "$YINFA" run "$E2E_TMP/job.ini" --quiet 2>"$E2E_TMP/run.err"
check "run with cover and grouped documents succeeds" test $? -eq 0
[ -s "$E2E_TMP/run.err" ] && head -5 "$E2E_TMP/run.err"

cover="$E2E_TMP/out/applicants/XC-2022-001/cover.pdf"
c1=$(pdftotext -f 1 -l 1 -layout -enc UTF-8 "$cover" - 2>/dev/null)
check "cover: title block" bash -c "grep -q '申 *报 *书' <<<'$c1'"
check "cover: the applicant on its fill-in line" bash -c "grep -q '申报单位（盖章）：.*许昌绿源信息技术有限公司' <<<'$c1'"
check "cover: footer" bash -c "grep -q '湖南省工业和信息化厅制' <<<'$c1'"
check "cover: no page number" bash -c "! grep -q '— 1 —' <<<'$c1'"
check "cover: the form starts on page 2" bash -c "pdftotext -f 2 -l 2 -enc UTF-8 '$cover' - | grep -q '一、申请表'"
check "cover: honours table has at least 4 numbered rows" \
  bash -c "pdftotext -f 2 -l 2 -layout -enc UTF-8 '$cover' - | grep -qE '^ *4 *$|^ *4 '"
check "cover: fill-in lines are ruled" bash -c "[ \$(qpdf --qdf --object-streams=disable '$cover' - | grep -c ' l$') -ge 4 ]"

g=$(pdftotext -layout -enc UTF-8 "$E2E_TMP/out/grouped.pdf" - 2>/dev/null | tr -s ' ')
check "grouped: a heading per direction" bash -c "grep -q '一、.*（[0-9]*家）' <<<'$g' && grep -q '二、' <<<'$g'"
n=$(grep -c "<decision>admitted" samples/xuchang-2022.xml)
check "grouped: numbers run on to the last admitted ($n)" bash -c "grep -qE '^ ?$n 许昌|^ ?$n [^ ]+有限公司' <<<'$g'"
check "grouped: 版头 and signature from templates/common" bash -c "grep -q '许工信〔2022〕12号' <<<'$g' && grep -q '2022年5月6日' <<<'$g'"
check "grouped: 版记 with 印发 (written by the layout, in the font subset)" \
  bash -c "grep -q '许昌市工业和信息化局办公室 *2022年5月6日印发' <<<'$g'"
emb=$(pdffonts "$E2E_TMP/out/grouped.pdf" 2>/dev/null | tail -n +3 | awk '$(NF-4) != "yes"')
check "grouped: every font embedded" test -z "$emb"
finish
