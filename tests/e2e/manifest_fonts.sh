#!/bin/bash
# The manifest's fonts column (issue 16): every document of the sample round names the font files
# it was set with and their SHA-256. For the notice, the files named are the ones pdffonts shows
# embedded (PostScript names read back with fc-scan) and each SHA-256 is sha256sum of the file
# `yinfa fonts` reports. A re-run and --only keep the column; a manifest from before the column
# (7 fields) verifies and its documents get their fonts on the next run; an edited column fails
# verify; `verify --fonts` finds the files installed here, and names one of another version or
# one not installed.
source "$(dirname "$0")/../e2e_lib.sh"
OUT="$E2E_TMP/out"
"$YINFA" run samples/xuchang-2022.ini --output "$OUT" --quiet 2>"$E2E_TMP/err"
rc=$?
check "sample round runs (exit 0)" test "$rc" -eq 0
[ "$rc" -eq 0 ] || cat "$E2E_TMP/err"
M="$OUT/manifest.csv"

# The fonts field of a manifest line (the last CSV field; quoted only if it holds , or ").
fonts_of() { python3 -c 'import csv,sys
for r in csv.reader(open(sys.argv[1], encoding="utf-8")):
    if r and r[0] == sys.argv[2]: print(r[7] if len(r) > 7 else "")' "$M" "$1"; }

check "the header names the fonts column" \
  test "$(head -1 "$M")" = "path,kind,applicant,pages,bytes,sha256,fingerprint,fonts"

# Every document line: "NAME sha256=HEX" entries joined by "; ".
bad=$(python3 - "$M" <<'EOF'
import csv, re, sys
entry = re.compile(r"^[^;]+ sha256=[0-9a-f]{64}$")
n = bad = 0
for r in csv.reader(open(sys.argv[1], encoding="utf-8")):
    if not r or r[0] == "path" or r[0].startswith("# end of manifest"):
        continue
    if r[0].endswith(".xlsx"):  # admitted.xlsx (every run) is a workbook: set with no font
        if len(r) != 8 or r[7]:
            bad += 1
            print("a workbook with a fonts entry:", r[0], r[7:], file=sys.stderr)
        continue
    n += 1
    if len(r) != 8 or not r[7] or not all(entry.match(e) for e in r[7].split("; ")):
        bad += 1
        print("bad fonts entry:", r[0], r[7:] , file=sys.stderr)
print(bad if n >= 100 else "too few lines: %d" % n)
EOF
)
check "every document's manifest line has a well-formed fonts entry (a workbook's is empty)" test "$bad" = 0

# The files `yinfa fonts` names (roles and fallbacks): "path" or "path:INDEX".
"$YINFA" fonts samples/xuchang-2022.ini 2>/dev/null | sed -n 's/^ *file: //p' >"$E2E_TMP/files"
check "yinfa fonts names the font files" test -s "$E2E_TMP/files"

# For each entry of the notice: the file it names, its SHA-256 against sha256sum, its PostScript
# name (fc-scan, the face INDEX of a .ttc) into ps.txt.
fonts_of notice.pdf | tr -d '\r' | sed 's/; /\n/g' >"$E2E_TMP/notice-fonts"
: >"$E2E_TMP/ps.txt"
nsha=0 badsha=0
while read -r name sha; do
  base=${name%:*} index=0
  [ "$base" != "$name" ] && index=${name##*:}
  file=$(awk -v b="$base" -v i="$index" '{ f = $0; x = 0; if (f ~ /:[0-9]+$/) { x = f; sub(/.*:/, "", x); sub(/:[0-9]+$/, "", f) }
         n = split(f, p, "/"); if (p[n] == b && x + 0 == i + 0) { print f; exit } }' "$E2E_TMP/files")
  if [ -z "$file" ]; then
    badsha=$((badsha + 1)); echo "notice: $name is none of the files yinfa fonts names"; continue
  fi
  nsha=$((nsha + 1))
  [ "${sha#sha256=}" = "$(sha256sum "$file" | cut -d' ' -f1)" ] ||
    { badsha=$((badsha + 1)); echo "notice: $name: $sha, sha256sum of $file differs"; }
  fc-scan --format '%{index} %{postscriptname}\n' "$file" | awk -v i="$index" '$1 == i { print $2; exit }' >>"$E2E_TMP/ps.txt"
done <"$E2E_TMP/notice-fonts"
check "the notice names at least 3 font files" test "$nsha" -ge 3
check "each of its SHA-256 is sha256sum of the font file" test "$badsha" -eq 0
pdffonts "$OUT/notice.pdf" | tail -n +3 | awk '{ print $1 }' | sed -E 's/^[A-Z]{6}\+//' | sort -u >"$E2E_TMP/pdffonts.txt"
sort -u "$E2E_TMP/ps.txt" >"$E2E_TMP/manifest-ps.txt"
check "the notice's fonts entry names exactly the fonts pdffonts shows embedded" \
  diff "$E2E_TMP/pdffonts.txt" "$E2E_TMP/manifest-ps.txt"
check "one entry per embedded font file" test "$(wc -l <"$E2E_TMP/notice-fonts")" -eq "$(wc -l <"$E2E_TMP/pdffonts.txt")"
check "verify passes" "$YINFA" verify "$OUT"

# verify --fonts: the font files named are installed here with those SHA-256s.
"$YINFA" verify "$OUT" --fonts >"$E2E_TMP/out.txt" 2>&1
check "verify --fonts passes on this machine" test $? -eq 0
check "... and says so" grep -q "font files the documents name are installed here as they were" "$E2E_TMP/out.txt"
"$YINFA" verify --fonts >/dev/null 2>&1
check "verify --fonts without OUTDIR is a usage error (exit 2)" test $? -eq 2

# reseal FILE PATTERN REPLACEMENT: edit the manifest's lines and rewrite its closing line to match.
reseal() { python3 - "$@" <<'EOF2'
import hashlib, re, sys
path, pat, rep = sys.argv[1:4]
lines = open(path, encoding="utf-8").read().splitlines(keepends=True)
body = re.sub(pat, rep, "".join(lines[:-1]))
end = "# end of manifest: %d records, SHA-256 of the lines above %s\n" % (len(lines) - 2, hashlib.sha256(body.encode()).hexdigest())
open(path, "w", encoding="utf-8").write(body + end)
EOF2
}
cp -r "$OUT" "$E2E_TMP/other"
first=$(head -1 "$E2E_TMP/notice-fonts")
name=${first%% *} sha=${first##*sha256=}
reseal "$E2E_TMP/other/manifest.csv" "$name sha256=$sha" "$name sha256=$(echo "$sha" | tr 0-9a-f 1-9a-f0)"
reseal "$E2E_TMP/other/manifest.csv" '(notice\.pdf,.*)gbsn00lp\.ttf' '\1gb%3Bsn.ttf'
check "a resealed manifest naming other fonts still verifies without --fonts" "$YINFA" verify "$E2E_TMP/other"
"$YINFA" verify "$E2E_TMP/other" --fonts >/dev/null 2>"$E2E_TMP/err"
check "verify --fonts fails on it (exit 1)" test $? -eq 1
check "... naming a font file of another version, once" \
  test "$(grep -c "error: applicant XC-2022-001: font file ${name%:*} on this machine (.*) has SHA-256 $sha, not the" "$E2E_TMP/err")" -eq 1
check "... and a font file not installed (its %3B name decoded)" \
  grep -q "notice.pdf: error: font file gb;sn.ttf (SHA-256 [0-9a-f]*) that this document was set with is not installed" "$E2E_TMP/err"

# A font file whose name holds a space, ; : % and Chinese (set in the INI): the name is escaped
# %XX where the format needs it, and verify --fonts decodes it.
D="$E2E_TMP/oddname"
mkdir -p "$D"
cp /usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc "$D/体 a;b:c%.ttc"
cp samples/xuchang-2022.ini "$D/job.ini"
printf 'body = "%s:2"\n' "$D/体 a;b:c%.ttc" >>"$D/job.ini"
"$YINFA" run "$D/job.ini" --input samples/xuchang-2022.xml --output "$D/out" --only notice --quiet 2>"$E2E_TMP/err"
check "a body font named '体 a;b:c%.ttc' is used" test $? -eq 0
grep '^notice\.pdf,' "$D/out/manifest.csv" >"$E2E_TMP/line"
check "... recorded first as 体 a%3Bb%3Ac%25.ttc:2 with the file's SHA-256" \
  grep -qF ",体 a%3Bb%3Ac%25.ttc:2 sha256=$(sha256sum "$D/体 a;b:c%.ttc" | cut -d' ' -f1); " "$E2E_TMP/line"
"$YINFA" verify "$D/out" --fonts >/dev/null 2>"$E2E_TMP/err"
check "verify --fonts: that file is not one fontconfig knows, named as it is" \
  grep -q "notice.pdf: error: font file 体 a;b:c%.ttc (SHA-256 [0-9a-f]*) that this document was set with is not installed" "$E2E_TMP/err"
rm -rf "$D"

# A re-run skips everything and keeps the column; so does --only for the other kinds.
cp "$M" "$E2E_TMP/first.csv"
"$YINFA" run samples/xuchang-2022.ini --output "$OUT" --quiet
check "a re-run keeps every fonts entry" cmp -s "$M" "$E2E_TMP/first.csv"
"$YINFA" run samples/xuchang-2022.ini --output "$OUT" --quiet --only review-form --force
check "--only review-form --force keeps the notice's fonts entry" \
  test "$(fonts_of notice.pdf)" = "$(cat "$E2E_TMP/notice-fonts" | paste -sd';' | sed 's/;/; /g')"
check "--only review-form --force: the manifest is otherwise unchanged" cmp -s "$M" "$E2E_TMP/first.csv"

# An edited fonts column fails the manifest's own digest.
sed -i '/^notice\.pdf,/s/FandolFang-Regular\.otf/FandolFang-Regular.otx/' "$M"
check "the edit changed the notice line" bash -c "! cmp -s '$M' '$E2E_TMP/first.csv'"
"$YINFA" verify "$OUT" >/dev/null 2>"$E2E_TMP/err"
rc=$?
check "an edited fonts column fails verify (exit 1)" test "$rc" -eq 1
check "... at the closing line, by the digest" \
  grep -q "manifest.csv:[0-9]*: error: the lines above do not match the manifest's own SHA-256" "$E2E_TMP/err"

# A manifest from before the column: 7 fields, fingerprints of the older yinfa.
python3 - "$E2E_TMP/first.csv" "$M" <<'EOF'
import csv, hashlib, io, sys
rows = [r for r in csv.reader(open(sys.argv[1], encoding="utf-8")) if r and not r[0].startswith("# end")]
out = io.StringIO()
w = csv.writer(out, lineterminator="\n")
for r in rows:
    r = r[:7]
    if r[0] != "path":
        r[6] = hashlib.sha256(b"older yinfa " + r[6].encode()).hexdigest()
    w.writerow(r)
body = out.getvalue()
end = "# end of manifest: %d records, SHA-256 of the lines above %s\n" % (len(rows) - 1, hashlib.sha256(body.encode()).hexdigest())
open(sys.argv[2], "w", encoding="utf-8").write(body + end)
EOF
check "a 7-column manifest: header without fonts" \
  test "$(head -1 "$M")" = "path,kind,applicant,pages,bytes,sha256,fingerprint"
check "a 7-column manifest verifies" "$YINFA" verify "$OUT"
"$YINFA" run samples/xuchang-2022.ini --output "$OUT" --quiet
check "the next run records every document's fonts" cmp -s "$M" "$E2E_TMP/first.csv"
check "verify passes after it" "$YINFA" verify "$OUT"
finish
