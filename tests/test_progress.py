import numpy as np
import pytest

import helpers.progress
import helpers.repro
from helpers.progress import QUIET_VARIABLE, verbose


def small_fit(epochs: int) -> None:
    import keras

    helpers.repro.seed_everything(0)
    model = keras.Sequential([keras.Input((3, 1)), keras.layers.LSTM(2), keras.layers.Dense(1)])
    model.compile(loss="mse", optimizer="adam")
    X = np.zeros((8, 3, 1), dtype=np.float32)
    model.fit(X, np.zeros((8, 1)), batch_size=4, epochs=epochs, verbose=verbose(epochs))


@pytest.mark.parametrize(("epochs", "shown"), [(1, "2/2"), (8, "Epoch 8/8")], ids=["bar-of-steps", "line-per-epoch"])
def test_a_person_sees_progress(monkeypatch, capsys, epochs, shown):
    monkeypatch.delenv(QUIET_VARIABLE, raising=False)
    small_fit(epochs)
    printed = capsys.readouterr().out
    assert "loss" in printed and shown in printed


@pytest.mark.parametrize("setting", ["1", "yes"])
def test_the_tests_see_nothing(monkeypatch, capsys, setting):
    monkeypatch.setenv(QUIET_VARIABLE, setting)
    small_fit(2)
    assert capsys.readouterr().out == ""


@pytest.mark.parametrize(("setting", "epochs", "expected"), [("", 1, 1), ("0", 5, 1), ("", 6, 2), ("1", 1, 0)])
def test_verbose_bar_for_few_epochs_lines_for_many(monkeypatch, setting, epochs, expected):
    monkeypatch.setenv(QUIET_VARIABLE, setting)
    assert verbose(epochs) == expected
