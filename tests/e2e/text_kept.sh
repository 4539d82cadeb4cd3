#!/bin/bash
# No text goes missing and nothing invisible is drawn (issue 14 §5), on real runs of the
# xuchang-nit program read back with pdftotext:
# - tests/cases/fail-summary-long-name-truncated: a 500-character company name makes its 附件2
#   summary row taller than a page; the row continues on the next page and every character
#   comes back (it used to print 220 of 500 and exit 0). Then a name of three pages.
# - tests/cases/weak-soft-hyphen-gap: U+00AD SOFT HYPHEN inside a name is not drawn as a gap.
source "$(dirname "$0")/../e2e_lib.sh"

# run_case JOB_INI IN_XML OUT: runs the job on the round into OUT; prints the exit status.
run_case() {
  local ini=$1 xml=$2 out=$3
  sed -e "s|^input *=.*|input = $xml|" -e "s|^output *=.*|output = $out|" "$ini" >"$out.ini"
  "$YINFA" run "$out.ini" --quiet 2>"$out.err"
  echo $?
}

# pdftotext -raw of a summary, header rows dropped (they repeat on every page), lines joined.
summary_text() {
  pdftotext -raw -enc UTF-8 "$1" - 2>/dev/null | tr -d '\f' |
    grep -vxE '序号 企业名称|项目方向|项目名称' | tr -d '\n'
}

# ---- a summary row taller than a page ----
case=tests/cases/fail-summary-long-name-truncated
check "case $case is present" test -f "$case/in.xml" -a -f "$case/job.ini"
name=$(grep -o '<name>许昌绿源[^<]*' "$case/in.xml" | sed 's/<name>//')
check "the case's long name is 500 characters" test "${#name}" -eq 500
rc=$(run_case "$case/job.ini" "$ROOT/$case/in.xml" "$E2E_TMP/long")
check "long name: run exits 0" test "$rc" -eq 0
pdf="$E2E_TMP/long/counties/魏都区/summary.pdf"
pages=$(pdfinfo "$pdf" 2>/dev/null | awk '/^Pages:/ {print $2}')
check "long name: the summary takes more than one page ($pages)" test "${pages:-0}" -ge 2
text=$(summary_text "$pdf")
check "long name: all 500 characters of the name are in the summary, in order" \
  bash -c '[[ "$1" == *"$2"* ]]' _ "$text" "$name"

# three pages of text in one row: the name repeated to about 1,500 characters
long=$(for i in $(seq 1 125); do printf '许昌绿源信息技术有限公司'; done)
sed "s|<name>许昌绿源[^<]*</name>|<name>$long</name>|" "$case/in.xml" >"$E2E_TMP/three.xml"
rc=$(run_case "$case/job.ini" "$E2E_TMP/three.xml" "$E2E_TMP/three")
check "three pages of name: run exits 0" test "$rc" -eq 0
pdf="$E2E_TMP/three/counties/魏都区/summary.pdf"
pages=$(pdfinfo "$pdf" 2>/dev/null | awk '/^Pages:/ {print $2}')
check "three pages of name: the summary takes at least 4 pages ($pages)" test "${pages:-0}" -ge 4
text=$(summary_text "$pdf")
check "three pages of name: all ${#long} characters come back, in order" \
  bash -c '[[ "$1" == *"$2"* ]]' _ "$text" "$long"
check "three pages of name: the next applicant's row follows" \
  bash -c '[[ "$1" == *"$2"*"许昌星火网络科技有限"* ]]' _ "$text" "$long"

# ---- soft hyphen ----
case=tests/cases/weak-soft-hyphen-gap
check "case $case is present" test -f "$case/in.xml" -a -f "$case/job.ini"
check "the case's name carries U+00AD and U+00A0" grep -q $'许昌\u00AD绿源\u00A0信息' "$case/in.xml"
rc=$(run_case "$case/job.ini" "$ROOT/$case/in.xml" "$E2E_TMP/shy")
check "soft hyphen: run exits 0" test "$rc" -eq 0
raw=$(pdftotext -raw -enc UTF-8 "$E2E_TMP/shy/applicants/XC-2022-001/application.pdf" - 2>/dev/null)
check "soft hyphen: 许昌绿源 reads as one word (no gap, no U+00AD drawn)" \
  bash -c '[[ "$1" == *"许昌绿源"* ]]' _ "$raw"
check "soft hyphen: no U+00AD in the page text" bash -c '! grep -q $'"'"'\u00AD'"'"' <<<"$1"' _ "$raw"
finish
