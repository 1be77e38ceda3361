"""How values become model inputs and back: one-hot vectors of integers (decode with ``argmax(axis=-1)``), and
windows of a measured series as scaled offsets (:func:`to_inputs`, :func:`to_ppm`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from helpers import _checks

if TYPE_CHECKING:
    from helpers.data import Windows


def one_hot(values: npt.ArrayLike, cardinality: int, dtype: npt.DTypeLike = np.float32) -> np.ndarray:
    """One-hot encode integers in ``[0, cardinality)``.

    Args:
        values: integers of any shape, e.g. ``(batch, time)``.
        cardinality: number of classes (>= 2).
        dtype: dtype of the result; ``float32`` is what Keras layers expect.

    Returns:
        Array of shape ``values.shape + (cardinality,)``.
    """
    values = np.asarray(values)
    return (values[..., np.newaxis] == np.arange(cardinality)).astype(dtype)


# Windows of a measured series as model inputs: relative to their own last value, over a scale fit on training -----

#: What a forecaster reads: each window's offsets from its own last value, or its standardised levels.
REPRESENTATIONS = ("offsets", "levels")


def fit_scale(train: Windows, representation: str = "offsets") -> tuple[float, float]:
    """``(centre, scale)`` from the training windows' inputs only: offsets from the last value, or levels."""
    if representation == "levels":
        return float(train.x.mean()), float(train.x.std())
    return 0.0, float((train.x - train.x[:, -1:]).std())


def to_inputs(x: npt.ArrayLike, scale: tuple[float, float], representation: str = "offsets") -> np.ndarray:
    """Model inputs ``(windows, window, 1)`` float32 from ppm windows ``(windows, window)``."""
    x = np.asarray(x)
    centre, spread = scale
    reference = x[:, -1:] if representation == "offsets" else centre
    return ((x - reference) / spread)[..., None].astype(np.float32)


def to_ppm(outputs: npt.ArrayLike, x: npt.ArrayLike, scale: tuple[float, float], representation: str) -> np.ndarray:
    """ppm ``(windows, steps)`` from model outputs ``(windows, steps)``, the inverse of :func:`to_inputs`."""
    outputs, x = np.asarray(outputs).astype(np.float64), np.asarray(x)
    centre, spread = scale
    return outputs * spread + (x[:, -1:] if representation == "offsets" else centre)


# Argument checks, applied by _checks.install below ------------------------------------------------------------------


def _dtype(name: str, value: object) -> np.dtype:
    try:
        return np.dtype(value)
    except TypeError:
        raise TypeError(f"{name} must be a numpy dtype such as float32, got {value!r}") from None


def _one_hot_arguments(values: npt.ArrayLike, cardinality: int, **_: Any) -> None:
    """Integer ``values`` in ``[0, cardinality)``."""
    values = _checks.integer_array("values", values)
    if values.size and (values.min() < 0 or values.max() >= cardinality):
        raise ValueError(
            f"values must lie in [0, {cardinality - 1}] for cardinality={cardinality}, "
            f"got min {values.min()} and max {values.max()}"
        )


def _windows(name: str, value: object) -> Windows:
    from helpers.data import Windows

    if not isinstance(value, Windows):
        raise TypeError(f"{name} must be Windows, got {type(value).__name__}")
    return value


def _scale(name: str, value: object) -> tuple[float, float]:
    """``value`` is ``(centre, spread)`` floats, the pair :func:`fit_scale` returns."""
    if not isinstance(value, tuple) or len(value) != 2 or not all(isinstance(v, float) for v in value):
        raise TypeError(f"{name} must be the (centre, spread) pair fit_scale returns, got {value!r}")
    if not (np.isfinite(value).all() and value[1] > 0):
        raise ValueError(f"{name} must hold a finite centre and a positive spread, got {value!r}")
    return value


def _x(x: Any, **_: Any) -> None:
    """``x`` holds windows ``(windows, window)``."""
    _checks.array_rank("x", x, 2, "(windows, window)")


def _to_ppm_arguments(outputs: Any, x: Any, **_: Any) -> None:
    """``outputs (windows, steps)`` with one row per window of ``x (windows, window)``."""
    outputs = _checks.array_rank("outputs", outputs, 2, "(windows, steps)")
    x = _checks.array_rank("x", x, 2, "(windows, window)")
    if len(outputs) != len(x):
        raise ValueError(f"outputs must have one row per window of x ({len(x)}), got {len(outputs)}")


_TRAIN = _checks.named("Windows (chronological_split's train windows)", _windows)
_SCALE = _checks.named("the (centre, spread) floats of fit_scale", _scale)
_REPRESENTATION = _checks.one_of(*REPRESENTATIONS)

_checks.install(
    globals(),
    rules={
        "fit_scale": {"train": _TRAIN, "representation": _REPRESENTATION},
        "to_inputs": {"scale": _SCALE, "representation": _REPRESENTATION},
        "to_ppm": {"scale": _SCALE, "representation": _REPRESENTATION},
        "one_hot": {"dtype": _checks.named("a numpy dtype, e.g. float32", _dtype)},
    },
    preconditions={"to_inputs": _x, "to_ppm": _to_ppm_arguments, "one_hot": _one_hot_arguments},
)
