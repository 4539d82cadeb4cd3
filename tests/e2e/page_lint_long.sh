#!/bin/bash
# Rounds with long names (issue 20): every program's sample round with enterprise and project
# names of 40 to 60 characters (tests/tools/long_names.py) runs, and tests/tools/page_lint.py finds
# nothing on any of its documents (covers hold their fill-in lines above the footer, headings
# stay with what they head);
# with names of 150-200 characters a 申报书 cover cannot hold them: that document fails with a
# located message naming the applicant and the field, exit 1, and every other document is written.
source "$(dirname "$0")/../e2e_lib.sh"
T=$E2E_TMP
lint="$ROOT/tests/tools/page_lint.py"
for p in xuchang-2022 hunan-2019 fujian-2024 shandong-demo-2023 henan-2024; do
  python3 "$ROOT/tests/tools/long_names.py" "$ROOT/samples/$p.xml" "$T/$p.xml"
  check "$p: names lengthened to 40-60 characters" python3 -c '
import sys, xml.etree.ElementTree as ET
n = [len(e.text) for e in ET.parse(sys.argv[1]).getroot().iter("name") if e.text]
assert max(n) == 60 and sum(x >= 40 for x in n) > len(n) // 3, n' "$T/$p.xml"
  "$YINFA" run "$ROOT/samples/$p.ini" --input "$T/$p.xml" --output "$T/out/$p" --quiet 2>"$T/err.$p"
  check "$p: the long-name round runs ($(head -c 200 "$T/err.$p"))" test $? -eq 0
done
python3 "$lint" "$T/out" >"$T/all" 2>&1
grep ' p[0-9]*: ' "$T/all" | head -5
n=$(find "$T/out" -name '*.pdf' | wc -l)
check "every document was read ($n PDFs)" grep -qE "^$n documents, [0-9]+ pages" "$T/all"
check "page_lint: no finding on the long-name rounds ($(tail -1 "$T/all"))" \
  bash -c '! grep -q " p[0-9]*: " "$1"' _ "$T/all"

# names too long for any cover
python3 "$ROOT/tests/tools/long_names.py" "$ROOT/samples/shandong-demo-2023.xml" "$T/huge.xml" 150 200
LANG=C "$YINFA" run "$ROOT/samples/shandong-demo-2023.ini" --input "$T/huge.xml" --output "$T/huge" \
  --quiet 2>"$T/err.huge"
check "names of 150-200 characters: exit 1" test $? -eq 1
check "the message names the applicant and the field" \
  grep -qE 'application\.xml:[0-9]+:[0-9]+: error: applicant SD-001: the cover cannot hold .* the field 申报单位（盖章）：' "$T/err.huge"
check "no 申报书 of SD-001 was written" test ! -e "$T/huge/applicants/SD-001/application.pdf"
check "every other document was written (公示, 通知, summaries)" \
  bash -c 'test -s "$1/notice.pdf" && test -s "$1/announcement.pdf" && ls "$1"/recommenders/*/summary.pdf >/dev/null' _ "$T/huge"
finish
