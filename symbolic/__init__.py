"""nnderive's symbolic core: network specs, SymPy derivations, exact worked examples.

Typical use::

    from symbolic import load_network, Derivation, WorkedExample
    net = load_network("slides")
    d = Derivation(net)
    d.gradient("w1").shorthand      # Δ·w5·i1
    WorkedExample(net).step(1).prediction
"""

from .derivation import Derivation, LayerRule, ParameterGradient
from .errors import FormulaError, NNDeriveError, SpecError, UnknownParameterError
from .network import Layer, Network, Parameter
from .spec import builtin_examples, load_network
from .verify import verify_claims
from .worked import Step, WorkedExample

__version__ = "0.1.0"

__all__ = [
    "Derivation",
    "FormulaError",
    "Layer",
    "LayerRule",
    "NNDeriveError",
    "Network",
    "Parameter",
    "ParameterGradient",
    "SpecError",
    "Step",
    "UnknownParameterError",
    "WorkedExample",
    "__version__",
    "builtin_examples",
    "load_network",
    "verify_claims",
]
