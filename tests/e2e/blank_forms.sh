#!/bin/bash
# Blank forms (issue 25 §3, run --blank): one blank form per form kind (program.xml form="yes"),
# blank/<kind>.pdf, with the form's labels and full scores but none of any applicant's data
# (names, projects, opinions, experts, scores, dates), PDF/A-1b, in the manifest; the filled forms
# and every other document stay as they are, a later run keeps the blank form listed without
# making it, verify passes throughout. A program without forms is an error.
source "$(dirname "$0")/../e2e_lib.sh"
T=$E2E_TMP
ini() { # PROGRAM-SAMPLE NAME: the sample's INI writing into $T/NAME
  sed -e "s|^input *=.*|input = $ROOT/samples/$1.xml|" -e "s|^output *=.*|output = $T/$2|" "samples/$1.ini" >"$T/$2.ini"
}
listed() { tail -n +2 "$1/manifest.csv" | grep -v '^#' | cut -d, -f1 | sort; }
# Every text value of the round's applicants (names, projects, opinions, experts' names, dates),
# each at least 5 characters (the 4-character 评审方式 words are the form's own labels), one a line: none may be on a blank form.
values() {
  python3 - "$1" <<'EOF'
import sys, xml.etree.ElementTree as ET
seen = set()
for a in ET.parse(sys.argv[1]).getroot().iter("applicant"):
    for e in a.iter():
        for v in [e.text or ""] + list(e.attrib.values()):
            v = "".join(v.split())
            if len(v) >= 5 and not v.isascii() or (len(v) >= 8 and v[:4].isdigit()):
                seen.add(v[:12])
print("\n".join(sorted(seen)))
EOF
}

# xuchang-nit: a full run, then --blank into the same folder.
ini xuchang-2022 xc
"$YINFA" run "$T/xc.ini" --quiet
check "the full run succeeds" test $? -eq 0
listed "$T/xc" >"$T/before.list"
sha256sum "$T"/xc/applicants/*/review-form.pdf >"$T/forms.sha"
"$YINFA" run "$T/xc.ini" --blank 2>"$T/blank.err"
check "run --blank succeeds" test $? -eq 0
check "it writes one document" grep -qE ': 1 written, 0 unchanged, 0 failed' "$T/blank.err"
B=$T/xc/blank/review-form.pdf
check "the blank form is blank/review-form.pdf" test -f "$B"
check "it has one page (qpdf)" test "$(qpdf --show-npages "$B")" -eq 1
check "the filled forms are unchanged" sha256sum --quiet -c "$T/forms.sha"
check "the manifest lists the blank form with kind review-form and no applicant" grep -q '^blank/review-form.pdf,review-form,,1,' "$T/xc/manifest.csv"
check "and every document it listed before" test -z "$(comm -23 "$T/before.list" <(listed "$T/xc"))"
"$YINFA" verify "$T/xc" >/dev/null 2>&1
check "verify passes" test $? -eq 0

text=$(pdftotext "$B" - | tr -d '[:space:]')
for label in 附件3 企业名称 项目方向 项目名称 项目创新性 项目技术支撑能力 项目资金支撑能力 现场核查意见及 专家签名： 年月日; do
  check "the blank form has its label $label" grep -qF "$label" <<<"$text"
done
values "$ROOT/samples/xuchang-2022.xml" >"$T/xc.values"
n=$(wc -l <"$T/xc.values")
found=$(grep -oFf "$T/xc.values" <<<"$text" | head -3 | tr '\n' ' ')
check "none of the round's $n applicant values is on it${found:+ (found: $found)}" test "$n" -gt 100 -a -z "$found"
check "no date or score on it" test -z "$(grep -oE '20[0-9][0-9]年|[0-9]{4}-[0-9]{2}' <<<"$text")"
check "the filled form of XC-2022-001 has its data (the check can fail)" \
  grep -qFf "$T/xc.values" <(pdftotext "$T/xc/applicants/XC-2022-001/review-form.pdf" - | tr -d '[:space:]')
out=$(/usr/bin/python3 tests/tools/page_lint.py "$B" 2>&1 | tail -1)
check "page_lint finds nothing on it ($out)" grep -q '^1 documents, 1 pages, 0 findings' <<<"$out"
out=$(bash tests/tools/pdfa_check.sh "$B" 2>&1)
check "the blank form is PDF/A-1b (PDFBox: $(tail -1 <<<"$out"))" grep -qx '1 valid, 0 invalid' <<<"$out"

# A later run without --blank neither makes nor drops it; --force neither.
cp "$B" "$T/blank.keep"
"$YINFA" run "$T/xc.ini" --quiet
check "a later full run succeeds" test $? -eq 0
check "it keeps the blank form listed" grep -q '^blank/review-form.pdf,' "$T/xc/manifest.csv"
"$YINFA" run "$T/xc.ini" --force --quiet
check "a later --force run succeeds" test $? -eq 0
check "it keeps the blank form listed too" grep -q '^blank/review-form.pdf,' "$T/xc/manifest.csv"
check "and on disk as it was" cmp -s "$B" "$T/blank.keep"
"$YINFA" verify "$T/xc" >"$T/verify.out" 2>&1
check "verify passes, nothing unlisted" test $? -eq 0 -a -z "$(grep -i unlisted "$T/verify.out")"

# --blank into an empty folder: the blank form alone.
ini xuchang-2022 only
"$YINFA" run "$T/only.ini" --blank --quiet
check "--blank into an empty folder writes only the blank form" \
  test "$(find "$T/only" -type f ! -name '.*' | sort | tr '\n' ' ')" = "$T/only/blank/review-form.pdf $T/only/manifest.csv "

# fujian-fusion: its 专家评审表 blank, the full scores (program parameters) kept.
ini fujian-2024 fj
"$YINFA" run "$T/fj.ini" --blank --quiet
check "fujian-fusion --blank succeeds" test $? -eq 0
text=$(pdftotext "$T/fj/blank/review-form.pdf" - | tr -d '[:space:]')
for label in 申报单位 项目名称 评审方式 专家评审 满分 得分 创新性 有效性 示范性 合计 专家组意见 专家签名： 年月日; do
  check "fujian's blank form has $label" grep -qF "$label" <<<"$text"
done
check "fujian's blank form keeps the full scores (30 40 30 100)" grep -qE '30.*40.*30.*100' <<<"$text"
values "$ROOT/samples/fujian-2024.xml" >"$T/fj.values"
found=$(grep -oFf "$T/fj.values" <<<"$text" | head -3 | tr '\n' ' ')
check "none of fujian's $(wc -l <"$T/fj.values") applicant values is on it${found:+ (found: $found)}" test -z "$found"

# A program without forms.
ini hunan-2019 hn
LANG=C "$YINFA" run "$T/hn.ini" --blank --quiet 2>"$T/hn.err"
check "--blank for hunan-cloud (no forms) is an error" test $? -eq 1
check "saying the program declares no form" grep -q 'declares no form' "$T/hn.err"
check "and writes nothing" test -z "$(ls -A "$T/hn" 2>/dev/null)"
finish
