"""Notebook 02's task and training loops, shared by the benchmark scripts; the model is helpers.models.echo_model.

The model is the one notebook 02 builds: ``LSTM(16, return_sequences=True)`` then
``TimeDistributed(Dense(100, softmax))`` on one-hot windows of 6 integers, stateful with a
fixed batch of 5 or stateless. Call :func:`helpers.repro.setup` before importing this module.
"""

from __future__ import annotations

import keras
import numpy as np

from helpers.data import random_integers, sliding_windows
from helpers.encoding import one_hot
from helpers.metrics import token_accuracy
from helpers.models import echo_model  # noqa: F401 -- re-exported for the benchmark scripts
from helpers.training import reset_states_every

CLASSES, LENGTH, WINDOW, BATCH = 100, 25, 6, 5
WINDOWS_PER_SEQUENCE = LENGTH - WINDOW + 1  # 20
BATCHES_PER_SEQUENCE = WINDOWS_PER_SEQUENCE // BATCH  # 4


def echo_data(n_sequences: int, rng: int | np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """``n_sequences`` fresh sequences cut into windows, kept in order.

    Returns:
        One-hot windows ``(n_sequences * 20, 6, 100)`` and their integers ``(n_sequences * 20, 6)``.
    """
    windows, _ = sliding_windows(random_integers(n_sequences, LENGTH, CLASSES, rng=rng), WINDOW, WINDOW)
    windows = windows.reshape(-1, WINDOW)
    return one_hot(windows, CLASSES), windows


def fit_one_call(model: keras.Model, X: np.ndarray) -> keras.callbacks.Callback:
    """Train on every window in one ``fit``, resetting the state at the start of each sequence."""
    schedule = reset_states_every(BATCHES_PER_SEQUENCE)
    model.fit(X, X, batch_size=BATCH, epochs=1, shuffle=False, verbose=0, callbacks=[schedule])
    return schedule


def fit_source_way(model: keras.Model, X: np.ndarray) -> None:
    """The source's regime: one ``fit`` call per sequence, then a reset."""
    for start in range(0, len(X), WINDOWS_PER_SEQUENCE):
        chunk = X[start : start + WINDOWS_PER_SEQUENCE]
        model.fit(chunk, chunk, batch_size=BATCH, epochs=1, shuffle=False, verbose=0)
        for layer in model.layers:
            if getattr(layer, "stateful", False):
                layer.reset_state()


def echo_accuracy(
    model: keras.Model, X: np.ndarray, integers: np.ndarray, with_confidence: bool = False
) -> float | tuple[float, float]:
    """Token accuracy over all windows, state reset at the start of each sequence, one ``predict`` call.

    With ``with_confidence``, also the mean probability given to the right integer.
    """
    probabilities = model.predict(X, batch_size=BATCH, verbose=0, callbacks=[reset_states_every(BATCHES_PER_SEQUENCE)])
    accuracy = token_accuracy(integers, probabilities.argmax(-1))
    if not with_confidence:
        return accuracy
    return accuracy, float(np.take_along_axis(probabilities, integers[..., np.newaxis], axis=-1).mean())
