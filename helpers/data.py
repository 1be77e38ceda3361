"""What the models read: every dataset the course generates or loads, and the periods and sizes of each task.

Generated sequences are vectorised numpy; the one measured series (chapter 09's Mauna Loa CO2 record) is loaded
with pandas and cut into windows in time order. Every random generator takes ``rng``: an integer seed, a
``numpy.random.Generator`` (to continue a stream), or ``None`` (fresh entropy),
as :func:`numpy.random.default_rng` accepts.
Integer data comes back as ``int64`` arrays; encode it with
:func:`helpers.encoding.one_hot` where a model needs vectors.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from helpers import _checks
from helpers.encoding import one_hot

if TYPE_CHECKING:
    import pandas as pd

RandomSource = int | np.random.Generator | None

#: Divide notebook 04's integers by this to bring them near [0, 1].
SCALE = 1000.0


def ramp(length: int = 5) -> np.ndarray:
    """The echo sequence ``0/length, 1/length, ...``: ``ramp(5)`` is 0.0 .. 0.8.

    Returns:
        ``float32`` array of shape ``(length,)``.
    """
    return (np.arange(length) / length).astype(np.float32)


def echo_probes() -> dict[str, np.ndarray]:
    """Notebook 01's inputs, five values each: ``"train"``, the training values 0.0 .. 0.8; ``"shifted"``, the
    same values plus 0.1 (0.1 .. 0.9, never trained on); ``"reversed"``, the training values in reverse order
    (0.8 .. 0.0: new as a sequence, not as values). ``float32``."""
    train = ramp(5)
    return {"train": train, "shifted": train + np.float32(0.1), "reversed": np.ascontiguousarray(train[::-1])}


def random_integers(
    n_sequences: int, length: int, cardinality: int, low: int = 0, rng: RandomSource = None
) -> np.ndarray:
    """Uniform random integers in ``[low, cardinality)``.

    Returns:
        ``int64`` array of shape ``(n_sequences, length)``.
    """
    return np.random.default_rng(rng).integers(low, cardinality, size=(n_sequences, length))


def sliding_windows(sequences: npt.ArrayLike, n_in: int, n_out: int) -> tuple[np.ndarray, np.ndarray]:
    """Cut every window of ``n_in`` steps out of each sequence (stride 1).

    The target of a window is its first ``n_out`` steps: the echo task.

    Args:
        sequences: shape ``(..., length)``; time is the last axis.
        n_in: window length, ``1 <= n_in <= length``.
        n_out: target length, ``1 <= n_out <= n_in``.

    Returns:
        ``(inputs, targets)`` of shapes ``(..., length - n_in + 1, n_in)`` and
        ``(..., length - n_in + 1, n_out)``, in order of window start.
    """
    windows = np.lib.stride_tricks.sliding_window_view(np.asarray(sequences), n_in, axis=-1)
    return windows.copy(), windows[..., :n_out].copy()


def shift_right(targets: npt.ArrayLike, start: float = 0, start_pads: bool = False) -> np.ndarray:
    """Decoder input for teacher forcing: ``start``, then the targets without their last step.

    ``[[12, 16, 32]]`` becomes ``[[0, 12, 16]]``; ``[[[1], [2], [3]]]`` becomes ``[[[0], [1], [2]]]``.
    For integer tokens ``start`` is a reserved start token, so it must not occur inside ``targets``, unless
    ``start_pads``: the start token is also the padding after each answer (chapter 06's 0).

    Args:
        targets: integer tokens ``(batch, time)`` or numbers ``(batch, time, features)``; time >= 1.
        start: the first decoder input of every sequence (an integer >= 0 for integer targets).
        start_pads: ``start`` may occur in ``targets``, as their padding.

    Returns:
        Array of the shape and dtype of ``targets``.
    """
    targets = np.asarray(targets)
    first = np.full_like(targets[:, :1], start)
    return np.concatenate([first, targets[:, :-1]], axis=1)


def reverse_prefix_dataset(
    n_samples: int,
    n_in: int = 6,
    n_out: int = 3,
    cardinality: int = 51,
    rng: RandomSource = None,
    reverse: bool = True,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The reverse-prefix tutorial's task (notebook 05): the target is the first ``n_out`` source integers, reversed.

    Source integers are drawn from ``1 .. cardinality - 1``; 0 is reserved as the
    start token of the decoder input (the target shifted right). With
    ``reverse=False`` the target keeps the source's order instead (same sources for
    the same ``rng``), to measure what reversing does.

    Returns:
        ``(source, decoder_input, target)``, integer arrays of shapes
        ``(n_samples, n_in)``, ``(n_samples, n_out)`` and ``(n_samples, n_out)``.
    """
    source = random_integers(n_samples, n_in, cardinality, low=1, rng=rng)
    target = np.ascontiguousarray(source[:, n_out - 1 :: -1] if reverse else source[:, :n_out])
    return source, shift_right(target, start=0), target


def consecutive_pairs(
    n_sequences: int = 1000, length: int = 4, start: int = 0, steps: Sequence[int] = (1,)
) -> tuple[np.ndarray, np.ndarray]:
    """The consecutive-integers tutorial's data (notebook 04), for one rule or several.

    For each ``d`` of ``steps``, row ``i`` is ``X = [s+i, s+i+d, .., s+i+(length-1)d]`` and ``y = X + d``
    (the tutorial: ``steps=(1,)``, "add one"); the rules' rows follow one another.

    Returns:
        ``(X, y)``, ``int64`` arrays of shape ``(len(steps) * n_sequences, length, 1)``.
    """
    rows = start + np.arange(n_sequences)[:, None]
    sequences = np.concatenate([rows + step * np.arange(length + 1) for step in steps])
    return sequences[:, :-1, np.newaxis], sequences[:, 1:, np.newaxis]


#: Notebook 04's varied rules ("add d"): the steps the offsets model trains on, one between them it never sees,
#: one beyond them; offsets up to 4 x 6 are divided by ``OFFSET_SCALE`` for the network.
OFFSET_RULES = {"trained": (1, 2, 4, 5), "between": (3,), "beyond": (6,)}
OFFSET_SCALE = 10.0


def to_offsets(values: npt.ArrayLike, reference: npt.ArrayLike) -> np.ndarray:
    """Every value relative to its sequence's reference value: ``values - reference[:, :1]``.

    Args:
        values: integers ``(batch, time, ...)``, e.g. the inputs or the targets.
        reference: integers ``(batch, time_ref, ...)``; its first step is subtracted (usually ``X`` itself).

    Returns:
        ``int64`` array of the shape of ``values``: translation invariant, so ``[5, 6, 7]``
        and ``[500, 501, 502]`` both become ``[0, 1, 2]``.
    """
    return (np.asarray(values) - np.asarray(reference)[:, :1]).astype(np.int64)


def from_offsets(offsets: npt.ArrayLike, reference: npt.ArrayLike) -> np.ndarray:
    """Undo :func:`to_offsets` for predicted offsets: round them, then add the reference's first step.

    The addition is done in ``int64``, so it is exact for any start, however large.

    Args:
        offsets: predicted offsets ``(batch, time, ...)``, real numbers.
        reference: the integers the offsets were taken from, ``(batch, time_ref, ...)``.

    Returns:
        ``int64`` array of the shape of ``offsets``.
    """
    return np.rint(offsets).astype(np.int64) + np.asarray(reference)[:, :1].astype(np.int64)


def echo_windows(
    n_sequences: int, n_out: int, rng: RandomSource, length: int = 25, window: int = 5, classes: int = 100
) -> tuple[np.ndarray, np.ndarray]:
    """Brownlee's echo tutorial, part 2 (notebook 03): random sequences cut into every window, in order.

    Each of ``n_sequences`` sequences of ``length`` integers in ``0 .. classes - 1`` gives
    ``length - window + 1`` windows (21 with the defaults); a window's target is its first ``n_out`` steps.

    Returns:
        ``(inputs, targets)``, ``int64`` arrays ``(n_sequences * 21, window)`` and ``(n_sequences * 21, n_out)``.
    """
    sequences = random_integers(n_sequences, length, classes, rng=rng)
    inputs, targets = sliding_windows(sequences, window, n_out)
    return inputs.reshape(-1, window), targets.reshape(-1, targets.shape[-1])


def source_style_reverse_prefix(
    n_samples: int, n_in: int = 6, n_out: int = 3, cardinality: int = 51, seed: int | None = None
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The reverse-prefix tutorial's own data loop (notebook 05): Python lists, one sample at a time.

    Kept to time it against :func:`reverse_prefix_dataset`: same task, float32 one-hot arrays
    ``(n_samples, n_in, cardinality)``, ``(n_samples, n_out, cardinality)`` twice.
    """
    import random

    import keras

    draw = random.Random(seed)
    X1, X2, y = [], [], []
    for _ in range(n_samples):
        sequence = [draw.randint(1, cardinality - 1) for _ in range(n_in)]
        reversed_prefix = sequence[:n_out][::-1]
        X1.append(keras.utils.to_categorical(sequence, cardinality))
        X2.append(keras.utils.to_categorical([0] + reversed_prefix[:-1], cardinality))
        y.append(keras.utils.to_categorical(reversed_prefix, cardinality))
    return np.array(X1), np.array(X2), np.array(y)


def adding_problem(n_samples: int = 5000, length: int = 50, rng: RandomSource = None) -> tuple[np.ndarray, np.ndarray]:
    """Hochreiter and Schmidhuber's adding problem (1997, experiment 4), in the variant of Le et al. (2015).

    Each of ``length`` steps holds two numbers: a value drawn uniformly from [0, 1] and a marker, 0 or 1.
    Two steps are marked, one in each half of the sequence; the target is the sum of their two values.
    The first marked value lies at least ``length // 2`` steps before the end.

    Returns:
        ``X (n_samples, length, 2)`` float32 (value, marker) and ``y (n_samples,)`` float32.
    """
    rng = np.random.default_rng(rng)
    values = rng.uniform(0, 1, (n_samples, length))
    half = length // 2
    first = rng.integers(0, half, n_samples)
    second = rng.integers(half, length, n_samples)
    markers = np.zeros((n_samples, length))
    markers[np.arange(n_samples), first] = 1
    markers[np.arange(n_samples), second] = 1
    y = values[np.arange(n_samples), first] + values[np.arange(n_samples), second]
    return np.stack([values, markers], axis=-1).astype(np.float32), y.astype(np.float32)


def window_positions(window_values: npt.ArrayLike) -> np.ndarray:
    """The windows of one sequence back to its positions: ``(windows, window)`` -> ``(windows + window - 1,)``
    (each window's first value, then the rest of the last window), as :func:`echo_data` cut them."""
    window_values = np.asarray(window_values)
    return np.concatenate([window_values[:, 0], window_values[-1, 1:]])


def echo_data(
    n_sequences: int, seed: RandomSource, length: int = 25, window: int = 6, classes: int = 100
) -> tuple[np.ndarray, np.ndarray]:
    """Brownlee's echo tutorial, part 1 (notebook 02): fresh sequences cut into windows, in order, target = input.

    Returns:
        ``(one-hot (n * 20, 6, 100) float32, integers (n * 20, 6) int64)`` with the defaults
        (``length - window + 1 = 20`` windows per sequence).
    """
    sequences = random_integers(n_sequences, length, classes, rng=seed)
    windows, _ = sliding_windows(sequences, window, window)
    windows = windows.reshape(-1, window)
    return one_hot(windows, classes), windows


def variable_length_dataset(
    n_samples: int,
    min_length: int = 4,
    max_length: int = 20,
    vocabulary: int = 10,
    task: str = "reverse",
    rng: RandomSource = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Random integer sequences of mixed lengths, to reverse or to copy.

    Each sample's length is drawn uniformly from ``min_length .. max_length`` and its
    tokens from ``1 .. vocabulary``; 0 is the padding and start token. Sources are padded
    on the left, so every source ends at the last time step (where the encoder's final
    state is read); targets are padded on the right, so every answer starts at step 0.

    Returns:
        ``(source, target, lengths)``: integer arrays ``(n_samples, max_length)``,
        ``(n_samples, max_length)`` and ``(n_samples,)``. ``target`` row ``i`` holds the
        ``lengths[i]`` source tokens reversed (``task="reverse"``) or in order (``"copy"``),
        then zeros.
    """
    generator = np.random.default_rng(rng)
    lengths = generator.integers(min_length, max_length + 1, size=n_samples)
    tokens = generator.integers(1, vocabulary + 1, size=(n_samples, max_length))
    column = np.arange(max_length)
    target = np.where(column < lengths[:, None], tokens, 0)
    # Source row i: its tokens in order, ending at the last column (left padding).
    shift = (column - (max_length - lengths[:, None])) % max_length
    ordered = np.take_along_axis(target, shift, axis=1)
    source = np.where(column >= max_length - lengths[:, None], ordered, 0)
    if task == "reverse":
        reversed_index = (lengths[:, None] - 1 - column) % max_length
        target = np.where(column < lengths[:, None], np.take_along_axis(target, reversed_index, axis=1), 0)
    return source, target, lengths


def drop_seen(source: npt.ArrayLike, seen: npt.ArrayLike, *arrays: npt.ArrayLike) -> tuple[np.ndarray, ...]:
    """Keep only the rows of ``source`` that do not occur in ``seen`` (e.g. the training sources).

    Args:
        source: integer array ``(n, time)``.
        seen: integer array ``(m, time)``, the same ``time``.
        arrays: further arrays with ``n`` rows (targets, lengths), filtered alike.

    Returns:
        ``(source, *arrays)`` without the rows whose source is in ``seen``.
    """
    source = np.asarray(source)
    known = {row.tobytes() for row in np.ascontiguousarray(seen, dtype=np.int64)}
    keep = np.array([row.tobytes() not in known for row in np.ascontiguousarray(source, dtype=np.int64)], dtype=bool)
    return (source[keep], *(np.asarray(other)[keep] for other in arrays))


def count_seen(source: npt.ArrayLike, seen: npt.ArrayLike) -> int:
    """How many rows of ``source`` ``(n, time)`` also occur in ``seen`` ``(m, time)``."""
    unseen = drop_seen(source, seen)[0]
    return len(np.asarray(source)) - len(unseen)


#: Chapter 06's task: reversal of 4 to 20 tokens, 12,000 training sequences (``benchmarks/seeds_06_attention.py``).
ATTENTION_TASK = {"n_train": 12_000, "min_length": 4, "max_length": 20}


# A measured series: the Mauna Loa CO2 record (chapter 09) -------------------------------------------------------

#: The weekly Mauna Loa record shipped with the course (``data/co2_mauna_loa_weekly.md`` says where from).
CO2_CSV = Path(__file__).resolve().parents[1] / "data" / "co2_mauna_loa_weekly.csv"
SEASON = 12
#: Chapter 09's windows and periods in months, shared by the notebook and ``benchmarks/seeds_09_co2.py``.
CO2_SPLIT = {"window": 36, "horizon": 12, "validation_months": 48, "test_months": 48}


def load_weekly(path: str | Path = CO2_CSV) -> pd.Series:
    """The weekly record as a ``pd.Series`` of ppm on a ``DatetimeIndex`` of weeks; empty weeks are ``NaN``."""
    import pandas as pd

    frame = pd.read_csv(path, dtype={"date": str})
    weeks = pd.DatetimeIndex(pd.to_datetime(frame["date"], format="%Y%m%d"), name="week")
    return pd.Series(frame["co2"].to_numpy(np.float64), index=weeks, name="co2 (ppm)")


def monthly_means(weekly: pd.Series) -> pd.Series:
    """Monthly means ``(months,)`` of the weeks measured in each month; a month with none is interpolated in time."""
    return weekly.resample("MS").mean().interpolate(method="time")


@dataclass(frozen=True)
class Windows:
    """Windows of a series: ``months`` ``(windows, window + horizon)`` month indices, ``x`` and ``y`` in ppm."""

    months: np.ndarray
    x: np.ndarray
    y: np.ndarray


def windows(values: npt.ArrayLike, start: int, stop: int, window: int, horizon: int) -> Windows:
    """Every window of ``window`` inputs and ``horizon`` targets that lies inside months ``start .. stop - 1``.

    The month indices are cut by ``keras.utils.timeseries_dataset_from_array``, so ``months`` says exactly
    which months each window touches (inputs and targets).
    """
    import keras

    values = np.asarray(values).astype(np.float64)
    dataset = keras.utils.timeseries_dataset_from_array(
        np.arange(start, stop), None, sequence_length=window + horizon, batch_size=None, shuffle=False
    )
    months = np.stack(list(dataset.as_numpy_iterator())).astype(np.int64)
    return Windows(months, values[months[:, :window]], values[months[:, window:]])


def chronological_split(
    values: npt.ArrayLike, window: int, horizon: int, validation_months: int, test_months: int
) -> dict[str, Windows]:
    """Train, validation and test windows in time order: the last ``test_months`` are the test targets.

    A validation or test window's inputs may reach back into the months before it (they are the known past);
    its targets lie in its own period, and a training window touches no later month at all.
    """
    n = len(values)
    test_start, validation_start = n - test_months, n - test_months - validation_months
    return {
        "train": windows(values, 0, validation_start, window, horizon),
        "validation": windows(values, validation_start - window, test_start, window, horizon),
        "test": windows(values, test_start - window, n, window, horizon),
    }


# Argument checks, applied by _checks.install below (out of the bodies the notebooks print) ----------------------

#: The rule of a :data:`RandomSource` argument (``rng``, and ``seed`` where it means the same).
RANDOM_SOURCE = _checks.named("None, a numpy Generator or an integer seed >= 0", _checks.random_source)


def _integer(name: str, value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise TypeError(f"{name} must be an integer, got {type(value).__name__} {value!r}")
    return value


def _random_integers_arguments(cardinality: int, low: int, **_: Any) -> None:
    """``low`` < ``cardinality``."""
    if low >= cardinality:
        raise ValueError(f"low must be < cardinality={cardinality}, got low={low}")


def _sliding_windows_arguments(sequences: npt.ArrayLike, n_in: int, n_out: int) -> None:
    """``sequences (..., length)`` and ``n_out <= n_in <= length``."""
    sequences = np.asarray(sequences)
    if sequences.ndim < 1:
        raise ValueError(f"sequences must have rank >= 1 (..., length), got shape {sequences.shape}")
    if n_out > n_in:
        raise ValueError(f"n_out must be <= n_in={n_in}, got n_out={n_out}")
    if n_in > sequences.shape[-1]:
        raise ValueError(f"n_in must be <= the length of sequences {sequences.shape[-1]}, got n_in={n_in}")


def _shift_right_arguments(targets: npt.ArrayLike, start: object, start_pads: bool) -> None:
    """Numbers ``(batch, time[, features])``, ``time >= 1``; integer targets: a start token ``>= 0`` not in them."""
    targets = np.asarray(targets)
    if targets.ndim not in (2, 3) or targets.shape[1] == 0:
        raise ValueError(
            f"targets must have rank 2 (batch, time) or 3 (batch, time, features) with time >= 1, "
            f"got shape {targets.shape}"
        )
    if targets.dtype == bool or not np.issubdtype(targets.dtype, np.number):
        raise TypeError(f"targets must hold numbers, got dtype {targets.dtype}")
    if np.issubdtype(targets.dtype, np.integer):
        start = _checks.non_negative_int("start", start)
        if np.any(targets == start) and not start_pads:
            raise ValueError(
                f"targets must not contain the start token {start}: it is reserved for the start of the decoder input"
            )
    elif isinstance(start, bool) or not isinstance(start, (int, float, np.number)) or not np.isfinite(start):
        raise TypeError(f"start must be a finite number, got {type(start).__name__} {start!r}")


def _n_out_within_n_in(n_in: int, n_out: int, **_: Any) -> None:
    """``n_out`` <= ``n_in``."""
    if n_out > n_in:
        raise ValueError(f"n_out must be <= n_in={n_in}, got n_out={n_out}")


def _same_batch(name: str, values: np.ndarray, reference: np.ndarray) -> None:
    if values.ndim < 2 or reference.ndim != values.ndim or reference.shape[0] != values.shape[0]:
        raise ValueError(
            f"{name} and reference must both be (batch, time, ...) with the same batch and rank, "
            f"got {values.shape} and {reference.shape}"
        )


def _to_offsets_arguments(values: npt.ArrayLike, reference: npt.ArrayLike) -> None:
    """``values`` and ``reference`` are integers with one row each per sample."""
    values, reference = _checks.integer_array("values", values), _checks.integer_array("reference", reference)
    _same_batch("values", values, reference)


def _from_offsets_arguments(offsets: npt.ArrayLike, reference: npt.ArrayLike) -> None:
    """``offsets`` are numbers and ``reference`` integers, with one row each per sample."""
    offsets = np.asarray(offsets)
    if offsets.dtype == bool or not np.issubdtype(offsets.dtype, np.number):
        raise TypeError(f"offsets must hold numbers, got dtype {offsets.dtype}")
    _same_batch("offsets", offsets, _checks.integer_array("reference", reference))


def _windows_fit(length: int, window: int, n_out: int | None = None, **_: Any) -> None:
    """``n_out <= window <= length``: every sequence gives at least one window."""
    if n_out is not None and n_out > window:
        raise ValueError(f"n_out must be <= window={window}, got n_out={n_out}")
    if window > length:
        raise ValueError(f"window must be <= length={length}, got window={window}")


def _variable_length_arguments(min_length: int, max_length: int, **_: Any) -> None:
    """``min_length`` <= ``max_length``."""
    if max_length < min_length:
        raise ValueError(f"max_length must be >= min_length={min_length}, got {max_length}")


def _drop_seen_arguments(source: npt.ArrayLike, seen: npt.ArrayLike, arrays: tuple = ()) -> None:
    """Integer ``source (n, time)`` and ``seen (m, time)``; every further array has ``n`` rows."""
    source = _checks.integer_array("source", _checks.array_rank("source", source, 2, "(rows, time)"))
    seen = _checks.integer_array("seen", _checks.array_rank("seen", seen, 2, "(rows, time)"))
    if seen.shape[1] != source.shape[1]:
        raise ValueError(f"seen must have {source.shape[1]} columns like source, got {seen.shape[1]}")
    for index, other in enumerate(np.asarray(a) for a in arrays):
        if other.ndim == 0 or len(other) != len(source):
            raise ValueError(f"arrays[{index}] must have {len(source)} rows like source, got shape {other.shape}")


_INTEGER = _checks.named("an integer", _integer)


def _steps(name: str, value: object) -> tuple[int, ...]:
    if isinstance(value, str | bytes) or not isinstance(value, Sequence) or not 1 <= len(value) <= 100:
        raise TypeError(f"{name} must be a sequence of 1 to 100 integers, got {value!r}")
    return tuple(_integer(name, v) for v in value)


_STEPS = _checks.named("a sequence of 1 to 100 integers", _steps)


def _csv_file(name: str, value: object) -> str | Path:
    if not isinstance(value, (str, Path)):
        raise TypeError(f"{name} must be a str or Path to the CSV file, got {type(value).__name__}")
    if not Path(value).is_file():
        raise ValueError(f"{name} must name an existing CSV file, got {str(value)!r}")
    return value


def _weekly(name: str, value: object) -> pd.Series:
    import pandas as pd

    if not isinstance(value, pd.Series) or not isinstance(value.index, pd.DatetimeIndex):
        raise TypeError(f"{name} must be a pd.Series on a DatetimeIndex, got {type(value).__name__}")
    return value


def _windows_arguments(values: Any, start: int, stop: int, window: int, horizon: int) -> None:
    """``values`` is ``(months,)`` and months ``start .. stop - 1`` hold one window at least."""
    values = _checks.array_rank("values", values, 1, "(months,)")
    if not start + window + horizon <= stop <= len(values):
        raise ValueError(f"stop must lie in [start + window + horizon, len(values)], got {stop}")


def _chronological_split_arguments(
    values: Any, window: int, horizon: int, validation_months: int, test_months: int
) -> None:
    """``values`` is ``(months,)`` and long enough for the three periods and their windows."""
    n = len(_checks.array_rank("values", values, 1, "(months,)"))
    if n < 2 * (window + horizon) + validation_months + test_months:
        raise ValueError(f"values must hold enough months for the three periods and their windows, got {n}")


def _split(name: str, value: object) -> dict[str, Windows]:
    if not isinstance(value, dict) or not all(
        isinstance(value.get(k), Windows) for k in ("train", "validation", "test")
    ):
        raise TypeError(f"{name} must be chronological_split's dict of train, validation and test Windows")
    return value


_SPLIT = _checks.named("chronological_split's dict of Windows", _split)

#: Months of a series: the course's record holds 526; 10,000 months are cut into windows in ~1.5 s.
_MONTHS = 10_000


#: Steps of adding-problem data held at once: 10 million are 80 MB of float32 (the course: 500,000).
_ADDING_STEPS = 10_000_000


def _adding_problem_arguments(n_samples: int, length: int, **_: Any) -> None:
    """At most 10 million steps in all (80 MB of float32)."""
    if n_samples * length > _ADDING_STEPS:
        raise ValueError(
            f"n_samples * length must be at most {_ADDING_STEPS:,} (80 MB), got {n_samples:,} * {length:,}"
        )


def _window_positions_arguments(window_values: npt.ArrayLike) -> None:
    """``window_values`` is ``(windows, window)``, one window at least."""
    values = _checks.array_rank("window_values", window_values, 2, "(windows, window)")
    if len(values) == 0:
        raise ValueError("window_values must hold one window at least, got none")


_checks.install(
    globals(),
    rules={
        "load_weekly": {"path": _checks.named("a str or Path of an existing CSV file", _csv_file)},
        "monthly_means": {"weekly": _checks.named("a pd.Series on a DatetimeIndex", _weekly)},
        "windows": {"start": _checks.count(_MONTHS, minimum=0), "stop": _checks.count(_MONTHS)},
        "chronological_split": {"validation_months": _checks.count(_MONTHS), "test_months": _checks.count(_MONTHS)},
        # reverse_prefix_dataset draws its n_samples sequences here: the bound of n_samples
        "random_integers": {"n_sequences": _checks.ARGUMENTS["n_samples"],
                            "low": _checks.named("an integer >= 0", _checks.non_negative_int), "rng": RANDOM_SOURCE},
        "reverse_prefix_dataset": {"rng": RANDOM_SOURCE},
        # one more integer than length per row (the target's last step)
        "consecutive_pairs": {"length": _checks.count(999), "start": _INTEGER, "steps": _STEPS},
        "echo_windows": {"rng": RANDOM_SOURCE},
        # one marked step in each half
        "adding_problem": {"length": _checks.count(1000, minimum=2), "rng": RANDOM_SOURCE},
        # a Python loop, ~0.08 ms and 5 kB of float64 one-hot a sample: 50,000 are ~4 s, 0.25 GB (the course: 5,000)
        "source_style_reverse_prefix": {"n_samples": _checks.count(50_000), "seed": _checks.optional(_checks.SEED)},
        # 20 windows of 6 one-hot steps per sequence, 48 kB: 5,000 sequences are ~0.25 GB (the course: 500)
        "echo_data": {"n_sequences": _checks.count(5_000), "seed": RANDOM_SOURCE},
        # tokens 1 .. vocabulary (0 is the padding), so a vocabulary of 1 is a task too
        "variable_length_dataset": {"vocabulary": _checks.count(10_000), "rng": RANDOM_SOURCE,
                                    "task": _checks.one_of("reverse", "copy")},
    },
    preconditions={
        "window_positions": _window_positions_arguments,
        "adding_problem": _adding_problem_arguments,
        "windows": _windows_arguments,
        "chronological_split": _chronological_split_arguments,
        "random_integers": _random_integers_arguments,
        "sliding_windows": _sliding_windows_arguments,
        "shift_right": _shift_right_arguments,
        "reverse_prefix_dataset": _n_out_within_n_in,
        "to_offsets": _to_offsets_arguments,
        "from_offsets": _from_offsets_arguments,
        "echo_windows": _windows_fit,
        "source_style_reverse_prefix": _n_out_within_n_in,
        "echo_data": _windows_fit,
        "variable_length_dataset": _variable_length_arguments,
        "drop_seen": _drop_seen_arguments,
        "count_seen": _drop_seen_arguments,
    },
)  # fmt: skip
