"""The claim syntax tree: what the parser builds from LaTeX before any SymPy object exists.

Keeping our own tree (rather than going straight to SymPy) lets the checker see what the writer
wrote: which numbers are bare literals (and to how many places), which matrices are literals it
can transpose to test a slip, which sides name a known quantity. A written name is a ``Name``
holding its ``Reading``: the network ``Quantity`` it stands for and how the notation writes it
(sign convention, row or column, a bias unit in front, a change θ′ − θ).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from fractions import Fraction

from ..quantity import Quantity


@dataclass(frozen=True)
class Reading:
    """What a written name stands for.

    ``quantity``: the network's quantity (an entry, a scalar, or a whole vector or matrix);
    ``scale``: −1 when the notation's sign convention negates it (δ = −∂E/∂I);
    ``transposed``: a whole quantity written the other way round (rows in the row-vector style);
    ``augmented``: a bias unit 1 in front of a vector, a bias column in front of W (Θ, [1 x]);
    ``change``: the update's change θ′ − θ rather than the value (Δw in the textbook style);
    ``variable``: a free variable of a generic definition (z in σ(z) = 1/(1 + e^{−z}));
    ``label``: a word that names no quantity (`sum`, `exp`): the claim is its arithmetic;
    ``constant``: a number the notation names (m, the number of samples);
    ``generic``: the kind of any parameter a letter index stands for (W_x: every weight) —
    ``quantity`` holds a placeholder of that kind until the claim is checked for each one.
    """

    quantity: Quantity | None
    written: str = ""
    scale: int = 1
    transposed: bool = False
    augmented: bool = False
    change: bool = False
    variable: str | None = None
    label: str | None = None
    constant: Fraction | None = None  # a number the notation names (m, the number of samples)
    generic: str | None = None  # "weight" / "bias": W_x stands for every weight

    @property
    def is_parameter(self) -> bool:
        return self.quantity is not None and self.quantity.is_parameter and not self.change

    def updated(self) -> Reading:
        return replace(self, quantity=self.quantity.after_update())


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
    reading: Reading

    @property
    def quantity(self) -> Quantity | None:
        return self.reading.quantity


@dataclass(frozen=True)
class Derivative:
    """∂of/∂by, ``of`` any expression, ``by`` one written name."""

    pos: int
    of: object
    by: Reading


@dataclass(frozen=True)
class Binary:
    pos: int
    op: str  # "+", "-", "*", "/", "∘" (entry by entry)
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
    """A whitelisted function: exp, log, sqrt, abs, sigmoid(_prime), tanh(_prime), relu, max,
    or ``activation`` / ``activation_prime`` of a layer (f(z), f′(z), f_2(z_2), F(x))."""

    pos: int
    function: str
    arguments: tuple
    layer: int | None = None  # the unit layer whose activation f is; None: the only one


@dataclass(frozen=True)
class Sum:
    """Σ over the entries of a vector expression (Σ δ, Σ ½(t − o)²)."""

    pos: int
    operand: object


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
    columns: tuple = ()  # the column where each side starts, 0-based


def children(node) -> tuple:
    """The direct sub-nodes of a node."""
    if isinstance(node, Binary):
        return (node.left, node.right)
    if isinstance(node, (Negate, Transpose, Sum)):
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


def map_tree(node, change):
    """The tree with ``change(x)`` put in place of every node x for which it is not None
    (outermost first; a replaced node's children are not visited)."""
    replaced = change(node)
    if replaced is not None:
        return replaced
    if isinstance(node, MatrixLiteral):
        rows = tuple(tuple(map_tree(c, change) for c in row) for row in node.rows)
        return replace(node, rows=rows)
    if isinstance(node, Call):
        return replace(node, arguments=tuple(map_tree(a, change) for a in node.arguments))
    fields = {
        f: map_tree(getattr(node, f), change)
        for f in ("left", "right", "operand", "base", "exponent", "of")
        if hasattr(node, f)
    }
    return replace(node, **fields) if fields else node


def walk(node):
    """Every node of a tree, parents first."""
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        stack.extend(reversed(children(current)))


#: functions that grow like e^x: a tower of them is refused before any arithmetic
EXPONENTIALS = frozenset(
    {"exp", "sigmoid", "sigmoid_prime", "tanh", "tanh_prime", "sinh", "cosh", "activation"}
)


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


def is_label(node) -> bool:
    return isinstance(node, Name) and node.reading.label is not None


def names_in(node) -> bool:
    """Whether a side names any quantity (else it is arithmetic on numbers)."""
    return any(
        (isinstance(x, Name) and not is_label(x)) or isinstance(x, Derivative) for x in walk(node)
    )


def variables_in(node) -> bool:
    """Whether a side has a free variable (a generic definition: σ(z) = 1/(1 + e^{−z}))."""
    return any(isinstance(x, Name) and x.reading.variable is not None for x in walk(node))


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
            return sign * value, node.left.places - power
    return None
