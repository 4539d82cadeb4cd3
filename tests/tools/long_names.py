#!/usr/bin/env python3
"""long_names.py: a sample round with long names, for the page checks (issue 20).

    long_names.py IN.xml OUT.xml [MIN [MAX]]

Every applicant's enterprise name and project name is lengthened to between MIN and MAX
characters (default 40 and 60; the lengths vary over the applicants and include both ends), by
words inserted before the name's last part (有限公司, 项目, 平台 ...), so names stay unique and
read like names. Everything else is kept as it is.
"""
import sys
import xml.etree.ElementTree as ET

FILL = "智能制造数字化转型工业互联网协同创新研发设计生产管控供应链服务能力提升示范应用"
SUFFIXES = ("股份有限公司", "有限责任公司", "有限公司", "项目", "平台", "中心", "工厂", "园区")


def lengthen(name, n):
    name = name.strip()
    if len(name) >= n:
        return name
    tail = next((s for s in SUFFIXES if name.endswith(s)), "")
    head = name[: len(name) - len(tail)]
    need = n - len(name)
    fill = (FILL * (need // len(FILL) + 1))[:need]
    return head + fill + tail


def main(argv):
    if len(argv) < 2:
        print(__doc__.strip().split("\n\n")[1], file=sys.stderr)
        return 2
    lo = int(argv[2]) if len(argv) > 2 else 40
    hi = int(argv[3]) if len(argv) > 3 else 60
    tree = ET.parse(argv[0])
    apps = list(tree.getroot().iter("applicant"))
    for i, a in enumerate(apps):
        span = hi - lo + 1
        for path, k in (("enterprise/name", i), ("project/name", i * 7 + 3)):
            e = a.find(path)
            if e is not None and e.text:
                e.text = lengthen(e.text, hi if i == 0 else lo if i == 1 else lo + k % span)
    tree.write(argv[1], encoding="UTF-8", xml_declaration=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
