#!/bin/bash
# A re-run remakes only what changed (issue 24): a document's fingerprint covers what it is made
# from (its record, its template and the files that template includes, the wording sentences it
# uses, the INI but [output] formats, fonts and, for a PDF, the run's font subsets, calendar,
# build identity), not every template of the program. On the Xuchang sample: adding docx (then
# html) to [output] formats writes the DOCX (the web page) alone; one 公示 sentence in a [wording]
# file remakes the notice kind alone (PDF, DOCX, its list); the issuer's name remakes every
# document (every template prints it); a changed 申报书 template in a copied program folder remakes
# the 申报书 alone, a changed include the kinds that include it; a character the round's text did
# not have remakes every PDF (the run's font subsets number the glyphs); adding ofd writes the OFD
# alone. `yinfa verify` passes after each run, a document left unchanged keeps its manifest line,
# and the folder has the bytes a fresh run makes.
source "$(dirname "$0")/../e2e_lib.sh"
D="$E2E_TMP/round"
mkdir -p "$D"
sed -e "s|^input *=.*|input = $ROOT/samples/xuchang-2022.xml|" samples/xuchang-2022.ini >"$D/pdf.ini"
sed -e "s|^\[output\]|[output]\nformats = pdf, docx|" "$D/pdf.ini" >"$D/docx.ini"

# run INI NAME [ARGS...]: a verbose run into $D/out; its "wrote PATH" lines (stderr, as the
# progress goes) in $D/wrote, its summary line in $D/summary; verify afterwards
run() {
  local ini=$1 name=$2
  shift 2
  LANG=C "$YINFA" run "$D/$ini" --output "$D/out" --jobs 2 --verbose "$@" >/dev/null 2>"$D/log"
  local rc=$?
  check "$name: the run exits 0 ($rc)" test "$rc" -eq 0
  [ "$rc" -eq 0 ] || tail -5 "$D/log"
  sed -n 's/^wrote //p' "$D/log" | sort >"$D/wrote"
  grep -E '^[0-9]+ documents: ' "$D/log" >"$D/summary"
  LANG=C "$YINFA" verify "$D/out" >/dev/null 2>"$D/verify.err"
  check "$name: yinfa verify passes" test $? -eq 0
}
# listed PATTERN: the manifest's documents (paths) matching the extended regex, sorted
listed() { tail -n +2 "$D/out/manifest.csv" | grep -v '^#' | cut -d, -f1 | grep -E "$1" | sort; }
# only NAME PATTERN: the run wrote exactly the manifest's documents matching PATTERN (at least one)
# and left every other one unchanged, as its summary line says
only() {
  local name=$1 pat=$2
  listed "$pat" >"$D/want"
  local n total
  n=$(wc -l <"$D/want")
  total=$(listed . | wc -l)
  check "$name: some documents are expected ($n)" test "$n" -gt 0
  check "$name: it wrote exactly those ($(wc -l <"$D/wrote") written)" cmp -s "$D/want" "$D/wrote"
  cmp -s "$D/want" "$D/wrote" || diff "$D/want" "$D/wrote" | head -5
  check "$name: the summary says $n written, $((total - n)) unchanged ($(cat "$D/summary"))" \
    grep -q "^$total documents: $n written, $((total - n)) unchanged, 0 failed" "$D/summary"
}
# same_as_fresh NAME INI [ARGS...]: every document the re-runs left in $D/out has the bytes a
# fresh run of the same INI makes (a skipped document whose output would differ is caught here)
same_as_fresh() {
  local name=$1 ini=$2
  shift 2
  rm -rf "$D/fresh"
  LANG=C "$YINFA" run "$D/$ini" --output "$D/fresh" --jobs 2 --quiet "$@" 2>/dev/null
  sums() { tail -n +2 "$1/manifest.csv" | grep -v '^#' | cut -d, -f1,6 | sort; }
  sums "$D/out" >"$D/sums-out"
  sums "$D/fresh" >"$D/sums-fresh"
  check "$name: the fresh run lists documents ($(wc -l <"$D/sums-fresh"))" test -s "$D/sums-fresh"
  check "$name: every document has the bytes a fresh run makes" cmp -s "$D/sums-out" "$D/sums-fresh"
  cmp -s "$D/sums-out" "$D/sums-fresh" || diff "$D/sums-out" "$D/sums-fresh" | head -4
}
fp() { tail -n +2 "$D/out/manifest.csv" | grep -v '^#' | cut -d, -f1,6,7 | grep -v '\.docx,' | sort; }

run pdf.ini "first run"
check "first run: everything written ($(cat "$D/summary"))" grep -qE '^([0-9]+) documents: \1 written, 0 unchanged' "$D/summary"
run pdf.ini "same INI again"
check "same INI again: nothing written" test ! -s "$D/wrote"
# the round's file moved (a copy elsewhere) and another number of workers: the same documents
cp "$ROOT/samples/xuchang-2022.xml" "$D/moved.xml"
sed -e "s|^input *=.*|input = $D/moved.xml|" -e "s|^jobs *=.*|jobs = 1|" "$D/pdf.ini" >"$D/moved.ini"
check "moved.ini differs from pdf.ini" bash -c "! cmp -s '$D/pdf.ini' '$D/moved.ini'"
run moved.ini "round moved, jobs = 1"
check "round moved, jobs = 1: nothing written" test ! -s "$D/wrote"
# ... but a round whose bytes differ (one applicant's name): that applicant's documents and the
# round's own (notice, lists, its county's summary), not the other applicants'
sed -i '0,/<name>[^<]*<\/name>/s|<name>\([^<]*\)</name>|<name>\1分公司</name>|' "$D/moved.xml"
run moved.ini "one name changed"
check "one name changed: some applicant documents kept ($(grep -c '^applicants/' "$D/wrote") of $(listed '^applicants/' | wc -l) remade)" \
  test "$(grep -c '^applicants/' "$D/wrote")" -lt "$(listed '^applicants/' | wc -l)"
check "one name changed: the notice remade" grep -qx 'notice.pdf' "$D/wrote"
same_as_fresh "one name changed" moved.ini
run pdf.ini "the sample again"
fp >"$D/fp-before"

# [output] formats gains docx: the DOCX are new, every PDF (and the list) stays as it was
run docx.ini "formats + docx"
only "formats + docx" '\.docx$'
fp >"$D/fp-after"
check "formats + docx: the other documents keep their manifest lines (sha256, fingerprint)" \
  cmp -s "$D/fp-before" "$D/fp-after"

# ... and html: the web page alone
sed -e "s|^formats = pdf, docx$|formats = pdf, docx, html|" "$D/docx.ini" >"$D/html.ini"
run html.ini "formats + html"
only "formats + html" '\.html$'
# (the web page no longer made: --prune removes it, as verify asks of a document no manifest lists)
run docx.ini "formats back to pdf, docx" --prune
check "formats back to pdf, docx: nothing written" test ! -s "$D/wrote"
check "formats back to pdf, docx: the web page pruned" test ! -e "$D/out/notice.html"

# one 公示 sentence replaced by the round's [wording] file: the notice kind alone (PDF, DOCX, list).
# (Its characters are all in the round's text already: the run's font subsets stay as they were.)
notice_paths='^(notice\.(pdf|docx)|admitted\.xlsx)$'
printf '公示期 = 公示期为{公示开始}至{公示结束}（{公示天数}个工作日）。公示期间，任何单位和个人对公示名单有异议的，可以书面形式向{发文机关}反映。\n' >"$D/words.txt"
{ cat "$D/docx.ini"; printf '[wording]\nfile = %s\n' "$D/words.txt"; } >"$D/words.ini"
run words.ini "one 公示 sentence"
only "one 公示 sentence" "$notice_paths"
check "one 公示 sentence: the shorter sentence is in the PDF" \
  bash -c "pdftotext '$D/out/notice.pdf' - | tr -d ' \n' | grep -q '个工作日）。公示期间' && ! pdftotext '$D/out/notice.pdf' - | tr -d ' \n' | grep -q '实事求是'"
# the sentence changed again: the same kinds
printf '公示期 = 公示期间（{公示开始}至{公示结束}，{公示天数}个工作日），任何单位和个人对公示名单有异议的，可以书面形式向{发文机关}反映。\n' >"$D/words.txt"
run words.ini "the sentence again"
only "the sentence again" "$notice_paths"
same_as_fresh "the sentence again" words.ini
# a character no text of the round had: the run's font subsets change, and with them the glyph
# numbers (CIDs) every PDF is written with; every PDF is made again, the DOCX and list of the
# notice (characters, not glyphs) because their sentence changed, no other
printf '公示期 = 公示期间（{公示开始}至{公示结束}，{公示天数}个工作日），任何单位和个人对公示名单有异议的，可以书面形式向{发文机关}反映。逾期不予受理。\n' >"$D/words.txt"
run words.ini "a new character"
only "a new character" '\.pdf$|^notice\.docx$|^admitted\.xlsx$'
same_as_fresh "a new character" words.ini

# the issuer's name: every template prints it (版头, 署名, 页眉), every document is made again
sed -e 's/^name *= *许昌市工业和信息化局$/name = 许昌市工业和信息化局（试）/' "$D/words.ini" >"$D/issuer.ini"
check "issuer.ini differs from words.ini" bash -c "! cmp -s '$D/words.ini' '$D/issuer.ini'"
run issuer.ini "issuer name"
only "issuer name" '.'

# a copied program folder (and the common includes beside it): moving it remakes everything once
# (the templates' paths are in the fingerprints); then one changed 申报书 template remakes the
# 申报书 alone
mkdir -p "$D/programs"
cp -r templates/xuchang-nit templates/common "$D/programs/"
run issuer.ini "copied program" --programs "$D/programs"
only "copied program" '.'
# (a heading cut short: its characters stay in the round's other text, the subsets unchanged)
sed -i 's|（一）企业信息|（一）企业|' "$D/programs/xuchang-nit/application.xml"
check "the 申报书 template was changed" bash -c "! grep -q '（一）企业信息' '$D/programs/xuchang-nit/application.xml'"
run issuer.ini "申报书 template" --programs "$D/programs"
only "申报书 template" '/application\.pdf$'
check "申报书 template: the new heading is in a 申报书" \
  bash -c "pdftotext '$D/out/applicants/XC-2022-001/application.pdf' - | grep -q '（一）企业$'"
same_as_fresh "申报书 template" issuer.ini --programs "$D/programs"
# a heading with characters no other text of the round has: every PDF (new glyph numbers), no
# DOCX or list (their templates did not change)
sed -i 's|（一）企业|（一）企业（鳏寡）|' "$D/programs/xuchang-nit/application.xml"
run issuer.ini "申报书 template, new characters" --programs "$D/programs"
only "申报书 template, new characters" '\.pdf$'
same_as_fresh "申报书 template, new characters" issuer.ini --programs "$D/programs"
# an included file (the signature every notice and form shares): the kinds that include it
inc=$(grep -l 'signature.xml' "$D"/programs/xuchang-nit/*.xml | xargs -n1 basename | sed 's/\.xml$//' | tr '\n' ' ')
echo "kinds including signature.xml: $inc"
printf '<!-- 本轮 -->\n' >>"$D/programs/common/signature.xml"
run issuer.ini "included signature.xml" --programs "$D/programs"
pat=$(for k in $inc; do
  # a kind's documents: its output pattern's file name (notice.pdf, summary.pdf ...) and formats
  o=$(grep -o "kind=\"$k\"[^>]*output=\"[^\"]*\"" "$D/programs/xuchang-nit/program.xml" | sed 's/.*output="//; s/"$//; s/.*\///; s/\.pdf$//')
  printf '%s|' "(^|/)$o\\.(pdf|docx)\$"
done)
[ "$inc" != "${inc/notice/}" ] && pat="${pat}^admitted\\.xlsx\$|"
only "included signature.xml" "${pat%|}"
same_as_fresh "included signature.xml" issuer.ini --programs "$D/programs"

# ofd added: the OFD of each page document alone (laid out again though its PDF is skipped), the
# folder as a fresh run makes it
sed -e "s|^formats = pdf, docx$|formats = pdf, ofd, docx|" "$D/docx.ini" >"$D/ofd.ini"
rm -rf "$D/out"
run docx.ini "before ofd"
run ofd.ini "formats + ofd"
only "formats + ofd" '\.ofd$'
same_as_fresh "formats + ofd" ofd.ini

# Shandong's 申报书 are the documents whose bytes a new character of the notice changed while their
# fingerprints did not (seen before the subsets were in the fingerprint): a sentence with one, then
# the folder against a fresh run
sd_in=$(sed -n 's/^input *= *//p' samples/shandong-demo-2023.ini)
sed -e "s|^input *=.*|input = $ROOT/samples/$sd_in|" samples/shandong-demo-2023.ini >"$D/sd.ini"
sd_line=$(grep -v '^#' templates/shandong-demo/wording.txt | grep ' = ' | head -1)
printf '%s（鳏寡）\n' "$sd_line" >"$D/sd-words.txt"
{ cat "$D/sd.ini"; printf '[wording]\nfile = %s\n' "$D/sd-words.txt"; } >"$D/sd-words.ini"
rm -rf "$D/out"
run sd.ini "shandong"
run sd-words.ini "shandong, a new character"
only "shandong, a new character" '\.pdf$|\.(docx|html|xlsx)$' # every PDF; the notices' other formats
same_as_fresh "shandong, a new character" sd-words.ini

finish
