"""Small explanatory drawings made with matplotlib (no image files to ship or keep in sync)."""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib.pyplot as plt
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

from helpers import _checks

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
    width = 0.75 * (len(source) + len(targets) + 1.5)
    fig, axes = plt.subplots(2, 1, figsize=(width, 4.2))
    _panel(axes[0], source, targets, inference=False)
    axes[0].set_title("training, one model: teacher forcing feeds the true previous target", fontsize=10)
    _panel(axes[1], source, targets, inference=True)
    axes[1].set_title("inference, two models: the decoder runs one step at a time on its own output", fontsize=10)
    fig.tight_layout()
    return fig


GATE_COLOR = "#d9ead3"
CANDIDATE_COLOR = "#fff2cc"
STATE_COLOR = "#1f4e79"


def _operation(ax: Axes, x: float, y: float, symbol: str) -> None:
    ax.add_patch(plt.Circle((x, y), 0.22, fc="white", ec="0.3", lw=1, zorder=3))
    ax.text(x, y, symbol, ha="center", va="center", fontsize=11, zorder=4)


def lstm_cell_diagram(inputs: int = 1, units: int = 5) -> Figure:
    """Draw one LSTM cell: its four gates, the cell-state line and the hidden-state output, labelled.

    The gates ``f`` (forget), ``i`` (input), ``o`` (output) squash with a sigmoid σ, the candidate ``c̃`` with
    tanh; each reads ``[h_{t-1}, x_t]``. The top line carries the cell state ``c_{t-1} -> c_t = f⊙c_{t-1} + i⊙c̃``;
    the output is ``h_t = o⊙tanh(c_t)``. Under each gate its parameter count, ``(inputs + units + 1) · units``,
    and the title the layer's total, ``4 ((inputs + 1) units + units²)``: Keras' ``LSTM(units).count_params()``
    on ``inputs`` features.

    Args:
        inputs: features per time step of ``x_t`` (at least one).
        units: size of the hidden and cell states (at least one).
    """
    per_gate = (inputs + units + 1) * units
    fig, ax = plt.subplots(figsize=(8.4, 4.6))
    # the cell-state line along the top: c_{t-1} -> forget ⊗ -> add ⊕ -> c_t
    ax.text(-0.35, 3, "c$_{t-1}$", ha="right", va="center", fontsize=11, color=STATE_COLOR)
    _arrow(ax, (-0.3, 3), (1.78, 3), color=STATE_COLOR, lw=2)
    _operation(ax, 2, 3, "×")
    _arrow(ax, (2.22, 3), (3.78, 3), color=STATE_COLOR, lw=2)
    _operation(ax, 4, 3, "+")
    _arrow(ax, (4.22, 3), (8.2, 3), color=STATE_COLOR, lw=2)
    ax.text(8.3, 3, "c$_t$", ha="left", va="center", fontsize=11, color=STATE_COLOR)
    # the four gates, all reading [h_{t-1}, x_t] from the line along the bottom
    gates = {
        "f": (2.0, "forget f\nσ", GATE_COLOR),
        "i": (3.4, "input i\nσ", GATE_COLOR),
        "c̃": (4.6, "candidate c̃\ntanh", CANDIDATE_COLOR),
        "o": (6.0, "output o\nσ", GATE_COLOR),
    }
    ax.text(-0.35, -0.9, "[h$_{t-1}$, x$_t$]", ha="right", va="center", fontsize=11)
    ax.plot([-0.3, 6.0], [-0.9, -0.9], color="0.3", lw=1.2)
    for x, text, color in gates.values():
        _arrow(ax, (x, -0.9), (x, 0.15))
        _box(ax, x, 0.6, text, color, width=1.05, height=0.8)
        ax.text(
            x, -0.5, f"{per_gate} weights", ha="center", va="center", fontsize=7.5, color="0.35",
            bbox={"fc": "white", "ec": "none", "pad": 0.5},
        )  # fmt: skip
    _arrow(ax, (2.0, 1.05), (2.0, 2.78))  # f scales the old cell state
    _operation(ax, 4, 2.05, "×")  # i ⊙ c̃ is what gets written
    _arrow(ax, (3.4, 1.05), (3.84, 1.9))
    _arrow(ax, (4.6, 1.05), (4.16, 1.9))
    _arrow(ax, (4, 2.27), (4, 2.78))
    # the output: h_t = o ⊙ tanh(c_t)
    ax.add_patch(FancyBboxPatch((6.55, 2.05), 0.7, 0.4, boxstyle="round,pad=0.03", fc=CANDIDATE_COLOR, ec="0.3"))
    ax.text(6.9, 2.25, "tanh", ha="center", va="center", fontsize=9)
    _arrow(ax, (6.9, 3), (6.9, 2.47))
    _operation(ax, 6.9, 1.35, "×")
    _arrow(ax, (6.9, 2.03), (6.9, 1.57))
    _arrow(ax, (6.0, 1.05), (6.68, 1.3))
    _arrow(ax, (7.12, 1.35), (8.2, 1.35), lw=2)
    ax.text(8.3, 1.35, "h$_t$", ha="left", va="center", fontsize=11)
    ax.text(3.0, 3.45, "cell state: forget some, write some", ha="center", fontsize=9, style="italic")
    ax.set_title(
        f"one LSTM cell, inputs={inputs}, units={units}: 4 gates × {per_gate} = {4 * per_gate} parameters",
        fontsize=10,
    )
    ax.set_xlim(-1.7, 9.0)
    ax.set_ylim(-1.2, 3.8)
    ax.set_aspect("equal")
    ax.axis("off")
    fig.tight_layout()
    return fig


_LABELS = _checks.named("a non-empty list or tuple of strings", _checks.labels)

_checks.install(
    globals(),
    rules={
        "teacher_forcing_diagram": {"source": _LABELS, "targets": _LABELS},
        # only printed in the labels: features of an input step, as wide as the course's largest vocabulary
        "lstm_cell_diagram": {"inputs": _checks.count(10_000)},
    },
)
