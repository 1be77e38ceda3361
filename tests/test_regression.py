import numpy as np
import pytest

import helpers.repro
from helpers.data import SCALE, consecutive_pairs, from_offsets, shift_right, to_offsets
from helpers.decoding import greedy_decode
from helpers.models import Seq2Seq, build_seq2seq
from helpers.training import SCALED_FIT, SOURCE_FIT, FitConfig, train_seq2seq

#: Results of float32 arithmetic: `make test` runs this file again with oneDNN off (tools/course.py NUMERICS).
pytestmark = pytest.mark.numerics


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


@pytest.mark.parametrize("bad", [0, -1])
def test_consecutive_pairs_rejects_bad_length(bad):
    with pytest.raises(ValueError, match="length"):
        consecutive_pairs(3, length=bad)


def test_shift_right_of_regression_targets_behind_start():
    targets = np.array([[[1], [2], [3], [4]], [[7], [8], [9], [10]]])
    got = shift_right(targets)
    assert got.dtype == targets.dtype and got.shape == (2, 4, 1)
    assert got[..., 0].tolist() == [[0, 1, 2, 3], [0, 7, 8, 9]]
    np.testing.assert_allclose(
        shift_right(targets / 1000, start=-1.0)[..., 0],
        [[-1, 0.001, 0.002, 0.003], [-1, 0.007, 0.008, 0.009]],
    )


def test_shift_right_checks():
    with pytest.raises(ValueError, match=r"^targets must have rank 2 \(batch, time\) or 3"):
        shift_right(np.zeros((2, 4, 1, 1)))
    with pytest.raises(TypeError, match="^start must be a finite number"):
        shift_right(np.zeros((2, 4, 1)), start="0")


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


def test_offsets_checks():
    with pytest.raises(TypeError, match="integers"):
        to_offsets(np.zeros((2, 3, 1)), np.zeros((2, 3, 1), dtype=int))
    with pytest.raises(ValueError, match="same batch"):
        to_offsets(np.zeros((2, 3, 1), dtype=int), np.zeros((3, 3, 1), dtype=int))
    with pytest.raises(ValueError, match="same batch"):
        from_offsets(np.zeros((2, 3, 1)), np.zeros((2, 3), dtype=int))
    with pytest.raises(TypeError, match="integers"):
        from_offsets(np.zeros((2, 3, 1)), np.zeros((2, 3, 1)))


@pytest.fixture(scope="module")
def seq2seq() -> Seq2Seq:
    helpers.repro.seed_everything(0)
    return build_seq2seq(units=6, learning_rate=1e-3, decay_steps=10, name="test")


def test_build_seq2seq_shares_layers_and_counts_parameters(seq2seq):
    lstm, dense = 4 * ((1 + 1) * 6 + 6**2), 6 + 1
    assert seq2seq.train.count_params() == 2 * lstm + dense == 391
    assert seq2seq.encoder.count_params() == lstm and seq2seq.decoder.count_params() == lstm + dense
    assert [m.name for m in seq2seq] == ["test_train", "test_encoder", "test_decoder"]
    train_weights = {id(w) for w in seq2seq.train.weights}
    assert all(id(w) in train_weights for m in (seq2seq.encoder, seq2seq.decoder) for w in m.weights)


def test_step_by_step_decoding_matches_teacher_forcing_on_its_own_outputs(seq2seq):
    """Fed its own outputs, the training model gives what the inference models give step by step."""
    X = np.random.default_rng(0).normal(size=(3, 4, 1)).astype(np.float32)
    decoded = greedy_decode(seq2seq.encoder, seq2seq.decoder, X, 4, [0.0], feedback="output")
    replayed = np.asarray(seq2seq.train([X, shift_right(decoded)], training=False))
    np.testing.assert_allclose(replayed, decoded, rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"units": 0}, ValueError),
        ({"learning_rate": 0}, ValueError),
        ({"decay_steps": 0}, ValueError),
        ({"steps_per_execution": 0}, ValueError),
        ({"units": 2.5}, TypeError),
        ({"learning_rate": "fast"}, TypeError),
    ],
)
def test_build_seq2seq_checks(kwargs, error):
    helpers.repro.seed_everything(0)
    with pytest.raises(error):
        build_seq2seq(**kwargs)


def test_fit_config_counts_steps():
    assert SOURCE_FIT.steps(1000) == 20 * 13  # 800 training sequences in batches of 64
    assert SCALED_FIT.steps(1000) == 80 * 63
    assert FitConfig(epochs=2, batch_size=10, learning_rate=0.1).steps(25) == 6


def test_train_seq2seq_is_repeatable_and_checks_its_input():
    X, y = consecutive_pairs(8)
    fit = FitConfig(epochs=2, batch_size=4, learning_rate=1e-2, validation_split=0.25, cosine=True)
    (models, history), (again, _) = (train_seq2seq(X / SCALE, y / SCALE, fit, seed=3) for _ in range(2))
    assert sorted(history) == ["loss", "val_loss"] and len(history["loss"]) == 2
    for a, b in zip(models.train.get_weights(), again.train.get_weights(), strict=True):
        np.testing.assert_array_equal(a, b)
    with pytest.raises(TypeError, match="FitConfig"):
        train_seq2seq(X, y, {"epochs": 1}, seed=0)
    with pytest.raises(ValueError, match="as many sequences"):
        train_seq2seq(X, y[:3], fit, seed=0)
