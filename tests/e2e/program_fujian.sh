#!/bin/bash
# The fujian-fusion program (issue 10, seed 001: 福建省省级新一代信息技术与制造业融合发展项目) is
# data only: its sample round validates and writes all five kinds (申报书, 初审推荐汇总表 per
# 设区市 and 平潭综合实验区, 专家评审表, 公示, 发文公布 通知); the PDFs give back each category's own
# figures, the 公示 lists exactly the admitted under category headings with its 5-working-day
# period across 国庆节, the 通知 has its 版头, 主送, 附件 and （此件主动公开）; one failing input per
# 申报条件 rule with its line, applicant and message.
source "$(dirname "$0")/../e2e_lib.sh"
T="$E2E_TMP"
PROG="$ROOT/templates/fujian-fusion"
XML="$ROOT/samples/fujian-2024.xml"
INI="$ROOT/samples/fujian-2024.ini"
for f in "$PROG/program.xml" "$PROG/schema.xsd" "$XML" "$INI"; do
  check "fixture $(basename "$f") is there" test -s "$f"
done
[ -s "$XML" ] && [ -s "$INI" ] || { finish; exit 1; }

# ---- the program as yinfa shows it ----
"$YINFA" programs fujian-fusion >"$T/out" 2>"$T/err"; rc=$?
check "programs fujian-fusion: exit 0" test "$rc" -eq 0
for kind in application city-summary review-form notice announcement; do
  check "programs: document kind $kind" grep -qE "^ +$kind " "$T/out"
done
check "programs: the group is the 设区市 (平潭综合实验区 included)" grep -q "设区市（平潭综合实验区）" "$T/out"

# ---- the sample round ----
"$YINFA" validate "$XML" --config "$INI" >"$T/out" 2>"$T/err"; rc=$?
check "sample round validates" test "$rc" -eq 0
check "sample round: 48 applicants" grep -q "48 applicant" "$T/out"
check "sample round: no warnings" test ! -s "$T/err"

xp() { xmllint --xpath "$1" "$XML" 2>/dev/null; }
flat() { pdftotext -raw -enc UTF-8 "$1" - 2>/dev/null | tr -d ' \n\f\r\t'; }
ids=$(xp '//applicant/@id' | sed -E 's/ id="([^"]*)"/\1\n/g' | grep -v '^$')
check "sample: at least 40 applicants" test "$(echo "$ids" | wc -l)" -ge 40
# each applicant's name, decision and category by the same queries, read once: the loops below
# look them up ~800 times, an xmllint each (an id not read here falls back to its query)
declare -A NAME DEC CAT
for id in $ids; do
  NAME[$id]=$(xp "string(//applicant[@id='$id']/enterprise/name)")
  DEC[$id]=$(xp "string(//applicant[@id='$id']/review/decision)")
  CAT[$id]=$(xp "string(//applicant[@id='$id']/project/@category)")
done
for c in 工业互联网平台 标杆企业 应用场景 标识解析 工业APP优秀解决方案; do
  check "sample: category $c present" test "$(xp "count(//applicant[project/@category='$c'])")" -ge 3
done
check "sample: at least 6 设区市 plus 平潭综合实验区" \
  bash -c "[ \$(xmllint --xpath '//applicant/@city' '$XML' | tr ' ' '\n' | sort -u | grep -c 市) -ge 6 ] && grep -q 'city=\"平潭综合实验区\"' '$XML'"

OUT="$T/run"
"$YINFA" run "$INI" --output "$OUT" --quiet 2>"$T/err"; rc=$?
check "run: exit 0" test "$rc" -eq 0
[ "$rc" -eq 0 ] || cat "$T/err"
check "run: the 公示" test -s "$OUT/notice.pdf"
check "run: the 发文公布 通知" test -s "$OUT/announcement.pdf"
cities=$(xp '//applicant/@city' | sed -E 's/ city="([^"]*)"/\1\n/g' | grep -v '^$' | sort -u)
missing=0
for c in $cities; do [ -s "$OUT/cities/$c/summary.pdf" ] || { missing=$((missing + 1)); echo "no summary for $c"; }; done
check "run: an 初审推荐汇总表 per city and for 平潭综合实验区" test "$missing" -eq 0 -a -s "$OUT/cities/平潭综合实验区/summary.pdf"

# ---- every 申报书 and 专家评审表 gives back its applicant and its category's own figures ----
# figure attributes per category, and a label only that category's table has
declare -A FIG=([工业互联网平台]="platform:connected-enterprises connected-devices:连接服务企业数"
  [标杆企业]="benchmark:type efficiency:标杆类型" [应用场景]="scenario:challenge months:攻关周期"
  [标识解析]="identifier:enterprises registrations resolutions:标识注册量"
  [工业APP优秀解决方案]="app:type users:工业APP类型")
# a phrase of the 办法's own criterion text per category (三、(一)-(五))
declare -A CRIT=([工业互联网平台]="部署数据安全防护功能模块或组件" [标杆企业]="5G全连接工厂须满足5个以上关键环节的场景应用"
  [应用场景]="攻关周期一般不超过12个月" [标识解析]="标识注册量超3000万，解析量超1亿次"
  [工业APP优秀解决方案]="项目方案实施前后的成效可量化、可对比、可评价")
missing=0 badapp=0 badrev=0
for id in $ids; do
  for kind in application review-form; do
    [ -s "$OUT/applicants/$id/$kind.pdf" ] || { missing=$((missing + 1)); echo "missing $id/$kind.pdf"; }
  done
  app=$(flat "$OUT/applicants/$id/application.pdf")
  rev=$(flat "$OUT/applicants/$id/review-form.pdf")
  name=${NAME[$id]-$(xp "string(//applicant[@id='$id']/enterprise/name)")}
  code=$(xp "string(//applicant[@id='$id']/enterprise/credit-code)")
  proj=$(xp "string(//applicant[@id='$id']/project/name)")
  cat=${CAT[$id]-$(xp "string(//applicant[@id='$id']/project/@category)")}
  IFS=: read -r el attrs label <<<"${FIG[$cat]}"
  for want in "$name" "$code" "$proj" "☑$cat" "$label"; do
    [[ "$app" == *"$want"* ]] || { badapp=$((badapp + 1)); echo "$id application lacks $want"; }
  done
  for a in $attrs; do
    v=$(xp "string(//applicant[@id='$id']/project/$el/@$a)")
    [ -n "$v" ] && [[ "$app" == *"$v"* ]] || { badapp=$((badapp + 1)); echo "$id application lacks $el/@$a=$v"; }
  done
  # only the rows of its own category
  for other in "${!FIG[@]}"; do
    [ "$other" = "$cat" ] && continue
    ol=${FIG[$other]##*:}
    [[ "$app" != *"$ol"* ]] || { badapp=$((badapp + 1)); echo "$id ($cat) application shows $other's row $ol"; }
  done
  for want in "$name" "$proj" "${CRIT[$cat]}"; do
    [[ "$rev" == *"$want"* ]] || { badrev=$((badrev + 1)); echo "$id review form lacks $want"; }
  done
  s=$(xp "string(//applicant[@id='$id']/review/expert-review/effectiveness/@score)")
  if [ -n "$s" ]; then
    [[ "$rev" == *"有效性"*"$s"* ]] || { badrev=$((badrev + 1)); echo "$id review form lacks the score $s"; }
  fi
done
check "every applicant has a 申报书 and a 专家评审表" test "$missing" -eq 0
check "every 申报书 gives back name, code, project, its ticked category and that category's figures only" test "$badapp" -eq 0
check "every 专家评审表 gives back the 办法's criterion text of its category and the scores" test "$badrev" -eq 0

# the 5G全连接工厂's key links, and the 申报书's 推荐意见 box
g5=$(xp "string((//applicant[project/benchmark/@type='5G全连接工厂'])[1]/@id)")
links=$(xp "string(//applicant[@id='$g5']/project/benchmark/@key-links)")
check "a 5G全连接工厂's 申报书 gives its key links ($g5: $links)" \
  bash -c '[[ "$1" == *"场景应用的关键环节数（个）$2"* ]]' _ "$(flat "$OUT/applicants/$g5/application.pdf")" "$links"
nr=$(xp "string((//applicant[review/city-opinion/@recommend='不推荐'])[1]/@id)")
reason=$(xp "string(//applicant[@id='$nr']/review/city-opinion)")
check "a 不推荐 applicant's 申报书 ticks 不推荐 and gives the reason ($nr)" \
  bash -c '[[ "$1" == *"☑不推荐"* && "$1" == *"$2"* ]]' _ "$(flat "$OUT/applicants/$nr/application.pdf")" "$reason"

# the 申报书's cover (templates/common's <cover>): the 厅's footer and the recommending bureau
pt=$(xp "string((//applicant[@city='平潭综合实验区'])[1]/@id)")
cover=$(pdftotext -f 1 -l 1 -raw "$OUT/applicants/$pt/application.pdf" - | tr -d ' \n')
check "申报书 cover: 推荐单位 平潭综合实验区经济发展局 and 福建省工业和信息化厅制 ($pt)" \
  bash -c '[[ "$1" == *"推荐单位：平潭综合实验区经济发展局"* && "$1" == *"福建省工业和信息化厅制"* && "$1" != *"基本信息"* ]]' _ "$cover"

# ---- the 初审推荐汇总表 ----
bad=0
for c in $cities; do
  t=$(flat "$OUT/cities/$c/summary.pdf")
  for id in $(xp "//applicant[@city='$c']/@id" | sed -E 's/ id="([^"]*)"/\1\n/g'); do
    name=${NAME[$id]-$(xp "string(//applicant[@id='$id']/enterprise/name)")}
    [[ "$t" == *"$name"* ]] || { bad=$((bad + 1)); echo "summary of $c lacks $name"; }
  done
  for id in $(xp "//applicant[@city!='$c']/@id" | sed -E 's/ id="([^"]*)"/\1\n/g'); do
    name=${NAME[$id]-$(xp "string(//applicant[@id='$id']/enterprise/name)")}
    [[ "$t" != *"$name"* ]] || { bad=$((bad + 1)); echo "summary of $c lists $name of another city"; }
  done
done
check "each 初审推荐汇总表 lists its own applicants and no other" test "$bad" -eq 0
nrcity=$(xp "string(//applicant[@id='$nr']/@city)")
check "the 汇总表 gives 不推荐 with its reason" \
  bash -c '[[ "$1" == *"不推荐$2"* ]]' _ "$(flat "$OUT/cities/$nrcity/summary.pdf")" "$reason"
check "the 汇总表 of 平潭 names its 经发局 on the 盖章 line" \
  grep -q '推荐单位（盖章）：平潭综合实验区经济发展局' <<<"$(flat "$OUT/cities/平潭综合实验区/summary.pdf")"
check "a city's 汇总表 names its 工业和信息化局" \
  grep -q '推荐单位（盖章）：福州市工业和信息化局' <<<"$(flat "$OUT/cities/福州市/summary.pdf")"

# ---- the 公示: exactly the admitted, under their category heading, and the period ----
notice=$(flat "$OUT/notice.pdf")
check "公示: 5 working days from Fri 27 Sep 2024 end on 9 Oct (国庆节, Sun 29 Sep worked)" \
  grep -q "公示期为2024年9月27日至2024年10月9日（5个工作日）" <<<"$notice"
cats_in_order=(工业互联网平台 标杆企业 应用场景 标识解析 工业APP优秀解决方案)
heads=() k=0
for c in "${cats_in_order[@]}"; do
  n=$(xp "count(//applicant[review/decision='admitted' and project/@category='$c'])")
  [ "$n" -gt 0 ] || continue
  k=$((k + 1))
  heads+=("$(echo "一二三四五" | cut -c$(( (k - 1) * 3 + 1 ))-$(( k * 3 )))、$c（${n}个）")
done
check "公示: a heading per category with its count, in the 办法's order" \
  python3 -c 'import sys; t=sys.argv[1]; p=[t.find(h) for h in sys.argv[2:]]; sys.exit(not (all(x >= 0 for x in p) and p == sorted(p)))' \
  "$notice" "${heads[@]}"
wrong=0
for id in $ids; do
  name=${NAME[$id]-$(xp "string(//applicant[@id='$id']/enterprise/name)")}
  dec=${DEC[$id]-$(xp "string(//applicant[@id='$id']/review/decision)")}
  cat=${CAT[$id]-$(xp "string(//applicant[@id='$id']/project/@category)")}
  if [ "$dec" = admitted ]; then
    # under its own heading: after it, and before the next one
    python3 -c '
import sys
t, name, cat = sys.argv[1:4]; heads = sys.argv[4:]
i = t.find(name)
mine = [k for k, h in enumerate(heads) if h.split("、", 1)[1].startswith(cat + "（")][0]
start = t.find(heads[mine]); end = t.find(heads[mine + 1]) if mine + 1 < len(heads) else len(t)
sys.exit(not (start <= i < end))' "$notice" "$name" "$cat" "${heads[@]}" ||
      { wrong=$((wrong + 1)); echo "公示: $name not under $cat"; }
  else
    [[ "$notice" != *"$name"* ]] || { wrong=$((wrong + 1)); echo "公示 lists $dec $name"; }
  fi
done
check "公示 lists exactly the admitted, each under its category" test "$wrong" -eq 0
nadm=$(xp "count(//applicant[review/decision='admitted'])")
check "公示 counts the admitted ($nadm)" grep -q "拟确定${nadm}个项目" <<<"$notice"

# 序号: restarting per category (default) or running through ([notice] numbering = running)
maxno() { pdftotext -layout "$1" - | grep -oE '^ *[0-9]+ ' | tr -d ' ' | sort -n | tail -1; }
biggest=$(for c in "${cats_in_order[@]}"; do xp "count(//applicant[review/decision='admitted' and project/@category='$c'])"; echo; done | sort -n | tail -1)
check "公示: 序号 restart under each category (largest $biggest)" test "$(maxno "$OUT/notice.pdf")" = "$biggest"
mkini() { sed -e "s|^input .*|input = $XML|" "$INI" >"$T/job.ini"; for e in "$@"; do sed -i -e "$e" "$T/job.ini"; done; }
mkini 's/^numbering = .*/numbering = running/'
"$YINFA" run "$T/job.ini" --output "$T/o-running" --only notice --quiet 2>"$T/err"; rc=$?
check "numbering = running: exit 0" test "$rc" -eq 0
check "numbering = running: 序号 run 1..$nadm" test "$(maxno "$T/o-running/notice.pdf")" = "$nadm"
# a local day off inside the period moves its end ([notice] holidays adds to the official calendar)
mkini 's/^; holidays .*/holidays = 2024-10-09/'
"$YINFA" run "$T/job.ini" --output "$T/o-holiday" --only notice --quiet 2>"$T/err"; rc=$?
check "a local holiday on 9 Oct: the 公示 ends on 10 Oct" \
  bash -c "pdftotext '$T/o-holiday/notice.pdf' - | tr -d ' \n' | grep -q '2024年9月27日至2024年10月10日'"

# ---- the 发文公布 通知 ----
ann=$(flat "$OUT/announcement.pdf")
for want in 福建省工业和信息化厅文件 "闽工信数字〔2024〕58号" "各设区市工信局、平潭综合实验区经发局：" \
  "（此件主动公开）" "确定${nadm}个项目" "2024年10月18日" "公示（2024年9月27日至2024年10月9日）"; do
  check "通知 has $want" grep -qF "$want" <<<"$ann"
done
check "通知 ends with the shared 版记 (templates/common/colophon.xml)" \
  grep -qF "福建省工业和信息化厅办公室2024年10月18日印发" <<<"$ann"
k=0 badann=0
for c in "${cats_in_order[@]}"; do
  n=$(xp "count(//applicant[review/decision='admitted' and project/@category='$c'])")
  [ "$n" -gt 0 ] || continue
  k=$((k + 1))
  [[ "$ann" == *"附件${k}2024年省级新一代信息技术与制造业融合发展项目名单（${c}）"* ]] ||
    { badann=$((badann + 1)); echo "通知 lacks 附件$k for $c"; }
done
check "通知: one 附件 per category, numbered in the 办法's order" test "$badann" -eq 0
for id in $ids; do
  name=${NAME[$id]-$(xp "string(//applicant[@id='$id']/enterprise/name)")}
  dec=${DEC[$id]-$(xp "string(//applicant[@id='$id']/review/decision)")}
  if [ "$dec" = admitted ]; then [[ "$ann" == *"$name"* ]] || badann=$((badann + 1)); fi
  if [ "$dec" != admitted ]; then [[ "$ann" != *"$name"* ]] || badann=$((badann + 1)); fi
done
check "通知 lists exactly the admitted" test "$badann" -eq 0

# ---- PDF checks on one file of each kind ----
one_of_each=("$OUT/notice.pdf" "$OUT/announcement.pdf" "$OUT/cities/福州市/summary.pdf"
  "$OUT/applicants/FJ-2024-001/application.pdf" "$OUT/applicants/FJ-2024-001/review-form.pdf")
for f in "${one_of_each[@]}"; do
  short=${f#"$OUT/"}
  check "qpdf --check: $short" bash -c "qpdf --check '$f' >/dev/null 2>&1"
  check "pdffonts: every font embedded and subset in $short" bash -c \
    "pdffonts '$f' | tail -n +3 | awk '{ n++; if (\$(NF-4) != \"yes\" || \$(NF-3) != \"yes\") bad=1 } END { exit bad || !n }'"
done
check "verify accepts the output" "$YINFA" verify "$OUT"

# ---- one failing input per rule: line, applicant, message ----
cat >"$T/edit.py" <<'EOF'
# edit.py IN OUT ID OLD NEW: replaces the first OLD inside applicant ID's element by NEW and
# prints the line NEW starts on (ID "-" edits the whole file)
import sys
src, dst, aid, old, new = sys.argv[1:6]
t = open(src, encoding="utf-8").read()
start = 0 if aid == "-" else t.index(f'<applicant id="{aid}"')
end = len(t) if aid == "-" else t.index("</applicant>", start)
i = t.index(old, start, end)
t = t[:i] + new + t[i + len(old):]
open(dst, "w", encoding="utf-8").write(t)
print(t.count("\n", 0, i) + 1)
EOF
# cite RULE: the clause `yinfa programs` lists for the rule and its messages start with ("CLAUSE: ")
cite() { LANG=C.UTF-8 "$YINFA" programs fujian-fusion | awk -v r="$1" '$1 == r && NF > 2 { $1 = ""; $2 = ""; sub(/^ +/, ""); printf "%s: ", $0 }'; }
line_of() { grep -n "<applicant id=\"$1\"" "$XML" | cut -d: -f1; }
validate_bad() { "$YINFA" validate "$T/bad.xml" --config "${1:-$INI}" >"$T/out" 2>"$T/err"; rc=$?; }
# bad RULE ID OLD NEW EXPECTED [line-of: applicant|edit]: the edited round fails with EXPECTED at that line
bad() {
  local rule=$1 id=$2 old=$3 new=$4 want=$5 at=${6:-edit} line
  line=$(python3 "$T/edit.py" "$XML" "$T/bad.xml" "$id" "$old" "$new") || { fail "rule $rule: edit" "no '$old' in $id"; return; }
  [ "$at" = applicant ] && line=$(line_of "$id")
  validate_bad
  check "rule $rule: exit 1" test "$rc" -eq 1
  check "rule $rule: bad.xml:$line, $id, message" grep -qF "bad.xml:$line: error: applicant $id: $(cite "$rule")$want [$rule]" "$T/err"
  [ "$rc" -eq 1 ] && grep -qF "[$rule]" "$T/err" || cat "$T/err"
}
first() { xp "string(($1)[1]/@id)"; }
A=$(first "//applicant")
bad legal-person "$A" "<legal-person>yes<" "<legal-person>no<" \
  "an applicant must be an independent legal person (独立法人资格); it says no: may not apply"
bad abnormal-operation "$A" "<abnormal-operation>no<" "<abnormal-operation>yes<" \
  "listed in the 经营异常名录 (answer yes): may not apply"
bad dishonest "$A" "<dishonest>no<" "<dishonest>yes<" \
  "listed as a dishonest enterprise (失信企业名单, answer yes): may not apply"
bad organised-crime "$A" "<organised-crime>no<" "<organised-crime>yes<" \
  "organised-crime offences in the last three years (涉黑涉恶, answer yes): may not apply"

P=$(first "//applicant[project/@category='工业互联网平台' and project/platform/@track='省级示范平台']")
rev=$(xp "string(//applicant[@id='$P']/enterprise/revenue)")
bad revenue-3000 "$P" ">$rev</revenue>" ">2999.9</revenue>" \
  "category 工业互联网平台 requires previous-year revenue of at least 3000 万元; it is 2999.9 万元" applicant
B=$(first "//applicant[project/@category='标杆企业']")
rev=$(xp "string(//applicant[@id='$B']/enterprise/revenue)")
bad revenue-benchmark "$B" ">$rev</revenue>" ">9999</revenue>" \
  "category 标杆企业 requires previous-year revenue of at least 1 亿元 (10000 万元); it is 9999 万元" applicant
# exactly the threshold is enough ("不少于")
python3 "$T/edit.py" "$XML" "$T/bad.xml" "$B" ">$rev</revenue>" ">10000</revenue>" >/dev/null
validate_bad
check "rule revenue-benchmark: exactly 10000 万元 passes" test "$rc" -eq 0
# 工业APP has no revenue threshold
APP=$(first "//applicant[project/@category='工业APP优秀解决方案']")
rev=$(xp "string(//applicant[@id='$APP']/enterprise/revenue)")
python3 "$T/edit.py" "$XML" "$T/bad.xml" "$APP" ">$rev</revenue>" ">12</revenue>" >/dev/null
validate_bad
check "工业APP优秀解决方案: no revenue threshold" test "$rc" -eq 0

# platform: more than 100 enterprises, or at least 10000 devices
ce=$(xp "string(//applicant[@id='$P']/project/platform/@connected-enterprises)")
cd=$(xp "string(//applicant[@id='$P']/project/platform/@connected-devices)")
python3 "$T/edit.py" "$XML" "$T/bad.xml" "$P" "connected-enterprises=\"$ce\" connected-devices=\"$cd\"" \
  'connected-enterprises="100" connected-devices="9999"' >"$T/line"
validate_bad
check "rule platform-connections: exit 1" test "$rc" -eq 1
check "rule platform-connections: located message" grep -qF "bad.xml:$(cat "$T/line"): error: applicant $P: $(cite platform-connections)a 省级示范平台 must serve more than 100 enterprises or at least 10000 products/devices; it serves 100 enterprises and 9999 devices [platform-connections]" "$T/err"
python3 "$T/edit.py" "$XML" "$T/bad.xml" "$P" "connected-enterprises=\"$ce\" connected-devices=\"$cd\"" \
  'connected-enterprises="100" connected-devices="10000"' >/dev/null
validate_bad
check "rule platform-connections: 10000 devices with 100 enterprises pass" test "$rc" -eq 0

G=$(first "//applicant[project/benchmark/@type='5G全连接工厂']")
kl=$(xp "string(//applicant[@id='$G']/project/benchmark/@key-links)")
bad 5g-key-links "$G" "key-links=\"$kl\"" 'key-links="4"' \
  "a 5G全连接工厂 needs applications in at least 5 key production links; it has 4"

S1=$(first "//applicant[project/@category='应用场景']")
S2=$(xp "string((//applicant[project/@category='应用场景'])[2]/@id)")
c1=$(xp "string(//applicant[@id='$S1']/enterprise/credit-code)")
c2=$(xp "string(//applicant[@id='$S2']/enterprise/credit-code)")
bad scenario-one-per-unit "$S2" "$c2" "$c1" \
  "credit code $c1 already leads an 应用场景 project as $S1 (line $(line_of "$S1")); one per lead unit" applicant
# the same unit may lead one 应用场景 and apply in another category
O=$(first "//applicant[project/@category='标识解析']")
co=$(xp "string(//applicant[@id='$O']/enterprise/credit-code)")
python3 "$T/edit.py" "$XML" "$T/bad.xml" "$O" "$co" "$c1" >/dev/null
validate_bad
check "rule scenario-one-per-unit: the lead unit may apply in another category" test "$rc" -eq 0
mo=$(xp "string(//applicant[@id='$S1']/project/scenario/@months)")
bad scenario-months "$S1" "months=\"$mo\"" 'months="13"' "an 应用场景 project runs at most 12 months; it runs 13"

en=$(xp "string(//applicant[@id='$O']/project/identifier/@enterprises)")
bad identifier-enterprises "$O" "enterprises=\"$en\"" 'enterprises="300"' \
  "the secondary node must have more than 300 registered industrial enterprises; it has 300"
rg=$(xp "string(//applicant[@id='$O']/project/identifier/@registrations)")
bad identifier-registrations "$O" "registrations=\"$rg\"" 'registrations="30000000"' \
  "identifier registrations must exceed 30000000 (3000 万); there are 30000000"
rs=$(xp "string(//applicant[@id='$O']/project/identifier/@resolutions)")
bad identifier-resolutions "$O" "resolutions=\"$rs\"" 'resolutions="100000000"' \
  "identifier resolutions must exceed 100000000 (1 亿次); there are 100000000"

bad category-figures "$A" 'category="工业互联网平台"' 'category="标识解析"' \
  "the category is 标识解析 but the figures given are <platform>; give that category's figures"

reason=$(xp "string(//applicant[@id='$nr']/review/city-opinion)")
bad reason-for-not-recommending "$nr" ">$reason<" "><" "the city does not recommend the applicant but gives no reason"
AD=$(first "//applicant[review/decision='admitted']")
op=$(xp "string(//applicant[@id='$AD']/review/city-opinion)")
python3 "$T/edit.py" "$XML" "$T/bad.xml" "$AD" "recommend=\"推荐\"" 'recommend="不推荐"' >/dev/null
validate_bad
check "rule admitted-not-recommended: located message" grep -qF "bad.xml:$(line_of "$AD"): error: applicant $AD: $(cite admitted-not-recommended)admitted, but $(xp "string(//applicant[@id='$AD']/@city)") did not recommend it ($op) [admitted-not-recommended]" "$T/err"

SC=$(first "//applicant[review/expert-review/innovation/@score]")
for crit in innovation:30:创新性 effectiveness:40:有效性 demonstration:30:示范性; do
  IFS=: read -r el max zh <<<"$crit"
  s=$(xp "string(//applicant[@id='$SC']/review/expert-review/$el/@score)")
  bad "score-$el" "$SC" "<$el score=\"$s\">" "<$el score=\"$((max + 1))\">" \
    "the $zh score $((max + 1)) is above the full score $max"
done

# the debarment list of the INI (五、(二) 三年内不得申报)
D=$(first "//applicant[review/decision='admitted']")
cdeb=$(xp "string(//applicant[@id='$D']/enterprise/credit-code)")
cp "$XML" "$T/bad.xml"
mkini "s/^debarred = .*/debarred = 91350102MA2Y7TQK82:2025, $cdeb:2024/"
validate_bad "$T/job.ini"
check "rule debarred: exit 1" test "$rc" -eq 1
check "rule debarred: located message naming code and year" grep -qF "bad.xml:$(line_of "$D"): error: applicant $D: $(cite debarred)credit code $cdeb is debarred until 2024 inclusive ([eligibility] debarred); this round is 2024 [debarred]" "$T/err"
mkini "s/^debarred = .*/debarred = $cdeb:2023/"
validate_bad "$T/job.ini"
check "rule debarred: a debarment that ended the year before no longer applies" test "$rc" -eq 0
# written loosely (spaces, a full-width comma), the list still debars
mkini "s/^debarred = .*/debarred = 91350102MA2Y7TQK82 : 2025 ， $cdeb : 2024/"
validate_bad "$T/job.ini"
check "rule debarred: spaces and a full-width comma are read" grep -qF "credit code $cdeb is debarred until 2024 inclusive" "$T/err"
# a list the rule cannot read is an error, not a list that debars no one
for v in "\"$cdeb;2026\"" "9135010:2025" "$cdeb:2026:2027" "$cdeb-2026" "${cdeb}2026"; do
  mkini
  sed -i "s/^debarred = .*/debarred = $v/" "$T/job.ini"
  validate_bad "$T/job.ini"
  # at the INI's line, as any parameter's error (a fresh user's trial found it at the round's)
  check "rule debarred-format: '$v' is an error at the INI's line" \
    bash -c "[ $rc -eq 1 ] && grep -qF '$T/job.ini:$(grep -n '^debarred' "$T/job.ini" | cut -d: -f1): error: $(cite debarred-format)INI [eligibility] debarred must be CREDIT-CODE:YEAR, comma-separated' '$T/err'"
done

# in Chinese
cp "$XML" "$T/bad.xml"
python3 "$T/edit.py" "$XML" "$T/bad.xml" "$G" "key-links=\"$kl\"" 'key-links="3"' >"$T/line"
LANG=zh_CN.UTF-8 "$YINFA" validate "$T/bad.xml" --config "$INI" >"$T/out" 2>"$T/err"
check "messages in Chinese: 5G全连接工厂" grep -qF "错误: 申报单位 $G：福建 闽工信规〔2023〕1号 三（二）1：5G全连接工厂须满足 5 个以上关键环节的场景应用，现为 3 个" "$T/err"

# the schema: a category or a city the program does not know
bad_schema() {
  python3 "$T/edit.py" "$XML" "$T/bad.xml" "$A" "$1" "$2" >/dev/null
  validate_bad
  check "schema: $3" grep -qF "$3" "$T/err"
}
bad_schema 'category="工业互联网平台"' 'category="工业互联网"' "is not one of: 工业互联网平台、标杆企业、应用场景、标识解析、工业APP优秀解决方案"
bad_schema "city=\"$(xp "string(//applicant[@id='$A']/@city)")\"" 'city="杭州市"' "平潭综合实验区"
finish
