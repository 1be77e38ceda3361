"""Vectorised numpy data generators for every lesson of the course.

Every random generator takes ``rng``: an integer seed, a
``numpy.random.Generator`` (to continue a stream), or ``None`` (fresh entropy),
as :func:`numpy.random.default_rng` accepts.
Integer data comes back as ``int64`` arrays; encode it with
:func:`helpers.encoding.one_hot` where a model needs vectors.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from helpers._checks import integer_array, non_negative_int, positive_int, random_source
from helpers.encoding import one_hot

RandomSource = int | np.random.Generator | None

#: Divide notebook 04's integers by this to bring them near [0, 1].
SCALE = 1000.0


def ramp(length: int = 5) -> np.ndarray:
    """The echo sequence ``0/length, 1/length, ...``: ``ramp(5)`` is 0.0 .. 0.8.

    Returns:
        ``float32`` array of shape ``(length,)``.
    """
    length = positive_int("length", length)
    return (np.arange(length) / length).astype(np.float32)


def random_integers(
    n_sequences: int, length: int, cardinality: int, low: int = 0, rng: RandomSource = None
) -> np.ndarray:
    """Uniform random integers in ``[low, cardinality)``.

    Returns:
        ``int64`` array of shape ``(n_sequences, length)``.
    """
    n_sequences = positive_int("n_sequences", n_sequences)
    length = positive_int("length", length)
    cardinality = positive_int("cardinality", cardinality, minimum=2)
    low = non_negative_int("low", low)
    if low >= cardinality:
        raise ValueError(f"low must be < cardinality={cardinality}, got low={low}")
    return np.random.default_rng(random_source("rng", rng)).integers(low, cardinality, size=(n_sequences, length))


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
    sequences = np.asarray(sequences)
    n_in = positive_int("n_in", n_in)
    n_out = positive_int("n_out", n_out)
    if sequences.ndim < 1:
        raise ValueError(f"sequences must have rank >= 1 (..., length), got shape {sequences.shape}")
    if n_out > n_in:
        raise ValueError(f"n_out must be <= n_in={n_in}, got n_out={n_out}")
    if n_in > sequences.shape[-1]:
        raise ValueError(f"n_in must be <= the length of sequences {sequences.shape[-1]}, got n_in={n_in}")
    windows = np.lib.stride_tricks.sliding_window_view(sequences, n_in, axis=-1)
    return windows.copy(), windows[..., :n_out].copy()


def shift_right(targets: npt.ArrayLike, start: float = 0) -> np.ndarray:
    """Decoder input for teacher forcing: ``start``, then the targets without their last step.

    ``[[12, 16, 32]]`` becomes ``[[0, 12, 16]]``; ``[[[1], [2], [3]]]`` becomes ``[[[0], [1], [2]]]``.
    For integer tokens ``start`` is a reserved start token, so it must not occur inside ``targets``.

    Args:
        targets: integer tokens ``(batch, time)`` or numbers ``(batch, time, features)``; time >= 1.
        start: the first decoder input of every sequence (an integer >= 0 for integer targets).

    Returns:
        Array of the shape and dtype of ``targets``.
    """
    targets = np.asarray(targets)
    if targets.ndim not in (2, 3) or targets.shape[1] == 0:
        raise ValueError(
            f"targets must have rank 2 (batch, time) or 3 (batch, time, features) with time >= 1, "
            f"got shape {targets.shape}"
        )
    if targets.dtype == bool or not np.issubdtype(targets.dtype, np.number):
        raise TypeError(f"targets must hold numbers, got dtype {targets.dtype}")
    if np.issubdtype(targets.dtype, np.integer):
        start = non_negative_int("start", start)
        if np.any(targets == start):
            raise ValueError(
                f"targets must not contain the start token {start}: it is reserved for the start of the decoder input"
            )
    elif isinstance(start, bool) or not isinstance(start, (int, float, np.number)) or not np.isfinite(start):
        raise TypeError(f"start must be a finite number, got {type(start).__name__} {start!r}")
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
    n_samples = positive_int("n_samples", n_samples)
    n_in = positive_int("n_in", n_in)
    n_out = positive_int("n_out", n_out)
    if n_out > n_in:
        raise ValueError(f"n_out must be <= n_in={n_in}, got n_out={n_out}")
    if not isinstance(reverse, (bool, np.bool_)):
        raise TypeError(f"reverse must be True or False, got {type(reverse).__name__} {reverse!r}")
    source = random_integers(n_samples, n_in, cardinality, low=1, rng=rng)
    target = np.ascontiguousarray(source[:, n_out - 1 :: -1] if reverse else source[:, :n_out])
    return source, shift_right(target, start=0), target


def consecutive_integers(n_sequences: int = 1000, length: int = 5, start: int = 0) -> np.ndarray:
    """Rows of consecutive integers: row ``i`` is ``start + i, start + i + 1, ...``.

    Returns:
        ``int64`` array of shape ``(n_sequences, length)``.
    """
    n_sequences = positive_int("n_sequences", n_sequences)
    length = positive_int("length", length)
    if isinstance(start, bool) or not isinstance(start, (int, np.integer)):
        raise TypeError(f"start must be an integer, got {type(start).__name__} {start!r}")
    return start + np.arange(n_sequences)[:, None] + np.arange(length)[None, :]


def consecutive_pairs(n_sequences: int = 1000, length: int = 4, start: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """The consecutive-integers tutorial's data (notebook 04).

    Row ``i`` is ``X = [s+i .. s+i+length-1]`` and ``y = X + 1``.

    Returns:
        ``(X, y)``, ``int64`` arrays of shape ``(n_sequences, length, 1)``.
    """
    length = positive_int("length", length)
    sequences = consecutive_integers(n_sequences, length + 1, start=start)
    return sequences[:, :-1, np.newaxis], sequences[:, 1:, np.newaxis]


def _same_batch(name: str, values: np.ndarray, reference: np.ndarray) -> None:
    if values.ndim < 2 or reference.ndim != values.ndim or reference.shape[0] != values.shape[0]:
        raise ValueError(
            f"{name} and reference must both be (batch, time, ...) with the same batch and rank, "
            f"got {values.shape} and {reference.shape}"
        )


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
    _same_batch("values", values, reference)
    return (values - reference[:, :1]).astype(np.int64)


def from_offsets(offsets: npt.ArrayLike, reference: npt.ArrayLike) -> np.ndarray:
    """Undo :func:`to_offsets` for predicted offsets: round them, then add the reference's first step.

    The addition is done in ``int64``, so it is exact for any start, however large.

    Args:
        offsets: predicted offsets ``(batch, time, ...)``, real numbers.
        reference: the integers the offsets were taken from, ``(batch, time_ref, ...)``.

    Returns:
        ``int64`` array of the shape of ``offsets``.
    """
    offsets = np.asarray(offsets)
    if offsets.dtype == bool or not np.issubdtype(offsets.dtype, np.number):
        raise TypeError(f"offsets must hold numbers, got dtype {offsets.dtype}")
    reference = integer_array("reference", reference)
    _same_batch("offsets", offsets, reference)
    return np.rint(offsets).astype(np.int64) + reference[:, :1].astype(np.int64)


def echo_windows(
    n_sequences: int, n_out: int, rng: RandomSource, length: int = 25, window: int = 5, classes: int = 100
) -> tuple[np.ndarray, np.ndarray]:
    """Brownlee's echo tutorial, part 2 (notebook 03): random sequences cut into every window, in order.

    Each of ``n_sequences`` sequences of ``length`` integers in ``0 .. classes - 1`` gives
    ``length - window + 1`` windows (21 with the defaults); a window's target is its first ``n_out`` steps.

    Returns:
        ``(inputs, targets)``, ``int64`` arrays ``(n_sequences * 21, window)`` and ``(n_sequences * 21, n_out)``.
    """
    classes, window = positive_int("classes", classes, minimum=2), positive_int("window", window)
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

    n_samples = positive_int("n_samples", n_samples)
    n_in, n_out = positive_int("n_in", n_in), positive_int("n_out", n_out)
    cardinality = positive_int("cardinality", cardinality, minimum=2)
    if n_out > n_in:
        raise ValueError(f"n_out must be <= n_in={n_in}, got n_out={n_out}")
    draw = random.Random(None if seed is None else non_negative_int("seed", seed))
    X1, X2, y = [], [], []
    for _ in range(n_samples):
        sequence = [draw.randint(1, cardinality - 1) for _ in range(n_in)]
        reversed_prefix = sequence[:n_out][::-1]
        X1.append(keras.utils.to_categorical(sequence, cardinality))
        X2.append(keras.utils.to_categorical([0] + reversed_prefix[:-1], cardinality))
        y.append(keras.utils.to_categorical(reversed_prefix, cardinality))
    return np.array(X1), np.array(X2), np.array(y)


def echo_data(
    n_sequences: int, seed: RandomSource, length: int = 25, window: int = 6, classes: int = 100
) -> tuple[np.ndarray, np.ndarray]:
    """Brownlee's echo tutorial, part 1 (notebook 02): fresh sequences cut into windows, in order, target = input.

    Returns:
        ``(one-hot (n * 20, 6, 100) float32, integers (n * 20, 6) int64)`` with the defaults
        (``length - window + 1 = 20`` windows per sequence).
    """
    classes, window = positive_int("classes", classes, minimum=2), positive_int("window", window)
    sequences = random_integers(n_sequences, length, classes, rng=random_source("seed", seed))
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
    n_samples = positive_int("n_samples", n_samples)
    min_length = positive_int("min_length", min_length)
    max_length = positive_int("max_length", max_length)
    if max_length < min_length:
        raise ValueError(f"max_length must be >= min_length={min_length}, got {max_length}")
    vocabulary = positive_int("vocabulary", vocabulary)
    if not isinstance(task, str) or task not in ("reverse", "copy"):
        raise ValueError(f"task must be 'reverse' or 'copy', got {task!r}")
    generator = np.random.default_rng(random_source("rng", rng))
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
    from helpers._checks import array_rank

    source = integer_array("source", array_rank("source", source, 2, "(rows, time)"))
    seen = integer_array("seen", array_rank("seen", seen, 2, "(rows, time)"))
    if seen.shape[1] != source.shape[1]:
        raise ValueError(f"seen must have {source.shape[1]} columns like source, got {seen.shape[1]}")
    others = [np.asarray(a) for a in arrays]
    for index, other in enumerate(others):
        if other.ndim == 0 or len(other) != len(source):
            raise ValueError(f"arrays[{index}] must have {len(source)} rows like source, got shape {other.shape}")
    known = {row.tobytes() for row in np.ascontiguousarray(seen, dtype=np.int64)}
    keep = np.array([row.tobytes() not in known for row in np.ascontiguousarray(source, dtype=np.int64)], dtype=bool)
    return (source[keep], *(other[keep] for other in others))


def count_seen(source: npt.ArrayLike, seen: npt.ArrayLike) -> int:
    """How many rows of ``source`` ``(n, time)`` also occur in ``seen`` ``(m, time)``."""
    unseen = drop_seen(source, seen)[0]  # checks both arguments
    return len(np.asarray(source)) - len(unseen)
