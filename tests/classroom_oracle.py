"""A student's variant of the lecture's 2-2-1 network, worked out by hand in exact Fractions.

Independent of nnderive: the variant's numbers are read from its spec.yaml with PyYAML, and
h1 = i1·w1 + i2·w2, …, Δ = out − actual, ∂E/∂w1 = Δ·w5·i1, … are written out here as the
slides write them. ``given`` replaces a quantity by the student's own (slipped) number, and
everything computed from it follows, as it does on a student's paper.
"""

from __future__ import annotations

from decimal import Decimal, localcontext
from fractions import Fraction as F
from pathlib import Path

import yaml


def variant(spec_yaml: Path) -> dict:
    data = yaml.safe_load(spec_yaml.read_text(encoding="utf-8"))
    (w1, w2), (w3, w4) = data["layers"][0]["weights"]
    ((w5, w6),) = data["layers"][1]["weights"]
    values = {"w1": w1, "w2": w2, "w3": w3, "w4": w4, "w5": w5, "w6": w6}
    values["i1"], values["i2"] = data["example"]["x"]
    (values["actual"],) = data["example"]["y"]
    values["eta"] = data["learning_rate"]
    return {name: F(str(v)) for name, v in values.items()}


def step1(v: dict, given: dict | None = None) -> dict:
    """Every quantity of iteration 1; ``given`` overrides quantities by the writer's numbers."""
    given = given or {}
    q = dict(v)

    def put(name, value):
        q[name] = given.get(name, value)

    put("h1", q["i1"] * q["w1"] + q["i2"] * q["w2"])
    put("h2", q["i1"] * q["w3"] + q["i2"] * q["w4"])
    put("out", q["h1"] * q["w5"] + q["h2"] * q["w6"])
    put("E", (q["out"] - q["actual"]) ** 2 / 2)
    put("Delta", q["out"] - q["actual"])
    put("dw1", q["Delta"] * q["w5"] * q["i1"])
    put("dw2", q["Delta"] * q["w5"] * q["i2"])
    put("dw3", q["Delta"] * q["w6"] * q["i1"])
    put("dw4", q["Delta"] * q["w6"] * q["i2"])
    put("dw5", q["Delta"] * q["h1"])
    put("dw6", q["Delta"] * q["h2"])
    for k in range(1, 7):
        put(f"w{k}_new", q[f"w{k}"] - q["eta"] * q[f"dw{k}"])
    return q


#: the answers of the default exercise, in the sheet's order, and how the checker's notation
#: writes each one's left-hand side
ANSWERS = [
    ("h1", "h_1"),
    ("h2", "h_2"),
    ("out", r"\mathit{out}"),
    ("E", r"\text{Error}"),
    ("Delta", r"\Delta"),
    *((f"dw{k}", rf"\frac{{\partial \text{{Error}}}}{{\partial w_{k}}}") for k in range(1, 7)),
    *((f"w{k}_new", f"{{w_{k}}}'") for k in range(1, 7)),
]


def gradient_slips(v: dict, k: int) -> dict[str, F]:
    """The common slips on ∂E/∂w_k of iteration 1, each computed by hand."""
    q = step1(v)
    d = q["Delta"]
    if k >= 5:
        h, other = (q["h1"], q["h2"]) if k == 5 else (q["h2"], q["h1"])
        return {"sign": -d * h, "missing h": d, "missing Δ": h, "index": d * other}
    w_out = q["w5"] if k <= 2 else q["w6"]
    w_other = q["w6"] if k <= 2 else q["w5"]
    i, i_other = (q["i1"], q["i2"]) if k % 2 else (q["i2"], q["i1"])
    w_new = q["w5_new"] if k <= 2 else q["w6_new"]
    slips = {
        "sign": -d * w_out * i,
        "missing Δ": w_out * i,
        "missing w": d * i,
        "missing i": d * w_out,
        "index i": d * w_out * i_other,
        "index w": d * w_other * i,
        "stale w (already updated)": d * w_new * i,
    }
    if k in (2, 3):  # w2 = i2→h1 and w3 = i1→h2 are each other's transpose
        slips["transposed"] = q["dw3"] if k == 2 else q["dw2"]
    return slips


def decimal(value: F, places: int | None = None) -> str:
    """The exact decimal of a terminating fraction, or rounded half-even to ``places``."""
    with localcontext() as ctx:
        ctx.prec = 100
        d = Decimal(value.numerator) / Decimal(value.denominator)
        if places is not None:
            d = d.quantize(Decimal(1).scaleb(-places))
    text = format(d, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def fixed(value: F, places: int) -> str:
    """Rounded half-even to ``places`` decimals, trailing zeros kept (as the sheet asks)."""
    with localcontext() as ctx:
        ctx.prec = 100
        d = (Decimal(value.numerator) / Decimal(value.denominator)).quantize(
            Decimal(1).scaleb(-places)
        )
    return format(d, "f")
