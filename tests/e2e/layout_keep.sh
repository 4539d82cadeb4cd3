#!/bin/bash
# Words that may not be broken stay whole, and heading rows stay with what they head, in the
# documents of every sample program (the fonts are the real ones, Noto Serif/Sans CJK by default):
# - every applicant's 统一社会信用代码 and e-mail address is extracted by pdftotext whole, on one
#   line, from its application form (a code wider than its cell is set smaller, not broken);
#   no per-applicant document of any program shows a code broken (its first 8 characters
#   without the whole code);
# - no page of a notice or announcement ends with a group heading row (二、…（8个）, 化工（2家）).
source "$(dirname "$0")/../e2e_lib.sh"

T=$E2E_TMP
programs=(xuchang-2022 hunan-2019 fujian-2024 shandong-demo-2023 henan-2024)

# "id<TAB>code<TAB>email" per applicant of a round file (hunan shows the org code when an
# enterprise has no credit code, as its template does).
applicants() {
  python3 - "$1" <<'EOF'
import sys, xml.etree.ElementTree as ET
for a in ET.parse(sys.argv[1]).getroot().iter("applicant"):
    e = a.find("enterprise")
    if e is None:
        continue
    code = (e.findtext("credit-code") or e.findtext("org-code") or "").strip()
    c = e.find("contact")
    mail = (c.get("email") or "").strip() if c is not None else ""
    print("%s\t%s\t%s" % (a.get("id"), code, mail))
EOF
}

for p in "${programs[@]}"; do
  out="$T/$p"
  "$YINFA" run "$ROOT/samples/$p.ini" --output "$out" --quiet 2>"$T/err.$p"
  check "$p: the sample round runs" test $? -eq 0

  # the PDFs under each folder of the output (what `find "$out" -path "*/$id/*.pdf"` gives for
  # an applicant's id, in find's order), found once: a find per applicant was a third of the time
  declare -A under=()
  while IFS= read -r -d '' f; do
    rest=${f%/*}
    while [ -n "$rest" ]; do under[${rest##*/}]+="$f"$'\n'; rest=${rest%/*}; done
  done < <(find "$out" -name '*.pdf' -print0)
  codes=0 whole=0 broken=""
  while IFS=$'\t' read -r id code mail; do
    [ -n "$id" ] || continue
    app=""
    while IFS= read -r f; do
      [ -n "$f" ] || continue
      [ -z "$app" ] && [ "${f##*/}" = application.pdf ] && app=$f
      text=$(pdftotext "$f" - 2>/dev/null)
      for w in $code $mail; do
        # one line holds the whole word; a line with its start but not all of it is a break (the
        # words hold no newline, so "a line holds it" is "the text holds it": matched in bash,
        # not by a grep per word)
        if [[ $text == *"$w"* ]]; then
          [ "$f" = "$app" ] && whole=$((whole + 1))
        elif [[ $text == *"${w:0:8}"* ]]; then
          broken+=" $id:${f##*/}:$w"
        fi
      done
    done <<<"${under[$id]}"
    if [ -n "$app" ]; then
      for w in $code $mail; do codes=$((codes + 1)); done
    fi
  done < <(applicants "$ROOT/samples/$p.xml")
  unset under
  check "$p: every application form shows its credit code and e-mail whole on one line ($whole of $codes)" \
    test "$whole" -eq "$codes"
  check "$p: no document breaks a credit code or e-mail address${broken:+ (${broken:0:200})}" \
    test -z "$broken"
done

# At least the four programs with an application form have codes to check.
check "the application forms of four programs were checked" \
  bash -c "ls '$T'/*/applicants/*/application.pdf | cut -d/ -f4 | sort -u | wc -l | grep -qx 4"

# The last line of each page (before the page number) is never a heading row.
heading='^[[:space:]]*(.*[一二三四五六七八九十]+、.*（[0-9]+[个家项]）|[^[:space:]]+（[0-9]+[个家项]）)[[:space:]]*$'
for p in "${programs[@]}"; do
  for f in "$T/$p"/notice.pdf "$T/$p"/announcement.pdf; do
    [ -s "$f" ] || continue
    # pdftotext ends every page with a form feed: one run gives each page as -f i -l i would
    ends="" i=0
    while IFS= read -r -d $'\f' page; do
      i=$((i + 1))
      last=$(grep -v '^[[:space:]]*$' <<<"$page" | grep -v '^[[:space:]]*— [0-9]* —[[:space:]]*$' | tail -1)
      grep -qE "$heading" <<<"$last" && ends+=" page $i:$(tr -s ' ' <<<"$last")"
    done < <(pdftotext -layout "$f" -)
    check "$p ${f##*/}: pages read (${i})" test "$i" -gt 0
    check "$p ${f##*/}: no page ends with a heading row${ends:+ ($ends)}" test -z "$ends"
  done
done
check "the shandong notice was checked" test -s "$T/shandong-demo-2023/notice.pdf"

# No line of any document of any program starts with a mark that may not start a line (GB/T
# 15834, clreq): ，。、；：？！）》. A cell's text and its <if>'s text are one paragraph (the hunan
# 申报书's 5、其他：… was two, the second starting with ：).
starts=""
for f in $(find "$T" -name '*.pdf'); do
  bad=$(pdftotext -raw "$f" - 2>/dev/null | grep -m1 -E '^[，。、；：？！）》]')
  [ -n "$bad" ] && starts+=" ${f#$T/}: $bad;"
done
check "no line of any sample document starts with ，。、；：？！）》${starts:+ ($starts)}" test -z "$starts"
check "the hunan applications were among them" test -n "$(find "$T/hunan-2019" -name application.pdf 2>/dev/null | head -1)"

finish
