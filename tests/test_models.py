import numpy as np
import pytest

import helpers.repro
from helpers.decoding import greedy_decode
from helpers.encoding import one_hot
from helpers.models import echo_model, reverse_prefix_models

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


@pytest.mark.parametrize(
    ("builder", "kwargs", "error", "match"),
    [
        (reverse_prefix_models, {"cardinality": 1}, ValueError, "^cardinality must be >= 2, got 1"),
        (reverse_prefix_models, {"cardinality": 5.0}, TypeError, "^cardinality must be an integer"),
        (reverse_prefix_models, {"units": 0}, ValueError, "^units must be >= 1, got 0"),
        (
            reverse_prefix_models,
            {"learning_rate": 0},
            ValueError,
            "^learning_rate must be a positive finite number, got 0",
        ),
        (
            reverse_prefix_models,
            {"learning_rate": "fast"},
            TypeError,
            "^learning_rate must be a positive number, got str",
        ),
        (echo_model, {"batch": 0}, ValueError, "^batch must be >= 1"),
        (echo_model, {"window": 2.0}, TypeError, "^window must be an integer"),
        (echo_model, {"classes": 1}, ValueError, "^classes must be >= 2"),
        (echo_model, {"steps_per_execution": 0}, ValueError, "^steps_per_execution must be >= 1"),
        (echo_model, {"learning_rate": -1.0}, ValueError, "^learning_rate must be a positive finite number, got -1.0"),
    ],
)
def test_bad_arguments(keras, builder, kwargs, error, match):
    with pytest.raises(error, match=match):
        builder(**kwargs)
