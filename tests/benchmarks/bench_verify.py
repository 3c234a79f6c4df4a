"""Benchmark: ``nnderive verify`` on many claims and on large files (not part of the tests).

    python tests/benchmarks/bench_verify.py [--claims 2000] [--sizes 1,2,5,10]

1. **Claims per second.** A file of distinct claims on the lecture's network, as a class would
   write them: every quantity of steps 1–3 as a number (rounded to 2–5 places, every seventh
   one off by a slip), the six gradients and updates as formulas (every fifth with a slip), and
   chains with arithmetic. Timed through ``verify_claims`` in this process (the network loaded
   once, as the CLI does).
2. **Linear in the file's size.** The student's file (tests/data/claims/student-exercises.tex)
   repeated to 1, 2, 5 and 10 MB, split and checked whole; the time per MB and its ratio to
   the 1 MB run are printed (1.0 is linear).

Prints a markdown table; numbers depend on the machine, the ratios are what to compare.
"""

from __future__ import annotations

import argparse
import platform
import sys
import time
from fractions import Fraction
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from symbolic import WorkedExample, load_network  # noqa: E402
from symbolic.numbers import format_decimal  # noqa: E402
from symbolic.verify.claims import verify_claims  # noqa: E402
from symbolic.verify.document import split_claims  # noqa: E402

STUDENT = ROOT / "tests" / "data" / "claims" / "student-exercises.tex"
MB = 1 << 20

NUMBERS = {
    "h_1": "h1", "h_2": "h2", "out": "out", r"\text{Error}": "E", r"\Delta": "Delta",
    r"\frac{\partial E}{\partial w_1}": "dw1", r"\frac{\partial E}{\partial w_5}": "dw5",
    r"\frac{\partial E}{\partial w_6}": "dw6", "w_1'": "w1_new", "w_5'": "w5_new",
    "w_6'": "w6_new",
}  # fmt: skip
D = r"\frac{\partial E}{\partial "
FORMULAS = [  # (right, with a slip)
    (D + r"w_5} = \Delta h_1", D + r"w_5} = \Delta h_2"),
    (D + r"w_1} = \Delta w_5 i_1", D + r"w_1} = \Delta w_5 i_2"),
    (r"w_6 = w_6 - \eta \Delta h_2", r"w_6 = w_6 - \Delta h_2"),
    (r"h_1 = i_1 w_1 + i_2 w_2", r"h_1 = i_1 w_1 + i_2 w_3"),
    (D + r"h_1} = \Delta w_5", D + r"h_1} = \Delta w_6"),
]


def many_claims(count: int) -> str:
    """``count`` distinct claims: numbers of steps 1–3 and formulas, some with slips."""
    network = load_network("slides")
    example = WorkedExample(network)
    lines, k = [], 0
    claims = 0
    while claims < count:
        step = k % 3 + 1
        lines.append(f"% step {step}")
        claims += len(NUMBERS) + 2
        for written, name in NUMBERS.items():
            value = example.step(step).value(name)
            places = 2 + k % 4
            number = Fraction(format_decimal(value, places))
            if (k + len(lines)) % 7 == 0:
                number = -number  # a slip: the sign
            lines.append(f"{written} = {format_decimal(number)}")
        right, wrong = FORMULAS[k % len(FORMULAS)]
        lines.append(wrong if k % 5 == 0 else right)
        lines.append(rf"h_1 = 2 \cdot {format_decimal(Fraction(11 + k % 7, 100))} + 3 \cdot 0.21")
        k += 1
    while claims > count:  # the last block cut to the count (never its % step line)
        lines.pop()
        claims -= 1
    return "\n".join(lines) + "\n"


def timed(text: str) -> tuple[float, int]:
    start = time.perf_counter()
    results = verify_claims("slides", text)
    return time.perf_counter() - start, len(results)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=2000)
    parser.add_argument("--sizes", default="1,2,5,10", help="file sizes in MB")
    args = parser.parse_args()
    print(f"machine: {platform.machine()}, {platform.python_implementation()} "
          f"{platform.python_version()}\n")  # fmt: skip

    text = many_claims(args.claims)
    seconds, count = timed(text)
    print("| distinct claims | checked | seconds | claims per second |")
    print("| ---: | ---: | ---: | ---: |")
    print(f"| {args.claims:,} | {count:,} | {seconds:.1f} | {count / seconds:,.0f} |\n")

    student = STUDENT.read_text(encoding="utf-8")
    print("| file | claims | split (s) | checked (s) | s per MB | ratio to the first |")
    print("| ---: | ---: | ---: | ---: | ---: | ---: |")
    first = None
    for size in (float(s) for s in args.sizes.split(",")):
        copies = int(size * MB / len(student.encode("utf-8"))) + 1
        big = student * copies
        start = time.perf_counter()
        split_claims(big)
        split = time.perf_counter() - start
        seconds, count = timed(big)
        per_mb = seconds / (len(big.encode("utf-8")) / MB)
        first = first or per_mb
        print(f"| {size:g} MB | {count:,} | {split:.1f} | {seconds:.1f} | {per_mb:.1f} | "
              f"{per_mb / first:.2f} |")  # fmt: skip


if __name__ == "__main__":
    main()
