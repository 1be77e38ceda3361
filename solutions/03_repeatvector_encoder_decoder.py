"""Solutions to the exercises of notebook 03."""

import numpy as np


def sequence_accuracy(truth: np.ndarray, predicted: np.ndarray) -> float:
    """Exercise 03.1: a sequence counts only if every one of its steps is right."""
    return float(np.mean(np.all(truth == predicted, axis=-1)))


# Exercise 03.2: RepeatVector(4) turns (batch, features) into (batch, 4, features).
REPEAT_VECTOR_SHAPE = (21, 4, 150)
