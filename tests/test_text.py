import numpy as np
import pytest

from helpers.text import ADDITION, END, PAD, START, CharVocabulary, addition_dataset, all_answers, digits, split_pairs


def test_vocabulary_layout():
    assert (PAD, START, END) == (0, 1, 2) and ADDITION.size == 14
    assert ADDITION.token("0") == 3 and ADDITION.token("+") == 13
    np.testing.assert_array_equal(ADDITION.encode(["53+7", "0+0"]), [[8, 6, 13, 10], [3, 13, 3, 0]])
    assert ADDITION.decode(np.array([[9, 3, 2, 0], [1, 4, 2, 5]])) == ["60", "1"]


def test_digits_without_leading_zeros():
    values, valid = digits(np.array([0, 7, 53, 100]), 3)
    np.testing.assert_array_equal(values, [[0, 0, 0], [0, 0, 7], [0, 5, 3], [1, 0, 0]])
    np.testing.assert_array_equal(valid, [[0, 0, 1], [0, 0, 1], [0, 1, 1], [1, 1, 1]])


def test_addition_dataset_exact():
    source, decoder_input, target = addition_dataset(np.array([53, 0, 99, 5]), np.array([7, 0, 99, 12]), 2)
    assert ADDITION.decode(source) == ["53+7", "0+0", "99+99", "5+12"]
    assert ADDITION.decode(target) == ["60", "0", "198", "17"]
    np.testing.assert_array_equal(target, [[9, 3, 2, 0], [3, 2, 0, 0], [4, 12, 11, 2], [4, 10, 2, 0]])
    # START, then the target shifted right with END written as PAD: PAD exactly where the target is.
    np.testing.assert_array_equal(decoder_input, [[1, 9, 3, 0], [1, 3, 0, 0], [1, 4, 12, 11], [1, 4, 10, 0]])
    assert source.shape == (4, 5)


def test_addition_dataset_matches_python_strings_on_every_pair():
    a, b = np.divmod(np.arange(10_000), 100)
    source, _, target = addition_dataset(a, b, 2)
    assert ADDITION.decode(source) == [f"{x}+{y}" for x, y in zip(a, b, strict=True)]
    assert ADDITION.decode(target) == [str(x + y) for x, y in zip(a, b, strict=True)]
    assert np.all(target[np.arange(len(target)), (target != PAD).sum(1) - 1] == END)


def test_split_pairs_disjoint_and_complete():
    (a, b), (a_test, b_test) = split_pairs(100, 1_000, rng=1)
    assert len(a) == 9_000 and len(a_test) == 1_000
    train, test = set(zip(a.tolist(), b.tolist(), strict=True)), set(zip(a_test.tolist(), b_test.tolist(), strict=True))
    assert not train & test and len(train | test) == 10_000
    (a2, _), _ = split_pairs(100, 1_000, rng=1)
    np.testing.assert_array_equal(a, a2)


@pytest.mark.parametrize(
    ("call", "error", "match"),
    [
        (lambda: CharVocabulary("aa"), ValueError, "^characters must not repeat"),
        (lambda: CharVocabulary(""), TypeError, "^characters must be a non-empty string"),
        (lambda: ADDITION.token("x"), ValueError, "^character must be one of"),
        (lambda: ADDITION.encode("1+2"), TypeError, "^texts must be a list of strings"),
        (lambda: ADDITION.encode(["1+2"], width=2), ValueError, r"^width must be >= the longest text \(3\)"),
        (lambda: ADDITION.decode(np.array([[14]])), ValueError, r"^tokens must lie in \[0, 13\]"),
        (lambda: digits(np.array([100]), 2), ValueError, r"^numbers must lie in \[0, 99\]"),
        (lambda: addition_dataset(np.array([1]), np.array([1, 2]), 2), ValueError, "^b must have the shape of a"),
        (lambda: addition_dataset(np.array([1.0]), np.array([1]), 2), TypeError, "^a must hold integers"),
        (lambda: split_pairs(10, 100), ValueError, "^test_size must be below the 100 pairs"),
    ],
)
def test_bad_arguments_name_the_argument(call, error, match):
    with pytest.raises(error, match=match):
        call()


def test_all_answers_lists_every_digit_string_once_with_its_end_token():
    answers = all_answers(2)
    assert answers.shape == (110, 3) and len({tuple(a) for a in answers}) == 110
    assert ADDITION.decode(answers[:2]) == ["0", "1"] and ADDITION.decode(answers[-1:]) == ["99"]
    np.testing.assert_array_equal((answers == END).argmax(axis=1), [1] * 10 + [2] * 100)
