"""Independent arithmetic for the Mazur corpus example (claims.tex), line by line.

Standalone: mpmath only, 40 significant digits, nothing from nnderive. For each numeric claim it
prints the true value of the claim's subject (from the post's weights, biases, inputs and
targets), the number the post wrote, the value of the post's own written expression (its rounded
intermediate numbers put in), and whether the written number is a correct rounding of each
(|written - value| <= half a unit in the last written place). Run: python oracle.py
"""

from mpmath import exp, mp, mpf

mp.dps = 40


def sigmoid(z):
    return 1 / (1 + exp(-z))


def decimals(text):
    return len(text.split(".")[1]) if "." in text else 0


def rounds_to(written, value):
    """True when the written decimal is value rounded to the written number of places."""
    return abs(mpf(written) - value) <= mpf(5) / mpf(10) ** (decimals(written) + 1)


def show(line, subject, true, written=None, writer=None):
    row = f"line {line:3d}  {subject:<34} true={mp.nstr(true, 15):<20}"
    if written is not None:
        row += f" written={written:<12} rounds(true)={rounds_to(written, true)}"
    if writer is not None:
        row += f" writer={mp.nstr(writer, 15)} rounds(writer)={rounds_to(written, writer)}"
    print(row)


def symbolic(line, what):
    print(f"line {line:3d}  {what}")


# The post's network (figure and its author's script mattm/simple-neural-network).
i1, i2 = mpf("0.05"), mpf("0.10")
t1, t2 = mpf("0.01"), mpf("0.99")
w1, w2, w3, w4 = mpf("0.15"), mpf("0.20"), mpf("0.25"), mpf("0.30")
w5, w6, w7, w8 = mpf("0.40"), mpf("0.45"), mpf("0.50"), mpf("0.55")
b1, b2 = mpf("0.35"), mpf("0.60")
eta = mpf("0.5")


def forward(w1, w2, w3, w4, w5, w6, w7, w8):
    net_h1 = w1 * i1 + w2 * i2 + b1
    net_h2 = w3 * i1 + w4 * i2 + b1
    out_h1, out_h2 = sigmoid(net_h1), sigmoid(net_h2)
    net_o1 = w5 * out_h1 + w6 * out_h2 + b2
    net_o2 = w7 * out_h1 + w8 * out_h2 + b2
    out_o1, out_o2 = sigmoid(net_o1), sigmoid(net_o2)
    e_o1 = (t1 - out_o1) ** 2 / 2
    e_o2 = (t2 - out_o2) ** 2 / 2
    return net_h1, net_h2, out_h1, out_h2, net_o1, net_o2, out_o1, out_o2, e_o1, e_o2


net_h1, net_h2, out_h1, out_h2, net_o1, net_o2, out_o1, out_o2, e_o1, e_o2 = forward(
    w1, w2, w3, w4, w5, w6, w7, w8
)
e_total = e_o1 + e_o2
# Backward pass, delta = dE/dnet (the post's node delta).
de_dout_o1 = out_o1 - t1
dout_o1 = out_o1 * (1 - out_o1)
delta_o1 = de_dout_o1 * dout_o1
delta_o2 = (out_o2 - t2) * out_o2 * (1 - out_o2)
g5, g6, g7, g8 = delta_o1 * out_h1, delta_o1 * out_h2, delta_o2 * out_h1, delta_o2 * out_h2
de_o1_dout_h1 = delta_o1 * w5
de_o2_dout_h1 = delta_o2 * w7
de_dout_h1 = de_o1_dout_h1 + de_o2_dout_h1
dout_h1 = out_h1 * (1 - out_h1)
delta_h1 = de_dout_h1 * dout_h1
delta_h2 = (delta_o1 * w6 + delta_o2 * w8) * out_h2 * (1 - out_h2)
g1, g2, g3, g4 = delta_h1 * i1, delta_h1 * i2, delta_h2 * i1, delta_h2 * i2
new = [
    w - eta * g for w, g in zip((w1, w2, w3, w4, w5, w6, w7, w8), (g1, g2, g3, g4, g5, g6, g7, g8))
]
# Step 2: forward pass with all eight updated weights, biases unchanged (the post never
# updates them).
step2 = forward(*new)
e_total_2 = step2[8] + step2[9]

M = mpf  # the post's written numbers
symbolic(5, "net_h1 = w1 i1 + w2 i2 + b1 (definition)")
show(6, "net_h1", net_h1, "0.3775", M("0.15") * M("0.05") + M("0.2") * M("0.1") + M("0.35"))
show(7, "out_h1", out_h1, "0.593269992", sigmoid(M("0.3775")))
show(8, "out_h2", out_h2, "0.596884378")
symbolic(9, "net_o1 = w5 out_h1 + w6 out_h2 + b2 (definition)")
show(
    10,
    "net_o1",
    net_o1,
    "1.105905967",
    M("0.4") * M("0.593269992") + M("0.45") * M("0.596884378") + M("0.6"),
)
show(11, "out_o1", out_o1, "0.75136507", sigmoid(M("1.105905967")))
show(12, "out_o2", out_o2, "0.772928465")
symbolic(13, "E_total = sum 1/2 (target - output)^2 (definition)")
show(14, "E_o1", e_o1, "0.274811083", (M("0.01") - M("0.75136507")) ** 2 / 2)
show(15, "E_o2", e_o2, "0.023560026")
show(16, "E_total", e_total, "0.298371109", M("0.274811083") + M("0.023560026"))
symbolic(17, "dE/dw5 = dE/dout_o1 * dout_o1/dnet_o1 * dnet_o1/dw5 (chain rule)")
symbolic(18, "E_total = 1/2 (t1 - out_o1)^2 + 1/2 (t2 - out_o2)^2 (definition)")
symbolic(19, "dE/dout_o1 = 2 * 1/2 (t1 - out_o1)^(2-1) * -1 + 0 = out_o1 - t1")
show(20, "dE/dout_o1", de_dout_o1, "0.74136507", -(M("0.01") - M("0.75136507")))
symbolic(21, "out_o1 = 1/(1+e^-net_o1) (definition)")
show(22, "dout_o1/dnet_o1", dout_o1, "0.186815602", M("0.75136507") * (1 - M("0.75136507")))
symbolic(23, "net_o1 = w5 out_h1 + w6 out_h2 + b2 (definition, repeated)")
show(24, "dnet_o1/dw5 (= out_h1)", out_h1, "0.593269992")
symbolic(25, "dE/dw5 chain rule (repeated)")
show(26, "dE/dw5", g5, "0.082167041", M("0.74136507") * M("0.186815602") * M("0.593269992"))
symbolic(27, "dE/dw5 = -(t1 - out_o1) out_o1 (1 - out_o1) out_h1 (delta rule)")
symbolic(28, "delta_o1 = dE/dout_o1 * dout_o1/dnet_o1 = dE/dnet_o1")
symbolic(29, "delta_o1 = -(t1 - out_o1) out_o1 (1 - out_o1)")
symbolic(30, "dE/dw5 = delta_o1 out_h1")
show(31, "w5+", new[4], "0.35891648", M("0.4") - M("0.5") * M("0.082167041"))
show(32, "w6+", new[5], "0.408666186")
show(33, "w7+", new[6], "0.511301270")
show(34, "w8+", new[7], "0.561370121")
symbolic(35, "dE/dw1 = dE/dout_h1 * dout_h1/dnet_h1 * dnet_h1/dw1 (chain rule)")
symbolic(36, "dE/dout_h1 = dE_o1/dout_h1 + dE_o2/dout_h1")
symbolic(37, "dE_o1/dout_h1 = dE_o1/dnet_o1 * dnet_o1/dout_h1")
show(38, "dE_o1/dnet_o1 (= delta_o1)", delta_o1, "0.138498562", M("0.74136507") * M("0.186815602"))
symbolic(39, "net_o1 = w5 out_h1 + w6 out_h2 + b2 (definition, repeated)")
show(40, "dnet_o1/dout_h1 (= w5)", w5, "0.40")
show(41, "dE_o1/dout_h1", de_o1_dout_h1, "0.055399425", M("0.138498562") * M("0.40"))
show(42, "dE_o2/dout_h1", de_o2_dout_h1, "-0.019049119")
show(43, "dE/dout_h1", de_dout_h1, "0.036350306", M("0.055399425") + M("-0.019049119"))
symbolic(44, "out_h1 = 1/(1+e^-net_h1) (definition)")
show(45, "dout_h1/dnet_h1", dout_h1, "0.241300709", M("0.59326999") * (1 - M("0.59326999")))
print(
    "line  46  net_h1 = w1 i1 + w3 i2 + b1 * 1  -- w3 connects i1 to h2; at the example this",
    "side is",
    mp.nstr(w1 * i1 + w3 * i2 + b1, 15),
    "but net_h1 =",
    mp.nstr(net_h1, 15),
)
show(47, "dnet_h1/dw1 (= i1)", i1, "0.05")
symbolic(48, "dE/dw1 chain rule (repeated)")
show(49, "dE/dw1", g1, "0.000438568", M("0.036350306") * M("0.241300709") * M("0.05"))
symbolic(
    50,
    "dE/dw1 = (sum_o dE/dout_o * dout_o/dnet_o * dnet_o/dout_h1) * dout_h1/dnet_h1 * dnet_h1/dw1",
)
symbolic(51, "dE/dw1 = (sum_o delta_o w_ho) out_h1 (1 - out_h1) i1")
symbolic(52, "dE/dw1 = delta_h1 i1")
show(53, "w1+", new[0], "0.149780716", M("0.15") - M("0.5") * M("0.000438568"))
show(54, "w2+", new[1], "0.19956143")
show(55, "w3+", new[2], "0.24975114")
show(56, "w4+", new[3], "0.29950229")
show(59, "E_total at step 2", e_total_2, "0.291027924")
# The post's 0.291027924 matches one variant only: hidden deltas computed with the already
# updated output weights w5+..w8+ (the post says it uses the original ones, and its w1+..w4+ do).
delta_h1_late = (delta_o1 * new[4] + delta_o2 * new[6]) * out_h1 * (1 - out_h1)
delta_h2_late = (delta_o1 * new[5] + delta_o2 * new[7]) * out_h2 * (1 - out_h2)
late = [
    w1 - eta * delta_h1_late * i1,
    w2 - eta * delta_h1_late * i2,
    w3 - eta * delta_h2_late * i1,
    w4 - eta * delta_h2_late * i2,
    *new[4:],
]
step2_late = forward(*late)
print(
    "line  59  variant: hidden deltas from updated w5..w8 -> E_total =",
    mp.nstr(step2_late[8] + step2_late[9], 15),
)
print()
print("check: dE/dw5 = delta_o1 * out_h1 ->", mp.nstr(delta_o1 * out_h1 - g5, 5), "(0 expected)")
print("check: delta_h1 * i1 = dE/dw1 ->", mp.nstr(delta_h1 * i1 - g1, 5))
