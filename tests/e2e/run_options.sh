#!/bin/bash
# `yinfa run` with configured options, read back from the PDFs: list order by pinyin and by
# stroke, the publicity end date across a weekend and a holiday; and refusals that write nothing:
# a template error (reported at its line), a character no font can draw (named U+XXXX).
source "$(dirname "$0")/../e2e_lib.sh"
DATA="$ROOT/tests/e2e/data"
flat() { pdftotext -raw -enc UTF-8 "$1" - 2>/dev/null | tr -d ' \n\f\r\t'; }

# make_ini NAME INPUT ORDER START DAYS HOLIDAYS: an INI in $E2E_TMP based on the sample's
make_ini() {
  sed -e "s|^input *=.*|input = $2|" -e "s|^output *=.*|output = $E2E_TMP/$1-out|" \
      -e "s|^order *=.*|order = $3|" -e "s|^publicity_start *=.*|publicity_start = $4|" \
      -e "s|^publicity_days *=.*|publicity_days = $5|" -e "s|^holidays *=.*|holidays = $6|" \
      samples/xuchang-2022.ini >"$E2E_TMP/$1.ini"
}

# in_order TEXT NAME...: the names occur in TEXT in this order
in_order() {
  local text=$1 last=-1 pos; shift
  for n in "$@"; do
    pos=$(awk -v t="$text" -v n="$n" 'BEGIN { print index(t, n) - 1 }')
    if [ "$pos" -le "$last" ]; then echo "  $n out of order (at $pos, previous at $last)"; return 1; fi
    last=$pos
  done
}

make_ini pinyin "$DATA/order-round.xml" pinyin 2022-05-11 5 2022-05-16
"$YINFA" run "$E2E_TMP/pinyin.ini" --quiet
check "pinyin run succeeds" test $? -eq 0
t=$(flat "$E2E_TMP/pinyin-out/notice.pdf")
check "notice lists by pinyin: 安 北 丁 王 赵" in_order "$t" 安阳数据 北海信息 丁山网络 王屋智能 赵氏软件
check "rejected applicant not listed" bash -c "[[ '$t' != *中原云* ]]"
check "publicity ends 2022-05-18 (weekend and the 16th skipped)" \
  bash -c "[[ '$t' == *2022年5月11日至2022年5月18日* ]]"

make_ini stroke "$DATA/order-round.xml" stroke 2022-05-13 3 ""
"$YINFA" run "$E2E_TMP/stroke.ini" --quiet
check "stroke run succeeds" test $? -eq 0
t=$(flat "$E2E_TMP/stroke-out/notice.pdf")
check "notice lists by stroke: 丁2 王4 北5 安6 赵9" in_order "$t" 丁山网络 王屋智能 北海信息 安阳数据 赵氏软件
check "publicity Fri 13 + 3 working days ends Tue 17" \
  bash -c "[[ '$t' == *2022年5月13日至2022年5月17日* ]]"

# A template with an unknown filter: reported with the template's file:line, nothing written.
home="$E2E_TMP/home"
mkdir -p "$home/templates"
cp -r templates/xuchang-nit "$home/templates/"
ln -s "$ROOT/fonts" "$home/fonts"
ln -s "$ROOT/data" "$home/data"
line=$(grep -n '>{project/name}<' "$home/templates/xuchang-nit/review-form.xml" | head -1 | cut -d: -f1)
sed -i "${line}s/{project\/name}/{project\/name | shout}/" "$home/templates/xuchang-nit/review-form.xml"
make_ini tplerr "$DATA/order-round.xml" pinyin 2022-05-11 5 ""
YINFA_HOME="$home" "$YINFA" run "$E2E_TMP/tplerr.ini" --quiet 2>"$E2E_TMP/tplerr.err"
check "template error exits 1" test $? -eq 1
check "template error names review-form.xml:$line" grep -q "review-form.xml:$line" "$E2E_TMP/tplerr.err"
check "template error names the filter" grep -q "shout" "$E2E_TMP/tplerr.err"
check "template error writes nothing" test -z "$(ls -A "$E2E_TMP/tplerr-out" 2>/dev/null)"

# A character no font has (plane-16 private use U+10FFFD) in a company name.
sed 's|<name>赵氏软件有限公司</name>|<name>赵氏\xf4\x8f\xbf\xbd软件有限公司</name>|' "$DATA/order-round.xml" >"$E2E_TMP/glyph.xml"
make_ini glyph "$E2E_TMP/glyph.xml" pinyin 2022-05-11 5 ""
"$YINFA" run "$E2E_TMP/glyph.ini" --quiet 2>"$E2E_TMP/glyph.err"
check "undrawable character exits 1" test $? -eq 1
check "undrawable character named U+10FFFD with file:line and applicant" \
  grep -qE "glyph.xml:[0-9]+: .*O-1.*U\+10FFFD" "$E2E_TMP/glyph.err"
# issue 13 §2: the other documents are written; the applicant's own are not
check "undrawable character: the other applicants' documents are written" \
  bash -c "ls '$E2E_TMP/glyph-out/applicants' | grep -qv '^O-1\$'"
check "undrawable character: O-1's application is not written" test ! -e "$E2E_TMP/glyph-out/applicants/O-1/application.pdf"
[ -s "$E2E_TMP/glyph.err" ] && head -3 "$E2E_TMP/glyph.err"
finish
