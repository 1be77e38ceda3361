import numpy as np
import pytest

import helpers.repro
from helpers.decoding import FEEDBACKS, feed_argmax_one_hot, greedy_decode

#: Results of float32 arithmetic: `make test` runs this file again with oneDNN off (tools/course.py NUMERICS).
pytestmark = pytest.mark.numerics

FEATURES, UNITS = 5, 4
START = np.eye(FEATURES, dtype=np.float32)[0]


@pytest.fixture(scope="module")
def models():
    """A tiny untrained encoder/decoder pair with the shapes greedy_decode expects."""
    helpers.repro.seed_everything(0)
    import keras

    source = keras.Input((None, FEATURES))
    _, h, c = keras.layers.LSTM(UNITS, return_state=True)(source)
    encoder = keras.Model(source, [h, c])
    step, h_in, c_in = keras.Input((None, FEATURES)), keras.Input((UNITS,)), keras.Input((UNITS,))
    sequence, h_out, c_out = keras.layers.LSTM(UNITS, return_sequences=True, return_state=True)(
        step, initial_state=[h_in, c_in]
    )
    output = keras.layers.Dense(FEATURES, activation="softmax")(sequence)
    return encoder, keras.Model([step, h_in, c_in], [output, h_out, c_out])


@pytest.fixture(scope="module")
def source():
    return np.random.default_rng(0).normal(size=(3, 6, FEATURES)).astype(np.float32)


def decode_one_by_one(encoder, decoder, source, n_steps, start, feedback):
    """Reference: decode each sequence on its own, one model call per step."""
    decoded = []
    for sequence in source:
        states = [np.asarray(s) for s in encoder(sequence[np.newaxis], training=False)]
        step_input, outputs = start[np.newaxis, np.newaxis], []
        for _ in range(n_steps):
            output, *states = (np.asarray(t) for t in decoder([step_input, *states], training=False))
            outputs.append(output[0, -1])
            step_input = feedback(output)
        decoded.append(outputs)
    return np.array(decoded)


def test_feed_argmax_one_hot_wider_than_the_output():
    result = feed_argmax_one_hot(np.array([[[0.1, 0.7, 0.2]]]), classes=4)
    np.testing.assert_array_equal(result, [[[0.0, 1.0, 0.0, 0.0]]])


def test_feed_argmax_one_hot_exact():
    result = feed_argmax_one_hot(np.array([[[0.1, 0.7, 0.2]], [[0.5, 0.2, 0.3]]]), classes=3)
    assert result.dtype == np.float32
    np.testing.assert_array_equal(result, [[[0, 1, 0]], [[1, 0, 0]]])


def test_feedback_names():
    assert FEEDBACKS == ("argmax", "output")


def one_hot_of_argmax(output):
    return np.eye(FEATURES, dtype=np.float32)[output.argmax(axis=-1)]


@pytest.mark.parametrize(
    ("feedback", "reference_feedback"),
    [("argmax", one_hot_of_argmax), ("output", lambda output: output)],
)
def test_greedy_decode_matches_per_sequence_reference(models, source, feedback, reference_feedback):
    encoder, decoder = models
    result = greedy_decode(encoder, decoder, source, n_steps=4, start=START, feedback=feedback)
    assert result.shape == (3, 4, FEATURES)
    assert result.dtype == np.float32
    expected = decode_one_by_one(encoder, decoder, source, 4, START, reference_feedback)
    np.testing.assert_allclose(result, expected, atol=1e-5)
    np.testing.assert_allclose(result.sum(axis=-1), 1.0, atol=1e-5)


def test_greedy_decode_feedback_changes_the_result(models, source):
    encoder, decoder = models
    argmax = greedy_decode(encoder, decoder, source, n_steps=3, start=START, feedback="argmax")
    softmax = greedy_decode(encoder, decoder, source, n_steps=3, start=START, feedback="output")
    np.testing.assert_allclose(argmax[:, 0], softmax[:, 0], rtol=1e-5, atol=1e-5)  # same first step
    assert not np.allclose(argmax[:, 1:], softmax[:, 1:], atol=1e-3)


def test_greedy_decode_calls_each_model_once_per_step_for_the_whole_batch(models, source):
    calls = {"encoder": 0, "decoder": 0}

    class Counting:
        def __init__(self, name, model):
            self.name, self.model, self.inputs, self.layers = name, model, model.inputs, model.layers

        def __call__(self, *args, **kwargs):
            calls[self.name] += 1
            return self.model(*args, **kwargs)

    encoder, decoder = models
    greedy_decode(Counting("encoder", encoder), Counting("decoder", decoder), source, n_steps=4, start=START)
    assert calls == {"encoder": 1, "decoder": 4}


@pytest.mark.parametrize(
    ("changes", "error", "match"),
    [
        ({"source": np.zeros((6, FEATURES))}, ValueError, r"^source must have rank 3 \(batch, time, features\)"),
        ({"source": np.zeros((2, 6, 4))}, ValueError, "^source must have 5 features on its last axis .* got 4"),
        ({"n_steps": 0}, ValueError, "^n_steps must be >= 1"),
        ({"n_steps": 2.0}, TypeError, "^n_steps must be an integer"),
        ({"n_steps": True}, TypeError, "^n_steps must be an integer"),
        ({"start": np.ones(4)}, ValueError, "^start must have 5 features to fit the decoder, got 4"),
        ({"start": np.ones((1, FEATURES))}, ValueError, r"^start must have shape \(features,\) or \(2, features\)"),
        ({"start": np.ones((2, 1, FEATURES))}, ValueError, r"^start must have shape \(features,\) or \(2, features\)"),
        ({"feedback": "greedy"}, ValueError, r"^feedback must be one of \('argmax', 'output'\), got 'greedy'"),
        ({"feedback": "softmax"}, ValueError, r"^feedback must be one of \('argmax', 'output'\), got 'softmax'"),
    ],
)
def test_bad_arguments_name_the_argument(models, changes, error, match):
    encoder, decoder = models
    arguments = {"source": np.zeros((2, 6, FEATURES)), "n_steps": 2, "start": START} | changes
    with pytest.raises(error, match=match):
        greedy_decode(encoder, decoder, **arguments)


def test_per_sequence_start_equals_shared_start_when_identical(models, source):
    encoder, decoder = models
    shared = greedy_decode(encoder, decoder, source, n_steps=3, start=START)
    per_sequence = greedy_decode(encoder, decoder, source, n_steps=3, start=np.tile(START, (len(source), 1)))
    np.testing.assert_allclose(per_sequence, shared, rtol=1e-5, atol=1e-5)


def test_per_sequence_start_is_used_for_each_sequence(models, source):
    encoder, decoder = models
    starts = np.eye(FEATURES, dtype=np.float32)[[0, 1, 2]]
    batched = greedy_decode(encoder, decoder, source, n_steps=2, start=starts)
    for row, start in enumerate(starts):
        alone = greedy_decode(encoder, decoder, source[row : row + 1], n_steps=2, start=start)
        np.testing.assert_allclose(batched[row : row + 1], alone, atol=1e-5)


@pytest.fixture(scope="module")
def token_models():
    """An encoder that one-hot encodes integer tokens inside the model."""
    helpers.repro.seed_everything(0)
    import keras

    tokens = keras.Input((None,), dtype="int32")
    one_hot = keras.layers.Lambda(lambda t: keras.ops.one_hot(t, FEATURES))(tokens)
    _, h, c = keras.layers.LSTM(UNITS, return_state=True)(one_hot)
    return keras.Model(tokens, [h, c])


def test_integer_tokens_decode_like_their_one_hot(models, token_models):
    encoder, decoder = models
    tokens = np.array([[1, 2, 3, 4], [4, 3, 2, 1]])
    token_models.set_weights(encoder.get_weights())
    from_tokens = greedy_decode(token_models, decoder, tokens, n_steps=3, start=START)
    from_one_hot = greedy_decode(encoder, decoder, np.eye(FEATURES, dtype=np.float32)[tokens], n_steps=3, start=START)
    np.testing.assert_allclose(from_tokens, from_one_hot, rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize(
    ("source", "error", "match"),
    [
        (np.zeros((2, 4, FEATURES), dtype=int), ValueError, r"^source must have rank 2 \(batch, time\) of integer"),
        (np.zeros((2, 4)), TypeError, "^source must hold integers, got dtype float64"),
    ],
)
def test_integer_token_source_is_checked(models, token_models, source, error, match):
    _, decoder = models
    with pytest.raises(error, match=match):
        greedy_decode(token_models, decoder, source, n_steps=2, start=START)


@pytest.mark.parametrize(
    ("changes", "error", "match"),
    [
        ({"n_steps": 0}, ValueError, "^n_steps must be >= 1, got 0"),
        ({"n_steps": -3}, ValueError, "^n_steps must be >= 1, got -3"),
        ({"source": np.zeros(4, dtype=int)}, ValueError, r"^source must have rank 2 \(batch, time\) of integer"),
        ({"start": np.ones(FEATURES + 1)}, ValueError, "^start must have 5 features to fit the decoder, got 6"),
    ],
)
def test_integer_token_encoder_bad_arguments(models, token_models, changes, error, match):
    _, decoder = models
    arguments = {"source": np.ones((2, 4), dtype=int), "n_steps": 2, "start": START} | changes
    with pytest.raises(error, match=match):
        greedy_decode(token_models, decoder, **arguments)


def test_feedback_may_widen_the_output_to_the_decoder_input():
    """A decoder whose input has one more class (a start token) than its output, as in notebook 03."""
    helpers.repro.seed_everything(0)
    import keras

    source_in = keras.Input((None, FEATURES))
    _, h, c = keras.layers.LSTM(UNITS, return_state=True)(source_in)
    step, h_in, c_in = keras.Input((None, FEATURES + 1)), keras.Input((UNITS,)), keras.Input((UNITS,))
    sequence, h_out, c_out = keras.layers.LSTM(UNITS, return_sequences=True, return_state=True)(
        step, initial_state=[h_in, c_in]
    )
    output = keras.layers.Dense(FEATURES, activation="softmax")(sequence)
    decoder = keras.Model([step, h_in, c_in], [output, h_out, c_out])

    start = np.eye(FEATURES + 1, dtype=np.float32)[FEATURES]
    encoder, source = keras.Model(source_in, [h, c]), np.random.default_rng(0).normal(size=(2, 3, FEATURES))
    decoded = greedy_decode(encoder, decoder, source, 3, start, "argmax")
    assert decoded.shape == (2, 3, FEATURES)
    # "argmax" feeds back a one-hot as wide as the decoder's input: the reference pads it with the start class.
    expected = decode_one_by_one(
        encoder, decoder, source, 3, start, lambda out: np.pad(one_hot_of_argmax(out), ((0, 0), (0, 0), (0, 1)))
    )
    np.testing.assert_allclose(decoded, expected, atol=1e-5)
