"""Independent arithmetic for the GeeksforGeeks example (claims.tex), line by line.

Standalone: mpmath only (40 digits), nothing from nnderive. Units: inputs x1, x2; hidden h1
(net a_1, output y_3), h2 (a_2, y_4); output O3 (a_3, y_5). The page's delta is -dE/dnet for
E = 1/2 (target - y)^2: delta_5 = y5 (1 - y5)(target - y5), delta_3 = y3 (1 - y3) w13 delta_5;
its update adds: w += eta delta_j O_i with eta = 1. For each numeric line it prints the true
value, the written number, the value of the page's written expression and whether the written
number rounds each. Step 2 is the forward pass after the correct update. Run: python oracle.py
"""

from mpmath import exp, mp, mpf

mp.dps = 40


def sigmoid(z):
    return 1 / (1 + exp(-z))


def decimals(text):
    return len(text.split(".")[1]) if "." in text else 0


def rounds_to(written, value):
    return abs(mpf(written) - value) <= mpf(5) / mpf(10) ** (decimals(written) + 1)


def show(line, subject, true, written=None, writer=None):
    row = f"line {line:3d}  {subject:<16} true={mp.nstr(true, 15):<22}"
    if written is not None:
        row += f" written={written:<10} rounds(true)={rounds_to(written, true)}"
    if writer is not None:
        row += f" writer={mp.nstr(writer, 15)} rounds(writer)={rounds_to(written, writer)}"
    print(row)


def side(what, value):
    print(f"          {what} = {mp.nstr(value, 15)}")


x1, x2, target, eta = mpf("0.35"), mpf("0.7"), mpf("0.5"), mpf(1)
w11, w21, w12, w22, w13, w23 = (mpf(v) for v in ("0.2", "0.2", "0.3", "0.3", "0.3", "0.9"))


def forward(w11, w21, w12, w22, w13, w23):
    a1 = w11 * x1 + w21 * x2
    a2 = w12 * x1 + w22 * x2
    y3, y4 = sigmoid(a1), sigmoid(a2)
    a3 = w13 * y3 + w23 * y4
    return a1, a2, y3, y4, a3, sigmoid(a3)


a1, a2, y3, y4, a3, y5 = forward(w11, w21, w12, w22, w13, w23)
d5 = y5 * (1 - y5) * (target - y5)
d3 = y3 * (1 - y3) * w13 * d5
d4 = y4 * (1 - y4) * w23 * d5
new = dict(
    w11=w11 + eta * d3 * x1,
    w21=w21 + eta * d3 * x2,
    w12=w12 + eta * d4 * x1,
    w22=w22 + eta * d4 * x2,
    w13=w13 + eta * d5 * y3,
    w23=w23 + eta * d5 * y4,
)
b1, b2, z3, z4, b3, z5 = forward(
    new["w11"], new["w21"], new["w12"], new["w22"], new["w13"], new["w23"]
)

M = mpf
print("line  23  a_1 = w11 x1 + w21 x2 (definition)")
show(24, "a_1", a1, "0.21", M("0.2") * M("0.35") + M("0.2") * M("0.7"))
show(25, "y_3", y3, "0.56", sigmoid(M("0.21")))
show(26, "a_2", a2, "0.315", M("0.3") * M("0.35") + M("0.3") * M("0.7"))
show(27, "y_4", y4, "0.578", sigmoid(M("0.315")))
show(28, "a_3", a3, "0.702", M("0.3") * M("0.56") + M("0.9") * M("0.58"))
show(29, "y_5", y5, "0.67", sigmoid(M("0.702")))
show(30, "target - y_5", target - y5, "-0.17", M("0.5") - M("0.67"))
show(31, "delta_5", d5, "-0.0376", M("0.67") * (1 - M("0.67")) * M("-0.17"))
show(32, "delta_3", d3, "-0.0027", M("0.56") * (1 - M("0.56")) * M("0.3") * M("-0.0376"))
show(33, "delta_4", d4, "-0.0819", M("0.59") * (1 - M("0.59")) * M("0.9") * M("-0.0376"))
side(
    "same with the page's own y_4 = 0.578", M("0.578") * (1 - M("0.578")) * M("0.9") * M("-0.0376")
)
show(34, "Delta w_{2,3}", eta * d5 * y4, "-0.022184", M("-0.0376") * M("0.59"))
side("with the page's own y_4 = 0.578", M("-0.0376") * M("0.578"))
show(35, "new w_{2,3}", new["w23"], "0.877816", M("-0.022184") + M("0.9"))
show(36, "Delta w_{1,1}", eta * d3 * x1, "0.000945", M("-0.0027") * M("0.35"))
show(37, "new w_{1,1}", new["w11"], "0.200945", M("0.000945") + M("0.2"))
show(38, "new w_{1,2}", new["w12"], "0.273225", M("0.3") + M("-0.0819") * M("0.35"))
show(39, "new w_{1,3}", new["w13"], "0.086615", M("0.3") + M("-0.0376") * M("0.56"))
show(40, "new w_{2,1}", new["w21"], "0.269445", M("0.2") + M("-0.0027") * M("0.7"))
show(41, "new w_{2,2}", new["w22"], "0.18534", M("0.3") + M("-0.0819") * M("0.7"))
show(44, "y_3 (step 2)", z3, "0.57")
show(45, "y_4 (step 2)", z4, "0.56")
show(46, "y_5 (step 2)", z5, "0.61")
show(47, "target - y_5 (2)", target - z5, "-0.11", M("0.5") - M("0.61"))
page = forward(
    M("0.200945"), M("0.269445"), M("0.273225"), M("0.18534"), M("0.086615"), M("0.877816")
)
print(
    "          forward pass with the page's own new weights: y_3, y_4, y_5 =",
    ", ".join(mp.nstr(v, 6) for v in (page[2], page[3], page[5])),
)
print()
print(
    "check: delta_5 = -dE/da_3 with E = (target - y5)^2 / 2:",
    mp.nstr(d5 - (target - y5) * y5 * (1 - y5), 5),
)
