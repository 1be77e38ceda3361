"""One-hot encoding of integer sequences (vectorised numpy); decode with ``argmax(axis=-1)``."""

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
    try:
        dtype = np.dtype(dtype)
    except TypeError:
        raise TypeError(f"dtype must be a numpy dtype such as float32, got {dtype!r}") from None
    if values.size and (values.min() < 0 or values.max() >= cardinality):
        raise ValueError(
            f"values must lie in [0, {cardinality - 1}] for cardinality={cardinality}, "
            f"got min {values.min()} and max {values.max()}"
        )
    return (values[..., np.newaxis] == np.arange(cardinality)).astype(dtype)
