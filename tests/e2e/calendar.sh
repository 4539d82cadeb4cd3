#!/bin/bash
# The official holiday calendar (data/cn-holidays.tsv) in a real run: the notice's 公示 end date
# counts the worked Saturday 2022-05-07; a period running into a year the calendar does not know
# warns once and still writes; a broken or missing calendar is a located error that writes nothing.
source "$(dirname "$0")/../e2e_lib.sh"
DATA="$ROOT/tests/e2e/data"
flat() { pdftotext -raw -enc UTF-8 "$1" - 2>/dev/null | tr -d ' \n\f\r\t'; }

# make_ini NAME START DAYS: the sample INI on the small order round, no INI holidays; the notice
# is dated its first day (a 公示 cannot start before its 成文日期: rule publicity-not-before-date)
make_ini() {
  sed -e "s|^input *=.*|input = $DATA/order-round.xml|" -e "s|^output *=.*|output = $E2E_TMP/$1-out|" \
      -e "s|^publicity_start *=.*|publicity_start = $2|" -e "s|^publicity_days *=.*|publicity_days = $3|" \
      -e "s|^date *=.*|date = $2|" \
      -e "s|^holidays *=.*|holidays =|" samples/xuchang-2022.ini >"$E2E_TMP/$1.ini"
}

# Thu 05-05, Fri 05-06, Sat 05-07 (worked, 劳动节 2022): the third working day is the Saturday.
make_ini worked 2022-05-05 3
"$YINFA" run "$E2E_TMP/worked.ini" --quiet 2>"$E2E_TMP/worked.err"
check "run succeeds" test $? -eq 0
check "no warning for a covered year" test ! -s "$E2E_TMP/worked.err"
t=$(flat "$E2E_TMP/worked-out/notice.pdf")
check "publicity ends on the worked Saturday 2022-05-07" bash -c "[[ '$t' == *2022年5月5日至2022年5月7日* ]]"

# Mon 2026-12-28 + 5 working days reaches 2027, which the calendar does not cover: an error
# (issue 22 §2) unless the office accepts the statutory days alone; 元旦 is statutory in any year.
make_ini future 2026-12-28 5
"$YINFA" run "$E2E_TMP/future.ini" --quiet 2>"$E2E_TMP/future.err"
check "uncovered year: the run is refused" test $? -eq 1
check "uncovered year: the error names 2027 and where the period starts" \
  grep -qE "error: .*the period of 5 working day\(s\) from 2026-12-28 runs into 2027" "$E2E_TMP/future.err"
"$YINFA" run "$E2E_TMP/future.ini" --quiet --allow-unknown-calendar 2>"$E2E_TMP/future.err"
check "uncovered year, statutory days accepted: the run succeeds" test $? -eq 0
check "uncovered year, accepted: warned once" test "$(grep -c 'runs into 2027' "$E2E_TMP/future.err")" -eq 1
t=$(flat "$E2E_TMP/future-out/notice.pdf")
check "uncovered year, accepted: 元旦 skipped, ends 2027-01-04" bash -c "[[ '$t' == *至2027年1月4日* ]]"

# A calendar with a bad line (as an office editing it might leave it): file:line, nothing written.
home="$E2E_TMP/home"
mkdir -p "$home/data"
ln -s "$ROOT/templates" "$home/templates"
ln -s "$ROOT/fonts" "$home/fonts"
sed 's|^2024-02-04\twork|2024-02-4\twork|' data/cn-holidays.tsv >"$home/data/cn-holidays.tsv"
line=$(grep -n '^2024-02-4' "$home/data/cn-holidays.tsv" | cut -d: -f1)
make_ini broken 2022-05-05 3
YINFA_HOME="$home" "$YINFA" run "$E2E_TMP/broken.ini" --quiet 2>"$E2E_TMP/broken.err"
check "bad calendar line exits 1" test $? -eq 1
check "bad calendar line named cn-holidays.tsv:$line" \
  grep -q "cn-holidays.tsv:$line: error: \"2024-02-4\" is not a date" "$E2E_TMP/broken.err"
check "bad calendar writes nothing" test -z "$(ls -A "$E2E_TMP/broken-out" 2>/dev/null)"

rm "$home/data/cn-holidays.tsv"
YINFA_HOME="$home" "$YINFA" run "$E2E_TMP/broken.ini" --quiet 2>"$E2E_TMP/missing.err"
check "missing calendar exits 1" test $? -eq 1
check "missing calendar says which file" grep -q "cn-holidays.tsv: error: cannot read the holiday calendar" "$E2E_TMP/missing.err"
check "missing calendar writes nothing" test -z "$(ls -A "$E2E_TMP/broken-out" 2>/dev/null)"
# validate --config: a date in a year the calendar does not cover is a warning at its INI line
# (working days are then Monday to Friday), unless holidays/workdays speak for that year
sed -e 's/^date *=.*/date = 2027-05-06/' -e 's/^publicity_start *=.*/publicity_start = 2027-05-10/' \
  -e "s|^input *=.*|input = $ROOT/samples/xuchang-2022.xml|" "$ROOT/samples/xuchang-2022.ini" >"$E2E_TMP/y2027.ini"
"$YINFA" validate "$ROOT/samples/xuchang-2022.xml" --config "$E2E_TMP/y2027.ini" >/dev/null 2>"$E2E_TMP/y2027.err"
check "uncovered year: validate still passes (exit 0)" test $? -eq 0
check "uncovered year: warned at the INI line of the date" \
  grep -q "y2027.ini:$(grep -n '^publicity_start' "$E2E_TMP/y2027.ini" | cut -d: -f1): warning: \[notice\] publicity_start is in 2027" "$E2E_TMP/y2027.err"
sed "s|^output *=.*|output = $E2E_TMP/y2027-out|" "$E2E_TMP/y2027.ini" >"$E2E_TMP/y2027-run.ini"
"$YINFA" run "$E2E_TMP/y2027-run.ini" --quiet 2>"$E2E_TMP/y2027-run.err"
check "uncovered year: run refuses the 公示 period" test $? -eq 1
check "uncovered year: run warns at the INI line too" \
  grep -q "y2027-run.ini:$(grep -n '^publicity_start' "$E2E_TMP/y2027-run.ini" | cut -d: -f1): warning: \[notice\] publicity_start is in 2027" "$E2E_TMP/y2027-run.err"
sed -i 's/^holidays *=.*/holidays = 2027-05-01, 2027-05-03/' "$E2E_TMP/y2027.ini"
"$YINFA" validate "$ROOT/samples/xuchang-2022.xml" --config "$E2E_TMP/y2027.ini" >/dev/null 2>"$E2E_TMP/y2027.err"
check "uncovered year: with holidays for that year, validate passes" test $? -eq 0
check "uncovered year: and does not warn about it" bash -c "! grep -q 'publicity_start is in 2027' '$E2E_TMP/y2027.err'"

finish
