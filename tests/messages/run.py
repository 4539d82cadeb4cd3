#!/usr/bin/env python3
"""The one driver of yinfa's message expectations: tests/messages/*.test (docs/testing.md).

usage: run.py YINFA TMPDIR [FILE.test...]   (default: every tests/messages/*.test)

A .test file is a list of cases, each starting with a line `%%CASE NAME`; lines starting with
`#` are comments. A case is a sample round edited in one place, a command, and what the command
must say. Directives, one a line (a directive may repeat where it says so):

  sample NAME        samples/NAME.ini and samples/NAME.xml
  ini SED            a sed expression applied to the INI (repeatable, in order)
  round SED          a sed expression applied to the round (repeatable); the case then reads
                     its own copy of the round
  round-of CASE      read the round edited by an earlier case of the file
  lang zh            run with LANG=zh_CN.UTF-8 (default: LANG=C.UTF-8, English)
  command validate   `yinfa validate ROUND --config INI` (the default)
  command run        `yinfa run INI --quiet`, writing into the case's own empty folder
  exit N             the exit status (default: 0 for validate without `says`, else required)
  says TEXT          stderr contains TEXT (repeatable)
  says-line TEXT     a line of stderr starts with TEXT (repeatable)
  not TEXT           stderr does not contain TEXT (repeatable)
  not-re RE          no line of stderr matches the regular expression RE (repeatable)
  silent             stderr is empty
  clean              stderr has no warning, error or note
  wrote-nothing      (run) the output folder is empty or absent

Placeholders in `round`, `says` and `not`: {ini} and {xml} are the paths of the case's INI and
round as given to yinfa; {ini-line RE} the first line of the case's INI that matches the
regular expression RE; {xml-line RE} the same in the round (the sample's own lines: an edit
changes no line numbers); {applicant-at RE} the id of the applicant whose element holds that
line. Each directive is a check of its own; the output is one `ok`/`FAIL` line per check and
`check: N passed, N failed`.
"""
import glob
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


class Case:
    def __init__(self, name, path, line):
        self.name, self.where = name, "%s:%d" % (os.path.relpath(path, ROOT), line)
        self.sample = None
        self.ini_edits, self.round_edits = [], []
        self.round_of = None
        self.lang = None
        self.command = "validate"
        self.exit = None
        self.says, self.nots, self.not_res, self.line_starts = [], [], [], []
        self.silent = self.clean = self.wrote_nothing = False


def parse(path):
    cases, case = [], None
    for n, raw in enumerate(open(path, encoding="utf-8"), 1):
        line = raw.rstrip("\n")
        if not line.strip() or line.startswith("#"):
            continue
        if line.startswith("%%CASE "):
            case = Case(line[7:].strip(), path, n)
            cases.append(case)
            continue
        if case is None:
            raise SystemExit("%s:%d: a directive before the first %%%%CASE" % (path, n))
        word, _, arg = line.partition(" ")
        if word == "sample":
            case.sample = arg
        elif word == "ini":
            case.ini_edits.append(arg)
        elif word == "round":
            case.round_edits.append(arg)
        elif word == "round-of":
            case.round_of = arg
        elif word == "lang":
            case.lang = arg
        elif word == "command" and arg in ("validate", "run"):
            case.command = arg
        elif word == "exit":
            case.exit = int(arg)
        elif word == "says":
            case.says.append(arg)
        elif word == "not":
            case.nots.append(arg)
        elif word == "says-line":
            case.line_starts.append(arg)
        elif word == "not-re":
            case.not_res.append(arg)
        elif word in ("silent", "clean", "wrote-nothing") and not arg:
            setattr(case, word.replace("-", "_"), True)
        else:
            raise SystemExit("%s:%d: unknown directive %r" % (path, n, line))
    return cases


def line_of(path, regex):
    with open(path, encoding="utf-8") as f:
        for n, text in enumerate(f, 1):
            if re.search(regex, text):
                return n
    raise ValueError("no line of %s matches %r" % (path, regex))


def applicant_at(path, regex):
    n = line_of(path, regex)
    with open(path, encoding="utf-8") as f:
        head = [next(f) for _ in range(n)]
    ids = re.findall(r'<applicant id="([^"]*)"', "".join(head))
    if not ids:
        raise ValueError("no applicant before line %d of %s" % (n, path))
    return ids[-1]


def expand(text, env):
    def one(m):
        kind, arg = m.group(1), m.group(2)
        if kind == "ini-line":
            return str(line_of(env["ini_abs"], arg))
        if kind == "xml-line":
            return str(line_of(env["sample_xml"], arg))
        if kind == "applicant-at":
            return applicant_at(env["sample_xml"], arg)
        return m.group(0)
    text = re.sub(r"\{(ini-line|xml-line|applicant-at) ([^}]*)\}", one, text)
    return text.replace("{ini}", env["ini"]).replace("{xml}", env["xml"])


def sed(exprs, src, dst):
    args = ["sed"]
    for e in exprs:
        args += ["-e", e]
    with open(src, "rb") as i, open(dst, "wb") as o:
        subprocess.run(args, stdin=i, stdout=o, check=True)


class Results:
    def __init__(self):
        self.passed = self.failed = 0

    def check(self, name, ok, detail=""):
        if ok:
            self.passed += 1
            print("ok   " + name)
        else:
            self.failed += 1
            print("FAIL " + name + (": " + detail if detail else ""))


def run_case(yinfa, tmp, case, rounds, res):
    label = "%s (%s)" % (case.name, case.where)
    if not case.sample:
        res.check(label + ": names a sample", False)
        return
    sample_xml = os.path.join(ROOT, "samples", case.sample + ".xml")
    xml = "samples/%s.xml" % case.sample
    env = {"sample_xml": sample_xml, "ini": "", "xml": xml, "ini_abs": ""}
    if case.round_edits:
        xml = os.path.join(tmp, case.name + ".xml")
        sed([expand(e, env) for e in case.round_edits], sample_xml, xml)
    elif case.round_of:
        xml = rounds[case.round_of]
    rounds[case.name] = xml
    ini = os.path.join(tmp, case.name + ".ini")
    out = os.path.join(tmp, case.name + "-out")
    xml_abs = xml if os.path.isabs(xml) else os.path.join(ROOT, xml)
    sed(["s|^input *=.*|input = %s|" % xml_abs, "s|^output *=.*|output = %s|" % out] + case.ini_edits,
        os.path.join(ROOT, "samples", case.sample + ".ini"), ini)
    env.update(ini=ini, ini_abs=ini, xml=xml)
    cmd = [yinfa, "validate", xml, "--config", ini] if case.command == "validate" else [yinfa, "run", ini, "--quiet"]
    child_env = dict(os.environ, LANG="zh_CN.UTF-8" if case.lang == "zh" else "C.UTF-8")
    child_env.pop("LC_ALL", None)
    child_env.pop("LC_MESSAGES", None)
    p = subprocess.run(cmd, cwd=ROOT, env=child_env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    err = p.stderr.decode("utf-8", "replace")
    expects_text = case.says or case.line_starts
    want = case.exit if case.exit is not None else (0 if case.command == "validate" and not expects_text else None)
    if want is None:
        res.check(label + ": says its exit status", False, "an `exit` line is required with `says` or `command run`")
    else:
        res.check("%s: %s exits %d" % (label, case.command, want), p.returncode == want, "exit %d; %s" % (p.returncode, err[-400:]))
    for text in case.says:
        try:
            t = expand(text, env)
        except ValueError as e:
            res.check("%s: says %r" % (label, text), False, str(e))
            continue
        res.check("%s: says \"%s\"" % (label, t), t in err, err[-600:])
    for text in case.nots:
        t = expand(text, env)
        res.check("%s: does not say \"%s\"" % (label, t), t not in err, err[-600:])
    for text in case.line_starts:
        t = expand(text, env)
        res.check("%s: a line starts \"%s\"" % (label, t), any(l.startswith(t) for l in err.splitlines()), err[-400:])
    for regex in case.not_res:
        bad = [l for l in err.splitlines() if re.search(regex, l)]
        res.check("%s: no line matches /%s/" % (label, regex), not bad, "; ".join(bad[:3]))
    if case.silent:
        res.check(label + ": says nothing", err == "", err[-400:])
    if case.clean:
        res.check(label + ": no warning, error or note", not re.search(r"warning|error|note", err), err[-400:])
    if case.wrote_nothing:
        res.check(label + ": writes nothing", not os.path.isdir(out) or not os.listdir(out), str(os.listdir(out)) if os.path.isdir(out) else "")


def main():
    if len(sys.argv) < 3:
        raise SystemExit(__doc__)
    yinfa, tmp = sys.argv[1], sys.argv[2]
    files = sys.argv[3:] or sorted(glob.glob(os.path.join(ROOT, "tests", "messages", "*.test")))
    res = Results()
    if not os.access(yinfa, os.X_OK):
        res.check("the binary under test %s exists" % yinfa, False)
        print("check: %d passed, %d failed" % (res.passed, res.failed))
        sys.exit(1)
    for path in files:
        cases = parse(path)
        res.check("%s has cases (%d)" % (os.path.relpath(path, ROOT), len(cases)), len(cases) > 0)
        rounds = {}
        for case in cases:
            run_case(yinfa, tmp, case, rounds, res)
    res.check("message files were read (%d)" % len(files), len(files) > 0)
    print("check: %d passed, %d failed" % (res.passed, res.failed))
    sys.exit(1 if res.failed else 0)


if __name__ == "__main__":
    main()
