"""Shared test set-up: the environment every notebook kernel and every test runs in, and shared fixtures."""

import os

import matplotlib
import matplotlib.pyplot as plt
import pytest

# Set before nbval starts any kernel (kernels inherit this process's environment), so that running
# `pytest` directly behaves like `make test`: repeatable hashing, no TensorFlow C++ logs, no progress bars.
os.environ.setdefault("PYTHONHASHSEED", "0")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("LSTM_COURSE_QUIET", "1")

matplotlib.use("Agg")  # no window; set before any test draws a figure


@pytest.fixture(scope="session")
def keras():
    """Keras, imported quietly and seeded (seed 0)."""
    import helpers.repro

    helpers.repro.seed_everything(0)
    import keras

    return keras


@pytest.fixture(autouse=True)
def close_figures():
    """Close every figure a test opened."""
    yield
    plt.close("all")
