"""Independent arithmetic for the softmax / cross-entropy example (claims.tex), line by line.

Standalone: mpmath only (40 digits), nothing from nnderive. Logits z = x W (x = [1, 2],
W = [[0.2, -0.3, 0.5], [-0.5, 0.7, -0.2]]), p = softmax(z), L = -sum y ln p with y = [0, 1, 0],
dL/dz = p - y, dL/dW = x^T (p - y), Delta W = -0.1 dL/dW. For every numeric line it prints the
true value, the written numbers, the value of the written expression (the notes' rounded numbers
put in) and, entry by entry, whether the written number rounds each. Run: python oracle.py
"""

from mpmath import exp, log, mp, mpf

mp.dps = 40


def decimals(text):
    return len(text.split(".")[1]) if "." in text else 0


def rounds_to(written, value):
    return abs(mpf(written) - value) <= mpf(5) / mpf(10) ** (decimals(written) + 1)


def fmt(values, columns=None):
    if columns:
        return (
            "["
            + ", ".join(fmt(values[i : i + columns]) for i in range(0, len(values), columns))
            + "]"
        )
    return "[" + ", ".join(mp.nstr(v, 12) for v in values) + "]"


def flags(written, values):
    return "".join("1" if rounds_to(w, v) else "0" for w, v in zip(written, values))


def show(line, subject, true, written=None, writer=None, columns=None):
    row = f"line {line:3d}  {subject:<14} true={fmt(true, columns)}"
    if written is not None:
        row += f"  written={written}  rounds(true)={flags(written, true)}"
    if writer is not None:
        row += f"  writer={fmt(writer, columns)}  rounds(writer)={flags(written, writer)}"
    print(row)


x = [mpf(1), mpf(2)]
W = [[mpf("0.2"), mpf("-0.3"), mpf("0.5")], [mpf("-0.5"), mpf("0.7"), mpf("-0.2")]]
y = [mpf(0), mpf(1), mpf(0)]
eta = mpf("0.1")

z = [sum(x[i] * W[i][j] for i in range(2)) for j in range(3)]
shift = [v - max(z) for v in z]
e = [exp(v) for v in shift]
s = sum(e)
p = [v / s for v in e]
loss = -sum(yy * log(pp) for yy, pp in zip(y, p))
grad = [pp - yy for pp, yy in zip(p, y)]
gW = [x[i] * g for i in range(2) for g in grad]
dW = [-eta * v for v in gW]

M = mpf
print("line   5  Logits = X W (definition)")
show(6, "logits z", z, ["-0.8", "1.1", "0.1"])
show(7, "z - max z", shift, ["-1.9", "0", "-1.0"])
show(8, "exp(z - max)", e, ["0.149", "1.0", "0.368"])
show(9, "sum", [s], ["1.517"], [M("0.149") + M("1.0") + M("0.368")])
show(
    10,
    "softmax",
    p,
    ["0.098", "0.659", "0.242"],
    [M("0.149") / M("1.517"), 1 / M("1.517"), M("0.368") / M("1.517")],
)
show(11, "y_pred", p, ["0.098", "0.659", "0.242"])
show(12, "Loss", [loss], ["0.417"], [-log(M("0.659"))])
show(
    13, "grad = p - y", grad, ["0.098", "-0.341", "0.242"], [M("0.098"), M("0.659") - 1, M("0.242")]
)
print("line  14  W update = X^T grad (= dL/dW)")
written15 = ["0.098", "-0.341", "0.242", "0.196", "-0.682", "0.484"]
show(
    15,
    "W update",
    gW,
    written15,
    [v * g for v in (1, 2) for g in (M("0.098"), M("-0.341"), M("0.242"))],
    3,
)
written16 = ["-0.0098", "0.0341", "-0.0242", "-0.0196", "0.0682", "-0.0484"]
show(16, "Delta W", dW, written16, [-eta * M(w) for w in written15], 3)
print()
print("check: sum of the true softmax =", mp.nstr(sum(p), 20))
# Interval of the written Delta W entry -0.0484 = -0.1 * 2 * 0.242 over 0.242 +- 0.0005.
print(
    "2 * 0.242 over 0.242 +- 0.0005:",
    mp.nstr(2 * M("0.2415"), 6),
    "..",
    mp.nstr(2 * M("0.2425"), 6),
)
