"""Notebook 02: the source's one ``fit`` call per sequence against one ``fit`` call for all of them.

Both take the same 2,000 Adam steps in the same order with the same state resets (notebook 02 and
tests/test_training.py show the weights agree). The source way is timed on the first N of its 500
calls (default 100, a reduced budget): the first call, which compiles, is timed on its own, and the
estimate for 500 calls is ``first + 499 x median(other calls)``. ``--full`` runs all 500 instead.
The one-call way runs all 500 sequences, median of 3 runs, each from a new model (compilation included).
Usage: ``python benchmarks/bench_02_stateful_fit.py [--full] [N]``.
"""

from __future__ import annotations

import os
import sys
import time

import numpy as np

from helpers.course import record_benchmark
from helpers.data import echo_data
from helpers.models import echo_model
from helpers.training import fit_with_resets

BATCH, WINDOWS_PER_SEQUENCE, BATCHES_PER_SEQUENCE = 5, 20, 4  # notebook 02: 25 - 6 + 1 windows, batches of 5
SEQUENCES = 500


def source_way(X: np.ndarray, n_calls: int) -> tuple[float, list[float]]:
    """Seconds of the first (compiling) ``fit`` call and of each later one, for ``n_calls`` sequences."""
    model, seconds = echo_model(), []
    for k in range(n_calls):
        chunk = X[k * WINDOWS_PER_SEQUENCE : (k + 1) * WINDOWS_PER_SEQUENCE]
        start = time.perf_counter()
        model.fit(chunk, chunk, batch_size=BATCH, epochs=1, shuffle=False, verbose=0)
        model.get_layer("lstm").reset_state()
        seconds.append(time.perf_counter() - start)
    return seconds[0], seconds[1:]


def one_call_way(X: np.ndarray) -> float:
    """Seconds of notebook 02's one-call training (reset callback, 4 steps per execution), compilation included."""
    return fit_with_resets(echo_model(steps_per_execution=BATCHES_PER_SEQUENCE), X)[1]


def main(argv: list[str]) -> None:
    full = "--full" in argv
    numbers = [a for a in argv if a != "--full"]
    n_calls = SEQUENCES if full else int(numbers[0]) if numbers else 100
    X, _ = echo_data(SEQUENCES, seed=1)
    first, others = source_way(X, n_calls)
    per_call = float(np.median(others))
    estimate = first + (SEQUENCES - 1) * per_call
    measured = first + sum(others)
    fast_runs = [one_call_way(X) for _ in range(3)]
    fast = float(np.median(fast_runs))
    print(
        f"source way, {n_calls} of {SEQUENCES} fit calls measured: {measured:.1f} s "
        f"(first call {first:.2f} s, then median {1000 * per_call:.0f} ms per call)"
    )
    label = "measured" if full else f"estimated from {n_calls} calls"
    print(f"source way, {SEQUENCES} fit calls ({label}): {estimate if not full else measured:.1f} s")
    print(
        f"one fit call, {SEQUENCES} sequences = {4 * SEQUENCES} steps, steps_per_execution=4: "
        f"median {fast:.1f} s of {', '.join(f'{t:.1f}' for t in fast_runs)}"
    )
    print(f"speed-up: {(measured if full else estimate) / fast:.1f}x")
    scaled = "" if full else f" ({n_calls} timed, scaled)"
    record_benchmark(
        "bench_02_stateful_fit",
        [
            "02: 2,000 steps of the stateful echo (`bench_02_stateful_fit.py`)",
            f"{SEQUENCES} `fit` calls: {measured if full else estimate:.1f} s{scaled}",
            f"one `fit`, a callback resets the state: {fast:.1f} s",
            f"{(measured if full else estimate) / fast:.1f}×",
        ],
    )
    print(f"load average at the end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main(sys.argv[1:])
