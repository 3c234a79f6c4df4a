"""Independent arithmetic for the dlbook 2.12 example (claims.tex), line by line.

Standalone: mpmath only (40 digits), matrices as nested lists, nothing from nnderive. Row-vector
convention of the notebook: z_1 = a_0 W_1 + b_1^T, J = 1/2 ||a_2 - y||^2, delta_l = dJ/dz_l,
dJ/dW_l = a_{l-1}^T delta_l, W := W - eta/m dJ/dW (m = 1, eta = 0.01). For every numeric line it
prints the true matrix, the written one, the value of the written expression (the notebook's
rounded numbers put in), and entry by entry whether the written number rounds each.
Run: python oracle.py
"""

from mpmath import exp, mp, mpf

mp.dps = 40


def sigmoid(z):
    return 1 / (1 + exp(-z))


def decimals(text):
    return len(text.split(".")[1]) if "." in text else 0


def rounds_to(written, value):
    return abs(mpf(written) - value) <= mpf(5) / mpf(10) ** (decimals(written) + 1)


def mat(rows):
    return [[mpf(v) for v in row] for row in rows]


def matmul(a, b):
    return [
        [sum(a[i][k] * b[k][j] for k in range(len(b))) for j in range(len(b[0]))]
        for i in range(len(a))
    ]


def elementwise(f, a, b):
    return [[f(x, y) for x, y in zip(ra, rb)] for ra, rb in zip(a, b)]


def transpose(a):
    return [list(col) for col in zip(*a)]


def fmt(a):
    return "[" + ", ".join("[" + ", ".join(mp.nstr(v, 12) for v in row) + "]" for row in a) + "]"


def flags(written, value):
    return "".join(
        "1" if rounds_to(w, v) else "0" for rw, rv in zip(written, value) for w, v in zip(rw, rv)
    )


def show(line, subject, true, written=None, writer=None):
    row = f"line {line:3d}  {subject:<10} true={fmt(true)}"
    if written is not None:
        row += f"  written={written}  rounds(true)={flags(written, true)}"
        if writer is not None:
            row += f"  writer={fmt(writer)}  rounds(writer)={flags(written, writer)}"
    print(row)


def symbolic(line, what):
    print(f"line {line:3d}  {what}")


def add(a, b):
    return elementwise(lambda x, y: x + y, a, b)


def sub(a, b):
    return elementwise(lambda x, y: x - y, a, b)


def had(a, b):
    """Elementwise (Hadamard) product."""
    return elementwise(lambda x, y: x * y, a, b)


def scale(s, a):
    return [[s * v for v in row] for row in a]


def apply(f, a):
    return [[f(v) for v in row] for row in a]


def dsig(z):
    return sigmoid(z) * (1 - sigmoid(z))


x = mat([[1, 4, 5]])
y = mat([["0.1", "0.05"]])
W1 = mat([["0.1", "0.2"], ["0.3", "0.4"], ["0.5", "0.6"]])
b1 = mat([["0.5"], ["0.5"]])
W2 = mat([["0.7", "0.8"], ["0.9", "0.1"]])
b2 = mat([["0.5"], ["0.5"]])
eta = mpf("0.01")

z1 = add(matmul(x, W1), transpose(b1))
a1 = apply(sigmoid, z1)
z2 = add(matmul(a1, W2), transpose(b2))
a2 = apply(sigmoid, z2)
dJda2 = sub(a2, y)
d2 = had(dJda2, apply(dsig, z2))
d1 = had(matmul(d2, transpose(W2)), apply(dsig, z1))
gW1 = matmul(transpose(x), d1)
gW2 = matmul(transpose(a1), d2)
gb1, gb2 = transpose(d1), transpose(d2)
W1n, W2n = sub(W1, scale(eta, gW1)), sub(W2, scale(eta, gW2))
b1n, b2n = sub(b1, scale(eta, gb1)), sub(b2, scale(eta, gb2))

symbolic(5, "z_0 = a_0 = x (definition)")
symbolic(6, "z_1 = a_0 W_1 + b_1^T (definition)")
show(7, "z_1", z1, None)
show(8, "z_1", z1, [["4.3", "5.3"]], add(mat([["3.8", "4.8"]]), mat([["0.5", "0.5"]])))
show(9, "z_1", z1, [["4.3", "5.3"]])
show(10, "a_1", a1, None, None)
show(11, "a_1", a1, [["0.9866", "0.9950"]])
symbolic(12, "z_2 = a_1 W_2 + b_2^T (definition)")
show(13, "z_2", z2, None)
print(
    "          value of the written side:",
    fmt(add(matmul(mat([["0.9866", "0.9950"]]), W2), transpose(b2))),
)
show(14, "z_2", z2, [["2.086", "1.389"]])
show(15, "a_2", a2, None)
print(
    "          f_2 of the written [2.086, 1.389]:", fmt(apply(sigmoid, mat([["2.086", "1.389"]])))
)
show(16, "a_2", a2, [["0.8896", "0.8004"]])
show(17, "dJ/da_2", dJda2, None)
print("          value of the written side:", fmt(sub(mat([["0.8896", "0.8004"]]), y)))
show(18, "dJ/da_2", dJda2, [["0.7896", "0.7504"]], sub(mat([["0.8896", "0.8004"]]), y))
show(
    19, "f'_2(z_2)", apply(dsig, z2), [["0.0983", "0.1598"]], apply(dsig, mat([["2.086", "1.389"]]))
)
symbolic(20, "delta_2 = dJ/da_2 (.) f'_2(z_2)")
show(21, "delta_2", d2, None)
print(
    "          value of the written side:",
    fmt(had(mat([["0.7896", "0.7504"]]), mat([["0.0983", "0.1598"]]))),
)
show(
    22,
    "delta_2",
    d2,
    [["0.0776", "0.1199"]],
    had(mat([["0.7896", "0.7504"]]), mat([["0.0983", "0.1598"]])),
)
symbolic(23, "delta_1 = (delta_2 W_2^T) (.) f'_1(z_1)")
show(24, "f'_1(z_1)", apply(dsig, z1), [["0.0132", "0.0049"]])
written_d1 = had(matmul(mat([["0.0776", "0.1199"]]), transpose(W2)), mat([["0.0132", "0.0049"]]))
show(25, "delta_1", d1, None)
print("          value of the written side:", fmt(written_d1))
show(26, "delta_1", d1, [["0.002", "0.0004"]], written_d1)
symbolic(27, "dJ/dW_1 = a_0^T delta_1")
show(28, "dJ/dW_1", gW1, None)
print("          value of the written side:", fmt(matmul(transpose(x), mat([["0.002", "0.0004"]]))))
show(
    29,
    "dJ/dW_1",
    gW1,
    [["0.002", "0.0004"], ["0.0079", "0.0016"], ["0.0099", "0.002"]],
    matmul(transpose(x), mat([["0.002", "0.0004"]])),
)
symbolic(30, "dJ/dW_2 = a_1^T delta_2")
show(31, "dJ/dW_2", gW2, [["0.0765", "0.1183"], ["0.0772", "0.1193"]])
show(32, "dJ/db_1", gb1, [["0.002"], ["0.0004"]])
show(33, "dJ/db_2", gb2, [["0.0775"], ["0.1199"]], transpose(mat([["0.0776", "0.1199"]])))
symbolic(34, "W_1 := W_1 - eta/m dJ/dW_1 (update rule)")
written_W1 = sub(
    W1, scale(eta, mat([["0.002", "0.0004"], ["0.0079", "0.0016"], ["0.0099", "0.002"]]))
)
show(35, "W_1 new", W1n, None)
print("          value of the written side:", fmt(written_W1))
show(
    36,
    "W_1 new",
    W1n,
    [["0.09998", "0.1999"], ["0.29992", "0.39998"], ["0.4999", "0.59998"]],
    written_W1,
)
symbolic(37, "W_2 := W_2 - eta/m dJ/dW_2 (update rule)")
written_W2 = sub(W2, scale(eta, mat([["0.0765", "0.1183"], ["0.0772", "0.1193"]])))
show(38, "W_2 new", W2n, None)
print("          value of the written side:", fmt(written_W2))
show(39, "W_2 new", W2n, [["0.6992", "0.7988"], ["0.89923", "0.0988"]], written_W2)
symbolic(40, "b_1 := b_1 - eta/m dJ/db_1 (update rule)")
written_b1 = sub(b1, scale(eta, mat([["0.002"], ["0.0004"]])))
show(41, "b_1 new", b1n, None)
print("          value of the written side:", fmt(written_b1))
show(42, "b_1 new", b1n, [["0.49998"], ["0.499995"]], written_b1)
symbolic(43, "b_2 := b_2 - eta/m dJ/db_2 (update rule)")
written_b2 = sub(b2, scale(eta, mat([["0.0775"], ["0.1199"]])))
show(44, "b_2 new", b2n, None)
print("          value of the written side:", fmt(written_b2))
show(45, "b_2 new", b2n, [["0.49922"], ["0.49880"]], written_b2)
