"""Every exercise checker accepts the reference solution, rejects the typical wrong answers with a hint,
and reports "not attempted" for the untouched starter."""

import importlib.util
import json
from pathlib import Path
from types import ModuleType

import numpy as np
import pytest

import helpers.course
import helpers.repro
from helpers import exercises as ex

SOLUTIONS = Path(__file__).resolve().parents[1] / "solutions"


def solution(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, SOLUTIONS / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def starter(*args):
    """The starter cells' function body is `...`: it returns None."""


def raises(*args):
    raise RuntimeError("boom")


def assert_incorrect(feedback: ex.Feedback, hint: str) -> None:
    assert feedback.status == ex.INCORRECT and hint in feedback.message, repr(feedback)
    assert repr(feedback).startswith("❌ Not yet: ")


@pytest.mark.parametrize(
    ("check", "answer"),
    [
        (ex.check_lstm_params, starter),
        (ex.check_sequence_output_shape, ...),
        (ex.check_sequence_output_shape, None),
        (ex.check_windows_and_batches, ...),
        (ex.check_sequence_accuracy, starter),
        (ex.check_inference_start, starter),
        (ex.check_offsets, starter),
        (ex.check_shift_right, starter),
        (ex.check_padding_mask, starter),
        (ex.check_left_pad, starter),
        (ex.check_beam_step, lambda *args: None),
        (ex.check_copy_attention, ...),
        (ex.check_aligned_position, lambda *args: None),
    ],
)
def test_untouched_starter_is_not_attempted(check, answer):
    feedback = check(answer)
    assert feedback.status == ex.NOT_ATTEMPTED and not feedback
    assert repr(feedback).startswith("⏳ Not attempted yet: ")


@pytest.mark.parametrize(
    ("check", "answer"),
    [
        (ex.check_lstm_params, solution("01_timedistributed").lstm_params),
        (ex.check_sequence_output_shape, solution("01_timedistributed").SEQUENCE_OUTPUT_SHAPE),
        (ex.check_windows_and_batches, solution("02_stateful_echo").WINDOWS_AND_BATCHES),
        (ex.check_sequence_accuracy, solution("03_repeatvector_encoder_decoder").sequence_accuracy),
        (ex.check_inference_start, solution("04_teacher_forcing").decoder_start),
        (ex.check_offsets, solution("04_teacher_forcing").offsets),
        (ex.check_shift_right, solution("05_reverse_prefix_seq2seq").shift_right),
        (ex.check_copy_attention, solution("06_attention").COPY_PATTERN),
        (ex.check_aligned_position, solution("06_attention").aligned_position),
        (ex.check_padding_mask, solution("07_real_sequences").padding_mask),
        (ex.check_left_pad, solution("07_real_sequences").left_pad),
        (ex.check_beam_step, solution("08_search_and_saving").beam_step),
    ],
)
def test_solution_is_accepted(check, answer):
    feedback = check(answer)
    assert feedback and repr(feedback).startswith("✅ Correct: ")


@pytest.mark.parametrize(
    ("check", "answer", "hint"),
    [
        (ex.check_lstm_params, lambda i, u: (i + 1) * u + u**2, "four gates"),
        (ex.check_lstm_params, lambda i, u: 4 * (i * u + u**2), "bias"),
        (ex.check_lstm_params, lambda i, u: 4 * (i + 1) * u, "recurrent weights"),
        (ex.check_lstm_params, lambda i, u: 0, "count, for one gate"),
        (ex.check_lstm_params, raises, "raised RuntimeError: boom"),
        (ex.check_lstm_params, 140, "expected a function"),
        (ex.check_sequence_output_shape, (3, 1), "keeps the time axis"),
        (ex.check_sequence_output_shape, (3, 4, 7), "Dense(1) then acts"),
        (ex.check_sequence_output_shape, "3x4x1", "tuple of integers"),
        (ex.check_windows_and_batches, (21, 4), "count the window starts"),
        (ex.check_windows_and_batches, (20, 20), "5 at a time"),
        (ex.check_sequence_accuracy, lambda t, p: float(np.mean(t == p)), "token accuracy"),
        (ex.check_sequence_accuracy, lambda t, p: 1.0, "compare whole rows"),
        (ex.check_inference_start, lambda X: X[:, :1] + 1, "the source's bug"),
        (ex.check_inference_start, lambda X: np.zeros(len(X)), "shape (batch, 1, 1)"),
        (ex.check_inference_start, lambda X: X[:, :1], "what was its first step"),
        (ex.check_offsets, lambda X: np.diff(X, axis=1)[:, :3], "keep every step"),
        (ex.check_offsets, lambda X: X - X.mean(), "X - X[:, :1]"),
        (ex.check_shift_right, lambda t: np.concatenate([t[:, 1:], np.zeros((len(t), 1), int)], 1), "shifts left"),
        (ex.check_shift_right, lambda t: np.concatenate([np.zeros((len(t), 1), int), t], 1), "drop the target's last"),
        (ex.check_shift_right, lambda t: t, "start every row"),
        (ex.check_copy_attention, "anti-diagonal", "reversal"),
        (ex.check_copy_attention, "spiral", ""),
        (ex.check_aligned_position, lambda s, n, t, task: t - 1 - s if task == "reverse" else s, "left padding"),
        (ex.check_aligned_position, lambda *args: 1 / 0, "ZeroDivisionError"),
        (ex.check_padding_mask, lambda t: t == 0, "inverted"),
        (ex.check_padding_mask, lambda t: (t != 0).astype(int), "holds booleans"),
        (ex.check_padding_mask, lambda t: (t != 0).sum(1), "look like lengths"),
        (ex.check_padding_mask, lambda t: t > 3, "True where the token is not 0"),
        (ex.check_padding_mask, raises, "raised RuntimeError"),
        (ex.check_left_pad, lambda t: t[:, ::-1], "keep the order"),
        (ex.check_left_pad, lambda t: t[:, :4], "keep the shape"),
        (ex.check_left_pad, lambda t: np.roll(t, 1, axis=1), "shift each row right"),
        (ex.check_beam_step, lambda s, lp, w: solution("08_search_and_saving").beam_step(s * 0, lp, w), "add each"),
        (ex.check_beam_step, lambda s, lp, w: (np.zeros_like(s, int), lp.argmax(-1), s), "greedy decoding inside"),
        (ex.check_beam_step, lambda s, lp, w: solution("08_search_and_saving").beam_step(s, lp, w)[:2], "a tuple"),
        (ex.check_beam_step, lambda s, lp, w: (np.zeros_like(s, int),) * 3, "flatten the candidates"),
        (
            ex.check_beam_step,
            lambda s, lp, w: solution("08_search_and_saving").beam_step(np.where(np.isinf(s), 0, s), lp, w),
            "first",
        ),
    ],
)
def test_typical_wrong_answer_gets_a_hint(check, answer, hint):
    assert_incorrect(check(answer), hint)


def test_the_aligned_position_solution_agrees_with_aligned_weight():
    """Notebook 06's solution positions are the ones helpers.metrics.aligned_weight scores."""
    from helpers.metrics import aligned_weight

    for task in ("reverse", "copy"):
        weights = np.zeros((1, 5, 5))
        for step in range(3):
            weights[0, step, solution("06_attention").aligned_position(step, 3, 5, task)] = 1.0
        assert aligned_weight(weights, [3], task) == 1.0


def test_reset_all_states(keras):
    assert ex.check_reset_all_states(solution("02_stateful_echo").reset_all_states)
    assert ex.check_reset_all_states(starter).status == ex.NOT_ATTEMPTED
    first_layer_only = lambda model: model.layers[1].reset_state()  # noqa: E731
    assert_incorrect(ex.check_reset_all_states(first_layer_only), "loop over model.layers")
    assert_incorrect(ex.check_reset_all_states(lambda model: model.reset_states()), "raised AttributeError")


@pytest.fixture(scope="module")
def seq2seq(keras):
    """A tiny untrained encoder/decoder pair over 6 classes, shaped like notebook 05's (seeded: same weights always)."""
    helpers.repro.seed_everything(0)
    classes, units = 6, 4
    source_in = keras.Input((None, classes))
    _, h, c = keras.layers.LSTM(units, return_state=True)(source_in)
    step, h_in, c_in = keras.Input((None, classes)), keras.Input((units,)), keras.Input((units,))
    lstm = keras.layers.LSTM(units, return_sequences=True, return_state=True)
    out, h_out, c_out = lstm(step, initial_state=[h_in, c_in])
    probabilities = keras.layers.Dense(classes, activation="softmax")(out)
    encoder = keras.Model(source_in, [h, c])
    decoder = keras.Model([step, h_in, c_in], [probabilities, h_out, c_out])
    source = np.eye(classes, dtype=np.float32)[np.random.default_rng(0).integers(1, classes, (8, 5))]
    return encoder, decoder, source


def test_batched_decoder(seq2seq):
    encoder, decoder, source = seq2seq
    assert ex.check_batched_decoder(solution("05_reverse_prefix_seq2seq").decode, encoder, decoder, source)
    assert ex.check_batched_decoder(starter, encoder, decoder, source).status == ex.NOT_ATTEMPTED

    def no_feedback(enc, dec, src, n_steps):
        """Feeds the start token at every step: only the first step can be right."""
        states = [np.asarray(s) for s in enc(src)]
        start = np.zeros((len(src), 1, 6), np.float32)
        start[:, 0, 0] = 1
        outputs = []
        for _ in range(n_steps):
            probabilities, *states = (np.asarray(t) for t in dec([start, *states]))
            outputs.append(probabilities[:, 0])
        return np.stack(outputs, 1)

    # The fixture's seeded model does not predict the start token at every step, so this is wrong, every run.
    assert_incorrect(ex.check_batched_decoder(no_feedback, encoder, decoder, source), "feed each step's prediction")
    assert_incorrect(ex.check_batched_decoder(lambda *a: np.zeros((8, 2, 6)), encoder, decoder, source), "(8, 3, 6)")


def test_batched_decoder_on_notebook_05_models_with_integer_sources(keras):
    """Notebook 05 passes integer tokens: its encoder one-hot encodes inside the model."""
    from helpers.models import reverse_prefix_models

    helpers.repro.seed_everything(0)
    _, encoder, decoder = reverse_prefix_models(cardinality=6, units=4)
    source = np.random.default_rng(0).integers(1, 6, (8, 5))
    assert ex.check_batched_decoder(solution("05_reverse_prefix_seq2seq").decode, encoder, decoder, source)
    assert ex.check_batched_decoder(starter, encoder, decoder, source).status == ex.NOT_ATTEMPTED
    assert_incorrect(ex.check_batched_decoder(lambda *a: np.zeros((8, 2, 6)), encoder, decoder, source), "(8, 3, 6)")


@pytest.mark.parametrize(
    ("check", "junk"),
    [
        (ex.check_lstm_params, lambda *a: [1, 2]),
        (ex.check_lstm_params, lambda *a: {}),
        (ex.check_sequence_accuracy, lambda *a: "abc"),
        (ex.check_sequence_accuracy, lambda *a: np.ones((2, 2))),
        (ex.check_inference_start, lambda *a: "abc"),
        (ex.check_inference_start, lambda *a: {}),
        (ex.check_offsets, lambda *a: "abc"),
        (ex.check_shift_right, lambda *a: {}),
    ],
)
def test_checkers_answer_junk_with_feedback(check, junk):
    assert_incorrect(check(junk), "")


def test_prediction_checker_compares_a_prediction_with_a_measurement_in_the_seed_range():
    def check(prediction, measured):
        return ex.check_prediction(prediction, measured, expected=(0.4, 0.7), quantity="token accuracy")

    assert check(..., ...).status == ex.NOT_ATTEMPTED
    assert "run the changed experiment" in check(0.5, ...).message
    assert_incorrect(check(0.5, 0.95), "did you make the change")
    assert_incorrect(check(0.5, "n/a"), "could not be checked")
    assert check(0.5, 0.6) and "in that range too" in check(0.5, 0.6).message
    assert check(0.9, 0.6) and "0.3 away" in check(0.9, 0.6).message


@pytest.mark.parametrize(("expected", "quantity"), [((0.7, 0.4), "accuracy"), ((0.1, float("nan")), "accuracy")])
def test_prediction_checker_refuses_a_bad_range(expected, quantity):
    feedback = ex.check_prediction(0.5, 0.5, expected=expected, quantity=quantity)
    assert feedback.status == ex.INCORRECT and "expected must be" in feedback.message


def study_check(notebook: str, prediction: float, call: int = 0):
    """The ``call``-th ``check_study_prediction`` call of ``notebook``, with the chapter, claim and room the notebook
    passes, as a function of the measurement; and the chapter's seed study from ``benchmarks/results.json``."""
    import re

    cells = json.loads((SOLUTIONS.parent / "notebooks" / f"{notebook}.ipynb").read_text(encoding="utf-8"))["cells"]
    code = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")
    call = re.findall(r"check_study_prediction\((.*?)\n\)", code, flags=re.S)[call]
    chapter, claim = (re.search(rf'{key}="([^"]+)"', call).group(1) for key in ("chapter", "claim"))
    room = float(re.search(r"room=([0-9.]+)", call).group(1))
    study = json.loads(helpers.course.RESULTS.read_text(encoding="utf-8"))["seeds"][chapter]

    def check(measured):
        return ex.check_study_prediction(prediction, measured, chapter, claim, "x", room)

    return check, study, claim


def test_exercise_01_3_range_tells_the_change_from_the_unchanged_run_and_the_half_changes():
    """Notebook 01's check accepts every seed of 100 steps at 0.01 and refuses every seed of the unchanged run
    (1,000 steps at 0.001) and of the two half-changes."""
    check, study, claim = study_check("01_timedistributed", solution("01_timedistributed").PREDICTION_100_STEPS_AT_0_01)
    assert claim == "exercise_log10_loss_100_steps_at_0_01"
    assert all(check(m) for m in study[claim]["seeds"])
    for other in ("one_to_one_log10_final_loss", "log10_loss_100_steps_at_0_001", "log10_loss_1000_steps_at_0_01"):
        assert not any(check(m) for m in study[other]["seeds"]), other


def test_exercise_02_3_range_holds_every_seed_of_the_change():
    """Notebook 02's check accepts every seed of the no-reset run; the unchanged run scores the same, so the notebook
    does not measure until the change is made."""
    check, study, claim = study_check("02_stateful_echo", solution("02_stateful_echo").PREDICTION_NO_RESET)
    assert claim == "exercise_no_reset_accuracy"
    assert all(check(m) for m in study[claim]["seeds"])


def test_exercise_02_4_range_tells_the_wider_simple_rnn_from_the_lstm():
    """Notebook 02's exercise 4 accepts every seed of the 64-unit SimpleRNN and refuses every seed of the LSTM."""
    prediction = solution("02_stateful_echo").PREDICTION_WIDER_SIMPLE_RNN
    check, study, claim = study_check("02_stateful_echo", prediction, call=1)
    assert claim == "exercise 4, SimpleRNN 64 units: mse"
    assert all(check(m) for m in study[claim]["seeds"])
    assert not any(check(m) for m in study["adding, LSTM, notebook: mse"]["seeds"])


def test_study_prediction_widens_the_seed_range_by_a_quarter_of_its_spread_plus_the_room(tmp_path, monkeypatch):
    results = tmp_path / "results.json"
    results.write_text(json.dumps({"seeds": {"99": {"c": {"min": 1.0, "median": 2.0, "max": 3.0}}}}), encoding="utf-8")
    monkeypatch.setattr(helpers.course, "RESULTS", results)
    assert ex.check_study_prediction(2.0, 0.41, "99", "c", "x", room=0.1)  # 1 - 0.5 - 0.1 = 0.4
    assert_incorrect(ex.check_study_prediction(2.0, 0.39, "99", "c", "x", room=0.1), "change")


def test_exercise_03_2_range_holds_every_seed_of_the_change():
    """Notebook 03's check accepts every seed of the fix at 32 units; the unchanged run (64 units) is not measured
    by the notebook, whose cell refuses to run until the change is made."""
    check, study, claim = study_check("03_repeatvector_encoder_decoder", 0.9)
    assert claim == "4 steps, fix, 32 units: seq"
    assert all(check(m) for m in study[claim]["seeds"])


def test_exercise_04_3_range_tells_20_epochs_from_80():
    check, study, claim = study_check("04_teacher_forcing", solution("04_teacher_forcing").PREDICTION_QUARTER_EPOCHS)
    assert claim == "exercise 4.3, 20 epochs: MAE"
    assert all(check(m) for m in study[claim]["seeds"])
    assert not any(check(m) for m in study["both fixes: MAE"]["seeds"])


# Exercise 05.2 on a model as sure of itself as notebook 05's -------------------------------------


def decode_variant(start_zeros: bool = False, softmax_feedback: bool = False):
    """The reference solution with one of the source's two choices: a zero start vector, the softmax fed back."""

    def decode(encoder, decoder, source, n_steps):
        states = [np.asarray(s) for s in encoder(source)]
        classes = decoder.inputs[0].shape[-1]
        step = np.zeros((len(source), 1, classes), dtype=np.float32)
        if not start_zeros:
            step[:, 0, 0] = 1.0
        outputs = []
        for _ in range(n_steps):
            probabilities, *states = (np.asarray(t) for t in decoder([step, *states]))
            outputs.append(probabilities[:, 0])
            step = probabilities if softmax_feedback else np.eye(classes, dtype=np.float32)[probabilities.argmax(-1)]
        return np.stack(outputs, axis=1)

    return decode


@pytest.fixture(scope="module")
def confident(keras):
    """Notebook 05's model shape, made as sure of one token as a trained model is of the right one.

    Its predictions cannot tell a zero start or softmax feedback from the right answer: the check must.
    """
    from helpers.models import reverse_prefix_models

    _, encoder, decoder = reverse_prefix_models(cardinality=6, units=4, seed=0)
    head = decoder.get_layer("head")
    kernel, bias = head.get_weights()
    head.set_weights([kernel, np.where(np.arange(6) == 3, 30.0, 0.0).astype(bias.dtype)])
    source = np.random.default_rng(0).integers(1, 6, (8, 5))
    return encoder, decoder, source


def test_batched_decoder_catches_the_sources_choices_where_predictions_cannot(confident):
    from helpers.decoding import greedy_decode

    encoder, decoder, source = confident
    zeros = np.zeros(6, np.float32)
    variants = [greedy_decode(encoder, decoder, source, 3, zeros, f).argmax(-1) for f in ("argmax", "output")]
    assert np.array_equal(*variants)  # on this model the predictions are the same whatever the choice
    assert ex.check_batched_decoder(solution("05_reverse_prefix_seq2seq").decode, encoder, decoder, source)
    zero_start = ex.check_batched_decoder(decode_variant(start_zeros=True), encoder, decoder, source)
    assert_incorrect(zero_start, "your first input is a vector of zeros")
    softmax = ex.check_batched_decoder(decode_variant(softmax_feedback=True), encoder, decoder, source)
    assert_incorrect(softmax, "you feed the softmax vector back")
    both = ex.check_batched_decoder(decode_variant(True, True), encoder, decoder, source)
    assert_incorrect(both, "vector of zeros")
    argmax_only = ex.check_batched_decoder(
        lambda *a: np.eye(6)[decode_variant()(*a).argmax(-1)], encoder, decoder, source
    )
    assert_incorrect(argmax_only, "not the one-hot of the argmax")


def test_prediction_range_of_exercise_05_3_holds_the_changed_run_and_not_the_unchanged_one():
    """Every seed of the changed run (original order) falls inside; no seed of the unchanged run (reversed) does."""
    check, study, claim = study_check("05_reverse_prefix_seq2seq", 0.5)
    assert claim == "original_order_6"
    assert all(check(m) for m in study[claim]["seeds"])
    assert not any(check(m) for m in study["reversed_6"]["seeds"])


@pytest.mark.slow
def test_prediction_of_exercise_05_3_against_the_solutions_run(keras):
    measured = solution("05_reverse_prefix_seq2seq").original_order_exact_match()
    check, _, _ = study_check("05_reverse_prefix_seq2seq", 0.5)
    assert check(measured)


def test_exercise_08_2_grades_the_sign_of_the_prediction():
    """A measurement in the study's range with a negative prediction is right; a prediction of no change or of a
    gain is told that the beam lost on every recorded seed; an unattempted exercise says so."""
    study = json.loads(helpers.course.RESULTS.read_text(encoding="utf-8"))["seeds"]["08"]
    measured = study["32 units: width 5 minus width 1"]["median"]
    assert ex.check_beam_prediction(solution("08_search_and_saving").PREDICTION_32_UNITS, measured)
    for prediction in (0.0, 0.02):
        assert_incorrect(ex.check_beam_prediction(prediction, measured), "lost on every recorded seed")
    assert ex.check_beam_prediction(..., measured).status == ex.NOT_ATTEMPTED
