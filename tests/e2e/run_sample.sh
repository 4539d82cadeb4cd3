#!/bin/bash
# The sample round end to end: `yinfa run` writes every document of every kind, and real PDF
# tools read them back: names, codes, projects and the ticked direction in each form, the notice
# listing exactly the admitted applicants, fonts embedded and subset, qpdf clean, verify passes.
source "$(dirname "$0")/../e2e_lib.sh"
OUT="$E2E_TMP/out"
XML=samples/xuchang-2022.xml
"$YINFA" run samples/xuchang-2022.ini --output "$OUT" --quiet 2>"$E2E_TMP/err"
rc=$?
check "sample round runs (exit 0)" test "$rc" -eq 0
[ "$rc" -eq 0 ] || cat "$E2E_TMP/err"

# names, codes, projects, ticks, the long summary, county summaries and the notice's list: one
# process reading the round once and each PDF once
python3 "$ROOT/tests/e2e/sample_check.py" "$XML" "$OUT" >"$E2E_TMP/sample_check.out" 2>&1
sc=$?
while IFS= read -r l; do
  case $l in "ok   "*) pass "${l#ok   }" ;; "FAIL "*) fail "${l#FAIL }" ;; esac
done <"$E2E_TMP/sample_check.out"
check "sample_check.py ran to its end (exit $sc: $(tail -1 "$E2E_TMP/sample_check.out"))" \
  grep -qE '^check: [1-9][0-9]* passed' "$E2E_TMP/sample_check.out"

# archive checks on every file
badfont=0 badqpdf=0
while IFS= read -r -d '' f; do
  if pdffonts "$f" 2>/dev/null | tail -n +3 | awk '{ if ($(NF-4) != "yes" || $(NF-3) != "yes" || $(NF-2) != "yes") bad=1 } END { exit bad }'; then :; else
    badfont=$((badfont + 1)); echo "font not embedded/subset/unicode in $f"; fi
  qpdf --check "$f" >/dev/null 2>&1 || { badqpdf=$((badqpdf + 1)); echo "qpdf --check fails on $f"; }
done < <(find "$OUT" -name '*.pdf' -print0)
npdf=$(find "$OUT" -name '*.pdf' | wc -l)
napp=$(grep -c '<applicant ' "$XML")
ncounty=$(grep -o '<applicant [^>]*county="[^"]*"' "$XML" | sed 's/.*county="//' | sort -u | wc -l)
# two forms per applicant, a summary per county, the notice
check "the round wrote its PDFs ($npdf = 2 x $napp + $ncounty + 1)" test "$npdf" -eq $((2 * napp + ncounty + 1)) -a "$napp" -gt 0
check "every font embedded, subset, with ToUnicode" test "$badfont" -eq 0
check "qpdf --check clean on every file" test "$badqpdf" -eq 0
mapfile -d '' pdfs < <(find "$OUT" -name '*.pdf' -print0)
check "no printed line starts with 、，。）》 … or ends with （《“ …" \
  python3 "$ROOT/tests/e2e/line_edges.py" "${pdfs[@]}"
check "no temporary files left" test -z "$(find "$OUT" -name '.*tmp*')"
check "verify accepts the fresh output" "$YINFA" verify "$OUT"
finish
