"""Solutions to the exercises of notebook 08."""

import numpy as np


def beam_step(scores: np.ndarray, log_p: np.ndarray, width: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Exercise 08.1: the ``width`` best candidates of every sequence, as ``helpers.decoding.beam_search`` keeps them.

    ``scores (batch, width)`` are the hypotheses' summed log-probabilities, ``log_p (batch, width, vocabulary)`` the
    log-probabilities of each next token; a candidate's score is their sum.
    """
    vocabulary = log_p.shape[-1]
    candidates = (scores[..., np.newaxis] + log_p).reshape(len(scores), -1)  # (batch, width * vocabulary)
    best = np.argsort(-candidates, axis=1, kind="stable")[:, :width]
    return best // vocabulary, best % vocabulary, np.take_along_axis(candidates, best, axis=1)


#: Exercise 08.2 (predict, then measure): width 5 minus width 1 for the 32-unit model. A negative number: the
#: small model's probabilities are less often right, and the wider beam finds the wrong answers it prefers
#: (notebook 08 prints the seed study's range once the exercise is done).
PREDICTION_32_UNITS = -0.03
