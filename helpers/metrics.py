"""Measures: accuracy of predicted integer sequences against the truth, and numpy's matrix-product speed."""

from __future__ import annotations

import time
from typing import Any

import numpy as np
import numpy.typing as npt

from helpers import _checks


def token_accuracy(truth: npt.ArrayLike, predicted: npt.ArrayLike) -> float:
    """Fraction of time steps predicted right, over all sequences and steps."""
    return float(np.mean(np.asarray(truth) == np.asarray(predicted)))


def sequence_accuracy(truth: npt.ArrayLike, predicted: npt.ArrayLike) -> float:
    """Fraction of sequences whose every step is right (exact match, last axis = time)."""
    right = np.asarray(truth) == np.asarray(predicted)
    return float(np.mean(np.all(right, axis=-1)))


def probability_of_truth(probabilities: npt.ArrayLike, integers: npt.ArrayLike) -> float:
    """Mean probability a model gives to the right integer: ``probabilities (..., classes)``, ``integers (...)``."""
    integers = np.asarray(integers)
    return float(np.take_along_axis(np.asarray(probabilities), integers[..., np.newaxis], axis=-1).mean())


def numpy_gflops(rows: int, inner: int, cols: int, repeats: int) -> float:
    """Best of 5 timings of ``repeats`` float32 products ``(rows x inner) @ (inner x cols)``, in GFLOP/s."""
    a = np.random.default_rng(0).random((rows, inner), dtype=np.float32)
    b = np.random.default_rng(1).random((inner, cols), dtype=np.float32)
    best = np.inf
    for _ in range(5):
        start = time.perf_counter()
        for _ in range(repeats):
            a @ b
        best = min(best, time.perf_counter() - start)
    return 2 * rows * inner * cols * repeats / best / 1e9


def accuracy_by_length(
    truth: npt.ArrayLike, predicted: npt.ArrayLike, lengths: npt.ArrayLike
) -> dict[int, tuple[float, float]]:
    """Exact match and token accuracy for each answer length, counting only the answer's own steps.

    Args:
        truth: integer targets ``(batch, time)``, answers padded on the right.
        predicted: integer predictions, same shape.
        lengths: ``(batch,)``, how many leading steps of each row are the answer.

    Returns:
        ``{length: (exact_match, token_accuracy)}`` for every length present, in increasing order.
    """
    truth, predicted, lengths = np.asarray(truth), np.asarray(predicted), np.asarray(lengths)
    inside = np.arange(truth.shape[1]) < lengths[:, None]
    right = (truth == predicted) | ~inside
    result = {}
    for length in np.unique(lengths):
        rows = lengths == length
        result[int(length)] = (
            float(np.mean(right[rows].all(axis=1))),
            float(np.mean((truth == predicted)[rows][:, :length])),
        )
    return result


def aligned_weight(weights: npt.ArrayLike, lengths: npt.ArrayLike, task: str = "reverse") -> float:
    """Mean attention weight on the source position each output step should copy.

    Sources are padded on the left (:func:`helpers.data.variable_length_dataset`): a row of
    length ``k`` occupies positions ``time_in - k .. time_in - 1``. Output step ``t`` of a
    reversal copies position ``time_in - 1 - t``; of a copy, ``time_in - k + t``. Only the
    answer's own steps count. 1.0 means attention looks exactly where the answer is.

    Args:
        weights: ``(batch, n_steps, time_in)``, each row summing to 1.
        lengths: ``(batch,)`` answer lengths, ``1 .. min(n_steps, time_in)``.
        task: ``"reverse"`` or ``"copy"``.
    """
    weights, lengths = np.asarray(weights, dtype=float), np.asarray(lengths)
    _, n_steps, time_in = weights.shape
    step = np.arange(n_steps)[None, :]
    position = time_in - 1 - step if task == "reverse" else time_in - lengths[:, None] + step
    inside = step < lengths[:, None]
    picked = np.take_along_axis(weights, np.clip(position, 0, time_in - 1)[..., None], axis=2)[..., 0]
    return float(picked[inside].mean())


def step_accuracy(truth: npt.ArrayLike, predicted: npt.ArrayLike) -> np.ndarray:
    """Notebook 03: the share of sequences right at each output step.

    Args:
        truth, predicted: integer arrays of the same shape ``(sequences, steps)``.

    Returns:
        ``float64`` array ``(steps,)``: entry ``t`` is the fraction of rows whose step ``t`` is right.
    """
    return (np.asarray(truth) == np.asarray(predicted)).mean(axis=0).astype(np.float64)


def repeat_share(sequences: npt.ArrayLike) -> float:
    """Notebook 03: the share of sequences in which some step repeats an earlier step of the same sequence.

    ``[35, 35, 66, 66]`` and ``[12, 62, 12, 8]`` count; ``[35, 66, 12, 21]`` does not.

    Args:
        sequences: integer array ``(sequences, steps)``, predicted or true.
    """
    ordered = np.sort(sequences, axis=1)
    return float(np.mean(np.any(ordered[:, 1:] == ordered[:, :-1], axis=1)))


# Argument checks, applied by _checks.install below (out of the bodies the notebooks print) ----------------------


def _paired(truth: npt.ArrayLike, predicted: npt.ArrayLike, **_: Any) -> tuple[np.ndarray, np.ndarray]:
    """Integer ``truth`` and ``predicted`` of one non-empty shape ``(..., time)``."""
    truth = _checks.integer_array("truth", truth)
    predicted = _checks.integer_array("predicted", predicted)
    if truth.shape != predicted.shape:
        raise ValueError(f"predicted must have the shape of truth {truth.shape}, got {predicted.shape}")
    if truth.ndim < 1 or truth.size == 0:
        raise ValueError(f"truth must be a non-empty array (..., time), got shape {truth.shape}")
    return truth, predicted


def _probability_of_truth_arguments(probabilities: npt.ArrayLike, integers: npt.ArrayLike) -> None:
    """``probabilities`` are floats, one row per integer of ``integers``."""
    integers = _checks.integer_array("integers", integers)
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


def _accuracy_by_length_arguments(truth: npt.ArrayLike, predicted: npt.ArrayLike, lengths: npt.ArrayLike) -> None:
    """``truth`` and ``predicted`` are paired integer sequences, ``lengths`` one integer per sequence."""
    truth, _ = _paired(truth, predicted)
    lengths = _checks.integer_array("lengths", lengths)
    if truth.ndim != 2 or lengths.shape != (truth.shape[0],):
        raise ValueError(f"lengths must have shape ({truth.shape[0]},) for truth (batch, time), got {lengths.shape}")
    if lengths.min() < 1 or lengths.max() > truth.shape[1]:
        raise ValueError(f"lengths must lie in 1..{truth.shape[1]}, got {lengths.min()}..{lengths.max()}")


def _aligned_weight_arguments(weights: npt.ArrayLike, lengths: npt.ArrayLike, **_: Any) -> None:
    """``weights`` are attention weights ``(batch, steps, time_in)``, ``lengths`` one source length per row."""
    weights = _checks.number_array("weights", weights, 3, "(batch, n_steps, time_in)")
    lengths = _checks.integer_array("lengths", lengths)
    batch, n_steps, time_in = weights.shape
    if lengths.shape != (batch,):
        raise ValueError(f"lengths must have shape ({batch},) like weights' batch, got {lengths.shape}")
    if lengths.min() < 1 or lengths.max() > min(n_steps, time_in):
        raise ValueError(f"lengths must lie in 1..{min(n_steps, time_in)}, got {lengths.min()}..{lengths.max()}")


def _step_accuracy_arguments(truth: npt.ArrayLike, predicted: npt.ArrayLike) -> None:
    """``truth`` and ``predicted`` are paired integer arrays ``(sequences, steps)``."""
    truth, _ = _paired(truth, predicted)
    if truth.ndim != 2:
        raise ValueError(f"truth must be 2-D (sequences, steps), got shape {truth.shape}")


def _repeat_share_arguments(sequences: npt.ArrayLike) -> None:
    """``sequences`` is a non-empty integer array ``(sequences, steps)``."""
    sequences = _checks.integer_array("sequences", sequences)
    if sequences.ndim != 2 or sequences.size == 0:
        raise ValueError(f"sequences must be a non-empty 2-D array (sequences, steps), got shape {sequences.shape}")


#: A side of numpy_gflops' matrices: 4096 x 4096 float32 is 64 MB and a product ~140 GFLOP (the course: 1024).
_SIDE = _checks.count(4096)

_checks.install(
    globals(),
    rules={
        # five timings of ``repeats`` products: 100 of 1024^3 are ~1 TFLOP, a minute at most (the course: 50)
        "numpy_gflops": {"rows": _SIDE, "inner": _SIDE, "cols": _SIDE, "repeats": _checks.count(100)},
        "aligned_weight": {"task": _checks.one_of("reverse", "copy")},
    },
    preconditions={
        "token_accuracy": _paired,
        "sequence_accuracy": _paired,
        "probability_of_truth": _probability_of_truth_arguments,
        "accuracy_by_length": _accuracy_by_length_arguments,
        "aligned_weight": _aligned_weight_arguments,
        "step_accuracy": _step_accuracy_arguments,
        "repeat_share": _repeat_share_arguments,
    },
)
