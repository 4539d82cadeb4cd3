#!/bin/bash
# Copied from shared/tools/pdfa_check.sh so that a clean clone can run tests/e2e/pdfa.sh.
# PDF/A-1b validation with Apache PDFBox Preflight (Debian: libpdfbox2-java libactivation-java
# libjaxb-api-java; Java 17). Usage: pdfa_check.sh FILE.pdf...  Prints one line per file that is
# not valid and "N valid, N invalid"; exit 1 when any is invalid.
#
# All the files go to one Java process (Preflight's "xml group" mode: the same Validator_A1b, its
# result for each file as XML, in the order given) instead of one per file: a JVM's start cost
# ~0.7 CPU-s a file, most of pdfa.sh's time. Group mode leaves out a file it cannot open, so an
# unreadable file is reported here and the results must be exactly one per file, by name, in order.
CP=/usr/share/java/preflight.jar:/usr/share/java/pdfbox2.jar:/usr/share/java/fontbox2.jar:/usr/share/java/xmpbox.jar:/usr/share/java/commons-logging.jar:/usr/share/java/javax.activation.jar:/usr/share/java/jaxb-api.jar
work=$(mktemp -d /tmp/pdfa-check.XXXXXX) || exit 3
trap 'rm -rf "$work"' EXIT
ok=0 bad=0 listed=()
for f in "$@"; do
  if [ -f "$f" ] && [ -r "$f" ]; then listed+=("$(realpath "$f")")
  else bad=$((bad + 1)); echo "INVALID $f: cannot read the file"; fi
done
if [ "${#listed[@]}" -gt 0 ]; then
  printf '%s\n' "${listed[@]}" >"$work/list"
  # C.UTF-8: the JVM takes the names in the list (and opens the files) in the locale's encoding
  (cd "$work" && LC_ALL=C.UTF-8 java -cp "$CP" org.apache.pdfbox.preflight.Validator_A1b xml group "$work/list") >"$work/log" 2>&1
  /usr/bin/python3 - "$work/list.preflight.xml" "${listed[@]}" >"$work/counts" 2>"$work/invalid" <<'PY'
import os, sys, xml.etree.ElementTree as ET
files = sys.argv[2:]
try:
    results = ET.parse(sys.argv[1]).getroot().findall("preflight")
except (OSError, ET.ParseError) as e:
    results = []
    print("INVALID (all %d): Preflight wrote no result: %s" % (len(files), e), file=sys.stderr)
valid = 0
if len(results) != len(files):
    print("INVALID (all %d): Preflight gave %d results" % (len(files), len(results)), file=sys.stderr)
else:
    for f, r in zip(files, results):
        if r.get("name") != os.path.basename(f):
            print("INVALID %s: Preflight's result is for %s" % (f, r.get("name")), file=sys.stderr)
        elif (r.findtext("isValid") or "").strip() == "true":
            valid += 1
        else:
            errs = ["%s %s" % (e.findtext("code"), e.findtext("details")) for e in r.iter("error")][:3]
            print("INVALID %s: %s" % (f, " ".join(errs)), file=sys.stderr)
print(valid, len(files) - valid)
PY
  read -r v i <"$work/counts"
  cat "$work/invalid"
  ok=$((ok + ${v:-0})); bad=$((bad + ${i:-${#listed[@]}}))
fi
echo "$ok valid, $bad invalid"
[ $bad -eq 0 ]
