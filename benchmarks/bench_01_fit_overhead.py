"""Notebook 01: the source's 1,000 one-batch epochs against one epoch of 1,000 identical batches.

Both take the same 1,000 Adam steps from the same initial weights (notebook 01 proves the
weights agree); this measures the wall-time ratio. Usage: ``python benchmarks/bench_01_fit_overhead.py``.
"""

from __future__ import annotations

import time

import helpers.repro

helpers.repro.seed_everything(1)

import keras  # noqa: E402
import numpy as np  # noqa: E402

from helpers.course import record_benchmark  # noqa: E402
from helpers.data import ramp  # noqa: E402

STEPS = 1000


def model() -> keras.Model:
    helpers.repro.seed_everything(1)
    net = keras.Sequential([keras.Input(shape=(1, 1)), keras.layers.LSTM(5), keras.layers.Dense(1)])
    net.compile(loss="mean_squared_error", optimizer="adam")
    return net


def source_way(X: np.ndarray, y: np.ndarray) -> float:
    net, start = model(), time.perf_counter()
    net.fit(X, y, epochs=STEPS, batch_size=len(X), verbose=0)
    return time.perf_counter() - start


def fast_way(X: np.ndarray, y: np.ndarray, per_call: int = 50) -> float:
    net, start = model(), time.perf_counter()
    net.compile(loss="mean_squared_error", optimizer="adam", steps_per_execution=per_call)
    net.fit(
        np.tile(X, (per_call, 1, 1)),
        np.tile(y, (per_call, 1)),
        batch_size=len(X),
        epochs=STEPS // per_call,
        shuffle=False,
        verbose=0,
    )
    return time.perf_counter() - start


def main() -> None:
    sequence = ramp(5)
    X, y = sequence.reshape(5, 1, 1), sequence.reshape(5, 1)
    slow = source_way(X, y)
    fast = min(fast_way(X, y) for _ in range(3))
    print(f"1000 steps, source way (1000 fit epochs): {slow:.1f} s")
    print(f"1000 steps, 1 epoch of repeated batches, 50 steps per call: {fast:.2f} s (best of 3)")
    print(f"speed-up: {slow / fast:.0f}x")
    record_benchmark(
        "bench_01_fit_overhead",
        [
            "01: 1,000 Adam steps of the echo LSTM (`bench_01_fit_overhead.py`)",
            f"1,000 `fit` epochs: {slow:.1f} s",
            f"one epoch of 1,000 identical batches, 50 steps per call: {fast:.2f} s",
            f"{slow / fast:.0f}×",
        ],
    )


if __name__ == "__main__":
    main()
