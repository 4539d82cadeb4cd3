#!/bin/bash
# The manifest's size, pages and SHA-256 of each PDF are taken by the PDF writer from the bytes
# it writes (issue 24), not by reading the file back: they must still be those of the file under
# its final name. Every file of the sample round (PDFs and the rest) is compared with its own
# bytes (Python's hashlib) and each PDF's pages with pdfinfo, in one process; then the same after an
# unchanged re-run that skips every document.
source "$(dirname "$0")/../e2e_lib.sh"
OUT="$E2E_TMP/out"
"$YINFA" run samples/xuchang-2022.ini --output "$OUT" --quiet --jobs 2 2>"$E2E_TMP/err"
rc=$?
check "sample round runs (exit 0)" test "$rc" -eq 0
[ "$rc" -eq 0 ] || cat "$E2E_TMP/err"

compare() { # OUT: prints "N pdf M other" when every line agrees with its file, else what differs
  python3 - "$1" <<'PY'
import csv, hashlib, os, subprocess, sys
out = sys.argv[1]
rows = [r for r in csv.reader(open(os.path.join(out, "manifest.csv"), encoding="utf-8"))
        if r and not r[0].startswith("#")][1:]
bad = pdf = other = 0
for r in rows:
    path, pages, size, sha = r[0], int(r[3]), int(r[4]), r[5]
    data = open(os.path.join(out, path), "rb").read()
    if len(data) != size or hashlib.sha256(data).hexdigest() != sha:
        print(f"{path}: manifest {size} B {sha[:12]}, file {len(data)} B {hashlib.sha256(data).hexdigest()[:12]}")
        bad += 1
    if path.endswith(".pdf"):
        pdf += 1
        info = subprocess.run(["pdfinfo", os.path.join(out, path)], capture_output=True, text=True).stdout
        real = int(next((l.split()[1] for l in info.splitlines() if l.startswith("Pages:")), "-1"))
        if real != pages:
            print(f"{path}: manifest {pages} pages, pdfinfo {real}")
            bad += 1
    else:
        other += 1
print(f"{pdf} pdf {other} other" if bad == 0 else f"{bad} lines differ from their files")
PY
}
res=$(compare "$OUT")
echo "  $res"
check "every manifest line is its file's size, SHA-256 and (PDF) page count ($res)" \
  grep -qE '^[1-9][0-9]* pdf [1-9][0-9]* other$' <<<"$res"
check "verify accepts it" "$YINFA" verify "$OUT"

# an unchanged re-run (every document skipped, each checked by reading it back) keeps every line
cp "$OUT/manifest.csv" "$E2E_TMP/first.csv"
"$YINFA" run samples/xuchang-2022.ini --output "$OUT" --quiet --jobs 1 2>>"$E2E_TMP/err"
check "the unchanged re-run exits 0" test $? -eq 0
check "the unchanged re-run writes the same manifest" cmp -s "$OUT/manifest.csv" "$E2E_TMP/first.csv"
res=$(compare "$OUT")
check "after the re-run, every line is still its file's ($res)" grep -qE '^[1-9][0-9]* pdf [1-9][0-9]* other$' <<<"$res"
finish
