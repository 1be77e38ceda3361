import numpy as np
import pytest

from helpers.metrics import sequence_accuracy, token_accuracy

TRUTH = [[1, 2, 3], [4, 5, 6], [7, 8, 9], [1, 1, 1]]
PREDICTED = [[1, 2, 3], [4, 0, 6], [0, 0, 0], [1, 1, 1]]  # 2 of 4 rows exact, 8 of 12 steps right


def test_token_accuracy_exact():
    assert token_accuracy(TRUTH, PREDICTED) == pytest.approx(8 / 12)
    assert token_accuracy(TRUTH, TRUTH) == 1.0
    assert isinstance(token_accuracy(TRUTH, PREDICTED), float)


def test_sequence_accuracy_exact():
    assert sequence_accuracy(TRUTH, PREDICTED) == 0.5
    assert sequence_accuracy(TRUTH, np.zeros((4, 3), dtype=int)) == 0.0
    assert isinstance(sequence_accuracy(TRUTH, PREDICTED), float)


def test_single_sequence_is_one_row():
    assert sequence_accuracy([1, 2, 3], [1, 2, 0]) == 0.0
    assert token_accuracy([1, 2, 3], [1, 2, 0]) == pytest.approx(2 / 3)


@pytest.mark.parametrize("metric", [token_accuracy, sequence_accuracy])
@pytest.mark.parametrize(
    ("truth", "predicted", "error", "match"),
    [
        ([[1, 2, 3]], [[1, 2]], ValueError, r"^predicted must have the shape of truth \(1, 3\), got \(1, 2\)"),
        ([[1, 2, 3]], [1, 2, 3], ValueError, "^predicted must have the shape of truth"),
        (np.zeros((2, 0), dtype=int), np.zeros((2, 0), dtype=int), ValueError, "^truth must be a non-empty array"),
        (3, 3, ValueError, "^truth must be a non-empty array"),
        ([[1.0, 2.0]], [[1, 2]], TypeError, "^truth must hold integers"),
        ([[1, 2]], [[1.0, 2.0]], TypeError, "^predicted must hold integers"),
        ([[1, 2]], [[True, False]], TypeError, "^predicted must hold integers"),
    ],
)
def test_bad_arguments_name_the_argument(metric, truth, predicted, error, match):
    with pytest.raises(error, match=match):
        metric(truth, predicted)
