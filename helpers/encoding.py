"""One-hot encoding of integer sequences (vectorised numpy); decode with ``argmax(axis=-1)``."""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

from helpers import _checks


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


_checks.install(
    globals(),
    rules={"one_hot": {"dtype": _checks.named("a numpy dtype, e.g. float32", _dtype)}},
    preconditions={"one_hot": _one_hot_arguments},
)
