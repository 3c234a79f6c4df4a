"""Independent arithmetic for the course trace "example 1" (claims.tex), line by line.

Standalone: mpmath only (40 digits), nothing from nnderive. Network [1 2 1], logistic units,
Theta matrices with the bias weight in column 0; per instance J = -y ln f(x) - (1 - y) ln(1 - f(x)),
the set's J the mean over the two instances (lambda = 0). delta3 = a3 - y (= dJ/dz3 for this J),
delta2 = (Theta2^T delta3 without the bias row) * a2 (1 - a2); per-instance gradients
delta_{l+1} a_l^T (bias column first); the final gradients are their mean.
Run: python oracle.py
"""

from mpmath import exp, log, mp, mpf

mp.dps = 40


def sigmoid(z):
    return 1 / (1 + exp(-z))


def decimals(text):
    return len(text.split(".")[1]) if "." in text else 0


def rounds_to(written, value):
    return abs(mpf(written) - value) <= mpf(5) / mpf(10) ** (decimals(written) + 1)


def fmt(values, columns=None):
    if columns:
        rows = [values[i : i + columns] for i in range(0, len(values), columns)]
        return "[" + ", ".join(fmt(row) for row in rows) + "]"
    return "[" + ", ".join(mp.nstr(v, 12) for v in values) + "]"


def show(line, subject, true, written, columns=None):
    """true and written are flat (row-major); columns > 0 prints true as a matrix."""
    flags = "".join("1" if rounds_to(w, v) else "0" for w, v in zip(written, true))
    row = f"line {line:3d}  {subject:<28} true={fmt(true, columns)}"
    print(f"{row}  written={written}  rounds(true)={flags}")


theta1 = [[mpf("0.4"), mpf("0.1")], [mpf("0.3"), mpf("0.2")]]
theta2 = [[mpf("0.7"), mpf("0.5"), mpf("0.6")]]
instances = [(mpf("0.13"), mpf("0.9")), (mpf("0.42"), mpf("0.23"))]


def instance(x, y):
    a1 = [mpf(1), x]
    z2 = [sum(t * a for t, a in zip(row, a1)) for row in theta1]
    a2 = [mpf(1)] + [sigmoid(z) for z in z2]
    z3 = [sum(t * a for t, a in zip(row, a2)) for row in theta2]
    a3 = [sigmoid(z) for z in z3]
    j = -y * log(a3[0]) - (1 - y) * log(1 - a3[0])
    delta3 = [a3[0] - y]
    delta2 = [theta2[0][k + 1] * delta3[0] * a2[k + 1] * (1 - a2[k + 1]) for k in range(2)]
    grad2 = [d * a for d in delta3 for a in a2]
    grad1 = [[d * a for a in a1] for d in delta2]
    return a1, z2, a2, z3, a3, j, delta3, delta2, grad2, grad1


(r1, r2) = (instance(*instances[0]), instance(*instances[1]))
forward_lines = ((7, 8, 9, 10, 11, 12, 13), (15, 16, 17, 18, 19, 20, 21))
written_forward = (
    (
        ["1.00000", "0.13000"],
        ["0.41300", "0.32600"],
        ["1.00000", "0.60181", "0.58079"],
        ["1.34937"],
        ["0.79403"],
        ["0.79403"],
        ["0.366"],
    ),
    (
        ["1.00000", "0.42000"],
        ["0.44200", "0.38400"],
        ["1.00000", "0.60874", "0.59484"],
        ["1.36127"],
        ["0.79597"],
        ["0.79597"],
        ["1.276"],
    ),
)
for k, (r, lines, written) in enumerate(zip((r1, r2), forward_lines, written_forward), 1):
    a1, z2, a2, z3, a3, j = r[:6]
    for line, subject, true, w in zip(
        lines,
        ("a1", "z2", "a2", "z3", "a3", "f(x)", "J"),
        (a1, z2, a2, z3, a3, a3, [j]),
        written,
    ):
        show(line, f"{subject} (instance {k})", true, w)
show(24, "J (mean over the set)", [(r1[5] + r2[5]) / 2], ["0.82098"])
backward_lines = ((26, 27, 29, 30), (32, 33, 34, 35))
written_backward = (
    (
        ["-0.10597"],
        ["-0.01270", "-0.01548"],
        ["-0.10597", "-0.06378", "-0.06155"],
        ["-0.01270", "-0.00165", "-0.01548", "-0.00201"],
    ),
    (
        ["0.56597"],
        ["0.06740", "0.08184"],
        ["0.56597", "0.34452", "0.33666"],
        ["0.06740", "0.02831", "0.08184", "0.03437"],
    ),
)
for k, (r, lines, written) in enumerate(zip((r1, r2), backward_lines, written_backward), 1):
    delta3, delta2, grad2, grad1 = r[6:]
    flat1 = [v for row in grad1 for v in row]
    for line, subject, true, w in zip(
        lines,
        ("delta3", "delta2", "dJ/dTheta2", "dJ/dTheta1"),
        (delta3, delta2, grad2, flat1),
        written,
    ):
        show(line, f"{subject} (instance {k})", true, w, 2 if subject == "dJ/dTheta1" else None)
mean1 = [
    (a + b) / 2
    for a, b in zip([v for row in r1[9] for v in row], [v for row in r2[9] for v in row])
]
mean2 = [(a + b) / 2 for a, b in zip(r1[8], r2[8])]
show(38, "dJ/dTheta1 mean", mean1, ["0.02735", "0.01333", "0.03318", "0.01618"], 2)
show(39, "dJ/dTheta2 mean", mean2, ["0.23000", "0.14037", "0.13756"])
