"""Chapter 07's builder: named layers, inference models rebuilt by name, after a save and a load too."""

import numpy as np
import pytest

from helpers.decoding import greedy_decode_tokens
from helpers.models import addition_inference_models, addition_models, fit_addition
from helpers.text import ADDITION, END, START, addition_dataset

#: Results of float32 arithmetic: `make test` runs this file again with oneDNN off (tools/course.py NUMERICS).
pytestmark = pytest.mark.numerics

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
    fit_addition(train, source, decoder_input, target, epochs=1)
    path = tmp_path / "addition.keras"
    train.save(path)
    loaded = keras.models.load_model(path)
    loaded_encoder, loaded_decoder = addition_inference_models(loaded)
    assert loaded_decoder.get_layer("head") is loaded.get_layer("head") is not train.get_layer("head")
    np.testing.assert_array_equal(
        greedy_decode_tokens(loaded_encoder, loaded_decoder, source, 4, START, END),
        greedy_decode_tokens(encoder, decoder, source, 4, START, END),
    )


def test_mask_makes_the_answer_independent_of_extra_padding(data):
    train, encoder, _ = addition_models(ADDITION.size, embedding=4, units=8, mask=True, seed=0)
    source = data[0]
    wide = np.pad(source, ((0, 0), (0, 3)))
    for state, wide_state in zip(encoder(source), encoder(wide), strict=True):
        np.testing.assert_allclose(np.asarray(state), np.asarray(wide_state), rtol=1e-5, atol=1e-5)
    _, unmasked, _ = addition_models(ADDITION.size, embedding=4, units=8, mask=False, seed=0)
    assert not np.allclose(np.asarray(unmasked(source)[0]), np.asarray(unmasked(wide)[0]), atol=1e-3)


@pytest.mark.parametrize(
    ("call", "error", "match"),
    [
        (lambda: addition_models(mask=1), TypeError, "^mask must be True or False"),
        (lambda: addition_models(vocabulary=3), ValueError, "^vocabulary must be >= 4"),
        (lambda: addition_models(units=0), ValueError, "^units must be >= 1"),
        (
            lambda: addition_models(learning_rate=0),
            ValueError,
            "^learning_rate must be a positive finite number, got 0",
        ),
    ],
)
def test_bad_arguments_name_the_argument(call, error, match):
    with pytest.raises(error, match=match):
        call()


def test_fit_addition_checks_epochs(small, data):
    with pytest.raises(ValueError, match="^initial_epoch must be < epochs=2, got 2"):
        fit_addition(small[0], *data, epochs=2, initial_epoch=2)
