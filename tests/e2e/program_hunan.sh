#!/bin/bash
# The hunan-cloud program (issue 9, seed 002: 湖南省“上云上平台”标杆企业) end to end, from the
# sample round samples/hunan-2019.xml and its INI: the sample is what its generator makes and is
# valid; `run` writes every document kind (申报书 per enterprise, 推荐汇总表 per 市州, the 公示 and
# the 认定 通知); pdftotext gives back names, codes, the ticked industry and 要素条件 (☑), the
# honours, the eight cost items, the 公示 period's end by calendar days; one failing input per
# rule, each with its line, enterprise and message; qpdf and pdffonts on each kind.
source "$(dirname "$0")/../e2e_lib.sh"
T="$E2E_TMP"
XML=samples/hunan-2019.xml
INI=samples/hunan-2019.ini
PROG=templates/hunan-cloud
for f in "$PROG/program.xml" "$PROG/schema.xsd" "$PROG/application.xml" "$PROG/summary.xml" \
  "$PROG/notice.xml" "$PROG/announcement.xml" "$XML" "$INI" tools/gen-hunan-2019.py; do
  check "fixture $f is there" test -s "$f"
done

# ---- the sample is the generator's output, and valid ----
python3 tools/gen-hunan-2019.py >"$T/gen.xml"
check "the sample is what tools/gen-hunan-2019.py makes" cmp -s "$T/gen.xml" "$XML"
"$YINFA" validate "$XML" --config "$INI" >"$T/out" 2>"$T/err"; rc=$?
check "sample: valid" test "$rc" -eq 0
check "sample: no warnings" test ! -s "$T/err"
check "sample: 36 applicants" grep -q "36 applicant" "$T/out"
xp() { xmllint --xpath "$1" "$XML" 2>/dev/null; }
cities=$(xp '//applicant/@city' | sed -E 's/ city="([^"]*)"/\1\n/g' | grep -v '^$' | sort -u)
check "sample: at least 6 市州" test "$(echo "$cities" | wc -l)" -ge 6
check "sample: one applicant with a 9-character 组织机构代码" test "$(xp 'count(//org-code)')" -ge 1
check "sample: one 其他 industry with its text" test "$(xp 'count(//industry[.="其他"][@other])')" -ge 1
check "sample: one applicant with more honours than the form's four rows" \
  test "$(xp 'count(//applicant[count(enterprise/honour) > 4])')" -ge 1

# ---- the run writes every kind ----
OUT="$T/out-run"
"$YINFA" run "$INI" --output "$OUT" --quiet 2>"$T/err"; rc=$?
check "run: exit 0" test "$rc" -eq 0
[ "$rc" -eq 0 ] || cat "$T/err"
check "run: notice.pdf" test -s "$OUT/notice.pdf"
check "run: announcement.pdf" test -s "$OUT/announcement.pdf"
for c in $cities; do
  check "run: summary of $c" test -s "$OUT/groups/$c/summary.pdf"
done

flat() { pdftotext -raw -enc UTF-8 "$1" - 2>/dev/null | tr -d ' \n\f\r\t' | sed 's/　//g'; }
ids=$(xp '//applicant/@id' | sed -E 's/ id="([^"]*)"/\1\n/g' | grep -v '^$')
missing=0 bad=0
for id in $ids; do
  pdf="$OUT/applicants/$id/application.pdf"
  [ -s "$pdf" ] || { missing=$((missing + 1)); echo "missing $id/application.pdf"; continue; }
  app=$(flat "$pdf")
  a="//applicant[@id='$id']"
  wants=("$(xp "string($a/enterprise/name)")" "$(xp "string($a/enterprise/credit-code | $a/enterprise/org-code)")"
         "$(xp "string($a/project/name)")" "☑$(xp "string($a/enterprise/industry)")"
         "$(xp "string($a/@city)")$(xp "string($a/enterprise/district)")")
  # the honours, each with its level
  n=$(xp "count($a/enterprise/honour)")
  for k in $(seq 1 "$n"); do wants+=("$(xp "string($a/enterprise/honour[$k])")$(xp "string($a/enterprise/honour[$k]/@level)")"); done
  # the eight cost items (the sample writes them with two decimals, as money prints them)
  for item in development devices testing staff cloud platform network implementation; do
    wants+=("$(xp "string($a/project/costs/@$item)")")
  done
  # every ticked 要素条件, and no more ticks than the industry, factors and attachments
  n=$(xp "count($a/project/factor)")
  for k in $(seq 1 "$n"); do wants+=("☑" "$(xp "string($a/project/factor[$k])")"); done
  for w in "${wants[@]}"; do
    w=$(tr -d ' \n' <<<"$w")
    [[ "$app" == *"$w"* ]] || { bad=$((bad + 1)); echo "$id application lacks $w"; }
  done
  for k in $(seq 1 "$n"); do
    f=$(xp "string($a/project/factor[$k])")
    grep -qE "☑[0-9]、$f" <<<"$app" || { bad=$((bad + 1)); echo "$id: 要素条件 $f not ticked"; }
  done
  ticks=$(grep -o '☑' <<<"$app" | wc -l)
  want_ticks=$(xp "1 + count($a/project/factor) + count($a/attachments/*)")
  [ "$ticks" -eq "$want_ticks" ] || { bad=$((bad + 1)); echo "$id: $ticks ticks, expected $want_ticks"; }
done
check "run: every 申报书 exists" test "$missing" -eq 0
check "run: every 申报书 gives back name, code, industry ☑, 地区, honours, costs and ☑ 要素条件" test "$bad" -eq 0

# the form's cover and fixed text
app1=$(flat "$OUT/applicants/HN-2019-001/application.pdf")
for w in "湖南省“上云上平台”标杆企业" "申报书" "（2019年度）" "申报单位（盖章）：" "推荐单位（盖章）：长沙市工业和信息化局" \
  "湖南省工业和信息化厅制" "一、申请表" "财务负责人（签字）" "企业法定代表人或负责人（签字）" "申报单位承诺" \
  "工业和信息化主管部门（盖章）" "二、企业基本情况概述" "三、标杆要素条件符合情况概述" "四、项目成效" "五、相关附件"; do
  check "申报书 HN-2019-001 has $w" grep -qF "$w" <<<"$app1"
done
# an enterprise that left a section empty gets the form's guidance in parentheses
check "an empty section prints the form's prompt" \
  bash -c "pdftotext -raw '$OUT/applicants/HN-2019-003/application.pdf' - | tr -d ' \n' | grep -qF '（研发队伍、科研成果、知识产权'"
# 资产负债率 computed from the balance when only the balance is given (HN-2019-002, 2017)
r=$(python3 -c "print('%.1f' % (49635.44 / 82133.12 * 100))")
check "资产负债率 computed from the balance: $r" grep -qF "$r" <<<"$(flat "$OUT/applicants/HN-2019-002/application.pdf")"
# the honours table keeps the form's four numbered rows with no honour (HN-2019-001 has none)
check "no honours: the form's four empty rows and ……" grep -qF "序号奖项名称级别获得时间1234……" <<<"$app1"
# more honours than the four rows: all printed, numbered on
check "seven honours, numbered to 7" grep -qF "7$(xp "string(//applicant[@id='HN-2019-005']/enterprise/honour[7])")" \
  <<<"$(flat "$OUT/applicants/HN-2019-005/application.pdf")"

# the form continues over pages inside the type area (37-262 mm from the top, 28-184 mm across;
# half an em of slack across for punctuation hanging at a line's end): a row that did not fit
# would be cut at the page's foot or drawn past it
inside() {
  pdftotext -bbox-layout "$1" - | python3 -c '
import re, sys
mm, bad, pages = 72 / 25.4, 0, 0
for page in re.findall(r"<page .*?</page>", sys.stdin.read(), re.S):
    pages += 1
    for x0, y0, x1, y1, w in re.findall(r"<word xMin=\"([\d.]+)\" yMin=\"([\d.]+)\" xMax=\"([\d.]+)\" yMax=\"([\d.]+)\">([^<]*)", page):
        if float(y0) < 37 * mm - 1 or float(y1) > 262 * mm + 1 or float(x0) < 28 * mm - 8 or float(x1) > 184 * mm + 8:
            bad += 1
            print("page %d: %s at %s,%s-%s,%s" % (pages, w, x0, y0, x1, y1))
sys.exit(1 if bad or pages < 2 else 0)'
}
for id in HN-2019-002 HN-2019-005; do
  check "申报书 $id: every page's text inside the type area" inside "$OUT/applicants/$id/application.pdf"
done
# HN-2019-002's description starts on one page and ends on the next
desc=$(xp 'string(//applicant[@id="HN-2019-002"]/project/description)')
page_of() { # PDF TEXT: the first page whose text (spaces and breaks removed) contains TEXT
  local n k
  n=$(pdfinfo "$1" | awk '/^Pages:/ { print $2 }')
  for k in $(seq 1 "$n"); do
    pdftotext -f "$k" -l "$k" -raw "$1" - | tr -d ' \n' | grep -qF "$2" && { echo "$k"; return; }
  done
  echo 0
}
p0=$(page_of "$OUT/applicants/HN-2019-002/application.pdf" "${desc:0:12}")
p1=$(page_of "$OUT/applicants/HN-2019-002/application.pdf" "${desc: -8}")
check "申报书 HN-2019-002: the long description goes on over a page break (pages $p0, $p1)" \
  test "$p0" -gt 0 -a "$p1" -eq $((p0 + 1))

# ---- the 公示: 7 calendar days, the first counted; admitted only, by 市州 in input order ----
notice=$(flat "$OUT/notice.pdf")
check "公示: title" grep -qF "关于2019年湖南省“上云上平台”标杆企业拟认定名单的公示" <<<"$notice"
# 2019-09-29 + 6 days = 2019-10-05 (in the National Day holiday: a working-day count would differ)
check "公示: period ends on start + 6 calendar days" grep -qF "公示期为2019年9月29日至2019年10月5日（7天）" <<<"$notice"
check "公示: objections contact" grep -qF "联系人：刘湘平" <<<"$notice"
admitted=$(xp 'count(//applicant[review/decision="admitted"])')
check "公示: counts the admitted" grep -qF "拟认定${admitted}家企业" <<<"$notice"
nbad=0
for id in $ids; do
  name=$(xp "string(//applicant[@id='$id']/enterprise/name)")
  dec=$(xp "string(//applicant[@id='$id']/review/decision)")
  if [ "$dec" = admitted ]; then grep -qF "$name" <<<"$notice" || { nbad=$((nbad + 1)); echo "公示 lacks $name"; }
  else ! grep -qF "$name" <<<"$notice" || { nbad=$((nbad + 1)); echo "公示 lists $dec $name"; }; fi
done
check "公示: lists exactly the admitted enterprises" test "$nbad" -eq 0
# the list's 市州 column in the order the INI asks (input: as the file lists them)
got=$(pdftotext -raw "$OUT/notice.pdf" - | grep -oE '(长沙|株洲|湘潭|衡阳|岳阳|常德|郴州|娄底)市|湘西土家族' | uniq | tr '\n' ' ')
check "公示: grouped by 市州 in the file's order ($got)" test "$got" = "长沙市 株洲市 湘潭市 衡阳市 岳阳市 常德市 郴州市 娄底市 湘西土家族 "

# ---- the 认定 通知 ----
ann=$(flat "$OUT/announcement.pdf")
for w in "湖南省工业和信息化厅文件" "湘工信人工智能〔2019〕412号" "关于公布2019年湖南省“上云上平台”标杆企业名单的通知" \
  "各市州工业和信息化局，各有关单位：" "附件：2019年湖南省“上云上平台”标杆企业名单" "2019年10月18日" "（此件主动公开）"; do
  check "通知 has $w" grep -qF "$w" <<<"$ann"
done
check "通知: the list names the admitted" grep -qF "$(xp 'string(//applicant[review/decision="admitted"][last()]/enterprise/name)')" <<<"$ann"
# the 版记 (GB/T 9704 7.4) on the last page: 抄送 (its 。 added), 印发机关 and 印发日期, the 印发 line's
# foot on the bottom edge of the type area (262 mm from the top; 0 to 6 mm above it, -1 mm below)
last=$(pdfinfo "$OUT/announcement.pdf" | awk '/^Pages:/ { print $2 }')
lastp=$(pdftotext -f "$last" -l "$last" -raw "$OUT/announcement.pdf" - | tr -d ' \n')
check "通知 版记: 抄送 line on the last page" grep -qF "抄送：工业和信息化部信息技术发展司，省人民政府办公厅。" <<<"$lastp"
check "通知 版记: 印发机关 and 印发日期 on the last page" grep -qF "湖南省工业和信息化厅办公室2019年10月21日印发" <<<"$lastp"
foot=$(pdftotext -bbox-layout -f "$last" -l "$last" "$OUT/announcement.pdf" - |
  grep -oE '<word [^>]*yMax="[0-9.]+">[^<]*印发</word>' | grep -oE 'yMax="[0-9.]+"' | grep -oE '[0-9.]+')
check "通知 版记: the 印发 line sits on the type area's bottom edge (yMax $foot pt)" \
  python3 -c "import sys; mm = 72 / 25.4; y = float(sys.argv[1]); sys.exit(0 if 256 * mm <= y <= 263 * mm else 1)" "${foot:-0}"
check "通知 版记: only on the last page" test "$(pdftotext "$OUT/announcement.pdf" - | grep -c '印发$')" -eq 1
sed -e '/^copy_to/d' -e "s|^input .*|input = $ROOT/$XML|" "$INI" >"$T/nocopy.ini"
"$YINFA" run "$T/nocopy.ini" --output "$T/out-nc" --only announcement --quiet 2>"$T/err"
check "通知 版记: no copy_to, no 抄送 line" bash -c "pdftotext '$T/out-nc/announcement.pdf' - | grep -q '2019年10月21日印发' && ! pdftotext '$T/out-nc/announcement.pdf' - | grep -q 抄送"
sed -e 's/^public .*/public = no/' -e "s|^input .*|input = $ROOT/$XML|" "$INI" >"$T/nopublic.ini"
"$YINFA" run "$T/nopublic.ini" --output "$T/out-np" --only announcement --quiet 2>"$T/err"
check "通知: public = no leaves out （此件主动公开）" bash -c "! pdftotext '$T/out-np/announcement.pdf' - | grep -q 此件主动公开"

# ---- 推荐汇总表 per 市州 ----
sum=$(flat "$OUT/groups/株洲市/summary.pdf")
check "汇总表: 推荐单位 line" grep -qF "推荐单位（盖章）：株洲市工业和信息化局" <<<"$sum"
zz=$(xp 'count(//applicant[@city="株洲市"])')
check "汇总表: 株洲市's ${zz} enterprises and their total" grep -qF "合计（${zz}家）" <<<"$sum"
check "汇总表: names the 市州's enterprise" grep -qF "$(xp 'string(//applicant[@city="株洲市"][1]/enterprise/name)')" <<<"$sum"
check "汇总表: no other 市州's enterprise" bash -c "! grep -qF '$(xp 'string(//applicant[@city="长沙市"][1]/enterprise/name)')' <<<'$sum'"

# ---- PDF structure and fonts, one file of each kind ----
for f in notice.pdf announcement.pdf groups/长沙市/summary.pdf applicants/HN-2019-005/application.pdf; do
  check "qpdf --check $f" qpdf --check "$OUT/$f" >/dev/null
  check "$f: every font embedded" bash -c "pdffonts '$OUT/$f' | tail -n +3 | awk '{ if (\$(NF-4) != \"yes\") exit 1 }'"
done
check "verify the run" "$YINFA" verify "$OUT"

# ---- one failing input per rule: line, enterprise, message ----
# mut ID PATTERN REPLACEMENT: edits the first match inside applicant ID into $T/bad.xml and
# prints the line of the edit
mut() {
  python3 - "$XML" "$T/bad.xml" "$@" <<'PY'
import re, sys
src, dst, aid, pat, rep = sys.argv[1:6]
s = open(src, encoding="utf-8").read()
a = s.index('<applicant id="%s"' % aid)
b = s.index("</applicant>", a)
m = re.compile(pat, re.S).search(s, a, b)
if not m:
    sys.exit("no match for %r in %s" % (pat, aid))
s = s[:m.start()] + m.expand(rep) + s[m.end():]
open(dst, "w", encoding="utf-8").write(s)
print(s.count("\n", 0, m.start()) + 1)
PY
}
bad() { # NAME ID PATTERN REPLACEMENT EXPECTED (LINE in EXPECTED is the edit's line)
  local name=$1 id=$2 pat=$3 rep=$4 want=$5 line
  line=$(mut "$id" "$pat" "$rep") || { fail "rule $name: fixture edit"; return; }
  want=${want//ALINE/$(grep -n "<applicant id=\"$id\"" "$T/bad.xml" | cut -d: -f1)}
  want=${want//LINE/$line}
  "$YINFA" validate "$T/bad.xml" --config "$INI" >"$T/out" 2>"$T/err"; rc=$?
  check "rule $name: exit 1" test "$rc" -eq 1
  check "rule $name: located message" grep -qF "bad.xml:$want" "$T/err"
  grep -qF "bad.xml:$want" "$T/err" || { echo "want: bad.xml:$want"; cat "$T/err"; }
}
long=$(printf '字%.0s' $(seq 1 1001))
bad description-length HN-2019-001 '<description>[^<]*' "<description>$long" \
  "LINE: error: enterprise HN-2019-001: the project description has 1001 characters; at most 1000 [description-length]"
mut HN-2019-001 '<description>[^<]*' "<description>${long:1}" >/dev/null
"$YINFA" validate "$T/bad.xml" --config "$INI" >/dev/null 2>&1
check "rule description-length: 1000 字 pass" test $? -eq 0
bad costs-add-up HN-2019-001 'development="428.50"' 'development="428.60"' \
  "18: error: enterprise HN-2019-001: the eight cost items add up to 1135.99 万元, not the stated total 1135.89 万元 [costs-add-up]"
bad factor-ticked HN-2019-001 '\s*<factor>.*</factor>' '' \
  "18: error: enterprise HN-2019-001: no 要素条件 (project type) is ticked; tick at least one of 附件1 [factor-ticked]"
bad factor-once HN-2019-001 '<factor>能源效率优化' '<factor>进度智能管控' \
  "LINE: error: enterprise HN-2019-001: the 要素条件 进度智能管控 is ticked twice [factor-once]"
bad construction-order HN-2019-001 'end="2019-04"' 'end="2018-05"' \
  "LINE: error: enterprise HN-2019-001: the construction period ends in 2018-05, before it starts in 2018-06 [construction-order]"
# a wrong GB 11714 check character: the message names the right one
oc=$(xp 'string(//applicant[@id="HN-2019-007"]/enterprise/org-code)')
right=${oc:8:1}; wrong=1; [ "$right" = 1 ] && wrong=2
bad org-code-check HN-2019-007 "<org-code>$oc" "<org-code>${oc:0:8}$wrong" \
  "LINE: error: enterprise HN-2019-007: the organisation code ${oc:0:8}$wrong should end in the check character $right (GB 11714); check the code [org-code-check]"
c1=$(xp 'string(//applicant[@id="HN-2019-001"]/enterprise/credit-code)')
bad one-application HN-2019-002 '<credit-code>[^<]*' "<credit-code>$c1" \
  "ALINE: error: enterprise HN-2019-002: code $c1 already applies as HN-2019-001 (line 5); one application per enterprise [one-application-per-enterprise]"
oid=$(xp 'string(//applicant[enterprise/industry="其他"]/@id)')
bad other-industry-named "$oid" ' other="[^"]*"' '' \
  "LINE: error: enterprise $oid: the industry is 其他: name it in the other attribute [other-industry-named]"
bad other-industry-only HN-2019-001 '<industry>' '<industry other="工程车辆">' \
  "LINE: error: enterprise HN-2019-001: the industry is 工程机械, yet other=\"工程车辆\" is given; other= goes with 其他 only [other-industry-only]"
bad one-finance-per-year HN-2019-001 'year="2018"' 'year="2017"' \
  "LINE: error: enterprise HN-2019-001: a second finance entry for 2017; keep one per year [one-finance-per-year]"
bad debt-ratio-matches HN-2019-003 'debt-ratio="[^"]*"' 'debt-ratio="80.0"' \
  "LINE: error: enterprise HN-2019-003: the 2017 debt ratio is given as 80.0%, but liabilities of"
bad liabilities-need-assets HN-2019-002 'total-assets="82133.12" ' '' \
  "LINE: error: enterprise HN-2019-002: 2017 gives liabilities of 49635.44 万元 but no (or zero) total assets: the debt ratio cannot be computed [liabilities-need-assets]"
bad city-of-hunan HN-2019-001 'city="长沙市"' 'city="武汉市"' \
  "LINE: error: enterprise HN-2019-001: <applicant> city=\"武汉市\" is not one of: 长沙市、株洲市、湘潭市"
bad industry-listed HN-2019-001 '<industry>工程机械' '<industry>机械' \
  "LINE: error: enterprise HN-2019-001: <industry> \"机械\" is not one of: 钢铁、有色、石化化工、建材"
# 其他（请注明） is one line of the form: 16 characters fit and are printed, 17 are refused
line=$(mut "$oid" 'other="[^"]*"' 'other="石墨烯及碳纤维复合材料与高性能陶"')
"$YINFA" run "$INI" --input "$T/bad.xml" --output "$T/out-other" --only application --quiet 2>"$T/err"
check "其他 with 16 characters: the form is made" \
  bash -c "pdftotext -raw '$T/out-other/applicants/$oid/application.pdf' - | tr -d ' \n' | grep -qF '☑其他（请注明）：石墨烯及碳纤维复合材料与高性能陶'"
bad other-industry-too-long "$oid" 'other="[^"]*"' 'other="石墨烯及碳纤维复合材料与高性能陶瓷"' \
  "LINE: error: enterprise $oid: does not match the review-round schema: Element 'industry', attribute 'other': [facet 'maxLength']"
# 近两年内: a warning with its line; the round stays valid
line=$(mut HN-2019-001 'start="2018-06"' 'start="2017-06"')
"$YINFA" validate "$T/bad.xml" --config "$INI" >"$T/out" 2>"$T/err"; rc=$?
check "rule construction-recent: a warning, still valid" test "$rc" -eq 0
check "rule construction-recent: located warning" grep -qF \
  "bad.xml:$line: warning: enterprise HN-2019-001: the construction period 2017-06 to 2019-04 is not within the two years before the deadline 2019-08-31 [construction-recent]" "$T/err"
LANG=zh_CN.UTF-8 "$YINFA" validate "$T/bad.xml" --config "$INI" >"$T/out" 2>"$T/err"
check "rule messages in Chinese" grep -qF "项目建设时间 2017-06 至 2019-04 不在申报截止日 2019-08-31 前的近两年内" "$T/err"
finish
