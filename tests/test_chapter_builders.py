"""The builders, data and training functions that notebooks 02-05 and their benchmarks share, from helpers."""

import numpy as np
import pytest

from helpers.data import echo_data, echo_windows, reverse_prefix_dataset, source_style_reverse_prefix
from helpers.decoding import exact_match, greedy_decode, source_style_decode
from helpers.encoding import one_hot
from helpers.metrics import numpy_gflops, probability_of_truth, sequence_accuracy
from helpers.models import repeat_vector_model, reverse_prefix_models, seq2seq_flops_per_sample, teacher_forced_models
from helpers.training import (
    START,
    FitConfig,
    encode_source,
    fit_repeat_vector,
    fit_teacher_forced,
    predict_repeat_vector,
    predict_teacher_forced,
    train_and_score,
)

#: Results of float32 arithmetic: `make test` runs this file again with oneDNN off (tools/course.py NUMERICS).
pytestmark = pytest.mark.numerics


def test_echo_windows_are_every_window_of_each_sequence_in_order():
    x, y = echo_windows(2, 3, rng=0)
    assert x.shape == (42, 5) and y.shape == (42, 3) and x.dtype == np.int64
    np.testing.assert_array_equal(y, x[:, :3])
    np.testing.assert_array_equal(x[1, :4], x[0, 1:])  # stride 1 within a sequence
    np.testing.assert_array_equal(echo_windows(2, 3, rng=0)[0], x)


def test_echo_data_one_hot_matches_its_integers():
    X, integers = echo_data(2, seed=1)
    assert X.shape == (40, 6, 100) and integers.shape == (40, 6)
    np.testing.assert_array_equal(X.argmax(-1), integers)


def test_source_style_reverse_prefix_is_the_same_task():
    X1, X2, y = source_style_reverse_prefix(20, seed=0)
    assert X1.shape == (20, 6, 51) and X2.shape == y.shape == (20, 3, 51)
    source, target = X1.argmax(-1), y.argmax(-1)
    np.testing.assert_array_equal(target, source[:, 2::-1])
    np.testing.assert_array_equal(X2.argmax(-1)[:, 1:], target[:, :-1])
    assert (X2.argmax(-1)[:, 0] == 0).all() and source.min() >= 1


def test_flops_formula_of_notebook_05():
    assert seq2seq_flops_per_sample(6, 3, 51, 128) == 5_066_496


def test_probability_of_truth_exact():
    probabilities = np.array([[0.1, 0.9], [0.6, 0.4]])
    assert probability_of_truth(probabilities, np.array([1, 1])) == pytest.approx(0.65)


def test_numpy_gflops_is_a_positive_rate():
    assert numpy_gflops(8, 8, 8, 2) > 0


def test_fit_config_validates_when_made():
    with pytest.raises(ValueError, match="^batch_size must be >= 1"):
        FitConfig(epochs=1, batch_size=0, learning_rate=0.1)
    with pytest.raises(ValueError, match=r"^validation_split must be a number in \[0, 1\)"):
        FitConfig(epochs=1, batch_size=2, learning_rate=0.1, validation_split=1.5)
    assert FitConfig(epochs=2, batch_size=4, learning_rate=0.1, validation_split=0.25).steps(16) == 6


def test_encode_source_reverses_each_window():
    windows = np.array([[1, 2, 3]])
    np.testing.assert_array_equal(encode_source(windows, reverse=True, classes=4).argmax(-1), [[3, 2, 1]])


def test_repeat_vector_model_counts_and_seeds(keras):
    model = repeat_vector_model(2)
    assert model.count_params() == 4 * (100 + 64 + 1) * 64 + 4 * (64 + 64 + 1) * 64 + 64 * 100 + 100 == 81_764
    again = repeat_vector_model(2)
    for a, b in zip(model.get_weights(), again.get_weights(), strict=True):
        np.testing.assert_array_equal(a, b)  # the builder seeds itself


def test_teacher_forced_models_share_layers(keras):
    train, encoder, decoder = teacher_forced_models(units=4)
    assert encoder.count_params() + decoder.count_params() == train.count_params()
    assert decoder.inputs[0].shape[-1] == START + 1


def test_notebook_03_fit_and_predict_are_repeatable(keras):
    x, y = echo_windows(2, 2, rng=5)
    first = predict_repeat_vector(fit_repeat_vector(2, n_sequences=2, epochs=1), x)
    again = predict_repeat_vector(fit_repeat_vector(2, n_sequences=2, epochs=1), x)
    assert first.shape == y.shape and np.array_equal(first, again)
    assert predict_teacher_forced(fit_teacher_forced(2, n_sequences=2), x, 2).shape == y.shape


def test_exact_match_and_the_source_loop_agree_with_greedy_decode(keras):
    _, encoder, decoder = reverse_prefix_models(cardinality=6, units=4, seed=0)
    source, _, target = reverse_prefix_dataset(8, n_in=5, n_out=3, cardinality=6, rng=0)
    start = one_hot(0, 6)
    decoded = greedy_decode(encoder, decoder, source, 3, start)
    assert exact_match(encoder, decoder, source, target) == sequence_accuracy(target, decoded.argmax(-1))
    loop = source_style_decode(encoder, decoder, source[:1], 3)
    zeros = greedy_decode(encoder, decoder, source[:1], 3, np.zeros(6), feedback="output")
    np.testing.assert_allclose(loop, zeros[0], atol=1e-5)


def test_train_and_score_returns_two_accuracies(keras):
    exact, token = train_and_score(1, n_samples=64)
    assert 0 <= exact <= 1 and exact == token  # one output step: a sequence is one token


# Notebook 03 at the source's settings -----------------------------------------------------------------------


def test_step_accuracy_and_repeat_share():
    from helpers.metrics import repeat_share, step_accuracy

    truth = np.array([[35, 66, 12, 21], [21, 97, 74, 15]])
    predicted = np.array([[35, 35, 66, 66], [21, 97, 74, 15]])  # the source's failure, and a right window
    np.testing.assert_array_equal(step_accuracy(truth, predicted), [1.0, 0.5, 0.5, 0.5])
    assert repeat_share(predicted) == 0.5 and repeat_share(truth) == 0.0
    assert repeat_share([[12, 62, 12, 8]]) == 1.0  # a repeat need not be of the step before
    with pytest.raises(ValueError, match="^truth must be 2-D"):
        step_accuracy([1, 2], [1, 2])
    with pytest.raises(ValueError, match="^sequences must be a non-empty 2-D array"):
        repeat_share([1, 2])


def test_the_stateless_twin_trains_exactly_as_the_sources_stateful_calls(keras):
    """fit_source_regime (one stateless fit, batches of 21 in order) == the source's fit + reset per sequence."""
    from helpers.training import CLASSES, fit_source_regime, reset_stateful_layers

    twin, losses = fit_source_regime(2, units=8, n_steps=3, seed=4)
    x, y = echo_windows(3, 2, rng=4)  # the windows fit_source_regime draws with seed 4
    X, Y = one_hot(x, CLASSES), one_hot(y, CLASSES)
    stateful = repeat_vector_model(2, source_optimizer=True, stateful=True, units=8, seed=4)
    calls = []
    for k in range(3):
        rows = slice(21 * k, 21 * (k + 1))
        calls.append(stateful.fit(X[rows], Y[rows], batch_size=21, shuffle=False, verbose=0).history["loss"][0])
        reset_stateful_layers(stateful)
    assert losses.shape == (3,)
    np.testing.assert_allclose(losses, calls, rtol=1e-4)  # each step's own loss, as the source printed it
    for a, b in zip(twin.get_weights(), stateful.get_weights(), strict=True):
        np.testing.assert_allclose(a, b, atol=1e-5)


def test_repeat_vector_state_model_changes_only_the_initial_state(keras):
    from helpers.models import repeat_vector_state_model

    plain, with_state = repeat_vector_model(4, units=8, seed=2), repeat_vector_state_model(4, units=8, seed=2)
    assert with_state.count_params() == plain.count_params()  # the same layers, wired differently
    with_state.set_weights(plain.get_weights())
    X = one_hot(echo_windows(1, 4, rng=3)[0], 100)
    assert with_state.predict(X, verbose=0).shape == plain.predict(X, verbose=0).shape == (21, 4, 100)
    assert not np.allclose(with_state.predict(X, verbose=0), plain.predict(X, verbose=0))
