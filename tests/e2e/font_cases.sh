#!/bin/bash
# Fonts are checked, found by name and cover what the installed fonts cover (issues 13 §2 §8,
# 14 §6, 16). The shared cases live in tests/cases/<case-name>/ (copied, so a clean clone has
# them): fail-truncated-font-silent-fallback, weak-corrupt-font-silent, weak-font-error-location,
# weak-ext-g-refused, ext-g-biang-no-font. A missing fixture is a failure, never a skip.
source "$(dirname "$0")/../e2e_lib.sh"
CASES="$ROOT/tests/cases"
GBSN=/usr/share/fonts/truetype/arphic-gbsn00lp/gbsn00lp.ttf
ZENHEI=/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc

# copy_case NAME: the case's files in a fresh folder (make-font scripts write beside themselves)
copy_case() {
  rm -rf "${E2E_TMP:?}/$1"
  cp -r "$CASES/$1" "$E2E_TMP/$1" && chmod -R u+w "$E2E_TMP/$1"
}
# run_in DIR [args...]: yinfa run job.ini there; sets rc, err
run_in() {
  local dir=$1; shift
  (cd "$dir" && "$YINFA" run job.ini --quiet "$@") >"$E2E_TMP/out" 2>"$E2E_TMP/err"; rc=$?
}
err_has() { grep -qF -- "$1" "$E2E_TMP/err" || { echo "  stderr was:"; sed 's/^/    /' "$E2E_TMP/err"; false; }; }
err_lacks() { ! grep -qF -- "$1" "$E2E_TMP/err"; }
for c in fail-truncated-font-silent-fallback weak-corrupt-font-silent weak-font-error-location weak-ext-g-refused \
  ext-g-biang-no-font; do
  check "fixture tests/cases/$c is present" test -f "$CASES/$c/README.md"
done

# ---- fail-truncated-font-silent-fallback: refused with the INI line, nothing written ----
C=fail-truncated-font-silent-fallback
copy_case $C && (cd "$E2E_TMP/$C" && ./make-font.sh)
run_in "$E2E_TMP/$C"
check "$C: exit 1" test "$rc" -eq 1
check "$C: located at job.ini:21 and says truncated" err_has "job.ini:21: error: font body-truncated.ttf is truncated"
check "$C: nothing written" test ! -e "$E2E_TMP/$C/out"
sed -i -e 's/body-truncated.ttf/body-300k.ttf/' -e '$a title = body-300k.ttf' "$E2E_TMP/$C/job.ini"
run_in "$E2E_TMP/$C"
check "$C: a 300 KB stub for body and title is refused too" test "$rc" -eq 1
check "$C: 300 KB stub named" err_has "body-300k.ttf is truncated"

# ---- weak-corrupt-font-silent: table checksums catch flipped bytes ----
C=weak-corrupt-font-silent
copy_case $C && (cd "$E2E_TMP/$C" && python3 ./make-font.py)
run_in "$E2E_TMP/$C"
check "$C: exit 1" test "$rc" -eq 1
check "$C: damaged, located at job.ini:21" err_has "job.ini:21: error: font body-corrupt.ttf is damaged"
check "$C: nothing written" test ! -e "$E2E_TMP/$C/out"

# ---- weak-font-error-location: the INI line, not fonts/fontmap.ini; no CFF advice ----
C=weak-font-error-location
copy_case $C && (cd "$E2E_TMP/$C" && ./make-font.sh)
run_in "$E2E_TMP/$C"
check "$C: head2k exit 1" test "$rc" -eq 1
check "$C: head2k at job.ini:21" err_has "job.ini:21: error: font body-head2k.ttf is truncated"
check "$C: no fontmap.ini location" err_lacks "fontmap.ini"
sed -i 's/body-head2k.ttf/body-empty.ttf/' "$E2E_TMP/$C/job.ini"
run_in "$E2E_TMP/$C"
check "$C: empty file at job.ini:21" err_has "job.ini:21: error: font file body-empty.ttf is empty"
head -c $(($(stat -c %s $ZENHEI) / 3)) $ZENHEI >"$E2E_TMP/$C/zenhei-third.ttc"
sed -i 's/^body = .*/heading = zenhei-third.ttc/' "$E2E_TMP/$C/job.ini"
run_in "$E2E_TMP/$C"
check "$C: a truncated .ttc is called truncated" err_has "job.ini:21: error: font zenhei-third.ttc is truncated"
check "$C: and is not sent to convert CFF fonts" err_lacks "CFF"
# a Latin font as a role's font would leave every Chinese character to the fallbacks: refused
sed -i 's|^heading = .*|heading = /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf|' "$E2E_TMP/$C/job.ini"
run_in "$E2E_TMP/$C"
check "$C: a font without Chinese is refused for a role" err_has "draws no Chinese characters"

# ---- weak-ext-g-refused and ext-g-biang-no-font: Extension G drawn and extracted ----
C=weak-ext-g-refused
copy_case $C
run_in "$E2E_TMP/$C"
check "$C: exit 0" test "$rc" -eq 0
pdftotext "$E2E_TMP/$C/out/applicants/XC-2022-001/application.pdf" "$E2E_TMP/ext-g.txt" 2>/dev/null
check "$C: U+30000 comes back from the PDF" grep -qF "许昌𰀀信息技术有限公司" "$E2E_TMP/ext-g.txt"

C=ext-g-biang-no-font
"$YINFA" validate "$CASES/$C/round.xml" >/dev/null 2>&1
check "$C: validate passes" test $? -eq 0
"$YINFA" run "$ROOT/samples/xuchang-2022.ini" --input "$CASES/$C/round.xml" --output "$E2E_TMP/eg" --quiet \
  2>"$E2E_TMP/err"; rc=$?
check "$C: run exits 0" test "$rc" -eq 0
pdftotext "$E2E_TMP/eg/applicants/EG-1/application.pdf" "$E2E_TMP/eg.txt" 2>/dev/null
check "$C: 𰻝 U+30EDD drawn and given back" grep -qF "许昌𰻝𰻝面餐饮管理有限公司" "$E2E_TMP/eg.txt"
check "$C: both applicants written" test -f "$E2E_TMP/eg/applicants/EG-2/application.pdf"

# ---- issue 13 §8: an INI font may be path:INDEX, a face of a .ttc ----
D="$E2E_TMP/ttc"
mkdir -p "$D"
sed -e "s|^input *=.*|input = $CASES/weak-ext-g-refused/in.xml|" -e 's|^output *=.*|output = out|' \
  "$CASES/weak-ext-g-refused/job.ini" >"$D/job.ini"
printf '\n[fonts]\nheading = %s:1\n' "$ZENHEI" >>"$D/job.ini"
run_in "$D"
check "ttc: heading = wqy-zenhei.ttc:1 is accepted" test "$rc" -eq 0
check "ttc: face 1 (Zen Hei Mono) is embedded" bash -c "pdffonts '$D/out/notice.pdf' | grep -q ZenHeiMono"
sed -i "s|^heading = .*|heading = $ZENHEI:7|" "$D/job.ini"
run_in "$D"
check "ttc: a face that does not exist is an error at its line" err_has "job.ini:$(grep -n '^heading' "$D/job.ini" | cut -d: -f1): error: font file $ZENHEI:7 has 3 face(s); index 7 does not exist"

# ---- issue 16: a font registered as 仿宋_GB2312 is found by name, explicit paths still win ----
H="$E2E_TMP/home"
mkdir -p "$H/.fonts"
python3 "$ROOT/tests/tools/rename_font.py" /usr/share/fonts/truetype/arphic-gkai00mp/gkai00mp.ttf \
  "$H/.fonts/fangsong.ttf" 仿宋_GB2312 FangSong_GB2312
sed -i '/^\[fonts\]/,$d' "$D/job.ini"
HOME="$H" XDG_CACHE_HOME="$H/.cache" run_in "$D" --force
check "by name: run exits 0" test "$rc" -eq 0
check "by name: body is the font named 仿宋_GB2312 in ~/.fonts" \
  bash -c "pdffonts '$D/out/notice.pdf' | grep -q 'FangSong_GB2312'"
printf '[fonts]\nbody = %s\n' "$GBSN" >>"$D/job.ini"
HOME="$H" XDG_CACHE_HOME="$H/.cache" run_in "$D" --force
check "by name: an explicit path wins" bash -c "! pdffonts '$D/out/notice.pdf' | grep -q 'FangSong_GB2312'"
sed -i '/^\[fonts\]/,$d' "$D/job.ini"
run_in "$D" --force
check "by name: without the font, the free default" bash -c "! pdffonts '$D/out/notice.pdf' | grep -q 'FangSong_GB2312'"

# ---- issue 16: `yinfa fonts`, and the run's summary says when a role falls back ----
(cd "$D" && "$YINFA" run job.ini --force) >/dev/null 2>"$E2E_TMP/err"
check "summary: the roles set in the free default are named" err_has "fonts: body, title, heading, kai, song set in the free default font"
HOME="$H" XDG_CACHE_HOME="$H/.cache" "$YINFA" fonts >"$E2E_TMP/fonts.txt" 2>&1
check "fonts: exit 0" test $? -eq 0
check "fonts: body found by its name" grep -qF 'why: family "仿宋_GB2312" found by fontconfig' "$E2E_TMP/fonts.txt"
check "fonts: the file is named" grep -qF "file: $H/.fonts/fangsong.ttf" "$E2E_TMP/fonts.txt"
check "fonts: coverage counted (GB2312, GBK, Ext A..I)" \
  grep -qE "covers: GB2312 [0-9]+/6763, GBK [0-9]+/[0-9]+, URO [0-9]+/20992, Ext A [0-9]+/6592, .*Ext I [0-9]+/622" "$E2E_TMP/fonts.txt"
check "fonts: the title's free default and why" grep -qF "why: free default: none of 方正小标宋简体" "$E2E_TMP/fonts.txt"
HOME="$H" XDG_CACHE_HOME="$H/.cache" bash -c "cd '$D' && '$YINFA' run job.ini --force" >/dev/null 2>"$E2E_TMP/err"
check "summary: body is no longer listed once 仿宋_GB2312 is installed" err_has "fonts: title, heading, kai, song set in"
"$YINFA" fonts "$D/job.ini" >"$E2E_TMP/fonts2.txt" 2>&1
check "fonts CONFIG.ini: explicit paths of the INI shown" bash -c "printf '[fonts]\nkai = $ZENHEI:1\n' >>'$D/job.ini' && '$YINFA' fonts '$D/job.ini' | grep -qF 'file: $ZENHEI:1'"
sed -i '/^\[fonts\]/,$d' "$D/job.ini"

# ---- issue 16: CFF fonts (Noto CJK) embedded as CIDFontType0, subset per document ----
pdffonts "$D/out/applicants/XC-2022-001/application.pdf" >"$E2E_TMP/pf.txt"
check "CFF: a CIDFontType0C font is embedded and subset, with ToUnicode" grep -qE "Noto.*CID Type 0C +Identity-H +yes yes yes" "$E2E_TMP/pf.txt"
S="$E2E_TMP/sample"
"$YINFA" run "$ROOT/samples/xuchang-2022.ini" --output "$S" --quiet 2>/dev/null
pdftotext "$S/applicants/XC-2022-005/application.pdf" "$E2E_TMP/s5.txt" 2>/dev/null
check "CFF: a character beyond U+FFFF (𠮷, drawn from Noto Serif CJK) comes back" grep -qF "许昌𠮷祥网络科技有限公司" "$E2E_TMP/s5.txt"
check "CFF: qpdf --check is clean" qpdf --check "$S/applicants/XC-2022-005/application.pdf"

# ---- issue 13 §2: a character no font has: validate warns, run writes the rest, a re-run finishes ----
C=ext-i
mkdir -p "$E2E_TMP/$C"
sed 's/许昌𰀀信息技术有限公司/许昌𮯰信息技术有限公司/' "$CASES/weak-ext-g-refused/in.xml" >"$E2E_TMP/$C/in.xml"
cp "$CASES/weak-ext-g-refused/job.ini" "$E2E_TMP/$C/job.ini"
"$YINFA" validate "$E2E_TMP/$C/in.xml" >/dev/null 2>"$E2E_TMP/err"
check "Ext I: validate exits 0" test $? -eq 0
check "Ext I: validate warns with the line and applicant" \
  err_has "in.xml:8: warning: applicant XC-2022-001: character U+2EBF0 '𮯰' is in no installed font"
run_in "$E2E_TMP/$C"
check "Ext I: run exits 1" test "$rc" -eq 1
check "Ext I: the other applicant's documents are written" test -f "$E2E_TMP/$C/out/applicants/XC-2022-002/review-form.pdf"
check "Ext I: each affected document reported once (notice, summary, application, review form)" \
  test "$(grep -c "error: .*U+2EBF0" "$E2E_TMP/err")" -eq 4
check "Ext I: and the record warned about once, at its line" \
  bash -c "[ \$(grep -c 'warning: .*U+2EBF0' '$E2E_TMP/err') -eq 1 ] && grep -q 'in.xml:8: warning: applicant XC-2022-001' '$E2E_TMP/err'"
check "Ext I: the message names the document" err_has "so out/applicants/XC-2022-001/application.pdf is not written"
# A re-run after adding the font writes just the documents left: 𰀀 U+30000 is only in BabelStone
# Han, so a copy of the data folder without it stands for "the font is not installed yet".
Y="$E2E_TMP/yhome"
mkdir -p "$Y/fonts" && cp -r "$ROOT/templates" "$ROOT/data" "$Y/" && grep -v BabelStone "$ROOT/fonts/fontmap.ini" >"$Y/fonts/fontmap.ini"
C=weak-ext-g-refused
copy_case $C
(cd "$E2E_TMP/$C" && YINFA_HOME="$Y" "$YINFA" run job.ini) >/dev/null 2>"$E2E_TMP/err"; rc=$?
# 7 with admitted.xlsx (every run, issue 25 §4): a workbook needs no font, so it is written
check "re-run: without the font, exit 1 and 4 documents not written" \
  bash -c "[ $rc -eq 1 ] && grep -q '7 documents: 3 written, 0 unchanged, 4 failed' '$E2E_TMP/err'"
cp "$ROOT/fonts/fontmap.ini" "$Y/fonts/fontmap.ini"
(cd "$E2E_TMP/$C" && YINFA_HOME="$Y" "$YINFA" run job.ini) >/dev/null 2>"$E2E_TMP/err"; rc=$?
check "re-run: with the font, just the 4 left are written" \
  bash -c "[ $rc -eq 0 ] && grep -q '7 documents: 4 written, 3 unchanged, 0 failed' '$E2E_TMP/err'"
check "re-run: verify passes" "$YINFA" verify "$E2E_TMP/$C/out"

# ---- issue 14 §6: out of memory while loading the fonts is a system error (exit 3), located ----
# The shared case tests/cases/weak-oom-misreported as it was reported: the round under a 150 MB and
# a 200 MB address-space limit (not under ASan, see below), then the same kind with a sparse font.
if [ -f "$CASES/weak-oom-misreported/job.ini" ]; then
  case "${YINFA_BUILD:-build}" in
    *asan*) ;;
    *)
      for lim in 150000 200000; do
        (cd "$CASES/weak-oom-misreported" && ulimit -v $lim &&
          "$YINFA" run job.ini --input "$ROOT/samples/xuchang-2022.xml" --output "$E2E_TMP/oom-$lim" --quiet) \
          >/dev/null 2>"$E2E_TMP/oom.err"
        rc=$?
        check "weak-oom-misreported: ulimit -v $lim: exit 3, not 1 (got $rc)" test "$rc" -eq 3
        check "weak-oom-misreported: ulimit -v $lim: says memory, not a bad font" \
          bash -c "grep -qi 'Cannot allocate memory\|out of memory' '$E2E_TMP/oom.err' && ! grep -q 'cannot read font file' '$E2E_TMP/oom.err'"
        check "weak-oom-misreported: ulimit -v $lim: nothing written" test ! -e "$E2E_TMP/oom-$lim/notice.pdf"
      done
      ;;
  esac
else
  fail "weak-oom-misreported: fixture tests/cases/weak-oom-misreported is missing"
fi
# (not under AddressSanitizer, which reserves terabytes of address space and cannot run under ulimit -v)
case "${YINFA_BUILD:-build}" in
  *asan*) ;;
  *)
    # a sparse 4 GB font file cannot be mapped under a 2 GB address-space limit, while everything
    # else fits easily: the failure is the font's, whatever else the program needs at start
    truncate -s 4G "$E2E_TMP/$C/huge.ttf"
    printf '\n[fonts]\nbody = huge.ttf\n' >>"$E2E_TMP/$C/job.ini"
    (ulimit -v 2000000; cd "$E2E_TMP/$C" && "$YINFA" run job.ini --force --output "$E2E_TMP/oom") >/dev/null 2>"$E2E_TMP/err"
    rc=$?
    rm -f "$E2E_TMP/$C/huge.ttf"
    check "out of memory: exit 3" test "$rc" -eq 3
    check "out of memory: the font and its INI line named" err_has "huge.ttf into memory (Cannot allocate memory)"
    ;;
esac
finish
