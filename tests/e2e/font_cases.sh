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
finish
