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

import functools
from collections.abc import Callable
from typing import Any

import numpy as np
import numpy.typing as npt

from helpers._checks import array_rank, integer_array, positive_int

Feedback = Callable[[np.ndarray], np.ndarray]


def feed_output(step_output: np.ndarray) -> np.ndarray:
    """Feed the decoder's output back unchanged (regression, or softmax vectors)."""
    return step_output


def feed_argmax_one_hot(step_output: np.ndarray, classes: int | None = None) -> np.ndarray:
    """Feed back the one-hot vector of the most probable class.

    ``classes`` is the width of the one-hot, by default the output's. A decoder whose input has
    extra classes (a start token the output never predicts) needs the input's width:
    :func:`greedy_decode` passes it.
    """
    classes = step_output.shape[-1] if classes is None else classes
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
        source: the source sequences, shape ``(batch, time_in, features_in)``, or integer
            tokens ``(batch, time_in)`` for an encoder whose input is rank 2 (it one-hot
            encodes inside the model).
        n_steps: number of output steps to generate (>= 1).
        start: the first decoder input: ``(features_out,)``, the same for every sequence
            (e.g. the one-hot start token, or ``[0.0]`` for regression), or
            ``(batch, features_out)``, one per sequence.
        feedback: what the next step receives: ``"argmax"`` (one-hot of the most
            probable class, as wide as the decoder's input), ``"softmax"``/``"output"`` (the output itself), or a
            function of the step output ``(batch, 1, features_out)``.

    Returns:
        ``float32`` array ``(batch, n_steps, features_out)`` of decoder outputs.
    """
    source = _source_array(encoder, source)
    n_steps = positive_int("n_steps", n_steps)
    start = _start_array(decoder, start, batch=source.shape[0])
    if isinstance(feedback, str):
        if feedback not in FEEDBACKS:
            raise ValueError(f"feedback must be one of {sorted(FEEDBACKS)} or a function, got {feedback!r}")
        feedback = FEEDBACKS[feedback]
    if not callable(feedback):
        raise TypeError(f"feedback must be one of {sorted(FEEDBACKS)} or a function, got {type(feedback).__name__}")

    if feedback is feed_argmax_one_hot:
        feedback = functools.partial(feed_argmax_one_hot, classes=start.shape[-1])

    states = [np.asarray(s) for s in _as_list(encoder(source, training=False))]
    step_input = start[:, np.newaxis, :]
    outputs = []
    for _ in range(n_steps):
        step_output, *states = (np.asarray(t) for t in decoder([step_input, *states], training=False))
        outputs.append(step_output[:, -1])
        next_input = np.asarray(feedback(step_output), dtype=np.float32)
        if next_input.shape != step_input.shape:
            raise ValueError(
                f"feedback must return the decoder's next input, shaped {step_input.shape}, got {next_input.shape}"
            )
        step_input = next_input
    return np.stack(outputs, axis=1).astype(np.float32)


def _source_array(encoder: Any, source: npt.ArrayLike) -> np.ndarray:
    """Check ``source`` against the encoder's input: rank, feature size, dtype."""
    rank = len(encoder.inputs[0].shape)
    if rank == 2:
        return integer_array("source", array_rank("source", source, 2, "(batch, time) of integer tokens"))
    source = array_rank("source", source, 3, "(batch, time, features)").astype(np.float32)
    expected = _features(encoder)
    if expected is not None and source.shape[-1] != expected:
        raise ValueError(
            f"source must have {expected} features on its last axis to fit the encoder, got {source.shape[-1]}"
        )
    return source


def _start_array(decoder: Any, start: npt.ArrayLike, batch: int) -> np.ndarray:
    """Return the first decoder input as ``(batch, features_out)`` after checking it."""
    start = np.asarray(start, dtype=np.float32)
    if start.ndim not in (1, 2) or (start.ndim == 2 and start.shape[0] != batch):
        raise ValueError(f"start must have shape (features,) or ({batch}, features), got {start.shape}")
    expected = _features(decoder)
    if expected is not None and start.shape[-1] != expected:
        raise ValueError(f"start must have {expected} features to fit the decoder, got {start.shape[-1]}")
    return np.broadcast_to(start, (batch, start.shape[-1]))


def _as_list(tensors: Any) -> list[Any]:
    return list(tensors) if isinstance(tensors, (list, tuple)) else [tensors]
