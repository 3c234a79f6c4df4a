"""What the checker knows while it judges: about the whole file, and about one claim.

``FileContext`` is shared by the claims of one file: the network's derivation and definitions,
the notation's lexicon, the worked example, the writer's table of numbers and the precisions
the writer rounds to. ``ClaimContext`` is one claim's: its step and sample, its sides and
subject, the truth and the writer's world at that step. The comparison objects receive a
``ClaimContext`` explicitly.
"""

from __future__ import annotations

from collections import Counter
from fractions import Fraction

from ..derivation import Derivation
from ..worked import WorkedExample
from . import nodes as n
from .build import Builder
from .definitions import Definitions
from .equality import prove_equal
from .slips import SlipFinder
from .worlds import TruthWorld, WriterTable, WriterWorld

#: networks up to this size contribute all their step values to ``exact_values``
MAX_EXACT_PARAMETERS = 2000


class FileContext:
    """Everything the claims of one file share."""

    def __init__(self, network, lexicon, seconds: float, precisions=None):
        self.network = network
        self.lexicon = lexicon
        self.derivation = Derivation(network)
        self.definitions = Definitions(self.derivation)
        self.builder = Builder(self.definitions, lexicon.preset.sum_over_samples)
        self.example = WorkedExample(network)
        self.table = WriterTable()
        self.slips = SlipFinder(self.definitions)
        self.seconds = seconds
        #: decimal places → how many claims end in numbers written to them
        self.precisions = Counter(precisions or {})
        #: the parameters the previous claim updated (∴ W = [numbers] continues it)
        self.last_update = None
        #: numbers the writer wrote as roundings of a true value → that value
        self.rounded_written: dict = {}
        #: numbers the writer obtained exactly (copied later, they are exact)
        self.exact_written: set = set()
        #: numbers written after a slip → (the true value they stood for, their line)
        self.mistaken: dict = {}
        self._proofs: dict = {}
        self._exact: dict = {}
        #: (formula, subject, step) → each candidate slip's value in the truth
        self.truth_slip_values: dict = {}

    def exact_values(self, step: int) -> frozenset:
        """Every exact value of the step's quantities: numbers a writer copies, not rounds
        (both signs: a value and its negative are written alike)."""
        if step not in self._exact:
            values = set()
            for sample in self.network.samples:
                values.update(sample.x)
                values.update(sample.y)
            values.add(self.network.learning_rate)
            s = self.example.step(step)
            for one in s.passes.values():
                for layer in [*one.a, *one.z[1:], *one.deltas[1:]]:
                    values.update(layer or ())
            values.add(s.error)
            if self.network.count_parameters() <= MAX_EXACT_PARAMETERS:
                for weights, biases in zip(s.weights, s.biases):
                    values.update(v for row in weights for v in row)
                    values.update(biases or ())
                for p in self.network.parameters():
                    values.add(s.parameter_value(p.kind, p.layer, p.row, p.col, after=True))
                    values.add(s.gradient(p.kind, p.layer, p.row, p.col))
            self._exact[step] = frozenset(v for v in values if isinstance(v, Fraction))
        return self._exact[step]

    def rounds_to_places(self, places: int, own=frozenset()) -> bool:
        """Whether a number written to ``places`` decimals may be a rounding: the writer rounds
        at least that finely elsewhere — in the results of the file's other claims (``own``:
        this claim's) — so a whole number, or a coarser one, stands as exact (1 for 0.5646)."""
        if places <= 0:
            return False
        elsewhere = [p for p, count in self.precisions.items() if count > (p in own)]
        return not elsewhere or places >= min(elsewhere)

    def prove(self, x, y, with_data: bool = False, sample: int | None = None, targets=False):
        """Whether x = y under the definitions (cached); ``with_data`` also accepts equality
        once the inputs, targets and η of ``sample`` (default the first) are put in (for
        claims that plug them in); ``targets``: once that sample's targets are put in (E =
        −log a_1 for the one-hot y = e_1)."""
        sample = sample or 0
        key = (x, y, with_data, sample if with_data or targets else 0, targets)
        if key not in self._proofs:
            # formulas are per sample (E is one sample's loss): checked at the sample
            lookup = TruthWorld(self, 1, sample).lookup
            fixed = self.definitions.targets_of(sample) if targets else None
            self._proofs[key] = prove_equal(
                x, y, self.definitions, at_example=lookup, with_data=with_data, sample=sample,
                fixed=fixed,
            )  # fmt: skip
        return self._proofs[key]


class ClaimContext:
    """One claim at one step and sample: its sides, subject, and the two worlds."""

    def __init__(
        self, file: FileContext, step: int, sample: int | None, line: int, own_places=frozenset()
    ):
        self.file = file
        #: the decimal places of this claim's own result (not evidence of the writer's habit)
        self.own_places = frozenset(own_places)
        self.step = step
        self.sample = sample
        self.line = line
        self.truth = TruthWorld(file, step, sample)
        self.sides: list = []
        self.subject = None
        self.note = ""
        self._writer = None

    @property
    def definitions(self):
        return self.file.definitions

    @property
    def names(self):
        return self.file.definitions.names

    def subject_keys(self) -> frozenset:
        """The names under which the subject's own numbers are kept (not used to judge it)."""
        subject = self.subject
        if subject is None or subject.value is None:
            return frozenset()
        value = subject.scalar
        cells = list(value) if hasattr(value, "shape") else [value]
        keys = set()
        for cell in cells:
            if getattr(cell, "is_Symbol", False):
                keys.add((self.step, cell.name))
            elif getattr(cell, "free_symbols", None):
                inner = [s for s in cell.free_symbols]
                if len(inner) == 1 and cell == -inner[0]:
                    keys.add((self.step, inner[0].name))
                keys.add((self.step, self.definitions.unit_form(cell)))
        return frozenset(keys)

    def writer(self) -> WriterWorld:
        if self._writer is None:
            self._writer = WriterWorld(self.file, self.step, self.sample, self.subject_keys())
        return self._writer

    def rounds_to_places(self, places: int) -> bool:
        return self.file.rounds_to_places(places, self.own_places)

    def writer_without(self, key) -> WriterWorld:
        """The writer's world with one of their numbers put back to the truth (to see what
        depends on it)."""
        return WriterWorld(
            self.file, self.step, self.sample, self.subject_keys(), honest=frozenset({key[::2]})
        )

    def prove(self, x, y, with_data: bool = False):
        return self.file.prove(x, y, with_data, self.sample if with_data else None)

    def targets_sample(self) -> int | None:
        """The sample whose targets a formula may take as known (E = −log a_1 with y = e_1):
        the sample named, or the only one; None for the mean over several samples."""
        if self.sample is not None:
            return self.sample
        return 0 if len(self.file.network.samples) == 1 else None

    def prove_with_targets(self, x, y):
        """Whether x = y once the claim's sample's targets are put in (None: no such sample)."""
        sample = self.targets_sample()
        if sample is None:
            return None
        return self.file.prove(x, y, sample=sample, targets=True)

    def plugs_in_data(self, *sides) -> bool:
        """Whether the writer put one of the example's data values (an input, the target, η)
        into these sides as a number — only then may the data make an identity hold."""
        data = set(self.file.definitions.data.values())
        return any(
            isinstance(x, n.Number) and x.value in data for side in sides for x in n.walk(side.node)
        )

    def exact_number(self, node: n.Number) -> bool:
        """Whether a written number is exact (not a rounding) in this claim's arithmetic."""
        if node.places == 0 or not self.rounds_to_places(node.places):
            return True
        file = self.file
        if node.value in file.mistaken or node.value in file.table.wrong_values(self.step):
            return True  # a number copied from an earlier slip, with its sign
        values = (node.value, -node.value)
        if any(v in file.exact_written for v in values):
            return True
        exact = file.exact_values(self.step)
        return any(v in exact for v in values)

    def rounded_input(self, node: n.Number) -> bool:
        """Whether a written number is (or may be) rounded."""
        if node.value in self.file.rounded_written:
            return True
        return not self.exact_number(node)

    def number_box(self, node: n.Number, precise: bool = False):
        """The values a written number may stand for: the number itself when exact; with
        ``precise`` (judging against a quantity's truth) the true value it rounds when it was
        written as the rounding of a quantity (0.12 for w1′ = 0.121326); else anything its
        rounding allows."""
        from .intervals import literal_box, point

        true = self.file.rounded_written.get(node.value) if precise else None
        if true is not None and node.places > 0:
            return point(true)
        if self.exact_number(node):
            return point(node.value)
        return literal_box(node.value, node.places)
