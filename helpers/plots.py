"""Figures the notebooks share: training curves and predictions against truth."""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
import numpy.typing as npt
from matplotlib.figure import Figure

from helpers import _checks


def plot_histories(
    histories: Mapping[str, Any],
    metric: str = "loss",
    log_scale: bool = True,
    title: str | None = None,
    steps_per_epoch: int = 1,
) -> Figure:
    """Draw one curve of ``metric`` per training run, against the epoch (or gradient step).

    Args:
        histories: run label -> Keras ``History`` or ``{"loss": [...], ...}``.
        metric: which logged series to draw, e.g. ``"loss"`` or ``"val_loss"``.
        log_scale: use a logarithmic y axis (losses span decades).
        title: figure title; defaults to the metric name.
        steps_per_epoch: if > 1, the x axis counts gradient steps (epoch x steps_per_epoch).
    """
    curves = {label: getattr(history, "history", history) for label, history in histories.items()}
    fig, ax = plt.subplots(figsize=(6, 3.5))
    for label, values in curves.items():
        ax.plot(np.arange(1, len(values[metric]) + 1) * steps_per_epoch, values[metric], label=label)
    xlabel = "epoch" if steps_per_epoch == 1 else "gradient step"
    ax.set(xlabel=xlabel, ylabel=metric, title=title or metric)
    if log_scale:
        ax.set_yscale("log")
    ax.legend()
    fig.tight_layout()
    return fig


def plot_predictions(
    truth: npt.ArrayLike,
    predictions: Mapping[str, npt.ArrayLike],
    x: npt.ArrayLike | None = None,
    xlabel: str = "input",
    ylabel: str = "value",
    title: str = "predictions against truth",
) -> Figure:
    """Plot the truth as a line and each set of predictions as markers on top.

    Args:
        truth: 1-D array of true values.
        predictions: label -> 1-D array of predicted values, same length as ``truth``.
        x: positions on the x axis (defaults to ``0 .. len(truth) - 1``).
    """
    truth = np.asarray(truth, dtype=float).ravel()
    x = np.arange(truth.size) if x is None else np.asarray(x, dtype=float).ravel()
    predicted = {label: np.asarray(values, dtype=float).ravel() for label, values in predictions.items()}
    fig, ax = plt.subplots(figsize=(6, 3.5))
    ax.plot(x, truth, "k-", lw=2, alpha=0.4, label="truth")
    for marker, (label, values) in zip(itertools.cycle("oxs^vd"), predicted.items()):
        ax.plot(x, values, marker, ls="none", label=label)
    ax.set(xlabel=xlabel, ylabel=ylabel, title=title)
    ax.legend()
    fig.tight_layout()
    return fig


def plot_attention(
    weights: npt.ArrayLike,
    sources: npt.ArrayLike,
    outputs: npt.ArrayLike,
    titles: Sequence[str] | None = None,
    suptitle: str = "attention weights",
) -> Figure:
    """Heatmaps of attention weights, one panel per sequence: output step (rows) against source position.

    Args:
        weights: ``(n, n_steps, time_in)``, each row a distribution over source positions.
        sources: integer source tokens ``(n, time_in)``, shown as the x tick labels (0 = padding, shown as ``·``).
        outputs: integer output tokens ``(n, n_steps)``, shown as the y tick labels.
        titles: one title per panel (default ``sequence 1 .. n``).
        suptitle: the figure's title.
    """
    weights = np.asarray(weights, dtype=float)
    n, n_steps, time_in = weights.shape
    titles = [f"sequence {i + 1}" for i in range(n)] if titles is None else titles
    fig, axes = plt.subplots(1, n, figsize=(3.2 * n + 0.8, 3.4), squeeze=False)
    for ax, panel, source, output, title in zip(axes[0], weights, sources, outputs, titles, strict=True):
        image = ax.imshow(panel, vmin=0, vmax=1, cmap="viridis", aspect="auto")
        ax.set_xticks(range(time_in), [str(t) if t else "·" for t in source], fontsize=6)
        ax.set_yticks(range(n_steps), [str(t) for t in output], fontsize=6)
        ax.set(xlabel="source position (token)", ylabel="output step (token)", title=title)
    fig.colorbar(image, ax=axes[0].tolist(), label="attention weight", shrink=0.9)
    fig.suptitle(suptitle, y=1.03)
    return fig


# Argument checks, applied by _checks.install below ------------------------------------------------------------------


def _history_dict(history: Any) -> Mapping[str, Sequence[float]]:
    """Accept a Keras ``History`` (it has ``.history``) or a plain dict of lists."""
    values = getattr(history, "history", history)
    if not isinstance(values, Mapping):
        raise TypeError(f"histories values must be Keras History objects or dicts, got {type(history).__name__}")
    return values


def _plot_histories_arguments(histories: Any, metric: str, **_: Any) -> None:
    """A non-empty dict of runs, each of which logged ``metric``."""
    if not isinstance(histories, Mapping):
        raise TypeError(f"histories must be a dict of run label -> History, got {type(histories).__name__}")
    if not histories:
        raise ValueError("histories must hold at least one run")
    for label, history in histories.items():
        values = _history_dict(history)
        if metric not in values:
            raise ValueError(f"metric must be one of {sorted(values)} for run {label!r}, got {metric!r}")


def _numbers(name: str, values: object) -> np.ndarray:
    array = np.asarray(values) if not isinstance(values, str) else np.asarray(values, dtype=object)
    if array.dtype == bool or not np.issubdtype(array.dtype, np.number) or array.size == 0:
        raise TypeError(f"{name} must be a non-empty array of numbers, got {type(values).__name__}")
    return array.ravel()


def _plot_predictions_arguments(truth: Any, predictions: Any, x: Any, **_: Any) -> None:
    """Numbers in ``truth``, in ``x`` (if given) and in every prediction, as many in each."""
    size = _numbers("truth", truth).size
    if not isinstance(predictions, Mapping):
        raise TypeError(f"predictions must be a dict of label -> values, got {type(predictions).__name__}")
    others = ({} if x is None else {"x": x}) | {f"predictions[{label!r}]": v for label, v in predictions.items()}
    for name, values in others.items():
        given = _numbers(name, values).size
        if given != size:
            raise ValueError(f"{name} must have {size} values like truth, got {given}")


def _plot_attention_arguments(weights: Any, sources: Any, outputs: Any, titles: list[str] | None, **_: Any) -> None:
    """``weights (n, n_steps, time_in)``, ``sources (n, time_in)``, ``outputs (n, n_steps)``, ``n`` titles."""
    weights = _checks.number_array("weights", weights, 3, "(n, n_steps, time_in)")
    n, n_steps, time_in = weights.shape
    sources, outputs = np.asarray(sources), np.asarray(outputs)
    if sources.shape != (n, time_in):
        raise ValueError(f"sources must have shape {(n, time_in)} to match weights, got {sources.shape}")
    if outputs.shape != (n, n_steps):
        raise ValueError(f"outputs must have shape {(n, n_steps)} to match weights, got {outputs.shape}")
    if titles is not None and len(titles) != n:
        raise ValueError(f"titles must hold {n} strings, one per panel, got {len(titles)}")


_TEXT = _checks.named("a string", _checks.text)
_LABELS = _checks.named("a non-empty list or tuple of strings", _checks.labels)

_checks.install(
    globals(),
    rules={
        "plot_histories": {"metric": _TEXT, "title": _checks.optional(_TEXT),
                           # a factor on the x axis, no work in itself (the course: 100)
                           "steps_per_epoch": _checks.count(1_000_000)},
        "plot_predictions": {"xlabel": _TEXT, "ylabel": _TEXT, "title": _TEXT},
        "plot_attention": {"titles": _checks.optional(_LABELS), "suptitle": _TEXT},
    },
    preconditions={
        "plot_histories": _plot_histories_arguments,
        "plot_predictions": _plot_predictions_arguments,
        "plot_attention": _plot_attention_arguments,
    },
)  # fmt: skip
