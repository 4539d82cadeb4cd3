#!/bin/bash
# Extracted text equals the text on every justified line (issue 13 §1), shared case
# tests/cases/extracted-text-spaces-justified: the 项目信息简述 cell of 附件1 holds prose with
# Latin names and codes (Kubernetes, Elasticsearch, OPC-UA, a credit code, a filing number).
# Placed after 0 to 23 filler characters (the 24-offset matrix: a Latin word and a code at every
# position of a line), every line read back by pdftotext -raw is exactly a piece of the text,
# one raw line per printed line, the pieces give the text whole, and no gap between two glyphs
# exceeds 0.1 em (where pdftotext starts reading a word space). See justify_extract.py.
source "$(dirname "$0")/../e2e_lib.sh"

case=tests/cases/extracted-text-spaces-justified
check "case $case is present" test -f "$case/round.xml"
python3 - "$case/round.xml" "$E2E_TMP/matrix.xml" <<'PY'
import re, sys
src = open(sys.argv[1], encoding="utf-8").read()
app = re.search(r'(  <applicant id="SP-1".*?</applicant>\n)', src, re.S).group(1)
base = re.search(r"<summary>([^<]*)</summary>", app).group(1)
filler = "建设内容包括网络改造系统部署与数据中台升级改造工程项目"
out = ['<?xml version="1.0" encoding="UTF-8"?>\n<review-round program="xuchang-nit" year="2022" round="1">\n']
for k in range(24):
    a = app.replace('id="SP-1"', 'id="MX-%02d"' % k)
    a = re.sub(r"<summary>[^<]*</summary>", "<summary>%s</summary>" % (filler[:k] + base), a)
    out.append(a)
out.append("</review-round>\n")
open(sys.argv[2], "w", encoding="utf-8").write("".join(out))
PY
"$YINFA" run samples/xuchang-2022.ini --input "$E2E_TMP/matrix.xml" --output "$E2E_TMP/out" --force \
  --quiet 2>"$E2E_TMP/err"
rc=$?
check "the 24-offset matrix runs (exit 0)" test "$rc" -eq 0
[ "$rc" -eq 0 ] || head -5 "$E2E_TMP/err"
bad=0
for k in $(seq -w 0 23); do
  text=$(grep -o '<summary>[^<]*' "$E2E_TMP/matrix.xml" | sed -n "$((10#$k + 1))p" | sed 's/<summary>//')
  if ! out=$(python3 tests/e2e/justify_extract.py "$text" "$E2E_TMP/out/applicants/MX-$k/application.pdf" 2 0.1); then
    bad=$((bad + 1))
    echo "  offset $k:"
    echo "$out"
  fi
done
check "all 24 offsets: every line extracts as its text, no gap over 0.1 em" test "$bad" -eq 0
# the two applicants of the case itself
"$YINFA" run samples/xuchang-2022.ini --input "$case/round.xml" --output "$E2E_TMP/case" --force \
  --quiet 2>"$E2E_TMP/err"
for id in SP-1 SP-2; do
  text=$(grep -A1000 "id=\"$id\"" "$case/round.xml" | grep -o '<summary>[^<]*' | head -1 | sed 's/<summary>//')
  check "$id: every line of the summary extracts as its text" \
    python3 tests/e2e/justify_extract.py "$text" "$E2E_TMP/case/applicants/$id/application.pdf" 2 0.1
  # the lines joined: where the line breaks fall depends on the font (in FandolFang, SP-1's line
  # ends “…项目备” and the next begins “案号为…”)
  raw=$(pdftotext -raw -f 2 -l 2 -enc UTF-8 "$E2E_TMP/case/applicants/$id/application.pdf" - 2>/dev/null | tr -d '\n')
  check "$id: 项目备案号 can be found" grep -q 项目备案号 <<<"$raw"
done
raw=$(pdftotext -raw -f 2 -l 2 -enc UTF-8 "$E2E_TMP/case/applicants/SP-1/application.pdf" - 2>/dev/null)
check "SP-1: 平台基于 can be found" grep -q 平台基于 <<<"$raw"
finish
