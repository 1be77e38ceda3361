"""Notebook 06's checkers accept the reference solutions, reject typical mistakes with a hint, and wait for starters."""

import importlib.util
from pathlib import Path

from helpers import exercises as ex
from helpers.metrics import aligned_weight

SOLUTION_FILE = Path(__file__).resolve().parents[1] / "solutions" / "06_attention.py"
spec = importlib.util.spec_from_file_location("solution_06", SOLUTION_FILE)
solution = importlib.util.module_from_spec(spec)
spec.loader.exec_module(solution)


def test_copy_attention():
    assert ex.check_copy_attention(solution.COPY_PATTERN)
    assert ex.check_copy_attention(...).status == ex.NOT_ATTEMPTED
    wrong = ex.check_copy_attention("anti-diagonal")
    assert wrong.status == ex.INCORRECT and "reversal" in wrong.message
    assert ex.check_copy_attention("spiral").status == ex.INCORRECT


def test_aligned_position():
    assert ex.check_aligned_position(solution.aligned_position)
    assert ex.check_aligned_position(lambda *args: None).status == ex.NOT_ATTEMPTED
    unpadded = ex.check_aligned_position(
        lambda step, length, time_in, task: time_in - 1 - step if task == "reverse" else step
    )
    assert unpadded.status == ex.INCORRECT and "left padding" in unpadded.message
    raising = ex.check_aligned_position(lambda *args: 1 / 0)
    assert raising.status == ex.INCORRECT and "ZeroDivisionError" in raising.message


def test_solution_agrees_with_aligned_weight():
    """The solution's positions are the ones helpers.metrics.aligned_weight scores."""
    import numpy as np

    for task in ("reverse", "copy"):
        weights = np.zeros((1, 5, 5))
        for step in range(3):
            weights[0, step, solution.aligned_position(step, 3, 5, task)] = 1.0
        assert aligned_weight(weights, [3], task) == 1.0
