"""One grid type for every value of a claim: numbers, intervals and written literals alike.

A number is a 1×1 grid, a row [h_1 h_2] a 1×2 grid, W^{(1)} an m×n grid. The same type carries
the numbers of a side (``Fraction`` or ``mpf``), their interval bounds (``(lo, hi)``) and the
literals the writer typed (``(value, places)`` or ``None``), so shape checks, transposes and
cell-by-cell comparisons are written once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Grid:
    """Rows of cells, every row the same length; a number is the 1×1 grid."""

    rows: tuple[tuple[Any, ...], ...]

    def __post_init__(self):
        if not self.rows or not self.rows[0] or len({len(r) for r in self.rows}) != 1:
            raise ValueError("a grid needs rows of one common, non-zero length")

    @classmethod
    def scalar(cls, value) -> Grid:
        return cls(((value,),))

    @classmethod
    def of(cls, value) -> Grid:
        """``value`` as a grid: a grid unchanged, anything else as 1×1."""
        return value if isinstance(value, Grid) else cls.scalar(value)

    @classmethod
    def build(cls, shape: tuple[int, int], cell: Callable[[int, int], Any]) -> Grid:
        rows, cols = shape
        return cls(tuple(tuple(cell(r, c) for c in range(cols)) for r in range(rows)))

    # ------------------------------------------------------------------ shape
    @property
    def shape(self) -> tuple[int, int]:
        return (len(self.rows), len(self.rows[0]))

    @property
    def is_scalar(self) -> bool:
        return self.shape == (1, 1)

    @property
    def value(self):
        """The single cell of a 1×1 grid."""
        if not self.is_scalar:
            raise ValueError(f"a {self.shape_text} grid is not one number")
        return self.rows[0][0]

    @property
    def shape_text(self) -> str:
        return "a number" if self.is_scalar else f"{self.shape[0]}×{self.shape[1]}"

    @property
    def T(self) -> Grid:
        return Grid(tuple(zip(*self.rows)))

    # ------------------------------------------------------------------ cells
    def cell(self, r: int, c: int):
        """Cell (r, c); a 1×1 grid answers every position (a number broadcasts)."""
        if self.is_scalar:
            return self.rows[0][0]
        return self.rows[r][c]

    def cells(self) -> Iterator[tuple[int, int, Any]]:
        for r, row in enumerate(self.rows):
            for c, x in enumerate(row):
                yield r, c, x

    def positions(self) -> list[tuple[int, int]]:
        return [(r, c) for r, c, _ in self.cells()]

    def values(self) -> list:
        return [x for _, _, x in self.cells()]

    def map(self, f: Callable[[Any], Any]) -> Grid:
        return Grid(tuple(tuple(f(x) for x in row) for row in self.rows))

    def zip_with(self, other: Grid, f: Callable[[Any, Any], Any]) -> Grid:
        """Cell by cell with a grid of the same shape (or a 1×1 grid on either side)."""
        shape = other.shape if self.is_scalar else self.shape
        if not (self.is_scalar or other.is_scalar) and self.shape != other.shape:
            raise ValueError(f"shapes {self.shape_text} and {other.shape_text} differ")
        return Grid.build(shape, lambda r, c: f(self.cell(r, c), other.cell(r, c)))

    def all(self, predicate: Callable[[Any], bool]) -> bool:
        return all(predicate(x) for _, _, x in self.cells())

    def any(self, predicate: Callable[[Any], bool]) -> bool:
        return any(predicate(x) for _, _, x in self.cells())
