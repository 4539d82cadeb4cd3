#!/bin/bash
# The shandong-demo program (issue 11, seed 003: 山东省新一代信息技术与制造业融合发展示范) from its
# sample round: validate passes; run writes the four kinds (申报书, 推荐汇总表, 公示, 认定 通知) and
# pdftotext gives back names, numbers and dates (the 公示 ends on the official calendar, the
# 示范期 is computed, the list follows the guide's order of directions, AAA first among equals);
# each of the guide's conditions refuses one broken input with its line, applicant, value and
# limit; a direction over its quota warns and still writes; qpdf and pdffonts on every file.
source "$(dirname "$0")/../e2e_lib.sh"
T="$E2E_TMP"
XML="$ROOT/samples/shandong-demo-2023.xml"
INI="$ROOT/samples/shandong-demo-2023.ini"
check "the sample round and INI are there" test -s "$XML" -a -s "$INI"
check "the program folder is there" test -s "$ROOT/templates/shandong-demo/program.xml"

xp() { xmllint --xpath "$1" "$XML" 2>/dev/null; }
ids() { xp "$1" | sed -E 's/ id="([^"]*)"/\1\n/g' | grep -v '^$'; }
flat() { pdftotext -raw -enc UTF-8 "$1" - 2>/dev/null | tr -d ' \n\f\r\t'; }

# ---- the program and its sample round ----
"$YINFA" programs shandong-demo >"$T/out" 2>&1
check "programs: the program is installed" grep -q "^shandong-demo	山东省新一代信息技术与制造业融合发展示范" "$T/out"
check "programs: the group is the 推荐单位" grep -q "groups: .*\$recommender = 推荐单位" "$T/out"
check "programs: four document kinds" bash -c "grep -qE '^ +application ' '$T/out' && grep -qE '^ +summary ' '$T/out' && grep -qE '^ +notice ' '$T/out' && grep -qE '^ +announcement ' '$T/out'"
check "programs: seven quota warnings" test "$(grep -cE '^ +quota-[a-z0-9-]+ +warning' "$T/out")" -eq 7
"$YINFA" validate "$XML" --config "$INI" >"$T/out" 2>"$T/err"; rc=$?
check "sample: valid, no warning" bash -c "[ $rc -eq 0 ] && grep -q 'valid (64 applicant' '$T/out' && ! grep -q warning '$T/out' '$T/err'"
check "sample: at least 60 applicants" test "$(ids '//applicant/@id' | wc -l)" -ge 60
check "sample: all seven directions" test "$(xp '//project/@direction' | tr ' ' '\n' | sort -u | grep -c .)" -eq 7
check "sample: at least 8 推荐单位" test "$(xp '//applicant/@recommender' | tr ' ' '\n' | sort -u | grep -c .)" -ge 8
check "the generator gives the committed sample" \
  bash -c "python3 '$ROOT/tools/gen-shandong-2023.py' | cmp -s - '$XML'"

# ---- run: every kind, read back ----
OUT="$T/out-run"
"$YINFA" run "$INI" --output "$OUT" --quiet 2>"$T/err"; rc=$?
check "run: exit 0" test "$rc" -eq 0
[ "$rc" -eq 0 ] || cat "$T/err"
n_app=$(find "$OUT/applicants" -name application.pdf | wc -l)
n_sum=$(find "$OUT/recommenders" -name summary.pdf | wc -l)
check "run: a 申报书 per applicant (64)" test "$n_app" -eq 64
check "run: a 推荐汇总表 per 推荐单位 (10)" test "$n_sum" -eq 10
check "run: the 公示 and the 认定 通知" test -s "$OUT/notice.pdf" -a -s "$OUT/announcement.pdf"

notice=$(flat "$OUT/notice.pdf")
ann=$(flat "$OUT/announcement.pdf")
# 2023-09-27 (Wed) + 5 working days: 9-27, 9-28, then 中秋节、国庆节 9-29..10-6 off, the 调休
# Saturday 10-7 and Sunday 10-8 worked, and Monday 10-9 (a plain weekday count would say 10-4).
check "公示: 5 working days over 中秋国庆 2023 end on 10月9日" grep -qF "公示期为2023年9月27日至2023年10月9日（5个工作日）" <<<"$notice"
check "公示: the number admitted" grep -qF "拟认定48个项目" <<<"$notice"
# the seven headings in the guide's order, each with its number
heads="一、两化融合管理体系贯标示范企业（9个）二、工业设备上云标杆企业（8个）三、工业互联网标杆工厂（8个）四、5G+工业互联网应用标杆（7个）五、工业互联网数字化转型促进中心试点（6个）六、5G行业应用创新推广中心（5个）七、工业互联网园区（5个）"
order=$(grep -oE '[一二三四五六七]、[^（]*（[0-9]+个）' <<<"$notice" | tr -d '\n')
check "公示: the seven directions in the guide's order with their numbers" test "$order" = "$heads"
wrong=0
# one line per applicant: id, decision, name, credit code, project, 应急管理部门
fields=$(python3 - "$XML" <<'PY'
import sys, xml.etree.ElementTree as ET
for a in ET.parse(sys.argv[1]).getroot().iter("applicant"):
    t = lambda p: (a.findtext(p) or "").strip()
    em = a.find("review/emergency-opinion")
    print("\t".join([a.get("id"), t("review/decision"), t("enterprise/name"), t("enterprise/credit-code"),
                     t("project/name"), em.get("authority") if em is not None else ""]))
PY
)
check "sample: 64 applicants read for the checks" test "$(grep -c . <<<"$fields")" -eq 64
while IFS=$'\t' read -r id dec name code proj auth; do
  if [ "$dec" = admitted ]; then
    [[ "$notice" == *"$proj"* && "$ann" == *"$name"* ]] || { wrong=$((wrong + 1)); echo "$id missing from a list"; }
  else
    [[ "$notice" != *"$name"* && "$ann" != *"$name"* ]] || { wrong=$((wrong + 1)); echo "$id listed but not admitted"; }
  fi
  app=$(flat "$OUT/applicants/$id/application.pdf")
  for want in "申报单位（盖章）：$name" "$code" "$proj" "$auth（盖章）"; do
    [[ "$app" == *"$want"* ]] || { wrong=$((wrong + 1)); echo "$id 申报书 lacks $want"; }
  done
done <<<"$fields"
check "lists: exactly the admitted; 申报书: cover with the name, code, project, 应急管理部门" test "$wrong" -eq 0
cover=$(pdftotext -f 1 -l 1 -raw "$OUT/applicants/SD-001/application.pdf" - | tr -d ' \n')
check "申报书: the cover (封面) is page 1, with the direction and the 推荐单位" \
  bash -c '[[ "$1" == *申报书*推荐单位（盖章）：济南市工业和信息化局*山东省工业和信息化厅制* && "$1" != *一、申报单位基本情况* ]]' _ "$cover"

# each 申报书 has its direction's own section
sec() { flat "$OUT/applicants/$(ids "//applicant[project/@direction='$1'][1]/@id" | head -1)/application.pdf"; }
check "申报书 贯标: certificate and level" bash -c '[[ "$1" == *证书获得时间* && "$1" == *评定等级* ]]' _ "$(sec 两化融合管理体系贯标示范企业)"
check "申报书 上云: mode and devices" bash -c '[[ "$1" == *上云模式* && "$1" == *上云设备（台套）* ]]' _ "$(sec 工业设备上云标杆企业)"
check "申报书 试点: site area and staff" bash -c '[[ "$1" == *场地使用面积（平方米）* && "$1" == *专职运营团队（人）* ]]' _ "$(sec 工业互联网数字化转型促进中心试点)"
check "申报书 5G中心: experience area and R&D staff" bash -c '[[ "$1" == *体验场所面积（平方米）* && "$1" == *专职研发人员（人）* ]]' _ "$(sec 5G行业应用创新推广中心)"
check "申报书 园区: the park" bash -c '[[ "$1" == *园区名称* && "$1" != *场地使用面积* ]]' _ "$(sec 工业互联网园区)"

# 推荐汇总表: the 推荐单位's applicants, both opinions with dates, the 盖章 line
rec=济南市工业和信息化局
s=$(flat "$OUT/recommenders/$rec/summary.pdf")
bad=0
for id in $(ids "//applicant[@recommender='$rec']/@id"); do
  name=$(xp "string(//applicant[@id='$id']/enterprise/name)")
  [[ "$s" == *"$name"* ]] || { bad=$((bad + 1)); echo "summary lacks $name"; }
done
check "推荐汇总表: lists its applicants" test "$bad" -eq 0
check "推荐汇总表: both opinions, the authority and the 盖章 line" \
  bash -c '[[ "$1" == *同级应急管理部门意见*推荐意见* && "$1" == *济南市应急管理局* && "$1" == *推荐单位（盖章）：济南市工业和信息化局* && "$1" == *年月日* ]]' _ "$s"

# 认定 通知: 版头, 发文字号, 示范期 computed, one 附件 per direction in the guide's order
check "通知: 版头 and 发文字号" grep -qF "山东省工业和信息化厅鲁工信数〔2023〕186号" <<<"$ann"
check "通知: the 示范期 of 2 years from the 认定 date" grep -qF "示范期2年，自2023年10月20日至2025年10月19日" <<<"$ann"
check "通知: 附件 list by direction in the guide's order" grep -qF "附件：1.2023年两化融合管理体系贯标示范企业名单2.2023年工业设备上云标杆企业名单3.2023年工业互联网标杆工厂名单4.2023年5G+工业互联网应用标杆名单5.2023年工业互联网数字化转型促进中心试点名单6.2023年5G行业应用创新推广中心名单7.2023年工业互联网园区名单" <<<"$ann"
check "通知: 附件7 is the parks" grep -qF "附件72023年工业互联网园区名单" <<<"$ann"
check "通知: signature and 版记" bash -c '[[ "$1" == *山东省工业和信息化厅2023年10月20日* && "$1" == *抄送：工业和信息化部信息技术发展司，省应急管理厅。* && "$1" == *山东省工业和信息化厅办公室2023年10月20日印发* ]]' _ "$ann"
last=$(pdfinfo "$OUT/announcement.pdf" | awk '/^Pages:/ { print $2 }')
# GB/T 9704 8 and 7.5: the 版记 on the last page, an even one; numbered unless a blank page
# precedes it (then neither is numbered)
check "通知: the 版记 is on the last page, an even one ($last)" test $((last % 2)) -eq 0
check "通知: the 版记 page is numbered unless a blank page precedes it" bash -c '
  if [ -z "$(pdftotext -f $(($1 - 1)) -l $(($1 - 1)) "$2" - | tr -d "[:space:]\f")" ]; then
    ! pdftotext -f "$1" -l "$1" "$2" - | grep -q "— $1 —"
  else
    pdftotext -f "$1" -l "$1" "$2" - | grep -q "— $1 —"
  fi' _ "$last" "$OUT/announcement.pdf"
check "通知: the shared 版头 and signature (templates/common), not a copy" \
  bash -c "grep -q 'include file=\"../common/masthead.xml\"' '$ROOT/templates/shandong-demo/announcement.xml' && grep -q 'include file=\"../common/signature.xml\"' '$ROOT/templates/shandong-demo/announcement.xml' && ! grep -q '<masthead' '$ROOT/templates/shandong-demo/announcement.xml'"

# a leap day inside the 示范期: 2024-03-01 to 2026-02-28
sed -e 's/^date *=.*/date = 2024-03-01/' -e "s|^input *=.*|input = $XML|" "$INI" >"$T/leap.ini"
"$YINFA" run "$T/leap.ini" --output "$T/leap" --only announcement --quiet 2>"$T/err"
check "通知: 示范期 across a leap day" grep -qF "自2024年3月1日至2026年2月28日" <<<"$(flat "$T/leap/announcement.pdf")"
sed -e 's/^date *=.*/date = 2024-02-29/' -e "s|^input *=.*|input = $XML|" "$INI" >"$T/leap.ini"
"$YINFA" run "$T/leap.ini" --output "$T/leap29" --only announcement --quiet 2>"$T/err"
check "通知: 示范期 from a 29 February ends on 28 February" grep -qF "自2024年2月29日至2026年2月28日" <<<"$(flat "$T/leap29/announcement.pdf")"

# archive checks on every file; one render per kind
badfont=0 badqpdf=0
while IFS= read -r -d '' f; do
  pdffonts "$f" 2>/dev/null | tail -n +3 | awk '{ if ($(NF-4) != "yes" || $(NF-3) != "yes" || $(NF-2) != "yes") bad=1 } END { exit bad }' ||
    { badfont=$((badfont + 1)); echo "font not embedded/subset/unicode in $f"; }
  qpdf --check "$f" >/dev/null 2>&1 || { badqpdf=$((badqpdf + 1)); echo "qpdf --check fails on $f"; }
done < <(find "$OUT" -name '*.pdf' -print0)
check "every font embedded, subset, with ToUnicode (76 files)" test "$badfont" -eq 0
check "qpdf --check clean on every file" test "$badqpdf" -eq 0
for f in notice.pdf announcement.pdf "recommenders/$rec/summary.pdf" applicants/SD-001/application.pdf; do
  pdftoppm -r 40 -png -f 1 -l 1 "$OUT/$f" "$T/png" 2>/dev/null
  check "renders: $f" test -s "$(ls "$T"/png*.png 2>/dev/null | head -1)"
  rm -f "$T"/png*.png
done
mapfile -d '' pdfs < <(find "$OUT" -name '*.pdf' -print0)
check "no printed line starts with 、，。）》 … or ends with （《“ …" python3 "$ROOT/tests/e2e/line_edges.py" "${pdfs[@]}"
check "verify accepts the output" "$YINFA" verify "$OUT"

# ---- AAA first among equal scores (a sort key, not a rule) ----
# The sample's two admitted 贯标 enterprises with score 88: swap their levels and the other is first.
read -r a b < <(ids "//applicant[project/certificate and review/decision='admitted' and review/expert-review/@score='88']/@id" | head -2 | tr '\n' ' ')
check "sample: two admitted 贯标 enterprises share score 88" test -n "$a" -a -n "$b"
pa=$(xp "string(//applicant[@id='$a']/project/name)"); pb=$(xp "string(//applicant[@id='$b']/project/name)")
la=$(xp "string(//applicant[@id='$a']/project/certificate/@level)"); lb=$(xp "string(//applicant[@id='$b']/project/certificate/@level)")
first() { local t; t=$(flat "$1"); t=${t%%"$pb"*}; [[ "$t" != *"$pa"* ]] && echo "$pb" || echo "$pa"; }
want=$([ "$la" = AAA ] && echo "$pa" || echo "$pb")
check "notice: the AAA one ($la/$lb) comes first" test "$(first "$OUT/notice.pdf")" = "$want"
# swap the levels on the two certificate lines
swap_a=$(awk -v id="$a" 'index($0, "id=\"" id "\"") {on=1} on && /<certificate/ {print NR; exit}' "$XML")
swap_b=$(awk -v id="$b" 'index($0, "id=\"" id "\"") {on=1} on && /<certificate/ {print NR; exit}' "$XML")
sed -e "${swap_a}s/level=\"$la\"/level=\"$lb\"/" -e "${swap_b}s/level=\"$lb\"/level=\"$la\"/" "$XML" >"$T/swap.xml"
"$YINFA" run "$INI" --input "$T/swap.xml" --output "$T/swap" --only notice --quiet 2>"$T/err"
want=$([ "$la" = AAA ] && echo "$pb" || echo "$pa")
check "notice: levels swapped, the other comes first" test "$(first "$T/swap/notice.pdf")" = "$want"

# ---- one failing input per condition: line, applicant, value and limit ----
validate() { "$YINFA" validate "$1" --config "${2:-$INI}" >"$T/out" 2>"$T/err"; rc=$?; }
# cite RULE: the clause `yinfa programs` lists for the rule and its messages start with ("CLAUSE: ")
cite() { LANG=C.UTF-8 "$YINFA" programs shandong-demo | awk -v r="$1" '$1 == r && NF > 2 { $1 = ""; $2 = ""; sub(/^ +/, ""); printf "%s: ", $0 }'; }
# line_of ID REGEX: the first line at or after applicant ID's start that matches REGEX
line_of() { awk -v id="$1" -v re="$2" 'index($0, "id=\"" id "\"") {on=1} on && $0 ~ re {print NR; exit}' "$XML"; }
# bad RULE ID REGEX SED-COMMAND WANT: apply SED-COMMAND at ID's first line matching REGEX;
# validation fails with WANT, printed at that line (or at REPORT_AT when set).
bad() {
  local rule=$1 id=$2 re=$3 cmd=$4 want=$5 l
  l=$(line_of "$id" "$re")
  sed -e "${l}${cmd}" "$XML" >"$T/bad.xml"
  validate "$T/bad.xml"
  check "rule $rule: exit 1" test "$rc" -eq 1
  check "rule $rule: message at its line with applicant, value and limit" \
    grep -qF "bad.xml:${REPORT_AT:-$l}: error: applicant $id: $(cite "$rule")$want [$rule]" "$T/err"
  check "rule $rule: only that error" test "$(grep -c ': error: ' "$T/err")" -eq 1
  [ "$(grep -c ': error: ' "$T/err")" -eq 1 ] || cat "$T/err"
}
ok() { # ok NAME ID REGEX SED-COMMAND: the edit still validates
  local l; l=$(line_of "$2" "$3")
  sed -e "${l}$4" "$XML" >"$T/ok.xml"
  validate "$T/ok.xml"
  check "$1" test "$rc" -eq 0
}
one_of() { ids "$1" | head -1; }
g=$(one_of "//applicant[project/@direction='两化融合管理体系贯标示范企业']/@id")
c=$(one_of "//applicant[project/@direction='工业设备上云标杆企业']/@id")
p=$(one_of "//applicant[project/@direction='工业互联网数字化转型促进中心试点' and count(project/center/partner) = 1]/@id")
f=$(one_of "//applicant[project/@direction='5G行业应用创新推广中心']/@id")
k=$(one_of "//applicant[project/@direction='工业互联网园区']/@id")
check "sample: a 试点 with one partner" test -n "$p"

REPORT_AT=$(line_of "$c" "<applicant ")
bad registered-one-year "$c" "<registered>" 's|<registered>[^<]*<|<registered>2022-09-01<|' \
  "the enterprise was registered on 2022-09-01, less than a year before the deadline 2023-08-31; it must be on or before 2022-08-31"
ok "rule registered-one-year: registered exactly a year before passes" "$c" "<registered>" 's|<registered>[^<]*<|<registered>2022-08-31<|'
# a 29 February deadline: a year before is 28 February
l=$(line_of "$c" "<registered>")
sed -e "${l}s|<registered>[^<]*<|<registered>2023-03-01<|" "$XML" >"$T/leap.xml"
sed -e 's/^deadline *=.*/deadline = 2024-02-29/' -e "s|^input *=.*|input = $T/leap.xml|" "$INI" >"$T/leap.ini"
validate "$T/leap.xml" "$T/leap.ini"
check "rule registered-one-year: from a 29 February deadline, a year before is 28 February" \
  grep -qF "registered on 2023-03-01, less than a year before the deadline 2024-02-29; it must be on or before 2023-02-28 [registered-one-year]" "$T/err"
check "rule registered-one-year: and only that applicant" test "$(grep -c ': error: ' "$T/err")" -eq 1
REPORT_AT=$(line_of "$g" "<applicant ")
bad certificate-required "$g" "<certificate " 'd' \
  "the direction 两化融合管理体系贯标示范企业 needs the 贯标 assessment certificate (certificate)"
REPORT_AT=
bad certificate-window "$g" "<certificate " 's/date="[^"]*"/date="2022-12-31"/' \
  "the certificate is dated 2022-12-31; it must be from 2023-01-01 to the deadline 2023-08-31"
bad certificate-window "$g" "<certificate " 's/date="[^"]*"/date="2023-09-01"/' \
  "the certificate is dated 2023-09-01; it must be from 2023-01-01 to the deadline 2023-08-31"
ok "rule certificate-window: the deadline itself passes" "$g" "<certificate " 's/date="[^"]*"/date="2023-08-31"/'
REPORT_AT=$(line_of "$p" "<applicant ")
bad center-partner "$p" "<partner " 'd' "a 促进中心试点 needs a lead unit and at least 1 joint applicant; it has 0"
bad center-site-area "$p" "<center " 's/site-area="[^"]*"/site-area="999"/' \
  "the centre's own site is 999 m²; at least 1000 m² are required"
ok "rule center-site-area: 1000 m² passes" "$p" "<center " 's/site-area="[^"]*"/site-area="1000"/'
bad center-staff "$p" "<center " 's/staff="[^"]*"/staff="14"/' \
  "the centre's full-time operating team is 14; at least 15 are required"
REPORT_AT=$(line_of "$f" "<applicant ")
bad 5g-center-experience-area "$f" "<center " 's/experience-area="[^"]*"/experience-area="199.5"/' \
  "the 5G centre's experience area is 199.5 m²; at least 200 m² are required"
bad 5g-center-rd-staff "$f" "<center " 's/rd-staff="[^"]*"/rd-staff="4"/' \
  "the 5G centre has 4 full-time R&D staff; at least 5 are required"
bad 5g-center-lead "$f" "<center " 's/lead-type="[^"]*"/lead-type="电信运营商"/' \
  "the 5G centre is led by a 电信运营商; it must be led by a producer (生产企业) or a user (应用企业)"
REPORT_AT=
bad built-only "$c" "<project " 's/status="[^"]*"/status="在建"/' \
  "the project is “在建”; only built projects (已建成) may apply outside the 试点 direction"
ok "rule built-only: a 未建 试点 passes" "$p" "<project " 's/status="[^"]*"/status="未建"/'
# one direction per enterprise: the park's operator also leads the cloud applicant
code_c=$(xp "string(//applicant[@id='$c']/enterprise/credit-code)")
line_c=$(line_of "$c" "<applicant ")
REPORT_AT=$(line_of "$k" "<applicant ")
if [ "$REPORT_AT" -lt "$line_c" ]; then first_id=$k second_id=$c; else first_id=$c second_id=$k; fi
code_first=$(xp "string(//applicant[@id='$first_id']/enterprise/credit-code)")
REPORT_AT=$(line_of "$second_id" "<applicant ")
bad one-direction-per-enterprise "$second_id" "<credit-code>" "s|<credit-code>[^<]*<|<credit-code>$code_first<|" \
  "credit code $code_first already leads $first_id (line $(line_of "$first_id" "<applicant ")); an enterprise may lead only one direction"
# named before in the same direction ([round-rules] named_before in the INI)
name_c=$(xp "string(//applicant[@id='$c']/enterprise/name)")
sed -e "s|^named_before *=.*|named_before = 工业互联网园区:$code_c，工业设备上云标杆企业:$code_c|" \
    -e "s|^input *=.*|input = $XML|" "$INI" >"$T/named.ini"
validate "$XML" "$T/named.ini"
check "rule named-before: exit 1" test "$rc" -eq 1
check "rule named-before: message with the enterprise and the direction" grep -qF \
  "shandong-demo-2023.xml:$line_c: error: applicant $c: $(cite named-before)$name_c ($code_c) was already named in “工业设备上云标杆企业” before ([round-rules] named_before); the same direction cannot apply again [named-before]" "$T/err"
check "rule named-before: another direction is not refused" test "$(grep -c ': error: ' "$T/err")" -eq 1
REPORT_AT=$(line_of "$c" "<applicant ")
bad emergency-consulted "$c" "<emergency-opinion " 'd' \
  "the recommendation lacks the opinion of the 应急管理部门 at the same level (emergency-opinion); it must be consulted first"
rdate=$(xp "string(//applicant[@id='$c']/review/recommender-opinion/@date)")
REPORT_AT=$(line_of "$c" "<review>")
bad emergency-before-recommendation "$c" "<emergency-opinion " 's/date="[^"]*"/date="2023-08-30"/' \
  "the 应急管理部门 opinion is dated 2023-08-30, after the recommendation of $rdate; the recommendation must follow it"
REPORT_AT=
# messages in Chinese too
LANG=zh_CN.UTF-8 "$YINFA" validate "$T/bad.xml" --config "$INI" >"$T/out" 2>"$T/err"
check "rule messages in Chinese" grep -qF "应急管理部门意见日期 2023-08-30 晚于推荐意见日期 $rdate" "$T/err"

# ---- a direction over its quota: a warning, and the documents are still written ----
# The sample admits exactly the guide's 5 推广中心; admitting a sixth is one over.
r=$(one_of "//applicant[project/@direction='5G行业应用创新推广中心' and review/decision='rejected']/@id")
l=$(line_of "$r" "<decision>")
sed -e "${l}s/rejected/admitted/" "$XML" >"$T/quota.xml"
"$YINFA" run "$INI" --input "$T/quota.xml" --output "$T/quota" 2>"$T/err"; rc=$?
check "quota: the run still succeeds" test "$rc" -eq 0
# reported at the sixth admitted in the file's order
six=$(xmllint --xpath "string((//applicant[project/@direction='5G行业应用创新推广中心' and review/decision='admitted'])[6]/@id)" "$T/quota.xml")
check "quota: the warning at the sixth, with the count, the guide's number and the margin" \
  grep -qF "quota.xml:$(line_of "$six" "<applicant "): warning: applicant $six: 6 admitted in “5G行业应用创新推广中心”, more than the guide's about 5 (margin 0) [quota-5g-center]" "$T/err"
check "quota: the 公示 is still written, with 6" grep -qF "六、5G行业应用创新推广中心（6个）" <<<"$(flat "$T/quota/notice.pdf")"
check "quota: the run summary counts the warning" grep -qiE "1 warning" "$T/err"
sed -e 's/^quota_margin *=.*/quota_margin = 1/' -e "s|^input *=.*|input = $T/quota.xml|" "$INI" >"$T/margin.ini"
validate "$T/quota.xml" "$T/margin.ini"
check "quota: within the INI's margin, no warning" bash -c "[ $rc -eq 0 ] && ! grep -q warning '$T/err'"

# GB/T 9704 of the 公示 and the 通知: tests/e2e/gbt9704_programs.sh, with every program's.
finish
