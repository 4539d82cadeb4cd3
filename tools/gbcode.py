"""The check characters of GB 11714-1997 (organisation code) and GB 32100-2015 (unified social
credit code), and a random credit code with a correct check, shared by the sample generators
(tools/gen-*.py, samples/gen-xuchang-2022.py). The random draws keep the order every generator
used before, so the committed samples regenerate unchanged."""

A31 = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # GB 32100 alphabet: no I, O, S, V, Z
W31 = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]


def org_code(body8):
    """GB 11714-1997 organisation code: 8 characters and a check character."""
    v = lambda c: int(c) if c.isdigit() else ord(c) - 55
    s = sum(v(c) * w for c, w in zip(body8, [3, 7, 9, 10, 5, 8, 4, 2]))
    c = 11 - s % 11
    return body8 + ("X" if c == 10 else "0" if c == 11 else str(c))


def credit_code_of(region, org):
    """GB 32100-2015: 91 (enterprise), the 6-digit region, the 9-character organisation code, a check."""
    c17 = "91" + region + org
    s = sum(A31.index(ch) * w for ch, w in zip(c17, W31))
    return c17 + A31[(31 - s % 31) % 31]


def random_org(rng, ma_share):
    """An organisation code: 'MA' and six letters/digits (codes issued since 2015) with probability
    ma_share, else eight digits."""
    if rng.random() < ma_share:
        body = "MA" + "".join(rng.choice(A31[:-1]) for _ in range(6))
    else:
        body = "".join(rng.choice("0123456789") for _ in range(8))
    return org_code(body)


def random_credit_code(rng, region, ma_share):
    return credit_code_of(region, random_org(rng, ma_share))
