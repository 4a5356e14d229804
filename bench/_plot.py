"""Draws bench/scale.png from the scale figures; runs in .bench/venvs/plot (matplotlib).

`python _plot.py DATA.json OUT.png`, DATA as written by bench/scale.py.
"""

from __future__ import annotations

import importlib
import json
import sys
from typing import Any

matplotlib: Any = importlib.import_module("matplotlib")
matplotlib.use("Agg")  # no display: before pyplot is imported
plt: Any = importlib.import_module("matplotlib.pyplot")


def _fit(xs: list[float], ys: list[float]) -> tuple[float, float]:
    n = len(xs)
    mx, my = sum(xs) / n, sum(ys) / n
    sxx = sum((x - mx) ** 2 for x in xs) or 1.0
    a = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sxx
    return a, my - a * mx


def main() -> None:
    with open(sys.argv[1], encoding="utf-8") as handle:
        data = json.load(handle)
    ops = data["ops"]
    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4.2), dpi=110)

    err = [
        [m - lo for m, lo in zip(data["wall"], data["wall_min"], strict=True)],
        [hi - m for m, hi in zip(data["wall"], data["wall_max"], strict=True)],
    ]
    left.errorbar(ops, data["wall"], yerr=err, fmt="o", capsize=4, label="wall (median, min-max)")
    left.plot(ops, data["scaled"], "s", label="ir + render + format + write")
    for key, style in (("wall", "--"), ("scaled", ":")):
        a, b = _fit(ops, data[key])
        left.plot([0, max(ops)], [b, a * max(ops) + b], style, color="grey")
    left.set_xlabel("operations generated")
    left.set_ylabel("seconds")
    left.set_title(f"Generation time (median of {data['runs']} runs)")
    left.set_xlim(left=0)
    left.set_ylim(bottom=0)
    left.legend()
    left.grid(alpha=0.3)

    right.plot(ops, [n / 1000 for n in data["lines"]], "o", color="tab:green")
    a, b = _fit(ops, data["lines"])
    right.plot([0, max(ops)], [b / 1000, (a * max(ops) + b) / 1000], "--", color="grey")
    right.set_xlabel("operations generated")
    right.set_ylabel("thousand lines of Python")
    right.set_title("Output size")
    right.set_xlim(left=0)
    right.set_ylim(bottom=0)
    right.grid(alpha=0.3)

    fig.tight_layout()
    fig.savefig(sys.argv[2])


if __name__ == "__main__":
    main()
