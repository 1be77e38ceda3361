"""Notebook 04's encoder-decoder regression: data representations and the models, in one place.

The notebook and ``benchmarks/seeds_04_teacher_forcing.py`` both build their models
and data from here, so the seed study measures exactly what the notebook shows.

Shapes follow Keras: ``(batch, time, features)`` with one feature.

- :func:`consecutive_pairs`: source-C's data, ``X = [i .. i+3]``, ``y = [i+1 .. i+4]``.
- :func:`teacher_forcing_inputs`: the decoder input, targets shifted right behind a start value.
- :func:`to_offsets` / :func:`from_offsets`: the translation-invariant representation
  (every value relative to the sequence's first one) and back.
- :func:`build_seq2seq`: the training model and the two inference models sharing its layers.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, NamedTuple

import numpy as np
import numpy.typing as npt

from helpers._checks import array_rank, integer_array, positive_int, positive_number
from helpers.data import consecutive_integers

#: Targets and inputs are divided by this to bring them near [0, 1].
SCALE = 1000.0


@dataclass(frozen=True)
class FitConfig:
    """How to train one model: Keras ``fit`` arguments and Adam's learning rate."""

    epochs: int
    batch_size: int
    learning_rate: float
    validation_split: float = 0.0
    cosine: bool = False
    """Decay the learning rate along a cosine to 1 % of its start over the whole training."""

    def steps(self, n_samples: int) -> int:
        """Gradient steps that ``fit`` takes on ``n_samples`` (after the validation split)."""
        n_train = int(n_samples * (1 - self.validation_split))
        return self.epochs * -(-n_train // self.batch_size)


#: Source-C as written: 20 epochs, batch 64, Adam's default learning rate, the last 20 % held out.
SOURCE_FIT = FitConfig(epochs=20, batch_size=64, learning_rate=1e-3, validation_split=0.2)
#: The scaled models: all 1,000 sequences, smaller batches, a larger learning rate decayed to the end
#: (chosen with ``benchmarks/seeds_04_teacher_forcing.py``: MAE < 1 for every seed tried).
SCALED_FIT = FitConfig(epochs=80, batch_size=16, learning_rate=1e-2, cosine=True)
#: The translation-invariant model: its task is the same for every sequence, so a short training.
OFFSET_FIT = FitConfig(epochs=10, batch_size=64, learning_rate=3e-3)


class Seq2Seq(NamedTuple):
    """The three models of a teacher-forced encoder-decoder, sharing one set of layers."""

    train: Any
    """``[source (batch, time_in, 1), decoder input (batch, time_out, 1)]`` -> ``(batch, time_out, 1)``."""
    encoder: Any
    """``source (batch, time_in, 1)`` -> ``[h, c]``, each ``(batch, units)``."""
    decoder: Any
    """``[x (batch, 1, 1), h, c]`` -> ``[y (batch, 1, 1), h, c]``: one step at inference."""


def consecutive_pairs(n_sequences: int = 1000, length: int = 4, start: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Source-C's data: row ``i`` is ``X = [s+i .. s+i+length-1]`` and ``y = X + 1``.

    Returns:
        ``(X, y)``, ``int64`` arrays of shape ``(n_sequences, length, 1)``.
    """
    length = positive_int("length", length)
    sequences = consecutive_integers(n_sequences, length + 1, start=start)
    return sequences[:, :-1, np.newaxis], sequences[:, 1:, np.newaxis]


def teacher_forcing_inputs(targets: npt.ArrayLike, start: float = 0.0) -> np.ndarray:
    """The decoder input for teacher forcing: ``start``, then the targets without their last step.

    ``[[[1], [2], [3], [4]]]`` becomes ``[[[0], [1], [2], [3]]]`` with ``start=0``.

    Args:
        targets: shape ``(batch, time, features)``, any numeric dtype.
        start: the value of the first decoder input, the same for every sequence.

    Returns:
        ``float32`` array of the shape of ``targets``.
    """
    targets = array_rank("targets", targets, 3, "(batch, time, features)").astype(np.float32)
    if not np.issubdtype(type(start), np.number) or isinstance(start, bool):
        raise TypeError(f"start must be a number, got {type(start).__name__} {start!r}")
    first = np.full_like(targets[:, :1], start)
    return np.concatenate([first, targets[:, :-1]], axis=1)


def to_offsets(values: npt.ArrayLike, reference: npt.ArrayLike) -> np.ndarray:
    """Every value relative to its sequence's reference value: ``values - reference[:, :1]``.

    Args:
        values: integers ``(batch, time, ...)``, e.g. the inputs or the targets.
        reference: integers ``(batch, time_ref, ...)``; its first step is subtracted (usually ``X`` itself).

    Returns:
        ``int64`` array of the shape of ``values``: translation invariant, so ``[5, 6, 7]``
        and ``[500, 501, 502]`` both become ``[0, 1, 2]``.
    """
    values = integer_array("values", values)
    reference = integer_array("reference", reference)
    if values.ndim < 2 or reference.ndim != values.ndim or reference.shape[0] != values.shape[0]:
        raise ValueError(
            f"values and reference must both be (batch, time, ...) with the same batch and rank, "
            f"got {values.shape} and {reference.shape}"
        )
    return (values - reference[:, :1]).astype(np.int64)


def from_offsets(offsets: npt.ArrayLike, reference: npt.ArrayLike) -> np.ndarray:
    """Undo :func:`to_offsets` for predicted offsets: round them, then add the reference's first step.

    The addition is done in ``int64``, so it is exact for any start, however large.

    Args:
        offsets: predicted offsets ``(batch, time, ...)``, floats.
        reference: the integers the offsets were taken from, ``(batch, time_ref, ...)``.

    Returns:
        ``int64`` array of the shape of ``offsets``.
    """
    offsets = np.asarray(offsets)
    reference = integer_array("reference", reference)
    if offsets.ndim < 2 or reference.ndim != offsets.ndim or reference.shape[0] != offsets.shape[0]:
        raise ValueError(
            f"offsets and reference must both be (batch, time, ...) with the same batch and rank, "
            f"got {offsets.shape} and {reference.shape}"
        )
    return np.rint(offsets).astype(np.int64) + reference[:, :1].astype(np.int64)


def build_seq2seq(
    units: int = 50,
    learning_rate: float = 1e-3,
    decay_steps: int | None = None,
    steps_per_execution: int = 1,
    name: str = "seq2seq",
) -> Seq2Seq:
    """Source-C's encoder-decoder: ``LSTM(units)`` encoder, ``LSTM(units)`` decoder, ``Dense(1)`` head.

    The training model is compiled with Adam and the mean squared error. The encoder and
    decoder inference models reuse its layers, so they see the trained weights.

    Args:
        units: size of both LSTMs (source-C: 50).
        learning_rate: Adam's learning rate (source-C: Keras' default, 0.001).
        decay_steps: if given, the learning rate follows a cosine from ``learning_rate`` down to
            1 % of it over this many gradient steps (fine final precision for regression).
        steps_per_execution: gradient steps per call of the compiled training function
            (more is faster for small models; the training is the same).
        name: prefix of the three models' names.
    """
    import keras

    units = positive_int("units", units)
    steps_per_execution = positive_int("steps_per_execution", steps_per_execution)
    learning_rate = positive_number("learning_rate", learning_rate)
    if decay_steps is not None:
        decay_steps = positive_int("decay_steps", decay_steps)
        learning_rate = keras.optimizers.schedules.CosineDecay(learning_rate, decay_steps, alpha=0.01)
    encoder_lstm = keras.layers.LSTM(units, return_state=True, name="encoder_lstm")
    decoder_lstm = keras.layers.LSTM(units, return_sequences=True, return_state=True, name="decoder_lstm")
    head = keras.layers.Dense(1, name="head")

    # Training: the decoder reads the whole teacher-forced input at once, starting from the encoder's states.
    source = keras.Input(shape=(None, 1), name="source")
    decoder_input = keras.Input(shape=(None, 1), name="decoder_input")
    _, h, c = encoder_lstm(source)
    sequence, _, _ = decoder_lstm(decoder_input, initial_state=[h, c])
    train = keras.Model([source, decoder_input], head(sequence), name=f"{name}_train")
    train.compile(optimizer=keras.optimizers.Adam(learning_rate), loss="mse", steps_per_execution=steps_per_execution)

    # Inference: the encoder gives the states; the decoder takes one step and returns its new states.
    encoder = keras.Model(source, [h, c], name=f"{name}_encoder")
    step_input = keras.Input(shape=(1, 1), name="step_input")
    h_in = keras.Input(shape=(units,), name="h_in")
    c_in = keras.Input(shape=(units,), name="c_in")
    step, h_out, c_out = decoder_lstm(step_input, initial_state=[h_in, c_in])
    decoder = keras.Model([step_input, h_in, c_in], [head(step), h_out, c_out], name=f"{name}_decoder")
    return Seq2Seq(train, encoder, decoder)


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
    import helpers.progress
    import helpers.repro

    if not isinstance(fit, FitConfig):
        raise TypeError(f"fit must be a FitConfig, got {type(fit).__name__}")
    source = array_rank("source", source, 3, "(batch, time, features)").astype(np.float32)
    decoder_input = teacher_forcing_inputs(targets, start)
    targets = np.asarray(targets, dtype=np.float32)
    if len(source) != len(targets):
        raise ValueError(f"source and targets must hold as many sequences, got {len(source)} and {len(targets)}")
    helpers.repro.seed_everything(seed)
    models = build_seq2seq(
        learning_rate=fit.learning_rate,
        decay_steps=fit.steps(len(source)) if fit.cosine else None,
        steps_per_execution=16,
        name=name,
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
