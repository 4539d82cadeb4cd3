#!/bin/bash
# Generated rounds (issue 20): every program's sample round grown to 150 applicants
# (tests/tools/stress_round.py: copies with their own ids and codes), every enterprise and project
# name 40 to 60 characters, every fifth with a character outside GB 2312 that only the fallback
# fonts have, every tenth applicant's longest free text 1,000 characters (Henan's round has no
# free text: its figures only), and tests/tools/page_lint.py finds nothing on any document made
# from them: every kind of every program, the round's lists (公示, 通知, summaries, rankings) whole
# and the per-applicant forms of one shard of twenty (--shard 1/20), to stay under a minute.
source "$(dirname "$0")/../e2e_lib.sh"
T=$E2E_TMP
lint="$ROOT/tests/tools/page_lint.py"
# program sample, its round-level kinds, its per-applicant kinds
runs=(
  "xuchang-2022 notice,summary application,review-form"
  "hunan-2019 notice,announcement,summary application"
  "fujian-2024 notice,announcement,city-summary application,review-form"
  "shandong-demo-2023 notice,announcement,summary application"
  "henan-2024 notice,ranking evaluation"
)
for r in "${runs[@]}"; do
  read -r p lists forms <<<"$r"
  python3 "$ROOT/tests/tools/stress_round.py" "$ROOT/samples/$p.xml" "$T/$p.xml"
  check "$p: the generated round is hard (150+ applicants, names 40-60, rare characters, 1,000 characters)" \
    python3 -c '
import sys, xml.etree.ElementTree as ET
r = ET.parse(sys.argv[1]).getroot()
names = [e.text for e in r.iter("name") if e.text]
texts = [len((e.text or "").strip()) for e in r.iter() if e.tag != "name"]
assert sum(1 for a in r if a.tag == "applicant") >= 150
assert min(len(n) for n in names) >= 40 and max(len(n) for n in names) == 60, "names"
assert sum(any(ord(c) > 0xFFFF for c in n) for n in names) > 0, "no Extension B character"
assert sum(any(0x3400 <= ord(c) <= 0x4DBF for c in n) for n in names) > 0, "no Extension A character"
assert sys.argv[2] == "henan-2024" or texts.count(1000) >= 15, "no 1,000-character text"' "$T/$p.xml" "$p"
  "$YINFA" run "$ROOT/samples/$p.ini" --input "$T/$p.xml" --output "$T/out/$p" --only "$lists" \
    --quiet 2>"$T/err.$p"
  check "$p: its lists are made ($(grep -v warning "$T/err.$p" | head -c 200))" test $? -eq 0
  "$YINFA" run "$ROOT/samples/$p.ini" --input "$T/$p.xml" --output "$T/forms/$p" --only "$forms" \
    --shard 1/20 --quiet 2>"$T/err.$p"
  check "$p: one shard of its forms is made ($(grep -v warning "$T/err.$p" | head -c 200))" test $? -eq 0
  for k in ${lists//,/ } ${forms//,/ }; do
    check "$p: a $k was made" test -n "$(find "$T/out/$p" "$T/forms/$p" -name "${k#city-}.pdf" | head -1)"
  done
done
check "the forms' shard holds characters outside GB 2312" bash -c '
  for f in $(find "$1/forms" -name "*.pdf"); do pdftotext "$f" - ; done | grep -q "[𠮷𪚥䶮堃喆]"' _ "$T"
python3 "$lint" "$T/out" "$T/forms" >"$T/all" 2>&1
grep ' p[0-9]*: ' "$T/all" | head -5
n=$(find "$T/out" "$T/forms" -name '*.pdf' | wc -l)
check "every document was read ($n PDFs)" grep -qE "^$n documents, [0-9]+ pages" "$T/all"
check "page_lint: no finding on the generated rounds ($(tail -1 "$T/all"))" \
  bash -c '! grep -q " p[0-9]*: " "$1"' _ "$T/all"
# the 公示 and 通知: page numbers and the 版记 page (GB/T 9704 7.5)
python3 "$lint" --numbered $(find "$T/out" -maxdepth 2 -name 'notice.pdf' -o -maxdepth 2 -name 'announcement.pdf') \
  >"$T/num" 2>&1
check "page_lint --numbered: the 公示 and 通知 ($(tail -1 "$T/num"))" \
  bash -c '! grep -q " p[0-9]*: " "$1" && grep -qE "^8 documents" "$1"' _ "$T/num"
finish
