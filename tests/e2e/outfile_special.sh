#!/bin/bash
# A document's name in run's output folder held by a FIFO or a device node is never turned into a
# regular file (we run as root: /dev/null's node would be replaced), --force or not: that document
# fails, the others are written (outfile_commit refuses, for every writer).
source "$(dirname "$0")/../e2e_lib.sh"
T="$E2E_TMP"
mkdir "$T/o"
mkfifo "$T/o/notice.pdf"
mknod "$T/o/notice.docx" c 1 3
"$YINFA" run samples/xuchang-2022.ini --output "$T/o" --only notice >"$T/out" 2>"$T/err"
rc=$?
check "a FIFO and a device at documents' names: run fails (exit non-zero)" test "$rc" -ne 0
check "the FIFO is still a FIFO" test -p "$T/o/notice.pdf"
check "the device is still a character device" test -c "$T/o/notice.docx"
check "the message names the document" grep -q "notice.pdf: error: cannot write file" "$T/err"
"$YINFA" run samples/xuchang-2022.ini --output "$T/o" --only notice --force >"$T/out" 2>"$T/err"
rc=$?
check "with --force too: exit non-zero" test "$rc" -ne 0
check "with --force: the FIFO kept" test -p "$T/o/notice.pdf"
check "with --force: the device kept" test -c "$T/o/notice.docx"
check "no temporary file is left" bash -c "! ls -A '$T/o' | grep -q tmp"
finish
