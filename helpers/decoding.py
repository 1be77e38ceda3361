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

from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from helpers._checks import array_rank, integer_array, is_model, positive_int
from helpers.metrics import sequence_accuracy

if TYPE_CHECKING:
    import keras

#: What the next decoder step receives: the one-hot of the most probable class, or the output itself.
FEEDBACKS = ("argmax", "output")


def feed_argmax_one_hot(step_output: npt.ArrayLike, classes: int) -> np.ndarray:
    """The one-hot vector ``(..., classes)`` of the most probable class of ``step_output (..., features)``.

    ``classes`` may exceed the output's width: a decoder whose input has extra classes (a start
    token the output never predicts) needs the input's width.
    """
    step_output = array_rank("step_output", step_output, 3, "(batch, 1, features)")
    if step_output.dtype == bool or not np.issubdtype(step_output.dtype, np.number):
        raise TypeError(f"step_output must hold numbers, got dtype {step_output.dtype}")
    classes = positive_int("classes", classes, minimum=step_output.shape[-1])
    return (step_output.argmax(axis=-1)[..., np.newaxis] == np.arange(classes)).astype(np.float32)


def _features(model: keras.Model, index: int = 0) -> int | None:
    """Size of the last axis of a Keras model's ``index``-th input, if known."""
    return model.inputs[index].shape[-1]


def greedy_decode(
    encoder: keras.Model,
    decoder: keras.Model,
    source: npt.ArrayLike,
    n_steps: int,
    start: npt.ArrayLike,
    feedback: str = "argmax",
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
            probable class, as wide as the decoder's input) or ``"output"`` (the output itself:
            the softmax vector, as the reverse-prefix tutorial feeds back, or a regression value).

    Returns:
        ``float32`` array ``(batch, n_steps, features_out)`` of decoder outputs.
    """
    is_model("encoder", encoder)
    is_model("decoder", decoder)
    source = _source_array(encoder, source)
    n_steps = positive_int("n_steps", n_steps)
    start = _start_array(decoder, start, batch=source.shape[0])
    if not isinstance(feedback, str) or feedback not in FEEDBACKS:
        raise ValueError(f"feedback must be one of {FEEDBACKS}, got {feedback!r}")

    states = [np.asarray(s) for s in _as_list(encoder(source, training=False))]
    step_input = start[:, np.newaxis, :]
    outputs = []
    for _ in range(n_steps):
        step_output, *states = (np.asarray(t) for t in decoder([step_input, *states], training=False))
        outputs.append(step_output[:, -1])
        if feedback == "argmax":
            step_input = feed_argmax_one_hot(step_output, classes=start.shape[-1])
        elif step_output.shape[-1] == start.shape[-1]:
            step_input = step_output.astype(np.float32)
        else:
            raise ValueError(
                f"feedback 'output' needs a decoder whose output is as wide as its input ({start.shape[-1]}), "
                f"got {step_output.shape[-1]}"
            )
    return np.stack(outputs, axis=1).astype(np.float32)


def _source_array(encoder: keras.Model, source: npt.ArrayLike) -> np.ndarray:
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


def _start_array(decoder: keras.Model, start: npt.ArrayLike, batch: int) -> np.ndarray:
    """Return the first decoder input as ``(batch, features_out)`` after checking it."""
    start = np.asarray(start)
    if start.dtype == bool or not np.issubdtype(start.dtype, np.number):
        raise TypeError(f"start must hold numbers, got dtype {start.dtype}")
    start = start.astype(np.float32)
    if start.ndim not in (1, 2) or (start.ndim == 2 and start.shape[0] != batch):
        raise ValueError(f"start must have shape (features,) or ({batch}, features), got {start.shape}")
    expected = _features(decoder)
    if expected is not None and start.shape[-1] != expected:
        raise ValueError(f"start must have {expected} features to fit the decoder, got {start.shape[-1]}")
    return np.broadcast_to(start, (batch, start.shape[-1]))


def _as_list(tensors: Any) -> list[Any]:
    return list(tensors) if isinstance(tensors, (list, tuple)) else [tensors]


def exact_match(
    encoder: keras.Model,
    decoder: keras.Model,
    source: npt.ArrayLike,
    targets: npt.ArrayLike,
    feedback: str = "argmax",
    start: npt.ArrayLike | None = None,
) -> float:
    """Greedy-decode every source at once; the fraction of integer ``targets (batch, time)`` predicted exactly.

    ``start`` defaults to the one-hot of token 0, as wide as the decoder's input (the reverse-prefix start token).
    """
    targets = array_rank("targets", integer_array("targets", targets), 2, "(batch, time)")
    if start is None:
        start = np.eye(_features(is_model("decoder", decoder)), dtype=np.float32)[0]
    probabilities = greedy_decode(encoder, decoder, source, targets.shape[1], start, feedback=feedback)
    return sequence_accuracy(targets, probabilities.argmax(axis=-1))


def source_style_decode(encoder: keras.Model, decoder: keras.Model, source: npt.ArrayLike, n_steps: int) -> np.ndarray:
    """The reverse-prefix tutorial's inference: ONE source ``(1, time)``, a ``predict`` call per step, a zero
    start vector, the softmax fed back. Kept to time it against :func:`greedy_decode`.

    Returns ``(n_steps, classes)``.
    """
    is_model("encoder", encoder)
    is_model("decoder", decoder)
    source = _source_array(encoder, source)
    if source.shape[0] != 1:
        raise ValueError(f"source must hold one sequence (1, time), got shape {source.shape}")
    n_steps = positive_int("n_steps", n_steps)
    states = encoder.predict(source, verbose=0)
    step = np.zeros((1, 1, _features(decoder)), dtype=np.float32)
    outputs = []
    for _ in range(n_steps):
        probabilities, h, c = decoder.predict([step, *states], verbose=0)
        outputs.append(probabilities[0, 0])
        states, step = [h, c], probabilities
    return np.array(outputs)
