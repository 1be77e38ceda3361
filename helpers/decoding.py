"""Step-by-step decoding of a whole batch of sequences at once.

An encoder-decoder trained with teacher forcing is used at inference time as
two models that share its layers:

- ``encoder``: ``source (batch, time_in, features_in)`` -> ``[h, c]``, the states;
- ``decoder``: ``[x (batch, 1, features_out), h, c]`` -> ``[y (batch, 1, features_out), h, c]``.

:func:`greedy_decode` runs the decoder one output step at a time for every
sequence of the batch together, so the cost is one model call per step, not
one ``predict`` per step per sequence.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import numpy.typing as npt

from helpers._checks import array_rank, positive_int

Feedback = Callable[[np.ndarray], np.ndarray]


def feed_output(step_output: np.ndarray) -> np.ndarray:
    """Feed the decoder's output back unchanged (regression, or softmax vectors)."""
    return step_output


def feed_argmax_one_hot(step_output: np.ndarray) -> np.ndarray:
    """Feed back the one-hot vector of the most probable class."""
    classes = step_output.shape[-1]
    return (step_output.argmax(axis=-1)[..., np.newaxis] == np.arange(classes)).astype(np.float32)


FEEDBACKS: dict[str, Feedback] = {"output": feed_output, "softmax": feed_output, "argmax": feed_argmax_one_hot}


def _features(model: Any, index: int = 0) -> int | None:
    """Size of the last axis of a Keras model's ``index``-th input, if known."""
    return model.inputs[index].shape[-1]


def greedy_decode(
    encoder: Any,
    decoder: Any,
    source: npt.ArrayLike,
    n_steps: int,
    start: npt.ArrayLike,
    feedback: str | Feedback = "argmax",
) -> np.ndarray:
    """Decode ``n_steps`` outputs for every source sequence, the whole batch at once.

    Args:
        encoder: Keras model, ``(batch, time_in, features_in)`` -> list of states.
        decoder: Keras model, ``[(batch, 1, features_out), *states]`` ->
            ``[(batch, 1, features_out), *states]``.
        source: the source sequences, shape ``(batch, time_in, features_in)``.
        n_steps: number of output steps to generate (>= 1).
        start: the first decoder input for every sequence, shape ``(features_out,)``
            (e.g. the one-hot start token, or ``[0.0]`` for regression).
        feedback: what the next step receives: ``"argmax"`` (one-hot of the most
            probable class), ``"softmax"``/``"output"`` (the output itself), or a
            function of the step output ``(batch, 1, features_out)``.

    Returns:
        ``float32`` array ``(batch, n_steps, features_out)`` of decoder outputs.
    """
    source = array_rank("source", source, 3, "(batch, time, features)").astype(np.float32)
    n_steps = positive_int("n_steps", n_steps)
    expected_in = _features(encoder)
    if expected_in is not None and source.shape[-1] != expected_in:
        raise ValueError(
            f"source must have {expected_in} features on its last axis to fit the encoder, got {source.shape[-1]}"
        )
    start = array_rank("start", start, 1, "(features,)").astype(np.float32)
    expected_out = _features(decoder)
    if expected_out is not None and start.shape[0] != expected_out:
        raise ValueError(f"start must have {expected_out} features to fit the decoder, got {start.shape[0]}")
    if isinstance(feedback, str):
        if feedback not in FEEDBACKS:
            raise ValueError(f"feedback must be one of {sorted(FEEDBACKS)} or a function, got {feedback!r}")
        feedback = FEEDBACKS[feedback]
    if not callable(feedback):
        raise TypeError(f"feedback must be one of {sorted(FEEDBACKS)} or a function, got {type(feedback).__name__}")

    states = [np.asarray(s) for s in _as_list(encoder(source, training=False))]
    step_input = np.broadcast_to(start, (source.shape[0], 1, start.shape[0]))
    outputs = []
    for _ in range(n_steps):
        step_output, *states = (np.asarray(t) for t in decoder([step_input, *states], training=False))
        outputs.append(step_output[:, -1])
        step_input = feedback(step_output)
    return np.stack(outputs, axis=1).astype(np.float32)


def _as_list(tensors: Any) -> list[Any]:
    return list(tensors) if isinstance(tensors, (list, tuple)) else [tensors]
