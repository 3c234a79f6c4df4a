"""The notations in wide use, as data: each preset is a table of written forms → quantities.

A ``Form`` says: a name with one of these bases, a subscript and superscript of this shape
(``index``), stands for this kind of quantity — negated (``scale``), written as a row
(``transposed``), with a bias unit in front (``augmented``) or as the change θ′ − θ. The
interpreter of the index shapes is ``lexicon.Lexicon``; nothing here is code.

Presets (``notation`` in a claims file's header or in the spec's ``verify:`` field):

* ``slides`` — the lecture: i_1, h_1, out, w_5 (numbered layer by layer), b_1, z_{h_1},
  δ_{h_1}, prediction, actual, Error, Δ = prediction − actual, η; the layered names too.
* ``layered`` — UFLDL/Ng: x_j, a_i^{(l)}, z_i^{(l)}, δ_i^{(l)}, w_{ij}^{(l)}, b_i^{(l)}, the
  whole W^{(l)}, a^{(l)}, z^{(l)}, δ^{(l)}, b^{(l)}, f(z), f′(z), h_{W,b}(x), J(W,b); Octave's
  a1 = [1 x], z2, delta3 and Θ = [b W] (bias first).
* ``net-out`` — net_{h1}, out_{h1}, out_{o1}, E_{total}, E_{o1}, target_{o1}, w_1 … w_8 (numbered
  as the slides number them), b_1, b_2 shared per layer, δ_{o1}.
* ``unit-numbered`` — textbook style: units numbered across the net (inputs first), I_j, O_j,
  θ_j, w_{ij} from unit i to unit j, T_j, Err_j = δ_j = −∂E/∂I_j (the sign convention is part
  of the notation), Error_j = T_j − O_j, Δw_{ij} = w′ − w, F the transfer function.
* ``row-vector`` — deep-learning style: layers counted from 0 (a_0 = x), row vectors a_l, z_l,
  δ_l, W_l of shape inputs × outputs, z = xW + bᵀ, ŷ, J, L, 𝓛, C, f_l(z_l), ∂J/∂W_l, ΔW.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Form:
    """Written bases + an index shape → a kind of quantity (see ``lexicon.INDEX_RULES``)."""

    bases: tuple[str, ...]
    index: str
    kind: str
    scale: int = 1
    transposed: bool = False
    augmented: bool = False
    change: bool = False
    word: str | None = None  # the subscript must be this word (E_{total})


@dataclass(frozen=True)
class Preset:
    name: str
    forms: tuple[Form, ...]
    #: how units are named in subscripts (net_{h1}): "slides" (i1, h1, out), "net-out" (i1, h1, o1)
    unit_names: str | None = None
    #: "\Delta w" is the change of w (else the product Δ·w, as on the lecture's slides)
    delta_is_change: bool = False
    #: bare letters that are free variables of generic definitions (σ(z) = 1/(1 + e^{−z}))
    variables: tuple[str, ...] = ("z", "t", "u", "s")
    #: names of the transfer function (F(0.21), f(z), f_1(z_1))
    functions: tuple[str, ...] = ("f", "g")
    #: sign conventions: a kind the notation writes negated (δ = −∂E/∂I: {"delta": -1})
    signs: tuple[tuple[str, int], ...] = ()
    #: bases whose subscript is a unit's name (net_{H11}): a ``let`` for one names the unit
    unit_bases: tuple[str, ...] = ()
    #: Σ sums over the samples of a batch (the row-vector style), not over a vector's entries
    sum_over_samples: bool = False
    #: names of constants: m, the number of samples
    constants: tuple[str, ...] = ()

    def sign(self, kind: str) -> int:
        return dict(self.signs).get(kind, 1)


ERROR_WORDS = ("E", "Error", "error", "Loss", "loss", "Cost", "cost", "J", "L", "C")
OUTPUT_WORDS = ("ŷ", "prediction", "Prediction", "pred", "output", "Output")
TARGET_WORDS = ("actual", "Actual", "target", "Target")

COMMON = (
    Form(("eta", "alpha"), "none", "rate"),
    Form(ERROR_WORDS, "none", "error"),
)

LECTURE = (
    Form(("Delta",), "output", "residual"),
    Form(("y", *TARGET_WORDS), "output", "target"),
    Form(("out", "Out", *OUTPUT_WORDS), "output", "unit"),
    Form(("i", "x"), "input", "unit"),
    Form(("h",), "hidden", "unit"),
    Form(("w",), "slides", "weight"),
    Form(("b",), "slides", "bias"),
    Form(("z",), "unit_name", "pre"),
    Form(("delta",), "unit_name", "delta"),
    Form(("delta",), "output", "delta"),
)

LAYERED = (
    Form(("a",), "layered", "unit"),
    Form(("z",), "layered", "pre"),
    Form(("delta",), "layered", "delta"),
    Form(("w",), "layered_pair", "weight"),
    Form(("W",), "layered", "weight"),
    Form(("b",), "layered", "bias"),
    Form(("x",), "input_or_whole", "unit"),
    Form(("Theta",), "layer_suffix", "weight", augmented=True),
    Form(("a",), "layer_suffix", "unit", augmented=True),
    Form(("z",), "layer_suffix", "pre"),
    Form(("delta",), "layer_suffix", "delta"),
    Form(("y",), "output_or_whole", "target"),
    Form(("Delta",), "output_or_whole", "residual"),
    Form(("ŷ", "out", *OUTPUT_WORDS), "output_or_whole", "unit"),
    Form(TARGET_WORDS, "output_or_whole", "target"),
    Form(("h",), "hidden", "unit"),
)

NET_OUT = (
    Form(("net",), "unit_name", "pre"),
    Form(("out",), "unit_name", "unit"),
    Form(("E",), "none", "error", word="total"),
    Form(("E",), "unit_name", "loss"),
    Form(("target", "Target", "t"), "unit_name", "target"),
    Form(("target", "Target"), "whole_output", "target"),
    Form(("output", "out", "Output"), "whole_output", "unit"),
    Form(("i",), "input", "unit"),
    Form(("w",), "slides", "weight"),
    Form(("w",), "unit_pair", "weight"),
    Form(("b",), "layer_bias", "bias"),
    Form(("delta",), "unit_name", "delta"),
    Form(("Delta",), "output", "residual"),
)

UNIT_NUMBERED = (
    Form(("I",), "across", "pre"),
    Form(("O",), "across", "unit"),
    Form(("theta",), "across", "bias"),
    Form(("Err", "delta"), "across", "delta", scale=-1),
    Form(("T",), "across", "target"),
    Form(("w",), "across_pair", "weight"),
    Form(("x", "X"), "input", "unit"),
    Form(("Error", "e"), "output", "residual", scale=-1),
    Form(("y",), "output", "target"),
)

ROW_VECTOR = (
    Form(("a",), "layer0", "unit", transposed=True),
    Form(("z",), "layer0", "pre", transposed=True),
    Form(("delta",), "layer0", "delta", transposed=True),
    Form(("W",), "weight_layer", "weight", transposed=True),
    Form(("b",), "weight_layer", "bias"),
    Form(("x", "X"), "whole_input", "unit", transposed=True),
    Form(("y",), "whole_output", "target", transposed=True),
    Form(("ŷ",), "whole_output", "unit", transposed=True),
    Form(("y",), "word_pred", "unit", transposed=True),
    Form(("y",), "word_true", "target", transposed=True),
    Form(("logits", "Logits"), "whole_output", "pre", transposed=True),
    Form(("softmax", "Softmax"), "whole_output", "unit", transposed=True),
    Form(("grad",), "whole_output", "delta", transposed=True),
    Form(("W update",), "weight_layer", "weight_gradient", transposed=True),
)

PRESETS: dict[str, Preset] = {
    "slides": Preset("slides", COMMON + LECTURE + LAYERED, unit_names="slides"),
    "layered": Preset("layered", COMMON + LAYERED, unit_names="slides"),
    "net-out": Preset(
        "net-out", NET_OUT + COMMON, unit_names="net-out", unit_bases=("net", "out", "delta")
    ),
    "unit-numbered": Preset(
        "unit-numbered", UNIT_NUMBERED + COMMON, delta_is_change=True,
        functions=("f", "g", "F"), signs=(("delta", -1),),
    ),
    "row-vector": Preset(
        "row-vector", ROW_VECTOR + COMMON, delta_is_change=True, sum_over_samples=True,
        constants=("m",),
    ),
}  # fmt: skip
#: the reading of a file that declares no notation: the lecture's names and the layered ones
DEFAULT = "slides"
NOTATIONS = tuple(PRESETS)
