#!/bin/bash
# Every shipped program imports from spreadsheets (issue 15): for each, its mapping
# (templates/PROGRAM/import.xml) and its sample workbook (samples/*.xlsx, what the generator makes
# from the sample round) import into a round that validates, holds the same applicants as the
# sample round (tests/import/same_round.py: plain decimals by value, 0.00 = 0; nothing else is
# normalised), runs into the same documents, and goes import → export → import byte-identical
# (but for the comments naming the source cells); the round as a GB18030 CSV without ids, a row
# per year (tests/import/program_csv.py) imports too. A missing mapping, workbook, round or INI
# fails.
source "$(dirname "$0")/../e2e_lib.sh"
T="$E2E_TMP"

# PROGRAM  SAMPLE (samples/SAMPLE.xml, .ini, .xlsx)  generator options ("-": samples/gen-xuchang-2022-xlsx.py)
while read -r prog stem opts <&3; do
  xlsx=samples/$stem.xlsx round=samples/$stem.xml ini=samples/$stem.ini
  for f in templates/$prog/import.xml "$xlsx" "$round" "$ini"; do
    check "$prog: $f exists" test -s "$f"
  done
  if [ "$opts" = - ]; then
    python3 samples/gen-xuchang-2022-xlsx.py "$round" "$T/$prog-regen.xlsx"
  else
    # shellcheck disable=SC2086
    python3 samples/gen-program-xlsx.py "$prog" "$round" "$T/$prog-regen.xlsx" ${opts#+}
  fi
  check "$prog: $xlsx is what its generator writes" cmp -s "$xlsx" "$T/$prog-regen.xlsx"

  "$YINFA" import "$prog" "$xlsx" --output "$T/$prog.xml" >"$T/out" 2>"$T/err"; rc=$?
  check "$prog: import exits 0" test "$rc" -eq 0
  [ "$rc" -eq 0 ] || cat "$T/err"
  n=$(grep -c '<applicant ' "$round")
  check "$prog: import reports the sample's $n applicants" grep -q "$n applicant" "$T/out"
  check "$prog: no error or warning on the sample workbook" bash -c "! grep -q -e ': error: ' -e ': warning: ' '$T/err'"
  check "$prog: the imported round validates" "$YINFA" validate "$T/$prog.xml" --quiet
  check "$prog: the imported round holds the sample round's applicants" \
    python3 tests/import/same_round.py "$round" "$T/$prog.xml"

  "$YINFA" run "$ini" --input "$T/$prog.xml" --output "$T/$prog-docs" --quiet 2>"$T/run-err"; rc=$?
  check "$prog: the imported round runs (exit 0)" test "$rc" -eq 0
  [ "$rc" -eq 0 ] || tail -5 "$T/run-err"
  check "$prog: verify passes" "$YINFA" verify "$T/$prog-docs"
  "$YINFA" run "$ini" --output "$T/$prog-docs0" --quiet 2>/dev/null
  # the documents: path, kind, applicant and pages of each (not the bytes: 0.00 prints as 0)
  check "$prog: the same documents as from the sample round" \
    bash -c "[ -s '$T/$prog-docs/manifest.csv' ] && diff <(grep -v '^#' '$T/$prog-docs/manifest.csv' | cut -d, -f1-4 | sort) <(grep -v '^#' '$T/$prog-docs0/manifest.csv' | cut -d, -f1-4 | sort)"

  # and what they say: every PDF's text as from the sample round (a form prints 43.0, not 43).
  # Two PDFs of the same bytes have the same text: pdftotext reads only those that differ (the
  # two runs usually write the same bytes; reading all ~450 twice was half this script's time).
  ndiff=0
  for f in $(cd "$T/$prog-docs0" && find . -name '*.pdf'); do
    cmp -s "$T/$prog-docs0/$f" "$T/$prog-docs/$f" ||
      cmp -s <(pdftotext "$T/$prog-docs0/$f" - 2>/dev/null) <(pdftotext "$T/$prog-docs/$f" - 2>/dev/null) ||
      ndiff=$((ndiff + 1))
  done
  check "$prog: every PDF's text as from the sample round ($ndiff differ)" \
    bash -c "[ $ndiff -eq 0 ] && [ -n \"\$(find '$T/$prog-docs0' -name '*.pdf')\" ]"
  "$YINFA" export "$prog" "$T/$prog.xml" --output "$T/$prog-e.xlsx" >/dev/null 2>"$T/err"; rc=$?
  check "$prog: export exits 0" test "$rc" -eq 0
  [ "$rc" -eq 0 ] || cat "$T/err"
  "$YINFA" import "$prog" "$T/$prog-e.xlsx" --output "$T/$prog-2.xml" >/dev/null 2>"$T/err"; rc=$?
  check "$prog: the exported workbook imports (exit 0)" test "$rc" -eq 0
  [ "$rc" -eq 0 ] || cat "$T/err"
  check "$prog: import → export → import: byte-identical round" \
    bash -c "[ -s '$T/$prog-2.xml' ] && cmp -s <(grep -v '^ *<!--' '$T/$prog.xml') <(grep -v '^ *<!--' '$T/$prog-2.xml')"
  # the same round as a GB18030 CSV without ids (numbered by id-format), a row per year, values
  # typed as text (2019年8月18日, 1,135.89, 29.4%, 有)
  python3 tests/import/program_csv.py "$prog" "$round" "$T/$prog.csv"
  "$YINFA" import "$prog" "$T/$prog.csv" --output "$T/$prog-csv.xml" >/dev/null 2>"$T/err"; rc=$?
  check "$prog: the GB18030 CSV imports (exit 0)" test "$rc" -eq 0
  [ "$rc" -eq 0 ] || head -5 "$T/err"
  check "$prog: the CSV gives the sample's applicants, ids from id-format" \
    python3 tests/import/same_round.py "$round" "$T/$prog-csv.xml"
  "$YINFA" export "$prog" "$round" --output "$T/$prog-e0.xlsx" >/dev/null 2>&1
  "$YINFA" import "$prog" "$T/$prog-e0.xlsx" --output "$T/$prog-0.xml" >/dev/null 2>&1
  check "$prog: sample round → export → import: the sample's applicants" \
    python3 tests/import/same_round.py "$round" "$T/$prog-0.xml"
done 3<<'EOF'
xuchang-nit xuchang-2022 -
hunan-cloud hunan-2019 +
fujian-fusion fujian-2024 +--one-sheet
shandong-demo shandong-demo-2023 +
henan-toutou henan-2024 +
EOF

# an empty element the mapping's paths only pass through holds nothing that export would lose
python3 - samples/hunan-2019.xml "$T/empty.xml" <<'PY'
import sys
s = open(sys.argv[1], encoding="utf-8").read()
i, j = s.index("<attachments>"), s.index("</attachments>") + len("</attachments>")
open(sys.argv[2], "w", encoding="utf-8").write(s[:i] + "<attachments/>" + s[j:])
PY
check "an empty <attachments/> exports (nothing in it to lose)" \
  "$YINFA" export hunan-cloud "$T/empty.xml" --output "$T/empty.xlsx"

# the imported round is scored as validate scores it: henan's 评价指标表 needs 有效发明专利授权数
python3 tests/import/program_csv.py henan-toutou samples/henan-2024.xml "$T/henan.csv"
python3 - "$T/henan.csv" "$T/no-patents.csv" <<'PY'
import csv, io, sys
rows = list(csv.reader(io.StringIO(open(sys.argv[1], "rb").read().decode("gb18030"))))
i = rows[1].index("有效发明专利授权数(件)")
out = io.StringIO()
csv.writer(out, lineterminator="\r\n").writerows(r[:i] + r[i + 1:] for r in rows)
open(sys.argv[2], "wb").write(out.getvalue().encode("gb18030"))
PY
"$YINFA" import henan-toutou "$T/no-patents.csv" --output "$T/no-patents.xml" 2>"$T/err"; rc=$?
check "a figure the scoring needs is missing: exit 1, nothing written" \
  bash -c "[ $rc -eq 1 ] && [ ! -e '$T/no-patents.xml' ] && grep -q 'HN-001: indicator 4 每亿元营业收入有效发明专利数 cannot be computed' '$T/err'"

# every program folder that has an import.xml is in the table above
for m in templates/*/import.xml; do
  p=$(basename "$(dirname "$m")")
  check "$p's mapping is tested here" grep -q "^$p " "$0"
done
finish
