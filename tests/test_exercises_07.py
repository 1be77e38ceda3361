"""Notebook 07's checkers accept the reference solutions and reject the typical wrong answers with a hint."""

import numpy as np
import pytest

from helpers import exercises as ex
from tests.test_exercises import assert_incorrect, raises, solution, starter

SOLUTION = solution("07_real_sequences")


@pytest.mark.parametrize(
    ("check", "answer"), [(ex.check_padding_mask, SOLUTION.padding_mask), (ex.check_left_pad, SOLUTION.left_pad)]
)
def test_solution_is_accepted(check, answer):
    assert check(answer) and repr(check(answer)).startswith("✅ Correct: ")


@pytest.mark.parametrize("check", [ex.check_padding_mask, ex.check_left_pad])
def test_untouched_starter_is_not_attempted(check):
    assert check(starter).status == ex.NOT_ATTEMPTED


@pytest.mark.parametrize(
    ("check", "answer", "hint"),
    [
        (ex.check_padding_mask, lambda t: t == 0, "inverted"),
        (ex.check_padding_mask, lambda t: (t != 0).astype(int), "holds booleans"),
        (ex.check_padding_mask, lambda t: (t != 0).sum(1), "look like lengths"),
        (ex.check_padding_mask, lambda t: t > 3, "True where the token is not 0"),
        (ex.check_padding_mask, raises, "raised RuntimeError"),
        (ex.check_left_pad, lambda t: t[:, ::-1], "keep the order"),
        (ex.check_left_pad, lambda t: t[:, :4], "keep the shape"),
        (ex.check_left_pad, lambda t: np.roll(t, 1, axis=1), "shift each row right"),
    ],
)
def test_typical_wrong_answer_gets_a_hint(check, answer, hint):
    assert_incorrect(check(answer), hint)
