#!/bin/bash
# One-page forms stay on one page (issue 13 §7): 附件3 review forms whose four texts are a little
# long (66 to 84 characters each; before, the last row 现场核查意见及签名 went alone to page 2)
# stay on one page with the signatures, because rows give up their blank writing space first.
# Texts too long for one page continue, and the continued row repeats its label with （续）.
source "$(dirname "$0")/../e2e_lib.sh"

base=tests/cases/extracted-text-spaces-justified/round.xml
check "base round $base is present" test -f "$base"
python3 - "$base" "$E2E_TMP/forms.xml" <<'PY'
import re, sys
src = open(sys.argv[1], encoding="utf-8").read()
app = re.search(r'(  <applicant id="SP-1".*?</applicant>\n)', src, re.S).group(1)
piece = "项目采用工业互联网平台架构，实现设备数据实时采集、边缘计算分析与远程运维，技术路线成熟可行。" * 20
out = ['<?xml version="1.0" encoding="UTF-8"?>\n<review-round program="xuchang-nit" year="2022" round="1">\n']
for k in list(range(66, 86, 2)) + [600]:
    a = app.replace('id="SP-1"', 'id="RF-%03d"' % k)
    for tag in ("innovation", "technical", "funding", "opinion"):
        a = re.sub(r"<%s>[^<]*</%s>" % (tag, tag), "<%s>%s</%s>" % (tag, piece[:k], tag), a)
    out.append(a)
out.append("</review-round>\n")
open(sys.argv[2], "w", encoding="utf-8").write("".join(out))
PY
"$YINFA" run samples/xuchang-2022.ini --input "$E2E_TMP/forms.xml" --output "$E2E_TMP/out" --force \
  --quiet 2>"$E2E_TMP/err"
rc=$?
check "forms run (exit 0)" test "$rc" -eq 0
[ "$rc" -eq 0 ] || head -5 "$E2E_TMP/err"
bad=0
for k in $(seq 66 2 84); do
  pdf="$E2E_TMP/out/applicants/RF-0$k/review-form.pdf"
  pages=$(pdfinfo "$pdf" 2>/dev/null | awk '/^Pages:/ {print $2}')
  page1=$(pdftotext -l 1 -enc UTF-8 "$pdf" - 2>/dev/null | tr -d ' \n')
  if [ "$pages" != 1 ] || [[ "$page1" != *专家签名：王志强、赵丽* ]] || [[ "$page1" != *2022年4月14日* ]]; then
    bad=$((bad + 1))
    echo "  RF-0$k: $pages pages"
  fi
done
check "10 forms with 66-84 characters per text: one page each, signatures and date on it" test "$bad" -eq 0
pdf="$E2E_TMP/out/applicants/RF-600/review-form.pdf"
pages=$(pdfinfo "$pdf" 2>/dev/null | awk '/^Pages:/ {print $2}')
check "600 characters per text: the form continues over pages ($pages)" test "${pages:-0}" -ge 3
check "a continued row repeats its label with （续）" \
  bash -c "pdftotext -enc UTF-8 '$pdf' - | tr -d ' \n' | grep -q '（续）'"
flat=$(pdftotext -raw -enc UTF-8 "$pdf" - 2>/dev/null | tr -d '\n\f')
check "no text is lost: the signature line and date are there" \
  bash -c '[[ "$1" == *专家签名：王志强、赵丽*2022年4月14日* ]]' _ "$flat"
finish
