"""Solutions to the exercises of notebook 07."""

import numpy as np


def padding_mask(tokens: np.ndarray) -> np.ndarray:
    """Exercise 07.1: True on real tokens, False on padding (token 0), as Embedding(mask_zero=True)."""
    return tokens != 0


def left_pad(tokens: np.ndarray) -> np.ndarray:
    """Exercise 07.2: each row's padding moved to its start, the tokens kept in order.

    Measured with notebook 07's models (seed 1), exact match on the test pairs with 4 extra padding steps
    in front: the masked model is unchanged (0.888, as with right padding: masked steps leave the zero
    initial state as it is); the unmasked one falls from 0.855 to 0.015 (0.719 with the sources' own
    padding moved to the front and none added).
    """
    order = np.argsort(tokens != 0, axis=1, kind="stable")  # False (padding) first, order kept within each group
    return np.take_along_axis(tokens, order, axis=1)
