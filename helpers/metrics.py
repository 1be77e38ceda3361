"""Measures: accuracy of predicted integer sequences against the truth, and numpy's matrix-product speed."""

from __future__ import annotations

import time

import numpy as np
import numpy.typing as npt

from helpers._checks import integer_array, positive_int


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


def probability_of_truth(probabilities: npt.ArrayLike, integers: npt.ArrayLike) -> float:
    """Mean probability a model gives to the right integer: ``probabilities (..., classes)``, ``integers (...)``."""
    integers = integer_array("integers", integers)
    probabilities = np.asarray(probabilities)
    if probabilities.dtype == bool or not np.issubdtype(probabilities.dtype, np.floating):
        raise TypeError(f"probabilities must hold floats, got dtype {probabilities.dtype}")
    if probabilities.shape[:-1] != integers.shape or integers.size == 0:
        raise ValueError(
            f"probabilities must have shape integers.shape + (classes,) = {integers.shape} + (classes,), "
            f"got {probabilities.shape}"
        )
    if integers.min() < 0 or integers.max() >= probabilities.shape[-1]:
        raise ValueError(f"integers must lie in [0, {probabilities.shape[-1] - 1}]")
    return float(np.take_along_axis(probabilities, integers[..., np.newaxis], axis=-1).mean())


def numpy_gflops(rows: int, inner: int, cols: int, repeats: int) -> float:
    """Best of 5 timings of ``repeats`` float32 products ``(rows x inner) @ (inner x cols)``, in GFLOP/s."""
    rows, inner = positive_int("rows", rows), positive_int("inner", inner)
    cols, repeats = positive_int("cols", cols), positive_int("repeats", repeats)
    a = np.random.default_rng(0).random((rows, inner), dtype=np.float32)
    b = np.random.default_rng(1).random((inner, cols), dtype=np.float32)
    best = np.inf
    for _ in range(5):
        start = time.perf_counter()
        for _ in range(repeats):
            a @ b
        best = min(best, time.perf_counter() - start)
    return 2 * rows * inner * cols * repeats / best / 1e9
