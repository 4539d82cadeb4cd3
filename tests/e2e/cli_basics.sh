#!/bin/bash
# The binary starts, answers --version and refuses an unknown command with exit 2.
source "$(dirname "$0")/../e2e_lib.sh"
check "version prints a version" bash -c "'$YINFA' --version | grep -q '^yinfa '"
"$YINFA" frobnicate 2>/dev/null; rc=$?
check "unknown command exits 2" test "$rc" -eq 2
finish
