"""Argument checks that fail early with a message naming the argument."""

from __future__ import annotations

import numbers

import numpy as np


def positive_int(name: str, value: object, minimum: int = 1) -> int:
    """Return ``value`` as an ``int`` if it is an integer ``>= minimum``.

    Raises:
        TypeError: ``value`` is not an integer (floats and bools are refused).
        ValueError: ``value`` is smaller than ``minimum``.
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an integer, got {type(value).__name__} {value!r}")
    if value < minimum:
        raise ValueError(f"{name} must be >= {minimum}, got {value}")
    return int(value)


def positive_number(name: str, value: object) -> float:
    """Return ``value`` as a ``float`` if it is a real number ``> 0``.

    Raises:
        TypeError: ``value`` is not a real number (bools and strings are refused).
        ValueError: ``value`` is zero or negative.
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a positive number, got {type(value).__name__}")
    if not value > 0:
        raise ValueError(f"{name} must be a positive number, got {value}")
    return float(value)


def integer_array(name: str, values: object) -> np.ndarray:
    """Return ``values`` as an integer numpy array; refuse floats and other dtypes."""
    array = np.asarray(values)
    if array.dtype == bool or not np.issubdtype(array.dtype, np.integer):
        raise TypeError(f"{name} must hold integers, got dtype {array.dtype}")
    return array


def array_rank(name: str, values: object, rank: int, shape_name: str) -> np.ndarray:
    """Return ``values`` as a numpy array after checking it has ``rank`` axes."""
    array = np.asarray(values)
    if array.ndim != rank:
        raise ValueError(f"{name} must have rank {rank} {shape_name}, got shape {array.shape}")
    return array
