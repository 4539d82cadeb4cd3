#!/bin/bash
# People's names are never broken across lines: on the 附件3 review form the experts' names
# (`join | nobreak`, U+2060 WORD JOINER between each name's characters) wrap only between names,
# and the joiners are never drawn, so pdftotext gives the names with nothing added. A joiner or
# ZWNBSP in the round's own text needs no glyph either.
source "$(dirname "$0")/../e2e_lib.sh"

# Expert lists whose plain `join` falls across a name at the end of the cell's first line
# ("……褚红梅、钱" / "立新"), at different places of the name.
lists=(
  "王志强 陈建设 赵丽 褚红梅 钱立新"
  "王强 陈建设 赵丽 褚红梅 钱立新 孙明"
  "欧阳志强 陈建设 赵丽丽 褚红梅 钱立新"
  "李四 王志强 陈建设 赵丽 褚红梅 钱立新"
  "王志强 陈建设 赵丽 褚红梅 钱立 司马相如"
  "周晓 王志强 陈建 赵丽 褚红梅 钱立新 孙明"
)
codes=(91411002MA0T0K00X5 91411002MA0T0K01X6 91411002MA0T0K02X7 91411002MA0T0K03X8
       91411002MA0T0K04X9 91411002MA0T0K05XA)
WJ=$'\u2060'
ZWNBSP=$'\uFEFF'
{
  echo '<?xml version="1.0" encoding="UTF-8"?>'
  echo '<review-round program="xuchang-nit" year="2022">'
  for i in "${!lists[@]}"; do
    n=$((i + 1))
    company="名字测试${n}有限公司"
    [ "$n" -eq 6 ] && company="名字${WJ}测试${n}有限${ZWNBSP}公司" # invisible characters in the data
    echo "  <applicant id=\"N-$n\" county=\"魏都区\">"
    echo "    <enterprise><name>$company</name><credit-code>${codes[i]}</credit-code></enterprise>"
    echo "    <project direction=\"工业互联网平台\"><name>测试项目$n</name></project>"
    echo "    <review><on-site date=\"2022-04-14\"><opinion>经现场核查，建议纳入培育库。</opinion>"
    for name in ${lists[i]}; do echo "      <expert name=\"$name\" role=\"成员\"/>"; done
    echo "    </on-site><decision>admitted</decision></review>"
    echo "  </applicant>"
  done
  echo '</review-round>'
} >"$E2E_TMP/names.xml"

sed -e "s|^input *=.*|input = $E2E_TMP/names.xml|" -e "s|^output *=.*|output = $E2E_TMP/out|" \
  samples/xuchang-2022.ini >"$E2E_TMP/names.ini"
"$YINFA" run "$E2E_TMP/names.ini" --quiet 2>"$E2E_TMP/err"
rc=$?
check "round with joiners in its data runs (exit 0)" test "$rc" -eq 0
[ "$rc" -eq 0 ] || head -5 "$E2E_TMP/err"

split=0 lost=0 joiners=0 wrapped=0
for i in "${!lists[@]}"; do
  pdf="$E2E_TMP/out/applicants/N-$((i + 1))/review-form.pdf"
  raw=$(pdftotext -raw -enc UTF-8 "$pdf" - 2>/dev/null)
  # every name whole on one line of the raw text
  for name in ${lists[i]}; do
    if ! grep -qF -- "$name" <<<"$raw"; then
      split=$((split + 1))
      echo "  N-$((i + 1)): $name not whole on one line"
    fi
  done
  # the whole list, in order, with nothing between the characters
  want="专家签名：$(echo "${lists[i]}" | sed 's/ /、/g')"
  flat=$(tr -d ' \n\f\r\t' <<<"$raw")
  if [[ "$flat" != *"$want"* ]]; then
    lost=$((lost + 1))
    echo "  N-$((i + 1)): '$want' not in the text"
  fi
  if grep -qF -e "$WJ" -e "$ZWNBSP" <<<"$raw"; then
    joiners=$((joiners + 1))
    echo "  N-$((i + 1)): U+2060 or U+FEFF in the extracted text"
  fi
  # the list does wrap: its last name is not on the 专家签名 line (layout order, not raw)
  last=${lists[i]##* }
  pdftotext -enc UTF-8 "$pdf" - 2>/dev/null | grep -F "专家签名" | grep -qF -- "$last" ||
    wrapped=$((wrapped + 1))
done
check "every expert name on one line of pdftotext -raw" test "$split" -eq 0
check "each list extracted as 专家签名：A、B、… with no extra characters" test "$lost" -eq 0
check "no U+2060 or U+FEFF in the extracted text" test "$joiners" -eq 0
check "at least three lists wrap onto a second line (the test exercises wrapping)" \
  test "$wrapped" -ge 3

t=$(pdftotext -raw -enc UTF-8 "$E2E_TMP/out/applicants/N-6/application.pdf" - 2>/dev/null |
    tr -d ' \n\f\r\t')
check "joiners in the data are not drawn: 名字测试6有限公司" bash -c "[[ '$t' == *名字测试6有限公司* ]]"
finish
