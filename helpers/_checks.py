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


def non_negative_int(name: str, value: object) -> int:
    """Return ``value`` as an ``int`` if it is an integer ``>= 0`` (a seed, a start token, a low bound)."""
    return positive_int(name, value, minimum=0)


def random_source(name: str, value: object) -> object:
    """Return ``value`` if :func:`numpy.random.default_rng` takes it: ``None``, a ``Generator`` or a seed ``>= 0``."""
    if value is None or isinstance(value, np.random.Generator):
        return value
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be None, a numpy Generator or an integer seed, got {type(value).__name__}")
    return non_negative_int(name, value)


def is_model(name: str, value: object) -> object:
    """Return ``value`` if it is a Keras model (anything with ``inputs`` and ``layers``, as ``keras.Model``)."""
    if not (hasattr(value, "inputs") and hasattr(value, "layers") and callable(value)):
        raise TypeError(f"{name} must be a keras.Model, got {type(value).__name__}")
    return value


def fraction(name: str, value: object) -> float:
    """Return ``value`` as a ``float`` if it is a real number in ``[0, 1)`` (a validation split)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a number in [0, 1), got {type(value).__name__}")
    if not 0 <= value < 1:
        raise ValueError(f"{name} must be a number in [0, 1), got {value}")
    return float(value)


def flag(name: str, value: object) -> bool:
    """Return ``value`` if it is ``True`` or ``False``."""
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{name} must be True or False, got {type(value).__name__} {value!r}")
    return bool(value)


def text(name: str, value: object, optional: bool = False) -> str | None:
    """Return ``value`` if it is a string (or ``None`` when ``optional``)."""
    if (value is None and optional) or isinstance(value, str):
        return value
    raise TypeError(f"{name} must be a string{' or None' if optional else ''}, got {type(value).__name__}")


def labels(name: str, value: object) -> list[str]:
    """Return ``value`` as a non-empty list of strings (a list or tuple of labels, not one string)."""
    if isinstance(value, str) or not isinstance(value, (list, tuple)):
        raise TypeError(f"{name} must be a list or tuple of strings, got {type(value).__name__}")
    if not value:
        raise ValueError(f"{name} must hold at least one label, got {value!r}")
    if not all(isinstance(label, str) for label in value):
        raise TypeError(f"{name} must hold strings (the labels to draw), got {value!r}")
    return list(value)


def positive_number(name: str, value: object) -> float:
    """Return ``value`` as a ``float`` if it is a real number ``> 0``.

    Raises:
        TypeError: ``value`` is not a real number (bools and strings are refused).
        ValueError: ``value`` is zero or negative.
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a positive number, got {type(value).__name__}")
    if not (value > 0 and np.isfinite(value)):
        raise ValueError(f"{name} must be a positive finite number, got {value}")
    return float(value)


def integer_array(name: str, values: object) -> np.ndarray:
    """Return ``values`` as an integer numpy array; refuse floats and other dtypes."""
    array = np.asarray(values) if not isinstance(values, str) else np.asarray(values, dtype=object)
    if array.dtype == bool or not np.issubdtype(array.dtype, np.integer):
        raise TypeError(f"{name} must hold integers, got dtype {array.dtype}")
    return array


def array_rank(name: str, values: object, rank: int, shape_name: str) -> np.ndarray:
    """Return ``values`` as a numpy array after checking it has ``rank`` axes."""
    array = np.asarray(values)
    if array.ndim != rank:
        raise ValueError(f"{name} must have rank {rank} {shape_name}, got shape {array.shape}")
    return array
