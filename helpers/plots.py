"""Figures the notebooks share: training curves, predictions against truth, attention, seed studies."""

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


def plot_seed_study(
    chapter: str,
    x: Sequence[float],
    series: Mapping[str, Sequence[str]],
    xlabel: str,
    ylabel: str,
    title: str,
    log_scale: bool = False,
    references: Mapping[str, float] | None = None,
) -> Figure:
    """Draw a seed study of ``benchmarks/results.json``: per series, the median over seeds (line) and min..max (band).

    ``series[label][i]`` is the claim id of ``seeds[chapter]`` measured at ``x[i]``; ``references`` are labelled
    horizontal lines (e.g. a baseline's error). The title ends with the number of seeds recorded.
    """
    from helpers.course import seed_summary, seed_values

    fig, ax = plt.subplots(figsize=(8, 3.5))
    for label, claims in series.items():
        low, median, high = np.array([seed_summary(chapter, claim) for claim in claims]).T
        (line,) = ax.plot(x, median, marker="o", label=f"{label} (median)")
        ax.fill_between(x, low, high, color=line.get_color(), alpha=0.2, label=f"{label} (min..max)")
    for (label, value), style in zip((references or {}).items(), itertools.cycle((":", "--", "-.")), strict=False):
        ax.axhline(value, color="grey", linestyle=style, label=label)
    n_seeds = len(seed_values(chapter, next(iter(series.values()))[0]))
    ax.set(xlabel=xlabel, ylabel=ylabel, title=f"{title} ({n_seeds} seeds)", xticks=list(x))
    if log_scale:
        ax.set_yscale("log")
    ax.legend(fontsize="small", loc="center left", bbox_to_anchor=(1.01, 0.5))
    fig.tight_layout()
    return fig


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


def _plot_seed_study_arguments(chapter: str, x: Any, series: Any, references: Any, log_scale: bool, **_: Any) -> None:
    """Every series has one recorded claim of ``seeds[chapter]`` per point of ``x``; references are finite numbers,
    positive on a log scale."""
    from helpers.course import seed_summary

    points = _checks.number_array("x", x, 1, "(points,)")
    if not isinstance(series, Mapping) or not series:
        raise TypeError(f"series must be a non-empty dict of label -> claim ids, got {series!r}")
    for label, claims in series.items():
        if isinstance(claims, str) or len(claims) != len(points):
            raise ValueError(f"series[{label!r}] must list {len(points)} claim ids (one per x), got {claims!r}")
        for claim in claims:
            seed_summary(chapter, claim)
    if references is not None and not isinstance(references, Mapping):
        raise TypeError(f"references must be None or a dict of label -> value, got {references!r}")
    for label, value in (references or {}).items():
        (_checks.positive_number if log_scale else _checks.finite_number)(f"references[{label!r}]", value)


_checks.install(
    globals(),
    rules={
        "plot_histories": {"metric": _TEXT, "title": _checks.optional(_TEXT),
                           # a factor on the x axis, no work in itself (the course: 100)
                           "steps_per_epoch": _checks.count(1_000_000)},
        "plot_predictions": {"xlabel": _TEXT, "ylabel": _TEXT, "title": _TEXT},
        "plot_attention": {"titles": _checks.optional(_LABELS), "suptitle": _TEXT},
        "plot_seed_study": {"chapter": _TEXT, "xlabel": _TEXT, "ylabel": _TEXT, "title": _TEXT},
    },
    preconditions={
        "plot_histories": _plot_histories_arguments,
        "plot_predictions": _plot_predictions_arguments,
        "plot_attention": _plot_attention_arguments,
        "plot_seed_study": _plot_seed_study_arguments,
    },
)  # fmt: skip
