"""Independent arithmetic for the hmkcode example (claims.tex), line by line.

Standalone: exact rational arithmetic with fractions.Fraction (the network is linear), nothing
from nnderive. For each numeric line it prints the true value, the written number(s), the value of
the written expression where the figure puts rounded numbers in, and whether each written number
rounds the value (|written - value| <= half a unit in its last place). Run: python oracle.py
"""

from fractions import Fraction as F


def decimals(text):
    return len(text.split(".")[1]) if "." in text else 0


def rounds_to(written, value):
    return abs(F(written) - value) <= F(1, 2) / 10 ** decimals(written)


def num(value):
    return f"{float(value):.12g}" if value.denominator != 1 else str(value.numerator)


def show(line, subject, true, written=(), writer=None):
    true, written = list(true), list(written)
    row = f"line {line:3d}  {subject:<22} true=[{', '.join(num(v) for v in true)}]"
    if written:
        row += (
            f"  written={written}  rounds(true)={[rounds_to(w, v) for w, v in zip(written, true)]}"
        )
    if writer is not None:
        row += f"  writer=[{', '.join(num(v) for v in writer)}]"
        row += f" rounds(writer)={[rounds_to(w, v) for w, v in zip(written, writer)]}"
    print(row)


def symbolic(line, what):
    print(f"line {line:3d}  {what}")


i1, i2, actual = F(2), F(3), F(1)
w = {k: F(v) for k, v in zip(range(1, 7), ("0.11", "0.21", "0.12", "0.08", "0.14", "0.15"))}
a = F("0.05")


def forward(w):
    h1 = i1 * w[1] + i2 * w[2]
    h2 = i1 * w[3] + i2 * w[4]
    return h1, h2, h1 * w[5] + h2 * w[6]


h1, h2, out = forward(w)
delta = out - actual
error = (out - actual) ** 2 / 2
grad = {
    6: delta * h2,
    5: delta * h1,
    4: delta * w[6] * i2,
    3: delta * w[6] * i1,
    2: delta * w[5] * i2,
    1: delta * w[5] * i1,
}
new = {k: w[k] - a * grad[k] for k in w}
h1b, h2b, outb = forward(new)

show(9, "h1, h2, prediction", (h1, h2, out), ("0.85", "0.48", "0.191"))
show(10, "h1", (h1,), (".85",), (2 * F(".11") + 3 * F(".21"),))
show(11, "h2", (h2,), (".48",), (2 * F(".12") + 3 * F(".08"),))
show(12, "prediction", (out,), (".191",), (F(".85") * F(".14") + F(".48") * F(".15"),))
symbolic(13, "Error = 1/2 (prediction - actual)^2 (definition)")
show(14, "Error", (error,), ("0.327",), ((F("0.191") - F("1.0")) ** 2 / 2,))
for line, what in (
    (15, "prediction = out"),
    (16, "prediction = h1 w5 + h2 w6"),
    (17, "h1 = i1 w1 + i2 w2"),
    (18, "h2 = i1 w3 + i2 w4"),
    (19, "prediction = (i1 w1 + i2 w2) w5 + (i1 w3 + i2 w4) w6"),
    (20, "*W_x = W_x - a dError/dW_x (update rule, any weight)"),
    (21, "dError/dw6 = dError/dprediction * dprediction/dw6"),
    (22, "dError/dw6 = d(1/2 (p - a)^2)/dp * d((i1 w1 + i2 w2) w5 + (i1 w3 + i2 w4) w6)/dw6"),
    (23, "= 2 * 1/2 (p - a) * 1 * (i1 w3 + i2 w4)"),
    (24, "= (prediction - actual) h2"),
    (25, "= Delta h2"),
    (26, "dError/dw1 = dError/dprediction * dprediction/dh1 * dh1/dw1"),
    (27, "= d(1/2 (p - a)^2)/dp * d(h1 w5 + h2 w6)/dh1 * d(i1 w1 + i2 w2)/dw1"),
    (28, "= 2 * 1/2 (p - a) * 1 * w5 * i1"),
    (29, "= (prediction - actual) w5 i1"),
    (30, "= Delta w5 i1"),
    (31, "*w6 = w6 - a h2 Delta"),
    (32, "*w5 = w5 - a h1 Delta"),
    (33, "*w4 = w4 - a i2 Delta w6"),
    (34, "*w3 = w3 - a i1 Delta w6"),
    (35, "*w2 = w2 - a i2 Delta w5"),
    (36, "*w1 = w1 - a i1 Delta w5"),
):
    symbolic(line, what)
print(
    "          gradients at the example: "
    + ", ".join(f"w{k}: {num(grad[k])}" for k in sorted(grad))
)
show(37, "Delta", (delta,), ("-0.809",), (F("0.191") - 1,))
show(38, "a (learning rate)", (a,), ("0.05",))
show(39, "new w5, w6", (new[5], new[6]), ("0.17", "0.17"))
show(39, "steps a*Delta*[h1; h2]", (a * delta * h1, a * delta * h2), ("-0.034", "-0.019"))
show(40, "new w1, w3, w2, w4", (new[1], new[3], new[2], new[4]), (".12", ".13", ".23", ".10"))
show(
    40,
    "steps a*Delta*i*w (w1 w3 w2 w4)",
    (a * delta * i1 * w[5], a * delta * i1 * w[6], a * delta * i2 * w[5], a * delta * i2 * w[6]),
    ("-0.011", "-0.012", "-0.017", "-0.018"),
)
show(
    42,
    "step 2: h1, h2, prediction",
    (h1b, h2b, outb),
    ("0.92", "0.56", "0.26"),
    (
        2 * F(".12") + 3 * F(".23"),
        2 * F(".13") + 3 * F(".10"),
        F(".92") * F(".17") + F(".56") * F(".17"),
    ),
)
show(43, "step 2: prediction", (outb,), (".26",), (F(".92") * F(".17") + F(".56") * F(".17"),))
# h1 from the written, rounded new weights (+-0.005 each): 2 w1 + 3 w2.
print(
    f"          2 x .12 + 3 x .23 over the written roundings: {num(2 * F('.115') + 3 * F('.225'))}"
    f" .. {num(2 * F('.125') + 3 * F('.235'))}"
)
# Interval of .92 x .17 + .56 x .17 over the written numbers' rounding (+-0.005 each, all positive).
lo = (F(".915") + F(".555")) * F(".165")
hi = (F(".925") + F(".565")) * F(".175")
print(f"          .92 x .17 + .56 x .17 over the written roundings: {num(lo)} .. {num(hi)}")
