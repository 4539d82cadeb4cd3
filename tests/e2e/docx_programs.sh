#!/bin/bash
# DOCX and HTML beside PDF, and admitted.xlsx (issue 25 §1, §4, docs/docx.md): with [output] formats =
# pdf, docx, xlsx, html every program's 公示 and 通知 (the kinds its program.xml declares reflow="docx")
# get a .docx beside the .pdf, listed in the manifest and checked by verify; other kinds get none; the
# bytes are the same on a second run; one LibreOffice process converts every .docx to PDF, whose text
# equals yinfa's PDF (docx_check.py, which also reads GB/T 9704's settings back with python3-docx);
# admitted.xlsx holds the 公示's list (list_check.py); notice.html is self-contained and holds the
# same text and cells (html_check.py, html.parser); dropping them and --prune removes them.
. "$(dirname "$0")/../e2e_lib.sh"
T=$E2E_TMP
if ! command -v soffice >/dev/null || ! /usr/bin/python3 -c 'import docx' 2>/dev/null; then
  fail "LibreOffice (libreoffice-writer-nogui) and python3-docx are installed (make deps)"; finish; exit; fi
docs=() pairs=() lists=() pages=()
for ini in "$ROOT"/samples/*.ini; do
  name=$(basename "$ini" .ini)
  out="$T/$name"
  prog="$ROOT/templates/$(sed -n 's/^program *= *//p' "$ini")/program.xml"
  kinds=$(tr '\n' ' ' <"$prog" | grep -o '<document [^>]*>' | grep 'reflow="[^"]*docx' | sed 's/.*kind="\([^"]*\)".*/\1/' | paste -sd,)
  [ -n "$kinds" ] && pass "$name: kinds with a DOCX: $kinds" || { fail "$name: no kind declares reflow=\"docx\""; continue; }
  sed -e "s|^input *=.*|input = $ROOT/samples/$(sed -n 's/^input *= *//p' "$ini")|" -e "s|^output *=.*|output = $out|" \
      -e 's|^\[output\]|[output]\nformats = pdf, docx, xlsx, html|' "$ini" >"$T/$name.ini"
  grep -q '^formats' "$T/$name.ini" || printf '\n[output]\nformats = pdf, docx, xlsx, html\n' >>"$T/$name.ini"
  if "$YINFA" run "$T/$name.ini" --only "$kinds" >"$T/$name.log" 2>&1; then pass "$name: run --only $kinds"
  else fail "$name: run" "$(tail -3 "$T/$name.log")"; continue; fi
  for k in ${kinds//,/ }; do
    pdf=$(awk -F, -v k="$k" 'NR>1 && $2 == k && $1 ~ /\.pdf$/ {print $1; exit}' "$out/manifest.csv")
    docx=$(awk -F, -v k="$k" 'NR>1 && $2 == k && $1 ~ /\.docx$/ {print $1; exit}' "$out/manifest.csv")
    if [ -n "$pdf" ] && [ "$docx" = "${pdf%.pdf}.docx" ] && [ -s "$out/$docx" ]; then pass "$name: $docx listed beside $pdf"
    else fail "$name $k: manifest has '$pdf' and '$docx'"; continue; fi
    docs+=("$out/$docx")
    pairs+=("$out/$docx:$out/$pdf:$T/lo/$name-$k.pdf")
  done
  # admitted.xlsx (program.xml list=, in every run): the 公示's list as a workbook
  lk=$(awk -F, 'NR>1 && $1 == "admitted.xlsx" {print $2}' "$out/manifest.csv")
  [ -n "$lk" ] && [ -s "$out/admitted.xlsx" ] && pass "$name: admitted.xlsx listed (of the $lk)" || fail "$name: no admitted.xlsx"
  lists+=("$out/admitted.xlsx:$out/$lk.docx")
  # the 公示 as a web page (reflow="docx html")
  hk=$(awk -F, 'NR>1 && $1 ~ /\.html$/ {print $2}' "$out/manifest.csv")
  [ "$hk" = notice ] && [ -s "$out/notice.html" ] && pass "$name: notice.html listed" || fail "$name: html documents: '$hk'"
  pages+=("$out/notice.html:$out/notice.pdf:$out/notice.docx")
  check "$name: verify checks the .docx with the rest" "$YINFA" verify "$out"
done
# yinfa programs says what formats can add to each document
"$YINFA" programs fujian-fusion >"$T/programs.out" 2>&1
grep -q '^    notice .*notice.pdf  also, when formats asks: docx html  and always: admitted.xlsx$' "$T/programs.out" \
  && grep -q '^    announcement .*  also, when formats asks: docx$' "$T/programs.out" \
  && ! grep -q '^    application .*also' "$T/programs.out" \
  && pass "yinfa programs: the 公示 also docx, html and admitted.xlsx; the 通知 docx; forms nothing" \
  || fail "yinfa programs' documents" "$(grep -A6 documents: "$T/programs.out")"
[ ${#docs[@]} -ge 8 ] && pass "${#docs[@]} documents with a DOCX in 5 programs" || fail "only ${#docs[@]} DOCX files"

# the same input gives the same bytes (fixed ZIP times: the manifest and resume stay stable)
x="$T/xuchang-2022"
sed "s|^output *=.*|output = $T/again|" "$T/xuchang-2022.ini" >"$T/again.ini"
"$YINFA" run "$T/again.ini" --only notice >/dev/null 2>&1
check "xuchang: a second run writes the same .docx bytes" cmp -s "$x/notice.docx" "$T/again/notice.docx"
check "xuchang: and the same admitted.xlsx bytes" cmp -s "$x/admitted.xlsx" "$T/again/admitted.xlsx"
/usr/bin/python3 "$ROOT/tests/e2e/list_check.py" "${lists[@]}" >"$T/list.log" 2>&1
last=$(tail -1 "$T/list.log")
[ "$last" = "5 ok, 0 failed" ] && pass "admitted.xlsx: the 公示's header and rows, in its order: $last" \
  || { fail "list_check: $last"; grep -A3 '^FAIL' "$T/list.log" | head -20; }

# LibreOffice: one process converts them all, its own profile, the office's font names mapped to the
# free fonts yinfa uses by the alias file the repository ships for users (fonts/, docs/docx.md)
mkdir -p "$T/lo" "$T/in"
for i in "${!docs[@]}"; do p=${pairs[$i]##*:}; cp "${docs[$i]}" "$T/in/$(basename "$p" .pdf).docx"; done
cat >"$T/fonts.conf" <<EOF
<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
  <include>$ROOT/fonts/65-yinfa-office-aliases.conf</include>
</fontconfig>
EOF
got=$(for f in 仿宋_GB2312 方正小标宋简体 黑体 楷体_GB2312 宋体; do FONTCONFIG_FILE="$T/fonts.conf" fc-match -f '%{family[0]},' "$f"; done)
[ "$got" = "FandolFang,Noto Serif CJK SC,Noto Sans CJK SC,LXGW WenKai,AR PL SungtiL GB," ] \
  && pass "fonts/65-yinfa-office-aliases.conf maps the office's five names to the free fonts" || fail "fc-match with the alias file: $got"
FONTCONFIG_FILE="$T/fonts.conf" timeout 120 soffice -env:UserInstallation="file://$T/profile" --headless \
  --convert-to pdf --outdir "$T/lo" "$T"/in/*.docx >"$T/soffice.log" 2>&1
n=$(ls "$T"/lo/*.pdf 2>/dev/null | wc -l)
[ "$n" = ${#docs[@]} ] && pass "LibreOffice converted all ${#docs[@]} DOCX files to PDF" \
  || fail "LibreOffice made $n PDFs of ${#docs[@]}" "$(grep -iv javaldx "$T/soffice.log" | tail -3)"
/usr/bin/python3 "$ROOT/tests/e2e/docx_check.py" "${pairs[@]}" >"$T/check.log" 2>&1
last=$(tail -1 "$T/check.log")
[ "$last" = "${#pairs[@]} ok, 0 failed" ] && pass "GB/T 9704 settings and the PDF's text: $last" \
  || { fail "docx_check: $last"; grep -A4 '^FAIL' "$T/check.log" | head -30; }
pdffonts "$T/lo/xuchang-2022-notice.pdf" >"$T/lofonts.txt" 2>&1
grep -q FandolFang "$T/lofonts.txt" && ! grep -q DejaVu "$T/lofonts.txt" \
  && pass "LibreOffice sets the xuchang 公示 in the mapped fonts (FandolFang), not DejaVu" \
  || fail "LibreOffice's fonts" "$(tail -n +3 "$T/lofonts.txt" | cut -c1-40 | paste -sd' ')"
# rendered as the office sees it: every first page draws (looked at beside yinfa's, docs/docx.md)
n=0; for f in "$T"/lo/*.pdf; do pdftoppm -r 70 -png -f 1 -l 1 "$f" "$T/png" && n=$((n + 1)); done
[ "$n" = ${#docs[@]} ] && pass "pdftoppm renders the first page of each" || fail "rendered $n of ${#docs[@]}"
/usr/bin/python3 "$ROOT/tests/e2e/html_check.py" "${pages[@]}" >"$T/html.log" 2>&1
last=$(tail -1 "$T/html.log")
[ "$last" = "5 ok, 0 failed" ] && pass "notice.html: self-contained, every cell in a table cell, the PDF's text: $last" \
  || { fail "html_check: $last"; grep -A3 '^FAIL' "$T/html.log" | head -20; }
# a whole round: only the kinds that declare a DOCX have one
h="$T/hunan-2019"
"$YINFA" run "$T/hunan-2019.ini" >"$T/hunan-full.log" 2>&1
n=$(find "$h" -name '*.docx' | wc -l); np=$(find "$h" -name '*.pdf' | wc -l)
[ "$n" = 2 ] && [ "$np" -gt 20 ] && pass "hunan: a whole round writes $np PDFs and 2 DOCX (the 公示 and 通知)" \
  || fail "hunan: $n DOCX and $np PDFs"
check "hunan: a whole round writes admitted.xlsx" test -s "$h/admitted.xlsx"
check "hunan: verify" "$YINFA" verify "$h"
# dropping docx: the next manifest forgets the .docx files, verify names them as documents nobody
# vouches for, and --prune removes them (named like this run's documents) so verify is clean
sed 's|^formats = pdf, docx, xlsx, html|formats = pdf|' "$T/hunan-2019.ini" >"$T/hunan-pdf.ini"
"$YINFA" run "$T/hunan-pdf.ini" >"$T/nodocx.log" 2>&1
if "$YINFA" verify "$h" >"$T/verify.log" 2>&1; then fail "verify passed with two unlisted .docx files"
elif grep -q 'notice.docx: error: a document no manifest lists' "$T/verify.log"; then pass "verify names a .docx no manifest lists"
else fail "verify's message" "$(head -3 "$T/verify.log")"; fi
"$YINFA" run "$T/hunan-pdf.ini" --prune >"$T/prune.log" 2>&1
[ ! -e "$h/notice.docx" ] && [ ! -e "$h/announcement.docx" ] && [ ! -e "$h/notice.html" ] \
  && pass "formats = pdf --prune removes the .docx and .html files" \
  || fail "--prune left the .docx files" "$(tail -3 "$T/prune.log")"
check "hunan: verify after --prune" "$YINFA" verify "$h"

finish
