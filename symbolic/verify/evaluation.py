"""Numbers of SymPy values, computed by walking the expression — never by ``evalf``.

Exact ``Fraction`` arithmetic while everything stays rational, 60-digit ``mpmath`` numbers
otherwise. The walk bounds its own work, so that the same claim costs the same on any machine:
an exponential's argument, a power's exponent and every number's size are checked before the
operation runs, and a value beyond them raises ``ClaimTooLarge`` (the claim is then
``undecided``), never an OverflowError or minutes of big-integer arithmetic.
"""

from __future__ import annotations

from fractions import Fraction

import mpmath
import sympy as sp

from ..numbers import WORKING_DIGITS
from .errors import ClaimShapeError, ClaimTooLarge
from .limits import charge

#: |x| beyond which e^x (sinh, cosh) is not computed: e^{10^5} has 43,430 digits
MAX_EXP_ARGUMENT = 10**5
#: binary magnitude beyond which a value is not carried on (2^{2^{18}} ≈ 10^{78,913})
MAX_MAGNITUDE_BITS = 2**18
#: integer exponents beyond this are computed in mpmath, not as exact fractions
MAX_EXACT_EXPONENT = 64

_MP_FUNCTIONS = {
    sp.log: mpmath.log,
    sp.tanh: mpmath.tanh,
    sp.sin: mpmath.sin,
    sp.cos: mpmath.cos,
    sp.atan: mpmath.atan,
    sp.erf: mpmath.erf,
}
_GROWING = {sp.exp: mpmath.exp, sp.sinh: mpmath.sinh, sp.cosh: mpmath.cosh}


def evaluate_scalar(expr, lookup):
    """The number of one SymPy scalar with each symbol s replaced by ``lookup(s)``."""
    with mpmath.workdps(WORKING_DIGITS):
        return _Walk(lookup).value(expr if isinstance(expr, sp.Basic) else sp.Integer(expr))


def _check(value):
    if isinstance(value, Fraction):
        if max(value.numerator.bit_length(), value.denominator.bit_length()) > MAX_MAGNITUDE_BITS:
            raise ClaimTooLarge("a number with more than 78,000 digits")
        return value
    if not mpmath.isfinite(value):
        raise ClaimShapeError("division by zero or an infinite value")
    if value and abs(mpmath.mag(value)) > MAX_MAGNITUDE_BITS:
        raise ClaimTooLarge("a value beyond 10^±78,000")
    return value


def _mp(value) -> mpmath.mpf:
    if isinstance(value, Fraction):
        return mpmath.mpf(value.numerator) / value.denominator
    return value


def _real(value) -> mpmath.mpf:
    if isinstance(value, mpmath.mpc):
        if value.imag:
            raise ClaimShapeError("not a real number (a log or root of a negative number?)")
        return value.real
    return value


class _Walk:
    """One evaluation: a memo of shared sub-expressions and the lookup of symbols."""

    def __init__(self, lookup):
        self.lookup = lookup
        self.memo: dict = {}

    def value(self, expr):
        found = self.memo.get(expr)
        if found is None:
            charge(1, "computing numbers")
            found = self.memo[expr] = _check(self._compute(expr))
        return found

    def _compute(self, expr):
        if expr.is_Symbol:
            value = self.lookup(expr)
            return value if isinstance(value, Fraction) else mpmath.mpf(value)
        if expr.is_Rational:
            return Fraction(int(expr.p), int(expr.q))
        if expr.is_Float:
            return mpmath.mpf(expr._mpf_)
        if expr is sp.E:
            return mpmath.e
        if expr is sp.pi:
            return +mpmath.pi
        if expr is sp.I:
            raise ClaimShapeError("not a real number (a log or root of a negative number?)")
        if expr in (sp.zoo, sp.oo, -sp.oo, sp.nan):
            raise ClaimShapeError("division by zero or an infinite value")
        if expr is sp.true or expr is sp.false:
            return bool(expr)
        if isinstance(expr, sp.Add):
            return self._sum(expr.args)
        if isinstance(expr, sp.Mul):
            return self._product(expr.args)
        if isinstance(expr, sp.Pow):
            return self._power(self.value(expr.base), self.value(expr.exp))
        return self._function(expr)

    def _sum(self, args):
        values = [self.value(a) for a in args]
        if all(isinstance(v, Fraction) for v in values):
            return sum(values, Fraction(0))
        return mpmath.fsum(_mp(v) for v in values)

    def _product(self, args):
        values = [self.value(a) for a in args]
        if all(isinstance(v, Fraction) for v in values):
            result = Fraction(1)
            for v in values:
                result = _check(result * v)
            return result
        result = mpmath.mpf(1)
        for v in values:
            result = _check(result * _mp(v))
        return result

    def _power(self, base, exponent):
        if isinstance(exponent, Fraction) and exponent.denominator == 1:
            k = int(exponent)
            if base == 0 and k < 0:
                raise ClaimShapeError("division by zero")
            if isinstance(base, Fraction) and abs(k) <= MAX_EXACT_EXPONENT:
                return base**k
            bits = abs(k) * max(abs(int(mpmath.mag(_mp(base)))) if base else 0, 1)
            if bits > MAX_MAGNITUDE_BITS:
                raise ClaimTooLarge("a power too large to compute")
            return _mp(base) ** k
        b, e = _mp(base), _mp(exponent)
        if b < 0:
            raise ClaimShapeError("not a real number (a root of a negative number?)")
        if b == 0:
            if e <= 0:
                raise ClaimShapeError("division by zero")
            return mpmath.mpf(0)
        if abs(e * mpmath.log(b)) > MAX_EXP_ARGUMENT:
            raise ClaimTooLarge("a power too large to compute")
        return b**e

    def _function(self, expr):
        kind = type(expr)
        if isinstance(expr, sp.Piecewise):
            for piece, condition in expr.args:
                if self.value(condition):
                    return self.value(piece)
            raise ClaimShapeError("a piecewise value is undefined here")
        if isinstance(expr, sp.core.relational.Relational):
            left, right = _mp(self.value(expr.lhs)), _mp(self.value(expr.rhs))
            return _relation(expr.rel_op, left, right)
        args = [self.value(a) for a in expr.args]
        if isinstance(expr, (sp.Max, sp.Min)) or type(expr).__name__ == "Maximum":
            choose = min if isinstance(expr, sp.Min) else max
            return choose(args, key=_mp)
        if isinstance(expr, sp.Abs):
            return abs(args[0])
        if isinstance(expr, sp.sign):
            return Fraction((args[0] > 0) - (args[0] < 0))
        if isinstance(expr, sp.Heaviside):
            x = args[0]
            if x == 0:
                if len(args) > 1:
                    return args[1]
                raise ClaimShapeError("the step function is undefined at 0")
            return Fraction(1 if x > 0 else 0)
        if kind in _GROWING:
            x = _mp(args[0])
            if abs(x) > MAX_EXP_ARGUMENT:
                raise ClaimTooLarge("e^x with |x| above 100,000")
            return _GROWING[kind](x)
        if kind in _MP_FUNCTIONS:
            x = _mp(args[0])
            if kind is sp.log and x <= 0:
                if x == 0:
                    raise ClaimShapeError("division by zero or an infinite value")
                raise ClaimShapeError("not a real number (a log or root of a negative number?)")
            return _real(_MP_FUNCTIONS[kind](x))
        raise ClaimShapeError(f"cannot compute {kind.__name__} here")


def _relation(op: str, left, right) -> bool:
    return {
        ">": left > right,
        "<": left < right,
        ">=": left >= right,
        "<=": left <= right,
        "==": left == right,
        "!=": left != right,
    }[op]
