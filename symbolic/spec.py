"""Read a network spec (YAML, TOML or JSON file, a dict, or a built-in example) into a Network.

Every problem becomes one SpecError line naming the file, the line where known, the field path
(``layers[1].weights``) and what is expected.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import re
from collections.abc import Mapping
from dataclasses import replace
from fractions import Fraction
from pathlib import Path

import numpy as np

from . import activations, losses
from .errors import FormulaError, SpecError
from .exercise import read_exercise
from .network import NOTATIONS, TITLE_LANGUAGES, UPDATES, Layer, Network, Sample
from .numbers import NumberError, exact
from .quantity import describe
from .spec_files import builtin_examples, check_nesting, read_spec_file

TOP_FIELDS = (
    "name",
    "title",
    "notation",
    "inputs",
    "layers",
    "loss",
    "learning_rate",
    "example",
    "examples",
    "update",
    "seed",
    "exercise",
    "verify",
)
LAYER_FIELDS = ("units", "names", "activation", "bias", "weights", "freeze")
FREEZABLE = ("weights", "bias")
MAX_PARAMETERS = 5_000_000
MAX_UNITS = 100_000
#: samples of the worked example (each step evaluates every one of them exactly)
MAX_SAMPLES = 1000
_IDENTIFIER = re.compile(r"^[A-Za-z][A-Za-z0-9]*$")
_PARAMETER_LIKE = re.compile(r"^(?:[wbaxz]\d.*|delta.*|Delta.*|actual\d*|y\d*)$")
_SPEC_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_.-]*$")


# --------------------------------------------------------------------------- validation
class _Checker:
    """Walks the parsed spec, raising SpecError with the field path and line of a problem."""

    def __init__(self, source: str, lines: Mapping[str, int]):
        self.source = source
        self.lines = lines

    def fail(self, field: str, problem: str, fix: str | None = None) -> SpecError:
        line, probe = None, field
        while probe and line is None:  # the field's own line, else its nearest parent's
            line = self.lines.get(probe)
            parent = re.sub(r"(\.[^.\[]*|\[\d+\])$", "", probe)
            probe = parent if parent != probe else ""
        return SpecError(problem, source=self.source, field=field or None, line=line, fix=fix)

    def mapping(self, value, field: str, allowed: tuple[str, ...]) -> Mapping:
        if not isinstance(value, Mapping):
            raise self.fail(field, f"expected a mapping of fields, got {_kind(value)}")
        for key in value:
            if key not in allowed:
                where = f"{field}.{key}" if field else str(key)
                raise self.fail(
                    where, f"unknown field {key!r}", f"allowed fields: {', '.join(allowed)}"
                )
        return value

    def count(self, value, field: str, what: str, maximum: int) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.fail(
                field, f"expected a whole number of {what} (at least 1), got {_kind(value)}"
            )
        if value < 1:
            raise self.fail(field, f"expected at least 1 {what.rstrip('s')}, got {value}")
        if value > maximum:
            raise self.fail(field, f"at most {maximum} {what} are supported, got {value}")
        return value

    def number(self, value, field: str) -> Fraction:
        try:
            return exact(value)
        except NumberError as exc:
            if isinstance(value, (int, float, str, Fraction)):
                raise self.fail(field, str(exc)) from None
            raise self.fail(field, f"expected a number, got {_kind(value)}") from None

    def vector(self, value, field: str, length: int, what: str) -> tuple[Fraction, ...]:
        if not isinstance(value, list):
            raise self.fail(
                field, f"expected a list of {length} numbers ({what}), got {_kind(value)}"
            )
        if len(value) != length:
            raise self.fail(field, f"expected {length} numbers ({what}), got {len(value)}")
        return tuple(self.number(v, f"{field}[{n}]") for n, v in enumerate(value))

    def names(self, value, field: str) -> tuple[str, ...]:
        if not value:
            raise self.fail(field, "expected a non-empty list of names")
        for n, name in enumerate(value):
            where = f"{field}[{n}]"
            if not isinstance(name, str) or not _IDENTIFIER.fullmatch(name):
                raise self.fail(
                    where,
                    f"expected a name of letters and digits, got {_kind(name)}",
                    "start with a letter, e.g. h1",
                )
            if _PARAMETER_LIKE.match(name) or name in ("E", "eta"):
                raise self.fail(
                    where,
                    f"name {name!r} is reserved for a parameter or a quantity of the derivation",
                    "choose another name",
                )
        if len(set(value)) != len(value):
            raise self.fail(field, "names must be different from each other")
        return tuple(value)


def _kind(value) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, str):
        shown = value if len(value) <= 30 else value[:27] + "..."
        return f"the text {shown!r}"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, list):
        return f"a list of {len(value)}"
    if isinstance(value, Mapping):
        return "a mapping"
    return f"a {type(value).__name__}"


def _initial(rng: np.random.Generator, fan_in: int, shape: tuple[int, ...]) -> np.ndarray:
    """Seeded initial values: uniform in ±1/√fan_in, rounded to 4 decimals (so exact)."""
    limit = math.floor(10_000 / math.sqrt(fan_in))
    return rng.integers(-limit, limit + 1, size=shape)


def _fractions(ints: np.ndarray) -> tuple:
    if ints.ndim == 1:
        return tuple(Fraction(int(v), 10_000) for v in ints.tolist())
    return tuple(tuple(Fraction(v, 10_000) for v in row) for row in ints.tolist())


def validate(
    data,
    *,
    source: str = "<dict>",
    lines: Mapping[str, int] | None = None,
    default_name: str = "network",
) -> Network:
    """Check a parsed spec and build the Network it describes."""
    check = _Checker(source, lines or {})
    spec = check.mapping(data, "", TOP_FIELDS)

    name = spec.get("name", default_name)
    if not isinstance(name, str) or not _SPEC_NAME.fullmatch(name):
        raise check.fail(
            "name",
            f"expected a name of letters, digits, '-', '_' or '.', got {_kind(name)}",
            "e.g. name: my-network",
        )
    title, titles = _titles(check, spec.get("title", name))
    notation = spec.get("notation", "layered")
    if notation not in NOTATIONS:
        raise check.fail(
            "notation", f"expected one of {', '.join(NOTATIONS)}, got {_kind(notation)}"
        )

    if "inputs" not in spec:
        raise check.fail("inputs", "missing", "give the number of inputs, e.g. inputs: 2")
    inputs = spec["inputs"]
    input_names = None
    if isinstance(inputs, list):
        input_names = check.names(inputs, "inputs")
        n_inputs = len(input_names)
    else:
        n_inputs = check.count(inputs, "inputs", "inputs", MAX_UNITS)

    if "layers" not in spec:
        raise check.fail(
            "layers", "missing", "give a list of layers, each with units and activation"
        )
    raw_layers = spec["layers"]
    if not isinstance(raw_layers, list) or not raw_layers:
        raise check.fail("layers", f"expected a non-empty list of layers, got {_kind(raw_layers)}")
    if notation == "slides" and len(raw_layers) > 2:
        raise check.fail(
            "notation",
            f"slides notation has at most one hidden layer, this spec has {len(raw_layers) - 1}",
            "use notation: layered for deeper networks",
        )

    seed = spec.get("seed", 0)
    if not _is_seed(seed):
        raise check.fail("seed", f"expected a whole number ≥ 0, got {_kind(seed)}")
    rng = np.random.default_rng(seed)

    layers, fan_in, total = [], n_inputs, 0
    seen_names = set(input_names or ())
    for k, raw in enumerate(raw_layers):
        field = f"layers[{k}]"
        raw = check.mapping(raw, field, LAYER_FIELDS)
        units_value, names = raw.get("units"), None
        if "names" in raw:
            names = check.names(raw["names"], f"{field}.names")
        if isinstance(units_value, list):
            if names is not None:
                raise check.fail(
                    f"{field}.units", "give names either in units or in names, not both"
                )
            names = check.names(units_value, f"{field}.units")
            units = len(names)
        elif units_value is None:
            if names is None:
                raise check.fail(
                    f"{field}.units", "missing", "give the number of units, e.g. units: 2"
                )
            units = len(names)
        else:
            units = check.count(units_value, f"{field}.units", "units", MAX_UNITS)
            if names is not None and len(names) != units:
                raise check.fail(
                    f"{field}.names", f"expected {units} names (one per unit), got {len(names)}"
                )
        for n, unit_name in enumerate(names or ()):
            if unit_name in seen_names:
                raise check.fail(f"{field}.names[{n}]", f"name {unit_name!r} is used twice")
            seen_names.add(unit_name)

        total += units * fan_in + units
        if total > MAX_PARAMETERS:
            raise check.fail(
                f"{field}.units",
                f"network has more than {MAX_PARAMETERS:,} parameters",
                "use a smaller network",
            )

        act_text = raw.get("activation", "identity")
        if not isinstance(act_text, str):
            raise check.fail(
                f"{field}.activation", f"expected a name or a formula in x, got {_kind(act_text)}"
            )
        try:
            activation = activations.activation_from_spec(act_text)
        except FormulaError as exc:
            known = ", ".join([*activations.BUILTIN, *activations.LAYER_FUNCTIONS])
            raise check.fail(
                f"{field}.activation",
                f"unknown activation or bad formula {act_text!r}: {exc}",
                f"use one of {known}, or a formula in x such as x/(1+abs(x))",
            ) from None
        if activation.is_layer_function:
            if k != len(raw_layers) - 1:
                raise check.fail(
                    f"{field}.activation",
                    f"{act_text} is a function of the whole layer and is allowed on the output "
                    "layer only",
                    "use an elementwise activation here, e.g. sigmoid or tanh",
                )
            if units < 2:
                raise check.fail(
                    f"{field}.activation",
                    f"{act_text} of a single unit is always 1",
                    "give the output layer at least 2 units, or use sigmoid",
                )

        if "weights" in raw:
            rows = raw["weights"]
            wfield = f"{field}.weights"
            if not isinstance(rows, list) or len(rows) != units:
                got = f"{len(rows)} rows" if isinstance(rows, list) else _kind(rows)
                raise check.fail(
                    wfield,
                    f"expected {units} rows (one per unit of this layer) "
                    f"of {fan_in} numbers (one per unit of the previous "
                    f"layer), got {got}",
                )
            weights = tuple(
                check.vector(row, f"{wfield}[{i}]", fan_in, "one per unit of the previous layer")
                for i, row in enumerate(rows)
            )
            weights_given = True
        else:
            weights = _fractions(_initial(rng, fan_in, (units, fan_in)))
            weights_given = False

        raw_bias = raw.get("bias", False)
        bias_given = True
        if raw_bias is False:
            bias = None
        elif raw_bias is True:
            bias = _fractions(_initial(rng, fan_in, (units,)))
            bias_given = False
        elif isinstance(raw_bias, list):
            bias = check.vector(raw_bias, f"{field}.bias", units, "one per unit of this layer")
        else:
            raise check.fail(
                f"{field}.bias",
                f"expected false, true or a list of {units} numbers, got {_kind(raw_bias)}",
            )

        freeze = raw.get("freeze", [])
        if not isinstance(freeze, list) or any(f not in FREEZABLE for f in freeze):
            raise check.fail(
                f"{field}.freeze",
                f"expected a list of {' and/or '.join(FREEZABLE)}, got {_kind(freeze)}",
            )
        if "bias" in freeze and bias is None:
            raise check.fail(
                f"{field}.freeze",
                "freezes the bias of a layer without bias",
                "remove bias from freeze, or set bias: true",
            )
        layers.append(
            Layer(
                units,
                activation,
                weights,
                bias,
                names,
                frozenset(freeze),
                weights_given,
                bias_given,
            )
        )
        fan_in = units

    loss = _loss(spec, layers, check)

    rate = check.number(spec.get("learning_rate", Fraction(1, 20)), "learning_rate")
    if rate <= 0:
        raise check.fail("learning_rate", f"expected a positive number, got {float(rate):g}")

    samples = _samples(spec, n_inputs, layers[-1].units, loss, check)
    update = spec.get("update", "full_batch")
    if update not in UPDATES:
        raise check.fail("update", f"expected one of {', '.join(UPDATES)}, got {_kind(update)}")

    canonical = json.dumps(
        data, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str
    )
    network = Network(
        name=name,
        title=title,
        titles=titles,
        notation=notation,
        n_inputs=n_inputs,
        layers=tuple(layers),
        loss=loss,
        learning_rate=rate,
        samples=samples,
        update=update,
        seed=seed,
        input_names=input_names,
        source=source,
        sha256=hashlib.sha256(canonical.encode("utf-8")).hexdigest(),
    )
    _refuse_name_collisions(network, raw_layers, check)
    if "exercise" in spec:  # the teacher's class exercise (symbolic/exercise.py)
        network = replace(network, exercise=read_exercise(spec["exercise"], network, check.fail))
    if "verify" in spec:
        network = replace(network, verify=_verify_settings(spec["verify"], network, check))
    return network


def _verify_settings(value, network: Network, check: _Checker):
    """The ``verify:`` field — {notation: PRESET, let: {LaTeX name: ASCII name}} — checked
    against this network now, so that a bad one is one line naming the spec's field."""
    # imported here: the checker itself imports spec
    from .verify.header import HeaderError, let_readings, settings_from_spec

    check.mapping(value, "verify", ("notation", "let"))
    try:
        settings = settings_from_spec(value)
        let_readings(network, settings)
    except HeaderError as exc:
        field, _, problem = str(exc).partition(": ")
        if not field.startswith("verify"):
            field, problem = "verify", str(exc)
        raise check.fail(field, problem) from None
    return settings


def _loss(spec: Mapping, layers: list[Layer], check: _Checker) -> losses.Loss:
    """The loss, checked against the output layer it needs (softmax for the cross-entropy, …)."""
    name = spec.get("loss", "half_sse")
    if not isinstance(name, str) or name not in losses.BUILTIN:
        raise check.fail(
            "loss", f"unknown loss {_kind(name)}", f"use one of {', '.join(losses.BUILTIN)}"
        )
    loss = losses.BUILTIN[name]
    output = layers[-1].activation
    last = f"layers[{len(layers) - 1}].activation"
    if loss.output_activation is not None and output.name != loss.output_activation:
        raise check.fail(
            "loss",
            f"{name} needs a {loss.output_activation} output layer, this spec's is {output.name}",
            f"set {last}: {loss.output_activation}",
        )
    if loss.delta_is_residual:
        losses.prove_delta_is_residual(loss, output)
    return loss


def _samples(
    spec: Mapping, n_inputs: int, n_outputs: int, loss: losses.Loss, check: _Checker
) -> tuple[Sample, ...]:
    """The worked example's samples: ``example: {x, y}`` or ``examples: [{x, y}, …]``."""
    if "example" in spec and "examples" in spec:
        raise check.fail("examples", "give either example (one sample) or examples, not both")
    if "examples" in spec:
        raw = spec["examples"]
        if not isinstance(raw, list) or not raw:
            raise check.fail(
                "examples", f"expected a non-empty list of samples {{x, y}}, got {_kind(raw)}"
            )
        if len(raw) > MAX_SAMPLES:
            raise check.fail(
                "examples", f"at most {MAX_SAMPLES} samples are supported, got {len(raw)}"
            )
        fields = [(f"examples[{n}]", item) for n, item in enumerate(raw)]
    elif "example" in spec:
        fields = [("example", spec["example"])]
    else:
        raise check.fail(
            "example",
            "missing",
            "give the worked training sample, e.g. example: {x: [2, 3], y: [1]}",
        )
    samples = []
    for field, item in fields:
        item = check.mapping(item, field, ("x", "y"))
        for key in ("x", "y"):
            if key not in item:
                raise check.fail(f"{field}.{key}", "missing")
        x = check.vector(item["x"], f"{field}.x", n_inputs, "one per input")
        y = check.vector(item["y"], f"{field}.y", n_outputs, "one per output unit")
        _check_targets(y, f"{field}.y", loss, check)
        samples.append(Sample(x, y))
    return tuple(samples)


def _check_targets(y: tuple[Fraction, ...], field: str, loss: losses.Loss, check) -> None:
    if loss.targets == "unit_interval" and any(not 0 <= v <= 1 for v in y):
        raise check.fail(field, f"{loss.name} needs targets between 0 and 1")
    if loss.targets == "distribution" and (any(v < 0 for v in y) or sum(y) != 1):
        raise check.fail(
            field,
            f"{loss.name} needs targets that are ≥ 0 and sum to 1, these sum to {float(sum(y)):g}",
            "use a one-hot target such as [0, 1, 0]",
        )


def _refuse_name_collisions(network: Network, raw_layers: list, check: _Checker) -> None:
    """A spec's own unit or input name may not be the notation's name of another quantity:
    two names for one symbol would silently merge two quantities (wrong gradients)."""
    for q, own, other in network.names.collisions():
        if q.layer == 0:
            field = f"inputs[{q.row}]"
        else:
            key = "names" if "names" in raw_layers[q.layer - 1] else "units"
            field = f"layers[{q.layer - 1}].{key}[{q.row}]"
        raise check.fail(
            field,
            f"name {own!r} is the {network.notation} notation's name of {describe(other)}, "
            f"so it cannot also name {describe(q)}",
            "choose another name",
        )


def _titles(check: _Checker, value) -> tuple[str, tuple[tuple[str, str], ...]]:
    """The title (text, or one text per language) as (default title, per-language titles)."""
    languages = ", ".join(TITLE_LANGUAGES)
    if isinstance(value, str):
        return _text(check, value, "title"), ()
    if not isinstance(value, Mapping):
        raise check.fail(
            "title",
            f"expected text or a mapping of languages ({languages}) to text, got {_kind(value)}",
            "e.g. title: {zh: 一个简单的神经网络, en: A simple network}",
        )
    if not value:
        raise check.fail("title", "expected at least one language", f"give one of {languages}")
    for lang, text in value.items():
        if lang not in TITLE_LANGUAGES:
            raise check.fail(
                f"title.{lang}", f"unknown language {lang!r}", f"title languages: {languages}"
            )
        if not isinstance(text, str):
            raise check.fail(f"title.{lang}", f"expected text, got {_kind(text)}")
        _text(check, text, f"title.{lang}")
    titles = tuple((lang, value[lang]) for lang in TITLE_LANGUAGES if lang in value)
    return titles[0][1], titles


def _text(check: _Checker, text: str, field: str) -> str:
    """Free text from a spec: anything printable or not, but real text (UTF-8 can hold it)."""
    if any("\ud800" <= c <= "\udfff" for c in text):
        raise check.fail(
            field, "contains half of a UTF-16 surrogate pair, which is not text", "remove it"
        )
    return text


def _is_seed(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 2**63


def load_network(spec, *, source: str | None = None) -> Network:
    """A Network from a built-in example name, a path to a YAML/TOML/JSON file, or a dict."""
    if isinstance(spec, Network):
        return spec
    if isinstance(spec, Mapping):
        try:
            check_nesting(spec)
        except SpecError as exc:
            raise exc.located(source or "<dict>") from None
        return validate(dict(spec), source=source or "<dict>")
    if not isinstance(spec, (str, os.PathLike)):
        raise SpecError(f"expected a spec file, an example name or a dict, got {_kind(spec)}")
    path = Path(spec)
    examples = builtin_examples()
    if isinstance(spec, str) and spec in examples and not path.exists():
        path, display = examples[spec], spec
    else:
        display = source or str(spec)
        if not path.exists():
            raise SpecError(
                "no such file or built-in example",
                source=display,
                fix=f"built-in examples: {', '.join(examples)}",
            )
        if path.is_dir():
            raise SpecError("is a directory, not a spec file", source=display)
    data, lines = read_spec_file(path, display)
    return validate(data, source=display, lines=lines, default_name=path.stem)
