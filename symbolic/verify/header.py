"""The writer's notation, declared in a claims file's header or in the spec's ``verify:`` field.

Header lines (anywhere in the file, usually at the top)::

    % nnderive: notation net-out        slides | layered | net-out | unit-numbered | row-vector
    % nnderive: let w_{46} = w2_1_1     the author's LaTeX name = the spec's ASCII quantity name

The spec carries the same mapping::

    verify:
      notation: unit-numbered
      let: {"w_{46}": w2_1_1, "\\\\theta_6": b2_1}

The right side of ``let`` is a quantity's ASCII name as nnderive prints it: the spec's own names
(w5, h1, out), or the layered names of any network (a2_1, z2_1, delta2_1, w1_1_2, b2_1, x1, y1,
eta, E, dw5 for ∂E/∂w5, w5_new). A header that cannot be read is a usage error (one line).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..errors import NNDeriveError
from ..quantity import Quantity, exists
from .errors import ClaimSyntaxError
from .lexer import tokenize
from .nodes import Reading
from .presets import NOTATIONS
from .tokens import TokenStream, plain

_DIRECTIVE = re.compile(r"^\s*%\s*nnderive\s*:\s*(\S+)\s*(.*?)\s*$")
_LAYERED = [
    (re.compile(r"^a(\d+)_(\d+)$"), "unit"),
    (re.compile(r"^z(\d+)_(\d+)$"), "pre"),
    (re.compile(r"^delta(\d+)_(\d+)$"), "delta"),
]
_GREEK = {r"\Delta": "Delta", r"\delta": "delta", r"\eta": "eta", r"\alpha": "alpha",
          r"\theta": "theta", r"\Theta": "Theta", r"\sigma": "sigma"}  # fmt: skip


class HeaderError(NNDeriveError):
    """A header line or a spec ``verify:`` field that cannot be read."""


@dataclass
class Settings:
    """The notation and the ``let`` names of one claims file."""

    notation: str | None = None
    lets: list[tuple[int | None, str, str]] = field(default_factory=list)  # (line, latex, ascii)

    def merged(self, other: Settings) -> Settings:
        """These settings, with ``other``'s (the file's header) taking precedence."""
        return Settings(other.notation or self.notation, [*self.lets, *other.lets])


def read_directive(line_number: int, text: str, settings: Settings) -> bool:
    """Read one ``% nnderive:`` line into ``settings``; False when the line is not one."""
    m = _DIRECTIVE.match(text)
    if m is None:
        return False
    what, rest = m.group(1), m.group(2)
    where = f"line {line_number}"
    if what == "notation":
        if rest not in NOTATIONS:
            raise HeaderError(
                f"{where}: unknown notation {rest!r} (one of: {', '.join(NOTATIONS)})"
            )
        settings.notation = rest
    elif what == "let":
        left, sep, right = rest.rpartition("=")
        if not sep or not left.strip() or not right.strip():
            raise HeaderError(f"{where}: write % nnderive: let <LaTeX name> = <ASCII name>")
        settings.lets.append((line_number, left.strip(), right.strip()))
    else:
        raise HeaderError(f"{where}: unknown directive {what!r} (notation or let)")
    return True


def settings_from_spec(value, where: str = "verify") -> Settings:
    """The ``verify:`` field of a spec: {notation: NAME, let: {LaTeX: ASCII, …}}."""
    if value is None:
        return Settings()
    if not isinstance(value, dict):
        raise HeaderError(f"{where}: expected a mapping with notation and let")
    unknown = set(value) - {"notation", "let"}
    if unknown:
        raise HeaderError(f"{where}: unknown field {sorted(unknown)[0]!r} (notation or let)")
    notation = value.get("notation")
    if notation is not None and notation not in NOTATIONS:
        raise HeaderError(
            f"{where}.notation: unknown notation {notation!r} (one of: {', '.join(NOTATIONS)})"
        )
    lets = value.get("let", {}) or {}
    if not isinstance(lets, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in lets.items()
    ):
        raise HeaderError(f"{where}.let: expected a mapping of LaTeX names to ASCII names")
    return Settings(notation, [(None, k, v) for k, v in lets.items()])


def quantity_named(network, ascii_name: str) -> Quantity | None:
    """A quantity from its ASCII name: the network's own, or the layered one of any network."""
    q = network.names.quantity(ascii_name)
    if q is not None:
        return q
    for pattern, kind in _LAYERED:
        m = pattern.match(ascii_name)
        if m:
            q = Quantity(kind, int(m.group(1)) - 1, int(m.group(2)) - 1)
            return q if exists(network, q) else None
    m = re.match(r"^(d?)(w)(\d+)_(\d+)_(\d+)(_new)?$|^(d?)(b)(\d+)_(\d+)(_new)?$", ascii_name)
    if m and m.group(2):
        q = Quantity.weight(int(m.group(3)) - 1, int(m.group(4)) - 1, int(m.group(5)) - 1)
        updated, gradient = bool(m.group(6)), bool(m.group(1))
    elif m:
        q = Quantity.bias(int(m.group(9)) - 1, int(m.group(10)) - 1)
        updated, gradient = bool(m.group(11)), bool(m.group(7))
    else:
        fixed = {"eta": Quantity.rate(), "E": Quantity.error()}
        m = re.match(r"^(x|y)(\d+)$", ascii_name)
        if m:
            i = int(m.group(2)) - 1
            q = Quantity.input(i) if m.group(1) == "x" else Quantity.target(i)
            return q if exists(network, q) else None
        return fixed.get(ascii_name)
    if not exists(network, q) or (updated and gradient):
        return None
    return q.after_update() if updated else q.gradient() if gradient else q


def written_key(latex: str) -> tuple[str, str | None, int | None]:
    """(base, subscript, layer) of a LaTeX name, as the parser reads a written name."""
    tokens = tokenize(latex)
    stream = TokenStream(tokens, latex)
    first = stream.next()
    if first.text in (r"\text", r"\mathrm", r"\mathit", r"\operatorname"):
        base = plain(stream.group())
    else:
        base = _GREEK.get(first.text, first.text)
    sub = layer = None
    while stream.peek() is not None:
        tok = stream.next()
        if tok.text == "_" and sub is None:
            sub = plain(stream.group())
        elif tok.text == "^" and layer is None:
            mark = plain(stream.group())
            m = re.fullmatch(r"\((\d+)\)", mark)
            if not m:
                raise ClaimSyntaxError(f"{latex}: only a layer (l) is read as a superscript", 0)
            layer = int(m.group(1))
        else:
            raise ClaimSyntaxError(f"{latex}: write one name, e.g. w_{{46}}", tok.pos)
    return base, sub, layer


def let_readings(network, settings: Settings) -> dict[tuple, Reading]:
    """The ``let`` names as (base, sub, layer) → Reading; HeaderError names a bad one."""
    readings = {}
    for line, latex, ascii_name in settings.lets:
        where = f"line {line}: " if line is not None else "verify.let: "
        q = quantity_named(network, ascii_name)
        if q is None:
            raise HeaderError(
                f"{where}{ascii_name!r} names no quantity of this network "
                "(e.g. w1_1_2, a2_1, z2_1, delta2_1, b2_1, x1, y1, eta)"
            )
        try:
            key = written_key(latex)
        except ClaimSyntaxError as exc:
            raise HeaderError(f"{where}{exc.problem}") from None
        readings[key] = Reading(q, latex)
    return readings
