"""Solutions to the exercises of notebook 07."""

import numpy as np


def padding_mask(tokens: np.ndarray) -> np.ndarray:
    """Exercise 07.1: True on real tokens, False on padding (token 0), as Embedding(mask_zero=True)."""
    return tokens != 0


def left_pad(tokens: np.ndarray) -> np.ndarray:
    """Exercise 07.2: each row's padding moved to its start, the tokens kept in order.

    What to expect (run the notebook's measuring cell for the figures): the masked model answers exactly as with
    right padding, since masked steps leave the zero initial state as it is; the unmasked one collapses.
    """
    order = np.argsort(tokens != 0, axis=1, kind="stable")  # False (padding) first, order kept within each group
    return np.take_along_axis(tokens, order, axis=1)
