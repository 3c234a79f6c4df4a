"""The error over the first iterations, as numbers for the template's pgfplots macro."""

from __future__ import annotations

from .sections import ErrorPlot
from .values import shown

#: significant digits of the plotted values (more than a plot can show)
PLOT_DIGITS = 6
#: about this many ticks on the iteration axis
X_TICKS = 10


def error_plot(errors, x_label: str, y_label: str) -> ErrorPlot:
    """``errors[n-1]`` (the error of iteration n) against n."""
    points = tuple((n, shown(e, PLOT_DIGITS).text()) for n, e in enumerate(errors, start=1))
    return ErrorPlot(points, x_label, y_label, max(1, len(points) // X_TICKS))
