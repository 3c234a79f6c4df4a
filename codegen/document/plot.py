"""The error over the first iterations, drawn by pgfplots from the numbers the code computed."""

from __future__ import annotations

from symbolic.numbers import format_decimal

#: decimal places of the plotted coordinates (far below what a plot can show)
PLOT_DIGITS = 8


def error_plot(errors, x_label: str, y_label: str) -> str:
    """pgfplots code plotting ``errors[n-1]`` (the error of iteration n) against n."""
    points = " ".join(
        f"({n}, {format_decimal(e, PLOT_DIGITS)})" for n, e in enumerate(errors, start=1)
    )
    count = len(errors)
    ticks = max(1, count // 10)
    return "\n".join(
        [
            r"\begin{tikzpicture}",
            r"\begin{axis}[width=0.8\textwidth, height=6.5cm, grid=major, grid style={black!12},",
            rf"  xlabel={{{x_label}}}, ylabel={{{y_label}}}, xmin=0.5, xmax={count + 0.5}, ymin=0,",
            rf"  xtick distance={ticks}, scaled y ticks=false,",
            r"  yticklabel style={/pgf/number format/fixed, /pgf/number format/precision=3}]",
            rf"\addplot[thick, blue!70!black, mark=*, mark size=1.6pt] coordinates {{{points}}};",
            r"\end{axis}",
            r"\end{tikzpicture}",
        ]
    )
