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
    truth, predicted = _paired(truth, predicted)
    lengths = integer_array("lengths", lengths)
    if truth.ndim != 2 or lengths.shape != (truth.shape[0],):
        raise ValueError(f"lengths must have shape ({truth.shape[0]},) for truth (batch, time), got {lengths.shape}")
    if lengths.min() < 1 or lengths.max() > truth.shape[1]:
        raise ValueError(f"lengths must lie in 1..{truth.shape[1]}, got {lengths.min()}..{lengths.max()}")
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
    weights = np.asarray(weights, dtype=float)
    if weights.ndim != 3:
        raise ValueError(f"weights must have rank 3 (batch, n_steps, time_in), got shape {weights.shape}")
    lengths = integer_array("lengths", lengths)
    batch, n_steps, time_in = weights.shape
    if lengths.shape != (batch,):
        raise ValueError(f"lengths must have shape ({batch},) like weights' batch, got {lengths.shape}")
    if lengths.min() < 1 or lengths.max() > min(n_steps, time_in):
        raise ValueError(f"lengths must lie in 1..{min(n_steps, time_in)}, got {lengths.min()}..{lengths.max()}")
    if task not in ("reverse", "copy"):
        raise ValueError(f"task must be 'reverse' or 'copy', got {task!r}")
    step = np.arange(n_steps)[None, :]
    position = time_in - 1 - step if task == "reverse" else time_in - lengths[:, None] + step
    inside = step < lengths[:, None]
    picked = np.take_along_axis(weights, np.clip(position, 0, time_in - 1)[..., None], axis=2)[..., 0]
    return float(picked[inside].mean())
