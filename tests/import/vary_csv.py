#!/usr/bin/env python3
"""Makes a clerk's mistake in a program CSV (tests/import/program_csv.py's output: name, credit
code, group in the first three columns; an applicant's later rows repeat name and code):
  vary_csv.py IN.csv KIND OUT.csv
KIND: dupcode-other  the first applicant of another group takes applicant A's credit code
      dupname-space  … takes A's name with an ASCII space inside
      dupname-fw     … with U+3000 inside
      dupname-paren  A's name with full-width brackets, the other's with ASCII ones
Prints "A-code A-name B-code B-name" (B as it was)."""
import csv, io, sys

src, kind, out = sys.argv[1:4]
b = open(src, 'rb').read()
enc = 'utf-8-sig' if b[:3] == b'\xef\xbb\xbf' else 'gb18030'
rows = list(csv.reader(io.StringIO(b.decode(enc), newline='')))
order, by = [], {}
for i, r in enumerate(rows[2:], 2):
    if len(r) < 3 or not r[1]:
        continue
    if r[1] not in by:
        order.append(r[1])
        by[r[1]] = []
    by[r[1]].append(i)
A = order[0]
ga = rows[by[A][0]][2]
B = [c for c in order if rows[by[c][0]][2] and rows[by[c][0]][2] != ga][0]
na, nb = rows[by[A][0]][0], rows[by[B][0]][0]
if kind == 'dupcode-other':
    for i in by[B]:
        rows[i][1] = A
elif kind in ('dupname-space', 'dupname-fw'):
    sep = ' ' if kind == 'dupname-space' else '\u3000'
    for i in by[B]:
        rows[i][0] = na[:2] + sep + na[2:]
elif kind == 'dupname-paren':
    for i in by[A]:
        rows[i][0] = na[:2] + '（' + na[2:4] + '）' + na[4:]
    for i in by[B]:
        rows[i][0] = na[:2] + '(' + na[2:4] + ')' + na[4:]
else:
    sys.exit('unknown kind ' + kind)
w = io.StringIO(newline='')
csv.writer(w, lineterminator='\r\n').writerows(rows)
open(out, 'wb').write(w.getvalue().encode(enc))
print(A, na, B, nb)
