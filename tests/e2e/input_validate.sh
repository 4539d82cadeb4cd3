#!/bin/bash
# `yinfa validate`: the sample passes; a file with ten different errors gives ten located
# messages in one run; hostile inputs (DTD, XXE, billion laughs, bad UTF-8, path-escaping ids)
# are refused with exit 1 and never read anything else.
source "$(dirname "$0")/../e2e_lib.sh"
T="$E2E_TMP"
validate() { "$YINFA" validate "$@" >"$T/out" 2>"$T/err"; rc=$?; }

validate "$ROOT/samples/xuchang-2022.xml"
check "the sample round is valid" test "$rc" -eq 0
check "validate reports the count" grep -q "48 applicant" "$T/out"
validate "$ROOT/samples/xuchang-2022.xml" --program xuchang-nit
check "--program matching exits 0" test "$rc" -eq 0
validate "$ROOT/samples/xuchang-2022.xml" --program=hunan-cloud
check "--program mismatch exits 1" test "$rc" -eq 1
(cd / && "$YINFA" validate "$ROOT/samples/xuchang-2022.xml" >/dev/null 2>&1); rc=$?
check "validates from any directory (programs found from the executable)" test "$rc" -eq 0

# Ten different errors, one per rule, each on its own line.
cat >"$T/ten.xml" <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<review-round program="xuchang-nit" year="2022">
  <applicant id="A-1" county="魏都区">
    <enterprise>
      <name>许昌智云信息技术有限公司</name>
      <credit-code>91411002MA9F4K2X1L</credit-code>
      <main-business share="120">工业软件</main-business>
      <finance year="2021" revenue="1.5"/>
      <finance year="2021" revenue="1.6"/>
      <industri>软件</industri>
    </enterprise>
    <project direction="工业互联网">
      <name>平台</name>
    </project>
    <review>
      <county-opinion date="2022-02-30">同意。</county-opinion>
      <decision>yes</decision>
    </review>
  </applicant>
  <applicant id="A-1" county="长葛市">
    <enterprise>
      <name>长葛市恒达超硬材料有限公司</name>
      <credit-code>91411082MA44Y7WP0F</credit-code>
    </enterprise>
    <project direction="服务型制造" colour="red"><name>共享制造</name></project>
  </applicant>
  <applicant id="x/y" county="长葛市">
    <enterprise><name>某公司</name><credit-code>91411082MA44Y7WP0F</credit-code></enterprise>
    <project direction="服务型制造"><name>项目</name></project>
  </applicant>
</review-round>
XML
validate "$T/ten.xml"
check "ten errors: exit 1" test "$rc" -eq 1
n=$(grep -c ": error: " "$T/err")
check "ten errors: ten messages (got $n)" test "$n" -eq 10
check "ten errors: every message has FILE:LINE: error: applicant ID" \
  bash -c "[ \$(grep -cE '^$T/ten.xml:[0-9]+: error: applicant [^ ]+: ' '$T/err') -eq 10 ]"
# (the unknown element comes last: libxml2 checks no sibling after one it did not expect)
for want in "ten.xml:6: error: applicant A-1: credit code" "ten.xml:10: error: applicant A-1: <industri> is not allowed here" \
            "ten.xml:7: error: applicant A-1: <main-business> share=\"120\" must be at most 100" "ten.xml:9: error: applicant A-1: a second finance entry for 2021" \
            "ten.xml:12: error: applicant A-1: <project> direction=\"工业互联网\" is not one of" "ten.xml:16: error: applicant A-1: county-opinion date" \
            "ten.xml:17: error: applicant A-1: decision" "ten.xml:20: error: applicant A-1: id \"A-1\" is already used at line 3" \
            "ten.xml:25: error: applicant A-1: <project> has no attribute \"colour\"" "ten.xml:27: error: applicant x/y: id"; do
  check "located: $want" grep -qF "$want" "$T/err"
done

# Hostile inputs.
printf '<?xml version="1.0"?>\n<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/hostname">]>\n<review-round program="a" year="2022"><applicant id="A" county="c">&x;</applicant></review-round>\n' >"$T/xxe.xml"
validate "$T/xxe.xml"
check "XXE: exit 1" test "$rc" -eq 1
check "XXE: refused with its line" grep -q "xxe.xml:2: error: external entity \"x\"" "$T/err"
host=$(cat /etc/hostname 2>/dev/null)
check "XXE: the file was not read" bash -c "[ -z '$host' ] || ! grep -qF '$host' '$T/err' '$T/out' || grep -qF 'file:///etc/hostname' '$T/err'"

{ echo '<?xml version="1.0"?>'; echo '<!DOCTYPE lolz [<!ENTITY lol "lol">'
  prev=lol; for i in 1 2 3 4 5 6 7 8 9; do printf '<!ENTITY lol%d "' $i; for j in 1 2 3 4 5 6 7 8 9 10; do printf '&%s;' $prev; done; echo '">'; prev=lol$i; done
  echo ']>'; echo '<review-round program="a" year="2022">&lol9;</review-round>'; } >"$T/lol.xml"
timeout 10 "$YINFA" validate "$T/lol.xml" >/dev/null 2>"$T/err"; rc=$?
check "billion laughs: exit 1 quickly" test "$rc" -eq 1
check "billion laughs: the DOCTYPE is named" grep -q "lol.xml:2: error: a DOCTYPE is not allowed" "$T/err"

printf '<?xml version="1.0"?>\n<review-round program="xuchang-nit" year="2022">\n<!-- \xff -->\n</review-round>\n' >"$T/utf.xml"
validate "$T/utf.xml"
check "invalid UTF-8: exit 1" test "$rc" -eq 1
check "invalid UTF-8: its line" grep -q "utf.xml:3:6: error: invalid UTF-8" "$T/err"

# Windows saves text as UTF-16 ("Unicode") or GBK ("ANSI"): say so, and how to save it as UTF-8
iconv -f UTF-8 -t UTF-16 "$ROOT/samples/xuchang-2022.xml" >"$T/u16.xml"
validate "$T/u16.xml"
check "UTF-16: exit 1" test "$rc" -eq 1
check "UTF-16: named, with what to do" grep -q "u16.xml: error: the file is in UTF-16 .*save it again with the encoding UTF-8" "$T/err"
iconv -f UTF-8 -t UTF-16LE "$ROOT/samples/xuchang-2022.xml" >"$T/u16le.xml"
validate "$T/u16le.xml"
check "UTF-16 without a byte-order mark: named too" grep -q "u16le.xml: error: the file is in UTF-16" "$T/err"
iconv -f UTF-8 -t GB18030 "$ROOT/samples/xuchang-2022.xml" >"$T/gbk.xml"
validate "$T/gbk.xml"
check "GBK: exit 1" test "$rc" -eq 1
check "GBK: named at its first byte, with what to do" \
  grep -q "gbk.xml:2:[0-9]*: error: the file looks like GBK/GB18030 .*save it again with the encoding UTF-8" "$T/err"

# UTF-8 bytes under a line 1 that still says GBK (an editor's "save as UTF-8" leaves it): the
# advice is to fix line 1, not to convert again; and no libxml2 line on stderr
sed '1s/encoding="UTF-8"/encoding="GBK"/' "$ROOT/samples/xuchang-2022.xml" >"$T/u8gbk.xml"
validate "$T/u8gbk.xml"
check "UTF-8 declared GBK: exit 1" test "$rc" -eq 1
check "UTF-8 declared GBK: says to change line 1" grep -q 'u8gbk.xml:1: error: the file is UTF-8 but its first line declares encoding="GBK": change it to encoding="UTF-8"' "$T/err"
check "UTF-8 declared GBK: nothing but our messages" bash -c "! grep -qiE 'encoding error|I/O error|iconv' '$T/err'"

# an INI of another program: one error saying so, not one per "unknown" section
"$YINFA" validate "$ROOT/samples/xuchang-2022.xml" --config "$ROOT/samples/hunan-2019.ini" >/dev/null 2>"$T/err"
rc=$?
check "INI of another program: exit 1" test "$rc" -eq 1
check "INI of another program: said once, at [round] program" \
  grep -q 'hunan-2019.ini:[0-9]*: error: this INI is for program "hunan-cloud", but .*xuchang-2022.xml is a round of "xuchang-nit"' "$T/err"
check "INI of another program: no unknown-key flood" bash -c "! grep -q 'unknown' '$T/err'"

# A control character, typed or as a character reference: a sentence, not libxml2's words
sed '0,/<name>/s/<name>\([^<]*\)</<name>\1\x0b</' "$ROOT/samples/xuchang-2022.xml" >"$T/vt.xml"
validate "$T/vt.xml"
check "control character: exit 1" test "$rc" -eq 1
check "control character: U+000B named with its line and applicant" \
  grep -q "vt.xml:[0-9]*:[0-9]*: error: applicant XC-2022-001: an invisible control character (U+000B)" "$T/err"
check "control character: no libxml2 jargon" bash -c "! grep -q 'PCDATA' '$T/err'"
sed '0,/<name>/s/<name>\([^<]*\)</<name>\1\&#x1F;</' "$ROOT/samples/xuchang-2022.xml" >"$T/ref.xml"
validate "$T/ref.xml"
check "control character reference: U+001F named" grep -q "ref.xml:[0-9]*:[0-9]*: error: .*an invisible control character (U+001F)" "$T/err"

# The whole sample behind a BOM: a round without applicants is refused on its own (its 公示 would
# list nobody), so the BOM is tried on a round that is otherwise valid.
{ printf '\xef\xbb\xbf'; cat "$ROOT/samples/xuchang-2022.xml"; } >"$T/bom.xml"
validate "$T/bom.xml"
check "a BOM is accepted" test "$rc" -eq 0
check "a BOM: the round is read whole" grep -q "48 applicant" "$T/out"

validate "$T/missing.xml"
check "a missing file exits 3" test "$rc" -eq 3

# a workbook given as the round: named as one, with the import command (a fresh user's trial: it
# said "invalid UTF-8 ... save it again as UTF-8"), in both languages, for validate and run
"$YINFA" validate "$ROOT/samples/xuchang-2022.xlsx" >/dev/null 2>"$T/xlsx.err"
check "validate a workbook: exit 1" test $? -eq 1
check "validate a workbook: says to import it" grep -qF "not a review-round XML file: a workbook (.xlsx, .csv) becomes a round with \`yinfa import PROGRAM" "$T/xlsx.err"
check "validate a workbook: not the UTF-8 advice" bash -c "! grep -q 'UTF-8' '$T/xlsx.err'"
LANG=zh_CN.UTF-8 "$YINFA" validate "$ROOT/samples/xuchang-2022.xlsx" >/dev/null 2>"$T/xlsx-zh.err"
check "validate a workbook: in Chinese" grep -qF "这是电子表格或其他 ZIP/Office 文件" "$T/xlsx-zh.err"
"$YINFA" run "$ROOT/samples/xuchang-2022.ini" --input "$ROOT/samples/xuchang-2022.xlsx" --output "$T/xlsx-out" >/dev/null 2>"$T/xlsx-run.err"
check "run --input a workbook: exit 1, the same message, nothing written" \
  bash -c "[ $? -eq 1 ] && grep -qF 'yinfa import PROGRAM' '$T/xlsx-run.err' && [ ! -e '$T/xlsx-out' ]"
finish
