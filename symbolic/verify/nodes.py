"""The claim syntax tree: what the parser builds from LaTeX before any SymPy object exists.

Keeping our own tree (rather than going straight to SymPy) lets the checker see what the writer
wrote: which numbers are bare literals (and to how many places), which matrices are literals it
can transpose to test a slip, which sides name a known quantity.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction


@dataclass(frozen=True)
class Quantity:
    """A named quantity of the network: its ASCII name (the SymPy symbol's) and its role.

    Roles are those of ``Notation.locate`` — ("unit", m, i), ("weight", k, i, j),
    ("updated", "weight", k, i, j), ("error",), … — plus ("gradient", kind, k, i, j) for ∂E/∂θ.
    """

    ascii: str
    role: tuple

    @property
    def kind(self) -> str:
        return self.role[0]

    @property
    def is_parameter(self) -> bool:
        return self.kind in ("weight", "bias")


@dataclass(frozen=True)
class Number:
    """A decimal literal as written: exact value, decimal places shown, and the text."""

    pos: int
    value: Fraction
    places: int
    text: str


@dataclass(frozen=True)
class Name:
    pos: int
    quantity: Quantity


@dataclass(frozen=True)
class Derivative:
    """∂of/∂by, ``of`` any expression, ``by`` one quantity."""

    pos: int
    of: object
    by: Quantity


@dataclass(frozen=True)
class Binary:
    pos: int
    op: str  # "+", "-", "*", "/"
    left: object
    right: object


@dataclass(frozen=True)
class Negate:
    pos: int
    operand: object


@dataclass(frozen=True)
class Power:
    pos: int
    base: object
    exponent: object


@dataclass(frozen=True)
class Transpose:
    pos: int
    operand: object


@dataclass(frozen=True)
class Call:
    """A whitelisted function: exp, log, sqrt, abs, sigmoid(_prime), tanh(_prime), relu, max."""

    pos: int
    function: str
    arguments: tuple


@dataclass(frozen=True)
class MatrixLiteral:
    pos: int
    rows: tuple  # tuple of tuples of nodes


@dataclass(frozen=True)
class Chain:
    """A claim: sides joined by relations ("=", "≈", or "←" for an assignment)."""

    sides: tuple
    relations: tuple
    texts: tuple  # the source text of each side


def children(node) -> tuple:
    """The direct sub-nodes of a node."""
    if isinstance(node, Binary):
        return (node.left, node.right)
    if isinstance(node, (Negate, Transpose)):
        return (node.operand,)
    if isinstance(node, Power):
        return (node.base, node.exponent)
    if isinstance(node, Call):
        return node.arguments
    if isinstance(node, MatrixLiteral):
        return tuple(cell for row in node.rows for cell in row)
    if isinstance(node, Derivative):
        return (node.of,)
    return ()


def walk(node):
    """Every node of a tree, parents first."""
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        stack.extend(reversed(children(current)))


#: functions that grow like e^x: a tower of them is refused before any arithmetic
EXPONENTIALS = frozenset({"exp", "sigmoid", "sigmoid_prime", "tanh", "tanh_prime", "sinh", "cosh"})


def exponential_depth(node) -> int:
    """How deeply exponentials nest in a node: e^{e^{x}} is 2, σ(e^{x}) is 2, x is 0."""
    below = max((exponential_depth(c) for c in children(node)), default=0)
    return below + (isinstance(node, Call) and node.function in EXPONENTIALS)


def checked_call(call: Call, pos: int) -> Call:
    """The call, unless it makes a tower of exponentials too high to compute."""
    from .errors import ClaimSyntaxError
    from .limits import MAX_NESTED_EXPONENTIALS

    if exponential_depth(call) > MAX_NESTED_EXPONENTIALS:
        raise ClaimSyntaxError(
            f"exponentials nested more than {MAX_NESTED_EXPONENTIALS} deep (e^{{e^{{e^{{e^x}}}}}})",
            pos,
        )
    return call


def names_in(node) -> bool:
    """Whether a side names any quantity (else it is pure arithmetic on numbers)."""
    return any(isinstance(n, (Name, Derivative)) for n in walk(node))


def literal(node) -> tuple[Fraction, int] | None:
    """(value, decimal places) when a node is a bare number as written: 0.191, -0.809, 3×10^{-2}."""
    sign = 1
    if isinstance(node, Negate):
        sign, node = -1, node.operand
    if isinstance(node, Number):
        return sign * node.value, node.places
    if isinstance(node, Binary) and node.op == "*" and isinstance(node.left, Negate):
        inner = literal(Binary(node.pos, "*", node.left.operand, node.right))
        return None if inner is None else (-sign * inner[0], inner[1])
    if (
        isinstance(node, Binary)
        and node.op == "*"
        and isinstance(node.left, Number)
        and isinstance(node.right, Power)
        and isinstance(node.right.base, Number)
        and node.right.base.value == 10
        and node.right.base.places == 0
    ):
        exponent = literal(node.right.exponent)
        if exponent is not None and exponent[1] == 0 and exponent[0].denominator == 1:
            power = int(exponent[0])
            value = node.left.value * Fraction(10) ** power
            return sign * value, max(node.left.places - power, 0)
    return None
