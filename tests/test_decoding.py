"""helpers.decoding: batched greedy decoding, stopping decoders and beam search against per-sequence and
exhaustive references, on tiny models."""

import itertools

import numpy as np
import pytest

import helpers.data
import helpers.decoding
import helpers.metrics
import helpers.models
import helpers.repro
from helpers.data import reverse_prefix_dataset
from helpers.decoding import (
    FEEDBACKS,
    beam_report,
    beam_search,
    exact_match,
    feed_argmax_one_hot,
    greedy_decode,
    greedy_decode_tokens,
    recursive_forecast,
    score_answers,
    source_style_decode,
)
from helpers.encoding import one_hot
from helpers.metrics import sequence_accuracy
from helpers.models import lstm_forecaster, reverse_prefix_models

#: Results of float32 arithmetic: `make test` runs this file again with oneDNN off (tools/course.py NUMERICS).
pytestmark = pytest.mark.numerics

FEATURES, UNITS = 5, 4
START = np.eye(FEATURES, dtype=np.float32)[0]
#: The token decoders (greedy_decode_tokens, beam_search): a tiny vocabulary with padding, start and end tokens.
VOCABULARY, TOKEN_UNITS = 5, 3
PAD, START_TOKEN, END = 0, 1, 2
#: The tokens a decoder may write: padding and the start token are inputs only.
OUTPUTS = (2, 3, 4)


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


def test_exact_match_and_the_source_loop_agree_with_greedy_decode(keras):
    _, encoder, decoder = reverse_prefix_models(cardinality=6, units=4, seed=0)
    source, _, target = reverse_prefix_dataset(8, n_in=5, n_out=3, cardinality=6, rng=0)
    start = one_hot(0, 6)
    decoded = greedy_decode(encoder, decoder, source, 3, start)
    assert exact_match(encoder, decoder, source, target) == sequence_accuracy(target, decoded.argmax(-1))
    loop = source_style_decode(encoder, decoder, source[:1], 3)
    zeros = greedy_decode(encoder, decoder, source[:1], 3, np.zeros(6), feedback="output")
    np.testing.assert_allclose(loop, zeros[0], atol=1e-5)


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


def test_batched_decoding_matches_per_sequence_reference(attention_models):
    _, encoder, decoder = attention_models
    source, _, _ = helpers.data.variable_length_dataset(7, 2, 6, vocabulary=5, rng=0)
    got = helpers.decoding.greedy_decode_tokens(encoder, decoder, source, 5, 0)
    tokens, weights = reference_decode(encoder, decoder, source, 5)
    np.testing.assert_array_equal(got.tokens, tokens)
    assert got.probabilities.shape == (7, 5, 6)
    if weights is None:
        assert got.weights is None
    else:
        assert got.weights.shape == (7, 5, 6)
        np.testing.assert_allclose(got.weights, weights, atol=1e-5)
        np.testing.assert_allclose(got.weights.sum(-1), 1.0, atol=1e-5)


def test_snapshots_record_each_epoch():
    train, encoder, decoder = helpers.models.attention_seq2seq_models("dot", vocabulary=5, units=8, embedding=4, seed=3)
    source, target, _ = helpers.data.variable_length_dataset(64, 2, 4, vocabulary=5, rng=1)
    callback = helpers.decoding.attention_snapshots(encoder, decoder, source[:3], 4)
    shifted = helpers.data.shift_right(target, start_pads=True)
    train.fit([source, shifted], target, epochs=2, verbose=0, callbacks=[callback])
    assert sorted(callback.snapshots) == [1, 2] and callback.snapshots[2].shape == (3, 4, 4)
    _, _, plain = helpers.models.attention_seq2seq_models(None, vocabulary=5, units=8, embedding=4, seed=3)
    with pytest.raises(ValueError, match="decoder must output 'weights'"):
        helpers.decoding.attention_snapshots(encoder, plain, source[:3], 4)


@pytest.fixture(scope="module")
def beam_models():
    """Encoder of integer tokens -> {h, c}; decoder {step (batch, 1), h, c} -> {probabilities, h, c}.

    Weights drawn with standard deviation 2, so that the untrained decoder is confident enough for
    its choices to depend on the step (with Keras's small initial weights it is nearly uniform).
    """
    helpers.repro.seed_everything(3)
    import keras

    token_source = keras.Input((None,), dtype="int32")
    embedded = keras.layers.Embedding(VOCABULARY, 2, mask_zero=True)(token_source)
    _, h, c = keras.layers.LSTM(TOKEN_UNITS, return_state=True)(embedded)
    encoder = keras.Model(token_source, {"h": h, "c": c})
    token = keras.Input((1,), dtype="int32", name="step")
    h_in, c_in = keras.Input((TOKEN_UNITS,), name="h"), keras.Input((TOKEN_UNITS,), name="c")
    lstm = keras.layers.LSTM(TOKEN_UNITS, return_sequences=True, return_state=True, name="decoder_lstm")
    embedding = keras.layers.Embedding(VOCABULARY, 2, name="decoder_embedding")
    sequence, h_out, c_out = lstm(embedding(token), initial_state=[h_in, c_in])
    head = keras.layers.Dense(VOCABULARY, activation="softmax", name="head")
    outputs = {"probabilities": head(sequence), "h": h_out, "c": c_out}
    decoder = keras.Model({"step": token, "h": h_in, "c": c_in}, outputs)
    rng = np.random.default_rng(2)  # a draw where greedy misses the best answer of 5 rows in 6
    for model in (encoder, decoder):
        model.set_weights([rng.normal(0.0, 2.0, w.shape).astype(np.float32) for w in model.get_weights()])
    return encoder, decoder


@pytest.fixture(scope="module")
def token_source():
    return np.random.default_rng(0).integers(1, VOCABULARY, (6, 5))


def sequence_log_probability(encoder, decoder, source_row, hypothesis):
    """Teacher-forced log-probability of one hypothesis, truncated after its first end token."""
    states = {k: np.asarray(v) for k, v in encoder(source_row[np.newaxis]).items()}
    previous, total, length = START_TOKEN, 0.0, 0
    for token in hypothesis:
        out = {k: np.asarray(v) for k, v in decoder({"step": np.array([[previous]]), **states}).items()}
        states = {"h": out["h"], "c": out["c"]}
        total += float(np.log(out["probabilities"][0, 0, token].astype(np.float64)))
        length += 1
        if token == END:
            break
        previous = token
    return total, tuple(hypothesis[:length])


def exhaustive_search(encoder, decoder, source_row, max_length, length_penalty=0.0):
    """Every distinct hypothesis up to max_length, ranked best first: [(ranking, score, tokens)].

    All vocabulary ** max_length token sequences are scored together by teacher forcing (one decoder
    call per step over all of them); each is truncated after its first end token.
    """
    candidates = np.array(list(itertools.product(OUTPUTS, repeat=max_length)))
    states = {k: np.repeat(np.asarray(v), len(candidates), axis=0) for k, v in encoder(source_row[np.newaxis]).items()}
    previous = np.concatenate([np.full((len(candidates), 1), START_TOKEN), candidates[:, :-1]], axis=1)
    log_p = []
    for step in range(max_length):
        out = {k: np.asarray(v) for k, v in decoder({"step": previous[:, step : step + 1], **states}).items()}
        probabilities, states = out["probabilities"], {"h": out["h"], "c": out["c"]}
        log_p.append(np.log(probabilities[np.arange(len(candidates)), 0, candidates[:, step]].astype(np.float64)))
    ended_before = np.cumsum(candidates == END, axis=1) - (candidates == END) > 0
    scores = np.where(ended_before, 0.0, np.stack(log_p, axis=1)).sum(axis=1)
    hypotheses = {strip(row): score for row, score in zip(candidates, scores, strict=True)}
    ranked = [(score / len(tokens) ** length_penalty, score, tokens) for tokens, score in hypotheses.items()]
    return sorted(ranked, key=lambda item: -item[0])


def strip(row):
    row = list(row)
    return tuple(row[: row.index(END) + 1]) if END in row else tuple(row)


def test_greedy_stops_at_the_end_token_and_pads(beam_models, token_source):
    encoder, decoder = beam_models
    result = greedy_decode_tokens(encoder, decoder, token_source, 6, start_token=START_TOKEN, end_token=END).tokens
    assert result.shape == (6, 6) and result.dtype == np.int64
    for row in result:
        if END in row:
            assert np.all(row[list(row).index(END) + 1 :] == PAD)


def test_greedy_equals_one_sequence_at_a_time(beam_models, token_source):
    encoder, decoder = beam_models
    batched = greedy_decode_tokens(encoder, decoder, token_source, 5, START_TOKEN, END).tokens
    for index in range(len(token_source)):
        alone = greedy_decode_tokens(encoder, decoder, token_source[index : index + 1], 5, START_TOKEN, END).tokens
        np.testing.assert_array_equal(batched[index : index + 1], alone)


def test_greedy_stops_the_batch_when_every_sequence_is_done(beam_models, token_source):
    """A decoder that always says `end` is called once, whatever max_length is."""
    encoder, decoder = beam_models
    calls = []

    class AlwaysEnd:
        input, output = decoder.input, decoder.output

        def __call__(self, inputs, training=False):
            calls.append(len(inputs["step"]))
            probabilities = np.zeros((len(inputs["step"]), 1, VOCABULARY), np.float32)
            probabilities[..., END] = 1.0
            return {"probabilities": probabilities, "h": inputs["h"], "c": inputs["c"]}

    result = greedy_decode_tokens(encoder, AlwaysEnd(), token_source, 10, START_TOKEN, END).tokens
    assert calls == [len(token_source)]
    np.testing.assert_array_equal(result[:, 0], END)
    np.testing.assert_array_equal(result[:, 1:], PAD)
    tokens, _ = beam_search(
        encoder, AlwaysEnd(), token_source, width=3, max_length=10, start_token=START_TOKEN, end_token=END
    )
    assert calls == [len(token_source), 3 * len(token_source)]  # one decoder call over batch x width rows


@pytest.mark.parametrize("max_length", [1, 3, 6])
def test_beam_width_one_is_greedy(beam_models, token_source, max_length):
    encoder, decoder = beam_models
    greedy = greedy_decode_tokens(encoder, decoder, token_source, max_length, START_TOKEN, END).tokens
    tokens, scores = beam_search(encoder, decoder, token_source, 1, max_length, START_TOKEN, END)
    assert tokens.shape == (len(token_source), 1, max_length) and scores.shape == (len(token_source), 1)
    np.testing.assert_array_equal(tokens[:, 0], greedy)


@pytest.mark.parametrize("length_penalty", [0.0, 1.0])
def test_wide_beam_equals_exhaustive_search(beam_models, token_source, length_penalty):
    """With width = outputs ** (max_length - 1) nothing is pruned before the last step."""
    encoder, decoder = beam_models
    max_length = 3
    width = len(OUTPUTS) ** (max_length - 1)
    tokens, scores = beam_search(
        encoder, decoder, token_source, width, max_length, START_TOKEN, END, length_penalty=length_penalty
    )
    for row in range(len(token_source)):
        ranked = exhaustive_search(encoder, decoder, token_source[row], max_length, length_penalty)
        assert strip(tokens[row, 0]) == ranked[0][2]
        np.testing.assert_allclose(scores[row, 0], ranked[0][1], atol=1e-4)
        found = [strip(t) for t, s in zip(tokens[row], scores[row], strict=True) if np.isfinite(s)]
        assert found == [tokens for _, _, tokens in ranked[: len(found)]]


def test_beam_scores_are_the_teacher_forced_log_probabilities(beam_models, token_source):
    encoder, decoder = beam_models
    tokens, scores = beam_search(encoder, decoder, token_source[:2], 3, 4, START_TOKEN, END)
    assert np.all(np.diff(scores, axis=1) <= 0)  # best first: the same float32 values, sorted
    for row in range(2):
        for hypothesis, score in zip(tokens[row], scores[row], strict=True):
            expected, _ = sequence_log_probability(encoder, decoder, token_source[row], list(strip(hypothesis)))
            np.testing.assert_allclose(score, expected, atol=1e-4)


class FavoursInputs:
    """The fixture's decoder, but padding and the start token get almost all the probability at every step."""

    def __init__(self, decoder):
        self.decoder, self.input, self.output = decoder, decoder.input, decoder.output

    def __call__(self, inputs, training=False):
        out = {k: np.asarray(v) for k, v in self.decoder(inputs, training=training).items()}
        probabilities = out["probabilities"] * 0.01
        probabilities[..., [PAD, START_TOKEN]] += 0.495
        return out | {"probabilities": probabilities}


def test_decoders_never_write_padding_or_the_start_token(beam_models, token_source):
    """Beam hygiene: even a decoder that prefers them never gets padding or the start token into a live hypothesis
    or a score; a finished hypothesis is padded, at no cost, and nothing follows its end token."""
    encoder, decoder = beam_models
    favours = FavoursInputs(decoder)
    greedy = greedy_decode_tokens(encoder, favours, token_source, 4, START_TOKEN, END).tokens
    tokens, scores = beam_search(encoder, favours, token_source, 3, 4, START_TOKEN, END)
    for rows in (greedy, tokens.reshape(-1, 4)):
        assert not np.any(rows == START_TOKEN)
        ended = np.cumsum(rows == END, axis=1) - (rows == END) > 0
        np.testing.assert_array_equal(rows == PAD, ended)  # padding exactly after the end token
    rescored = score_answers(encoder, favours, np.repeat(token_source, 3, axis=0), tokens.reshape(-1, 4), START_TOKEN)
    np.testing.assert_allclose(rescored, scores.reshape(-1), rtol=1e-5)


def test_score_answers_is_the_log_probability_one_sequence_at_a_time(beam_models, token_source):
    encoder, decoder = beam_models
    answers = np.array([[3, 4, END, PAD], [END, PAD, PAD, PAD], [4, 4, 4, 3], [3, END, PAD, PAD]] * 2)[:6]
    scores = score_answers(encoder, decoder, token_source, answers, START_TOKEN)
    assert scores.shape == (6,) and scores.dtype == np.float64
    for row in range(6):
        expected, _ = sequence_log_probability(encoder, decoder, token_source[row], list(strip(answers[row])))
        np.testing.assert_allclose(scores[row], expected, rtol=1e-5)


def padded(hypotheses, width=3):
    """Hypotheses (tuples of tokens) as one array, padded to ``width``."""
    return np.array([list(h) + [PAD] * (width - len(h)) for h in hypotheses])


def test_beam_report_splits_the_errors(beam_models, token_source):
    """The reference is each row's most probable answer (exhaustive search), so greedy's misses are search errors
    and an exhaustive beam makes none; a reference the model scores below every pick is a model error."""
    encoder, decoder = beam_models
    reference = padded([exhaustive_search(encoder, decoder, row, 3)[0][2] for row in token_source])
    greedy = beam_report(encoder, decoder, token_source, reference, 1, START_TOKEN, END)
    wide = beam_report(encoder, decoder, token_source, reference, 9, START_TOKEN, END)
    assert wide["exact"] == 1.0 and wide["search errors"] == wide["model errors"] == 0.0
    assert greedy["search errors"] > 0 and greedy["model errors"] == 0.0
    assert greedy["exact"] + greedy["search errors"] == pytest.approx(1.0)
    unlikely = padded([exhaustive_search(encoder, decoder, row, 3)[-1][2] for row in token_source])
    report = beam_report(encoder, decoder, token_source, unlikely, 9, START_TOKEN, END)
    assert report["model errors"] == 1.0 and report["log-probability"] >= greedy["log-probability"] - 1e-6
    assert 1.0 <= report["mean length"] <= 3.0 and report["ms per sequence"] > 0


def test_the_exhaustive_beam_beats_greedy_on_this_model(beam_models, token_source):
    """The fixture is a real test of search: greedy's choice is not always the most probable sequence."""
    encoder, decoder = beam_models
    _, greedy = beam_search(encoder, decoder, token_source, 1, 3, START_TOKEN, END)
    _, wide = beam_search(encoder, decoder, token_source, 16, 3, START_TOKEN, END)
    # float32 scores: equal hypotheses may differ in the last digits on another CPU, so compare with rtol 1e-5
    assert np.all(wide[:, 0] >= greedy[:, 0] - 1e-5 * np.abs(greedy[:, 0])), (wide[:, 0], greedy[:, 0])
    assert np.any(wide[:, 0] > greedy[:, 0] + 0.1)


@pytest.mark.parametrize(
    ("changes", "error", "match"),
    [
        ({"width": 0}, ValueError, "^width must be >= 1, got 0"),
        ({"width": 2.0}, TypeError, "^width must be an integer"),
        ({"max_length": 0}, ValueError, "^max_length must be >= 1"),
        ({"start_token": 5}, ValueError, "^start_token must be a token of the decoder's vocabulary, below 5, got 5"),
        ({"end_token": -1}, ValueError, "^end_token must be >= 0"),
        ({"pad_token": 2}, ValueError, "^pad_token must differ from end_token, both are 2"),
        ({"length_penalty": -0.5}, ValueError, "^length_penalty must be a number >= 0 and <= 10, got -0.5"),
        ({"length_penalty": "0.6"}, TypeError, "^length_penalty must be a number >= 0, got str"),
        ({"source": np.zeros((2, 3))}, TypeError, "^source must hold integers"),
        ({"source": np.zeros((2, 3, 1), int)}, ValueError, r"^source must have rank 2 \(batch, time\)"),
        ({"source": np.zeros((0, 3), int)}, ValueError, "^source must hold at least one sequence"),
    ],
)
def test_stopping_decoders_name_a_bad_argument(beam_models, token_source, changes, error, match):
    encoder, decoder = beam_models
    arguments = {
        "source": token_source,
        "width": 2,
        "max_length": 3,
        "start_token": START_TOKEN,
        "end_token": END,
    } | changes
    with pytest.raises(error, match=match):
        beam_search(encoder, decoder, **arguments)
    greedy_arguments = {k: v for k, v in arguments.items() if k not in ("width", "length_penalty")}
    if set(changes) <= set(greedy_arguments):
        with pytest.raises(error, match=match):
            greedy_decode_tokens(encoder, decoder, **greedy_arguments)


def test_recursive_forecast_feeds_the_model_its_own_output(keras):
    model = lstm_forecaster(4, 1, units=2, seed=0)
    for weight in model.weights:  # an LSTM that outputs 0 and a head that adds 1: each step is last value + 1
        weight.assign(np.zeros(weight.shape))
    model.get_layer("head").bias.assign(np.ones(1))
    x = np.array([[1.0, 2.0, 3.0, 5.0], [0.0, 0.0, 0.0, 0.0]])
    np.testing.assert_allclose(recursive_forecast(model, x, 3, (0.0, 1.0)), [[6, 7, 8], [1, 2, 3]], rtol=1e-5)


def test_beam_search_runs_on_the_attention_models(attention_models):
    """Width 1 is greedy decoding on chapter 06's models too (their memory is repeated per beam and reordered)."""
    _, encoder, decoder = attention_models
    source, _, _ = helpers.data.variable_length_dataset(7, 2, 6, vocabulary=5, rng=0)
    greedy = helpers.decoding.greedy_decode_tokens(encoder, decoder, source, 4, 0, end_token=5)
    tokens, scores = beam_search(encoder, decoder, source, 1, 4, 0, 5)
    np.testing.assert_array_equal(tokens[:, 0], greedy.tokens)
    wide, wide_scores = beam_search(encoder, decoder, source, 3, 4, 0, 5)
    assert np.all(wide_scores[:, 0] >= scores[:, 0] - 1e-5 * np.abs(scores[:, 0]))


def test_greedy_stopping_early_keeps_the_steps_it_ran(beam_models, token_source):
    """Tokens are always max_length wide; probabilities hold only the steps run (here 3: the model's own two, then
    every row ends)."""
    encoder, decoder = beam_models

    class EndsAtStepThree:
        input, output, calls = decoder.input, decoder.output, 0

        def __call__(self, inputs, training=False):
            self.calls += 1
            out = dict(decoder(inputs, training=training))
            if self.calls == 3:
                out["probabilities"] = np.eye(VOCABULARY, dtype=np.float32)[[END] * len(inputs["step"])][:, None]
            return out

    decoded = greedy_decode_tokens(encoder, EndsAtStepThree(), token_source, 50, START_TOKEN, END)
    assert decoded.tokens.shape == (len(token_source), 50) and decoded.weights is None
    assert decoded.probabilities.shape == (len(token_source), 3, VOCABULARY)
    assert np.all(decoded.tokens[:, 3:] == PAD) and np.all((decoded.tokens[:, :3] == END).any(axis=1))


def test_most_probable_is_the_exhaustive_best(beam_models, token_source):
    encoder, decoder = beam_models
    candidates = padded([tokens for _, _, tokens in exhaustive_search(encoder, decoder, token_source[0], 3)])
    best, scores = helpers.decoding.most_probable(encoder, decoder, token_source[:3], candidates, START_TOKEN)
    for row in range(3):
        ranked = exhaustive_search(encoder, decoder, token_source[row], 3)
        assert strip(best[row]) == ranked[0][2]
        np.testing.assert_allclose(scores[row], ranked[0][1], rtol=1e-5)
    # the pad token reaches the scores: with another one, the padding counts as tokens and the scores change
    _, repadded = helpers.decoding.most_probable(encoder, decoder, token_source[:3], candidates, START_TOKEN, END)
    every = score_answers(
        encoder, decoder, np.repeat(token_source[:3], len(candidates), 0), np.tile(candidates, (3, 1)), START_TOKEN, END
    )
    np.testing.assert_allclose(repadded, every.reshape(3, -1).max(axis=1), rtol=1e-5)
    assert not np.allclose(repadded, scores)


def test_beam_report_counts_unfinished_picks_and_the_flips_against_greedy(beam_models, token_source):
    encoder, decoder = beam_models
    reference = padded([exhaustive_search(encoder, decoder, row, 3)[0][2] for row in token_source])
    greedy = greedy_decode_tokens(encoder, decoder, token_source, 3, START_TOKEN, END).tokens
    report = beam_report(encoder, decoder, token_source, reference, 9, START_TOKEN, END, greedy=greedy)
    greedy_right = np.all(greedy == reference, axis=1)
    assert report["fixed"] == pytest.approx((~greedy_right).mean()) and report["broken"] == 0.0
    assert report["unfinished"] == pytest.approx((~np.any(reference == END, axis=1)).mean())
    assert report["wrong length"] == 0.0
