#!/bin/bash
# Print sets (issue 25 §3, [output] bundle = group): per county, one PDF of every form of its
# applicants (round file's order, forms in the program's kind order), each form starting on an
# odd page with a blank page before it when needed; its pages are the forms' own (pdftotext, page
# by page), counted with qpdf; PDF/A-1b (PDFBox); in the manifest as kind "bundle", checked by
# verify; --group makes only its groups' sets, --only bundle only the sets, a re-run skips them.
# The round: the sample with two applicants' on-site opinions made long, so that their forms take
# two and three pages and the blank pages fall in different places.
source "$(dirname "$0")/../e2e_lib.sh"
T=$E2E_TMP
XML=$T/round.xml
python3 - "$ROOT/samples/xuchang-2022.xml" "$XML" <<'EOF'
import re, sys
s = open(sys.argv[1], encoding="utf-8").read()
def longer(s, ident, times):
    start = s.index(f'<applicant id="{ident}"')
    i = s.index("<opinion>", start) + len("<opinion>")
    j = s.index("</opinion>", i)
    return s[:i] + ("经现场核查，企业申报材料与实际情况相符，研发投入、人员和设备均已落实，建议纳入培育库。" * times) + s[j:]
s = longer(s, "XC-2022-002", 12)
s = longer(s, "XC-2022-003", 30)
open(sys.argv[2], "w", encoding="utf-8").write(s)
EOF
ini() { # NAME [BUNDLE]: the sample's INI writing into $T/NAME, with [output] bundle = BUNDLE
  sed -e "s|^input *=.*|input = $XML|" -e "s|^output *=.*|output = $T/$1|" \
    -e "s|^\[output\]|[output]\nbundle = ${2:-group}|" samples/xuchang-2022.ini >"$T/$1.ini"
}
sets() { (cd "$1" && find bundles -name '*.pdf' 2>/dev/null | sort); }
n_groups=$(grep -oE '<applicant [^>]*county="[^"]*"' "$XML" | sed -E 's/.*county="//' | sort -u | wc -l)

ini full
"$YINFA" run "$T/full.ini" --quiet
check "a run with bundle = group succeeds" test $? -eq 0
check "one print set per county ($(sets "$T/full" | wc -l) of $n_groups)" test "$(sets "$T/full" | wc -l)" -eq "$n_groups"
check "the set is named for the county in Chinese (bundles/魏都区评审表.pdf)" test -f "$T/full/bundles/魏都区评审表.pdf"
out=$(python3 tests/e2e/print_set_check.py "$XML" "$T/full" county 'bundles/{group}评审表.pdf' review-form)
check "every set holds its forms in order, each on an odd page, text equal page by page${out:+ ($(tail -1 <<<"$out"))}" \
  test "$(wc -l <<<"$out")" -eq 1
[ "$(wc -l <<<"$out")" -eq 1 ] || echo "$out" | head -5
blanks=$(tail -1 <<<"$out" | grep -oE 'blanks=[0-9]+' | cut -d= -f2)
multi=$(tail -1 <<<"$out" | grep -oE 'multi=[0-9]+' | cut -d= -f2)
pages=$(tail -1 <<<"$out" | grep -oE 'pages=[0-9]+' | cut -d= -f2)
check "the sets have blank pages ($blanks) and forms of several pages ($multi)" test "${blanks:-0}" -gt 0 -a "${multi:-0}" -ge 2
# 魏都区: 001 (1 page), blank, 002 (2 pages), 003 (3 pages), blank, ...: page 2 and 8 are blank
wd="$T/full/bundles/魏都区评审表.pdf"
check "魏都区's page 2 is blank" test -z "$(pdftotext -f 2 -l 2 "$wd" - | tr -d '[:space:]')"
check "魏都区's page 5 (the third form) is not blank" test -n "$(pdftotext -f 5 -l 5 "$wd" - | tr -d '[:space:]')"
check "魏都区's page 8 is blank" test -z "$(pdftotext -f 8 -l 8 "$wd" - | tr -d '[:space:]')"
out=$(/usr/bin/python3 tests/tools/page_lint.py "$T/full/bundles" 2>&1 | tail -1)
check "page_lint finds nothing in the sets ($out)" grep -q "^$n_groups documents, $pages pages, 0 findings" <<<"$out"
out=$(bash tests/tools/pdfa_check.sh "$wd" "$T/full/bundles/禹州市评审表.pdf" 2>&1)
check "the print sets are PDF/A-1b (PDFBox: $(tail -1 <<<"$out"))" grep -qx '2 valid, 0 invalid' <<<"$out"
check "the manifest lists each set as kind bundle" \
  test "$(grep -c '^bundles/[^,]*评审表\.pdf,bundle,' "$T/full/manifest.csv")" -eq "$n_groups"
"$YINFA" verify "$T/full" >/dev/null 2>&1
check "verify passes" test $? -eq 0
cp "$wd" "$T/keep.pdf"
printf 'x' >>"$wd"
"$YINFA" verify "$T/full" >/dev/null 2>"$T/verify.err"
check "verify fails when a print set is altered" test $? -ne 0
check "verify names the altered set" grep -q '魏都区评审表.pdf' "$T/verify.err"
cp "$T/keep.pdf" "$wd"
"$YINFA" run "$T/full.ini" 2>"$T/again.err"
check "a re-run makes nothing again (the sets unchanged)" grep -qE ': 0 written, [0-9]+ unchanged, 0 failed' "$T/again.err"
check "a re-run keeps the sets" cmp -s "$T/keep.pdf" "$wd"

# --group: only that county's set (and its documents); a later full run completes the rest.
ini g
"$YINFA" run "$T/g.ini" --group 魏都区 --quiet
check "--group 魏都区 succeeds" test $? -eq 0
check "--group 魏都区 writes only 魏都区's set" test "$(sets "$T/g")" = "bundles/魏都区评审表.pdf"
check "its set equals the full run's" cmp -s "$T/g/bundles/魏都区评审表.pdf" "$wd"
"$YINFA" verify "$T/g" >/dev/null 2>&1
check "verify passes after --group" test $? -eq 0
"$YINFA" run "$T/g.ini" --quiet
check "the later full run writes every set" test "$(sets "$T/g" | wc -l)" -eq "$n_groups"
"$YINFA" verify "$T/g" >/dev/null 2>&1
check "verify passes after both" test $? -eq 0

# --only bundle: the sets and nothing else.
ini o
"$YINFA" run "$T/o.ini" --only bundle --quiet
check "--only bundle succeeds" test $? -eq 0
check "--only bundle writes the $n_groups sets and no other document" \
  test "$(find "$T/o" -name '*.pdf' | wc -l)" -eq "$n_groups" -a "$(sets "$T/o" | wc -l)" -eq "$n_groups"

# Refused at the INI's line: a value that is not group/none, and a program without forms.
ini bad county
line=$(grep -n '^bundle' "$T/bad.ini" | cut -d: -f1)
LANG=C "$YINFA" run "$T/bad.ini" --quiet 2>"$T/bad.err"
check "bundle = county is an error" test $? -eq 1
check "at its line ($T/bad.ini:$line)" grep -qF "bad.ini:$line:" "$T/bad.err"
sed -e "s|^input *=.*|input = $ROOT/samples/hunan-2019.xml|" -e "s|^output *=.*|output = $T/hn|" \
  -e "s|^\[output\]|[output]\nbundle = group|" samples/hunan-2019.ini >"$T/hn.ini"
grep -q '^bundle = group' "$T/hn.ini" || printf '\n[output]\nbundle = group\n' >>"$T/hn.ini"
line=$(grep -n '^bundle' "$T/hn.ini" | cut -d: -f1)
LANG=zh_CN.UTF-8 "$YINFA" run "$T/hn.ini" --quiet 2>"$T/hn.err"
check "bundle = group for a program without forms (hunan-cloud) is an error" test $? -eq 1
check "at its line, in Chinese" grep -qF "hn.ini:$line:" "$T/hn.err"
check "saying the program declares no form" grep -q '未声明表单' "$T/hn.err"
check "and nothing is written" test -z "$(ls -A "$T/hn" 2>/dev/null)"

# program.xml: a bundle= without {group}, a form= on a group-scope kind, a document of the print
# sets' kind, each at its line.
mkdir -p "$T/progs"
cp -r templates/xuchang-nit templates/common "$T/progs/"
P=$T/progs/xuchang-nit/program.xml
sed -i -e 's|bundle="bundles/{group}评审表.pdf"|bundle="bundles/评审表.pdf"|' \
  -e 's|output="counties/{group}/summary.pdf"|output="counties/{group}/summary.pdf" form="yes"|' \
  -e 's|kind="application"|kind="bundle"|' "$P"
ini p
LANG=C "$YINFA" run "$T/p.ini" --programs "$T/progs" --quiet 2>"$T/p.err"
check "a program with a bad bundle= and form= is refused" test $? -ne 0
l=$(grep -n 'bundle="bundles/评审表.pdf"' "$P" | cut -d: -f1)
check "bundle= without {group}: at program.xml:$l" grep -q "program.xml:$l:.*bundle=\"bundles/评审表.pdf\": the print set's file" "$T/p.err"
l=$(grep -n 'form="yes"' "$P" | head -1 | cut -d: -f1)
check "form= on a group-scope kind: at program.xml:$l" grep -q "program.xml:$l:.*form=\"yes\": a form is an applicant-scope" "$T/p.err"
l=$(grep -n 'kind="bundle"' "$P" | cut -d: -f1)
check "kind=\"bundle\", the print sets' kind: at program.xml:$l" grep -q "program.xml:$l:.*kind=\"bundle\": the kind of the groups' print sets" "$T/p.err"
finish
