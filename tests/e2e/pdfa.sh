#!/bin/bash
# Every document kind of the sample round is valid PDF/A-1b according to Apache PDFBox Preflight
# (tests/tools/pdfa_check.sh; Debian libpdfbox2-java, installed by `make deps`). A missing
# validator is a failure, not a skip.
source "$(dirname "$0")/../e2e_lib.sh"
O="$E2E_TMP/out"
"$YINFA" run "$ROOT/samples/xuchang-2022.ini" --output "$O" --quiet 2>"$E2E_TMP/err"
check "the sample round runs" test $? -eq 0
check "PDFBox Preflight is installed" test -r /usr/share/java/preflight.jar
app=$(ls -d "$O"/applicants/*/ | head -1)
county=$(ls -d "$O"/counties/*/ | head -1)
files=("$O/notice.pdf" "${app}application.pdf" "${app}review-form.pdf" "${county}summary.pdf")
for f in "${files[@]}"; do check "document exists: ${f#$O/}" test -f "$f"; done
"$ROOT/tests/tools/pdfa_check.sh" "${files[@]}" >"$E2E_TMP/pdfa.txt" 2>&1
rc=$?
sed 's/^/  /' "$E2E_TMP/pdfa.txt"
check "notice, application, review form and summary are valid PDF/A-1b" test "$rc" -eq 0
check "all four were checked" grep -q "^4 valid, 0 invalid$" "$E2E_TMP/pdfa.txt"
# and every PDF kind of every other program (one document of each kind, from its sample round)
others=()
for ini in hunan-2019 fujian-2024 shandong-demo-2023 henan-2024; do
  "$YINFA" run "$ROOT/samples/$ini.ini" --output "$E2E_TMP/$ini" --quiet 2>/dev/null
  check "$ini: the sample round runs" test $? -eq 0
  kinds=$(grep -v '^#' "$E2E_TMP/$ini/manifest.csv" 2>/dev/null | tail -n +2 | awk -F, '$1 ~ /\.pdf$/ { print $2 }' | sort -u)
  check "$ini: its manifest lists PDF kinds" test -n "$kinds"
  for k in $kinds; do
    f=$(grep -v '^#' "$E2E_TMP/$ini/manifest.csv" | awk -F, -v k="$k" '$2 == k && $1 ~ /\.pdf$/ { print $1; exit }')
    others+=("$E2E_TMP/$ini/$f")
  done
done
"$ROOT/tests/tools/pdfa_check.sh" "${others[@]}" >"$E2E_TMP/pdfa-others.txt" 2>&1
rc=$?
sed 's/^/  /' "$E2E_TMP/pdfa-others.txt"
check "every PDF kind of hunan, fujian, shandong, henan is valid PDF/A-1b (${#others[@]} kinds)" test "$rc" -eq 0
check "all ${#others[@]} were checked" grep -q "^${#others[@]} valid, 0 invalid$" "$E2E_TMP/pdfa-others.txt"
check "at least 15 kinds across the four programs" test "${#others[@]}" -ge 15
# the validator must be able to say no: the same notice without the PDF/A flavour fails
sed -e 's/^pdfa *= *true/pdfa = no/' -e "s|^input *=.*|input = $ROOT/samples/xuchang-2022.xml|" \
  "$ROOT/samples/xuchang-2022.ini" >"$E2E_TMP/plain.ini"
"$YINFA" run "$E2E_TMP/plain.ini" --output "$E2E_TMP/plain" --quiet 2>/dev/null
"$ROOT/tests/tools/pdfa_check.sh" "$E2E_TMP/plain/notice.pdf" >"$E2E_TMP/plain.txt" 2>&1
check "a notice written with pdfa = no is reported invalid" grep -q "^0 valid, 1 invalid$" "$E2E_TMP/plain.txt"
finish
