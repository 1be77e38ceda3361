"""Solutions to the exercises of notebook 04."""

import numpy as np


def decoder_start(X: np.ndarray) -> np.ndarray:
    """Exercise 04.1: training fed 0 as the decoder's first input, so inference must too."""
    return np.zeros((len(X), 1, 1), dtype=np.float32)


def offsets(X: np.ndarray) -> np.ndarray:
    """Exercise 04.2: every sequence relative to its own first value."""
    return X - X[:, :1]


# Exercise 04.3 (predict, then measure): 20 epochs instead of 80 leave a mean absolute error near 2, not below 1,
# and almost no sequence exact (benchmarks/seeds_04_teacher_forcing.py records the range, "exercise 4.3, 20
# epochs: MAE").
PREDICTION_QUARTER_EPOCHS = 2.0
