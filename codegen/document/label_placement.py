"""Where the edge labels of a drawing go: a small constraint search over positions along edges.

Each label is a rectangle (its estimated printed size) centred on its edge at one of a few
positions; no two labels may overlap. The search picks the label with the fewest positions
left, tries its positions in order of preference and drops every position of the others that
would now overlap (forward checking), backtracking when one runs out. It stops after
``MAX_SEARCH_STEPS`` tried positions — a work budget, so the same network always gets the same
drawing, however fast the machine.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

#: positions the search may try for one layer's labels before it gives up on them
MAX_SEARCH_STEPS = 5_000


@dataclass(frozen=True)
class Box:
    """A label's rectangle: centre, half sizes and direction (unit vector along its width)."""

    cx: float
    cy: float
    half_w: float
    half_h: float
    ux: float = 1.0
    uy: float = 0.0

    def corners(self) -> list[tuple[float, float]]:
        vx, vy = -self.uy, self.ux
        return [
            (
                self.cx + sx * self.half_w * self.ux + sy * self.half_h * vx,
                self.cy + sx * self.half_w * self.uy + sy * self.half_h * vy,
            )
            for sx, sy in ((1, 1), (1, -1), (-1, -1), (-1, 1))
        ]

    @property
    def reach(self) -> float:
        """Half the diagonal: no point of the box is farther from its centre."""
        return math.hypot(self.half_w, self.half_h)

    def overlaps(self, other: Box) -> bool:
        """Whether two rectangles overlap (separating axis test)."""
        if math.hypot(self.cx - other.cx, self.cy - other.cy) >= self.reach + other.reach:
            return False
        mine, theirs = self.corners(), other.corners()
        axes = (
            (self.ux, self.uy),
            (-self.uy, self.ux),
            (other.ux, other.uy),
            (-other.uy, other.ux),
        )
        for ax, ay in axes:
            pa = [x * ax + y * ay for x, y in mine]
            pb = [x * ax + y * ay for x, y in theirs]
            if max(pa) <= min(pb) or max(pb) <= min(pa):
                return False
        return True

    def crosses(self, a: tuple[float, float], b: tuple[float, float]) -> bool:
        """Whether the segment from a to b passes through the rectangle (Liang–Barsky)."""
        points = []
        for x, y in (a, b):
            dx, dy = x - self.cx, y - self.cy
            points.append((dx * self.ux + dy * self.uy, -dx * self.uy + dy * self.ux))
        (x0, y0), (x1, y1) = points
        low, high = 0.0, 1.0
        for p, q in (
            (x0 - x1, x0 + self.half_w),
            (x1 - x0, self.half_w - x0),
            (y0 - y1, y0 + self.half_h),
            (y1 - y0, self.half_h - y0),
        ):
            if p == 0:
                if q < 0:
                    return False
                continue
            t = q / p
            if p < 0:
                low = max(low, t)
            else:
                high = min(high, t)
            if low > high:
                return False
        return True

    def touches_circle(self, x: float, y: float, radius: float) -> bool:
        dx, dy = x - self.cx, y - self.cy
        along, across = dx * self.ux + dy * self.uy, -dx * self.uy + dy * self.ux
        nearest_along = max(-self.half_w, min(self.half_w, along))
        nearest_across = max(-self.half_h, min(self.half_h, across))
        return math.hypot(along - nearest_along, across - nearest_across) < radius


def place_labels(options: list[list[Box]]) -> list[int] | None:
    """For each label the index of its chosen box in ``options[label]`` (boxes in order of
    preference) with no two chosen boxes overlapping, or None when there is none within the
    search budget."""
    count = len(options)
    if any(not boxes for boxes in options):
        return None
    # conflicts[(n, a)][m]: the boxes of label m (as a bit mask) that overlap box a of label n
    conflicts: dict[tuple[int, int], list[int]] = {}
    for n in range(count):
        for a, box in enumerate(options[n]):
            masks = [0] * count
            for m in range(count):
                if m == n:
                    continue
                for b, other in enumerate(options[m]):
                    if box.overlaps(other):
                        masks[m] |= 1 << b
            conflicts[(n, a)] = masks
    steps = 0

    def search(domains: list[int], chosen: dict[int, int]) -> dict[int, int] | None:
        nonlocal steps
        if len(chosen) == count:
            return chosen
        n = min(
            (m for m in range(count) if m not in chosen),
            key=lambda m: (domains[m].bit_count(), m),
        )
        domain = domains[n]
        a = 0
        while domain:
            if domain & 1:
                steps += 1
                if steps > MAX_SEARCH_STEPS:
                    return None
                masks = conflicts[(n, a)]
                narrowed = [d & ~masks[m] for m, d in enumerate(domains)]
                if all(narrowed[m] for m in range(count) if m not in chosen and m != n):
                    found = search(narrowed, {**chosen, n: a})
                    if found is not None:
                        return found
                    if steps > MAX_SEARCH_STEPS:
                        return None
            domain >>= 1
            a += 1
        return None

    found = search([(1 << len(boxes)) - 1 for boxes in options], {})
    return None if found is None else [found[n] for n in range(count)]
