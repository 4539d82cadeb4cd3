#!/usr/bin/env python3
"""The Xuchang sample round's documents read back (tests/e2e/run_sample.sh): one process reads the
round once and each PDF's text once (pdftotext), instead of a process per field.

usage: sample_check.py ROUND.xml OUTDIR
Prints "ok NAME" / "FAIL NAME: why" lines and "check: N passed, N failed"."""
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

passed = failed = 0


def check(name, ok, why=""):
    global passed, failed
    if ok:
        passed += 1
        print("ok   " + name)
    else:
        failed += 1
        print("FAIL " + name + (": " + why[:600] if why else ""))


def flat(path):
    """The text of a PDF without spaces and line breaks (table cells wrap anywhere)."""
    try:
        out = subprocess.run(["pdftotext", "-raw", "-enc", "UTF-8", path, "-"], capture_output=True, check=True).stdout
    except (subprocess.CalledProcessError, FileNotFoundError):
        return None
    return re.sub(r"[ \n\f\r\t]", "", out.decode("utf-8"))


def squash(s):
    return re.sub(r"[ \n\r\t]", "", s or "")


def main():
    xml, out = sys.argv[1], sys.argv[2]
    root = ET.parse(xml).getroot()
    apps = list(root.iter("applicant"))
    check("sample has at least 40 applicants (%d)" % len(apps), len(apps) >= 40)

    missing, badtext, badtick, texts = [], [], [], {}
    for a in apps:
        aid = a.get("id")
        name = squash(a.findtext("enterprise/name"))
        code = a.findtext("enterprise/credit-code") or ""
        proj = squash(a.findtext("project/name"))
        direction = a.find("project").get("direction") or ""
        app = flat("%s/applicants/%s/application.pdf" % (out, aid))
        rev = flat("%s/applicants/%s/review-form.pdf" % (out, aid))
        if app is None or rev is None:
            missing.append(aid)
            continue
        texts[aid] = app
        badtext += ["%s application lacks %s" % (aid, w) for w in (name, code, proj) if w not in app]
        badtext += ["%s review form lacks %s" % (aid, w) for w in (name, proj, direction) if w not in rev]
        # the ticked box is drawn as a vector mark with the text ☑ behind it for extraction
        if "☑" + direction not in app or app.count("☑") != 1 or app.count("☐") != 3:
            badtick.append("%s: %d ticked, %d empty, %s" % (aid, app.count("☑"), app.count("☐"), direction))
    check("every applicant has an application and a review form", not missing, " ".join(missing))

    # the longest project summary (about 3,000 characters) flows over pages, every character kept
    longest = max(apps, key=lambda a: len(a.findtext("project/summary") or ""))
    lid = longest.get("id")
    summary = squash(longest.findtext("project/summary"))
    check("the longest summary (%s, %d characters) is long" % (lid, len(summary)), len(summary) >= 3000)
    pages = subprocess.run(["pdfinfo", "%s/applicants/%s/application.pdf" % (out, lid)], capture_output=True,
                           text=True).stdout
    m = re.search(r"^Pages:\s+(\d+)", pages, re.M)
    n = int(m.group(1)) if m else 0
    check("and its form runs to more pages (%d)" % n, n >= 4)
    # (each page it continues on repeats the row's label as 项目信息简述（续）, taken out here)
    whole = texts.get(lid, "")
    check("and gives back the whole summary, in order", summary in whole.replace("项目信息简述（续）", ""))
    check("and repeats the row's label with （续） where it continues", "项目信息简述（续）" in whole)
    check("forms give back name, credit code, project (and direction)", not badtext, "; ".join(badtext[:5]))
    check("the applicant's direction is the one ticked box of four", not badtick, "; ".join(badtick[:5]))

    # each county summary lists its applicants
    bad = []
    for county in sorted({a.get("county") for a in apps}):
        t = flat("%s/counties/%s/summary.pdf" % (out, county))
        if t is None:
            bad.append("no summary for " + county)
            continue
        bad += ["summary of %s lacks %s" % (county, squash(a.findtext("enterprise/name")))
                for a in apps if a.get("county") == county and squash(a.findtext("enterprise/name")) not in t]
    check("each county summary lists its applicants", not bad, "; ".join(bad[:5]))

    # the notice lists the admitted applicants and no other
    notice = flat(out + "/notice.pdf") or ""
    wrong = []
    for a in apps:
        name = squash(a.findtext("enterprise/name"))
        decision = a.findtext("review/decision")
        if (decision == "admitted") != (name in notice):
            wrong.append("%s %s" % (decision, name))
    admitted = sum(1 for a in apps if a.findtext("review/decision") == "admitted")
    check("notice lists exactly the admitted applicants (%d)" % admitted, notice and admitted > 0 and not wrong,
          "; ".join(wrong[:5]))
    check("notice gives the publicity period (5 working days from Mon 9 May)", "2022年5月9日至2022年5月13日" in notice)
    print("check: %d passed, %d failed" % (passed, failed))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
