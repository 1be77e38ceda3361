import logging
import os
import random

import numpy as np
import pytest

import helpers.repro


def draws_after_seeding(seed):
    """Python and numpy draws and a fresh Keras layer's initial weights, right after seeding."""
    helpers.repro.seed_everything(seed)
    import keras

    layer = keras.layers.Dense(3)
    layer.build((None, 4))
    return random.random(), np.random.rand(4), [np.asarray(w) for w in layer.get_weights()]


def test_seed_everything_repeats_draws_and_initial_weights():
    first_py, first_np, first_weights = draws_after_seeding(3)
    second_py, second_np, second_weights = draws_after_seeding(3)
    assert first_py == second_py
    np.testing.assert_array_equal(first_np, second_np)
    np.testing.assert_array_equal(first_weights[0], second_weights[0])
    assert not np.array_equal(first_weights[0], draws_after_seeding(4)[2][0])


@pytest.mark.parametrize(
    ("seed", "error", "match"),
    [(-1, ValueError, "^seed must be >= 0"), (1.0, TypeError, "^seed must be an integer"), (True, TypeError, "^seed")],
)
def test_bad_seed_names_the_argument(seed, error, match):
    with pytest.raises(error, match=match):
        helpers.repro.seed_everything(seed)


def test_setup_quiets_tensorflow(monkeypatch):
    for name in ("TF_CPP_MIN_LOG_LEVEL", "KERAS_BACKEND"):
        monkeypatch.delenv(name, raising=False)
    helpers.repro.seed_everything(0)
    assert os.environ["TF_CPP_MIN_LOG_LEVEL"] == "3"
    assert os.environ["KERAS_BACKEND"] == "tensorflow"
    import tensorflow as tf

    assert tf.get_logger().level == logging.ERROR


def test_silenced_stderr_fd_restores_stderr(capfd):
    with helpers.repro._silenced_stderr_fd():
        os.write(2, b"hidden\n")
    os.write(2, b"shown\n")
    assert capfd.readouterr().err == "shown\n"
