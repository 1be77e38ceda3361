"""Notebook 05: does the headline (>= 99.5 % exact match on 1,000 new sequences) hold across seeds?

Seed ``s`` seeds the weights and draws the training data with ``rng=2s-1`` and the 1,000 test
sequences with ``rng=2s``; seed 1 is exactly notebook 05's run. Recipe of the notebook: 100,000
samples, one epoch, batch 128, Adam 0.005, greedy decoding with argmax feedback.
Usage: ``python benchmarks/seeds_05_reverse_prefix.py [n_seeds]`` (about 20 s per seed on 2 cores).
"""

from __future__ import annotations

import os
import sys
import time

import helpers.repro

helpers.repro.seed_everything(1)

import numpy as np  # noqa: E402

from helpers.data import reverse_prefix_dataset  # noqa: E402
from helpers.decoding import greedy_decode  # noqa: E402
from helpers.encoding import one_hot  # noqa: E402
from helpers.metrics import sequence_accuracy, token_accuracy  # noqa: E402
from helpers.models import reverse_prefix_models  # noqa: E402
from helpers.training import REVERSE_PREFIX_FIT, REVERSE_PREFIX_SAMPLES  # noqa: E402

CLASSES, STEPS_IN, STEPS_OUT = 51, 6, 3
START = one_hot(0, CLASSES)


def run(seed: int) -> tuple[float, float, float, float]:
    fit = REVERSE_PREFIX_FIT
    X, D, y = reverse_prefix_dataset(REVERSE_PREFIX_SAMPLES, STEPS_IN, STEPS_OUT, CLASSES, rng=2 * seed - 1)
    X_test, _, y_test = reverse_prefix_dataset(1_000, STEPS_IN, STEPS_OUT, CLASSES, rng=2 * seed)
    train, encoder, decoder = reverse_prefix_models(CLASSES, 128, learning_rate=fit.learning_rate, seed=seed)
    start = time.perf_counter()
    train.fit([X, D], y, batch_size=fit.batch_size, epochs=fit.epochs, shuffle=False, verbose=0)
    seconds = time.perf_counter() - start
    argmax = greedy_decode(encoder, decoder, X_test, STEPS_OUT, START, feedback="argmax").argmax(-1)
    softmax = greedy_decode(encoder, decoder, X_test, STEPS_OUT, START, feedback="output").argmax(-1)
    return (
        sequence_accuracy(y_test, argmax),
        token_accuracy(y_test, argmax),
        sequence_accuracy(y_test, softmax),
        seconds,
    )


def main() -> None:
    n_seeds = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    print(f"load average at start: {os.getloadavg()[0]:.2f} (2 cores)")
    print("seed  exact (argmax)  token (argmax)  exact (softmax fed back)  fit time")
    exact = []
    for seed in range(1, n_seeds + 1):
        sequence, token, softmax, seconds = run(seed)
        exact.append(sequence)
        print(f"{seed:>4}  {sequence:>14.1%}  {token:>14.2%}  {softmax:>24.1%}  {seconds:>7.1f} s", flush=True)
    exact = np.array(exact)
    print(f"exact match over {n_seeds} seeds: min {exact.min():.1%}, mean {exact.mean():.2%}, max {exact.max():.1%}")
    print(f"all seeds >= 99.5 %: {bool(np.all(exact >= 0.995))}")
    print(f"load average at end: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
