#!/bin/bash
# Copied from shared/tools/pdfa_check.sh so that a clean clone can run tests/e2e/pdfa.sh.
# PDF/A-1b validation with Apache PDFBox Preflight (Debian: libpdfbox2-java libactivation-java
# libjaxb-api-java; Java 17). Usage: pdfa_check.sh FILE.pdf...  Prints one line per file and
# "N valid, N invalid"; exit 1 when any is invalid.
CP=/usr/share/java/preflight.jar:/usr/share/java/pdfbox2.jar:/usr/share/java/fontbox2.jar:/usr/share/java/xmpbox.jar:/usr/share/java/commons-logging.jar:/usr/share/java/javax.activation.jar:/usr/share/java/jaxb-api.jar
ok=0; bad=0
for f in "$@"; do
  out=$(java -cp "$CP" org.apache.pdfbox.preflight.Validator_A1b "$f" 2>/dev/null)
  if echo "$out" | grep -q "is a valid PDF/A-1b file"; then ok=$((ok+1)); else bad=$((bad+1)); echo "INVALID $f: $(echo "$out" | grep -v '^$' | sed -n 2,4p | tr '\n' ' ')"; fi
done
echo "$ok valid, $bad invalid"
[ $bad -eq 0 ]
