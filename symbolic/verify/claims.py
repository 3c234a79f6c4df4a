"""``verify_claims``: check a file of LaTeX claims against a network, one result per claim."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import asdict, dataclass, field

from ..display import verify_html
from ..errors import NNDeriveError
from ..network import Network
from ..spec import load_network
from .checker import ChainJudge, Judgement
from .context import ClaimContext, FileContext
from .document import MAX_STEP, RawClaim, split_document
from .errors import ClaimShapeError, ClaimSyntaxError, ClaimTimeout, ClaimTooLarge
from .findings import ORDER
from .generic import assignments, generic_tags, instance, shown
from .grid import Grid
from .header import Settings, let_readings
from .lexicon import Lexicon
from .limits import MAX_FILE_BYTES, SECONDS_PER_CLAIM, WorkBudget, time_limit, working
from .parser import parse_claim
from .presets import DEFAULT, NOTATIONS

VERDICTS = ("correct", "rounded", "carried", "undecided", "wrong", "unreadable")
#: claims tried per notation when a file declares none
DETECTION_SAMPLE = 200
_DECIMALS = re.compile(r"(?<![\w.])\d*\.(\d+)")


@dataclass(frozen=True)
class ClaimResult:
    """The verdict on one claim, with a one-line explanation (and the right value or formula)."""

    line: int
    text: str
    verdict: str
    expected: str | None
    explanation: str
    step: int | None = None
    slip: str | None = None
    column: int = 1
    subject: str | None = None
    value: Grid | None = None  # the expected numbers (a grid; None for formulas)
    carried_from: tuple[int, ...] = ()
    sample: int | None = None

    def as_dict(self) -> dict:
        return asdict(self)

    def _repr_html_(self) -> str:
        return verify_html([self], summary([self]))


class Report(list):
    """The results of a file, in order; ``notation`` is the reading used and ``note`` says how
    it was chosen when the file declared none."""

    notation: str = DEFAULT
    note: str | None = None

    def _repr_html_(self) -> str:
        return verify_html(self, summary(self))


def summary(results: list[ClaimResult]) -> str:
    """``N claims: 3 correct, 1 wrong`` (and the notation picked when none was declared): the
    CLI's last line and a notebook table's caption."""
    counts = Counter(r.verdict for r in results)
    parts = [f"{counts[v]} {v}" for v in VERDICTS if counts[v]]
    plural = "s" if len(results) != 1 else ""
    line = f"{len(results)} claim{plural}: " + (", ".join(parts) or "none")
    note = getattr(results, "note", None)
    return f"{line} — read in {note}" if note else line


def Context(network, seconds: float = SECONDS_PER_CLAIM, notation: str = DEFAULT, lets=None):
    """A FileContext for ``network`` in one notation (the API the tests and notebooks use)."""
    lexicon = Lexicon(network, notation, lets, declared=notation != DEFAULT)
    return FileContext(network, lexicon, seconds)


def _where(text: str, pos: int | None) -> str:
    if pos is None:
        return ""
    start = max(pos - 12, 0)
    snippet = text[start : pos + 12].replace("\n", " ")
    return (
        f" at column {pos + 1} of the claim (reading stopped at “{'…' if start else ''}{snippet}…”)"
    )


def check_claim(
    context: FileContext, text: str, step: int, sample: int | None = None, line: int = 0
) -> Judgement:
    """The verdict on one claim's text at one step.

    The work is bounded by a fresh ``WorkBudget``; a claim that needs more is ``undecided``,
    and so is one stopped by the last-resort clock (which a correct budget never lets fire).
    """
    try:
        with time_limit(context.seconds), working(WorkBudget()):
            chain = parse_claim(text, context.lexicon)
            tags = generic_tags(chain)
            if not tags:
                claim = ClaimContext(context, step, sample, line, final_places(text))
                judgement = ChainJudge(claim, chain).run()
            else:
                judgement = judge_generic(context, chain, tags, step, sample, line)
    except ClaimSyntaxError as exc:
        return Judgement("unreadable", exc.problem + _where(text, exc.pos), None, None)
    except ClaimTimeout:
        return Judgement(
            "undecided",
            f"not decided within the last-resort limit of {context.seconds:g} s; "
            "split the chain or simplify it",
            None,
            None,
        )
    except ClaimTooLarge as exc:
        return Judgement("undecided", f"not decided within the work budget: {exc}", None, None)
    except ClaimShapeError as exc:
        return Judgement("wrong", str(exc), None, None)
    except RecursionError:
        return Judgement("unreadable", "nested too deeply to check", None, None)
    except (ArithmeticError, ValueError, TypeError, AttributeError, KeyError) as exc:
        # a bug of the checker must cost this one claim, never the file's report
        return Judgement(
            "undecided",
            f"the checker failed on this claim ({type(exc).__name__}: {exc}); please report it",
            None,
            None,
        )
    return judgement


def judge_generic(context, chain, tags, step, sample, line):
    """A rule for every quantity its letters can name: the worst of its instances."""
    network = context.network
    judgements = []
    for assignment in assignments(network, tags):
        claim = ClaimContext(context, step, sample, line, final_places(chain.texts[-1]))
        judged = ChainJudge(claim, instance(chain, assignment)).run()
        judgements.append((shown(network, assignment), judged))
    if not judgements:
        raise ClaimSyntaxError("the rule's letters name nothing in this network", 0)
    worst_name, worst_one = max(judgements, key=lambda pair: ORDER[pair[1].verdict])
    listed = "; ".join(name for name, _ in judgements[:8]) + (" …" if len(judgements) > 8 else "")
    if worst_one.verdict == "correct":
        return worst_one._replace(explanation=f"holds for every instance ({listed})", subject=None)
    return worst_one._replace(
        explanation=f"for {worst_name}: {worst_one.explanation}", subject=worst_name
    )


def verify_claims(
    network, text: str, seconds: float = SECONDS_PER_CLAIM, settings: Settings | None = None
) -> Report:
    """Check every claim in ``text`` (a LaTeX document or a file of claims).

    ``network`` is a Network or anything ``load_network`` takes (a built-in name, a path, a
    dict). ``% step N`` / ``% sample N`` lines and headings set the step and sample of the claims
    after them (default: step 1, the mean over the samples); ``% nnderive:`` lines (or
    ``settings``, e.g. from a spec's ``verify:`` field) declare the writer's notation.
    """
    if len(text) > MAX_FILE_BYTES:
        raise NNDeriveError(
            f"the claims are {len(text):,} characters long; at most {MAX_FILE_BYTES:,} are "
            "checked at once (split the file)"
        )
    if not isinstance(network, Network):
        network = load_network(network)
    document = split_document(text)
    base = settings or network.verify or Settings()  # the spec's verify: field, if any
    chosen = base.merged(document.settings)
    lets = let_readings(network, chosen)
    raw = [c for c in document.claims if not c.problem]
    notation, note = chosen.notation, None
    if notation is None:
        notation, note = detect_notation(network, lets, raw)
    lexicon = Lexicon(network, notation, lets, declared=chosen.notation is not None or bool(note))
    context = FileContext(network, lexicon, seconds, precisions(document.claims))
    report = Report()
    report.notation, report.note = notation, note
    for claim in document.claims:
        report.append(result_of(context, claim))
    return report


def result_of(context: FileContext, claim: RawClaim) -> ClaimResult:
    if claim.problem:
        return ClaimResult(
            claim.line, claim.text, "unreadable", None, claim.problem, claim.step,
            column=claim.column, sample=claim.sample,
        )  # fmt: skip
    found = check_claim(context, claim.text, claim.step, claim.sample, claim.line)
    return ClaimResult(
        claim.line, claim.text, found.verdict, found.expected, found.explanation, claim.step,
        found.slip, claim.column, found.subject, found.value, found.carried_from, claim.sample,
    )  # fmt: skip


def precisions(claims: list[RawClaim]) -> Counter:
    """How many claims of the file end in a number written to each count of decimal places."""
    found: Counter = Counter()
    for claim in claims:
        found.update(final_places(claim.text))
    return found


def final_places(text: str) -> set[int]:
    """The decimal places of the numbers a claim's last side is written with."""
    last = max(text.rfind("="), text.rfind("\\approx"), text.rfind("≈"))
    return {len(m.group(1)) for m in _DECIMALS.finditer(text[last + 1 :] if last >= 0 else text)}


def detect_notation(network, lets, claims: list[RawClaim]) -> tuple[str, str | None]:
    """The notation that reads these claims: the default when it reads them all, else the one
    notation that reads more of them than any other (and a note saying so)."""
    sample = claims[:DETECTION_SAMPLE]
    if not sample:
        return DEFAULT, None

    def reads(notation: str) -> int:
        lexicon = Lexicon(network, notation, lets, declared=notation != DEFAULT)
        count = 0
        for claim in sample:
            try:
                with working(WorkBudget()):
                    parse_claim(claim.text, lexicon)
                count += 1
            except (ClaimSyntaxError, ClaimTooLarge, RecursionError):
                pass
        return count

    default = reads(DEFAULT)
    if default == len(sample):
        return DEFAULT, None
    counts = {notation: reads(notation) for notation in NOTATIONS if notation != DEFAULT}
    best = max(counts.values())
    winners = [name for name, count in counts.items() if count == best]
    if best > default and len(winners) == 1:
        note = (
            f"notation {winners[0]} (no notation declared; it reads {best} of the first "
            f"{len(sample)} claims, more than any other)"
        )
        return winners[0], note
    return DEFAULT, None


__all__ = ["MAX_STEP", "VERDICTS", "ClaimResult", "Report", "field", "verify_claims"]
