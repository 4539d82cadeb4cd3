#!/usr/bin/env python3
"""cg_stages.py PROFILE DOCS: instructions per document by stage, from the callgrind profile of a
yinfa worker that made DOCS documents (tests/bench_instr.sh: collected only while producing and
hashing documents).

Stages are exclusive costs (each instruction counted once), grouped by the library it ran in, or
for yinfa's own code by the source folder; SHA-256 is its own stage, because valgrind hides the
CPU's SHA extensions and so counts it about 4x what it costs natively."""
import re
import sys

# (stage, test on (object, source file)): the first that matches
STAGES = [
    ("SHA-256 (core/sha256.c)", lambda ob, fl: fl.endswith("core/sha256.c")),
    ("font checks, once per font and worker", lambda ob, fl: fl.endswith("pdf/fontcheck.c")),
    ("hb_subset (HarfBuzz subsetter)", lambda ob, fl: "libharfbuzz-subset" in ob),
    ("HarfBuzz (shaping, font tables)", lambda ob, fl: "libharfbuzz" in ob),
    ("deflate (zlib, libdeflate)", lambda ob, fl: "libz.so" in ob or "libdeflate" in ob),
    ("libharu (drawing, writing)", lambda ob, fl: "libhpdf" in ob),
    ("pdf (yinfa: fonts, objects)", lambda ob, fl: "/src/pdf/" in fl),
    ("layout + text (yinfa)", lambda ob, fl: "/src/layout/" in fl or "/src/text/" in fl),
    ("template + input (yinfa, libxml2, ICU)",
     lambda ob, fl: "/src/template/" in fl or "/src/input/" in fl or "libxml2" in ob or "libicu" in ob),
    ("batch + cli (yinfa)", lambda ob, fl: "/src/batch/" in fl or "/src/cli/" in fl),
    ("libc (memcpy, malloc, I/O)", lambda ob, fl: "libc.so" in ob or "ld-linux" in ob),
]
OTHER = "other"


def parse(path):
    """Exclusive Ir per (object, file)."""
    names = {}  # (kind, id) -> name
    cost = {}
    ob = fl = fi = ""
    skip_next = False
    ref = re.compile(r"^\((\d+)\)(?: (.*))?$")

    def name(kind, rest):
        m = ref.match(rest)
        if not m:
            return rest
        key = (kind, m.group(1))
        if m.group(2) is not None:
            names[key] = m.group(2)
        return names.get(key, "?")

    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line:
                continue
            c = line[0]
            if c.isdigit() or c in "+-*":
                if skip_next:  # the inclusive cost of a call: not this function's own
                    skip_next = False
                    continue
                parts = line.split()
                if len(parts) >= 2:
                    key = (ob, fi or fl)
                    cost[key] = cost.get(key, 0) + int(parts[1])
                continue
            k, _, rest = line.partition("=")
            if k == "ob":
                ob = name("ob", rest)
            elif k == "fl":
                fl = name("fl", rest)
                fi = ""
            elif k in ("fi", "fe"):
                fi = name("fl", rest)
            elif k == "fn":
                fi = ""
            elif k in ("cob",):
                name("ob", rest)
            elif k in ("cfi", "cfl"):
                name("fl", rest)
            elif k == "cfn":
                name("fn", rest)
            elif k == "calls":
                skip_next = True
    return cost


def stages(cost):
    out = {}
    for (ob, fl), v in cost.items():
        for stage, test in STAGES:
            if test(ob, fl):
                break
        else:
            stage = OTHER
        out[stage] = out.get(stage, 0) + v
    return out


def main():
    path, docs = sys.argv[1], int(sys.argv[2])
    if docs <= 0:
        sys.exit("cg_stages: no documents")
    st = stages(parse(path))
    total = sum(st.values())
    apart = st.get(STAGES[0][0], 0) + st.get(STAGES[1][0], 0)
    print(f"  {'stage':42s} {'M instr/doc':>11s}")
    for stage in [s for s, _ in STAGES] + [OTHER]:
        print(f"  {stage:42s} {st.get(stage, 0) / docs / 1e6:11.2f}")
    print(f"  {'per document (without the two above)':42s} {(total - apart) / docs / 1e6:11.2f}")
    print(f"  {'per document, all':42s} {total / docs / 1e6:11.2f}")


if __name__ == "__main__":
    main()
