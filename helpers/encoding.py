"""One-hot encoding and decoding of integer sequences (vectorised numpy)."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from helpers._checks import integer_array, positive_int


def one_hot(values: npt.ArrayLike, cardinality: int, dtype: npt.DTypeLike = np.float32) -> np.ndarray:
    """One-hot encode integers in ``[0, cardinality)``.

    Args:
        values: integers of any shape, e.g. ``(batch, time)``.
        cardinality: number of classes (>= 2).
        dtype: dtype of the result; ``float32`` is what Keras layers expect.

    Returns:
        Array of shape ``values.shape + (cardinality,)``.
    """
    cardinality = positive_int("cardinality", cardinality, minimum=2)
    values = integer_array("values", values)
    if values.size and (values.min() < 0 or values.max() >= cardinality):
        raise ValueError(
            f"values must lie in [0, {cardinality - 1}] for cardinality={cardinality}, "
            f"got min {values.min()} and max {values.max()}"
        )
    return (values[..., np.newaxis] == np.arange(cardinality)).astype(dtype)


def one_hot_decode(encoded: npt.ArrayLike) -> np.ndarray:
    """Turn one-hot vectors or class probabilities back into integers.

    Args:
        encoded: array whose last axis holds the classes, e.g.
            ``(batch, time, classes)``; rank 2 or more.

    Returns:
        Integer array of shape ``encoded.shape[:-1]`` (argmax of the last axis).
    """
    encoded = np.asarray(encoded)
    if encoded.ndim < 2:
        raise ValueError(
            f"encoded must have rank >= 2 (..., classes) with classes on the last axis, got shape {encoded.shape}"
        )
    return np.argmax(encoded, axis=-1)
