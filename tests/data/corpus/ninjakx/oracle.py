"""Independent arithmetic for the ninjakx README example (claims.tex), line by line.

Standalone: mpmath only (40 digits), nothing from nnderive. The network is 4-2-2-1, logistic, no
biases, E = 1/2 (target - out)^2, eta = 0.2. For each numeric line it prints the true value of the
claim's subject, the written number, the value of the README's written expression (its own
numbers put in), and whether the written number rounds each; where a chain has a wrong middle
side, that side's value is printed too. Run: python oracle.py
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
    row = f"line {line:3d}  {subject:<24} true={mp.nstr(true, 15):<20}"
    if written is not None:
        row += f" written={written:<14} rounds(true)={rounds_to(written, true)}"
    if writer is not None:
        row += f" writer={mp.nstr(writer, 15)} rounds(writer)={rounds_to(written, writer)}"
    print(row)


def side(what, value):
    print(f"          {what} = {mp.nstr(value, 15)}")


def symbolic(line, what):
    print(f"line {line:3d}  {what}")


x = [mpf(1), mpf(2), mpf(-1), mpf(1)]
target = mpf("0.6")
eta = mpf("0.2")
w_h11 = [mpf(v) for v in ("0.5", "0.4", "0.1", "0.2")]
w_h12 = [mpf(v) for v in ("0.65", "0.15", "0.2", "0.7")]
w_h21, w_h22 = [mpf("0.1"), mpf("0.2")], [mpf("0.3"), mpf("0.4")]
w_o1 = [mpf("-0.25"), mpf("0.5")]

net_h11 = sum(w * i for w, i in zip(w_h11, x))
net_h12 = sum(w * i for w, i in zip(w_h12, x))
h11, h12 = sigmoid(net_h11), sigmoid(net_h12)
net_h21 = w_h21[0] * h11 + w_h21[1] * h12
net_h22 = w_h22[0] * h11 + w_h22[1] * h12
h21, h22 = sigmoid(net_h21), sigmoid(net_h22)
net_o1 = w_o1[0] * h21 + w_o1[1] * h22
out = sigmoid(net_o1)
error = (target - out) ** 2 / 2
de_dout = out - target
dout = out * (1 - out)
delta_o1 = de_dout * dout
g_o1_h21, g_o1_h22 = delta_o1 * h21, delta_o1 * h22
de_dh21 = delta_o1 * w_o1[0]
dh21 = h21 * (1 - h21)
delta_h21 = de_dh21 * dh21
g_h21_h11 = delta_h21 * h11

M = mpf
show(45, "net_H11", net_h11, "1.4", M("0.5") * 1 + M("0.4") * 2 + M("0.1") * -1 + M("0.2") * 1)
show(46, "out_H11", h11, "0.802184", sigmoid(M("1.4")))
show(47, "net_H12", net_h12, "1.45", M("0.65") + M("0.15") * 2 - M("0.2") + M("0.7"))
show(48, "out_H12", h12, "0.80998", sigmoid(M("1.45")))
show(49, "net_H21", net_h21, "0.43", M("0.1") * M("0.802184") + M("0.2") * M("0.80998"))
show(50, "out_H21", h21, "0.80998")
side("1/(1+e^-0.43) (the side before)", sigmoid(M("0.43")))
show(51, "net_H22", net_h22, "1", M("0.3") * M("0.802184") + M("0.4") * M("0.80998"))
show(52, "out_H22", h22, "0.637529", sigmoid(M("0.3") * M("0.802184") + M("0.4") * M("0.80998")))
side("1/(1+e^-1) (the side before)", sigmoid(M(1)))
show(53, "net_O1", net_o1, "0.17", M("-0.25") * M("0.56026") + M("0.5") * M("0.637529"))
show(54, "out_O1", out, "0.544556")
side("1/(1+e^0.17) (the side before)", 1 / (1 + exp(M("0.17"))))
side("1/(1+e^-0.17)", sigmoid(M("0.17")))
symbolic(55, "E_total = sum 1/2 (target - output)^2 (definition)")
show(56, "E_o1", error, "0.001537", (M("0.6") - M("0.544556")) ** 2 / 2)
symbolic(57, "chain rule dE/dw_O1.H21")
show(58, "dE/dout_O1", de_dout, "0.055444", -(M("0.6") - M("0.544556")))
symbolic(59, "out_O1 = 1/(1+e^-net_O1) (definition)")
show(60, "dout_o1/dnet_o1", dout, "0.248014762", M("0.544556") * (1 - M("0.544556")))
symbolic(61, "net_O1 = w_O1.H21 out_H21 + w_O1.H22 out_H22 (definition)")
show(62, "dnet_O1/dw_O1.H21", h21, "0.56026")
symbolic(63, "chain rule dE/dw_O1.H21 (repeated)")
show(
    64, "dE/dw_O1.H21", g_o1_h21, "0.007704096302", M("0.055444") * M("0.248014762") * M("0.56026")
)
symbolic(65, "dE/dw_O1.H21 = -(target - out) out (1 - out) out_H21")
symbolic(66, "delta_O1 = dE/dout_O1 * dout_O1/dnet_O1 = dE/dnet_O1")
symbolic(67, "delta_O1 = -(target - out) out (1 - out)")
symbolic(68, "dE/dw_O1.H21 = delta_O1 out_H21")
show(
    69,
    "w_O1.H21+",
    w_o1[0] - eta * g_o1_h21,
    "-0.24845918",
    M("-0.25") - (-M("0.2") * M("0.007704096302")),
)
side(
    "w - eta * (the README's own dE/dw = 0.007704096302)",
    M("-0.25") - M("0.2") * M("0.007704096302"),
)
show(70, "w_O1.H22+", w_o1[1] - eta * g_o1_h22, "0.501753")
symbolic(71, "chain rule dE/dw_H21.H11 (last factor's name written w_H21.h11)")
symbolic(72, "dE_total/dout_H21 = dE_O1/dout_H21 (one output)")
symbolic(73, "dE_O1/dout_H21 = dE_O1/dnet_O1 * dnet_O1/dout_H21")
show(74, "dE_O1/dnet_O1", delta_o1, "0.013750914", M("0.055444") * M("0.2480144762"))
side("0.055444 * 0.248014762 (the README's own sigma')", M("0.055444") * M("0.248014762"))
symbolic(75, "net_O1 = w_O1.H21 out_H21 + w_O1.H22 out_H22 (definition, repeated)")
show(76, "dnet_O1/dout_H21", w_o1[0], "-0.25")
show(77, "dE_O1/dout_H21", de_dh21, "-0.0034377285", M("0.013750914") * M("-0.25"))
show(78, "dE_total/dout_H21", de_dh21, "-0.0034377285")
symbolic(79, "out_H21 = 1/(1+e^-net_H21) (definition)")
show(80, "dout_H21/dnet_H21", dh21, "0.246368732", M("0.56026") * (1 - M("0.56026")))
symbolic(81, "net_H21 = w_H21.H11 H11 + w_H21.H12 H12 (definition)")
show(82, "dnet_H21/dw_H21.H11", h11, "0.802184")
symbolic(83, "chain rule dE/dw_H21.H11")
show(
    84,
    "dE/dw_H21.H11",
    g_h21_h11,
    "0.0006872264573",
    M("-0.0034377285") * M("0.246368732") * M("0.802184"),
)
symbolic(
    85,
    "dE/dw_H21.H11 = (sum_o dE/dout_o dout_o/dnet_o dnet_o/dout_H21) dout_H21/dnet_H21 dnet_H21/dw",
)
symbolic(86, "dE/dw_H21.H11 = (sum_o delta_o w_ho) out_H21 (1 - out_H21) H11")
symbolic(87, "dE/dw_H21.H11 = delta_H21 H11")
show(
    88,
    "w_H21.H11+",
    w_h21[0] - eta * g_h21_h11,
    "0.099862554",
    M("0.1") - (M("0.2") * M("-0.0006872264573")),
)
print()
print("check: delta_H21 H11 =", mp.nstr(delta_h21 * h11, 15), "(line 84's subject)")
