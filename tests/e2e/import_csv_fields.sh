#!/bin/bash
# A CSV row with more or fewer fields than its header (issue 21: a comma typed into an unquoted
# cell, a cell deleted) is one error at its line naming both counts, not errors about shifted
# cells, and an extra trailing field is never dropped silently; nothing is written.
source "$(dirname "$0")/../e2e_lib.sh"
T="$E2E_TMP"
python3 tests/import/program_csv.py fujian-fusion samples/fujian-2024.xml "$T/f.csv"
y() { (cd "$T" && "$YINFA" "$@" >out 2>err); rc=$?; }
has() { grep -qF -- "$1" "$T/err" || { echo "--- stderr:"; cat "$T/err"; return 1; }; }
y import fujian-fusion f.csv --output ok.xml
check "the CSV as made imports (exit 0)" test "$rc" -eq 0
# the header's field count and the line of the 4th data row, as Python's csv module reads them
read -r want line <<<"$(python3 - "$T/f.csv" <<'PY'
import csv, io, sys
b = open(sys.argv[1], 'rb').read()
text = b.decode('utf-8-sig') if b[:3] == b'\xef\xbb\xbf' else b.decode('gb18030')
rows = list(csv.reader(io.StringIO(text, newline='')))
h = max(range(len(rows)), key=lambda i: len(rows[i]))
print(len(rows[h]), h + 1 + 4)
PY
)"
test -n "$want" || { echo "no header found"; exit 1; }
# one extra field at the end of one row, one missing field in another (the same line numbers
# as the rows: program_csv.py writes no line breaks inside cells)
python3 - "$T/f.csv" "$T/extra.csv" "$T/short.csv" "$line" <<'PY'
import csv, io, sys
src, extra, short, line = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
b = open(src, 'rb').read()
enc = 'utf-8-sig' if b[:3] == b'\xef\xbb\xbf' else 'gb18030'
rows = list(csv.reader(io.StringIO(b.decode(enc), newline='')))
assert not any('\n' in c for r in rows for c in r)  # a row is a line
def save(rows, out):
    w = io.StringIO(newline=''); csv.writer(w, lineterminator='\r\n').writerows(rows)
    open(out, 'wb').write(w.getvalue().encode(enc))
save([r + ['多余'] if i == line - 1 else r for i, r in enumerate(rows)], extra)
save([r[:-1] if i == line - 1 else r for i, r in enumerate(rows)], short)
PY
y import fujian-fusion extra.csv --output extra.xml
check "an extra field: exit 1" test "$rc" -eq 1
check "an extra field: named at its line with both counts" has "extra.csv:$line: error: line $line has $((want + 1)) fields, the header $want"
check "an extra field: one error only" test "$(grep -c 'error:' "$T/err")" -eq 1
check "an extra field: nothing written" test ! -e "$T/extra.xml"
y import fujian-fusion short.csv --output short.xml
check "a missing field: exit 1" test "$rc" -eq 1
check "a missing field: named with both counts" has "short.csv:$line: error: line $line has $((want - 1)) fields, the header $want"
check "a missing field: one error only" test "$(grep -c 'error:' "$T/err")" -eq 1
LANG=zh_CN.UTF-8 y import fujian-fusion extra.csv --output extra.xml
check "in Chinese" has "第 $line 行有 $((want + 1)) 个字段，表头 $want 个"
finish
