#!/bin/bash
# make bench-instr (and the end of make bench): instructions per document, counted by valgrind's
# callgrind, so a change is judged by a figure that does not move with the machine's load
# (issue 24). Two figures:
#  - review forms (xuchang-nit 附件3): --only review-form of a gen_round round of
#    BENCH_INSTR_APPLICANTS (200) applicants, one worker;
#  - the whole sample round (samples/xuchang-2022.ini, every document kind).
# Counted: what producing a document costs (callgrind collects inside prd_produce(), the one entry
# point of a document, where a PDF's SHA-256 for the manifest is taken as it is written, and
# bat_file_digest(), which reads back the other files for theirs), divided by
# the documents written, per stage by tools/cg_stages.py; the figure per document leaves out
# SHA-256 and the font checks a worker does once per font (both reported apart). The parent's setup (reading the round, loading the fonts) is per run.
# SHA-256 is reported apart: valgrind hides the CPU's SHA extensions (about 4x fewer natively).
# BENCH_INSTR_BODY=path[:index] sets the body font (the issue's figures were taken on Noto Serif
# CJK SC: BENCH_INSTR_BODY=/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc:2).
set -u
cd "$(dirname "$0")/.." || exit 3
BUILD=${BUILD:-build}
YINFA="$PWD/$BUILD/yinfa"
GEN="$PWD/$BUILD/tools/gen_round"
N=${BENCH_INSTR_APPLICANTS:-200}
command -v valgrind >/dev/null || { echo "bench-instr: valgrind is missing (apt-get install valgrind)" >&2; exit 3; }
for tool in "$GEN" "$YINFA"; do
  [ -x "$tool" ] || { echo "bench-instr: $tool is missing; run 'make' first" >&2; exit 3; }
done
work=$(mktemp -d /tmp/yinfa-bench-instr.XXXXXX)
if [ "${BENCH_KEEP:-0}" = 1 ]; then echo "bench-instr: keeping $work"; else trap 'rm -rf "$work"' EXIT; fi

total_of() { grep -m1 '^summary:' "$1" | awk '{ print $2 }'; }

# profile NAME INI ARGS...: runs yinfa under callgrind with one worker; leaves $work/NAME.cg (the
# worker's profile) and prints the number of documents written
# Collection is off until the forked worker starts (--zero-before=prctl also drops the counts it
# inherits), then on inside prd_produce and bat_file_digest. What a worker does once inside them
# (hashing the font files for the manifest, checking a font's outlines the first time it draws)
# is told apart by tools/cg_stages.py (SHA-256, src/pdf/fontcheck.c).
TOGGLES=(--collect-atstart=no --zero-before=prctl --toggle-collect=prd_produce --toggle-collect=bat_file_digest)
profile() {
  local name=$1 ini=$2; shift 2
  local d="$work/$name"
  mkdir -p "$d"
  SOURCE_DATE_EPOCH=1651795200 valgrind --tool=callgrind "${TOGGLES[@]}" --log-file="$d/vg.%p" \
    --callgrind-out-file="$d/cg.%p" "$YINFA" run "$ini" --output "$d/out" --jobs 1 --force --quiet "$@" \
    >"$d/stdout" 2>"$d/stderr" || { echo "bench-instr: yinfa run failed ($name):" >&2; tail -5 "$d/stderr" >&2; return 1; }
  # the main process is the one whose parent is no process of this run (not the first file by
  # name: PIDs wrap, and vg.11137 sorts before vg.9894)
  local main="" v
  for v in "$d"/vg.*; do
    [ -e "$d/vg.$(grep -m1 'Parent PID:' "$v" | awk '{ print $NF }')" ] || main=${v##*.}
  done
  local workers=() f
  for f in "$d"/cg.*; do [ "${f##*.}" != "$main" ] && workers+=("$f"); done
  [ "${#workers[@]}" -eq 1 ] || { echo "bench-instr: expected one worker profile in $d, found ${#workers[@]}" >&2; return 1; }
  mv "${workers[0]}" "$work/$name.cg"
  [ "$(total_of "$work/$name.cg")" -gt 0 ] 2>/dev/null ||
    { echo "bench-instr: nothing was counted: is prd_produce() still the entry point of a document?" >&2; return 1; }
  find "$d/out" -name '*.pdf' | wc -l
}


ini_for() { # round.xml → an INI of the sample with that input (BENCH_INSTR_BODY: the body font)
  sed -e "s|^\(input *= *\).*|\1$1|" samples/xuchang-2022.ini >"$2"
  sed -i -E "s#^(title|body|heading|kai|song)( *= *)([^/;].*)\$#\1\2$PWD/samples/\3#" "$2"
  [ -z "${BENCH_INSTR_BODY:-}" ] || sed -i "s|^\[fonts\]|[fonts]\nbody = $BENCH_INSTR_BODY|" "$2"
}

echo "bench-instr: callgrind, one worker: $N review forms, then the xuchang sample round"
"$GEN" --applicants "$N" --seed 1 --output "$work/round.xml" || exit 3
ini_for "$work/round.xml" "$work/round.ini"
dn=$(profile forms "$work/round.ini" --only review-form) || exit 1
bytes=$(find "$work/forms/out" -name '*.pdf' -printf '%s\n' | awk '{ s += $1; n++ } END { printf "%.1f", s / n / 1024 }')
echo "review forms ($dn documents, $bytes KB each):"
python3 tools/cg_stages.py "$work/forms.cg" "$dn" || exit 1

ini_for "$PWD/samples/$(sed -n 's/^input *= *//p' samples/xuchang-2022.ini)" "$work/sample.ini"
ds=$(profile sample "$work/sample.ini") || exit 1
sb=$(find "$work/sample/out" -name '*.pdf' -printf '%s\n' | awk '{ s += $1; n++ } END { printf "%.1f", s / n / 1024 }')
echo "whole sample round (xuchang-2022, $ds documents, $sb KB each):"
python3 tools/cg_stages.py "$work/sample.cg" "$ds" || exit 1
