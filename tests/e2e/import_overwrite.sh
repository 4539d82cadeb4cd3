#!/bin/bash
# Import and export never replace a file they read (tests/cases/FAILS-import-export-overwrite-their-input):
# an --output that is an input, by its name, another spelling, a symbolic or a hard link, is refused
# with exit 2 before anything is written; an existing output is replaced only with --force, and
# then atomically (no temporary file left).
source "$(dirname "$0")/../e2e_lib.sh"
T="$E2E_TMP"
cp samples/xuchang-2022.xlsx "$T/s.xlsx"
cp samples/xuchang-2022.xml "$T/r.xml"
python3 tests/import/program_csv.py xuchang-nit "$T/r.xml" "$T/a.csv"
cp templates/xuchang-nit/import.xml "$T/m.xml"
(cd "$T" && md5sum a.csv s.xlsx r.xml m.xml >before.md5)
y() { (cd "$T" && "$YINFA" "$@" >out 2>err); rc=$?; }
has() { grep -qF -- "$1" "$T/err" || { echo "--- stderr:"; cat "$T/err"; return 1; }; }

y import xuchang-nit a.csv --output a.csv
check "import a.csv --output a.csv: exit 2" test "$rc" -eq 2
check "import a.csv --output a.csv: says it would be replaced" has "a.csv: error: --output a.csv is a.csv, one of the files being read: it would be replaced"
y import xuchang-nit s.xlsx --output s.xlsx --force
check "import s.xlsx --output s.xlsx --force: still refused (exit 2)" test "$rc" -eq 2
y export xuchang-nit r.xml --output r.xml --force
check "export r.xml --output r.xml --force: refused (exit 2)" test "$rc" -eq 2
check "export: names the round" has "--output r.xml is r.xml, one of the files being read"
y import xuchang-nit s.xlsx --output ./sub/../s.xlsx
mkdir -p "$T/sub"
y import xuchang-nit s.xlsx --output ./sub/../s.xlsx --force
check "another spelling of the path: refused" test "$rc" -eq 2
ln -s s.xlsx "$T/link.xml"
y import xuchang-nit s.xlsx --output link.xml --force
check "a symbolic link to the input: refused" test "$rc" -eq 2
ln "$T/a.csv" "$T/hard.xml"
y import xuchang-nit a.csv --output hard.xml --force
check "a hard link to the input: refused" test "$rc" -eq 2
y import xuchang-nit s.xlsx --mapping m.xml --output m.xml --force
check "the mapping as output: refused" test "$rc" -eq 2
check "no input changed" bash -c "cd '$T' && md5sum -c --quiet before.md5"

# an existing output: only with --force, and atomically
echo old >"$T/out.xml"
y import xuchang-nit s.xlsx --output out.xml
check "an existing output without --force: exit 2" test "$rc" -eq 2
check "an existing output: says --force" has "out.xml: error: out.xml already exists: give another file name, or --force to replace it"
check "an existing output: kept" test "$(cat "$T/out.xml")" = old
y import xuchang-nit s.xlsx --output out.xml --force
check "--force replaces it (exit 0)" test "$rc" -eq 0
check "--force: the round is written" grep -q '<review-round' "$T/out.xml"
echo old >"$T/out.xlsx"
y export xuchang-nit r.xml --output out.xlsx
check "export over an existing file without --force: exit 2" test "$rc" -eq 2
check "export: the existing file kept" test "$(cat "$T/out.xlsx")" = old
y export xuchang-nit r.xml --output out.xlsx --force
check "export --force replaces it" bash -c "[ $rc -eq 0 ] && head -c 2 '$T/out.xlsx' | grep -q PK"
check "no temporary file is left" bash -c "! ls -A '$T' | grep -q tmp"
# special files and links are never replaced, --force or not (we run as root: /dev/null would
# become a regular file); a symbolic link, dangling or not, is refused, never followed
mkfifo "$T/ff"
mknod "$T/nulldev" c 1 3
for o in ff nulldev; do
  y import xuchang-nit s.xlsx --output $o --force
  check "import --output $o --force: exit 2" test "$rc" -eq 2
  check "import --output $o --force: says not a regular file" has "--output $o exists and is not a regular file"
  check "import: $o is still not a regular file" test ! -f "$T/$o"
  y export xuchang-nit r.xml --output $o --force
  check "export --output $o --force: exit 2" test "$rc" -eq 2
  check "export: $o is still not a regular file" test ! -f "$T/$o"
done
check "the device is still a character device" test -c "$T/nulldev"
check "the FIFO is still a FIFO" test -p "$T/ff"
ln -s nowhere.xml "$T/dangling.xml"
y import xuchang-nit s.xlsx --output dangling.xml
check "a dangling link as --output: exit 2" test "$rc" -eq 2
check "a dangling link: says link" has "--output dangling.xml is a symbolic link"
check "a dangling link: still a link" test -L "$T/dangling.xml"
y export xuchang-nit r.xml --output dangling.xml --force
check "export to a dangling link with --force: exit 2, still a link" bash -c "[ $rc -eq 2 ] && [ -L '$T/dangling.xml' ]"
y import xuchang-nit s.xlsx --output /dev/stdout --force
check "--output /dev/stdout --force: exit 2, /dev/stdout still a link" bash -c "[ $rc -eq 2 ] && [ -L /dev/stdout ]"
ln -s out.xml "$T/tofile.xml"
y import xuchang-nit s.xlsx --output tofile.xml --force
check "a link to another file with --force: exit 2, link kept" bash -c "[ $rc -eq 2 ] && [ -L '$T/tofile.xml' ]"
LANG=zh_CN.UTF-8 y import xuchang-nit s.xlsx --output ff --force
check "not a regular file, in Chinese" has "--output ff 已存在且不是普通文件"
LANG=zh_CN.UTF-8 y import xuchang-nit a.csv --output a.csv
check "in Chinese" has "--output a.csv 就是正在读取的文件 a.csv：它会被替换；请换一个文件名"
finish
