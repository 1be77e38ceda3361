"""Accuracy of predicted integer sequences against the truth."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from helpers._checks import integer_array


def _paired(truth: npt.ArrayLike, predicted: npt.ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    truth = integer_array("truth", truth)
    predicted = integer_array("predicted", predicted)
    if truth.shape != predicted.shape:
        raise ValueError(f"predicted must have the shape of truth {truth.shape}, got {predicted.shape}")
    if truth.ndim < 1 or truth.size == 0:
        raise ValueError(f"truth must be a non-empty array (..., time), got shape {truth.shape}")
    return truth, predicted


def token_accuracy(truth: npt.ArrayLike, predicted: npt.ArrayLike) -> float:
    """Fraction of time steps predicted right, over all sequences and steps."""
    truth, predicted = _paired(truth, predicted)
    return float(np.mean(truth == predicted))


def sequence_accuracy(truth: npt.ArrayLike, predicted: npt.ArrayLike) -> float:
    """Fraction of sequences whose every step is right (exact match, last axis = time)."""
    truth, predicted = _paired(truth, predicted)
    return float(np.mean(np.all(truth == predicted, axis=-1)))
