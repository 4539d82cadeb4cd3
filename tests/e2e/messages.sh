#!/bin/bash
# The message expectations kept as data (tests/messages/*.test), run by their one driver,
# tests/messages/run.py: a sample round edited in one place, the command, its exit status and
# what it must and must not say. docs/testing.md.
source "$(dirname "$0")/../e2e_lib.sh"
python3 "$ROOT/tests/messages/run.py" "$YINFA" "$E2E_TMP"
