"""A whitelisting parser for activation formulas in one variable, e.g. ``x/(1+abs(x))``.

The parser reads the text token by token and builds SymPy objects itself; nothing in the text is
ever evaluated as Python. Only the variable, decimal numbers, the constants below, the operators
``+ - * / ^ **``, parentheses and the whitelisted functions are accepted.
"""

from __future__ import annotations

import re
from fractions import Fraction

import sympy as sp

from .errors import FormulaError

MAX_LENGTH = 200
MAX_DEPTH = 30
MAX_EXPONENT = 16

#: function name -> (number of arguments, SymPy constructor)
FUNCTIONS: dict[str, tuple[int, object]] = {
    "exp": (1, sp.exp),
    "log": (1, sp.log),
    "ln": (1, sp.log),
    "sqrt": (1, sp.sqrt),
    "abs": (1, sp.Abs),
    "tanh": (1, sp.tanh),
    "sinh": (1, sp.sinh),
    "cosh": (1, sp.cosh),
    "sin": (1, sp.sin),
    "cos": (1, sp.cos),
    "atan": (1, sp.atan),
    "arctan": (1, sp.atan),
    "erf": (1, sp.erf),
    "sigmoid": (1, lambda z: 1 / (1 + sp.exp(-z))),
    "softplus": (1, lambda z: sp.log(1 + sp.exp(z))),
    "max": (2, sp.Max),
    "min": (2, sp.Min),
}

CONSTANTS: dict[str, sp.Expr] = {"e": sp.E, "pi": sp.pi}

_TOKEN = re.compile(
    r"\s*(?:(?P<number>\d+(?:\.\d*)?(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)"
    r"|(?P<name>[A-Za-z_][A-Za-z_0-9]*)|(?P<op>\*\*|[-+*/^(),]))"
)


def _tokens(text: str) -> list[tuple[str, str, int]]:
    out, pos = [], 0
    while pos < len(text):
        if text[pos:].strip() == "":
            break
        m = _TOKEN.match(text, pos)
        if not m:
            col = pos + len(text[pos:]) - len(text[pos:].lstrip())
            raise FormulaError(f"unexpected character {text[col]!r}", col)
        kind = m.lastgroup
        out.append((kind, m.group(kind), m.start(kind)))
        pos = m.end()
    return out


class _Parser:
    def __init__(self, text: str, variable: sp.Symbol, variable_name: str):
        self.text = text
        self.tokens = _tokens(text)
        self.i = 0
        self.depth = 0
        self.variable = variable
        self.variable_name = variable_name

    def peek(self) -> tuple[str, str, int] | None:
        return self.tokens[self.i] if self.i < len(self.tokens) else None

    def take(self, value: str | None = None) -> tuple[str, str, int]:
        tok = self.peek()
        if tok is None:
            raise FormulaError("formula ends too early", len(self.text))
        if value is not None and tok[1] != value:
            raise FormulaError(f"expected {value!r}, found {tok[1]!r}", tok[2])
        self.i += 1
        return tok

    def nested(self, pos: int) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise FormulaError(f"formula nests deeper than {MAX_DEPTH} levels", pos)

    def parse(self) -> sp.Expr:
        if not self.tokens:
            raise FormulaError("formula is empty")
        expr = self.sum()
        tok = self.peek()
        if tok is not None:
            raise FormulaError(f"unexpected {tok[1]!r}", tok[2])
        return expr

    def sum(self) -> sp.Expr:
        expr = self.product()
        while (tok := self.peek()) is not None and tok[1] in "+-":
            self.take()
            rhs = self.product()
            expr = expr + rhs if tok[1] == "+" else expr - rhs
        return expr

    def product(self) -> sp.Expr:
        expr = self.unary()
        while (tok := self.peek()) is not None and tok[1] in ("*", "/"):
            self.take()
            rhs = self.unary()
            if tok[1] == "/" and rhs == 0:
                raise FormulaError("division by zero", tok[2])
            expr = expr * rhs if tok[1] == "*" else expr / rhs
        return expr

    def unary(self) -> sp.Expr:
        tok = self.peek()
        if tok is not None and tok[1] in "+-":
            self.take()
            self.nested(tok[2])
            operand = self.unary()
            self.depth -= 1
            return -operand if tok[1] == "-" else operand
        return self.power()

    def power(self) -> sp.Expr:
        base = self.atom()
        tok = self.peek()
        if tok is not None and tok[1] in ("^", "**"):
            self.take()
            self.nested(tok[2])
            exponent = self.unary()
            self.depth -= 1
            if exponent.is_number and (not exponent.is_real or abs(exponent) > MAX_EXPONENT):
                raise FormulaError(f"exponent must be a real number within ±{MAX_EXPONENT}", tok[2])
            if base.is_Number and abs(base) > 10**6 and exponent.is_number:
                raise FormulaError("number raised to a power is too large", tok[2])
            return base**exponent
        return base

    def atom(self) -> sp.Expr:
        kind, value, pos = self.take()
        if kind == "number":
            if len(value) > 30:
                raise FormulaError("number has too many digits", pos)
            number = Fraction(value)
            if abs(number) > 10**12:
                raise FormulaError("number is too large", pos)
            return sp.Rational(number.numerator, number.denominator)
        if kind == "name":
            if value == self.variable_name:
                return self.variable
            if value in CONSTANTS:
                return CONSTANTS[value]
            if value in FUNCTIONS:
                return self.call(value, pos)
            known = ", ".join(sorted(FUNCTIONS))
            raise FormulaError(
                f"unknown name {value!r}: use the variable {self.variable_name}, e, pi, or a "
                f"function from {known}",
                pos,
            )
        if value == "(":
            self.nested(pos)
            expr = self.sum()
            self.take(")")
            self.depth -= 1
            return expr
        raise FormulaError(f"unexpected {value!r}", pos)

    def call(self, name: str, pos: int) -> sp.Expr:
        arity, build = FUNCTIONS[name]
        self.take("(")
        self.nested(pos)
        args = [self.sum()]
        while (tok := self.peek()) is not None and tok[1] == ",":
            self.take()
            args.append(self.sum())
        self.take(")")
        self.depth -= 1
        if len(args) != arity:
            raise FormulaError(f"{name} takes {arity} argument(s), got {len(args)}", pos)
        return build(*args)


def parse_formula(text: str, variable: sp.Symbol, variable_name: str = "x") -> sp.Expr:
    """Parse ``text`` into a SymPy expression in ``variable`` using only whitelisted syntax."""
    if not isinstance(text, str):
        raise FormulaError("formula must be a string")
    if len(text) > MAX_LENGTH:
        raise FormulaError(f"formula is longer than {MAX_LENGTH} characters")
    expr = _Parser(text, variable, variable_name).parse()
    if variable not in expr.free_symbols:
        raise FormulaError(f"formula does not use the variable {variable_name}")
    return expr
