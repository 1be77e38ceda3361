"""Notebook 03: the source's 5,000 one-step ``fit`` calls against the same 5,000 steps in one ``fit``.

Notebook 03 shows that the source's stateful model, reset after each one-batch ``fit``, takes exactly the
steps of a stateless model fitted once with ``batch_size=21, shuffle=False`` (same weights). This script
times both for the source's RepeatVector model at 4 output steps, at 64 units (the per-call overhead is
what this measures; notebook 03 trains the source's own 300 units once, in one ``fit``):

- the source's way: N separate ``fit`` calls of 21 windows (default 100 of its 5,000, a reduced budget),
  each followed by a state reset; estimate for 5,000 = first call + 4,999 x median(other calls);
- one ``fit``: all 5,000 sequences (105,000 windows), batches of 21 in order, median of 3 runs from new
  models (compilation included).

The models and the training come from :mod:`helpers` (what notebook 03 shows), not copied.
Usage: ``python benchmarks/bench_03_source_regime.py [N]``.
"""

from __future__ import annotations

import os
import sys
import time

import numpy as np

from helpers.course import record_benchmark
from helpers.data import echo_windows
from helpers.encoding import one_hot
from helpers.models import repeat_vector_model
from helpers.training import CLASSES, ECHO_SOURCE_SEQUENCES, fit_source_regime, reset_stateful_layers

SOURCE_FITS = ECHO_SOURCE_SEQUENCES  # one fit call per sequence in the echo tutorial


def source_way(n_calls: int) -> tuple[float, list[float]]:
    """Seconds of the first ``fit`` call (it compiles) and of each later one, on the stateful model."""
    x, y = echo_windows(n_calls, 4, rng=1)
    X, Y = one_hot(x, CLASSES), one_hot(y, CLASSES)
    model, seconds = repeat_vector_model(4, source_optimizer=True, stateful=True), []
    for k in range(n_calls):
        rows = slice(21 * k, 21 * (k + 1))
        start = time.perf_counter()
        model.fit(X[rows], Y[rows], batch_size=21, shuffle=False, verbose=0)
        reset_stateful_layers(model)
        seconds.append(time.perf_counter() - start)
    return seconds[0], seconds[1:]


def one_fit() -> float:
    """Seconds for all 5,000 steps in one ``fit`` (data generation excluded)."""
    start = time.perf_counter()
    fit_source_regime(4, units=64, n_steps=SOURCE_FITS)
    return time.perf_counter() - start


def main() -> None:
    n_calls = int(sys.argv[1]) if len(sys.argv) > 1 else 100
    first, others = source_way(n_calls)
    estimate = first + (SOURCE_FITS - 1) * float(np.median(others))
    print(
        f"source way, {n_calls} of {SOURCE_FITS:,} fit calls measured: {first + sum(others):.1f} s "
        f"(first call {first:.2f} s, then median {1000 * np.median(others):.0f} ms per call)"
    )
    print(f"source way, {SOURCE_FITS:,} fit calls (estimated): {estimate:.0f} s")
    runs = sorted(one_fit() for _ in range(3))
    print(
        f"one fit, the same {SOURCE_FITS:,} steps of 21 windows: median {runs[1]:.1f} s of "
        + ", ".join(f"{r:.1f}" for r in runs)
    )
    print(f"speed-up: {estimate / runs[1]:.0f}x")
    record_benchmark(
        "bench_03_source_regime",
        [
            "03: the source's 5,000 one-step `fit` calls, `RepeatVector` at 4 steps (`bench_03_source_regime.py`)",
            f"5,000 `fit` calls: {estimate:.0f} s ({n_calls} timed, scaled)",
            f"one `fit`, the same 5,000 steps in order: {runs[1]:.1f} s",
            f"{estimate / runs[1]:.0f}×",
        ],
    )
    print("load average at the end:", " ".join(f"{v:.2f}" for v in os.getloadavg()))


if __name__ == "__main__":
    main()
