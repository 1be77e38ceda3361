"""helpers.models: each builder's layers, shapes, shared weights and seeding (notebooks 01-07)."""

import numpy as np
import pytest

import helpers.data
import helpers.decoding
import helpers.metrics
import helpers.models
import helpers.repro
from helpers.data import (
    chronological_split,
    echo_windows,
    shift_right,
)
from helpers.decoding import greedy_decode, greedy_decode_tokens
from helpers.encoding import fit_scale, one_hot, to_inputs, to_ppm
from helpers.metrics import mae_by_horizon
from helpers.models import (
    Seq2Seq,
    addition_inference_models,
    addition_models,
    build_seq2seq,
    echo_model,
    fit_linear,
    linear_forecast,
    naive,
    repeat_vector_model,
    reverse_prefix_models,
    seasonal_naive,
    seasonal_naive_trend,
    seq2seq_flops_per_sample,
    teacher_forced_models,
)
from helpers.text import ADDITION, END, START, addition_dataset
from helpers.training import START as ECHO_START
from helpers.training import FitConfig, fit_tokens

#: Results of float32 arithmetic: `make test` runs this file again with oneDNN off (tools/course.py NUMERICS).
pytestmark = pytest.mark.numerics

CLASSES, UNITS = 7, 4


@pytest.fixture(scope="module")
def token_models(keras):
    helpers.repro.seed_everything(0)
    return reverse_prefix_models(CLASSES, UNITS)


@pytest.fixture(scope="module")
def vector_models(keras, token_models):
    helpers.repro.seed_everything(0)
    models = reverse_prefix_models(CLASSES, UNITS, one_hot_inside=False)
    models[0].set_weights(token_models[0].get_weights())
    return models


@pytest.fixture(scope="module")
def batch():
    rng = np.random.default_rng(0)
    source = rng.integers(1, CLASSES, (5, 6))
    target = np.ascontiguousarray(source[:, 2::-1])
    shifted = np.concatenate([np.zeros((5, 1), int), target[:, :-1]], axis=1)
    return source, shifted, target


def lstm_params(inputs, units):
    return 4 * ((inputs + 1) * units + units**2)


def test_three_models_share_three_layers(token_models):
    train, encoder, decoder = token_models
    assert train.get_layer("encoder_lstm") is encoder.get_layer("encoder_lstm")
    assert train.get_layer("decoder_lstm") is decoder.get_layer("decoder_lstm")
    assert train.get_layer("head") is decoder.get_layer("head")
    expected = 2 * lstm_params(CLASSES, UNITS) + (UNITS + 1) * CLASSES
    assert train.count_params() == expected == 2 * 192 + 35 == 419
    assert encoder.count_params() + decoder.count_params() == expected


def test_shapes_and_dtypes(token_models, vector_models):
    train, encoder, decoder = token_models
    assert [tuple(t.shape) for t in train.inputs] == [(None, None), (None, None)]
    assert all("int" in str(t.dtype) for t in train.inputs)
    assert tuple(train.output.shape) == (None, None, CLASSES)
    assert tuple(encoder.inputs[0].shape) == (None, None)
    assert [tuple(t.shape) for t in decoder.inputs] == [(None, None, CLASSES), (None, UNITS), (None, UNITS)]
    assert [tuple(t.shape) for t in vector_models[0].inputs] == [(None, None, CLASSES)] * 2
    assert train.loss == "sparse_categorical_crossentropy"
    assert vector_models[0].loss == "categorical_crossentropy"


def test_one_hot_inside_equals_one_hot_outside(token_models, vector_models, batch):
    source, shifted, target = batch
    from_tokens = np.asarray(token_models[0]([source, shifted]))
    from_vectors = np.asarray(vector_models[0]([one_hot(source, CLASSES), one_hot(shifted, CLASSES)]))
    np.testing.assert_allclose(from_tokens, from_vectors, rtol=1e-5, atol=1e-5)
    sparse = token_models[0].evaluate([source, shifted], target, verbose=0, return_dict=True)["loss"]
    dense = vector_models[0].evaluate(
        [one_hot(source, CLASSES), one_hot(shifted, CLASSES)], one_hot(target, CLASSES), verbose=0, return_dict=True
    )["loss"]
    assert sparse == pytest.approx(dense, rel=1e-5)


def test_teacher_forced_output_equals_step_by_step_decoding_fed_the_truth(token_models, batch):
    """The inference models compute exactly what the training model computes, one step at a time."""
    train, encoder, decoder = token_models
    source, shifted, _ = batch
    whole = np.asarray(train([source, shifted]))
    states = [np.asarray(s) for s in encoder(source)]
    for t in range(shifted.shape[1]):
        step = one_hot(shifted[:, t : t + 1], CLASSES)
        probabilities, *states = (np.asarray(x) for x in decoder([step, *states]))
        np.testing.assert_allclose(probabilities[:, 0], whole[:, t], rtol=1e-5, atol=1e-5)


def test_greedy_decode_accepts_integer_sources(token_models, vector_models, batch):
    source = batch[0]
    start = one_hot(0, CLASSES)
    from_tokens = greedy_decode(token_models[1], token_models[2], source, 3, start)
    from_vectors = greedy_decode(vector_models[1], vector_models[2], one_hot(source, CLASSES), 3, start)
    np.testing.assert_allclose(from_tokens, from_vectors, rtol=1e-5, atol=1e-5)


def test_learning_rate_reaches_adam(keras):
    train, _, _ = reverse_prefix_models(CLASSES, UNITS, learning_rate=0.005)
    assert isinstance(train.optimizer, keras.optimizers.Adam)
    assert float(train.optimizer.learning_rate) == pytest.approx(0.005)


def test_echo_model_stateful_and_stateless(keras):
    stateful, stateless = echo_model(), echo_model(stateful=False)
    assert stateful.name == "stateful_echo" and stateless.name == "stateless_echo"
    assert stateful.inputs[0].shape == (5, 6, 100) and stateless.inputs[0].shape == (None, 6, 100)
    assert [layer.count_params() for layer in stateful.layers] == [7488, 1700]
    assert stateful.get_layer("lstm").stateful and not stateless.get_layer("lstm").stateful
    for a, b in zip(stateful.get_weights(), stateless.get_weights(), strict=True):
        np.testing.assert_array_equal(a, b)


# Chapter 07's builder: named layers, inference models rebuilt by name, after a save and a load too.
NAMES = ("encoder_embedding", "encoder_lstm", "decoder_embedding", "decoder_lstm", "head")


@pytest.fixture(scope="module")
def small():
    return addition_models(ADDITION.size, embedding=4, units=8, seed=0)


@pytest.fixture(scope="module")
def data():
    rng = np.random.default_rng(0)
    return addition_dataset(rng.integers(0, 100, 64), rng.integers(0, 100, 64), 2)


def test_layers_named_and_shared(small):
    train, encoder, decoder = small
    assert sorted(layer.name for layer in train.layers if layer.weights) == sorted(NAMES)
    assert decoder.get_layer("decoder_lstm") is train.get_layer("decoder_lstm")
    assert train.count_params() == encoder.count_params() + decoder.count_params()
    assert train.count_params() == 2 * (14 * 4 + 4 * ((4 + 1) * 8 + 8 * 8)) + (8 + 1) * 14


def test_same_seed_same_model():
    first = addition_models(ADDITION.size, embedding=4, units=8, seed=5)[0].get_weights()
    second = addition_models(ADDITION.size, embedding=4, units=8, seed=5)[0].get_weights()
    assert all(np.array_equal(x, y) for x, y in zip(first, second, strict=True))


def test_saved_and_loaded_model_predicts_the_same(small, data, tmp_path):
    import keras

    train, encoder, decoder = small
    source, decoder_input, target = data
    fit_tokens(train, source, decoder_input, target, FitConfig(epochs=1, batch_size=128, learning_rate=0.003))
    path = tmp_path / "addition.keras"
    train.save(path)
    loaded = keras.models.load_model(path)
    loaded_encoder, loaded_decoder = addition_inference_models(loaded)
    assert loaded_decoder.get_layer("head") is loaded.get_layer("head") is not train.get_layer("head")
    np.testing.assert_array_equal(
        greedy_decode_tokens(loaded_encoder, loaded_decoder, source, 4, START, END).tokens,
        greedy_decode_tokens(encoder, decoder, source, 4, START, END).tokens,
    )


def test_mask_makes_the_answer_independent_of_extra_padding(data):
    train, encoder, _ = addition_models(ADDITION.size, embedding=4, units=8, mask=True, seed=0)
    source = data[0]
    wide = np.pad(source, ((0, 0), (0, 3)))
    states, wide_states = encoder(source), encoder(wide)
    for name in ("h", "c"):
        np.testing.assert_allclose(np.asarray(states[name]), np.asarray(wide_states[name]), rtol=1e-5, atol=1e-5)
    _, unmasked, _ = addition_models(ADDITION.size, embedding=4, units=8, mask=False, seed=0)
    assert not np.allclose(np.asarray(unmasked(source)["h"]), np.asarray(unmasked(wide)["h"]), atol=1e-3)


def test_fit_tokens_checks_epochs_and_sets_the_recipes_learning_rate(small, data):
    fit = FitConfig(epochs=2, batch_size=128, learning_rate=0.004)
    with pytest.raises(ValueError, match="^initial_epoch must be < fit.epochs=2, got 2"):
        fit_tokens(small[0], *data, fit, initial_epoch=2)
    fit_tokens(small[0], *data, fit, initial_epoch=1)
    assert float(small[0].optimizer.learning_rate) == pytest.approx(0.004)


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


def test_flops_formula_of_notebook_05():
    assert seq2seq_flops_per_sample(6, 3, 51, 128) == 5_066_496


def test_repeat_vector_model_counts_and_seeds(keras):
    model = repeat_vector_model(2)
    assert model.count_params() == 4 * (100 + 64 + 1) * 64 + 4 * (64 + 64 + 1) * 64 + 64 * 100 + 100 == 81_764
    again = repeat_vector_model(2)
    for a, b in zip(model.get_weights(), again.get_weights(), strict=True):
        np.testing.assert_array_equal(a, b)  # the builder seeds itself


def test_teacher_forced_models_share_layers(keras):
    train, encoder, decoder = teacher_forced_models(units=4)
    assert encoder.count_params() + decoder.count_params() == train.count_params()
    assert decoder.inputs[0].shape[-1] == ECHO_START + 1


def test_repeat_vector_state_model_changes_only_the_initial_state(keras):
    from helpers.models import repeat_vector_state_model

    plain, with_state = repeat_vector_model(4, units=8, seed=2), repeat_vector_state_model(4, units=8, seed=2)
    assert with_state.count_params() == plain.count_params()  # the same layers, wired differently
    with_state.set_weights(plain.get_weights())
    X = one_hot(echo_windows(1, 4, rng=3)[0], 100)
    assert with_state.predict(X, verbose=0).shape == plain.predict(X, verbose=0).shape == (21, 4, 100)
    assert not np.allclose(with_state.predict(X, verbose=0), plain.predict(X, verbose=0))


def test_attention_models_shapes_and_names(attention_models):
    train, encoder, decoder = attention_models
    source = np.array([[0, 1, 2, 3], [4, 3, 2, 1]])
    assert train([source, source]).shape == (2, 4, 6)
    encoded = encoder(source)
    shapes = {"memory": (2, 4, 8), "mask": (2, 4), "h": (2, 8), "c": (2, 8)}
    assert {k: tuple(v.shape) for k, v in encoded.items()} == shapes
    assert ("memory" in decoder.input) == ("mask" in decoder.input) == ("weights" in decoder.output)


def test_the_encoder_skips_padding(attention_models):
    """The same tokens with more padding on the left: the same final states, the same memory at the tokens."""
    _, encoder, _ = attention_models
    short, long = (np.array([[0] * pad + [3, 1, 4, 1]]) for pad in (1, 5))
    a, b = ({k: np.asarray(v) for k, v in encoder(x).items()} for x in (short, long))
    for key in ("h", "c"):
        np.testing.assert_allclose(a[key], b[key], rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(a["memory"][:, 1:], b["memory"][:, 5:], rtol=1e-5, atol=1e-6)
    np.testing.assert_array_equal(b["mask"], [[0] * 5 + [1] * 4])


@pytest.mark.parametrize("score", helpers.models.ATTENTION_SCORES)
def test_source_attention_weights_sum_to_one_and_skip_padding(keras, score):
    layer = helpers.models.SourceAttention(score, units=6)
    rng = np.random.default_rng(0)
    query, memory = rng.normal(size=(2, 3, 6)).astype("float32"), rng.normal(size=(2, 5, 6)).astype("float32")
    mask = np.array([[0, 0, 1, 1, 1], [1, 1, 1, 1, 1]], "float32")
    context, weights = (np.asarray(t) for t in layer(query, memory, memory_mask=mask))
    assert context.shape == (2, 3, 6) and weights.shape == (2, 3, 5)
    np.testing.assert_allclose(weights.sum(-1), 1, rtol=1e-5)
    assert np.all(weights[0, :, :2] == 0)
    np.testing.assert_allclose(context, weights @ memory, rtol=1e-5, atol=1e-6)
    expected_weights = {"dot": 0, "general": 1, "bahdanau": 3}[score]
    assert len(layer.trainable_weights) == expected_weights


def test_dot_score_is_keras_attention_with_a_value_mask(keras):
    rng = np.random.default_rng(1)
    query, memory = rng.normal(size=(2, 3, 6)).astype("float32"), rng.normal(size=(2, 5, 6)).astype("float32")
    mask = np.array([[0, 1, 1, 1, 1], [1, 1, 1, 0, 0]], "float32")
    ours = helpers.models.SourceAttention("dot")(query, memory, memory_mask=mask)
    theirs = keras.layers.Attention()([query, memory], mask=[None, mask.astype(bool)], return_attention_scores=True)
    for a, b in zip(ours, theirs, strict=True):
        np.testing.assert_allclose(np.asarray(a), np.asarray(b), rtol=1e-5, atol=1e-6)


def test_attention_models_same_seed_same_weights():
    a = helpers.models.attention_seq2seq_models("dot", vocabulary=5, units=8, embedding=4, seed=3)[0]
    b = helpers.models.attention_seq2seq_models("dot", vocabulary=5, units=8, embedding=4, seed=3)[0]
    assert all(np.array_equal(x, y) for x, y in zip(a.get_weights(), b.get_weights(), strict=True))


def test_attention_models_bad_arguments():
    with pytest.raises(ValueError, match="attention must be one of"):
        helpers.models.attention_seq2seq_models("additive")
    with pytest.raises(ValueError, match="units must be even"):
        helpers.models.attention_seq2seq_models(units=7)


def test_baselines_on_a_line_plus_a_season():
    t = np.arange(36.0)
    x = (2.0 * t / 12 + np.sin(2 * np.pi * t / 12))[None]
    future = (2.0 * (t[:12] + 36) / 12 + np.sin(2 * np.pi * t[:12] / 12))[None]
    np.testing.assert_allclose(naive(x, 3), np.repeat(x[:, -1:], 3, axis=1), rtol=1e-5)
    np.testing.assert_allclose(seasonal_naive(x, 12), x[:, -12:], rtol=1e-5)
    np.testing.assert_allclose(seasonal_naive_trend(x, 12), future, rtol=1e-5, atol=1e-9)
    with pytest.raises(ValueError, match="horizon"):
        naive(x, 13)


def test_offsets_round_trip_and_least_squares_recovers_a_linear_rule():
    values = np.cumsum(np.random.default_rng(0).normal(size=400))
    split = chronological_split(values, window=24, horizon=3, validation_months=30, test_months=30)
    scale = fit_scale(split["train"])
    x = split["test"].x
    np.testing.assert_allclose(to_ppm(to_inputs(x, scale)[..., 0], x, scale, "offsets"), x, rtol=1e-5)
    levels = fit_scale(split["train"], "levels")
    np.testing.assert_allclose(to_ppm(to_inputs(x, levels, "levels")[..., 0], x, levels, "levels"), x, rtol=1e-5)
    # a random walk's best forecast is the last value: least squares finds offsets near zero
    forecast = linear_forecast(fit_linear(split["train"], scale), x, scale)
    assert (
        mae_by_horizon(split["test"].y, forecast).mean() < 1.5 * mae_by_horizon(split["test"].y, naive_like(x)).mean()
    )


def naive_like(x: np.ndarray) -> np.ndarray:
    return np.repeat(x[:, -1:], 3, axis=1)


def test_the_sequence_echo_models_and_a_bare_dense_head():
    from helpers.models import many_to_many_echo_model, many_to_one_echo_model

    assert many_to_one_echo_model().count_params() == 140 + 30
    wrapped, bare = many_to_many_echo_model(), many_to_many_echo_model(time_distributed=False)
    assert wrapped.count_params() == bare.count_params() == 146 and wrapped.output_shape == (None, 5, 1)
    bare.set_weights(wrapped.get_weights())
    x = np.random.default_rng(0).random((2, 5, 1)).astype(np.float32)
    np.testing.assert_allclose(bare.predict_on_batch(x), wrapped.predict_on_batch(x), rtol=1e-5, atol=1e-6)


def test_keras2_defaults_for_the_source_investigation(keras):
    from helpers.models import keras2_categorical_crossentropy, keras2_hard_sigmoid

    np.testing.assert_allclose(
        np.asarray(keras2_hard_sigmoid(np.array([-5.0, -1.0, 0.0, 1.0, 5.0]))), [0, 0.3, 0.5, 0.7, 1]
    )
    y_true, y_pred = np.eye(3, dtype="float32")[[0, 1]], np.array([[0.7, 0.2, 0.1], [0.25, 0.5, 0.25]], "float32")
    expected = keras.losses.categorical_crossentropy(y_true, y_pred)
    np.testing.assert_allclose(
        np.asarray(keras2_categorical_crossentropy(y_true, y_pred)), np.asarray(expected), rtol=1e-5
    )
    model = repeat_vector_model(2, units=4, keras2_gates=True, keras2_loss=True)
    assert model.get_layer("encoder").recurrent_activation is keras2_hard_sigmoid
    assert model.loss is keras2_categorical_crossentropy


def test_adding_models_differ_in_the_cell_only(keras):
    from helpers.models import adding_model

    rnn, lstm = adding_model("SimpleRNN", units=32), adding_model("LSTM", units=32)
    assert rnn.count_params() == 32 * (2 + 32 + 1) + 33
    assert lstm.count_params() == 4 * 32 * (2 + 32 + 1) + 33
    assert rnn.optimizer.clipnorm == lstm.optimizer.clipnorm == 1.0
    assert rnn.predict(np.zeros((3, 7, 2)), verbose=0).shape == (3, 1)
    with pytest.raises(ValueError, match="cell"):
        adding_model("GRU")


def test_bahdanau_score_is_keras_additive_attention_on_projected_queries_and_keys(keras):
    """Keras' AdditiveAttention has no projections of its own: fed W_s s and W_m m, it computes Bahdanau's score."""
    rng = np.random.default_rng(2)
    query, memory = rng.normal(size=(2, 3, 6)).astype("float32"), rng.normal(size=(2, 5, 6)).astype("float32")
    mask = np.array([[0, 1, 1, 1, 1], [1, 1, 1, 0, 0]], "float32")
    ours = helpers.models.SourceAttention("bahdanau", units=6)
    expected = ours(query, memory, memory_mask=mask)
    theirs = keras.layers.AdditiveAttention()
    inputs = [ours.query_projection(query), memory, ours.key_projection(memory)]
    theirs(inputs, mask=[None, mask.astype(bool)])
    theirs.scale.assign(keras.ops.reshape(ours.v.kernel, (-1,)))
    got = theirs(inputs, mask=[None, mask.astype(bool)], return_attention_scores=True)
    for a, b in zip(expected, got, strict=True):
        np.testing.assert_allclose(np.asarray(a), np.asarray(b), rtol=1e-5, atol=1e-6)


def test_dense_gradient_embedding_is_the_same_lookup_with_adams_textbook_first_step():
    """The same initial weights, outputs and mask as Keras's Embedding; Adam's first step moves each row by at most
    the learning rate (the step of a dense gradient), where TensorFlow's sparse lookup can move a row further."""
    import keras

    from helpers.text import ADDITION, PAD, addition_dataset, split_pairs

    (a, b), _ = split_pairs(100, 9_900, rng=1)
    source, decoder_input, target = addition_dataset(a, b, 2)
    moves, starts, outputs = {}, {}, {}
    for dense in (False, True):
        train, _, _ = helpers.models.addition_models(ADDITION.size, learning_rate=0.01, seed=2, dense_gradients=dense)
        starts[dense] = train.get_weights()[0]
        outputs[dense] = keras.ops.convert_to_numpy(train([source, decoder_input]))
        train.train_on_batch([source, decoder_input], target, sample_weight=(target != PAD).astype("float32"))
        moves[dense] = float(np.abs(train.get_weights()[0] - starts[dense]).max())
    np.testing.assert_array_equal(starts[True], starts[False])
    np.testing.assert_allclose(outputs[True], outputs[False], atol=1e-6)
    assert moves[True] <= 0.01 * 1.001
    if keras.backend.backend() == "tensorflow":
        assert moves[False] > 2 * 0.01
