import numpy as np
import pytest

from helpers.encoding import one_hot

# A known reverse-prefix batch: target = source[:3][::-1], decoder input = [0] + target[:-1].
SOURCE = np.array([[5, 12, 50, 1, 7, 33], [1, 1, 2, 49, 50, 3], [42, 8, 19, 19, 26, 2]])
TARGET = np.array([[50, 12, 5], [2, 1, 1], [19, 8, 42]])
DECODER_INPUT = np.array([[0, 50, 12], [0, 2, 1], [0, 19, 8]])


def test_one_hot_exact():
    result = one_hot([[0, 2], [1, 0]], cardinality=3)
    assert result.dtype == np.float32
    expected = [[[1, 0, 0], [0, 0, 1]], [[0, 1, 0], [1, 0, 0]]]
    np.testing.assert_array_equal(result, expected)


def test_one_hot_dtype_and_empty():
    assert one_hot([1], 2, dtype=np.int8).dtype == np.int8
    assert one_hot(np.zeros((0, 4), dtype=int), 5).shape == (0, 4, 5)


@pytest.mark.parametrize("batch", [SOURCE, TARGET, DECODER_INPUT])
def test_reverse_prefix_batch_round_trip(batch):
    encoded = one_hot(batch, cardinality=51)
    assert encoded.shape == batch.shape + (51,)
    np.testing.assert_array_equal(encoded.sum(axis=-1), 1)
    np.testing.assert_array_equal(encoded.argmax(axis=-1), batch)
