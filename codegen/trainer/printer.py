"""A SymPy code printer for scalar Numba code: one printer class, name mappings as data tables.

The printer turns the Derivation's SymPy expressions (unit definitions, gradients, activation and
loss derivatives) into Python expressions that ``numba.njit`` compiles. Functions go through
NumPy's scalar functions (``np.log``, ``np.sqrt``, …) so a generated module needs only NumPy and
Numba, except exp and tanh, which call the module's own vectorisable ``_exp`` and ``_tanh``
(templates/vecmath.py.j2: within 2 ulp, the special values exact); ``erf`` has no NumPy form
and is printed as ``math.erf`` (the printer records the import). Anything else raises
UnsupportedExpression naming the SymPy type.
"""

from __future__ import annotations

from typing import ClassVar

import sympy as sp
from sympy.printing.numpy import NumPyPrinter
from sympy.printing.precedence import PRECEDENCE
from sympy.printing.pycode import PythonCodePrinter

from symbolic.errors import NNDeriveError

#: SymPy function class name → the module's own branch-free function (templates/vecmath.py.j2),
#: which LLVM vectorises in a loop (NumPy's are libm calls); computed in float64
VECTOR_FUNCTIONS: dict[str, str] = {"exp": "_exp", "tanh": "_tanh"}

#: SymPy function class name → the scalar function a Numba kernel calls
KNOWN_FUNCTIONS: dict[str, str] = {
    "exp": "np.exp",
    "log": "np.log",
    "sqrt": "np.sqrt",
    "Abs": "np.abs",
    "sign": "np.sign",
    "tanh": "np.tanh",
    "sinh": "np.sinh",
    "cosh": "np.cosh",
    "sin": "np.sin",
    "cos": "np.cos",
    "tan": "np.tan",
    "atan": "np.arctan",
    "asin": "np.arcsin",
    "acos": "np.arccos",
    "erf": "math.erf",
}

#: SymPy constant class name → the constant a kernel uses
KNOWN_CONSTANTS: dict[str, str] = {"Exp1": "np.e", "Pi": "np.pi"}

#: floating-point types a module can be generated for → the NumPy scalar type's name
DTYPES: dict[str, str] = {"float64": "np.float64", "float32": "np.float32"}


class UnsupportedExpression(NNDeriveError):
    """An expression the Numba printer has no translation for."""


class NumbaPrinter(NumPyPrinter):
    """Scalar NumPy/Numba code for one expression.

    Settings: ``names`` maps a SymPy symbol's name to the identifier of the variable that holds
    it (every free symbol must be listed); ``dtype`` is "float64" or "float32" — in float32 every
    number is wrapped in ``np.float32(...)`` so no arithmetic is silently promoted to float64.
    """

    _module = "np"
    _default_settings: ClassVar[dict] = {
        **NumPyPrinter._default_settings,
        "names": {},
        "dtype": "float64",
        "fully_qualified_modules": True,
    }

    _describing = False  # LayoutPrinter: True while it prints a docstring's array form

    def __init__(self, settings=None):
        super().__init__(settings)
        self.known_functions = dict(KNOWN_FUNCTIONS)
        self.known_constants = dict(KNOWN_CONSTANTS)
        dtype = self._settings["dtype"]
        if dtype not in DTYPES:
            raise UnsupportedExpression(f"unknown dtype {dtype!r}; expected one of {list(DTYPES)}")

    # ------------------------------------------------------------------ leaves
    def _print_Symbol(self, expr):
        names = self._settings["names"]
        if expr.name not in names:
            raise UnsupportedExpression(
                f"symbol {expr.name!r} has no variable in the generated kernel"
            )
        return names[expr.name]

    def _number(self, text: str) -> str:
        if self._settings["dtype"] == "float32":
            return f"np.float32({text})"
        return text

    def _print_Integer(self, expr):
        return self._number(str(expr.p))

    def _print_Rational(self, expr):
        return self._number(repr(float(expr.p) / float(expr.q)))

    def _print_Half(self, expr):
        return self._print_Rational(expr)

    def _print_Float(self, expr):
        return self._number(repr(float(expr)))

    def _print_NumberSymbol(self, expr):
        name = type(expr).__name__
        if name not in self.known_constants:
            return self._print_not_supported(expr)
        return self._number(self.known_constants[name])

    _print_Exp1 = _print_NumberSymbol
    _print_Pi = _print_NumberSymbol

    # ------------------------------------------------------------------ functions
    #: Function subclasses printed by their own method below; every other goes through the table
    _own_methods: ClassVar[frozenset[str]] = frozenset(
        {"Piecewise", "Heaviside", "LogSumExp", "Softplus"}
    )

    def _print(self, expr, **kwargs):
        # SymPy's Python printers register a method per function they know (gamma, loggamma, …);
        # route every function through KNOWN_FUNCTIONS instead, so the table alone decides.
        if isinstance(expr, sp.Function) and type(expr).__name__ not in self._own_methods:
            return self._print_Function(expr)
        return super()._print(expr, **kwargs)

    def _print_Function(self, expr):
        name = type(expr).__name__
        if name in VECTOR_FUNCTIONS:
            return self._vector(name, self._print(expr.args[0]))
        if name not in self.known_functions:
            return self._print_not_supported(expr)
        function = self._module_format(self.known_functions[name])
        return f"{function}({', '.join(self._print(arg) for arg in expr.args)})"

    def _vector(self, name: str, arg: str) -> str:
        """The module's vectorisable function (float64) called on ``arg``; in float32 its result
        is rounded to float32 at once, so no arithmetic after it is promoted to float64."""
        if self._describing:  # a docstring's NumPy array form
            return f"{self._module_format(KNOWN_FUNCTIONS[name])}({arg})"
        call = f"{VECTOR_FUNCTIONS[name]}({arg})"
        return f"np.float32({call})" if self._settings["dtype"] == "float32" else call

    def _print_Max(self, expr):
        return self._fold("max", expr.args)

    def _print_Min(self, expr):
        return self._fold("min", expr.args)

    def _fold(self, function: str, args) -> str:
        text = self._print(args[0])
        for arg in args[1:]:
            text = f"{function}({text}, {self._print(arg)})"
        return text

    def _print_Heaviside(self, expr):
        (x, *rest) = expr.args
        at_zero = rest[0] if rest else sp.Rational(1, 2)
        one, zero = self._print(sp.Integer(1)), self._print(sp.Integer(0))
        x_text = self._print(x)
        return f"({one} if {x_text} > 0 else ({self._print(at_zero)} if {x_text} == 0 else {zero}))"

    # stable forms (codegen.trainer.stable): nothing overflows where the value is finite
    def _print_LogSumExp(self, expr):
        """log Σ e^{z_k} as m + log Σ e^{z_k − m}, m = max_k z_k."""
        args = [self._print(arg) for arg in expr.args]
        largest = f"max({', '.join(args)})"
        log = self._module_format("np.log")
        terms = " + ".join(self._vector("exp", f"{arg} - {largest}") for arg in args)
        return f"({largest} + {log}({terms}))"

    def _print_Softplus(self, expr):
        """log(1 + e^{u}) as max(u, 0) + log1p(e^{−|u|})."""
        u = self._print(expr.args[0])
        log1p = self._module_format("np.log1p")
        exp = self._vector("exp", f"-abs({u})")
        return f"(max({u}, {self._print(sp.Integer(0))}) + {log1p}({exp}))"

    # scalar control flow (NumPyPrinter would print array forms: numpy.select, numpy.greater)
    def _print_Piecewise(self, expr):
        return PythonCodePrinter._print_Piecewise(self, expr)

    def _print_Relational(self, expr):
        return PythonCodePrinter._print_Relational(self, expr)

    def _print_And(self, expr):
        return PythonCodePrinter._print_And(self, expr)

    def _print_Or(self, expr):
        return PythonCodePrinter._print_Or(self, expr)

    def _print_Not(self, expr):
        return PythonCodePrinter._print_Not(self, expr)

    def _print_BooleanTrue(self, expr):
        return "True"

    def _print_BooleanFalse(self, expr):
        return "False"

    def _print_Pow(self, expr, rational=False):
        base, exp = expr.args
        if exp.is_Integer and int(exp) == -1:
            return f"{self._print(sp.Integer(1))}/{self.parenthesize(base, PRECEDENCE['Mul'])}"
        if exp.is_Integer and 2 <= int(exp) <= 4:
            # repeated products: exact, and the same in jitted and plain Python
            factor = self.parenthesize(base, PRECEDENCE["Mul"])
            return "(" + "*".join([factor] * int(exp)) + ")"
        if exp == sp.Rational(1, 2):
            return f"{self._module_format('np.sqrt')}({self._print(base)})"
        return super()._print_Pow(expr, rational=rational)

    # ------------------------------------------------------------------ refusal
    def _print_not_supported(self, expr):
        raise UnsupportedExpression(
            f"the Numba printer cannot translate {type(expr).__name__} ({sp.sstr(expr)}); "
            "use an activation built from exp, log, sqrt, abs, tanh, sin, cos, atan, erf, max, min"
        )

    def _print_Derivative(self, expr):
        return self._print_not_supported(expr)

    def _print_Integral(self, expr):
        return self._print_not_supported(expr)

    @property
    def imports(self) -> tuple[str, ...]:
        """Modules the printed code uses besides numpy (``math`` for erf)."""
        return tuple(sorted(m for m in self.module_imports if m not in ("np", "numpy")))


def numba_code(expr: sp.Expr, names: dict[str, str], dtype: str = "float64") -> str:
    """One expression as scalar Numba code."""
    return NumbaPrinter({"names": names, "dtype": dtype}).doprint(expr)
