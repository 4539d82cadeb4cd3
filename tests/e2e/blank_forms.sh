#!/bin/bash
# Blank forms (issue 25 §3, run --blank): one blank form per form kind (program.xml form="yes"),
# blank/<kind>.pdf (one per value of blank-per=, blank/<kind>-<value>.pdf: fujian-fusion's
# categories), with the form's labels and full scores but none of any applicant's data
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

# fujian-fusion: the 专家评审表's 评审内容 is the 办法's text for the applicant's category, so the
# blank form is made once per category (program.xml blank-per=, blank-values=), each with its
# category's criteria and no other's, the category set and no applicant data; the full scores
# (program parameters) kept.
ini fujian-2024 fj
"$YINFA" run "$T/fj.ini" --blank --quiet
check "fujian-fusion --blank succeeds" test $? -eq 0
CATS="工业互联网平台 标杆企业 应用场景 标识解析 工业APP优秀解决方案"
check "it writes the five categories' blank forms and nothing else" test "$(ls "$T/fj/blank" | sort | tr '\n' ' ')" = \
  "$(for c in $CATS; do echo "review-form-$c.pdf"; done | sort | tr '\n' ' ')"
check "the manifest lists five blank forms of kind review-form, no applicant" \
  test "$(grep -cE '^blank/review-form-[^,/]+\.pdf,review-form,,1,' "$T/fj/manifest.csv")" -eq 5
# the values are the categories the schema knows (schema.xsd's enumeration), in its order
enum=$(python3 - "$ROOT/templates/fujian-fusion/schema.xsd" <<'PY'
import sys, xml.etree.ElementTree as ET
xs = "{http://www.w3.org/2001/XMLSchema}"
for t in ET.parse(sys.argv[1]).iter(xs + "simpleType"):
    if t.get("name") == "category":
        print("|".join(e.get("value") for e in t.iter(xs + "enumeration")))
PY
)
declared=$(tr '\n' ' ' <"$ROOT/templates/fujian-fusion/program.xml" | grep -o 'blank-values="[^"]*"' | sed 's/blank-values="\(.*\)"/\1/')
check "program.xml's blank-values are schema.xsd's five categories ($declared)" test -n "$enum" -a "$declared" = "$enum" -a "$declared" = "$(tr ' ' '|' <<<"$CATS")"
values "$ROOT/samples/fujian-2024.xml" | grep -vxFf <(tr ' ' '\n' <<<"$CATS") >"$T/fj.values"
# Each category's criteria as review-form.xml gives them (<if test="$cat = '…'"><text>), three
# per category; a form carries its own three and none of the others'.
python3 - "$ROOT/templates/fujian-fusion/review-form.xml" "$T/fj/blank" $CATS <<'PY' >"$T/fj.criteria"
import re, subprocess, sys, xml.etree.ElementTree as ET
crit = {}
for e in ET.parse(sys.argv[1]).iter("if"):
    m = re.fullmatch(r"\$cat = '(.+)'", e.get("test", ""))
    if m:
        crit.setdefault(m.group(1), []).append("".join("".join(t.itertext()) for t in e.iter("text")))
for c in sys.argv[3:]:
    # the row labels and full scores beside a cell come between its lines in pdftotext's order
    lines = subprocess.run(["pdftotext", f"{sys.argv[2]}/review-form-{c}.pdf", "-"],
                           capture_output=True, text=True).stdout.splitlines()
    text = "".join("".join(l.split()) for l in lines if l.strip() not in ("创新性", "有效性", "示范性", "30", "40"))
    own = crit.get(c, [])
    missing = [t[:8] for t in own if "".join(t.split()) not in text]
    rest = text  # what is not its criteria: no applicant value may be in it
    for t in own:
        rest = rest.replace("".join(t.split()), "")
    open(f"{sys.argv[2]}/../../rest-{c}.txt", "w").write(rest)
    others = [t[:8] for o, ts in crit.items() if o != c for t in ts if "".join(t.split())[:20] in text]
    print(c, len(own), len(missing), len(others), text.count(c), " ".join(missing + others))
PY
while read -r cat own missing others count rest; do
  check "$cat: its blank form carries its $own criteria, none missing ($missing), none of another category ($others)${rest:+: $rest}" \
    test "$own" -eq 3 -a "$missing" -eq 0 -a "$others" -eq 0
  check "$cat: the form names its category (申报类别)" test "$count" -ge 1
done <"$T/fj.criteria"
check "the criteria were checked for five categories" test "$(wc -l <"$T/fj.criteria")" -eq 5
: >"$T/fj.nolabel"
: >"$T/fj.found"
for c in $CATS; do
  text=$(pdftotext "$T/fj/blank/review-form-$c.pdf" - | tr -d '[:space:]')
  for label in 申报单位 项目名称 评审方式 专家评审 满分 得分 创新性 有效性 示范性 合计 专家组意见 专家签名： 年月日; do
    grep -qF "$label" <<<"$text" || echo "$c: $label" >>"$T/fj.nolabel"
  done
  grep -qE '30.*40.*30.*100' <<<"$text" || echo "$c: full scores" >>"$T/fj.nolabel"
  grep -oFf "$T/fj.values" "$T/rest-$c.txt" | head -3 | sed "s/^/$c: /" >>"$T/fj.found"
done
check "each has its labels and the full scores (30 40 30 100)$(head -3 "$T/fj.nolabel" | tr '\n' ' ')" test ! -s "$T/fj.nolabel"
check "none of fujian's $(wc -l <"$T/fj.values") applicant values (the categories aside) is on any, their criteria aside $(head -3 "$T/fj.found" | tr '\n' ' ')" \
  test "$(wc -l <"$T/fj.values")" -gt 50 -a ! -s "$T/fj.found"
out=$(/usr/bin/python3 tests/tools/page_lint.py "$T"/fj/blank/*.pdf 2>&1 | tail -1)
check "page_lint finds nothing on the five ($out)" grep -q '^5 documents, 5 pages, 0 findings' <<<"$out"
out=$(bash tests/tools/pdfa_check.sh "$T"/fj/blank/*.pdf 2>&1)
check "the five are PDF/A-1b (PDFBox: $(tail -1 <<<"$out"))" grep -qx '5 valid, 0 invalid' <<<"$out"
"$YINFA" verify "$T/fj" >/dev/null 2>&1
check "verify passes on fujian's folder" test $? -eq 0

# program.xml: blank-values= that cannot name files, blank-per= without a form, blank-per= that
# is not a plain path, each at its line; blank-per= naming no field of the schema.
mkdir -p "$T/progs"
(cd "$T/fj" && sha256sum manifest.csv blank/*.pdf) | sed "s|  |  $T/fj/|" >"$T/fj.sha"
cp -r templates/fujian-fusion templates/common "$T/progs/"
P=$T/progs/fujian-fusion/program.xml
sed -i -e 's/blank-values="工业互联网平台|标杆企业|/blank-values="工业互联网平台|标杆\/企业|/' \
  -e 's|output="cities/{group}/summary.pdf"|output="cities/{group}/summary.pdf" blank-per="@city" blank-values="福州市"|' \
  -e 's|output="applicants/{id}/application.pdf"|output="applicants/{id}/application.pdf" form="yes" blank-per="project[1]/@category" blank-values="应用场景"|' "$P"
LANG=C "$YINFA" run "$T/fj.ini" --programs "$T/progs" --blank --quiet 2>"$T/p.err"
check "a program with bad blank-per= and blank-values= is refused" test $? -ne 0
l=$(grep -n 'blank-values="工业互联网平台|标杆/企业' "$P" | cut -d: -f1)
check "a value with a slash: at program.xml:$l" grep -q "program.xml:$l:.*blank-values=\"工业互联网平台|标杆/企业.*each once, none empty" "$T/p.err"
l=$(grep -n 'kind="city-summary"' "$P" | cut -d: -f1)
check "blank-per= on a document that is no form: at program.xml:$l" grep -q "program.xml:$l:.*blank-per= and blank-values= go together, on a form" "$T/p.err"
l=$(grep -n 'blank-per="project\[1\]' "$P" | cut -d: -f1)
check "blank-per= with a predicate: at program.xml:$l" grep -q "program.xml:$l:.*blank-per=\"project\[1\]/@category\": a path of element names" "$T/p.err"
sed -i -e 's|blank-per="project\[1\]/@category"|blank-per="projekt/@category"|' "$P"
LANG=C "$YINFA" run "$T/fj.ini" --programs "$T/progs" --blank --quiet 2>"$T/p2.err"
l=$(grep -n 'blank-per="projekt' "$P" | cut -d: -f1)
check "blank-per= naming no field of the schema: at program.xml:$l" grep -q "program.xml:$l:.*projekt" "$T/p2.err"
check "and neither touched the output folder" sha256sum --quiet -c "$T/fj.sha"

# A program without forms.
ini hunan-2019 hn
LANG=C "$YINFA" run "$T/hn.ini" --blank --quiet 2>"$T/hn.err"
check "--blank for hunan-cloud (no forms) is an error" test $? -eq 1
check "saying the program declares no form" grep -q 'declares no form' "$T/hn.err"
check "and writes nothing" test -z "$(ls -A "$T/hn" 2>/dev/null)"
finish
