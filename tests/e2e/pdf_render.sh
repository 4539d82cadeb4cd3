#!/bin/bash
# End-to-end checks of src/pdf with real tools: build/tools/pdfdemo draws two pages (title, body,
# headings, 䶮 堃 喆 珺 〇 𠮷, a table, checkboxes); poppler and qpdf inspect the result.
source "$(dirname "$0")/../e2e_lib.sh"
DEMO="$ROOT/${YINFA_BUILD:-build}/tools/pdfdemo"
T=$E2E_TMP
export ASAN_OPTIONS="${ASAN_OPTIONS:-}"

check "pdfdemo renders" "$DEMO" --expect "$T/expect.txt" "$T/a.pdf"
pdffonts "$T/a.pdf" >"$T/fonts.txt"
pdftotext "$T/a.pdf" - 2>"$T/pdftotext.err" | tr -d '\f' >"$T/got.txt"
check "pdftotext silent" test ! -s "$T/pdftotext.err"
missing=0
while IFS= read -r line; do
  grep -qxF -- "$line" "$T/got.txt" || { echo "  not extracted exactly: $line"; missing=1; }
done <"$T/expect.txt"
check "pdftotext gives back every string exactly" test "$missing" -eq 0
check "beyond U+FFFF extracted (𠮷)" grep -qF "𠮷野家餐饮（许昌）有限公司" "$T/got.txt"
check "ticked and empty boxes extract as ☑ and ☐" bash -c "grep -qx '☑是' '$T/got.txt' && grep -qx '☐否' '$T/got.txt'"
check "rare characters extracted" grep -qF "生僻字检查：䶮 堃 喆 珺 〇 𠮷（U+20BB7）𪛖（U+2A6D6）。" "$T/got.txt"
check "Extension B font embedded (BabelStone Han, a Chinese design before HanaMinB)" grep -q "+BabelStoneHan " "$T/fonts.txt"

qpdf_ok() { qpdf --check "$1" >"$T/qpdf.out" 2>&1 || { cat "$T/qpdf.out"; return 1; }; }
fonts_ok() {
  local rows bad
  rows=$(tail -n +3 "$T/fonts.txt" | wc -l)
  bad=$(tail -n +3 "$T/fonts.txt" | awk '!($(NF-4)=="yes" && $(NF-3)=="yes" && $(NF-2)=="yes")' | wc -l)
  [ "$rows" -ge 3 ] && [ "$bad" -eq 0 ] && ! grep -q "Type 3\|Type 1" "$T/fonts.txt"
}
check "pdffonts: every font embedded, subset, with ToUnicode" fonts_ok
check "pdffonts: Identity-H CID TrueType" grep -q "CID TrueType *Identity-H" "$T/fonts.txt"
check "qpdf --check clean" qpdf_ok "$T/a.pdf"

check "second render" "$DEMO" "$T/b.pdf"
check "two renders byte-identical" cmp "$T/a.pdf" "$T/b.pdf" # a failed second render fails here too

check "PDF/A render" "$DEMO" --pdfa "$T/pa.pdf"
check "second PDF/A render" "$DEMO" --pdfa "$T/pb.pdf"
check "two PDF/A renders byte-identical" cmp "$T/pa.pdf" "$T/pb.pdf"
check "PDF/A qpdf --check clean" qpdf_ok "$T/pa.pdf"
check "PDF/A is PDF 1.4" bash -c "pdfinfo '$T/pa.pdf' | grep -q 'PDF version: *1.4'"
check "PDF/A XMP has pdfaid and escaped title" bash -c \
  "pdfinfo -meta '$T/pa.pdf' | grep -q '<pdfaid:part>1</pdfaid:part>' && pdfinfo -meta '$T/pa.pdf' | grep -qF '&lt;A&amp;B&gt;'"
check "Info title is Unicode" bash -c "pdfinfo '$T/a.pdf' | grep -qE '^Title: +关于公布名单的通知 <A&B>$'"
check "creation date from the document, not the clock" bash -c "pdfinfo -isodates '$T/a.pdf' | grep -q 'CreationDate: *2022-03-18T00:00:00+08'"

pdftoppm -r 40 -png "$T/a.pdf" "$T/page" 2>"$T/ppm.err"
check "pdftoppm renders both pages without complaint" bash -c "test -s '$T/page-1.png' && test -s '$T/page-2.png' && test ! -s '$T/ppm.err'"

# A character no font has: a clear error naming U+XXXX and where it came from; no file left.
"$DEMO" --bad "$T/bad.pdf" 2>"$T/bad.err"
rc=$?
check "missing glyph fails" test "$rc" -ne 0
check "error names U+E000 and the source line" grep -qE "pdfdemo:[0-9]+:1: error: .*U\+E000" "$T/bad.err"
check "nothing written under the final name" test ! -e "$T/bad.pdf"
check "no temporary files left" bash -c "! ls -A '$T' | grep -q '\.tmp-'"

finish
