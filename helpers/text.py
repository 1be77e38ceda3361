"""Character sequences as integer tokens: a small vocabulary with padding, start and end tokens.

Chapter 07's task is character-level addition, ``"53+7"`` -> ``"60"``: sources and targets of
varying length, padded to a common width. Everything here is vectorised numpy: no Python loop
over the samples of a dataset.

Token layout of :data:`ADDITION`: ``0`` padding, ``1`` start, ``2`` end, then the characters
``"0123456789+"`` from ``3``.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from helpers import _checks
from helpers._checks import integer_array, positive_int
from helpers.data import RANDOM_SOURCE, RandomSource

PAD, START, END = 0, 1, 2


@dataclass(frozen=True)
class CharVocabulary:
    """Characters numbered from 3; ``0``, ``1`` and ``2`` are padding, start and end."""

    characters: str

    def __post_init__(self) -> None:
        if not isinstance(self.characters, str) or not self.characters:
            raise TypeError(f"characters must be a non-empty string, got {self.characters!r}")
        if len(set(self.characters)) != len(self.characters):
            raise ValueError(f"characters must not repeat, got {self.characters!r}")

    @property
    def size(self) -> int:
        """Number of tokens: the characters and the three special tokens."""
        return len(self.characters) + 3

    def token(self, character: str) -> int:
        """The token of one character."""
        if not isinstance(character, str) or len(character) != 1 or character not in self.characters:
            raise ValueError(f"character must be one of {self.characters!r}, got {character!r}")
        return self.characters.index(character) + 3

    def encode(self, texts: list[str], width: int | None = None) -> np.ndarray:
        """Strings -> ``int64`` tokens ``(len(texts), width)``, right-padded with ``PAD``.

        For a handful of strings (examples, a learner's input); datasets are built from numbers
        directly by :func:`addition_dataset`.
        """
        if isinstance(texts, str):
            raise TypeError("texts must be a list of strings, got one string")
        width = max((len(t) for t in texts), default=0) if width is None else positive_int("width", width)
        if any(len(t) > width for t in texts):
            raise ValueError(f"width must be >= the longest text ({max(len(t) for t in texts)}), got {width}")
        tokens = np.full((len(texts), width), PAD, dtype=np.int64)
        for row, text in enumerate(texts):
            tokens[row, : len(text)] = [self.token(ch) for ch in text]
        return tokens

    def decode(self, tokens: npt.ArrayLike) -> list[str]:
        """Tokens ``(batch, time)`` -> strings, each cut at its first end token; padding and start dropped."""
        tokens = integer_array("tokens", tokens)
        if tokens.ndim != 2:
            raise ValueError(f"tokens must have rank 2 (batch, time), got shape {tokens.shape}")
        if tokens.size and (tokens.min() < 0 or tokens.max() >= self.size):
            raise ValueError(f"tokens must lie in [0, {self.size - 1}], got min {tokens.min()}, max {tokens.max()}")
        table = np.array(["", "", ""] + list(self.characters), dtype=object)
        ended = np.cumsum(tokens == END, axis=1) > 0
        kept = np.where(ended, PAD, tokens)
        return ["".join(row) for row in table[kept]]


ADDITION = CharVocabulary("0123456789+")


def digits(numbers: npt.ArrayLike, width: int) -> tuple[np.ndarray, np.ndarray]:
    """Decimal digits of non-negative integers, most significant first, without leading zeros.

    Args:
        numbers: integers ``(n,)``, each below ``10 ** width``.
        width: digit slots per number.

    Returns:
        ``(values, valid)``: ``(n, width)`` digits right-aligned (``123`` with width 4 is
        ``[0, 1, 2, 3]``) and a boolean mask of the digits that are written (``0`` has one).
    """
    numbers = np.asarray(numbers)
    powers = 10 ** np.arange(width - 1, -1, -1)
    values = numbers[:, np.newaxis] // powers % 10
    count = np.maximum(1, np.floor(np.log10(np.maximum(numbers, 1))).astype(int) + 1)
    valid = np.arange(width) >= width - count[:, np.newaxis]
    return values, valid


def _pack_left(tokens: np.ndarray, valid: np.ndarray) -> np.ndarray:
    """Move each row's valid tokens to its start, in order, and pad the rest: right padding."""
    order = np.argsort(~valid, axis=1, kind="stable")
    packed = np.take_along_axis(tokens, order, axis=1)
    return np.where(np.take_along_axis(valid, order, axis=1), packed, PAD)


def addition_dataset(a: npt.ArrayLike, b: npt.ArrayLike, max_digits: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Character-level addition ``"a+b"`` -> ``"a + b"`` with an end token, right-padded.

    Args:
        a, b: non-negative integers ``(n,)``, each with at most ``max_digits`` digits.
        max_digits: digits of the largest operand (2 for numbers below 100).

    Returns:
        ``(source, decoder_input, target)``, ``int64`` tokens of :data:`ADDITION`:
        ``source (n, 2 * max_digits + 1)``: ``"53+7"`` then padding;
        ``target (n, max_digits + 2)``: the sum's digits, ``END``, then padding;
        ``decoder_input`` (same shape): ``START`` then the target without its last step (teacher
        forcing), with ``END`` written as ``PAD``: the decoder never reads the end token (at inference it
        stops there), and its input is ``PAD`` exactly where the target is, so ``mask_zero=True`` on the
        decoder's embedding masks the steps after the answer.
    """
    a, b = np.asarray(a), np.asarray(b)
    a_digits, a_valid = digits(a, max_digits)
    b_digits, b_valid = digits(b, max_digits)
    plus = np.full((len(a), 1), ADDITION.token("+"))
    source_tokens = np.concatenate([a_digits + 3, plus, b_digits + 3], axis=1)
    source_valid = np.concatenate([a_valid, np.ones_like(plus, dtype=bool), b_valid], axis=1)
    sum_digits, sum_valid = digits(a + b, max_digits + 1)
    end = np.full((len(a), 1), END)
    target_tokens = np.concatenate([sum_digits + 3, end], axis=1)
    target_valid = np.concatenate([sum_valid, np.ones_like(end, dtype=bool)], axis=1)
    target = _pack_left(target_tokens, target_valid)
    decoder_input = np.concatenate([np.full((len(a), 1), START), target[:, :-1]], axis=1)
    decoder_input[decoder_input == END] = PAD
    return _pack_left(source_tokens, source_valid), decoder_input, target


def all_answers(max_digits: int) -> np.ndarray:
    """Every answer the adder could write: each string of 1 to ``max_digits`` digits (leading zeros too), then the
    end token, padded: ``int64 (10 + 100 + ..., max_digits + 1)`` tokens of :data:`ADDITION`, for an exact search."""
    texts = ["".join(d) for n in range(1, max_digits + 1) for d in itertools.product("0123456789", repeat=n)]
    tokens = ADDITION.encode(texts, width=max_digits + 1)
    tokens[np.arange(len(texts)), [len(t) for t in texts]] = END
    return tokens


def split_pairs(
    max_value: int, test_size: int, rng: RandomSource = None
) -> tuple[tuple[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]:
    """Every pair ``(a, b)`` with ``0 <= a, b < max_value``, shuffled and split into train and test.

    No test pair is a training pair, so every test string ``"a+b"`` is new to the model.

    Returns:
        ``((a_train, b_train), (a_test, b_test))``, ``int64`` arrays of ``max_value ** 2 - test_size``
        and ``test_size`` pairs.
    """
    order = np.random.default_rng(rng).permutation(max_value**2)
    a, b = order // max_value, order % max_value
    return (a[test_size:], b[test_size:]), (a[:test_size], b[:test_size])


# Argument checks, applied by _checks.install below (out of the bodies the notebooks print) ----------------------


def _operand(name: str, values: npt.ArrayLike, places: int, argument: str) -> np.ndarray:
    """``values`` as integers ``(n,)`` of at most ``places`` decimal digits; the message names ``argument=places``."""
    values = _checks.array_rank(name, _checks.integer_array(name, values), 1, "(n,)")
    if values.size and (values.min() < 0 or values.max() >= 10**places):
        raise ValueError(
            f"{name} must lie in [0, {10**places - 1}] for {argument}={places}, "
            f"got min {values.min()}, max {values.max()}"
        )
    return values


def _digits_arguments(numbers: npt.ArrayLike, width: int) -> None:
    """``numbers`` are integers from 0 to 10**width - 1."""
    _operand("numbers", numbers, width, "width")


def _addition_dataset_arguments(a: npt.ArrayLike, b: npt.ArrayLike, max_digits: int) -> None:
    """Integers ``a`` and ``b`` of one shape ``(n,)``, each of at most ``max_digits`` digits."""
    a, b = _operand("a", a, max_digits, "max_digits"), _operand("b", b, max_digits, "max_digits")
    if a.shape != b.shape:
        raise ValueError(f"b must have the shape of a {a.shape}, got {b.shape}")


def _split_pairs_arguments(max_value: int, test_size: int, **_: Any) -> None:
    """``test_size`` < ``max_value**2``, the number of pairs."""
    if test_size >= max_value**2:
        raise ValueError(f"test_size must be below the {max_value**2} pairs, got {test_size}")


#: Operands of split_pairs: all max_value ** 2 pairs are drawn, 9 million (0.2 GB) at most (the course: 100).
_MAX_VALUE = 3_000

_checks.install(
    globals(),
    rules={
        # digit slots of an int64 (``width`` of the course-wide table is a beam's width)
        "digits": {"width": _checks.count(19)},
        # 11,110 answers of up to 4 digits; one more digit is 10 times as many rows to score
        "all_answers": {"max_digits": _checks.count(4)},
        "split_pairs": {
            "max_value": _checks.count(_MAX_VALUE, minimum=2),
            "test_size": _checks.count(_MAX_VALUE**2 - 1),
            "rng": RANDOM_SOURCE,
        },
    },
    preconditions={
        "digits": _digits_arguments,
        "addition_dataset": _addition_dataset_arguments,
        "split_pairs": _split_pairs_arguments,
    },
)
