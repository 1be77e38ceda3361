"""Stopping greedy decoding and batched beam search on a tiny untrained token decoder."""

import itertools

import numpy as np
import pytest

import helpers.repro
from helpers.decoding import beam_search, greedy_decode_tokens

#: Results of float32 arithmetic: `make test` runs this file again with oneDNN off (tools/course.py NUMERICS).
pytestmark = pytest.mark.numerics

VOCABULARY, UNITS = 4, 3
PAD, START, END = 0, 1, 2


@pytest.fixture(scope="module")
def models():
    """Encoder of integer tokens -> [h, c]; decoder [token (batch, 1), h, c] -> [probabilities, h, c].

    Weights drawn with standard deviation 2, so that the untrained decoder is confident enough for
    its choices to depend on the step (with Keras's small initial weights it is nearly uniform).
    """
    helpers.repro.seed_everything(3)
    import keras

    source = keras.Input((None,), dtype="int32")
    embedded = keras.layers.Embedding(VOCABULARY, 2, mask_zero=True)(source)
    _, h, c = keras.layers.LSTM(UNITS, return_state=True)(embedded)
    encoder = keras.Model(source, [h, c])
    token, h_in, c_in = keras.Input((1,), dtype="int32"), keras.Input((UNITS,)), keras.Input((UNITS,))
    lstm = keras.layers.LSTM(UNITS, return_sequences=True, return_state=True, name="decoder_lstm")
    embedding = keras.layers.Embedding(VOCABULARY, 2, name="decoder_embedding")
    sequence, h_out, c_out = lstm(embedding(token), initial_state=[h_in, c_in])
    head = keras.layers.Dense(VOCABULARY, activation="softmax", name="head")
    decoder = keras.Model([token, h_in, c_in], [head(sequence), h_out, c_out])
    rng = np.random.default_rng(0)
    for model in (encoder, decoder):
        model.set_weights([rng.normal(0.0, 2.0, w.shape).astype(np.float32) for w in model.get_weights()])
    return encoder, decoder


@pytest.fixture(scope="module")
def source():
    return np.random.default_rng(0).integers(1, VOCABULARY, (6, 5))


def sequence_log_probability(encoder, decoder, source_row, hypothesis):
    """Teacher-forced log-probability of one hypothesis, truncated after its first end token."""
    states = [np.asarray(s) for s in encoder(source_row[np.newaxis])]
    previous, total, length = START, 0.0, 0
    for token in hypothesis:
        probabilities, *states = (np.asarray(t) for t in decoder([np.array([[previous]]), *states]))
        total += float(np.log(probabilities[0, 0, token].astype(np.float64)))
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
    candidates = np.array(list(itertools.product(range(VOCABULARY), repeat=max_length)))
    states = [np.repeat(np.asarray(s), len(candidates), axis=0) for s in encoder(source_row[np.newaxis])]
    previous = np.concatenate([np.full((len(candidates), 1), START), candidates[:, :-1]], axis=1)
    log_p = []
    for step in range(max_length):
        probabilities, *states = (np.asarray(t) for t in decoder([previous[:, step : step + 1], *states]))
        log_p.append(np.log(probabilities[np.arange(len(candidates)), 0, candidates[:, step]].astype(np.float64)))
    ended_before = np.cumsum(candidates == END, axis=1) - (candidates == END) > 0
    scores = np.where(ended_before, 0.0, np.stack(log_p, axis=1)).sum(axis=1)
    hypotheses = {strip(row): score for row, score in zip(candidates, scores, strict=True)}
    ranked = [(score / len(tokens) ** length_penalty, score, tokens) for tokens, score in hypotheses.items()]
    return sorted(ranked, key=lambda item: -item[0])


def strip(row):
    row = list(row)
    return tuple(row[: row.index(END) + 1]) if END in row else tuple(row)


def test_greedy_stops_at_the_end_token_and_pads(models, source):
    encoder, decoder = models
    result = greedy_decode_tokens(encoder, decoder, source, max_length=6, start_token=START, end_token=END)
    assert result.shape == (6, 6) and result.dtype == np.int64
    for row in result:
        if END in row:
            assert np.all(row[list(row).index(END) + 1 :] == PAD)


def test_greedy_equals_one_sequence_at_a_time(models, source):
    encoder, decoder = models
    batched = greedy_decode_tokens(encoder, decoder, source, 5, START, END)
    for index in range(len(source)):
        alone = greedy_decode_tokens(encoder, decoder, source[index : index + 1], 5, START, END)
        np.testing.assert_array_equal(batched[index : index + 1], alone)


def test_greedy_stops_the_batch_when_every_sequence_is_done(models, source):
    """A decoder that always says `end` is called once, whatever max_length is."""
    encoder, decoder = models
    calls = []

    class AlwaysEnd:
        inputs, outputs = decoder.inputs, decoder.outputs

        def __call__(self, inputs, training=False):
            calls.append(len(inputs[0]))
            probabilities = np.zeros((len(inputs[0]), 1, VOCABULARY), np.float32)
            probabilities[..., END] = 1.0
            return [probabilities, *inputs[1:]]

    result = greedy_decode_tokens(encoder, AlwaysEnd(), source, 10, START, END)
    assert calls == [len(source)]
    np.testing.assert_array_equal(result[:, 0], END)
    np.testing.assert_array_equal(result[:, 1:], PAD)
    tokens, _ = beam_search(encoder, AlwaysEnd(), source, width=3, max_length=10, start_token=START, end_token=END)
    assert calls == [len(source), 3 * len(source)]  # one decoder call over batch x width rows


@pytest.mark.parametrize("max_length", [1, 3, 6])
def test_beam_width_one_is_greedy(models, source, max_length):
    encoder, decoder = models
    greedy = greedy_decode_tokens(encoder, decoder, source, max_length, START, END)
    tokens, scores = beam_search(encoder, decoder, source, 1, max_length, START, END)
    assert tokens.shape == (len(source), 1, max_length) and scores.shape == (len(source), 1)
    np.testing.assert_array_equal(tokens[:, 0], greedy)


@pytest.mark.parametrize("length_penalty", [0.0, 1.0])
def test_wide_beam_equals_exhaustive_search(models, source, length_penalty):
    """With width = vocabulary ** (max_length - 1) nothing is pruned before the last step."""
    encoder, decoder = models
    max_length = 3
    width = VOCABULARY ** (max_length - 1)
    tokens, scores = beam_search(encoder, decoder, source, width, max_length, START, END, length_penalty=length_penalty)
    for row in range(len(source)):
        ranked = exhaustive_search(encoder, decoder, source[row], max_length, length_penalty)
        assert strip(tokens[row, 0]) == ranked[0][2]
        np.testing.assert_allclose(scores[row, 0], ranked[0][1], atol=1e-4)
        found = [strip(t) for t, s in zip(tokens[row], scores[row], strict=True) if np.isfinite(s)]
        assert found == [tokens for _, _, tokens in ranked[: len(found)]]


def test_beam_scores_are_the_teacher_forced_log_probabilities(models, source):
    encoder, decoder = models
    tokens, scores = beam_search(encoder, decoder, source[:2], 3, 4, START, END)
    assert np.all(np.diff(scores, axis=1) <= 0)  # best first: the same float32 values, sorted
    for row in range(2):
        for hypothesis, score in zip(tokens[row], scores[row], strict=True):
            expected, _ = sequence_log_probability(encoder, decoder, source[row], list(strip(hypothesis)))
            np.testing.assert_allclose(score, expected, atol=1e-4)


def test_the_exhaustive_beam_beats_greedy_on_this_model(models, source):
    """The fixture is a real test of search: greedy's choice is not always the most probable sequence."""
    encoder, decoder = models
    _, greedy = beam_search(encoder, decoder, source, 1, 3, START, END)
    _, wide = beam_search(encoder, decoder, source, 16, 3, START, END)
    # float32 scores: equal hypotheses may differ in the last digits on another CPU, so compare with rtol 1e-5
    assert np.all(wide[:, 0] >= greedy[:, 0] - 1e-5 * np.abs(greedy[:, 0])), (wide[:, 0], greedy[:, 0])
    assert np.any(wide[:, 0] > greedy[:, 0] + 0.1)


def test_one_hot_step_decoder_decodes_like_the_token_decoder(models, source):
    """A decoder whose step input is a one-hot vector gets one-hot steps."""
    import keras

    encoder, decoder = models
    step, h_in, c_in = keras.Input((1, VOCABULARY)), keras.Input((UNITS,)), keras.Input((UNITS,))
    vectors = keras.ops.matmul(step, decoder.get_layer("decoder_embedding").embeddings)
    sequence, h_out, c_out = decoder.get_layer("decoder_lstm")(vectors, initial_state=[h_in, c_in])
    one_hot_decoder = keras.Model([step, h_in, c_in], [decoder.get_layer("head")(sequence), h_out, c_out])
    np.testing.assert_array_equal(
        greedy_decode_tokens(encoder, one_hot_decoder, source, 4, START, END),
        greedy_decode_tokens(encoder, decoder, source, 4, START, END),
    )
    np.testing.assert_array_equal(
        beam_search(encoder, one_hot_decoder, source, 3, 4, START, END)[0],
        beam_search(encoder, decoder, source, 3, 4, START, END)[0],
    )


@pytest.mark.parametrize(
    ("changes", "error", "match"),
    [
        ({"width": 0}, ValueError, "^width must be >= 1, got 0"),
        ({"width": 2.0}, TypeError, "^width must be an integer"),
        ({"max_length": 0}, ValueError, "^max_length must be >= 1"),
        ({"start_token": 4}, ValueError, "^start_token must be a token of the decoder's vocabulary, below 4, got 4"),
        ({"end_token": -1}, ValueError, "^end_token must be >= 0"),
        ({"pad_token": 2}, ValueError, "^pad_token must differ from end_token, both are 2"),
        ({"length_penalty": -0.5}, ValueError, "^length_penalty must be a number >= 0, got -0.5"),
        ({"length_penalty": "0.6"}, TypeError, "^length_penalty must be a number >= 0, got str"),
        ({"source": np.zeros((2, 3))}, TypeError, "^source must hold integers"),
        ({"source": np.zeros((2, 3, 1), int)}, ValueError, r"^source must have rank 2 \(batch, time\)"),
        ({"source": np.zeros((0, 3), int)}, ValueError, "^source must hold at least one sequence"),
    ],
)
def test_bad_arguments_name_the_argument(models, source, changes, error, match):
    encoder, decoder = models
    arguments = {"source": source, "width": 2, "max_length": 3, "start_token": START, "end_token": END} | changes
    with pytest.raises(error, match=match):
        beam_search(encoder, decoder, **arguments)
    greedy_arguments = {k: v for k, v in arguments.items() if k not in ("width", "length_penalty")}
    if set(changes) <= set(greedy_arguments):
        with pytest.raises(error, match=match):
            greedy_decode_tokens(encoder, decoder, **greedy_arguments)
