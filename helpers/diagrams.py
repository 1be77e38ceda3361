"""Small explanatory drawings made with matplotlib (no image files to ship or keep in sync)."""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib.pyplot as plt
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

from helpers._checks import labels

ENCODER_COLOR = "#cfe2f3"
DECODER_COLOR = "#fde2c4"
TRUTH_COLOR = "#2e7d32"
PREDICTION_COLOR = "#c62828"


def _box(ax: Axes, x: float, y: float, text: str, color: str, width: float = 0.8, height: float = 0.6) -> None:
    ax.add_patch(
        FancyBboxPatch(
            (x - width / 2, y - height / 2), width, height, boxstyle="round,pad=0.05", fc=color, ec="0.3", lw=1
        )
    )
    ax.text(x, y, text, ha="center", va="center", fontsize=9)


def _arrow(
    ax: Axes, start: tuple[float, float], end: tuple[float, float], color: str = "0.3", lw: float = 1.2, **kwargs
) -> None:
    ax.add_patch(FancyArrowPatch(start, end, arrowstyle="-|>", mutation_scale=10, color=color, lw=lw, **kwargs))


def _panel(ax: Axes, source: Sequence[str], targets: Sequence[str], inference: bool) -> None:
    n_in, n_out = len(source), len(targets)
    for i, label in enumerate(source):
        _box(ax, i, 0, "LSTM", ENCODER_COLOR)
        ax.text(i, -1.05, label, ha="center", va="center", fontsize=10)
        _arrow(ax, (i, -0.85), (i, -0.35))
        if i:
            _arrow(ax, (i - 0.6, 0), (i - 0.4, 0))
    gap = n_in + 0.6
    _arrow(ax, (n_in - 0.6, 0), (gap - 0.4, 0), color="k", lw=2)
    ax.text((n_in - 0.6 + gap - 0.4) / 2, 0.45, "h, c", ha="center", fontsize=9, fontweight="bold")
    for j in range(n_out):
        x = gap + j
        _box(ax, x, 0, "LSTM", DECODER_COLOR)
        if j:
            _arrow(ax, (x - 0.6, 0), (x - 0.4, 0))
        _arrow(ax, (x, 0.35), (x, 0.85))
        ax.text(x, 1.05, f"ŷ{j + 1}", ha="center", va="center", fontsize=10, color=PREDICTION_COLOR)
        if j == 0:
            ax.text(x, -1.05, "0 (start)", ha="center", va="center", fontsize=9)
        elif inference:
            ax.text(x, -1.05, f"ŷ{j}", ha="center", va="center", fontsize=10, color=PREDICTION_COLOR)
            _arrow(ax, (x - 0.8, 1.2), (x - 0.15, -0.95), color=PREDICTION_COLOR, connectionstyle="arc3,rad=-0.35")
        else:
            ax.text(x, -1.05, targets[j - 1], ha="center", va="center", fontsize=10, color=TRUTH_COLOR)
        _arrow(ax, (x, -0.85), (x, -0.35))
    ax.text((n_in - 1) / 2, 1.05, "encoder", ha="center", fontsize=10, style="italic")
    ax.set_xlim(-0.8, gap + n_out - 0.2)
    ax.set_ylim(-1.4, 1.4)
    ax.set_aspect("equal")
    ax.axis("off")


def teacher_forcing_diagram(
    source: Sequence[str] = ("x₁", "x₂", "x₃", "x₄"), targets: Sequence[str] = ("y₁", "y₂", "y₃", "y₄")
) -> Figure:
    """Draw the encoder-decoder twice: trained with teacher forcing (top), run at inference (bottom).

    Top: the decoder reads the start value 0, then the true previous targets (green).
    Bottom: it reads 0, then its own previous predictions (red arrows feed each output back).

    Args:
        source: labels of the encoder's input steps (at least one).
        targets: labels of the target steps (at least one).
    """
    source, targets = labels("source", source), labels("targets", targets)
    width = 0.75 * (len(source) + len(targets) + 1.5)
    fig, axes = plt.subplots(2, 1, figsize=(width, 4.2))
    _panel(axes[0], source, targets, inference=False)
    axes[0].set_title("training, one model: teacher forcing feeds the true previous target", fontsize=10)
    _panel(axes[1], source, targets, inference=True)
    axes[1].set_title("inference, two models: the decoder runs one step at a time on its own output", fontsize=10)
    fig.tight_layout()
    return fig
