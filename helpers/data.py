"""Vectorised numpy data generators for every lesson of the course.

Every random generator takes ``rng``: an integer seed, a
``numpy.random.Generator`` (to continue a stream), or ``None`` (fresh entropy).
Integer data comes back as ``int64`` arrays; encode it with
:func:`helpers.encoding.one_hot` where a model needs vectors.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from helpers._checks import integer_array, positive_int

RandomSource = int | np.random.Generator | None


def make_rng(rng: RandomSource) -> np.random.Generator:
    """Return a numpy ``Generator`` from a seed, a ``Generator`` or ``None``."""
    if isinstance(rng, np.random.Generator):
        return rng
    if rng is None:
        return np.random.default_rng()
    return np.random.default_rng(positive_int("rng", rng, minimum=0))


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
    low = positive_int("low", low, minimum=0)
    if low >= cardinality:
        raise ValueError(f"low must be < cardinality={cardinality}, got low={low}")
    return make_rng(rng).integers(low, cardinality, size=(n_sequences, length))


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
        raise ValueError(f"n_in must be <= the sequence length {sequences.shape[-1]}, got n_in={n_in}")
    windows = np.lib.stride_tricks.sliding_window_view(sequences, n_in, axis=-1)
    return windows.copy(), windows[..., :n_out].copy()


def shift_right(targets: npt.ArrayLike, start_token: int = 0) -> np.ndarray:
    """Decoder input for teacher forcing: the start token, then the targets minus their last step.

    ``[[12, 16, 32]]`` becomes ``[[0, 12, 16]]``. Because ``start_token`` marks the
    start, it must not occur inside ``targets``.

    Args:
        targets: integers of shape ``(batch, time)``.
        start_token: the reserved start-of-sequence integer.

    Returns:
        Integer array of the same shape as ``targets``.
    """
    targets = integer_array("targets", targets)
    if targets.ndim != 2 or targets.shape[1] == 0:
        raise ValueError(f"targets must have rank 2 (batch, time) with time >= 1, got shape {targets.shape}")
    start_token = positive_int("start_token", start_token, minimum=0)
    if np.any(targets == start_token):
        raise ValueError(
            f"targets must not contain the start token {start_token}: it is reserved for the start of the decoder input"
        )
    start = np.full((targets.shape[0], 1), start_token, dtype=targets.dtype)
    return np.concatenate([start, targets[:, :-1]], axis=1)


def reverse_prefix_dataset(
    n_samples: int,
    n_in: int = 6,
    n_out: int = 3,
    cardinality: int = 51,
    rng: RandomSource = None,
    reverse: bool = True,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Source-D's task: the target is the first ``n_out`` source integers, reversed.

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
    return source, shift_right(target, start_token=0), target


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
    if task not in ("reverse", "copy"):
        raise ValueError(f"task must be 'reverse' or 'copy', got {task!r}")
    generator = make_rng(rng)
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
        if len(other) != len(source):
            raise ValueError(f"arrays[{index}] must have {len(source)} rows like source, got {len(other)}")
    known = {row.tobytes() for row in np.ascontiguousarray(seen, dtype=np.int64)}
    keep = np.array([row.tobytes() not in known for row in np.ascontiguousarray(source, dtype=np.int64)], dtype=bool)
    return (source[keep], *(other[keep] for other in others))


def count_seen(source: npt.ArrayLike, seen: npt.ArrayLike) -> int:
    """How many rows of ``source`` ``(n, time)`` also occur in ``seen`` ``(m, time)``."""
    return len(np.asarray(source)) - len(drop_seen(source, seen)[0])
