"""Figures the notebooks share: training curves and predictions against truth."""

from __future__ import annotations

from typing import Any, Mapping, Sequence

import matplotlib.pyplot as plt
import numpy as np
import numpy.typing as npt
from matplotlib.figure import Figure


def _history_dict(history: Any) -> Mapping[str, Sequence[float]]:
    """Accept a Keras ``History`` (it has ``.history``) or a plain dict of lists."""
    values = getattr(history, "history", history)
    if not isinstance(values, Mapping):
        raise TypeError(f"histories values must be Keras History objects or dicts, got {type(history).__name__}")
    return values


def plot_histories(
    histories: Mapping[str, Any], metric: str = "loss", log_scale: bool = True, title: str | None = None
) -> Figure:
    """Draw one curve of ``metric`` per training run, against the epoch (or step).

    Args:
        histories: run label -> Keras ``History`` or ``{"loss": [...], ...}``.
        metric: which logged series to draw, e.g. ``"loss"`` or ``"val_loss"``.
        log_scale: use a logarithmic y axis (losses span decades).
        title: figure title; defaults to the metric name.
    """
    if not histories:
        raise ValueError("histories must hold at least one run")
    fig, ax = plt.subplots(figsize=(6, 3.5))
    for label, history in histories.items():
        values = _history_dict(history)
        if metric not in values:
            raise ValueError(f"metric must be one of {sorted(values)} for run {label!r}, got {metric!r}")
        ax.plot(np.arange(1, len(values[metric]) + 1), values[metric], label=label)
    ax.set(xlabel="epoch", ylabel=metric, title=title or metric)
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
    x = np.arange(truth.size) if x is None else np.asarray(x).ravel()
    if x.size != truth.size:
        raise ValueError(f"x must have {truth.size} values like truth, got {x.size}")
    fig, ax = plt.subplots(figsize=(6, 3.5))
    ax.plot(x, truth, "k-", lw=2, alpha=0.4, label="truth")
    for marker, (label, predicted) in zip("oxs^vd", predictions.items()):
        predicted = np.asarray(predicted, dtype=float).ravel()
        if predicted.size != truth.size:
            raise ValueError(f"predictions[{label!r}] must have {truth.size} values like truth, got {predicted.size}")
        ax.plot(x, predicted, marker, ls="none", label=label)
    ax.set(xlabel=xlabel, ylabel=ylabel, title=title)
    ax.legend()
    fig.tight_layout()
    return fig
