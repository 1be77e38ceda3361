"""Attention seq2seq builders, batched token decoding against a per-sequence reference, and the metrics."""

import numpy as np
import pytest

from helpers import data, decoding, metrics, models

#: Results of float32 arithmetic: `make test` runs this file again with oneDNN off (tools/course.py NUMERICS).
pytestmark = pytest.mark.numerics


@pytest.fixture(scope="module", params=["dot", "additive", None])
def built(request):
    return models.attention_seq2seq_models(request.param, vocabulary=5, units=8, embedding=4, seed=3)


def test_shapes_and_names(built):
    train, encoder, decoder = built
    source = np.array([[0, 1, 2, 3], [4, 3, 2, 1]])
    assert train([source, source]).shape == (2, 4, 6)
    encoded = encoder(source)
    assert {k: tuple(v.shape) for k, v in encoded.items()} == {"memory": (2, 4, 8), "h": (2, 8), "c": (2, 8)}
    assert ("memory" in decoder.input) == ("weights" in decoder.output)


def test_same_seed_same_model():
    a = models.attention_seq2seq_models("dot", vocabulary=5, units=8, embedding=4, seed=3)[0]
    b = models.attention_seq2seq_models("dot", vocabulary=5, units=8, embedding=4, seed=3)[0]
    assert all(np.array_equal(x, y) for x, y in zip(a.get_weights(), b.get_weights(), strict=True))


def reference_decode(encoder, decoder, source, n_steps):
    """One sequence at a time, the slow obvious way."""
    rows, all_weights = [], []
    for row in source:
        carried = {k: np.asarray(v) for k, v in encoder(row[None]).items() if k in decoder.input}
        step, tokens, weights = np.zeros((1, 1), np.int32), [], []
        for _ in range(n_steps):
            out = decoder({"step": step, **carried})
            carried["h"], carried["c"] = np.asarray(out["h"]), np.asarray(out["c"])
            token = int(np.asarray(out["probabilities"])[0, 0].argmax())
            tokens.append(token)
            if "weights" in out:
                weights.append(np.asarray(out["weights"])[0, 0])
            step = np.array([[token]], np.int32)
        rows.append(tokens)
        all_weights.append(weights)
    return np.array(rows), (np.array(all_weights) if all_weights[0] else None)


def test_batched_decoding_matches_per_sequence_reference(built):
    _, encoder, decoder = built
    source, _, _ = data.variable_length_dataset(7, 2, 6, vocabulary=5, rng=0)
    got = decoding.greedy_decode_attention(encoder, decoder, source, 5)
    tokens, weights = reference_decode(encoder, decoder, source, 5)
    np.testing.assert_array_equal(got.tokens, tokens)
    assert got.probabilities.shape == (7, 5, 6)
    if weights is None:
        assert got.weights is None
    else:
        assert got.weights.shape == (7, 5, 6)
        np.testing.assert_allclose(got.weights, weights, atol=1e-5)
        np.testing.assert_allclose(got.weights.sum(-1), 1.0, atol=1e-5)


def test_decoding_bad_input_names_the_argument(built):
    _, encoder, decoder = built
    source = np.array([[1, 2, 3]])
    with pytest.raises(ValueError, match="source must have rank 2"):
        decoding.greedy_decode_attention(encoder, decoder, source[0], 2)
    with pytest.raises(TypeError, match="source must hold integers"):
        decoding.greedy_decode_attention(encoder, decoder, source * 1.0, 2)
    with pytest.raises(ValueError, match="n_steps must be >= 1"):
        decoding.greedy_decode_attention(encoder, decoder, source, 0)
    with pytest.raises(TypeError, match="decoder must be a Keras model with named"):
        decoding.greedy_decode_attention(encoder, lambda x: x, source, 2)
    with pytest.raises(TypeError, match="start_token must be an integer"):
        decoding.greedy_decode_attention(encoder, decoder, source, 2, start_token=0.5)


def test_snapshots_record_each_epoch():
    train, encoder, decoder = models.attention_seq2seq_models("dot", vocabulary=5, units=8, embedding=4, seed=3)
    source, target, _ = data.variable_length_dataset(64, 2, 4, vocabulary=5, rng=1)
    callback = decoding.attention_snapshots(encoder, decoder, source[:3], 4)
    shifted = np.concatenate([np.zeros((64, 1), int), target[:, :-1]], axis=1)
    train.fit([source, shifted], target, epochs=2, verbose=0, callbacks=[callback])
    assert sorted(callback.snapshots) == [1, 2] and callback.snapshots[2].shape == (3, 4, 4)
    _, _, plain = models.attention_seq2seq_models(None, vocabulary=5, units=8, embedding=4, seed=3)
    with pytest.raises(ValueError, match="decoder must output 'weights'"):
        decoding.attention_snapshots(encoder, plain, source[:3], 4)


def test_builder_bad_arguments():
    with pytest.raises(ValueError, match="attention must be one of"):
        models.attention_seq2seq_models("luong")
    with pytest.raises(ValueError, match="units must be even"):
        models.attention_seq2seq_models(units=7)


def test_variable_length_dataset():
    source, target, lengths = data.variable_length_dataset(50, 3, 6, vocabulary=4, rng=2)
    assert source.shape == target.shape == (50, 6) and set(lengths) <= {3, 4, 5, 6}
    for s, t, k in zip(source, target, lengths, strict=True):
        assert (s[: 6 - k] == 0).all() and (t[k:] == 0).all() and (s[6 - k :] > 0).all()
        np.testing.assert_array_equal(t[:k], s[6 - k :][::-1])
    copied, copy_target, _ = data.variable_length_dataset(50, 3, 6, vocabulary=4, task="copy", rng=2)
    for s, t, k in zip(copied, copy_target, lengths, strict=True):
        np.testing.assert_array_equal(t[:k], s[6 - k :])
    with pytest.raises(ValueError, match="task must be"):
        data.variable_length_dataset(5, task="sort")
    with pytest.raises(ValueError, match="max_length must be >= min_length"):
        data.variable_length_dataset(5, 6, 3)


def test_drop_seen():
    seen = np.array([[1, 2], [3, 4]])
    source = np.array([[1, 2], [5, 6], [3, 4], [7, 8]])
    kept, labels = data.drop_seen(source, seen, np.arange(4))
    np.testing.assert_array_equal(kept, [[5, 6], [7, 8]])
    np.testing.assert_array_equal(labels, [1, 3])
    assert data.count_seen(source, seen) == 2 and data.count_seen(kept, seen) == 0
    with pytest.raises(ValueError, match="seen must have 2 columns"):
        data.drop_seen(source, np.zeros((1, 3), int))


def test_accuracy_by_length():
    truth = np.array([[1, 2, 0], [3, 4, 5], [3, 4, 5]])
    predicted = np.array([[1, 2, 9], [3, 0, 5], [3, 4, 5]])
    assert metrics.accuracy_by_length(truth, predicted, [2, 3, 3]) == {2: (1.0, 1.0), 3: (0.5, 5 / 6)}
    with pytest.raises(ValueError, match="lengths must lie in"):
        metrics.accuracy_by_length(truth, predicted, [0, 3, 3])


def test_aligned_weight():
    # time_in 3; row of length 2 sits at positions 1, 2; reversal reads 2 then 1, copy reads 1 then 2.
    anti = np.array([[[0, 0, 1], [0, 1, 0], [1, 0, 0]]], float)
    assert metrics.aligned_weight(anti, [2], "reverse") == 1.0
    assert metrics.aligned_weight(anti, [2], "copy") == 0.0
    diagonal = np.array([[[0, 1, 0], [0, 0, 1], [1, 0, 0]]], float)
    assert metrics.aligned_weight(diagonal, [2], "copy") == 1.0
    with pytest.raises(ValueError, match="weights must have rank 3"):
        metrics.aligned_weight(anti[0], [2])


def test_plot_attention():
    from helpers.plots import plot_attention

    weights = np.full((2, 3, 4), 0.25)
    fig = plot_attention(weights, [[0, 1, 2, 3]] * 2, [[3, 2, 1]] * 2, titles=["a", "b"])
    assert [ax.get_title() for ax in fig.axes[:2]] == ["a", "b"]
    assert fig.axes[0].get_xlabel() == "source position (token)" and len(fig.axes) == 3
    with pytest.raises(ValueError, match="sources must have shape"):
        plot_attention(weights, [[0, 1, 2]] * 2, [[3, 2, 1]] * 2)
