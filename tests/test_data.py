"""helpers.data: every generator's shapes, order and seeding, and its refusals."""

import numpy as np
import pandas as pd
import pytest

import helpers.data
import helpers.decoding
import helpers.metrics
import helpers.models
from helpers.data import (
    CO2_CSV,
    chronological_split,
    consecutive_pairs,
    echo_data,
    echo_windows,
    from_offsets,
    load_weekly,
    monthly_means,
    ramp,
    random_integers,
    reverse_prefix_dataset,
    shift_right,
    sliding_windows,
    source_style_reverse_prefix,
    to_offsets,
    windows,
)


def test_ramp_exact_float32():
    result = ramp(5)
    assert result.dtype == np.float32
    np.testing.assert_array_equal(result, np.array([0.0, 0.2, 0.4, 0.6, 0.8], dtype=np.float32))
    np.testing.assert_array_equal(ramp(2), np.array([0.0, 0.5], dtype=np.float32))


def test_sliding_windows_exact():
    inputs, targets = sliding_windows(np.arange(6), n_in=4, n_out=2)
    np.testing.assert_array_equal(inputs, [[0, 1, 2, 3], [1, 2, 3, 4], [2, 3, 4, 5]])
    np.testing.assert_array_equal(targets, [[0, 1], [1, 2], [2, 3]])


def test_sliding_windows_batched_and_writable():
    inputs, targets = sliding_windows([[0, 1, 2], [10, 11, 12]], n_in=2, n_out=1)
    np.testing.assert_array_equal(inputs, [[[0, 1], [1, 2]], [[10, 11], [11, 12]]])
    np.testing.assert_array_equal(targets, [[[0], [1]], [[10], [11]]])
    inputs[0, 0, 0] = 99  # copies, not read-only views sharing memory
    assert targets[0, 0, 0] == 0


def test_shift_right_exact():
    result = shift_right([[12, 16, 32]])
    np.testing.assert_array_equal(result, [[0, 12, 16]])
    assert np.issubdtype(result.dtype, np.integer)
    np.testing.assert_array_equal(shift_right([[1, 2], [3, 4]], start=9), [[9, 1], [9, 3]])
    np.testing.assert_array_equal(shift_right([[5, 0, 0]], start_pads=True), [[0, 5, 0]])
    with pytest.raises(ValueError, match="start token 0"):
        shift_right([[5, 0, 0]])


def test_consecutive_pairs_one_block_per_rule():
    X, y = consecutive_pairs(2, length=3, steps=(1, 4))
    np.testing.assert_array_equal(X[..., 0], [[0, 1, 2], [1, 2, 3], [0, 4, 8], [1, 5, 9]])
    np.testing.assert_array_equal(y - X, np.repeat([1, 1, 4, 4], 3).reshape(4, 3, 1))
    X, y = consecutive_pairs(2, length=2, start=np.int64(-1))  # the tutorial's rule: add one
    assert X.dtype == np.int64
    np.testing.assert_array_equal(X[..., 0], [[-1, 0], [0, 1]])
    np.testing.assert_array_equal(y[..., 0], [[0, 1], [1, 2]])
    with pytest.raises(TypeError, match="^steps must be"):
        consecutive_pairs(steps=[1.5])


def test_random_integers_range_shape_dtype():
    values = random_integers(200, 7, cardinality=5, low=2, rng=0)
    assert values.shape == (200, 7)
    assert values.dtype == np.int64
    assert set(np.unique(values)) == {2, 3, 4}


def test_random_integers_seed_and_generator_stream():
    np.testing.assert_array_equal(random_integers(4, 3, 10, rng=7), random_integers(4, 3, 10, rng=7))
    stream = np.random.default_rng(7)
    first = random_integers(4, 3, 10, rng=stream)
    second = random_integers(4, 3, 10, rng=stream)
    np.testing.assert_array_equal(first, random_integers(4, 3, 10, rng=7))
    assert not np.array_equal(first, second)  # the passed generator advanced
    reference = np.random.default_rng(7)
    reference.integers(0, 10, size=(4, 3))
    np.testing.assert_array_equal(second, reference.integers(0, 10, size=(4, 3)))


def test_reverse_prefix_dataset_structure():
    source, decoder_input, target = reverse_prefix_dataset(50, n_in=6, n_out=3, cardinality=11, rng=1)
    assert source.shape == (50, 6)
    assert decoder_input.shape == target.shape == (50, 3)
    assert source.min() >= 1 and source.max() <= 10
    for src, dec, tgt in zip(source, decoder_input, target, strict=True):
        np.testing.assert_array_equal(tgt, src[:3][::-1])
        np.testing.assert_array_equal(dec, np.concatenate([[0], tgt[:-1]]))


def test_reverse_prefix_dataset_in_original_order():
    source, decoder_input, target = reverse_prefix_dataset(4, n_in=5, n_out=2, cardinality=9, rng=1, reverse=False)
    reversed_source, _, reversed_target = reverse_prefix_dataset(4, n_in=5, n_out=2, cardinality=9, rng=1)
    np.testing.assert_array_equal(source, reversed_source)
    np.testing.assert_array_equal(target, source[:, :2])
    np.testing.assert_array_equal(target, reversed_target[:, ::-1])
    np.testing.assert_array_equal(decoder_input[:, 0], 0)
    np.testing.assert_array_equal(decoder_input[:, 1], source[:, 0])


def test_reverse_prefix_dataset_seeding():
    first, second = reverse_prefix_dataset(20, rng=3), reverse_prefix_dataset(20, rng=3)
    for a, b in zip(first, second, strict=True):
        np.testing.assert_array_equal(a, b)
    other = reverse_prefix_dataset(20, rng=4)
    assert not np.array_equal(first[0], other[0])


@pytest.mark.parametrize(
    ("call", "error", "match"),
    [
        (lambda: random_integers(2, 3, 1), ValueError, "^cardinality must be >= 2"),
        (lambda: random_integers(2, 3, 5, low=5), ValueError, "^low must be < cardinality=5"),
        (lambda: random_integers(2, 3, 5, low=-1), ValueError, "^low must be >= 0"),
        (lambda: random_integers(2, 3, 5, rng=-1), ValueError, "^rng must be >= 0"),
        (
            lambda: random_integers(2, 3, 5, rng=1.5),
            TypeError,
            "^rng must be None, a numpy Generator or an integer seed",
        ),
        (
            lambda: random_integers(2, 3, 5, rng=True),
            TypeError,
            "^rng must be None, a numpy Generator or an integer seed",
        ),
        (lambda: sliding_windows(np.arange(6), n_in=2, n_out=3), ValueError, "^n_out must be <= n_in=2"),
        (
            lambda: sliding_windows(np.arange(6), n_in=7, n_out=1),
            ValueError,
            "^n_in must be <= the length of sequences 6",
        ),
        (lambda: sliding_windows(5, n_in=1, n_out=1), ValueError, "^sequences must have rank >= 1"),
        (lambda: shift_right([[12, 0, 32]]), ValueError, "^targets must not contain the start token 0"),
        (lambda: shift_right([[1, 2]], start=2), ValueError, "^targets must not contain the start token 2"),
        (lambda: shift_right([1, 2, 3]), ValueError, r"^targets must have rank 2 \(batch, time\)"),
        (lambda: shift_right([[True, False]]), TypeError, "^targets must hold numbers"),
        (lambda: shift_right([[1, 2]], start=-1), ValueError, "^start must be >= 0"),
        (lambda: reverse_prefix_dataset(5, n_in=2, n_out=3), ValueError, "^n_out must be <= n_in=2"),
        (lambda: reverse_prefix_dataset(5, cardinality=1), ValueError, "^cardinality must be >= 2"),
    ],
)
def test_bad_arguments_name_the_argument(call, error, match):
    with pytest.raises(error, match=match):
        call()


def test_consecutive_pairs_is_source_c_data():
    X, y = consecutive_pairs()
    assert X.shape == y.shape == (1000, 4, 1) and X.dtype == y.dtype == np.int64
    assert X[0].ravel().tolist() == [0, 1, 2, 3] and y[0].ravel().tolist() == [1, 2, 3, 4]
    assert X[-1].ravel().tolist() == [999, 1000, 1001, 1002] and y[-1].ravel().tolist() == [1000, 1001, 1002, 1003]
    assert y.max() == 1003


def test_consecutive_pairs_start_and_length():
    X, y = consecutive_pairs(2, length=3, start=1500)
    assert X[..., 0].tolist() == [[1500, 1501, 1502], [1501, 1502, 1503]]
    assert y[..., 0].tolist() == [[1501, 1502, 1503], [1502, 1503, 1504]]


def test_shift_right_of_regression_targets_behind_start():
    targets = np.array([[[1], [2], [3], [4]], [[7], [8], [9], [10]]])
    got = shift_right(targets)
    assert got.dtype == targets.dtype and got.shape == (2, 4, 1)
    assert got[..., 0].tolist() == [[0, 1, 2, 3], [0, 7, 8, 9]]
    np.testing.assert_allclose(
        shift_right(targets / 1000, start=-1.0)[..., 0],
        [[-1, 0.001, 0.002, 0.003], [-1, 0.007, 0.008, 0.009]],
    )


def test_offsets_round_trip_and_invariance():
    X, y = consecutive_pairs(3, start=10**6)
    assert to_offsets(X, X)[..., 0].tolist() == [[0, 1, 2, 3]] * 3
    assert to_offsets(y, X)[..., 0].tolist() == [[1, 2, 3, 4]] * 3
    predicted = to_offsets(y, X) + np.array([0.4, -0.3, 0.2, -0.49])[None, :, None]
    back = from_offsets(predicted, X)
    assert back.dtype == np.int64 and np.array_equal(back, y)


def test_from_offsets_exact_beyond_float32():
    X = np.array([[[2**40], [2**40 + 1]]])
    assert from_offsets(np.array([[[1.0], [2.0]]], dtype=np.float32), X)[..., 0].tolist() == [[2**40 + 1, 2**40 + 2]]


def test_echo_windows_are_every_window_of_each_sequence_in_order():
    x, y = echo_windows(2, 3, rng=0)
    assert x.shape == (42, 5) and y.shape == (42, 3) and x.dtype == np.int64
    np.testing.assert_array_equal(y, x[:, :3])
    np.testing.assert_array_equal(x[1, :4], x[0, 1:])  # stride 1 within a sequence
    np.testing.assert_array_equal(echo_windows(2, 3, rng=0)[0], x)


def test_echo_data_one_hot_matches_its_integers():
    X, integers = echo_data(2, seed=1)
    assert X.shape == (40, 6, 100) and integers.shape == (40, 6)
    np.testing.assert_array_equal(X.argmax(-1), integers)


def test_source_style_reverse_prefix_is_the_same_task():
    X1, X2, y = source_style_reverse_prefix(20, seed=0)
    assert X1.shape == (20, 6, 51) and X2.shape == y.shape == (20, 3, 51)
    source, target = X1.argmax(-1), y.argmax(-1)
    np.testing.assert_array_equal(target, source[:, 2::-1])
    np.testing.assert_array_equal(X2.argmax(-1)[:, 1:], target[:, :-1])
    assert (X2.argmax(-1)[:, 0] == 0).all() and source.min() >= 1


def test_variable_length_dataset():
    source, target, lengths = helpers.data.variable_length_dataset(50, 3, 6, vocabulary=4, rng=2)
    assert source.shape == target.shape == (50, 6) and set(lengths) <= {3, 4, 5, 6}
    for s, t, k in zip(source, target, lengths, strict=True):
        assert (s[: 6 - k] == 0).all() and (t[k:] == 0).all() and (s[6 - k :] > 0).all()
        np.testing.assert_array_equal(t[:k], s[6 - k :][::-1])
    copied, copy_target, _ = helpers.data.variable_length_dataset(50, 3, 6, vocabulary=4, task="copy", rng=2)
    for s, t, k in zip(copied, copy_target, lengths, strict=True):
        np.testing.assert_array_equal(t[:k], s[6 - k :])
    with pytest.raises(ValueError, match="task must be"):
        helpers.data.variable_length_dataset(5, task="sort")
    with pytest.raises(ValueError, match="max_length must be >= min_length"):
        helpers.data.variable_length_dataset(5, 6, 3)


def test_drop_seen():
    seen = np.array([[1, 2], [3, 4]])
    source = np.array([[1, 2], [5, 6], [3, 4], [7, 8]])
    kept, labels = helpers.data.drop_seen(source, seen, np.arange(4))
    np.testing.assert_array_equal(kept, [[5, 6], [7, 8]])
    np.testing.assert_array_equal(labels, [1, 3])
    assert helpers.data.count_seen(source, seen) == 2 and helpers.data.count_seen(kept, seen) == 0
    with pytest.raises(ValueError, match="seen must have 2 columns"):
        helpers.data.drop_seen(source, np.zeros((1, 3), int))


def test_the_shipped_file_is_the_record_the_chapter_describes():
    assert 33_000 < CO2_CSV.stat().st_size < 35_000
    weekly = load_weekly()
    assert isinstance(weekly.index, pd.DatetimeIndex) and len(weekly) == 2284
    assert (weekly.index[0], weekly.index[-1]) == (pd.Timestamp("1958-03-29"), pd.Timestamp("2001-12-29"))
    assert int(weekly.isna().sum()) == 59
    assert (CO2_CSV.parent / "co2_mauna_loa_weekly.md").read_text(encoding="utf-8").count("public domain") >= 1


def test_monthly_means_average_measured_weeks_and_interpolate_empty_months(tmp_path):
    path = tmp_path / "tiny.csv"
    path.write_text("date,co2\n20000101,1.0\n20000108,3.0\n20000205,\n20000304,6.0\n", encoding="utf-8")
    monthly = monthly_means(load_weekly(path))
    assert list(monthly.index.month) == [1, 2, 3]
    # January: mean of 1 and 3; February empty: between 2 and 6, interpolated in time (31 of 60 days)
    np.testing.assert_allclose(monthly.to_numpy(), [2.0, 2.0 + 4.0 * 31 / 60, 6.0], rtol=1e-5)


def test_windows_cut_month_indices_and_the_split_never_leaks():
    values = np.arange(100.0)
    w = windows(values, 10, 20, window=3, horizon=2)
    assert w.months.shape == (6, 5) and w.months[0].tolist() == [10, 11, 12, 13, 14] and w.months[-1, -1] == 19
    np.testing.assert_array_equal(w.x, values[w.months[:, :3]])
    split = chronological_split(values, window=4, horizon=2, validation_months=10, test_months=10)
    assert split["train"].months.max() == 79 and split["validation"].months[0, 4] == 80
    assert split["test"].months[0, 4] == 90 and split["test"].months[-1, -1] == 99 and len(split["test"].x) == 9
    assert not np.isin(split["test"].months[:, 4:], split["train"].months).any()


def test_echo_probes_are_the_training_values_shifted_and_reversed():
    probes = helpers.data.echo_probes()
    np.testing.assert_allclose(probes["train"], [0.0, 0.2, 0.4, 0.6, 0.8], atol=1e-6)
    np.testing.assert_allclose(probes["shifted"], probes["train"] + 0.1, atol=1e-6)
    np.testing.assert_allclose(probes["reversed"], probes["train"][::-1], atol=1e-6)
    assert all(v.dtype == np.float32 for v in probes.values())


def test_window_positions_undo_the_echo_windows():
    _, windows = helpers.data.echo_data(1, seed=0)
    positions = helpers.data.window_positions(windows)
    assert positions.shape == (25,)
    np.testing.assert_array_equal(helpers.data.sliding_windows(positions[None], 6, 6)[0].reshape(-1, 6), windows)


def test_adding_problem_marks_one_step_in_each_half_and_sums_them():
    X, y = helpers.data.adding_problem(200, 10, rng=3)
    assert X.shape == (200, 10, 2) and y.shape == (200,) and X.dtype == y.dtype == np.float32
    markers = X[..., 1]
    assert set(np.unique(markers)) == {0.0, 1.0}
    assert np.all(markers[:, :5].sum(axis=1) == 1) and np.all(markers[:, 5:].sum(axis=1) == 1)
    assert np.all((X[..., 0] >= 0) & (X[..., 0] <= 1))
    np.testing.assert_allclose(y, (X[..., 0] * markers).sum(axis=1), rtol=1e-6)
    again, _ = helpers.data.adding_problem(200, 10, rng=3)
    np.testing.assert_array_equal(X, again)
    with pytest.raises(ValueError, match="n_samples \\* length"):
        helpers.data.adding_problem(200_000, 1000)
    with pytest.raises(ValueError, match="length"):
        helpers.data.adding_problem(4, 1)
