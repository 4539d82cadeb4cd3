#!/bin/bash
# The sample round end to end: `yinfa run` writes every document of every kind, and real PDF
# tools read them back: names, codes, projects and the ticked direction in each form, the notice
# listing exactly the admitted applicants, fonts embedded and subset, qpdf clean, verify passes.
source "$(dirname "$0")/../e2e_lib.sh"
OUT="$E2E_TMP/out"
XML=samples/xuchang-2022.xml
"$YINFA" run samples/xuchang-2022.ini --output "$OUT" --quiet 2>"$E2E_TMP/err"
rc=$?
check "sample round runs (exit 0)" test "$rc" -eq 0
[ "$rc" -eq 0 ] || cat "$E2E_TMP/err"

# text of a PDF without spaces and line breaks (table cells wrap anywhere)
flat() { pdftotext -raw -enc UTF-8 "$1" - 2>/dev/null | tr -d ' \n\f\r\t'; }
xp() { xmllint --xpath "$1" "$XML" 2>/dev/null; }

ids=$(xp '//applicant/@id' | sed -E 's/ id="([^"]*)"/\1\n/g' | grep -v '^$')
n_ids=$(echo "$ids" | wc -l)
check "sample has at least 40 applicants" test "$n_ids" -ge 40

missing=0 badtext=0 badtick=0
for id in $ids; do
  for kind in application review-form; do
    [ -s "$OUT/applicants/$id/$kind.pdf" ] || { missing=$((missing + 1)); echo "missing $id/$kind.pdf"; }
  done
  app=$(flat "$OUT/applicants/$id/application.pdf")
  rev=$(flat "$OUT/applicants/$id/review-form.pdf")
  name=$(xp "string(//applicant[@id='$id']/enterprise/name)" | tr -d ' \n')
  code=$(xp "string(//applicant[@id='$id']/enterprise/credit-code)")
  proj=$(xp "string(//applicant[@id='$id']/project/name)" | tr -d ' \n')
  dir=$(xp "string(//applicant[@id='$id']/project/@direction)")
  for want in "$name" "$code" "$proj"; do
    [[ "$app" == *"$want"* ]] || { badtext=$((badtext + 1)); echo "$id application lacks $want"; }
  done
  for want in "$name" "$proj" "$dir"; do
    [[ "$rev" == *"$want"* ]] || { badtext=$((badtext + 1)); echo "$id review form lacks $want"; }
  done
  # the ticked box is drawn as a vector mark with the text ☑ behind it for extraction
  [[ "$app" == *"☑$dir"* ]] || { badtick=$((badtick + 1)); echo "$id: $dir not ticked"; }
  ticks=$(grep -o '☑' <<<"$app" | wc -l)
  boxes=$(grep -o '☐' <<<"$app" | wc -l)
  [ "$ticks" -eq 1 ] && [ "$boxes" -eq 3 ] || { badtick=$((badtick + 1)); echo "$id: $ticks ticked, $boxes empty"; }
done
check "every applicant has an application and a review form" test "$missing" -eq 0

# the longest project summary (about 3,000 characters) flows over pages, every character kept
long_id=$(for id in $ids; do
  printf '%s %s\n' "$(xp "string-length(//applicant[@id='$id']/project/summary)")" "$id"; done | sort -n | tail -1)
long_len=${long_id% *}; long_id=${long_id#* }
summary=$(xp "string(//applicant[@id='$long_id']/project/summary)" | tr -d ' \n\r\t')
app_pages=$(pdfinfo "$OUT/applicants/$long_id/application.pdf" 2>/dev/null | awk '/^Pages:/ { print $2 }')
check "the longest summary ($long_id, $long_len characters) is long" test "$long_len" -ge 3000
check "and its form runs to more pages (${app_pages:-0})" test "${app_pages:-0}" -ge 4
# (each page it continues on repeats the row's label as 项目信息简述（续）, taken out here)
check "and gives back the whole summary, in order" \
  bash -c '[[ "$1" == *"$2"* ]]' _ "$(flat "$OUT/applicants/$long_id/application.pdf" | sed 's/项目信息简述（续）//g')" "$summary"
check "and repeats the row's label with （续） where it continues" \
  bash -c '[[ "$1" == *项目信息简述（续）* ]]' _ "$(flat "$OUT/applicants/$long_id/application.pdf")"
check "forms give back name, credit code, project (and direction)" test "$badtext" -eq 0
check "the applicant's direction is the one ticked box of four" test "$badtick" -eq 0

counties=$(xp '//applicant/@county' | sed -E 's/ county="([^"]*)"/\1\n/g' | grep -v '^$' | sort -u)
nc=0
for c in $counties; do
  s="$OUT/counties/$c/summary.pdf"
  if [ -s "$s" ]; then
    t=$(flat "$s")
    for id in $(xp "//applicant[@county='$c']/@id" | sed -E 's/ id="([^"]*)"/\1\n/g'); do
      name=$(xp "string(//applicant[@id='$id']/enterprise/name)" | tr -d ' \n')
      [[ "$t" == *"$name"* ]] || { nc=$((nc + 1)); echo "summary of $c lacks $name"; }
    done
  else
    nc=$((nc + 1)); echo "no summary for $c"
  fi
done
check "each county summary lists its applicants" test "$nc" -eq 0

# the notice lists the admitted applicants and no other
notice=$(flat "$OUT/notice.pdf")
wrong=0
for id in $ids; do
  name=$(xp "string(//applicant[@id='$id']/enterprise/name)" | tr -d ' \n')
  dec=$(xp "string(//applicant[@id='$id']/review/decision)")
  if [ "$dec" = admitted ]; then
    [[ "$notice" == *"$name"* ]] || { wrong=$((wrong + 1)); echo "notice lacks admitted $name"; }
  else
    [[ "$notice" != *"$name"* ]] || { wrong=$((wrong + 1)); echo "notice lists $dec $name"; }
  fi
done
check "notice lists exactly the admitted applicants" test "$wrong" -eq 0
check "notice gives the publicity period (5 working days from Mon 9 May)" \
  grep -q "2022年5月9日至2022年5月13日" <<<"$notice"

# archive checks on every file
badfont=0 badqpdf=0
while IFS= read -r -d '' f; do
  if pdffonts "$f" 2>/dev/null | tail -n +3 | awk '{ if ($(NF-4) != "yes" || $(NF-3) != "yes" || $(NF-2) != "yes") bad=1 } END { exit bad }'; then :; else
    badfont=$((badfont + 1)); echo "font not embedded/subset/unicode in $f"; fi
  qpdf --check "$f" >/dev/null 2>&1 || { badqpdf=$((badqpdf + 1)); echo "qpdf --check fails on $f"; }
done < <(find "$OUT" -name '*.pdf' -print0)
check "every font embedded, subset, with ToUnicode" test "$badfont" -eq 0
check "qpdf --check clean on every file" test "$badqpdf" -eq 0
mapfile -d '' pdfs < <(find "$OUT" -name '*.pdf' -print0)
check "no printed line starts with 、，。）》 … or ends with （《“ …" \
  python3 "$ROOT/tests/e2e/line_edges.py" "${pdfs[@]}"
check "no temporary files left" test -z "$(find "$OUT" -name '.*tmp*')"
check "verify accepts the fresh output" "$YINFA" verify "$OUT"
finish
