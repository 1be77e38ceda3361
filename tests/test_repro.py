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


def test_setup_quiets_tensorflow(monkeypatch):
    for name in ("TF_CPP_MIN_LOG_LEVEL", "KERAS_BACKEND"):
        monkeypatch.delenv(name, raising=False)
    helpers.repro.seed_everything(0)
    assert os.environ["TF_CPP_MIN_LOG_LEVEL"] == "3"
    assert os.environ["KERAS_BACKEND"] == "tensorflow"  # the default; Keras keeps the backend it started with
    if helpers.repro.backend() != "tensorflow":
        pytest.skip("the TensorFlow logger is only set on the TensorFlow backend")
    import tensorflow as tf

    assert tf.get_logger().level == logging.ERROR


def test_backend_is_the_one_keras_runs_on():
    import keras

    assert helpers.repro.backend() == keras.backend.backend()


def test_seeded_training_step_repeats_on_this_backend():
    """Same seed, same data: one Adam step gives the same weights twice (whatever KERAS_BACKEND is)."""
    import keras

    def one_step():
        helpers.repro.seed_everything(5)
        model = keras.Sequential([keras.Input((3, 2)), keras.layers.LSTM(4), keras.layers.Dense(1)])
        model.compile(optimizer="adam", loss="mse")
        x, y = np.random.rand(8, 3, 2), np.random.rand(8, 1)
        model.fit(x, y, epochs=2, batch_size=4, verbose=0, shuffle=True)
        return [np.asarray(w) for w in model.get_weights()]

    for first, second in zip(one_step(), one_step(), strict=True):
        np.testing.assert_array_equal(first, second)


def test_only_repro_imports_a_backend_library():
    """helpers is backend-neutral: keras.ops and numpy; only helpers.repro names tensorflow, jax or torch."""
    import ast
    from pathlib import Path

    for path in sorted(Path(helpers.__file__).parent.glob("*.py")):
        if path.name == "repro.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import | ast.ImportFrom):
                names = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""]
                roots = {n.split(".")[0] for n in names}
                assert not roots & {"tensorflow", "jax", "jaxlib", "torch"}, f"{path.name} imports {names}"


def test_silenced_stderr_fd_restores_stderr(capfd):
    with helpers.repro._silenced_stderr_fd():
        os.write(2, b"hidden\n")
    os.write(2, b"shown\n")
    assert capfd.readouterr().err == "shown\n"


def test_steps_per_execution_is_one_only_on_torch():
    expected = 1 if helpers.repro.backend() == "torch" else 8
    assert helpers.repro.steps_per_execution(8) == expected
    with pytest.raises(ValueError, match="^steps"):
        helpers.repro.steps_per_execution(0)
