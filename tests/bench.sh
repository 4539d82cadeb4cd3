#!/bin/bash
# make bench: generates a synthetic round (tools/gen_round.c, seeded), runs the whole batch with
# one worker per core, and prints documents/s, pages/s, MB written and peak memory; then times a
# resumed run (nothing changed) and `yinfa verify`. Figures go to docs/performance.md.
# Then the setup before the first document at 10,000 / 50,000 / 100,000 applicants.
# Environment: BUILD (build), BENCH_APPLICANTS (2000), BENCH_SEED (1), BENCH_JOBS (nproc),
# BENCH_SCALE ("10000 50000 100000"; "" skips), BENCH_HENAN ("2500 10000"; "" skips),
# BENCH_KEEP=1 keeps the work folder.
set -u
cd "$(dirname "$0")/.." || exit 3
BUILD=${BUILD:-build}
N=${BENCH_APPLICANTS:-2000}
SEED=${BENCH_SEED:-1}
JOBS=${BENCH_JOBS:-$(nproc)}
YINFA="$PWD/$BUILD/yinfa"
GEN="$PWD/$BUILD/tools/gen_round"
work=$(mktemp -d /tmp/yinfa-bench.XXXXXX)
if [ "${BENCH_KEEP:-0}" = 1 ]; then echo "bench: keeping $work"; else trap 'rm -rf "$work"' EXIT; fi

for tool in "$GEN" "$YINFA"; do
  [ -x "$tool" ] || { echo "bench: $tool is missing; run 'make' first" >&2; exit 3; }
done

echo "bench: $N applicants, seed $SEED, --jobs $JOBS, $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'))"
"$GEN" --applicants "$N" --seed "$SEED" --output "$work/round.xml" || { echo "bench: gen_round failed" >&2; exit 3; }
echo "bench: round.xml is $(( $(stat -c %s "$work/round.xml") / 1024 )) KiB"

# The INI: the sample's, with [round] input and output pointing into the work folder.
ini="$work/bench.ini"
if [ -f samples/xuchang-2022.ini ]; then
  sed -e 's|^\(input *= *\).*|\1round.xml|' -e 's|^\(output *= *\).*|\1out|' samples/xuchang-2022.ini >"$ini"
  # Relative font paths in the sample are relative to samples/: make them absolute.
  sed -i -E "s#^(title|body|heading|kai|song)( *= *)([^/;].*)\$#\1\2$PWD/samples/\3#" "$ini"
else
  echo "bench: samples/xuchang-2022.ini not found; writing a minimal INI"
  cat >"$ini" <<'EOF'
[round]
program = xuchang-nit
input   = round.xml
output  = out
[issuer]
name       = 许昌市工业和信息化局
doc_number = 许工信〔2022〕12号
date       = 2022-05-06
[notice]
publicity_start = 2022-05-09
publicity_days  = 5
contact = 杨广磊
phone   = 0374-2965675
EOF
fi

# seconds from GNU time's "Elapsed (wall clock) time (h:mm:ss or m:ss): 1:02.34"
wall_seconds() {
  grep 'Elapsed (wall clock)' "$1" | sed 's/.*: //' |
    awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; printf "%.2f", s }'
}
cpu_seconds() { awk -F': ' '/User time|System time/ { s += $2 } END { printf "%.2f", s }' "$1"; }
peak_mib() { grep 'Maximum resident set size' "$1" | awk '{ printf "%.1f", $NF / 1024 }'; }

run_timed() { # label, log, args...
  local label=$1 log=$2; shift 2
  SOURCE_DATE_EPOCH=1651795200 /usr/bin/time -v "$@" >"$log.out" 2>"$log"
  local rc=$?
  if [ $rc -ne 0 ]; then
    echo "bench: $label failed (exit $rc): $*" >&2
    grep -v -E '^(wrote|unchanged) ' "$log" | grep -v -E '^\s+(Command being timed|User time|System time|Percent|Elapsed|Average|Maximum|Major|Minor|Voluntary|Involuntary|Swaps|File system|Socket|Signals|Page size|Exit status)' | tail -15 >&2
  fi
  return $rc
}

run_timed "yinfa run" "$work/run1.log" "$YINFA" run "$ini" --jobs "$JOBS" --force --verbose
run_rc=$?
out="$work/out"
docs=$(find "$out" -name '*.pdf' 2>/dev/null | wc -l)
if [ "$docs" -eq 0 ]; then
  echo "bench: 'yinfa run' (exit $run_rc) wrote no PDF into $out: the pipeline could not run; no figures." >&2
  echo "bench: the generator works: $work/round.xml ($N applicants)." >&2
  exit 1
fi
if [ "$run_rc" -ne 0 ]; then
  echo "bench: WARNING: 'yinfa run' failed (exit $run_rc); the figures below cover only the $docs documents written" >&2
  echo "bench: reproduce with: $GEN --applicants $N --seed $SEED --output round.xml" >&2
fi
bytes=$(find "$out" -name '*.pdf' -printf '%s\n' | awk '{ s += $1 } END { print s + 0 }')
# path,kind,applicant,pages,bytes,sha256,fingerprint,fonts (the journal has no header; the
# closing "# end of manifest" line is not a record). Fields counted from the end: a path may
# hold a quoted comma; the fonts column has none (its entries are separated by "; ").
listing=
[ -f "$out/.manifest.journal" ] && listing="$out/.manifest.journal"
[ -f "$out/manifest.csv" ] && listing="$out/manifest.csv"
if [ -n "$listing" ]; then
  pages=$(grep -v -e '^path,' -e '^#' "$listing" | awk -F, '{ s += $(NF-4) } END { print s + 0 }')
  kinds=$(grep -v -e '^path,' -e '^#' "$listing" | awk -F, '{ n[$(NF-6)]++; p[$(NF-6)] += $(NF-4) }
    END { for (k in n) { printf "%s%s %d (%d pages)", sep, k, n[k], p[k]; sep = ", " } }')
else
  pages=$(find "$out" -name '*.pdf' -print0 | xargs -0 -r -n1 pdfinfo 2>/dev/null | awk '/^Pages:/ { s += $2 } END { print s + 0 }')
fi
t1=$(wall_seconds "$work/run1.log")
m1=$(peak_mib "$work/run1.log")

echo
echo "documents:        $docs${kinds:+ — $kinds}"
echo "pages:            $pages"
echo "written:          $(awk -v b="$bytes" 'BEGIN { printf "%.1f MB", b / 1e6 }')"
echo "wall time:        ${t1} s"
echo "documents/s:      $(awk -v d="$docs" -v t="$t1" 'BEGIN { printf "%.1f", (t > 0 ? d / t : 0) }')"
echo "pages/s:          $(awk -v d="$pages" -v t="$t1" 'BEGIN { printf "%.1f", (t > 0 ? d / t : 0) }')"
echo "peak memory:      ${m1} MiB (largest single process, GNU time maxrss)"
wm=$(grep -o 'peak memory of a worker process: .*' "$work/run1.log" | sed 's/.*: //')
[ -n "$wm" ] && echo "worker peak:      $wm (resident includes pages shared with the parent)"
c1=$(cpu_seconds "$work/run1.log")
echo "CPU time:         ${c1} s user+sys, $(awk -v d="$docs" -v c="$c1" 'BEGIN { printf "%.1f", (c > 0 ? d / c : 0) }') documents per CPU-second"
echo "load average:     $(cut -d' ' -f1-3 /proc/loadavg) (figures are only meaningful on an otherwise idle machine)"

# The same documents as OFD alone ([output] formats = ofd, docs/ofd.md), for documents/s next to PDF.
if [ "$run_rc" -eq 0 ]; then
  sed -e 's|^\(output *= *\).*|\1out-ofd|' -e 's|^\[output\]|[output]\nformats = ofd|' "$ini" >"$work/ofd.ini"
  grep -q '^formats' "$work/ofd.ini" || printf '\n[output]\nformats = ofd\n' >>"$work/ofd.ini"
  if run_timed "yinfa run (OFD)" "$work/ofd.log" "$YINFA" run "$work/ofd.ini" --jobs "$JOBS" --force --quiet; then
    od=$(find "$work/out-ofd" -name '*.ofd' | wc -l); t3=$(wall_seconds "$work/ofd.log")
    echo "OFD documents/s:  $(awk -v d="$od" -v t="$t3" 'BEGIN { printf "%.1f", (t > 0 ? d / t : 0) }') ($od .ofd in $t3 s, $(find "$work/out-ofd" -name '*.ofd' -printf '%s\n' | awk '{ s += $1 } END { printf "%.1f MB", s / 1e6 }'); PDF above: $docs in $t1 s)"
  fi
fi

# A second run changes nothing: every document is checked against the manifest and skipped.
if [ "$run_rc" -eq 0 ] && run_timed "resumed run" "$work/run2.log" "$YINFA" run "$ini" --jobs "$JOBS" --quiet; then
  echo "unchanged re-run: $(wall_seconds "$work/run2.log") s"
fi
if [ "$run_rc" -eq 0 ] && "$YINFA" verify "$out" >/dev/null 2>&1; then
  run_timed "verify" "$work/verify.log" "$YINFA" verify "$out" && echo "yinfa verify:     $(wall_seconds "$work/verify.log") s"
else
  echo "yinfa verify:     not run or failed"
fi
# ---- Setup at scale: the time before the first document, and the memory a round needs ----------
# For each size in BENCH_SCALE (default 10000 50000 100000; empty skips): a round from gen_round
# (realistic texts, about 5 KB per applicant); `yinfa validate` (load + checks: wall s, peak MiB);
# and `yinfa run --verbose` until it lists its first document, which it does once the round,
# fonts and templates are loaded and every document is planned (setup s, parent MiB then). The
# run is stopped there: documents/s is measured above. Setup must grow linearly; on a shared
# machine compare the CPU seconds, which waiting for a core does not inflate.
SCALE=${BENCH_SCALE-10000 50000 100000}
if [ -n "$SCALE" ]; then
  echo
  echo "setup at scale (applicants, round MB, validate s, validate peak MiB, MiB per 1,000 applicants, run setup wall s, its CPU s, run parent MiB at setup):"
  for n in $SCALE; do
    r="$work/scale-$n.xml"
    "$GEN" --applicants "$n" --seed "$SEED" --output "$r" || { echo "bench: gen_round $n failed" >&2; exit 3; }
    sed -e "s|^\(input *= *\).*|\1scale-$n.xml|" -e "s|^\(output *= *\).*|\1scale-out|" "$ini" >"$work/scale.ini"
    /usr/bin/time -v "$YINFA" validate "$r" >/dev/null 2>"$work/validate-$n.log" ||
      { echo "bench: validate of $n applicants failed:" >&2; tail -5 "$work/validate-$n.log" >&2; exit 1; }
    vs=$(wall_seconds "$work/validate-$n.log")
    vm=$(peak_mib "$work/validate-$n.log")
    setup=$(python3 - "$YINFA" "$work/scale.ini" <<'PY'
import os, signal, subprocess, sys, time
t0 = time.time()
p = subprocess.Popen([sys.argv[1], "run", sys.argv[2], "--verbose", "--force", "--jobs", "1"],
                     stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
line = p.stderr.readline()
t = time.time() - t0
hwm = cpu = 0
try:
    for l in open(f"/proc/{p.pid}/status"):
        if l.startswith("VmHWM:"): hwm = int(l.split()[1]) / 1024
    f = open(f"/proc/{p.pid}/stat").read().rsplit(")", 1)[1].split()
    cpu = (int(f[11]) + int(f[12])) / os.sysconf("SC_CLK_TCK")
except (OSError, IndexError, ValueError):
    pass
os.killpg(p.pid, signal.SIGKILL)
p.wait()
print(f"{t:.2f} {cpu:.2f} {hwm:.0f}" if line else "failed 0 0")
PY
)
    rm -rf "$work/scale-out"
    printf '  %7d  %6.1f MB  %7s s  %6s MiB  %5.1f MiB  %7s s  %6s s  %6s MiB\n' "$n" \
      "$(awk -v b="$(stat -c %s "$r")" 'BEGIN { print b / 1e6 }')" "$vs" "$vm" \
      "$(awk -v m="$vm" -v n="$n" 'BEGIN { print m * 1000 / n }')" ${setup}
    rm -f "$r"
  done
fi

# yinfa import: a round of BENCH_IMPORT_APPLICANTS (500) as an office's workbook (a sheet per
# county, finance in 元, review sheet: samples/gen-xuchang-2022-xlsx.py), read back and checked.
IMP_N=${BENCH_IMPORT_APPLICANTS:-500}
if "$GEN" --applicants "$IMP_N" --seed "$SEED" --output "$work/import-round.xml" &&
   python3 samples/gen-xuchang-2022-xlsx.py "$work/import-round.xml" "$work/import.xlsx" &&
   run_timed "yinfa import" "$work/import.log" "$YINFA" import xuchang-nit "$work/import.xlsx" --output "$work/imported.xml"; then
  echo "yinfa import:     $IMP_N applicants ($(( $(stat -c %s "$work/import.xlsx") / 1024 )) KiB .xlsx) in $(wall_seconds "$work/import.log") s, peak $(peak_mib "$work/import.log") MiB"
else
  echo "yinfa import:     failed"
fi
# import's growth with the round (issue 21 §6: linear, not quadratic): each size of
# BENCH_IMPORT_SCALE exported by yinfa export and imported back; time and peak per applicant
for n in ${BENCH_IMPORT_SCALE:-2000 20000}; do
  if "$GEN" --applicants "$n" --seed "$SEED" --output "$work/scale-import.xml" &&
     "$YINFA" export xuchang-nit "$work/scale-import.xml" --output "$work/scale-import.xlsx" --force >/dev/null &&
     run_timed "yinfa import $n" "$work/scale-import.log" "$YINFA" import xuchang-nit "$work/scale-import.xlsx" \
       --output "$work/scale-imported.xml" --force; then
    w=$(wall_seconds "$work/scale-import.log") m=$(peak_mib "$work/scale-import.log")
    echo "yinfa import:     $n applicants (yinfa export's .xlsx) in $w s ($(awk -v w="$w" -v n="$n" 'BEGIN { printf "%.2f", w * 1000 / n }') ms each), peak $m MiB ($(awk -v m="$m" -v n="$n" 'BEGIN { printf "%.1f", m * 1024 / n }') KiB each)"
  else
    echo "yinfa import:     $n applicants failed"
  fi
  rm -f "$work/scale-import.xml" "$work/scale-import.xlsx" "$work/scale-imported.xml"
done

# The two font paths side by side (issue 16): the defaults (Noto CJK: CFF outlines, embedded as
# CIDFontType0C) against TrueType fonts for the same roles (AR PL SungtiL GB, WenQuanYi Zen Hei:
# glyf, CIDFontType2). Same round, fresh output each; CPU seconds are less sensitive to load.
if [ "${BENCH_FONTS:-1}" = 1 ] && [ "$run_rc" -eq 0 ]; then
  tt_ini="$work/truetype.ini"
  sed '/^\[fonts\]/,/^\[/{/^[a-z_]* *=/d}' "$ini" >"$tt_ini"
  grep -q '^\[fonts\]' "$tt_ini" || echo '[fonts]' >>"$tt_ini"
  sed -i '/^\[fonts\]/a body = /usr/share/fonts/truetype/arphic-gbsn00lp/gbsn00lp.ttf\ntitle = /usr/share/fonts/truetype/arphic-gbsn00lp/gbsn00lp.ttf\nheading = /usr/share/fonts/truetype/wqy/wqy-zenhei.ttc:0' "$tt_ini"
  echo
  echo "font path      documents/s  documents per CPU-s  KB per document"
  for path in cff truetype; do
    use_ini=$ini
    [ "$path" = truetype ] && use_ini=$tt_ini
    rm -rf "$out"
    if run_timed "$path run" "$work/$path.log" "$YINFA" run "$use_ini" --jobs "$JOBS" --force --quiet; then
      d=$(find "$out" -name '*.pdf' | wc -l)
      b=$(find "$out" -name '*.pdf' -printf '%s\n' | awk '{ s += $1 } END { print s + 0 }')
      t=$(wall_seconds "$work/$path.log")
      c=$(cpu_seconds "$work/$path.log")
      awk -v p="$path" -v d="$d" -v t="$t" -v c="$c" -v b="$b" \
        'BEGIN { printf "%-14s %11.1f %20.1f %16.1f\n", p, (t > 0 ? d / t : 0), (c > 0 ? d / c : 0), b / d / 1024 }'
    fi
  done
fi

# Henan scoring (issue 22 §4): `validate` of BENCH_HENAN enterprises ("2500 10000"; "" skips),
# the sample's 96 cloned (tests/cases/WEAK-henan-scoring-quadratic/make-round.py). Scoring is
# linear in the enterprises apart from its sorts: the seconds should grow about 4x from 2,500 to
# 10,000 (they grew 9.7x when every pair of enterprises was compared: 3.6 s -> 34.8 s).
if [ -n "${BENCH_HENAN-2500 10000}" ]; then
  for n in ${BENCH_HENAN-2500 10000}; do
    if (cd "$work" && python3 "$OLDPWD/tests/cases/WEAK-henan-scoring-quadratic/make-round.py" "$OLDPWD" "$n" >/dev/null) &&
       run_timed "henan $n" "$work/henan-$n.log" "$YINFA" validate --quiet "$work/big$n.xml"; then
      echo "henan validate:   $n enterprises in $(wall_seconds "$work/henan-$n.log") s, peak $(peak_mib "$work/henan-$n.log") MiB"
    else
      echo "henan validate:   $n enterprises failed"
    fi
  done
fi
exit "$run_rc"
