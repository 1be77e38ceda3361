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


ATTENTION_LAYERS = ("dot", "additive")


def attention_seq2seq_models(
    attention: str | None = "dot",
    vocabulary: int = 10,
    units: int = 64,
    embedding: int = 16,
    learning_rate: float = 0.005,
    seed: int = 1,
) -> tuple[Any, Any, Any]:
    """An encoder-decoder over integer tokens, with or without attention over the encoder's outputs.

    Tokens are ``1 .. vocabulary``; 0 is the padding and start token, so every layer sees
    ``vocabulary + 1`` classes. The encoder is a bidirectional LSTM (``units // 2`` each way):
    its outputs, one vector per source position, are the *memory* attention reads, and its
    final states (both directions concatenated) start the decoder LSTM (``units``).

    Args:
        attention: ``"dot"`` (Luong: ``keras.layers.Attention``), ``"additive"`` (Bahdanau:
            ``keras.layers.AdditiveAttention``) or ``None`` (the decoder sees only the final
            states, chapter 05's bottleneck).
        vocabulary: number of distinct tokens (>= 2), 0 excluded.
        units: size of the memory vectors and of the decoder's state (even, >= 2).
        embedding: size of the token embedding shared by encoder and decoder.
        learning_rate: Adam's learning rate.
        seed: seeds the initial weights, so two calls build identical models.

    Returns:
        ``(train, encoder, decoder)`` sharing their layers:
        ``train``: ``[source (batch, time_in), decoder_input (batch, time_out)]`` ->
        probabilities ``(batch, time_out, vocabulary + 1)``, compiled (sparse categorical
        cross-entropy);
        ``encoder``: ``source`` -> ``{"memory": (batch, time_in, units), "h": (batch, units), "c": ...}``;
        ``decoder``: ``{"step": (batch, 1), "memory" (attention only), "h", "c"}`` ->
        ``{"probabilities": (batch, 1, vocabulary + 1), "weights": (batch, 1, time_in)
        (attention only), "h", "c"}``.
    """
    import keras

    import helpers.repro

    if attention is not None and attention not in ATTENTION_LAYERS:
        raise ValueError(f"attention must be one of {ATTENTION_LAYERS} or None, got {attention!r}")
    vocabulary = positive_int("vocabulary", vocabulary, minimum=2)
    units = positive_int("units", units, minimum=2)
    if units % 2:
        raise ValueError(f"units must be even (half of them read each direction), got {units}")
    embedding = positive_int("embedding", embedding)
    learning_rate = positive_number("learning_rate", learning_rate)
    helpers.repro.seed_everything(seed)
    classes = vocabulary + 1

    embed = keras.layers.Embedding(classes, embedding, name="embedding")
    encoder_lstm = keras.layers.Bidirectional(
        keras.layers.LSTM(units // 2, return_sequences=True, return_state=True), name="encoder_lstm"
    )
    decoder_lstm = keras.layers.LSTM(units, return_sequences=True, return_state=True, name="decoder_lstm")
    attend = {"dot": keras.layers.Attention, "additive": keras.layers.AdditiveAttention}.get(attention)
    attend = attend(name="attention") if attend else None
    combine = keras.layers.Dense(units, activation="tanh", name="combine")
    head = keras.layers.Dense(classes, activation="softmax", name="head")

    def decode(tokens: Any, memory: Any, h: Any, c: Any) -> tuple[Any, Any, Any, Any]:
        """The decoder's layers on one or many steps: probabilities, attention weights, states."""
        sequence, h, c = decoder_lstm(embed(tokens), initial_state=[h, c])
        if attend is None:
            return head(combine(sequence)), None, h, c
        # Each decoder output (query) scores every memory vector (key = value); the weighted sum is the context.
        context, weights = attend([sequence, memory], return_attention_scores=True)
        return head(combine(keras.ops.concatenate([sequence, context], axis=-1))), weights, h, c

    source = keras.Input((None,), dtype="int32", name="source")
    shifted = keras.Input((None,), dtype="int32", name="decoder_input")
    memory, h_forward, c_forward, h_backward, c_backward = encoder_lstm(embed(source))
    h = keras.ops.concatenate([h_forward, h_backward], axis=-1)
    c = keras.ops.concatenate([c_forward, c_backward], axis=-1)
    probabilities, _, _, _ = decode(shifted, memory, h, c)
    name = f"{attention}_attention" if attention else "no_attention"
    train = keras.Model([source, shifted], probabilities, name=name)
    train.compile(
        optimizer=keras.optimizers.Adam(learning_rate),
        loss="sparse_categorical_crossentropy",
        metrics=["accuracy"],
    )
    encoder = keras.Model(source, {"memory": memory, "h": h, "c": c}, name=f"{name}_encoder")

    inputs = {
        "step": keras.Input((None,), dtype="int32", name="step"),
        "memory": keras.Input((None, units), name="memory"),
        "h": keras.Input((units,), name="h"),
        "c": keras.Input((units,), name="c"),
    }
    probabilities, weights, h_out, c_out = decode(inputs["step"], inputs["memory"], inputs["h"], inputs["c"])
    outputs = {"probabilities": probabilities, "h": h_out, "c": c_out}
    if attend is None:
        del inputs["memory"]
    else:
        outputs["weights"] = weights
    decoder = keras.Model(inputs, outputs, name=f"{name}_decoder")
    return train, encoder, decoder


# The chapter 06 recipe, measured in benchmarks/seeds_06_attention.py: one fit per model.
ATTENTION_RECIPE = {"n_train": 12_000, "epochs": 5, "batch_size": 128, "min_length": 4, "max_length": 20}
