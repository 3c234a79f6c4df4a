"""What a custom activation must be, beyond parsing: a real function of bounded size.

The whitelisting parser bounds the text (length, nesting, literal exponents), but SymPy combines
powers after parsing (``((1+x)^16)^16`` is ``(1+x)^256``) and a few short formulas are not real
functions on the real line (``sqrt(-1-x^2)``, ``x^x``) or grow beyond any number
(``exp(exp(exp(x)))``). So, after parsing:

- every numeric exponent in the combined expression is within ±MAX_EXPONENT;
- the formula and its derivative have at most MAX_OPERATIONS operations each;
- the formula and its derivative are real and finite in double precision at each of PROBES,
  checked by a small evaluator over the SymPy tree (a table of float functions; nothing is
  compiled or evaluated as text), so an overflow is caught at one node instead of growing a
  number with millions of digits.
"""

from __future__ import annotations

import cmath
import math
from fractions import Fraction

import sympy as sp

from .errors import FormulaError
from .formula import MAX_EXPONENT

#: operations (sp.count_ops) a formula and its derivative may each have
MAX_OPERATIONS = 400
#: points where an activation and its derivative must be real and finite
PROBES = tuple(Fraction(p) for p in ("-10", "-3", "-1", "-1/2", "0", "1/2", "1", "3", "10"))

#: SymPy function class → its float version
FLOAT_FUNCTIONS = {
    sp.exp: math.exp,
    sp.log: math.log,
    sp.tanh: math.tanh,
    sp.sinh: math.sinh,
    sp.cosh: math.cosh,
    sp.sin: math.sin,
    sp.cos: math.cos,
    sp.atan: math.atan,
    sp.erf: math.erf,
    sp.Abs: abs,
    sp.sign: lambda v: float((v > 0) - (v < 0)),
    sp.Heaviside: lambda v, at_zero=0.5: 1.0 if v > 0 else 0.0 if v < 0 else float(at_zero),
}


class _NotReal(Exception):
    """The formula has no real, finite value at a probe point."""


def check_activation(expr: sp.Expr, variable: sp.Symbol, name: str = "x") -> None:
    """Raise FormulaError unless ``expr`` is a bounded real function of ``variable``."""
    derivative = sp.diff(expr, variable)
    for node in sp.preorder_traversal(expr):
        if isinstance(node, sp.Pow) and node.exp.is_number and abs(node.exp) > MAX_EXPONENT:
            raise FormulaError(
                f"after combining powers the formula has the exponent {node.exp}, beyond "
                f"±{MAX_EXPONENT}"
            )
    for what, form in (("the formula", expr), ("its derivative", derivative)):
        if sp.count_ops(form) > MAX_OPERATIONS:
            raise FormulaError(f"{what} has more than {MAX_OPERATIONS} operations")
        for point in PROBES:
            try:
                _float_value(form, variable, float(point))
            except _NotReal as exc:
                raise FormulaError(
                    f"{what} is {exc} at {name} = {_shown(point)}; an activation must be a real, "
                    "finite function of every real number"
                ) from None


def _shown(point: Fraction) -> str:
    return str(float(point)).removesuffix(".0")


def _float_value(expr: sp.Expr, variable: sp.Symbol, x: float) -> float:
    """``expr`` at ``x`` in double precision, node by node; raises _NotReal."""
    if expr == variable:
        return x
    if expr is sp.I:
        raise _NotReal("not a real number")
    if expr.is_Number or expr in (sp.E, sp.pi):
        try:
            return _finite(float(expr))
        except (TypeError, OverflowError):
            raise _NotReal("undefined") from None
    args = [_float_value(arg, variable, x) for arg in expr.args]
    try:
        if isinstance(expr, sp.Add):
            value = math.fsum(args)
        elif isinstance(expr, sp.Mul):
            value = math.prod(args)
        elif isinstance(expr, sp.Pow):
            value = _power(*args)
        elif isinstance(expr, sp.Max):
            value = max(args)
        elif isinstance(expr, sp.Min):
            value = min(args)
        elif type(expr) in FLOAT_FUNCTIONS:
            value = FLOAT_FUNCTIONS[type(expr)](*args)
        else:
            raise _NotReal(f"not checkable ({type(expr).__name__})")
    except OverflowError:
        raise _NotReal("too large for a float") from None
    except (ValueError, ZeroDivisionError):
        raise _NotReal("undefined") from None
    if isinstance(value, complex):
        raise _NotReal("not a real number")
    return _finite(value)


def _finite(value: float) -> float:
    if math.isnan(value):
        raise _NotReal("undefined")
    if math.isinf(value):
        raise _NotReal("too large for a float")
    return value


def _power(base: float, exponent: float) -> float:
    if base < 0 and not float(exponent).is_integer():
        raise _NotReal("not a real number")
    if base == 0 and exponent < 0:
        raise _NotReal("undefined")
    result = base**exponent
    if isinstance(result, complex) or cmath.isnan(result):
        raise _NotReal("not a real number")
    return float(result)
