"""How models are trained: every recipe's budget as a :class:`FitConfig`, the fit function that spends it,
and the callbacks (state resets on a schedule, per-step losses, exact match during training).

A stateful layer carries its state from one batch to the next until it is reset. The
classic way to reset it between independent sequences is one ``fit`` call per sequence
followed by ``layer.reset_state()``; :class:`ResetStatesEvery` does the same inside a
single ``fit`` (or ``predict``/``evaluate``) call.

Importing this module imports Keras through :func:`helpers.repro.import_keras_quietly`
(TensorFlow's start-up log lines silenced), whatever was imported before it.

Seeding contract: every ``train_*`` function and every ``fit_*`` function that builds its own model takes
``seed`` and builds the model with it (the builders of :mod:`helpers.models` call
:func:`helpers.repro.seed_everything`); ``fit_tokens`` and ``fit_steps`` train a model they are given.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

import helpers.progress
import helpers.repro
from helpers import _checks
from helpers.data import _SPLIT, Windows, adding_problem, echo_windows, reverse_prefix_dataset, shift_right
from helpers.decoding import greedy_decode, recursive_forecast
from helpers.encoding import _REPRESENTATION, fit_scale, one_hot, to_inputs, to_ppm
from helpers.metrics import sequence_accuracy, step_accuracy
from helpers.models import (
    KINDS,
    RECURRENT_CELLS,
    Seq2Seq,
    adding_model,
    build_seq2seq,
    lstm_forecaster,
    repeat_vector_model,
    repeat_vector_state_model,
    reverse_prefix_models,
    teacher_forced_models,
)

helpers.repro.import_keras_quietly()
import keras  # noqa: E402


@dataclass(frozen=True)
class FitConfig:
    """How to train one model: Keras ``fit`` arguments and Adam's learning rate (validated when made)."""

    epochs: int
    batch_size: int
    learning_rate: float
    validation_split: float = 0.0
    cosine: bool = False
    """Decay the learning rate along a cosine to 1 % of its start over the whole training."""

    def __post_init__(self) -> None:
        for name in ("epochs", "batch_size", "learning_rate"):
            _checks.ARGUMENTS[name](name, getattr(self, name))
        _checks.fraction("validation_split", self.validation_split)
        _checks.flag("cosine", self.cosine)

    def steps(self, n_samples: int) -> int:
        """Gradient steps that ``fit`` takes on ``n_samples`` (after the validation split)."""
        n_train = int(_checks.ARGUMENTS["n_samples"]("n_samples", n_samples) * (1 - self.validation_split))
        return self.epochs * -(-n_train // self.batch_size)


#: The consecutive-integers tutorial as written (notebook 04): 20 epochs, batch 64, Adam's default, 20 % held out.
SOURCE_FIT = FitConfig(epochs=20, batch_size=64, learning_rate=1e-3, validation_split=0.2)
#: Notebook 04's scaled models: all 1,000 sequences, smaller batches, a larger learning rate decayed to the end
#: (chosen with ``benchmarks/seeds_04_teacher_forcing.py``: MAE < 1 for every seed tried).
SCALED_FIT = FitConfig(epochs=80, batch_size=16, learning_rate=1e-2, cosine=True)
#: Notebook 04's translation-invariant model: its task is the same for every sequence, so a short training.
OFFSET_FIT = FitConfig(epochs=10, batch_size=64, learning_rate=3e-3)
#: Notebook 05's recipe: one epoch of 100,000 samples, batch 256, Adam 0.01 (``benchmarks/seeds_05_reverse_prefix.py``:
#: >= 99.5 % exact match on every seed; ``benchmarks/bench_05_reverse_prefix.py``: a few times the compute floor).
REVERSE_PREFIX_FIT = FitConfig(epochs=1, batch_size=256, learning_rate=0.01)
#: The reverse-prefix tutorial's own recipe: one epoch, Keras's defaults (batches of 32, Adam at 0.001), shuffled.
SOURCE_REVERSE_PREFIX_FIT = FitConfig(epochs=1, batch_size=32, learning_rate=0.001)
REVERSE_PREFIX_SAMPLES = 100_000
#: The Adam rates at which ``benchmarks/seeds_05_reverse_prefix.py rates`` trains both orders of notebook 05's
#: six-output task (the recipe's 0.01 among them).
ORDER_RATES = (0.003, 0.01, 0.03, 0.06, 0.1)

#: Notebook 01's full-batch Adam steps for each framing of the echo (``fit_steps``): the source's 1,000 and 500,
#: and 2,000 for many-to-many, which 500 steps leave short of the echo (``benchmarks/seeds_01_timedistributed.py``).
FRAMING_STEPS = {"one-to-one": 1000, "many-to-one": 500, "many-to-many": 2000}
#: Notebook 03's standard budget: 381 sequences x 21 = 8,001 windows, 3 epochs, batches of 128.
ECHO_SEQUENCES, ECHO_EPOCHS, ECHO_BATCH = 381, 3, 128
#: The tutorial's own 5,000 sequences (105,000 windows).
ECHO_SOURCE_SEQUENCES = 5_000
CLASSES = 100
#: Notebook 03's start token: a 101st symbol, never in the data.
START = CLASSES


def reset_stateful_layers(model: keras.Model) -> int:
    """Call ``reset_state()`` on every stateful layer of ``model`` (nested models included).

    Keras 3 has no ``Model.reset_states()``; the state belongs to each recurrent layer.

    Returns:
        The number of layers reset.
    """
    count = 0
    for layer in model.layers:
        if getattr(layer, "stateful", False) and hasattr(layer, "reset_state"):
            layer.reset_state()
            count += 1
        elif hasattr(layer, "layers"):
            count += reset_stateful_layers(layer)
    return count


def block_means(end_steps: npt.ArrayLike, running_means: npt.ArrayLike) -> np.ndarray:
    """Turn the running mean Keras logs after each call into the mean of each block of steps.

    Within an epoch Keras logs ``mean(loss over steps 1..n)`` after step ``n``. Given the
    step counts ``n_1 < n_2 < ...`` where it was logged and the logged means ``m_1, m_2, ...``,
    block ``k`` covers steps ``n_{k-1} + 1 .. n_k`` and its mean is
    ``(n_k m_k - n_{k-1} m_{k-1}) / (n_k - n_{k-1})``.

    Args:
        end_steps: shape ``(blocks,)``, increasing positive step counts (1-based).
        running_means: shape ``(blocks,)``, the logged running means.

    Returns:
        ``float64`` array of shape ``(blocks,)``: the mean over each block.
    """
    steps, means = np.asarray(end_steps), np.asarray(running_means).astype(np.float64)
    totals = steps * means
    previous_steps = np.concatenate([[0], steps[:-1]])
    previous_totals = np.concatenate([[0.0], totals[:-1]])
    return (totals - previous_totals) / (steps - previous_steps)


class ResetStatesEvery(keras.callbacks.Callback):
    """Reset stateful layers every ``n_batches`` batches; record per-block metric means."""

    def __init__(self, n_batches: int, metrics: Sequence[str] = ("loss",)) -> None:
        super().__init__()
        self.n_batches = _BATCHES("n_batches", n_batches)
        self.metrics = _METRICS("metrics", metrics)
        self.history: dict[str, list[float]] = {m: [] for m in self.metrics}
        self._steps: list[int] = []
        self._means: dict[str, list[float]] = {}

    def _check_steps_per_execution(self) -> None:
        per_call = int(getattr(self.model, "steps_per_execution", 1) or 1)
        if self.n_batches % per_call:
            raise ValueError(
                f"steps_per_execution={per_call} must divide n_batches={self.n_batches}: "
                "callbacks only run between executions"
            )

    def _maybe_reset(self, step: int) -> None:
        if step % self.n_batches == 0:
            reset_stateful_layers(self.model)

    def on_train_begin(self, logs: dict | None = None) -> None:
        self._check_steps_per_execution()

    def on_train_batch_begin(self, batch: int, logs: dict | None = None) -> None:
        self._maybe_reset(batch)

    # evaluate and predict: the same check at the start, the same resets
    on_test_begin = on_predict_begin = on_train_begin
    on_test_batch_begin = on_predict_batch_begin = on_train_batch_begin

    def on_epoch_begin(self, epoch: int, logs: dict | None = None) -> None:
        self._steps, self._means = [], {m: [] for m in self.metrics}

    def on_train_batch_end(self, batch: int, logs: dict | None = None) -> None:
        logs = logs or {}
        missing = [m for m in self.metrics if m not in logs]
        if missing:
            raise ValueError(f"metrics {missing} are not logged; logged: {sorted(logs)}")
        self._steps.append(batch + 1)
        for m in self.metrics:
            self._means[m].append(float(logs[m]))

    def on_epoch_end(self, epoch: int, logs: dict | None = None) -> None:
        for m in self.metrics:
            self.history[m].extend(block_means(np.array(self._steps, dtype=np.int64), self._means[m]).tolist())


def reset_states_every(n_batches: int, metrics: Sequence[str] = ("loss",)) -> ResetStatesEvery:
    """A Keras callback that resets every stateful layer before batches ``0, n, 2n, ...``.

    It acts in ``fit``, ``evaluate`` and ``predict`` alike, so one call can process many
    independent sequences, each ``n_batches`` batches long, in order (``shuffle=False``).
    With ``steps_per_execution=k`` Keras calls callbacks once per ``k`` steps, so ``k``
    must divide ``n_batches``; the callback checks this when training starts.

    During ``fit`` it also records, for every callback call, the mean of each metric over
    the steps since the previous call, in ``callback.history[metric]`` (one list for the
    whole run, epochs concatenated).

    Args:
        n_batches: batches per independent sequence (>= 1).
        metrics: logged metric names to record, e.g. ``("loss", "accuracy")``.

    Returns:
        A ``keras.callbacks.Callback`` instance.
    """
    return ResetStatesEvery(n_batches, metrics)


def train_seq2seq(
    source: npt.ArrayLike, targets: npt.ArrayLike, fit: FitConfig, seed: int, start: float = 0.0, name: str = "seq2seq"
) -> tuple[Seq2Seq, dict[str, list[float]]]:
    """Seed, build and train :func:`build_seq2seq` with teacher forcing; return the models and the loss history.

    Args:
        source: encoder input ``(batch, time_in, 1)``, as the model should see it (raw, scaled or offsets).
        targets: ``(batch, time_out, 1)`` in the same representation.
        fit: epochs, batch size, learning rate, validation split, learning-rate decay.
        seed: seeds the initial weights and the shuffling (:func:`helpers.repro.seed_everything`).
        start: the decoder's first input during training (the start token).

    Returns:
        ``(models, history)``: the three models, and Keras' ``history.history`` dict (``"loss"``, and
        ``"val_loss"`` if ``fit.validation_split > 0``).
    """
    source, targets = np.asarray(source).astype(np.float32), np.asarray(targets).astype(np.float32)
    decoder_input = shift_right(targets, start)
    models = build_seq2seq(
        learning_rate=fit.learning_rate,
        decay_steps=fit.steps(len(source)) if fit.cosine else None,
        steps_per_execution=16,
        name=name,
        seed=seed,
    )
    history = models.train.fit(
        [source, decoder_input],
        targets,
        epochs=fit.epochs,
        batch_size=fit.batch_size,
        validation_split=fit.validation_split,
        verbose=helpers.progress.verbose(fit.epochs),
    )
    return models, history.history


def fit_with_resets(
    model: keras.Model, X: npt.ArrayLike, batch_size: int = 5, batches_per_sequence: int = 4
) -> tuple[dict[str, list[float]], float]:
    """Notebook 02's training: one ``fit`` over every window ``X (windows, time, classes)``, target = input,
    state reset at the start of each sequence. Returns the per-sequence losses and the seconds taken."""
    X = np.asarray(X)
    schedule = reset_states_every(batches_per_sequence)
    start = time.perf_counter()
    model.fit(
        X, X, batch_size=batch_size, epochs=1, shuffle=False,
        verbose=helpers.progress.verbose(1), callbacks=[schedule],
    )  # fmt: skip
    return schedule.history, time.perf_counter() - start


def predict_with_resets(
    model: keras.Model, X: npt.ArrayLike, batch_size: int = 5, batches_per_sequence: int = 4
) -> np.ndarray:
    """Class probabilities ``(windows, time, classes)``; the state is reset at the start of each sequence."""
    schedule = reset_states_every(batches_per_sequence)
    return model.predict(np.asarray(X), batch_size=batch_size, verbose=0, callbacks=[schedule])


def encode_source(windows: npt.ArrayLike, reverse: bool = False, classes: int = CLASSES) -> np.ndarray:
    """Notebook 03's encoder input: one-hot windows ``(batch, 5, 100)``; ``reverse=True`` reads each back to front."""
    windows = np.asarray(windows)
    return one_hot(windows[:, ::-1] if reverse else windows, classes)


def fit_repeat_vector(
    n_out: int,
    reverse: bool = False,
    n_sequences: int = ECHO_SEQUENCES,
    seed: int = 1,
    epochs: int = ECHO_EPOCHS,
    initial_state: bool = False,
) -> keras.Model:
    """Notebook 03: train :func:`helpers.models.repeat_vector_model` on ``n_sequences * 21`` fresh windows.

    ``initial_state=True`` trains :func:`helpers.models.repeat_vector_state_model` instead (the decoder starts
    from the encoder's ``[h, c]``; its input is still the repeated ``h``).
    """
    x, y = echo_windows(n_sequences, n_out, rng=seed)
    build = repeat_vector_state_model if initial_state else repeat_vector_model
    model = build(n_out, seed=seed)
    model.fit(
        encode_source(x, reverse), one_hot(y, CLASSES), batch_size=ECHO_BATCH, epochs=epochs,
        verbose=helpers.progress.verbose(epochs),
    )  # fmt: skip
    return model


def predict_repeat_vector(model: keras.Model, x: npt.ArrayLike, reverse: bool = False) -> np.ndarray:
    """Predicted integers ``(batch, n_out)`` for integer windows ``x (batch, 5)``, all windows in one call."""
    return model.predict(encode_source(x, reverse), batch_size=1024, verbose=0).argmax(axis=-1)


#: The echo tutorial's widths: 150 units for 2 output steps, 300 for 4.
SOURCE_UNITS = {2: 150, 4: 300}


class StepLosses(keras.callbacks.Callback):
    """Records the training loss of every step of a one-epoch ``fit``: :attr:`losses`, shape ``(steps,)``.

    Keras logs the running mean of the epoch after each step; :func:`block_means` turns those means back
    into each step's own loss (the loss of that batch before its update, as the source's printout shows it).
    """

    def __init__(self) -> None:
        super().__init__()
        self._means: list[float] = []

    def on_train_begin(self, logs: dict | None = None) -> None:
        self._means = []

    def on_train_batch_end(self, batch: int, logs: dict | None = None) -> None:
        self._means.append(float((logs or {})["loss"]))

    @property
    def losses(self) -> np.ndarray:
        """``float64`` array ``(steps,)``: the loss of each step, in order."""
        return block_means(np.arange(1, len(self._means) + 1), self._means)


def fit_source_regime(
    n_out: int,
    units: int = 64,
    n_steps: int = ECHO_SOURCE_SEQUENCES,
    seed: int = 1,
    keras2_gates: bool = False,
    keras2_loss: bool = False,
) -> tuple[keras.Model, np.ndarray]:
    """The echo tutorial's training as one ``fit``: batch ``k`` is the 21 windows of fresh sequence ``k``, in
    order, one step each, Keras' default Adam, stateless (the source's reset after every one-batch ``fit`` makes
    its stateful layers start every step from zeros too).

    ``keras2_gates`` and ``keras2_loss`` restore two of Keras 2's defaults (see
    :func:`helpers.models.repeat_vector_model`).

    Returns:
        ``(model, losses)``: the trained :func:`helpers.models.repeat_vector_model` and the loss of every step,
        ``(n_steps,)``.
    """
    x, y = echo_windows(n_steps, n_out, rng=seed)
    keras2 = {"keras2_gates": keras2_gates, "keras2_loss": keras2_loss}
    model = repeat_vector_model(n_out, source_optimizer=True, seed=seed, units=units, **keras2)
    record = StepLosses()
    model.fit(
        one_hot(x, CLASSES), one_hot(y, CLASSES), batch_size=21, epochs=1, shuffle=False,
        verbose=helpers.progress.verbose(1), callbacks=[record],
    )  # fmt: skip
    return model, record.losses


def fit_teacher_forced(
    n_out: int,
    reverse: bool = True,
    n_sequences: int = ECHO_SEQUENCES,
    seed: int = 1,
    units: int = 64,
    clipnorm: float | None = 1.0,
    epochs: int = ECHO_EPOCHS,
) -> tuple[keras.Model, keras.Model]:
    """Notebook 03's fix: train :func:`helpers.models.teacher_forced_models`; returns ``(encoder, decoder)``."""
    x, y = echo_windows(n_sequences, n_out, rng=seed)
    training, encoder, decoder = teacher_forced_models(seed=seed, units=units, clipnorm=clipnorm)
    previous = one_hot(shift_right(y, start=START), CLASSES + 1)
    training.fit(
        [encode_source(x, reverse), previous], one_hot(y, CLASSES), batch_size=ECHO_BATCH, epochs=epochs,
        verbose=helpers.progress.verbose(epochs),
    )  # fmt: skip
    return encoder, decoder


def predict_teacher_forced(
    models: tuple[keras.Model, keras.Model], x: npt.ArrayLike, n_out: int, reverse: bool = True
) -> np.ndarray:
    """Greedy-decode ``n_out`` integers ``(batch, n_out)`` for windows ``x (batch, 5)``, starting from ``START``."""
    encoder, decoder = models
    start = one_hot(np.array(START), CLASSES + 1)
    probabilities = greedy_decode(encoder, decoder, encode_source(x, reverse), n_out, start, feedback="argmax")
    return probabilities.argmax(axis=-1)


def train_and_score(
    n_out: int,
    reverse: bool = True,
    n_samples: int = 20_000,
    seed: int = 1,
    n_in: int = 6,
    cardinality: int = 51,
    reverse_source: bool = False,
    fit: FitConfig = REVERSE_PREFIX_FIT,
) -> tuple[float, np.ndarray, np.ndarray]:
    """Notebook 05's experiments: one epoch of ``fit`` on ``n_samples`` fresh samples (``rng=seed``), then, on 1,000
    new sequences (``rng=seed + 1``), ``(exact match, accuracy at each output step, accuracy at each step fed the
    truth)``: the first two of greedy decoding, the third of the training model fed the true previous integers
    (teacher forcing: no error of an earlier step is fed back).

    ``reverse``: the target is the first ``n_out`` integers reversed (the task) or in the source's order.
    ``reverse_source``: the encoder reads every source back to front, as Sutskever et al. (2014) fed their
    translation model. The samples are used in order: in one epoch of fresh samples that order is random already.
    """
    X, D, y = reverse_prefix_dataset(n_samples, n_in, n_out, cardinality, rng=seed, reverse=reverse)
    X_new, D_new, y_new = reverse_prefix_dataset(1_000, n_in, n_out, cardinality, rng=seed + 1, reverse=reverse)
    if reverse_source:
        X, X_new = np.ascontiguousarray(X[:, ::-1]), np.ascontiguousarray(X_new[:, ::-1])
    model, encoder, decoder = reverse_prefix_models(cardinality, 128, seed=seed)
    fit_tokens(model, X, D, y, fit, ignore_padding=False, shuffle=False)
    predicted = greedy_decode(encoder, decoder, X_new, n_out, one_hot(0, cardinality)).argmax(axis=-1)
    forced = np.asarray(model([X_new, D_new], training=False)).argmax(axis=-1)
    return sequence_accuracy(y_new, predicted), step_accuracy(y_new, predicted), step_accuracy(y_new, forced)


def fit_steps(
    model: keras.Model, X: npt.ArrayLike, y: npt.ArrayLike, steps: int, steps_per_point: int = 50
) -> keras.callbacks.History:
    """Notebook 01's fast training: ``steps`` full-batch gradient steps, ``steps_per_point`` per compiled call.

    The same steps as ``model.fit(X, y, batch_size=len(X), epochs=steps)``: the data ``X (batch, time,
    features)`` and ``y (batch, ...)`` are repeated ``steps_per_point`` times in order (``shuffle=False``),
    so every batch is the whole dataset, and one logged epoch is ``steps_per_point`` steps.
    ``steps`` must be a multiple of ``steps_per_point``. The model is recompiled with its own loss and
    optimizer and ``steps_per_execution=steps_per_point``.
    """
    X, y = np.asarray(X), np.asarray(y)
    per_call = helpers.repro.steps_per_execution(steps_per_point)  # 1 on PyTorch, where Keras accepts only 1
    model.compile(loss=model.loss, optimizer=model.optimizer, steps_per_execution=per_call)
    X_rep = np.tile(X, (steps_per_point,) + (1,) * (X.ndim - 1))
    y_rep = np.tile(y, (steps_per_point,) + (1,) * (y.ndim - 1))
    epochs = steps // steps_per_point
    return model.fit(
        X_rep, y_rep, batch_size=len(X), epochs=epochs, shuffle=False, verbose=helpers.progress.verbose(epochs)
    )


class ExactMatchEvery(keras.callbacks.Callback):
    """During ``fit``: every ``every`` batches up to batch ``until``, decode a test set with both feedbacks.

    Notebook 05's learning curve. With ``shuffle=False`` and one epoch over fresh samples, the model
    after ``m`` samples is the model trained for one epoch on a dataset of those ``m`` samples, so
    ``log`` is exact match against training-set size.

    Args:
        every: batches between two checkpoints (>= 1).
        until: no checkpoint after this many batches (>= ``every``).
        encoder, decoder: the inference models that share the trained layers (:func:`reverse_prefix_models`).
        sources: integer test sources ``(batch, time_in)``.
        targets: integer test targets ``(batch, time_out)``.
        batch_size: the ``fit`` batch size, to turn batches into samples.

    After ``fit``: ``log`` is a list of ``(samples seen, exact match with argmax feedback, exact match with
    softmax feedback)``; ``seconds`` is the time spent decoding (to subtract from a timing of ``fit``).
    """

    def __init__(
        self,
        every: int,
        until: int,
        encoder: keras.Model,
        decoder: keras.Model,
        sources: npt.ArrayLike,
        targets: npt.ArrayLike,
        batch_size: int,
    ) -> None:
        super().__init__()
        from helpers.decoding import exact_match

        self.every = _BATCHES("every", every)
        self.until = _checks.count(_MAX_BATCHES, minimum=self.every)("until", until)
        self.models = (_checks.is_model("encoder", encoder), _checks.is_model("decoder", decoder))
        self.data = (_checks.integer_array("sources", sources), _checks.integer_array("targets", targets))
        self.batch_size = _checks.ARGUMENTS["batch_size"]("batch_size", batch_size)
        self._exact_match = exact_match
        self.log: list[tuple[int, float, float]] = []
        self.seconds = 0.0

    def on_train_batch_end(self, batch: int, logs: dict | None = None) -> None:
        if (batch + 1) % self.every == 0 and batch < self.until:
            start = time.perf_counter()
            sync_weights(self.model)  # on JAX, the inference models' layers hold the trained values only after this
            argmax, softmax = (self._exact_match(*self.models, *self.data, feedback=f) for f in ("argmax", "output"))
            self.log.append(((batch + 1) * self.batch_size, argmax, softmax))
            self.seconds += time.perf_counter() - start


def sync_weights(model: keras.Model) -> None:
    """Make ``model``'s variables hold the values that ``fit`` is training, so a callback can call its layers.

    On TensorFlow and PyTorch this does nothing: ``fit`` updates the variables in place. On JAX, ``fit``
    trains functionally: between steps the values live outside the variables (which are emptied) and are
    written back only when ``fit`` ends. A callback that runs the model, or an inference model that shares
    its layers (e.g. :func:`helpers.decoding.greedy_decode` on the encoder and decoder), calls this first.
    """
    sync = getattr(model, "jax_state_sync", None)  # only the JAX trainer has it
    if sync is not None:
        sync()


#: Chapter 06's models, with and without attention: one fit each on the same data (:func:`fit_tokens`).
ATTENTION_FIT = FitConfig(epochs=5, batch_size=128, learning_rate=0.005)
#: Chapter 07's adders (:func:`fit_tokens`); the chapter also decodes after ``ADDITION_EARLY_EPOCHS``, its "less
#: training" regime, and then trains on to ``ADDITION_FIT.epochs``.
ADDITION_FIT = FitConfig(epochs=10, batch_size=128, learning_rate=0.003)
ADDITION_EARLY_EPOCHS = 4


def fit_tokens(
    train: keras.Model,
    source: npt.ArrayLike,
    decoder_input: npt.ArrayLike,
    target: npt.ArrayLike,
    fit: FitConfig,
    initial_epoch: int = 0,
    callbacks: Sequence[keras.callbacks.Callback] = (),
    ignore_padding: bool = True,
    shuffle: bool = True,
) -> keras.callbacks.History:
    """Teacher-forced training of a token model (chapters 05, 06 and 07) on the budget ``fit``.

    Adam at ``fit.learning_rate`` (set on the model's optimizer), batches of ``fit.batch_size``, up to epoch
    ``fit.epochs``; ``initial_epoch`` continues an earlier call, as in Keras. With ``ignore_padding``, padding
    steps of the target (token 0) weigh 0 in the loss, with or without masks, so masked and unmasked models
    minimise the same loss. ``shuffle=False`` keeps the samples in order (chapter 05's learning curve).

    Returns:
        The Keras ``History``.
    """
    train.optimizer.learning_rate = fit.learning_rate
    weights = (np.asarray(target) != 0).astype("float32") if ignore_padding else None
    return train.fit(
        [source, decoder_input],
        target,
        sample_weight=weights,
        batch_size=fit.batch_size,
        epochs=fit.epochs,
        initial_epoch=initial_epoch,
        verbose=helpers.progress.verbose(fit.epochs - initial_epoch),
        callbacks=list(callbacks),
        shuffle=shuffle,
    )


#: Notebook 02's long-lag comparison (:func:`train_adding`): one budget for both cells (5,000 fresh sequences,
#: 20 epochs of batches of 64), each at the learning rate of :data:`ADDING_RATES` that
#: ``benchmarks/seeds_02_stateful_echo.py`` finds best on validation data at 50 steps.
ADDING_FITS = {
    "SimpleRNN": FitConfig(epochs=20, batch_size=64, learning_rate=1e-3),
    "LSTM": FitConfig(epochs=20, batch_size=64, learning_rate=1e-2),
}
ADDING_SAMPLES, ADDING_RATES = 5000, (3e-4, 1e-3, 3e-3, 1e-2, 3e-2)
#: The sequence lengths the seed study compares the two cells at (the far number is >= half of it back).
ADDING_LAGS = (10, 25, 50, 100)


def train_adding(
    cell: str, length: int, seed: int = 1, learning_rate: float | None = None, units: int = 32
) -> keras.Model:
    """Fit :func:`helpers.models.adding_model` on :data:`ADDING_SAMPLES` fresh adding-problem sequences of
    ``length`` steps, with the cell's budget of :data:`ADDING_FITS` (its learning rate unless one is given)."""
    fit = ADDING_FITS[cell]
    X, y = adding_problem(ADDING_SAMPLES, length, rng=seed)
    model = adding_model(cell, units, learning_rate or fit.learning_rate, seed)
    model.fit(X, y, batch_size=fit.batch_size, epochs=fit.epochs, verbose=helpers.progress.verbose(fit.epochs))
    return model


#: Chapter 09's LSTMs (:func:`train_lstm`), shared by the notebook and ``benchmarks/seeds_09_co2.py``.
CO2_FIT = FitConfig(epochs=100, batch_size=32, learning_rate=3e-3)
CO2_UNITS = 32


def train_lstm(
    kind: str, split: dict[str, Windows], seed: int = 1, representation: str = "offsets", epochs: int | None = None
) -> tuple[keras.Model, np.ndarray, np.ndarray]:
    """Build and fit chapter 09's LSTM (:data:`CO2_FIT`); return it with its validation and test forecasts in ppm.

    ``direct`` predicts all ``horizon`` months at once; ``recursive`` learns month 1 of the same windows and is
    fed back (:func:`helpers.decoding.recursive_forecast`). Same windows, scale, budget and optimizer for both.
    """
    fit = CO2_FIT if epochs is None else dataclasses.replace(CO2_FIT, epochs=epochs)
    train, horizon = split["train"], split["train"].y.shape[1]
    scale = fit_scale(train, representation)
    steps = horizon if kind == "direct" else 1
    model = lstm_forecaster(train.x.shape[1], steps, CO2_UNITS, fit.learning_rate, seed)
    targets = (train.y[:, :steps] - (train.x[:, -1:] if representation == "offsets" else scale[0])) / scale[1]
    model.fit(
        to_inputs(train.x, scale, representation),
        targets.astype(np.float32),
        epochs=fit.epochs,
        batch_size=fit.batch_size,
        shuffle=True,
        verbose=helpers.progress.verbose(fit.epochs),
    )

    def forecast(x: np.ndarray) -> np.ndarray:
        if kind == "recursive":
            return recursive_forecast(model, x, horizon, scale, representation)
        return to_ppm(model.predict_on_batch(to_inputs(x, scale, representation)), x, scale, representation)

    return model, forecast(split["validation"].x), forecast(split["test"].x)


# Argument checks, applied by _checks.install below (out of the bodies the notebooks print) ----------------------

#: Batches between two resets or checkpoints: a callback's period, no work in itself (the course: <= 2,000).
_MAX_BATCHES = 100_000
_BATCHES = _checks.count(_MAX_BATCHES)
#: Fresh echo sequences of 21 windows each, one-hot in memory: 10,000 are ~0.8 GB and twice the tutorial's 5,000.
_ECHO_SEQUENCES = _checks.count(2 * ECHO_SOURCE_SEQUENCES)


def _metric_names(name: str, value: object) -> tuple[str, ...]:
    if isinstance(value, str) or not isinstance(value, Sequence) or not all(isinstance(m, str) for m in value):
        raise TypeError(f"{name} must be a sequence of metric names, got {value!r}")
    return tuple(value)


def _fit_config(name: str, value: object) -> FitConfig:
    if not isinstance(value, FitConfig):
        raise TypeError(f"{name} must be a FitConfig, got {type(value).__name__}")
    return value


def _encoder_decoder(name: str, value: object) -> Sequence[keras.Model]:
    if not isinstance(value, (tuple, list)) or len(value) != 2:
        raise TypeError(f"{name} must be the (encoder, decoder) pair, got {type(value).__name__}")
    return value


_METRICS = _checks.named("a sequence of logged metric names", _metric_names)


def _integer_windows(argument: str) -> _checks.Precondition:
    """A precondition: the argument named ``argument`` holds integer windows ``(batch, time)``."""

    def precondition(**arguments: Any) -> None:
        _checks.array_rank(argument, _checks.integer_array(argument, arguments[argument]), 2, "(batch, time)")

    precondition.__doc__ = f"``{argument}`` holds integer windows ``(batch, time)``."
    return precondition


def _one_hot_windows(X: Any, **_: Any) -> None:
    """``X`` holds windows ``(windows, time, classes)``."""
    _checks.array_rank("X", X, 3, "(windows, time, classes)")


def _block_means_arguments(end_steps: Any, running_means: Any) -> None:
    """Integer, positive, strictly increasing ``end_steps``; as many numbers in ``running_means``."""
    steps, means = _checks.integer_array("end_steps", end_steps), np.asarray(running_means)
    if means.dtype == bool or not np.issubdtype(means.dtype, np.number):
        raise TypeError(f"running_means must hold numbers, got dtype {means.dtype}")
    if steps.ndim != 1 or means.shape != steps.shape:
        raise ValueError(
            f"end_steps and running_means must be 1-D of the same length, got shapes {steps.shape} and {means.shape}"
        )
    if steps.size and (steps[0] < 1 or np.any(np.diff(steps) <= 0)):
        raise ValueError(f"end_steps must be positive and strictly increasing, got {steps.tolist()}")


def _train_seq2seq_arguments(source: Any, targets: Any, **_: Any) -> None:
    """``source`` and ``targets`` are ``(batch, time, features)`` with as many sequences."""
    source = _checks.array_rank("source", source, 3, "(batch, time, features)")
    targets = _checks.array_rank("targets", targets, 3, "(batch, time, features)")
    if len(source) != len(targets):
        raise ValueError(f"source and targets must hold as many sequences, got {len(source)} and {len(targets)}")


def _fit_steps_arguments(model: Any, X: Any, y: Any, steps: int, steps_per_point: int) -> None:
    """``X (batch, time, features)``, ``y (batch, ...)`` as long; ``steps`` a multiple of ``steps_per_point``."""
    X, y = np.asarray(X), np.asarray(y)
    if X.ndim != 3:
        raise ValueError(f"X must have shape (batch, time, features), got shape {X.shape}")
    if y.ndim < 2 or len(y) != len(X) or len(X) == 0:
        raise ValueError(f"y must have shape (batch, ...) with the {len(X)} samples of X, got shape {y.shape}")
    if steps % steps_per_point:
        raise ValueError(f"steps must be a multiple of steps_per_point={steps_per_point}, got {steps}")
    if steps // steps_per_point > 10_000:
        raise ValueError(
            f"steps must be <= 10,000 * steps_per_point ({10_000 * steps_per_point:,}): one epoch per "
            f"steps_per_point steps, at most 10,000 epochs; got steps={steps:,}, steps_per_point={steps_per_point}"
        )


def _token_fit_arguments(
    train: Any, source: Any, decoder_input: Any, target: Any, fit: FitConfig, initial_epoch: int, **_: Any
) -> None:
    """A two-input model, three token arrays of matching shapes, and ``initial_epoch < fit.epochs``."""
    if len(train.inputs) != 2:
        raise ValueError(f"train must take [source, decoder_input], got {len(train.inputs)} input(s)")
    arrays = {}
    for name, value in {"source": source, "decoder_input": decoder_input, "target": target}.items():
        array = _checks.array_rank(name, _checks.integer_array(name, value), 2, "(batch, time) of integer tokens")
        if array.shape[0] == 0:
            raise ValueError(f"{name} must hold at least one sequence, got shape {array.shape}")
        if array.min() < 0:
            raise ValueError(f"{name} must hold tokens >= 0, got min {array.min()}")
        arrays[name] = array
    if arrays["decoder_input"].shape != arrays["target"].shape:
        raise ValueError(
            f"decoder_input must have the shape of target {arrays['target'].shape}, got {arrays['decoder_input'].shape}"
        )
    if arrays["source"].shape[0] != arrays["target"].shape[0]:
        batch = arrays["target"].shape[0]
        raise ValueError(f"source must hold as many sequences as target ({batch}), got {arrays['source'].shape[0]}")
    if initial_epoch >= fit.epochs:
        raise ValueError(f"initial_epoch must be < fit.epochs={fit.epochs}, got {initial_epoch}")


def _callbacks(name: str, value: object) -> tuple:
    if not isinstance(value, (list, tuple)) or not all(isinstance(c, keras.callbacks.Callback) for c in value):
        raise TypeError(f"{name} must be a list or tuple of keras.callbacks.Callback, got {value!r:.80}")
    return tuple(value)


_CALLBACKS = _checks.named("a list or tuple of Keras callbacks", _callbacks)

_FIT = _checks.named("a FitConfig", _fit_config)

_checks.install(
    globals(),
    rules={
        "fit_tokens": {
            "train": _checks.MODEL,
            "fit": _FIT,
            "callbacks": _CALLBACKS,
            "ignore_padding": _checks.FLAG,
            "shuffle": _checks.FLAG,
        },
        # 100 epochs (CO2_FIT) take ~17 s, 1,000 about three minutes
        "train_lstm": {
            "kind": _checks.one_of(*KINDS),
            "split": _SPLIT,
            "representation": _REPRESENTATION,
            "epochs": _checks.optional(_checks.count(1000)),
        },
        # 5,000 sequences, 20 epochs: ~11 s at 50 steps (LSTM); 1,000 steps and 512 units take many minutes
        "train_adding": {
            "cell": _checks.one_of(*RECURRENT_CELLS),
            "length": _checks.count(1000, minimum=2),
            "learning_rate": _checks.optional(_checks.POSITIVE),
            "units": _checks.count(512),
        },
        "reset_stateful_layers": {"model": _checks.MODEL},
        "sync_weights": {"model": _checks.MODEL},
        "reset_states_every": {"n_batches": _BATCHES, "metrics": _METRICS},
        "train_seq2seq": {"fit": _FIT},
        "fit_with_resets": {"model": _checks.MODEL, "batches_per_sequence": _BATCHES},
        "predict_with_resets": {"model": _checks.MODEL, "batches_per_sequence": _BATCHES},
        # ~2 s an epoch on the standard 8,001 windows: 100 epochs are a few minutes (the course: 3)
        "fit_repeat_vector": {"n_sequences": _ECHO_SEQUENCES, "epochs": _checks.count(100)},
        "predict_repeat_vector": {"model": _checks.MODEL},
        "fit_source_regime": {"n_steps": _ECHO_SEQUENCES},
        "fit_teacher_forced": {"n_sequences": _ECHO_SEQUENCES, "epochs": _checks.count(100)},
        "predict_teacher_forced": {"models": _checks.named("the (encoder, decoder) pair", _encoder_decoder)},
        # 100,000 samples of 6 + 3 steps train in ~8 s: 100 + 100 steps on 200,000 samples, ~5 minutes (the course: 6)
        "train_and_score": {
            "fit": _FIT,
            "reverse_source": _checks.FLAG,
            "n_in": _checks.count(100),
            "n_out": _checks.count(100),
        },
        # full-batch steps of a tiny model, ~2 ms each (the course: 2,000); the data is tiled steps_per_point times
        "fit_steps": {"model": _checks.MODEL, "steps": _checks.count(100_000), "steps_per_point": _checks.count(1000)},
    },
    preconditions={
        "fit_tokens": _token_fit_arguments,
        "block_means": _block_means_arguments,
        "train_seq2seq": _train_seq2seq_arguments,
        "fit_with_resets": _one_hot_windows,
        "predict_with_resets": _one_hot_windows,
        "encode_source": _integer_windows("windows"),
        "predict_repeat_vector": _integer_windows("x"),
        "predict_teacher_forced": _integer_windows("x"),
        "fit_steps": _fit_steps_arguments,
    },
)
