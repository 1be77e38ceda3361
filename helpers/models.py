"""Model builders that more than one place needs (a notebook and its benchmarks).

The notebook that teaches a model prints its builder's source with
``inspect.getsource``, so the learner reads every line, while the benchmark and
seed scripts build exactly the same model from this one definition.
"""

from __future__ import annotations

from typing import Any

from helpers._checks import positive_int, positive_number


def reverse_prefix_models(
    cardinality: int = 51, units: int = 128, one_hot_inside: bool = True, learning_rate: float = 0.001
) -> tuple[Any, Any, Any]:
    """Source-D's encoder-decoder: one set of layers wired into three models.

    Args:
        cardinality: number of classes, start token 0 included (51 = 50 values + 0).
        units: LSTM units of the encoder and of the decoder.
        one_hot_inside: ``True``: the training model takes integer tokens, source
            ``(batch, time_in)`` and shifted target ``(batch, time_out)``, one-hot encodes
            them inside the model and is trained on integer targets (sparse categorical
            cross-entropy); ``False``: as the source, every array is float one-hot
            ``(..., cardinality)`` and the loss is categorical cross-entropy. The two
            losses are the same number for the same data.
        learning_rate: Adam's learning rate (the source used Keras's default, 0.001).

    Returns:
        ``(train, encoder, decoder)``, all sharing the same three layers:
        ``train``: ``[source, decoder_input] -> probabilities (batch, time_out, cardinality)``;
        ``encoder``: ``source -> [h, c]``;
        ``decoder``: ``[step (batch, 1, cardinality), h, c] -> [probabilities, h, c]``.
    """
    import keras

    cardinality = positive_int("cardinality", cardinality, minimum=2)
    units = positive_int("units", units)
    learning_rate = positive_number("learning_rate", learning_rate)
    encoder_lstm = keras.layers.LSTM(units, return_state=True, name="encoder_lstm")
    decoder_lstm = keras.layers.LSTM(units, return_sequences=True, return_state=True, name="decoder_lstm")
    head = keras.layers.Dense(cardinality, activation="softmax", name="head")

    if one_hot_inside:
        source = keras.Input((None,), dtype="int32", name="source")
        shifted = keras.Input((None,), dtype="int32", name="decoder_input")
        # keras.ops on symbolic inputs become parameter-free steps of the model: one-hot happens inside.
        source_vectors = keras.ops.one_hot(source, cardinality)
        shifted_vectors = keras.ops.one_hot(shifted, cardinality)
    else:
        source = keras.Input((None, cardinality), name="source")
        shifted = keras.Input((None, cardinality), name="decoder_input")
        source_vectors, shifted_vectors = source, shifted

    # Training: the encoder's final states start the decoder, which reads the shifted target.
    _, h, c = encoder_lstm(source_vectors)
    sequence, _, _ = decoder_lstm(shifted_vectors, initial_state=[h, c])
    train = keras.Model([source, shifted], head(sequence), name="train")

    # Inference: the same layers, rewired. The encoder returns its states ...
    encoder = keras.Model(source, [h, c], name="encoder")
    # ... and the decoder takes one step (a vector) and the states, and returns the next ones.
    step = keras.Input((None, cardinality), name="step")
    h_in, c_in = keras.Input((units,), name="h"), keras.Input((units,), name="c")
    sequence, h_out, c_out = decoder_lstm(step, initial_state=[h_in, c_in])
    decoder = keras.Model([step, h_in, c_in], [head(sequence), h_out, c_out], name="decoder")

    loss = "sparse_categorical_crossentropy" if one_hot_inside else "categorical_crossentropy"
    train.compile(optimizer=keras.optimizers.Adam(learning_rate), loss=loss, metrics=["accuracy"])
    return train, encoder, decoder


def echo_model(
    stateful: bool = True,
    learning_rate: float = 0.001,
    steps_per_execution: int = 1,
    batch: int = 5,
    window: int = 6,
    classes: int = 100,
    seed: int = 1,
) -> Any:
    """Source-B part 1's echo model: ``LSTM(16, return_sequences=True)`` then a softmax at every step.

    Args:
        stateful: ``True``: the LSTM keeps its state between batches, so the batch size is fixed
            (``keras.Input(batch_shape=(batch, ...))``); ``False``: any batch size, state from zeros.
        learning_rate: Adam's learning rate (the source used Keras's default, 0.001).
        steps_per_execution: training steps Keras runs per call of its compiled function.
        batch: the fixed batch size of the stateful model.
        window: time steps per sample.
        classes: one-hot size of every step.
        seed: seeds the initial weights, so two calls build identical models.

    Returns:
        A compiled ``keras.Sequential`` named ``stateful_echo`` or ``stateless_echo``.
    """
    import keras

    import helpers.repro

    for name, value in {"steps_per_execution": steps_per_execution, "batch": batch, "window": window}.items():
        positive_int(name, value)
    positive_int("classes", classes, minimum=2)
    learning_rate = positive_number("learning_rate", learning_rate)
    helpers.repro.seed_everything(seed)
    model = keras.Sequential(
        [
            keras.Input(batch_shape=(batch if stateful else None, window, classes)),
            keras.layers.LSTM(16, stateful=stateful, return_sequences=True, name="lstm"),
            keras.layers.TimeDistributed(keras.layers.Dense(classes, activation="softmax"), name="head"),
        ],
        name="stateful_echo" if stateful else "stateless_echo",
    )
    model.compile(
        loss="categorical_crossentropy",
        optimizer=keras.optimizers.Adam(learning_rate),
        metrics=["accuracy"],
        steps_per_execution=steps_per_execution,
    )
    return model


def addition_models(
    vocabulary: int = 14,
    embedding: int = 32,
    units: int = 128,
    mask: bool = True,
    learning_rate: float = 0.003,
    seed: int = 1,
) -> tuple[Any, Any, Any]:
    """Chapter 07's encoder-decoder over integer tokens, with or without padding masks.

    Layers, found later by name (:func:`addition_inference_models`): ``encoder_embedding``,
    ``encoder_lstm``, ``decoder_embedding``, ``decoder_lstm``, ``head``.

    Args:
        vocabulary: number of tokens, padding ``0`` included.
        embedding: size of the vectors the ``Embedding`` layers map each token to.
        units: LSTM units of the encoder and of the decoder.
        mask: ``True``: both embeddings have ``mask_zero=True``, so padding (token 0) is skipped by the
            LSTMs and left out of the loss; ``False``: padding is read like any other token.
        learning_rate: Adam's learning rate.
        seed: seeds the initial weights, so two calls build identical models.

    Returns:
        ``(train, encoder, decoder)`` sharing their layers:
        ``train``: ``[source (batch, time_in), decoder_input (batch, time_out)]`` -> ``(batch, time_out, vocabulary)``;
        ``encoder``: ``source`` -> ``[h, c]``;
        ``decoder``: ``[token (batch, 1), h, c]`` -> ``[probabilities (batch, 1, vocabulary), h, c]``.
    """
    import keras

    import helpers.repro

    vocabulary = positive_int("vocabulary", vocabulary, minimum=4)
    embedding, units = positive_int("embedding", embedding), positive_int("units", units)
    if not isinstance(mask, bool):
        raise TypeError(f"mask must be True or False, got {type(mask).__name__} {mask!r}")
    learning_rate = positive_number("learning_rate", learning_rate)
    helpers.repro.seed_everything(seed)
    layers = keras.layers
    source = keras.Input((None,), dtype="int32", name="source")
    shifted = keras.Input((None,), dtype="int32", name="decoder_input")
    source_vectors = layers.Embedding(vocabulary, embedding, mask_zero=mask, name="encoder_embedding")(source)
    _, h, c = layers.LSTM(units, return_state=True, name="encoder_lstm")(source_vectors)
    shifted_vectors = layers.Embedding(vocabulary, embedding, mask_zero=mask, name="decoder_embedding")(shifted)
    sequence, _, _ = layers.LSTM(units, return_sequences=True, return_state=True, name="decoder_lstm")(
        shifted_vectors, initial_state=[h, c]
    )
    probabilities = layers.Dense(vocabulary, activation="softmax", name="head")(sequence)
    train = keras.Model([source, shifted], probabilities, name="masked" if mask else "unmasked")
    train.compile(
        optimizer=keras.optimizers.Adam(learning_rate),
        loss="sparse_categorical_crossentropy",
    )
    return (train, *addition_inference_models(train))


def fit_addition(train: Any, source: Any, decoder_input: Any, target: Any, epochs: int, initial_epoch: int = 0) -> Any:
    """Train :func:`addition_models`' ``train`` with teacher forcing, as chapter 07 and its seed study do.

    Batches of 128, padding steps of the target weighted 0 in the loss (with or without masks, so the
    two models minimise the same loss). ``initial_epoch`` continues an earlier call: ``epochs`` is the
    epoch to stop after, as in Keras.

    Returns:
        The Keras ``History``.
    """
    import numpy as np

    import helpers.progress

    epochs = positive_int("epochs", epochs)
    initial_epoch = positive_int("initial_epoch", initial_epoch, minimum=0)
    if initial_epoch >= epochs:
        raise ValueError(f"initial_epoch must be < epochs={epochs}, got {initial_epoch}")
    weights = (np.asarray(target) != 0).astype("float32")
    return train.fit(
        [source, decoder_input],
        target,
        sample_weight=weights,
        batch_size=128,
        epochs=epochs,
        initial_epoch=initial_epoch,
        verbose=helpers.progress.verbose(epochs - initial_epoch),
    )


def addition_inference_models(train: Any) -> tuple[Any, Any]:
    """The encoder and the one-step decoder of :func:`addition_models`, wired from ``train``'s layers by name.

    Works on a freshly built model and on one loaded from a ``.keras`` file alike: nothing but the
    layer names and the training model's own inputs is needed.

    Returns:
        ``(encoder, decoder)``: ``source (batch, time_in)`` -> ``[h, c]``, and
        ``[token (batch, 1), h, c]`` -> ``[probabilities (batch, 1, vocabulary), h, c]``.
    """
    import keras

    layer = train.get_layer
    source = train.inputs[0]
    _, h, c = layer("encoder_lstm").output
    encoder = keras.Model(source, [h, c], name="encoder")

    units = layer("decoder_lstm").units
    token = keras.Input((1,), dtype="int32", name="token")
    h_in, c_in = keras.Input((units,), name="h"), keras.Input((units,), name="c")
    sequence, h_out, c_out = layer("decoder_lstm")(layer("decoder_embedding")(token), initial_state=[h_in, c_in])
    decoder = keras.Model([token, h_in, c_in], [layer("head")(sequence), h_out, c_out], name="decoder")
    return encoder, decoder
