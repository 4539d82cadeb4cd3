#!/bin/bash
# OFD beside PDF (issue 23, docs/ofd.md): every program's sample round with [output] formats = pdf, ofd
# writes an .ofd beside every .pdf; one document of every kind of every program passes the independent
# checker (tests/tools/ofd/ofd_check.sh --ofda: structure, namespaces, IDs, embedded fonts with a cmap
# entry for every character, DeltaX, OFD-A rules), its text equals pdftotext's page by page and its
# glyphs land within 0.1 mm of the PDF's (ofd_compare.py); the manifest lists both and verify checks
# them; ofd = ofd writes plain OFD; a second run changes nothing; bytes are reproducible.
. "$(dirname "$0")/../e2e_lib.sh"
T=$E2E_TMP
picked=()
for ini in "$ROOT"/samples/*.ini; do
  name=$(basename "$ini" .ini)
  out="$T/$name"
  # the sample's INI with absolute paths and both page formats
  sed -e "s|^input *=.*|input = $ROOT/samples/$(sed -n 's/^input *= *//p' "$ini")|" -e "s|^output *=.*|output = $out|" \
      -e 's|^\[output\]|[output]\nformats = pdf, ofd|' "$ini" >"$T/$name.ini"
  grep -q '^formats' "$T/$name.ini" || printf '\n[output]\nformats = pdf, ofd\n' >>"$T/$name.ini"
  if "$YINFA" run "$T/$name.ini" >"$T/$name.log" 2>&1; then pass "$name: run with formats = pdf, ofd"
  else fail "$name: run" "$(tail -3 "$T/$name.log")"; continue; fi
  npdf=$(find "$out" -name '*.pdf' | wc -l); nofd=$(find "$out" -name '*.ofd' | wc -l)
  [ "$nofd" -gt 0 ] && [ "$nofd" = "$npdf" ] && pass "$name: an .ofd beside each of $npdf .pdf" || fail "$name: $nofd .ofd, $npdf .pdf"
  # the manifest lists both formats of each document, with its kind
  kinds=$(awk -F, 'NR>1 && $1 ~ /\.pdf$/ {print $2}' "$out/manifest.csv" | sort -u)
  okinds=$(awk -F, 'NR>1 && $1 ~ /\.ofd$/ {print $2}' "$out/manifest.csv" | sort -u)
  [ -n "$kinds" ] && [ "$kinds" = "$okinds" ] && pass "$name: manifest lists every kind in both formats ($(echo $kinds))" \
    || fail "$name: manifest kinds" "pdf: $kinds / ofd: $okinds"
  # the manifest's pages column: each .ofd has as many pages as its .pdf (fields from the end: a path may
  # hold a quoted comma)
  diff=$(awk -F, 'NR>1 && $1 !~ /^#/ { k=$1; e=substr(k, length(k)-3); sub(/\.(pdf|ofd)$/, "", k)
    if (e == ".pdf") { p[k] = $(NF-4); pf[k] = $NF } else if (e == ".ofd") { o[k] = $(NF-4); of[k] = $NF } }
    END { n = 0; for (k in p) if (p[k] != o[k] || p[k] == 0 || pf[k] != of[k] || of[k] == "") n++; print n }' "$out/manifest.csv")
  [ "$diff" = 0 ] && pass "$name: manifest gives each .ofd the pages and the font files of its .pdf" || fail "$name: $diff documents' OFD pages or fonts differ"
  # one document of every kind (the first the manifest lists); every document with YINFA_TEST_FULL
  # (make test-full, docs/testing.md)
  if [ -n "${YINFA_TEST_FULL:-}" ]; then
    while IFS= read -r f; do picked+=("$out/$f"); done < <(awk -F, 'NR>1 && $1 ~ /\.ofd$/ {print $1}' "$out/manifest.csv")
  else
    for k in $kinds; do
      f=$(awk -F, -v k="$k" 'NR>1 && $2 == k && $1 ~ /\.ofd$/ {print $1; exit}' "$out/manifest.csv")
      picked+=("$out/$f")
    done
  fi
done
# and the xuchang documents that print 𠮷 (U+20BB7, Extension B: 许昌𠮷祥网络科技有限公司, leader 𠮷志远)
rare=("$T/xuchang-2022/applicants/XC-2022-005/application.ofd" "$T/xuchang-2022/applicants/XC-2022-017/application.ofd")
picked+=("${rare[@]}")
n=0; for f in "${rare[@]}"; do unzip -p "$f" 'Doc_0/Pages/*' 2>/dev/null | grep -q '>𠮷' && n=$((n+1)); done
[ $n = 2 ] && pass "𠮷 beyond the BMP written in both documents, in a TextCode of its own" || fail "𠮷 in $n of 2 documents"
[ ${#picked[@]} -ge 10 ] && pass "${#picked[@]} documents picked, one per kind and program" || fail "only ${#picked[@]} documents picked"
bash "$ROOT/tests/tools/ofd/ofd_check.sh" --ofda -q --txt-dir "$T/txt" "${picked[@]}" >"$T/check.log" 2>&1
last=$(tail -1 "$T/check.log")
[ "$last" = "${#picked[@]} ok, 0 failed" ] && pass "ofd_check --ofda: $last" || { fail "ofd_check --ofda: $last"; grep -A3 '^FAIL' "$T/check.log" | head -30; }
grep -q 'OFD-A\]' "$T/check.log" && pass "DocType OFD-A by default" || fail "DocType OFD-A by default"
/usr/bin/python3 "$ROOT/tests/e2e/ofd_compare.py" "${picked[@]}" >"$T/cmp.log" 2>&1
last=$(tail -1 "$T/cmp.log")
[ "$last" = "${#picked[@]} ok, 0 failed" ] && pass "text equals pdftotext's, glyphs within 0.1 mm: $last" || { fail "OFD vs PDF: $last"; grep '^FAIL' "$T/cmp.log" | head; }
# GB/T 33476 custom tags: every program's notice tags its 标题 and 成文日期 (ofd_compare.py checks each
# ObjectRef points at an object of its page), and the xuchang notice its 版头
n=$(grep -c '^tags .*/notice.ofd: .*标题=.*成文日期=' "$T/cmp.log")
[ "$n" = 5 ] && pass "custom tags: 标题 and 成文日期 in the 5 notices" || { fail "custom tags in $n of 5 notices"; grep '^tags' "$T/cmp.log"; }
# 正文 in every notice and 通知, 主送机关 in the three 通知, as the templates name them (<p element=>)
n=$(grep -cE '^tags .*/(notice|announcement)\.ofd: .*正文=' "$T/cmp.log")
[ "$n" = 8 ] && pass "custom tags: 正文 in the 5 notices and 3 通知" || { fail "正文 tagged in $n of 8"; grep '^tags' "$T/cmp.log"; }
n=$(grep -cE '^tags .*/announcement\.ofd: .*主送机关=各' "$T/cmp.log")
[ "$n" = 3 ] && pass "custom tags: 主送机关 in the 3 通知" || { fail "主送机关 tagged in $n of 3"; grep '^tags' "$T/cmp.log"; }
grep -q '^tags .*xuchang-2022/notice.ofd: 发文机关标志=许昌市工业和信息化局 发文字号=许工信〔2022〕12号 标题=关于2022年' "$T/cmp.log" \
  && pass "custom tags: the xuchang notice's 版头 and 标题 with their text" || fail "xuchang notice tags" "$(grep 'xuchang-2022/notice' "$T/cmp.log")"

# verify covers the OFD files: intact passes, one changed byte in an .ofd is found
x="$T/xuchang-2022"
"$YINFA" verify "$x" --fonts >"$T/verify.log" 2>&1 && pass "verify --fonts passes both formats" || fail "verify" "$(tail -3 "$T/verify.log")"
printf 'x' | dd of="$x/notice.ofd" bs=1 seek=100 conv=notrunc 2>/dev/null
"$YINFA" verify "$x" >"$T/verify2.log" 2>&1 && fail "verify missed a changed .ofd" || \
  { grep -q 'notice.ofd' "$T/verify2.log" && pass "verify finds a changed .ofd" || fail "verify message" "$(cat "$T/verify2.log")"; }
# resume per file: the damaged .ofd is made again, nothing else
"$YINFA" run "$T/xuchang-2022.ini" >"$T/again.log" 2>&1
grep -q ' 1 written' "$T/again.log" && pass "a second run writes only the damaged file: $(grep documents: "$T/again.log")" \
  || fail "second run" "$(tail -2 "$T/again.log")"
# the 破折号 of case dash-pair-gap: as in the PDF (dash_pair.sh), a filled bar joins the two dashes,
# set in Noto Serif CJK SC, whose dashes leave a gap (FandolFang's, the free default's, touch)
sed 's|^\[fonts\]|[fonts]\nbody = /usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc:2|' "$T/xuchang-2022.ini" >"$T/dash.ini"
"$YINFA" run "$T/dash.ini" --input "$ROOT/tests/cases/dash-pair-gap/round.xml" --output "$T/dash" --quiet 2>/dev/null
/usr/bin/python3 - "$T/dash/applicants/DA-1/application.ofd" <<'PY' && pass "破折号: a bar joins the dashes, on their line, between their pens" || fail "破折号 bar"
import re, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
page = z.read('Doc_0/Pages/Page_1/Content.xml').decode()
m = re.search(r'Boundary="([\d.]+) ([\d.]+) [^"]*" Font="\d+" Size="([\d.]+)"><ofd:FillColor Value="[^"]*"/><ofd:TextCode X="0" Y="[\d.]+" DeltaX="([^"]*)">他的家乡——中国[^<]*</ofd:TextCode></ofd:TextObject>'
              r'<ofd:PathObject ID="\d+" Boundary="([\d.]+) ([\d.]+) ([\d.]+) ([\d.]+)" Stroke="false" Fill="true">', page)
if not m: sys.exit('no bar after the text')
x, top, size = float(m.group(1)), float(m.group(2)), float(m.group(3))
d = [float(v) for v in m.group(4).split()]
pen1, pen2 = x + sum(d[:4]), x + sum(d[:5])  # the two dashes' pens
bx, by, bw, bh = (float(m.group(i)) for i in range(5, 9))
base = top + size
sys.exit(0 if pen1 < bx < pen2 < bx + bw < pen2 + size and base - size / 2 < by < base and 0 < bh < size / 4 else f'bar {bx} {by} {bw} {bh}, pens {pen1} {pen2}, baseline {base}')
PY
# reproducible bytes, and ofd = ofd gives plain OFD
cp "$x/notice.ofd" "$T/first.ofd"
"$YINFA" run "$T/xuchang-2022.ini" --force --only notice >/dev/null 2>&1
cmp -s "$T/first.ofd" "$x/notice.ofd" && pass "identical bytes when made again" || fail "bytes differ when made again"
sed -i 's|^formats = pdf, ofd|formats = ofd\nofd = ofd|' "$T/xuchang-2022.ini"
"$YINFA" run "$T/xuchang-2022.ini" --only notice --output "$T/plain" >/dev/null 2>&1
[ -f "$T/plain/notice.ofd" ] && [ ! -f "$T/plain/notice.pdf" ] && unzip -p "$T/plain/notice.ofd" OFD.xml | grep -q 'DocType="OFD"' \
  && pass "formats = ofd, ofd = ofd: plain OFD alone" || fail "formats = ofd, ofd = ofd"

# ofd dropped from formats: the .ofd files are an earlier run's, also once a run without --prune
# has written a manifest that no longer lists them (a fresh user's trial: --prune then removed
# nothing and verify failed on 47 unlisted files)
h="$T/hunan-2019"
n0=$(find "$h" -name '*.ofd' | wc -l)
sed 's|^formats = pdf, ofd|formats = pdf|' "$T/hunan-2019.ini" >"$T/hunan-pdf.ini"
"$YINFA" run "$T/hunan-pdf.ini" >"$T/drop1.log" 2>&1
grep -q "documents in all are left from an earlier run" "$T/drop1.log" && pass "dropping ofd: the $n0 .ofd files are reported as left over" \
  || fail "dropping ofd: no report" "$(tail -3 "$T/drop1.log")"
"$YINFA" run "$T/hunan-pdf.ini" --prune >"$T/drop2.log" 2>&1
n1=$(find "$h" -name '*.ofd' | wc -l)
[ "$n0" -gt 0 ] && [ "$n1" -eq 0 ] && pass "a later --prune removes them ($n0 -> $n1)" || fail "--prune after the manifest forgot them: $n0 -> $n1"
"$YINFA" verify "$h" >"$T/drop3.log" 2>&1 && pass "verify passes after --prune" || fail "verify after --prune" "$(tail -3 "$T/drop3.log")"
finish
