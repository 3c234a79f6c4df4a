"""Benchmark: grading a class with ``nnderive grade`` (not part of the tests).

    python tests/benchmarks/bench_grade.py [--students 1000]

Makes a class of the lecture's network (``nnderive exercises`` without PDFs, iterations 1–2)
and one thirty-line submission per student: the first 30 answers, each written as the answer
file asks (``% answer N`` and ``quantity = number`` rounded to 4 places); every fifth student
flips the sign of one gradient, so that the checker's slip search runs too. Then it grades

  * with --jobs 1 (in this process): submissions per second on one core;
  * with --jobs N (N = all cores, local processes), and on a Dask LocalCluster of N
    single-threaded worker processes: the same work, spread out,

checks that every run wrote the same gradebook, and prints a markdown table with the ratios.
"""

from __future__ import annotations

import argparse
import csv
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from codegen.classroom.answers import build_answers, template_of  # noqa: E402
from codegen.classroom.classgrade import grade_class  # noqa: E402
from codegen.classroom.exercises import ExerciseOptions, make_exercises  # noqa: E402
from codegen.classroom.marking import MarkingPolicy  # noqa: E402
from symbolic import WorkedExample, load_network  # noqa: E402
from symbolic.numbers import format_decimal  # noqa: E402

LINES = 30


def submission(spec: Path, slip: bool) -> str:
    """The first 30 answers of the student's variant, rounded to 4 places (one sign flipped)."""
    network = load_network(str(spec))
    answers = build_answers(network, template_of(network))[:LINES]
    example = WorkedExample(network)
    lines, step = [], None
    for answer in answers:
        if answer.step != step:
            step = answer.step
            lines.append(f"% step {step}")
        value = example.step(answer.step).value(answer.quantity)
        if slip and answer.task == "gradients" and answer.step == 1:
            value, slip = -value, False
        shown = format_decimal(value, 4)
        lines += [f"% answer {answer.number}", f"{network.latex(answer.subject)} = {shown}"]
    return "\n".join(lines) + "\n"


def make_class(folder: Path, students: int) -> tuple[Path, Path]:
    roster = folder / "roster.csv"
    with roster.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id"])
        writer.writerows([f"s{n:05d}"] for n in range(students))
    out, inbox = folder / "class", folder / "submissions"
    options = ExerciseOptions(lang="en", seed=1, steps=2, pdf=False)
    make_exercises("slides", str(roster), str(out), options, "bench_grade.py")
    inbox.mkdir()
    for n in range(students):
        student = f"s{n:05d}"
        text = submission(out / student / "spec.yaml", slip=n % 5 == 0)
        (inbox / f"{student}.tex").write_text(text, encoding="utf-8")
    return out, inbox


def timed(label, exercises, submissions, results, **how):
    start = time.perf_counter()
    grades, _ = grade_class(str(exercises), str(submissions), str(results), MarkingPolicy(), **how)
    seconds = time.perf_counter() - start
    return label, len(grades), seconds, (results / "gradebook.csv").read_bytes()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--students", type=int, default=1000)
    args = parser.parse_args()
    cores = os.cpu_count() or 1
    with tempfile.TemporaryDirectory(prefix="nnderive-bench-grade-") as tmp:
        folder = Path(tmp)
        start = time.perf_counter()
        exercises, inbox = make_class(folder, args.students)
        made = time.perf_counter() - start
        claims = sum(
            1 for p in inbox.glob("*.tex") for line in p.read_text().splitlines() if "=" in line
        )
        print(
            f"class of {args.students} made in {made:.1f} s ({claims} claims in all)",
            file=sys.stderr,
        )
        rows = []
        for jobs in sorted({1, cores}):
            rows.append(timed(f"--jobs {jobs}", exercises, inbox, folder / f"r{jobs}", jobs=jobs))
        from distributed import LocalCluster

        with LocalCluster(
            n_workers=cores, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster:
            rows.append(
                timed(
                    f"--dask (LocalCluster, {cores} processes)",
                    exercises,
                    inbox,
                    folder / "rd",
                    dask=cluster.scheduler_address,
                )
            )
    load = os.getloadavg()  # other work on the machine shares its cores with these runs
    books = {row[3] for row in rows}
    base = rows[0][1] / rows[0][2]
    print(
        f"\n{platform.processor() or platform.machine()}, {cores} cores, Python "
        f"{platform.python_version()}; submissions of {LINES} answers (iterations 1–2 of the "
        "lecture's network), every fifth with one slip\n"
    )
    print("| run | submissions | seconds | submissions/s | per core | vs --jobs 1 |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for label, count, seconds, _ in rows:
        rate = count / seconds
        workers = cores if ("dask" in label or f"--jobs {cores}" == label) else 1
        print(
            f"| {label} | {count} | {seconds:.1f} | {rate:.1f} | {rate / workers:.1f} | "
            f"{rate / base:.2f} |"
        )
    print(f"\nidentical gradebooks across the full runs: {len(books) == 1}")
    print(f"load average (1, 5, 15 min) at the end: {', '.join(f'{x:.1f}' for x in load)}")


if __name__ == "__main__":
    main()
