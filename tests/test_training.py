"""helpers.training: block means, stateful resets inside one fit, the callbacks, and each recipe's fit function
(repeatable, with its input checked)."""

import numpy as np
import pytest

import helpers.repro
from helpers.data import (
    SCALE,
    consecutive_pairs,
    echo_windows,
    reverse_prefix_dataset,
)
from helpers.encoding import one_hot
from helpers.models import (
    repeat_vector_model,
    reverse_prefix_models,
)
from helpers.training import (
    SCALED_FIT,
    SOURCE_FIT,
    FitConfig,
    block_means,
    encode_source,
    fit_repeat_vector,
    fit_teacher_forced,
    predict_repeat_vector,
    predict_teacher_forced,
    reset_stateful_layers,
    reset_states_every,
    train_and_score,
    train_seq2seq,
)

#: Results of float32 arithmetic: `make test` runs this file again with oneDNN off (tools/course.py NUMERICS).
pytestmark = pytest.mark.numerics


def test_block_means_undo_running_means():
    # losses 1, 3, 5, 7 logged after steps 1, 2, 3, 4: running means 1, 2, 3, 4
    assert block_means([1, 2, 3, 4], [1.0, 2.0, 3.0, 4.0]).tolist() == [1.0, 3.0, 5.0, 7.0]


def test_block_means_of_blocks_of_two():
    # losses 2, 4 | 6, 8 | 10, 12: running means after steps 2, 4, 6 are 3, 5, 7
    assert block_means([2, 4, 6], [3.0, 5.0, 7.0]).tolist() == [3.0, 7.0, 11.0]


def test_block_means_empty():
    assert block_means(np.array([], dtype=int), []).shape == (0,)


@pytest.mark.parametrize(
    ("steps", "means", "error", "message"),
    [
        ([1, 2], [1.0], ValueError, "same length"),
        ([[1, 2]], [[1.0, 2.0]], ValueError, "1-D"),
        ([2, 2], [1.0, 1.0], ValueError, "strictly increasing"),
        ([0, 1], [1.0, 1.0], ValueError, "positive"),
        ([1.0, 2.0], [1.0, 1.0], TypeError, "integers"),
    ],
)
def test_block_means_bad_input(steps, means, error, message):
    with pytest.raises(error, match=message):
        block_means(steps, means)


def tiny_model(keras, steps_per_execution=1):
    helpers.repro.seed_everything(3)
    model = keras.Sequential(
        [
            keras.Input(batch_shape=(2, 3, 4)),
            keras.layers.LSTM(3, stateful=True, return_sequences=True),
            keras.layers.Dense(4, activation="softmax"),
        ]
    )
    model.compile(loss="categorical_crossentropy", optimizer="adam", steps_per_execution=steps_per_execution)
    return model


def tiny_data(n_sequences=5, batches=2):
    """``n_sequences`` sequences of ``batches`` batches of 2 windows, stored one after the other."""
    X = np.eye(4, dtype=np.float32)[np.random.default_rng(0).integers(0, 4, (n_sequences * batches * 2, 3))]
    return X, X


def test_reset_stateful_layers_zeroes_every_state(keras):
    if keras.backend.backend() == "jax":
        # Keras creates a stateful RNN's state variables untracked, so JAX's functional predict/fit never
        # write the new state back: on JAX the state stays zero and carries nothing between batches.
        pytest.xfail("JAX: compiled predict does not carry a stateful RNN's state (BACKENDS_README.md)")
    model = tiny_model(keras)
    model.predict(tiny_data()[0][:2], batch_size=2, verbose=0)
    assert any(np.any(np.asarray(s)) for s in model.layers[0].states)
    assert reset_stateful_layers(model) == 1
    assert not any(np.any(np.asarray(s)) for s in model.layers[0].states)


@pytest.mark.parametrize("steps_per_execution", [1, 2])
def test_one_fit_with_resets_equals_one_fit_per_sequence(keras, steps_per_execution):
    X, y = tiny_data(n_sequences=5, batches=2)
    looped = tiny_model(keras)
    for k in range(5):
        looped.fit(X[4 * k : 4 * k + 4], y[4 * k : 4 * k + 4], batch_size=2, shuffle=False, verbose=0)
        reset_stateful_layers(looped)
    once = tiny_model(keras, steps_per_execution)
    schedule = reset_states_every(2)
    once.fit(X, y, batch_size=2, shuffle=False, verbose=0, callbacks=[schedule])
    for a, b in zip(looped.get_weights(), once.get_weights(), strict=True):
        np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-5)
    assert len(schedule.history["loss"]) == 10 // steps_per_execution


def test_predict_with_resets_equals_separate_predicts(keras):
    model = tiny_model(keras)
    X, _ = tiny_data(n_sequences=3, batches=2)
    separate = []
    for k in range(3):
        reset_stateful_layers(model)
        separate.append(model.predict(X[4 * k : 4 * k + 4], batch_size=2, verbose=0))
    together = model.predict(X, batch_size=2, verbose=0, callbacks=[reset_states_every(2)])
    np.testing.assert_allclose(np.concatenate(separate), together, rtol=1e-5, atol=1e-5)


def test_steps_per_execution_must_divide_n_batches(keras):
    model = tiny_model(keras, steps_per_execution=2)
    X, y = tiny_data()
    with pytest.raises(ValueError, match="must divide n_batches=3"):
        model.fit(X, y, batch_size=2, shuffle=False, verbose=0, callbacks=[reset_states_every(3)])


def test_unknown_metric_is_named(keras):
    model = tiny_model(keras)
    X, y = tiny_data()
    with pytest.raises(ValueError, match=r"\['accuracy'\] are not logged"):
        model.fit(X, y, batch_size=2, shuffle=False, verbose=0, callbacks=[reset_states_every(2, ("accuracy",))])


def test_exact_match_every_logs_the_learning_curve_and_its_own_time(keras):
    from helpers.training import ExactMatchEvery

    train, encoder, decoder = reverse_prefix_models(cardinality=6, units=4, seed=0)
    X, D, y = reverse_prefix_dataset(40, n_in=5, n_out=3, cardinality=6, rng=0)
    X_test, _, y_test = reverse_prefix_dataset(16, n_in=5, n_out=3, cardinality=6, rng=1)
    curve = ExactMatchEvery(2, 6, encoder, decoder, X_test, y_test, batch_size=4)
    train.fit([X, D], y, batch_size=4, epochs=1, shuffle=False, verbose=0, callbacks=[curve])
    assert [samples for samples, _, _ in curve.log] == [8, 16, 24]  # after batches 2, 4, 6; none after `until`
    assert all(0.0 <= a <= 1.0 and 0.0 <= s <= 1.0 for _, a, s in curve.log) and curve.seconds > 0
    with pytest.raises(ValueError, match="until must be >= 3"):
        ExactMatchEvery(3, 2, encoder, decoder, X_test, y_test, batch_size=4)


def test_sync_weights_lets_a_callback_call_the_model_during_fit():
    """On JAX, fit empties the variables between steps; after sync_weights a callback can run the model."""
    import keras

    import helpers.repro
    from helpers.training import sync_weights

    helpers.repro.seed_everything(2)
    model = keras.Sequential([keras.Input((3, 1)), keras.layers.LSTM(2), keras.layers.Dense(1)])
    model.compile(optimizer="adam", loss="mse")
    seen = []

    class CallsTheModel(keras.callbacks.Callback):
        def on_train_batch_end(self, batch, logs=None):
            sync_weights(self.model)
            seen.append(np.asarray(self.model(np.ones((1, 3, 1)), training=False)))

    model.fit(np.ones((4, 3, 1)), np.ones((4, 1)), batch_size=2, epochs=1, verbose=0, callbacks=[CallsTheModel()])
    assert len(seen) == 2 and not np.allclose(seen[0], seen[1])
    np.testing.assert_allclose(np.asarray(model(np.ones((1, 3, 1)), training=False)), seen[-1], rtol=1e-5, atol=1e-5)


def test_fit_config_counts_steps():
    assert SOURCE_FIT.steps(1000) == 20 * 13  # 800 training sequences in batches of 64
    assert SCALED_FIT.steps(1000) == 80 * 63
    assert FitConfig(epochs=2, batch_size=10, learning_rate=0.1).steps(25) == 6


def test_train_seq2seq_is_repeatable_and_checks_its_input():
    X, y = consecutive_pairs(8)
    fit = FitConfig(epochs=2, batch_size=4, learning_rate=1e-2, validation_split=0.25, cosine=True)
    (models, history), (again, _) = (train_seq2seq(X / SCALE, y / SCALE, fit, seed=3) for _ in range(2))
    assert sorted(history) == ["loss", "val_loss"] and len(history["loss"]) == 2
    for a, b in zip(models.train.get_weights(), again.train.get_weights(), strict=True):
        np.testing.assert_array_equal(a, b)
    with pytest.raises(TypeError, match="FitConfig"):
        train_seq2seq(X, y, {"epochs": 1}, seed=0)
    with pytest.raises(ValueError, match="as many sequences"):
        train_seq2seq(X, y[:3], fit, seed=0)


def test_fit_config_validates_when_made():
    with pytest.raises(ValueError, match="^batch_size must be >= 1"):
        FitConfig(epochs=1, batch_size=0, learning_rate=0.1)
    with pytest.raises(ValueError, match=r"^validation_split must be a number in \[0, 1\)"):
        FitConfig(epochs=1, batch_size=2, learning_rate=0.1, validation_split=1.5)
    assert FitConfig(epochs=2, batch_size=4, learning_rate=0.1, validation_split=0.25).steps(16) == 6


def test_encode_source_reverses_each_window():
    windows = np.array([[1, 2, 3]])
    np.testing.assert_array_equal(encode_source(windows, reverse=True, classes=4).argmax(-1), [[3, 2, 1]])


def test_notebook_03_fit_and_predict_are_repeatable(keras):
    x, y = echo_windows(2, 2, rng=5)
    first = predict_repeat_vector(fit_repeat_vector(2, n_sequences=2, epochs=1), x)
    again = predict_repeat_vector(fit_repeat_vector(2, n_sequences=2, epochs=1), x)
    assert first.shape == y.shape and np.array_equal(first, again)
    assert predict_teacher_forced(fit_teacher_forced(2, n_sequences=2), x, 2).shape == y.shape


def test_train_and_score_returns_exact_match_and_each_steps_accuracy(keras):
    exact, steps, forced = train_and_score(2, n_samples=64)
    assert steps.shape == forced.shape == (2,) and 0 <= exact <= steps.min() <= steps.max() <= 1
    exact, steps, forced = train_and_score(1, n_samples=64)
    assert exact == steps[0] == forced[0]  # one output step: a sequence is one token, fed the start token alike


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
