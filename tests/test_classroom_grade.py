"""``nnderive grade`` end to end: full marks for a student's own key, follow-through after one
slip, a copied key failing, slip statistics, hostile files, marking policies, and the same
gradebook from one process, two processes and a Dask cluster."""

from __future__ import annotations

import csv
import io
import re
from fractions import Fraction as F
from pathlib import Path

import pytest

from classroom_oracle import ANSWERS, decimal, step1, variant
from conftest import run_cli

IDS = ("s1", "s2", "s3")


@pytest.fixture(scope="module")
def klass(tmp_path_factory):
    folder = tmp_path_factory.mktemp("class")
    roster = folder / "roster.csv"
    roster.write_text("id,name\ns1,Ann\ns2,Bo\ns3,Cy\n", encoding="utf-8")
    out = folder / "class"
    result = run_cli(
        "exercises", "slides", "--roster", str(roster), "-o", str(out), "--seed", "11", "--no-pdf"
    )
    assert result.returncode == 0, result.stderr
    return out


def key(klass: Path, student: str) -> str:
    return (klass / student / "key.tex").read_text(encoding="utf-8")


def answer_sheet(values: dict) -> str:
    """A submission in the answer file's layout: each value under its answer line."""
    lines = ["% step 1"]
    for number, (name, lhs) in enumerate(ANSWERS, start=1):
        lines += [f"% answer {number}", f"{lhs} = {values[name]}"]
    return "\n".join(lines) + "\n"


def grade(klass: Path, tmp_path: Path, submissions: dict, *options: str):
    inbox = tmp_path / "submissions"
    inbox.mkdir(parents=True, exist_ok=True)
    for name, content in submissions.items():
        path = inbox / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    results = tmp_path / "results"
    result = run_cli("grade", str(klass), str(inbox), "-o", str(results), *options)
    return result, results


def gradebook(results: Path) -> dict[str, dict]:
    rows = csv.DictReader(io.StringIO((results / "gradebook.csv").read_text(encoding="utf-8")))
    return {row["id"]: row for row in rows}


def feedback_verdicts(results: Path, student: str) -> dict[int, str]:
    """answer number → its verdict, from the student's text feedback."""
    text = (results / f"{student}.txt").read_text(encoding="utf-8")
    return {
        int(m.group(1)): m.group(2)
        for m in re.finditer(r"^  \((\d+)\) \S+.*?  (\S+)  \S+/\S+$", text, re.M)
    }


def test_every_students_own_key_gets_full_marks(klass, tmp_path):
    result, results = grade(klass, tmp_path, {f"{s}.tex": key(klass, s) for s in IDS})
    assert result.returncode == 0, result.stderr
    book = gradebook(results)
    for s in IDS:
        row = book[s]
        assert row["score"] == row["max"] == str(len(ANSWERS))
        assert row["correct"] == str(len(ANSWERS)) and row["wrong"] == "0"
        assert row["status"] == "graded"
    assert (results / "slips.csv").read_text(encoding="utf-8") == "slip,students,ids\n"


def test_one_altered_number_is_one_wrong_and_what_follows_from_it_is_carried(klass, tmp_path):
    v = variant(klass / "s1" / "spec.yaml")
    slipped_h1 = step1(v)["h1"] + F("0.1")
    mine = step1(v, given={"h1": slipped_h1})  # the rest computed from the student's h1
    submission = answer_sheet({name: decimal(mine[name]) for name, _ in ANSWERS})
    result, results = grade(klass, tmp_path, {"s1.tex": submission})
    assert result.returncode == 0, result.stderr
    verdicts = feedback_verdicts(results, "s1")
    expected = {1: "wrong", 2: "correct"}
    for number in range(3, len(ANSWERS) + 1):
        expected[number] = "carried"  # out, error, Δ, every gradient and update use h1 or Δ
    assert verdicts == expected
    row = gradebook(results)["s1"]
    assert (row["wrong"], row["carried"], row["correct"]) == ("1", str(len(ANSWERS) - 2), "1")
    assert row["score"] == str(len(ANSWERS) - 1)


def test_a_key_copied_from_another_student_fails_on_its_own_variant(klass, tmp_path):
    result, results = grade(klass, tmp_path, {"s2.tex": key(klass, "s1")})
    assert result.returncode == 0
    row = gradebook(results)["s2"]
    assert int(row["wrong"]) >= 10 and int(row["correct"]) == 0
    assert F(row["score"]) < F(row["max"]) / 4


def test_slips_csv_counts_a_slip_injected_into_several_submissions(klass, tmp_path):
    submissions = {}
    for s in IDS:
        right = step1(variant(klass / s / "spec.yaml"))["dw5"]
        lhs = ANSWERS[9][1]
        text = key(klass, s)
        start, end = text.index("% answer 10\n"), text.index("% answer 11\n")
        text = text[:start] + f"% answer 10\n{lhs} = {decimal(-right)}\n" + text[end:]
        submissions[f"{s}.tex"] = text if s != "s3" else key(klass, s)  # s3 makes no slip
    result, results = grade(klass, tmp_path, submissions)
    assert result.returncode == 0
    rows = list(csv.reader(io.StringIO((results / "slips.csv").read_text(encoding="utf-8"))))
    assert rows == [["slip", "students", "ids"], ["sign of Δ", "2", "s1 s2"]]
    assert feedback_verdicts(results, "s1")[10] == "wrong"
    assert gradebook(results)["s1"]["score"] == str(len(ANSWERS) - 1)


def test_a_missing_submission_gets_a_row_saying_so(klass, tmp_path):
    result, results = grade(klass, tmp_path, {"s1.tex": key(klass, "s1"), "stranger.tex": "x"})
    assert result.returncode == 0
    book = gradebook(results)
    assert book["s2"]["status"] == "missing" and book["s2"]["note"] == "no submission"
    assert book["s2"]["score"] == "0" and book["s2"]["max"] == str(len(ANSWERS))
    assert book["s2"]["unanswered"] == str(len(ANSWERS))
    assert "ignored:" in result.stderr and "stranger.tex" in result.stderr
    assert (results / "s2.html").is_file() and (results / "s2.txt").is_file()


def test_hostile_and_unreadable_files_never_stop_the_batch(klass, tmp_path):
    nested = r"h_1 = " + r"\frac{1}{" * 300 + "2" + "}" * 300
    hostile = "\n".join(
        [
            "% answer 1",
            r"h_1 = \input{/etc/passwd} \write18{rm -rf /}",
            "h_2 = <script>alert('x')</script> & \"quotes\"",
            nested,
            "% answer 99999",
            r"\Delta = \text{__import__('os')}",
        ]
    )
    result, results = grade(
        klass,
        tmp_path,
        {"s1.tex": b"\xff\xfe\x00binary", "s2.tex": "% big\n" * 300_000, "s3.tex": hostile},
    )
    assert result.returncode == 0, result.stderr
    book = gradebook(results)
    assert book["s1"]["status"] == "not checked" and "not UTF-8" in book["s1"]["note"]
    assert book["s2"]["status"] == "not checked" and "larger than" in book["s2"]["note"]
    assert book["s3"]["status"] == "graded" and book["s3"]["score"] == "0"
    page = (results / "s3.html").read_text(encoding="utf-8")
    assert "<script>" not in page and "&lt;script&gt;" in page


def test_a_folder_or_a_link_named_like_a_submission_is_reported_in_its_row(klass, tmp_path):
    inbox = tmp_path / "submissions"
    (inbox / "s1.tex").mkdir(parents=True)
    (inbox / "s2.tex").symlink_to(klass / "s3" / "key.tex")  # would show s3's key as feedback
    result, results = grade(klass, tmp_path, {})
    assert result.returncode == 0
    book = gradebook(results)
    assert book["s1"]["note"] == "s1.tex is not a regular file"
    assert book["s2"]["note"] == "s2.tex is a link, not a file: not checked"
    assert "&=" not in (results / "s2.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("where", ["submissions", "class", "inside-class"])
def test_results_are_never_written_over_inputs(klass, tmp_path, where):
    inbox = tmp_path / "submissions"
    inbox.mkdir()
    (inbox / "s1.tex").write_text(key(klass, "s1"), encoding="utf-8")
    target = {"submissions": inbox, "class": klass, "inside-class": klass / "s1"}[where]
    before = sorted(p.name for p in target.iterdir())
    result = run_cli("grade", str(klass), str(inbox), "-o", str(target))
    assert result.returncode == 2 and "input folder" in result.stderr
    assert sorted(p.name for p in target.iterdir()) == before


def rounded_sheet(klass: Path, student: str, places: int) -> tuple[str, int, int]:
    """Every answer rounded to ``places``: (submission, exact answers, rounded answers)."""
    truth = step1(variant(klass / student / "spec.yaml"))
    values = {name: decimal(truth[name], places) for name, _ in ANSWERS}
    exact = sum(1 for name, _ in ANSWERS if F(values[name]) == truth[name])
    return answer_sheet(values), exact, len(ANSWERS) - exact


@pytest.mark.parametrize("how", ["inline", "file"])
def test_a_marking_policy_changes_what_each_verdict_earns(klass, tmp_path, how):
    submission, exact, rounded = rounded_sheet(klass, "s1", 2)
    assert exact and rounded
    policy = "rounded=0.5,forward=2"
    if how == "file":
        path = tmp_path / "policy.yaml"
        path.write_text("earn: {rounded: 1/2}\nmarks: {forward: 2}\n", encoding="utf-8")
        policy = str(path)
    result, results = grade(klass, tmp_path, {"s1.tex": submission}, "--marks", policy)
    assert result.returncode == 0, result.stderr
    row = gradebook(results)["s1"]
    assert (int(row["correct"]), int(row["rounded"])) == (exact, rounded)
    verdicts = feedback_verdicts(results, "s1")
    score = sum(
        (2 if n in (1, 2, 3) else 1) * (F(1) if verdicts[n] == "correct" else F(1, 2))
        for n in verdicts
    )
    assert F(row["score"]) == score and F(row["max"]) == len(ANSWERS) + 3


@pytest.mark.parametrize(
    ("policy", "words"),
    [
        ("sloppy=1", "unknown key 'sloppy'"),
        ("rounded=2", "expected 0 to 1"),
        ("rounded=x", "expected a number"),
        ("nonsense", "no such file"),
    ],
)
def test_a_bad_policy_is_one_line_exit_2(klass, tmp_path, policy, words):
    result, results = grade(klass, tmp_path, {"s1.tex": key(klass, "s1")}, "--marks", policy)
    assert result.returncode == 2 and words in result.stderr
    assert result.stderr.count("\n") == 1 and not results.exists()


def test_processes_and_a_dask_cluster_give_the_same_gradebook(klass, tmp_path):
    from distributed import LocalCluster  # the test extra installs dask[distributed]

    submissions = {
        "s1.tex": key(klass, "s1"),
        "s2.tex": rounded_sheet(klass, "s2", 3)[0],
        "s3.tex": key(klass, "s1"),
    }
    outputs = {}
    for name, options in (("one", ["--jobs", "1"]), ("two", ["--jobs", "2"])):
        result, results = grade(klass, tmp_path / name, submissions, *options)
        assert result.returncode == 0, result.stderr
        outputs[name] = results
    with LocalCluster(
        n_workers=1,
        threads_per_worker=1,
        processes=False,
        protocol="tcp://",  # reachable from the CLI's own process
        host="127.0.0.1",
        dashboard_address=None,
    ) as cluster:
        result, results = grade(
            klass, tmp_path / "dask", submissions, "--dask", cluster.scheduler_address
        )
        assert result.returncode == 0, result.stderr
        outputs["dask"] = results
    books = {name: (r / "gradebook.csv").read_bytes() for name, r in outputs.items()}
    assert books["one"] == books["two"] == books["dask"]
    for page in ("slips.csv", "s2.txt", "s3.html"):
        assert len({(r / page).read_bytes() for r in outputs.values()}) == 1
    assert b"s1,17,17" in books["one"]


def test_bad_folders_and_options_are_one_line_exit_2(klass, tmp_path):
    inbox = tmp_path / "submissions"
    inbox.mkdir()
    cases = [
        (["grade", str(tmp_path), str(inbox)], "exercises.json: missing"),
        (["grade", str(klass), str(tmp_path / "nowhere")], "no such folder of submissions"),
        (["grade", str(klass), str(inbox), "--jobs", "2", "--dask", "tcp://x:1"], "not both"),
    ]
    for args, words in cases:
        result = run_cli(*args, "-o", str(tmp_path / "results"))
        assert result.returncode == 2 and words in result.stderr, result.stderr
        assert result.stderr.count("\n") == 1 and not (tmp_path / "results").exists()
