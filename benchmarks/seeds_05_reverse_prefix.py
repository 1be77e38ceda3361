"""Notebook 05: do its claims hold across seeds? Every assert of the notebook, on 5 seeds.

Seed ``s`` seeds the weights and draws the training data with ``rng=2s-1`` and the 1,000 test
sequences with ``rng=2s``; seed 1 is exactly notebook 05's run. The recipe is the notebook's,
``helpers.training.REVERSE_PREFIX_FIT`` (100,000 samples, one epoch, batch 256, Adam 0.01), with
the notebook's learning-curve callback (``helpers.training.ExactMatchEvery``, every 5,120 samples
up to 61,440). Per seed it measures:

- exact match on the 1,000 test sequences for the four decoders of section 8 (start: one-hot 0 or
  zeros; feedback: argmax or softmax), and the largest difference between them;
- the learning curve: exact match at the first checkpoint, and the lowest and highest difference
  between argmax and softmax feedback over the checkpoints;
- exercise 3's experiment, ``helpers.training.train_and_score(6, reverse, 40_000, seed=s)``: six outputs,
  one epoch of 40,000 samples, target reversed (the notebook's run) and in original order (the change).

Usage: ``LSTM_COURSE_QUIET=1 python benchmarks/seeds_05_reverse_prefix.py [n_seeds]`` (one to two minutes per seed
on 2 cores).

Results (2026-12-02, seeds 1-5, 2-core CPU shared with other jobs, load 12-14), min / median / max:

| measured | seeds 1-5 | asserted in notebook 05 |
|---|---|---|
| exact match, argmax feedback | 0.999 / 1.000 / 1.000 | >= 0.995 |
| exact match, softmax fed back | 0.999 / 1.000 / 1.000 | |
| four decoders, largest difference | 0.000 / 0.000 / 0.001 | <= 0.005 |
| curve, first checkpoint (5,120 samples) | 0.000 / 0.001 / 0.002 | < 0.05 |
| curve, argmax minus softmax, lowest | -0.001 / 0.000 / 0.000 | >= -0.005 |
| curve, argmax minus softmax, highest | 0.087 / 0.108 / 0.114 | >= 0.05 |
| 6 outputs, 40k samples, reversed | 0.822 / 0.840 / 0.861 | >= 0.7 |
| 6 outputs, 40k samples, original order | 0.448 / 0.519 / 0.582 | exercise 3: 0.35..0.68 |
| fit seconds (load 12-14) | 23.9 / 33.3 / 45.3 | |
"""

from __future__ import annotations

import os
import sys
import time

import helpers.repro

helpers.repro.seed_everything(1)

import numpy as np  # noqa: E402

from helpers.data import reverse_prefix_dataset  # noqa: E402
from helpers.decoding import exact_match  # noqa: E402
from helpers.models import reverse_prefix_models  # noqa: E402
from helpers.training import REVERSE_PREFIX_FIT, REVERSE_PREFIX_SAMPLES, ExactMatchEvery, train_and_score  # noqa: E402

CLASSES, STEPS_IN, STEPS_OUT = 51, 6, 3
#: exercise 3: output length and training samples of the order experiment
ORDER_STEPS, ORDER_SAMPLES = 6, 40_000


def headline(seed: int) -> dict[str, float]:
    fit = REVERSE_PREFIX_FIT
    X, D, y = reverse_prefix_dataset(REVERSE_PREFIX_SAMPLES, STEPS_IN, STEPS_OUT, CLASSES, rng=2 * seed - 1)
    X_test, _, y_test = reverse_prefix_dataset(1_000, STEPS_IN, STEPS_OUT, CLASSES, rng=2 * seed)
    train, encoder, decoder = reverse_prefix_models(CLASSES, 128, learning_rate=fit.learning_rate, seed=seed)
    every = 5_120 // fit.batch_size
    curve = ExactMatchEvery(every, 12 * every, encoder, decoder, X_test, y_test, fit.batch_size)
    start = time.perf_counter()
    train.fit([X, D], y, batch_size=fit.batch_size, epochs=fit.epochs, shuffle=False, verbose=0, callbacks=[curve])
    seconds = time.perf_counter() - start - curve.seconds
    zeros = np.zeros(CLASSES, dtype=np.float32)
    four = [
        exact_match(encoder, decoder, X_test, y_test, feedback, begin)
        for begin in (None, zeros)
        for feedback in ("argmax", "output")
    ]
    _, argmax, softmax = map(np.array, zip(*curve.log, strict=True))
    return {
        "exact": four[0],
        "softmax fed back": four[1],
        "four decoders, largest difference": max(four) - min(four),
        "curve, first checkpoint": argmax[0],
        "curve, argmax minus softmax: lowest": float(np.min(argmax - softmax)),
        "curve, argmax minus softmax: highest": float(np.max(argmax - softmax)),
        "fit seconds": seconds,
    }


def main() -> None:
    n_seeds = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    print(f"load average at start: {os.getloadavg()[0]:.2f} (2 cores)")
    results: dict[str, list[float]] = {}
    for seed in range(1, n_seeds + 1):
        row = headline(seed)
        row["6 outputs, 40k, reversed"] = train_and_score(ORDER_STEPS, True, ORDER_SAMPLES, seed=seed)[0]
        row["6 outputs, 40k, original order"] = train_and_score(ORDER_STEPS, False, ORDER_SAMPLES, seed=seed)[0]
        print(f"seed {seed}: " + ", ".join(f"{k} {v:.3f}" for k, v in row.items()), flush=True)
        for key, value in row.items():
            results.setdefault(key, []).append(value)
    print(f"\nover {n_seeds} seeds: min / median / max")
    for key, values in results.items():
        print(f"  {key:<45} {np.min(values):.3f} / {np.median(values):.3f} / {np.max(values):.3f}")
    print(f"load average at end: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
