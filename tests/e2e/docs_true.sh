#!/bin/bash
# The documentation says what yinfa does (issue 26 §4): every command-line option yinfa's help
# names is documented in docs/cli.md or docs/import.md, and every option those documents name is
# one yinfa accepts; every command of the help is in the synopsis of docs/cli.md; every key of
# [round], [output] and [fonts] that yinfa knows is in the tables of docs/cli.md and the other way
# round; the xuchang-nit parameters `yinfa programs` lists are the ones docs/cli.md's table gives.
# The options the help names are the ones src/cli's code reads (both ways).
# The lists yinfa knows come from yinfa itself (its help, the "unknown key" message that names
# every key of a section, `yinfa programs`), never from a copy kept here.
source "$(dirname "$0")/../e2e_lib.sh"
T=$E2E_TMP
CLI=$ROOT/docs/cli.md
# Options of other tools that the documents mention (samples/gen-program-xlsx.py, and the
# `--opt VALUE` of the sentence on how options take values).
NOT_YINFA="--one-sheet --opt"

sorted_words() { tr ' ' '\n' | grep -v '^$' | sort -u; }

"$YINFA" --help >"$T/help" 2>&1
check "yinfa --help runs" test -s "$T/help"
help_opts=$(grep -oE -- '--[a-z][a-z-]+' "$T/help" | sorted_words)
doc_opts=$(cat "$CLI" "$ROOT/docs/import.md" | grep -oE -- '--[a-z][a-z-]+' | sorted_words |
  grep -vxF -f <(echo "$NOT_YINFA" | sorted_words))
n_help=$(wc -w <<<"$help_opts")
check "the help names at least 15 options ($n_help)" test "$n_help" -ge 15
undocumented=$(comm -23 <(echo "$help_opts") <(echo "$doc_opts") | tr '\n' ' ')
check "every option of the help is documented${undocumented:+ (not: $undocumented)}" test -z "$undocumented"
unknown=$(comm -13 <(echo "$help_opts") <(echo "$doc_opts") | tr '\n' ' ')
check "every documented option is in the help${unknown:+ (not: $unknown)}" test -z "$unknown"

# The options the command line's C code reads (src/cli/*.c: cli_option_value's names and the words
# compared with argv) are the help's: an option added to the code without the help fails here.
code_opts=$(grep -ohE -- '(cli_option_value\([^"]*|strcmp\((cmd|argv\[[a-z0-9]+\]), )"--[a-z][a-z-]+"' "$ROOT"/src/cli/*.c |
  grep -oE -- '--[a-z][a-z-]+' | sorted_words)
check "the C code reads at least 15 options ($(wc -w <<<"$code_opts"))" test "$(wc -w <<<"$code_opts")" -ge 15
d=$(comm -3 <(echo "$code_opts") <(echo "$help_opts") | tr -d '\t' | tr '\n' ' ')
check "the options src/cli reads are the help's${d:+ (differ: $d)}" test -z "$d"

# Each documented option is accepted by some command (not "unknown option" for all of them).
refused=""
for o in $doc_opts; do
  ok=no
  for c in run validate verify fonts import export programs calendar; do
    if ! "$YINFA" $c "$o" </dev/null 2>&1 | grep -q "unknown option '$o'"; then ok=yes; break; fi
  done
  [ "$ok" = yes ] || refused+=" $o"
done
check "every documented option is accepted by a command${refused:+ (refused:$refused)}" test -z "$refused"
check "an unknown option is refused as such (the check above can fail)" \
  bash -c "'$YINFA' run x.ini --no-such-option 2>&1 | grep -q \"unknown option '--no-such-option'\""

# Commands: the help's "yinfa CMD" lines against docs/cli.md's synopsis block (its first ``` block).
help_cmds=$(grep -oE '^  yinfa [a-z]+' "$T/help" | awk '{ print $2 }' | sorted_words)
syn_cmds=$(awk '/^```/ { n++; next } n == 1' "$CLI" | grep -oE '^yinfa [a-z]+' | awk '{ print $2 }' | sorted_words)
check "the help lists at least 8 commands ($(wc -w <<<"$help_cmds"))" test "$(wc -w <<<"$help_cmds")" -ge 8
missing=$(comm -23 <(echo "$help_cmds") <(echo "$syn_cmds") | tr '\n' ' ')
check "docs/cli.md's synopsis has every command${missing:+ (not: $missing)}" test -z "$missing"
extra=$(comm -13 <(echo "$help_cmds") <(echo "$syn_cmds") | tr '\n' ' ')
check "docs/cli.md's synopsis has no command yinfa lacks${extra:+ ($extra)}" test -z "$extra"
# Every option a command's synopsis line shows is one the help shows for that command's group.
syn_opts=$(awk '/^```/ { n++; next } n == 1' "$CLI" | grep -oE -- '--[a-z][a-z-]+' | sorted_words)
missing=$(comm -23 <(echo "$syn_opts") <(echo "$help_opts") | tr '\n' ' ')
check "the synopsis shows no option the help lacks${missing:+ ($missing)}" test -z "$missing"
for o in --prune --only --programs --allow-unknown-calendar; do
  check "the synopsis shows $o" grep -qF -- "$o" <(awk '/^```/ { n++; next } n == 1' "$CLI")
done

# INI keys of [round], [output], [fonts]: the "unknown key" message names every key of the
# section; docs/cli.md's table of that section lists its keys in its first column.
doc_keys() { # SECTION: the `key` cells of the table under "### `[SECTION]`"
  awk -v h="### \`[$1]\`" '$0 == h { on = 1; next } on && /^### / { on = 0 } on && /^\| `/' "$CLI" |
    cut -d'|' -f2 | grep -oE '`[a-z_]+`' | tr -d '`' | sorted_words
}
for sec in round output fonts; do
  { printf '[%s]\nzz_no_such_key = 1\n' "$sec"; grep -v '^\s*$' "$ROOT/samples/xuchang-2022.ini" |
      awk -v s="[$sec]" 'BEGIN { skip = 0 } /^\[/ { skip = ($1 == s) } !skip'; } >"$T/$sec.ini"
  "$YINFA" validate --config "$T/$sec.ini" "$ROOT/samples/xuchang-2022.xml" >/dev/null 2>"$T/$sec.err"
  known=$(grep -m1 'unknown key "zz_no_such_key"' "$T/$sec.err" | sed -E 's/.*the keys there are //' |
    tr -d ',' | sorted_words)
  documented=$(doc_keys "$sec")
  check "[$sec]: yinfa names its keys ($(wc -w <<<"$known"))" test "$(wc -w <<<"$known")" -ge 2
  check "[$sec]: docs/cli.md has a table of keys ($(wc -w <<<"$documented"))" test "$(wc -w <<<"$documented")" -ge 2
  d=$(comm -3 <(echo "$known") <(echo "$documented") | tr -d '\t' | tr '\n' ' ')
  check "[$sec]: the keys yinfa knows are the documented ones${d:+ (differ: $d)}" test -z "$d"
done

# The xuchang-nit parameters: `yinfa programs` against docs/cli.md's table of them.
prog=$("$YINFA" programs xuchang-nit 2>&1 | grep -oE '^    \[[a-z-]+\] [a-z_]+' | sed -E 's/^ +//' | sort -u)
docp=$(grep -oE '^\| `\[[a-z-]+\] [a-z_]+`' "$CLI" | sed -E 's/^\| `//; s/`$//' | sort -u)
check "xuchang-nit has parameters ($(wc -l <<<"$prog"))" test "$(wc -l <<<"$prog")" -ge 8
d=$(comm -3 <(echo "$prog") <(echo "$docp") | tr -d '\t' | tr '\n' ';')
check "docs/cli.md lists exactly xuchang-nit's parameters${d:+ (differ: $d)}" test -z "$d"

finish
