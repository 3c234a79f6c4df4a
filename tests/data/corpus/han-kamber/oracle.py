"""Independent arithmetic for Han, Kamber & Pei's Example 9.1 (claims.tex), line by line.

Standalone: mpmath only (40 digits), nothing from nnderive. Err_j is the book's error,
Err_j = -dE/dI_j for E = 1/2 (T - O)^2: O(1-O)(T-O) at the output, O(1-O) sum_k Err_k w_jk in the
hidden layer; updates are w_ij + l Err_j O_i and theta_j + l Err_j. For each line it prints the true
value, the written number, the value of the book's written expression (its rounded numbers put
in), and whether the written number rounds each. Run: python oracle.py
"""

from mpmath import exp, mp, mpf

mp.dps = 40


def sigmoid(z):
    return 1 / (1 + exp(-z))


def decimals(text):
    return len(text.split(".")[1]) if "." in text else 0


def rounds_to(written, value):
    return abs(mpf(written) - value) <= mpf(5) / mpf(10) ** (decimals(written) + 1)


def show(line, subject, true, written, writer=None):
    row = f"line {line:3d}  {subject:<10} true={mp.nstr(true, 15):<20} written={written:<8}"
    row += f" rounds(true)={rounds_to(written, true)}"
    if writer is not None:
        row += f" writer={mp.nstr(writer, 15)} rounds(writer)={rounds_to(written, writer)}"
    print(row)


x1, x2, x3 = mpf(1), mpf(0), mpf(1)
T = mpf(1)
rate = mpf("0.9")  # the book's learning rate l
w14, w15, w24, w25, w34, w35 = (mpf(v) for v in ("0.2", "-0.3", "0.4", "0.1", "-0.5", "0.2"))
w46, w56 = mpf("-0.3"), mpf("-0.2")
th4, th5, th6 = mpf("-0.4"), mpf("0.2"), mpf("0.1")

I4 = w14 * x1 + w24 * x2 + w34 * x3 + th4
I5 = w15 * x1 + w25 * x2 + w35 * x3 + th5
O4, O5 = sigmoid(I4), sigmoid(I5)
I6 = w46 * O4 + w56 * O5 + th6
O6 = sigmoid(I6)
Err6 = O6 * (1 - O6) * (T - O6)
Err5 = O5 * (1 - O5) * Err6 * w56
Err4 = O4 * (1 - O4) * Err6 * w46

M = mpf  # the book's written numbers
show(30, "I_4", I4, "-0.7", M("0.2") + 0 - M("0.5") - M("0.4"))
show(31, "O_4", O4, "0.332", 1 / (1 + exp(M("0.7"))))
show(32, "I_5", I5, "0.1", M("-0.3") + 0 + M("0.2") + M("0.2"))
show(33, "O_5", O5, "0.525", 1 / (1 + exp(M("-0.1"))))
show(34, "I_6", I6, "-0.105", M("-0.3") * M("0.332") - M("0.2") * M("0.525") + M("0.1"))
show(35, "O_6", O6, "0.474", 1 / (1 + exp(M("0.105"))))
show(37, "Err_6", Err6, "0.1311", M("0.474") * (1 - M("0.474")) * (1 - M("0.474")))
show(38, "Err_5", Err5, "-0.0065", M("0.525") * (1 - M("0.525")) * M("0.1311") * M("-0.2"))
show(39, "Err_4", Err4, "-0.0087", M("0.332") * (1 - M("0.332")) * M("0.1311") * M("-0.3"))
show(
    41,
    "w_46 new",
    w46 + rate * Err6 * O4,
    "-0.261",
    M("-0.3") + M("0.9") * M("0.1311") * M("0.332"),
)
show(
    42,
    "w_56 new",
    w56 + rate * Err6 * O5,
    "-0.138",
    M("-0.2") + M("0.9") * M("0.1311") * M("0.525"),
)
show(43, "w_14 new", w14 + rate * Err4 * x1, "0.192", M("0.2") + M("0.9") * M("-0.0087"))
show(44, "w_15 new", w15 + rate * Err5 * x1, "-0.306", M("-0.3") + M("0.9") * M("-0.0065"))
show(45, "w_24 new", w24 + rate * Err4 * x2, "0.4", M("0.4") + M("0.9") * M("-0.0087") * 0)
show(46, "w_25 new", w25 + rate * Err5 * x2, "0.1", M("0.1") + M("0.9") * M("-0.0065") * 0)
show(47, "w_34 new", w34 + rate * Err4 * x3, "-0.508", M("-0.5") + M("0.9") * M("-0.0087"))
show(48, "w_35 new", w35 + rate * Err5 * x3, "0.194", M("0.2") + M("0.9") * M("-0.0065"))
show(49, "theta_6 new", th6 + rate * Err6, "0.218", M("0.1") + M("0.9") * M("0.1311"))
show(50, "theta_5 new", th5 + rate * Err5, "0.194", M("0.2") + M("0.9") * M("-0.0065"))
show(51, "theta_4 new", th4 + rate * Err4, "-0.408", M("-0.4") + M("0.9") * M("-0.0087"))
print()
# Err_6 from the book's rounded O_6 = 0.474 +- 0.0005: O(1-O)^2 is monotone on that interval.
lo, hi = sorted(o * (1 - o) ** 2 for o in (M("0.4735"), M("0.4745")))
print("Err_6 over O_6 in [0.4735, 0.4745]:", mp.nstr(lo, 8), "..", mp.nstr(hi, 8))
print(
    "check: Err_6 = -dE/dI_6 with E = (T - O_6)^2 / 2:", mp.nstr(Err6 + (O6 - T) * O6 * (1 - O6), 5)
)
