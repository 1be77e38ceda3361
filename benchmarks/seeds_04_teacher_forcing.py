"""Notebook 04's headline numbers over several seeds: the tutorial's model,
each bug fix alone, both, and the exact model.

Usage: ``python benchmarks/seeds_04_teacher_forcing.py [N_SEEDS]`` (default 5, seeds 1..N).
Every model comes from :mod:`helpers.training` and :mod:`helpers.data`, exactly as the notebook builds and trains it.
Prints a Markdown table: min / median / max over the seeds. Not run in CI (a few minutes).

``python benchmarks/seeds_04_teacher_forcing.py exercise [N_SEEDS]`` runs the changed experiment of the
notebook's exercise 4.3 instead: the scaled model with both fixes, trained for a quarter of its epochs
(``EXERCISE_FIT``: 20 instead of 80, the cosine schedule over those 20), and its mean absolute error.
"""

from __future__ import annotations

import dataclasses
import sys
import time

import helpers.repro

helpers.repro.seed_everything(1)

import numpy as np  # noqa: E402

from helpers.data import SCALE, consecutive_pairs, from_offsets, to_offsets  # noqa: E402
from helpers.decoding import greedy_decode  # noqa: E402
from helpers.training import OFFSET_FIT, SCALED_FIT, SOURCE_FIT, train_seq2seq  # noqa: E402

HELD_OUT_STARTS = (1500, 5000, 10**6)
EXERCISE_FIT = dataclasses.replace(SCALED_FIT, epochs=20)


def decode(models, source: np.ndarray, start, scale: float = 1.0) -> np.ndarray:
    """Greedy decoding of 4 steps for all sequences at once, back in the original units."""
    return greedy_decode(models.encoder, models.decoder, source / scale, 4, start, feedback="output") * scale


def mae(predicted: np.ndarray, truth: np.ndarray) -> float:
    return float(np.abs(predicted - truth).mean())


def one_seed(seed: int) -> dict[str, float]:
    X, y = consecutive_pairs()
    row: dict[str, float] = {}
    source, _ = train_seq2seq(X, y, SOURCE_FIT, seed, name="source")
    row["source (x0+1 start, raw)"] = mae(decode(source, X, X[:, 0] + 1), y)
    row["start-token fix alone"] = mae(decode(source, X, [0.0]), y)
    scaled, _ = train_seq2seq(X / SCALE, y / SCALE, SCALED_FIT, seed, name="scaled")
    row["scaling alone"] = mae(decode(scaled, X, (X[:, 0] + 1) / SCALE, SCALE), y)
    both = decode(scaled, X, [0.0], SCALE)
    row["both fixes"] = mae(both, y)
    row["both fixes: exact-match rate"] = float(np.mean(np.all(np.rint(both) == y, axis=(1, 2))))
    offset, _ = train_seq2seq(to_offsets(X, X), to_offsets(y, X), OFFSET_FIT, seed, name="offsets")
    exact = from_offsets(decode(offset, to_offsets(X, X), [0.0]), X)
    row["offsets: MAE"] = mae(exact, y)
    row["offsets: exact-match rate"] = float(np.mean(np.all(exact == y, axis=(1, 2))))
    for start in HELD_OUT_STARTS:
        X_out, y_out = consecutive_pairs(1, start=start)
        row[f"both fixes: MAE at start {start}"] = mae(decode(scaled, X_out, [0.0], SCALE), y_out)
        exact_out = from_offsets(decode(offset, to_offsets(X_out, X_out), [0.0]), X_out)
        row[f"offsets: exact at start {start}"] = float(np.array_equal(exact_out, y_out))
    return row


def main(n_seeds: int) -> None:
    rows, seconds = [], []
    for seed in range(1, n_seeds + 1):
        start = time.perf_counter()
        rows.append(one_seed(seed))
        seconds.append(time.perf_counter() - start)
        print(f"seed {seed}: {seconds[-1]:.0f} s", file=sys.stderr, flush=True)
    print(f"| measure (seeds 1..{n_seeds}) | min | median | max | per seed |\n|---|---:|---:|---:|---|")
    for key in rows[0]:
        values = np.array([row[key] for row in rows])
        each = " ".join(f"{v:.3g}" for v in values)
        print(f"| {key} | {values.min():.3g} | {np.median(values):.3g} | {values.max():.3g} | {each} |")
    print(f"\nseconds per seed (3 trainings + decoding): {' '.join(f'{s:.0f}' for s in seconds)}")


def exercise(n_seeds: int) -> None:
    """Exercise 4.3: both fixes, a quarter of the epochs. Mean absolute error, min / median / max."""
    X, y = consecutive_pairs()
    errors, exact = [], []
    for seed in range(1, n_seeds + 1):
        start = time.perf_counter()
        scaled, _ = train_seq2seq(X / SCALE, y / SCALE, EXERCISE_FIT, seed, name="scaled")
        both = decode(scaled, X, [0.0], SCALE)
        errors.append(mae(both, y))
        exact.append(float(np.mean(np.all(np.rint(both) == y, axis=(1, 2)))))
        print(f"seed {seed}: MAE {errors[-1]:.3g}, exact {exact[-1]:.3f} ({time.perf_counter() - start:.0f} s)")
    print(f"{EXERCISE_FIT}, both fixes, seeds 1..{n_seeds} (min / median / max):")
    print("MAE " + " / ".join(f"{f(errors):.3g}" for f in (np.min, np.median, np.max)))
    print("exact-match rate " + " / ".join(f"{f(exact):.3f}" for f in (np.min, np.median, np.max)))


if __name__ == "__main__":
    if sys.argv[1:2] == ["exercise"]:
        exercise(int(sys.argv[2]) if len(sys.argv) > 2 else 5)
    else:
        main(int(sys.argv[1]) if len(sys.argv) > 1 else 5)
