"""Step-by-step decoding of a whole batch of sequences at once: one model call per output step, never one
``predict`` per step per sequence.

An encoder-decoder trained with teacher forcing is used at inference time as two models that share its layers,
an encoder and a one-step decoder. Two kinds of them, two loops:

- vector models (chapters 04 and 05), whose decoder takes and returns lists ``[x (batch, 1, features), h, c]``:
  :func:`greedy_decode` feeds each step a vector (the one-hot of the best class, or the output itself);
- token models (chapters 06 and 07), whose decoder takes and returns named (dict) inputs and outputs:
  :func:`greedy_decode_tokens` and :func:`beam_search` feed each step integer tokens, through
  :func:`initial_carried` and :func:`decoder_step`.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any, NamedTuple

import numpy as np
import numpy.typing as npt

from helpers import _checks
from helpers.encoding import _REPRESENTATION, _SCALE, _x, to_inputs, to_ppm
from helpers.metrics import sequence_accuracy

if TYPE_CHECKING:
    import keras

#: What the next decoder step receives: the one-hot of the most probable class, or the output itself.
FEEDBACKS = ("argmax", "output")


def _numpy(tensor: Any) -> np.ndarray:
    """A model's output as a numpy array on every backend (``np.asarray`` fails on PyTorch tensors that need grad)."""
    import keras

    return keras.ops.convert_to_numpy(tensor)


def feed_argmax_one_hot(step_output: npt.ArrayLike, classes: int) -> np.ndarray:
    """The one-hot vector ``(..., classes)`` of the most probable class of ``step_output (..., features)``.

    ``classes`` may exceed the output's width: a decoder whose input has extra classes (a start
    token the output never predicts) needs the input's width.
    """
    most_probable = np.asarray(step_output).argmax(axis=-1)
    return (most_probable[..., np.newaxis] == np.arange(classes)).astype(np.float32)


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
    source = np.asarray(source)
    start = np.asarray(start, dtype=np.float32)
    states = [_numpy(s) for s in _as_list(encoder(source, training=False))]
    # the same start vector for every sequence (or one per sequence), as one (batch, 1, features) step
    step_input = np.broadcast_to(start, (len(source), start.shape[-1]))[:, np.newaxis, :]
    outputs = []
    for _ in range(n_steps):
        step_output, *states = (_numpy(t) for t in decoder([step_input, *states], training=False))
        outputs.append(step_output[:, -1])
        if feedback == "argmax":
            step_input = feed_argmax_one_hot(step_output, classes=start.shape[-1])
        else:
            step_input = step_output.astype(np.float32)
    return np.stack(outputs, axis=1).astype(np.float32)


def _as_list(tensors: Any) -> list[Any]:
    return list(tensors) if isinstance(tensors, (list, tuple)) else [tensors]


# Token models: one interface, one greedy loop, one beam search -------------------------------------
#
# Every encoder-decoder over integer tokens in the course (chapter 06's, with or without attention, and
# chapter 07's adders) has inference models with named (dict) inputs and outputs:
#
# - ``encoder``: ``source (batch, time_in)`` -> ``{"h", "c", ...}`` (with attention also ``"memory"``);
# - ``decoder``: ``{"step": tokens (batch, 1), "h", "c", ...}`` -> ``{"probabilities": (batch, 1, classes),
#   "h", "c", ...}`` (with attention also ``"weights": (batch, 1, time_in)``).
#
# The decoder carries every encoder output it has an input of that name for; each call's outputs of those
# names (the new states) replace them, and an input the decoder never outputs (the memory) stays the same.


def initial_carried(encoder: Any, decoder: Any, source: npt.ArrayLike) -> dict[str, np.ndarray]:
    """Run the encoder on the whole batch; keep each output the decoder has an input of that name for."""
    outputs = encoder(np.asarray(source), training=False)
    return {name: _numpy(value) for name, value in outputs.items() if name in decoder.input}


def decoder_step(
    decoder: Any, tokens: np.ndarray, carried: dict[str, np.ndarray]
) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray]]:
    """One decoder call for every row: feed ``tokens (rows,)`` with the ``carried`` inputs.

    Returns:
        ``(step, carried)``: this step's other outputs without their time axis (``"probabilities"``
        ``(rows, classes)``, ``"weights"`` ``(rows, time_in)`` with attention), and the carried inputs
        with their new values.
    """
    out = decoder({"step": tokens[:, np.newaxis].astype(np.int32), **carried}, training=False)
    out = {name: _numpy(value) for name, value in out.items()}
    step = {name: value[:, -1] for name, value in out.items() if name not in carried}
    return step, carried | {name: out[name] for name in carried if name in out}


class TokenDecoding(NamedTuple):
    """What :func:`greedy_decode_tokens` returns for a batch.

    ``tokens``: ``int64 (batch, max_length)``; ``probabilities``: ``float32 (batch, steps, classes)``;
    ``weights``: ``float32 (batch, steps, time_in)``, the attention weights of every step, or ``None`` for a
    decoder without attention. ``steps`` is ``max_length``, or fewer if every sequence ended sooner.
    """

    tokens: np.ndarray
    probabilities: np.ndarray
    weights: np.ndarray | None


def greedy_decode_tokens(
    encoder: Any,
    decoder: Any,
    source: npt.ArrayLike,
    max_length: int,
    start_token: int,
    end_token: int | None = None,
    pad_token: int = 0,
) -> TokenDecoding:
    """Greedy decoding of integer tokens for a whole batch, one decoder call per step.

    Every step feeds each sequence its own most probable token. With an ``end_token``, a sequence that
    has produced it is finished: from then on its output is ``pad_token`` whatever the decoder says, and
    the loop stops when every sequence is finished; the pad and start tokens are then never chosen (they
    are inputs, not outputs). Without one, it runs ``max_length`` steps.

    Args:
        encoder, decoder: token models with named inputs and outputs: the decoder takes ``"step"`` and what
            it carries from the encoder, and returns ``"probabilities"`` and its new states.
        source: integer tokens ``(batch, time_in)``, padded as in training.
        max_length: most tokens to generate per sequence, end token included (>= 1).
        start_token: the decoder's first input, as in training (0 in chapter 06, ``START`` in chapter 07).
        end_token: the token that ends a sequence (kept in the result), or ``None`` (chapter 06: a fixed length).
        pad_token: what fills a row after its end token.

    Returns:
        A :class:`TokenDecoding` ``(tokens, probabilities, weights)``.
    """
    carried = initial_carried(encoder, decoder, source)
    batch = len(source)
    tokens = np.full((batch, max_length), pad_token, dtype=np.int64)
    last = np.full(batch, start_token, dtype=np.int64)
    finished = np.zeros(batch, dtype=bool)
    steps = []
    for position in range(max_length):
        step, carried = decoder_step(decoder, last, carried)
        steps.append(step)
        choice = step["probabilities"].copy()
        if end_token is not None:  # padding and the start token are inputs, never outputs
            choice[:, [pad_token, start_token]] = -1.0
        last = np.where(finished, pad_token, choice.argmax(axis=-1))
        tokens[:, position] = last
        finished |= last == end_token  # never, with end_token None
        if finished.all():
            break
    probabilities = np.stack([step["probabilities"] for step in steps], axis=1).astype(np.float32)
    weights = [step["weights"] for step in steps if "weights" in step]
    return TokenDecoding(tokens, probabilities, np.stack(weights, axis=1).astype(np.float32) if weights else None)


def beam_search(
    encoder: Any,
    decoder: Any,
    source: npt.ArrayLike,
    width: int,
    max_length: int,
    start_token: int,
    end_token: int,
    pad_token: int = 0,
    length_penalty: float = 0.0,
) -> tuple[np.ndarray, np.ndarray]:
    """Beam search for a whole batch at once: the ``width`` best hypotheses of every sequence.

    A hypothesis is a list of generated tokens; its score is the sum of the log-probabilities the
    decoder gave them. At every step each of the ``batch × width`` live hypotheses is extended by every
    token of the vocabulary, in one decoder call over ``batch × width`` rows, and the ``width`` best of
    the ``width × vocabulary`` candidates of each sequence are kept (their states go with them). A
    hypothesis that has produced ``end_token`` is finished: it stays in the beam with its score, padded
    with ``pad_token`` (which adds nothing to the score), and competes with the live ones. No live hypothesis
    is extended by ``pad_token`` or ``start_token``: they are inputs, not outputs. The loop stops when every
    hypothesis of every sequence is finished, or after ``max_length`` steps. ``width=1`` is greedy decoding.

    Hypotheses are ranked by ``score / length ** length_penalty``, where ``length`` counts the generated
    tokens (end token included). With ``length_penalty=0`` (the default) that is the score itself, the
    probability of the whole sequence; since every token multiplies it by a number below 1, short
    hypotheses are favoured, and ``length_penalty`` between 0 and 1 (0.6 to 1 is common) evens that out.

    Args:
        encoder, decoder, source, max_length, start_token, end_token, pad_token: as in
            :func:`greedy_decode_tokens`.
        width: hypotheses kept per sequence (>= 1).
        length_penalty: exponent ``alpha >= 0`` of the length normalisation.

    Returns:
        ``(tokens, scores)``: ``int64`` ``(batch, width, max_length)``, the hypotheses of each sequence,
        best first, padded like :func:`greedy_decode_tokens`; ``float64`` ``(batch, width)``, their summed
        log-probabilities (``-inf`` for a slot that never held a hypothesis, e.g. ``width`` larger than the
        number of distinct sequences).
    """
    batch = len(source)
    rows = np.arange(batch)[:, np.newaxis]

    # Every sequence starts with one live hypothesis (slot 0); the other slots are empty (-inf).
    encoded = initial_carried(encoder, decoder, source)
    carried = {name: np.repeat(value, width, axis=0) for name, value in encoded.items()}
    scores = np.full((batch, width), -np.inf)
    scores[:, 0] = 0.0
    tokens = np.full((batch, width, max_length), pad_token, dtype=np.int64)
    lengths = np.zeros((batch, width), dtype=np.int64)
    finished = np.zeros((batch, width), dtype=bool)
    last = np.full(batch * width, start_token, dtype=np.int64)

    for position in range(max_length):
        step, carried = decoder_step(decoder, last, carried)
        vocabulary = step["probabilities"].shape[-1]
        with np.errstate(divide="ignore"):
            log_p = np.log(step["probabilities"].astype(np.float64)).reshape(batch, width, vocabulary)
        # Padding and the start token are inputs, never outputs: no live hypothesis may take them. A finished
        # hypothesis has one continuation, the pad token, which adds nothing to its score.
        log_p[..., [pad_token, start_token]] = -np.inf
        log_p = np.where(finished[..., np.newaxis], -np.inf, log_p)
        log_p[..., pad_token] = np.where(finished, 0.0, -np.inf)
        candidate_scores = (scores[..., np.newaxis] + log_p).reshape(batch, width * vocabulary)
        candidate_lengths = np.repeat(np.where(finished, lengths, position + 1), vocabulary, axis=1)
        with np.errstate(invalid="ignore"):
            ranking = candidate_scores / np.maximum(candidate_lengths, 1) ** length_penalty
        # The `width` best candidates of each sequence; a stable sort keeps the lower index on ties, as argmax.
        best = np.argsort(-ranking, axis=1, kind="stable")[:, :width]
        parent, token = best // vocabulary, best % vocabulary

        scores = candidate_scores[rows, best]
        lengths = candidate_lengths[rows, best]
        tokens = tokens[rows, parent]
        was_finished = finished[rows, parent]
        tokens[:, :, position] = np.where(was_finished, pad_token, token)
        finished = was_finished | (token == end_token)
        flat_parent = (rows * width + parent).reshape(-1)
        carried = {name: value[flat_parent] for name, value in carried.items()}
        last = tokens[:, :, position].reshape(-1)
        if np.all(finished | np.isneginf(scores)):
            break

    with np.errstate(invalid="ignore"):
        ranking = scores / np.maximum(lengths, 1) ** length_penalty
    order = np.argsort(-ranking, axis=1, kind="stable")
    tokens, scores = tokens[rows, order], scores[rows, order]
    tokens[np.isneginf(scores)] = pad_token
    return tokens, scores


def score_answers(
    encoder: Any, decoder: Any, source: npt.ArrayLike, answers: npt.ArrayLike, start_token: int, pad_token: int = 0
) -> np.ndarray:
    """The log-probability the model gives each of ``answers``: the score beam search would give it.

    Teacher forcing, batched: one decoder call per step for the whole batch, each row fed its own answer's
    previous token. Padding after an answer's end token adds nothing.

    Args:
        encoder, decoder, source, start_token, pad_token: as in :func:`greedy_decode_tokens`.
        answers: integer tokens ``(batch, steps)``, one answer per source, end token and padding included
            (a reference target, or the tokens a decoder picked).

    Returns:
        ``float64 (batch,)``: the summed log-probabilities of each answer's tokens.
    """
    answers = np.asarray(answers)
    carried = initial_carried(encoder, decoder, source)
    previous = np.full(len(answers), start_token, dtype=np.int64)
    total = np.zeros(len(answers))
    for position in range(answers.shape[1]):
        step, carried = decoder_step(decoder, previous, carried)
        token = answers[:, position]
        with np.errstate(divide="ignore"):
            log_p = np.log(step["probabilities"][np.arange(len(token)), token].astype(np.float64))
        total += np.where(token == pad_token, 0.0, log_p)
        previous = token
    return total


def beam_report(
    encoder: Any,
    decoder: Any,
    source: npt.ArrayLike,
    target: npt.ArrayLike,
    width: int,
    start_token: int,
    end_token: int,
    pad_token: int = 0,
    length_penalty: float = 0.0,
    greedy: npt.ArrayLike | None = None,
) -> dict[str, float]:
    """Beam search of width ``width`` on a test set, its errors split into search errors and model errors.

    A wrong answer is a *search error* if the model scores the reference answer above the answer the search
    picked (a better search could have found the reference), and a *model error* if it scores the pick at least
    as high (the model prefers a wrong answer; no search fixes that). Both scores come from :func:`score_answers`.

    Returns:
        Fractions of the test set: ``"exact"``, ``"search errors"`` and ``"model errors"`` (they add up to 1);
        ``"unfinished"``, picks without an end token; ``"wrong length"``, picks of another length than the
        reference's. ``"log-probability"``, the picks' mean score; ``"mean length"``, tokens per pick, end token
        included; ``"ms per sequence"``, the search's wall time (the faster of two runs). Given ``greedy``'s picks
        for the same sources, also ``"fixed"`` (greedy wrong, this pick right) and ``"broken"`` (the reverse).
    """
    target = np.asarray(target)
    seconds = []
    for _ in range(2):  # the first call may also build the decoder's compiled step: keep the faster run
        start = time.perf_counter()
        tokens, _ = beam_search(
            encoder, decoder, source, width, target.shape[1], start_token, end_token, pad_token, length_penalty
        )
        seconds.append(time.perf_counter() - start)
    pick = tokens[:, 0]
    right = np.all(pick == target, axis=1)
    pick_score = score_answers(encoder, decoder, source, pick, start_token, pad_token)
    reference_score = score_answers(encoder, decoder, source, target, start_token, pad_token)
    search = ~right & (reference_score > pick_score)
    report = {
        "exact": right.mean(),
        "search errors": search.mean(),
        "model errors": (~right & ~search).mean(),
        "unfinished": (~np.any(pick == end_token, axis=1)).mean(),
        "wrong length": ((pick != pad_token).sum(axis=1) != (target != pad_token).sum(axis=1)).mean(),
        "log-probability": pick_score.mean(),
        "mean length": (pick != pad_token).sum(axis=1).mean(),
        "ms per sequence": 1e3 * min(seconds) / len(pick),
    }
    if greedy is not None:
        greedy_right = np.all(np.asarray(greedy) == target, axis=1)
        report |= {"fixed": (~greedy_right & right).mean(), "broken": (greedy_right & ~right).mean()}
    return {name: float(value) for name, value in report.items()}


def most_probable(
    encoder: Any,
    decoder: Any,
    source: npt.ArrayLike,
    candidates: npt.ArrayLike,
    start_token: int,
    pad_token: int = 0,
) -> tuple[np.ndarray, np.ndarray]:
    """Exact search: for each source, the one of ``candidates`` (every answer there is) the model scores highest.

    Every candidate is scored for every source by :func:`score_answers`, in one batch of
    ``len(source) * len(candidates)`` rows: feasible for a small answer space (1,110 answers of the adder).
    ``pad_token`` after an answer's end adds nothing to its score, as in :func:`score_answers`.

    Returns:
        ``(answers, scores)``: ``(batch, steps)`` tokens and ``(batch,)`` log-probabilities of the best candidates.
    """
    source, candidates = np.asarray(source), np.asarray(candidates)
    rows = score_answers(
        encoder,
        decoder,
        np.repeat(source, len(candidates), axis=0),
        np.tile(candidates, (len(source), 1)),
        start_token,
        pad_token,
    )
    scores = rows.reshape(len(source), len(candidates))
    best = scores.argmax(axis=1)
    return candidates[best], scores[np.arange(len(source)), best]


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
    targets = np.asarray(targets)
    if start is None:
        start = np.eye(_features(decoder), dtype=np.float32)[0]
    probabilities = greedy_decode(encoder, decoder, source, targets.shape[1], start, feedback=feedback)
    return sequence_accuracy(targets, probabilities.argmax(axis=-1))


def source_style_decode(encoder: keras.Model, decoder: keras.Model, source: npt.ArrayLike, n_steps: int) -> np.ndarray:
    """The reverse-prefix tutorial's inference: ONE source ``(1, time)``, a ``predict`` call per step, a zero
    start vector, the softmax fed back. Kept to time it against :func:`greedy_decode`.

    Returns ``(n_steps, classes)``.
    """
    states = encoder.predict(np.asarray(source), verbose=0)
    step = np.zeros((1, 1, _features(decoder)), dtype=np.float32)
    outputs = []
    for _ in range(n_steps):
        probabilities, h, c = decoder.predict([step, *states], verbose=0)
        outputs.append(probabilities[0, 0])
        states, step = [h, c], probabilities
    return np.array(outputs)


def attention_snapshots(encoder: Any, decoder: Any, source: npt.ArrayLike, n_steps: int) -> Any:
    """A Keras callback that decodes ``source`` after every epoch and keeps the attention weights.

    After training, ``callback.snapshots[epoch]`` (epochs counted from 1) holds the weights
    ``(batch, n_steps, time_in)`` that :func:`greedy_decode_tokens` returned at the end of that
    epoch: how attention looked early and late in the same, single ``fit``.
    """
    import keras

    snapshots: dict[int, np.ndarray] = {}

    def keep(epoch: int, logs: dict | None = None) -> None:
        snapshots[epoch + 1] = greedy_decode_tokens(encoder, decoder, source, n_steps, start_token=0).weights

    callback = keras.callbacks.LambdaCallback(on_epoch_end=keep)
    callback.snapshots = snapshots
    return callback


def recursive_forecast(
    model: keras.Model, x: npt.ArrayLike, horizon: int, scale: tuple[float, float], representation: str = "offsets"
) -> np.ndarray:
    """Feed a one-step model its own forecasts: ``horizon`` batched calls over all windows -> ``(windows, horizon)``."""
    history = np.asarray(x).astype(np.float64)
    forecasts = []
    for _ in range(horizon):  # one call per step, each over every window at once
        step = to_ppm(model.predict_on_batch(to_inputs(history, scale, representation)), history, scale, representation)
        forecasts.append(step[:, 0])
        history = np.c_[history[:, 1:], step[:, :1]]
    return np.stack(forecasts, axis=1)


# Argument checks (see helpers._checks): kept out of the functions above, which notebooks print ---------


def _feed_argmax_one_hot_arguments(step_output: npt.ArrayLike, classes: int) -> None:
    """``step_output`` is a ``(batch, 1, features)`` array of numbers, at most ``classes`` wide."""
    step_output = _checks.array_rank("step_output", step_output, 3, "(batch, 1, features)")
    if step_output.dtype == bool or not np.issubdtype(step_output.dtype, np.number):
        raise TypeError(f"step_output must hold numbers, got dtype {step_output.dtype}")
    if classes < step_output.shape[-1]:
        raise ValueError(f"classes must be >= {step_output.shape[-1]} (the width of step_output), got {classes}")


def _source_array(encoder: Any, source: npt.ArrayLike) -> np.ndarray:
    """Check ``source`` against the encoder's input: rank, feature size, dtype; return it as an array."""
    if len(encoder.inputs[0].shape) == 2:
        source = _checks.array_rank("source", source, 2, "(batch, time) of integer tokens")
        return _checks.integer_array("source", source)
    source = _checks.array_rank("source", source, 3, "(batch, time, features)").astype(np.float32)
    expected = _features(encoder)
    if expected is not None and source.shape[-1] != expected:
        raise ValueError(
            f"source must have {expected} features on its last axis to fit the encoder, got {source.shape[-1]}"
        )
    return source


def _greedy_decode_arguments(
    encoder: Any, decoder: Any, source: npt.ArrayLike, n_steps: int, start: npt.ArrayLike, feedback: str
) -> None:
    """``source`` fits the encoder, ``start`` the decoder and the batch; ``"output"`` feedback fits the decoder."""
    batch = _source_array(encoder, source).shape[0]
    start = np.asarray(start)
    if start.dtype == bool or not np.issubdtype(start.dtype, np.number):
        raise TypeError(f"start must hold numbers, got dtype {start.dtype}")
    if start.ndim not in (1, 2) or (start.ndim == 2 and start.shape[0] != batch):
        raise ValueError(f"start must have shape (features,) or ({batch}, features), got {start.shape}")
    expected = _features(decoder)
    if expected is not None and start.shape[-1] != expected:
        raise ValueError(f"start must have {expected} features to fit the decoder, got {start.shape[-1]}")
    if feedback == "output" and not getattr(decoder, "outputs", None):
        raise TypeError(f"decoder must be a keras.Model with outputs, got {type(decoder).__name__}")
    width = decoder.outputs[0].shape[-1] if feedback == "output" else None
    if width is not None and width != start.shape[-1]:
        raise ValueError(
            f"feedback 'output' needs a decoder whose output is as wide as its input ({start.shape[-1]}), got {width}"
        )


def _exact_match_arguments(targets: npt.ArrayLike, **_: object) -> None:
    """``targets`` are integer tokens ``(batch, time)`` (the rest is checked by :func:`greedy_decode`)."""
    _checks.array_rank("targets", _checks.integer_array("targets", targets), 2, "(batch, time)")


def _source_style_decode_arguments(encoder: Any, source: npt.ArrayLike, **_: object) -> None:
    """``source`` is one sequence that fits the encoder."""
    source = _source_array(encoder, source)
    if source.shape[0] != 1:
        raise ValueError(f"source must hold one sequence (1, time), got shape {source.shape}")


def _token(name: str, value: int, vocabulary: int) -> None:
    if value >= vocabulary:
        raise ValueError(f"{name} must be a token of the decoder's vocabulary, below {vocabulary}, got {value}")


def _length_penalty(name: str, value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float, np.floating, np.integer)):
        raise TypeError(f"{name} must be a number >= 0, got {type(value).__name__}")
    if not 0 <= value <= 10:  # 0.6 to 1 is common; length ** 10 stays finite for every max_length
        raise ValueError(f"{name} must be a number >= 0 and <= 10, got {value}")
    return float(value)  # an integer power of the integer lengths would overflow


def _dict_names(name: str, model: Any, side: str, required: tuple[str, ...]) -> list[str]:
    """Names of a Keras model's dict inputs or outputs, checked to include ``required``."""
    tensors = getattr(model, side, None)
    if not isinstance(tensors, dict):
        raise TypeError(
            f"{name} must be a Keras model with named (dict) {side}s, as built by helpers.models "
            f"(attention_seq2seq_models, addition_models); got {type(model).__name__}"
        )
    missing = [key for key in required if key not in tensors]
    if missing:
        raise ValueError(f"{name} must have {side}s named {list(required)}; missing {missing}, has {sorted(tensors)}")
    return list(tensors)


def _token_source(source: npt.ArrayLike) -> np.ndarray:
    """``source`` is a non-empty batch of integer tokens ``(batch, time)``, all >= 0."""
    source = _checks.integer_array("source", _checks.array_rank("source", source, 2, "(batch, time) of integer tokens"))
    if len(source) == 0:
        raise ValueError("source must hold at least one sequence, got an empty batch")
    if source.size and source.min() < 0:
        raise ValueError(f"source must hold tokens >= 0, got min {source.min()}")
    return source


def _token_models(encoder: Any, decoder: Any) -> int:
    """Named models that fit together (the encoder outputs what the decoder carries); the decoder's classes."""
    wanted = _dict_names("decoder", decoder, "input", required=("step",))
    _dict_names("decoder", decoder, "output", required=("probabilities",))
    missing = sorted(set(wanted) - set(_dict_names("encoder", encoder, "output", required=())) - {"step"})
    if missing:
        raise ValueError(f"encoder must output every decoder input but 'step'; missing {missing}")
    return decoder.output["probabilities"].shape[-1]


def _token_arguments(
    encoder: Any,
    decoder: Any,
    source: npt.ArrayLike,
    start_token: int = 0,
    end_token: int | None = None,
    pad_token: int = 0,
    **_: object,
) -> None:
    """Named token models that fit together, a non-empty source, tokens of the decoder's vocabulary, pad != end."""
    vocabulary = _token_models(encoder, decoder)
    _token_source(source)
    for name, token in {"start_token": start_token, "end_token": end_token, "pad_token": pad_token}.items():
        if token is not None:
            _token(name, token, vocabulary)
    if pad_token == end_token:
        raise ValueError(f"pad_token must differ from end_token, both are {pad_token}")


def _answers(name: str, answers: npt.ArrayLike, source: npt.ArrayLike, vocabulary: int) -> None:
    """``answers`` are tokens ``(batch, steps)`` of the decoder's vocabulary, one row per source row."""
    answers = _checks.integer_array(name, _checks.array_rank(name, answers, 2, "(batch, steps) of integer tokens"))
    if len(answers) != len(np.asarray(source)):
        raise ValueError(f"{name} must hold one row per source row ({len(np.asarray(source))}), got {len(answers)}")
    if answers.shape[1] == 0 or answers.shape[1] > 1000:
        raise ValueError(f"{name} must have 1 to 1000 steps, got {answers.shape[1]}")
    if answers.size and not 0 <= answers.min() <= answers.max() < vocabulary:
        raise ValueError(f"{name} must hold tokens from 0 to {vocabulary - 1}, got {answers.min()}..{answers.max()}")


def _score_answers_arguments(
    encoder: Any, decoder: Any, source: npt.ArrayLike, answers: npt.ArrayLike, start_token: int, pad_token: int
) -> None:
    """Named token models that fit together, a non-empty source, one answer of known tokens per source row."""
    _token_arguments(encoder, decoder, source, start_token=start_token, pad_token=pad_token)
    _answers("answers", answers, source, _token_models(encoder, decoder))


def _beam_report_arguments(
    encoder: Any,
    decoder: Any,
    source: npt.ArrayLike,
    target: npt.ArrayLike,
    start_token: int,
    end_token: int,
    pad_token: int,
    greedy: npt.ArrayLike | None,
    **_: object,
) -> None:
    """Named token models that fit together, a non-empty source, one target (and greedy pick) per source row."""
    _token_arguments(encoder, decoder, source, start_token=start_token, end_token=end_token, pad_token=pad_token)
    _answers("target", target, source, _token_models(encoder, decoder))
    if greedy is not None:
        _answers("greedy", greedy, source, _token_models(encoder, decoder))


def _most_probable_arguments(
    encoder: Any, decoder: Any, source: npt.ArrayLike, candidates: npt.ArrayLike, start_token: int, pad_token: int
) -> None:
    """Named token models that fit together, a non-empty source, candidates of known tokens, at most 10^6 rows."""
    _token_arguments(encoder, decoder, source, start_token=start_token, pad_token=pad_token)
    candidates = _checks.integer_array("candidates", _checks.array_rank("candidates", candidates, 2, "(n, steps)"))
    _answers("candidates", candidates, candidates, _token_models(encoder, decoder))
    rows = len(candidates) * len(np.asarray(source))
    if rows > 1_000_000:
        raise ValueError(f"candidates times source rows must be at most 1,000,000 (memory), got {rows:,}")


def _decoder_step_arguments(decoder: Any, tokens: np.ndarray, carried: dict[str, np.ndarray]) -> None:
    """A named decoder; ``tokens`` integers ``(rows,)``; ``carried`` a dict of arrays, one row per token."""
    _dict_names("decoder", decoder, "input", required=("step",))
    tokens = _checks.integer_array("tokens", _checks.array_rank("tokens", tokens, 1, "(rows,)"))
    if not isinstance(carried, dict) or not all(isinstance(v, np.ndarray) for v in carried.values()):
        raise TypeError(f"carried must be a dict of numpy arrays, as initial_carried returns; got {carried!r:.80}")
    rows = [len(value) for value in carried.values()]
    if any(n != len(tokens) for n in rows):
        raise ValueError(f"carried must hold one row per token ({len(tokens)}), got {rows} rows")


def _attention_snapshots_arguments(encoder: Any, decoder: Any, source: npt.ArrayLike, n_steps: int) -> None:
    """Named token models that fit together, a non-empty source, and a decoder that outputs attention weights."""
    _token_arguments(encoder, decoder, source)
    if "weights" not in decoder.output:
        raise ValueError("decoder must output 'weights': build it with attention='dot', 'general' or 'bahdanau'")


#: Decoding steps: one model call each (a ``predict`` each in source_style_decode), far more than any output
#: sequence of the course (20 at most).
_STEPS = {"n_steps": _checks.count(1000)}
_MODELS = {"encoder": _checks.MODEL, "decoder": _checks.MODEL}
_FEEDBACK = {"feedback": _checks.one_of(*FEEDBACKS)}

_checks.install(
    globals(),
    rules={
        "recursive_forecast": {"model": _checks.MODEL, "scale": _SCALE, "representation": _REPRESENTATION},
        # the one-hot may be wider than the output: the course's largest class count (10,000) and a start token
        "feed_argmax_one_hot": {"classes": _checks.count(10_001)},
        "greedy_decode": _MODELS | _STEPS | _FEEDBACK,
        "exact_match": _MODELS | _FEEDBACK,
        "source_style_decode": _MODELS | _STEPS,
        "greedy_decode_tokens": {"end_token": _checks.optional(_checks.TOKEN)},
        "beam_search": {"length_penalty": _checks.named("a number from 0 to 10", _length_penalty)},
        "beam_report": {"length_penalty": _checks.named("a number from 0 to 10", _length_penalty)},
        "attention_snapshots": _STEPS,
    },
    preconditions={
        "recursive_forecast": _x,
        "feed_argmax_one_hot": _feed_argmax_one_hot_arguments,
        "greedy_decode": _greedy_decode_arguments,
        "exact_match": _exact_match_arguments,
        "source_style_decode": _source_style_decode_arguments,
        "initial_carried": _token_arguments,
        "decoder_step": _decoder_step_arguments,
        "greedy_decode_tokens": _token_arguments,
        "beam_search": _token_arguments,
        "score_answers": _score_answers_arguments,
        "beam_report": _beam_report_arguments,
        "most_probable": _most_probable_arguments,
        "attention_snapshots": _attention_snapshots_arguments,
    },
)
