"""``verify_claims``: check a file of LaTeX claims against a network, one result per claim."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from ..derivation import Derivation
from ..errors import NNDeriveError
from ..network import Network
from ..spec import load_network
from ..worked import WorkedExample
from .build import Builder
from .checker import ChainJudge
from .definitions import Definitions
from .document import MAX_STEP, split_claims
from .equality import prove_equal
from .errors import ClaimShapeError, ClaimSyntaxError, ClaimTimeout, ClaimTooLarge
from .grammar import parse_claim
from .limits import MAX_FILE_BYTES, SECONDS_PER_CLAIM, WorkBudget, time_limit, working
from .slips import SlipFinder
from .vocabulary import Vocabulary
from .worlds import TruthWorld, WriterTable

#: networks up to this size contribute all their step values to ``exact_values``
MAX_EXACT_PARAMETERS = 2000
VERDICTS = ("correct", "rounded", "carried", "undecided", "wrong", "unreadable")


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

    def as_dict(self) -> dict:
        return asdict(self)


class Context:
    """Everything the claims of one file share: the network's derivation and the writer's table."""

    def __init__(self, network: Network, seconds: float):
        self.network = network
        self.derivation = Derivation(network)
        self.definitions = Definitions(self.derivation)
        self.vocabulary = Vocabulary(network)
        self.builder = Builder(self.definitions)
        self.example = WorkedExample(network)
        self.table = WriterTable()
        self.slips = SlipFinder(self.definitions)
        self.seconds = seconds
        self._proofs: dict = {}
        self._exact: dict = {}
        self._wrong: dict = {}
        #: (formula, subject, step) → each candidate slip's value in the truth
        self.truth_slip_values: dict = {}

    def exact_values(self, step: int) -> frozenset:
        """Every exact value of the step's quantities: numbers a writer copies, not rounds."""
        if step not in self._exact:
            from fractions import Fraction

            values = set(self.network.example_x) | set(self.network.example_y)
            values.add(self.network.learning_rate)
            s = self.example.step(step)
            for layer in [*s.a, *s.deltas[1:], s.residuals, [s.error]]:
                values.update(layer or ())
            if self.network.count_parameters() <= MAX_EXACT_PARAMETERS:
                for weights, biases in zip(s.weights, s.biases):
                    values.update(v for row in weights for v in row)
                    values.update(biases or ())
                for p in self.network.parameters():
                    values.add(s.parameter_value(p.kind, p.layer, p.row, p.col, after=True))
                    values.add(s.gradient(p.kind, p.layer, p.row, p.col))
            self._exact[step] = frozenset(v for v in values if isinstance(v, Fraction))
        return self._exact[step] | self.wrong_values(step)

    def wrong_values(self, step: int) -> set:
        """The writer's numbers so far that are wrong (cached until the writer writes more)."""
        key = (step, len(self.table.entries), self.table.version)
        if key not in self._wrong:
            self._wrong = {key: self.table.wrong_values(self, step)}
        return self._wrong[key]

    def prove(self, x, y, with_data: bool = False):
        """Whether x = y under the definitions (cached); ``with_data`` also accepts equality
        once the example's inputs, target and η are put in (for claims that plug them in)."""
        key = (x, y, with_data)
        if key not in self._proofs:
            lookup = TruthWorld(self, 1).lookup
            self._proofs[key] = prove_equal(
                x, y, self.definitions, at_example=lookup, with_data=with_data
            )
        return self._proofs[key]


def _where(text: str, pos: int | None) -> str:
    if pos is None:
        return ""
    start = max(pos - 12, 0)
    snippet = text[start : pos + 12].replace("\n", " ")
    return f" at column {pos + 1} (“{'…' if start else ''}{snippet}…”)"


def check_claim(context: Context, text: str, step: int) -> tuple:
    """(verdict, explanation, expected, slip) for one claim's text at one step.

    The work is bounded by a fresh ``WorkBudget``; a claim that needs more is ``undecided``,
    and so is one stopped by the last-resort clock (which a correct budget never lets fire).
    """
    try:
        with time_limit(context.seconds), working(WorkBudget()):
            chain = parse_claim(text, context.vocabulary)
            judgement = ChainJudge(context, chain, step).run()
    except ClaimSyntaxError as exc:
        return "unreadable", exc.problem + _where(text, exc.pos), None, None
    except ClaimTimeout:
        return (
            "undecided",
            f"not decided within the last-resort limit of {context.seconds:g} s; "
            "split the chain or simplify it",
            None,
            None,
        )
    except ClaimTooLarge as exc:
        return "undecided", f"not decided within the work budget: {exc}", None, None
    except ClaimShapeError as exc:
        return "wrong", str(exc), None, None
    except RecursionError:
        return "unreadable", "nested too deeply to check", None, None
    return judgement.verdict, judgement.explanation, judgement.expected, judgement.slip


def verify_claims(network, text: str, seconds: float = SECONDS_PER_CLAIM) -> list[ClaimResult]:
    """Check every claim in ``text`` (LaTeX, one claim a line or in align/aligned/$$ blocks).

    ``network`` is a Network or anything ``load_network`` takes (a built-in name, a path, a
    dict). ``% step N`` lines set the training step numeric claims refer to (default 1).
    """
    if len(text) > MAX_FILE_BYTES:
        raise NNDeriveError(
            f"the claims are {len(text):,} characters long; at most {MAX_FILE_BYTES:,} are "
            "checked at once (split the file)"
        )
    if not isinstance(network, Network):
        network = load_network(network)
    context = Context(network, seconds)
    results = []
    for claim in split_claims(text):
        if claim.problem:
            results.append(
                ClaimResult(claim.line, claim.text, "unreadable", None, claim.problem, claim.step)
            )
            continue
        verdict, explanation, expected, slip = check_claim(context, claim.text, claim.step)
        results.append(
            ClaimResult(claim.line, claim.text, verdict, expected, explanation, claim.step, slip)
        )
    return results


__all__ = ["MAX_STEP", "VERDICTS", "ClaimResult", "verify_claims"]
