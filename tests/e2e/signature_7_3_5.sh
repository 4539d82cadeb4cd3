#!/bin/bash
# Signature and date exactly as GB/T 9704-2012 7.3.5 (issue 13 §6), measured from the PDF by
# tests/tools/gbt9704_check.py (check x4.signature.position): with a seal (the notice's default,
# <signature seal="yes"> in templates/common/signature.xml, 7.3.5.1: date right-indented 4 characters, issuer centred over it) and
# without (seal="no", 7.3.5.2: issuer right-indented 2, date 2 characters right of its start; a
# longer date right-indented 2), each with a short and a long issuer and a short and a long date.
source "$(dirname "$0")/../e2e_lib.sh"

checker="$ROOT/tests/tools/gbt9704_check.py"
check "the checker is in the tree" test -f "$checker"
# A data folder (YINFA_HOME) whose notice template says seal="no"
home="$E2E_TMP/home"
mkdir -p "$home/templates"
for d in "$ROOT"/*/; do # fonts, data, ...: everything but the templates, as installed
  d=${d%/}
  [ "$(basename "$d")" = templates ] || ln -s "$d" "$home/$(basename "$d")"
done
cp -r templates/. "$home/templates/"
sed -i 's/seal="yes"/seal="no"/' "$home/templates/common/signature.xml"
check "the unsealed template differs" grep -q 'seal="no"' "$home/templates/common/signature.xml"

n=0
for seal in yes no; do
  for issuer in 市工信局 许昌市工业和信息化局; do
    for date in 2022-05-06 2022-12-16; do
      n=$((n + 1))
      out="$E2E_TMP/o$n"
      # the 公示 starts on its 成文日期 (both dates are Fridays): it may not start before it
      sed -e "s|^name *=.*|name = $issuer|" -e "s|^date *=.*|date = $date|" -e "s|^publicity_start *=.*|publicity_start = $date|" \
        -e "s|^input *=.*|input = $ROOT/samples/xuchang-2022.xml|" -e "s|^output *=.*|output = $out|" \
        samples/xuchang-2022.ini >"$out.ini"
      if [ "$seal" = no ]; then
        YINFA_HOME="$home" "$YINFA" run "$out.ini" --quiet 2>"$out.err"
      else
        "$YINFA" run "$out.ini" --quiet 2>"$out.err"
      fi
      rc=$?
      if [ "$rc" -ne 0 ]; then
        fail "seal=$seal $issuer $date: run exits 0 (got $rc)"
        head -3 "$out.err"
        continue
      fi
      line=$(python3 "$checker" "$out/notice.pdf" 2>&1 | grep 'x4.signature.position')
      want=$([ "$seal" = yes ] && echo "7.3.5.1 (sealed)" || echo "7.3.5.2 (unsealed)")
      echo "  $line" | cut -c1-200
      check "seal=$seal $issuer $date: x4.signature.position passes" bash -c '[[ "$1" == PASS* ]]' _ "$line"
      # the layout asked for, measured: sealed: the date 4 characters (63.1-63.8 pt) from the
      # right; unsealed: the date 2 characters (31.6 pt) right of the issuer's start and one of
      # them 2 characters from the right (where the two layouts coincide, the checker may name
      # either)
      check "seal=$seal $issuer $date: measured as $want" python3 - "$seal" "$line" <<'PY'
import re, sys
seal, line = sys.argv[1], sys.argv[2]
num = lambda k: float(re.search(k + r" (-?[0-9.]+) pt", line).group(1))
sig, date, shift = num("signature right indent"), num("date right indent"), num("date shift")
if seal == "yes":
    ok = 62.6 <= date <= 64.3
else:
    ok = abs(shift - 31.57) < 1 and (abs(sig - 31.57) < 1 or abs(date - 31.57) < 1)
sys.exit(0 if ok else 1)
PY
    done
  done
done
finish
