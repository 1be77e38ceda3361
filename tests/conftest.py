"""Shared test fixtures (the environment every kernel runs in is set by the root conftest.py)."""

import matplotlib
import matplotlib.pyplot as plt
import pytest

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


@pytest.fixture(scope="module", params=["dot", "general", "bahdanau", None])
def attention_models(request):
    """Chapter 06's four encoder-decoders (three attention scores, no attention), small, built once per module."""
    import helpers.models

    return helpers.models.attention_seq2seq_models(request.param, vocabulary=5, units=8, embedding=4, seed=3)
