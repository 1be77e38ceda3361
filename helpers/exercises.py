"""Checkers for the notebooks' exercises: helpful feedback, never a bare AssertionError.

Each ``check_*`` function takes the learner's answer (a value or a function),
and returns a :class:`Feedback` whose text is shown in the notebook:

- "Not attempted yet" while the starter is unchanged (the answer is ``None`` or ``...``,
  or the function returns ``None``), so the notebook still runs top to bottom;
- "Correct" with a one-line reason;
- "Not yet" with a hint aimed at the typical mistake.

Reference solutions live in ``solutions/``, away from the notebooks.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from helpers import _checks

if TYPE_CHECKING:
    import keras

NOT_ATTEMPTED = "not attempted"
CORRECT = "correct"
INCORRECT = "incorrect"


@dataclass(frozen=True)
class Feedback:
    """The verdict on one answer; prints as a one-line message."""

    status: str
    message: str

    def __post_init__(self) -> None:
        if not isinstance(self.status, str) or self.status not in (CORRECT, INCORRECT, NOT_ATTEMPTED):
            raise ValueError(f"status must be one of {(CORRECT, INCORRECT, NOT_ATTEMPTED)}, got {self.status!r}")
        if not isinstance(self.message, str):
            raise TypeError(f"message must be a string, got {type(self.message).__name__}")

    def __bool__(self) -> bool:
        return self.status == CORRECT

    def __repr__(self) -> str:
        icon = {CORRECT: "✅ Correct", INCORRECT: "❌ Not yet", NOT_ATTEMPTED: "⏳ Not attempted yet"}[self.status]
        return f"{icon}: {self.message}"


def _not_attempted(task: str) -> Feedback:
    return Feedback(NOT_ATTEMPTED, f"{task} Replace the `...` in the cell above, run it, then run this check again.")


def _unanswered(answer: Any) -> bool:
    return answer is None or answer is Ellipsis


def _call(func: Callable[..., Any], *args: Any) -> tuple[Any, Feedback | None]:
    """Call the learner's function; turn an exception into feedback instead of a traceback."""
    if not callable(func):
        return None, Feedback(INCORRECT, f"expected a function, got {type(func).__name__}.")
    try:
        return func(*args), None
    except Exception as error:  # noqa: BLE001 -- any error in a learner's code becomes feedback
        return None, Feedback(INCORRECT, f"your function raised {type(error).__name__}: {error}")


def _attempt(func: Callable[..., Any], task: str, *args: Any) -> tuple[Any, Feedback | None]:
    """:func:`_call`, and "not attempted" feedback if the learner's function still returns ``None``."""
    got, error = _call(func, *args)
    if error is None and got is None:
        error = _not_attempted(task)
    return got, error


def _shape(answer: Any) -> tuple[int, ...] | None:
    try:
        return tuple(int(n) if n is not None else None for n in answer)
    except (TypeError, ValueError):
        return None


def _check_shape(answer: Any, expected: tuple[Any, ...], hints: dict[tuple[Any, ...], str], task: str) -> Feedback:
    if _unanswered(answer):
        return _not_attempted(task)
    shape = _shape(answer)
    if shape is None:
        return Feedback(INCORRECT, f"give the shape as a tuple of integers, e.g. (2, 3), not {answer!r}.")
    if shape == expected:
        return Feedback(CORRECT, f"the output has shape {expected}.")
    return Feedback(INCORRECT, hints.get(shape, f"{shape} is not it; write down the shape after each layer."))


def _checker(check: Callable[..., Feedback]) -> Callable[..., Feedback]:
    """Whatever junk a learner's answer is or returns, the checker answers with Feedback, never a traceback."""

    @functools.wraps(check)
    def wrapper(*args: Any, **kwargs: Any) -> Feedback:
        try:
            return check(*args, **kwargs)
        except (TypeError, ValueError, IndexError, KeyError, AttributeError) as error:
            return Feedback(INCORRECT, f"your answer could not be checked ({type(error).__name__}: {error}).")

    return wrapper


# Any notebook ------------------------------------------------------------------------------


# _checker wraps it at the end of the module, around its argument checks
def check_prediction(prediction: Any, measured: Any, expected: tuple[float, float], quantity: str) -> Feedback:
    """A predict-then-measure exercise: ``prediction`` is written down before the changed run, ``measured`` after.

    ``expected`` is the ``(low, high)`` range that the course's seed study measured for the *changed*
    experiment, so a measurement of the unchanged one (or a typo) is caught. The prediction is not graded,
    only compared with the measurement: the point is to commit to a number before seeing one.
    """
    low, high = expected
    if _unanswered(prediction):
        return _not_attempted(f"Write down your prediction of the {quantity} before you run the changed experiment.")
    if _unanswered(measured):
        return _not_attempted(f"Now run the changed experiment and copy the {quantity} it prints into `measured`.")
    guess, value = float(prediction), float(measured)
    if not np.isfinite([guess, value]).all():
        return Feedback(
            INCORRECT, f"give the prediction and the measurement as numbers, got {prediction!r}, {measured!r}."
        )
    if not low <= value <= high:
        return Feedback(
            INCORRECT,
            f"a {quantity} of {value:.3g} is outside {low:.3g}..{high:.3g}, the range this change gives over "
            "the seed study: did you make the change and re-run the training cell?",
        )
    verdict = (
        "your prediction was in that range too"
        if low <= guess <= high
        else f"your prediction was {abs(guess - value):.3g} away: which part of the model did you expect to matter?"
    )
    return Feedback(
        CORRECT, f"a {quantity} of {value:.3g} is what this change gives ({low:.3g}..{high:.3g} over seeds); {verdict}."
    )


# Notebook 01 -------------------------------------------------------------------------------


@_checker
def check_lstm_params(lstm_params: Callable[[int, int], int]) -> Feedback:
    """Exercise 01.1: ``lstm_params(inputs, units)`` returns an LSTM layer's parameter count."""
    cases = {(1, 5): 140, (100, 16): 7488, (3, 2): 48, (51, 128): 92160}
    for (inputs, units), expected in cases.items():
        got, error = _attempt(lstm_params, "Write lstm_params(inputs, units).", inputs, units)
        if error is not None:
            return error
        if got == expected:
            continue
        hints = {
            (inputs + 1) * units + units**2: "that is one gate's worth: an LSTM unit has four gates.",
            4 * (inputs * units + units**2): "each gate of each unit also has a bias.",
            4 * (inputs + 1) * units: "each gate also sees the layer's previous output: units² recurrent weights.",
        }
        hint = hints.get(got, "count, for one gate: input weights, recurrent weights, bias; then four gates.")
        return Feedback(INCORRECT, f"lstm_params({inputs}, {units}) gave {got}; {hint}")
    return Feedback(CORRECT, "4·((inputs + 1)·units + units²) matches Keras for every case tried.")


@_checker
def check_sequence_output_shape(answer: Any) -> Feedback:
    """Exercise 01.2: shape of ``LSTM(7, return_sequences=True)`` then ``Dense(1)`` on a ``(3, 4, 2)`` batch."""
    hints = {
        (3, 1): "return_sequences=True keeps the time axis: one output per step.",
        (3, 7): "return_sequences=True keeps the time axis, and Dense(1) then maps 7 features to 1.",
        (3, 4, 7): "that is the LSTM's output; Dense(1) then acts on the last axis of every step.",
        (3, 4, 2): "the LSTM's 7 units, then Dense(1), set the last axis; the input's 2 features are gone.",
    }
    return _check_shape(answer, (3, 4, 1), hints, "Give the output shape as a tuple.")


# Notebook 02 -------------------------------------------------------------------------------


@_checker
def check_windows_and_batches(answer: Any) -> Feedback:
    """Exercise 02.1: windows of 6 in a 25-long sequence, and batches of 5 they make: ``(20, 4)``."""
    if _unanswered(answer):
        return _not_attempted("Give (windows, batches) as a tuple of two integers.")
    pair = _shape(answer)
    if pair == (20, 4):
        return Feedback(CORRECT, "25 - 6 + 1 = 20 windows, in 4 batches of 5.")
    if pair and pair[0] in (19, 21):
        return Feedback(INCORRECT, "count the window starts: from 0 to length - window, both included.")
    if pair and len(pair) == 2 and pair[0] == 20:
        return Feedback(INCORRECT, "20 windows is right; a stateful model takes them 5 at a time.")
    return Feedback(INCORRECT, "a window of 6 can start at positions 0, 1, ...; how many positions are there?")


@_checker
def check_reset_all_states(reset_all_states: Callable[[Any], Any]) -> Feedback:
    """Exercise 02.2: ``reset_all_states(model)`` zeroes the state of every stateful layer (Keras 3)."""
    import keras

    inputs = keras.Input(batch_shape=(2, 3, 4))
    hidden = keras.layers.LSTM(3, stateful=True, return_sequences=True)(inputs)
    outputs = keras.layers.GRU(2, stateful=True)(hidden)
    model = keras.Model(inputs, outputs, name="exercise_02_2")
    model(np.ones((2, 3, 4), dtype=np.float32))
    result, error = _call(reset_all_states, model)
    if error is not None:
        return error
    states = [np.asarray(v) for layer in model.layers for v in (getattr(layer, "states", None) or [])]
    if result is None and all(np.any(s) for s in states):
        return _not_attempted("Write reset_all_states(model).")
    if all(not np.any(s) for s in states):
        return Feedback(CORRECT, "every stateful layer is back to zeros.")
    return Feedback(INCORRECT, "some layer kept its state: loop over model.layers and call reset_state() on each RNN.")


# Notebook 03 -------------------------------------------------------------------------------


@_checker
def check_sequence_accuracy(sequence_accuracy: Callable[[np.ndarray, np.ndarray], float]) -> Feedback:
    """Exercise 03.1: ``sequence_accuracy(truth, predicted)``, the fraction of rows right at every step."""
    truth = np.array([[1, 2], [3, 4], [5, 6], [7, 8]])
    predicted = np.array([[1, 2], [3, 0], [0, 6], [7, 8]])
    got, error = _attempt(sequence_accuracy, "Write sequence_accuracy(truth, predicted).", truth, predicted)
    if error is not None:
        return error
    if np.isclose(got, 0.5):
        return Feedback(CORRECT, "2 of the 4 sequences are right at every step: 0.5.")
    if np.isclose(got, 0.75):
        return Feedback(
            INCORRECT, "that is the token accuracy (6 of 8 steps); a sequence counts only if all its steps are right."
        )
    return Feedback(INCORRECT, f"got {got!r} for 2 exact rows out of 4; compare whole rows (np.all along axis=-1).")


# Notebook 04 -------------------------------------------------------------------------------


@_checker
def check_inference_start(decoder_start: Callable[[np.ndarray], np.ndarray]) -> Feedback:
    """Exercise 04.1: ``decoder_start(X)`` gives the decoder's first input at inference, ``(batch, 1, 1)``."""
    X = np.array([[[0.0], [1.0], [2.0], [3.0]], [[5.0], [6.0], [7.0], [8.0]]])
    got, error = _attempt(decoder_start, "Write decoder_start(X).", X)
    if error is not None:
        return error
    got = np.asarray(got, dtype=float)
    if got.shape != (2, 1, 1):
        return Feedback(
            INCORRECT, f"give one start value per sequence, shape (batch, 1, 1) = (2, 1, 1), not {got.shape}."
        )
    if np.allclose(got, 0.0):
        return Feedback(CORRECT, "the decoder starts with 0 at inference, as it did in training.")
    if np.allclose(got[:, 0, 0], X[:, 0, 0] + 1):
        return Feedback(INCORRECT, "that is the source's bug: training fed 0 first, so inference must too.")
    return Feedback(INCORRECT, "look at the decoder input in training: what was its first step?")


@_checker
def check_offsets(offsets: Callable[[np.ndarray], np.ndarray]) -> Feedback:
    """Exercise 04.2: ``offsets(X)``, each sequence relative to its first value (translation invariant)."""
    X = np.array([[10, 11, 12, 13], [500, 501, 502, 503]])
    got, error = _attempt(offsets, "Write offsets(X).", X)
    if error is not None:
        return error
    got = np.asarray(got)
    expected = np.array([[0, 1, 2, 3], [0, 1, 2, 3]])
    if got.shape == expected.shape and np.allclose(got, expected):
        return Feedback(CORRECT, "both sequences look the same to the model, wherever they start.")
    if got.shape == (2, 3):
        return Feedback(INCORRECT, "keep every step (the first becomes 0) so the shape stays (batch, time).")
    return Feedback(INCORRECT, "subtract each sequence's first value from all of its steps: X - X[:, :1].")


# Notebook 05 -------------------------------------------------------------------------------


@_checker
def check_shift_right(shift_right: Callable[[np.ndarray], np.ndarray]) -> Feedback:
    """Exercise 05.1: ``shift_right(target)``, the decoder input: 0, then the target without its last step."""
    target = np.array([[12, 16, 32], [7, 8, 9]])
    got, error = _attempt(shift_right, "Write shift_right(target).", target)
    if error is not None:
        return error
    got = np.asarray(got)
    if got.shape == target.shape and np.array_equal(got, [[0, 12, 16], [0, 7, 8]]):
        return Feedback(CORRECT, "the decoder sees 0, then the true previous step.")
    if got.shape == target.shape and np.array_equal(got, [[16, 32, 0], [8, 9, 0]]):
        return Feedback(INCORRECT, "that shifts left; the decoder must see the PREVIOUS step, so shift right.")
    if got.shape == (2, 4):
        return Feedback(INCORRECT, "drop the target's last step so the decoder input keeps the target's length.")
    return Feedback(INCORRECT, "start every row with the start token 0, then the target without its last step.")


@_checker
def check_batched_decoder(
    decode: Callable[..., np.ndarray], encoder: keras.Model, decoder: keras.Model, source: np.ndarray
) -> Feedback:
    """Exercise 05.2: ``decode(encoder, decoder, source, n_steps)`` decodes a whole batch, argmax fed back.

    Compared with :func:`helpers.decoding.greedy_decode` on the notebook's own models.
    """
    from helpers.decoding import greedy_decode

    classes = int(decoder.inputs[0].shape[-1])
    start = np.eye(classes, dtype=np.float32)[0]
    got, error = _attempt(decode, "Write decode(encoder, decoder, source, n_steps).", encoder, decoder, source, 3)
    if error is not None:
        return error
    expected = greedy_decode(encoder, decoder, source, 3, start, feedback="argmax")
    got = np.asarray(got)
    if got.shape != expected.shape:
        return Feedback(INCORRECT, f"return (batch, n_steps, classes) = {expected.shape}, got {got.shape}.")
    if not np.array_equal(got.argmax(-1), expected.argmax(-1)):
        first_only = greedy_decode(encoder, decoder, source, 1, start, feedback="argmax")
        if np.array_equal(got.argmax(-1)[:, :1], first_only.argmax(-1)):
            return Feedback(
                INCORRECT, "the first step is right; feed each step's prediction and states into the next one."
            )
        return Feedback(INCORRECT, "encode once, start from the one-hot of 0, then call the decoder once per step.")
    return _check_decode_on_probe(decode, source, classes)


#: The untrained model the 05.2 check also decodes with: its outputs are far from one-hot, so a start
#: vector of zeros or the softmax fed back changes the predictions (on a 100 %-exact model they do not).
PROBE_UNITS, PROBE_SEED = 16, 0


def _check_decode_on_probe(decode: Callable[..., np.ndarray], source: np.ndarray, classes: int) -> Feedback:
    """Decode ``source`` with a fresh, untrained model as well, and compare the probabilities step by step.

    A trained model that predicts every sequence exactly gives the same predictions whatever the start
    vector and whatever is fed back, so the answer itself is checked here, where those choices show.
    """
    from helpers.decoding import greedy_decode
    from helpers.models import reverse_prefix_models

    one_hot_inside = np.asarray(source).ndim == 2  # integer tokens (batch, time), else one-hot (batch, time, classes)
    _, encoder, decoder = reverse_prefix_models(classes, PROBE_UNITS, one_hot_inside, seed=PROBE_SEED)
    got, error = _call(decode, encoder, decoder, source, 3)
    if error is not None:
        return error
    got = np.asarray(got, dtype=np.float64)
    one_hot_zero, zeros = np.eye(classes, dtype=np.float32)[0], np.zeros(classes, dtype=np.float32)
    variants = {
        (begin, feedback): greedy_decode(encoder, decoder, source, 3, vector, feedback=feedback)
        for begin, vector in (("one-hot", one_hot_zero), ("zeros", zeros))
        for feedback in ("argmax", "output")
    }
    if got.shape != variants["one-hot", "argmax"].shape:
        return Feedback(INCORRECT, f"return (batch, n_steps, classes) = {variants['one-hot', 'argmax'].shape}.")

    def same(step: int, variant: tuple[str, str]) -> bool:
        return bool(np.allclose(got[:, step], variants[variant][:, step], rtol=1e-3, atol=1e-6))

    if all(same(t, ("one-hot", "argmax")) for t in range(3)):
        return Feedback(
            CORRECT,
            "same predictions as the reference decoder for the whole batch at once, and the same probabilities "
            "on an untrained model too, where the start vector and the feedback show.",
        )
    if np.allclose(got.sum(-1), 1.0, atol=1e-3) and np.all((got == 0) | (got == 1)):
        return Feedback(INCORRECT, "return the decoder's probabilities at each step, not the one-hot of the argmax.")
    if not same(0, ("one-hot", "argmax")):
        if same(0, ("zeros", "argmax")):
            return Feedback(
                INCORRECT,
                "your first input is a vector of zeros (the source's way); in training the decoder's first input "
                "was the one-hot of the start token 0 (the trained model gives the same predictions only because "
                "it has learnt to ignore the difference).",
            )
        return Feedback(INCORRECT, "the first step differs: start every sequence from the one-hot of token 0.")
    if all(same(t, ("one-hot", "output")) for t in range(3)):
        return Feedback(
            INCORRECT,
            "you feed the softmax vector back (the source's way); feed back the one-hot of each step's most likely "
            "class, what the decoder saw in training (the trained model gives the same predictions only "
            "because it is sure of every token).",
        )
    return Feedback(INCORRECT, "the first step is right; feed back the one-hot of its argmax, and the new states.")


# Notebook 07 -------------------------------------------------------------------------------


@_checker
def check_padding_mask(padding_mask: Callable[[np.ndarray], np.ndarray]) -> Feedback:
    """Exercise 07.1: ``padding_mask(tokens)``, the mask ``Embedding(mask_zero=True)`` computes (``True`` on tokens)."""
    tokens = np.array([[8, 6, 13, 10, 0], [3, 13, 3, 0, 0]])
    got, error = _attempt(padding_mask, "Write padding_mask(tokens).", tokens)
    if error is not None:
        return error
    got = np.asarray(got)
    expected = tokens != 0
    if got.shape == expected.shape and np.array_equal(got.astype(bool), expected):
        if got.dtype != bool:
            return Feedback(INCORRECT, "the right positions, but Keras's mask holds booleans: compare, don't count.")
        return Feedback(CORRECT, "True on every real token, False on padding: what the LSTM receives as `mask`.")
    if got.shape == expected.shape and np.array_equal(got.astype(bool), ~expected):
        return Feedback(INCORRECT, "inverted: the mask is True where a step is *kept*, on the real tokens.")
    if got.shape == (2,):
        return Feedback(INCORRECT, "those look like lengths; the mask has one value per step, shape (batch, time).")
    return Feedback(INCORRECT, "the padding token is 0: one boolean per step, True where the token is not 0.")


@_checker
def check_left_pad(left_pad: Callable[[np.ndarray], np.ndarray]) -> Feedback:
    """Exercise 07.2: ``left_pad(tokens)`` moves each row's padding (0) from its end to its start."""
    tokens = np.array([[8, 6, 13, 10, 0], [3, 13, 3, 0, 0], [4, 5, 13, 6, 7]])
    got, error = _attempt(left_pad, "Write left_pad(tokens).", tokens)
    if error is not None:
        return error
    got = np.asarray(got)
    expected = np.array([[0, 8, 6, 13, 10], [0, 0, 3, 13, 3], [4, 5, 13, 6, 7]])
    if got.shape == expected.shape and np.array_equal(got, expected):
        return Feedback(CORRECT, "same tokens in the same order, padding first.")
    if got.shape == expected.shape and np.array_equal(got, tokens[:, ::-1]):
        return Feedback(INCORRECT, "reversing the row moves the padding but also reverses the sum: keep the order.")
    if got.shape != expected.shape:
        return Feedback(INCORRECT, f"keep the shape {expected.shape}: move the padding, don't drop or add any.")
    return Feedback(
        INCORRECT, "shift each row right by its number of padding steps (np.argsort on `tokens != 0` works)."
    )


# Notebook 08 -------------------------------------------------------------------------------


def _beam_step_reference(scores: np.ndarray, log_p: np.ndarray, width: int) -> tuple[np.ndarray, ...]:
    candidates = (scores[..., np.newaxis] + log_p).reshape(len(scores), -1)
    best = np.argsort(-candidates, axis=1, kind="stable")[:, :width]
    return best // log_p.shape[-1], best % log_p.shape[-1], np.take_along_axis(candidates, best, axis=1)


def _same_step(got: Any, expected: tuple[np.ndarray, ...]) -> bool:
    """Does a beam step's ``(parent, token, new_scores)`` match the reference (parents and tokens exactly)?"""
    if not (isinstance(got, tuple) and len(got) == 3):
        return False
    got = tuple(np.asarray(part) for part in got)
    return all(g.shape == e.shape for g, e in zip(got, expected, strict=True)) and all(
        np.array_equal(got[i], expected[i]) for i in (0, 1)
    )


@_checker
def check_beam_step(beam_step: Callable[[np.ndarray, np.ndarray, int], Any]) -> Feedback:
    """Exercise 08.1: ``beam_step(scores, log_p, width)`` -> ``(parent, token, new_scores)``, each ``(batch, width)``:
    the ``width`` best of the ``width × vocabulary`` candidates of every sequence, best first. Checked on a middle
    step and on the first one, where only slot 0 holds a hypothesis (the others score ``-inf``)."""
    rng = np.random.default_rng(8)
    scores = np.array([[-0.1, -2.0], [-0.5, -0.7], [-1.0, -1.1]])
    log_p = np.log(rng.dirichlet(np.ones(5), size=(3, 2)))
    got, error = _attempt(beam_step, "Write beam_step(scores, log_p, width).", scores, log_p, 2)
    if error is not None:
        return error
    expected = _beam_step_reference(scores, log_p, 2)
    if not (isinstance(got, tuple) and len(got) == 3):
        return Feedback(INCORRECT, "return a tuple (parent, token, new_scores), each of shape (batch, width).")
    if _same_step(got, expected):
        if not np.allclose(np.asarray(got[2]), expected[2]):
            return Feedback(INCORRECT, "the right candidates; their new score is the hypothesis's score plus log_p.")
        first = np.array([[0.0, -np.inf]] * 3)
        got_first, error = _call(beam_step, first, log_p, 2)
        if error is not None:
            return error
        if not _same_step(got_first, _beam_step_reference(first, log_p, 2)):
            return Feedback(
                INCORRECT,
                "right on a middle step, wrong on the first, where only slot 0 holds a hypothesis (the others score "
                "-inf): the best candidates must all come from slot 0.",
            )
        return Feedback(CORRECT, "one argsort over the width × vocabulary candidates of each sequence.")
    if np.array_equal(np.asarray(got[1]), _beam_step_reference(np.zeros_like(scores), log_p, 2)[1]):
        return Feedback(INCORRECT, "add each hypothesis's score to its tokens' log-probabilities before ranking.")
    if np.array_equal(np.asarray(got[1]), log_p.argmax(axis=-1)):
        return Feedback(
            INCORRECT,
            "that is greedy decoding inside each hypothesis: rank all width × vocabulary candidates of a sequence "
            "together (reshape to (batch, width * vocabulary)).",
        )
    return Feedback(
        INCORRECT,
        "flatten the candidates to (batch, width * vocabulary), take the `width` best with np.argsort, then "
        "parent = index // vocabulary and token = index % vocabulary.",
    )


def check_beam_prediction(prediction: Any, measured: Any) -> Feedback:
    """Exercise 08.2: the predicted, then measured, change in exact match from width 1 to width 5 with 32 units.

    The measurement must lie in the seed study's range (TensorFlow and JAX, 0.01 wider for other CPUs); the
    prediction's sign is graded, since the wider beam lost exact match on every recorded seed of both backends.
    """
    from helpers.course import seed_range

    ranges = [seed_range("08", f"{backend}32 units: width 5 minus width 1") for backend in ("", "jax: ")]
    low, high = min(r[0] for r in ranges), max(r[1] for r in ranges)
    feedback = check_prediction(prediction, measured, (low - 0.01, high + 0.01), "change in exact match")
    if feedback.status != CORRECT or float(prediction) < 0:
        return feedback
    return Feedback(
        INCORRECT,
        f"you predicted {float(prediction):+.3f}: a beam that helps or changes nothing. It changed exact match by "
        f"{float(measured):+.3f} here, and lost on every recorded seed ({low:+.3f} to {high:+.3f}). Why can a search "
        "that finds answers the model scores higher give more wrong answers?",
    )


# Notebook 06 -------------------------------------------------------------------------------


COPY_PATTERNS = ("diagonal", "anti-diagonal", "uniform", "last column")


@_checker
def check_copy_attention(answer: Any) -> Feedback:
    """Exercise 06.1: the predicted shape of the attention map when the task is copying, not reversing."""
    if _unanswered(answer):
        return _not_attempted("Set COPY_PATTERN to one of " + ", ".join(repr(p) for p in COPY_PATTERNS) + ".")
    if answer not in COPY_PATTERNS:
        return Feedback(INCORRECT, f"choose one of {COPY_PATTERNS}, got {answer!r}.")
    if answer == "diagonal":
        return Feedback(
            CORRECT,
            "output step t copies the t-th real token, so the bright cells run down from the first real "
            'source position (top left of the real tokens) to the last. Now pass task="copy" to both '
            "variable_length_dataset calls and measure it.",
        )
    hints = {
        "anti-diagonal": "that is reversal's map: in a copy, the first output is the first token, not the last.",
        "uniform": "a uniform map would average all tokens; each output needs exactly one source token.",
        "last column": "the last position is where the bottleneck reads; attention can read any position.",
    }
    return Feedback(INCORRECT, hints[answer])


@_checker
def check_aligned_position(aligned_position: Callable[[int, int, int, str], int]) -> Feedback:
    """Exercise 06.2: ``aligned_position(step, length, time_in, task)``, the source index output ``step`` copies."""
    cases = [(0, 3, 5, "reverse", 4), (2, 3, 5, "reverse", 2), (0, 3, 5, "copy", 2), (2, 3, 5, "copy", 4)]
    cases += [(1, 4, 4, "copy", 1), (3, 4, 4, "reverse", 0)]
    for step, length, time_in, task, expected in cases:
        got, error = _attempt(
            aligned_position, "Write aligned_position(step, length, time_in, task).", step, length, time_in, task
        )
        if error is not None:
            return error
        if got != expected:
            hint = (
                "remember the left padding: a source of length k starts at position time_in - k."
                if task == "copy"
                else "reversal's first output is the source's last position, time_in - 1."
            )
            return Feedback(
                INCORRECT,
                f"aligned_position({step}, {length}, {time_in}, {task!r}) should be {expected}, got {got!r}; {hint}",
            )
    return Feedback(CORRECT, "reversal reads time_in - 1 - step, copy reads time_in - length + step.")


# Notebook 09 -------------------------------------------------------------------------------


# _checker wraps it at the end of the module, around its argument checks
def check_study_prediction(
    prediction: Any, measured: Any, chapter: str, claim: str, quantity: str, room: float
) -> Feedback:
    """A predict-then-measure exercise whose changed experiment has a seed study in ``benchmarks/results.json``.

    ``claim`` names the experiment's entry in ``seeds[chapter]``; the accepted range is the seed study's min..max
    widened on each side by a quarter of its spread plus ``room`` (in the quantity's unit), for other CPUs.
    """
    from helpers.course import seed_range

    low, high = seed_range(chapter, claim)
    widen = (high - low) / 4 + room
    return check_prediction(prediction, measured, (low - widen, high + widen), quantity)


def check_forecast_prediction(prediction: Any, measured: Any, claim: str) -> Feedback:
    """Exercises 09.1 and 09.2: a predicted test MAE (ppm), then the measured one, against the seed study's range
    (:func:`check_study_prediction`, with 0.02 ppm of room)."""
    return check_study_prediction(prediction, measured, "09", claim, "test MAE in ppm", room=0.02)


# Argument checks, applied by _checks.install below: never on the learner's answer ---------------------------------


def _range(name: str, expected: object) -> tuple[float, float]:
    try:
        low, high = (float(bound) for bound in expected)
    except (TypeError, ValueError):
        raise TypeError(f"{name} must be a (low, high) pair of numbers, got {expected!r}") from None
    if not np.isfinite([low, high]).all() or low > high:
        raise ValueError(f"{name} must be a finite (low, high) range with low <= high, got {expected!r}")
    return low, high


def _exercise_claim(name: str, claim: object) -> str:
    if not isinstance(claim, str) or not claim.startswith("exercise_"):
        raise ValueError(f"{name} must name an exercise of seeds.09 such as 'exercise_levels_mae', got {claim!r}")
    return claim


_checks.install(
    globals(),
    rules={
        "check_prediction": {
            "expected": _checks.named("a finite (low, high) range, low <= high", _range),
            "quantity": _checks.NAME,
        },
        "check_batched_decoder": {"encoder": _checks.MODEL, "decoder": _checks.MODEL},
        "check_forecast_prediction": {"claim": _checks.named("a claim id 'exercise_...' of seeds.09", _exercise_claim)},
        "check_study_prediction": {
            "chapter": _checks.NAME,
            "claim": _checks.NAME,
            "quantity": _checks.NAME,
            "room": _checks.POSITIVE,
        },
    },
)
# These answer a bad range or claim with Feedback too (as before): _checker goes around their argument checks.
check_prediction = _checker(check_prediction)
check_study_prediction = _checker(check_study_prediction)
check_forecast_prediction = _checker(check_forecast_prediction)
check_beam_prediction = _checker(check_beam_prediction)
