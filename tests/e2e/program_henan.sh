#!/bin/bash
# The henan-toutou program (issue 12, seed 004): the sample round validates and runs; every kind
# is written (评价指标表 per enterprise, 排序表 per 领域, the 公示, scores.csv and .xlsx); the CSV's
# numbers are the PDFs' numbers; each 入库条件 refuses a bad enterprise with its message; a missing
# figure names the enterprise, the indicator and the figure.
source "$(dirname "$0")/../e2e_lib.sh"
T="$E2E_TMP"
S="$ROOT/samples/henan-2024.xml"
check "the sample round is there" test -s "$S" -a -s "$ROOT/samples/henan-2024.ini"

"$YINFA" validate "$S" >"$T/out" 2>"$T/err"; rc=$?
check "sample: valid" test "$rc" -eq 0
check "sample: 96 enterprises" grep -q "96 applicant" "$T/out"

"$YINFA" run "$ROOT/samples/henan-2024.ini" --output "$T/o" --quiet 2>"$T/err"; rc=$?
check "run: exit 0" test "$rc" -eq 0
check "run: 96 评价指标表" test "$(find "$T/o/enterprises" -name evaluation.pdf | wc -l)" -eq 96
check "run: one 排序表 per 领域 (16)" test "$(find "$T/o/fields" -name ranking.pdf | wc -l)" -eq 16
check "run: the 公示" test -s "$T/o/notice.pdf"
check "run: scores.csv with a BOM" bash -c "head -c 3 '$T/o/scores.csv' | od -An -tx1 | grep -q 'ef bb bf'"
check "run: scores.xlsx is a workbook" bash -c "unzip -l '$T/o/scores.xlsx' 2>/dev/null | grep -q xl/worksheets/sheet1.xml || python3 -c 'import zipfile,sys; sys.exit(0 if \"xl/worksheets/sheet1.xml\" in zipfile.ZipFile(\"$T/o/scores.xlsx\").namelist() else 1)'"
check "run: verify" "$YINFA" verify "$T/o"
for f in notice.pdf enterprises/HN-001/evaluation.pdf "fields/装备制造/ranking.pdf"; do
  check "qpdf --check $f" qpdf --check "$T/o/$f"
  check "fonts embedded in $f" bash -c "pdffonts '$T/o/$f' | tail -n +3 | awk '{print \$(NF-4)}' | grep -qv no"
done

# The CSV's numbers are the PDF's: HN-001's total (4 decimals) and its 营业收入利税率 (2 decimals).
row=$(grep '^HN-001,' "$T/o/scores.csv")
total=$(echo "$row" | cut -d, -f8)
lsl=$(echo "$row" | cut -d, -f11)
t4=$(python3 -c "from decimal import Decimal, ROUND_HALF_UP as H; print(Decimal('$total').quantize(Decimal('0.0001'), H))")
l2=$(python3 -c "from decimal import Decimal, ROUND_HALF_UP as H; print(Decimal('$lsl').quantize(Decimal('0.01'), H))")
pdftotext -layout "$T/o/enterprises/HN-001/evaluation.pdf" "$T/eval.txt"
check "CSV total $t4 is the 评价指标表's 综合效用值" grep -q "综合效用值.*$t4" "$T/eval.txt"
check "CSV 营业收入利税率 $l2 is in the 评价指标表" grep -q "营业收入利税率.* $l2 " "$T/eval.txt"
rank=$(echo "$row" | cut -d, -f9)
check "CSV rank is the 评价指标表's" grep -q "第 $rank 名" "$T/eval.txt"
# the 公示 lists the top 2 of each 领域 and 规模
n=$(python3 - "$T/o/scores.csv" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding='utf-8-sig')))
print(sum(1 for r in rows[1:] if int(r[8]) <= 2))
PY
)
pdftotext "$T/o/notice.pdf" "$T/notice.txt"
check "公示: $n enterprises proposed (rank <= 2 in the CSV)" grep -q "拟将${n}家企业认定" "$T/notice.txt"
check "公示: the 公示 ends after 5 working days (2024-06-17 → 2024-06-21)" grep -q "2024年6月21日" "$T/notice.txt"

# Entry conditions, each refused with its message; a missing figure named.
bad() { # NAME SED-EXPR EXPECTED
  sed -e "$2" "$S" >"$T/bad.xml"
  "$YINFA" validate "$T/bad.xml" >/dev/null 2>"$T/err"; rc=$?
  check "$1: exit 1" test "$rc" -eq 1
  check "$1: message" grep -qF "$3" "$T/err"
}
# 上年度营业收入 is the evaluated year's (figures/@revenue, 2023 for the 2024 round; docs/scoring.md)
bad "advantage revenue below 10 亿元" '0,/ revenue="[0-9.]*"/s// revenue="99999"/' \
  "enterprise HN-001: 河南 头雁评价办法 二（一）2: 装备制造 is an advantage or traditional field: the revenue of the year before the round (2023, 上年度) must be at least 100000 万元 (10 亿元); it is 99999 万元 [revenue-advantage-traditional]"
sed -n '/id="HN-061"/,/<\/applicant>/p' "$S" | grep -q 新一代信息技术
check "HN-061 is an emerging-field enterprise (fixture)" test $? -eq 0
bad "emerging revenue below 1 亿元" '/id="HN-061"/,/<\/applicant>/s/ revenue="[0-9.]*"/ revenue="9999.5"/' \
  "it is 9999.5 万元 [revenue-emerging]"
bad "失信被执行人" '0,/dishonest="no"/s//dishonest="yes"/' "失信被执行人"
bad "重大税收违法" '0,/tax-violation="no"/s//tax-violation="yes"/' "[no-tax-violation]"
bad "严重违法失信" '0,/serious-violation="no"/s//serious-violation="yes"/' "[no-serious-violation]"
bad "a missing figure" '0,/ cost="[0-9.]*"/s///' \
  "enterprise HN-001: indicator 12 成本费用利润率 cannot be computed: 成本费用总额 is missing or not a number"
LANG=zh_CN.UTF-8 "$YINFA" validate "$T/bad.xml" >/dev/null 2>"$T/err"
check "a missing figure, in Chinese, names the enterprise as 企业" grep -qF "企业 HN-001：指标 12 成本费用利润率 无法计算：缺少成本费用总额或不是数字" "$T/err"
finish
