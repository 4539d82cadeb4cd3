#!/bin/bash
# Issue 20 §2: the 近两年主要经济指标 block of the Xuchang 申请书 (a year row and five rows of
# figures, one shape, inside the form's table) sent its last row, 税金, alone to page 2 with no
# year row above it in 10 of the 48 sample applications. A block of rows of one shape inside a
# table leaves no single row of it on a page. All 48 sample 申请书: none starts a page with the
# block's last row, none ends a page with its year row.
source "$(dirname "$0")/../e2e_lib.sh"
T=$E2E_TMP
"$YINFA" run "$ROOT/samples/xuchang-2022.ini" --only application --output "$T/out" --quiet 2>"$T/err"
rc=$?
check "run exits 0 (exit $rc)" test "$rc" -eq 0
n=0 lone=0 foot=0
for f in "$T"/out/applicants/*/application.pdf; do
  [ -s "$f" ] || continue
  n=$((n + 1))
  pages=$(pdfinfo "$f" | awk '/^Pages:/ {print $2}')
  for ((p = 1; p <= pages; p++)); do
    txt=$(pdftotext -raw -f "$p" -l "$p" "$f" -)
    if [ "$p" -gt 1 ] && [ "$(head -1 <<<"$txt")" = "税金（万元）" ]; then
      lone=$((lone + 1)); echo "  $f p$p starts with 税金"
    fi
    if grep -q '^近两年主要经济指标' <<<"$txt" && ! grep -q '^总资产（万元）' <<<"$txt"; then
      foot=$((foot + 1)); echo "  $f p$p: the year row without its rows"
    fi
  done
done
check "48 sample 申请书 written ($n)" test "$n" -eq 48
check "no page starts with the block's last row ($lone)" test "$lone" -eq 0
check "no page ends with the block's year row alone ($foot)" test "$foot" -eq 0
finish
