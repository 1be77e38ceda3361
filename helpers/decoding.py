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
from typing import Any, NamedTuple

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


class TokenDecoding(NamedTuple):
    """What :func:`greedy_decode_tokens` returns for a batch.

    ``tokens``: ``int64 (batch, n_steps)``; ``probabilities``: ``float32 (batch, n_steps, classes)``;
    ``weights``: ``float32 (batch, n_steps, time_in)``, the attention weights of every step, or
    ``None`` for a decoder without attention.
    """

    tokens: np.ndarray
    probabilities: np.ndarray
    weights: np.ndarray | None


def greedy_decode_tokens(
    encoder: Any, decoder: Any, source: npt.ArrayLike, n_steps: int, start_token: int = 0
) -> TokenDecoding:
    """Greedy decoding of integer tokens for a whole batch, one decoder call per step, with or without attention.

    The models are those of :func:`helpers.models.attention_seq2seq_models`, whose inputs and
    outputs are named (dicts):

    - ``encoder``: ``source (batch, time_in)`` -> ``{"memory": (batch, time_in, units), "h", "c"}``;
    - ``decoder``: ``{"step": (batch, 1), **carried}`` -> ``{"probabilities": (batch, 1, classes),
      "weights": (batch, 1, time_in) (optional), **new states}``.

    The decoder is called with every encoder output it has an input for (with attention that
    includes ``"memory"``, the encoder's whole sequence of outputs, the same at every step); each
    step's outputs that are also decoder inputs (the states ``"h"``, ``"c"``) replace the old ones,
    and the most probable token becomes the next ``"step"``.

    Args:
        encoder: Keras model with dict outputs, as above.
        decoder: Keras model with dict inputs including ``"step"``, and dict outputs including
            ``"probabilities"``.
        source: integer tokens ``(batch, time_in)``.
        n_steps: output steps to generate (>= 1).
        start_token: the first ``"step"`` of every sequence (0 in this course).

    Returns:
        A :class:`TokenDecoding` ``(tokens, probabilities, weights)``.
    """
    source = integer_array("source", array_rank("source", source, 2, "(batch, time) of integer tokens"))
    n_steps = positive_int("n_steps", n_steps)
    start_token = positive_int("start_token", start_token, minimum=0)
    wanted = _dict_names("decoder", decoder, "input", required=("step",))
    _dict_names("decoder", decoder, "output", required=("probabilities",))
    encoded = _dict_names("encoder", encoder, "output", required=())
    missing = sorted(set(wanted) - set(encoded) - {"step"})
    if missing:
        raise ValueError(f"encoder must output every decoder input but 'step'; missing {missing}")
    if len(source) == 0:
        raise ValueError("source must hold at least one sequence, got 0 rows")

    carried = {k: np.asarray(v) for k, v in encoder(source, training=False).items() if k in wanted}
    step = np.full((len(source), 1), start_token, dtype=np.int32)
    probabilities, weights = [], []
    for _ in range(n_steps):
        out = {k: np.asarray(v) for k, v in decoder({"step": step, **carried}, training=False).items()}
        probabilities.append(out["probabilities"][:, -1])
        if "weights" in out:
            weights.append(out["weights"][:, -1])
        carried.update({k: v for k, v in out.items() if k in carried and k != "memory"})
        step = probabilities[-1].argmax(axis=-1)[:, np.newaxis].astype(np.int32)
    probabilities = np.stack(probabilities, axis=1).astype(np.float32)
    return TokenDecoding(
        probabilities.argmax(axis=-1).astype(np.int64),
        probabilities,
        np.stack(weights, axis=1).astype(np.float32) if weights else None,
    )


def _dict_names(name: str, model: Any, side: str, required: tuple[str, ...]) -> list[str]:
    """Names of a Keras model's dict inputs or outputs, checked to include ``required``."""
    tensors = getattr(model, side, None)
    if not isinstance(tensors, dict):
        raise TypeError(
            f"{name} must be a Keras model with named (dict) {side}s, as built by "
            f"helpers.models.attention_seq2seq_models; got {type(model).__name__}"
        )
    missing = [key for key in required if key not in tensors]
    if missing:
        raise ValueError(f"{name} must have {side}s named {list(required)}; missing {missing}, has {sorted(tensors)}")
    return list(tensors)


def attention_snapshots(encoder: Any, decoder: Any, source: npt.ArrayLike, n_steps: int) -> Any:
    """A Keras callback that decodes ``source`` after every epoch and keeps the attention weights.

    After training, ``callback.snapshots[epoch]`` (epochs counted from 1) holds the weights
    ``(batch, n_steps, time_in)`` that :func:`greedy_decode_tokens` returned at the end of that
    epoch: how attention looked early and late in the same, single ``fit``.
    """
    import keras

    source = integer_array("source", array_rank("source", source, 2, "(batch, time) of integer tokens"))
    n_steps = positive_int("n_steps", n_steps)
    if "weights" not in _dict_names("decoder", decoder, "output", required=("probabilities",)):
        raise ValueError("decoder must output 'weights': build it with attention='dot' or 'additive'")
    snapshots: dict[int, np.ndarray] = {}

    def keep(epoch: int, logs: dict | None = None) -> None:
        snapshots[epoch + 1] = greedy_decode_tokens(encoder, decoder, source, n_steps).weights

    callback = keras.callbacks.LambdaCallback(on_epoch_end=keep)
    callback.snapshots = snapshots
    return callback
