"""What is built: every model of the course, its architecture and its optimizer (compiled), plus the
forecasters that need no network (chapter 09's baselines and least squares).

The notebook that teaches a model prints its builder's source with
``inspect.getsource``, so the learner reads every line, while the benchmark and
seed scripts build exactly the same model from this one definition.

Seeding contract: every builder takes ``seed`` and calls
:func:`helpers.repro.seed_everything` itself, so building twice gives the same weights.
"""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np
import numpy.typing as npt

import helpers.repro
from helpers import _checks
from helpers.data import SEASON, Windows
from helpers.encoding import _SCALE, _TRAIN, to_inputs, to_ppm

helpers.repro.import_keras_quietly()  # the attention layer below subclasses keras.layers.Layer
import keras  # noqa: E402


class Seq2Seq(NamedTuple):
    """The three models of a teacher-forced encoder-decoder, sharing one set of layers."""

    train: keras.Model
    """``[source (batch, time_in, ...), decoder input (batch, time_out, ...)]`` -> ``(batch, time_out, features)``."""
    encoder: keras.Model
    """``source (batch, time_in, ...)`` -> ``[h, c]``, each ``(batch, units)``."""
    decoder: keras.Model
    """``[x (batch, 1, features), h, c]`` -> ``[y (batch, 1, features), h, c]``: one step at inference."""


def seq2seq_flops_per_sample(n_in: int, n_out: int, cardinality: int, units: int) -> int:
    """Floating-point operations to train :func:`reverse_prefix_models` on one sample (forward + backward).

    An LSTM step costs ``2 * 4 * units * (inputs + units)`` (four gates, a multiply-add each); the
    head ``2 * units * cardinality`` per output step; the backward pass about twice the forward one.
    """
    lstm_step = 2 * 4 * units * (cardinality + units)
    return 3 * ((n_in + n_out) * lstm_step + n_out * 2 * units * cardinality)


def reverse_prefix_models(
    cardinality: int = 51, units: int = 128, one_hot_inside: bool = True, learning_rate: float = 0.001, seed: int = 1
) -> Seq2Seq:
    """The reverse-prefix tutorial's encoder-decoder (notebook 05): one set of layers wired into three models.

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
        seed: seeds the initial weights (:func:`helpers.repro.seed_everything`).

    Returns:
        :class:`Seq2Seq` ``(train, encoder, decoder)``, all sharing the same three layers:
        ``train``: ``[source, decoder_input] -> probabilities (batch, time_out, cardinality)``;
        ``encoder``: ``source -> [h, c]``;
        ``decoder``: ``[step (batch, 1, cardinality), h, c] -> [probabilities, h, c]``.
    """
    import keras

    helpers.repro.seed_everything(seed)
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
    return Seq2Seq(train, encoder, decoder)


def echo_model(
    stateful: bool = True,
    learning_rate: float = 0.001,
    steps_per_execution: int = 1,
    batch: int = 5,
    window: int = 6,
    classes: int = 100,
    seed: int = 1,
) -> keras.Model:
    """Brownlee's echo tutorial, part 1 (notebook 02): ``LSTM(16, return_sequences=True)``, a softmax per step.

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
        steps_per_execution=helpers.repro.steps_per_execution(steps_per_execution),
    )
    return model


class _DenseGradientEmbedding(keras.layers.Embedding):
    """``keras.layers.Embedding`` computed as one-hot rows times the table: the same outputs and mask, and a dense
    gradient on every backend. (On TensorFlow, the lookup's gradient is sparse, one slice per occurrence of a
    token, and Keras's Adam then steps a row further than the dense gradient of its summed occurrences would.)"""

    def call(self, inputs: Any) -> Any:
        one_hot = keras.ops.one_hot(keras.ops.cast(inputs, "int32"), self.input_dim, dtype=self.embeddings.dtype)
        return keras.ops.matmul(one_hot, self.embeddings)


def addition_models(
    vocabulary: int = 14,
    embedding: int = 32,
    units: int = 128,
    mask: bool = True,
    learning_rate: float = 0.001,
    seed: int = 1,
    dense_gradients: bool = False,
) -> tuple[keras.Model, keras.Model, keras.Model]:
    """Chapter 07's encoder-decoder over integer tokens, with or without padding masks.

    Layers, found later by name (:func:`addition_inference_models`): ``encoder_embedding``,
    ``encoder_lstm``, ``decoder_embedding``, ``decoder_lstm``, ``head``.

    Args:
        vocabulary: number of tokens, padding ``0`` included.
        embedding: size of the vectors the ``Embedding`` layers map each token to.
        units: LSTM units of the encoder and of the decoder.
        mask: ``True``: both embeddings have ``mask_zero=True``, so at padding (token 0) the LSTMs keep their
            state unchanged, and padding is left out of the loss; ``False``: padding is read like any other token.
        learning_rate: Adam's learning rate (Keras' default; chapter 07's recipe, ``ADDITION_FIT``, passes its own).
        seed: seeds the initial weights, so two calls build identical models.
        dense_gradients: each lookup as one-hot rows times the table: the same outputs, a dense gradient on
            every backend (chapter 07's study of the backends).

    Returns:
        ``(train, encoder, decoder)`` sharing their layers:
        ``train``: ``[source (batch, time_in), decoder_input (batch, time_out)]`` -> ``(batch, time_out, vocabulary)``;
        ``encoder`` and ``decoder``: as :func:`addition_inference_models` returns.
    """
    import keras

    import helpers.repro

    helpers.repro.seed_everything(seed)
    layers = keras.layers
    Embedding = _DenseGradientEmbedding if dense_gradients else layers.Embedding  # noqa: N806
    source = keras.Input((None,), dtype="int32", name="source")
    shifted = keras.Input((None,), dtype="int32", name="decoder_input")
    source_vectors = Embedding(vocabulary, embedding, mask_zero=mask, name="encoder_embedding")(source)
    _, h, c = layers.LSTM(units, return_state=True, name="encoder_lstm")(source_vectors)
    shifted_vectors = Embedding(vocabulary, embedding, mask_zero=mask, name="decoder_embedding")(shifted)
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


def addition_inference_models(train: keras.Model) -> tuple[keras.Model, keras.Model]:
    """The encoder and the one-step decoder of :func:`addition_models`, wired from ``train``'s layers by name.

    Works on a freshly built model and on one loaded from a ``.keras`` file alike: nothing but the
    layer names and the training model's own inputs is needed.

    Returns:
        ``(encoder, decoder)`` with named inputs and outputs, as :mod:`helpers.decoding` reads them:
        ``source (batch, time_in)`` -> ``{"h", "c"}``, and
        ``{"step": tokens (batch, 1), "h", "c"}`` -> ``{"probabilities": (batch, 1, vocabulary), "h", "c"}``.
    """
    import keras

    layer = train.get_layer
    _, h, c = layer("encoder_lstm").output
    encoder = keras.Model(train.inputs[0], {"h": h, "c": c}, name="encoder")

    units = layer("decoder_lstm").units
    step = keras.Input((1,), dtype="int32", name="step")
    h_in, c_in = keras.Input((units,), name="h"), keras.Input((units,), name="c")
    sequence, h_out, c_out = layer("decoder_lstm")(layer("decoder_embedding")(step), initial_state=[h_in, c_in])
    outputs = {"probabilities": layer("head")(sequence), "h": h_out, "c": c_out}
    decoder = keras.Model({"step": step, "h": h_in, "c": c_in}, outputs, name="decoder")
    return encoder, decoder


def fast_adam(clipnorm: float | None = 1.0) -> keras.optimizers.Optimizer:
    """Adam at 0.01 with gradients clipped to norm ``clipnorm`` (``None``: no clipping): notebook 03's optimizer
    for short budgets."""
    import keras

    return keras.optimizers.Adam(learning_rate=1e-2, clipnorm=clipnorm)


def keras2_hard_sigmoid(x: Any) -> Any:
    """Keras 2's ``hard_sigmoid``, the default gate activation of its LSTM: ``clip(0.2 x + 0.5, 0, 1)``.

    (Keras 3's ``hard_sigmoid`` has slope 1/6, not 0.2.)
    """
    from keras import ops

    return ops.clip(0.2 * x + 0.5, 0.0, 1.0)


def keras2_categorical_crossentropy(y_true: Any, y_pred: Any) -> Any:
    """Keras 2's cross-entropy on probabilities: clipped to ``[1e-7, 1 - 1e-7]`` before the log, so a class whose
    probability is below ``1e-7`` gets no gradient. (Keras 3 on TensorFlow reads the logits instead, but only of an
    output straight from a softmax: behind ``TimeDistributed`` it clips too, as it does on JAX.)
    """
    from keras import ops

    p = ops.clip(y_pred / ops.sum(y_pred, axis=-1, keepdims=True), 1e-7, 1.0 - 1e-7)
    return -ops.sum(y_true * ops.log(p), axis=-1)


def repeat_vector_model(
    n_out: int,
    source_optimizer: bool = False,
    stateful: bool = False,
    seed: int = 1,
    units: int = 64,
    window: int = 5,
    classes: int = 100,
    keras2_gates: bool = False,
    keras2_loss: bool = False,
) -> keras.Model:
    """Brownlee's echo tutorial, part 2 (notebook 03): ``LSTM`` encoder, ``RepeatVector``, ``LSTM`` decoder, softmax.

    Input one-hot windows ``(batch, window, classes)``; output probabilities ``(batch, n_out, classes)``.

    Args:
        n_out: output steps (the encoder's last state is repeated this many times).
        source_optimizer: ``True``: Keras' default Adam, as the source; ``False``: :func:`fast_adam`.
        stateful: ``True``: stateful LSTMs with a fixed batch of 21 windows, as the source.
        seed: seeds the initial weights.
        units, window, classes: LSTM size, input steps, one-hot size.
        keras2_gates: gates with :func:`keras2_hard_sigmoid`, as the source's Keras 2 (a candidate cause).
        keras2_loss: :func:`keras2_categorical_crossentropy`, as the source's Keras 2 (a candidate cause).
    """
    import keras

    helpers.repro.seed_everything(seed)
    gate = keras2_hard_sigmoid if keras2_gates else "sigmoid"
    lstm = {"unroll": True, "stateful": stateful, "recurrent_activation": gate}
    inputs = keras.Input(batch_shape=(21, window, classes)) if stateful else keras.Input(shape=(window, classes))
    model = keras.Sequential(
        [
            inputs,
            keras.layers.LSTM(units, name="encoder", **lstm),
            keras.layers.RepeatVector(n_out, name="repeat"),
            keras.layers.LSTM(units, return_sequences=True, name="decoder", **lstm),
            keras.layers.TimeDistributed(keras.layers.Dense(classes, activation="softmax"), name="head"),
        ],
        name=f"repeat_vector_{n_out}",
    )
    loss = keras2_categorical_crossentropy if keras2_loss else "categorical_crossentropy"
    model.compile(loss=loss, optimizer="adam" if source_optimizer else fast_adam())
    return model


def teacher_forced_models(
    seed: int = 1, units: int = 64, window: int = 5, classes: int = 100, clipnorm: float | None = 1.0
) -> Seq2Seq:
    """Notebook 03's fix: an encoder-decoder whose decoder reads the target shifted right (teacher forcing).

    The decoder's input has ``classes + 1`` features: the start token ``classes`` is a symbol the data never has.
    ``train``: ``[source (batch, window, classes), previous (batch, time, classes + 1)]`` -> ``(batch, time, classes)``.
    """
    import keras

    helpers.repro.seed_everything(seed)
    source = keras.Input(shape=(window, classes), name="source")
    previous = keras.Input(shape=(None, classes + 1), name="previous")  # the target shifted right
    encoder_lstm = keras.layers.LSTM(units, return_state=True, unroll=True, name="encoder")
    decoder_lstm = keras.layers.LSTM(units, return_sequences=True, return_state=True, unroll=True, name="decoder")
    head = keras.layers.Dense(classes, activation="softmax", name="head")

    _, h, c = encoder_lstm(source)
    outputs, _, _ = decoder_lstm(previous, initial_state=[h, c])
    training = keras.Model([source, previous], head(outputs), name="teacher_forced")
    training.compile(loss="categorical_crossentropy", optimizer=fast_adam(clipnorm))

    encoder = keras.Model(source, [h, c], name="encoder_model")
    step = keras.Input(shape=(1, classes + 1), name="step")
    h_in, c_in = keras.Input(shape=(units,), name="h"), keras.Input(shape=(units,), name="c")
    step_out, h_out, c_out = decoder_lstm(step, initial_state=[h_in, c_in])
    decoder = keras.Model([step, h_in, c_in], [head(step_out), h_out, c_out], name="decoder_model")
    return Seq2Seq(training, encoder, decoder)


def build_seq2seq(
    units: int = 50,
    learning_rate: float = 1e-3,
    decay_steps: int | None = None,
    steps_per_execution: int = 1,
    name: str = "seq2seq",
    seed: int = 1,
) -> Seq2Seq:
    """The consecutive-integers tutorial's encoder-decoder (notebook 04): two ``LSTM(units)``, a ``Dense(1)`` head.

    The training model is compiled with Adam and the mean squared error. The encoder and
    decoder inference models reuse its layers, so they see the trained weights.

    Args:
        units: size of both LSTMs (the tutorial: 50).
        learning_rate: Adam's learning rate (the tutorial: Keras' default, 0.001).
        decay_steps: if given, the learning rate follows a cosine from ``learning_rate`` down to
            1 % of it over this many gradient steps (fine final precision for regression).
        steps_per_execution: gradient steps per call of the compiled training function
            (more is faster for small models; the training is the same).
        name: prefix of the three models' names.
        seed: seeds the initial weights.
    """
    import keras

    if decay_steps is not None:
        learning_rate = keras.optimizers.schedules.CosineDecay(learning_rate, decay_steps, alpha=0.01)
    helpers.repro.seed_everything(seed)
    encoder_lstm = keras.layers.LSTM(units, return_state=True, name="encoder_lstm")
    decoder_lstm = keras.layers.LSTM(units, return_sequences=True, return_state=True, name="decoder_lstm")
    head = keras.layers.Dense(1, name="head")

    # Training: the decoder reads the whole teacher-forced input at once, starting from the encoder's states.
    source = keras.Input(shape=(None, 1), name="source")
    decoder_input = keras.Input(shape=(None, 1), name="decoder_input")
    _, h, c = encoder_lstm(source)
    sequence, _, _ = decoder_lstm(decoder_input, initial_state=[h, c])
    train = keras.Model([source, decoder_input], head(sequence), name=f"{name}_train")
    train.compile(
        optimizer=keras.optimizers.Adam(learning_rate),
        loss="mse",
        steps_per_execution=helpers.repro.steps_per_execution(steps_per_execution),
    )

    # Inference: the encoder gives the states; the decoder takes one step and returns its new states.
    encoder = keras.Model(source, [h, c], name=f"{name}_encoder")
    step_input = keras.Input(shape=(1, 1), name="step_input")
    h_in = keras.Input(shape=(units,), name="h_in")
    c_in = keras.Input(shape=(units,), name="c_in")
    step, h_out, c_out = decoder_lstm(step_input, initial_state=[h_in, c_in])
    decoder = keras.Model([step_input, h_in, c_in], [head(step), h_out, c_out], name=f"{name}_decoder")
    return Seq2Seq(train, encoder, decoder)


ATTENTION_SCORES = ("dot", "general", "bahdanau")


class SourceAttention(keras.layers.Layer):
    """Attention of a decoder over the encoder's memory (chapter 06), with one of three scores.

    ``"dot"`` (Luong et al., 2015): ``e = s . m``, no weights. ``"general"`` (Luong et al.): ``e = s . (W m)``.
    ``"bahdanau"`` (Bahdanau et al., 2015): ``e = v . tanh(W_s s + W_m m)``, ``W_s`` and ``W_m`` projecting
    to ``units``. ``units`` is the query's width for ``"general"``. Padded source positions (``memory_mask`` 0)
    get no weight.
    """

    def __init__(self, score: str = "dot", units: int = 64, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.score, self.units = score, units
        if score == "general":
            self.key = keras.layers.Dense(units, use_bias=False, name="W")
        if score == "bahdanau":
            self.query_projection = keras.layers.Dense(units, use_bias=False, name="W_s")
            self.key_projection = keras.layers.Dense(units, use_bias=False, name="W_m")
            self.v = keras.layers.Dense(1, use_bias=False, name="v")

    def call(self, query: Any, memory: Any, memory_mask: Any) -> tuple[Any, Any]:
        """``query (batch, t_out, d)``, ``memory (batch, t_in, d)``, ``memory_mask (batch, t_in)`` -> the
        context ``(batch, t_out, d)`` and the weights ``(batch, t_out, t_in)``."""
        ops = keras.ops
        if self.score == "bahdanau":
            # every query against every memory vector: (batch, t_out, 1, units) + (batch, 1, t_in, units)
            hidden = ops.tanh(
                ops.expand_dims(self.query_projection(query), 2) + ops.expand_dims(self.key_projection(memory), 1)
            )
            scores = ops.squeeze(self.v(hidden), -1)
        else:
            keys = self.key(memory) if self.score == "general" else memory
            scores = ops.matmul(query, ops.transpose(keys, (0, 2, 1)))
        scores = ops.where(ops.expand_dims(ops.greater(memory_mask, 0), 1), scores, -1e9)
        weights = ops.softmax(scores, axis=-1)
        return ops.matmul(weights, memory), weights

    def get_config(self) -> dict[str, Any]:
        return super().get_config() | {"score": self.score, "units": self.units}


def attention_seq2seq_models(
    attention: str | None = "dot",
    vocabulary: int = 10,
    units: int = 64,
    embedding: int = 16,
    learning_rate: float = 0.001,
    seed: int = 1,
) -> tuple[keras.Model, keras.Model, keras.Model]:
    """An encoder-decoder over integer tokens, with or without attention over the encoder's outputs.

    Tokens are ``1 .. vocabulary``; 0 is the padding (masked in the encoder: ``mask_zero=True``) and the decoder's
    start token, so every layer sees ``vocabulary + 1`` classes. The encoder is a bidirectional LSTM (``units // 2``
    each way) whose mask keeps its state unchanged at padding: its outputs, one vector per source position, are the
    *memory* attention reads, and its final states (both directions concatenated) start the decoder LSTM (``units``).

    Args:
        attention: a score of :class:`SourceAttention` (``"dot"``, ``"general"``, ``"bahdanau"``) or ``None`` (the
            decoder sees only the final states, chapter 05's bottleneck).
        vocabulary: number of distinct tokens (>= 2), 0 excluded.
        units: size of the memory vectors and of the decoder's state (even, >= 2).
        embedding: size of the token embeddings (one for the source, one for the decoder's input).
        learning_rate: Adam's learning rate (Keras' default; chapter 06's recipe, ``ATTENTION_FIT``, passes its own).
        seed: seeds the initial weights, so two calls build identical models.

    Returns:
        ``(train, encoder, decoder)`` sharing their layers:
        ``train``: ``[source (batch, time_in), decoder_input (batch, time_out)]`` ->
        probabilities ``(batch, time_out, vocabulary + 1)``, compiled (sparse categorical cross-entropy);
        ``encoder``: ``source`` -> ``{"memory": (batch, time_in, units), "mask": (batch, time_in), "h", "c"}``;
        ``decoder``: ``{"step": (batch, 1), "memory", "mask" (attention only), "h", "c"}`` ->
        ``{"probabilities": (batch, 1, vocabulary + 1), "weights": (batch, 1, time_in) (attention only), "h", "c"}``.
    """
    helpers.repro.seed_everything(seed)
    classes = vocabulary + 1

    source_embed = keras.layers.Embedding(classes, embedding, mask_zero=True, name="source_embedding")
    target_embed = keras.layers.Embedding(classes, embedding, name="target_embedding")
    encoder_lstm = keras.layers.Bidirectional(
        keras.layers.LSTM(units // 2, return_sequences=True, return_state=True), name="encoder_lstm"
    )
    decoder_lstm = keras.layers.LSTM(units, return_sequences=True, return_state=True, name="decoder_lstm")
    attend = SourceAttention(attention, units, name="attention") if attention else None
    combine = keras.layers.Dense(units, activation="tanh", name="combine")
    head = keras.layers.Dense(classes, activation="softmax", name="head")

    def decode(tokens: Any, memory: Any, mask: Any, h: Any, c: Any) -> tuple[Any, Any, Any, Any]:
        """The decoder's layers on one or many steps: probabilities, attention weights, states."""
        sequence, h, c = decoder_lstm(target_embed(tokens), initial_state=[h, c])
        if attend is None:
            return head(combine(sequence)), None, h, c
        # Each decoder output (query) scores every unpadded memory vector; the weighted sum is the context.
        context, weights = attend(sequence, memory, memory_mask=mask)
        return head(combine(keras.ops.concatenate([sequence, context], axis=-1))), weights, h, c

    source = keras.Input((None,), dtype="int32", name="source")
    shifted = keras.Input((None,), dtype="int32", name="decoder_input")
    memory, h_forward, c_forward, h_backward, c_backward = encoder_lstm(source_embed(source))
    mask = keras.ops.cast(keras.ops.not_equal(source, 0), "float32")
    h = keras.ops.concatenate([h_forward, h_backward], axis=-1)
    c = keras.ops.concatenate([c_forward, c_backward], axis=-1)
    probabilities, _, _, _ = decode(shifted, memory, mask, h, c)
    name = f"{attention}_attention" if attention else "no_attention"
    train = keras.Model([source, shifted], probabilities, name=name)
    train.compile(
        optimizer=keras.optimizers.Adam(learning_rate),
        loss="sparse_categorical_crossentropy",
        metrics=["accuracy"],
    )
    encoder = keras.Model(source, {"memory": memory, "mask": mask, "h": h, "c": c}, name=f"{name}_encoder")

    inputs = {
        "step": keras.Input((None,), dtype="int32", name="step"),
        "memory": keras.Input((None, units), name="memory"),
        "mask": keras.Input((None,), name="mask"),
        "h": keras.Input((units,), name="h"),
        "c": keras.Input((units,), name="c"),
    }
    step_inputs = [inputs[key] for key in ("step", "memory", "mask", "h", "c")]
    probabilities, weights, h_out, c_out = decode(*step_inputs)
    outputs = {"probabilities": probabilities, "h": h_out, "c": c_out}
    if attend is None:
        del inputs["memory"], inputs["mask"]
    else:
        outputs["weights"] = weights
    decoder = keras.Model(inputs, outputs, name=f"{name}_decoder")
    return train, encoder, decoder


# Notebook 01 -------------------------------------------------------------------------------


RECURRENT_CELLS = ("SimpleRNN", "LSTM")


def adding_model(cell: str = "LSTM", units: int = 32, learning_rate: float = 3e-3, seed: int = 1) -> keras.Model:
    """Notebook 02's long-lag model: a recurrent layer reads ``(batch, time, 2)``, a linear unit its last output.

    ``cell`` is ``"SimpleRNN"`` (``h = tanh(W x + U h + b)``) or ``"LSTM"``, the same ``units`` and the same optimizer
    (Adam, gradient norm clipped at 1) for both, so that only the cell differs.
    """
    import keras

    helpers.repro.seed_everything(seed)
    model = keras.Sequential(
        [
            keras.Input(shape=(None, 2)),
            getattr(keras.layers, cell)(units, name="recurrent"),
            keras.layers.Dense(1, name="sum"),
        ],
        name=f"adding_{cell.lower()}",
    )
    model.compile(optimizer=keras.optimizers.Adam(learning_rate, clipnorm=1.0), loss="mse")
    return model


def one_to_one_echo_model(units: int = 5, learning_rate: float = 0.001, seed: int = 1) -> keras.Model:
    """The TimeDistributed tutorial's one-to-one model (notebook 01): ``LSTM(units)`` then ``Dense(1)``.

    It reads ``(batch, 1, 1)``: one time step of one feature, and returns ``(batch, 1)``. Compiled with
    the source's loss (mean squared error) and optimizer (Adam, learning rate 0.001 by default).

    Args:
        units: size of the LSTM (the tutorial: 5).
        learning_rate: Adam's learning rate.
        seed: seeds the initial weights, so two calls build identical models.
    """
    import keras

    helpers.repro.seed_everything(seed)
    model = keras.Sequential(
        [keras.Input(shape=(1, 1)), keras.layers.LSTM(units, name="lstm"), keras.layers.Dense(1, name="dense")],
        name="one_to_one",
    )
    model.compile(loss="mean_squared_error", optimizer=keras.optimizers.Adam(learning_rate))
    return model


def many_to_one_echo_model(units: int = 5, seed: int = 1) -> keras.Model:
    """The tutorial's many-to-one model (notebook 01): ``LSTM(units)`` reads ``(batch, 5, 1)``, a ``Dense(5)``
    turns its last output into the five values at once, ``(batch, 5)``. Source loss and optimizer, as above."""
    import keras

    helpers.repro.seed_everything(seed)
    model = keras.Sequential(
        [keras.Input(shape=(5, 1)), keras.layers.LSTM(units, name="lstm"), keras.layers.Dense(5, name="dense")],
        name="many_to_one",
    )
    model.compile(loss="mean_squared_error", optimizer="adam")
    return model


def many_to_many_echo_model(units: int = 5, time_distributed: bool = True, seed: int = 1) -> keras.Model:
    """The tutorial's many-to-many model (notebook 01): ``LSTM(units, return_sequences=True)`` then one
    ``Dense(1)`` at every step, ``(batch, 5, 1)`` -> ``(batch, 5, 1)``; wrapped in ``TimeDistributed``, or
    applied bare (``time_distributed=False``), which gives the same outputs. Source loss and optimizer."""
    import keras

    helpers.repro.seed_everything(seed)
    dense = keras.layers.Dense(1)
    head = keras.layers.TimeDistributed(dense, name="head") if time_distributed else dense
    model = keras.Sequential(
        [keras.Input(shape=(5, 1)), keras.layers.LSTM(units, return_sequences=True, name="lstm"), head],
        name="many_to_many",
    )
    model.compile(loss="mean_squared_error", optimizer="adam")
    return model


def repeat_vector_state_model(
    n_out: int, seed: int = 1, units: int = 64, window: int = 5, classes: int = 100
) -> keras.Model:
    """Notebook 03's ablation: :func:`repeat_vector_model` whose decoder also *starts* from the encoder's ``[h, c]``.

    The decoder's input is still ``RepeatVector(n_out)(h)``; only its initial state changes (zeros in the
    source). Input one-hot windows ``(batch, window, classes)``; output ``(batch, n_out, classes)``.
    Compiled with :func:`fast_adam`.
    """
    import keras

    helpers.repro.seed_everything(seed)
    source = keras.Input(shape=(window, classes), name="source")
    _, h, c = keras.layers.LSTM(units, return_state=True, unroll=True, name="encoder")(source)
    repeated = keras.layers.RepeatVector(n_out, name="repeat")(h)
    decoder = keras.layers.LSTM(units, return_sequences=True, unroll=True, name="decoder")
    outputs = decoder(repeated, initial_state=[h, c])
    head = keras.layers.Dense(classes, activation="softmax", name="head")
    model = keras.Model(source, head(outputs), name=f"repeat_vector_state_{n_out}")
    model.compile(loss="categorical_crossentropy", optimizer=fast_adam())
    return model


# Forecasters of a measured series (chapter 09): baselines with no training, least squares, an LSTM ---------------

#: How an LSTM forecaster covers the horizon: all months at once, or one month fed back.
KINDS = ("direct", "recursive")


def naive(x: npt.ArrayLike, horizon: int) -> np.ndarray:
    """The last value, repeated: ``(windows, window)`` -> ``(windows, horizon)``."""
    x = np.asarray(x).astype(np.float64)
    return np.repeat(x[:, -1:], horizon, axis=1)


def seasonal_naive(x: npt.ArrayLike, horizon: int) -> np.ndarray:
    """The value 12 months earlier: ``(windows, window)`` -> ``(windows, horizon)``."""
    x = np.asarray(x).astype(np.float64)
    return x[:, -SEASON:][:, :horizon]


def seasonal_naive_trend(x: npt.ArrayLike, horizon: int) -> np.ndarray:
    """The value 12 months earlier plus the window's mean rise over 12 months (the mean year-on-year change)."""
    x = np.asarray(x).astype(np.float64)
    rise = (x[:, SEASON:] - x[:, :-SEASON]).mean(axis=1, keepdims=True)
    return x[:, -SEASON:][:, :horizon] + rise


def fit_linear(train: Windows, scale: tuple[float, float]) -> np.ndarray:
    """Least squares on the same inputs as the LSTM: weights ``(window + 1, horizon)``, the last row the bias."""
    inputs = np.c_[to_inputs(train.x, scale)[..., 0], np.ones(len(train.x))]
    targets = (train.y - train.x[:, -1:]) / scale[1]
    return np.linalg.lstsq(inputs, targets, rcond=None)[0]


def linear_forecast(weights: npt.ArrayLike, x: npt.ArrayLike, scale: tuple[float, float]) -> np.ndarray:
    """ppm forecasts ``(windows, horizon)`` of the least-squares model for windows ``x`` ``(windows, window)``."""
    inputs = np.c_[to_inputs(x, scale)[..., 0], np.ones(len(x))]
    return to_ppm(inputs @ np.asarray(weights), x, scale, "offsets")


def lstm_forecaster(
    window: int, outputs: int, units: int = 32, learning_rate: float = 0.001, seed: int = 1
) -> keras.Model:
    """LSTM(units) then Dense(outputs): ``(batch, window, 1)`` -> ``(batch, outputs)``, compiled with Adam at
    ``learning_rate`` (Keras' default; chapter 09's recipe, ``CO2_FIT``, passes its own)."""
    import keras

    import helpers.repro

    helpers.repro.seed_everything(seed)
    model = keras.Sequential(
        [keras.Input((window, 1)), keras.layers.LSTM(units, name="lstm"), keras.layers.Dense(outputs, name="head")],
        name=f"lstm_{outputs}_out",
    )
    steps = helpers.repro.steps_per_execution(12)
    model.compile(optimizer=keras.optimizers.Adam(learning_rate), loss="mse", steps_per_execution=steps)
    return model


def _addition_training_model(train: Any) -> None:
    """``train`` has the layers :func:`addition_inference_models` rewires."""
    names = {layer.name for layer in train.layers}
    missing = [name for name in ("encoder_lstm", "decoder_embedding", "decoder_lstm", "head") if name not in names]
    if missing or not train.inputs:
        raise ValueError(f"train must be a training model of addition_models, it has no layer {missing}")


def _even(name: str, value: object) -> int:
    value = _checks.count(2048, minimum=2)(name, value)
    if value % 2:
        raise ValueError(f"{name} must be even (half of them read each direction), got {value}")
    return value


def _within_a_season(name: str, value: object) -> int:
    value = _checks.positive_int(name, value)
    if value > SEASON:
        raise ValueError(f"{name} must be <= {SEASON} (the baselines look one season back), got {value}")
    return value


def _baseline_arguments(x: Any, horizon: int) -> None:
    """``x`` is ``(windows, window)`` with two seasons of inputs at least."""
    x = _checks.array_rank("x", x, 2, "(windows, window)")
    if x.shape[1] < 2 * SEASON:
        raise ValueError(f"x must hold >= {2 * SEASON} months (two seasons) per window, got shape {x.shape}")


def _linear_forecast_arguments(weights: Any, x: Any, scale: tuple[float, float]) -> None:
    """``weights (window + 1, horizon)`` for windows ``x (windows, window)``."""
    weights = _checks.array_rank("weights", weights, 2, "(window + 1, horizon)")
    x = _checks.array_rank("x", x, 2, "(windows, window)")
    if weights.shape[0] != x.shape[1] + 1:
        raise ValueError(f"weights must have window + 1 = {x.shape[1] + 1} rows, got shape {weights.shape}")


_BASELINE = {"horizon": _checks.named(f"an integer from 1 to {SEASON}", _within_a_season)}


def _tensor(name: str, value: object) -> object:
    if (
        not (hasattr(value, "shape") and hasattr(value, "dtype"))
        or isinstance(value, np.ndarray)
        and value.dtype.kind not in "fiu"
    ):
        raise TypeError(f"{name} must be a numeric array or tensor, got {type(value).__name__} {value!r:.60}")
    return value


_TENSOR = _checks.named("a numeric array or tensor", _tensor)


def _crossentropy_arguments(y_true: Any, y_pred: Any) -> None:
    """The same rank and the same number of classes (where known)."""
    true_shape, pred_shape = tuple(y_true.shape), tuple(y_pred.shape)
    if (
        len(true_shape) != len(pred_shape)
        or len(true_shape) == 0
        or None not in (true_shape[-1], pred_shape[-1])
        and true_shape[-1] != pred_shape[-1]
    ):
        raise ValueError(
            f"y_true and y_pred must have the same rank and classes, got shapes {true_shape} and {pred_shape}"
        )


_checks.install(
    globals(),
    rules={
        "many_to_many_echo_model": {"time_distributed": _checks.FLAG},
        "SourceAttention": {"score": _checks.one_of(*ATTENTION_SCORES), "units": _checks.ARGUMENTS["units"]},
        "adding_model": {"cell": _checks.one_of(*RECURRENT_CELLS)},
        "keras2_hard_sigmoid": {"x": _TENSOR},
        "keras2_categorical_crossentropy": {"y_true": _TENSOR, "y_pred": _TENSOR},
        "naive": _BASELINE,
        "seasonal_naive": _BASELINE,
        "seasonal_naive_trend": _BASELINE,
        "fit_linear": {"train": _TRAIN, "scale": _SCALE},
        "linear_forecast": {"scale": _SCALE},
        "lstm_forecaster": {"outputs": _checks.ARGUMENTS["horizon"]},
        "addition_models": {"vocabulary": _checks.count(10_000, minimum=4)},
        "seq2seq_flops_per_sample": {"cardinality": _checks.count(10_000)},
        "addition_inference_models": {"train": _checks.MODEL},
        "build_seq2seq": {"decay_steps": _checks.optional(_checks.count(10_000_000)), "name": _checks.NAME},
        "attention_seq2seq_models": {"attention": _checks.one_of(*ATTENTION_SCORES, None),
                                     "units": _checks.named("an even integer from 2 to 2,048", _even)},
    },
    preconditions={
        "keras2_categorical_crossentropy": _crossentropy_arguments,
        "naive": _baseline_arguments,
        "seasonal_naive": _baseline_arguments,
        "seasonal_naive_trend": _baseline_arguments,
        "linear_forecast": _linear_forecast_arguments,
        "addition_inference_models": _addition_training_model,
    },
)  # fmt: skip
