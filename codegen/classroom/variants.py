"""Every student's variant: the teacher's spec with numbers drawn for that student, kept only
when the common slips stay apart (see slips.py) and no other student has the same numbers."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from symbolic import Derivation, WorkedExample, load_network
from symbolic.errors import NNDeriveError
from symbolic.exercise import ExerciseTemplate, VariantNumbers, candidate_variants, variant_data

from .answers import build_answers
from .slips import SlipModel, separation_problem

#: draws tried per student before giving up (a typical slides variant needs a handful)
MAX_DRAWS = 1000
#: answers one exercise may ask (a sheet a student can work through by hand)
MAX_ANSWERS = 200


@dataclass(frozen=True)
class Variant:
    """One student's variant: the spec's data (as written to spec.yaml) and its network."""

    student: str
    attempt: int
    data: dict
    network: object


class VariantMaker:
    """Draws variants of one spec: the answers and their slips are built once, then every
    candidate's numbers are checked against them."""

    def __init__(self, spec_data: Mapping, network, template: ExerciseTemplate, seed: int):
        if len(network.samples) != 1:
            raise NNDeriveError(
                f"{network.source}: exercises need one training sample (example:), "
                f"this spec has {len(network.samples)} (examples:)"
            )
        self.spec_data = dict(spec_data)
        self.network = network
        self.template = template
        self.seed = seed
        count = network.count_parameters(trainable_only=True)
        if template.parameters is None and count > MAX_ANSWERS:
            raise NNDeriveError(
                f"{network.source}: {count:,} trainable parameters are too many to ask by hand; "
                "choose some in the spec's exercise.parameters"
            )
        self.answers = build_answers(network, template)
        if len(self.answers) > MAX_ANSWERS:
            raise NNDeriveError(
                f"{network.source}: the exercise asks {len(self.answers)} answers, at most "
                f"{MAX_ANSWERS} fit a sheet; ask fewer tasks, parameters or steps"
            )
        self.slips = SlipModel(Derivation(network), self.answers)
        self._taken: set[VariantNumbers] = set()

    def make(self, student: str) -> Variant:
        """The first draw for this student whose slips stay apart and whose numbers no earlier
        student has; reproducible from the seed and the id (and the ids made before it)."""
        last = None
        for attempt, numbers in candidate_variants(self.network, self.template, self.seed, student):
            if attempt >= MAX_DRAWS:
                break
            if numbers in self._taken:
                continue
            data = variant_data(self.spec_data, numbers, self.template)
            network = load_network(data, source=f"variant {student}")
            last = self.problem(network)
            if last is None:
                self._taken.add(numbers)
                return Variant(student, attempt, data, network)
        raise NNDeriveError(
            f"student {student}: none of {MAX_DRAWS} draws keeps the common slips apart at "
            f"{self.template.decimals} decimals (last: {last}); widen exercise.weights or "
            "exercise.inputs, or raise exercise.decimals"
        )

    def problem(self, network) -> str | None:
        """Why a variant's numbers do not separate the slips, or None."""
        return separation_problem(
            self.slips, self.answers, WorkedExample(network), self.template.decimals
        )
