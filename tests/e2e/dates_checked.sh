#!/bin/bash
# The documents' dates checked against each other, the round and the doc number, for every
# program: each rule fails once on a sample edited in one place (exit status, message, the
# INI's or the round's file:line), `run` stops on them as `validate --config` does, and the
# unedited samples pass without a warning. Also the 发文字号's form (type="doc-number").
source "$(dirname "$0")/../e2e_lib.sh"

# job SAMPLE NAME [SED-ARGS...]: samples/SAMPLE.ini edited by SED-ARGS, reading $XML (default
# the sample round) and writing into $E2E_TMP/NAME-out, saved as $E2E_TMP/NAME.ini
job() {
  local sample=$1 name=$2
  shift 2
  sed -e "s|^input *=.*|input = ${XML:-$ROOT/samples/$sample.xml}|" -e "s|^output *=.*|output = $E2E_TMP/$name-out|" \
    "$@" "samples/$sample.ini" >"$E2E_TMP/$name.ini"
}
# round SAMPLE NAME SED-ARGS...: samples/SAMPLE.xml edited, as $E2E_TMP/NAME.xml
round() {
  local sample=$1 name=$2
  shift 2
  sed "$@" "samples/$sample.xml" >"$E2E_TMP/$name.xml"
}
line_of() { grep -n -m1 -E "$2" "$1" | cut -d: -f1; }

# expect NAME XML INI STATUS TEXT...: validate XML --config INI exits STATUS and its messages
# contain each TEXT (fixed strings)
expect() {
  local name=$1 xml=$2 ini=$3 status=$4
  shift 4
  "$YINFA" validate "$xml" --config "$ini" >/dev/null 2>"$E2E_TMP/$name.err"
  local got=$?
  check "$name: exit $status" test "$got" -eq "$status"
  for want in "$@"; do
    check "$name: says \"$want\"" grep -qF -- "$want" "$E2E_TMP/$name.err"
  done
}
# expect_run NAME INI TEXT: `run INI` exits 1, says TEXT and writes nothing
expect_run() {
  "$YINFA" run "$2" --quiet 2>"$E2E_TMP/$1.err"
  check "$1: run exits 1" test $? -eq 1
  check "$1: run says \"$3\"" grep -qF -- "$3" "$E2E_TMP/$1.err"
  check "$1: run writes nothing" test -z "$(ls -A "$E2E_TMP/$1-out" 2>/dev/null)"
}
# clean NAME SAMPLE: the sample round with its INI passes, no warning, no note
clean() {
  job "$2" "$1"
  "$YINFA" validate "samples/$2.xml" --config "$E2E_TMP/$1.ini" >/dev/null 2>"$E2E_TMP/$1.err"
  check "$1: the sample passes" test $? -eq 0
  check "$1: without a warning" bash -c "! grep -qE 'warning|error|note' '$E2E_TMP/$1.err'"
}

# ---- xuchang-nit: the 公示 is signed on [issuer] date ----
S=xuchang-2022
clean x-pass $S
job $S x-early -e 's|^publicity_start *=.*|publicity_start = 2022-05-05|'
expect x-early "samples/$S.xml" "$E2E_TMP/x-early.ini" 1 \
  "$E2E_TMP/x-early.ini:$(line_of "$E2E_TMP/x-early.ini" '^publicity_start'): error: the publicity period starts on 2022-05-05, before the notice's date 2022-05-06 ([issuer] date): set [notice] publicity_start to 2022-05-06 or a later working day" \
  "[publicity-not-before-date]"
job $S x-sunday -e 's|^publicity_start *=.*|publicity_start = 2022-05-08|'
expect x-sunday "samples/$S.xml" "$E2E_TMP/x-sunday.ini" 1 \
  "$E2E_TMP/x-sunday.ini:$(line_of "$E2E_TMP/x-sunday.ini" '^publicity_start'): error: the publicity period starts on 2022-05-08, which is not a working day" \
  "e.g. 2022-05-09 [publicity-starts-on-workday]"
# the Saturday worked for 劳动节 (调休) is a working day, after the notice's date
job $S x-saturday -e 's|^publicity_start *=.*|publicity_start = 2022-05-07|'
expect x-saturday "samples/$S.xml" "$E2E_TMP/x-saturday.ini" 0
check "x-saturday: no message" test ! -s "$E2E_TMP/x-saturday.err"
# the user's case: on the Labour Day holiday and before the notice; run stops on both
job $S x-run -e 's|^publicity_start *=.*|publicity_start = 2022-05-01|'
expect_run x-run "$E2E_TMP/x-run.ini" "before the notice's date 2022-05-06"
check "x-run: and not a working day" grep -qF "2022-05-01, which is not a working day" "$E2E_TMP/x-run.err"
round $S x-onsite '0,/<on-site date="2022-04-14"/s//<on-site date="2031-04-14"/'
job $S x-onsite
expect x-onsite "$E2E_TMP/x-onsite.xml" "$E2E_TMP/x-onsite.ini" 1 \
  "$E2E_TMP/x-onsite.xml:33: error: applicant XC-2022-001: <on-site> is dated 2031-04-14, after the notice's date 2022-05-06 ([issuer] date)" \
  "[review-before-notice]"
XML=$E2E_TMP/x-onsite.xml job $S x-onsite-run
expect_run x-onsite-run "$E2E_TMP/x-onsite-run.ini" "x-onsite.xml:33: error: applicant XC-2022-001: <on-site> is dated 2031-04-14"
round $S x-2021 '0,/year="2022"/s//year="2021"/'
job $S x-2021
expect x-2021 "$E2E_TMP/x-2021.xml" "$E2E_TMP/x-2021.ini" 0 \
  "$E2E_TMP/x-2021.ini:$(line_of "$E2E_TMP/x-2021.ini" '^doc_number'): warning: the document number 许工信〔2022〕12号 is of 2022, but the round is of 2021" \
  "(the round: $E2E_TMP/x-2021.xml:5) [doc-number-year-round]"
job $S x-docyear -e 's|^doc_number *=.*|doc_number = 许工信〔2021〕12号|'
expect x-docyear "$E2E_TMP/x-2021.xml" "$E2E_TMP/x-docyear.ini" 0 \
  "$E2E_TMP/x-docyear.ini:$(line_of "$E2E_TMP/x-docyear.ini" '^doc_number'): warning: the document number 许工信〔2021〕12号 is not of the year of the notice's date 2022-05-06" \
  "[doc-number-year-date]"
check "x-docyear: the round's year agrees" bash -c "! grep -q doc-number-year-round '$E2E_TMP/x-docyear.err'"
job $S x-brackets -e 's|^doc_number *=.*|doc_number = 许工信[2022]12号|'
expect x-brackets "samples/$S.xml" "$E2E_TMP/x-brackets.ini" 1 \
  "$E2E_TMP/x-brackets.ini:$(line_of "$E2E_TMP/x-brackets.ini" '^doc_number'): error: [issuer] doc_number \"许工信[2022]12号\" is not in the form of a 发文字号 (GB/T 9704-2012 7.2.4): the year goes in 六角括号 〔〕 (U+3014, U+3015), not []; write 许工信〔2022〕12号"
job $S x-quotes -e 's|^doc_number *=.*|doc_number = “许工信〔2022〕12号”|'
expect_run x-quotes "$E2E_TMP/x-quotes.ini" "no quotes around it (the 版头 would print them); write 许工信〔2022〕12号"
LANG=zh_CN.UTF-8 "$YINFA" validate "samples/$S.xml" --config "$E2E_TMP/x-quotes.ini" 2>"$E2E_TMP/x-zh.err"
check "x-quotes: in Chinese" grep -qF "不加引号（版头会原样印出引号）；请写作 许工信〔2022〕12号" "$E2E_TMP/x-zh.err"
LANG=zh_CN.UTF-8 "$YINFA" validate "samples/$S.xml" --config "$E2E_TMP/x-brackets.ini" 2>"$E2E_TMP/x-zh.err"
check "x-brackets: in Chinese, U+3014/U+3015 named" grep -qF "年份用六角括号〔〕（U+3014、U+3015）括入，不用 []；请写作 许工信〔2022〕12号" "$E2E_TMP/x-zh.err"

# ---- fujian-fusion: the 公示 is dated its first day; the 通知 is [announcement] date ----
S=fujian-2024
clean f-pass $S
job $S f-holiday -e 's|^publicity_start *=.*|publicity_start = 2024-10-01|'
expect f-holiday "samples/$S.xml" "$E2E_TMP/f-holiday.ini" 1 \
  "$E2E_TMP/f-holiday.ini:$(line_of "$E2E_TMP/f-holiday.ini" '^publicity_start'): error: the publicity period starts on 2024-10-01, which is not a working day" \
  "e.g. 2024-10-08 [publicity-starts-on-workday]"
job $S f-early -e 's|^date *=.*|date = 2024-09-01|'
expect f-early "samples/$S.xml" "$E2E_TMP/f-early.ini" 1 \
  "$E2E_TMP/f-early.ini:$(line_of "$E2E_TMP/f-early.ini" '^date'): error: the announcement is dated 2024-09-01 ([announcement] date), but the publicity period it cites runs until 2024-10-09 (5 working days from 2024-09-27)" \
  "set [announcement] date to 2024-10-10 or later" "[announcement-after-publicity]"
job $S f-lastday -e 's|^date *=.*|date = 2024-10-09|'
expect f-lastday "samples/$S.xml" "$E2E_TMP/f-lastday.ini" 1 "[announcement-after-publicity]"
expect_run f-early "$E2E_TMP/f-early.ini" "runs until 2024-10-09"
job $S f-nextday -e 's|^date *=.*|date = 2024-10-10|'
expect f-nextday "samples/$S.xml" "$E2E_TMP/f-nextday.ini" 0
line=$(line_of "samples/$S.xml" '<expert-review ')
round $S f-review "${line}s/date=\"2024-[0-9-]*\"/date=\"2034-07-10\"/"
job $S f-review
id=$(head -n "$line" "samples/$S.xml" | grep -o '<applicant id="[^"]*"' | tail -1 | cut -d'"' -f2)
expect f-review "$E2E_TMP/f-review.xml" "$E2E_TMP/f-review.ini" 1 \
  "$E2E_TMP/f-review.xml:$line: error: applicant $id: <expert-review> is dated 2034-07-10, after the start of the 公示 ([notice] publicity_start) 2024-09-27" \
  "[review-before-publicity]"
round $S f-2023 '0,/year="2024"/s//year="2023"/'
job $S f-2023 -e 's|^debarred *=.*|debarred =|' # debarred until 2023: not this round's point
expect f-2023 "$E2E_TMP/f-2023.xml" "$E2E_TMP/f-2023.ini" 0 \
  "$E2E_TMP/f-2023.ini:$(line_of "$E2E_TMP/f-2023.ini" '^doc_number'): warning: the document number 闽工信数字〔2024〕58号 is of 2024, but the round is of 2023" \
  "[doc-number-year-round]"
job $S f-docyear -e 's|^doc_number *=.*|doc_number = 闽工信数字〔2023〕58号|' -e 's|^debarred *=.*|debarred =|'
expect f-docyear "$E2E_TMP/f-2023.xml" "$E2E_TMP/f-docyear.ini" 0 \
  "$E2E_TMP/f-docyear.ini:$(line_of "$E2E_TMP/f-docyear.ini" '^doc_number'): warning: the document number 闽工信数字〔2023〕58号 is not of the year of the announcement's date 2024-10-18" \
  "[doc-number-year-date]"
job $S f-form -e 's|^doc_number *=.*|doc_number = 闽工信数字（2024）58号|'
expect f-form "samples/$S.xml" "$E2E_TMP/f-form.ini" 1 \
  "$E2E_TMP/f-form.ini:$(line_of "$E2E_TMP/f-form.ini" '^doc_number'): error: [announcement] doc_number \"闽工信数字（2024）58号\"" \
  "not （）; write 闽工信数字〔2024〕58号"

# ---- hunan-cloud: 7 calendar days; the 通知 is [issuer] date, printed on [issuer] printed ----
S=hunan-2019
clean h-pass $S # its 公示 starts on Sunday 2019-09-29, worked for 国庆 (调休)
job $S h-saturday -e 's|^publicity_start *=.*|publicity_start = 2019-09-28|'
expect h-saturday "samples/$S.xml" "$E2E_TMP/h-saturday.ini" 1 \
  "$E2E_TMP/h-saturday.ini:$(line_of "$E2E_TMP/h-saturday.ini" '^publicity_start'): error: the publicity period starts on 2019-09-28, which is not a working day" \
  "e.g. 2019-09-29 [publicity-starts-on-workday]"
job $S h-early -e 's|^date *=.*|date = 2019-09-01|'
expect h-early "samples/$S.xml" "$E2E_TMP/h-early.ini" 1 \
  "$E2E_TMP/h-early.ini:$(line_of "$E2E_TMP/h-early.ini" '^date'): error: the 认定 通知 is dated 2019-09-01 ([issuer] date), but the publicity period it cites runs until 2019-10-05 (7 calendar days from 2019-09-29)" \
  "[announcement-after-publicity]"
expect_run h-early "$E2E_TMP/h-early.ini" "runs until 2019-10-05"
job $S h-printed -e 's|^printed *=.*|printed = 2019-10-17|'
expect h-printed "samples/$S.xml" "$E2E_TMP/h-printed.ini" 1 \
  "$E2E_TMP/h-printed.ini:$(line_of "$E2E_TMP/h-printed.ini" '^printed'): error: the printing date 2019-10-17 ([issuer] printed) is before the 通知's date 2019-10-18" \
  "[printed-not-before-date]"
line=$(line_of "samples/$S.xml" '<city-opinion ')
round $S h-review "${line}s/date=\"2019-[0-9-]*\"/date=\"2029-09-06\"/"
job $S h-review
id=$(head -n "$line" "samples/$S.xml" | grep -o '<applicant id="[^"]*"' | tail -1 | cut -d'"' -f2)
expect h-review "$E2E_TMP/h-review.xml" "$E2E_TMP/h-review.ini" 1 \
  "$E2E_TMP/h-review.xml:$line: error: enterprise $id: <city-opinion> is dated 2029-09-06, after the start of the 公示" \
  "[review-before-publicity]"
round $S h-2018 '0,/year="2019"/s//year="2018"/'
job $S h-2018
expect h-2018 "$E2E_TMP/h-2018.xml" "$E2E_TMP/h-2018.ini" 0 \
  "$E2E_TMP/h-2018.ini:$(line_of "$E2E_TMP/h-2018.ini" '^doc_number'): warning: the document number 湘工信人工智能〔2019〕412号 is of 2019, but the round is of 2018" \
  "[doc-number-year-round]"
job $S h-docyear -e 's|^doc_number *=.*|doc_number = 湘工信人工智能〔2018〕412号|'
expect h-docyear "$E2E_TMP/h-2018.xml" "$E2E_TMP/h-docyear.ini" 0 "[doc-number-year-date]"
job $S h-form -e 's|^doc_number *=.*|doc_number = 湘工信人工智能〔2019〕第412号|'
expect h-form "samples/$S.xml" "$E2E_TMP/h-form.ini" 1 \
  "$E2E_TMP/h-form.ini:$(line_of "$E2E_TMP/h-form.ini" '^doc_number'): error: [issuer] doc_number" "no 第 before the number"

# ---- shandong-demo: the 公示 is signed on notice_date (default its first day) ----
S=shandong-demo-2023
clean s-pass $S
job $S s-holiday -e 's|^publicity_start *=.*|publicity_start = 2023-10-01|'
expect s-holiday "samples/$S.xml" "$E2E_TMP/s-holiday.ini" 1 \
  "$E2E_TMP/s-holiday.ini:$(line_of "$E2E_TMP/s-holiday.ini" '^publicity_start'): error: the publicity period starts on 2023-10-01, which is not a working day" \
  "e.g. 2023-10-07 [publicity-starts-on-workday]"
job $S s-signed -e '/^publicity_days/a notice_date = 2023-09-28'
expect s-signed "samples/$S.xml" "$E2E_TMP/s-signed.ini" 1 \
  "$E2E_TMP/s-signed.ini:$(line_of "$E2E_TMP/s-signed.ini" '^publicity_start'): error: the publicity period starts on 2023-09-27, before the 公示's date 2023-09-28 ([notice] notice_date)" \
  "[publicity-not-before-notice-date]"
job $S s-early -e 's|^date *=.*|date = 2023-10-09|'
expect s-early "samples/$S.xml" "$E2E_TMP/s-early.ini" 1 \
  "$E2E_TMP/s-early.ini:$(line_of "$E2E_TMP/s-early.ini" '^date'): error: the 认定 通知 is dated 2023-10-09 ([issuer] date), but the publicity period it cites runs until 2023-10-09 (5 working days from 2023-09-27)" \
  "set [issuer] date to 2023-10-10 or later" "[announcement-after-publicity]"
expect_run s-early "$E2E_TMP/s-early.ini" "runs until 2023-10-09"
line=$(line_of "samples/$S.xml" '<expert-review ')
round $S s-review "${line}s/date=\"2023-09-12\"/date=\"2033-09-12\"/"
job $S s-review
id=$(head -n "$line" "samples/$S.xml" | grep -o '<applicant id="[^"]*"' | tail -1 | cut -d'"' -f2)
expect s-review "$E2E_TMP/s-review.xml" "$E2E_TMP/s-review.ini" 1 \
  "$E2E_TMP/s-review.xml:$line: error: applicant $id: <expert-review> is dated 2033-09-12, after the start of the 公示" \
  "[review-before-publicity]"
round $S s-2022 '0,/year="2023"/s//year="2022"/'
job $S s-2022
expect s-2022 "$E2E_TMP/s-2022.xml" "$E2E_TMP/s-2022.ini" 0 "warning: the document number 鲁工信数〔2023〕186号 is of 2023, but the round is of 2022" \
  "[doc-number-year-round]"
job $S s-docyear -e 's|^doc_number *=.*|doc_number = 鲁工信数〔2022〕186号|'
expect s-docyear "$E2E_TMP/s-2022.xml" "$E2E_TMP/s-docyear.ini" 0 \
  "$E2E_TMP/s-docyear.ini:$(line_of "$E2E_TMP/s-docyear.ini" '^doc_number'): warning: the document number 鲁工信数〔2022〕186号 is not of the year" \
  "[doc-number-year-date]"
job $S s-form -e 's|^doc_number *=.*|doc_number = 鲁工信数【2023】186号|'
expect s-form "samples/$S.xml" "$E2E_TMP/s-form.ini" 1 "not 【】; write 鲁工信数〔2023〕186号"

# ---- henan-toutou: the 公示 is signed on [issuer] date; doc_number optional ----
S=henan-2024
clean n-pass $S
job $S n-early -e 's|^publicity_start *=.*|publicity_start = 2024-06-13|'
expect n-early "samples/$S.xml" "$E2E_TMP/n-early.ini" 1 \
  "$E2E_TMP/n-early.ini:$(line_of "$E2E_TMP/n-early.ini" '^publicity_start'): error: the publicity period starts on 2024-06-13, before the notice's date 2024-06-14" \
  "[publicity-not-before-date]"
expect_run n-early "$E2E_TMP/n-early.ini" "[publicity-not-before-date]"
job $S n-saturday -e 's|^publicity_start *=.*|publicity_start = 2024-06-15|'
expect n-saturday "samples/$S.xml" "$E2E_TMP/n-saturday.ini" 1 "e.g. 2024-06-17 [publicity-starts-on-workday]"
round $S n-2023 '0,/year="2024"/s//year="2023"/'
job $S n-2023
expect n-2023 "$E2E_TMP/n-2023.xml" "$E2E_TMP/n-2023.ini" 0 \
  "$E2E_TMP/n-2023.ini:$(line_of "$E2E_TMP/n-2023.ini" '^doc_number'): warning: the document number 豫工信运行〔2024〕90号 is of 2024, but the round is of 2023" \
  "[doc-number-year-round]"
job $S n-docyear -e 's|^doc_number *=.*|doc_number = 豫工信运行〔2023〕90号|'
expect n-docyear "$E2E_TMP/n-2023.xml" "$E2E_TMP/n-docyear.ini" 0 "[doc-number-year-date]"
job $S n-form -e 's|^doc_number *=.*|doc_number = 「豫工信运行〔2024〕90号」|'
expect n-form "samples/$S.xml" "$E2E_TMP/n-form.ini" 1 "no quotes around it"
# a 公示 may have no 发文字号: the year rules do not apply, and say nothing
job $S n-nonumber -e '/^doc_number/d'
expect n-nonumber "$E2E_TMP/n-2023.xml" "$E2E_TMP/n-nonumber.ini" 0
check "n-nonumber: no message" test ! -s "$E2E_TMP/n-nonumber.err"
# ---- one wrong date in the INI: one error at its line, not one per review in the round ----
job xuchang-2022 x-inidate -e 's|^date *=.*|date = 2022-04-01|' -e 's|^publicity_start *=.*|publicity_start = 2022-04-01|'
expect x-inidate "samples/xuchang-2022.xml" "$E2E_TMP/x-inidate.ini" 1 \
  "$E2E_TMP/x-inidate.ini:$(line_of "$E2E_TMP/x-inidate.ini" '^date'): error: [issuer] date 2022-04-01 is before 80 of the round's 125 review dates" \
  "[review-before-notice-ini]"
check "x-inidate: no error at the round's lines" bash -c "! grep -q 'xuchang-2022.xml:[0-9]' '$E2E_TMP/x-inidate.err'"
check "x-inidate: the summary names both files" grep -q "error(s) in samples/xuchang-2022.xml and $E2E_TMP/x-inidate.ini" "$E2E_TMP/x-inidate.err"
job shandong-demo-2023 s-inidate -e 's|^publicity_start *=.*|publicity_start = 2023-01-03|' -e 's|^notice_date *=.*|notice_date =|'
expect s-inidate "samples/shandong-demo-2023.xml" "$E2E_TMP/s-inidate.ini" 1 "[review-before-publicity-ini]"
check "s-inidate: no error at the round's lines" bash -c "! grep -q 'shandong-demo-2023.xml:[0-9]' '$E2E_TMP/s-inidate.err'"

# ---- a date that does not exist is reported once, as such, not also as "after the notice" ----
# (the rule reads it with days(): the XPath context's own count says so, no global)
round xuchang-2022 x-feb30 '0,/on-site date="2022-04-14"/s//on-site date="2022-02-30"/'
job xuchang-2022 x-feb30
expect x-feb30 "$E2E_TMP/x-feb30.xml" "$E2E_TMP/x-feb30.ini" 1 'on-site date "2022-02-30" is not a real calendar date'
check "x-feb30: no second, false reason" bash -c "! grep -q 'after the notice' '$E2E_TMP/x-feb30.err'"
check "x-feb30: one error in all" grep -q "^yinfa: 1 error(s)" "$E2E_TMP/x-feb30.err"

finish
